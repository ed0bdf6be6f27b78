import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

// Issue 13: the app must turn right to left for Hebrew by setting dir="rtl" alone. So styles use
// logical properties only (inline/block, start/end), and every date, time, number and amount is
// written by lib/format.ts, the one Intl module.

const SRC = join(__dirname, '..');

function files(dir: string, ext: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path, ext) : ext.test(name) ? [path] : [];
  });
}

const PHYSICAL = [
  /\b(?:margin|padding|border|inset|scroll-margin|scroll-padding)-(?:left|right|top|bottom)\b/,
  /(?:^|[\s;{])(?:left|right|top|bottom)\s*:/,
  /\btext-align\s*:\s*(?:left|right)\b/,
  /\bfloat\s*:\s*(?:left|right)\b/,
  /\bclear\s*:\s*(?:left|right)\b/,
  /(?:^|[\s;{])(?:min-|max-)?(?:width|height)\s*:/,
  /\bborder-(?:top|bottom)-(?:left|right)-radius\b/,
];

describe('Styles and formatting ready for right to left', () => {
  it('should use only logical properties in every stylesheet', () => {
    const offences: string[] = [];
    for (const file of files(SRC, /\.css$/)) {
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          const code = line.replace(/\/\*.*?\*\//g, '');
          // a media query asks about the viewport, which has no writing direction
          if (/^\s*@media/.test(code)) return;
          if (PHYSICAL.some((re) => re.test(code))) offences.push(`${relative(SRC, file)}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(offences).toEqual([]);
  });

  it('should format dates, numbers and amounts only in lib/format.ts', () => {
    const offences: string[] = [];
    for (const file of files(SRC, /\.tsx?$/)) {
      const rel = relative(SRC, file);
      if (rel === join('lib', 'format.ts') || /\.spec\.tsx?$/.test(rel)) continue;
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (/\bIntl\.|\.toLocale(?:Date|Time)?String\(|\.toFixed\(/.test(line)) offences.push(`${rel}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(offences).toEqual([]);
  });

  it('should style inline only with logical properties', () => {
    const offences: string[] = [];
    for (const file of files(SRC, /\.tsx$/)) {
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (/style=\{\{[^}]*\b(?:marginLeft|marginRight|paddingLeft|paddingRight|left|right|width|height|textAlign:\s*'(?:left|right)')\b/.test(line)) offences.push(`${relative(SRC, file)}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(offences).toEqual([]);
  });
});
