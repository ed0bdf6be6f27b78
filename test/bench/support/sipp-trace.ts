import { readFileSync } from 'node:fs';

/** First transmission time (epoch ms, µs precision) of each INVITE in a sipp -trace_msg file, by caller number. */
export function inviteSendTimes(file: string): Map<string, number> {
  const sent = new Map<string, number>();
  const blocks = readFileSync(file, 'utf8').split(/^-{20,} /m);
  for (const block of blocks) {
    const nl = block.indexOf('\n');
    const stamp = block.slice(0, nl).trim();
    const body = block.slice(nl + 1);
    if (!/message sent/.test(body.slice(0, 200))) continue;
    const msg = body.slice(body.indexOf('\n\n') + 2).trimStart();
    if (!msg.startsWith('INVITE ')) continue;
    const from = /^From:.*<sip:([^@>]+)@/m.exec(msg)?.[1];
    if (!from || sent.has(from)) continue;
    sent.set(from, parseStamp(stamp));
  }
  return sent;
}

/** sipp stamps "YYYY-MM-DD HH:MM:SS.uuuuuu" (local time) or a unix time with µs. */
export function parseStamp(stamp: string): number {
  const epoch = /(\d{10})\.(\d{6})/.exec(stamp);
  if (epoch) return Number(epoch[1]) * 1000 + Number(epoch[2]) / 1000;
  const m = /(\d{4})-(\d{2})-(\d{2})\s+(\d{2}):(\d{2}):(\d{2})\.(\d{6})/.exec(stamp);
  if (!m) throw new Error(`unreadable sipp time stamp: ${stamp}`);
  const [, y, mo, d, h, mi, s, us] = m.map(Number);
  return new Date(y, mo - 1, d, h, mi, s).getTime() + us / 1000;
}
