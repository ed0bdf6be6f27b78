// The browser softphone: a small class around sip.js's SessionManager. The only module (with
// its folder) that imports sip.js; the rest of the app talks to it through intent methods and
// reads its state from the store it is given.
import { Invitation, SessionState, UserAgent, Web, type Core, type Session } from 'sip.js';
import type { SoftphoneStore } from '../stores/softphone-store';
import { CallSetupError, callFailure, callSetupProblem, connectProblem, isMicrophoneBlocked } from '../utils/call-refusal';
import { DTMF_GAP_MS, DTMF_TONE_MS, chooseDtmfMethod, isDtmfDigit, offerTelephoneEventAt101, type DtmfMethod } from '../utils/dtmf';

/** Explicit softphone states; `on_hold` and `in_call` both mean a call is up. */
export enum SoftphoneState {
  Disconnected = 'disconnected',
  Registering = 'registering',
  Ready = 'ready',
  Ringing = 'ringing',
  Dialing = 'dialing',
  InCall = 'in_call',
  OnHold = 'on_hold',
}

/** SIP credentials as GET /api/telephony/credentials returns them. */
export interface SipCredentials {
  sipUri: string;
  authUsername: string;
  password: string;
  wsUrl: string;
  expiresAt: string;
}

/** The call the softphone is working on (at most one at a time). */
export interface ActiveCall {
  /** SIP Call-ID: the key of call.ringing / call.taken / call.ended events. */
  callId: string;
  direction: 'inbound' | 'outbound';
  remoteNumber: string;
  remoteName: string | null;
  /** When media started (ms since epoch), for the call timer. */
  answeredAt: number | null;
  muted: boolean;
  held: boolean;
  dealId: string | null;
}

export interface SoftphoneOptions {
  /** Fetches fresh credentials (called at connect and before they expire). */
  fetchCredentials: () => Promise<SipCredentials>;
  store: SoftphoneStore;
  /** Where the remote party's audio plays. */
  remoteAudio: HTMLAudioElement;
  /** Cap on ICE gathering before an offer/answer is sent (sip.js waits up to 5 s by default). */
  iceGatheringTimeoutMs?: number;
  /** Renew credentials this long before they expire. */
  renewBeforeMs?: number;
  /** The chosen microphone (`deviceId`); the browser's default when absent. */
  microphoneId?: string | null;
}

/**
 * Where a blind transfer stands: `referring` (REFER sent), `accepted` (202 from the far end),
 * `completed` (a 2xx sipfrag NOTIFY: the softphone hangs up, the caller is with the target),
 * `failed` (a final non-2xx sipfrag, or REFER could not be sent), `refused` (REFER rejected).
 * After `failed` and `refused` the call is still up.
 */
export type TransferProgress = 'referring' | 'accepted' | 'completed' | 'failed' | 'refused';

const DEFAULT_ICE_TIMEOUT_MS = 500;
const DEFAULT_RENEW_BEFORE_MS = 5 * 60_000;

/** sip.js modifier: the offer's telephone-event/8000 at 101 (answers pass through unchanged). */
const telephoneEventAt101 = async (description: RTCSessionDescriptionInit): Promise<RTCSessionDescriptionInit> =>
  description.type === 'offer' && description.sdp ? { ...description, sdp: offerTelephoneEventAt101(description.sdp) } : description;

/**
 * A softphone for one signed-in user. Intent methods: {@link connect}, {@link call},
 * {@link answer}, {@link decline}, {@link hangup}, {@link hold}, {@link unhold}, {@link mute},
 * {@link unmute}, {@link sendDtmf}, {@link transfer}, {@link disconnect}. Every change is pushed into
 * the store; UI code never touches sip.js objects.
 */
export class Softphone {
  private manager: Web.SessionManager | null = null;
  private session: Session | null = null;
  private credentials: SipCredentials | null = null;
  private renewTimer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  /** The rep hung up the outbound call before it was answered. */
  private cancelledByUs = false;
  private registered = false;
  /** The WebSocket is up (a registration can only be live or under way while it is). */
  private connected = false;
  private readonly onOnline = () => void this.reconnect();
  // sip.js reads this object's fields at every call and answer, so a new microphone applies to the next one
  private readonly constraints: { audio: boolean | MediaTrackConstraints; video: false };

  constructor(private readonly options: SoftphoneOptions) {
    this.constraints = { audio: Softphone.audioConstraint(options.microphoneId), video: false };
  }

  private static audioConstraint(microphoneId: string | null | undefined): boolean | MediaTrackConstraints {
    return microphoneId ? { deviceId: { exact: microphoneId } } : true;
  }

  /** Uses this microphone from the next call or answer on (`null`: the browser's default). */
  setMicrophone(deviceId: string | null): void {
    this.constraints.audio = Softphone.audioConstraint(deviceId);
  }

