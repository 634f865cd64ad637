// A project interface written as an SDK's own surface: gemini-cli's `ContentGenerator` declares
// `generateContent(request: GenerateContentParameters, ...)`, `countTokens(request: CountTokensParameters)`
// and `embedContent(...)` with @google/genai's parameter types, and the application hands it
// `googleGenAI.models` itself (wrapped in decorators that log or record). A value typed with such an
// interface may be that SDK object: a call of one of those methods sends the SDK's request with the
// argument as its parameters. Which SDK object it stands for is read from the parameter types alone, so
// an interface naming one of them for another purpose (a method `render(params: GenerateContentParameters)`)
// is not taken: the method must carry the SDK method's name too.
import { ts } from "../ts.ts";
import type { ParsedFile } from "../workspace/workspace.ts";
import { packageRoot } from "./modules.ts";
import { findDeclaration } from "./scope.ts";
import type { EvalScope, ExternalValue } from "./values.ts";

interface SdkSurface {
  /** The package root the parameter types are imported from. */
  module: string;
  /** The client class and the member path of the object whose methods these are. */
  client: string;
  member: readonly string[];
  /** Parameter type name -> the methods of that object taking it. */
  parameters: Readonly<Record<string, readonly string[]>>;
}

const CHAT_CREATE = ["create", "parse", "stream"];
const SDK_SURFACES: readonly SdkSurface[] = [
  {
    module: "@google/genai",
    client: "GoogleGenAI",
    member: ["models"],
    parameters: {
      GenerateContentParameters: ["generateContent", "generateContentStream"],
      CountTokensParameters: ["countTokens"],
      ComputeTokensParameters: ["computeTokens"],
      EmbedContentParameters: ["embedContent"],
    },
  },
  {
    module: "openai",
    client: "OpenAI",
    member: ["chat", "completions"],
    parameters: { ChatCompletionCreateParams: CHAT_CREATE, ChatCompletionCreateParamsNonStreaming: CHAT_CREATE, ChatCompletionCreateParamsStreaming: CHAT_CREATE },
  },
  {
    module: "@anthropic-ai/sdk",
    client: "Anthropic",
    member: ["messages"],
    parameters: { MessageCreateParams: CHAT_CREATE, MessageCreateParamsNonStreaming: CHAT_CREATE, MessageCreateParamsStreaming: CHAT_CREATE, MessageStreamParams: ["stream"] },
  },
];

/**
 * The SDK object a project interface declared in `file` as `name` is written as, when at least one of its
 * methods has an SDK method's name and takes that method's parameter type as its first parameter, and
 * every such method is of the same object: `new GoogleGenAI(...).models` for gemini-cli's ContentGenerator.
 */
export function sdkShapedValue(file: ParsedFile, name: string, scope: EvalScope): ExternalValue | undefined {
  const found = surfaceOfInterface(file.sourceFile, name);
  if (!found) return undefined;
  return {
    kind: "external",
    module: found.module,
    steps: [{ kind: "property", name: found.client }, { kind: "new", args: [], scope, declaredBy: name }, ...found.member.map((step) => ({ kind: "property" as const, name: step }))],
  };
}

/** Per parsed tree (never changed; an edit makes a new one): each interface name asked -> its SDK surface, or null. */
const surfacesByTree = new WeakMap<ts.SourceFile, Map<string, SdkSurface | null>>();

/** The SDK object an interface of the file is written as (asked at every read of a value typed with it). */
function surfaceOfInterface(sourceFile: ts.SourceFile, name: string): SdkSurface | undefined {
  let known = surfacesByTree.get(sourceFile);
  if (!known) surfacesByTree.set(sourceFile, (known = new Map()));
  let surface = known.get(name);
  if (surface === undefined) known.set(name, (surface = findSurface(sourceFile, name) ?? null));
  return surface ?? undefined;
}

function findSurface(sourceFile: ts.SourceFile, name: string): SdkSurface | undefined {
  const declaration = sourceFile.statements.find((statement): statement is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(statement) && statement.name.text === name);
  if (!declaration) return undefined;
  let found: SdkSurface | undefined;
  for (const member of declaration.members) {
    if (!ts.isMethodSignature(member) || !ts.isIdentifier(member.name)) continue;
    const surface = surfaceOf(member.name.text, member.parameters[0]?.type);
    if (!surface) continue;
    if (found && found !== surface) return undefined;
    found = surface;
  }
  return found;
}

/** The SDK object whose method `method` takes the type written, imported from that SDK by name (or read from its namespace). */
function surfaceOf(method: string, type: ts.TypeNode | undefined): SdkSurface | undefined {
  if (!type || !ts.isTypeReferenceNode(type)) return undefined;
  const typeName = type.typeName;
  const local = ts.isIdentifier(typeName) ? typeName : ts.isIdentifier(typeName.left) ? typeName.left : undefined;
  const imported = local && findDeclaration(local.text, type);
  if (imported?.kind !== "import" || !ts.isStringLiteral(imported.node.moduleSpecifier)) return undefined;
  // `import type { GenerateContentParameters }`, or a namespace or default import (`OpenAI.ChatCompletionCreateParams`).
  const exportedName = ts.isIdentifier(typeName) ? imported.importedName : typeName.right.text;
  if (exportedName === null) return undefined;
  const module = packageRoot(imported.node.moduleSpecifier.text);
  return SDK_SURFACES.find((surface) => surface.module === module && surface.parameters[exportedName]?.includes(method));
}
