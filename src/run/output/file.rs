//! Where `-o` writes, safely: the output is never one of the inputs, a regular file is written
//! under a temporary name and renamed into place (keeping the old file's mode), a file the user
//! may not write is refused, and the temporary file goes away on an error, a panic or a signal.

use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::error::{Error, Result};

/// Temporary files being written now, removed by [`remove_temporaries`] when a signal ends the
/// process (a destructor does not run then).
static TEMPORARIES: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Removes every temporary output file of this process; for a signal handler, before it exits.
pub fn remove_temporaries() {
    let temps = TEMPORARIES.lock().unwrap_or_else(|p| p.into_inner());
    for t in temps.iter() {
        std::fs::remove_file(t).ok();
    }
}

fn forget_temporary(path: &Path) {
    let mut temps = TEMPORARIES.lock().unwrap_or_else(|p| p.into_inner());
    temps.retain(|t| t != path);
}

/// Where `-o` writes. A regular file (or a new one) is written as a temporary file beside it and
/// renamed over it once complete, so a reader never sees half a dataset and a failed run leaves
/// no partial file. Anything else (a device such as `/dev/null`, a FIFO, `/dev/stdout`) is written
/// directly: renaming over it would replace the device with a file. Symbolic links are followed,
/// so the link stays and its target gets the data.
pub struct OutputFile {
    out: BufWriter<File>,
    /// The path as given, for messages.
    shown: PathBuf,
    /// `(temporary, final)` when the output is renamed into place.
    rename: Option<(PathBuf, PathBuf)>,
}

/// What an output path leads to.
enum Target {
    /// Write directly (not a regular file).
    Direct(PathBuf),
    /// A regular file, existing or not, after following links.
    File(PathBuf),
}

/// Follows symbolic links from `path` to what it names.
fn resolve(path: &Path) -> std::io::Result<Target> {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        // `/dev/stdout` leads to `/proc/self/fd/1`, whose "target" may be `pipe:[123]`: the
        // kernel, not a path walk, knows where such a link goes.
        if p.starts_with("/proc") || p.starts_with("/dev/fd") {
            return Ok(Target::Direct(p));
        }
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let to = std::fs::read_link(&p)?;
                p = match p.parent() {
                    Some(dir) if to.is_relative() => dir.join(to),
                    _ => to,
                };
            }
            Ok(m) if m.is_dir() => {
                return Err(std::io::Error::other("is a directory"));
            }
            Ok(m) if !m.is_file() => return Ok(Target::Direct(p)),
            Ok(_) => return Ok(Target::File(p)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Target::File(p));
            }
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::other("too many levels of symbolic links"))
}

