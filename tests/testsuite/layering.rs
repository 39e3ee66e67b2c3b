//! The layering the architecture promises, held by a test rather than a
//! document: no source file imports another that imports it back, through
//! any number of files, in the command-line crate or the core crate.
//!
//! Every path a file names (`use` trees, and paths in code such as
//! `super::routes::WORKER_PATH` or `crate::site::Pages`) is resolved to the
//! file that defines its longest module prefix; the core crate's modules,
//! which the command line names as its own, resolve into the core crate.
//! Test modules (`#[cfg(test)]`) are left out: a rule's unit test may run
//! through the whole checker above it, which is not a layer's import.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use syn::visit::Visit;

/// One crate's source files by module path (`["site", "routes"]`).
struct Crate {
    name: &'static str,
    files: BTreeMap<Vec<String>, PathBuf>,
}

impl Crate {
    fn read(name: &'static str, src: &Path) -> Crate {
        let mut files = BTreeMap::new();
        for entry in walkdir::WalkDir::new(src).into_iter().flatten() {
            let path = entry.path();
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let relative = path.strip_prefix(src).unwrap().with_extension("");
            let mut module: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if matches!(
                module.last().map(String::as_str),
                Some("mod" | "lib" | "main")
            ) {
                module.pop();
            }
            // `main.rs` is its own crate root; leave it out of the library's.
            if relative.as_os_str() != "main" {
                files.insert(module, path.to_path_buf());
            }
        }
        Crate { name, files }
    }

    /// The file that defines the longest module prefix of `path`.
    fn resolve(&self, path: &[String]) -> Option<&PathBuf> {
        (0..=path.len())
            .rev()
            .find_map(|n| self.files.get(&path[..n]))
    }
}

/// Every path a file names, as written, with the inline modules it is
/// named in (`mod tests { use super::*; }` names the file itself).
#[derive(Default)]
struct Paths {
    found: Vec<(Vec<String>, Vec<String>)>,
    inline: Vec<String>,
}

impl Paths {
    fn use_tree(&mut self, prefix: &mut Vec<String>, tree: &syn::UseTree) {
        match tree {
            syn::UseTree::Path(p) => {
                prefix.push(p.ident.to_string());
                self.use_tree(prefix, &p.tree);
                prefix.pop();
            }
            syn::UseTree::Name(n) => self.push(prefix, &n.ident.to_string()),
            syn::UseTree::Rename(r) => self.push(prefix, &r.ident.to_string()),
            syn::UseTree::Glob(_) => self.found.push((self.inline.clone(), prefix.clone())),
            syn::UseTree::Group(g) => {
                for tree in &g.items {
                    self.use_tree(prefix, tree);
                }
            }
        }
    }

    fn push(&mut self, prefix: &[String], last: &str) {
        let mut path = prefix.to_vec();
        if last != "self" {
            path.push(last.to_string());
        }
        self.found.push((self.inline.clone(), path));
    }
}

impl<'a> Visit<'a> for Paths {
    fn visit_item_use(&mut self, item: &'a syn::ItemUse) {
        self.use_tree(&mut Vec::new(), &item.tree);
    }

    fn visit_path(&mut self, path: &'a syn::Path) {
        let segments = path.segments.iter().map(|s| s.ident.to_string()).collect();
        self.found.push((self.inline.clone(), segments));
        syn::visit::visit_path(self, path);
    }

    /// `pub(crate)` names no file.
    fn visit_visibility(&mut self, _: &'a syn::Visibility) {}

    fn visit_item_mod(&mut self, item: &'a syn::ItemMod) {
        if is_test_only(&item.attrs) {
            return;
        }
        self.inline.push(item.ident.to_string());
        syn::visit::visit_item_mod(self, item);
        self.inline.pop();
    }
}

/// `#[cfg(test)]`.
fn is_test_only(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|attr| {
        attr.path().is_ident("cfg")
            && attr
                .parse_args::<syn::Ident>()
                .is_ok_and(|arg| arg == "test")
    })
}

