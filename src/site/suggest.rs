//! "Suggest a post": where an employee's idea goes. With `site.repository`,
//! the repository's own new-issue form, prefilled with a post to fill in,
//! so the idea reaches the marketers and reviewers as any request does;
//! with `site.suggest_url`, that form or address instead.

use crate::policy::Policy;
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};

/// The address "Suggest a post" opens, if the policy gives one.
pub(crate) fn link(policy: &Policy) -> Option<String> {
    if let Some(url) = &policy.site.suggest_url {
        return Some(url.clone());
    }
    let repository = policy.site.repository.as_ref()?;
    let title = "Post idea: ";
    let body = format!(
        "A post I suggest for the portal. Fill in what you can; the marketing team turns it into a post.\n\n```markdown\n{}```\n",
        template(policy)
    );
    let e = |text: &str| utf8_percent_encode(text, NON_ALPHANUMERIC).to_string();
    // GitLab's form names its fields `issue[…]`; GitHub's, and those of
    // hosts that copy it, `title` and `body`.
    let is_gitlab = url::Url::parse(repository)
        .ok()
        .and_then(|url| url.host_str().map(|h| h.contains("gitlab")))
        .unwrap_or(false);
    Some(if is_gitlab {
        format!(
            "{repository}/-/issues/new?issue%5Btitle%5D={}&issue%5Bdescription%5D={}",
            e(title),
            e(&body)
        )
    } else {
        format!(
            "{repository}/issues/new?title={}&body={}",
            e(title),
            e(&body)
        )
    })
}

/// A post to fill in: the front matter the policy requires, a briefing
/// and one text with the disclosure. No dates, so the pages that link to
/// it stay the same from one day to the next.
fn template(policy: &Policy) -> String {
    let disclosure = policy.disclosure_suffix();
    format!(
        "---\ntitle: \nlink: https://\ncampaign: \n---\nWhat employees should know (never shared):\n\n```share\nThe text to share. {{link}}{disclosure}\n```\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    fn policy(site: &str) -> Policy {
        let text = format!("site:\n{site}disclosure:\n  any_of: [\"#AcmeEmployee\"]\n");
        crate::policy::parse(&SourceFile::new("policy.yaml", text)).expect("a policy")
    }

    #[test]
    fn suggestions_go_to_the_repository_or_the_given_address() {
        let cases = [
            ("", None),
            (
                "  repository: https://github.com/acme/advocacy\n",
                Some("https://github.com/acme/advocacy/issues/new?title=Post%20idea"),
            ),
            (
                "  repository: https://gitlab.example.com/acme/advocacy/\n",
                Some(
                    "https://gitlab.example.com/acme/advocacy/-/issues/new?issue%5Btitle%5D=Post%20idea",
                ),
            ),
            (
                "  repository: https://github.com/acme/advocacy\n  suggest_url: mailto:marketing@example.com\n",
                Some("mailto:marketing@example.com"),
            ),
        ];
        for (site, start) in cases {
            let link = link(&policy(site));
            match start {
                None => assert_eq!(link, None, "{site}"),
                Some(start) => assert!(
                    link.as_deref().unwrap().starts_with(start),
                    "{site}: {link:?}"
                ),
            }
        }
    }

    #[test]
    fn the_template_carries_the_disclosure_and_no_date() {
        let link = link(&policy("  repository: https://github.com/acme/advocacy\n")).unwrap();
        let body = crate::links::percent_decode(link.split("&body=").nth(1).unwrap());
        assert!(body.contains("```share\n"), "{body}");
        assert!(body.contains("#AcmeEmployee"), "{body}");
        assert!(!body.contains("20"), "no dates: {body}");
    }
}
