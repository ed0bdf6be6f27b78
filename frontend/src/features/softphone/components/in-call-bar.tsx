import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { RecordingControls } from '@/features/recordings';
import { SoftphoneState, type ActiveCall, type Softphone } from '../sip/softphone';
import { useSoftphoneSnapshot, type SoftphoneSnapshot } from '../stores/softphone-store';
import { CALL_CONTROLS } from '../utils/phone-messages';
import { CallRecordLinks } from './call-record-links';
import { CallTimer } from './call-timer';
import { ConsultBar } from './consult-bar';
import { RemoteParty } from './remote-party';
import { TransferPanel } from './transfer-panel';

const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

/** The call's deal and contact, timer, mute, hold, keypad, transfer (blind or with a consult call, shown below), hang up. */
export function InCallBar({ call, state, phone, snapshot }: { call: ActiveCall; state: SoftphoneState; phone: Softphone; snapshot: SoftphoneSnapshot }) {
  const intl = useIntl();
  // during a consult call the caller stays on hold until the rep completes or goes back
  const consulting = useSoftphoneSnapshot().consult !== null;
  const [keypad, setKeypad] = useState(false);
  const [transferring, setTransferring] = useState(false);
  const held = state === SoftphoneState.OnHold;
  return (
    <section
      className="softphone-incall softphone-panel"
      data-testid="softphone-incall"
      data-call-id={call.callId}
      data-state={state}
      aria-label={intl.formatMessage({ id: 'softphone.incall.label', defaultMessage: 'Call in progress' })}
    >
      <span className="softphone-remote">
        <RemoteParty name={call.remoteName} number={call.remoteNumber} />
      </span>
      <CallTimer since={call.answeredAt} />
      <CallRecordLinks snapshot={snapshot} callId={call.callId} />
      <button
        type="button"
        className="btn btn-sm"
        data-testid="softphone-mute"
        aria-pressed={call.muted}
        onClick={() => (call.muted ? phone.unmute() : phone.mute())}
      >
        {intl.formatMessage(call.muted ? CALL_CONTROLS.unmute : CALL_CONTROLS.mute)}
      </button>
      <button
        type="button"
        className="btn btn-sm"
        data-testid="softphone-hold"
        aria-pressed={held}
        disabled={state === SoftphoneState.Dialing || consulting}
        onClick={() => void (held ? phone.unhold() : phone.hold())}
      >
        {intl.formatMessage(held ? CALL_CONTROLS.resume : CALL_CONTROLS.hold)}
      </button>
      <button type="button" className="btn btn-sm" data-testid="softphone-keypad-toggle" aria-expanded={keypad} onClick={() => setKeypad(!keypad)}>
        <FormattedMessage id="softphone.incall.keypad" defaultMessage="Keypad" />
      </button>
      {keypad && (
        // a phone's keypad reads 1 2 3 from the left in every language
        <div className="softphone-keypad" data-testid="softphone-keypad" dir="ltr">
          {DIGITS.map((d) => (
            <button key={d} type="button" className="btn btn-sm" data-testid={`softphone-key-${d === '*' ? 'star' : d === '#' ? 'hash' : d}`} onClick={() => void phone.sendDtmf(d)}>
              {d}
            </button>
          ))}
        </div>
      )}
      <button
        type="button"
        className="btn btn-sm"
        data-testid="softphone-transfer"
        aria-expanded={transferring}
        disabled={state !== SoftphoneState.InCall || !call.callId}
        onClick={() => setTransferring(!transferring)}
      >
        <FormattedMessage id="softphone.incall.transfer" defaultMessage="Transfer" />
      </button>
      {call.callId && call.answeredAt !== null && <RecordingControls sipCallId={call.callId} />}
      {transferring && <TransferPanel callId={call.callId} phone={phone} onClose={() => setTransferring(false)} />}
      <ConsultBar callId={call.callId} phone={phone} />
      <button type="button" className="btn btn-danger btn-sm" data-testid="softphone-hangup" onClick={() => void phone.hangup()}>
        {intl.formatMessage(CALL_CONTROLS.hangUp)}
      </button>
    </section>
  );
}
