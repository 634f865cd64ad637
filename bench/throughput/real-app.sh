#!/usr/bin/env bash
# Cold `--lint` against a parse-only pass of the same files on one real application, CPU, wall and peak RSS
# (/usr/bin/time -v), the median of RUNS interleaved runs of each; the 10 slowest files (--debug); then warm
# `--cache` runs after a one-line edit of a leaf file and of a central file, in a copy of the checkout (the
# checkout itself is never written).
#
#   bench/throughput/real-app.sh CHECKOUT LEAF_FILE CENTRAL_FILE [RUNS]
#
# COLD_ONLY=1 stops after the cold runs (to measure an older build: copy the script into its tree);
# CACHE_ONLY=1 runs the --cache part only.
# Run from the promptcost worktree after `node esbuild.mjs`. The file list comes from collectFiles, as the
# linter walks. Prints one line per measured run and a summary.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
checkout=$(cd "$1" && pwd)
leaf=$2
central=$3
runs=${4:-3}
work=$(mktemp -d)
node --import tsx -e '
  const { collectFiles } = await import(process.argv[1]);
  const fs = await import("node:fs");
  fs.writeFileSync(process.argv[3], JSON.stringify(collectFiles([process.argv[2]], { baseDirectory: process.argv[2] })));
' "$here/server/src/core/workspace/collect-files.ts" "$checkout" "$work/files.json"

measure() { # label, dir, command...
  local label=$1 dir=$2
  shift 2
  (cd "$dir" && /usr/bin/time -f "%U %S %e %M" -o "$work/time" "$@" >"$work/out" 2>"$work/err") || true
  read -r user sys wall rss < <(tail -1 "$work/time")
  printf '%-14s cpu %6.2f s  wall %6.2f s  rss %4d MiB\n' "$label" "$(echo "$user + $sys" | bc)" "$wall" $((rss / 1024))
}

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

echo "$(basename "$checkout") at $(git -C "$checkout" rev-parse --short HEAD), $(node -e 'console.log(require(process.argv[1]).length)' "$work/files.json") files, promptcost $(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo "at $here")"
if [ -z "${CACHE_ONLY:-}" ]; then
for run in $(seq "$runs"); do
  measure lint "$checkout" node "$here/dist/server.cjs" --lint . --format json | tee -a "$work/lint.txt"
  measure parse-only "$checkout" node "$here/bench/throughput/parse-only.cjs" "$work/files.json" | tee -a "$work/parse.txt"
done
for kind in lint parse; do
  cpu=$(awk '{ print $3 }' "$work/$kind.txt" | median)
  wall=$(awk '{ print $6 }' "$work/$kind.txt" | median)
  rss=$(awk '{ print $9 }' "$work/$kind.txt" | median)
  echo "median $kind: cpu $cpu s, wall $wall s, peak rss $rss MiB"
  eval "${kind}_cpu=$cpu ${kind}_wall=$wall"
done
echo "ratio lint/parse-only: cpu $(echo "scale=2; $lint_cpu / $parse_cpu" | bc)x, wall $(echo "scale=2; $lint_wall / $parse_wall" | bc)x"

[ -n "${COLD_ONLY:-}" ] && exit 0
(cd "$checkout" && node "$here/dist/server.cjs" --lint . --format json --debug 2>&1 >/dev/null | tail -11)
fi

# Warm --cache: a copy of the checkout (without .git), a cold cached run, then one-line edits.
copy="$work/app"
mkdir -p "$copy"
tar -C "$checkout" --exclude=.git -cf - . | tar -C "$copy" -xf -
measure cache-cold "$copy" node "$here/dist/server.cjs" --lint . --format json --cache
cp "$work/out" "$work/cold.json"
echo "// edited" >>"$copy/$leaf"
measure cache-leaf "$copy" node "$here/dist/server.cjs" --lint . --format json --cache
echo "// edited" >>"$copy/$central"
measure cache-central "$copy" node "$here/dist/server.cjs" --lint . --format json --cache
cp "$work/out" "$work/warm.json"
measure no-cache "$copy" node "$here/dist/server.cjs" --lint . --format json
cmp -s "$work/out" "$work/warm.json" && echo "report with --cache after the edits = report without --cache (cmp)" || echo "REPORTS DIFFER: $work/out $work/warm.json"
rm -rf "$copy"
