// dependency-cruiser's swc parser parses every file as TypeScript without JSX (a TODO in its
// src/extract/swc/parse.mjs), so .tsx files fail to parse. Preloaded before it, this turns on
// swc's `tsx` for .tsx files only; nothing else about the parse changes.
const swc = require('@swc/core');

const parseFileSync = swc.parseFileSync;
swc.parseFileSync = (file, options) => parseFileSync(file, file.endsWith('.tsx') ? { ...options, tsx: true } : options);
