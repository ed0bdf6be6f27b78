import type { CallsReport } from '@callboard/contracts';
import { formatDate, formatDuration, formatNumber, formatSpan } from '@/lib/format';
import { CHART_COLORS, Columns } from '../charts';
import { Figure } from '../drill-down';
import { classLabel } from '../../utils/labels';
import { FigureTable, ratioText, repName, repOf, Stat, Stats, TableWrap } from './common';

const SERIES = [
  { key: 'answered', name: 'Answered', color: CHART_COLORS.success },
  { key: 'missed', name: 'Missed', color: CHART_COLORS.danger },
  { key: 'outbound', name: 'Outbound', color: CHART_COLORS.primary },
] as const;

/** Calls: inbound answered and missed, outbound, per day or week, per rep and per contact class; call-back time. */
export function CallsSection({ data }: { data: CallsReport }) {
  const per = data.bucket === 'day' ? 'day' : 'week';
  const startLabel = (start: string) => (per === 'week' ? `Week of ${formatDate(start)}` : formatDate(start));
  return (
    <>
      <Stats>
        <Stat label="Inbound" testId="calls-inbound">
          <Figure report="calls" cell="inbound" label="Inbound calls" value={data.inbound} />
        </Stat>
        <Stat label="Answered" testId="calls-answered">
          <Figure report="calls" cell="answered" label="Answered inbound calls" value={data.answered} />
        </Stat>
        <Stat label="Missed" testId="calls-missed">
          <Figure report="calls" cell="missed" label="Missed inbound calls" value={data.missed} />
        </Stat>
        <Stat label="Outbound" testId="calls-outbound">
          <Figure report="calls" cell="outbound" label="Outbound calls" value={data.outbound} />
        </Stat>
        <Stat label="Outbound answered" testId="calls-outbound-answered">
          <Figure report="calls" cell="outbound-answered" label="Outbound calls answered" value={data.outboundAnswered} />
        </Stat>
        <Stat label="Talk time">{formatDuration(data.talkSeconds)}</Stat>
      </Stats>
      <Columns
        label={`Answered, missed and outbound calls per ${per}, stacked (numbers in the table below)`}
        data={data.series}
        nameKey="start"
        series={[...SERIES]}
        stacked
        tickFormat={formatDate}
      />
      <details className="report-details" open>
        <summary>Calls per {per}</summary>
        <TableWrap label={`Calls per ${per}`}>
          <table className="table report-table">
            <thead>
              <tr>
                <th scope="col">{per === 'day' ? 'Day' : 'Week'}</th>
                {SERIES.map((s) => (
                  <th scope="col" className="report-num" key={s.key}>
                    {s.name}
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
                      <Figure report="calls" cell={`series:${row.start}:${s.key}`} label={`${s.name} calls, ${startLabel(row.start)}`} value={row[s.key]} />
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
          label="Calls per rep"
          caption="Per rep"
          testId="calls-per-rep"
          rows={data.perRep}
          rowKey={repOf}
          rowHeader={repName}
          columns={[
            { header: 'Answered', numeric: true, cell: (r) => <Figure report="calls" cell="rep-answered" rep={repOf(r)} label={`${repName(r)}: answered calls`} value={r.answered} /> },
            { header: 'Missed', numeric: true, cell: (r) => <Figure report="calls" cell="rep-missed" rep={repOf(r)} label={`${repName(r)}: missed calls`} value={r.missed} /> },
            { header: 'Outbound', numeric: true, cell: (r) => <Figure report="calls" cell="rep-outbound" rep={repOf(r)} label={`${repName(r)}: outbound calls`} value={r.outbound} /> },
            {
              header: 'Reached',
              numeric: true,
              cell: (r) => <Figure report="calls" cell="rep-outbound-answered" rep={repOf(r)} label={`${repName(r)}: outbound calls answered`} value={r.outboundAnswered} />,
            },
            { header: 'Talk time', numeric: true, cell: (r) => formatDuration(r.talkSeconds) },
          ]}
        />
        <FigureTable
          label="Calls per contact class"
          caption="Per contact class"
          testId="calls-per-class"
          firstHeader="Class"
          rows={data.perClass}
          rowKey={(c) => c.importance ?? 'none'}
          rowHeader={(c) => classLabel(c.importance)}
          columns={(['calls', 'answered', 'missed'] as const).map((k) => ({
            header: { calls: 'Calls', answered: 'Answered', missed: 'Missed' }[k],
            numeric: true,
            cell: (c: CallsReport['perClass'][number]) => (
              <Figure
                report="calls"
                cell={`class:${c.importance ?? 'none'}:${k}`}
                label={`${classLabel(c.importance)}: ${{ calls: 'calls', answered: 'answered calls', missed: 'missed calls' }[k]}`}
                value={c[k]}
              />
            ),
          }))}
        />
      </div>
      <h3 className="report-subtitle">Call-back after a missed call</h3>
      <Stats>
        <Stat label="Called back">
          <Figure report="calls" cell="called-back" label="Missed calls that were called back" value={data.callBack.calledBack} /> of {formatNumber(data.callBack.missed)} (
          {ratioText(data.callBack.calledBack, data.callBack.missed)})
        </Stat>
        <Stat label="Not called back">
          <Figure report="calls" cell="not-called-back" label="Missed calls not called back" value={data.callBack.missed - data.callBack.calledBack} />
        </Stat>
        <Stat label="Median wait">{data.callBack.medianSeconds === null ? '—' : formatSpan(data.callBack.medianSeconds)}</Stat>
        <Stat label="90% within">{data.callBack.p90Seconds === null ? '—' : formatSpan(data.callBack.p90Seconds)}</Stat>
      </Stats>
    </>
  );
}
