//! API keys and roles: who may read and who may write.
//!
//! Keys are random tokens handed to people and programs. stdgraph never stores a key itself, only its
//! SHA-256 digest; a presented key is hashed and compared with every configured digest in constant time
//! (no early exit, no data-dependent branch), so neither the comparison nor the position of a match
//! leaks through timing. SHA-256 rather than a slow password hash is the right tool here because keys
//! are 256-bit random values made by [`new_key`], not guessable passwords.
//!
//! Keys come from a TOML file (`[[keys]]` with `name`, `role`, `sha256`) and/or an environment variable
//! (`name:role:sha256`, comma-separated). This module does no IO: callers pass the text.

use std::fmt;
use std::str::FromStr;

use base64::Engine as _;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// What a key allows, in increasing order: each role may do everything the roles before it may.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Read the graph and subscribe to changes (needed only when reads require a key).
    Reader,
    /// Also create, update and link nodes and relations.
    Editor,
    /// Also delete nodes.
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Reader => "reader",
            Role::Editor => "editor",
            Role::Admin => "admin",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = KeyError;
    fn from_str(s: &str) -> Result<Self, KeyError> {
        match s {
            "reader" => Ok(Role::Reader),
            "editor" => Ok(Role::Editor),
            "admin" => Ok(Role::Admin),
            _ => Err(KeyError(format!(
                "unknown role `{s}` (known: reader, editor, admin)"
            ))),
        }
    }
}

/// A configured key: its holder's name, its role and the digest of the key.
#[derive(Clone, PartialEq, Eq)]
pub struct KeyEntry {
    pub name: String,
    pub role: Role,
    digest: [u8; 32],
}

impl fmt::Debug for KeyEntry {
    // The digest stays out of logs and debug output too.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyEntry")
            .field("name", &self.name)
            .field("role", &self.role)
            .finish_non_exhaustive()
    }
}

/// Who made a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Principal {
    /// The key's name; history records it as the actor.
    pub name: String,
    pub role: Role,
}

/// A malformed key configuration.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct KeyError(pub String);

/// The configured keys.
#[derive(Clone, Debug, Default)]
pub struct Keys {
    entries: Vec<KeyEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KeyFile {
    #[serde(default)]
    keys: Vec<KeyFileEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KeyFileEntry {
    name: String,
    role: Role,
    sha256: String,
}

impl Keys {
    /// Reads a key file: `[[keys]]` tables with `name`, `role` and `sha256` (hex digest of the key).
    pub fn from_toml(text: &str) -> Result<Self, KeyError> {
        let file: KeyFile =
            toml::from_str(text).map_err(|e| KeyError(format!("the key file is invalid: {e}")))?;
        let mut keys = Keys::default();
        for k in file.keys {
            keys.add(k.name, k.role, &k.sha256)?;
        }
        Ok(keys)
    }

    /// Reads `name:role:sha256` entries separated by commas (the `STDGRAPH_KEYS` variable).
    pub fn from_spec(spec: &str) -> Result<Self, KeyError> {
        let mut keys = Keys::default();
        for entry in spec.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            let mut parts = entry.splitn(3, ':');
            let (Some(name), Some(role), Some(digest)) = (parts.next(), parts.next(), parts.next())
            else {
                return Err(KeyError(format!(
                    "a key entry must read `name:role:sha256`, not `{}`",
                    redact(entry)
                )));
            };
            keys.add(name.to_owned(), role.parse()?, digest)?;
        }
        Ok(keys)
    }

    /// Adds the keys of `other`; a name may appear only once overall.
    pub fn merge(&mut self, other: Keys) -> Result<(), KeyError> {
        for e in other.entries {
            self.push(e)?;
        }
        Ok(())
    }

    fn add(&mut self, name: String, role: Role, sha256_hex: &str) -> Result<(), KeyError> {
        let name = name.trim().to_owned();
        let valid_name = !name.is_empty()
            && name.len() <= 64
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"._-@".contains(&b));
        if !valid_name {
            return Err(KeyError(format!(
                "key name `{name}` must be 1 to 64 letters, digits or `._-@`"
            )));
        }
        let digest = parse_hex_digest(sha256_hex).ok_or_else(|| {
            KeyError(format!(
                "key `{name}`: `sha256` must be 64 hex digits (the output of `stdgraph keys hash`)"
            ))
        })?;
        self.push(KeyEntry { name, role, digest })
    }

