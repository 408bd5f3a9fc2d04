//! Laying text out for a terminal: headings, paragraphs, list items and quotes,
//! wrapped by display width (a CJK character or an emoji takes two columns) with
//! hanging indents, as lines of styled spans. Styles stay data here; the command
//! line decides whether they become escape codes.

use std::mem;

use textwrap::core::display_width;

/// How a piece of text is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// As it is.
    Plain,
    /// Bold: what Markdown would write as `**x**`.
    Bold,
    /// Bold and underlined: a heading.
    Heading,
}

/// A run of text in one style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// How it is shown.
    pub style: Style,
    /// The text, never with a line break.
    pub text: String,
}

/// One line of output.
pub type Line = Vec<Span>;

/// A span of plain text.
pub fn plain(text: impl Into<String>) -> Span {
    Span {
        style: Style::Plain,
        text: text.into(),
    }
}

/// A span of bold text.
pub fn bold(text: impl Into<String>) -> Span {
    Span {
        style: Style::Bold,
        text: text.into(),
    }
}

/// The display width of a line.
pub fn line_width(line: &[Span]) -> usize {
    line.iter().map(|span| display_width(&span.text)).sum()
}

/// Appends `text` in `style` to `line`, joining it to the last span when that has the
/// same style, so a line holds as few styles as it shows.
fn push(line: &mut Line, style: Style, text: &str) {
    match line.last_mut() {
        Some(last) if last.style == style => last.text.push_str(text),
        _ => line.push(Span {
            style,
            text: text.to_owned(),
        }),
    }
}

/// The lines of a page being written, `width` columns wide.
pub struct Page {
    width: usize,
    lines: Vec<Line>,
}

impl Page {
    /// An empty page; a width under 20 columns is taken as 20.
    pub fn new(width: usize) -> Self {
        Self {
            width: width.max(20),
            lines: Vec::new(),
        }
    }

    /// How wide the page is.
    pub fn width(&self) -> usize {
        self.width
    }

    /// The page's lines, without a blank one at the end.
    pub fn finish(mut self) -> Vec<Line> {
        while self.lines.last().is_some_and(Vec::is_empty) {
            self.lines.pop();
        }
        self.lines
    }

    /// A blank line, unless the page is empty or already ends with one.
    pub fn blank(&mut self) {
        if self.lines.last().is_some_and(|line| !line.is_empty()) {
            self.lines.push(Vec::new());
        }
    }

    /// A heading: levels 1 and 2 bold, underlined and ruled under (═, ─) so they stand
    /// out without colour too, 3 bold and underlined, 4 bold.
    pub fn heading(&mut self, level: u8, text: &str) {
        self.blank();
        let style = if level <= 3 {
            Style::Heading
        } else {
            Style::Bold
        };
        let lines = self.wrapped(&[Span {
            style,
            text: text.to_owned(),
        }]);
        let widest = lines.iter().map(|line| line_width(line)).max().unwrap_or(0);
        self.lines.extend(lines);
        match level {
            1 => self.lines.push(vec![plain("═".repeat(widest))]),
            2 => self.lines.push(vec![plain("─".repeat(widest))]),
            _ => {}
        }
        self.blank();
    }

    /// A paragraph, set apart by blank lines.
    pub fn paragraph(&mut self, spans: &[Span]) {
        self.blank();
        let lines = self.wrapped(spans);
        self.lines.extend(lines);
        self.blank();
    }

    /// A list item `indent` columns in, after `marker` ("•", "–", "1."; none for text
    /// that only sits under an item), its further lines under its first word.
    pub fn item(&mut self, indent: usize, marker: &str, spans: &[Span]) {
        let first = if marker.is_empty() {
            " ".repeat(indent)
        } else {
            format!("{}{marker} ", " ".repeat(indent))
        };
        let rest = " ".repeat(display_width(&first));
        let lines = wrap(spans, self.width, &first, &rest);
        self.lines.extend(lines);
    }

    /// A quotation, indented behind a bar.
    pub fn quote(&mut self, text: &str) {
        self.blank();
        let lines = wrap(&[plain(text)], self.width, "  │ ", "  │ ");
        self.lines.extend(lines);
        self.blank();
    }

    /// Lines laid out already (a table).
    pub fn lines(&mut self, lines: Vec<Line>) {
        self.blank();
        self.lines.extend(lines);
        self.blank();
    }

    fn wrapped(&self, spans: &[Span]) -> Vec<Line> {
        wrap(spans, self.width, "", "")
    }
}

