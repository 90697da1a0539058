//! `passerelle bench`: loads the dataset at European scale (1,600
//! establishments, 100,000 volunteers, 5,000,000 activity entries) into the
//! database it is given, then measures the main pages and API calls and a
//! 100,000-line CSV import against the budgets.
//!
//! Requests go through the whole router in-process (middleware, session or
//! token, queries, templates, body) but not through a socket, so what is
//! measured is the server's own time. Each probe is sent `requests` times
//! in a row after a warm-up; p50 and p99 are of those times.

use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use tower::ServiceExt;

use crate::audit::Write;
use crate::state::AppState;
use crate::web::SESSION_COOKIE;

/// A page must answer within this at the 99th percentile.
pub const PAGE_BUDGET: Duration = Duration::from_millis(50);
/// A 100,000-line import must finish within this.
pub const IMPORT_BUDGET: Duration = Duration::from_secs(10);
/// The process must stay under this while serving and importing.
pub const MEMORY_BUDGET_MB: u64 = 200;
const IMPORT_LINES: usize = 100_000;
/// At most this long is spent measuring one page.
const PROBE_TIME_LIMIT: Duration = Duration::from_secs(10);

/// Who sends a probe: a browser session of a demo account, or an API token.
enum Credential {
    Session(String),
    Token(String),
}

struct Probe {
    who: &'static str,
    path: String,
}

/// The timing of one probe.
pub struct Timing {
    pub who: &'static str,
    pub path: String,
    pub p50: Duration,
    pub p99: Duration,
}

pub struct Report {
    pub database: &'static str,
    pub seeding: Duration,
    pub timings: Vec<Timing>,
    pub import: Duration,
    pub peak_memory_mb: Option<u64>,
}

impl Report {
    pub fn within_budgets(&self) -> bool {
        self.timings.iter().all(|t| t.p99 <= PAGE_BUDGET)
            && self.import <= IMPORT_BUDGET
            && self.peak_memory_mb.is_none_or(|mb| mb <= MEMORY_BUDGET_MB)
    }

    /// The report as a Markdown table, ready for the README.
    pub fn render(&self) -> String {
        let ms = |d: Duration| format!("{:.1}", d.as_secs_f64() * 1000.0);
        let mark = |ok: bool| if ok { "" } else { " **over budget**" };
        let mut out = format!(
            "Database: {} (dataset ready in {:.0} s)\n\n| who | request | p50 ms | p99 ms |\n|---|---|---:|---:|\n",
            self.database,
            self.seeding.as_secs_f64()
        );
        for t in &self.timings {
            out += &format!(
                "| {} | `{}` | {} | {}{} |\n",
                t.who,
                t.path,
                ms(t.p50),
                ms(t.p99),
                mark(t.p99 <= PAGE_BUDGET)
            );
        }
        out += &format!(
            "\nImport of {IMPORT_LINES} people (CSV): {:.2} s{}\n",
            self.import.as_secs_f64(),
            mark(self.import <= IMPORT_BUDGET)
        );
        out += &match self.peak_memory_mb {
            Some(mb) => format!(
                "Peak memory while serving and importing: {mb} MB{}\n",
                mark(mb <= MEMORY_BUDGET_MB)
            ),
            None => "Peak memory: not measurable on this system\n".into(),
        };
        out
    }
}

/// Seeds what is missing, then measures; `requests` per probe, only the
/// probes whose path contains `only` when given (and then no import).
pub async fn run(state: &AppState, requests: usize, only: Option<&str>) -> Result<Report, String> {
    let started = Instant::now();
    crate::demo::seed_all(state, true).await.map_err(|e| e.to_string())?;
    let seeding = started.elapsed();
    let router = crate::app::router(state.clone());
    let month = state.clock.now().format("%Y-%m").to_string();
    let fresnes: i64 = sqlx::query_scalar("SELECT MIN(id) FROM establishments WHERE city = 'Fresnes'")
        .fetch_one(&state.db.pool)
        .await
        .map_err(|e| e.to_string())?;
    reset_peak_memory();
    let mut timings = Vec::new();
    for (email, probes) in probes(fresnes, &month) {
        let credential = credential(state, email).await?;
        for probe in probes.into_iter().filter(|p| only.is_none_or(|o| p.path.contains(o))) {
            timings.push(time(&router, &credential, probe, requests).await?);
        }
    }
    let import = match only {
        None => import(state).await?,
        Some(_) => Duration::ZERO,
    };
    Ok(Report {
        database: state.db.backend.name(),
        seeding,
        timings,
        import,
        peak_memory_mb: peak_memory_mb(),
    })
}

