//! Two documents open in the server's host, edited as an editor edits
//! them, against the same documents read fresh.
//!
//! The input is `a ⟨FF⟩ b ⟨FF⟩ edit ⟨FF⟩ edit …` (0xFF is never in UTF-8
//! text; other bytes that are not UTF-8 read as U+FFFD): the two
//! documents' texts, then the edits. An edit is a header of four bytes
//! (missing bytes are 0) and the text it types. The header's first byte
//! holds flags (bit 0: the second document; bit 1: the whole text
//! replaced; bit 2: sent in one notification with the edit before; bit 3,
//! on the first edit: UTF-8 positions), then where as a fraction of the
//! text (two bytes, big-endian, out of 65536), then how many bytes it
//! replaces. A plain document is an input (with nothing to edit), so the
//! seed corpus is documents.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsls_fuzz::properties::{self, Edit};

fn edit(part: &[u8]) -> Edit {
    let byte = |i: usize| part.get(i).copied().unwrap_or(0);
    let flags = byte(0);
    Edit {
        second: flags & 1 != 0,
        whole: flags & 2 != 0,
        joined: flags & 4 != 0,
        at: u16::from_be_bytes([byte(1), byte(2)]),
        len: u16::from(byte(3)),
        text: String::from_utf8_lossy(part.get(4..).unwrap_or_default()).into_owned(),
    }
}

fuzz_target!(|input: &[u8]| {
    let mut parts = input.split(|&b| b == 0xFF);
    let a = String::from_utf8_lossy(parts.next().unwrap_or_default());
    let b = String::from_utf8_lossy(parts.next().unwrap_or_default());
    let parts: Vec<&[u8]> = parts.collect();
    let utf8 = parts
        .first()
        .and_then(|p| p.first())
        .is_some_and(|f| f & 8 != 0);
    let edits: Vec<Edit> = parts.into_iter().map(edit).collect();
    if let Err(wrong) = properties::incremental_edits([&a, &b], &edits, utf8) {
        panic!("{wrong}");
    }
});
