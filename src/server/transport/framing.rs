//! Reading `Content-Length` frames from a byte stream that may be broken.
//!
//! A client's frames follow each other with nothing in between, so after a
//! wrong length the next header is glued to the end of a body, not at a
//! line start. [`FrameReader`] resynchronises: garbage before a
//! `Content-Length:` header is dropped (with a log line), and a body that
//! is not JSON but holds such a header is cut there and the rest read
//! again, so the message after a too-long length is not lost.
//!
//! Memory is bounded: a header line is at most [`MAX_HEADER_LINE`] bytes,
//! and a body over [`MAX_BODY`] is read and discarded, never buffered.

use tokio::io::{AsyncRead, AsyncReadExt};

use crate::server::log_warning;

/// No header line of a real client is this long.
pub const MAX_HEADER_LINE: usize = 8 * 1024;
/// Bodies longer than this are discarded unread. Documents over 16 MiB
/// are not analysed anyway; this leaves room for their JSON escaping.
pub const MAX_BODY: u64 = 64 * 1024 * 1024;
/// How much is read from the input at a time.
const CHUNK: usize = 64 * 1024;
const CONTENT_LENGTH: &[u8] = b"content-length:";

/// One frame of the input.
#[derive(Debug, PartialEq, Eq)]
pub enum Frame {
    /// A body, exactly as long as its header said.
    Body(Vec<u8>),
    /// A body over [`MAX_BODY`] bytes, read and dropped.
    TooLarge(u64),
}

/// Reads frames from `inner`, keeping what it read ahead in its own
/// buffer (so bytes can be put back when resynchronising).
pub struct FrameReader<R> {
    inner: R,
    buffer: Vec<u8>,
    /// Where the unread part of `buffer` starts.
    start: usize,
    /// Limits; fields so tests can make them small.
    max_header_line: usize,
    max_body: u64,
}

enum Line {
    Complete(Vec<u8>),
    TooLong,
}

impl<R: AsyncRead + Unpin> FrameReader<R> {
    pub fn new(inner: R) -> Self {
        Self::with_limits(inner, MAX_HEADER_LINE, MAX_BODY)
    }

    pub fn with_limits(inner: R, max_header_line: usize, max_body: u64) -> Self {
        FrameReader {
            inner,
            buffer: Vec::new(),
            start: 0,
            max_header_line,
            max_body,
        }
    }

    fn unread(&self) -> &[u8] {
        self.buffer.get(self.start..).unwrap_or_default()
    }

    fn consume(&mut self, n: usize) {
        self.start = (self.start + n).min(self.buffer.len());
        if self.start == self.buffer.len() {
            self.buffer.clear();
            self.start = 0;
        }
    }

    /// Reads more input into the buffer; `false` at the end of the input.
    async fn fill(&mut self) -> std::io::Result<bool> {
        if self.start > 0 {
            self.buffer.drain(..self.start);
            self.start = 0;
        }
        // Into spare capacity: a read of a few bytes (a pipe gives what
        // it holds) costs a few bytes, not a chunk of zeroes.
        self.buffer.reserve(CHUNK);
        let read = self.inner.read_buf(&mut self.buffer).await?;
        Ok(read > 0)
    }

    /// Puts `bytes` back in front of the unread input.
    fn put_back(&mut self, bytes: &[u8]) {
        let mut buffer = bytes.to_vec();
        buffer.extend_from_slice(self.unread());
        self.buffer = buffer;
        self.start = 0;
    }

    /// The next line, with its line break; `None` at the end of the input.
    /// A line over the limit is skipped whole.
    async fn read_line(&mut self) -> std::io::Result<Option<Line>> {
        let mut scanned = 0;
        loop {
            let unread = self.unread();
            if let Some(i) = unread
                .get(scanned..)
                .and_then(|s| s.iter().position(|&b| b == b'\n'))
            {
                let end = scanned + i + 1;
                if end > self.max_header_line {
                    self.consume(end);
                    return Ok(Some(Line::TooLong));
                }
                let line = unread.get(..end).unwrap_or_default().to_vec();
                self.consume(end);
                return Ok(Some(Line::Complete(line)));
            }
            scanned = unread.len();
            if scanned > self.max_header_line {
                self.skip_line().await?;
                return Ok(Some(Line::TooLong));
            }
            if !self.fill().await? {
                // The input ends in the middle of a line: nothing to read.
                let rest = self.unread().len();
                self.consume(rest);
                return Ok(None);
            }
        }
    }

