//! advocate: employee-advocacy posts in Git, checked against a policy and
//! published as a static portal. See README.md for the map of the modules.

pub mod analytics;
pub mod authoring;
pub mod check;
pub mod cli;
pub mod cmd;
pub mod diagnostic;
pub mod digest;
pub mod error;
pub mod escape;
pub mod git;
pub mod links;
pub mod network;
pub mod policy;
pub mod post;
pub mod project;
pub mod publish;
pub mod report;
pub mod review;
pub mod rule;
pub mod schema;
pub mod scope;
pub mod serve;
pub mod share;
pub mod site;
pub mod source;
pub mod text;
pub mod time;
pub mod yaml;
