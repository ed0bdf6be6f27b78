import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { ReportName } from '@callboard/contracts';
import { reportKeys, reportsApi, type ReportFilters } from '../api/reports-api';
import { nextRecordsOffset } from '../utils/records-paging';

/** One report's figures for the filters; the previous figures stay on screen while new ones load. */
export function useReport<N extends ReportName>(name: N, filters: ReportFilters) {
  return useQuery({
    queryKey: reportKeys.figures(name, filters),
    queryFn: ({ signal }) => reportsApi.get(name, filters, signal),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}

/** The records behind one figure, a page (100 rows) at a time. */
export function useReportRecords(name: ReportName, filters: ReportFilters, cell: string, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: reportKeys.records(name, filters, cell),
    queryFn: ({ pageParam, signal }) => reportsApi.records(name, filters, cell, pageParam, signal),
    initialPageParam: 0,
    getNextPageParam: nextRecordsOffset,
    enabled,
    staleTime: 0,
  });
}
