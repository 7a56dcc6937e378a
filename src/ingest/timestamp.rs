//! Timestamps as exports write them.

use time::format_description::well_known::{Rfc2822, Rfc3339};
use time::macros::format_description;
use time::{OffsetDateTime, PrimitiveDateTime};

/// Parses a timestamp as support tools export it: RFC 3339 (`2024-06-03T10:00:00Z`), the
/// same without an offset or with a space for `T` (read as UTC), RFC 2822 (email dates), or
/// Unix time in seconds or milliseconds. `None` when it is none of these.
///
/// ```
/// use faqmine::ingest::parse_timestamp;
/// let a = parse_timestamp("2024-06-03T10:00:00Z").unwrap();
/// assert_eq!(parse_timestamp("2024-06-03 10:00:00"), Some(a));
/// assert_eq!(parse_timestamp("1717408800"), Some(a));
/// assert_eq!(parse_timestamp("yesterday"), None);
/// ```
pub fn parse_timestamp(s: &str) -> Option<OffsetDateTime> {
    let s = s.trim();
    if s.is_empty() || s.len() > 64 {
        return None;
    }
    if let Ok(t) = OffsetDateTime::parse(s, &Rfc3339) {
        return Some(t);
    }
    if s.bytes().all(|b| b.is_ascii_digit()) {
        let n: i64 = s.parse().ok()?;
        // Seconds until the year 5138; beyond that the number is milliseconds.
        let secs = if n > 100_000_000_000 { n / 1000 } else { n };
        return OffsetDateTime::from_unix_timestamp(secs).ok();
    }
    let naive = [
        format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]"),
        format_description!("[year]-[month]-[day] [hour]:[minute]:[second]"),
        format_description!("[year]-[month]-[day]T[hour]:[minute]"),
        format_description!("[year]-[month]-[day] [hour]:[minute]"),
    ];
    // Fractions of a second are dropped before the naive formats are tried.
    let base = s.split('.').next().unwrap_or(s);
    for f in naive {
        if let Ok(t) = PrimitiveDateTime::parse(base, &f) {
            return Some(t.assume_utc());
        }
    }
    if let Ok(d) = time::Date::parse(s, format_description!("[year]-[month]-[day]")) {
        return Some(d.midnight().assume_utc());
    }
    OffsetDateTime::parse(s, &Rfc2822).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_seen_in_exports() {
        let t = parse_timestamp("2024-06-03T10:00:00Z").unwrap();
        let cases = [
            "2024-06-03T12:00:00+02:00",
            "2024-06-03T10:00:00",
            "2024-06-03 10:00:00",
            "2024-06-03T10:00:00.123",
            "1717408800",
            "1717408800000",
            "Mon, 03 Jun 2024 10:00:00 +0000",
        ];
        for c in cases {
            assert_eq!(parse_timestamp(c), Some(t), "timestamp `{c}` should read as {t}");
        }
        for bad in ["", "soon", "2024-13-45", "99999999999999999999999", "2024-06-03T10:00:00+99:00"] {
            assert_eq!(parse_timestamp(bad), None, "`{bad}` is not a timestamp");
        }
    }
}
