//! Relay pagination over lists that are already filtered and ordered.
//!
//! A cursor is the base64url of the item's stable id (node id or relation id), so a cursor keeps its
//! meaning across writes as long as its item stays in the list; when it does not, the client gets a
//! clear `INVALID_INPUT` rather than a silently shifted page.

use async_graphql::connection::{Connection, ConnectionNameType, CursorType, EdgeNameType};
use async_graphql::{ObjectType, OutputType, SimpleObject};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use super::error::invalid;

/// Items per page when `first` is not given.
pub const DEFAULT_PAGE_SIZE: usize = 50;
/// The largest `first` a client may ask for by default (`--max-page-size` changes it).
pub const MAX_PAGE_SIZE: usize = 1000;
/// The largest `first` any configuration allows.
pub const HARD_MAX_PAGE_SIZE: usize = 100_000;

/// Connection-level fields shared by every connection.
#[derive(SimpleObject)]
pub struct TotalCount {
    /// Number of items in the whole filtered list, not just this page.
    pub total_count: usize,
}

/// One page of a list before it becomes a connection: the items shown, whether the list goes on
/// before and after them, and how long the whole list is. Resolvers wrap it in a `Connection`;
/// compiled plans (`api::plan`) write it out directly.
pub struct Paged<T> {
    pub items: Vec<T>,
    pub has_previous_page: bool,
    pub has_next_page: bool,
    pub total: usize,
}

impl<T> Paged<T> {
    /// The page `w` of the whole list `all`.
    pub fn of(mut all: Vec<T>, w: Window) -> Self {
        let total = all.len();
        all.truncate(w.end);
        all.drain(..w.start);
        Self::windowed(all, &w, total)
    }

    /// The items of window `w`, already picked out of a list of `total`.
    pub fn windowed(items: Vec<T>, w: &Window, total: usize) -> Self {
        Self {
            items,
            has_previous_page: w.has_previous_page,
            has_next_page: w.has_next_page,
            total,
        }
    }

    /// An empty connection with this page's flags and total, for the caller to fill with edges.
    pub fn connection<Cursor, Node, EdgeFields, Name, EdgeName>(
        &self,
    ) -> Connection<Cursor, Node, TotalCount, EdgeFields, Name, EdgeName>
    where
        Cursor: CursorType + Send + Sync,
        Node: OutputType,
        EdgeFields: ObjectType,
        Name: ConnectionNameType,
        EdgeName: EdgeNameType,
    {
        Connection::with_additional_fields(
            self.has_previous_page,
            self.has_next_page,
            TotalCount {
                total_count: self.total,
            },
        )
    }
}

pub fn encode_cursor(id: &str) -> String {
    URL_SAFE_NO_PAD.encode(id)
}

pub fn decode_cursor(cursor: &str) -> async_graphql::Result<String> {
    URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .ok_or_else(|| invalid(format!("`{cursor}` is not a cursor this server issued")))
}

/// The slice of a list one page covers.
#[derive(Debug, PartialEq)]
pub struct Window {
    pub start: usize,
    pub end: usize,
    pub has_previous_page: bool,
    pub has_next_page: bool,
}

/// What a page costs in query complexity: its fields times the items it may hold, so
/// `first: 1000` with nested lists is as expensive as it is.
pub fn page_cost(first: Option<i32>, child_complexity: usize) -> usize {
    let items = first.map_or(DEFAULT_PAGE_SIZE, |n| usize::try_from(n).unwrap_or(0));
    1 + items
        .min(HARD_MAX_PAGE_SIZE)
        .saturating_mul(child_complexity)
}

/// Computes the page after `after` of at most `first` items of a list of `len` items whose ids `id_at`
/// gives.
pub fn window<'a>(
    len: usize,
    id_at: impl Fn(usize) -> &'a str,
    first: Option<i32>,
    after: Option<&str>,
) -> async_graphql::Result<Window> {
    let size = match first {
        None => DEFAULT_PAGE_SIZE,
        Some(n) if n < 0 => return Err(invalid("`first` must not be negative")),
        Some(n) if n as usize > HARD_MAX_PAGE_SIZE => {
            return Err(invalid(format!(
                "`first` may be at most {HARD_MAX_PAGE_SIZE}"
            )));
        }
        Some(n) => n as usize,
    };
    let start = match after {
        None => 0,
        Some(cursor) => {
            let id = decode_cursor(cursor)?;
            let pos = (0..len).find(|&i| id_at(i) == id).ok_or_else(|| {
                invalid(format!(
                    "cursor `{cursor}` points at `{id}`, which is no longer in this list"
                ))
            })?;
            pos + 1
        }
    };
    let end = (start + size).min(len);
    Ok(Window {
        start,
        end,
        has_previous_page: start > 0,
        has_next_page: end < len,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_follow_cursors() {
        let ids = ["a", "b", "c", "d", "e"];
        let w = window(5, |i| ids[i], Some(2), None).unwrap();
        assert_eq!(
            w,
            Window {
                start: 0,
                end: 2,
                has_previous_page: false,
                has_next_page: true
            }
        );
        let w = window(5, |i| ids[i], Some(2), Some(&encode_cursor("b"))).unwrap();
        assert_eq!((w.start, w.end), (2, 4));
        let w = window(5, |i| ids[i], Some(10), Some(&encode_cursor("d"))).unwrap();
        assert_eq!((w.start, w.end, w.has_next_page), (4, 5, false));
        assert!(window(5, |i| ids[i], Some(2), Some(&encode_cursor("zz"))).is_err());
        assert!(window(5, |i| ids[i], Some(2), Some("!!")).is_err());
        assert!(window(5, |i| ids[i], Some(-1), None).is_err());
        assert!(window(5, |i| ids[i], Some(100_001), None).is_err());
    }
}
