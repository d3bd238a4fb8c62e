//! The `pyguide` command line, run as a user runs it.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn pyguide(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pyguide"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("PYGUIDE_KNOWN_FILE", dir.join("known.toml"))
        .output()
        .expect("pyguide runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

const BAD: &str =
    "# é 😀\ndef f(items=[]):\n    try:\n        return items\n    except:\n        return None == items\n";

#[test]
fn check_reports_findings_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.py"), BAD).unwrap();
    std::fs::write(dir.path().join("good.py"), "x = 1\n").unwrap();

    let text = pyguide(&["check", "--ignore", "PG8", "bad.py"], dir.path());
    assert_eq!(text.status.code(), Some(1));
    let out = stdout(&text);
    assert!(out.contains("bad.py:5:5: PG101"), "{out}");
    assert!(out.contains("= why:"), "{out}");
    assert!(out.contains("Found 3 problems."), "{out}");
    assert!(!out.contains('\x1b'), "no colour when not on a terminal");

    let json = pyguide(
        &["check", "--ignore", "PG8", "--output-format", "json", "bad.py"],
        dir.path(),
    );
    assert_eq!(json.status.code(), Some(1));
    let v: Value = serde_json::from_str(&stdout(&json)).unwrap();
    let items = v.as_array().unwrap();
    assert_eq!(items.len(), 3);
    let first = &items[0];
    assert_eq!(first["code"], "PG401");
    assert_eq!(first["name"], "mutable-default-argument");
    assert_eq!(first["filename"], "bad.py");
    assert_eq!(first["location"], serde_json::json!({"row": 2, "column": 13}));
    assert_eq!(first["end_location"], serde_json::json!({"row": 2, "column": 15}));
    assert_eq!(first["fix"]["applicability"], "unsafe");
    assert!(first["equivalents"]
        .as_array()
        .unwrap()
        .contains(&Value::from("B006")));
    for key in ["concept", "severity", "message"] {
        assert!(first[key].is_string(), "{key}");
    }

    let sarif = pyguide(
        &["check", "--ignore", "PG8", "--output-format", "sarif", "bad.py"],
        dir.path(),
    );
    let v: Value = serde_json::from_str(&stdout(&sarif)).unwrap();
    assert_eq!(v["version"], "2.1.0");
    assert_eq!(v["runs"][0]["results"].as_array().unwrap().len(), 3);
    assert_eq!(
        v["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"],
        2
    );

    let good = pyguide(&["check", "good.py"], dir.path());
    assert_eq!(good.status.code(), Some(0));
    assert!(stdout(&good).contains("All checks passed."));

    let missing = pyguide(&["check", "nope.py"], dir.path());
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn directories_respect_gitignore_and_stdin_works() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("pkg/build")).unwrap();
    std::fs::write(dir.path().join(".gitignore"), "build/\n").unwrap();
    std::fs::write(dir.path().join("pkg/a.py"), BAD).unwrap();
    std::fs::write(dir.path().join("pkg/build/b.py"), BAD).unwrap();
    let out = pyguide(&["check", "--output-format", "json", "."], dir.path());
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let files: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["filename"].as_str().unwrap())
        .collect();
    assert!(files.iter().all(|f| f.ends_with("a.py")), "{files:?}");

    let mut child = Command::new(env!("CARGO_BIN_EXE_pyguide"))
        .args([
            "check",
            "--stdin-filename",
            "from_stdin.py",
            "--output-format",
            "json",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), b"x = y == None\n").unwrap();
    let out = child.wait_with_output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["filename"], "from_stdin.py");
    assert_eq!(v[0]["code"], "PG601");
}

#[test]
fn fix_and_diff() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.py");
    std::fs::write(&file, BAD).unwrap();
    let diff = pyguide(&["check", "--diff", "--unsafe-fixes", "bad.py"], dir.path());
    let d = stdout(&diff);
    assert!(
        d.contains("-    except:\n") && d.contains("+    except Exception:\n"),
        "{d}"
    );
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        BAD,
        "--diff does not write"
    );

    // Only unsafe fixes exist here, so plain --fix changes nothing.
    pyguide(&["check", "--fix", "bad.py"], dir.path());
    assert_eq!(std::fs::read_to_string(&file).unwrap(), BAD);

    let fixed = pyguide(
        &[
            "check",
            "--ignore",
            "PG8,PG103",
            "--fix",
            "--unsafe-fixes",
            "bad.py",
        ],
        dir.path(),
    );
    assert_eq!(fixed.status.code(), Some(0), "{}", stdout(&fixed));
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "# é 😀\ndef f(items=None):\n    if items is None:\n        items = []\n    try:\n        return items\n    except Exception:\n        return None is items\n"
    );
}

#[test]
fn explain_by_id_and_at_a_position() {
    let dir = tempfile::tempdir().unwrap();
    let out = pyguide(&["explain", "decorator"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).starts_with("# Decorators"));
    let out = pyguide(&["explain", "PG101"], dir.path());
    assert!(stdout(&out).contains("bare-except"));
    let out = pyguide(&["explain", "bare-except", "--output-format", "json"], dir.path());
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["rule"]["code"], "PG101");
    assert!(v["sections"]["What it flags"].is_string());
    let out = pyguide(&["explain", "no-such-concept"], dir.path());
    assert_eq!(out.status.code(), Some(2));

    std::fs::write(
        dir.path().join("a.py"),
        "import functools as ft\n\n@ft.lru_cache(maxsize=None)\ndef f(n):\n    return n\n",
    )
    .unwrap();
    let out = pyguide(
        &["explain", "--at", "a.py:3:6", "--output-format", "json"],
        dir.path(),
    );
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let ids: Vec<&str> = v["concepts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.first(), Some(&"functools-lru-cache"), "{ids:?}");
    assert!(ids.contains(&"decorator"), "{ids:?}");
    assert_eq!(
        v["concepts"][0]["range"]["start"],
        serde_json::json!({"row": 3, "column": 2})
    );
    assert!(v["hover"]
        .as_str()
        .unwrap()
        .contains("`ft.lru_cache` is `functools.lru_cache`"));
    let text = pyguide(&["explain", "--at", "a.py:3:6"], dir.path());
    assert!(stdout(&text).starts_with("### "));
}

