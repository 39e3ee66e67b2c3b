//! The social networks advocate shares to: their names, limits, how they
//! count a text and how a post is handed to them (SPEC §5).

use crate::text::weighted;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Network {
    X,
    Linkedin,
    Facebook,
    Bluesky,
    Threads,
    Mastodon,
    Instagram,
}

impl Network {
    /// In the order of SPEC §5, which is the default order when the policy
    /// names none.
    pub const ALL: [Network; 7] = [
        Network::X,
        Network::Linkedin,
        Network::Facebook,
        Network::Bluesky,
        Network::Threads,
        Network::Mastodon,
        Network::Instagram,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Network::X => "x",
            Network::Linkedin => "linkedin",
            Network::Facebook => "facebook",
            Network::Bluesky => "bluesky",
            Network::Threads => "threads",
            Network::Mastodon => "mastodon",
            Network::Instagram => "instagram",
        }
    }

    /// The name as people write it.
    pub fn label(self) -> &'static str {
        match self {
            Network::X => "X",
            Network::Linkedin => "LinkedIn",
            Network::Facebook => "Facebook",
            Network::Bluesky => "Bluesky",
            Network::Threads => "Threads",
            Network::Mastodon => "Mastodon",
            Network::Instagram => "Instagram",
        }
    }

    pub fn from_name(name: &str) -> Option<Network> {
        Network::ALL.into_iter().find(|n| n.name() == name)
    }

    pub fn names() -> impl Iterator<Item = &'static str> {
        Network::ALL.into_iter().map(Network::name)
    }

    pub fn default_max_length(self) -> usize {
        match self {
            Network::X => 280,
            Network::Linkedin => 3000,
            Network::Facebook => 63206,
            Network::Bluesky => 300,
            Network::Threads | Network::Mastodon => 500,
            Network::Instagram => 2200,
        }
    }

    /// The length of a final text as this network counts it.
    pub fn length(self, text: &str) -> usize {
        match self {
            Network::X => weighted::x_length(text),
            Network::Bluesky => weighted::grapheme_length(text),
            Network::Mastodon => weighted::mastodon_length(text),
            Network::Linkedin | Network::Facebook | Network::Threads | Network::Instagram => {
                weighted::char_length(text)
            }
        }
    }

    /// How the network counts, for messages.
    pub fn counting(self) -> &'static str {
        match self {
            Network::X => "X's weighted length (CJK and emoji count 2, a URL 23)",
            Network::Bluesky => "graphemes",
            Network::Mastodon => "characters, a URL counting 23",
            _ => "characters",
        }
    }

    /// Whether a link's own characters count, so that an employee's
    /// `advocate_param` code makes the text longer.
    pub fn counts_url_characters(self) -> bool {
        !matches!(self, Network::X | Network::Mastodon)
    }

    /// Instagram gets no link: `{link}` expands to nothing.
    pub fn takes_links(self) -> bool {
        self != Network::Instagram
    }

    /// The share intent for a final text, or `None` where the employee's own
    /// instance is needed (Mastodon) or there is none (Instagram).
    pub fn intent_url(self, text: &str, link: Option<&str>) -> Option<String> {
        let encoded = crate::links::percent_encode;
        match self {
            Network::X => Some(format!("https://x.com/intent/tweet?text={}", encoded(text))),
            Network::Bluesky => Some(format!(
                "https://bsky.app/intent/compose?text={}",
                encoded(text)
            )),
            Network::Threads => Some(format!(
                "https://www.threads.com/intent/post?text={}",
                encoded(text)
            )),
            Network::Linkedin => Some(format!(
                "https://www.linkedin.com/sharing/share-offsite/?url={}",
                encoded(link.unwrap_or(""))
            )),
            Network::Facebook => Some(format!(
                "https://www.facebook.com/sharer/sharer.php?u={}",
                encoded(link.unwrap_or(""))
            )),
            Network::Mastodon | Network::Instagram => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for network in Network::ALL {
            assert_eq!(Network::from_name(network.name()), Some(network));
        }
        assert_eq!(Network::from_name("myspace"), None);
    }

    #[test]
    fn intents_encode_text() {
        let intent = Network::X.intent_url("A & B #PR", None).unwrap();
        assert_eq!(
            intent,
            "https://x.com/intent/tweet?text=A%20%26%20B%20%23PR"
        );
        let linkedin = Network::Linkedin
            .intent_url("text", Some("https://e.com/?a=1&b=2"))
            .unwrap();
        assert!(linkedin.ends_with("?url=https%3A%2F%2Fe.com%2F%3Fa%3D1%26b%3D2"));
        assert_eq!(Network::Mastodon.intent_url("x", None), None);
    }
}
