//! The `loupe` command line, run as a user would.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed unwrap is a failed test

use std::path::Path;
use std::process::Command;

fn loupe(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_loupe"))
        .args(args)
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(".."))
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn search_json_has_the_documented_shape_and_code_point_offsets() {
    let (code, out, _) = loupe(&["search", "etat souverain", "--json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        ["approximate", "hits", "rescue", "suggestion", "total", "warnings"]
    );
    assert_eq!(v["suggestion"], serde_json::Value::Null);
    assert_eq!(v["rescue"], serde_json::Value::Null);
    assert_eq!(v["total"], 4);
    for hit in v["hits"].as_array().unwrap() {
        let keys: Vec<&String> = hit.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["doc", "highlights", "score", "snippet", "title"]);
        let file = hit["doc"].as_str().unwrap();
        let text: Vec<char> =
            std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../seeds").join(file))
                .unwrap()
                .chars()
                .collect();
        for pair in hit["highlights"].as_array().unwrap() {
            let (s, e) = (pair[0].as_u64().unwrap() as usize, pair[1].as_u64().unwrap() as usize);
            let word: String = text[s..e].iter().collect::<String>().to_lowercase();
            assert!(
                ["état", "etat", "étatique", "souverain", "souverains", "souveraine"].contains(&word.as_str()),
                "{word}"
            );
        }
        assert!(hit["score"].as_f64().unwrap() > 0.0);
        assert!(!hit["snippet"].as_str().unwrap().is_empty());
    }
}

