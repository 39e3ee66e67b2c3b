//! `schedule`, `expired` and `expiring`: the window in which a post is live.

use super::context::PostCheck;
use crate::diagnostic::Diagnostic;
use crate::policy::Policy;
use crate::post::Post;
use crate::rule::Rule;
use crate::time::days_between;
use jiff::{Timestamp, ToSpan};

/// The `expired` warning, when the window is over at `now`.
pub fn expired(post: &Post, now: Timestamp) -> Option<Diagnostic> {
    let expires = post.fields.expires_at.as_ref()?;
    (expires.value.instant <= now).then(|| {
        Diagnostic::warning(
            &post.source,
            expires.span.clone(),
            Rule::Expired,
            "this post has expired and is no longer published; delete it, or move `expires_at` later to bring it back",
        )
    })
}

/// The instants at which the checks of this file say something else of
/// `post`, whatever "now" is: its expiry warning starts, it expires.
pub fn changes_at(post: &Post, policy: &Policy) -> impl Iterator<Item = Timestamp> {
    let expires = post.fields.expires_at.as_ref().map(|e| e.value.instant);
    let warn = policy.schedule.warn_expiring_within_days;
    let warns = expires.and_then(|e| e.checked_sub((warn * 86_400).seconds()).ok());
    [warns, expires].into_iter().flatten()
}

pub fn check(cx: &PostCheck) -> Vec<Diagnostic> {
    let (post, policy, now) = (cx.post, cx.policy, cx.now);
    let mut found = Vec::new();
    let Some(expires) = &post.fields.expires_at else {
        return found;
    };
    let zone = &policy.site.timezone;
    let publish = post.fields.publish_at.as_ref();
    if let Some(publish) = publish
        && publish.value.instant >= expires.value.instant
    {
        found.push(Diagnostic::error(
            &post.source,
            expires.span.clone(),
            Rule::Schedule,
            "`expires_at` is not after `publish_at`, so the post would never be live; move one of them",
        ));
        return found;
    }
    if let Some(max_days) = policy.schedule.max_days {
        let start = publish.map_or_else(
            || now.to_zoned_datetime(zone.clone()).date(),
            |p| p.value.date,
        );
        let days = days_between(start, expires.value.date);
        if days > max_days {
            let from = if publish.is_some() {
                "`publish_at`"
            } else {
                "today"
            };
            found.push(Diagnostic::error(
                &post.source,
                expires.span.clone(),
                Rule::Schedule,
                format!("the post would stay live {days} days after {from}, longer than the {max_days} allowed (schedule.max_days); set an earlier `expires_at`"),
            ));
        }
    }
    let warn_days = policy.schedule.warn_expiring_within_days;
    let remaining = expires.value.instant.as_second() - now.as_second();
    if remaining > 0 && remaining <= warn_days * 86_400 {
        found.push(Diagnostic::warning(
            &post.source,
            expires.span.clone(),
            Rule::Expiring,
            format!("this post expires within {warn_days} days; extend `expires_at` if it should stay up"),
        ));
    }
    found
}

#[cfg(test)]
mod tests {
    use crate::check::fixture::assert_found;

    /// The fixture's problems for this rule, in process, as `advocate check`
    /// reports them.
    #[test]
    fn windows_are_judged_at_now() {
        assert_found(
            "schedule",
            "expired",
            &[("expired.md", 4, 13, 23, "warning", None)],
        );
        assert_found(
            "schedule",
            "expiring",
            &[("expiring.md", 4, 13, 23, "warning", None)],
        );
        assert_found(
            "schedule",
            "schedule",
            &[
                ("inverted.md", 5, 13, 23, "error", None),
                ("too-long.md", 5, 13, 23, "error", None),
            ],
        );
    }
}
