//! The dsctl binary: parse arguments, run the command, map the outcome to an exit code.

mod cli;
mod commands;

use clap::Parser;
use std::alloc::{GlobalAlloc, Layout, System};
use std::process::ExitCode;

/// The system allocator, except that running out of memory ends the run as every failure to do
/// the job does: a message and exit 2 (Rust's default is an abort, exit 134, without a word).
struct Allocator;

#[global_allocator]
static ALLOCATOR: Allocator = Allocator;

/// Says why, and exits at once: nothing may allocate now, so no formatting, no unwinding and
/// no exit handlers.
fn out_of_memory() -> ! {
    const MESSAGE: &[u8] = b"dsctl: error: out of memory: the input needs more memory than \
        this machine (or its limits) allow; split it into smaller files\n";
    // SAFETY: write reads MESSAGE's bytes, which live for the whole program; _exit has no
    // preconditions.
    unsafe {
        libc::write(2, MESSAGE.as_ptr().cast(), MESSAGE.len());
        libc::_exit(2)
    }
}

// SAFETY: every method hands its arguments to `System` unchanged, so `System`'s guarantees
// are this allocator's; only a null result is turned into the end of the process.
unsafe impl GlobalAlloc for Allocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller upholds `alloc`'s contract for `layout`.
        let p = unsafe { System.alloc(layout) };
        if p.is_null() {
            out_of_memory()
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for `alloc`.
        let p = unsafe { System.alloc_zeroed(layout) };
        if p.is_null() {
            out_of_memory()
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from this allocator, that is from `System`, with `layout`.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` came from `System` with `layout`; the caller upholds the rest.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if p.is_null() {
            out_of_memory()
        }
        p
    }
}

fn main() -> ExitCode {
    let argv0 = std::env::args_os().next();
    let cli = match commands::create::shadow_args(argv0.as_deref()) {
        Some(args) => cli::Cli::parse_from(args),
        None => cli::Cli::parse(),
    };
    match commands::run(cli) {
        Ok(code) => code,
        Err(err) => {
            if commands::is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("dsctl: error: {err:#}");
            ExitCode::from(2)
        }
    }
}
