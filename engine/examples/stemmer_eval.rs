//! Compares French stemmers on labeled word pairs from the corpus
//! (engine/tests/fixtures/stemming-pairs.tsv): how many true inflections each
//! conflates (recall) and how many distinct words it keeps apart.
//! Results and the choice they led to: docs/STEMMING.md.
//!
//! `cargo run -p loupe-engine --example stemmer_eval`

use loupe_engine::analysis::{fold, stem};

/// Lucene's FrenchLightStemmer (J. Savoy's light stemmer), ported for this comparison.
fn light(word: &str) -> String {
    let mut s: Vec<char> = word.to_lowercase().chars().collect();
    let ends = |s: &[char], suffix: &str| {
        let suf: Vec<char> = suffix.chars().collect();
        s.len() >= suf.len() && s[s.len() - suf.len()..] == suf[..]
    };
    let mut len = s.len();
    macro_rules! set {
        ($i:expr, $c:expr) => {
            s[$i] = $c
        };
    }
    let done = |s: &mut Vec<char>, len: usize| -> String { norm(&mut s[..len].to_vec()) };
    if len > 5 && s[len - 1] == 'x' {
        if s[len - 3] == 'a' && s[len - 2] == 'u' && s[len - 4] != 'e' {
            set!(len - 2, 'l');
        }
        len -= 1;
    }
    if len > 3 && s[len - 1] == 'x' {
        len -= 1;
    }
    if len > 3 && s[len - 1] == 's' {
        len -= 1;
    }
    let t = &s[..len].to_vec();
    if len > 9 && ends(t, "issement") {
        len -= 6;
        set!(len - 1, 'r');
        return done(&mut s, len);
    }
    if len > 8 && ends(t, "issant") {
        len -= 4;
        set!(len - 1, 'r');
        return done(&mut s, len);
    }
    if len > 6 && ends(t, "ement") {
        len -= 4;
        if len > 3 && ends(&s[..len], "ive") {
            len -= 1;
            set!(len - 1, 'f');
        }
        return done(&mut s, len);
    }
    if len > 7 && ends(t, "ateur") {
        len -= 3;
        set!(len - 2, 'e');
        set!(len - 1, 'r');
        return done(&mut s, len);
    }
    if len > 6 && ends(t, "trice") {
        len -= 1;
        set!(len - 3, 'e');
        set!(len - 2, 'u');
        set!(len - 1, 'r');
    }
    let t = &s[..len].to_vec();
    if len > 5 && ends(t, "ième") {
        return done(&mut s, len - 4);
    }
    if len > 7 && ends(t, "teuse") {
        len -= 2;
        set!(len - 1, 'r');
        return done(&mut s, len);
    }
    if len > 6 && ends(t, "teur") {
        len -= 1;
        set!(len - 1, 'r');
        return done(&mut s, len);
    }
    if len > 5 && ends(t, "euse") {
        return done(&mut s, len - 2);
    }
    if len > 8 && ends(t, "ère") {
        len -= 1;
        set!(len - 2, 'e');
        return done(&mut s, len);
    }
    if len > 7 && ends(t, "ive") {
        len -= 1;
        set!(len - 1, 'f');
        return done(&mut s, len);
    }
    if len > 9 && ends(t, "nnelle") {
        return done(&mut s, len - 5);
    }
    if len > 9 && ends(t, "nnel") {
        return done(&mut s, len - 3);
    }
    if len > 4 && ends(t, "ète") {
        len -= 1;
        set!(len - 2, 'e');
    }
    let t = &s[..len].to_vec();
    if len > 8 && ends(t, "ique") {
        len -= 4;
    }
    let t = &s[..len].to_vec();
    if len > 8 && ends(t, "esse") {
        return done(&mut s, len - 3);
    }
    if len > 7 && ends(t, "inage") {
        return done(&mut s, len - 3);
    }
    if len > 9 && ends(t, "isation") {
        return done(&mut s, len - 7);
    }
    if len > 9 && ends(t, "isateur") {
        return done(&mut s, len - 7);
    }
    if len > 8 && ends(t, "ation") {
        return done(&mut s, len - 5);
    }
    if len > 8 && ends(t, "ition") {
        return done(&mut s, len - 5);
    }
    done(&mut s, len)
}

