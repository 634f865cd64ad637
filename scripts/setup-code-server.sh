#!/usr/bin/env bash
# Install code-server (a real VS Code served to a browser) plus Debian's headless
# Chromium, offline-capable and cached, for the end-to-end tests in test/e2e/.
#
#   bash scripts/setup-code-server.sh          # installs if needed
#   PREFIX=$(bash scripts/setup-code-server.sh) # stdout is ONLY the install prefix
#
# Layout: ${PROMPTCOST_CACHE:-$HOME/.cache/promptcost}/code-server-<version>/
#   node_modules/code-server/out/node/entry.js   the server to run with node
#   .promptcost-setup-complete                   marker written at the very end
#
# With the marker present (and the Debian packages still installed) the script
# returns at once. Otherwise it rebuilds from scratch in a staging folder and
# renames it into place only when everything succeeded, so an interrupted run
# never leaves a half-installed prefix behind. Concurrent runs are serialised
# with flock.
#
# Why by hand: code-server's own npm post-install downloads prebuilt binaries
# (node-pty, ripgrep, kerberos) which fails without internet access; here every
# native module is built from source against Node's installed headers and
# ripgrep comes from Debian.
#
# Environment:
#   PROMPTCOST_CACHE         cache root (default $HOME/.cache/promptcost)
#   CODE_SERVER_VERSION      default 4.100.3 (newest line that runs on Node 20)
#   PROMPTCOST_SKIP_APT=1    do not touch Debian packages (they must be there)
#
# All progress messages go to stderr; the last (and only) stdout line is the prefix.
set -euo pipefail

CS_VERSION="${CODE_SERVER_VERSION:-4.100.3}"
CACHE_ROOT="${PROMPTCOST_CACHE:-$HOME/.cache/promptcost}"
PREFIX="$CACHE_ROOT/code-server-$CS_VERSION"
MARKER="$PREFIX/.promptcost-setup-complete"
ENTRY="$PREFIX/node_modules/code-server/out/node/entry.js"
APT_PACKAGES=(libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config ripgrep chromium)

log() { printf '[setup-code-server] %s\n' "$*" >&2; }
die() { printf '[setup-code-server] ERROR: %s\n' "$*" >&2; exit 1; }

# Prints the Debian packages from APT_PACKAGES that are not installed (one per line).
missing_apt_packages() {
  local status
  # One dpkg-query call for all: unknown packages make it exit 1, so ignore that.
  status="$(dpkg-query -W -f='${Package} ${db:Status-Status}\n' "${APT_PACKAGES[@]}" 2>/dev/null || true)"
  local p
  for p in "${APT_PACKAGES[@]}"; do
    grep -qx "$p installed" <<<"$status" || echo "$p"
  done
}

apt_ok() {
  [[ "${PROMPTCOST_SKIP_APT:-0}" == 1 ]] && return 0
  [[ -z "$(missing_apt_packages)" ]]
}

# ---------------------------------------------------------------- fast path
if [[ -f "$MARKER" && -f "$ENTRY" ]] && apt_ok; then
  log "code-server $CS_VERSION already installed (marker $MARKER)"
  echo "$PREFIX"
  exit 0
fi

# ---------------------------------------------------------------- slow path
command -v node >/dev/null || die "node is not on PATH"
command -v npm >/dev/null || die "npm is not on PATH"
NODE_MAJOR="$(node -p 'process.versions.node.split(".")[0]')"
[[ "$NODE_MAJOR" == 20 ]] || die "code-server $CS_VERSION needs Node 20, found $(node -v)"

mkdir -p "$CACHE_ROOT"
LOCK="$CACHE_ROOT/.code-server-$CS_VERSION.lock"
exec 9>"$LOCK"
if ! flock -n 9; then
  log "another setup is running (lock $LOCK); waiting for it (max 30 min)..."
  flock -w 1800 9 || die "timed out waiting for $LOCK"
fi

