//! The shipped models, built into whatever links them (the `whosaid` binary, the Python
//! extension) so that they run from any directory with no model folder beside them. Statics, not
//! constants: each file's bytes are in a program once (a constant is copied where it is used), and
//! a program that never names them does not carry them.

use super::BuiltIn;

/// The shipped entity model, the repository's `models/ner` (45 MB).
pub static NER: BuiltIn = BuiltIn {
    config: include_str!("../../models/ner/config.json"),
    tokenizer: include_bytes!("../../models/ner/tokenizer.json"),
    weights: include_bytes!("../../models/ner/model.safetensors"),
    shared: None,
};

include!(concat!(env!("OUT_DIR"), "/roles_shared.rs"));

/// The shipped attribution-role model, the repository's `models/attribution`.
pub static ROLES: BuiltIn = BuiltIn {
    config: include_str!("../../models/attribution/config.json"),
    tokenizer: include_bytes!("../../models/attribution/tokenizer.json"),
    // build.rs leaves out the word embeddings when they are the entity model's.
    weights: include_bytes!(concat!(env!("OUT_DIR"), "/attribution.safetensors")),
    shared: if ROLES_SHARE_EMBEDDINGS {
        Some(NER.weights)
    } else {
        None
    },
};