#[test]
fn search_explains_approximations_suggestions_and_empty_results() {
    let (code, out, _) = loupe(&["search", "bill ", "--json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["approximate"][0]["word"], "bill");
    assert_eq!(v["approximate"][0]["matched"][0], "Bull");
    let (code, out, _) = loupe(&["search", "ovh or ikoula ", "--json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["total"], 0);
    assert_eq!(v["suggestion"], "ovh OR ikoula ");
    assert_eq!(v["rescue"]["per_word"][0][0], "ovh");
    assert!(v["rescue"]["drops"]
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d[1].as_u64().unwrap() > 0));
    let (code, out, _) = loupe(&["search", "ovh or ikoula "]);
    assert_eq!(code, 0);
    assert!(out.contains("did you mean: ovh OR ikoula"), "{out}");
    let (code, out, _) = loupe(&["search", "", "--json", "--limit", "1", "--sort", "oldest"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["hits"][0]["doc"], "001_186c063bfb0db637.txt", "oldest first");
}

#[test]
fn search_warnings_and_options() {
    let (code, out, _) = loupe(&[
        "search",
        "\"cloud souverain",
        "--json",
        "--limit",
        "1",
        "--sort",
        "date",
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["hits"].as_array().unwrap().len(), 1);
    assert_eq!(v["total"], 4);
    assert_eq!(v["hits"][0]["doc"], "000_1e3444ed77a47f61.txt", "newest first");
    assert!(v["warnings"][0].as_str().unwrap().contains("unclosed quote"));

    let (code, out, _) = loupe(&["search", "Numergi "]);
    assert_eq!(code, 0);
    assert!(
        out.contains("5 matching articles") && out.contains("[Numergy]"),
        "{out}"
    );
}

#[test]
fn bad_arguments_are_explained() {
    let (code, _, err) = loupe(&["search"]);
    assert_eq!(code, 2);
    assert!(err.contains("search needs a QUERY"), "{err}");
    let (code, _, err) = loupe(&["search", "x", "--limit", "beaucoup"]);
    assert_eq!(code, 2);
    assert!(err.contains("--limit needs a number"), "{err}");
    let (code, _, err) = loupe(&["search", "x", "--corpus", "/nulle/part"]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot read /nulle/part"), "{err}");
    let (code, _, err) = loupe(&["frobnicate"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown command"), "{err}");
}

#[test]
fn list_and_snapshot() {
    let (code, out, _) = loupe(&["list"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("5 articles") && out.contains("SFR rachète la totalité de Numergy"),
        "{out}"
    );
    // Each article's address follows its publication, from seeds/catalog.toml.
    assert!(
        out.contains("  LeMagIT\n    https://lemagit.fr/actualites/4500259920/SFR-rachete-la-totalite-de-Numergy\n"),
        "{out}"
    );
    assert_eq!(out.matches("\n    https://").count(), 5, "{out}");
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli.snapshot");
    let (code, _, _) = loupe(&["snapshot", "--out", path.to_str().unwrap()]);
    assert_eq!(code, 0);
    let corpus = loupe_engine::snapshot::decode(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(corpus.docs.len(), 5);
}

#[test]
fn entities_jsonl_has_the_documented_shape_and_offsets() {
    let (code, out, err) = loupe(&[
        "entities",
        "seeds/003_4db2dbfe3363038d.txt",
        "seeds/004_4aea2465524ab3c5.txt",
        "--format",
        "jsonl",
    ]);
    assert_eq!(code, 0, "{err}");
    let mut last = (String::new(), 0u64);
    let mut seen = std::collections::BTreeSet::new();
    for line in out.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            [
                "byte_end",
                "byte_start",
                "canonical",
                "doc",
                "end",
                "source",
                "start",
                "text",
                "type"
            ]
        );
        let doc = v["doc"].as_str().unwrap().to_owned();
        let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../seeds").join(&doc)).unwrap();
        let (s, e) = (v["start"].as_u64().unwrap(), v["end"].as_u64().unwrap());
        let (bs, be) = (
            v["byte_start"].as_u64().unwrap() as usize,
            v["byte_end"].as_u64().unwrap() as usize,
        );
        let by_points: String = text.chars().skip(s as usize).take((e - s) as usize).collect();
        assert_eq!(by_points, v["text"].as_str().unwrap());
        assert_eq!(&text[bs..be], v["text"].as_str().unwrap());
        if doc == last.0 {
            assert!(s >= last.1, "document order");
        }
        last = (doc, e);
        seen.insert((
            v["type"].as_str().unwrap().to_owned(),
            v["canonical"].as_str().unwrap().to_owned(),
        ));
    }
    for want in [
        ("ORG", "Caisse des Dépôts"),
        ("PERCENT", "44,3 %"),
        ("PER", "Patrick Strack"),
        ("MONEY", "75 000 000 EUR"),
        ("MISC", "Andromède"),
    ] {
        assert!(
            seen.contains(&(want.0.to_owned(), want.1.to_owned())),
            "{want:?} missing"
        );
    }
    let (code, table, _) = loupe(&["entities", "seeds/003_4db2dbfe3363038d.txt"]);
    assert_eq!(code, 0);
    assert!(table.contains("Etat  → État français  [kb]"), "{table}");
    let (code, _, err) = loupe(&["entities"]);
    assert_eq!(code, 2);
    assert!(err.contains("at least one FILE"), "{err}");
}

/// `loupe` with raw arguments (any bytes), from a directory of our choice.
fn loupe_os(args: &[&std::ffi::OsStr], dir: &Path) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_loupe"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("loupe-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn arguments_that_are_not_utf8_get_a_message_not_a_panic() {
    use std::os::unix::ffi::OsStrExt;
    let dir = scratch("args");
    let latin1 = std::ffi::OsStr::from_bytes(b"r\xe9forme");
    let (code, _, err) = loupe_os(&["search".as_ref(), latin1], &dir);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("not valid UTF-8"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    // A file name in Latin-1 is read as the file it names.
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
    std::fs::write(dir.join(name), "Orange rachète Cloudwatt à Paris.").unwrap();
    let (code, out, err) = loupe_os(
        &["entities".as_ref(), name, "--kb".as_ref(), "/dev/null".as_ref()],
        &dir,
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Paris"), "{out}");
}

#[test]
fn a_corpus_directory_is_read_by_a_rule_that_says_what_it_skips() {
    use std::os::unix::ffi::OsStrExt;
    let dir = scratch("rule");
    let c = dir.join("corpus");
    std::fs::create_dir_all(&c).unwrap();
    std::fs::write(c.join("a.txt"), "\u{feff}Premier titre\nUn texte.").unwrap();
    std::fs::write(c.join("B.TXT"), "Second\rAvec des fins de ligne CR\rseules.").unwrap();
    std::fs::write(c.join("c.Txt"), b"Caf\xe9 en Windows-1252.").unwrap();
    std::fs::write(c.join("notes.md"), "pas un article").unwrap();
    std::fs::write(c.join(".txt"), "sans nom").unwrap();
    std::os::unix::fs::symlink(c.join("a.txt"), c.join("lien.txt")).unwrap();
    let (code, out, err) = loupe_os(&["list".as_ref(), "--corpus".as_ref(), c.as_os_str()], &dir);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("4 articles"), "{out}");
    assert!(
        out.contains("    Premier titre"),
        "a BOM never reaches a title: {out:?}"
    );
    assert!(err.contains("c.Txt: read as windows-1252"), "{err}");
    assert!(err.contains("notes.md: not read"), "{err}");
    assert!(err.contains(".txt: not read (a .txt file needs a name"), "{err}");
    // A broken link and a name that is not UTF-8 stop the command...
    std::os::unix::fs::symlink(c.join("absent.txt"), c.join("casse.txt")).unwrap();
    std::fs::write(c.join(std::ffi::OsStr::from_bytes(b"r\xe9sum\xe9.txt")), "x").unwrap();
    let (code, _, err) = loupe_os(&["list".as_ref(), "--corpus".as_ref(), c.as_os_str()], &dir);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("casse.txt"), "{err}");
    // ...unless told to skip them, each said.
    let args: [&std::ffi::OsStr; 4] = [
        "list".as_ref(),
        "--corpus".as_ref(),
        c.as_os_str(),
        "--skip-bad".as_ref(),
    ];
    let (code, out, err) = loupe_os(&args, &dir);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("4 articles"), "{out}");
    assert!(err.contains("casse.txt: skipped"), "{err}");
    assert!(err.contains("not valid UTF-8"), "{err}");
}

#[test]
fn control_characters_of_an_article_never_reach_the_terminal() {
    let dir = scratch("ctl");
    let c = dir.join("corpus");
    std::fs::create_dir_all(&c).unwrap();
    std::fs::write(
        c.join("a.txt"),
        "Titre \u{1b}]0;pwned\u{7}\u{1b}[2J piégé\nLe cloud souverain.",
    )
    .unwrap();
    for args in [vec!["list"], vec!["search", "cloud"]] {
        let mut all: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_ref()).collect();
        all.extend(["--corpus".as_ref(), c.as_os_str()]);
        let (code, out, err) = loupe_os(&all, &dir);
        assert_eq!(code, 0, "{err}");
        assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "{out:?}");
        assert!(out.contains("piégé"), "{out}");
    }
}

#[test]
fn a_snapshot_never_overwrites_an_article_and_is_written_whole() {
    let dir = scratch("snap");
    let c = dir.join("corpus");
    std::fs::create_dir_all(&c).unwrap();
    std::fs::write(c.join("a.txt"), "Un texte en 2015 euros constants.").unwrap();
    let article: &std::ffi::OsStr = c.join("a.txt").into_os_string().leak();
    let (code, _, err) = loupe_os(
        &[
            "snapshot".as_ref(),
            "--corpus".as_ref(),
            c.as_os_str(),
            "--out".as_ref(),
            article,
        ],
        &dir,
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("refusing"), "{err}");
    assert_eq!(
        std::fs::read_to_string(c.join("a.txt")).unwrap(),
        "Un texte en 2015 euros constants."
    );
    let out = dir.join("corpus.bin");
    let (code, _, err) = loupe_os(
        &[
            "snapshot".as_ref(),
            "--corpus".as_ref(),
            c.as_os_str(),
            "--out".as_ref(),
            out.as_os_str(),
        ],
        &dir,
    );
    assert_eq!(code, 0, "{err}");
    assert!(loupe_engine::snapshot::decode(&std::fs::read(&out).unwrap()).is_ok());
    // No temporary file is left beside it.
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 2);
}
