//! What the readers' tests share: tracked links that carry the post in
//! `utm_content`, the network in `utm_source` and the code in `utm_term`,
//! and reading exports as a build does.

use super::{Analytics, read_with_campaigns};
use crate::source::SourceFile;
use std::collections::{BTreeMap, HashSet};

pub(super) fn policy() -> crate::policy::Policy {
    crate::policy::parse(&SourceFile::new(
        "policy.yaml",
        "links:\n  utm:\n    utm_source: \"{network}\"\n    utm_content: \"{id}\"\n  advocate_param: utm_term\n",
    ))
    .unwrap()
}

/// `files` read with [`policy`], the library holding the posts `known`.
pub(super) fn read(files: &[SourceFile], known: &[&str]) -> Analytics {
    let known: HashSet<&str> = known.iter().copied().collect();
    read_with_campaigns(files, &known, BTreeMap::new(), &policy())
}
