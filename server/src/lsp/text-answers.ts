// What an open document's text answered to the tests made of it as text, not as a tree, while its wrapper
// entry (and its import cycle's) was made: the facts read of it (text-facts.ts: its import specifiers,
// whether it names an endpoint...) and the searches of every project file's text (project-lookups.ts: the
// callers of a function, by name). A keystroke inside a string or a comment can change these answers (a
// URL now naming an endpoint, a name a search looks for) while no node an entry read changes: the entry is
// kept from one version to the next only when the new text answers each of them the same.
import { LookupMatcher, type TextFacts } from "../core/providers/project-lookup-matches.ts";
import { factsRead, type FactRead } from "../core/providers/text-facts.ts";
import { lookupKey, type ProjectLookup } from "../core/workspace/project-lookups.ts";
import type { Workspace } from "../core/workspace/workspace.ts";

export interface TextAnswers {
  facts: FactRead[];
  lookups: { lookup: ProjectLookup; found: boolean }[];
}

/**
 * The text's answers now: the facts read of it so far, whether each search noted finds it, and the answers
 * of earlier versions the entry was kept over (answered for this text by answersOf).
 */
export function textAnswers(workspace: Workspace, filePath: string, text: string, lookups: Iterable<ProjectLookup>, kept: TextAnswers | undefined): TextAnswers {
  const facts = new Map((kept?.facts ?? []).map((fact) => [fact.fact, fact]));
  for (const fact of factsRead(workspace, filePath, text)) facts.set(fact.fact, fact);
  const byKey = new Map((kept?.lookups ?? []).map((answer) => [lookupKey(answer.lookup), answer]));
  const matcher = new LookupMatcher();
  const read: TextFacts = {};
  for (const lookup of lookups) {
    const key = lookupKey(lookup);
    if (!byKey.has(key)) byKey.set(key, { lookup, found: matcher.matches(lookup, text, read) });
  }
  return { facts: [...facts.values()], lookups: [...byKey.values()] };
}

/** The same tests answered for another text, or undefined when one answer differs. */
export function answersOf(previous: TextAnswers, text: string): TextAnswers | undefined {
  const facts: FactRead[] = [];
  for (const fact of previous.facts) {
    const value = fact.read(text);
    if (comparable(value) !== comparable(fact.value)) return undefined;
    facts.push({ ...fact, value });
  }
  const matcher = new LookupMatcher();
  const read: TextFacts = {};
  if (previous.lookups.some((answer) => matcher.matches(answer.lookup, text, read) !== answer.found)) return undefined;
  return { facts, lookups: previous.lookups };
}

/** A fact's value as text, sets and maps included (in their order, which the text decides). */
function comparable(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => (inner instanceof Set ? { set: [...inner] } : inner instanceof Map ? { map: [...inner] } : inner));
}
