//! The layout engine on documents too long for one page, drawn directly
//! (no database): page breaks, repeated headers, whole rows, wrapped long
//! names, totals, «Лист N из M».

use chrono::NaiveDate;
use relief::domain::wording::kg;
use relief::print::receipt::{HouseholdLine, Receipt};
use relief::print::sheet::{Issued, Sheet, SheetItem, SheetRow};
use relief::print::victims::{VictimLine, VictimsList};

use crate::pdf::{keep_sample, squeeze, Pdf};

const LONG_NAME: &str = "Константинопольская-Преображенская Александра-Виктория Вениаминовна";
const SURNAMES: [&str; 5] = ["Иванова", "Щербаков", "Ёлкина", "Кузнецов", "Соловьёва"];
const NAMES: [&str; 4] = ["Алёна", "Пётр", "Юлия", "Эдуард"];

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Distinct names: no name is a part of another, even without spaces.
fn person(i: usize) -> String {
    format!("{} {} Номер{}х", SURNAMES[i % 5], NAMES[i % 4], i)
}

fn sheet(rows: usize) -> Sheet {
    let item = |name: &str| SheetItem {
        name: name.to_owned(),
    };
    Sheet {
        municipality: "Администрация города Благовещенска".into(),
        event_title: "Подтопление 18.08.2020".into(),
        number: 7,
        approved: true,
        warehouse_name: "База № 1".into(),
        warehouse_address: "ул. Пограничная, 124".into(),
        opening_hours: "9:00–17:00".into(),
        pickup_from: date(2020, 10, 1),
        pickup_until: date(2020, 10, 31),
        items: vec![item("Картофель"), item("Капуста"), item("Морковь"), item("Свёкла")],
        rows: (0..rows)
            .map(|i| {
                let persons = (i % 4 + 1) as i64;
                SheetRow {
                    registration_number: format!("BLG-{:05}", i + 1),
                    recipient: if i == 5 { LONG_NAME.into() } else { person(i) },
                    address: format!(
                        "г. Благовещенск, ул. Чигиринская, д. {}, кв. {} (дом у реки, вход со двора)",
                        i + 1,
                        i % 40
                    ),
                    persons,
                    grams: vec![50_000 * persons, 20_000 * persons, 10_000 * persons, 10_500 * persons],
                    issued: (i % 3 == 0).then(|| Issued {
                        on: date(2020, 10, 20),
                        proxy: (i % 9 == 0).then(|| format!("Доверенное Лицо Номер{i}ч")),
                    }),
                }
            })
            .collect(),
    }
}

#[test]
fn a_long_sheet_breaks_pages_between_rows_and_repeats_its_header() {
    let sheet = sheet(120);
    let bytes = sheet.render().unwrap();
    let pdf = Pdf::parse(&bytes);
    assert!(pdf.pages.len() >= 4, "{} pages", pdf.pages.len());
    pdf.assert_numbered();
    // The header row starts every page.
    assert_eq!(
        pdf.pages_with("Документ, удостоверяющий личность").len(),
        pdf.pages.len()
    );
    for (i, row) in sheet.rows.iter().enumerate() {
        // Every row once, never split: its number and its whole name and
        // address on one page.
        assert_eq!(pdf.count(&row.registration_number), 1, "row {i}");
        assert_eq!(pdf.count(&row.recipient), 1, "row {i}: {}", row.recipient);
        let on = pdf.pages_with(&row.registration_number);
        assert_eq!(pdf.pages_with(&row.recipient), on, "row {i} split");
        assert_eq!(pdf.pages_with(&row.address), on, "row {i} address");
    }
    assert_eq!(pdf.count(LONG_NAME), 1);
    // Proxies are named on their rows.
    assert_eq!(pdf.count("по доверенности: Доверенное Лицо Номер9ч"), 1);
    assert_eq!(pdf.count("Доверенное Лицо Номер10ч"), 0);
    // The totals row is the sum of the rows, item by item.
    let (persons, grams) = sheet.totals();
    let expected_persons: i64 = sheet.rows.iter().map(|r| r.persons).sum();
    assert_eq!(persons, expected_persons);
    for (index, total) in grams.iter().enumerate() {
        let sum: i64 = sheet.rows.iter().map(|r| r.grams[index]).sum();
        assert_eq!(*total, sum);
    }
    let totals_row = format!(
        "Итого{}{}",
        expected_persons,
        grams.iter().map(|g| squeeze(&kg(*g))).collect::<String>()
    );
    assert_eq!(pdf.count(&totals_row), 1, "totals row {totals_row}");
    assert_eq!(pdf.pages_with("Итого"), vec![pdf.pages.len()]);
    assert_eq!(pdf.count("Выдал"), 1);
    assert_eq!(pdf.count("Ответственный"), 1);
    let expected: Vec<String> = sheet
        .rows
        .iter()
        .map(|r| r.registration_number.clone())
        .collect();
    keep_sample("sheet-long", &bytes, &expected);
}

