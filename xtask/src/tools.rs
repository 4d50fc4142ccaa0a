//! Running commands, and installing the tools the build and the tests need.

use std::{
    env,
    io::{Read, Write},
    net::TcpStream,
    path::{Path, PathBuf},
    process::{Command, Stdio},
    time::{Duration, Instant},
};

/// A failure explained for the person at the terminal.
#[derive(Debug)]
pub struct Failure(pub String);

/// The WebAssembly features rustc and wasm-bindgen emit for wasm32 today, named for
/// wasm-opt so that it keeps them.
pub const WASM_OPT_FEATURES: &[&str] = &[
    "--enable-bulk-memory",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-nontrapping-float-to-int",
    "--enable-reference-types",
    "--enable-multivalue",
];

pub fn step(title: &str) {
    println!("\n==> {title}");
}

pub fn cargo(args: &[&str]) -> Command {
    let mut command = Command::new(env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command.args(args);
    // `cargo run` gave this program the variables of its own package (`CARGO_MANIFEST_DIR`
    // is the clone's `xtask/`). A build script that watches one of them (ring's watches
    // `CARGO_MANIFEST_DIR`) would see it change with every clone and rebuild its crate and
    // the twenty above it: the cargo we start sees none of them, as from a shell.
    for (name, _) in env::vars_os() {
        let name = name.to_string_lossy();
        if name.starts_with("CARGO_PKG_")
            || matches!(
                name.as_ref(),
                "CARGO_MANIFEST_DIR"
                    | "CARGO_MANIFEST_PATH"
                    | "CARGO_CRATE_NAME"
                    | "CARGO_BIN_NAME"
                    | "CARGO_PRIMARY_PACKAGE"
            )
        {
            command.env_remove(name.as_ref());
        }
    }
    // In CI every run is a fresh clone: the compiler's incremental caches of the
    // workspace's crates would never be read again, only written (tens of gigabytes over
    // a few runs), and writing them slows each build.
    if env::var_os("CI").is_some() && env::var_os("CARGO_INCREMENTAL").is_none() {
        command.env("CARGO_INCREMENTAL", "0");
    }
    command
}

/// Runs a command in the foreground, timing it; a failure names the step.
pub fn run_step(title: &str, command: &mut Command) -> Result<(), Failure> {
    step(title);
    let started = Instant::now();
    let status = command.status().map_err(|e| {
        Failure(format!(
            "{title}: could not run {:?}: {e}",
            command.get_program()
        ))
    })?;
    println!("    ({title}: {:.0}s)", started.elapsed().as_secs_f64());
    if status.success() {
        Ok(())
    } else {
        Err(Failure(format!("{title} failed (see the messages above)")))
    }
}

/// Sends `command`'s standard output and error to the end of the file at `log` (opened
/// for appending, made if missing), for a command whose messages are shown later or only
/// when it fails.
pub fn output_to(command: &mut Command, log: &Path) -> Result<(), Failure> {
    let open = || {
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)
            .map_err(|e| Failure(format!("could not write {}: {e}", log.display())))
    };
    command.stdout(open()?).stderr(open()?);
    Ok(())
}

/// Whether a program is on the PATH.
pub fn has(program: &str) -> bool {
    env::var_os("PATH")
        .map(|paths| env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
        .unwrap_or(false)
}

fn output(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program)
        .args(args)
        .stderr(Stdio::null())
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

/// Clippy's compiler driver: rustc with clippy's lints, from the toolchain cargo runs, added
/// with rustup when it is missing.
pub fn clippy_driver() -> Result<PathBuf, Failure> {
    let rustc = env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let sysroot = output(&rustc, &["--print", "sysroot"])
        .ok_or_else(|| Failure("could not run rustc to find its toolchain".into()))?;
    let driver = Path::new(&sysroot).join("bin/clippy-driver");
    if !driver.is_file() {
        run_step(
            "Adding clippy (rustup)",
            Command::new("rustup").args(["component", "add", "clippy"]),
        )
        .map_err(|_| {
            Failure(
                "clippy is missing: run `rustup component add clippy` \
                 (Putright needs rustup's Rust, not a distribution's)"
                    .into(),
            )
        })?;
    }
    Ok(driver)
}

/// `command`, a cargo build of the workspace, made to lint the workspace's crates as it
/// compiles them: cargo runs them through clippy's driver (rustc with clippy's lints, which
/// writes the same libraries), warnings as errors, and their dependencies through rustc as
/// always. `cargo clippy` would check every dependency again without building it, so the
/// lints and the tests now share one build. Every cargo command of a run must go through
/// this, or the workspace's crates are compiled again.
pub fn linted<'a>(command: &'a mut Command, driver: &Path) -> &'a mut Command {
    command
        .env("RUSTC_WORKSPACE_WRAPPER", driver)
        // How `cargo clippy -- -D warnings` hands its arguments to the driver.
        .env(
            "CLIPPY_ARGS",
            "-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__",
        )
}

