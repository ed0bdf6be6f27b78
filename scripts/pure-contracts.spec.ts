// The browser build's contracts plugin (frontend/build/pure-contracts.ts): which calls it marks pure.
// A call marked pure that ran for its effect would be dropped from the bundle, so the marks must stay
// on the schemas built as a module loads, never inside functions (refinements) or on bare statements.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSync } from '@babel/core';
import { pureContracts } from '../frontend/build/pure-contracts';

const dir = join(__dirname, '../contracts/src');
const plugin = pureContracts(dir);
const transform = (code: string, id: string): string | null => {
  const out = (plugin.transform as (code: string, id: string) => { code: string } | null).call({}, code, id);
  return out?.code ?? null;
};
const MARK = '/* @__PURE__ */ ';

describe('pureContracts (the browser build of the contracts)', () => {
  it('should mark the calls of top-level initializers, once per chain and once per argument', () => {
    const code = [
      "export const Name = z.string().min(1).max(200);",
      "const Pair = z.object({ a: Id.nullable(), b: z.enum(['x', 'y']) }).strict();",
      "export const Dated = z.string().refine((s) => check(s), 'not a date');",
      "export const Ref = { id: Id.optional() };",
      "export const LIMIT = 10;",
      "const periodChecked = (schema) => schema.superRefine((v, ctx) => { ctx.addIssue({ code: 'custom' }); });",
      "z.config(z.locales.en());",
    ].join('\n');
    expect(transform(code, join(dir, 'x.ts'))!.split('\n')).toEqual([
      `export const Name = ${MARK}z.string().min(1).max(200);`,
      `const Pair = ${MARK}z.object({ a: ${MARK}Id.nullable(), b: ${MARK}z.enum(['x', 'y']) }).strict();`,
      // the refinement runs when a value is checked: its calls are not marked
      `export const Dated = ${MARK}z.string().refine((s) => check(s), 'not a date');`,
      `export const Ref = { id: ${MARK}Id.optional() };`,
      'export const LIMIT = 10;',
      "const periodChecked = (schema) => schema.superRefine((v, ctx) => { ctx.addIssue({ code: 'custom' }); });",
      // a statement runs for its effect
      'z.config(z.locales.en());',
    ]);
  });

  it('should leave files outside the contracts and their specs alone', () => {
    expect(transform('export const A = z.string();', join(dir, '../../frontend/src/a.ts'))).toBeNull();
    expect(transform('export const A = z.string();', join(dir, 'a.spec.ts'))).toBeNull();
  });

  it('should keep every contract file valid TypeScript', () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'));
    expect(files.length).toBeGreaterThan(20);
    for (const f of files) {
      const out = transform(readFileSync(join(dir, f), 'utf8'), join(dir, f));
      if (out === null) continue;
      expect(() => parseSync(out, { filename: f, babelrc: false, configFile: false, parserOpts: { plugins: ['typescript'] } })).not.toThrow();
    }
  });
});
