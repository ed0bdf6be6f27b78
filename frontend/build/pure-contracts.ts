import { parseSync } from '@babel/core';
import type { Plugin } from 'vite';

type Node = { type: string; start?: number | null; [key: string]: unknown };

const FUNCTIONS = new Set(['ArrowFunctionExpression', 'FunctionExpression', 'FunctionDeclaration', 'ObjectMethod', 'ClassMethod', 'ClassPrivateMethod', 'ClassDeclaration', 'ClassExpression']);

/** Where each call made while the module loads starts (not those inside functions: they run later, maybe for their effect). */
function callStarts(node: unknown, out: Set<number>): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const child of node) callStarts(child, out);
    return;
  }
  const n = node as Node;
  if (typeof n.type !== 'string' || FUNCTIONS.has(n.type)) return;
  if ((n.type === 'CallExpression' || n.type === 'NewExpression') && typeof n.start === 'number') out.add(n.start);
  for (const key of Object.keys(n)) {
    if (key === 'loc' || key === 'leadingComments' || key === 'trailingComments' || key === 'innerComments' || key === 'extra') continue;
    callStarts(n[key], out);
  }
}

/**
 * The contracts are zod schemas built as the module loads (`export const Deal = z.object({…})`). A
 * bundler keeps every call it cannot prove pure, so every schema of a contract file the browser
 * imports would ship, used or not (`"sideEffects": false` drops only whole files). Building a schema
 * has no effect beyond its value, so the calls in the contracts' top-level `const` initializers are
 * marked `@__PURE__` (one mark covers a chain `z.string().min(1)`; arguments get their own): an
 * unused schema drops. Calls inside functions (refinements) and top-level statements are left alone.
 */
export function pureContracts(dir: string): Plugin {
  const root = dir.replace(/\\/g, '/').replace(/\/?$/, '/');
  return {
    name: 'callboard-pure-contracts',
    enforce: 'pre',
    transform(code, id) {
      const file = id.replace(/\\/g, '/').split('?')[0]!;
      if (!file.startsWith(root) || !file.endsWith('.ts') || file.endsWith('.spec.ts')) return null;
      const ast = parseSync(code, { filename: file, babelrc: false, configFile: false, sourceType: 'module', parserOpts: { plugins: ['typescript'] } });
      if (!ast) return null;
      const starts = new Set<number>();
      for (const statement of ast.program.body) {
        const declaration = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement;
        if (declaration?.type !== 'VariableDeclaration') continue;
        for (const d of declaration.declarations) callStarts(d.init, starts);
      }
      if (!starts.size) return null;
      let marked = code;
      for (const at of [...starts].sort((a, b) => b - a)) marked = `${marked.slice(0, at)}/* @__PURE__ */ ${marked.slice(at)}`;
      return { code: marked, map: null };
    },
  };
}
