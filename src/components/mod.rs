//! Components of the explorer. Each receives ids and small props; the corpus
//! comes from [`crate::app::CorpusContext`].

mod article_list;
mod header;
mod not_found;
mod reader;

pub use article_list::ArticleList;
pub use header::CorpusHeader;
pub use not_found::NotFound;
pub use reader::Reader;

use crate::app::CorpusContext;
use crate::format;
use loupe_engine::Document;
use yew::prelude::*;

/// The corpus from context. The root always provides it.
#[hook]
pub(crate) fn use_corpus() -> Option<CorpusContext> {
    use_context::<CorpusContext>()
}

/// "ChannelNews", "Solutions Numériques (probable)", or "Source inconnue".
pub(crate) fn publication_label(doc: &Document) -> String {
    match (&doc.publication, doc.publication_certain) {
        (Some(p), true) => p.clone(),
        (Some(p), false) => format!("{p} (probable)"),
        (None, _) => "Source inconnue".to_owned(),
    }
}

/// The date as shown in lists: "février 2016", marked when estimated.
pub(crate) fn date_label(doc: &Document) -> Html {
    match &doc.date {
        None => html! { <span class="date undated">{ "Non daté" }</span> },
        Some(d) => {
            let iso = d.to_string();
            let hint = if doc.date_approximate {
                "Date estimée d’après les faits rapportés"
            } else {
                ""
            };
            html! {
                <time class="date" datetime={iso} title={hint}>
                    { format::date(d) }
                    if doc.date_approximate {
                        <span class="approx">{ " (env.)" }</span>
                    }
                </time>
            }
        }
    }
}
