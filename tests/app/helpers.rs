//! `TestApp`: the real server, its database, and clients per role.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use passerelle::app::router;
use passerelle::clock::Clock;
use passerelle::config::Config;
use passerelle::db::Db;
use passerelle::state::AppState;
use reqwest::redirect::Policy;
use reqwest::{Client, Response};

/// The demo accounts, by the role they play in tests.
pub const PLATFORM_ADMIN: &str = "admin@passerelle.demo";
pub const ANVP_ADMIN: &str = "national.anvp@passerelle.demo";
pub const AUXILIA_ADMIN: &str = "national.auxilia@passerelle.demo";
pub const COORDINATOR: &str = "coordinator@passerelle.demo";
pub const VOLUNTEER: &str = "visitor@passerelle.demo";
pub const STAFF: &str = "staff@passerelle.demo";
pub const OBSERVER: &str = "observer@passerelle.demo";
pub const PASSWORD: &str = passerelle::demo::DEMO_PASSWORD;
/// The password people invited in tests choose.
pub const INVITED_PASSWORD: &str = "une phrase de passe";
/// The token `/metrics` requires in tests.
pub const METRICS_TOKEN: &str = "metrics-scraper-secret";

pub struct TestApp {
    pub base: String,
    pub state: AppState,
    outbox: PathBuf,
    _dir: tempfile::TempDir,
}

static SCHEMAS: AtomicU32 = AtomicU32::new(0);

/// A database URL of its own: a SQLite file in `dir`, or a new PostgreSQL schema.
pub async fn fresh_database(dir: &std::path::Path) -> String {
    match std::env::var("PASSERELLE_TEST_POSTGRES") {
        Ok(base) => {
            let schema = format!(
                "t{}_{}_{}",
                std::process::id(),
                SCHEMAS.fetch_add(1, Ordering::Relaxed),
                passerelle::auth::secrets::new_token("")[..8].to_owned()
            );
            let admin = Db::connect(&base, 1).await.expect("PostgreSQL reachable");
            sqlx::query(&format!("CREATE SCHEMA {schema}"))
                .execute(&admin.pool)
                .await
                .expect("schema created");
            admin.pool.close().await;
            let sep = if base.contains('?') { '&' } else { '?' };
            format!("{base}{sep}options[search_path]={schema}")
        }
        Err(_) => format!("sqlite://{}/test.db", dir.display()),
    }
}

impl TestApp {
    /// Starts the application with the demo organisations and accounts.
    pub async fn spawn() -> Self {
        Self::spawn_with(|_| {}).await
    }

    /// Starts the application with its configuration changed by `configure`.
    pub async fn spawn_with(configure: impl FnOnce(&mut Config)) -> Self {
        let _ = tracing_subscriber::fmt()
            .with_env_filter("warn")
            .with_test_writer()
            .try_init();
        let dir = tempfile::tempdir().unwrap();
        let database_url = fresh_database(dir.path()).await;
        let db = Db::connect(&database_url, 5).await.expect("database opens");
        db.migrate().await.expect("migrations run");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let outbox = dir.path().join("outbox");
        let mut config = Config::for_database(&database_url, outbox.clone());
        config.addr = addr;
        config.public_url = format!("http://{addr}");
        config.metrics_token = Some(passerelle::config::Secret::new(METRICS_TOKEN.to_owned()));
        configure(&mut config);
        let state = AppState::new(db, config, Arc::new(Clock::default())).unwrap();
        passerelle::demo::seed(&state).await.expect("demo data");
        let app = router(state.clone()).into_make_service_with_connect_info::<SocketAddr>();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Self {
            base: format!("http://{addr}"),
            state,
            outbox,
            _dir: dir,
        }
    }

