// Issue 15's pseudo-locale walk over every screen and dialog, kept out of \`npm test\` until every
// feature's strings are in the catalogue (the admin/automation conversion lands next session);
// then it moves into languages.e2e-spec.ts. Not a passing test: not run at all.
import type { Page } from 'playwright-core';
import { demoIds, SCREENS, settled, type DemoIds } from './screens';

/** Dialogs and panels opened from a screen: where, what opens it, what shows when it is open. */
const DIALOGS: Array<{ name: string; path: (ids: DemoIds) => string; open: string; shows: string; headOnly?: boolean }> = [
  { name: 'new deal', path: () => '/board', open: 'new-deal-button', shows: '[role="dialog"]' },
  { name: 'new contact', path: () => '/contacts', open: 'new-contact-button', shows: '[role="dialog"]' },
  { name: 'close as lost', path: (ids) => `/deals/${ids.dealId}`, open: 'close-lost', shows: '[data-testid="close-lost-form"]' },
  { name: 'new offer', path: (ids) => `/deals/${ids.dealId}`, open: 'offer-new', shows: '[data-testid="offer-add-line"]' },
  { name: 'add a desk phone', path: () => '/phones', open: 'add-device-button', shows: '[data-testid="add-device-form"]' },
  { name: 'new user', path: () => '/admin?tab=users', open: 'new-user-button', shows: '[data-testid="create-user-form"]', headOnly: true },
  { name: 'new rule', path: () => '/admin?tab=rules', open: 'rule-new', shows: '[data-testid="rule-add-action"]', headOnly: true },
];


/*
  for (const [who, email] of [
    ['Head', 'head@example.com'],
    ['Seller', 'alice@example.com'],
  ] as const) {
    it(`should show every screen and dialog only in catalogue text, as a ${who}`, async () => {
      const errors: string[] = [];
      const page = await pseudoPage(email, errors);
      const failures: string[] = [];
      for (const screen of SCREENS.filter((s) => who === 'Head' || !s.headOnly)) {
        await page.goto(`${backend.url}${screen.path(ids)}`);
        await settled(page);
        await expectAllTranslated(page, screen.name, failures);
      }
      for (const dialog of DIALOGS.filter((d) => who === 'Head' || !d.headOnly)) {
        await page.goto(`${backend.url}${dialog.path(ids)}`);
        await settled(page);
        await page.getByTestId(dialog.open).first().click();
        await page.locator(dialog.shows).first().waitFor({ timeout: WAIT });
        await expectAllTranslated(page, `${dialog.name} dialog`, failures);
      }
      await page.context().close();
      expect({ failures, errors }).toEqual({ failures: [], errors: [] });
    }, 300_000);
  }
*/
export type { Page, DemoIds };
export { demoIds, SCREENS, settled, DIALOGS };
