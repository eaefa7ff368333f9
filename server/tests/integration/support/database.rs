//! A database of its own for each test: an SQLite file, or, when
//! `TEST_POSTGRES_URL` names a PostgreSQL server (`scripts/with-postgres.sh`
//! starts one), a new database on it. The same tests run on both.

use sqlx::{Connection, Executor, PgConnection};
use std::path::PathBuf;

/// Where the tests' PostgreSQL is, if they run on PostgreSQL.
pub fn postgres_server() -> Option<String> {
    std::env::var("TEST_POSTGRES_URL")
        .ok()
        .filter(|url| !url.is_empty())
}

/// Fails at once, saying why, when there is no PostgreSQL to test on.
pub fn needs_postgres() -> String {
    postgres_server()
        .expect("these tests need TEST_POSTGRES_URL: run them through scripts/with-postgres.sh")
}

pub struct TestDatabase {
    url: String,
    file: Option<PathBuf>,
}

impl TestDatabase {
    /// A new, empty database named after the test.
    pub async fn new(name: &str) -> TestDatabase {
        let name: String = name
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        match postgres_server() {
            Some(server) => {
                let database = format!("lth_{name}_{}", std::process::id());
                let mut connection = PgConnection::connect(&server).await.unwrap();
                connection
                    .execute(format!("DROP DATABASE IF EXISTS {database}").as_str())
                    .await
                    .unwrap();
                connection
                    .execute(format!("CREATE DATABASE {database}").as_str())
                    .await
                    .unwrap();
                let (base, _) = server.rsplit_once('/').unwrap();
                TestDatabase {
                    url: format!("{base}/{database}"),
                    file: None,
                }
            }
            None => {
                let path = std::env::temp_dir()
                    .join(format!("lth-test-{name}-{}.sqlite3", std::process::id()));
                let database = TestDatabase {
                    url: format!("sqlite://{}", path.display()),
                    file: Some(path),
                };
                database.remove_file();
                database
            }
        }
    }

    /// The same database, for another server to open: it removes nothing.
    pub fn shared(&self) -> TestDatabase {
        TestDatabase {
            url: self.url.clone(),
            file: None,
        }
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    /// How many rows `table` holds.
    pub async fn count(&self, table: &str) -> i64 {
        sqlx::any::install_default_drivers();
        let mut connection = sqlx::AnyConnection::connect(&self.url).await.unwrap();
        sqlx::query_scalar(&format!("SELECT count(*) FROM {table}"))
            .fetch_one(&mut connection)
            .await
            .unwrap()
    }

    /// A text column of a table's first row.
    pub async fn text(&self, table: &str, column: &str) -> String {
        sqlx::any::install_default_drivers();
        let mut connection = sqlx::AnyConnection::connect(&self.url).await.unwrap();
        sqlx::query_scalar(&format!("SELECT {column} FROM {table}"))
            .fetch_one(&mut connection)
            .await
            .unwrap()
    }

    /// Runs one statement that changes rows (a test reaching past the site).
    pub async fn execute(&self, statement: &str) {
        sqlx::any::install_default_drivers();
        let mut connection = sqlx::AnyConnection::connect(&self.url).await.unwrap();
        sqlx::query(statement)
            .execute(&mut connection)
            .await
            .unwrap();
    }

    fn remove_file(&self) {
        if let Some(path) = &self.file {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
            }
        }
    }
}

/// SQLite files go with the test; PostgreSQL databases go with the
/// throwaway cluster.
impl Drop for TestDatabase {
    fn drop(&mut self) {
        self.remove_file();
    }
}
