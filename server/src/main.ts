// One entry for both modes: `--lint` runs the CLI, `--stdio | --node-ipc | --socket=N` the language server.
// The work lives in engine.ts, bundled apart (dist/engine.cjs) and loaded only when needed, so `--version`
// answers without compiling the parser, the tokenizer or the price table.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { requireWithCodeCache } from "./code-cache.ts";
import { TOOL_VERSION } from "./version.ts";
import { startTextPrefetch } from "./text-prefetch-start.ts";
import { tuneTiering } from "./v8-tiering.ts";

type Engine = typeof import("./engine.ts");

/** Writes V8's code for the next start, for the modes that analyse (not for --help or --explain). */
let keepCompiledCode = (): void => {};

/** The engine beside this bundle, through V8's code cache (code-cache.ts); run from source, as imported. */
function loadEngine(): Promise<Engine> {
  tuneTiering();
  const engineFile = path.join(path.dirname(fileURLToPath(import.meta.url)), "engine.cjs");
  const cached = existsSync(engineFile) ? requireWithCodeCache<Engine>(engineFile, TOOL_VERSION) : undefined;
  if (!cached) return import("./engine.ts");
  keepCompiledCode = () => cached.keepAtExit();
  return Promise.resolve(cached.exports);
}

const LSP_FLAGS = ["--stdio", "--node-ipc"];

async function main(argv: string[]): Promise<number> {
  if (argv.some((arg) => LSP_FLAGS.includes(arg) || arg.startsWith("--socket") || arg.startsWith("--clientProcessId"))) {
    // The workspace's files are read on a second thread while the engine loads (lsp/text-prefetch.ts).
    const prefetch = startTextPrefetch(process.env);
    const { startLanguageServer } = await loadEngine();
    keepCompiledCode();
    startLanguageServer(prefetch);
    return -1;
  }
  if (argv.includes("--version") || argv.includes("-v")) {
    process.stdout.write(TOOL_VERSION + "\n");
    return 0;
  }
  ignoreClosedPipes();
  if (argv.length === 0) {
    process.stdout.write((await loadEngine()).HELP_TEXT);
    return 0;
  }
  const { parseLintArgs, HELP_TEXT, UsageError, runLint, runInit, explainRule, printConfig } = await loadEngine();
  try {
    // As ESLint: `promptcost src` lints; --lint is the explicit form (and what CONTRACT.md documents).
    const command = parseLintArgs(argv);
    const io = { cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr, env: process.env, readStdin: () => readFileSync(0, "utf8") };
    switch (command.kind) {
      case "help":
        process.stdout.write(HELP_TEXT);
        return 0;
      case "version":
        process.stdout.write(TOOL_VERSION + "\n");
        return 0;
      case "init":
        return runInit(io);
      case "explain":
        return explainRule(command.rule, io);
      case "print-config":
        return printConfig(command.file, command.options, io);
      case "lint":
        keepCompiledCode();
        return runLint(command.options, io);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`promptcost: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`promptcost: internal error: ${(error as Error).message}\n`);
    return 2;
  }
}

/**
 * `promptcost --lint . | head -1`: the reader has what it wanted and closed the pipe. The rest of the output is
 * dropped without a stack trace, and the exit code stays the one the lint result gives, as ESLint's does.
 */
function ignoreClosedPipes(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE") throw error;
    });
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`promptcost: internal error: ${(error as Error).message}\n`);
    process.exitCode = 2;
  },
);
