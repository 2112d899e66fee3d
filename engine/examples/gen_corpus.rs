//! Generates a reproducible scale corpus of French-like news articles, as JSON
//! lines `{"id", "title", "text"}`, for the benchmarks (docs/BENCHMARKS.md).
//!
//! Vocabulary: the words of seeds/ by frequency, then a real French word list
//! (Debian's `wfrench`, /usr/share/dict/french) in a fixed shuffled order;
//! words are drawn from a Zipf distribution over that vocabulary, with entity
//! names of the corpus and French numbers ("44,3 %", "75 millions d'euros")
//! mixed in. Same arguments, same bytes.
//!
//! `cargo run --release -p loupe-engine --example gen_corpus -- DOCS OUT.jsonl`

use loupe_engine::analysis::analyze;
use std::collections::BTreeMap;
use std::io::Write;

/// SplitMix64: small, deterministic, good enough for sampling.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

const ENTITIES: &[&str] = &[
    "Orange",
    "SFR",
    "Cloudwatt",
    "Numergy",
    "Caisse des Dépôts",
    "Thales",
    "Thalès",
    "Atos",
    "Bull",
    "Altice",
    "Numericable",
    "OVH",
    "Gandi",
    "Ikoula",
    "Dassault Systèmes",
    "l’État",
    "Axelle Lemaire",
    "Guillaume de Lavallade",
    "Philippe Tavernier",
    "Didier Renard",
    "Patrick Strack",
    "Bercy",
    "Bruxelles",
    "Paris",
    "Val-de-Reuil",
    "OpenStack",
    "Andromède",
    "Amazon",
    "Microsoft",
    "Google",
    "IBM",
    "HPE",
    "Orange Cloud for Business",
    "Atos-Bull",
];

const NUMBERS: &[&str] = &[
    "44,3 %",
    "33 %",
    "20 %",
    "33,3 %",
    "75 millions d’euros",
    "2 millions d'euros",
    "150 millions",
    "1 200 clients",
    "2 000",
    "78 %",
    "en 2012",
    "en 2014",
    "mars 2015",
    "le 13 octobre",
    "1,5 milliard de dollars",
    "31 M€",
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let docs: usize = args.next().ok_or("usage: gen_corpus DOCS OUT.jsonl")?.parse()?;
    let out = args.next().ok_or("usage: gen_corpus DOCS OUT.jsonl")?;
    let seeds = loupe_engine::load_dir("seeds".as_ref())?;

    // Seed words by frequency (most frequent first), then wfrench in a fixed shuffled order.
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for doc in &seeds.docs {
        for t in analyze(&doc.text) {
            let w = &doc.text[t.range];
            if w.chars().all(char::is_alphabetic) {
                *counts.entry(w.to_lowercase()).or_default() += 1;
            }
        }
    }
    let mut vocab: Vec<(String, usize)> = counts.into_iter().collect();
    vocab.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut words: Vec<String> = vocab.into_iter().map(|(w, _)| w).collect();
    let list = std::fs::read_to_string("/usr/share/dict/french")
        .map_err(|e| format!("cannot read /usr/share/dict/french ({e}): apt-get install wfrench"))?;
    let mut french: Vec<&str> = list.lines().filter(|w| !w.is_empty() && !w.contains('\'')).collect();
    let mut rng = Rng(0x10u64 << 32 | docs as u64);
    for i in (1..french.len()).rev() {
        french.swap(i, rng.below(i + 1));
    }
    words.extend(french.into_iter().map(str::to_owned));

    // Zipf (s = 1) over ranks, sampled by inverse CDF.
    let mut cdf = Vec::with_capacity(words.len());
    let mut sum = 0.0;
    for rank in 1..=words.len() {
        sum += 1.0 / rank as f64;
        cdf.push(sum);
    }
    let mut rng = Rng(0x5eed);
    let word = |rng: &mut Rng| -> String {
        let x = rng.unit() * sum;
        let i = cdf.partition_point(|&c| c < x).min(words.len() - 1);
        words[i].clone()
    };

    let mut file = std::io::BufWriter::new(std::fs::File::create(&out)?);
    let mut bytes = 0usize;
    for n in 0..docs {
        let sentence = |rng: &mut Rng, len: usize| -> String {
            let mut parts: Vec<String> = Vec::with_capacity(len);
            for _ in 0..len {
                let roll = rng.unit();
                if roll < 0.04 {
                    parts.push(ENTITIES[rng.below(ENTITIES.len())].to_owned());
                } else if roll < 0.055 {
                    parts.push(NUMBERS[rng.below(NUMBERS.len())].to_owned());
                } else {
                    parts.push(word(rng));
                }
                if rng.unit() < 0.06 {
                    if let Some(p) = parts.last_mut() {
                        p.push(',');
                    }
                }
            }
            let mut s = parts.join(" ").trim_end_matches(',').to_owned();
            if let Some(first) = s.chars().next() {
                s = first.to_uppercase().chain(s.chars().skip(1)).collect();
            }
            s
        };
        let title_len = 5 + rng.below(7);
        let title = sentence(&mut rng, title_len);
        let mut paragraphs = Vec::new();
        for _ in 0..3 + rng.below(4) {
            let mut sentences = Vec::new();
            for _ in 0..2 + rng.below(4) {
                let len = 8 + rng.below(18);
                sentences.push(format!("{}.", sentence(&mut rng, len)));
            }
            paragraphs.push(sentences.join(" "));
        }
        let text = paragraphs.join("\n\n");
        bytes += text.len();
        let line = serde_json::json!({ "id": format!("g{n:06}"), "title": title, "text": text });
        writeln!(file, "{line}")?;
    }
    file.flush()?;
    eprintln!(
        "{docs} articles, {:.1} MB of text, written to {out}",
        bytes as f64 / 1e6
    );
    Ok(())
}
