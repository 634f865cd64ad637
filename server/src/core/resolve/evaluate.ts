import { SDK_PACKAGES } from "../providers/sdk-packages.ts";
import { UNBOUNDED, type WorkBudget } from "../work-budget.ts";
import { ts } from "../ts.ts";
import type { SharedWork } from "../shared-work.ts";
import type { TextPart } from "../types.ts";
import type { ParsedFile, Workspace } from "../workspace/workspace.ts";
import { argumentValues, bindArguments, bindValues, callFunction, evaluateCall, evaluateNew } from "./calls.ts";
import { evaluateDeclaration, evaluateIdentifier, valueFromTypeNode } from "./declarations.ts";
import { isUnfollowed, typedMember } from "./declared-types.ts";
import { accessedName, evaluateThis, findPropertyNode, getProperty, objectProperty, superMember } from "./members.ts";
import { evaluateImportMeta, evaluateModule, exportedValue, isImportMeta, parseJson } from "./modules.ts";
import { evaluateArray, evaluateBinary, evaluateConditional, evaluatePrefixUnary, evaluateTypeOf, evaluateTemplate } from "./operators.ts";
import { runTimeValues } from "./run-time-values.ts";
import type { BindingPathStep, Declaration } from "./scope.ts";
import { alternativesOf, fullyStaticText, labelOf, staticText, toTextParts, unknown, type EvalScope, type FunctionValue, type ObjectValue, type Value } from "./values.ts";
import { anyMember } from "./members.ts";
import { choice } from "./choice.ts";
import { EvaluationMemo, InProgressNodes } from "./evaluation-memo.ts";

export { choice } from "./choice.ts";
export { propertyName } from "./members.ts";
export { labelOf } from "./values.ts";
export type { BindingPathStep, Declaration };

/** Expressions whose values are remembered: all but those whose value is made directly from the node. */
const REMEMBERED = new Set<ts.SyntaxKind>([
  ts.SyntaxKind.TemplateExpression,
  ts.SyntaxKind.TaggedTemplateExpression,
  ts.SyntaxKind.Identifier,
  ts.SyntaxKind.BinaryExpression,
  ts.SyntaxKind.ArrayLiteralExpression,
  ts.SyntaxKind.PropertyAccessExpression,
  ts.SyntaxKind.ElementAccessExpression,
  ts.SyntaxKind.CallExpression,
  ts.SyntaxKind.NewExpression,
  ts.SyntaxKind.ConditionalExpression,
  ts.SyntaxKind.PrefixUnaryExpression,
]);

/** How deep evaluation may nest (identifiers, calls, imports) before it gives up on a value. */
const MAX_DEPTH = 60;

/**
 * Static evaluation of expressions: what a prompt, a model id or a client is, without running the code.
 * Follows consts, imports from project files, functions that build prompts, and prompt files read from
 * disk. Anything it cannot know becomes an `unknown` value labelled with its source, never a guess.
 *
 * One evaluator is one analysis (a CLI run, or one server analysis): it holds that analysis's caches. The
 * work itself lives in free functions, one concern per file (operators, declarations, members, calls,
 * methods, modules, mutations), each taking the evaluator.
 */
export class Evaluator {
  private depth = 0;
  private workspaceChanges = 0;
  /** The work bound of the file being analysed: each evaluation is a step. */
  budget: WorkBudget = UNBOUNDED;
  /** Evaluations remembered for the rest of the analysis (see evaluation-memo.ts). */
  readonly evaluations = new EvaluationMemo(MAX_DEPTH);
  /** Nodes being evaluated further up the stack: a const, import or call cycle stops there. */
  readonly inProgress: Set<ts.Node> = new InProgressNodes(this.evaluations);
  /** Exported values by file, version and name (found on budgets of their own: see modules.ts exportedValue). */
  readonly exportCache = new Map<string, Value>();
  private readonly memos = new Map<symbol, unknown>();
  /**
   * The project classes implementing or extending a type declared in a project file (set by the call
   * recogniser, which knows which files can make requests); a binding typed with the type stands for them.
   */
  implementations?: (name: string, declaredIn: string) => { file: ParsedFile; node: ts.ClassLikeDeclaration }[];
  /** Where a CLI run with `--debug` measures the indexing a file's analysis does for the files after it. */
  sharedWork?: SharedWork;

  /**
   * @param symbolicPackages packages recognised by name (the SDKs): never read as project files, even when a
   * tsconfig `paths` entry maps the name to sources (the SDK's own repository).
   */
  constructor(
    readonly workspace: Workspace,
    readonly symbolicPackages: ReadonlySet<string> = SDK_PACKAGES,
  ) {}

