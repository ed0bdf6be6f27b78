import { defineMessages, useIntl } from 'react-intl';
import { SpeedBucket, type ForecastReport, type OutcomesReport, type SpeedToLeadReport } from '@callboard/contracts';
import { formatMoney, formatMoneyCompact, formatMonth, formatNumber, formatSpan } from '@/lib/format';
import { CHART_COLORS, Columns, HorizontalBars } from '../charts';
import { Figure } from '../drill-down';
import { bucketWithinSla, dealSourceLabel, lostReasonLabel, SPEED_BUCKET_FIGURES, SPEED_BUCKET_LABELS, wonSourceFigure } from '../../utils/labels';
import { withValues } from '../../utils/messages';
import { amountsText, FigureTable, ratioText, repFigure, RepName, repOf, Stat, Stats, TABLE, TableWrap } from './common';

const SPEED = withValues(
  defineMessages({
    newLeads: { id: 'reports.speedToLead.newLeads', defaultMessage: 'New leads' },
    newLeadsFigure: { id: 'reports.speedToLead.newLeadsFigure', defaultMessage: 'New leads in the period' },
    contacted: { id: 'reports.speedToLead.contacted', defaultMessage: 'Contacted' },
    contactedFigure: { id: 'reports.speedToLead.contactedFigure', defaultMessage: 'Leads contacted' },
    within: { id: 'reports.speedToLead.within', defaultMessage: 'Within {sla}' },
    withinFigure: { id: 'reports.speedToLead.withinFigure', defaultMessage: 'Leads contacted within {sla}' },
    ofContacted: { id: 'reports.speedToLead.ofContacted', defaultMessage: '{ratio} of contacted' },
    notContacted: { id: 'reports.speedToLead.notContacted', defaultMessage: 'Not contacted yet' },
    notContactedFigure: { id: 'reports.speedToLead.notContactedFigure', defaultMessage: 'Leads not contacted yet' },
    median: { id: 'reports.speedToLead.median', defaultMessage: 'Median time to contact' },
    legendWithin: { id: 'reports.speedToLead.legendWithin', defaultMessage: 'within the {sla} SLA' },
    legendLater: { id: 'reports.speedToLead.legendLater', defaultMessage: 'later' },
    chart: {
      id: 'reports.speedToLead.chart',
      defaultMessage: 'Time to first contact: leads per bucket; green buckets are within the {sla} SLA (numbers in the table)',
    },
    leads: { id: 'reports.speedToLead.leads', defaultMessage: 'Leads' },
    table: { id: 'reports.speedToLead.table', defaultMessage: 'Time to first contact' },
    firstContactAfter: { id: 'reports.speedToLead.firstContactAfter', defaultMessage: 'First contact after' },
    bucketWithin: { id: 'reports.speedToLead.bucketWithin', defaultMessage: '(within the SLA)' },
    bucketLater: { id: 'reports.speedToLead.bucketLater', defaultMessage: '(later than the SLA)' },
    perRep: { id: 'reports.speedToLead.perRep', defaultMessage: 'Speed to lead per rep' },
    repContactedFigure: { id: 'reports.speedToLead.repContactedFigure', defaultMessage: '{rep}: leads contacted' },
    repWithinFigure: { id: 'reports.speedToLead.repWithinFigure', defaultMessage: '{rep}: leads contacted within {sla}' },
    withRatio: { id: 'reports.speedToLead.withRatio', defaultMessage: '{figure} ({ratio})' },
    medianColumn: { id: 'reports.speedToLead.medianColumn', defaultMessage: 'Median' },
  }),
);

