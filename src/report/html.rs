//! A report as one self-contained HTML page, the form a therapist prints or saves as
//! PDF from any browser: page one is the summary (a table of the items week by week,
//! each measure with its chart, the strategies, what the client wants to discuss,
//! the client's note, what was left out), then the entries from a new page. It holds
//! no script and loads nothing (inline CSS and SVG only, and a policy that forbids
//! the rest), and every string from the journal or the pack is escaped. The words are
//! the Markdown form's.

use std::fmt::Write as _;

use super::markdown::{
    done, flagged_label, has_entries, heading_lines, left_out_sentence, measure_range,
    measure_sentences, note_heading, plan_heading, prompt_number, prompts, short_day,
    strategy_counts, title, week_count, week_span, what,
};
use super::{FlaggedEntry, Report, ReportEntry, ReportItem, chart};

/// The style: small type so page one holds a two-week round on one sheet, the
/// entries from a new page, each round of several from a new page.
/// The measure charts' style (`chart.rs` draws them), for every page that has one.
macro_rules! chart_style {
    () => {
        r#"
svg.chart .axis { stroke: #555; stroke-width: 1; }
svg.chart .grid { stroke: #e4e4e4; stroke-width: .7; }
svg.chart .week { stroke: #bbb; stroke-width: .7; }
svg.chart .tick { fill: #444; }
svg.chart .cutoff { stroke: #b00; stroke-width: 1.2; }
svg.chart .cutoff-label { fill: #b00; }
svg.chart polyline.first { fill: none; stroke: #124; stroke-width: 1.5; }
svg.chart circle.first { fill: #124; }
svg.chart .within { stroke: #9ab; stroke-width: 1; }
svg.chart circle.after { fill: #fff; stroke: #79a; stroke-width: 1; }
"#
    };
}
pub(crate) use chart_style;

const STYLE: &str = concat!(
    r#"
:root { color-scheme: light; }
body { font: 11pt/1.35 system-ui, "Segoe UI", "Helvetica Neue", Arial, sans-serif; color: #111; max-width: 52rem; margin: 1.5rem auto; padding: 0 1rem; }
h1 { font-size: 1.45em; margin: 0 0 .3em; }
h2 { font-size: 1.15em; margin: 1em 0 .4em; border-bottom: 1px solid #bbb; }
h3 { font-size: 1em; margin: .9em 0 .3em; }
h4 { font-size: .95em; margin: .7em 0 .2em; }
p, ul, ol, dl, blockquote { margin: .3em 0; }
.about { color: #333; }
code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .9em; }
.note blockquote { margin: .3em 0; padding: .3em .7em; border-left: 3px solid #777; background: #f3f3f3; }
.text { white-space: pre-wrap; }
table.items { border-collapse: collapse; width: 100%; font-size: .95em; }
table.items th, table.items td { border: 1px solid #bbb; padding: .2em .45em; text-align: left; vertical-align: top; }
table.items thead th { background: #eee; }
table.items th .span { display: block; font-weight: normal; font-size: .85em; color: #444; white-space: nowrap; }
table.items td.count { white-space: nowrap; }
.measure { display: flex; gap: 1em; align-items: flex-start; margin: .4em 0; }
.measure .words { flex: 1; }
.measure .words ul { padding-left: 1.2em; }
.range { font-weight: normal; color: #444; }
svg.chart { flex: none; width: 340px; height: 120px; font: 9px sans-serif; }
.legend { font-size: .85em; color: #444; }
dl.answers { margin-left: 1.2em; }
dl.answers dt { color: #444; font-size: .9em; }
dl.answers dd { margin: 0 0 .3em; }
ol.prompts { padding-left: 1.6em; }
ul.entries { padding-left: 1.2em; }
ul.entries ol { padding-left: 1.8em; }
.left-out { color: #333; font-style: italic; }
.entries-part, .round + .round { break-before: page; }
@media print {
  @page { margin: 14mm; }
  body { font-size: 9.5pt; margin: 0; padding: 0; max-width: none; }
  * { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  h1, h2, h3, h4 { break-after: avoid; }
  tr, li, .measure, dl.answers { break-inside: avoid; }
}
"#,
    chart_style!()
);

/// The page forbids every script and every load; the style and SVG are inline.
const POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'";

/// The start of a self-contained page titled `title` with `style`, up to its body:
/// the policy that forbids every script and load is in it.
pub fn document_start(title: &str, style: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"{POLICY}\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{style}</style>\n</head>\n<body>\n",
        escape(title)
    )
}

/// Text made safe to stand in HTML, as an element's text or an attribute's value.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A sentence with its code between backticks (a command, a pack's id), escaped,
/// the code set as code.
fn with_code(sentence: &str) -> String {
    escape(sentence)
        .split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                format!("<code>{part}</code>")
            } else {
                part.to_owned()
            }
        })
        .collect()
}

/// The report as a printable page.
pub fn html(report: &Report) -> String {
    html_all(std::slice::from_ref(report))
}

/// Several reports (the rounds of one homework) in one page, each from a new sheet.
pub fn html_all(reports: &[Report]) -> String {
    let heading = reports.first().map(title).unwrap_or_default();
    let mut out = document_start(&heading, STYLE);
    let alone = reports.len() == 1;
    for report in reports {
        round(&mut out, report, alone);
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// One report: its heading, the client's note and page one, then its entries.
fn round(out: &mut String, report: &Report, alone: bool) {
    out.push_str("<article class=\"round\">\n<section class=\"summary\">\n");
    let _ = writeln!(out, "<h1>{}</h1>", escape(&title(report)));
    for line in heading_lines(report, alone) {
        let _ = writeln!(out, "<p class=\"about\">{}</p>", with_code(&line));
    }
    if let Some(note) = &report.note {
        let _ = writeln!(
            out,
            "<section class=\"note\"><h2>{}</h2><blockquote class=\"text\">{}</blockquote></section>",
            escape(&note_heading(report)),
            escape(note.trim())
        );
    }
    out.push_str("<h2>Summary</h2>\n");
    items(out, report);
    measures(out, report);
    if let Some(counts) = strategy_counts(report) {
        let _ = writeln!(out, "<h3>Strategies</h3>\n<p>{}.</p>", escape(&counts));
    }
    flagged(out, &report.flagged);
    if let Some(sentence) = left_out_sentence(report) {
        let _ = writeln!(out, "<p class=\"left-out\">{}</p>", escape(&sentence));
    }
    out.push_str("</section>\n");
    entries(out, report);
    out.push_str("</article>\n");
}

/// The table of items: what was asked, what was done, and each week's count.
fn items(out: &mut String, report: &Report) {
    out.push_str(
        "<table class=\"items\">\n<thead><tr><th>Exercise</th><th>Asked</th><th>Done</th>",
    );
    for (i, week) in report.weeks.iter().enumerate() {
        let _ = write!(
            out,
            "<th>Week {}<span class=\"span\">{}</span></th>",
            i + 1,
            escape(&week_span(week))
        );
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for item in &report.items {
        let _ = write!(
            out,
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td>",
            escape(&item.title),
            escape(&item.per.how_often(item.times)),
            escape(&done(item))
        );
        for week in 0..report.weeks.len() {
            let count = item
                .per_week
                .get(week)
                .map(|done| week_count(item, *done))
                .unwrap_or_default();
            let _ = write!(out, "<td class=\"count\">{}</td>", escape(&count));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}

/// Each measure: its title and range, the sentences, and its chart.
fn measures(out: &mut String, report: &Report) {
    if report.measures.is_empty() {
        return;
    }
    out.push_str("<h3>Measures</h3>\n");
    if report.measures.iter().any(|m| m.within.is_some()) {
        out.push_str(
            "<p class=\"legend\">In the charts, a filled dot is a sitting's first rating; a hollow one, its last.</p>\n",
        );
    }
    for measure in &report.measures {
        let _ = write!(
            out,
            "<div class=\"measure\"><div class=\"words\"><h4>{} <span class=\"range\">({})</span></h4><ul>",
            escape(&measure.title),
            escape(&measure_range(measure))
        );
        for sentence in measure_sentences(measure) {
            let _ = write!(out, "<li>{}</li>", escape(&sentence));
        }
        let _ = writeln!(
            out,
            "</ul></div>{}</div>",
            chart::of_round(measure, &report.weeks)
        );
    }
}

/// The entries the client marked to discuss, with their text.
fn flagged(out: &mut String, flagged: &[FlaggedEntry]) {
    if flagged.is_empty() {
        return;
    }
    out.push_str("<h3>Marked to discuss</h3>\n<ul class=\"flagged\">\n");
    for one in flagged {
        entry_head(out, &flagged_label(one), &one.entry);
        if !one.entry.answers.is_empty() {
            out.push_str("<dl class=\"answers\">");
            for answer in &one.entry.answers {
                let _ = write!(
                    out,
                    "<dt>{}</dt><dd class=\"text\">{}</dd>",
                    escape(&answer.prompt),
                    escape(&answer.answer)
                );
            }
            out.push_str("</dl>");
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ul>\n");
}

/// The entries, from a new page: each exercise's prompts once, then its entries and
/// its plans, each answer numbered by its prompt.
fn entries(out: &mut String, report: &Report) {
    if !report.items.iter().any(has_entries) {
        return;
    }
    out.push_str("<section class=\"entries-part\">\n<h2>The entries</h2>\n");
    for item in report.items.iter().filter(|item| has_entries(item)) {
        exercise(out, item);
    }
    out.push_str("</section>\n");
}

fn exercise(out: &mut String, item: &ReportItem) {
    let _ = writeln!(out, "<h3>{}</h3>", escape(&item.title));
    let prompts = prompts(item);
    if !prompts.is_empty() {
        out.push_str("<p>The prompts:</p>\n<ol class=\"prompts\">");
        for prompt in &prompts {
            let _ = write!(out, "<li class=\"text\">{}</li>", escape(prompt));
        }
        out.push_str("</ol>\n");
    }
    entry_list(out, &item.entries, &prompts);
    for plan in &item.plans {
        let _ = writeln!(out, "<h4>{}</h4>", escape(&plan_heading(plan)));
        entry_list(out, &plan.entries, &prompts);
    }
}

/// An entry's list item opened: "**Tue 3 Nov**: done".
fn entry_head(out: &mut String, label: &str, entry: &ReportEntry) {
    let _ = write!(
        out,
        "<li><strong>{}</strong>: {}",
        escape(label),
        escape(&what(entry))
    );
}

fn entry_list(out: &mut String, entries: &[ReportEntry], prompts: &[&str]) {
    if entries.is_empty() {
        return;
    }
    out.push_str("<ul class=\"entries\">\n");
    for entry in entries {
        entry_head(out, &short_day(entry.date), entry);
        if !entry.answers.is_empty() {
            out.push_str("<ol>");
            for answer in &entry.answers {
                let _ = write!(
                    out,
                    "<li value=\"{}\" class=\"text\">{}</li>",
                    prompt_number(prompts, &answer.prompt),
                    escape(&answer.answer)
                );
            }
            out.push_str("</ol>");
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ul>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_character_that_could_open_markup_is_escaped() {
        assert_eq!(
            escape(r#"<script>alert(1)</script> "><img src=x> & 'it'"#),
            "&lt;script&gt;alert(1)&lt;/script&gt; &quot;&gt;&lt;img src=x&gt; &amp; &#39;it&#39;"
        );
    }

    #[test]
    fn code_between_backticks_is_set_as_code_after_escaping() {
        assert_eq!(
            with_code("Earlier: `between report <x> --round 1`."),
            "Earlier: <code>between report &lt;x&gt; --round 1</code>."
        );
    }
}
