/** Shared by the SIP abuse specs. */

/** Not a trunk address: where the corpus and the floods come from. */
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
