//! Paths into a JSON document (`exercises[2].steps[0].max`) and where they start in
//! the text, so that every problem in a pack can name its line, column and field.

use std::fmt;

use jsonc_parser::ast::Value as Node;
use jsonc_parser::common::Ranged;

/// One step down into a JSON document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// A field of an object.
    Key(String),
    /// An element of an array.
    Index(usize),
}

/// A path from the root of a JSON document down to one value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JsonPath(Vec<Segment>);

impl JsonPath {
    /// The path of the whole document.
    pub fn root() -> Self {
        Self::default()
    }

    /// This path extended by an object field.
    pub fn key(&self, key: &str) -> Self {
        self.with(Segment::Key(key.to_owned()))
    }

    /// This path extended by an array index.
    pub fn index(&self, index: usize) -> Self {
        self.with(Segment::Index(index))
    }

    /// This path extended by one segment.
    pub fn with(&self, segment: Segment) -> Self {
        let mut segments = self.0.clone();
        segments.push(segment);
        Self(segments)
    }

    /// This path extended by all the segments of `tail`.
    pub fn join(&self, tail: &JsonPath) -> Self {
        Self(self.0.iter().chain(&tail.0).cloned().collect())
    }

    /// The segments, from the root down.
    pub fn segments(&self) -> &[Segment] {
        &self.0
    }

    /// Whether this is the path of the whole document.
    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    /// The value at this path in a parsed document, if there is one.
    pub fn lookup<'v>(&self, mut value: &'v serde_json::Value) -> Option<&'v serde_json::Value> {
        for segment in &self.0 {
            value = match segment {
                Segment::Key(key) => value.get(key)?,
                Segment::Index(index) => value.get(index)?,
            };
        }
        Some(value)
    }

    /// The parts of a pack this path is inside, by their ids, in words: for
    /// `exercises[0].steps[2].max`, "exercise `bids-log`", "step `rate`". Only elements
    /// of lists whose elements have ids are named, and only when the id is text.
    pub fn names(&self, mut value: &serde_json::Value) -> Vec<String> {
        let mut names = Vec::new();
        let mut list: Option<&str> = None;
        for segment in &self.0 {
            let next = match segment {
                Segment::Key(key) => {
                    list = Some(key.as_str());
                    value.get(key)
                }
                Segment::Index(index) => {
                    let element = value.get(index);
                    let word = match list {
                        Some("exercises") => Some("exercise"),
                        Some("steps") => Some("step"),
                        Some("measures") => Some("measure"),
                        Some("areas") => Some("area"),
                        Some("dimensions") => Some("dimension"),
                        Some("bands") => Some("band"),
                        Some("items") => Some("item"),
                        Some("regions") => Some("region"),
                        _ => None,
                    };
                    let id = element.and_then(|e| e.get("id")).and_then(|id| id.as_str());
                    if let (Some(word), Some(id)) = (word, id)
                        && !id.trim().is_empty()
                    {
                        names.push(format!("{word} `{id}`"));
                    }
                    list = None;
                    element
                }
            };
            match next {
                Some(next) => value = next,
                None => break,
            }
        }
        names
    }

    /// Line and column (both from 1, columns counted in characters) where the value
    /// at this path starts in `text`; for a path ending in a missing field or element,
    /// the start of the deepest value that exists. A field's position is that of its
    /// name, so that "unknown field" problems point at the name. Keys are compared in
    /// their sanitised form, as paths are built from sanitised documents.
    pub fn locate(&self, text: &str) -> (usize, usize) {
        let options = jsonc_parser::ParseOptions {
            allow_comments: false,
            allow_loose_object_property_names: false,
            allow_trailing_commas: false,
            allow_missing_commas: false,
            allow_single_quoted_strings: false,
            allow_hexadecimal_numbers: false,
            ..jsonc_parser::ParseOptions::default()
        };
        let parsed = jsonc_parser::parse_to_ast(text, &Default::default(), &options);
        let offset = match parsed.ok().and_then(|p| p.value) {
            Some(root) => offset_of(&root, &self.0),
            None => 0,
        };
        line_column(text, offset)
    }
}