  /** Whether no evaluation is under way: what is read now depends on no depth reached nor node in progress. */
  get atTopLevel(): boolean {
    return this.depth === 0 && this.inProgress.size === 0;
  }

  /** Per-analysis state of another concern (the call recogniser, request summaries), made on first use. */
  memo<T>(key: symbol, make: () => T): T {
    if (this.memos.has(key)) return this.memos.get(key) as T;
    const made = make();
    this.memos.set(key, made);
    return made;
  }

  evaluate(expression: ts.Expression, scope: EvalScope): Value {
    const memo = this.evaluations;
    if (this.depth >= MAX_DEPTH) {
      memo.depthLimitReached();
      return unknown(labelOf(expression));
    }
    if (!REMEMBERED.has(expression.kind)) {
      memo.sawDepth(this.depth);
      this.budget.step();
      this.depth++;
      try {
        return this.evaluateInner(expression, scope);
      } finally {
        this.depth--;
      }
    }
    this.forgetIfChanged();
    const scopeId = memo.ids.of(scope);
    const remembered = memo.find(expression, scopeId, this.depth, this.inProgress);
    if (remembered) {
      this.budget.reuse(remembered);
      memo.reused(remembered, this.depth);
      return remembered.value;
    }
    const budget = this.budget;
    memo.open(this.depth);
    budget.openWork();
    let value: Value;
    try {
      budget.step();
      this.depth++;
      try {
        value = this.evaluateInner(expression, scope);
      } finally {
        this.depth--;
      }
    } catch (error) {
      memo.abandon();
      budget.dropWork();
      throw error;
    }
    memo.close(expression, scopeId, value, budget.closeWork());
    return value;
  }

  /** Remembered and exported values were read from the files (and trees) as they were: after a change they start over. */
  forgetIfChanged(): void {
    if (this.workspace.changes === this.workspaceChanges) return;
    this.evaluations.clear();
    this.exportCache.clear();
    this.workspaceChanges = this.workspace.changes;
  }

  /** Text parts of an expression used as prompt text. */
  evaluateText(expression: ts.Expression, scope: EvalScope): TextPart[] {
    return toTextParts(this.evaluate(expression, scope));
  }

  /** Runs `compute` unless the same node is already being evaluated further up (a const or import cycle). */
  guarded(node: ts.Node, compute: () => Value, label: string): Value {
    if (this.inProgress.has(node)) return unknown(label);
    this.inProgress.add(node);
    try {
      return compute();
    } finally {
      this.inProgress.delete(node);
    }
  }

  // The entry points other concerns use; each is a free function of its own file.
  evaluateDeclaration(declaration: Declaration, name: string, scope: EvalScope, reference?: ts.Node): Value {
    return evaluateDeclaration(this, declaration, name, scope, reference);
  }
  valueFromTypeNode(type: ts.TypeNode | undefined, from: ts.Node, scope: EvalScope): Value | undefined {
    return valueFromTypeNode(this, type, from, scope);
  }
  getProperty(target: Value, name: string, node?: ts.Node): Value {
    return getProperty(this, target, name, node);
  }
  objectProperty(object: ObjectValue, name: string): Value | undefined {
    return objectProperty(this, object, name);
  }
  findPropertyNode(object: ObjectValue, name: string): ts.ObjectLiteralElementLike | undefined {
    return findPropertyNode(this, object, name);
  }
  callFunction(fn: FunctionValue, node: ts.CallExpression, callerScope: EvalScope): Value {
    return callFunction(this, fn, node, callerScope);
  }
  bindArguments(fn: FunctionValue, args: readonly ts.Expression[], callerScope: EvalScope): EvalScope {
    return bindArguments(this, fn, args, callerScope);
  }
  bindValues(fn: FunctionValue, values: readonly Value[]): EvalScope {
    return bindValues(this, fn, values);
  }
  argumentValues(args: readonly ts.Expression[], callerScope: EvalScope): Value[] {
    return argumentValues(this, args, callerScope);
  }
  evaluateModule(specifier: string, importedName: string | null, scope: EvalScope): Value {
    return evaluateModule(this, specifier, importedName, scope);
  }
  parseJson(text: string, origin?: string): Value | undefined {
    return parseJson(this, text, origin);
  }
  exportedValue(file: ParsedFile, name: string): Value {
    return exportedValue(this, file, name);
  }