/// The files `file` (module `module` of `krate`) imports.
fn imports(krate: &Crate, core: &Crate, module: &[String], file: &Path) -> BTreeSet<PathBuf> {
    let text = std::fs::read_to_string(file).unwrap();
    let syntax = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let mut paths = Paths::default();
    paths.visit_file(&syntax);
    let mut found = BTreeSet::new();
    for (inline, path) in paths.found {
        let module = [module, &inline[..]].concat();
        let module = &module[..];
        let Some(first) = path.first() else { continue };
        let (owner, absolute): (&Crate, Vec<String>) = match first.as_str() {
            "crate" => (krate, path[1..].to_vec()),
            "advocate_core" => (core, path[1..].to_vec()),
            "self" => (krate, [module, &path[1..]].concat()),
            "super" => {
                let mut base = module.to_vec();
                let mut rest = &path[..];
                while rest.first().is_some_and(|s| s == "super") {
                    base.pop();
                    rest = &rest[1..];
                }
                (krate, [&base[..], rest].concat())
            }
            // A child module named from its parent (`routes::X` in site/mod.rs).
            name => {
                let child = [module, &[name.to_string()][..]].concat();
                if krate.files.contains_key(&child) {
                    (krate, [module, &path[..]].concat())
                } else {
                    continue;
                }
            }
        };
        // The command line names the core crate's modules as its own.
        let (owner, absolute) = match absolute.first() {
            Some(top)
                if owner.name != core.name
                    && !owner.files.contains_key(&vec![top.clone()])
                    && core.files.contains_key(&vec![top.clone()]) =>
            {
                (core, absolute)
            }
            _ => (owner, absolute),
        };
        if let Some(target) = owner.resolve(&absolute)
            && target != file
        {
            found.insert(target.clone());
        }
    }
    found
}

#[test]
fn no_file_imports_another_that_imports_it_back() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let cli = Crate::read("advocate", &root.join("src"));
    let core = Crate::read("advocate_core", &root.join("crates/advocate-core/src"));
    let mut graph: BTreeMap<PathBuf, BTreeSet<PathBuf>> = BTreeMap::new();
    for krate in [&cli, &core] {
        for (module, file) in &krate.files {
            graph.insert(file.clone(), imports(krate, &core, module, file));
        }
    }
    assert!(graph.len() > 100, "{} files read", graph.len());
    // The core crate never names the command line's files.
    let core_dir = root.join("crates/advocate-core/src");
    for (file, targets) in &graph {
        if file.starts_with(&core_dir) {
            for target in targets {
                assert!(
                    target.starts_with(&core_dir),
                    "{} imports {}",
                    file.display(),
                    target.display()
                );
            }
        }
    }
    // Every cycle, each as the files it passes through.
    let cycles = cycles(&graph);
    let shown: Vec<String> = cycles
        .iter()
        .map(|cycle| {
            cycle
                .iter()
                .map(|f| f.strip_prefix(root).unwrap_or(f).display().to_string())
                .collect::<Vec<_>>()
                .join(" → ")
        })
        .collect();
    assert!(shown.is_empty(), "import cycles:\n{}", shown.join("\n"));
}

/// One shortest cycle through each file that is on a cycle.
fn cycles(graph: &BTreeMap<PathBuf, BTreeSet<PathBuf>>) -> Vec<Vec<PathBuf>> {
    let mut found: Vec<Vec<PathBuf>> = Vec::new();
    let mut seen: BTreeSet<Vec<PathBuf>> = BTreeSet::new();
    for start in graph.keys() {
        // Breadth first from `start` back to it.
        let mut previous: BTreeMap<&PathBuf, &PathBuf> = BTreeMap::new();
        let mut queue = std::collections::VecDeque::from([start]);
        let mut end = None;
        while let Some(file) = queue.pop_front() {
            for next in graph.get(file).into_iter().flatten() {
                if next == start {
                    end = Some(file);
                    break;
                }
                if !previous.contains_key(next) {
                    previous.insert(next, file);
                    queue.push_back(next);
                }
            }
            if end.is_some() {
                break;
            }
        }
        if let Some(mut file) = end {
            let mut cycle = vec![file.clone()];
            while file != start {
                file = previous[file];
                cycle.push(file.clone());
            }
            cycle.reverse();
            let mut key = cycle.clone();
            key.sort();
            if seen.insert(key) {
                cycle.push(start.clone());
                found.push(cycle);
            }
        }
    }
    found
}
