//! The TypeScript client, generated from [`super::COMMANDS`]: one method per
//! command, its arguments and reply typed by the ts-rs bindings beside it.
//! `core/tests/bindings.rs` writes it to `ui/src/bindings/api.ts` and fails
//! when the committed file is stale.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::{CommandSpec, NoArgs, COMMANDS};

/// camelCase of a snake_case command name: `order_command` → `orderCommand`.
pub fn method_name(command: &str) -> String {
    let mut out = String::with_capacity(command.len());
    let mut upper = false;
    for c in command.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

fn takes_args(spec: &CommandSpec) -> bool {
    (spec.args_ts)() != <NoArgs as ts_rs::TS>::name()
}

fn doc_comment(doc: &str, indent: &str) -> String {
    let lines: Vec<&str> = doc.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    match lines.as_slice() {
        [] => String::new(),
        [one] => format!("{indent}/** {one} */\n"),
        many => {
            let mut out = format!("{indent}/**\n");
            for l in many {
                let _ = writeln!(out, "{indent} * {l}");
            }
            out + &format!("{indent} */\n")
        }
    }
}

/// The whole client module, as committed in `ui/src/bindings/api.ts`.
pub fn typescript() -> String {
    let mut imports = BTreeMap::new();
    for spec in COMMANDS {
        for d in (spec.imports)() {
            if d.ts_name != <NoArgs as ts_rs::TS>::name() {
                let path = d.output_path.with_extension("").to_string_lossy().replace('\\', "/");
                imports.insert(d.ts_name, path);
            }
        }
    }
    let mut out = String::from(
        "// Generated from pos-core's API table (core/src/api/mod.rs); do not edit.\n\
         // `UPDATE_BINDINGS=1 cargo test -p pos-core --test bindings` rewrites it.\n\n",
    );
    for (name, path) in &imports {
        let _ = writeln!(out, "import type {{ {name} }} from \"./{path}\";");
    }
    out.push_str(
        "\n/** Sends one command by its snake_case name; rejects with an ErrorBody `{ code, message }`. */\n\
         export type Call = <T>(command: string, args: Record<string, unknown>) => Promise<T>;\n\n\
         /** Every command of the till, as one method each. */\nexport interface Api {\n",
    );
    for spec in COMMANDS {
        out.push_str(&doc_comment(spec.doc, "  "));
        let params = if takes_args(spec) { format!("args: {}", (spec.args_ts)()) } else { String::new() };
        let _ = writeln!(out, "  {}({params}): Promise<{}>;", method_name(spec.name), (spec.reply_ts)());
    }
    out.push_str("}\n\n/** The commands' names, as the shell grants them. */\nexport const COMMANDS = [\n");
    for spec in COMMANDS {
        let _ = writeln!(out, "  \"{}\",", spec.name);
    }
    out.push_str("] as const;\n\n/** The client over one way of sending commands. */\nexport function api(call: Call): Api {\n  return {\n");
    for spec in COMMANDS {
        let (method, reply) = (method_name(spec.name), (spec.reply_ts)());
        if takes_args(spec) {
            let _ = writeln!(out, "    {method}: (args) => call<{reply}>(\"{}\", args),", spec.name);
        } else {
            let _ = writeln!(out, "    {method}: () => call<{reply}>(\"{}\", {{}}),", spec.name);
        }
    }
    out.push_str("  };\n}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn method_names_are_camel_case() {
        assert_eq!(method_name("order_command"), "orderCommand");
        assert_eq!(method_name("app_status"), "appStatus");
        assert_eq!(method_name("audit"), "audit");
    }

    #[test]
    fn every_command_has_a_method_and_a_name() {
        let ts = typescript();
        for spec in COMMANDS {
            assert!(ts.contains(&format!("  {}(", method_name(spec.name))), "{}", spec.name);
            assert!(ts.contains(&format!("\"{}\",", spec.name)), "{}", spec.name);
        }
        assert!(ts.contains("signIn(args: SignInArgs): Promise<StaffMember>;"), "{ts}");
        assert!(ts.contains("appStatus(): Promise<AppStatus>;"), "{ts}");
    }
}
