#!/usr/bin/env bash
# Fetches benchmark meshes at benchmark time: the Stanford bunny and the armadillo as shipped in
# Debian's libcgal-demo package (CGAL's sample data). They land in Benchmarks/meshes/, which git
# ignores; never commit them.
#
#   Benchmarks/fetch-meshes.sh            # → Benchmarks/meshes/bunny.off, armadillo.off
#   sdfkit bench --mesh Benchmarks/meshes/bunny.off
set -euo pipefail
cd "$(dirname "$0")"
target="meshes"
if [ -s "$target/bunny.off" ] && [ -s "$target/armadillo.off" ]; then
    echo "meshes already present in Benchmarks/$target"
    exit 0
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"  # apt downloads as the _apt user when it can
(cd "$work" && apt-get download libcgal-demo >/dev/null 2> >(grep -v unsandboxed >&2))
dpkg -x "$work"/libcgal-demo_*.deb "$work/package"
tar -xzf "$work/package/usr/share/doc/libcgal-dev/data.tar.gz" -C "$work" \
    data/meshes/bunny00.off data/meshes/armadillo.off
mkdir -p "$target"
mv "$work/data/meshes/bunny00.off" "$target/bunny.off"
mv "$work/data/meshes/armadillo.off" "$target/armadillo.off"
echo "fetched Benchmarks/$target/bunny.off and Benchmarks/$target/armadillo.off"
