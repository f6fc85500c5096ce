//! The hand-kept header `include/fitflate.h` must match the sources in `src/`: the same
//! `FITFLATE_*` constants with the same values, and the same `extern "C"` functions with the same
//! parameter names and C types.

use std::collections::BTreeMap;
use std::ffi::CStr;

use fitflate_c::*;

const HEADER: &str = include_str!("../include/fitflate.h");
/// The Rust sources of the C ABI by file name: every `.rs` file of `src/` (`sources_are_all_read`
/// makes sure none is missing here).
const SOURCES: &[(&str, &str)] = &[
    ("codes.rs", include_str!("../src/codes.rs")),
    ("convert.rs", include_str!("../src/convert.rs")),
    ("dictionary.rs", include_str!("../src/dictionary.rs")),
    ("errors.rs", include_str!("../src/errors.rs")),
    ("frame.rs", include_str!("../src/frame.rs")),
    ("handle.rs", include_str!("../src/handle.rs")),
    ("lib.rs", include_str!("../src/lib.rs")),
    ("limits.rs", include_str!("../src/limits.rs")),
    ("output.rs", include_str!("../src/output.rs")),
    ("read.rs", include_str!("../src/read.rs")),
    ("tests.rs", include_str!("../src/tests.rs")),
];

/// Every constant of the Rust side with its value. `rust_constants_are_all_listed` makes sure no
/// `pub const` of the sources is missing here.
fn rust_constants() -> BTreeMap<&'static str, i64> {
    let table: &[(&str, std::ffi::c_int)] = &[
        ("FITFLATE_FORMAT_RAW", FITFLATE_FORMAT_RAW),
        ("FITFLATE_FORMAT_ZLIB", FITFLATE_FORMAT_ZLIB),
        ("FITFLATE_FORMAT_GZIP", FITFLATE_FORMAT_GZIP),
        ("FITFLATE_FORMAT_LEGACY", FITFLATE_FORMAT_LEGACY),
        ("FITFLATE_FORMAT_AUTO", FITFLATE_FORMAT_AUTO),
        ("FITFLATE_LEVEL_DEFAULT", FITFLATE_LEVEL_DEFAULT),
        ("FITFLATE_DEFAULT_LEVEL", FITFLATE_DEFAULT_LEVEL),
        ("FITFLATE_MAX_LEVEL", FITFLATE_MAX_LEVEL),
        ("FITFLATE_OK", FITFLATE_OK),
        ("FITFLATE_ACCEPTED", FITFLATE_ACCEPTED),
        ("FITFLATE_FULL", FITFLATE_FULL),
        ("FITFLATE_TOO_LARGE", FITFLATE_TOO_LARGE),
        ("FITFLATE_ERR_NULL_POINTER", FITFLATE_ERR_NULL_POINTER),
        ("FITFLATE_ERR_BAD_LENGTH", FITFLATE_ERR_BAD_LENGTH),
        ("FITFLATE_ERR_BAD_FORMAT", FITFLATE_ERR_BAD_FORMAT),
        ("FITFLATE_ERR_BAD_LEVEL", FITFLATE_ERR_BAD_LEVEL),
        (
            "FITFLATE_ERR_CAP_BELOW_MINIMUM",
            FITFLATE_ERR_CAP_BELOW_MINIMUM,
        ),
        (
            "FITFLATE_ERR_BUFFER_TOO_SMALL",
            FITFLATE_ERR_BUFFER_TOO_SMALL,
        ),
        ("FITFLATE_ERR_INTERNAL", FITFLATE_ERR_INTERNAL),
        ("FITFLATE_ERR_POISONED", FITFLATE_ERR_POISONED),
        ("FITFLATE_ERR_BAD_FRAME", FITFLATE_ERR_BAD_FRAME),
        (
            "FITFLATE_ERR_NO_DICTIONARY_FIELD",
            FITFLATE_ERR_NO_DICTIONARY_FIELD,
        ),
        (
            "FITFLATE_ERR_DICTIONARY_NEEDED",
            FITFLATE_ERR_DICTIONARY_NEEDED,
        ),
        (
            "FITFLATE_ERR_DICTIONARY_MISMATCH",
            FITFLATE_ERR_DICTIONARY_MISMATCH,
        ),
    ];
    table.iter().map(|&(n, v)| (n, i64::from(v))).collect()
}

/// Remove `/* ... */` and `// ...` comments.
fn strip_c_comments(src: &str) -> String {
    let mut out = String::new();
    let mut rest = src;
    loop {
        let block = rest.find("/*");
        let line = rest.find("//");
        match (block, line) {
            (Some(b), l) if l.is_none_or(|l| b < l) => {
                out.push_str(&rest[..b]);
                let end = rest[b + 2..].find("*/").expect("unterminated comment") + b + 4;
                out.push(' ');
                rest = &rest[end..];
            }
            (_, Some(l)) => {
                out.push_str(&rest[..l]);
                rest = &rest[l..];
                rest = &rest[rest.find('\n').unwrap_or(rest.len())..];
            }
            (None, None) => {
                out.push_str(rest);
                return out;
            }
            (Some(_), None) => unreachable!(),
        }
    }
}

