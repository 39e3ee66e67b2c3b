//! The portal of a project: the live posts as views, with the theme, the
//! policy and the options they are shown with. `build` writes every route
//! of it, `serve` answers the same routes from it (see `pages`).

use super::compose::ComposeData;
use super::impact;
use super::model::{self, PostView, Selection};
use super::search;
use super::theme::Theme;
use crate::analytics::Analytics;
use crate::policy::Policy;
use crate::project::Project;
use std::path::PathBuf;
use std::sync::Arc;

/// How a portal is made from a project: which posts, and its address.
#[derive(Debug, Clone, Default)]
pub(crate) struct PortalOptions {
    /// Drafts too (previews).
    pub(crate) drafts: bool,
    /// Posts whose `publish_at` is still ahead (previews).
    pub(crate) future: bool,
    /// The address for absolute URLs; default `site.base_url`.
    pub(crate) base_url: Option<String>,
}

impl PortalOptions {
    /// Which posts the portal shows at `now`.
    pub(crate) fn selection(&self, now: jiff::Timestamp) -> Selection {
        Selection {
            now,
            drafts: self.drafts,
            future: self.future,
        }
    }
}

/// The portal of a project: the live posts as views, the theme and the
/// options. `build` writes every route of it; `serve` answers the same
/// routes from it. It can take one changed post at a time.
pub(crate) struct Portal {
    pub(super) root: PathBuf,
    pub(super) policy: Arc<Policy>,
    pub(super) theme: Arc<Theme>,
    pub(super) analytics: Option<Arc<Analytics>>,
    pub(super) selection: Selection,
    pub(super) base_url: String,
    /// The live posts, newest first.
    pub(super) views: Vec<PostView>,
    /// The composer's data, with `site.compose`.
    pub(super) compose: Option<Arc<ComposeData>>,
    /// The search index's chunks, made on first use.
    pub(super) search: std::sync::OnceLock<Arc<search::Index>>,
}

impl Portal {
    /// The portal of `project` as it is now.
    pub(crate) fn new(project: &Project, theme: Arc<Theme>, options: &PortalOptions) -> Portal {
        let selection = options.selection(project.now());
        let views = model::live_views(
            project.posts().collect::<Vec<_>>(),
            project.policy(),
            &selection,
        );
        Portal::with_views(project, views, theme, options)
    }

    /// The portal of `project` with its live posts' views made already
    /// (while it was loaded, as [`model::view_if_live`] makes them).
    pub(crate) fn with_views(
        project: &Project,
        mut views: Vec<PostView>,
        theme: Arc<Theme>,
        options: &PortalOptions,
    ) -> Portal {
        let policy = project.policy().clone();
        let selection = options.selection(project.now());
        model::sort_newest_first(&mut views);
        let analytics = project.analytics().cloned();
        if let Some(analytics) = &analytics {
            impact::attach(&mut views, analytics);
        }
        Portal {
            compose: ComposeData::new(project, &views, &theme).map(Arc::new),
            root: project.root().to_path_buf(),
            base_url: options
                .base_url
                .clone()
                .unwrap_or_else(|| policy.site.base_url.clone()),
            policy,
            theme,
            analytics,
            selection,
            views,
            search: std::sync::OnceLock::new(),
        }
    }

    /// Takes one changed post file (edited, added or deleted) from the
    /// project: only that post's view is made again.
    pub(crate) fn update_post(&mut self, project: &Project, path: &str) {
        self.selection.now = project.now();
        self.views.retain(|v| v.source_path != path);
        if let Some(post) = project.post(path).filter(|p| self.selection.includes(p)) {
            let mut view = model::post_view(post, None, &self.policy, &self.selection);
            if let Some(analytics) = &self.analytics {
                impact::attach(std::slice::from_mut(&mut view), analytics);
            }
            self.views.push(view);
        }
        model::sort_newest_first(&mut self.views);
        self.search = std::sync::OnceLock::new();
        // The library's ids, campaigns and topics may have changed.
        self.compose = ComposeData::new(project, &self.views, &self.theme).map(Arc::new);
    }

    /// The live posts, newest first.
    pub(crate) fn views(&self) -> &[PostView] {
        &self.views
    }
}
