use super::FieldError;

/// What a free-text field may hold, as a regular expression for the API's
/// schema: no control character but the line feed, and at least one
/// character that is not white space. It says the same as [`required`],
/// which checks it character by character.
pub const REQUIRED_PATTERN: &str =
    r"^[^\x00-\x09\x0B-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x09\x0B-\x1F\x7F-\x9F]*$";

/// An optional free-text field: the same characters, and blank allowed.
pub const OPTIONAL_PATTERN: &str = r"^[^\x00-\x09\x0B-\x1F\x7F-\x9F]*$";

/// Control characters a text may not hold: they do not print, and some
/// (a carriage return, a tab) break the printed lists and CSV exports.
fn is_refused(c: char) -> bool {
    c.is_control() && c != '\n'
}

/// A required free-text field (an address, a description), trimmed, with an
/// upper bound so one request cannot store a novel. The bound and the
/// characters are checked on the text as sent, as the schema states them.
pub fn required(raw: &str, max_chars: usize) -> Result<String, FieldError> {
    if raw.chars().any(is_refused) {
        return Err(FieldError::new(
            "invalid_text",
            "Текст содержит недопустимые символы",
        ));
    }
    if raw.chars().count() > max_chars {
        return Err(FieldError::new(
            "too_long",
            format!("Не более {max_chars} символов"),
        ));
    }
    let text = raw.trim();
    if text.is_empty() {
        return Err(FieldError::new("required", "Обязательное поле"));
    }
    Ok(text.to_owned())
}

/// An optional free-text field: blank means absent.
pub fn optional(raw: Option<&str>, max_chars: usize) -> Result<Option<String>, FieldError> {
    match raw {
        None => Ok(None),
        Some(raw) if raw.trim().is_empty() && !raw.chars().any(is_refused) => Ok(None),
        Some(raw) => required(raw, max_chars).map(Some),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_and_bounds() {
        assert_eq!(required("  ул. Ленина, 1 ", 100).unwrap(), "ул. Ленина, 1");
        assert!(required("   ", 100).is_err());
        assert!(required("abc", 2).is_err());
        assert_eq!(optional(Some("  "), 10).unwrap(), None);
        assert!(required("a\u{7}b", 10).is_err());
        // Checked as sent: a tab at the edge is refused, and padding counts.
        assert!(required("\tabc", 10).is_err());
        assert!(required("abc  ", 4).is_err());
        assert_eq!(required("две\nстроки", 10).unwrap(), "две\nстроки");
        assert!(optional(Some("\t"), 10).is_err());
    }
}
