import type { Page } from 'playwright-core';

/** Shows every page of this browser context in the pseudo-locale (set before any page script runs). */
export async function usePseudoLocale(page: Page): Promise<void> {
  await page.addInitScript(() => localStorage.setItem('callboard.language', 'pseudo'));
}

/**
 * The visible text on the page that did not come from the catalogue: in the pseudo-locale every
 * catalogue message and every formatted value is bracketed ⟦…⟧, so a letter outside the brackets
 * was written some other way. User data (`[data-user-content]`), words never translated
 * (`[translate="no"]`) and text in another language (`[lang]` below the document) are skipped, as
 * are hidden elements. Attributes people read (aria-label, title, placeholder, alt) count too.
 * Returns each offence with its element and the text around it.
 */
export async function untranslatedText(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const SKIP = '[data-user-content], [translate="no"], [lang]:not(html), script, style, noscript, template';
    const out: string[] = [];
    const describe = (el: Element) =>
      `${el.tagName.toLowerCase()}${(el as HTMLElement).dataset.testid ? `[data-testid=${(el as HTMLElement).dataset.testid}]` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ')[0]}` : ''}`;

    // the page's text in order, with the element each character came from
    const chars: Array<{ c: string; el: Element }> = [];
    const walk = (node: Node) => {
      if (node.nodeType === Node.TEXT_NODE) {
        const el = node.parentElement!;
        for (const c of node.textContent ?? '') chars.push({ c, el });
        return;
      }
      if (node.nodeType !== Node.ELEMENT_NODE) return;
      const el = node as Element;
      if (el.matches(SKIP)) return;
      if (el instanceof HTMLElement && !el.checkVisibility({ visibilityProperty: true } as CheckVisibilityOptions)) return;
      // inside role="img" only the image's own label is read (its parts are presentational)
      const exposed = el.matches('[role="img"]') || !el.closest('[role="img"]');
      for (const attr of exposed ? ['aria-label', 'title', 'placeholder', 'alt'] : []) {
        const v = el.getAttribute(attr);
        if (v && /\p{L}/u.test(v) && !(v.startsWith('⟦') && v.endsWith('⟧'))) out.push(`${describe(el)} @${attr}: "${v}"`);
      }
      // an <option> of a closed <select> is not "visible" but is read and chosen
      const children = el instanceof HTMLSelectElement ? Array.from(el.options).flatMap((o) => (o.matches(SKIP) ? [] : Array.from(o.childNodes))) : Array.from(el.childNodes);
      for (const child of children) walk(child);
    };
    walk(document.body);

    // letters outside every ⟦…⟧ (brackets nest: a formatted value inside a message)
    let depth = 0;
    let run: { text: string; el: Element } | null = null;
    const flush = () => {
      if (run && /\p{L}/u.test(run.text)) out.push(`${describe(run.el)}: "${run.text.trim().slice(0, 80)}"`);
      run = null;
    };
    for (const { c, el } of chars) {
      if (c === '⟦') {
        flush();
        depth++;
      } else if (c === '⟧') {
        depth = Math.max(0, depth - 1);
      } else if (depth === 0) {
        if (run && run.el !== el && !/\s/.test(c)) flush();
        run ??= { text: '', el };
        run.text += c;
      }
    }
    flush();
    return [...new Set(out)];
  });
}
