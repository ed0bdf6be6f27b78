import { ApiError, ErrorCode } from '@callboard/contracts';
import { getToken, setToken } from './auth-token';

/** A failed API call, carrying the server's `{statusCode, code, message, details}`. */
export class ApiRequestError extends Error {
  readonly statusCode: number;
  readonly code: string;
  readonly details: unknown;

  constructor(body: ApiError) {
    super(body.message);
    this.name = 'ApiRequestError';
    this.statusCode = body.statusCode;
    this.code = body.code;
    this.details = body.details;
  }

  is(code: ErrorCode): boolean {
    return this.code === code;
  }
}

/** The message to show a person for any error thrown by a request. */
/** Puts an error into the user's words (registered by the i18n provider: components/ui/api-error.ts). */
type ErrorWords = (error: unknown) => string;
let errorWords: ErrorWords | null = null;

export function setErrorWords(words: ErrorWords | null): void {
  errorWords = words;
}

export function errorMessage(error: unknown): string {
  if (errorWords) return errorWords(error);
  if (error instanceof ApiRequestError) {
    if (error.is(ErrorCode.RATE_LIMITED)) return 'Too many attempts. Please wait a moment and try again.';
    return error.message;
  }
  if (error instanceof Error) return error.message;
  return 'Something went wrong';
}

/** Field errors of a 400 VALIDATION_FAILED, keyed by dotted path ("phones.0.number"). */
export function fieldErrors(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(error instanceof ApiRequestError) || !Array.isArray(error.details)) return out;
  for (const issue of error.details as unknown[]) {
    if (!issue || typeof issue !== 'object') continue;
    const { path, message } = issue as { path?: unknown; message?: unknown };
    if (!Array.isArray(path) || typeof message !== 'string') continue;
    const key = path.map(String).join('.');
    out[key] ??= message;
  }
  return out;
}

type Query = Record<string, string | number | undefined | null>;

interface RequestOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
}

function buildUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  }
  const qs = params.toString();
  return `/api${path}${qs ? `?${qs}` : ''}`;
}

async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const token = getToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';

  let res: Response;
  try {
    res = await fetch(buildUrl(path, opts.query), {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: opts.signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiRequestError({ statusCode: 0, code: 'NETWORK', message: 'Cannot reach the server' });
  }

  const text = await res.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }

  if (!res.ok) {
    const parsed = ApiError.safeParse(data);
    const body: ApiError = parsed.success
      ? parsed.data
      : { statusCode: res.status, code: res.status === 401 ? 'UNAUTHENTICATED' : 'INTERNAL', message: res.statusText || 'Request failed' };
    // An expired or revoked session: drop the token; the app returns to the login page.
    if (res.status === 401 && token && path !== '/auth/login') setToken(null);
    throw new ApiRequestError(body);
  }
  return data as T;
}

/**
 * Downloads a file (a CSV) the API sends as an attachment. The API authenticates with a bearer
 * header, which a plain link cannot send: fetch it, then hand the browser the file through an
 * object URL. A failure without a message from the server has an empty message: the page says in
 * its own words that the download failed.
 */
async function download(path: string, query: Query, fallbackName: string): Promise<void> {
  const token = getToken();
  const res = await fetch(buildUrl(path, query), { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { message?: string; code?: string } | null;
    throw new ApiRequestError({ statusCode: res.status, code: body?.code ?? 'INTERNAL', message: body?.message ?? '' });
  }
  const blob = await res.blob();
  const fromHeader = /filename="?([^";]+)"?/.exec(res.headers.get('Content-Disposition') ?? '')?.[1];
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = fromHeader ?? fallbackName;
  document.body.append(a);
  a.click();
  a.remove();
  // the click has handed the blob to the download; free it on the next turn
  setTimeout(() => URL.revokeObjectURL(href), 0);
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body: body ?? {} }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  delete: <T>(path: string, body?: unknown) => request<T>('DELETE', path, { body }),
  download,
};
