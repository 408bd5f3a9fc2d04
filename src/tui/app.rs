//! The app's state and its one `update` function (The Elm Architecture): every input
//! becomes a [`Msg`], `update` changes the [`State`] and returns [`Effect`]s for the
//! shell to carry out (saving, drafts, the editor). No I/O happens here, so every flow
//! is tested by feeding messages.

pub mod area;
pub mod browser;
pub mod click;
pub mod derived;
pub mod find;
pub mod home;
mod input;
pub mod keys;
mod line;
mod msg;
pub mod note_form;
mod overlay;
pub mod packs;
mod period_picker;
pub mod plan_form;
pub mod progress;
pub mod report;
pub mod review_form;
pub mod runner;
pub mod session_form;
pub mod source;
mod state;
pub mod todo;
pub mod try_form;

use crossterm::event::MouseEventKind;

pub use area::AreaView;
pub use browser::{Browser, DateRange};
pub use click::Target;
pub use home::{Home, HomePane};
pub use msg::{Effect, Msg};
pub use runner::{Phase, Runner, RunnerDraft};
pub use state::{Confirm, Overlay, Screen, Start, State, Status};

use crate::journal::record::{Record, Tombstone};

/// Applies one message to the state; returns what the shell must do. What the screen
/// shown needs from the journal is computed afterwards, once per change (see
/// [`derived`]).
pub fn update(state: &mut State, msg: Msg) -> Vec<Effect> {
    let screen = std::mem::discriminant(&state.screen);
    let status = state.status.clone();
    let effects = apply(state, msg)
        .into_iter()
        .map(|effect| match effect {
            // A change is made over every version of the entry the app shows (in a
            // synced journal: over each device's), whichever screen made it.
            Effect::Save(entry) => Effect::Save(state.journal.over_shown(entry)),
            // A deletion too, in a synced journal: then it is an append, as a save is.
            Effect::Delete(id) if state.journal.merged().is_some() => {
                Effect::DeleteOver(Box::new(state.journal.deletion_over_shown(&id)))
            }
            other => other,
        })
        .collect();
    // News belongs to the screen it was told on: going elsewhere clears it, unless it
    // was told on the way ("kept as a draft" on leaving an exercise).
    if std::mem::discriminant(&state.screen) != screen && state.status == status {
        state.status = None;
    }
    derived::refresh(state);
    effects
}

fn apply(state: &mut State, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Tick(now) => {
            state.now = now;
            // A running break is time the user is using the app: no idle lock in it.
            if state.runner.as_ref().is_some_and(Runner::break_running) {
                state.last_input = now.instant;
            }
            let idle = state.settings.auto_lock();
            if state.encrypted
                && !state.locked
                && !state.locking
                && idle.is_some_and(|idle| {
                    now.instant.saturating_duration_since(state.last_input) >= idle
                })
            {
                return state.lock();
            }
            runner::tick(state)
        }
        Msg::Today(day) => {
            state.today = day;
            Vec::new()
        }
        Msg::Key(key) => {
            state.last_input = state.now.instant;
            input::key_pressed(state, key)
        }
        Msg::Paste(text) => {
            state.last_input = state.now.instant;
            match state.screen {
                Screen::Runner => runner::paste(state, &text),
                Screen::Journal if state.browser.typing => {
                    state.browser.type_text(&text);
                    Vec::new()
                }
                Screen::Find(_) => {
                    find::type_text(state, &text);
                    Vec::new()
                }
                Screen::Packs => {
                    packs::paste(state, &text);
                    Vec::new()
                }
                _ => Vec::new(),
            }
        }
        Msg::Scroll(lines) => {
            state.last_input = state.now.instant;
            if !state.hidden {
                input::wheel(state, lines);
            }
            Vec::new()
        }
        Msg::Overflow(rows) => {
            input::stop_scroll_at(state, rows);
            Vec::new()
        }
        Msg::Click(target) => {
            state.last_input = state.now.instant;
            click::click(state, target)
        }
        Msg::Saved(entry) => {
            let entry = *entry;
            let mut effects = runner::saved(state, &entry);
            effects.extend(browser::saved(state, &entry.id));
            state.journal.apply_own(Record::put(entry));
            effects
        }
        Msg::Deleted(tombstone) => deleted(state, *tombstone, false),
        Msg::Erased(id) => {
            // The erasure rewrote the logs without the entry: the view drops it as a
            // deletion over every version shown would.
            let tombstone = state.journal.deletion_over_shown(&id);
            deleted(state, tombstone, true)
        }
        Msg::ErasedOld(_) => {
            state.tell(match state.journal.merged() {
                None => {
                    "The old text was erased from between's files; copies elsewhere \
                     (backups, exports) are not touched."
                }
                Some(_) => {
                    "The old text was erased from this device's files; the other devices \
                     erase theirs the next time between opens to write there. Backups, \
                     exports and the sync engine's history are not touched."
                }
            });
            Vec::new()
        }
        Msg::Failed(message) => {
            // An edit whose save failed is still waiting (`e` opens it again).
            state.browser.edit_saving = None;
            if let Some(runner) = &mut state.runner {
                runner.saving = false;
            }
            if std::mem::take(&mut state.locking) {
                // Not locked: the text would be lost. Try again after another idle time.
                state.last_input = state.now.instant;
                state.warn(format!(
                    "The app did not lock, to keep your answers. {message}"
                ));
                return Vec::new();
            }
            state.warn(message);
            Vec::new()
        }
        Msg::Active(now) => {
            state.now = now;
            state.last_input = now.instant;
            Vec::new()
        }
        Msg::DraftSaved(key) => {
            if std::mem::take(&mut state.locking) {
                // The draft is written: the typed text may go.
                state.locked = true;
                state.wipe();
            }
            if !state.drafts.contains(&key) {
                state.drafts.push(key);
            }
            Vec::new()
        }
        Msg::DraftLoaded(draft) => runner::resume(state, *draft),
        Msg::DraftFound(key) => {
            if !state.drafts.contains(&key) {
                state.drafts.push(key);
            }
            Vec::new()
        }
        Msg::ReportWritten { pack, paths } => {
            state.tell(format!(
                "Wrote {}. Read it before you share it.",
                written(&paths)
            ));
            report::written(state, pack)
        }
        Msg::ReportNoteLoaded(draft) => {
            report::note_loaded(state, &draft);
            Vec::new()
        }
        Msg::PackNeedsConfirm { path, changes } => {
            packs::confirm_replace(state, path, changes);
            Vec::new()
        }
        Msg::PacksChanged {
            catalog,
            rounds,
            message,
        } => {
            state.catalog = *catalog;
            state.rounds = rounds;
            state.data += 1;
            state.tell(message);
            Vec::new()
        }
        Msg::Reloaded { journal, refused } => {
            // The list stays on the entry it was on, wherever the new entries put it.
            state.browser.keep = browser::results(state).get(state.browser.cursor).cloned();
            // What the journal read again says that it did not (another device's log
            // damaged, or put back, since): told once, not at every reload.
            let new: Vec<String> = journal
                .warnings
                .iter()
                .filter(|warning| !state.journal.warnings.contains(warning))
                .cloned()
                .collect();
            state.journal = *journal;
            // A new journal: its generation may equal the old one's.
            state.data += 1;
            state.browser.index = None;
            if let Screen::Entry { id, .. } = &state.screen
                && state.journal.get(id).is_none()
            {
                state.screen = Screen::Journal;
            }
            if let Some(message) = refused.or_else(|| notices(new, Some("between journal list"))) {
                state.warn(message);
            }
            Vec::new()
        }
        Msg::Edited(result) => match state.screen {
            Screen::Runner => runner::edited(state, result),
            _ => browser::edited(state, result),
        },
        Msg::Terminate => {
            state.quit = true;
            runner::draft_now(state).into_iter().collect()
        }
        Msg::Start(source) => {
            state.last_input = state.now.instant;
            runner::start_or_resume(state, source);
            Vec::new()
        }
        Msg::Act(action) => {
            state.last_input = state.now.instant;
            input::action_chosen(state, action)
        }
        Msg::Answer(answer) => {
            state.last_input = state.now.instant;
            runner::answer(state, answer.as_ref())
        }
        Msg::StepKey(key) => {
            state.last_input = state.now.instant;
            runner::input(state, key)
        }
    }
}

