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
    assert_eq!(
        v["rescue"]["per_word"][0][0], "ovh ",
        "a query ready to run, like the suggestion and the drops"
    );
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
    assert!(
        err.contains("required arguments were not provided:\n  <QUERY>"),
        "{err}"
    );
    let (code, _, err) = loupe(&["search", "x", "--limit", "beaucoup"]);
    assert_eq!(code, 2);
    assert!(err.contains("invalid value 'beaucoup' for '--limit <N>'"), "{err}");
    let (code, _, err) = loupe(&["search", "x", "--corpus", "/nulle/part"]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot read /nulle/part"), "{err}");
    let (code, _, err) = loupe(&["frobnicate"]);
    assert_eq!(code, 2);
    assert!(err.contains("unrecognized subcommand 'frobnicate'"), "{err}");
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
    assert!(
        err.contains("required arguments were not provided:\n  <FILE>..."),
        "{err}"
    );
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

/// The repository's root, where `seeds/` is.
fn root() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A minimal app build as Trunk writes it, plus stale files a site must not keep.
fn fake_app(dir: &Path) -> std::path::PathBuf {
    let app = dir.join("app");
    std::fs::create_dir_all(app.join("icons")).unwrap();
    std::fs::write(app.join("index.html"), "<!doctype html><title>Loupe</title>").unwrap();
    std::fs::write(
        app.join("loupe.html"),
        "<!doctype html><body><script type=\"application/octet-stream\" id=\"loupe-corpus\"></script><script>boot()</script></body>",
    )
    .unwrap();
    std::fs::write(app.join("loupe-app-1a2b.js"), "export function boot() {}\n".repeat(50)).unwrap();
    std::fs::write(app.join("loupe-app-1a2b_bg.wasm"), b"\0asm\x01\0\0\0 not really").unwrap();
    std::fs::write(app.join("style-3c4d.css"), "body { margin: 0 }").unwrap();
    std::fs::write(app.join("icons/icon.svg"), "<svg/>").unwrap();
    std::fs::write(app.join("corpus.loupe"), "stale").unwrap();
    std::fs::write(app.join("loupe.html.br"), "stale").unwrap();
    std::fs::write(app.join("loupe.html.gz"), "stale").unwrap();
    app
}

fn site(corpus: &Path, out: &Path, app: &Path, extra: &[&str], dir: &Path) -> (i32, String, String) {
    let mut args: Vec<&std::ffi::OsStr> = vec![
        "site".as_ref(),
        "--corpus".as_ref(),
        corpus.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
        "--app".as_ref(),
        app.as_os_str(),
    ];
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    loupe_os(&args, dir)
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Read;
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes).read_to_end(&mut out).unwrap();
    out
}

/// Standard base64 decoding, written apart from the encoder under test.
fn unbase64(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => panic!("not base64: {c}"),
    };
    assert_eq!(text.len() % 4, 0, "padded");
    let mut out = Vec::new();
    for chunk in text.as_bytes().chunks(4) {
        let pad = chunk.iter().filter(|&&c| c == b'=').count();
        let n = chunk[..4 - pad]
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &c)| n | u32::from(value(c)) << (18 - 6 * i));
        out.extend(&n.to_be_bytes()[1..4 - pad]);
    }
    out
}

/// Raw DEFLATE, undone (what the single file's boot code does in the browser).
fn inflate(bytes: &[u8]) -> Vec<u8> {
    use std::io::Read;
    let mut out = Vec::new();
    flate2::read::DeflateDecoder::new(bytes).read_to_end(&mut out).unwrap();
    out
}

/// The base64 inside the corpus element of a site's loupe.html (of the
/// snapshot deflated: see [`inflate`]).
fn embedded(html: &str) -> &str {
    let open = "<script type=\"application/octet-stream\" id=\"loupe-corpus\" data-encoding=\"deflate-raw\">";
    let start = html.find(open).unwrap() + open.len();
    &html[start..start + html[start..].find("</script>").unwrap()]
}

