#!/usr/bin/env node
// The web app's catalogues (ADR 0029, docs/i18n.md).
//
//   node frontend/scripts/i18n.mjs extract   English from the source (FormatJS's extractor) into
//                                            src/i18n/locales/en/<namespace>.json
//   node frontend/scripts/i18n.mjs compile   every other language (and the pseudo-locale) parsed
//                                            into src/i18n/compiled/<lang>.json, loaded on demand
//   node frontend/scripts/i18n.mjs check     fails when the English catalogue is not what the
//                                            source says (a message added, changed or removed)
//
// A message's namespace is the first segment of its id ("board.column.empty" -> board), so each
// feature's messages are one file per language, translated and reviewed on their own.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const FRONTEND = join(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(FRONTEND, 'src');
const LOCALES = join(SRC, 'i18n', 'locales');
const COMPILED = join(SRC, 'i18n', 'compiled');
const require = createRequire(import.meta.url);
const { parse, TYPE } = require('@formatjs/icu-messageformat-parser');

/** The languages translated from English (contracts' LANGUAGES without en). */
export const TRANSLATED = ['hu', 'id', 'ro', 'he'];
/** An id: a namespace and at least one more dot-separated part, lower camel case. */
export const ID = /^[a-z][a-zA-Z0-9]*(?:\.[a-zA-Z0-9][a-zA-Z0-9_-]*)+$/;

function sourceFiles(dir = SRC) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'compiled' || e.name === 'locales' ? [] : sourceFiles(path);
    return /\.tsx?$/.test(e.name) && !/\.(spec|check)\.tsx?$/.test(e.name) ? [path] : [];
  });
}

