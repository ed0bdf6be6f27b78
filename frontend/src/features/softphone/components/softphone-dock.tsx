import { useEffect, useRef, useState } from 'react';
import { useAuth } from '@/features/auth';
import { fetchSipCredentials } from '../api/telephony-api';
import { useCallEvents } from '../hooks/use-call-events';
import { setActiveSoftphone } from '../hooks/softphone-instance';
import { Softphone, SoftphoneState } from '../sip/softphone';
import { softphoneStore, useSoftphoneSnapshot } from '../stores/softphone-store';
import { PhoneLeadership, type PhoneMirror } from '../tabs/phone-leadership';
import { loadAudioDevices, MICROPHONE_BLOCKED_MESSAGE } from '../media/audio-devices';
import { RingTone } from '../media/ring-tone';
import { AudioSettings } from './audio-settings';
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
  const { token, user } = useAuth();
  const audio = useRef<HTMLAudioElement>(null);
  const [phone, setPhone] = useState<Softphone | null>(null);
  const [leadership, setLeadership] = useState<PhoneLeadership | null>(null);
  const [holder, setHolder] = useState(false);
  // the holder tab's phone, as it last told this tab (only while this tab does not hold it)
  const [mirror, setMirror] = useState<PhoneMirror | null>(null);
  const snapshot = useSoftphoneSnapshot();
  const userId = user?.id;
  useCallEvents(token);

  useEffect(() => {
    if (!token || !userId || !audio.current) return;
    const remoteAudio = audio.current;
    let p: Softphone | null = null;
    const drop = async () => {
      const current = p;
      p = null;
      setPhone(null);
      setActiveSoftphone(null);
      await current?.disconnect();
    };
    const lead = new PhoneLeadership(userId, {
      onLead: () => {
        setHolder(true);
        setMirror(null);
        p = new Softphone({ fetchCredentials: fetchSipCredentials, store: softphoneStore, remoteAudio, microphoneId: loadAudioDevices().microphoneId });
        setPhone(p);
        setActiveSoftphone(p);
        p.connect().catch(() => undefined);
      },
      onLose: async () => {
        setHolder(false);
        await drop();
      },
      onMirror: (m) => setMirror(m),
    });
    // the holder tells the other tabs what its phone is doing
    const unsubscribe = softphoneStore.subscribe(() => {
      const { state, call, error } = softphoneStore.get();
      lead.publish({ state, call, error });
    });
    setHolder(false);
    setLeadership(lead);
    lead.start();
    return () => {
      unsubscribe();
      lead.stop();
      setLeadership(null);
      void drop();
    };
  }, [token, userId]);

  const { state: ownState, call } = snapshot;
  const state = holder ? ownState : (mirror?.state ?? SoftphoneState.Disconnected);
  const ringing = holder && state === SoftphoneState.Ringing && call && !snapshot.taken[call.callId];
  const active = holder && call && (state === SoftphoneState.InCall || state === SoftphoneState.OnHold || state === SoftphoneState.Dialing);
  useRingTone(Boolean(ringing));
  useMicrophonePermission();
  const label = holder ? STATE_LABELS[state] : mirror ? `${STATE_LABELS[state]} (in another tab)` : 'Phone open in another tab';
  const otherTabBusy = mirror?.call != null;
  return (
    <div className="softphone" data-testid="softphone" data-state={state} data-phone-tab={holder ? 'holder' : 'other'} data-ringtone={ringing ? 'on' : 'off'}>
      <span className={`softphone-status softphone-status-${state}`} data-testid="softphone-status" data-state={state} role="status">
        {label}
      </span>
      <PresenceSelect />
      {!holder && (
        <button
          type="button"
          className="btn btn-sm"
          data-testid="softphone-take-over"
          disabled={otherTabBusy || !leadership}
          title={otherTabBusy ? 'A call is up in the other tab' : 'Register the phone in this tab instead'}
          onClick={() => leadership?.takeOver()}
        >
          Use phone here
        </button>
      )}
      {holder && snapshot.error && state === SoftphoneState.Disconnected && (
        <span className="softphone-error" data-testid="softphone-error">
          {snapshot.error}
        </span>
      )}
      {holder && snapshot.micBlocked && (
        <span className="softphone-error" data-testid="softphone-mic-blocked" role="alert">
          {MICROPHONE_BLOCKED_MESSAGE}
        </span>
      )}
      {holder && <AudioSettings phone={phone} />}
      {phone && ringing && call && <IncomingCallPanel call={call} snapshot={snapshot} phone={phone} />}
      {phone && active && call && <InCallBar call={call} state={state} phone={phone} />}
      <audio ref={audio} autoPlay data-testid="softphone-remote-audio" hidden />
    </div>
  );
}

/** Rings while `on` (stops on answer, decline, CANCEL or another rep taking the call). */
function useRingTone(on: boolean): void {
  useEffect(() => {
    if (!on) return;
    const tone = new RingTone();
    tone.start();
    return () => tone.stop();
  }, [on]);
}

/** Shows the "microphone blocked" message before any call when the site's permission is denied. */
function useMicrophonePermission(): void {
  useEffect(() => {
    let status: PermissionStatus | null = null;
    const apply = () => {
      if (status?.state === 'denied') softphoneStore.update({ micBlocked: true });
      else if (status?.state === 'granted' && softphoneStore.get().micBlocked) softphoneStore.update({ micBlocked: false });
    };
    navigator.permissions
      ?.query({ name: 'microphone' as PermissionName })
      .then((s) => {
        status = s;
        apply();
        s.addEventListener('change', apply);
      })
      .catch(() => undefined);
    return () => status?.removeEventListener('change', apply);
  }, []);
}
