//! The social networks advocate shares to (docs/policy.md), as data: one table
//! entry per network holds everything about it: its id and label, its
//! default limit and how it counts, whether it takes links, its share-intent
//! template, its hashtag cap and the hints the portal shows. The checks, the
//! templates and the portal's script read the entry; none names a network.
//! Adding a network is one entry here (and its strings in the theme).

use crate::text::weighted;

/// A network advocate shares to (docs/policy.md, "networks").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Network {
    /// X (Twitter).
    X,
    /// LinkedIn.
    Linkedin,
    /// Facebook.
    Facebook,
    /// Bluesky.
    Bluesky,
    /// Threads.
    Threads,
    /// Mastodon (each employee's own server).
    Mastodon,
    /// Instagram (no share link, no clickable links).
    Instagram,
}

/// How a network counts a text's length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counting {
    /// twitter-text v3: CJK and emoji weigh 2, a URL 23.
    XWeighted,
    /// Grapheme clusters.
    Graphemes,
    /// Unicode scalar values.
    Characters,
    /// Unicode scalar values, each URL counting 23.
    CharactersUrlsAs23,
}

/// Everything advocate knows about one network.
#[derive(Debug)]
pub struct NetworkSpec {
    /// The network.
    pub network: Network,
    /// Its id in `policy.yaml`, fences, reports and URLs.
    pub id: &'static str,
    /// Its name as people write it.
    pub label: &'static str,
    /// The limit when `policy.yaml` sets none.
    pub default_max_length: usize,
    /// How it counts.
    pub counting: Counting,
    /// Whether it takes links: without, `{link}` becomes nothing and a URL
    /// written in the text is not clickable (a warning).
    pub takes_links: bool,
    /// The share intent, with `{text}` (the final text), `{url}` (the
    /// link) and `{server}` (the employee's own server) to fill, each
    /// percent-encoded; `None` where there is none (copy only).
    pub intent: Option<&'static str>,
    /// The most hashtags it takes, whatever `hashtags.max` says.
    pub hashtag_cap: Option<usize>,
    /// The theme string shown under its texts, if any.
    pub hint: Option<&'static str>,
    /// For intents on the employee's own server: the theme string that asks
    /// for it, and an example server.
    pub server_prompt: Option<(&'static str, &'static str)>,
    /// When to post, as hours of the day in the site's time zone (from,
    /// until), when the click exports cannot tell: working-day mornings
    /// for networks read at work, lunchtime for those read on the phone.
    /// Different windows per network spread one employee's shares too.
    pub posting_hours: (u8, u8),
}

/// Every network, in the documented order (docs/policy.md) (the default order when the
/// policy names none).
pub const NETWORKS: [NetworkSpec; 7] = [
    NetworkSpec {
        network: Network::X,
        id: "x",
        label: "X",
        default_max_length: 280,
        counting: Counting::XWeighted,
        takes_links: true,
        intent: Some("https://x.com/intent/tweet?text={text}"),
        hashtag_cap: None,
        hint: None,
        server_prompt: None,
        posting_hours: (8, 10),
    },
    NetworkSpec {
        network: Network::Linkedin,
        id: "linkedin",
        label: "LinkedIn",
        default_max_length: 3000,
        counting: Counting::Characters,
        takes_links: true,
        intent: Some("https://www.linkedin.com/sharing/share-offsite/?url={url}"),
        hashtag_cap: None,
        hint: None,
        server_prompt: None,
        posting_hours: (8, 10),
    },
    NetworkSpec {
        network: Network::Facebook,
        id: "facebook",
        label: "Facebook",
        default_max_length: 63206,
        counting: Counting::Characters,
        takes_links: true,
        intent: Some("https://www.facebook.com/sharer/sharer.php?u={url}"),
        hashtag_cap: None,
        hint: None,
        server_prompt: None,
        posting_hours: (12, 14),
    },
    NetworkSpec {
        network: Network::Bluesky,
        id: "bluesky",
        label: "Bluesky",
        default_max_length: 300,
        counting: Counting::Graphemes,
        takes_links: true,
        intent: Some("https://bsky.app/intent/compose?text={text}"),
        hashtag_cap: None,
        hint: None,
        server_prompt: None,
        posting_hours: (9, 11),
    },
    NetworkSpec {
        network: Network::Threads,
        id: "threads",
        label: "Threads",
        default_max_length: 500,
        counting: Counting::Characters,
        takes_links: true,
        intent: Some("https://www.threads.com/intent/post?text={text}"),
        hashtag_cap: None,
        hint: None,
        server_prompt: None,
        posting_hours: (12, 14),
    },
    NetworkSpec {
        network: Network::Mastodon,
        id: "mastodon",
        label: "Mastodon",
        default_max_length: 500,
        counting: Counting::CharactersUrlsAs23,
        takes_links: true,
        intent: Some("https://{server}/share?text={text}"),
        hashtag_cap: None,
        hint: None,
        server_prompt: Some(("mastodon_instance", "mastodon.social")),
        posting_hours: (9, 11),
    },
    NetworkSpec {
        network: Network::Instagram,
        id: "instagram",
        label: "Instagram",
        default_max_length: 2200,
        counting: Counting::Characters,
        takes_links: false,
        intent: None,
        hashtag_cap: Some(5),
        hint: Some("instagram_hint"),
        server_prompt: None,
        posting_hours: (12, 14),
    },
];

