// Whether a text is one a project search finds (project-lookups.ts), by the same reading the search uses: the
// files each noted search finds now, for `--cache` to compare with what they were.
import type { ProjectLookup } from "../workspace/project-lookups.ts";
import { classesWithBases } from "./heritage-index.ts";
import { declaredMethodNames } from "./injected-fields.ts";

/** Answers every noted search for one text, reading each fact of the text once. */
export class LookupMatcher {
  private readonly patterns = new Map<string, RegExp>();

  matches(lookup: ProjectLookup, text: string, facts: TextFacts): boolean {
    switch (lookup.kind) {
      case "pattern":
        // The literal first: a plain search, where the pattern's lookbehinds would walk the whole text.
        return (lookup.literal === undefined || text.includes(lookup.literal)) && this.pattern(lookup.source, lookup.flags).test(text);
      case "declares":
        return (facts.declared ??= new Set(declaredMethodNames(text))).has(lookup.name);
      case "heritage":
        return (facts.heritage ??= classesWithBases(text).length > 0);
    }
  }

  private pattern(source: string, flags: string): RegExp {
    const key = `${flags}/${source}`;
    let pattern = this.patterns.get(key);
    if (!pattern) this.patterns.set(key, (pattern = new RegExp(source, flags)));
    return pattern;
  }
}

/** What a matcher read of one text, kept while it answers each search for it. */
export interface TextFacts {
  declared?: Set<string>;
  heritage?: boolean;
}
