import { mkdirSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pixelmatch from 'pixelmatch';
import { chromium, type Browser, type Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { parse, stringify } from 'yaml';
import { DemoCallPlan, localTime, runDemoCall } from '../../apps/api/src/cli/demo-call';
import { potableWaterInJerez, submitAs, useDemoWorld } from '../support/demo-world';
import { gql } from '../support/graphql-client';
import { driveToCompletion } from '../support/procedure-driver';
import { SAVER, savingsAccountInput } from '../support/thies-world';
import { mintToken } from '../support/tokens';

// The public portfolio page (/portfolio) in a real headless Chromium (Debian's, found or
// installed by scripts/lib/chromium.mjs): the demo world with the Madrid 2008 call replayed,
// a 3x1 project in Jerez run to the end, a saver's account (a person) and a call still to open.
// The page must show the projects, their funders and progress and the call's results as the
// public API gives them, nothing private, no console error or CSP violation, and look as the
// committed screenshot does (UPDATE_SCREENSHOTS=1 writes it anew).

const ROOT = join(__dirname, '..', '..');
const REFERENCE = join(__dirname, '__screenshots__', 'portfolio-page.png');
/** Share of pixels that may differ (anti-aliasing), and how far a pixel may move in colour. */
const MAX_DIFF_RATIO = 0.005;
const PIXEL_THRESHOLD = 0.1;
const MADRID_CALL = 'Convocatoria de subvenciones para proyectos de codesarrollo 2008';
const JEREZ = 'Red de agua potable de Jerez';
const MADRID_KEY = 'es-madrid-ayuntamiento-2008-portfolio';
const CALL_TO_OPEN = 'es-comunidad-madrid-2009-portfolio';

const world = useDemoWorld();
let browser: Browser;

/** The call of 2009 published with its window a month away: no result may show for it. */
async function publishCallStillToOpen(): Promise<void> {
  const file = readFileSync(join(ROOT, 'calls', 'es-comunidad-madrid-2009.yaml'), 'utf8');
  const call = parse(file) as Record<string, unknown> & {
    window: Record<string, string> & { timeZone: string };
  };
  const opens = new Date(Date.now() + 30 * 86_400_000);
  const closes = new Date(opens.getTime() + 30 * 86_400_000);
  call.window = {
    ...call.window,
    opens: localTime(opens, call.window.timeZone),
    closes: localTime(closes, call.window.timeZone),
  };
  // As calls.e2e-spec does: the regional body's objectives within the national directive.
  call.objectives = ['GOVERNANCE', 'RETURN_MIGRATION'];
  call.key = CALL_TO_OPEN; // its own workflow id on the Temporal server the suites share
  const issuer = world.orgs.get('Comunidad de Madrid')!;
  const res = await gql(
    world.stack.url,
    'mutation($input: PublishCallInput!) { publishCall(input: $input) { key } }',
    { input: { definition: stringify(call), issuerOrganisationId: issuer } },
    mintToken({ sub: 'issuer-admin', org: issuer, roles: ['org-admin'] }),
  );
  if (res.errors) throw new Error(JSON.stringify(res.errors));
}

async function replayMadridCall(): Promise<void> {
  const plan = JSON.parse(
    readFileSync(join(ROOT, 'demo', 'madrid-2008-call.json'), 'utf8'),
  ) as DemoCallPlan;
  const rows = (await world.stack.db.dataSource.query(
    `SELECT name, id, kind FROM organisation`,
  )) as { name: string; id: string; kind: string }[];
  const outcome = await runDemoCall({
    graphqlUrl: `${world.stack.url}/graphql`,
    plan,
    // Under a key of its own: suites share one Temporal server, and a call's workflow id is its
    // key, so the demo's own key would meet the call demo-madrid-2008.e2e-spec replays.
    callDefinitionText: stringify({
      ...(parse(readFileSync(join(ROOT, 'calls', plan.callFile), 'utf8')) as object),
      key: MADRID_KEY,
    }),
    organisations: new Map(rows.map((r) => [r.name, { id: r.id, kind: r.kind }])),
    mint: (claims) => mintToken(claims),
    timeoutMs: 120_000,
  });
  if (outcome.status !== 'RESOLVED') throw new Error(`the demo call is ${outcome.status}`);
}

/**
 * Waits until the projects stop moving (the funded projects commit and pay their advance on
 * their own after the resolution): two reads a second apart alike, so the screenshot is stable.
 */
async function settled(): Promise<void> {
  const query = `{ applications(first: 50) { edges { node { title status activeStages ledger { committed disbursed } } } }
    fundingReport(input: { groupBy: [FUNDER_LEVEL] }) { currency committed disbursed } }`;
  const deadline = Date.now() + 60_000;
  let last = '';
  for (;;) {
    const res = await gql(world.stack.url, query);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    const now = JSON.stringify(res.data);
    if (now === last) return;
    if (Date.now() > deadline) throw new Error(`the portfolio kept changing: ${now}`);
    last = now;
    await new Promise((r) => setTimeout(r, 1_500));
  }
}

beforeAll(async () => {
  const jerez = await submitAs(
    world.stack,
    world.orgs,
    potableWaterInJerez(world.orgs),
    'Club Jerezano de Los Ángeles',
  );
  await Promise.all([
    driveToCompletion(world.stack.url, jerez, { timeoutMs: 90_000 }),
    replayMadridCall(),
    submitAs(
      world.stack,
      world.orgs,
      savingsAccountInput(world.orgs, 'Épargne pour un atelier'),
      SAVER,
    ),
    publishCallStillToOpen(),
  ]);
  await settled();
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    // The machine's network is closed: without these Chromium waits on services it cannot reach.
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--font-render-hinting=none',
    ],
  });
}, 240_000);
afterAll(async () => {
  await browser?.close();
});

