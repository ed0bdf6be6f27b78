/**
 * "The deal on screen while talking" (issue 16): what the browser does when the rep answers a call
 * (in this browser, or on a desk phone while this browser is open). Pure: the dock reads the page
 * into these facts and carries out the answer.
 */

/** The call's records as the server gave them to this user: each only if they may see it. */
export interface CallRecords {
  deal: { id: string; title: string } | null;
  contact: { id: string; name: string } | null;
}

/** Where a call's record lives in the app: its deal, else its contact, else nowhere. */
export interface RecordTarget {
  kind: 'deal' | 'contact';
  path: string;
  /** The deal's title or the contact's name (user content: isolate it where it is shown). */
  label: string;
}

export function recordTarget(records: CallRecords): RecordTarget | null {
  if (records.deal) return { kind: 'deal', path: `/deals/${records.deal.id}`, label: records.deal.title };
  if (records.contact) return { kind: 'contact', path: `/contacts/${records.contact.id}`, label: records.contact.name };
  return null;
}

/** The field the rep was working in when the call was answered (focus, or the last one before the dock took it). */
export interface WorkFacts {
  field: { kind: 'text' | 'choice' | 'other'; hasText: boolean } | null;
  /** A modal dialog is open on the page (not the phone's own panels). */
  dialogOpen: boolean;
}

/**
 * Whether the rep is in the middle of something that navigating away would lose or interrupt: a
 * dialog open, a choice list in hand, or a text field holding text they have not sent.
 */
export function isBusyTyping(work: WorkFacts): boolean {
  if (work.dialogOpen) return true;
  const { field } = work;
  if (!field) return false;
  if (field.kind === 'choice') return true;
  return field.kind === 'text' && field.hasText;
}

export interface AnswerFacts {
  direction: 'inbound' | 'outbound';
  /** The user's setting (Account page). */
  enabled: boolean;
  /** This tab holds the phone: only one tab of the user moves. */
  holder: boolean;
  target: RecordTarget | null;
  /** The page's current path. */
  currentPath: string;
  work: WorkFacts;
}

/**
 * `navigate`: open the record now; `link`: the rep is typing, show "Open the deal: …" instead and
 * keep it for the call; `none`: nothing beyond the in-call links (an outbound call the rep placed
 * themselves, the setting off, another tab, nothing the rep may see, or already on that page).
 */
export type AnswerOpening = { kind: 'navigate'; target: RecordTarget } | { kind: 'link'; target: RecordTarget } | { kind: 'none' };

export function decideOnAnswer(facts: AnswerFacts): AnswerOpening {
  const { target } = facts;
  if (!target || facts.direction !== 'inbound' || !facts.enabled || !facts.holder) return { kind: 'none' };
  if (samePath(facts.currentPath, target.path)) return { kind: 'none' };
  return isBusyTyping(facts.work) ? { kind: 'link', target } : { kind: 'navigate', target };
}

function samePath(a: string, b: string): boolean {
  return a.replace(/\/+$/, '') === b.replace(/\/+$/, '');
}

/** Input types that take typed text (a checkbox or a button holds no unsaved words). */
const TEXT_INPUTS = new Set(['', 'text', 'search', 'email', 'tel', 'url', 'number', 'password', 'date', 'datetime-local', 'time', 'month', 'week']);

/** The facts of one element, read from the DOM. */
export function fieldFacts(el: Element | null): WorkFacts['field'] {
  if (!el || el === el.ownerDocument.body || el === el.ownerDocument.documentElement) return null;
  const tag = el.tagName.toLowerCase();
  if (tag === 'textarea') return { kind: 'text', hasText: (el as HTMLTextAreaElement).value.trim() !== '' };
  if (tag === 'input') {
    const input = el as HTMLInputElement;
    if (!TEXT_INPUTS.has(input.type.toLowerCase())) return { kind: 'other', hasText: false };
    return { kind: 'text', hasText: input.value.trim() !== '' };
  }
  if (tag === 'select') return { kind: 'choice', hasText: false };
  if ((el as HTMLElement).isContentEditable) return { kind: 'text', hasText: (el.textContent ?? '').trim() !== '' };
  return { kind: 'other', hasText: false };
}
