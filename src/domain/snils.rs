use super::FieldError;

/// СНИЛС: the personal insurance account number, stored as 11 digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snils(String);

/// Numbers up to 001-001-998 were issued before the check digits existed.
const UNCHECKED_UP_TO: u64 = 1_001_998;

impl Snils {
    /// Accepts `112-233-445 95`, `11223344595` and other spacings.
    pub fn parse(raw: &str) -> Result<Snils, FieldError> {
        let digits: String = raw.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
        if !super::patterns::SNILS.matches(raw) {
            return Err(FieldError::new(
                "invalid_snils",
                "СНИЛС должен состоять из 11 цифр",
            ));
        }
        let number: u64 = digits[..9].parse().unwrap_or(0);
        if number > UNCHECKED_UP_TO && digits[9..] != format!("{:02}", check_number(&digits[..9])) {
            return Err(FieldError::new(
                "invalid_snils_checksum",
                "Неверное контрольное число СНИЛС",
            ));
        }
        Ok(Snils(digits))
    }

    /// The SNILS whose first nine digits are `number`, with its check
    /// digits: for generated data (the demo, tests), never for input.
    pub fn with_check_digits(number: u32) -> Snils {
        let first_nine = format!("{:09}", number % 1_000_000_000);
        let check = check_number(&first_nine);
        Snils(format!("{first_nine}{check:02}"))
    }

    pub fn digits(&self) -> &str {
        &self.0
    }

    /// Only the last two digits, for logs and the audit trail.
    pub fn masked(&self) -> String {
        mask_tail(&self.0)
    }
}

/// `****` and the last two characters: enough to tell two records apart in
/// an audit trail, too little to misuse.
pub fn mask_tail(value: &str) -> String {
    let tail: String = value
        .chars()
        .rev()
        .take(2)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    format!("****{tail}")
}

fn check_number(first_nine: &str) -> u64 {
    let sum: u64 = first_nine
        .bytes()
        .zip((1..=9).rev())
        .map(|(b, weight)| u64::from(b - b'0') * weight)
        .sum();
    match sum {
        0..=99 => sum,
        100 | 101 => 0,
        _ => match sum % 101 {
            100 => 0,
            r => r,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_numbers_pass_the_check() {
        for number in [1_002_000, 123_456_789, 999_999_999, 200_000_633] {
            let snils = Snils::with_check_digits(number);
            assert_eq!(Snils::parse(snils.digits()), Ok(snils));
        }
    }

    #[test]
    fn accepts_a_valid_number_in_any_spacing() {
        for raw in ["112-233-445 95", "11223344595", "112 233 445 95"] {
            assert_eq!(Snils::parse(raw).unwrap().digits(), "11223344595");
        }
    }

    #[test]
    fn refuses_a_bad_check_number() {
        assert_eq!(
            Snils::parse("112-233-445 96").unwrap_err().code,
            "invalid_snils_checksum"
        );
    }

    #[test]
    fn check_number_edge_cases() {
        assert_eq!(check_number("000000091"), 19); // below 100: the sum itself
        assert_eq!(check_number("920000003"), 0); // exactly 100
        assert_eq!(check_number("920000004"), 0); // exactly 101
        assert_eq!(check_number("999999999"), 405 % 101);
        assert_eq!(check_number("988000000"), 0); // 201 mod 101 is 100
    }

    #[test]
    fn old_numbers_are_not_checked() {
        assert!(Snils::parse("001-001-998 00").is_ok());
        assert!(Snils::parse("001-001-999 00").is_err());
    }

    #[test]
    fn refuses_wrong_length_and_letters() {
        assert!(Snils::parse("112-233-445 9").is_err());
        assert!(Snils::parse("112-233-44a 95").is_err());
    }

    #[test]
    fn masks_all_but_the_last_two_digits() {
        assert_eq!(Snils::parse("11223344595").unwrap().masked(), "****95");
    }
}
