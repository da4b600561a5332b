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

.PHONY: setup build demo test bench clean fuzz fuzz-build

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

## Fuzzing (libFuzzer + AddressSanitizer), a separate package in Fuzz/ so that the root package
## never carries sanitizer flags. `make fuzz` runs every target for FUZZ_SECONDS (default 30);
## `make fuzz FUZZ_TARGETS=fuzz-npy FUZZ_SECONDS=1800` runs one for half an hour. Corpora grow in
## Fuzz/corpus/TARGET (seeded by the target's own writer), crashes land in Fuzz/artifacts/TARGET.
FUZZ_SECONDS ?= 30
FUZZ_TARGETS ?= fuzz-npy fuzz-sdfnet fuzz-scene fuzz-mesh
FUZZ_BIN     := Fuzz/.build/release
FUZZ_OPTIONS := -timeout=60 -rss_limit_mb=2048 -malloc_limit_mb=1024 -print_final_stats=1

fuzz-build: setup
	cd Fuzz && $(SWIFT) build $(RELEASE) -Xswiftc -sanitize=fuzzer,address

fuzz: fuzz-build
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p Fuzz/corpus/$$t Fuzz/artifacts/$$t && \
	  $(FUZZ_BIN)/$$t --write-seeds Fuzz/corpus/$$t && \
	  dict=$$( [ -f Fuzz/dictionaries/$$t.dict ] && echo -dict=Fuzz/dictionaries/$$t.dict ); \
	  echo "== $$t for $(FUZZ_SECONDS) s"; \
	  SWIFT_BACKTRACE=enable=no LSAN_OPTIONS=suppressions=Fuzz/lsan-suppressions.txt $(FUZZ_BIN)/$$t Fuzz/corpus/$$t $$dict $(FUZZ_OPTIONS) \
	    -max_total_time=$(FUZZ_SECONDS) -artifact_prefix=Fuzz/artifacts/$$t/ || exit 1; \
	done

clean:
	rm -rf .build out
