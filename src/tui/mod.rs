//! The full-screen app.

pub mod theme;
