use crate::helpers::*;

async fn person_id(app: &TestApp, email: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM persons WHERE email = $1")
        .bind(email)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap()
}

async fn membership(app: &TestApp, email: &str, acronym: &str) -> i64 {
    sqlx::query_scalar(
        "SELECT m.id FROM memberships m JOIN persons p ON p.id = m.person_id JOIN organisations o ON o.id = m.organisation_id \
         WHERE p.email = $1 AND o.acronym = $2 AND m.ended_at IS NULL",
    )
    .bind(email)
    .bind(acronym)
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn an_admin_invites_a_new_volunteer_who_chooses_a_password_and_logs_in() {
    let app = TestApp::spawn().await;
    let admin = app.login(ANVP_ADMIN).await;
    let anvp = app.organisation_id("ANVP").await.to_string();
    let invite = [
        ("email", "Louise.Michel@example.org"),
        ("name", "Louise Michel"),
        ("organisation", anvp.as_str()),
        ("role", "volunteer"),
    ];
    let response = admin.post("/people/invite", &invite).await;
    assert_eq!(location(&response), "/people#invitations");
    let (_, page) = admin.get_text("/people").await;
    assert!(page.contains("louise.michel@example.org"), "waiting for her answer");

    app.join_by_link("louise.michel@example.org").await;
    let (_, page) = admin.get_text("/people").await;
    assert!(
        page.contains("Louise Michel") && !page.contains("id=\"offers\""),
        "choosing a password accepts"
    );
    let browser = app.browser().await;
    let login = browser
        .post(
            "/login",
            &[("email", "louise.michel@example.org"), ("password", INVITED_PASSWORD)],
        )
        .await;
    assert_eq!(login.status(), 303);
    let (_, home) = browser.get_text("/").await;
    assert!(home.contains("ANVP"));

    let again = admin.post("/people/invite", &invite).await;
    assert_eq!(again.status(), 422, "already a member");
    assert_eq!(app.audit_count("membership.create").await, 1);
}

#[tokio::test]
async fn someone_who_already_has_an_account_accepts_before_joining_without_a_second_identity() {
    let app = TestApp::spawn().await;
    let admin = app.login(AUXILIA_ADMIN).await;
    let auxilia = app.organisation_id("AUXILIA").await.to_string();
    let before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM persons")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    let invite = |email: &'static str, name: &'static str| {
        let (admin, auxilia) = (&admin, &auxilia);
        async move {
            let fields = [
                ("email", email),
                ("name", name),
                ("organisation", auxilia.as_str()),
                ("role", "volunteer"),
            ];
            let response = admin.post("/people/invite", &fields).await;
            (
                response.status().as_u16(),
                location(&response),
                response.headers().get("set-cookie").cloned(),
            )
        }
    };
    // The inviter gets the same answer for an address with an account and one without.
    let known = invite(COORDINATOR, "").await;
    let unknown = invite("someone.new@example.org", "Someone New").await;
    assert_eq!((known.0, &known.1), (303, &"/people#invitations".to_owned()));
    assert_eq!((known.0, &known.1, &known.2), (unknown.0, &unknown.1, &unknown.2));
    let after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM persons")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(before + 1, after, "one new person, no second identity");
    let api = app.api(Some(&app.token(COORDINATOR).await));
    let (_, me) = api.get("/api/v1/me").await;
    assert_eq!(
        me["memberships"].as_array().unwrap().len(),
        1,
        "nothing before accepting"
    );
    assert!(
        app.outbox()
            .await
            .iter()
            .any(|m| m.contains(&format!("To: {COORDINATOR}")) && !m.contains("/password/reset/"))
    );
    // The coordinator finds the invitation on their account page and accepts it.
    let coordinator = app.login(COORDINATOR).await;
    let (_, account) = coordinator.get_text("/account").await;
    let offer = account
        .split("action=\"/invitations/")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .expect("the invitation on the account page")
        .to_owned();
    assert_eq!(
        app.login(VOLUNTEER)
            .await
            .post(&format!("/invitations/{offer}/accept"), &[])
            .await
            .status(),
        404,
        "someone else's invitation"
    );
    let accepted = coordinator.post(&format!("/invitations/{offer}/accept"), &[]).await;
    assert_eq!(accepted.status(), 303);
    let (_, me) = api.get("/api/v1/me").await;
    assert_eq!(
        me["memberships"].as_array().unwrap().len(),
        2,
        "one identity, two organisations"
    );
    let again = coordinator.post(&format!("/invitations/{offer}/accept"), &[]).await;
    assert_eq!(again.status(), 404, "answered once");
}

