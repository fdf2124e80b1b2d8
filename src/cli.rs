use std::io::BufRead;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::auth::client::TrustedProxies;
use crate::auth::password;
use crate::config::{self, Secret, Settings};
use crate::domain::clock;
use crate::domain::login::Login;
use crate::domain::password::check_new_password;
use crate::domain::phone::Phone;
use crate::domain::role::Role;
use crate::domain::user_name::parse_user_full_name;
use crate::rate_limit::RateLimits;
use crate::service::accounts::{self, NewAccount};
use crate::{demo, import};
use crate::{startup, telemetry};

#[derive(Debug, Parser)]
#[command(name = "relief", version, about = "Flood-relief claims service")]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// What to do; `serve` when omitted.
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// A SQLite file path (the embedded default) or a postgres:// URL.
    #[arg(long, env = "DATABASE_URL", default_value = config::DEFAULT_DATABASE_URL, global = true)]
    pub database_url: String,
    /// Address and port to listen on.
    #[arg(long, env = "RELIEF_BIND", default_value = config::DEFAULT_BIND, global = true)]
    pub bind: String,
    /// Token signing secret, at least 32 characters. Required on PostgreSQL;
    /// generated and kept beside the database file on SQLite.
    #[arg(long, env = "RELIEF_JWT_SECRET", hide_env_values = true, global = true)]
    pub jwt_secret: Option<String>,
    /// Token lifetime in seconds.
    #[arg(long, env = "RELIEF_TOKEN_TTL", default_value_t = config::DEFAULT_TOKEN_TTL_SECS, global = true)]
    pub token_ttl: u64,
    /// Database connections per instance (default: 8 on SQLite, 16 on PostgreSQL).
    #[arg(long, env = "RELIEF_DB_POOL_SIZE", global = true)]
    pub pool_size: Option<u32>,
    /// Filing writer threads on PostgreSQL (SQLite always has one). Groups
    /// of one event are written one after another whatever this is.
    #[arg(long, env = "RELIEF_FILING_WRITERS", default_value_t = config::DEFAULT_FILING_WRITERS, value_parser = clap::value_parser!(u16).range(1..=64), global = true)]
    pub filing_writers: u16,
    /// Filings that may wait for the writers; past that, filing answers 503
    /// with Retry-After.
    #[arg(long, env = "RELIEF_FILING_QUEUE", default_value_t = config::DEFAULT_FILING_QUEUE, value_parser = clap::value_parser!(u32).range(1..=1_000_000), global = true)]
    pub filing_queue: u32,
    /// Comma-separated IP addresses of the reverse proxies in front: only a
    /// connection from one of them has its X-Forwarded-For believed.
    #[arg(long, env = "RELIEF_TRUSTED_PROXIES", value_parser = TrustedProxies::parse, default_value = "", global = true)]
    pub trusted_proxies: TrustedProxies,
    /// Sign-ins a minute per client address (API and pages together).
    #[arg(long, env = "RELIEF_SIGN_INS_PER_MINUTE", default_value_t = RateLimits::default().sign_ins_per_minute, value_parser = clap::value_parser!(u32).range(1..), global = true)]
    pub sign_ins_per_minute: u32,
    /// Registrations an hour per client address.
    #[arg(long, env = "RELIEF_REGISTRATIONS_PER_HOUR", default_value_t = RateLimits::default().registrations_per_hour, value_parser = clap::value_parser!(u32).range(1..), global = true)]
    pub registrations_per_hour: u32,
    /// Filings an hour per client address by residents (staff are not limited).
    #[arg(long, env = "RELIEF_FILINGS_PER_HOUR", default_value_t = RateLimits::default().filings_per_hour, value_parser = clap::value_parser!(u32).range(1..), global = true)]
    pub filings_per_hour: u32,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Apply migrations and serve HTTP (the default).
    Serve {
        /// Load the 2020 flood demo first, unless it is already loaded.
        #[arg(long)]
        demo: bool,
        /// Allow the demo, whose passwords are public, into PostgreSQL.
        #[arg(long, requires = "demo")]
        demo_on_postgres: bool,
    },
    /// Import data from files.
    Import {
        #[command(subcommand)]
        command: ImportCommand,
    },
    /// Load tests against a running server (built with `--features replay`).
    #[cfg(feature = "replay")]
    Bench {
        #[command(subcommand)]
        command: BenchCommand,
    },
    /// Load a replay of the 2020 Blagoveshchensk flood (633 applications,
    /// 1815 people recognised) with one demo user per role, and print them.
    /// Only into an empty database.
    Demo {
        /// Allow the demo, whose passwords are public, into PostgreSQL.
        #[arg(long)]
        on_postgres: bool,
    },
    /// Check the data for what the service itself no longer lets in.
    Check {
        #[command(subcommand)]
        command: CheckCommand,
    },
    /// Apply pending database migrations and exit.
    Migrate,
    /// Manage user accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum CheckCommand {
    /// List, per event, every person recognised more than once (one person
    /// being all of their SNILS, documents and confirmed matches), such as
    /// data recognised before that rule; exits non-zero when it finds any.
    Recognitions,
}

