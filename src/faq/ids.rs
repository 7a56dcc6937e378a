//! Stable ids: derived from content, never from run order.

use std::collections::BTreeSet;

/// A short id derived from text (FNV-1a, 64 bits, hex), stable across runs and platforms.
pub fn content_id(text: &str) -> String {
    prefixed_id("faq", text)
}

/// `prefix-` and 12 hex digits of the FNV-1a hash of `text`.
fn prefixed_id(prefix: &str, text: &str) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in text.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x100000001b3);
    }
    format!("{prefix}-{:012x}", h >> 16)
}

/// A content id for `seed` that is not in `taken` (adding `#2`, `#3` ... to the seed on a
/// collision), recorded in `taken`. Callers give seeds in a deterministic order.
pub(crate) fn unique_id(seed: &str, taken: &mut BTreeSet<String>) -> String {
    unique_prefixed_id("faq", seed, taken)
}

/// A topic id (`topic-` and 12 hex digits) for `seed` that is not in `taken`, as
/// [`unique_id`] does for entries.
pub(crate) fn unique_topic_id(seed: &str, taken: &mut BTreeSet<String>) -> String {
    unique_prefixed_id("topic", seed, taken)
}

fn unique_prefixed_id(prefix: &str, seed: &str, taken: &mut BTreeSet<String>) -> String {
    let mut id = prefixed_id(prefix, seed);
    let mut n = 2;
    while taken.contains(&id) {
        id = prefixed_id(prefix, &format!("{seed}#{n}"));
        n += 1;
    }
    taken.insert(id.clone());
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_depend_on_content_only() {
        assert_eq!(content_id("password reset"), content_id("password reset"));
        assert_ne!(content_id("password reset"), content_id("reset card"));
        assert!(
            content_id("").starts_with("faq-") && content_id("").len() == 16,
            "ids look like faq-<12 hex>"
        );
    }

    #[test]
    fn collisions_get_a_different_but_stable_id() {
        let mut taken = BTreeSet::new();
        let a = unique_id("x", &mut taken);
        let b = unique_id("x", &mut taken);
        assert_ne!(a, b);
        let mut again = BTreeSet::new();
        assert_eq!((unique_id("x", &mut again), unique_id("x", &mut again)), (a, b), "same seeds, same ids");
    }
}
