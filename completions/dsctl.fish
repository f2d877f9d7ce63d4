# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_dsctl_global_optspecs
    string join \n color= config= no-config h/help V/version
end

function __fish_dsctl_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_dsctl_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_dsctl_using_subcommand
    set -l cmd (__fish_dsctl_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c dsctl -n "__fish_dsctl_needs_command" -l color -d 'When to color the output; NO_COLOR is honoured with `auto`' -r -f -a "auto\t''
always\t''
never\t''"
complete -c dsctl -n "__fish_dsctl_needs_command" -l config -d 'Read this configuration file instead of looking for `dsctl.toml` from each input up' -r -F
complete -c dsctl -n "__fish_dsctl_needs_command" -l no-config -d 'Read no configuration file'
complete -c dsctl -n "__fish_dsctl_needs_command" -s h -l help -d 'Print help'
complete -c dsctl -n "__fish_dsctl_needs_command" -s V -l version -d 'Print version'
complete -c dsctl -n "__fish_dsctl_needs_command" -f -a "convert" -d 'Turn Deployments, ReplicaSets and ReplicationControllers into apps/v1 DaemonSets'
complete -c dsctl -n "__fish_dsctl_needs_command" -f -a "create" -d 'Create a new object (the missing `kubectl create daemonset`)'
complete -c dsctl -n "__fish_dsctl_needs_command" -f -a "validate" -d 'Check manifests as the API server would, with line and column for every finding'
complete -c dsctl -n "__fish_dsctl_needs_command" -f -a "preview" -d 'Show which nodes of an inventory get a DaemonSet Pod, and why not'
complete -c dsctl -n "__fish_dsctl_needs_command" -f -a "service" -d 'Print the Service that reaches a DaemonSet\'s Pods (same selector, its container ports)'
complete -c dsctl -n "__fish_dsctl_needs_command" -f -a "explain" -d 'Print the documentation of a rule (e.g. `dsctl explain DS101`)'
complete -c dsctl -n "__fish_dsctl_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c dsctl -n "__fish_dsctl_needs_command" -f -a "config" -d 'Print the settings in effect for a path (from `dsctl.toml`) and where each comes from'
complete -c dsctl -n "__fish_dsctl_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c dsctl -n "__fish_dsctl_using_subcommand convert" -l exclude -d 'Leave out files and directories of a directory walk that match GLOB (repeatable): a pattern without `/` matches a name at any depth (`values.yaml`, `*.tmpl.yaml`, `charts`); one with `/` matches the path below the walked directory (`overlays/**/patch-*.yaml`). Files named on the command line are always read' -r
complete -c dsctl -n "__fish_dsctl_using_subcommand convert" -s o -l output -d 'Output format (stdout). YAML input keeps its comments and layout' -r -f -a "yaml\t''
json\t''"
complete -c dsctl -n "__fish_dsctl_using_subcommand convert" -l node-selector -d 'Add a nodeSelector entry to every converted DaemonSet (repeatable)' -r
complete -c dsctl -n "__fish_dsctl_using_subcommand convert" -l priority-class -d 'Set spec.template.spec.priorityClassName (e.g. system-node-critical)' -r
complete -c dsctl -n "__fish_dsctl_using_subcommand convert" -l max-unavailable -d 'Set updateStrategy.rollingUpdate.maxUnavailable (an integer or a percentage)' -r
complete -c dsctl -n "__fish_dsctl_using_subcommand convert" -l max-surge -d 'Set updateStrategy.rollingUpdate.maxSurge (an integer or a percentage)' -r
complete -c dsctl -n "__fish_dsctl_using_subcommand convert" -l update-strategy -d 'Set updateStrategy.type' -r -f -a "RollingUpdate\t''
OnDelete\t''"
complete -c dsctl -n "__fish_dsctl_using_subcommand convert" -l name -d 'Rename the converted object(s)' -r
complete -c dsctl -n "__fish_dsctl_using_subcommand convert" -l only -d 'Convert only this object, as KIND/NAME (`deployment/web`, `deploy/web`, `rs/web`); repeatable. The other objects are copied unchanged' -r
complete -c dsctl -n "__fish_dsctl_using_subcommand convert" -s l -l selector -d 'Convert only the objects whose labels match SELECTOR (`app=web,tier!=db`, `canary`, `!legacy`), as kubectl\'s -l; repeatable (an object matching any is converted)' -r
complete -c dsctl -n "__fish_dsctl_using_subcommand convert" -l namespace -d 'Set metadata.namespace of the converted object(s)' -r
complete -c dsctl -n "__fish_dsctl_using_subcommand convert" -l with-service -d 'Follow every DaemonSet with the Service that reaches its Pods (`=headless`: clusterIP None)' -r -f -a "cluster-ip\t'A Service with a cluster IP, load-balanced over the nodes\' Pods'
headless\t'A headless Service: DNS returns every Pod\'s IP'"
complete -c dsctl -n "__fish_dsctl_using_subcommand convert" -l to -d 'What to produce: DaemonSets (default), or the static Pod the kubelet runs on --node' -r -f -a "daemonset\t'apps/v1 DaemonSets'
static-pod\t'A v1 Pod for one node\'s kubelet manifest directory'"
complete -c dsctl -n "__fish_dsctl_using_subcommand convert" -l node -d 'The node a static Pod is written for (with --to static-pod)' -r
complete -c dsctl -n "__fish_dsctl_using_subcommand convert" -l nodes -d 'Node inventory to look --node up in: refuse when no Pod would run there' -r -F
complete -c dsctl -n "__fish_dsctl_using_subcommand convert" -l color -d 'When to color the output; NO_COLOR is honoured with `auto`' -r -f -a "auto\t''
always\t''
never\t''"
complete -c dsctl -n "__fish_dsctl_using_subcommand convert" -l config -d 'Read this configuration file instead of looking for `dsctl.toml` from each input up' -r -F
complete -c dsctl -n "__fish_dsctl_using_subcommand convert" -s w -l write -d 'Rewrite the files in place (atomically; nothing is written on error)'
complete -c dsctl -n "__fish_dsctl_using_subcommand convert" -l diff -d 'Print a unified diff of what would change instead of the result'
complete -c dsctl -n "__fish_dsctl_using_subcommand convert" -l check -d 'Exit 1 when a file would change, printing nothing (or the diff, with --diff)'
complete -c dsctl -n "__fish_dsctl_using_subcommand convert" -l tolerate-control-plane -d 'Tolerate the control-plane NoSchedule taint, so the Pod runs there too'
complete -c dsctl -n "__fish_dsctl_using_subcommand convert" -l tolerate-all -d 'Tolerate every taint (operator: Exists), as CNI and log agents often do'
complete -c dsctl -n "__fish_dsctl_using_subcommand convert" -l no-config -d 'Read no configuration file'
complete -c dsctl -n "__fish_dsctl_using_subcommand convert" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dsctl -n "__fish_dsctl_using_subcommand convert" -s V -l version -d 'Print version'
complete -c dsctl -n "__fish_dsctl_using_subcommand create; and not __fish_seen_subcommand_from daemonset ds help" -l color -d 'When to color the output; NO_COLOR is honoured with `auto`' -r -f -a "auto\t''
always\t''
never\t''"
complete -c dsctl -n "__fish_dsctl_using_subcommand create; and not __fish_seen_subcommand_from daemonset ds help" -l config -d 'Read this configuration file instead of looking for `dsctl.toml` from each input up' -r -F
complete -c dsctl -n "__fish_dsctl_using_subcommand create; and not __fish_seen_subcommand_from daemonset ds help" -l no-config -d 'Read no configuration file'
complete -c dsctl -n "__fish_dsctl_using_subcommand create; and not __fish_seen_subcommand_from daemonset ds help" -s h -l help -d 'Print help'
complete -c dsctl -n "__fish_dsctl_using_subcommand create; and not __fish_seen_subcommand_from daemonset ds help" -s V -l version -d 'Print version'
complete -c dsctl -n "__fish_dsctl_using_subcommand create; and not __fish_seen_subcommand_from daemonset ds help" -f -a "daemonset" -d 'Print a new apps/v1 DaemonSet, like `kubectl create deployment` prints a Deployment'
complete -c dsctl -n "__fish_dsctl_using_subcommand create; and not __fish_seen_subcommand_from daemonset ds help" -f -a "ds" -d 'Print a new apps/v1 DaemonSet, like `kubectl create deployment` prints a Deployment'
complete -c dsctl -n "__fish_dsctl_using_subcommand create; and not __fish_seen_subcommand_from daemonset ds help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c dsctl -n "__fish_dsctl_using_subcommand create; and __fish_seen_subcommand_from daemonset" -l image -d 'Image for a container (repeatable: one container per image)' -r
complete -c dsctl -n "__fish_dsctl_using_subcommand create; and __fish_seen_subcommand_from daemonset" -l port -d 'The containerPort the first container exposes' -r
complete -c dsctl -n "__fish_dsctl_using_subcommand create; and __fish_seen_subcommand_from daemonset" -s n -l namespace -d 'Namespace of the DaemonSet' -r
complete -c dsctl -n "__fish_dsctl_using_subcommand create; and __fish_seen_subcommand_from daemonset" -s o -l output -d 'Output format (`name`: `daemonset.apps/NAME`, as kubectl prints it)' -r -f -a "yaml\t''
json\t''
name\t'`daemonset.apps/NAME`'"
complete -c dsctl -n "__fish_dsctl_using_subcommand create; and __fish_seen_subcommand_from daemonset" -l dry-run -d 'As kubectl\'s: dsctl only prints, so only `client` (the default) is possible' -r -f -a "client\t''
server\t''
none\t''"
complete -c dsctl -n "__fish_dsctl_using_subcommand create; and __fish_seen_subcommand_from daemonset" -l replicas -r
complete -c dsctl -n "__fish_dsctl_using_subcommand create; and __fish_seen_subcommand_from daemonset" -l save-config -r
complete -c dsctl -n "__fish_dsctl_using_subcommand create; and __fish_seen_subcommand_from daemonset" -l validate -r
complete -c dsctl -n "__fish_dsctl_using_subcommand create; and __fish_seen_subcommand_from daemonset" -l field-manager -r
complete -c dsctl -n "__fish_dsctl_using_subcommand create; and __fish_seen_subcommand_from daemonset" -l show-managed-fields -r
complete -c dsctl -n "__fish_dsctl_using_subcommand create; and __fish_seen_subcommand_from daemonset" -l template -r
complete -c dsctl -n "__fish_dsctl_using_subcommand create; and __fish_seen_subcommand_from daemonset" -l allow-missing-template-keys -r
complete -c dsctl -n "__fish_dsctl_using_subcommand create; and __fish_seen_subcommand_from daemonset" -l edit -r
complete -c dsctl -n "__fish_dsctl_using_subcommand create; and __fish_seen_subcommand_from daemonset" -l color -d 'When to color the output; NO_COLOR is honoured with `auto`' -r -f -a "auto\t''
always\t''
never\t''"
complete -c dsctl -n "__fish_dsctl_using_subcommand create; and __fish_seen_subcommand_from daemonset" -l config -d 'Read this configuration file instead of looking for `dsctl.toml` from each input up' -r -F
complete -c dsctl -n "__fish_dsctl_using_subcommand create; and __fish_seen_subcommand_from daemonset" -l no-config -d 'Read no configuration file'
complete -c dsctl -n "__fish_dsctl_using_subcommand create; and __fish_seen_subcommand_from daemonset" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dsctl -n "__fish_dsctl_using_subcommand create; and __fish_seen_subcommand_from daemonset" -s V -l version -d 'Print version'
complete -c dsctl -n "__fish_dsctl_using_subcommand create; and __fish_seen_subcommand_from ds" -l image -d 'Image for a container (repeatable: one container per image)' -r
complete -c dsctl -n "__fish_dsctl_using_subcommand create; and __fish_seen_subcommand_from ds" -l port -d 'The containerPort the first container exposes' -r
complete -c dsctl -n "__fish_dsctl_using_subcommand create; and __fish_seen_subcommand_from ds" -s n -l namespace -d 'Namespace of the DaemonSet' -r
complete -c dsctl -n "__fish_dsctl_using_subcommand create; and __fish_seen_subcommand_from ds" -s o -l output -d 'Output format (`name`: `daemonset.apps/NAME`, as kubectl prints it)' -r -f -a "yaml\t''
json\t''
name\t'`daemonset.apps/NAME`'"
complete -c dsctl -n "__fish_dsctl_using_subcommand create; and __fish_seen_subcommand_from ds" -l dry-run -d 'As kubectl\'s: dsctl only prints, so only `client` (the default) is possible' -r -f -a "client\t''
server\t''
none\t''"
complete -c dsctl -n "__fish_dsctl_using_subcommand create; and __fish_seen_subcommand_from ds" -l replicas -r
complete -c dsctl -n "__fish_dsctl_using_subcommand create; and __fish_seen_subcommand_from ds" -l save-config -r
complete -c dsctl -n "__fish_dsctl_using_subcommand create; and __fish_seen_subcommand_from ds" -l validate -r
complete -c dsctl -n "__fish_dsctl_using_subcommand create; and __fish_seen_subcommand_from ds" -l field-manager -r
complete -c dsctl -n "__fish_dsctl_using_subcommand create; and __fish_seen_subcommand_from ds" -l show-managed-fields -r
complete -c dsctl -n "__fish_dsctl_using_subcommand create; and __fish_seen_subcommand_from ds" -l template -r
complete -c dsctl -n "__fish_dsctl_using_subcommand create; and __fish_seen_subcommand_from ds" -l allow-missing-template-keys -r
complete -c dsctl -n "__fish_dsctl_using_subcommand create; and __fish_seen_subcommand_from ds" -l edit -r
complete -c dsctl -n "__fish_dsctl_using_subcommand create; and __fish_seen_subcommand_from ds" -l color -d 'When to color the output; NO_COLOR is honoured with `auto`' -r -f -a "auto\t''
always\t''
never\t''"
complete -c dsctl -n "__fish_dsctl_using_subcommand create; and __fish_seen_subcommand_from ds" -l config -d 'Read this configuration file instead of looking for `dsctl.toml` from each input up' -r -F
complete -c dsctl -n "__fish_dsctl_using_subcommand create; and __fish_seen_subcommand_from ds" -l no-config -d 'Read no configuration file'
complete -c dsctl -n "__fish_dsctl_using_subcommand create; and __fish_seen_subcommand_from ds" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dsctl -n "__fish_dsctl_using_subcommand create; and __fish_seen_subcommand_from ds" -s V -l version -d 'Print version'
complete -c dsctl -n "__fish_dsctl_using_subcommand create; and __fish_seen_subcommand_from help" -f -a "daemonset" -d 'Print a new apps/v1 DaemonSet, like `kubectl create deployment` prints a Deployment'
complete -c dsctl -n "__fish_dsctl_using_subcommand create; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c dsctl -n "__fish_dsctl_using_subcommand validate" -l exclude -d 'Leave out files and directories of a directory walk that match GLOB (repeatable): a pattern without `/` matches a name at any depth (`values.yaml`, `*.tmpl.yaml`, `charts`); one with `/` matches the path below the walked directory (`overlays/**/patch-*.yaml`). Files named on the command line are always read' -r
complete -c dsctl -n "__fish_dsctl_using_subcommand validate" -s o -l output -d 'Report format [default: text, or `output` in dsctl.toml]' -r -f -a "text\t''
json\t''
sarif\t''
github\t''
junit\t''"
complete -c dsctl -n "__fish_dsctl_using_subcommand validate" -l kubernetes-version -d 'Kubernetes version to check against (1.34, v1.34, 1.34.2); default: dsctl.toml\'s `kubernetes-version`, else the newest bundled' -r -f -a "1.25\t''
1.26\t''
1.27\t''
1.28\t''
1.29\t''
1.30\t''
1.31\t''
1.32\t''
1.33\t''
1.34\t''
1.35\t''
1.36\t''
1.37\t''"
complete -c dsctl -n "__fish_dsctl_using_subcommand validate" -l previous -d 'The objects as they are now in the cluster: also check the update rules (immutable selector, ...) against them' -r -F
complete -c dsctl -n "__fish_dsctl_using_subcommand validate" -l adopting -d 'A DaemonSet deleted with `--cascade=orphan`: say whether the new DaemonSets adopt its still-running Pods and whether they replace them (exit 1 when they would not adopt)' -r -F
complete -c dsctl -n "__fish_dsctl_using_subcommand validate" -l fail-on -d 'Lowest severity that makes the exit code 1 [default: error, or `fail-on` in dsctl.toml]' -r -f -a "error\t''
warning\t''"
complete -c dsctl -n "__fish_dsctl_using_subcommand validate" -l ignore -d 'Skip a rule by code or name (repeatable, or comma-separated; added to dsctl.toml\'s)' -r
complete -c dsctl -n "__fish_dsctl_using_subcommand validate" -l color -d 'When to color the output; NO_COLOR is honoured with `auto`' -r -f -a "auto\t''
always\t''
never\t''"
complete -c dsctl -n "__fish_dsctl_using_subcommand validate" -l config -d 'Read this configuration file instead of looking for `dsctl.toml` from each input up' -r -F
complete -c dsctl -n "__fish_dsctl_using_subcommand validate" -l no-strict -d 'Accept fields the schema does not know (they are errors by default, as with `kubectl apply`\'s strict field validation)'
complete -c dsctl -n "__fish_dsctl_using_subcommand validate" -l strict -d 'Unknown fields are errors even where dsctl.toml says `strict = false`'
complete -c dsctl -n "__fish_dsctl_using_subcommand validate" -l strict-inputs -d 'A file named on the command line that holds no Kubernetes object (values.yaml, a CI workflow, an empty file) is an error (exit 2) instead of a skipped file with a note'
complete -c dsctl -n "__fish_dsctl_using_subcommand validate" -l no-config -d 'Read no configuration file'
complete -c dsctl -n "__fish_dsctl_using_subcommand validate" -s h -l help -d 'Print help'
complete -c dsctl -n "__fish_dsctl_using_subcommand validate" -s V -l version -d 'Print version'
complete -c dsctl -n "__fish_dsctl_using_subcommand preview" -l nodes -d 'Node inventory: `kubectl get nodes -o yaml|json`, Node objects, or the planning format [default: `nodes` in dsctl.toml]' -r -F
complete -c dsctl -n "__fish_dsctl_using_subcommand preview" -s o -l output -d 'Output format' -r -f -a "table\t''
wide\t''
name\t''
json\t''"
complete -c dsctl -n "__fish_dsctl_using_subcommand preview" -l explain -d 'Print the full decision for one node, step by step' -r
complete -c dsctl -n "__fish_dsctl_using_subcommand preview" -l render-pod -d 'Print the Pod the controller would create on NODE, as YAML' -r
complete -c dsctl -n "__fish_dsctl_using_subcommand preview" -l baseline -d 'Compare with an older DaemonSet: which nodes gain or lose a Pod' -r -F
complete -c dsctl -n "__fish_dsctl_using_subcommand preview" -l baseline-nodes -d 'Compare with an older inventory: which nodes gain or lose a Pod' -r -F
complete -c dsctl -n "__fish_dsctl_using_subcommand preview" -l label -d 'What if NODE (a name, or `all`) had label KEY=VALUE: which nodes gain or lose a Pod. Repeatable; the edits (--label, --unlabel, --taint, --cordon, --uncordon, in that order) apply to the inventory before previewing' -r
complete -c dsctl -n "__fish_dsctl_using_subcommand preview" -l unlabel -d 'What if NODE (a name, or `all`) lost label KEY. Repeatable' -r
complete -c dsctl -n "__fish_dsctl_using_subcommand preview" -l taint -d 'What if NODE (a name, or `all`) had taint KEY[=VALUE]:EFFECT; a trailing `-` removes (`KEY-`, `KEY:EFFECT-`), as with `kubectl taint`. Repeatable' -r
complete -c dsctl -n "__fish_dsctl_using_subcommand preview" -l cordon -d 'What if NODE (a name, or `all`) were cordoned (DaemonSets ignore it). Repeatable' -r
complete -c dsctl -n "__fish_dsctl_using_subcommand preview" -l uncordon -d 'What if NODE (a name, or `all`) were uncordoned. Repeatable' -r
complete -c dsctl -n "__fish_dsctl_using_subcommand preview" -l color -d 'When to color the output; NO_COLOR is honoured with `auto`' -r -f -a "auto\t''
always\t''
never\t''"
complete -c dsctl -n "__fish_dsctl_using_subcommand preview" -l config -d 'Read this configuration file instead of looking for `dsctl.toml` from each input up' -r -F
complete -c dsctl -n "__fish_dsctl_using_subcommand preview" -l fail-if-none -d 'Exit 1 when no node gets a Pod'
complete -c dsctl -n "__fish_dsctl_using_subcommand preview" -l rollout -d 'Simulate a RollingUpdate: maxUnavailable/maxSurge resolved as the controller does, and the nodes replaced in each wave (OnDelete: the Pods to delete)'
complete -c dsctl -n "__fish_dsctl_using_subcommand preview" -l no-config -d 'Read no configuration file'
complete -c dsctl -n "__fish_dsctl_using_subcommand preview" -s h -l help -d 'Print help'
complete -c dsctl -n "__fish_dsctl_using_subcommand preview" -s V -l version -d 'Print version'
complete -c dsctl -n "__fish_dsctl_using_subcommand service" -l port -d 'Expose only this port (repeatable): a container port number or name, optionally with another Service port in front (`80:metrics`) and a protocol (`53/UDP`)' -r
complete -c dsctl -n "__fish_dsctl_using_subcommand service" -l internal-traffic-policy -d 'Set spec.internalTrafficPolicy (Local: only the Pod on the client\'s own node answers)' -r -f -a "Local\t''
Cluster\t''"
complete -c dsctl -n "__fish_dsctl_using_subcommand service" -l name -d 'Name the Service (default: the DaemonSet\'s name); only with one DaemonSet' -r
complete -c dsctl -n "__fish_dsctl_using_subcommand service" -s o -l output -d 'Output format' -r -f -a "yaml\t''
json\t''"
complete -c dsctl -n "__fish_dsctl_using_subcommand service" -l color -d 'When to color the output; NO_COLOR is honoured with `auto`' -r -f -a "auto\t''
always\t''
never\t''"
complete -c dsctl -n "__fish_dsctl_using_subcommand service" -l config -d 'Read this configuration file instead of looking for `dsctl.toml` from each input up' -r -F
complete -c dsctl -n "__fish_dsctl_using_subcommand service" -l headless -d 'Write a headless Service (clusterIP: None): DNS returns every Pod\'s IP'
complete -c dsctl -n "__fish_dsctl_using_subcommand service" -l no-config -d 'Read no configuration file'
complete -c dsctl -n "__fish_dsctl_using_subcommand service" -s h -l help -d 'Print help'
complete -c dsctl -n "__fish_dsctl_using_subcommand service" -s V -l version -d 'Print version'
complete -c dsctl -n "__fish_dsctl_using_subcommand explain" -l color -d 'When to color the output; NO_COLOR is honoured with `auto`' -r -f -a "auto\t''
always\t''
never\t''"
complete -c dsctl -n "__fish_dsctl_using_subcommand explain" -l config -d 'Read this configuration file instead of looking for `dsctl.toml` from each input up' -r -F
complete -c dsctl -n "__fish_dsctl_using_subcommand explain" -l list -d 'List every rule'
complete -c dsctl -n "__fish_dsctl_using_subcommand explain" -l no-config -d 'Read no configuration file'
complete -c dsctl -n "__fish_dsctl_using_subcommand explain" -s h -l help -d 'Print help'
complete -c dsctl -n "__fish_dsctl_using_subcommand explain" -s V -l version -d 'Print version'
complete -c dsctl -n "__fish_dsctl_using_subcommand completions" -l color -d 'When to color the output; NO_COLOR is honoured with `auto`' -r -f -a "auto\t''
always\t''
never\t''"
complete -c dsctl -n "__fish_dsctl_using_subcommand completions" -l config -d 'Read this configuration file instead of looking for `dsctl.toml` from each input up' -r -F
complete -c dsctl -n "__fish_dsctl_using_subcommand completions" -l no-config -d 'Read no configuration file'
complete -c dsctl -n "__fish_dsctl_using_subcommand completions" -s h -l help -d 'Print help'
complete -c dsctl -n "__fish_dsctl_using_subcommand completions" -s V -l version -d 'Print version'
complete -c dsctl -n "__fish_dsctl_using_subcommand config" -l color -d 'When to color the output; NO_COLOR is honoured with `auto`' -r -f -a "auto\t''
always\t''
never\t''"
complete -c dsctl -n "__fish_dsctl_using_subcommand config" -l config -d 'Read this configuration file instead of looking for `dsctl.toml` from each input up' -r -F
complete -c dsctl -n "__fish_dsctl_using_subcommand config" -l no-config -d 'Read no configuration file'
complete -c dsctl -n "__fish_dsctl_using_subcommand config" -s h -l help -d 'Print help'
complete -c dsctl -n "__fish_dsctl_using_subcommand config" -s V -l version -d 'Print version'
complete -c dsctl -n "__fish_dsctl_using_subcommand help; and not __fish_seen_subcommand_from convert create validate preview service explain completions config help" -f -a "convert" -d 'Turn Deployments, ReplicaSets and ReplicationControllers into apps/v1 DaemonSets'
complete -c dsctl -n "__fish_dsctl_using_subcommand help; and not __fish_seen_subcommand_from convert create validate preview service explain completions config help" -f -a "create" -d 'Create a new object (the missing `kubectl create daemonset`)'
complete -c dsctl -n "__fish_dsctl_using_subcommand help; and not __fish_seen_subcommand_from convert create validate preview service explain completions config help" -f -a "validate" -d 'Check manifests as the API server would, with line and column for every finding'
complete -c dsctl -n "__fish_dsctl_using_subcommand help; and not __fish_seen_subcommand_from convert create validate preview service explain completions config help" -f -a "preview" -d 'Show which nodes of an inventory get a DaemonSet Pod, and why not'
complete -c dsctl -n "__fish_dsctl_using_subcommand help; and not __fish_seen_subcommand_from convert create validate preview service explain completions config help" -f -a "service" -d 'Print the Service that reaches a DaemonSet\'s Pods (same selector, its container ports)'
complete -c dsctl -n "__fish_dsctl_using_subcommand help; and not __fish_seen_subcommand_from convert create validate preview service explain completions config help" -f -a "explain" -d 'Print the documentation of a rule (e.g. `dsctl explain DS101`)'
complete -c dsctl -n "__fish_dsctl_using_subcommand help; and not __fish_seen_subcommand_from convert create validate preview service explain completions config help" -f -a "completions" -d 'Print a shell completion script'
complete -c dsctl -n "__fish_dsctl_using_subcommand help; and not __fish_seen_subcommand_from convert create validate preview service explain completions config help" -f -a "config" -d 'Print the settings in effect for a path (from `dsctl.toml`) and where each comes from'
complete -c dsctl -n "__fish_dsctl_using_subcommand help; and not __fish_seen_subcommand_from convert create validate preview service explain completions config help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c dsctl -n "__fish_dsctl_using_subcommand help; and __fish_seen_subcommand_from create" -f -a "daemonset" -d 'Print a new apps/v1 DaemonSet, like `kubectl create deployment` prints a Deployment'
