//! The front matter's keys (docs/posts.md), as a type.

/// A key of the front matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldName {
    Title,
    Id,
    Campaign,
    Topics,
    Lang,
    Link,
    Image,
    ImageAlt,
    Networks,
    PublishAt,
    ExpiresAt,
    Draft,
    Owner,
}

/// Every key as written, in the order docs/posts.md lists them (for unknown-key hints).
pub const FIELD_NAMES: [&str; 13] = [
    "title",
    "id",
    "campaign",
    "topics",
    "lang",
    "link",
    "image",
    "image_alt",
    "networks",
    "publish_at",
    "expires_at",
    "draft",
    "owner",
];

impl FieldName {
    /// Every key, in the order of [`FIELD_NAMES`].
    pub const ALL: [FieldName; 13] = [
        FieldName::Title,
        FieldName::Id,
        FieldName::Campaign,
        FieldName::Topics,
        FieldName::Lang,
        FieldName::Link,
        FieldName::Image,
        FieldName::ImageAlt,
        FieldName::Networks,
        FieldName::PublishAt,
        FieldName::ExpiresAt,
        FieldName::Draft,
        FieldName::Owner,
    ];

    /// The key as written.
    pub fn as_str(self) -> &'static str {
        FIELD_NAMES[self as usize]
    }

    /// The field of a key as written.
    pub fn from_name(name: &str) -> Option<FieldName> {
        FIELD_NAMES
            .iter()
            .position(|n| *n == name)
            .map(|i| FieldName::ALL[i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for field in FieldName::ALL {
            assert_eq!(FieldName::from_name(field.as_str()), Some(field));
        }
        assert_eq!(FieldName::from_name("expire_at"), None);
    }
}
