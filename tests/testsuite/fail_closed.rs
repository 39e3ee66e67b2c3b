//! Hostile input fails closed: what a reader sees is what the checker
//! judged, every link is judged as a browser opens it, nothing outside the
//! repository is published, and every output escapes for its reader. One
//! test per way in, each of which got through before.

use crate::common;
use std::path::Path;

const NOW: &str = "2026-12-10T00:00:00Z";

/// `static/` (or a theme folder) that is a link is refused before anything
/// is written: `static -> .git` would publish the repository's config and
/// its credentials, a link to a folder outside any file on the machine.
#[test]
fn a_linked_static_or_theme_folder_publishes_nothing() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "not for the portal").unwrap();
    let cases: [(&str, &str, Option<&Path>); 3] = [
        ("static", ".git", None),
        ("static", "", Some(outside.path())),
        ("themes", "", Some(outside.path())),
    ];
    for (folder, inside, elsewhere) in cases {
        let (dir, root) = common::repository("site:\n  title: Links\n");
        std::fs::create_dir_all(root.join(".git")).unwrap();
        std::fs::write(
            root.join(".git/config"),
            "[http]\n\textraheader = AUTHORIZATION: basic c2VjcmV0\n",
        )
        .unwrap();
        let target = elsewhere.map_or_else(|| root.join(inside), Path::to_path_buf);
        std::os::unix::fs::symlink(&target, root.join(folder)).unwrap();
        let out = dir.path().join("public");
        let output = common::advocate(
            &root,
            &["build", "--out", out.to_str().unwrap(), "--now", NOW],
        );
        let said = String::from_utf8_lossy(&output.stderr);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{folder} -> {}: {said}",
            target.display()
        );
        assert!(said.contains(&format!("{folder} is a link")), "{said}");
        assert!(!out.exists(), "nothing is written for {folder}");
    }
}
