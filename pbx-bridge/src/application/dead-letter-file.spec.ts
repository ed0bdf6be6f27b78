import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEAD_LETTER_FILE, DeadLetterFile, type DeadLetter } from './dead-letter-file';

const letter = (n: number, event: unknown = { callId: `c${n}`, pad: 'x'.repeat(200) }): DeadLetter => ({
  t: '2026-01-01T00:00:00.000Z',
  status: 'rejected',
  reason: `invalid: ${n}`,
  attempts: 0,
  callId: `c${n}`,
  type: 'ended',
  event,
});

describe('DeadLetterFile', () => {
  it('should append one JSON line per letter that survives reopening', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dead-letter-spec-'));
    const f = await DeadLetterFile.open(dir, { maxBytes: 1 << 20, keep: 2 });
    await f.append([letter(1), letter(2)]);
    await f.close();
    const g = await DeadLetterFile.open(dir, { maxBytes: 1 << 20, keep: 2 });
    await g.append([letter(3)]);
    await g.close();
    const lines = readFileSync(join(dir, DEAD_LETTER_FILE), 'utf8').trim().split('\n');
    expect(lines.map((l) => JSON.parse(l).callId)).toEqual(['c1', 'c2', 'c3']);
  });

  it('should rotate by size and keep only `keep` old files when letters pile up', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dead-letter-spec-'));
    const f = await DeadLetterFile.open(dir, { maxBytes: 1000, keep: 2 });
    for (let i = 0; i < 40; i++) await f.append([letter(i)]);
    await f.close();
    const path = join(dir, DEAD_LETTER_FILE);
    expect(statSync(path).size).toBeLessThanOrEqual(1000);
    expect(existsSync(`${path}.1`)).toBe(true);
    expect(existsSync(`${path}.2`)).toBe(true);
    expect(existsSync(`${path}.3`)).toBe(false);
    const last = readFileSync(path, 'utf8').trim().split('\n').at(-1)!;
    expect(JSON.parse(last).callId).toBe('c39');
  });

  it('should keep only the head of a huge event, still one valid JSON line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dead-letter-spec-'));
    const f = await DeadLetterFile.open(dir, { maxBytes: 1 << 22, keep: 1 });
    await f.append([letter(1, { blob: 'y'.repeat(200_000) })]);
    await f.close();
    const line = readFileSync(join(dir, DEAD_LETTER_FILE), 'utf8').trim();
    expect(line.length).toBeLessThan(70_000);
    expect(JSON.parse(line).event).toMatchObject({ truncated: true });
  });
});
