import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { FormattedMessage } from 'react-intl';
import type { SoftphoneSnapshot } from '../stores/softphone-store';
import type { CallRecords } from '../utils/deal-on-answer';

const label = (chunks: ReactNode[]) => <span className="softphone-pop-label">{chunks}</span>;

/** The call's deal and contact as the server gave them to this rep: call.answered, else the screen pop. */
export function callRecords(snapshot: SoftphoneSnapshot, callId: string): CallRecords {
  const answered = snapshot.answered[callId];
  const pop = snapshot.pops[callId];
  return {
    deal: answered?.deal ?? pop?.deal ?? null,
    contact: answered?.contact ?? pop?.contact ?? null,
  };
}

/**
 * Links to the call's deal and contact (plain links: keyboard reachable, open in a new tab with the
 * usual keys); and, when the deal was not opened because the rep was typing, "Open the deal: …".
 */
export function CallRecordLinks({ snapshot, callId }: { snapshot: SoftphoneSnapshot; callId: string }) {
  const { deal, contact } = callRecords(snapshot, callId);
  // "server": the answer's own call.answered has arrived (the opening is decided by then)
  const from = callId in snapshot.answered ? 'server' : 'ringing';
  const held = snapshot.heldOpening?.callId === callId ? snapshot.heldOpening.target : null;
  if (!deal && !contact) return null;
  return (
    <div className="softphone-records" data-testid="softphone-call-records" data-from={from}>
      {held && (
        <Link to={held.path} className="softphone-open-held" data-testid="softphone-open-held" data-kind={held.kind}>
          {held.kind === 'deal' ? (
            <FormattedMessage id="softphone.records.openDeal" defaultMessage="Open the deal: {title}" values={{ title: <bdi data-user-content>{held.label}</bdi> }} />
          ) : (
            <FormattedMessage id="softphone.records.openContact" defaultMessage="Open the contact: {name}" values={{ name: <bdi data-user-content>{held.label}</bdi> }} />
          )}
        </Link>
      )}
      {deal && (
        <span className="softphone-record" data-testid="softphone-call-deal" data-deal-id={deal.id}>
          <FormattedMessage
            id="softphone.records.deal"
            defaultMessage="<label>Deal:</label> {title}"
            values={{
              label,
              title: (
                <Link to={`/deals/${deal.id}`} data-testid="softphone-call-deal-link">
                  <bdi data-user-content>{deal.title}</bdi>
                </Link>
              ),
            }}
          />
        </span>
      )}
      {contact && (
        <span className="softphone-record" data-testid="softphone-call-contact" data-contact-id={contact.id}>
          <FormattedMessage
            id="softphone.records.contact"
            defaultMessage="<label>Contact:</label> {name}"
            values={{
              label,
              name: (
                <Link to={`/contacts/${contact.id}`} data-testid="softphone-call-contact-link">
                  <bdi data-user-content>{contact.name}</bdi>
                </Link>
              ),
            }}
          />
        </span>
      )}
    </div>
  );
}
