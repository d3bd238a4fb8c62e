#!/usr/bin/env python3
"""Compare pyguide's rules with ruff's equivalent rules, and time both.

Usage (from the repository root, after `cargo build --release`):

    python3 benches/compare_ruff.py                      # the running Python's stdlib
    python3 benches/compare_ruff.py --out report.md src/ other/file.py

What it does:

1. Reads `pyguide rules --output-format json` and keeps, for every rule, the
   `equivalents` that this ruff knows (`ruff rule --all`); the others (pylint
   codes ruff does not implement) are listed as "no ruff implementation".
2. Collects the *.py / *.pyi files under the paths (skipping `site-packages`,
   `__pycache__` and hidden directories) and passes the same explicit file list
   to both tools, so ruff's default excludes (`venv`, `build`, ...) and
   pyguide's .gitignore handling cannot make them see different files.
3. Runs `pyguide check --select ALL` once and `ruff check --isolated
   --select <union of the known equivalents>` once, and compares per pyguide
   rule. The unit is a location: a distinct (file, row) that has at least one
   finding of the rule (pyguide) or of one of its equivalent codes (ruff). The
   two tools often report one construct with different columns, and sometimes
   with a different number of findings (ruff's ANN001 once per parameter,
   pyguide's PG804 once per function), so rows are compared, not findings.
   Rows that only match with a one-row offset (multi-line constructs) are
   counted separately in the "±1" column and not in "both"; a third, lenient
   pass relates leftover rows of the same statement (see Anchors), and the
   "lenient" agreement counts both kinds of pairs as agreeing.
   Files on which ruff reports a syntax error (Python 2 test data) are left out
   of the comparison: ruff does not lint them at all.
4. Times, interleaved, `pyguide check --select <the rules that have a ruff
   equivalent>`, `ruff check --select <those equivalents>` and `pyguide check
   --select ALL` over the same files: wall clock of the whole subprocess, best
   and median of --runs runs (default 3). ruff runs with --no-cache, so it does
   no less work on later runs than on the first; pyguide has no cache.

Exits 0 whether or not there are findings; 2 when a tool is missing or fails.
Only the Python 3 standard library is used.
"""

from __future__ import annotations

import argparse
import ast
import fnmatch
import json
import os
import shutil
import statistics
import subprocess
import sys
import sysconfig
import time
from collections import Counter, defaultdict

MATCH_CASE = (ast.match_case,) if hasattr(ast, "match_case") else ()  # Python 3.10+
SKIP_DIRS = {"site-packages", "dist-packages", "__pycache__", "node_modules"}


def die(msg: str) -> None:
    print(f"compare_ruff: error: {msg}", file=sys.stderr)
    sys.exit(2)


def resolve_binary(value: str, what: str, hint: str) -> str:
    """An executable path for `value` (a path or a name on PATH), or exit."""
    if os.sep in value or (os.altsep and os.altsep in value):
        if os.path.isfile(value) and os.access(value, os.X_OK):
            return os.path.abspath(value)
        die(f"{what} binary not found or not executable: {value!r} ({hint})")
    found = shutil.which(value)
    if not found:
        die(f"{what} binary {value!r} is not on PATH ({hint})")
    return found


def run_full(cmd: list[str], ok_codes=(0, 1)) -> tuple[str, str]:
    """(stdout, stderr) of cmd, or exit when it cannot run or fails."""
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True)
    except OSError as err:
        die(f"cannot run {cmd[0]}: {err}")
    if proc.returncode not in ok_codes:
        shown = " ".join(cmd[:8]) + (" ..." if len(cmd) > 8 else "")
        die(f"`{shown}` exited with {proc.returncode}:\n{proc.stderr.strip()[:2000]}")
    return proc.stdout, proc.stderr


def run(cmd: list[str], ok_codes=(0, 1)) -> str:
    return run_full(cmd, ok_codes)[0]


def parse_json(out: str, cmd: list[str]):
    try:
        return json.loads(out or "[]")
    except json.JSONDecodeError as err:
        die(f"`{cmd[0]} {cmd[1]}` did not print JSON ({err}): {out[:300]!r}")


def run_json(cmd: list[str]):
    return parse_json(run(cmd), cmd)


