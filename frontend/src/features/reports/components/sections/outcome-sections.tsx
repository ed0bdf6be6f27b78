import { SpeedBucket, type ForecastReport, type OutcomesReport, type SpeedToLeadReport } from '@callboard/contracts';
import { formatMoney, formatMoneyCompact, formatMonth, formatNumber, formatSpan } from '@/lib/format';
import { CHART_COLORS, Columns, HorizontalBars } from '../charts';
import { Figure } from '../drill-down';
import { bucketWithinSla, humanize, lostReasonLabel, SPEED_BUCKET_LABELS } from '../../utils/labels';
import { amountsText, FigureTable, ratioText, repName, repOf, Stat, Stats, TableWrap } from './common';

/** How long new leads waited for their first contact, against the SLA (10 minutes by default). */
export function SpeedToLeadSection({ data }: { data: SpeedToLeadReport }) {
  const counts = new Map(data.buckets.map((b) => [b.key, b.count]));
  const bars = SpeedBucket.options.map((key) => ({ key, name: SPEED_BUCKET_LABELS[key], count: counts.get(key) ?? 0, within: bucketWithinSla(key, data.slaMinutes) }));
  const sla = `${formatNumber(data.slaMinutes)} min`;
  return (
    <>
      <Stats>
        <Stat label="New leads" testId="speed-leads">
          <Figure report="speed-to-lead" cell="leads" label="New leads in the period" value={data.leads} />
        </Stat>
        <Stat label="Contacted" testId="speed-contacted">
          <Figure report="speed-to-lead" cell="contacted" label="Leads contacted" value={data.contacted} />
        </Stat>
        <Stat label={`Within ${sla}`} testId="speed-within">
          <Figure report="speed-to-lead" cell="within-sla" label={`Leads contacted within ${sla}`} value={data.withinSla} />
          {data.contacted > 0 && <span className="report-amount">{ratioText(data.withinSla, data.contacted)} of contacted</span>}
        </Stat>
        <Stat label="Not contacted yet" testId="speed-not-contacted">
          <Figure report="speed-to-lead" cell="not-contacted" label="Leads not contacted yet" value={data.notContacted} />
        </Stat>
        <Stat label="Median time to contact">{data.medianSeconds === null ? '—' : formatSpan(data.medianSeconds)}</Stat>
      </Stats>
      <p className="report-legend">
        <span className="report-swatch report-swatch-ok" aria-hidden="true" /> within the {sla} SLA
        <span className="report-swatch report-swatch-late" aria-hidden="true" /> later
      </p>
      <div className="report-split">
        <Columns
          label={`Time to first contact: leads per bucket; green buckets are within the ${sla} SLA (numbers in the table)`}
          data={bars}
          nameKey="name"
          series={[{ key: 'count', name: 'Leads', color: CHART_COLORS.primary }]}
          everyTick
          colorOf={(b) => (b.within ? CHART_COLORS.success : CHART_COLORS.warning)}
        />
        <TableWrap label="Time to first contact">
          <table className="table report-table" data-testid="speed-buckets">
            <thead>
              <tr>
                <th scope="col">First contact after</th>
                <th scope="col" className="report-num">Leads</th>
              </tr>
            </thead>
            <tbody>
              {bars.map((b) => (
                <tr key={b.key} className={b.within ? 'report-row-ok' : 'report-row-late'} data-within-sla={b.within}>
                  <th scope="row">
                    {b.name}
                    <span className="visually-hidden">{b.within ? ' (within the SLA)' : ' (later than the SLA)'}</span>
                  </th>
                  <td className="report-num">
                    <Figure report="speed-to-lead" cell={`bucket:${b.key}`} label={`Leads first contacted after ${b.name.toLowerCase()}`} value={b.count} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </div>
      {data.perRep.length > 0 && (
        <FigureTable
          label="Speed to lead per rep"
          caption="Per rep"
          rows={data.perRep}
          rowKey={repOf}
          rowHeader={repName}
          columns={[
            {
              header: 'Contacted',
              numeric: true,
              cell: (r) => <Figure report="speed-to-lead" cell="contacted" rep={repOf(r)} label={`${repName(r)}: leads contacted`} value={r.contacted} />,
            },
            {
              header: `Within ${sla}`,
              numeric: true,
              cell: (r) => (
                <>
                  <Figure report="speed-to-lead" cell="within-sla" rep={repOf(r)} label={`${repName(r)}: leads contacted within ${sla}`} value={r.withinSla} /> (
                  {ratioText(r.withinSla, r.contacted)})
                </>
              ),
            },
            { header: 'Median', numeric: true, cell: (r) => (r.medianSeconds === null ? '—' : formatSpan(r.medianSeconds)) },
          ]}
        />
      )}
    </>
  );
}

/** Won deals by source, lost deals by reason. */
export function OutcomesSection({ data }: { data: OutcomesReport }) {
  return (
    <>
      <Stats>
        <Stat label="Won" testId="outcomes-won">
          <Figure report="outcomes" cell="won" label="Deals won in the period" value={data.won.count} />
          <span className="report-amount">{amountsText(data.won.amounts)}</span>
        </Stat>
        <Stat label="Lost" testId="outcomes-lost">
          <Figure report="outcomes" cell="lost" label="Deals lost in the period" value={data.lost.count} />
          <span className="report-amount">{amountsText(data.lost.amounts)}</span>
        </Stat>
      </Stats>
      <div className="report-split">
        <FigureTable
          label="Won by source"
          caption="Won by source"
          firstHeader="Source"
          rows={data.wonBySource}
          rowKey={(s) => s.source}
          rowHeader={(s) => humanize(s.source)}
          columns={[
            {
              header: 'Deals',
              numeric: true,
              cell: (s) => <Figure report="outcomes" cell={`won-source:${s.source}`} label={`Won deals from ${humanize(s.source).toLowerCase()}`} value={s.count} />,
            },
            { header: 'Amount', numeric: true, cell: (s) => amountsText(s.amounts) },
          ]}
        />
        <FigureTable
          label="Lost by reason"
          caption="Lost by reason"
          testId="outcomes-lost-reasons"
          firstHeader="Reason"
          rows={data.lostByReason}
          rowKey={(r) => r.reason ?? 'none'}
          rowHeader={(r) => lostReasonLabel(r.reason)}
          columns={[
            {
              header: 'Deals',
              numeric: true,
              cell: (r) => <Figure report="outcomes" cell={`lost-reason:${r.reason ?? 'none'}`} label={`Deals lost: ${lostReasonLabel(r.reason)}`} value={r.count} />,
            },
            { header: 'Amount', numeric: true, cell: (r) => amountsText(r.amounts) },
          ]}
        />
      </div>
      {data.perRep.length > 0 && (
        <FigureTable
          label="Won and lost per rep"
          caption="Per rep"
          rows={data.perRep}
          rowKey={repOf}
          rowHeader={repName}
          columns={[
            { header: 'Won', numeric: true, cell: (r) => <Figure report="outcomes" cell="won" rep={repOf(r)} label={`${repName(r)}: won deals`} value={r.won} /> },
            { header: 'Lost', numeric: true, cell: (r) => <Figure report="outcomes" cell="lost" rep={repOf(r)} label={`${repName(r)}: lost deals`} value={r.lost} /> },
          ]}
        />
      )}
    </>
  );
}

/** Open deals by expected close month: their amount and the amount weighted by stage probability. */
export function ForecastSection({ data }: { data: ForecastReport }) {
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
        <Stat label="Open deals without a close date" testId="forecast-undated">
          <Figure report="forecast" cell="undated" label="Open deals without an expected close date" value={data.undated} />
        </Stat>
      </Stats>
      {bars.length > 0 && (
        <div className="report-split">
          {currencies.length === 1 ? (
            <HorizontalBars
              label={`Weighted amount per expected close month in ${currencies[0]} (numbers in the table)`}
              data={bars}
              nameKey="name"
              valueKey={currencies[0]!}
              valueName="Weighted"
              format={(v) => formatMoneyCompact(v, currencies[0]!)}
            />
          ) : (
            <Columns
              label="Weighted amount per expected close month, one bar per currency (numbers in the table)"
              data={bars}
              nameKey="month"
              series={currencies.map((c, i) => ({ key: c, name: c, color: palette[i % palette.length]! }))}
              tickFormat={formatMonth}
            />
          )}
          <TableWrap label="Forecast per month">
            <table className="table report-table" data-testid="forecast-months">
              <thead>
                <tr>
                  <th scope="col">Month</th>
                  <th scope="col" className="report-num">Deals</th>
                  <th scope="col" className="report-num">Open</th>
                  <th scope="col" className="report-num">Weighted</th>
                </tr>
              </thead>
              <tbody>
                {data.months.map((m) => (
                  <tr key={`${m.month}-${m.currency}`}>
                    <th scope="row">{formatMonth(m.month)}</th>
                    <td className="report-num">
                      <Figure report="forecast" cell={`month:${m.month}:${m.currency}`} label={`Open deals expected to close in ${formatMonth(m.month)} (${m.currency})`} value={m.deals} />
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
          label="Forecast per rep"
          caption="Per rep"
          rows={data.perRep}
          rowKey={(r) => `${repOf(r)}-${r.currency}`}
          rowHeader={repName}
          columns={[
            { header: 'Deals', numeric: true, cell: (r) => formatNumber(r.deals) },
            { header: 'Open', numeric: true, cell: (r) => formatMoney(r.open, r.currency) },
            { header: 'Weighted', numeric: true, cell: (r) => formatMoney(r.weighted, r.currency) },
          ]}
        />
      )}
    </>
  );
}
