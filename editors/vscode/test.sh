#!/usr/bin/env bash
# End-to-end test of the pyguide VS Code extension in a real VS Code (code-server 4.100.3,
# Code 1.100.3) driven by headless Chromium through playwright-core, against the real
# release `pyguide server` bundled in the VSIX.
#
# Installs what is missing into <repo>/.editor-tools/vscode/ (code-server, playwright-core) and
# with apt-get (chromium, ripgrep, libkrb5-dev), builds the release server if it is missing,
# builds and packages the VSIX, installs it into a fresh code-server profile and runs
# test/e2e.cjs. Screenshots: <repo>/target/editor-artifacts/vscode/.
#
# Usage: editors/vscode/test.sh         (exit 0: all passed; 1: a check failed or something could not be installed)
# Env:   PYGUIDE_E2E_KEEP=1  keep the temporary profile/workspace (printed at the end)
#        PYGUIDE_E2E_TRACE=verbose  log the LSP traffic to target/editor-artifacts/vscode/output-pyguide.log
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
TOOLS=$ROOT/.editor-tools/vscode
ART=$ROOT/target/editor-artifacts/vscode
CS_VERSION=4.100.3
PW_VERSION=1.65.1
CS_DIR=$TOOLS/code-server
PW_DIR=$TOOLS/playwright
CS_BIN=$CS_DIR/node_modules/.bin/code-server
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}

# code-server writes ~/.config/code-server/config.yaml and ~/.local/share/code-server/ unless told
# otherwise: keep even its --version runs out of the home directory.
cs() { XDG_CONFIG_HOME=$TOOLS/xdg/config XDG_DATA_HOME=$TOOLS/xdg/data "$CS_BIN" "$@"; }

PASSED=0
FAILED=0
T0=$EPOCHREALTIME
elapsed() { awk -v a="$EPOCHREALTIME" -v b="$T0" 'BEGIN { printf "%6.1fs", a - b }'; }
log() { echo "[$(elapsed)] $*"; }
pass() { PASSED=$((PASSED + 1)); log "PASS $*"; }
fail() { FAILED=$((FAILED + 1)); log "FAIL $*"; }
finish() {
  echo "$PASSED passed, $FAILED failed"
  [ "$FAILED" -eq 0 ] && [ "$PASSED" -gt 0 ]
  exit $?
}
# A setup step that cannot go on: count it as failed and stop.
die() { fail "$*"; finish; }

SUDO=
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null && SUDO=sudo
fi
APT_UPDATED=
apt_install() {
  # apt_install PKG...: installs the Debian packages that are not installed yet.
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "apt-get install ${missing[*]}"
  if [ -z "$APT_UPDATED" ]; then
    $SUDO apt-get -o DPkg::Lock::Timeout=600 update -q >/dev/null || return 1
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -q \
    --no-install-recommends "${missing[@]}" >"$TOOLS/apt.log" 2>&1 || { tail -20 "$TOOLS/apt.log"; return 1; }
}

install_code_server() {
  # code-server's own postinstall fails here (root/unsafe-perm check, a GitHub download for
  # ripgrep, npx refusing node-gyp), so do its steps by hand; see shared/editor-testing.md §3.
  apt_install ripgrep libkrb5-dev g++ make || return 1
  command -v python3 >/dev/null || apt_install python3 || return 1
  rm -rf "$CS_DIR" && mkdir -p "$CS_DIR" || return 1
  (
    set -e
    cd "$CS_DIR"
    echo '{"name":"pyguide-code-server-host","version":"0.0.0","private":true}' >package.json
    npm install --no-save --no-audit --no-fund --ignore-scripts "code-server@$CS_VERSION"
    npm rebuild argon2
    cd node_modules/code-server/lib/vscode
    npm install --omit=dev --no-audit --no-fund --ignore-scripts
    mkdir -p node_modules/@vscode/ripgrep/bin
    ln -sf "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
    npm_config_yes=true npm rebuild
    ln -sfn node_modules node_modules.asar
    (cd bin/remote-cli && ln -sf code-linux.sh code-server)
    (cd bin/helpers && ln -sf browser-linux.sh browser.sh)
    (cd extensions && npm install --omit=dev --no-audit --no-fund)
  ) >"$TOOLS/code-server-install.log" 2>&1 || { tail -30 "$TOOLS/code-server-install.log"; return 1; }
  cs --version | grep -q "^$CS_VERSION " || return 1
  touch "$CS_DIR/.installed-$CS_VERSION"
}

