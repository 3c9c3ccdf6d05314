#![no_main]

use libfuzzer_sys::fuzz_target;
use relata_fuzz::delimited::CsvSource;

fuzz_target!(|data: &[u8]| {
    if let Ok(mut src) = CsvSource::from_bytes(data.to_vec()) {
        relata_fuzz::drain(&mut src);
    }
});
