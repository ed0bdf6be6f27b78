import { transformAsync } from '@babel/core';
import type { Plugin } from 'vite';

/**
 * FormatJS's Babel plugin over every module that uses react-intl: each message's English text is
 * parsed at build time (`ast: true`), so the browser needs no ICU parser and English needs no
 * catalogue chunk (ADR 0029). Ids are explicit; scripts/i18n.mjs checks them.
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
        plugins: [['formatjs', { ast: true }]],
      });
      return out?.code ? { code: out.code, map: out.map } : null;
    },
  };
}
