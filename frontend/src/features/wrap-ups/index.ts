import { afterWords } from '@/i18n/messages';
import { lazy } from 'react';

/**
 * The wrap-up panel's host (opens by itself when the rep's call ends), loaded after the first paint
 * with the rest of the words. Render it once, inside <Suspense>, in the signed-in shell.
 */
export const WrapUpHost = lazy(() => afterWords(import('./components/wrap-up-host')).then((m) => ({ default: m.WrapUpHost })));
export { openWrapUp, openWrapUpById, type WrapUpRequest } from './stores/wrap-up-requests';
export { WrapUpOutcomesAdmin } from './components/wrap-up-outcomes-admin';
export { useWrapUpOutcomes } from './hooks/use-wrap-ups';
export { outcomeText, isKnownOutcome } from './utils/outcome-labels';
