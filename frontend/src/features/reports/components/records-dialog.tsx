import { useState } from 'react';
import { defineMessages, useIntl } from 'react-intl';
import { Link } from 'react-router';
import type { ReportCallRecord, ReportContactRecord, ReportDealRecord, ReportOfferRecord, ReportRecords } from '@callboard/contracts';
import { Button, Dialog, EmptyState, ErrorState, Spinner } from '@/components/ui';
import { errorMessage } from '@/lib/api-client';
import { formatDate, formatDateTime, formatDuration, formatMoney, formatNumber } from '@/lib/format';
import { downloadReportCsv, type ReportFilters } from '../api/reports-api';
import { useReportRecords } from '../hooks/use-report';
import { callDirectionLabel, callOutcomeLabel, classLabel, DOWNLOAD_FAILED, offerStatusLabel } from '../utils/labels';
import { withValues } from '../utils/messages';
import { FigureLabelText, type DrillTarget } from './drill-down';

const M = withValues(
  defineMessages({
    title: { id: 'reports.records.title', defaultMessage: '{figure}: {total}' },
    downloadFailed: { id: 'reports.records.downloadFailed', defaultMessage: 'Could not download the list: {error}' },
    downloadCsv: { id: 'reports.records.downloadCsv', defaultMessage: 'Download CSV' },
    close: { id: 'reports.records.close', defaultMessage: 'Close' },
    loading: { id: 'reports.records.loading', defaultMessage: 'Loading the records' },
    loadFailed: { id: 'reports.records.loadFailed', defaultMessage: 'Could not load the records: {error}' },
    retry: { id: 'reports.records.retry', defaultMessage: 'Try again' },
    empty: { id: 'reports.records.empty', defaultMessage: 'No records behind this figure.' },
    more: { id: 'reports.records.more', defaultMessage: 'Load more' },
    noOwner: { id: 'reports.records.noOwner', defaultMessage: 'No owner' },
    created: { id: 'reports.records.created', defaultMessage: 'created {date}' },
    lastContact: { id: 'reports.records.lastContact', defaultMessage: 'last contact {when}' },
    neverContacted: { id: 'reports.records.neverContacted', defaultMessage: 'last contact never' },
    unknownNumber: { id: 'reports.records.unknownNumber', defaultMessage: 'unknown number' },
    nobody: { id: 'reports.records.nobody', defaultMessage: 'Nobody' },
    contact: { id: 'reports.records.contact', defaultMessage: 'Contact' },
    deal: { id: 'reports.records.deal', defaultMessage: 'Deal' },
    calledBack: { id: 'reports.records.calledBack', defaultMessage: 'called back {when}' },
    offerVersion: { id: 'reports.records.offerVersion', defaultMessage: '{number} v{version}' },
  }),
);

/** Someone's name, or what stands for nobody. */
function Name({ name, none }: { name: string | null; none: string }) {
  return name ? <bdi data-user-content>{name}</bdi> : <>{none}</>;
}

interface RecordsDialogProps {
  target: DrillTarget | null;
  filters: ReportFilters;
  onClose: () => void;
}

