//! The portal's search index, in chunks that a query loads only in part,
//! so the first search costs tens of kilobytes at any library size
//! (Pagefind's idea). The format is below.
//!
//! What a query means (the portal's script and the tests hold to the same):
//! - the text of a post is its title, briefing, topics, campaign and share
//!   texts without their links, folded as `check` folds (NFKC, case);
//! - a query is words separated by spaces; each word is split into runs of
//!   Japanese or Chinese characters and runs of other letters and digits
//!   (everything else separates runs);
//! - a post matches when every run matches: a CJK run is found as a
//!   substring of the text; another run of two or more characters begins a
//!   word of the text (runs of one such character are left out);
//! - the results are in portal order (newest first), with the filters'
//!   posts intersected.
//!
//! The chunks, under `search/`:
//! - `index.json`: the manifest (post count, word buckets, shard counts,
//!   the CJK table below as a regular expression's class);
//! - `wN.json`: words in code point order, each with the posts it is in;
//!   a file ends where a word's fingerprint says (8–32 KB), so an edit
//!   changes the files of its own words only;
//! - `cN.json`: CJK characters and pairs of characters, with their posts;
//! - `pN.json`: each CJK pair's positions in each post, for runs of three
//!   or more characters;
//! - `f/KIND/VALUE.json`: the posts of one filter value;
//! - `dN.json`: the cards of eight posts, for the results.
//!
//! A post list is ascending post numbers as deltas, or, when that is
//! larger, a bitset in base64.

use super::model::PostView;
use crate::text::fold::Folded;
use base64::Engine;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};

/// Cards in each `dN.json`: results scatter over the library, so small
/// shards keep a page of results light.
pub(crate) const CARDS_PER_SHARD: usize = 8;

/// Posts gathered into one batch's postings (batches are made in
/// parallel, then joined): small enough for both cores to stay busy.
const BATCH: usize = 256;

/// What a chunk may weigh before it is split, in bytes of JSON.
const CHUNK_BYTES: usize = 16 * 1024;

/// The characters written without spaces between words (Japanese and
/// Chinese): such runs are searched as substrings. The portal's script
/// gets this table from the index's manifest ([`cjk_class`]).
const CJK: [(char, char); 7] = [
    ('\u{3005}', '\u{3007}'),
    ('\u{3040}', '\u{30FF}'),
    ('\u{3400}', '\u{4DBF}'),
    ('\u{4E00}', '\u{9FFF}'),
    ('\u{F900}', '\u{FAFF}'),
    ('\u{FF66}', '\u{FF9F}'),
    ('\u{20000}', '\u{3134F}'),
];

/// Whether `c` is in [`CJK`].
pub(crate) fn is_cjk(c: char) -> bool {
    CJK.iter().any(|&(from, to)| (from..=to).contains(&c))
}

/// [`CJK`] as the inside of a JavaScript `u` regular expression's
/// character class (`\u{3005}-\u{3007}…`).
pub(crate) fn cjk_class() -> String {
    CJK.iter()
        .map(|&(from, to)| format!("\\u{{{:x}}}-\\u{{{:x}}}", from as u32, to as u32))
        .collect()
}

/// A letter or digit of a word (not CJK).
pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c)
}

/// The words of a folded text: maximal runs of word characters.
pub(crate) fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !is_word_char(c))
        .filter(|w| w.chars().nth(1).is_some())
}

/// FNV-1a over the code points: which shard a CJK gram lives in (the
/// portal's script computes the same).
fn shard_of(gram: &str, shards: usize) -> usize {
    let mut hash: u32 = 2_166_136_261;
    for c in gram.chars() {
        hash ^= c as u32;
        hash = hash.wrapping_mul(16_777_619);
    }
    hash as usize % shards.max(1)
}

/// A post list as JSON: deltas, or a base64 bitset of `docs` bits when
/// that is smaller.
fn postings_json(list: &[u32], docs: usize) -> String {
    let mut deltas = String::from("[");
    let mut previous = 0;
    for (i, &doc) in list.iter().enumerate() {
        if i > 0 {
            deltas.push(',');
        }
        push_number(&mut deltas, doc - previous);
        previous = doc;
    }
    deltas.push(']');
    let bitset_len = docs.div_ceil(8).div_ceil(3) * 4 + 2;
    if deltas.len() <= bitset_len {
        return deltas;
    }
    let mut bits = vec![0u8; docs.div_ceil(8)];
    for &doc in list {
        bits[doc as usize / 8] |= 1 << (doc % 8);
    }
    format!(
        "\"{}\"",
        base64::engine::general_purpose::STANDARD.encode(bits)
    )
}

