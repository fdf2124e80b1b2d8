use super::FieldError;

/// A Russian phone number in the one form the administration dials:
/// `+7` and ten digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone(String);

impl Phone {
    /// Accepts what people actually write: a leading `8` or `7` or `+7`,
    /// spaces, brackets and dashes.
    pub fn parse(raw: &str) -> Result<Phone, FieldError> {
        let invalid = || {
            FieldError::new(
                "invalid_phone",
                "Телефон должен быть российским номером: +7 и 10 цифр",
            )
        };
        if !super::patterns::PHONE.matches(raw) {
            return Err(invalid());
        }
        let trimmed = raw.trim();
        let (plus, rest) = match trimmed.strip_prefix('+') {
            Some(rest) => (true, rest),
            None => (false, trimmed),
        };
        let mut digits = String::with_capacity(11);
        for c in rest.chars() {
            match c {
                '0'..='9' => digits.push(c),
                ' ' | '-' | '(' | ')' => {}
                _ => return Err(invalid()),
            }
        }
        let national = match (plus, digits.len(), digits.chars().next()) {
            (true, 11, Some('7')) => &digits[1..],
            (false, 11, Some('7' | '8')) => &digits[1..],
            (false, 10, _) => &digits[..],
            _ => return Err(invalid()),
        };
        Ok(Phone(format!("+7{national}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_the_ways_people_write_numbers() {
        for raw in [
            "+7 (914) 123-45-67",
            "8 914 123 45 67",
            "89141234567",
            "7-914-123-45-67",
            "9141234567",
        ] {
            assert_eq!(Phone::parse(raw).unwrap().as_str(), "+79141234567", "{raw}");
        }
    }

    #[test]
    fn rejects_numbers_that_cannot_be_dialled() {
        for raw in [
            "",
            "12345",
            "+1 914 123 45 67",
            "8914123456x",
            "+8 914 123 45 67",
            "991412345678",
        ] {
            assert!(Phone::parse(raw).is_err(), "{raw}");
        }
    }
}
