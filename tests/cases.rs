//! Questions as data: a case is a GraphQL query against the seeded graph and its whole expected
//! `data`, kept inline beside the query as an `expect-test` snapshot. A new case is three lines
//! (the question as a doc comment, then the test's name, the query and an empty snapshot):
//!
//! ```text
//! case!(
//!     /// a14: the article reference and the analyst's question.
//!     a14_name_of_the_case, r#"{ standard(code: "GB/T 22239-2019") { id } }"#, expect![[""]]
//! );
//! ```
//!
//! then `UPDATE_EXPECT=1 cargo test --locked --test tests a14_name_of_the_case` writes the answer into
//! the empty `expect![[...]]`; read it before committing, it is what the test now promises.
//!
//! Answers are compared whole and must be deterministic. Lists whose order the schema promises keep
//! it: every list a root field answers (search ranking, timelines, lists in their `orderBy` order),
//! a connection's `edges` and `nodes`, a path's `steps`, a standard's `editions` (oldest first), a
//! topic's `items` (id order), communities' `groups` (largest first) and `history` (oldest first).
//! Every other list (a node's typed relation fields such as `issuedBy`, its `sources`, `figures`,
//! `outcomes`) has no promised order, so the runner sorts it, by its items' JSON text, before
//! comparing: the answer does not change when the seed records the same facts in another order.

use expect_test::Expect;
use serde_json::Value;

use crate::support::TestApp;

/// A test named `$name` that runs `$query` on a freshly seeded graph and compares its whole `data`
/// with `$expected` (see the module documentation).
macro_rules! case {
    ($(#[$doc:meta])* $name:ident, $query:expr, $expected:expr $(,)?) => {
        $(#[$doc])*
        #[tokio::test]
        async fn $name() {
            $crate::cases::check($query, $expected).await;
        }
    };
}
pub(crate) use case;

/// Lists whose order the API promises, by the field that holds them (root fields keep theirs too).
const ORDERED: &[&str] = &[
    "edges", "nodes", "steps", "paths", "groups", "editions", "items", "history",
];

/// Runs `query` on the seeded graph; its `data`, with unordered lists sorted, must read `expected`.
pub async fn check(query: &str, expected: Expect) {
    let mut data = TestApp::seeded().data(query).await;
    if let Value::Object(fields) = &mut data {
        for value in fields.values_mut() {
            match value {
                Value::Array(items) => items.iter_mut().for_each(sort_unordered),
                other => sort_unordered(other),
            }
        }
    }
    expected.assert_eq(&render(&data, 0));
}

/// Sorts every list below `value` that is not held by an [`ORDERED`] field, by its items' JSON text.
fn sort_unordered(value: &mut Value) {
    match value {
        Value::Object(fields) => {
            for (field, value) in fields.iter_mut() {
                match value {
                    Value::Array(items) => {
                        items.iter_mut().for_each(sort_unordered);
                        if !ORDERED.contains(&field.as_str()) {
                            items.sort_by_cached_key(Value::to_string);
                        }
                    }
                    other => sort_unordered(other),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(sort_unordered),
        _ => {}
    }
}

/// JSON, one field or item per line, except that a list or object whose text fits in 92 columns
/// (100 in the test file, whose snapshots are indented by 8)
/// stays on one line: short answers read as they would in GraphiQL, long ones stay narrow.
fn render(value: &Value, indent: usize) -> String {
    let one_line = flat(value);
    if indent + one_line.len() <= 92 {
        return one_line;
    }
    let (items, open, close): (Vec<String>, _, _) = match value {
        Value::Array(items) => (
            items.iter().map(|v| render(v, indent + 2)).collect(),
            '[',
            ']',
        ),
        Value::Object(fields) => (
            fields
                .iter()
                .map(|(k, v)| format!("{}: {}", Value::from(k.as_str()), render(v, indent + 2)))
                .collect(),
            '{',
            '}',
        ),
        _ => return one_line,
    };
    let pad = " ".repeat(indent + 2);
    let body = items.join(&format!(",\n{pad}"));
    format!("{open}\n{pad}{body}\n{}{close}", " ".repeat(indent))
}

/// JSON on one line, with a space after each comma and colon.
fn flat(value: &Value) -> String {
    match value {
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(flat).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Object(fields) => {
            let fields: Vec<String> = fields
                .iter()
                .map(|(k, v)| format!("{}: {}", Value::from(k.as_str()), flat(v)))
                .collect();
            format!("{{{}}}", fields.join(", "))
        }
        scalar => scalar.to_string(),
    }
}
