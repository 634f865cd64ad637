/**
 * A search of every project file's text: where the analysis looks past a file's imports (the callers of a
 * function, the `new`s of a class, the files declaring a method, the classes with a base). A result that used
 * one depends on each file the search would find now, not only on the files it imports; the workspace notes
 * every search made (Workspace.noteProjectLookup) so that `--cache` can check them (cli/result-cache.ts).
 */
export type ProjectLookup =
  /**
   * The files whose text matches a pattern (`\brunAssistant\s*\(`). `literal` is a text every match contains
   * (the name searched for): a file without it is passed over without running the pattern, whose lookbehinds
   * would walk all of its text.
   */
  | { kind: "pattern"; source: string; flags: string; literal?: string }
  /** The files whose text declares a method or function of this name (injected-fields.ts). */
  | { kind: "declares"; name: string }
  /** The files whose text declares a class that extends or implements a type (heritage-index.ts). */
  | { kind: "heritage" };

/** One text per search, the same for the same search however it was made. */
export function lookupKey(lookup: ProjectLookup): string {
  switch (lookup.kind) {
    case "pattern":
      return `pattern\0${lookup.source}\0${lookup.flags}`;
    case "declares":
      return `declares\0${lookup.name}`;
    case "heritage":
      return "heritage";
  }
}

/** A text search as a lookup: its flags without `g` and `y`, which only change where a search starts. */
export function patternLookup(pattern: RegExp, literal?: string): ProjectLookup {
  const flags = pattern.flags.replace(/[gy]/g, "");
  return literal === undefined ? { kind: "pattern", source: pattern.source, flags } : { kind: "pattern", source: pattern.source, flags, literal };
}

/** A search in words, for messages: what it looks for in the project's files. */
export function describeLookup(lookup: ProjectLookup): string {
  switch (lookup.kind) {
    case "pattern":
      if (lookup.literal !== undefined) return `the files calling, constructing or handing on \`${lookup.literal}\``;
      return `the files matching /${lookup.source.length > 60 ? `${lookup.source.slice(0, 60)}…` : lookup.source}/`;
    case "declares":
      return `the files declaring a method \`${lookup.name}\``;
    case "heritage":
      return "the classes that extend or implement a type";
  }
}
