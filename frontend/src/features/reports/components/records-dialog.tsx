import { useState } from 'react';
import { Link } from 'react-router';
import type { ReportCallRecord, ReportContactRecord, ReportDealRecord, ReportOfferRecord, ReportRecords } from '@callboard/contracts';
import { Button, Dialog, EmptyState, ErrorState, Spinner } from '@/components/ui';
import { errorMessage } from '@/lib/api-client';
import { formatDate, formatDateTime, formatDuration, formatMoney, formatNumber } from '@/lib/format';
import { downloadReportCsv, type ReportFilters } from '../api/reports-api';
import { useReportRecords } from '../hooks/use-report';
import { humanize } from '../utils/labels';
import type { DrillTarget } from './drill-down';

interface RecordsDialogProps {
  target: DrillTarget | null;
  filters: ReportFilters;
  onClose: () => void;
}

/** The records behind one figure: a list with links, "Load more", and a CSV of them. */
export function RecordsDialog({ target, filters, onClose }: RecordsDialogProps) {
  const scoped: ReportFilters = target?.rep !== undefined ? { ...filters, rep: target.rep } : filters;
  const records = useReportRecords(target?.report ?? 'funnel', scoped, target?.cell ?? '', target !== null);
  const [downloading, setDownloading] = useState(false);
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const pages = records.data?.pages ?? [];
  const total = pages[0]?.total;
  const kind = pages[0]?.kind;

  const download = async () => {
    if (!target) return;
    setDownloading(true);
    setDownloadError(null);
    try {
      await downloadReportCsv(target.report, scoped, target.cell);
    } catch (e) {
      setDownloadError(`Could not download the list: ${errorMessage(e)}`);
    } finally {
      setDownloading(false);
    }
  };

  return (
    <Dialog
      open={target !== null}
      onClose={onClose}
      width="lg"
      testId="report-records"
      title={
        <>
          {target?.label}
          {total !== undefined && (
            <>
              {': '}
              <span data-testid="report-records-total">{formatNumber(total)}</span>
            </>
          )}
        </>
      }
      footer={
        <>
          <Button onClick={() => void download()} busy={downloading} disabled={!total} data-testid="report-records-csv">
            Download CSV
          </Button>
          <Button variant="primary" onClick={onClose}>
            Close
          </Button>
        </>
      }
    >
      {records.isPending && <Spinner label="Loading the records" />}
      {records.isError && (
        <ErrorState
          message={`Could not load the records: ${errorMessage(records.error)}`}
          action={
            <Button size="sm" onClick={() => void records.refetch()}>
              Try again
            </Button>
          }
        />
      )}
      {downloadError && <ErrorState message={downloadError} />}
      {total === 0 && <EmptyState>No records behind this figure.</EmptyState>}
      {kind && total !== 0 && (
        <ul className="report-records" data-kind={kind}>
          {pages.flatMap((page) => rowsOf(page))}
        </ul>
      )}
      {records.hasNextPage && (
        <div className="report-records-more">
          <Button onClick={() => void records.fetchNextPage()} busy={records.isFetchingNextPage} data-testid="report-records-more">
            Load more
          </Button>
        </div>
      )}
    </Dialog>
  );
}

function rowsOf(page: ReportRecords) {
  switch (page.kind) {
    case 'deals':
      return page.rows.map((r) => <DealRow key={r.id} row={r} />);
    case 'contacts':
      return page.rows.map((r) => <ContactRow key={r.id} row={r} />);
    case 'calls':
      return page.rows.map((r) => <CallRow key={r.id} row={r} />);
    case 'offers':
      return page.rows.map((r) => <OfferRow key={r.id} row={r} />);
  }
}

function DealRow({ row }: { row: ReportDealRecord }) {
  return (
    <li className="report-record" data-testid="report-record" data-id={row.id}>
      <Link to={`/deals/${row.id}`} className="report-record-title" data-testid="report-record-link">
        {row.title}
      </Link>
      <span className="report-record-meta">
        {formatMoney(row.amount, row.currency)} · {row.stageName} · {row.ownerName ?? 'No owner'}
        {row.contactId && row.contactName && (
          <>
            {' · '}
            <Link to={`/contacts/${row.contactId}`}>{row.contactName}</Link>
          </>
        )}
        {' · '}created {formatDate(row.createdAt)}
        {row.at && <> · {formatDateTime(row.at)}</>}
      </span>
    </li>
  );
}

function ContactRow({ row }: { row: ReportContactRecord }) {
  return (
    <li className="report-record" data-testid="report-record" data-id={row.id}>
      <Link to={`/contacts/${row.id}`} className="report-record-title" data-testid="report-record-link">
        {row.name}
      </Link>
      <span className="report-record-meta">
        {row.company && <>{row.company} · </>}
        {row.importance ? `Class ${row.importance}` : 'No class'} · {row.ownerName ?? 'No owner'} · last contact{' '}
        {row.lastContactAt ? formatDateTime(row.lastContactAt) : 'never'}
      </span>
    </li>
  );
}

function CallRow({ row }: { row: ReportCallRecord }) {
  return (
    <li className="report-record" data-testid="report-record" data-id={row.id}>
      <span className="report-record-title">
        {formatDateTime(row.at)} · <span dir="ltr">{row.number ?? 'unknown number'}</span>
      </span>
      <span className="report-record-meta">
        {row.direction ? humanize(row.direction) : 'Call'} · {humanize(row.outcome)}
        {row.durationSec !== null && <> · {formatDuration(row.durationSec)}</>} · {row.repName ?? 'Nobody'}
        {row.contactId && (
          <>
            {' · '}
            <Link to={`/contacts/${row.contactId}`} data-testid="report-record-link">
              {row.contactName ?? 'Contact'}
            </Link>
          </>
        )}
        {row.dealId && (
          <>
            {' · '}
            <Link to={`/deals/${row.dealId}`}>{row.dealTitle ?? 'Deal'}</Link>
          </>
        )}
        {row.calledBackAt && <> · called back {formatDateTime(row.calledBackAt)}</>}
      </span>
    </li>
  );
}

function OfferRow({ row }: { row: ReportOfferRecord }) {
  return (
    <li className="report-record" data-testid="report-record" data-id={row.id}>
      <Link to={`/deals/${row.dealId}`} className="report-record-title" data-testid="report-record-link">
        {row.number} v{formatNumber(row.version)} · {row.dealTitle}
      </Link>
      <span className="report-record-meta">
        {humanize(row.status)} · {formatMoney(row.total, row.currency)} · {row.ownerName ?? 'No owner'} · {formatDate(row.createdAt)}
      </span>
    </li>
  );
}
