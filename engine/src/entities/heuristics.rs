//! Names the knowledge base does not know: sequences of capitalized words
//! (with French particles: "Guillaume de Lavallade", "Caisse des Dépôts"),
//! typed by cues around them, then made consistent across the text.
//!
//! ```
//! use loupe_engine::entities::{heuristics, EntityType};
//! let found = heuristics::find("Le PDG de Zephyra, Marc Delorme, a ouvert un site à Rennes.");
//! let typed: Vec<_> = found.iter().map(|m| (m.canonical.as_str(), m.kind)).collect();
//! assert_eq!(typed, [("Zephyra", EntityType::Org), ("Marc Delorme", EntityType::Per), ("Rennes", EntityType::Loc)]);
//! ```
//!
//! The steps, each a function below:
//! 1. **Words**: the tokenizer's pieces, hyphenated words joined ("Val-de-Reuil"),
//!    each knowing whether it starts a sentence and what precedes it.
//! 2. **Candidates**: runs of capitalized words, joined by particles (de, du,
//!    des, d’, la, le, von, van, of, for…) only when a capitalized word follows;
//!    leading function words dropped ("Après Numergy" → "Numergy"), words that
//!    are capitalized without being names dropped ("Cloud", "Internet", "PME").
//!    A lone word that starts a sentence is kept only when the text also writes
//!    it capitalized elsewhere, or it is an acronym, a known first name or place.
//! 3. **Types**, first cue that applies: the French State ("l’État"); the
//!    gazetteer of places; a person's title or role before ("le PDG", "Mme",
//!    "président") or after (", directeur de…"); a known first name; an
//!    organisation cue (groupe, société, legal forms, words like "Systèmes");
//!    a product or programme cue (offre, plateforme, conférence, digits in the
//!    name); a place cue (à, en, dans l’); else an organisation.
//! 4. **Consistency**: one folded name gets the type of its best-cued
//!    mention everywhere in the text; a surname alone joins the person named
//!    in full earlier ("Tavernier" → "Philippe Tavernier").

use super::{id_of, EntityType, Mention, Source};
use crate::analysis::elision::is_apostrophe;
use crate::analysis::{fold, is_stop_word, Token, TokenKind};
use std::borrow::Cow;
use std::ops::Range;

/// Capitalized words that are not names in news text: common nouns written
/// with a capital, titles, generic acronyms. Folded, sorted.
#[rustfmt::skip]
const NOT_NAMES: &[&str] = &[
    "administration", "api", "b2b", "b2c", "bourse", "ceo", "cloud", "cto", "culture", "defense", "dg", "dsi",
    "economie", "education", "entreprise", "entreprises", "etat-major", "eti", "finances", "gouvernement", "hebdo",
    "iaas", "industrie", "infrastructure", "interieur", "internet", "iot", "isv", "it", "justice", "madame",
    "messieurs", "monsieur", "numerique", "paas", "pdg", "pib", "pme", "president", "presidente", "r&d", "rgpd",
    "rh", "saas", "sante", "service", "services", "soc", "ssii", "tpe", "travail", "tva", "web",
];

/// Words that start sentences and headings without being names (beyond
/// the stop words): adverbs, verbs, pronouns, determiners. Folded, sorted.
#[rustfmt::skip]
const OPENERS: &[&str] = &[
    "ainsi", "alors", "apres", "au", "aucun", "aucune", "aujourd", "aussi", "autre", "autrement", "avant", "bref",
    "car", "cependant", "certes", "chaque", "chez", "comment", "connu", "d'autres", "de", "deja", "depuis", "desormais",
    "donc", "encore", "enfin", "ensuite", "entre", "face", "faut", "hier", "ici", "la", "las", "lorsque", "malgre",
    "mieux", "outre", "parce", "parfois", "pendant", "peut-etre", "pourtant", "puis", "quand", "quant", "quel",
    "quelle", "quels", "quid", "rien", "selon", "seul", "seule", "tandis", "tant", "toutefois", "tres", "voici",
    "voila",
];

/// Titles written before a name, not part of it: "Mme Kowalczyk" is "Kowalczyk". Folded, sorted.
const TITLES: &[&str] = &[
    "docteur",
    "dr",
    "m",
    "madame",
    "mademoiselle",
    "me",
    "mlle",
    "mme",
    "monsieur",
    "pr",
];

