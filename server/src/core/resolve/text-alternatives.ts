// Text built from pieces that each may be one of a few texts (`base + "/" + (dalle ? IMAGE : CHAT)`,
// `${host}/${path}`, `[base, path].join("/")`) may be each of their combinations. The value built from
// the pieces' standing alternatives stays what it was (the costliest: see choice), and the combinations
// are kept beside it, so what reads alternatives (a URL's endpoint, a model id's candidates, a comparison)
// sees each of them, not only the one that stands.
import type { Value } from "./values.ts";

/** At most this many combinations are kept; past it only the standing value is built, as before. */
const MAX_COMBINATIONS = 8;

/**
 * `build` applied to the pieces as they stand, with `alternatives` holding `build` of each combination of
 * their text alternatives when some piece has several (a text result only, deduplicated, at most
 * MAX_COMBINATIONS); `build` of the pieces alone otherwise.
 */
export function withTextCombinations(pieces: readonly Value[], build: (pieces: readonly Value[]) => Value): Value {
  const standing = build(pieces);
  if (standing.kind !== "text") return standing;
  const choices = pieces.map((piece) => (piece.kind === "text" && piece.alternatives && piece.alternatives.length > 1 ? piece.alternatives : undefined));
  if (choices.every((options) => options === undefined)) return standing;
  const count = choices.reduce((product, options) => product * (options?.length ?? 1), 1);
  if (count > MAX_COMBINATIONS) return standing;
  const combinations: Value[] = [];
  const seen = new Set<string>();
  const visit = (index: number, chosen: Value[]): void => {
    if (index === pieces.length) {
      const built = build(chosen);
      if (built.kind !== "text") return;
      const key = JSON.stringify(built.parts);
      if (seen.has(key)) return;
      seen.add(key);
      combinations.push({ ...built, alternatives: undefined });
      return;
    }
    for (const option of choices[index] ?? [pieces[index]!]) visit(index + 1, [...chosen, option]);
  };
  visit(0, []);
  return combinations.length > 1 ? { ...standing, alternatives: combinations } : standing;
}
