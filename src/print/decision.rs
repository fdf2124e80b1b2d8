//! The decision notice (уведомление о результатах рассмотрения): what the
//! commission decided for each household member, why, in plain Russian,
//! and where to collect the aid.

use chrono::NaiveDate;

use super::composer::{Align, Composer};
use super::fonts::Style;
use super::page::PageFormat;
use super::table::{Column, Table};
use super::PrintError;
use crate::domain::wording::date;

pub struct MemberResult {
    pub full_name: String,
    pub birth_date: NaiveDate,
    pub recognized: bool,
    pub outcome: String,
    /// For a refusal: the reason's sentence, then the commission's comment.
    pub explanation: String,
}

pub struct Pickup {
    pub list_number: i64,
    pub warehouse_name: String,
    pub warehouse_address: String,
    pub opening_hours: String,
    pub from: NaiveDate,
    pub until: NaiveDate,
    /// When the aid has already been collected.
    pub issued_on: Option<NaiveDate>,
}

pub struct DecisionNotice {
    pub municipality: String,
    pub event_title: String,
    pub applicant: String,
    pub postal_address: String,
    pub registration_number: String,
    pub registered_on: NaiveDate,
    pub decided_on: NaiveDate,
    pub protocol_number: String,
    pub outcome: String,
    pub members: Vec<MemberResult>,
    pub pickup: Option<Pickup>,
}

const SIZE: f32 = 10.0;

impl DecisionNotice {
    pub fn render(&self) -> Result<Vec<u8>, PrintError> {
        let title = format!("Уведомление по заявлению № {}", self.registration_number);
        let mut c = Composer::new(&title, PageFormat::a4_portrait())?;
        c.paragraph(Style::Regular, SIZE, Align::Center, &self.municipality);
        c.space(6.0);
        c.paragraph(Style::Regular, SIZE, Align::Right, &self.applicant);
        c.paragraph(Style::Regular, SIZE, Align::Right, &self.postal_address);
        c.space(10.0);
        c.paragraph(Style::Bold, 13.0, Align::Center, "УВЕДОМЛЕНИЕ");
        c.paragraph(
            Style::Bold,
            SIZE,
            Align::Center,
            "о результатах рассмотрения заявления",
        );
        c.space(8.0);
        c.paragraph(
            Style::Regular,
            SIZE,
            Align::Left,
            &format!(
                "Ваше заявление № {} от {} об оказании гуманитарной помощи в связи с \
                 чрезвычайной ситуацией «{}» рассмотрено комиссией {} (протокол № {}). \
                 Решение: {}.",
                self.registration_number,
                date(self.registered_on),
                self.event_title,
                date(self.decided_on),
                self.protocol_number,
                self.outcome
            ),
        );
        c.space(8.0);
        let mut table = Table::new(
            &c,
            vec![
                Column::new("№", 5.0, Align::Right),
                Column::new("Фамилия, имя, отчество", 32.0, Align::Left),
                Column::new("Дата рождения", 15.0, Align::Left),
                Column::new("Решение", 18.0, Align::Left),
                Column::new("Основание", 30.0, Align::Left),
            ],
            SIZE - 1.0,
        );
        table.begin(&mut c);
        for (index, member) in self.members.iter().enumerate() {
            let cells = [
                (index + 1).to_string(),
                member.full_name.clone(),
                date(member.birth_date),
                member.outcome.clone(),
                member.explanation.clone(),
            ];
            table.row(&mut c, &cells, Style::Regular);
        }
        table.end(&mut c);
        c.space(10.0);
        match &self.pickup {
            Some(pickup) => {
                c.paragraph(Style::Bold, SIZE, Align::Left, "Получение помощи");
                let text = match pickup.issued_on {
                    Some(on) => format!(
                        "Помощь выдана {} на складе «{}» по ведомости № {}.",
                        date(on),
                        pickup.warehouse_name,
                        pickup.list_number
                    ),
                    None => format!(
                        "Помощь можно получить с {} по {} на складе «{}» по адресу: {} \
                         (часы работы: {}), ведомость № {}. При себе необходимо иметь \
                         документ, удостоверяющий личность; за другого человека помощь \
                         получают по доверенности.",
                        date(pickup.from),
                        date(pickup.until),
                        pickup.warehouse_name,
                        pickup.warehouse_address,
                        pickup.opening_hours,
                        pickup.list_number
                    ),
                };
                c.paragraph(Style::Regular, SIZE, Align::Left, &text);
            }
            None if self.members.iter().any(|m| m.recognized) => {
                c.paragraph(
                    Style::Regular,
                    SIZE,
                    Align::Left,
                    "О месте и сроках получения помощи Вам сообщат дополнительно.",
                );
            }
            None => {}
        }
        c.space(8.0);
        c.paragraph(
            Style::Regular,
            SIZE - 1.0,
            Align::Left,
            "Решение может быть обжаловано в порядке, установленном законодательством \
             Российской Федерации.",
        );
        c.space(14.0);
        c.signature("Председатель комиссии", "", SIZE);
        Ok(c.finish(&title))
    }
}
