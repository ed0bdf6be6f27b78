import { DEFAULT_WRAP_UP_OUTCOMES, type WrapUpOutcomesSettings } from '@callboard/contracts';

/** The settings row of the Head's outcome list (the automation module reads it to check rules). */
export const WRAP_UP_OUTCOMES_KEY = 'calls.wrap_up_outcomes';
export const DEFAULT_WRAP_UP_SETTINGS: WrapUpOutcomesSettings = { outcomes: [...DEFAULT_WRAP_UP_OUTCOMES] };