#[tokio::test]
async fn a_declined_invitation_makes_no_membership() {
    let app = TestApp::spawn().await;
    let admin = app.login(AUXILIA_ADMIN).await;
    let auxilia = app.organisation_id("AUXILIA").await.to_string();
    let fields = [
        ("email", STAFF),
        ("organisation", auxilia.as_str()),
        ("role", "observer"),
    ];
    assert_eq!(admin.post("/people/invite", &fields).await.status(), 303);
    let staff = app.login(STAFF).await;
    let (_, account) = staff.get_text("/account").await;
    let offer = account
        .split("action=\"/invitations/")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap()
        .to_owned();
    let declined = staff.post(&format!("/invitations/{offer}/decline"), &[]).await;
    assert_eq!(location(&declined), "/account#invitations");
    let memberships: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM memberships m JOIN persons p ON p.id = m.person_id WHERE p.email = $1",
    )
    .bind(STAFF)
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap();
    assert_eq!(memberships, 1);
    assert_eq!(app.audit_count("membership.decline").await, 1);
    let (_, list) = admin.get_text("/people").await;
    assert!(!list.contains(STAFF), "no longer waiting");
}

#[tokio::test]
async fn a_coordinator_invites_volunteers_but_not_administrators() {
    let app = TestApp::spawn().await;
    let coordinator = app.login(COORDINATOR).await;
    let anvp = app.organisation_id("ANVP").await.to_string();
    let admin = coordinator
        .post(
            "/people/invite",
            &[
                ("email", "boss@example.org"),
                ("name", "Boss"),
                ("organisation", &anvp),
                ("role", "org_admin"),
            ],
        )
        .await;
    assert_eq!(admin.status(), 403);
    let volunteer = coordinator
        .post(
            "/people/invite",
            &[
                ("email", "new@example.org"),
                ("name", ""),
                ("organisation", &anvp),
                ("role", "volunteer"),
            ],
        )
        .await;
    assert_eq!(volunteer.status(), 422, "a new person needs a name");
    assert!(
        volunteer.text().await.unwrap().contains("new@example.org"),
        "what was typed is kept"
    );
}

#[tokio::test]
async fn an_admin_changes_then_ends_a_membership_which_stays_in_the_history() {
    let app = TestApp::spawn().await;
    let admin = app.login(ANVP_ADMIN).await;
    let id = membership(&app, VOLUNTEER, "ANVP").await;
    let r = admin
        .post(
            &format!("/memberships/{id}"),
            &[("role", "coordinator"), ("section", "")],
        )
        .await;
    assert_eq!(r.status(), 303);
    let r = admin.post(&format!("/memberships/{id}/end"), &[]).await;
    assert_eq!(r.status(), 303);
    let (_, current) = admin.get_text("/people?q=jean").await;
    assert!(!current.contains("Jean Petit"));
    let (_, ended) = admin.get_text("/people?q=jean&memberships=ended").await;
    assert!(ended.contains("Jean Petit"));
    assert_eq!(
        admin.post(&format!("/memberships/{id}/end"), &[]).await.status(),
        404,
        "already ended"
    );
    assert_eq!(
        app.audit_count("membership.update").await + app.audit_count("membership.end").await,
        2
    );
}

#[tokio::test]
async fn another_organisation_cannot_see_or_change_a_members_details() {
    let app = TestApp::spawn().await;
    let coordinator = person_id(&app, COORDINATOR).await;
    let auxilia = app.login(AUXILIA_ADMIN).await;
    assert_eq!(auxilia.get(&format!("/people/{coordinator}")).await.status(), 404);
    let id = membership(&app, COORDINATOR, "ANVP").await;
    assert_eq!(
        auxilia
            .post(&format!("/memberships/{id}"), &[("role", "volunteer")])
            .await
            .status(),
        404
    );
    assert_eq!(auxilia.post(&format!("/memberships/{id}/end"), &[]).await.status(), 404);
    let (_, list) = auxilia.get_text("/people").await;
    assert!(!list.contains(COORDINATOR));
    assert_eq!(app.login(VOLUNTEER).await.get("/people").await.status(), 403);
}

