// The TypeScript compiler API as bundled by ts-morph. The analysis walks raw compiler nodes: ts-morph's
// wrapper objects cost an allocation per visited node, which the hot path (every keystroke) cannot afford.
export { ts } from "ts-morph";
