//! The `relief` binary itself: user creation, settings and the secret.

use std::io::Write;
use std::process::{Command, Stdio};

use actix_web::http::StatusCode;

use crate::support::{spawn_app_on, TestDb};
use relief::config::{secret_file_for, Settings};

fn relief() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_relief"));
    for var in [
        "DATABASE_URL",
        "RELIEF_PASSWORD",
        "RELIEF_JWT_SECRET",
        "RELIEF_BIND",
    ] {
        command.env_remove(var);
    }
    command
}

#[actix_web::test]
async fn user_add_creates_an_admin_who_can_log_in() {
    let db = std::rc::Rc::new(TestDb::new());
    let output = relief()
        .args([
            "user",
            "add",
            "--login",
            "chief",
            "--role",
            "admin",
            "--full-name",
            "Главный Администратор",
        ])
        .env("DATABASE_URL", &db.url)
        .env("RELIEF_PASSWORD", "a-long-admin-password")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );

    let app = spawn_app_on(db).await;
    let response = app.login("chief", "a-long-admin-password").await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    assert_eq!(response.body["user"]["role"], "admin");
    assert_eq!(response.body["user"]["full_name"], "Главный Администратор");
}

#[actix_web::test]
async fn user_add_reads_the_password_from_stdin() {
    let db = std::rc::Rc::new(TestDb::new());
    let mut child = relief()
        .args(["user", "add", "--login", "clerk", "--role", "officer"])
        .env("DATABASE_URL", &db.url)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"password-from-stdin\n")
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );

    let app = spawn_app_on(db).await;
    let response = app.login("clerk", "password-from-stdin").await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    assert_eq!(response.body["user"]["role"], "officer");
}

#[test]
fn user_add_refuses_a_bad_role_and_a_short_password() {
    let db = TestDb::new();
    let bad_role = relief()
        .args(["user", "add", "--login", "x-user", "--role", "root"])
        .env("DATABASE_URL", &db.url)
        .env("RELIEF_PASSWORD", "long-enough-password")
        .output()
        .unwrap();
    assert!(!bad_role.status.success());
    assert!(String::from_utf8_lossy(&bad_role.stderr).contains("--role"));

    let short = relief()
        .args(["user", "add", "--login", "x-user", "--role", "admin"])
        .env("DATABASE_URL", &db.url)
        .env("RELIEF_PASSWORD", "short")
        .output()
        .unwrap();
    assert!(!short.status.success());
    assert!(String::from_utf8_lossy(&short.stderr).contains("password"));
}

#[test]
fn serve_on_postgres_without_a_secret_is_a_clear_startup_error() {
    let output = relief()
        .args(["serve"])
        .env("DATABASE_URL", "postgres://127.0.0.1/relief")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("RELIEF_JWT_SECRET"), "{stderr}");
}

#[test]
fn filing_writers_out_of_range_are_refused_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let url = dir.path().join("relief.sqlite");
    for (flag, env) in [(Some("0"), None), (None, Some("65"))] {
        let mut command = relief();
        command.arg("--database-url").arg(&url).arg("migrate");
        if let Some(value) = flag {
            command.arg("--filing-writers").arg(value);
        }
        if let Some(value) = env {
            command.env("RELIEF_FILING_WRITERS", value);
        }
        let output = command.output().unwrap();
        assert!(!output.status.success());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("filing-writers"), "{stderr}");
    }
    let accepted = relief()
        .arg("--database-url")
        .arg(&url)
        .args(["--filing-writers", "4", "migrate"])
        .output()
        .unwrap();
    assert!(accepted.status.success(), "{:?}", accepted);
}

#[test]
fn a_short_secret_is_refused() {
    let mut settings = Settings::new("relief.sqlite");
    settings.jwt_secret = Some(relief::config::Secret::new("short".into()));
    assert!(settings.resolve_jwt_secret().is_err());
}

#[actix_web::test]
async fn the_embedded_default_keeps_a_generated_secret_across_restarts() {
    let db = std::rc::Rc::new(TestDb::sqlite());
    let mut settings = Settings::new(db.url.clone());
    settings.jwt_secret = None;

    let first = relief::startup::prepare(&settings).unwrap();
    let secret_file = secret_file_for(std::path::Path::new(&db.url));
    let metadata = std::fs::metadata(&secret_file).expect("secret written beside the database");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(metadata.permissions().mode() & 0o777, 0o600);
    }
    assert!(metadata.len() >= 32);

    // A token signed before a restart still verifies after it.
    let token = first
        .tokens
        .issue(1, relief::domain::role::Role::Admin, 0, chrono::Utc::now())
        .unwrap();
    let restarted = relief::startup::prepare(&settings).unwrap();
    assert!(restarted.tokens.verify(&token.token).is_ok());

    // And a different database gets a different secret.
    let other_db = TestDb::sqlite();
    let other = relief::startup::prepare(&Settings::new(other_db.url.clone())).unwrap();
    assert!(other.tokens.verify(&token.token).is_err());
}