fn push_number(out: &mut String, n: u32) {
    use std::fmt::Write;
    let _ = write!(out, "{n}");
}

/// One post's part of the index.
#[derive(Default)]
struct Terms {
    words: Vec<String>,
    /// CJK characters and pairs, each once.
    grams: Vec<String>,
    /// Each CJK pair with its positions (in characters of the text).
    pairs: BTreeMap<String, Vec<u32>>,
}

fn terms(text: &str) -> Terms {
    // Terms are found as borrowed words and code points, and each distinct
    // one becomes a string once: a Japanese text repeats its characters.
    let mut words: Vec<&str> = words(text).collect();
    words.sort_unstable();
    words.dedup();
    let chars: Vec<char> = text.chars().collect();
    let mut singles: Vec<char> = Vec::new();
    let mut pairs: BTreeMap<(char, char), Vec<u32>> = BTreeMap::new();
    for (i, &c) in chars.iter().enumerate() {
        if !is_cjk(c) {
            continue;
        }
        singles.push(c);
        if let Some(&next) = chars.get(i + 1).filter(|&&n| is_cjk(n)) {
            pairs.entry((c, next)).or_default().push(i as u32);
        }
    }
    singles.sort_unstable();
    singles.dedup();
    let pairs: BTreeMap<String, Vec<u32>> = pairs
        .into_iter()
        .map(|((a, b), positions)| (String::from_iter([a, b]), positions))
        .collect();
    let grams = singles
        .into_iter()
        .map(String::from)
        .chain(pairs.keys().cloned())
        .collect();
    Terms {
        words: words.into_iter().map(str::to_string).collect(),
        grams,
        pairs,
    }
}

/// Each term's posts (for CJK pairs, with their positions), in post order.
#[derive(Default)]
struct Postings {
    words: HashMap<String, Vec<u32>>,
    grams: HashMap<String, Vec<u32>>,
    /// `[post, count, positions…]` repeated.
    pairs: HashMap<String, Vec<u32>>,
}

impl Postings {
    /// Adds a post after those already in.
    fn add(&mut self, doc: u32, terms: Terms) {
        for word in terms.words {
            self.words.entry(word).or_default().push(doc);
        }
        for gram in terms.grams {
            self.grams.entry(gram).or_default().push(doc);
        }
        for (pair, positions) in terms.pairs {
            let flat = self.pairs.entry(pair).or_default();
            flat.extend([doc, positions.len() as u32]);
            flat.extend(positions);
        }
    }

    /// These postings, then `later`'s, whose posts all come after.
    fn then(mut self, later: Postings) -> Postings {
        for (mine, theirs) in [
            (&mut self.words, later.words),
            (&mut self.grams, later.grams),
            (&mut self.pairs, later.pairs),
        ] {
            for (term, list) in theirs {
                mine.entry(term).or_default().extend(list);
            }
        }
        self
    }
}

/// The search text of a post, folded. Share texts are taken without their
/// tracked link, which differs per network only in its parameters: a text
/// shared on six networks is searched once.
pub(crate) fn searchable_text(view: &PostView) -> String {
    let mut texts: Vec<(&str, &str)> = Vec::new();
    for share in &view.shares {
        let around = share.around_link();
        if !texts.contains(&around) {
            texts.push(around);
        }
    }
    let mut parts: Vec<&str> = vec![&view.title, &view.briefing_text];
    parts.extend(view.topics.iter().map(String::as_str));
    parts.extend(view.campaign.as_deref());
    let mut text = parts.join("\n");
    for (before, after) in texts {
        text.extend(["\n", before, after]);
    }
    Folded::new(&text, true).text
}

/// A filter value and the posts it holds, for `f/KIND/VALUE.json`.
pub(crate) struct FilterPosts<'a> {
    pub(crate) kind: &'static str,
    pub(crate) value: &'a str,
    pub(crate) posts: Vec<u32>,
}

/// The chunks, by path under the portal (`search/…`), in path order.
pub(crate) struct Index {
    pub(crate) files: Vec<(String, String)>,
}

