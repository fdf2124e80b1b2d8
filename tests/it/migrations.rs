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

#[derive(Debug, QueryableByName)]
struct Value1 {
    #[diesel(sql_type = diesel::sql_types::Nullable<Text>)]
    value: Option<String>,
}

fn one_text(conn: &mut relief::db::DbConnection, query: &str) -> Option<String> {
    diesel::sql_query(query)
        .get_result::<Value1>(conn)
        .expect(query)
        .value
}

/// Data stored before the found extent and the property key existed is
/// carried over: a confirmed act takes the extent its applicant declared,
/// and the plot gets its key when the service starts.
#[actix_web::test]
async fn older_acts_and_plots_are_carried_over() {
    use diesel_migrations::{FileBasedMigrations, MigrationHarness};
    use relief::db::DbConnection;

    let db = std::rc::Rc::new(TestDb::new());
    let settings = db.settings();
    let app = crate::support::spawn_app_with(db, &settings).await;
    let (_, event_id) = app.open_event("OLD").await;
    let (_, officer) = app
        .user_with_token("officer", relief::domain::role::Role::Officer)
        .await;
    let mut body = crate::support::distinct_household(event_id, 1);
    body["loss_extent"] = serde_json::json!("partial");
    body["property_address"] = serde_json::json!("СНТ «Берёзка», участок № 7");
    crate::review::inspected_with(
        &app,
        &officer,
        &body,
        &crate::review::finding("А-1", "loss_confirmed", Some("full")),
    )
    .await;

    let mut conn = app.state.pool.get().unwrap();
    let reverted = |conn: &mut DbConnection| match conn {
        DbConnection::Sqlite(inner) => {
            let set = FileBasedMigrations::from_path("migrations/sqlite").unwrap();
            for _ in 0..3 {
                inner.revert_last_migration(set.clone()).unwrap();
            }
        }
        DbConnection::Pg(inner) => {
            let set = FileBasedMigrations::from_path("migrations/postgres").unwrap();
            for _ in 0..3 {
                inner.revert_last_migration(set.clone()).unwrap();
            }
        }
    };
    reverted(&mut conn);
    let applied = migrations::run(&mut conn).unwrap();
    // The two that carry data over, and the index after them.
    assert_eq!(applied.len(), 3, "{applied:?}");
    assert_eq!(
        one_text(
            &mut conn,
            "SELECT loss_extent_found AS value FROM inspections"
        )
        .as_deref(),
        Some("partial"),
        "the declared extent, as require_full_loss read it before"
    );
    assert_eq!(
        one_text(&mut conn, "SELECT property_key AS value FROM applications"),
        None
    );
    assert_eq!(
        relief::service::plots::fill_missing_keys(&mut conn).unwrap(),
        1
    );
    assert_eq!(
        one_text(&mut conn, "SELECT property_key AS value FROM applications").as_deref(),
        Some("снт березка уч 7")
    );
}
