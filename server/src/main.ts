// One entry for both modes: `--lint` runs the CLI, `--stdio | --node-ipc | --socket=N` the language server.
// The work lives in engine.ts, bundled apart (dist/engine.cjs) and loaded only when needed, so `--version`
// answers without compiling the parser, the tokenizer or the price table.
import { TOOL_VERSION } from "./version.ts";

type Engine = typeof import("./engine.ts");

function loadEngine(): Promise<Engine> {
  return import("./engine.ts");
}

const LSP_FLAGS = ["--stdio", "--node-ipc"];

async function main(argv: string[]): Promise<number> {
  if (argv.some((arg) => LSP_FLAGS.includes(arg) || arg.startsWith("--socket") || arg.startsWith("--clientProcessId"))) {
    const { startLanguageServer } = await loadEngine();
    startLanguageServer();
    return -1;
  }
  if (argv.includes("--version") || argv.includes("-v")) {
    process.stdout.write(TOOL_VERSION + "\n");
    return 0;
  }
  ignoreClosedPipes();
  const { parseLintArgs, HELP_TEXT, UsageError, runLint } = await loadEngine();
  try {
    if (!argv.includes("--lint")) {
      process.stdout.write(HELP_TEXT);
      return argv.length === 0 || argv.includes("--help") || argv.includes("-h") ? 0 : 2;
    }
    const command = parseLintArgs(argv);
    if (command.kind === "help") {
      process.stdout.write(HELP_TEXT);
      return 0;
    }
    if (command.kind === "version") {
      process.stdout.write(TOOL_VERSION + "\n");
      return 0;
    }
    return runLint(command.options, { cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr, env: process.env });
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