#[tokio::test]
async fn a_deactivated_person_can_no_longer_log_in_or_use_a_token() {
    let app = TestApp::spawn().await;
    let token = app.token(COORDINATOR).await;
    let coordinator = person_id(&app, COORDINATOR).await;
    let admin = app.login(ANVP_ADMIN).await;
    assert_eq!(
        admin
            .post(&format!("/people/{coordinator}/deactivate"), &[])
            .await
            .status(),
        303
    );
    let login = app
        .browser()
        .await
        .post("/login", &[("email", COORDINATOR), ("password", PASSWORD)])
        .await;
    assert_eq!(login.status(), 401);
    assert_eq!(app.api(Some(&token)).get("/api/v1/me").await.0, 401);
    let volunteer = person_id(&app, VOLUNTEER).await;
    assert_eq!(
        admin
            .post(&format!("/people/{volunteer}/deactivate"), &[])
            .await
            .status(),
        403,
        "the volunteer also belongs to Auxilia"
    );
}

#[tokio::test]
async fn the_people_list_exports_what_is_filtered() {
    let app = TestApp::spawn().await;
    let admin = app.login(ANVP_ADMIN).await;
    let csv = admin
        .get("/people/export.csv?role=coordinator")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(csv.lines().count(), 2);
    assert!(csv.contains(COORDINATOR));
}

#[tokio::test]
async fn a_people_file_is_checked_whole_then_imported_once() {
    let app = TestApp::spawn().await;
    let admin = app.login(ANVP_ADMIN).await;
    let bad = "email;name;organisation;role;section\n\
               ok@example.org;Ok;ANVP;volunteer;\n\
               not-an-email;Nobody;ANVP;volunteer;\n\
               new@example.org;;ANVP;volunteer;\n\
               x@example.org;X;NOPE;volunteer;\n\
               y@example.org;Y;AUXILIA;volunteer;\n\
               z@example.org;Z;ANVP;king;\n\
               staff@passerelle.demo;;ANVP;volunteer;\n";
    let response = crate::establishments::upload_to(&admin, "people", bad).await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    for cell in [
        "<td>3</td><td>email</td>",
        "<td>4</td><td>name</td>",
        "<td>5</td><td>organisation</td>",
        "<td>6</td><td>role</td>",
        "<td>7</td><td>role</td>",
        // Someone with an account joins by accepting an invitation, not by a file.
        "<td>8</td><td>email</td>",
    ] {
        assert!(page.contains(cell), "{cell} in {page}");
    }
    let people: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM persons")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();

    let good = format!(
        "email,name,organisation,role,phone\nnew.visitor@example.org,Nouveau Visiteur,ANVP,volunteer,0600000000\n{COORDINATOR},,anvp,coordinator,\n"
    );
    let preview = crate::establishments::upload_to(&admin, "people", &good)
        .await
        .text()
        .await
        .unwrap();
    let id = preview
        .split("action=\"/import/people/")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    assert_eq!(
        location(&admin.post(&format!("/import/people/{id}"), &[]).await),
        "/people"
    );
    let after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM persons")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(after, people + 1, "a member already known: no second identity");
    let (_, list) = admin.get_text("/people?q=example.org").await;
    assert!(list.contains("Nouveau Visiteur"));

    let again = crate::establishments::upload_to(&admin, "people", &good)
        .await
        .text()
        .await
        .unwrap();
    assert!(
        again.contains("<dt>Unchanged</dt><dd>2</dd>") || again.contains("<dt>Inchangés</dt><dd>2</dd>"),
        "{again}"
    );
}

#[tokio::test]
async fn the_command_line_imports_people() {
    let dir = tempfile::tempdir().unwrap();
    let url = crate::helpers::fresh_database(dir.path()).await;
    let db = passerelle::db::Db::connect(&url, 2).await.unwrap();
    db.migrate().await.unwrap();
    sqlx::query("INSERT INTO organisations (name, acronym, kind, country, created_at, updated_at) VALUES ('A', 'ANVP', 'volunteer_organisation', 'FR', 'x', 'x'), ('B', 'AUXILIA', 'volunteer_organisation', 'FR', 'x', 'x')")
        .execute(&db.pool)
        .await
        .unwrap();
    let file = dir.path().join("people.csv");
    // 4,500 lines, read in chunks of 2,000: a@ joins ANVP on the first line
    // and Auxilia on the last, two chunks later.
    let mut lines = String::from("email,name,organisation,role\na@example.org,A,ANVP,volunteer\n");
    for i in 0..4498 {
        lines += &format!("v{i}@example.org,Volunteer {i},AUXILIA,volunteer\n");
    }
    lines += "a@example.org,A,AUXILIA,coordinator\n";
    std::fs::write(&file, &lines).unwrap();
    let import = |path: &std::path::Path| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_passerelle"))
            .args(["import", "people", path.to_str().unwrap(), "--lang", "en"])
            .env("DATABASE_URL", &url)
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).trim().to_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (ok, out, err) = import(&file);
    assert!(ok, "{err}");
    assert_eq!(out, "4500 created, 0 updated, 0 unchanged (4500 data lines read)");
    let counts: (i64, i64) =
        sqlx::query_as("SELECT (SELECT COUNT(*) FROM persons), (SELECT COUNT(*) FROM memberships)")
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert_eq!(counts, (4499, 4500), "one person for a@, with two memberships");
    let (ok, out, err) = import(&file);
    assert!(ok, "{err}");
    assert_eq!(
        out, "0 created, 0 updated, 4500 unchanged (4500 data lines read)",
        "again: nothing changes"
    );

    // The same membership twice, 4,000 lines apart: refused, naming the second line.
    let twice = dir.path().join("twice.csv");
    std::fs::write(&twice, format!("{lines}v7@example.org,Volunteer 7,AUXILIA,volunteer\n")).unwrap();
    let (ok, _, err) = import(&twice);
    assert!(!ok);
    assert!(err.contains("4502") && err.contains("email"), "{err}");
}

