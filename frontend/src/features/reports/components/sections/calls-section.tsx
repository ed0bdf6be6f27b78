import { defineMessages, useIntl } from 'react-intl';
import type { CallsReport } from '@callboard/contracts';
import { formatDate, formatDuration, formatNumber, formatPercent, formatSpan } from '@/lib/format';
import { CHART_COLORS, Columns } from '../charts';
import { Figure } from '../drill-down';
import { classLabel } from '../../utils/labels';
import { withValues } from '../../utils/messages';
import { FigureTable, ratioText, repFigure, RepName, repOf, Stat, Stats, TABLE, TableWrap } from './common';

const M = withValues(
  defineMessages({
    inbound: { id: 'reports.calls.inbound', defaultMessage: 'Inbound' },
    inboundFigure: { id: 'reports.calls.inboundFigure', defaultMessage: 'Inbound calls' },
    answered: { id: 'reports.calls.answered', defaultMessage: 'Answered' },
    answeredFigure: { id: 'reports.calls.answeredFigure', defaultMessage: 'Answered inbound calls' },
    missed: { id: 'reports.calls.missed', defaultMessage: 'Missed' },
    missedFigure: { id: 'reports.calls.missedFigure', defaultMessage: 'Missed inbound calls' },
    outbound: { id: 'reports.calls.outbound', defaultMessage: 'Outbound' },
    outboundFigure: { id: 'reports.calls.outboundFigure', defaultMessage: 'Outbound calls' },
    outboundAnswered: { id: 'reports.calls.outboundAnswered', defaultMessage: 'Outbound answered' },
    outboundAnsweredFigure: { id: 'reports.calls.outboundAnsweredFigure', defaultMessage: 'Outbound calls answered' },
    talkTime: { id: 'reports.calls.talkTime', defaultMessage: 'Talk time' },
    weekOf: { id: 'reports.calls.weekOf', defaultMessage: 'Week of {date}' },
    chart: {
      id: 'reports.calls.chart',
      defaultMessage:
        '{per, select, day {Answered, missed and outbound calls per day, stacked (numbers in the table below)} other {Answered, missed and outbound calls per week, stacked (numbers in the table below)}}',
    },
    seriesAnsweredFigure: { id: 'reports.calls.seriesAnsweredFigure', defaultMessage: 'Answered calls, {when}' },
    seriesMissedFigure: { id: 'reports.calls.seriesMissedFigure', defaultMessage: 'Missed calls, {when}' },
    seriesOutboundFigure: { id: 'reports.calls.seriesOutboundFigure', defaultMessage: 'Outbound calls, {when}' },
    perBucket: { id: 'reports.calls.perBucket', defaultMessage: '{per, select, day {Calls per day} other {Calls per week}}' },
    day: { id: 'reports.calls.day', defaultMessage: 'Day' },
    week: { id: 'reports.calls.week', defaultMessage: 'Week' },
    perRep: { id: 'reports.calls.perRep', defaultMessage: 'Calls per rep' },
    reached: { id: 'reports.calls.reached', defaultMessage: 'Reached' },
    repAnsweredFigure: { id: 'reports.calls.repAnsweredFigure', defaultMessage: '{rep}: answered calls' },
    repMissedFigure: { id: 'reports.calls.repMissedFigure', defaultMessage: '{rep}: missed calls' },
    repOutboundFigure: { id: 'reports.calls.repOutboundFigure', defaultMessage: '{rep}: outbound calls' },
    repOutboundAnsweredFigure: { id: 'reports.calls.repOutboundAnsweredFigure', defaultMessage: '{rep}: outbound calls answered' },
    perClass: { id: 'reports.calls.perClass', defaultMessage: 'Calls per contact class' },
    perClassCaption: { id: 'reports.calls.perClassCaption', defaultMessage: 'Per contact class' },
    class: { id: 'reports.calls.class', defaultMessage: 'Class' },
    calls: { id: 'reports.calls.calls', defaultMessage: 'Calls' },
    classCallsFigure: { id: 'reports.calls.classCallsFigure', defaultMessage: '{class}: calls' },
    classAnsweredFigure: { id: 'reports.calls.classAnsweredFigure', defaultMessage: '{class}: answered calls' },
    classMissedFigure: { id: 'reports.calls.classMissedFigure', defaultMessage: '{class}: missed calls' },
    callBack: { id: 'reports.calls.callBack', defaultMessage: 'Call-back after a missed call' },
    calledBack: { id: 'reports.calls.calledBack', defaultMessage: 'Called back' },
    calledBackFigure: { id: 'reports.calls.calledBackFigure', defaultMessage: 'Missed calls that were called back' },
    calledBackOf: { id: 'reports.calls.calledBackOf', defaultMessage: '{calledBack} of {missed} ({ratio})' },
    notCalledBack: { id: 'reports.calls.notCalledBack', defaultMessage: 'Not called back' },
    notCalledBackFigure: { id: 'reports.calls.notCalledBackFigure', defaultMessage: 'Missed calls not called back' },
    medianWait: { id: 'reports.calls.medianWait', defaultMessage: 'Median wait' },
    p90: { id: 'reports.calls.p90', defaultMessage: '{percent} within' },
  }),
);