/// Particles inside names, lower case: "Guillaume de Lavallade", "Orange Cloud for Business".
const PARTICLES: &[&str] = &[
    "da", "de", "del", "della", "der", "des", "di", "du", "for", "la", "le", "of", "van", "von",
];

/// Words before a person's name, folded: titles and roles.
#[rustfmt::skip]
const PERSON_CUES: &[&str] = &[
    "acteur", "actrice", "analyste", "ancien", "ancienne", "avocat", "avocate", "ceo", "chanteur", "chanteuse",
    "chercheur", "chercheuse", "cofondateur", "commissaire", "cto", "depute", "deputee", "dg", "directeur",
    "directrice", "dirigeant", "dirigeante", "docteur", "dr", "economiste", "ecrivain", "fondateur", "fondatrice",
    "joueur", "joueuse", "journaliste", "judoka", "juge", "m", "madame", "maire", "ministre", "mlle", "mme",
    "monsieur", "patron", "patronne", "pdg", "porte-parole", "pr", "president", "presidente", "professeur",
    "professeure", "rapporteur", "responsable", "secretaire", "senateur", "senatrice", "sportif", "sportive",
];

/// Words after ", " that say the name before was a person: ", le nouveau directeur…".
#[rustfmt::skip]
const PERSON_APPOSITION: &[&str] = &[
    "ancien", "ancienne", "ceo", "cofondateur", "cto", "depute", "dg", "directeur", "directrice", "dirigeant",
    "fondateur", "fondatrice", "maire", "ministre", "patron", "patronne", "pdg", "president", "presidente",
    "responsable", "secretaire",
];

/// Words that may open an apposition before the role: ", le nouveau directeur". Folded, sorted.
const APPOSITION_LEAD: &[&str] = &[
    "actuel", "actuelle", "l", "la", "le", "notre", "nouveau", "nouvelle", "sa", "son",
];

/// Words before an organisation's name, folded.
#[rustfmt::skip]
const ORG_CUES: &[&str] = &[
    "agence", "association", "assureur", "banque", "cabinet", "chez", "compagnie", "concurrent", "consortium",
    "constructeur", "editeur", "entreprise", "federation", "filiale", "firme", "fonds", "fournisseur", "groupe",
    "hebergeur", "industriel", "integrateur", "journal", "laboratoire", "magazine", "operateur", "partenaire",
    "quotidien", "rival", "site", "societe", "start-up", "startup", "syndicat",
];

/// Words inside or after a name that make it an organisation, folded.
#[rustfmt::skip]
const ORG_WORDS: &[&str] = &[
    "ag", "agence", "autorite", "bank", "banque", "caisse", "capital", "commission", "conseil", "consulting",
    "corp", "corporation", "fondation", "gmbh", "group", "groupe", "inc", "institut", "labs", "llc", "ltd",
    "ministere", "networks", "partners", "plc", "sa", "sarl", "sas", "software", "systemes", "systems",
    "technologies", "telecom", "universite",
];

/// Words before a product, technology, programme or event, folded.
#[rustfmt::skip]
const MISC_CUES: &[&str] = &[
    "api", "application", "conference", "evenement", "framework", "initiative", "label", "logiciel", "marque",
    "nom", "norme", "offre", "outil", "plan", "plateforme", "produit", "programme", "projet", "salon", "service",
    "solution", "sous", "standard", "technologie", "version",
];

/// Words before a place, folded.
#[rustfmt::skip]
const PLACE_CUES: &[&str] = &[
    "a", "commune", "departement", "en", "pays", "pres", "region", "vers", "ville",
];

