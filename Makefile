# Flashing station build. Plain make, pkg-config for every library.
#   make            build build/station
#   make deps       install the Debian packages the build and tests need
#   make check      build and run every test (ends with "N passed, N failed")
#   make asan/tsan  the same suite under sanitizers
#   make fuzz       libFuzzer targets, FUZZ_SECONDS each
#   make bench      benchmarks (ratios measured side by side)
#   make soak       64 slots cycling modules for 1,000 units; memory and descriptors must stay flat
#   make killtest   16 modules, the station SIGKILLed 20 times mid-run: one true record each
#   make demo       the station's dashboard on the emulated fixture
#   make install    binary, manual pages, udev rule, systemd unit, completion (PREFIX, DESTDIR);
#                   make uninstall; make deb (config/install/install.mk)
#   WERROR=1 adds -Werror.

BUILD   ?= build
CC      ?= cc
PKG     ?= pkg-config
PREFIX  ?= /usr/local
FUZZ_SECONDS ?= 60
VERSION := 0.1.0

LIBS_PC  := libusb-1.0 libserialport ncursesw libcrypto libcurl libpq
WARN     := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 \
            -Wwrite-strings -Wundef -Wpointer-arith -Wcast-qual -Wvla -Wswitch-enum \
            -Wno-switch-default -Wimplicit-fallthrough
ifeq ($(WERROR),1)
WARN += -Werror
endif
OPT      ?= -O2 -g
SAN      ?=
CFLAGS_ALL = -std=c11 -D_GNU_SOURCE -DSTATION_VERSION='"$(VERSION)"' $(OPT) $(SAN) $(WARN) \
             -I. $(shell $(PKG) --cflags $(LIBS_PC) 2>/dev/null) $(CFLAGS)
LDLIBS_ALL = $(shell $(PKG) --libs $(LIBS_PC) 2>/dev/null) -liniparser -lpthread -lm $(LDLIBS)
LDFLAGS_ALL = $(SAN) $(LDFLAGS)

# Everything under these folders is the product; station/cli/main.c is the entry point.
# station/ is in layers: base <- {at, usb} <- board <- slot <- cli (see station/README.md);
# logs/db (the line database) sits beside logs/ and includes only station/base and logs.
PRODUCT_DIRS := station/base station/at station/usb station/board station/slot station/cli \
                config logs logs/report logs/db ui
