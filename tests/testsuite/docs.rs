//! The repository stands alone: every link in README and `docs/` resolves
//! to a file inside it (or is a web address), and nothing cites a document
//! a clone does not have.

use pulldown_cmark::{Event, Parser, Tag};
use std::path::{Path, PathBuf};

/// README and every page of `docs/`.
fn pages(root: &Path) -> Vec<PathBuf> {
    let mut pages = vec![root.join("README.md"), root.join("analytics/README.md")];
    for entry in std::fs::read_dir(root.join("docs")).unwrap().flatten() {
        if entry.path().extension().is_some_and(|e| e == "md") {
            pages.push(entry.path());
        }
    }
    pages
}

#[test]
fn every_link_in_the_docs_resolves_inside_the_repository() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .canonicalize()
        .unwrap();
    let mut checked = 0;
    for page in pages(&root) {
        let text = std::fs::read_to_string(&page).unwrap();
        for event in Parser::new(&text) {
            let (Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. })) = event
            else {
                continue;
            };
            let dest = dest_url.to_string();
            if dest.starts_with("https://")
                || dest.starts_with("http://")
                || dest.starts_with("mailto:")
            {
                continue;
            }
            let file = dest.split('#').next().unwrap_or("");
            let target = if file.is_empty() {
                page.clone()
            } else {
                page.parent().unwrap().join(file)
            };
            let resolved = target
                .canonicalize()
                .unwrap_or_else(|_| panic!("{}: `{dest}` does not exist", page.display()));
            assert!(
                resolved.starts_with(&root),
                "{}: `{dest}` leaves the repository",
                page.display()
            );
            checked += 1;
        }
    }
    assert!(checked > 20, "{checked} links checked");
}

#[test]
fn nothing_cites_a_document_outside_the_repository() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = pages(root);
    for folder in ["src", "crates"] {
        for entry in walkdir::WalkDir::new(root.join(folder))
            .into_iter()
            .flatten()
        {
            if entry.file_type().is_file() {
                files.push(entry.path().to_path_buf());
            }
        }
    }
    for file in files {
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        for (n, line) in text.lines().enumerate() {
            assert!(
                !line.contains("SPEC") && !line.contains("../shared/SPEC"),
                "{}:{}: {line}",
                file.display(),
                n + 1
            );
        }
    }
}
