//! Talking to a Wikibase API (Wikidata's by default): `wbgetentities`,
//! batched, and `wbsearchentities`. Each answer is kept in the cache
//! folder; offline, only kept answers are read.
//!
//! Requests name newsls and its version in `User-Agent`, as Wikimedia's
//! policy asks, and give up after the timeout (10 s by default). A 429 or
//! 503 is retried after the wait its `Retry-After` asks, a few times. Any
//! failure is an [`Error`] that names what was asked and what went wrong.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use serde_json::Value;

/// Wikidata's API.
pub const DEFAULT_ENDPOINT: &str = "https://www.wikidata.org/w/api.php";
/// The most ids `wbgetentities` takes in one request.
pub const BATCH: usize = 50;
/// How long one request may take.
pub const TIMEOUT: Duration = Duration::from_secs(10);
/// How many times a 429 or 503 is asked again.
const RETRIES: u32 = 3;
/// The longest `Retry-After` waited for; a longer one fails at once.
const LONGEST_WAIT: Duration = Duration::from_secs(60);
/// An answer bigger than this is refused (a batch of 50 items is a few MB).
const LARGEST_ANSWER: u64 = 256 * 1024 * 1024;

/// What identifies newsls to the servers it asks.
pub fn user_agent() -> String {
    format!(
        "newsls/{} (a language server for annotated news documents)",
        env!("CARGO_PKG_VERSION")
    )
}

/// How to reach the API.
#[derive(Clone, Debug)]
pub struct Options {
    pub endpoint: String,
    pub timeout: Duration,
    /// Where answers are kept; `None` keeps none.
    pub cache: Option<PathBuf>,
    /// Read kept answers only; never ask the network.
    pub offline: bool,
}

impl Options {
    /// Wikidata's API or `endpoint`, the cache in newsls's cache folder.
    pub fn new(endpoint: Option<&str>, offline: bool) -> Options {
        Options {
            endpoint: endpoint.unwrap_or(DEFAULT_ENDPOINT).to_string(),
            timeout: TIMEOUT,
            cache: crate::workspace::cache::folder().map(|f| f.join("wikidata")),
            offline,
        }
    }
}

/// Why an answer could not be had.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Error {
    /// The server answered with an HTTP error status.
    Status {
        what: String,
        status: u16,
        retried: u32,
    },
    /// No answer within the timeout.
    Timeout { what: String, seconds: u64 },
    /// The server could not be reached, or the answer not read.
    Network { what: String, message: String },
    /// The answer is not the JSON the API gives.
    Malformed { what: String, message: String },
    /// The API knows no item with this id.
    Missing { id: String },
    /// The API answered with an error of its own.
    Api {
        what: String,
        code: String,
        info: String,
    },
    /// Offline, and the answer was never kept.
    NotCached { what: String },
    /// `Retry-After` asks for a longer wait than newsls makes.
    WaitTooLong { what: String, seconds: u64 },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Status {
                what,
                status,
                retried,
            } => {
                write!(f, "{what}: the server answered HTTP {status}")?;
                if *retried > 0 {
                    write!(f, " (after {retried} retries)")?;
                }
                Ok(())
            }
            Error::Timeout { what, seconds } => {
                write!(f, "{what}: no answer within {seconds} s")
            }
            Error::Network { what, message } => write!(f, "{what}: {message}"),
            Error::Malformed { what, message } => {
                write!(f, "{what}: the answer is not the API's JSON ({message})")
            }
            Error::Missing { id } => write!(f, "Wikidata has no item {id}"),
            Error::Api { what, code, info } => {
                write!(f, "{what}: the API answered `{code}`: {info}")
            }
            Error::NotCached { what } => write!(
                f,
                "{what}: not in the cache, and --offline asks nothing of the network"
            ),
            Error::WaitTooLong { what, seconds } => write!(
                f,
                "{what}: the server asks to wait {seconds} s before asking again; try later"
            ),
        }
    }
}

impl std::error::Error for Error {}

/// One result of `wbsearchentities`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    pub id: String,
    pub label: Option<String>,
    pub description: Option<String>,
}

/// A client for one endpoint.
pub struct Client {
    agent: ureq::Agent,
    options: Options,
}

