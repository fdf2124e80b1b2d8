use super::FieldError;

/// A household member's name as the person wrote it, with the folded keys
/// used to match and search it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonName {
    pub last: String,
    pub first: String,
    pub patronymic: Option<String>,
}

/// One part of a name: Cyrillic or Latin letters, spaces, hyphens and
/// apostrophes (hyphenated surnames and names like "Д'Артаньян" exist).
pub fn parse_name_part(raw: &str) -> Result<String, FieldError> {
    let part = raw.trim();
    let len = part.chars().count();
    if len == 0 || len > 100 {
        return Err(FieldError::new(
            "invalid_name",
            "Укажите значение длиной от 1 до 100 символов",
        ));
    }
    if !super::patterns::NAME_PART.matches(raw) {
        return Err(FieldError::new(
            "invalid_name",
            "Допустимы только буквы, пробел, дефис и апостроф",
        ));
    }
    Ok(part.to_owned())
}

/// Folds a text for comparison: lower case, `ё` as `е`, and no spaces,
/// hyphens or apostrophes, so "Петрова-Водкина Алёна" and
/// "петрова водкина алена" meet. Done in Rust because SQLite's `lower()`
/// folds ASCII only.
pub fn fold(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, ' ' | '-' | '\'' | '’' | '\t'))
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'ё' { 'е' } else { c })
        .collect()
}

impl PersonName {
    /// Who this person is for duplicate matching: the folded name parts.
    pub fn match_key(&self) -> String {
        format!(
            "{}|{}|{}",
            fold(&self.last),
            fold(&self.first),
            self.patronymic.as_deref().map(fold).unwrap_or_default()
        )
    }

    /// The folded full name that a search substring is looked for in.
    pub fn search_key(&self) -> String {
        fold(&self.display())
    }

    /// "Фамилия Имя Отчество" as written.
    pub fn display(&self) -> String {
        match &self.patronymic {
            Some(patronymic) => format!("{} {} {}", self.last, self.first, patronymic),
            None => format!("{} {}", self.last, self.first),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_hyphens_apostrophes_and_both_alphabets() {
        assert_eq!(
            parse_name_part("  Петрова-Водкина ").unwrap(),
            "Петрова-Водкина"
        );
        assert!(parse_name_part("O'Brien").is_ok());
        assert!(parse_name_part("Алёна").is_ok());
    }

    #[test]
    fn refuses_digits_symbols_and_blanks() {
        for raw in ["Иван0в", "Ivan!", "   ", "-", "Ivan_ov"] {
            assert!(parse_name_part(raw).is_err(), "{raw}");
        }
    }

    #[test]
    fn folding_ignores_case_yo_spaces_and_hyphens() {
        assert_eq!(fold("Петрова-Водкина Алёна"), fold("петрова водкина АЛЕНА"));
    }

    #[test]
    fn match_key_keeps_parts_apart() {
        let a = PersonName {
            last: "Ёлкина".into(),
            first: "Анна".into(),
            patronymic: None,
        };
        assert_eq!(a.match_key(), "елкина|анна|");
        assert_eq!(a.display(), "Ёлкина Анна");
    }
}
