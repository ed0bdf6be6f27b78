/** Longest caller display name kept, in characters (the contract allows 2048). */
export const MAX_DISPLAY_NAME = 200;

/**
 * Turns a SIP display name as the PBX reports it into plain text: outer quotes removed,
 * quoted-pair escapes (\" and \\) undone, control characters dropped, whitespace collapsed,
 * length capped. Markup is kept as typed: clients render it as text. Empty -> null.
 */
export function normaliseDisplayName(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  let s = raw.trim();
  if (s.length >= 2 && s.startsWith('"') && s.endsWith('"')) {
    s = s.slice(1, -1).replace(/\\(.)/gs, '$1');
  }
  s = s.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/\s+/g, ' ').trim();
  if (s.length === 0) return null;
  const chars = Array.from(s);
  return chars.length > MAX_DISPLAY_NAME ? chars.slice(0, MAX_DISPLAY_NAME).join('') : s;
}