# Someone else may have finished while we waited.
if [[ -f "$MARKER" && -f "$ENTRY" ]] && apt_ok; then
  log "code-server $CS_VERSION was installed by a concurrent run"
  echo "$PREFIX"
  exit 0
fi

START_ALL=$SECONDS
step_start=$SECONDS
step() { log "[$((SECONDS - START_ALL))s] $*"; step_start=$SECONDS; }
step_done() { log "      done in $((SECONDS - step_start))s"; }

# ---- 1. Debian packages (build deps for native modules, ripgrep, chromium)
if [[ "${PROMPTCOST_SKIP_APT:-0}" == 1 ]]; then
  log "PROMPTCOST_SKIP_APT=1: not checking Debian packages"
else
  mapfile -t MISSING < <(missing_apt_packages)
  if ((${#MISSING[@]})); then
    step "installing Debian packages: ${MISSING[*]}"
    SUDO=()
    if [[ "$(id -u)" != 0 ]]; then
      command -v sudo >/dev/null || die "need root (or sudo) to apt-get install ${MISSING[*]}"
      SUDO=(sudo -n)
    fi
    export DEBIAN_FRONTEND=noninteractive
    "${SUDO[@]}" apt-get update -q >&2 || die "apt-get update failed"
    "${SUDO[@]}" apt-get install -y -q --no-install-recommends "${MISSING[@]}" >&2 \
      || die "apt-get install ${MISSING[*]} failed"
    step_done
  else
    log "Debian packages present: ${APT_PACKAGES[*]}"
  fi
fi
[[ -x /usr/bin/rg ]] || die "/usr/bin/rg missing (Debian package ripgrep)"
[[ -x /usr/bin/chromium ]] || die "/usr/bin/chromium missing (Debian package chromium)"

# ---- node-gyp: npm's bundled copy, building against the installed Node headers
NPM_ROOT="$(cd "$(dirname "$(readlink -f "$(command -v npm)")")/.." && pwd)"
NODE_GYP="$NPM_ROOT/node_modules/node-gyp/bin/node-gyp.js"
[[ -f "$NODE_GYP" ]] || NODE_GYP="$(npm root -g)/npm/node_modules/node-gyp/bin/node-gyp.js"
[[ -f "$NODE_GYP" ]] || die "cannot find npm's bundled node-gyp"
NODE_DIR="$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")"
[[ -f "$NODE_DIR/include/node/node.h" ]] \
  || die "Node headers not found at $NODE_DIR/include/node (needed to build native modules offline)"
# node-gyp must never try to download headers: point it at the installed ones.
export npm_config_nodedir="$NODE_DIR"
# Compile native modules with all cores (node-gyp reads JOBS).
export JOBS="${JOBS:-max}"
# No registry side-calls that are useless here.
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
export npm_config_loglevel="${npm_config_loglevel:-warn}"
NPM_QUIET=(--no-audit --no-fund)

# ---- 2. code-server itself, in a staging folder
STAGE="$CACHE_ROOT/.code-server-$CS_VERSION.staging"
rm -rf "$STAGE"
mkdir -p "$STAGE"
cleanup_stage() { [[ -n "${STAGE:-}" ]] && rm -rf "$STAGE"; }
trap 'rc=$?; if ((rc)); then log "FAILED (exit $rc); removing $STAGE"; cleanup_stage; fi' EXIT

# Long steps run as background jobs in their own process group (setsid) so that
# INT/TERM sent to this script stop them and everything they started (npm does
# not pass TERM on to node-gyp/make); bash defers traps while a foreground child runs.
CHILD=""
on_signal() {
  log "interrupted by SIG$1; stopping the running step"
  if [[ -n "$CHILD" ]]; then
    kill -TERM -- "-$CHILD" 2>/dev/null || kill -TERM "$CHILD" 2>/dev/null || true
    wait "$CHILD" 2>/dev/null || true
  fi
  exit 130
}
trap 'on_signal INT' INT
trap 'on_signal TERM' TERM
# in DIR CMD...: run CMD in DIR, its output on stderr; fails like CMD.
in_dir() {
  local dir=$1 rc=0
  shift
  (cd "$dir" && exec setsid "$@") >&2 &
  CHILD=$!
  wait "$CHILD" || rc=$?
  CHILD=""
  ((rc == 0)) || die "step failed (exit $rc): (cd $dir && $*)"
}

step "npm i code-server@$CS_VERSION --ignore-scripts (prefix $STAGE)"
printf '{ "name": "promptcost-code-server", "private": true }\n' >"$STAGE/package.json"
in_dir "$STAGE" npm i --prefix "$STAGE" "code-server@$CS_VERSION" --ignore-scripts "${NPM_QUIET[@]}"
step_done

CS="$STAGE/node_modules/code-server"
VS="$CS/lib/vscode"
[[ -d "$VS" ]] || die "unexpected code-server layout: $VS missing"

# ---- 3. code-server's post-install, by hand and offline
step "lib/vscode: npm install --omit=dev --ignore-scripts"
in_dir "$VS" npm install --omit=dev --ignore-scripts "${NPM_QUIET[@]}"
step_done

step "lib/vscode: npm rebuild native modules (from source)"
in_dir "$VS" npm rebuild @parcel/watcher @vscode/spdlog kerberos native-watchdog @vscode/deviceid
step_done

step "lib/vscode: node-gyp rebuild node-pty"
in_dir "$VS/node_modules/node-pty" node "$NODE_GYP" rebuild --nodedir="$NODE_DIR"
step_done

step "lib/vscode: ripgrep from Debian, asar link, bin links"
mkdir -p "$VS/node_modules/@vscode/ripgrep/bin"
cp /usr/bin/rg "$VS/node_modules/@vscode/ripgrep/bin/rg"
chmod 755 "$VS/node_modules/@vscode/ripgrep/bin/rg"
(cd "$VS" && rm -rf node_modules.asar && ln -s node_modules node_modules.asar)
(cd "$VS/bin/remote-cli" && rm -f code-server && ln -s code-linux.sh code-server)
(cd "$VS/bin/helpers" && rm -f browser.sh && ln -s browser-linux.sh browser.sh)
step_done

step "lib/vscode/extensions: npm install --omit=dev --ignore-scripts"
in_dir "$VS/extensions" npm install --omit=dev --ignore-scripts "${NPM_QUIET[@]}"
step_done

step "code-server: npm rebuild argon2"
in_dir "$STAGE" npm rebuild argon2
step_done

# ---- 4. sanity checks: the server starts and the native modules load
step "checking the install"
# A throwaway XDG config dir: code-server writes a default config.yaml on start.
CHECK_HOME="$(mktemp -d)"
VERSION_OUT="$(XDG_CONFIG_HOME="$CHECK_HOME" XDG_DATA_HOME="$CHECK_HOME" \
  node "$CS/out/node/entry.js" --version 2>&1)" || die "code-server --version failed: $VERSION_OUT"
rm -rf "$CHECK_HOME"
log "      code-server --version: $(tail -n1 <<<"$VERSION_OUT")"
for mod in node-pty @vscode/spdlog @parcel/watcher native-watchdog kerberos @vscode/deviceid; do
  (cd "$VS" && node --input-type=module -e "import { createRequire } from 'node:module'; createRequire(process.cwd() + '/')('$mod');") \
    || die "native module $mod does not load"
done
"$VS/node_modules/@vscode/ripgrep/bin/rg" --version >/dev/null || die "ripgrep does not run"
step_done

# ---- 5. move into place, then write the marker
rm -rf "$PREFIX"
mv "$STAGE" "$PREFIX"
STAGE=""
{
  echo "code-server $CS_VERSION"
  echo "node $(node -v)"
  echo "installed $(date -u +%Y-%m-%dT%H:%M:%SZ) in $((SECONDS - START_ALL))s"
} >"$MARKER"
trap - EXIT INT TERM
log "code-server $CS_VERSION installed in $((SECONDS - START_ALL))s at $PREFIX"
echo "$PREFIX"
