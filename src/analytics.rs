//! Impact: the clicks on the tracked links, from the exports a link
//! shortener or web analytics gives (`analytics/*.csv`, SPEC §9).
//!
//! Every row is accounted for: a row that does not parse is a warning with
//! its file and line, left out and counted, never read as zero.

use crate::diagnostic::Diagnostic;
use crate::network::Network;
use crate::rule::Rule;
use crate::source::SourceFile;
use jiff::civil::Date;
use std::collections::{BTreeMap, HashSet};

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Row {
    pub(crate) date: Date,
    pub(crate) post_id: String,
    pub(crate) network: Network,
    pub(crate) clicks: u64,
    /// The personal code the employee chose, if any.
    pub(crate) advocate: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Analytics {
    pub(crate) rows: Vec<Row>,
    pub(crate) rows_left_out: usize,
    pub(crate) warnings: Vec<Diagnostic>,
    /// Whether there were any exports at all.
    pub(crate) present: bool,
    /// Each post's campaign, by post id, for totals per campaign (expired
    /// posts' clicks count too).
    pub(crate) campaign_of: BTreeMap<String, String>,
}

const REQUIRED: [&str; 4] = ["date", "post_id", "network", "clicks"];
const NUMBERS: [&str; 4] = ["impressions", "reactions", "comments", "reposts"];

/// Reads every export, knowing each post's campaign.
pub(crate) fn read_with_campaigns(
    files: &[SourceFile],
    known_ids: &HashSet<&str>,
    campaign_of: BTreeMap<String, String>,
) -> Analytics {
    let mut analytics = Analytics {
        present: !files.is_empty(),
        campaign_of,
        ..Analytics::default()
    };
    for file in files {
        read_file(file, known_ids, &mut analytics);
    }
    analytics
}

fn read_file(file: &SourceFile, known_ids: &HashSet<&str>, out: &mut Analytics) {
    let mut lines = file
        .text
        .split_inclusive('\n')
        .scan(0usize, |offset, line| {
            let start = *offset;
            *offset += line.len();
            Some((start, line.trim_end_matches(['\n', '\r'])))
        });
    let Some((_, header)) = lines.next() else {
        return;
    };
    let columns: Vec<String> = split_csv(header)
        .unwrap_or_default()
        .into_iter()
        .map(|c| c.trim().to_lowercase())
        .collect();
    let missing: Vec<&str> = REQUIRED
        .iter()
        .copied()
        .filter(|c| !columns.iter().any(|k| k == c))
        .collect();
    if !missing.is_empty() {
        out.warnings.push(Diagnostic::warning(
            file,
            0..header.len(),
            Rule::Analytics,
            format!("the header lacks {}; an export needs the columns date, post_id, network and clicks", missing.join(", ")),
        ));
        out.rows_left_out += lines.filter(|(_, l)| !l.trim().is_empty()).count();
        return;
    }
    let index = |name: &str| columns.iter().position(|c| c == name);
    for (start, line) in lines {
        if line.trim().is_empty() {
            continue;
        }
        match parse_row(line, &columns, &index) {
            Ok(row) => {
                if !known_ids.contains(row.post_id.as_str()) {
                    out.warnings.push(Diagnostic::warning(
                        file,
                        start..start + line.len(),
                        Rule::Analytics,
                        format!("no post has the id `{}`; its clicks count in the totals but belong to no post", row.post_id),
                    ));
                }
                out.rows.push(row);
            }
            Err(problem) => {
                out.rows_left_out += 1;
                out.warnings.push(Diagnostic::warning(
                    file,
                    start..start + line.len(),
                    Rule::Analytics,
                    format!("row left out: {problem}"),
                ));
            }
        }
    }
}

fn parse_row(
    line: &str,
    columns: &[String],
    index: &dyn Fn(&str) -> Option<usize>,
) -> Result<Row, String> {
    let fields = split_csv(line).ok_or("an unclosed quote")?;
    if fields.len() != columns.len() {
        return Err(format!(
            "{} fields where the header has {}",
            fields.len(),
            columns.len()
        ));
    }
    let get = |name: &str| index(name).map(|i| fields[i].trim()).unwrap_or("");
    let date: Date = get("date")
        .parse()
        .map_err(|_| format!("`{}` is not a date (YYYY-MM-DD)", get("date")))?;
    let post_id = get("post_id");
    if post_id.is_empty() {
        return Err("no post_id".into());
    }
    let name = get("network").to_lowercase();
    let network = Network::from_name(&name).ok_or_else(|| format!("`{name}` is not a network"))?;
    let clicks = number(get("clicks"), "clicks")?;
    for name in NUMBERS {
        if index(name).is_some() && !get(name).is_empty() {
            number(get(name), name)?;
        }
    }
    let advocate = Some(get("advocate").to_string()).filter(|a| !a.is_empty());
    Ok(Row {
        date,
        post_id: post_id.to_string(),
        network,
        clicks,
        advocate,
    })
}

fn number(text: &str, column: &str) -> Result<u64, String> {
    text.parse::<u64>()
        .map_err(|_| format!("{column} `{text}` is not a whole number"))
}

/// One CSV line's fields (RFC 4180 quoting), or `None` for an unclosed quote.
fn split_csv(line: &str) -> Option<Vec<String>> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut chars = line.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => fields.push(std::mem::take(&mut field)),
            (_, c) => field.push(c),
        }
    }
    if quoted {
        return None;
    }
    fields.push(field);
    Some(fields)
}

/// Clicks summed by a key.
pub(crate) fn sum_by<'a>(
    rows: impl Iterator<Item = &'a Row>,
    key: impl Fn(&Row) -> Option<String>,
) -> BTreeMap<String, u64> {
    let mut sums = BTreeMap::new();
    for row in rows {
        if let Some(key) = key(row) {
            *sums.entry(key).or_default() += row.clicks;
        }
    }
    sums
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rows_and_accounts_for_bad_ones() {
        let text = "date,post_id,network,clicks,advocate,impressions\n\
                    2026-12-01,tokyo,x,5,jane,100\n\
                    2026-12-02,tokyo,linkedin,\"7\",,\n\
                    2026-12-02,tokyo,x,seven,jane,\n\
                    2026-13-01,tokyo,x,1,,\n\
                    2026-12-03,ghost,x,2,,\n\
                    2026-12-03,tokyo,myspace,1,,\n\
                    2026-12-03,tokyo,x,1,,\"unclosed\n";
        let file = SourceFile::new("analytics/export.csv", text);
        let known: HashSet<&str> = ["tokyo"].into_iter().collect();
        let analytics = read_with_campaigns(std::slice::from_ref(&file), &known, BTreeMap::new());
        assert_eq!(analytics.rows.len(), 3);
        assert_eq!(analytics.rows_left_out, 4);
        let lines: Vec<usize> = analytics.warnings.iter().map(|w| w.line).collect();
        assert_eq!(lines, vec![4, 5, 6, 7, 8]);
        let total: u64 = analytics.rows.iter().map(|r| r.clicks).sum();
        assert_eq!(total, 14);
        let by_network = sum_by(analytics.rows.iter(), |r| {
            Some(r.network.name().to_string())
        });
        assert_eq!(by_network["x"], 7);
        assert_eq!(by_network["linkedin"], 7);
    }

    #[test]
    fn splits_quoted_fields() {
        assert_eq!(
            split_csv("a,\"b,c\",\"d\"\"e\"").unwrap(),
            vec!["a", "b,c", "d\"e"]
        );
        assert_eq!(split_csv("\"open"), None);
    }
}
