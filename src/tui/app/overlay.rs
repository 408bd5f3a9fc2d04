//! The windows over a screen: help and safety (read and close), the questions the
//! app asks (quit, leave an exercise, resume a draft, replace a pack, delete an
//! entry) and the plan picker, each acting on the actions of its key table.

use super::source::Source;
use super::{Confirm, Effect, Overlay, State, home, packs, runner};
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
        Overlay::Confirm(Confirm::ReplacePack { path, .. }) => {
            packs::replace_answer(state, path, action)
        }
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