/** How long new leads waited for their first contact, against the SLA (10 minutes by default). */
export function SpeedToLeadSection({ data }: { data: SpeedToLeadReport }) {
  const intl = useIntl();
  const counts = new Map(data.buckets.map((b) => [b.key, b.count]));
  const bars = SpeedBucket.options.map((key) => ({
    key,
    name: intl.formatMessage(SPEED_BUCKET_LABELS[key]),
    count: counts.get(key) ?? 0,
    within: bucketWithinSla(key, data.slaMinutes),
  }));
  const sla = formatNumber(data.slaMinutes, { style: 'unit', unit: 'minute', unitDisplay: 'short' });
  return (
    <>
      <Stats>
        <Stat label={intl.formatMessage(SPEED.newLeads)} testId="speed-leads">
          <Figure report="speed-to-lead" cell="leads" label={{ message: SPEED.newLeadsFigure }} value={data.leads} />
        </Stat>
        <Stat label={intl.formatMessage(SPEED.contacted)} testId="speed-contacted">
          <Figure report="speed-to-lead" cell="contacted" label={{ message: SPEED.contactedFigure }} value={data.contacted} />
        </Stat>
        <Stat label={intl.formatMessage(SPEED.within, { sla })} testId="speed-within">
          <Figure report="speed-to-lead" cell="within-sla" label={{ message: SPEED.withinFigure, values: { sla } }} value={data.withinSla} />
          {data.contacted > 0 && <span className="report-amount">{intl.formatMessage(SPEED.ofContacted, { ratio: ratioText(data.withinSla, data.contacted) })}</span>}
        </Stat>
        <Stat label={intl.formatMessage(SPEED.notContacted)} testId="speed-not-contacted">
          <Figure report="speed-to-lead" cell="not-contacted" label={{ message: SPEED.notContactedFigure }} value={data.notContacted} />
        </Stat>
        <Stat label={intl.formatMessage(SPEED.median)}>{data.medianSeconds === null ? '—' : formatSpan(data.medianSeconds)}</Stat>
      </Stats>
      <p className="report-legend">
        <span className="report-swatch report-swatch-ok" aria-hidden="true" /> {intl.formatMessage(SPEED.legendWithin, { sla })}
        <span className="report-swatch report-swatch-late" aria-hidden="true" /> {intl.formatMessage(SPEED.legendLater)}
      </p>
      <div className="report-split">
        <Columns
          label={intl.formatMessage(SPEED.chart, { sla })}
          data={bars}
          nameKey="name"
          series={[{ key: 'count', name: intl.formatMessage(SPEED.leads), color: CHART_COLORS.primary }]}
          everyTick
          colorOf={(b) => (b.within ? CHART_COLORS.success : CHART_COLORS.warning)}
        />
        <TableWrap label={intl.formatMessage(SPEED.table)}>
          <table className="table report-table" data-testid="speed-buckets">
            <thead>
              <tr>
                <th scope="col">{intl.formatMessage(SPEED.firstContactAfter)}</th>
                <th scope="col" className="report-num">
                  {intl.formatMessage(SPEED.leads)}
                </th>
              </tr>
            </thead>
            <tbody>
              {bars.map((b) => (
                <tr key={b.key} className={b.within ? 'report-row-ok' : 'report-row-late'} data-within-sla={b.within}>
                  <th scope="row">
                    {b.name}
                    <span className="visually-hidden"> {intl.formatMessage(b.within ? SPEED.bucketWithin : SPEED.bucketLater)}</span>
                  </th>
                  <td className="report-num">
                    <Figure report="speed-to-lead" cell={`bucket:${b.key}`} label={{ message: SPEED_BUCKET_FIGURES[b.key] }} value={b.count} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </div>
      {data.perRep.length > 0 && (
        <FigureTable
          label={intl.formatMessage(SPEED.perRep)}
          caption={intl.formatMessage(TABLE.perRep)}
          rows={data.perRep}
          rowKey={repOf}
          rowHeader={(r) => <RepName row={r} />}
          columns={[
            {
              header: intl.formatMessage(SPEED.contacted),
              numeric: true,
              cell: (r) => <Figure report="speed-to-lead" cell="contacted" rep={repOf(r)} label={repFigure(intl, r, SPEED.repContactedFigure)} value={r.contacted} />,
            },
            {
              header: intl.formatMessage(SPEED.within, { sla }),
              numeric: true,
              cell: (r) =>
                intl.formatMessage(SPEED.withRatio, {
                  figure: (
                    <Figure report="speed-to-lead" cell="within-sla" rep={repOf(r)} label={repFigure(intl, r, SPEED.repWithinFigure, { values: { sla } })} value={r.withinSla} />
                  ),
                  ratio: ratioText(r.withinSla, r.contacted),
                }),
            },
            { header: intl.formatMessage(SPEED.medianColumn), numeric: true, cell: (r) => (r.medianSeconds === null ? '—' : formatSpan(r.medianSeconds)) },
          ]}
        />
      )}
    </>
  );
}

const OUTCOMES = withValues(
  defineMessages({
    won: { id: 'reports.outcomes.won', defaultMessage: 'Won' },
    wonFigure: { id: 'reports.outcomes.wonFigure', defaultMessage: 'Deals won in the period' },
    lost: { id: 'reports.outcomes.lost', defaultMessage: 'Lost' },
    lostFigure: { id: 'reports.outcomes.lostFigure', defaultMessage: 'Deals lost in the period' },
    wonBySource: { id: 'reports.outcomes.wonBySource', defaultMessage: 'Won by source' },
    source: { id: 'reports.outcomes.source', defaultMessage: 'Source' },
    deals: { id: 'reports.outcomes.deals', defaultMessage: 'Deals' },
    amount: { id: 'reports.outcomes.amount', defaultMessage: 'Amount' },
    lostByReason: { id: 'reports.outcomes.lostByReason', defaultMessage: 'Lost by reason' },
    reason: { id: 'reports.outcomes.reason', defaultMessage: 'Reason' },
    lostReasonFigure: { id: 'reports.outcomes.lostReasonFigure', defaultMessage: 'Deals lost: {reason}' },
    perRep: { id: 'reports.outcomes.perRep', defaultMessage: 'Won and lost per rep' },
    repWonFigure: { id: 'reports.outcomes.repWonFigure', defaultMessage: '{rep}: won deals' },
    repLostFigure: { id: 'reports.outcomes.repLostFigure', defaultMessage: '{rep}: lost deals' },
  }),
);

/** Won deals by source, lost deals by reason. */
export function OutcomesSection({ data }: { data: OutcomesReport }) {
  const intl = useIntl();
  return (
    <>
      <Stats>
        <Stat label={intl.formatMessage(OUTCOMES.won)} testId="outcomes-won">
          <Figure report="outcomes" cell="won" label={{ message: OUTCOMES.wonFigure }} value={data.won.count} />
          <span className="report-amount">{amountsText(data.won.amounts)}</span>
        </Stat>
        <Stat label={intl.formatMessage(OUTCOMES.lost)} testId="outcomes-lost">
          <Figure report="outcomes" cell="lost" label={{ message: OUTCOMES.lostFigure }} value={data.lost.count} />
          <span className="report-amount">{amountsText(data.lost.amounts)}</span>
        </Stat>
      </Stats>
      <div className="report-split">
        <FigureTable
          label={intl.formatMessage(OUTCOMES.wonBySource)}
          caption={intl.formatMessage(OUTCOMES.wonBySource)}
          firstHeader={intl.formatMessage(OUTCOMES.source)}
          rows={data.wonBySource}
          rowKey={(s) => s.source}
          rowHeader={(s) => dealSourceLabel(intl, s.source)}
          columns={[
            {
              header: intl.formatMessage(OUTCOMES.deals),
              numeric: true,
              cell: (s) => <Figure report="outcomes" cell={`won-source:${s.source}`} label={wonSourceFigure(s.source)} value={s.count} />,
            },
            { header: intl.formatMessage(OUTCOMES.amount), numeric: true, cell: (s) => amountsText(s.amounts) },
          ]}
        />
        <FigureTable
          label={intl.formatMessage(OUTCOMES.lostByReason)}
          caption={intl.formatMessage(OUTCOMES.lostByReason)}
          testId="outcomes-lost-reasons"
          firstHeader={intl.formatMessage(OUTCOMES.reason)}
          rows={data.lostByReason}
          rowKey={(r) => r.reason ?? 'none'}
          rowHeader={(r) => lostReasonLabel(intl, r.reason)}
          columns={[
            {
              header: intl.formatMessage(OUTCOMES.deals),
              numeric: true,
              cell: (r) => (
                <Figure
                  report="outcomes"
                  cell={`lost-reason:${r.reason ?? 'none'}`}
                  label={{ message: OUTCOMES.lostReasonFigure, values: { reason: lostReasonLabel(intl, r.reason) } }}
                  value={r.count}
                />
              ),
            },
            { header: intl.formatMessage(OUTCOMES.amount), numeric: true, cell: (r) => amountsText(r.amounts) },
          ]}
        />
      </div>
      {data.perRep.length > 0 && (
        <FigureTable
          label={intl.formatMessage(OUTCOMES.perRep)}
          caption={intl.formatMessage(TABLE.perRep)}
          rows={data.perRep}
          rowKey={repOf}
          rowHeader={(r) => <RepName row={r} />}
          columns={[
            {
              header: intl.formatMessage(OUTCOMES.won),
              numeric: true,
              cell: (r) => <Figure report="outcomes" cell="won" rep={repOf(r)} label={repFigure(intl, r, OUTCOMES.repWonFigure)} value={r.won} />,
            },
            {
              header: intl.formatMessage(OUTCOMES.lost),
              numeric: true,
              cell: (r) => <Figure report="outcomes" cell="lost" rep={repOf(r)} label={repFigure(intl, r, OUTCOMES.repLostFigure)} value={r.lost} />,
            },
          ]}
        />
      )}
    </>
  );
}

const FORECAST = withValues(
  defineMessages({
    undated: { id: 'reports.forecast.undated', defaultMessage: 'Open deals without a close date' },
    undatedFigure: { id: 'reports.forecast.undatedFigure', defaultMessage: 'Open deals without an expected close date' },
    chartOneCurrency: { id: 'reports.forecast.chartOneCurrency', defaultMessage: 'Weighted amount per expected close month in {currency} (numbers in the table)' },
    chartCurrencies: {
      id: 'reports.forecast.chartCurrencies',
      defaultMessage: 'Weighted amount per expected close month, one bar per currency (numbers in the table)',
    },
    weighted: { id: 'reports.forecast.weighted', defaultMessage: 'Weighted' },
    perMonth: { id: 'reports.forecast.perMonth', defaultMessage: 'Forecast per month' },
    month: { id: 'reports.forecast.month', defaultMessage: 'Month' },
    deals: { id: 'reports.forecast.deals', defaultMessage: 'Deals' },
    open: { id: 'reports.forecast.open', defaultMessage: 'Open' },
    monthFigure: { id: 'reports.forecast.monthFigure', defaultMessage: 'Open deals expected to close in {month} ({currency})' },
    perRep: { id: 'reports.forecast.perRep', defaultMessage: 'Forecast per rep' },
  }),
);

/** Open deals by expected close month: their amount and the amount weighted by stage probability. */
export function ForecastSection({ data }: { data: ForecastReport }) {
  const intl = useIntl();
  const currencies = [...new Set(data.months.map((m) => m.currency))];
  // one bar per currency (amounts of different currencies are never added up)
  const bars = [...new Set(data.months.map((m) => m.month))].sort().map((month) => {
    const row: Record<string, string | number> = { month, name: formatMonth(month) };
    for (const m of data.months.filter((x) => x.month === month)) row[m.currency] = Number(m.weighted);
    return row;
  });
  const palette = [CHART_COLORS.primary, CHART_COLORS.success, CHART_COLORS.warning, CHART_COLORS.muted];
  return (
    <>
      <Stats>
        <Stat label={intl.formatMessage(FORECAST.undated)} testId="forecast-undated">
          <Figure report="forecast" cell="undated" label={{ message: FORECAST.undatedFigure }} value={data.undated} />
        </Stat>
      </Stats>
      {bars.length > 0 && (
        <div className="report-split">
          {currencies.length === 1 ? (
            <HorizontalBars
              label={intl.formatMessage(FORECAST.chartOneCurrency, { currency: currencies[0] })}
              data={bars}
              nameKey="name"
              valueKey={currencies[0]!}
              valueName={intl.formatMessage(FORECAST.weighted)}
              format={(v) => formatMoneyCompact(v, currencies[0]!)}
            />
          ) : (
            <Columns
              label={intl.formatMessage(FORECAST.chartCurrencies)}
              data={bars}
              nameKey="month"
              series={currencies.map((c, i) => ({ key: c, name: c, color: palette[i % palette.length]! }))}
              tickFormat={formatMonth}
            />
          )}
          <TableWrap label={intl.formatMessage(FORECAST.perMonth)}>
            <table className="table report-table" data-testid="forecast-months">
              <thead>
                <tr>
                  <th scope="col">{intl.formatMessage(FORECAST.month)}</th>
                  <th scope="col" className="report-num">
                    {intl.formatMessage(FORECAST.deals)}
                  </th>
                  <th scope="col" className="report-num">
                    {intl.formatMessage(FORECAST.open)}
                  </th>
                  <th scope="col" className="report-num">
                    {intl.formatMessage(FORECAST.weighted)}
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.months.map((m) => (
                  <tr key={`${m.month}-${m.currency}`}>
                    <th scope="row">{formatMonth(m.month)}</th>
                    <td className="report-num">
                      <Figure
                        report="forecast"
                        cell={`month:${m.month}:${m.currency}`}
                        label={{ message: FORECAST.monthFigure, values: { month: formatMonth(m.month), currency: m.currency } }}
                        value={m.deals}
                      />
                    </td>
                    <td className="report-num">{formatMoney(m.open, m.currency)}</td>
                    <td className="report-num">{formatMoney(m.weighted, m.currency)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </div>
      )}
      {data.perRep.length > 0 && (
        <FigureTable
          label={intl.formatMessage(FORECAST.perRep)}
          caption={intl.formatMessage(TABLE.perRep)}
          rows={data.perRep}
          rowKey={(r) => `${repOf(r)}-${r.currency}`}
          rowHeader={(r) => <RepName row={r} />}
          columns={[
            { header: intl.formatMessage(FORECAST.deals), numeric: true, cell: (r) => formatNumber(r.deals) },
            { header: intl.formatMessage(FORECAST.open), numeric: true, cell: (r) => formatMoney(r.open, r.currency) },
            { header: intl.formatMessage(FORECAST.weighted), numeric: true, cell: (r) => formatMoney(r.weighted, r.currency) },
          ]}
        />
      )}
    </>
  );
}