    /// Drops input up to and including the next line break.
    async fn skip_line(&mut self) -> std::io::Result<()> {
        loop {
            if let Some(i) = self.unread().iter().position(|&b| b == b'\n') {
                self.consume(i + 1);
                return Ok(());
            }
            let all = self.unread().len();
            self.consume(all);
            if !self.fill().await? {
                return Ok(());
            }
        }
    }

    /// Reads exactly `length` bytes; `None` if the input ends first.
    async fn read_body(&mut self, length: usize) -> std::io::Result<Option<Vec<u8>>> {
        while self.unread().len() < length {
            if !self.fill().await? {
                return Ok(None);
            }
        }
        let body = self.unread().get(..length).unwrap_or_default().to_vec();
        self.consume(length);
        Ok(Some(body))
    }

    /// Drops `length` bytes of input; `false` if the input ends first.
    async fn discard(&mut self, mut length: u64) -> std::io::Result<bool> {
        loop {
            let here = (self.unread().len() as u64).min(length);
            self.consume(here as usize);
            length -= here;
            if length == 0 {
                return Ok(true);
            }
            if !self.fill().await? {
                return Ok(false);
            }
        }
    }

    /// The next frame; `None` at the end of the input. Whatever cannot be
    /// a frame is logged and dropped.
    pub async fn next_frame(&mut self) -> std::io::Result<Option<Frame>> {
        loop {
            let Some(length) = self.read_header().await? else {
                return Ok(None);
            };
            let Some(length) = length else {
                log_warning!("ignoring a header block without a valid Content-Length");
                continue;
            };
            if length > self.max_body {
                log_warning!(
                    "discarding a message body of {length} bytes (the limit is {})",
                    self.max_body
                );
                if !self.discard(length).await? {
                    return Ok(None);
                }
                return Ok(Some(Frame::TooLarge(length)));
            }
            let Some(mut body) = self.read_body(length as usize).await? else {
                return Ok(None);
            };
            // A length too long swallows the next frame's header: when the
            // body is not JSON, read again from a header inside it.
            if serde_json::from_slice::<serde::de::IgnoredAny>(&body).is_err()
                && let Some(at) = find_content_length(&body, 1)
            {
                log_warning!(
                    "a message body holds a Content-Length header: its length was wrong; reading again from that header"
                );
                let tail = body.split_off(at);
                self.put_back(&tail);
            }
            return Ok(Some(Frame::Body(body)));
        }
    }

    /// Reads one header block; `None` at the end of the input, `Some(None)`
    /// for a block without a usable `Content-Length`.
    async fn read_header(&mut self) -> std::io::Result<Option<Option<u64>>> {
        let mut length: Option<u64> = None;
        let mut saw_header = false;
        loop {
            let line = match self.read_line().await? {
                None => return Ok(None),
                Some(Line::TooLong) => {
                    log_warning!(
                        "ignoring a header line longer than {} bytes",
                        self.max_header_line
                    );
                    continue;
                }
                Some(Line::Complete(line)) => line,
            };
            let mut line = trim_line_break(&line);
            if line.is_empty() {
                if saw_header {
                    return Ok(Some(length));
                }
                continue;
            }
            if !is_header_line(line) {
                // Garbage, perhaps the end of a body whose length was too
                // short, glued to the next header.
                match find_content_length(line, 0) {
                    Some(at) => {
                        log_warning!(
                            "dropping {at} bytes of garbage before a Content-Length header"
                        );
                        line = line.get(at..).unwrap_or_default();
                    }
                    None => {
                        log_warning!(
                            "dropping a line of {} bytes that is not a header",
                            line.len()
                        );
                        continue;
                    }
                }
            }
            saw_header = true;
            if let Some(at) = line.iter().position(|&b| b == b':')
                && line
                    .get(..at)
                    .is_some_and(|name| name.eq_ignore_ascii_case(b"content-length"))
            {
                length = std::str::from_utf8(line.get(at + 1..).unwrap_or_default())
                    .ok()
                    .and_then(|value| value.trim().parse().ok());
            }
        }
    }
}

fn trim_line_break(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// `Name: value`, the name a token (RFC 7230).
fn is_header_line(line: &[u8]) -> bool {
    match line.iter().position(|&b| b == b':') {
        Some(0) | None => false,
        Some(at) => line
            .get(..at)
            .unwrap_or_default()
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)),
    }
}

/// Where `Content-Length:` (any case) starts in `bytes`, searching from
/// `from`.
fn find_content_length(bytes: &[u8], from: usize) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(CONTENT_LENGTH.len())
        .position(|w| w.eq_ignore_ascii_case(CONTENT_LENGTH))
        .map(|at| at + from)
}