#[test]
fn a_long_victims_list_keeps_every_person_once_with_the_approval_block() {
    let list = VictimsList {
        municipality: "Администрация города Благовещенска".into(),
        event_title: "Подтопление 18.08.2020".into(),
        norm: "картофель 50 кг, капуста 20 кг".into(),
        lines: (0..250)
            .map(|i| VictimLine {
                full_name: if i == 100 {
                    LONG_NAME.into()
                } else {
                    person(i)
                },
                birth_date: date(
                    1950 + (i % 60) as i32,
                    1 + (i % 12) as u32,
                    1 + (i % 28) as u32,
                ),
                registration_address: format!("г. Благовещенск, ул. Зейская, д. {}", i / 3 + 1),
                registration_number: format!("BLG-{:05}", i / 3 + 1),
                aid_grams: 90_000,
            })
            .collect(),
    };
    let pdf = Pdf::parse(&list.render().unwrap());
    assert!(pdf.pages.len() >= 5, "{} pages", pdf.pages.len());
    pdf.assert_numbered();
    assert_eq!(pdf.pages_with("УТВЕРЖДАЮ"), vec![1]);
    assert_eq!(pdf.pages_with("Адрес регистрации").len(), pdf.pages.len());
    for line in &list.lines {
        assert_eq!(pdf.count(&line.full_name), 1, "{}", line.full_name);
        let birth = line.birth_date.format("%d.%m.%Y").to_string();
        assert_eq!(
            pdf.pages_with(&line.full_name),
            pdf.pages_with(&format!("{}{birth}", line.full_name)),
        );
    }
    assert_eq!(pdf.count("Итого: 250 человек"), 1);
    assert_eq!(pdf.count("22 500"), 1, "250 × 90 kg");
}

#[test]
fn a_receipt_wraps_a_long_name_and_address_inside_their_cells() {
    let receipt = Receipt {
        municipality: "Администрация города Благовещенска".into(),
        event_title: "Подтопление 18.08.2020".into(),
        registration_number: "BLG2020-00042".into(),
        registered_on: date(2020, 9, 21),
        channel: "личный приём".into(),
        applicant: LONG_NAME.into(),
        phone: "+79141234567".into(),
        email: None,
        postal_address: "Амурская область, г. Благовещенск, микрорайон Моховая Падь, \
                         садоводческое некоммерческое товарищество «Строитель-2», \
                         улица Садовая, участок 117, строение 2"
            .into(),
        property_address: "там же".into(),
        cadastral_number: Some("28:01:0130123:456".into()),
        members: vec![HouseholdLine {
            full_name: LONG_NAME.into(),
            birth_date: date(1980, 5, 1),
            relationship: "заявитель".into(),
        }],
        documents: vec!["Паспорт РФ 1005 123456 (член семьи № 1)".into()],
        answer_due_on: date(2020, 10, 21),
        officer: "Петрова О. И.".into(),
    };
    let pdf = Pdf::parse(&receipt.render().unwrap());
    assert_eq!(pdf.pages.len(), 1);
    pdf.assert_numbered();
    assert_eq!(
        pdf.count(LONG_NAME),
        2,
        "the applicant line and the household table"
    );
    assert_eq!(pdf.count(&receipt.postal_address), 1);
    assert_eq!(pdf.count("Ответ будет дан не позднее 21.10.2020"), 1);
    assert_eq!(pdf.count("Петрова О. И."), 1);
}
