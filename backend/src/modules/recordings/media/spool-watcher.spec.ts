import { mkdirSync, mkdtempSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordingFinished } from '@callboard/contracts';
import { pcap, rtp, ulawLoud } from './pcap.fixture';
import { RecordingJournal } from './recording-journal';
import { METADATA_KEY, SpoolWatcher } from './spool-watcher';

const quiet = { log() {}, warn() {}, error() {} };

describe('spool watcher', () => {
  let spool: string;
  let journal: RecordingJournal;
  let watcher: SpoolWatcher;
  let reports: RecordingFinished[];
  const t0 = Date.now() - 10_000;

  /** What rtpengine does when a stretch ends: the pcap in pcaps/, the metadata moved into metadata/. */
  function stretch(name: string, key: string, fromMs: number, packets: number) {
    const records = Array.from({ length: packets }, (_, i) => ({ atMs: fromMs + i * 20, dstPort: 30000, rtp: rtp(i, i * 160, 7, ulawLoud) }));
    writeFileSync(join(spool, 'pcaps', `${name}.pcap`), pcap(records));
    writeFileSync(join(spool, 'tmp', `${name}.txt`), `${join(spool, 'pcaps', `${name}.pcap`)}\n\n\ncall start time: x\n\n${METADATA_KEY}=${key}\n`);
    // a rename into the watched folder, as rtpengine does
    renameSync(join(spool, 'tmp', `${name}.txt`), join(spool, 'metadata', `${name}.txt`));
  }

  beforeEach(async () => {
    spool = mkdtempSync(join(tmpdir(), 'cb-spool-spec-'));
    for (const d of ['pcaps', 'metadata', 'tmp']) mkdirSync(join(spool, d));
    journal = new RecordingJournal(spool);
    journal.load();
    reports = [];
    watcher = new SpoolWatcher({ spoolDir: spool, journal, onRecording: (r) => void reports.push(r), logger: quiet });
    await watcher.start();
  });
  afterEach(() => watcher.close());

  it('should wait through a paused stretch and report one file with the pause when the recording ends', async () => {
    const e = journal.begin({ key: 'rec-a', sipCallId: 'call-a', startedAtMs: t0, channelPorts: [[30000], [30002]] });
    journal.update('call-a', (x) => {
      x.state = 'paused';
      x.pauses.push({ fromMs: t0 + 1000, toMs: null });
    });
    stretch('a-1', e.key, t0, 50);
    await watcher.idle();
    expect(reports).toEqual([]);
    journal.update('call-a', (x) => {
      x.state = 'recording';
      x.pauses[0]!.toMs = t0 + 2000;
    });
    stretch('a-2', e.key, t0 + 2000, 50);
    await watcher.idle();
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ status: 'finished', sipCallId: 'call-a', spoolFile: 'rec-a.wav', channels: 2, repChannel: 1, pauses: [{ fromSec: 1, toSec: 2 }] });
    // the pcaps, the metadata and the journal entry are gone; the WAV stays for the module
    expect(readdirSync(join(spool, 'pcaps'))).toEqual([]);
    expect(readdirSync(join(spool, 'metadata'))).toEqual([]);
    expect(readdirSync(join(spool, 'journal'))).toEqual([]);
    expect(readdirSync(spool)).toContain('rec-a.wav');
  });

  it('should drop a stretch of a recording it does not know when its metadata arrives', async () => {
    stretch('x-1', 'rec-unknown', t0, 10);
    await watcher.idle();
    expect(reports).toEqual([]);
    expect(readdirSync(join(spool, 'pcaps'))).toEqual([]);
  });

  it('should report a failure from the media side as a failed RecordingFinished when the disk guard stops a recording', async () => {
    journal.begin({ key: 'rec-b', sipCallId: 'call-b', startedAtMs: t0, channelPorts: [[30000], [30002]] });
    journal.fail('call-b', 'disk_full', t0 + 500);
    await watcher.idle();
    expect(reports).toEqual([{ status: 'failed', sipCallId: 'call-b', reason: 'disk_full', at: new Date(t0 + 500).toISOString() }]);
  });

  it('should report media_error when a recording ends with no G.711 audio in its stretches', async () => {
    journal.begin({ key: 'rec-c', sipCallId: 'call-c', startedAtMs: t0, channelPorts: [[31000], [31002]] });
    stretch('c-1', 'rec-c', t0, 10);
    await watcher.idle();
    expect(reports).toEqual([expect.objectContaining({ status: 'failed', sipCallId: 'call-c', reason: 'media_error' })]);
  });
});
