//! Places text and rules on pages at absolute positions and turns the pages
//! into a PDF. Everything a document draws goes through here, so page
//! breaks, fonts and the «Лист N из M» footer work the same in every one.
//!
//! Positions are in points from the top-left corner of the page, which is
//! how a form is read; they are flipped to PDF's bottom-left origin only
//! when an operation is written.

use printpdf::{
    FontId, Line, LinePoint, Mm, Op, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point,
    Pt, TextItem, TextMatrix,
};

use super::fonts::{fonts, Face, Fonts, Style};
use super::page::PageFormat;
use super::wrap::wrap;
use super::PrintError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
}

/// A horizontal slot, `x .. x + width`, and how text sits in it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Span {
    pub x: f32,
    pub width: f32,
    pub align: Align,
}

impl Span {
    pub fn new(x: f32, width: f32, align: Align) -> Self {
        Self { x, width, align }
    }
}

/// Line height as a multiple of the font size.
pub const LEADING: f32 = 1.25;
/// From the top of a line box to the baseline, as a multiple of the size;
/// leaves room for DejaVu's ascent above and descent below.
const BASELINE: f32 = 0.95;
const RULE_WIDTH: f32 = 0.5;
const FOOTER_SIZE: f32 = 8.0;

/// One page being drawn. Rules and text are kept apart because a PDF text
/// object may not contain path operations: the page is written as its
/// rules, then one text object with every line of text.
#[derive(Default)]
struct PageOps {
    rules: Vec<Op>,
    text: Vec<Op>,
    font: Option<(Style, u32)>,
}

pub struct Composer {
    pub format: PageFormat,
    fonts: &'static Fonts,
    doc: PdfDocument,
    regular: FontId,
    bold: FontId,
    done: Vec<PageOps>,
    page: PageOps,
    /// The next free position on the page, from the top.
    y: f32,
}

impl Composer {
    pub fn new(title: &str, format: PageFormat) -> Result<Self, PrintError> {
        let fonts = fonts().map_err(PrintError)?;
        let mut doc = PdfDocument::new(title);
        let regular = doc.add_font(&fonts.regular.font);
        let bold = doc.add_font(&fonts.bold.font);
        Ok(Self {
            format,
            fonts,
            doc,
            regular,
            bold,
            done: Vec::new(),
            page: PageOps::default(),
            y: format.margin_top,
        })
    }