    /// Runs one scheduled job for `day`, outside the schedule; the first
    /// number of what it recorded in the audit log ("3 meeting
    /// reminders"), 0 when it did nothing.
    pub async fn job(&self, job: passerelle::scheduler::Job, day: chrono::NaiveDate) -> i64 {
        let summary = passerelle::scheduler::run_on(&self.state, job, day).await.unwrap();
        summary.map_or(0, |s| {
            let digits: String = s
                .chars()
                .skip_while(|c| !c.is_ascii_digit())
                .take_while(char::is_ascii_digit)
                .collect();
            digits.parse().expect("a number in the job's summary")
        })
    }

    /// The same, for today.
    pub async fn job_today(&self, job: passerelle::scheduler::Job) -> i64 {
        self.job(job, self.state.clock.now().date_naive()).await
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A browser with no session yet.
    pub async fn browser(&self) -> Browser {
        let client = Client::builder()
            .cookie_store(true)
            .redirect(Policy::none())
            .build()
            .unwrap();
        let page = client
            .get(self.url("/login"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        Browser {
            client,
            base: self.base.clone(),
            csrf: csrf_of(&page),
        }
    }

    /// A browser logged in as `email`, with the CSRF token of its session.
    pub async fn login(&self, email: &str) -> Browser {
        let mut browser = self.browser().await;
        let response = browser
            .post("/login", &[("email", email), ("password", PASSWORD)])
            .await;
        assert_eq!(response.status(), 303, "login of {email}");
        browser.refresh_csrf().await;
        browser
    }

    /// A personal API token of `email`.
    pub async fn token(&self, email: &str) -> String {
        let person = passerelle::auth::find_person_by_email(&self.state.db, email)
            .await
            .unwrap()
            .unwrap()
            .0;
        let write = passerelle::audit::Write::begin(&self.state, Some(person.id), "test")
            .await
            .unwrap();
        passerelle::account::tokens::create(write, person.id, "test")
            .await
            .unwrap()
    }

    /// An API client; `token` None for an anonymous one.
    pub fn api(&self, token: Option<&str>) -> Api {
        Api {
            client: Client::new(),
            base: self.base.clone(),
            token: token.map(str::to_owned),
        }
    }

    /// The messages sent, oldest first, with quoted-printable soft line
    /// breaks joined so that links read whole: the queue's due mail is
    /// delivered first, as the server's sender would.
    pub async fn outbox(&self) -> Vec<String> {
        let (_, running) = tokio::sync::watch::channel(false);
        passerelle::mail::queue::deliver_due(&self.state, &running)
            .await
            .expect("the queue delivers");
        let Ok(dir) = std::fs::read_dir(&self.outbox) else {
            return vec![];
        };
        let mut files: Vec<_> = dir
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "eml"))
            .collect();
        files.sort();
        files
            .iter()
            .map(|f| {
                std::fs::read_to_string(f)
                    .unwrap()
                    .replace("=\r\n", "")
                    .replace("=3D", "=")
            })
            .collect()
    }

    /// A person invited for the first time accepts by choosing a password
    /// through the link mailed to them.
    pub async fn join_by_link(&self, email: &str) {
        let mail = self
            .outbox()
            .await
            .into_iter()
            .rev()
            .find(|m| m.contains(&format!("To: {}", email.to_lowercase())) && m.contains("/password/reset/"))
            .expect("an invitation with a link");
        let link = mail
            .split_whitespace()
            .find(|w| w.contains("/password/reset/"))
            .unwrap()
            .to_owned();
        let browser = self.browser().await;
        let password = [("password", INVITED_PASSWORD), ("confirmation", INVITED_PASSWORD)];
        let set = browser.post(link.trim_start_matches(&self.base), &password).await;
        assert_eq!(set.status(), 303, "{email} chooses a password");
    }

    /// A granted authorisation of the volunteer with ANVP expiring in `days` days.
    pub async fn expiring_authorisation(&self, days: i64) -> i64 {
        let coordinator = self.login(COORDINATOR).await;
        let anvp = self.organisation_id("ANVP").await.to_string();
        let nimes: i64 = sqlx::query_scalar("SELECT id FROM establishments WHERE code = 'FR-MA-NIMES'")
            .fetch_one(&self.state.db.pool)
            .await
            .unwrap();
        let today = self.state.clock.now().date_naive();
        let form = [
            ("organisation", anvp.as_str()),
            ("person_email", VOLUNTEER),
            ("filed_on", &(today - chrono::Duration::days(800)).to_string()),
            ("establishments", &nimes.to_string()),
        ];
        let r = coordinator.post("/authorisations", &form).await;
        let id: i64 = location(&r).trim_start_matches("/authorisations/").parse().unwrap();
        let decision = [
            ("decision", "granted"),
            ("decided_on", &(today - chrono::Duration::days(700)).to_string()),
            ("starts_on", &(today - chrono::Duration::days(700)).to_string()),
            ("expires_on", &(today + chrono::Duration::days(days)).to_string()),
        ];
        let decided = self
            .login(STAFF)
            .await
            .post(&format!("/authorisations/{id}/decision"), &decision)
            .await;
        assert_eq!(decided.status(), 303);
        id
    }

    /// How many messages the person's inbox holds.
    pub async fn inbox_count(&self, email: &str) -> i64 {
        sqlx::query_scalar(
            "SELECT COUNT(*) FROM notifications n JOIN persons p ON p.id = n.person_id WHERE p.email = $1",
        )
        .bind(email)
        .fetch_one(&self.state.db.pool)
        .await
        .unwrap()
    }

    pub async fn organisation_id(&self, acronym: &str) -> i64 {
        sqlx::query_scalar("SELECT id FROM organisations WHERE acronym = $1")
            .bind(acronym)
            .fetch_one(&self.state.db.pool)
            .await
            .unwrap()
    }

    /// How many audit entries carry this action.
    pub async fn audit_count(&self, action: &str) -> i64 {
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = $1")
            .bind(action)
            .fetch_one(&self.state.db.pool)
            .await
            .unwrap()
    }
}

/// The CSRF token of the first form of a page.
pub fn csrf_of(html: &str) -> String {
    html.split("name=\"_csrf\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_default()
        .to_owned()
}

/// A browser: keeps cookies, does not follow redirects, sends the CSRF token.
pub struct Browser {
    pub client: Client,
    base: String,
    pub csrf: String,
}

impl Browser {
    /// Takes the CSRF token of the pages this browser now gets (it changes at login).
    pub async fn refresh_csrf(&mut self) {
        let (_, page) = self.get_text("/account").await;
        let (_, page) = if page.contains("name=\"_csrf\"") {
            (0, page)
        } else {
            self.get_text("/login").await
        };
        self.csrf = csrf_of(&page);
    }

    /// Makes new calendar and feed links from the account page, and reads
    /// their secret there: it is shown this once.
    pub async fn feed_token(&self) -> String {
        let response = self.post("/account/feeds", &[]).await;
        assert_eq!(response.status(), 200);
        let page = response.text().await.unwrap();
        let list = page.split("id=\"new-feeds\"").nth(1).expect("the new links");
        let token = list.split("/calendar/").nth(1).and_then(|rest| rest.split('/').next());
        token.expect("a calendar link").to_owned()
    }

    pub async fn get(&self, path: &str) -> Response {
        self.client.get(format!("{}{path}", self.base)).send().await.unwrap()
    }

    pub async fn get_text(&self, path: &str) -> (u16, String) {
        let response = self.get(path).await;
        (response.status().as_u16(), response.text().await.unwrap())
    }

    /// Posts a form with this browser's CSRF token.
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> Response {
        let mut form: Vec<(&str, &str)> = fields.to_vec();
        form.push(("_csrf", &self.csrf));
        self.client
            .post(format!("{}{path}", self.base))
            .form(&form)
            .send()
            .await
            .unwrap()
    }

    /// Uploads one file as the `file` field of a form (the token goes in the URL).
    pub async fn post_file(&self, path: &str, name: &str, content: &[u8]) -> Response {
        self.post_file_as(path, "file", name, content).await
    }

    /// Uploads one file as field `field` of a form.
    pub async fn post_file_as(&self, path: &str, field: &str, name: &str, content: &[u8]) -> Response {
        let form = reqwest::multipart::Form::new().part(
            field.to_owned(),
            reqwest::multipart::Part::bytes(content.to_vec()).file_name(name.to_owned()),
        );
        let separator = if path.contains('?') { '&' } else { '?' };
        self.client
            .post(format!("{}{path}{separator}_csrf={}", self.base, self.csrf))
            .multipart(form)
            .send()
            .await
            .unwrap()
    }

    /// Posts a form without any CSRF token (as a forged cross-site form would).
    pub async fn post_without_csrf(&self, path: &str, fields: &[(&str, &str)]) -> Response {
        self.client
            .post(format!("{}{path}", self.base))
            .form(fields)
            .send()
            .await
            .unwrap()
    }
}

pub struct Api {
    pub client: Client,
    base: String,
    token: Option<String>,
}

impl Api {
    pub fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        let request = self.client.request(method, format!("{}{path}", self.base));
        match &self.token {
            Some(token) => request.bearer_auth(token),
            None => request,
        }
    }

    /// A GET whose answer is checked against the OpenAPI document.
    pub async fn get(&self, path: &str) -> (u16, serde_json::Value) {
        let (status, body) = json(self.request(reqwest::Method::GET, path).send().await.unwrap()).await;
        crate::openapi::conforms("GET", path, status, &body);
        (status, body)
    }

    /// A request with a JSON body whose answer is checked against the OpenAPI document.
    pub async fn send(&self, method: reqwest::Method, path: &str, body: serde_json::Value) -> (u16, serde_json::Value) {
        let (status, answer) = json(self.request(method.clone(), path).json(&body).send().await.unwrap()).await;
        crate::openapi::conforms(method.as_str(), path, status, &answer);
        (status, answer)
    }
}

pub async fn json(response: Response) -> (u16, serde_json::Value) {
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text}")),
    )
}

