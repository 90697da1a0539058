//! Needs diagnosis: answered by three people, a report with priorities for
//! those who manage it, closed, and compared only as averages of enough people.

use crate::helpers::*;

async fn questions(app: &TestApp) -> Vec<(i64, String)> {
    sqlx::query_as(
        "SELECT i.id, i.kind FROM questionnaire_items i JOIN questionnaire_items s ON s.id = i.section_id \
         ORDER BY s.position, i.position",
    )
    .fetch_all(&app.state.db.pool)
    .await
    .unwrap()
}

/// ANVP's diagnosis, opened by its administrator; its id.
pub async fn fixture(app: &TestApp) -> i64 {
    let questionnaire: i64 = sqlx::query_scalar("SELECT id FROM questionnaires WHERE code = 'volpris_needs'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    let anvp = app.organisation_id("ANVP").await.to_string();
    let opened = app
        .login(ANVP_ADMIN)
        .await
        .post(
            "/diagnoses",
            &[
                ("questionnaire_id", &questionnaire.to_string()),
                ("organisation_id", &anvp),
            ],
        )
        .await;
    assert_eq!(opened.status(), 303);
    location(&opened).trim_start_matches("/diagnoses/").parse().unwrap()
}

async fn respond(app: &TestApp, email: &str, id: i64, first: &str, urgent: &str) -> u16 {
    let questions = questions(app).await;
    let mut fields: Vec<(String, String)> = Vec::new();
    for (n, (question, kind)) in questions.iter().enumerate() {
        fields.push(("question".into(), question.to_string()));
        if kind == "scale" {
            let score = if n == 0 { first.to_owned() } else { "4".to_owned() };
            fields.push((format!("score_{question}"), score));
        } else {
            fields.push((format!("text_{question}"), urgent.to_owned()));
        }
    }
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    app.login(email)
        .await
        .post(&format!("/diagnoses/{id}/answers"), &fields)
        .await
        .status()
        .as_u16()
}

#[tokio::test]
async fn three_people_answer_and_the_report_names_the_priorities_without_naming_anyone() {
    let app = TestApp::spawn().await;
    let id = fixture(&app).await;
    let page = format!("/diagnoses/{id}");
    assert_eq!(respond(&app, VOLUNTEER, id, "7", "").await, 422, "off the scale");
    assert_eq!(respond(&app, VOLUNTEER, id, "1", "Des salles plus calmes").await, 303);
    assert_eq!(respond(&app, COORDINATOR, id, "2", "Un référent au SPIP").await, 303);
    assert_eq!(respond(&app, ANVP_ADMIN, id, "2", "").await, 303);
    assert_eq!(
        respond(&app, ANVP_ADMIN, id, "3", "").await,
        303,
        "answering again replaces, not adds"
    );

    let (_, html) = app.login(VOLUNTEER).await.get_text(&page).await;
    assert!(
        !html.contains("id=\"report\""),
        "a respondent does not read the others' answers"
    );
    let (_, html) = app.login(ANVP_ADMIN).await.get_text(&page).await;
    assert!(html.contains("3 respondent(s)"));
    let priorities = html
        .split("id=\"priorities\"")
        .nth(1)
        .unwrap()
        .split("</ol>")
        .next()
        .unwrap();
    assert!(
        priorities.contains("Volunteers get their authorisation within a reasonable time. — 2.0 / 5"),
        "(1 + 2 + 3) / 3, the lowest: {priorities}"
    );
    assert!(html.contains("Un référent au SPIP"), "free texts are in the report");
    assert!(!html.contains("Visitor"), "no respondent is named");

    for outsider in [AUXILIA_ADMIN, OBSERVER, STAFF] {
        assert_eq!(app.login(outsider).await.get(&page).await.status(), 404, "{outsider}");
    }
    let admin = app.login(ANVP_ADMIN).await;
    assert_eq!(admin.post(&format!("{page}/close"), &[]).await.status(), 303);
    assert_eq!(respond(&app, COORDINATOR, id, "5", "").await, 422, "closed");

    // Three respondents are too few to be compared.
    let (_, html) = admin.get_text("/diagnoses/compare").await;
    let france = html
        .split("<th scope=\"row\">FR</th>")
        .nth(1)
        .unwrap()
        .split("</tr>")
        .next()
        .unwrap();
    assert!(france.contains(">3<"), "its respondents are counted");
    assert!(france.contains("hidden"), "but its averages hidden");
    let (status, body) = app
        .api(Some(&app.token(OBSERVER).await))
        .get("/api/v1/diagnoses/compare")
        .await;
    assert_eq!(status, 200);
    assert_eq!(body["groups"][0]["respondents"], 3);
    assert_eq!(body["groups"][0]["sections"].as_array().unwrap().len(), 0);
    assert_eq!(app.audit_count("diagnosis.answer").await, 4);
}
