#!/usr/bin/env bash
# Runs the three editor suites against the real `pyguide server` (release build):
# VS Code (code-server + headless Chromium), Neovim (headless) and Helix (tmux).
# Each suite installs what it needs into .editor-tools/ when missing and fails
# loudly if it cannot.
#
#   editors/test.sh                 # all three
#   editors/test.sh neovim helix    # some of them
set -uo pipefail
cd "$(dirname "$0")/.."

suites=("$@")
[ ${#suites[@]} -eq 0 ] && suites=(vscode neovim helix)

if [ ! -x target/release/pyguide ]; then
  cargo build --release
fi

passed=0
failed=0
for suite in "${suites[@]}"; do
  script="editors/$suite/test.sh"
  printf '\n==> editor suite: %s\n' "$suite"
  if [ ! -f "$script" ]; then
    echo "missing $script" >&2
    failed=$((failed + 1))
    continue
  fi
  start=$(date +%s)
  if bash "$script"; then
    passed=$((passed + 1))
    echo "suite $suite passed in $(( $(date +%s) - start ))s"
  else
    failed=$((failed + 1))
    echo "suite $suite FAILED after $(( $(date +%s) - start ))s" >&2
  fi
done
echo "editor suites: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
