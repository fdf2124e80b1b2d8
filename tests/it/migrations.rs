//! Both migration sets must produce the same tables and columns, since one
//! `schema.rs` serves both backends.

use std::collections::BTreeSet;

use diesel::sql_types::{Bool, Text};
use diesel::{QueryableByName, RunQueryDsl};

use crate::support::TestDb;
use relief::db::{connection::establish, migrations};

#[derive(Debug, QueryableByName)]
struct Column {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = Text)]
    data_type: String,
    #[diesel(sql_type = Bool)]
    nullable: bool,
}

/// Both backends' type names folded to the kinds diesel maps them to.
fn kind(data_type: &str) -> &'static str {
    match data_type.to_ascii_lowercase().as_str() {
        "integer" | "bigint" | "int" | "int4" | "int8" => "integer",
        "text" | "character varying" | "varchar" => "text",
        "boolean" | "bool" => "bool",
        "timestamp" | "timestamp without time zone" => "timestamp",
        "date" => "date",
        other => panic!("unexpected column type {other}"),
    }
}

fn columns(url: &str, query: &str) -> BTreeSet<(String, String, &'static str, bool)> {
    let mut conn = establish(url).expect("connect");
    migrations::run(&mut conn).expect("migrate");
    diesel::sql_query(query)
        .load::<Column>(&mut conn)
        .expect("introspect")
        .into_iter()
        .map(|c| (c.table_name, c.column_name, kind(&c.data_type), c.nullable))
        .collect()
}

const SQLITE_COLUMNS: &str =
    "SELECT m.name AS table_name, p.name AS column_name, p.type AS data_type,
        CASE WHEN p.\"notnull\" = 1 OR p.pk = 1 THEN 0 ELSE 1 END AS nullable
   FROM sqlite_master m JOIN pragma_table_info(m.name) p
  WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> '__diesel_schema_migrations'";

const POSTGRES_COLUMNS: &str =
    "SELECT CAST(table_name AS TEXT) AS table_name, CAST(column_name AS TEXT) AS column_name,
        CAST(data_type AS TEXT) AS data_type, is_nullable = 'YES' AS nullable
   FROM information_schema.columns
  WHERE table_schema = current_schema() AND table_name <> '__diesel_schema_migrations'";

#[test]
fn sqlite_migrations_create_the_expected_tables() {
    let db = TestDb::sqlite();
    let sqlite = columns(&db.url, SQLITE_COLUMNS);
    let tables: BTreeSet<&str> = sqlite.iter().map(|c| c.0.as_str()).collect();
    assert!(
        tables.contains("users") && tables.contains("login_attempts"),
        "{tables:?}"
    );
    assert!(sqlite.contains(&("users".into(), "token_version".into(), "integer", false)));
}

#[test]
fn both_migration_sets_produce_the_same_tables_and_columns() {
    let Ok(base) = std::env::var("TEST_DATABASE_URL") else {
        eprintln!("TEST_DATABASE_URL is not set: the PostgreSQL side runs in the PostgreSQL pass");
        return;
    };
    let sqlite_db = TestDb::sqlite();
    let pg_db = TestDb::postgres(&base);
    let sqlite = columns(&sqlite_db.url, SQLITE_COLUMNS);
    let postgres = columns(&pg_db.url, POSTGRES_COLUMNS);
    assert!(!sqlite.is_empty());
    let only_sqlite: Vec<_> = sqlite.difference(&postgres).collect();
    let only_postgres: Vec<_> = postgres.difference(&sqlite).collect();
    assert!(
        only_sqlite.is_empty() && only_postgres.is_empty(),
        "only in SQLite: {only_sqlite:?}\nonly in PostgreSQL: {only_postgres:?}"
    );
}

#[test]
fn migrating_twice_applies_nothing_the_second_time() {
    let db = TestDb::new();
    let mut conn = establish(&db.url).unwrap();
    assert!(!migrations::run(&mut conn).unwrap().is_empty());
    assert!(migrations::run(&mut conn).unwrap().is_empty());
}
