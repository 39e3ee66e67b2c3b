//! One escaper per output format that carries text from posts: HTML and
//! XML (the feed, review and digest pages) and Markdown (the review and the
//! digest posted to pull requests and chat).

/// Text for HTML or XML, in content or in a quoted attribute; control
/// characters XML forbids are dropped.
pub(crate) fn markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

/// What could start a link, HTML or emphasis is escaped, except inside the
/// `code` spans our messages use on purpose (where Markdown escapes nothing).
pub(crate) fn markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_code = false;
    for c in text.chars() {
        if c == '`' {
            in_code = !in_code;
        } else if !in_code && "\\*_[]<>|#".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// JSON that stays inert if a browser ever sniffs it as HTML: `<` and `>`
/// are written as `\u003c` and `\u003e`, which parse to the same strings.
pub(crate) fn json_in_html(json: String) -> String {
    if !json.contains(['<', '>']) {
        return json;
    }
    json.replace('<', "\\u003c").replace('>', "\\u003e")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_per_format() {
        let cases = [
            (
                "a < b & \"c\"",
                "a &lt; b &amp; &quot;c&quot;",
                "a \\< b & \"c\"",
            ),
            ("<img src=x>", "&lt;img src=x&gt;", "\\<img src=x\\>"),
            ("[x](y) *z*", "[x](y) *z*", "\\[x\\](y) \\*z\\*"),
            ("`<b>` ok", "`&lt;b&gt;` ok", "`<b>` ok"),
            ("bell\u{7}", "bell", "bell\u{7}"),
        ];
        for (text, html, md) in cases {
            assert_eq!(markup(text), html, "{text}");
            assert_eq!(markdown(text), md, "{text}");
        }
    }
}