    pub fn face(&self, style: Style) -> &'static Face {
        self.fonts.face(style)
    }

    pub fn left(&self) -> f32 {
        self.format.margin_left
    }

    pub fn right(&self) -> f32 {
        self.format.width - self.format.margin_right
    }

    pub fn content_width(&self) -> f32 {
        self.format.content_width()
    }

    pub fn y(&self) -> f32 {
        self.y
    }

    pub fn set_y(&mut self, y: f32) {
        self.y = y;
    }

    /// Room left on this page below the cursor.
    pub fn room(&self) -> f32 {
        self.format.body_bottom() - self.y
    }

    /// Body height of an empty page, the most any block can ask for.
    pub fn page_room(&self) -> f32 {
        self.format.body_bottom() - self.format.margin_top
    }

    pub fn new_page(&mut self) {
        let page = std::mem::take(&mut self.page);
        self.done.push(page);
        self.y = self.format.margin_top;
    }

    /// Starts a new page unless `height` still fits on this one.
    pub fn ensure(&mut self, height: f32) {
        if height > self.room() && self.y > self.format.margin_top {
            self.new_page();
        }
    }

    pub fn space(&mut self, height: f32) {
        self.y += height;
    }

    /// One run of text whose line box starts at `top`.
    pub fn text(&mut self, x: f32, top: f32, style: Style, size: f32, text: &str) {
        self.run(top, style, size, &[(x, text)]);
    }

    /// Pieces of text on one baseline, each at its own `x` (left to
    /// right), written as one positioning and one show operation whose gaps
    /// are TJ offsets. A table row of six cells thus costs two operations,
    /// not twelve: printpdf's translation of operations is most of a long
    /// table's time.
    pub fn run(&mut self, top: f32, style: Style, size: f32, pieces: &[(f32, &str)]) {
        let mut pieces = pieces
            .iter()
            .filter(|(_, text)| !text.is_empty())
            .peekable();
        let Some(&&(first_x, _)) = pieces.peek() else {
            return;
        };
        self.select_font(style, size);
        let baseline = self.format.height - (top + size * BASELINE);
        self.page.text.push(Op::SetTextMatrix {
            matrix: TextMatrix::Translate(Pt(first_x), Pt(baseline)),
        });
        let face = self.face(style);
        let mut items = Vec::new();
        let mut pen = first_x;
        for (x, text) in pieces {
            if !items.is_empty() {
                // TJ numbers are thousandths of an em, positive to the left.
                items.push(TextItem::Offset(-(x - pen) * 1000.0 / size));
            }
            items.push(TextItem::Text((*text).to_owned()));
            pen = x + face.width(text, size);
        }
        self.page.text.push(Op::ShowText { items });
    }

    fn select_font(&mut self, style: Style, size: f32) {
        // Sizes are compared in hundredths so they can key the font state.
        let key = (style, (size * 100.0).round() as u32);
        if self.page.font != Some(key) {
            let font = match style {
                Style::Regular => self.regular.clone(),
                Style::Bold => self.bold.clone(),
            };
            self.page.text.push(Op::SetFont {
                font: PdfFontHandle::External(font),
                size: Pt(size),
            });
            self.page.font = Some(key);
        }
    }

    /// Where `text` starts to sit in `span` as the span aligns it.
    pub fn aligned_x(&self, span: Span, style: Style, size: f32, text: &str) -> f32 {
        let Span { x, width, align } = span;
        match align {
            Align::Left => x,
            Align::Right => x + width - self.face(style).width(text, size),
            Align::Center => x + (width - self.face(style).width(text, size)) / 2.0,
        }
    }

    /// Text aligned inside `span`.
    pub fn aligned(&mut self, span: Span, top: f32, style: Style, size: f32, text: &str) {
        let x = self.aligned_x(span, style, size, text);
        self.text(x, top, style, size, text);
    }

    /// A straight rule between two points given from the top-left.
    pub fn rule(&mut self, x1: f32, y1: f32, x2: f32, y2: f32) {
        if self.page.rules.is_empty() {
            self.page
                .rules
                .push(Op::SetOutlineThickness { pt: Pt(RULE_WIDTH) });
        }
        let height = self.format.height;
        let point = |x: f32, y: f32| LinePoint {
            p: Point {
                x: Pt(x),
                y: Pt(height - y),
            },
            bezier: false,
        };
        self.page.rules.push(Op::DrawLine {
            line: Line {
                points: vec![point(x1, y1), point(x2, y2)],
                is_closed: false,
            },
        });
    }

    /// A wrapped block across the full width, breaking pages between lines.
    pub fn paragraph(&mut self, style: Style, size: f32, align: Align, text: &str) {
        let width = self.content_width();
        let left = self.left();
        for line in wrap(self.face(style), text, size, width) {
            self.ensure(size * LEADING);
            let top = self.y;
            self.aligned(Span::new(left, width, align), top, style, size, &line);
            self.y += size * LEADING;
        }
    }

    /// «Выдал ________ / Фамилия И.О. /»: a label, a rule to sign on and
    /// the signer's name on a rule of its own; an empty name leaves the rule
    /// to be written in by hand.
    pub fn signature(&mut self, label: &str, name: &str, size: f32) {
        let line_height = size * LEADING;
        self.ensure(line_height * 2.6);
        let left = self.left();
        let right = self.right();
        let top = self.y;
        let baseline = top + line_height;
        let caption = size * 0.7;
        self.text(left, top, Style::Regular, size, label);
        let sign_start = left + (self.face(Style::Regular).width(label, size) + 8.0).max(110.0);
        let sign_end = sign_start + 110.0;
        self.rule(sign_start, baseline, sign_end, baseline);
        self.aligned(
            Span::new(sign_start, 110.0, Align::Center),
            baseline + 1.0,
            Style::Regular,
            caption,
            "(подпись)",
        );
        let name_start = sign_end + 15.0;
        let name_width = (right - name_start).min(220.0);
        self.text(name_start + 2.0, top, Style::Regular, size, name);
        self.rule(name_start, baseline, name_start + name_width, baseline);
        self.aligned(
            Span::new(name_start, name_width, Align::Center),
            baseline + 1.0,
            Style::Regular,
            caption,
            "(фамилия, инициалы)",
        );
        self.y += line_height * 2.6;
    }

    /// Closes the last page, writes «Лист N из M» and `label` at the foot
    /// of every page, and serialises the document.
    pub fn finish(mut self, label: &str) -> Vec<u8> {
        let last = std::mem::take(&mut self.page);
        self.done.push(last);
        let total = self.done.len();
        let pages: Vec<PageOps> = std::mem::take(&mut self.done);
        let mut out = Vec::with_capacity(total);
        for (index, page) in pages.into_iter().enumerate() {
            self.page = page;
            let top = self.format.height - self.format.margin_bottom + FOOTER_SIZE;
            let left = self.left();
            let width = self.content_width();
            self.text(left, top, Style::Regular, FOOTER_SIZE, label);
            let counter = format!("Лист {} из {}", index + 1, total);
            self.aligned(
                Span::new(left, width, Align::Right),
                top,
                Style::Regular,
                FOOTER_SIZE,
                &counter,
            );
            let page = std::mem::take(&mut self.page);
            let mut ops = page.rules;
            ops.reserve(page.text.len() + 2);
            ops.push(Op::StartTextSection);
            ops.extend(page.text);
            ops.push(Op::EndTextSection);
            out.push(PdfPage::new(
                Mm(self.format.width_mm()),
                Mm(self.format.height_mm()),
                ops,
            ));
        }
        let mut warnings = Vec::new();
        let options = PdfSaveOptions {
            optimize: false,
            ..PdfSaveOptions::default()
        };
        let mut pdf = self.doc;
        let mut doc = pdf
            .with_pages(out)
            .to_lopdf_document(&options, &mut warnings);
        // The pages' operations are encoded now; free them before the
        // compressed copies are made, to keep a long list's peak down.
        drop(pdf);
        compress(&mut doc);
        let mut bytes = Vec::new();
        // Writing to memory cannot fail short of running out of it.
        let _ = doc.save_to(&mut bytes);
        bytes
    }
}

/// Deflates every stream at zlib's fastest level, spread over the
/// machine's cores. printpdf's own `optimize` deflates at the best (slowest)
/// level on one thread, which took most of a document's time; the fast
/// level makes files about a third larger and documents twice as quick.
fn compress(doc: &mut lopdf::Document) {
    let mut streams: Vec<&mut lopdf::Stream> = doc
        .objects
        .values_mut()
        .filter_map(|object| match object {
            lopdf::Object::Stream(stream)
                if stream.allows_compression && stream.dict.get(b"Filter").is_err() =>
            {
                Some(stream)
            }
            _ => None,
        })
        .collect();
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let chunk = streams.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        for part in streams.chunks_mut(chunk) {
            scope.spawn(move || part.iter_mut().for_each(|stream| deflate(stream)));
        }
    });
}

fn deflate(stream: &mut lopdf::Stream) {
    use std::io::Write;

    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    let compressed = encoder
        .write_all(&stream.content)
        .and_then(|()| encoder.finish());
    if let Ok(compressed) = compressed {
        if compressed.len() < stream.content.len() {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(compressed);
        }
    }
}
