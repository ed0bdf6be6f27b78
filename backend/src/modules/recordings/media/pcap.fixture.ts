// Test data only: pcap files as rtpengine's pcap recording writes them.

export const ulawSilence = 0xff;
/** The loudest positive µ-law code. */
export const ulawLoud = 0x80;

/** A pcap (raw IPv4, link type 101) of UDP packets as rtpengine writes them. */
export function pcap(packets: { atMs: number; dstPort: number; rtp: Buffer }[]): Buffer {
  const head = Buffer.alloc(24);
  head.writeUInt32LE(0xa1b2c3d4, 0);
  head.writeUInt16LE(2, 4);
  head.writeUInt16LE(4, 6);
  head.writeUInt32LE(65535, 16);
  head.writeUInt32LE(101, 20);
  const records = packets.map((p) => {
    const ip = Buffer.alloc(28 + p.rtp.length);
    ip[0] = 0x45;
    ip[9] = 17;
    ip.writeUInt16BE(40000, 20);
    ip.writeUInt16BE(p.dstPort, 22);
    p.rtp.copy(ip, 28);
    const rec = Buffer.alloc(16);
    rec.writeUInt32LE(Math.floor(p.atMs / 1000), 0);
    rec.writeUInt32LE(Math.round((p.atMs % 1000) * 1000), 4);
    rec.writeUInt32LE(ip.length, 8);
    rec.writeUInt32LE(ip.length, 12);
    return Buffer.concat([rec, ip]);
  });
  return Buffer.concat([head, ...records]);
}

export function rtp(seq: number, ts: number, ssrc: number, byte: number, pt = 0): Buffer {
  const b = Buffer.alloc(172, byte);
  b[0] = 0x80;
  b[1] = pt;
  b.writeUInt16BE(seq, 2);
  b.writeUInt32BE(ts, 4);
  b.writeUInt32BE(ssrc, 8);
  return b;
}

