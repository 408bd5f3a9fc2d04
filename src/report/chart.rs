//! The measure chart (`practice::chart`'s model) as a small inline SVG, for the
//! printable report and any page that charts a measure: a therapist sees at a glance
//! where each sitting began, how far it moved within the sitting, and where the
//! pack's cutoff line lies, on the same picture the progress screen draws. It holds
//! numbers, dates and the model's own words only, no text from a pack or the journal,
//! so it needs no escaping.

use std::fmt::Write as _;

use super::markdown::{number, short_day};
use super::{MeasureSummary, Week};
use crate::practice::chart::{Bucket, Chart, Choices, TickKind, chart};

const WIDTH: f64 = 340.0;
const HEIGHT: f64 = 120.0;
const LEFT: f64 = 26.0;
const RIGHT: f64 = 8.0;
const TOP: f64 = 10.0;
const BOTTOM: f64 = 20.0;
/// The room a mark needs across, in the SVG's units: what sets how many fit.
const MARK: f64 = 6.0;
/// The room a tick's label needs across.
const TICK_LABEL: f64 = 34.0;

/// The chart of `measure` over the round's `weeks` (over its sittings' days when
/// the report has no weeks), with the ratings after each sitting too.
pub fn of_round(measure: &MeasureSummary, weeks: &[Week]) -> String {
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
    let model = chart(
        &measure.sittings,
        Some((measure.min, measure.max)),
        measure.cutoff,
        (from, to),
        ((WIDTH - LEFT - RIGHT) / MARK) as usize,
        Choices {
            after: true,
            monthly: false,
        },
    );
    svg(&model)
}

/// Where the chart's points go: its days across, the measure's range up.
fn x(chart: &Chart, at: f64) -> f64 {
    LEFT + at / chart.days * (WIDTH - LEFT - RIGHT)
}

fn y(chart: &Chart, value: f64) -> f64 {
    let span = (chart.high - chart.low).max(1.0);
    TOP + (chart.high - chart.clamped(value)) / span * (HEIGHT - TOP - BOTTOM)
}

/// `chart` as an SVG: each mark's rating before as a point on a line, its rating
/// after (when the chart shows them) lighter above or below it, the cutoff as a
/// dashed line, the range with its labels up the side and the ticks along the bottom.
pub fn svg(chart: &Chart) -> String {
    let mut out = format!(
        r#"<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img"><title>{} from {} to {}</title>"#,
        what(chart),
        short_day(chart.from),
        short_day(chart.to)
    );
    axes(&mut out, chart);
    if let Some(cutoff) = chart.cutoff {
        let y = y(chart, cutoff.at);
        let _ = write!(
            out,
            r#"<line class="cutoff" x1="{LEFT}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke-dasharray="5 3"/><text class="cutoff-label" x="{:.1}" y="{:.1}" text-anchor="end">cutoff {}</text>"#,
            WIDTH - RIGHT,
            WIDTH - RIGHT,
            y - 3.0,
            number(cutoff.at)
        );
    }
    for mark in &chart.marks {
        if let Some(after) = mark.after {
            let x = x(chart, mark.x);
            let _ = write!(
                out,
                r#"<line class="within" x1="{x:.1}" y1="{:.1}" x2="{x:.1}" y2="{:.1}"/><circle class="after" cx="{x:.1}" cy="{:.1}" r="2.5"><title>{}: {} after</title></circle>"#,
                y(chart, mark.before),
                y(chart, after),
                y(chart, after),
                when(chart.bucket, mark.day),
                number(after)
            );
        }
    }
    let points: Vec<String> = chart
        .marks
        .iter()
        .map(|m| format!("{:.1},{:.1}", x(chart, m.x), y(chart, m.before)))
        .collect();
    if points.len() > 1 {
        let _ = write!(
            out,
            r#"<polyline class="first" points="{}"/>"#,
            points.join(" ")
        );
    }
    for mark in &chart.marks {
        let _ = write!(
            out,
            r#"<circle class="first" cx="{:.1}" cy="{:.1}" r="3"><title>{}: {}{}</title></circle>"#,
            x(chart, mark.x),
            y(chart, mark.before),
            when(chart.bucket, mark.day),
            number(mark.before),
            match (chart.bucket, mark.sittings) {
                (Bucket::Sitting, _) | (_, 1) => String::new(),
                (_, n) => format!(" ({n} sittings)"),
            }
        );
    }
    out.push_str("</svg>");
    out
}

/// What the marks are, for the chart's title.
fn what(chart: &Chart) -> String {
    let ratings = if chart.after {
        "Ratings before and after"
    } else {
        "Ratings before"
    };
    format!("{ratings}, {}", chart.bucket.said())
}

/// The day, week or month a mark that begins on `day` stands for.
fn when(bucket: Bucket, day: chrono::NaiveDate) -> String {
    match bucket {
        Bucket::Sitting | Bucket::Day => short_day(day),
        Bucket::Week => format!("week of {}", short_day(day)),
        Bucket::Month => day.format("%B %Y").to_string(),
    }
}

