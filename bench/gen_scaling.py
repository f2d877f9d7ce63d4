"""Inputs for bench/scaling.sh: `gen_scaling.py SHAPE N OUT`.

Shapes: docs (N Deployments in one file), findings (one DaemonSet with N containers, all
named alike), line (one container whose env is a flow list of N invalid entries on one line),
taints (one Node with N taints in flow style), nodes (a List of N nodes).
Standard library only.
"""
import sys
shape, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
DEP = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: agent-{i}
  namespace: ns-{m}
  labels:
    app: agent-{i}
spec:
  replicas: 3
  selector:
    matchLabels:
      app: agent-{i}
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 1
      maxSurge: 0
  template:
    metadata:
      labels:
        app: agent-{i}
    spec:
      containers:
      - name: agent
        image: example.com/agent:1.{m}
        ports:
        - containerPort: 8080
        resources:
          requests:
            cpu: 50m
            memory: 64Mi
          limits:
            memory: 128Mi
"""
with open(out, "w") as f:
    if shape == "docs":
        for i in range(n):
            f.write("---\n" + DEP.format(i=i, m=i % 7))
    elif shape == "findings":
        f.write("""apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: many
spec:
  selector:
    matchLabels:
      app: many
  template:
    metadata:
      labels:
        app: many
    spec:
      containers:
""")
        for i in range(n):
            f.write(f"      - name: c\n        image: busybox\n")
    elif shape == "line":
        f.write("""apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: longline
spec:
  selector:
    matchLabels:
      app: x
  template:
    metadata:
      labels:
        app: x
    spec:
      containers:
      - name: c
        image: busybox
        env: [""")
        f.write(", ".join(f"{{name: 'a={i}', value: v{i}}}" for i in range(n)))
        f.write("]\n")
    elif shape == "nodes":
        f.write("apiVersion: v1\nkind: List\nitems:\n")
        for i in range(n):
            f.write(f"- apiVersion: v1\n  kind: Node\n  metadata:\n    name: node-{i}\n    labels: {{kubernetes.io/os: linux, zone: z{i % 3}}}\n  spec:\n    taints: [{{key: k{i % 5}, effect: NoSchedule}}]\n  status:\n    conditions: [{{type: Ready, status: 'True'}}]\n")
    elif shape == "taints":
        f.write("apiVersion: v1\nkind: Node\nmetadata:\n  name: n1\nspec:\n  taints: [")
        f.write(", ".join(f"{{key: k{i}, value: v, effect: NoSchedule}}" for i in range(n)))
        f.write("]\n")