install_playwright() {
  rm -rf "$PW_DIR" && mkdir -p "$PW_DIR" || return 1
  (
    cd "$PW_DIR" &&
      echo '{"name":"pyguide-playwright-host","version":"0.0.0","private":true}' >package.json &&
      npm install --no-audit --no-fund "playwright-core@$PW_VERSION"
  ) >"$TOOLS/playwright-install.log" 2>&1 || { tail -20 "$TOOLS/playwright-install.log"; return 1; }
  touch "$PW_DIR/.installed-$PW_VERSION"
}

mkdir -p "$TOOLS" "$ART" || die "cannot create $TOOLS or $ART"
rm -f "$ART"/*.png "$ART"/*.log

# --- 1. tools -----------------------------------------------------------------------------
command -v node >/dev/null && command -v npm >/dev/null || die "node and npm are needed (Node 20)"
NODE_MAJOR=$(node -p 'process.versions.node.split(".")[0]')
[ "$NODE_MAJOR" = 20 ] || log "warning: code-server $CS_VERSION wants Node 20, this is Node $NODE_MAJOR"
if [ ! -x "$CHROMIUM" ]; then
  apt_install chromium || die "cannot install Debian chromium (apt-get install chromium)"
fi
"$CHROMIUM" --version >/dev/null 2>&1 || die "$CHROMIUM does not run"
if [ ! -f "$CS_DIR/.installed-$CS_VERSION" ]; then
  log "installing code-server $CS_VERSION into $CS_DIR (about 1-2 minutes)"
  install_code_server || die "cannot install code-server $CS_VERSION (log: $TOOLS/code-server-install.log)"
fi
if [ ! -f "$PW_DIR/.installed-$PW_VERSION" ]; then
  log "installing playwright-core $PW_VERSION into $PW_DIR"
  install_playwright || die "cannot install playwright-core $PW_VERSION (log: $TOOLS/playwright-install.log)"
fi
pass "tools: code-server $(cs --version | head -1 | sed -E 's/^([^ ]+) [^ ]+ with Code (.*)/\1 (Code \2)/'), $("$CHROMIUM" --version 2>/dev/null), playwright-core $PW_VERSION"

# --- 2. server ------------------------------------------------------------------------------
if [ ! -x "$ROOT/target/release/pyguide" ]; then
  log "building the release server (cargo build --release)"
  (cd "$ROOT" && cargo build --release) || die "cargo build --release failed"
fi
pass "server: $("$ROOT/target/release/pyguide" --version)"

# --- 3. extension ---------------------------------------------------------------------------
cd "$HERE" || die "cannot cd to $HERE"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "npm ci"
  npm ci --no-audit --no-fund >"$TOOLS/npm-ci.log" 2>&1 || { tail -20 "$TOOLS/npm-ci.log"; die "npm ci failed"; }
fi
rm -f pyguide-linux-x64.vsix
if npm run --silent package >"$TOOLS/package.log" 2>&1 && [ -f pyguide-linux-x64.vsix ]; then
  pass "packaged $(du -h pyguide-linux-x64.vsix | cut -f1) pyguide-linux-x64.vsix (typecheck, esbuild, bundled server)"
else
  tail -30 "$TOOLS/package.log"
  die "npm run package failed (log: $TOOLS/package.log)"
fi

# --- 4. fresh code-server profile + workspace -------------------------------------------------
RUN=$(mktemp -d /tmp/pyguide-vscode-e2e.XXXXXX)
CS_PGID=
cleanup() {
  if [ -n "$CS_PGID" ]; then
    kill -- "-$CS_PGID" 2>/dev/null
    sleep 0.3
    kill -9 -- "-$CS_PGID" 2>/dev/null
  fi
  if [ -z "${PYGUIDE_E2E_KEEP:-}" ]; then rm -rf "$RUN"; else echo "kept $RUN"; fi
}
trap cleanup EXIT
mkdir -p "$RUN/user/User" "$RUN/extensions" "$RUN/xdg" "$RUN/ws"
cp "$HERE/test/fixture/sample.py" "$RUN/ws/sample.py"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$RUN/config.yaml" <<EOF
bind-addr: 127.0.0.1:$PORT
auth: none
cert: false
EOF
cat >"$RUN/user/User/settings.json" <<EOF
{
  "security.workspace.trust.enabled": false,
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "telemetry.telemetryLevel": "off",
  "extensions.autoUpdate": false,
  "extensions.autoCheckUpdates": false,
  "extensions.ignoreRecommendations": true,
  "update.mode": "none",
  "editor.hover.delay": 200,
  "editor.minimap.enabled": false,
  "editor.autoClosingBrackets": "never",
  "editor.autoClosingQuotes": "never",
  "editor.autoSurround": "never",
  "editor.autoIndent": "none",
  "editor.quickSuggestions": { "other": false, "comments": false, "strings": false },
  "editor.suggestOnTriggerCharacters": false,
  "files.autoSave": "off",
  "window.commandCenter": false,
  "chat.disableAIFeatures": true,
  "pyguide.path": "",
  "pyguide.severity": { "PG401": "error" },
  "pyguide.trace.server": "${PYGUIDE_E2E_TRACE:-off}"
}
EOF
export XDG_DATA_HOME=$RUN/xdg XDG_CONFIG_HOME=$RUN/xdg/config XDG_CACHE_HOME=$RUN/xdg/cache
CS_ARGS=(--config "$RUN/config.yaml" --user-data-dir "$RUN/user" --extensions-dir "$RUN/extensions")
if "$CS_BIN" "${CS_ARGS[@]}" --install-extension "$HERE/pyguide-linux-x64.vsix" >"$RUN/install.log" 2>&1 &&
  "$CS_BIN" "${CS_ARGS[@]}" --list-extensions --show-versions 2>/dev/null | grep -q '^pyguide.pyguide@'; then
  pass "VSIX installed into a fresh profile: $("$CS_BIN" "${CS_ARGS[@]}" --list-extensions --show-versions 2>/dev/null | grep pyguide)"
else
  cat "$RUN/install.log"
  die "code-server --install-extension failed"
fi
[ -x "$RUN"/extensions/pyguide.pyguide-*/server/pyguide ] && pass "bundled server is executable after install" ||
  fail "bundled server lost its executable bit (the extension restores it at start)"

