//! What every check produces: a problem at a place in a file.

use crate::rule::RuleId;
pub use crate::rule::Severity;
use crate::source::SourceFile;
use std::ops::Range;

/// A span of a file with its lines and columns, worked out while the text
/// was at hand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub span: Range<usize>,
    pub start: crate::source::LineCol,
    pub end: crate::source::LineCol,
}

impl Place {
    pub fn of(file: &SourceFile, span: Range<usize>) -> Place {
        let (start, end) = file.locate(&span);
        Place { span, start, end }
    }
}

/// A problem found in one file. Positions are resolved when the diagnostic
/// is made, while the file's text is at hand; reports only format them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    /// The same place as byte offsets in the file, for showing a window of
    /// a long line without counting its characters again.
    pub span: Range<usize>,
    pub severity: Severity,
    /// `front-matter`, `term/<id>`, …: see docs/rules.md.
    pub rule: RuleId,
    pub message: String,
    /// The networks the problem applies to, in the policy's order; empty when
    /// it does not depend on the network.
    pub networks: Vec<String>,
    pub suggestions: Vec<String>,
}

impl Diagnostic {
    pub fn new(
        file: &SourceFile,
        span: Range<usize>,
        severity: Severity,
        rule: impl Into<RuleId>,
        message: impl Into<String>,
    ) -> Self {
        Self::at(&file.path, &Place::of(file, span), severity, rule, message)
    }

    /// A diagnostic at a place found earlier, when the file's text is no
    /// longer at hand.
    pub fn at(
        path: &str,
        place: &Place,
        severity: Severity,
        rule: impl Into<RuleId>,
        message: impl Into<String>,
    ) -> Self {
        let Place { span, start, end } = place.clone();
        Diagnostic {
            path: path.to_string(),
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
            span,
            severity,
            rule: rule.into(),
            message: message.into(),
            networks: Vec::new(),
            suggestions: Vec::new(),
        }
    }

    pub fn error(
        file: &SourceFile,
        span: Range<usize>,
        rule: impl Into<RuleId>,
        message: impl Into<String>,
    ) -> Self {
        Self::new(file, span, Severity::Error, rule, message)
    }

    pub fn warning(
        file: &SourceFile,
        span: Range<usize>,
        rule: impl Into<RuleId>,
        message: impl Into<String>,
    ) -> Self {
        Self::new(file, span, Severity::Warning, rule, message)
    }

    pub fn with_network(mut self, network: impl Into<String>) -> Self {
        self.networks.push(network.into());
        self
    }

    pub fn with_suggestions(mut self, suggestions: Vec<String>) -> Self {
        self.suggestions = suggestions;
        self
    }

    /// The `network` field of the JSON report: one name, or several joined
    /// by commas when one problem in a shared text touches several networks.
    pub fn network_label(&self) -> Option<String> {
        (!self.networks.is_empty()).then(|| self.networks.join(","))
    }

    fn sort_key(&self) -> (&str, usize, usize, &RuleId, &[String]) {
        (
            &self.path,
            self.line,
            self.column,
            &self.rule,
            &self.networks,
        )
    }
}

/// The documented order (docs/diagnostics.md): path, line, column, rule, network.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
}

/// One problem in a text shared by several networks is reported once, naming
/// them all (docs/diagnostics.md, "Once, in order"). Diagnostics that differ only in their
/// network are merged; the first keeps its place.
pub fn merge_networks(diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    use std::hash::{Hash, Hasher};
    // Found by a hash of everything but the networks, then compared: linear
    // however many there are, without copying their texts.
    let same_place = |a: &Diagnostic, b: &Diagnostic| {
        a.span == b.span && a.rule == b.rule && a.message == b.message && a.path == b.path
    };
    let mut merged: Vec<Diagnostic> = Vec::with_capacity(diagnostics.len());
    let mut by_hash: std::collections::HashMap<u64, Vec<usize>> =
        std::collections::HashMap::with_capacity(diagnostics.len());
    for diagnostic in diagnostics {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        (
            &diagnostic.path,
            &diagnostic.span,
            &diagnostic.rule,
            &diagnostic.message,
        )
            .hash(&mut hasher);
        let slot = by_hash.entry(hasher.finish()).or_default();
        match slot
            .iter()
            .copied()
            .find(|&at| same_place(&merged[at], &diagnostic))
        {
            Some(at) => {
                let kept = &mut merged[at];
                for network in diagnostic.networks {
                    if !kept.networks.contains(&network) {
                        kept.networks.push(network);
                    }
                }
            }
            None => {
                slot.push(merged.len());
                merged.push(diagnostic);
            }
        }
    }
    merged
}

pub fn count(diagnostics: &[Diagnostic], severity: Severity) -> usize {
    diagnostics
        .iter()
        .filter(|d| d.severity == severity)
        .count()
}
