//! The daily digest: each person's held reminders leave as one mail,
//! grouped by topic. It runs after the day's reminder jobs, so that a
//! coordinator gets one mail a day for routine reminders, however many
//! volunteers they follow.

use sqlx::FromRow;

use super::queue::{Delivery, Mail, Topic, enqueue};
use crate::audit::{Change, Write};
use crate::error::AppResult;
use crate::i18n::Lang;

/// A held reminder.
#[derive(Clone, Debug, FromRow)]
pub struct Held {
    pub id: i64,
    pub person_id: i64,
    pub to_address: String,
    pub language: Option<String>,
    pub subject: String,
    pub body: String,
    pub link: String,
    pub topic: Option<String>,
}

/// The digest's subject and body, its reminders grouped by topic in a
/// fixed order; each reminder's link as a full address under `base`.
pub fn compose(lang: Lang, base: &str, held: &[Held]) -> (String, String) {
    let subject = lang.t1("mail.digest.subject", held.len());
    let mut body = lang.t("mail.digest.intro").to_owned();
    let topics = Topic::ALL.into_iter().map(Some).chain([None]);
    for topic in topics {
        let items: Vec<&Held> = held
            .iter()
            .filter(|h| h.topic.as_deref().and_then(Topic::parse) == topic)
            .collect();
        if items.is_empty() {
            continue;
        }
        let heading = lang.t(&format!("mail.topic.{}", topic.map_or("other", Topic::as_str)));
        body.push_str(&format!("\n\n{heading} ({})\n", items.len()));
        for item in items {
            body.push_str(&format!("\n- {}\n  {}", item.subject, item.body));
            if !item.link.is_empty() {
                body.push_str(&format!("\n  {}{}", base.trim_end_matches('/'), item.link));
            }
        }
    }
    body.push_str(&format!("\n\n{}", lang.t("mail.digest.choice")));
    (subject, body)
}

/// Gathers every held reminder into its person's digest, in the caller's
/// write; None when there was nothing to gather.
pub async fn gather(write: &mut Write, base: &str) -> AppResult<Option<Change>> {
    let held: Vec<Held> = sqlx::query_as(
        "SELECT q.id, q.person_id, q.to_address, p.language, q.subject, q.body, q.link, q.topic \
         FROM mail_queue q JOIN persons p ON p.id = q.person_id WHERE q.status = 'held' ORDER BY q.person_id, q.id",
    )
    .fetch_all(write.conn())
    .await?;
    if held.is_empty() {
        return Ok(None);
    }
    let now = write.now();
    let mut people = 0;
    for group in held.chunk_by(|a, b| a.person_id == b.person_id) {
        people += 1;
        let last = group[group.len() - 1].id;
        if let [single] = group {
            // One reminder goes as itself.
            sqlx::query("UPDATE mail_queue SET status = 'queued', next_attempt_at = $1 WHERE id = $2")
                .bind(crate::db::timestamp(now))
                .bind(single.id)
                .execute(write.conn())
                .await?;
            continue;
        }
        let (subject, body) = compose(Lang::stored(group[0].language.as_deref()), base, group);
        let first = &group[0];
        let mail = Mail {
            person_id: Some(first.person_id),
            to: &first.to_address,
            subject: &subject,
            body: &body,
            link: "/account#mail",
            secret: false,
            attachment: None,
            delivery: Delivery::Now,
        };
        let digest = enqueue(write.conn(), now, mail).await?;
        sqlx::query(
            "UPDATE mail_queue SET status = 'digested', digest_id = $1 \
             WHERE person_id = $2 AND status = 'held' AND id <= $3",
        )
        .bind(digest)
        .bind(first.person_id)
        .bind(last)
        .execute(write.conn())
        .await?;
    }
    Ok(Some(Change {
        action: "mail.digest",
        object_type: "job",
        object_id: now.date_naive().to_string(),
        organisation_id: None,
        summary: format!(
            "{} reminder(s) gathered into the mail of {people} person(s)",
            held.len()
        ),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn held(id: i64, topic: Option<&str>, subject: &str) -> Held {
        Held {
            id,
            person_id: 1,
            to_address: "c@example.org".into(),
            language: None,
            subject: subject.into(),
            body: "Body".into(),
            link: format!("/things/{id}"),
            topic: topic.map(str::to_owned),
        }
    }

    #[test]
    fn a_digest_groups_reminders_by_topic_with_full_links() {
        let items = [
            held(1, Some("qualifications"), "Qualification of Ana"),
            held(2, Some("authorisations"), "Authorisation of Ben"),
            held(3, Some("authorisations"), "Authorisation of Cleo"),
        ];
        let (subject, body) = compose(Lang::En, "https://p.example/", &items);
        assert!(subject.contains('3'), "{subject}");
        let authorisations = body.find("Authorisations (2)").expect(&body);
        let qualifications = body.find("Qualifications (1)").expect(&body);
        assert!(authorisations < qualifications, "{body}");
        assert!(
            body.contains("- Authorisation of Cleo\n  Body\n  https://p.example/things/3"),
            "{body}"
        );
    }
}
