//! A measure over a round as a small inline SVG, for the printable report: a
//! therapist sees at a glance where each sitting began, how far it moved within the
//! sitting, and where the pack's cutoff line lies. It holds numbers and dates only, no
//! text from a pack or the journal, so it needs no escaping.

use std::fmt::Write as _;

use chrono::NaiveDate;

use super::markdown::{number, short_day};
use super::{MeasureSummary, Week};

const WIDTH: f64 = 340.0;
const HEIGHT: f64 = 120.0;
const LEFT: f64 = 26.0;
const RIGHT: f64 = 8.0;
const TOP: f64 = 10.0;
const BOTTOM: f64 = 20.0;

/// Where the chart's points go: the round's days across, the measure's range up.
struct Frame {
    from: NaiveDate,
    days: f64,
    min: f64,
    max: f64,
}

impl Frame {
    /// Where `date`'s slot begins: each day of the round gets an equal one.
    fn edge(&self, date: NaiveDate) -> f64 {
        let day = (date - self.from).num_days() as f64;
        LEFT + day / self.days * (WIDTH - LEFT - RIGHT)
    }

    /// The middle of `date`'s slot.
    fn x(&self, date: NaiveDate) -> f64 {
        self.edge(date) + (WIDTH - LEFT - RIGHT) / self.days / 2.0
    }

    fn y(&self, value: f64) -> f64 {
        let span = (self.max - self.min).max(1.0);
        let value = value.clamp(self.min, self.max);
        TOP + (self.max - value) / span * (HEIGHT - TOP - BOTTOM)
    }
}

/// The chart of `measure` over the round's `weeks` (over its sittings' days when
/// the report has no weeks): each sitting's first rating as a point on a line, its
/// last rating lighter above or below it, the cutoff as a dashed line, the range
/// from `min` to `max` up the side.
pub fn svg(measure: &MeasureSummary, weeks: &[Week]) -> String {
    let dates = measure.sittings.iter().map(|s| s.date);
    let (Some(from), Some(to)) = (
        weeks
            .first()
            .map(|w| w.from)
            .or_else(|| dates.clone().min()),
        weeks.last().map(|w| w.to).or_else(|| dates.max()),
    ) else {
        return String::new();
    };
    // A kept round or a received report is not checked as a pack is: a range the
    // wrong way round is drawn the right way rather than panic in `clamp`.
    let (low, high) = (measure.min.min(measure.max), measure.min.max(measure.max));
    let frame = Frame {
        from,
        days: ((to - from).num_days() + 1).max(1) as f64,
        min: low as f64,
        max: high as f64,
    };
    let mut out = format!(
        r#"<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img"><title>Each sitting's first rating from {} to {}</title>"#,
        short_day(from),
        short_day(to)
    );
    axes(&mut out, &frame, weeks);
    if let Some(cutoff) = measure.cutoff {
        let y = frame.y(cutoff.at);
        let _ = write!(
            out,
            r#"<line class="cutoff" x1="{LEFT}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke-dasharray="5 3"/><text class="cutoff-label" x="{:.1}" y="{:.1}" text-anchor="end">cutoff {}</text>"#,
            WIDTH - RIGHT,
            WIDTH - RIGHT,
            y - 3.0,
            number(cutoff.at)
        );
    }
    for sitting in &measure.sittings {
        if let Some(last) = sitting.last {
            let x = frame.x(sitting.date);
            let _ = write!(
                out,
                r#"<line class="within" x1="{x:.1}" y1="{:.1}" x2="{x:.1}" y2="{:.1}"/><circle class="after" cx="{x:.1}" cy="{:.1}" r="2.5"><title>{}: {} after</title></circle>"#,
                frame.y(sitting.first),
                frame.y(last),
                frame.y(last),
                short_day(sitting.date),
                number(last)
            );
        }
    }
    let points: Vec<String> = measure
        .sittings
        .iter()
        .map(|s| format!("{:.1},{:.1}", frame.x(s.date), frame.y(s.first)))
        .collect();
    if points.len() > 1 {
        let _ = write!(
            out,
            r#"<polyline class="first" points="{}"/>"#,
            points.join(" ")
        );
    }
    for sitting in &measure.sittings {
        let _ = write!(
            out,
            r#"<circle class="first" cx="{:.1}" cy="{:.1}" r="3"><title>{}: {}</title></circle>"#,
            frame.x(sitting.date),
            frame.y(sitting.first),
            short_day(sitting.date),
            number(sitting.first)
        );
    }
    out.push_str("</svg>");
    out
}

