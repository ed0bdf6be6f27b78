import type { LoginResponse, Pipeline } from '@callboard/contracts';

export interface ApiResult<T = any> {
  status: number;
  body: T;
}

/** A minimal HTTP client for tests: JSON in, JSON out, never throws on a status. */
export class Api {
  constructor(
    readonly baseUrl: string,
    readonly token: string | null = null,
  ) {}

  as(token: string | null): Api {
    return new Api(this.baseUrl, token);
  }

  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResult<T>> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: parsed as T };
  }

  get<T = any>(path: string) {
    return this.request<T>('GET', path);
  }
  post<T = any>(path: string, body?: unknown) {
    return this.request<T>('POST', path, body ?? {});
  }
  put<T = any>(path: string, body?: unknown) {
    return this.request<T>('PUT', path, body ?? {});
  }
  patch<T = any>(path: string, body?: unknown) {
    return this.request<T>('PATCH', path, body ?? {});
  }
  delete<T = any>(path: string, body?: unknown) {
    return this.request<T>('DELETE', path, body);
  }

  async login(email: string, password = 'callboard'): Promise<{ api: Api; user: LoginResponse['user']; token: string }> {
    const res = await this.as(null).post<LoginResponse>('/api/auth/login', { email, password });
    if (res.status !== 200) throw new Error(`login ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return { api: this.as(res.body.accessToken), user: res.body.user, token: res.body.accessToken };
  }
}

/** The default pipeline's id and its stage ids by name (throws on a missing name or a failed request). */
export async function defaultPipeline(api: Api): Promise<{ id: string; stageId: (name: string) => string }> {
  const res = await api.get<Pipeline[]>('/api/pipelines');
  if (res.status !== 200) throw new Error(`pipelines: ${res.status} ${JSON.stringify(res.body)}`);
  const sales = res.body.find((p) => p.isDefault) ?? res.body[0]!;
  return {
    id: sales.id,
    stageId: (name) => {
      const s = sales.stages.find((x) => x.name === name);
      if (!s) throw new Error(`no stage ${name}`);
      return s.id;
    },
  };
}
