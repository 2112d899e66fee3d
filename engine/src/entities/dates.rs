//! Dates in French news, normalized to ISO at the precision the text gives:
//! "12 janvier 2015" → 2015-01-12, "mars 2015" → 2015-03, "en 2012" → 2012.
//! Relative dates are resolved with the article's publication date: "le 13
//! octobre", "octobre dernier", "10 décembre prochain", "mi-octobre", "début
//! du mois de janvier". Without a publication date their year is written
//! `XXXX` (as in EDTF). A bare year is a date only after a date word ("en
//! 2012", "depuis 2014"), so "2 000 clients" is not one; relative words
//! ("hier", "la semaine dernière") are not dates.

use super::{EntityType, Mention, Source};
use crate::analysis::{analyze, Token, TokenKind};
use crate::date::PubDate;

const MONTHS: [&str; 12] = [
    "janvier",
    "fevrier",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "aout",
    "septembre",
    "octobre",
    "novembre",
    "decembre",
];

/// Words after which a bare year or month is a date.
const CUES: &[&str] = &[
    "en", "depuis", "des", "debut", "fin", "avant", "apres", "courant", "vers", "entre", "annee", "annees", "ici", "mi",
];

fn month(term: &str) -> Option<u8> {
    // Called on every word: compare only with the names of the same length.
    let len = term.len();
    if !(3..=9).contains(&len) {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| m.len() == len && *m == term)
        .map(|i| i as u8 + 1)
}

fn year(text: &str, t: &Token) -> Option<u16> {
    let written = &text[t.range.clone()];
    (t.kind == TokenKind::Number && written.len() == 4 && written.bytes().all(|b| b.is_ascii_digit()))
        .then(|| written.parse().ok())
        .flatten()
        .filter(|y| (1900..=2099).contains(y))
}

fn day(t: &Token) -> Option<u8> {
    let d: u8 = t.term.strip_suffix("er").unwrap_or(&t.term).parse().ok()?;
    (1..=31).contains(&d).then_some(d)
}

/// Dates in `text`, in order; `published` resolves relative ones.
pub fn find(text: &str, published: Option<PubDate>) -> Vec<Mention> {
    find_in(text, &super::words_of(analyze(text)), published)
}

/// Dates, from `text`'s tokens without compounds (shared by every recognizer).
pub fn find_in(text: &str, t: &[Token], published: Option<PubDate>) -> Vec<Mention> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < t.len() {
        // A date starts with a number, a month, "1er", or "début"/"fin"/"mi": rule the rest out cheaply.
        let may_start = t[i].kind == TokenKind::Number
            || matches!(t[i].term.as_str(), "debut" | "fin" | "mi" | "1er")
            || month(&t[i].term).is_some()
            || weekday(&t[i].term).is_some();
        if !may_start {
            i += 1;
            continue;
        }
        let found = date_at(text, t, i, published);
        match found {
            Some((start, end, iso)) => {
                out.push(Mention {
                    range: with_article(text, t, start)..t[end].range.end,
                    kind: EntityType::Date,
                    id: format!("date:{iso}"),
                    canonical: iso,
                    source: Source::Pattern,
                    confidence: 0.9,
                });
                i = end + 1;
            }
            None => i += 1,
        }
    }
    out
}

const WEEKDAYS: [&str; 7] = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"];

/// 0 for Monday … 6 for Sunday.
fn weekday(term: &str) -> Option<u8> {
    WEEKDAYS.iter().position(|w| *w == term).map(|i| i as u8)
}