  private evaluateInner(node: ts.Expression, scope: EvalScope): Value {
    switch (node.kind) {
      case ts.SyntaxKind.StringLiteral:
      case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
        return staticText((node as ts.StringLiteral).text);
      case ts.SyntaxKind.NumericLiteral:
        return { kind: "number", value: Number((node as ts.NumericLiteral).text) };
      case ts.SyntaxKind.TrueKeyword:
        return { kind: "boolean", value: true };
      case ts.SyntaxKind.FalseKeyword:
        return { kind: "boolean", value: false };
      case ts.SyntaxKind.NullKeyword:
        return { kind: "null" };
      case ts.SyntaxKind.TemplateExpression:
        return evaluateTemplate(this, node as ts.TemplateExpression, scope);
      case ts.SyntaxKind.TaggedTemplateExpression:
        // dedent`...`, outdent`...`: the template's text is what is sent, give or take indentation.
        return this.evaluate((node as ts.TaggedTemplateExpression).template, scope);
      case ts.SyntaxKind.Identifier:
        return evaluateIdentifier(this, node as ts.Identifier, scope);
      case ts.SyntaxKind.ParenthesizedExpression:
      case ts.SyntaxKind.AsExpression:
      case ts.SyntaxKind.SatisfiesExpression:
      case ts.SyntaxKind.NonNullExpression:
      case ts.SyntaxKind.TypeAssertionExpression:
      case ts.SyntaxKind.AwaitExpression:
        return this.evaluate((node as ts.ParenthesizedExpression).expression, scope);
      case ts.SyntaxKind.BinaryExpression:
        return evaluateBinary(this, node as ts.BinaryExpression, scope);
      case ts.SyntaxKind.ObjectLiteralExpression:
        return { kind: "object", node: node as ts.ObjectLiteralExpression, scope };
      case ts.SyntaxKind.ArrayLiteralExpression:
        return evaluateArray(this, node as ts.ArrayLiteralExpression, scope);
      case ts.SyntaxKind.PropertyAccessExpression: {
        const access = node as ts.PropertyAccessExpression;
        if (isImportMeta(access.expression)) return evaluateImportMeta(this, access.name.text, scope);
        if (access.expression.kind === ts.SyntaxKind.SuperKeyword) return superMember(this, node, scope, accessedName(access.name)) ?? unknown(labelOf(node));
        const object = this.evaluate(access.expression, scope);
        const read = getProperty(this, object, accessedName(access.name), node);
        const refined = runTimeValues(this).refine(access, (read.kind === "unknown" ? !read.maybeAbsent : isUnfollowed(this, read)) ? (typedMember(this, access, scope, object) ?? read) : read, scope.file.path);
        // A method of a client a factory returned on the env example's way: the same method of the clients it rules out goes along.
        return "exampleRuledOut" in object && object.exampleRuledOut && refined.kind === "function" ? { ...refined, exampleRuledOut: object.exampleRuledOut.map((way) => getProperty(this, way, accessedName(access.name), node)) } : refined;
      }
      case ts.SyntaxKind.ElementAccessExpression: {
        const access = node as ts.ElementAccessExpression;
        const keyValue = this.evaluate(access.argumentExpression, scope);
        const target = this.evaluate(access.expression, scope);
        const keys = alternativesOf(keyValue).map((alternative) => fullyStaticText(alternative));
        if (keys.every((key) => key !== undefined)) {
          return choice(keys.map((key) => getProperty(this, target, key!, node)), labelOf(node));
        }
        // `MODELS[tier]` with a run-time key: any of the table's values.
        return anyMember(this, target) ?? unknown(labelOf(node));
      }
      case ts.SyntaxKind.CallExpression:
        return evaluateCall(this, node as ts.CallExpression, scope);
      case ts.SyntaxKind.NewExpression:
        return evaluateNew(this, node as ts.NewExpression, scope);
      case ts.SyntaxKind.ArrowFunction:
      case ts.SyntaxKind.FunctionExpression:
        return { kind: "function", node: node as ts.FunctionLikeDeclaration, scope };
      case ts.SyntaxKind.ConditionalExpression:
        return evaluateConditional(this, node as ts.ConditionalExpression, scope);
      case ts.SyntaxKind.ThisKeyword:
        return evaluateThis(this, node, scope);
      case ts.SyntaxKind.PrefixUnaryExpression:
        return evaluatePrefixUnary(this, node as ts.PrefixUnaryExpression, scope);
      case ts.SyntaxKind.TypeOfExpression:
        return evaluateTypeOf(this, node as ts.TypeOfExpression, scope);
      default:
        return unknown(labelOf(node));
    }
  }
}
