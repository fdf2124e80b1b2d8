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
    }
}

diesel::table! {
    login_failures (id) {
        id -> BigInt,
        login_key -> Text,
        failed_at -> Timestamp,
    }
}

diesel::allow_tables_to_appear_in_same_query!(users, login_failures);
