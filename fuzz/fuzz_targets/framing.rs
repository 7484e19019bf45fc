//! The transport's framing on any byte stream, read whole and in chunks.
//! The input is one byte choosing the chunk (1 to 64 bytes a read), then
//! the stream.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsls_fuzz::properties;

fuzz_target!(|input: &[u8]| {
    let Some((&chunk, stream)) = input.split_first() else {
        return;
    };
    if let Err(wrong) = properties::framing(stream, usize::from(chunk % 64) + 1) {
        panic!("{wrong}");
    }
});