impl Client {
    pub fn new(options: Options) -> Client {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(options.timeout))
            .http_status_as_error(false)
            .user_agent(user_agent())
            .build()
            .into();
        Client { agent, options }
    }

    pub fn endpoint(&self) -> &str {
        &self.options.endpoint
    }

    /// The entities `ids` (`props` and `languages` as `wbgetentities`
    /// takes them: `labels|descriptions|aliases|claims`, `en|fr`), by id,
    /// at most [`BATCH`] a request. An id the API does not know fails the
    /// whole call.
    pub fn entities(
        &self,
        ids: &[String],
        props: &str,
        languages: &[String],
    ) -> Result<BTreeMap<String, Value>, Error> {
        let mut found = BTreeMap::new();
        for batch in ids.chunks(BATCH) {
            let joined = batch.join("|");
            let what = format!("fetching {} from {}", batch.join(", "), self.host());
            let params = [
                ("action", "wbgetentities"),
                ("format", "json"),
                ("ids", joined.as_str()),
                ("props", props),
                ("languages", &languages.join("|")),
            ];
            let answer = self.get(&params, &what)?;
            if let Some(error) = answer.get("error") {
                return Err(api_error(error, &what, batch));
            }
            let Some(entities) = answer.get("entities").and_then(Value::as_object) else {
                return Err(Error::Malformed {
                    what,
                    message: "no `entities`".into(),
                });
            };
            for id in batch {
                match entities.get(id) {
                    Some(entity) if entity.get("missing").is_none() => {
                        found.insert(id.clone(), entity.clone());
                    }
                    _ => return Err(Error::Missing { id: id.clone() }),
                }
            }
        }
        Ok(found)
    }

    /// Items whose label or alias matches `text` in `language`, best first.
    pub fn search(&self, text: &str, language: &str, limit: usize) -> Result<Vec<Hit>, Error> {
        let what = format!("searching {} for “{text}”", self.host());
        let limit = limit.to_string();
        let params = [
            ("action", "wbsearchentities"),
            ("format", "json"),
            ("type", "item"),
            ("search", text),
            ("language", language),
            ("uselang", language),
            ("limit", limit.as_str()),
        ];
        let answer = self.get(&params, &what)?;
        if let Some(error) = answer.get("error") {
            return Err(api_error(error, &what, &[]));
        }
        let Some(hits) = answer.get("search").and_then(Value::as_array) else {
            return Err(Error::Malformed {
                what,
                message: "no `search` list".into(),
            });
        };
        let text_of =
            |hit: &Value, key: &str| hit.get(key).and_then(Value::as_str).map(String::from);
        Ok(hits
            .iter()
            .filter_map(|hit| {
                Some(Hit {
                    id: text_of(hit, "id")?,
                    label: text_of(hit, "label"),
                    description: text_of(hit, "description"),
                })
            })
            .collect())
    }

    /// The host named in messages.
    fn host(&self) -> &str {
        let endpoint = &self.options.endpoint;
        let rest = endpoint
            .split_once("://")
            .map_or(endpoint.as_str(), |(_, r)| r);
        rest.split('/').next().unwrap_or(rest)
    }

    /// The request's URL, which is also its key in the cache.
    fn url(&self, params: &[(&str, &str)]) -> String {
        let mut url = self.options.endpoint.clone();
        for (i, (key, value)) in params.iter().enumerate() {
            url.push(if i == 0 && !url.contains('?') {
                '?'
            } else {
                '&'
            });
            url.push_str(key);
            url.push('=');
            url.push_str(&encode(value));
        }
        url
    }

    fn cache_file(&self, url: &str) -> Option<PathBuf> {
        let folder = self.options.cache.as_ref()?;
        let key = xxhash_rust::xxh3::xxh3_128(url.as_bytes());
        Some(folder.join(format!("{key:032x}.json")))
    }

    /// The answer to `params` as JSON: from the cache offline, else from
    /// the network (then kept).
    fn get(&self, params: &[(&str, &str)], what: &str) -> Result<Value, Error> {
        let url = self.url(params);
        let cached = self.cache_file(&url);
        if self.options.offline {
            let text = cached
                .and_then(|file| std::fs::read_to_string(file).ok())
                .ok_or_else(|| Error::NotCached { what: what.into() })?;
            return parse(&text, what);
        }
        let text = self.fetch(&url, what)?;
        let value = parse(&text, what)?;
        if value.get("error").is_none()
            && let Some(file) = cached
        {
            // A cache that cannot be written only costs the next offline run.
            let _ = keep(&file, &text);
        }
        Ok(value)
    }

    /// The body of a GET of `url`, retrying 429 and 503 as `Retry-After`
    /// asks.
    fn fetch(&self, url: &str, what: &str) -> Result<String, Error> {
        let mut retried = 0;
        loop {
            let mut response = match self.agent.get(url).call() {
                Ok(response) => response,
                Err(error) => return Err(self.transport_error(error, what)),
            };
            let status = response.status().as_u16();
            if status == 429 || status == 503 {
                let wait = retry_after(&response);
                if wait > LONGEST_WAIT {
                    return Err(Error::WaitTooLong {
                        what: what.into(),
                        seconds: wait.as_secs(),
                    });
                }
                if retried < RETRIES {
                    retried += 1;
                    std::thread::sleep(wait);
                    continue;
                }
            }
            if !(200..300).contains(&status) {
                return Err(Error::Status {
                    what: what.into(),
                    status,
                    retried,
                });
            }
            return response
                .body_mut()
                .with_config()
                .limit(LARGEST_ANSWER)
                .read_to_string()
                .map_err(|error| self.transport_error(error, what));
        }
    }

    fn transport_error(&self, error: ureq::Error, what: &str) -> Error {
        match error {
            ureq::Error::Timeout(_) => Error::Timeout {
                what: what.into(),
                seconds: self.options.timeout.as_secs().max(1),
            },
            ureq::Error::Io(ref io) if io.kind() == std::io::ErrorKind::TimedOut => {
                Error::Timeout {
                    what: what.into(),
                    seconds: self.options.timeout.as_secs().max(1),
                }
            }
            other => Error::Network {
                what: what.into(),
                message: other.to_string(),
            },
        }
    }
}