impl Index {
    /// Indexes `views` (the live posts in portal order); `card_html` gives
    /// a post's card as the index page shows it.
    pub(crate) fn build(
        views: &[PostView],
        filters: &[FilterPosts],
        card_html: &(dyn Fn(usize) -> String + Sync),
    ) -> Index {
        let docs = views.len();
        // Each batch of posts is gathered into its own postings, in
        // parallel, and the batches are joined in post order: only the
        // distinct terms and their post lists stay in memory, not every
        // post's terms.
        let Postings {
            words,
            grams,
            pairs,
        } = views
            .par_chunks(BATCH)
            .enumerate()
            .map(|(batch, chunk)| {
                let mut postings = Postings::default();
                for (k, view) in chunk.iter().enumerate() {
                    postings.add((batch * BATCH + k) as u32, terms(&searchable_text(view)));
                }
                postings
            })
            .reduce(Postings::default, Postings::then);
        // Each kind of term becomes its files and is let go before the next.
        let mut files = Vec::new();
        let first_words = word_files(words, docs, &mut files);
        let gram_shards = sharded(grams, "c", &mut files, |list| postings_json(list, docs));
        let pair_shards = sharded(pairs, "p", &mut files, positions_json);
        for filter in filters {
            files.push((
                format!("search/f/{}/{}.json", filter.kind, filter.value),
                postings_json(&filter.posts, docs),
            ));
        }
        let card_shards: Vec<(String, String)> = (0..docs.div_ceil(CARDS_PER_SHARD))
            .into_par_iter()
            .map(|shard| {
                let start = shard * CARDS_PER_SHARD;
                let cards: Vec<String> = (start..(start + CARDS_PER_SHARD).min(docs))
                    .map(|i| serde_json::to_string(card_html(i).trim()).unwrap_or_default())
                    .collect();
                (
                    format!("search/d{shard}.json"),
                    format!("[{}]", cards.join(",")),
                )
            })
            .collect();
        files.extend(card_shards);
        let manifest = serde_json::json!({
            "version": 1,
            "docs": docs,
            "cards": CARDS_PER_SHARD,
            "w": first_words,
            "c": gram_shards,
            "p": pair_shards,
            "cjk": cjk_class(),
            "fold": crate::text::fold::browser_folds_json(),
        });
        files.push(("search/index.json".to_string(), manifest.to_string()));
        for (_, text) in &mut files {
            *text = crate::escape::json_in_html(std::mem::take(text));
        }
        files.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        Index { files }
    }
}

/// A pair's positions in each post, from `[doc, count, positions…]`
/// repeated (absolute), as `[doc delta, count, first, deltas…]` repeated.
fn positions_json(flat: &[u32]) -> String {
    let mut out = String::from("[");
    let mut previous_doc = 0;
    let mut i = 0;
    while i + 1 < flat.len() {
        let (doc, count) = (flat[i], flat[i + 1] as usize);
        if i > 0 {
            out.push(',');
        }
        push_number(&mut out, doc - previous_doc);
        out.push(',');
        push_number(&mut out, count as u32);
        previous_doc = doc;
        let mut previous = 0;
        for &position in flat.iter().skip(i + 2).take(count) {
            out.push(',');
            push_number(&mut out, position - previous);
            previous = position;
        }
        i += 2 + count;
    }
    out.push(']');
    out
}

fn json_object(entries: &[(String, String)]) -> String {
    let mut out = String::from("{");
    for (i, (key, value)) in entries.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&serde_json::to_string(key).unwrap_or_default());
        out.push(':');
        out.push_str(value);
    }
    out.push('}');
    out
}

/// Spreads terms over as many hashed shards as keep each near
/// [`CHUNK_BYTES`], each term's list as `encode` writes it; returns the
/// shard count.
fn sharded(
    terms: HashMap<String, Vec<u32>>,
    letter: &str,
    files: &mut Vec<(String, String)>,
    encode: impl Fn(&[u32]) -> String + Sync,
) -> usize {
    let mut entries: Vec<(String, String)> = terms
        .into_par_iter()
        .map(|(term, list)| {
            let encoded = encode(&list);
            (term, encoded)
        })
        .collect();
    entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let bytes: usize = entries.iter().map(|(k, v)| k.len() + v.len() + 4).sum();
    let shards = bytes.div_ceil(CHUNK_BYTES).max(1);
    let mut buckets: Vec<Vec<(String, String)>> = vec![Vec::new(); shards];
    for (key, value) in entries {
        let shard = shard_of(&key, shards);
        buckets[shard].push((key, value));
    }
    for (i, bucket) in buckets.into_iter().enumerate() {
        files.push((format!("search/{letter}{i}.json"), json_object(&bucket)));
    }
    shards
}

/// Whether `word` (of `size` bytes) starts a new word file after one of
/// `bytes`. Past half of [`CHUNK_BYTES`], one word in eight does, chosen by
/// its own fingerprint; past twice that, any does. The boundaries depend
/// only on the words around them, so a word added by an edit changes its
/// own file, not every file after it.
fn starts_a_file(word: &str, bytes: usize, size: usize) -> bool {
    let chosen = crate::fingerprint::of(word.as_bytes()).is_multiple_of(8);
    (bytes >= CHUNK_BYTES / 2 && chosen) || bytes + size > 2 * CHUNK_BYTES
}

