# PaperDiary — set-up, demo, tests, benchmarks.
# `make demo` and `make test` work on a fresh Debian machine as root: they install the Debian
# packages that are missing, build with SwiftPM and run.

SWIFT ?= swift
DEB_PACKAGES := libsqlite3-dev libcairo2-dev libpango1.0-dev libssl-dev fonts-paratype \
                fonts-dejavu-core poppler-utils qpdf sqlite3 pkg-config cups cups-client \
                printer-driver-cups-pdf
BIN := .build/debug/paperdiary
RELEASE_BIN := .build/release/paperdiary
# The build an office installs: optimised, with the Swift runtime and Foundation linked in rather
# than loaded as shared libraries, so that each command starts ~10 ms sooner, at the price of a
# ~95 MB binary and a slower link. Tests and the demo use the debug build.
RELEASE_BUILD := $(SWIFT) build -c release --static-swift-stdlib

.PHONY: deps build release demo test lint format bench bench-peers bench-import leaks clean fuzz

## deps: install the Debian packages PaperDiary needs (only those missing)
deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=""; [ "$$(id -u)" -eq 0 ] || SUDO=sudo; \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing \
	  || { $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; }; \
	fi

build: deps
	$(SWIFT) build

## release: the optimised binary to install, .build/release/paperdiary
release: deps
	$(RELEASE_BUILD)

## demo: import the bundled sample and run the main job on it
demo: build
	$(BIN) demo

## test: the whole test suite, plus the format check
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	$(MAKE) lint

lint:
	$(SWIFT) format lint --strict --recursive Sources Tests Package.swift

format:
	$(SWIFT) format --in-place --recursive Sources Tests Package.swift

## bench: the Friday batch (1 000 and 10 000 students, --jobs 1 and 2) against the C floor of
## ../shared/bench-peers, measured in the same session; a few minutes. BENCHMARKS.md has figures.
bench: release
	Benchmarks/bench.sh $(RELEASE_BIN)

## bench-peers: the same, then every peer of ../shared/bench-peers too (about 45 minutes)
bench-peers: release
	PEERS=all Benchmarks/bench.sh $(RELEASE_BIN)

## bench-import: import throughput on a 10 000-student sample, against sqlite3's own .import
bench-import: release
	Benchmarks/import.sh $(RELEASE_BIN)

## leaks: the Friday batch (50+ sheets) under valgrind: definite leaks fail, descriptors are counted
leaks: deps
	$(SWIFT) build --product paperdiary
	Benchmarks/leaks.sh $(BIN)

## fuzz: libFuzzer on the CSV reader and the template loader, FUZZ_SECONDS each (not in CI).
## Inputs that reach code the kept ones do not are merged into Tests/FuzzRegressions/{csv,template}
## (edges only, so the set stays small), crashes go to Tests/FuzzRegressions/crashes/; `swift test`
## replays both. The working corpus stays in FUZZ_WORK for the next run.
FUZZ_SECONDS ?= 600
FUZZ_SCRATCH ?= .build-fuzz/libfuzzer
FUZZ_WORK ?= .build-fuzz/corpus
FUZZ_KEPT := Tests/FuzzRegressions
# `--sanitize=fuzzer` links libFuzzer's main in place of ours; the compiler takes only the last
# `-sanitize=`, so coverage and ASan are asked for together with -Xswiftc.
FUZZ_BUILD := $(SWIFT) build --scratch-path $(FUZZ_SCRATCH) -c debug --sanitize=fuzzer \
              -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING
# Foundation's Data(contentsOf:) leaks its 4 KiB buffer when it reads an empty file.
FUZZ_ENV := SWIFT_BACKTRACE=enable=no LSAN_OPTIONS=suppressions=$(FUZZ_WORK)/lsan.supp
fuzz: deps
	$(FUZZ_BUILD) --product FuzzCSV
	$(FUZZ_BUILD) --product FuzzTemplate
	rm -rf $(FUZZ_WORK)/seeds && mkdir -p $(FUZZ_WORK)/seeds/csv $(FUZZ_WORK)/seeds/template
	echo 'leak:readBytesFromFile' > $(FUZZ_WORK)/lsan.supp
	for f in Samples/*.csv Tests/GradeStoreTests/Fixtures/good/*.csv; do \
	  head -n 30 $$f > $(FUZZ_WORK)/seeds/csv/$$(echo $$f | tr / _); done
	for f in Templates/*/template.toml; do cp $$f $(FUZZ_WORK)/seeds/template/$$(echo $$f | tr / _); done
	set -e; for run in FuzzCSV:csv:4096 FuzzTemplate:template:32768; do \
	  bin=$(FUZZ_SCRATCH)/debug/$${run%%:*}; dir=$$(echo $$run | cut -d: -f2); len=$${run##*:}; \
	  mkdir -p $(FUZZ_WORK)/$$dir $(FUZZ_KEPT)/$$dir $(FUZZ_KEPT)/crashes/$$dir; \
	  echo "fuzzing $$dir for $(FUZZ_SECONDS) s"; \
	  $(FUZZ_ENV) $$bin -max_total_time=$(FUZZ_SECONDS) -max_len=$$len -timeout=10 \
	    -print_final_stats=1 -artifact_prefix=$(FUZZ_KEPT)/crashes/$$dir/ \
	    $(FUZZ_WORK)/$$dir $(FUZZ_KEPT)/$$dir $(FUZZ_WORK)/seeds/$$dir; \
	  $(FUZZ_ENV) $$bin -merge=1 -use_counters=0 -max_len=$$len -timeout=10 \
	    $(FUZZ_KEPT)/$$dir $(FUZZ_WORK)/$$dir $(FUZZ_WORK)/seeds/$$dir; \
	  echo "$(FUZZ_KEPT)/$$dir: $$(ls $(FUZZ_KEPT)/$$dir | wc -l) inputs kept"; \
	done

clean:
	rm -rf .build
