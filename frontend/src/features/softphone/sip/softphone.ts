// The browser softphone: a small class around sip.js's SessionManager. The only module (with
// its folder) that imports sip.js; the rest of the app talks to it through intent methods and
// reads its state from the store it is given.
import { Invitation, Inviter, SIPExtension, SessionState, UserAgent, Web, type Core, type Session } from 'sip.js';
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

/**
 * An attended transfer's consult call: the rep talks to a teammate while the caller waits on hold
 * (the store's `call`). Ends by completing the transfer or by going back to the caller.
 */
export interface ConsultCall {
  /** SIP Call-ID of the consult call ('' until the INVITE is built). */
  callId: string;
  extension: string;
  name: string;
  /** The teammate's user id, for the transfer request (opaque here). */
  userId: string;
  /** When the teammate answered (ms since epoch); null while it rings. */
  answeredAt: number | null;
  /** Why it ended without a transfer, shown until the rep goes back to the caller. */
  ended: ConsultEnd | null;
}

/** How a consult call ended without a transfer. */
export type ConsultEnd = 'declined' | 'busy' | 'no_answer' | 'unavailable' | 'hung_up' | 'failed';

/** The consult call's dialog as the backend needs it for the Replaces header (RFC 3891). */
export interface ConsultDialogIds {
  callId: string;
  /** The teammate's tag (remote). */
  toTag: string;
  /** The rep's own tag (local). */
  fromTag: string;
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
 * {@link unmute}, {@link sendDtmf}, {@link transfer}, {@link consult}, {@link completeTransfer},
 * {@link backToCaller}, {@link disconnect}. Every change is pushed into the store; UI code never
 * touches sip.js objects.
 *
 * At most two sessions: the call (`session`) and, during an attended transfer, the consult call
 * to a teammate (`consultSession`) while the call is on hold. A teammate's phone takes the
 * carrier's INVITE with Replaces in place of the consult call it answered.
 */
export class Softphone {
  private manager: Web.SessionManager | null = null;
  private session: Session | null = null;
  /** The consult call of an attended transfer (the caller is on hold meanwhile). */
  private consultSession: Session | null = null;
  /** Set while {@link consult} places the call, so the new session is taken as the consult. */
  private placingConsult = false;
  /** An attended transfer's REFER is out: a second Complete does nothing. */
  private completing = false;
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
    this.consultSession = null;
    this.store.update({ state: SoftphoneState.Disconnected, call: null, consult: null });
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

  /**
   * Mutes the rep's microphone on every call that is up: the call and, during an attended
   * transfer, the consult call (the rep talks to the teammate then; the held caller hears nothing
   * anyway). A consult call answered while muted starts muted.
   */
  mute(): void {
    if (!this.session) return;
    this.setMuted(true);
  }

  unmute(): void {
    if (!this.session) return;
    this.setMuted(false);
  }

  private setMuted(muted: boolean): void {
    const manager = this.requireManager();
    for (const session of [this.session, this.consultSession]) {
      if (session?.state === SessionState.Established) (muted ? manager.mute(session) : manager.unmute(session));
    }
    this.patchCall({ muted });
  }

  /**
   * The call the rep's keys go to: the consult call while the consult bar is up (the caller is on
   * hold, so digits must not reach the caller's IVR), else the call. Null while the consult call
   * rings or after it ended and before the rep went back.
   */
  private keysTarget(): Session | null {
    if (this.store.get().consult === null) return this.session;
    return this.consultSession?.state === SessionState.Established ? this.consultSession : null;
  }

