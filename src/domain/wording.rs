//! How numbers, dates and names read in Russian, on paper, on the pages and
//! in the domain's own messages alike: `18.08.2020`,
//! `163 350` kg, `12,5` kg with a decimal comma, and nouns that agree with
//! their numbers (1 заявление, 2 заявления, 5 заявлений).

use chrono::NaiveDate;

pub fn date(day: NaiveDate) -> String {
    day.format("%d.%m.%Y").to_string()
}

/// Digits in groups of three separated by spaces: `163 350`.
pub fn grouped(value: i64) -> String {
    let digits = value.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if value < 0 {
        out.push('-');
    }
    for (index, ch) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            out.push(' ');
        }
        out.push(ch);
    }
    out
}

/// Kilograms from grams, without trailing zeros: `50`, `12,5`, `0,125`.
pub fn kg(grams: i64) -> String {
    let whole = grouped(grams / 1000);
    let fraction = (grams % 1000).unsigned_abs();
    if fraction == 0 {
        return whole;
    }
    let digits = format!("{fraction:03}");
    let sign = if grams < 0 && grams / 1000 == 0 {
        "-"
    } else {
        ""
    };
    format!("{sign}{whole},{}", digits.trim_end_matches('0'))
}

/// Roubles from kopecks: `1 234,50`.
pub fn roubles(kopecks: i64) -> String {
    let sign = if kopecks < 0 && kopecks / 100 == 0 {
        "-"
    } else {
        ""
    };
    format!(
        "{sign}{},{:02}",
        grouped(kopecks / 100),
        (kopecks % 100).unsigned_abs()
    )
}

/// The form of a noun that agrees with `n`: `one` for 1, 21, 101; `few`
/// for 2–4, 22–24; `many` for 0, 5–20, 25–30, 111–114.
pub fn plural<'a>(n: i64, one: &'a str, few: &'a str, many: &'a str) -> &'a str {
    let n = n.unsigned_abs();
    match (n % 10, n % 100) {
        (_, 11..=14) => many,
        (1, _) => one,
        (2..=4, _) => few,
        _ => many,
    }
}

/// A SNILS as it is written on forms: «112-233-445 95».
pub fn snils(digits: &str) -> String {
    if digits.len() == 11 && digits.bytes().all(|b| b.is_ascii_digit()) {
        format!(
            "{}-{}-{} {}",
            &digits[..3],
            &digits[3..6],
            &digits[6..9],
            &digits[9..]
        )
    } else {
        digits.to_owned()
    }
}

/// A stored phone (`+7XXXXXXXXXX`) as people write it: «+7 914 555-01-02».
pub fn phone(stored: &str) -> String {
    match stored.strip_prefix("+7") {
        Some(d) if d.len() == 10 && d.bytes().all(|b| b.is_ascii_digit()) => {
            format!("+7 {} {}-{}-{}", &d[..3], &d[3..6], &d[6..8], &d[8..])
        }
        _ => stored.to_owned(),
    }
}

/// A decimal with a comma and no trailing zeros: «6,5».
pub fn decimal(value: rust_decimal::Decimal) -> String {
    value.normalize().to_string().replace('.', ",")
}

/// «Иванова Алёна Петровна», or without a patronymic when there is none.
pub fn full_name(last: &str, first: &str, patronymic: Option<&str>) -> String {
    match patronymic {
        Some(p) if !p.is_empty() => format!("{last} {first} {p}"),
        _ => format!("{last} {first}"),
    }
}

/// The text with its first letter upper-case, for a phrase that starts a
/// sentence or a list item.
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// An identity document as it is written on paper: «паспорт РФ 1005
/// 123456», or the free description of another kind of document.
pub fn identity_document(
    kind: &str,
    series: Option<&str>,
    number: Option<&str>,
    description: Option<&str>,
) -> String {
    let name = match kind {
        "passport_rf" => "паспорт РФ",
        "birth_certificate" => "свидетельство о рождении",
        _ => "",
    };
    match (series, number, description) {
        (Some(series), Some(number), _) => format!("{name} {series} {number}"),
        (_, _, Some(description)) => description.to_owned(),
        _ => name.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snils_and_decimals_are_written_for_people() {
        assert_eq!(snils("11223344595"), "112-233-445 95");
        assert_eq!(snils("123"), "123");
        assert_eq!(phone("+79145550102"), "+7 914 555-01-02");
        assert_eq!(phone("12345"), "12345");
        assert_eq!(decimal(rust_decimal::Decimal::new(650, 2)), "6,5");
        assert_eq!(decimal(rust_decimal::Decimal::new(50, 0)), "50");
    }

    #[test]
    fn numbers_read_the_russian_way() {
        assert_eq!(grouped(163_350), "163 350");
        assert_eq!(grouped(5218), "5 218");
        assert_eq!(grouped(635), "635");
        assert_eq!(grouped(-1_000_000), "-1 000 000");
        assert_eq!(kg(50_000), "50");
        assert_eq!(kg(12_500), "12,5");
        assert_eq!(kg(125), "0,125");
        assert_eq!(kg(163_350_000), "163 350");
        assert_eq!(kg(-500), "-0,5");
        assert_eq!(roubles(123_450), "1 234,50");
        assert_eq!(roubles(-5), "-0,05");
    }

    #[test]
    fn nouns_agree_with_numbers() {
        let forms = |n| plural(n, "заявление", "заявления", "заявлений");
        assert_eq!(forms(1), "заявление");
        assert_eq!(forms(2), "заявления");
        assert_eq!(forms(4), "заявления");
        assert_eq!(forms(5), "заявлений");
        assert_eq!(forms(11), "заявлений");
        assert_eq!(forms(12), "заявлений");
        assert_eq!(forms(21), "заявление");
        assert_eq!(forms(22), "заявления");
        assert_eq!(forms(111), "заявлений");
        assert_eq!(forms(633), "заявления");
        assert_eq!(forms(0), "заявлений");
    }

    #[test]
    fn dates_and_names() {
        let day = NaiveDate::from_ymd_opt(2020, 8, 18).expect("date");
        assert_eq!(date(day), "18.08.2020");
        assert_eq!(full_name("Ли", "Анна", None), "Ли Анна");
        assert_eq!(
            full_name("Ли", "Анна", Some("Петровна")),
            "Ли Анна Петровна"
        );
    }
}
