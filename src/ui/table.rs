//! How every pane's table meets the width it is given: one fitting for all panes, driven
//! by the kind each column declares ([`Fit`]). Key columns (IDs, dates, numbers, marks)
//! are never cut; text columns give way first, the widest first, and end in `…`; an
//! optional column is left out, rightmost first, before a text column gets narrower
//! than its minimum; no column is wider than its widest cell, so room to spare stays at
//! the right. Widths are display cells (East Asian wide characters count two) and a
//! cut never splits a grapheme.

use std::borrow::Cow;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use crate::app::view::{Column, Fit};

/// The blank cells between two columns.
pub const SPACING: u16 = 1;

/// The width in display cells of `text`.
pub fn width(text: &str) -> u16 {
    u16::try_from(UnicodeWidthStr::width(text)).unwrap_or(u16::MAX)
}

/// `text` cut to at most `max` display cells: whole graphemes, then `…` when anything
/// was left out.
pub fn elide(text: &str, max: u16) -> Cow<'_, str> {
    if width(text) <= max {
        return Cow::Borrowed(text);
    }
    let room = usize::from(max.saturating_sub(1));
    let mut used = 0usize;
    let mut out = String::new();
    for g in text.graphemes(true) {
        let w = UnicodeWidthStr::width(g);
        if used + w > room {
            break;
        }
        used += w;
        out.push_str(g);
    }
    if max > 0 {
        out.push('…');
    }
    Cow::Owned(out)
}

/// The width of each column in `width` cells, or `None` for a column left out.
/// `widest[i]` is the width of column `i`'s widest cell (its title aside).
///
/// In order: optional columns are left out, rightmost first, while the columns'
/// floors (a key column's widest cell, a text column's minimum) do not fit; every
/// column starts at its widest cell or title; text columns shrink, the widest first,
/// down to their minimum; key columns shrink to their widest cell (their titles end in
/// `…`); then, on a tiny screen, text columns go down to three cells; and only when
/// even that does not fit is the row cut at the right edge.
pub fn fit(columns: &[Column], widest: &[u16], width: u16) -> Vec<Option<u16>> {
    let n = columns.len();
    let want: Vec<u16> = (0..n)
        .map(|i| {
            let content = widest.get(i).copied().unwrap_or(0);
            content.max(self::width(columns[i].title)).max(1)
        })
        .collect();
    let floor: Vec<u16> = (0..n)
        .map(|i| match columns[i].fit {
            Fit::Key => widest.get(i).copied().unwrap_or(0).max(1),
            Fit::Text { min } => min.min(want[i]).max(1),
        })
        .collect();
    let mut keep = vec![true; n];
    let total = |w: &[u16], keep: &[bool]| -> u32 {
        let cols: Vec<u32> = (0..n)
            .filter(|&i| keep[i])
            .map(|i| u32::from(w[i]))
            .collect();
        let gaps = u32::try_from(cols.len().saturating_sub(1)).unwrap_or(0) * u32::from(SPACING);
        cols.iter().sum::<u32>() + gaps
    };
    while total(&floor, &keep) > u32::from(width) {
        let Some(i) = (0..n).rev().find(|&i| keep[i] && columns[i].optional) else {
            break;
        };
        keep[i] = false;
    }
    let mut w = want.clone();
    let mut over = total(&w, &keep).saturating_sub(u32::from(width));
    // Text columns first, the widest first, each down to its floor.
    shrink_text(columns, &keep, &floor, &mut w, &mut over);
    // Then the titles of key columns wider than their cells, rightmost first.
    for i in (0..n).rev() {
        if over == 0 {
            break;
        }
        if keep[i] && columns[i].fit == Fit::Key {
            let step = u16::try_from(over.min(u32::from(w[i] - floor[i]))).unwrap_or(0);
            w[i] -= step;
            over -= u32::from(step);
        }
    }
    // On a screen too small for the floors, text goes below its minimum before any
    // key is cut; last, the row is cut at the right edge.
    let last: Vec<u16> = want.iter().map(|&x| x.min(TEXT_LEAST)).collect();
    shrink_text(columns, &keep, &last, &mut w, &mut over);
    let mut x = 0u16;
    (0..n)
        .map(|i| {
            if !keep[i] || x >= width {
                return None;
            }
            let cw = w[i].min(width - x);
            x = x.saturating_add(cw).saturating_add(SPACING);
            Some(cw)
        })
        .collect()
}

