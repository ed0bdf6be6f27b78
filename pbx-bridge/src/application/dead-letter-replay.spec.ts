import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPLAY_FILE, replayDeadLetters } from './dead-letter-replay';
import { EventJournal } from './event-journal';

const event = { type: 'ended', callId: 'c1', hangupBy: 'caller', at: '2024-01-01T00:00:00.000Z', origin: { pbx: 'k', boot: 'b', seq: 1 } };

describe('replayDeadLetters', () => {
  it('should put dead-letter lines and bare events back into the journal once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'replay-spec-'));
    writeFileSync(
      join(dir, REPLAY_FILE),
      [JSON.stringify({ t: 'x', status: 'rejected', reason: 'r', attempts: 0, callId: 'c1', type: 'ended', event }), JSON.stringify({ ...event, callId: 'c2' }), 'not json', ''].join('\n'),
    );
    const journal = await EventJournal.open(dir);
    expect(await replayDeadLetters(dir, journal)).toBe(2);
    expect([...journal.entries()].map((e) => e.callId)).toEqual(['c1', 'c2']);
    expect(existsSync(join(dir, REPLAY_FILE))).toBe(false);
    expect(readdirSync(dir).some((f) => f.startsWith(`${REPLAY_FILE}.replayed-`))).toBe(true);
    expect(await replayDeadLetters(dir, journal)).toBe(0);
    await journal.close();
  });
});