/// Where a date's mention starts: a preceding article is part of it ("le
/// 17 mars", "l'été"), a preposition is not ("en", "depuis", "du", "au").
fn with_article(text: &str, t: &[Token], start: usize) -> usize {
    let at = t[start].range.start;
    let before = &text[..at];
    // The analyzer drops an elided article: it is in the gap ("l'" or "l’").
    for elided in ["l'", "l’", "L'", "L’"] {
        if before.ends_with(elided) && !before[..before.len() - elided.len()].ends_with(char::is_alphanumeric) {
            return at - elided.len();
        }
    }
    match start.checked_sub(1).map(|k| &t[k]) {
        Some(p)
            if matches!(p.term.as_str(), "le" | "la" | "les")
                && text[p.range.end..at].chars().all(|c| c == ' ' || c == '\u{a0}') =>
        {
            p.range.start
        }
        _ => at,
    }
}

/// Days since 1970-01-01 of a calendar date (proleptic Gregorian).
fn days(y: i64, m: u8, d: u8) -> i64 {
    let (y, m) = if m <= 2 {
        (y - 1, i64::from(m) + 9)
    } else {
        (y, i64::from(m) - 3)
    };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * m + 2) / 5 + i64::from(d) - 1;
    era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
}

/// The calendar date of a day count from 1970-01-01.
fn civil(z: i64) -> (u16, u8, u8) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y as u16, m, d)
}

/// "lundi", "vendredi dernier", "mardi prochain": the day it names, from
/// the publication day (the nearest such day, 3 days either side, without
/// "dernier" or "prochain"); the weekday's name when there is no such day.
fn weekday_date(wd: u8, qualifier: &str, published: Option<PubDate>) -> String {
    let Some((y, m, d)) = published.and_then(|p| Some((p.year, p.month?, p.day?))) else {
        return WEEKDAYS[usize::from(wd)].to_owned();
    };
    let today = days(i64::from(y), m, d);
    // 1970-01-01 was a Thursday (3).
    let today_wd = (today + 3).rem_euclid(7);
    let back = (today_wd - i64::from(wd)).rem_euclid(7);
    let offset = match qualifier {
        "dernier" => -(if back == 0 { 7 } else { back }),
        "prochain" => {
            let ahead = (i64::from(wd) - today_wd).rem_euclid(7);
            if ahead == 0 {
                7
            } else {
                ahead
            }
        }
        _ if back <= 3 => -back,
        _ => 7 - back,
    };
    let (y, m, d) = civil(today + offset);
    format!("{y:04}-{m:02}-{d:02}")
}

