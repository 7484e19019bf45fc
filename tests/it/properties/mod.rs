//! What the fuzz targets check, one function per target, each saying what
//! is wrong with one input (`Err`) or nothing (`Ok`). Shared by the
//! property tests (`tests/it/fuzz.rs`, random inputs from proptest) and the
//! coverage-guided targets (`fuzz/`, inputs from libFuzzer), so both check
//! the same thing.

use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::str::FromStr;
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll};

use newsls::ide;
use newsls::server::convert::{Encoding, from_proto, to_proto};
use newsls::server::state::Host;
use newsls::server::transport;
use newsls::syntax::{self, LineIndex, TextRange};
use newsls::workspace::{File, Workspace};
use tokio::io::{AsyncRead, ReadBuf};
use tower_lsp_server::ls_types::{Position, Range, TextDocumentContentChangeEvent, Uri};

pub type Outcome = Result<(), String>;

fn check(holds: bool, what: impl FnOnce() -> String) -> Outcome {
    if holds { Ok(()) } else { Err(what()) }
}

fn encoding(utf8: bool) -> Encoding {
    if utf8 {
        Encoding::Utf8
    } else {
        Encoding::Utf16
    }
}

fn in_text(text: &str, range: TextRange) -> bool {
    range.start <= range.end
        && range.end <= text.len()
        && text.is_char_boundary(range.start)
        && text.is_char_boundary(range.end)
}

/// The parser: never panics, and every range it gives lies in the text,
/// on character boundaries.
pub fn parser(text: &str) -> Outcome {
    let (doc, errors) = syntax::parse(text);
    for error in &errors {
        check(in_text(text, error.range), || format!("{error:?}"))?;
    }
    for mention in &doc.mentions {
        check(
            in_text(text, mention.range) && in_text(text, mention.id_range),
            || format!("{mention:?}"),
        )?;
    }
    for def in &doc.entities {
        check(in_text(text, def.key) && in_text(text, def.range), || {
            format!("{def:?}")
        })?;
    }
    for range in &doc.prose {
        check(in_text(text, *range), || format!("prose {range:?}"))?;
    }
    Ok(())
}

/// `offset` floored to where an LSP position can be: a character
/// boundary, not between the `\r` and `\n` of one line break.
fn position_boundary(text: &str, offset: usize) -> usize {
    let offset = syntax::floor_char_boundary(text, offset);
    let bytes = text.as_bytes();
    if offset > 0 && bytes.get(offset - 1) == Some(&b'\r') && bytes.get(offset) == Some(&b'\n') {
        offset - 1
    } else {
        offset
    }
}

/// Position conversion, both ways: walking the text once and counting
/// lines (ended by `\n`, `\r\n` or a lone `\r`) and code units, every
/// byte offset converts to the position counted there (an offset inside a
/// character or a `\r\n`, to that of its start) and that position back
/// to the offset (its start); past the end is the end; and any position,
/// however far out, lands on a character boundary.
pub fn positions(text: &str, positions: &[(u32, u32)], utf8: bool) -> Outcome {
    let encoding = encoding(utf8);
    let lines = LineIndex::new(text);
    let agree = |start: usize, end: usize, counted: Position| -> Outcome {
        for offset in start..end.max(start + 1) {
            let position = to_proto::position(&lines, text, offset, encoding);
            check(position == counted, || {
                format!("offset {offset} → {position:?}, counted {counted:?}")
            })?;
        }
        let back = from_proto::offset(&lines, text, counted, encoding);
        check(back == start, || {
            format!("{counted:?} → offset {back}, not {start}")
        })
    };
    let mut counted = Position::new(0, 0);
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        let mut end = start + c.len_utf8();
        if c == '\r' && chars.next_if(|&(_, next)| next == '\n').is_some() {
            end += 1;
        }
        agree(start, end, counted)?;
        if c == '\r' || c == '\n' {
            counted = Position::new(counted.line + 1, 0);
        } else {
            counted.character += if utf8 { c.len_utf8() } else { c.len_utf16() } as u32;
        }
    }
    agree(text.len(), text.len() + 2, counted)?;
    for &(line, character) in positions {
        let position = Position { line, character };
        let offset = from_proto::offset(&lines, text, position, encoding);
        check(
            offset <= text.len() && text.is_char_boundary(offset),
            || format!("{position:?} → offset {offset}, not a boundary"),
        )?;
    }
    Ok(())
}

