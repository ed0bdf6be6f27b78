import './reports.css';
import { useState } from 'react';
import { defineMessages, useIntl } from 'react-intl';
import type { ReportName } from '@callboard/contracts';
import { useAuth, useSessionUser } from '@/features/auth';
import { formatDate } from '@/lib/format';
import { useReportFilters } from '../hooks/use-report-filters';
import { useReportsLive } from '../hooks/use-reports-live';
import { REPORT_TITLES } from '../utils/labels';
import { withValues } from '../utils/messages';
import { DrillProvider, type DrillTarget } from './drill-down';
import { RecordsDialog } from './records-dialog';
import { ReportFiltersBar } from './report-filters';
import { ReportSection } from './report-section';
import { CallsSection } from './sections/calls-section';
import { ConversationsSection } from './sections/conversations-section';
import { FunnelSection } from './sections/funnel-section';
import { DormantSection, NeverContactedSection, OfferConversionSection, OffersSection } from './sections/lead-sections';
import { ForecastSection, OutcomesSection, SpeedToLeadSection } from './sections/outcome-sections';

const M = withValues(
  defineMessages({
    title: { id: 'reports.page.title', defaultMessage: 'Reports' },
    period: { id: 'reports.page.period', defaultMessage: '{from} – {to}' },
    periodOwn: { id: 'reports.page.periodOwn', defaultMessage: '{from} – {to} · your own deals, calls and contacts' },
    jump: { id: 'reports.page.jump', defaultMessage: 'Reports on this page' },
    funnelEmpty: { id: 'reports.page.funnelEmpty', defaultMessage: 'No deals were created in this period.' },
    offerConversionEmpty: { id: 'reports.page.offerConversionEmpty', defaultMessage: 'No leads in this period.' },
    offersEmpty: { id: 'reports.page.offersEmpty', defaultMessage: 'No offers in this period.' },
    speedToLeadEmpty: { id: 'reports.page.speedToLeadEmpty', defaultMessage: 'No new leads in this period.' },
    outcomesEmpty: { id: 'reports.page.outcomesEmpty', defaultMessage: 'No deal was won or lost in this period.' },
    forecastEmpty: { id: 'reports.page.forecastEmpty', defaultMessage: 'No open deals to forecast.' },
    conversationsEmpty: { id: 'reports.page.conversationsEmpty', defaultMessage: 'No recorded call was analysed in this period.' },
  }),
);

/**
 * Reports (issue 14): every report of the contract as a section of one page, with a jump list to
 * each (an anchored list reads better on a phone than nine tabs). Every figure opens its records.
 */
export function ReportsPage() {
  const intl = useIntl();
  const { token } = useAuth();
  const me = useSessionUser();
  const isHead = me.role === 'head';
  const state = useReportFilters(isHead);
  const { filters } = state;
  const [drill, setDrill] = useState<DrillTarget | null>(null);
  useReportsLive(token);
  const section = { filters, onTimeZone: state.setTimeZone };

  return (
    <DrillProvider value={setDrill}>
      <section className="page reports" data-testid="reports" aria-labelledby="reports-title">
        <h1 className="page-title" id="reports-title">
          {intl.formatMessage(M.title)}
        </h1>
        <p className="report-period" data-testid="report-period-text">
          {intl.formatMessage(isHead ? M.period : M.periodOwn, { from: formatDate(filters.from), to: formatDate(filters.to) })}
        </p>
        <ReportFiltersBar state={state} canChooseRep={isHead} />
        <nav className="report-jump" aria-label={intl.formatMessage(M.jump)}>
          <ul>
            {(Object.keys(REPORT_TITLES) as ReportName[]).map((name) => (
              <li key={name}>
                <a href={`#report-${name}`}>{intl.formatMessage(REPORT_TITLES[name])}</a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="report-list">
          <ReportSection name="funnel" {...section} isEmpty={(d) => d.cohort === 0} empty={intl.formatMessage(M.funnelEmpty)}>
            {(d) => <FunnelSection data={d} />}
          </ReportSection>
          <ReportSection name="never-contacted" {...section}>
            {(d) => <NeverContactedSection data={d} />}
          </ReportSection>
          <ReportSection name="dormant-contacts" {...section}>
            {(d) => <DormantSection data={d} />}
          </ReportSection>
          <ReportSection name="offer-conversion" {...section} isEmpty={(d) => d.leads === 0} empty={intl.formatMessage(M.offerConversionEmpty)}>
            {(d) => <OfferConversionSection data={d} />}
          </ReportSection>
          <ReportSection name="offers" {...section} isEmpty={(d) => d.count === 0} empty={intl.formatMessage(M.offersEmpty)}>
            {(d) => <OffersSection data={d} />}
          </ReportSection>
          <ReportSection name="calls" {...section}>
            {(d) => <CallsSection data={d} />}
          </ReportSection>
          <ReportSection name="conversations" {...section} isEmpty={(d) => d.calls === 0} empty={intl.formatMessage(M.conversationsEmpty)}>
            {(d) => <ConversationsSection data={d} />}
          </ReportSection>
          <ReportSection name="speed-to-lead" {...section} isEmpty={(d) => d.leads === 0} empty={intl.formatMessage(M.speedToLeadEmpty)}>
            {(d) => <SpeedToLeadSection data={d} />}
          </ReportSection>
          <ReportSection name="outcomes" {...section} isEmpty={(d) => d.won.count === 0 && d.lost.count === 0} empty={intl.formatMessage(M.outcomesEmpty)}>
            {(d) => <OutcomesSection data={d} />}
          </ReportSection>
          <ReportSection name="forecast" {...section} isEmpty={(d) => d.months.length === 0 && d.undated === 0} empty={intl.formatMessage(M.forecastEmpty)}>
            {(d) => <ForecastSection data={d} />}
          </ReportSection>
        </div>
      </section>
      <RecordsDialog target={drill} filters={filters} onClose={() => setDrill(null)} />
    </DrillProvider>
  );
}