  /** Plays the remote party on this speaker where the browser supports `setSinkId`. */
  async setSpeaker(deviceId: string | null): Promise<void> {
    const audio = this.options.remoteAudio as HTMLAudioElement & { setSinkId?: (id: string) => Promise<void> };
    await audio.setSinkId?.(deviceId ?? '');
  }

  private get store(): SoftphoneStore {
    return this.options.store;
  }

  /** Fetches credentials, opens the WebSocket and registers. */
  async connect(): Promise<void> {
    this.stopped = false;
    this.store.update({ state: SoftphoneState.Registering, error: null });
    try {
      this.credentials = await this.options.fetchCredentials();
      const manager = this.createManager(this.credentials);
      this.manager = manager;
      await manager.connect();
      await manager.register();
      this.scheduleRenewal();
      window.addEventListener('online', this.onOnline);
    } catch (e) {
      console.warn('softphone: could not connect', e);
      this.store.update({ state: SoftphoneState.Disconnected, error: connectProblem(e) });
      throw e;
    }
  }

  /** Unregisters and closes the WebSocket. */
  async disconnect(): Promise<void> {
    this.stopped = true;
    window.removeEventListener('online', this.onOnline);
    if (this.renewTimer) clearTimeout(this.renewTimer);
    const manager = this.manager;
    this.manager = null;
    if (manager) {
      await manager.unregister().catch(() => undefined);
      await manager.disconnect().catch(() => undefined);
    }
    this.session = null;
    this.store.update({ state: SoftphoneState.Disconnected, call: null });
  }

