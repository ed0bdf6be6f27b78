import { useEffect, useRef, useState } from 'react';
import { useAuth } from '@/features/auth';
import { fetchSipCredentials } from '../api/telephony-api';
import { useCallEvents } from '../hooks/use-call-events';
import { setActiveSoftphone } from '../hooks/softphone-instance';
import { Softphone, SoftphoneState } from '../sip/softphone';
import { softphoneStore, useSoftphoneSnapshot } from '../stores/softphone-store';
import { IncomingCallPanel } from './incoming-call-panel';
import { InCallBar } from './in-call-bar';
import { PresenceSelect } from './presence-select';
import './softphone.css';

const STATE_LABELS: Record<SoftphoneState, string> = {
  disconnected: 'Phone offline',
  registering: 'Phone connecting…',
  ready: 'Phone ready',
  ringing: 'Ringing',
  dialing: 'Calling…',
  in_call: 'In call',
  on_hold: 'On hold',
};

/** The softphone for the signed-in user: status, presence, incoming panel, in-call bar. */
export function SoftphoneDock() {
  const { token } = useAuth();
  const audio = useRef<HTMLAudioElement>(null);
  const [phone, setPhone] = useState<Softphone | null>(null);
  const snapshot = useSoftphoneSnapshot();
  useCallEvents(token);

  useEffect(() => {
    if (!token || !audio.current) return;
    const p = new Softphone({ fetchCredentials: fetchSipCredentials, store: softphoneStore, remoteAudio: audio.current });
    setPhone(p);
    setActiveSoftphone(p);
    p.connect().catch(() => undefined);
    return () => {
      setActiveSoftphone(null);
      void p.disconnect();
    };
  }, [token]);

  const { state, call } = snapshot;
  const ringing = state === SoftphoneState.Ringing && call && !snapshot.taken[call.callId];
  const active = call && (state === SoftphoneState.InCall || state === SoftphoneState.OnHold || state === SoftphoneState.Dialing);
  return (
    <div className="softphone" data-testid="softphone" data-state={state}>
      <span className={`softphone-status softphone-status-${state}`} data-testid="softphone-status" data-state={state} role="status">
        {STATE_LABELS[state]}
      </span>
      <PresenceSelect />
      {snapshot.error && state === SoftphoneState.Disconnected && (
        <span className="softphone-error" data-testid="softphone-error">
          {snapshot.error}
        </span>
      )}
      {phone && ringing && call && <IncomingCallPanel call={call} snapshot={snapshot} phone={phone} />}
      {phone && active && call && <InCallBar call={call} state={state} phone={phone} />}
      <audio ref={audio} autoPlay data-testid="softphone-remote-audio" hidden />
    </div>
  );
}
