//! Table definitions shared by both backends. Both migration sets must
//! produce exactly these columns; `tests/it/migrations.rs` checks it.

diesel::table! {
    users (id) {
        id -> BigInt,
        login -> Text,
        login_key -> Text,
        password_hash -> Text,
        role -> Text,
        full_name -> Text,
        phone -> Nullable<Text>,
        disabled -> Bool,
        token_version -> Integer,
        created_at -> Timestamp,
        warehouse_id -> Nullable<BigInt>,
    }
}

diesel::table! {
    login_attempts (login_key, source) {
        login_key -> Text,
        source -> Text,
        window_started_at -> Timestamp,
        attempts -> BigInt,
    }
}

diesel::table! {
    events (id) {
        id -> BigInt,
        code -> Text,
        title -> Text,
        municipality -> Text,
        emergency_declared_on -> Date,
        intake_opens_on -> Date,
        intake_closes_on -> Date,
        utc_offset_minutes -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        require_registration -> Bool,
        require_full_loss -> Bool,
        child_age_limit -> Integer,
        require_residence -> Bool,
    }
}

diesel::table! {
    counters (event_id, kind) {
        event_id -> BigInt,
        kind -> Text,
        last_value -> BigInt,
    }
}

diesel::table! {
    applications (id) {
        id -> BigInt,
        event_id -> BigInt,
        seq -> BigInt,
        registration_number -> Text,
        status -> Text,
        channel -> Text,
        filed_by -> BigInt,
        registered_at -> Timestamp,
        answer_due_on -> Date,
        extended_days -> Nullable<Integer>,
        extension_reason -> Nullable<Text>,
        extended_at -> Nullable<Timestamp>,
        late_reason -> Nullable<Text>,
        applicant_phone -> Text,
        applicant_email -> Nullable<Text>,
        postal_address -> Text,
        property_address -> Text,
        cadastral_number -> Nullable<Text>,
        property_key -> Nullable<Text>,
        plot_area_m2 -> BigInt,
        crops_lost -> Text,
        loss_extent -> Text,
        description -> Text,
        consent_personal_data -> Bool,
        updated_at -> Timestamp,
        outcome -> Nullable<Text>,
        protocol_number -> Nullable<Text>,
        decided_on -> Nullable<Date>,
        status_note -> Nullable<Text>,
    }
}

diesel::table! {
    members (id) {
        id -> BigInt,
        application_id -> BigInt,
        event_id -> BigInt,
        last_name -> Text,
        first_name -> Text,
        patronymic -> Nullable<Text>,
        match_key -> Text,
        search_key -> Text,
        birth_date -> Date,
        relationship -> Text,
        document_type -> Text,
        document_series -> Nullable<Text>,
        document_number -> Nullable<Text>,
        document_issued_on -> Nullable<Date>,
        document_issued_by -> Nullable<Text>,
        document_subdivision_code -> Nullable<Text>,
        document_description -> Nullable<Text>,
        snils -> Nullable<Text>,
        registered_at_property -> Bool,
        lives_at_property -> Bool,
        created_at -> Timestamp,
    }
}

diesel::table! {
    audit_log (id) {
        id -> BigInt,
        at -> Timestamp,
        actor_id -> Nullable<BigInt>,
        action -> Text,
        entity -> Text,
        entity_id -> BigInt,
        application_id -> Nullable<BigInt>,
        changes -> Text,
    }
}