fn offset_of(node: &Node<'_>, segments: &[Segment]) -> usize {
    let Some((first, rest)) = segments.split_first() else {
        return node.range().start;
    };
    match (node, first) {
        (Node::Object(object), Segment::Key(key)) => {
            match object
                .properties
                .iter()
                .find(|p| crate::sanitize::text(p.name.as_str()) == key.as_str())
            {
                Some(prop) if rest.is_empty() => prop.range.start,
                Some(prop) => offset_of(&prop.value, rest),
                None => object.range.start,
            }
        }
        (Node::Array(array), Segment::Index(index)) => match array.elements.get(*index) {
            Some(element) => offset_of(element, rest),
            None => array.range.start,
        },
        _ => node.range().start,
    }
}

/// Line and column (from 1; the column in characters) of a byte offset in `text`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.matches('\n').count() + 1;
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

impl fmt::Display for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, segment) in self.0.iter().enumerate() {
            match segment {
                Segment::Key(key) if i == 0 => write!(f, "{key}")?,
                Segment::Key(key) => write!(f, ".{key}")?,
                Segment::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "{\n  \"a\": [1, {\"b\": true}],\n  \"c\": \"x\"\n}";

    #[test]
    fn displays_like_a_field_access() {
        let path = JsonPath::root()
            .key("exercises")
            .index(2)
            .key("steps")
            .index(0);
        assert_eq!(path.key("max").to_string(), "exercises[2].steps[0].max");
        assert_eq!(JsonPath::root().to_string(), "");
    }

    #[test]
    fn locates_values_keys_and_missing_fields() {
        assert_eq!(JsonPath::root().locate(DOC), (1, 1));
        assert_eq!(JsonPath::root().key("a").locate(DOC), (2, 3));
        assert_eq!(JsonPath::root().key("a").index(1).locate(DOC), (2, 12));
        assert_eq!(
            JsonPath::root().key("a").index(1).key("b").locate(DOC),
            (2, 13)
        );
        assert_eq!(JsonPath::root().key("c").locate(DOC), (3, 3));
        // Missing: the deepest existing value.
        assert_eq!(JsonPath::root().key("a").index(9).locate(DOC), (2, 8));
        assert_eq!(JsonPath::root().key("zzz").locate(DOC), (1, 1));
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let doc = "{\"é🙂\": 1, \"k\": 2}";
        assert_eq!(JsonPath::root().key("k").locate(doc), (1, 11));
    }

    #[test]
    fn names_the_parts_a_path_is_in_by_their_ids() {
        let doc: serde_json::Value = serde_json::from_str(
            r#"{"exercises": [{"id": "bids-log", "steps": [{"id": "rate"}, {"id": 3}]}],
                "assignment": {"items": [{"exercise": "x"}]}}"#,
        )
        .unwrap();
        let exercise = JsonPath::root().key("exercises").index(0);
        let step = exercise.key("steps").index(0).key("max");
        assert_eq!(step.names(&doc), ["exercise `bids-log`", "step `rate`"]);
        let unnamed = exercise.key("steps").index(1).key("id");
        assert_eq!(unnamed.names(&doc), ["exercise `bids-log`"]);
        let item = JsonPath::root().key("assignment").key("items").index(0);
        assert!(item.names(&doc).is_empty());
        assert!(
            JsonPath::root()
                .key("exercises")
                .index(7)
                .names(&doc)
                .is_empty()
        );
    }

    #[test]
    fn lookup_follows_keys_and_indices() {
        let value: serde_json::Value = serde_json::from_str(DOC).unwrap();
        let path = JsonPath::root().key("a").index(1).key("b");
        assert_eq!(path.lookup(&value), Some(&serde_json::Value::Bool(true)));
        assert_eq!(JsonPath::root().key("nope").lookup(&value), None);
    }
}