#[test]
fn a_site_is_the_app_build_plus_the_corpus() {
    let dir = scratch("site");
    let app = fake_app(&dir);
    let out = dir.join("public");
    let (code, stdout, progress) = site(&root().join("seeds"), &out, &app, &[], &dir);
    assert_eq!(code, 0, "{progress}");
    let bytes = std::fs::read(out.join("corpus.loupe")).unwrap();
    let corpus = loupe_engine::snapshot::decode(&bytes).unwrap();
    let ids: Vec<&str> = corpus.docs.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "000_1e3444ed77a47f61",
            "001_186c063bfb0db637",
            "002_f99381933566daf5",
            "003_4db2dbfe3363038d",
            "004_4aea2465524ab3c5"
        ]
    );
    // The same bytes as `loupe snapshot` writes.
    let snap = dir.join("seeds.snapshot");
    let (code, _, err) = loupe_os(
        &[
            "snapshot".as_ref(),
            "--corpus".as_ref(),
            root().join("seeds").as_os_str(),
            "--out".as_ref(),
            snap.as_os_str(),
        ],
        &dir,
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(std::fs::read(&snap).unwrap(), bytes);
    assert_eq!(gunzip(&std::fs::read(out.join("corpus.loupe.gz")).unwrap()), bytes);
    let html = std::fs::read_to_string(out.join("loupe.html")).unwrap();
    assert_eq!(inflate(&unbase64(embedded(&html))), bytes);
    assert!(html.ends_with("</script><script>boot()</script></body>"), "{html}");
    assert_eq!(
        gunzip(&std::fs::read(out.join("loupe.html.gz")).unwrap()),
        html.as_bytes()
    );
    for file in [
        "index.html",
        "loupe-app-1a2b.js",
        "loupe-app-1a2b_bg.wasm",
        "style-3c4d.css",
        "icons/icon.svg",
    ] {
        assert_eq!(
            std::fs::read(out.join(file)).unwrap(),
            std::fs::read(app.join(file)).unwrap(),
            "{file}"
        );
    }
    assert!(
        !out.join("loupe.html.br").exists(),
        "a stale compressed page is dropped"
    );
    assert!(stdout.contains("articles      5"), "{stdout}");
    assert!(stdout.contains("first load"), "{stdout}");
    assert!(
        progress.contains("read 5 articles") && progress.contains("entities") && progress.contains("bytes in"),
        "{progress}"
    );
    // Nothing is left beside the site.
    let mut beside: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    beside.sort();
    assert_eq!(beside, ["app", "public", "seeds.snapshot"]);

    // An existing site is replaced whole.
    std::fs::write(out.join("old.txt"), "from the last build").unwrap();
    let (code, _, err) = site(
        &root().join("engine/tests/fixtures/jsonl/articles.jsonl"),
        &out,
        &app,
        &[],
        &dir,
    );
    assert_eq!(code, 0, "{err}");
    assert!(!out.join("old.txt").exists());
    let corpus = loupe_engine::snapshot::decode(&std::fs::read(out.join("corpus.loupe")).unwrap()).unwrap();
    assert_eq!(corpus.docs.len(), 3);
}

#[test]
fn a_site_from_jsonl_keeps_each_field() {
    let dir = scratch("site-jsonl");
    let app = fake_app(&dir);
    let out = dir.join("site");
    let jsonl = root().join("engine/tests/fixtures/jsonl/articles.jsonl");
    let (code, _, err) = site(&jsonl, &out, &app, &[], &dir);
    assert_eq!(code, 0, "{err}");
    let corpus = loupe_engine::snapshot::decode(&std::fs::read(out.join("corpus.loupe")).unwrap()).unwrap();
    let ids: Vec<&str> = corpus.docs.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["cloudwatt", "line-4", "numergy"]);
    let numergy = corpus.doc("numergy").unwrap();
    assert_eq!(numergy.title, "SFR rachète la totalité de Numergy");
    assert!(!numergy.title_derived);
    assert_eq!(
        (numergy.publication.as_deref(), numergy.source.as_deref()),
        (Some("LeMagIT"), Some("lemagit"))
    );
    assert_eq!(numergy.date.unwrap().to_string(), "2015-12");
    assert_eq!(
        numergy.url.as_deref(),
        Some("https://lemagit.fr/actualites/4500259920/SFR-rachete-la-totalite-de-Numergy")
    );
    let cloudwatt = corpus.doc("cloudwatt").unwrap();
    assert_eq!(cloudwatt.source.as_deref(), Some("solnum"));
    assert_eq!(cloudwatt.date.unwrap().to_string(), "2015-01-13");
    assert_eq!(cloudwatt.url, None);
    let untitled = corpus.doc("line-4").unwrap();
    assert!(untitled.title_derived);
    assert_eq!(untitled.title, "Le cloud souverain en question");
    assert_eq!(untitled.date.unwrap().to_string(), "2016");
    assert_eq!(
        (untitled.publication.as_deref(), untitled.source.as_deref()),
        (None, None)
    );
    // Entities are recognized without a knowledge base beside the file.
    assert!(
        corpus.entities.entities.iter().any(|e| e.name == "Paris"),
        "{:?}",
        corpus.entities.entities
    );
}

