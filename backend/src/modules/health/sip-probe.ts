import { Inject, Injectable } from '@nestjs/common';
import { connect } from 'node:net';
import type { Health } from '@callboard/contracts';
import { servingPlan } from '../../common/http/serving';
import { ENV, type Env } from '../../config/env';

type SipWs = Health['sip']['ws'];

const CACHE_MS = 3000;
const CONNECT_TIMEOUT_MS = 1000;

/**
 * Whether the SIP server's WebSocket port accepts a TCP connection from here. The phone dock
 * reads it to tell "the server is down" from "your browser does not trust its certificate",
 * which a browser reports alike (close 1006). Cached briefly: every dock asks on failure.
 */
@Injectable()
export class SipProbe {
  private readonly target: { host: string; port: number } | null;
  private last: { at: number; value: Promise<SipWs> } | null = null;

  constructor(@Inject(ENV) env: Env) {
    this.target = env.TELEPHONY === 'off' ? null : probeTarget(env);
  }

  ws(): Promise<SipWs> {
    if (!this.target) return Promise.resolve('unknown');
    const now = Date.now();
    if (!this.last || now - this.last.at > CACHE_MS) this.last = { at: now, value: tcpProbe(this.target) };
    return this.last.value;
  }
}

/** The explicit SIP_WS_URL's host and port, else loopback on the port the pages use (WSS on https). */
export function probeTarget(env: Env): { host: string; port: number } {
  if (env.SIP_WS_URL) {
    const url = new URL(env.SIP_WS_URL);
    return { host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port) || (url.protocol === 'wss:' ? 443 : 80) };
  }
  return { host: '127.0.0.1', port: servingPlan(env).https ? env.SIP_WSS_PORT : env.SIP_WS_PORT };
}

function tcpProbe({ host, port }: { host: string; port: number }): Promise<SipWs> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: CONNECT_TIMEOUT_MS });
    const done = (value: SipWs) => {
      socket.destroy();
      resolve(value);
    };
    socket.once('connect', () => done('up'));
    socket.once('timeout', () => done('down'));
    socket.once('error', () => done('down'));
  });
}
