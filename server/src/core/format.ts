/** Number formats shared by messages, reports and the editor, so every surface shows the same figures. */

/** `$0.0102`, `$0.15`, `$306`, `$1,234.50`: three significant digits below a dollar, cents above. */
export function formatUsd(value: number | null): string {
  if (value === null) return "unknown";
  if (value === 0) return "$0";
  const absolute = Math.abs(value);
  if (absolute >= 100) return "$" + Math.round(value).toLocaleString("en-US");
  if (absolute >= 1) return "$" + value.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const digits = trimZeros(value.toPrecision(3));
  const decimals = digits.split(".")[1]?.length ?? 0;
  return "$" + (decimals < 2 ? value.toFixed(2) : digits);
}

function trimZeros(fixed: string): string {
  return fixed.includes("e") ? Number(fixed).toFixed(12).replace(/0+$/, "") : fixed.replace(/(\.\d*?)0+$/, "$1").replace(/\.$/, "");
}

export function formatTokens(value: number): string {
  return Math.round(value).toLocaleString("en-US");
}

/** Rounds a dollar figure for the JSON report: per-request costs keep 8 decimals, monthly totals 2. */
export function roundUsd(value: number | null, decimals: number): number | null {
  if (value === null) return null;
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/**
 * A call's output as the tables show it: `~500 (no cap)`, `≤300` when the cap is below the typical output,
 * `~500 (≤1,024)` when it is above, `—` for calls that produce none (embeddings, token counts).
 */
export function formatOutput(kind: string, cap: number | null, expected: number): string {
  if (kind === "embedding" || kind === "count") return "—";
  if (cap === null) return `~${formatTokens(expected)} (no cap)`;
  return expected >= cap ? `≤${formatTokens(cap)}` : `~${formatTokens(expected)} (≤${formatTokens(cap)})`;
}
