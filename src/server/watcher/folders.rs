//! Linux: each folder watched on its own with inotify, for what changes
//! content only. notify's inotify watch also asks for every file opened
//! (`IN_OPEN`): the first indexing opens every document, and each open
//! became an event the kernel queued and notify's thread read, woke up
//! for and handed on, only to be dropped (a tenth of the first indexing's
//! CPU at 100,000 documents). Its recursive watch also took the metadata
//! of every file to find the folders.

use std::collections::{BTreeMap, HashMap};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use inotify::{EventMask, Inotify, WatchDescriptor, WatchMask, Watches};

/// What a folder is watched for: entries made, written, moved or deleted,
/// their metadata changed (a `touch`), and the folder itself deleted or
/// moved. Not opened, read or closed without writing.
const CHANGES: WatchMask = WatchMask::CREATE
    .union(WatchMask::DELETE)
    .union(WatchMask::MODIFY)
    .union(WatchMask::CLOSE_WRITE)
    .union(WatchMask::ATTRIB)
    .union(WatchMask::MOVED_FROM)
    .union(WatchMask::MOVED_TO)
    .union(WatchMask::DELETE_SELF)
    .union(WatchMask::MOVE_SELF)
    .union(WatchMask::ONLYDIR);

/// The folder each watch is of, shared with the thread reading events.
type Descriptors = Arc<Mutex<HashMap<WatchDescriptor, PathBuf>>>;

pub struct Folders {
    watches: Watches,
    descriptors: Descriptors,
    /// Each folder watched, and its watch.
    folders: BTreeMap<PathBuf, WatchDescriptor>,
}

impl Folders {
    /// Starts the thread that reads events: `changed` gets the paths each
    /// read brings (an entry of a watched folder, or the folder itself).
    pub fn start(changed: impl Fn(Vec<PathBuf>) + Send + 'static) -> io::Result<Folders> {
        let mut inotify = Inotify::init()?;
        let watches = inotify.watches();
        let descriptors = Descriptors::default();
        let reading = descriptors.clone();
        std::thread::Builder::new()
            .name("newsls-watcher".to_string())
            .spawn(move || {
                let mut buffer = vec![0; 64 * 1024];
                loop {
                    let events = match inotify.read_events_blocking(&mut buffer) {
                        Ok(events) => events,
                        Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
                        Err(error) => {
                            super::log_warning!("watching files stopped: {error}");
                            return;
                        }
                    };
                    let mut paths = Vec::new();
                    let mut descriptors = reading.lock().unwrap_or_else(PoisonError::into_inner);
                    for event in events {
                        if event.mask.contains(EventMask::IGNORED) {
                            // The folder went (or its watch was removed).
                            descriptors.remove(&event.wd);
                            continue;
                        }
                        let Some(folder) = descriptors.get(&event.wd) else {
                            continue;
                        };
                        paths.push(match event.name {
                            Some(name) => folder.join(name),
                            None => folder.clone(),
                        });
                    }
                    drop(descriptors);
                    if !paths.is_empty() {
                        changed(paths);
                    }
                }
            })?;
        Ok(Folders {
            watches,
            descriptors,
            folders: BTreeMap::new(),
        })
    }

    /// Watches `folder` (again, when it was: a folder deleted and made
    /// again needs a watch of its own).
    pub fn watch(&mut self, folder: &Path) -> io::Result<()> {
        let descriptor = self.watches.add(folder, CHANGES)?;
        self.lock().insert(descriptor.clone(), folder.to_path_buf());
        self.folders.insert(folder.to_path_buf(), descriptor);
        Ok(())
    }

    /// Stops watching `top` and every folder under it.
    pub fn forget(&mut self, top: &Path) {
        let under: Vec<PathBuf> = self
            .folders
            .range(top.to_path_buf()..)
            .take_while(|(f, _)| f.starts_with(top))
            .map(|(f, _)| f.clone())
            .collect();
        for folder in under {
            if let Some(descriptor) = self.folders.remove(&folder) {
                // Gone with its folder already, perhaps.
                let _ = self.watches.remove(descriptor.clone());
                self.lock().remove(&descriptor);
            }
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<WatchDescriptor, PathBuf>> {
        self.descriptors
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}
