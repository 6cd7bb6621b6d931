//! The README's example queries return exactly the answers the README shows.

use serde_json::Value;

use crate::support::{EDITOR_KEY, TestApp};

/// Every ```graphql block of README.md with the ```json block that follows it.
fn examples() -> Vec<(String, Value)> {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let mut out = Vec::new();
    let mut rest = readme.as_str();
    while let Some(start) = rest.find("```graphql\n") {
        let after = &rest[start + "```graphql\n".len()..];
        let end = after.find("```").expect("a closed graphql block");
        let query = after[..end].to_owned();
        let tail = &after[end + 3..];
        let json_start = tail
            .find("```json\n")
            .expect("every example shows its answer");
        let json_body = &tail[json_start + "```json\n".len()..];
        let json_end = json_body.find("```").expect("a closed json block");
        let answer: Value =
            serde_json::from_str(&json_body[..json_end]).expect("the answer is JSON");
        out.push((query, answer));
        rest = &json_body[json_end..];
    }
    out
}

#[tokio::test]
async fn readme_examples_answer_what_the_readme_shows() {
    let examples = examples();
    assert!(
        examples.len() >= 5,
        "the README shows at least five example queries"
    );
    let t = TestApp::seeded();
    for (query, expected) in examples {
        // Mutation examples run as the editor `ed`, as the README says.
        let key = query
            .trim_start()
            .starts_with("mutation")
            .then_some(EDITOR_KEY);
        let actual = t.run_as(key, &query, Value::Null).await;
        assert_eq!(actual, expected, "README example drifted:\n{query}");
    }
}
