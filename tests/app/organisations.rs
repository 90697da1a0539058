use crate::helpers::*;

#[tokio::test]
async fn the_list_searches_filters_sorts_and_pages() {
    let app = TestApp::spawn().await;
    let browser = app.login(VOLUNTEER).await;
    let (status, page) = browser.get_text("/organisations?q=auxi").await;
    assert_eq!(status, 200);
    assert!(page.contains("AUXILIA") && !page.contains(">ANVP<"));
    let (_, prisons) = browser
        .get_text("/organisations?kind=prison_administration&sort=country&dir=desc")
        .await;
    let sw = prisons.find(">SW<").unwrap();
    let dap = prisons.find(">DAP<").unwrap();
    assert!(sw < dap, "PL before FR when sorted by country descending");
    let (_, paged) = browser.get_text("/organisations?per_page=2&page=2&sort=acronym").await;
    assert!(paged.contains(">DAP<") && paged.contains(">SLAWEK<") && !paged.contains(">ANVP<"));
    assert!(paged.contains("rel=\"prev\"") && paged.contains("rel=\"next\""));
}

#[tokio::test]
async fn a_platform_admin_creates_an_organisation_and_errors_keep_what_was_typed() {
    let app = TestApp::spawn().await;
    let browser = app.login(PLATFORM_ADMIN).await;
    let response = browser
        .post(
            "/organisations",
            &[
                ("name", "Farapej"),
                ("acronym", ""),
                ("kind", "volunteer_organisation"),
                ("country", "France"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(page.contains("value=\"Farapej\""), "the name typed is kept");
    assert!(
        page.contains("value=\"France\""),
        "the wrong country is shown to be corrected"
    );
    assert!(page.contains("deux lettres") || page.contains("two-letter"));

    let response = browser
        .post(
            "/organisations",
            &[
                ("name", "Farapej"),
                ("acronym", "FARAPEJ"),
                ("kind", "volunteer_organisation"),
                ("country", "FR"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    let detail = location(&response);
    let (_, page) = browser.get_text(&detail).await;
    assert!(
        page.contains("Farapej") && page.contains("role=\"status\""),
        "flash message shown"
    );

    let again = browser
        .post(
            "/organisations",
            &[
                ("name", "Other"),
                ("acronym", "FARAPEJ"),
                ("kind", "other"),
                ("country", "FR"),
            ],
        )
        .await;
    assert_eq!(again.status(), 422, "the acronym is unique");
    assert_eq!(app.audit_count("organisation.create").await, 1);
}

#[tokio::test]
async fn members_are_shown_only_to_coordinators_and_admins_of_the_organisation() {
    let app = TestApp::spawn().await;
    let anvp = app.organisation_id("ANVP").await;
    let path = format!("/organisations/{anvp}");
    for (email, sees) in [
        (COORDINATOR, true),
        (ANVP_ADMIN, true),
        (PLATFORM_ADMIN, true),
        (VOLUNTEER, false),
        (AUXILIA_ADMIN, false),
        (STAFF, false),
        (OBSERVER, false),
    ] {
        let (status, page) = app.login(email).await.get_text(&path).await;
        assert_eq!(status, 200, "{email}");
        assert_eq!(page.contains(VOLUNTEER), sees, "{email} sees the member emails: {sees}");
    }
}

#[tokio::test]
async fn an_admin_edits_their_organisation_and_the_change_is_audited() {
    let app = TestApp::spawn().await;
    let anvp = app.organisation_id("ANVP").await;
    let browser = app.login(ANVP_ADMIN).await;
    let (status, form) = browser.get_text(&format!("/organisations/{anvp}/edit")).await;
    assert_eq!(status, 200);
    assert!(form.contains("value=\"ANVP\""));
    let response = browser
        .post(
            &format!("/organisations/{anvp}"),
            &[
                ("name", "ANVP – visiteurs"),
                ("acronym", "ANVP"),
                ("kind", "volunteer_organisation"),
                ("country", "FR"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    let (_, audit) = browser.get_text(&format!("/audit?organisation={anvp}")).await;
    assert!(audit.contains("organisation.update") && audit.contains("ANVP – visiteurs"));
    assert!(audit.contains("Hélène Bernard"), "who made the change");
}

#[tokio::test]
async fn a_malformed_id_is_a_page_not_found() {
    let app = TestApp::spawn().await;
    let browser = app.login(VOLUNTEER).await;
    assert_eq!(browser.get("/organisations/abc").await.status(), 404);
    assert_eq!(browser.get("/organisations/999999").await.status(), 404);
}
