# parbench: `make` builds bin/<bench> for every bench, `make test` runs the Criterion tests,
# `make asan` and `make tsan` run them under sanitizers.
# Honours CC, CFLAGS and V=1 (show the commands).

CC ?= cc
CFLAGS ?= -O2
# What the code needs, kept apart from CFLAGS so that `make CFLAGS=-O0` cannot drop it.
BASE_CFLAGS := -std=c11 -Wall -Wextra -pthread
BASE_CPPFLAGS := -D_GNU_SOURCE -Ibenches -I.
LDLIBS += -lhwloc -lm

# OpenMP is only needed by the openmp variant; without it that variant reports it is missing.
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
LIB_SRCS := $(filter-out benches/lib/variant_mpi.c benches/lib/mpi_halo.c benches/lib/mpi_master.c,$(wildcard benches/lib/*.c))
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

# The mpi variant: bin/<bench>-mpi, built with Open MPI's mpicc when it is installed. Its main.c
# and variants.c are compiled again with PARBENCH_MPI; the rest is the same library.
MPICC ?= mpicc
# Every bench but those whose workload says .no_mpi = 1 (their tasks share memory or files).
MPI_BENCHES := $(basename $(notdir $(shell grep -L '\.no_mpi = 1' $(BENCHES:%=benches/%.c))))
HAVE_MPICC := $(shell command -v $(MPICC) >/dev/null 2>&1 && echo yes)
MPI_BINS := $(MPI_BENCHES:%=$(BIN)/%-mpi)
MPI_OBJS := $(BUILD)/mpi/main.o $(BUILD)/mpi/variants.o $(BUILD)/mpi/variant_mpi.o $(BUILD)/mpi/mpi_halo.o $(BUILD)/mpi/mpi_master.o

.PHONY: all test deps clean bench plots gnuplot mpi hwloc stream-check
all: hwloc
	@$(MAKE) --no-print-directory $(BINS) mpi

# hwloc (Debian's libhwloc-dev) is the machine model's topology: every program needs it.
# Installed when missing and we are root; otherwise make stops and names the package.
HWLOC_OK = echo '\#include <hwloc.h>' | $(CC) -E -x c - >/dev/null 2>&1
hwloc:
	@if $(HWLOC_OK); then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "make: installing libhwloc-dev (the machine model) with apt-get"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			--no-install-recommends libhwloc-dev >/dev/null || exit 1; \
	else \
		echo "make: parbench needs hwloc: install the package libhwloc-dev" \
		     "(sudo apt-get install libhwloc-dev), then run make again" >&2; \
		exit 1; \
	fi

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

$(BUILD)/benches/lib/variant_openmp.o: EXTRA_CFLAGS += $(OPENMP_FLAGS)
# After CFLAGS, so they win: what a file needs to reach its target. stream's triad must
# vectorize (its `omp simd` reduction; no OpenMP runtime is needed for that).
$(BUILD)/benches/stream.o: TUNE_CFLAGS += -O3 -fopenmp-simd

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

# Criterion comes from Debian's libcriterion-dev; `make deps` installs it when we are root.
CRITERION_CFLAGS = $(shell pkg-config --cflags criterion 2>/dev/null)
CRITERION_LIBS = $(shell pkg-config --libs criterion 2>/dev/null)

deps:
	@if command -v $(MPICC) >/dev/null 2>&1 && command -v mpirun >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "make: installing libopenmpi-dev and openmpi-bin (the mpi variant) with apt-get"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			--no-install-recommends libopenmpi-dev openmpi-bin >/dev/null || exit 1; \
	else \
		echo "make: Open MPI is missing, so the mpi variant and its tests are skipped:" \
		     "install libopenmpi-dev and openmpi-bin to have them" >&2; \
	fi
	@# ip (iproute2) makes the two hosts of tests/test_hosts.c, network namespaces.
	@if command -v ip >/dev/null 2>&1 || [ -x /sbin/ip ] || [ -x /usr/sbin/ip ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "make: installing iproute2 (ip, for the two-host mpi test) with apt-get"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			--no-install-recommends iproute2 >/dev/null || exit 1; \
	else \
		echo "make: ip is missing, so the two-host mpi test is skipped:" \
		     "install iproute2 to have it" >&2; \
	fi
	@$(MAKE) --no-print-directory hwloc
	@if pkg-config --exists criterion 2>/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "make: installing libcriterion-dev (needed by the tests) with apt-get"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			libcriterion-dev pkg-config >/dev/null || exit 1; \
	else \
		echo "make: the tests need Criterion: install the package libcriterion-dev" \
		     "(sudo apt-get install libcriterion-dev pkg-config), then run make test again" >&2; \
		exit 1; \
	fi

$(BUILD)/tests/%.o: EXTRA_CFLAGS += $(CRITERION_CFLAGS)

$(TEST_BIN): $(TEST_OBJS) $(LIB)
	$(call say,LD,$@)$(CC) $(BASE_CFLAGS) $(CFLAGS) $(SAN_FLAGS) $(OPENMP_FLAGS) $(LDFLAGS) $(if $(TEST_SHIM),,$(WATCHDOG_LDFLAGS)) $^ $(CRITERION_LIBS) $(LDLIBS) -o $@

$(GUARD): tests/tools/guard.c tests/proc.c tests/proc.h $(LIB)
	@mkdir -p $(dir $@)
	$(call say,LD,$@)$(CC) $(BASE_CPPFLAGS) $(BASE_CFLAGS) -O2 $(filter %.c,$^) $(LIB) -lm -o $@

# Planted tests that hang, which tests/test_watchdog.c runs; built with Criterion in every build.
HANGS := build/tools/hangs
$(HANGS): tests/tools/hangs.c $(WATCHDOG_SRCS) tests/watchdog.h tests/guardian.h tests/proc.h $(LIB)
	@mkdir -p $(dir $@)
	$(call say,LD,$@)$(CC) $(BASE_CPPFLAGS) $(BASE_CFLAGS) -O2 $(shell pkg-config --cflags criterion 2>/dev/null) \
		$(WATCHDOG_LDFLAGS) $(filter %.c,$^) $(LIB) $(shell pkg-config --libs criterion 2>/dev/null) -lm -o $@

# What every run of the tests needs besides the test binary itself.
.PHONY: test-tools
test-tools: $(GUARD) $(HANGS) planted

# The tests run the benches as programs, so they need bin/ built first, and the planted wrong
# solutions of the exercises, which tests/test_graders.c runs.
test: deps
	@$(MAKE) --no-print-directory all $(TEST_BIN) test-tools
	$(GUARD) --limit $(TEST_LIMIT) -- ./$(TEST_BIN) $(TEST_ARGS)

# ---- Sanitizers ----
# make asan: benches, runner and tests built with AddressSanitizer and UndefinedBehaviorSanitizer
# (LeakSanitizer included), make tsan: with ThreadSanitizer; each in its own build/<san>/, with
# the programs in build/<san>/bin/, then the whole test suite run against those programs
# (PARBENCH_BIN). A sanitized process that finds a problem writes its report into
# build/<san>/reports/ and exits SAN_EXIT, a status no test expects; the target also fails when
# that folder holds any report afterwards, so a report in a worker process, whose exit a bench
# only passes on as "exit 1", cannot pass unseen. make tsan uses tests/tsan/, a stand-in for
# Criterion, which cannot start under ThreadSanitizer (Snaipe/Criterion#274).
SAN_EXIT := 86
comma := ,
# The runtimes linked statically: a shared libubsan keeps its own copy of the report settings
# and ignores log_path (GCC PR 94328), so its reports would go to stderr only.
ASAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer \
	-g -O1 -static-libasan -static-libubsan
TSAN_FLAGS := -fsanitize=thread -g -O1
ASAN_ENV := \
	ASAN_OPTIONS=detect_leaks=1:detect_stack_use_after_return=1:check_initialization_order=1:strict_init_order=1:exitcode=$(SAN_EXIT):log_path=$(CURDIR)/build/asan/reports/asan \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=$(SAN_EXIT):log_path=$(CURDIR)/build/asan/reports/ubsan \
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/sanitizers/lsan.supp:print_suppressions=0
TSAN_ENV := \
	TSAN_OPTIONS=exitcode=$(SAN_EXIT):log_path=$(CURDIR)/build/tsan/reports/tsan:second_deadlock_stack=1
# The runtimes come with gcc (Debian: libgcc-N-dev, a dependency of gcc-N).
define san_runtime
	@echo 'int main(void){return 0;}' | $(CC) -fsanitize=$(1) -x c - -o /dev/null >/dev/null 2>&1 || { \
		pkg=libgcc-$$($(CC) -dumpversion | cut -d. -f1)-dev; \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "make: installing $$pkg (gcc's sanitizer runtimes) with apt-get"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$pkg >/dev/null; \
		fi; \
		echo 'int main(void){return 0;}' | $(CC) -fsanitize=$(1) -x c - -o /dev/null >/dev/null 2>&1 || { \
			echo "make: $(CC) cannot link -fsanitize=$(1): install gcc's sanitizer runtimes" \
			     "(Debian: $$pkg, which brings libasan8, libubsan1 and libtsan2)" >&2; exit 1; }; }
endef
# $(1): asan or tsan, $(2): the sanitizer's options, $(3): the limit in seconds. Runs the tests on build/$(1)/bin/, then
# fails if they failed or left any report, printing the reports (the first 300 lines).
define san_run
	@rm -rf build/$(1)/reports && mkdir -p build/$(1)/reports
	@echo "PARBENCH_BIN=build/$(1)/bin $(2) $(GUARD) --limit $(3) -- ./build/$(1)/tests/run_tests $(TEST_ARGS)"
	@rc=0; PARBENCH_BIN=build/$(1)/bin $(2) $(GUARD) --limit $(3) -- ./build/$(1)/tests/run_tests $(TEST_ARGS) || rc=$$?; \
	if [ -n "$$(ls -A build/$(1)/reports)" ]; then \
		echo "make $(1): $$(ls build/$(1)/reports | wc -l) process(es) reported problems" \
		     "(all in build/$(1)/reports/):" >&2; \
		for f in build/$(1)/reports/*; do echo "== $$f"; cat $$f; done | head -n 300 >&2; \
		rc=1; \
	fi; exit $$rc
endef

.PHONY: asan tsan
asan: deps
	$(call san_runtime,address$(comma)undefined)
	@$(MAKE) --no-print-directory BUILD=build/asan BIN=build/asan/bin SAN_FLAGS='$(ASAN_FLAGS)' \
		all build/asan/tests/run_tests
	@$(MAKE) --no-print-directory test-tools
	@ln -sfn ../../plots build/asan/plots	# the runner finds plots/ next to its bin/
	$(call san_run,asan,$(ASAN_ENV),2700)

# The stand-in is checked first: a test that must fail, compiled with it, has to fail.
TSAN_MAKE = $(MAKE) --no-print-directory BUILD=build/tsan BIN=build/tsan/bin SAN_FLAGS='$(TSAN_FLAGS)' \
	CRITERION_CFLAGS=-Itests/tsan CRITERION_LIBS= TEST_SHIM=build/tsan/tests/tsan/shim.o
SELFCHECK_WANT := Tested: 14 | Passing: 3 | Failing: 10 | Crashing: 1 | Skipped: 1

tsan:
	$(call san_runtime,thread)
	@$(TSAN_MAKE) all build/tsan/tests/run_tests build/tsan/tests/tsan/selfcheck
	@$(MAKE) --no-print-directory test-tools
	@ln -sfn ../../plots build/tsan/plots
	@log=build/tsan/selfcheck.log; \
	if TSAN_OPTIONS=exitcode=$(SAN_EXIT) $(GUARD) --limit 600 -- ./build/tsan/tests/tsan/selfcheck >$$log 2>&1; then \
		echo "make tsan: the Criterion stand-in passed tests that fail: see $$log" >&2; exit 1; \
	elif ! grep -qF '$(SELFCHECK_WANT)' $$log || ! grep -q 'FINI RAN' $$log || grep -q 'NOT REACHED' $$log; then \
		echo "make tsan: the Criterion stand-in misjudged its self-check; want '$(SELFCHECK_WANT)':" >&2; \
		cat $$log >&2; exit 1; \
	else echo "  ok     the Criterion stand-in fails what must fail ($$log)"; fi
	$(call san_run,tsan,$(TSAN_ENV),3600)

$(BUILD)/tests/tsan/selfcheck: $(BUILD)/tests/tsan/selfcheck.o $(TEST_SHIM) $(BUILD)/tests/watchdog.o \
		$(BUILD)/tests/guardian.o $(BUILD)/tests/proc.o $(LIB)
	$(call say,LD,$@)$(CC) $(BASE_CFLAGS) $(CFLAGS) $(SAN_FLAGS) $(LDFLAGS) $^ $(LDLIBS) -o $@

# Lessons: lessons/exercises/NN-name/ holds a starter NN-name.c, its header and its Criterion tests;
# lessons/solutions/NN-name/NN-name.c completes the starter. Each builds into build/lessons/NN/.
#   make exercise N=NN    the student's starter against the tests (fails until the TODOs are done)
#   make check-exercises  every solution passes its tests
#   make check-starters   every untouched starter fails its tests, so no test passes trivially
#   make check-lessons    both
LESSONS := $(sort $(notdir $(wildcard lessons/exercises/[0-9][0-9]-*)))
lesson_num = $(firstword $(subst -, ,$(1)))
LESSON_NUMS := $(foreach l,$(LESSONS),$(call lesson_num,$(l)))

# An exercise whose starter includes <mpi.h> is an MPI program instead: NN-name.c becomes
# build/lessons/NN/<starter|solution>_prog, built with $(MPICC), and its tests, built with $(CC)
# and Criterion alone, run that program under mpirun (LESSON_PROGRAM names it). Without mpicc
# only the tests are built, and they skip, saying what to install.
MPI_LESSONS := $(foreach l,$(LESSONS),$(if $(shell grep -l 'include <mpi\.h>' lessons/exercises/$(l)/$(l).c),$(l)))
MPI_LESSON_NUMS := $(foreach l,$(MPI_LESSONS),$(call lesson_num,$(l)))

# $(1) NN-name, $(2) starter, solution or planted-what, $(3) the NN-name.c it tests. The tests link
# parbench's library, so an exercise can use its parts ("lib/steal.h"); the others pull nothing in.
define lesson_rule
build/lessons/$(call lesson_num,$(1))/$(2)_tests: $(3) lessons/exercises/$(1)/test_$(1).c lessons/exercises/$(1)/$(1).h $(WATCHDOG_SRCS) $(LIB)
	@mkdir -p $$(dir $$@)
	$$(call say,LD,$$@)$$(CC) $$(BASE_CPPFLAGS) -Ilessons/exercises/$(1) $$(CPPFLAGS) $$(BASE_CFLAGS) $$(CFLAGS) $$(CRITERION_CFLAGS) $$(LDFLAGS) $$(WATCHDOG_LDFLAGS) $$(filter %.c,$$^) $$(LIB) $$(CRITERION_LIBS) $$(LDLIBS) -o $$@
endef

# The same for an MPI exercise: the program, then the tests that run it.
define lesson_mpi_rule
build/lessons/$(call lesson_num,$(1))/$(2)_prog: $(3)/$(1).c lessons/exercises/$(1)/$(1).h
	@mkdir -p $$(dir $$@)
	$$(call say,MPICC,$$@)$$(MPICC) $$(BASE_CPPFLAGS) -Ilessons/exercises/$(1) $$(CPPFLAGS) $$(BASE_CFLAGS) $$(CFLAGS) $$(LDFLAGS) $$< -o $$@

build/lessons/$(call lesson_num,$(1))/$(2)_tests: lessons/exercises/$(1)/test_$(1).c lessons/exercises/$(1)/$(1).h $(WATCHDOG_SRCS) $(LIB) $(if $(HAVE_MPICC),build/lessons/$(call lesson_num,$(1))/$(2)_prog)
	@mkdir -p $$(dir $$@)
	$$(call say,LD,$$@)$$(CC) $$(BASE_CPPFLAGS) -Ilessons/exercises/$(1) -DLESSON_PROGRAM='"$$(CURDIR)/build/lessons/$(call lesson_num,$(1))/$(2)_prog"' $$(CPPFLAGS) $$(BASE_CFLAGS) $$(CFLAGS) $$(CRITERION_CFLAGS) $$(LDFLAGS) $$(WATCHDOG_LDFLAGS) $$(filter %.c,$$^) $$(LIB) $$(CRITERION_LIBS) -lm -o $$@
endef
$(foreach l,$(filter-out $(MPI_LESSONS),$(LESSONS)),$(eval $(call lesson_rule,$(l),starter,lessons/exercises/$(l)/$(l).c)))
$(foreach l,$(filter-out $(MPI_LESSONS),$(LESSONS)),$(eval $(call lesson_rule,$(l),solution,lessons/solutions/$(l)/$(l).c)))

# Planted wrong solutions: tests/planted/NN-what.c is a wrong NN-name.c, built against exercise
# NN's tests as build/lessons/NN/planted-what_tests; tests/test_graders.c checks each is caught.
PLANTED := $(basename $(notdir $(wildcard tests/planted/[0-9][0-9]-*.c)))
planted_lesson = $(filter $(call lesson_num,$(1))-%,$(LESSONS))
planted_bin = build/lessons/$(call lesson_num,$(1))/planted-$(patsubst $(call lesson_num,$(1))-%,%,$(1))_tests
$(foreach p,$(PLANTED),$(eval $(call lesson_rule,$(call planted_lesson,$(p)),planted-$(patsubst $(call lesson_num,$(p))-%,%,$(p)),tests/planted/$(p).c)))
.PHONY: planted
planted: $(foreach p,$(PLANTED),$(call planted_bin,$(p)))
$(foreach l,$(MPI_LESSONS),$(eval $(call lesson_mpi_rule,$(l),starter,lessons/exercises/$(l))))
$(foreach l,$(MPI_LESSONS),$(eval $(call lesson_mpi_rule,$(l),solution,lessons/solutions/$(l))))

# In the check loops, for exercise $n: an MPI exercise is skipped, saying so, when Open MPI is
# missing (its tests would all skip, and a starter whose tests skip would pass).
lesson_skip_without_mpi = case " $(MPI_LESSON_NUMS) " in *" $$n "*) \
	if ! { command -v $(MPICC) && command -v mpirun; } >/dev/null 2>&1; then \
		echo "  skip   exercise $$n needs Open MPI: install libopenmpi-dev and openmpi-bin"; \
		continue; fi;; esac

.PHONY: exercise check-exercises check-starters check-lessons

exercise:
	@case " $(LESSON_NUMS) " in *" $(N) "*) ;; *) \
		{ echo "usage: make exercise N=NN, with NN one of:"; \
		  for l in $(LESSONS); do echo "  $$l"; done; } >&2; exit 2;; esac
	@$(MAKE) --no-print-directory deps
	@# a make of its own, so that it sees an mpicc that deps has just installed
	@$(MAKE) --no-print-directory build/lessons/$(N)/starter_tests $(GUARD)
	$(GUARD) --limit 600 -- ./build/lessons/$(N)/starter_tests $(TEST_ARGS)

check-exercises: deps
	@$(MAKE) --no-print-directory $(LESSON_NUMS:%=build/lessons/%/solution_tests) $(GUARD)
	@fail=0; for n in $(LESSON_NUMS); do \
		$(lesson_skip_without_mpi); \
		if $(GUARD) --limit 600 -- ./build/lessons/$$n/solution_tests --short-filename \
			>build/lessons/$$n/solution.log 2>&1; \
		then echo "  ok     solution $$n passes its tests"; \
		else echo "  FAIL   solution $$n fails its tests: see build/lessons/$$n/solution.log" >&2; \
		     fail=1; fi; \
	done; exit $$fail

check-starters: deps
	@$(MAKE) --no-print-directory $(LESSON_NUMS:%=build/lessons/%/starter_tests) $(GUARD)
	@fail=0; for n in $(LESSON_NUMS); do \
		$(lesson_skip_without_mpi); \
		if $(GUARD) --limit 600 -- ./build/lessons/$$n/starter_tests --short-filename \
			>build/lessons/$$n/starter.log 2>&1; \
		then echo "  FAIL   starter $$n passes its tests untouched: they test nothing" >&2; fail=1; \
		else echo "  ok     starter $$n fails its tests ($$(grep -o 'Failing: [0-9]*' \
			build/lessons/$$n/starter.log || echo 'see its log'))"; fi; \
	done; exit $$fail

# The lessons' small example programs (lessons/examples/) build as the lessons say, with no
# warning; compiling them keeps them from rotting (running them is the student's part).
EXAMPLES := $(basename $(notdir $(wildcard lessons/examples/*.c)))
build/lessons/examples/%: lessons/examples/%.c
	@mkdir -p $(dir $@)
	$(call say,CC,$<)$(CC) -std=c11 -O2 -Wall -Wextra -Werror -pthread $< -o $@

.PHONY: check-examples
check-examples: $(EXAMPLES:%=build/lessons/examples/%)
	@echo "  ok     $(words $(EXAMPLES)) example programs of the lessons build without warnings"

check-lessons: check-exercises check-starters check-examples

# make exercise-bench N=NN: the benchmark of an exercise that has one (bench_NN-name.c in its
# folder): the student's NN-name.c, or EXERCISE_SRC=another version of it, built with that
# driver, timed at 1 and 2 workers by bin/runner --cmd, and judged by lessons/exercise-bench.sh,
# which fails below the exercise's speedup. A benchmark, not a test: neither make test nor CI
# runs it, and its numbers hold only on an otherwise idle machine.
EXERCISE_BENCHES := $(strip $(foreach l,$(LESSONS),$(if $(wildcard lessons/exercises/$(l)/bench_$(l).c),$(call lesson_num,$(l)))))
bench_lesson = $(filter $(N)-%,$(LESSONS))
.PHONY: exercise-bench
exercise-bench:
	@case " $(LESSON_NUMS) " in *" $(N) "*) ;; *) \
		{ echo "usage: make exercise-bench N=NN [EXERCISE_SRC=path/to/NN-name.c]," \
		       "with NN one of: $(EXERCISE_BENCHES)"; } >&2; exit 2;; esac
	@case " $(EXERCISE_BENCHES) " in *" $(N) "*) ;; *) \
		echo "make exercise-bench: exercise $(N) has no benchmark (these have one:" \
		     "$(EXERCISE_BENCHES))" >&2; exit 2;; esac
	@$(MAKE) --no-print-directory hwloc
	@$(MAKE) --no-print-directory $(BIN)/runner $(BIN)/benches.txt $(LIB)
	@mkdir -p build/lessons/$(N)
	$(call say,LD,build/lessons/$(N)/bench_prog)$(CC) $(BASE_CPPFLAGS) -Ilessons/exercises/$(bench_lesson) \
		$(CPPFLAGS) $(BASE_CFLAGS) $(CFLAGS) $(LDFLAGS) \
		$(or $(EXERCISE_SRC),lessons/exercises/$(bench_lesson)/$(bench_lesson).c) \
		lessons/exercises/$(bench_lesson)/bench_$(bench_lesson).c $(LIB) $(LDLIBS) \
		-o build/lessons/$(N)/bench_prog
	@lessons/exercise-bench.sh $(N) build/lessons/$(N)/bench_prog $(BIN)/runner build/lessons/$(N)/bench

# make bench: the full sweep (at most 10 minutes on a 2-core machine); QUICK=1: a smoke sweep.
# RUNNER_ARGS passes anything else, e.g. make bench RUNNER_ARGS='--bench pi --workers 1-8'.
bench: all gnuplot
	./bin/runner $(if $(QUICK),--quick) $(RUNNER_ARGS)

# make stream-check: is bin/stream within 90% of a plain OpenMP triad over the same arrays, at 1
# and 2 workers? A benchmark, not a test: run it on a quiet machine. MCCALPIN=path adds
# McCalpin's STREAM as a column; ROUNDS (default 5) and PASSES (10) as you like.
$(BUILD)/checks/stream_ref: checks/stream_ref.c
	@mkdir -p $(dir $@)
	$(call say,CC,$<)$(CC) -std=c11 -O3 -march=native -fopenmp -Wall -Wextra $< -o $@

stream-check: all $(BUILD)/checks/stream_ref
	checks/stream-check.sh $(BUILD)/checks/stream_ref $(or $(ROUNDS),5) $(or $(PASSES),10)

# make plots DIR=results/...: analyse a results folder again from its runs.csv and redraw its plots.
plots: bin/runner gnuplot
	@test -n "$(DIR)" || { echo "make plots: say which results folder: make plots DIR=results/..." >&2; exit 2; }
	./bin/runner plots $(DIR)

# gnuplot draws the plots. Installed when missing and we are root; otherwise the runner still
# writes every table and says how to draw the plots later.
gnuplot:
	@if command -v gnuplot >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "make: installing gnuplot-nox (for the plots) with apt-get"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gnuplot-nox >/dev/null) || \
		echo "make: could not install gnuplot-nox; plots will be skipped" >&2; \
	fi

clean:
	rm -rf build bin

-include $(LIB_OBJS:.o=.d) $(TEST_OBJS:.o=.d) $(BUILD)/tests/tsan/selfcheck.d $(RUNNER_OBJS:.o=.d) $(BENCHES:%=$(BUILD)/benches/%.d) \
	$(MPI_OBJS:.o=.d)
.SECONDARY:
