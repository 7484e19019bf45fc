//! Position conversion, both ways, on any text and any positions. The
//! input is `text`, or `text ⟨FF⟩ flags positions…`: bit 0 of `flags`
//! chooses UTF-8 positions (else UTF-16), and each two bytes after it are
//! a position's line and character (255: `u32::MAX`). A plain document is
//! an input, so the seed corpus is documents.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsls_fuzz::properties;

fn coordinate(byte: u8) -> u32 {
    if byte == u8::MAX {
        u32::MAX
    } else {
        u32::from(byte)
    }
}

fuzz_target!(|input: &[u8]| {
    let mut parts = input.splitn(2, |&b| b == 0xFF);
    let text = String::from_utf8_lossy(parts.next().unwrap_or_default());
    let tail = parts.next().unwrap_or_default();
    let utf8 = tail.first().is_some_and(|flags| flags & 1 == 1);
    let positions: Vec<(u32, u32)> = tail
        .get(1..)
        .unwrap_or_default()
        .chunks_exact(2)
        .map(|pair| (coordinate(pair[0]), coordinate(pair[1])))
        .collect();
    if let Err(wrong) = properties::positions(&text, &positions, utf8) {
        panic!("{wrong}");
    }
});
