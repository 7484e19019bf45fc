//! Tells the client to ask again for the views a setting turns on or off
//! (`workspace/inlayHint/refresh`, `workspace/codeLens/refresh`), where it
//! declared it can: otherwise a view stays as it was until the next edit.
//! Its own task, since each is a round trip to the client.

use std::sync::Arc;

use tower_lsp_server::Client;

use super::capabilities::Refresh;
use super::log_warning;
use super::state::State;
use crate::settings::Settings;

/// Follows the settings from now on, until the server stops.
pub async fn run(state: Arc<State>, client: Client, can: Refresh) {
    if can == Refresh::default() {
        return;
    }
    let mut settings = state.lock().settings.follow();
    let shown = |s: &Settings| (s.inlay_hints, s.code_lens);
    let mut last = shown(&settings.borrow_and_update());
    while settings.changed().await.is_ok() {
        let now = shown(&settings.borrow_and_update());
        if can.inlay_hints
            && now.0 != last.0
            && let Err(error) = client.inlay_hint_refresh().await
        {
            log_warning!("could not refresh inlay hints: {error}");
        }
        if can.code_lens
            && now.1 != last.1
            && let Err(error) = client.code_lens_refresh().await
        {
            log_warning!("could not refresh code lenses: {error}");
        }
        last = now;
    }
}
