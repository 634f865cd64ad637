// node:util parseArgs reports a bad command line in its own words ("Unknown option '--formt'. To specify
// a positional argument starting with a '-', place it at the end..."). These turn its errors into one
// plain sentence, with the nearest known flag when one is close.
import { editDistance } from "../core/edit-distance.ts";

/** The sentence for a parseArgs error, given the flags that exist (long names, without dashes). */
export function describeFlagError(error: Error & { code?: string }, known: readonly string[]): string {
  const flag = /'(?:-\w, )?(--?[^' ]+)/.exec(error.message)?.[1] ?? "";
  switch (error.code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
      return unknownOption(flag, known);
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
      return /does not take an argument/.test(error.message) ? `${flag} takes no value` : `${flag} needs a value`;
    case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
      return `unexpected argument ${flag}`;
    default:
      return error.message.split("\n")[0]!.replace(/\.$/, "");
  }
}

function unknownOption(flag: string, known: readonly string[]): string {
  const near = nearest(flag.replace(/^-+/, "").split("=")[0]!, known);
  return `unknown option ${flag}; ${near ? `did you mean --${near}?` : "promptcost --help lists the options"}`;
}

/** The known name within two edits of `name`, or beginning with it (three letters or more); the nearest wins. */
export function nearest(name: string, known: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = name.length >= 3 && candidate.startsWith(name) ? 0.5 : editDistance(name, candidate);
    if (distance <= 2 && distance < candidate.length / 2 && (!best || distance < best.distance)) best = { name: candidate, distance };
  }
  return best?.name;
}

/**
 * `--budget -5` is, to parseArgs, a flag followed by another flag ("argument is ambiguous"). A value that
 * looks like a negative number is joined to its flag (`--budget=-5`), so the number check can say what
 * is wrong with it.
 */
export function joinNegativeNumbers(argv: readonly string[], takesValue: (flag: string) => boolean): string[] {
  const joined: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    const next = argv[index + 1];
    if (arg.startsWith("--") && !arg.includes("=") && takesValue(arg.slice(2)) && next !== undefined && /^-\d/.test(next)) {
      joined.push(`${arg}=${next}`);
      index++;
    } else joined.push(arg);
  }
  return joined;
}
