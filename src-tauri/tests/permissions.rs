//! The webview may call exactly the commands of pos-core's API table,
//! nothing more (native dialogs are opened by the shell in Rust, so no plugin
//! is granted). The table is the one list: `api-commands.json` (which
//! build.rs turns into `allow-<command>` permissions) and the grants in
//! capabilities/default.json are generated from it, and these tests fail when
//! they disagree. `UPDATE_BINDINGS=1 cargo test -p pos-desktop --test
//! permissions` rewrites both from the table.

use std::collections::BTreeSet;
use std::path::Path;

/// Plugin permissions the webview is granted: none.
const PLUGIN_PERMISSIONS: [&str; 0] = [];

fn path(relative: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

fn read(relative: &str) -> String {
    std::fs::read_to_string(path(relative)).unwrap_or_else(|e| panic!("read {relative}: {e}"))
}

/// The table's command names, in its order.
fn table() -> Vec<String> {
    pos_core::api::COMMANDS.iter().map(|c| c.name.to_string()).collect()
}

fn capability() -> serde_json::Value {
    serde_json::from_str(&read("capabilities/default.json")).expect("capabilities/default.json is JSON")
}

fn granted_permissions() -> BTreeSet<String> {
    capability()["permissions"]
        .as_array()
        .expect("permissions is an array")
        .iter()
        .map(|p| p.as_str().expect("permissions are plain identifiers, without scopes").to_string())
        .collect()
}

/// The identifier tauri-build generates for an app command.
fn allow(command: &str) -> String {
    format!("allow-{}", command.replace('_', "-"))
}

fn write_json(relative: &str, value: &serde_json::Value) {
    let text = serde_json::to_string_pretty(value).expect("JSON") + "\n";
    std::fs::write(path(relative), text).unwrap_or_else(|e| panic!("write {relative}: {e}"));
}

/// With UPDATE_BINDINGS set, rewrites the list and the grants from the table.
fn update_from_table() {
    if std::env::var_os("UPDATE_BINDINGS").is_none() {
        return;
    }
    write_json("api-commands.json", &serde_json::json!(table()));
    let mut capability = capability();
    let grants: Vec<String> = table().iter().map(|c| allow(c)).chain(PLUGIN_PERMISSIONS.iter().map(|p| p.to_string())).collect();
    capability["permissions"] = serde_json::json!(grants);
    write_json("capabilities/default.json", &capability);
}

#[test]
fn the_build_scripts_list_is_the_table() {
    update_from_table();
    let listed: Vec<String> = serde_json::from_str(&read("api-commands.json")).expect("a JSON array of names");
    assert_eq!(
        listed,
        table(),
        "src-tauri/api-commands.json differs from pos_core::api::COMMANDS; run \
         `UPDATE_BINDINGS=1 cargo test -p pos-desktop --test permissions`"
    );
    assert!(read("build.rs").contains("api-commands.json"), "build.rs declares the listed commands");
}

#[test]
fn capability_grants_exactly_the_tables_commands() {
    update_from_table();
    let mut expected: BTreeSet<String> = table().iter().map(|c| allow(c)).collect();
    expected.extend(PLUGIN_PERMISSIONS.iter().map(|p| p.to_string()));
    assert_eq!(granted_permissions(), expected, "capabilities/default.json vs pos_core::api::COMMANDS");
}

#[test]
fn the_shell_declares_no_command_of_its_own() {
    let src = path("src");
    for entry in std::fs::read_dir(&src).expect("read src") {
        let file = entry.expect("entry").path();
        let text = std::fs::read_to_string(&file).expect("read");
        assert!(!text.contains("#[tauri::command"), "{}: commands are defined in pos-core's API table", file.display());
        assert!(!text.contains("generate_handler!"), "{}: the adapter answers every command", file.display());
        assert!(!text.contains(".conn()"), "{}: the shell never reaches for the database", file.display());
    }
}

#[test]
fn capability_applies_to_the_main_window_only() {
    let capability = capability();
    assert_eq!(capability["windows"], serde_json::json!([pos_desktop::MAIN_WINDOW]));
    assert!(capability.get("webviews").is_none(), "no extra webviews");
    assert!(capability.get("remote").is_none(), "no remote origins");
}

#[test]
fn capabilities_folder_holds_only_the_default() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("capabilities");
    let files: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(files, vec!["default.json".to_string()]);
}

#[test]
fn config_declares_no_dev_server_and_a_strict_csp() {
    let config: serde_json::Value = serde_json::from_str(&read("tauri.conf.json")).unwrap();
    assert!(config["build"].get("devUrl").is_none(), "a devUrl would make plain builds load a dev server");
    assert_eq!(config["build"]["frontendDist"], "../ui/dist");
    let csp = config["app"]["security"]["csp"].as_str().expect("a CSP is set");
    assert!(csp.starts_with("default-src 'self';"), "{csp}");
    assert!(config["app"].get("withGlobalTauri").is_none_or(|v| v == false));
    assert!(config.get("plugins").is_none_or(|p| p.as_object().is_none_or(|p| p.is_empty())));
}
