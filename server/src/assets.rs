//! The browser bundle, served from memory under content-hashed names.
//!
//! At start-up the server reads `pkg/putright.{css,js}` and the wasm module from the site
//! root, names each by a hash of its content and compresses it once with brotli and gzip.
//! A name changes whenever the content does, so every file is cached for a year.

use app::AssetLinks;
use axum::{
    body::Body,
    extract::{Path, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use sha2::{Digest, Sha256};
use std::{collections::HashMap, io::Write, path::Path as FsPath, sync::Arc};

/// Where the files are served from.
pub const PKG_PATH: &str = "/pkg";

#[derive(Debug)]
struct Asset {
    content_type: &'static str,
    identity: Vec<u8>,
    brotli: Vec<u8>,
    gzip: Vec<u8>,
}

/// The bundle as the server holds it.
#[derive(Debug, Default)]
pub struct Assets {
    files: HashMap<String, Asset>,
    links: AssetLinks,
}

/// Sizes of one file, for the start-up log and the payload budget.
#[derive(Debug, Clone, Copy)]
pub struct Sizes {
    pub identity: usize,
    pub brotli: usize,
}

impl Assets {
    /// Loads and compresses whatever of the bundle exists under `site_root/pkg`. A missing
    /// bundle is not an error: pages are then served as plain HTML without the wasm.
    pub fn load(site_root: &FsPath) -> std::io::Result<Self> {
        let pkg = site_root.join("pkg");
        let mut assets = Assets::default();
        // cargo-leptos names the wasm module `putright.wasm`; wasm-bindgen `putright_bg.wasm`.
        let candidates: [(&str, &[&str], &'static str); 3] = [
            ("css", &["putright.css"], "text/css; charset=utf-8"),
            ("js", &["putright.js"], "text/javascript; charset=utf-8"),
            (
                "wasm",
                &["putright_bg.wasm", "putright.wasm"],
                "application/wasm",
            ),
        ];
        for (ext, names, content_type) in candidates {
            let Some(path) = names.iter().map(|n| pkg.join(n)).find(|p| p.is_file()) else {
                continue;
            };
            let identity = std::fs::read(&path)?;
            let hash = Sha256::digest(&identity);
            let hex: String = hash.iter().take(8).map(|b| format!("{b:02x}")).collect();
            let name = format!("putright.{hex}.{ext}");
            let url = format!("{PKG_PATH}/{name}");
            match ext {
                "css" => assets.links.css = Some(url),
                "js" => assets.links.js = Some(url),
                _ => assets.links.wasm = Some(url),
            }
            let (brotli, gzip) = compressed(&pkg, &hex, &identity)?;
            assets.files.insert(
                name,
                Asset {
                    content_type,
                    identity,
                    brotli,
                    gzip,
                },
            );
        }
        Ok(assets)
    }

    pub fn links(&self) -> AssetLinks {
        self.links.clone()
    }

    /// Compressed and uncompressed sizes by extension (css, js, wasm).
    pub fn sizes(&self) -> Vec<(String, Sizes)> {
        let mut out: Vec<_> = self
            .files
            .iter()
            .map(|(name, a)| {
                let ext = name.rsplit('.').next().unwrap_or_default().to_owned();
                (
                    ext,
                    Sizes {
                        identity: a.identity.len(),
                        brotli: a.brotli.len(),
                    },
                )
            })
            .collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }
}

/// The brotli and gzip forms of a file whose content hash starts `hex`: read from
/// `pkg/.compressed/` when an earlier start made them (brotli at its best quality takes
/// seconds on the wasm module), otherwise made now and kept there for the next start. A
/// read-only site root only means compressing again each time.
fn compressed(pkg: &FsPath, hex: &str, identity: &[u8]) -> std::io::Result<(Vec<u8>, Vec<u8>)> {
    let dir = pkg.join(".compressed");
    let (br_path, gz_path) = (dir.join(format!("{hex}.br")), dir.join(format!("{hex}.gz")));
    if let (Ok(brotli), Ok(gzip)) = (std::fs::read(&br_path), std::fs::read(&gz_path))
        && !brotli.is_empty()
        && !gzip.is_empty()
    {
        return Ok((brotli, gzip));
    }
    let brotli = compress_brotli(identity)?;
    let gzip = compress_gzip(identity)?;
    let kept = std::fs::create_dir_all(&dir)
        .and_then(|()| write_whole(&br_path, &brotli))
        .and_then(|()| write_whole(&gz_path, &gzip));
    if let Err(e) = kept {
        tracing::debug!(error = %e, "the compressed bundle is not kept for the next start");
    }
    Ok((brotli, gzip))
}

/// Writes `bytes` to `path` through a temporary file, so a reader never sees half of it.
fn write_whole(path: &FsPath, bytes: &[u8]) -> std::io::Result<()> {
    let partial = path.with_extension(format!("partial-{}", std::process::id()));
    std::fs::write(&partial, bytes)?;
    std::fs::rename(&partial, path)
}

fn compress_brotli(data: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(data.len() / 3);
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 64 * 1024, 11, 22);
        writer.write_all(data)?;
    }
    Ok(out)
}

fn compress_gzip(data: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(data)?;
    encoder.finish()
}

/// `GET /pkg/{name}`: the file in the best encoding the browser accepts.
pub async fn serve(
    State(assets): State<Arc<Assets>>,
    Path(name): Path<String>,
    headers: HeaderMap,
) -> Response {
    let Some(asset) = assets.files.get(&name) else {
        return (StatusCode::NOT_FOUND, "Not found").into_response();
    };
    let accepts = |coding: &str| {
        headers
            .get_all(header::ACCEPT_ENCODING)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .any(|part| {
                let mut bits = part.trim().split(';');
                bits.next() == Some(coding) && bits.all(|q| q.trim() != "q=0")
            })
    };
    let (body, encoding) = if accepts("br") {
        (&asset.brotli, Some("br"))
    } else if accepts("gzip") {
        (&asset.gzip, Some("gzip"))
    } else {
        (&asset.identity, None)
    };
    let mut response = Response::new(Body::from(body.clone()));
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(asset.content_type),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    );
    h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    if let Some(encoding) = encoding {
        h.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_bundle_gives_no_links() {
        let dir = tempfile::tempdir().unwrap();
        let assets = Assets::load(dir.path()).unwrap();
        assert_eq!(assets.links(), AssetLinks::default());
    }

    #[test]
    fn files_are_named_by_their_content() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("pkg")).unwrap();
        std::fs::write(dir.path().join("pkg/putright.css"), "body { color: black }").unwrap();
        let first = Assets::load(dir.path()).unwrap().links().css.unwrap();
        std::fs::write(dir.path().join("pkg/putright.css"), "body { color: navy }").unwrap();
        let second = Assets::load(dir.path()).unwrap().links().css.unwrap();
        assert!(
            first.starts_with("/pkg/putright.") && first.ends_with(".css"),
            "{first}"
        );
        assert_ne!(first, second);
    }

    #[test]
    fn compressed_forms_are_kept_for_the_next_start_by_content() {
        let dir = tempfile::tempdir().unwrap();
        let pkg = dir.path().join("pkg");
        std::fs::create_dir(&pkg).unwrap();
        let css = "body { margin: 0 }\n".repeat(100);
        std::fs::write(pkg.join("putright.css"), &css).unwrap();
        let first = Assets::load(dir.path()).unwrap();
        let (name, asset) = first.files.iter().next().unwrap();
        let hex = name.split('.').nth(1).unwrap();
        let kept = pkg.join(".compressed").join(format!("{hex}.br"));
        assert_eq!(std::fs::read(&kept).unwrap(), asset.brotli);
        // The next start reads what was kept instead of compressing again.
        std::fs::write(&kept, b"kept").unwrap();
        let again = Assets::load(dir.path()).unwrap();
        assert_eq!(again.files[name].brotli, b"kept");
        // A changed file is compressed afresh.
        std::fs::write(pkg.join("putright.css"), css.replace('0', "1")).unwrap();
        let changed = Assets::load(dir.path()).unwrap();
        let (_, asset) = changed.files.iter().next().unwrap();
        assert_ne!(asset.brotli, b"kept");
        let mut decoded = Vec::new();
        brotli::BrotliDecompress(&mut asset.brotli.as_slice(), &mut decoded).unwrap();
        assert_eq!(decoded, css.replace('0', "1").as_bytes());
    }
}
