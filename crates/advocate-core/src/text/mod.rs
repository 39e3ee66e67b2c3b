//! Reading share texts the way the networks do: folding for comparison,
//! word boundaries, URLs, hashtags and lengths.

pub mod fold;
pub mod hashtags;
pub mod hidden;
pub mod punycode;
pub mod slug;
pub mod urls;
pub mod weighted;
pub mod words;