/// The range up the side (a faint line at each whole value of a short scale, labels
/// at whole steps) and the ticks along the bottom, a faint line at each.
fn axes(out: &mut String, chart: &Chart) {
    let bottom = HEIGHT - BOTTOM;
    let right = WIDTH - RIGHT;
    if chart.high - chart.low <= 10.0 {
        for value in chart.y_ticks(11) {
            let y = y(chart, value);
            let _ = write!(
                out,
                r#"<line class="grid" x1="{LEFT}" y1="{y:.1}" x2="{right}" y2="{y:.1}"/>"#
            );
        }
    }
    for value in chart.y_ticks(5) {
        let _ = write!(
            out,
            r#"<text class="tick" x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#,
            LEFT - 4.0,
            y(chart, value) + 3.5,
            number(value)
        );
    }
    let _ = write!(
        out,
        r#"<line class="axis" x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{bottom}"/><line class="axis" x1="{LEFT}" y1="{bottom}" x2="{right}" y2="{bottom}"/>"#
    );
    for tick in chart.ticks_fitting(right - LEFT, TICK_LABEL) {
        let at = x(chart, tick.x);
        if tick.x > 0.0 {
            let _ = write!(
                out,
                r#"<line class="week" x1="{at:.1}" y1="{TOP}" x2="{at:.1}" y2="{bottom}"/>"#
            );
        }
        // A day's label sits under its day; a week's or a month's starts at its line.
        let (at, anchor) = match chart.tick_kind {
            TickKind::Days => (x(chart, tick.x + 0.5), "middle"),
            TickKind::Weeks | TickKind::Months => (at + 2.0, "start"),
        };
        let _ = write!(
            out,
            r#"<text class="tick" x="{at:.1}" y="{:.1}" text-anchor="{anchor}">{}</text>"#,
            HEIGHT - 6.0,
            tick.label
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pack::model::{Concerning, Cutoff};
    use crate::report::Sitting;
    use chrono::NaiveDate;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 11, d).unwrap()
    }

    #[test]
    fn a_range_the_wrong_way_round_is_drawn_not_a_panic() {
        let mut backwards = measure(None);
        (backwards.min, backwards.max) = (5, 1);
        let drawn = of_round(&backwards, &[]);
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
        let svg = of_round(&measure(Some(cutoff)), &weeks());
        // 2 on 1..5 is three quarters of the way down the plot's 90 units.
        assert!(
            svg.contains(r#"<line class="cutoff" x1="26" y1="77.5" x2="332.0" y2="77.5" stroke-dasharray="5 3"/>"#),
            "{svg}"
        );
        assert!(svg.contains(">cutoff 2</text>"), "{svg}");
        assert!(!svg.contains("not in the chart"), "{svg}");
        let without = of_round(&measure(None), &weeks());
        assert!(!without.contains("cutoff"), "{without}");
    }

    #[test]
    fn each_first_rating_is_a_point_on_the_line_and_an_after_value_sits_beside_it() {
        let svg = of_round(&measure(None), &weeks());
        assert_eq!(svg.matches(r#"<circle class="first""#).count(), 2, "{svg}");
        assert_eq!(svg.matches(r#"<circle class="after""#).count(), 1, "{svg}");
        assert_eq!(svg.matches("<polyline").count(), 1, "{svg}");
        // A fortnight is ticked by its days, every second one where all do not fit.
        assert!(
            svg.contains(">Mon 3</text>") && svg.contains(">Wed 5</text>"),
            "{svg}"
        );
        assert!(!svg.contains(">Tue 4</text>"), "{svg}");
        assert!(svg.contains("Mon 3 Nov: 1</title>"), "{svg}");
    }

    #[test]
    fn a_years_model_is_drawn_with_its_month_ticks_range_and_means() {
        use crate::practice::chart::{Choices, chart};
        let sittings: Vec<Sitting> = (0..365)
            .map(|d| Sitting {
                date: NaiveDate::from_ymd_opt(2025, 1, 1).unwrap() + chrono::Duration::days(d),
                first: 2.0,
                last: Some(4.0),
            })
            .collect();
        let year = (
            NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
            NaiveDate::from_ymd_opt(2025, 12, 31).unwrap(),
        );
        let monthly = Choices {
            after: false,
            monthly: true,
        };
        let svg = svg(&chart(&sittings, Some((1, 5)), None, year, 50, monthly));
        // Twelve marks, before only; a tick every month that fits 34 units of 306.
        assert_eq!(svg.matches(r#"<circle class="first""#).count(), 12, "{svg}");
        assert!(!svg.contains(r#"class="after""#), "{svg}");
        assert!(
            svg.contains("January 2025: 2 (31 sittings)</title>"),
            "{svg}"
        );
        for month in [">Jan</text>", ">Mar</text>", ">Nov</text>"] {
            assert!(svg.contains(month), "{month} in {svg}");
        }
        assert!(!svg.contains(">Feb</text>"), "{svg}");
        // The range up the side is the measure's, labelled at each whole value.
        for value in 1..=5 {
            assert!(
                svg.contains(&format!(r#"text-anchor="end">{value}</text>"#)),
                "{svg}"
            );
        }
        assert!(
            svg.contains("<title>Ratings before, monthly means from"),
            "{svg}"
        );
    }
}
