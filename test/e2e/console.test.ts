import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { type RunningConsole, startConsole } from '../../sim/console/console-server';
import { withHtml } from '../../sim/console/mrkdwn';
import { ClusterInfoCache } from '../../src/adapters/redis/inventory-cluster-info';
import { everySurface } from '../support/bot-surfaces';
import { chromiumPath, launchChromium } from '../support/browser';
import { hostsFile } from '../support/hosts-support';
import { BOT_TOKEN, SIGNING_SECRET, startTestBot, type TestBot } from '../support/test-bot';
import { until } from '../support/until';

/**
 * The sandbox console in a real browser against the whole bot: what a newcomer does after
 * `npm run demo`, click by click. Screenshots of each step land in test-output/console/.
 */
const browserPath = chromiumPath();
if (!browserPath) {
  process.stdout.write(
    'console browser tests skipped: no chromium at /usr/bin/chromium or $CHROMIUM_PATH (apt-get install chromium)\n',
  );
}
const describeWithBrowser = browserPath ? describe : describe.skip;
const SHOTS = join(__dirname, '..', '..', 'test-output', 'console');

let t: TestBot;
let sandbox: RunningConsole;
let browser: Browser;
let page: Page;

const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`) });
const message = (text: string | RegExp) => page.getByTestId('message').filter({ hasText: text });

/** A message straight through the fake Slack's Web API, as the bot would post it. */
async function postAsBot(body: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${t.slack.url}chat.postMessage`, {
    method: 'POST',
    headers: { authorization: `Bearer ${BOT_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(((await res.json()) as { ok: boolean }).ok).toBe(true);
}

/** Waits for `locator`; on a timeout, says what the last messages on screen were instead. */
async function appears(locator: Locator, what: string): Promise<void> {
  try {
    await locator.waitFor();
  } catch (err) {
    const last = (await page.getByTestId('message').allInnerTexts()).slice(-3).join('\n---\n');
    throw new Error(`${what} did not appear: ${(err as Error).message}\nThe last messages:\n${last}`);
  }
}

async function run(command: string): Promise<void> {
  await page.getByTestId('composer').fill(command);
  await page.getByTestId('composer').press('Enter');
}

describeWithBrowser('the sandbox console in a browser', () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const [bot, launched] = await Promise.all([
      // Two Cilium tags only, so 1.17.6 → 1.18.3 is the next minor's step; one-second looks at the cluster.
      startTestBot({ file: hostsFile({ cilium: { versions: ['1.17.6-0', '1.18.3-0'], pollSeconds: 1 } }) }),
      launchChromium(browserPath!),
    ]);
    t = bot;
    browser = launched;
    sandbox = await startConsole({
      slack: t.slack,
      simUrl: t.sim.awsEndpoint,
      bot: { botUrl: t.url, signingSecret: SIGNING_SECRET },
    });
    // The register form checks addresses against the cluster's networks, learnt by the first reconcile.
    const clusterInfo = new ClusterInfoCache(t.inspect);
    await until('the first reconcile to learn the cluster', () => clusterInfo.get('demo'), {
      intervalMs: 100,
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    page.setDefaultTimeout(20_000);
    await page.goto(sandbox.url);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await sandbox?.close();
    await t?.stop();
  });

  it('runs /hybrid help from the composer: the answer only the user sees', async () => {
    await run('/hybrid help');
    const help = message('List the commands');
    await help.waitFor();
    expect(await help.textContent()).toContain('Only visible to you');
    await shot('01-help');
  });

  it('registers a host through the modal: the bad address is called out under its field, then fixed', async () => {
    await run('/hybrid host register');
    const modal = page.getByTestId('modal');
    await modal.waitFor();
    await modal.locator('[data-block="name"] input').fill('store12-edge-01');
    await modal.locator('[data-block="site"] input').fill('store-12');
    await modal.locator('[data-block="ip"] input').fill('192.168.50.10');
    await modal.getByTestId('submit').click();
    const ipError = modal.locator('[data-block="ip"] .field-error');
    await ipError.filter({ hasText: 'outside the remote node networks' }).waitFor();
    await shot('02-register-field-error');

    await modal.locator('[data-block="ip"] input').fill('10.80.1.11');
    // Joined at once, so the panel's node and the deregistration below have a node to work on.
    await modal.locator('[data-block="join"] input[type="checkbox"]').check();
    await modal.getByTestId('submit').click();
    await modal.waitFor({ state: 'detached' });
    await page.click('[data-channel="dm"]');
    await message('Bootstrap store12-edge-01').waitFor();
    await shot('03-bootstrap-in-dm');
  });

  it('bootstraps the host from the simulator panel and sees "registered as mi-…" arrive live', async () => {
    await page.click('[data-bootstrap="store12-edge-01"]');
    await page.click('[data-channel="hybrid-ops"]');
    await message(/store12-edge-01 registered as mi-[0-9a-f]+/).waitFor({ timeout: 20_000 });
    await message(/store12-edge-01 joined demo as node/).waitFor({ timeout: 20_000 });
    await page.getByTestId('sim-panel').getByText('Ready').first().waitFor();
    await shot('04-registered-live');
  });

  it('registers hosts in bulk from a CSV file picked in the form; the file of bootstraps downloads, and a host runs its line', async () => {
    await page.click('[data-channel="hybrid-ops"]');
    await run('/hybrid host register --bulk');
    const modal = page.getByTestId('modal');
    await modal.waitFor();
    // The CSV picked from disk, as Slack's file picker takes it.
    await modal.locator('.file-input input[type="file"]').setInputFiles({
      name: 'hosts.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('name,site,ip\nstore12-edge-02,store-12,10.80.1.12\n'),
    });
    await modal.getByText('attached as hosts.csv').waitFor();
    await modal.getByTestId('submit').click();
    await modal.waitFor({ state: 'detached' });

    await page.click('[data-channel="dm"]');
    const file = page.locator('a.file', { hasText: 'Bootstraps for 1 host' });
    const [download] = await Promise.all([page.waitForEvent('download'), file.click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv).toMatch(/^store12-edge-02,[0-9a-f-]{36},\S+$/m);
    await shot('05-bulk-file-in-dm');

    await page.click('[data-bootstrap="store12-edge-02"]');
    await page.click('[data-channel="hybrid-ops"]');
    await message(/store12-edge-02 registered as mi-/).waitFor({ timeout: 20_000 });
  });

  it('the operator asks to deregister, the approver approves, and the request turns to done in place', async () => {
    await run('/hybrid host deregister store12-edge-01');
    const request = message('Deregister host store12-edge-01')
      .filter({ has: page.getByRole('button', { name: 'Approve' }) })
      .last();
    await request.getByRole('button', { name: 'Approve' }).waitFor();
    const ts = await request.getAttribute('data-ts');
    await shot('06-approval-requested');

    // The requester cannot approve their own request.
    await request.getByRole('button', { name: 'Approve' }).click();
    await message('someone else must decide').waitFor();

    await page.getByTestId('act-as').selectOption('U0APPROVER');
    await page.locator('.who').filter({ hasText: 'april.approver' }).waitFor();
    const same = page.locator(`[data-ts="${ts}"]`);
    await same.getByRole('button', { name: 'Approve' }).click();
    // chat.update: the same message (same ts) says who approved it, then runs its steps to done.
    await same.filter({ hasText: 'approved by @april.approver' }).waitFor();
    await same.filter({ hasText: /Done\s*·\s*requested by/ }).waitFor({ timeout: 25_000 });
    expect(await same.textContent()).toContain('(edited)');
    expect(await same.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    // Each turn is a reply in the change's thread, which opens in the side panel.
    await same.getByText(/\d+ repl/).click({ timeout: 25_000 });
    await page
      .getByTestId('thread')
      .getByTestId('message')
      .filter({ hasText: /Done: Deregister host store12-edge-01/ })
      .waitFor({ timeout: 25_000 });
    await shot('07-approved-done-in-thread');
  }, 45_000);

  it('opens the Home tab (app_home_opened), and its Refresh button acts on the published view', async () => {
    await page.click('[data-channel="home"]');
    const home = page.getByTestId('home');
    await home.locator('.block.context', { hasText: 'Refreshed' }).waitFor();
    const publishes = () => t.slack.calls().filter((c) => c.method === 'views.publish').length;
    const before = publishes();
    await home.getByRole('button', { name: 'Refresh' }).click();
    // The click reached the bot as a block_actions from the home view, and it published the view again.
    await t.waitForCall((c) => c.method === 'views.publish' && publishes() > before, 15_000);
    await shot('08-home-tab');
    await page.click('[data-channel="hybrid-ops"]');
  });

  it('shows Block Kit it does not know as a visible "unsupported block" box with the JSON', async () => {
    await postAsBot({
      channel: 'C0OPS',
      text: 'a video',
      blocks: [
        {
          type: 'video',
          title: { type: 'plain_text', text: 'Demo' },
          video_url: 'https://example.invalid/v',
        },
      ],
    });
    const box = page.getByTestId('unsupported').last();
    await box.filter({ hasText: 'Unsupported block video' }).waitFor();
    expect(await box.textContent()).toContain('"video_url"');
  });

  it("renders fields and rich text, and asks a button's confirm question before anything is sent", async () => {
    await postAsBot({
      channel: 'C0OPS',
      text: 'confirm me',
      blocks: [
        {
          type: 'section',
          fields: [
            { type: 'mrkdwn', text: '*Site*\nstore-12' },
            { type: 'mrkdwn', text: '*Nodes*\n3' },
          ],
        },
        {
          type: 'rich_text',
          elements: [
            {
              type: 'rich_text_section',
              elements: [{ type: 'text', text: 'careful', style: { bold: true } }],
            },
          ],
        },
        {
          type: 'actions',
          elements: [
            {
              type: 'button',
              action_id: 'wipe',
              style: 'danger',
              text: { type: 'plain_text', text: 'Wipe' },
              confirm: {
                title: { type: 'plain_text', text: 'Wipe the site?' },
                text: { type: 'mrkdwn', text: 'Every node at *store-12* goes.' },
                confirm: { type: 'plain_text', text: 'Wipe' },
                deny: { type: 'plain_text', text: 'Keep it' },
              },
            },
          ],
        },
      ],
    });
    const sentBefore = sandbox.workspace.responseUrls.size;
    const m = message('careful').last();
    await m.locator('.fields').filter({ hasText: 'store-12' }).waitFor();
    expect(await m.locator('strong', { hasText: 'careful' }).count()).toBe(1);
    await m.getByRole('button', { name: 'Wipe' }).click();
    const confirm = page.getByTestId('confirm');
    await confirm.filter({ hasText: 'Wipe the site?' }).waitFor();
    await confirm.getByRole('button', { name: 'Keep it' }).click();
    await confirm.waitFor({ state: 'detached' });
    // Denied: no block_actions went to the bot (each one carries a new response_url).
    expect(sandbox.workspace.responseUrls.size).toBe(sentBefore);
  });

  it('plays the admin who runs the helm command sent privately: the Cilium change on demo (Helm-owned) finishes', async () => {
    await page.getByTestId('act-as').selectOption('U0ADMIN');
    await page.locator('.who').filter({ hasText: 'ada.admin' }).waitFor();
    await page.click('[data-channel="hybrid-ops"]');
    await run('/hybrid cni set demo --cilium 1.18.3-0');
    // The request itself, not the private "asks for approval" reply that names it too (either may come last).
    const request = message('Set the CNI layer of demo to Cilium 1.18.3-0')
      .filter({ has: page.getByRole('button', { name: 'Approve' }) })
      .last();
    await appears(request.getByRole('button', { name: 'Approve' }), 'The Cilium change request');
    const change = page.locator(`[data-ts="${await request.getAttribute('data-ts')}"]`);
    await page.getByTestId('act-as').selectOption('U0APPROVER');
    await page.locator('.who').filter({ hasText: 'april.approver' }).waitFor();
    await change.getByRole('button', { name: 'Approve' }).click();
    await change.filter({ hasText: 'waiting for 1.18.3-0' }).waitFor({ timeout: 25_000 });

    // The admin got the helm command and values.yaml in their DM; the panel runs it against demo.
    await page.getByTestId('act-as').selectOption('U0ADMIN');
    await page.locator('.who').filter({ hasText: 'ada.admin' }).waitFor();
    await page.click('[data-channel="dm"]');
    await message('helm upgrade --install cilium').last().waitFor();
    await page.click('[data-helm="demo"]');
    await page.getByTestId('sim-result').filter({ hasText: 'helm upgrade on demo: done' }).waitFor();
    await page.click('[data-channel="hybrid-ops"]');
    await change.filter({ hasText: /Done\s*·\s*requested by/ }).waitFor({ timeout: 40_000 });
    await shot('09-helm-run-change-done');
    const releases = await (await fetch(`${t.sim.awsEndpoint}/_sim/clusters/demo/helm`)).json();
    expect(releases).toEqual([expect.objectContaining({ name: 'cilium', chart: 'cilium-1.18.3-0' })]);
    await page.getByTestId('act-as').selectOption('U0APPROVER');
    await page.locator('.who').filter({ hasText: 'april.approver' }).waitFor();
  }, 90_000);

  it('views.update changes the open modal in place and keeps what was typed, as Slack does', async () => {
    await run('/hybrid host register');
    const modal = page.getByTestId('modal');
    await modal.waitFor();
    await modal.locator('[data-block="name"] input').fill('typed-before-update');
    const [open] = sandbox.workspace.modals.get('U0APPROVER') ?? [];
    const view = { ...open!.view, title: { type: 'plain_text', text: 'Register (updated)' } };
    delete (view as Record<string, unknown>).id;
    const res = await fetch(`${t.slack.url}views.update`, {
      method: 'POST',
      headers: { authorization: `Bearer ${BOT_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ view_id: open!.id, view }),
    });
    expect(((await res.json()) as { ok: boolean }).ok).toBe(true);
    await modal.locator('.modal-header', { hasText: 'Register (updated)' }).waitFor();
    expect(await modal.locator('[data-block="name"] input').inputValue()).toBe('typed-before-update');
    await modal.getByRole('button', { name: 'Close' }).click();
    await modal.waitFor({ state: 'detached' });
  });

  it('renders every message and view the bot can produce, with no unsupported element', async () => {
    // Each one through the page's own renderer (blocks.js), after the console server's mrkdwn step.
    const surfaces = everySurface().map((s) => ({
      name: s.name,
      blocks: withHtml((s.value as { blocks?: unknown[] }).blocks ?? [], {}),
    }));
    await page.addScriptTag({
      type: 'module',
      content: `
        import { render } from 'preact';
        import { Blocks, html } from '/blocks.js';
        const ctx = { users: [], channels: [], act() {}, set() {}, suggest: async () => ({ options: [] }), upload: async () => ({ name: 'f' }) };
        window.renderSurfaces = (all) => all.map((s) => {
          const root = document.createElement('div');
          render(html\`<\${Blocks} blocks=\${s.blocks} ctx=\${ctx} />\`, root);
          const unsupported = [...root.querySelectorAll('.unsupported-title')].map((u) => u.textContent);
          const text = root.textContent;
          render(null, root);
          return { name: s.name, unsupported, text };
        });`,
    });
    await page.waitForFunction(() => 'renderSurfaces' in globalThis);
    const rendered = await page.evaluate(
      (all) =>
        (
          globalThis as unknown as {
            renderSurfaces: (a: unknown) => { name: string; unsupported: string[]; text: string }[];
          }
        ).renderSurfaces(all),
      surfaces,
    );
    expect(rendered.length).toBe(surfaces.length);
    expect(rendered.flatMap((r) => r.unsupported.map((u) => `${r.name}: ${u}`))).toEqual([]);
    // Placeholders the bot escaped read as Slack shows them.
    const render = rendered.find((r) => r.name === 'profile render');
    expect(render?.text).toContain('activationCode: <activation code, on the host only>');
  });

  it('opens forms as modal dialogs: named by their title, a number field, Escape closes', async () => {
    await run('/hybrid pool create');
    const dialog = page.getByRole('dialog', { name: 'Create a node pool' });
    await dialog.waitFor();
    expect(await dialog.getAttribute('aria-modal')).toBe('true');
    const atOnce = dialog.getByRole('spinbutton');
    expect(await atOnce.inputValue()).toBe('5');
    // Out of its bounds, the client refuses the form before it goes anywhere, as Slack's does.
    await atOnce.fill('0');
    await dialog.getByTestId('submit').click();
    expect(await atOnce.evaluate((e) => (e as { validationMessage: string }).validationMessage)).not.toBe('');
    await atOnce.fill('7');
    await dialog.locator('[data-block="name"] input').fill('Tills');
    await dialog.getByTestId('submit').click();
    await dialog.locator('[data-block="name"] .field-error').filter({ hasText: 'is invalid' }).waitFor();
    expect(await atOnce.inputValue()).toBe('7');
    await shot('09-pool-form-errors');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(sandbox.workspace.modals.get('U0APPROVER') ?? []).toEqual([]);
  });
});
