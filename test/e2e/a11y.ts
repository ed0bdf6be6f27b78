import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

// axe-core injected into the page (the engine behind @axe-core/playwright, without a second
// playwright): WCAG 2.0–2.2 A and AA rules, colour contrast included.

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export interface A11yViolation {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** Serious and critical WCAG A/AA violations on the page as it is now (or within `include`, a CSS selector). */
export async function seriousA11yViolations(page: Page, include?: string): Promise<A11yViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
  const found = await page.evaluate(
    async ({ tags, include }) => {
      const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }> }> } }).axe;
      const result = await axe.run(include ? { include: [include] } : document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
      return result.violations.map((v) => ({ id: v.id, impact: v.impact ?? 'unknown', help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.map(String).join(' ')) }));
    },
    { tags: TAGS, include },
  );
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Fails with a readable list when the page (or `include`) has serious or critical violations. */
export async function expectAccessible(page: Page, where: string, include?: string): Promise<void> {
  const violations = await seriousA11yViolations(page, include);
  if (violations.length > 0) {
    throw new Error(`${where}: ${violations.length} serious/critical accessibility violation(s):\n` + violations.map((v) => `  ${v.impact} ${v.id}: ${v.help}\n    ${v.targets.join('\n    ')}`).join('\n'));
  }
}

/** The page's width beyond the viewport, in CSS pixels (0 when nothing scrolls sideways). */
export async function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - window.innerWidth);
}

/** Fails when the page scrolls sideways, naming the widest elements that stick out. */
export async function expectNoSidewaysScroll(page: Page, where: string): Promise<void> {
  const overflow = await sidewaysOverflow(page);
  if (overflow <= 0) return;
  const culprits = await page.evaluate(() => {
    const vw = window.innerWidth;
    return Array.from(document.querySelectorAll<HTMLElement>('body *'))
      .filter((el) => el.getBoundingClientRect().right > vw + 1 || el.getBoundingClientRect().left < -1)
      .slice(0, 8)
      .map((el) => `${el.tagName.toLowerCase()}${el.dataset.testid ? `[data-testid=${el.dataset.testid}]` : ''}.${String(el.className).split(' ').join('.')} right=${Math.round(el.getBoundingClientRect().right)}`);
  });
  throw new Error(`${where}: the page scrolls sideways by ${overflow}px; sticking out:\n  ${culprits.join('\n  ')}`);
}
