//! Relay pagination over lists that are already filtered and ordered.
//!
//! A cursor is a keyset position, opaque to clients: the base64url of a versioned JSON array holding
//! the list's order, the sort key of the item it was taken at, and the item's stable id (node id or
//! relation id). A page after (or before) a cursor starts at the first item that sorts after (or
//! before) that position in the list as it is now, so a walk neither skips nor repeats an item that
//! stayed in the list, whatever happened to the cursor's own item in between: renamed, re-dated,
//! filtered out or deleted. Cursors of earlier versions (the base64url of the bare id) are still read,
//! as long as their item is still in the graph.

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

/// The first element of every cursor this version writes.
const CURSOR_VERSION: &str = "k1";

/// A position in an ordered list, as a cursor carries it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    /// Which order the position is in: a list's order (`name-asc`, `date-desc`, ...), `search` (a
    /// hit's rank) or `relation` (both orders of a node's relations).
    pub order: String,
    /// The item's sort key in that order, as text (empty parts where the item had none).
    pub key: Vec<String>,
    /// The item's stable id: the tie-breaker, and what older cursors held alone.
    pub id: String,
}

/// What a client's cursor says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decoded {
    /// A keyset position.
    Keyset(Cursor),
    /// A cursor of an earlier version: only the item's id. The list finds the item's position from the
    /// item as it is now, which needs the item to be still in the graph.
    Legacy(String),
}

impl Cursor {
    pub fn new(order: impl Into<String>, key: Vec<String>, id: impl Into<String>) -> Self {
        Self {
            order: order.into(),
            key,
            id: id.into(),
        }
    }

    /// The opaque text a client gets.
    pub fn encode(&self) -> String {
        let json = serde_json::json!([CURSOR_VERSION, self.order, self.key, self.id]);
        URL_SAFE_NO_PAD.encode(json.to_string())
    }

    /// The position, if this cursor was taken in `order`; a cursor of another list's order is refused.
    pub fn in_order(self, order: &str, raw: &str) -> async_graphql::Result<Self> {
        if self.order == order {
            Ok(self)
        } else {
            Err(invalid(format!(
                "cursor `{raw}` belongs to a list in another order (`{}`, not `{order}`); use the \
                 cursors of the list you are paging",
                self.order
            )))
        }
    }
}

/// Reads a cursor this server issued, of this version or an earlier one.
pub fn decode_cursor(cursor: &str) -> async_graphql::Result<Decoded> {
    let not_ours = || invalid(format!("`{cursor}` is not a cursor this server issued"));
    let text = URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .ok_or_else(not_ours)?;
    if !text.starts_with('[') {
        return Ok(Decoded::Legacy(text));
    }
    let (version, order, key, id): (String, String, Vec<String>, String) =
        serde_json::from_str(&text).map_err(|_| not_ours())?;
    if version != CURSOR_VERSION {
        return Err(invalid(format!(
            "cursor `{cursor}` is of a version this server does not read; start again from the \
             first page"
        )));
    }
    Ok(Decoded::Keyset(Cursor::new(order, key, id)))
}

/// The message for an old cursor whose item is gone, so its position cannot be found.
pub fn legacy_cursor_gone(cursor: &str, id: &str) -> async_graphql::Error {
    invalid(format!(
        "cursor `{cursor}` is of an earlier version, which holds only the id `{id}`, and that item \
         is no longer in the list; start again from the first page (cursors issued now keep \
         their place)"
    ))
}

/// Which page of a list is asked for, in Relay's terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageSize {
    pub first: Option<usize>,
    pub last: Option<usize>,
}

impl PageSize {
    /// Checks `first` and `last`; with neither, the first [`DEFAULT_PAGE_SIZE`] items.
    pub fn new(first: Option<i32>, last: Option<i32>) -> async_graphql::Result<Self> {
        let check = |name: &str, n: Option<i32>| -> async_graphql::Result<Option<usize>> {
            match n {
                None => Ok(None),
                Some(n) if n < 0 => Err(invalid(format!("`{name}` must not be negative"))),
                Some(n) if n as usize > HARD_MAX_PAGE_SIZE => Err(invalid(format!(
                    "`{name}` may be at most {HARD_MAX_PAGE_SIZE}"
                ))),
                Some(n) => Ok(Some(n as usize)),
            }
        };
        let first = check("first", first)?;
        let last = check("last", last)?;
        Ok(Self {
            first: if first.is_none() && last.is_none() {
                Some(DEFAULT_PAGE_SIZE)
            } else {
                first
            },
            last,
        })
    }
}

