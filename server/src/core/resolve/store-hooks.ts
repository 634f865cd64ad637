// Zustand stores: `create(initializer)` makes a hook, and the state a component reads with `useStore()` or
// `useStore.getState()` is what the initializer returns, its actions among it. An app's chat actions live
// there (`chatStore.onUserInput(text)` sends the request), so a call through the hook is a call of the
// action the initializer wrote.
import type { ts } from "../ts.ts";
import type { Evaluator } from "./evaluate.ts";
import { bindValues, evaluateReturn } from "./calls.ts";
import { unknown, type AccessStep, type ExternalValue, type Value } from "./values.ts";

const STORE_MODULES = new Set(["zustand", "zustand/vanilla", "zustand/traditional"]);
const STORE_MAKERS = new Set(["create", "createStore", "createWithEqualityFn"]);
const MIDDLEWARE_MODULES = new Set(["zustand/middleware", "zustand/middleware/immer"]);
/** Middlewares whose first argument is the initializer they wrap. */
const WRAPPING_MIDDLEWARES = new Set(["persist", "devtools", "immer", "subscribeWithSelector"]);

type CallStep = Extract<AccessStep, { kind: "call" }>;

/**
 * The value of calling `target` at `node` when `target` is a zustand store hook (`useStore()`) or its
 * `getState` (`useStore.getState()`): the store's state. Undefined for anything else, and when the
 * initializer cannot be followed.
 */
export function evaluateStoreRead(evaluator: Evaluator, target: ExternalValue, node: ts.CallExpression): Value | undefined {
  if (!STORE_MODULES.has(target.module)) return undefined;
  let steps = target.steps;
  if (steps[0]?.kind === "property" && steps[0].name === "default") steps = steps.slice(1);
  const maker = steps[0];
  if (maker?.kind !== "property" || !STORE_MAKERS.has(maker.name)) return undefined;
  let rest = steps.slice(1);
  let made = rest[0];
  if (made?.kind !== "call") return undefined;
  // `create<State>()(initializer)`: the typed form calls the maker with nothing first.
  if (made.args.length === 0 && rest[1]?.kind === "call") {
    rest = rest.slice(1);
    made = rest[0] as CallStep;
  }
  rest = rest.slice(1);
  const readsState = rest.length === 0 || (rest.length === 1 && rest[0]!.kind === "property" && rest[0]!.name === "getState");
  if (!readsState || !made.args[0]) return undefined;
  // `useStore((state) => state.send)`: a selector's pick is not followed.
  if (rest.length === 0 && node.arguments.length > 0) return undefined;
  return stateOf(evaluator, evaluator.evaluate(made.args[0], made.scope));
}

/**
 * What an initializer returns: `(set, get) => ({ ...actions })`, through the middlewares wrapping it
 * (`persist(init, options)`, `devtools(init)`, `combine(initialState, init)`: combine's initial state is
 * plain data, its actions are the initializer's).
 */
function stateOf(evaluator: Evaluator, initializer: Value): Value | undefined {
  if (initializer.kind === "function") {
    const made = bindValues(evaluator, initializer, [unknown("set"), unknown("get"), unknown("store")]);
    return evaluator.guarded(initializer.node, () => evaluateReturn(evaluator, initializer.node, made), "store state");
  }
  if (initializer.kind !== "external" || !MIDDLEWARE_MODULES.has(initializer.module)) return undefined;
  const [middleware, call, ...rest] = initializer.steps;
  if (middleware?.kind !== "property" || call?.kind !== "call" || rest.length > 0) return undefined;
  const wrapped = middleware.name === "combine" ? call.args[1] : WRAPPING_MIDDLEWARES.has(middleware.name) ? call.args[0] : undefined;
  return wrapped ? stateOf(evaluator, evaluator.evaluate(wrapped, call.scope)) : undefined;
}
