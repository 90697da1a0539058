//! The coordinators' competence framework: a self-assessment, the
//! manager's view, and the modules its gaps propose as training needs.

use crate::helpers::*;

async fn competence(app: &TestApp, code: &str) -> String {
    sqlx::query_scalar::<_, i64>("SELECT id FROM competences WHERE code = $1")
        .bind(code)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap()
        .to_string()
}

/// ANVP's coordinator's self-assessment, started; its id.
pub async fn fixture(app: &TestApp) -> i64 {
    let anvp = app.organisation_id("ANVP").await.to_string();
    let started = app
        .login(COORDINATOR)
        .await
        .post("/competences/assessments", &[("organisation_id", &anvp)])
        .await;
    assert_eq!(started.status(), 303);
    location(&started)
        .trim_start_matches("/competences/assessments/")
        .parse()
        .unwrap()
}

#[tokio::test]
async fn a_coordinator_rates_themself_the_manager_adds_a_view_and_the_gaps_propose_modules() {
    let app = TestApp::spawn().await;
    let training = crate::training::fixture(&app).await;
    let (setting, partnership) = (
        competence(&app, "prison_setting").await,
        competence(&app, "partnership").await,
    );
    let admin = app.login(ANVP_ADMIN).await;
    let module = training.module.to_string();
    for code in [&setting, &partnership] {
        let linked = admin
            .post(
                "/competences/modules",
                &[("competence_id", code), ("module_id", &module), ("linked", "1")],
            )
            .await;
        assert_eq!(linked.status(), 303);
    }
    let id = fixture(&app).await;
    let page = format!("/competences/assessments/{id}");
    let coordinator = app.login(COORDINATOR).await;
    let refused = coordinator
        .post(
            &format!("{page}/ratings"),
            &[("competence", &setting), (&format!("level_{setting}"), "5")],
        )
        .await;
    assert_eq!(refused.status(), 422);
    let rated = coordinator
        .post(
            &format!("{page}/ratings"),
            &[
                ("competence", &setting),
                (&format!("level_{setting}"), "3"),
                ("competence", &partnership),
                (&format!("level_{partnership}"), "1"),
                (&format!("comment_{partnership}"), "Je débute avec le SPIP"),
            ],
        )
        .await;
    assert_eq!(rated.status(), 303);
    let (_, html) = coordinator.get_text(&page).await;
    let gaps = html
        .split("id=\"gaps\"")
        .nth(1)
        .unwrap()
        .split("</section>")
        .next()
        .unwrap();
    assert!(
        gaps.contains("Working with the administration and probation"),
        "1 of the 2 expected"
    );
    assert!(!gaps.contains("Knowing the prison setting"), "3 as expected: no gap");
    assert!(
        gaps.contains("/training/needs?"),
        "the gap proposes declaring the module as a need"
    );

    // The manager sees it lower: a gap the coordinator did not see.
    assert_eq!(
        coordinator
            .post(&format!("{page}/manager"), &[("competence", &setting)])
            .await
            .status(),
        403,
        "one does not give oneself the manager's view"
    );
    let viewed = admin
        .post(
            &format!("{page}/manager"),
            &[("competence", &setting), (&format!("manager_{setting}"), "2")],
        )
        .await;
    assert_eq!(viewed.status(), 303);
    let (_, html) = coordinator.get_text(&page).await;
    let gaps = html
        .split("id=\"gaps\"")
        .nth(1)
        .unwrap()
        .split("</section>")
        .next()
        .unwrap();
    assert!(
        gaps.contains("Knowing the prison setting"),
        "the manager's view shows a gap"
    );
    assert!(html.contains("Your manager places you at : Practising"));

    // The need link fills the training needs form with the module.
    let link = gaps
        .split("href=\"/training/needs?")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .replace("&#38;", "&");
    let (status, needs) = coordinator.get_text(&format!("/training/needs?{link}")).await;
    assert_eq!(status, 200);
    assert!(needs.contains(&format!("<option value=\"{module}\" selected>")));

    for outsider in [AUXILIA_COORDINATOR, VOLUNTEER, OBSERVER, STAFF] {
        assert_eq!(app.login(outsider).await.get(&page).await.status(), 404, "{outsider}");
    }
    assert_eq!(app.audit_count("competence.assessment.manager").await, 1);
}
