import { defineMessages, useIntl } from 'react-intl';
import type { FunnelReport } from '@callboard/contracts';
import { formatPercent } from '@/lib/format';
import { CHART_COLORS, HorizontalBars } from '../charts';
import { Figure } from '../drill-down';
import { lostReasonLabel } from '../../utils/labels';
import { withValues } from '../../utils/messages';
import { amountsText, repFigure, RepName, repOf, Stat, Stats, TABLE, TableWrap } from './common';

const M = withValues(
  defineMessages({
    note: { id: 'reports.funnel.note', defaultMessage: '{pipeline}: deals created in the period and how far they got.' },
    newDeals: { id: 'reports.funnel.newDeals', defaultMessage: 'New deals' },
    cohortFigure: { id: 'reports.funnel.cohortFigure', defaultMessage: 'Deals created in the period' },
    won: { id: 'reports.funnel.won', defaultMessage: 'Won' },
    wonFigure: { id: 'reports.funnel.wonFigure', defaultMessage: 'Won deals' },
    lost: { id: 'reports.funnel.lost', defaultMessage: 'Lost' },
    lostFigure: { id: 'reports.funnel.lostFigure', defaultMessage: 'Lost deals' },
    open: { id: 'reports.funnel.open', defaultMessage: 'Open' },
    openFigure: { id: 'reports.funnel.openFigure', defaultMessage: 'Deals still open' },
    chart: { id: 'reports.funnel.chart', defaultMessage: 'Funnel of {pipeline}: deals that reached each stage (numbers in the table)' },
    reached: { id: 'reports.funnel.reached', defaultMessage: 'Reached' },
    byStage: { id: 'reports.funnel.byStage', defaultMessage: 'Funnel by stage' },
    stage: { id: 'reports.funnel.stage', defaultMessage: 'Stage' },
    toNext: { id: 'reports.funnel.toNext', defaultMessage: 'To next' },
    lostHere: { id: 'reports.funnel.lostHere', defaultMessage: 'Lost here' },
    whyLost: { id: 'reports.funnel.whyLost', defaultMessage: 'Why lost' },
    reachedFigure: { id: 'reports.funnel.reachedFigure', defaultMessage: 'Deals that reached {stage}' },
    lostAtFigure: { id: 'reports.funnel.lostAtFigure', defaultMessage: 'Deals lost in {stage}' },
    lostAtReasonFigure: { id: 'reports.funnel.lostAtReasonFigure', defaultMessage: 'Deals lost in {stage}: {reason}' },
    perRep: { id: 'reports.funnel.perRep', defaultMessage: 'Funnel per rep' },
    created: { id: 'reports.funnel.created', defaultMessage: 'Created' },
    repCohortFigure: { id: 'reports.funnel.repCohortFigure', defaultMessage: '{rep}: deals created in the period' },
    repReachedFigure: { id: 'reports.funnel.repReachedFigure', defaultMessage: '{rep}: deals that reached {stage}' },
    repWonFigure: { id: 'reports.funnel.repWonFigure', defaultMessage: '{rep}: won deals' },
    repLostFigure: { id: 'reports.funnel.repLostFigure', defaultMessage: '{rep}: lost deals' },
  }),
);

