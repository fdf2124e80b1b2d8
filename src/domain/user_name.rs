use super::FieldError;

/// A staff member's or resident's name as shown on screens and printed on
/// documents they sign; stored as written, only trimmed.
pub fn parse_user_full_name(raw: &str) -> Result<String, FieldError> {
    let name = raw.trim();
    let len = name.chars().count();
    if len == 0 || len > 200 {
        return Err(FieldError::new(
            "invalid_full_name",
            "ФИО должно содержать от 1 до 200 символов",
        ));
    }
    if !super::patterns::FULL_NAME.matches(raw) {
        return Err(FieldError::new(
            "invalid_full_name",
            "ФИО не может содержать управляющие символы",
        ));
    }
    Ok(name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_and_keeps_what_was_written() {
        assert_eq!(parse_user_full_name("  Пётр Ильич ").unwrap(), "Пётр Ильич");
        assert!(parse_user_full_name("   ").is_err());
        assert!(parse_user_full_name("a\u{0}b").is_err());
    }
}
