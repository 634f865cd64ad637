// Everything the program does beyond printing its version: the language server and the CLI. Bundled on
// its own (dist/engine.cjs) and loaded by the small entry (dist/server.cjs) only when needed, so
// `promptcost --version` does not compile the TypeScript compiler, the tokenizer and the price table.
export { startLanguageServer } from "./lsp/server.ts";
export { runLint } from "./cli/lint.ts";
export { parseLintArgs, HELP_TEXT } from "./cli/args.ts";
export { UsageError } from "./cli/usage-error.ts";
export { runInit } from "./cli/init.ts";
export { explainRule } from "./cli/explain.ts";
export { printConfig } from "./cli/print-config.ts";
