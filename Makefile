# parbench: `make` builds bin/<bench> for every bench, `make test` runs the Criterion tests,
# `make asan` and `make tsan` run them under sanitizers.
# Honours CC, CFLAGS and V=1 (show the commands).
# The packages: mk/deps.mk; the tests: mk/tests.mk; the sanitizers: mk/sanitizers.mk; the
# lessons: mk/lessons.mk; the sweeps and checks that are not tests: mk/runs.mk.

CC ?= cc
CFLAGS ?= -O2
# What the code needs, kept apart from CFLAGS so that `make CFLAGS=-O0` cannot drop it.
BASE_CFLAGS := -std=c11 -Wall -Wextra -pthread
BASE_CPPFLAGS := -D_GNU_SOURCE -Ibenches -I.
LDLIBS += -lhwloc -lm

# OpenMP is only needed by the files that include <omp.h>; without it the openmp variant
# reports it is missing.
OPENMP_FLAGS := $(shell echo 'int main(void){return 0;}' | \
	$(CC) -fopenmp -x c - -o /dev/null >/dev/null 2>&1 && echo -fopenmp)

Q := $(if $(V),,@)
say = $(if $(V),,@printf '  %-6s %s\n' $(1) $(2);)

# Where objects and programs go. `make asan` and `make tsan` run make again with their own
# (build/asan, build/asan/bin...) and SAN_FLAGS, so sanitized and normal builds never mix.
BUILD := build
BIN := bin
SAN_FLAGS :=

