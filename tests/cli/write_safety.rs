//! `convert --write` never loses a file: each original is either byte-identical or completely
//! replaced, whatever happens (SIGKILL, SIGINT, a failing write); mode and symbolic links are
//! kept; temporary files are removed, and what SIGKILL leaves (nothing can run then) by the
//! next write in that directory.

use crate::common;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A Deployment whose annotation makes the file `kib` KiB: large enough that writing and
/// syncing it takes a while, so signals land mid-write.
fn big_deployment(name: &str, kib: usize) -> Vec<u8> {
    let mut text = format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\n  annotations:\n    blob: "
    )
    .into_bytes();
    text.extend(std::iter::repeat_n(b'x', kib * 1024));
    text.extend_from_slice(
        b"\nspec:\n  selector: {matchLabels: {app: a}}\n  template:\n    metadata: {labels: {app: a}}\n    spec: {containers: [{name: c, image: i}]}\n",
    );
    text
}

/// The input files of a run, with their original bytes and what `convert` makes of them.
struct Set {
    files: Vec<(PathBuf, Vec<u8>, Vec<u8>)>,
}

impl Set {
    fn create(dir: &Path, count: usize, kib: usize) -> Set {
        let mut files = Vec::new();
        for i in 0..count {
            let original = big_deployment(&format!("app-{i}"), kib);
            let path = dir.join(format!("app-{i}.yaml"));
            std::fs::write(&path, &original).unwrap();
            let out = common::dsctl(&["convert", path.to_str().unwrap()], None);
            assert_eq!(out.code, 0, "{}", out.stderr);
            assert_ne!(out.raw_stdout, original);
            files.push((path, original, out.raw_stdout));
        }
        Set { files }
    }

    fn reset(&self) {
        for (path, original, _) in &self.files {
            std::fs::write(path, original).unwrap();
        }
    }

    fn args(&self) -> Vec<String> {
        let mut args = vec!["convert".to_string(), "--write".to_string()];
        args.extend(self.files.iter().map(|(p, _, _)| p.display().to_string()));
        args
    }

    /// Every file is its original or its full conversion; returns how many were replaced.
    fn check_whole(&self, run: &str) -> usize {
        let mut replaced = 0;
        for (path, original, converted) in &self.files {
            let now = std::fs::read(path).unwrap();
            if now == *converted {
                replaced += 1;
            } else {
                assert!(
                    now == *original,
                    "{run}: {} is neither the original nor the conversion ({} bytes)",
                    path.display(),
                    now.len()
                );
            }
        }
        replaced
    }
}

/// Starts dsctl with SIGINT and SIGHUP at their defaults (the test runner may have inherited
/// them ignored), except `ignore`, which starts ignored as under `nohup`.
fn spawn(args: &[String], ignore: Option<i32>) -> Child {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dsctl"));
    cmd.args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    // SAFETY: signal(2) is async-signal-safe, fine between fork and exec.
    unsafe {
        cmd.pre_exec(move || {
            for s in [libc::SIGINT, libc::SIGHUP] {
                let action = if Some(s) == ignore {
                    libc::SIG_IGN
                } else {
                    libc::SIG_DFL
                };
                libc::signal(s, action);
            }
            Ok(())
        })
    };
    cmd.spawn().expect("run dsctl")
}

/// Names in `dir` that are dsctl temporary files.
fn temp_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".dsctl-") && n.ends_with(".tmp"))
        .collect()
}

/// A small xorshift generator seeded from the clock: kill moments differ between runs.
struct Moments(u64);

impl Moments {
    fn new() -> Self {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.subsec_nanos() as u64);
        Moments(nanos | 1)
    }
    /// A fraction in [0, 1).
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % 10_000) as f64 / 10_000.0
    }
}

/// SIGKILL at random moments of `convert --write` over four 8 MiB files: after every run each
/// file is whole (original or converted). Temporary files may remain after SIGKILL (nothing can
/// remove them then); they never replace a file and a later run removes nothing of the user's.
#[test]
fn sigkill_mid_write_never_leaves_a_half_written_file() {
    let s = tempfile::tempdir().unwrap();
    let set = Set::create(s.path(), 4, 8 * 1024);
    // One uninterrupted run tells how long a run takes, to spread the kills over it.
    let start = Instant::now();
    let out = common::dsctl(&set.args(), None);
    let full = start.elapsed();
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(set.check_whole("uninterrupted"), set.files.len());
    assert!(temp_files(s.path()).is_empty());

    let mut moments = Moments::new();
    let mut partial_runs = 0;
    for run in 0..8 {
        set.reset();
        let mut child = spawn(&set.args(), None);
        std::thread::sleep(full.mul_f64(moments.next()));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let replaced = set.check_whole(&format!("run {run}"));
        if replaced > 0 && replaced < set.files.len() {
            partial_runs += 1;
        }
        for t in temp_files(s.path()) {
            std::fs::remove_file(s.path().join(t)).unwrap();
        }
    }
    eprintln!("runs killed between two file replacements: {partial_runs} of 8");
}

