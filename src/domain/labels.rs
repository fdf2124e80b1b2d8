//! The closed lists as a Russian-speaking person reads them, on paper and
//! on screen. Each match names every variant, so a new value cannot reach a
//! printed document without its wording.

use super::application::{ApplicationStatus, Channel, LossExtent, Relationship};
use super::distribution::{ListStatus, RowStatus};
use super::review::{
    ApplicationOutcome, FoundLoss, InspectionOutcome, InspectionStatus, MemberOutcome,
    RefusalReason,
};

pub fn channel(value: Channel) -> &'static str {
    match value {
        Channel::InPerson => "личный приём",
        Channel::Post => "почтовое отправление",
        Channel::Website => "сайт администрации",
        Channel::OpenRegion => "сервис «Открытый регион»",
        Channel::FeedbackPlatform => "Платформа обратной связи (Госуслуги)",
        Channel::SocialNetwork => "социальные сети",
        Channel::Other => "иной способ",
    }
}

pub fn relationship(value: Relationship) -> &'static str {
    match value {
        Relationship::Applicant => "заявитель",
        Relationship::Spouse => "супруг(а)",
        Relationship::Child => "сын (дочь)",
        Relationship::Parent => "отец (мать)",
        Relationship::Sibling => "брат (сестра)",
        Relationship::Grandchild => "внук (внучка)",
        Relationship::Grandparent => "дедушка (бабушка)",
        Relationship::Other => "иное",
    }
}

pub fn loss_extent(value: LossExtent) -> &'static str {
    match value {
        LossExtent::Full => "полная",
        LossExtent::Partial => "частичная",
    }
}

pub fn status(value: ApplicationStatus) -> &'static str {
    match value {
        ApplicationStatus::Submitted => "зарегистрировано",
        ApplicationStatus::Incomplete => "запрошены документы",
        ApplicationStatus::InspectionScheduled => "назначено обследование",
        ApplicationStatus::Inspected => "обследование проведено",
        ApplicationStatus::Decided => "решение принято",
        ApplicationStatus::Withdrawn => "отозвано заявителем",
    }
}

pub fn inspection_outcome(value: InspectionOutcome) -> &'static str {
    match value {
        InspectionOutcome::LossConfirmed => "утрата урожая подтверждена",
        InspectionOutcome::LossNotConfirmed => "утрата урожая не подтверждена",
        InspectionOutcome::NotPossible => "обследование невозможно",
    }
}

pub fn found_loss(value: FoundLoss) -> &'static str {
    match value {
        FoundLoss::Full => "утрачен полностью",
        FoundLoss::Partial => "утрачен частично",
        FoundLoss::None => "не утрачен",
    }
}

pub fn member_outcome(value: MemberOutcome) -> &'static str {
    match value {
        MemberOutcome::Recognized => "признан(а) пострадавшим(ей)",
        MemberOutcome::Refused => "отказано",
    }
}

pub fn application_outcome(value: ApplicationOutcome) -> &'static str {
    match value {
        ApplicationOutcome::Approved => "заявление удовлетворено",
        ApplicationOutcome::PartiallyApproved => "заявление удовлетворено частично",
        ApplicationOutcome::Rejected => "в удовлетворении заявления отказано",
    }
}

/// Short name of a refusal reason, for tables and reports.
pub fn refusal_reason(value: RefusalReason) -> &'static str {
    match value {
        RefusalReason::NotRegisteredAtProperty => "нет регистрации по адресу",
        RefusalReason::NotLivingAtProperty => "не проживает по адресу",
        RefusalReason::HarvestNotFullyLost => "урожай утрачен не полностью",
        RefusalReason::PlotOutsideZone => "участок вне зоны ЧС или без жилого дома",
        RefusalReason::Duplicate => "уже признан(а) по другому заявлению",
        RefusalReason::InspectionNotConfirmed => "обследование не подтвердило утрату",
        RefusalReason::DocumentsMissing => "не представлены документы",
        RefusalReason::LateApplication => "заявление подано после срока приёма",
        RefusalReason::Other => "иное основание",
    }
}

/// One plain sentence explaining a refusal, for the decision notice.
pub fn refusal_sentence(value: RefusalReason) -> &'static str {
    match value {
        RefusalReason::NotRegisteredAtProperty => {
            "На дату введения режима чрезвычайной ситуации гражданин не был зарегистрирован по адресу пострадавшего жилого дома."
        }
        RefusalReason::NotLivingAtProperty => {
            "Гражданин не проживает постоянно в пострадавшем жилом доме."
        }
        RefusalReason::HarvestNotFullyLost => {
            "Урожай на земельном участке утрачен не полностью, а помощь оказывается только при полной утрате урожая."
        }
        RefusalReason::PlotOutsideZone => {
            "Земельный участок находится вне зоны чрезвычайной ситуации или на нём нет жилого дома."
        }
        RefusalReason::Duplicate => {
            "Гражданин уже признан пострадавшим по другому заявлению, а помощь предоставляется один раз."
        }
        RefusalReason::InspectionNotConfirmed => {
            "Обследование земельного участка комиссией не подтвердило утрату урожая."
        }
        RefusalReason::DocumentsMissing => {
            "Не представлены документы, подтверждающие состав семьи, регистрацию или личность."
        }
        RefusalReason::LateApplication => {
            "Заявление подано после окончания срока приёма заявлений."
        }
        RefusalReason::Other => "Отказано по иному основанию, указанному комиссией.",
    }
}

pub fn match_status(value: super::duplicates::MatchStatus) -> &'static str {
    use super::duplicates::MatchStatus;
    match value {
        MatchStatus::Open => "не рассмотрено",
        MatchStatus::Confirmed => "подтверждено",
        MatchStatus::Dismissed => "не подтвердилось",
    }
}

pub fn inspection_status(value: InspectionStatus) -> &'static str {
    match value {
        InspectionStatus::Scheduled => "назначено",
        InspectionStatus::Recorded => "акт составлен",
    }
}

pub fn list_status(value: ListStatus) -> &'static str {
    match value {
        ListStatus::Draft => "проект",
        ListStatus::Approved => "утверждена",
        ListStatus::Closed => "закрыта",
    }
}

pub fn row_status(value: RowStatus) -> &'static str {
    match value {
        RowStatus::Pending => "ожидает выдачи",
        RowStatus::Issued => "выдано",
        RowStatus::NotCollected => "не получено",
    }
}

/// An entry of the audit trail as the history on screen names it; an
/// action added later shows its code until it gets a wording here.
pub fn audit_action(action: &str) -> &str {
    match action {
        "application.filed" => "Заявление зарегистрировано",
        "application.amended" => "Заявление изменено",
        "application.resubmitted" => "Заявление подано повторно после дополнения",
        "application.documents_requested" => "Запрошены документы",
        "application.extended" => "Срок ответа продлён",
        "application.withdrawn" => "Заявление отозвано",
        "application.decided" => "Принято решение",
        "member.added" => "Добавлен член семьи",
        "member.removed" => "Убран член семьи",
        "inspection.scheduled" => "Назначено обследование",
        "inspection.recorded" => "Проведено обследование",
        "inspection.not_possible" => "Обследование не состоялось, назначена новая дата",
        "duplicate.resolved" => "Рассмотрено совпадение",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reason_has_one_sentence_ending_in_a_full_stop() {
        for reason in RefusalReason::ALL {
            let sentence = refusal_sentence(*reason);
            assert!(sentence.ends_with('.'), "{sentence}");
            assert_eq!(sentence.matches(". ").count(), 0, "{sentence}");
            assert!(!refusal_reason(*reason).is_empty());
        }
    }
}
