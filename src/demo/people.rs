//! Households of the demo: Russian names, birth dates, documents and
//! Blagoveshchensk addresses, drawn from the word lists in `fixtures/demo`.

use chrono::{Datelike, Duration, NaiveDate};
use rust_decimal::Decimal;

use super::random::Seeded;

use crate::commands::application::{ApplicationInput, DocumentInput, MemberInput};
use crate::domain::application::{Channel, LossExtent, Relationship};

const SURNAMES: &str = include_str!("../../fixtures/demo/surnames.txt");
const MALE: &str = include_str!("../../fixtures/demo/male_names.txt");
const FEMALE: &str = include_str!("../../fixtures/demo/female_names.txt");
const FATHERS: &str = include_str!("../../fixtures/demo/father_names.txt");
const STREETS: &str = include_str!("../../fixtures/demo/streets.txt");

fn lines(text: &str) -> Vec<&str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect()
}

/// The feminine form of a masculine surname: Иванов → Иванова,
/// Островский → Островская; Ким and Шевченко do not change.
pub fn feminine(surname: &str) -> String {
    if let Some(stem) = surname.strip_suffix("ий") {
        return format!("{stem}ая");
    }
    let changes = ["ов", "ев", "ёв", "ин", "ын"]
        .iter()
        .any(|end| surname.ends_with(end));
    if changes {
        format!("{surname}а")
    } else {
        surname.to_owned()
    }
}

pub struct WordLists<'a> {
    surnames: Vec<&'a str>,
    male: Vec<&'a str>,
    female: Vec<&'a str>,
    /// (father's name, son's patronymic, daughter's patronymic)
    fathers: Vec<(&'a str, &'a str, &'a str)>,
    streets: Vec<&'a str>,
}

impl WordLists<'static> {
    pub fn load() -> Self {
        Self {
            surnames: lines(SURNAMES),
            male: lines(MALE),
            female: lines(FEMALE),
            fathers: lines(FATHERS)
                .into_iter()
                .filter_map(|l| {
                    let mut parts = l.split('\t');
                    Some((parts.next()?, parts.next()?, parts.next()?))
                })
                .collect(),
            streets: lines(STREETS),
        }
    }
}

/// What a household's members are, before names and documents.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    /// Household members who live in the house (the applicant first).
    pub size: usize,
    /// One more member registered there who does not live there.
    pub absent_member: bool,
}

/// Identity documents are numbered in one sequence so each is unique.
pub struct Documents {
    next: u32,
}

impl Documents {
    pub fn new() -> Self {
        Self { next: 100_000 }
    }

    fn take(&mut self) -> String {
        self.next += 1;
        format!("{:06}", self.next)
    }
}

impl Default for Documents {
    fn default() -> Self {
        Self::new()
    }
}

fn document(
    rng: &mut Seeded,
    documents: &mut Documents,
    born: NaiveDate,
    today: NaiveDate,
) -> DocumentInput {
    let age = crate::domain::event::age_on(born, today);
    if age >= 14 {
        // Issued at 14, 20 or 45, whichever was last before today.
        let last_issue_age = [45, 20, 14].into_iter().find(|a| *a <= age).unwrap_or(14);
        let issued_on = born
            .with_year(born.year() + last_issue_age as i32)
            .unwrap_or(born)
            + Duration::days(20 + rng.below(60) as i64);
        let issued_on = issued_on.min(today - Duration::days(1));
        DocumentInput::PassportRf {
            series: format!("10 {:02}", 3 + rng.below(20)),
            number: documents.take(),
            issued_on,
            issued_by: "Отделом УФМС России по Амурской области в г. Благовещенске".to_owned(),
            subdivision_code: format!("280-{:03}", 1 + rng.below(9)),
        }
    } else {
        DocumentInput::BirthCertificate {
            series: format!(
                "{}-ОТ",
                ["I", "II", "III", "IV", "V"][rng.below(5) as usize]
            ),
            number: documents.take(),
            issued_on: (born + Duration::days(10 + rng.below(20) as i64)).min(today),
        }
    }
}

fn birth_date(rng: &mut Seeded, today: NaiveDate, min_age: i64, max_age: i64) -> NaiveDate {
    let days = min_age * 365 + rng.below(((max_age - min_age).max(1) * 365) as u64) as i64;
    today - Duration::days(days)
}

