// The CLI walks the linted directory, then the workspace root holding it (collect-files.ts WalkedDirectories):
// the second walk takes the first one's files for the directory they share, and finds what a walk of its own finds.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { collectFiles, WalkedDirectories, type FileFilter } from "../../server/src/core/workspace/collect-files.ts";

const temporary = fs.mkdtempSync(path.join(os.tmpdir(), "promptcost-collect-"));
after(() => fs.rmSync(temporary, { recursive: true, force: true }));

function tree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(temporary, "tree-"));
  fs.mkdirSync(path.join(root, ".git"));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  return root;
}

describe("collectFiles with the walks of a run", () => {
  const files = {
    ".gitignore": "generated.ts\n",
    "index.ts": "",
    "apps/web/page.tsx": "",
    "apps/web/generated.ts": "",
    "apps/web/lib/.gitignore": "*.local.ts\n",
    "apps/web/lib/ai.ts": "",
    "apps/web/lib/keys.local.ts": "",
    "packages/core/index.ts": "",
  };

  it("finds under the root what a walk of its own finds, after a walk of a directory inside it", () => {
    const root = tree(files);
    const filter: FileFilter = { baseDirectory: root, gitignore: true };
    const walked = new WalkedDirectories();
    const web = collectFiles([path.join(root, "apps/web")], filter, walked);
    assert.deepEqual(web.map((file) => path.relative(root, file)), ["apps/web/lib/ai.ts", "apps/web/page.tsx"]);
    assert.deepEqual(collectFiles([root], filter, walked), collectFiles([root], filter));
  });

  it("takes the first walk's files for the directory both reach, without listing it again", () => {
    const root = tree(files);
    const filter: FileFilter = { baseDirectory: root, gitignore: true };
    const walked = new WalkedDirectories();
    collectFiles([path.join(root, "apps/web")], filter, walked);
    // Added after the first walk: a walk that listed apps/web again would find it.
    fs.writeFileSync(path.join(root, "apps/web/later.ts"), "");
    const project = collectFiles([root], filter, walked).map((file) => path.relative(root, file));
    assert.deepEqual(project, ["apps/web/lib/ai.ts", "apps/web/page.tsx", "index.ts", "packages/core/index.ts"]);
  });
});

describe("collectFiles and minified bundles", () => {
  it("skips `*.min.js` and `*-min.js` bundles in a walked directory, and keeps names that merely end in `min`", () => {
    const root = tree({ "src/admin.js": "", "src/chat.ts": "", "public/embed/widget.min.js": "", "public/vendor/jquery-min.js": "", "public/lib.min.mjs": "", "public/Lib.MIN.CJS": "", "src/admin.min.ts": "" });
    const found = collectFiles([root], { baseDirectory: root, gitignore: true }).map((file) => path.relative(root, file));
    assert.deepEqual(found, ["src/admin.js", "src/admin.min.ts", "src/chat.ts"]);
  });

  it("takes a minified bundle named on the command line", () => {
    const root = tree({ "public/widget.min.js": "" });
    const named = path.join(root, "public/widget.min.js");
    assert.deepEqual(collectFiles([named], { baseDirectory: root, gitignore: true }), [named]);
  });
});
