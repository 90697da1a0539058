use chrono::Datelike;

use crate::helpers::*;

#[tokio::test]
async fn the_demo_holds_volunteers_at_scale_with_authorisations_in_every_status_once() {
    let app = TestApp::spawn().await;
    let created = passerelle::demo::seed_people(&app.state).await.unwrap();
    assert!(created > 10_000, "{created}");
    assert_eq!(
        passerelle::demo::seed_people(&app.state).await.unwrap(),
        0,
        "running it again changes nothing"
    );
    let pool = &app.state.db.pool;
    let anvp: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM persons WHERE email LIKE '%@anvp.demo'")
        .fetch_one(pool)
        .await
        .unwrap();
    let auxilia: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM persons WHERE email LIKE '%@auxilia.demo'")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!((anvp, auxilia), (1190, 1000));
    let api = app.api(Some(&app.token(ANVP_ADMIN).await));
    let (_, all) = api.get("/api/v1/authorisations?per_page=1").await;
    let mut by_status = 0;
    for status in [
        "in_progress",
        "valid",
        "expiring",
        "expired",
        "suspended",
        "withdrawn",
        "refused",
    ] {
        let (_, page) = api
            .get(&format!("/api/v1/authorisations?status={status}&per_page=1"))
            .await;
        assert!(page["total"].as_i64().unwrap() > 0, "some {status}");
        by_status += page["total"].as_i64().unwrap();
    }
    assert_eq!(
        by_status,
        all["total"].as_i64().unwrap(),
        "each authorisation in exactly one status (\"expiring\" has its own condition)"
    );
}

#[tokio::test]
async fn the_european_benchmark_dataset_loads_in_under_a_minute_once() {
    let app = TestApp::spawn().await;
    let started = std::time::Instant::now();
    let created = passerelle::demo::seed_europe(&app.state).await.unwrap();
    let seconds = started.elapsed().as_secs();
    assert!(seconds < 60, "{seconds} s");
    assert!(created > 300_000, "{created}");
    let pool = &app.state.db.pool;
    let establishments: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM establishments")
        .fetch_one(pool)
        .await
        .unwrap();
    let volunteers: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM persons WHERE email LIKE '%@%.europe.demo'")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!((establishments, volunteers), (1600, 100_000));
    assert_eq!(passerelle::demo::seed_europe(&app.state).await.unwrap(), 0, "once");
}

#[tokio::test]
async fn the_demo_shows_the_partnership_in_use_once() {
    let app = TestApp::spawn().await;
    app.fresnes().await;
    let created = passerelle::demo::seed_cooperation(&app.state).await.unwrap();
    assert_eq!(created, 11, "9 activity entries and 2 referrals");
    assert_eq!(passerelle::demo::seed_cooperation(&app.state).await.unwrap(), 0, "once");
    let token = app.token(VOLUNTEER).await;
    let (_, referrals) = app.api(Some(&token)).get("/api/v1/referrals").await;
    let mut states: Vec<&str> = referrals["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["state"].as_str().unwrap())
        .collect();
    states.sort();
    assert_eq!(states, ["assigned", "submitted"]);
    let (_, visits) = app
        .api(Some(&token))
        .get("/api/v1/activities?month=all&whose=mine")
        .await;
    assert_eq!(visits["total"], 6);
}

#[tokio::test]
async fn a_volunteer_of_two_organisations_sees_their_work_in_both_on_the_home_page() {
    let app = TestApp::spawn().await;
    app.fresnes().await;
    passerelle::demo::seed_cooperation(&app.state).await.unwrap();
    let (_, home) = app.login(VOLUNTEER).await.get_text("/").await;
    for expected in [
        "ANVP",
        "AUXILIA",
        "My authorisations",
        "de Fresnes",
        "My activity this month",
    ] {
        assert!(home.contains(expected), "{expected} in {home}");
    }
    let (_, home) = app.login(CORRESPONDENT).await.get_text("/").await;
    assert!(home.contains("<strong>AUXILIA</strong> : ") || home.contains("Nothing recorded this month."));
}

#[tokio::test]
async fn the_demo_shows_training_in_use_once() {
    let app = TestApp::spawn().await;
    assert_eq!(passerelle::demo::seed_training(&app.state).await.unwrap(), 4);
    assert_eq!(passerelle::demo::seed_training(&app.state).await.unwrap(), 0, "once");
    // The correspondent has certificates and a qualification expiring within a month.
    let (_, page) = app.login(CORRESPONDENT).await.get_text("/training/certificates").await;
    assert!(page.contains("Accompagner un apprenant détenu") && page.contains("Correspondant·e formé·e"));
    let expiring: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM qualifications WHERE expires_on >= $1 AND expires_on <= $2")
            .bind(app.today())
            .bind((app.state.clock.now().date_naive() + chrono::Duration::days(31)).to_string())
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap();
    assert!(expiring >= 1, "expiring qualifications to remind");
    // The upcoming session waits for Auxilia's approval of the correspondent.
    let (_, sessions) = app.login(AUXILIA_COORDINATOR).await.get_text("/training").await;
    assert!(sessions.contains("Coordonner une équipe") && sessions.contains("Accompagner un apprenant — en ligne"));
    let (_, totals) = app
        .api(Some(&app.token(AUXILIA_COORDINATOR).await))
        .get("/api/v1/training/needs")
        .await;
    assert_eq!(totals[0]["volunteers"], 33);
}

#[tokio::test]
async fn the_demo_holds_the_anvp_auxilia_conventions_once() {
    let app = TestApp::spawn().await;
    assert_eq!(passerelle::demo::seed_agreements(&app.state).await.unwrap(), 2);
    assert_eq!(passerelle::demo::seed_agreements(&app.state).await.unwrap(), 0, "once");
    let browser = app.login(AUXILIA_COORDINATOR).await;
    let (_, list) = browser.get_text("/agreements").await;
    assert!(
        list.contains("2014-2019") && list.contains("Expired") && list.contains("In force"),
        "{list}"
    );
    let closed: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM agreement_evaluations WHERE closed_at IS NOT NULL")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert!(
        closed >= 6,
        "five yearly evaluations of 2014-2019 and those of the renewal: {closed}"
    );
    let (_, page) = app.login(STAFF).await.get_text("/agreements").await;
    assert!(!page.contains("2014-2019"), "the administration is not a party");
}

