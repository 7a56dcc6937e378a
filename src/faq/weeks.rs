//! ISO weeks: weekly counts and the trend of an entry against all traffic.

use std::collections::BTreeMap;

use time::{Date, Duration, OffsetDateTime, UtcOffset, Weekday};

use super::entry::{Trend, WeekCount};

/// An ISO week as (ISO year, week number).
pub(crate) type Week = (i32, u8);

/// The ISO week of `t` (in UTC).
pub(crate) fn week_of(t: OffsetDateTime) -> Week {
    let (year, week, _) = t.to_offset(UtcOffset::UTC).date().to_iso_week_date();
    (year, week)
}

/// `2024-W07`.
pub(crate) fn week_label((year, week): Week) -> String {
    format!("{year}-W{week:02}")
}

/// The week of a label written by [`week_label`] (`2024-W07`); `None` for other text (files
/// may be edited by hand).
pub(crate) fn parse_week_label(label: &str) -> Option<Week> {
    let (y, n) = label.split_once("-W")?;
    Some((y.parse().ok()?, n.parse().ok()?))
}

/// Every week from `first` to `last`, inclusive, in order.
pub(crate) fn weeks_between(first: Week, last: Week) -> Vec<Week> {
    let (Ok(mut day), Ok(end)) = (
        Date::from_iso_week_date(first.0, first.1, Weekday::Monday),
        Date::from_iso_week_date(last.0, last.1, Weekday::Monday),
    ) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    // Bounded so that absurd dates in the input cannot make a huge series.
    while day <= end && out.len() < 5_000 {
        let (y, w, _) = day.to_iso_week_date();
        out.push((y, w));
        day = day.saturating_add(Duration::weeks(1));
    }
    out
}

/// An entry's weekly counts from its first to its last week, empty weeks included.
pub(crate) fn weekly_counts(counts: &BTreeMap<Week, u32>) -> Vec<WeekCount> {
    let (Some(first), Some(last)) = (counts.keys().next(), counts.keys().next_back()) else {
        return Vec::new();
    };
    weeks_between(*first, *last)
        .into_iter()
        .map(|w| WeekCount { week: week_label(w), count: counts.get(&w).copied().unwrap_or(0) })
        .collect()
}

/// Growth factor of an entry's share of traffic that counts as rising (its inverse as falling).
const TREND_RATIO: f32 = 1.5;
/// At least this many messages in the window that grew (or shrank) make a trend.
const TREND_MIN_MESSAGES: u32 = 3;

/// The trend of an entry with weekly `counts`, against `totals`, the weekly counts of every
/// question in the corpus. It compares the entry's share of traffic in the latest weeks
/// (up to four, at most half of the span) with its share in as many weeks before. `None`
/// when the corpus spans fewer than two weeks or the entry has no dated message.
pub(crate) fn trend(counts: &BTreeMap<Week, u32>, totals: &BTreeMap<Week, u32>) -> Option<Trend> {
    let (first, last) = (totals.keys().next()?, totals.keys().next_back()?);
    if counts.is_empty() {
        return None;
    }
    let span = weeks_between(*first, *last);
    if span.len() < 2 {
        return None;
    }
    let window = (span.len() / 2).clamp(1, 4);
    let recent = &span[span.len() - window..];
    let before = &span[span.len() - 2 * window..span.len() - window];
    let sum =
        |m: &BTreeMap<Week, u32>, ws: &[Week]| ws.iter().map(|w| m.get(w).copied().unwrap_or(0)).sum::<u32>();
    let (e_recent, e_before) = (sum(counts, recent), sum(counts, before));
    let (t_recent, t_before) = (sum(totals, recent).max(1), sum(totals, before).max(1));
    let share_recent = e_recent as f32 / t_recent as f32;
    let share_before = e_before as f32 / t_before as f32;
    Some(if e_recent >= TREND_MIN_MESSAGES && share_recent >= TREND_RATIO * share_before {
        Trend::Rising
    } else if e_before >= TREND_MIN_MESSAGES && share_recent * TREND_RATIO <= share_before {
        Trend::Falling
    } else {
        Trend::Steady
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn weeks_cross_years_in_iso_numbering() {
        assert_eq!(
            week_of(datetime!(2021-01-03 12:00 UTC)),
            (2020, 53),
            "Jan 3 2021 is in ISO week 2020-W53"
        );
        assert_eq!(weeks_between((2020, 52), (2021, 2)), vec![(2020, 52), (2020, 53), (2021, 1), (2021, 2)]);
        assert_eq!(week_label((2024, 7)), "2024-W07");
    }

    #[test]
    fn trend_follows_the_share_of_traffic() {
        let totals: BTreeMap<Week, u32> = (1..=8).map(|w| ((2024, w), 100)).collect();
        let table: &[(&[u32], Option<Trend>)] = &[
            (&[0, 0, 0, 0, 5, 6, 8, 9], Some(Trend::Rising)),
            (&[9, 8, 6, 5, 1, 0, 0, 0], Some(Trend::Falling)),
            (&[3, 3, 3, 3, 3, 3, 3, 3], Some(Trend::Steady)),
            (&[0, 0, 0, 0, 0, 0, 0, 0], None),
        ];
        for (series, want) in table {
            let counts: BTreeMap<Week, u32> = series
                .iter()
                .enumerate()
                .filter(|(_, &c)| c > 0)
                .map(|(i, &c)| ((2024, i as u8 + 1), c))
                .collect();
            assert_eq!(trend(&counts, &totals), *want, "trend of weekly series {series:?}");
        }
    }
}
