//! Where things go on the screen, as a pure function of the terminal size, so that
//! rendering and mouse hit-testing agree.

use ratatui::layout::Rect;

use super::pane::PaneId;

/// The smallest terminal readyroom draws its panes in.
pub const MIN_SIZE: (u16, u16) = (40, 12);

/// The screen regions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Areas {
    /// Project, verdict and who is on call.
    pub header: Rect,
    /// The pane tabs.
    pub tabs: Rect,
    /// The focused pane's list.
    pub list: Rect,
    /// The detail of the selected row.
    pub detail: Rect,
    /// Status messages, the filter and the command line.
    pub status: Rect,
    /// The keys that work here.
    pub hints: Rect,
    /// True when the terminal is below [`MIN_SIZE`].
    pub too_small: bool,
}

impl Areas {
    /// Where an opened document (and the walkthrough) is read: the list and detail
    /// regions together.
    pub fn reading(&self) -> Rect {
        self.list.union(self.detail)
    }
}

/// Lay out a terminal of `w` × `h` cells.
pub fn areas(w: u16, h: u16) -> Areas {
    let full = Rect::new(0, 0, w, h);
    if w < MIN_SIZE.0 || h < MIN_SIZE.1 {
        return Areas {
            list: full,
            too_small: true,
            ..Areas::default()
        };
    }
    let header = Rect::new(0, 0, w, 1);
    let tabs = Rect::new(0, 1, w, 1);
    let status = Rect::new(0, h - 2, w, 1);
    let hints = Rect::new(0, h - 1, w, 1);
    let body = Rect::new(0, 2, w, h - 4);
    let (list, detail) = if w >= 120 {
        let lw = w * 3 / 5;
        (
            Rect::new(0, body.y, lw, body.height),
            Rect::new(lw, body.y, w - lw, body.height),
        )
    } else {
        let lh = (body.height * 11 / 20).max(6);
        (
            Rect::new(0, body.y, w, lh),
            Rect::new(0, body.y + lh, w, body.height - lh),
        )
    };
    Areas {
        header,
        tabs,
        list,
        detail,
        status,
        hints,
        too_small: false,
    }
}

/// The tab labels and the column each starts at, compact when the screen is narrow.
pub fn tab_labels(width: u16) -> Vec<(PaneId, String, u16)> {
    let short = width < 100;
    let mut x = 0u16;
    PaneId::ALL
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let title = match (short, p) {
                (true, PaneId::Readiness) => "Ready",
                (true, PaneId::Telemetry) => "Telem.",
                (true, PaneId::Documents) => "Docs",
                (true, PaneId::Escalation) => "Escal.",
                _ => p.title(),
            };
            let label = format!(" {} {title} ", i + 1);
            let start = x;
            x += u16::try_from(label.chars().count()).unwrap_or(0);
            (*p, label, start)
        })
        .collect()
}

/// The pane whose tab is at a screen position.
pub fn tab_at(areas: &Areas, column: u16, row: u16) -> Option<PaneId> {
    if areas.too_small || row != areas.tabs.y {
        return None;
    }
    tab_labels(areas.tabs.width)
        .into_iter()
        .find(|(_, label, start)| {
            column >= *start && column < start + u16::try_from(label.chars().count()).unwrap_or(0)
        })
        .map(|(p, _, _)| p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_screens_stack_and_tiny_ones_say_so() {
        let a = areas(80, 24);
        assert!(!a.too_small);
        assert_eq!(a.list.width, 80);
        assert_eq!(a.list.y + a.list.height, a.detail.y);
        assert_eq!(a.hints.y, 23);
        let wide = areas(160, 48);
        assert_eq!(wide.list.y, wide.detail.y);
        assert!(areas(39, 24).too_small);
        assert!(areas(40, 12).list.height >= 6);
    }

    #[test]
    fn tabs_fit_80_columns_and_are_clickable() {
        let labels = tab_labels(80);
        let (_, last, start) = labels.last().unwrap();
        assert!(start + u16::try_from(last.len()).unwrap() <= 80);
        let a = areas(80, 24);
        assert_eq!(tab_at(&a, labels[3].2 + 1, 1), Some(PaneId::Escalation));
        assert_eq!(tab_at(&a, 1, 5), None);
    }
}
