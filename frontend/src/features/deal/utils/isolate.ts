/**
 * User data inside a message that is plain text (a toast, an <option>): wrapped in Unicode's first
 * strong isolate and pop directional isolate, the text form of <bdi>, so a Latin title never
 * reorders the Hebrew words around it.
 */
export function isolate(text: string): string {
  return `\u2068${text}\u2069`;
}
