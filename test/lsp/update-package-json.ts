// Rewrites the generated keys of package.json (contributes, and the extension's own manifest keys) in place,
// reading the file fresh and leaving every other key, and the key order, as it is.
//   node --import tsx test/lsp/update-package-json.ts
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "./lsp-client.ts";
import { EXTENSION_MANIFEST_KEYS, expectedContributes } from "./package-contributes.ts";

const file = path.join(REPO_ROOT, "package.json");
const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
Object.assign(manifest, EXTENSION_MANIFEST_KEYS, { contributes: expectedContributes() });
fs.writeFileSync(file, JSON.stringify(manifest, null, 2) + "\n");
console.log(`updated ${path.relative(process.cwd(), file)}`);
