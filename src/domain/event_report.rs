//! An event's figures as the report shows them, on paper and on the page:
//! plain numbers a service counted, with the opening paragraph worded from
//! them.

use chrono::NaiveDate;

use super::distribution::ListStatus;
use super::report::Intake;
use super::review::RefusalReason;
use super::wording::{capitalised, date, grouped, kg, plural, roubles};

/// The event a report speaks of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportedEvent {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub municipality: String,
    pub emergency_declared_on: NaiveDate,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InspectionCounts {
    pub loss_confirmed: i64,
    pub loss_not_confirmed: i64,
    pub not_possible: i64,
    /// Scheduled and not yet recorded.
    pub scheduled: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DuplicateCounts {
    pub found: i64,
    pub open: i64,
    pub confirmed: i64,
    pub dismissed: i64,
}

/// One item's aid, in grams, and the value issued in kopecks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ItemFigures {
    pub item_id: i64,
    pub code: String,
    pub name: String,
    pub due: i64,
    pub received: i64,
    pub issued: i64,
    pub not_collected: i64,
    pub in_stock: i64,
    pub issued_value_kopecks: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListFigures {
    pub id: i64,
    pub number: i64,
    pub warehouse_id: i64,
    pub status: ListStatus,
    pub rows: i64,
    pub issued: i64,
    pub open: i64,
    pub not_collected: i64,
}

#[derive(Debug, Clone)]
pub struct EventReport {
    pub event: ReportedEvent,
    pub today: NaiveDate,
    pub intake: Intake,
    pub inspections: InspectionCounts,
    pub persons_listed: i64,
    pub persons_recognized: i64,
    pub persons_refused: i64,
    /// Every reason, in the order of [`RefusalReason::ALL`], zeros included.
    pub refusals: Vec<(RefusalReason, i64)>,
    pub duplicates: DuplicateCounts,
    pub items: Vec<ItemFigures>,
    pub lists: Vec<ListFigures>,
}

impl EventReport {
    pub fn aid_value_kopecks(&self) -> i64 {
        self.items
            .iter()
            .map(|i| i.issued_value_kopecks)
            .fold(0, i64::saturating_add)
    }

    pub fn issued_grams(&self) -> i64 {
        self.items
            .iter()
            .map(|i| i.issued)
            .fold(0, i64::saturating_add)
    }

    /// The opening paragraph in the style of the city's own report, with
    /// the nouns agreeing with the figures.
    pub fn summary(&self) -> String {
        let received = self.intake.total;
        let recognized = self.persons_recognized;
        let recognized_verb = plural(
            recognized,
            "признан пострадавшим",
            "признаны пострадавшими",
            "признаны пострадавшими",
        );
        let mut text = format!(
            "В связи с чрезвычайной ситуацией «{}», режим которой введён {}, поступило {} {} об оказании гуманитарной помощи. Рассмотрено {} {}, из них в срок до 30 дней — {}. {} {} {}.",
            self.event.title,
            date(self.event.emergency_declared_on),
            grouped(received),
            plural(received, "заявление", "заявления", "заявлений"),
            grouped(self.intake.decided),
            plural(self.intake.decided, "заявление", "заявления", "заявлений"),
            grouped(self.intake.answered_within_30),
            capitalised(recognized_verb),
            grouped(recognized),
            plural(recognized, "гражданин", "гражданина", "граждан"),
        );
        let issued = self.issued_grams();
        if issued > 0 {
            text.push_str(&format!(" Выдано {} кг овощей", kg(issued)));
            let value = self.aid_value_kopecks();
            if value > 0 {
                text.push_str(&format!(" на сумму {} руб.", roubles(value)));
            } else {
                text.push('.');
            }
        }
        text
    }
}
