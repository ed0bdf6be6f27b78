import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// ADR 0031: the app is AGPL-3.0-or-later, the contracts integrations code against Apache-2.0.
const root = join(__dirname, '..');
const manifest = (dir: string) => JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) as { license?: string; workspaces?: string[] };

describe('licence', () => {
  const workspaces = manifest('.').workspaces ?? [];

  it('should name a licence in the root and in every workspace package.json', () => {
    expect(workspaces.length).toBeGreaterThanOrEqual(5);
    expect(manifest('.').license).toBe('AGPL-3.0-or-later');
    for (const ws of workspaces) expect({ ws, license: manifest(ws).license }).toEqual({ ws, license: ws === 'contracts' ? 'Apache-2.0' : 'AGPL-3.0-or-later' });
  });

  it('should ship the licence texts the manifests name', () => {
    expect(readFileSync(join(root, 'LICENSE'), 'utf8')).toMatch(/^GNU AFFERO GENERAL PUBLIC LICENSE\nVersion 3, 19 November 2007/);
    expect(readFileSync(join(root, 'contracts', 'LICENSE'), 'utf8')).toMatch(/Apache License\s+Version 2\.0, January 2004/);
  });
});
