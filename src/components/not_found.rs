//! What a link to nothing shows.

use crate::i18n::use_lang;
use yew::prelude::*;

/// Props of [`NotFound`].
#[derive(Properties, PartialEq)]
pub struct NotFoundProps {
    /// What the link asked for, shown so the reader can tell what went wrong.
    pub path: AttrValue,
}

/// A calm "nothing here" with a way back.
#[component]
pub fn NotFound(props: &NotFoundProps) -> Html {
    let lang = use_lang();
    html! {
        <section class="notice" aria-labelledby="notice-title">
            <h1 id="notice-title" tabindex="-1">{ lang.t("Page introuvable", "Page not found") }</h1>
            <p>{ lang.t("Ce lien ne mène à aucune vue de Loupe\u{202f}: ", "This link leads to no view of Loupe: ") }<code>{ format!("#/{}", props.path) }</code></p>
            <p><a class="button" href="#/">{ lang.t("Voir tous les articles", "See all articles") }</a></p>
        </section>
    }
}
