#!/usr/bin/env bash
# Trained-model inference benchmark: network evaluations per second on 1M uniform points in the
# model's box (1 and 2 threads, best of 3), then sparse extraction at --res 256 and 512 (time,
# evaluations, triangles, closed/manifold, peak memory). Models are fitted for a fixed number of
# steps, so the figures are reproducible. Prints a markdown table; build release first.
# Evaluations per CPU-second (a figure that survives a shared machine) subtract the CPU time of
# the same command on one point (process start, model and file loading) from that on 1M points.
#
#   Benchmarks/neural-inference.sh [path/to/sdfkit]      # default .build/release/sdfkit
#
# Needs python3 with numpy (to write the .npy points). CPU seconds are printed next to wall time
# because the machine may be shared.
set -euo pipefail
cd "$(dirname "$0")/.."
binary="${1:-.build/release/sdfkit}"
Benchmarks/fetch-meshes.sh >/dev/null
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "Command: Benchmarks/neural-inference.sh $binary"
echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load average at start $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| model | step | threads | wall | CPU | figure |"
echo "|---|---|---|---|---|---|"
for entry in knot:Meshes/knot.obj bunny:Benchmarks/meshes/bunny.off; do
    name="${entry%%:*}"
    mesh="${entry#*:}"
    model="$work/$name.sdfnet"
    "$binary" fit "$mesh" --steps 600 -o "$model" --json >"$work/fit.json"
    python3 - "$model" "$work/points.npy" <<'EOF'
import json, struct, sys
import numpy as np
data = open(sys.argv[1], "rb").read(1 << 20)
length = struct.unpack_from("<I", data, 12)[0]
bounds = json.loads(data[16:16 + length])["bounds"]
lo, hi = np.array(bounds["min"], np.float32), np.array(bounds["max"], np.float32)
rng = np.random.default_rng(1)
np.save(sys.argv[2], (lo + rng.random((1_000_000, 3), dtype=np.float32) * (hi - lo)).astype(np.float32))
np.save(sys.argv[2].replace(".npy", "-one.npy"), ((lo + hi) / 2).reshape(1, 3).astype(np.float32))
EOF
    for threads in 1 2; do
        best=""
        fixed=""
        least=""
        for _ in 1 2 3; do
            out=$( { SDFKIT_THREADS=$threads /usr/bin/time -f "%U %S" "$binary" query "$model" "$work/points.npy" \
                -o "$work/d.npy" --json; } 2>"$work/time")
            rate=$(python3 -c 'import json,sys; print("%.0f" % json.loads(sys.argv[1])["queriesPerSecond"])' "$out")
            cpu=$(tail -1 "$work/time" | awk '{printf "%.3f", $1 + $2}')
            if [ -z "$best" ] || [ "$rate" -gt "${best%% *}" ]; then best="$rate $cpu"; fi
            if [ -z "$least" ] || python3 -c "import sys; sys.exit(not $cpu < $least)"; then least="$cpu"; fi
            { SDFKIT_THREADS=$threads /usr/bin/time -f "%U %S" "$binary" query "$model" "$work/points-one.npy" \
                -o "$work/d.npy" --json >/dev/null; } 2>"$work/time"
            one=$(tail -1 "$work/time" | awk '{printf "%.3f", $1 + $2}')
            if [ -z "$fixed" ] || python3 -c "import sys; sys.exit(not $one < $fixed)"; then fixed="$one"; fi
        done
        printf "| %s | evaluate 1M uniform points | %s | – | %s s (whole process, least of 3; %s s on one point) | %.2fM evaluations/s, %.2fM per CPU-second |\n" \
            "$name" "$threads" "$least" "$fixed" "$(python3 -c "print(${best%% *} / 1e6)")" \
            "$(python3 -c "print(1 / max(1e-9, $least - $fixed))")"
    done
    for res in 256 512; do
        out=$( { /usr/bin/time -f "%U %S %M" "$binary" extract "$model" --res "$res" -o "$work/$name.ply" --json; } 2>"$work/time")
        python3 - "$out" "$(tail -1 "$work/time")" "$name" "$res" <<'EOF'
import json, sys
r = json.loads(sys.argv[1]); user, system, peak = sys.argv[2].split()
print("| %s | extract --res %s | 2 | %.2f s to the mesh, %.2f s in all | %.2f s | %.2fM evaluations, %.2fM triangles, %s, peak %.0f MiB |" % (
    sys.argv[3], sys.argv[4], r["extractionSeconds"], r["seconds"], float(user) + float(system),
    r["fieldEvaluations"] / 1e6, r["triangles"] / 1e6,
    "closed and manifold" if r["closed"] and r["manifold"] else "NOT closed/manifold", int(peak) / 1024))
EOF
    done
done
echo
echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
