//! The command line, defined once: help, completions and the README's usage come from here.

use clap::builder::{PossibleValue, StringValueParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// A string argument that completion scripts complete from a list (the bundled Kubernetes
/// versions, the rule codes) instead of file names, while any string still parses: the
/// command checks it and names the valid values in its error.
#[derive(Clone)]
struct Completing(fn() -> Vec<String>);

impl TypedValueParser for Completing {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        StringValueParser::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new((self.0)().into_iter().map(PossibleValue::new)))
    }
}

fn version_candidates() -> Vec<String> {
    dsctl::schema::bundled_versions()
        .iter()
        .map(ToString::to_string)
        .collect()
}

fn rule_candidates() -> Vec<String> {
    dsctl::rules::registry()
        .iter()
        .map(|r| r.code.to_string())
        .collect()
}

/// Convert, validate and preview Kubernetes DaemonSet manifests, offline.
#[derive(Debug, Parser)]
#[command(name = "dsctl", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// When to color the output; NO_COLOR is honoured with `auto`.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,

    /// Read this configuration file instead of looking for `dsctl.toml` from each input up.
    #[arg(long, value_name = "FILE", global = true, conflicts_with = "no_config")]
    pub config: Option<PathBuf>,

    /// Read no configuration file.
    #[arg(long, global = true)]
    pub no_config: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Turn Deployments, ReplicaSets and ReplicationControllers into apps/v1 DaemonSets.
    ///
    /// Every other object passes through unchanged and in order. Old DaemonSets
    /// (extensions/v1beta1, apps/v1beta2) are migrated to apps/v1.
    Convert(ConvertArgs),
    /// Create a new object (the missing `kubectl create daemonset`).
    #[command(subcommand)]
    Create(CreateCommand),
    /// Check manifests as the API server would, with line and column for every finding.
    Validate(ValidateArgs),
    /// Show which nodes of an inventory get a DaemonSet Pod, and why not.
    Preview(PreviewArgs),
    /// Print the Service that reaches a DaemonSet's Pods (same selector, its container ports).
    Service(ServiceArgs),
    /// Print the documentation of a rule (e.g. `dsctl explain DS101`).
    Explain(ExplainArgs),
    /// Print a shell completion script.
    Completions(CompletionsArgs),
    /// Print the settings in effect for a path (from `dsctl.toml`) and where each comes from.
    Config(ConfigArgs),
}

#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// A file or directory; default: the current directory.
    #[arg(value_name = "PATH")]
    pub path: Option<PathBuf>,
}

/// Files and directories to read; `-` (or nothing, with a piped stdin) reads stdin.
#[derive(Debug, Args, Clone)]
pub struct Inputs {
    /// Files or directories (searched recursively for *.yaml, *.yml, *.json); `-` is stdin.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Leave out files and directories of a directory walk that match GLOB (repeatable): a
    /// pattern without `/` matches a name at any depth (`values.yaml`, `*.tmpl.yaml`, `charts`);
    /// one with `/` matches the path below the walked directory (`overlays/**/patch-*.yaml`).
    /// Files named on the command line are always read.
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ManifestFormat {
    Yaml,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum UpdateStrategyType {
    #[value(name = "RollingUpdate")]
    RollingUpdate,
    #[value(name = "OnDelete")]
    OnDelete,
}

#[derive(Debug, Args)]
pub struct ConvertArgs {
    #[command(flatten)]
    pub inputs: Inputs,

    /// Output format (stdout). YAML input keeps its comments and layout.
    #[arg(short, long, value_enum)]
    pub output: Option<ManifestFormat>,

    /// Rewrite the files in place (atomically; nothing is written on error).
    #[arg(short, long, conflicts_with_all = ["diff", "check"])]
    pub write: bool,

    /// Print a unified diff of what would change instead of the result.
    #[arg(long)]
    pub diff: bool,

    /// Exit 1 when a file would change, printing nothing (or the diff, with --diff).
    #[arg(long)]
    pub check: bool,

    /// Add a nodeSelector entry to every converted DaemonSet (repeatable).
    #[arg(long = "node-selector", value_name = "KEY=VALUE")]
    pub node_selector: Vec<String>,

    /// Tolerate the control-plane NoSchedule taint, so the Pod runs there too.
    #[arg(long)]
    pub tolerate_control_plane: bool,

    /// Tolerate every taint (operator: Exists), as CNI and log agents often do.
    #[arg(long)]
    pub tolerate_all: bool,

    /// Set spec.template.spec.priorityClassName (e.g. system-node-critical).
    #[arg(long, value_name = "NAME")]
    pub priority_class: Option<String>,

    /// Set updateStrategy.rollingUpdate.maxUnavailable (an integer or a percentage).
    #[arg(long, value_name = "N|N%")]
    pub max_unavailable: Option<String>,

    /// Set updateStrategy.rollingUpdate.maxSurge (an integer or a percentage).
    #[arg(long, value_name = "N|N%")]
    pub max_surge: Option<String>,

    /// Set updateStrategy.type.
    #[arg(long, value_enum, value_name = "TYPE")]
    pub update_strategy: Option<UpdateStrategyType>,

    /// Rename the converted object(s).
    #[arg(long)]
    pub name: Option<String>,

    /// Convert only this object, as KIND/NAME (`deployment/web`, `deploy/web`, `rs/web`);
    /// repeatable. The other objects are copied unchanged.
    #[arg(long, value_name = "KIND/NAME")]
    pub only: Vec<String>,

    /// Convert only the objects whose labels match SELECTOR (`app=web,tier!=db`, `canary`,
    /// `!legacy`), as kubectl's -l; repeatable (an object matching any is converted).
    #[arg(short = 'l', long, value_name = "SELECTOR")]
    pub selector: Vec<String>,

    /// Set metadata.namespace of the converted object(s).
    #[arg(long)]
    pub namespace: Option<String>,

    /// Follow every DaemonSet with the Service that reaches its Pods (`=headless`: clusterIP None).
    #[arg(long, value_enum, value_name = "KIND", num_args = 0..=1, require_equals = true,
          default_missing_value = "cluster-ip", conflicts_with = "to")]
    pub with_service: Option<ServiceKind>,