  /**
   * One DTMF digit (0-9 * # A-D). As an RFC 4733 telephone-event in the call's RTP stream when the
   * far end negotiated telephone-event/8000 (carriers and IVRs listen there); as SIP INFO
   * (application/dtmf-relay) when it did not. Goes to the consult call during an attended transfer
   * ({@link keysTarget}). Returns the method used (null: no call to send to).
   */
  async sendDtmf(digit: string): Promise<DtmfMethod | null> {
    if (!isDtmfDigit(digit)) throw new Error(`Not a DTMF digit: ${digit}`);
    const session = this.keysTarget();
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

  /**
   * Attended transfer, step 1: puts the call on hold and calls a teammate's extension. The rep
   * then completes ({@link completeTransfer}) or goes back to the caller ({@link backToCaller}).
   */
  async consult(target: { extension: string; name: string; userId: string }): Promise<void> {
    const { extension } = target;
    const manager = this.requireManager();
    const session = this.session;
    if (!session || session.state !== SessionState.Established) throw new Error('No call to consult on');
    if (this.consultSession) throw new Error('A consult call is already up');
    if (!/^[A-Za-z0-9_.+-]{1,64}$/.test(extension)) throw new Error(`Not an extension: ${extension}`);
    if (!manager.isHeld(session)) await manager.hold(session);
    this.store.update({ consult: { callId: '', ...target, answeredAt: null, ended: null } });
    const onReject = (response: Core.IncomingResponse) => this.patchConsult({ ended: consultEnd(response.message.statusCode ?? 0) });
    this.placingConsult = true;
    try {
      const inviter = await manager.call(`sip:${extension}@${this.domain()}`, undefined, { requestDelegate: { onReject } });
      this.patchConsult({ callId: inviter.request.callId });
      // the caller hung up while the consult call was being placed: it is the rep's call now
      // (read again after the awaits: TypeScript keeps the narrowing from the checks above)
      const placed = this.consultSession as Session | null;
      if (this.session !== session && placed === inviter) {
        this.promoteConsult({ callId: inviter.request.callId, ...target, answeredAt: null, ended: null });
      }
    } catch (e) {
      this.consultSession = null;
      this.patchConsult({ ended: 'failed' });
      throw e;
    } finally {
      this.placingConsult = false;
    }
  }

  /** The consult call's dialog (once the teammate answered), for the backend's Refer-To with Replaces. */
  consultDialog(): ConsultDialogIds | null {
    const dialog = this.consultSession?.state === SessionState.Established ? this.consultSession.dialog : undefined;
    return dialog ? { callId: dialog.callId, toTag: dialog.remoteTag, fromTag: dialog.localTag } : null;
  }

  /**
   * Attended transfer, step 2: REFER on the held call with `referTo` (the backend's Refer-To with
   * Replaces naming the consult call). The carrier calls the teammate, whose phone swaps the
   * consult call for the caller (ending it); on the carrier's 2xx NOTIFY the held call is hung up.
   * A second call while the first is under way does nothing.
   */
  async completeTransfer(referTo: string, onProgress: (progress: TransferProgress, detail?: string) => void = () => undefined): Promise<void> {
    if (this.completing) return;
    if (!this.consultDialog()) throw new Error('No consult call to complete');
    this.completing = true;
    // On the carrier's 2xx NOTIFY, transfer() hangs up the caller's call; the consult call then
    // becomes the rep's call (onHangup) until the teammate's phone ends it by taking the caller's
    // INVITE with Replaces. Hanging it up here could beat that INVITE, which would then find no
    // dialog to replace (481) — and a carrier that never calls leaves rep and teammate talking.
    const done = (progress: TransferProgress, detail?: string) => {
      if (progress !== 'referring' && progress !== 'accepted') this.completing = false;
      onProgress(progress, detail);
    };
    try {
      await this.transfer(referTo, done);
    } catch (e) {
      this.completing = false;
      throw e;
    }
  }

  /** Attended transfer, the other way: hangs up the consult call and resumes the caller. */
  async backToCaller(): Promise<void> {
    const manager = this.requireManager();
    const consult = this.consultSession;
    this.consultSession = null;
    this.store.update({ consult: null });
    if (consult && consult.state !== SessionState.Terminated) await manager.hangup(consult).catch(() => undefined);
    if (this.session && manager.isHeld(this.session)) await manager.unhold(this.session);
  }

  // ---------- internals ----------

  private createManager(creds: SipCredentials): Web.SessionManager {
    const iceGatheringTimeout = this.options.iceGatheringTimeoutMs ?? DEFAULT_ICE_TIMEOUT_MS;
    return new Web.SessionManager(creds.wsUrl, {
      aor: creds.sipUri,
      // the call and an attended transfer's consult call (further INVITEs get busy in onIncoming)
      maxSimultaneousSessions: 2,
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
        // a teammate's consult call can be replaced by the caller (attended transfer, RFC 3891)
        sipExtensionReplaces: SIPExtension.Supported,
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
          if (this.placingConsult && session instanceof Inviter) {
            this.consultSession = session;
            // known now: the held call may end before manager.call() returns
            this.patchConsult({ callId: session.request.callId });
            return;
          }
          // an incoming call is taken (or refused) in onIncoming
          if (session instanceof Inviter || !this.session) this.session = session;
        },
        onCallAnswered: (session) => {
          if (session === this.consultSession) {
            // the rep muted the call before consulting: the teammate does not hear them either
            if (this.store.get().call?.muted) this.requireManager().mute(session);
            this.patchConsult({ answeredAt: Date.now() });
            return;
          }
          if (session !== this.session) return;
          this.patchCall({ answeredAt: Date.now() });
          this.store.update({ state: SoftphoneState.InCall, micBlocked: false });
        },
        onCallHangup: (session) => this.onHangup(session),
        onCallHold: (session, held) => {
          if (session !== this.session) return;
          this.patchCall({ held });
          this.store.update({ state: held ? SoftphoneState.OnHold : SoftphoneState.InCall });
        },
      },
    });
  }

