//! How the report writes caps and counts.

use crate::KIB;

/// A cap for the tables: "256 B", "4 KiB", "1 MiB".
pub(crate) fn cap_name(cap: u64) -> String {
    if cap < KIB {
        format!("{cap} B")
    } else if cap >= KIB * KIB {
        format!("{} MiB", cap / KIB / KIB)
    } else {
        format!("{} KiB", cap / KIB)
    }
}

/// A count with thousands separators: "16,000".
pub(crate) fn int(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
