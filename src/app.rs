//! The application: every route mounted in one place, and the server.

use axum::Router;
use axum::http::{HeaderName, Request};
use tower_http::request_id::{MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

use axum::middleware::from_fn;

use crate::state::AppState;
use crate::web::live_data;

/// Request ids: 16 random hex characters.
#[derive(Clone, Default)]
struct RandomRequestId;

impl MakeRequestId for RandomRequestId {
    fn make_request_id<B>(&mut self, _: &Request<B>) -> Option<RequestId> {
        let id = crate::auth::secrets::new_token("");
        id[..16].parse().ok().map(RequestId::new)
    }
}

/// The whole URL space.
pub fn router(state: AppState) -> Router {
    let request_id = HeaderName::from_static("x-request-id");
    let mut app = Router::new()
        .merge(crate::ops::router())
        .merge(crate::web::router())
        .merge(crate::auth::router())
        .merge(crate::home::router())
        .merge(crate::account::router())
        .merge(crate::organisations::router())
        .merge(crate::establishments::router())
        .merge(crate::authorisations::router().route_layer(from_fn(live_data)))
        .merge(crate::inbox::router())
        .merge(crate::mail::router())
        .merge(crate::people::router().route_layer(from_fn(live_data)))
        .merge(crate::referrals::router().route_layer(from_fn(live_data)))
        .merge(crate::activities::router().route_layer(from_fn(live_data)))
        .merge(crate::coverage::router().route_layer(from_fn(live_data)))
        .merge(crate::training::router())
        .merge(crate::agreements::router())
        .merge(crate::meetings::router())
        .merge(crate::networks::router())
        .merge(crate::indicators::router())
        .merge(crate::standards::router())
        .merge(crate::practices::router())
        .merge(crate::competences::router())
        .merge(crate::diagnoses::router())
        .merge(crate::imports::router())
        .merge(crate::audit::router())
        .merge(crate::api::router())
        .fallback(|| async { crate::error::AppError::NotFound })
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::web::context::context,
        ))
        .layer(axum::middleware::from_fn_with_state(state.clone(), crate::ops::track));
    for layer in crate::web::security_headers(&state.config) {
        app = app.layer(layer);
    }
    app.layer(axum::extract::DefaultBodyLimit::max(crate::web::BODY_LIMIT))
        .layer(tower_http::timeout::RequestBodyTimeoutLayer::new(BODY_TIMEOUT))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &Request<_>| {
            let id = req
                .headers()
                .get("x-request-id")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            tracing::info_span!("request", method = %req.method(), path = %loggable(req.uri().path()), request_id = %id)
        }))
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(SetRequestIdLayer::new(request_id, RandomRequestId))
        .with_state(state)
}

/// A path fit for the logs: the secret in a calendar, feed, reset or
/// answer link is left out (the database keeps only its hash).
fn loggable(path: &str) -> String {
    const SECRET_AFTER: &[&str] = &["/calendar/", "/feeds/", "/password/reset/", "/meetings/answer/"];
    match SECRET_AFTER.iter().find(|prefix| path.starts_with(*prefix)) {
        Some(prefix) => {
            let rest = &path[prefix.len()..];
            let after = rest.find('/').map_or("", |i| &rest[i..]);
            format!("{prefix}…{after}")
        }
        None => path.to_owned(),
    }
}

/// How long a client may take to send a request's headers, then its body:
/// a client that stalls holds a connection no longer.
pub const HEADER_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);
pub const BODY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// Serves until SIGTERM or Ctrl-C. Requests in flight may finish within the
/// shutdown deadline, then the remaining connections are dropped; the mail
/// sender stops after the message it is handing over, and what is left
/// waits in the queue for the next start.
pub async fn serve(state: AppState, listener: tokio::net::TcpListener) -> std::io::Result<()> {
    use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
    use tower::{Layer, ServiceExt};

    let (stop, stopped) = tokio::sync::watch::channel(false);
    crate::scheduler::spawn(state.clone());
    let sender = crate::mail::queue::spawn(state.clone(), stopped);
    let deadline = state.config.shutdown_timeout;
    let app = router(state);
    let mut builder = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_TIMEOUT);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut signal = std::pin::pin!(shutdown_signal());
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(err) => {
                    // Out of file descriptors, for one: wait instead of spinning.
                    tracing::warn!(%err, "accept failed");
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut signal => break,
        };
        let service = axum::Extension(axum::extract::ConnectInfo(peer))
            .layer(app.clone())
            .map_request(|req: axum::http::Request<hyper::body::Incoming>| req.map(axum::body::Body::new));
        let hyper_service = hyper_util::service::TowerToHyperService::new(service);
        let connection = builder
            .serve_connection_with_upgrades(TokioIo::new(stream), hyper_service)
            .into_owned();
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(err) = connection.await {
                tracing::debug!(%err, "connection ended");
            }
        });
    }
    drop(listener);
    let _ = stop.send(true);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(deadline) => {
            tracing::warn!(seconds = deadline.as_secs(), "shutdown deadline passed: open connections closed");
        }
    }
    if tokio::time::timeout(std::time::Duration::from_secs(5), sender)
        .await
        .is_err()
    {
        tracing::warn!("mail sender still busy at exit: its claimed mail goes back to the queue when the claim lapses");
    }
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}

#[cfg(test)]
mod tests {
    #[test]
    fn secrets_in_paths_stay_out_of_the_logs() {
        assert_eq!(
            super::loggable("/calendar/cal_abc/training.ics"),
            "/calendar/…/training.ics"
        );
        assert_eq!(super::loggable("/password/reset/abc"), "/password/reset/…");
        assert_eq!(super::loggable("/feeds/cal_x/agreements/3"), "/feeds/…/agreements/3");
        assert_eq!(super::loggable("/people/12"), "/people/12");
    }
}