/// The main pages of each kind of user, and the main API calls.
fn probes(fresnes: i64, month: &str) -> Vec<(&'static str, Vec<Probe>)> {
    let probe = |who: &'static str, path: &str| Probe {
        who,
        path: path.to_owned(),
    };
    let pages = |who: &'static str, paths: &[&str]| paths.iter().map(|p| probe(who, p)).collect::<Vec<_>>();
    vec![
        (
            "admin@passerelle.demo",
            pages(
                "platform admin",
                &[
                    "/",
                    "/establishments",
                    "/establishments?q=Fresnes",
                    &format!("/establishments/{fresnes}"),
                    "/organisations",
                    "/people",
                    "/people?q=Volunteer%2042",
                    "/authorisations",
                    "/authorisations?status=expiring",
                    "/coverage",
                    "/coverage?country=FR&status=unserved",
                    "/activities",
                    &format!("/activities?month={month}"),
                    "/referrals",
                    "/audit",
                    "/indicators",
                    "/indicators?level=region&country=FR",
                    "/indicators?level=organisation&country=FR",
                    "/indicators/trend?indicator=visits_per_active_volunteer",
                    "/indicators/dashboard?country=FR",
                ],
            ),
        ),
        (
            "national.anvp@passerelle.demo",
            pages(
                "national admin",
                &[
                    "/",
                    "/people",
                    "/authorisations",
                    "/activities",
                    &format!("/activities?month={month}&sort=person"),
                    "/coverage",
                    "/people?lacking=1",
                    "/training/reports",
                ],
            ),
        ),
        (
            "coordinator@passerelle.demo",
            pages(
                "coordinator",
                &[
                    "/",
                    "/people",
                    "/authorisations",
                    "/activities",
                    "/referrals",
                    "/training",
                    "/agreements",
                    "/meetings",
                ],
            ),
        ),
        (
            "visitor@passerelle.demo",
            pages(
                "volunteer",
                &[
                    "/",
                    "/activities",
                    "/activities/new",
                    "/referrals",
                    "/inbox",
                    "/training",
                    "/training/certificates",
                    "/meetings",
                ],
            ),
        ),
        (
            "observer@passerelle.demo",
            pages("observer", &["/", "/indicators/published"]),
        ),
        (
            "token:national.anvp@passerelle.demo",
            pages(
                "API (national admin)",
                &[
                    "/api/v1/establishments",
                    "/api/v1/people",
                    "/api/v1/authorisations",
                    "/api/v1/activities",
                    &format!("/api/v1/activities/totals?month={month}&by=establishment"),
                    "/api/v1/coverage",
                    "/api/v1/training/sessions",
                    "/api/v1/meetings",
                    "/api/v1/indicators",
                ],
            ),
        ),
    ]
}

/// A session (or, for `token:EMAIL`, an API token) of a demo account.
async fn credential(state: &AppState, who: &str) -> Result<Credential, String> {
    let (token, email) = match who.strip_prefix("token:") {
        Some(email) => (true, email),
        None => (false, who),
    };
    let person = crate::auth::find_person_by_email(&state.db, email)
        .await
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("the demo account {email} is missing"))?
        .0;
    if token {
        let write = Write::begin(state, None, "bench").await.map_err(|e| e.to_string())?;
        let token = crate::account::tokens::create(write, person.id, "bench")
            .await
            .map_err(|e| e.to_string())?;
        return Ok(Credential::Token(token));
    }
    let mut conn = state.db.pool.acquire().await.map_err(|e| e.to_string())?;
    let session = crate::auth::sessions::open(&mut conn, person.id, "passerelle bench", state.clock.now())
        .await
        .map_err(|e| e.to_string())?;
    Ok(Credential::Session(session))
}

