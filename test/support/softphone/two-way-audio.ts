import type { Page } from 'playwright-core';
import { waitFor } from '../sip/wait';
import { audioStats } from './browser';
import { queryLegs, type LegStats, type TestRtpengine } from './rtpengine';

export interface TwoWayAudio {
  browser: { received: number; sent: number; connected: boolean };
  /** rtpengine's leg toward the carrier/desk phone (its SIP tag matched `farTag`) and toward the browser. */
  far: LegStats;
  near: LegStats;
  totalErrors: number;
  /** Drops before the DTLS handshake ended (forgiven up to MAX_BEFORE_DTLS), and every other error. */
  beforeDtls: number;
  unexpectedErrors: number;
}

/**
 * Waits until the page's call has carried `packets` RTP packets each way, then reads rtpengine's
 * per-leg counters of `callId`. The far leg is the one whose tag matches `farTag` (sipp's tags
 * carry "SIPpTag" on the UAC side). Assertions stay in the spec.
 */
export async function twoWayAudio(page: Page, rtpengine: TestRtpengine, callId: string, farTag: RegExp, packets = 100): Promise<TwoWayAudio> {
  const browser = await waitFor(
    async () => {
      const s = await audioStats(page);
      return s.received >= packets && s.sent >= packets ? s : null;
    },
    `two-way RTP (${packets} packets) in the browser`,
    15_000,
  );
  const { legs, totalErrors, beforeDtls, unexpectedErrors, raw } = await queryLegs(rtpengine, callId);
  const far = legs.find((l) => farTag.test(l.tag));
  const near = legs.find((l) => l !== far && (l.received > 0 || l.sent > 0));
  if (!far || !near) throw new Error(`legs not found: ${JSON.stringify(raw)}`);
  return { browser, far, near, totalErrors, beforeDtls, unexpectedErrors };
}
