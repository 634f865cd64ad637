// One entry for both modes: `--lint` runs the CLI, `--stdio | --node-ipc | --socket=N` the language server.
// Modules are loaded on demand so `--version` and `--help` answer without loading the parser or tokenizer.
import { TOOL_VERSION } from "./version.ts";

const LSP_FLAGS = ["--stdio", "--node-ipc"];

async function main(argv: string[]): Promise<number> {
  if (argv.some((arg) => LSP_FLAGS.includes(arg) || arg.startsWith("--socket") || arg.startsWith("--clientProcessId"))) {
    const { startLanguageServer } = await import("./lsp/server.ts");
    startLanguageServer();
    return -1;
  }
  if (argv.includes("--version") || argv.includes("-v")) {
    process.stdout.write(TOOL_VERSION + "\n");
    return 0;
  }
  const { parseLintArgs, HELP_TEXT } = await import("./cli/args.ts");
  const { UsageError } = await import("./cli/usage-error.ts");
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
    const { runLint } = await import("./cli/lint.ts");
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

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`promptcost: internal error: ${(error as Error).message}\n`);
    process.exitCode = 2;
  },
);
