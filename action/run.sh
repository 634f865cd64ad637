#!/usr/bin/env bash
# The action's work, in three runs of promptcost (each also analysing the base when there is one): SARIF for
# code scanning, the Markdown summary for the job summary (and the pull request comment), then the
# annotations with the gates. Exit code 2 (a usage or
# configuration error) stops here; 0 or 1 goes to the Gate step as an output, so the upload and the comment
# happen whatever the gates say.
# The runner starts bash with -e; a gate that fails must not stop the script before it records the exit code.
set +e -uo pipefail
bin="${PROMPTCOST_BIN:-promptcost}"
out="${RUNNER_TEMP:-/tmp}/promptcost"
mkdir -p "$out"

# Paths are split on spaces and passed on unexpanded: promptcost expands globs itself.
read -r -a paths <<< "${INPUT_PATHS:-.}"
common=(--lint "${paths[@]}")
if [ -n "${INPUT_CONFIG:-}" ]; then common+=(--config "$INPUT_CONFIG"); fi
gates=()
if [ -n "${INPUT_BUDGET:-}" ]; then gates+=(--budget "$INPUT_BUDGET"); fi
if [ -n "${INPUT_MAX_WARNINGS:-}" ]; then gates+=(--max-warnings "$INPUT_MAX_WARNINGS"); fi
compare=()
focus=()
ref="${INPUT_BASELINE_REF:-}"
if [ -n "$ref" ]; then
  # actions/checkout fetches one commit by default; the base is fetched when it is missing.
  if ! git cat-file -e "$ref^{commit}" 2>/dev/null; then git fetch --quiet --no-tags --depth=1 origin "$ref"; fi
  compare=(--baseline "git:$ref" --drift "${INPUT_DRIFT:-20}")
  if [ "${INPUT_CHANGED_ONLY:-false}" = "true" ]; then focus=(--changed-since "$ref"); fi
fi

stop_on_usage_error() {
  if [ "$1" -ge 2 ]; then
    echo "::error title=promptcost::promptcost stopped with exit code $1: the line above says why"
    exit "$1"
  fi
}

if [ "${INPUT_SARIF:-true}" = "true" ]; then
  "$bin" "${common[@]}" "${compare[@]}" --format sarif --output "$out/promptcost.sarif"
  stop_on_usage_error $?
  echo "sarif-file=$out/promptcost.sarif" >> "$GITHUB_OUTPUT"
fi

"$bin" "${common[@]}" "${compare[@]}" "${gates[@]}" --format markdown --output "$out/promptcost.md"
stop_on_usage_error $?
cat "$out/promptcost.md" >> "$GITHUB_STEP_SUMMARY"
echo "summary-file=$out/promptcost.md" >> "$GITHUB_OUTPUT"

"$bin" "${common[@]}" "${compare[@]}" "${gates[@]}" "${focus[@]}" --format github
status=$?
stop_on_usage_error $status
echo "exit-code=$status" >> "$GITHUB_OUTPUT"
