//! Meetings: the automatic invitations (a partner's correspondents under an
//! agreement in force, the correspondents present in an establishment, a
//! network's members), the emailed .ics and answer link, changes and
//! cancellations sent to calendars, reminders the day before, attendance,
//! safe minutes and decisions noted in an agreement; networks.

use chrono::Duration;
use passerelle::scheduler::Job;

use crate::helpers::*;

/// The region of Fresnes (where the demo correspondent holds an authorisation).
async fn fresnes_region(app: &TestApp) -> i64 {
    let fresnes = app.fresnes().await;
    sqlx::query_scalar("SELECT region_id FROM establishments WHERE id = $1")
        .bind(fresnes)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap()
}

/// A meeting's fields, `days` from now at 14:00 in Paris.
fn meeting_form(app: &TestApp, kind: &str, organisation: i64, days: i64) -> Vec<(String, String)> {
    let day = (app.state.clock.now().date_naive() + Duration::days(days)).to_string();
    [
        ("title", "Réunion des correspondants"),
        ("kind", kind),
        ("date", &day),
        ("time", "14:00"),
        ("time_zone", "Europe/Paris"),
        ("duration_minutes", "120"),
        ("place", "Maison des associations, Paris"),
        ("agenda", "# Ordre du jour\n- Visites communes\n- Formations"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .chain([("organisation_id".to_string(), organisation.to_string())])
    .collect()
}

async fn create(browser: &Browser, form: &[(String, String)]) -> i64 {
    let fields: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let response = browser.post("/meetings", &fields).await;
    assert_eq!(response.status(), 303, "meeting created");
    location(&response).trim_start_matches("/meetings/").parse().unwrap()
}

fn with(mut form: Vec<(String, String)>, field: &str, value: &str) -> Vec<(String, String)> {
    form.retain(|(k, _)| k != field);
    form.push((field.to_owned(), value.to_owned()));
    form
}

/// (person email, rule, reason, agreement) of a meeting's invitations.
async fn invitations(app: &TestApp, meeting: i64) -> Vec<(String, String, String, Option<i64>)> {
    sqlx::query_as(
        "SELECT p.email, i.rule, i.reason, i.agreement_id FROM meeting_invitations i JOIN persons p ON p.id = i.person_id \
         WHERE i.meeting_id = $1 ORDER BY p.email",
    )
    .bind(meeting)
    .fetch_all(&app.state.db.pool)
    .await
    .unwrap()
}

/// The `.ics` attached to an email (base64 in the message).
fn calendar_of(mail: &str) -> String {
    let part = mail
        .split("Content-Type: text/calendar")
        .nth(1)
        .expect("an .ics attached");
    let body = part.split("\r\n\r\n").nth(1).unwrap_or_default();
    // Base64 has no '-': the part ends at the boundary.
    let encoded: String = body.split("--").next().unwrap_or_default().lines().collect();
    String::from_utf8(base64(&encoded)).unwrap()
}

fn base64(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let values: Vec<u32> = text
        .bytes()
        .filter_map(|b| ALPHABET.iter().position(|a| *a == b).map(|p| p as u32))
        .collect();
    let mut out = Vec::new();
    for chunk in values.chunks(4) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, v)| n | (v << (18 - 6 * i)));
        out.extend(n.to_be_bytes()[1..chunk.len()].iter());
    }
    out
}

/// The last email sent to `to`.
async fn last_mail_to(app: &TestApp, to: &str) -> String {
    app.outbox()
        .await
        .into_iter()
        .rev()
        .find(|m| m.contains(&format!("To: {to}")))
        .unwrap_or_else(|| panic!("an email to {to}"))
}

