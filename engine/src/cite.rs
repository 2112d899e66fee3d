//! A reference to an article that a journalist can paste: title,
//! publication, date at its own precision (and marked when estimated), the
//! original's address and the day it was consulted.
//!
//! ```
//! use loupe_engine::cite::{citation, Lang};
//! use loupe_engine::{Document, PubDate};
//!
//! let mut doc = Document::from_text("a", "a.txt", "SFR rachète la totalité de Numergy\n\nLe second cloud…".into());
//! doc.title = "SFR rachète la totalité de Numergy".into();
//! doc.title_derived = false;
//! doc.publication = Some("LeMagIT".into());
//! doc.date = Some(PubDate::parse("2015-12-03").unwrap());
//! doc.date_approximate = true;
//! doc.url = Some("https://lemagit.fr/actualites/4500259920/SFR-rachete-la-totalite-de-Numergy".into());
//! assert_eq!(
//!     citation(&doc, (2026, 11, 27), Lang::Fr),
//!     "«\u{202f}SFR rachète la totalité de Numergy\u{202f}», LeMagIT, vers le 3 décembre 2015, \
//!      https://lemagit.fr/actualites/4500259920/SFR-rachete-la-totalite-de-Numergy, consulté le 27 novembre 2026."
//! );
//! assert_eq!(
//!     citation(&doc, (2026, 11, 27), Lang::En),
//!     "“SFR rachète la totalité de Numergy”, LeMagIT, c. 3 December 2015, \
//!      https://lemagit.fr/actualites/4500259920/SFR-rachete-la-totalite-de-Numergy, accessed 27 November 2026."
//! );
//! ```

use crate::date::PubDate;
use crate::document::Document;

/// The language a citation is written in (the article's title stays as published).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// French: "13 janvier 2015", "consulté le …".
    #[default]
    Fr,
    /// English: "13 January 2015", "accessed …".
    En,
}

const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A one-line reference to `doc`, consulted on `consulted` (year, month,
/// day), in `lang`:
///
/// - the title in French quotes (a title written from the text, which no one
///   published, in square brackets instead, as references mark a supplied title);
/// - the publication, "(probable)" when only likely, or "source inconnue";
/// - the date at its precision ("2015", "janvier 2015", "13 janvier 2015"),
///   "vers …" / "c. …" when estimated, or "date inconnue";
/// - the original's address, when known;
/// - "consulté le 27 novembre 2026" / "accessed 27 November 2026".
///
/// Line breaks and runs of spaces in the catalog's values become one space,
/// so the reference pastes as one line. A consultation date outside the
/// calendar is written as numbers rather than refused.
pub fn citation(doc: &Document, consulted: (i32, u32, u32), lang: Lang) -> String {
    let fr = lang == Lang::Fr;
    let title = one_line(&doc.title);
    let title = if doc.title_derived {
        format!("[{title}]")
    } else if fr {
        format!("«\u{202f}{title}\u{202f}»")
    } else {
        format!("“{title}”")
    };
    let publication = match (doc.publication.as_deref().map(one_line), doc.publication_certain) {
        (None, _) => if fr { "source inconnue" } else { "unknown source" }.to_owned(),
        (Some(p), true) => p,
        (Some(p), false) => format!("{p} ({})", if fr { "probable" } else { "probably" }),
    };
    let date = match doc.date {
        None => if fr { "date inconnue" } else { "unknown date" }.to_owned(),
        Some(d) => {
            let shown = date_words(d, lang);
            match (doc.date_approximate, lang, d.day) {
                (false, _, _) => shown,
                (true, Lang::Fr, Some(_)) => format!("vers le {shown}"),
                (true, Lang::Fr, None) => format!("vers {shown}"),
                (true, Lang::En, _) => format!("c. {shown}"),
            }
        }
    };
    let mut parts = vec![title, publication, date];
    if let Some(url) = &doc.url {
        parts.push(one_line(url));
    }
    let (y, m, d) = consulted;
    let day = calendar_day(y, m, d, lang);
    parts.push(if fr {
        format!("consulté le {day}")
    } else {
        format!("accessed {day}")
    });
    format!("{}.", parts.join(", "))
}

/// A date at its own precision: "2015", "janvier 2015", "1er décembre 2015",
/// "13 January 2015". The app shows dates with it too.
pub fn date_words(d: PubDate, lang: Lang) -> String {
    match (d.month, d.day) {
        (Some(m), Some(day)) => calendar_day(i32::from(d.year), u32::from(m), u32::from(day), lang),
        (Some(m), None) => match month_name(u32::from(m), lang) {
            Some(name) => format!("{name} {}", d.year),
            None => format!("{:04}-{m:02}", d.year),
        },
        _ => d.year.to_string(),
    }
}

/// "27 novembre 2026", "1er mars 2015", "27 November 2026"; numbers when the
/// month does not exist.
fn calendar_day(year: i32, month: u32, day: u32, lang: Lang) -> String {
    match month_name(month, lang) {
        Some(name) if lang == Lang::Fr && day == 1 => format!("1er {name} {year}"),
        Some(name) => format!("{day} {name} {year}"),
        None => format!("{year:04}-{month:02}-{day:02}"),
    }
}

fn month_name(month: u32, lang: Lang) -> Option<&'static str> {
    let names = match lang {
        Lang::Fr => &MONTHS_FR,
        Lang::En => &MONTHS_EN,
    };
    names.get(usize::try_from(month).ok()?.checked_sub(1)?).copied()
}

