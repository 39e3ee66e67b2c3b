//! The digest as HTML for e-mail: tables and inline styles only, every
//! value escaped (`crate::escape::markup`).

use super::model::Digest;
use crate::escape::markup as escape;

pub(super) fn render(digest: &Digest) -> String {
    let mut out = String::from(
        "<!doctype html>\n<html><body style=\"margin:0;padding:0;background:#f6f7f9\">\n<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" style=\"background:#f6f7f9\"><tr><td align=\"center\" style=\"padding:24px\">\n<table role=\"presentation\" width=\"600\" cellpadding=\"0\" cellspacing=\"0\" style=\"background:#ffffff;border:1px solid #d5d8dc;font-family:Arial,Helvetica,sans-serif;color:#1c1e21\">\n",
    );
    out.push_str(&format!(
        "<tr><td style=\"padding:20px 24px;font-size:22px;font-weight:bold\">{}</td></tr>\n",
        escape(&digest.title)
    ));
    for section in digest.sections() {
        out.push_str(&format!(
            "<tr><td style=\"padding:12px 24px 4px;font-size:17px;font-weight:bold\">{}</td></tr>\n",
            escape(section.heading)
        ));
        if section.items.is_empty() {
            out.push_str(&format!(
                "<tr><td style=\"padding:4px 24px;color:#55595f\">{}</td></tr>\n",
                escape(section.none)
            ));
        }
        for item in section.items {
            out.push_str(&format!(
                "<tr><td style=\"padding:4px 24px\"><a href=\"{}\" style=\"color:#0b57d0\">{}</a> <span style=\"color:#55595f\">{}</span></td></tr>\n",
                escape(&item.url),
                escape(&item.title),
                escape(&item.note)
            ));
        }
    }
    out.push_str("<tr><td style=\"padding:16px 24px\"></td></tr>\n</table>\n</td></tr></table>\n</body></html>\n");
    out
}