/** A page at a fixed size, recording console errors, uncaught errors and CSP violations. */
async function openPage(path: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({
    viewport: { width: 1200, height: 900 },
    deviceScaleFactor: 1,
    locale: 'en-GB',
    timezoneId: 'UTC',
  });
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  // Run by the browser, not by the page: the CSP does not apply to it.
  await page.addInitScript({
    content: `document.addEventListener('securitypolicyviolation', (e) =>
      console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI))`,
  });
  const response = await page.goto(`${world.stack.url}${path}`);
  expect(response?.status()).toBe(200);
  await page.waitForSelector('body[data-state="ready"], body[data-state="error"]', {
    timeout: 30_000,
  });
  expect(await page.textContent('#status')).not.toContain('could not be loaded');
  return { page, problems };
}

const rowsOf = (page: Page, selector: string) =>
  page.$$eval(selector, (trs) =>
    trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')),
  );

/** The screenshot against the committed reference; written when missing or asked for. */
function compareWithReference(png: Buffer): void {
  if (!existsSync(REFERENCE) || process.env.UPDATE_SCREENSHOTS === '1') {
    mkdirSync(join(REFERENCE, '..'), { recursive: true });
    writeFileSync(REFERENCE, png);
    return;
  }
  const actual = PNG.sync.read(png);
  const expected = PNG.sync.read(readFileSync(REFERENCE));
  const saved = join(tmpdir(), `portfolio-page-${process.pid}.png`);
  if (actual.width !== expected.width || actual.height !== expected.height) {
    writeFileSync(saved, png);
    throw new Error(
      `the page is ${actual.width}×${actual.height}, the reference ${expected.width}×${expected.height} (this run's screenshot: ${saved}; UPDATE_SCREENSHOTS=1 writes it anew when the change is meant)`,
    );
  }
  const diff = new PNG({ width: actual.width, height: actual.height });
  const differing = pixelmatch(expected.data, actual.data, diff.data, actual.width, actual.height, {
    threshold: PIXEL_THRESHOLD,
  });
  if (differing > MAX_DIFF_RATIO * actual.width * actual.height) {
    writeFileSync(saved, png);
    writeFileSync(saved.replace(/\.png$/, '.diff.png'), PNG.sync.write(diff));
    throw new Error(
      `${differing} pixels differ from ${REFERENCE} (this run: ${saved}, the difference: ${saved.replace(/\.png$/, '.diff.png')}); UPDATE_SCREENSHOTS=1 writes it anew when the change is meant`,
    );
  }
}

