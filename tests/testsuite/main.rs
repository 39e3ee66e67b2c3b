//! Every integration test, in one binary with one shared harness
//! (`common`): one link step instead of one per file. Each module is one
//! area of the product, as a user meets it.

mod common;

mod accessibility;
mod analytics_pull;
mod authoring;
mod browser;
mod build_portal;
mod changed_since;
mod chat;
mod check_rules;
mod composer;
mod digest;
mod docs;
mod fail_closed;
mod hostile;
mod impact;
mod language_server;
mod layering;
mod one_checker;
mod payload;
mod release;
mod report_formats;
mod returning;
mod schemas;
mod search;
mod serve;
mod twitter_conformance;
mod workflows;
