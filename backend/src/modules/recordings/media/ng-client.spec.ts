import { bdecode, bencode, parseNgAddress } from './ng-client';

describe('ng client encoding', () => {
  it('should round-trip a command with nested lists and dictionaries when bencoded and decoded', () => {
    const msg = { command: 'play media', 'call-id': 'a@b', flags: ['x', 'y'], n: 42, d: { 'from-tag': 'é' } };
    expect(bdecode(Buffer.from(bencode(msg)))).toEqual(msg);
  });

  it('should sort dictionary keys and drop undefined values when bencoding', () => {
    expect(bencode({ b: 1, a: 'x', c: undefined })).toBe('d1:a1:x1:bi1ee');
  });

  it('should refuse a truncated or malformed reply when decoding', () => {
    expect(() => bdecode(Buffer.from('d6:result'))).toThrow();
    expect(() => bdecode(Buffer.from('99:short'))).toThrow();
  });

  it('should parse host:port and [v6]:port and refuse anything else when reading RTPENGINE_NG', () => {
    expect(parseNgAddress('127.0.0.1:22222')).toEqual({ host: '127.0.0.1', port: 22222 });
    expect(parseNgAddress('[::1]:2223')).toEqual({ host: '::1', port: 2223 });
    expect(() => parseNgAddress('127.0.0.1')).toThrow();
    expect(() => parseNgAddress('host:70000')).toThrow();
  });
});
