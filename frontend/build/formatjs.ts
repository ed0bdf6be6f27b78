import { transformAsync, types as t, type PluginObj } from '@babel/core';
import { readFileSync } from 'node:fs';
import { onFirstPage } from '../src/i18n/first-page';
import type { Plugin } from 'vite';

/**
 * A message with no variables, tags or ICU syntax is kept as its plain string: react-intl returns
 * such a string as it is (no parser needed), and it is smaller than its parsed form.
 */
function literalMessagesAsStrings(): PluginObj {
  const plain = (node: t.Node): string | null => {
    if (!t.isArrayExpression(node) || node.elements.length !== 1) return null;
    const el = node.elements[0];
    if (!t.isObjectExpression(el) || el.properties.length !== 2) return null;
    let type: unknown;
    let value: unknown;
    for (const p of el.properties) {
      if (!t.isObjectProperty(p)) return null;
      const key = t.isIdentifier(p.key) ? p.key.name : t.isStringLiteral(p.key) ? p.key.value : null;
      if (key === 'type' && t.isNumericLiteral(p.value)) type = p.value.value;
      if (key === 'value' && t.isStringLiteral(p.value)) value = p.value.value;
    }
    return type === 0 && typeof value === 'string' && !/[{}<>#']/.test(value) ? value : null;
  };
  return {
    visitor: {
      ObjectProperty(path) {
        const key = t.isIdentifier(path.node.key) ? path.node.key.name : null;
        if (key !== 'defaultMessage') return;
        const text = plain(path.node.value);
        if (text !== null) path.node.value = t.stringLiteral(text);
      },
      JSXAttribute(path) {
        if (!t.isJSXIdentifier(path.node.name, { name: 'defaultMessage' }) || !t.isJSXExpressionContainer(path.node.value)) return;
        const text = plain(path.node.value.expression);
        if (text !== null) path.node.value = t.jsxExpressionContainer(t.stringLiteral(text));
      },
    },
  };
}

/**
 * FormatJS's Babel plugin over every module that uses react-intl: each message's English text is
 * parsed at build time (`ast: true`; a plain one stays a string), so the browser needs no ICU
 * parser and English needs no catalogue chunk (ADR 0029). Ids are explicit; scripts/i18n.mjs
 * checks them. (Short hashed ids were tried: random strings compress worse than readable ids that
 * share their prefixes, and the bundle grew.)
 */
export function formatjs(): Plugin {
  return {
    name: 'callboard-formatjs',
    enforce: 'pre',
    async transform(code, id) {
      const file = id.split('?')[0]!;
      if (!/\.[jt]sx?$/.test(file) || file.includes('/node_modules/') || !code.includes('react-intl')) return null;
      const out = await transformAsync(code, {
        filename: file,
        babelrc: false,
        configFile: false,
        sourceMaps: true,
        parserOpts: { plugins: ['jsx', 'typescript'] },
        plugins: [['formatjs', { ast: true }], literalMessagesAsStrings],
      });
      return out?.code ? { code: out.code, map: out.map } : null;
    },
    // The first page gets only its own words before it paints (src/i18n/first-page.ts): a
    // message of another namespace in a module the first page loads would show in English there.
    generateBundle(_options, bundle) {
      const listed = firstPageMessages();
      const chunks = new Map(Object.values(bundle).flatMap((c) => (c.type === 'chunk' ? [[c.fileName, c] as const] : [])));
      const seen = new Set<string>();
      const queue = [...chunks.values()].filter((c) => c.isEntry).map((c) => c.fileName);
      const strays: string[] = [];
      while (queue.length) {
        const name = queue.pop()!;
        const chunk = chunks.get(name);
        if (!chunk || seen.has(name)) continue;
        seen.add(name);
        queue.push(...chunk.imports);
        for (const m of chunk.code.matchAll(/\bid:\s*["'`]([a-z][a-zA-Z0-9]*\.[\w.-]+)["'`]/g)) {
          if (!onFirstPage(m[1]!, listed)) strays.push(`${m[1]} in ${name}`);
        }
      }
      if (strays.length) this.error(`messages the first page loads but src/i18n/first-page.ts does not list:\n  ${[...new Set(strays)].join('\n  ')}`);
    },
  };
}

function firstPageMessages(): string[] {
  const text = readFileSync(new URL('../src/i18n/first-page.ts', import.meta.url), 'utf8');
  const list = text.slice(text.indexOf('FIRST_PAGE_MESSAGES'), text.indexOf('] as const'));
  return [...list.matchAll(/'([a-zA-Z.]+)'/g)].map((m) => m[1]!);
}
