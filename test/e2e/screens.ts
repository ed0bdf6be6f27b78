import type { Page } from 'playwright-core';
import { Api } from '../support/api';

const WAIT = 15_000;

export interface Screen {
  name: string;
  path: (ids: DemoIds) => string;
  /** Only a Head may open it. */
  headOnly?: boolean;
  /** Whose view goes into docs/screenshots (default: a Seller's, a Head's for a Head-only screen). */
  shotAs?: 'Head' | 'Seller';
  /** Also write these parts of the screen as docs/screenshots/<name>.png (laptop size only): name -> selector. */
  parts?: Record<string, string>;
}

export interface DemoIds {
  dealId: string;
  contactId: string;
}

/** Every screen of the app (issue 13), with what it needs of the demo data. */
export const SCREENS: Screen[] = [
  { name: 'board', path: () => '/board' },
  { name: 'today', path: () => '/today' },
  { name: 'contacts', path: () => '/contacts' },
  { name: 'contact', path: (ids) => `/contacts/${ids.contactId}` },
  { name: 'deal', path: (ids) => `/deals/${ids.dealId}` },
  { name: 'calls', path: () => '/calls' },
  { name: 'phones', path: () => '/phones' },
  { name: 'account', path: () => '/account' },
  { name: 'not-found', path: () => '/no-such-page' },
  { name: 'team', path: () => '/team', headOnly: true },
  {
    name: 'reports',
    path: () => '/reports',
    shotAs: 'Head',
    parts: Object.fromEntries(
      ['funnel', 'never-contacted', 'dormant-contacts', 'offer-conversion', 'offers', 'calls', 'speed-to-lead', 'outcomes'].map((r) => [`report-${r}`, `[data-testid="report-${r}"]`]),
    ),
  },
  // the forecast looks ahead: the next 90 days, when the demo's open deals expect to close
  {
    name: 'reports-ahead',
    path: () => `/reports?period=custom&from=${new Date().toISOString().slice(0, 10)}&to=${new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10)}`,
    shotAs: 'Head',
    parts: { 'report-forecast': '[data-testid="report-forecast"]' },
  },
  ...['users', 'team', 'stages', 'rules', 'lost', 'dialing', 'recordings', 'missed', 'security', 'apiKeys', 'webForms', 'webhooks'].map((tab) => ({ name: `admin-${tab}`, path: () => `/admin?tab=${tab}`, headOnly: true })),
  // Admin → Recording → Listen log (the Heads' record of who played which call)
  { name: 'admin-recordings-listens', path: () => '/admin?tab=recordings&view=listens', headOnly: true },
];

/** Waits until the page has fetched what it shows: no request in flight and no spinner. */
export async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle', { timeout: WAIT });
  await page.waitForFunction(() => !document.querySelector('.spinner'), undefined, { timeout: WAIT });
}

/** A deal with a contact that Alice may see (so a Head and a Seller open the same record), on the demo data. */
export async function demoIds(url: string): Promise<DemoIds> {
  const head = (await new Api(url).login('head@example.com')).api;
  const alice = (await new Api(url).login('alice@example.com')).api;
  const deals = (await alice.get('/api/deals?limit=50')).body as Array<{ id: string; contactId: string | null }>;
  const withContact = (Array.isArray(deals) ? deals : (deals as { items: typeof deals }).items).find((d) => d.contactId);
  if (!withContact?.contactId) throw new Error('the demo data gave Alice no deal with a contact');
  if ((await head.get(`/api/deals/${withContact.id}`)).status !== 200) throw new Error('the Head cannot open Alice\'s deal');
  return { dealId: withContact.id, contactId: withContact.contactId };
}


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
