//! The layers of `src/`, read from the source: each top-level module may
//! name only the modules below it, and the inner layers use no web, page,
//! paper or token crate. A new import across the lines fails here, not in
//! a review. README's architecture section draws the same table.

use std::fs;
use std::path::{Path, PathBuf};

/// Each layer and the modules of this crate it may use besides itself.
const MAY_USE: &[(&str, &[&str])] = &[
    ("domain", &[]),
    ("db", &["domain"]),
    ("print", &["domain"]),
    ("text_schema", &["domain"]),
    ("error", &["domain", "print"]),
    ("service", &["domain", "db", "print", "error"]),
    ("commands", &["domain", "service", "error", "text_schema"]),
    (
        "views",
        &["domain", "db", "service", "error", "text_schema"],
    ),
    ("auth", &["domain", "service", "error", "state"]),
    (
        "actions",
        &[
            "domain", "service", "commands", "views", "print", "error", "state", "auth",
        ],
    ),
    (
        "api",
        &[
            "domain",
            "service",
            "commands",
            "views",
            "actions",
            "print",
            "error",
            "state",
            "auth",
            "text_schema",
            "import",
        ],
    ),
    (
        "ui",
        &[
            "domain", "service", "commands", "views", "actions", "print", "error", "state", "auth",
        ],
    ),
    (
        "import",
        &["domain", "service", "commands", "print", "error", "auth"],
    ),
    ("demo", &["domain", "service", "commands", "error", "auth"]),
    ("replay", &["domain", "demo"]),
];

/// Crates a layer must not use: the domain is plain Rust, the database
/// layer and the use cases know no HTTP, pages or tokens, and the inputs,
/// views and papers run no query.
const MAY_NOT_USE: &[(&str, &[&str])] = &[
    (
        "domain",
        &[
            "diesel",
            "actix_web",
            "maud",
            "printpdf",
            "jsonwebtoken",
            "r2d2",
        ],
    ),
    ("db", &["actix_web", "maud", "printpdf", "jsonwebtoken"]),
    ("service", &["actix_web", "maud", "jsonwebtoken"]),
    ("commands", &["actix_web", "maud", "diesel"]),
    ("views", &["actix_web", "maud", "diesel"]),
    ("print", &["actix_web", "maud", "diesel"]),
];

fn sources(layer: &str) -> Vec<PathBuf> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let file = src.join(format!("{layer}.rs"));
    if file.exists() {
        return vec![file];
    }
    let mut found = Vec::new();
    let mut dirs = vec![src.join(layer)];
    while let Some(dir) = dirs.pop() {
        for entry in fs::read_dir(&dir).expect("a layer's directory") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                found.push(path);
            }
        }
    }
    assert!(!found.is_empty(), "no sources for layer {layer}");
    found
}

/// The crate's modules a source names: `crate::x` and `crate::{x, y}`.
fn named_modules(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    for (at, _) in text.match_indices("crate::") {
        let rest = &text[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let inner = &group[..group.find('}').unwrap_or(group.len())];
            names.extend(
                inner
                    .split(',')
                    .map(|part| part.trim().split("::").next().unwrap_or("").to_owned()),
            );
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            names.push(name);
        }
    }
    names.retain(|n| !n.is_empty());
    names
}

fn code_only(text: &str) -> String {
    text.lines()
        .filter(|line| {
            let line = line.trim_start();
            !line.starts_with("//")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_layer_names_only_the_layers_below_it() {
    let mut broken = Vec::new();
    for (layer, allowed) in MAY_USE {
        for path in sources(layer) {
            let text = code_only(&fs::read_to_string(&path).expect("a source"));
            for module in named_modules(&text) {
                if module != *layer && !allowed.contains(&module.as_str()) {
                    broken.push(format!("{} uses crate::{module}", path.display()));
                }
            }
        }
    }
    broken.sort();
    broken.dedup();
    assert!(
        broken.is_empty(),
        "imports across the layers:\n{}",
        broken.join("\n")
    );
}

#[test]
fn the_inner_layers_use_no_web_page_or_token_crate() {
    let mut broken = Vec::new();
    for (layer, crates) in MAY_NOT_USE {
        for path in sources(layer) {
            let text = code_only(&fs::read_to_string(&path).expect("a source"));
            for name in *crates {
                if text.contains(&format!("{name}::")) {
                    broken.push(format!("{} uses {name}", path.display()));
                }
            }
        }
    }
    assert!(
        broken.is_empty(),
        "inner layers on outer crates:\n{}",
        broken.join("\n")
    );
}

#[test]
fn the_reader_sees_a_crossing_import() {
    // The scanner itself: a front-end naming the database is caught in
    // both spellings, and a comment about it is not.
    let text = "use crate::db::events::EventRow;\nuse crate::{api, views::event};";
    assert_eq!(named_modules(text), ["db", "api", "views"]);
    assert!(named_modules(&code_only("// crate::db is below")).is_empty());
}
