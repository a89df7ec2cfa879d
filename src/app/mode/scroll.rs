//! The one way a popup whose text may not fit scrolls: help, the handover note, a
//! confirmation (and a diff shown for reading), the conflict dialog and the message
//! log each keep a [`Scroll`] and react to the same [`KEYS`]. Where each popup sits and
//! how its text wraps are pure functions of the screen, shared with the drawing, so the
//! keys stop at the last line and the "more below" marks tell the truth.

use ratatui::layout::Rect;

use crate::app::{Action, App, Mode};

/// The scroll keys of every popup that scrolls: a line, half a page, a page, the ends.
pub const KEYS: &[Action] = &[
    Action::Down,
    Action::Up,
    Action::HalfPageDown,
    Action::HalfPageUp,
    Action::PageDown,
    Action::PageUp,
    Action::Top,
    Action::Bottom,
];

/// How far a popup's text is scrolled: the first row shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Scroll {
    /// The first row shown (0 is the top).
    pub offset: usize,
}

impl Scroll {
    /// Scrolled to the last page (clamped to the text when drawn or moved).
    pub const BOTTOM: Scroll = Scroll { offset: usize::MAX };

    /// Move by a scroll action over `rows` rows of text of which `shown` fit; false
    /// when `action` is not one of [`KEYS`].
    pub fn apply(&mut self, action: Action, rows: usize, shown: usize) -> bool {
        let shown = shown.max(1);
        let last = rows.saturating_sub(shown);
        let at = self.offset.min(last);
        let half = shown.div_ceil(2);
        self.offset = match action {
            Action::Down => at + 1,
            Action::Up => at.saturating_sub(1),
            Action::HalfPageDown => at + half,
            Action::HalfPageUp => at.saturating_sub(half),
            Action::PageDown => at + shown,
            Action::PageUp => at.saturating_sub(shown),
            Action::Top => 0,
            Action::Bottom => last,
            _ => return false,
        }
        .min(last);
        true
    }

    /// The first row shown of `rows` rows of which `shown` fit.
    pub fn first(self, rows: usize, shown: usize) -> usize {
        self.offset.min(rows.saturating_sub(shown))
    }

    /// True when rows above the first shown are hidden.
    pub fn more_above(self, rows: usize, shown: usize) -> bool {
        self.first(rows, shown) > 0
    }

    /// True when rows below the last shown are hidden.
    pub fn more_below(self, rows: usize, shown: usize) -> bool {
        self.first(rows, shown) + shown < rows
    }
}

/// Where a popup sits on the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    /// The widest it gets, border included.
    pub max_width: u16,
    /// Columns left free beside it (both sides together).
    pub margin: u16,
    /// True when it takes the whole height (less a row above and below), however
    /// short its text.
    pub fill: bool,
}

/// The help screen's shape.
pub const HELP: Shape = Shape {
    max_width: 96,
    margin: 0,
    fill: false,
};
/// The handover note's shape.
pub const HANDOVER: Shape = Shape {
    max_width: u16::MAX,
    margin: 2,
    fill: true,
};
/// A confirmation's shape.
pub const CONFIRM: Shape = Shape {
    max_width: 120,
    margin: 4,
    fill: false,
};
/// The conflict dialog's shape.
pub const CONFLICT: Shape = Shape {
    max_width: 100,
    margin: 4,
    fill: false,
};
/// The message log's shape.
pub const MESSAGES: Shape = Shape {
    max_width: 120,
    margin: 4,
    fill: false,
};

impl Shape {
    /// Columns inside the border on `screen`.
    pub fn text_width(self, screen: Rect) -> usize {
        usize::from(self.width(screen).saturating_sub(2)).max(1)
    }

    fn width(self, screen: Rect) -> u16 {
        screen.width.saturating_sub(self.margin).min(self.max_width)
    }

    /// The popup's rectangle for `rows` rows of text, centred on `screen`.
    pub fn area(self, screen: Rect, rows: usize) -> Rect {
        let most = screen.height.saturating_sub(2);
        let h = if self.fill {
            most
        } else {
            u16::try_from(rows + 2).unwrap_or(u16::MAX).min(most)
        };
        centered(screen, self.width(screen), h)
    }

    /// Rows of text shown at once, of `rows`.
    pub fn shown(self, screen: Rect, rows: usize) -> usize {
        usize::from(self.area(screen, rows).height.saturating_sub(2)).max(1)
    }
}

/// A rectangle of `w` × `h` centred on the screen.
pub fn centered(screen: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(screen.width);
    let h = h.min(screen.height);
    Rect::new(
        screen.x + (screen.width - w) / 2,
        screen.y + (screen.height - h) / 2,
        w,
        h,
    )
}

