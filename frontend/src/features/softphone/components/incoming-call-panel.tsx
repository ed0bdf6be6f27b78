import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { FormattedMessage, useIntl } from 'react-intl';
import type { ActiveCall, Softphone } from '../sip/softphone';
import type { SoftphoneSnapshot } from '../stores/softphone-store';

const label = (chunks: ReactNode[]) => <span className="softphone-pop-label">{chunks}</span>;

/** Caller, matched contact and open deal (from call.ringing), answer / decline. `onAnswer`: the rep pressed Answer (the deal opens, issue 16). */
export function IncomingCallPanel({ call, snapshot, phone, onAnswer }: { call: ActiveCall; snapshot: SoftphoneSnapshot; phone: Softphone; onAnswer?: (callId: string) => void }) {
  const intl = useIntl();
  const pop = snapshot.pops[call.callId];
  const name = pop?.fromName ?? call.remoteName;
  const number = pop?.from ?? call.remoteNumber;
  return (
    <section
      className="softphone-incoming softphone-panel"
      data-testid="softphone-incoming"
      data-call-id={call.callId}
      role="alertdialog"
      aria-label={intl.formatMessage({ id: 'softphone.incoming.label', defaultMessage: 'Incoming call' })}
    >
      <div className="softphone-caller">
        <strong className="softphone-caller-name" data-testid="softphone-caller-name">
          {name ? <bdi data-user-content>{name}</bdi> : <FormattedMessage id="softphone.incoming.unknownCaller" defaultMessage="Unknown caller" />}
        </strong>
        <bdi className="softphone-caller-number" dir="ltr" data-user-content data-testid="softphone-caller-number">
          {number}
        </bdi>
      </div>
      {pop?.contact && (
        <div className="softphone-pop" data-testid="softphone-pop-contact" data-contact-id={pop.contact.id}>
          <FormattedMessage
            id="softphone.incoming.contact"
            defaultMessage="<label>Contact:</label> {name}"
            values={{ label, name: <bdi data-user-content>{pop.contact.name}</bdi> }}
          />
        </div>
      )}
      {pop?.deal && (
        <div className="softphone-pop" data-testid="softphone-pop-deal" data-deal-id={pop.deal.id}>
          <FormattedMessage
            id="softphone.incoming.deal"
            defaultMessage="<label>Deal:</label> {title}"
            values={{
              label,
              title: (
                <Link to={`/deals/${pop.deal.id}`}>
                  <bdi data-user-content>{pop.deal.title}</bdi>
                </Link>
              ),
            }}
          />
        </div>
      )}
      <div className="softphone-actions">
        <button
          type="button"
          className="btn btn-primary"
          data-testid="softphone-answer"
          onClick={() => {
            void phone.answer();
            onAnswer?.(call.callId);
          }}
        >
          <FormattedMessage id="softphone.incoming.answer" defaultMessage="Answer" />
        </button>
        <button type="button" className="btn btn-danger" data-testid="softphone-decline" onClick={() => void phone.decline()}>
          <FormattedMessage id="softphone.incoming.decline" defaultMessage="Decline" />
        </button>
      </div>
    </section>
  );
}
