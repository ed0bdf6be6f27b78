import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/**
 * A phone number as written by a person or sent by a carrier, in E.164 (+3612345678), or null
 * when it cannot be a phone number. Accepts spaces, dots, dashes, brackets, the 00 and 011
 * international prefixes, national trunk prefixes (06 in Hungary), and tel:/sip: URIs.
 */
export function normalizePhone(input: string | null | undefined, region: string): string | null {
  if (!input) return null;
  let s = input.trim().slice(0, 128);
  const uri = /^(?:tel:|sips?:)([^@;]+)/i.exec(s);
  if (uri) s = uri[1];
  s = s.replace(/[\s().\-\/\u00a0\u2010-\u2015]/g, '');
  if (/^00[1-9]/.test(s)) s = `+${s.slice(2)}`;
  if (!/^\+?[0-9]{3,20}$/.test(s)) return null;
  const parsed = parsePhoneNumberFromString(s, region.toUpperCase() as CountryCode);
  if (parsed && parsed.isPossible()) return parsed.number;
  // Carriers often send international numbers without "+": try once more as international.
  if (!s.startsWith('+')) {
    const international = parsePhoneNumberFromString(`+${s}`);
    if (international && international.isPossible()) return international.number;
  }
  return null;
}

/** A region ("HU") whose national numbering libphonenumber knows: one a team's numbers may be read in. */
export function isPhoneRegion(region: string): boolean {
  return /^[A-Z]{2}$/.test(region) && isSupportedCountry(region);
}
