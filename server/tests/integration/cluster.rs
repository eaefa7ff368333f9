//! Several servers on one PostgreSQL database, in one process: each with its
//! own memory and kept pages, as two machines behind a load balancer are.
//! These need `TEST_POSTGRES_URL`: `make unit` runs them through
//! `scripts/with-postgres.sh`, which starts a throwaway PostgreSQL. (Killing
//! a server under load through nginx is `scripts/cluster.sh check`.)

use crate::support::database::needs_postgres;
use crate::support::run;
use crate::support::site::*;
use std::time::{Duration, Instant};

#[test]
#[ignore = "needs PostgreSQL: make unit runs it through scripts/with-postgres.sh"]
fn servers_starting_together_migrate_and_seed_once() {
    needs_postgres();
    run(async {
        let database = TestDatabase::new("together").await;
        let content = content::load_embedded().unwrap();
        let seed = server::seed::load_embedded(&content).unwrap();
        let open =
            || server::storage::directory_at(database.url(), &seed.services, seed.synonyms.clone());
        let (a, b, c) = tokio::join!(open(), open(), open());
        for directory in [a.unwrap(), b.unwrap(), c.unwrap()] {
            assert_eq!(directory.count(), seed.services.len());
            let stored = directory.storage().staff_list().await.unwrap();
            assert_eq!(stored.len(), seed.services.len());
        }
    });
}

#[test]
#[ignore = "needs PostgreSQL: make unit runs it through scripts/with-postgres.sh"]
fn an_edit_on_one_server_reaches_the_others_search_pages_and_exports_within_a_second() {
    needs_postgres();
    run(async {
        let a = Site::new("edit_on_a").await;
        let b = a.beside().await;
        // B has rendered and kept the answers the edit will change.
        let search = "/services?q=quokka";
        let export = "/services.json?q=quokka";
        let page = format!("/services/{SERVICE}");
        assert!(!b.get(search, None).await.body.contains(&page));
        for path in [search, export, page.as_str()] {
            b.get(path, None).await;
            assert_eq!(b.get(path, None).await.header("x-cache"), "hit", "{path}");
        }
        assert!(!b.get(export, None).await.body.contains(SERVICE));

        let editor = a.cookie(EDITOR).await;
        let mut form = a.edit_form().await;
        form.conditions.push_str("\nQuokka fever");
        let saved = a.save(&editor, &form).await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
        let edited = Instant::now();

        while !b.get(export, None).await.body.contains(SERVICE) {
            assert!(
                edited.elapsed() < Duration::from_secs(1),
                "B still has the old directory after 1 s"
            );
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        eprintln!("edit on A seen by B's search after {:?}", edited.elapsed());
        assert!(b.get(search, None).await.body.contains(&page));
        assert!(b.get(&page, None).await.body.contains("Quokka fever"));
    });
}

#[test]
#[ignore = "needs PostgreSQL: make unit runs it through scripts/with-postgres.sh"]
fn sign_in_limits_hold_across_servers() {
    needs_postgres();
    run(async {
        let a = Site::new("limits_across").await;
        let b = a.beside().await;
        // Five failures for one account from one address, shared between
        // the two servers...
        for i in 0..5 {
            let server = if i % 2 == 0 { &a } else { &b };
            let reply = server
                .sign_in_from(EDITOR, "wrong password!", [10, 3, 0, 1])
                .await;
            assert_eq!(reply.status, StatusCode::BAD_REQUEST, "attempt {i}");
        }
        // ...trip the limit on both...
        for server in [&a, &b] {
            let reply = server.sign_in_from(EDITOR, PASSWORD, [10, 3, 0, 1]).await;
            assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
        }
        // ...for that address only.
        let reply = b.sign_in_from(EDITOR, PASSWORD, [10, 3, 1, 2]).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER);
    });
}
