//! The server's integration tests, one binary (each test file linking Leptos,
//! sqlx and axum again cost minutes of linking and gigabytes of disk):
//! through the whole router with `oneshot`, on a real database (SQLite, or
//! PostgreSQL when `TEST_POSTGRES_URL` is set: `scripts/with-postgres.sh`).

#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a failed unwrap is a failing test"
)]

mod support;

mod about_site;
mod abuse;
mod cluster;
mod directory;
mod hardening;
mod nhs_sign_in;
mod operations;
mod page_cache;
mod reports;
mod routes;
mod staff;
mod staff_only;
