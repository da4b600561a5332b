#!/usr/bin/env bash
# Analytic extraction end to end: `sdfkit extract torus.json --res N -o torus.ply` (command start
# to a written, closed, manifold binary PLY), three runs at res 256 and 512, with the stage
# timings from --json and the machine's load average.
#
#   make build && Benchmarks/extract-torus.sh
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo '{"version":1,"root":{"type":"torus","majorRadius":1,"minorRadius":0.35}}' > "$work/torus.json"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for res in 256 512; do
    for run in 1 2 3; do
        .build/release/sdfkit extract "$work/torus.json" --res "$res" -o "$work/torus.ply" --json |
            python3 -c '
import json, sys
r = json.load(sys.stdin)
stages = " ".join("%s %.3f" % (k, v) for k, v in r["timings"].items() if v > 0)
print("res %d: %.3f s, %d triangles, closed %s, manifold %s, peak %.0f MiB | %s" % (
    r["resolution"], r["seconds"], r["triangles"], r["closed"], r["manifold"], r["peakMemoryMiB"], stages))'
    done
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
