#!/usr/bin/env python3
"""Generate a `kubectl get nodes -o json|yaml`-style v1 List with unique node names.

Usage: python3 bench/gen_nodes.py N OUT_PREFIX   -> OUT_PREFIX.json and OUT_PREFIX.yaml

Each node is ~10 KB of JSON as kubectl indents it (annotations, ~30 labels, taints on some
nodes, conditions, addresses, allocatable/capacity, nodeInfo and a long image list), so
100,000 nodes give a ~1 GB file. Deterministic; standard library only.
"""
import json
import random
import sys


def node(i, rng):
    pool = ["compute", "gpu", "infra", "batch"][i % 4]
    zone = "us-east-1" + "abcdef"[i % 6]
    name = f"ip-10-{(i >> 16) & 255}-{(i >> 8) & 255}-{i & 255}.ec2.internal"
    labels = {
        "beta.kubernetes.io/arch": "amd64",
        "beta.kubernetes.io/instance-type": "c6i.8xlarge",
        "beta.kubernetes.io/os": "linux",
        "kubernetes.io/arch": "amd64",
        "kubernetes.io/hostname": name,
        "kubernetes.io/os": "linux" if i % 50 else "windows",
        "node.kubernetes.io/instance-type": "c6i.8xlarge",
        "topology.kubernetes.io/region": "us-east-1",
        "topology.kubernetes.io/zone": zone,
        "node.acme.io/pool": pool,
        "node.acme.io/index": str(i),
    }
    for k in range(20):
        labels[f"feature.node.kubernetes.io/cpu-cpuid.F{k}"] = "true"
    taints = []
    if pool == "gpu":
        taints.append({"effect": "NoSchedule", "key": "nvidia.com/gpu", "value": "present"})
    if i % 97 == 0:
        taints.append({"effect": "NoExecute", "key": "dedicated", "value": "db"})
    if i % 101 == 0:
        taints.append({"effect": "NoSchedule", "key": "node.kubernetes.io/unschedulable", "timeAdded": "2024-06-02T01:16:13Z"})
    ready = "False" if i % 53 == 0 else "True"
    conds = []
    for t, s in [("MemoryPressure", "False"), ("DiskPressure", "False"), ("PIDPressure", "False"), ("Ready", ready)]:
        conds.append({
            "lastHeartbeatTime": "2024-11-21T07:00:00Z",
            "lastTransitionTime": "2024-06-02T01:16:13Z",
            "message": f"kubelet reports {t} {s}",
            "reason": "KubeletReady" if t == "Ready" else f"KubeletHasNo{t}",
            "status": s,
            "type": t,
        })
    images = []
    for k in range(12):
        digest = "%064x" % rng.getrandbits(256)
        images.append({
            "names": [f"602401143452.dkr.ecr.us-east-1.amazonaws.com/team/image-{k}@sha256:{digest}",
                      f"602401143452.dkr.ecr.us-east-1.amazonaws.com/team/image-{k}:v1.{k}.0"],
            "sizeBytes": rng.randint(10_000_000, 900_000_000),
        })
    alloc = {"cpu": "31850m", "ephemeral-storage": "95491281146", "hugepages-1Gi": "0",
             "memory": "63208832Ki", "pods": "110"}
    if pool == "gpu":
        alloc["nvidia.com/gpu"] = "4"
    spec = {"providerID": f"aws:///{zone}/i-{i:017x}"}
    if taints:
        spec["taints"] = taints
    if i % 101 == 0:
        spec["unschedulable"] = True
    return {
        "apiVersion": "v1",
        "kind": "Node",
        "metadata": {
            "annotations": {
                "alpha.kubernetes.io/provided-node-ip": "10.0.0.1",
                "node.alpha.kubernetes.io/ttl": "0",
                "volumes.kubernetes.io/controller-managed-attach-detach": "true",
            },
            "creationTimestamp": "2024-06-02T01:16:13Z",
            "labels": labels,
            "name": name,
            "resourceVersion": str(1000000 + i),
            "uid": "%032x" % rng.getrandbits(128),
        },
        "spec": spec,
        "status": {
            "addresses": [{"address": "10.0.0.1", "type": "InternalIP"},
                          {"address": name, "type": "Hostname"}],
            "allocatable": alloc,
            "capacity": dict(alloc, cpu="32", memory="65023872Ki"),
            "conditions": conds,
            "daemonEndpoints": {"kubeletEndpoint": {"Port": 10250}},
            "images": images,
            "nodeInfo": {"architecture": "amd64", "kernelVersion": "6.1.101", "kubeletVersion": "v1.31.2",
                         "operatingSystem": "linux", "osImage": "Amazon Linux 2023"},
        },
    }


def yaml_scalar(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    s = str(v)
    plain_ok = s and s[0] not in "-?:,[]{}#&*!|>'\"%@`0123456789 " and ": " not in s and " #" not in s \
        and s not in ("true", "false", "null", "yes", "no", "on", "off", "y", "n", "~") and not s.endswith(":")
    return s if plain_ok else json.dumps(s)


def yaml_lines(v, indent, out):
    pad = " " * indent
    if isinstance(v, dict):
        for k, x in v.items():
            if isinstance(x, (dict, list)) and x:
                out.append(f"{pad}{k}:")
                yaml_lines(x, indent + (2 if isinstance(x, dict) else 0), out)
            else:
                out.append(f"{pad}{k}: {yaml_scalar(x) if not isinstance(x, (dict, list)) else ('{}' if isinstance(x, dict) else '[]')}")
    else:
        for x in v:
            if isinstance(x, dict):
                sub = []
                yaml_lines(x, indent + 2, sub)
                sub[0] = pad + "- " + sub[0][indent + 2:]
                out.extend(sub)
            else:
                out.append(f"{pad}- {yaml_scalar(x)}")


def main():
    n, prefix = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(42)
    with open(prefix + ".json", "w") as js, open(prefix + ".yaml", "w") as ys:
        js.write('{\n    "apiVersion": "v1",\n    "items": [\n')
        ys.write("apiVersion: v1\nitems:\n")
        for i in range(n):
            nd = node(i, rng)
            text = json.dumps(nd, indent=4)
            js.write(("" if i == 0 else ",\n") + "\n".join("        " + l for l in text.split("\n")))
            lines = []
            yaml_lines([nd], 0, lines)
            ys.write("\n".join(lines) + "\n")
        js.write('\n    ],\n    "kind": "List",\n    "metadata": {\n        "resourceVersion": ""\n    }\n}\n')
        ys.write('kind: List\nmetadata:\n  resourceVersion: ""\n')


if __name__ == "__main__":
    main()
