//! Ruled tables whose rows grow to fit wrapped text. A row is never split
//! across pages, and the header row is repeated at the top of every page
//! the table reaches, as on a paper register.

use super::composer::{Align, Composer, Span, LEADING};
use super::fonts::Style;
use super::wrap::wrap;

pub struct Column {
    pub title: String,
    /// Share of the table's width, relative to the other columns.
    pub weight: f32,
    pub align: Align,
}

impl Column {
    pub fn new(title: impl Into<String>, weight: f32, align: Align) -> Self {
        Self {
            title: title.into(),
            weight,
            align,
        }
    }
}

/// Inner padding of a cell, in points.
const PAD: f32 = 2.5;

pub struct Table {
    columns: Vec<Column>,
    size: f32,
    /// Left edge of each column, then the table's right edge.
    edges: Vec<f32>,
    /// Where the table's part on the current page starts: the column rules
    /// are drawn once per page, from here to the last row, rather than
    /// once per row.
    segment_top: Option<f32>,
}

/// A row laid out: each cell's lines and the row's height.
struct Measured {
    lines: Vec<Vec<String>>,
    height: f32,
}

impl Table {
    /// Columns share the composer's full content width by weight.
    pub fn new(composer: &Composer, columns: Vec<Column>, size: f32) -> Self {
        let total: f32 = columns
            .iter()
            .map(|c| c.weight)
            .sum::<f32>()
            .max(f32::EPSILON);
        let width = composer.content_width();
        let mut edges = Vec::with_capacity(columns.len() + 1);
        let mut x = composer.left();
        for column in &columns {
            edges.push(x);
            x += width * column.weight / total;
        }
        edges.push(x);
        Self {
            columns,
            size,
            edges,
            segment_top: None,
        }
    }

    fn cell_width(&self, index: usize) -> f32 {
        self.edges[index + 1] - self.edges[index] - 2.0 * PAD
    }

    fn measure<S: AsRef<str>>(&self, composer: &Composer, cells: &[S], style: Style) -> Measured {
        let face = composer.face(style);
        let lines: Vec<Vec<String>> = (0..self.columns.len())
            .map(|i| {
                let text = cells.get(i).map_or("", AsRef::as_ref);
                wrap(face, text, self.size, self.cell_width(i))
            })
            .collect();
        let count = lines.iter().map(Vec::len).max().unwrap_or(1).max(1);
        Measured {
            lines,
            height: count as f32 * self.size * LEADING + 2.0 * PAD,
        }
    }

    fn draw(&self, composer: &mut Composer, measured: &Measured, style: Style, header: bool) {
        let top = composer.y();
        let bottom = top + measured.height;
        let left = self.edges[0];
        let right = self.edges[self.edges.len() - 1];
        if header {
            composer.rule(left, top, right, top);
        }
        composer.rule(left, bottom, right, bottom);
        let align = |index: usize| {
            if header {
                Align::Center
            } else {
                self.columns[index].align
            }
        };
        let span = |index: usize| {
            Span::new(
                self.edges[index] + PAD,
                self.cell_width(index),
                align(index),
            )
        };
        let depth = measured.lines.iter().map(Vec::len).max().unwrap_or(0);
        if depth == 1 {
            // One text run across the row's cells: two operations instead
            // of two per cell.
            let pieces: Vec<(f32, &str)> = measured
                .lines
                .iter()
                .enumerate()
                .filter_map(|(index, lines)| {
                    let line = lines.first()?;
                    Some((
                        composer.aligned_x(span(index), style, self.size, line),
                        line.as_str(),
                    ))
                })
                .collect();
            composer.run(top + PAD, style, self.size, &pieces);
        } else {
            // Cell by cell, so a wrapped name reads on as one text.
            for (index, lines) in measured.lines.iter().enumerate() {
                for (line_no, line) in lines.iter().enumerate() {
                    let line_top = top + PAD + line_no as f32 * self.size * LEADING;
                    composer.aligned(span(index), line_top, style, self.size, line);
                }
            }
        }
        composer.set_y(bottom);
    }

    /// Draws the column rules of the part of the table on this page.
    fn close_segment(&mut self, composer: &mut Composer) {
        if let Some(top) = self.segment_top.take() {
            let bottom = composer.y();
            for &x in &self.edges {
                composer.rule(x, top, x, bottom);
            }
        }
    }

    fn header(&mut self, composer: &mut Composer) {
        self.segment_top = Some(composer.y());
        let titles: Vec<&str> = self.columns.iter().map(|c| c.title.as_str()).collect();
        let measured = self.measure(composer, &titles, Style::Bold);
        self.draw(composer, &measured, Style::Bold, true);
    }

    fn header_height(&self, composer: &Composer) -> f32 {
        let titles: Vec<&str> = self.columns.iter().map(|c| c.title.as_str()).collect();
        self.measure(composer, &titles, Style::Bold).height
    }

    /// Draws the header, on a new page if it would otherwise stand alone at
    /// the foot of this one.
    pub fn begin(&mut self, composer: &mut Composer) {
        let needed = self.header_height(composer) + 3.0 * self.size * LEADING + 2.0 * PAD;
        composer.ensure(needed);
        self.header(composer);
    }

    /// One row; moves to a new page, repeating the header, when the row
    /// does not fit whole under the cursor.
    pub fn row<S: AsRef<str>>(&mut self, composer: &mut Composer, cells: &[S], style: Style) {
        let measured = self.measure(composer, cells, style);
        if measured.height > composer.room() {
            self.close_segment(composer);
            composer.new_page();
            self.header(composer);
        }
        self.draw(composer, &measured, style, false);
    }

    /// Finishes the table; the cursor stays under its last row.
    pub fn end(mut self, composer: &mut Composer) {
        self.close_segment(composer);
    }
}
