//! With the `rust-bert` feature, bakes an rpath to `$LIBTORCH/lib` into the binary so it runs
//! without `LD_LIBRARY_PATH`.
//!
//! Always: writes the role model's weights for the binary to `$OUT_DIR/attribution.safetensors`
//! without its word-embedding table when that table is byte for byte the entity model's (both
//! are trained from one base and the embeddings stay frozen: 23 MB the binary then carries once),
//! and `$OUT_DIR/roles_shared.rs` saying whether it did. The models in `models/` stay whole.

use std::path::Path;

const EMBEDDINGS: &str = "bert.embeddings.word_embeddings.weight";

fn main() {
    println!("cargo:rerun-if-env-changed=LIBTORCH");
    if std::env::var_os("CARGO_FEATURE_RUST_BERT").is_some() {
        if let Some(lt) = std::env::var_os("LIBTORCH") {
            println!(
                "cargo:rustc-link-arg=-Wl,-rpath,{}/lib",
                lt.to_string_lossy()
            );
        }
    }
    let roles = Path::new("models/attribution/model.safetensors");
    let ner = Path::new("models/ner/model.safetensors");
    println!("cargo:rerun-if-changed={}", roles.display());
    println!("cargo:rerun-if-changed={}", ner.display());
    let out = Path::new(&std::env::var_os("OUT_DIR").expect("OUT_DIR")).to_path_buf();
    let roles_bytes = std::fs::read(roles).expect("models/attribution/model.safetensors");
    let stripped = std::fs::read(ner)
        .ok()
        .and_then(|ner_bytes| without_shared(&roles_bytes, &ner_bytes));
    let shared = stripped.is_some();
    std::fs::write(
        out.join("attribution.safetensors"),
        stripped.unwrap_or(roles_bytes),
    )
    .expect("write OUT_DIR/attribution.safetensors");
    std::fs::write(
        out.join("roles_shared.rs"),
        format!("/// Whether the built-in role model takes its word embeddings from the entity model.\nconst ROLES_SHARE_EMBEDDINGS: bool = {shared};\n"),
    )
    .expect("write OUT_DIR/roles_shared.rs");
}

/// A safetensors file's header (name → entry) and where its data starts.
fn header(bytes: &[u8]) -> Option<(serde_json::Map<String, serde_json::Value>, usize)> {
    let n = u64::from_le_bytes(bytes.get(..8)?.try_into().ok()?) as usize;
    let json: serde_json::Value = serde_json::from_slice(bytes.get(8..8 + n)?).ok()?;
    Some((json.as_object()?.clone(), 8 + n))
}

/// The tensor `name`'s dtype, shape and bytes.
fn tensor<'a>(
    h: &serde_json::Map<String, serde_json::Value>,
    data: &'a [u8],
    name: &str,
) -> Option<(String, String, &'a [u8])> {
    let e = h.get(name)?;
    let offsets = e.get("data_offsets")?.as_array()?;
    let (s, t) = (offsets[0].as_u64()? as usize, offsets[1].as_u64()? as usize);
    Some((
        e["dtype"].to_string(),
        e["shape"].to_string(),
        data.get(s..t)?,
    ))
}

/// `roles` without the word-embedding table, when `ner` holds the same one; `None` otherwise.
fn without_shared(roles: &[u8], ner: &[u8]) -> Option<Vec<u8>> {
    let (rh, rstart) = header(roles)?;
    let (nh, nstart) = header(ner)?;
    let (rdata, ndata) = (&roles[rstart..], &ner[nstart..]);
    if tensor(&rh, rdata, EMBEDDINGS)? != tensor(&nh, ndata, EMBEDDINGS)? {
        return None;
    }
    // The other tensors, in their order in the file, packed again without the gap.
    let mut entries: Vec<(&String, &serde_json::Value)> = rh
        .iter()
        .filter(|(k, _)| k.as_str() != EMBEDDINGS && k.as_str() != "__metadata__")
        .collect();
    let start = |e: &serde_json::Value| e["data_offsets"][0].as_u64().unwrap_or(0);
    entries.sort_by_key(|(_, e)| start(e));
    let mut header = serde_json::Map::new();
    if let Some(m) = rh.get("__metadata__") {
        header.insert("__metadata__".into(), m.clone());
    }
    let mut data = Vec::new();
    for (name, e) in entries {
        let (_, _, bytes) = tensor(&rh, rdata, name)?;
        let mut e = e.clone();
        e["data_offsets"] = serde_json::json!([data.len(), data.len() + bytes.len()]);
        header.insert(name.clone(), e);
        data.extend_from_slice(bytes);
    }
    let mut json = serde_json::to_vec(&header).ok()?;
    // The data starts at a multiple of 8 bytes, as the format's writers leave it.
    while (8 + json.len()) % 8 != 0 {
        json.push(b' ');
    }
    let mut out = (json.len() as u64).to_le_bytes().to_vec();
    out.extend_from_slice(&json);
    out.extend_from_slice(&data);
    Some(out)
}
