import type { FunnelReport } from '@callboard/contracts';
import { formatPercent } from '@/lib/format';
import { CHART_COLORS, HorizontalBars } from '../charts';
import { Figure } from '../drill-down';
import { lostReasonLabel } from '../../utils/labels';
import { amountsText, repName, repOf, Stat, Stats, TableWrap } from './common';

/** The funnel: how far the period's new deals got, stage by stage, where they were lost and why. */
export function FunnelSection({ data }: { data: FunnelReport }) {
  const bars = data.stages.map((s) => ({ name: s.name, reached: s.reached, group: s.group }));
  const colorOf = (row: { group: string }) => (row.group === 'won' ? CHART_COLORS.success : row.group === 'lost' ? CHART_COLORS.danger : CHART_COLORS.primary);
  return (
    <>
      <p className="report-note">
        {data.pipelineName}: deals created in the period and how far they got.
      </p>
      <Stats>
        <Stat label="New deals" testId="funnel-cohort">
          <Figure report="funnel" cell="cohort" label="Deals created in the period" value={data.cohort} />
        </Stat>
        <Stat label="Won" testId="funnel-won">
          <Figure report="funnel" cell="won" label="Won deals" value={data.won.count} />
          <span className="report-amount">{amountsText(data.won.amounts)}</span>
        </Stat>
        <Stat label="Lost" testId="funnel-lost">
          <Figure report="funnel" cell="lost" label="Lost deals" value={data.lost.count} />
          <span className="report-amount">{amountsText(data.lost.amounts)}</span>
        </Stat>
        <Stat label="Open" testId="funnel-open">
          <Figure report="funnel" cell="open" label="Deals still open" value={data.open} />
        </Stat>
      </Stats>
      <div className="report-split">
        <HorizontalBars
          label={`Funnel of ${data.pipelineName}: deals that reached each stage (numbers in the table)`}
          data={bars}
          nameKey="name"
          valueKey="reached"
          valueName="Reached"
          colorOf={colorOf}
        />
        <TableWrap label="Funnel by stage">
          <table className="table report-table" data-testid="funnel-stages">
            <thead>
              <tr>
                <th scope="col">Stage</th>
                <th scope="col" className="report-num">Reached</th>
                <th scope="col" className="report-num">To next</th>
                <th scope="col" className="report-num">Lost here</th>
                <th scope="col">Why lost</th>
              </tr>
            </thead>
            <tbody>
              {data.stages.map((s) => (
                <tr key={s.stageId} data-testid="funnel-stage" data-stage-id={s.stageId}>
                  <th scope="row">{s.name}</th>
                  <td className="report-num">
                    <Figure report="funnel" cell={`reached:${s.stageId}`} label={`Deals that reached ${s.name}`} value={s.reached} />
                    <span className="report-amount">{amountsText(s.amounts)}</span>
                  </td>
                  <td className="report-num" data-testid="funnel-conversion">
                    {s.conversionToNext === null ? '—' : formatPercent(s.conversionToNext)}
                  </td>
                  <td className="report-num">
                    <Figure report="funnel" cell={`lost-at:${s.stageId}`} label={`Deals lost in ${s.name}`} value={s.lost} />
                  </td>
                  <td>
                    {s.lostReasons.length === 0
                      ? '—'
                      : s.lostReasons.map((r) => (
                          <span key={r.reason ?? 'none'} className="report-reason">
                            {lostReasonLabel(r.reason)}{' '}
                            <Figure
                              report="funnel"
                              cell={`lost-at:${s.stageId}:${r.reason ?? 'none'}`}
                              label={`Deals lost in ${s.name}: ${lostReasonLabel(r.reason)}`}
                              value={r.count}
                            />
                          </span>
                        ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </div>
      {data.perRep.length > 0 && (
        <TableWrap label="Funnel per rep">
          <table className="table report-table" data-testid="funnel-per-rep">
            <caption>Per rep</caption>
            <thead>
              <tr>
                <th scope="col">Rep</th>
                <th scope="col" className="report-num">Created</th>
                {data.stages.map((s) => (
                  <th scope="col" className="report-num" key={s.stageId}>
                    {s.name}
                  </th>
                ))}
                <th scope="col" className="report-num">Won</th>
                <th scope="col" className="report-num">Lost</th>
              </tr>
            </thead>
            <tbody>
              {data.perRep.map((r) => (
                <tr key={repOf(r)} data-testid="funnel-rep" data-rep={repOf(r)}>
                  <th scope="row">{repName(r)}</th>
                  <td className="report-num">
                    <Figure report="funnel" cell="cohort" rep={repOf(r)} label={`${repName(r)}: deals created in the period`} value={r.cohort} />
                  </td>
                  {data.stages.map((s, i) => (
                    <td className="report-num" key={s.stageId}>
                      <Figure report="funnel" cell={`reached:${s.stageId}`} rep={repOf(r)} label={`${repName(r)}: deals that reached ${s.name}`} value={r.reached[i] ?? 0} />
                    </td>
                  ))}
                  <td className="report-num">
                    <Figure report="funnel" cell="won" rep={repOf(r)} label={`${repName(r)}: won deals`} value={r.won} />
                  </td>
                  <td className="report-num">
                    <Figure report="funnel" cell="lost" rep={repOf(r)} label={`${repName(r)}: lost deals`} value={r.lost} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </>
  );
}
