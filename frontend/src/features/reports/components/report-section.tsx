import { useEffect, useState, type ReactNode } from 'react';
import { defineMessages, useIntl } from 'react-intl';
import { useQueryClient } from '@tanstack/react-query';
import type { ReportName, ReportResponses } from '@callboard/contracts';
import { ErrorBoundary } from '@/components/error-boundary';
import { Button, ErrorState, Spinner } from '@/components/ui';
import { errorMessage } from '@/lib/api-client';
import { downloadReportCsv, reportKeys, type ReportFilters } from '../api/reports-api';
import { useReport } from '../hooks/use-report';
import { DOWNLOAD_FAILED, REPORT_NAMES_IN_SENTENCE, REPORT_TITLES } from '../utils/labels';
import { withValues } from '../utils/messages';

const M = withValues(
  defineMessages({
    downloadFailed: { id: 'reports.section.downloadFailed', defaultMessage: 'Could not download the report: {error}' },
    csv: { id: 'reports.section.csv', defaultMessage: 'CSV<hidden> of {report}</hidden>' },
    loading: { id: 'reports.section.loading', defaultMessage: 'Loading {report}' },
    loadFailed: { id: 'reports.section.loadFailed', defaultMessage: 'Could not load {report}: {error}' },
    retry: { id: 'reports.section.retry', defaultMessage: 'Try again' },
    empty: { id: 'reports.section.empty', defaultMessage: 'Nothing in this period.' },
  }),
);

interface ReportSectionProps<N extends ReportName> {
  name: N;
  filters: ReportFilters;
  /** Whether the report has nothing to show (then `empty` is shown instead). */
  isEmpty?: (data: ReportResponses[N]) => boolean;
  empty?: ReactNode;
  onTimeZone?: (timeZone: string) => void;
  children: (data: ReportResponses[N]) => ReactNode;
}

/** One report on the page: its heading and CSV download, then loading, error, empty or its figures. */
export function ReportSection<N extends ReportName>({ name, filters, isEmpty, empty, onTimeZone, children }: ReportSectionProps<N>) {
  const intl = useIntl();
  const key: ReportName = name; // one key of the nine, for the word maps
  const title = intl.formatMessage(REPORT_TITLES[key]);
  const inSentence = intl.formatMessage(REPORT_NAMES_IN_SENTENCE[key]);
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
      setDownloadError(intl.formatMessage(M.downloadFailed, { error: errorMessage(e) || intl.formatMessage(DOWNLOAD_FAILED) }));
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
          {intl.formatMessage(M.csv, { report: title, hidden: (chunks) => <span className="visually-hidden">{chunks}</span> })}
        </Button>
      </header>
      {downloadError && <ErrorState message={downloadError} />}
      {report.isPending && <Spinner label={intl.formatMessage(M.loading, { report: inSentence })} />}
      {report.isError && !data && (
        <ErrorState
          message={intl.formatMessage(M.loadFailed, { report: inSentence, error: errorMessage(report.error) })}
          action={
            <Button size="sm" onClick={() => void report.refetch()} data-testid={`report-${name}-retry`}>
              {intl.formatMessage(M.retry)}
            </Button>
          }
        />
      )}
      {data && (
        <ErrorBoundary what={title} resetKeys={[data]} onReset={() => void queryClient.invalidateQueries({ queryKey: reportKeys.report(name) })}>
          {isEmpty?.(data) ? <p className="report-empty">{empty ?? intl.formatMessage(M.empty)}</p> : children(data)}
        </ErrorBoundary>
      )}
    </section>
  );
}
