import './calls.css';
import { Link } from 'react-router';
import type { Call } from '@callboard/contracts';
import { Badge } from '@/components/ui';
import { formatDateTime, formatDuration } from '@/lib/format';
import { ClickToCall } from '@/features/softphone';
import { ContactLink } from '@/features/contacts';
import { callBackNumber, callNumber, callOutcomeLabel, callOutcomeTone, callRepName } from '../utils/call-labels';

const DIRECTION = { inbound: 'Inbound', outbound: 'Outbound' } as const;

/** Who was on the other end: the contact (a link) or the caller-ID name, and the number. */
function Party({ call }: { call: Call }) {
  const number = callNumber(call);
  const name = call.contactName ?? (call.direction === 'inbound' ? call.fromName : null);
  return (
    <span className="call-party">
      {call.contactId && call.contactName ? <ContactLink id={call.contactId} name={call.contactName} /> : name && <span>{name}</span>}
      {number && number !== name && (
        <span className="call-number" dir="ltr">
          {number}
        </span>
      )}
      {!name && !number && <span className="muted">Unknown</span>}
    </span>
  );
}

/**
 * Calls as a table on a laptop and as stacked cards on a phone (the same markup; each cell carries
 * its column's name for the card layout). `showDeal` off on a deal's own page.
 */
export function CallList({ calls, showDeal = true, caption }: { calls: Call[]; showDeal?: boolean; caption: string }) {
  return (
    <table className="call-table" data-testid="calls-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Direction</th>
          <th scope="col">Customer</th>
          <th scope="col">Rep</th>
          <th scope="col">Outcome</th>
          <th scope="col">Duration</th>
          {showDeal && <th scope="col">Deal</th>}
          <th scope="col">
            <span className="visually-hidden">Call back</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {calls.map((c) => {
          const back = callBackNumber(c);
          return (
            <tr key={c.id} data-testid="calls-row" data-call-id={c.id} data-outcome={c.outcome} data-direction={c.direction ?? ''}>
              <td data-label="When">{c.offeredAt ? <time dateTime={c.offeredAt}>{formatDateTime(c.offeredAt)}</time> : '—'}</td>
              <td data-label="Direction">{c.direction ? DIRECTION[c.direction] : '—'}</td>
              <td data-label="Customer">
                <Party call={c} />
              </td>
              <td data-label="Rep" data-testid="calls-rep-name">
                {callRepName(c) ?? <span className="muted">Nobody</span>}
              </td>
              <td data-label="Outcome">
                <Badge tone={callOutcomeTone(c)}>
                  <span data-testid="calls-outcome">{callOutcomeLabel(c)}</span>
                </Badge>
              </td>
              <td data-label="Duration" className="call-duration">
                {c.durationSec != null ? formatDuration(c.durationSec) : '—'}
              </td>
              {showDeal && (
                <td data-label="Deal">
                  {c.dealId ? (
                    <Link to={`/deals/${c.dealId}`} data-testid="calls-deal-link">
                      {c.dealTitle ?? 'Deal'}
                    </Link>
                  ) : (
                    <span className="muted">No deal</span>
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