/// `#define FITFLATE_X value` lines of the header (the include guard has no value and is left
/// out), with the raw value text.
fn header_defines() -> BTreeMap<String, String> {
    let mut defines = BTreeMap::new();
    for line in strip_c_comments(HEADER).lines() {
        let line = line.trim();
        let Some(rest) = line.strip_prefix("#define ") else {
            continue;
        };
        let mut parts = rest.trim().splitn(2, char::is_whitespace);
        let name = parts.next().unwrap().to_string();
        let value = parts.next().unwrap_or("").trim().to_string();
        if name == "FITFLATE_H" {
            assert!(value.is_empty());
            continue;
        }
        assert!(name.starts_with("FITFLATE_"), "{name}");
        assert!(
            defines.insert(name.clone(), value).is_none(),
            "{name} defined twice"
        );
    }
    defines
}

fn parse_c_int(value: &str) -> i64 {
    let v = value.trim();
    let v = v
        .strip_prefix('(')
        .and_then(|v| v.strip_suffix(')'))
        .unwrap_or(v)
        .trim();
    v.parse()
        .unwrap_or_else(|_| panic!("not an integer literal: {value:?}"))
}

/// Canonical spelling of a C type: tokens separated by one space, each `*` its own token.
fn canon_c_type(t: &str) -> String {
    t.replace('*', " * ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The C type a Rust FFI type stands for, canonically spelled.
fn c_type_of_rust(t: &str) -> String {
    let t = t.trim();
    if let Some(inner) = t.strip_prefix("*const ") {
        return canon_c_type(&format!("const {} *", c_type_of_rust(inner)));
    }
    if let Some(inner) = t.strip_prefix("*mut ") {
        return canon_c_type(&format!("{} *", c_type_of_rust(inner)));
    }
    match t {
        "" | "()" => "void",
        "u8" => "uint8_t",
        "u32" => "uint32_t",
        "u64" => "uint64_t",
        "i64" => "int64_t",
        "usize" => "size_t",
        "isize" => "ptrdiff_t",
        "c_int" => "int",
        "c_char" => "char",
        "fitflate_frame" => "fitflate_frame",
        other => panic!("no C spelling for the Rust type {other:?}; extend c_type_of_rust"),
    }
    .to_string()
}

/// A function signature: name, return type, and (parameter name, type) pairs, in C spelling.
#[derive(Debug, PartialEq, Eq)]
struct Signature {
    ret: String,
    params: Vec<(String, String)>,
}

/// Split a C declarator like `const uint8_t *delimiter` into its type and its name.
fn split_c_decl(decl: &str) -> (String, String) {
    let decl = decl.trim();
    let name_start = decl
        .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .map_or(0, |i| i + 1);
    (
        canon_c_type(&decl[..name_start]),
        decl[name_start..].to_string(),
    )
}

/// The function prototypes of the header.
fn header_functions() -> BTreeMap<String, Signature> {
    let text: String = strip_c_comments(HEADER)
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .collect::<Vec<_>>()
        .join("\n");
    let mut functions = BTreeMap::new();
    for decl in text.split(';') {
        let decl = decl.trim();
        let Some(open) = decl.find('(') else {
            continue;
        };
        // Whatever precedes the prototype in this chunk (`extern "C" {`, `}`, a typedef) ends at
        // the last brace.
        let head = &decl[..open];
        let head = &head[head.rfind(['{', '}']).map_or(0, |i| i + 1)..];
        let (ret, name) = split_c_decl(head);
        let close = decl.rfind(')').expect("unclosed parameter list");
        let params_text = decl[open + 1..close].trim();
        let params = if params_text == "void" {
            Vec::new()
        } else {
            params_text
                .split(',')
                .map(|p| {
                    let (t, n) = split_c_decl(p);
                    (n, t)
                })
                .collect()
        };
        assert!(name.starts_with("fitflate_"), "unexpected function {name}");
        let old = functions.insert(name.clone(), Signature { ret, params });
        assert!(old.is_none(), "{name} declared twice");
    }
    functions
}

/// The `#[no_mangle] pub ... extern "C" fn` functions of the sources.
fn rust_functions() -> BTreeMap<String, Signature> {
    let mut functions = BTreeMap::new();
    for &(_, source) in SOURCES {
        rust_functions_in(source, &mut functions);
    }
    functions
}

/// Add the `#[no_mangle] pub ... extern "C" fn` functions of one source file to `functions`.
fn rust_functions_in(source: &str, functions: &mut BTreeMap<String, Signature>) {
    let mut rest = source;
    while let Some(at) = rest.find("#[no_mangle]") {
        rest = &rest[at + "#[no_mangle]".len()..];
        let fn_at = rest.find(" fn ").expect("fn after #[no_mangle]");
        let prefix = rest[..fn_at].trim();
        assert!(
            prefix == "pub extern \"C\"" || prefix == "pub unsafe extern \"C\"",
            "unexpected item qualifiers {prefix:?}"
        );
        let sig = &rest[fn_at + 4..rest.find('{').unwrap()];
        let open = sig.find('(').unwrap();
        let close = sig.rfind(')').unwrap();
        let name = sig[..open].trim().to_string();
        let params = sig[open + 1..close]
            .split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (n, t) = p.split_once(':').expect("name: type");
                (n.trim().to_string(), c_type_of_rust(t))
            })
            .collect();
        let ret = sig[close + 1..]
            .trim()
            .strip_prefix("->")
            .map_or_else(|| c_type_of_rust(""), c_type_of_rust);
        let old = functions.insert(name.clone(), Signature { ret, params });
        assert!(old.is_none(), "{name} defined twice");
    }
}

