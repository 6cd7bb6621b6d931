//! A server's life, from opening the store to saving the graph image on the way out: [`run`] for the
//! binary, [`start`] and [`Server::stop`] for tests that need the address it listens on.
//!
//! Start: open the store in the data folder (seeding it from the embedded seed when it is new),
//! keep the graph image near the graph on a thread of its own, serve HTTP. Stop: end subscriptions,
//! stop long reads, give requests in flight a grace period, flush the store, write the image.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Weak};
use std::time::Duration;

use futures_util::{Stream, StreamExt};

use crate::app::{App, AppError, Change, creation_order};
use crate::config::{Config, ConfigError};
use crate::http;
use crate::interchange::seed;
use crate::store::StoreError;

/// How long a shutdown waits for requests in flight before it flushes and exits anyway. Writes that
/// were acknowledged are already on disk; one still running when the grace period ends is either
/// committed whole or not at all.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(8);

/// How often the graph image's lag is checked (two uncontended locks).
const IMAGE_CHECK: Duration = Duration::from_secs(1);

/// The longest pause between attempts when writing the graph image keeps failing.
const IMAGE_RETRY_MAX: Duration = Duration::from_secs(600);

/// Why a server could not start, or did not stop cleanly.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("the embedded seed is malformed: {0}")]
    Seed(String),
    #[error("cannot open the store in {}: {source}", dir.display())]
    Open { dir: PathBuf, source: AppError },
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("cannot start the thread that writes the graph image: {0}")]
    ImageThread(std::io::Error),
    #[error("the server stopped with an error: {0}")]
    Serve(std::io::Error),
    #[error("flushing the store on shutdown failed: {0}")]
    Flush(StoreError),
}

/// The seed compiled into the binary, as changes.
fn seed_changes() -> Result<Vec<Change>, ServeError> {
    let seed = seed::embedded().map_err(|e| ServeError::Seed(e.to_string()))?;
    Ok(creation_order(seed.nodes, seed.relations))
}

/// Opens the store in `data`, seeding it from the embedded seed when it is new.
pub fn open_app(data: &Path) -> Result<App, ServeError> {
    let changes = seed_changes()?;
    App::open(data, || changes).map_err(|source| ServeError::Open {
        dir: data.to_owned(),
        source,
    })
}

/// A running server.
pub struct Server {
    app: Arc<App>,
    running: http::Running,
}

/// Opens the store in `data` (see [`open_app`]), starts the thread that keeps the graph image, and
/// serves `config` in the background.
pub async fn start(data: &Path, config: &Config) -> Result<Server, ServeError> {
    let keys = config.keys()?;
    if keys.is_empty() {
        tracing::warn!("no API keys configured: the graph is read-only over the API");
    } else {
        tracing::info!(
            keys = keys.len(),
            reads_require_key = config.reads_require_key,
            "API keys loaded"
        );
    }
    let dir = data.to_owned();
    let app = tokio::task::spawn_blocking(move || open_app(&dir))
        .await
        .expect("opening the store does not panic")?;
    let app = Arc::new(app);
    let graph = app.snapshot();
    tracing::info!(nodes = graph.node_count(), relations = graph.relation_count(), data = %data.display(), "graph loaded");
    drop(graph);
    let (keeper, refresh) = (Arc::downgrade(&app), config.image_refresh);
    std::thread::Builder::new()
        .name("stdgraph-image".into())
        .spawn(move || keep_image(&keeper, refresh))
        .map_err(ServeError::ImageThread)?;
    let running = http::start(app.clone(), config, keys)
        .await
        .map_err(|source| ServeError::Listen {
            addr: config.addr,
            source,
        })?;
    Ok(Server { app, running })
}

impl Server {
    /// The address the server listens on (the port is the one picked when `config.addr` had 0).
    pub fn addr(&self) -> SocketAddr {
        self.running.addr
    }

    /// The application behind the server.
    pub fn app(&self) -> &Arc<App> {
        &self.app
    }