/// The vocabulary in consecutive files of about [`CHUNK_BYTES`], in code
/// point order: file `i` holds the words from its first word up to the
/// next file's first word, so a prefix's words are in the file where the
/// prefix would sort and the files after it that start with it. Returns
/// each file's first word.
fn word_files(
    words: HashMap<String, Vec<u32>>,
    docs: usize,
    files: &mut Vec<(String, String)>,
) -> Vec<String> {
    let mut words: Vec<(String, Vec<u32>)> = words.into_iter().collect();
    // UTF-8 byte order is code point order, as the portal's script compares.
    words.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut firsts: Vec<String> = Vec::new();
    let mut chunk: Vec<(String, String)> = Vec::new();
    let mut bytes = 0;
    for (word, list) in words {
        let entry = (word, postings_json(&list, docs));
        let size = entry.0.len() + entry.1.len() + 4;
        if chunk.is_empty() || starts_a_file(&entry.0, bytes, size) {
            if !chunk.is_empty() {
                let i = firsts.len() - 1;
                files.push((format!("search/w{i}.json"), json_object(&chunk)));
                chunk.clear();
            }
            firsts.push(entry.0.clone());
            bytes = 0;
        }
        bytes += size;
        chunk.push(entry);
    }
    if !chunk.is_empty() {
        let i = firsts.len() - 1;
        files.push((format!("search/w{i}.json"), json_object(&chunk)));
    }
    firsts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_split_into_words_and_cjk_grams() {
        let cases: &[(&str, &[&str], &[&str])] = &[
            (
                "we are hiring in tokyo",
                &["are", "hiring", "in", "tokyo", "we"],
                &[],
            ),
            (
                "東京オフィス",
                &[],
                &[
                    "オ", "オフ", "フ", "フィ", "ィ", "ィス", "ス", "京", "京オ", "東", "東京",
                ],
            ),
            (
                "ai研究 a 2026年",
                &["2026", "ai"],
                &["年", "研", "研究", "究"],
            ),
        ];
        for (text, expected_words, expected_grams) in cases {
            let terms = terms(text);
            assert_eq!(terms.words, *expected_words, "{text}");
            let mut grams: Vec<&str> = terms.grams.iter().map(String::as_str).collect();
            grams.sort_unstable();
            let mut expected: Vec<&str> = expected_grams.to_vec();
            expected.sort_unstable();
            assert_eq!(grams, expected, "{text}");
        }
        assert_eq!(terms("東京と東京").pairs["東京"], vec![0, 3]);
    }

    #[test]
    fn post_lists_take_the_smaller_form() {
        assert_eq!(postings_json(&[3, 4, 10], 1000), "[3,1,6]");
        // Every post of 16: a bitset of two bytes.
        let all: Vec<u32> = (0..16).collect();
        assert_eq!(postings_json(&all, 16), "\"//8=\"");
        assert_eq!(postings_json(&[], 16), "[]");
    }

    #[test]
    fn word_files_hold_every_word_in_order_and_an_added_word_changes_one() {
        let vocabulary = |extra: Option<&str>| {
            let mut words: HashMap<String, Vec<u32>> = (0..3000u32)
                .map(|i| (format!("word{i:04}"), (i..i + 40).collect()))
                .collect();
            words.insert("them".into(), (0..100_000).step_by(3).collect());
            if let Some(word) = extra {
                words.insert(word.into(), vec![7]);
            }
            let mut files = Vec::new();
            let firsts = word_files(words, 100_000, &mut files);
            (firsts, files)
        };
        let (firsts, files) = vocabulary(None);
        assert!(files.len() > 10, "{}", files.len());
        let mut all = Vec::new();
        for ((name, json), first) in files.iter().zip(&firsts) {
            let object: serde_json::Map<String, serde_json::Value> =
                serde_json::from_str(json).unwrap();
            let keys: Vec<String> = object.keys().cloned().collect();
            assert_eq!(&keys[0], first, "{name}");
            assert!(
                json.len() <= 2 * CHUNK_BYTES + 20_000,
                "{name}: {}",
                json.len()
            );
            all.extend(keys);
        }
        let mut sorted = all.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(all, sorted, "every word once, in code point order");
        assert_eq!(all.len(), 3001);

        for added in ["word0500x", "word1999a", "a", "zzz"] {
            let (_, after) = vocabulary(Some(added));
            let changed = after.iter().filter(|file| !files.contains(file)).count();
            assert!(changed <= 2, "{added}: {changed} files changed");
        }
    }
}
