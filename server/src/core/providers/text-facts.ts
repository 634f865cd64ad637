// What a file's text says to the prefilter's regular expressions (its import specifiers and bindings,
// whether it calls a method named like a request), kept by the workspace while the file's text is the
// same. Each analysis asks them of every file its imports reach (~200 files for a heavy file of a real
// application), and the server analyses an open document at every keystroke: only the edited text is read
// again. Each fact is a function of the text alone, so a kept answer is the one reading it again gives.
import type { Workspace } from "../workspace/workspace.ts";

/** Shared by every analysis on the workspace, even work kept apart from others (see RecordingWorkspace.memo). */
export const TEXT_FACTS = Symbol("text facts");

interface FactsOfText {
  text: string;
  facts: Map<string, { value: unknown; read: (text: string) => unknown }>;
}

/** One fact read of a text: its name, its value for that text, and how to read it of another. */
export interface FactRead {
  fact: string;
  value: unknown;
  read: (text: string) => unknown;
}

/** `read(text)`, from the workspace's memo when the file's text is the one it was read from. Callers never change what it returns. */
export function textFact<T>(workspace: Workspace, filePath: string, text: string, fact: string, read: (text: string) => T): T {
  const byFile = workspace.memo(TEXT_FACTS, () => new Map<string, FactsOfText>());
  let known = byFile.get(filePath);
  if (!known || known.text !== text) byFile.set(filePath, (known = { text, facts: new Map() }));
  const kept = known.facts.get(fact);
  if (kept) return kept.value as T;
  const value = read(text);
  known.facts.set(fact, { value, read });
  return value;
}

/** The facts read of the file's text so far, while the workspace keeps them for this text (none otherwise). */
export function factsRead(workspace: Workspace, filePath: string, text: string): FactRead[] {
  const known = workspace.memo(TEXT_FACTS, () => new Map<string, FactsOfText>()).get(filePath);
  return known?.text === text ? [...known.facts].map(([fact, { value, read }]) => ({ fact, value, read })) : [];
}
