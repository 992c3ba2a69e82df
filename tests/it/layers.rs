//! The layering rule of ARCHITECTURE.md: `document ← model ← stages ← run ← {eval, tools} ←
//! train`; a module uses only its own layer and those below it (`error` is below all). Read off
//! the `crate::` paths of every file under `src/` (comments included: a doc link upward is a
//! dependency a reader follows too).

use std::path::{Path, PathBuf};

/// Each top-level module's rank; a file may name a module of equal or lower rank.
const LAYERS: &[(&str, u8)] = &[
    ("error", 0),
    ("document", 1),
    ("model", 2),
    ("stages", 3),
    ("run", 4),
    ("eval", 5),
    ("tools", 5),
    ("train", 6),
];

fn rank(module: &str) -> Option<u8> {
    LAYERS.iter().find(|(m, _)| *m == module).map(|&(_, r)| r)
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn no_module_uses_a_layer_above_its_own() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut upward = Vec::new();
    let mut checked = 0;
    for f in &files {
        let rel = f.strip_prefix(&src).unwrap();
        let top = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        let top = top.trim_end_matches(".rs");
        // The binary (main.rs, cli/) and lib.rs sit above every layer.
        let Some(own) = rank(top) else { continue };
        checked += 1;
        let text = std::fs::read_to_string(f).unwrap();
        for (n, line) in text.lines().enumerate() {
            for (i, _) in line.match_indices("crate::") {
                let name: String = line[i + 7..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if rank(&name).is_some_and(|r| r > own) {
                    upward.push(format!("{}:{}: {top} uses {name}", rel.display(), n + 1));
                }
            }
        }
    }
    assert!(
        checked > 40,
        "only {checked} files read under {}",
        src.display()
    );
    assert!(upward.is_empty(), "upward uses:\n{}", upward.join("\n"));
}
