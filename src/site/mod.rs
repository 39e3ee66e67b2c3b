//! The render stage: checked posts in, the portal's files out, as
//! `(path, bytes)` pairs. Nothing here touches the disk.
//!
//! `routes` is the root: it names every file and imports nothing else from
//! here. `portal` holds the live posts; `pages` renders any route of them
//! with `shared` (what every page shares, context and fingerprint in one),
//! `lists`, `data` and `keys`.

mod compose;
mod data;
pub(crate) mod feed;
pub(crate) mod impact;
pub(crate) mod interface;
pub(crate) mod json;
mod keys;
mod lists;
pub(crate) mod markdown;
pub(crate) mod model;
pub(crate) mod offline;
mod pages;
mod portal;
mod rendered;
pub(crate) mod routes;
pub(crate) mod search;
mod shared;
pub(crate) mod suggest;
pub(crate) mod theme;
pub(crate) mod timing;
pub(crate) mod urls;

pub(crate) use portal::{Portal, PortalOptions};
pub(crate) use rendered::{Rendered, Sink};
