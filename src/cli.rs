//! The `passerelle` command line.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Args, Parser, Subcommand};
use tokio::io::AsyncBufReadExt;

use crate::app::serve;
use crate::audit::{Change, Write};
use crate::auth::{normalise_email, secrets};
use crate::clock::Clock;
use crate::config::{Config, MailConfig, ReferralPolicy, Secret};
use crate::db::{Db, timestamp};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::state::AppState;

#[derive(Parser)]
#[command(name = "passerelle", version, about = "Coordination of volunteering in prisons")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the migrations, then serve the application.
    Serve(ServerArgs),
    /// Create the demo dataset (idempotent) and serve it.
    Demo {
        #[command(flatten)]
        server: ServerArgs,
        /// `europe` adds the benchmark dataset: about 1,600 establishments and 100,000 volunteers.
        #[arg(long, value_enum, default_value = "standard")]
        scale: Scale,
    },
    /// Load the dataset at European scale if missing (1,600 establishments,
    /// 100,000 volunteers, 5,000,000 activity entries; minutes the first
    /// time), then measure the main pages, API calls and a CSV import
    /// against the budgets. Use a database of its own: it adds data.
    Bench {
        /// Requests per page measured.
        #[arg(long, default_value_t = 200)]
        requests: usize,
        /// Measure only the pages whose path contains this (and skip the import).
        #[arg(long)]
        only: Option<String>,
        #[command(flatten)]
        db: DatabaseArgs,
    },
    /// Bring the database schema up to date, then exit.
    Migrate(DatabaseArgs),
    /// Administration tasks.
    #[command(subcommand)]
    Admin(AdminCommand),
    /// Import a CSV file: all of it, or nothing if any line is wrong.
    Import {
        /// What the file holds.
        #[arg(value_enum)]
        kind: crate::imports::Kind,
        /// The CSV file (UTF-8, comma or semicolon separated).
        file: PathBuf,
        /// Language of the error messages (fr or en); by default from LANG.
        #[arg(long)]
        lang: Option<String>,
        #[command(flatten)]
        db: DatabaseArgs,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Scale {
    Standard,
    Europe,
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Create a person who can log in (password read from standard input).
    CreateUser {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// Read the password from the first line of standard input.
        #[arg(long, required = true)]
        password_stdin: bool,
        /// Make this person a platform administrator.
        #[arg(long)]
        platform_admin: bool,
        #[command(flatten)]
        db: DatabaseArgs,
    },
    /// Create a personal API token and print it alone on standard output.
    CreateToken {
        #[arg(long)]
        email: String,
        /// A name to recognise the token by.
        #[arg(long, default_value = "cli")]
        name: String,
        #[command(flatten)]
        db: DatabaseArgs,
    },
}

#[derive(Args, Clone)]
struct DatabaseArgs {
    /// `sqlite://FILE` (created if missing) or `postgres://user@host/db`.
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite://passerelle.db")]
    database_url: String,
    /// Most database connections this instance opens.
    #[arg(long, env = "PASSERELLE_DB_MAX_CONNECTIONS", default_value_t = 10)]
    max_connections: u32,
}

#[derive(Args, Clone)]
struct ServerArgs {
    /// Address to listen on.
    #[arg(long, env = "PASSERELLE_ADDR", default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    #[command(flatten)]
    db: DatabaseArgs,
    /// The address people use (links in emails start with it); `https://` makes cookies Secure.
    #[arg(long, env = "PASSERELLE_PUBLIC_URL")]
    public_url: Option<String>,
    /// SMTP relay for outgoing mail, e.g. `smtps://user:pass@smtp.example.org`.
    #[arg(long, env = "PASSERELLE_SMTP_URL")]
    smtp_url: Option<String>,
    /// Sender address of outgoing mail.
    #[arg(
        long,
        env = "PASSERELLE_MAIL_FROM",
        default_value = "Passerelle <no-reply@passerelle.invalid>"
    )]
    mail_from: String,
    /// Without SMTP, mail is written to this folder as .eml files.
    #[arg(long, env = "PASSERELLE_OUTBOX", default_value = "outbox")]
    outbox: PathBuf,
    /// Days after which an unaccepted referral reminds the receiving coordinators.
    #[arg(long, env = "PASSERELLE_REFERRAL_REMIND_DAYS", default_value_t = 14)]
    referral_remind_days: i64,
    /// Days after which an unaccepted referral is escalated to the receiving administrators.
    #[arg(long, env = "PASSERELLE_REFERRAL_ESCALATE_DAYS", default_value_t = 30)]
    referral_escalate_days: i64,
    /// Months a closed referral keeps its beneficiary's data before it is erased.
    #[arg(long, env = "PASSERELLE_REFERRAL_RETENTION_MONTHS", default_value_t = 12)]
    referral_retention_months: u32,
    /// Reverse proxies whose `X-Forwarded-For` is believed (CIDR list, e.g. `10.0.0.0/8,::1/128`).
    #[arg(long, env = "PASSERELLE_TRUSTED_PROXIES", value_delimiter = ',')]
    trusted_proxies: Vec<ipnet::IpNet>,
    /// Bearer token that `/metrics` requires; without it `/metrics` answers 404.
    #[arg(long, env = "PASSERELLE_METRICS_TOKEN")]
    metrics_token: Option<String>,
    /// Seconds requests in flight may take after SIGTERM before the server stops anyway.
    #[arg(long, env = "PASSERELLE_SHUTDOWN_TIMEOUT", default_value_t = 30)]
    shutdown_timeout: u64,
}

