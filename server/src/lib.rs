//! The Axum server: renders the Leptos app on the server, serves its assets and
//! answers health checks. `main.rs` only reads configuration and listens.

pub mod access_log;
pub mod client_address;
pub mod config;
pub mod content;
pub mod exports;
pub mod html_tidy;
pub mod http_policy;
pub mod limits;
pub mod metrics;
mod offline;
pub mod page_cache;
pub mod request_facts;
mod security_txt;
pub mod seed;
pub mod serve;
pub mod single_sign_on;
mod sitemap;
pub mod staff;
pub mod state;
pub mod storage;

use app::directory::live::Directory;
use app::model::SiteContent;
use app::paths::{self, routes};
use app::staff::accounts::Accounts;
use app::storage::StoreError;
use app::{shell, App};
use axum::extract::{Request, State};
use axum::handler::Handler;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{from_fn, from_fn_with_state, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use config::Config;
use leptos::config::LeptosOptions;
use leptos::prelude::*;
use leptos_axum::{file_and_error_handler_with_context, generate_route_list, LeptosRoutes};
use secrecy::ExposeSecret;
use state::AppState;
use std::sync::Arc;
use tower::{ServiceBuilder, ServiceExt};
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::{RequestBodyTimeoutLayer, TimeoutLayer};

/// The name cargo-leptos gives the WASM, JS and CSS files (`[workspace.metadata.leptos] name`).
pub const OUTPUT_NAME: &str = "lth";

/// Whether this build's asset file names carry content hashes: cargo-leptos
/// (`hash-files = true`) says so while it compiles the server, and writes the
/// hashes to `hash.txt` beside the binary, where Leptos reads them. A binary
/// that plain `cargo` rebuilt there (`cargo bench` does) finds the file too;
/// the tests' binaries have none and serve unhashed names.
pub fn hashed_assets() -> bool {
    option_env!("LEPTOS_HASH_FILES") == Some("true")
        || std::env::current_exe()
            .ok()
            .and_then(|exe| Some(exe.parent()?.join("hash.txt")))
            .is_some_and(|file| file.is_file())
}

/// The address of the browser's search module (`finder-<hash>.js`, which
/// `scripts/build-finder.sh` writes beside the islands' bundle), if this
/// build has one: without it the services page searches on the server only.
pub fn finder_module(site_root: &std::path::Path) -> Option<String> {
    let mut modules: Vec<String> = std::fs::read_dir(site_root.join("pkg"))
        .ok()?
        .filter_map(|file| file.ok()?.file_name().into_string().ok())
        .filter(|name| name.starts_with("finder-") && name.ends_with(".js"))
        .collect();
    modules.sort();
    modules.pop().map(|name| format!("{}{name}", paths::BUNDLE))
}

/// Leptos options for a configuration.
pub fn leptos_options(config: &Config) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name(OUTPUT_NAME)
        .site_root(config.site_root.to_string_lossy().into_owned())
        .site_pkg_dir("pkg")
        .site_addr(config.site_addr)
        .hash_files(hashed_assets())
        .build()
}

/// `GET /healthz`: the process is up and serving.
async fn healthz() -> &'static str {
    "ok"
}

