//! Cue words of French news, folded and sorted: titles before a name
//! ("Mme", "le PDG"), words that announce an organisation ("groupe",
//! "syndicat"), a product or an event ("plateforme", "salon"), a place
//! ("commune", "à"), and capitalized words that are not names ("Internet",
//! "PME"). The learned recognizer ([`super::ner`]) reads "this word is in
//! that list" as a feature and learns how much it counts; the repairs after
//! it use the titles.

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
    "ag", "agence", "airlines", "association", "autorite", "bank", "banque", "caisse", "capital", "club",
    "commission", "compagnie", "conseil", "consulting", "cooperative", "corp", "corporation", "electronic",
    "electronics", "energies", "energy", "federation", "finance", "finances", "fondation", "gmbh", "group", "groupe",
    "holding", "inc", "industries", "institut", "international", "labs", "llc", "ltd", "media", "medias",
    "ministere", "motors", "networks", "partners", "pharma", "plc", "sa", "sarl", "sas", "software", "syndicat",
    "systemes", "systems", "technologies", "technology", "telecom", "universite", "ventures",
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

/// The cue lists, named: the learned recognizer ([`super::ner`]) reads
/// "this word is a person's title", "an organisation cue"… as features.
pub(crate) const CUE_LISTS: [(&str, &[&str]); 10] = [
    ("per", PERSON_CUES),
    ("perapp", PERSON_APPOSITION),
    ("org", ORG_CUES),
    ("orgw", ORG_WORDS),
    ("misc", MISC_CUES),
    ("place", PLACE_CUES),
    ("title", TITLES),
    ("nn", NOT_NAMES),
    ("open", OPENERS),
    ("part", PARTICLES),
];

/// Titles written before a name (for the learned recognizer's repairs).
pub(crate) const TITLES_LIST: &[&str] = TITLES;

/// `folded` is in `list` (sorted).
pub(crate) fn is_listed(list: &[&str], folded: &str) -> bool {
    list.binary_search(&folded).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::fold;

    #[test]
    fn lists_are_sorted_and_folded() {
        for (name, list) in CUE_LISTS {
            assert!(
                list.windows(2).all(|p| p[0] < p[1]),
                "{name}: {:?}",
                list.windows(2).find(|p| p[0] >= p[1])
            );
            assert!(list.iter().all(|w| fold(w) == *w), "{name}");
        }
        assert!(is_listed(TITLES_LIST, "mme"));
        assert!(!is_listed(TITLES_LIST, "orange"));
    }
}
