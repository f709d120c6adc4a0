# PaperDiary — set-up, demo, tests, benchmarks.
# `make demo` and `make test` work on a fresh Debian machine as root: they install the Debian
# packages that are missing, build with SwiftPM and run.

SWIFT ?= swift
DEB_PACKAGES := libsqlite3-dev libcairo2-dev libpango1.0-dev fonts-paratype fonts-dejavu-core \
                poppler-utils qpdf sqlite3 pkg-config cups cups-client printer-driver-cups-pdf
BIN := .build/debug/paperdiary
RELEASE_BIN := .build/release/paperdiary

.PHONY: deps build demo test lint format bench-import leaks clean

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

## bench-import: import throughput on a 10 000-student sample, against sqlite3's own .import
bench-import: deps
	$(SWIFT) build -c release
	Benchmarks/import.sh $(RELEASE_BIN)

## leaks: the Friday batch (50+ sheets) under valgrind: definite leaks fail, descriptors are counted
leaks: deps
	$(SWIFT) build --product paperdiary
	Benchmarks/leaks.sh $(BIN)

clean:
	rm -rf .build
