import type { ReportName, ReportRecords, ReportResponses } from '@callboard/contracts';
import { api } from '@/lib/api-client';

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

/** Downloads a report's CSV (the main table, or the records behind one figure). */
export function downloadReportCsv(name: ReportName, q: ReportFilters, cell?: string): Promise<void> {
  const path = cell ? `/reports/${name}/records/csv` : `/reports/${name}/csv`;
  return api.download(path, query(q, { cell }), `${name}${cell ? `-${cell.replace(/[^A-Za-z0-9_-]+/g, '-')}` : ''}-${q.from}-${q.to}.csv`);
}