impl Network {
    /// Every network, in the documented order (docs/policy.md).
    pub const ALL: [Network; 7] = [
        Network::X,
        Network::Linkedin,
        Network::Facebook,
        Network::Bluesky,
        Network::Threads,
        Network::Mastodon,
        Network::Instagram,
    ];

    /// This network's table entry.
    pub fn spec(self) -> &'static NetworkSpec {
        &NETWORKS[self as usize]
    }

    /// Its id (`linkedin`).
    pub fn name(self) -> &'static str {
        self.spec().id
    }

    /// Its name as people write it (`LinkedIn`).
    pub fn label(self) -> &'static str {
        self.spec().label
    }

    /// The network with this id.
    pub fn from_name(name: &str) -> Option<Network> {
        NETWORKS.iter().find(|s| s.id == name).map(|s| s.network)
    }

    /// Every id, in order.
    pub fn names() -> impl Iterator<Item = &'static str> {
        NETWORKS.iter().map(|s| s.id)
    }

    /// The limit when `policy.yaml` sets none.
    pub fn default_max_length(self) -> usize {
        self.spec().default_max_length
    }

    /// The length of a final text as this network counts it.
    pub fn length(self, text: &str) -> usize {
        match self.spec().counting {
            Counting::XWeighted => weighted::x_length(text),
            Counting::Graphemes => weighted::grapheme_length(text),
            Counting::CharactersUrlsAs23 => weighted::mastodon_length(text),
            Counting::Characters => weighted::char_length(text),
        }
    }

    /// How the network counts, for messages.
    pub fn counting(self) -> &'static str {
        match self.spec().counting {
            Counting::XWeighted => "X's weighted length (CJK and emoji count 2, a URL 23)",
            Counting::Graphemes => "graphemes",
            Counting::CharactersUrlsAs23 => "characters, a URL counting 23",
            Counting::Characters => "characters",
        }
    }

    /// Whether a link's own characters count, so that an employee's
    /// `advocate_param` code makes the text longer.
    pub fn counts_url_characters(self) -> bool {
        !matches!(
            self.spec().counting,
            Counting::XWeighted | Counting::CharactersUrlsAs23
        )
    }

    /// Whether `{link}` expands to the link (and URLs in the text are
    /// clickable).
    pub fn takes_links(self) -> bool {
        self.spec().takes_links
    }

    /// The share intent for a final text, or `None` where the employee's own
    /// server is needed or there is no intent.
    pub fn intent_url(self, text: &str, link: Option<&str>) -> Option<String> {
        let template = self.spec().intent?;
        // Fill each slot the template has, encoding only what it uses (this
        // runs for every share of every post of a build).
        let mut out = String::with_capacity(template.len() + text.len() * 3);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let slot = &rest[open..];
            let close = slot.find('}').map_or(slot.len(), |i| i + 1);
            match &slot[..close] {
                "{text}" => out.push_str(&crate::links::percent_encode(text)),
                "{url}" => out.push_str(&crate::links::percent_encode(link.unwrap_or(""))),
                "{server}" => return None, // the employee's own: known only in the browser
                other => out.push_str(other),
            }
            rest = &slot[close..];
        }
        out.push_str(rest);
        Some(out)
    }
}

impl serde::Serialize for Network {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_in_enum_order_and_ids_round_trip() {
        for (i, network) in Network::ALL.into_iter().enumerate() {
            assert_eq!(NETWORKS[i].network, network);
            assert_eq!(Network::from_name(network.name()), Some(network));
        }
        assert_eq!(Network::from_name("myspace"), None);
    }

    #[test]
    fn intents_encode_text() {
        let cases = [
            (
                Network::X,
                Some("https://x.com/intent/tweet?text=A%20%26%20B%20%23PR"),
            ),
            (
                Network::Linkedin,
                Some(
                    "https://www.linkedin.com/sharing/share-offsite/?url=https%3A%2F%2Fe.com%2F%3Fa%3D1%26b%3D2",
                ),
            ),
            (Network::Mastodon, None),
            (Network::Instagram, None),
        ];
        for (network, expected) in cases {
            let intent = network.intent_url("A & B #PR", Some("https://e.com/?a=1&b=2"));
            assert_eq!(intent.as_deref(), expected, "{network:?}");
        }
    }
}
