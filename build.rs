//! With the `rust-bert` feature, bakes an rpath to `$LIBTORCH/lib` into the binary so it runs
//! without `LD_LIBRARY_PATH`. Without the feature it does nothing.

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
}
