//! The session's own messages: `initialize` (negotiate, read the settings,
//! name the folders to index), `initialized` (start indexing, register
//! with the client, or watch the folders ourselves) and the client's
//! settings, fetched or pushed. Round trips to the client run in spawned
//! tasks: no handler awaits one (the ordering rule in `backend.rs`).

use std::sync::{Arc, OnceLock};

use tower_lsp_server::Client;
use tower_lsp_server::ls_types::{
    ConfigurationItem, DidChangeConfigurationParams, DidChangeWatchedFilesRegistrationOptions,
    FileSystemWatcher, GlobPattern, InitializeParams, InitializeResult, Registration, ServerInfo,
};

use super::notification;
use crate::server::capabilities::{self, Negotiated};
use crate::server::state::State;
use crate::server::{config, indexing, log, log_warning, refresh, watcher};
use crate::settings;

/// The session with one client: what was negotiated with it, and its
/// settings.
pub struct Session {
    client: Client,
    state: Arc<State>,
    /// What was decided from the client's capabilities at `initialize`.
    negotiated: OnceLock<Negotiated>,
    /// Serializes settings fetches, so they apply in the order asked.
    fetching: Arc<tokio::sync::Mutex<()>>,
}

impl Session {
    /// The connection to the client, for tasks that send it requests.
    pub fn client(&self) -> &Client {
        &self.client
    }

    pub fn new(client: Client, state: Arc<State>) -> Self {
        Session {
            client,
            state,
            negotiated: OnceLock::new(),
            fetching: Arc::default(),
        }
    }

    /// Negotiates with the client and prepares the first indexing, which
    /// runs after `initialized`: answered at once, and requests that need
    /// the folders wait for them.
    pub fn initialize(&self, params: InitializeParams) -> InitializeResult {
        let negotiated = capabilities::negotiate(&params.capabilities);
        {
            let mut host = self.state.lock();
            host.encoding = negotiated.encoding;
            host.support = Arc::new(negotiated.support.clone());
            if negotiated.pull_diagnostics {
                host.record_changes_for_pulls();
            }
        }
        log!("position encoding {}", negotiated.encoding.kind().as_str());

        // Settings first (a few small files): they say what to index.
        let (folders, narrowed) = indexing::roots(&params);
        let mut config = indexing::initial_config(&folders, params.initialization_options.as_ref());
        config.narrowed = narrowed;

        self.state.set_indexed(false);
        let mut host = self.state.lock();
        host.set_config(config);
        let roots = host.settings.config.roots(&host.settings.in_force());
        host.begin_indexing(roots);
        drop(host);

        let capabilities = negotiated.capabilities.clone();
        let _ = self.negotiated.set(negotiated);
        InitializeResult {
            capabilities,
            offset_encoding: None,
            server_info: Some(ServerInfo {
                name: "newsls".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
        }
    }

    /// Starts the first indexing in the background, registers the
    /// watchers and settings with the client (or watches the folders
    /// itself), and asks for the client's settings.
    pub fn initialized(&self) {
        let Some(negotiated) = self.negotiated.get() else {
            return;
        };
        let state = &self.state;
        let report_progress = negotiated.report_progress;
        tokio::spawn(indexing::run(
            state.clone(),
            self.client.clone(),
            report_progress,
        ));
        register(&self.client, negotiated);
        tokio::spawn(refresh::run(
            state.clone(),
            self.client.clone(),
            negotiated.refresh,
        ));
        if !negotiated.watch_files {
            // Off the notifications' path: the open document's first
            // answer does not wait for the folders to be watched.
            watcher::start(state.clone());
        }
        if negotiated.pull_configuration {
            self.fetch_settings();
        }
    }

    /// A change of the client's settings: a client that can be asked is
    /// asked (what it sends may be nothing, or more than our section);
    /// what the others send is applied.
    pub fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        if self.negotiated.get().is_some_and(|n| n.pull_configuration) {
            self.fetch_settings();
        } else {
            notification::did_change_configuration(&self.state, params);
        }
    }

    /// Asks the client for its `newsls` settings (`workspace/configuration`)
    /// and applies them, in a spawned task; fetches apply in the order
    /// they were asked.
    fn fetch_settings(&self) {
        let client = self.client.clone();
        let state = self.state.clone();
        let fetching = self.fetching.clone();
        tokio::spawn(async move {
            let _in_order = fetching.lock().await;
            let item = ConfigurationItem {
                scope_uri: None,
                section: Some("newsls".to_string()),
            };
            match client.configuration(vec![item]).await {
                Ok(values) => {
                    let value = values.into_iter().next().unwrap_or_default();
                    let layer = config::read_json(&value, "client settings");
                    state.lock().settings.config.client = layer;
                    indexing::settings_changed(&state);
                }
                Err(error) => log_warning!("could not read the client's settings: {error}"),
            }
        });
    }
}

/// After `initialized`: registers for configuration changes and asks the
/// client to watch `*.news.md` and settings files, as far as it can.
fn register(client: &Client, negotiated: &Negotiated) {
    if negotiated.register_configuration {
        let registration = Registration {
            id: "newsls-configuration".to_string(),
            method: "workspace/didChangeConfiguration".to_string(),
            register_options: Some(serde_json::json!({ "section": "newsls" })),
        };
        register_in_background(client, registration, "for configuration changes");
    }
    if !negotiated.watch_files {
        log!("the client cannot watch files: the server watches the folders itself");
        return;
    }
    let watcher = |glob: String| FileSystemWatcher {
        glob_pattern: GlobPattern::String(glob),
        kind: None,
    };
    let options = DidChangeWatchedFilesRegistrationOptions {
        watchers: vec![
            watcher("**/*.news.md".to_string()),
            watcher(format!("**/{}", settings::FILE_NAME)),
        ],
    };
    let registration = Registration {
        id: "newsls-watch-news-files".to_string(),
        method: "workspace/didChangeWatchedFiles".to_string(),
        register_options: serde_json::to_value(options).ok(),
    };
    register_in_background(client, registration, "the file watcher");
}

/// A round trip to the client, so it runs in its own task: no handler
/// awaits it.
fn register_in_background(client: &Client, registration: Registration, what: &'static str) {
    let client = client.clone();
    tokio::spawn(async move {
        if let Err(error) = client.register_capability(vec![registration]).await {
            log_warning!("could not register {what}: {error}");
        }
    });
}
