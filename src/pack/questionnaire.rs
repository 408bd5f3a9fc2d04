//! Scoring a questionnaire: the app computes, the pack only defines.
//!
//! The results are plain data so a journal entry can keep them as they were scored,
//! whatever later happens to the pack.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::model::{QuestionnaireStep, Score};

/// The score of one dimension and the band it falls in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DimensionScore {
    /// The dimension's id.
    pub id: String,
    /// The dimension's title.
    pub title: String,
    /// The mean or the sum of the dimension's item values, as the dimension says
    /// (reverse-scored items flipped).
    pub score: f64,
    /// The measure the score records, if the dimension names one; kept here so the
    /// entry charts the same whatever later happens to the pack (absent in entries
    /// saved before dimensions could record a measure).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measure: Option<String>,
    /// The id of the band the score falls in.
    pub band: String,
    /// The band's title.
    pub band_title: String,
    /// The band's words for reflection.
    pub band_text: String,
}

/// The region whose bands all match.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegionResult {
    /// The region's id.
    pub id: String,
    /// The region's title.
    pub title: String,
    /// The region's words for reflection.
    pub text: String,
}

/// A scored questionnaire.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scores {
    /// One score per dimension, in the questionnaire's order.
    pub dimensions: Vec<DimensionScore>,
    /// The first region that matches, if any does.
    pub region: Option<RegionResult>,
}

/// The heading of a questionnaire's result: what it is, and what it is not.
pub const RESULTS_HEADING: &str =
    "What your answers suggest — a starting point for reflection, not a diagnosis";

impl Scores {
    /// What the scores suggest, as headings each with its words: every dimension
    /// with its score and band, then the region. The app's result page and the
    /// linear mode both say it so.
    pub fn in_words(&self) -> Vec<(String, String)> {
        self.dimensions
            .iter()
            .map(|d| {
                (
                    format!("{}: {:.1} ({})", d.title, d.score, d.band_title),
                    d.band_text.clone(),
                )
            })
            .chain(
                self.region
                    .iter()
                    .map(|region| (region.title.clone(), region.text.clone())),
            )
            .collect()
    }
}

/// Why answers could not be scored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScoreError {
    /// Some items have no answer.
    #[error("{} item(s) have no answer yet: {}", .0.len(), .0.join(", "))]
    Unanswered(Vec<String>),
    /// An answer lies outside the questionnaire's scale.
    #[error("the answer {value} to item `{item}` is outside the scale")]
    OutOfScale {
        /// The item's id.
        item: String,
        /// The answer given.
        value: i64,
    },
}

impl QuestionnaireStep {
    /// Scores `answers` (item id → answer on the shared scale). Every item needs an
    /// answer inside the scale; the pack has been validated, so every dimension has
    /// items and bands.
    pub fn score(&self, answers: &BTreeMap<String, i64>) -> Result<Scores, ScoreError> {
        let unanswered: Vec<String> = self
            .items
            .iter()
            .filter(|item| !answers.contains_key(&item.id))
            .map(|item| item.id.clone())
            .collect();
        if !unanswered.is_empty() {
            return Err(ScoreError::Unanswered(unanswered));
        }
        let (min, max) = (self.scale.min, self.scale.max);
        let mut dimensions = Vec::with_capacity(self.dimensions.len());
        for dimension in &self.dimensions {
            let mut values = Vec::new();
            for item in self.items.iter().filter(|i| i.dimension == dimension.id) {
                let value = answers[&item.id];
                if !(min..=max).contains(&value) {
                    return Err(ScoreError::OutOfScale {
                        item: item.id.clone(),
                        value,
                    });
                }
                values.push(if item.reverse {
                    min + max - value
                } else {
                    value
                });
            }
            let total = values.iter().sum::<i64>() as f64;
            let score = match dimension.score {
                Score::Mean => total / values.len().max(1) as f64,
                Score::Sum => total,
            };
            let Some(band) = dimension
                .bands
                .iter()
                .find(|b| b.up_to.is_none_or(|up_to| score <= up_to))
            else {
                continue;
            };
            dimensions.push(DimensionScore {
                id: dimension.id.clone(),
                title: dimension.title.clone(),
                score,
                measure: dimension.measure.clone(),
                band: band.id.clone(),
                band_title: band.title.clone(),
                band_text: band.text.clone(),
            });
        }
        let region = self
            .regions
            .iter()
            .find(|region| {
                region.when.iter().all(|(dimension, band)| {
                    dimensions
                        .iter()
                        .any(|d| &d.id == dimension && &d.band == band)
                })
            })
            .map(|region| RegionResult {
                id: region.id.clone(),
                title: region.title.clone(),
                text: region.text.clone(),
            });
        Ok(Scores { dimensions, region })
    }
}
