/**
 * User data inside a plain string (a `title`, an `aria-label`, a toast): wrapped in Unicode
 * isolates (FSI … PDI), the string form of <bdi>, so a Latin name or a phone number never
 * reorders the Hebrew words around it. In markup use <bdi> instead.
 */
export function isolate(text: string): string {
  return `\u2068${text}\u2069`;
}

/** A phone number, extension or address inside a plain string: always left to right (LRI … PDI). */
export function isolateLtr(text: string): string {
  return `\u2066${text}\u2069`;
}