/// One page of a list whose items are visited by position, `0..len`, in the list's order: `item`
/// says whether the item at a position is in the list (passes its filters) and gives it. The page
/// lies between `lo` (the first position after the `after` cursor) and `hi` (the first position not
/// before the `before` cursor); Relay's `first` then `last` pick from there. `hasPreviousPage` and
/// `hasNextPage` say whether the list holds items before and after the page, whichever arguments
/// were given. With `need_total` every position is visited (to count the list); otherwise the walk
/// stops as soon as the page and its two flags are known.
pub fn keyset_page<T: Clone>(
    len: usize,
    lo: usize,
    hi: usize,
    size: PageSize,
    need_total: bool,
    mut item: impl FnMut(usize) -> async_graphql::Result<Option<T>>,
) -> async_graphql::Result<Paged<T>> {
    if need_total {
        let mut all = Vec::new();
        for pos in 0..len {
            if let Some(t) = item(pos)? {
                all.push((pos, t));
            }
        }
        let a = all.partition_point(|(p, _)| *p < lo);
        let b = all.partition_point(|(p, _)| *p < hi);
        let mut page = walk_page(all.len(), a, b, size, |i| Ok(Some(all[i].1.clone())))?;
        page.total = all.len();
        return Ok(page);
    }
    walk_page(len, lo, hi, size, item)
}

/// [`keyset_page`] without the total: walks from the range's start (or end, for `last` alone) until
/// the page and its flags are known.
fn walk_page<T>(
    len: usize,
    lo: usize,
    hi: usize,
    size: PageSize,
    mut item: impl FnMut(usize) -> async_graphql::Result<Option<T>>,
) -> async_graphql::Result<Paged<T>> {
    let hi = hi.min(len);
    let lo = lo.min(hi);
    let mut page: Vec<T> = Vec::new();
    // Items of the list found in range beyond the page; positions between the page and the range's
    // ends hold none, so each flag then only needs a look outside the range.
    let mut extra = false;
    let (has_previous_page, has_next_page) = if let Some(n) = size.first {
        for pos in lo..hi {
            if let Some(t) = item(pos)? {
                if page.len() == n {
                    extra = true;
                    break;
                }
                page.push(t);
            }
        }
        let mut before = false;
        if let Some(m) = size.last
            && page.len() > m
        {
            page.drain(..page.len() - m);
            before = true;
        }
        let before = before || any_rev(0..lo, &mut item)?;
        let after = extra || any(hi..len, &mut item)?;
        (before, after)
    } else {
        let m = size.last.expect("a page size has `first` or `last`");
        for pos in (lo..hi).rev() {
            if let Some(t) = item(pos)? {
                if page.len() == m {
                    extra = true;
                    break;
                }
                page.push(t);
            }
        }
        page.reverse();
        let before = extra || any_rev(0..lo, &mut item)?;
        let after = any(hi..len, &mut item)?;
        (before, after)
    };
    Ok(Paged {
        items: page,
        has_previous_page,
        has_next_page,
        total: 0,
    })
}

