/** Kamailio JSON-RPC over HTTP (jsonrpcs + xhttp). */
export class KamailioRpcClient {
  private nextId = 1;

  constructor(
    private readonly url: string,
    private readonly timeoutMs = 3000,
  ) {}

  async call<T = unknown>(method: string, params: unknown[] = []): Promise<T> {
    const res = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', method, params, id: this.nextId++ }),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const json = (await res.json()) as { result?: T; error?: { message?: string } };
    if (json.error) throw new Error(`${method}: ${json.error.message ?? 'error'}`);
    return json.result as T;
  }

  /** Call-IDs of the dialogs Kamailio knows now. */
  async activeCallIds(): Promise<Set<string>> {
    const result = await this.call<Array<Record<string, unknown>>>('dlg.list');
    const ids = new Set<string>();
    for (const d of result ?? []) {
      const id = d['call-id'] ?? d['callid'] ?? d['call_id'];
      if (typeof id === 'string') ids.add(id);
    }
    return ids;
  }

  /** Registered AORs (extension user parts) per usrloc table. */
  async registrations(): Promise<unknown> {
    return this.call('ul.dump');
  }
}
