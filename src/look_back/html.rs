//! The look back's page as one self-contained HTML page to print: no script, nothing
//! loaded (the report's page policy), every string escaped, each measure's months
//! drawn as an inline SVG chart.

use std::fmt::Write as _;

use super::{Block, MonthlyChart, Page};
use crate::report::{document_start, escape};
use crate::words::number;

const STYLE: &str = r#"
:root { color-scheme: light; }
body { font: 11pt/1.4 system-ui, "Segoe UI", "Helvetica Neue", Arial, sans-serif; color: #111; max-width: 52rem; margin: 1.5rem auto; padding: 0 1rem; }
h1 { font-size: 1.45em; margin: 0 0 .3em; }
h2 { font-size: 1.15em; margin: 1.1em 0 .4em; border-bottom: 1px solid #bbb; }
p, ul { margin: .3em 0; }
.about { color: #333; }
table { border-collapse: collapse; font-size: .95em; }
th, td { border: 1px solid #bbb; padding: .15em .45em; text-align: right; }
th:first-child, td:first-child { text-align: left; }
thead th { background: #eee; }
svg.chart { width: 420px; height: 130px; font: 9px sans-serif; display: block; margin: .2em 0 .8em; }
svg.chart .axis { stroke: #555; stroke-width: 1; }
svg.chart .grid { stroke: #e4e4e4; stroke-width: .7; }
svg.chart .tick { fill: #444; }
svg.chart polyline { fill: none; stroke: #124; stroke-width: 1.5; }
svg.chart circle { fill: #124; }
@media print {
  @page { margin: 14mm; }
  body { font-size: 9.5pt; margin: 0; padding: 0; max-width: none; }
  h1, h2 { break-after: avoid; }
  tr, li, svg.chart { break-inside: avoid; }
}
"#;

/// The page as HTML.
pub fn html(page: &Page) -> String {
    let mut out = document_start(&page.title, STYLE);
    let _ = writeln!(out, "<h1>{}</h1>", escape(&page.title));
    for line in &page.about {
        let _ = writeln!(out, "<p class=\"about\">{}</p>", escape(line));
    }
    for section in &page.sections {
        let _ = writeln!(out, "<section>\n<h2>{}</h2>", escape(&section.heading));
        for block in &section.blocks {
            match block {
                Block::Paragraph(text) => {
                    let _ = writeln!(out, "<p>{}</p>", escape(text));
                }
                Block::List(items) => {
                    out.push_str("<ul>\n");
                    for item in items {
                        let _ = write!(out, "<li>{}", escape(&item.text));
                        if !item.items.is_empty() {
                            out.push_str("<ul>");
                            for sub in &item.items {
                                let _ = write!(out, "<li>{}</li>", escape(sub));
                            }
                            out.push_str("</ul>");
                        }
                        out.push_str("</li>\n");
                    }
                    out.push_str("</ul>\n");
                }
                Block::Table { head, rows } => {
                    out.push_str("<table>\n<thead><tr>");
                    for cell in head {
                        let _ = write!(out, "<th>{}</th>", escape(cell));
                    }
                    out.push_str("</tr></thead>\n<tbody>\n");
                    for row in rows {
                        out.push_str("<tr>");
                        for cell in row {
                            let _ = write!(out, "<td>{}</td>", escape(cell));
                        }
                        out.push_str("</tr>\n");
                    }
                    out.push_str("</tbody>\n</table>\n");
                }
                Block::Chart(chart) => out.push_str(&svg(chart)),
            }
        }
        out.push_str("</section>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

const WIDTH: f64 = 420.0;
const HEIGHT: f64 = 130.0;
const LEFT: f64 = 28.0;
const BOTTOM: f64 = 16.0;
const TOP: f64 = 8.0;

/// A measure's monthly means as a line over the months, on the whole of its scale.
fn svg(chart: &MonthlyChart) -> String {
    let (low, high) = chart.range;
    let span = (high - low).max(1.0);
    let columns = chart.months.len().max(1) as f64;
    let x = |i: usize| LEFT + (WIDTH - LEFT - 6.0) * (i as f64 + 0.5) / columns;
    let y = |v: f64| TOP + (HEIGHT - TOP - BOTTOM) * (1.0 - (v - low) / span);
    let mut out = format!(
        "<svg class=\"chart\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" aria-label=\"{}\">\n",
        escape(&format!("{} by month", chart.title))
    );
    for value in [low, (low + high) / 2.0, high] {
        let _ = writeln!(
            out,
            "<line class=\"grid\" x1=\"{LEFT}\" x2=\"{}\" y1=\"{:.1}\" y2=\"{:.1}\"/><text class=\"tick\" x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            WIDTH - 6.0,
            y(value),
            y(value),
            LEFT - 4.0,
            y(value) + 3.0,
            number(value)
        );
    }
    let _ = writeln!(
        out,
        "<line class=\"axis\" x1=\"{LEFT}\" x2=\"{LEFT}\" y1=\"{TOP}\" y2=\"{}\"/>",
        HEIGHT - BOTTOM
    );
    for (i, (label, _)) in chart.months.iter().enumerate() {
        let _ = writeln!(
            out,
            "<text class=\"tick\" x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            x(i),
            HEIGHT - 4.0,
            escape(label)
        );
    }
    // One line through the months that were rated; a month without a rating breaks it.
    let mut runs: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
    for (i, (_, mean)) in chart.months.iter().enumerate() {
        match mean {
            Some(mean) => {
                let point = (x(i), y(*mean));
                let _ = writeln!(
                    out,
                    "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"2\"/>",
                    point.0, point.1
                );
                runs.last_mut().expect("there is a run").push(point);
            }
            None => runs.push(Vec::new()),
        }
    }
    for run in runs.iter().filter(|run| run.len() > 1) {
        let points: Vec<String> = run.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
        let _ = writeln!(out, "<polyline points=\"{}\"/>", points.join(" "));
    }
    out.push_str("</svg>\n");
    out
}
