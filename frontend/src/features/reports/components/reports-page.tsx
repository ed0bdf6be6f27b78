import './reports.css';
import { useState } from 'react';
import type { ReportName } from '@callboard/contracts';
import { useAuth, useSessionUser } from '@/features/auth';
import { formatDate } from '@/lib/format';
import { useReportFilters } from '../hooks/use-report-filters';
import { useReportsLive } from '../hooks/use-reports-live';
import { DrillProvider, type DrillTarget } from './drill-down';
import { RecordsDialog } from './records-dialog';
import { ReportFiltersBar } from './report-filters';
import { ReportSection } from './report-section';
import { CallsSection } from './sections/calls-section';
import { FunnelSection } from './sections/funnel-section';
import { DormantSection, NeverContactedSection, OfferConversionSection, OffersSection } from './sections/lead-sections';
import { ForecastSection, OutcomesSection, SpeedToLeadSection } from './sections/outcome-sections';

const TITLES: Record<ReportName, string> = {
  funnel: 'Funnel',
  'never-contacted': 'Never contacted',
  'dormant-contacts': 'Class-A contacts gone quiet',
  'offer-conversion': 'Lead → offer → order',
  offers: 'Offers by status',
  calls: 'Calls',
  'speed-to-lead': 'Speed to lead',
  outcomes: 'Won and lost',
  forecast: 'Forecast',
};

/**
 * Reports (issue 14): every report of the contract as a section of one page, with a jump list to
 * each (an anchored list reads better on a phone than nine tabs). Every figure opens its records.
 */
export function ReportsPage() {
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
          Reports
        </h1>
        <p className="report-period" data-testid="report-period-text">
          {formatDate(filters.from)} – {formatDate(filters.to)}
          {!isHead && ' · your own deals, calls and contacts'}
        </p>
        <ReportFiltersBar state={state} canChooseRep={isHead} />
        <nav className="report-jump" aria-label="Reports on this page">
          <ul>
            {(Object.keys(TITLES) as ReportName[]).map((name) => (
              <li key={name}>
                <a href={`#report-${name}`}>{TITLES[name]}</a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="report-list">
          <ReportSection name="funnel" title={TITLES.funnel} {...section} isEmpty={(d) => d.cohort === 0} empty="No deals were created in this period.">
            {(d) => <FunnelSection data={d} />}
          </ReportSection>
          <ReportSection name="never-contacted" title={TITLES['never-contacted']} {...section}>
            {(d) => <NeverContactedSection data={d} />}
          </ReportSection>
          <ReportSection name="dormant-contacts" title={TITLES['dormant-contacts']} {...section}>
            {(d) => <DormantSection data={d} />}
          </ReportSection>
          <ReportSection name="offer-conversion" title={TITLES['offer-conversion']} {...section} isEmpty={(d) => d.leads === 0} empty="No leads in this period.">
            {(d) => <OfferConversionSection data={d} />}
          </ReportSection>
          <ReportSection name="offers" title={TITLES.offers} {...section} isEmpty={(d) => d.count === 0} empty="No offers in this period.">
            {(d) => <OffersSection data={d} />}
          </ReportSection>
          <ReportSection name="calls" title={TITLES.calls} {...section}>
            {(d) => <CallsSection data={d} />}
          </ReportSection>
          <ReportSection name="speed-to-lead" title={TITLES['speed-to-lead']} {...section} isEmpty={(d) => d.leads === 0} empty="No new leads in this period.">
            {(d) => <SpeedToLeadSection data={d} />}
          </ReportSection>
          <ReportSection name="outcomes" title={TITLES.outcomes} {...section} isEmpty={(d) => d.won.count === 0 && d.lost.count === 0} empty="No deal was won or lost in this period.">
            {(d) => <OutcomesSection data={d} />}
          </ReportSection>
          <ReportSection name="forecast" title={TITLES.forecast} {...section} isEmpty={(d) => d.months.length === 0 && d.undated === 0} empty="No open deals to forecast.">
            {(d) => <ForecastSection data={d} />}
          </ReportSection>
        </div>
      </section>
      <RecordsDialog target={drill} filters={filters} onClose={() => setDrill(null)} />
    </DrillProvider>
  );
}
