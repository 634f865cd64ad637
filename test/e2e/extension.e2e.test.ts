/**
 * The real extension in a real VS Code (issue 3): build the bundles, package the .vsix with vsce, install it
 * into code-server, open a copy of examples/ and check what a user sees in src/features/summarise.ts —
 * Problems, the code lens, the hover and the require-max-tokens quick fix — against the same analysis run
 * through the CLI (`server.cjs --lint --format json`) of the installed bundle.
 *
 *   node --import tsx --test --test-concurrency=1 test/e2e/extension.e2e.test.ts
 *
 * Nothing in the working tree is written: the bundles are built and packaged in a temp staging folder and
 * the fix is applied to a temp copy of examples/. The screenshot goes to test-results/e2e-promptcost.png;
 * with PROMPTCOST_UPDATE_SCREENSHOT=1 it also replaces docs/screenshot.png (the README's picture).
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { copyFile, cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { formatTokens, formatUsd } from '../../server/src/core/format.ts';
import {
  applyQuickFix,
  dismissHover,
  ensureCodeServer,
  focusEditor,
  getCodeLensesWithLines,
  getProblemCounts,
  SELECTORS,
  hoverText,
  installExtension,
  openFile,
  openWorkbench,
  readEditorText,
  readProblemsPanel,
  runCommand,
  saveActiveEditor,
  screenshot,
  setPanelHeight,
  startCodeServer,
  waitFor,
  waitForCodeLens,
  waitForProblemCount,
  type PlacedCodeLens,
  type ProblemRow,
  type RunningCodeServer,
  type Workbench,
} from './code-server.ts';
import { buildVsix, extensionLog, lintJsonOf, stepRunner } from './extension-package.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const RESULTS = path.join(REPO_ROOT, 'test-results');
const SCREENSHOT = path.join(REPO_ROOT, 'docs', 'screenshot.png');
const FILE = 'src/features/summarise.ts';

// ------------------------------------------------------------------ the CLI's view (JSON report, version 1)

interface Span {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}
interface ReportCall extends Span {
  model: string | null;
  inputTokens: { total: number };
  outputTokens: { cap: number | null; assumed: number };
  costUsd: { perRequest: number | null; monthly: number | null };
}
interface ReportFinding extends Span {
  rule: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  fix?: { description: string; edits: { line: number; column: number; endLine: number; endColumn: number; text: string }[] };
}
interface Report {
  version: number;
  calls: ReportCall[];
  findings: ReportFinding[];
  summary: { monthlyUsd: number; unpricedCalls: number };
}

/** `promptcost --lint FILE --format json` with the bundle the editor runs, from the workspace folder. */
async function lintJson(serverJs: string, folder: string, relFile: string): Promise<Report> {
  const report = (await lintJsonOf(serverJs, folder, [relFile])) as Report;
  assert.equal(report.version, 1);
  return report;
}

/** Applies a finding's fix edits (1-based line/column) to `text`, last edit first. */
function applyEdits(text: string, edits: NonNullable<ReportFinding['fix']>['edits']): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const offset = (line: number, column: number) => lineStarts[line - 1]! + column - 1;
  const sorted = [...edits].sort((a, b) => offset(b.line, b.column) - offset(a.line, a.column));
  let out = text;
  for (const edit of sorted) {
    out = out.slice(0, offset(edit.line, edit.column)) + edit.text + out.slice(offset(edit.endLine, edit.endColumn));
  }
  return out;
}

/** Line `line` (1-based) of `text`. */
function lineOf(text: string, line: number): string {
  return text.split('\n')[line - 1] ?? '';
}

// ------------------------------------------------------------------ the test