impl ServerArgs {
    fn config(&self, addr: SocketAddr) -> Config {
        let mail = match &self.smtp_url {
            Some(url) => MailConfig::Smtp {
                url: Secret::new(url.clone()),
                from: self.mail_from.clone(),
            },
            None => MailConfig::Outbox(self.outbox.clone()),
        };
        Config {
            addr,
            database_url: Secret::new(self.db.database_url.clone()),
            public_url: self.public_url.clone().unwrap_or_else(|| format!("http://{addr}")),
            mail,
            max_connections: self.db.max_connections,
            referrals: ReferralPolicy {
                remind_after_days: self.referral_remind_days,
                escalate_after_days: self.referral_escalate_days,
                retention_months: self.referral_retention_months,
            },
            trusted_proxies: self.trusted_proxies.clone(),
            metrics_token: self.metrics_token.clone().map(Secret::new),
            shutdown_timeout: std::time::Duration::from_secs(self.shutdown_timeout),
        }
    }
}

fn init_logs() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| "info,sqlx=warn,tower_http=info".into());
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if std::env::var("PASSERELLE_LOG_FORMAT").as_deref() == Ok("json") {
        builder.json().init();
    } else {
        builder.init();
    }
}

pub async fn run() -> ExitCode {
    let cli = Cli::parse();
    init_logs();
    match dispatch(cli.command).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("passerelle: {err}");
            ExitCode::FAILURE
        }
    }
}

async fn open(db: &DatabaseArgs) -> Result<Db, String> {
    let pool = Db::connect(&db.database_url, db.max_connections)
        .await
        .map_err(|e| format!("cannot open the database: {e}"))?;
    pool.migrate().await.map_err(|e| format!("migration failed: {e}"))?;
    Ok(pool)
}

