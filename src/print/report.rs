//! The event report on paper: the opening paragraph in the style of the
//! city's annual report, then the figures as tables.

use super::composer::{Align, Composer};
use super::fonts::Style;
use super::page::PageFormat;
use super::table::{Column, Table};
use super::PrintError;
use crate::domain::event_report::EventReport;
use crate::domain::labels;
use crate::domain::wording::{date, grouped, kg, roubles};

const SIZE: f32 = 9.5;

fn two_columns(c: &mut Composer, title: &str, rows: &[(String, String)]) {
    c.space(6.0);
    c.paragraph(Style::Bold, SIZE + 0.5, Align::Left, title);
    c.space(2.0);
    let mut table = Table::new(
        c,
        vec![
            Column::new("Показатель", 70.0, Align::Left),
            Column::new("Значение", 30.0, Align::Right),
        ],
        SIZE,
    );
    table.begin(c);
    for (label, value) in rows {
        table.row(c, &[label.as_str(), value.as_str()], Style::Regular);
    }
    table.end(c);
}

pub fn render(report: &EventReport) -> Result<Vec<u8>, PrintError> {
    let title = format!("Отчёт по чрезвычайной ситуации «{}»", report.event.title);
    let mut c = Composer::new(&title, PageFormat::a4_portrait())?;
    c.paragraph(
        Style::Regular,
        SIZE,
        Align::Center,
        &report.event.municipality,
    );
    c.paragraph(Style::Bold, 13.0, Align::Center, "ОТЧЁТ");
    c.paragraph(
        Style::Bold,
        SIZE + 0.5,
        Align::Center,
        &format!(
            "о работе с заявлениями граждан, пострадавших в результате чрезвычайной ситуации «{}», на {}",
            report.event.title,
            date(report.today)
        ),
    );
    c.space(8.0);
    c.paragraph(Style::Regular, SIZE + 0.5, Align::Left, &report.summary());

    let intake = &report.intake;
    let count = |n: i64| grouped(n);
    let mut rows = vec![("Поступило заявлений, всего".to_owned(), count(intake.total))];
    for (channel, n) in &intake.by_channel {
        rows.push((format!("— {}", labels::channel(*channel)), count(*n)));
    }
    rows.extend([
        (
            "Рассмотрено (принято решение)".to_owned(),
            count(intake.decided),
        ),
        (
            "Ответ дан в течение 30 дней".to_owned(),
            count(intake.answered_within_30),
        ),
        (
            "Ответ дан в течение 60 дней".to_owned(),
            count(intake.answered_within_60),
        ),
        (
            "Просрочено (срок ответа истёк)".to_owned(),
            count(intake.overdue),
        ),
    ]);
    two_columns(&mut c, "1. Заявления", &rows);

    let weeks: Vec<(String, String)> = intake
        .by_week
        .iter()
        .map(|(monday, n)| {
            let sunday = *monday + chrono::Duration::days(6);
            (format!("{} – {}", date(*monday), date(sunday)), count(*n))
        })
        .collect();
    two_columns(&mut c, "2. Поступление заявлений по неделям", &weeks);

    let i = &report.inspections;
    two_columns(
        &mut c,
        "3. Обследования участков",
        &[
            (
                "Утрата урожая подтверждена".to_owned(),
                count(i.loss_confirmed),
            ),
            (
                "Утрата урожая не подтверждена".to_owned(),
                count(i.loss_not_confirmed),
            ),
            ("Обследование невозможно".to_owned(), count(i.not_possible)),
            ("Назначено, не проведено".to_owned(), count(i.scheduled)),
        ],
    );

    let mut persons = vec![
        (
            "Граждан указано в заявлениях".to_owned(),
            count(report.persons_listed),
        ),
        (
            "Признаны пострадавшими".to_owned(),
            count(report.persons_recognized),
        ),
        ("Отказано".to_owned(), count(report.persons_refused)),
    ];
    for (reason, n) in &report.refusals {
        persons.push((format!("— {}", labels::refusal_reason(*reason)), count(*n)));
    }
    two_columns(&mut c, "4. Граждане", &persons);

    let d = &report.duplicates;
    two_columns(
        &mut c,
        "5. Повторные обращения (дубликаты)",
        &[
            ("Выявлено".to_owned(), count(d.found)),
            ("Подтверждено".to_owned(), count(d.confirmed)),
            ("Отклонено".to_owned(), count(d.dismissed)),
            ("На рассмотрении".to_owned(), count(d.open)),
        ],
    );

    c.space(6.0);
    c.paragraph(
        Style::Bold,
        SIZE + 0.5,
        Align::Left,
        "6. Гуманитарная помощь, кг",
    );
    c.space(2.0);
    let mut table = Table::new(
        &c,
        vec![
            Column::new("Наименование", 20.0, Align::Left),
            Column::new("Положено", 14.0, Align::Right),
            Column::new("Поступило", 14.0, Align::Right),
            Column::new("Выдано", 14.0, Align::Right),
            Column::new("Не получено", 14.0, Align::Right),
            Column::new("Остаток", 12.0, Align::Right),
            Column::new("Выдано, руб.", 16.0, Align::Right),
        ],
        SIZE - 0.5,
    );
    table.begin(&mut c);
    for item in &report.items {
        let cells = [
            item.name.clone(),
            kg(item.due),
            kg(item.received),
            kg(item.issued),
            kg(item.not_collected),
            kg(item.in_stock),
            roubles(item.issued_value_kopecks),
        ];
        table.row(&mut c, &cells, Style::Regular);
    }
    let total = |f: fn(&crate::domain::event_report::ItemFigures) -> i64| {
        kg(report.items.iter().map(f).sum())
    };
    let cells = [
        "Итого".to_owned(),
        total(|i| i.due),
        total(|i| i.received),
        total(|i| i.issued),
        total(|i| i.not_collected),
        total(|i| i.in_stock),
        roubles(report.aid_value_kopecks()),
    ];
    table.row(&mut c, &cells, Style::Bold);
    table.end(&mut c);

    c.space(6.0);
    c.paragraph(Style::Bold, SIZE + 0.5, Align::Left, "7. Ведомости выдачи");
    c.space(2.0);
    let mut table = Table::new(
        &c,
        vec![
            Column::new("№ ведомости", 16.0, Align::Right),
            Column::new("Состояние", 24.0, Align::Left),
            Column::new("Строк", 15.0, Align::Right),
            Column::new("Выдано", 15.0, Align::Right),
            Column::new("Ожидают", 15.0, Align::Right),
            Column::new("Не получено", 15.0, Align::Right),
        ],
        SIZE - 0.5,
    );
    table.begin(&mut c);
    for list in &report.lists {
        let status = labels::list_status(list.status);
        let cells = [
            list.number.to_string(),
            status.to_owned(),
            count(list.rows),
            count(list.issued),
            count(list.open),
            count(list.not_collected),
        ];
        table.row(&mut c, &cells, Style::Regular);
    }
    table.end(&mut c);
    Ok(c.finish(&title))
}