/// A one-shot command must not leave a connection being opened in the
/// background as it exits: on PostgreSQL that crashed the process inside
/// libpq's TLS library about one exit in three.
#[actix_web::test]
async fn one_shot_commands_exit_cleanly_every_time() {
    let db = TestDb::new();
    for run in 0..12 {
        let output = relief()
            .arg("migrate")
            .env("DATABASE_URL", &db.url)
            .env("RELIEF_LOG", "warn")
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "run {run}: {:?} {}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

/// The cause of the crash above, checked directly: a command's pool opens
/// no connection of its own accord while one is in use, where the server's
/// keeps one spare.
#[actix_web::test]
async fn a_commands_pool_opens_nothing_in_the_background() {
    let db = TestDb::new();
    let settings = db.settings();
    let once = relief::startup::open_database_once(&settings).unwrap();
    let held = once.get().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert_eq!(once.state().connections, 1);
    drop(held);
    let serving = relief::startup::open_database(&settings).unwrap();
    let _held = serving.get().unwrap();
    let mut spare = false;
    for _ in 0..50 {
        if serving.state().connections >= 2 {
            spare = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(spare, "the server's pool keeps a spare connection ready");
}

/// A real server's request log names the route and the status, never the
/// query string, where a searched surname would be.
#[actix_web::test]
async fn request_logs_show_the_route_and_status_but_not_the_query() {
    let db = TestDb::new();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port");
    let log = tempfile::NamedTempFile::new().expect("a log file");
    let mut server = relief()
        .args(["serve"])
        .env("DATABASE_URL", &db.url)
        .env("RELIEF_BIND", format!("127.0.0.1:{port}"))
        .env("RELIEF_JWT_SECRET", crate::support::TEST_SECRET)
        .env("RELIEF_LOG", "info")
        .stderr(log.reopen().expect("the log file"))
        .spawn()
        .expect("relief serve");
    let client = awc::Client::default();
    let base = format!("http://127.0.0.1:{port}");
    let mut up = false;
    for _ in 0..100 {
        if client.get(format!("{base}/health")).send().await.is_ok() {
            up = true;
            break;
        }
        actix_web::rt::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(up, "the server did not start");
    let answer = client
        .get(format!(
            "{base}/api/v1/applications?q=%D0%98%D0%B2%D0%B0%D0%BD%D0%BE%D0%B2%D0%B0&per_page=5"
        ))
        .send()
        .await
        .expect("an answer");
    assert_eq!(answer.status(), StatusCode::UNAUTHORIZED);
    actix_web::rt::time::sleep(std::time::Duration::from_millis(300)).await;
    let _ = server.kill();
    let _ = server.wait();
    let text = std::fs::read_to_string(log.path()).expect("the log");
    let line = text
        .lines()
        .find(|l| l.contains("/api/v1/applications"))
        .unwrap_or_else(|| panic!("no request line: {text}"));
    assert!(line.contains("401"), "{line}");
    for secret in ["Иванова", "%D0%98", "q=", "per_page"] {
        assert!(!text.contains(secret), "the log carries {secret:?}: {text}");
    }
}

#[cfg(unix)]
#[actix_web::test]
async fn the_database_and_its_secret_are_readable_by_their_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let db = TestDb::sqlite();
    let mut settings = Settings::new(db.url.clone());
    settings.jwt_secret = None;
    let state = relief::startup::prepare(&settings).expect("prepare");
    // A write, so that the WAL and shared-memory files exist.
    let app = actix_web::test::init_service(relief::build_app(state)).await;
    let request = actix_web::test::TestRequest::post()
        .uri("/api/v1/auth/login")
        .set_json(serde_json::json!({"login": "nobody", "password": "nothing-at-all"}))
        .to_request();
    let _ = actix_web::test::call_service(&app, request).await;
    let secret = secret_file_for(std::path::Path::new(&db.url));
    for suffix in ["", "-wal", "-shm"] {
        let path = format!("{}{suffix}", db.url);
        let mode = std::fs::metadata(&path).expect(&path).permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{path}");
    }
    assert_eq!(
        std::fs::metadata(&secret).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let leftovers = std::fs::read_dir(std::path::Path::new(&db.url).parent().unwrap())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.file_name().to_string_lossy().ends_with(".partial"))
        })
        .count();
    assert_eq!(leftovers, 0, "the secret's partial file is gone");

    // A secret file cut short is refused, not used.
    std::fs::write(&secret, "short").unwrap();
    let refused = relief::startup::prepare(&settings)
        .err()
        .expect("a short secret is refused");
    assert!(refused.contains("shorter than 32"), "{refused}");
    std::fs::write(&secret, "").unwrap();
    assert!(
        relief::startup::prepare(&settings).is_err(),
        "an empty secret is refused"
    );
}
