import { useEffect, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { ReportName, ReportResponses } from '@callboard/contracts';
import { ErrorBoundary } from '@/components/error-boundary';
import { Button, ErrorState, Spinner } from '@/components/ui';
import { errorMessage } from '@/lib/api-client';
import { downloadReportCsv, reportKeys, type ReportFilters } from '../api/reports-api';
import { useReport } from '../hooks/use-report';

interface ReportSectionProps<N extends ReportName> {
  name: N;
  title: string;
  filters: ReportFilters;
  /** Whether the report has nothing to show (then `empty` is shown instead). */
  isEmpty?: (data: ReportResponses[N]) => boolean;
  empty?: ReactNode;
  onTimeZone?: (timeZone: string) => void;
  children: (data: ReportResponses[N]) => ReactNode;
}

/** One report on the page: its heading and CSV download, then loading, error, empty or its figures. */
export function ReportSection<N extends ReportName>({ name, title, filters, isEmpty, empty, onTimeZone, children }: ReportSectionProps<N>) {
  const report = useReport(name, filters);
  const queryClient = useQueryClient();
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const [downloading, setDownloading] = useState(false);
  const data = report.data;
  const timeZone = data?.timeZone;
  useEffect(() => {
    if (timeZone && onTimeZone) onTimeZone(timeZone);
  }, [timeZone, onTimeZone]);

  const download = async () => {
    setDownloading(true);
    setDownloadError(null);
    try {
      await downloadReportCsv(name, filters);
    } catch (e) {
      setDownloadError(`Could not download the report: ${errorMessage(e)}`);
    } finally {
      setDownloading(false);
    }
  };

  const headingId = `report-${name}-title`;
  return (
    <section className="report card" id={`report-${name}`} aria-labelledby={headingId} data-testid={`report-${name}`} aria-busy={report.isFetching || undefined}>
      <header className="report-header">
        <h2 className="report-title" id={headingId}>
          {title}
        </h2>
        <Button size="sm" variant="ghost" onClick={() => void download()} busy={downloading} data-testid={`report-${name}-csv`}>
          CSV<span className="visually-hidden"> of {title}</span>
        </Button>
      </header>
      {downloadError && <ErrorState message={downloadError} />}
      {report.isPending && <Spinner label={`Loading ${title.toLowerCase()}`} />}
      {report.isError && !data && (
        <ErrorState
          message={`Could not load ${title.toLowerCase()}: ${errorMessage(report.error)}`}
          action={
            <Button size="sm" onClick={() => void report.refetch()} data-testid={`report-${name}-retry`}>
              Try again
            </Button>
          }
        />
      )}
      {data && (
        <ErrorBoundary what={title} resetKeys={[data]} onReset={() => void queryClient.invalidateQueries({ queryKey: reportKeys.report(name) })}>
          {isEmpty?.(data) ? <p className="report-empty">{empty ?? 'Nothing in this period.'}</p> : children(data)}
        </ErrorBoundary>
      )}
    </section>
  );
}