/// One content change of a `didChange` notification.
#[derive(Clone, Debug)]
pub struct Edit {
    /// The second document rather than the first.
    pub second: bool,
    /// Where, as a fraction of the text (out of 65536).
    pub at: u16,
    /// How many bytes it replaces (moved to boundaries).
    pub len: u16,
    pub text: String,
    /// The whole text replaced (a change without a range).
    pub whole: bool,
    /// Sent in the same notification as the edit before it (to the same
    /// document).
    pub joined: bool,
}

const ROOT: &str = "/ws";
const DOCUMENTS: [&str; 2] = ["/ws/a.news.md", "/ws/b.news.md"];

/// Edits applied incrementally, as the server applies them: two documents
/// open in the server's host, content changes sent as an editor sends them
/// (LSP ranges in UTF-8 or UTF-16). After each notification the host holds
/// the text a plain string edit gives; at the end, its workspace (updated
/// edit by edit) answers exactly as one built fresh from the final texts.
pub fn incremental_edits(texts: [&str; 2], edits: &[Edit], utf8: bool) -> Outcome {
    let encoding = encoding(utf8);
    let paths = DOCUMENTS.map(PathBuf::from);
    let mut host = Host::default();
    host.workspace = Workspace::new(vec![PathBuf::from(ROOT)]);
    host.encoding = encoding;
    let mut expected = texts.map(str::to_string);
    for (n, path) in paths.iter().enumerate() {
        let uri = Uri::from_str(&format!("file://{}", path.display()))
            .map_err(|e| format!("a test URI: {e}"))?;
        host.did_open(path.clone(), uri, expected[n].clone(), 0);
    }
    let mut version = 0;
    let mut pending: Option<(usize, Vec<TextDocumentContentChangeEvent>)> = None;
    for edit in edits {
        let doc = usize::from(edit.second);
        if !edit.joined || pending.as_ref().is_some_and(|(d, _)| *d != doc) {
            send(&mut host, &paths, &mut version, pending.take(), &expected)?;
        }
        let text = &mut expected[doc];
        let change = if edit.whole {
            text.clone_from(&edit.text);
            TextDocumentContentChangeEvent {
                range: None,
                range_length: None,
                text: edit.text.clone(),
            }
        } else {
            let start = position_boundary(text, usize::from(edit.at) * text.len() / 65536);
            let end = position_boundary(text, (start + usize::from(edit.len)).min(text.len()));
            let lines = LineIndex::new(text);
            let range = Range {
                start: to_proto::position(&lines, text, start, encoding),
                end: to_proto::position(&lines, text, end, encoding),
            };
            text.replace_range(start..end, &edit.text);
            TextDocumentContentChangeEvent {
                range: Some(range),
                range_length: None,
                text: edit.text.clone(),
            }
        };
        pending
            .get_or_insert_with(|| (doc, Vec::new()))
            .1
            .push(change);
    }
    send(&mut host, &paths, &mut version, pending.take(), &expected)?;

    let mut fresh = Workspace::new(vec![PathBuf::from(ROOT)]);
    for (path, text) in paths.iter().zip(&expected) {
        fresh.insert(File::new(Arc::from(path.as_path()), text.clone()));
    }
    for (path, text) in paths.iter().zip(&expected) {
        let live = answers(&host.workspace, path, text);
        let from_scratch = answers(&fresh, path, text);
        check(live == from_scratch, || {
            format!(
                "{}: incrementally {live:#?}\nfresh {from_scratch:#?}",
                path.display()
            )
        })?;
    }
    Ok(())
}

/// Sends one `didChange` notification, then checks the host's text.
fn send(
    host: &mut Host,
    paths: &[PathBuf; 2],
    version: &mut i32,
    notification: Option<(usize, Vec<TextDocumentContentChangeEvent>)>,
    expected: &[String; 2],
) -> Outcome {
    let Some((doc, changes)) = notification else {
        return Ok(());
    };
    *version += 1;
    let (path, expected) = (&paths[doc], &expected[doc]);
    check(host.did_change(path, *version, changes), || {
        format!("{} is not open", path.display())
    })?;
    let text = host.text(path);
    check(text == Some(expected.as_str()), || {
        format!("the host has {text:?}, the edits give {expected:?}")
    })
}

