import { launchNamespacedChromium } from '../support/netns/chromium';
import { createLan, type Lan } from '../support/netns/lan';
import { removeStateDir, startCallboard, type ServerRun } from '../support/netns/npm-start';

describe('plumbing', () => {
  let lan: Lan; let server: ServerRun;
  afterAll(async () => { await server?.stop(); await lan?.teardown(); removeStateDir(server.stateDir); }, 60000);
  it('sign-in page from the laptop by name; Alice signs in', async () => {
    lan = await createLan(['server', 'laptop', 'carrier'], { hostnames: { server: 'callboard.test' }, etcHosts: { laptop: { 'callboard.test': 'server' } } });
    server = startCallboard(lan, 'server', {});
    await server.banner;
    const b = await launchNamespacedChromium({ lan, host: 'laptop', names: { 'callboard.test': lan.hosts.server!.address } });
    const page = await b.login('http://callboard.test:3000', 'alice@example.com', 'callboard');
    console.log(page.url(), await page.evaluate(() => window.isSecureContext), await page.getByTestId('softphone').getAttribute('data-state'));
    const curl = await lan.run('laptop', 'getent', ['hosts', 'callboard.test']);
    console.log(curl.stdout);
    await b.close();
  }, 300000);
});
