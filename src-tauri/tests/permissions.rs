//! The webview may call exactly the app's commands, nothing more (native
//! dialogs are opened by the shell in Rust, so no plugin is granted). Checks that the places naming commands agree:
//! `#[tauri::command]` fns, `generate_handler!` in lib.rs, the COMMANDS list
//! (which build.rs turns into `allow-<command>` permissions) and the grants
//! in capabilities/default.json.

use std::collections::BTreeSet;
use std::path::Path;

/// Plugin permissions the webview is granted: none.
const PLUGIN_PERMISSIONS: [&str; 0] = [];

fn read(relative: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// Names inside `tauri::generate_handler![...]`, without module paths.
fn handler_commands() -> BTreeSet<String> {
    let lib = read("src/lib.rs");
    let start = lib.find("generate_handler![").expect("lib.rs has generate_handler!") + "generate_handler![".len();
    let end = start + lib[start..].find(']').expect("generate_handler! is closed");
    lib[start..end]
        .split(',')
        .map(|entry| entry.trim())
        .filter(|entry| !entry.is_empty())
        .map(|entry| entry.rsplit("::").next().unwrap().to_string())
        .collect()
}

/// Names of the fns marked `#[tauri::command]` in src/.
fn annotated_commands() -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|ext| ext != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let mut after_attribute = false;
        for line in text.lines().map(str::trim) {
            if line.starts_with("#[tauri::command") {
                after_attribute = true;
            } else if after_attribute {
                if let Some(at) = line.find("fn ") {
                    let name: String = line[at + 3..]
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    names.insert(name);
                    after_attribute = false;
                }
            }
        }
    }
    names
}

fn listed_commands() -> BTreeSet<String> {
    pos_desktop::COMMANDS.iter().map(|c| c.to_string()).collect()
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

#[test]
fn every_command_fn_is_registered() {
    assert_eq!(annotated_commands(), handler_commands(), "#[tauri::command] fns vs. generate_handler!");
}

#[test]
fn every_registered_command_gets_a_permission() {
    assert_eq!(handler_commands(), listed_commands(), "generate_handler! vs. src/command_list.rs");
}

#[test]
fn build_script_uses_the_command_list() {
    let build = read("build.rs");
    assert!(build.contains("include!(\"src/command_list.rs\")"), "build.rs includes the list");
    assert!(build.contains(".commands(COMMANDS)"), "build.rs hands the list to AppManifest");
}

#[test]
fn capability_grants_exactly_the_commands() {
    let mut expected: BTreeSet<String> = listed_commands().iter().map(|c| allow(c)).collect();
    expected.extend(PLUGIN_PERMISSIONS.iter().map(|p| p.to_string()));
    assert_eq!(granted_permissions(), expected);
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