#[test]
fn bad_jsonl_lines_are_each_named_and_can_be_skipped() {
    let dir = scratch("bad-jsonl");
    let app = fake_app(&dir);
    let out = dir.join("site");
    let bad = root().join("engine/tests/fixtures/jsonl/bad.jsonl");
    let (code, _, err) = site(&bad, &out, &app, &[], &dir);
    assert_eq!(code, 2, "{err}");
    let at = |line: usize| format!("{}:{line}: ", bad.display());
    for (line, needle) in [
        (2, "invalid JSON"),
        (3, "`text` is missing"),
        (4, "`date`"),
        (5, "already used on line 1"),
    ] {
        let found = err.lines().find(|l| l.contains(&at(line)));
        assert!(found.is_some_and(|l| l.contains(needle)), "line {line}: {err}");
    }
    assert!(!err.contains(&at(1)) && !err.contains(&at(6)), "{err}");
    assert!(!out.exists(), "no site from a failed load");
    let (code, _, err) = site(&bad, &out, &app, &["--skip-bad"], &dir);
    assert_eq!(code, 0, "{err}");
    for line in 2..=5 {
        assert!(err.contains(&format!("{}skipped", at(line))), "{err}");
    }
    let corpus = loupe_engine::snapshot::decode(&std::fs::read(out.join("corpus.loupe")).unwrap()).unwrap();
    let ids: Vec<&str> = corpus.docs.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["a", "e"]);
    assert_eq!(corpus.doc("a").unwrap().text, "Orange rachète Cloudwatt à Paris.");
}

#[test]
fn a_site_is_never_written_over_the_corpus_or_someone_elses_files() {
    let dir = scratch("site-refuse");
    let app = fake_app(&dir);
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::write(corpus.join("a.txt"), "Orange rachète Cloudwatt.").unwrap();
    let (code, _, err) = site(&corpus, &corpus.join("site"), &app, &[], &dir);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("inside the corpus"), "{err}");
    let (code, _, err) = site(&corpus, &app.join("site"), &app, &[], &dir);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("inside the app directory"), "{err}");
    let (code, _, err) = site(&corpus, &dir, &app, &[], &dir);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("would delete"), "{err}");
    let mine = dir.join("mine");
    std::fs::create_dir_all(&mine).unwrap();
    std::fs::write(mine.join("thesis.odt"), "years of work").unwrap();
    let (code, _, err) = site(&corpus, &mine, &app, &[], &dir);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("not a Loupe site"), "{err}");
    assert_eq!(
        std::fs::read_to_string(mine.join("thesis.odt")).unwrap(),
        "years of work"
    );
    assert_eq!(std::fs::read_dir(&mine).unwrap().count(), 1);
    assert_eq!(std::fs::read_dir(&corpus).unwrap().count(), 1);
}

