//! Writing posts: from scratch (`new`), from an article (`new --from`), from
//! the company blog's feed (`import`), and a whole new repository (`init`).

pub mod article;
pub mod draft;
pub mod feed;
pub mod scaffold;
