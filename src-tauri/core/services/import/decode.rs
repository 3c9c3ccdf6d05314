//! Text encodings of imported files: detected from a BOM, else UTF-8 when the start of the file is valid
//! UTF-8, else Windows-1252 (what Excel writes on Western European Windows). Decoding streams, so memory
//! does not grow with the file.

use std::fs::File;
use std::io::{self, Cursor, Read};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use encoding_rs::{Decoder, Encoding, UTF_8, WINDOWS_1252};

use crate::error::AppResult;

/// How much of the file is looked at to detect the encoding and the delimiter.
pub const SAMPLE_LEN: usize = 64 * 1024;
const CHUNK: usize = 64 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Detected {
    pub encoding: &'static Encoding,
    pub bom_len: usize,
}

impl Detected {
    /// The name shown to the user: "UTF-8", "UTF-8 (BOM)", "UTF-16LE", "windows-1252".
    pub fn label(&self) -> String {
        if self.encoding == UTF_8 && self.bom_len > 0 {
            "UTF-8 (BOM)".to_string()
        } else {
            self.encoding.name().to_string()
        }
    }
}

pub fn detect(head: &[u8]) -> Detected {
    if let Some((encoding, bom_len)) = Encoding::for_bom(head) {
        return Detected { encoding, bom_len };
    }
    let encoding = match std::str::from_utf8(head) {
        Ok(_) => UTF_8,
        // The sample may end inside a character: that is still UTF-8.
        Err(e) if e.error_len().is_none() => UTF_8,
        Err(_) => WINDOWS_1252,
    };
    Detected { encoding, bom_len: 0 }
}

/// The sample decoded to text (lossy), for delimiter detection and previews.
pub fn decode_sample(head: &[u8], detected: Detected) -> String {
    let (text, _) = detected.encoding.decode_without_bom_handling(&head[detected.bom_len.min(head.len())..]);
    text.into_owned()
}

/// An import file opened for streaming, whatever its format.
pub struct OpenedFile {
    /// The file's size, and the bytes of it read so far: progress as a share of the file.
    pub total: u64,
    pub read: Arc<AtomicU64>,
    pub detected: Detected,
    /// The start of the file decoded to text, for sniffing (a delimiter).
    pub sample: String,
    /// The whole content after any BOM, as UTF-8.
    pub body: Box<dyn Read + Send>,
}

/// Opens `path`, detects its encoding from the first `SAMPLE_LEN` bytes and streams the rest after them.
pub fn open_file(path: &Path) -> AppResult<OpenedFile> {
    let mut file = File::open(path)?;
    let total = file.metadata()?.len();
    let mut head = Vec::with_capacity(SAMPLE_LEN);
    (&mut file).take(SAMPLE_LEN as u64).read_to_end(&mut head)?;
    let read = Arc::new(AtomicU64::new(head.len() as u64));
    let detected = detect(&head);
    let sample = decode_sample(&head, detected);
    let rest = Cursor::new(head.split_off(detected.bom_len.min(head.len()))).chain(Counting::new(file, read.clone()));
    Ok(OpenedFile { total, read, detected, sample, body: utf8_reader(rest, detected) })
}

/// Counts the raw bytes read, so progress can be told as a share of the file.
pub struct Counting<R> {
    inner: R,
    read: Arc<AtomicU64>,
}

impl<R> Counting<R> {
    pub fn new(inner: R, read: Arc<AtomicU64>) -> Self {
        Counting { inner, read }
    }
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Turns a byte stream (BOM already skipped) into UTF-8. UTF-8 input passes through untouched; invalid
/// bytes in it are replaced later, field by field.
pub fn utf8_reader<R: Read + Send + 'static>(inner: R, detected: Detected) -> Box<dyn Read + Send> {
    if detected.encoding == UTF_8 {
        Box::new(inner)
    } else {
        Box::new(Transcoder {
            inner,
            decoder: detected.encoding.new_decoder_without_bom_handling(),
            raw: vec![0; CHUNK],
            out: Vec::new(),
            pos: 0,
            done: false,
        })
    }
}

struct Transcoder<R> {
    inner: R,
    decoder: Decoder,
    raw: Vec<u8>,
    out: Vec<u8>,
    pos: usize,
    done: bool,
}

impl<R: Read> Read for Transcoder<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.pos == self.out.len() {
            if self.done {
                return Ok(0);
            }
            let n = self.inner.read(&mut self.raw)?;
            let last = n == 0;
            let cap = self.decoder.max_utf8_buffer_length(n).unwrap_or(n * 3 + 16);
            self.out.resize(cap, 0);
            // The buffer is sized for the worst case, so the decoder always takes the whole chunk.
            let (_, _, written, _) = self.decoder.decode_to_utf8(&self.raw[..n], &mut self.out, last);
            self.out.truncate(written);
            self.pos = 0;
            self.done = last;
        }
        let n = buf.len().min(self.out.len() - self.pos);
        buf[..n].copy_from_slice(&self.out[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_all(bytes: &[u8]) -> String {
        let d = detect(bytes);
        let mut out = String::new();
        utf8_reader(io::Cursor::new(bytes[d.bom_len..].to_vec()), d).read_to_string(&mut out).unwrap();
        out
    }

    #[test]
    fn boms_and_fallbacks_are_detected() {
        assert_eq!(detect(b"\xEF\xBB\xBFa;b").label(), "UTF-8 (BOM)");
        assert_eq!(detect(b"\xFF\xFEa\0").label(), "UTF-16LE");
        assert_eq!(detect(b"\xFE\xFF\0a").label(), "UTF-16BE");
        assert_eq!(detect("naïve".as_bytes()).label(), "UTF-8");
        assert_eq!(detect(b"na\xEFve").label(), "windows-1252");
        // A sample cut inside a two-byte character is still UTF-8.
        assert_eq!(detect(&"ø".as_bytes()[..1]).label(), "UTF-8");
    }

    #[test]
    fn transcoding_streams_every_encoding() {
        assert_eq!(decode_all(b"M\xFCller;\x80"), "Müller;€");
        let utf16: Vec<u8> =
            [0xFF, 0xFE].into_iter().chain("Jürgen,ø".encode_utf16().flat_map(u16::to_le_bytes)).collect();
        assert_eq!(decode_all(&utf16), "Jürgen,ø");
        let big: Vec<u8> =
            [0xFE, 0xFF].into_iter().chain("ß".repeat(70_000).encode_utf16().flat_map(u16::to_be_bytes)).collect();
        assert_eq!(decode_all(&big), "ß".repeat(70_000));
    }
}
