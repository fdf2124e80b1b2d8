//! Finding one person claimed in two applications of an event. Candidates
//! are found by keys (SNILS, document, birth date), never by comparing all
//! pairs; this module decides whether two candidates are the same person
//! and says why in words an officer can check.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::review::DocumentId;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum MatchKind {
    /// The same SNILS.
    Snils,
    /// The same document type, series and number.
    Document,
    /// The same folded full name and birth date.
    NameBirth,
    /// Nearly the same name and the same birth date, or the same name with
    /// day and month of birth swapped.
    Fuzzy,
    /// Not a person: two applications for one plot (the same cadastral
    /// number or folded address), stored between their applicants. While
    /// open it holds every member of both; confirmed, the plot is aided
    /// through one application only.
    Property,
}

stored_names!(MatchKind {
    Snils => "snils",
    Document => "document",
    NameBirth => "name_birth",
    Fuzzy => "fuzzy",
    Property => "property",
});

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MatchStatus {
    Open,
    Confirmed,
    Dismissed,
}

stored_names!(MatchStatus {
    Open => "open",
    Confirmed => "confirmed",
    Dismissed => "dismissed",
});

/// What an officer resolves an open match to: a match never goes back to
/// `open`, so the type has no such value and the schema offers none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Resolution {
    Confirmed,
    Dismissed,
}

impl From<Resolution> for MatchStatus {
    fn from(resolution: Resolution) -> Self {
        match resolution {
            Resolution::Confirmed => Self::Confirmed,
            Resolution::Dismissed => Self::Dismissed,
        }
    }
}

impl MatchStatus {
    /// A match is resolved once: the resolved ones stay as the officers'
    /// record, and changing one would undo what was held on its word.
    pub fn resolve(self, resolution: Resolution) -> Option<MatchStatus> {
        match self {
            MatchStatus::Open => Some(resolution.into()),
            MatchStatus::Confirmed | MatchStatus::Dismissed => None,
        }
    }
}

/// The most a name may differ (in letters, after folding) to be a match.
pub const MAX_NAME_DISTANCE: usize = 2;

/// What identifies a person for matching.
#[derive(Debug, Clone, Copy)]
pub struct Person<'a> {
    pub snils: Option<&'a str>,
    pub document: Option<DocumentId<'a>>,
    /// Folded full name (`PersonName::match_key`).
    pub name_key: &'a str,
    pub birth_date: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    pub kind: MatchKind,
    pub explanation: String,
}

/// The birth date with day and month swapped, when that is a date and a
/// different one (a classic typing error: 05.03 for 03.05).
pub fn swapped_day_month(date: NaiveDate) -> Option<NaiveDate> {
    let swapped = NaiveDate::from_ymd_opt(date.year(), date.day(), date.month())?;
    (swapped != date).then_some(swapped)
}

/// Levenshtein distance by characters if it is at most `max`, else `None`;
/// stops early, since only small distances matter.
pub fn distance_within(a: &str, b: &str, max: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        current[0] = i + 1;
        let mut row_min = current[0];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
            row_min = row_min.min(current[j + 1]);
        }
        if row_min > max {
            return None;
        }
        std::mem::swap(&mut previous, &mut current);
    }
    let distance = previous[b.len()];
    (distance <= max).then_some(distance)
}

fn letters(n: usize) -> &'static str {
    match (n % 10, n % 100) {
        (1, r) if r != 11 => "символ",
        (2..=4, r) if !(12..=14).contains(&r) => "символа",
        _ => "символов",
    }
}

/// Whether `a` and `b` look like the same person, the strongest reason
/// first.
pub fn compare(a: &Person<'_>, b: &Person<'_>) -> Option<Match> {
    let found = |kind, explanation: String| Some(Match { kind, explanation });
    if let (Some(x), Some(y)) = (a.snils, b.snils) {
        if x == y {
            return found(MatchKind::Snils, "совпадает СНИЛС".into());
        }
    }
    if let (Some(x), Some(y)) = (a.document, b.document) {
        if x.kind == y.kind && x.series == y.series && x.number == y.number {
            return found(
                MatchKind::Document,
                "совпадают вид, серия и номер документа".into(),
            );
        }
    }
    // Two different SNILS are two people: namesakes born on one day are
    // not even a possible match then.
    if matches!((a.snils, b.snils), (Some(x), Some(y)) if x != y) {
        return None;
    }
    let same_birth = a.birth_date == b.birth_date;
    if same_birth && a.name_key == b.name_key {
        return found(MatchKind::NameBirth, "совпадают ФИО и дата рождения".into());
    }
    if same_birth {
        if let Some(distance) = distance_within(a.name_key, b.name_key, MAX_NAME_DISTANCE) {
            return found(
                MatchKind::Fuzzy,
                format!(
                    "ФИО отличается на {distance} {}, дата рождения совпадает",
                    letters(distance)
                ),
            );
        }
    }
    if a.name_key == b.name_key && swapped_day_month(a.birth_date) == Some(b.birth_date) {
        return found(
            MatchKind::Fuzzy,
            "ФИО совпадает, в дате рождения переставлены день и месяц".into(),
        );
    }
    None
}

