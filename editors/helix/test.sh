#!/usr/bin/env bash
# Helix integration test: the real Helix 25.01 (Debian trixie's `hx`, unpacked with trixie's
# glibc into .editor-tools/helix/, nothing installed system-wide) drives the real
# `pyguide server` (release build) in tmux, configured with editors/helix/languages.toml.
# Screen captures go to target/editor-artifacts/helix/. Prints `N passed, M failed` last.
set -uo pipefail
export LC_ALL=C.UTF-8 LANG=C.UTF-8   # the screen has UTF-8 (●, ▐); the regexes must see characters, not bytes
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
TOOLS=${PYGUIDE_EDITOR_TOOLS:-$ROOT/.editor-tools}/helix
ART=$ROOT/target/editor-artifacts/helix
SERVER=$ROOT/target/release/pyguide
HX_WANT="helix 25.01"
passed=0 failed=0
t_start=$(date +%s)

pass() { passed=$((passed + 1)); echo "PASS $*"; }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }
die() {   # a setup step failed: the suite fails loudly, it does not skip
  echo "FAIL setup: $*"
  echo "$passed passed, $((failed + 1)) failed"
  exit 1
}

# ---------------------------------------------------------------- setup
if [ ! -x "$SERVER" ]; then
  echo "== building the release server (cargo build --release)"
  (cd "$ROOT" && cargo build --release) || die "cargo build --release failed"
fi

