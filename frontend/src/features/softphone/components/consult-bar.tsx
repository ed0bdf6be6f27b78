import { useRef, useState } from 'react';
import { defineMessages, FormattedMessage, useIntl, type MessageDescriptor } from 'react-intl';
import type { TransferCallResponse } from '@callboard/contracts';
import { api, ApiRequestError, errorMessage } from '@/lib/api-client';
import type { ConsultCall, ConsultEnd, Softphone, TransferProgress } from '../sip/softphone';
import { useSoftphoneSnapshot } from '../stores/softphone-store';
import { CallTimer } from './call-timer';

const ENDED: Record<ConsultEnd, MessageDescriptor> = defineMessages({
  declined: { id: 'softphone.consult.ended.declined', defaultMessage: '{name} declined the call' },
  busy: { id: 'softphone.consult.ended.busy', defaultMessage: '{name} is busy' },
  no_answer: { id: 'softphone.consult.ended.noAnswer', defaultMessage: '{name} did not answer' },
  unavailable: { id: 'softphone.consult.ended.unavailable', defaultMessage: '{name} cannot be reached' },
  hung_up: { id: 'softphone.consult.ended.hungUp', defaultMessage: '{name} hung up' },
  failed: { id: 'softphone.consult.ended.failed', defaultMessage: 'The call to {name} did not go through' },
});

type Status = 'idle' | 'requesting' | TransferProgress | 'error';

const STATUS: Record<'requesting' | 'completed' | 'failed' | 'refused', MessageDescriptor> = defineMessages({
  requesting: { id: 'softphone.consult.status.completing', defaultMessage: 'Transferring the caller to {name}…' },
  completed: { id: 'softphone.consult.status.completed', defaultMessage: 'The caller is now with {name}' },
  failed: { id: 'softphone.consult.status.failed', defaultMessage: 'The transfer did not go through; the caller is still on hold' },
  refused: { id: 'softphone.consult.status.refused', defaultMessage: 'The carrier refused the transfer; the caller is still on hold' },
});

const statusText = (status: Exclude<Status, 'idle'>): MessageDescriptor | null =>
  status === 'requesting' || status === 'referring' || status === 'accepted' ? STATUS.requesting : status === 'error' ? null : STATUS[status];

const requestAttended = (callId: string, toUserId: string, consult: NonNullable<ReturnType<Softphone['consultDialog']>>) =>
  api.post<TransferCallResponse>(`/calls/${encodeURIComponent(callId)}/transfer`, { toUserId, consult });

/**
 * The consult call of an attended transfer, under the held call: the teammate, a timer, and the
 * two ways out: complete the transfer (the caller replaces the rep in this call) or go back to
 * the caller. Shown while the softphone has a consult call.
 */
export function ConsultBar({ callId, phone }: { callId: string; phone: Softphone }) {
  const { consult } = useSoftphoneSnapshot();
  if (!consult) return null;
  return <ConsultCallRow key={consult.callId || 'dialing'} callId={callId} consult={consult} phone={phone} />;
}

function ConsultCallRow({ callId, consult, phone }: { callId: string; consult: ConsultCall; phone: Softphone }) {
  const intl = useIntl();
  const [status, setStatus] = useState<Status>('idle');
  const [error, setError] = useState<string | null>(null);
  // a double click's second click can come before React redraws the disabled button
  const started = useRef(false);
  const busy = status === 'requesting' || status === 'referring' || status === 'accepted' || status === 'completed';
  const name = <bdi data-user-content>{consult.name}</bdi>;
  const state = consult.ended ? 'ended' : consult.answeredAt ? 'talking' : 'ringing';

  const complete = async () => {
    // a double click: the second one finds the first under way (and the button disabled)
    if (busy || started.current) return;
    const dialog = phone.consultDialog();
    if (!dialog) return;
    started.current = true;
    setError(null);
    setStatus('requesting');
    try {
      const { referTo } = await requestAttended(callId, consult.userId, dialog);
      await phone.completeTransfer(referTo, (progress) => {
        // refused or failed: the caller is still on hold, Complete may be tried again
        if (progress === 'refused' || progress === 'failed') started.current = false;
        setStatus(progress);
      });
    } catch (e) {
      started.current = false;
      setStatus((s) => (s === 'refused' || s === 'failed' ? s : 'error'));
      setError(e instanceof ApiRequestError ? errorMessage(e) : null);
    }
  };

  const text = status === 'idle' ? null : statusText(status);
  return (
    <div
      className="softphone-consult"
      data-testid="softphone-consult"
      data-state={state}
      data-call-id={consult.callId}
      role="group"
      aria-label={intl.formatMessage({ id: 'softphone.consult.label', defaultMessage: 'Consult call' })}
    >
      <span className="softphone-remote">
        {state === 'ringing' && <FormattedMessage id="softphone.consult.ringing" defaultMessage="Calling {name}; the caller is on hold" values={{ name }} />}
        {state === 'talking' && <FormattedMessage id="softphone.consult.talking" defaultMessage="Talking to {name}; the caller is on hold" values={{ name }} />}
        {consult.ended && (
          <span className="softphone-error" data-testid="softphone-consult-ended" data-reason={consult.ended} role="alert">
            <FormattedMessage {...ENDED[consult.ended]} values={{ name }} />
          </span>
        )}
      </span>
      {state === 'talking' && <CallTimer since={consult.answeredAt} />}
      <button
        type="button"
        className="btn btn-primary btn-sm"
        data-testid="softphone-consult-complete"
        disabled={state !== 'talking' || busy}
        onClick={() => void complete()}
      >
        <FormattedMessage id="softphone.consult.complete" defaultMessage="Complete transfer" />
      </button>
      <button type="button" className="btn btn-sm" data-testid="softphone-consult-back" disabled={busy} onClick={() => void phone.backToCaller()}>
        <FormattedMessage id="softphone.consult.back" defaultMessage="Back to the caller" />
      </button>
      {status !== 'idle' && (
        <span
          className={status === 'error' || status === 'refused' || status === 'failed' ? 'softphone-error' : 'softphone-transfer-status'}
          data-testid="softphone-consult-status"
          data-status={status}
          role="status"
        >
          {text ? (
            <FormattedMessage {...text} values={{ name }} />
          ) : (
            (error ?? intl.formatMessage({ id: 'softphone.consult.status.notStarted', defaultMessage: 'The transfer could not be started; the caller is still on hold' }))
          )}
        </span>
      )}
    </div>
  );
}
