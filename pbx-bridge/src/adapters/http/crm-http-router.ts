import { RoutingDecision } from '@callboard/contracts';
import { Agent, request } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { CrmRouter, RoutingOutcome, RoutingQuestion } from '../../ports/crm-router.port';

const MAX_BODY = 64 * 1024;

/**
 * GET {backendUrl}/api/internal/routing with the service token over kept-alive connections (a
 * new TCP connection per call would cost a handshake on the call's critical path). A slow CRM is
 * cut off at `timeoutMs`: the caller must hear ringing, not wait.
 */
export class CrmHttpRouter implements CrmRouter {
  private readonly base: URL;
  private readonly agent: Agent;

  constructor(
    backendUrl: string,
    private readonly serviceToken: string,
    private readonly timeoutMs: number,
  ) {
    this.base = new URL(`${backendUrl.replace(/\/+$/, '')}/api/internal/routing`);
    // at most 8 questions at once (a burst of calls must not crowd the call events out of the
    // backend); idle sockets are dropped after 4 s, before the backend's 5 s keep-alive timeout
    const options = { keepAlive: true, maxSockets: 8, maxFreeSockets: 8, timeout: 4000 };
    this.agent = this.base.protocol === 'https:' ? new HttpsAgent(options) : new Agent(options);
  }

  route(question: RoutingQuestion): Promise<RoutingOutcome> {
    const url = new URL(this.base);
    url.searchParams.set('callId', question.callId);
    url.searchParams.set('from', question.from);
    url.searchParams.set('to', question.to);
    return this.get(url).then(
      ({ status, body }) => {
        if (status !== 200) return { kind: 'failed', reason: `http ${status}` };
        let json: unknown;
        try {
          json = JSON.parse(body);
        } catch {
          return { kind: 'failed', reason: 'answer is not JSON' };
        }
        const parsed = RoutingDecision.safeParse(json);
        if (!parsed.success) return { kind: 'failed', reason: 'answer is not a RoutingDecision' };
        return { kind: 'decided', decision: parsed.data };
      },
      (e: Error) => ({ kind: 'failed', reason: e.message }),
    );
  }

  /** Asks once ahead of the first call, so the first caller does not pay for a cold connection. */
  async warm(): Promise<RoutingOutcome> {
    return this.route({ callId: 'warm-up', from: '', to: '' });
  }

  close(): void {
    this.agent.destroy();
  }

  /** One retry when a kept-alive socket turns out to have been closed by the server meanwhile; one deadline for both. */
  private async get(url: URL): Promise<{ status: number; body: string }> {
    const deadline = performance.now() + this.timeoutMs;
    try {
      return await this.getOnce(url, deadline);
    } catch (e) {
      if ((e as { reusedSocket?: boolean }).reusedSocket && (e as NodeJS.ErrnoException).code === 'ECONNRESET') return this.getOnce(url, deadline);
      throw e;
    }
  }

  /** The deadline counts from the question, including any wait for a free socket. */
  private getOnce(url: URL, deadline: number): Promise<{ status: number; body: string }> {
    const send = url.protocol === 'https:' ? httpsRequest : request;
    return new Promise((resolve, reject) => {
      const req = send(url, { method: 'GET', agent: this.agent, headers: { authorization: `Bearer ${this.serviceToken}` } }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > MAX_BODY) req.destroy(new Error('answer too large'));
          else chunks.push(c);
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      const timer = setTimeout(() => req.destroy(new Error(`no answer within ${this.timeoutMs} ms`)), Math.max(0, deadline - performance.now()));
      req.on('close', () => clearTimeout(timer));
      req.on('error', (e) => reject(Object.assign(e, { reusedSocket: req.reusedSocket })));
      req.end();
    });
  }
}
