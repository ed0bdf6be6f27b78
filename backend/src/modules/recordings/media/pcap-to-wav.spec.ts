import { packetsToWav, readRtpPackets, type RtpPacket } from './pcap-to-wav';
import { pcap, rtp, ulawLoud, ulawSilence } from './pcap.fixture';

describe('pcap to two-channel WAV', () => {
  const t0 = 1_800_000_000_000;

  it('should put each party on its channel by the port its packets arrived at when converting', async () => {
    const packets = readRtpPackets(
      pcap([
        { atMs: t0, dstPort: 30000, rtp: rtp(1, 0, 1, ulawLoud) },
        { atMs: t0, dstPort: 30002, rtp: rtp(1, 0, 2, ulawSilence) },
      ]),
    );
    const r = await packetsToWav(packets, { startMs: t0, endMs: t0 + 20, channelPorts: [[30000], [30002]] });
    expect(r.packets).toEqual([1, 1]);
    expect(r.wav.readUInt16LE(22)).toBe(2);
    expect(r.wav.readUInt32LE(24)).toBe(8000);
    // first frame: left loud, right silent
    expect(r.wav.readInt16LE(44)).toBeGreaterThan(30000);
    expect(r.wav.readInt16LE(46)).toBe(0);
  });

  it('should leave silence where no packets came and place later packets by their time when there is a gap', async () => {
    const packets: RtpPacket[] = readRtpPackets(
      pcap([
        { atMs: t0, dstPort: 30000, rtp: rtp(1, 0, 1, ulawLoud) },
        // a new stretch (pause, then start recording again): one second later
        { atMs: t0 + 1000, dstPort: 30000, rtp: rtp(51, 8000, 1, ulawLoud) },
      ]),
    );
    const r = await packetsToWav(packets, { startMs: t0, endMs: t0, channelPorts: [[30000], [30002]] });
    expect(r.durationSec).toBeCloseTo(1.02, 2);
    const left = (i: number) => r.wav.readInt16LE(44 + i * 4);
    expect(left(10)).toBeGreaterThan(30000);
    expect(left(4000)).toBe(0);
    expect(left(8000 + 10)).toBeGreaterThan(30000);
  });

  it('should skip packets from an unknown port or with a payload that is not G.711 when converting', async () => {
    const packets = readRtpPackets(
      pcap([
        { atMs: t0, dstPort: 31000, rtp: rtp(1, 0, 1, ulawLoud) },
        { atMs: t0, dstPort: 30000, rtp: rtp(1, 0, 1, ulawLoud, 111) },
      ]),
    );
    const r = await packetsToWav(packets, { startMs: t0, endMs: t0, channelPorts: [[30000], [30002]] });
    expect(r.packets).toEqual([0, 0]);
    expect(r.skipped).toBe(2);
  });

  it('should read up to the last whole record when the file was cut short by a full disk', () => {
    const whole = pcap([
      { atMs: t0, dstPort: 30000, rtp: rtp(1, 0, 1, ulawLoud) },
      { atMs: t0 + 20, dstPort: 30000, rtp: rtp(2, 160, 1, ulawLoud) },
    ]);
    expect(readRtpPackets(whole.subarray(0, whole.length - 50))).toHaveLength(1);
    expect(() => readRtpPackets(Buffer.from('not a pcap at all, no'))).toThrow(/magic|header/);
  });
});
