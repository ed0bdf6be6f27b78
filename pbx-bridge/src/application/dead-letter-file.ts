import { mkdir, open, rename, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { StoredEvent } from '../ports/crm-sink.port';

export const DEAD_LETTER_FILE = 'call-events.dead-letter.jsonl';

/** Why an event was given up. */
export type DeadLetterStatus = 'rejected' | 'retry-exhausted';

/** One line of the dead-letter file. */
export interface DeadLetter {
  /** When it was given up (ISO). */
  t: string;
  status: DeadLetterStatus;
  reason: string;
  /** Delivery attempts that failed before (this process). */
  attempts: number;
  callId: string | null;
  type: string | null;
  /** The event as the journal held it (a value over MAX_EVENT_CHARS is kept as its JSON's head). */
  event: StoredEvent;
}

const MAX_EVENT_CHARS = 64 * 1024;
const MAX_REASON_CHARS = 1000;

export interface DeadLetterOptions {
  /** The live file is rotated when it would pass this size. */
  maxBytes: number;
  /** Rotated files kept, at least 1 (`.1` newest ... `.N` oldest); the rotation overwrites the oldest. */
  keep: number;
}

/**
 * Events the CRM refused for good, or that kept failing, one JSON line each beside the journal.
 * Written (fsync'd) before the journal marks the event done, so a crash in between can only write
 * a line twice, never lose one. Bounded: rotated by size, `keep` old files kept.
 */
export class DeadLetterFile {
  private size = 0;
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    readonly path: string,
    private fh: FileHandle,
    private readonly options: DeadLetterOptions,
  ) {}

  static async open(dir: string, options: DeadLetterOptions): Promise<DeadLetterFile> {
    await mkdir(dir, { recursive: true });
    const path = join(dir, DEAD_LETTER_FILE);
    const fh = await open(path, 'a');
    const file = new DeadLetterFile(path, fh, options);
    file.size = (await fh.stat()).size;
    return file;
  }

  /** Resolves once the lines are on disk. */
  append(letters: DeadLetter[]): Promise<void> {
    if (letters.length === 0) return Promise.resolve();
    const text = letters.map((l) => JSON.stringify(bounded(l)) + '\n').join('');
    const next = this.writing.then(() => this.write(text));
    this.writing = next.catch(() => undefined);
    return next;
  }

  async close(): Promise<void> {
    await this.writing;
    await this.fh.close();
  }

  private async write(text: string): Promise<void> {
    const bytes = Buffer.byteLength(text);
    if (this.size > 0 && this.size + bytes > this.options.maxBytes) await this.rotate();
    await this.fh.write(text);
    await this.fh.datasync();
    this.size += bytes;
  }

  private async rotate(): Promise<void> {
    await this.fh.close();
    for (let n = this.options.keep; n >= 1; n--) {
      const from = n === 1 ? this.path : `${this.path}.${n - 1}`;
      if (await exists(from)) await rename(from, `${this.path}.${n}`); // the oldest is overwritten
    }
    this.fh = await open(this.path, 'a');
    this.size = 0;
  }
}

function bounded(letter: DeadLetter): DeadLetter {
  const reason = letter.reason.slice(0, MAX_REASON_CHARS);
  let json: string | undefined;
  try {
    json = JSON.stringify(letter.event);
  } catch {
    json = undefined;
  }
  if (json !== undefined && json.length > MAX_EVENT_CHARS) {
    return { ...letter, reason, event: { truncated: true, json: json.slice(0, MAX_EVENT_CHARS) } };
  }
  return { ...letter, reason };
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
