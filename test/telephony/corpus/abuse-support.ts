/** Shared by the SIP abuse specs. */

/** Not a trunk address: where the corpus and the floods come from. */
import type { SipAgent } from '../../support/sip/sip-agent';
import { callerRow, runSipp } from '../../support/sip/sipp';
import { SALES_NUMBER, type TelephonyStack } from '../../support/sip/stack';
import { waitFor } from '../../support/sip/wait';

export const NON_TRUNK = '127.0.0.2';
/** Another non-trunk address, for probes that must not share the flood counters. */
export const PROBE = '127.0.0.3';

/** Kamailio logs one JSON object per line (--log-engine=json:M), the bridge too. */
export function isLogLine(line: string): boolean {
  try {
    const o = JSON.parse(line) as Record<string, unknown>;
    return typeof o === 'object' && o !== null && typeof (o.message ?? o.msg) === 'string' && typeof o.level === 'string';
  } catch {
    return false;
  }
}

/** ABUSE_FIGURES=1 prints the figures docs/performance.md quotes. */
export function figure(text: string): void {
  if (process.env.ABUSE_FIGURES) process.stdout.write(`[abuse figure] ${text}\n`);
}

/** A normal trunk call (sipp, UDP) answered by `agent`; resolves with it once the CRM has its end. */
export async function trunkCallAnswered(stack: TelephonyStack, agent: SipAgent, label: string, number: string) {
  const sipp = runSipp({
    scenario: 'uac-call.xml',
    target: stack.sipTarget,
    service: SALES_NUMBER,
    ...stack.sippPorts(),
    inject: [callerRow(label, number)],
    durationMs: 100,
  });
  const call = await agent.waitForCall('an incoming call', 20_000);
  expect((await sipp.done).code).toBe(0);
  await waitFor(() => stack.crm.eventsFor(call.callId).some((e) => e.type === 'ended'), `${label}: ended`, 15_000);
  return call;
}