#[tokio::test]
async fn the_demo_holds_meetings_invited_by_the_convention_once() {
    let app = TestApp::spawn().await;
    passerelle::demo::seed_people(&app.state).await.unwrap();
    passerelle::demo::seed_showcase(&app.state).await.unwrap();
    passerelle::demo::seed_agreements(&app.state).await.unwrap();
    assert_eq!(passerelle::demo::seed_meetings(&app.state).await.unwrap(), 4);
    assert_eq!(passerelle::demo::seed_meetings(&app.state).await.unwrap(), 0, "once");
    let by_rule: Vec<(String, i64)> = sqlx::query_as(
        "SELECT i.rule, COUNT(*) FROM meeting_invitations i JOIN meetings m ON m.id = i.meeting_id \
         WHERE m.kind = 'regional' GROUP BY i.rule",
    )
    .fetch_all(&app.state.db.pool)
    .await
    .unwrap();
    assert_eq!(by_rule.len(), 1, "{by_rule:?}");
    assert_eq!(by_rule[0].0, "agreement_partner");
    assert!(
        by_rule[0].1 > 1,
        "Auxilia's correspondents of the DISP of Paris: {}",
        by_rule[0].1
    );
    let (minutes, decision): (String, Option<i64>) = sqlx::query_as(
        "SELECT m.minutes, d.follow_up_id FROM meetings m JOIN meeting_decisions d ON d.meeting_id = m.id",
    )
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap();
    assert!(minutes.starts_with("# Relevé de décisions"));
    assert!(decision.is_some(), "noted in the convention's follow-up");
    let members: Vec<String> = sqlx::query_scalar("SELECT state FROM network_members ORDER BY state")
        .fetch_all(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(members, ["member", "member", "requested"]);
}

#[tokio::test]
async fn the_demo_compares_three_countries_of_the_volpris_network_over_two_years() {
    let app = TestApp::spawn().await;
    passerelle::demo::seed_people(&app.state).await.unwrap();
    passerelle::demo::seed_training(&app.state).await.unwrap();
    assert!(passerelle::demo::seed_volpris(&app.state).await.unwrap() > 0);
    assert_eq!(passerelle::demo::seed_volpris(&app.state).await.unwrap(), 0, "once");
    let (partners, accepted): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM network_members m WHERE m.network_id = n.id AND m.state = 'member'), \
         (SELECT COUNT(*) FROM indicator_set_answers a JOIN indicator_sets s ON s.id = a.set_id \
          WHERE s.network_id = n.id AND s.agreed_at IS NOT NULL AND a.accepted = 1) \
         FROM networks n WHERE n.name = 'VOLPRIS.EU'",
    )
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap();
    assert_eq!((partners, accepted), (7, 7), "VOLPRIS and six partners agreed the set");
    let api = app.api(Some(&app.token(STAFF).await));
    let year = app.state.clock.now().date_naive().year();
    for period in [year, year - 1] {
        let (status, comparison) = api.get(&format!("/api/v1/indicators?period={period}")).await;
        assert_eq!(status, 200);
        let places: Vec<&str> = comparison["places"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["key"].as_str().unwrap())
            .collect();
        assert_eq!(places, ["BE", "FR", "PL"], "{period}");
        for line in comparison["lines"].as_array().unwrap() {
            let all = line["cells"].as_array().unwrap().last().unwrap();
            assert!(
                all["value"].is_number(),
                "{period}: {} has a value: {all}",
                line["indicator"]["code"]
            );
        }
    }
}