/// The version of a package recorded in Cargo.lock (`lock`: its text).
fn locked_version(lock: &str, package: &str) -> Result<String, Failure> {
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == format!("name = \"{package}\"")
            && let Some(version) = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = "))
        {
            return Ok(version.trim_matches('"').to_owned());
        }
    }
    Err(Failure(format!("Cargo.lock does not list {package}")))
}

/// The `wasm-bindgen` crate the bundle is compiled with and the library that writes its
/// JavaScript glue ([`bindgen`]) must be the same version: the module carries a schema the
/// glue's writer must know. `lock`: Cargo.lock's text.
pub fn check_bindgen_version(lock: &str) -> Result<(), Failure> {
    let crate_version = locked_version(lock, "wasm-bindgen")?;
    let glue_version = locked_version(lock, "wasm-bindgen-cli-support")?;
    if crate_version == glue_version {
        Ok(())
    } else {
        Err(Failure(format!(
            "Cargo.lock has wasm-bindgen {crate_version} but wasm-bindgen-cli-support \
             {glue_version}: set `wasm-bindgen-cli-support = \"={crate_version}\"` in \
             xtask/Cargo.toml (or pin wasm-bindgen back), so the bundle's glue matches it"
        )))
    }
}

/// Writes the JavaScript glue for the wasm module at `wasm` into `out_dir`, as
/// `wasm-bindgen --target web --no-typescript --out-name putright` would: `putright.js` and
/// `putright_bg.wasm`.
pub fn bindgen(wasm: &Path, out_dir: &Path) -> Result<(), Failure> {
    let title = "Generating the JavaScript glue (wasm-bindgen)";
    step(title);
    let started = Instant::now();
    let failed = |e| Failure(format!("{title} failed: {e:#}"));
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(wasm)
        .web(true)
        .map_err(failed)?
        .typescript(false)
        // The command's default: the glue can find the module beside itself.
        .omit_default_module_path(false)
        .out_name("putright")
        .generate(out_dir)
        .map_err(failed)?;
    println!("    ({title}: {:.0}s)", started.elapsed().as_secs_f64());
    Ok(())
}

/// The wasm32 target, and wasm-opt when it can be had.
pub fn ensure_frontend_tools() -> Result<(), Failure> {
    let targets = output("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if !targets.lines().any(|t| t == "wasm32-unknown-unknown") {
        run_step(
            "Adding the wasm32-unknown-unknown target (rustup)",
            Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]),
        )
        .map_err(|_| {
            Failure(
                "could not add the wasm32 target: run `rustup target add wasm32-unknown-unknown` \
                 (Putright needs rustup's Rust, not a distribution's)"
                    .into(),
            )
        })?;
    }

    check_bindgen_version(
        &std::fs::read_to_string("Cargo.lock")
            .map_err(|e| Failure(format!("could not read Cargo.lock: {e}")))?,
    )?;

    if !has("npm") && apt_install(&["nodejs", "npm"]).is_err() {
        println!(
            "    Note: without Node.js and npm, wasm-opt cannot be installed: the bundle will be larger"
        );
        return Ok(());
    }
    npm_ci(
        "frontend",
        "Installing the bundle tools (npm ci: binaryen's wasm-opt)",
    )
}

/// binaryen's wasm-opt from npm, when it has been installed.
pub fn wasm_opt_path() -> Option<PathBuf> {
    let path = PathBuf::from("frontend/node_modules/.bin/wasm-opt");
    path.is_file().then_some(path)
}

fn npm_ci(dir: &str, title: &str) -> Result<(), Failure> {
    if Path::new(dir)
        .join("node_modules/.package-lock.json")
        .is_file()
        && newer(
            &Path::new(dir).join("node_modules/.package-lock.json"),
            &Path::new(dir).join("package-lock.json"),
        )
    {
        return Ok(());
    }
    let mut install = Command::new("npm");
    install
        .args(["ci", "--no-audit", "--no-fund", "--prefer-offline"])
        .current_dir(dir);
    run_step(title, &mut install).map_err(|_| {
        Failure(format!(
            "npm could not install the packages in {dir}/: check the network and try again"
        ))
    })
}

/// Whether `a` was modified after `b`.
pub fn newer(a: &Path, b: &Path) -> bool {
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    matches!((modified(a), modified(b)), (Some(a), Some(b)) if a >= b)
}

/// Node.js with npm, the end-to-end test packages, and Debian's Chromium.
pub fn ensure_browser_test_tools() -> Result<(), Failure> {
    if !has("npm") {
        apt_install(&["nodejs", "npm"]).map_err(|why| {
            Failure(format!(
                "the browser tests need Node.js and npm, which are missing: {why}"
            ))
        })?;
    }
    if !has("chromium") {
        apt_install(&["chromium"]).map_err(|why| {
            Failure(format!(
                "the browser tests need Debian's chromium package (/usr/bin/chromium), which is \
                 missing: {why}"
            ))
        })?;
    }
    npm_ci("end2end", "Installing the browser test packages (npm ci)")
}

