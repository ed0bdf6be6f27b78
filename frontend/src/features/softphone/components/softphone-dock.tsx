import { useEffect, useRef, useState } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { useAuth } from '@/features/auth';
import { fetchSipCredentials } from '../api/telephony-api';
import { useCallEvents } from '../hooks/use-call-events';
import { useDealOnAnswer } from '../hooks/use-deal-on-answer';
import { setActiveSoftphone, setPhoneLeadership } from '../hooks/softphone-instance';
import { Softphone, SoftphoneState } from '../sip/softphone';
import { phoneTabStore, usePhoneTab } from '../stores/phone-tab-store';
import { softphoneStore, useSoftphoneSnapshot } from '../stores/softphone-store';
import { PhoneLeadership } from '../tabs/phone-leadership';
import { loadAudioDevices } from '../media/audio-devices';
import { RingTone } from '../media/ring-tone';
import { TrustCertificateHelp } from '@/features/tls';
import { certificateHelp, type CertificateHelp } from '../hooks/certificate-help';
import { CallSetupError } from '../utils/call-refusal';
import { CALL_CONTROLS, callProblemMessage, connectProblemMessage, phoneStateLabel } from '../utils/phone-messages';
import { AudioSettings } from './audio-settings';
import { InsecurePageNotice } from './insecure-page-notice';
import { IncomingCallPanel } from './incoming-call-panel';
import { CallRecordLinks } from './call-record-links';
import { InCallBar } from './in-call-bar';
import { PresenceSelect } from './presence-select';
import { RemoteParty } from './remote-party';
import './softphone.css';

const DIRECTIONS = defineMessages({
  outbound: { id: 'softphone.dock.otherTabOutbound', defaultMessage: 'Outgoing call, in another tab' },
  inbound: { id: 'softphone.dock.otherTabInbound', defaultMessage: 'Incoming call, in another tab' },
});

/**
 * The softphone for the signed-in user: status, presence, incoming panel, in-call bar. Loaded after
 * the first paint (sip.js is behind it); see the feature's index. On a page that is not a secure
 * context (plain http from another machine) the browser allows no microphone: no phone, a notice.
 */
export function SoftphoneDock() {
  return window.isSecureContext ? <PhoneDock /> : <InsecurePageNotice />;
}

