//! The distribution sheet (ведомость выдачи): what each household is given
//! at the warehouse, signed row by row by whoever collects it.

use chrono::NaiveDate;

use super::composer::{Align, Composer};
use super::fonts::Style;
use super::page::PageFormat;
use super::table::{Column, Table};
use super::PrintError;
use crate::domain::wording::{date, grouped, kg};

/// An item column; quantities are always in kilograms.
pub struct SheetItem {
    pub name: String,
}

pub struct Issued {
    pub on: NaiveDate,
    /// The proxy who collected under a power of attorney, if not the
    /// recipient.
    pub proxy: Option<String>,
}

pub struct SheetRow {
    pub registration_number: String,
    pub recipient: String,
    pub address: String,
    pub persons: i64,
    /// Grams of each item, in the order of [`Sheet::items`].
    pub grams: Vec<i64>,
    pub issued: Option<Issued>,
}

pub struct Sheet {
    pub municipality: String,
    pub event_title: String,
    pub number: i64,
    pub approved: bool,
    pub warehouse_name: String,
    pub warehouse_address: String,
    pub opening_hours: String,
    pub pickup_from: NaiveDate,
    pub pickup_until: NaiveDate,
    pub items: Vec<SheetItem>,
    pub rows: Vec<SheetRow>,
}

const SIZE: f32 = 8.0;

impl Sheet {
    /// Per-item totals of the rows, and the persons they cover.
    pub fn totals(&self) -> (i64, Vec<i64>) {
        let mut grams = vec![0_i64; self.items.len()];
        let mut persons = 0;
        for row in &self.rows {
            persons += row.persons;
            for (total, value) in grams.iter_mut().zip(&row.grams) {
                *total += value;
            }
        }
        (persons, grams)
    }

    pub fn render(&self) -> Result<Vec<u8>, PrintError> {
        let title = format!("Ведомость выдачи № {}", self.number);
        let mut c = Composer::new(&title, PageFormat::a4_landscape())?;
        c.paragraph(Style::Regular, 9.0, Align::Center, &self.municipality);
        c.paragraph(
            Style::Bold,
            12.0,
            Align::Center,
            &format!("ВЕДОМОСТЬ ВЫДАЧИ № {}", self.number),
        );
        c.paragraph(
            Style::Regular,
            9.0,
            Align::Center,
            "гуманитарной помощи в натуральной форме (овощи) гражданам, признанным пострадавшими",
        );
        if !self.approved {
            c.paragraph(
                Style::Bold,
                9.0,
                Align::Center,
                "ПРОЕКТ — ведомость не утверждена",
            );
        }
        c.space(4.0);
        let lines = [
            format!("Чрезвычайная ситуация: {}", self.event_title),
            format!(
                "Склад: {}, {}; часы работы: {}",
                self.warehouse_name, self.warehouse_address, self.opening_hours
            ),
            format!(
                "Период выдачи: с {} по {}",
                date(self.pickup_from),
                date(self.pickup_until)
            ),
        ];
        for line in &lines {
            c.paragraph(Style::Regular, 9.0, Align::Left, line);
        }
        c.space(4.0);

        let mut columns = vec![
            Column::new("№", 3.0, Align::Right),
            Column::new("Номер заявления", 10.0, Align::Left),
            Column::new("ФИО получателя", 16.0, Align::Left),
            Column::new("Адрес", 15.5, Align::Left),
            Column::new("Чел.", 4.0, Align::Right),
        ];
        for item in &self.items {
            columns.push(Column::new(format!("{}, кг", item.name), 8.0, Align::Right));
        }
        columns.push(Column::new(
            "Документ, удостоверяющий личность",
            11.5,
            Align::Left,
        ));
        columns.push(Column::new("Подпись", 9.0, Align::Left));
        columns.push(Column::new("Дата", 7.0, Align::Left));
        let mut table = Table::new(&c, columns, SIZE);
        table.begin(&mut c);
        let mut cells: Vec<String> = Vec::with_capacity(self.items.len() + 8);
        for (index, row) in self.rows.iter().enumerate() {
            cells.clear();
            cells.push((index + 1).to_string());
            cells.push(row.registration_number.clone());
            cells.push(match row.issued.as_ref().and_then(|i| i.proxy.as_deref()) {
                Some(proxy) => format!("{}\nпо доверенности: {proxy}", row.recipient),
                None => row.recipient.clone(),
            });
            cells.push(row.address.clone());
            cells.push(row.persons.to_string());
            cells.extend(row.grams.iter().map(|g| kg(*g)));
            match &row.issued {
                Some(issued) => {
                    cells.push(String::new());
                    cells.push("выдано".to_owned());
                    cells.push(date(issued.on));
                }
                None => cells.extend([String::new(), String::new(), String::new()]),
            }
            table.row(&mut c, &cells, Style::Regular);
        }
        let (persons, totals) = self.totals();
        cells.clear();
        cells.extend([
            String::new(),
            String::new(),
            "Итого".to_owned(),
            String::new(),
        ]);
        cells.push(grouped(persons));
        cells.extend(totals.iter().map(|g| kg(*g)));
        table.row(&mut c, &cells, Style::Bold);
        table.end(&mut c);

        c.space(10.0);
        let issued = self.rows.iter().filter(|r| r.issued.is_some()).count();
        c.paragraph(
            Style::Regular,
            9.0,
            Align::Left,
            &format!(
                "Строк в ведомости: {}; выдано: {}; не выдано: {}.",
                grouped(self.rows.len() as i64),
                grouped(issued as i64),
                grouped((self.rows.len() - issued) as i64)
            ),
        );
        c.space(8.0);
        c.signature("Выдал", "", 9.0);
        c.signature("Ответственный", "", 9.0);
        Ok(c.finish(&title))
    }
}
