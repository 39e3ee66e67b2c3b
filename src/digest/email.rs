//! The digest as a complete e-mail (RFC 5322 and MIME, by `mail-builder`):
//! `multipart/alternative` with the plain text and the HTML, the subject in
//! UTF-8 (RFC 2047 when it is not ASCII), `List-Unsubscribe` when a URL is
//! given; ready for `sendmail -t` or any mail action.

use super::model::Digest;
use crate::error::Error;
use mail_builder::MessageBuilder;
use mail_builder::headers::url::URL;

/// Who the e-mail is from and to, and where one unsubscribes.
#[derive(Debug, Clone, Default)]
pub(crate) struct Mail {
    pub(crate) from: Option<String>,
    pub(crate) to: Vec<String>,
    pub(crate) unsubscribe: Option<String>,
}

/// Whether `address` is one plain address (`name@example.com`): nothing
/// that could end a header or add a recipient.
pub(crate) fn is_address(address: &str) -> bool {
    let mut parts = address.split('@');
    let (Some(local), Some(domain), None) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && address
            .chars()
            .all(|c| c.is_ascii_graphic() && !"<>()[]\\,;:\"".contains(c))
}

pub(super) fn render(
    digest: &Digest,
    mail: &Mail,
    now: jiff::Timestamp,
    text: String,
    html: String,
) -> Result<String, Error> {
    let how = "give --mail-from and --mail-to plain addresses, such as advocate@example.com";
    let from = mail
        .from
        .as_deref()
        .ok_or_else(|| Error::Usage(format!("an e-mail needs a sender; {how}")))?;
    if mail.to.is_empty() {
        return Err(Error::Usage(format!("an e-mail needs a recipient; {how}")));
    }
    for address in std::iter::once(from).chain(mail.to.iter().map(String::as_str)) {
        if !is_address(address) {
            return Err(Error::Usage(format!(
                "`{}` is not an e-mail address; {how}",
                crate::escape::terminal(address)
            )));
        }
    }
    let domain = from.rsplit('@').next().unwrap_or("localhost");
    let subject: String = digest
        .title
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let mut message = MessageBuilder::new()
        .from(from)
        .to(mail.to.iter().map(String::as_str).collect::<Vec<_>>())
        .subject(subject)
        .date(now.as_second())
        .message_id(format!(
            "digest.{}.{}@{domain}",
            now.as_second(),
            now.subsec_nanosecond()
        ))
        .text_body(text)
        .html_body(html);
    if let Some(url) = &mail.unsubscribe {
        if !(url.starts_with("https://") || url.starts_with("mailto:"))
            || url
                .chars()
                .any(|c| c.is_control() || c.is_whitespace() || c == '<' || c == '>')
        {
            return Err(Error::Usage(format!(
                "--unsubscribe-url `{}` must be an https: or mailto: address",
                crate::escape::terminal(url)
            )));
        }
        message = message.header("List-Unsubscribe", URL::new(url.as_str()));
    }
    message
        .write_to_string()
        .map_err(|e| Error::Input(format!("the e-mail could not be written: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_addresses_are_taken() {
        assert!(is_address("advocate@example.com"));
        for bad in [
            "advocate",
            "a@b",
            "a@b.com\r\nBcc: x@y.com",
            "Jane <jane@example.com>",
            "a@b@c.com",
            "a@.com",
            "a,b@example.com",
        ] {
            assert!(!is_address(bad), "{bad}");
        }
    }
}