/// `GET /readyz`: the database answers and the directory in memory is up
/// to date with it, so the server can take every kind of request (503
/// while not: public pages are still served from memory meanwhile).
async fn readyz(State(directory): State<Arc<Directory>>) -> Response {
    if directory.is_behind() {
        return (StatusCode::SERVICE_UNAVAILABLE, "directory catching up").into_response();
    }
    let check = directory.storage().ping();
    match tokio::time::timeout(std::time::Duration::from_secs(2), check).await {
        Ok(Ok(())) => "ready".into_response(),
        Ok(Err(error)) => {
            tracing::error!(%error, "readiness check: database failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
        Err(_) => {
            tracing::error!("readiness check: database did not answer in 2 s");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}

/// The site's content: from `CONTENT_DIR` if set, else built in; checked.
pub fn load_content(config: &Config) -> Result<SiteContent, content::ContentError> {
    match &config.content_dir {
        Some(dir) => content::load_dir(dir),
        None => content::load_embedded(),
    }
}

/// Why the site (or one of the server's commands) could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Config(#[from] config::ConfigError),
    #[error(transparent)]
    Content(#[from] content::ContentError),
    #[error("services directory database {url}: {source}")]
    Database { url: String, source: StoreError },
    #[error(transparent)]
    Metrics(#[from] metrics::MetricsError),
    #[error("cannot listen on {address}: {source}")]
    Listen {
        address: std::net::SocketAddr,
        source: std::io::Error,
    },
}

/// Opens the services directory on its database: created, migrated and
/// seeded (only with services it does not have yet) on every start.
pub async fn open_directory(
    config: &Config,
    content: &SiteContent,
) -> Result<Directory, StartError> {
    let seed = match &config.content_dir {
        Some(dir) => seed::load_dir(dir, content),
        None => seed::load_embedded(content),
    }?;
    let failed = |source| StartError::Database {
        url: config.database_for_logs(),
        source,
    };
    storage::directory_at(
        config.database_url.expose_secret(),
        &seed.services,
        seed.synonyms,
    )
    .await
    .map_err(failed)
}

/// Staff accounts, in the directory's storage.
pub fn accounts_of(directory: &Directory) -> Accounts {
    Accounts::new(directory.storage().clone())
}

/// The whole site as one router, ready to serve or to test with `oneshot`.
pub fn site_router(
    config: &Config,
    content: Arc<SiteContent>,
    directory: Arc<Directory>,
) -> Router {
    let state = AppState::new(config, content, directory);
    let routes = {
        let settings = state.settings.clone();
        generate_route_list(move || view! { <App settings=settings.clone() /> })
    };
    let page_context = {
        let state = state.clone();
        move || state.provide_page_context()
    };
    // Public files, else the "Page not found" page.
    let not_found = file_and_error_handler_with_context::<AppState, _>(page_context.clone(), shell);
    // Forms that take a password or a code: small bodies only.
    let credentials = Router::new()
        .route(paths::SIGN_IN, post(staff::sign_in))
        .route(paths::SIGN_IN_CODE, post(staff::enter_code))
        .route(paths::AUTHENTICATOR, post(staff::set_up_app))
        .route(paths::CONFIRM, post(staff::confirm))
        .route(routes::INVITATION, post(staff::accept_invitation))
        .route(paths::CHANGE_PASSWORD, post(staff::change_password))
        .layer(limits::body_limit(limits::SIGN_IN_BODY_BYTES));
    let staff_forms = Router::new()
        .merge(credentials)
        .route(paths::SIGN_OUT, post(staff::sign_out))
        .route(paths::SIGN_OUT_EVERYWHERE, post(staff::sign_out_everywhere))
        .route(paths::NEW_SERVICE, post(staff::create_service))
        .route(routes::EDIT_SERVICE, post(staff::edit_service))
        .route(routes::ARCHIVE_SERVICE, post(staff::set_archived::<true>))
        .route(routes::RESTORE_SERVICE, post(staff::set_archived::<false>))
        .route(routes::VERIFY_SERVICE, post(staff::mark_reviewed))
        .route(routes::SERVICE_OWNERS, post(staff::set_owners))
        .route(routes::REPORT_PROBLEM, post(staff::report_problem))
        .route(routes::CLOSE_REPORT, post(staff::close_report))
        .route(paths::INVITE, post(staff::invite))
        .route(routes::CHANGE_ROLE, post(staff::change_role))
        .route(routes::DISABLE_ACCOUNT, post(staff::set_disabled::<true>))
        .route(routes::ENABLE_ACCOUNT, post(staff::set_disabled::<false>))
        .route(routes::END_SESSION, post(staff::end_own_session))
        .route(paths::NHS_SIGN_IN, post(staff::start_nhs_sign_in))
        .route(paths::NHS_SIGN_IN_RETURN, get(staff::finish_nhs_sign_in))
        .layer(from_fn_with_state(state.clone(), staff::render_form_page));
    let pages_and_forms = Router::new()
        .merge(staff_forms)
        .route(paths::HEALTH, get(healthz))
        .route(paths::READY, get(readyz))
        .route(paths::SERVICES_CSV, get(exports::services_csv))
        .route(paths::SERVICES_JSON, get(exports::services_json))
        .route(paths::SEARCH_DATA, get(exports::search_data))
        .route(paths::SITEMAP, get(sitemap::sitemap_xml))
        .route(paths::ROBOTS, get(sitemap::robots_txt))
        .route(paths::SERVICE_WORKER, get(offline::service_worker))
        .route(paths::SECURITY_TXT, get(security_txt::security_txt))
        // The WASM, JS and CSS, each also as `.br` and `.gz` where the build
        // compressed them once at the highest level (`make build`); other
        // answers are compressed as they are sent.
        .nest_service(
            paths::BUNDLE_DIR,
            ServiceBuilder::new()
                .layer(from_fn({
                    // Only names the build could have made reach the disk:
                    // anything else (a name too long for the file system,
                    // which answers with an error, not "missing") is
                    // "Page not found" here.
                    let page_not_found = not_found.clone().with_state(state.clone());
                    move |request: Request, next: Next| {
                        let page_not_found = page_not_found.clone();
                        async move {
                            let name = request.uri().path().trim_start_matches('/');
                            if paths::is_bundle_file(name) {
                                next.run(request).await
                            } else {
                                page_not_found
                                    .oneshot(request)
                                    .await
                                    .unwrap_or_else(|never| match never {})
                            }
                        }
                    }
                }))
                .layer(SetResponseHeaderLayer::overriding(
                    header::VARY,
                    HeaderValue::from_static("accept-encoding"),
                ))
                .service(
                    ServeDir::new(config.site_root.join("pkg"))
                        .precompressed_br()
                        .precompressed_gzip()
                        .fallback(not_found.clone().with_state(state.clone())),
                ),
        )
        .leptos_routes_with_context(&state, routes, page_context, {
            let options = state.options.clone();
            move || shell(options.clone())
        })
        .route_layer(from_fn(access_log::remember_route))
        .fallback(not_found)
        .layer(from_fn(staff::require_sign_in_for_pages))
        .layer(from_fn_with_state(state.clone(), staff::refuse_cross_site))
        .layer(limits::body_limit(limits::FORM_BODY_BYTES))
        .with_state(state.clone());
    // What every answer passes through, outermost first, wrapped round the
    // routes as one service: a kept page is answered here, before the
    // router matches a route (and clones its handler, as it does for every
    // request it routes).
    let request_ids = Arc::new(access_log::RequestIds::new(config.trusted_proxies.clone()));
    let every_answer = ServiceBuilder::new()
        .layer(from_fn(request_facts::classify))
        .layer(from_fn_with_state(request_ids, access_log::log_request))
        .layer(from_fn_with_state(state.clone(), limits::shed_load))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            limits::REQUEST_TIMEOUT,
        ))
        .layer(RequestBodyTimeoutLayer::new(limits::BODY_TIMEOUT))
        .map_request(|request: http::Request<_>| request.map(axum::body::Body::new))
        .layer(from_fn_with_state(state.clone(), request_facts::identify))
        .layer(from_fn_with_state(
            state.clone(),
            http_policy::security_headers,
        ))
        .layer(CompressionLayer::new())
        .layer(from_fn_with_state(state, page_cache::serve_rendered))
        .layer(from_fn(html_tidy::tidy_pages))
        .service(pages_and_forms);
    Router::new().fallback_service(every_answer)
}