  /**
   * Places a call to a phone number through the trunk. `dealId` (click-to-call) travels in
   * X-Callboard-Deal so the SIP server logs the call on that deal.
   */
  async call(number: string, dealId?: string): Promise<void> {
    const manager = this.requireManager();
    if (this.session) throw new CallSetupError('call_in_progress', 'A call is already in progress');
    const target = number.replace(/[^\d+*#]/g, '');
    if (!target) throw new CallSetupError('no_number', 'No number to call');
    const domain = this.domain();
    const extraHeaders = dealId ? [`X-Callboard-Deal: ${dealId}`] : [];
    this.store.update({
      state: SoftphoneState.Dialing,
      callRefused: null,
      call: { callId: '', direction: 'outbound', remoteNumber: target, remoteName: null, answeredAt: null, muted: false, held: false, dealId: dealId ?? null },
    });
    this.cancelledByUs = false;
    // a call that fails says why (busy, no answer, declined, dial policy ...), not a plain hang-up
    const onReject = (response: Core.IncomingResponse) => {
      const why = callFailure(response.message.statusCode ?? 0, response.message.getHeader('X-Callboard-Refusal'), this.cancelledByUs);
      if (why) this.store.update({ callRefused: why });
    };
    try {
      const inviter = await manager.call(
        `sip:${target}@${domain}`,
        // telephone-event at the number carriers answer with, so the keypad can use RFC 4733 (utils/dtmf.ts)
        { extraHeaders, sessionDescriptionHandlerModifiers: [telephoneEventAt101] },
        { requestDelegate: { onReject } },
      );
      this.patchCall({ callId: inviter.request.callId });
    } catch (e) {
      this.session = null;
      this.store.update({
        state: this.idleState(),
        call: null,
        micBlocked: isMicrophoneBlocked(e),
        // a blocked microphone has its own message in the dock
        callRefused: isMicrophoneBlocked(e) ? null : callSetupProblem(e),
      });
      throw e;
    }
  }

  async answer(): Promise<void> {
    const session = this.session;
    if (!(session instanceof Invitation) || session.state !== SessionState.Initial) return;
    try {
      await this.requireManager().answer(session);
      if (this.store.get().micBlocked) this.store.update({ micBlocked: false });
    } catch (e) {
      if (isMicrophoneBlocked(e)) this.store.update({ micBlocked: true });
      throw e;
    }
  }

  async decline(): Promise<void> {
    const session = this.session;
    if (!(session instanceof Invitation)) return;
    await this.requireManager().decline(session);
  }

  async hangup(): Promise<void> {
    if (!this.session) return;
    // hanging up while it rings sends CANCEL: the 487 that follows is the rep's own doing
    if (this.store.get().state === SoftphoneState.Dialing) this.cancelledByUs = true;
    await this.requireManager().hangup(this.session);
  }

  async hold(): Promise<void> {
    if (this.session) await this.requireManager().hold(this.session);
  }

  async unhold(): Promise<void> {
    if (this.session) await this.requireManager().unhold(this.session);
  }

  mute(): void {
    if (!this.session) return;
    this.requireManager().mute(this.session);
    this.patchCall({ muted: true });
  }

  unmute(): void {
    if (!this.session) return;
    this.requireManager().unmute(this.session);
    this.patchCall({ muted: false });
  }

  /**
   * One DTMF digit (0-9 * # A-D). As an RFC 4733 telephone-event in the call's RTP stream when the
   * far end negotiated telephone-event/8000 (carriers and IVRs listen there); as SIP INFO
   * (application/dtmf-relay) when it did not. Returns the method used (null: no call).
   */
  async sendDtmf(digit: string): Promise<DtmfMethod | null> {
    if (!isDtmfDigit(digit)) throw new Error(`Not a DTMF digit: ${digit}`);
    const session = this.session;
    if (!session) return null;
    const sender = this.dtmfSender(session);
    if (chooseDtmfMethod(this.remoteSdp(session), sender?.canInsertDTMF ?? false) === 'rfc4733' && sender) {
      // insertDTMF replaces what is still queued: append, so quick presses all play, in order
      sender.insertDTMF(sender.toneBuffer + digit, DTMF_TONE_MS, DTMF_GAP_MS);
      return 'rfc4733';
    }
    await this.requireManager().sendDTMF(session, digit);
    return 'info';
  }

  /**
   * Blind transfer: sends REFER with `referTo`, the URI the backend issued for this call
   * (POST /api/calls/:callId/transfer; it embeds the single-use X-Callboard-Transfer header the
   * carrier copies into its new INVITE). Progress goes to `onProgress`; on a 2xx NOTIFY the call
   * is hung up here, on a refusal or failure it stays up.
   */
  async transfer(referTo: string, onProgress: (progress: TransferProgress, detail?: string) => void = () => undefined): Promise<void> {
    const session = this.session;
    if (!session || session.state !== SessionState.Established) throw new Error('No call to transfer');
    const uri = UserAgent.makeURI(referTo);
    if (!uri) throw new Error(`Not a SIP URI: ${referTo}`);
    // sip.js writes Refer-To bare; a URI with headers must be in angle brackets (RFC 3261 §20)
    const text = uri.toString();
    uri.toString = () => `<${text}>`;
    onProgress('referring');
    try {
      await session.refer(uri, {
        requestDelegate: {
          onAccept: () => onProgress('accepted'),
          onReject: (response) => onProgress('refused', `${response.message.statusCode} ${response.message.reasonPhrase}`),
        },
        onNotify: (notification) => {
          void notification.accept();
          // message/sipfrag: "SIP/2.0 200 OK" once the carrier's call to the target is answered
          const code = Number(/^SIP\/2\.0\s+(\d{3})/m.exec(notification.request.body ?? '')?.[1] ?? 0);
          if (code >= 200 && code < 300) {
            onProgress('completed');
            if (this.session === session) void this.hangup().catch(() => undefined);
          } else if (code >= 300) {
            onProgress('failed', String(code));
          }
        },
      });
    } catch (e) {
      onProgress('failed', e instanceof Error ? e.message : String(e));
      throw e;
    }
  }

  // ---------- internals ----------

  private createManager(creds: SipCredentials): Web.SessionManager {
    const iceGatheringTimeout = this.options.iceGatheringTimeoutMs ?? DEFAULT_ICE_TIMEOUT_MS;
    return new Web.SessionManager(creds.wsUrl, {
      aor: creds.sipUri,
      maxSimultaneousSessions: 1,
      // typed as booleans, but handed to getUserMedia as they are (a deviceId constraint works)
      media: { constraints: this.constraints as unknown as { audio: boolean; video: boolean }, remote: { audio: this.options.remoteAudio } },
      // reconnect after network loss (with `online` events as a shortcut), re-register after it
      reconnectionAttempts: 1000,
      reconnectionDelay: 2,
      registrationRetry: true,
      registrationRetryInterval: 3,
      registererOptions: { expires: 300 },
      userAgentOptions: {
        authorizationUsername: creds.authUsername,
        authorizationPassword: creds.password,
        logBuiltinEnabled: false,
        // no STUN/TURN: rtpengine is reachable directly; cap gathering so answering is fast
        sessionDescriptionHandlerFactoryOptions: {
          iceGatheringTimeout,
          peerConnectionConfiguration: { iceServers: [] },
        },
      },
      delegate: {
        onServerConnect: () => {
          this.connected = true;
          if (!this.registered) this.store.update({ state: this.session ? this.store.get().state : SoftphoneState.Registering });
        },
        onServerDisconnect: () => {
          this.connected = false;
          this.registered = false;
          if (this.stopped) return;
          // not asked for (disconnect() sets `stopped`): a lost connection; sip.js reconnects
          this.store.update({ state: SoftphoneState.Disconnected, error: 'connection_lost' });
        },
        onRegistered: () => {
          this.registered = true;
          if (!this.session) this.store.update({ state: SoftphoneState.Ready, error: null });
        },
        onUnregistered: () => {
          this.registered = false;
          // the registerer reports "unregistered" right after a lost connection: stay disconnected
          if (!this.session && !this.stopped && this.connected) this.store.update({ state: SoftphoneState.Registering });
        },
        onCallReceived: (session) => this.onIncoming(session),
        onCallCreated: (session) => {
          this.session = session;
        },
        onCallAnswered: (session) => {
          if (session !== this.session) return;
          this.patchCall({ answeredAt: Date.now() });
          this.store.update({ state: SoftphoneState.InCall, micBlocked: false });
        },
        onCallHangup: (session) => {
          if (session !== this.session) return;
          this.session = null;
          this.store.update({ state: this.idleState(), call: null });
        },
        onCallHold: (session, held) => {
          if (session !== this.session) return;
          this.patchCall({ held });
          this.store.update({ state: held ? SoftphoneState.OnHold : SoftphoneState.InCall });
        },
      },
    });
  }

  private onIncoming(session: Session): void {
    if (!(session instanceof Invitation)) return;
    if (this.session && this.session !== session) {
      // one call at a time: a second call gets busy
      void session.reject({ statusCode: 486 }).catch(() => undefined);
      return;
    }
    this.session = session;
    // ring at once (sip.js would wait 200 ms before its own 180)
    void session.progress().catch(() => undefined);
    const from = session.remoteIdentity;
    this.store.update({
      state: SoftphoneState.Ringing,
      call: {
        callId: session.request.callId,
        direction: 'inbound',
        remoteNumber: from.uri.user ?? '',
        remoteName: from.displayName || null,
        answeredAt: null,
        muted: false,
        held: false,
        dealId: null,
      },
    });
    session.stateChange.addListener((state) => {
      if (state === SessionState.Terminated && this.session === session) {
        this.session = null;
        this.store.update({ state: this.idleState(), call: null });
      }
    });
  }

  /** Renews credentials before they expire and re-registers with them. */
  private scheduleRenewal(): void {
    if (this.renewTimer) clearTimeout(this.renewTimer);
    if (!this.credentials) return;
    const expiresAt = Date.parse(this.credentials.expiresAt);
    const renewBefore = this.options.renewBeforeMs ?? DEFAULT_RENEW_BEFORE_MS;
    const delay = Math.max(5_000, expiresAt - Date.now() - renewBefore);
    this.renewTimer = setTimeout(() => void this.renew(), Math.min(delay, 2 ** 31 - 1));
  }

  private async renew(): Promise<void> {
    if (this.stopped || !this.manager) return;
    try {
      const creds = await this.options.fetchCredentials();
      this.credentials = creds;
      // sip.js builds the digest from the live configuration on every challenge
      const config = this.manager.userAgent.configuration;
      config.authorizationUsername = creds.authUsername;
      config.authorizationPassword = creds.password;
      await this.manager.register();
    } catch {
      // keep the current registration; try again shortly
    }
    this.scheduleRenewal();
  }

  private async reconnect(): Promise<void> {
    if (this.stopped || !this.manager || this.manager.isConnected()) return;
    await this.manager.connect().catch(() => undefined);
  }

  private idleState(): SoftphoneState {
    if (this.registered) return SoftphoneState.Ready;
    return this.manager && this.connected ? SoftphoneState.Registering : SoftphoneState.Disconnected;
  }

  /** The call's audio sender's RTCDTMFSender (null before media is up or without audio). */
  private dtmfSender(session: Session): RTCDTMFSender | null {
    const pc = this.peerConnection(session);
    const sender = pc?.getSenders().find((s) => s.track?.kind === 'audio') ?? pc?.getSenders()[0];
    return sender?.dtmf ?? null;
  }

  /** The SDP the far end (rtpengine) gave for this call: its answer, or its offer. */
  private remoteSdp(session: Session): string | null {
    return this.peerConnection(session)?.remoteDescription?.sdp ?? null;
  }

  private peerConnection(session: Session): RTCPeerConnection | null {
    const sdh = session.sessionDescriptionHandler;
    return sdh instanceof Web.SessionDescriptionHandler ? (sdh.peerConnection ?? null) : null;
  }

  private patchCall(patch: Partial<ActiveCall>): void {
    const call = this.store.get().call;
    if (call) this.store.update({ call: { ...call, ...patch } });
  }

  private domain(): string {
    const uri = this.credentials?.sipUri ?? '';
    return uri.replace(/^sips?:/, '').split('@')[1] ?? 'callboard.local';
  }

  private requireManager(): Web.SessionManager {
    if (!this.manager) throw new CallSetupError('not_connected', 'The softphone is not connected');
    return this.manager;
  }
}
