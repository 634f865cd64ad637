/**
 * The cost dashboard and the side-bar tree of calls in a real VS Code (issue 16): package the extension,
 * install it into code-server, open a copy of examples/ and check that the figures the dashboard and the tree
 * show are the CLI's (`server.cjs --lint . --format json` of the installed bundle) on the same folder; then
 * the sort survives hide/show, a finding opens its line, a new file refreshes the page, the tree toggles
 * between files and features, and the CSV export is written where the save dialog says.
 *
 *   node --import tsx --test --test-concurrency=1 test/e2e/dashboard.e2e.test.ts
 *
 * The screenshot goes to test-results/e2e-dashboard.png; with PROMPTCOST_UPDATE_SCREENSHOT=1 it also replaces
 * docs/dashboard.png (the README's picture).
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { copyFile, cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Frame, Locator, Page } from 'playwright-core';
import { formatUsd } from '../../server/src/core/format.ts';
import {
  ensureCodeServer,
  focusEditor,
  installExtension,
  openFile,
  openWorkbench,
  runCommand,
  screenshot,
  SELECTORS,
  startCodeServer,
  waitFor,
  type RunningCodeServer,
  type Workbench,
} from './code-server.ts';
import { buildVsix, extensionLog, lintJsonOf, stepRunner } from './extension-package.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const RESULTS = path.join(REPO_ROOT, 'test-results');
const SCREENSHOT = path.join(REPO_ROOT, 'docs', 'dashboard.png');

// ------------------------------------------------------------------ the CLI's view, summed here by hand

interface CliCall {
  file: string;
  line: number;
  model: string | null;
  feature: string | null;
  countedAtCallSites?: true;
  rejected?: true;
  costUsd: { monthly: number | null };
}
interface CliReport {
  calls: CliCall[];
  findings: { file: string; line: number; column: number; rule: string }[];
  summary: { monthlyUsd: number; unpricedCalls: number };
  assumptions: { requestsPerDay: number; cacheHitRate: number };
}

async function lintFolder(serverJs: string, folder: string): Promise<CliReport> {
  return (await lintJsonOf(serverJs, folder, ['.'])) as CliReport;
}

const inTotals = (call: CliCall) => !call.countedAtCallSites && !call.rejected;

/** The CLI's counted calls summed by a key: [key, $/month as the dashboard prints it], dearest first, unpriced last. */
function cliGroups(report: CliReport, keyOf: (call: CliCall) => string): [string, string][] {
  const sums = new Map<string, number | null>();
  for (const call of report.calls.filter(inTotals)) {
    const key = keyOf(call);
    const before = sums.get(key) ?? null;
    sums.set(key, call.costUsd.monthly === null ? before : (before ?? 0) + call.costUsd.monthly);
  }
  return [...sums]
    .sort(([a, x], [b, y]) => (x === null) !== (y === null) ? (x === null ? 1 : -1) : (y ?? 0) - (x ?? 0) || a.localeCompare(b))
    .map(([key, sum]) => [key, sum === null ? 'unpriced' : formatUsd(Math.round(sum * 100) / 100)]);
}

// ------------------------------------------------------------------ reading the page and the tree

/** The frame that holds the dashboard page (a webview's inner frame). */
async function dashboardFrame(page: Page): Promise<Frame> {
  return waitFor(
    'the dashboard page',
    async () => {
      for (const frame of page.frames()) {
        if ((await frame.locator('#dashboard #total').count().catch(() => 0)) > 0) return frame;
      }
      return undefined;
    },
    { timeoutMs: 60_000, intervalMs: 500 },
  );
}

/** A table's rows as the text of each cell, in page order. */
async function tableRows(frame: Frame, id: string): Promise<string[][]> {
  return frame.locator(`#${id} tbody tr[data-uri]`).evaluateAll((rows) => rows.map((row) => Array.from(row.querySelectorAll('td')).map((cell) => (cell.textContent ?? '').trim())));
}

/** [first cell, last cell] of each row: a group and its $/month. */
async function groupRows(frame: Frame, id: string): Promise<[string, string][]> {
  return (await tableRows(frame, id)).map((cells) => [cells[0]!, cells.at(-1)!]);
}

function callsPane(page: Page): Locator {
  return page.locator('.pane').filter({ has: page.locator('.pane-header', { hasText: 'LLM Calls' }) });
}