  private onHangup(session: Session): void {
    if (session === this.consultSession) {
      // the teammate declined, did not answer or hung up: the caller stays on hold until the rep goes back
      this.consultSession = null;
      const consult = this.store.get().consult;
      if (consult && !consult.ended) this.patchConsult({ ended: consult.answeredAt ? 'hung_up' : 'failed' });
    } else if (session === this.session) {
      this.session = null;
      const c = this.store.get().consult;
      // the caller hung up during the consult: the rep stays on the line with the teammate
      if (!(this.consultSession && c && this.promoteConsult(c))) this.store.update({ state: this.idleState(), call: null, consult: null });
    }
    // sip.js clears the one remote audio element when any session ends: play the one still up
    this.playRemote();
  }

  /** The consult call becomes the rep's only call (the held call is gone). */
  private promoteConsult(c: ConsultCall): boolean {
    const consult = this.consultSession;
    if (!consult || consult.state === SessionState.Terminated) return false;
    this.session = consult;
    this.consultSession = null;
    const callId = consult instanceof Inviter ? consult.request.callId : c.callId;
    const muted = this.store.get().call?.muted ?? false;
    this.store.update({
      state: consult.state === SessionState.Established ? SoftphoneState.InCall : SoftphoneState.Dialing,
      call: { callId, direction: 'outbound', remoteNumber: c.extension, remoteName: c.name, answeredAt: c.answeredAt, muted, held: false, dealId: null },
      consult: null,
    });
    return true;
  }

  private playRemote(): void {
    const sdh = this.session?.state === SessionState.Established ? this.session.sessionDescriptionHandler : undefined;
    if (!(sdh instanceof Web.SessionDescriptionHandler)) return;
    const audio = this.options.remoteAudio;
    if (audio.srcObject === sdh.remoteMediaStream) return;
    audio.srcObject = sdh.remoteMediaStream;
    void audio.play().catch(() => undefined);
  }

  /**
   * The caller's INVITE with Replaces naming the consult call this phone answered (the teammate's
   * side of an attended transfer): taken at once in place of it; sip.js ends the consult call.
   */
  private takeReplacing(session: Invitation): void {
    this.session = session;
    const from = session.remoteIdentity;
    this.store.update({
      state: SoftphoneState.InCall,
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
    void this.requireManager()
      .answer(session)
      .catch((e) => console.warn('softphone: could not take the transferred call', e));
  }

  private onIncoming(session: Session): void {
    if (!(session instanceof Invitation)) return;
    const replacee = session.replacee;
    if (replacee && replacee === this.session && replacee.state === SessionState.Established && !this.consultSession) {
      this.takeReplacing(session);
      return;
    }
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

  private patchConsult(patch: Partial<ConsultCall>): void {
    const consult = this.store.get().consult;
    if (consult) this.store.update({ consult: { ...consult, ...patch } });
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

/** A consult call's final failure status in the rep's words. */
function consultEnd(status: number): ConsultEnd {
  if (status === 486 || status === 600) return 'busy';
  if (status === 603) return 'declined';
  if (status === 408 || status === 487) return 'no_answer';
  if (status === 480 || status === 404) return 'unavailable';
  return 'failed';
}
