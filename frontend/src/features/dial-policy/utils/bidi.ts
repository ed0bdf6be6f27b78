// User data inside plain text (a tooltip, a toast, an option) cannot sit in a <bdi>: these marks do
// the same, so a Latin name or a phone number never reorders the words around it in Hebrew.

/** A name or title, in whatever direction its own letters go (FSI … PDI). */
export const isolate = (text: string): string => `\u2068${text}\u2069`;

/** A phone number, extension or address, always left to right (LRI … PDI). */
export const isolateLtr = (text: string): string => `\u2066${text}\u2069`;