/// First names, folded: common in French news, French and international.
#[rustfmt::skip]
const FIRST_NAMES: &[&str] = &[
    "adrien", "agnes", "alain", "alexandre", "alexis", "alice", "amandine", "amelie", "anne", "antoine", "arnaud",
    "arthur", "audrey", "aurelie", "axelle", "bernard", "bertrand", "bill", "brigitte", "bruno", "camille",
    "carlos", "caroline", "catherine", "cecile", "cedric", "celine", "charles", "chloe", "christian", "christine",
    "christophe", "claire", "claude", "clement", "corinne", "cyril", "damien", "daniel", "david", "denis", "didier",
    "dominique", "edouard", "elisabeth", "elise", "elon", "emilie", "emma", "emmanuel", "emmanuelle", "eric",
    "estelle", "etienne", "fabien", "fabrice", "fleur", "florence", "florian", "francois", "francoise", "frederic",
    "gabriel", "gerald", "gerard", "gilles", "guillaume", "guy", "helene", "henri", "herve", "hugo", "isabelle",
    "jacques", "jean", "jean-baptiste", "jean-claude", "jean-francois", "jean-louis", "jean-luc", "jean-marc",
    "jean-michel", "jean-paul", "jean-pierre", "jeff", "jerome", "joel", "john", "jose", "julie", "julien",
    "justine", "karine", "laurence", "laurent", "lea", "louis", "luc", "lucas", "lucie", "manon", "marc", "marie",
    "marine", "mark", "martin", "martine", "mathieu", "matthieu", "maxime", "michel", "michele", "mickael",
    "nathalie", "nicolas", "octave", "olivier", "pascal", "patricia", "patrick", "paul", "philippe", "pierre",
    "rachel", "raphael", "remi", "renaud", "richard", "robert", "romain", "sabine", "samuel", "sandrine", "sarah",
    "satya", "sebastien", "segolene", "serge", "simon", "sophie", "stephane", "stephanie", "steve", "sundar",
    "sylvie", "teddy", "thierry", "thomas", "tim", "valerie", "vincent", "virginie", "xavier", "yann", "yannick",
    "yves",
];

/// Places, folded: continents, countries, French regions and départements
/// often in the news, major French and world cities.
#[rustfmt::skip]
const PLACES: &[&str] = &[
    "afrique", "allemagne", "alsace", "amerique", "amsterdam", "angleterre", "aquitaine", "asie", "auvergne",
    "barcelone", "belgique", "berlin", "bordeaux", "bourgogne", "bretagne", "bruxelles", "californie", "canada",
    "chine", "corse", "danemark", "dublin", "espagne", "etats-unis", "eure", "europe", "finlande", "france",
    "francfort", "geneve", "grenoble", "hong kong", "ile-de-france", "inde", "irlande", "italie", "japon",
    "la defense", "lille", "londres", "luxembourg", "lyon", "madrid", "marseille", "milan", "montpellier", "moscou",
    "nantes", "new york", "nice", "normandie", "norvege", "occitanie", "paris", "pays-bas", "pekin", "pologne",
    "portugal", "provence", "rennes", "roubaix", "royaume-uni", "russie", "san francisco", "seattle", "shanghai",
    "silicon valley", "singapour", "strasbourg", "suede", "suisse", "tokyo", "toulouse", "val-de-reuil",
    "washington",
];

/// `folded` is in `list` (sorted: a test checks it).
fn listed(list: &[&str], folded: &str) -> bool {
    list.binary_search(&folded).is_ok()
}

/// A word of the text (hyphenated parts joined).
#[derive(Debug, Clone)]
struct Word<'t> {
    range: Range<usize>,
    /// Folded form (the analyzer's term; joined for hyphenated words).
    folded: Cow<'t, str>,
    /// A word, not a number or a symbol.
    word: bool,
    /// First letter upper case, or an upper-case letter inside ("eNovance").
    capitalized: bool,
    /// Two or more letters, all upper case ("SFR", "ANSSI").
    acronym: bool,
    /// The first word of a sentence, a heading or a quotation.
    starts_sentence: bool,
    /// An upper-case letter after a lower-case start or inside ("eNovance", "ZDnet").
    camel: bool,
    /// After an elided article ("l’État", "d’Atos").
    elided: bool,
    /// After an elided "d’" ("Caisse d’Épargne").
    after_d: bool,
    /// Only spaces between this word and the previous one.
    tight: bool,
}

