#!/usr/bin/env bash
# Runs every check pyguide has: formatting, lints, the Rust test suite, and the
# editor suites (VS Code, Neovim, Helix), installing whatever is missing.
#
#   bash tests/run-all.sh                 # everything (what CI runs)
#   bash tests/run-all.sh --skip-editors  # a quick local run without editors
#
# Environment: PYGUIDE_PROPTEST_CASES (default 10000) sets the property-test size.
set -euo pipefail
cd "$(dirname "$0")/.."

skip_editors=0
for arg in "$@"; do
  case "$arg" in
    --skip-editors) skip_editors=1 ;;
    *) echo "usage: $0 [--skip-editors]" >&2; exit 2 ;;
  esac
done

step() { printf '\n==> %s\n' "$*"; }
start=$(date +%s)

step "toolchain components"
for component in rustfmt clippy; do
  if ! cargo "${component/rustfmt/fmt}" --version >/dev/null 2>&1; then
    rustup component add "$component"
  fi
done

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy --all-targets -- -D warnings"
cargo clippy --all-targets -- -D warnings

step "cargo test --release"
cargo test --release

step "built-in knowledge validates through the CLI"
./target/release/pyguide knowledge check knowledge

if [ "$skip_editors" -eq 0 ] && [ -x editors/test.sh ]; then
  step "editor suites (VS Code, Neovim, Helix)"
  editors/test.sh
fi

printf '\nAll checks passed in %ss.\n' "$(( $(date +%s) - start ))"