#[tokio::test]
async fn the_api_lists_only_the_members_the_caller_may_see() {
    let app = TestApp::spawn().await;
    let (status, anvp) = app
        .api(Some(&app.token(ANVP_ADMIN).await))
        .get("/api/v1/people?per_page=50")
        .await;
    assert_eq!(status, 200);
    let organisations: Vec<_> = anvp["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["organisation"].as_str().unwrap())
        .collect();
    assert!(!organisations.is_empty() && organisations.iter().all(|o| *o == "ANVP"));
    let (_, volunteer) = app.api(Some(&app.token(VOLUNTEER).await)).get("/api/v1/people").await;
    assert_eq!(volunteer["total"], 0, "a volunteer sees no member list");
}

#[tokio::test]
async fn a_volunteer_s_mission_is_given_at_invitation_changed_and_imported() {
    let app = TestApp::spawn().await;
    let admin = app.login(ANVP_ADMIN).await;
    let anvp = app.organisation_id("ANVP").await.to_string();
    let invite = [
        ("email", "marie.curie@example.org"),
        ("name", "Marie Curie"),
        ("organisation", anvp.as_str()),
        ("role", "volunteer"),
        ("section", ""),
        ("mission", "prison_correspondent"),
    ];
    let r = admin.post("/people/invite", &invite).await;
    assert_eq!(r.status(), 303);
    app.join_by_link("marie.curie@example.org").await;
    let id = membership(&app, "marie.curie@example.org", "ANVP").await;
    let person = person_id(&app, "marie.curie@example.org").await;
    let (_, page) = admin.get_text(&format!("/people/{person}")).await;
    assert!(page.contains("Prison correspondent"), "{page}");
    let changed = [("role", "volunteer"), ("section", ""), ("mission", "visitor")];
    assert_eq!(admin.post(&format!("/memberships/{id}"), &changed).await.status(), 303);
    let mission: String = sqlx::query_scalar("SELECT mission FROM memberships WHERE id = $1")
        .bind(id)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(mission, "visitor");
    let wrong = [("role", "volunteer"), ("section", ""), ("mission", "pilot")];
    assert_eq!(admin.post(&format!("/memberships/{id}"), &wrong).await.status(), 422);

    let file = "email,name,organisation,role,mission\nmarie.curie@example.org,,ANVP,volunteer,teacher\nnew.one@example.org,New One,ANVP,volunteer,pilot\n";
    let refused = crate::establishments::upload_to(&admin, "people", file).await;
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.unwrap().contains("<td>3</td><td>mission</td>"));
    let file = "email,name,organisation,role,mission\nmarie.curie@example.org,,ANVP,volunteer,teacher\n";
    let preview = crate::establishments::upload_to(&admin, "people", file)
        .await
        .text()
        .await
        .unwrap();
    assert!(preview.contains("To update</dt><dd>1</dd>"), "{preview}");
}

/// Regression: a list whose page is not full counts from its rows (no
/// second scan); every page and a page past the end say the same total.
#[tokio::test]
async fn every_page_of_a_list_tells_the_same_total() {
    let app = TestApp::spawn().await;
    let api = app.api(Some(&app.token(PLATFORM_ADMIN).await));
    let (_, all) = api.get("/api/v1/people?per_page=200").await;
    let total = all["total"].as_i64().unwrap();
    assert_eq!(total, all["items"].as_array().unwrap().len() as i64);
    assert!(total > 3, "{total}");
    for page in 1..=(total + 1) {
        let (_, one) = api.get(&format!("/api/v1/people?per_page=3&page={page}")).await;
        assert_eq!(one["total"].as_i64(), Some(total), "page {page}");
    }
    let (_, found) = api.get("/api/v1/people?q=Petit").await;
    assert_eq!(found["total"], 2, "Jean Petit's two memberships");
    let (_, none) = api.get("/api/v1/people?q=Personne-de-ce-nom").await;
    assert_eq!(
        (none["total"].as_i64(), none["items"].as_array().unwrap().len()),
        (Some(0), 0)
    );
}