/// The fewest cells a text column keeps on a screen too small for its minimum: two
/// characters and the `…`.
const TEXT_LEAST: u16 = 3;

/// Narrow the kept text columns of `w` by `over` cells in all, the widest first, none
/// below its `floor`; `over` is left with what could not be taken.
fn shrink_text(columns: &[Column], keep: &[bool], floor: &[u16], w: &mut [u16], over: &mut u32) {
    let n = columns.len();
    while *over > 0 {
        let shrinkable =
            |i: usize| keep[i] && matches!(columns[i].fit, Fit::Text { .. }) && w[i] > floor[i];
        let Some(i) = (0..n).filter(|&i| shrinkable(i)).max_by_key(|&i| w[i]) else {
            break;
        };
        let next = (0..n)
            .filter(|&j| j != i && shrinkable(j))
            .map(|j| w[j])
            .max()
            .unwrap_or(0);
        let target = floor[i].max(next).min(w[i] - 1);
        let step = u16::try_from(u32::from(w[i] - target).min(*over)).unwrap_or(1);
        w[i] -= step;
        *over -= u32::from(step);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn widths(columns: &[Column], widest: &[u16], w: u16) -> Vec<Option<u16>> {
        let out = fit(columns, widest, w);
        let used: u16 = out.iter().flatten().map(|c| c + SPACING).sum();
        assert!(used <= w + SPACING, "{out:?} wider than {w}");
        out
    }

    #[test]
    fn key_columns_keep_their_widest_cell_and_text_gives_way() {
        let cols = [
            Column::key("ID"),
            Column::text("Signal", 8),
            Column::key("Due"),
        ];
        // Everything fits: each column as wide as its widest cell, the rest left over.
        assert_eq!(
            widths(&cols, &[7, 20, 10], 60),
            [Some(7), Some(20), Some(10)]
        );
        // Too narrow: only the text column shrinks.
        assert_eq!(
            widths(&cols, &[7, 20, 10], 30),
            [Some(7), Some(11), Some(10)]
        );
        // Below its minimum only when the keys would not fit otherwise.
        assert_eq!(
            widths(&cols, &[7, 20, 10], 22),
            [Some(7), Some(3), Some(10)]
        );
        // And on a screen too small even for that, the row is cut at the edge.
        assert_eq!(widths(&cols, &[7, 20, 10], 20), [Some(7), Some(3), Some(8)]);
    }

    #[test]
    fn the_widest_text_column_shrinks_first() {
        let cols = [
            Column::text("Contact", 6),
            Column::key("After"),
            Column::text("Channel", 6),
        ];
        assert_eq!(
            widths(&cols, &[30, 6, 12], 40),
            [Some(20), Some(6), Some(12)]
        );
        assert_eq!(
            widths(&cols, &[30, 6, 12], 30),
            [Some(11), Some(6), Some(11)]
        );
    }

    #[test]
    fn optional_columns_go_before_text_gets_below_its_minimum() {
        let cols = [
            Column::key("ID"),
            Column::text("Signal", 10),
            Column::key("Requirement").optional(),
        ];
        // The text column gives way before the optional column's title does.
        assert_eq!(
            widths(&cols, &[7, 30, 7], 30),
            [Some(7), Some(10), Some(11)]
        );
        assert_eq!(widths(&cols, &[7, 30, 7], 26), [Some(7), Some(10), Some(7)]);
        assert_eq!(widths(&cols, &[7, 30, 7], 24), [Some(7), Some(16), None]);
    }

    #[test]
    fn key_titles_wider_than_their_cells_give_way_after_text() {
        let cols = [Column::key("Holidays"), Column::text("Person", 6)];
        assert_eq!(widths(&cols, &[3, 6], 20), [Some(8), Some(6)]);
        assert_eq!(widths(&cols, &[3, 6], 12), [Some(5), Some(6)]);
    }

    #[test]
    fn elision_counts_display_cells_and_keeps_graphemes_whole() {
        assert_eq!(elide("TEL-004", 7), "TEL-004");
        assert_eq!(elide("Synthetic checkout", 10), "Synthetic…");
        // Wide characters count two cells; one that does not fit is left out whole.
        assert_eq!(elide("日本語テキスト", 6), "日本…");
        assert_eq!(width(&elide("日本語テキスト", 6)), 5);
        // A letter with a combining accent and a flag stay whole.
        assert_eq!(elide("e\u{301}e\u{301}e\u{301}", 2), "e\u{301}…");
        assert_eq!(elide("abc", 0), "");
    }
}
