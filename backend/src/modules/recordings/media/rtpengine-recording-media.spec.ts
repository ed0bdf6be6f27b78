import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NgClient } from './ng-client';
import { RecordingJournal } from './recording-journal';
import { RtpengineRecordingMedia } from './rtpengine-recording-media';

// The start's failure path against a stubbed rtpengine (the real one: test/telephony/recording-media.spec.ts,
// which cannot make rtpengine refuse `start recording`).
const CALL = 'call-1@test';
const QUERY = {
  result: 'ok',
  tags: {
    a: { tag: 'a', subscriptions: [{ tag: 'b', type: 'offer/answer' }], medias: [{ type: 'audio', streams: [{ 'local port': 30000, flags: ['RTP'] }] }] },
    b: { tag: 'b', 'via-branch': 'z9', subscriptions: [{ tag: 'a', type: 'offer/answer' }], medias: [{ type: 'audio', streams: [{ 'local port': 30002, flags: ['RTP'] }] }] },
  },
};

describe('RtpengineRecordingMedia.start when rtpengine refuses to record', () => {
  let spool: string;
  afterEach(() => rmSync(spool, { recursive: true, force: true }));

  /** `lost`: how many of the first `unblock media` requests go unanswered (rtpengine unreachable for a while). */
  function media(refuse: string, lost = 0) {
    spool = mkdtempSync(join(tmpdir(), 'cb-rec-unit-'));
    const sent: string[] = [];
    let unanswered = lost;
    const ng = {
      request: async (msg: { command: string; 'from-tag'?: string }) => {
        sent.push(msg['from-tag'] ? `${msg.command} ${msg['from-tag']}` : msg.command);
        if (msg.command === 'query') return QUERY;
        if (msg.command === refuse) throw new Error(`${refuse}: refused`);
        if (msg.command === 'unblock media' && unanswered > 0) {
          unanswered--;
          throw new Error('unblock media: no answer');
        }
        return { result: 'ok', duration: 2000 };
      },
    } as unknown as NgClient;
    const journal = new RecordingJournal(spool);
    journal.load();
    const logger = { log: () => undefined, warn: () => undefined, error: () => undefined };
    return { sent, journal, media: new RtpengineRecordingMedia({ ng, journal, spoolDir: spool, minFreeBytes: 0, unblockRetryMs: 1, logger }) };
  }

  it('should try an unanswered unblock again until rtpengine answers (a call is never left muted by one lost request)', async () => {
    const { sent, media: m } = media('start recording', 2);
    await expect(m.start(CALL, { notice: 'en' })).rejects.toThrow('start recording: refused');
    expect(sent).toEqual(['query', 'block media b', 'block media a', 'start recording', 'unblock media b', 'unblock media b', 'unblock media b', 'unblock media a']);
  });

  it('should give up on a party after three unanswered unblocks and still unblock the other', async () => {
    const { sent, media: m } = media('start recording', 3);
    await expect(m.start(CALL, { notice: 'en' })).rejects.toThrow('start recording: refused');
    expect(sent.filter((c) => c.startsWith('unblock'))).toEqual(['unblock media b', 'unblock media b', 'unblock media b', 'unblock media a']);
  });

  it('should unblock both parties and forget the recording when start recording is refused after the notice blocked them', async () => {
    const { sent, journal, media: m } = media('start recording');
    await expect(m.start(CALL, { notice: 'en' })).rejects.toThrow('start recording: refused');
    expect(sent).toEqual(['query', 'block media b', 'block media a', 'start recording', 'unblock media b', 'unblock media a']);
    expect(journal.get(CALL)).toBeUndefined();
  });

  it('should unblock the party already blocked when blocking the other one fails', async () => {
    const { sent, journal, media: m } = media('block media');
    await expect(m.start(CALL, { notice: 'en' })).rejects.toThrow('block media: refused');
    expect(sent).toEqual(['query', 'block media b', 'unblock media b', 'unblock media a']);
    expect(journal.get(CALL)).toBeUndefined();
  });

  it('should block nothing and unblock nothing without a notice', async () => {
    const { sent, journal, media: m } = media('start recording');
    await expect(m.start(CALL, { notice: null })).rejects.toThrow('start recording: refused');
    expect(sent).toEqual(['query', 'start recording']);
    expect(journal.get(CALL)).toBeUndefined();
  });
});
