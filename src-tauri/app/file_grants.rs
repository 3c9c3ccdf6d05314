//! The shell's file dialogs and the writes they grant. The webview never gets "write these bytes to that
//! path": a chart export may only write to a path the user chose in a save dialog of this session, once,
//! and a PNG export only bytes that are a PNG image. An export of selected people is the same grant, but
//! its bytes come from the core, never from the webview.

use std::collections::HashSet;
use std::sync::{Arc, Mutex, OnceLock};

use relata_core::{AppError, AppResult, ErrorCode};

use super::file_dialog::{suggested_name, ChartFormat, FilePurpose, SaveGrant};

/// Shows a dialog for a purpose, with a suggested file name for a save; answers with the chosen path.
pub type Picker = Arc<dyn Fn(FilePurpose, String) -> Option<String> + Send + Sync>;

/// The first bytes of every PNG file.
const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

#[derive(Default)]
pub struct FileDialogs {
    // Only the desktop app has one; the mock-runtime tests set a fake.
    picker: OnceLock<Picker>,
    // Save paths chosen for exports and not yet written, with the write they were chosen for.
    granted: Mutex<HashSet<(String, SaveGrant)>>,
}

impl FileDialogs {
    pub fn set_picker(&self, pick: Picker) {
        let _ = self.picker.set(pick);
    }

    /// Asks the user for a file (`None` when they cancel; an error when this app has no dialogs). A path
    /// chosen to save a chart export is granted one write of that format.
    pub async fn pick(&self, purpose: FilePurpose, name: Option<String>) -> AppResult<Option<String>> {
        let pick = self
            .picker
            .get()
            .cloned()
            .ok_or_else(|| AppError::new(ErrorCode::Internal, "this window cannot show file dialogs"))?;
        let name = suggested_name(purpose, name.as_deref());
        // The dialog blocks until the user answers: keep it off the async runtime's workers.
        let picked = tauri::async_runtime::spawn_blocking(move || pick(purpose, name))
            .await
            .map_err(|e| AppError::internal(format!("background task failed: {e}")))?;
        if let (Some(path), Some(grant)) = (&picked, purpose.grant()) {
            self.granted.lock().unwrap_or_else(|p| p.into_inner()).insert((path.clone(), grant));
        }
        Ok(picked)
    }

    /// Writes a chart export to a path granted by a save dialog, using the grant up. CSV is text; PNG is
    /// base64 (a `data:image/png;base64,` URL is accepted too) that must decode to a PNG image.
    pub fn write_chart(&self, path: &str, format: ChartFormat, content: &str) -> AppResult<()> {
        self.take(path, SaveGrant::Chart(format))?;
        let bytes = chart_bytes(format, content)?;
        std::fs::write(path, bytes)?;
        tracing::info!(?format, "chart exported");
        Ok(())
    }
}

impl FileDialogs {
    /// Uses up the grant of one write to `path`; `forbidden` when no save dialog of this session gave it.
    pub fn take(&self, path: &str, grant: SaveGrant) -> AppResult<()> {
        let granted = self.granted.lock().unwrap_or_else(|p| p.into_inner()).remove(&(path.to_string(), grant));
        if !granted {
            return Err(AppError::field(
                ErrorCode::Forbidden,
                "path",
                "this file was not chosen in a save dialog for this export",
            ));
        }
        Ok(())
    }
}

fn chart_bytes(format: ChartFormat, content: &str) -> AppResult<Vec<u8>> {
    use base64::Engine as _;
    match format {
        ChartFormat::Csv => Ok(content.as_bytes().to_vec()),
        ChartFormat::Png => {
            let data = content.trim().strip_prefix("data:image/png;base64,").unwrap_or(content.trim());
            let bytes = base64::engine::general_purpose::STANDARD.decode(data).unwrap_or_default();
            if !bytes.starts_with(PNG_SIGNATURE) {
                return Err(AppError::field(ErrorCode::Forbidden, "content", "the image is not a PNG"));
            }
            Ok(bytes)
        }
    }
}
