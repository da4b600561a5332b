# sdfkit — build, test, demo. `make demo` and `make test` are the README's quick start.
#
# CPU tuning comes from here, not from Package.swift (so SDFKit stays usable as a versioned
# dependency). Without a target CPU, SIMD FMA and Float16 conversions become library calls.

SWIFT      ?= swift
CPU        ?= native
CPU_FLAGS  := -Xswiftc -target-cpu -Xswiftc $(CPU) -Xcc -march=$(CPU)
RELEASE    := -c release $(CPU_FLAGS)
BIN        := .build/release/sdfkit
APT_PACKAGES := libassimp-dev libmeshoptimizer-dev libpng-dev pkg-config assimp-testmodels

.PHONY: setup build demo test bench clean fuzz

## Installs the Debian packages sdfkit needs (only those missing).
setup:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

## Release build of the library and the CLI.
build: setup
	$(SWIFT) build $(RELEASE) --product sdfkit

## The main job on a bundled mesh: inspect it, fit a neural SDF, extract it back to a mesh.
demo: build
	mkdir -p out
	$(BIN) info Meshes/knot.obj
	$(BIN) fit Meshes/knot.obj -o out/knot.sdfnet --seconds 20
	$(BIN) extract out/knot.sdfnet --res 256 -o out/knot.ply
	$(BIN) eval out/knot.ply Meshes/knot.obj
	$(BIN) render out/knot.sdfnet -o out/knot.png
	@echo "demo outputs are in out/"

## The whole test suite, release build (SIMD kernels are ~500x slower in debug).
test: setup
	$(SWIFT) build $(RELEASE) --build-tests
	$(SWIFT) test $(RELEASE) --skip-build

## Benchmarks (release), printing markdown tables.
bench: build
	$(BIN) bench

clean:
	rm -rf .build out
