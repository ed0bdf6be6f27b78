import { afterWords } from '@/i18n/messages';
import { lazy } from 'react';
import { softphoneStore } from './stores/softphone-store';

/**
 * The softphone dock, loaded after the first paint: its chunk carries sip.js (~57 kB gzip). Render it
 * inside <Suspense>. Nothing else exported here may import `./sip` at run time.
 */
export const SoftphoneDock = lazy(() => afterWords(import('./components/softphone-dock')).then((m) => ({ default: m.SoftphoneDock })));
export { ClickToCall } from './components/click-to-call';
/** This tab's own call ended (answered or not): the call as it was. */
export const onPhoneCallEnded = (listener: Parameters<typeof softphoneStore.onCallEnded>[0]) => softphoneStore.onCallEnded(listener);
export type { ActiveCall } from './sip/softphone';
export { AnswerPreference } from './components/answer-preference';
