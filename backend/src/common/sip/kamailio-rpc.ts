import { z } from 'zod';

/** A JSON-RPC error from Kamailio (code 404: no such AOR or contact), or a transport failure (code null). */
export class KamailioRpcError extends Error {
  constructor(
    readonly method: string,
    readonly code: number | null,
    message: string,
  ) {
    super(`${method}: ${message}`);
    this.name = 'KamailioRpcError';
  }

  get notFound(): boolean {
    return this.code === 404;
  }
}

const RpcAnswer = z.union([
  z.object({ result: z.unknown() }),
  z.object({ error: z.object({ code: z.number().optional(), message: z.string().optional() }) }),
]);

// ul.lookup answers {"AoR":"1001","Contacts":[{"Contact":{"Address":"sip:…", …}}]} (Kamailio 5.6)
const LookupResult = z.object({
  Contacts: z.array(z.object({ Contact: z.object({ Address: z.string() }) })).default([]),
});

/** The contact URIs of a `ul.lookup` answer. */
export function contactAddresses(result: unknown): string[] {
  const parsed = LookupResult.safeParse(result);
  return parsed.success ? parsed.data.Contacts.map((c) => c.Contact.Address) : [];
}

/**
 * Kamailio's usrloc over JSON-RPC (jsonrpcs over xhttp), the few calls the CRM needs to take a
 * registration away at once. Each call is bounded by `timeoutMs`.
 */
export class KamailioRpc {
  constructor(
    private readonly url: string,
    private readonly timeoutMs = 2000,
  ) {}

  async call<T = unknown>(method: string, params: unknown[] = []): Promise<T> {
    let res: Response;
    try {
      res = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', method, params, id: 1 }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw new KamailioRpcError(method, null, `unreachable (${(err as Error).message})`);
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new KamailioRpcError(method, null, `HTTP ${res.status}, not JSON-RPC`);
    }
    const answer = RpcAnswer.safeParse(json);
    if (!answer.success) throw new KamailioRpcError(method, null, `HTTP ${res.status}, not JSON-RPC`);
    if ('error' in answer.data) {
      throw new KamailioRpcError(method, answer.data.error.code ?? null, answer.data.error.message ?? 'error');
    }
    return answer.data.result as T;
  }

  /** The contacts registered under `aor` in `table` ([] when there are none). */
  async contactsOf(table: string, aor: string): Promise<string[]> {
    try {
      return contactAddresses(await this.call('ul.lookup', [table, aor]));
    } catch (err) {
      if (err instanceof KamailioRpcError && err.notFound) return [];
      throw err;
    }
  }

  /** Removes one contact; false when it was not there (expired, or never registered). */
  async removeContact(table: string, aor: string, contact: string): Promise<boolean> {
    try {
      await this.call('ul.rm_contact', [table, aor, contact]);
      return true;
    } catch (err) {
      if (err instanceof KamailioRpcError && err.notFound) return false;
      throw err;
    }
  }

  /** Removes an AOR with all its contacts (a no-op when it has none). */
  async removeAor(table: string, aor: string): Promise<void> {
    try {
      await this.call('ul.rm', [table, aor]);
    } catch (err) {
      if (!(err instanceof KamailioRpcError && err.notFound)) throw err;
    }
  }
}