def collect_files(paths: list[str], exclude: list[str] = ()) -> list[str]:
    """The *.py/*.pyi files under paths, minus those whose path below the
    directory given matches one of the exclude globs (fnmatch, `*` crosses `/`)."""
    files: set[str] = set()
    for path in paths:
        if os.path.isfile(path):
            files.add(os.path.realpath(path))
            continue
        if not os.path.isdir(path):
            die(f"no such file or directory: {path}")
        for root, dirs, names in os.walk(path):
            dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
            for name in names:
                if not name.endswith((".py", ".pyi")):
                    continue
                full = os.path.join(root, name)
                below = os.path.relpath(full, path).replace(os.sep, "/")
                if not any(fnmatch.fnmatchcase(below, pattern) for pattern in exclude):
                    files.add(os.path.realpath(full))
    return sorted(files)


def ruff_rule_status(ruff: str) -> dict[str, str]:
    """code -> 'stable' | 'preview' | 'deprecated' | 'removed' for every rule ruff knows."""
    rules = run_json([ruff, "rule", "--all", "--output-format", "json"])
    status = {}
    for rule in rules:
        raw = rule.get("status")
        if isinstance(raw, dict) and raw:
            kind = next(iter(raw)).lower()
        elif isinstance(raw, str):
            kind = raw.lower()
        else:
            kind = "preview" if rule.get("preview") else "stable"
        status[rule["code"]] = kind
    return status


def sample(items: list, n: int) -> list:
    """n items spread evenly over a sorted list (so not all from one file)."""
    if len(items) <= n:
        return list(items)
    step = len(items) / n
    return [items[int(i * step)] for i in range(n)]


class Lines:
    """Reads source lines on demand, for showing examples."""

    def __init__(self) -> None:
        self.cache: dict[str, list[str]] = {}

    def get(self, path: str, row: int) -> str:
        if path not in self.cache:
            try:
                with open(path, encoding="utf-8", errors="replace") as f:
                    self.cache[path] = f.read().splitlines()
            except OSError:
                self.cache[path] = []
        lines = self.cache[path]
        return lines[row - 1].strip() if 0 < row <= len(lines) else ""


class Anchors:
    """The statement a row belongs to, for the lenient "same statement" pass.

    anchor(row) is the outermost statement (or `except`/`case` clause)
    starting on that row, else the innermost one spanning it: a parameter on
    a continuation line of a `def` belongs to the `def`. A pyguide row that
    starts its anchor is related to a ruff row when the anchors are the same,
    or one is inside the other's body at most two `for`/`while`/`if`/`with`
    levels down (a `for` loop and the `append` in it). With leave_method a
    method is also related to its class (`def __eq__` and its `class`).
    Never across a `try`, an `except` clause or a nested function."""

    SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)

    def __init__(self) -> None:
        self.files: dict[str, tuple | None] = {}

    def _load(self, path: str):
        if path not in self.files:
            try:
                with open(path, "rb") as f:
                    tree = ast.parse(f.read())
            except (SyntaxError, ValueError, OSError):
                self.files[path] = None
                return None
            starts: dict[int, ast.AST] = {}
            inner: dict[int, ast.AST] = {}
            parent: dict[ast.AST, ast.AST | None] = {}

            def visit(node: ast.AST, par: ast.AST | None) -> None:
                for child in ast.iter_child_nodes(node):
                    # `except` clauses and `case` blocks are not statements but
                    # are anchors of their own: two clauses of one `try` differ.
                    if isinstance(child, (ast.stmt, ast.ExceptHandler, *MATCH_CASE)):
                        first = child.pattern.lineno if isinstance(child, MATCH_CASE) else child.lineno
                        last = max(first, getattr(child, "end_lineno", None) or child.body[-1].end_lineno or first)
                        parent[child] = par
                        starts.setdefault(first, child)
                        for row in range(first, last + 1):
                            inner[row] = child
                        visit(child, child)
                    else:
                        visit(child, par)

            visit(tree, None)
            self.files[path] = (starts, inner, parent)
        return self.files[path]

    def anchor(self, path: str, row: int):
        data = self._load(path)
        if data is None:
            return None
        starts, inner, _ = data
        return starts.get(row) or inner.get(row)

    def starts_at(self, path: str, row: int) -> bool:
        data = self._load(path)
        return data is not None and row in data[0]

    BLOCKS = (ast.For, ast.AsyncFor, ast.While, ast.If, ast.With, ast.AsyncWith)

    def _up_to(self, path: str, a, b, leave_method: bool) -> bool:
        """Is b a itself, or an enclosing block of a (see the class doc)?"""
        parent = self.files[path][2]
        node, steps = a, 0
        while node is not None and steps <= 2:
            if node is b:
                return True
            par = parent.get(node)
            method_to_class = (
                leave_method
                and isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
                and isinstance(par, ast.ClassDef)
            )
            if not (isinstance(par, self.BLOCKS) and not isinstance(node, self.SCOPES)) and not method_to_class:
                return False
            node, steps = par, steps + 1
        return False

    def related(self, path: str, pg_row: int, ruff_row: int, leave_method: bool) -> bool:
        """leave_method: may a method's row relate to its class's row?"""
        if not self.starts_at(path, pg_row):
            return False
        a, b = self.anchor(path, pg_row), self.anchor(path, ruff_row)
        if a is None or b is None:
            return False
        return self._up_to(path, a, b, leave_method) or self._up_to(path, b, a, leave_method)