/// Waits until a temporary file shows up in `dir` or the child exits; true when one showed up.
fn wait_for_temp_file(child: &mut Child, dir: &Path) -> bool {
    let deadline = Instant::now() + Duration::from_secs(120);
    while Instant::now() < deadline {
        if !temp_files(dir).is_empty() {
            return true;
        }
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    panic!("convert --write neither wrote nor finished in two minutes");
}

/// SIGINT while a temporary file exists: exit 130, the temporary file removed, every file whole.
#[test]
fn sigint_mid_write_removes_the_temporary_file() {
    let s = tempfile::tempdir().unwrap();
    let set = Set::create(s.path(), 3, 8 * 1024);
    let mut interrupted = 0;
    for run in 0..5 {
        set.reset();
        let mut child = spawn(&set.args(), None);
        let caught = wait_for_temp_file(&mut child, s.path());
        if caught {
            // SAFETY: kill(2) on our own child's pid.
            unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
        }
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        set.check_whole(&format!("run {run}"));
        assert_eq!(
            temp_files(s.path()),
            Vec::<String>::new(),
            "run {run}: {err}"
        );
        match out.status.code() {
            Some(130) => {
                interrupted += 1;
                assert!(err.contains("interrupted"), "{err}");
            }
            // The last write finished between seeing its temporary file and the signal.
            Some(0) => {}
            other => panic!("run {run}: exit {other:?}: {err}"),
        }
    }
    assert!(interrupted > 0, "no run was caught mid-write");
}

/// Under `nohup` (SIGHUP ignored when dsctl starts) a hangup mid-write changes nothing: the
/// run finishes and converts every file.
#[test]
fn a_signal_ignored_at_start_stays_ignored() {
    let s = tempfile::tempdir().unwrap();
    let set = Set::create(s.path(), 2, 8 * 1024);
    let mut child = spawn(&set.args(), Some(libc::SIGHUP));
    if wait_for_temp_file(&mut child, s.path()) {
        // SAFETY: kill(2) on our own child's pid.
        unsafe { libc::kill(child.id() as i32, libc::SIGHUP) };
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(set.check_whole("nohup"), set.files.len());
}

/// A write that fails half-way (here: a file-size limit, which stands in for a full disk and
/// works even as root) names the cause, keeps the original and leaves no temporary file.
#[test]
fn failing_write_keeps_the_original_and_says_why() {
    let s = tempfile::tempdir().unwrap();
    let set = Set::create(s.path(), 1, 2 * 1024);
    let args = set.args();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dsctl"));
    cmd.args(&args).stdin(Stdio::null());
    // SAFETY: only async-signal-safe calls between fork and exec. SIGXFSZ is ignored so the
    // write fails with EFBIG instead of killing the process.
    unsafe {
        cmd.pre_exec(|| {
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            let limit = libc::rlimit {
                rlim_cur: 1024 * 1024,
                rlim_max: 1024 * 1024,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        })
    };
    let out = cmd.output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("cannot write"), "{err}");
    assert!(err.contains("too large"), "{err}");
    assert!(err.contains("the file is unchanged"), "{err}");
    assert_eq!(set.check_whole("EFBIG"), 0);
    assert!(temp_files(s.path()).is_empty());
}

/// A read-only directory: the temporary file cannot be created; the message says so. Root
/// ignores directory permissions, so as root there is nothing to test.
#[test]
fn read_only_directory_says_so() {
    let s = tempfile::tempdir().unwrap();
    // Reachable by the unprivileged user dsctl runs as under root (see dsctl_unprivileged).
    std::fs::set_permissions(s.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let dir = s.path().join("ro");
    std::fs::create_dir(&dir).unwrap();
    let set = Set::create(&dir, 1, 1);
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o555)).unwrap();
    let out = common::dsctl_unprivileged(&set.args());
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    let err = &out.stderr;
    assert_eq!(out.code, 2, "{err}");
    assert!(err.contains("creating a temporary file in"), "{err}");
    assert!(err.contains("permission denied"), "{err}");
    assert_eq!(set.check_whole("read-only"), 0);
}

/// The replaced file keeps its mode, and a symbolic link stays a link to the converted file.
#[test]
fn mode_and_symbolic_links_are_kept() {
    let s = tempfile::tempdir().unwrap();
    let set = Set::create(s.path(), 1, 1);
    let (path, _, converted) = &set.files[0];
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o640)).unwrap();
    let link = s.path().join("link.yaml");
    std::os::unix::fs::symlink(path, &link).unwrap();
    let out = common::dsctl(&["convert", "--write", link.to_str().unwrap()], None);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
    assert_eq!(std::fs::read(path).unwrap(), *converted);
    let mode = std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
    assert!(temp_files(s.path()).is_empty());
}

