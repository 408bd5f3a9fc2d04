//! Text that many entries repeat (prompts, labels, exercise titles, areas, tags),
//! kept once in memory however many entries carry it.
//!
//! Every answer stores the prompt it answered, so a journal of 100,000 exercises holds
//! the same few hundred prompts over and over. While a journal loads, equal texts are
//! shared through an interner; on disk and in every API they are plain strings.

use std::cell::RefCell;
use std::collections::HashSet;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An immutable string that may be shared between entries.
///
/// One pointer wide (an `Arc` of a boxed `str`, not the two words of an `Arc<str>`):
/// every answer holds two or more of these, and at 100,000 entries each word they
/// take is about 4 MB that a start must get fresh from the system. The second
/// indirection costs nothing that shows, as the texts themselves are few.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct SharedText(Arc<Box<str>>);

const _: () = assert!(size_of::<SharedText>() == size_of::<usize>());

/// The set of texts read so far. Hashed with foldhash, not SipHash: hashing every
/// prompt of every entry took a seventh of the journal's load time (the texts are the
/// user's own, so a hash built against flooding buys nothing here).
type TextSet = HashSet<SharedText, foldhash::fast::RandomState>;

thread_local! {
    static INTERNER: RefCell<Option<TextSet>> = const { RefCell::new(None) };
}

/// A set of shared texts that can be made active on a thread, so that texts read
/// there are shared with those read before; kept between runs.
#[derive(Debug, Default)]
pub struct Interner(TextSet);

impl Interner {
    /// Runs `f` with this interner active on the current thread.
    pub fn run<R>(&mut self, f: impl FnOnce() -> R) -> R {
        let set = std::mem::take(&mut self.0);
        let outer = INTERNER.with(|i| i.borrow_mut().replace(set));
        let result = f();
        self.0 = INTERNER
            .with(|i| std::mem::replace(&mut *i.borrow_mut(), outer))
            .unwrap_or_default();
        result
    }
}

/// Runs `f` with a fresh interner active on this thread, so every [`SharedText`] read
/// during `f` shares storage with equal ones.
pub fn interning<R>(f: impl FnOnce() -> R) -> R {
    Interner::default().run(f)
}

impl SharedText {
    /// The text, shared with an equal one already read if an interner is active.
    pub fn new(text: &str) -> Self {
        INTERNER.with(|interner| match interner.borrow_mut().as_mut() {
            Some(set) => match set.get(text) {
                Some(shared) => shared.clone(),
                None => {
                    let shared = Self::unshared(text);
                    set.insert(shared.clone());
                    shared
                }
            },
            None => Self::unshared(text),
        })
    }

    fn unshared(text: &str) -> Self {
        Self(Arc::new(text.into()))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Lets the interner find a text by its `str`; hashes and compares as the `str` does.
impl std::borrow::Borrow<str> for SharedText {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

/// The texts joined with `separator`.
pub fn join(texts: &[SharedText], separator: &str) -> String {
    texts
        .iter()
        .map(SharedText::as_str)
        .collect::<Vec<_>>()
        .join(separator)
}

impl Deref for SharedText {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for SharedText {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl From<&str> for SharedText {
    fn from(text: &str) -> Self {
        Self::new(text)
    }
}

impl From<String> for SharedText {
    fn from(text: String) -> Self {
        Self::new(&text)
    }
}

impl From<&String> for SharedText {
    fn from(text: &String) -> Self {
        Self::new(text)
    }
}

impl PartialEq<str> for SharedText {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for SharedText {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for SharedText {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl fmt::Debug for SharedText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for SharedText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for SharedText {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for SharedText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = SharedText;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }

            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<SharedText, E> {
                Ok(SharedText::new(text))
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_texts_share_storage_while_interning() {
        let (a, b) = interning(|| {
            let a: SharedText = serde_json::from_str("\"How strong is it?\"").unwrap();
            let b: SharedText = serde_json::from_str("\"How strong is it?\"").unwrap();
            (a, b)
        });
        assert!(Arc::ptr_eq(&a.0, &b.0));
        assert_eq!(a, "How strong is it?");
        assert_eq!(serde_json::to_string(&b).unwrap(), "\"How strong is it?\"");
        let c = SharedText::new("How strong is it?");
        assert!(!Arc::ptr_eq(&a.0, &c.0), "no interner outside `interning`");
    }
}