/// The light stemmer's final normalization.
fn norm(s: &mut Vec<char>) -> String {
    if s.len() > 4 {
        for c in s.iter_mut() {
            *c = match *c {
                'à' | 'á' | 'â' => 'a',
                'ô' => 'o',
                'è' | 'é' | 'ê' => 'e',
                'ù' | 'û' => 'u',
                'î' => 'i',
                'ç' => 'c',
                c => c,
            };
        }
        s.dedup_by(|a, b| a == b && a.is_alphabetic());
    }
    if s.len() > 4 && s.ends_with(&['i', 'e']) {
        s.truncate(s.len() - 2);
    }
    if s.len() > 4 {
        if s.last() == Some(&'r') {
            s.pop();
        }
        if s.last() == Some(&'e') {
            s.pop();
        }
        if s.last() == Some(&'e') {
            s.pop();
        }
        let n = s.len();
        if n > 1 && s[n - 1] == s[n - 2] && s[n - 1].is_alphabetic() {
            s.pop();
        }
    }
    fold(&s.iter().collect::<String>())
}

/// A stemmer under test.
type StemFn = fn(&str) -> String;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    if std::env::args().any(|a| a == "--groups") {
        // Words of seeds/ that the light stemmer puts together, for labeling.
        let corpus = loupe_engine::load_dir("seeds".as_ref())?;
        let mut groups: std::collections::BTreeMap<String, std::collections::BTreeSet<String>> = Default::default();
        for doc in &corpus.docs {
            for t in loupe_engine::analysis::analyze(&doc.text) {
                let w = doc.text[t.range].to_lowercase();
                groups.entry(light(&w)).or_default().insert(w);
            }
        }
        for (s, words) in groups.iter().filter(|(_, w)| w.len() > 1) {
            println!("{s}: {}", words.iter().cloned().collect::<Vec<_>>().join(" "));
        }
        return Ok(());
    }
    let pairs = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/stemming-pairs.tsv"
    ))?;
    let pairs: Vec<(bool, &str, &str)> = pairs
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let mut f = l.split('\t');
            Some((f.next()? == "same", f.next()?, f.next()?))
        })
        .collect();
    let stemmers: [(&str, StemFn); 3] = [
        ("Snowball French (rust-stemmers)", stem),
        ("Lucene French light (port)", light),
        ("none (folding only)", fold),
    ];
    println!("| stemmer | same-lemma pairs conflated | distinct pairs kept apart | accuracy |");
    println!("|---|---:|---:|---:|");
    for (name, f) in stemmers {
        let same: Vec<_> = pairs.iter().filter(|p| p.0).collect();
        let diff: Vec<_> = pairs.iter().filter(|p| !p.0).collect();
        let hit = same.iter().filter(|p| f(p.1) == f(p.2)).count();
        let apart = diff.iter().filter(|p| f(p.1) != f(p.2)).count();
        println!(
            "| {name} | {hit}/{} | {apart}/{} | {:.0} % |",
            same.len(),
            diff.len(),
            100.0 * (hit + apart) as f64 / pairs.len() as f64
        );
        if std::env::args().any(|a| a == "-v") {
            for p in &same {
                if f(p.1) != f(p.2) {
                    println!("    missed: {} / {} ({} / {})", p.1, p.2, f(p.1), f(p.2));
                }
            }
            for p in &diff {
                if f(p.1) == f(p.2) {
                    println!("    merged: {} / {} ({})", p.1, p.2, f(p.1));
                }
            }
        }
    }
    Ok(())
}
