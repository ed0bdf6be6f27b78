import './calls.css';
import { defineMessages, useIntl } from 'react-intl';
import { Link } from 'react-router';
import type { Call } from '@callboard/contracts';
import { Badge } from '@/components/ui';
import { formatDateTime, formatDuration } from '@/lib/format';
import { ClickToCall } from '@/features/softphone';
import { ContactLink } from '@/features/contacts';
import { CallRecording, useCallRowRecordings } from '@/features/recordings';
import { CallConversationToggle } from '@/features/conversation';
import { callBackNumber, callNumber, callOutcomeLabel, callOutcomeTone, callRepName } from '../utils/call-labels';

const DIRECTION = defineMessages({
  inbound: { id: 'calls.direction.inbound', defaultMessage: 'Inbound' },
  outbound: { id: 'calls.direction.outbound', defaultMessage: 'Outbound' },
});

const M = defineMessages({
  when: { id: 'calls.list.when', defaultMessage: 'When' },
  direction: { id: 'calls.list.direction', defaultMessage: 'Direction' },
  customer: { id: 'calls.list.customer', defaultMessage: 'Customer' },
  rep: { id: 'calls.list.rep', defaultMessage: 'Rep' },
  outcome: { id: 'calls.list.outcome', defaultMessage: 'Outcome' },
  duration: { id: 'calls.list.duration', defaultMessage: 'Duration' },
  deal: { id: 'calls.list.deal', defaultMessage: 'Deal' },
  callBack: { id: 'calls.list.callBack', defaultMessage: 'Call back' },
  unknown: { id: 'calls.list.unknown', defaultMessage: 'Unknown' },
  nobody: { id: 'calls.list.nobody', defaultMessage: 'Nobody' },
  untitledDeal: { id: 'calls.list.untitledDeal', defaultMessage: 'Deal' },
  noDeal: { id: 'calls.list.noDeal', defaultMessage: 'No deal' },
});

/** Who was on the other end: the contact (a link) or the caller-ID name, and the number. */
function Party({ call }: { call: Call }) {
  const intl = useIntl();
  const number = callNumber(call);
  const name = call.contactName ?? (call.direction === 'inbound' ? call.fromName : null);
  return (
    <span className="call-party">
      {call.contactId && call.contactName ? (
        <ContactLink id={call.contactId} name={call.contactName} />
      ) : (
        name && <bdi data-user-content>{name}</bdi>
      )}
      {number && number !== name && (
        <bdi className="call-number" dir="ltr" data-user-content>
          {number}
        </bdi>
      )}
      {!name && !number && <span className="muted">{intl.formatMessage(M.unknown)}</span>}
    </span>
  );
}

/**
 * Calls as a table on a laptop and as stacked cards on a phone (the same markup; each cell carries
 * its column's name for the card layout). `showDeal` off on a deal's own page.
 */
export function CallList({ calls, showDeal = true, caption }: { calls: Call[]; showDeal?: boolean; caption: string }) {
  const intl = useIntl();
  const recordingOf = useCallRowRecordings(calls.filter((c) => c.outcome !== 'missed').map((c) => c.sipCallId));
  const label = {
    when: intl.formatMessage(M.when),
    direction: intl.formatMessage(M.direction),
    customer: intl.formatMessage(M.customer),
    rep: intl.formatMessage(M.rep),
    outcome: intl.formatMessage(M.outcome),
    duration: intl.formatMessage(M.duration),
    deal: intl.formatMessage(M.deal),
  };
  return (
    <table className="call-table" data-testid="calls-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{label.when}</th>
          <th scope="col">{label.direction}</th>
          <th scope="col">{label.customer}</th>
          <th scope="col">{label.rep}</th>
          <th scope="col">{label.outcome}</th>
          <th scope="col">{label.duration}</th>
          {showDeal && <th scope="col">{label.deal}</th>}
          <th scope="col">
            <span className="visually-hidden">{intl.formatMessage(M.callBack)}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {calls.map((c) => {
          const back = callBackNumber(c);
          const rep = callRepName(c);
          return (
            <tr key={c.id} data-testid="calls-row" data-call-id={c.id} data-outcome={c.outcome} data-direction={c.direction ?? ''}>
              <td data-label={label.when}>{c.offeredAt ? <time dateTime={c.offeredAt}>{formatDateTime(c.offeredAt)}</time> : '—'}</td>
              <td data-label={label.direction}>{c.direction ? intl.formatMessage(DIRECTION[c.direction]) : '—'}</td>
              <td data-label={label.customer}>
                <Party call={c} />
              </td>
              <td data-label={label.rep} data-testid="calls-rep-name">
                {rep ? <bdi data-user-content>{rep}</bdi> : <span className="muted">{intl.formatMessage(M.nobody)}</span>}
              </td>
              <td data-label={label.outcome}>
                <Badge tone={callOutcomeTone(c)}>
                  <span data-testid="calls-outcome">{callOutcomeLabel(intl, c)}</span>
                </Badge>
              </td>
              <td data-label={label.duration} className="call-duration">
                {c.durationSec != null ? formatDuration(c.durationSec) : '—'}
                {recordingOf(c.sipCallId) && <CallRecording state={recordingOf(c.sipCallId)!} />}
                {c.answeredAt && <CallConversationToggle callId={c.id} />}
              </td>
              {showDeal && (
                <td data-label={label.deal}>
                  {c.dealId ? (
                    <Link to={`/deals/${c.dealId}`} data-testid="calls-deal-link">
                      {c.dealTitle ? <bdi data-user-content>{c.dealTitle}</bdi> : intl.formatMessage(M.untitledDeal)}
                    </Link>
                  ) : (
                    <span className="muted">{intl.formatMessage(M.noDeal)}</span>
                  )}
                </td>
              )}
              <td className="call-back-cell">{back && <ClickToCall number={back} dealId={c.dealId ?? undefined} />}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