def compare(pg_rules, rule_codes, pg_findings, ruff_findings, excluded_files):
    """Per-rule comparison; rule_codes maps a pyguide code to the ruff codes it is compared with."""
    pg_rows: dict[str, set] = defaultdict(set)
    pg_count: Counter = Counter()
    for d in pg_findings:
        path = os.path.realpath(d["filename"])
        if path in excluded_files:
            continue
        pg_rows[d["code"]].add((path, d["location"]["row"]))
        pg_count[d["code"]] += 1
    ruff_rows: dict[str, dict] = defaultdict(dict)  # code -> {(file, row): code}
    ruff_count: Counter = Counter()
    for d in ruff_findings:
        path = os.path.realpath(d["filename"])
        if path in excluded_files:
            continue
        ruff_rows[d["code"]][(path, d["location"]["row"])] = d["code"]
        ruff_count[d["code"]] += 1

    anchors = Anchors()
    results = []
    for rule in pg_rules:
        codes = rule_codes.get(rule["code"])
        if not codes:
            continue
        mine = pg_rows.get(rule["code"], set())
        theirs: dict = {}
        for c in codes:
            for key, code in ruff_rows.get(c, {}).items():
                theirs.setdefault(key, code)
        both = mine & theirs.keys()
        pg_only = sorted(mine - both)
        ruff_only = sorted(theirs.keys() - both)
        # Pass 2: pair leftovers one row apart (greedy, one to one, in order).
        left_ruff = set(ruff_only)
        near = []
        left_pg = []
        for path, row in pg_only:
            for other in ((path, row - 1), (path, row + 1)):
                if other in left_ruff:
                    left_ruff.discard(other)
                    near.append(((path, row), other))
                    break
            else:
                left_pg.append((path, row))
        # Pass 3 (lenient): a leftover row related (see Anchors) to any row of the
        # other side, matched or not: ruff's ANN001 on the continuation lines of a
        # `def` that both flag on its first line is absorbed too.
        ruff_by_file: dict[str, list] = defaultdict(list)
        pg_by_file: dict[str, list] = defaultdict(list)
        for path, row in theirs:
            ruff_by_file[path].append(row)
        for path, row in mine:
            pg_by_file[path].append(row)
        # A method's row relates to its class's row (`def __eq__` / `class`) only
        # when both are leftovers: otherwise a method without a docstring would be
        # absorbed by the class's docstring finding.
        left_pg_set = set(left_pg)

        stmt_pg = {
            (p, r)
            for p, r in left_pg
            if any(anchors.related(p, r, o, (p, o) in left_ruff) for o in ruff_by_file.get(p, ()))
        }
        stmt_ruff = {
            (p, r)
            for p, r in left_ruff
            if any(anchors.related(p, o, r, (p, o) in left_pg_set) for o in pg_by_file.get(p, ()))
        }
        rest_pg = [k for k in left_pg if k not in stmt_pg]
        rest_ruff = [(k, theirs[k]) for k in sorted(left_ruff) if k not in stmt_ruff]
        total = len(both) + len(pg_only) + len(ruff_only)
        agreed = len(both) + len(near) + len(stmt_pg)
        lenient_total = agreed + len(rest_pg) + len(rest_ruff)
        results.append(
            {
                "code": rule["code"],
                "name": rule["name"],
                "ruff_codes": codes,
                "pg_findings": pg_count[rule["code"]],
                "ruff_findings": sum(ruff_count[c] for c in codes),
                "both": len(both),
                "pg_only": pg_only,
                "ruff_only": [(k, theirs[k]) for k in ruff_only],
                "near": near,
                "stmt_pg": sorted(stmt_pg),
                "stmt_ruff": sorted(stmt_ruff),
                "rest_pg": rest_pg,
                "rest_ruff": rest_ruff,
                "agreement": len(both) / total if total else None,
                "lenient": agreed / lenient_total if lenient_total else None,
            }
        )
    return results


