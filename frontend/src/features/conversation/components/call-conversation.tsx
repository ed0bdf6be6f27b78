import './conversation.css';
import { useState } from 'react';
import { defineMessages, type MessageDescriptor, useIntl } from 'react-intl';
import type { CallConversation } from '@callboard/contracts';
import { ErrorState, Spinner } from '@/components/ui';
import { errorMessage } from '@/lib/api-client';
import { formatDuration, formatNumber, formatPercent } from '@/lib/format';
import { useCallConversation } from '../hooks/use-call-conversation';

/** Plain descriptors: their values are given where they are formatted (the catalogue test checks the variables). */
function plain<K extends string>(messages: { readonly [P in K]: MessageDescriptor }): { readonly [P in K]: MessageDescriptor } {
  return messages;
}

const M = plain(
  defineMessages({
    toggle: { id: 'conversation.call.toggle', defaultMessage: 'Conversation' },
    loading: { id: 'conversation.call.loading', defaultMessage: 'Loading the conversation figures' },
    none: { id: 'conversation.call.none', defaultMessage: 'No conversation figures: the call was not recorded on two channels, or is still being analysed.' },
    talkListen: { id: 'conversation.call.talkListen', defaultMessage: 'Rep talks / listens' },
    talkListenValue: { id: 'conversation.call.talkListenValue', defaultMessage: '{talk} / {listen}' },
    longest: { id: 'conversation.call.longest', defaultMessage: 'Longest monologue' },
    longestRep: { id: 'conversation.call.longestRep', defaultMessage: '{duration}, the rep' },
    longestCaller: { id: 'conversation.call.longestCaller', defaultMessage: '{duration}, the caller' },
    interruptions: { id: 'conversation.call.interruptions', defaultMessage: 'Interruptions' },
    interruptionsValue: { id: 'conversation.call.interruptionsValue', defaultMessage: 'rep {rep}, caller {caller}' },
    silence: { id: 'conversation.call.silence', defaultMessage: 'Silence' },
    paused: { id: 'conversation.call.paused', defaultMessage: 'Paused (left out)' },
    nobody: { id: 'conversation.call.nobody', defaultMessage: 'Nobody spoke' },
  }),
);

/** One call's conversation figures as a short list (docs/reports.md defines each). */
export function ConversationFigures({ figures: f }: { figures: CallConversation }) {
  const intl = useIntl();
  const by = f.longestMonologueBy;
  const longest =
    by === null
      ? intl.formatMessage(M.nobody)
      : intl.formatMessage(by === 'rep' ? M.longestRep : M.longestCaller, { duration: formatDuration(by === 'rep' ? f.repLongestMonologueSec : f.callerLongestMonologueSec) });
  return (
    <dl className="conversation-figures" data-testid="conversation-figures">
      <div>
        <dt>{intl.formatMessage(M.talkListen)}</dt>
        <dd data-testid="conversation-talk-listen">
          {f.repTalkShare === null ? intl.formatMessage(M.nobody) : intl.formatMessage(M.talkListenValue, { talk: formatPercent(f.repTalkShare), listen: formatPercent(1 - f.repTalkShare) })}
        </dd>
      </div>
      <div>
        <dt>{intl.formatMessage(M.longest)}</dt>
        <dd data-testid="conversation-longest">{longest}</dd>
      </div>
      <div>
        <dt>{intl.formatMessage(M.interruptions)}</dt>
        <dd>{intl.formatMessage(M.interruptionsValue, { rep: formatNumber(f.repInterruptions), caller: formatNumber(f.callerInterruptions) })}</dd>
      </div>
      <div>
        <dt>{intl.formatMessage(M.silence)}</dt>
        <dd>{f.silenceShare === null ? '—' : formatPercent(f.silenceShare)}</dd>
      </div>
      {f.pausedSec > 0 && (
        <div>
          <dt>{intl.formatMessage(M.paused)}</dt>
          <dd>{formatDuration(f.pausedSec)}</dd>
        </div>
      )}
    </dl>
  );
}

/** A call's figures, fetched when shown and kept live (`call.conversation`). */
export function CallConversationFigures({ callId }: { callId: string }) {
  const intl = useIntl();
  const q = useCallConversation(callId);
  if (q.isPending) return <Spinner label={intl.formatMessage(M.loading)} />;
  if (q.isError) return <ErrorState message={errorMessage(q.error)} />;
  if (!q.data.conversation) return <p className="muted conversation-none">{intl.formatMessage(M.none)}</p>;
  return <ConversationFigures figures={q.data.conversation} />;
}

/** "Conversation" under a call: opens to its figures (fetched only once opened: a list has many calls). */
export function CallConversationToggle({ callId }: { callId: string }) {
  const intl = useIntl();
  const [open, setOpen] = useState(false);
  return (
    <details className="conversation-toggle" data-testid="conversation-toggle" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{intl.formatMessage(M.toggle)}</summary>
      {open && <CallConversationFigures callId={callId} />}
    </details>
  );
}
