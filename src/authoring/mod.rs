//! Writing posts: from scratch (`new`), from an article (`new --from`), from
//! the company blog's feed (`import`), and a whole new repository (`init`).

pub(crate) mod article;
pub(crate) mod draft;
pub(crate) mod feed;
pub(crate) mod fetch;
pub(crate) mod scaffold;
