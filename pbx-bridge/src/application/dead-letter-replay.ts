import { readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { Logger } from '../common/logger';
import type { EventJournal } from './event-journal';

export const REPLAY_FILE = 'call-events.replay.jsonl';

/**
 * Puts dead letters back: an operator copies lines of the dead-letter file (or bare events, one
 * JSON per line) to `call-events.replay.jsonl` in the data dir; at start the bridge appends their
 * events to the journal and renames the file `.replayed-<time>`, so a restart never replays twice.
 */
export async function replayDeadLetters(dir: string, journal: EventJournal, logger = new Logger('DeadLetterReplay')): Promise<number> {
  const path = join(dir, REPLAY_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return 0;
  }
  const events: unknown[] = [];
  let unreadable = 0;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const value = JSON.parse(line) as unknown;
      const isLetter = typeof value === 'object' && value !== null && 'event' in value && 'status' in value;
      events.push(isLetter ? (value as { event: unknown }).event : value);
    } catch {
      unreadable++;
    }
  }
  await journal.appendStored(events);
  await rename(path, `${path}.replayed-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  logger.info('dead letters put back into the journal', { count: events.length, unreadable });
  return events.length;
}
