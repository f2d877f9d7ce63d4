#compdef dsctl

autoload -U is-at-least

_dsctl() {
    typeset -A opt_args
    typeset -a _arguments_options
    local ret=1

    if is-at-least 5.2; then
        _arguments_options=(-s -S -C)
    else
        _arguments_options=(-s -C)
    fi

    local context curcontext="$curcontext" state line
    _arguments "${_arguments_options[@]}" : \
'--color=[When to color the output; NO_COLOR is honoured with \`auto\`]:COLOR:(auto always never)' \
'(--no-config)--config=[Read this configuration file instead of looking for \`dsctl.toml\` from each input up]:FILE:_files' \
'--no-config[Read no configuration file]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
":: :_dsctl_commands" \
"*::: :->dsctl" \
&& ret=0
    case $state in
    (dsctl)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:dsctl-command-$line[1]:"
        case $line[1] in
            (convert)
_arguments "${_arguments_options[@]}" : \
'*--exclude=[Leave out files and directories of a directory walk that match GLOB (repeatable)\: a pattern without \`/\` matches a name at any depth (\`values.yaml\`, \`*.tmpl.yaml\`, \`charts\`); one with \`/\` matches the path below the walked directory (\`overlays/**/patch-*.yaml\`). Files named on the command line are always read]:GLOB:_default' \
'-o+[Output format (stdout). YAML input keeps its comments and layout]:OUTPUT:(yaml json)' \
'--output=[Output format (stdout). YAML input keeps its comments and layout]:OUTPUT:(yaml json)' \
'*--node-selector=[Add a nodeSelector entry to every converted DaemonSet (repeatable)]:KEY=VALUE:_default' \
'--priority-class=[Set spec.template.spec.priorityClassName (e.g. system-node-critical)]:NAME:_default' \
'--max-unavailable=[Set updateStrategy.rollingUpdate.maxUnavailable (an integer or a percentage)]:N|N%:_default' \
'--max-surge=[Set updateStrategy.rollingUpdate.maxSurge (an integer or a percentage)]:N|N%:_default' \
'--update-strategy=[Set updateStrategy.type]:TYPE:(RollingUpdate OnDelete)' \
'--name=[Rename the converted object(s)]:NAME:_default' \
'*--only=[Convert only this object, as KIND/NAME (\`deployment/web\`, \`deploy/web\`, \`rs/web\`); repeatable. The other objects are copied unchanged]:KIND/NAME:_default' \
'*-l+[Convert only the objects whose labels match SELECTOR (\`app=web,tier!=db\`, \`canary\`, \`!legacy\`), as kubectl'\''s -l; repeatable (an object matching any is converted)]:SELECTOR:_default' \
'*--selector=[Convert only the objects whose labels match SELECTOR (\`app=web,tier!=db\`, \`canary\`, \`!legacy\`), as kubectl'\''s -l; repeatable (an object matching any is converted)]:SELECTOR:_default' \
'--namespace=[Set metadata.namespace of the converted object(s)]:NAMESPACE:_default' \
'(--to)--with-service=[Follow every DaemonSet with the Service that reaches its Pods (\`=headless\`\: clusterIP None)]::KIND:((cluster-ip\:"A Service with a cluster IP, load-balanced over the nodes'\'' Pods"
headless\:"A headless Service\: DNS returns every Pod'\''s IP"))' \
'(-w --write --diff --check)--to=[What to produce\: DaemonSets (default), or the static Pod the kubelet runs on --node]:TARGET:((daemonset\:"apps/v1 DaemonSets"
static-pod\:"A v1 Pod for one node'\''s kubelet manifest directory"))' \
'--node=[The node a static Pod is written for (with --to static-pod)]:NODE:_default' \
'--nodes=[Node inventory to look --node up in\: refuse when no Pod would run there]:INVENTORY:_files' \
'--color=[When to color the output; NO_COLOR is honoured with \`auto\`]:COLOR:(auto always never)' \
'(--no-config)--config=[Read this configuration file instead of looking for \`dsctl.toml\` from each input up]:FILE:_files' \
'(--diff --check)-w[Rewrite the files in place (atomically; nothing is written on error)]' \
'(--diff --check)--write[Rewrite the files in place (atomically; nothing is written on error)]' \
'--diff[Print a unified diff of what would change instead of the result]' \
'--check[Exit 1 when a file would change, printing nothing (or the diff, with --diff)]' \
'--tolerate-control-plane[Tolerate the control-plane NoSchedule taint, so the Pod runs there too]' \
'--tolerate-all[Tolerate every taint (operator\: Exists), as CNI and log agents often do]' \
'--no-config[Read no configuration file]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'-V[Print version]' \
'--version[Print version]' \
'*::paths -- Files or directories (searched recursively for *.yaml, *.yml, *.json); `-` is stdin:_files' \
&& ret=0
;;
(create)
_arguments "${_arguments_options[@]}" : \
'--color=[When to color the output; NO_COLOR is honoured with \`auto\`]:COLOR:(auto always never)' \
'(--no-config)--config=[Read this configuration file instead of looking for \`dsctl.toml\` from each input up]:FILE:_files' \
'--no-config[Read no configuration file]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
":: :_dsctl__subcmd__create_commands" \
"*::: :->create" \
&& ret=0

    case $state in
    (create)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:dsctl-create-command-$line[1]:"
        case $line[1] in
            (daemonset)
_arguments "${_arguments_options[@]}" : \
'*--image=[Image for a container (repeatable\: one container per image)]:IMAGE:_default' \
'--port=[The containerPort the first container exposes]:PORT:_default' \
'-n+[Namespace of the DaemonSet]:NAMESPACE:_default' \
'--namespace=[Namespace of the DaemonSet]:NAMESPACE:_default' \
'-o+[Output format (\`name\`\: \`daemonset.apps/NAME\`, as kubectl prints it)]:OUTPUT:((yaml\:""
json\:""
name\:"\`daemonset.apps/NAME\`"))' \
'--output=[Output format (\`name\`\: \`daemonset.apps/NAME\`, as kubectl prints it)]:OUTPUT:((yaml\:""
json\:""
name\:"\`daemonset.apps/NAME\`"))' \
'--dry-run=[As kubectl'\''s\: dsctl only prints, so only \`client\` (the default) is possible]::MODE:(client server none)' \
'--replicas=[]:N:_default' \
'--save-config=[]::SAVE_CONFIG:_default' \
'--validate=[]::VALIDATE:_default' \
'--field-manager=[]:FIELD_MANAGER:_default' \
'--show-managed-fields=[]::SHOW_MANAGED_FIELDS:_default' \
'--template=[]:TEMPLATE:_default' \
'--allow-missing-template-keys=[]::ALLOW_MISSING_TEMPLATE_KEYS:_default' \
'--edit=[]::EDIT:_default' \
'--color=[When to color the output; NO_COLOR is honoured with \`auto\`]:COLOR:(auto always never)' \
'(--no-config)--config=[Read this configuration file instead of looking for \`dsctl.toml\` from each input up]:FILE:_files' \
'--no-config[Read no configuration file]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'-V[Print version]' \
'--version[Print version]' \
':name -- Name of the DaemonSet:_default' \
'*::command -- Command (and arguments) for the container, after `--`:_default' \
&& ret=0
;;
(ds)
_arguments "${_arguments_options[@]}" : \
'*--image=[Image for a container (repeatable\: one container per image)]:IMAGE:_default' \
'--port=[The containerPort the first container exposes]:PORT:_default' \
'-n+[Namespace of the DaemonSet]:NAMESPACE:_default' \
'--namespace=[Namespace of the DaemonSet]:NAMESPACE:_default' \
'-o+[Output format (\`name\`\: \`daemonset.apps/NAME\`, as kubectl prints it)]:OUTPUT:((yaml\:""
json\:""
name\:"\`daemonset.apps/NAME\`"))' \
'--output=[Output format (\`name\`\: \`daemonset.apps/NAME\`, as kubectl prints it)]:OUTPUT:((yaml\:""
json\:""
name\:"\`daemonset.apps/NAME\`"))' \
'--dry-run=[As kubectl'\''s\: dsctl only prints, so only \`client\` (the default) is possible]::MODE:(client server none)' \
'--replicas=[]:N:_default' \
'--save-config=[]::SAVE_CONFIG:_default' \
'--validate=[]::VALIDATE:_default' \
'--field-manager=[]:FIELD_MANAGER:_default' \
'--show-managed-fields=[]::SHOW_MANAGED_FIELDS:_default' \
'--template=[]:TEMPLATE:_default' \
'--allow-missing-template-keys=[]::ALLOW_MISSING_TEMPLATE_KEYS:_default' \
'--edit=[]::EDIT:_default' \
'--color=[When to color the output; NO_COLOR is honoured with \`auto\`]:COLOR:(auto always never)' \
'(--no-config)--config=[Read this configuration file instead of looking for \`dsctl.toml\` from each input up]:FILE:_files' \
'--no-config[Read no configuration file]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'-V[Print version]' \
'--version[Print version]' \
':name -- Name of the DaemonSet:_default' \
'*::command -- Command (and arguments) for the container, after `--`:_default' \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
":: :_dsctl__subcmd__create__subcmd__help_commands" \
"*::: :->help" \
&& ret=0

    case $state in
    (help)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:dsctl-create-help-command-$line[1]:"
        case $line[1] in
            (daemonset)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
        esac
    ;;
esac
;;
(validate)
_arguments "${_arguments_options[@]}" : \
'*--exclude=[Leave out files and directories of a directory walk that match GLOB (repeatable)\: a pattern without \`/\` matches a name at any depth (\`values.yaml\`, \`*.tmpl.yaml\`, \`charts\`); one with \`/\` matches the path below the walked directory (\`overlays/**/patch-*.yaml\`). Files named on the command line are always read]:GLOB:_default' \
'-o+[Report format \[default\: text, or \`output\` in dsctl.toml\]]:OUTPUT:(text json sarif github junit)' \
'--output=[Report format \[default\: text, or \`output\` in dsctl.toml\]]:OUTPUT:(text json sarif github junit)' \
'--kubernetes-version=[Kubernetes version to check against (1.34, v1.34, 1.34.2); default\: dsctl.toml'\''s \`kubernetes-version\`, else the newest bundled]:VERSION:(1.25 1.26 1.27 1.28 1.29 1.30 1.31 1.32 1.33 1.34 1.35 1.36 1.37)' \
'--previous=[The objects as they are now in the cluster\: also check the update rules (immutable selector, ...) against them]:OLD:_files' \
'--adopting=[A DaemonSet deleted with \`--cascade=orphan\`\: say whether the new DaemonSets adopt its still-running Pods and whether they replace them (exit 1 when they would not adopt)]:OLD:_files' \
'--fail-on=[Lowest severity that makes the exit code 1 \[default\: error, or \`fail-on\` in dsctl.toml\]]:FAIL_ON:(error warning)' \
'*--ignore=[Skip a rule by code or name (repeatable, or comma-separated; added to dsctl.toml'\''s)]:CODE:_default' \
'--color=[When to color the output; NO_COLOR is honoured with \`auto\`]:COLOR:(auto always never)' \
'(--no-config)--config=[Read this configuration file instead of looking for \`dsctl.toml\` from each input up]:FILE:_files' \
'(--strict)--no-strict[Accept fields the schema does not know (they are errors by default, as with \`kubectl apply\`'\''s strict field validation)]' \
'--strict[Unknown fields are errors even where dsctl.toml says \`strict = false\`]' \
'--strict-inputs[A file named on the command line that holds no Kubernetes object (values.yaml, a CI workflow, an empty file) is an error (exit 2) instead of a skipped file with a note]' \
'--no-config[Read no configuration file]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
'*::paths -- Files or directories (searched recursively for *.yaml, *.yml, *.json); `-` is stdin:_files' \
&& ret=0
;;
(preview)
_arguments "${_arguments_options[@]}" : \
'--nodes=[Node inventory\: \`kubectl get nodes -o yaml|json\`, Node objects, or the planning format \[default\: \`nodes\` in dsctl.toml\]]:INVENTORY:_files' \
'-o+[Output format]:OUTPUT:(table wide name json)' \
'--output=[Output format]:OUTPUT:(table wide name json)' \
'(--render-pod)--explain=[Print the full decision for one node, step by step]:NODE:_default' \
'--render-pod=[Print the Pod the controller would create on NODE, as YAML]:NODE:_default' \
'--baseline=[Compare with an older DaemonSet\: which nodes gain or lose a Pod]:OLD_DAEMONSET:_files' \
'--baseline-nodes=[Compare with an older inventory\: which nodes gain or lose a Pod]:OLD_INVENTORY:_files' \
'*--label=[What if NODE (a name, or \`all\`) had label KEY=VALUE\: which nodes gain or lose a Pod. Repeatable; the edits (--label, --unlabel, --taint, --cordon, --uncordon, in that order) apply to the inventory before previewing]:NODE:_default:NODE:_default' \
'*--unlabel=[What if NODE (a name, or \`all\`) lost label KEY. Repeatable]:NODE:_default:NODE:_default' \
'*--taint=[What if NODE (a name, or \`all\`) had taint KEY\[=VALUE\]\:EFFECT; a trailing \`-\` removes (\`KEY-\`, \`KEY\:EFFECT-\`), as with \`kubectl taint\`. Repeatable]:NODE:_default:NODE:_default' \
'*--cordon=[What if NODE (a name, or \`all\`) were cordoned (DaemonSets ignore it). Repeatable]:NODE:_default' \
'*--uncordon=[What if NODE (a name, or \`all\`) were uncordoned. Repeatable]:NODE:_default' \
'--color=[When to color the output; NO_COLOR is honoured with \`auto\`]:COLOR:(auto always never)' \
'(--no-config)--config=[Read this configuration file instead of looking for \`dsctl.toml\` from each input up]:FILE:_files' \
'--fail-if-none[Exit 1 when no node gets a Pod]' \
'(--explain --render-pod --baseline --baseline-nodes)--rollout[Simulate a RollingUpdate\: maxUnavailable/maxSurge resolved as the controller does, and the nodes replaced in each wave (OnDelete\: the Pods to delete)]' \
'--no-config[Read no configuration file]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
':file -- DaemonSet manifest (several DaemonSets are previewed one after the other); `-` is stdin:_files' \
&& ret=0
;;
(service)
_arguments "${_arguments_options[@]}" : \
'*--port=[Expose only this port (repeatable)\: a container port number or name, optionally with another Service port in front (\`80\:metrics\`) and a protocol (\`53/UDP\`)]:[PORT:]TARGET[/PROTOCOL]:_default' \
'--internal-traffic-policy=[Set spec.internalTrafficPolicy (Local\: only the Pod on the client'\''s own node answers)]:POLICY:(Local Cluster)' \
'--name=[Name the Service (default\: the DaemonSet'\''s name); only with one DaemonSet]:NAME:_default' \
'-o+[Output format]:OUTPUT:(yaml json)' \
'--output=[Output format]:OUTPUT:(yaml json)' \
'--color=[When to color the output; NO_COLOR is honoured with \`auto\`]:COLOR:(auto always never)' \
'(--no-config)--config=[Read this configuration file instead of looking for \`dsctl.toml\` from each input up]:FILE:_files' \
'--headless[Write a headless Service (clusterIP\: None)\: DNS returns every Pod'\''s IP]' \
'--no-config[Read no configuration file]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
':file -- DaemonSet manifest (one Service per DaemonSet in it); `-` is stdin:_files' \
&& ret=0
;;
(explain)
_arguments "${_arguments_options[@]}" : \
'--color=[When to color the output; NO_COLOR is honoured with \`auto\`]:COLOR:(auto always never)' \
'(--no-config)--config=[Read this configuration file instead of looking for \`dsctl.toml\` from each input up]:FILE:_files' \
'--list[List every rule]' \
'--no-config[Read no configuration file]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
'::rule -- Rule code or name (DS101, selector-mismatch):(DS001 DS002 DS003 DS004 DS005 DS006 DS007 DS008 DS101 DS102 DS103 DS104 DS105 DS106 DS107 DS108 DS109 DS110 DS201 DS202 DS203 DS204 DS205 DS206 DS207 DS208 DS209 DS210 DS211 DS212 DS213 DS214 DS215 DS216 DS217 DS218 DS219 DS220 DS221 DS222 DS223 DS224 DS225 DS226 DS227 DS228 DS229 DS230 DS231 DS232 DS233 DS301 DS302 DS303 DS304 DS305 DS306 DS307 DS401 DS402 DS403)' \
&& ret=0
;;
(completions)
_arguments "${_arguments_options[@]}" : \
'--color=[When to color the output; NO_COLOR is honoured with \`auto\`]:COLOR:(auto always never)' \
'(--no-config)--config=[Read this configuration file instead of looking for \`dsctl.toml\` from each input up]:FILE:_files' \
'--no-config[Read no configuration file]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
':shell -- The shell to print a completion script for:(bash elvish fish powershell zsh)' \
&& ret=0
;;
(config)
_arguments "${_arguments_options[@]}" : \
'--color=[When to color the output; NO_COLOR is honoured with \`auto\`]:COLOR:(auto always never)' \
'(--no-config)--config=[Read this configuration file instead of looking for \`dsctl.toml\` from each input up]:FILE:_files' \
'--no-config[Read no configuration file]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
'::path -- A file or directory; default\: the current directory:_files' \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
":: :_dsctl__subcmd__help_commands" \
"*::: :->help" \
&& ret=0

    case $state in
    (help)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:dsctl-help-command-$line[1]:"
        case $line[1] in
            (convert)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(create)
_arguments "${_arguments_options[@]}" : \
":: :_dsctl__subcmd__help__subcmd__create_commands" \
"*::: :->create" \
&& ret=0

    case $state in
    (create)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:dsctl-help-create-command-$line[1]:"
        case $line[1] in
            (daemonset)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
(validate)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(preview)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(service)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(explain)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(completions)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(config)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
        esac
    ;;
esac
}

(( $+functions[_dsctl_commands] )) ||
_dsctl_commands() {
    local commands; commands=(
'convert:Turn Deployments, ReplicaSets and ReplicationControllers into apps/v1 DaemonSets' \
'create:Create a new object (the missing \`kubectl create daemonset\`)' \
'validate:Check manifests as the API server would, with line and column for every finding' \
'preview:Show which nodes of an inventory get a DaemonSet Pod, and why not' \
'service:Print the Service that reaches a DaemonSet'\''s Pods (same selector, its container ports)' \
'explain:Print the documentation of a rule (e.g. \`dsctl explain DS101\`)' \
'completions:Print a shell completion script' \
'config:Print the settings in effect for a path (from \`dsctl.toml\`) and where each comes from' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'dsctl commands' commands "$@"
}
(( $+functions[_dsctl__subcmd__completions_commands] )) ||
_dsctl__subcmd__completions_commands() {
    local commands; commands=()
    _describe -t commands 'dsctl completions commands' commands "$@"
}
(( $+functions[_dsctl__subcmd__config_commands] )) ||
_dsctl__subcmd__config_commands() {
    local commands; commands=()
    _describe -t commands 'dsctl config commands' commands "$@"
}
(( $+functions[_dsctl__subcmd__convert_commands] )) ||
_dsctl__subcmd__convert_commands() {
    local commands; commands=()
    _describe -t commands 'dsctl convert commands' commands "$@"
}
(( $+functions[_dsctl__subcmd__create_commands] )) ||
_dsctl__subcmd__create_commands() {
    local commands; commands=(
'daemonset:Print a new apps/v1 DaemonSet, like \`kubectl create deployment\` prints a Deployment' \
'ds:Print a new apps/v1 DaemonSet, like \`kubectl create deployment\` prints a Deployment' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'dsctl create commands' commands "$@"
}
(( $+functions[_dsctl__subcmd__create__subcmd__daemonset_commands] )) ||
_dsctl__subcmd__create__subcmd__daemonset_commands() {
    local commands; commands=()
    _describe -t commands 'dsctl create daemonset commands' commands "$@"
}
(( $+functions[_dsctl__subcmd__create__subcmd__help_commands] )) ||
_dsctl__subcmd__create__subcmd__help_commands() {
    local commands; commands=(
'daemonset:Print a new apps/v1 DaemonSet, like \`kubectl create deployment\` prints a Deployment' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'dsctl create help commands' commands "$@"
}
(( $+functions[_dsctl__subcmd__create__subcmd__help__subcmd__daemonset_commands] )) ||
_dsctl__subcmd__create__subcmd__help__subcmd__daemonset_commands() {
    local commands; commands=()
    _describe -t commands 'dsctl create help daemonset commands' commands "$@"
}
(( $+functions[_dsctl__subcmd__create__subcmd__help__subcmd__help_commands] )) ||
_dsctl__subcmd__create__subcmd__help__subcmd__help_commands() {
    local commands; commands=()
    _describe -t commands 'dsctl create help help commands' commands "$@"
}
(( $+functions[_dsctl__subcmd__explain_commands] )) ||
_dsctl__subcmd__explain_commands() {
    local commands; commands=()
    _describe -t commands 'dsctl explain commands' commands "$@"
}
(( $+functions[_dsctl__subcmd__help_commands] )) ||
_dsctl__subcmd__help_commands() {
    local commands; commands=(
'convert:Turn Deployments, ReplicaSets and ReplicationControllers into apps/v1 DaemonSets' \
'create:Create a new object (the missing \`kubectl create daemonset\`)' \
'validate:Check manifests as the API server would, with line and column for every finding' \
'preview:Show which nodes of an inventory get a DaemonSet Pod, and why not' \
'service:Print the Service that reaches a DaemonSet'\''s Pods (same selector, its container ports)' \
'explain:Print the documentation of a rule (e.g. \`dsctl explain DS101\`)' \
'completions:Print a shell completion script' \
'config:Print the settings in effect for a path (from \`dsctl.toml\`) and where each comes from' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'dsctl help commands' commands "$@"
}
(( $+functions[_dsctl__subcmd__help__subcmd__completions_commands] )) ||
_dsctl__subcmd__help__subcmd__completions_commands() {
    local commands; commands=()
    _describe -t commands 'dsctl help completions commands' commands "$@"
}
(( $+functions[_dsctl__subcmd__help__subcmd__config_commands] )) ||
_dsctl__subcmd__help__subcmd__config_commands() {
    local commands; commands=()
    _describe -t commands 'dsctl help config commands' commands "$@"
}
(( $+functions[_dsctl__subcmd__help__subcmd__convert_commands] )) ||
_dsctl__subcmd__help__subcmd__convert_commands() {
    local commands; commands=()
    _describe -t commands 'dsctl help convert commands' commands "$@"
}
(( $+functions[_dsctl__subcmd__help__subcmd__create_commands] )) ||
_dsctl__subcmd__help__subcmd__create_commands() {
    local commands; commands=(
'daemonset:Print a new apps/v1 DaemonSet, like \`kubectl create deployment\` prints a Deployment' \
    )
    _describe -t commands 'dsctl help create commands' commands "$@"
}
(( $+functions[_dsctl__subcmd__help__subcmd__create__subcmd__daemonset_commands] )) ||
_dsctl__subcmd__help__subcmd__create__subcmd__daemonset_commands() {
    local commands; commands=()
    _describe -t commands 'dsctl help create daemonset commands' commands "$@"
}
(( $+functions[_dsctl__subcmd__help__subcmd__explain_commands] )) ||
_dsctl__subcmd__help__subcmd__explain_commands() {
    local commands; commands=()
    _describe -t commands 'dsctl help explain commands' commands "$@"
}
(( $+functions[_dsctl__subcmd__help__subcmd__help_commands] )) ||
_dsctl__subcmd__help__subcmd__help_commands() {
    local commands; commands=()
    _describe -t commands 'dsctl help help commands' commands "$@"
}
(( $+functions[_dsctl__subcmd__help__subcmd__preview_commands] )) ||
_dsctl__subcmd__help__subcmd__preview_commands() {
    local commands; commands=()
    _describe -t commands 'dsctl help preview commands' commands "$@"
}
(( $+functions[_dsctl__subcmd__help__subcmd__service_commands] )) ||
_dsctl__subcmd__help__subcmd__service_commands() {
    local commands; commands=()
    _describe -t commands 'dsctl help service commands' commands "$@"
}
(( $+functions[_dsctl__subcmd__help__subcmd__validate_commands] )) ||
_dsctl__subcmd__help__subcmd__validate_commands() {
    local commands; commands=()
    _describe -t commands 'dsctl help validate commands' commands "$@"
}
(( $+functions[_dsctl__subcmd__preview_commands] )) ||
_dsctl__subcmd__preview_commands() {
    local commands; commands=()
    _describe -t commands 'dsctl preview commands' commands "$@"
}
(( $+functions[_dsctl__subcmd__service_commands] )) ||
_dsctl__subcmd__service_commands() {
    local commands; commands=()
    _describe -t commands 'dsctl service commands' commands "$@"
}
(( $+functions[_dsctl__subcmd__validate_commands] )) ||
_dsctl__subcmd__validate_commands() {
    local commands; commands=()
    _describe -t commands 'dsctl validate commands' commands "$@"
}

if [ "$funcstack[1]" = "_dsctl" ]; then
    _dsctl "$@"
else
    compdef _dsctl dsctl
fi