/// Step 1: the words of `text`.
fn words<'t>(text: &str, tokens: &'t [Token]) -> Vec<Word<'t>> {
    let mut out: Vec<Word> = Vec::new();
    let mut prev_end = 0;
    for t in tokens {
        // Hyphen-joined words are one: "Atos-Bull", "Val-de-Reuil".
        let gap = &text[prev_end..t.range.start];
        if matches!(gap, "-" | "\u{2010}" | "\u{2011}") && t.kind == TokenKind::Word {
            if let Some(last) = out.last_mut().filter(|w| w.range.end == prev_end && w.word) {
                last.range.end = t.range.end;
                last.folded = Cow::Owned(format!("{}-{}", last.folded, t.term));
                last.acronym = is_acronym(&text[last.range.clone()]);
                prev_end = t.range.end;
                continue;
            }
        }
        let written = &text[t.range.clone()];
        // The analyzer dropped elided articles: "l’" or "d’" is left in the gap.
        let elided = gap.chars().next_back().is_some_and(is_apostrophe);
        let article = if elided { gap.trim_start() } else { "" };
        let after_d = elided && article.chars().next().is_some_and(|c| c == 'd' || c == 'D');
        let before = text[..t.range.start - article.len()].trim_end_matches(|c: char| c.is_whitespace());
        let starts_sentence = out.is_empty()
            || gap.contains('\n')
            || before.ends_with(['.', '!', '?', '…', ':', '«', '"', '“', '(', '–', '—']);
        let word = t.kind == TokenKind::Word;
        // Per-word work is most of the time spent here: bytes where ASCII decides.
        let first_upper = word
            && match written.as_bytes().first() {
                Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
                _ => written.chars().next().is_some_and(char::is_uppercase),
            };
        let inner_upper = word
            && written.as_bytes().iter().skip(1).any(u8::is_ascii_uppercase)
            && written.bytes().any(|b| b.is_ascii_lowercase());
        // "Cloud28" and "+" of "Cloud28+": the plus belongs to the name.
        let mut range = t.range.clone();
        if text[range.end..].starts_with('+') && written.chars().last().is_some_and(|c| c.is_ascii_digit()) {
            range.end += 1;
        }
        out.push(Word {
            folded: Cow::Borrowed(&t.term),
            word,
            capitalized: first_upper || inner_upper,
            camel: inner_upper,
            acronym: (first_upper || inner_upper) && is_acronym(written),
            starts_sentence,
            elided,
            after_d,
            tight: gap.chars().all(|c| c == ' ' || c == '\u{a0}'),
            range,
        });
        prev_end = t.range.end;
    }
    out
}

fn is_acronym(w: &str) -> bool {
    let letters = w.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 2 && w.chars().all(|c| !c.is_lowercase())
}

/// A run of words that may be a name.
#[derive(Debug, Clone)]
struct Candidate {
    /// Indices into the words.
    first: usize,
    last: usize,
}

/// Step 2: capitalized runs, trimmed of what is not a name.
fn candidates(w: &[Word]) -> Vec<Candidate> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < w.len() {
        if !w[i].capitalized {
            i += 1;
            continue;
        }
        let mut last = i;
        loop {
            let next = last + 1;
            match w.get(next) {
                Some(n) if n.capitalized && n.tight && !n.starts_sentence => last = next,
                // A particle joins only when a capitalized word follows: "Caisse des Dépôts", "Caisse d’Épargne".
                Some(n)
                    if n.tight
                        && listed(PARTICLES, &n.folded)
                        && w.get(next + 1).is_some_and(|m| m.capitalized && (m.tight || m.elided)) =>
                {
                    last = next + 1;
                }
                Some(n) if n.capitalized && n.after_d && !n.starts_sentence => last = next,
                _ => break,
            }
        }
        // "l’État français": the State, adjective included.
        if w[last].folded == "etat" && w.get(last + 1).is_some_and(|n| n.tight && n.folded == "francais") {
            last += 1;
        }
        // Drop function words and non-names at the edges: "Après Numergy", "Cloud OpenStack".
        let mut first = i;
        let drop = |x: &Word| {
            is_stop_word(&x.folded)
                || listed(OPENERS, &x.folded)
                || listed(NOT_NAMES, &x.folded)
                || listed(TITLES, &x.folded)
        };
        while first <= last && drop(&w[first]) {
            first += 1;
        }
        let mut end = last;
        while end >= first && (end == first && listed(NOT_NAMES, &w[end].folded) || listed(PARTICLES, &w[end].folded)) {
            if end == 0 {
                break;
            }
            end -= 1;
        }
        if first <= end && end <= last {
            out.push(Candidate { first, last: end });
        }
        i = last + 1;
    }
    out
}

/// The folded words `range` of a candidate, joined by spaces.
fn folded_name(w: &[Word], c: &Candidate) -> String {
    w[c.first..=c.last]
        .iter()
        .map(|x| x.folded.as_ref())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The nearest words before word `at`, skipping words that are not names
/// ("offre Cloud OpenStack" reads "offre"), within the sentence.
fn before<'a, 't>(w: &'a [Word<'t>], at: usize, n: usize) -> Vec<&'a Word<'t>> {
    let mut out = Vec::new();
    let mut i = at;
    while i > 0 && out.len() < n {
        if w[i].starts_sentence {
            break;
        }
        i -= 1;
        // A capitalized non-name is skipped ("offre Cloud OpenStack" reads "offre"); cue words in lower case count.
        if !(w[i].capitalized && listed(NOT_NAMES, &w[i].folded)) || listed(PERSON_CUES, &w[i].folded) {
            out.push(&w[i]);
        }
    }
    out
}

