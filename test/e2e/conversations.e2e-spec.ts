import { Client } from 'pg';
import type { Page } from 'playwright-core';
import { Api } from '../support/api';
import { startBackend, type StartedBackend } from '../support/backend';
import { expectAccessible } from './a11y';
import { LAPTOP, launchBrowser, signedInPage, type TestBrowser } from './browser';

// Issue 16, part 5: the Conversations report on the Reports page and a call's figures in the call
// list. Calls and their stored figures are written straight into the database (the analysis is
// covered by backend/test/conversation.int-spec.ts): Alice has one call (talks 60 %, interrupted
// once), Bob two (talks 25 % and 40 %). The Head sees both reps and drills down to the calls; Alice
// sees only hers; a call's figures open under it in the call history.

const WAIT = 15_000;

describe('Conversations', () => {
  let backend: StartedBackend;
  let chromium: TestBrowser;
  const errors: string[] = [];
  const calls: Record<string, string> = {};

  async function db<T = any>(text: string, params: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: backend.databaseUrl });
    await client.connect();
    try {
      return (await client.query(text, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  async function analysedCall(name: string, repId: string, f: { rep: number; caller: number; silence: number; longest: number; interruptions: number }) {
    const [row] = await db(
      `INSERT INTO calls (sip_call_id, direction, user_id, answered_by, from_number, offered_at, answered_at, ended_at, outcome, duration_sec)
       VALUES ($1, 'inbound', $2, $2, '+36301112233', now() - interval '1 hour', now() - interval '1 hour', now() - interval '50 minutes', 'completed', 600) RETURNING id`,
      [name, repId],
    );
    const analysed = f.rep + f.caller + f.silence;
    await db(
      `INSERT INTO call_conversations (call_id, sample_rate, analysed_sec, paused_sec, rep_talk_sec, caller_talk_sec, overlap_sec, silence_sec,
         rep_talk_share, silence_share, rep_longest_monologue_sec, caller_longest_monologue_sec, longest_monologue_by, rep_interruptions, caller_interruptions)
       VALUES ($1, 8000, $2, 0, $3, $4, 0, $5, $6, $7, $8, 10, 'rep', $9, 0)`,
      [row.id, analysed, f.rep, f.caller, f.silence, f.rep / (f.rep + f.caller), f.silence / analysed, f.longest, f.interruptions],
    );
    calls[name] = row.id;
  }

  beforeAll(async () => {
    [backend, chromium] = await Promise.all([startBackend({ seed: 'users' }), launchBrowser()]);
    const alice = (await new Api(backend.url).login('alice@example.com')).user.id;
    const bob = (await new Api(backend.url).login('bob@example.com')).user.id;
    await analysedCall('conv-alice', alice, { rep: 60, caller: 40, silence: 20, longest: 42, interruptions: 1 });
    await analysedCall('conv-bob-1', bob, { rep: 25, caller: 75, silence: 10, longest: 12, interruptions: 0 });
    await analysedCall('conv-bob-2', bob, { rep: 40, caller: 60, silence: 10, longest: 20, interruptions: 0 });
  }, 90_000);

  afterAll(async () => {
    await chromium?.close();
    await backend?.destroy();
  });

  afterEach(() => expect(errors).toEqual([]));

  const figure = (page: Page, cell: string, rep = '') =>
    page.getByTestId('report-conversations').locator(`[data-testid="report-figure"][data-cell="${cell}"][data-rep="${rep}"]`).first();

  /** Opens a figure's records and returns the listed call ids. */
  async function drill(page: Page, cell: string, rep = ''): Promise<string[]> {
    await figure(page, cell, rep).click();
    const dialog = page.getByTestId('report-records');
    await dialog.getByTestId('report-records-total').waitFor({ timeout: WAIT });
    const total = Number(await dialog.getByTestId('report-records-total').textContent());
    if (total > 0) await dialog.getByTestId('report-record').nth(total - 1).waitFor({ timeout: WAIT });
    const ids = await dialog.getByTestId('report-record').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id') ?? ''));
    expect(ids).toHaveLength(total);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached', timeout: WAIT });
    return ids.sort();
  }

  it('should show the Conversations report to a Head with each rep, and drill down to the calls', async () => {
    const page = await signedInPage(chromium, backend.url, 'head@example.com', errors, WAIT, LAPTOP);
    await page.getByTestId('nav-reports').click();
    const section = page.getByTestId('report-conversations');
    await figure(page, 'calls').waitFor({ timeout: WAIT });
    expect(await figure(page, 'calls').getAttribute('data-value')).toBe('3');
    // rep talk share over all: (60 + 25 + 40) / (100 + 200) ≈ 42 %
    expect(await section.getByTestId('conversations-talk-listen').textContent()).toMatch(/42\s?%.*58\s?%/);
    await section.locator('svg.recharts-surface').first().waitFor({ timeout: WAIT });
    const rows = section.getByTestId('conversations-per-rep').locator('tbody tr');
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(0).textContent()).toContain('Alice Seller');
    expect(await rows.nth(0).textContent()).toMatch(/60\s?%/);
    expect(await rows.nth(1).textContent()).toMatch(/33\s?%/); // Bob: 65 / 200

    expect(await drill(page, 'calls')).toEqual([calls['conv-alice'], calls['conv-bob-1'], calls['conv-bob-2']].sort());
    const bobId = await rows.nth(1).locator('[data-testid="report-figure"]').first().getAttribute('data-rep');
    expect(await drill(page, 'calls', bobId!)).toEqual([calls['conv-bob-1'], calls['conv-bob-2']].sort());
    expect(await drill(page, 'rep-interrupted')).toEqual([calls['conv-alice']]);
    await expectAccessible(page, 'the Conversations report', '[data-testid="report-conversations"]');
    await page.context().close();
  }, 120_000);

  it('should show a Seller only her own conversations', async () => {
    const page = await signedInPage(chromium, backend.url, 'alice@example.com', errors, WAIT, LAPTOP);
    await page.goto(`${backend.url}/reports`);
    await figure(page, 'calls').waitFor({ timeout: WAIT });
    expect(await figure(page, 'calls').getAttribute('data-value')).toBe('1');
    const text = await page.getByTestId('report-conversations').textContent();
    expect(text).not.toContain('Bob Seller');
    expect(await drill(page, 'calls')).toEqual([calls['conv-alice']]);
    await page.context().close();
  }, 60_000);

  it("should open a call's figures under it in the call history", async () => {
    const page = await signedInPage(chromium, backend.url, 'alice@example.com', errors, WAIT, LAPTOP);
    await page.goto(`${backend.url}/calls`);
    const row = page.locator(`[data-testid="calls-row"][data-call-id="${calls['conv-alice']}"]`);
    await row.waitFor({ timeout: WAIT });
    await row.getByTestId('conversation-toggle').locator('summary').click();
    const figures = row.getByTestId('conversation-figures');
    await figures.waitFor({ timeout: WAIT });
    expect(await figures.getByTestId('conversation-talk-listen').textContent()).toMatch(/60\s?%.*40\s?%/);
    expect(await figures.getByTestId('conversation-longest').textContent()).toContain('0:42');
    await page.context().close();
  }, 60_000);
});