describe('the public portfolio page', () => {
  it('shows the portfolio, each project’s funders and progress and the published results, as the public API does', async () => {
    const { page, problems } = await openPage('/portfolio');

    // The charts: one per currency, never a sum across them.
    const panels = await page.$$eval('#by-sector .panel-title', (ds) =>
      ds.map((d) => d.textContent),
    );
    expect(panels).toEqual(expect.arrayContaining(['EUR', 'MXN']));
    expect(await page.locator('#by-level svg rect').count()).toBeGreaterThan(0);
    expect(await page.textContent('#by-level')).toMatch(/National/);

    // The 3x1 project, its funders by name with their shares, and how far it has got.
    const projects = await rowsOf(page, '#projects tbody tr');
    const jerez = projects.find((r) => r[0].startsWith(JEREZ));
    expect(jerez).toBeDefined();
    expect(jerez![1]).toContain('Jerez');
    expect(jerez![3]).toContain('Club Jerezano de Los Ángeles');
    expect(jerez![3]).toContain('SEDESOL');
    expect(jerez![3]).toMatch(/25%/);
    expect(jerez![4]).toContain('Completed');

    // The call's results, rank by rank, as anyone may read them from the API.
    const api = await gql<{
      call: { applications: { rank: number | null; title: string; granted: string | null }[] };
    }>(world.stack.url, `{ call(key: "${MADRID_KEY}") { applications { rank title granted } } }`);
    const ranked = api
      .data!.call.applications.filter((a) => a.rank !== null)
      .sort((a, b) => a.rank! - b.rank!);
    const shown = await rowsOf(page, `[data-call="${MADRID_KEY}"] tbody tr`);
    expect(shown.map((r) => [Number(r[0]), r[1]])).toEqual(
      ranked.map((a) => [a.rank, expect.stringContaining(a.title)]),
    );
    expect(shown.filter((r) => r[2] === 'Funded')).toHaveLength(10);
    expect(shown[0][3]).toMatch(/^€\d{1,3}(,\d{3})+$/);
    expect(await page.textContent('#calls')).toContain(MADRID_CALL);

    // Nothing private: the saver is a private individual; the call still to open shows no result.
    const text = (await page.textContent('body'))!;
    expect(text).not.toContain(SAVER);
    expect(text).toContain('Private individual');
    const toOpen = page.locator(`[data-call="${CALL_TO_OPEN}"]`);
    expect(await toOpen.textContent()).toContain('Results not published yet');
    expect(await toOpen.locator('table').count()).toBe(0);
    expect(text).not.toMatch(/score/i);

    const png = await page.screenshot({
      fullPage: true,
      animations: 'disabled',
      caret: 'hide',
      // The years on the axes follow the clock the suite runs on.
      mask: [page.locator('[data-varies]')],
      maskColor: '#8a959c',
    });
    expect(problems).toEqual([]);
    compareWithReference(png);
    await page.close();
  });

  it('narrows to one programme, and refuses scripts that are not its own', async () => {
    const { page, problems } = await openPage('/portfolio?programme=mx-3x1');
    const titles = await page.$$eval('#projects tbody tr .title', (ts) =>
      ts.map((t) => t.textContent),
    );
    expect(titles).toEqual([JEREZ]);
    expect(await page.locator('#calls [data-call]').count()).toBe(0);
    expect(await page.inputValue('#programme')).toBe('mx-3x1');
    expect(problems).toEqual([]);

    // The CSP at work: an injected inline script does not run, and is reported.
    const ran = await page.evaluate(`(() => {
      const s = document.createElement('script');
      s.textContent = 'document.body.dataset.injected = "yes"';
      document.head.appendChild(s);
      return document.body.dataset.injected ?? null;
    })()`);
    expect(ran).toBeNull();
    for (let i = 0; i < 50 && !problems.some((p) => p.startsWith('console: CSP')); i++)
      await page.waitForTimeout(100);
    expect(problems.join('\n')).toContain('CSP violation: script-src');
    await page.close();

    const res = await fetch(`${world.stack.url}/portfolio`);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('content-type')).toContain('text/html');
  });
});
