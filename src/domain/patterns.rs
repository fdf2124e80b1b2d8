//! The shapes of identifiers and short texts, each written once as a
//! regular expression. The domain checks what was sent against it before
//! reading it, and the API document publishes the same text, so what the
//! document allows and what the service accepts cannot drift apart.
//!
//! Each uses only what ECMA-262 (the document's dialect), Python (the
//! fuzzers') and Rust's `regex` read alike: literal characters, classes and
//! ranges, `\s`, counted repeats. No `\w`, no `\p{..}`, no lookaround.

use std::sync::LazyLock;

use regex::RegexSet;

pub struct Pattern {
    pub source: &'static str,
    compiled: LazyLock<RegexSet, fn() -> RegexSet>,
}

impl Pattern {
    pub fn matches(&self, text: &str) -> bool {
        self.compiled.is_match(text)
    }
}

/// A pattern that fails to compile matches nothing, so its field refuses
/// everything rather than letting anything through; a test compiles each.
macro_rules! pattern {
    ($(#[$doc:meta])* $name:ident = $source:literal) => {
        $(#[$doc])*
        pub static $name: Pattern = Pattern {
            source: $source,
            compiled: LazyLock::new(|| RegexSet::new([$source]).unwrap_or_else(|_| RegexSet::empty())),
        };
    };
}

pattern!(
    /// Latin or Cyrillic letters, digits and `. _ - @`: other scripts'
    /// lookalike letters would let two logins read the same.
    LOGIN = r"^ *[0-9A-Za-zА-Яа-яЁё._@-]{3,64} *$"
);
pattern!(
    /// `+7` or `8`/`7` and ten digits, or the ten alone, with spaces,
    /// brackets and dashes anywhere.
    PHONE = r"^\s*(?:\+[ ()-]*7|[ ()-]*[78])?(?:[ ()-]*[0-9]){10}[ ()-]*\s*$"
);
pattern!(
    /// An address to write to, or nothing. Cyrillic is allowed, as in
    /// addresses under `.рф`.
    EMAIL = r"^\s*(?:[0-9A-Za-zА-Яа-яЁё.!#$%&'*+/=?^_`{|}~-]+@[0-9A-Za-zА-Яа-яЁё](?:[0-9A-Za-zА-Яа-яЁё-]{0,61}[0-9A-Za-zА-Яа-яЁё])?(?:\.[0-9A-Za-zА-Яа-яЁё](?:[0-9A-Za-zА-Яа-яЁё-]{0,61}[0-9A-Za-zА-Яа-яЁё])?)*)?\s*$"
);
pattern!(
    /// Prefixes every registration number, e.g. `BLG2020`.
    EVENT_CODE = r"^\s*[A-Z][A-Z0-9-]{1,15}\s*$"
);
pattern!(
    /// A person's name part: letters, spaces, hyphens and apostrophes, with
    /// at least one letter.
    NAME_PART = r"^\s*[A-Za-zЀ-ӿ '’-]*[A-Za-zЀ-ӿ][A-Za-zЀ-ӿ '’-]*\s*$"
);
pattern!(
    /// A staff member's or resident's full name: something printable on
    /// one line.
    FULL_NAME = r"^[^\x00-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$"
);
pattern!(
    /// Eleven digits, separated as people write them: `112-233-445 95`.
    /// The check digits are checked after the shape.
    SNILS = r"^[ -]*(?:[0-9][ -]*){11}$"
);
pattern!(PASSPORT_SERIES = r"^ *(?:[0-9] *){4}$");
pattern!(DOCUMENT_NUMBER = r"^ *(?:[0-9] *){6}$");
pattern!(
    /// `NNN-NNN`, or the six digits without the dash.
    SUBDIVISION_CODE = r"^ *[0-9]{3} *-? *[0-9]{3} *$"
);
pattern!(
    /// A Roman numeral, a hyphen and two Cyrillic capitals: `III-ОТ`.
    BIRTH_CERTIFICATE_SERIES = r"^\s*[IVXLC]{1,7}-[А-ЯЁ]{2}\s*$"
);
pattern!(
    /// `NN:NN:NNNNNNN:NNN`, the register's own form.
    CADASTRAL_NUMBER = r"^\s*[0-9]{2}:[0-9]{2}:[0-9]{6,7}:[0-9]{1,7}\s*$"
);

/// Every pattern, for the test that compiles them and the document.
pub static ALL: &[&Pattern] = &[
    &LOGIN,
    &PHONE,
    &EMAIL,
    &EVENT_CODE,
    &NAME_PART,
    &FULL_NAME,
    &SNILS,
    &PASSPORT_SERIES,
    &DOCUMENT_NUMBER,
    &SUBDIVISION_CODE,
    &BIRTH_CERTIFICATE_SERIES,
    &CADASTRAL_NUMBER,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pattern_compiles() {
        for pattern in ALL {
            assert!(
                regex::Regex::new(pattern.source).is_ok(),
                "{}",
                pattern.source
            );
        }
    }

    #[test]
    fn shapes_accept_what_people_write_and_refuse_the_rest() {
        let cases: &[(&Pattern, &[&str], &[&str])] = &[
            (
                &LOGIN,
                &["ivanova", "Иванова.М", "a@b.ru"],
                &["ab", "ivan ova", "ivanοva"],
            ),
            (
                &PHONE,
                &[
                    "+7 (914) 123-45-67",
                    "89141234567",
                    "9141234567",
                    "7-914-123-45-67",
                ],
                &["", "+8 914 123 45 67", "12345", "+7 914 123 45 6x"],
            ),
            (
                &EMAIL,
                &["", "a@b.ru", "почта@пример.рф"],
                &["none", "a@", "@b.ru", "a b@c.ru"],
            ),
            (&EVENT_CODE, &["BLG2020", "B-1"], &["blg", "1BLG", "B"]),
            (
                &NAME_PART,
                &["Петрова-Водкина", "Д'Артаньян"],
                &["", "-", "Ivan1"],
            ),
            (&FULL_NAME, &["Иванова Мария"], &["", " ", "a\nb"]),
            (
                &SNILS,
                &["112-233-445 95", "11223344595"],
                &["1122334459", "112-233-445 9x"],
            ),
            (
                &SUBDIVISION_CODE,
                &["280-001", "280001"],
                &["2800-01", "28-0001"],
            ),
            (
                &BIRTH_CERTIFICATE_SERIES,
                &["III-ОТ"],
                &["III-OT", "III-от"],
            ),
            (
                &CADASTRAL_NUMBER,
                &["28:01:0130123:456"],
                &["28:01:130:456"],
            ),
        ];
        for (pattern, good, bad) in cases {
            for text in *good {
                assert!(
                    pattern.matches(text),
                    "{} should match {text:?}",
                    pattern.source
                );
            }
            for text in *bad {
                assert!(
                    !pattern.matches(text),
                    "{} should refuse {text:?}",
                    pattern.source
                );
            }
        }
    }
}
