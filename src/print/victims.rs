//! The list of citizens recognised as victims (список граждан, признанных
//! пострадавшими) that the head of the municipality approves (68-FZ
//! art. 11). It can run to thousands of pages for a large flood, so rows
//! are drawn as they come and nothing is kept per row beyond the page ops.

use chrono::NaiveDate;

use super::composer::{Align, Composer, LEADING};
use super::fonts::Style;
use super::page::PageFormat;
use super::table::{Column, Table};
use super::PrintError;
use crate::domain::wording::{date, grouped, kg, plural};

pub struct VictimLine {
    pub full_name: String,
    pub birth_date: NaiveDate,
    pub registration_address: String,
    pub registration_number: String,
    /// All items due to this person together, in grams.
    pub aid_grams: i64,
}

pub struct VictimsList {
    pub municipality: String,
    pub event_title: String,
    /// The norm in words, «картофель 50 кг, капуста 20 кг, …».
    pub norm: String,
    /// In application number order, then household order.
    pub lines: Vec<VictimLine>,
}

const SIZE: f32 = 8.5;

impl VictimsList {
    pub fn render(&self) -> Result<Vec<u8>, PrintError> {
        let title = "Список граждан, признанных пострадавшими";
        // Landscape, so that a name and a full address each fit one line:
        // a row of one line is one text run, which halves the drawing time
        // of a long list.
        let mut c = Composer::new(title, PageFormat::a4_landscape())?;
        approval_block(&mut c, &self.municipality);
        c.space(8.0);
        c.paragraph(Style::Bold, 12.0, Align::Center, "СПИСОК");
        c.paragraph(
            Style::Bold,
            10.5,
            Align::Center,
            &format!(
                "граждан, признанных пострадавшими в результате чрезвычайной ситуации «{}»",
                self.event_title
            ),
        );
        c.space(4.0);
        if !self.norm.is_empty() {
            c.paragraph(
                Style::Regular,
                9.0,
                Align::Left,
                &format!("Норма помощи на одного человека: {}.", self.norm),
            );
            c.space(3.0);
        }
        let columns = vec![
            Column::new("№", 4.0, Align::Right),
            Column::new("Фамилия, имя, отчество", 26.0, Align::Left),
            Column::new("Дата рождения", 8.0, Align::Left),
            Column::new("Адрес регистрации", 42.0, Align::Left),
            Column::new("Номер заявления", 11.0, Align::Left),
            Column::new("Помощь, кг", 8.0, Align::Right),
        ];
        let mut table = Table::new(&c, columns, SIZE);
        table.begin(&mut c);
        let mut total = 0_i64;
        for (index, line) in self.lines.iter().enumerate() {
            total += line.aid_grams;
            let cells = [
                (index + 1).to_string(),
                line.full_name.clone(),
                date(line.birth_date),
                line.registration_address.clone(),
                line.registration_number.clone(),
                kg(line.aid_grams),
            ];
            table.row(&mut c, &cells, Style::Regular);
        }
        let persons = self.lines.len() as i64;
        let cells = [
            String::new(),
            format!(
                "Итого: {} {}",
                grouped(persons),
                plural(persons, "человек", "человека", "человек")
            ),
            String::new(),
            String::new(),
            String::new(),
            kg(total),
        ];
        table.row(&mut c, &cells, Style::Bold);
        table.end(&mut c);
        Ok(c.finish(title))
    }
}

/// «УТВЕРЖДАЮ» at the top right, for the head to sign and date.
fn approval_block(c: &mut Composer, municipality: &str) {
    let size = 10.0;
    let width = 220.0;
    let x = c.right() - width;
    let lines = [
        ("УТВЕРЖДАЮ", Style::Bold),
        ("Глава муниципального образования", Style::Regular),
        (municipality, Style::Regular),
        ("", Style::Regular),
        ("________________ / ________________ /", Style::Regular),
        ("«____» _______________ 20____ г.", Style::Regular),
    ];
    for (text, style) in lines {
        for part in super::wrap::wrap(c.face(style), text, size, width) {
            let top = c.y();
            c.text(x, top, style, size, &part);
            c.space(size * LEADING);
        }
    }
}
