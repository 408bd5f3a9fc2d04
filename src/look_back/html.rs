//! The look back's page as one self-contained HTML page to print: no script, nothing
//! loaded (the report's page policy), every string escaped, each measure's months
//! drawn as an inline SVG chart.

use std::fmt::Write as _;

use super::{Block, Page};
use crate::report::{chart_style, chart_svg, document_start, escape};

const STYLE: &str = concat!(
    r#"
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
@media print {
  @page { margin: 14mm; }
  body { font-size: 9.5pt; margin: 0; padding: 0; max-width: none; }
  h1, h2 { break-after: avoid; }
  tr, li, svg.chart { break-inside: avoid; }
}
"#,
    chart_style!()
);

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
                Block::Chart(chart) => {
                    out.push_str(&chart_svg(chart));
                    out.push('\n');
                }
            }
        }
        out.push_str("</section>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}
