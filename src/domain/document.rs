//! Identity documents of household members: a Russian passport from 14, a
//! birth certificate below 14, or another document described in words.

use chrono::NaiveDate;

use super::patterns::{self, Pattern};
use super::snils::mask_tail;
use super::FieldError;

/// The age from which a Russian citizen holds a passport.
pub const PASSPORT_AGE: u32 = 14;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdentityDocument {
    PassportRf {
        series: String,
        number: String,
        issued_on: NaiveDate,
        issued_by: String,
        subdivision_code: String,
    },
    BirthCertificate {
        series: String,
        number: String,
        issued_on: NaiveDate,
    },
    Other {
        description: String,
    },
}

impl IdentityDocument {
    pub fn kind(&self) -> &'static str {
        match self {
            IdentityDocument::PassportRf { .. } => "passport_rf",
            IdentityDocument::BirthCertificate { .. } => "birth_certificate",
            IdentityDocument::Other { .. } => "other",
        }
    }

    /// The document's number with all but its last two digits hidden.
    pub fn masked_number(&self) -> Option<String> {
        match self {
            IdentityDocument::PassportRf { number, .. }
            | IdentityDocument::BirthCertificate { number, .. } => Some(mask_tail(number)),
            IdentityDocument::Other { .. } => None,
        }
    }

    /// The document must suit the holder's age on `on`.
    pub fn check_age(&self, age: u32) -> Result<(), FieldError> {
        match self {
            IdentityDocument::PassportRf { .. } if age < PASSPORT_AGE => Err(FieldError::new(
                "document_age_mismatch",
                "Паспорт РФ выдаётся с 14 лет: для ребёнка младше 14 укажите свидетельство о рождении",
            )),
            IdentityDocument::BirthCertificate { .. } if age >= PASSPORT_AGE => {
                Err(FieldError::new(
                    "document_age_mismatch",
                    "С 14 лет документом, удостоверяющим личность, является паспорт РФ",
                ))
            }
            IdentityDocument::PassportRf { .. }
            | IdentityDocument::BirthCertificate { .. }
            | IdentityDocument::Other { .. } => Ok(()),
        }
    }
}

/// Digits only, of the count `shape` says, with spaces tolerated ("10 05").
fn parse_digits(
    raw: &str,
    shape: &Pattern,
    code: &'static str,
    message: &'static str,
) -> Result<String, FieldError> {
    if shape.matches(raw) {
        Ok(raw.chars().filter(|c| *c != ' ').collect())
    } else {
        Err(FieldError::new(code, message))
    }
}

pub fn parse_passport_series(raw: &str) -> Result<String, FieldError> {
    parse_digits(
        raw,
        &patterns::PASSPORT_SERIES,
        "invalid_passport_series",
        "Серия паспорта: 4 цифры",
    )
}

pub fn parse_document_number(raw: &str) -> Result<String, FieldError> {
    parse_digits(
        raw,
        &patterns::DOCUMENT_NUMBER,
        "invalid_document_number",
        "Номер документа: 6 цифр",
    )
}

/// `NNN-NNN`; six digits without the dash are accepted and dashed.
pub fn parse_subdivision_code(raw: &str) -> Result<String, FieldError> {
    let digits: String = raw.chars().filter(|c| c.is_ascii_digit()).collect();
    if patterns::SUBDIVISION_CODE.matches(raw) {
        Ok(format!("{}-{}", &digits[..3], &digits[3..]))
    } else {
        Err(FieldError::new(
            "invalid_subdivision_code",
            "Код подразделения: NNN-NNN",
        ))
    }
}

/// A Roman numeral of I, V, X, L, C, a hyphen and two Cyrillic capitals,
/// e.g. `III-ОТ`. Latin lookalikes in the letters are refused, not guessed.
pub fn parse_birth_certificate_series(raw: &str) -> Result<String, FieldError> {
    if patterns::BIRTH_CERTIFICATE_SERIES.matches(raw) {
        Ok(raw.trim().to_owned())
    } else {
        Err(FieldError::new(
            "invalid_birth_certificate_series",
            "Серия свидетельства о рождении: римское число, дефис и две русские заглавные буквы, например III-ОТ",
        ))
    }
}

/// A document's issue date: not in the future and not before its holder
/// was born.
pub fn check_issue_date(
    issued_on: NaiveDate,
    birth_date: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<NaiveDate, FieldError> {
    if issued_on > today {
        return Err(FieldError::new(
            "date_in_future",
            "Дата выдачи не может быть в будущем",
        ));
    }
    if birth_date.is_some_and(|born| issued_on < born) {
        return Err(FieldError::new(
            "issued_before_birth",
            "Дата выдачи раньше даты рождения",
        ));
    }
    Ok(issued_on)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passport_series_is_four_digits_spaces_allowed() {
        assert_eq!(parse_passport_series("10 05").unwrap(), "1005");
        assert!(parse_passport_series("100").is_err());
        assert!(parse_passport_series("10a5").is_err());
    }

    #[test]
    fn subdivision_code_is_dashed() {
        assert_eq!(parse_subdivision_code("280001").unwrap(), "280-001");
        assert_eq!(parse_subdivision_code("280-001").unwrap(), "280-001");
        assert!(parse_subdivision_code("28-0001-1").is_err());
        assert!(parse_subdivision_code("28000").is_err());
    }

    #[test]
    fn birth_certificate_series_needs_roman_and_cyrillic() {
        assert!(parse_birth_certificate_series("III-ОТ").is_ok());
        assert!(parse_birth_certificate_series("XIV-АЯ").is_ok());
        // Latin "O" and "T" instead of Cyrillic.
        assert!(parse_birth_certificate_series("III-OT").is_err());
        assert!(parse_birth_certificate_series("3-ОТ").is_err());
        assert!(parse_birth_certificate_series("III-от").is_err());
        assert!(parse_birth_certificate_series("IIIОТ").is_err());
    }

    #[test]
    fn document_must_suit_the_age() {
        let passport = IdentityDocument::PassportRf {
            series: "1005".into(),
            number: "123456".into(),
            issued_on: NaiveDate::from_ymd_opt(2015, 1, 1).unwrap(),
            issued_by: "УФМС".into(),
            subdivision_code: "280-001".into(),
        };
        assert!(passport.check_age(13).is_err());
        assert!(passport.check_age(14).is_ok());
        let certificate = IdentityDocument::BirthCertificate {
            series: "I-ОТ".into(),
            number: "123456".into(),
            issued_on: NaiveDate::from_ymd_opt(2015, 1, 1).unwrap(),
        };
        assert!(certificate.check_age(13).is_ok());
        assert!(certificate.check_age(14).is_err());
        assert_eq!(certificate.masked_number().unwrap(), "****56");
    }
}
