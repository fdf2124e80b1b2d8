//! The acknowledgment receipt (расписка о приёме заявления) the applicant
//! keeps: proof of the registration number and of the date by which the
//! administration must answer (59-FZ).

use chrono::NaiveDate;

use super::composer::{Align, Composer};
use super::fonts::Style;
use super::page::PageFormat;
use super::table::{Column, Table};
use super::PrintError;
use crate::domain::wording::date;

pub struct HouseholdLine {
    pub full_name: String,
    pub birth_date: NaiveDate,
    pub relationship: String,
}

pub struct Receipt {
    pub municipality: String,
    pub event_title: String,
    pub registration_number: String,
    pub registered_on: NaiveDate,
    pub channel: String,
    pub applicant: String,
    pub phone: String,
    pub email: Option<String>,
    pub postal_address: String,
    pub property_address: String,
    pub cadastral_number: Option<String>,
    pub members: Vec<HouseholdLine>,
    /// «Паспорт гражданина РФ 1005 № 123456 (Иванова А. П.)», one a line.
    pub documents: Vec<String>,
    pub answer_due_on: NaiveDate,
    /// The officer who took a paper application; empty for one filed
    /// online, to be written in by hand.
    pub officer: String,
}

const SIZE: f32 = 10.0;

impl Receipt {
    pub fn render(&self) -> Result<Vec<u8>, PrintError> {
        let title = format!("Расписка о приёме заявления № {}", self.registration_number);
        let mut c = Composer::new(&title, PageFormat::a4_portrait())?;
        c.paragraph(Style::Regular, SIZE, Align::Center, &self.municipality);
        c.space(6.0);
        c.paragraph(Style::Bold, 13.0, Align::Center, "РАСПИСКА");
        c.paragraph(
            Style::Bold,
            SIZE,
            Align::Center,
            "о приёме заявления об оказании гуманитарной помощи в связи с утратой урожая",
        );
        c.space(8.0);
        let fields = [
            ("Чрезвычайная ситуация", self.event_title.clone()),
            (
                "Регистрационный номер",
                format!(
                    "{} от {}",
                    self.registration_number,
                    date(self.registered_on)
                ),
            ),
            ("Способ подачи", self.channel.clone()),
            ("Заявитель", self.applicant.clone()),
            ("Телефон", self.phone.clone()),
            ("Электронная почта", self.email.clone().unwrap_or_default()),
            ("Почтовый адрес", self.postal_address.clone()),
            (
                "Адрес пострадавшего участка (дома)",
                self.property_address.clone(),
            ),
            (
                "Кадастровый номер",
                self.cadastral_number.clone().unwrap_or_default(),
            ),
        ];
        let mut table = Table::new(
            &c,
            vec![
                Column::new("Сведения", 30.0, Align::Left),
                Column::new("Значение", 70.0, Align::Left),
            ],
            SIZE,
        );
        table.begin(&mut c);
        for (label, value) in fields.iter().filter(|(_, v)| !v.is_empty()) {
            table.row(&mut c, &[*label, value.as_str()], Style::Regular);
        }
        table.end(&mut c);

        c.space(8.0);
        c.paragraph(
            Style::Bold,
            SIZE,
            Align::Left,
            "Состав семьи, указанный в заявлении:",
        );
        c.space(2.0);
        let mut table = Table::new(
            &c,
            vec![
                Column::new("№", 5.0, Align::Right),
                Column::new("Фамилия, имя, отчество", 50.0, Align::Left),
                Column::new("Дата рождения", 18.0, Align::Left),
                Column::new("Родство", 27.0, Align::Left),
            ],
            SIZE,
        );
        table.begin(&mut c);
        for (index, member) in self.members.iter().enumerate() {
            let cells = [
                (index + 1).to_string(),
                member.full_name.clone(),
                date(member.birth_date),
                member.relationship.clone(),
            ];
            table.row(&mut c, &cells, Style::Regular);
        }
        table.end(&mut c);

        c.space(8.0);
        c.paragraph(Style::Bold, SIZE, Align::Left, "Приняты документы:");
        let mut documents = vec![
            "Заявление об оказании гуманитарной помощи".to_owned(),
            "Согласие на обработку персональных данных".to_owned(),
        ];
        documents.extend(self.documents.iter().cloned());
        for (index, document) in documents.iter().enumerate() {
            c.paragraph(
                Style::Regular,
                SIZE,
                Align::Left,
                &format!("{}. {document}", index + 1),
            );
        }
        c.space(8.0);
        c.paragraph(
            Style::Bold,
            SIZE + 1.0,
            Align::Left,
            &format!("Ответ будет дан не позднее {}", date(self.answer_due_on)),
        );
        c.space(14.0);
        c.signature("Заявление принял", &self.officer, SIZE);
        c.paragraph(
            Style::Regular,
            SIZE,
            Align::Left,
            &format!("Дата: {}", date(self.registered_on)),
        );
        Ok(c.finish(&title))
    }
}
