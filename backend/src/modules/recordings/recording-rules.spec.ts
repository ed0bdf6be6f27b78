import { MemoryRecordingMedia } from './memory-recording-media';
import { bareSpoolName, parseRange, policyFor, readWavHeader, recordAtAnswer, repChannelOf } from './recording-rules';

const settings = {
  defaultPolicy: 'off' as const,
  pipelines: [{ pipelineId: 'p1', policy: 'on_demand' as const }],
  numbers: [{ number: '+3612345678', policy: 'every_call' as const }],
};

function wav(channels: number, seconds: number, rate = 8000): Buffer {
  const data = rate * channels * 2 * seconds;
  const b = Buffer.alloc(44 + data);
  b.write('RIFF', 0, 'ascii');
  b.writeUInt32LE(36 + data, 4);
  b.write('WAVE', 8, 'ascii');
  b.write('fmt ', 12, 'ascii');
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(channels, 22);
  b.writeUInt32LE(rate, 24);
  b.writeUInt32LE(rate * channels * 2, 28);
  b.writeUInt16LE(channels * 2, 32);
  b.writeUInt16LE(16, 34);
  b.write('data', 36, 'ascii');
  b.writeUInt32LE(data, 40);
  return b;
}

describe('policyFor', () => {
  it('should take the sales number first when an inbound call went to a number with a policy', () => {
    expect(policyFor({ direction: 'inbound', toNumber: '+3612345678', pipelineId: 'p1' }, settings)).toBe('every_call');
  });
  it('should take the pipeline when the number has no policy', () => {
    expect(policyFor({ direction: 'inbound', toNumber: '+3699999999', pipelineId: 'p1' }, settings)).toBe('on_demand');
  });
  it('should ignore the number of an outbound call', () => {
    expect(policyFor({ direction: 'outbound', toNumber: '+3612345678', pipelineId: null }, settings)).toBe('off');
  });
  it('should fall back to the team default when neither matches', () => {
    expect(policyFor({ direction: 'inbound', toNumber: null, pipelineId: 'p2' }, { ...settings, defaultPolicy: 'every_call' })).toBe('every_call');
  });
});

describe('bareSpoolName', () => {
  it.each(['../etc/passwd.wav', 'a/b.wav', '.hidden.wav', 'x..wav', 'x.mp3', '', 'a\\b.wav', '/abs.wav'])('should refuse %p', (name) => {
    expect(bareSpoolName(name)).toBeNull();
  });
  it('should accept a bare name ending in .wav', () => {
    expect(bareSpoolName('call-1_abc.wav')).toBe('call-1_abc.wav');
  });
});

describe('readWavHeader', () => {
  it('should read channels and duration when the header is a PCM WAV', () => {
    const b = wav(2, 3);
    expect(readWavHeader(b.subarray(0, 4096), b.length)).toMatchObject({ channels: 2, sampleRate: 8000, durationSec: 3 });
  });
  it('should refuse a file that is not RIFF/WAVE', () => {
    expect(readWavHeader(Buffer.from('x'.repeat(100)), 100)).toEqual({ invalid: 'not RIFF/WAVE' });
  });
  it('should refuse more than two channels', () => {
    const b = wav(2, 1);
    b.writeUInt16LE(6, 22);
    expect(readWavHeader(b, b.length)).toEqual({ invalid: '6 channels' });
  });
});

describe('parseRange', () => {
  it('should give the whole file when there is no Range', () => expect(parseRange(undefined, 100)).toBeNull());
  it('should read an open range', () => expect(parseRange('bytes=10-', 100)).toEqual({ start: 10, end: 99 }));
  it('should clamp the end to the file', () => expect(parseRange('bytes=10-500', 100)).toEqual({ start: 10, end: 99 }));
  it('should read a suffix range', () => expect(parseRange('bytes=-10', 100)).toEqual({ start: 90, end: 99 }));
  it('should refuse a start past the end', () => expect(parseRange('bytes=100-', 100)).toBe('unsatisfiable'));
  it('should refuse an end before the start', () => expect(parseRange('bytes=50-10', 100)).toBe('unsatisfiable'));
});

describe('recordAtAnswer', () => {
  it('should start with the notice in the team language when the policy is every call', async () => {
    const media = new MemoryRecordingMedia();
    expect(await recordAtAnswer(media, 'every_call', 'sip-1', 'hu')).toEqual({ status: 'recording', failure: null, error: null });
    expect(media.commands).toEqual([{ command: 'start', sipCallId: 'sip-1', notice: 'hu', noticeTo: 'caller' }]);
  });
  it('should only get ready, asking nothing of the media server, when the policy is on demand', async () => {
    const media = new MemoryRecordingMedia();
    expect((await recordAtAnswer(media, 'on_demand', 'sip-1', 'en')).status).toBe('ready');
    expect(media.commands).toEqual([]);
  });
  it('should fail the recording, not throw, when the media server refuses', async () => {
    const media = new MemoryRecordingMedia();
    media.failNext = new Error('no such call');
    expect(await recordAtAnswer(media, 'every_call', 'sip-1', 'en')).toMatchObject({ status: 'failed', failure: 'media_error' });
  });
  it('should play the notice to the callee of an outbound call (the customer), and keep the rep on channel 0', async () => {
    const media = new MemoryRecordingMedia();
    await recordAtAnswer(media, 'every_call', 'sip-1', 'en', 'outbound');
    expect(media.commands[0]).toMatchObject({ command: 'start', noticeTo: 'callee' });
    expect(repChannelOf('outbound')).toBe(0);
    expect(repChannelOf('inbound')).toBe(1);
  });
  it('should say unavailable when no media adapter is bound', async () => {
    expect((await recordAtAnswer(null, 'every_call', 'sip-1', 'en')).status).toBe('unavailable');
  });
});
