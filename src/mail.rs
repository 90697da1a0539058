//! Outgoing email: an SMTP relay in production, a folder of `.eml` files in
//! development (its path is logged at start), so nothing is lost and tests
//! can read what was sent.

use std::path::PathBuf;

use lettre::message::header::ContentType;
use lettre::message::{Attachment as Part, MultiPart, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::config::MailConfig;
use crate::error::AppError;

/// A plain-text message, with an attached file or none.
#[derive(Clone, Debug)]
pub struct Email {
    pub to: String,
    pub subject: String,
    pub body: String,
    pub attachment: Option<Attachment>,
}

/// A file sent with an email (an invitation's `.ics`).
#[derive(Clone, Debug)]
pub struct Attachment {
    pub name: String,
    /// The MIME type, parameters included (`text/calendar; method=REQUEST; charset=utf-8`).
    pub content_type: String,
    pub content: Vec<u8>,
}

#[derive(Clone)]
pub enum Mailer {
    Outbox(PathBuf),
    Smtp {
        transport: AsyncSmtpTransport<Tokio1Executor>,
        from: String,
    },
}

impl Mailer {
    pub fn from_config(config: &MailConfig) -> Result<Self, AppError> {
        Ok(match config {
            MailConfig::Outbox(dir) => Self::Outbox(dir.clone()),
            MailConfig::Smtp { url, from } => Self::Smtp {
                transport: AsyncSmtpTransport::<Tokio1Executor>::from_url(url.expose())
                    .map_err(AppError::internal)?
                    .build(),
                from: from.clone(),
            },
        })
    }

    fn message(from: &str, email: &Email) -> Result<Message, AppError> {
        let builder = Message::builder()
            .from(from.parse().map_err(AppError::internal)?)
            .to(email.to.parse().map_err(AppError::internal)?)
            .subject(email.subject.clone());
        let built = match &email.attachment {
            None => builder.header(ContentType::TEXT_PLAIN).body(email.body.clone()),
            Some(file) => builder.multipart(
                MultiPart::mixed()
                    .singlepart(SinglePart::plain(email.body.clone()))
                    .singlepart(Part::new(file.name.clone()).body(
                        file.content.clone(),
                        ContentType::parse(&file.content_type).map_err(AppError::internal)?,
                    )),
            ),
        };
        built.map_err(AppError::internal)
    }

    pub async fn send(&self, email: Email) -> Result<(), AppError> {
        match self {
            Self::Outbox(dir) => {
                tokio::fs::create_dir_all(dir).await?;
                let message = Self::message("Passerelle <no-reply@passerelle.invalid>", &email)?;
                let name = format!(
                    "{}-{}.eml",
                    chrono::Utc::now().format("%Y%m%dT%H%M%S%.6f"),
                    &crate::auth::secrets::new_token("")[..8]
                );
                tokio::fs::write(dir.join(name), message.formatted()).await?;
                Ok(())
            }
            Self::Smtp { transport, from } => {
                transport
                    .send(Self::message(from, &email)?)
                    .await
                    .map_err(AppError::internal)?;
                Ok(())
            }
        }
    }
}
