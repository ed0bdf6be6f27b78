import { checkTarget, isPrivateAddress } from './webhook-target';

describe('webhook target (SSRF rule)', () => {
  it.each([
    '127.0.0.1', '10.0.0.1', '172.16.5.4', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '255.255.255.255',
    '::1', '::', 'fe80::1', 'fd12:3456::1', 'ff02::1', '::ffff:127.0.0.1', '::ffff:8.8.8.8', '64:ff9b::7f00:1', '2001:db8::1',
  ])('should call %s private', (ip) => {
    expect(isPrivateAddress(ip)).toBe(true);
  });

  it.each(['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111', '93.184.216.34'])('should call %s public', (ip) => {
    expect(isPrivateAddress(ip)).toBe(false);
  });

  it('should refuse a name when any of its addresses is private, and pin the first address when all are public', async () => {
    const mixed = async () => [{ address: '93.184.216.34', family: 4 }, { address: '10.0.0.7', family: 4 }];
    expect(await checkTarget('https://hooks.example.com/x', [], mixed)).toMatchObject({ ok: false });
    const fine = async () => [{ address: '93.184.216.34', family: 4 }, { address: '2606:4700:4700::1111', family: 6 }];
    expect(await checkTarget('https://hooks.example.com/x', [], fine)).toMatchObject({ ok: true, address: '93.184.216.34', family: 4 });
  });

  it('should let a private address through only for a host the Head allowed, by exact name', async () => {
    const loop = async () => [{ address: '127.0.0.1', family: 4 }];
    expect(await checkTarget('http://erp.internal:8080/x', ['erp.internal'], loop)).toMatchObject({ ok: true, address: '127.0.0.1' });
    expect(await checkTarget('http://erp.internal:8080/x', ['other.internal'], loop)).toMatchObject({ ok: false });
    expect(await checkTarget('http://[::1]:8080/x', ['[::1]'], loop)).toMatchObject({ ok: true, address: '::1', family: 6 });
  });

  it.each(['http://0177.0.0.1/x', 'http://2130706433/x', 'http://127.1/x', 'http://0x7f000001/x', 'http://[::ffff:7f00:1]/x', 'http://[0:0:0:0:0:ffff:127.0.0.1]/x'])(
    'should see through the loopback spelled as %s',
    async (url) => {
      const never = async () => {
        throw new Error('an IP literal is not looked up');
      };
      expect(await checkTarget(url, [], never)).toMatchObject({ ok: false, reason: expect.stringContaining('private') });
    },
  );

  it('should refuse other schemes and credentials in the URL', async () => {
    const pub = async () => [{ address: '93.184.216.34', family: 4 }];
    expect(await checkTarget('ftp://example.com/x', [], pub)).toMatchObject({ ok: false });
    expect(await checkTarget('https://user:pw@example.com/x', [], pub)).toMatchObject({ ok: false });
    expect(await checkTarget('file:///etc/passwd', [], pub)).toMatchObject({ ok: false });
  });
});
