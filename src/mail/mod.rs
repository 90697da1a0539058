//! Outgoing email. Every message is first a row of the stored queue
//! ([`queue`]), written with the change that causes it; the sender then
//! hands it to an SMTP relay in production, or to a folder of `.eml` files
//! in development (its path is logged at start), so tests can read it.
//!
//! Delivery is at least once: a sender killed between handing a message
//! over and recording it leaves it to be sent again. Each message keeps
//! one `Message-ID` across tries, so that mail systems drop the second
//! copy; the folder names each file by it, so a second copy replaces the
//! first.

pub mod digest;
mod pages;
pub mod queue;

pub use pages::router;

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

/// How long the relay may take to answer one command.
pub const SMTP_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

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
                // Well within a sender's claim on its batch (see `queue`).
                transport: AsyncSmtpTransport::<Tokio1Executor>::from_url(url.expose())
                    .map_err(AppError::internal)?
                    .timeout(Some(SMTP_TIMEOUT))
                    .build(),
                from: from.clone(),
            },
        })
    }

    /// `id` names the message (`Message-ID`): a copy sent again after a
    /// crash carries the same one, so that mail systems can drop it.
    fn message(from: &str, email: &Email, id: &str) -> Result<Message, SendError> {
        let builder = Message::builder()
            .from(from.parse().map_err(SendError::permanent)?)
            .to(email.to.parse().map_err(SendError::permanent)?)
            .message_id(Some(format!("<{id}>")))
            .subject(email.subject.clone());
        let built = match &email.attachment {
            None => builder.header(ContentType::TEXT_PLAIN).body(email.body.clone()),
            Some(file) => builder.multipart(
                MultiPart::mixed()
                    .singlepart(SinglePart::plain(email.body.clone()))
                    .singlepart(Part::new(file.name.clone()).body(
                        file.content.clone(),
                        ContentType::parse(&file.content_type).map_err(SendError::permanent)?,
                    )),
            ),
        };
        built.map_err(SendError::permanent)
    }

    /// Hands `email`, the queue's row `row`, to the relay (or writes it to
    /// the folder); `host` ends its `Message-ID`.
    pub async fn send(&self, email: &Email, row: i64, host: &str) -> Result<(), SendError> {
        let id = format!("mail-{row}@{host}");
        match self {
            Self::Outbox(dir) => {
                let message = Self::message("Passerelle <no-reply@passerelle.invalid>", email, &id)?;
                // Named by the row, in the queue's order; written whole, then renamed.
                let (name, part) = (format!("{row:012}.eml"), format!(".{row:012}.part"));
                let written = async {
                    tokio::fs::create_dir_all(dir).await?;
                    tokio::fs::write(dir.join(&part), message.formatted()).await?;
                    tokio::fs::rename(dir.join(&part), dir.join(&name)).await
                };
                written.await.map_err(SendError::transient)
            }
            Self::Smtp { transport, from } => {
                let message = Self::message(from, email, &id)?;
                transport.send(message).await.map(drop).map_err(|err| SendError {
                    permanent: err.is_permanent(),
                    message: err.to_string(),
                })
            }
        }
    }
}

/// Why a message was not handed over; a permanent failure (an address the
/// relay refuses) is not tried again.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct SendError {
    pub permanent: bool,
    pub message: String,
}

impl SendError {
    fn permanent(err: impl std::fmt::Display) -> Self {
        Self {
            permanent: true,
            message: err.to_string(),
        }
    }

    fn transient(err: impl std::fmt::Display) -> Self {
        Self {
            permanent: false,
            message: err.to_string(),
        }
    }
}