/// One household's application, as an officer types it from the paper.
pub fn household(
    words: &WordLists<'_>,
    rng: &mut Seeded,
    documents: &mut Documents,
    event_id: i64,
    shape: Shape,
    channel: Channel,
    today: NaiveDate,
) -> ApplicationInput {
    let surname = *rng.pick(&words.surnames);
    let street = *rng.pick(&words.streets);
    let house = 1 + rng.below(180);
    let address = format!("Амурская область, г. Благовещенск, {street}, д. {house}");
    let mut members = Vec::with_capacity(shape.size + 1);
    let applicant_female = rng.chance(60);
    let mut person = |rng: &mut Seeded,
                      female: bool,
                      relationship: Relationship,
                      born: NaiveDate,
                      lives: bool| {
        let (father, son, daughter) = *rng.pick(&words.fathers);
        let _ = father;
        MemberInput {
            last_name: if female {
                feminine(surname)
            } else {
                surname.to_owned()
            },
            first_name: if female {
                (*rng.pick(&words.female)).to_owned()
            } else {
                (*rng.pick(&words.male)).to_owned()
            },
            patronymic: Some(if female { daughter } else { son }.to_owned()),
            birth_date: born,
            relationship,
            document: document(rng, documents, born, today),
            snils: None,
            registered_at_property: true,
            lives_at_property: lives,
        }
    };
    let applicant_born = birth_date(rng, today, 30, 80);
    members.push(person(
        rng,
        applicant_female,
        Relationship::Applicant,
        applicant_born,
        true,
    ));
    let mut remaining = shape.size.saturating_sub(1);
    if remaining > 0 && rng.chance(80) {
        let born = applicant_born + Duration::days(rng.below(2000) as i64 - 1000);
        members.push(person(
            rng,
            !applicant_female,
            Relationship::Spouse,
            born,
            true,
        ));
        remaining -= 1;
    }
    while remaining > 0 {
        let (relationship, born) = if remaining == 1 && rng.chance(25) {
            (Relationship::Parent, birth_date(rng, today, 65, 90))
        } else {
            let parent_age = crate::domain::event::age_on(applicant_born, today) as i64;
            let oldest = (parent_age - 20).clamp(1, 30);
            (Relationship::Child, birth_date(rng, today, 1, oldest))
        };
        let female = rng.chance(50);
        members.push(person(rng, female, relationship, born, true));
        remaining -= 1;
    }
    if shape.absent_member {
        let born = birth_date(rng, today, 20, 40);
        let female = rng.chance(50);
        members.push(person(rng, female, Relationship::Child, born, false));
    }
    let area = Decimal::new(400 + rng.below(1100) as i64, 2);
    ApplicationInput {
        event_id,
        channel: Some(channel),
        applicant_phone: format!(
            "+7 914 {:03}-{:02}-{:02}",
            rng.below(1000),
            rng.below(100),
            rng.below(100)
        ),
        applicant_email: None,
        postal_address: address.clone(),
        property_address: address,
        cadastral_number: Some(format!(
            "28:01:{:07}:{}",
            10_000 + rng.below(90_000),
            1 + rng.below(999)
        )),
        plot_area_sotka: area,
        crops_lost: vec![
            "картофель".into(),
            "капуста".into(),
            "морковь".into(),
            "свёкла".into(),
        ],
        loss_extent: LossExtent::Full,
        description:
            "Участок затоплен в результате ливневых дождей 18.08.2020, урожай погиб полностью"
                .into(),
        consent_personal_data: true,
        late_reason: None,
        members,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surnames_take_the_feminine_form() {
        assert_eq!(feminine("Иванов"), "Иванова");
        assert_eq!(feminine("Соловьёв"), "Соловьёва");
        assert_eq!(feminine("Никитин"), "Никитина");
        assert_eq!(feminine("Островский"), "Островская");
        assert_eq!(feminine("Ким"), "Ким");
        assert_eq!(feminine("Шевченко"), "Шевченко");
    }

    #[test]
    fn every_generated_household_passes_the_api_validation() {
        let words = WordLists::load();
        let mut rng = Seeded::new(7);
        let mut documents = Documents::new();
        let today = NaiveDate::from_ymd_opt(2020, 9, 25).unwrap();
        for size in 1..=6 {
            for absent_member in [false, true] {
                let input = household(
                    &words,
                    &mut rng,
                    &mut documents,
                    1,
                    Shape {
                        size,
                        absent_member,
                    },
                    Channel::InPerson,
                    today,
                );
                assert_eq!(input.members.len(), size + usize::from(absent_member));
                if let Err(errors) = input.parse(today) {
                    panic!("{size}: {errors:?}\n{input:?}");
                }
            }
        }
    }
}