/// The wait a 429 or 503 asks for: `Retry-After` in seconds (an HTTP date
/// or nothing: one second).
fn retry_after(response: &ureq::http::Response<ureq::Body>) -> Duration {
    response
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map_or(Duration::from_secs(1), Duration::from_secs)
}

fn parse(text: &str, what: &str) -> Result<Value, Error> {
    match serde_json::from_str::<Value>(text) {
        Ok(value) if value.is_object() => Ok(value),
        Ok(_) => Err(Error::Malformed {
            what: what.into(),
            message: "not a JSON object".into(),
        }),
        Err(error) => Err(Error::Malformed {
            what: what.into(),
            message: error.to_string(),
        }),
    }
}

/// The API's own error: `no-such-entity` names the missing id.
fn api_error(error: &Value, what: &str, asked: &[String]) -> Error {
    let text = |key: &str| {
        error
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let code = text("code");
    if code == "no-such-entity" {
        // The answer names the id; else it is one of those asked.
        let named = error.get("id").and_then(Value::as_str);
        let id = match named {
            Some(id) if asked.iter().any(|a| a == id) => id.to_string(),
            _ if asked.len() == 1 => asked.join(""),
            _ => format!("among {}", asked.join(", ")),
        };
        return Error::Missing { id };
    }
    Error::Api {
        what: what.into(),
        code,
        info: text("info"),
    }
}

/// Writes a kept answer whole: a temporary file renamed over the old one.
fn keep(file: &std::path::Path, text: &str) -> std::io::Result<()> {
    if let Some(folder) = file.parent() {
        std::fs::create_dir_all(folder)?;
    }
    crate::wikidata::write_whole(file, text)
}

/// Percent-encodes a query value (RFC 3986 unreserved characters stay).
fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_values_are_percent_encoded() {
        assert_eq!(encode("Q1|Q2"), "Q1%7CQ2");
        assert_eq!(encode("Václav Havel"), "V%C3%A1clav%20Havel");
    }

    #[test]
    fn user_agent_names_newsls_and_its_version() {
        assert!(user_agent().starts_with(&format!("newsls/{} (", env!("CARGO_PKG_VERSION"))));
    }
}