describe('promptcost extension in code-server (examples/src/features/summarise.ts)', { timeout: 5 * 60_000 }, () => {
  let tmp: string;
  let folder: string;
  let serverJs: string;
  let report: Report;
  let workspaceReport: Report;
  let original: string;
  let uncapped: ReportCall;
  let capFinding: ReportFinding;
  let server: RunningCodeServer | undefined;
  let wb: Workbench | undefined;
  const started = Date.now();
  const timings: string[] = [];
  const mark = (what: string) => timings.push(`${what} ${((Date.now() - started) / 1000).toFixed(1)}s`);

  before(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'promptcost-e2e-ext-'));
    const [vsix] = await Promise.all([buildVsix(path.join(tmp, 'stage')), ensureCodeServer()]);
    mark('packaged');
    const installed = await installExtension(vsix, path.join(tmp, 'extensions'));
    assert.match(path.basename(installed), /^promptcost\.promptcost-\d+\.\d+\.\d+/);
    serverJs = path.join(installed, 'dist', 'server.cjs');
    mark('installed');

    folder = path.join(tmp, 'examples');
    await cp(path.join(REPO_ROOT, 'examples'), folder, { recursive: true });
    original = await readFile(path.join(folder, FILE), 'utf8');

    // The CLI's view, computed while the workbench starts.
    const cli = lintJson(serverJs, folder, FILE).then((json) => {
      mark('cli');
      return json;
    });
    cli.catch(() => undefined); // awaited below; no unhandled rejection meanwhile

    server = await startCodeServer({
      folder,
      extensionsDir: path.join(tmp, 'extensions'),
      userDataDir: path.join(tmp, 'user-data'),
      settings: {
        // Only promptcost's diagnostics in Problems: the example app's imports are not installed.
        'typescript.validate.enable': false,
        'javascript.validate.enable': false,
        'editor.cursorBlinking': 'solid',
        'editor.fontSize': 13,
        'workbench.colorTheme': 'Default Dark Modern',
        'workbench.activityBar.location': 'hidden',
        'workbench.layoutControl.enabled': false,
        'breadcrumbs.enabled': false,
        'window.menuBarVisibility': 'compact',
        // No fade-ins: the screenshot shows the hover fully drawn.
        'workbench.reduceMotion': 'on',
        ...(process.env.PROMPTCOST_E2E_DEBUG ? { 'promptcost.trace.server': 'verbose' } : {}),
      },
    });
    wb = await openWorkbench(server.url, { viewport: { width: 1280, height: 800 } });
    mark('workbench');
    report = await cli;
    workspaceReport = await lintJson(serverJs, folder, '.');
    const calls = report.calls.filter((call) => call.file === FILE);
    const found = calls.find((call) => call.outputTokens.cap === null && call.model === 'gpt-4.1');
    assert.ok(found, `the CLI finds no uncapped gpt-4.1 call in ${FILE}: ${JSON.stringify(calls)}`);
    uncapped = found;
    const fixable = report.findings.find(
      (finding) => finding.rule === 'require-max-tokens' && finding.line === uncapped.line && finding.fix,
    );
    assert.ok(fixable, `the CLI reports no fixable require-max-tokens at line ${uncapped.line}: ${JSON.stringify(report.findings)}`);
    capFinding = fixable;

    await openFile(wb.page, FILE);
    // The explorer is not part of the story: give the editor the width.
    await wb.page.keyboard.press('Control+B');
    await wb.page.locator('.part.sidebar').waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
    mark('opened');
  });

  after(async () => {
    if (process.env.PROMPTCOST_E2E_DEBUG && tmp) console.error(`[e2e] extension output:\n${await extensionLog(path.join(tmp, 'user-data'))}`);
    if (wb) await wb.close();
    await server?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    mark('stopped');
    console.error(`[e2e] promptcost extension suite: ${timings.join(', ')}`);
  });

  const step = stepRunner({
    suite: 'promptcost',
    resultsDir: RESULTS,
    workbench: () => wb,
    serverLogs: () => server?.logs(),
    userDataDir: () => path.join(tmp, 'user-data'),
    passed: mark,
    tail: { log: 4000, output: 6000 },
  });

  const findingsOfFile = () => report.findings.filter((finding) => finding.file === FILE);

  /** Problem rows (not file rows) from promptcost for summarise.ts, with their rule and position. */
  function promptcostRows(rows: ProblemRow[]): { rule: string; line: number; column: number; text: string }[] {
    return rows
      .filter((row) => !row.isFile)
      .map((row) => {
        const match = /promptcost\(?\s*([\w-]+)\)?\s*\[Ln (\d+), Col (\d+)\]/.exec(row.text);
        assert.ok(match, `a Problems row not from promptcost: ${row.text}`);
        return { rule: match[1]!, line: Number(match[2]), column: Number(match[3]), text: row.text };
      });
  }

  it('Problems shows exactly the findings the CLI reports for the file', () =>
    step('problems', async ({ page }) => {
      const findings = findingsOfFile();
      assert.ok(findings.length > 0, 'the CLI reports nothing for the file');
      const counts = await waitForProblemCount(page, findings.length, 45_000);
      mark('count');
      assert.deepEqual(counts, {
        errors: findings.filter((f) => f.severity === 'error').length,
        warnings: findings.filter((f) => f.severity === 'warning').length,
        infos: findings.filter((f) => f.severity === 'info').length,
        total: findings.length,
      });
      const rows = await readProblemsPanel(page);
      const fileRows = rows.filter((row) => row.isFile);
      assert.equal(fileRows.length, 1, JSON.stringify(rows));
      assert.match(fileRows[0]!.text, /summarise\.ts/);
      const shown = promptcostRows(rows).map(({ rule, line, column }) => `${rule}@${line}:${column}`).sort();
      const expected = findings.map((f) => `${f.rule}@${f.line}:${f.column}`).sort();
      assert.deepEqual(shown, expected);
      // One warning needs little room: give the editor the height, for the lenses and the screenshot.
      await setPanelHeight(page, 120);
    }));

  it('shows a code lens above the uncapped call: gpt-4.1, the CLI\'s $/request and a $/mo figure', () =>
    step('codelens', async ({ page }) => {
      const perRequest = `${formatUsd(uncapped.costUsd.perRequest)}/req`;
      await waitForCodeLens(page, perRequest, 45_000);
      let lenses: PlacedCodeLens[] = [];
      const lens = await waitFor(
        `the lens above line ${uncapped.line}`,
        async () => {
          lenses = await getCodeLensesWithLines(page);
          return lenses.find((candidate) => candidate.line === uncapped.line);
        },
        { timeoutMs: 10_000 },
      ).catch((error: Error) => assert.fail(`${error.message}; lenses: ${JSON.stringify(lenses)}`));
      assert.match(lens.text, /\bgpt-4\.1\b/);
      assert.ok(lens.text.includes(perRequest), `lens "${lens.text}" lacks the CLI's ${perRequest}`);
      assert.match(lens.text, /\$[\d,.]+\/mo\b/);
      assert.ok(lens.text.includes(`${formatUsd(uncapped.costUsd.monthly)}/mo`), `lens "${lens.text}" monthly differs from the CLI`);
      assert.ok(lens.text.includes(`${formatTokens(uncapped.inputTokens.total)} in`), `lens "${lens.text}" input tokens differ`);
    }));

  it('shows a hover on the call with the model, input tokens and cost', () =>
    step('hover', async ({ page }) => {
      // The first `create` on screen is the uncapped call's (it comes first in the file).
      assert.match(lineOf(original, uncapped.line), /completions\.create/);
      const text = await hoverText(page, 'create', { expect: 'Per request', timeoutMs: 15_000 });
      assert.match(text, /gpt-4\.1/);
      assert.match(text, new RegExp(`Input\\s+${formatTokens(uncapped.inputTokens.total)} tokens`));
      assert.ok(text.includes(formatUsd(uncapped.costUsd.perRequest)), `hover lacks ${formatUsd(uncapped.costUsd.perRequest)}:\n${text}`);
      assert.match(text, /no cap/);
      await page.waitForTimeout(300); // the hover's last layout pass
      // The product shot: lens, squiggle, hover and the Problems panel with the warning.
      const shot = await screenshot(page, path.join(RESULTS, 'e2e-promptcost.png'));
      if (process.env.PROMPTCOST_UPDATE_SCREENSHOT || !existsSync(SCREENSHOT)) await copyFile(shot, SCREENSHOT);
      await dismissHover(page);
    }));

  it('applies "Add max_completion_tokens": the saved file has the cap and the warning is gone', () =>
    step('quickfix', async ({ page }) => {
      const title = capFinding.fix!.description;
      assert.match(title, /^Add max_completion_tokens/);
      // What the fix writes, e.g. `max_completion_tokens: 1024`, and the cap the lens shows afterwards.
      const cap = /max_completion_tokens:\s*(\d+)/.exec(capFinding.fix!.edits.map((edit) => edit.text).join(''));
      assert.ok(cap, JSON.stringify(capFinding.fix));
      const titles = await applyQuickFix(page, title, { atText: 'completions' });
      assert.ok(titles.some((t) => t.includes(title)), JSON.stringify(titles));
      mark('fix chosen');
      await waitFor('the cap in the editor', async () => (await readEditorText(page)).includes(cap[0]) || undefined, {
        timeoutMs: 10_000,
      }).catch(async () => assert.fail(`no cap in the editor after the fix:\n${await readEditorText(page)}`));
      await saveActiveEditor(page);
      mark('saved');

      const onDisk = await readFile(path.join(folder, FILE), 'utf8');
      assert.equal(onDisk, applyEdits(original, capFinding.fix!.edits), 'the saved file is not the original with the fix applied');
      // The finding sits on the callee's name; the call runs on to where the fix inserted the cap.
      const lastLine = Math.max(capFinding.endLine, ...capFinding.fix!.edits.map((edit) => edit.endLine));
      const callText = onDisk.split('\n').slice(capFinding.line - 1, lastLine + 1).join('\n');
      assert.ok(callText.includes(cap[0]), `the call has no ${cap[0]}:\n${callText}`);

      // The editor drops the warning.
      const left = findingsOfFile().filter((f) => f !== capFinding);
      await waitForProblemCount(page, left.length, 30_000);
      mark('problem gone');
      let rows: ReturnType<typeof promptcostRows> = [];
      await waitFor(
        'the Problems panel without the require-max-tokens row',
        async () => {
          rows = promptcostRows(await readProblemsPanel(page));
          return !rows.some((row) => row.rule === 'require-max-tokens' && row.line === capFinding.line);
        },
        { timeoutMs: 15_000, intervalMs: 500 },
      ).catch(() => assert.fail(`require-max-tokens still shown: ${JSON.stringify(rows)}`));
      assert.equal(rows.length, left.length, JSON.stringify(rows));
      // And the lens now prices the capped request: the cap bounds the worst case, the estimate does not rise.
      await focusEditor(page);
      const capped = Number(cap[1]);
      await waitForCodeLens(page, capped <= 500 ? `≤${formatTokens(capped)} out` : `(cap ${formatTokens(capped)})`, 15_000);
      const lens = (await getCodeLensesWithLines(page)).find((candidate) => candidate.line === uncapped.line);
      assert.ok(lens?.text.includes(`${formatUsd(uncapped.costUsd.monthly)}/mo`), `the cap raised or changed the estimate: "${lens?.text}"`);
      assert.equal((await getProblemCounts(page)).total, left.length);
    }));

  it('counts the unsaved text of a prompt file the code reads, while it is typed', () =>
    step('prompt-file', async ({ page }) => {
      const inputOf = (text: string | undefined) => Number(/([\d,]+) in\b/.exec(text ?? '')?.[1]?.replace(/,/g, '') ?? NaN);
      await openFile(page, 'src/prompts/summarise.md');
      await focusEditor(page);
      await page.keyboard.press('Control+End');
      await page.keyboard.type('\nAlso list every order number, refund amount and promised date mentioned in the thread.');
      await openFile(page, FILE);
      let lenses: PlacedCodeLens[] = [];
      await waitFor(
        'the lens above the call counting the unsaved prompt text',
        async () => {
          lenses = await getCodeLensesWithLines(page);
          return inputOf(lenses.find((candidate) => candidate.line === uncapped.line)?.text) > uncapped.inputTokens.total || undefined;
        },
        { timeoutMs: 20_000, intervalMs: 250 },
      ).catch((error: Error) => assert.fail(`${error.message}; lenses: ${JSON.stringify(lenses)}`));
    }));

  /** Picks the row of the open quick pick whose label starts with `label` (typed as the filter, then Enter). */
  async function pickQuickItem(page: Workbench['page'], label: string): Promise<string[]> {
    const input = page.locator(SELECTORS.quickInputBox);
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    const rows = page.locator(SELECTORS.quickInputRow);
    await rows.first().waitFor({ state: 'visible', timeout: 10_000 });
    const labels = (await rows.allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
    await input.fill(label);
    // The filter leaves the matching row first and focused (a row's aria-label also holds its icon's name).
    await rows.filter({ hasText: label }).first().waitFor({ state: 'visible', timeout: 10_000 });
    await input.press('Enter');
    return labels;
  }

  it('status bar: this file\'s and the workspace\'s monthly totals, "+N unpriced", and a menu on click', () =>
    step('status-bar', async ({ page }) => {
      const item = page.locator('.statusbar-item').filter({ hasText: /Workspace \$/ }).first();
      await item.waitFor({ state: 'visible', timeout: 30_000 });
      const text = (await item.innerText()).replace(/\s+/g, ' ');
      assert.match(text, /File \$[\d,.]+\/mo/);
      // The examples hold one unpriced call (the in-house model in src/jobs/triage.ts): the workspace figure says so.
      assert.match(text, new RegExp(`Workspace \\$[\\d,.]+/mo \\+${workspaceReport.summary.unpricedCalls} unpriced`));
      // The workspace figure is the CLI's with this file's figure as the editor has it now (the prompt file's
      // unsaved text counts), within the display's rounding.
      const usd = (pattern: RegExp) => Number(pattern.exec(text)?.[1]?.replace(/,/g, '') ?? NaN);
      const fileOnDisk = workspaceReport.calls.filter((call) => call.file === FILE).reduce((sum, call) => sum + (call.costUsd.monthly ?? 0), 0);
      const expected = workspaceReport.summary.monthlyUsd - fileOnDisk + usd(/File \$([\d,.]+)\/mo/);
      assert.ok(Math.abs(usd(/Workspace \$([\d,.]+)\/mo/) - expected) <= 2, `${text}: expected the workspace near ${expected}`);
      await item.locator('a').first().click();
      const labels = await pickQuickItem(page, 'Show output');
      for (const expected of ['Open the cost dashboard', 'Hide code lenses', 'Settings', 'Show output', 'Getting started']) {
        assert.ok(labels.some((label) => label.includes(expected)), `menu lacks "${expected}": ${JSON.stringify(labels)}`);
      }
      // The output channel shown, and what the server logged into it (its log file): version, config in force.
      await page.locator('.part.panel').filter({ hasText: 'Prompt Cost' }).first().waitFor({ state: 'visible', timeout: 10_000 });
      let log = '';
      await waitFor('the version and config lines in the Prompt Cost output', async () => {
        log = await extensionLog(path.join(tmp, 'user-data'));
        return (/promptcost \d+\.\d+\.\d+ \(Node v/.test(log) && /config: no promptcost\.config\.json above /.test(log)) || undefined;
      }, { timeoutMs: 15_000 }).catch(() => assert.fail(`output log:\n${log.slice(-3000)}`));
      await page.keyboard.press('Control+J'); // the panel back to how it was
    }));

  it('Getting Started: the walkthrough opens from the status bar menu with its steps', () =>
    step('walkthrough', async ({ page }) => {
      const item = page.locator('.statusbar-item').filter({ hasText: /Workspace \$/ }).first();
      await item.locator('a').first().click();
      await pickQuickItem(page, 'Getting started');
      const walkthrough = page.locator('.gettingStartedContainer');
      await walkthrough.filter({ hasText: 'Get started with Prompt Cost' }).first().waitFor({ state: 'visible', timeout: 15_000 });
      for (const title of ['See what each call costs', 'Tell it your traffic', 'Fix what costs the most', 'The whole workspace, and CI']) {
        await walkthrough.getByText(title).first().waitFor({ state: 'attached', timeout: 5_000 });
      }
      await page.keyboard.press('Control+W');
    }));

  it('clicking a lens offers "Set requests/day for this call", which writes the annotation and the lens follows', () =>
    step('lens-click', async ({ page }) => {
      await openFile(page, FILE);
      await focusEditor(page);
      const monthlyOf = (text: string | undefined) => Number(/\$([\d,.]+)\/mo/.exec(text ?? '')?.[1]?.replace(/,/g, '') ?? NaN);
      const before = (await getCodeLensesWithLines(page)).find((candidate) => candidate.line === uncapped.line);
      assert.ok(before, 'no lens above the call');
      // The status bar's workspace figure follows the unsaved edit too (the workspace report is only redone on save).
      const workspaceItem = page.locator('.statusbar-item').filter({ hasText: /Workspace \$/ }).first();
      const workspaceMonthly = async () => Number(/Workspace \$([\d,.]+)\/mo/.exec((await workspaceItem.innerText()).replace(/\s+/g, ' '))?.[1]?.replace(/,/g, '') ?? NaN);
      const workspaceBefore = await workspaceMonthly();
      assert.ok(workspaceBefore > 0, `workspace figure ${workspaceBefore}`);
      await page.locator(`${SELECTORS.codeLens} a`).filter({ hasText: /gpt-4\.1 ·/ }).first().click();
      const labels = await pickQuickItem(page, 'Set requests/day for this call');
      assert.ok(labels.some((label) => /Input [\d,]+ tokens/.test(label)), `the breakdown is not in the pick: ${JSON.stringify(labels)}`);
      const input = page.locator(SELECTORS.quickInputBox);
      await waitFor('the requests/day input box', async () => (await input.inputValue()) === '1000' || undefined, { timeoutMs: 10_000 });
      await input.fill('5000');
      await input.press('Enter');
      await waitFor('the annotation above the call', async () => (await readEditorText(page)).includes('// promptcost: requestsPerDay=5000') || undefined, { timeoutMs: 10_000 });
      const lines = (await readEditorText(page)).split('\n');
      assert.match(lines[uncapped.line - 1] ?? '', /^\s*\/\/ promptcost: requestsPerDay=5000$/);
      let after: PlacedCodeLens | undefined;
      await waitFor(
        'the lens at five times the monthly figure',
        async () => {
          after = (await getCodeLensesWithLines(page)).find((candidate) => candidate.line === uncapped.line + 1);
          return Math.abs(monthlyOf(after?.text) / monthlyOf(before.text) - 5) < 0.05 || undefined;
        },
        { timeoutMs: 20_000, intervalMs: 250 },
      ).catch(() => assert.fail(`lens before "${before.text}", after "${after?.text}"`));
      const added = monthlyOf(after?.text) - monthlyOf(before.text);
      let workspaceAfter = NaN;
      await waitFor(
        'the workspace figure raised by what the call added, before saving',
        async () => {
          workspaceAfter = await workspaceMonthly();
          // Both figures are rounded for display: within a dollar per figure and 0.5 %.
          return Math.abs(workspaceAfter - (workspaceBefore + added)) <= 3 + 0.005 * workspaceAfter || undefined;
        },
        { timeoutMs: 15_000, intervalMs: 250 },
      ).catch(() => assert.fail(`workspace ${workspaceBefore} -> ${workspaceAfter}, the call added ${added}`));
      await saveActiveEditor(page);
    }));

  it('quick fix on an unknown model: prices it through an alias in a new promptcost.config.json, and the cost is known', () =>
    step('unknown-model-fix', async ({ page }) => {
      await openFile(page, 'src/jobs/triage.ts');
      await waitForCodeLens(page, 'cost unknown', 30_000);
      const titles = await applyQuickFix(page, 'Price "gpt-4.1-nano-acme-triage" as', { atText: 'gpt-4.1-nano-acme-triage' });
      for (const expected of ['Add a price for', 'Disable no-unknown-model for this file', 'Open the docs of no-unknown-model']) {
        assert.ok(titles.some((title) => title.includes(expected)), `no "${expected}" in ${JSON.stringify(titles)}`);
      }
      const configPath = path.join(folder, 'promptcost.config.json');
      const written = await waitFor('promptcost.config.json with the alias', async () => {
        const text = await readFile(configPath, 'utf8').catch(() => '');
        return text.includes('"gpt-4.1-nano-acme-triage"') ? text : undefined;
      }, { timeoutMs: 15_000 });
      assert.ok(JSON.parse(written).pricing.aliases['gpt-4.1-nano-acme-triage']);
      await openFile(page, 'src/jobs/triage.ts');
      await waitForCodeLens(page, /\$[\d,.]+\/mo/, 30_000);
    }));

  it('quick fix "Disable <rule> for this file" writes the block comment on the first line', () =>
    step('disable-file', async ({ page }) => {
      await openFile(page, 'src/jobs/tag-tickets.ts');
      const disabled = workspaceReport.findings.filter((finding) => finding.file === 'src/jobs/tag-tickets.ts' && finding.rule === 'no-deprecated-model').length;
      assert.ok(disabled > 0, 'tag-tickets.ts has a no-deprecated-model finding to disable');
      const before = await settledProblemCount(page);
      await applyQuickFix(page, 'Disable no-deprecated-model for this file', { atText: 'gemini-2.0-flash' });
      await waitFor('the disable comment', async () => (await readEditorText(page)).startsWith('/* promptcost-disable no-deprecated-model */') || undefined, { timeoutMs: 10_000 });
      // Its findings leave Problems too (and the next step counts from a settled panel).
      await waitForProblemCount(page, before - disabled, 15_000);
    }));

  it('promptcost.workspaceDiagnostics lists the findings of files never opened in Problems', () =>
    step('workspace-diagnostics', async ({ page }) => {
      const opened = new Set([FILE, 'src/jobs/triage.ts', 'src/jobs/tag-tickets.ts']);
      const unopened = workspaceReport.findings.filter((finding) => !opened.has(finding.file));
      assert.ok(unopened.length > 0, 'the examples have findings in files the steps never open');
      const before = await settledProblemCount(page);
      const settingsFile = path.join(tmp, 'user-data', 'User', 'settings.json');
      const settings = JSON.parse(await readFile(settingsFile, 'utf8')) as Record<string, unknown>;
      // Through the editor, as a user turns it on: the user settings JSON, replaced and saved.
      await runCommand(page, 'Preferences: Open User Settings (JSON)');
      await page.locator(SELECTORS.activeTab).filter({ hasText: 'settings.json' }).waitFor({ state: 'visible', timeout: 15_000 });
      await focusEditor(page);
      await page.keyboard.press('Control+A');
      await page.keyboard.insertText(JSON.stringify({ ...settings, 'promptcost.workspaceDiagnostics': true }, null, 2));
      await saveActiveEditor(page);
      await page.keyboard.press('Control+W'); // settings.json's own diagnostics are not the subject
      await waitForProblemCount(page, before + unopened.length, 45_000).catch(async (error: Error) =>
        assert.fail(`${error.message}; expected ${before} + ${unopened.length} (${unopened.map((finding) => `${finding.file}:${finding.line} ${finding.rule}`).join(', ')})`),
      );
    }));
});

/** The Problems total once it has stopped changing (the same for 2 s): analyses of just-opened or edited files land first. */
async function settledProblemCount(page: Workbench['page']): Promise<number> {
  let last = (await getProblemCounts(page)).total;
  let since = Date.now();
  for (const deadline = Date.now() + 20_000; Date.now() < deadline; ) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const total = (await getProblemCounts(page)).total;
    if (total !== last) {
      last = total;
      since = Date.now();
    } else if (Date.now() - since >= 2_000) {
      return total;
    }
  }
  return last;
}
