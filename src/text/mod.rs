//! Reading share texts the way the networks do: folding for comparison,
//! word boundaries, URLs, hashtags and lengths.

pub(crate) mod fold;
pub(crate) mod hashtags;
pub(crate) mod punycode;
pub(crate) mod slug;
pub(crate) mod urls;
pub(crate) mod weighted;
pub(crate) mod words;
