//! advocate's core: posts, the policy and the checker, as pure functions.
//!
//! Everything here takes bytes, paths and "now" from its caller and returns
//! values: no file system, environment, clock, threads or network. The
//! command line, the portal's composer and an editor's language server all
//! call the same [`check::Checker`]. It builds for
//! `wasm32-unknown-unknown`, which CI proves.

pub mod check;
pub mod diagnostic;
pub mod escape;
pub mod links;
pub mod network;
pub mod policy;
pub mod post;
pub mod report;
pub mod rule;
pub mod schema;
pub mod share;
pub mod source;
pub mod text;
pub mod time;
pub mod yaml;