/// `spans` wrapped to `width` columns: each line of the text (it may hold line
/// breaks) filled word by word, the first line after `first`, the others after
/// `rest`; a word longer than a line is cut where the line ends.
pub fn wrap(spans: &[Span], width: usize, first: &str, rest: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut prefix = first;
    for words in text_lines(spans) {
        let mut line: Line = Vec::new();
        push(&mut line, Style::Plain, prefix);
        let start = display_width(prefix);
        let mut used = start;
        for word in words {
            let wide = line_width(&word);
            if used > start && used + 1 + wide > width {
                out.push(mem::take(&mut line));
                push(&mut line, Style::Plain, rest);
                used = display_width(rest);
            } else if used > start {
                // A space between two words of one style takes it: one bold run, an
                // unbroken underline.
                let before = line.last().map(|span| span.style);
                let style = match word.first().map(|span| span.style) {
                    Some(after) if before == Some(after) => after,
                    _ => Style::Plain,
                };
                push(&mut line, style, " ");
                used += 1;
            }
            for span in word {
                for c in span.text.chars() {
                    let w = display_width(c.encode_utf8(&mut [0; 4]));
                    if used + w > width && used > display_width(rest) {
                        out.push(mem::take(&mut line));
                        push(&mut line, Style::Plain, rest);
                        used = display_width(rest);
                    }
                    push(&mut line, span.style, c.encode_utf8(&mut [0; 4]));
                    used += w;
                }
            }
        }
        trim_end(&mut line);
        out.push(line);
        prefix = rest;
    }
    out
}

/// The text of `spans` as its lines, each as words, each word as the spans it is
/// made of ("**Title**:" is a bold and a plain span, one word).
fn text_lines(spans: &[Span]) -> Vec<Vec<Line>> {
    let mut lines = vec![Vec::new()];
    let mut word: Line = Vec::new();
    let end_word = |lines: &mut Vec<Vec<Line>>, word: &mut Line| {
        if !word.is_empty() {
            lines
                .last_mut()
                .expect("one line at least")
                .push(mem::take(word));
        }
    };
    for span in spans {
        for c in span.text.chars() {
            match c {
                '\n' => {
                    end_word(&mut lines, &mut word);
                    lines.push(Vec::new());
                }
                ' ' | '\t' => end_word(&mut lines, &mut word),
                c => push(&mut word, span.style, c.encode_utf8(&mut [0; 4])),
            }
        }
    }
    end_word(&mut lines, &mut word);
    lines
}

/// Drops spaces at the end of a line (a prefix on a line with no words).
fn trim_end(line: &mut Line) {
    while let Some(last) = line.last_mut() {
        let kept = last.text.trim_end().len();
        last.text.truncate(kept);
        if !last.text.is_empty() {
            break;
        }
        line.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .map(|line| line.iter().map(|s| s.text.as_str()).collect())
            .collect()
    }

    #[test]
    fn words_wrap_under_the_first_word_and_keep_their_styles() {
        let spans = [
            bold("Calm your body"),
            plain(": asked 3 times a week; done 5."),
        ];
        let lines = wrap(&spans, 24, "• ", "  ");
        assert_eq!(
            text(&lines),
            ["• Calm your body: asked", "  3 times a week; done", "  5."]
        );
        assert_eq!(
            lines[0][1],
            bold("Calm your body"),
            "one run, spaces and all"
        );
        assert_eq!(lines[0][2], plain(": asked"));
        assert!(lines.iter().all(|line| line_width(line) <= 24));
    }

    #[test]
    fn wide_characters_count_two_columns_and_long_words_are_cut() {
        let lines = wrap(&[plain("家族の時間を大切にする")], 10, "", "");
        assert_eq!(text(&lines), ["家族の時間", "を大切にす", "る"]);
        let lines = wrap(&[plain("a\nb  c")], 10, "> ", "> ");
        assert_eq!(text(&lines), ["> a", "> b c"]);
    }

    #[test]
    fn headings_are_ruled_and_blocks_set_apart_by_one_blank_line() {
        let mut page = Page::new(40);
        page.heading(1, "Homework 🙂");
        page.paragraph(&[plain("One.")]);
        page.item(0, "•", &[plain("a")]);
        page.item(2, "–", &[plain("b")]);
        page.heading(2, "Summary");
        assert_eq!(
            text(&page.finish()),
            [
                "Homework 🙂",
                "═══════════",
                "",
                "One.",
                "",
                "• a",
                "  – b",
                "",
                "Summary",
                "───────",
            ]
        );
    }
}
