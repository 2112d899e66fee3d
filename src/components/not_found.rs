//! What a link to nothing shows.

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
    html! {
        <section class="notice" aria-labelledby="notice-title">
            <h1 id="notice-title" tabindex="-1">{ "Page introuvable" }</h1>
            <p>{ "Ce lien ne mène à aucune vue de Loupe : " }<code>{ format!("#/{}", props.path) }</code></p>
            <p><a class="button" href="#/">{ "Voir tous les articles" }</a></p>
        </section>
    }
}
