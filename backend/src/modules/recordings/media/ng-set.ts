import { NgClient, NgError, parseNgAddress, type NgReply, type NgValue } from './ng-client';
import { consoleMediaLogger, type MediaLogger } from './media-logger';

// Several rtpengine instances that Kamailio drives as one set (ADR 0039): each call lives on one of
// them, chosen by Kamailio (a hash of the Call-ID), which the backend cannot see. A command for a
// call goes to the instance that carries it: found by asking every instance (`query`) and
// remembered per call. With one instance every command goes straight to it, as before.

export type NgMessage = Record<string, NgValue | undefined> & { command: string };

/** What the recording adapter sends its ng commands through: one rtpengine (NgClient) or a set. */
export interface NgTransport {
  request(message: NgMessage): Promise<NgReply>;
  close(): void;
}

export const isUnknownCall = (err: unknown): boolean => err instanceof NgError && /unknown call-id/i.test(err.reason);

/** RTPENGINE_NG: "host:port" or several, comma-separated. */
export function parseNgAddresses(value: string): { host: string; port: number }[] {
  const list = value.split(',').map((s) => s.trim()).filter(Boolean).map(parseNgAddress);
  if (!list.length) throw new Error('no rtpengine ng address');
  return list;
}

export interface NgSetOptions {
  /** Calls remembered at most (the oldest is forgotten first; a forgotten call is looked up again). */
  maxCalls?: number;
  logger?: MediaLogger;
}

export class NgSet implements NgTransport {
  /** Call-ID → the instance carrying it (insertion order = age). */
  private readonly carriers = new Map<string, NgClient>();
  private readonly maxCalls: number;
  private readonly logger: MediaLogger;

  constructor(
    readonly instances: NgClient[],
    o: NgSetOptions = {},
  ) {
    if (!instances.length) throw new Error('NgSet needs at least one rtpengine');
    this.maxCalls = o.maxCalls ?? 10_000;
    this.logger = o.logger ?? consoleMediaLogger(NgSet.name);
  }

  static fromAddresses(value: string, o: NgSetOptions = {}): NgSet {
    return new NgSet(parseNgAddresses(value).map(({ host, port }) => new NgClient(host, port)), o);
  }

  async request(message: NgMessage): Promise<NgReply> {
    const callId = message['call-id'];
    // one instance, or a command about no call (ping, list): the first instance, as before
    if (this.instances.length === 1 || typeof callId !== 'string') return this.instances[0]!.request(message);
    const known = this.carriers.get(callId);
    if (known) {
      try {
        return await known.request(message);
      } catch (err) {
        this.carriers.delete(callId);
        // gone from where it was (a re-INVITE may have moved it): look again; anything else is the answer
        if (!isUnknownCall(err)) throw err;
      }
    }
    const { carrier, query } = await this.find(callId);
    // the lookup was the question itself (the adapter's first command is usually `query`)
    if (message.command === 'query' && Object.keys(message).length === 2) return query;
    return carrier.request(message);
  }

  close(): void {
    for (const c of this.instances) c.close();
    this.carriers.clear();
  }

  /** Asks every instance for the call; remembers and returns the one that has it. */
  private async find(callId: string): Promise<{ carrier: NgClient; query: NgReply }> {
    const answers = await Promise.allSettled(this.instances.map((c) => c.request({ command: 'query', 'call-id': callId })));
    const found = answers.flatMap((a, i) => (a.status === 'fulfilled' ? [{ carrier: this.instances[i]!, query: a.value }] : []));
    if (found.length > 1) this.logger.warn(`[${callId}] ${found.length} rtpengine instances have this call; using the first`);
    if (found.length) {
      this.carriers.set(callId, found[0]!.carrier);
      if (this.carriers.size > this.maxCalls) this.carriers.delete(this.carriers.keys().next().value!);
      return found[0]!;
    }
    // nowhere: "unknown call-id" only when every instance said so; an unanswered instance may have it
    const failures = answers.map((a) => (a as PromiseRejectedResult).reason as Error);
    throw failures.find((e) => !isUnknownCall(e)) ?? failures[0]!;
  }
}
