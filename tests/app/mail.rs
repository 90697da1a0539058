//! The stored mail queue: nothing lost when the relay fails, nothing sent
//! twice, reminders gathered into one mail a day as each person chose.

use chrono::Duration;
use passerelle::config::MailConfig;
use passerelle::mail::queue::{Delivery, Mail, deliver_due, enqueue};
use tokio::sync::watch;

use crate::helpers::*;

async fn mails_to(app: &TestApp, email: &str) -> Vec<String> {
    app.outbox()
        .await
        .into_iter()
        .filter(|m| m.contains(&format!("To: {email}")))
        .collect()
}

fn running() -> watch::Receiver<bool> {
    watch::channel(false).1
}

#[tokio::test]
async fn reminders_come_in_one_mail_a_day_unless_the_person_chose_otherwise() {
    let app = TestApp::spawn().await;
    let first = app.expiring_authorisation(89).await;
    let second = app.expiring_authorisation(20).await;

    passerelle::scheduler::run_due(&app.state).await.unwrap();
    let digest = mails_to(&app, VOLUNTEER).await;
    assert_eq!(digest.len(), 1, "the volunteer's two reminders in one digest");
    for id in [first, second] {
        assert!(digest[0].contains(&format!("/authorisations/{id}")), "{}", digest[0]);
    }
    assert!(digest[0].contains("/account#mail"), "the digest says where to choose");
    let listed = mails_to(&app, COORDINATOR).await;
    assert_eq!(listed.len(), 1, "one list for the coordinator");
    assert!(listed[0].contains("/authorisations?status=expiring"), "{}", listed[0]);

    // The volunteer takes each reminder at once; the coordinator only those about themself.
    let volunteer = app.login(VOLUNTEER).await;
    let chosen = volunteer.post("/account/mail", &[("choice", "immediate")]).await;
    assert_eq!(chosen.status(), 303);
    let (_, account) = volunteer.get_text("/account").await;
    assert!(account.contains(r#"value="immediate" checked"#), "the choice shows");
    let coordinator = app.login(COORDINATOR).await;
    coordinator.post("/account/mail", &[("choice", "essential")]).await;
    assert_eq!(app.audit_count("person.mail_choice").await, 2);
    let inbox_before = app.inbox_count(COORDINATOR).await;
    app.state.clock.advance(Duration::days(13));
    passerelle::scheduler::run_due(&app.state).await.unwrap();
    let to_volunteer = mails_to(&app, VOLUNTEER).await;
    assert_eq!(to_volunteer.len(), 2, "the 7-day reminder at once");
    assert!(to_volunteer[1].contains(&format!("/authorisations/{second}")));
    assert_eq!(app.inbox_count(COORDINATOR).await, inbox_before + 1, "in the inbox");
    assert_eq!(mails_to(&app, COORDINATOR).await.len(), 1, "and not mailed");
}

#[tokio::test]
async fn mail_waits_while_the_relay_fails_and_goes_once_when_it_answers() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("relay");
    // A file where the folder should be: every delivery fails.
    std::fs::write(&folder, "in the way").unwrap();
    let relay = folder.clone();
    let app = TestApp::spawn_with(move |c| c.mail = MailConfig::Outbox(relay)).await;
    let browser = app.browser().await;
    for email in [STAFF, "nobody@example.org"] {
        let asked = browser.post("/password/forgot", &[("email", email)]).await;
        assert_eq!(asked.status(), 303, "known and unknown addresses answer alike");
    }
    let row = || async {
        sqlx::query_as::<_, (String, i64, String, String)>(
            "SELECT status, attempts, last_error, link FROM mail_queue WHERE to_address = $1",
        )
        .bind(STAFF)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap()
    };
    assert_eq!(deliver_due(&app.state, &running()).await.unwrap(), 0);
    let (status, attempts, error, link) = row().await;
    assert_eq!((status.as_str(), attempts), ("queued", 1));
    assert!(!error.is_empty(), "the failure is recorded");
    assert!(link.starts_with("/password/reset/"));
    assert_eq!(deliver_due(&app.state, &running()).await.unwrap(), 0);
    assert_eq!(row().await.1, 1, "not tried again before its delay");

    std::fs::remove_file(&folder).unwrap();
    app.state.clock.advance(Duration::minutes(2));
    assert_eq!(deliver_due(&app.state, &running()).await.unwrap(), 1);
    let (status, _, error, link) = row().await;
    assert_eq!(
        (status.as_str(), error.as_str(), link.as_str()),
        ("sent", "", ""),
        "the secret link is not kept"
    );
    let sent: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|f| std::fs::read_to_string(f.unwrap().path()).unwrap().replace("=\r\n", ""))
        .collect();
    assert_eq!(sent.len(), 1);
    assert!(sent[0].contains("/password/reset/") && sent[0].contains(&format!("To: {STAFF}")));
    assert_eq!(deliver_due(&app.state, &running()).await.unwrap(), 0, "never twice");

    // A message the relay keeps refusing is given up, shown and tried again on demand.
    sqlx::query("UPDATE mail_queue SET status = 'failed', last_error = 'mailbox unavailable' WHERE to_address = $1")
        .bind(STAFF)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    let admin = app.login(PLATFORM_ADMIN).await;
    let (_, page) = admin.get_text("/admin/mail?status=failed").await;
    assert!(page.contains(STAFF) && page.contains("mailbox unavailable"), "{page}");
    let id: i64 = sqlx::query_scalar("SELECT id FROM mail_queue WHERE to_address = $1")
        .bind(STAFF)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    let retried = admin.post(&format!("/admin/mail/{id}/retry"), &[]).await;
    assert_eq!(retried.status(), 303);
    assert_eq!(row().await.0, "queued");
    assert_eq!(app.audit_count("mail.retry").await, 1);
}