/** The records behind one figure: a list with links, "Load more", and a CSV of them. */
export function RecordsDialog({ target, filters, onClose }: RecordsDialogProps) {
  const intl = useIntl();
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
      setDownloadError(intl.formatMessage(M.downloadFailed, { error: errorMessage(e) || intl.formatMessage(DOWNLOAD_FAILED) }));
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
        target &&
        (total === undefined ? (
          <FigureLabelText label={target.label} />
        ) : (
          intl.formatMessage(M.title, {
            figure: <FigureLabelText label={target.label} />,
            total: <span data-testid="report-records-total">{formatNumber(total)}</span>,
          })
        ))
      }
      footer={
        <>
          <Button onClick={() => void download()} busy={downloading} disabled={!total} data-testid="report-records-csv">
            {intl.formatMessage(M.downloadCsv)}
          </Button>
          <Button variant="primary" onClick={onClose}>
            {intl.formatMessage(M.close)}
          </Button>
        </>
      }
    >
      {records.isPending && <Spinner label={intl.formatMessage(M.loading)} />}
      {records.isError && (
        <ErrorState
          message={intl.formatMessage(M.loadFailed, { error: errorMessage(records.error) })}
          action={
            <Button size="sm" onClick={() => void records.refetch()}>
              {intl.formatMessage(M.retry)}
            </Button>
          }
        />
      )}
      {downloadError && <ErrorState message={downloadError} />}
      {total === 0 && <EmptyState>{intl.formatMessage(M.empty)}</EmptyState>}
      {kind && total !== 0 && (
        <ul className="report-records" data-kind={kind}>
          {pages.flatMap((page) => rowsOf(page))}
        </ul>
      )}
      {records.hasNextPage && (
        <div className="report-records-more">
          <Button onClick={() => void records.fetchNextPage()} busy={records.isFetchingNextPage} data-testid="report-records-more">
            {intl.formatMessage(M.more)}
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
  const intl = useIntl();
  return (
    <li className="report-record" data-testid="report-record" data-id={row.id}>
      <Link to={`/deals/${row.id}`} className="report-record-title" data-testid="report-record-link">
        <bdi data-user-content>{row.title}</bdi>
      </Link>
      <span className="report-record-meta">
        {formatMoney(row.amount, row.currency)} · <bdi data-user-content>{row.stageName}</bdi> · <Name name={row.ownerName} none={intl.formatMessage(M.noOwner)} />
        {row.contactId && row.contactName && (
          <>
            {' · '}
            <Link to={`/contacts/${row.contactId}`}>
              <bdi data-user-content>{row.contactName}</bdi>
            </Link>
          </>
        )}
        {' · '}
        {intl.formatMessage(M.created, { date: formatDate(row.createdAt) })}
        {row.at && <> · {formatDateTime(row.at)}</>}
      </span>
    </li>
  );
}

function ContactRow({ row }: { row: ReportContactRecord }) {
  const intl = useIntl();
  return (
    <li className="report-record" data-testid="report-record" data-id={row.id}>
      <Link to={`/contacts/${row.id}`} className="report-record-title" data-testid="report-record-link">
        <bdi data-user-content>{row.name}</bdi>
      </Link>
      <span className="report-record-meta">
        {row.company && (
          <>
            <bdi data-user-content>{row.company}</bdi> ·{' '}
          </>
        )}
        {classLabel(intl, row.importance)} · <Name name={row.ownerName} none={intl.formatMessage(M.noOwner)} /> ·{' '}
        {row.lastContactAt ? intl.formatMessage(M.lastContact, { when: formatDateTime(row.lastContactAt) }) : intl.formatMessage(M.neverContacted)}
      </span>
    </li>
  );
}

function CallRow({ row }: { row: ReportCallRecord }) {
  const intl = useIntl();
  return (
    <li className="report-record" data-testid="report-record" data-id={row.id}>
      <span className="report-record-title">
        {formatDateTime(row.at)} ·{' '}
        {row.number ? (
          <bdi dir="ltr" data-user-content>
            {row.number}
          </bdi>
        ) : (
          intl.formatMessage(M.unknownNumber)
        )}
      </span>
      <span className="report-record-meta">
        {callDirectionLabel(intl, row.direction)} · {callOutcomeLabel(intl, row.outcome)}
        {row.durationSec !== null && <> · {formatDuration(row.durationSec)}</>} · <Name name={row.repName} none={intl.formatMessage(M.nobody)} />
        {row.contactId && (
          <>
            {' · '}
            <Link to={`/contacts/${row.contactId}`} data-testid="report-record-link">
              <Name name={row.contactName} none={intl.formatMessage(M.contact)} />
            </Link>
          </>
        )}
        {row.dealId && (
          <>
            {' · '}
            <Link to={`/deals/${row.dealId}`}>
              <Name name={row.dealTitle} none={intl.formatMessage(M.deal)} />
            </Link>
          </>
        )}
        {row.calledBackAt && <> · {intl.formatMessage(M.calledBack, { when: formatDateTime(row.calledBackAt) })}</>}
      </span>
    </li>
  );
}

function OfferRow({ row }: { row: ReportOfferRecord }) {
  const intl = useIntl();
  return (
    <li className="report-record" data-testid="report-record" data-id={row.id}>
      <Link to={`/deals/${row.dealId}`} className="report-record-title" data-testid="report-record-link">
        {intl.formatMessage(M.offerVersion, {
          number: (
            <bdi dir="ltr" data-user-content>
              {row.number}
            </bdi>
          ),
          version: formatNumber(row.version),
        })}{' '}
        · <bdi data-user-content>{row.dealTitle}</bdi>
      </Link>
      <span className="report-record-meta">
        {offerStatusLabel(intl, row.status)} · {formatMoney(row.total, row.currency)} · <Name name={row.ownerName} none={intl.formatMessage(M.noOwner)} /> ·{' '}
        {formatDate(row.createdAt)}
      </span>
    </li>
  );
}
