//! The interface language: French by default, English on request, remembered
//! in localStorage. Every interface string is written where it is used, in
//! both languages (`lang.t("Rechercher", "Search")`), so a screen reads as one
//! piece of code and a missing translation cannot exist. Document text and
//! entity names are never translated.

use yew::prelude::*;

/// An interface language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    /// Français, the default.
    #[default]
    Fr,
    /// English.
    En,
}

/// localStorage key of the reader's language choice (`fr` or `en`).
pub const LANG_KEY: &str = "loupe-lang";

impl Lang {
    /// The language of a stored choice; French for anything else.
    pub fn parse(code: Option<&str>) -> Lang {
        match code {
            Some("en") => Lang::En,
            _ => Lang::Fr,
        }
    }

    /// The BCP 47 code, for `<html lang>` and storage.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    /// The other language (what the switch offers).
    pub fn other(self) -> Lang {
        match self {
            Lang::Fr => Lang::En,
            Lang::En => Lang::Fr,
        }
    }

    /// `fr` in French, `en` in English.
    pub fn t<'a>(self, fr: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Fr => fr,
            Lang::En => en,
        }
    }

    /// `fr` or `en`, with an `s` on the chosen one when `n` is more than one
    /// (French counts 0 and 1 as singular, English only 1).
    pub fn plural(self, n: usize, fr: &str, en: &str) -> String {
        let many = match self {
            Lang::Fr => n > 1,
            Lang::En => n != 1,
        };
        let mut word = self.t(fr, en).to_owned();
        if many {
            word.push('s');
        }
        word
    }
}

/// The interface language from context (French when none is provided).
#[hook]
pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_default()
}

impl From<Lang> for loupe_engine::cite::Lang {
    fn from(lang: Lang) -> Self {
        match lang {
            Lang::Fr => loupe_engine::cite::Lang::Fr,
            Lang::En => loupe_engine::cite::Lang::En,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Lang;

    #[test]
    fn stored_choice_table() {
        for (stored, want) in [
            (Some("en"), Lang::En),
            (Some("fr"), Lang::Fr),
            (Some("de"), Lang::Fr),
            (None, Lang::Fr),
        ] {
            assert_eq!(Lang::parse(stored), want, "{stored:?}");
        }
        assert_eq!(Lang::parse(Some(Lang::En.code())), Lang::En);
        assert_eq!(Lang::En.other(), Lang::Fr);
    }

    #[test]
    fn plural_follows_each_language() {
        assert_eq!(Lang::Fr.plural(0, "article", "article"), "article");
        assert_eq!(Lang::En.plural(0, "article", "article"), "articles");
        assert_eq!(Lang::Fr.plural(1, "mention", "mention"), "mention");
        assert_eq!(Lang::En.plural(2, "mention", "mention"), "mentions");
    }
}
