import { defineMessages, useIntl } from 'react-intl';
import type { ConversationsReport } from '@callboard/contracts';
import { formatDuration, formatNumber, formatPercent } from '@/lib/format';
import { CHART_COLORS, HorizontalBars } from '../charts';
import { Figure } from '../drill-down';
import { withValues } from '../../utils/messages';
import { FigureTable, repFigure, RepName, repName, repOf, Stat, Stats, TABLE } from './common';

const M = withValues(
  defineMessages({
    calls: { id: 'reports.conversations.calls', defaultMessage: 'Calls analysed' },
    callsFigure: { id: 'reports.conversations.callsFigure', defaultMessage: 'Calls with conversation figures' },
    repCallsFigure: { id: 'reports.conversations.repCallsFigure', defaultMessage: '{rep}: calls with conversation figures' },
    talkListen: { id: 'reports.conversations.talkListen', defaultMessage: 'Rep talks / listens' },
    talkListenValue: { id: 'reports.conversations.talkListenValue', defaultMessage: '{talk} / {listen}' },
    silence: { id: 'reports.conversations.silence', defaultMessage: 'Silence' },
    longest: { id: 'reports.conversations.longest', defaultMessage: 'Longest monologue' },
    avgLongest: { id: 'reports.conversations.avgLongest', defaultMessage: 'Longest monologue, average per call' },
    repInterrupted: { id: 'reports.conversations.repInterrupted', defaultMessage: 'Rep interrupted' },
    callerInterrupted: { id: 'reports.conversations.callerInterrupted', defaultMessage: 'Caller interrupted' },
    interruptedTimes: { id: 'reports.conversations.interruptedTimes', defaultMessage: '{times, plural, one {# time} other {# times}}, calls: {calls}' },
    interruptedCalls: { id: 'reports.conversations.interruptedCalls', defaultMessage: 'Calls with rep interruptions' },
    interruptedFigure: { id: 'reports.conversations.interruptedFigure', defaultMessage: 'Calls in which the rep interrupted' },
    repInterruptedFigure: { id: 'reports.conversations.repInterruptedFigure', defaultMessage: '{rep}: calls in which they interrupted' },
    chart: { id: 'reports.conversations.chart', defaultMessage: "Each rep's share of the talking (numbers in the table below)" },
    talkShare: { id: 'reports.conversations.talkShare', defaultMessage: 'Share of the talking' },
    perRep: { id: 'reports.conversations.perRep', defaultMessage: 'Conversations per rep' },
    talk: { id: 'reports.conversations.talk', defaultMessage: 'Talks' },
    listen: { id: 'reports.conversations.listen', defaultMessage: 'Listens' },
    note: {
      id: 'reports.conversations.note',
      defaultMessage: 'From the recordings of the calls, measured on this server by the loudness of each side: no words are recognized. Paused stretches are left out.',
    },
  }),
);

const share = (v: number | null) => (v === null ? '—' : formatPercent(v));
const listen = (v: number | null) => (v === null ? '—' : formatPercent(1 - v));
const span = (v: number | null) => (v === null ? '—' : formatDuration(v));

/** Conversations (issue 16): how much each rep talks and listens, monologues, interruptions and silence. */
export function ConversationsSection({ data }: { data: ConversationsReport }) {
  const intl = useIntl();
  const bars = data.perRep
    .filter((r) => r.repTalkShare !== null)
    .map((r) => ({ name: repName(intl, r), percent: Math.round(r.repTalkShare! * 100) }));
  return (
    <>
      <p className="report-note">{intl.formatMessage(M.note)}</p>
      <Stats>
        <Stat label={intl.formatMessage(M.calls)} testId="conversations-calls">
          <Figure report="conversations" cell="calls" label={{ message: M.callsFigure }} value={data.calls} />
        </Stat>
        <Stat label={intl.formatMessage(M.talkListen)} testId="conversations-talk-listen">
          {intl.formatMessage(M.talkListenValue, { talk: share(data.repTalkShare), listen: listen(data.repTalkShare) })}
        </Stat>
        <Stat label={intl.formatMessage(M.silence)} testId="conversations-silence">
          {share(data.silenceShare)}
        </Stat>
        <Stat label={intl.formatMessage(M.longest)} testId="conversations-longest">
          {data.calls ? formatDuration(data.longestMonologueSec) : '—'}
        </Stat>
        <Stat label={intl.formatMessage(M.avgLongest)}>{span(data.avgLongestMonologueSec)}</Stat>
        <Stat label={intl.formatMessage(M.repInterrupted)} testId="conversations-rep-interrupted">
          {intl.formatMessage(M.interruptedTimes, {
            times: data.repInterruptions,
            calls: <Figure report="conversations" cell="rep-interrupted" label={{ message: M.interruptedFigure }} value={data.callsRepInterrupted} />,
          })}
        </Stat>
        <Stat label={intl.formatMessage(M.callerInterrupted)}>{formatNumber(data.callerInterruptions)}</Stat>
      </Stats>
      {bars.length > 0 && (
        <HorizontalBars
          label={intl.formatMessage(M.chart)}
          data={bars}
          nameKey="name"
          valueKey="percent"
          valueName={intl.formatMessage(M.talkShare)}
          color={CHART_COLORS.primary}
          format={(v) => formatPercent(v / 100)}
          namesAreUserData
        />
      )}
      <FigureTable
        label={intl.formatMessage(M.perRep)}
        caption={intl.formatMessage(TABLE.perRep)}
        testId="conversations-per-rep"
        rows={data.perRep}
        rowKey={repOf}
        rowHeader={(r) => <RepName row={r} />}
        columns={[
          {
            header: intl.formatMessage(M.calls),
            numeric: true,
            cell: (r) => <Figure report="conversations" cell="calls" rep={repOf(r)} label={repFigure(intl, r, M.repCallsFigure)} value={r.calls} />,
          },
          { header: intl.formatMessage(M.talk), numeric: true, cell: (r) => share(r.repTalkShare) },
          { header: intl.formatMessage(M.listen), numeric: true, cell: (r) => listen(r.repTalkShare) },
          { header: intl.formatMessage(M.silence), numeric: true, cell: (r) => share(r.silenceShare) },
          { header: intl.formatMessage(M.longest), numeric: true, cell: (r) => formatDuration(r.longestMonologueSec) },
          { header: intl.formatMessage(M.avgLongest), numeric: true, cell: (r) => span(r.avgLongestMonologueSec) },
          { header: intl.formatMessage(M.repInterrupted), numeric: true, cell: (r) => formatNumber(r.repInterruptions) },
          {
            header: intl.formatMessage(M.interruptedCalls),
            numeric: true,
            cell: (r) => <Figure report="conversations" cell="rep-interrupted" rep={repOf(r)} label={repFigure(intl, r, M.repInterruptedFigure)} value={r.callsRepInterrupted} />,
          },
          { header: intl.formatMessage(M.callerInterrupted), numeric: true, cell: (r) => formatNumber(r.callerInterruptions) },
        ]}
      />
    </>
  );
}
