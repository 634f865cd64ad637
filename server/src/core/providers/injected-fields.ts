// Objects a class is given when it is built: `constructor(embedder = null) { this.embedder = embedder ??
// new NativeEmbedder(); }` and a method delegating to it (`embedTextInput(text) { return
// this.embedder.embedTextInput(text); }`). Such a call is a request site of the method's summary whose
// request is whatever the `new` passed: read at a call site through an instance built with a requesting
// object (`getLLMProvider()` returning `new OpenAiLLM(getEmbeddingEngineSelection())`), it is that object's
// request; through one built with a local embedder, or read in the class alone (the default), none.
// The class cannot say which methods the object it is given has, so a call is taken only when its name
// is a method declared in a project file that may make a request itself.
import { innerExpression } from "../inner-expression.ts";
import { accessedName, enclosingClass, memberName } from "../resolve/members.ts";
import { findDeclaration } from "../resolve/scope.ts";
import { ts } from "../ts.ts";
import type { CallRecogniser } from "./recognise.ts";
import { mayRequest } from "./text-prefilter.ts";
import { textFact } from "./text-facts.ts";

/**
 * Whether a call in a method calls a method of a field the class's constructor sets from one of its
 * parameters (`this.embedder.embedTextInput(...)` with `this.embedder = embedder ?? new NativeEmbedder()`,
 * or a parameter property `constructor(private readonly embedder: Embedder)`).
 */
export function callsInjectedField(call: ts.CallExpression, fn: ts.Node): boolean {
  const callee = innerExpression(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return false;
  const field = innerExpression(callee.expression);
  if (!ts.isPropertyAccessExpression(field) || field.expression.kind !== ts.SyntaxKind.ThisKeyword) return false;
  const classNode = enclosingClass(field);
  if (!classNode || !isMemberOf(fn, classNode)) return false;
  const constructor = classNode.members.find((member): member is ts.ConstructorDeclaration => ts.isConstructorDeclaration(member) && member.body !== undefined);
  return constructor !== undefined && setFromParameter(constructor, accessedName(field.name));
}

/** A method, accessor or field function of the class (`embedTextInput(text) {`, `embed = async (text) =>`), not its constructor. */
function isMemberOf(fn: ts.Node, classNode: ts.ClassLikeDeclaration): boolean {
  if (ts.isMethodDeclaration(fn) || ts.isGetAccessorDeclaration(fn) || ts.isSetAccessorDeclaration(fn)) return fn.parent === classNode;
  return (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && ts.isPropertyDeclaration(fn.parent) && fn.parent.initializer === fn && fn.parent.parent === classNode;
}

/**
 * Whether a constructor sets the field `name` from one of its parameters, or declares it as a parameter
 * property, with no type saying what it holds: a typed one (`private readonly ide: IDE`) is what its type
 * says (a project interface stands for its implementations: implementations.ts).
 */
function setFromParameter(constructor: ts.ConstructorDeclaration, name: string): boolean {
  const property = constructor.parameters.find((parameter) => ts.isIdentifier(parameter.name) && parameter.name.text === name && (ts.getModifiers(parameter)?.length ?? 0) > 0);
  if (property) return property.type === undefined;
  const declared = constructor.parent.members.find((member): member is ts.PropertyDeclaration => ts.isPropertyDeclaration(member) && memberName(member.name) === name);
  if (declared?.type !== undefined) return false;
  return assignsField(constructor, name, readsParameter);
}

/** Whether the constructor's first `this.name = ...` (outside nested functions) assigns what `reads` accepts. */
export function assignsField(constructor: ts.ConstructorDeclaration, name: string, reads: (expression: ts.Expression, constructor: ts.ConstructorDeclaration) => boolean): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || (ts.isFunctionLike(node) && !ts.isArrowFunction(node))) return;
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(node.left) && node.left.expression.kind === ts.SyntaxKind.ThisKeyword && accessedName(node.left.name) === name) {
      found = reads(node.right, constructor);
      return;
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(constructor.body!, visit);
  return found;
}

/** `embedder`, `embedder ?? new NativeEmbedder()`, `embedder || fallback`, `!embedder ? new NativeEmbedder() : embedder`, with `embedder` a parameter of the constructor. */
function readsParameter(expression: ts.Expression, constructor: ts.ConstructorDeclaration): boolean {
  const inner = innerExpression(expression);
  if (ts.isIdentifier(inner)) {
    const declaration = findDeclaration(inner.text, inner);
    return declaration?.kind === "parameter" && declaration.path.length === 0 && declaration.node.parent === constructor && declaration.node.type === undefined;
  }
  if (ts.isBinaryExpression(inner) && (inner.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || inner.operatorToken.kind === ts.SyntaxKind.BarBarToken)) return readsParameter(inner.left, constructor) || readsParameter(inner.right, constructor);
  if (ts.isConditionalExpression(inner)) return readsParameter(inner.whenTrue, constructor) || readsParameter(inner.whenFalse, constructor);
  return false;
}

/**
 * The project files that may make a request themselves (text-prefilter.ts mayRequest) and declare a
 * method or function named `name`: where a call of an object a class was given may lead. Read from
 * texts, so no file's wrapper index entry waits on another's.
 */
export function requestingFilesDeclaring(recogniser: CallRecogniser, name: string): string[] {
  recogniser.evaluator.workspace.noteProjectLookup({ kind: "declares", name });
  recogniser.requestingMethods ??= requestingMethods(recogniser);
  return recogniser.requestingMethods.get(name) ?? [];
}

function requestingMethods(recogniser: CallRecogniser): Map<string, string[]> {
  const byName = new Map<string, string[]>();
  const workspace = recogniser.evaluator.workspace;
  for (const file of workspace.projectFiles) {
    const text = workspace.getText(file);
    if (text === undefined || !mayRequest(recogniser, file, text)) continue;
    for (const name of textFact(workspace, file, text, "declaredMethodNames", declaredMethodNames)) {
      const files = byName.get(name);
      if (files) files.push(file);
      else byName.set(name, [file]);
    }
  }
  return byName;
}

/**
 * A line starting a method, a function or a field holding an arrow: `async embedChunks(textChunks = []) {`,
 * `private async send<T>(`, `function ask(`, `generate = async (input) =>`. Read from the text alone: a
 * call written at the start of a line matches too, which only lets a call through to be looked at.
 */
const DECLARATION_LINE = /^[ \t]*(?:(?:export|default|public|private|protected|static|override|async|function|get)\s+)*\*?\s*#?([A-Za-z_$][\w$]*)\s*(?:<[^>\n]*>\s*)?(?:\(|[:=]\s*(?:async\s+)?(?:function\b|\([^)\n]*\)\s*=>|[\w$]+\s*=>))/gm;

const KEYWORDS = new Set(["if", "for", "while", "switch", "catch", "return", "function", "await", "typeof", "super", "new", "do", "else"]);

export function declaredMethodNames(text: string): string[] {
  const names = new Set<string>();
  const pattern = new RegExp(DECLARATION_LINE);
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) if (!KEYWORDS.has(match[1]!)) names.add(match[1]!);
  return [...names];
}
