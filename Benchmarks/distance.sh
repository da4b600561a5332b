#!/usr/bin/env bash
# Exact signed distance benchmark: build time, queries/s on 1M uniform and 1M near-surface points,
# signs checked against the exact winding number, distances against brute force, on the Stanford
# bunny, the armadillo (fetched at benchmark time, never committed) and assimp's binary spider.
#
#   make build && Benchmarks/distance.sh [extra sdfkit bench-distance options]
set -euo pipefail
cd "$(dirname "$0")/.."
Benchmarks/fetch-meshes.sh
.build/release/sdfkit bench-distance Benchmarks/meshes/bunny.off Benchmarks/meshes/armadillo.off \
    /usr/share/assimp/models/STL/Spider_binary.stl "$@"
