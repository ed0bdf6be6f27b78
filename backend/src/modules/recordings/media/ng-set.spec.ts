import { parseEnv } from '../../../config/env';
import { NgClient, NgError, type NgReply } from './ng-client';
import { NgSet, parseNgAddresses, type NgMessage } from './ng-set';

// Which rtpengine of a set gets a call's commands (ADR 0039), against stubbed instances; the real
// set behind Kamailio: test/telephony/rtpengine-set.spec.ts.

/** A stubbed rtpengine: knows `calls`, answers nothing while `down`, records what it was sent. */
function instance(name: string, calls: string[] = []) {
  const sent: string[] = [];
  const state = { down: false, calls: new Set(calls) };
  const client = {
    request: async (m: NgMessage): Promise<NgReply> => {
      sent.push(`${name} ${m.command}`);
      if (state.down) throw new NgError(m.command, `no answer from ${name}`);
      if (m['call-id'] !== undefined && !state.calls.has(String(m['call-id']))) throw new NgError(m.command, 'Unknown call-id');
      return { result: 'ok', from: name };
    },
    close: () => undefined,
  } as unknown as NgClient;
  return { client, sent, state };
}

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

describe('NgSet: the rtpengine instance a call is on', () => {
  it('should send every command to the only instance, adding no query, when one is configured', async () => {
    const a = instance('a', ['c1']);
    const set = new NgSet([a.client], { logger: quiet });
    await set.request({ command: 'start recording', 'call-id': 'c1' });
    await set.request({ command: 'stop recording', 'call-id': 'c1' });
    await expect(set.request({ command: 'query', 'call-id': 'gone' })).rejects.toThrow('Unknown call-id');
    expect(a.sent).toEqual(['a start recording', 'a stop recording', 'a query']);
  });

  it('should find the call by asking every instance once, then send its commands only to the one carrying it', async () => {
    const a = instance('a', ['c1']);
    const b = instance('b', ['c2']);
    const set = new NgSet([a.client, b.client], { logger: quiet });
    await expect(set.request({ command: 'block media', 'call-id': 'c2', 'from-tag': 't' })).resolves.toMatchObject({ from: 'b' });
    await expect(set.request({ command: 'start recording', 'call-id': 'c2' })).resolves.toMatchObject({ from: 'b' });
    await expect(set.request({ command: 'start recording', 'call-id': 'c1' })).resolves.toMatchObject({ from: 'a' });
    expect(b.sent).toEqual(['b query', 'b block media', 'b start recording', 'b query']);
    expect(a.sent).toEqual(['a query', 'a query', 'a start recording']);
  });

  it('should answer a plain query with the reply of the lookup itself, when the call is not known yet', async () => {
    const a = instance('a');
    const b = instance('b', ['c2']);
    const set = new NgSet([a.client, b.client], { logger: quiet });
    await expect(set.request({ command: 'query', 'call-id': 'c2' })).resolves.toMatchObject({ from: 'b' });
    expect([...a.sent, ...b.sent]).toEqual(['a query', 'b query']);
  });

  it('should say unknown call-id when every instance says so, and the unanswered error when one did not answer', async () => {
    const a = instance('a');
    const b = instance('b');
    const set = new NgSet([a.client, b.client], { logger: quiet });
    await expect(set.request({ command: 'query', 'call-id': 'x' })).rejects.toThrow('Unknown call-id');
    b.state.down = true;
    // the call may be on the instance that did not answer: not "gone"
    await expect(set.request({ command: 'query', 'call-id': 'x' })).rejects.toThrow('no answer from b');
  });

  it('should look again when the remembered instance no longer has the call', async () => {
    const a = instance('a');
    const b = instance('b', ['c1']);
    const set = new NgSet([a.client, b.client], { logger: quiet });
    await set.request({ command: 'start recording', 'call-id': 'c1' });
    b.state.calls.delete('c1');
    a.state.calls.add('c1');
    await expect(set.request({ command: 'stop recording', 'call-id': 'c1' })).resolves.toMatchObject({ from: 'a' });
    expect(b.sent).toEqual(['b query', 'b start recording', 'b stop recording', 'b query']);
    expect(a.sent).toEqual(['a query', 'a query', 'a stop recording']);
  });

  it('should forget the call when its instance stops answering, and fail that command', async () => {
    const a = instance('a');
    const b = instance('b', ['c1']);
    const set = new NgSet([a.client, b.client], { logger: quiet });
    await set.request({ command: 'start recording', 'call-id': 'c1' });
    b.state.down = true;
    await expect(set.request({ command: 'stop recording', 'call-id': 'c1' })).rejects.toThrow('no answer from b');
    b.state.down = false;
    await set.request({ command: 'stop recording', 'call-id': 'c1' });
    expect(b.sent.slice(-3)).toEqual(['b stop recording', 'b query', 'b stop recording']);
  });

  it('should forget the oldest call beyond maxCalls (and find it again when asked)', async () => {
    const a = instance('a', ['c1', 'c2', 'c3']);
    const b = instance('b');
    const set = new NgSet([a.client, b.client], { maxCalls: 2, logger: quiet });
    for (const c of ['c1', 'c2', 'c3']) await set.request({ command: 'start recording', 'call-id': c });
    b.sent.length = 0;
    await set.request({ command: 'stop recording', 'call-id': 'c3' });
    expect(b.sent).toEqual([]);
    await set.request({ command: 'stop recording', 'call-id': 'c1' });
    expect(b.sent).toEqual(['b query']);
  });

  it('should send commands about no call (ping) to the first instance', async () => {
    const a = instance('a');
    const b = instance('b');
    await new NgSet([a.client, b.client], { logger: quiet }).request({ command: 'ping' });
    expect([...a.sent, ...b.sent]).toEqual(['a ping']);
  });

  it('should read RTPENGINE_NG as one address or a comma-separated list, and refuse anything else at boot', () => {
    expect(parseNgAddresses('127.0.0.1:22222')).toEqual([{ host: '127.0.0.1', port: 22222 }]);
    expect(parseNgAddresses('10.0.0.5:22222, [::1]:2223')).toEqual([
      { host: '10.0.0.5', port: 22222 },
      { host: '::1', port: 2223 },
    ]);
    expect(() => parseNgAddresses('10.0.0.5:22222,nope')).toThrow();
    expect(() => parseNgAddresses(' , ')).toThrow();
    const base = { DATABASE_URL: 'postgres://x@127.0.0.1/db', JWT_SECRET: 'x'.repeat(32), PBX_SERVICE_TOKEN: 'y'.repeat(32), SIP_SHARED_SECRET: 'z'.repeat(32) };
    expect(parseEnv({ ...base, RTPENGINE_NG: '10.0.0.5:22222, 10.0.0.6:22222' }).RTPENGINE_NG).toBe('10.0.0.5:22222, 10.0.0.6:22222');
    expect(parseEnv({ ...base, RTPENGINE_NG: '127.0.0.1:22222' }).RTPENGINE_NG).toBe('127.0.0.1:22222');
    expect(() => parseEnv({ ...base, RTPENGINE_NG: '10.0.0.5:22222,' })).toThrow(/RTPENGINE_NG/);
    expect(() => parseEnv({ ...base, RTPENGINE_NG: '10.0.0.5:22222 10.0.0.6:22222' })).toThrow(/RTPENGINE_NG/);
  });
});
