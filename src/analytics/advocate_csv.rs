//! advocate's own export format: UTF-8 CSV with a header row and the
//! columns `date,post_id,network,clicks[,advocate,hour,…]`
//! (docs/analytics.md), what a link shortener or a script gives.

use super::model::{Analytics, Context, Row, keep, leave_out, number, shortened, too_long};
use crate::diagnostic::Diagnostic;
use crate::network::Network;
use crate::rule::Rule;
use crate::source::SourceFile;
use jiff::civil::Date;

const REQUIRED: [&str; 4] = ["date", "post_id", "network", "clicks"];

const NUMBERS: [&str; 4] = ["impressions", "reactions", "comments", "reposts"];

/// Any CSV no product's reader recognised is read as advocate's own.
pub(super) fn recognises(file: &SourceFile) -> bool {
    file.path.ends_with(".csv")
}

/// One export, read with the `csv` crate (RFC 4180: quoted fields may hold
/// commas, quotes and newlines). The delimiter is the one the header row
/// uses most: `,`, `;` (what spreadsheet apps write in many European and
/// Japanese locales) or a tab.
pub(super) fn read_file(file: &SourceFile, cx: &Context, out: &mut Analytics) {
    let text = &file.text;
    let header_line = text.lines().next().unwrap_or("");
    let delimiter = [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| (header_line.bytes().filter(|b| b == d).count(), *d == b','))
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let Some(Ok(header)) = records.next() else {
        return;
    };
    let columns: Vec<String> = header.iter().map(|c| c.trim().to_lowercase()).collect();
    // A record's span: from its first byte to the end of that line, or
    // its first hundred bytes on a long line.
    let span_of = |record: &csv::StringRecord| {
        let start = record.position().map_or(0, |p| {
            crate::source::floor_char_boundary(text, (p.byte() as usize).min(text.len()))
        });
        let end = text[start..]
            .find(['\r', '\n'])
            .map_or(text.len(), |i| start + i);
        start..crate::source::floor_char_boundary(text, end.min(start + 100))
    };
    let missing: Vec<&str> = REQUIRED
        .iter()
        .copied()
        .filter(|c| !columns.iter().any(|k| k == c))
        .collect();
    if !missing.is_empty() {
        out.warnings.push(Diagnostic::warning(
            file,
            span_of(&header),
            Rule::Analytics,
            format!("the header lacks {}; an export needs the columns date, post_id, network and clicks", missing.join(", ")),
        ));
        out.rows_left_out += records
            .filter_map(Result::ok)
            .filter(|r| !is_blank(r))
            .count();
        return;
    }
    out.sources.insert(("advocate", "clicks"));
    let index = |name: &str| columns.iter().position(|c| c == name);
    for record in records {
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                let at = error
                    .position()
                    .map_or(0, |p| (p.byte() as usize).min(text.len()));
                leave_out(out, file, at..at, error.to_string());
                continue;
            }
        };
        if is_blank(&record) {
            continue;
        }
        if let Some(why) = too_long(&record) {
            leave_out(out, file, span_of(&record), why);
            continue;
        }
        match parse_row(&record, &columns, &index) {
            Ok(row) => keep(out, cx, file, span_of(&record), row),
            Err(problem) => leave_out(out, file, span_of(&record), problem),
        }
    }
}

fn is_blank(record: &csv::StringRecord) -> bool {
    record.iter().all(|field| field.trim().is_empty())
}