/** id -> English message, as the source says. */
export function extracted() {
  const work = mkdtempSync(join(tmpdir(), 'cb-i18n-'));
  try {
    const list = join(work, 'files.txt');
    writeFileSync(list, sourceFiles().join('\n'));
    const out = join(work, 'en.json');
    const bin = join(require.resolve('@formatjs/cli/package.json'), '..', 'bin', 'formatjs');
    execFileSync(process.execPath, [bin, 'extract', '--in-file', list, '--out-file', out, '--throws', '--id-interpolation-pattern', 'MISSING-ID-[sha512:contenthash:hex:8]'], { stdio: ['ignore', 'ignore', 'inherit'] });
    const raw = JSON.parse(readFileSync(out, 'utf8'));
    const messages = {};
    const bad = [];
    for (const [id, d] of Object.entries(raw)) {
      if (!ID.test(id)) bad.push(`${id}: "${d.defaultMessage}" (every message needs an explicit id such as "board.column.empty")`);
      messages[id] = d.defaultMessage;
    }
    if (bad.length) throw new Error(`messages without a proper id:\n  ${bad.join('\n  ')}`);
    return messages;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const namespaceOf = (id) => id.slice(0, id.indexOf('.'));
const sorted = (o) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

function byNamespace(messages) {
  const out = {};
  for (const [id, m] of Object.entries(messages)) (out[namespaceOf(id)] ??= {})[id] = m;
  return out;
}

/** id -> message of one language, from its namespace files. */
export function catalogue(lang) {
  const dir = join(LOCALES, lang);
  if (!existsSync(dir)) return {};
  const out = {};
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const part = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    for (const [id, m] of Object.entries(part)) {
      if (namespaceOf(id) !== file.replace(/\.json$/, '')) throw new Error(`${lang}/${file}: ${id} belongs in ${namespaceOf(id)}.json`);
      out[id] = m;
    }
  }
  return out;
}

function writeNamespaces(lang, messages) {
  const dir = join(LOCALES, lang);
  mkdirSync(dir, { recursive: true });
  const parts = byNamespace(messages);
  for (const file of readdirSync(dir)) if (!(file.replace(/\.json$/, '') in parts)) rmSync(join(dir, file));
  for (const [ns, part] of Object.entries(parts)) writeFileSync(join(dir, `${ns}.json`), `${JSON.stringify(sorted(part), null, 2)}\n`);
}

// The pseudo-locale: every piece of text a message holds becomes accented and the whole message is
// bracketed, so text on a page that is not bracketed did not come from the catalogue (the e2e
// walks every page for it), and longer words show where a layout breaks.
const ACCENTS = { a: 'á', b: 'ƀ', c: 'ç', d: 'ð', e: 'é', f: 'ƒ', g: 'ĝ', h: 'ĥ', i: 'í', j: 'ĵ', k: 'ķ', l: 'ļ', m: 'ɱ', n: 'ñ', o: 'ó', p: 'þ', q: 'ǫ', r: 'ŕ', s: 'š', t: 'ţ', u: 'ú', v: 'ṽ', w: 'ŵ', x: 'ẋ', y: 'ý', z: 'ž', A: 'Á', B: 'Ɓ', C: 'Ç', D: 'Ð', E: 'É', F: 'Ƒ', G: 'Ĝ', H: 'Ĥ', I: 'Í', J: 'Ĵ', K: 'Ķ', L: 'Ļ', M: 'Ṁ', N: 'Ñ', O: 'Ó', P: 'Þ', Q: 'Ǫ', R: 'Ŕ', S: 'Š', T: 'Ţ', U: 'Ú', V: 'Ṽ', W: 'Ŵ', X: 'Ẋ', Y: 'Ý', Z: 'Ž' };
export const PSEUDO_OPEN = '⟦';
export const PSEUDO_CLOSE = '⟧';

function pseudoText(elements) {
  for (const el of elements) {
    if (el.type === TYPE.literal) el.value = el.value.replace(/[a-zA-Z]/g, (c) => ACCENTS[c] ?? c);
    if (el.type === TYPE.tag) pseudoText(el.children);
    if (el.type === TYPE.plural || el.type === TYPE.select) for (const o of Object.values(el.options)) pseudoText(o.value);
  }
  return elements;
}

export function pseudo(ast) {
  return [{ type: TYPE.literal, value: PSEUDO_OPEN }, ...pseudoText(ast), { type: TYPE.literal, value: PSEUDO_CLOSE }];
}

/** Parses every message (throws naming the one that does not). */
export function compiled(messages, label) {
  const out = {};
  for (const [id, m] of Object.entries(messages)) {
    try {
      out[id] = parse(m);
    } catch (err) {
      throw new Error(`${label}: ${id}: ${err.message}: ${m}`);
    }
  }
  return out;
}

/** Whether a message is plain text: the build keeps such an English default as its string too (build/formatjs.ts). */
export function isPlain(ast) {
  return ast.length === 1 && ast[0].type === TYPE.literal && !/[{}<>#']/.test(ast[0].value);
}

/**
 * A parsed message as the browser gets it: a plain one as its string, else its AST. react-intl has
 * no parser in the browser: a string translation fails to format, and it then falls back to the
 * English default, which is shown when that one formats (an AST) and the string only when the
 * default fails too (a string). So a translation is a string only where its English is plain;
 * otherwise ("the team's zone": an AST default) a plain translation goes as a one-literal AST,
 * which react-intl returns as it is.
 */
function shipped(ast, englishPlain) {
  return isPlain(ast) && englishPlain ? ast[0].value : ast;
}

/** The browser's catalogue: each message parsed, a plain one kept as its string where its English is plain too. */
function keyed(parsed, english) {
  return Object.fromEntries(Object.entries(parsed).map(([id, ast]) => [id, shipped(ast, english[id] ? isPlain(english[id]) : true)]));
}

/** The first page's messages by namespace or area (src/i18n/first-page.ts, read as text: this script runs before any build). */
export function firstPageMessages() {
  const text = readFileSync(join(SRC, 'i18n', 'first-page.ts'), 'utf8');
  const list = text.slice(text.indexOf('FIRST_PAGE_MESSAGES'), text.indexOf('] as const'));
  return [...list.matchAll(/'([a-zA-Z.]+)'/g)].map((m) => m[1]);
}
const onFirstPage = (id, listed) => listed.some((p) => id === p || id.startsWith(`${p}.`));

/** Writes a language's catalogue as two chunks: the first page's messages, and the rest. */
function writeParts(name, messages) {
  const listed = firstPageMessages();
  const parts = { first: {}, rest: {} };
  for (const [id, m] of Object.entries(messages)) parts[onFirstPage(id, listed) ? 'first' : 'rest'][id] = m;
  for (const [part, content] of Object.entries(parts)) writeFileSync(join(COMPILED, `${name}.${part}.json`), JSON.stringify(content));
}

function compileAll() {
  rmSync(COMPILED, { recursive: true, force: true });
  mkdirSync(COMPILED, { recursive: true });
  const en = catalogue('en');
  const ast = compiled(en, 'en');
  for (const lang of TRANSLATED) {
    // a message not yet translated shows in English rather than as its id (the unit test keeps the catalogues complete)
    const messages = { ...en, ...catalogue(lang) };
    writeParts(lang, keyed(compiled(messages, lang), ast));
  }
  writeParts('pseudo', keyed(Object.fromEntries(Object.entries(ast).map(([id, a]) => [id, pseudo(a)])), ast));
}

function main(command) {
  if (command === 'extract') {
    writeNamespaces('en', extracted());
    compileAll();
  } else if (command === 'compile') {
    compileAll();
  } else if (command === 'check') {
    const source = extracted();
    const committed = catalogue('en');
    const drift = [
      ...Object.keys(source).filter((id) => committed[id] !== source[id]).map((id) => `${id} ${id in committed ? 'changed' : 'added'} in the source`),
      ...Object.keys(committed).filter((id) => !(id in source)).map((id) => `${id} no longer in the source`),
    ];
    if (drift.length) {
      console.error(`the English catalogue is not what the source says (run: npm run i18n:extract -w frontend):\n  ${drift.join('\n  ')}`);
      process.exit(1);
    }
  } else {
    console.error('usage: i18n.mjs extract|compile|check');
    process.exit(2);
  }
  console.log(`i18n ${command}: ${relative(process.cwd(), LOCALES)} ok`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main(process.argv[2]);
