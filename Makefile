# Makefile: the README's commands as thin wrappers around Meson and the
# scripts in scripts/. `make` builds, `make demo` runs the demo, `make test`
# runs everything (unit, system, then again under ASan+UBSan), `make deb`
# builds the Debian packages into build-deb/.
BUILD ?= build

.PHONY: all deps demo test deb bench clean

all: $(BUILD)/build.ninja
	ninja -C $(BUILD)

$(BUILD)/build.ninja:
	meson setup $(BUILD)

deps:
	@scripts/deps.sh

demo: deps all
	@demo/run.sh $(BUILD)/fcrdns

test: deps
	@scripts/test.sh

deb: deps
	@scripts/deb.sh

clean:
	rm -rf build build-clang build-asan build-fuzz build-install build-deb
