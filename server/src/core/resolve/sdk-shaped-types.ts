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
  const declaration = file.sourceFile.statements.find((statement): statement is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(statement) && statement.name.text === name);
  if (!declaration) return undefined;
  let found: SdkSurface | undefined;
  for (const member of declaration.members) {
    if (!ts.isMethodSignature(member) || !ts.isIdentifier(member.name)) continue;
    const surface = surfaceOf(file.sourceFile, member.name.text, member.parameters[0]?.type);
    if (!surface) continue;
    if (found && found !== surface) return undefined;
    found = surface;
  }
  if (!found) return undefined;
  return {
    kind: "external",
    module: found.module,
    steps: [{ kind: "property", name: found.client }, { kind: "new", args: [], scope, declaredBy: name }, ...found.member.map((step) => ({ kind: "property" as const, name: step }))],
  };
}

/** The SDK object whose method `method` takes the type written, imported from that SDK by name. */
function surfaceOf(sourceFile: ts.SourceFile, method: string, type: ts.TypeNode | undefined): SdkSurface | undefined {
  if (!type || !ts.isTypeReferenceNode(type)) return undefined;
  const typeName = ts.isIdentifier(type.typeName) ? type.typeName.text : type.typeName.right.text;
  const local = ts.isIdentifier(type.typeName) ? type.typeName.text : ts.isIdentifier(type.typeName.left) ? type.typeName.left.text : undefined;
  if (local === undefined) return undefined;
  const imported = importOf(sourceFile, local);
  if (!imported) return undefined;
  // `import type { GenerateContentParameters }`, or a namespace (`OpenAI.ChatCompletionCreateParams`).
  const exportedName = ts.isIdentifier(type.typeName) ? imported.name : typeName;
  return SDK_SURFACES.find((surface) => surface.module === packageRoot(imported.module) && surface.parameters[exportedName]?.includes(method));
}

/** The module and exported name (or the local name for a namespace or default import) a file imports a local name from. */
function importOf(sourceFile: ts.SourceFile, local: string): { module: string; name: string } | undefined {
  for (const statement of sourceFile.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier) || !statement.importClause) continue;
    const module = statement.moduleSpecifier.text;
    const clause = statement.importClause;
    if (clause.name?.text === local) return { module, name: local };
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings) && bindings.name.text === local) return { module, name: local };
    if (bindings && ts.isNamedImports(bindings)) {
      const element = bindings.elements.find((candidate) => candidate.name.text === local);
      if (element) return { module, name: (element.propertyName ?? element.name).text };
    }
  }
  return undefined;
}