#[cfg(feature = "replay")]
#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Drive a new event, `scale` times the 2020 flood (633 applications
    /// each), through a running server's HTTP API: filing, inspection,
    /// decision, lists, issuing, report. Prints each phase's throughput and
    /// latency percentiles. Needs an administrator's login; the password is
    /// read from RELIEF_PASSWORD.
    Replay {
        #[arg(long, default_value_t = 1)]
        scale: usize,
        #[arg(long, default_value = "http://127.0.0.1:8080")]
        url: String,
        #[arg(long, default_value_t = 16)]
        concurrency: usize,
        #[arg(long, default_value = "demo-admin")]
        admin: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Applications from a register typed into a spreadsheet: a CSV with
    /// one row per household member, rows of one application sharing its
    /// `application_key` (see fixtures/import-sample.csv). Running the same
    /// file again files nothing twice.
    Applications {
        /// The event's code, e.g. BLG2020.
        #[arg(long)]
        event: String,
        /// The officer or administrator the applications are registered by;
        /// the first administrator if omitted.
        #[arg(long = "as")]
        as_login: Option<String>,
        /// Where to write the rejected rows; `<FILE>.rejects.csv` if omitted.
        #[arg(long)]
        rejects: Option<std::path::PathBuf>,
        file: std::path::PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create a user. The password is read from RELIEF_PASSWORD, or else
    /// from the first line of standard input.
    Add {
        #[arg(long)]
        login: String,
        /// resident, officer, warehouse or admin.
        #[arg(long)]
        role: String,
        /// Shown on screens and printed documents; the login if omitted.
        #[arg(long)]
        full_name: Option<String>,
        #[arg(long)]
        phone: Option<String>,
        /// Required for a `warehouse` user: the warehouse they work at.
        #[arg(long)]
        warehouse_id: Option<i64>,
    },
}

impl GlobalArgs {
    pub fn settings(&self) -> Settings {
        Settings {
            database_url: self.database_url.clone(),
            bind: self.bind.clone(),
            jwt_secret: self.jwt_secret.clone().map(Secret::new),
            token_ttl_secs: self.token_ttl,
            pool_size: self.pool_size,
            filing_writers: self.filing_writers,
            filing_queue: self.filing_queue,
            trusted_proxies: self.trusted_proxies.clone(),
            rate_limits: RateLimits {
                sign_ins_per_minute: self.sign_ins_per_minute,
                registrations_per_hour: self.registrations_per_hour,
                filings_per_hour: self.filings_per_hour,
            },
        }
    }
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    telemetry::init();
    let settings = cli.global.settings();
    let result = match cli.command.unwrap_or(Command::Serve {
        demo: false,
        demo_on_postgres: false,
    }) {
        Command::Serve {
            demo,
            demo_on_postgres,
        } => (if demo {
            load_demo(&settings, true, demo_on_postgres)
        } else {
            Ok(())
        })
        .and_then(|()| actix_web::rt::System::new().block_on(startup::serve(settings))),
        Command::Demo { on_postgres } => load_demo(&settings, false, on_postgres),
        #[cfg(feature = "replay")]
        Command::Bench {
            command:
                BenchCommand::Replay {
                    scale,
                    url,
                    concurrency,
                    admin,
                },
        } => replay(scale, url, concurrency, admin),
        Command::Import {
            command:
                ImportCommand::Applications {
                    event,
                    as_login,
                    rejects,
                    file,
                },
        } => import_applications(&settings, &event, as_login.as_deref(), rejects, &file),
        Command::Check {
            command: CheckCommand::Recognitions,
        } => check_recognitions(&settings),
        Command::Migrate => startup::open_database_once(&settings).map(|_| {
            println!("migrations are up to date");
        }),
        Command::User {
            command:
                UserCommand::Add {
                    login,
                    role,
                    full_name,
                    phone,
                    warehouse_id,
                },
        } => add_user(
            &settings,
            &login,
            &role,
            full_name.as_deref(),
            phone.as_deref(),
            warehouse_id,
        ),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Loads the demo and prints how to sign in. With `skip_loaded`, a
/// database that already holds it is left as it is.
fn load_demo(settings: &Settings, skip_loaded: bool, on_postgres: bool) -> Result<(), String> {
    if settings.backend() == crate::db::Backend::Postgres && !on_postgres {
        return Err(
            "the demo's passwords are public: it loads into PostgreSQL only with \
                    --demo-on-postgres (serve) or --on-postgres (demo), and only into an \
                    empty database"
                .to_owned(),
        );
    }
    let pool = startup::open_database_once(settings)?;
    let mut conn = pool.get().map_err(|e| e.to_string())?;
    let loaded = demo::is_loaded(&mut conn).map_err(|e| format!("{e}: {}", e.message()))?;
    if loaded && !skip_loaded {
        return Err("the demo is already loaded in this database".to_owned());
    }
    if !loaded {
        println!("Loading the demo: the flood of 18.08.2020 in Blagoveshchensk…");
        let started = std::time::Instant::now();
        let summary = demo::load(&mut conn).map_err(|e| format!("{e}: {}", e.message()))?;
        println!(
            "Event {} (id {}): {} applications, {} people recognised, in {:.1} s.",
            demo::EVENT_CODE,
            summary.event_id,
            summary.applications,
            summary.recognized,
            started.elapsed().as_secs_f64()
        );
    }
    println!("Demo users (login / password):");
    for user in &demo::USERS {
        println!(
            "  {:<10} {:<14} / {}",
            user.role.as_str(),
            user.login,
            user.password
        );
    }
    Ok(())
}

/// Prints who is recognised more than once, by name and application
/// only: the identifiers that tie them are personal data and stay out of
/// terminals and logs.
fn check_recognitions(settings: &Settings) -> Result<(), String> {
    let pool = startup::open_database_once(settings)?;
    let mut conn = pool.get().map_err(|e| e.to_string())?;
    let findings = crate::service::recognitions::check(&mut conn)
        .map_err(|e| format!("{e}: {}", e.message()))?;
    let mut people = 0;
    for event in &findings {
        println!("{}:", event.event_code);
        for person in &event.people {
            people += 1;
            let name = person.first().map_or("", |r| r.full_name.as_str());
            println!("  {name}: recognised {} times", person.len());
            for recognition in person {
                println!(
                    "    application {} (id {}), member {} ({})",
                    recognition.registration_number,
                    recognition.application_id,
                    recognition.member_id,
                    recognition.full_name
                );
            }
        }
    }
    if people == 0 {
        println!("nobody is recognised more than once");
        Ok(())
    } else {
        Err(format!("people recognised more than once: {people}"))
    }
}

fn import_applications(
    settings: &Settings,
    event_code: &str,
    as_login: Option<&str>,
    rejects: Option<std::path::PathBuf>,
    file: &std::path::Path,
) -> Result<(), String> {
    let bytes = std::fs::read(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let register =
        import::csv_rows::read(&bytes).map_err(|e| format!("{}: {e}", file.display()))?;
    let pool = startup::open_database_once(settings)?;
    let mut conn = pool.get().map_err(|e| e.to_string())?;
    let fail = |e: crate::error::AppError| format!("{e}: {}", e.message());
    let event = crate::service::events::list(&mut conn)
        .map_err(fail)?
        .into_iter()
        .find(|e| e.code == event_code)
        .ok_or_else(|| format!("--event: no event with the code {event_code}"))?;
    let user = import_user(&mut conn, as_login)?;
    println!(
        "Importing {} applications into {} as {}…",
        register.groups.len(),
        event.code,
        user.login
    );
    let bar = indicatif::ProgressBar::new(register.groups.len() as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {per_sec} ETA {eta}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let summary =
        import::run::import(&mut conn, &user, event.id, &register, || bar.inc(1)).map_err(fail)?;
    bar.finish();
    println!(
        "Imported: {}; already imported earlier: {}; rejected: {}.",
        summary.imported,
        summary.already_imported,
        summary.rejected.len()
    );
    for rejection in &summary.rejected {
        let lines: Vec<String> = rejection.lines.iter().map(ToString::to_string).collect();
        println!(
            "  lines {} ({}): {}",
            lines.join(", "),
            rejection.application_key,
            rejection.reason
        );
    }
    if !summary.rejected.is_empty() {
        let path = rejects.unwrap_or_else(|| file.with_extension("rejects.csv"));
        let sheet = import::run::rejects_csv(&register, &summary).map_err(|e| e.to_string())?;
        std::fs::write(&path, sheet).map_err(|e| format!("{}: {e}", path.display()))?;
        println!("Rejected rows, with the reason, are in {}", path.display());
    }
    Ok(())
}

/// The officer or administrator named by `--as`, or the first administrator.
fn import_user(
    conn: &mut crate::db::DbConnection,
    as_login: Option<&str>,
) -> Result<crate::auth::Principal, String> {
    let row = match as_login {
        Some(login) => crate::db::users::find_by_login_key(conn, &Login::key_of(login))
            .map_err(|e| e.to_string())?
            .ok_or_else(|| format!("--as: no user {login}"))?,
        None => crate::db::users::page(conn, 0, 10_000)
            .map_err(|e| e.to_string())?
            .into_iter()
            .find(|u| u.role == Role::Admin.as_str() && !u.disabled)
            .ok_or("no administrator: create one, or name the officer with --as")?,
    };
    let role = Role::parse(&row.role).map_err(|e| e.message.to_string())?;
    if !matches!(role, Role::Officer | Role::Admin) || row.disabled {
        return Err(format!(
            "--as: {} is not an active officer or administrator",
            row.login
        ));
    }
    Ok(row.into_principal(role))
}

#[cfg(feature = "replay")]
fn replay(scale: usize, url: String, concurrency: usize, admin: String) -> Result<(), String> {
    let admin_password = read_password()?;
    println!("Replaying the 2020 event ×{scale} ({} applications) against {url}, {concurrency} connections…", 633 * scale);
    let options = crate::replay::Options {
        url,
        applications: 633 * scale,
        concurrency,
        admin_login: admin,
        admin_password,
    };
    let phases = actix_web::rt::System::new().block_on(crate::replay::run(options))?;
    println!("| phase      | requests | seconds  | req/s    | p50 ms  | p95 ms  | p99 ms  |");
    println!("|------------|----------|----------|----------|---------|---------|---------|");
    for phase in &phases {
        println!("{}", phase.line());
    }
    Ok(())
}

fn read_password() -> Result<String, String> {
    if let Ok(password) = std::env::var("RELIEF_PASSWORD") {
        return Ok(password);
    }
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| format!("cannot read the password from stdin: {e}"))?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

fn add_user(
    settings: &Settings,
    login: &str,
    role: &str,
    full_name: Option<&str>,
    phone: Option<&str>,
    warehouse_id: Option<i64>,
) -> Result<(), String> {
    let login = Login::parse(login).map_err(|e| format!("--login: {}", e.message))?;
    let role = Role::parse(role).map_err(|e| format!("--role: {}", e.message))?;
    let full_name = parse_user_full_name(full_name.unwrap_or(login.as_str()))
        .map_err(|e| format!("--full-name: {}", e.message))?;
    let phone = phone
        .map(Phone::parse)
        .transpose()
        .map_err(|e| format!("--phone: {}", e.message))?
        .map(Phone::into_string);
    let password_text = read_password()?;
    check_new_password(&password_text).map_err(|e| format!("password: {}", e.message))?;
    let account = NewAccount {
        password_hash: password::hash(&password_text).map_err(|e| e.to_string())?,
        login,
        role,
        full_name,
        phone,
        warehouse_id,
    };
    let pool = startup::open_database_once(settings)?;
    let mut conn = pool.get().map_err(|e| e.to_string())?;
    let row = accounts::create(&mut conn, &account, clock::now()).map_err(|e| match e {
        crate::error::AppError::Conflict { .. } => {
            format!("login {} is already taken", account.login.as_str())
        }
        crate::error::AppError::Validation { fields, .. } => fields.into_value().to_string(),
        other => other.to_string(),
    })?;
    println!("created user {} (id {}, role {})", row.login, row.id, role);
    Ok(())
}
