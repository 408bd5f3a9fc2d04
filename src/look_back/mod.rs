//! The look back as a page a person re-reads or prints: [`page`] puts the words of a
//! [`LookBack`](crate::practice::look_back::LookBack) into headed sections of
//! paragraphs, lists, tables and charts, which `markdown.rs` and `html.rs` write the
//! same way, so the two forms cannot say different things.

mod html;
mod markdown;
mod words;

pub use html::html;
pub use markdown::markdown;
pub use words::page;

/// A page: a title, a few lines about it, and its sections.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// The title.
    pub title: String,
    /// What the page covers and what it left out.
    pub about: Vec<String>,
    /// The sections, in order.
    pub sections: Vec<Section>,
}

/// A headed part of the page.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// The heading.
    pub heading: String,
    /// What it holds, in order.
    pub blocks: Vec<Block>,
}

/// One piece of a section.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A paragraph.
    Paragraph(String),
    /// A list; an item may have items of its own.
    List(Vec<Item>),
    /// A table: the header row, then the rows.
    Table {
        /// The column headings.
        head: Vec<String>,
        /// The rows, each as many cells as the head.
        rows: Vec<Vec<String>>,
    },
    /// A measure month by month: drawn as a chart in HTML (the report's chart, of
    /// monthly means); its words are a paragraph before it.
    Chart(Box<crate::practice::chart::Chart>),
}

/// A list item.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// Its words.
    pub text: String,
    /// Items under it.
    pub items: Vec<String>,
}