    /// Stops the server: see [`Server::stop_unless`].
    pub async fn stop(self) -> Result<(), ServeError> {
        self.stop_unless(std::future::pending()).await
    }

    /// Ends subscriptions, stops long reads (their requests answer `UNAVAILABLE`), lets other
    /// requests in flight (writes included) finish for up to [`SHUTDOWN_GRACE`] or until `hurry`
    /// resolves, then flushes the store and writes the graph image.
    pub async fn stop_unless(self, hurry: impl Future<Output = ()>) -> Result<(), ServeError> {
        self.app.close_feed();
        tokio::select! {
            stopped = self.running.stop() => stopped.map_err(ServeError::Serve)?,
            () = tokio::time::sleep(SHUTDOWN_GRACE) => {
                tracing::warn!(grace_secs = SHUTDOWN_GRACE.as_secs(), "requests still running after the grace period; stopping anyway");
            }
            () = hurry => tracing::warn!("second signal: stopping now"),
        }
        let app = self.app;
        let flushed = tokio::task::spawn_blocking(move || {
            app.flush().map_err(ServeError::Flush)?;
            tracing::info!("store flushed");
            save_image(&app);
            Ok(())
        });
        flushed.await.expect("flushing does not panic")
    }
}

/// Serves until `shutdown` yields: the first item starts a graceful stop, a second one cuts the grace
/// period short. Prints `listening on http://<addr>` on standard output once the server listens
/// (scripts and tests wait for that line).
pub async fn run(
    data: &Path,
    config: &Config,
    shutdown: impl Stream<Item = ()>,
) -> Result<(), ServeError> {
    let mut shutdown = std::pin::pin!(shutdown);
    let server = start(data, config).await?;
    println!("listening on http://{}", server.addr());
    shutdown.next().await;
    tracing::info!("shutting down: finishing requests in flight");
    server
        .stop_unless(async {
            if shutdown.next().await.is_none() {
                std::future::pending::<()>().await;
            }
        })
        .await?;
    tracing::info!("bye");
    Ok(())
}

/// Ctrl-C and SIGTERM, as a stream of requests to stop for [`run`]: listened for from the moment
/// this is called (so a signal that arrives before anyone awaits it is not lost and does not kill
/// the process outright).
pub fn signals() -> std::io::Result<impl Stream<Item = ()>> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let interrupt = signal(SignalKind::interrupt())?;
        let terminate = signal(SignalKind::terminate())?;
        Ok(futures_util::stream::unfold(
            (interrupt, terminate),
            |(mut interrupt, mut terminate)| async move {
                tokio::select! {
                    _ = interrupt.recv() => {},
                    _ = terminate.recv() => {},
                }
                Some(((), (interrupt, terminate)))
            },
        ))
    }
    #[cfg(not(unix))]
    Ok(futures_util::stream::unfold((), |()| async {
        let _ = tokio::signal::ctrl_c().await;
        Some(((), ()))
    }))
}

/// Keeps the graph image near the graph while the server runs, on its own thread (requests are
/// served meanwhile): at once when the start found no usable image, then whenever it falls `refresh`
/// changes behind. After a failed write (a full disk, a read-only directory) it waits twice as long
/// before each new attempt, up to [`IMAGE_RETRY_MAX`]. Ends when the app is dropped.
fn keep_image(app: &Weak<App>, refresh: u64) {
    let mut pause = IMAGE_CHECK;
    loop {
        let Some(app) = app.upgrade() else { return };
        if app.image_lag().is_none_or(|lag| lag >= refresh) {
            pause = if save_image(&app) {
                IMAGE_CHECK
            } else {
                (pause * 2).min(IMAGE_RETRY_MAX)
            };
        }
        drop(app);
        std::thread::sleep(pause);
    }
}

/// Writes the graph image if the one on disk is behind; false when that failed. A failure costs only
/// a slower next start, so it is logged, not raised.
fn save_image(app: &App) -> bool {
    match app.save_image() {
        Ok(_) => true,
        Err(e) => {
            tracing::warn!(error = %e, "cannot write the graph image; the next start rebuilds the graph from the store");
            false
        }
    }
}