/** The funnel: how far the period's new deals got, stage by stage, where they were lost and why. */
export function FunnelSection({ data }: { data: FunnelReport }) {
  const intl = useIntl();
  const bars = data.stages.map((s) => ({ name: s.name, reached: s.reached, group: s.group }));
  const colorOf = (row: { group: string }) => (row.group === 'won' ? CHART_COLORS.success : row.group === 'lost' ? CHART_COLORS.danger : CHART_COLORS.primary);
  return (
    <>
      <p className="report-note">{intl.formatMessage(M.note, { pipeline: <bdi data-user-content>{data.pipelineName}</bdi> })}</p>
      <Stats>
        <Stat label={intl.formatMessage(M.newDeals)} testId="funnel-cohort">
          <Figure report="funnel" cell="cohort" label={{ message: M.cohortFigure }} value={data.cohort} />
        </Stat>
        <Stat label={intl.formatMessage(M.won)} testId="funnel-won">
          <Figure report="funnel" cell="won" label={{ message: M.wonFigure }} value={data.won.count} />
          <span className="report-amount">{amountsText(data.won.amounts)}</span>
        </Stat>
        <Stat label={intl.formatMessage(M.lost)} testId="funnel-lost">
          <Figure report="funnel" cell="lost" label={{ message: M.lostFigure }} value={data.lost.count} />
          <span className="report-amount">{amountsText(data.lost.amounts)}</span>
        </Stat>
        <Stat label={intl.formatMessage(M.open)} testId="funnel-open">
          <Figure report="funnel" cell="open" label={{ message: M.openFigure }} value={data.open} />
        </Stat>
      </Stats>
      <div className="report-split">
        <HorizontalBars
          label={intl.formatMessage(M.chart, { pipeline: data.pipelineName })}
          data={bars}
          nameKey="name"
          namesAreUserData
          valueKey="reached"
          valueName={intl.formatMessage(M.reached)}
          colorOf={colorOf}
        />
        <TableWrap label={intl.formatMessage(M.byStage)}>
          <table className="table report-table" data-testid="funnel-stages">
            <thead>
              <tr>
                <th scope="col">{intl.formatMessage(M.stage)}</th>
                <th scope="col" className="report-num">
                  {intl.formatMessage(M.reached)}
                </th>
                <th scope="col" className="report-num">
                  {intl.formatMessage(M.toNext)}
                </th>
                <th scope="col" className="report-num">
                  {intl.formatMessage(M.lostHere)}
                </th>
                <th scope="col">{intl.formatMessage(M.whyLost)}</th>
              </tr>
            </thead>
            <tbody>
              {data.stages.map((s) => (
                <tr key={s.stageId} data-testid="funnel-stage" data-stage-id={s.stageId}>
                  <th scope="row">
                    <bdi data-user-content>{s.name}</bdi>
                  </th>
                  <td className="report-num">
                    <Figure report="funnel" cell={`reached:${s.stageId}`} label={{ message: M.reachedFigure, user: { stage: s.name } }} value={s.reached} />
                    <span className="report-amount">{amountsText(s.amounts)}</span>
                  </td>
                  <td className="report-num" data-testid="funnel-conversion">
                    {s.conversionToNext === null ? '—' : formatPercent(s.conversionToNext)}
                  </td>
                  <td className="report-num">
                    <Figure report="funnel" cell={`lost-at:${s.stageId}`} label={{ message: M.lostAtFigure, user: { stage: s.name } }} value={s.lost} />
                  </td>
                  <td>
                    {s.lostReasons.length === 0
                      ? '—'
                      : s.lostReasons.map((r) => (
                          <span key={r.reason ?? 'none'} className="report-reason">
                            {lostReasonLabel(intl, r.reason)}{' '}
                            <Figure
                              report="funnel"
                              cell={`lost-at:${s.stageId}:${r.reason ?? 'none'}`}
                              label={{ message: M.lostAtReasonFigure, values: { reason: lostReasonLabel(intl, r.reason) }, user: { stage: s.name } }}
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
        <TableWrap label={intl.formatMessage(M.perRep)}>
          <table className="table report-table" data-testid="funnel-per-rep">
            <caption>{intl.formatMessage(TABLE.perRep)}</caption>
            <thead>
              <tr>
                <th scope="col">{intl.formatMessage(TABLE.rep)}</th>
                <th scope="col" className="report-num">
                  {intl.formatMessage(M.created)}
                </th>
                {data.stages.map((s) => (
                  <th scope="col" className="report-num" key={s.stageId}>
                    <bdi data-user-content>{s.name}</bdi>
                  </th>
                ))}
                <th scope="col" className="report-num">
                  {intl.formatMessage(M.won)}
                </th>
                <th scope="col" className="report-num">
                  {intl.formatMessage(M.lost)}
                </th>
              </tr>
            </thead>
            <tbody>
              {data.perRep.map((r) => (
                <tr key={repOf(r)} data-testid="funnel-rep" data-rep={repOf(r)}>
                  <th scope="row">
                    <RepName row={r} />
                  </th>
                  <td className="report-num">
                    <Figure report="funnel" cell="cohort" rep={repOf(r)} label={repFigure(intl, r, M.repCohortFigure)} value={r.cohort} />
                  </td>
                  {data.stages.map((s, i) => (
                    <td className="report-num" key={s.stageId}>
                      <Figure report="funnel" cell={`reached:${s.stageId}`} rep={repOf(r)} label={repFigure(intl, r, M.repReachedFigure, { user: { stage: s.name } })} value={r.reached[i] ?? 0} />
                    </td>
                  ))}
                  <td className="report-num">
                    <Figure report="funnel" cell="won" rep={repOf(r)} label={repFigure(intl, r, M.repWonFigure)} value={r.won} />
                  </td>
                  <td className="report-num">
                    <Figure report="funnel" cell="lost" rep={repOf(r)} label={repFigure(intl, r, M.repLostFigure)} value={r.lost} />
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
