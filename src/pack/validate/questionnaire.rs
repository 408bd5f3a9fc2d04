//! A questionnaire step's consistency: its scale, dimensions whose bands rise inside
//! the scores they can have (the scale for a mean, the total for a sum) and whose
//! measure holds those scores, items that each count toward a dimension, and regions
//! that name bands that exist, no two alike.

use super::Checker;
use crate::pack::json_path::JsonPath;
use crate::pack::model::{Pack, QuestionnaireStep, Score};
use crate::words::number;

impl Checker {
    pub(super) fn questionnaire(&mut self, pack: &Pack, at: &JsonPath, q: &QuestionnaireStep) {
        let scale = at.key("scale");
        self.range(&scale, q.scale.min, q.scale.max);
        self.text(scale.key("min_label"), &q.scale.min_label);
        self.text(scale.key("max_label"), &q.scale.max_label);

        let dimensions = at.key("dimensions");
        if q.dimensions.is_empty() {
            self.problem(
                dimensions.clone(),
                "a questionnaire needs at least one dimension",
            );
        }
        for (d, dimension) in q.dimensions.iter().enumerate() {
            let at_d = dimensions.index(d);
            self.id(at_d.key("id"), &dimension.id);
            self.text(at_d.key("title"), &dimension.title);
            let items = q
                .items
                .iter()
                .filter(|i| i.dimension == dimension.id)
                .count();
            if items == 0 {
                self.problem(
                    at_d.key("id"),
                    format!("no item counts toward the dimension `{}`", dimension.id),
                );
            }
            let (low, high) = dimension.score.range(items, q.scale.min, q.scale.max);
            // How the scores are made, in words, for the messages below.
            let how = match dimension.score {
                Score::Mean => format!(
                    "the mean of items answered {} to {}",
                    q.scale.min, q.scale.max
                ),
                Score::Sum => format!(
                    "the sum of {} answered {} to {}",
                    crate::words::count(items, "item", "items"),
                    q.scale.min,
                    q.scale.max
                ),
            };
            let inside = match dimension.score {
                Score::Mean => "inside the scale".to_owned(),
                Score::Sum => format!("inside the dimension's total ({how})"),
            };
            if let (Some(id), true) = (&dimension.measure, items > 0) {
                self.measure_use(pack, &at_d, id, |m| {
                    if m.min as f64 <= low && high <= m.max as f64 {
                        Ok(())
                    } else {
                        Err(format!(
                            "the measure `{id}` goes from {} to {}, but this dimension's \
                             scores go from {} to {} ({how}); record them in a measure \
                             whose range holds them",
                            m.min,
                            m.max,
                            number(low),
                            number(high),
                        ))
                    }
                });
            }
            let bands = at_d.key("bands");
            if dimension.bands.is_empty() {
                self.problem(bands.clone(), "a dimension needs at least one band");
            }
            let mut previous: Option<f64> = None;
            let last = dimension.bands.len().saturating_sub(1);
            for (b, band) in dimension.bands.iter().enumerate() {
                let at_b = bands.index(b);
                self.id(at_b.key("id"), &band.id);
                self.text(at_b.key("title"), &band.title);
                self.text(at_b.key("text"), &band.text);
                match (band.up_to, b == last) {
                    (Some(_), true) => self.problem(
                        at_b.key("up_to"),
                        "the last band takes every score above the others, so it has no `up_to`",
                    ),
                    (None, false) => self.problem(
                        at_b.clone(),
                        "every band but the last needs `up_to`, the highest score it includes",
                    ),
                    (Some(up_to), false) => {
                        if !(low..high).contains(&up_to) {
                            self.problem(
                                at_b.key("up_to"),
                                format!(
                                    "`up_to` ({up_to}) must be at least {} and below {}, {inside}",
                                    number(low),
                                    number(high)
                                ),
                            );
                        } else if previous.is_some_and(|p| up_to <= p) {
                            self.problem(
                                at_b.key("up_to"),
                                format!("`up_to` ({up_to}) must be higher than the band before it"),
                            );
                        }
                        previous = Some(up_to);
                    }
                    (None, true) => {}
                }
            }
            self.unique(
                &bands,
                "id",
                "band id",
                dimension.bands.iter().map(|b| b.id.as_str()),
            );
        }
        self.unique(
            &dimensions,
            "id",
            "dimension id",
            q.dimensions.iter().map(|d| d.id.as_str()),
        );

        let items = at.key("items");
        if q.items.is_empty() {
            self.problem(items.clone(), "a questionnaire needs at least one item");
        }
        for (i, item) in q.items.iter().enumerate() {
            let at_i = items.index(i);
            self.id(at_i.key("id"), &item.id);
            self.text(at_i.key("text"), &item.text);
            if !q.dimensions.iter().any(|d| d.id == item.dimension) {
                self.problem(
                    at_i.key("dimension"),
                    format!(
                        "there is no dimension `{}` in this questionnaire",
                        item.dimension
                    ),
                );
            }
        }
        self.unique(
            &items,
            "id",
            "item id",
            q.items.iter().map(|i| i.id.as_str()),
        );

        let regions = at.key("regions");
        for (r, region) in q.regions.iter().enumerate() {
            let at_r = regions.index(r);
            self.id(at_r.key("id"), &region.id);
            self.text(at_r.key("title"), &region.title);
            self.text(at_r.key("text"), &region.text);
            if region.when.is_empty() {
                self.problem(
                    at_r.key("when"),
                    "`when` must name at least one dimension and its band",
                );
            }
            for (dimension_id, band_id) in &region.when {
                let at_w = at_r.key("when").key(dimension_id);
                match q.dimensions.iter().find(|d| &d.id == dimension_id) {
                    None => self.problem(
                        at_w,
                        format!("there is no dimension `{dimension_id}` in this questionnaire"),
                    ),
                    Some(d) if !d.bands.iter().any(|b| &b.id == band_id) => self.problem(
                        at_w,
                        format!("the dimension `{dimension_id}` has no band `{band_id}`"),
                    ),
                    Some(_) => {}
                }
            }
            if let Some(first) = q.regions[..r].iter().position(|o| o.when == region.when) {
                self.problem(
                    at_r.key("when"),
                    format!(
                        "this `when` is the same as that of {}",
                        regions.index(first)
                    ),
                );
            }
        }
        self.unique(
            &regions,
            "id",
            "region id",
            q.regions.iter().map(|r| r.id.as_str()),
        );
    }
}
