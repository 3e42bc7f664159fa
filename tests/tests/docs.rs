//! The documents point at what is there: every relative link in README.md,
//! ARCHITECTURE.md and docs/ (`[text](path)`), and every repository path
//! written in backticks (`core/tests/cli.rs`), names a file or directory of
//! this repository. A renamed test or a moved document fails here, in plain
//! `cargo test --workspace`, instead of leaving a reader at a dead end.
//!
//! Paths in ARCHITECTURE.md's code map are often written from their crate
//! (`src/till/` under `### core/`); they are looked for there too.

use std::path::{Path, PathBuf};

/// What the build makes, so a fresh clone does not have it.
const BUILT: [&str; 3] = ["ui/dist", "target/", "node_modules"];

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ sits in the repository").to_path_buf()
}

/// The documents checked, relative to the repository's root.
fn documents(root: &Path) -> Vec<PathBuf> {
    let mut found = vec![PathBuf::from("README.md"), PathBuf::from("ARCHITECTURE.md")];
    if let Ok(entries) = std::fs::read_dir(root.join("docs")) {
        let mut docs: Vec<PathBuf> = entries
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "md"))
            .map(|p| p.strip_prefix(root).expect("under the root").to_path_buf())
            .collect();
        docs.sort();
        found.extend(docs);
    }
    found
}

/// One reference a document makes: its line, what it says, and whether it
/// was a markdown link (resolved from the document's folder) or a path in
/// backticks (resolved from the root or the section's directory).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Reference {
    line: usize,
    target: String,
    link: bool,
    /// The directory of the `### \`dir/\`` section it sits in, if any.
    section: Option<String>,
}

/// The markdown links' targets on `line`: `[text](target)`, without a
/// `#fragment` or a `"title"`.
fn links(line: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = line;
    while let Some(at) = rest.find("](") {
        let after = &rest[at + 2..];
        let Some(end) = after.find(')') else { break };
        let target = after[..end].split_whitespace().next().unwrap_or("");
        found.push(target.to_string());
        rest = &after[end..];
    }
    found
}

/// The backticked spans on `line` that look like paths in this repository.
fn backticked_paths(line: &str) -> Vec<String> {
    line.split('`')
        .skip(1)
        .step_by(2)
        .filter(|span| looks_like_repo_path(span))
        .map(str::to_string)
        .collect()
}

fn looks_like_repo_path(span: &str) -> bool {
    span.contains('/')
        && span.len() > 1
        && !span.starts_with(['/', '~', '#', '@', '$'])
        && !span.contains("://")
        && !span.contains(|c: char| c.is_whitespace() || "<>*{}[]()=:;,'\"".contains(c))
        // a file or directory name, not a ratio or a date
        && span.split('/').filter(|part| !part.is_empty()).all(|part| part.chars().any(char::is_alphabetic))
}

fn external(target: &str) -> bool {
    target.is_empty() || target.starts_with('#') || target.contains("://") || target.starts_with("mailto:")
}

fn references(text: &str) -> Vec<Reference> {
    let mut found = Vec::new();
    let mut section = None;
    let mut fenced = false;
    for (index, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if line.starts_with('#') {
            // `### \`core/\`` opens a section about that directory; any other heading ends it.
            let title = line.trim_start_matches('#').trim();
            section = title
                .strip_prefix('`')
                .and_then(|t| t.strip_suffix('`'))
                .filter(|t| t.ends_with('/'))
                .map(|t| t.trim_end_matches('/').to_string());
        }
        if fenced {
            continue;
        }
        for target in links(line) {
            if !external(&target) {
                let target = target.split('#').next().unwrap_or("").to_string();
                found.push(Reference { line: index + 1, target, link: true, section: section.clone() });
            }
        }
        for target in backticked_paths(line) {
            found.push(Reference { line: index + 1, target, link: false, section: section.clone() });
        }
    }
    found
}

/// Where a reference may point: a link from the document's folder; a path
/// from the root, or from its section's directory (and that crate's `src/`
/// and `tests/`, as the code map writes them).
fn candidates(root: &Path, document: &Path, reference: &Reference) -> Vec<PathBuf> {
    let target = reference.target.trim_end_matches('/');
    if reference.link {
        let folder = root.join(document).parent().expect("a document sits in a folder").to_path_buf();
        return vec![folder.join(target)];
    }
    let mut bases = vec![root.to_path_buf()];
    if let Some(section) = &reference.section {
        let dir = root.join(section);
        bases.extend([dir.join("src"), dir.join("tests"), dir]);
    }
    bases.into_iter().map(|base| base.join(target)).collect()
}

fn built(target: &str) -> bool {
    BUILT.iter().any(|prefix| target.starts_with(prefix) || target.contains(&format!("/{prefix}")))
}

/// The references of `document` that point at nothing, as `file:line: target`.
fn broken(root: &Path, document: &Path, text: &str) -> Vec<String> {
    references(text)
        .into_iter()
        .filter(|r| r.link || !built(&r.target))
        .filter(|r| !candidates(root, document, r).iter().any(|path| path.exists()))
        .map(|r| format!("{}:{}: {}", document.display(), r.line, r.target))
        .collect()
}

#[test]
fn every_relative_link_and_path_in_the_documents_exists() {
    let root = repo_root();
    let mut dead = Vec::new();
    let mut checked = 0;
    for document in documents(&root) {
        let text = std::fs::read_to_string(root.join(&document))
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", document.display()));
        checked += references(&text).len();
        dead.extend(broken(&root, &document, &text));
    }
    assert!(checked > 50, "the documents name files and folders; only {checked} references found");
    assert!(dead.is_empty(), "these references point at nothing:\n  {}", dead.join("\n  "));
}

#[test]
fn a_dead_link_or_path_is_reported_with_its_line() {
    let root = repo_root();
    let text = "# Doc\n\nSee [the architecture](ARCHITECTURE.md) and [gone](docs/NOPE.md#x).\n\
                \n```sh\nscripts/not-checked-in-code\n```\n\
                The tests are in `core/tests/cli.rs` and `core/tests/missing.rs`; `3/4` is no path.\n\
                ### `core/`\n- `src/till/` and `src/gone.rs`\n## Other\n- `src/till/`\n\
                [web](https://example.com) [here](#doc) `ui/dist` `https://x/y`\n";
    let dead = broken(&root, Path::new("README.md"), text);
    assert_eq!(
        dead,
        [
            "README.md:3: docs/NOPE.md",
            "README.md:8: core/tests/missing.rs",
            "README.md:10: src/gone.rs",
            "README.md:12: src/till/",
        ],
    );
}

#[test]
fn links_are_read_with_their_targets_only() {
    assert_eq!(links("a [x](one.md) b [y](two.md#part \"title\") c"), ["one.md", "two.md#part"]);
    assert_eq!(backticked_paths("`core/` and `a b/c` and `x` and `1/2` and `.ci/run`"), ["core/", ".ci/run"]);
}
