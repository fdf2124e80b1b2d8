//! The embedded DejaVu fonts and their glyph widths, prepared once per
//! process.
//!
//! DejaVu covers thousands of glyphs in ~700 KB per face. printpdf without
//! its `text_layout` feature embeds a font whole, and compressing two whole
//! faces took about 100 ms of every document. So the faces are cut down,
//! once, to the characters Russian paperwork uses (Latin, Cyrillic,
//! punctuation, №, ₽), and the small faces are what every document embeds.

use std::collections::HashMap;
use std::sync::LazyLock;

use printpdf::ParsedFont;

/// Regular text or headings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Regular,
    Bold,
}

/// One face with its advance widths in thousandths of the font size, kept
/// in a flat table for the characters documents use (Latin, Cyrillic,
/// punctuation) so measuring a line is an array lookup per character.
pub struct Face {
    pub font: ParsedFont,
    table: Vec<u16>,
    others: HashMap<char, u16>,
    fallback: u16,
}

/// Below this code point, widths live in the flat table; the rest of the
/// font (symbols, other scripts) in a map.
const TABLE_LIMIT: u32 = 0x2200;

/// The character ranges kept in the embedded faces. A character outside
/// them prints as the font's missing-glyph box.
const REPERTOIRE: &[(u32, u32)] = &[
    (0x0020, 0x007E), // Basic Latin
    (0x00A0, 0x017F), // Latin-1 and Latin Extended-A
    (0x0400, 0x04FF), // Cyrillic
    (0x2010, 0x2044), // dashes, quotes, ellipsis, per mille
    (0x20BD, 0x20BD), // ₽
    (0x2116, 0x2116), // №
    (0x2212, 0x2212), // minus
];

fn parse(bytes: &[u8]) -> Result<ParsedFont, String> {
    let mut warnings = Vec::new();
    ParsedFont::from_bytes(bytes, 0, &mut warnings)
        .ok_or_else(|| "the embedded font could not be parsed".to_owned())
}

/// The font cut down to [`REPERTOIRE`], with a Unicode cmap of its own.
fn subset(bytes: &[u8], full: &ParsedFont) -> Result<Vec<u8>, String> {
    use allsorts::binary::read::ReadScope;
    use allsorts::font_data::FontData;
    use allsorts::subset::{subset, CmapTarget, SubsetProfile};

    let mut glyphs: Vec<u16> = REPERTOIRE
        .iter()
        .flat_map(|&(from, to)| from..=to)
        .filter_map(|code| full.lookup_glyph_index(code))
        .collect();
    glyphs.push(0);
    glyphs.sort_unstable();
    glyphs.dedup();
    let data = ReadScope::new(bytes)
        .read::<FontData<'_>>()
        .map_err(|e| e.to_string())?;
    let provider = data.table_provider(0).map_err(|e| e.to_string())?;
    subset(
        &provider,
        &glyphs,
        &SubsetProfile::Minimal,
        CmapTarget::Unicode,
    )
    .map_err(|e| e.to_string())
}

impl Face {
    fn parse(bytes: &[u8]) -> Result<Self, String> {
        let full = parse(bytes)?;
        let font = parse(&subset(bytes, &full)?)?;
        let per_em = f32::from(font.units_per_em.max(1));
        let to_thousandths = |units: u16| (f32::from(units) * 1000.0 / per_em).round() as u16;
        let mut table = vec![0_u16; TABLE_LIMIT as usize];
        let mut others = HashMap::new();
        for (&codepoint, &gid) in &font.codepoint_to_glyph {
            let width = to_thousandths(font.get_glyph_width(gid).unwrap_or(0));
            if codepoint < TABLE_LIMIT {
                table[codepoint as usize] = width;
            } else if let Some(ch) = char::from_u32(codepoint) {
                others.insert(ch, width);
            }
        }
        // A character the font lacks prints as the missing-glyph box, which
        // is about as wide as a capital letter.
        let fallback = table['M' as usize].max(500);
        Ok(Self {
            font,
            table,
            others,
            fallback,
        })
    }

    fn thousandths(&self, ch: char) -> u16 {
        let code = ch as u32;
        let width = if code < TABLE_LIMIT {
            self.table[code as usize]
        } else {
            self.others.get(&ch).copied().unwrap_or(0)
        };
        if width == 0 && !ch.is_whitespace() && !ch.is_control() {
            self.fallback
        } else {
            width
        }
    }

    /// The width of `text` set at `size` points, in points.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        let total: u32 = text.chars().map(|c| u32::from(self.thousandths(c))).sum();
        total as f32 * size / 1000.0
    }
}

pub struct Fonts {
    pub regular: Face,
    pub bold: Face,
}

impl Fonts {
    pub fn face(&self, style: Style) -> &Face {
        match style {
            Style::Regular => &self.regular,
            Style::Bold => &self.bold,
        }
    }
}

/// DejaVu Sans Condensed: full Cyrillic, and narrow enough for a
/// twelve-column landscape sheet.
static FONTS: LazyLock<Result<Fonts, String>> = LazyLock::new(|| {
    Ok(Fonts {
        regular: Face::parse(dejavu::sans_condensed::regular())?,
        bold: Face::parse(dejavu::sans_condensed::bold())?,
    })
});

pub fn fonts() -> Result<&'static Fonts, String> {
    FONTS.as_ref().map_err(Clone::clone)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cyrillic_has_real_widths_and_bold_is_wider() {
        let fonts = fonts().expect("fonts");
        let regular = fonts.regular.width("Щербакова", 10.0);
        let bold = fonts.bold.width("Щербакова", 10.0);
        assert!(regular > 30.0 && regular < 60.0, "{regular}");
        assert!(bold > regular);
        assert_eq!(fonts.regular.width("", 10.0), 0.0);
        assert!(fonts.regular.width("ii", 10.0) < fonts.regular.width("ШШ", 10.0));
    }

    #[test]
    fn the_embedded_faces_are_small_and_keep_the_repertoire() {
        let fonts = fonts().expect("fonts");
        for face in [&fonts.regular, &fonts.bold] {
            assert!(
                face.font.original_bytes.len() < 200_000,
                "{}",
                face.font.original_bytes.len()
            );
            for ch in "АаЁёЯяЩщ№«»—AZaz09₽ÄÖ".chars() {
                let gid = face.font.lookup_glyph_index(ch as u32);
                assert!(gid.is_some_and(|g| g != 0), "{ch} lost");
                assert!(face.width(&ch.to_string(), 10.0) > 0.0);
            }
        }
    }
}
