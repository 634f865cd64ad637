/**
 * Proves the e2e harness (test/e2e/code-server.ts) on a throwaway extension:
 * builds it, packs it with vsce, installs it into code-server, opens a temp
 * folder in headless Chromium and checks Problems count, code lens, hover and
 * quick fix through the real workbench UI.
 *
 *   node --import tsx --test test/e2e/harness.smoke.test.ts
 *
 * Needs scripts/setup-code-server.sh to have run (ensureCodeServer() runs it if not).
 * Screenshot: test-results/e2e-smoke.png (and e2e-smoke-failure.png when a step fails).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  applyQuickFix,
  dismissHover,
  ensureCodeServer,
  getProblemCounts,
  hoverText,
  installExtension,
  openFile,
  openWorkbench,
  readEditorText,
  readProblemsPanel,
  runCommand,
  saveActiveEditor,
  screenshot,
  startCodeServer,
  waitFor,
  waitForCodeLens,
  waitForProblemCount,
  type RunningCodeServer,
  type Workbench,
} from './code-server.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const RESULTS = path.join(REPO_ROOT, 'test-results');

const EXTENSION_JS = String.raw`
const vscode = require('vscode');

function activate(context) {
  const selector = { language: 'typescript' };
  const diagnostics = vscode.languages.createDiagnosticCollection('smoke');
  context.subscriptions.push(diagnostics);

  const refresh = (doc) => {
    if (doc.languageId !== 'typescript') return;
    const d = new vscode.Diagnostic(doc.lineAt(0).range, 'smoke problem', vscode.DiagnosticSeverity.Warning);
    d.code = 'smoke-rule';
    d.source = 'smoke';
    diagnostics.set(doc.uri, [d]);
  };
  vscode.workspace.textDocuments.forEach(refresh);
  context.subscriptions.push(
    vscode.workspace.onDidOpenTextDocument(refresh),
    vscode.workspace.onDidChangeTextDocument((e) => refresh(e.document)),
    vscode.workspace.onDidCloseTextDocument((doc) => diagnostics.delete(doc.uri)),
    vscode.languages.registerCodeLensProvider(selector, {
      provideCodeLenses: () => [
        new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), { title: 'smoke lens', command: '' }),
      ],
    }),
    vscode.languages.registerHoverProvider(selector, {
      provideHover(doc, position) {
        const range = doc.getWordRangeAtPosition(position);
        if (!range || doc.getText(range) !== 'add') return undefined;
        return new vscode.Hover(new vscode.MarkdownString('smoke hover'), range);
      },
    }),
    vscode.languages.registerCodeActionsProvider(
      selector,
      {
        provideCodeActions(doc, _range, ctx) {
          return ctx.diagnostics
            .filter((d) => d.code === 'smoke-rule')
            .map((d) => {
              const action = new vscode.CodeAction('Insert smoke', vscode.CodeActionKind.QuickFix);
              action.diagnostics = [d];
              action.edit = new vscode.WorkspaceEdit();
              action.edit.insert(doc.uri, new vscode.Position(0, 0), '// smoke inserted\n');
              return action;
            });
        },
      },
      { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] },
    ),
  );
}

module.exports = { activate, deactivate() {} };
`;

const MANIFEST = {
  name: 'promptcost-e2e-smoke',
  displayName: 'promptcost e2e smoke',
  description: 'Throwaway extension that proves the e2e harness.',
  publisher: 'promptcost-test',
  version: '0.0.1',
  engines: { vscode: '^1.90.0' },
  categories: ['Other'],
  main: './extension.js',
  activationEvents: ['onLanguage:typescript'],
};

const SAMPLE_TS = `export const target = 'smoke';

export function add(a: number, b: number): number {
  return a + b;
}
`;

/** Builds and packs the throwaway extension; returns the .vsix path. */
async function buildSmokeVsix(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'package.json'), JSON.stringify(MANIFEST, null, 2));
  await writeFile(path.join(dir, 'extension.js'), EXTENSION_JS);
  await writeFile(path.join(dir, 'README.md'), '# promptcost e2e smoke\n\nThrowaway extension for the e2e harness.\n');
  const vsix = path.join(dir, 'smoke.vsix');
  const vsce = path.join(REPO_ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
  const result = spawnSync(
    process.execPath,
    [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', vsix],
    { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 },
  );
  assert.equal(result.status, 0, `vsce package failed:\n${result.stdout}\n${result.stderr}`);
  assert.ok(existsSync(vsix), 'vsce produced no .vsix');
  return vsix;
}

describe('e2e harness smoke (code-server + Chromium)', { timeout: 10 * 60_000 }, () => {
  let tmp: string;
  let folder: string;
  let server: RunningCodeServer | undefined;
  let wb: Workbench | undefined;
  const started = Date.now();

  before(async () => {
    await ensureCodeServer();
    tmp = await mkdtemp(path.join(os.tmpdir(), 'promptcost-e2e-smoke-'));
    const vsix = await buildSmokeVsix(path.join(tmp, 'ext'));
    const extensionsDir = path.join(tmp, 'extensions');
    const installed = await installExtension(vsix, extensionsDir);
    assert.match(path.basename(installed), /^promptcost-test\.promptcost-e2e-smoke-0\.0\.1$/);

    folder = path.join(tmp, 'workspace');
    await mkdir(path.join(folder, 'src'), { recursive: true });
    await writeFile(path.join(folder, 'src', 'sample.ts'), SAMPLE_TS);
    await writeFile(path.join(folder, 'notes.txt'), 'root notes\n');

    server = await startCodeServer({ folder, extensionsDir, userDataDir: path.join(tmp, 'user-data') });
    wb = await openWorkbench(server.url);
    await openFile(wb.page, 'src/sample.ts');
  });

  after(async () => {
    if (wb) {
      await screenshot(wb.page, path.join(RESULTS, 'e2e-smoke.png')).catch(() => undefined);
      await wb.close();
    }
    await server?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
    console.error(`[e2e] smoke suite took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  /** On failure: a screenshot and the server's log tail, then rethrow. */
  async function step(name: string, fn: (w: Workbench) => Promise<void>): Promise<void> {
    assert.ok(wb, 'workbench did not open');
    try {
      await fn(wb);
    } catch (error) {
      await screenshot(wb.page, path.join(RESULTS, `e2e-smoke-failure-${name}.png`)).catch(() => undefined);
      console.error(`[e2e] step ${name} failed; code-server log tail:\n${server?.logs().slice(-3000)}`);
      throw error;
    }
  }

  it('shows the extension diagnostic: Problems count is 1', () =>
    step('problems', async ({ page }) => {
      const counts = await waitForProblemCount(page, 1);
      assert.deepEqual(counts, { errors: 0, warnings: 1, infos: 0, total: 1 });
      const rows = await readProblemsPanel(page);
      const problems = rows.filter((row) => !row.isFile);
      assert.equal(problems.length, 1, JSON.stringify(rows));
      assert.match(problems[0]!.text, /smoke problem/);
      assert.match(problems[0]!.text, /smoke-rule/);
    }));

  it('renders the code lens', () =>
    step('codelens', async ({ page }) => {
      const lenses = await waitForCodeLens(page, 'smoke lens');
      assert.deepEqual(lenses, ['smoke lens']);
    }));

  it('shows the hover', () =>
    step('hover', async ({ page }) => {
      const text = await hoverText(page, 'add', { expect: 'smoke hover' });
      assert.match(text, /smoke hover/);
      await dismissHover(page);
    }));

  it('applies the quick fix, changing the file text', () =>
    step('quickfix', async ({ page }) => {
      const titles = await applyQuickFix(page, 'Insert smoke', { atText: 'target' });
      assert.ok(titles.some((t) => t.includes('Insert smoke')), JSON.stringify(titles));
      const shown = await waitFor('inserted text in the editor', async () => {
        const text = await readEditorText(page);
        return text.startsWith('// smoke inserted\n') ? text : undefined;
      });
      assert.equal(shown.trimEnd(), `// smoke inserted\n${SAMPLE_TS}`.trimEnd());
      await saveActiveEditor(page);
      const onDisk = await readFile(path.join(folder, 'src', 'sample.ts'), 'utf8');
      assert.equal(onDisk, `// smoke inserted\n${SAMPLE_TS}`);
      // the diagnostic follows the edit: still exactly one problem
      assert.equal((await getProblemCounts(page)).total, 1);
    }));

  it('switches files with Quick Open and runs palette commands', () =>
    step('commands', async ({ page }) => {
      await openFile(page, 'notes.txt');
      assert.equal(await readEditorText(page), 'root notes\n');
      const panel = page.locator('.markers-panel');
      await runCommand(page, 'View: Hide Panel');
      await panel.waitFor({ state: 'hidden', timeout: 10_000 });
      await runCommand(page, 'Problems: Focus on Problems View');
      await panel.waitFor({ state: 'visible', timeout: 10_000 });
      // back to the TypeScript file for the final screenshot: lens, inserted line, Problems
      await openFile(page, 'src/sample.ts');
      await waitForCodeLens(page, 'smoke lens');
    }));
});
