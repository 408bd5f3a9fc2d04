//! The windows over a screen: help and safety (read and close), the questions the
//! app asks (quit, leave an exercise, resume a draft, replace a pack, delete an
//! entry, which entries a session talked about) and the plan picker, each acting on
//! the actions of its key table.

use super::source::Source;
use super::{Confirm, Effect, Overlay, State, home, packs, period_picker, runner};
use crate::journal::{Entry, EntryId};
use crate::practice::forms;
use crate::tui::keymap::Action;

/// Carries out `action` in `overlay`.
pub(super) fn act(state: &mut State, overlay: Overlay, action: Action) -> Vec<Effect> {
    match overlay {
        Overlay::Help | Overlay::Safety | Overlay::Preview { .. } | Overlay::Read { .. } => {
            match action {
                Action::Back => {
                    state.overlay = None;
                    state.safety_scroll = 0;
                }
                Action::Down => state.safety_scroll = state.safety_scroll.saturating_add(1),
                Action::Up => state.safety_scroll = state.safety_scroll.saturating_sub(1),
                _ => {}
            }
            Vec::new()
        }
        Overlay::Confirm(Confirm::Quit) => match action {
            Action::Yes => {
                state.overlay = None;
                state.quit = true;
                runner::draft_now(state).into_iter().collect()
            }
            _ => close(state),
        },
        Overlay::Confirm(Confirm::LeaveRunner) => runner::leave_answer(state, action),
        Overlay::Confirm(Confirm::Resume(source)) => resume_answer(state, source, action),
        Overlay::PickPlan { cursor, review } => home::pick_plan_act(state, cursor, review, action),
        Overlay::PickPeriod { period, progress } => {
            period_picker::act(state, period, progress, action)
        }
        Overlay::Discussed {
            session,
            entries,
            ticked,
            cursor,
        } => discussed_act(state, session, entries, ticked, cursor, action),
        Overlay::Confirm(Confirm::ReplacePack { path, .. }) => {
            packs::replace_answer(state, path, action)
        }
        Overlay::Confirm(Confirm::EraseOld(id)) => match action {
            Action::Yes => {
                state.overlay = None;
                vec![Effect::EraseOld(id)]
            }
            _ => close(state),
        },
        Overlay::Confirm(Confirm::Delete(id)) => match action {
            Action::Yes | Action::DeleteAndErase => {
                state.overlay = None;
                if let Some(reason) = state.journal.read_only() {
                    let reason = reason.to_owned();
                    state.warn(format!("Nothing can be changed: {reason}"));
                    return Vec::new();
                }
                if action == Action::DeleteAndErase {
                    vec![Effect::Erase(id)]
                } else {
                    vec![Effect::Delete(id)]
                }
            }
            _ => close(state),
        },
    }
}

/// "A draft exists: resume it or start afresh?"
fn resume_answer(state: &mut State, source: Source, action: Action) -> Vec<Effect> {
    match action {
        Action::Yes => {
            state.overlay = None;
            vec![Effect::LoadDraft(source.draft_key())]
        }
        Action::StartAfresh => {
            state.overlay = None;
            let key = source.draft_key();
            state.drafts.retain(|d| d != &key);
            runner::start(state, source);
            vec![Effect::DiscardOfferedDraft(key)]
        }
        _ => close(state),
    }
}

fn close(state: &mut State) -> Vec<Effect> {
    state.overlay = None;
    Vec::new()
}

/// After a session is recorded, asks which of the entries flagged to discuss were
/// talked about (every one flagged, newest first, private ones too: the list is the
/// user's own); nothing when none is flagged. `session` is the session recorded.
pub(super) fn offer_discussed(state: &mut State, session: &EntryId) {
    let entries: Vec<EntryId> = state
        .journal
        .entries()
        .filter(|e| e.discuss)
        .map(|e| e.id.clone())
        .rev()
        .collect();
    if entries.is_empty() {
        return;
    }
    state.overlay = Some(Overlay::Discussed {
        session: session.clone(),
        ticked: vec![false; entries.len()],
        entries,
        cursor: 0,
    });
}

/// "Which of these did you talk about?": move, tick, unflag the ticked ones (a new
/// revision of each, saved like any change of a flag, and one of the session that
/// lists them as discussed), or skip and keep every flag.
fn discussed_act(
    state: &mut State,
    session: EntryId,
    entries: Vec<EntryId>,
    mut ticked: Vec<bool>,
    mut cursor: usize,
    action: Action,
) -> Vec<Effect> {
    let last = entries.len().saturating_sub(1);
    match action {
        Action::Down => cursor = (cursor + 1).min(last),
        Action::Up => cursor = cursor.saturating_sub(1),
        Action::Mark => {
            if let Some(tick) = ticked.get_mut(cursor) {
                *tick = !*tick;
            }
        }
        Action::Yes => {
            state.overlay = None;
            if let Some(reason) = state.journal.read_only() {
                let reason = reason.to_owned();
                state.warn(format!("No flag was taken off: {reason}"));
                return Vec::new();
            }
            let at = state.now.wall;
            let talked_about: Vec<&Entry> = entries
                .iter()
                .zip(&ticked)
                .filter(|(_, ticked)| **ticked)
                .filter_map(|(id, _)| state.journal.get(id))
                .collect();
            let mut saves: Vec<Effect> = talked_about
                .iter()
                .map(|entry| {
                    let mut revised = entry.revised_at(at);
                    revised.discuss = false;
                    Effect::Save(revised)
                })
                .collect();
            let ids = talked_about.iter().map(|e| e.id.clone()).collect();
            if let Some(revised) = state
                .journal
                .get(&session)
                .and_then(|s| forms::with_discussed(s, ids, at))
            {
                saves.push(Effect::Save(revised));
            }
            return saves;
        }
        _ => return close(state),
    }
    state.overlay = Some(Overlay::Discussed {
        session,
        entries,
        ticked,
        cursor,
    });
    Vec::new()
}
