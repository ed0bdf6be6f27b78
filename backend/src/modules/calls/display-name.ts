/**
 * A caller's display name as the CRM keeps it: hostile input from the network, so control
 * characters are dropped, SIP quoting undone, and the length capped. Markup stays as text.
 */
export function cleanDisplayName(raw: string | null | undefined, max = 200): string | null {
  if (!raw) return null;
  let s = raw.trim();
  if (s.length >= 2 && s.startsWith('"') && s.endsWith('"')) s = s.slice(1, -1);
  s = s
    .replace(/\\(["\\])/g, '$1')
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ')
    .replace(/[\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return s ? Array.from(s).slice(0, max).join('') : null;
}
