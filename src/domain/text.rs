use super::FieldError;

/// A required free-text field (an address, a description), trimmed, with an
/// upper bound so one request cannot store a novel.
pub fn required(raw: &str, max_chars: usize) -> Result<String, FieldError> {
    let text = raw.trim();
    let len = text.chars().count();
    if len == 0 {
        return Err(FieldError::new("required", "Обязательное поле"));
    }
    if len > max_chars {
        return Err(FieldError::new(
            "too_long",
            format!("Не более {max_chars} символов"),
        ));
    }
    if text.chars().any(|c| c.is_control() && c != '\n') {
        return Err(FieldError::new(
            "invalid_text",
            "Текст содержит недопустимые символы",
        ));
    }
    Ok(text.to_owned())
}

/// An optional free-text field: blank means absent.
pub fn optional(raw: Option<&str>, max_chars: usize) -> Result<Option<String>, FieldError> {
    match raw.map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) => required(text, max_chars).map(Some),
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
    }
}