/// The entry was deleted (and, if `erased`, its text erased from the data
/// directory): it leaves the journal, the entry view goes back to the list, and its
/// kept edit goes too.
fn deleted(state: &mut State, tombstone: Tombstone, erased: bool) -> Vec<Effect> {
    // Over every version shown (which settles a conflict shown).
    let id = state.journal.apply_own(Record::tombstone(tombstone));
    state.tell(if erased {
        "The entry was deleted and its text erased from between's files; copies \
         elsewhere (backups, exports) are not touched."
    } else {
        "The entry was deleted."
    });
    if matches!(state.screen, Screen::Entry { .. }) {
        state.screen = Screen::Journal;
    }
    // Its text must not outlive it in a kept edit.
    vec![Effect::ForgetEdit(id)]
}

/// The first of `warnings`, and how many more there are (and where they are all
/// shown, `shown_by`, when one command shows them all), to tell in the status line;
/// `None` without any.
pub(crate) fn notices(warnings: Vec<String>, shown_by: Option<&str>) -> Option<String> {
    let more = warnings.len().saturating_sub(1);
    let first = warnings.into_iter().next()?;
    Some(match (more, shown_by) {
        (0, _) => first,
        (_, None) => format!("{first} (and {more} more)"),
        (_, Some(command)) => format!("{first} (and {more} more: `{command}` shows them all)"),
    })
}

/// The files a report was written to, in full but short: "x.md, x.json and x.html in
/// /their/folder" when they share a folder, as they do.
fn written(paths: &[std::path::PathBuf]) -> String {
    let shown = |p: &std::path::Path| crate::sanitize::text(&p.display().to_string()).into_owned();
    let folder = paths.first().and_then(|p| p.parent());
    match folder {
        Some(folder) if paths.iter().all(|p| p.parent() == Some(folder)) => {
            let names: Vec<String> = paths
                .iter()
                .filter_map(|p| p.file_name())
                .map(|name| shown(std::path::Path::new(name)))
                .collect();
            format!("{} in {}", crate::words::listed(&names), shown(folder))
        }
        _ => crate::words::listed(&paths.iter().map(|p| shown(p)).collect::<Vec<_>>()),
    }
}

/// The mouse events the app uses, as messages.
pub fn mouse_msg(kind: MouseEventKind) -> Option<Msg> {
    match kind {
        MouseEventKind::ScrollDown => Some(Msg::Scroll(1)),
        MouseEventKind::ScrollUp => Some(Msg::Scroll(-1)),
        _ => None,
    }
}