/// A date starting at token `i`: (first token, last token, ISO text).
fn date_at(text: &str, t: &[Token], i: usize, published: Option<PubDate>) -> Option<(usize, usize, String)> {
    let term = |k: usize| t.get(k).map_or("", |t| t.term.as_str());
    let cue_before = |k: usize| k > 0 && CUES.contains(&term(k - 1));

    // "lundi 29 juin", "vendredi dernier", "ce dimanche".
    if let Some(wd) = weekday(term(i)) {
        if let Some((_, end, iso)) = date_at(text, t, i + 1, published).filter(|&(s, ..)| s == i + 1) {
            if t.get(i + 1)
                .is_some_and(|n| n.kind == TokenKind::Number || n.term == "1er")
            {
                return Some((i, end, iso));
            }
        }
        let (end, q) = match term(i + 1) {
            q @ ("dernier" | "prochain") => (i + 1, q),
            _ => (i, ""),
        };
        // A weekday alone is a date when written as a word on its own, not
        // inside a name ("Mardi gras", "Vendredi saint" start with a capital).
        let lower = text[t[i].range.clone()].starts_with(char::is_lowercase);
        return lower.then(|| (i, end, weekday_date(wd, q, published)));
    }

    // "début du mois de janvier", "fin du mois de mars 2015", "mi-octobre".
    if matches!(term(i), "debut" | "fin" | "mi") {
        let mut k = i + 1;
        while matches!(term(k), "du" | "de" | "mois") {
            k += 1;
        }
        if let Some(m) = month(term(k)) {
            let (end, y) = match t.get(k + 1).and_then(|n| year(text, n)) {
                Some(y) => (k + 1, Some(y)),
                None => qualified(t, k, m, published),
            };
            return Some((i, end, iso(y, m, None)));
        }
        // "début 2015", "fin 2016", "mi-2014".
        if let Some(y) = t.get(i + 1).and_then(|n| year(text, n)) {
            return Some((i, i + 1, format!("{y:04}")));
        }
    }
    // "12 janvier 2015", "le 13 octobre", "10 décembre prochain".
    if let (Some(d), Some(m)) = (t.get(i).and_then(day), month(term(i + 1))) {
        if t[i].kind == TokenKind::Number || term(i) == "1er" {
            let (end, y) = match t.get(i + 2).and_then(|n| year(text, n)) {
                Some(y) => (i + 2, Some(y)),
                None => {
                    let (end, _) = qualified(t, i + 1, m, published);
                    let p = published.and_then(|p| p.month.map(|pm| (p.year, pm, p.day)));
                    let y = match (term(end), p) {
                        // With a day, compare day and month with the publication's.
                        ("prochain" | "prochaine", Some((py, pm, pd))) => {
                            Some(if (m, d) >= (pm, pd.unwrap_or(1)) { py } else { py + 1 })
                        }
                        ("dernier" | "derniere", Some((py, pm, pd))) => {
                            Some(if (m, d) <= (pm, pd.unwrap_or(31)) { py } else { py - 1 })
                        }
                        // No "dernier"/"prochain": the nearest such day not long after publication.
                        _ => nearest_day(m, d, published),
                    };
                    (end, y)
                }
            };
            return Some((i, end, iso(y, m, Some(d))));
        }
    }
    // "mars 2015", "octobre dernier", "en juillet".
    if let Some(m) = month(term(i)) {
        if let Some(y) = t.get(i + 1).and_then(|n| year(text, n)) {
            return Some((i, i + 1, iso(Some(y), m, None)));
        }
        let (end, y) = qualified(t, i, m, published);
        if end > i || cue_before(i) || matches!(term(i.wrapping_sub(1)), "de" | "mois") {
            let y = if end > i { y } else { nearest_month(m, published) };
            return Some((i, end, iso(y, m, None)));
        }
    }
    // "en 2012", "depuis 2014".
    if let Some(y) = t.get(i).and_then(|n| year(text, n)) {
        if cue_before(i)
            || matches!(term(i.wrapping_sub(1)), "et" | "a")
                && i >= 2
                && t.get(i - 2).and_then(|n| year(text, n)).is_some()
        {
            return Some((i, i, format!("{y:04}")));
        }
    }
    None
}

/// "octobre dernier" / "octobre prochain": the token after the month, and the year it implies.
fn qualified(t: &[Token], k: usize, m: u8, published: Option<PubDate>) -> (usize, Option<u16>) {
    let p = published.and_then(|p| p.month.map(|pm| (p.year, pm)));
    match (t.get(k + 1).map(|t| t.term.as_str()), p) {
        (Some("dernier" | "derniere"), Some((py, pm))) => (k + 1, Some(if m < pm { py } else { py - 1 })),
        (Some("prochain" | "prochaine"), Some((py, pm))) => (k + 1, Some(if m > pm { py } else { py + 1 })),
        (Some("dernier" | "derniere" | "prochain" | "prochaine"), None) => (k + 1, None),
        _ => (k, nearest_month(m, published)),
    }
}

/// The latest such month not after publication.
fn nearest_month(m: u8, published: Option<PubDate>) -> Option<u16> {
    let p = published?;
    match p.month {
        Some(pm) => Some(if m <= pm { p.year } else { p.year - 1 }),
        None => Some(p.year),
    }
}

/// The latest such day not more than a week after publication (news reports
/// the recent past, and the publication date itself may be approximate).
fn nearest_day(m: u8, d: u8, published: Option<PubDate>) -> Option<u16> {
    let p = published?;
    let pm = p.month?;
    let pd = p.day.unwrap_or(28);
    let later = (m, d) > (pm, pd.saturating_add(7).min(31));
    Some(if later { p.year - 1 } else { p.year })
}