# The one list of benches: a file in benches/ each. bin/benches.txt hands it to the runner and
# the tests; each bench tells the rest itself (--info).
BENCHES := $(sort $(basename $(notdir $(wildcard benches/*.c))))
# The library's files that include <mpi.h> are built with mpicc, for bin/<bench>-mpi alone:
# its driver first, then its helpers.
MPI_LIB_SRCS := $(shell grep -l '^\#include <mpi\.h>' $(wildcard benches/lib/variant_*.c) \
	$(filter-out benches/lib/variant_%,$(wildcard benches/lib/*.c)))
LIB_SRCS := $(filter-out $(MPI_LIB_SRCS),$(wildcard benches/lib/*.c))
LIB_OBJS := $(LIB_SRCS:%.c=$(BUILD)/%.o)
LIB := $(BUILD)/libparbench.a
BINS := $(BENCHES:%=$(BIN)/%) $(BIN)/runner $(BIN)/benches.txt
RUNNER_SRCS := runner.c $(wildcard runner/*.c)
RUNNER_OBJS := $(RUNNER_SRCS:%.c=$(BUILD)/%.o)

TEST_SRCS := $(wildcard tests/*.c)
# Every test process, in tests/ and in the exercises, arms its own limit and guardian; the
# programs linked with Criterion let it see each test start (see tests/watchdog.c).
WATCHDOG_SRCS := tests/watchdog.c tests/guardian.c tests/proc.c
WATCHDOG_LDFLAGS := -Wl,--wrap=criterion_internal_test_setup
# guard runs each test program: no process it starts outlives it, and it has a limit.
# One for all builds, without sanitizers: it only watches.
GUARD := build/tools/guard
TEST_LIMIT := 1800
# The runner's modules are tested too, all but its main(). TEST_SHIM: see `make tsan`.
TEST_OBJS := $(TEST_SRCS:%.c=$(BUILD)/%.o) $(filter-out $(BUILD)/runner.o,$(RUNNER_OBJS)) $(TEST_SHIM)
TEST_BIN := $(BUILD)/tests/run_tests

# The mpi variant: bin/<bench>-mpi, built with Open MPI's mpicc when it is installed. The
# library's files that say #ifdef PARBENCH_MPI (main.c, variants.c) are compiled again with it,
# then come the <mpi.h> ones; the rest is the same library.
MPICC ?= mpicc
# Every bench but those whose workload says .no_mpi = 1 (their tasks share memory or files).
MPI_BENCHES := $(basename $(notdir $(shell grep -L '\.no_mpi = 1' $(BENCHES:%=benches/%.c))))
HAVE_MPICC := $(shell command -v $(MPICC) >/dev/null 2>&1 && echo yes)
MPI_BINS := $(MPI_BENCHES:%=$(BIN)/%-mpi)
MPI_OBJS := $(patsubst benches/lib/%.c,$(BUILD)/mpi/%.o,$(shell grep -l '^\#if.*PARBENCH_MPI' \
	$(LIB_SRCS)) $(MPI_LIB_SRCS))

.PHONY: all test deps clean bench plots gnuplot mpi hwloc stream-check
all: hwloc
	@$(MAKE) --no-print-directory $(BINS) mpi

# Sanitizer builds leave it out: Open MPI itself is not built for them.
mpi:
ifneq ($(SAN_FLAGS),)
else ifeq ($(HAVE_MPICC),yes)
	@$(MAKE) --no-print-directory $(MPI_BINS)
else
	@echo "make: $(MPICC) not found: skipping the mpi variant (bin/<bench>-mpi);" \
	      "install libopenmpi-dev and openmpi-bin (make deps does it as root)"
endif

$(BUILD)/mpi/%.o: benches/lib/%.c
	@mkdir -p $(dir $@)
	$(call say,MPICC,$<)$(MPICC) $(BASE_CPPFLAGS) -DPARBENCH_MPI $(CPPFLAGS) $(BASE_CFLAGS) $(CFLAGS) -MMD -MP -c $< -o $@

# The MPI objects come first, so the archive's serial main.o and variants.o are not pulled in.
$(BIN)/%-mpi: $(BUILD)/benches/%.o $(MPI_OBJS) $(LIB)
	@mkdir -p $(BIN)
	$(call say,LD,$@)$(MPICC) $(BASE_CFLAGS) $(CFLAGS) $(OPENMP_FLAGS) $(LDFLAGS) $(MPI_OBJS) $< $(LIB) $(LDLIBS) -o $@

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(call say,CC,$<)$(CC) $(BASE_CPPFLAGS) $(CPPFLAGS) $(BASE_CFLAGS) $(EXTRA_CFLAGS) $(CFLAGS) $(TUNE_CFLAGS) $(SAN_FLAGS) -MMD -MP -c $< -o $@

# What a source file needs, it says itself: one that includes <omp.h> gets OPENMP_FLAGS, and a
# line `/* make: VAR flags */` adds flags to VAR for it alone (TUNE_CFLAGS come after CFLAGS,
# so they win: what a file needs to reach its target, as stream's vectorized triad).
OWN_SRCS := $(wildcard benches/*.c benches/lib/*.c runner/*.c)
$(foreach f,$(shell grep -l '^\#include <omp\.h>' $(OWN_SRCS)),$(eval $(BUILD)/$(f:.c=.o): EXTRA_CFLAGS += $(OPENMP_FLAGS)))
$(foreach f,$(shell grep -l '^/\* make: [A-Z_]* ' $(OWN_SRCS)),$(eval $(BUILD)/$(f:.c=.o): \
	$(shell sed -n 's|^/\* make: \([A-Z_]*\) \(.*\) \*/$$|\1 += \2|p' $(f))))

$(BIN)/benches.txt: Makefile $(BENCHES:%=benches/%.c)
	@mkdir -p $(BIN)
	$(call say,GEN,$@)printf '%s\n' $(BENCHES) >$@

$(LIB): $(LIB_OBJS)
	$(call say,AR,$@)$(AR) rcs $@ $^

# machine.txt names the compiler and flags the suite was built with.
$(BUILD)/runner/machine.o: EXTRA_CFLAGS += -DPARBENCH_CC='"$(CC)"' -DPARBENCH_CFLAGS='"$(strip $(CFLAGS) $(SAN_FLAGS))"'

$(BIN)/runner: $(RUNNER_OBJS) $(LIB)
	@mkdir -p $(BIN)
	$(call say,LD,$@)$(CC) $(BASE_CFLAGS) $(CFLAGS) $(SAN_FLAGS) $(OPENMP_FLAGS) $(LDFLAGS) $^ $(LDLIBS) -o $@

$(BIN)/%: $(BUILD)/benches/%.o $(LIB)
	@mkdir -p $(BIN)
	$(call say,LD,$@)$(CC) $(BASE_CFLAGS) $(CFLAGS) $(SAN_FLAGS) $(OPENMP_FLAGS) $(LDFLAGS) $^ $(LDLIBS) -o $@

include mk/deps.mk mk/tests.mk mk/sanitizers.mk mk/lessons.mk mk/runs.mk

clean:
	rm -rf build bin

-include $(LIB_OBJS:.o=.d) $(TEST_OBJS:.o=.d) $(BUILD)/tests/tsan/selfcheck.d $(RUNNER_OBJS:.o=.d) $(BENCHES:%=$(BUILD)/benches/%.d) \
	$(MPI_OBJS:.o=.d)
.SECONDARY:
