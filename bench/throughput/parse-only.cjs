// The baseline of the --lint throughput benchmark: read every file of a list and parse it with the
// TypeScript compiler promptcost uses (ts-morph's), on one thread. Plain CommonJS so it starts as fast as
// node can: the comparison is process start to exit, as for `promptcost --lint`.
//
//   node bench/throughput/parse-only.cjs <file-list.json>
const fs = require("node:fs");
const path = require("node:path");
const ts = require("@ts-morph/common/dist/typescript.js");

const KINDS = { ".ts": ts.ScriptKind.TS, ".mts": ts.ScriptKind.TS, ".cts": ts.ScriptKind.TS, ".tsx": ts.ScriptKind.TSX, ".jsx": ts.ScriptKind.JSX };
const files = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
let nodes = 0;
for (const file of files) {
  const text = fs.readFileSync(file, "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, KINDS[path.extname(file)] ?? ts.ScriptKind.JS);
  nodes += source.statements.length;
}
process.stdout.write(JSON.stringify({ files: files.length, statements: nodes }) + "\n");
