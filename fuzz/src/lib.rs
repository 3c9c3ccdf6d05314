//! The import's CSV and vCard readers with just what they need around them, taken from the app's own
//! source files, so the fuzz targets exercise exactly the code the app runs.
#![allow(dead_code)]

#[path = "../../src-tauri/core/error.rs"]
pub mod error;

/// The two id/time aliases the import's types use (the app's domain module needs far more).
pub mod domain {
    pub type Id = i64;
    pub type Millis = i64;
}

// The reader modules sit side by side at the root, as they do in `services::import`.
#[path = "../../src-tauri/core/services/import/decode.rs"]
pub mod decode;
#[path = "../../src-tauri/core/services/import/delimited.rs"]
pub mod delimited;
#[path = "../../src-tauri/core/services/import/source.rs"]
pub mod source;
#[path = "../../src-tauri/core/services/import/types.rs"]
pub mod types;
#[path = "../../src-tauri/core/services/import/vcard.rs"]
pub mod vcard;
#[path = "../../src-tauri/core/services/import/xlsx.rs"]
pub mod xlsx;

use source::RowSource;

/// Reads every row a source yields (bounded, so a fuzz case cannot run forever).
pub fn drain(src: &mut dyn RowSource) {
    let mut cells = Vec::new();
    for _ in 0..100_000 {
        match src.next_row(&mut cells) {
            Ok(Some(_)) => assert!(cells.len() < 1 << 20),
            Ok(None) | Err(_) => break,
        }
    }
    let f = src.fraction();
    assert!((0.0..=1.0).contains(&f), "progress out of range: {f}");
}
