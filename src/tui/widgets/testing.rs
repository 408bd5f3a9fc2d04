//! Test helpers: steps of every kind, key presses, and reading a rendered buffer.

use crate::tui::clock::Now;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use serde_json::json;
use textwrap::core::display_width;

use super::{Handled, StepInput};
use crate::pack::model::Step;
use crate::tui::theme::Theme;

/// A key press without modifiers.
pub fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

/// Ctrl plus a letter.
pub fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

/// Shift-Tab, as crossterm reports it.
pub fn shift_tab() -> KeyEvent {
    KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT)
}

/// Types `text` one character at a time; returns what the last key did.
pub fn press(input: &mut StepInput, step: &Step, text: &str) -> Handled {
    let now = Now::system();
    text.chars().fold(Handled::Ignored, |_, c| {
        input.handle_key(step, key(KeyCode::Char(c)), now)
    })
}

/// Sends `codes` in order; returns what each did.
pub fn send(input: &mut StepInput, step: &Step, codes: &[KeyCode]) -> Vec<Handled> {
    let now = Now::system();
    codes
        .iter()
        .map(|&code| input.handle_key(step, key(code), now))
        .collect()
}

/// Renders `input` into a fresh buffer of `width` × `height`.
pub fn render(input: &StepInput, step: &Step, width: u16, height: u16, theme: &Theme) -> Buffer {
    render_at(input, step, width, height, theme, Now::system())
}

/// Renders `input` as it looks at `now`.
pub fn render_at(
    input: &StepInput,
    step: &Step,
    width: u16,
    height: u16,
    theme: &Theme,
    now: Now,
) -> Buffer {
    let area = Rect::new(0, 0, width, height);
    let mut buf = Buffer::empty(area);
    input.render(step, area, &mut buf, theme, now);
    buf
}

/// The buffer's rows as text, wide characters once (without their hidden cell).
pub fn rows(buf: &Buffer) -> Vec<String> {
    (0..buf.area.height)
        .map(|y| {
            let mut row = String::new();
            let mut skip = 0;
            for x in 0..buf.area.width {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                let symbol = buf[(x, y)].symbol();
                skip = display_width(symbol).saturating_sub(1);
                row.push_str(symbol);
            }
            row
        })
        .collect()
}

/// The whole buffer as text, rows joined by newlines.
pub fn screen(buf: &Buffer) -> String {
    rows(buf).join("\n")
}

/// Where `needle` (one cell per character) starts in the buffer.
pub fn find(buf: &Buffer, needle: &str) -> Option<(u16, u16)> {
    let chars: Vec<char> = needle.chars().collect();
    let width = buf.area.width;
    (0..buf.area.height).find_map(|y| {
        (0..width).find_map(|x| {
            let fits = usize::from(width - x) >= chars.len();
            let matches = fits
                && chars
                    .iter()
                    .enumerate()
                    .all(|(i, c)| buf[(x + i as u16, y)].symbol() == c.encode_utf8(&mut [0; 4]));
            matches.then_some((x, y))
        })
    })
}

/// Whether the cell where `needle` starts is drawn in reverse video.
pub fn reversed_at(buf: &Buffer, needle: &str) -> bool {
    let (x, y) = find(buf, needle).unwrap_or_else(|| panic!("{needle:?} not on screen"));
    buf[(x, y)].modifier.contains(Modifier::REVERSED)
}

fn step(value: serde_json::Value) -> Step {
    serde_json::from_value(value).expect("a valid step")
}

/// A read step with `prompt`.
pub fn read_step(prompt: &str) -> Step {
    step(json!({"kind": "read", "id": "read", "prompt": prompt}))
}

/// A text step with a hint.
pub fn text_step(required: bool) -> Step {
    step(json!({
        "kind": "text", "id": "what", "prompt": "What happened, in a few words?",
        "hint": "One sentence is enough.", "required": required
    }))
}

/// A scale from `min` to `max`.
pub fn scale_step(min: i64, max: i64) -> Step {
    step(json!({
        "kind": "scale", "id": "before", "prompt": "How strong is the feeling now?",
        "min": min, "max": max, "min_label": "calm", "max_label": "overwhelming",
        "measure": "intensity"
    }))
}

/// A choice of three options, the last a safety one, with an "Another reason" field.
pub fn choice_step(multiple: bool) -> Step {
    step(json!({
        "kind": "choice", "id": "safe", "prompt": "How safe do you feel raising it?",
        "options": [
            {"label": "Safe"},
            {"label": "Nervous"},
            {"label": "Afraid of how they might react", "safety": true}
        ],
        "multiple": multiple, "other": "Another reason"
    }))
}

/// A checklist of three items.
pub fn checklist_step() -> Step {
    step(json!({
        "kind": "checklist", "id": "signs", "prompt": "Which signs did you notice?",
        "items": ["Fast heartbeat", "Clenched jaw", "Wanting to leave"]
    }))
}

/// A timer of `seconds`.
pub fn timer_step(seconds: u32) -> Step {
    step(json!({
        "kind": "timer", "id": "pause", "prompt": "Take a break now.",
        "seconds": seconds, "purpose": "Let your body calm down before you talk again."
    }))
}

/// A questionnaire of `items` statements on a 1–7 scale, alternating between two
/// dimensions, with regions for both lower and both higher.
pub fn questionnaire_step(items: usize) -> Step {
    let items: Vec<_> = (0..items)
        .map(|i| {
            let dimension = if i % 2 == 0 { "anxiety" } else { "avoidance" };
            json!({
                "id": format!("q{i}"),
                "text": format!("Statement number {} about how I am with my partner.", i + 1),
                "dimension": dimension,
                "reverse": i == 2
            })
        })
        .collect();
    let bands = |name: &str| {
        json!([
            {"id": "lower", "title": "lower", "up_to": 4.0, "text": format!("Lower {name} text.")},
            {"id": "higher", "title": "higher", "text": format!("Higher {name} text.")}
        ])
    };
    step(json!({
        "kind": "questionnaire", "id": "lean",
        "prompt": "How true is each statement for you?",
        "scale": {"min": 1, "max": 7, "min_label": "not at all true", "max_label": "very true"},
        "dimensions": [
            {"id": "anxiety", "title": "Worry about closeness", "bands": bands("worry")},
            {"id": "avoidance", "title": "Keeping distance", "bands": bands("distance")}
        ],
        "items": items,
        "regions": [
            {"id": "steady", "title": "Steady ground",
             "when": {"anxiety": "lower", "avoidance": "lower"}, "text": "Steady text."},
            {"id": "stormy", "title": "Both pulls at once",
             "when": {"anxiety": "higher", "avoidance": "higher"}, "text": "Stormy text."}
        ]
    }))
}

/// One step of every kind.
pub fn every_kind() -> Vec<Step> {
    vec![
        read_step("First paragraph.\n\nSecond paragraph."),
        text_step(true),
        scale_step(0, 10),
        choice_step(false),
        checklist_step(),
        timer_step(1200),
        questionnaire_step(12),
    ]
}