#[test]
fn sources_are_all_read() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
    let mut on_disk: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.ends_with(".rs"))
        .collect();
    on_disk.sort();
    let listed: Vec<&str> = SOURCES.iter().map(|&(name, _)| name).collect();
    assert_eq!(on_disk, listed, "update SOURCES in this test");
}

#[test]
fn rust_constants_are_all_listed() {
    let parsed: Vec<&str> = SOURCES
        .iter()
        .flat_map(|&(_, source)| source.lines())
        .filter_map(|l| l.trim().strip_prefix("pub const "))
        .map(|l| l.split(':').next().unwrap().trim())
        .collect();
    let listed: Vec<&str> = rust_constants().keys().copied().collect();
    let mut parsed_sorted = parsed.clone();
    parsed_sorted.sort();
    assert_eq!(
        parsed_sorted, listed,
        "update rust_constants() in this test"
    );
}

#[test]
fn header_constants_match_rust() {
    let mut defines = header_defines();
    let version = defines
        .remove("FITFLATE_VERSION")
        .expect("FITFLATE_VERSION");
    assert_eq!(version, format!("\"{}\"", env!("CARGO_PKG_VERSION")));
    // SAFETY: a static NUL-terminated string.
    let runtime = unsafe { CStr::from_ptr(fitflate_version()) };
    assert_eq!(runtime.to_str().unwrap(), env!("CARGO_PKG_VERSION"));

    let header: BTreeMap<&str, i64> = defines
        .iter()
        .map(|(n, v)| (n.as_str(), parse_c_int(v)))
        .collect();
    assert_eq!(header, rust_constants());
}

#[test]
fn header_functions_match_rust() {
    let header = header_functions();
    let rust = rust_functions();
    assert!(
        rust.len() >= 13,
        "parsed only {} Rust functions",
        rust.len()
    );
    let header_names: Vec<_> = header.keys().collect();
    let rust_names: Vec<_> = rust.keys().collect();
    assert_eq!(header_names, rust_names, "functions differ");
    for (name, sig) in &rust {
        assert_eq!(&header[name], sig, "signature of {name}");
    }
}

#[test]
fn constants_agree_with_the_rust_library() {
    assert_eq!(
        FITFLATE_DEFAULT_LEVEL as u32,
        fitflate::Level::DEFAULT.get()
    );
    assert_eq!(FITFLATE_MAX_LEVEL as u32, fitflate::Level::STRONGEST.get());
    for (c, f) in [
        (FITFLATE_FORMAT_RAW, fitflate::Format::Raw),
        (FITFLATE_FORMAT_ZLIB, fitflate::Format::Zlib),
        (FITFLATE_FORMAT_GZIP, fitflate::Format::Gzip),
        (FITFLATE_FORMAT_LEGACY, fitflate::Format::Legacy),
    ] {
        assert_eq!(fitflate_min_frame_size(c), f.min_frame_size());
    }
    // The header's comment names the minimums.
    assert!(HEADER.contains("raw 2, zlib 8, gzip 20, legacy 24"));
    // Push answers are non-negative and distinct; errors negative and distinct.
    let c = rust_constants();
    let answers = [FITFLATE_ACCEPTED, FITFLATE_FULL, FITFLATE_TOO_LARGE];
    assert!(answers.iter().all(|&a| a >= 0));
    let mut errs: Vec<i64> = c
        .iter()
        .filter(|(n, _)| n.starts_with("FITFLATE_ERR_"))
        .map(|(_, &v)| v)
        .collect();
    assert!(errs.iter().all(|&e| e < 0));
    let n = errs.len();
    errs.sort();
    errs.dedup();
    assert_eq!(errs.len(), n, "duplicate error codes");
}

/// The parsers themselves: a changed prototype is caught.
#[test]
fn parsers_see_differences() {
    let (t, n) = split_c_decl("const uint8_t *delimiter");
    assert_eq!((t.as_str(), n.as_str()), ("const uint8_t *", "delimiter"));
    assert_eq!(c_type_of_rust("*const u8"), "const uint8_t *");
    assert_eq!(c_type_of_rust("*mut *mut u8"), "uint8_t * *");
    assert_eq!(canon_c_type("uint8_t **"), "uint8_t * *");
    assert_eq!(
        strip_c_comments("a /* b */ c // d\ne"),
        "a   c \ne".to_string()
    );
}
