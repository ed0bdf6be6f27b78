import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { IntlMessageFormat } from 'intl-messageformat';

// Issue 15: every language has every message of the English catalogue, none empty, and each
// parses with the same variables and the plural forms its language needs (CLDR via Intl).

const LOCALES = join(__dirname, 'locales');
const TRANSLATED = ['hu', 'id', 'ro', 'he'] as const;

function catalogue(lang: string): Record<string, string> {
  const dir = join(LOCALES, lang);
  if (!existsSync(dir)) return {};
  return Object.assign({}, ...readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8'))));
}

/** Each variable a message uses, with its kind ("count:plural", "name:argument"). */
function variables(elements: MessageFormatElement[], out = new Set<string>()): Set<string> {
  for (const el of elements) {
    if (el.type === TYPE.argument) out.add(`${el.value}:argument`);
    if (el.type === TYPE.number || el.type === TYPE.date || el.type === TYPE.time) out.add(`${el.value}:${TYPE[el.type]}`);
    if (el.type === TYPE.tag) {
      out.add(`${el.value}:tag`);
      variables(el.children, out);
    }
    if (el.type === TYPE.plural || el.type === TYPE.select) {
      out.add(`${el.value}:${el.type === TYPE.plural ? (el.pluralType === 'ordinal' ? 'selectordinal' : 'plural') : 'select'}`);
      for (const o of Object.values(el.options)) variables(o.value, out);
    }
  }
  return out;
}

/** Every plural in a message, with the categories it offers. */
function plurals(elements: MessageFormatElement[], out: Array<{ name: string; ordinal: boolean; options: string[] }> = []) {
  for (const el of elements) {
    if (el.type === TYPE.tag) plurals(el.children, out);
    if (el.type === TYPE.plural) out.push({ name: el.value, ordinal: el.pluralType === 'ordinal', options: Object.keys(el.options) });
    if (el.type === TYPE.plural || el.type === TYPE.select) for (const o of Object.values(el.options)) plurals(o.value, out);
  }
  return out;
}

/** A value for each variable, so a message can be formatted for real. */
function sampleValues(elements: MessageFormatElement[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const v of variables(elements)) {
    const [name, kind] = v.split(':') as [string, string];
    values[name] = kind === 'tag' ? (chunks: unknown[]) => chunks.join('') : kind === 'plural' || kind === 'selectordinal' || kind === 'number' ? 2 : kind === 'date' || kind === 'time' ? new Date(0) : 'x';
  }
  return values;
}

const en = catalogue('en');

describe('the web app catalogues', () => {
  it('should hold the English messages the source holds (scripts/i18n.mjs check)', () => {
    expect(() => execFileSync(process.execPath, [join(__dirname, '..', '..', 'scripts', 'i18n.mjs'), 'check'], { stdio: 'pipe' })).not.toThrow();
    expect(Object.keys(en).length).toBeGreaterThan(0);
  });

  it.each(TRANSLATED)('should ship a %s message as a plain string only where its English is plain too (the browser has no parser: a string falls back to an AST English default)', (lang) => {
    execFileSync(process.execPath, [join(__dirname, '..', '..', 'scripts', 'i18n.mjs'), 'compile'], { stdio: 'pipe' });
    const compiledDir = join(__dirname, 'compiled');
    const shipped: Record<string, unknown> = Object.assign({}, ...['first', 'rest'].map((part) => JSON.parse(readFileSync(join(compiledDir, `${lang}.${part}.json`), 'utf8'))));
    const plainEnglish = (m: string) => {
      const ast = parse(m);
      return ast.length === 1 && ast[0].type === TYPE.literal && !/[{}<>#']/.test(ast[0].value);
    };
    const wrong = Object.entries(en).filter(([id, m]) => typeof shipped[id] === 'string' && !plainEnglish(m)).map(([id]) => id);
    expect(wrong).toEqual([]);
    // one such message there is, so the check can fail: "A sales number's policy …" in English
    expect(plainEnglish(en['recordings.admin.intro']!)).toBe(false);
    expect(Array.isArray(shipped['recordings.admin.intro'])).toBe(true);
  });

  it.each(['en', ...TRANSLATED])('should parse and format every %s message', (lang) => {
    const failures: string[] = [];
    for (const [id, message] of Object.entries(catalogue(lang))) {
      try {
        const ast = parse(message);
        new IntlMessageFormat(ast, lang).format(sampleValues(ast));
      } catch (err) {
        failures.push(`${id}: ${(err as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it.each(TRANSLATED)('should have every English message in %s, none empty, none extra', (lang) => {
    const messages = catalogue(lang);
    expect(Object.keys(en).filter((id) => !(id in messages))).toEqual([]);
    expect(Object.keys(messages).filter((id) => !(id in en))).toEqual([]);
    expect(Object.entries(messages).filter(([, m]) => typeof m !== 'string' || m.trim() === '').map(([id]) => id)).toEqual([]);
  });

  it.each(TRANSLATED)('should use the same variables in %s as in English', (lang) => {
    const messages = catalogue(lang);
    const differing = Object.keys(en)
      .filter((id) => id in messages)
      .filter((id) => {
        const a = [...variables(parse(en[id]!))].sort();
        const b = [...variables(parse(messages[id]!))].sort();
        return JSON.stringify(a) !== JSON.stringify(b);
      });
    expect(differing).toEqual([]);
  });

  it.each(['en', ...TRANSLATED])('should offer every plural form %s needs (CLDR: Romanian few, Hebrew two, Indonesian other only)', (lang) => {
    const missing: string[] = [];
    for (const [id, message] of Object.entries(catalogue(lang))) {
      for (const p of plurals(parse(message))) {
        const needed = new Intl.PluralRules(lang, { type: p.ordinal ? 'ordinal' : 'cardinal' }).resolvedOptions().pluralCategories;
        const lacking = needed.filter((c) => !p.options.includes(c));
        if (lacking.length || !p.options.includes('other')) missing.push(`${id} {${p.name}}: lacks ${[...lacking, ...(p.options.includes('other') ? [] : ['other'])].join(', ')}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
