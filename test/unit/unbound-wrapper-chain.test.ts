import assert from "node:assert/strict";
import * as path from "node:path";
import { describe, it } from "node:test";
import { recogniserFor } from "../../server/src/core/providers/recognise.ts";
import { Evaluator } from "../../server/src/core/resolve/evaluate.ts";
import { ts } from "../../server/src/core/ts.ts";
import { Workspace } from "../../server/src/core/workspace/workspace.ts";
import { memoryFileSystem, ROOT } from "../helpers/memory-workspace.ts";

// A provider class whose public method picks a private builder, which hands the command it built to one
// private method that sends it (cline's BedrockHandler: createMessage -> createNovaMessage ->
// executeConverseStream(command) -> client.send(command)).
const HANDLER = `import { BedrockRuntimeClient, ConverseStreamCommand } from "@aws-sdk/client-bedrock-runtime";
export class BedrockHandler {
  constructor(private options: { modelId?: string }) {}
  async *createMessage(system: string, text: string): AsyncGenerator<string> {
    const modelId = this.options.modelId ?? "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
    if (modelId.includes("amazon.nova")) {
      yield* this.createNovaMessage(system, text, modelId);
      return;
    }
    yield* this.createAnthropicMessage(system, text, modelId);
  }
  private async *createNovaMessage(system: string, text: string, modelId: string): AsyncGenerator<string> {
    const command = new ConverseStreamCommand({ modelId, system: [{ text: system }], messages: [{ role: "user", content: [{ text }] }], inferenceConfig: { maxTokens: 1000 } });
    yield* this.executeConverseStream(command);
  }
  private async *createAnthropicMessage(system: string, text: string, modelId: string): AsyncGenerator<string> {
    const command = new ConverseStreamCommand({ modelId, system: [{ text: system }], messages: [{ role: "user", content: [{ text }] }], inferenceConfig: { maxTokens: 2000 } });
    yield* this.executeConverseStream(command);
  }
  private async *executeConverseStream(command: ConverseStreamCommand): AsyncGenerator<string> {
    const client = new BedrockRuntimeClient({ region: "us-east-1" });
    const response = await client.send(command);
    for await (const chunk of response.stream ?? []) yield String(chunk);
  }
}
`;
const CALLER = `import { BedrockHandler } from "./handler";
export const explain = (diff: string) => new BedrockHandler({}).createMessage("Explain the diff.", diff);
`;

describe("a call read without its arguments (too costly to follow with them)", () => {
  it("still reaches the requests a wrapper makes with what it builds itself and hands to the next wrapper", () => {
    const workspace = new Workspace([ROOT], memoryFileSystem({ "package.json": `{"dependencies":{"@aws-sdk/client-bedrock-runtime":"3.0.0"}}`, "src/handler.ts": HANDLER, "src/caller.ts": CALLER }));
    const recogniser = recogniserFor(new Evaluator(workspace));
    const file = workspace.getParsedFile(path.join(ROOT, "src/caller.ts"))!;
    const statement = file.sourceFile.statements.find(ts.isVariableStatement)!;
    const call = (statement.declarationList.declarations[0]!.initializer as ts.ArrowFunction).body as ts.CallExpression;
    const read = (bound: boolean) =>
      recogniser.withArguments(bound, () => recogniser.recognise(call, file)).map((result) => `${result.via?.map((hop) => `${hop.function}:${hop.line}`).join(">")} ${result.recognised.outputCap ?? "no cap"}`);
    const bothWays = ["createMessage:7>createNovaMessage:14>executeConverseStream:22 1000", "createMessage:10>createAnthropicMessage:18>executeConverseStream:22 2000"];
    assert.deepEqual(read(true), bothWays);
    // Unbound, only the call site's own arguments are unknown; the command each builder makes is its own code.
    assert.deepEqual(read(false), bothWays);
  });
});