apt_ready=
apt_install() {
  [ -n "$apt_ready" ] || { apt-get update -qq || true; apt_ready=1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
command -v tmux >/dev/null || { echo "== apt-get install tmux"; apt_install tmux || die "cannot install tmux"; }
command -v dpkg-deb >/dev/null || die "dpkg-deb not found (this needs a Debian-based machine)"

HX=$TOOLS/bin/hx
install_helix() {
  # Debian trixie's hx needs glibc 2.39. Download hx + trixie's libc6 and libgcc-s1 with
  # apt-get through a private apt configuration (trixie is a source only for this
  # download; the system's sources and libc stay untouched), unpack them with dpkg-deb
  # into $TOOLS/root, and start hx through trixie's own loader.
  echo "== installing Helix from Debian trixie into $TOOLS"
  local A=$TOOLS/apt
  rm -rf "$TOOLS/root" "$A" "$TOOLS/bin"
  mkdir -p "$A/lists/partial" "$A/cache/archives/partial" "$A/debs" "$TOOLS/bin"
  local keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  [ -f "$keyring" ] || apt_install debian-archive-keyring || die "debian-archive-keyring missing"
  echo "deb [signed-by=$keyring] http://deb.debian.org/debian trixie main" > "$A/sources.list"
  local O=(-o Dir::Etc::SourceList="$A/sources.list" -o Dir::Etc::SourceParts=/nonexistent
           -o Dir::State::Lists="$A/lists" -o Dir::Cache="$A/cache" -o Debug::NoLocking=1
           -o APT::Sandbox::User=root)
  apt-get "${O[@]}" update -qq || die "apt-get update (private trixie list) failed"
  (cd "$A/debs" && apt-get "${O[@]}" download hx/trixie libc6/trixie libgcc-s1/trixie) \
    || die "apt-get download hx libc6 libgcc-s1 from trixie failed"
  for d in "$A"/debs/*.deb; do dpkg-deb -x "$d" "$TOOLS/root" || die "dpkg-deb -x $d failed"; done
  rm -rf "$A/lists" "$A/cache"
  cat > "$HX" <<'SH'
#!/bin/sh
# Helix from Debian trixie, run with trixie's glibc (its loader + --library-path, which
# child processes such as language servers do not inherit).
R=$(cd "$(dirname "$0")/.." && pwd)/root
export HELIX_RUNTIME="${HELIX_RUNTIME:-$R/usr/lib/hx/runtime}"
exec "$R/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" --library-path "$R/usr/lib/x86_64-linux-gnu" "$R/usr/lib/hx/hx" "$@"
SH
  chmod +x "$HX"
}
if ! "$HX" --version 2>/dev/null | grep -q "^$HX_WANT"; then
  install_helix
  "$HX" --version | grep -q "^$HX_WANT" || die "installed hx is not $HX_WANT: $("$HX" --version 2>&1)"
fi
echo "== $("$HX" --version), server $("$SERVER" --version), $(tmux -V)"

# A sample project; the user config is editors/helix/languages.toml as shipped, and the
# project's .helix/languages.toml sets a pyguide setting (PG101 as an error).
WORK=$(mktemp -d /tmp/pyguide-hx-test.XXXXXX)
S=pyguide-hx-$$
cleanup() { tmux kill-session -t "$S" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
mkdir -p "$ART" "$WORK/config/helix" "$WORK/proj/.helix"
rm -f "$ART"/*.txt "$ART"/*.log
# The shipped file, with the language-servers list cut down to pyguide so that whatever other
# Python servers this machine has (ruff, pylsp, ...) do not change the screen. The unmodified
# file is checked with `hx --health` below.
sed 's/^language-servers = .*/language-servers = ["pyguide"]/' "$HERE/languages.toml" > "$WORK/config/helix/languages.toml"
grep -q '^language-servers = \["pyguide"\]$' "$WORK/config/helix/languages.toml" || die "no language-servers line in languages.toml"
mkdir -p "$WORK/shipped/helix" && cp "$HERE/languages.toml" "$WORK/shipped/helix/languages.toml"
cat > "$WORK/config/helix/config.toml" <<'EOF'
[editor]
idle-timeout = 50
end-of-line-diagnostics = "hint"   # diagnostic messages at line ends, readable in a capture

[editor.lsp]
display-messages = true
EOF
cat > "$WORK/proj/.helix/languages.toml" <<'EOF'
[language-server.pyguide.config.pyguide]
severity = { PG101 = "error" }
EOF
printf '[project]\nname = "sample"\n' > "$WORK/proj/pyproject.toml"
FILE=$WORK/proj/sample.py
cat > "$FILE" <<'PY'
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
export XDG_CONFIG_HOME=$WORK/config XDG_CACHE_HOME=$WORK/cache XDG_DATA_HOME=$WORK/data XDG_STATE_HOME=$WORK/state
export PATH=$ROOT/target/release:$PATH        # languages.toml says command = "pyguide"

health=$(cd "$WORK" && XDG_CONFIG_HOME=$WORK/shipped "$HX" --health python 2>&1 | sed 's/\x1b\[[0-9;]*m//g')
echo "$health" > "$ART/health.txt"
if [ "$(grep -A1 '^Configured language servers:' <<<"$health" | tail -1)" = "  ✓ pyguide: $ROOT/target/release/pyguide" ] \
   && [ "$(sed -n '/^Configured language servers:/,/^Configured debug/p' <<<"$health" | grep -cE ' (pyguide|ruff|jedi-language-server|pylsp):')" = 4 ] \
   && ! grep -qi 'bad' <<<"$health"; then
  pass "hx --health python with the shipped languages.toml: pyguide found and first, then ruff, jedi, pylsp"
else
  fail "hx --health python with the shipped languages.toml: $(head -3 <<<"$health" | tr '\n' ' ')"
fi

# ---------------------------------------------------------------- tmux driver
t0=$(date +%s%N)
ms() { echo $(( ($(date +%s%N) - t0) / 1000000 )); }
screen() { tmux capture-pane -p -t "$S" 2>/dev/null; }
capture() { screen > "$ART/$1.txt"; }
wait_for() {   # wait_for REGEX SECONDS: poll the screen
  local end=$((SECONDS + $2))
  while (( SECONDS < end )); do screen | grep -qE -- "$1" && return 0; sleep 0.1; done
  return 1
}
keys() { tmux send-keys -t "$S" "$@"; sleep 0.25; }
esc() { tmux send-keys -t "$S" Escape; sleep 0.25; }   # alone: "Escape x" reads as Alt-x
goto() {   # goto LINE COL (1-based), then check the status line
  esc
  keys "$1" g g
  [ "$2" -gt 1 ] && keys "$(( $2 - 1 ))" l
  wait_for " $1:$2 *\$" 3 || echo "   (warning: cursor is not at $1:$2)"
}

pick_action() {   # pick_action LINE REGEX: open space-a on LINE (cursor there), select the entry
  keys Space a
  wait_for "$2" 10 || return 1
  local row target
  row=$(screen | grep -nE "^[^ ]? +$1 " | head -1 | cut -d: -f1)     # the cursor's line
  target=$(screen | grep -nE "$2" | head -1 | cut -d: -f1)           # menu rows follow it
  [ -n "$row" ] && [ -n "$target" ] && [ "$target" -gt "$row" ] || return 1
  for _ in $(seq 1 $((target - row - 1))); do keys Down; done
  return 0
}

tmux new-session -d -s "$S" -x 120 -y 40 -c "$WORK/proj" \
  "'$HX' -vvv --log '$ART/hx.log' sample.py; sleep 30"

ui_checks() {
# 1. Diagnostics: inline at the line end, in the status line and in the picker.
if wait_for ' 12 +except:  Bare `except:` also catches' 20; then
  pass "PG101 diagnostic shown at the end of line 12 ($(ms) ms)"
  capture 01-diagnostics
else
  capture 01-diagnostics
  fail "no PG101 diagnostic on line 12 within 20 s; the remaining editor checks were not run (see $ART/01-diagnostics.txt, $ART/hx.log)"
  return
fi
if screen | grep -qE 'Bad config|Bad language config|[Ee]rror.*language server'; then
  fail "Helix reported a configuration or server problem: $(screen | grep -E 'Bad|rror' | head -2)"
else
  pass "no config or language server errors on screen"
fi
# Warnings: PG401 (line 9), PG404 (line 11), PG601 (line 16); error: PG101 (line 12).
wait_for '● 3 ● 1 +1 sel' 5 && pass "status line counts 3 warnings and 1 error" \
  || fail "status line diagnostic counts: $(screen | tail -2 | head -1)"

esc; keys Space d
if wait_for 'ERROR +PG101 +Bare `except:`' 5; then
  pass "diagnostics picker (space-d) lists PG101 as ERROR (setting from .helix/languages.toml)"
else
  fail "diagnostics picker has no ERROR PG101 row"
fi
wait_for 'WARN +PG401' 2 && wait_for 'WARN +PG601' 2 && pass "picker lists PG401 and PG601 as warnings" \
  || fail "picker lacks PG401/PG601 warnings"
capture 02-diagnostics-picker

# 2. Hover (space-k): on `lru_cache`, then on `@`.
goto 4 14
keys Space k
if wait_for '^ functools\.lru_cache *▐? *$' 10 && wait_for 'memoises a function' 2; then
  pass "hover on lru_cache shows the functools.lru_cache card ($(ms) ms)"
else
  fail "hover on lru_cache: no card"
fi
capture 03-hover-lru_cache
goto 4 1
keys Space k
if wait_for '^ Decorators *▐? *$' 10; then
  pass "hover on @ shows the Decorators card"
else
  fail "hover on @: no Decorators card"
fi
capture 04-hover-decorator

# 3. Code actions (space-a) on the bare except; the quick fix is the first entry.
goto 12 5
keys Space a
if wait_for '^ *13 +Catch `Exception` instead \(PG101\)' 10; then
  pass "code action menu offers 'Catch \`Exception\` instead (PG101)' first"
else
  fail "code action menu lacks the PG101 quick fix in first place"
fi
wait_for 'Disable PG101 for this line' 1 \
  && pass "menu also offers 'Disable PG101 for this line'" \
  || fail "menu lacks the disable action"
# Helix 25.01 cannot show a command's result (no window/showDocument), so the
# server does not offer "Explain ..." actions to it.
if screen | grep -q 'Explain bare-except'; then
  fail "menu offers an Explain action Helix cannot show"
else
  pass "no Explain action offered to a client without showDocument"
fi
capture 05-code-actions
keys Enter
if wait_for ' 12 +except Exception:' 5 && wait_for 'sample\.py \[\+\]' 2; then
  pass "quick fix applied: line 12 reads 'except Exception:' (buffer modified)"
else
  fail "quick fix did not change line 12"
fi
if wait_for '● 3 +1 sel' 5 && ! screen | grep -q 'Bare `except:` also catches'; then
  pass "PG101 diagnostic gone after the fix"
else
  fail "PG101 still shown after the fix"
fi
capture 06-after-fix
esc; keys ':w' Enter
if wait_for "'sample\.py' written" 5; then
  pass ":w written"
else
  fail ":w did not report the write"
fi
if grep -qx '    except Exception:' "$FILE" && ! grep -q 'except:' "$FILE"; then
  pass "file on disk now has 'except Exception:'"
else
  fail "file on disk unchanged: $(grep -n except "$FILE" | tr '\n' ' ')"
fi
capture 07-written

# 4. Explain: Helix has no window/showDocument, so the server offers no "Explain ..."
#    action; the documented way to read a card is `:sh pyguide explain CODE`.
goto 16 4
esc; keys ':sh pyguide explain PG601' Enter
if wait_for '^ # PG601 ' 10; then
  pass ":sh pyguide explain PG601 shows the card in a popup"
else
  fail ":sh pyguide explain PG601 showed no card"
fi
capture 10-sh-explain

# 5. "Mark ... as known" (pyguide.markKnown through executeCommand): the hover shrinks.
goto 10 5
if pick_action 10 'Mark try / except / else / finally as known'; then
  capture 11-mark-known-menu
  keys Enter
  known=$XDG_CONFIG_HOME/pyguide/known.toml
  for _ in $(seq 1 30); do grep -q 'try-except' "$known" 2>/dev/null && break; sleep 0.1; done
  grep -q 'try-except' "$known" 2>/dev/null && pass "Mark ... as known: try-except saved to \$XDG_CONFIG_HOME/pyguide/known.toml" \
    || fail "Mark ... as known: $known has no try-except"
  goto 10 5
  keys Space k
  if wait_for ' try / except / else / finally ' 10 && wait_for 'try runs a block' 2 && sleep 0.5 && ! screen | grep -q 'finally runs in every case'; then
    pass "hover on try is now the short form (title and gist only)"
  else
    fail "hover on try after marking it known is not the short form"
  fi
  capture 12-hover-known
else
  capture 11-mark-known-menu
  fail "no 'Mark try / except / else / finally as known' code action on line 10"
fi

}
ui_checks

# 6. The LSP traffic, from hx's log.
missing=
for m in initialize initialized textDocument/didOpen textDocument/hover textDocument/codeAction textDocument/didChange workspace/executeCommand; do
  grep -q "pyguide -> {\"jsonrpc\":\"2.0\",\"method\":\"$m\"" "$ART/hx.log" || missing="$missing $m"
done
[ -z "$missing" ] && pass "hx.log: initialize, didOpen, hover, codeAction, didChange, executeCommand sent to pyguide" \
  || fail "hx.log: not sent to pyguide:$missing"
grep -q '"initializationOptions":{"pyguide":{"severity":{"PG101":"error"}}}' "$ART/hx.log" \
  && grep -q 'pyguide -> {"jsonrpc":"2.0","result":\[{"severity":{"PG101":"error"}}\]' "$ART/hx.log" \
  && pass "hx.log: settings sent as initializationOptions and answered to workspace/configuration" \
  || fail "hx.log: settings not sent as expected"

esc; keys ':q!' Enter
sleep 0.5
tmux kill-session -t "$S" 2>/dev/null
echo "== tmux captures and hx.log: $ART (tmux part $(ms) ms, total $(( $(date +%s) - t_start )) s)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