/// `s` with every run of whitespace (line breaks included) made one space.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const NNBSP: char = '\u{202f}';

    fn doc(date: Option<&str>, approximate: bool) -> Document {
        let mut doc = Document::from_text("a", "a.txt", "Orange rachète Cloudwatt.".into());
        doc.title = "Orange rachète Cloudwatt : l'échec du cloud souverain".into();
        doc.title_derived = false;
        doc.publication = Some("IT Social".into());
        doc.date = date.map(|d| PubDate::parse(d).unwrap());
        doc.date_approximate = approximate;
        doc.url = Some(
            "https://itsocial.fr/actualites/fournisseurs/orange-rachete-cloudwatt-lechec-du-cloud-souverain".into(),
        );
        doc
    }

    /// The date part of a citation: what lies between the publication and the address.
    fn date_part(date: Option<&str>, approximate: bool, lang: Lang) -> String {
        let cited = citation(&doc(date, approximate), (2026, 11, 27), lang);
        let after = cited.split_once("IT Social, ").unwrap().1;
        after.split_once(", https://").unwrap().0.to_owned()
    }

    #[test]
    fn each_precision_and_approximation_reads_as_a_date() {
        let cases = [
            (Some("2015"), false, "2015", "2015"),
            (Some("2015"), true, "vers 2015", "c. 2015"),
            (Some("2015-01"), false, "janvier 2015", "January 2015"),
            (Some("2015-01"), true, "vers janvier 2015", "c. January 2015"),
            (Some("2015-01-13"), false, "13 janvier 2015", "13 January 2015"),
            (
                Some("2015-12-03"),
                true,
                "vers le 3 décembre 2015",
                "c. 3 December 2015",
            ),
            (Some("2015-08-01"), false, "1er août 2015", "1 August 2015"),
            (None, false, "date inconnue", "unknown date"),
            (None, true, "date inconnue", "unknown date"),
        ];
        for (date, approximate, fr, en) in cases {
            assert_eq!(date_part(date, approximate, Lang::Fr), fr, "{date:?} {approximate}");
            assert_eq!(date_part(date, approximate, Lang::En), en, "{date:?} {approximate}");
        }
    }

    #[test]
    fn full_reference_in_both_languages() {
        let d = doc(Some("2015-01"), true);
        assert_eq!(
            citation(&d, (2026, 11, 27), Lang::Fr),
            format!(
                "«{NNBSP}Orange rachète Cloudwatt : l'échec du cloud souverain{NNBSP}», IT Social, vers janvier 2015, \
                 https://itsocial.fr/actualites/fournisseurs/orange-rachete-cloudwatt-lechec-du-cloud-souverain, \
                 consulté le 27 novembre 2026."
            )
        );
        assert_eq!(
            citation(&d, (2026, 11, 27), Lang::En),
            format!(
                "“Orange rachète Cloudwatt : l'échec du cloud souverain”, IT Social, c. January 2015, \
                 https://itsocial.fr/actualites/fournisseurs/orange-rachete-cloudwatt-lechec-du-cloud-souverain, \
                 accessed 27 November 2026."
            )
        );
    }

    #[test]
    fn missing_publication_date_and_address_are_said_or_left_out() {
        let mut d = doc(None, false);
        d.publication = None;
        d.url = None;
        assert_eq!(
            citation(&d, (2026, 11, 27), Lang::Fr),
            format!(
                "«{NNBSP}Orange rachète Cloudwatt : l'échec du cloud souverain{NNBSP}», source inconnue, date inconnue, \
                 consulté le 27 novembre 2026."
            )
        );
        assert_eq!(
            citation(&d, (2026, 11, 27), Lang::En),
            format!(
                "“Orange rachète Cloudwatt : l'échec du cloud souverain”, unknown source, unknown date, \
                 accessed 27 November 2026."
            )
        );
    }

    #[test]
    fn a_probable_publication_and_a_derived_title_are_marked() {
        let mut d = doc(Some("2015-01-13"), true);
        d.publication = Some("Solutions Numériques".into());
        d.publication_certain = false;
        d.title = "Orange veut reprendre\n100 % du capital".into();
        d.title_derived = true;
        let fr = citation(&d, (2026, 11, 27), Lang::Fr);
        assert!(
            fr.starts_with(
                "[Orange veut reprendre 100 % du capital], Solutions Numériques (probable), vers le 13 janvier 2015, "
            ),
            "{fr}"
        );
        let en = citation(&d, (2026, 11, 27), Lang::En);
        assert!(
            en.contains(", Solutions Numériques (probably), c. 13 January 2015, "),
            "{en}"
        );
    }

    #[test]
    fn consultation_day_is_written_out_even_when_odd() {
        let d = doc(Some("2015"), false);
        assert!(citation(&d, (2026, 3, 1), Lang::Fr).ends_with(", consulté le 1er mars 2026."));
        assert!(citation(&d, (2026, 3, 1), Lang::En).ends_with(", accessed 1 March 2026."));
        assert!(citation(&d, (2026, 13, 5), Lang::En).ends_with(", accessed 2026-13-05."));
        assert!(citation(&d, (2026, 0, 5), Lang::Fr).ends_with(", consulté le 2026-00-05."));
    }
}
