//! `between report --open`: reading reports received from clients, formatted for the
//! terminal (styled only where the colour rules allow), or written as Markdown with
//! `--out`, since a file is for reading elsewhere.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::output::{ColorChoice, Mark, Stdout};
use super::write_output;
use crate::Error;
use crate::environment::Environment;
use crate::report::{self, terminal};

/// What `--open` was asked to do.
pub struct Open<'a> {
    /// The files to read.
    pub files: &'a [PathBuf],
    /// Each report's first page only.
    pub summary_only: bool,
    /// Where to write them as Markdown instead of printing.
    pub out: Option<&'a Path>,
    /// When to style the text.
    pub color: ColorChoice,
}

/// Reads every file, then prints the reports or writes them to `open.out`.
pub fn run(open: &Open<'_>, env: &Environment, out: &mut Stdout) -> Result<(), Error> {
    let mut opened = report::open_all(open.files).map_err(|mut errors| {
        let last = errors.pop().expect("open_all fails with an error");
        for error in errors {
            say!("between: {error}");
        }
        last
    })?;
    for repeated in &opened.repeated {
        say!("between: {repeated}");
    }
    if open.summary_only {
        opened.reports = opened
            .reports
            .iter()
            .map(report::Report::page_one)
            .collect();
    }
    if let Some(file) = open.out {
        let text = report::markdown_all(&opened.reports);
        write_output(out, Some(file), text.as_bytes(), "write the report to")?;
        let which = match opened.reports.len() {
            1 => "the report".to_owned(),
            n => format!("the {n} reports"),
        };
        say!("Wrote {which} as Markdown to {}.", file.display());
        return Ok(());
    }
    let color = open.color.wanted(env);
    for line in terminal::render(&opened.reports, super::output::width()) {
        for span in line {
            let mark = match span.style {
                terminal::Style::Plain => None,
                terminal::Style::Bold => Some(Mark::Bold),
                terminal::Style::Heading => Some(Mark::Heading),
            };
            match mark.filter(|_| color) {
                Some(mark) => {
                    out.mark(mark)?;
                    out.write_all(span.text.as_bytes())?;
                    out.mark(Mark::Plain)?;
                }
                None => out.write_all(span.text.as_bytes())?,
            }
        }
        out.write_all(b"\n")?;
    }
    Ok(())
}
