/** Longest caller display name kept, in characters (the contract allows 2048). */
export const MAX_DISPLAY_NAME = 200;

// C0/C1 controls, line and paragraph separators, bidirectional overrides and isolates, BOM and
// zero-width marks: nothing a name needs, and each can break a log line or disguise a name.
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/g;

/**
 * Turns a SIP display name as the PBX reports it into plain text: outer quotes removed,
 * quoted-pair escapes (\" and \\) undone, control and invisible characters dropped, whitespace
 * collapsed, length capped. Markup is kept as typed: clients render it as text. Empty -> null.
 * A name cut by the PBX's byte cap may have lost its closing quote; it is unquoted all the same.
 */
export function normaliseDisplayName(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  let s = raw.trim();
  if (s.startsWith('"')) s = unquote(s);
  s = s.replace(INVISIBLE, ' ').replace(/\s+/g, ' ').trim();
  if (s.length === 0) return null;
  const chars = Array.from(s);
  return chars.length > MAX_DISPLAY_NAME ? chars.slice(0, MAX_DISPLAY_NAME).join('') : s;
}

/** The content of a SIP quoted-string (RFC 3261 quoted-pair undone), up to its closing quote or the end. */
function unquote(s: string): string {
  let out = '';
  for (let i = 1; i < s.length; i++) {
    const c = s[i];
    if (c === '"') break;
    if (c === '\\' && i + 1 < s.length) {
      out += s[++i];
      continue;
    }
    out += c;
  }
  return out;
}

/**
 * Caller and dialled numbers as one line of text: invisible characters removed, at most `max`
 * UTF-16 units (the contract's measure), never ending in half a surrogate pair.
 */
export function plainText(raw: unknown, max: number): string {
  if (typeof raw !== 'string') return '';
  const s = raw.replace(INVISIBLE, '').slice(0, max);
  return /[\ud800-\udbff]$/.test(s) ? s.slice(0, -1) : s;
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

/**
 * The display name's bytes as Kamailio sends them (hex, so any byte survives JSON) as a string:
 * invalid UTF-8 becomes U+FFFD. Undefined when `hex` is not an even-length hex string.
 */
export function displayNameFromHex(hex: unknown): string | undefined {
  if (typeof hex !== 'string' || hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) return undefined;
  return utf8.decode(Buffer.from(hex, 'hex'));
}
