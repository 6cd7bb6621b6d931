//! The web pages, GraphiQL (`/graphiql`) and the explorer (`/explore`), served from files built from
//! `web/` at build time (see `build.rs`) and embedded in the binary: no request leaves the server's
//! origin, and a Content-Security-Policy makes browsers hold the pages to that.

use axum::extract::Path as UrlPath;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use include_dir::{Dir, include_dir};

static WEB: Dir<'_> = include_dir!("$OUT_DIR/web");

/// How much a page needs beyond its own origin's files.
#[derive(Clone, Copy)]
pub enum Styles {
    /// Only stylesheets from /assets (the explorer).
    Files,
    /// Also inline styles, which GraphiQL's Monaco editor sets at run time.
    Inline,
}

/// What the pages may load and connect to: their own origin only (plus the WebSocket of the same
/// host for subscriptions, and data:/blob: URLs the editors' CSS and the graph image export use).
fn content_security_policy(headers: &HeaderMap, styles: Styles) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            h.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b".:-[]".contains(&b))
        })
        .unwrap_or("");
    let websocket = if host.is_empty() {
        String::new()
    } else {
        format!(" ws://{host} wss://{host}")
    };
    let style = match styles {
        Styles::Files => "'self'",
        Styles::Inline => "'self' 'unsafe-inline'",
    };
    format!(
        "default-src 'self'; script-src 'self'; style-src {style}; img-src 'self' data: blob:; \
         font-src 'self' data:; worker-src 'self'; connect-src 'self'{websocket}; \
         object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )
}

/// An HTML page of the build, with the security headers.
pub fn page(name: &str, styles: Styles, headers: &HeaderMap) -> Response {
    let Some(file) = WEB.get_file(name) else {
        return (StatusCode::NOT_FOUND, "page not built").into_response();
    };
    let csp = content_security_policy(headers, styles);
    let mut response = (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        file.contents(),
    )
        .into_response();
    let h = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&csp) {
        h.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}

/// `/assets/{*path}`: the pages' scripts, styles, fonts and workers. Their names carry a content
/// hash, so browsers may keep them.
pub async fn asset(UrlPath(path): UrlPath<String>) -> Response {
    if path.split('/').any(|segment| segment == "..") {
        return StatusCode::NOT_FOUND.into_response();
    }
    let Some(file) = WEB.get_file(format!("assets/{path}")) else {
        return (StatusCode::NOT_FOUND, "no such asset").into_response();
    };
    let content_type = match path.rsplit_once('.').map(|(_, ext)| ext) {
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("html") => "text/html; charset=utf-8",
        Some("json" | "map") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("woff2") => "font/woff2",
        Some("woff") => "font/woff",
        Some("ttf") => "font/ttf",
        Some("wasm") => "application/wasm",
        _ => "application/octet-stream",
    };
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        file.contents(),
    )
        .into_response()
}