    fn push(&mut self, entry: KeyEntry) -> Result<(), KeyError> {
        if self.entries.iter().any(|e| e.name == entry.name) {
            return Err(KeyError(format!(
                "key name `{}` is configured twice",
                entry.name
            )));
        }
        if self.entries.iter().any(|e| e.digest == entry.digest) {
            return Err(KeyError(format!(
                "key `{}` has the same digest as another key",
                entry.name
            )));
        }
        self.entries.push(entry);
        Ok(())
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// The holder of `presented`, if it is a configured key. Takes the same time whichever entry
    /// matches, or none.
    pub fn authenticate(&self, presented: &str) -> Option<Principal> {
        let digest = digest(presented);
        let mut found: Option<&KeyEntry> = None;
        for entry in &self.entries {
            let matches: bool = entry.digest.ct_eq(&digest).into();
            // Digests are unique (checked on load), so at most one entry matches.
            found = if matches { Some(entry) } else { found };
        }
        found.map(|e| Principal {
            name: e.name.clone(),
            role: e.role,
        })
    }
}

/// The SHA-256 digest of a key.
pub fn digest(key: &str) -> [u8; 32] {
    Sha256::digest(key.as_bytes()).into()
}

/// The digest as lower-case hex, as key files hold it.
pub fn digest_hex(key: &str) -> String {
    digest(key).iter().map(|b| format!("{b:02x}")).collect()
}

/// A new random key: `sgk_` and 32 random bytes in base64url (256 bits of entropy).
pub fn new_key() -> Result<String, KeyError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|e| KeyError(format!("the system has no randomness to offer: {e}")))?;
    Ok(format!(
        "sgk_{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    ))
}

/// The key in an `Authorization` header value: `Bearer <key>` (the scheme is case-insensitive).
pub fn bearer(header: &str) -> Option<&str> {
    let (scheme, key) = header.trim().split_once(' ')?;
    let key = key.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !key.is_empty()).then_some(key)
}

pub(crate) fn parse_hex_digest(s: &str) -> Option<[u8; 32]> {
    let s = s.trim();
    if s.len() != 64 || !s.is_ascii() {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(out)
}

/// An entry with everything but its name hidden, for error messages (it may hold a pasted key).
fn redact(entry: &str) -> String {
    match entry.split_once(':') {
        Some((name, _)) => format!("{name}:…"),
        None => "…".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_authenticate_by_digest_only() {
        let key = new_key().unwrap();
        assert!(key.starts_with("sgk_") && key.len() > 40);
        let file = format!(
            "[[keys]]\nname = \"alice\"\nrole = \"editor\"\nsha256 = \"{}\"\n",
            digest_hex(&key)
        );
        let keys = Keys::from_toml(&file).unwrap();
        assert_eq!(
            keys.authenticate(&key),
            Some(Principal {
                name: "alice".into(),
                role: Role::Editor
            })
        );
        assert_eq!(keys.authenticate("sgk_wrong"), None);
        assert!(!format!("{keys:?}").contains(&digest_hex(&key)));
    }

    #[test]
    fn spec_entries_and_their_errors() {
        let spec = format!(
            "ops:admin:{}, bot:reader:{}",
            digest_hex("a"),
            digest_hex("b")
        );
        let keys = Keys::from_spec(&spec).unwrap();
        assert_eq!(keys.authenticate("a").unwrap().role, Role::Admin);
        assert_eq!(keys.authenticate("b").unwrap().name, "bot");
        assert!(Keys::from_spec("ops:root:00").is_err());
        assert!(Keys::from_spec("ops:admin:xyz").is_err());
        let twice = format!("x:admin:{0},x:reader:{0}", digest_hex("a"));
        assert!(Keys::from_spec(&twice).is_err());
        let err = Keys::from_spec("secretvalue").unwrap_err();
        assert!(!err.0.contains("secretvalue"), "{err}");
    }

    #[test]
    fn bearer_header() {
        assert_eq!(bearer("Bearer abc"), Some("abc"));
        assert_eq!(bearer("bearer  abc "), Some("abc"));
        assert_eq!(bearer("Basic abc"), None);
        assert_eq!(bearer("Bearer"), None);
        assert!(Role::Admin > Role::Editor && Role::Editor > Role::Reader);
    }
}