/// One person of an event for a full scan, with the household they are in.
#[derive(Debug, Clone, Copy)]
pub struct Claimed<'a> {
    pub household: i64,
    pub person: Person<'a>,
}

/// Every pair of people from different households that look like one
/// person, as `(earlier index, later index, match)`. Candidates come from
/// hash buckets by SNILS, document number and birth date (and its swapped
/// form), so the work grows with the event and the bucket sizes, not with
/// the square of the event.
pub fn scan(people: &[Claimed<'_>]) -> Vec<(usize, usize, Match)> {
    scan_from(people, 0)
}

/// As `scan`, for people checked before: only those from `first` on are
/// checked, against everyone before them; the pairs among the earlier ones
/// are not looked for again.
pub fn scan_from(people: &[Claimed<'_>], first: usize) -> Vec<(usize, usize, Match)> {
    use std::collections::HashMap;
    let mut by_snils: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut by_document: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut by_birth: HashMap<NaiveDate, Vec<usize>> = HashMap::new();
    let mut found = Vec::new();
    let mut candidates: Vec<usize> = Vec::new();
    for (index, claimed) in people.iter().enumerate() {
        let person = &claimed.person;
        if index >= first {
            candidates.clear();
            if let Some(snils) = person.snils {
                candidates.extend(by_snils.get(snils).into_iter().flatten());
            }
            if let Some(document) = person.document {
                candidates.extend(by_document.get(document.number).into_iter().flatten());
            }
            candidates.extend(by_birth.get(&person.birth_date).into_iter().flatten());
            if let Some(swapped) = swapped_day_month(person.birth_date) {
                candidates.extend(by_birth.get(&swapped).into_iter().flatten());
            }
            candidates.sort_unstable();
            candidates.dedup();
            for &other in &candidates {
                if people[other].household == claimed.household {
                    continue;
                }
                if let Some(matched) = compare(person, &people[other].person) {
                    found.push((other, index, matched));
                }
            }
        }
        if let Some(snils) = person.snils {
            by_snils.entry(snils).or_default().push(index);
        }
        if let Some(document) = person.document {
            by_document.entry(document.number).or_default().push(index);
        }
        by_birth.entry(person.birth_date).or_default().push(index);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::person_name::{fold, PersonName};

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn key(last: &str, first: &str, patronymic: Option<&str>) -> String {
        PersonName {
            last: last.into(),
            first: first.into(),
            patronymic: patronymic.map(Into::into),
        }
        .match_key()
    }

    fn person(name_key: &str, birth_date: NaiveDate) -> Person<'_> {
        Person {
            snils: None,
            document: None,
            name_key,
            birth_date,
        }
    }

    #[test]
    fn yo_and_e_hyphens_and_spaces_are_the_same_name() {
        assert_eq!(key("Ёлкина", "Анна", None), key("Елкина", "анна", None));
        assert_eq!(
            key("Петрова-Водкина", "Анна", None),
            key("Петрова Водкина", "Анна", None)
        );
        assert_eq!(fold("Петрова - Водкина"), fold("петроваводкина"));
        let (a, b) = (key("Ёлкина", "Анна", None), key("Елкина", "Анна", None));
        let m = compare(&person(&a, date(1980, 5, 1)), &person(&b, date(1980, 5, 1))).unwrap();
        assert_eq!(m.kind, MatchKind::NameBirth);
    }

    #[test]
    fn a_one_letter_typo_is_fuzzy_and_explained() {
        let (a, b) = (
            key("Иванова", "Мария", Some("Петровна")),
            key("Иванова", "Мариа", Some("Петровна")),
        );
        let m = compare(&person(&a, date(1980, 5, 1)), &person(&b, date(1980, 5, 1))).unwrap();
        assert_eq!(m.kind, MatchKind::Fuzzy);
        assert_eq!(
            m.explanation,
            "ФИО отличается на 1 символ, дата рождения совпадает"
        );
        // Three letters apart is another person.
        let c = key("Иванова", "Марфуша", Some("Петровна"));
        assert_eq!(
            compare(&person(&a, date(1980, 5, 1)), &person(&c, date(1980, 5, 1))),
            None
        );
        // A different birth date is another person too.
        assert_eq!(
            compare(&person(&a, date(1980, 5, 1)), &person(&b, date(1981, 5, 1))),
            None
        );
    }

    #[test]
    fn swapped_day_and_month_is_fuzzy() {
        let a = key("Иванова", "Мария", None);
        let m = compare(&person(&a, date(1980, 3, 5)), &person(&a, date(1980, 5, 3))).unwrap();
        assert_eq!(m.kind, MatchKind::Fuzzy);
        assert_eq!(swapped_day_month(date(1980, 5, 25)), None);
        assert_eq!(swapped_day_month(date(1980, 5, 5)), None);
    }

    #[test]
    fn snils_and_documents_match_whatever_the_names() {
        let (a, b) = (
            key("Иванова", "Мария", None),
            key("Смирнова", "Мария", None),
        );
        let mut x = person(&a, date(1980, 5, 1));
        let mut y = person(&b, date(1990, 1, 1));
        x.snils = Some("11223344595");
        y.snils = Some("11223344595");
        assert_eq!(compare(&x, &y).unwrap().kind, MatchKind::Snils);
        y.snils = None;
        let doc = DocumentId {
            kind: "passport_rf",
            series: "1005",
            number: "123456",
        };
        x.document = Some(doc);
        y.document = Some(doc);
        assert_eq!(compare(&x, &y).unwrap().kind, MatchKind::Document);
    }

    #[test]
    fn two_different_snils_are_two_people_whatever_the_names() {
        let a = key("Иванова", "Мария", None);
        let mut x = person(&a, date(1980, 5, 1));
        let mut y = person(&a, date(1980, 5, 1));
        x.snils = Some("11223344595");
        y.snils = Some("11223344696");
        assert_eq!(compare(&x, &y), None);
        // One SNILS missing contradicts nothing: possibly the same person.
        y.snils = None;
        assert_eq!(compare(&x, &y).unwrap().kind, MatchKind::NameBirth);
    }

    #[test]
    fn a_scan_finds_pairs_across_households_only() {
        let (a, b, c) = (
            key("Ёлкина", "Анна", None),
            key("Елкина", "Анна", None),
            key("Орлова", "Вера", None),
        );
        let born = date(1980, 5, 1);
        let people = [
            Claimed {
                household: 1,
                person: person(&a, born),
            },
            // The same person again in the same household is not a duplicate claim.
            Claimed {
                household: 1,
                person: person(&b, born),
            },
            Claimed {
                household: 2,
                person: person(&b, born),
            },
            Claimed {
                household: 3,
                person: person(&c, born),
            },
        ];
        let pairs: Vec<(usize, usize)> =
            scan(&people).into_iter().map(|(i, j, _)| (i, j)).collect();
        assert_eq!(pairs, [(0, 2), (1, 2)]);
    }

    #[test]
    fn a_scan_from_a_point_leaves_the_pairs_before_it() {
        let anna = key("Елкина", "Анна", None);
        let born = date(1980, 5, 1);
        let people: Vec<Claimed<'_>> = (1..=3)
            .map(|household| Claimed {
                household,
                person: person(&anna, born),
            })
            .collect();
        let pairs = |first| -> Vec<(usize, usize)> {
            scan_from(&people, first)
                .into_iter()
                .map(|(i, j, _)| (i, j))
                .collect()
        };
        assert_eq!(pairs(0), [(0, 1), (0, 2), (1, 2)]);
        // The first two were checked before: only the third is checked now,
        // against both.
        assert_eq!(pairs(2), [(0, 2), (1, 2)]);
    }

    #[test]
    fn a_match_is_resolved_once_and_stays_resolved() {
        for resolution in [Resolution::Confirmed, Resolution::Dismissed] {
            assert_eq!(
                MatchStatus::Open.resolve(resolution),
                Some(MatchStatus::from(resolution))
            );
            assert_eq!(MatchStatus::Confirmed.resolve(resolution), None);
            assert_eq!(MatchStatus::Dismissed.resolve(resolution), None);
        }
    }

    #[test]
    fn distance_stops_early_and_counts_characters() {
        assert_eq!(distance_within("ёлка", "елка", 2), Some(1));
        assert_eq!(distance_within("abcdef", "uvwxyz", 2), None);
        assert_eq!(distance_within("мария", "мариа", 2), Some(1));
        assert_eq!(letters(1), "символ");
        assert_eq!(letters(2), "символа");
        assert_eq!(letters(11), "символов");
    }
}