#[test]
fn a_site_needs_an_app_build_with_the_corpus_placeholder() {
    let dir = scratch("site-app");
    let app = fake_app(&dir);
    std::fs::write(app.join("loupe.html"), "<!doctype html><body>old app</body>").unwrap();
    let (code, _, err) = site(&root().join("seeds"), &dir.join("site"), &app, &[], &dir);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(&format!(
            "the app in {} has no corpus placeholder in loupe.html: is it a Loupe app build of this version?",
            app.display()
        )),
        "{err}"
    );
    assert!(!dir.join("site").exists());
    let twice = "<script type=\"application/octet-stream\" id=\"loupe-corpus\"></script>".repeat(2);
    std::fs::write(app.join("loupe.html"), twice).unwrap();
    let (code, _, err) = site(&root().join("seeds"), &dir.join("site"), &app, &[], &dir);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("2 corpus placeholders"), "{err}");
    // With no --app, no app/ beside the executable and no dist/ here: where it looked, and how to build one.
    let args: [&std::ffi::OsStr; 5] = [
        "site".as_ref(),
        "--corpus".as_ref(),
        root().join("seeds").into_os_string().leak(),
        "--out".as_ref(),
        "site".as_ref(),
    ];
    let (code, _, err) = loupe_os(&args, &dir);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("dist") && err.contains("trunk build --release --offline"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn jsonl_corpora_serve_list_and_search() {
    let jsonl = root().join("engine/tests/fixtures/jsonl/articles.jsonl");
    let jsonl = jsonl.to_str().unwrap();
    let (code, out, err) = loupe(&["list", "--corpus", jsonl]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("3 articles"), "{out}");
    assert!(
        out.contains("numergy  2015-12") && out.contains("    SFR rachète la totalité de Numergy\n"),
        "{out}"
    );
    assert!(out.contains("line-4  2016") && out.contains("[derived title]"), "{out}");
    let (code, out, err) = loupe(&["search", "souverain", "--corpus", jsonl, "--json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["total"], 3);
    let (code, out, err) = loupe(&["search", "Numergy", "--corpus", jsonl, "--json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["total"], 1);
    assert_eq!(v["hits"][0]["doc"], "numergy");
    // Strict by default, on every command that reads a corpus.
    let bad = root().join("engine/tests/fixtures/jsonl/bad.jsonl");
    let (code, _, err) = loupe(&["list", "--corpus", bad.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("bad.jsonl:2: invalid JSON"), "{err}");
}

#[test]
fn cli_relations_jsonl_has_the_documented_shape_and_code_point_offsets() {
    let (code, out, err) = loupe(&["relations", "seeds/004_4aea2465524ab3c5.txt", "--format", "jsonl"]);
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("..")
            .join("seeds/004_4aea2465524ab3c5.txt"),
    )
    .unwrap();
    let chars: Vec<char> = text.chars().collect();
    let lines: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert!(!lines.is_empty());
    let keys = [
        "doc", "type", "subject", "object", "value", "date", "start", "end", "evidence",
    ];
    let mut last = 0;
    for v in &lines {
        let o = v.as_object().unwrap();
        assert_eq!(
            o.keys().collect::<std::collections::BTreeSet<_>>(),
            keys.iter()
                .map(|k| k.to_string())
                .collect::<std::collections::BTreeSet<_>>()
                .iter()
                .collect()
        );
        assert_eq!(v["doc"], "004_4aea2465524ab3c5.txt");
        assert!(loupe_engine::relations::RelationKind::parse(v["type"].as_str().unwrap()).is_some());
        let (s, e) = (
            v["start"].as_u64().unwrap() as usize,
            v["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(chars[s..e].iter().collect::<String>(), v["evidence"].as_str().unwrap());
        assert!(s >= last, "document order");
        last = s;
        assert!(v["value"].is_null() || v["value"].is_string());
        assert!(v["date"].is_null() || v["date"].as_str().unwrap().starts_with("20"));
    }
    let stake = lines
        .iter()
        .find(|v| v["type"] == "stake" && v["subject"] == "Atos")
        .expect("Atos's stake in Numergy");
    assert_eq!(
        (stake["object"].as_str(), stake["value"].as_str()),
        (Some("Numergy"), Some("20 %"))
    );
    // The catalog beside the file gives the article's date.
    assert_eq!(stake["date"], "2015-12-03");

    // The whole corpus, and a readable table by default.
    let (code, corpus_lines, _) = loupe(&["relations", "--corpus", "seeds", "--format", "jsonl"]);
    assert_eq!(code, 0);
    assert!(corpus_lines.contains(out.lines().next().unwrap()));
    let (code, table, _) = loupe(&["relations", "--corpus", "seeds"]);
    assert_eq!(code, 0);
    assert!(
        table.contains("stake") && table.contains("Atos → Numergy (20 %)"),
        "{table}"
    );
    let (code, _, err) = loupe(&["relations"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("required arguments were not provided:\n  <FILE|--corpus <PATH>>"),
        "{err}"
    );
}

#[test]
fn export_prints_the_engines_downloads_and_explains_bad_combinations() {
    use loupe_engine::export;
    use loupe_engine::search::Options;
    let corpus = loupe_engine::load_dir(&root().join("seeds")).unwrap();
    let results = corpus.search(
        "etat souverain",
        &Options {
            limit: 20,
            ..Options::default()
        },
    );
    for (args, want) in [
        (&["--what", "entities"][..], export::entities_csv(&corpus)),
        (
            &["--what", "mentions", "--format", "csv"][..],
            export::mentions_csv(&corpus),
        ),
        (&["--what", "relations"][..], export::relations_csv(&corpus)),
        (
            &["--what", "relations", "--format", "jsonl"][..],
            export::relations_jsonl(&corpus),
        ),
        (
            &["--what", "results", "--query", "etat souverain"][..],
            export::results_csv(&corpus, &results),
        ),
    ] {
        let (code, out, err) = loupe(&[&["export", "--corpus", "seeds"][..], args].concat());
        assert_eq!((code, err.as_str()), (0, ""), "{args:?}");
        assert_eq!(out, want, "{args:?}");
    }
    let (_, entities, _) = loupe(&["export", "--what", "entities"]);
    assert!(entities.starts_with("\u{feff}id,name,type,aliases,articles,mentions,description,wikidata\r\n"));
    assert!(
        entities.contains("\r\ncloudwatt,Cloudwatt,ORG,CloudWatt,5,"),
        "{entities}"
    );
    // The same writers as `search --json` and `relations --format jsonl`.
    let (_, searched, _) = loupe(&["search", "etat souverain", "--json"]);
    let (code, exported, _) = loupe(&[
        "export",
        "--what",
        "results",
        "--format",
        "json",
        "--query",
        "etat souverain",
    ]);
    assert_eq!((code, &exported), (0, &searched));
    let (_, related, _) = loupe(&["relations", "--corpus", "seeds", "--format", "jsonl"]);
    let (_, exported, _) = loupe(&["export", "--what", "relations", "--format", "jsonl"]);
    assert_eq!(exported, related);
    let (_, all, _) = loupe(&["export", "--what", "results", "--limit", "3"]);
    assert_eq!(
        all.split("\r\n").count(),
        1 + 3 + 1,
        "header, 3 articles, nothing after the last CRLF"
    );

    for (args, message) in [
        (
            &["export"][..],
            "required arguments were not provided:\n  --what <WHAT>",
        ),
        (
            &["export", "--what", "people"][..],
            "invalid value 'people' for '--what <WHAT>'\n  [possible values: results, entities, mentions, relations]",
        ),
        (
            &["export", "--what", "relations", "--format", "json"][..],
            "written as csv or jsonl",
        ),
        (
            &["export", "--what", "entities", "--format", "jsonl"][..],
            "written as csv, not",
        ),
        (
            &["export", "--what", "entities", "--query", "x"][..],
            "--query is for --what results",
        ),
        (
            &["search", "x", "--what", "entities"][..],
            "unexpected argument '--what' found",
        ),
    ] {
        let (code, out, err) = loupe(args);
        assert_eq!((code, out.as_str()), (2, ""), "{args:?}");
        assert!(err.contains(message), "{args:?}: {err}");
    }
}

#[test]
fn help_lists_every_command_and_option_within_80_columns() {
    let (code, out, err) = loupe(&["--help"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("Loupe: explore a corpus of French news"), "{out}");
    for command in [
        "search",
        "entities",
        "relations",
        "list",
        "export",
        "snapshot",
        "site",
        "help",
    ] {
        assert!(out.contains(&format!("\n  {command} ")), "{command}: {out}");
    }
    assert!(out.contains("Examples:\n  loupe search"), "{out}");
    let (code, out, _) = loupe(&["site", "--help"]);
    assert_eq!(code, 0);
    assert!(out.contains("Usage: loupe site [OPTIONS] --out <SITE>"), "{out}");
    for option in [
        "--corpus <PATH>",
        "--skip-bad",
        "--out <SITE>",
        "--app <APPDIR>",
        "--shards <WHEN>",
        "--help",
    ] {
        assert!(
            out.contains(&format!("\n      {option}\n")) || out.contains(&format!("\n  -h, {option}\n")),
            "{option}: {out}"
        );
    }
    assert!(
        out.contains("[default: auto]") && out.contains("[default: seeds]"),
        "{out}"
    );
    // Every help, short and long, fits a terminal of 80 columns.
    for command in [
        "",
        "search",
        "entities",
        "relations",
        "list",
        "export",
        "snapshot",
        "site",
    ] {
        for flag in ["-h", "--help"] {
            let args: Vec<&str> = [command, flag].into_iter().filter(|a| !a.is_empty()).collect();
            let (code, out, err) = loupe(&args);
            assert_eq!(code, 0, "{args:?}: {err}");
            for line in out.lines() {
                assert!(line.chars().count() <= 80, "{args:?}: {line:?}");
            }
        }
    }
    let (code, out, _) = loupe(&["--version"]);
    assert_eq!(
        (code, out.as_str()),
        (0, concat!("loupe ", env!("CARGO_PKG_VERSION"), "\n"))
    );
    // Without a command: the help, on standard error, as a usage error.
    let (code, out, err) = loupe(&[]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(err.contains("Usage: loupe <COMMAND>"), "{err}");
}

/// The JSON of `search --json`, `entities --format jsonl` and `relations
/// --format jsonl` is compared byte for byte with what `loupe` printed when
/// it was written by hand, before serde_json (saved in
/// engine/tests/fixtures/cli/): other tools compare these texts. The
/// controls corpus holds every kind of character JSON escapes, and DEL and
/// C1 controls, which are escaped too. When the engine's ranking or
/// recognition changes on purpose, write the file again with the command
/// in its test case (from the repository's root).
#[test]
fn json_output_is_byte_for_byte_the_documented_text() {
    let cases: [(&[&str], &str); 8] = [
        (&["search", "etat souverain", "--json"], "search-etat-souverain.json"),
        (&["search", "bill ", "--json"], "search-bill.json"),
        (&["search", "ovh or ikoula ", "--json"], "search-ovh-or-ikoula.json"),
        (
            &[
                "entities",
                "seeds/003_4db2dbfe3363038d.txt",
                "seeds/004_4aea2465524ab3c5.txt",
                "--format",
                "jsonl",
            ],
            "entities-003-004.jsonl",
        ),
        (
            &["relations", "--corpus", "seeds", "--format", "jsonl"],
            "relations-seeds.jsonl",
        ),
        (
            &[
                "search",
                "",
                "--corpus",
                "engine/tests/fixtures/cli/controls.jsonl",
                "--json",
            ],
            "search-controls.json",
        ),
        (
            &[
                "relations",
                "--corpus",
                "engine/tests/fixtures/cli/controls.jsonl",
                "--format",
                "jsonl",
            ],
            "relations-controls.jsonl",
        ),
        (
            &[
                "entities",
                "engine/tests/fixtures/cli/controls.txt",
                "--format",
                "jsonl",
                "--kb",
                "seeds/entities.toml",
            ],
            "entities-controls.jsonl",
        ),
    ];
    for (args, file) in cases {
        let (code, out, err) = loupe(args);
        assert_eq!(code, 0, "{args:?}: {err}");
        let want = std::fs::read_to_string(root().join("engine/tests/fixtures/cli").join(file)).unwrap();
        assert!(out == want, "{args:?} differs from {file}:\n{out}");
    }
    let controls = std::fs::read_to_string(root().join("engine/tests/fixtures/cli/search-controls.json")).unwrap();
    for escaped in [
        "\\u0008", "\\u000c", "\\u007f", "\\u0085", "\\u009b", "\\u001b", "\\\"", "\\\\",
    ] {
        assert!(controls.contains(escaped), "{escaped}");
    }
}
