//! Every argument a command takes from the webview is an `Arg`, so a
//! malformed one is refused as `invalid_input` in the app's one error shape
//! (see `src/arg.rs`), never as Tauri's plain-text rejection.

use std::path::Path;

/// Parameters that come from the app, not from the webview's call.
const FROM_THE_APP: [&str; 3] = ["State<", "AppHandle", "Window"];

#[test]
fn every_command_argument_is_an_arg() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut commands = 0;
    let mut bare = Vec::new();
    for entry in std::fs::read_dir(&src).expect("read src") {
        let path = entry.expect("dir entry").path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("read source");
        for (i, _) in text.match_indices("#[tauri::command]\npub ") {
            let rest = &text[i..];
            let open = rest.find('(').expect("a command has parameters");
            let close = rest.find(") ->").expect("a command returns a Result");
            let name = rest[..open].rsplit(' ').next().unwrap_or_default().to_string();
            commands += 1;
            let params = &rest[open + 1..close];
            let mut depth = 0;
            let mut start = 0;
            let mut items = Vec::new();
            for (i, c) in params.char_indices() {
                match c {
                    '<' | '(' => depth += 1,
                    '>' | ')' => depth -= 1,
                    ',' if depth == 0 => {
                        items.push(&params[start..i]);
                        start = i + 1;
                    }
                    _ => {}
                }
            }
            items.push(&params[start..]);
            for item in items.iter().map(|p| p.trim()).filter(|p| !p.is_empty()) {
                let ty = item.split_once(':').map(|(_, t)| t.trim()).unwrap_or_default();
                if !ty.starts_with("Arg<") && !FROM_THE_APP.iter().any(|a| ty.starts_with(a)) {
                    bare.push(format!("{name}: {item}"));
                }
            }
        }
    }
    assert!(commands >= pos_desktop::COMMANDS.len(), "found {commands} commands in the sources");
    assert!(bare.is_empty(), "arguments that are not Arg<…>: {bare:#?}");
}
