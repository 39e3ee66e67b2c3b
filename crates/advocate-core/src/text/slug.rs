//! The folder name a post, campaign or topic gets in the portal's URLs.
//! Two names with one slug would be one address: `duplicate-id` refuses such
//! posts, and campaign and topic pages gather such names.

/// A safe folder name for a URL: letters and digits of any script, lower
/// case, everything else `-`. Never empty, never `.` or `..`.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let trimmed = out.trim_matches('-');
    if trimmed.is_empty() {
        format!(
            "x{:x}",
            name.bytes()
                .fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)))
        )
    } else {
        trimmed.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_safe_folder_names() {
        let cases = [
            ("tokyo-launch", "tokyo-launch"),
            ("Tokyo Launch 2027", "tokyo-launch-2027"),
            ("../../etc", "etc"),
            ("文化", "文化"),
            ("a/b\\c", "a-b-c"),
        ];
        for (name, expected) in cases {
            assert_eq!(slug(name), expected);
        }
        assert!(!slug("..").is_empty() && !slug("..").contains('.'));
    }
}
