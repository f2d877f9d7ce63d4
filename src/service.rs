//! The Service that reaches a DaemonSet's Pods, as a pure function over the DaemonSet.
//!
//! Four ways exist to talk to DaemonSet Pods (see the Kubernetes DaemonSet concept page,
//! "Communicating with Daemon Pods"): a Service with the same selector (load-balanced to a
//! random node), a headless Service (`clusterIP: None`: DNS returns every Pod IP), a hostPort
//! on the node IP, or push (the Pods send, nothing reaches them). This module writes the first
//! two, the way `kubectl expose` derives a Service from a workload
//! (`staging/src/k8s.io/kubectl/pkg/cmd/expose` `generateService`: labels and selector from the
//! object, one port per container port). Node-local access uses
//! `internalTrafficPolicy: Local`.

use crate::manifest::str_at;
use serde_json::{Map, Value, json};
use std::fmt;

/// What the Service should look like.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServiceOptions {
    /// `clusterIP: None`.
    pub headless: bool,
    /// Ports to expose instead of every container port.
    pub ports: Vec<PortChoice>,
    /// `spec.internalTrafficPolicy` (`Local` or `Cluster`).
    pub internal_traffic_policy: Option<String>,
    /// The Service's name instead of the DaemonSet's.
    pub name: Option<String>,
}

/// A `--port [PORT:]TARGET[/PROTOCOL]` choice: `TARGET` is a container port number or name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortChoice {
    /// The Service port; the target's number when not given.
    pub port: Option<u16>,
    pub target: Target,
    pub protocol: Option<String>,
}

/// The container port a Service port forwards to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Number(u16),
    Name(String),
}

impl PortChoice {
    /// Parses `[PORT:]TARGET[/PROTOCOL]` (`9100`, `80:9100`, `metrics`, `53/UDP`).
    pub fn parse(s: &str) -> Result<PortChoice, String> {
        let (rest, protocol) = match s.split_once('/') {
            Some((r, p)) => {
                let p = p.to_ascii_uppercase();
                if !matches!(p.as_str(), "TCP" | "UDP" | "SCTP") {
                    return Err(format!(
                        "{s:?}: protocol must be TCP, UDP or SCTP, not {p:?}"
                    ));
                }
                (r, Some(p))
            }
            None => (s, None),
        };
        let (port, target) = match rest.split_once(':') {
            Some((p, t)) => (Some(port_number(p).map_err(|m| format!("{s:?}: {m}"))?), t),
            None => (None, rest),
        };
        let target = if target.bytes().all(|b| b.is_ascii_digit()) && !target.is_empty() {
            Target::Number(port_number(target).map_err(|m| format!("{s:?}: {m}"))?)
        } else if target.is_empty() {
            return Err(format!(
                "{s:?}: expected [PORT:]TARGET[/PROTOCOL], TARGET a container port number or name"
            ));
        } else {
            Target::Name(target.to_string())
        };
        Ok(PortChoice {
            port,
            target,
            protocol,
        })
    }
}

fn port_number(s: &str) -> Result<u16, String> {
    match s.parse::<u16>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!("{s:?} is not a port number (1-65535)")),
    }
}

/// Why no Service can be written for a DaemonSet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceError {
    /// Field path in the DaemonSet the problem is at (empty for the whole object).
    pub field: String,
    pub message: String,
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.field, self.message)
        }
    }
}

impl std::error::Error for ServiceError {}

fn fail(field: &str, message: impl Into<String>) -> ServiceError {
    ServiceError {
        field: field.to_string(),
        message: message.into(),
    }
}

/// One container port as declared in the pod template.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Declared {
    number: u16,
    name: String,
    protocol: String,
}