    /// What to produce: DaemonSets (default), or the static Pod the kubelet runs on --node.
    #[arg(long, value_enum, value_name = "TARGET", conflicts_with_all = ["write", "diff", "check"],
          requires_if("static-pod", "node"))]
    pub to: Option<ConvertTarget>,

    /// The node a static Pod is written for (with --to static-pod).
    #[arg(long, value_name = "NODE", requires = "to")]
    pub node: Option<String>,

    /// Node inventory to look --node up in: refuse when no Pod would run there.
    #[arg(long, value_name = "INVENTORY", requires = "node")]
    pub nodes: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ServiceKind {
    /// A Service with a cluster IP, load-balanced over the nodes' Pods.
    ClusterIp,
    /// A headless Service: DNS returns every Pod's IP.
    Headless,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ConvertTarget {
    /// apps/v1 DaemonSets.
    #[value(name = "daemonset")]
    DaemonSet,
    /// A v1 Pod for one node's kubelet manifest directory.
    StaticPod,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TrafficPolicy {
    #[value(name = "Local")]
    Local,
    #[value(name = "Cluster")]
    Cluster,
}

#[derive(Debug, Args)]
pub struct ServiceArgs {
    /// DaemonSet manifest (one Service per DaemonSet in it); `-` is stdin.
    #[arg(value_name = "DAEMONSET_FILE")]
    pub file: PathBuf,

    /// Write a headless Service (clusterIP: None): DNS returns every Pod's IP.
    #[arg(long)]
    pub headless: bool,

    /// Expose only this port (repeatable): a container port number or name, optionally with
    /// another Service port in front (`80:metrics`) and a protocol (`53/UDP`).
    #[arg(long, value_name = "[PORT:]TARGET[/PROTOCOL]")]
    pub port: Vec<String>,

    /// Set spec.internalTrafficPolicy (Local: only the Pod on the client's own node answers).
    #[arg(long, value_enum, value_name = "POLICY")]
    pub internal_traffic_policy: Option<TrafficPolicy>,

    /// Name the Service (default: the DaemonSet's name); only with one DaemonSet.
    #[arg(long)]
    pub name: Option<String>,

    /// Output format.
    #[arg(short, long, value_enum, default_value_t = ManifestFormat::Yaml)]
    pub output: ManifestFormat,
}

#[derive(Debug, Subcommand)]
pub enum CreateCommand {
    /// Print a new apps/v1 DaemonSet, like `kubectl create deployment` prints a Deployment.
    #[command(name = "daemonset", visible_alias = "ds")]
    DaemonSet(CreateDaemonSetArgs),
}

#[derive(Debug, Args)]
pub struct CreateDaemonSetArgs {
    /// Name of the DaemonSet.
    pub name: String,

    /// Image for a container (repeatable: one container per image).
    #[arg(long, required = true)]
    pub image: Vec<String>,

    /// The containerPort the first container exposes.
    #[arg(long)]
    pub port: Option<u16>,

    /// Namespace of the DaemonSet.
    #[arg(short, long)]
    pub namespace: Option<String>,

    /// Output format (`name`: `daemonset.apps/NAME`, as kubectl prints it).
    #[arg(short, long, value_enum, default_value_t = CreateFormat::Yaml)]
    pub output: CreateFormat,

    /// As kubectl's: dsctl only prints, so only `client` (the default) is possible.
    #[arg(long, value_name = "MODE", value_enum, num_args = 0..=1,
          default_missing_value = "client", hide = true)]
    pub dry_run: Option<DryRun>,

    /// Flags of `kubectl create deployment` that have no meaning for a DaemonSet that dsctl
    /// prints: named in a clear error instead of "unexpected argument".
    #[command(flatten)]
    pub kubectl_only: KubectlOnlyFlags,

    /// Command (and arguments) for the container, after `--`.
    #[arg(last = true, value_name = "COMMAND")]
    pub command: Vec<String>,
}