/// What the features answer in one document: its diagnostics, and hover
/// and definition at offsets spread over it.
fn answers(workspace: &Workspace, path: &Path, text: &str) -> Vec<String> {
    let mut out: Vec<String> = ide::diagnostics::collect(workspace, path)
        .iter()
        .map(|d| format!("{d:?}"))
        .collect();
    let step = (text.len() / 32).max(1);
    for offset in (0..=text.len()).step_by(step) {
        if let Some(hover) = ide::hover::find(workspace, path, offset) {
            out.push(format!(
                "hover {offset}: {:?} {:?}",
                hover.range, hover.markdown
            ));
        }
        for location in ide::definition::find(workspace, path, offset) {
            out.push(format!("definition {offset}: {location:?}"));
        }
    }
    out
}

/// The transport's framing: whatever bytes the client sends, what reaches
/// tower-lsp-server is well framed JSON-RPC 2.0 only, what the client gets
/// back is well framed -32700/-32600 errors only, and both are the same
/// however the input is split into reads (`chunk` bytes at a time).
pub fn framing(input: &[u8], chunk: usize) -> Outcome {
    let whole = filter(input, usize::MAX);
    let (to_server, answers) = &whole;
    for body in frames(to_server)? {
        let value: serde_json::Value = serde_json::from_slice(&body)
            .map_err(|e| format!("passed on a body that is not JSON: {e}"))?;
        check(value["jsonrpc"] == "2.0", || format!("passed on {value}"))?;
    }
    for body in frames(answers)? {
        let value: serde_json::Value = serde_json::from_slice(&body)
            .map_err(|e| format!("answered a body that is not JSON: {e}"))?;
        let code = value["error"]["code"].as_i64().unwrap_or(0);
        check(code == -32700 || code == -32600, || {
            format!("answered {value}")
        })?;
    }
    let split = filter(input, chunk.max(1));
    check(split == whole, || {
        format!("read {chunk} bytes at a time, the transport passed on or answered otherwise")
    })
}

/// The transport's filter on `input`, read `chunk` bytes at a time, with
/// small limits (a header line of 1 KiB, a body of 4 KiB) so inputs reach
/// them: what it passes on to the server, and what it answers.
fn filter(input: &[u8], chunk: usize) -> (Vec<u8>, Vec<u8>) {
    static RUNTIME: OnceLock<Option<tokio::runtime::Runtime>> = OnceLock::new();
    let Some(runtime) = RUNTIME
        .get_or_init(|| tokio::runtime::Builder::new_current_thread().build().ok())
        .as_ref()
    else {
        return (Vec::new(), Vec::new());
    };
    let mut to_server = Vec::new();
    let client = Arc::new(tokio::sync::Mutex::new(Vec::new()));
    runtime.block_on(transport::filter_with(
        Chunked {
            bytes: input,
            chunk,
        },
        &mut to_server,
        client.clone(),
        1024,
        4096,
    ));
    let answers = runtime.block_on(async { client.lock().await.clone() });
    (to_server, answers)
}

/// A reader that gives at most `chunk` bytes per read.
struct Chunked<'a> {
    bytes: &'a [u8],
    chunk: usize,
}

impl AsyncRead for Chunked<'_> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let n = self.chunk.min(buf.remaining()).min(self.bytes.len());
        let (now, later) = self.bytes.split_at(n);
        buf.put_slice(now);
        self.bytes = later;
        Poll::Ready(Ok(()))
    }
}

/// Splits `bytes` into frame bodies, failing on any frame that is not
/// `Content-Length: N\r\n\r\n` and N bytes.
fn frames(mut bytes: &[u8]) -> Result<Vec<Vec<u8>>, String> {
    let mut out = Vec::new();
    while !bytes.is_empty() {
        let header_end = bytes
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .ok_or("a frame without a header end")?;
        let header = std::str::from_utf8(&bytes[..header_end])
            .map_err(|_| "a header that is not UTF-8".to_string())?;
        let length: usize = header
            .strip_prefix("Content-Length: ")
            .and_then(|n| n.parse().ok())
            .ok_or_else(|| format!("a bad header {header:?}"))?;
        let body = bytes
            .get(header_end + 4..header_end + 4 + length)
            .ok_or("a short body")?;
        out.push(body.to_vec());
        bytes = &bytes[header_end + 4 + length..];
    }
    Ok(out)
}
