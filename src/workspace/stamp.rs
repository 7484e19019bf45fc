//! What a document was read from disk with (size, modification time,
//! content hash): the key of what the workspace and its cache keep of it.

use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

/// What a document was read with: reused only while it still holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    pub size: u64,
    /// Nanoseconds since 1970; `None` when unknown, or too recent to trust
    /// (a change within the same clock tick would keep it): then the
    /// content hash decides.
    pub modified: Option<u128>,
    /// xxh3-128 of the bytes.
    pub hash: u128,
}

/// A modification time this close to the moment of reading is not trusted
/// next time, as git does for its index.
const RACY_NANOS: u128 = 2_000_000_000;

impl Stamp {
    pub fn of(metadata: &std::fs::Metadata, bytes: &[u8]) -> Stamp {
        let now = nanos(SystemTime::now());
        Stamp {
            size: metadata.len(),
            modified: modified(metadata)
                .filter(|&m| now.is_some_and(|now| now.saturating_sub(m) > RACY_NANOS)),
            hash: xxhash_rust::xxh3::xxh3_128(bytes),
        }
    }

    /// `true` when `metadata` says the file is as it was when stamped.
    pub(super) fn unchanged(&self, metadata: &std::fs::Metadata) -> bool {
        self.modified.is_some()
            && metadata.len() == self.size
            && modified(metadata) == self.modified
    }
}

fn modified(metadata: &std::fs::Metadata) -> Option<u128> {
    metadata.modified().ok().and_then(nanos)
}

fn nanos(time: SystemTime) -> Option<u128> {
    time.duration_since(UNIX_EPOCH).ok().map(|d| d.as_nanos())
}