def pct(x) -> str:
    return "n/a" if x is None else f"{100 * x:.0f}%"


def rel(path: str, roots: list[str]) -> str:
    for root in roots:
        if path.startswith(root + os.sep):
            return path[len(root) + 1 :]
    return path


def run_timed(cmd: list[str]) -> tuple[float, float | None]:
    """Wall seconds and CPU seconds (user + system) of one run.

    CPU time comes from wait4() where the platform has it (None elsewhere); on
    a shared machine it is steadier than wall time. (Peak RSS from wait4 is not
    reported: a forked child starts as a copy of this process, whose findings
    can take a gigabyte, so the child's maxrss would mostly measure us.)"""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    cpu = None
    if hasattr(os, "wait4"):
        # Drain stderr first so a chatty child cannot block on a full pipe.
        err = proc.stderr.read()
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status) if hasattr(os, "waitstatus_to_exitcode") else status >> 8
        cpu = usage.ru_utime + usage.ru_stime
    else:
        _, err = proc.communicate()
        elapsed = time.perf_counter() - start
    proc.stderr.close()
    if proc.returncode not in (0, 1):
        die(f"{cmd[0]} exited with {proc.returncode}: {err.decode(errors='replace')[:1000]}")
    return elapsed, cpu


def time_commands(cmds: dict[str, list[str]], runs: int) -> dict[str, list[tuple]]:
    times: dict[str, list[tuple]] = {name: [] for name in cmds}
    for i in range(runs):
        for name, cmd in cmds.items():
            wall, cpu = run_timed(cmd)
            times[name].append((wall, cpu))
            extra = f" (CPU {cpu:.2f}s)" if cpu is not None else ""
            print(f"  run {i + 1}/{runs} {name}: {wall:.2f}s{extra}", file=sys.stderr)
    return times


