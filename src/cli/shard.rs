//! `newsls check --shard I/N`: which documents one of N machines checks.
//!
//! Every shard reads the whole folder (cheap from the index cache), so
//! rules across documents stay exact, and checks only its share; the N
//! shares split the documents, so the N reports together are the report of
//! one unsharded run.
//!
//! The shares are balanced by size and stable as the archive grows: the
//! documents are laid on a ring in the order of a hash of their path
//! (relative to the folder checked, so that every machine agrees), each
//! weighing its size (plus a fixed cost a document), and shard `I` takes
//! the documents whose middle falls in the `I`-th of N equal arcs of that
//! weight. A document added lands anywhere on the ring, not after the
//! others, so it moves only the few documents near the arcs' ends; sorting
//! by path instead would move whole folders each time a new one is added.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use xxhash_rust::xxh3::xxh3_64;

/// What checking a document costs beyond its bytes, in bytes: a thousand
/// tiny documents are not free.
const COST_OF_A_DOCUMENT: u64 = 2_048;

/// Shard `index` (from 1) of `count`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    pub index: usize,
    pub count: usize,
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(text: &str) -> Result<Shard, String> {
        let wrong = || format!("`{text}` is no shard: write I/N, as 2/4 for the second of four");
        let (index, count) = text.split_once('/').ok_or_else(wrong)?;
        let index: usize = index.trim().parse().map_err(|_| wrong())?;
        let count: usize = count.trim().parse().map_err(|_| wrong())?;
        if count == 0 || index == 0 || index > count {
            return Err(format!(
                "shard `{text}`: I must be between 1 and N (N at least 1)"
            ));
        }
        Ok(Shard { index, count })
    }
}

impl Shard {
    /// Whether each of `documents` (a path, as found under one of `roots`,
    /// and its size in bytes) is this shard's to check, in their order.
    pub fn share(&self, roots: &[PathBuf], documents: &[(&Path, u64)]) -> Vec<bool> {
        let mut ring: Vec<(u64, &Path, u64, usize)> = documents
            .iter()
            .enumerate()
            .map(|(i, &(path, size))| (place(roots, path), path, size, i))
            .collect();
        ring.sort_unstable();
        let weight = |size: u64| size.saturating_add(COST_OF_A_DOCUMENT);
        let total: u128 = ring
            .iter()
            .map(|&(_, _, size, _)| u128::from(weight(size)))
            .sum();
        let count = self.count as u128;
        let mut mine = vec![false; documents.len()];
        let mut before: u128 = 0;
        for (_, _, size, i) in ring {
            let middle = 2 * before + u128::from(weight(size));
            // The arc of the middle: floor(middle / 2 / total * count).
            let arc = (middle * count / (2 * total.max(1))).min(count - 1);
            if let Some(slot) = mine.get_mut(i) {
                *slot = arc + 1 == self.index as u128;
            }
            before += u128::from(weight(size));
        }
        mine
    }
}

/// Where `path` lies on the ring: a hash of it relative to the first of
/// `roots` it is under (its file name when it is a root itself), with `/`
/// between its parts, so that machines with the archive in different
/// places agree.
fn place(roots: &[PathBuf], path: &Path) -> u64 {
    let relative = roots
        .iter()
        .find_map(|root| path.strip_prefix(root).ok())
        .filter(|relative| !relative.as_os_str().is_empty())
        .or_else(|| path.file_name().map(Path::new))
        .unwrap_or(path);
    let parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    xxh3_64(parts.join("/").as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_are_written_i_of_n() {
        assert_eq!("2/4".parse(), Ok(Shard { index: 2, count: 4 }));
        assert_eq!("1/1".parse(), Ok(Shard { index: 1, count: 1 }));
        for wrong in ["0/4", "5/4", "1/0", "2", "a/b", "-1/4", ""] {
            assert!(wrong.parse::<Shard>().is_err(), "{wrong}");
        }
    }

    /// A desk's archive: folders by year, documents of 1 to 40 KB.
    fn archive(documents: usize) -> Vec<(PathBuf, u64)> {
        (0..documents)
            .map(|d| {
                let path = PathBuf::from(format!("{}/story-{d}.news.md", 2010 + d / 500));
                let size = 1_000 + (d as u64 * 7_919) % 39_000;
                (path, size)
            })
            .collect()
    }

    fn shares(shards: usize, documents: &[(PathBuf, u64)]) -> Vec<usize> {
        let listed: Vec<(&Path, u64)> = documents.iter().map(|(p, s)| (p.as_path(), *s)).collect();
        let mut owner = vec![0; documents.len()];
        for index in 1..=shards {
            let shard = Shard {
                index,
                count: shards,
            };
            for (i, mine) in shard.share(&[], &listed).into_iter().enumerate() {
                if mine {
                    assert_eq!(owner[i], 0, "document {i} in two shards");
                    owner[i] = index;
                }
            }
        }
        assert!(owner.iter().all(|&o| o > 0), "every document in a shard");
        owner
    }

    #[test]
    fn every_document_in_one_shard_and_shares_balanced_by_size() {
        let documents = archive(5_000);
        let total: u64 = documents.iter().map(|(_, s)| s + COST_OF_A_DOCUMENT).sum();
        for shards in [1, 2, 3, 7, 16] {
            let owner = shares(shards, &documents);
            for index in 1..=shards {
                let weight: u64 = documents
                    .iter()
                    .zip(&owner)
                    .filter(|(_, o)| **o == index)
                    .map(|((_, s), _)| s + COST_OF_A_DOCUMENT)
                    .sum();
                let fair = total / shards as u64;
                assert!(
                    weight.abs_diff(fair) <= 45_000,
                    "{index}/{shards}: {weight} against {fair}"
                );
            }
        }
    }

    /// A year of new documents moves few of the old ones to another shard.
    #[test]
    fn shares_stay_put_as_documents_are_added() {
        let before = archive(5_000);
        let after = archive(5_500);
        for shards in [2, 4, 8] {
            let old = shares(shards, &before);
            let new = shares(shards, &after);
            let moved = old.iter().zip(&new).filter(|(a, b)| a != b).count();
            assert!(
                moved * 20 < before.len(),
                "{shards} shards: {moved} of {} moved",
                before.len()
            );
        }
    }

    #[test]
    fn the_same_shares_wherever_the_archive_is() {
        let here = [PathBuf::from("/home/ci/archive")];
        let there = [PathBuf::from("/srv/runner/archive")];
        assert_eq!(
            place(&here, Path::new("/home/ci/archive/2024/a.news.md")),
            place(&there, Path::new("/srv/runner/archive/2024/a.news.md"))
        );
    }
}
