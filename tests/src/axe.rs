//! Accessibility checks with axe-core: the UI's devDependency
//! (`ui/node_modules/axe-core/axe.min.js`) is put into the page over
//! WebDriver and `axe.run` checks what the page shows now.
//!
//! Only `serious` and `critical` violations fail a check; the others are
//! printed so they can be seen and fixed too.

use std::path::PathBuf;

use serde_json::{json, Value};

use crate::App;

/// Impacts that fail a check.
const FAILING: [&str; 2] = ["serious", "critical"];

/// One rule broken on the page: which, how badly, and where.
#[derive(Debug, Clone)]
pub struct Violation {
    pub id: String,
    pub impact: String,
    pub help: String,
    /// The offending elements, as CSS selectors, each with axe's summary of what is wrong.
    pub targets: Vec<(String, String)>,
}

impl Violation {
    /// Whether this violation fails a check (serious or critical).
    pub fn fails(&self) -> bool {
        FAILING.contains(&self.impact.as_str())
    }

    fn from_json(value: &Value) -> Violation {
        let text = |v: &Value, key: &str| v.get(key).and_then(Value::as_str).unwrap_or_default().to_string();
        let targets = value
            .get("nodes")
            .and_then(Value::as_array)
            .map(|nodes| {
                nodes
                    .iter()
                    .map(|node| {
                        let target = node
                            .get("target")
                            .and_then(Value::as_array)
                            .map(|parts| parts.iter().map(|p| p.as_str().map_or_else(|| p.to_string(), str::to_string)).collect::<Vec<_>>().join(" "))
                            .unwrap_or_default();
                        (target, text(node, "summary"))
                    })
                    .collect()
            })
            .unwrap_or_default();
        Violation { id: text(value, "id"), impact: text(value, "impact"), help: text(value, "help"), targets }
    }
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "[{}] {}: {}", self.impact, self.id, self.help)?;
        for (target, summary) in &self.targets {
            writeln!(f, "    {target}")?;
            for line in summary.lines() {
                writeln!(f, "        {line}")?;
            }
        }
        Ok(())
    }
}

/// `POS_E2E_AXE_REPORT` set: checks print serious and critical violations
/// without failing, to see everything a change has to fix in one run.
fn report_only() -> bool {
    std::env::var_os("POS_E2E_AXE_REPORT").is_some_and(|v| !v.is_empty())
}

/// The axe-core script the UI installs: `$POS_AXE`, else
/// `ui/node_modules/axe-core/axe.min.js` in this repository.
pub fn script_path() -> PathBuf {
    if let Some(path) = std::env::var_os("POS_AXE") {
        return PathBuf::from(path);
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../ui/node_modules/axe-core/axe.min.js")
}

impl App {
    /// Runs axe-core on the page as it is now and answers every violation
    /// (the page gets axe-core first if it has not got it yet).
    pub async fn axe_violations(&self) -> Vec<Violation> {
        self.inject_axe().await;
        let run = r#"const done = arguments[arguments.length - 1];
            window.axe.run(document, { resultTypes: ["violations"] }).then(
              (r) => done({ violations: r.violations.map((v) => ({
                id: v.id, impact: v.impact ?? "", help: v.help,
                nodes: v.nodes.map((n) => ({ target: n.target, summary: n.failureSummary ?? "" })),
              })) }),
              (e) => done({ error: String(e) }),
            );"#;
        let answer = self
            .client()
            .execute_async(run, vec![])
            .await
            .unwrap_or_else(|e| self.fail(&format!("axe.run did not answer: {e}")));
        if let Some(error) = answer.get("error") {
            self.fail(&format!("axe.run failed: {error}"));
        }
        answer
            .get("violations")
            .and_then(Value::as_array)
            .unwrap_or_else(|| self.fail(&format!("axe.run answered {answer}")))
            .iter()
            .map(Violation::from_json)
            .collect()
    }

    /// Checks the page with axe-core: prints every violation, and fails the
    /// test (naming `what` is on screen) if any is serious or critical.
    pub async fn check_accessibility(&self, what: &str) {
        self.wait_for_paint().await;
        let violations = self.axe_violations().await;
        let (failing, minor): (Vec<_>, Vec<_>) = violations.into_iter().partition(Violation::fails);
        for v in &minor {
            eprintln!("axe, {what} (not failing): {v}");
        }
        if !failing.is_empty() {
            let listed: String = failing.iter().map(ToString::to_string).collect();
            if report_only() {
                eprintln!("axe, {what}: {} serious or critical violation(s) (POS_E2E_AXE_REPORT: not failing):\n{listed}", failing.len());
                return;
            }
            self.fail(&format!("axe-core finds {} serious or critical violation(s) on {what}:\n{listed}", failing.len()));
        }
        eprintln!("axe, {what}: no serious or critical violation ({} minor)", minor.len());
    }

    async fn inject_axe(&self) {
        let present = self.script("return typeof window.axe === 'object' && typeof window.axe.run === 'function';", vec![]).await;
        if present == json!(true) {
            return;
        }
        let path = script_path();
        let source = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            self.fail(&format!("cannot read axe-core at {} ({e}): run `npm ci` in ui/", path.display()))
        });
        // Run as the body of the WebDriver script: axe's bundle sets window.axe.
        self.script(&format!("{source}\n;return typeof window.axe;"), vec![]).await;
    }
}