// the chart's series, the day/week table's columns, and each cell's figure
const SERIES = [
  { key: 'answered', name: M.answered, figure: M.seriesAnsweredFigure, color: CHART_COLORS.success },
  { key: 'missed', name: M.missed, figure: M.seriesMissedFigure, color: CHART_COLORS.danger },
  { key: 'outbound', name: M.outbound, figure: M.seriesOutboundFigure, color: CHART_COLORS.primary },
] as const;

const CLASS_FIGURES = { calls: M.classCallsFigure, answered: M.classAnsweredFigure, missed: M.classMissedFigure } as const;
const CLASS_COLUMNS = { calls: M.calls, answered: M.answered, missed: M.missed } as const;

/** Calls: inbound answered and missed, outbound, per day or week, per rep and per contact class; call-back time. */
export function CallsSection({ data }: { data: CallsReport }) {
  const intl = useIntl();
  const per = data.bucket === 'day' ? 'day' : 'week';
  const startLabel = (start: string) => (per === 'week' ? intl.formatMessage(M.weekOf, { date: formatDate(start) }) : formatDate(start));
  const perBucket = intl.formatMessage(M.perBucket, { per });
  return (
    <>
      <Stats>
        <Stat label={intl.formatMessage(M.inbound)} testId="calls-inbound">
          <Figure report="calls" cell="inbound" label={{ message: M.inboundFigure }} value={data.inbound} />
        </Stat>
        <Stat label={intl.formatMessage(M.answered)} testId="calls-answered">
          <Figure report="calls" cell="answered" label={{ message: M.answeredFigure }} value={data.answered} />
        </Stat>
        <Stat label={intl.formatMessage(M.missed)} testId="calls-missed">
          <Figure report="calls" cell="missed" label={{ message: M.missedFigure }} value={data.missed} />
        </Stat>
        <Stat label={intl.formatMessage(M.outbound)} testId="calls-outbound">
          <Figure report="calls" cell="outbound" label={{ message: M.outboundFigure }} value={data.outbound} />
        </Stat>
        <Stat label={intl.formatMessage(M.outboundAnswered)} testId="calls-outbound-answered">
          <Figure report="calls" cell="outbound-answered" label={{ message: M.outboundAnsweredFigure }} value={data.outboundAnswered} />
        </Stat>
        <Stat label={intl.formatMessage(M.talkTime)}>{formatDuration(data.talkSeconds)}</Stat>
      </Stats>
      <Columns
        label={intl.formatMessage(M.chart, { per })}
        data={data.series}
        nameKey="start"
        series={SERIES.map((s) => ({ key: s.key, name: intl.formatMessage(s.name), color: s.color }))}
        stacked
        tickFormat={formatDate}
      />
      <details className="report-details" open>
        <summary>{perBucket}</summary>
        <TableWrap label={perBucket}>
          <table className="table report-table">
            <thead>
              <tr>
                <th scope="col">{intl.formatMessage(per === 'day' ? M.day : M.week)}</th>
                {SERIES.map((s) => (
                  <th scope="col" className="report-num" key={s.key}>
                    {intl.formatMessage(s.name)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.series.map((row) => (
                <tr key={row.start}>
                  <th scope="row">{startLabel(row.start)}</th>
                  {SERIES.map((s) => (
                    <td className="report-num" key={s.key}>
                      <Figure report="calls" cell={`series:${row.start}:${s.key}`} label={{ message: s.figure, values: { when: startLabel(row.start) } }} value={row[s.key]} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </details>
      <div className="report-split">
        <FigureTable
          label={intl.formatMessage(M.perRep)}
          caption={intl.formatMessage(TABLE.perRep)}
          testId="calls-per-rep"
          rows={data.perRep}
          rowKey={repOf}
          rowHeader={(r) => <RepName row={r} />}
          columns={[
            {
              header: intl.formatMessage(M.answered),
              numeric: true,
              cell: (r) => <Figure report="calls" cell="rep-answered" rep={repOf(r)} label={repFigure(intl, r, M.repAnsweredFigure)} value={r.answered} />,
            },
            {
              header: intl.formatMessage(M.missed),
              numeric: true,
              cell: (r) => <Figure report="calls" cell="rep-missed" rep={repOf(r)} label={repFigure(intl, r, M.repMissedFigure)} value={r.missed} />,
            },
            {
              header: intl.formatMessage(M.outbound),
              numeric: true,
              cell: (r) => <Figure report="calls" cell="rep-outbound" rep={repOf(r)} label={repFigure(intl, r, M.repOutboundFigure)} value={r.outbound} />,
            },
            {
              header: intl.formatMessage(M.reached),
              numeric: true,
              cell: (r) => (
                <Figure report="calls" cell="rep-outbound-answered" rep={repOf(r)} label={repFigure(intl, r, M.repOutboundAnsweredFigure)} value={r.outboundAnswered} />
              ),
            },
            { header: intl.formatMessage(M.talkTime), numeric: true, cell: (r) => formatDuration(r.talkSeconds) },
          ]}
        />
        <FigureTable
          label={intl.formatMessage(M.perClass)}
          caption={intl.formatMessage(M.perClassCaption)}
          testId="calls-per-class"
          firstHeader={intl.formatMessage(M.class)}
          rows={data.perClass}
          rowKey={(c) => c.importance ?? 'none'}
          rowHeader={(c) => classLabel(intl, c.importance)}
          columns={(['calls', 'answered', 'missed'] as const).map((k) => ({
            header: intl.formatMessage(CLASS_COLUMNS[k]),
            numeric: true,
            cell: (c: CallsReport['perClass'][number]) => (
              <Figure
                report="calls"
                cell={`class:${c.importance ?? 'none'}:${k}`}
                label={{ message: CLASS_FIGURES[k], values: { class: classLabel(intl, c.importance) } }}
                value={c[k]}
              />
            ),
          }))}
        />
      </div>
      <h3 className="report-subtitle">{intl.formatMessage(M.callBack)}</h3>
      <Stats>
        <Stat label={intl.formatMessage(M.calledBack)}>
          {intl.formatMessage(M.calledBackOf, {
            calledBack: <Figure report="calls" cell="called-back" label={{ message: M.calledBackFigure }} value={data.callBack.calledBack} />,
            missed: formatNumber(data.callBack.missed),
            ratio: ratioText(data.callBack.calledBack, data.callBack.missed),
          })}
        </Stat>
        <Stat label={intl.formatMessage(M.notCalledBack)}>
          <Figure report="calls" cell="not-called-back" label={{ message: M.notCalledBackFigure }} value={data.callBack.missed - data.callBack.calledBack} />
        </Stat>
        <Stat label={intl.formatMessage(M.medianWait)}>{data.callBack.medianSeconds === null ? '—' : formatSpan(data.callBack.medianSeconds)}</Stat>
        <Stat label={intl.formatMessage(M.p90, { percent: formatPercent(0.9) })}>{data.callBack.p90Seconds === null ? '—' : formatSpan(data.callBack.p90Seconds)}</Stat>
      </Stats>
    </>
  );
}
