//! `dsctl service`: the Service for each DaemonSet of a file, printed as YAML or JSON.
//! Exit 0 when every DaemonSet got one, 1 when one was refused (matchExpressions, no port),
//! 2 when the input cannot be read.

use super::{EXIT_CLEAN, EXIT_FAILURE, EXIT_FINDINGS, Input};
use crate::cli::{ManifestFormat, ServiceArgs, ServiceKind, TrafficPolicy};
use anyhow::Result;
use dsctl::convert::{FileConversion, Format};
use dsctl::manifest::{self, emit};
use dsctl::output::escape_control;
use dsctl::service::{PortChoice, ServiceOptions, add_services, is_daemonset, service_for};
use serde_json::json;

pub fn run(args: ServiceArgs) -> Result<u8> {
    let opts = match options(&args) {
        Ok(o) => o,
        Err(m) => {
            say!("dsctl: error: {m}");
            return Ok(EXIT_FAILURE);
        }
    };
    let input = if args.file.as_os_str() == "-" {
        Input::Stdin
    } else {
        Input::File(args.file.clone())
    };
    let docs = match input.read() {
        Err(e) => {
            super::report_problem(&super::read_failure_line(&input, &e));
            return Ok(EXIT_FAILURE);
        }
        Ok(bytes) => match manifest::load(&bytes) {
            Ok(d) => d,
            Err(e) => {
                super::report_problem(&super::load_problem(&input, e.line, e.column, &e.message));
                return Ok(EXIT_FAILURE);
            }
        },
    };
    let mut services = Vec::new();
    let mut code = EXIT_CLEAN;
    let mut seen = 0;
    for doc in &docs {
        for obj in doc.objects().into_iter().filter(|o| is_daemonset(o.value)) {
            seen += 1;
            if seen > 1 && opts.name.is_some() {
                say!("dsctl: error: --name names one Service, but the file has several DaemonSets");
                return Ok(EXIT_FAILURE);
            }
            match service_for(obj.value, &opts) {
                Ok(s) => services.push(s),
                Err(e) => {
                    let loc = obj.locate(&e.field);
                    let at = loc.key.unwrap_or(loc.value);
                    say!(
                        "{}:{}:{}: error: {}: {}",
                        input.display(),
                        at.line,
                        at.column,
                        obj.describe(),
                        escape_control(&e.to_string())
                    );
                    code = EXIT_FINDINGS;
                }
            }
        }
    }
    if seen == 0 {
        say!("{}: error: no DaemonSet in this file", input.display());
        return Ok(EXIT_FAILURE);
    }
    let text = match args.output {
        ManifestFormat::Json if services.len() == 1 => emit::to_json(&services[0]),
        ManifestFormat::Json => {
            emit::to_json(&json!({"apiVersion": "v1", "kind": "List", "items": services}))
        }
        ManifestFormat::Yaml => emit::to_yaml_stream(&services),
    };
    super::print_then(&text, code)
}

fn options(args: &ServiceArgs) -> Result<ServiceOptions, String> {
    Ok(ServiceOptions {
        headless: args.headless,
        ports: args
            .port
            .iter()
            .map(|p| PortChoice::parse(p).map_err(|m| format!("--port {m}")))
            .collect::<Result<_, _>>()?,
        internal_traffic_policy: args.internal_traffic_policy.map(policy),
        name: args.name.clone(),
    })
}

fn policy(p: TrafficPolicy) -> String {
    match p {
        TrafficPolicy::Local => "Local".into(),
        TrafficPolicy::Cluster => "Cluster".into(),
    }
}

/// `convert --with-service[=headless]` on one converted file: adds the Services, prints a note
/// for each DaemonSet that already has one and an error when one cannot be written (then the
/// file is refused: false).
pub fn add_to(conv: &mut FileConversion, format: Format, kind: ServiceKind, file: &str) -> bool {
    let opts = ServiceOptions {
        headless: kind == ServiceKind::Headless,
        ..Default::default()
    };
    match add_services(conv, format, &opts) {
        Ok(kept) => {
            for who in kept {
                say!(
                    "{file}: note: DaemonSet {}: the file already has a Service of that name; kept it",
                    escape_control(&who)
                );
            }
            true
        }
        Err((who, e)) => {
            say!(
                "{file}: error: no Service for DaemonSet {}: {}",
                escape_control(&who),
                escape_control(&e.to_string())
            );
            false
        }
    }
}