async fn time(router: &Router, credential: &Credential, probe: Probe, requests: usize) -> Result<Timing, String> {
    let send = || async {
        let request = Request::get(&probe.path);
        let request = match credential {
            Credential::Session(token) => request.header(header::COOKIE, format!("{SESSION_COOKIE}={token}")),
            Credential::Token(token) => request.header(header::AUTHORIZATION, format!("Bearer {token}")),
        };
        let request = request.body(Body::empty()).map_err(|e| e.to_string())?;
        let started = Instant::now();
        let response = router.clone().oneshot(request).await.map_err(|e| e.to_string())?;
        let status = response.status();
        axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .map_err(|e| e.to_string())?;
        if status != StatusCode::OK {
            return Err(format!("{} answered {status}", probe.path));
        }
        Ok::<_, String>(started.elapsed())
    };
    for _ in 0..3 {
        send().await?;
    }
    // A slow page gets fewer samples rather than stalling the whole run.
    let started = Instant::now();
    let mut times = Vec::with_capacity(requests);
    while times.len() < requests.max(1) && (times.len() < 5 || started.elapsed() < PROBE_TIME_LIMIT) {
        times.push(send().await?);
    }
    times.sort();
    let at = |percent: usize| times[(times.len() * percent / 100).min(times.len() - 1)];
    eprintln!(
        "{:>8.1} ms p99  {} {}",
        at(99).as_secs_f64() * 1000.0,
        probe.who,
        probe.path
    );
    Ok(Timing {
        who: probe.who,
        p50: at(50),
        p99: at(99),
        path: probe.path,
    })
}

/// Imports 100,000 new volunteers of ANVP from a CSV file, as an
/// administrator would from the command line, then removes them so that
/// every run measures the same dataset.
async fn import(state: &AppState) -> Result<Duration, String> {
    let run = state.clock.now().timestamp_micros();
    let mut csv = String::from("email,name,organisation,role,section,phone\n");
    for i in 0..IMPORT_LINES {
        csv += &format!("b{i}.{run}@bench.europe.demo,Bench volunteer {i},ANVP,volunteer,,\n");
    }
    let started = Instant::now();
    let outcome = crate::imports::import(
        state,
        crate::imports::Kind::People,
        None,
        "bench",
        "bench.csv",
        csv.as_bytes(),
    )
    .await;
    let elapsed = started.elapsed();
    remove_imported(state).await?;
    match outcome {
        Ok(Ok((outcome, _))) if outcome.created >= IMPORT_LINES => Ok(elapsed),
        Ok(Ok((outcome, _))) => Err(format!("the import created {} people only", outcome.created)),
        Ok(Err(errors)) => Err(format!("the import was refused: {} bad lines", errors.len())),
        Err(err) => Err(err.to_string()),
    }
}

/// Removes the imported people, and vacuums what they leave behind.
async fn remove_imported(state: &AppState) -> Result<(), String> {
    let imported = "SELECT id FROM persons WHERE email LIKE '%@bench.europe.demo'";
    for sql in [
        format!("DELETE FROM memberships WHERE person_id IN ({imported})"),
        format!("DELETE FROM persons WHERE id IN ({imported})"),
    ] {
        sqlx::query(&sql)
            .execute(&state.db.pool)
            .await
            .map_err(|e| e.to_string())?;
    }
    // The next run measures the same dataset: on PostgreSQL the 100,000 dead
    // rows slowed the people search tenfold until a vacuum.
    state.db.analyze().await.map_err(|e| e.to_string())
}

/// Resets the kernel's peak resident size of this process (Linux), so the
/// peak measured excludes the seeding.
fn reset_peak_memory() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn peak_memory_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}