fn parse_row(
    fields: &csv::StringRecord,
    columns: &[String],
    index: &dyn Fn(&str) -> Option<usize>,
) -> Result<Row, String> {
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
        .map_err(|_| format!("`{}` is not a date (YYYY-MM-DD)", shortened(get("date"))))?;
    let post_id = get("post_id");
    if post_id.is_empty() {
        return Err("no post_id".into());
    }
    let name = get("network").to_lowercase();
    let network = Network::from_name(&name)
        .ok_or_else(|| format!("`{}` is not a network", shortened(&name)))?;
    let clicks = number(get("clicks"), "clicks")?;
    for name in NUMBERS {
        if index(name).is_some() && !get(name).is_empty() {
            number(get(name), name)?;
        }
    }
    let advocate = Some(get("advocate").to_string()).filter(|a| !a.is_empty());
    let hour = match get("hour") {
        "" => None,
        text => Some(text.parse::<u8>().ok().filter(|h| *h < 24).ok_or_else(|| {
            format!(
                "hour `{}` is not an hour of the day (0 to 23)",
                shortened(text)
            )
        })?),
    };
    Ok(Row {
        date: Some(date),
        post_id: post_id.to_string(),
        network: Some(network),
        clicks,
        advocate,
        hour,
    })
}

#[cfg(test)]
mod tests {
    use super::super::{read_with_campaigns, sum_by, total};
    use super::*;
    use std::collections::{BTreeMap, HashSet};

    /// One export at `analytics/export.csv`, with one post, `tokyo`.
    fn read_one(text: impl Into<String>) -> Analytics {
        let policy = crate::policy::parse(&SourceFile::new("policy.yaml", "site: {}\n")).unwrap();
        let known: HashSet<&str> = ["tokyo"].into_iter().collect();
        let file = SourceFile::new("analytics/export.csv", text);
        read_with_campaigns(
            std::slice::from_ref(&file),
            &known,
            BTreeMap::new(),
            &policy,
        )
    }

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
        let analytics = read_one(text);
        assert_eq!(analytics.rows.len(), 3);
        assert_eq!(analytics.rows_left_out, 4);
        let lines: Vec<usize> = analytics.warnings.iter().map(|w| w.line).collect();
        assert_eq!(lines, vec![4, 5, 6, 7, 8]);
        let total = total(analytics.rows.iter().map(|r| r.clicks));
        assert_eq!(total, 14);
        let by_network = sum_by(analytics.rows.iter(), |r| {
            r.network.map(|n| n.name().to_string())
        });
        assert_eq!(by_network["x"], 7);
        assert_eq!(by_network["linkedin"], 7);
    }

    /// A count no export could hold is left out with a warning, so totals
    /// never wrap around.
    #[test]
    fn huge_counts_are_left_out() {
        let max = u64::MAX;
        let text = format!(
            "date,post_id,network,clicks\n2026-12-01,tokyo,x,{max}\n2026-12-01,tokyo,x,{max}\n2026-12-01,tokyo,x,30\n"
        );
        let analytics = read_one(text);
        assert_eq!(analytics.rows_left_out, 2);
        assert_eq!(analytics.rows.iter().map(|r| r.clicks).sum::<u64>(), 30);
        assert!(
            analytics.warnings[0]
                .message
                .contains("more than a trillion")
        );
    }

    /// RFC 4180 quoting (a newline inside quotes), a BOM, and the
    /// delimiters spreadsheet apps write: `;` and tab.
    #[test]
    fn reads_what_spreadsheets_write() {
        let cases = [
            "date,post_id,network,clicks,note\n2026-12-01,tokyo,x,5,\"two\nlines\"\n2026-12-02,tokyo,x,2,\"a, b\"\n",
            "\u{feff}date;post_id;network;clicks\r\n2026-12-01;tokyo;x;5\r\n2026-12-02;tokyo;x;2\r\n",
            "date\tpost_id\tnetwork\tclicks\n2026-12-01\ttokyo\tx\t5\n2026-12-02\ttokyo\tx\t2\n",
        ];
        for text in cases {
            let analytics = read_one(text);
            assert_eq!(
                (analytics.rows.len(), analytics.rows_left_out),
                (2, 0),
                "{text:?}: {:?}",
                analytics.warnings
            );
            assert_eq!(analytics.rows.iter().map(|r| r.clicks).sum::<u64>(), 7);
        }
    }
}
