import { LANGUAGES, type Language } from '@callboard/contracts';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { CATALOGUES, type MessageId, translate, Words } from './catalogue';

// Issue 15: what the backend writes (emails, notifications, default stages and rules) exists in
// every language, with the same variables, and with the plural forms each language needs (CLDR
// through Intl.PluralRules: Romanian few, Hebrew two, Indonesian other only).

const en = CATALOGUES.en;
const TRANSLATED = LANGUAGES.filter((l) => l !== 'en');

type Kind = 'argument' | 'plural' | 'select' | 'selectordinal' | 'number' | 'date' | 'time' | 'tag';

/** Each variable a message uses, with its kind. */
function variables(elements: MessageFormatElement[], out = new Map<string, Kind>()): Map<string, Kind> {
  for (const el of elements) {
    if (el.type === TYPE.argument) out.set(el.value, 'argument');
    if (el.type === TYPE.number) out.set(el.value, 'number');
    if (el.type === TYPE.date) out.set(el.value, 'date');
    if (el.type === TYPE.time) out.set(el.value, 'time');
    if (el.type === TYPE.tag) {
      out.set(el.value, 'tag');
      variables(el.children, out);
    }
    if (el.type === TYPE.plural || el.type === TYPE.select) {
      out.set(el.value, el.type === TYPE.select ? 'select' : el.pluralType === 'ordinal' ? 'selectordinal' : 'plural');
      for (const o of Object.values(el.options)) variables(o.value, out);
    }
  }
  return out;
}

/** Every plural of a message with the categories it offers, and every select with its options. */
function branches(elements: MessageFormatElement[], out: { kind: 'plural' | 'select'; name: string; ordinal: boolean; options: string[] }[] = []) {
  for (const el of elements) {
    if (el.type === TYPE.tag) branches(el.children, out);
    if (el.type === TYPE.plural || el.type === TYPE.select) {
      const kind = el.type === TYPE.plural ? 'plural' : 'select';
      out.push({ kind, name: el.value, ordinal: el.type === TYPE.plural && el.pluralType === 'ordinal', options: Object.keys(el.options) });
      for (const o of Object.values(el.options)) branches(o.value, out);
    }
  }
  return out;
}

/**
 * A variable's kind, where a number may be written plain in one language and as a plural in
 * another (Hungarian needs no plural where Romanian does): both take a number.
 */
const comparable = (kind: Kind) => (kind === 'plural' || kind === 'number' ? 'argument' : kind);

/** Values for a message's variables: each select option English has, and plural counts 0, 1, 2, 3, 21, 101. */
function samples(id: string): Record<string, string | number>[] {
  const base: Record<string, string | number> = {};
  for (const [name, kind] of variables(parse(en[id]))) base[name] = kind === 'select' ? 'yes' : kind === 'plural' || kind === 'number' ? 2 : `«${name}»`;
  // a variable any language writes as a plural takes a number everywhere
  for (const lang of LANGUAGES) for (const [name, kind] of variables(parse(CATALOGUES[lang][id]))) if (kind === 'plural') base[name] = 2;
  const out = [base];
  for (const b of branches(parse(en[id]))) if (b.kind === 'select') for (const option of b.options) out.push({ ...base, [b.name]: option === 'other' ? 'no' : option });
  for (const [name, value] of Object.entries(base)) if (typeof value === 'number') for (const n of [0, 1, 3, 21, 101]) out.push({ ...base, [name]: n });
  return out;
}