/// `dsctl create daemonset -o`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CreateFormat {
    Yaml,
    Json,
    /// `daemonset.apps/NAME`.
    Name,
}

/// kubectl's `--dry-run` modes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DryRun {
    Client,
    Server,
    None,
}

/// kubectl flags `create daemonset` takes only to refuse them by name (hidden from help).
#[derive(Debug, Args)]
pub struct KubectlOnlyFlags {
    #[arg(long, hide = true, value_name = "N")]
    pub replicas: Option<String>,
    #[arg(long, hide = true, num_args = 0..=1, default_missing_value = "true")]
    pub save_config: Option<String>,
    #[arg(long, hide = true, num_args = 0..=1, default_missing_value = "true")]
    pub validate: Option<String>,
    #[arg(long, hide = true)]
    pub field_manager: Option<String>,
    #[arg(long, hide = true, num_args = 0..=1, default_missing_value = "true")]
    pub show_managed_fields: Option<String>,
    #[arg(long, hide = true)]
    pub template: Option<String>,
    #[arg(long, hide = true, num_args = 0..=1, default_missing_value = "true")]
    pub allow_missing_template_keys: Option<String>,
    #[arg(long, hide = true, num_args = 0..=1, default_missing_value = "true")]
    pub edit: Option<String>,
}

impl KubectlOnlyFlags {
    /// The first kubectl flag given, with why dsctl cannot honour it.
    pub fn refused(&self) -> Option<(&'static str, &'static str)> {
        let why_server = "dsctl never contacts a cluster";
        [
            (
                self.replicas.is_some(),
                "--replicas",
                "a DaemonSet runs one Pod per eligible node; choose nodes with a nodeSelector",
            ),
            (self.save_config.is_some(), "--save-config", why_server),
            (
                self.validate.is_some(),
                "--validate",
                "run `dsctl validate` on the output",
            ),
            (self.field_manager.is_some(), "--field-manager", why_server),
            (
                self.show_managed_fields.is_some(),
                "--show-managed-fields",
                why_server,
            ),
            (
                self.template.is_some(),
                "--template",
                "only -o yaml, json and name are supported",
            ),
            (
                self.allow_missing_template_keys.is_some(),
                "--allow-missing-template-keys",
                "only -o yaml, json and name are supported",
            ),
            (
                self.edit.is_some(),
                "--edit",
                "pipe the output to your editor or to a file",
            ),
        ]
        .into_iter()
        .find(|(given, _, _)| *given)
        .map(|(_, flag, why)| (flag, why))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Text,
    Json,
    Sarif,
    Github,
    Junit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    #[command(flatten)]
    pub inputs: Inputs,

    /// Report format [default: text, or `output` in dsctl.toml].
    #[arg(short, long, value_enum)]
    pub output: Option<ReportFormat>,

    /// Kubernetes version to check against (1.34, v1.34, 1.34.2); default: dsctl.toml's
    /// `kubernetes-version`, else the newest bundled.
    #[arg(long, value_name = "VERSION", value_parser = Completing(version_candidates),
          hide_possible_values = true)]
    pub kubernetes_version: Option<String>,

    /// Accept fields the schema does not know (they are errors by default, as with
    /// `kubectl apply`'s strict field validation).
    #[arg(long, conflicts_with = "strict")]
    pub no_strict: bool,

    /// Unknown fields are errors even where dsctl.toml says `strict = false`.
    #[arg(long)]
    pub strict: bool,

    /// The objects as they are now in the cluster: also check the update rules
    /// (immutable selector, ...) against them.
    #[arg(long, value_name = "OLD")]
    pub previous: Option<PathBuf>,

    /// A DaemonSet deleted with `--cascade=orphan`: say whether the new DaemonSets adopt its
    /// still-running Pods and whether they replace them (exit 1 when they would not adopt).
    #[arg(long, value_name = "OLD")]
    pub adopting: Option<PathBuf>,

    /// Lowest severity that makes the exit code 1 [default: error, or `fail-on` in dsctl.toml].
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,

    /// Skip a rule by code or name (repeatable, or comma-separated; added to dsctl.toml's).
    #[arg(long, value_name = "CODE", value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// A file named on the command line that holds no Kubernetes object (values.yaml, a CI
    /// workflow, an empty file) is an error (exit 2) instead of a skipped file with a note.
    #[arg(long)]
    pub strict_inputs: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PreviewFormat {
    Table,
    Wide,
    Name,
    Json,
}

