import type { Page } from 'playwright-core';
import { waitFor } from '../support/sip/wait';
import { launchSoftphoneBrowser, type SoftphoneBrowser } from '../support/softphone/browser';
import { MediaStack, softphonePorts } from '../support/softphone/media-stack';

const PASSWORD = 'callboard';

// Its own port block (inbound +0, outbound +300, network loss +600, bench +900).
const ports = softphonePorts(Number(process.env.SOFTPHONE_PORT_BASE ?? 23000) + 1200);

type UlDump = { Domains: { Domain: { Domain: string; AoRs?: unknown } }[] };

/** Every contact Kamailio's `location` table holds (one per registered tab; `ringall` mirrors it). */
async function registeredContacts(stack: MediaStack): Promise<string[]> {
  const dump = (await stack.kamailio.rpc<UlDump>('ul.dump')).Domains.find((d) => d.Domain.Domain === 'location')?.Domain.AoRs;
  const contacts: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (typeof record.Address === 'string') contacts.push(record.Address);
      Object.values(record).forEach(walk);
    }
  };
  walk(dump);
  return contacts;
}

describe('softphone: two tabs of one user', () => {
  const stack = new MediaStack(ports);
  let browser: SoftphoneBrowser;
  let first: Page;
  let second: Page;
  const dock = (page: Page, tab: 'holder' | 'other', state: string, timeout = 15_000) =>
    page.locator(`[data-testid="softphone"][data-phone-tab="${tab}"][data-state="${state}"]`).waitFor({ timeout });

  beforeAll(async () => {
    await stack.start();
    browser = await launchSoftphoneBrowser();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await stack.stop();
  }, 30_000);

  it('should register once when two tabs are open, and move the registration when the other tab takes the phone', async () => {
    first = await browser.login(stack.backend.url, 'alice@example.com', PASSWORD);
    await dock(first, 'holder', 'ready');
    // a second tab of the same browser profile (same session)
    second = await first.context().newPage();
    await second.goto(`${stack.backend.url}/`);
    await dock(second, 'other', 'ready');
    await waitFor(async () => (await registeredContacts(stack)).length === 1, 'one registration', 5_000);
    const [firstContact] = await registeredContacts(stack);
    // the second tab sees the holder's state and nothing registers there
    expect(await second.getByTestId('softphone-status').textContent()).toMatch(/another tab/i);
    expect(await registeredContacts(stack)).toHaveLength(1);

    await second.getByTestId('softphone-take-over').click();
    await dock(second, 'holder', 'ready');
    await dock(first, 'other', 'ready');
    // the first tab unregistered: one binding, the second tab's
    await waitFor(
      async () => {
        const contacts = await registeredContacts(stack);
        return contacts.length === 1 && contacts[0] !== firstContact;
      },
      'the registration moved to the second tab',
      10_000,
    );

    // closing the holder hands the phone back to the remaining tab
    await second.close();
    await dock(first, 'holder', 'ready');
    await waitFor(async () => (await registeredContacts(stack)).length >= 1, 'the first tab registered again', 10_000);
  }, 90_000);
});
