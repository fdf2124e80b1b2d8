//! What a page says after a form went through. The redirect carries only a
//! code from this closed list, so a crafted link cannot make the service
//! show text of someone else's choosing.

/// A completed action, named in the `done` query parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Done {
    Scheduled,
    Inspected,
    Decided,
    DuplicateResolved,
    ListApproved,
    StockReceived,
    EventCreated,
    NormsSaved,
    ItemCreated,
    WarehouseCreated,
    UserCreated,
    DocumentsRequested,
    Extended,
    Withdrawn,
    Amended,
    MemberAdded,
    MemberRemoved,
}

impl Done {
    const ALL: [Done; 17] = [
        Done::Scheduled,
        Done::Inspected,
        Done::Decided,
        Done::DuplicateResolved,
        Done::ListApproved,
        Done::StockReceived,
        Done::EventCreated,
        Done::NormsSaved,
        Done::ItemCreated,
        Done::WarehouseCreated,
        Done::UserCreated,
        Done::DocumentsRequested,
        Done::Extended,
        Done::Withdrawn,
        Done::Amended,
        Done::MemberAdded,
        Done::MemberRemoved,
    ];

    fn code(self) -> &'static str {
        match self {
            Done::Scheduled => "scheduled",
            Done::Inspected => "inspected",
            Done::Decided => "decided",
            Done::DuplicateResolved => "duplicate_resolved",
            Done::ListApproved => "list_approved",
            Done::StockReceived => "stock_received",
            Done::EventCreated => "event_created",
            Done::NormsSaved => "norms_saved",
            Done::ItemCreated => "item_created",
            Done::WarehouseCreated => "warehouse_created",
            Done::UserCreated => "user_created",
            Done::DocumentsRequested => "documents_requested",
            Done::Extended => "extended",
            Done::Withdrawn => "withdrawn",
            Done::Amended => "amended",
            Done::MemberAdded => "member_added",
            Done::MemberRemoved => "member_removed",
        }
    }

    pub fn message(self) -> &'static str {
        match self {
            Done::Scheduled => "Обследование назначено",
            Done::Inspected => "Результат обследования записан",
            Done::Decided => "Решение принято",
            Done::DuplicateResolved => "Совпадение рассмотрено",
            Done::ListApproved => "Список утверждён",
            Done::StockReceived => "Продукция принята",
            Done::EventCreated => "Событие создано",
            Done::NormsSaved => "Нормы сохранены",
            Done::ItemCreated => "Продукция добавлена в номенклатуру",
            Done::WarehouseCreated => "Склад добавлен",
            Done::UserCreated => "Пользователь создан",
            Done::DocumentsRequested => {
                "Документы запрошены: заявитель увидит запрос на странице заявления"
            }
            Done::Extended => "Срок ответа продлён",
            Done::Withdrawn => "Заявление отозвано",
            Done::Amended => "Изменения сохранены",
            Done::MemberAdded => "Член семьи добавлен",
            Done::MemberRemoved => "Член семьи убран из заявления",
        }
    }

    /// The message for a code from an address; nothing for any other text.
    pub fn message_for(code: Option<&str>) -> Option<&'static str> {
        let code = code?;
        Done::ALL
            .into_iter()
            .find(|done| done.code() == code)
            .map(Done::message)
    }

    /// `path` with this code added to its query.
    pub fn url(self, path: &str) -> String {
        let separator = if path.contains('?') { '&' } else { '?' };
        format!("{path}{separator}done={}", self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_known_codes_say_anything() {
        for done in Done::ALL {
            assert_eq!(Done::message_for(Some(done.code())), Some(done.message()));
        }
        assert_eq!(Done::message_for(Some("Ваш пароль устарел")), None);
        assert_eq!(Done::message_for(None), None);
        assert_eq!(
            Done::ListApproved.url("/lists/3"),
            "/lists/3?done=list_approved"
        );
        assert_eq!(
            Done::StockReceived.url("/stock?warehouse=2"),
            "/stock?warehouse=2&done=stock_received"
        );
    }
}