#[derive(Debug, Args)]
pub struct PreviewArgs {
    /// DaemonSet manifest (several DaemonSets are previewed one after the other); `-` is stdin.
    #[arg(value_name = "DAEMONSET_FILE")]
    pub file: PathBuf,

    /// Node inventory: `kubectl get nodes -o yaml|json`, Node objects, or the planning format
    /// [default: `nodes` in dsctl.toml].
    #[arg(long, value_name = "INVENTORY")]
    pub nodes: Option<PathBuf>,

    /// Output format.
    #[arg(short, long, value_enum, default_value_t = PreviewFormat::Table)]
    pub output: PreviewFormat,

    /// Print the full decision for one node, step by step.
    #[arg(long, value_name = "NODE", conflicts_with = "render_pod")]
    pub explain: Option<String>,

    /// Print the Pod the controller would create on NODE, as YAML.
    #[arg(long, value_name = "NODE")]
    pub render_pod: Option<String>,

    /// Compare with an older DaemonSet: which nodes gain or lose a Pod.
    #[arg(long, value_name = "OLD_DAEMONSET")]
    pub baseline: Option<PathBuf>,

    /// Compare with an older inventory: which nodes gain or lose a Pod.
    #[arg(long, value_name = "OLD_INVENTORY")]
    pub baseline_nodes: Option<PathBuf>,

    /// Exit 1 when no node gets a Pod.
    #[arg(long)]
    pub fail_if_none: bool,

    /// Simulate a RollingUpdate: maxUnavailable/maxSurge resolved as the controller does, and
    /// the nodes replaced in each wave (OnDelete: the Pods to delete).
    #[arg(long, conflicts_with_all = ["explain", "render_pod", "baseline", "baseline_nodes"])]
    pub rollout: bool,

    /// What if NODE (a name, or `all`) had label KEY=VALUE: which nodes gain or lose a Pod.
    /// Repeatable; the edits (--label, --unlabel, --taint, --cordon, --uncordon, in that
    /// order) apply to the inventory before previewing.
    #[arg(long, num_args = 2, value_names = ["NODE", "KEY=VALUE"], help_heading = "What if")]
    pub label: Vec<String>,

    /// What if NODE (a name, or `all`) lost label KEY. Repeatable.
    #[arg(long, num_args = 2, value_names = ["NODE", "KEY"], help_heading = "What if")]
    pub unlabel: Vec<String>,

    /// What if NODE (a name, or `all`) had taint KEY[=VALUE]:EFFECT; a trailing `-` removes
    /// (`KEY-`, `KEY:EFFECT-`), as with `kubectl taint`. Repeatable.
    #[arg(long, num_args = 2, value_names = ["NODE", "TAINT"], help_heading = "What if")]
    pub taint: Vec<String>,

    /// What if NODE (a name, or `all`) were cordoned (DaemonSets ignore it). Repeatable.
    #[arg(long, value_name = "NODE", help_heading = "What if")]
    pub cordon: Vec<String>,

    /// What if NODE (a name, or `all`) were uncordoned. Repeatable.
    #[arg(long, value_name = "NODE", help_heading = "What if")]
    pub uncordon: Vec<String>,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// Rule code or name (DS101, selector-mismatch).
    #[arg(required_unless_present = "list", value_parser = Completing(rule_candidates),
          hide_possible_values = true)]
    pub rule: Option<String>,

    /// List every rule.
    #[arg(long)]
    pub list: bool,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to print a completion script for.
    pub shell: clap_complete::Shell,
}