/// How sure a type is: from a cue, or only by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Strength {
    Default,
    Cue,
    Lexicon,
}

/// Step 3: the type of candidate `c`, and how sure it is.
fn type_of(text: &str, w: &[Word], c: &Candidate) -> (EntityType, Strength) {
    let name = folded_name(w, c);
    let words = &w[c.first..=c.last];
    let prev = before(w, c.first, 3);
    if name == "etat" || name == "etat francais" {
        return (EntityType::Org, Strength::Lexicon);
    }
    if listed(PLACES, &name) {
        return (EntityType::Loc, Strength::Lexicon);
    }
    let given = &words[0].folded;
    let first_name = !words[0].acronym
        && (listed(FIRST_NAMES, given) || given.contains('-') && given.split('-').all(|g| listed(FIRST_NAMES, g)));
    // The cue right before the name, or before a comma: "le PDG Jules Ferrand", "le PDG, Jules Ferrand".
    let cue_next = prev.first().is_some_and(|p| {
        listed(PERSON_CUES, &p.folded) && matches!(text[p.range.end..w[c.first].range.start].trim(), "" | "," | ".")
    });
    if cue_next && !words[0].acronym {
        return (EntityType::Per, Strength::Cue);
    }
    // ", le nouveau directeur exécutif de…": an apposition names a role.
    let after = &text[w[c.last].range.end..];
    if let Some(rest) = after.strip_prefix(',') {
        let said: Vec<String> = rest
            .split(|ch: char| !ch.is_alphanumeric() && ch != '-')
            .filter(|s| !s.is_empty())
            .take(4)
            .map(fold)
            .collect();
        // The role opens the apposition, after at most a determiner and an adjective
        // (", le nouveau directeur"), not further on (", Bruno Le Maire").
        let opening = said.iter().skip_while(|s| listed(APPOSITION_LEAD, s)).take(1);
        if opening.clone().any(|s| listed(PERSON_APPOSITION, s)) && !words.iter().any(|x| x.acronym) {
            return (EntityType::Per, Strength::Cue);
        }
    }
    if first_name && (words.len() >= 2 || !words[0].starts_sentence) {
        return (EntityType::Per, Strength::Lexicon);
    }
    if words.iter().any(|x| listed(ORG_WORDS, &x.folded))
        || w.get(c.last + 1)
            .is_some_and(|n| n.tight && listed(ORG_WORDS, &n.folded) && n.acronym)
    {
        return (EntityType::Org, Strength::Cue);
    }
    if prev.first().is_some_and(|p| listed(ORG_CUES, &p.folded)) {
        return (EntityType::Org, Strength::Cue);
    }
    let digits = text[w[c.first].range.start..w[c.last].range.end]
        .chars()
        .any(|ch| ch.is_ascii_digit());
    if digits || listed(MISC_CUES, &words[0].folded) && words.len() >= 2 {
        return (EntityType::Misc, Strength::Cue);
    }
    if prev.iter().take(2).any(|p| listed(MISC_CUES, &p.folded)) {
        return (EntityType::Misc, Strength::Cue);
    }
    let place_cue = prev.first().is_some_and(|p| listed(PLACE_CUES, &p.folded))
        || prev.first().is_some_and(|p| p.folded == "dans") && words[0].elided;
    // "à Val de Rueil" but not "à Red Hat" or "à ZDnet": places of several words have particles.
    let place_like = words.len() == 1
        || words
            .iter()
            .any(|x| listed(PARTICLES, &x.folded) || x.folded.contains('-'));
    if place_cue && place_like && !words.iter().any(|x| x.acronym || x.camel) {
        return (EntityType::Loc, Strength::Cue);
    }
    (EntityType::Org, Strength::Default)
}

/// Names in `text` by capitals and cues, in text order, never overlapping.
/// Every mention has [`Source::Heuristic`].
pub fn find(text: &str) -> Vec<Mention> {
    find_in(text, &super::words_of(crate::analysis::analyze(text)))
}

