#!/usr/bin/env bash
# CPU cost of analytic extraction end to end (`sdfkit extract torus.json --res 512 -o torus.ply`),
# for comparing builds on a loaded machine where wall time means little: the median user and
# system CPU seconds and minor page faults of each binary over RUNS runs, the binaries taking
# turns so that load changes hit them alike.
#
#   Benchmarks/extract-torus-cpu.sh [RUNS] [BINARY ...]     (default: 8 runs of .build/release/sdfkit)
#   e.g. Benchmarks/extract-torus-cpu.sh 12 /tmp/sdfkit-before .build/release/sdfkit
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-8}
shift || true
[ $# -gt 0 ] || set -- .build/release/sdfkit
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo '{"version":1,"root":{"type":"torus","majorRadius":1,"minorRadius":0.35}}' > "$work/torus.json"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$work" "$runs" "$@" <<'PY'
import resource, statistics, subprocess, sys
work, runs, binaries = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
samples = {b: [] for b in binaries}
for _ in range(runs):
    for b in binaries:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run([b, "extract", f"{work}/torus.json", "--res", "512", "-o", f"{work}/torus.ply", "--json"],
                       stdout=subprocess.DEVNULL, check=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        samples[b].append((after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime,
                           after.ru_minflt - before.ru_minflt))
for b, s in samples.items():
    user, system, faults = (statistics.median(x) for x in zip(*s))
    print("%s: median user %.3f s, system %.3f s, CPU %.3f s, minor faults %d (%d runs)" % (
        b, user, system, statistics.median(u + k for u, k, _ in s), faults, len(s)))
PY
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
