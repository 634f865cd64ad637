#!/usr/bin/env bash
# Lints each checkout with two builds of promptcost and compares their JSON reports byte for byte: an
# optimisation must not change a report.
#
#   bench/throughput/compare-reports.sh BASE_BUILD NEW_BUILD CHECKOUT...
#
# A build is a folder holding dist/server.cjs with pricing/ beside it (a worktree after `node esbuild.mjs`;
# for main: `git archive main | tar -x -C /tmp/base`, link node_modules, build there). Each checkout is linted
# from its own folder as `promptcost --lint . --format json`. Exit status 1 when any report differs.
set -euo pipefail
base=$(cd "$1" && pwd)
new=$(cd "$2" && pwd)
shift 2
out=$(mktemp -d)
status=0
for checkout in "$@"; do
  name=$(basename "$checkout")
  (cd "$checkout" && node "$base/dist/server.cjs" --lint . --format json >"$out/$name.base.json" || true)
  (cd "$checkout" && node "$new/dist/server.cjs" --lint . --format json >"$out/$name.new.json" || true)
  if cmp -s "$out/$name.base.json" "$out/$name.new.json"; then
    echo "same       $name ($(wc -c <"$out/$name.new.json") bytes)"
  else
    echo "DIFFERENT  $name: $out/$name.base.json $out/$name.new.json"
    status=1
  fi
done
exit $status
