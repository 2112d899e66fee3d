//! "Vos documents": adding the reader's own files and the switch between
//! the site's corpus and the reader's collection. `assets/collection.js`
//! takes the files and draws an import's progress and outcome in the
//! panel's `.import-status`; [`crate::collection`] hears the result.

use crate::collection;
use crate::format;
use crate::i18n::Lang;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Props of [`Collection`].
#[derive(Properties, PartialEq)]
pub struct CollectionProps {
    /// Articles of the site's corpus.
    pub site: usize,
    /// Documents of the reader's collection (`None`: none stored).
    pub mine: Option<usize>,
    /// The collection is the corpus shown.
    pub showing_mine: bool,
    /// Show the collection (true) or the site's corpus.
    pub on_show: Callback<bool>,
}

/// The panel's fixed parts, as markup (much less code than the same
/// elements built one by one; the section's listeners serve them all).
const INTRO_FR: &str = r#"<h2 id="collection-title">Vos documents</h2><p class="collection-help">Ajoutez vos articles (.txt, .md, .html, .jsonl, .json, ou un .zip de ces fichiers) ou déposez-les sur la page&#8239;: ils sont lus, analysés et gardés dans ce navigateur, rien n’est envoyé.</p>"#;
const INTRO_EN: &str = r#"<h2 id="collection-title">Your documents</h2><p class="collection-help">Add your articles (.txt, .md, .html, .jsonl, .json, or a .zip of them) or drop them on the page: they are read, analysed and kept in this browser, nothing is sent anywhere.</p>"#;
const ACCEPT: &str = ".txt,.md,.text,.html,.htm,.jsonl,.ndjson,.json,.loupe,.zip";

fn controls(lang: Lang) -> String {
    let t = |fr: &'static str, en: &'static str| lang.t(fr, en);
    format!(
        r#"<div class="collection-actions"><label class="button">{add}<input type="file" multiple class="visually-hidden" accept="{ACCEPT}"></label><label class="link-button">{folder}<input type="file" webkitdirectory class="visually-hidden"></label></div><details class="paste"><summary>{paste}</summary><form><label for="paste-title">{title}</label><input id="paste-title" type="text"><label for="paste-text">{text}</label><textarea id="paste-text" rows="6"></textarea><button type="submit" class="button">{submit}</button></form></details>"#,
        add = t("Ajouter des documents", "Add documents"),
        folder = t("Choisir un dossier", "Pick a folder"),
        paste = t("Coller un texte", "Paste a text"),
        title = t("Titre", "Title"),
        text = t("Texte", "Text"),
        submit = t("Ajouter ce texte", "Add this text"),
    )
}

/// The start screen's panel of the reader's own documents.
#[component]
pub fn Collection(props: &CollectionProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let controls = use_memo(lang, |lang| AttrValue::from(controls(*lang)));
    if !collection::available() {
        return html! {};
    }
    // One listener for the panel's buttons (files and the paste form: assets/collection.js).
    let on_click = {
        let on_show = props.on_show.clone();
        Callback::from(move |e: MouseEvent| {
            let action = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|t| t.closest("[data-action]").ok().flatten())
                .and_then(|t| t.get_attribute("data-action"));
            match action.as_deref() {
                Some("site") => on_show.emit(false),
                Some("mine") => on_show.emit(true),
                Some(action @ ("export" | "save")) => collection::call(action, ""),
                Some("clear") => collection::call(
                    "clear",
                    lang.t(
                        "Retirer tous vos documents de ce navigateur ?",
                        "Remove all your documents from this browser?",
                    ),
                ),
                _ => {}
            }
        })
    };
    let intro = AttrValue::Static(lang.t(INTRO_FR, INTRO_EN));
    let switch = props.mine.map(|mine| {
        let count = |n: usize| format::number(n as u64, lang);
        html! {
            <>
                <div class="collection-switch" role="group" aria-label={lang.t("Corpus affiché", "Corpus shown")}>
                    <button type="button" data-action="site" aria-pressed={(!props.showing_mine).to_string()}>
                        { format!("{} ({})", lang.t("Corpus du site", "Site corpus"), count(props.site)) }
                    </button>
                    <button type="button" data-action="mine" aria-pressed={props.showing_mine.to_string()}>
                        { format!("{} ({})", lang.t("Mes documents", "My documents"), count(mine)) }
                    </button>
                </div>
                <div class="collection-actions collection-manage">
                    <button type="button" class="link-button" data-action="export">{ lang.t("Exporter la collection", "Export the collection") }</button>
                    <button type="button" class="link-button" data-action="save">{ lang.t("Enregistrer comme explorateur (loupe.html)", "Save as an explorer (loupe.html)") }</button>
                    <button type="button" class="link-button" data-action="clear">{ lang.t("Tout retirer", "Remove all") }</button>
                </div>
            </>
        }
    });
    html! {
        <section class="collection" aria-labelledby="collection-title" onclick={on_click}>
            { Html::from_html_unchecked(intro) }
            { switch }
            { Html::from_html_unchecked((*controls).clone()) }
            // An import's progress and outcome: drawn by assets/collection.js.
            <div class="import-status"></div>
        </section>
    }
}
