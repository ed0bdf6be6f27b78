import { RoutingDecision } from '@callboard/contracts';
import { Agent, request } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { CrmRouter, RoutingOutcome, RoutingQuestion } from '../../ports/crm-router.port';
import { BackendPool, type NodeVerdict } from './backend-pool';

const MAX_BODY = 64 * 1024;
/** Below this much time left, a question is not sent to another node: its answer could not come in time. */
const MIN_ATTEMPT_MS = 20;

/**
 * GET {node}/api/internal/routing with the service token over kept-alive connections (a new TCP
 * connection per call would cost a handshake on the call's critical path). A slow CRM is cut off
 * at `timeoutMs`: the caller must hear ringing, not wait. A node that cannot answer (refused,
 * reset, 5xx, timed out) hands the question to the pool's next node within what is left of the
 * same `timeoutMs` (ADR 0038).
 */
export class CrmHttpRouter implements CrmRouter {
  private readonly pool: BackendPool;
  private readonly agents: { http: Agent; https: HttpsAgent };

  constructor(
    backend: string | BackendPool,
    private readonly serviceToken: string,
    private readonly timeoutMs: number,
  ) {
    this.pool = typeof backend === 'string' ? new BackendPool([backend]) : backend;
    // at most 8 questions at once per node (a burst of calls must not crowd the call events out of
    // the backend); idle sockets are dropped after 4 s, before the backend's 5 s keep-alive timeout
    const options = { keepAlive: true, maxSockets: 8, maxFreeSockets: 8, timeout: 4000 };
    this.agents = { http: new Agent(options), https: new HttpsAgent(options) };
  }

  async route(question: RoutingQuestion): Promise<RoutingOutcome> {
    const deadline = performance.now() + this.timeoutMs;
    const { outcome } = await this.pool.request(
      (node) => this.ask(node, question, deadline),
      (a) => a.verdict,
      () => deadline - performance.now() < MIN_ATTEMPT_MS,
    );
    return outcome;
  }

  /** Asks once ahead of the first call, so the first caller does not pay for a cold connection. */
  async warm(): Promise<RoutingOutcome> {
    return this.route({ callId: 'warm-up', from: '', to: '' });
  }

  close(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  private async ask(node: string, question: RoutingQuestion, deadline: number): Promise<{ outcome: RoutingOutcome; verdict: NodeVerdict }> {
    const url = new URL(`${node}/api/internal/routing`);
    url.searchParams.set('callId', question.callId);
    url.searchParams.set('from', question.from);
    url.searchParams.set('to', question.to);
    let status: number;
    let body: string;
    try {
      ({ status, body } = await this.get(url, deadline));
    } catch (e) {
      return { outcome: { kind: 'failed', reason: (e as Error).message }, verdict: 'down' };
    }
    if (status !== 200) {
      const verdict: NodeVerdict = status === 502 || status === 503 || status === 504 ? 'down' : status >= 500 ? 'failed' : 'answered';
      return { outcome: { kind: 'failed', reason: `http ${status}` }, verdict };
    }
    return { outcome: decisionOf(body), verdict: 'answered' };
  }

  /** One retry when a kept-alive socket turns out to have been closed by the server meanwhile; one deadline for both. */
  private async get(url: URL, deadline: number): Promise<{ status: number; body: string }> {
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
      const agent = url.protocol === 'https:' ? this.agents.https : this.agents.http;
      const req = send(url, { method: 'GET', agent, headers: { authorization: `Bearer ${this.serviceToken}` } }, (res) => {
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

function decisionOf(body: string): RoutingOutcome {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { kind: 'failed', reason: 'answer is not JSON' };
  }
  const parsed = RoutingDecision.safeParse(json);
  if (!parsed.success) return { kind: 'failed', reason: 'answer is not a RoutingDecision' };
  return { kind: 'decided', decision: parsed.data };
}