fn iso(y: Option<u16>, m: u8, d: Option<u8>) -> String {
    let year = y.map_or("XXXX".to_owned(), |y| format!("{y:04}"));
    match d {
        Some(d) => format!("{year}-{m:02}-{d:02}"),
        None => format!("{year}-{m:02}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str, published: &str) -> Vec<(String, String)> {
        let p = PubDate::parse(published).ok();
        find(text, p)
            .into_iter()
            .map(|m| (text[m.range].to_owned(), m.canonical))
            .collect()
    }

    #[test]
    fn dates_table() {
        /// (text, publication date, expected (mention, ISO date) list)
        type Case<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)]);
        let cases: &[Case] = &[
            (
                "Orange l’a annoncé le 12 janvier 2015.",
                "2015-01",
                &[("le 12 janvier 2015", "2015-01-12")],
            ),
            ("son rachat en mars 2015 que", "2016-02", &[("mars 2015", "2015-03")]),
            ("créés en 2012 et soutenus", "2015-01", &[("2012", "2012")]),
            ("près de 2 000 clients en 2014", "2015-10", &[("2014", "2014")]),
            ("le 13 octobre, Numergy", "2015-10", &[("le 13 octobre", "2015-10-13")]),
            (
                "en octobre dernier, Numergy",
                "2015-12",
                &[("octobre dernier", "2015-10")],
            ),
            (
                "lancée en juillet dernier",
                "2015-01-13",
                &[("juillet dernier", "2014-07")],
            ),
            (
                "le 10 décembre prochain",
                "2015-12",
                &[("le 10 décembre prochain", "2015-12-10")],
            ),
            ("prévue à la mi-octobre", "2015-10", &[("la mi-octobre", "2015-10")]),
            (
                "au début du mois de janvier dernier",
                "2016-02",
                &[("début du mois de janvier dernier", "2016-01")],
            ),
            (
                "au début du mois de janvier",
                "2016-02",
                &[("début du mois de janvier", "2016-01")],
            ),
            ("en avril 2014 a basculé", "2015-01", &[("avril 2014", "2014-04")]),
            ("entre 2012 et 2014", "2015-01", &[("2012", "2012"), ("2014", "2014")]),
            ("Cloudwatt hier, et la semaine dernière", "2015-10", &[]),
            ("1 200 clients et 2015 serveurs", "2015-10", &[]),
            ("le 13 octobre", "", &[("le 13 octobre", "XXXX-10-13")]),
            (
                "depuis le 17 mars dernier",
                "2016-05-02",
                &[("le 17 mars dernier", "2016-03-17")],
            ),
            (
                "fin 2016, début 2015 et mi-2014",
                "2017",
                &[("fin 2016", "2016"), ("début 2015", "2015"), ("mi-2014", "2014")],
            ),
            ("du 3 au 4 juin", "2020-06", &[("4 juin", "2020-06-04")]),
            (
                "Ce lundi 29 juin, le tribunal",
                "2020-06-29",
                &[("lundi 29 juin", "2020-06-29")],
            ),
            (
                "réunis vendredi dernier",
                "2020-06-29",
                &[("vendredi dernier", "2020-06-26")],
            ),
            ("elle parlera jeudi", "2020-06-29", &[("jeudi", "2020-07-02")]),
            ("élu dimanche", "2020-06-29", &[("dimanche", "2020-06-28")]),
            ("élu dimanche", "2020-06", &[("dimanche", "dimanche")]),
            ("Mardi gras", "2020-06", &[]),
        ];
        for (text, published, want) in cases {
            let want: Vec<(String, String)> = want.iter().map(|&(a, b)| (a.to_owned(), b.to_owned())).collect();
            assert_eq!(found(text, published), want, "{text:?}");
        }
    }
}
