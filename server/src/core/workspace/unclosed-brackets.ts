import { ts } from "../ts.ts";

/**
 * Past this many brackets left open at the end of a file, it is not parsed. The TypeScript parser's
 * speculative arrow-function parsing backtracks over open parentheses, and a parse in progress cannot be
 * interrupted. On repeats of a fuzzed fragment that leaves `ask(`, `{`, `create(` and `{` open
 * (test/unit/unclosed-brackets.test.ts), 48 open brackets took 0.13 s to parse, 56 took 0.28 s, 64 took
 * 1.1 s and 80 took 18 s. Real code leaves none open (0 in all 7,826 files of vercel/ai and date-fns), and
 * code in the middle of an edit a handful.
 */
export const MAX_UNCLOSED_BRACKETS = 48;

/**
 * How many brackets the text leaves open, when that is over MAX_UNCLOSED_BRACKETS; undefined otherwise.
 * A plain character count decides first (linear, no allocation); only a text over the limit by that count
 * is scanned with the TypeScript scanner, which skips strings, comments, template text and regular
 * expressions, so brackets inside them do not count.
 */
export function tooManyUnclosedBrackets(text: string): number | undefined {
  let balance = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 40 || code === 91 || code === 123) balance++;
    else if (code === 41 || code === 93 || code === 125) balance--;
  }
  if (balance <= MAX_UNCLOSED_BRACKETS) return undefined;
  const open = unclosedBrackets(text);
  return open > MAX_UNCLOSED_BRACKETS ? open : undefined;
}

const OPENERS = new Set([ts.SyntaxKind.OpenParenToken, ts.SyntaxKind.OpenBracketToken, ts.SyntaxKind.OpenBraceToken]);
const CLOSERS = new Set([ts.SyntaxKind.CloseParenToken, ts.SyntaxKind.CloseBracketToken, ts.SyntaxKind.CloseBraceToken]);
/** After these a `/` divides; anywhere else it starts a regular expression. */
const ENDS_EXPRESSION = new Set([
  ts.SyntaxKind.Identifier,
  ts.SyntaxKind.NumericLiteral,
  ts.SyntaxKind.BigIntLiteral,
  ts.SyntaxKind.StringLiteral,
  ts.SyntaxKind.RegularExpressionLiteral,
  ts.SyntaxKind.NoSubstitutionTemplateLiteral,
  ts.SyntaxKind.TemplateTail,
  ts.SyntaxKind.CloseParenToken,
  ts.SyntaxKind.CloseBracketToken,
  ts.SyntaxKind.CloseBraceToken,
  ts.SyntaxKind.PlusPlusToken,
  ts.SyntaxKind.MinusMinusToken,
  ts.SyntaxKind.ThisKeyword,
  ts.SyntaxKind.SuperKeyword,
  ts.SyntaxKind.TrueKeyword,
  ts.SyntaxKind.FalseKeyword,
  ts.SyntaxKind.NullKeyword,
]);

/** Brackets the text leaves open, by tokens: a template's `${` counts until its `}`. */
export function unclosedBrackets(text: string): number {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, text);
  // true for a template's `${`, false for a bracket.
  const open: boolean[] = [];
  let previous = ts.SyntaxKind.Unknown;
  for (let token = scanner.scan(); token !== ts.SyntaxKind.EndOfFileToken; token = scanner.scan()) {
    if ((token === ts.SyntaxKind.SlashToken || token === ts.SyntaxKind.SlashEqualsToken) && !ENDS_EXPRESSION.has(previous)) {
      token = scanner.reScanSlashToken();
    } else if (token === ts.SyntaxKind.CloseBraceToken && open[open.length - 1] === true) {
      token = scanner.reScanTemplateToken(false);
      if (token === ts.SyntaxKind.TemplateTail) open.pop();
    } else if (token === ts.SyntaxKind.TemplateHead) {
      open.push(true);
    } else if (OPENERS.has(token)) {
      open.push(false);
    } else if (CLOSERS.has(token)) {
      open.pop();
    }
    previous = token;
  }
  return open.length;
}