/// HAProxy, for the check of two app servers behind a load balancer (only run with
/// PostgreSQL).
pub fn ensure_haproxy() -> Result<PathBuf, Failure> {
    // Debian puts it in /usr/sbin, which is not on everyone's PATH.
    let find = || {
        if has("haproxy") {
            Some(PathBuf::from("haproxy"))
        } else {
            Some(PathBuf::from("/usr/sbin/haproxy")).filter(|p| p.is_file())
        }
    };
    if let Some(found) = find() {
        return Ok(found);
    }
    apt_install(&["haproxy"]).map_err(|why| {
        Failure(format!(
            "the check of two servers behind a load balancer needs Debian's haproxy package, \
             which is missing: {why}"
        ))
    })?;
    find().ok_or_else(|| Failure("haproxy was installed but cannot be found".into()))
}

/// Installs Debian packages, as root or through password-less sudo.
fn apt_install(packages: &[&str]) -> Result<(), String> {
    if !has("apt-get") {
        return Err(format!(
            "this is not a Debian-like system: install {} yourself",
            packages.join(" ")
        ));
    }
    let root = output("id", &["-u"]).as_deref() == Some("0");
    let sudo = !root
        && Command::new("sudo")
            .args(["-n", "true"])
            .status()
            .is_ok_and(|s| s.success());
    if !root && !sudo {
        return Err(format!(
            "run `sudo apt-get install {}` and try again",
            packages.join(" ")
        ));
    }
    let apt = |args: &[&str]| {
        let mut c = if root {
            Command::new("apt-get")
        } else {
            Command::new("sudo")
        };
        if !root {
            c.arg("apt-get");
        }
        c.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        c
    };
    run_step(
        "Updating Debian's package lists",
        &mut apt(&["update", "-qq"]),
    )
    .map_err(|f| f.0)?;
    let mut install = apt(&["install", "-y", "-qq", "--no-install-recommends"]);
    install.args(packages);
    run_step(
        &format!("Installing {} (apt-get)", packages.join(" ")),
        &mut install,
    )
    .map_err(|_| format!("apt-get could not install {}", packages.join(" ")))
}

/// A tiny HTTP/1.0 GET, enough to wait for `/healthz` without any dependency.
pub fn http_get_status(addr: &str, path: &str) -> Option<u16> {
    let mut stream = TcpStream::connect(addr).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(stream, "GET {path} HTTP/1.0\r\nHost: {addr}\r\n\r\n").ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    response.split_whitespace().nth(1)?.parse().ok()
}

/// The version of schemathesis the API check runs, from PyPI.
const SCHEMATHESIS: &str = "schemathesis==4.32.5";

/// schemathesis, the property-based checker of an API against its OpenAPI document, in a
/// Python virtual environment of its own beside the build cache (made once).
pub fn ensure_schemathesis() -> Result<PathBuf, Failure> {
    let venv = std::path::absolute(crate::target_dir().join("schemathesis"))
        .unwrap_or_else(|_| PathBuf::from("target/schemathesis"));
    let st = venv.join("bin/st");
    let pinned = venv.join(format!("{SCHEMATHESIS}.installed"));
    if st.is_file() && pinned.is_file() {
        return Ok(st);
    }
    let python = ["python3", "python"]
        .into_iter()
        .find(|p| has(p))
        .map(str::to_owned);
    let make_venv = |python: &str| {
        Command::new(python)
            .args(["-m", "venv"])
            .arg(&venv)
            .status()
            .is_ok_and(|s| s.success())
    };
    let made = match &python {
        Some(python) => make_venv(python),
        None => false,
    };
    if !made {
        apt_install(&["python3", "python3-venv"]).map_err(|why| {
            Failure(format!(
                "the API check needs Python 3 with its venv module, which is missing: {why}"
            ))
        })?;
        if !make_venv("python3") {
            return Err(Failure(
                "could not make a Python virtual environment for schemathesis".into(),
            ));
        }
    }
    run_step(
        &format!("Installing {SCHEMATHESIS} (pip, once)"),
        Command::new(venv.join("bin/pip")).args(["install", "--quiet", SCHEMATHESIS]),
    )
    .map_err(|_| {
        Failure(format!(
            "could not install {SCHEMATHESIS} from PyPI: check the connection and try again"
        ))
    })?;
    let _ = std::fs::write(&pinned, "");
    Ok(st)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundle_s_glue_is_written_by_the_wasm_bindgen_version_the_bundle_is_built_with() {
        let lock = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../Cargo.lock"))
            .expect("the workspace's Cargo.lock");
        check_bindgen_version(&lock)
            .expect("one version of wasm-bindgen for the crate and the glue");

        let moved = lock.replacen(
            &format!(
                "name = \"wasm-bindgen\"\nversion = \"{}\"",
                locked_version(&lock, "wasm-bindgen").expect("wasm-bindgen is locked")
            ),
            "name = \"wasm-bindgen\"\nversion = \"0.2.999\"",
            1,
        );
        let Err(Failure(message)) = check_bindgen_version(&moved) else {
            panic!("a wasm-bindgen crate newer than the glue's writer must be refused");
        };
        assert!(
            message.contains("wasm-bindgen 0.2.999")
                && message.contains("wasm-bindgen-cli-support = \"=0.2.999\""),
            "{message}"
        );
    }
}