/// A file's identity (device, inode), following links; `None` when it does not exist (and on
/// systems without inodes).
#[cfg(unix)]
pub fn file_id(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
pub fn file_id(_: &Path) -> Option<(u64, u64)> {
    None
}

/// Whether two paths name one existing file, through any links.
fn same_file(a: &Path, b: &Path) -> bool {
    match (file_id(a), file_id(b)) {
        (Some(x), Some(y)) => x == y,
        _ if cfg!(unix) => false,
        _ => std::fs::canonicalize(a)
            .ok()
            .is_some_and(|c| std::fs::canonicalize(b).ok() == Some(c)),
    }
}

/// Refuses an output that is one of `inputs` (the same file through any links, or a `.txt` file
/// inside an input folder, which the run would read): writing it would destroy the articles.
pub fn refuse_input_as_output(output: &Path, inputs: &[&Path]) -> Result<()> {
    if output == Path::new("-") {
        return Ok(());
    }
    let out_dir = output
        .parent()
        .map(|p| {
            if p.as_os_str().is_empty() {
                Path::new(".")
            } else {
                p
            }
        })
        .and_then(|p| std::fs::canonicalize(p).ok());
    let is_txt = output.extension().is_some_and(|e| e == "txt");
    for &input in inputs {
        if input == Path::new("-") {
            continue;
        }
        let same = same_file(output, input);
        let inside_folder = input.is_dir()
            && is_txt
            && out_dir
                .as_ref()
                .zip(std::fs::canonicalize(input).ok())
                .is_some_and(|(o, i)| o.starts_with(i));
        if same || inside_folder {
            let what = if same {
                "is the input".to_string()
            } else {
                "lies inside the input folder".to_string()
            };
            return Err(Error::input(
                output.display().to_string(),
                format!(
                    "the output {what} {}: writing it would destroy the articles; choose \
                     another output file",
                    input.display()
                ),
            ));
        }
    }
    Ok(())
}

/// Checks, before any work, that `path` can be written as an output: not a folder, not a file
/// the user may not replace (see [`OutputFile::create`], which checks again).
pub fn check_writable(path: &Path) -> Result<()> {
    match resolve(path).map_err(|e| Error::io(path, e))? {
        Target::Direct(_) => Ok(()),
        Target::File(p) => refuse_unwritable(&p, path).map(|_| ()),
    }
}

/// Refuses to replace an existing file the user could not write in place: one without write
/// permission for anyone (even root would need to force it), or one the user may not open for
/// writing. Renaming over it would otherwise succeed wherever the folder is writable.
fn refuse_unwritable(target: &Path, shown: &Path) -> Result<Option<std::fs::Permissions>> {
    let Ok(meta) = std::fs::metadata(target) else {
        return Ok(None);
    };
    let refuse = |why: &str| {
        Err(Error::input(
            shown.display().to_string(),
            format!("{why}: whosaid will not replace it (change its permissions or choose another output file)"),
        ))
    };
    if meta.permissions().readonly() {
        return refuse("is read-only");
    }
    if let Err(e) = OpenOptions::new().write(true).open(target) {
        if e.kind() == std::io::ErrorKind::PermissionDenied {
            return refuse("is not writable by you");
        }
    }
    Ok(Some(meta.permissions()))
}

impl OutputFile {
    /// Opens `path` for writing (see [`OutputFile`]); nothing replaces it before [`Self::commit`].
    pub fn create(path: &Path) -> Result<Self> {
        let err = |e| Error::io(path, e);
        let (file, rename) = match resolve(path).map_err(err)? {
            Target::Direct(p) => {
                let f = OpenOptions::new().write(true).open(&p).map_err(err)?;
                (f, None)
            }
            Target::File(p) => {
                let mode = refuse_unwritable(&p, path)?;
                let name = p
                    .file_name()
                    .map(|n| n.to_string_lossy().to_string())
                    .unwrap_or_default();
                let tmp = p.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
                let f = OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .open(&tmp)
                    .map_err(|e| {
                        Error::io(
                            path,
                            std::io::Error::new(
                                e.kind(),
                                format!("cannot create a file beside it ({}): {e}", tmp.display()),
                            ),
                        )
                    })?;
                TEMPORARIES
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .push(tmp.clone());
                // The new file keeps the old one's mode (a private dataset stays private).
                if let Some(mode) = mode {
                    f.set_permissions(mode).map_err(err)?;
                }
                (f, Some((tmp, p)))
            }
        };
        Ok(OutputFile {
            out: BufWriter::with_capacity(1 << 16, file),
            shown: path.to_path_buf(),
            rename,
        })
    }

    /// Writes a whole output at once and commits it (`report`, `cluster`).
    pub fn commit_with(mut self, bytes: &[u8]) -> Result<()> {
        self.out
            .write_all(bytes)
            .map_err(|e| Error::write(&self.shown, e))?;
        self.commit()
    }

    /// Flushes, syncs and (for a regular file) renames the output into place.
    pub fn commit(mut self) -> Result<()> {
        let shown = self.shown.clone();
        let err = |e| Error::write(&shown, e);
        self.out.flush().map_err(err)?;
        if let Some((tmp, to)) = self.rename.take() {
            let done = self
                .out
                .get_ref()
                .sync_all()
                .and_then(|_| std::fs::rename(&tmp, &to));
            forget_temporary(&tmp);
            if let Err(e) = done {
                std::fs::remove_file(&tmp).ok();
                return Err(err(e));
            }
        }
        Ok(())
    }
}

impl Write for OutputFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.out.write(buf)
    }
    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.out.write_all(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// An output that was not committed (an error, a panic) leaves no file behind.
impl Drop for OutputFile {
    fn drop(&mut self) {
        if let Some((tmp, _)) = &self.rename {
            std::fs::remove_file(tmp).ok();
            forget_temporary(tmp);
        }
    }
}