#[test]
fn concepts_rules_and_knowledge_check() {
    let dir = tempfile::tempdir().unwrap();
    let out = pyguide(&["concepts", "--output-format", "json"], dir.path());
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let decorator = v
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "decorator")
        .unwrap();
    assert_eq!(decorator["category"], "functions");
    assert!(decorator["guides"].as_array().unwrap().len() >= 2);

    let out = pyguide(&["rules", "--output-format", "json"], dir.path());
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let r = v
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "PG101")
        .unwrap();
    assert_eq!(r["name"], "bare-except");
    assert_eq!(r["fix"], "always");
    assert_eq!(r["severity"], "warning");

    let cards = dir.path().join("cards");
    std::fs::create_dir(&cards).unwrap();
    std::fs::write(
        cards.join("bad.md"),
        "+++\nkind = \"concept\"\nid = \"bad\"\ntitle = 3\n+++\n",
    )
    .unwrap();
    let out = pyguide(&["knowledge", "check", "cards"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("bad.md:4:"), "{}", stdout(&out));
}

#[test]
fn the_tour_runs() {
    let dir = tempfile::tempdir().unwrap();
    let out = pyguide(&["tour"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    let s = stdout(&out);
    assert!(s.contains("PG101") && s.contains("### "), "{s}");
}

#[test]
fn settings_files_apply_to_the_files_below_them() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("app/sub")).unwrap();
    std::fs::create_dir_all(root.join("lib")).unwrap();
    std::fs::write(
        root.join("pyproject.toml"),
        "[project]\nname = \"x\"\n\n[tool.pyguide]\nignore = [\"PG101\"]\n",
    )
    .unwrap();
    std::fs::write(
        root.join("lib/pyguide.toml"),
        "severity = { PG101 = \"error\" }\n",
    )
    .unwrap();
    std::fs::write(root.join("app/sub/a.py"), BAD).unwrap();
    std::fs::write(root.join("lib/b.py"), BAD).unwrap();
    let out = pyguide(&["check", "--output-format", "json", "."], root);
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let by_file = |f: &str| -> Vec<(String, String)> {
        v.as_array()
            .unwrap()
            .iter()
            .filter(|i| i["filename"].as_str().unwrap().ends_with(f))
            .map(|i| {
                (
                    i["code"].as_str().unwrap().to_string(),
                    i["severity"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    assert!(
        !by_file("a.py").iter().any(|(c, _)| c == "PG101"),
        "pyproject ignores PG101 for app/"
    );
    assert!(
        by_file("b.py").contains(&("PG101".to_string(), "error".to_string())),
        "lib/pyguide.toml is nearer"
    );
    // Command-line flags win over the file.
    let out = pyguide(
        &[
            "check",
            "--output-format",
            "json",
            "--ignore",
            "PG4,PG6,PG8",
            "app",
        ],
        root,
    );
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 0, "{v}");
    // A broken file is an error naming the file and line.
    std::fs::write(
        root.join("lib/pyguide.toml"),
        "level = \"expert\"\nignore = \"PG1\"\n",
    )
    .unwrap();
    let out = pyguide(&["check", "lib"], root);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("pyguide.toml:2:"), "{err}");
}

#[test]
fn statistics_count_per_rule_and_progress_goes_to_stderr() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.py"), BAD).unwrap();
    std::fs::write(dir.path().join("more.py"), "def g(x=[]):\n    return x == None\n").unwrap();

    let text = pyguide(&["check", "--ignore", "PG8", "--statistics", "."], dir.path());
    assert_eq!(text.status.code(), Some(1));
    let out = stdout(&text);
    let lines: Vec<&str> = out.lines().collect();
    // PG401 and PG601 fire twice (once per file), PG101 once; most frequent first.
    assert!(
        lines[0]
            .trim_start()
            .starts_with("2\tPG401\t[*] mutable-default-argument"),
        "{out}"
    );
    assert!(
        lines[1].trim_start().starts_with("2\tPG601\t[*] none-comparison"),
        "{out}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.trim_start().starts_with("1\tPG101\t[*] bare-except")),
        "{out}"
    );
    assert_eq!(*lines.last().unwrap(), "Found 5 problems.", "{out}");
    assert!(!out.contains("bad.py:"), "statistics replace the findings: {out}");

    let json = pyguide(
        &[
            "check",
            "--ignore",
            "PG8",
            "--statistics",
            "--output-format",
            "json",
            ".",
        ],
        dir.path(),
    );
    let items: Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(items[0]["code"], "PG401");
    assert_eq!(items[0]["count"], 2);
    assert_eq!(items[0]["fixable"], true);

    // Not a terminal: no progress unless asked; asked: a bar on stderr, never stdout.
    let quiet = pyguide(&["check", "--ignore", "PG8", "."], dir.path());
    assert!(!String::from_utf8_lossy(&quiet.stderr).contains("files"));
    let shown = pyguide(
        &["check", "--ignore", "PG8", "--progress", "always", "."],
        dir.path(),
    );
    let err = String::from_utf8_lossy(&shown.stderr);
    assert!(err.contains("2/2 files"), "{err}");
    assert!(!stdout(&shown).contains("files\r"), "progress stays off stdout");
}
