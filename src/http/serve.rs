//! The accept loop: HTTP/1.1 and HTTP/2 over hyper, with the protections axum's own `serve` lacks.
//!
//! - A client must send its request headers within `header_read_timeout`, counted from accept for
//!   the first request (a connection that never sends a byte is closed too, which hyper's own
//!   timeout, started by the first byte, would not do) and from the end of the previous response on
//!   a kept-alive connection (slowloris); a body is bounded by the request timeout of the router.
//! - At most `max_connections` connections are open at once, and at most `max_connections_per_ip`
//!   from one client address (an IPv6 /64 counts as one address); one more is closed at once rather
//!   than queued, so slow or idle clients cannot exhaust the process's sockets, and one client cannot
//!   take every slot from the others.
//! - Each request carries the peer address (`ConnectInfo`) for per-IP rate limits.
//! - On shutdown, listening stops, connections finish their requests in flight and close.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv6Addr};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use axum::Router;
use axum::extract::connect_info::ConnectInfo;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt as _;

/// How the accept loop treats connections.
#[derive(Clone, Copy, Debug)]
pub struct ConnectionLimits {
    pub max_connections: usize,
    pub max_connections_per_ip: usize,
    pub header_read_timeout: Duration,
}

impl From<&crate::config::Config> for ConnectionLimits {
    fn from(config: &crate::config::Config) -> Self {
        Self {
            max_connections: config.max_connections,
            max_connections_per_ip: config.max_connections_per_ip,
            header_read_timeout: config.header_read_timeout(),
        }
    }
}

/// Open connections by client address.
#[derive(Default)]
struct PerAddress(Mutex<HashMap<IpAddr, usize>>);

/// One open connection counted against its client address; dropping it frees the place.
struct AddressSlot {
    table: Arc<PerAddress>,
    address: IpAddr,
}

impl PerAddress {
    /// A place for one more connection from `peer`, unless it already holds `max`.
    fn take(table: &Arc<PerAddress>, peer: IpAddr, max: usize) -> Option<AddressSlot> {
        let address = client_address(peer);
        let mut open = table.0.lock().unwrap_or_else(PoisonError::into_inner);
        let count = open.entry(address).or_insert(0);
        if *count >= max.max(1) {
            return None;
        }
        *count += 1;
        Some(AddressSlot {
            table: table.clone(),
            address,
        })
    }
}

impl Drop for AddressSlot {
    fn drop(&mut self) {
        let mut open = self.table.0.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(count) = open.get_mut(&self.address) {
            *count -= 1;
            if *count == 0 {
                open.remove(&self.address);
            }
        }
    }
}

/// The address a connection counts against: the IPv4 address, or the /64 network of an IPv6 one
/// (one host usually holds a whole /64).
fn client_address(peer: IpAddr) -> IpAddr {
    match peer {
        IpAddr::V4(_) => peer,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let network = u128::from(v6) & !((1u128 << 64) - 1);
                IpAddr::V6(Ipv6Addr::from(network))
            }
        },
    }
}

/// Serves `router` on `listener` until `shutdown` resolves, then waits for connections to finish.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: ConnectionLimits,
    shutdown: impl std::future::Future<Output = ()>,
) -> std::io::Result<()> {
    let graceful = GracefulShutdown::new();
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let per_address = Arc::new(PerAddress::default());
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(e) => {
                    // Out of file descriptors and the like: back off instead of spinning.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = shutdown.as_mut() => break,
        };
        let Ok(slot) = slots.clone().try_acquire_owned() else {
            tracing::warn!(%peer, max = limits.max_connections, "connection limit reached; closing a new connection");
            drop(stream);
            continue;
        };
        let Some(address_slot) =
            PerAddress::take(&per_address, peer.ip(), limits.max_connections_per_ip)
        else {
            tracing::warn!(%peer, max = limits.max_connections_per_ip, "connection limit per client address reached; closing a new connection");
            drop(stream);
            continue;
        };
        let _ = stream.set_nodelay(true);
        // Set once the first request's headers are in (hyper calls the service only then).
        let requested = Arc::new(AtomicBool::new(false));
        let service = router.clone().map_request({
            let requested = requested.clone();
            move |mut request: axum::extract::Request<hyper::body::Incoming>| {
                requested.store(true, Ordering::Relaxed);
                request.extensions_mut().insert(ConnectInfo(peer));
                request.map(axum::body::Body::new)
            }
        });
        let service = TowerToHyperService::new(service);
        let mut builder = Builder::new(TokioExecutor::new());
        builder
            .http1()
            .timer(TokioTimer::new())
            .header_read_timeout(limits.header_read_timeout);
        builder.http2().timer(TokioTimer::new());
        let connection = builder
            .serve_connection_with_upgrades(TokioIo::new(stream), service)
            .into_owned();
        let connection = graceful.watch(connection);
        let first_request_by = limits.header_read_timeout;
        tokio::spawn(async move {
            let mut connection = std::pin::pin!(connection);
            let ended = tokio::select! {
                ended = connection.as_mut() => Some(ended),
                () = tokio::time::sleep(first_request_by) => None,
            };
            let ended = match ended {
                Some(ended) => Some(ended),
                // Dropping the connection closes it: nothing was asked, so nothing is cut short.
                None if !requested.load(Ordering::Relaxed) => {
                    tracing::debug!(%peer, "closed a connection that sent no request in time");
                    None
                }
                None => Some(connection.await),
            };
            if let Some(Err(e)) = ended {
                tracing::debug!(%peer, error = %e, "connection ended with an error");
            }
            drop(slot);
            drop(address_slot);
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}
