//! Declares the app's commands to Tauri's ACL: one `allow-<command>`
//! permission for each command of pos-core's API table, read from
//! `api-commands.json` (which `tests/permissions.rs` keeps equal to the table).

fn main() {
    println!("cargo:rerun-if-changed=api-commands.json");
    let text = std::fs::read_to_string("api-commands.json").expect("src-tauri/api-commands.json is readable");
    let names: Vec<String> = serde_json::from_str(&text).expect("api-commands.json is a JSON array of names");
    let names: &'static [&'static str] = Vec::leak(names.into_iter().map(|n| &*String::leak(n)).collect());
    let manifest = tauri_build::AppManifest::new().commands(names);
    let attributes = tauri_build::Attributes::new().app_manifest(manifest);
    if let Err(error) = tauri_build::try_build(attributes) {
        panic!("tauri-build failed: {error:#}");
    }
}
