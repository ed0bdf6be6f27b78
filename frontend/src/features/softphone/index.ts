import { afterWords } from '@/i18n/messages';
import { lazy, useSyncExternalStore } from 'react';
import { softphoneStore } from './stores/softphone-store';

/**
 * The softphone dock, loaded after the first paint: its chunk carries sip.js (~57 kB gzip). Render it
 * inside <Suspense>. Nothing else exported here may import `./sip` at run time.
 */
export const SoftphoneDock = lazy(() => afterWords(import('./components/softphone-dock')).then((m) => ({ default: m.SoftphoneDock })));
export { ClickToCall } from './components/click-to-call';
/** This tab's own call ended (answered or not): the call as it was. */
export const onPhoneCallEnded = (listener: Parameters<typeof softphoneStore.onCallEnded>[0]) => softphoneStore.onCallEnded(listener);
const BUSY_STATES: ReadonlySet<string> = new Set(['ringing', 'dialing', 'in_call', 'on_hold']);
/** Whether this tab's phone rings or has a call: its panels need the corner, others step aside meanwhile. */
export const usePhoneBusy = (): boolean => useSyncExternalStore(softphoneStore.subscribe, () => BUSY_STATES.has(softphoneStore.get().state));
export type { ActiveCall } from './sip/softphone';
export { AnswerPreference } from './components/answer-preference';
