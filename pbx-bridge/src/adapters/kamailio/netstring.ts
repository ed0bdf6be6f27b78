/** Netstring framing as evapi uses it: `<length>:<payload>,` (length in bytes). */
export function encodeNetstring(payload: string): Buffer {
  const body = Buffer.from(payload, 'utf8');
  return Buffer.concat([Buffer.from(`${body.length}:`), body, Buffer.from(',')]);
}

/** Streaming decoder: feed chunks, get complete payloads; throws on a corrupt stream. */
export class NetstringDecoder {
  private buf: Buffer = Buffer.alloc(0);

  constructor(private readonly maxLength = 1024 * 1024) {}

  push(chunk: Buffer): string[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const out: string[] = [];
    for (;;) {
      const colon = this.buf.indexOf(0x3a);
      if (colon < 0) {
        if (this.buf.length > 12) throw new Error('netstring: length prefix too long');
        break;
      }
      const lenText = this.buf.subarray(0, colon).toString('latin1');
      if (!/^\d{1,10}$/.test(lenText)) throw new Error(`netstring: bad length prefix ${JSON.stringify(lenText.slice(0, 12))}`);
      const len = Number(lenText);
      if (len > this.maxLength) throw new Error(`netstring: payload of ${len} bytes is too large`);
      if (this.buf.length < colon + 1 + len + 1) break;
      if (this.buf[colon + 1 + len] !== 0x2c) throw new Error('netstring: missing trailing comma');
      out.push(this.buf.subarray(colon + 1, colon + 1 + len).toString('utf8'));
      this.buf = this.buf.subarray(colon + 2 + len);
    }
    return out;
  }

  reset(): void {
    this.buf = Buffer.alloc(0);
  }
}