/// Whether any position in `range` holds an item of the list, looking from its start.
fn any<T>(
    range: std::ops::Range<usize>,
    item: &mut impl FnMut(usize) -> async_graphql::Result<Option<T>>,
) -> async_graphql::Result<bool> {
    for pos in range {
        if item(pos)?.is_some() {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Whether any position in `range` holds an item of the list, looking from its end.
fn any_rev<T>(
    range: std::ops::Range<usize>,
    item: &mut impl FnMut(usize) -> async_graphql::Result<Option<T>>,
) -> async_graphql::Result<bool> {
    for pos in range.rev() {
        if item(pos)?.is_some() {
            return Ok(true);
        }
    }
    Ok(false)
}

/// The slice of a list one page covers.
#[derive(Debug, PartialEq)]
pub struct Window {
    pub start: usize,
    pub end: usize,
    pub has_previous_page: bool,
    pub has_next_page: bool,
}

/// The page of `size` of a whole, unfiltered list of `len` items, without cursors.
pub fn window(len: usize, size: PageSize) -> Window {
    let (start, end) = match (size.first, size.last) {
        (Some(n), last) => {
            let end = n.min(len);
            (last.map_or(0, |m| end.saturating_sub(m)), end)
        }
        (None, Some(m)) => (len.saturating_sub(m), len),
        (None, None) => (0, DEFAULT_PAGE_SIZE.min(len)),
    };
    Window {
        start,
        end,
        has_previous_page: start > 0,
        has_next_page: end < len,
    }
}

/// What a page costs in query complexity: its fields times the items it may hold, so
/// `first: 1000` (or `last: 1000`) with nested lists is as expensive as it is.
pub fn page_cost(first: Option<i32>, last: Option<i32>, child_complexity: usize) -> usize {
    1 + page_items(first, last).saturating_mul(child_complexity)
}

/// The items a page of `first`/`last` may hold, as [`page_cost`] counts them: the larger of the two,
/// the default page size when neither is given, never more than [`HARD_MAX_PAGE_SIZE`].
pub fn page_items(first: Option<i32>, last: Option<i32>) -> usize {
    let asked = |n: Option<i32>| n.map(|n| usize::try_from(n).unwrap_or(0));
    let items = match (asked(first), asked(last)) {
        (None, None) => DEFAULT_PAGE_SIZE,
        (a, b) => a.unwrap_or(0).max(b.unwrap_or(0)),
    };
    items.min(HARD_MAX_PAGE_SIZE)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The page of `first`/`last` between cursors at positions `lo`/`hi` of a list whose items at
    /// `kept` positions pass its filters: the items and the two flags, with and without the total.
    fn page(
        len: usize,
        kept: &[usize],
        lo: usize,
        hi: usize,
        first: Option<i32>,
        last: Option<i32>,
    ) -> (Vec<usize>, bool, bool) {
        let size = PageSize::new(first, last).unwrap();
        let item = |p: usize| Ok(kept.contains(&p).then_some(p));
        let lazy = keyset_page(len, lo, hi, size, false, item).unwrap();
        let full = keyset_page(len, lo, hi, size, true, item).unwrap();
        assert_eq!(full.total, kept.len());
        let got = (lazy.items, lazy.has_previous_page, lazy.has_next_page);
        assert_eq!(
            got,
            (full.items, full.has_previous_page, full.has_next_page),
            "lazy and counted walks agree"
        );
        got
    }

    #[test]
    fn pages_forward_and_backward_with_flags() {
        let all: Vec<usize> = (0..5).collect();
        assert_eq!(
            page(5, &all, 0, 5, Some(2), None),
            (vec![0, 1], false, true)
        );
        assert_eq!(page(5, &all, 2, 5, Some(2), None), (vec![2, 3], true, true));
        assert_eq!(page(5, &all, 4, 5, Some(10), None), (vec![4], true, false));
        assert_eq!(
            page(5, &all, 0, 5, None, Some(2)),
            (vec![3, 4], true, false)
        );
        assert_eq!(page(5, &all, 0, 3, None, Some(2)), (vec![1, 2], true, true));
        assert_eq!(page(5, &all, 0, 1, None, Some(2)), (vec![0], false, true));
        assert_eq!(page(5, &all, 1, 4, Some(2), Some(1)), (vec![2], true, true));
        assert_eq!(page(5, &all, 2, 5, Some(0), None), (vec![], true, true));
        assert_eq!(page(5, &all, 5, 5, Some(3), None), (vec![], true, false));
        // Filtered lists: positions 1 and 3 are not in the list.
        let kept = [0, 2, 4];
        assert_eq!(page(5, &kept, 1, 5, Some(1), None), (vec![2], true, true));
        assert_eq!(page(5, &kept, 3, 5, Some(5), None), (vec![4], true, false));
        assert_eq!(page(5, &kept, 0, 2, None, Some(5)), (vec![0], false, true));
        assert_eq!(page(5, &[], 0, 5, Some(3), None), (vec![], false, false));
    }

    #[test]
    fn page_sizes_and_cursors_are_checked() {
        assert!(PageSize::new(Some(-1), None).is_err());
        assert!(PageSize::new(None, Some(-1)).is_err());
        assert!(PageSize::new(Some(100_001), None).is_err());
        assert_eq!(
            PageSize::new(None, None).unwrap().first,
            Some(DEFAULT_PAGE_SIZE)
        );
        let cursor = Cursor::new("name", vec!["page test 2".into()], "topic:x");
        assert_eq!(
            decode_cursor(&cursor.encode()).unwrap(),
            Decoded::Keyset(cursor)
        );
        let legacy = URL_SAFE_NO_PAD.encode("topic:x");
        assert_eq!(
            decode_cursor(&legacy).unwrap(),
            Decoded::Legacy("topic:x".into())
        );
        assert!(decode_cursor("!!").is_err());
        assert!(decode_cursor(&URL_SAFE_NO_PAD.encode(r#"["k9","name",[],"x"]"#)).is_err());
        assert!(decode_cursor(&URL_SAFE_NO_PAD.encode(r#"["k1",5]"#)).is_err());
    }

    #[test]
    fn windows_of_whole_lists() {
        let w = window(5, PageSize::new(Some(2), None).unwrap());
        assert_eq!(
            (w.start, w.end, w.has_previous_page, w.has_next_page),
            (0, 2, false, true)
        );
        let w = window(5, PageSize::new(None, Some(2)).unwrap());
        assert_eq!(
            (w.start, w.end, w.has_previous_page, w.has_next_page),
            (3, 5, true, false)
        );
        let w = window(5, PageSize::new(Some(4), Some(1)).unwrap());
        assert_eq!((w.start, w.end), (3, 4));
    }
}