#[tokio::test]
async fn a_regional_meeting_invites_the_partners_correspondents_who_answer_from_the_email() {
    let app = TestApp::spawn().await;
    let region = fresnes_region(&app).await;
    let agreement = crate::agreements::recorded(&app).await;
    let coordinator = app.login(COORDINATOR).await;
    let anvp = app.organisation_id("ANVP").await;
    let form = with(
        meeting_form(&app, "regional", anvp, 10),
        "region_id",
        &region.to_string(),
    );
    let id = create(&coordinator, &form).await;

    let invited = invitations(&app, id).await;
    assert_eq!(
        invited,
        vec![(
            CORRESPONDENT.to_owned(),
            "agreement_partner".to_owned(),
            "Convention ANVP – Auxilia".to_owned(),
            Some(agreement)
        )],
        "Auxilia's correspondent in the region, by the agreement; nobody else"
    );
    let (status, page) = coordinator.get_text(&format!("/meetings/{id}")).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Luc Moreau") && page.contains("Homologue correspondent (agreement)"),
        "{page}"
    );
    assert!(
        page.contains("<h3>Ordre du jour</h3><ul><li>Visites communes</li>"),
        "the agenda formatted"
    );

    let mail = last_mail_to(&app, CORRESPONDENT).await;
    assert!(
        mail.contains("Subject: Invitation : =?utf-8?b?UsOpdW5pb24=?= des correspondants\r\n"),
        "{mail}"
    );
    assert!(mail.contains("Content-Type: text/calendar; method=REQUEST"));
    let calendar = calendar_of(&mail);
    assert!(calendar.contains("METHOD:REQUEST\r\n") && calendar.contains("SUMMARY:Réunion des correspondants\r\n"));
    let day = (app.state.clock.now().date_naive() + Duration::days(10))
        .format("%Y%m%d")
        .to_string();
    assert!(
        calendar.contains(&format!("DTSTART:{day}T130000Z")) || calendar.contains(&format!("DTSTART:{day}T120000Z")),
        "14:00 in Paris, in universal time"
    );
    let link = mail
        .split_whitespace()
        .find(|w| w.contains("/meetings/answer/"))
        .expect("an answer link");
    let path = &link[link.find("/meetings/answer/").unwrap()..];

    let anonymous = app.browser().await;
    let (status, page) = anonymous.get_text(path).await;
    assert_eq!(status, 200, "the link needs no sign-in");
    assert!(page.contains("not answered yet"));
    let answer_page = csrf_of(&page);
    let response = anonymous
        .client
        .post(app.url(path))
        .form(&[("answer", "yes"), ("_csrf", &answer_page)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let (_, page) = anonymous.get_text(path).await;
    assert!(page.contains("<dd id=\"my-answer\">Yes</dd>"), "the answer shows");
    let response = anonymous
        .client
        .post(app.url("/meetings/answer/mt_forged"))
        .form(&[("answer", "yes"), ("_csrf", &answer_page)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404, "a forged link answers nothing");

    let correspondent = app.login(CORRESPONDENT).await;
    let (status, page) = correspondent.get_text("/meetings").await;
    assert_eq!(status, 200);
    assert!(
        page.contains(&format!("/meetings/{id}")) && page.contains("Yes"),
        "in the invitee's list"
    );
    let maybe = correspondent
        .post(&format!("/meetings/{id}/answer"), &[("answer", "maybe")])
        .await;
    assert_eq!(maybe.status(), 303, "answered from the page too");
    assert_eq!(app.audit_count("meeting.answer").await, 2);

    for outsider in [VOLUNTEER, AUXILIA_ADMIN, OBSERVER, STAFF] {
        let (status, _) = app.login(outsider).await.get_text(&format!("/meetings/{id}")).await;
        assert_eq!(status, 404, "{outsider} neither organises nor is invited");
    }
}

#[tokio::test]
async fn without_an_agreement_in_force_nobody_is_invited_automatically() {
    let app = TestApp::spawn().await;
    let region = fresnes_region(&app).await;
    let coordinator = app.login(COORDINATOR).await;
    let anvp = app.organisation_id("ANVP").await;
    let form = with(
        meeting_form(&app, "regional", anvp, 10),
        "region_id",
        &region.to_string(),
    );
    let id = create(&coordinator, &form).await;
    assert!(invitations(&app, id).await.is_empty());
    assert!(app.outbox().await.iter().all(|m| !m.contains("Invitation")));
}

#[tokio::test]
async fn an_establishment_meeting_invites_the_correspondents_of_every_organisation_present() {
    let app = TestApp::spawn().await;
    let fresnes = app.fresnes().await;
    let staff = app.login(STAFF).await;
    let dap = app.organisation_id("DAP").await;
    let form = with(
        meeting_form(&app, "establishment", dap, 7),
        "establishment_id",
        &fresnes.to_string(),
    );
    let id = create(&staff, &form).await;
    let invited = invitations(&app, id).await;
    assert_eq!(
        invited,
        vec![(
            CORRESPONDENT.to_owned(),
            "establishment_presence".to_owned(),
            "AUXILIA".to_owned(),
            None
        )],
        "the correspondent present in Fresnes, not the visitor"
    );
}

#[tokio::test]
async fn a_meeting_with_bad_input_is_refused_with_what_was_typed_and_nothing_saved() {
    let app = TestApp::spawn().await;
    let coordinator = app.login(COORDINATOR).await;
    let anvp = app.organisation_id("ANVP").await;
    let cases = [
        (
            with(meeting_form(&app, "regional", anvp, 10), "region_id", ""),
            "Choose the meeting&#39;s region.",
        ),
        (meeting_form(&app, "national", anvp, -2), "This date has passed"),
        (
            with(meeting_form(&app, "national", anvp, 3), "time_zone", "Mars/Olympus"),
            "a time zone from the list",
        ),
        (
            with(meeting_form(&app, "national", anvp, 3), "place", ""),
            "Give a place or an online link",
        ),
        (
            with(
                meeting_form(&app, "national", anvp, 3),
                "online_link",
                "javascript:alert(1)",
            ),
            "The link starts with https://.",
        ),
        (
            meeting_form(&app, "national", app.organisation_id("AUXILIA").await, 3),
            "Choose an organisation whose meetings you organise.",
        ),
    ];
    for (form, message) in cases {
        let fields: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let response = coordinator.post("/meetings", &fields).await;
        assert_eq!(response.status(), 422, "{message}");
        let page = response.text().await.unwrap();
        assert!(
            page.contains(message),
            "{message} {}",
            &page[page.find("<main").unwrap_or(0)..][..3000.min(page.len() - page.find("<main").unwrap_or(0))]
        );
        assert!(
            page.contains("value=\"Réunion des correspondants\""),
            "the title typed is kept"
        );
    }
    let meetings: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM meetings")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(meetings, 0);
    assert_eq!(app.audit_count("meeting.create").await, 0);
}

#[tokio::test]
async fn invitations_by_email_changes_and_cancellation_reach_every_calendar() {
    let app = TestApp::spawn().await;
    let coordinator = app.login(COORDINATOR).await;
    let anvp = app.organisation_id("ANVP").await;
    let id = create(&coordinator, &meeting_form(&app, "national", anvp, 5)).await;

    let unknown = coordinator
        .post(
            &format!("/meetings/{id}/invite"),
            &[("emails", &format!("{VOLUNTEER}, nobody@example.org"))],
        )
        .await;
    assert_eq!(unknown.status(), 422);
    assert!(
        unknown.text().await.unwrap().contains("nobody@example.org"),
        "the addresses typed are kept"
    );
    assert!(invitations(&app, id).await.is_empty(), "all or nothing");

    let response = coordinator
        .post(
            &format!("/meetings/{id}/invite"),
            &[("emails", &format!("{VOLUNTEER}\n{CORRESPONDENT}"))],
        )
        .await;
    assert_eq!(response.status(), 303);
    let invited = invitations(&app, id).await;
    assert_eq!(invited.len(), 2);
    assert!(invited.iter().all(|(_, rule, _, _)| rule == "chosen"));

    let form = with(meeting_form(&app, "national", anvp, 6), "time", "09:30");
    let fields: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(
        coordinator
            .post(&format!("/meetings/{id}/edit"), &fields)
            .await
            .status(),
        303
    );
    let changed = last_mail_to(&app, VOLUNTEER).await;
    assert!(
        changed.contains("Subject: =?utf-8?b?UsOpdW5pb24gbW9kaWZpw6ll?="),
        "«Réunion modifiée» {changed}"
    );
    let calendar = calendar_of(&changed);
    assert!(
        calendar.contains("SEQUENCE:1\r\n") && calendar.contains("METHOD:REQUEST\r\n"),
        "a new version of the event"
    );
    assert!(calendar.contains(&format!(
        "DTSTART:{}T083000Z",
        (app.state.clock.now().date_naive() + Duration::days(6)).format("%Y%m%d")
    )));

    let volunteer_id = app.person_id(VOLUNTEER).await.to_string();
    let withdrawn = coordinator
        .post(&format!("/meetings/{id}/uninvite"), &[("person", &volunteer_id)])
        .await;
    assert_eq!(withdrawn.status(), 303);
    let gone = calendar_of(&last_mail_to(&app, VOLUNTEER).await);
    assert!(
        gone.contains("METHOD:CANCEL") && gone.contains("SEQUENCE:2"),
        "off their calendar"
    );
    assert_eq!(invitations(&app, id).await.len(), 1);
    let twice = coordinator
        .post(&format!("/meetings/{id}/uninvite"), &[("person", &volunteer_id)])
        .await;
    assert_eq!(twice.status(), 422);
    let volunteer = app.login(VOLUNTEER).await;
    let (status, _) = volunteer.get_text(&format!("/meetings/{id}")).await;
    assert_eq!(status, 404, "no longer invited, no longer seen");

    assert_eq!(
        coordinator.post(&format!("/meetings/{id}/cancel"), &[]).await.status(),
        303
    );
    let cancelled = calendar_of(&last_mail_to(&app, CORRESPONDENT).await);
    assert!(
        cancelled.contains("METHOD:CANCEL")
            && cancelled.contains("STATUS:CANCELLED")
            && cancelled.contains("SEQUENCE:3")
    );
    let again = coordinator.post(&format!("/meetings/{id}/cancel"), &[]).await;
    assert_eq!(again.status(), 422, "cancelled once");
    let answer = app
        .login(CORRESPONDENT)
        .await
        .post(&format!("/meetings/{id}/answer"), &[("answer", "yes")])
        .await;
    assert_eq!(answer.status(), 422, "no answer to a cancelled meeting");
    assert_eq!(app.audit_count("meeting.update").await, 1);
    assert_eq!(app.audit_count("meeting.uninvite").await, 1);
    assert_eq!(app.audit_count("meeting.cancel").await, 1);
}

#[tokio::test]
async fn invitees_are_reminded_the_day_before_once_unless_they_declined() {
    let app = TestApp::spawn().await;
    let coordinator = app.login(COORDINATOR).await;
    let anvp = app.organisation_id("ANVP").await;
    let id = create(&coordinator, &meeting_form(&app, "national", anvp, 3)).await;
    coordinator
        .post(
            &format!("/meetings/{id}/invite"),
            &[("emails", &format!("{VOLUNTEER} {CORRESPONDENT}"))],
        )
        .await;
    let volunteer = app.login(VOLUNTEER).await;
    volunteer
        .post(&format!("/meetings/{id}/answer"), &[("answer", "no")])
        .await;

    let today = app.state.clock.now().date_naive();
    assert_eq!(app.job(Job::MeetingReminders, today).await, 0, "not yet");
    let eve = today + Duration::days(2);
    assert_eq!(app.job(Job::MeetingReminders, eve).await, 1, "only who did not decline");
    assert_eq!(app.job(Job::MeetingReminders, eve).await, 0, "once");
    let subject: String = sqlx::query_scalar(
        "SELECT n.subject FROM notifications n JOIN persons p ON p.id = n.person_id WHERE p.email = $1 ORDER BY n.id DESC LIMIT 1",
    )
    .bind(CORRESPONDENT)
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap();
    assert_eq!(subject, "Réunion demain : Réunion des correspondants");
    assert!(
        last_mail_to(&app, CORRESPONDENT)
            .await
            .contains(&format!("/meetings/{id}"))
    );
}

#[tokio::test]
async fn after_the_meeting_attendance_minutes_and_decisions_are_recorded_safely() {
    let app = TestApp::spawn().await;
    let agreement = crate::agreements::recorded(&app).await;
    let coordinator = app.login(COORDINATOR).await;
    let anvp = app.organisation_id("ANVP").await;
    let id = create(&coordinator, &meeting_form(&app, "national", anvp, 2)).await;
    coordinator
        .post(&format!("/meetings/{id}/invite"), &[("emails", CORRESPONDENT)])
        .await;
    let luc = app.person_id(CORRESPONDENT).await.to_string();

    let early = coordinator
        .post(
            &format!("/meetings/{id}/minutes"),
            &[("present", &luc), ("minutes", "trop tôt")],
        )
        .await;
    assert_eq!(early.status(), 422, "not before it is held");

    app.state.clock.advance(Duration::days(3));
    let minutes = "# Relevé\n- **Visites** communes\n<script>alert('x')</script>";
    let response = coordinator
        .post(
            &format!("/meetings/{id}/minutes"),
            &[("present", &luc), ("minutes", minutes)],
        )
        .await;
    assert_eq!(response.status(), 303);
    let category: i64 =
        sqlx::query_scalar("SELECT id FROM agreement_categories WHERE agreement_id = $1 ORDER BY position LIMIT 1")
            .bind(agreement)
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap();
    let response = coordinator
        .post(
            &format!("/meetings/{id}/decisions"),
            &[
                ("text", "Tenir une permanence commune à Fresnes"),
                ("category", &category.to_string()),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);

    let correspondent = app.login(CORRESPONDENT).await;
    let (status, page) = correspondent.get_text(&format!("/meetings/{id}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("<h3>Relevé</h3><ul><li><strong>Visites</strong> communes</li>"));
    assert!(
        page.contains("&lt;script&gt;") && !page.contains("<script>alert"),
        "no script injection"
    );
    assert!(page.contains("Tenir une permanence commune à Fresnes"));
    let (_, agreement_page) = coordinator.get_text(&format!("/agreements/{agreement}")).await;
    assert!(
        agreement_page.contains("Tenir une permanence commune à Fresnes"),
        "the decision is in the agreement's follow-up"
    );
    let attended: Vec<(String, Option<i64>)> = sqlx::query_as(
        "SELECT p.email, i.attended FROM meeting_invitations i JOIN persons p ON p.id = i.person_id \
         WHERE i.meeting_id = $1 ORDER BY p.email",
    )
    .bind(id)
    .fetch_all(&app.state.db.pool)
    .await
    .unwrap();
    assert_eq!(
        attended,
        vec![
            (AUXILIA_COORDINATOR.to_owned(), Some(0)),
            (CORRESPONDENT.to_owned(), Some(1)),
            (AUXILIA_ADMIN.to_owned(), Some(0)),
        ],
        "the partner's national officers invited by the agreement; only who came is present"
    );

    let outsider_category = coordinator
        .post(
            &format!("/meetings/{id}/decisions"),
            &[("text", "Autre"), ("category", "999999")],
        )
        .await;
    assert_eq!(outsider_category.status(), 422, "only an agreement of one's own");
    let late = coordinator
        .post(&format!("/meetings/{id}/invite"), &[("emails", VOLUNTEER)])
        .await;
    assert_eq!(late.status(), 422, "no invitation once held");
    let intruder = correspondent
        .post(&format!("/meetings/{id}/minutes"), &[("minutes", "réécrit")])
        .await;
    assert_eq!(intruder.status(), 403, "invitees read, organisers write");
}

#[tokio::test]
async fn a_network_accepts_members_and_its_meetings_invite_their_officers() {
    let app = TestApp::spawn().await;
    let anvp = app.organisation_id("ANVP").await;
    let auxilia = app.organisation_id("AUXILIA").await;
    let anvp_admin = app.login(ANVP_ADMIN).await;
    let response = anvp_admin
        .post(
            "/networks",
            &[
                ("name", "Groupe national de concertation prison"),
                ("description", "Associations intervenant en prison"),
                ("coordinator_id", &anvp.to_string()),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    let network: i64 = location(&response).trim_start_matches("/networks/").parse().unwrap();
    let twice = anvp_admin
        .post(
            "/networks",
            &[
                ("name", "Groupe national de concertation prison"),
                ("coordinator_id", &anvp.to_string()),
            ],
        )
        .await;
    assert_eq!(twice.status(), 422, "names are unique");

    let auxilia_admin = app.login(AUXILIA_ADMIN).await;
    let refused = auxilia_admin
        .post(
            &format!("/networks/{network}/request"),
            &[("organisation_id", &anvp.to_string())],
        )
        .await;
    assert_eq!(refused.status(), 422, "only for an organisation one administers");
    let asked = auxilia_admin
        .post(
            &format!("/networks/{network}/request"),
            &[("organisation_id", &auxilia.to_string())],
        )
        .await;
    assert_eq!(asked.status(), 303);
    assert!(
        last_mail_to(&app, ANVP_ADMIN)
            .await
            .contains(&format!("/networks/{network}")),
        "the coordinator is told"
    );
    let self_accept = auxilia_admin
        .post(
            &format!("/networks/{network}/accept"),
            &[("organisation_id", &auxilia.to_string())],
        )
        .await;
    assert_eq!(self_accept.status(), 403, "the coordinating organisation decides");
    let accepted = anvp_admin
        .post(
            &format!("/networks/{network}/accept"),
            &[("organisation_id", &auxilia.to_string())],
        )
        .await;
    assert_eq!(accepted.status(), 303);

    let coordinator = app.login(COORDINATOR).await;
    let form = with(
        meeting_form(&app, "national", anvp, 20),
        "network_id",
        &network.to_string(),
    );
    let id = create(&coordinator, &form).await;
    let invited: Vec<String> = invitations(&app, id)
        .await
        .into_iter()
        .map(|(e, r, _, _)| format!("{e} {r}"))
        .collect();
    assert!(invited.contains(&format!("{AUXILIA_ADMIN} network")), "{invited:?}");
    assert!(invited.contains(&format!("{ANVP_ADMIN} network")), "{invited:?}");
    let (status, page) = auxilia_admin.get_text(&format!("/meetings?network={network}")).await;
    assert_eq!(status, 200);
    assert!(page.contains(&format!("/meetings/{id}")));
}

#[tokio::test]
async fn ones_meetings_are_in_a_personal_calendar_feed_and_the_api() {
    let app = TestApp::spawn().await;
    let coordinator = app.login(COORDINATOR).await;
    let anvp = app.organisation_id("ANVP").await;
    let id = create(&coordinator, &meeting_form(&app, "national", anvp, 4)).await;
    coordinator
        .post(&format!("/meetings/{id}/invite"), &[("emails", CORRESPONDENT)])
        .await;
    let correspondent = app.login(CORRESPONDENT).await;
    let token = correspondent.feed_token().await;
    let response = app
        .browser()
        .await
        .get(&format!("/calendar/{token}/meetings.ics"))
        .await;
    assert_eq!(response.status(), 200);
    let body = response.text().await.unwrap();
    assert!(body.contains("SUMMARY:Réunion des correspondants") && body.contains(&format!("UID:meeting-{id}@")));

    let token = app.token(CORRESPONDENT).await;
    let api = app.api(Some(&token));
    let (status, list) = api.get("/api/v1/meetings").await;
    assert_eq!(status, 200);
    assert_eq!(list["items"][0]["id"], id);
    assert_eq!(list["items"][0]["my_answer"], "none");
    let (status, body) = api
        .send(
            reqwest::Method::PUT,
            &format!("/api/v1/meetings/{id}/answer"),
            serde_json::json!({"answer": "perhaps"}),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(body["error"]["code"], "validation_failed", "{body}");
    let response = api
        .request(reqwest::Method::PUT, &format!("/api/v1/meetings/{id}/answer"))
        .json(&serde_json::json!({"answer": "yes"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    let (status, detail) = api.get(&format!("/api/v1/meetings/{id}")).await;
    assert_eq!(status, 200);
    assert_eq!(detail["invitations"][0]["answer"], "yes");
    assert_eq!(detail["invitations"][0]["rule"], "chosen");
    let outsider = app.api(Some(&app.token(VOLUNTEER).await));
    assert_eq!(outsider.get(&format!("/api/v1/meetings/{id}")).await.0, 404);
}

/// What the role matrix acts on: ANVP meetings with the administration
/// (no automatic rule) to which the volunteer is invited by email, one
/// with a document and the answer link `mt_matrix`; one to cancel (nobody
/// invited); one already held; a network coordinated by ANVP.
pub struct Fixture {
    pub meeting: i64,
    pub to_cancel: i64,
    pub held: i64,
    pub document: i64,
    pub network: i64,
}

pub async fn fixture(app: &TestApp) -> Fixture {
    let coordinator = app.login(COORDINATOR).await;
    let anvp = app.organisation_id("ANVP").await;
    let form = meeting_form(app, "administration", anvp, 10);
    let meeting = create(&coordinator, &form).await;
    let to_cancel = create(&coordinator, &form).await;
    let held = create(&coordinator, &form).await;
    for id in [meeting, held] {
        let invited = coordinator
            .post(&format!("/meetings/{id}/invite"), &[("emails", VOLUNTEER)])
            .await;
        assert_eq!(invited.status(), 303);
    }
    sqlx::query("UPDATE meeting_invitations SET token_hash = $1 WHERE meeting_id = $2")
        .bind(passerelle::auth::secrets::token_hash("mt_matrix"))
        .bind(meeting)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    let past = app.state.clock.now() - Duration::days(1);
    sqlx::query("UPDATE meetings SET starts_at = $1, local_date = $2 WHERE id = $3")
        .bind(passerelle::db::timestamp(past))
        .bind(past.date_naive().to_string())
        .bind(held)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    let uploaded = coordinator
        .post_file_as(
            &format!("/meetings/{meeting}/documents"),
            "document",
            "ordre-du-jour.pdf",
            b"%PDF-1.4 agenda",
        )
        .await;
    assert_eq!(uploaded.status(), 303);
    let document: i64 = sqlx::query_scalar("SELECT id FROM meeting_documents WHERE meeting_id = $1")
        .bind(meeting)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    let created = app
        .login(ANVP_ADMIN)
        .await
        .post(
            "/networks",
            &[("name", "Réseau du tableau"), ("coordinator_id", &anvp.to_string())],
        )
        .await;
    assert_eq!(created.status(), 303);
    let network = location(&created).trim_start_matches("/networks/").parse().unwrap();
    Fixture {
        meeting,
        to_cancel,
        held,
        document,
        network,
    }
}

#[tokio::test]
async fn documents_are_kept_for_those_who_see_the_meeting() {
    let app = TestApp::spawn().await;
    let f = fixture(&app).await;
    let volunteer = app.login(VOLUNTEER).await;
    let response = volunteer
        .get(&format!("/meetings/{}/documents/{}", f.meeting, f.document))
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.bytes().await.unwrap().as_ref(), b"%PDF-1.4 agenda");
    let coordinator = app.login(COORDINATOR).await;
    let refused = coordinator
        .post_file_as(
            &format!("/meetings/{}/documents", f.meeting),
            "document",
            "virus.exe",
            b"MZ",
        )
        .await;
    assert_eq!(refused.status(), 422, "only documents");
    assert_eq!(app.audit_count("meeting.document").await, 1);
}

#[tokio::test]
async fn a_meeting_downloads_as_a_calendar_file_for_those_who_see_it() {
    let app = TestApp::spawn().await;
    let f = fixture(&app).await;
    let response = app
        .login(VOLUNTEER)
        .await
        .get(&format!("/meetings/{}/event.ics", f.meeting))
        .await;
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/calendar")
    );
    let file = response.text().await.unwrap();
    assert!(file.contains("BEGIN:VEVENT") && file.contains(&format!("UID:meeting-{}@", f.meeting)));
    let outsider = app.login(AUXILIA_ADMIN).await;
    assert_eq!(
        outsider
            .get(&format!("/meetings/{}/event.ics", f.meeting))
            .await
            .status(),
        404
    );
}

#[tokio::test]
async fn the_home_page_says_which_meetings_held_wait_for_their_minutes() {
    let app = TestApp::spawn().await;
    let f = fixture(&app).await;
    let coordinator = app.login(COORDINATOR).await;
    let (_, home) = coordinator.get_text("/").await;
    assert!(home.contains("href=\"/meetings?minutes=missing\""));
    let (_, list) = coordinator.get_text("/meetings?minutes=missing").await;
    assert!(
        list.contains(&format!("/meetings/{}\"", f.held)),
        "held, no minutes yet"
    );
    assert!(!list.contains(&format!("/meetings/{}\"", f.meeting)), "not held yet");
    let written = coordinator
        .post(
            &format!("/meetings/{}/minutes", f.held),
            &[("minutes", "Tour de table des sections.")],
        )
        .await;
    assert_eq!(written.status(), 303);
    let (_, list) = coordinator.get_text("/meetings?minutes=missing").await;
    assert!(!list.contains(&format!("/meetings/{}\"", f.held)), "minutes written");
    let (_, home) = app.login(VOLUNTEER).await.get_text("/").await;
    assert!(!home.contains("minutes=missing"), "a volunteer writes no minutes");
}