/// The Service for one DaemonSet: `apiVersion: v1`, name, namespace and labels from the
/// DaemonSet, `spec.selector` = `spec.selector.matchLabels`, one port per container port (or the
/// chosen ones). A selector with `matchExpressions` is refused: a Service selector is a plain
/// label map (`ServiceSpec.Selector map[string]string`) and cannot say `In`/`NotIn`/`Exists`.
pub fn service_for(ds: &Value, opts: &ServiceOptions) -> Result<Value, ServiceError> {
    let name = match &opts.name {
        Some(n) => n.clone(),
        None => str_at(ds, &["metadata", "name"]).to_string(),
    };
    if name.is_empty() {
        return Err(fail(
            "metadata.name",
            "the DaemonSet has no name to give its Service",
        ));
    }
    // ValidateService -> ValidateServiceName: a DNS-1035 label (DaemonSet names may be
    // subdomains with dots, which a Service name cannot be).
    if let Err(m) = dns1035_label(&name) {
        return Err(fail(
            "metadata.name",
            format!("{name:?} cannot name a Service ({m}); choose another with --name"),
        ));
    }
    let selector = ds.pointer("/spec/selector");
    let exprs = selector
        .and_then(|s| s.get("matchExpressions"))
        .and_then(Value::as_array)
        .is_some_and(|a| !a.is_empty());
    if exprs {
        return Err(fail(
            "spec.selector.matchExpressions",
            "a Service selector is a plain label map and cannot express matchExpressions; \
             rewrite the DaemonSet selector with matchLabels only, or write the Service by hand",
        ));
    }
    let match_labels = match selector.and_then(|s| s.get("matchLabels")) {
        Some(Value::Object(m)) if !m.is_empty() => m.clone(),
        _ => {
            // An empty Service selector selects nothing (the endpoints controller skips it),
            // unlike an empty DaemonSet selector.
            return Err(fail(
                "spec.selector.matchLabels",
                "the DaemonSet has no matchLabels; a Service needs at least one label to select its Pods",
            ));
        }
    };
    let declared = declared_ports(ds);
    let ports = if opts.ports.is_empty() {
        all_ports(&declared)
    } else {
        chosen_ports(&declared, &opts.ports)?
    };
    if ports.is_empty() && !opts.headless {
        return Err(fail(
            "spec.template.spec.containers",
            "no container declares a port, and a Service with a cluster IP needs one \
             (ValidateService: spec.ports Required value); pick one with --port, or use --headless",
        ));
    }

    let mut metadata = Map::new();
    metadata.insert("name".into(), Value::String(name));
    let namespace = str_at(ds, &["metadata", "namespace"]);
    if !namespace.is_empty() {
        metadata.insert("namespace".into(), Value::String(namespace.to_string()));
    }
    if let Some(Value::Object(labels)) = ds.pointer("/metadata/labels")
        && !labels.is_empty()
    {
        metadata.insert("labels".into(), Value::Object(labels.clone()));
    }
    let mut spec = Map::new();
    if opts.headless {
        spec.insert("clusterIP".into(), Value::String("None".into()));
    }
    spec.insert("selector".into(), Value::Object(match_labels));
    if !ports.is_empty() {
        spec.insert("ports".into(), Value::Array(ports));
    }
    if let Some(p) = &opts.internal_traffic_policy {
        spec.insert("internalTrafficPolicy".into(), Value::String(p.clone()));
    }
    Ok(json!({"apiVersion": "v1", "kind": "Service", "metadata": metadata, "spec": spec}))
}

