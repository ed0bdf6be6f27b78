import type { ImportDuplicates, ImportField, ImportOutcome } from '@callboard/contracts';
import { createHash } from 'node:crypto';
import { normalizePhone } from '../../common/phone/phone';

/**
 * What a row of an import does: pure functions, the same for the preview and the run
 * (ADR 0036). A row is read into a contact (and maybe a deal), then checked for duplicates
 * against the contacts already in Callboard and the earlier rows of the same file.
 */

/** What the run needs to know once per import: who imports, the team's settings, users and stages. */
export interface PlanContext {
  actor: { id: string; role: 'seller' | 'head' };
  columns: (ImportField | null)[];
  duplicates: ImportDuplicates;
  phoneRegion: string;
  currency: string;
  /** Active users by lower-cased e-mail. */
  usersByEmail: Map<string, string>;
  /** The default pipeline's stages by lower-cased name. */
  stagesByName: Map<string, { id: string; group: string }>;
}

export interface ParsedRow {
  name: string;
  email: string | null;
  phone: string | null;
  company: string | null;
  ownerId: string;
  /** Set when a deal column has a value: a deal for this contact. */
  deal: { title: string; stageId: string | null; stageGroup: string | null; amount: string } | null;
}

/** A contact already in Callboard with this phone or e-mail; `editable`: the importer may update it. */
export interface ExistingContact {
  id: string;
  editable: boolean;
}

export type Decision =
  | { outcome: 'create'; parsed: ParsedRow }
  | { outcome: 'update'; parsed: ParsedRow; contactId: string }
  | { outcome: 'skip'; reason: string }
  | { outcome: 'error'; reason: string };

const LIMITS = { name: 200, email: 254, company: 200, dealTitle: 200 } as const;
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;

/** The normalised header row's hash: the key a mapping is remembered under. */
export function headerHash(headers: string[]): string {
  const normalised = headers.map((h) => h.normalize('NFC').trim().toLowerCase().replace(/\s+/g, ' '));
  return createHash('sha256').update(JSON.stringify(normalised)).digest('hex');
}

/** A first guess of the mapping from the column names (English and Hungarian words). */
export function guessMapping(headers: string[]): (ImportField | null)[] {
  const taken = new Set<ImportField>();
  const rules: [ImportField, RegExp][] = [
    ['email', /e-?mail/],
    ['phone', /phone|mobile|tel|telefon|mobil/],
    ['company', /company|organi[sz]ation|c[ée]g|firma/],
    ['owner', /owner|rep\b|felel[őo]s|tulajdonos|[üu]gyint[ée]z[őo]/],
    ['dealTitle', /deal|opportunity|[üu]gylet|[üu]zlet|lehet[őo]s[ée]g/],
    ['stage', /stage|status|szakasz|st[áa]tusz/],
    ['amount', /amount|value|[öo]sszeg|[ée]rt[ée]k/],
    ['name', /name|n[ée]v|contact|kapcsolat/],
  ];
  return headers.map((h) => {
    const text = h.toLowerCase();
    for (const [field, re] of rules) {
      if (!taken.has(field) && re.test(text)) {
        taken.add(field);
        return field;
      }
    }
    return null;
  });
}

/** A row's cells read into a contact (and deal), or the reason it cannot be. */
export function parseRow(cells: string[], unreadable: string | null, ctx: PlanContext): ParsedRow | { error: string } {
  if (unreadable) return { error: `Cannot be read: ${unreadable}` };
  if (cells.length > ctx.columns.length && cells.slice(ctx.columns.length).some((c) => c.trim())) {
    return { error: `More cells (${cells.length}) than column names (${ctx.columns.length})` };
  }
  const get = (field: ImportField): string => {
    const i = ctx.columns.indexOf(field);
    return i < 0 ? '' : (cells[i] ?? '').trim();
  };
  const name = get('name');
  if (!name) return { error: 'No name' };
  if (name.length > LIMITS.name) return { error: `The name is longer than ${LIMITS.name} characters` };
  const company = get('company') || null;
  if (company && company.length > LIMITS.company) return { error: `The company is longer than ${LIMITS.company} characters` };
  const emailText = get('email');
  const email = emailText ? emailText.toLowerCase() : null;
  if (email && (email.length > LIMITS.email || !EMAIL.test(email))) return { error: `"${clip(emailText)}" is not an e-mail address` };
  const phoneText = get('phone');
  const phone = phoneText ? normalizePhone(phoneText, ctx.phoneRegion) : null;
  if (phoneText && !phone) return { error: `"${clip(phoneText)}" is not a phone number` };

  const ownerText = get('owner').toLowerCase();
  let ownerId = ctx.actor.id;
  if (ownerText) {
    const found = ctx.usersByEmail.get(ownerText);
    if (!found) return { error: `No active user has the e-mail "${clip(ownerText)}"` };
    if (ctx.actor.role !== 'head' && found !== ctx.actor.id) return { error: 'A Seller imports only into their own name' };
    ownerId = found;
  }

  const title = get('dealTitle');
  const stageText = get('stage');
  const amountText = get('amount');
  let deal: ParsedRow['deal'] = null;
  if (title || stageText || amountText) {
    if (title.length > LIMITS.dealTitle) return { error: `The deal title is longer than ${LIMITS.dealTitle} characters` };
    let stage: { id: string; group: string } | null = null;
    if (stageText) {
      stage = ctx.stagesByName.get(stageText.toLowerCase()) ?? null;
      if (!stage) return { error: `No stage is called "${clip(stageText)}"` };
    }
    const amount = amountText ? parseAmount(amountText, ctx.currency) : '0';
    if (typeof amount !== 'string') return { error: amount.error };
    deal = { title: title || name, stageId: stage?.id ?? null, stageGroup: stage?.group ?? null, amount };
  }
  return { name, email, phone, company, ownerId, deal };
}

