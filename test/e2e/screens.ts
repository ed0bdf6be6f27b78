import type { Page } from 'playwright-core';

/**
 * The screen's own content fits the viewport: nothing in `selector` scrolls sideways or sticks
 * out past either edge (the app's shell is left to `expectNoSidewaysScroll`).
 */
export async function expectContentFits(page: Page, selector: string, where: string): Promise<void> {
  const out = await page.locator(selector).evaluate((root) => {
    const vw = window.innerWidth;
    const wide = root.scrollWidth > root.clientWidth + 1 ? [`${root.tagName.toLowerCase()} scrolls by ${root.scrollWidth - root.clientWidth}px`] : [];
    const sticking = Array.from(root.querySelectorAll<HTMLElement>('*'))
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && (r.right > vw + 1 || r.left < -1);
      })
      .slice(0, 8)
      .map((el) => `${el.tagName.toLowerCase()}${el.dataset.testid ? `[data-testid=${el.dataset.testid}]` : ''}.${String(el.className).split(' ').join('.')} right=${Math.round(el.getBoundingClientRect().right)}`);
    return [...wide, ...sticking];
  });
  if (out.length) throw new Error(`${where}: the screen does not fit the viewport:\n  ${out.join('\n  ')}`);
}
