//! The Axum server: renders the Leptos app on the server, serves its assets and
//! answers health checks. `main.rs` only reads configuration and listens.

pub mod config;
pub mod content;
pub mod exports;
pub mod seed;
pub mod staff;

use app::directory::store::Directory;
use app::model::SiteContent;
use app::staff::accounts::{Accounts, SignInLimiter};
use app::staff::{NEW_SERVICE_PATH, SIGN_IN_PATH, SIGN_OUT_PATH, USERS_PATH};
use app::{shell, App, SiteSettings};
use axum::http::{header, HeaderValue};
use axum::middleware::{from_fn, from_fn_with_state};
use axum::routing::{get, post};
use axum::Router;
use config::Config;
use leptos::config::LeptosOptions;
use leptos::prelude::*;
use leptos_axum::{file_and_error_handler_with_context, generate_route_list, LeptosRoutes};
use std::sync::Arc;
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;

/// The name cargo-leptos gives the WASM, JS and CSS files (`[workspace.metadata.leptos] name`).
pub const OUTPUT_NAME: &str = "lth";

/// Leptos options for a configuration.
pub fn leptos_options(config: &Config) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name(OUTPUT_NAME)
        .site_root(config.site_root.to_string_lossy().into_owned())
        .site_pkg_dir("pkg")
        .site_addr(config.site_addr)
        .build()
}

/// `GET /healthz`: the process is up and serving.
async fn healthz() -> &'static str {
    "ok"
}

/// The site's content: from `CONTENT_DIR` if set, else built in; checked.
pub fn load_content(config: &Config) -> Result<SiteContent, String> {
    match &config.content_dir {
        Some(dir) => content::load_dir(dir),
        None => content::load_embedded(),
    }
    .map_err(|e| e.to_string())
}

/// Opens the services directory's database: created, migrated and seeded
/// (only with services it does not have yet) on every start.
pub async fn open_directory(config: &Config, content: &SiteContent) -> Result<Directory, String> {
    let seed = match &config.content_dir {
        Some(dir) => seed::load_dir(dir, content),
        None => seed::load_embedded(content),
    }
    .map_err(|e| e.to_string())?;
    Directory::open(&config.database_url, &seed.services, seed.synonyms)
        .await
        .map_err(|e| format!("services directory database {}: {e}", config.database_url))
}

/// The whole site as one router, ready to serve or to test with `oneshot`.
pub fn site_router(
    config: &Config,
    content: Arc<SiteContent>,
    directory: Arc<Directory>,
) -> Router {
    let options = leptos_options(config);
    let settings = SiteSettings {
        site_url: config.site_url.clone(),
    };
    let routes = {
        let settings = settings.clone();
        generate_route_list(move || view! { <App settings=settings.clone() /> })
    };
    let exports = exports::ExportState {
        directory: directory.clone(),
        content: content.clone(),
    };
    let request_context = {
        let content = content.clone();
        let directory = directory.clone();
        move || {
            provide_context(content.clone());
            provide_context(directory.clone());
            provide_context(settings.clone());
        }
    };
    let staff_state = staff::StaffState {
        accounts: Accounts::new(directory.pool().clone()),
        directory,
        content,
        limiter: Arc::new(SignInLimiter::default()),
        cookie_secure: config.cookie_secure,
        options: options.clone(),
        page_context: Arc::new(request_context.clone()),
    };
    let staff_routes = Router::new()
        .route(SIGN_IN_PATH, post(staff::sign_in))
        .route(SIGN_OUT_PATH, post(staff::sign_out))
        .route(NEW_SERVICE_PATH, post(staff::create_service))
        .route("/staff/services/{slug}/edit", post(staff::edit_service))
        .route(
            "/staff/services/{slug}/archive",
            post(staff::archive_service),
        )
        .route(
            "/staff/services/{slug}/restore",
            post(staff::restore_service),
        )
        .route(USERS_PATH, post(staff::add_account))
        .route("/staff/users/{id}/disable", post(staff::disable_account))
        .route("/staff/users/{id}/enable", post(staff::enable_account))
        .with_state(staff_state.clone());
    Router::new()
        .merge(staff_routes)
        .route("/healthz", get(healthz))
        .route(
            "/services.csv",
            get(exports::services_csv).with_state(exports.clone()),
        )
        .route(
            "/services.json",
            get(exports::services_json).with_state(exports),
        )
        .leptos_routes_with_context(&options, routes, request_context.clone(), {
            let options = options.clone();
            move || shell(options.clone())
        })
        .fallback(file_and_error_handler_with_context(request_context, shell))
        .layer(from_fn(staff::require_sign_in_for_pages))
        .layer(from_fn_with_state(staff_state, staff::session))
        .layer(from_fn(staff::refuse_cross_site))
        .layer(CompressionLayer::new())
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .with_state(options)
}