def parse_extra(values: list[str]) -> dict[str, list[str]]:
    extra: dict[str, list[str]] = defaultdict(list)
    for value in values:
        code, sep, codes = value.partition("=")
        if not sep or not codes:
            die(f"--extra wants PGxxx=CODE[,CODE...], got {value!r}")
        extra[code.strip()].extend(c.strip() for c in codes.split(",") if c.strip())
    return extra


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="*", help="files or directories (default: this Python's stdlib)")
    ap.add_argument("--pyguide", default="target/release/pyguide", help="pyguide binary (default: %(default)s)")
    ap.add_argument("--ruff", default="ruff", help="ruff binary (default: %(default)s)")
    ap.add_argument("--out", help="also write the report as Markdown to this file")
    ap.add_argument("--details", help="write every location of every rule (matched or not) as JSON to this file")
    ap.add_argument(
        "--examples", type=int, default=5, help="examples per rule and side in the report (default: %(default)s)"
    )
    ap.add_argument("--runs", type=int, default=3, help="timing runs per command (default: %(default)s)")
    ap.add_argument("--no-timing", action="store_true", help="skip the timing runs")
    ap.add_argument(
        "--extra",
        action="append",
        default=[],
        metavar="PGxxx=CODE,...",
        help="compare a rule with ruff codes beyond its declared equivalents (repeatable); "
        "the report marks them with *; timing still uses the declared equivalents only",
    )
    ap.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="GLOB",
        help="leave out files whose path below a given directory matches (repeatable), e.g. 'test/*' '*/tests/*'",
    )
    ap.add_argument(
        "--target-version",
        default=f"py{sys.version_info[0]}{sys.version_info[1]}",
        help="ruff --target-version (default: this Python's, %(default)s; matters for UP006/UP007/UP035)",
    )
    args = ap.parse_args()

    pyguide = resolve_binary(args.pyguide, "pyguide", "build it with `cargo build --release` or pass --pyguide PATH")
    ruff = resolve_binary(args.ruff, "ruff", "install it with `pip install ruff` or pass --ruff PATH")
    paths = args.paths or [sysconfig.get_paths()["stdlib"]]
    roots = [os.path.realpath(p) for p in paths if os.path.isdir(p)]
    files = collect_files(paths, args.exclude)
    if not files:
        die("no *.py or *.pyi files under the given paths")
    n_lines = 0
    for path in files:
        with open(path, "rb") as f:
            n_lines += f.read().count(b"\n")

    ruff_version = run([ruff, "--version"], ok_codes=(0,)).strip()
    pg_version = run([pyguide, "--version"], ok_codes=(0,)).strip()
    pg_rules = run_json([pyguide, "rules", "--output-format", "json"])
    status = ruff_rule_status(ruff)
    # Preview rules would need --preview; deprecated/removed ones do not run.
    ruff_known = {c for c, s in status.items() if s == "stable"}
    unusable = {c: s for c, s in status.items() if s != "stable"}
    declared = {r["code"]: [c for c in r["equivalents"] if c in ruff_known] for r in pg_rules}
    extra = parse_extra(args.extra)
    rule_names = {r["code"] for r in pg_rules}
    for code, codes in extra.items():
        if code not in rule_names:
            die(f"--extra: pyguide has no rule {code}")
        bad = [c for c in codes if c not in ruff_known]
        if bad:
            die(f"--extra: not a stable rule of this ruff: {', '.join(bad)}")
    rule_codes = {
        code: declared[code] + [c for c in extra.get(code, []) if c not in declared[code]] for code in declared
    }
    ruff_codes = sorted({c for codes in declared.values() for c in codes})
    analysis_codes = sorted({c for codes in rule_codes.values() for c in codes})
    pg_codes = [r["code"] for r in pg_rules if declared[r["code"]]]
    if not ruff_codes:
        die("none of pyguide's equivalent codes is a stable ruff rule")

    print(f"{len(files)} files, {n_lines} lines; {pg_version}; {ruff_version}", file=sys.stderr)
    pg_cmd_all = [pyguide, "check", "--select", "ALL", "--output-format", "json", *files]
    pg_cmd_sel = [pyguide, "check", "--select", ",".join(pg_codes), "--output-format", "json", *files]

    def ruff_cmd(codes: list[str]) -> list[str]:
        return [
            ruff, "check", "--isolated", "--no-cache", "--target-version", args.target_version,
            "--select", ",".join(codes), "--output-format", "json", *files,
        ]  # fmt: skip

    print("running pyguide (ALL rules) ...", file=sys.stderr)
    pg_findings = run_json(pg_cmd_all)
    print("running ruff ...", file=sys.stderr)
    cmd = ruff_cmd(analysis_codes)
    ruff_out, ruff_err = run_full(cmd)
    raw_ruff = parse_json(ruff_out, cmd)

    syntax_files = {os.path.realpath(d["filename"]) for d in raw_ruff if d.get("code") not in ruff_known}
    # Files ruff could not read at all (PEP 263 encodings other than UTF-8).
    failed_files = set()
    for line in ruff_err.splitlines():
        if line.startswith("warning: Failed to lint ") and ": " in line[len("warning: Failed to lint ") :]:
            failed_files.add(os.path.realpath(line[len("warning: Failed to lint ") :].rsplit(": ", 1)[0]))
    syntax_files |= failed_files
    ruff_findings = [d for d in raw_ruff if d.get("code") in ruff_known]
    dropped_pg = Counter(d["code"] for d in pg_findings if os.path.realpath(d["filename"]) in syntax_files)
    results = compare(pg_rules, rule_codes, pg_findings, ruff_findings, syntax_files)

    out: list[str] = []
    w = out.append
    w("## Setup\n")
    w(f"- pyguide: `{pg_version}` (`{pyguide}`)")
    w(f"- ruff: `{ruff_version}`, `--isolated --no-cache --target-version {args.target_version}`")
    w(f"- files: {len(files)} (*.py/*.pyi, {n_lines} lines) under {', '.join(f'`{p}`' for p in paths)}")
    if args.exclude:
        w(f"- excluded: {', '.join(f'`{g}`' for g in args.exclude)}")
    w(
        f"- left out of the comparison: {len(syntax_files)} file(s) that ruff does not lint: "
        f"{len(syntax_files) - len(failed_files)} with a syntax error (Python 2 test data), "
        f'{len(failed_files)} not UTF-8 (ruff: "Failed to lint"); pyguide had {sum(dropped_pg.values())} findings there'
        + (f" ({', '.join(f'{c} {n}' for c, n in dropped_pg.most_common())})" if dropped_pg else "")
    )
    w(f"- ruff codes selected: {', '.join(analysis_codes)}")
    if extra:
        w("- extra codes (`--extra`, marked *): " + "; ".join(f"{k}: {', '.join(v)}" for k, v in extra.items()))
    no_impl: dict[str, list[str]] = {}
    for r in pg_rules:
        for c in r["equivalents"]:
            if c not in ruff_known:
                no_impl.setdefault(c, []).append(r["code"])
    if no_impl:
        w(
            "- no ruff implementation (listed as equivalents, unknown to or not stable in this ruff): "
            + ", ".join(
                f"{c} ({', '.join(v)}{'; ' + unusable[c] if c in unusable else ''})" for c, v in sorted(no_impl.items())
            )
        )
    only_missing = [r["code"] for r in pg_rules if r["equivalents"] and not declared[r["code"]]]
    if only_missing:
        w(f"- rules whose equivalents are all without a ruff implementation (not compared): {', '.join(only_missing)}")
    w("")
    w("## Agreement per rule\n")
    w(
        "Counts are distinct (file, row) locations, not findings. *both*: a finding on the same file and row; "
        "*pyguide-only* / *ruff-only*: rows with no such partner; "
        "agreement = both / (both + pyguide-only + ruff-only). "
        "Then, leniently: *±1* pairs a pyguide-only and a ruff-only row one row apart (one to one); *same stmt* "
        "relates the rest when they belong to the same statement (a `def` and its parameters on continuation "
        "lines, `def __eq__` and its `class`, a `for` and the `append` in its body; rows on each side). "
        "*lenient* = (both + ±1 + same-stmt pyguide rows) / (that + the pyguide-only and ruff-only rows left).\n"
    )
    w(
        "| pyguide | name | ruff codes | pyguide findings | ruff findings | both | pyguide-only | ruff-only "
        "| ±1 | same stmt (pg/ruff) | agreement | lenient |"
    )
    w("|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    tot = Counter()
    for r in results:
        codes = ", ".join(c if c in declared[r["code"]] else c + "*" for c in r["ruff_codes"])
        w(
            f"| {r['code']} | {r['name']} | {codes} | {r['pg_findings']} | {r['ruff_findings']} "
            f"| {r['both']} | {len(r['pg_only'])} | {len(r['ruff_only'])} | {len(r['near'])} "
            f"| {len(r['stmt_pg'])}/{len(r['stmt_ruff'])} | {pct(r['agreement'])} | {pct(r['lenient'])} |"
        )
        tot.update(
            both=r["both"], pg=len(r["pg_only"]), ruff=len(r["ruff_only"]), near=len(r["near"]),
            spg=len(r["stmt_pg"]), sruff=len(r["stmt_ruff"]), rpg=len(r["rest_pg"]), rruff=len(r["rest_ruff"]),
            npg=r["pg_findings"], nruff=r["ruff_findings"],
        )  # fmt: skip
    total = tot["both"] + tot["pg"] + tot["ruff"]
    agreed = tot["both"] + tot["near"] + tot["spg"]
    w(
        f"| **all** | | | {tot['npg']} | {tot['nruff']} | {tot['both']} | {tot['pg']} | {tot['ruff']} | {tot['near']} "
        f"| {tot['spg']}/{tot['sruff']} | {pct(tot['both'] / total if total else None)} "
        f"| {pct(agreed / (agreed + tot['rpg'] + tot['rruff']) if total else None)} |"
    )
    w("")

    lines = Lines()
    if args.examples > 0:
        w("## Disagreement examples\n")
        w(
            f"Up to {args.examples} per side and rule, spread over the sorted list, of the rows left after all "
            "three passes (±1 and same-statement pairs are not shown).\n"
        )
        for r in results:
            if not r["rest_pg"] and not r["rest_ruff"]:
                continue
            w(f"### {r['code']} {r['name']}\n")
            w(f"left: pyguide-only {len(r['rest_pg'])}, ruff-only {len(r['rest_ruff'])}")
            by_code = Counter(c for _, c in r["rest_ruff"])
            if len(r["ruff_codes"]) > 1 and by_code:
                w("(ruff-only by code: " + ", ".join(f"{c} {n}" for c, n in by_code.most_common()) + ")")
            w("")
            items = [("pyguide-only", k, r["code"]) for k in sample(r["rest_pg"], args.examples)]
            items += [("ruff-only", k, c) for k, c in sample(r["rest_ruff"], args.examples)]
            for label, (path, row), code in items:
                w(f"- {label} {code} `{rel(path, roots)}:{row}`: `{lines.get(path, row)[:140]}`")
            w("")

    if args.details:
        detail = {
            r["code"]: {
                "ruff_codes": r["ruff_codes"],
                "pyguide_only": [f"{p}:{row}" for p, row in r["rest_pg"]],
                "ruff_only": [f"{p}:{row} {c}" for (p, row), c in r["rest_ruff"]],
                "near": [f"{a[0]}:{a[1]} ~ {b[1]}" for a, b in r["near"]],
                "same_stmt_pyguide": [f"{p}:{row}" for p, row in r["stmt_pg"]],
                "same_stmt_ruff": [f"{p}:{row}" for p, row in r["stmt_ruff"]],
            }
            for r in results
        }
        with open(args.details, "w", encoding="utf-8") as f:
            json.dump(detail, f, indent=1)

    if not args.no_timing:
        print(f"timing, {args.runs} runs each ...", file=sys.stderr)
        cmds = {
            f"pyguide, the {len(pg_codes)} rules with ruff equivalents": pg_cmd_sel,
            f"ruff, their {len(ruff_codes)} equivalent codes": ruff_cmd(ruff_codes),
            f"pyguide, ALL {len(pg_rules)} rules": pg_cmd_all,
        }
        times = time_commands(cmds, args.runs)
        ruff_name = list(cmds)[1]

        def stats(name: str, i: int):
            values = [t[i] for t in times[name] if t[i] is not None]
            return (min(values), statistics.median(values)) if values else (None, None)

        ruff_wall, ruff_cpu = stats(ruff_name, 0), stats(ruff_name, 1)
        w(
            f"## Timing ({args.runs} runs each, interleaved; {os.cpu_count()} CPUs; wall clock of the whole "
            "subprocess, and its CPU time, user + system, from wait4)\n"
        )
        w(
            "| command | wall best | wall median | best / ruff | median / ruff "
            "| CPU best | CPU median | CPU median / ruff |"
        )
        w("|---|--:|--:|--:|--:|--:|--:|--:|")
        for name in times:
            (best, med), (cbest, cmed) = stats(name, 0), stats(name, 1)
            cpu_cells = (
                f"{cbest:.2f} s | {cmed:.2f} s | {cmed / ruff_cpu[1]:.1f}x"
                if cmed is not None and ruff_cpu[1]
                else "n/a | n/a | n/a"
            )
            w(
                f"| {name} | {best:.2f} s | {med:.2f} s | {best / ruff_wall[0]:.1f}x | {med / ruff_wall[1]:.1f}x "
                f"| {cpu_cells} |"
            )
        w("")
        w(
            "Wall seconds in run order: "
            + "; ".join(f"{name}: " + ", ".join(f"{t[0]:.2f}" for t in ts) for name, ts in times.items())
        )
        w("")

    text = "\n".join(out)
    print(text)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
