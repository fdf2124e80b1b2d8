use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::{ConnectionError, ConnectionResult};

/// One connection type over both backends; queries are written against this.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Pg(PgConnection),
    Sqlite(SqliteConnection),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// Chosen from the URL scheme by us, because `establish` on the derived
    /// enum tries every backend and reports only a useless last error.
    pub fn of_url(url: &str) -> Backend {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        }
    }
}

/// What SQLite's own open call expects: a path or a `file:` URI.
pub fn sqlite_target(url: &str) -> &str {
    url.strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url)
}

/// The file a SQLite URL points at, if it is a file on disk at all.
pub fn sqlite_file(url: &str) -> Option<std::path::PathBuf> {
    let target = sqlite_target(url);
    if target.starts_with("file:") || target == ":memory:" || target.is_empty() {
        return None;
    }
    Some(std::path::PathBuf::from(target))
}

/// Per-connection settings. `busy_timeout` must come first: set after
/// `journal_mode`, concurrent writers fail at once with "database is locked".
/// `synchronous=FULL` because an acknowledged application must survive a
/// power cut, not only a crash.
const SQLITE_PRAGMAS: &str = "PRAGMA busy_timeout = 10000;
PRAGMA journal_mode = WAL;
PRAGMA synchronous = FULL;
PRAGMA foreign_keys = ON;";

/// Set on the connection that writes filings and is kept for it: SQLite's
/// page cache large enough for the member indexes' pages, which a group of
/// filings touches all over (2 MB by default). Set on that connection only,
/// since every pooled connection would take as much.
const SQLITE_WRITER_CACHE: &str = "PRAGMA cache_size = -65536;";

/// A file only its owner may read or write, created anew.
pub fn owner_only_new_file(path: &std::path::Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

/// The database holds passports and SNILS: its file is created readable
/// by its owner only before SQLite opens it (SQLite gives the WAL and
/// shared-memory files the database file's mode), and a file left more
/// open by an earlier version is closed down, with its WAL and SHM.
pub fn prepare_sqlite_file(url: &str) -> Result<(), String> {
    let Some(file) = sqlite_file(url).filter(|_| Backend::of_url(url) == Backend::Sqlite) else {
        return Ok(());
    };
    match owner_only_new_file(&file) {
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
        // A missing directory and the like: SQLite's own error says it best.
        Err(_) => return Ok(()),
    }
    #[cfg(unix)]
    for suffix in ["", "-wal", "-shm"] {
        use std::os::unix::fs::PermissionsExt;
        let mut name = file.as_os_str().to_owned();
        name.push(suffix);
        let path = std::path::PathBuf::from(name);
        if let Ok(metadata) = std::fs::metadata(&path) {
            if metadata.permissions().mode() & 0o077 != 0 {
                std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))
                    .map_err(|e| format!("cannot restrict {}: {e}", path.display()))?;
            }
        }
    }
    Ok(())
}

/// Settings for a connection kept for writing filings.
pub fn settle_writer(conn: &mut DbConnection) -> QueryResult<()> {
    match conn {
        DbConnection::Sqlite(inner) => inner.batch_execute(SQLITE_WRITER_CACHE),
        DbConnection::Pg(_) => Ok(()),
    }
}

/// From here to the end of the transaction, lets PostgreSQL reuse plans:
/// the connection's `force_custom_plan` (below) also re-plans the
/// foreign-key checks of every inserted row, which made up much of a group
/// of filings' inserts. Only for plain inserts, after the look-ups that
/// need plans made for their values.
pub fn reuse_plans_in_transaction(conn: &mut DbConnection) -> QueryResult<()> {
    match conn {
        DbConnection::Pg(inner) => inner.batch_execute("SET LOCAL plan_cache_mode = auto"),
        DbConnection::Sqlite(_) => Ok(()),
    }
}

/// Keeps one runaway query from holding a pooled connection for ever.
/// `force_custom_plan`: diesel keeps its statements prepared for the life of
/// a pooled connection, and PostgreSQL would settle on a generic plan made
/// while a table was still small. At 180,000 members that plan was a
/// sequential scan: the duplicate check took 200–400 ms instead of 0.1 ms
/// and filing fell to 65 a second (measured by the replay benchmark).
/// Planning each execution costs well under a millisecond.
const POSTGRES_SETTINGS: &str = "SET statement_timeout = '30s'; SET TIME ZONE 'UTC'; \
     SET plan_cache_mode = force_custom_plan;";

pub fn establish(url: &str) -> ConnectionResult<DbConnection> {
    match Backend::of_url(url) {
        Backend::Postgres => {
            let mut conn = PgConnection::establish(url)?;
            conn.batch_execute(POSTGRES_SETTINGS)
                .map_err(ConnectionError::CouldntSetupConfiguration)?;
            Ok(DbConnection::Pg(conn))
        }
        Backend::Sqlite => {
            let mut conn = SqliteConnection::establish(sqlite_target(url))?;
            conn.batch_execute(SQLITE_PRAGMAS)
                .map_err(ConnectionError::CouldntSetupConfiguration)?;
            Ok(DbConnection::Sqlite(conn))
        }
    }
}

impl DbConnection {
    pub fn backend(&self) -> Backend {
        match self {
            DbConnection::Pg(_) => Backend::Postgres,
            DbConnection::Sqlite(_) => Backend::Sqlite,
        }
    }

    /// Raw SQL written with PostgreSQL's numbered binds (`$1`, `$2`) for
    /// this connection: SQLite takes them as `?` in the same order.
    pub fn sql(&self, postgres: &str) -> String {
        match self.backend() {
            Backend::Postgres => postgres.to_owned(),
            Backend::Sqlite => sqlite_binds(postgres),
        }
    }
}

fn sqlite_binds(postgres: &str) -> String {
    let mut out = String::with_capacity(postgres.len());
    let mut chars = postgres.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '$' && chars.peek().is_some_and(char::is_ascii_digit) {
            while chars.peek().is_some_and(char::is_ascii_digit) {
                chars.next();
            }
            out.push('?');
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod binds_tests {
    use super::sqlite_binds;

    #[test]
    fn numbered_binds_become_question_marks_in_order() {
        assert_eq!(
            sqlite_binds("SELECT a FROM t WHERE x = $1 AND y IN ($2, $10) AND z = '$'"),
            "SELECT a FROM t WHERE x = ? AND y IN (?, ?) AND z = '$'"
        );
    }
}
