import type { ReportName, ReportRecords, ReportResponses } from '@callboard/contracts';
import { api, ApiRequestError } from '@/lib/api-client';
import { getToken } from '@/lib/auth-token';

/** A report's filters as the API reads them (contracts' ReportQuery). */
export interface ReportFilters {
  from: string;
  to: string;
  rep?: string;
  pipeline?: string;
  days?: number;
}

export const reportKeys = {
  all: ['reports'] as const,
  report: (name: ReportName) => ['reports', name] as const,
  figures: <N extends ReportName>(name: N, q: ReportFilters) => ['reports', name, 'figures', q] as const,
  records: (name: ReportName, q: ReportFilters, cell: string) => ['reports', name, 'records', q, cell] as const,
};

const query = (q: ReportFilters, extra: Record<string, string | number | undefined> = {}) => ({
  from: q.from,
  to: q.to,
  rep: q.rep,
  pipeline: q.pipeline,
  days: q.days,
  ...extra,
});

export const reportsApi = {
  get: <N extends ReportName>(name: N, q: ReportFilters, signal?: AbortSignal) => api.get<ReportResponses[N]>(`/reports/${name}`, query(q), signal),
  records: (name: ReportName, q: ReportFilters, cell: string, offset: number, signal?: AbortSignal) =>
    api.get<ReportRecords>(`/reports/${name}/records`, query(q, { cell, offset: offset || undefined }), signal),
};

function url(path: string, params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') search.set(k, String(v));
  return `/api${path}?${search.toString()}`;
}

/**
 * Downloads a report's CSV. The API authenticates with a bearer header, which a plain link cannot
 * send: fetch it, then hand the browser the file through an object URL.
 */
export async function downloadReportCsv(name: ReportName, q: ReportFilters, cell?: string): Promise<void> {
  const path = cell ? `/reports/${name}/records/csv` : `/reports/${name}/csv`;
  const token = getToken();
  const res = await fetch(url(path, query(q, { cell })), { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { message?: string; code?: string } | null;
    // no message from the server: the page says in its own words that the download failed
    throw new ApiRequestError({ statusCode: res.status, code: body?.code ?? 'INTERNAL', message: body?.message ?? '' });
  }
  const blob = await res.blob();
  const fromHeader = /filename="?([^";]+)"?/.exec(res.headers.get('Content-Disposition') ?? '')?.[1];
  const fileName = fromHeader ?? `${name}${cell ? `-${cell.replace(/[^A-Za-z0-9_-]+/g, '-')}` : ''}-${q.from}-${q.to}.csv`;
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  // the click has handed the blob to the download; free it on the next turn
  setTimeout(() => URL.revokeObjectURL(href), 0);
}
