// Whether project code may call a top-level function. A route handler (`export async function POST(request)`)
// is called by its framework: no project file calls it, imports it or hands it on. The request lines of the
// named closures it only calls are then those closures' call sites, not the handler's (local-closures.ts).
// Read from the project files' texts: its own file, and the files importing it, that may call, import,
// re-export or hand on the name count, so a doubt keeps the function called; tests do not count.
import { isTestFile } from "../call-sites.ts";
import { ts } from "../ts.ts";
import { patternLookup } from "../workspace/project-lookups.ts";
import type { CallRecogniser } from "./recognise.ts";
import { resolveProjectFile, specifiersOf } from "./text-prefilter.ts";

const CALLED = Symbol("top-level functions project code may call");

/**
 * False for a function declared at the top of its file (`function f(...)`, `const f = (...) => ...`)
 * whose name neither its own file nor a project file importing it writes as a call (`f(`, `f.call(`), an
 * import or export (`{ f }`, `f as g`) or a value handed on (`run(f)`, `handler: f`, `return f`); a
 * declaration of the name (`function POST(`, in every route file) is no use. False too for a function written
 * as an argument of a package's function (see handedToPackage). True when the project's files are not known.
 */
export function mayHaveProjectCaller(recogniser: CallRecogniser, fn: ts.Node, filePath: string): boolean {
  const memo = recogniser.evaluator.memo(CALLED, () => new Map<ts.Node, boolean>());
  const known = memo.get(fn);
  if (known !== undefined) return known;
  const name = topLevelName(fn);
  if (name === undefined) {
    const called = !handedToPackage(recogniser, fn, filePath);
    memo.set(fn, called);
    return called;
  }
  const workspace = recogniser.evaluator.workspace;
  const files = workspace.projectFiles;
  if (files.length === 0) return true;
  const pattern = usePattern(name);
  let rendering: RegExp | undefined;
  workspace.noteProjectLookup(patternLookup(pattern, name));
  const called = files.some((path) => {
    // A test calling it does not make it the application's (call-sites.ts): the framework still runs it.
    if (isTestFile(path)) return false;
    const read = workspace.getText(path);
    // The name itself first: a plain search, where the pattern's lookbehinds would walk the whole text.
    if (read === undefined || !read.includes(name)) return false;
    const text = read.includes("createElement") ? read.replace((rendering ??= renderingPattern(name)), "createElement(") : read;
    if (!pattern.test(text)) return false;
    return path === filePath || specifiersOf(recogniser, path, text).some((specifier) => resolveProjectFile(recogniser, path, specifier) === filePath);
  });
  memo.set(fn, called);
  return called;
}

/**
 * A function written as an argument of a package's function or `new`, alone or as a property of an object
 * literal argument, however nested: the AI SDK's `tool({ execute: async (input) => ... })` and `streamText({
 * tools: { research: { execute } } })`, `app.post("/run", async (req) => ...)`. The package calls it; no
 * project code can name it. (nickscamara/open-deep-research: a research tool's `execute` only calls its
 * `analyzeAndPlan` closure, whose call is the request line.)
 */
function handedToPackage(recogniser: CallRecogniser, fn: ts.Node, filePath: string): boolean {
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn) && !ts.isMethodDeclaration(fn)) return false;
  // A method written in an object literal (`execute(input) { ... }`) stands in it as its object does.
  let argument: ts.Node = ts.isMethodDeclaration(fn) ? fn.parent : fn;
  while (ts.isPropertyAssignment(argument.parent) && argument.parent.initializer === argument) argument = argument.parent.parent;
  const call = argument.parent;
  if (!(ts.isCallExpression(call) || ts.isNewExpression(call)) || !call.arguments?.some((given) => given === argument)) return false;
  const file = recogniser.evaluator.workspace.getParsedFile(filePath);
  return file !== undefined && recogniser.evaluator.evaluate(call.expression, { file }).kind === "external";
}

function topLevelName(fn: ts.Node): string | undefined {
  if (ts.isFunctionDeclaration(fn)) return fn.name && ts.isSourceFile(fn.parent) ? fn.name.text : undefined;
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return undefined;
  const declaration = fn.parent;
  if (!ts.isVariableDeclaration(declaration) || declaration.initializer !== fn || !ts.isIdentifier(declaration.name)) return undefined;
  const statement = declaration.parent.parent;
  return ts.isVariableStatement(statement) && ts.isSourceFile(statement.parent) ? declaration.name.text : undefined;
}

/**
 * The places a text hands the component `name` to React to render (`React.createElement(Toolbar, props)`, as
 * JSX's `<Toolbar />` does), taken out of the text before its uses are looked for: React calls it, not the
 * project. nhaouari/obsidian-textgenerator-plugin mounts its toolbar so; the toolbar's handlers were then
 * folded into it as if a project caller passed it arguments, and its request counted inside them rather than
 * at the buttons calling them.
 */
function renderingPattern(name: string): RegExp {
  return new RegExp(`\\bcreateElement\\s*\\(\\s*${name.replace(/\$/g, "\\$")}(?![\\w$])`, "g");
}

/** A use of the name other than a function declaration of it. */
function usePattern(name: string): RegExp {
  const n = `(?<![\\w$])${name.replace(/\$/g, "\\$")}(?![\\w$])`;
  const uses = [
    `(?<!\\bfunction\\s*\\*?\\s*)${n}\\s*(?:<[^<>\\n]*>\\s*)?\\(`,
    `${n}\\s*\\.\\s*(?:call|apply|bind)\\b`,
    `[(,{[]\\s*${n}\\s*[,)}\\]]`,
    `[=:?]\\s*${n}\\s*[,;)}\\]\\n]`,
    `${n}\\s+as\\b`,
    `\\bas\\s+${n}`,
    `\\b(?:default|return)\\s+${n}`,
  ];
  return new RegExp(uses.join("|"));
}
