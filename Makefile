# schemadiff: a plain Makefile.
#
#   make            build ./schemadiff (optimized, with debug info)
#   make check      build with -Werror, AddressSanitizer and UBSan, run every test
#   make deps       install the Debian packages the build and the tests need
#   make example    run `schemadiff plan` on the bundled example (scratch copy)
#   make install    PREFIX=/usr/local
#   make bench      measure (see bench/)
#
# Sources are found per folder, so that adding a file needs no edit here.

PREFIX ?= /usr/local
CC ?= cc
PKG_CONFIG ?= pkg-config
PKGS = jansson libprotobuf-c libpq libmariadb

DEB_PACKAGES = build-essential pkg-config libpg-query-dev libprotobuf-c-dev \
	libpq-dev default-libmysqlclient-dev libjansson-dev libcriterion-dev \
	postgresql postgresql-client mariadb-server mariadb-client python3

BUILD ?= build
SAN_FLAGS =

CFLAGS_BASE = -std=gnu11 -g -Wall -Wextra -Wshadow -Wno-unused-parameter \
	-Wstrict-prototypes -Wmissing-prototypes -I. $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
OPT ?= -O2
CFLAGS ?=
ALL_CFLAGS = $(CFLAGS_BASE) $(OPT) $(SAN_FLAGS) $(CFLAGS)
LDLIBS = -lpg_query $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null) -lm
TEST_LDLIBS = $(shell $(PKG_CONFIG) --libs criterion 2>/dev/null)

LIB_SRCS := $(sort $(wildcard util/*.c model/*.c parser/*/*.c diff/*.c emit/*.c drivers/*.c ops/*.c))
CLI_SRCS := $(sort $(wildcard cli/*.c))
TEST_SRCS := $(sort $(wildcard tests/*/test_*.c tests/test_*.c tests/lib/*.c))

LIB_OBJS = $(LIB_SRCS:%.c=$(BUILD)/%.o)
CLI_OBJS = $(CLI_SRCS:%.c=$(BUILD)/%.o)
TEST_OBJS = $(TEST_SRCS:%.c=$(BUILD)/%.o)

.PHONY: all check check-build unit cli-tests live-tests golden deps example install corpus corpus-mysql \
	clean bench corpus-offline FORCE

all: schemadiff

schemadiff: $(BUILD)/schemadiff
	cp $< $@

$(BUILD)/libschemadiff.a: $(LIB_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/schemadiff: $(CLI_OBJS) $(BUILD)/libschemadiff.a
	$(CC) $(ALL_CFLAGS) -o $@ $(CLI_OBJS) $(BUILD)/libschemadiff.a $(LDLIBS)

$(BUILD)/test-runner: $(TEST_OBJS) $(BUILD)/libschemadiff.a
	$(CC) $(ALL_CFLAGS) -o $@ $(TEST_OBJS) $(BUILD)/libschemadiff.a $(LDLIBS) $(TEST_LDLIBS)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

-include $(LIB_OBJS:.o=.d) $(CLI_OBJS:.o=.d) $(TEST_OBJS:.o=.d)

# The checked build: warnings are errors, sanitizers on, arena in malloc
# mode so that ASan sees each object.
CHECK_VARS = BUILD=build/check OPT=-O1 \
	SAN_FLAGS="-Werror -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined -DSD_ARENA_DEBUG"

check:
	$(MAKE) --no-print-directory $(CHECK_VARS) build/check/schemadiff build/check/test-runner
	ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp sh tests/harness/with-pg.sh sh tests/harness/with-mariadb.sh ./build/check/test-runner --jobs 2
	SCHEMADIFF=$(CURDIR)/build/check/schemadiff sh tests/cli/run.sh
	SCHEMADIFF=$(CURDIR)/build/check/schemadiff sh tests/harness/with-pg.sh sh tests/cli/live.sh
	SCHEMADIFF=$(CURDIR)/build/check/schemadiff sh tests/harness/with-pg.sh sh tests/cli/live_apply.sh
	SCHEMADIFF=$(CURDIR)/build/check/schemadiff sh tests/harness/with-pg.sh sh tests/cli/live_drift.sh
	SCHEMADIFF=$(CURDIR)/build/check/schemadiff timeout 900 sh tests/harness/with-pg.sh sh tests/fault/pg.sh
	sh tests/harness/with-pg.sh python3 scripts/corpus_live.py --jobs 4 --schemadiff $(CURDIR)/build/check/schemadiff
	SCHEMADIFF=$(CURDIR)/build/check/schemadiff sh tests/harness/with-mariadb.sh sh tests/cli/live_mysql.sh
	SCHEMADIFF=$(CURDIR)/build/check/schemadiff timeout 900 sh tests/harness/with-mariadb.sh sh tests/fault/mysql.sh
	sh tests/harness/with-mariadb.sh python3 scripts/corpus_mysql.py --jobs 4 --schemadiff $(CURDIR)/build/check/schemadiff
	@echo "make check: all tests passed"

unit: $(BUILD)/test-runner
	sh tests/harness/with-pg.sh sh tests/harness/with-mariadb.sh ./$(BUILD)/test-runner

cli-tests: schemadiff
	SCHEMADIFF=$(CURDIR)/schemadiff sh tests/cli/run.sh

live-tests: schemadiff
	SCHEMADIFF=$(CURDIR)/schemadiff sh tests/harness/with-pg.sh sh tests/cli/live.sh

deps:
	@if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	missing=; for p in $(DEB_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	else echo "deps: all Debian packages present"; fi

# The README's first command: plan on the bundled example, in a scratch copy.
example: schemadiff
	@rm -rf $(BUILD)/example && mkdir -p $(BUILD)/example
	cp -R fixtures/example/. $(BUILD)/example/
	./schemadiff plan --schema-root $(BUILD)/example/app --desired $(BUILD)/example/schema
	@echo; echo "new version written under $(BUILD)/example/app (fixtures/example is untouched)"

install: schemadiff
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 schemadiff $(DESTDIR)$(PREFIX)/bin/schemadiff

# The psqldef acceptance corpus on a private PostgreSQL (make check runs it
# too, with the sanitized build); cases listed in tests/corpus/psqldef-known.txt
# fail for the reason given there.
corpus: schemadiff
	sh tests/harness/with-pg.sh python3 scripts/corpus_live.py --jobs 4

corpus-mysql: schemadiff
	sh tests/harness/with-mariadb.sh python3 scripts/corpus_mysql.py --jobs 4

corpus-offline: schemadiff
	python3 scripts/corpus_offline.py

$(BUILD)/parse-floor: bench/parse_floor.c $(BUILD)/libschemadiff.a
	$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libschemadiff.a $(LDLIBS)

bench: FORCE
	$(MAKE) --no-print-directory OPT="-O2 -DNDEBUG" schemadiff $(BUILD)/parse-floor
	sh tests/harness/with-pg.sh sh tests/harness/with-mariadb.sh python3 bench/run.py $(if $(N),--n $(N))

clean:
	rm -rf build schemadiff