/// The temporary file of `convert --write` on a 0600 file is never readable by others, not
/// even for the length of the write (it was created 0644 and fixed only after the write).
#[test]
fn temporary_files_are_never_wider_than_the_original() {
    let s = tempfile::tempdir().unwrap();
    let set = Set::create(s.path(), 3, 8 * 1024);
    for (path, _, _) in &set.files {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let mut child = spawn(&set.args(), None);
    let mut seen = 0;
    loop {
        for name in temp_files(s.path()) {
            if let Ok(m) = std::fs::metadata(s.path().join(&name)) {
                seen += 1;
                let mode = m.permissions().mode() & 0o777;
                assert_eq!(mode & 0o077, 0, "{name} is {mode:o}");
            }
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_micros(200));
    }
    assert_eq!(child.wait().unwrap().code(), Some(0));
    assert_eq!(set.check_whole("0600"), 3);
    for (path, _, _) in &set.files {
        let mode = std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{}", path.display());
    }
    eprintln!("temporary files observed: {seen}");
}

/// Root rewriting a file owned by 1234:2345 keeps that owner and group (they became root's).
/// Only root may give a file away, so the check needs root (CI runs as root).
#[test]
fn owner_and_group_are_kept() {
    use std::os::unix::fs::MetadataExt;
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        eprintln!("not root: chown to another owner is not allowed, nothing to check");
        return;
    }
    let s = tempfile::tempdir().unwrap();
    let set = Set::create(s.path(), 1, 4);
    let path = &set.files[0].0;
    std::os::unix::fs::chown(path, Some(1234), Some(2345)).unwrap();
    let out = common::dsctl(&["convert", "--write", path.to_str().unwrap()], None);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(set.check_whole("chown"), 1);
    let m = std::fs::metadata(path).unwrap();
    assert_eq!((m.uid(), m.gid()), (1234, 2345));
}

/// A file appended to after dsctl read it is not replaced (the append would be lost): exit 2,
/// the appended text still there, no temporary file left.
#[test]
fn a_file_changed_while_dsctl_ran_is_not_replaced() {
    let s = tempfile::tempdir().unwrap();
    let small = s.path().join("a.yaml");
    let original = big_deployment("a", 1);
    std::fs::write(&small, &original).unwrap();
    // A large second file keeps dsctl busy after it has read the first.
    let big = s.path().join("b.yaml");
    std::fs::write(&big, big_deployment("b", 64 * 1024)).unwrap();
    let args: Vec<String> = ["convert", "--write"]
        .iter()
        .map(|a| a.to_string())
        .chain([small.display().to_string(), big.display().to_string()])
        .collect();
    let child = spawn(&args, None);
    std::thread::sleep(Duration::from_millis(150));
    let appended = b"# added by someone else\n";
    {
        use std::io::Write;
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(&small)
            .unwrap();
        f.write_all(appended).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("changed while dsctl ran"), "{err}");
    assert_eq!(
        std::fs::read(&small).unwrap(),
        [&original[..], appended].concat()
    );
    assert!(temp_files(s.path()).is_empty());
}

/// What SIGKILL leaves behind is removed by the next `--write` in that directory: only dsctl's
/// own temporary-file pattern, only for a process that no longer exists.
#[test]
fn the_next_write_removes_what_a_killed_run_left() {
    let s = tempfile::tempdir().unwrap();
    let set = Set::create(s.path(), 1, 1);
    // A process that has exited: its PID names the dead run's leftovers.
    let mut gone = Command::new("true").spawn().unwrap();
    let dead = gone.id();
    gone.wait().unwrap();
    let stale = s.path().join(format!(".app-0.yaml.dsctl-{dead}-0.tmp"));
    let other_stale = s.path().join(format!(".other.yaml.dsctl-{dead}-3.tmp"));
    // A live process's write in progress, and look-alikes that are not dsctl's.
    let live = s
        .path()
        .join(format!(".app-0.yaml.dsctl-{}-0.tmp", std::process::id()));
    let not_ours = [
        s.path().join(format!("app-0.yaml.dsctl-{dead}-0.tmp")),
        s.path().join(format!(".app-0.yaml.dsctl-{dead}-x.tmp")),
        s.path().join(format!(".app-0.yaml.dsctl-{dead}-0.tmp.bak")),
    ];
    for p in [&stale, &other_stale, &live].into_iter().chain(&not_ours) {
        std::fs::write(p, b"half").unwrap();
    }
    let out = common::dsctl(&set.args(), None);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(set.check_whole("after cleanup"), 1);
    assert!(!stale.exists() && !other_stale.exists(), "{}", out.stderr);
    assert!(
        out.stderr.contains("left by an interrupted dsctl")
            && out.stderr.contains(&dead.to_string()),
        "{}",
        out.stderr
    );
    assert!(live.exists(), "a live process's file is kept");
    for p in &not_ours {
        assert!(p.exists(), "{} is not dsctl's", p.display());
    }
}
