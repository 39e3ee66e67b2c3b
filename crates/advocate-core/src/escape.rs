//! One escaper per output format that carries text from posts: HTML and
//! XML (the feed, review and digest pages) and Markdown (the review and the
//! digest posted to pull requests and chat).

/// Text for HTML or XML, in content or in a quoted attribute; control
/// characters XML forbids are dropped.
pub fn markup(text: &str) -> String {
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

/// Text for a line of GitHub- or GitLab-flavoured Markdown (a pull
/// request comment, a job summary, a chat message): every ASCII punctuation
/// character that Markdown or HTML could read is escaped, backticks
/// included, so nothing opens a code span, a link, an image, an HTML comment
/// or emphasis; line breaks become spaces, so nothing starts a heading or a
/// list; `@` is kept from mentioning anyone (`@everyone`, `@org/team`).
pub fn markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '\n' | '\r' | '\u{2028}' | '\u{2029}' => out.push(' '),
            '@' => out.push_str("@\u{200B}"),
            c if c.is_ascii_punctuation() && c != '@' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Text as an inline code span in Markdown, whatever it holds: fenced with
/// more backticks than any run inside it, on one line.
pub fn markdown_code(text: &str) -> String {
    let text: String = text
        .chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .filter(|c| !c.is_control())
        .collect();
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') || text.is_empty() {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// Text for Slack's mrkdwn, which reserves `&`, `<` and `>` (`<!everyone>`
/// and links are written with them) and has no escape for its emphasis:
/// a zero-width space before each `*`, `_`, `~` and backtick keeps any
/// from opening or closing one, so `*bold*` shows as written. Line breaks
/// become spaces.
pub fn slack(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '*' | '_' | '~' | '`' => {
                out.push('\u{200B}');
                out.push(c);
            }
            '\n' | '\r' | '\u{2028}' | '\u{2029}' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Text for a Chatwork message, whose tags (`[To:123]`, `[info]`,
/// `[code]`, `[piconname:…]`) have no escape: a zero-width space after
/// each `[` keeps any from being a tag, so `[To:1]` shows as written and
/// mentions no one. Line breaks become spaces.
pub fn chatwork(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '[' => out.push_str("[\u{200B}"),
            '\n' | '\r' | '\u{2028}' | '\u{2029}' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Text for a terminal or a plain-text message, on one line: every
/// control character (C0, DEL, C1: the terminal's escape sequences start
/// with them) and every bidirectional control (which reorders what is
/// shown) is written as its `\u{…}` escape, visible and inert; line breaks
/// become spaces.
pub fn terminal(text: &str) -> String {
    use icu_properties::{CodePointSetData, props::BidiControl};
    let bidi = CodePointSetData::new::<BidiControl>();
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\r' | '\u{2028}' | '\u{2029}' => out.push(' '),
            c if c.is_control() || bidi.contains(c) => {
                out.extend(c.escape_unicode());
            }
            c => out.push(c),
        }
    }
    out
}

/// The start of an outside value, for a message: at most `most`
/// characters (with `…` when there was more), inert on a terminal.
pub fn shortened(value: &str, most: usize) -> String {
    let mut shown: String = value.chars().take(most).collect();
    if shown.len() < value.len() {
        shown.push('…');
    }
    terminal(&shown)
}

/// JSON that stays inert if a browser ever sniffs it as HTML: `<` and `>`
/// are written as `\u003c` and `\u003e`, which parse to the same strings.
pub fn json_in_html(json: String) -> String {
    if !json.contains(['<', '>']) {
        return json;
    }
    json.replace('<', "\\u003c").replace('>', "\\u003e")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hostile titles, paths and texts stay text in every format.
    #[test]
    fn hostile_text_stays_text() {
        let hostile = [
            "x `\n<!--",
            "one ` tick <img src=https://evil.example/x.png>",
            "@everyone and @org/team",
            "# heading\n- list\n> quote",
            "[link](javascript:alert(1)) ![img](x)",
            "library/a`b`.md",
            "<!everyone> & <https://evil.example|click>",
        ];
        for text in hostile {
            let md = markdown(text);
            assert!(!md.contains('\n'), "{md}");
            // Every punctuation character that Markdown reads comes escaped.
            let chars: Vec<char> = md.chars().collect();
            for (i, c) in chars.iter().enumerate() {
                if "<>[]()`*_!#-|".contains(*c) {
                    assert!(i > 0 && chars[i - 1] == '\\', "{c} unescaped in {md}");
                }
            }
            assert!(!md.contains("@everyone") && !md.contains("@org"), "{md}");
            let code = markdown_code(text);
            let fence_len = code.chars().take_while(|c| *c == '`').count();
            let inner = &code[fence_len..code.len() - fence_len];
            assert!(!inner.contains(&"`".repeat(fence_len)), "{code}");
            assert!(!code.contains('\n'), "{code}");
            let slack = slack(text);
            assert!(!slack.contains('<') && !slack.contains('>'), "{slack}");
            assert!(!slack.contains('\n'), "{slack}");
            let chars: Vec<char> = slack.chars().collect();
            for (i, c) in chars.iter().enumerate() {
                if "*_~`".contains(*c) {
                    assert!(i > 0 && chars[i - 1] == '\u{200B}', "{c} bare in {slack}");
                }
            }
        }
        let chatwork = chatwork("[To:1] [info]x[/info] [code]y\n[toall]");
        assert!(!chatwork.contains("[T") && !chatwork.contains("[i") && !chatwork.contains("[c"));
        assert!(
            !chatwork.contains("[/") && !chatwork.contains('\n'),
            "{chatwork}"
        );
        assert_eq!(
            chatwork.replace('\u{200B}', ""),
            "[To:1] [info]x[/info] [code]y [toall]"
        );
    }

    #[test]
    fn terminal_text_carries_no_escape_sequence() {
        let title = "Hi\u{1b}[2J\u{1b}]8;;https://evil.example/\u{7}there\u{9b}1m \u{202e}olleh\n";
        let shown = terminal(title);
        assert!(!shown.chars().any(|c| c.is_control()), "{shown:?}");
        assert_eq!(
            shown,
            "Hi\\u{1b}[2J\\u{1b}]8;;https://evil.example/\\u{7}there\\u{9b}1m \\u{202e}olleh "
        );
        assert_eq!(terminal("東京 オフィス"), "東京 オフィス");
        assert_eq!(shortened("東京オフィス\u{7}", 2), "東京…");
        assert_eq!(shortened("ok\u{7}", 9), "ok\\u{7}");
    }

    #[test]
    fn escapes_per_format() {
        // (text, for HTML and XML, for Markdown)
        let cases = [
            (
                "a < b & \"c\"",
                "a &lt; b &amp; &quot;c&quot;",
                r#"a \< b \& \"c\""#,
            ),
            ("<img src=x>", "&lt;img src=x&gt;", r"\<img src\=x\>"),
            ("[x](y) *z*", "[x](y) *z*", r"\[x\]\(y\) \*z\*"),
            ("`<b>` ok", "`&lt;b&gt;` ok", r"\`\<b\>\` ok"),
            ("東京 two\nlines", "東京 two\nlines", "東京 two lines"),
            ("bell\u{7}", "bell", "bell"),
        ];
        for (text, html, md) in cases {
            assert_eq!(markup(text), html, "{text}");
            assert_eq!(markdown(text), md, "{text}");
        }
        assert_eq!(markdown_code("a`b"), "``a`b``");
        assert_eq!(markdown_code("`x"), "`` `x ``");
    }
}
