//! The command line, run as a user would run it.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::helpers::fresh_database;

fn passerelle(args: &[&str], database_url: &str, stdin: &str) -> (bool, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_passerelle"))
        .args(args)
        .env("DATABASE_URL", database_url)
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[tokio::test]
async fn an_admin_creates_a_user_and_a_token_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database(dir.path()).await;
    let (ok, _, err) = passerelle(&["migrate"], &url, "");
    assert!(ok, "{err}");
    let create = [
        "admin",
        "create-user",
        "--email",
        "Ines@Example.org",
        "--name",
        "Inès",
        "--password-stdin",
    ];
    let (ok, _, err) = passerelle(&create, &url, "short\n");
    assert!(!ok && err.contains("at least 10"), "{err}");
    let (ok, _, err) = passerelle(&create, &url, "a long enough password\n");
    assert!(ok, "{err}");
    let (ok, _, err) = passerelle(&create, &url, "a long enough password\n");
    assert!(!ok && err.contains("already exists"), "{err}");
    let (ok, token, err) = passerelle(&["admin", "create-token", "--email", "ines@example.org"], &url, "");
    assert!(ok, "{err}");
    assert!(
        token.trim().starts_with("psl_") && token.lines().count() == 1,
        "the token alone: {token}"
    );
    let (ok, _, err) = passerelle(&["admin", "create-token", "--email", "ghost@example.org"], &url, "");
    assert!(!ok && err.contains("no active person"), "{err}");
}

#[test]
fn every_subcommand_has_help() {
    for args in [
        &["--help"][..],
        &["serve", "--help"],
        &["demo", "--help"],
        &["migrate", "--help"],
        &["admin", "create-user", "--help"],
        &["admin", "create-token", "--help"],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_passerelle"))
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stdout).contains("Usage"), "{args:?}");
    }
}

#[tokio::test]
async fn the_command_line_import_lists_every_bad_line_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database(dir.path()).await;
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "code;name;country;kind;region;city;capacity\nA;Un;FR;MA;LYON;Lyon;10\nB;;FR;MA;MARS;Lyon;10\n",
    )
    .unwrap();
    let (ok, _, err) = passerelle(
        &["import", "establishments", bad.to_str().unwrap(), "--lang", "fr"],
        &url,
        "",
    );
    assert!(!ok);
    assert!(err.contains("line 3, column name: Valeur obligatoire."), "{err}");
    assert!(err.contains("line 3, column region"), "{err}");
    let good = dir.path().join("good.csv");
    std::fs::write(
        &good,
        "code,name,country,kind,region,city,capacity\nA,Un,FR,MA,LYON,Lyon,10\n",
    )
    .unwrap();
    let (ok, out, err) = passerelle(&["import", "establishments", good.to_str().unwrap()], &url, "");
    assert!(ok, "{err}");
    assert_eq!(out.trim(), "1 created, 0 updated, 0 unchanged (1 data lines read)");
    let (_, out, _) = passerelle(&["import", "establishments", good.to_str().unwrap()], &url, "");
    assert_eq!(out.trim(), "0 created, 0 updated, 1 unchanged (1 data lines read)");
}

#[test]
fn a_database_server_that_cannot_be_reached_is_named_with_the_reason() {
    // Nothing listens on port 1.
    let url = "postgres://postgres:secret@127.0.0.1:1/passerelle";
    let started = std::time::Instant::now();
    let (ok, _, err) = passerelle(&["migrate"], url, "");
    assert!(!ok);
    assert!(err.contains("127.0.0.1:1/passerelle"), "{err}");
    assert!(err.to_lowercase().contains("refused"), "{err}");
    assert!(!err.contains("secret"), "no password in messages: {err}");
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
}

#[tokio::test]
async fn the_command_line_writes_while_the_server_writes() {
    let app = crate::helpers::TestApp::spawn().await;
    let url = app.state.config.database_url.expose().to_owned();
    let coordinator = app.login(crate::helpers::COORDINATOR).await;
    let cli = tokio::task::spawn_blocking(move || {
        (0..4)
            .map(|i| {
                let email = format!("cli{i}@example.org");
                let create = [
                    "admin",
                    "create-user",
                    "--email",
                    &email,
                    "--name",
                    "Par la ligne de commande",
                    "--password-stdin",
                ];
                passerelle(&create, &url, "a long enough password\n")
            })
            .collect::<Vec<_>>()
    });
    for i in 0..40 {
        let name = format!("Camille {i}");
        let saved = coordinator.post("/account/profile", &[("name", &name)]).await;
        assert_eq!(saved.status(), 303, "server write {i}");
    }
    for (ok, _, err) in cli.await.unwrap() {
        assert!(ok, "{err}");
    }
    let created: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM persons WHERE email LIKE 'cli%@example.org'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(created, 4);
}