/// Every container's (and restartable init container's) ports, in template order.
fn declared_ports(ds: &Value) -> Vec<Declared> {
    let spec = ds.pointer("/spec/template/spec");
    let containers = spec
        .and_then(|s| s.get("containers"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten();
    // Sidecars (init containers with restartPolicy Always) keep running and serve too.
    let sidecars = spec
        .and_then(|s| s.get("initContainers"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|c| c.get("restartPolicy").and_then(Value::as_str) == Some("Always"));
    containers
        .chain(sidecars)
        .filter_map(|c| c.get("ports").and_then(Value::as_array))
        .flatten()
        .filter_map(|p| {
            let number = p
                .get("containerPort")
                .and_then(Value::as_u64)
                .and_then(|n| u16::try_from(n).ok())
                .filter(|&n| n > 0)?;
            Some(Declared {
                number,
                name: p.get("name").and_then(Value::as_str).unwrap_or("").into(),
                protocol: p
                    .get("protocol")
                    .and_then(Value::as_str)
                    .unwrap_or("TCP")
                    .into(),
            })
        })
        .collect()
}

/// One Service port per distinct (number, protocol), named as the container port is. A Service
/// with several ports needs a name on each (ValidateService: "must be specified when there is
/// more than one port"), so an unnamed one gets `<protocol>-<number>`.
fn all_ports(declared: &[Declared]) -> Vec<Value> {
    let mut seen: Vec<(u16, &str)> = Vec::new();
    let mut unique: Vec<&Declared> = Vec::new();
    for d in declared {
        if !seen.contains(&(d.number, d.protocol.as_str())) {
            seen.push((d.number, d.protocol.as_str()));
            unique.push(d);
        }
    }
    let several = unique.len() > 1;
    let mut names: Vec<String> = Vec::new();
    unique
        .into_iter()
        .map(|d| {
            let target = if d.name.is_empty() {
                json!(d.number)
            } else {
                json!(d.name)
            };
            let name = unique_name(&d.name, &d.protocol, d.number, several, &mut names);
            port_value(name, d.number, target, &d.protocol)
        })
        .collect()
}

fn unique_name(
    wanted: &str,
    protocol: &str,
    number: u16,
    several: bool,
    taken: &mut Vec<String>,
) -> Option<String> {
    let mut name = if wanted.is_empty() {
        if !several {
            return None;
        }
        format!("{}-{number}", protocol.to_ascii_lowercase())
    } else {
        wanted.to_string()
    };
    if taken.contains(&name) {
        name = format!("{}-{number}", protocol.to_ascii_lowercase());
    }
    taken.push(name.clone());
    Some(name)
}

fn port_value(name: Option<String>, port: u16, target: Value, protocol: &str) -> Value {
    let mut m = Map::new();
    if let Some(n) = name {
        m.insert("name".into(), Value::String(n));
    }
    m.insert("port".into(), json!(port));
    m.insert("targetPort".into(), target);
    m.insert("protocol".into(), Value::String(protocol.to_string()));
    Value::Object(m)
}

/// The Service ports for `--port` choices; a name must be a declared container port, a number
/// need not be (an undeclared port still reaches a process listening on it).
fn chosen_ports(declared: &[Declared], choices: &[PortChoice]) -> Result<Vec<Value>, ServiceError> {
    let several = choices.len() > 1;
    let mut names = Vec::new();
    let mut out = Vec::new();
    for c in choices {
        let found = declared.iter().find(|d| {
            let same = match &c.target {
                Target::Number(n) => d.number == *n,
                Target::Name(n) => &d.name == n,
            };
            same && c.protocol.as_ref().is_none_or(|p| *p == d.protocol)
        });
        let (number, protocol, name, target) = match (found, &c.target) {
            (Some(d), _) => (
                d.number,
                d.protocol.clone(),
                d.name.clone(),
                if d.name.is_empty() {
                    json!(d.number)
                } else {
                    json!(d.name)
                },
            ),
            (None, Target::Number(n)) => (
                *n,
                c.protocol.clone().unwrap_or_else(|| "TCP".into()),
                String::new(),
                json!(n),
            ),
            (None, Target::Name(n)) => {
                let known: Vec<&str> = declared
                    .iter()
                    .filter(|d| !d.name.is_empty())
                    .map(|d| d.name.as_str())
                    .collect();
                return Err(fail(
                    "spec.template.spec.containers",
                    format!(
                        "no container port is named {n:?} (named ports: {})",
                        if known.is_empty() {
                            "none".to_string()
                        } else {
                            known.join(", ")
                        }
                    ),
                ));
            }
        };
        let port = c.port.unwrap_or(number);
        let name = unique_name(&name, &protocol, port, several, &mut names);
        out.push(port_value(name, port, target, &protocol));
    }
    Ok(out)
}

/// `validation.IsDNS1035Label`: lowercase alphanumerics and '-', starting with a letter,
/// ending with an alphanumeric, at most 63 characters.
fn dns1035_label(s: &str) -> Result<(), &'static str> {
    let b = s.as_bytes();
    let ok_char = |c: &u8| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-';
    if b.len() > 63 {
        Err("longer than 63 characters")
    } else if !b.first().is_some_and(u8::is_ascii_lowercase) {
        Err("a Service name must start with a lowercase letter")
    } else if !b.iter().all(ok_char) || b.last() == Some(&b'-') {
        Err("a Service name may only hold lowercase letters, digits and '-' (a DNS-1035 label)")
    } else {
        Ok(())
    }
}

/// Whether a value is a DaemonSet (any apiVersion).
pub fn is_daemonset(v: &Value) -> bool {
    v.get("kind").and_then(Value::as_str) == Some("DaemonSet")
}

/// A YAML stream with each DaemonSet document followed by its Service. A DaemonSet inside a
/// `List` gets its Service after the list document. The inserted text uses the stream's line
/// ends. Errors name the DaemonSet (`namespace/name`).
pub fn insert_after_daemonsets(
    text: &str,
    docs: &[(usize, Vec<Value>)],
    opts: &ServiceOptions,
    existing: &[String],
) -> Result<String, (String, ServiceError)> {
    let crlf = text.contains("\r\n");
    let mut out = String::with_capacity(text.len() * 2);
    let mut cursor = 0;
    for (i, (_, values)) in docs.iter().enumerate() {
        let end = docs.get(i + 1).map_or(text.len(), |(next, _)| *next);
        out.push_str(&text[cursor..end]);
        cursor = end;
        for v in values.iter().filter(|v| wants_service(v, existing)) {
            let svc = service_for(v, opts).map_err(|e| (describe(v), e))?;
            if !out.is_empty() && !out.ends_with('\n') {
                out.push_str(if crlf { "\r\n" } else { "\n" });
            }
            let mut block = format!("---\n{}", crate::manifest::emit::to_yaml(&svc));
            if end < text.len() && !text[end..].starts_with("---") {
                block.push_str("---\n");
            }
            if crlf {
                block = block.replace('\n', "\r\n");
            }
            out.push_str(&block);
        }
    }
    out.push_str(&text[cursor..]);
    Ok(out)
}

/// Objects with each DaemonSet followed by its Service (for JSON output).
pub fn interleave(
    values: &[Value],
    opts: &ServiceOptions,
    existing: &[String],
) -> Result<Vec<Value>, (String, ServiceError)> {
    let mut out = Vec::with_capacity(values.len() * 2);
    for v in values {
        out.push(v.clone());
        if wants_service(v, existing) {
            out.push(service_for(v, opts).map_err(|e| (describe(v), e))?);
        }
    }
    Ok(out)
}

/// A DaemonSet whose namesake Service is not already among `existing` (`namespace/name`).
fn wants_service(v: &Value, existing: &[String]) -> bool {
    is_daemonset(v) && !existing.contains(&describe(v))
}

/// `convert --with-service`: every DaemonSet of a converted file followed by its Service, in the
/// output text (YAML keeps its comments; JSON becomes a `List` when there are several objects)
/// and in the documents. A DaemonSet whose file already holds a Service of its name keeps that
/// one (it is returned, `namespace/name`, for a note). On error the conversion is left as it was.
pub fn add_services(
    conv: &mut crate::convert::FileConversion,
    format: crate::convert::Format,
    opts: &ServiceOptions,
) -> Result<Vec<String>, (String, ServiceError)> {
    let flat: Vec<Value> = conv
        .documents
        .iter()
        .flat_map(|d| objects_of(d).into_iter().cloned())
        .collect();
    let existing: Vec<String> = flat
        .iter()
        .filter(|v| v.get("kind").and_then(Value::as_str) == Some("Service"))
        .map(describe)
        .collect();
    let kept: Vec<String> = flat
        .iter()
        .filter(|v| is_daemonset(v) && existing.contains(&describe(v)))
        .map(describe)
        .collect();
    let documents = interleave(&flat, opts, &existing)?;
    let Some(text) = conv
        .output
        .as_ref()
        .filter(|_| documents.len() > flat.len())
    else {
        return Ok(kept);
    };
    let output = match format {
        crate::convert::Format::Json => {
            let crlf = text.contains("\r\n");
            let json = crate::convert::json_text(&crate::convert::list_of(documents.clone()), "  ");
            if crlf {
                json.replace('\n', "\r\n")
            } else {
                json
            }
        }
        crate::convert::Format::Yaml => {
            let bom = text.starts_with('\u{FEFF}');
            let body = text.strip_prefix('\u{FEFF}').unwrap_or(text);
            // The converter's output parses: it was parsed again and compared before.
            let Ok(docs) = crate::manifest::parse(body) else {
                return Ok(kept);
            };
            let pairs: Vec<(usize, Vec<Value>)> = docs
                .iter()
                .map(|d| (d.start, objects_of(&d.value).into_iter().cloned().collect()))
                .collect();
            let out = insert_after_daemonsets(body, &pairs, opts, &existing)?;
            if bom { format!("\u{FEFF}{out}") } else { out }
        }
    };
    conv.output = Some(output);
    conv.documents = documents;
    conv.changed = true;
    Ok(kept)
}

/// The objects of a document value: its items when it is a list.
pub fn objects_of(v: &Value) -> Vec<&Value> {
    if crate::manifest::is_list(v) {
        v.get("items")
            .and_then(Value::as_array)
            .map(|a| a.iter().collect())
            .unwrap_or_default()
    } else {
        vec![v]
    }
}

/// `namespace/name` of an object, for messages.
pub fn describe(v: &Value) -> String {
    let name = str_at(v, &["metadata", "name"]);
    match str_at(v, &["metadata", "namespace"]) {
        "" => name.to_string(),
        ns => format!("{ns}/{name}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ds(selector: Value, ports: Value) -> Value {
        json!({"apiVersion": "apps/v1", "kind": "DaemonSet",
            "metadata": {"name": "agent", "namespace": "mon", "labels": {"app": "agent"}},
            "spec": {"selector": selector, "template": {"metadata": {"labels": {"app": "agent"}},
                "spec": {"containers": [{"name": "a", "image": "x", "ports": ports}]}}}})
    }

    #[test]
    fn copies_selector_ports_and_names() {
        let d = ds(
            json!({"matchLabels": {"app": "agent"}}),
            json!([{"name": "metrics", "containerPort": 9100}, {"containerPort": 53, "protocol": "UDP"}]),
        );
        let s = service_for(&d, &ServiceOptions::default()).unwrap();
        assert_eq!(s["metadata"]["namespace"], "mon");
        assert_eq!(s["spec"]["selector"], json!({"app": "agent"}));
        assert_eq!(
            s["spec"]["ports"],
            json!([{"name": "metrics", "port": 9100, "targetPort": "metrics", "protocol": "TCP"},
                   {"name": "udp-53", "port": 53, "targetPort": 53, "protocol": "UDP"}])
        );
        assert!(s["spec"].get("clusterIP").is_none());
    }

    #[test]
    fn headless_needs_no_port_and_local_policy_is_kept() {
        let d = ds(json!({"matchLabels": {"app": "agent"}}), json!(null));
        assert!(service_for(&d, &ServiceOptions::default()).is_err());
        let opts = ServiceOptions {
            headless: true,
            internal_traffic_policy: Some("Local".into()),
            ..Default::default()
        };
        let s = service_for(&d, &opts).unwrap();
        assert_eq!(s["spec"]["clusterIP"], "None");
        assert_eq!(s["spec"]["internalTrafficPolicy"], "Local");
        assert!(s["spec"].get("ports").is_none());
    }

    #[test]
    fn match_expressions_are_refused() {
        let d = ds(
            json!({"matchLabels": {"app": "agent"}, "matchExpressions": [{"key": "tier", "operator": "Exists"}]}),
            json!([{"containerPort": 80}]),
        );
        let e = service_for(&d, &ServiceOptions::default()).unwrap_err();
        assert_eq!(e.field, "spec.selector.matchExpressions");
    }

    #[test]
    fn port_choices() {
        assert_eq!(
            PortChoice::parse("80:metrics").unwrap(),
            PortChoice {
                port: Some(80),
                target: Target::Name("metrics".into()),
                protocol: None
            }
        );
        assert_eq!(
            PortChoice::parse("53/udp").unwrap().protocol.as_deref(),
            Some("UDP")
        );
        for bad in ["", "0", "70000", "80:", "x/ICMP", "a:b"] {
            assert!(PortChoice::parse(bad).is_err(), "{bad}");
        }
        let d = ds(
            json!({"matchLabels": {"app": "agent"}}),
            json!([{"name": "metrics", "containerPort": 9100}]),
        );
        let opts = ServiceOptions {
            ports: vec![PortChoice::parse("80:metrics").unwrap()],
            ..Default::default()
        };
        let s = service_for(&d, &opts).unwrap();
        assert_eq!(s["spec"]["ports"][0]["port"], 80);
        assert_eq!(s["spec"]["ports"][0]["targetPort"], "metrics");
        let opts = ServiceOptions {
            ports: vec![PortChoice::parse("web").unwrap()],
            ..Default::default()
        };
        assert!(
            service_for(&d, &opts)
                .unwrap_err()
                .message
                .contains("metrics")
        );
    }

    #[test]
    fn service_names_are_dns_1035_labels() {
        let mut d = ds(
            json!({"matchLabels": {"a": "b"}}),
            json!([{"containerPort": 1}]),
        );
        d["metadata"]["name"] = json!("node.agent");
        assert!(service_for(&d, &ServiceOptions::default()).is_err());
        d["metadata"]["name"] = json!("1agent");
        assert!(service_for(&d, &ServiceOptions::default()).is_err());
    }

    #[test]
    fn inserts_after_each_daemonset() {
        let text = "# head\nkind: DaemonSet\nmetadata: {name: a}\nspec: {selector: {matchLabels: {x: y}}, template: {spec: {containers: [{ports: [{containerPort: 1}]}]}}}\n---\nkind: ConfigMap\n";
        let docs = crate::manifest::parse(text).unwrap();
        let pairs: Vec<(usize, Vec<Value>)> = docs
            .iter()
            .map(|d| (d.start, vec![d.value.clone()]))
            .collect();
        let out = insert_after_daemonsets(text, &pairs, &ServiceOptions::default(), &[]).unwrap();
        let kinds: Vec<String> = crate::manifest::parse(&out)
            .unwrap()
            .iter()
            .map(|d| d.value["kind"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(kinds, ["DaemonSet", "Service", "ConfigMap"]);
        assert!(out.starts_with("# head\n"));
    }
}