/// Regression: the search goes through each database's index of name
/// fragments (migration 0009), which follows renames made anywhere.
#[tokio::test]
async fn people_are_found_by_any_part_of_their_name_or_email() {
    let app = TestApp::spawn().await;
    let api = app.api(Some(&app.token(PLATFORM_ADMIN).await));
    let names = |body: serde_json::Value| -> Vec<String> {
        body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap().to_owned())
            .collect()
    };
    for q in ["petit", "ETIT", "visitor@passerelle", "Pe", "an Pet"] {
        let (status, body) = api.get(&format!("/api/v1/people?q={q}")).await;
        assert_eq!(status, 200, "{q}");
        assert!(names(body).contains(&"Jean Petit".to_owned()), "{q}");
    }
    let (status, body) = api.get("/api/v1/people?q=%22Petit%22%20OR%20*").await;
    assert_eq!(status, 200, "quotes and operators are only text");
    assert!(names(body).is_empty());
    sqlx::query("UPDATE persons SET name = 'Jeanne Grandpierre' WHERE email = $1")
        .bind(VOLUNTEER)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    let (_, body) = api.get("/api/v1/people?q=grandpier").await;
    assert!(names(body).contains(&"Jeanne Grandpierre".to_owned()));
    let (_, body) = api.get("/api/v1/people?q=petit").await;
    assert!(
        !names(body).contains(&"Jean Petit".to_owned()),
        "the old name is gone from the index"
    );
}

#[tokio::test]
async fn choosing_a_password_accepts_the_invitation_of_that_link_only() {
    let app = TestApp::spawn().await;
    let anvp = app.organisation_id("ANVP").await.to_string();
    let auxilia = app.organisation_id("AUXILIA").await.to_string();
    let invite = [
        ("email", "two.invitations@example.org"),
        ("name", "Deux Invitations"),
        ("organisation", anvp.as_str()),
        ("role", "volunteer"),
    ];
    assert_eq!(
        app.login(ANVP_ADMIN)
            .await
            .post("/people/invite", &invite)
            .await
            .status(),
        303
    );
    let second = [
        ("email", "two.invitations@example.org"),
        ("organisation", auxilia.as_str()),
        ("role", "volunteer"),
    ];
    assert_eq!(
        app.login(AUXILIA_ADMIN)
            .await
            .post("/people/invite", &second)
            .await
            .status(),
        303
    );
    app.join_by_link("two.invitations@example.org").await;
    let organisations: Vec<String> = sqlx::query_scalar(
        "SELECT o.acronym FROM memberships m JOIN persons p ON p.id = m.person_id \
         JOIN organisations o ON o.id = m.organisation_id WHERE p.email = $1",
    )
    .bind("two.invitations@example.org")
    .fetch_all(&app.state.db.pool)
    .await
    .unwrap();
    assert_eq!(organisations, ["ANVP"], "Auxilia's invitation waits for its own answer");
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE link LIKE '/password/reset/_%'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(stored, 0, "the link's secret is only in the email");
}

#[tokio::test]
async fn a_new_organisations_coordinator_sees_its_members_and_no_one_elses() {
    let app = TestApp::spawn().await;
    let lien = app
        .organisation("LIEN")
        .coordinator("ana@lien.test")
        .volunteer("ben@lien.test", "visitor")
        .build()
        .await;
    let ana = app.login("ana@lien.test").await;
    let (status, page) = ana.get_text(&format!("/people?organisation={}", lien.id)).await;
    assert_eq!(status, 200);
    assert!(page.contains("ben@lien.test"), "{page}");
    let (_, everyone) = ana.get_text("/people").await;
    assert!(everyone.contains("ben@lien.test"));
    assert!(
        !everyone.contains(VOLUNTEER),
        "a volunteer of another organisation is listed"
    );
    let anvp = app.organisation_id("ANVP").await;
    let (status, _) = ana.get_text(&format!("/people?organisation={anvp}")).await;
    assert_ne!(status, 500);
    let (_, theirs) = ana.get_text(&format!("/people?organisation={anvp}")).await;
    assert!(
        !theirs.contains(VOLUNTEER),
        "another organisation's filter shows its people"
    );
}
