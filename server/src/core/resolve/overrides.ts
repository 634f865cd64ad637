// Virtual methods. A method read on an instance whose concrete class is not known (a binding typed with a
// project interface or base class, `this` seen from inside a class) is any of the project's overrides of
// it in subclasses: `this.send(text)` in a base class's `chat` is each vendor subclass's `send`, one
// alternative per override (see eachAlternative), as a call through an interface is.
import { ts } from "../ts.ts";
import type { Evaluator } from "./evaluate.ts";
import { choice } from "./choice.ts";
import { isStatic, memberName } from "./members.ts";
import type { InstanceValue, Value } from "./values.ts";
import type { ParsedFile } from "../workspace/workspace.ts";

/** Subclasses followed from one class (all levels together), so a hierarchy of hundreds stays cheap. */
export const MAX_SUBCLASSES = 64;

const SUBCLASSES = Symbol("subclasses");

type ClassAt = { file: ParsedFile; node: ts.ClassLikeDeclaration };

/** The project classes extending a class, at any depth, breadth first (memoised per analysis). */
export function subclassesOf(evaluator: Evaluator, classNode: ts.ClassLikeDeclaration): ClassAt[] {
  const memo = evaluator.memo(SUBCLASSES, () => new Map<ts.Node, ClassAt[]>());
  const cached = memo.get(classNode);
  if (cached) return cached;
  const found: ClassAt[] = [];
  const seen = new Set<ts.Node>([classNode]);
  const queue: ts.ClassLikeDeclaration[] = [classNode];
  while (queue.length > 0 && found.length < MAX_SUBCLASSES) {
    const current = queue.shift()!;
    if (!current.name) continue;
    for (const subclass of evaluator.implementations?.(current.name.text, current.getSourceFile().fileName) ?? []) {
      if (seen.has(subclass.node) || found.length >= MAX_SUBCLASSES) continue;
      seen.add(subclass.node);
      found.push(subclass);
      queue.push(subclass.node);
    }
  }
  memo.set(classNode, found);
  return found;
}

/**
 * A method of an instance of unknown concrete class: its own declaration (when it has a body) and each
 * subclass's override, as alternatives. An instance made with `new` is its class exactly: `own` stands.
 */
export function withOverrides(evaluator: Evaluator, self: InstanceValue, name: string, own: Value | undefined): Value | undefined {
  if (self.construction || (own !== undefined && own.kind !== "function")) return own;
  const overrides: Value[] = [];
  for (const subclass of subclassesOf(evaluator, self.node)) {
    const method = subclass.node.members.find((member): member is ts.MethodDeclaration => ts.isMethodDeclaration(member) && member.body !== undefined && !isStatic(member) && memberName(member.name) === name);
    if (!method) continue;
    const instance: InstanceValue = { kind: "instance", node: subclass.node, scope: { file: subclass.file } };
    overrides.push({ kind: "function", node: method, scope: { file: subclass.file, thisValue: instance, parent: instance.scope } });
  }
  if (overrides.length === 0) return own;
  const concrete = own?.kind === "function" && own.node.body !== undefined ? [own, ...overrides] : overrides;
  return concrete.length === 1 ? concrete[0] : choice(concrete, name);
}
