import { Link } from 'react-router';
import type { ActiveCall, Softphone } from '../sip/softphone';
import type { SoftphoneSnapshot } from '../stores/softphone-store';

/** Caller, matched contact and open deal (from call.ringing), answer / decline. */
export function IncomingCallPanel({ call, snapshot, phone }: { call: ActiveCall; snapshot: SoftphoneSnapshot; phone: Softphone }) {
  const pop = snapshot.pops[call.callId];
  const name = pop?.fromName ?? call.remoteName;
  const number = pop?.from ?? call.remoteNumber;
  return (
    <section className="softphone-incoming softphone-panel" data-testid="softphone-incoming" data-call-id={call.callId} role="alertdialog" aria-label="Incoming call">
      <div className="softphone-caller">
        <strong className="softphone-caller-name" data-testid="softphone-caller-name">{name || 'Unknown caller'}</strong>
        <span className="softphone-caller-number" dir="ltr" data-testid="softphone-caller-number">{number}</span>
      </div>
      {pop?.contact && (
        <div className="softphone-pop" data-testid="softphone-pop-contact" data-contact-id={pop.contact.id}>
          <span className="softphone-pop-label">Contact:</span> {pop.contact.name}
        </div>
      )}
      {pop?.deal && (
        <div className="softphone-pop" data-testid="softphone-pop-deal" data-deal-id={pop.deal.id}>
          <span className="softphone-pop-label">Deal:</span> <Link to={`/deals/${pop.deal.id}`}>{pop.deal.title}</Link>
        </div>
      )}
      <div className="softphone-actions">
        <button type="button" className="btn btn-primary" data-testid="softphone-answer" onClick={() => void phone.answer()}>
          Answer
        </button>
        <button type="button" className="btn btn-danger" data-testid="softphone-decline" onClick={() => void phone.decline()}>
          Decline
        </button>
      </div>
    </section>
  );
}
