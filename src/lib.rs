//! Loupe, the Yew app: an explorer of a news corpus, the same bytes for
//! every corpus (the corpus comes as data: [`corpus`]).
//!
//! `main.rs` only mounts [`App`]. State lives in one reducer ([`app`]); the
//! view is named by the URL hash ([`route`]); components under
//! [`components`] receive data as props and the corpus through context.

pub mod app;
pub mod collection;
pub mod components;
pub mod corpus;
pub mod format;
pub mod i18n;
pub mod route;

pub use app::App;