async fn dispatch(command: Command) -> Result<(), String> {
    match command {
        Command::Serve(args) => run_server(args, None).await,
        Command::Demo { server, scale } => run_server(server, Some(scale)).await,
        Command::Bench { requests, only, db } => {
            let state = tool_state(open(&db).await?)?;
            let report = crate::bench::run(&state, requests, only.as_deref()).await?;
            println!("{}", report.render());
            if report.within_budgets() {
                Ok(())
            } else {
                Err("over budget".into())
            }
        }
        Command::Migrate(db) => {
            open(&db).await?;
            eprintln!("the database schema is up to date");
            Ok(())
        }
        Command::Admin(AdminCommand::CreateUser {
            email,
            name,
            password_stdin: _,
            platform_admin,
            db,
        }) => {
            let mut line = String::new();
            tokio::io::BufReader::new(tokio::io::stdin())
                .read_line(&mut line)
                .await
                .map_err(|e| e.to_string())?;
            let password = line.trim_end_matches(['\n', '\r']).to_owned();
            secrets::check_new_password(&password, &password).map_err(|_| {
                format!(
                    "the password must be at least {} characters long",
                    secrets::MIN_PASSWORD_LEN
                )
            })?;
            let state = tool_state(open(&db).await?)?;
            create_user(&state, &email, &name, password, platform_admin).await
        }
        Command::Import { kind, file, lang, db } => {
            let lang = lang
                .or_else(|| std::env::var("LANG").ok())
                .and_then(|l| Lang::parse(l.get(..2).unwrap_or("")))
                .unwrap_or(Lang::En);
            let bytes = std::fs::read(&file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
            let state = tool_state(open(&db).await?)?;
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            match crate::imports::import(&state, kind, None, "cli", &name, &bytes).await {
                Ok(Ok((o, shape))) => {
                    println!(
                        "{} created, {} updated, {} unchanged ({} data lines read)",
                        o.created, o.updated, o.unchanged, shape.records
                    );
                    if !shape.ignored.is_empty() {
                        eprintln!("{}: {}", lang.t("import.ignored"), shape.ignored.join(", "));
                    }
                    for (line, lines) in &shape.spanning {
                        eprintln!("{}", lang.tn("import.spanning_one", &[line, lines]));
                    }
                    Ok(())
                }
                Ok(Err(errors)) => {
                    for e in &errors {
                        eprintln!("line {}, column {}: {}", e.line, e.column, e.explain(lang));
                    }
                    Err(format!("{} error(s): nothing was imported", errors.len()))
                }
                Err(err) => Err(err.to_string()),
            }
        }
        Command::Admin(AdminCommand::CreateToken { email, name, db }) => {
            let state = tool_state(open(&db).await?)?;
            let person = crate::auth::find_person_by_email(&state.db, &email)
                .await
                .map_err(|e| e.to_string())?
                .ok_or_else(|| format!("no active person with email {email}"))?
                .0;
            let write = Write::begin(&state, None, "cli").await.map_err(|e| e.to_string())?;
            let token = crate::account::tokens::create(write, person.id, &name)
                .await
                .map_err(|e| e.to_string())?;
            println!("{token}");
            Ok(())
        }
    }
}

fn tool_state(db: Db) -> Result<AppState, String> {
    let config = Config::for_database("", PathBuf::from("outbox"));
    AppState::new(db, config, Arc::new(Clock::default())).map_err(|e| e.to_string())
}

async fn create_user(
    state: &AppState,
    email: &str,
    name: &str,
    password: String,
    platform_admin: bool,
) -> Result<(), String> {
    let email = normalise_email(email);
    if !email.contains('@') || name.trim().is_empty() {
        return Err("give a valid --email and a non-empty --name".into());
    }
    let hash = secrets::hash_password(password).await.map_err(|e| e.to_string())?;
    let result: Result<(), AppError> = async {
        let mut write = Write::begin(state, None, "cli").await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO persons (email, name, password_hash, platform_admin, created_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(&email)
        .bind(name.trim())
        .bind(hash)
        .bind(i64::from(platform_admin))
        .bind(timestamp(write.now()))
        .fetch_one(write.conn())
        .await
        .map_err(|e| {
            if crate::db::is_unique_violation(&e, "persons_email_key")
                || crate::db::is_unique_violation(&e, "persons.email")
            {
                AppError::Conflict("email taken")
            } else {
                e.into()
            }
        })?;
        write
            .commit(Change {
                action: "person.create",
                object_type: "person",
                object_id: id.to_string(),
                organisation_id: None,
                summary: format!(
                    "{email} created from the command line{}",
                    if platform_admin { " (platform admin)" } else { "" }
                ),
            })
            .await
    }
    .await;
    match result {
        Ok(()) => {
            eprintln!("created {email}");
            Ok(())
        }
        Err(AppError::Conflict(_)) => Err(format!("a person with email {email} already exists")),
        Err(err) => Err(err.to_string()),
    }
}

async fn run_server(args: ServerArgs, demo: Option<Scale>) -> Result<(), String> {
    let db = open(&args.db).await?;
    let listener = tokio::net::TcpListener::bind(args.addr)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", args.addr))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let config = args.config(addr);
    if let MailConfig::Outbox(dir) = &config.mail {
        tracing::info!(outbox = %dir.display(), "no SMTP configured: outgoing mail is written to the outbox folder");
    }
    let state = AppState::new(db, config, Arc::new(Clock::default())).map_err(|e| e.to_string())?;
    if let Some(scale) = demo {
        let started = std::time::Instant::now();
        let created = crate::demo::seed_all(&state, scale == Scale::Europe)
            .await
            .map_err(|e| e.to_string())?;
        tracing::info!(seconds = started.elapsed().as_secs_f64(), created, "demo data ready");
        println!(
            "Demo data ready ({created} rows created). Accounts, all with the password \"{}\":",
            crate::demo::DEMO_PASSWORD
        );
        for account in crate::demo::ACCOUNTS {
            println!("  {:<36} {}", account.email, account.role);
        }
    }
    println!("Passerelle is running at http://{addr}");
    serve(state, listener).await.map_err(|e| e.to_string())
}