function PhoneDock() {
  const intl = useIntl();
  const { token, user } = useAuth();
  const [trustHelp, setTrustHelp] = useState<CertificateHelp | null>(null);
  const audio = useRef<HTMLAudioElement>(null);
  const dock = useRef<HTMLDivElement>(null);
  const [phone, setPhone] = useState<Softphone | null>(null);
  const [leadership, setLeadership] = useState<PhoneLeadership | null>(null);
  // whether this tab holds the phone, and the holder tab's phone as it last told this tab
  const { holder, mirror } = usePhoneTab();
  const snapshot = useSoftphoneSnapshot();
  const userId = user?.id;
  useCallEvents(token);

  useEffect(() => {
    if (!token || !userId || !audio.current) return;
    const remoteAudio = audio.current;
    let p: Softphone | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const drop = async () => {
      clearTimeout(retry);
      const current = p;
      p = null;
      setPhone(null);
      setActiveSoftphone(null);
      await current?.disconnect();
    };
    let wsUrl: string | null = null;
    const fetchCredentials = async () => {
      const creds = await fetchSipCredentials();
      wsUrl = creds.wsUrl;
      return creds;
    };
    const startPhone = (attempt: number) => {
      const phone = new Softphone({ fetchCredentials, store: softphoneStore, remoteAudio, microphoneId: loadAudioDevices().microphoneId });
      p = phone;
      setPhone(phone);
      setActiveSoftphone(phone);
      phone.connect().catch(async () => {
        // The first connection failed (credentials, or the SIP server's WebSocket): sip.js only
        // reconnects a connection it once had, so without this the phone stayed offline for good.
        if (p !== phone) return;
        await phone.disconnect();
        if (p !== phone) return;
        // WSS refused while the SIP server is up: most likely a certificate this browser does not trust
        const help = await certificateHelp(wsUrl);
        if (p !== phone) return;
        setTrustHelp(help);
        retry = setTimeout(() => p === phone && startPhone(attempt + 1), Math.min(30_000, 2_000 * 2 ** attempt));
      });
    };
    const lead = new PhoneLeadership(userId, {
      onLead: () => {
        phoneTabStore.update({ holder: true, mirror: null });
        startPhone(0);
      },
      onLose: async () => {
        phoneTabStore.update({ holder: false });
        await drop();
      },
      onMirror: (m) => phoneTabStore.update({ mirror: m }),
      // click-to-call in a tab without the phone: this tab places it (X-Callboard-Deal included)
      onCallRequest: (number, dealId) => (p ? p.call(number, dealId ?? undefined) : Promise.reject(new CallSetupError('not_connected', 'The phone is not connected'))),
      // hang up / hold / resume asked from a tab without the phone; the state mirror shows the result
      onControl: (action) => {
        if (!p) return;
        const run = { hangup: () => p!.hangup(), hold: () => p!.hold(), unhold: () => p!.unhold(), mute: () => p!.mute(), unmute: () => p!.unmute() }[action];
        Promise.resolve(run()).catch(() => undefined);
      },
    });
    // the holder tells the other tabs what its phone is doing
    const unsubscribe = softphoneStore.subscribe(() => {
      const { state, call, error } = softphoneStore.get();
      lead.publish({ state, call, error });
    });
    phoneTabStore.update({ started: true, holder: false, mirror: null });
    setLeadership(lead);
    setPhoneLeadership(lead);
    lead.start();
    return () => {
      unsubscribe();
      lead.stop();
      setLeadership(null);
      setPhoneLeadership(null);
      phoneTabStore.update({ started: false, holder: false, mirror: null });
      void drop();
    };
  }, [token, userId]);

  const { state: ownState, call } = snapshot;
  // the notice stays through the retries (each passes through "registering") until the phone is up
  const retrying = ownState === SoftphoneState.Disconnected || ownState === SoftphoneState.Registering;
  useEffect(() => {
    if (!retrying) setTrustHelp(null);
  }, [retrying]);
  const untrusted = holder && retrying && trustHelp;
  const state = holder ? ownState : (mirror?.state ?? SoftphoneState.Disconnected);
  const ringing = holder && state === SoftphoneState.Ringing && call && !(call.callId in snapshot.taken);
  const active = holder && call && (state === SoftphoneState.InCall || state === SoftphoneState.OnHold || state === SoftphoneState.Dialing);
  // a call this rep has on another phone (a desk phone answered while this browser is open)
  const elsewhere = holder ? Object.keys(snapshot.answered).filter((id) => id !== call?.callId).at(-1) : undefined;
  const answerClicked = useDealOnAnswer({ dock, holder, enabled: user?.openDealOnAnswer !== false, snapshot });
  useRingTone(Boolean(ringing));
  useMicrophonePermission();
  const label = untrusted
    ? intl.formatMessage({ id: 'softphone.dock.untrusted', defaultMessage: 'Phone blocked: certificate not trusted' })
    : holder
      ? phoneStateLabel(intl, state)
      : mirror
        ? intl.formatMessage({ id: 'softphone.dock.stateInOtherTab', defaultMessage: '{state} (in another tab)' }, { state: phoneStateLabel(intl, state) })
        : intl.formatMessage({ id: 'softphone.dock.openInOtherTab', defaultMessage: 'Phone open in another tab' });
  const otherTabBusy = mirror?.call != null;
  return (
    <div ref={dock} className="softphone" data-testid="softphone" data-state={state} data-phone-tab={holder ? 'holder' : 'other'} data-ringtone={ringing ? 'on' : 'off'}>
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
          title={
            otherTabBusy
              ? intl.formatMessage({ id: 'softphone.dock.takeOverBusy', defaultMessage: 'A call is up in the other tab' })
              : intl.formatMessage({ id: 'softphone.dock.takeOverHint', defaultMessage: 'Register the phone in this tab instead' })
          }
          onClick={() => leadership?.takeOver()}
        >
          <FormattedMessage id="softphone.dock.takeOver" defaultMessage="Use phone here" />
        </button>
      )}
      {untrusted && (
        <span className="softphone-error" data-testid="softphone-trust-certificate" role="alert">
          {untrusted.caUrl ? (
            <FormattedMessage
              id="softphone.dock.untrustedWithCa"
              defaultMessage="The phone server is up, but this browser does not trust its certificate. Open {link} once and accept it, or better, trust the Callboard certificate authority:"
              values={{ link: <TrustLink url={untrusted.trustUrl} /> }}
            />
          ) : (
            <FormattedMessage
              id="softphone.dock.untrustedWithoutCa"
              defaultMessage="The phone server is up, but this browser does not trust its certificate. Open {link} once and accept it."
              values={{ link: <TrustLink url={untrusted.trustUrl} /> }}
            />
          )}
          {untrusted.caUrl && <TrustCertificateHelp caUrl={untrusted.caUrl} />}
        </span>
      )}
      {holder && !untrusted && snapshot.error && state === SoftphoneState.Disconnected && (
        <span className="softphone-error" data-testid="softphone-error">
          {connectProblemMessage(intl, snapshot.error)}
        </span>
      )}
      {holder && snapshot.callRefused && !active && (
        <span className="softphone-error" data-testid="softphone-call-refused" role="alert">
          {callProblemMessage(intl, snapshot.callRefused)}
        </span>
      )}
      {holder && snapshot.micBlocked && (
        <span className="softphone-error" data-testid="softphone-mic-blocked" role="alert">
          <FormattedMessage
            id="softphone.dock.microphoneBlocked"
            defaultMessage="Microphone blocked: allow it for this site (the icon at the left of the address bar → Microphone → Allow), then try again."
          />
        </span>
      )}
      {holder && <AudioSettings phone={phone} />}
      {!holder && mirror?.call && (
        <span
          className="softphone-other-call"
          data-testid="softphone-other-call"
          data-call-id={mirror.call.callId}
          title={intl.formatMessage(mirror.call.direction === 'outbound' ? DIRECTIONS.outbound : DIRECTIONS.inbound)}
        >
          {/* points along the line: it turns in a right-to-left page */}
          <span className="softphone-direction flip-rtl" aria-hidden="true">
            {mirror.call.direction === 'outbound' ? '→' : '←'}
          </span>{' '}
          <RemoteParty name={mirror.call.remoteName} number={mirror.call.remoteNumber} />
        </span>
      )}
      {!holder && mirror?.call && leadership && (state === SoftphoneState.InCall || state === SoftphoneState.OnHold || state === SoftphoneState.Dialing) && (
        <span className="softphone-other-controls">
          {state !== SoftphoneState.Dialing && (
            <button
              type="button"
              className="btn btn-sm"
              data-testid="softphone-other-hold"
              aria-pressed={state === SoftphoneState.OnHold}
              onClick={() => leadership.control(state === SoftphoneState.OnHold ? 'unhold' : 'hold')}
            >
              {intl.formatMessage(state === SoftphoneState.OnHold ? CALL_CONTROLS.resume : CALL_CONTROLS.hold)}
            </button>
          )}
          {state !== SoftphoneState.Dialing && (
            <button
              type="button"
              className="btn btn-sm"
              data-testid="softphone-other-mute"
              aria-pressed={mirror.call.muted}
              onClick={() => leadership.control(mirror.call?.muted ? 'unmute' : 'mute')}
            >
              {intl.formatMessage(mirror.call.muted ? CALL_CONTROLS.unmute : CALL_CONTROLS.mute)}
            </button>
          )}
          <button type="button" className="btn btn-danger btn-sm" data-testid="softphone-other-hangup" onClick={() => leadership.control('hangup')}>
            {intl.formatMessage(CALL_CONTROLS.hangUp)}
          </button>
        </span>
      )}
      {phone && ringing && call && <IncomingCallPanel call={call} snapshot={snapshot} phone={phone} onAnswer={answerClicked} />}
      {phone && active && call && <InCallBar call={call} state={state} phone={phone} snapshot={snapshot} />}
      {elsewhere && !ringing && (
        <section
          className="softphone-elsewhere softphone-panel"
          data-testid="softphone-elsewhere"
          data-call-id={elsewhere}
          aria-label={intl.formatMessage({ id: 'softphone.elsewhere.label', defaultMessage: 'Call on another phone' })}
        >
          <FormattedMessage id="softphone.elsewhere.title" defaultMessage="On a call on another phone" />
          <CallRecordLinks snapshot={snapshot} callId={elsewhere} />
        </section>
      )}
      <audio ref={audio} autoPlay data-testid="softphone-remote-audio" hidden />
    </div>
  );
}

/** The https address whose certificate to accept: an address, written left to right. */
function TrustLink({ url }: { url: string }) {
  return (
    <a href={url} target="_blank" rel="noreferrer" dir="ltr" data-testid="softphone-trust-link">
      {url}
    </a>
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
