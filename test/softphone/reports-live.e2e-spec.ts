import { Api } from '../support/api';
import { queryDatabase } from '../support/backend';
import { callerRow, runSipp } from '../support/sip/sipp';
import { waitFor } from '../support/sip/wait';
import { launchSoftphoneBrowser, type SoftphoneBrowser } from '../support/softphone/browser';
import { MediaStack, SALES_NUMBER, softphonePorts } from '../support/softphone/media-stack';

// Issue 14: "a trunk call placed during the test moves the live figures". The real path (sipp as
// the carrier → Kamailio → bridge → backend) with the Head's Reports page open on today: nobody is
// registered, so the call is missed; the calls section's inbound and missed figures go up by one
// without a reload.
const PASSWORD = 'callboard';
const ports = softphonePorts(Number(process.env.SOFTPHONE_PORT_BASE ?? 23000) + 3300);
const WAIT = 20_000;

describe('reports: a trunk call moves the live figures', () => {
  const stack = new MediaStack(ports);
  let browser: SoftphoneBrowser;
  const sql = <T = any>(text: string, params: unknown[] = []) => queryDatabase<T>(stack.backend.databaseUrl, text, params);

  beforeAll(async () => {
    await stack.start();
    browser = await launchSoftphoneBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await stack.stop();
  }, 30_000);

  it("should count a missed inbound call in the open Reports page's calls section without a reload", async () => {
    const { api: head } = await new Api(stack.backend.url).login('head@example.com', PASSWORD);
    const page = await browser.login(stack.backend.url, 'head@example.com', PASSWORD);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.getByTestId('nav-reports').click();
    await page.getByTestId('report-period').selectOption('today');
    const figure = (cell: string) => page.locator(`[data-testid="report-figure"][data-report="calls"][data-cell="${cell}"][data-rep=""]`);
    await figure('inbound').waitFor({ timeout: WAIT });
    const before = { inbound: Number(await figure('inbound').getAttribute('data-value')), missed: Number(await figure('missed').getAttribute('data-value')) };
    // a marker that a reload would wipe
    await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));

    const caller = '+36204440014';
    const sipp = runSipp({
      scenario: 'uac-expect-480.xml',
      target: stack.sipTarget,
      service: SALES_NUMBER,
      port: ports.sippUac,
      controlPort: ports.sippUacControl,
      inject: [callerRow('Reports Caller', caller)],
      timeoutSec: 30,
    });
    const done = await sipp.done;
    expect({ code: done.code, output: done.code === 0 ? '' : done.output }).toEqual({ code: 0, output: '' });
    await waitFor(async () => (await sql(`SELECT 1 FROM calls WHERE from_raw = $1 AND outcome = 'missed'`, [caller])).length === 1, 'the missed call in the CRM', 10_000);

    await page.locator(`[data-testid="report-figure"][data-report="calls"][data-cell="inbound"][data-rep=""][data-value="${before.inbound + 1}"]`).waitFor({ timeout: WAIT });
    await page.locator(`[data-testid="report-figure"][data-report="calls"][data-cell="missed"][data-rep=""][data-value="${before.missed + 1}"]`).waitFor({ timeout: WAIT });
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);

    // the figure lists that call
    await figure('missed').click();
    const dialog = page.getByTestId('report-records');
    await dialog.getByTestId('report-record').filter({ hasText: caller }).waitFor({ timeout: WAIT });
    // the API agrees with the page
    const today = await page.getByTestId('report-from').inputValue();
    const calls = (await head.get(`/api/reports/calls?from=${today}&to=${today}`)).body;
    expect({ inbound: calls.inbound, missed: calls.missed }).toEqual({ inbound: before.inbound + 1, missed: before.missed + 1 });
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
