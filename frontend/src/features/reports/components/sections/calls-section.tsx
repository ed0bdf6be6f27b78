import type { CallsReport } from '@callboard/contracts';
import { formatDate, formatDuration, formatNumber, formatSpan } from '@/lib/format';
import { CHART_COLORS, Columns } from '../charts';
import { Figure } from '../drill-down';
import { classLabel } from '../../utils/labels';
import { ratioText, repName, repOf, Stat, Stats, TableWrap } from './common';

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
        <TableWrap label="Calls per rep">
          <table className="table report-table" data-testid="calls-per-rep">
            <caption>Per rep</caption>
            <thead>
              <tr>
                <th scope="col">Rep</th>
                <th scope="col" className="report-num">Answered</th>
                <th scope="col" className="report-num">Missed</th>
                <th scope="col" className="report-num">Outbound</th>
                <th scope="col" className="report-num">Reached</th>
                <th scope="col" className="report-num">Talk time</th>
              </tr>
            </thead>
            <tbody>
              {data.perRep.map((r) => (
                <tr key={repOf(r)}>
                  <th scope="row">{repName(r)}</th>
                  <td className="report-num">
                    <Figure report="calls" cell="rep-answered" rep={repOf(r)} label={`${repName(r)}: answered calls`} value={r.answered} />
                  </td>
                  <td className="report-num">
                    <Figure report="calls" cell="rep-missed" rep={repOf(r)} label={`${repName(r)}: missed calls`} value={r.missed} />
                  </td>
                  <td className="report-num">
                    <Figure report="calls" cell="rep-outbound" rep={repOf(r)} label={`${repName(r)}: outbound calls`} value={r.outbound} />
                  </td>
                  <td className="report-num">
                    <Figure report="calls" cell="rep-outbound-answered" rep={repOf(r)} label={`${repName(r)}: outbound calls answered`} value={r.outboundAnswered} />
                  </td>
                  <td className="report-num">{formatDuration(r.talkSeconds)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
        <TableWrap label="Calls per contact class">
          <table className="table report-table" data-testid="calls-per-class">
            <caption>Per contact class</caption>
            <thead>
              <tr>
                <th scope="col">Class</th>
                <th scope="col" className="report-num">Calls</th>
                <th scope="col" className="report-num">Answered</th>
                <th scope="col" className="report-num">Missed</th>
              </tr>
            </thead>
            <tbody>
              {data.perClass.map((c) => {
                const key = c.importance ?? 'none';
                const name = classLabel(c.importance);
                return (
                  <tr key={key}>
                    <th scope="row">{name}</th>
                    <td className="report-num">
                      <Figure report="calls" cell={`class:${key}:calls`} label={`${name}: calls`} value={c.calls} />
                    </td>
                    <td className="report-num">
                      <Figure report="calls" cell={`class:${key}:answered`} label={`${name}: answered calls`} value={c.answered} />
                    </td>
                    <td className="report-num">
                      <Figure report="calls" cell={`class:${key}:missed`} label={`${name}: missed calls`} value={c.missed} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableWrap>
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