/**
 * An amount as people write it, in the team's currency: "1 234,50", "1.234,50", "1,234.50",
 * "1234.5 HUF", "€ 99". Another currency, a negative or a non-number is an error.
 */
export function parseAmount(text: string, currency: string): string | { error: string } {
  let s = text.replace(/[\s\u00a0\u202f']/g, '');
  const other = (iso: string) => ({ error: `The amount "${clip(text)}" is not in the team's currency (${currency}, not ${iso})` });
  const symbols: Record<string, string> = { '€': 'EUR', $: 'USD', '£': 'GBP', Ft: 'HUF' };
  for (const [symbol, iso] of Object.entries(symbols)) {
    if (s.includes(symbol)) {
      if (iso !== currency) return other(iso);
      s = s.replace(symbol, '');
    }
  }
  // an ISO code before or after the number: "HUF 12500", "12500 HUF"
  const coded = /^([A-Za-z]{3})?([-\d.,]+)([A-Za-z]{3})?$/.exec(s);
  if (coded && (coded[1] || coded[3])) {
    const iso = (coded[1] ?? coded[3])!.toUpperCase();
    if (iso !== currency) return other(iso);
    s = coded[2]!;
  }
  if (s.startsWith('-')) return { error: `The amount "${clip(text)}" is negative` };
  const comma = s.lastIndexOf(',');
  const dot = s.lastIndexOf('.');
  // the later of , and . is the decimal mark when two or fewer digits follow it; the other groups thousands
  const mark = Math.max(comma, dot);
  let whole = s;
  let fraction = '';
  if (mark >= 0 && s.length - mark - 1 <= 2 && s.length - mark - 1 > 0) {
    whole = s.slice(0, mark);
    fraction = s.slice(mark + 1);
  }
  whole = whole.replace(/[.,]/g, '');
  if (!/^\d{1,12}$/.test(whole) || !/^\d{0,2}$/.test(fraction)) return { error: `"${clip(text)}" is not an amount` };
  return fraction ? `${Number(whole)}.${fraction.padEnd(2, '0')}` : String(Number(whole));
}

/** Keys (phone, e-mail) of the file's earlier rows -> the row that had them first. */
export interface SeenKeys {
  get(key: string): number | undefined;
  has(key: string): boolean;
  set(key: string, row: number): unknown;
}

/**
 * The keys of a batch over those of the committed batches: what the batch adds is kept apart
 * until it commits (`commit`), and dropped if it rolls back, without copying the whole file's keys.
 */
export class BatchKeys implements SeenKeys {
  private readonly added = new Map<string, number>();
  constructor(private readonly committed: Map<string, number>) {}
  get(key: string): number | undefined {
    return this.added.get(key) ?? this.committed.get(key);
  }
  has(key: string): boolean {
    return this.added.has(key) || this.committed.has(key);
  }
  set(key: string, row: number): void {
    this.added.set(key, row);
  }
  commit(): void {
    for (const [k, v] of this.added) this.committed.set(k, v);
  }
}

/** The keys a row is a duplicate by: its E.164 phone and lower-cased e-mail. */
export function duplicateKeys(p: { phone: string | null; email: string | null }): string[] {
  const keys: string[] = [];
  if (p.phone) keys.push(`p:${p.phone}`);
  if (p.email) keys.push(`e:${p.email}`);
  return keys;
}

/**
 * What a read row does, given the earlier rows of the file (`seen`: key -> row number) and the
 * contacts already in Callboard with its phone or e-mail.
 */
export function decide(
  parsed: ParsedRow | { error: string },
  seen: Pick<SeenKeys, 'get'>,
  existing: { byPhone: ExistingContact | null; byEmail: ExistingContact | null },
  duplicates: ImportDuplicates,
): Decision {
  if ('error' in parsed) return { outcome: 'error', reason: parsed.error };
  for (const key of duplicateKeys(parsed)) {
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      const what = key.startsWith('p:') ? `phone ${parsed.phone}` : `e-mail ${parsed.email}`;
      return { outcome: 'skip', reason: `Duplicate of row ${earlier} (same ${what})` };
    }
  }
  const { byPhone, byEmail } = existing;
  if (byPhone && byEmail && byPhone.id !== byEmail.id) {
    return { outcome: 'error', reason: 'The phone and the e-mail belong to two different contacts in Callboard' };
  }
  const match = byPhone ?? byEmail;
  if (!match) return { outcome: 'create', parsed };
  const what = byPhone ? `phone ${parsed.phone}` : `e-mail ${parsed.email}`;
  if (duplicates === 'skip') return { outcome: 'skip', reason: `Duplicate: a contact with the ${what} is already in Callboard` };
  if (!match.editable) return { outcome: 'skip', reason: `Duplicate: a contact with the ${what} is already in Callboard and is not yours to update` };
  return { outcome: 'update', parsed, contactId: match.id };
}

export function reasonOf(d: Decision): string | null {
  return d.outcome === 'skip' || d.outcome === 'error' ? d.reason : null;
}

export const outcomeOf = (d: Decision): ImportOutcome => d.outcome;

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
