//! Running the real `dsctl` binary on fixtures, for the CLI tests.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The crate root; commands run there so file names in messages are relative and stable.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture's path relative to the crate root (`fixtures/...`).
pub fn fixture(rel: &str) -> String {
    format!("fixtures/{rel}")
}

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub raw_stdout: Vec<u8>,
}

/// Runs `dsctl ARGS` in the crate root with `stdin` (empty when `None`), colors off.
pub fn dsctl<S: AsRef<std::ffi::OsStr>>(args: &[S], stdin: Option<&[u8]>) -> Run {
    dsctl_in(root(), args, stdin)
}

/// Runs `dsctl ARGS` in `dir`.
pub fn dsctl_in<S: AsRef<std::ffi::OsStr>>(dir: &Path, args: &[S], stdin: Option<&[u8]>) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dsctl"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("dsctl runs");
    if let Some(mut pipe) = child.stdin.take() {
        // The child may exit without reading (a usage error): a broken pipe is fine.
        let _ = pipe.write_all(stdin.unwrap_or_default());
    }
    let out = child.wait_with_output().expect("dsctl finishes");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        raw_stdout: out.stdout,
    }
}

/// The objects of a YAML or JSON text, as dsctl (and kubectl) read them.
pub fn values(text: &str) -> Vec<serde_json::Value> {
    dsctl::manifest::load(text.as_bytes())
        .unwrap_or_else(|e| panic!("output does not load: {e}\n{text}"))
        .into_iter()
        .map(|d| d.value)
        .collect()
}

/// Every file directly in a fixture directory, sorted.
pub fn files_in(rel: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join(fixture(rel)))
        .expect("fixture directory")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_file() && !p.ends_with("PROVENANCE.md"))
        .collect();
    v.sort();
    v
}

/// Runs `dsctl ARGS` in the crate root as an unprivileged user when the tests run as root
/// (CI does): permission checks that root bypasses (a 0000 file, a 0555 directory) then hold.
/// Privileges are dropped in the child only (`setgroups`, `setgid`, `setuid` to 65534, the
/// conventional `nobody`); paths the child needs must be reachable by others.
pub fn dsctl_unprivileged<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Run {
    use std::os::unix::process::CommandExt;
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dsctl"));
    cmd.args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .stdin(Stdio::null());
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } == 0 {
        // SAFETY: only async-signal-safe calls between fork and exec.
        unsafe {
            cmd.pre_exec(|| {
                if libc::setgroups(0, std::ptr::null()) != 0
                    || libc::setgid(65534) != 0
                    || libc::setuid(65534) != 0
                {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
    }
    let out = cmd.output().expect("dsctl runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        raw_stdout: out.stdout,
    }
}
