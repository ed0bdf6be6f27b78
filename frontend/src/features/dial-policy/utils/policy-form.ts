/** "36, 43 +44" → ["36", "43", "44"]: codes as a Head types them, "+" optional. */
export function parseCountryCodes(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((s) => s.replace(/^\+/, ''))
    .filter(Boolean);
}

/** "+1900, 1976 +44 871" → ["+1900", "+1976", "+44871"]: one range a line (or comma), spaces inside ignored. */
export function parsePrefixes(text: string): string[] {
  return text
    .split(/[\n,;]+/)
    .map((s) => s.replace(/[\s().-]/g, ''))
    .filter(Boolean)
    .map((s) => (s.startsWith('+') ? s : `+${s.replace(/^00/, '')}`));
}