/// `lines` wrapped to `width` columns: each row with the index of the line it comes
/// from. Lines break between words where they can, inside a word where they must; a
/// continuation row hangs four columns in from its line's own indent, so it never reads
/// as a new line; an empty line is one empty row.
pub fn wrap(lines: &[String], width: usize) -> Vec<(usize, String)> {
    let width = width.max(1);
    let mut rows = Vec::new();
    for (n, line) in lines.iter().enumerate() {
        if line.is_empty() {
            rows.push((n, String::new()));
            continue;
        }
        let lead = line.len() - line.trim_start_matches(' ').len();
        let hang = " ".repeat((lead + 4).min(width / 2));
        let options = textwrap::Options::new(width)
            .subsequent_indent(&hang)
            .word_splitter(textwrap::WordSplitter::NoHyphenation);
        rows.extend(
            textwrap::wrap(line, options)
                .into_iter()
                .map(|row| (n, row.into_owned())),
        );
    }
    rows
}

impl App {
    /// The screen as a rectangle, for the popups' shapes.
    pub fn screen(&self) -> Rect {
        Rect::new(0, 0, self.size.0, self.size.1)
    }

    /// The text of the scrolling popup on screen as lines, and its shape; `None` when
    /// no such popup is open (help has lines of its own, see [`super::help::entries`]).
    pub fn popup_text(&self) -> Option<(Vec<String>, Shape)> {
        match &self.mode {
            Mode::Handover { lines, .. } => Some((lines.clone(), HANDOVER)),
            Mode::Confirm(c) => Some((c.lines(), CONFIRM)),
            Mode::Conflict(c) => Some((c.message.lines().map(str::to_string).collect(), CONFLICT)),
            Mode::Messages(_) => Some((self.message_lines(), MESSAGES)),
            _ => None,
        }
    }

    /// Rows of text of the scrolling popup on screen, and how many of them fit.
    pub fn popup_extent(&self) -> (usize, usize) {
        let screen = self.screen();
        if let Mode::Help(_) = self.mode {
            let rows = super::help::entries(self).len();
            return (rows, HELP.shown(screen, rows));
        }
        match self.popup_text() {
            Some((lines, shape)) => {
                let rows = wrap(&lines, shape.text_width(screen)).len();
                (rows, shape.shown(screen, rows))
            }
            None => (0, 1),
        }
    }

    /// Scroll the popup on screen by `action`, if it is a scroll key of a popup that
    /// scrolls; true when it was.
    pub fn scroll_popup(&mut self, action: Option<Action>) -> bool {
        let Some(action) = action.filter(|a| KEYS.contains(a)) else {
            return false;
        };
        let (rows, shown) = self.popup_extent();
        let scroll = match &mut self.mode {
            Mode::Help(s) | Mode::Messages(s) | Mode::Handover { scroll: s, .. } => s,
            Mode::Confirm(c) => &mut c.scroll,
            Mode::Conflict(c) => &mut c.scroll,
            _ => return false,
        };
        scroll.apply(action, rows, shown)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_breaks_after_spaces_and_inside_long_words() {
        let lines = vec![
            "one two three".to_string(),
            String::new(),
            "abcdefgh".into(),
        ];
        let rows: Vec<String> = wrap(&lines, 8).into_iter().map(|(_, r)| r).collect();
        assert_eq!(rows, ["one two", "    thre", "    e", "", "abcdefgh"]);
        let rows: Vec<(usize, String)> = wrap(&["abcdefghij".to_string()], 4);
        assert_eq!(
            rows,
            [
                (0, "abcd".into()),
                (0, "  ef".into()),
                (0, "  gh".into()),
                (0, "  ij".into())
            ]
        );
        let rows: Vec<String> = wrap(&["  + ID  a long line".to_string()], 12)
            .into_iter()
            .map(|(_, r)| r)
            .collect();
        assert_eq!(rows, ["  + ID  a", "      long", "      line"]);
    }

    #[test]
    fn scrolling_stops_at_both_ends() {
        let mut s = Scroll::default();
        assert!(s.apply(Action::Up, 30, 10));
        assert_eq!(s.offset, 0);
        s.apply(Action::HalfPageDown, 30, 10);
        assert_eq!(s.offset, 5);
        s.apply(Action::PageDown, 30, 10);
        assert_eq!(s.offset, 15);
        s.apply(Action::PageDown, 30, 10);
        assert_eq!(s.offset, 20);
        assert!(!s.more_below(30, 10) && s.more_above(30, 10));
        s.apply(Action::Top, 30, 10);
        assert!(s.more_below(30, 10) && !s.more_above(30, 10));
        assert!(!s.apply(Action::Enter, 30, 10));
        let mut bottom = Scroll::BOTTOM;
        bottom.apply(Action::Up, 30, 10);
        assert_eq!(bottom.offset, 19);
    }
}
