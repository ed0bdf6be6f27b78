import { mkdtempSync, readFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CallEvent } from '@callboard/contracts';
import { EventJournal } from './event-journal';

const ended = (seq: number, callId = `call-${seq}`): CallEvent => ({
  type: 'ended',
  callId,
  hangupBy: 'caller',
  at: '2024-01-01T00:00:00.000Z',
  origin: { pbx: 'kamailio', boot: 'b1', seq },
});

describe('EventJournal', () => {
  const dir = () => mkdtempSync(join(tmpdir(), 'journal-spec-'));

  it('should give back undelivered events after a restart when they were appended', async () => {
    const d = dir();
    const j = await EventJournal.open(d);
    await j.append([ended(1), ended(2), ended(3)]);
    await j.markDone([j.pending(1)[0]!.id]);
    await j.close();

    const again = await EventJournal.open(d);
    expect(again.pending(10).map((e) => e.parsed!.origin.seq)).toEqual([2, 3]);
    await again.close();
  });

  it('should have the event on disk when append resolves', async () => {
    const d = dir();
    const j = await EventJournal.open(d);
    await j.append([ended(9)]);
    expect(readFileSync(join(d, 'call-events.journal.jsonl'), 'utf8')).toContain('"seq":9');
    await j.close();
  });

  it('should skip a torn last line when the process died mid-write', async () => {
    const d = dir();
    const j = await EventJournal.open(d);
    await j.append([ended(1)]);
    await j.close();
    appendFileSync(join(d, 'call-events.journal.jsonl'), '{"i":2,"e":{"type":"end');
    const again = await EventJournal.open(d);
    expect(again.pending(10).map((e) => e.parsed!.origin.seq)).toEqual([1]);
    await again.append([ended(3)]);
    await again.close();
    const third = await EventJournal.open(d);
    expect(third.pending(10).map((e) => e.parsed!.origin.seq)).toEqual([1, 3]);
    await third.close();
  });

  it('should compact to the undelivered events when enough records piled up', async () => {
    const d = dir();
    const j = await EventJournal.open(d, { compactAfter: 10 });
    for (let i = 0; i < 10; i++) {
      await j.append([ended(i)]);
      if (i < 9) await j.markDone([j.pending(1)[0]!.id]);
    }
    await j.markDone([]);
    await j.append([ended(100)]);
    await j.close();
    const lines = readFileSync(join(d, 'call-events.journal.jsonl'), 'utf8').trim().split('\n');
    expect(lines.length).toBeLessThan(10);
    const again = await EventJournal.open(d);
    expect(again.pending(10).map((e) => e.parsed!.origin.seq)).toEqual([9, 100]);
    await again.close();
  });

  it('should keep an entry this version cannot read, with its Call-ID, when reopened', async () => {
    const d = dir();
    appendFileSync(join(d, 'call-events.journal.jsonl'), JSON.stringify({ i: 1, e: { callId: 'old', type: 'teleported' } }) + '\n');
    const j = await EventJournal.open(d);
    await j.append([ended(2)]);
    expect([...j.entries()].map((e) => [e.id, e.callId, e.type, e.parsed === null])).toEqual([
      [1, 'old', 'teleported', true],
      [2, 'call-2', 'ended', false],
    ]);
    await j.close();
  });
});
