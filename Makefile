# Two commands for a newcomer: `make run` serves the site on http://127.0.0.1:3000,
# `make test` runs every test. Both install whatever is missing first.
SHELL := /bin/bash
# npm's binaryen (wasm-opt 132) and Sass come first: cargo-leptos uses the
# wasm-opt, sass and wasm-bindgen it finds on PATH and downloads nothing.
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

.PHONY: setup run build test lint unit e2e cluster cluster-check sizes lighthouse bench loadtest user

setup:
	@bash scripts/setup.sh

## Build for release and serve on http://127.0.0.1:3000 (LEPTOS_SITE_ADDR to change).
run: build
	target/release/server

## The release build (with the browser's search module), its WASM, JS and CSS
## compressed once beside them.
build: setup
	cargo leptos build --release
	bash scripts/build-finder.sh
	bash scripts/precompress.sh

## Every test: formatting and lints, Rust unit and HTTP tests (on SQLite and on
## PostgreSQL), then the browser tests (JavaScript on and off) against the
## release build, and one of two servers killed under load behind nginx.
test: setup lint unit build e2e cluster-check

lint:
	cargo fmt --all -- --check
	cargo clippy --workspace --exclude frontend --all-targets -- -D warnings
	cargo clippy -p frontend -p finder --target wasm32-unknown-unknown -- -D warnings
	python3 scripts/module-cycles.py
	bash scripts/deny.sh

## Rust tests on SQLite; the storage, search, staff and several-server suites
## again on a throwaway PostgreSQL (the same test binary: the same cargo
## selection, so nothing is built again); then the app crate alone, with only
## its own features (the workspace run unifies them with the server's).
unit:
	timeout 900 cargo test --workspace --exclude frontend
	timeout 900 bash scripts/with-postgres.sh cargo test --workspace --exclude frontend \
		--test integration -- --include-ignored directory:: staff:: staff_only:: nhs_sign_in:: reports:: page_cache:: cluster:: operations::
	timeout 900 cargo test -p app --features ssr

e2e:
	cd end2end && npx playwright test

## Two release servers on one PostgreSQL (DATABASE_URL, or a throwaway one)
## behind nginx on http://127.0.0.1:3000.
cluster: build
	@bash scripts/cluster.sh

## Kills one of the two servers during a load run through nginx, then stops
## the database for 20 s during another: every public request must still
## succeed (and staff edits meanwhile get 503).
cluster-check: build
	@bash scripts/cluster.sh check
	@bash scripts/cluster.sh outage

## Search latency of the services directory at 100 and 10,000 services (p50,
## p99), what storage costs, on SQLite and on a throwaway PostgreSQL, and the
## share of the lay searches (server/tests/lay-queries.txt) found in the top five.
bench:
	cargo bench -p server --bench search
	bash scripts/with-postgres.sh cargo bench -p server --bench search

## What a first visit to each kind of page downloads (JS and WASM), and every
## file of the release bundle, raw and brotli-compressed.
sizes: build
	@bash scripts/sizes.sh

## Lighthouse (mobile) on each kind of public page of the release build: the
## four scores, LCP and TBT (the median of 3 runs).
lighthouse: build
	@bash scripts/lighthouse.sh

## The release server under load (Debian wrk, installed if missing): 256
## connections for 30 s on / and on a search, slow-header clients, sign-in bursts.
loadtest: build
	@bash scripts/loadtest.sh

## A staff account on the site's database: make user EMAIL=you@nhs.net ROLE=admin
user:
	@test -n "$(EMAIL)" || { echo "usage: make user EMAIL=you@nhs.net ROLE=admin|editor"; exit 2; }
	@test -x target/release/server || { echo "run make build first"; exit 2; }
	target/release/server user invite --email "$(EMAIL)" --role "$(or $(ROLE),editor)"
