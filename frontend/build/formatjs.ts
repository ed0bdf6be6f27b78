import { transformAsync, types as t, type PluginObj } from '@babel/core';
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
  };
}