/// The `Location` header of a redirect.
pub fn location(response: &Response) -> String {
    response
        .headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

pub const AUXILIA_COORDINATOR: &str = "coordinator.auxilia@passerelle.demo";
pub const CORRESPONDENT: &str = "correspondent@passerelle.demo";

impl TestApp {
    /// The demo's valid authorisations in Fresnes: the volunteer with ANVP,
    /// the correspondent with Auxilia; the establishment's id.
    pub async fn fresnes(&self) -> i64 {
        passerelle::demo::seed_showcase(&self.state).await.unwrap();
        sqlx::query_scalar("SELECT MIN(id) FROM establishments WHERE city = 'Fresnes'")
            .fetch_one(&self.state.db.pool)
            .await
            .unwrap()
    }

    pub async fn person_id(&self, email: &str) -> i64 {
        sqlx::query_scalar("SELECT id FROM persons WHERE email = $1")
            .bind(email)
            .fetch_one(&self.state.db.pool)
            .await
            .unwrap()
    }

    pub fn today(&self) -> String {
        self.state.clock.now().date_naive().to_string()
    }

    /// Corrects the authorisations of `establishment` as decided and
    /// started on `day`, straight in the database, as a later fix would.
    pub async fn backdate_authorisations(&self, establishment: i64, day: &str) {
        sqlx::query(
            "UPDATE authorisations SET decided_on = $1, starts_on = $1 WHERE id IN \
             (SELECT authorisation_id FROM authorisation_establishments WHERE establishment_id = $2)",
        )
        .bind(day)
        .bind(establishment)
        .execute(&self.state.db.pool)
        .await
        .unwrap();
    }
}
