//! Styles for every screen, in one place: a calm colour theme, a monochrome one (for
//! `NO_COLOR` or `--no-color`) and a high-contrast one. Each marks selection and focus
//! with reverse video, bold or symbols as well, never by colour alone.

use ratatui::style::{Color, Modifier, Style};

use crate::theme_name::ThemeName;

/// The styles the app draws with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// Plain text.
    pub text: Style,
    /// Secondary text: hints, dates, counts.
    pub dim: Style,
    /// Titles and headings.
    pub title: Style,
    /// The selected row or option.
    pub selected: Style,
    /// The border of the focused pane.
    pub focus: Style,
    /// The border of an unfocused pane.
    pub border: Style,
    /// Keys shown in the footer.
    pub key: Style,
    /// Warnings and errors.
    pub warning: Style,
    /// Good news: saved, done.
    pub ok: Style,
    /// Search matches.
    pub matched: Style,
    /// Whether it draws without colour (the monochrome and high-contrast themes).
    pub monochrome: bool,
}

impl Theme {
    /// The colour theme.
    pub fn color() -> Self {
        Self {
            text: Style::new(),
            dim: Style::new().fg(Color::Gray),
            title: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            selected: Style::new()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            focus: Style::new().fg(Color::Cyan),
            border: Style::new().fg(Color::DarkGray),
            key: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            warning: Style::new()
                .fg(Color::LightRed)
                .add_modifier(Modifier::BOLD),
            ok: Style::new().fg(Color::Green).add_modifier(Modifier::BOLD),
            matched: Style::new()
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(Modifier::BOLD),
            monochrome: false,
        }
    }

    /// The monochrome theme. Colours are `Color::Reset` rather than absent: crossterm
    /// 0.29 resets bold when it writes "no colour", which would hide the selection.
    pub fn monochrome() -> Self {
        let plain = Style::new().fg(Color::Reset).bg(Color::Reset);
        Self {
            text: plain,
            dim: plain,
            title: plain.add_modifier(Modifier::BOLD),
            selected: plain.add_modifier(Modifier::REVERSED | Modifier::BOLD),
            focus: plain.add_modifier(Modifier::BOLD),
            border: plain,
            key: plain.add_modifier(Modifier::BOLD),
            warning: plain.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            ok: plain.add_modifier(Modifier::BOLD),
            matched: plain.add_modifier(Modifier::REVERSED),
            monochrome: true,
        }
    }

    /// The high-contrast theme: the terminal's own text colour on its own background
    /// (so it is as strong on a light background as on a dark one), nothing dimmed, the
    /// selection and search matches in reverse video, headings, keys and the focused
    /// border bold, warnings reversed.
    pub fn high_contrast() -> Self {
        let plain = Style::new().fg(Color::Reset).bg(Color::Reset);
        Self {
            text: plain,
            dim: plain,
            title: plain.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            selected: plain.add_modifier(Modifier::REVERSED | Modifier::BOLD),
            focus: plain.add_modifier(Modifier::BOLD),
            border: plain,
            key: plain.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            warning: plain.add_modifier(Modifier::BOLD | Modifier::REVERSED),
            ok: plain.add_modifier(Modifier::BOLD),
            matched: plain.add_modifier(Modifier::REVERSED | Modifier::UNDERLINED),
            monochrome: true,
        }
    }

    /// The theme of this name.
    pub fn named(name: ThemeName) -> Self {
        match name {
            ThemeName::Default => Self::color(),
            ThemeName::Monochrome => Self::monochrome(),
            ThemeName::HighContrast => Self::high_contrast(),
        }
    }

    /// The theme to draw with: the one `--theme` asked for, else monochrome when no
    /// colour is asked for (see [`crate::environment::Environment::no_color`]), else
    /// the settings' one.
    pub fn new(asked: Option<ThemeName>, no_color: bool, setting: ThemeName) -> Self {
        Self::named(crate::theme_name::chosen(asked, no_color, setting).0)
    }

    /// The marker drawn before the selected row, so selection shows without colour.
    pub fn cursor(&self) -> &'static str {
        "▶ "
    }
}