setsid "$CS_BIN" "${CS_ARGS[@]}" --disable-telemetry --disable-update-check --disable-workspace-trust \
  --disable-getting-started-override "$RUN/ws" >"$RUN/code-server.log" 2>&1 &
CS_PGID=$!
for _ in $(seq 1 150); do
  curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  kill -0 "$CS_PGID" 2>/dev/null || break
  sleep 0.1
done
curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 || {
  tail -20 "$RUN/code-server.log"
  die "code-server did not come up on port $PORT"
}
log "code-server up on 127.0.0.1:$PORT"

# --- 5. the editor, driven by headless Chromium -----------------------------------------------
E2E_OUT=$RUN/e2e.out
CS_URL="http://127.0.0.1:$PORT/?folder=$RUN/ws" WS_DIR=$RUN/ws ART_DIR=$ART CHROMIUM=$CHROMIUM \
  PLAYWRIGHT_CORE=$PW_DIR/node_modules/playwright-core USER_DATA=$RUN/user \
  EXT_DIR=$(echo "$RUN"/extensions/pyguide.pyguide-*) \
  timeout 180 node "$HERE/test/e2e.cjs" 2>&1 | tee "$E2E_OUT"
E2E_RC=${PIPESTATUS[0]}
P=$(grep -c '^PASS ' "$E2E_OUT")
F=$(grep -c '^FAIL ' "$E2E_OUT")
PASSED=$((PASSED + P))
FAILED=$((FAILED + F))
if [ "$E2E_RC" -ne 0 ] && [ "$F" -eq 0 ]; then
  fail "e2e driver exited with $E2E_RC"
fi
# The client's output channel: the client's messages, the server's stderr (and the LSP traffic
# with PYGUIDE_E2E_TRACE=messages|verbose).
for f in "$RUN"/user/logs/*/exthost*/output_logging_*/*pyguide*.log; do
  [ -f "$f" ] || continue
  cp "$f" "$ART/output-pyguide.log"
  [ "$FAILED" -gt 0 ] && { echo "--- $f"; tail -40 "$f"; }
done
log "screenshots in $ART: $(cd "$ART" && ls *.png 2>/dev/null | tr '\n' ' ')"
finish
