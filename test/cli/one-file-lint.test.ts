import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { runCli, writeProject } from "./run-cli.ts";

const temporary = fs.mkdtempSync(path.join(os.tmpdir(), "promptcost-one-file-"));
after(() => fs.rmSync(temporary, { recursive: true, force: true }));

// The call in digest.ts goes through a project interface; the class implementing it is in another file.
const FILES = {
  ".git/HEAD": "ref: refs/heads/main\n",
  "package.json": `{"dependencies":{"openai":"4.0.0"}}`,
  "src/summariser.ts": `export interface Summariser {\n  summarise(text: string): Promise<string>;\n}\n`,
  "src/openai-summariser.ts": `import OpenAI from "openai";\nimport type { Summariser } from "./summariser";\nconst client = new OpenAI();\nexport class OpenAISummariser implements Summariser {\n  async summarise(text: string): Promise<string> {\n    const completion = await client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: text }] });\n    return completion.choices[0]?.message.content ?? "";\n  }\n}\n`,
  "src/digest.ts": `import type { Summariser } from "./summariser";\nexport async function digest(summariser: Summariser, tickets: string[]) {\n  return summariser.summarise(tickets.join("\\n"));\n}\n`,
};

function callsIn(result: { stdout: string }, file: string): string[] {
  return (JSON.parse(result.stdout) as { calls: { file: string; line: number; model: string | null }[] }).calls.filter((call) => call.file === file).map((call) => `${call.line} ${call.model}`);
}

describe("linting one file of a project", () => {
  it("reports what linting the whole project reports for that file (a call through an interface implemented elsewhere)", () => {
    const root = writeProject(path.join(temporary, "interface"), FILES);
    const whole = callsIn(runCli(["--lint", ".", "--format", "json"], { cwd: root }), "src/digest.ts");
    assert.deepEqual(whole, ["3 gpt-4o"]);
    assert.deepEqual(callsIn(runCli(["--lint", "src/digest.ts", "--format", "json"], { cwd: root }), "src/digest.ts"), whole);
    assert.deepEqual(callsIn(runCli(["--lint", "src/d*.ts", "--format", "json"], { cwd: root }), "src/digest.ts"), whole);
  });

  it("reports a call reached through a long chain of barrels whether the file is linted alone or with the barrels before it", () => {
    const files: Record<string, string> = {
      ".git/HEAD": "ref: refs/heads/main\n",
      "package.json": `{"dependencies":{"openai":"4.0.0"}}`,
      "src/llm.ts": `import OpenAI from "openai";\nconst client = new OpenAI();\nexport async function ask(question: string) {\n  return client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: question }] });\n}\n`,
      "src/z-app.ts": `import { ask } from "./barrels/b01";\nexport async function run(input: string) { return ask(input); }\n`,
    };
    for (let index = 1; index <= 12; index++) files[`src/barrels/b${String(index).padStart(2, "0")}.ts`] = `export * from "${index === 12 ? "../llm" : `./b${String(index + 1).padStart(2, "0")}`}";\n`;
    const root = writeProject(path.join(temporary, "barrels"), files);
    const whole = callsIn(runCli(["--lint", ".", "--format", "json"], { cwd: root }), "src/z-app.ts");
    assert.deepEqual(whole, ["2 gpt-4o"]);
    assert.deepEqual(callsIn(runCli(["--lint", "src/z-app.ts", "--format", "json"], { cwd: root }), "src/z-app.ts"), whole);
  });
});