/// Names, from `text`'s tokens without compounds (shared by every recognizer).
pub fn find_in(text: &str, tokens: &[Token]) -> Vec<Mention> {
    let w = words(text, tokens);
    // Words the text writes capitalized where no sentence starts: evidence that they are names.
    let mut inside: Vec<&str> = w
        .iter()
        .filter(|x| x.capitalized && !x.starts_sentence)
        .map(|x| x.folded.as_ref())
        .collect();
    inside.sort_unstable();
    inside.dedup();
    let mut found: Vec<(Candidate, EntityType, Strength, String)> = Vec::new();
    for c in candidates(&w) {
        let name = folded_name(&w, &c);
        let lone = c.first == c.last;
        let x = &w[c.first];
        if lone && listed(NOT_NAMES, &x.folded) {
            continue;
        }
        // "l’État" is the State; "secrétaire d’État" a title.
        if name == "etat" && !x.elided {
            continue;
        }
        if name.starts_with("etat") && c.first >= 1 && x.after_d && w[c.first - 1].folded == "secretaire" {
            continue;
        }
        if lone
            && x.starts_sentence
            && !x.acronym
            && inside.binary_search(&x.folded.as_ref()).is_err()
            && !listed(PLACES, &x.folded)
        {
            continue;
        }
        let (kind, strength) = type_of(text, &w, &c);
        found.push((c, kind, strength, name));
    }
    // Step 4: one type per folded name, by a vote of its mentions: a lexicon
    // counts 6, a cue 2, the default 1, so one stray cue ("à Numergy") does
    // not outvote a name written forty times without one.
    let mut votes: Vec<(String, [u32; EntityType::ALL.len()], Strength)> = Vec::new();
    for (_, kind, strength, name) in &found {
        let weight = match strength {
            Strength::Lexicon => 6,
            Strength::Cue => 2,
            Strength::Default => 1,
        };
        let at = match votes.iter().position(|(n, _, _)| n == name) {
            Some(at) => at,
            None => {
                votes.push((name.clone(), [0; EntityType::ALL.len()], Strength::Default));
                votes.len() - 1
            }
        };
        votes[at].1[*kind as usize] += weight;
        votes[at].2 = votes[at].2.max(*strength);
    }
    let best: Vec<(String, EntityType, Strength)> = votes
        .into_iter()
        .map(|(name, counts, strength)| {
            // Ties go to the first type in display order (PER, ORG, LOC, MISC).
            let top = (0..counts.len())
                .max_by_key(|&i| (counts[i], std::cmp::Reverse(i)))
                .unwrap_or(1);
            (name, EntityType::ALL[top], strength)
        })
        .collect();
    // Persons named in full, for surnames alone later.
    let people: Vec<(String, String)> = found
        .iter()
        .filter(|(c, ..)| c.last > c.first)
        .filter(|(_, _, _, name)| best.iter().any(|(n, k, _)| n == name && *k == EntityType::Per))
        .map(|(c, ..)| {
            (
                w[c.last].folded.to_string(),
                text[w[c.first].range.start..w[c.last].range.end].to_owned(),
            )
        })
        .collect();
    found
        .into_iter()
        .map(|(c, _, _, name)| {
            let (kind, strength) = best
                .iter()
                .find(|(n, _, _)| *n == name)
                .map_or((EntityType::Org, Strength::Default), |b| (b.1, b.2));
            let range = w[c.first].range.start..w[c.last].range.end;
            let written = text[range.clone()].to_owned();
            let full = (c.first == c.last)
                .then(|| people.iter().find(|(surname, _)| *surname == name))
                .flatten();
            let (kind, canonical) = match full {
                Some((_, full)) => (EntityType::Per, full.clone()),
                None if kind == EntityType::Org && (name == "etat" || name == "etat francais") => {
                    (kind, "État".to_owned())
                }
                None => (kind, written),
            };
            Mention {
                range,
                kind,
                id: id_of(&canonical),
                canonical,
                source: Source::Heuristic,
                confidence: match strength {
                    Strength::Lexicon => 0.8,
                    Strength::Cue => 0.7,
                    Strength::Default => 0.5,
                },
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(text: &str) -> Vec<(String, &'static str)> {
        find(text)
            .into_iter()
            .map(|m| (text[m.range].to_owned(), m.kind.as_str()))
            .collect()
    }

    fn t(text: &str, want: &[(&str, &str)]) {
        let got = typed(text);
        let want: Vec<(String, &str)> = want.iter().map(|(a, b)| ((*a).to_owned(), *b)).collect();
        assert_eq!(got, want, "{text}");
    }

    #[test]
    fn lists_are_sorted_and_folded() {
        for list in [
            NOT_NAMES,
            OPENERS,
            TITLES,
            APPOSITION_LEAD,
            PERSON_CUES,
            PERSON_APPOSITION,
            ORG_CUES,
            ORG_WORDS,
            MISC_CUES,
            FIRST_NAMES,
            PLACES,
        ] {
            assert!(
                list.windows(2).all(|p| p[0] < p[1]),
                "{:?}",
                list.windows(2).find(|p| p[0] >= p[1])
            );
            assert!(list.iter().all(|w| fold(w) == *w), "{list:?}");
        }
    }

    #[test]
    fn names_with_particles_are_one_person() {
        t(
            "Selon Guillaume de Lavallade, rien ne change.",
            &[("Guillaume de Lavallade", "PER")],
        );
        t(
            "Elle a rencontré Marie-Claire Dubois hier.",
            &[("Marie-Claire Dubois", "PER")],
        );
    }

    #[test]
    fn roles_and_titles_make_persons() {
        t("Le PDG, Jules Ferrand, a parlé.", &[("Jules Ferrand", "PER")]);
        t("Selon Mme Kowalczyk, tout va bien.", &[("Kowalczyk", "PER")]);
        t(
            "Il a vu Ferrand, directeur de Kelvia.",
            &[("Ferrand", "PER"), ("Kelvia", "ORG")],
        );
        t(
            "Il a vu Jules Ferrand, directeur de Kelvia.",
            &[("Jules Ferrand", "PER"), ("Kelvia", "ORG")],
        );
    }

    #[test]
    fn sentence_initial_words_need_evidence() {
        t("Décidément, rien ne va.", &[]);
        t(
            "Zephyra recrute. Le groupe Zephyra grandit.",
            &[("Zephyra", "ORG"), ("Zephyra", "ORG")],
        );
        t("Rappelons que Kelvia existe.", &[("Kelvia", "ORG")]);
    }

    #[test]
    fn capitalized_common_words_are_not_names() {
        t("Les PME du Cloud et de l'IoT passent par Internet.", &[]);
        t("Une offre IaaS pour les ETI.", &[]);
    }

    #[test]
    fn the_state_is_an_organisation_but_not_in_titles() {
        t("L'opération est soutenue par l’État.", &[("État", "ORG")]);
        t("La secrétaire d'Etat chargée du Numérique parle.", &[]);
        let m = find("soutenu par l'Etat français");
        assert_eq!(m[0].canonical, "État");
    }

    #[test]
    fn places_by_gazetteer_and_cues() {
        t(
            "Un centre à Clermont et un autre en Bretagne.",
            &[("Clermont", "LOC"), ("Bretagne", "LOC")],
        );
        t(
            "Un datacenter dans l'Eure, à Val de Rueil.",
            &[("Eure", "LOC"), ("Val de Rueil", "LOC")],
        );
    }

    #[test]
    fn products_programmes_and_events_are_misc() {
        t(
            "La conférence Tech Summit ouvre, avec le projet Borealis.",
            &[("Tech Summit", "MISC"), ("Borealis", "MISC")],
        );
        t("Le catalogue Cloud28+ compte 600 services.", &[("Cloud28+", "MISC")]);
    }

    #[test]
    fn one_name_one_type_and_surnames_join_the_full_name() {
        let text = "Le service Borealis arrive. Plus tard, Borealis sera payant. Sophie Marceau, présidente, \
                    l'a dit ; Marceau confirme.";
        let m = find(text);
        let kinds: Vec<_> = m.iter().map(|m| (m.canonical.as_str(), m.kind.as_str())).collect();
        assert_eq!(
            kinds,
            [
                ("Borealis", "MISC"),
                ("Borealis", "MISC"),
                ("Sophie Marceau", "PER"),
                ("Sophie Marceau", "PER")
            ]
        );
        assert_eq!(m[2].id, m[3].id);
    }

    #[test]
    fn acronyms_and_camel_case_are_organisations() {
        t(
            "L'ANSSI et eNovance discutent avec OVH.",
            &[("ANSSI", "ORG"), ("eNovance", "ORG"), ("OVH", "ORG")],
        );
    }
}
