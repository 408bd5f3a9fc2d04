//! The full-screen app.

pub mod theme;
pub mod widgets;