#[tokio::test]
async fn two_senders_at_once_send_each_mail_once_and_take_over_a_dead_ones_claims() {
    let app = TestApp::spawn().await;
    let already = app.outbox().await.len();
    let mut write = passerelle::audit::Write::begin(&app.state, None, "test").await.unwrap();
    let now = write.now();
    for i in 0..30 {
        let subject = format!("Message {i}");
        let mail = Mail {
            person_id: None,
            to: "someone@example.org",
            subject: &subject,
            body: "Body",
            link: "",
            secret: false,
            attachment: None,
            delivery: Delivery::Now,
        };
        enqueue(write.conn(), now, mail).await.unwrap();
    }
    write.commit_bookkeeping().await.unwrap();
    // Five were claimed by a sender that died (its claim lapsed), five by one still at work.
    let lapsed = passerelle::db::timestamp(now - Duration::minutes(1));
    let live = passerelle::db::timestamp(now + Duration::minutes(5));
    for (subjects, until) in [
        (
            ["Message 0", "Message 1", "Message 2", "Message 3", "Message 4"],
            &lapsed,
        ),
        (["Message 5", "Message 6", "Message 7", "Message 8", "Message 9"], &live),
    ] {
        for subject in subjects {
            sqlx::query(
                "UPDATE mail_queue SET status = 'sending', attempts = 1, next_attempt_at = $1 WHERE subject = $2",
            )
            .bind(until)
            .bind(subject)
            .execute(&app.state.db.pool)
            .await
            .unwrap();
        }
    }
    let (stop, one, two) = (running(), app.state.clone(), app.state.clone());
    let (a, b) = tokio::join!(deliver_due(&one, &stop), deliver_due(&two, &stop));
    assert_eq!(a.unwrap() + b.unwrap(), 25, "all but those a live sender holds");
    let mails = app.outbox().await;
    assert_eq!(mails.len() - already, 25);
    let mut ids: Vec<&str> = mails
        .iter()
        .filter_map(|m| m.lines().find(|l| l.starts_with("Message-ID:")))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), mails.len(), "each message once");
    assert!(!mails.iter().any(|m| m.contains("Subject: Message 7")));
}

#[tokio::test]
async fn metrics_count_the_queue() {
    let app = TestApp::spawn().await;
    let browser = app.browser().await;
    browser.post("/password/forgot", &[("email", STAFF)]).await;
    let metrics = reqwest::Client::new()
        .get(app.url("/metrics"))
        .bearer_auth(METRICS_TOKEN)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let queued = metrics
        .lines()
        .find(|l| l.starts_with("passerelle_mail_queue{status=\"queued\"}"))
        .unwrap_or_else(|| panic!("{metrics}"));
    assert!(!queued.ends_with(" 0"), "{queued}");
}
