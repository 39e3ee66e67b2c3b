//! advocate: employee-advocacy posts in Git, checked against a policy and
//! published as a static portal. See README.md for the map of the modules.

pub mod diagnostic;
pub mod source;
pub mod text;
pub mod yaml;
pub mod links;
pub mod network;
pub mod policy;
pub mod schema;
pub mod time;
pub mod post;
pub mod check;
pub mod share;
pub mod cli;
pub mod cmd;
pub mod pipeline;
pub mod report;
pub mod workspace;
