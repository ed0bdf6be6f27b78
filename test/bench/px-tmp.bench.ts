import { startBackend } from '../support/backend';
jest.setTimeout(300_000);
let seq = 0;
function batch(n: number) {
  const events: any[] = [];
  const at = new Date().toISOString();
  for (let i = 0; i < n; i++) {
    const k = ++seq;
    const callId = `px-${k}@t`;
    events.push({ type: 'offered', callId, origin: { pbx: 'px', boot: 'b', seq: k * 2 }, at, direction: 'inbound', from: `+3630${String(k).padStart(7, '0')}`, fromName: null, to: '+3612345678' });
    events.push({ type: 'missed', callId, origin: { pbx: 'px', boot: 'b', seq: k * 2 + 1 }, at, reason: 'no_answer' });
  }
  return events;
}
it('px', async () => {
  const a = await startBackend({ seed: 'users', env: { LOG_LEVEL: 'warn', DATABASE_POOL_MAX: '20', DATABASE_POOL_MIN: '10' } });
  const post = async (n: number) => {
    const t = performance.now();
    const r = await fetch(`${a.url}/api/internal/call-events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${a.env.PBX_SERVICE_TOKEN}` }, body: JSON.stringify({ events: batch(n) }) });
    const body = await r.text();
    if (r.status >= 300) console.log(r.status, body.slice(0, 200));
    return Math.round(performance.now() - t);
  };
  const seqTimes: number[] = [];
  for (let i = 0; i < 10; i++) seqTimes.push(await post(10));
  console.log('sequential batches of 10 calls', seqTimes.join(' '));
  const t = performance.now();
  const c = await Promise.all(Array.from({ length: 8 }, async () => { const ts: number[] = []; for (let i = 0; i < 5; i++) ts.push(await post(10)); return ts; }));
  console.log('8 concurrent x5', Math.round(performance.now() - t), JSON.stringify(c));
  console.log(a.output().slice(-3000));
  await a.destroy();
});
