//! The parser on any text: no panic, every range inside the text. The
//! input is the text (bytes that are not UTF-8 read as U+FFFD).
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsls_fuzz::properties;

fuzz_target!(|input: &[u8]| {
    if let Err(wrong) = properties::parser(&String::from_utf8_lossy(input)) {
        panic!("{wrong}");
    }
});
