/**
 * What the platform's Intl knows (Node's ICU): the currencies a team may choose. Pure, so that
 * the environment's parser and the team settings check the same list.
 */
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

/** An ISO 4217 code that Intl formats as a currency ("HUF", "EUR"); "XYZ" is not. */
export function isKnownCurrency(code: string): boolean {
  return CURRENCIES.has(code);
}
