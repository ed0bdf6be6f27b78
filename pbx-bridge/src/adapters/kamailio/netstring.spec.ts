import { NetstringDecoder, encodeNetstring } from './netstring';

describe('netstrings', () => {
  it('should round-trip UTF-8 payloads when they arrive split across chunks', () => {
    const d = new NetstringDecoder();
    const wire = Buffer.concat([encodeNetstring('{"a":"é"}'), encodeNetstring('x')]);
    const out = [...d.push(wire.subarray(0, 5)), ...d.push(wire.subarray(5, 13)), ...d.push(wire.subarray(13))];
    expect(out).toEqual(['{"a":"é"}', 'x']);
  });

  it('should throw when the stream is corrupt', () => {
    expect(() => new NetstringDecoder().push(Buffer.from('3:abc;'))).toThrow(/comma/);
    expect(() => new NetstringDecoder().push(Buffer.from('x1:a,'))).toThrow(/length/);
  });
});