LIB_SRC  := $(filter-out station/cli/main.c,$(foreach d,$(PRODUCT_DIRS),$(wildcard $(d)/*.c)))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
# Test helpers (scripted peers and the like): tests/unit/*.c that are not test_*.c.
TSUP_SRC := $(filter-out $(UNIT_SRC),$(wildcard tests/unit/*.c))
TSUP_OBJ := $(TSUP_SRC:%.c=$(BUILD)/obj/%.o)
BENCH_SRC := $(wildcard tests/bench/bench_*.c)
BENCH_BIN := $(BENCH_SRC:tests/bench/%.c=$(BUILD)/bench/%)
# Programs that test scripts run (inside the fixture): tests/tools/*.c, each its own main.
TOOL_SRC := $(wildcard tests/tools/*.c)
TOOL_BIN := $(TOOL_SRC:tests/tools/%.c=$(BUILD)/tools/%)

.SECONDARY:
.PHONY: all deps deps-browser check test asan tsan fuzz fuzz-build bench soak killtest demo clean FORCE
all: $(BUILD)/station

# Objects depend on the flags they were built with: a build folder met again with other flags (OPT,
# SAN, CFLAGS: e.g. a fuzz build of an older -O1) is rebuilt, not linked from stale objects.
$(BUILD)/flags: FORCE
	@mkdir -p $(@D); FLAGS='$(subst ','\'',$(CFLAGS_ALL))'; \
	[ "$$FLAGS" = "$$(cat $@ 2>/dev/null)" ] || printf '%s\n' "$$FLAGS" >$@
FORCE:

$(BUILD)/obj/%.o: %.c $(BUILD)/flags
	@mkdir -p $(dir $@)
	@echo '  CC     $<'
	@$(CC) $(CFLAGS_ALL) -MMD -MP -c $< -o $@

$(BUILD)/libstation.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/station: $(BUILD)/obj/station/cli/main.o $(BUILD)/libstation.a
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LDLIBS_ALL)

$(BUILD)/libtestsupport.a: $(TSUP_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/tests/%: $(BUILD)/obj/tests/unit/%.o $(BUILD)/libtestsupport.a $(BUILD)/libstation.a
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LDLIBS_ALL)

$(BUILD)/bench/%: $(BUILD)/obj/tests/bench/%.o $(BUILD)/libtestsupport.a $(BUILD)/libstation.a
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LDLIBS_ALL)

$(BUILD)/tools/%: $(BUILD)/obj/tests/tools/%.o $(BUILD)/libtestsupport.a $(BUILD)/libstation.a
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LDLIBS_ALL)

# The emulated fixture and its own tools (tests/sim/sim.mk).
-include tests/sim/sim.mk
# The dashboard's driver program (tests/ui/ui.mk).
-include tests/ui/ui.mk
# make install / uninstall / deb, the manual pages (config/install/install.mk).
include config/install/install.mk

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)

DEB_PKGS := gcc make pkg-config libusb-1.0-0-dev libserialport-dev libiniparser-dev \
            libncurses-dev libssl-dev libcurl4-openssl-dev umockdev libumockdev-dev tmux \
            python3 python3-pyftpdlib \
            dpkg-dev lintian groff-base mandoc man-db bsdextrautils udev systemd adduser \
            libpq-dev postgresql
deps:
	@tests/deps.sh $(DEB_PKGS)
deps-browser:
	@tests/deps.sh chromium
deps-fuzz:
	@tests/deps.sh clang libclang-rt-14-dev

build-all: $(BUILD)/station $(UNIT_BIN) $(BENCH_BIN) $(TOOL_BIN) $(SIM_BINS) $(UI_BINS) $(MAN_PAGES)

check: deps
	@$(MAKE) --no-print-directory build-all
	@BUILD=$(BUILD) tests/runner.sh
test: check

asan: deps
	@$(MAKE) --no-print-directory build-all BUILD=build-asan OPT='-O1 -g -fno-omit-frame-pointer' \
		SAN='-fsanitize=address,undefined -fno-sanitize-recover=undefined'
	@BUILD=build-asan ASAN_OPTIONS=verify_asan_link_order=0:detect_leaks=1 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 tests/runner.sh
tsan: deps
	@$(MAKE) --no-print-directory build-all BUILD=build-tsan OPT='-O1 -g' SAN='-fsanitize=thread'
	@BUILD=build-tsan TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 tests/runner.sh

# libFuzzer: every tests/fuzz/fuzz_*.c is a target, seeded from tests/fuzz/seeds/<target>/; the
# corpus grows in build-fuzz/corpus/<target>. FUZZ_TARGETS picks some (e.g. "fuzz_csv fuzz_fota");
# tests/fuzz/<target>.options ("[libfuzzer]", then "key = value" lines) adds that target's own
# libFuzzer flags after FUZZ_FLAGS, which they override. FUZZ_JOBS runs that many at once under
# nice. Each run's last lines and its exec count are shown;
# a crash, a leak or an input slower than 60 s fails the run (saved as build-fuzz/<kind>-<hash>;
# not less: on a shared machine a niced run can stall for seconds).
FUZZ_SRC := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_TARGETS ?= $(FUZZ_SRC:tests/fuzz/%.c=%)
FUZZ_JOBS ?= 1
FUZZ_FLAGS ?= -timeout=60 -rss_limit_mb=1024 -max_len=2048
# ASan's default quarantine (256 MB of freed memory held back) makes every allocation of a run of
# millions land on cold, freshly faulted pages: 16 MB still holds each input's frees hundreds of
# executions long (use after free is caught as before) and runs the allocating targets ~2x faster.
FUZZ_ASAN ?= quarantine_size_mb=16
# -O2, not -O1: the same inputs run 1.1 to 2 times faster (fewer edges for libFuzzer to count
# and fewer comparison callbacks), and replayed through an -O1 build the corpus a 10-minute -O2 run
# grows covers as much as the one an -O1 run grows (README, Fuzzing).
FUZZ_OPT ?= -O2 -g
fuzz-build: deps deps-fuzz
	@$(MAKE) --no-print-directory $(FUZZ_TARGETS:%=build-fuzz/%) BUILD=build-fuzz CC=clang \
		OPT='$(FUZZ_OPT)' SAN='-fsanitize=fuzzer-no-link,address,undefined'
fuzz: fuzz-build
	@printf '%s\n' $(FUZZ_TARGETS) | nice xargs -P $(FUZZ_JOBS) -I{} sh -c '\
		n={}; mkdir -p build-fuzz/corpus/$$n; \
		own=$$(sed -n "s/^\([a-z_]*\) *= *\([^ ]*\) *$$/-\1=\2/p" tests/fuzz/$$n.options 2>/dev/null); \
		ASAN_OPTIONS=$(FUZZ_ASAN) build-fuzz/$$n -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 -artifact_prefix=build-fuzz/ \
			$(FUZZ_FLAGS) $$own build-fuzz/corpus/$$n tests/fuzz/seeds/$$n >build-fuzz/$$n.log 2>&1; rc=$$?; \
		execs=$$(sed -n "s/^stat::number_of_executed_units: *//p" build-fuzz/$$n.log); \
		echo "== $$n: $(FUZZ_SECONDS) s, $${execs:-?} execs, exit $$rc$${own:+ ($$own)}"; \
		[ $$rc -eq 0 ] || { echo "fuzz: $$n failed (build-fuzz/$$n.log)"; tail -n 40 build-fuzz/$$n.log; exit 1; }'
build-fuzz/fuzz_%: tests/fuzz/fuzz_%.c build-fuzz/libstation.a tests/fuzz/fuzz.h
	clang $(CFLAGS_ALL) -fsanitize=fuzzer,address,undefined -o $@ $(filter-out %.h,$^) $(LDLIBS_ALL)

bench: deps
	@$(MAKE) --no-print-directory build-all
	@BUILD=$(BUILD) tests/bench/run.sh

soak: deps
	@$(MAKE) --no-print-directory build-all
	@BUILD=$(BUILD) tests/soak/soak.sh

killtest: deps
	@$(MAKE) --no-print-directory build-all
	@BUILD=$(BUILD) tests/e2e/kill_test.sh

demo: deps
	@$(MAKE) --no-print-directory build-all
	@BUILD=$(BUILD) tests/sim/demo.sh

clean:
	rm -rf build build-asan build-tsan build-fuzz