interface TreeRow {
  label: string;
  description: string;
  level: number;
}

/** The tree's rendered rows, top to bottom. */
async function treeRows(page: Page): Promise<TreeRow[]> {
  return callsPane(page)
    .locator('.monaco-list-row')
    .evaluateAll((rows) =>
      rows
        .map((row) => ({
          top: row.getBoundingClientRect().top,
          label: (row.querySelector('.label-name')?.textContent ?? '').trim(),
          description: (row.querySelector('.label-description')?.textContent ?? '').trim(),
          level: Number(row.getAttribute('aria-level')),
        }))
        .sort((a, b) => a.top - b.top)
        .map(({ label, description, level }) => ({ label, description, level })),
    );
}

/** The active editor's cursor, from the status bar ("Ln 12, Col 5"). */
async function cursorPosition(page: Page): Promise<string> {
  return ((await page.locator('#status\\.editor\\.selection').textContent()) ?? '').trim();
}

// ------------------------------------------------------------------ the test

describe('cost dashboard and calls tree in code-server (examples/)', { timeout: 6 * 60_000 }, () => {
  let tmp: string;
  let folder: string;
  let serverJs: string;
  let cli: CliReport;
  let server: RunningCodeServer | undefined;
  let wb: Workbench | undefined;
  let frame: Frame;
  const started = Date.now();
  const timings: string[] = [];
  const mark = (what: string) => timings.push(`${what} ${((Date.now() - started) / 1000).toFixed(1)}s`);

  before(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'promptcost-e2e-dashboard-'));
    const [vsix] = await Promise.all([buildVsix(path.join(tmp, 'stage')), ensureCodeServer()]);
    const installed = await installExtension(vsix, path.join(tmp, 'extensions'));
    serverJs = path.join(installed, 'dist', 'server.cjs');
    folder = path.join(tmp, 'examples');
    await cp(path.join(REPO_ROOT, 'examples'), folder, { recursive: true });
    mark('installed');
    const report = lintFolder(serverJs, folder);
    report.catch(() => undefined);
    server = await startCodeServer({
      folder,
      extensionsDir: path.join(tmp, 'extensions'),
      userDataDir: path.join(tmp, 'user-data'),
      settings: {
        'typescript.validate.enable': false,
        'javascript.validate.enable': false,
        'workbench.colorTheme': 'Default Dark Modern',
        'workbench.layoutControl.enabled': false,
        'breadcrumbs.enabled': false,
        'window.menuBarVisibility': 'compact',
        'workbench.reduceMotion': 'on',
        ...(process.env.PROMPTCOST_E2E_DEBUG ? { 'promptcost.trace.server': 'verbose' } : {}),
      },
    });
    wb = await openWorkbench(server.url, { viewport: { width: 1600, height: 900 } });
    cli = await report;
    mark('workbench');
    await openFile(wb.page, 'src/features/research.ts');
  });

  after(async () => {
    if (process.env.PROMPTCOST_E2E_DEBUG && tmp) console.error(`[e2e] extension output:\n${await extensionLog(path.join(tmp, 'user-data'))}`);
    if (wb) await wb.close();
    await server?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    console.error(`[e2e] dashboard suite: ${timings.join(', ')}`);
  });

  const step = stepRunner({
    suite: 'dashboard',
    resultsDir: RESULTS,
    workbench: () => wb,
    serverLogs: () => server?.logs(),
    userDataDir: () => path.join(tmp, 'user-data'),
    passed: mark,
    tail: { log: 3000, output: 4000 },
  });

  it('opens beside the editor with the CLI\'s total and sums by feature, model, file and rule', () =>
    step('figures', async ({ page }) => {
      await runCommand(page, 'Prompt Cost: Open Cost Dashboard');
      frame = await dashboardFrame(page);
      // Beside: the editor stays in its group, the dashboard opens a second one.
      assert.equal(await page.locator('.part.editor .editor-group-container').count(), 2);
      await waitFor('the CLI total on the page', async () => (await frame.locator('#total').textContent()) === formatUsd(cli.summary.monthlyUsd), { timeoutMs: 30_000 }).catch(async () =>
        assert.fail(`total ${await frame.locator('#total').textContent()} vs the CLI's ${formatUsd(cli.summary.monthlyUsd)}`),
      );
      assert.equal(await frame.locator('#calls-counted').textContent(), String(cli.calls.filter(inTotals).length));
      assert.equal(await frame.locator('#findings-count').textContent(), String(cli.findings.length));
      const unpriced = cli.calls.filter((call) => inTotals(call) && call.costUsd.monthly === null).length;
      assert.ok(unpriced > 0, 'examples/ has an unpriced call');
      assert.match((await frame.locator('.apart').textContent()) ?? '', new RegExp(`${unpriced} unpriced, not in the total`));

      assert.deepEqual(await groupRows(frame, 'by-feature'), cliGroups(cli, (call) => call.feature ?? '(no feature)'));
      assert.deepEqual(await groupRows(frame, 'by-model'), cliGroups(cli, (call) => call.model ?? '(not known statically)'));
      const byFile = (await groupRows(frame, 'by-file')).filter(([, money]) => money !== 'no call');
      assert.deepEqual(byFile, cliGroups(cli, (call) => call.file));
      const findingsByRule = new Map<string, number>();
      for (const finding of cli.findings) findingsByRule.set(finding.rule, (findingsByRule.get(finding.rule) ?? 0) + 1);
      const shownRules = (await tableRows(frame, 'by-rule')).map((cells) => [cells[0]!, Number(cells[1])]);
      assert.deepEqual(new Map(shownRules as [string, number][]), findingsByRule);
      // The unpriced model is listed as such, never as $0.
      const byModel = await groupRows(frame, 'by-model');
      assert.ok(byModel.some(([, money]) => money === 'unpriced'), JSON.stringify(byModel));
      assert.ok(!byModel.some(([, money]) => money === '$0'), JSON.stringify(byModel));
      // The assumptions in force are the CLI's.
      const assumptions = (await frame.locator('.assumptions').textContent()) ?? '';
      assert.match(assumptions, new RegExp(`${cli.assumptions.requestsPerDay.toLocaleString('en-US')} requests/day`));
      assert.match(assumptions, new RegExp(`${Math.round(cli.assumptions.cacheHitRate * 100)}% of requests hit the prompt cache`));

    }));

  it('keeps the sort the user chose when the dashboard is hidden and shown again', () =>
    step('sort', async ({ page }) => {
      await frame.locator('#by-file th[data-column="0"]').click();
      const sorted = (await groupRows(frame, 'by-file')).map(([file]) => file);
      assert.deepEqual(sorted, [...sorted].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })), 'file names A to Z on the first click');
      // Hide it behind another editor in its group, then bring it back.
      const groups = page.locator('.part.editor .editor-group-container');
      await groups.nth(1).locator('.tab', { hasText: 'Prompt Cost Dashboard' }).click();
      await openFile(page, 'src/features/search.ts');
      await groups.nth(1).locator('.tab.active', { hasText: 'search.ts' }).waitFor({ state: 'visible', timeout: 10_000 });
      assert.equal(await groups.nth(1).locator('.tab', { hasText: 'Prompt Cost Dashboard' }).count(), 1, 'the dashboard is still open, behind');
      await runCommand(page, 'Prompt Cost: Open Cost Dashboard');
      frame = await dashboardFrame(page);
      await frame.locator('#by-file').waitFor({ state: 'visible', timeout: 15_000 });
      assert.equal(await frame.locator('#by-file th[data-column="0"]').getAttribute('aria-sort'), 'ascending');
      assert.deepEqual((await groupRows(frame, 'by-file')).map(([file]) => file), sorted);
    }));

  it('a finding opens its file at its line and column', () =>
    step('reveal', async ({ page }) => {
      const cells = (await tableRows(frame, 'findings'))[0]!;
      const [file, line] = cells[2]!.split(':');
      const finding = cli.findings.find((candidate) => candidate.file === file && candidate.line === Number(line) && candidate.rule === cells[1]);
      assert.ok(finding, `the CLI has no ${cells[1]} at ${cells[2]}`);
      const row = frame.locator('#findings tbody tr[data-uri]').first();
      const tab = page.locator(SELECTORS.activeTab).filter({ hasText: path.posix.basename(file!) });
      await row.click();
      // A report that changes the page between press and release loses the click, as it would a user's: they click again.
      const opened = await tab.waitFor({ state: 'visible', timeout: 7_500 }).then(() => true, () => false);
      if (!opened) {
        console.error('[e2e] the first click on a finding opened nothing; clicking again');
        await row.click();
        await tab.waitFor({ state: 'visible', timeout: 15_000 });
      }
      await waitFor('the cursor on the finding', async () => (await cursorPosition(page)).startsWith(`Ln ${finding.line}, Col ${finding.column}`), { timeoutMs: 10_000 }).catch(async () =>
        assert.fail(`cursor at "${await cursorPosition(page)}", finding at ${finding.line}:${finding.column}`),
      );
    }));

  it('follows unsaved typing: a line added above a finding moves it in the list, undo moves it back', () =>
    step('typing', async ({ page }) => {
      // The editor holds the file of the first finding (the step before opened it).
      const [file, line] = (await tableRows(frame, 'findings'))[0]![2]!.split(':');
      const shownAt = async () => (await tableRows(frame, 'findings')).map((cells) => cells[2]!).filter((where) => where.startsWith(`${file}:`));
      const before = await shownAt();
      await focusEditor(page);
      await page.keyboard.press('Control+Home');
      await page.keyboard.press('Enter');
      const moved = before.map((where) => `${file}:${Number(where.split(':')[1]) + 1}`);
      await waitFor('the findings one line down', async () => JSON.stringify(await shownAt()) === JSON.stringify(moved), { timeoutMs: 15_000 }).catch(async () =>
        assert.fail(`findings of ${file} at ${JSON.stringify(await shownAt())}, expected ${JSON.stringify(moved)} (first was line ${line})`),
      );
      await page.keyboard.press('Control+Z');
      await waitFor('the findings back in place', async () => JSON.stringify(await shownAt()) === JSON.stringify(before), { timeoutMs: 15_000 }).catch(async () =>
        assert.fail(`findings of ${file} at ${JSON.stringify(await shownAt())} after undo, expected ${JSON.stringify(before)}`),
      );
    }));

  it('refreshes when the analysis changes: a new file with a call shows up in the totals', () =>
    step('live', async () => {
      const added = [
        'import OpenAI from "openai";',
        'const openai = new OpenAI();',
        '// promptcost: feature=onboarding',
        'export const added = () => openai.chat.completions.create({ model: "gpt-4.1", max_completion_tokens: 300, messages: [{ role: "user", content: "Welcome a new customer in one sentence." }] });',
        '',
      ].join('\n');
      await writeFile(path.join(folder, 'src', 'features', 'welcome.ts'), added);
      cli = await lintFolder(serverJs, folder);
      assert.ok(cli.calls.some((call) => call.feature === 'onboarding'), 'the CLI sees the new call');
      await waitFor('the new total on the page', async () => (await frame.locator('#total').textContent()) === formatUsd(cli.summary.monthlyUsd), { timeoutMs: 20_000 }).catch(async () =>
        assert.fail(`total ${await frame.locator('#total').textContent()} vs the CLI's ${formatUsd(cli.summary.monthlyUsd)} after adding a call`),
      );
      assert.deepEqual(await groupRows(frame, 'by-feature'), cliGroups(cli, (call) => call.feature ?? '(no feature)'));
    }));

  it('the tree lists the calls by file, dearest first, toggles to features, and reveals a call', () =>
    step('tree', async ({ page }) => {
      await page.keyboard.press('Control+Shift+E');
      const header = callsPane(page).locator('.pane-header');
      await header.waitFor({ state: 'visible', timeout: 15_000 });
      if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
      // Room for the tree: fold the folder's files away, and every group to one row.
      const folderHeader = page.locator('.pane-header', { hasText: 'EXAMPLES' }).first();
      if ((await folderHeader.getAttribute('aria-expanded')) === 'true') await folderHeader.click();
      await header.hover();
      await callsPane(page).locator('.pane-header .action-label[aria-label^="Collapse All"]').click();

      const files = cliGroups(cli, (call) => call.file);
      let rows: TreeRow[] = [];
      await waitFor('the tree grouped by file', async () => {
        rows = (await treeRows(page)).filter((row) => row.level === 1);
        return rows.length >= files.length && rows[0]!.label === files[0]![0];
      }, { timeoutMs: 20_000 }).catch(() => assert.fail(`tree rows ${JSON.stringify(rows)} vs the CLI's ${JSON.stringify(files)}`));
      assert.deepEqual(rows.slice(0, files.length).map((row) => row.label), files.map(([file]) => file));
      for (const [index, [, money]] of files.entries()) assert.ok(rows[index]!.description.startsWith(money), `${JSON.stringify(rows[index])} lacks ${money}`);

      await header.hover();
      await callsPane(page).locator('.pane-header .action-label[aria-label="Group Calls by Feature"]').click();
      const features = cliGroups(cli, (call) => call.feature ?? '(no feature)');
      await waitFor('the tree grouped by feature', async () => {
        rows = (await treeRows(page)).filter((row) => row.level === 1);
        return rows.length === features.length && rows.every((row, index) => row.label === features[index]![0]);
      }, { timeoutMs: 15_000 }).catch(() => assert.fail(`tree rows ${JSON.stringify(rows)} vs the CLI's ${JSON.stringify(features)}`));
      for (const [index, [, money]] of features.entries()) assert.ok(rows[index]!.description.startsWith(money), `${JSON.stringify(rows[index])} lacks ${money}`);

      // Groups open expanded: the dearest call under the dearest feature comes first and opens where the CLI places it.
      const dearest = cli.calls.filter((call) => inTotals(call) && (call.feature ?? '(no feature)') === features[0]![0]).sort((a, b) => (b.costUsd.monthly ?? -1) - (a.costUsd.monthly ?? -1))[0]!;
      const callRow = callsPane(page).locator('.monaco-list-row[aria-level="2"]').first();
      await callRow.waitFor({ state: 'visible', timeout: 10_000 });
      assert.ok(((await callRow.textContent()) ?? '').includes(`${dearest.file}:${dearest.line}`), `${await callRow.textContent()} is not ${dearest.file}:${dearest.line}`);
      await callRow.click();
      await page.locator(SELECTORS.activeTab).filter({ hasText: path.posix.basename(dearest.file) }).waitFor({ state: 'visible', timeout: 15_000 });
      await waitFor('the cursor on the call', async () => (await cursorPosition(page)).startsWith(`Ln ${dearest.line},`), { timeoutMs: 10_000 }).catch(async () =>
        assert.fail(`cursor at "${await cursorPosition(page)}", call at line ${dearest.line}`),
      );
      // The README's picture: the tree by feature, the call it revealed, the dashboard beside from its top.
      await frame.evaluate(() => window.scrollTo(0, 0));
      await page.waitForTimeout(300);
      const shot = await screenshot(page, path.join(RESULTS, 'e2e-dashboard.png'));
      if (process.env.PROMPTCOST_UPDATE_SCREENSHOT || !existsSync(SCREENSHOT)) await copyFile(shot, SCREENSHOT);
    }));

  it('exports the calls as CSV where the save dialog says, with the CLI\'s figures', () =>
    step('export', async ({ page }) => {
      await runCommand(page, 'Prompt Cost: Open Cost Dashboard');
      frame = await dashboardFrame(page);
      await frame.locator('button[data-action="export-csv"]').click();
      const input = page.locator(SELECTORS.quickInputBox);
      await input.waitFor({ state: 'visible', timeout: 15_000 });
      await waitFor('the file name in the save dialog', async () => /promptcost-calls\.csv$/.test(await input.inputValue()), { timeoutMs: 10_000 }).catch(async () =>
        assert.fail(`the save dialog offers "${await input.inputValue()}"`),
      );
      await input.press('Enter');
      const file = path.join(folder, 'promptcost-calls.csv');
      await waitFor('the CSV on disk', () => existsSync(file), { timeoutMs: 15_000 });
      const [header, ...lines] = (await readFile(file, 'utf8')).trimEnd().split('\r\n');
      const columns = header!.split(',');
      assert.equal(lines.length, cli.calls.length);
      const monthly = columns.indexOf('usd_per_month');
      const total = lines.reduce((sum, line) => sum + Number(line.split(',')[monthly] || 0), 0);
      assert.equal(formatUsd(Math.round(total * 100) / 100), formatUsd(cli.summary.monthlyUsd));
      assert.ok(lines.some((line) => line.endsWith(',unpriced')), 'the unpriced call is marked');
    }));
});
