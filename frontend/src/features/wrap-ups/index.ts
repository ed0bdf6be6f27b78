import { afterWords } from '@/i18n/messages';
import { lazy } from 'react';

/**
 * The open wrap-up panel, loaded with the rest of the words when the first one opens. Which one is
 * open comes from `useWrapUpQueue` (once, in the signed-in shell); render it inside <Suspense>.
 */
export const WrapUpHost = lazy(() => afterWords(import('./components/wrap-up-host')).then((m) => ({ default: m.WrapUpHost })));
export { useWrapUpQueue, type WrapUpQueue } from './hooks/use-wrap-up-queue';
export { openWrapUp, openWrapUpById, type WrapUpRequest } from './stores/wrap-up-requests';
export { WrapUpOutcomesAdmin } from './components/wrap-up-outcomes-admin';
export { useWrapUpOutcomes } from './hooks/use-wrap-ups';
export { outcomeText, isKnownOutcome } from './utils/outcome-labels';
