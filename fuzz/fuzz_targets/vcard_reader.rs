#![no_main]

use libfuzzer_sys::fuzz_target;
use relata_fuzz::vcard::VcardSource;

fuzz_target!(|data: &[u8]| {
    relata_fuzz::drain(&mut VcardSource::from_bytes(data.to_vec()));
});
