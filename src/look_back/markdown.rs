//! The look back's page as Markdown.

use std::fmt::Write as _;

use super::{Block, Page};

/// The page as Markdown.
pub fn markdown(page: &Page) -> String {
    let mut out = format!("# {}\n\n", page.title);
    for line in &page.about {
        let _ = writeln!(out, "{line}\n");
    }
    for section in &page.sections {
        let _ = writeln!(out, "## {}\n", section.heading);
        for block in &section.blocks {
            match block {
                Block::Paragraph(text) => {
                    let _ = writeln!(out, "{text}\n");
                }
                Block::List(items) => {
                    for item in items {
                        let _ = writeln!(out, "- {}", item.text.replace('\n', "\n  "));
                        for sub in &item.items {
                            let _ = writeln!(out, "  - {}", sub.replace('\n', "\n    "));
                        }
                    }
                    out.push('\n');
                }
                Block::Table { head, rows } => table(&mut out, head, rows),
                // Its words are the paragraph before it.
                Block::Chart(_) => {}
            }
        }
    }
    out
}

/// A table with its columns padded to one width, so it reads as a table in a terminal
/// or an editor too; the first column to the left, numbers to the right.
fn table(out: &mut String, head: &[String], rows: &[Vec<String>]) {
    let cell = |text: &str| text.replace('|', "\\|");
    let widths: Vec<usize> = (0..head.len())
        .map(|c| {
            std::iter::once(&head[c])
                .chain(rows.iter().filter_map(|row| row.get(c)))
                .map(|text| cell(text).chars().count())
                .max()
                .unwrap_or(0)
                .max(3)
        })
        .collect();
    let line = |out: &mut String, cells: &[String]| {
        out.push('|');
        for (c, width) in widths.iter().enumerate() {
            let text = cells.get(c).map_or_else(String::new, |t| cell(t));
            let _ = if c == 0 {
                write!(out, " {text:<width$} |")
            } else {
                write!(out, " {text:>width$} |")
            };
        }
        out.push('\n');
    };
    line(out, head);
    out.push('|');
    for (c, width) in widths.iter().enumerate() {
        let dashes = "-".repeat(width.saturating_sub(1));
        let _ = if c == 0 {
            write!(out, " {dashes}- |")
        } else {
            write!(out, " {dashes}: |")
        };
    }
    out.push('\n');
    for row in rows {
        line(out, row);
    }
    out.push('\n');
}
