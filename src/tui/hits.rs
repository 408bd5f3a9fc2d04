//! Where the last frame drew what a click can act on. Drawing only reads the state,
//! so it returns these regions instead of keeping them; the shell holds the last
//! frame's and turns a left click in one into `Msg::Click` with its target.

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

use super::app::{Msg, Target, mouse_msg};

/// The clickable regions of one frame, in the order they were drawn.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hits {
    regions: Vec<(Rect, Target)>,
    /// How far the screen's scrolled text could scroll, if it has one.
    overflow: Option<u16>,
}

impl Hits {
    /// Records that `target` was drawn in `rect`.
    pub fn add(&mut self, rect: Rect, target: Target) {
        if !rect.is_empty() {
            self.regions.push((rect, target));
        }
    }

    /// Records the rows `shown` of a list drawn from the top of `inner`, each `lines`
    /// tall, as the targets `target` makes of their indexes; rows past its bottom are
    /// out of sight.
    pub fn rows(
        &mut self,
        inner: Rect,
        shown: std::ops::Range<usize>,
        lines: u16,
        target: impl Fn(usize) -> Target,
    ) {
        for (n, i) in (0u16..).zip(shown) {
            let y = inner.y.saturating_add(n.saturating_mul(lines));
            let rect = Rect::new(inner.x, y, inner.width, lines).intersection(inner);
            self.add(rect, target(i));
        }
    }

    /// Records that the screen's scrolled text is `rows` rows taller than its pane,
    /// when its stored offset `scroll` is past that (only then is there news).
    pub fn scrolled(&mut self, rows: u16, scroll: u16) {
        if scroll > rows {
            self.overflow = Some(rows);
        }
    }

    /// What the shell tells `update` after a frame whose text was scrolled past its
    /// end: how far it scrolls, which only drawing knows (the wrapped height in the
    /// pane's size), so the offset is brought back and the next Up moves at once. A
    /// frame that needs no such news sends nothing, so no extra update runs.
    pub fn after_drawing(&self) -> Option<Msg> {
        self.overflow.map(Msg::Overflow)
    }

    /// Forgets every region: a window drawn over the screen hides them.
    pub fn clear(&mut self) {
        self.regions.clear();
    }

    /// Every region, in the order drawn.
    pub fn regions(&self) -> &[(Rect, Target)] {
        &self.regions
    }

    /// What was drawn at the cell (`column`, `row`), the last drawn first.
    pub fn at(&self, column: u16, row: u16) -> Option<Target> {
        let cell = Position::new(column, row);
        self.regions
            .iter()
            .rev()
            .find(|(rect, _)| rect.contains(cell))
            .map(|(_, target)| *target)
    }

    /// The message a mouse event makes on this frame: a left click on a region is a
    /// click on its target, and the wheel scrolls; anything else is nothing.
    pub fn msg(&self, mouse: MouseEvent) -> Option<Msg> {
        match mouse.kind {
            MouseEventKind::Down(MouseButton::Left) => {
                self.at(mouse.column, mouse.row).map(Msg::Click)
            }
            kind => mouse_msg(kind),
        }
    }
}

#[cfg(test)]
mod tests {
    use crossterm::event::KeyModifiers;

    use super::*;

    fn mouse(kind: MouseEventKind, column: u16, row: u16) -> MouseEvent {
        MouseEvent {
            kind,
            column,
            row,
            modifiers: KeyModifiers::NONE,
        }
    }

    #[test]
    fn a_left_click_hits_the_region_under_it_and_the_wheel_still_scrolls() {
        let mut hits = Hits::default();
        hits.add(Rect::new(2, 3, 10, 2), Target::Pack(0));
        hits.add(Rect::new(2, 4, 10, 1), Target::Pack(1));
        hits.add(Rect::new(0, 0, 0, 1), Target::Pack(2));
        assert_eq!(hits.regions().len(), 2, "an empty rect is no region");
        let left = MouseEventKind::Down(MouseButton::Left);
        assert!(matches!(
            hits.msg(mouse(left, 2, 3)),
            Some(Msg::Click(Target::Pack(0)))
        ));
        // Drawn later, drawn on top.
        assert_eq!(hits.at(11, 4), Some(Target::Pack(1)));
        assert_eq!(hits.at(12, 4), None);
        assert!(hits.msg(mouse(left, 0, 0)).is_none());
        let right = MouseEventKind::Down(MouseButton::Right);
        assert!(hits.msg(mouse(right, 2, 3)).is_none());
        assert!(matches!(
            hits.msg(mouse(MouseEventKind::ScrollDown, 0, 0)),
            Some(Msg::Scroll(1))
        ));
        hits.clear();
        assert_eq!(hits.at(2, 3), None);
    }
}
