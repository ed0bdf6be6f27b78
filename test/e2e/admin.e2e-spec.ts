import type { Page } from 'playwright-core';
import { Api, defaultPipeline } from '../support/api';
import { startBackend, type StartedBackend } from '../support/backend';
import { expectAccessible, expectNoSidewaysScroll } from './a11y';
import { LAPTOP, launchBrowser, PHONE, signedInPage, type TestBrowser, type Viewport } from './browser';
import { expectContentFits } from './screens';

// The Head's admin screens: a stage's time limit and win probability, the ringing timings and a
// user's extension, each save saying what was saved or what was wrong; and the admin, account,
// desk-phone, not-found and sign-in screens at a phone's and a laptop's size.

const WAIT = 10_000;
const MAIN = '#main';

describe('Admin', () => {
  let backend: StartedBackend;
  let chromium: TestBrowser;
  let head: Api;
  const errors: string[] = [];

  beforeAll(async () => {
    [backend, chromium] = await Promise.all([startBackend({ seed: 'users' }), launchBrowser()]);
    head = (await new Api(backend.url).login('head@example.com')).api;
  }, 60_000);

  afterAll(async () => {
    await chromium?.close();
    await backend?.destroy();
  });

  afterEach(() => expect(errors).toEqual([]));

  async function open(path: string, viewport: Viewport, email = 'head@example.com'): Promise<Page> {
    const page = await signedInPage(chromium, backend.url, email, errors, WAIT, viewport);
    await page.goto(`${backend.url}${path}`);
    return page;
  }

  it("should save a stage's time limit and win probability, and say what is wrong before sending", async () => {
    const pipeline = await defaultPipeline(head);
    const id = pipeline.stageId('In progress');
    const page = await open('/admin?tab=stages', LAPTOP);
    await page.getByTestId(`stage-probability-${id}`).fill('150');
    await page.getByTestId(`stage-settings-save-${id}`).click();
    await page.getByText('Win probability is a whole number from 0 to 100').waitFor({ timeout: WAIT });

    await page.getByTestId(`stage-probability-${id}`).fill('55');
    await page.getByTestId(`stage-limit-${id}`).fill('72');
    await page.getByTestId(`stage-settings-save-${id}`).click();
    await page.getByTestId('toast').getByText('Saved “In progress”: time limit 72 h, win probability 55 %').waitFor({ timeout: WAIT });
    const stage = (await head.get('/api/pipelines')).body.flatMap((p: { stages: unknown[] }) => p.stages).find((s: { id: string }) => s.id === id);
    expect(stage).toMatchObject({ probability: 55, limitHours: 72 });

    // no limit at all: the field emptied
    await page.getByTestId(`stage-limit-${id}`).fill('');
    await page.getByTestId(`stage-settings-save-${id}`).click();
    await page.getByTestId('toast').getByText('Saved “In progress”: no time limit, win probability 55 %').waitFor({ timeout: WAIT });
    await page.context().close();
  }, 60_000);

  it('should save the ringing timings, refuse what the API refuses, and keep them', async () => {
    const page = await open('/admin?tab=ringing', LAPTOP);
    await page.getByTestId('routing-admin').waitFor({ timeout: WAIT });
    await page.getByTestId('routing-ring-all').fill('2');
    await page.getByTestId('routing-save').click();
    await page.getByText('A whole number of seconds from 5 to 600').waitFor({ timeout: WAIT });

    await page.getByTestId('routing-owner-first').fill('20');
    await page.getByTestId('routing-ring-all').fill('45');
    await page.getByTestId('routing-save').click();
    await page.getByTestId('toast').getByText('Saved: the owner rings alone for 20 s, then everyone for 45 s').waitFor({ timeout: WAIT });
    expect((await head.get('/api/telephony/settings')).body).toEqual({ ownerFirstSeconds: 20, ringAllSeconds: 45 });
    await page.reload();
    await page.getByTestId('routing-admin').waitFor({ timeout: WAIT });
    expect(await page.getByTestId('routing-ring-all').inputValue()).toBe('45');
    await page.context().close();
  }, 60_000);

  it("should save the team's time zone and expected-close days, refuse days out of range, and keep them", async () => {
    const page = await open('/admin?tab=team', LAPTOP);
    await page.getByTestId('team-settings-admin').waitFor({ timeout: WAIT });
    expect(await page.getByTestId('team-time-zone').inputValue()).toBe('UTC'); // the install's BUSINESS_TIMEZONE
    await page.getByTestId('team-expected-close-days').fill('400');
    await page.getByTestId('team-settings-save').click();
    await page.getByText('A whole number of days from 1 to 365').waitFor({ timeout: WAIT });
    expect((await head.get('/api/team-settings')).body).toMatchObject({ timeZone: 'UTC', expectedCloseDays: 30 });

    await page.getByTestId('team-time-zone').selectOption('Europe/Budapest');
    await page.getByTestId('team-expected-close-days').fill('14');
    await page.getByTestId('team-settings-save').click();
    await page
      .getByTestId('toast')
      .getByText('Saved: the team’s time zone is Europe/Budapest; new deals are expected to close in 14 days')
      .waitFor({ timeout: WAIT });
    expect((await head.get('/api/team-settings')).body).toMatchObject({ timeZone: 'Europe/Budapest', expectedCloseDays: 14 });
    await page.reload();
    await page.getByTestId('team-settings-admin').waitFor({ timeout: WAIT });
    expect(await page.getByTestId('team-time-zone').inputValue()).toBe('Europe/Budapest');
    expect(await page.getByTestId('team-expected-close-days').inputValue()).toBe('14');
    await page.context().close();
  }, 60_000);

  it("should change a user's extension, and show the server's refusal of a colleague's", async () => {
    const users = (await head.get('/api/users')).body as { id: string; email: string; extension: string }[];
    const alice = users.find((u) => u.email === 'alice@example.com')!;
    const bob = users.find((u) => u.email === 'bob@example.com')!;
    const page = await open('/admin?tab=users', LAPTOP);
    const input = page.getByTestId(`user-extension-${alice.id}`);
    await input.fill('12a');
    await page.getByTestId(`user-extension-save-${alice.id}`).click();
    await page.getByText('An extension is 2 to 8 digits').waitFor({ timeout: WAIT });

    await input.fill(bob.extension);
    await page.getByTestId(`user-extension-save-${alice.id}`).click();
    await page.getByTestId('toast').getByText(`Could not change Alice Seller: Extension ${bob.extension} belongs to another user`).waitFor({ timeout: WAIT });
    expect(await input.inputValue()).toBe(alice.extension);

    await input.fill('2041');
    await page.getByTestId(`user-extension-save-${alice.id}`).click();
    await page.getByTestId('toast').getByText('Alice Seller’s extension is now 2041').waitFor({ timeout: WAIT });
    expect((await head.get('/api/users')).body.find((u: { id: string }) => u.id === alice.id).extension).toBe('2041');
    await page.context().close();
  }, 60_000);

  const SCREENS: { name: string; path: string; ready: string; email?: string }[] = [
    { name: 'Admin: users', path: '/admin?tab=users', ready: 'users-table' },
    { name: 'Admin: stages', path: '/admin?tab=stages', ready: 'stage-list' },
    { name: 'Admin: ringing', path: '/admin?tab=ringing', ready: 'routing-admin' },
    { name: 'Admin: missed calls', path: '/admin?tab=missed', ready: 'missed-call-settings' },
    { name: 'Account', path: '/account', ready: 'change-password-submit', email: 'alice@example.com' },
    { name: 'Desk phones', path: '/phones', ready: 'devices-user-filter' },
    { name: 'Page not found', path: '/no-such-page', ready: 'not-found', email: 'bob@example.com' },
  ];

  for (const [viewport, size] of [[LAPTOP, '1440×900'], [PHONE, '390×844']] as const) {
    it(`should fit and pass the accessibility checks at ${size}: admin, account, desk phones`, async () => {
      for (const screen of SCREENS) {
        const page = await open(screen.path, viewport, screen.email);
        await page.getByTestId(screen.ready).waitFor({ timeout: WAIT });
        await expectAccessible(page, `${screen.name} at ${size}`, MAIN);
        await expectContentFits(page, MAIN, `${screen.name} at ${size}`);
        await page.context().close();
      }
    }, 120_000);

    it(`should show the sign-in page whole and accessible at ${size}`, async () => {
      const page = await chromium.newPage(viewport);
      await page.goto(`${backend.url}/login`);
      await page.getByTestId('login-email').waitFor({ timeout: WAIT });
      await expectAccessible(page, `Sign-in at ${size}`);
      await expectNoSidewaysScroll(page, `Sign-in at ${size}`);
      await page.context().close();
    }, 60_000);

    it(`should not scroll sideways at ${size}, the app's top bar included`, async () => {
      const page = await open('/admin?tab=users', viewport);
      await page.getByTestId('users-table').waitFor({ timeout: WAIT });
      await expectNoSidewaysScroll(page, `Admin at ${size}`);
      await page.context().close();
    }, 60_000);
  }
});