/// The range up the side, a faint line at each whole value of a short scale, and
/// each week's days along the bottom.
fn axes(out: &mut String, frame: &Frame, weeks: &[Week]) {
    let bottom = HEIGHT - BOTTOM;
    let right = WIDTH - RIGHT;
    if frame.max - frame.min <= 10.0 {
        for value in (frame.min as i64)..=(frame.max as i64) {
            let y = frame.y(value as f64);
            let _ = write!(
                out,
                r#"<line class="grid" x1="{LEFT}" y1="{y:.1}" x2="{right}" y2="{y:.1}"/>"#
            );
        }
    }
    for value in [frame.min, frame.max] {
        let _ = write!(
            out,
            r#"<text class="tick" x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#,
            LEFT - 4.0,
            frame.y(value) + 3.5,
            number(value)
        );
    }
    let _ = write!(
        out,
        r#"<line class="axis" x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{bottom}"/><line class="axis" x1="{LEFT}" y1="{bottom}" x2="{right}" y2="{bottom}"/>"#
    );
    for (i, week) in weeks.iter().enumerate() {
        let start = frame.edge(week.from);
        let end = frame.edge(week.to + chrono::Duration::days(1));
        if i > 0 {
            let _ = write!(
                out,
                r#"<line class="week" x1="{start:.1}" y1="{TOP}" x2="{start:.1}" y2="{bottom}"/>"#
            );
        }
        let _ = write!(
            out,
            r#"<text class="tick" x="{:.1}" y="{:.1}" text-anchor="middle">week {}</text>"#,
            (start + end) / 2.0,
            HEIGHT - 6.0,
            i + 1
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pack::model::{Concerning, Cutoff};
    use crate::report::Sitting;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 11, d).unwrap()
    }

    #[test]
    fn a_range_the_wrong_way_round_is_drawn_not_a_panic() {
        let mut backwards = measure(None);
        (backwards.min, backwards.max) = (5, 1);
        let drawn = svg(&backwards, &[]);
        assert!(drawn.starts_with("<svg"), "{drawn}");
    }

    fn measure(cutoff: Option<Cutoff>) -> MeasureSummary {
        MeasureSummary {
            id: "steadiness".into(),
            title: "<b>not in the chart</b>".into(),
            min: 1,
            max: 5,
            higher_is_better: true,
            cutoff,
            reliable_change: None,
            sittings: vec![
                Sitting {
                    date: day(3),
                    first: 1.0,
                    last: Some(3.0),
                },
                Sitting {
                    date: day(12),
                    first: 4.0,
                    last: None,
                },
            ],
            within: None,
            per_week: vec![Some(1.0), Some(4.0)],
        }
    }

    fn weeks() -> Vec<Week> {
        vec![
            Week {
                from: day(3),
                to: day(9),
            },
            Week {
                from: day(10),
                to: day(16),
            },
        ]
    }

    #[test]
    fn the_cutoff_is_a_dashed_line_at_its_value_labelled_with_it() {
        let cutoff = Cutoff {
            at: 2.0,
            concerning: Concerning::AtOrBelow,
        };
        let svg = svg(&measure(Some(cutoff)), &weeks());
        // 2 on 1..5 is three quarters of the way down the plot's 90 units.
        assert!(
            svg.contains(r#"<line class="cutoff" x1="26" y1="77.5" x2="332.0" y2="77.5" stroke-dasharray="5 3"/>"#),
            "{svg}"
        );
        assert!(svg.contains(">cutoff 2</text>"), "{svg}");
        assert!(!svg.contains("not in the chart"), "{svg}");
        let without = super::svg(&measure(None), &weeks());
        assert!(!without.contains("cutoff"), "{without}");
    }

    #[test]
    fn each_first_rating_is_a_point_on_the_line_and_an_after_value_sits_beside_it() {
        let svg = svg(&measure(None), &weeks());
        assert_eq!(svg.matches(r#"<circle class="first""#).count(), 2, "{svg}");
        assert_eq!(svg.matches(r#"<circle class="after""#).count(), 1, "{svg}");
        assert_eq!(svg.matches("<polyline").count(), 1, "{svg}");
        assert!(
            svg.contains(">week 1</text>") && svg.contains(">week 2</text>"),
            "{svg}"
        );
        assert!(svg.contains("Mon 3 Nov: 1</title>"), "{svg}");
    }
}
