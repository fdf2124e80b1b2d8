//! Breaking text into lines that fit a width, measured from the font's own
//! glyph widths so a long name or address wraps inside its cell instead of
//! being cut off or running into the next one.

use super::fonts::Face;

/// Lines of `text` no wider than `width` points at `size`. Words are kept
/// whole where they fit; a word wider than the whole line (a long
/// hyphenated surname in a narrow column) is broken after a hyphen if it
/// can be, else between letters. Explicit line breaks are kept. Never
/// returns an empty list, so an empty cell still has one (empty) line.
pub fn wrap(face: &Face, text: &str, size: f32, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        wrap_paragraph(face, paragraph.trim_end(), size, width, &mut lines);
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

fn wrap_paragraph(face: &Face, text: &str, size: f32, width: f32, lines: &mut Vec<String>) {
    let space = face.width(" ", size);
    let mut line = String::new();
    let mut line_width = 0.0_f32;
    for word in text.split_whitespace() {
        let word_width = face.width(word, size);
        let needed = if line.is_empty() {
            word_width
        } else {
            line_width + space + word_width
        };
        if needed <= width {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
            line_width = needed;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        if word_width <= width {
            line.push_str(word);
            line_width = word_width;
            continue;
        }
        let mut pieces = split_long_word(face, word, size, width);
        let last = pieces.pop().unwrap_or_default();
        lines.extend(pieces);
        line_width = face.width(&last, size);
        line = last;
    }
    if !line.is_empty() || text.trim().is_empty() {
        lines.push(line);
    }
}

/// Pieces of a word too wide for one line, each fitting `width`.
fn split_long_word(face: &Face, word: &str, size: f32, width: f32) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut piece = String::new();
    for ch in word.chars() {
        let mut candidate = piece.clone();
        candidate.push(ch);
        if face.width(&candidate, size) > width && !piece.is_empty() {
            // Prefer to end the piece at its last hyphen.
            match piece.rfind('-') {
                Some(at) if at + 1 < piece.len() => {
                    let rest = piece.split_off(at + 1);
                    pieces.push(std::mem::replace(&mut piece, rest));
                }
                _ => pieces.push(std::mem::take(&mut piece)),
            }
        }
        piece.push(ch);
    }
    pieces.push(piece);
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::print::fonts::fonts;

    fn regular() -> &'static Face {
        &fonts().expect("fonts").regular
    }

    #[test]
    fn short_text_stays_on_one_line() {
        assert_eq!(wrap(regular(), "Иванов Иван", 9.0, 200.0), ["Иванов Иван"]);
    }

    #[test]
    fn every_line_fits_and_no_letter_is_lost() {
        let text = "Константинопольская-Преображенская Александра-Виктория Вениаминовна";
        for width in [40.0, 60.0, 90.0, 150.0] {
            let lines = wrap(regular(), text, 9.0, width);
            for line in &lines {
                assert!(
                    regular().width(line, 9.0) <= width,
                    "{line:?} wider than {width}"
                );
            }
            let joined: String = lines
                .concat()
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            let original: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            assert_eq!(joined, original, "at {width}");
        }
    }

    #[test]
    fn long_words_break_after_a_hyphen_when_they_can() {
        let lines = wrap(regular(), "Константинопольская-Преображенская", 9.0, 100.0);
        assert_eq!(lines, ["Константинопольская-", "Преображенская"]);
    }

    #[test]
    fn explicit_breaks_and_empty_text() {
        assert_eq!(wrap(regular(), "а\nб", 9.0, 100.0), ["а", "б"]);
        assert_eq!(wrap(regular(), "", 9.0, 100.0), [""]);
    }
}
