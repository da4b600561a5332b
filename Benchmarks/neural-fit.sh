#!/usr/bin/env bash
# Neural SDF benchmark: training throughput and fit quality of the simplex and the grid encoding
# (equal vertex density, equal tables, default network) on the Stanford bunny after 10, 30 and
# 60 s, against dense grids of exact distances. Prints a markdown table; build release first.
#
#   Benchmarks/neural-fit.sh [path/to/sdfkit]      # default .build/release/sdfkit
#
# Wall-clock samples/s depend on what else runs; samples per CPU-second show the kernels' cost.
set -euo pipefail
cd "$(dirname "$0")/.."
binary="${1:-.build/release/sdfkit}"
Benchmarks/fetch-meshes.sh >/dev/null
mesh=Benchmarks/meshes/bunny.off
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "Command: Benchmarks/neural-fit.sh $binary"
echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load average at start $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| model | budget | steps | samples/s | samples/CPU-s | size (MiB) | IoU | near-surface mean error / diagonal | near-surface max error |"
echo "|---|---|---|---|---|---|---|---|---|"
row() {
    python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
q = r["quality"]
if "run" in r:
    run = r["run"]; c = r["configuration"]
    samples = run["steps"] * c["batchSize"]
    print("| %s, T=2^%d | %s s | %d | %.2fM | %.2fM | %.2f | %.5f | %.2e | %.2e |" % (
        c["encoding"]["lattice"], c["encoding"]["log2TableSize"], sys.argv[2], run["steps"],
        run["samplesPerSecond"] / 1e6, samples / r["cpuSeconds"] / 1e6, r["modelBytes"] / 1048576,
        q["iou"], q["nearSurfaceMeanErrorRelative"], q["nearSurfaceMaxError"]))
else:
    print("| dense grid %d³ of exact distances | – | – | – | – | %.2f | %.5f | %.2e | %.2e |" % (
        r["resolution"], r["bytes"] / 1048576, q["iou"], q["nearSurfaceMeanErrorRelative"],
        q["nearSurfaceMaxError"]))
' "$@"
}
for encoding in simplex grid; do
    for seconds in 10 30 60; do
        "$binary" fit "$mesh" -o "$work/model.sdfnet" --encoding "$encoding" --seconds "$seconds" --json > "$work/report.json"
        row "$work/report.json" "$seconds"
    done
done
for resolution in 64 128; do
    "$binary" fit "$mesh" --dense-grid "$resolution" --json > "$work/report.json"
    row "$work/report.json"
done
echo
echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
