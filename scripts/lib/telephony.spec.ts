import { spawnSync } from 'node:child_process';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';

// npm start's telephony settings (scripts/lib/telephony.mjs), read in a real Node process from the
// environment a user or the cross-machine test gives it.

const TELEPHONY = join(__dirname, 'telephony.mjs');

function evaluate(expression: string, env: Record<string, string> = {}) {
  const script = `
    const m = await import(${JSON.stringify(TELEPHONY)});
    console.log('RESULT ' + JSON.stringify(${expression}));`;
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(CALLBOARD_ADDRESS|RTPENGINE_|SIP_|KAMAILIO_|EVAPI_)/.test(k)),
  );
  const res = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env: { ...clean, ...env } });
  const line = res.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (res.status !== 0 || !line) throw new Error(`${res.stdout}\n${res.stderr}`);
  return JSON.parse(line.slice('RESULT '.length));
}

const LAN = Object.values(networkInterfaces()).flat().find((a) => a?.family === 'IPv4' && !a.internal && !a.address.startsWith('169.254.'))?.address;

describe('telephonySettings (npm start)', () => {
  it('should listen on loopback and the LAN address and relay media on the LAN address by default', () => {
    const s = evaluate('m.telephonySettings()');
    const lan = LAN ?? '127.0.0.1';
    expect(s.listenIps).toEqual([...new Set(['127.0.0.1', lan])]);
    expect(s.rtpengine.interfaceIp).toBe(lan);
    expect(s).toMatchObject({ sipPort: 5060, tlsPort: 5061, wsPort: 8088, wssPort: 8089, rpcUrl: 'http://127.0.0.1:5071/RPC' });
    expect(s.trunkAddresses).toEqual(['127.0.0.1']);
    expect(s.salesNumbers).toEqual(['+3612345678']);
  });

  it('should take the trunk addresses, sales numbers, ports and media address from the environment', () => {
    const s = evaluate('m.telephonySettings()', {
      CALLBOARD_ADDRESS: '127.0.0.1',
      RTPENGINE_INTERFACE: '127.0.0.1',
      SIP_TRUNK_ADDRESSES: '10.0.3.2, 10.0.3.3',
      SIP_SALES_NUMBERS: '+3612345678,+3619876543',
      SIP_TLS_PORT: '15061',
      SIP_WSS_PORT: '18089',
      KAMAILIO_RPC_PORT: '15071',
    });
    expect(s.listenIps).toEqual(['127.0.0.1']);
    expect(s.lan).toMatchObject({ address: '127.0.0.1', source: 'CALLBOARD_ADDRESS' });
    expect(s.rtpengine.interfaceIp).toBe('127.0.0.1');
    expect(s.trunkAddresses).toEqual(['10.0.3.2', '10.0.3.3']);
    expect(s.salesNumbers).toEqual(['+3612345678', '+3619876543']);
    expect(s).toMatchObject({ tlsPort: 15061, wssPort: 18089, rpcUrl: 'http://127.0.0.1:15071/RPC' });
  });
});

describe('kamailioDbUrl', () => {
  it('should give Kamailio the postgres:// scheme and no query string', () => {
    expect(evaluate(`m.kamailioDbUrl('postgresql://cb:pw@db.lan:5432/callboard?sslmode=require')`)).toBe('postgres://cb:pw@db.lan:5432/callboard');
    expect(evaluate(`m.kamailioDbUrl('postgres://callboard:x@127.0.0.1:54329/callboard')`)).toBe('postgres://callboard:x@127.0.0.1:54329/callboard');
  });
});