diesel::table! {
    idempotency_keys (user_id, idempotency_key) {
        user_id -> BigInt,
        idempotency_key -> Text,
        request_hash -> Text,
        application_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    request_keys (user_id, idempotency_key) {
        user_id -> BigInt,
        idempotency_key -> Text,
        operation -> Text,
        request_hash -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    recognized_identifiers (event_id, identifier) {
        event_id -> BigInt,
        identifier -> Text,
        member_id -> BigInt,
        application_id -> BigInt,
    }
}

diesel::table! {
    inspections (id) {
        id -> BigInt,
        application_id -> BigInt,
        event_id -> BigInt,
        scheduled_on -> Date,
        inspectors -> Text,
        act_number -> Nullable<Text>,
        inspected_on -> Nullable<Date>,
        outcome -> Nullable<Text>,
        lost_area_m2 -> Nullable<BigInt>,
        present_persons -> Nullable<Text>,
        notes -> Nullable<Text>,
        created_at -> Timestamp,
        recorded_at -> Nullable<Timestamp>,
        loss_extent_found -> Nullable<Text>,
    }
}

diesel::table! {
    member_decisions (member_id) {
        member_id -> BigInt,
        application_id -> BigInt,
        event_id -> BigInt,
        outcome -> Text,
        reason -> Nullable<Text>,
        comment -> Nullable<Text>,
        recognition_key -> Nullable<Text>,
        protocol_number -> Text,
        decided_on -> Date,
        created_at -> Timestamp,
    }
}

diesel::table! {
    duplicate_matches (id) {
        id -> BigInt,
        event_id -> BigInt,
        kind -> Text,
        member_id -> BigInt,
        application_id -> BigInt,
        other_member_id -> BigInt,
        other_application_id -> BigInt,
        explanation -> Text,
        status -> Text,
        resolution_comment -> Nullable<Text>,
        resolved_by -> Nullable<BigInt>,
        resolved_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    items (id) {
        id -> BigInt,
        code -> Text,
        name -> Text,
        unit -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    norms (event_id, item_id) {
        event_id -> BigInt,
        item_id -> BigInt,
        grams_per_person -> BigInt,
        grams_per_child -> Nullable<BigInt>,
    }
}

diesel::table! {
    warehouses (id) {
        id -> BigInt,
        name -> Text,
        address -> Text,
        opening_hours -> Text,
        lock_version -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    stock_ledger (id) {
        id -> BigInt,
        warehouse_id -> BigInt,
        item_id -> BigInt,
        kind -> Text,
        on_hand_grams -> BigInt,
        reserved_grams -> BigInt,
        received_on -> Nullable<Date>,
        supplier -> Nullable<Text>,
        document_number -> Nullable<Text>,
        unit_price_kopecks -> Nullable<BigInt>,
        reason -> Nullable<Text>,
        actor_id -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    distribution_lists (id) {
        id -> BigInt,
        event_id -> BigInt,
        warehouse_id -> BigInt,
        number -> BigInt,
        status -> Text,
        pickup_from -> Date,
        pickup_until -> Date,
        created_by -> BigInt,
        created_at -> Timestamp,
        approved_at -> Nullable<Timestamp>,
        closed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    distribution_rows (id) {
        id -> BigInt,
        list_id -> BigInt,
        application_id -> BigInt,
        recipient_full_name -> Text,
        address -> Text,
        persons -> Integer,
        status -> Text,
        issued_at -> Nullable<Timestamp>,
        issued_by -> Nullable<BigInt>,
        received_by -> Nullable<Text>,
        proxy_full_name -> Nullable<Text>,
        proxy_document -> Nullable<Text>,
        power_of_attorney_number -> Nullable<Text>,
    }
}

diesel::table! {
    distribution_row_items (row_id, item_id) {
        row_id -> BigInt,
        item_id -> BigInt,
        grams -> BigInt,
    }
}

diesel::table! {
    list_memberships (member_id) {
        member_id -> BigInt,
        list_id -> BigInt,
        row_id -> BigInt,
    }
}

diesel::table! {
    annual_figures (year, metric) {
        year -> Integer,
        metric -> Text,
        value -> BigInt,
        entered_by -> BigInt,
        entered_at -> Timestamp,
    }
}

diesel::joinable!(applications -> events (event_id));
diesel::joinable!(members -> applications (application_id));

diesel::allow_tables_to_appear_in_same_query!(
    users,
    login_attempts,
    events,
    counters,
    applications,
    members,
    audit_log,
    idempotency_keys,
    request_keys,
    inspections,
    member_decisions,
    recognized_identifiers,
    duplicate_matches,
    items,
    norms,
    warehouses,
    stock_ledger,
    distribution_lists,
    distribution_rows,
    distribution_row_items,
    list_memberships,
    annual_figures,
);
