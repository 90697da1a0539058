//! Every route × every role. A later capability adds its routes as rows.
//!
//! Roles, in column order: anonymous, volunteer (ANVP and Auxilia),
//! coordinator (ANVP), ANVP admin, Auxilia admin (another organisation),
//! prison staff (DAP), observer (VOLPRIS), platform admin. The organisation
//! acted upon is ANVP (`{anvp}`); `{n}` is replaced by the column number so
//! that creations do not collide; `{est}` is a French establishment and
//! `{auth}` an application of the volunteer with ANVP.

use reqwest::Method;

use crate::helpers::*;

/// A redirect to the login page.
const LOGIN: u16 = 0;

const ROLES: [Option<&str>; 8] = [
    None,
    Some(VOLUNTEER),
    Some(COORDINATOR),
    Some(ANVP_ADMIN),
    Some(AUXILIA_ADMIN),
    Some(STAFF),
    Some(OBSERVER),
    Some(PLATFORM_ADMIN),
];

enum Body {
    None,
    Form(&'static [(&'static str, &'static str)]),
    Json(&'static str),
    /// A file upload: its name and content.
    File(&'static str, &'static [u8]),
}

struct Row {
    method: Method,
    path: &'static str,
    body: Body,
    expected: [u16; 8],
}

const fn row(method: Method, path: &'static str, body: Body, expected: [u16; 8]) -> Row {
    Row {
        method,
        path,
        body,
        expected,
    }
}

const ORG_FORM: &[(&str, &str)] = &[
    ("name", "Org {n}"),
    ("acronym", "ORG{n}"),
    ("kind", "other"),
    ("country", "FR"),
];
const ANVP_FORM: &[(&str, &str)] = &[
    ("name", "ANVP"),
    ("acronym", "ANVP"),
    ("kind", "volunteer_organisation"),
    ("country", "FR"),
];

fn rows() -> Vec<Row> {
    use Body::*;
    use Method as M;
    let all = |first: u16, rest: u16| [first, rest, rest, rest, rest, rest, rest, rest];
    vec![
        row(M::GET, "/healthz", None, [200; 8]),
        row(M::GET, "/readyz", None, [200; 8]),
        row(M::GET, "/metrics", None, [404; 8]),
        row(M::GET, "/api/openapi.json", None, [200; 8]),
        row(M::GET, "/static/app.css", None, [200; 8]),
        row(M::GET, "/login", None, all(200, 303)),
        row(M::GET, "/password/forgot", None, [200; 8]),
        row(
            M::POST,
            "/password/forgot",
            Form(&[("email", "nobody@example.org")]),
            [303; 8],
        ),
        row(M::GET, "/password/reset/not-a-token", None, [404; 8]),
        row(M::POST, "/language", Form(&[("lang", "en"), ("next", "/")]), [303; 8]),
        row(M::GET, "/", None, all(LOGIN, 200)),
        row(M::GET, "/organisations", None, all(LOGIN, 200)),
        row(
            M::GET,
            "/organisations/new",
            None,
            [LOGIN, 403, 403, 403, 403, 403, 403, 200],
        ),
        row(
            M::POST,
            "/organisations",
            Form(ORG_FORM),
            [LOGIN, 403, 403, 403, 403, 403, 403, 303],
        ),
        row(M::GET, "/organisations/{anvp}", None, all(LOGIN, 200)),
        row(
            M::GET,
            "/organisations/{anvp}/edit",
            None,
            [LOGIN, 403, 403, 200, 403, 403, 403, 200],
        ),
        row(
            M::POST,
            "/organisations/{anvp}",
            Form(ANVP_FORM),
            [LOGIN, 403, 403, 303, 403, 403, 403, 303],
        ),
        row(M::GET, "/audit", None, [LOGIN, 403, 403, 200, 200, 403, 403, 200]),
        row(M::GET, "/admin/mail", None, [LOGIN, 403, 403, 403, 403, 403, 403, 200]),
        row(
            M::GET,
            "/admin/mail?status=failed&q=example",
            None,
            [LOGIN, 403, 403, 403, 403, 403, 403, 200],
        ),
        // No failed mail in the demo: the administrator gets 404, the others 403 first.
        row(
            M::POST,
            "/admin/mail/999999/retry",
            None,
            [LOGIN, 403, 403, 403, 403, 403, 403, 404],
        ),
        row(
            M::GET,
            "/audit?organisation={anvp}",
            None,
            [LOGIN, 403, 403, 200, 403, 403, 403, 200],
        ),
        row(M::GET, "/account", None, all(LOGIN, 200)),
        row(
            M::POST,
            "/account/profile",
            Form(&[("name", "Someone {n}")]),
            all(LOGIN, 303),
        ),
        row(
            M::POST,
            "/account/password",
            Form(&[("current", "wrong"), ("password", "x"), ("confirmation", "x")]),
            all(LOGIN, 422),
        ),
        row(M::POST, "/account/tokens", Form(&[("name", "matrix")]), all(LOGIN, 200)),
        row(M::POST, "/account/tokens/999999/revoke", None, all(LOGIN, 404)),
        row(M::POST, "/account/sessions/999999/revoke", None, all(LOGIN, 404)),
        row(M::GET, "/establishments", None, all(LOGIN, 200)),
        row(M::GET, "/establishments/export.csv", None, all(LOGIN, 200)),
        row(M::GET, "/establishments/export.xlsx", None, all(LOGIN, 200)),
        row(M::GET, "/establishments/{est}", None, all(LOGIN, 200)),
        row(
            M::POST,
            "/establishments/{est}/population",
            Form(&[("detainees", "100"), ("counted_on", "2026-08-0{n}")]),
            [LOGIN, 403, 403, 403, 403, 403, 403, 303],
        ),
        row(
            M::GET,
            "/import/establishments",
            None,
            [LOGIN, 403, 403, 403, 403, 403, 403, 200],
        ),
        row(
            M::POST,
            "/import/establishments/999999",
            None,
            [LOGIN, 403, 403, 403, 403, 403, 403, 303],
        ),
        row(M::GET, "/api/v1/establishments", None, all(401, 200)),
        row(M::GET, "/api/v1/establishments/{est}", None, all(401, 200)),
        row(
            M::GET,
            "/authorisations",
            None,
            [LOGIN, 200, 200, 200, 200, 200, 404, 200],
        ),
        row(
            M::GET,
            "/authorisations/export.csv",
            None,
            [LOGIN, 200, 200, 200, 200, 200, 404, 200],
        ),
        row(
            M::GET,
            "/authorisations/new",
            None,
            [LOGIN, 403, 200, 200, 200, 403, 404, 403],
        ),
        row(
            M::GET,
            "/authorisations/{auth}",
            None,
            [LOGIN, 200, 200, 200, 404, 200, 404, 200],
        ),
        row(
            M::POST,
            "/authorisations/{auth}/steps",
            Form(&[("step", "{step}"), ("done_on", "2026-02-0{n}")]),
            [LOGIN, 403, 303, 303, 404, 303, 404, 303],
        ),
        row(
            M::POST,
            "/authorisations/{auth}/suspend",
            Form(&[("on", "2026-03-01"), ("reason", "test")]),
            [LOGIN, 403, 422, 422, 404, 422, 404, 422],
        ),
        row(
            M::GET,
            "/authorisations/waiting-times",
            None,
            [LOGIN, 403, 200, 200, 200, 200, 404, 200],
        ),
        row(
            M::GET,
            "/api/v1/authorisations",
            None,
            [401, 200, 200, 200, 200, 200, 404, 200],
        ),
        row(
            M::GET,
            "/api/v1/authorisations/{auth}",
            None,
            [401, 200, 200, 200, 404, 200, 404, 200],
        ),
        row(M::GET, "/people", None, [LOGIN, 403, 200, 200, 200, 403, 404, 200]),
        row(
            M::GET,
            "/people/export.csv",
            None,
            [LOGIN, 200, 200, 200, 200, 200, 404, 200],
        ),
        row(
            M::GET,
            "/people/invite",
            None,
            [LOGIN, 403, 200, 200, 200, 403, 404, 200],
        ),
        row(
            M::GET,
            "/people/{volunteer}",
            None,
            [LOGIN, 200, 200, 200, 200, 404, 404, 200],
        ),
        row(
            M::POST,
            "/people/invite",
            Form(&[
                ("email", "matrix{n}@example.org"),
                ("name", "M {n}"),
                ("organisation", "{anvp}"),
                ("role", "volunteer"),
            ]),
            [LOGIN, 403, 303, 303, 403, 403, 404, 303],
        ),
        row(
            M::POST,
            "/memberships/{membership}",
            Form(&[("role", "volunteer")]),
            [LOGIN, 404, 303, 303, 404, 404, 404, 303],
        ),
        row(
            M::POST,
            "/people/{staff}/deactivate",
            None,
            [LOGIN, 403, 403, 403, 403, 403, 404, 303],
        ),
        row(
            M::GET,
            "/import/people",
            None,
            [LOGIN, 403, 200, 200, 200, 403, 403, 200],
        ),
        row(
            M::POST,
            "/import/people/999999",
            None,
            [LOGIN, 403, 303, 303, 303, 403, 403, 303],
        ),
        row(M::GET, "/import/nothing", None, [404; 8]),
        row(
            M::GET,
            "/import/authorisations",
            None,
            [LOGIN, 403, 200, 200, 200, 200, 403, 200],
        ),
        row(M::GET, "/inbox", None, all(LOGIN, 200)),
        row(M::POST, "/inbox/read", None, all(LOGIN, 303)),
        row(M::GET, "/api/v1/people", None, [401, 200, 200, 200, 200, 200, 404, 200]),
        row(
            M::GET,
            "/api/v1/people/{volunteer}",
            None,
            [401, 200, 200, 200, 200, 404, 404, 200],
        ),
        row(M::GET, "/api/v1/me", None, all(401, 200)),
        row(M::GET, "/api/v1/organisations", None, all(401, 200)),
        row(
            M::POST,
            "/api/v1/organisations",
            Json(r#"{"name":"Api {n}","acronym":"API{n}","kind":"other","country":"BE"}"#),
            [401, 403, 403, 403, 403, 403, 403, 201],
        ),
        row(M::GET, "/api/v1/organisations/{anvp}", None, all(401, 200)),
        row(
            M::PATCH,
            "/api/v1/organisations/{anvp}",
            Json(r#"{"country":"FR"}"#),
            [401, 403, 403, 200, 403, 403, 403, 200],
        ),
        row(M::GET, "/api/v1/organisations/999999", None, all(401, 404)),
        row(M::GET, "/referrals", None, [LOGIN, 200, 200, 200, 200, 200, 404, 200]),
        row(
            M::GET,
            "/referrals/new",
            None,
            [LOGIN, 200, 200, 200, 200, 403, 404, 403],
        ),
        row(
            M::POST,
            "/referrals",
            Form(&[("kind", "to_courses"), ("reference", "")]),
            [LOGIN, 422, 422, 422, 422, 403, 404, 403],
        ),
        row(
            M::GET,
            "/referrals/{ref}",
            None,
            [LOGIN, 200, 404, 404, 200, 404, 404, 404],
        ),
        row(
            M::POST,
            "/referrals/{ref}/accept",
            None,
            [LOGIN, 403, 404, 404, 303, 404, 404, 404],
        ),
        row(M::POST, "/referrals/{ref}/nonsense", None, [404; 8]),
        row(
            M::GET,
            "/api/v1/referrals",
            None,
            [401, 200, 200, 200, 200, 200, 404, 200],
        ),
        row(
            M::GET,
            "/api/v1/referrals/{ref}",
            None,
            [401, 200, 404, 404, 200, 404, 404, 404],
        ),
        row(
            M::POST,
            "/api/v1/referrals/{ref}/decline",
            None,
            [401, 403, 404, 404, 422, 404, 404, 404],
        ),
        row(
            M::POST,
            "/api/v1/referrals",
            Json(
                r#"{"kind":"to_courses","establishment_id":0,"sender_organisation_id":0,"receiving_organisation_id":0,"reference":"","needs":"","consent":false}"#,
            ),
            [401, 422, 422, 422, 422, 422, 404, 422],
        ),
        row(M::GET, "/activities", None, [LOGIN, 200, 200, 200, 200, 200, 404, 200]),
        row(
            M::GET,
            "/activities/export.csv",
            None,
            [LOGIN, 200, 200, 200, 200, 200, 404, 200],
        ),
        row(
            M::GET,
            "/activities/export.xlsx",
            None,
            [LOGIN, 200, 200, 200, 200, 200, 404, 200],
        ),
        row(
            M::GET,
            "/activities/new",
            None,
            [LOGIN, 200, 200, 200, 200, 403, 404, 403],
        ),
        row(
            M::POST,
            "/activities",
            Form(&[("done_on", "")]),
            [LOGIN, 422, 422, 422, 422, 403, 404, 403],
        ),
        row(
            M::GET,
            "/activities/{act}",
            None,
            [LOGIN, 200, 200, 200, 404, 404, 404, 200],
        ),
        row(
            M::POST,
            "/activities/{act}",
            Form(&[
                ("kind", "visit"),
                ("done_on", "{today}"),
                ("establishment_id", "{fresnes}"),
                ("people_met", "1"),
                ("duration", "60"),
            ]),
            [LOGIN, 303, 303, 303, 404, 404, 404, 303],
        ),
        row(
            M::GET,
            "/api/v1/activities",
            None,
            [401, 200, 200, 200, 200, 200, 404, 200],
        ),
        row(
            M::GET,
            "/api/v1/activities/totals?by=month",
            None,
            [401, 200, 200, 200, 200, 200, 404, 200],
        ),
        row(
            M::GET,
            "/api/v1/activities/totals?by=nothing",
            None,
            [401, 400, 400, 400, 400, 400, 404, 400],
        ),
        row(
            M::POST,
            "/api/v1/activities",
            Json(r#"{"entries":[]}"#),
            [401, 422, 422, 422, 422, 422, 404, 422],
        ),
        row(M::GET, "/coverage", None, [LOGIN, 200, 200, 200, 200, 200, 404, 200]),
        row(
            M::GET,
            "/coverage/export.csv",
            None,
            [LOGIN, 200, 200, 200, 200, 200, 404, 200],
        ),
        row(
            M::GET,
            "/coverage/export.xlsx",
            None,
            [LOGIN, 200, 200, 200, 200, 200, 404, 200],
        ),
        row(
            M::GET,
            "/coverage/settings",
            None,
            [LOGIN, 403, 403, 200, 200, 403, 404, 403],
        ),
        row(
            M::POST,
            "/coverage/settings",
            Form(&[
                ("organisation", "{anvp}"),
                ("mission", "visitor"),
                ("detainees_per_volunteer", "50"),
                ("minimum", "1"),
            ]),
            [LOGIN, 403, 403, 303, 403, 403, 404, 303],
        ),
        row(
            M::GET,
            "/coverage/gaps/{est}",
            None,
            // A plain volunteer sees no one else's volunteers.
            [LOGIN, 403, 200, 200, 200, 200, 404, 200],
        ),
        row(
            M::GET,
            "/coverage/gaps/999999",
            None,
            [LOGIN, 403, 404, 404, 404, 404, 404, 404],
        ),
        row(
            M::GET,
            "/establishments/{est}/sheet",
            None,
            [LOGIN, 200, 200, 200, 200, 200, 404, 200],
        ),
        row(
            M::GET,
            "/establishments/{est}/sheet.pdf",
            None,
            [LOGIN, 200, 200, 200, 200, 200, 404, 200],
        ),
        row(M::GET, "/agreements", None, all(LOGIN, 200)),
        row(
            M::GET,
            "/agreements/new",
            None,
            [LOGIN, 403, 403, 200, 200, 403, 403, 200],
        ),
        row(
            M::POST,
            "/agreements",
            Form(&[("title", ""), ("party", "{anvp}"), ("party", "{auxilia}")]),
            [LOGIN, 403, 403, 422, 422, 403, 403, 422],
        ),
        row(
            M::GET,
            "/agreements/{agr}",
            None,
            [LOGIN, 200, 200, 200, 200, 404, 404, 200],
        ),
        row(M::GET, "/agreements/{agr}/document", None, all(LOGIN, 404)),
        row(
            M::POST,
            "/agreements/{agr}/document",
            File("convention.pdf", b"not a pdf"),
            [LOGIN, 403, 403, 422, 422, 404, 404, 422],
        ),
        row(
            M::POST,
            "/agreements/{agr}/posts",
            Form(&[("title", "News {n}"), ("body", "Texte")]),
            [LOGIN, 303, 303, 303, 303, 404, 404, 303],
        ),
        row(
            M::POST,
            "/agreements/{agr}/follow-ups",
            Form(&[("noted_on", "{today}"), ("text", "Note {n}")]),
            [LOGIN, 303, 303, 303, 303, 404, 404, 303],
        ),
        row(
            M::POST,
            "/agreements/{agr}/commitments",
            Form(&[("category_id", "{cat}"), ("text", "Engagement {n}")]),
            [LOGIN, 403, 403, 303, 303, 404, 404, 303],
        ),
        row(
            M::POST,
            "/agreements/{agr}/categories",
            Form(&[("name", "Catégorie {n}")]),
            [LOGIN, 403, 403, 303, 303, 404, 404, 303],
        ),
        row(
            M::POST,
            "/agreements/{agr}/sign",
            Form(&[("on", "{today}")]),
            [LOGIN, 403, 403, 422, 422, 404, 404, 422],
        ),
        row(
            M::POST,
            "/agreements/{agr2}/terminate",
            Form(&[("on", "{today}")]),
            // ANVP's admin terminates it; later columns find it terminated.
            [LOGIN, 403, 403, 303, 422, 404, 404, 422],
        ),
        row(M::POST, "/agreements/{agr}/nonsense", None, [404; 8]),
        row(
            M::GET,
            "/agreements/{agr}/evaluations/{eval}",
            None,
            [LOGIN, 200, 200, 200, 200, 404, 404, 200],
        ),
        row(
            M::POST,
            "/agreements/{agr}/evaluations/{eval}",
            Form(&[("close", "0")]),
            [LOGIN, 403, 303, 303, 303, 404, 404, 303],
        ),
        row(
            M::GET,
            "/agreements/{agr}/evaluations/{eval}/report.pdf",
            None,
            [LOGIN, 200, 200, 200, 200, 404, 404, 200],
        ),
        row(M::GET, "/api/v1/agreements", None, all(401, 200)),
        row(
            M::POST,
            "/api/v1/agreements",
            Json(r#"{"title":"","parties":[]}"#),
            [401, 422, 422, 422, 422, 422, 422, 422],
        ),
        row(
            M::GET,
            "/api/v1/agreements/{agr}",
            None,
            [401, 200, 200, 200, 200, 404, 404, 200],
        ),
        row(
            M::POST,
            "/api/v1/agreements/{agr}/commitments",
            Json(r#"{"category_id":{cat},"text":""}"#),
            [401, 403, 403, 422, 422, 404, 404, 422],
        ),
        row(
            M::GET,
            "/api/v1/agreements/{agr}/evaluations/{eval}",
            None,
            [401, 200, 200, 200, 200, 404, 404, 200],
        ),
        row(
            M::PUT,
            "/api/v1/agreements/{agr}/evaluations/{eval}",
            Json(r#"{"items":[]}"#),
            [401, 403, 204, 204, 204, 404, 404, 204],
        ),
        row(M::GET, "/feeds/nope/agreements/{agr}", None, [404; 8]),
        row(M::GET, "/meetings", None, all(LOGIN, 200)),
        row(
            M::GET,
            "/meetings/new",
            None,
            [LOGIN, 403, 200, 200, 200, 200, 403, 200],
        ),
        row(
            M::POST,
            "/meetings",
            Form(&[("title", ""), ("organisation_id", "{anvp}")]),
            [LOGIN, 403, 422, 422, 422, 422, 403, 422],
        ),
        row(
            M::GET,
            "/meetings/{mtg}",
            None,
            [LOGIN, 200, 200, 200, 404, 404, 404, 200],
        ),
        row(
            M::GET,
            "/meetings/{mtg}/event.ics",
            None,
            [LOGIN, 200, 200, 200, 404, 404, 404, 200],
        ),
        row(
            M::GET,
            "/meetings/{mtg}/edit",
            None,
            [LOGIN, 403, 200, 200, 404, 404, 404, 200],
        ),
        row(
            M::POST,
            "/meetings/{mtg}/edit",
            Form(&[("title", "")]),
            [LOGIN, 403, 422, 422, 404, 404, 404, 422],
        ),
        row(
            M::POST,
            "/meetings/{mtg}/answer",
            Form(&[("answer", "yes")]),
            [LOGIN, 303, 403, 403, 404, 404, 404, 403],
        ),
        row(
            M::POST,
            "/meetings/{mtg}/invite",
            Form(&[("emails", "")]),
            [LOGIN, 403, 422, 422, 404, 404, 404, 422],
        ),
        row(
            M::POST,
            "/meetings/{mtg}/minutes",
            Form(&[("minutes", "Trop tôt")]),
            [LOGIN, 403, 422, 422, 404, 404, 404, 422],
        ),
        row(
            M::POST,
            "/meetings/{held}/minutes",
            Form(&[("minutes", "Compte rendu {n}")]),
            [LOGIN, 403, 303, 303, 404, 404, 404, 303],
        ),
        row(
            M::POST,
            "/meetings/{held}/decisions",
            Form(&[("text", "Décision {n}")]),
            [LOGIN, 403, 303, 303, 404, 404, 404, 303],
        ),
        row(
            M::POST,
            "/meetings/{mtg2}/cancel",
            None,
            // The coordinator cancels it; later columns find it cancelled.
            [LOGIN, 404, 303, 422, 404, 404, 404, 422],
        ),
        row(
            M::POST,
            "/meetings/{mtg}/uninvite",
            Form(&[("person", "0")]),
            [LOGIN, 403, 422, 422, 404, 404, 404, 422],
        ),
        row(M::POST, "/meetings/{mtg}/nonsense", None, [404; 8]),
        row(
            M::POST,
            "/meetings/{mtg}/documents",
            File("notes.pdf", b"%PDF-1.4"),
            [LOGIN, 403, 422, 422, 404, 404, 404, 422],
        ),
        row(
            M::GET,
            "/meetings/{mtg}/documents/{doc}",
            None,
            [LOGIN, 200, 200, 200, 404, 404, 404, 200],
        ),
        row(M::GET, "/meetings/answer/mt_matrix", None, [200; 8]),
        row(
            M::POST,
            "/meetings/answer/mt_matrix",
            Form(&[("answer", "maybe")]),
            [303; 8],
        ),
        row(M::GET, "/meetings/answer/nope", None, [404; 8]),
        row(M::GET, "/calendar/nope/meetings.ics", None, [404; 8]),
        row(M::GET, "/networks", None, all(LOGIN, 200)),
        row(M::POST, "/networks", Form(&[("name", "")]), all(LOGIN, 422)),
        row(M::GET, "/networks/{net}", None, all(LOGIN, 200)),
        row(
            M::POST,
            "/networks/{net}/request",
            Form(&[("organisation_id", "{auxilia}")]),
            // Auxilia's admin asks; the platform admin finds it asked.
            [LOGIN, 422, 422, 422, 303, 422, 422, 422],
        ),
        row(
            M::POST,
            "/networks/{net}/accept",
            Form(&[("organisation_id", "{auxilia}")]),
            // ANVP's admin comes before the request; the platform admin after.
            [LOGIN, 403, 403, 422, 403, 403, 403, 303],
        ),
        row(
            M::POST,
            "/networks/{net}/refuse",
            Form(&[("organisation_id", "{auxilia}")]),
            // Before the request, then after the platform admin accepted it.
            [LOGIN, 403, 403, 422, 403, 403, 403, 422],
        ),
        row(
            M::POST,
            "/networks/{net}/threshold",
            Form(&[("threshold", "10")]),
            // ANVP coordinates it.
            [LOGIN, 403, 403, 303, 403, 403, 403, 303],
        ),
        row(M::POST, "/networks/{net}/nonsense", None, [404; 8]),
        // Observers see only published figures.
        row(M::GET, "/indicators", None, [LOGIN, 200, 200, 200, 200, 200, 404, 200]),
        row(
            M::GET,
            "/indicators?period=2025-Q2&level=region&country=FR",
            None,
            [LOGIN, 200, 200, 200, 200, 200, 404, 200],
        ),
        row(
            M::GET,
            "/indicators/trend?indicator=volunteers_per_100_detainees&interval=year",
            None,
            [LOGIN, 200, 200, 200, 200, 200, 404, 200],
        ),
        row(M::GET, "/indicators/trend?indicator=nonsense", None, all(LOGIN, 404)),
        row(
            M::POST,
            "/indicators/recount?period=2025&level=region&country=FR",
            None,
            [LOGIN, 403, 403, 303, 303, 403, 404, 303],
        ),
        row(
            M::GET,
            "/indicators/dashboard?country=FR",
            None,
            [LOGIN, 200, 200, 200, 200, 200, 404, 200],
        ),
        row(
            M::GET,
            "/indicators/dashboard?organisation={anvp}",
            None,
            [LOGIN, 200, 200, 200, 200, 200, 404, 200],
        ),
        row(M::GET, "/indicators/dashboard?country=ZZ", None, all(LOGIN, 404)),
        row(M::GET, "/indicators/published", None, all(LOGIN, 200)),
        row(
            M::GET,
            "/import/context",
            None,
            [LOGIN, 403, 403, 403, 403, 403, 403, 200],
        ),
        row(
            M::GET,
            "/indicators/publications/{pub}",
            None,
            // ANVP's people and the platform; Auxilia has only asked to join.
            [LOGIN, 200, 200, 200, 404, 404, 404, 200],
        ),
        row(
            M::GET,
            "/indicators/publications/{pub}/report.pdf",
            None,
            [LOGIN, 200, 200, 200, 404, 404, 404, 200],
        ),
        row(
            M::POST,
            "/indicators/publications",
            Form(&[
                ("network_id", "{net}"),
                ("organisation_id", "{anvp}"),
                ("period", "nonsense"),
            ]),
            all(LOGIN, 422),
        ),
        row(M::GET, "/indicators/publications/999999", None, all(LOGIN, 404)),
        row(
            M::GET,
            "/indicator-sets/new?network={net}",
            None,
            // Auxilia has only asked to join when its admin comes.
            [LOGIN, 403, 403, 200, 403, 403, 403, 200],
        ),
        row(
            M::GET,
            "/indicator-sets/new?agreement={agr}",
            None,
            [LOGIN, 403, 403, 200, 200, 404, 404, 200],
        ),
        row(M::GET, "/indicator-sets/new", None, all(LOGIN, 404)),
        row(
            M::POST,
            "/indicator-sets",
            Form(&[("network_id", "{net}"), ("organisation_id", "{anvp}"), ("name", "")]),
            [LOGIN, 403, 403, 422, 403, 403, 403, 422],
        ),
        row(
            M::GET,
            "/indicator-sets/{aset}",
            None,
            [LOGIN, 200, 200, 200, 200, 404, 404, 200],
        ),
        row(
            M::POST,
            "/indicator-sets/{aset}/decline",
            Form(&[("organisation_id", "{auxilia}"), ("comment", "")]),
            [LOGIN, 422, 422, 422, 422, 404, 404, 422],
        ),
        row(
            M::POST,
            "/indicator-sets/{aset}/accept",
            Form(&[("organisation_id", "{auxilia}")]),
            // Auxilia's admin agrees it; then it waits for no one.
            [LOGIN, 422, 422, 422, 303, 404, 404, 422],
        ),
        row(
            M::GET,
            "/indicators?set={aset}",
            None,
            [LOGIN, 200, 200, 200, 200, 404, 404, 200],
        ),
        row(
            M::GET,
            "/api/v1/indicators?set={aset}",
            None,
            [401, 200, 200, 200, 200, 404, 404, 200],
        ),
        row(M::GET, "/indicator-sets/999999", None, all(LOGIN, 404)),
        row(M::GET, "/standards", None, all(LOGIN, 200)),
        row(
            M::POST,
            "/standards/frameworks",
            Form(&[
                ("kind", "programme"),
                ("keeper_id", "{anvp}"),
                ("validity_months", "24"),
                ("title_fr", ""),
            ]),
            all(LOGIN, 422),
        ),
        row(M::GET, "/standards/versions/{stdv}", None, all(LOGIN, 200)),
        row(
            M::GET,
            "/standards/versions/{stdd}",
            None,
            [LOGIN, 404, 404, 404, 404, 404, 404, 200],
        ),
        row(
            M::POST,
            "/standards/versions/{stdd}",
            Form(&[("validity_months", "0")]),
            [LOGIN, 404, 404, 404, 404, 404, 404, 422],
        ),
        row(
            M::POST,
            "/standards/versions/{stdd}/items",
            Form(&[("title_fr", "")]),
            [LOGIN, 404, 404, 404, 404, 404, 404, 422],
        ),
        row(
            M::POST,
            "/standards/versions/{stdd}/publish",
            None,
            [LOGIN, 404, 404, 404, 404, 404, 404, 422],
        ),
        row(
            M::POST,
            "/standards/items/{stdi}",
            Form(&[("title_fr", "")]),
            [LOGIN, 404, 404, 404, 404, 404, 404, 422],
        ),
        row(
            M::POST,
            "/standards/items/{stdi}/remove",
            None,
            [LOGIN, 404, 404, 404, 404, 404, 404, 303],
        ),
        row(
            M::POST,
            "/standards/versions/{stdv}/next",
            None,
            [LOGIN, 403, 403, 403, 403, 403, 403, 303],
        ),
        row(
            M::POST,
            "/standards/versions/{stdv}/assessments",
            Form(&[("organisation_id", "{anvp}")]),
            [LOGIN, 422, 303, 303, 422, 422, 422, 303],
        ),
        row(
            M::GET,
            "/standards/assessments/{stda}",
            None,
            [LOGIN, 404, 200, 200, 200, 404, 404, 200],
        ),
        row(
            M::GET,
            "/standards/assessments/{stda}/summary.pdf",
            None,
            [LOGIN, 404, 200, 200, 200, 404, 404, 200],
        ),
        row(
            M::POST,
            "/standards/assessments/{stda}/answers",
            Form(&[("requirement", "999999")]),
            [LOGIN, 404, 422, 422, 403, 404, 404, 422],
        ),
        row(
            M::POST,
            "/standards/assessments/{stda}/actions",
            Form(&[("text", "")]),
            [LOGIN, 404, 422, 422, 403, 404, 404, 422],
        ),
        row(
            M::POST,
            "/standards/assessments/{stda}/submit",
            None,
            [LOGIN, 404, 403, 422, 403, 404, 404, 422],
        ),
        row(
            M::POST,
            "/standards/assessments/{stda}/reviewers",
            Form(&[("reviewer_id", "{anvp}")]),
            [LOGIN, 404, 403, 422, 403, 404, 404, 422],
        ),
        row(
            M::POST,
            "/standards/assessments/{stda}/review",
            Form(&[("reviewer_id", "{auxilia}"), ("complete", "0")]),
            [LOGIN, 404, 403, 403, 303, 404, 404, 303],
        ),
        row(
            M::POST,
            "/standards/assessments/{stda}/shares",
            None,
            [LOGIN, 404, 403, 303, 403, 404, 404, 303],
        ),
        row(
            M::POST,
            "/standards/actions/{stds}/done",
            None,
            [LOGIN, 404, 303, 422, 403, 404, 404, 422],
        ),
        row(M::GET, "/practices", None, all(LOGIN, 200)),
        row(
            M::GET,
            "/practices/new",
            None,
            [LOGIN, 403, 200, 200, 200, 200, 403, 200],
        ),
        row(
            M::POST,
            "/practices",
            Form(&[("organisation_id", "{anvp}"), ("title", "")]),
            [LOGIN, 403, 422, 422, 422, 422, 403, 422],
        ),
        row(M::GET, "/practices/{prac}", None, all(LOGIN, 200)),
        row(
            M::GET,
            "/practices/{prac}/edit",
            None,
            [LOGIN, 403, 200, 200, 403, 403, 403, 200],
        ),
        row(
            M::POST,
            "/practices/{prac}/edit",
            Form(&[("title", "")]),
            [LOGIN, 403, 422, 422, 403, 403, 403, 422],
        ),
        row(
            M::POST,
            "/practices/{prac}/notes",
            Form(&[("organisation_id", "{anvp}"), ("text", "")]),
            all(LOGIN, 422),
        ),
        row(M::GET, "/practices/999999", None, all(LOGIN, 404)),
        row(M::GET, "/api/v1/practices", None, all(401, 200)),
        row(M::GET, "/api/v1/practices/{prac}", None, all(401, 200)),
        row(
            M::POST,
            "/api/v1/practices",
            Json(r#"{"organisation_id":{anvp},"language":"fr","title":"","context":"","what":"","themes":[]}"#),
            all(401, 422),
        ),
        row(M::GET, "/competences", None, all(LOGIN, 200)),
        row(
            M::POST,
            "/competences/assessments",
            Form(&[("organisation_id", "{anvp}")]),
            [LOGIN, 422, 303, 303, 422, 422, 422, 422],
        ),
        row(
            M::GET,
            "/competences/assessments/{comp}",
            None,
            [LOGIN, 404, 200, 200, 404, 404, 404, 200],
        ),
        row(
            M::POST,
            "/competences/assessments/{comp}/ratings",
            Form(&[("competence", "999999")]),
            [LOGIN, 404, 422, 403, 404, 404, 404, 403],
        ),
        row(
            M::POST,
            "/competences/assessments/{comp}/manager",
            Form(&[("competence", "999999")]),
            [LOGIN, 404, 403, 422, 404, 404, 404, 422],
        ),
        row(
            M::POST,
            "/competences/modules",
            Form(&[("competence_id", "999999"), ("module_id", "{module}")]),
            all(LOGIN, 422),
        ),
        row(M::GET, "/competences/assessments/999999", None, all(LOGIN, 404)),
        row(M::GET, "/api/v1/competences", None, all(401, 200)),
        row(M::GET, "/api/v1/competences/assessments", None, all(401, 200)),
        row(
            M::GET,
            "/api/v1/competences/assessments/{comp}",
            None,
            [401, 404, 200, 200, 404, 404, 404, 200],
        ),
        row(M::GET, "/diagnoses", None, all(LOGIN, 200)),
        row(
            M::POST,
            "/diagnoses",
            Form(&[("questionnaire_id", "999999"), ("organisation_id", "{anvp}")]),
            all(LOGIN, 422),
        ),
        row(M::GET, "/diagnoses/compare", None, all(LOGIN, 200)),
        row(
            M::GET,
            "/diagnoses/{diag}",
            None,
            [LOGIN, 200, 200, 200, 404, 404, 404, 200],
        ),
        row(
            M::POST,
            "/diagnoses/{diag}/answers",
            Form(&[("question", "999999")]),
            [LOGIN, 422, 422, 422, 404, 404, 404, 403],
        ),
        row(
            M::POST,
            "/diagnoses/{diag}/close",
            None,
            [LOGIN, 403, 303, 422, 404, 404, 404, 422],
        ),
        row(M::GET, "/diagnoses/999999", None, all(LOGIN, 404)),
        row(M::GET, "/api/v1/diagnoses", None, all(401, 200)),
        row(M::GET, "/api/v1/diagnoses/compare", None, all(401, 200)),
        row(M::GET, "/api/v1/diagnoses/questionnaires", None, all(401, 200)),
        row(
            M::GET,
            "/standards/assessments/{stda}/files/{stdf}",
            None,
            [LOGIN, 404, 200, 200, 200, 404, 404, 200],
        ),
        row(
            M::POST,
            "/standards/assessments/{stda}/files?requirement=999999",
            File("preuve.pdf", b"%PDF-1.4 preuve"),
            [LOGIN, 404, 422, 422, 403, 404, 404, 422],
        ),
        row(M::GET, "/standards/assessments/999999", None, all(LOGIN, 404)),
        row(M::GET, "/api/v1/standards/versions", None, all(401, 200)),
        row(
            M::POST,
            "/api/v1/standards/versions",
            Json(r#"{"kind":"","validity_months":24,"texts":[]}"#),
            all(401, 422),
        ),
        row(M::GET, "/api/v1/standards/versions/{stdv}", None, all(401, 200)),
        row(
            M::POST,
            "/api/v1/standards/versions/{stdd}/assessments",
            Json(r#"{"organisation_id":{anvp}}"#),
            [401, 404, 404, 404, 404, 404, 404, 422],
        ),
        row(M::GET, "/api/v1/standards/assessments", None, all(401, 200)),
        row(
            M::GET,
            "/api/v1/standards/assessments/{stda}",
            None,
            [401, 404, 200, 200, 200, 404, 404, 200],
        ),
        row(
            M::PUT,
            "/api/v1/standards/assessments/{stda}/answers",
            Json("[]"),
            [401, 404, 422, 422, 403, 404, 404, 422],
        ),
        row(
            M::POST,
            "/api/v1/standards/assessments/{stda}/submit",
            None,
            [401, 404, 403, 422, 403, 404, 404, 422],
        ),
        row(M::POST, "/indicator-sets/999999/accept", None, all(LOGIN, 404)),
        row(
            M::GET,
            "/indicators/export.csv",
            None,
            [LOGIN, 200, 200, 200, 200, 200, 404, 200],
        ),
        row(
            M::GET,
            "/indicators/export.xlsx",
            None,
            [LOGIN, 200, 200, 200, 200, 200, 404, 200],
        ),
        row(
            M::GET,
            "/api/v1/indicators",
            None,
            [401, 200, 200, 200, 200, 200, 404, 200],
        ),
        row(M::GET, "/api/v1/meetings", None, all(401, 200)),
        row(
            M::POST,
            "/api/v1/meetings",
            Json(
                r#"{"kind":"national","title":"","organisation_id":{anvp},"time":"14:00","time_zone":"Europe/Paris"}"#,
            ),
            [401, 422, 422, 422, 422, 422, 422, 422],
        ),
        row(
            M::GET,
            "/api/v1/meetings/{mtg}",
            None,
            [401, 200, 200, 200, 404, 404, 404, 200],
        ),
        row(
            M::POST,
            "/api/v1/meetings/{mtg}/invitations",
            Json("{}"),
            [401, 403, 422, 422, 404, 404, 404, 422],
        ),
        row(
            M::PUT,
            "/api/v1/meetings/{mtg}/answer",
            Json(r#"{"answer":"yes"}"#),
            [401, 204, 403, 403, 404, 404, 404, 403],
        ),
        row(M::GET, "/api/v1/networks", None, all(401, 200)),
        row(
            M::GET,
            "/api/v1/coverage",
            None,
            [401, 200, 200, 200, 200, 200, 404, 200],
        ),
        row(M::GET, "/training", None, all(LOGIN, 200)),
        row(M::POST, "/account/feeds", None, all(LOGIN, 200)),
        row(
            M::POST,
            "/account/mail",
            Form(&[("choice", "immediate")]),
            all(LOGIN, 303),
        ),
        row(M::GET, "/training/programmes", None, all(LOGIN, 200)),
        row(
            M::POST,
            "/training/programmes",
            Form(&[("organisation_id", "{anvp}"), ("title", "Programme {n}")]),
            [LOGIN, 403, 303, 303, 403, 403, 403, 303],
        ),
        row(M::GET, "/training/programmes/{prog}", None, all(LOGIN, 200)),
        row(
            M::POST,
            "/training/programmes/{prog}/guide",
            Form(&[("guide", "Guide {n}")]),
            [LOGIN, 403, 303, 303, 403, 403, 403, 303],
        ),
        row(
            M::POST,
            "/training/programmes/{prog}/modules",
            Form(&[("title", "Module {n}"), ("hours", "3"), ("language", "fr")]),
            [LOGIN, 403, 303, 303, 403, 403, 403, 303],
        ),
        row(
            M::POST,
            "/training/programmes/{prog}/versions",
            None,
            [LOGIN, 403, 303, 303, 403, 403, 403, 303],
        ),
        row(M::POST, "/training/programmes/{prog}/nonsense", None, [404; 8]),
        row(
            M::POST,
            "/training/modules/{module}/materials",
            File("notes.txt", b"notes"),
            [LOGIN, 403, 303, 303, 403, 403, 403, 303],
        ),
        row(M::GET, "/training/materials/{material}", None, all(LOGIN, 200)),
        row(
            M::GET,
            "/training/sessions/new",
            None,
            [LOGIN, 403, 200, 200, 200, 403, 403, 200],
        ),
        row(
            M::POST,
            "/training/sessions",
            Form(&[("organisation_id", "{anvp}"), ("title", "Session {n}")]),
            [LOGIN, 403, 422, 422, 403, 403, 403, 422],
        ),
        row(
            M::GET,
            "/training/sessions/{session}",
            None,
            [LOGIN, 200, 200, 200, 200, 404, 404, 200],
        ),
        row(
            M::GET,
            "/training/sessions/{session}/edit",
            None,
            [LOGIN, 403, 200, 200, 403, 404, 404, 200],
        ),
        row(
            M::POST,
            "/training/sessions/{session}/edit",
            Form(&[("title", "")]),
            [LOGIN, 403, 422, 422, 403, 404, 404, 422],
        ),
        row(
            M::GET,
            "/training/sessions/{session}/sign-in",
            None,
            [LOGIN, 403, 200, 200, 403, 404, 404, 200],
        ),
        row(
            M::POST,
            "/training/sessions/{session}/partners",
            Form(&[("organisation_id", "{auxilia}"), ("seats", "3")]),
            [LOGIN, 403, 303, 303, 403, 404, 404, 303],
        ),
        row(
            M::POST,
            "/training/sessions/{session}/enrolments",
            Form(&[
                ("organisation_id", "{auxilia}"),
                ("email", "correspondent@passerelle.demo"),
            ]),
            [LOGIN, 403, 403, 403, 422, 404, 404, 422],
        ),
        row(M::POST, "/training/sessions/{session}/nonsense", None, [404; 8]),
        row(
            M::POST,
            "/training/sessions/{other}/cancel",
            None,
            [LOGIN, 403, 303, 422, 404, 404, 404, 422],
        ),
        row(
            M::POST,
            "/training/enrolments/{enr}/approve",
            None,
            [LOGIN, 403, 422, 422, 303, 404, 404, 422],
        ),
        row(
            M::POST,
            "/training/enrolments/{enr}/attendance",
            Form(&[("day", "{day1}"), ("present", "1")]),
            [LOGIN, 403, 303, 303, 403, 404, 404, 303],
        ),
        row(
            M::POST,
            "/training/enrolments/{enr}/complete",
            None,
            [LOGIN, 403, 422, 422, 403, 404, 404, 422],
        ),
        // The visitor's own enrolment, approved at once: nothing to refuse;
        // they cancel it, and it stays cancelled for the roles after them.
        row(
            M::POST,
            "/training/enrolments/{enr2}/refuse",
            None,
            [LOGIN, 422, 422, 422, 404, 404, 404, 422],
        ),
        row(
            M::POST,
            "/training/enrolments/{enr2}/cancel",
            None,
            [LOGIN, 303, 422, 422, 404, 404, 404, 422],
        ),
        row(M::POST, "/training/enrolments/{enr}/nonsense", None, [404; 8]),
        row(M::GET, "/training/certificates", None, all(LOGIN, 200)),
        row(
            M::GET,
            "/training/certificates/{code}/pdf",
            None,
            [LOGIN, 404, 200, 200, 200, 404, 404, 200],
        ),
        row(
            M::POST,
            "/training/certificates/{code}/revoke",
            Form(&[("reason", "")]),
            [LOGIN, 403, 422, 422, 403, 403, 403, 422],
        ),
        row(
            M::GET,
            "/training/needs",
            None,
            [LOGIN, 403, 200, 200, 200, 403, 403, 200],
        ),
        row(
            M::POST,
            "/training/needs",
            Form(&[
                ("organisation_id", "{anvp}"),
                ("topic", "Écoute {n}"),
                ("volunteers", "4"),
            ]),
            [LOGIN, 403, 303, 303, 403, 403, 403, 303],
        ),
        row(
            M::POST,
            "/training/needs/{need}/delete",
            None,
            // The coordinator withdraws it; later columns find nothing.
            [LOGIN, 403, 303, 404, 404, 404, 404, 404],
        ),
        row(
            M::GET,
            "/api/v1/training/needs",
            None,
            [401, 403, 200, 200, 200, 403, 403, 200],
        ),
        row(
            M::GET,
            "/training/requirements",
            None,
            [LOGIN, 403, 403, 200, 200, 403, 403, 200],
        ),
        row(
            M::POST,
            "/training/requirements",
            Form(&[
                ("organisation_id", "{anvp}"),
                ("mission", "visitor"),
                ("qualification", "Visiteur·se formé·e"),
            ]),
            [LOGIN, 403, 403, 303, 403, 403, 403, 303],
        ),
        row(
            M::GET,
            "/training/reports",
            None,
            [LOGIN, 403, 200, 200, 200, 403, 403, 200],
        ),
        row(
            M::GET,
            "/training/reports/export?table=hours&format=xlsx",
            None,
            [LOGIN, 403, 200, 200, 200, 403, 403, 200],
        ),
        row(M::GET, "/verify?code={code}", None, [303; 8]),
        row(M::GET, "/verify", None, [200; 8]),
        row(M::GET, "/verify/{code}", None, [200; 8]),
        row(M::GET, "/verify/NOPE-NOPE-NOPE", None, [404; 8]),
        row(M::GET, "/calendar/cal_nope/training.ics", None, [404; 8]),
        row(M::GET, "/calendar/cal_nope/open-training.ics", None, [404; 8]),
        row(M::GET, "/api/v1/training/programmes", None, all(401, 200)),
        row(
            M::POST,
            "/api/v1/training/programmes",
            Json(r#"{"organisation_id":{anvp},"title":""}"#),
            [401, 403, 422, 422, 403, 403, 403, 422],
        ),
        row(M::GET, "/api/v1/training/programmes/{prog}", None, all(401, 200)),
        row(
            M::POST,
            "/api/v1/training/programmes/{prog}/modules",
            Json(r#"{"title":"","hours":0,"language":""}"#),
            [401, 403, 422, 422, 403, 403, 403, 422],
        ),
        row(M::GET, "/api/v1/training/sessions", None, all(401, 200)),
        row(
            M::POST,
            "/api/v1/training/sessions",
            Json(
                r#"{"organisation_id":{anvp},"title":"x","module_ids":[],"starts":"","ends":"","time_zone":"","language":"","capacity":0,"cost_sharing":""}"#,
            ),
            [401, 403, 422, 422, 403, 403, 403, 422],
        ),
        row(
            M::GET,
            "/api/v1/training/sessions/{session}",
            None,
            [401, 200, 200, 200, 200, 404, 404, 200],
        ),
        row(
            M::POST,
            "/api/v1/training/sessions/{session}/partners",
            Json(r#"{"organisation_id":{auxilia},"seats":3}"#),
            [401, 403, 204, 204, 403, 404, 404, 204],
        ),
        row(
            M::POST,
            "/api/v1/training/sessions/{session}/enrolments",
            Json(r#"{"organisation_id":{auxilia},"email":"correspondent@passerelle.demo"}"#),
            [401, 403, 403, 403, 422, 404, 404, 422],
        ),
        row(
            M::POST,
            "/api/v1/training/enrolments/{enr}/approve",
            None,
            [401, 403, 422, 422, 422, 404, 404, 422],
        ),
        row(
            M::PUT,
            "/api/v1/training/enrolments/{enr}/attendance",
            Json(r#"{"day":"{day1}","present":true}"#),
            [401, 403, 204, 204, 403, 404, 404, 204],
        ),
        row(
            M::POST,
            "/api/v1/training/enrolments/{enr}/completion",
            Json("{}"),
            [401, 403, 422, 422, 403, 404, 404, 422],
        ),
        row(M::GET, "/api/v1/training/me", None, all(401, 200)),
        row(M::GET, "/api/v1/training/certificates", None, all(401, 200)),
        row(
            M::GET,
            "/api/v1/training/certificates?organisation={anvp}",
            None,
            [401, 403, 200, 200, 403, 403, 403, 200],
        ),
        row(
            M::GET,
            "/api/v1/training/certificates/{code}",
            None,
            [401, 404, 200, 200, 200, 404, 404, 200],
        ),
        row(
            M::GET,
            "/authorisations/export.xlsx",
            None,
            [LOGIN, 200, 200, 200, 200, 200, 404, 200],
        ),
        row(
            M::GET,
            "/people/export.xlsx",
            None,
            [LOGIN, 200, 200, 200, 200, 200, 404, 200],
        ),
        // Applications and decisions with what is missing: the permission
        // answers first, then the form's own refusal, and nothing changes.
        row(
            M::POST,
            "/authorisations",
            Form(&[("organisation", "{anvp}"), ("person_email", VOLUNTEER)]),
            [LOGIN, 403, 422, 422, 403, 403, 404, 403],
        ),
        row(
            M::POST,
            "/authorisations/{auth}/decision",
            Form(&[("decision", ""), ("decided_on", "")]),
            // The administration decides, not the organisation that filed it.
            [LOGIN, 403, 403, 403, 404, 422, 404, 422],
        ),
        row(
            M::POST,
            "/authorisations/{auth}/lift",
            Form(&[("on", "")]),
            [LOGIN, 403, 422, 422, 404, 422, 404, 422],
        ),
        row(
            M::POST,
            "/authorisations/{auth}/withdraw",
            Form(&[("on", "")]),
            [LOGIN, 403, 422, 422, 404, 422, 404, 422],
        ),
        row(
            M::POST,
            "/authorisations/{auth}/renew",
            Form(&[("filed_on", "")]),
            [LOGIN, 403, 422, 422, 404, 422, 404, 422],
        ),
        row(
            M::POST,
            "/import/people",
            File("people.csv", b"email,name\n"),
            [LOGIN, 403, 422, 422, 422, 403, 403, 422],
        ),
        row(M::POST, "/activities/999999/delete", None, all(LOGIN, 404)),
        row(M::POST, "/memberships/999999/end", None, all(LOGIN, 404)),
        row(M::POST, "/invitations/999999/accept", None, all(LOGIN, 404)),
        row(M::POST, "/invitations/999999/decline", None, all(LOGIN, 404)),
        row(
            M::POST,
            "/password/reset/not-a-token",
            Form(&[("password", "x"), ("confirmation", "x")]),
            [404; 8],
        ),
        row(
            M::POST,
            "/login",
            Form(&[("email", "matrix{n}@example.org"), ("password", "wrong")]),
            [401; 8],
        ),
        // Last: they end the sessions of the browser, and with them the
        // CSRF tokens bound to them.
        row(M::POST, "/logout", None, [303; 8]),
        row(M::POST, "/account/sessions/revoke-all", None, all(LOGIN, 403)),
    ]
}

/// An application of the volunteer with ANVP, filed by the coordinator.
/// Every route of the router, read from the source that builds it:
/// `.route("PATH", get(..).post(..))` and the API's `#[utoipa::path(METHOD, path = "PATH")]`.
fn routes_in_source() -> Vec<(String, String)> {
    fn files(dir: &std::path::Path, found: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                files(&path, found);
            } else if path.extension().is_some_and(|e| e == "rs") {
                found.push(std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    /// The text of a call from its opening parenthesis to the matching one.
    fn call(text: &str) -> &str {
        let mut depth = 0;
        for (i, c) in text.char_indices() {
            match c {
                '(' => depth += 1,
                ')' if depth == 1 => return &text[..=i],
                ')' => depth -= 1,
                _ => {}
            }
        }
        text
    }
    let mut sources = Vec::new();
    files(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut sources,
    );
    let mut routes = Vec::new();
    for source in &sources {
        for (at, _) in source.match_indices(".route(") {
            let call = call(&source[at + ".route".len()..]);
            let path = call.split('"').nth(1).unwrap().to_owned();
            for method in ["get", "post", "put", "patch", "delete"] {
                let called = call
                    .match_indices(&format!("{method}("))
                    .any(|(i, _)| !call[..i].ends_with(|c: char| c.is_alphanumeric() || c == '_'));
                if called {
                    routes.push((method.to_uppercase(), path.clone()));
                }
            }
        }
        for (at, _) in source.match_indices("#[utoipa::path(") {
            let call = call(&source[at + "#[utoipa::path".len()..]);
            let method = call[1..].split(',').next().unwrap().trim().to_uppercase();
            let path = call
                .split("path = \"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
                .to_owned();
            routes.push((method, path));
        }
    }
    routes
}

/// Whether a route template (`/people/{id}`) serves a path of the matrix
/// (`/people/{volunteer}`, `/people/999999?x=1`).
fn serves(template: &str, path: &str) -> bool {
    let path = path.split('?').next().unwrap();
    let (template, path): (Vec<&str>, Vec<&str>) = (template.split('/').collect(), path.split('/').collect());
    template.len() == path.len() && template.iter().zip(&path).all(|(t, p)| t == p || t.starts_with('{'))
}

#[test]
fn every_route_of_the_router_has_a_row() {
    let routes = routes_in_source();
    assert!(
        routes.len() > 150,
        "{} routes found: is the source still read right?",
        routes.len()
    );
    let rows = rows();
    let missing: Vec<String> = routes
        .iter()
        .filter(|(method, template)| {
            !rows
                .iter()
                .any(|row| row.method.as_str() == method && serves(template, row.path))
        })
        .map(|(method, template)| format!("{method} {template}"))
        .collect();
    assert!(
        missing.is_empty(),
        "routes without a row in the matrix:\n{}",
        missing.join("\n")
    );
}

async fn filed_application(app: &TestApp) -> i64 {
    let coordinator = app.login(COORDINATOR).await;
    let anvp = app.organisation_id("ANVP").await.to_string();
    let nimes: i64 = sqlx::query_scalar("SELECT id FROM establishments WHERE code = 'FR-MA-NIMES'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    let nimes = nimes.to_string();
    let form = [
        ("organisation", anvp.as_str()),
        ("person_email", VOLUNTEER),
        ("filed_on", "2026-01-05"),
        ("establishments", &nimes),
    ];
    let response = coordinator.post("/authorisations", &form).await;
    location(&response)
        .trim_start_matches("/authorisations/")
        .parse()
        .unwrap()
}

/// A referral from the volunteer (ANVP) to Auxilia in Fresnes, submitted,
/// and a visit the volunteer logged there today.
async fn referral_and_activity(app: &TestApp, fresnes: &str) -> (String, String) {
    let token = app.token(VOLUNTEER).await;
    let api = app.api(Some(&token));
    let anvp = app.organisation_id("ANVP").await;
    let auxilia = app.organisation_id("AUXILIA").await;
    let fresnes: i64 = fresnes.parse().unwrap();
    let (_, referral) = api
        .send(
            Method::POST,
            "/api/v1/referrals",
            serde_json::json!({
                "kind": "to_courses", "establishment_id": fresnes, "sender_organisation_id": anvp,
                "receiving_organisation_id": auxilia, "reference": "MX-1", "needs": "Cours de français",
                "consent": true, "consent_on": app.today(), "consent_by": "Jean Petit", "submit": true
            }),
        )
        .await;
    let (_, activity) = api
        .send(
            Method::POST,
            "/api/v1/activities",
            serde_json::json!({"organisation_id": anvp, "entries": [
                {"kind": "visit", "done_on": app.today(), "establishment_id": fresnes, "people_met": 1, "duration": "60"}
            ]}),
        )
        .await;
    (referral["id"].to_string(), activity["ids"][0].to_string())
}

#[tokio::test]
async fn every_route_answers_every_role_as_expected() {
    let app = TestApp::spawn().await;
    let anvp = app.organisation_id("ANVP").await.to_string();
    let est: i64 = sqlx::query_scalar("SELECT id FROM establishments WHERE code = 'FR-MA-NIMES'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    let est = est.to_string();
    let auth = filed_application(&app).await.to_string();
    let id_of = |sql: &'static str| {
        let pool = app.state.db.pool.clone();
        async move {
            sqlx::query_scalar::<_, i64>(sql)
                .fetch_one(&pool)
                .await
                .unwrap()
                .to_string()
        }
    };
    let volunteer = id_of("SELECT id FROM persons WHERE email = 'visitor@passerelle.demo'").await;
    let staff = id_of("SELECT id FROM persons WHERE email = 'staff@passerelle.demo'").await;
    // A membership of an ANVP volunteer invited for the occasion.
    let membership = id_of(
        "SELECT m.id FROM memberships m JOIN persons p ON p.id = m.person_id JOIN organisations o ON o.id = m.organisation_id \
         WHERE p.email = 'visitor@passerelle.demo' AND o.acronym = 'ANVP'",
    )
    .await;
    let steps: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM authorisation_step_kinds WHERE country = 'FR' ORDER BY position")
            .fetch_all(&app.state.db.pool)
            .await
            .unwrap();
    let fresnes = app.fresnes().await.to_string();
    let today = app.today();
    let (referral, activity) = referral_and_activity(&app, &fresnes).await;
    let training = crate::training::fixture(&app).await;
    let (agreement, evaluation, category, other_agreement) = crate::agreements::fixture(&app).await;
    let auxilia = app.organisation_id("AUXILIA").await.to_string();
    let meetings = crate::meetings::fixture(&app).await;
    let aset = crate::indicator_sets::proposed_in_agreement(&app, agreement).await;
    let publication = crate::publications::published_in(&app, meetings.network).await;
    let standards = crate::standards::fixture(&app).await;
    let practice = crate::practices::fixture(&app).await;
    let competence = crate::competences::fixture(&app).await;
    let diagnosis = crate::diagnoses::fixture(&app).await;
    let ids = [
        ("{diag}", diagnosis.to_string()),
        ("{comp}", competence.to_string()),
        ("{prac}", practice.to_string()),
        ("{stdv}", standards.version.to_string()),
        ("{stdd}", standards.draft.to_string()),
        ("{stdi}", standards.item.to_string()),
        ("{stda}", standards.assessment.to_string()),
        ("{stds}", standards.step.to_string()),
        ("{stdf}", standards.file.to_string()),
        ("{pub}", publication),
        ("{aset}", aset.to_string()),
        ("{mtg2}", meetings.to_cancel.to_string()),
        ("{mtg}", meetings.meeting.to_string()),
        ("{held}", meetings.held.to_string()),
        ("{doc}", meetings.document.to_string()),
        ("{net}", meetings.network.to_string()),
        ("{prog}", training.programme.to_string()),
        ("{module}", training.module.to_string()),
        ("{material}", training.material.to_string()),
        ("{session}", training.session.to_string()),
        ("{other}", training.other.to_string()),
        ("{enr2}", training.visitors_enrolment.to_string()),
        ("{enr}", training.enrolment.to_string()),
        ("{code}", training.code.clone()),
        ("{day1}", training.first_day.clone()),
        ("{auxilia}", auxilia),
        ("{need}", training.need.to_string()),
        ("{agr}", agreement.to_string()),
        ("{agr2}", other_agreement.to_string()),
        ("{eval}", evaluation.to_string()),
        ("{cat}", category.to_string()),
    ];
    let with_ids = |text: String| ids.iter().fold(text, |text, (mark, id)| text.replace(mark, id));
    let mut failures = Vec::new();
    for (column, role) in ROLES.iter().enumerate() {
        let browser = match role {
            Some(email) => app.login(email).await,
            Option::None => app.browser().await,
        };
        let token = match role {
            Some(email) => Some(app.token(email).await),
            Option::None => Option::None,
        };
        let api = app.api(token.as_deref());
        let n = column.to_string();
        for row in rows() {
            let path = row
                .path
                .replace("{anvp}", &anvp)
                .replace("{est}", &est)
                .replace("{auth}", &auth)
                .replace("{volunteer}", &volunteer)
                .replace("{membership}", &membership)
                .replace("{staff}", &staff)
                .replace("{ref}", &referral)
                .replace("{act}", &activity);
            let path = with_ids(path);
            let step = steps[column.saturating_sub(1)].to_string();
            let fill = |s: &str| {
                with_ids(s.to_owned())
                    .replace("{n}", &n)
                    .replace("{step}", &step)
                    .replace("{anvp}", &anvp)
                    .replace("{today}", &today)
                    .replace("{fresnes}", &fresnes)
            };
            let response = if path.starts_with("/api/v1") {
                let mut request = api.request(row.method.clone(), &path);
                if let Body::Json(body) = &row.body {
                    request = request.header("content-type", "application/json").body(fill(body));
                }
                request.send().await.unwrap()
            } else if row.method == Method::GET {
                browser.get(&path).await
            } else {
                if let Body::File(name, content) = &row.body {
                    browser.post_file(&path, name, content).await
                } else {
                    let fields: Vec<(String, String)> = match &row.body {
                        Body::Form(fields) => fields.iter().map(|(k, v)| (k.to_string(), fill(v))).collect(),
                        _ => vec![],
                    };
                    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                    browser.post(&path, &fields).await
                }
            };
            let expected = row.expected[column];
            let status = response.status().as_u16();
            let ok = if expected == LOGIN {
                status == 303 && location(&response).starts_with("/login")
            } else {
                status == expected
            };
            if !ok {
                failures.push(format!(
                    "{} {path} as {:?}: expected {expected}, got {status}",
                    row.method, role
                ));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