describe('the backend catalogues', () => {
  it('should hold messages in English, the source', () => {
    expect(Object.keys(en).length).toBeGreaterThan(40);
  });

  it.each(TRANSLATED)('should have every English message in %s, none empty, none extra', (lang) => {
    const messages = CATALOGUES[lang];
    expect(Object.keys(en).filter((id) => !(id in messages))).toEqual([]);
    expect(Object.keys(messages).filter((id) => !(id in en))).toEqual([]);
    expect(Object.entries(messages).filter(([, m]) => typeof m !== 'string' || m.trim() === '').map(([id]) => id)).toEqual([]);
  });

  it.each([...LANGUAGES])('should parse every %s message and format it with its variables, each plural count and select option', (lang) => {
    const failures: string[] = [];
    for (const id of Object.keys(en)) {
      for (const values of samples(id)) {
        try {
          const text = translate(lang, id as MessageId, values);
          if (!text.trim()) failures.push(`${id}: empty for ${JSON.stringify(values)}`);
        } catch (err) {
          failures.push(`${id}: ${(err as Error).message}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it.each(TRANSLATED)('should use the same variables in %s as in English', (lang) => {
    const differing: string[] = [];
    for (const id of Object.keys(en)) {
      const want = [...variables(parse(en[id]))].map(([n, k]) => `${n}:${comparable(k)}`).sort();
      const got = [...variables(parse(CATALOGUES[lang][id]))].map(([n, k]) => `${n}:${comparable(k)}`).sort();
      if (JSON.stringify(want) !== JSON.stringify(got)) differing.push(`${id}: ${got.join(' ')} (English: ${want.join(' ')})`);
    }
    expect(differing).toEqual([]);
  });

  it.each([...LANGUAGES])('should offer every plural form %s needs, and the select options English has', (lang) => {
    const missing: string[] = [];
    for (const id of Object.keys(en)) {
      const englishSelects = new Map(branches(parse(en[id])).filter((b) => b.kind === 'select').map((b) => [b.name, b.options]));
      for (const b of branches(parse(CATALOGUES[lang][id]))) {
        if (!b.options.includes('other')) missing.push(`${id} {${b.name}}: lacks other`);
        if (b.kind === 'plural') {
          const needed = new Intl.PluralRules(lang, { type: b.ordinal ? 'ordinal' : 'cardinal' }).resolvedOptions().pluralCategories;
          const lacking = needed.filter((c) => !b.options.includes(c));
          if (lacking.length) missing.push(`${id} {${b.name}}: lacks ${lacking.join(', ')}`);
        } else {
          const lacking = (englishSelects.get(b.name) ?? []).filter((o) => !b.options.includes(o));
          if (lacking.length) missing.push(`${id} {${b.name}}: lacks ${lacking.join(', ')}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('should write Romanian with the comma below (ș ț), never the cedilla', () => {
    expect(Object.entries(CATALOGUES.ro).filter(([, m]) => /[şţŞŢ]/.test(m)).map(([id]) => id)).toEqual([]);
  });

  it('should write Hungarian with the double acute (ő ű), never õ or û', () => {
    expect(Object.entries(CATALOGUES.hu).filter(([, m]) => /[õûÕÛ]/.test(m)).map(([id]) => id)).toEqual([]);
  });

  it('should write dates and amounts with Intl in the reader’s language and the team’s zone', () => {
    const hu = new Words('hu', 'Europe/Budapest');
    expect(hu.day('2026-11-24')).toBe('2026. november 24.');
    // 23:30 UTC is already the 24th in Budapest
    expect(hu.dateOf('2026-11-23T23:30:00Z')).toBe(new Intl.DateTimeFormat('hu', { dateStyle: 'medium', timeZone: 'Europe/Budapest' }).format(new Date('2026-11-24T12:00:00Z')));
    expect(new Words('en', 'UTC').amount('1250.5', 'EUR')).toBe('€1,250.50');
    expect(new Words('ro', 'UTC').amount('1250.5', 'RON')).toBe(new Intl.NumberFormat('ro', { style: 'currency', currency: 'RON' }).format(1250.5));
  });

  it('should choose the plural form by the language’s rules', () => {
    const days = (lang: Language, n: number) => translate(lang, 'digest.item.noContact', { days: n, who: 'X' });
    expect(days('en', 1)).toBe('No contact for 1 day: X');
    expect(days('en', 20)).toBe('No contact for 20 days: X');
    expect(days('ro', 2)).toContain('2 zile');
    expect(days('ro', 20)).toContain('20 de zile');
    expect(days('he', 2)).toContain('יומיים');
    expect(days('id', 1)).toContain('1 hari');
  });
});
