# parbench: `make` builds bin/<bench> for every bench, `make test` runs the Criterion tests.
# Honours CC, CFLAGS and V=1 (show the commands).

CC ?= cc
CFLAGS ?= -O2
# What the code needs, kept apart from CFLAGS so that `make CFLAGS=-O0` cannot drop it.
BASE_CFLAGS := -std=c11 -Wall -Wextra -pthread
BASE_CPPFLAGS := -D_GNU_SOURCE -Ibenches -I.
LDLIBS += -lm

# OpenMP is only needed by the openmp variant; without it that variant reports it is missing.
OPENMP_FLAGS := $(shell echo 'int main(void){return 0;}' | \
	$(CC) -fopenmp -x c - -o /dev/null >/dev/null 2>&1 && echo -fopenmp)

Q := $(if $(V),,@)
say = $(if $(V),,@printf '  %-6s %s\n' $(1) $(2);)

BENCHES := pi primes mandelbrot sweep sum stream overhead latency files net counter
LIB_SRCS := $(wildcard benches/lib/*.c)
LIB_OBJS := $(LIB_SRCS:%.c=build/%.o)
LIB := build/libparbench.a
BINS := $(BENCHES:%=bin/%) bin/runner
RUNNER_SRCS := runner.c $(wildcard runner/*.c)
RUNNER_OBJS := $(RUNNER_SRCS:%.c=build/%.o)

TEST_SRCS := $(wildcard tests/*.c)
# The runner's modules are tested too, all but its main().
TEST_OBJS := $(TEST_SRCS:%.c=build/%.o) $(filter-out build/runner.o,$(RUNNER_OBJS))
TEST_BIN := build/tests/run_tests

.PHONY: all test deps clean bench plots gnuplot
all: $(BINS)

build/%.o: %.c
	@mkdir -p $(dir $@)
	$(call say,CC,$<)$(CC) $(BASE_CPPFLAGS) $(CPPFLAGS) $(BASE_CFLAGS) $(EXTRA_CFLAGS) $(CFLAGS) -MMD -MP -c $< -o $@

build/benches/lib/variant_openmp.o: EXTRA_CFLAGS += $(OPENMP_FLAGS)

$(LIB): $(LIB_OBJS)
	$(call say,AR,$@)$(AR) rcs $@ $^

# machine.txt names the compiler and flags the suite was built with.
build/runner/machine.o: EXTRA_CFLAGS += -DPARBENCH_CC='"$(CC)"' -DPARBENCH_CFLAGS='"$(strip $(CFLAGS))"'

bin/runner: $(RUNNER_OBJS) $(LIB)
	@mkdir -p bin
	$(call say,LD,$@)$(CC) $(BASE_CFLAGS) $(CFLAGS) $(OPENMP_FLAGS) $(LDFLAGS) $^ $(LDLIBS) -o $@

bin/%: build/benches/%.o $(LIB)
	@mkdir -p bin
	$(call say,LD,$@)$(CC) $(BASE_CFLAGS) $(CFLAGS) $(OPENMP_FLAGS) $(LDFLAGS) $^ $(LDLIBS) -o $@

# Criterion comes from Debian's libcriterion-dev; `make deps` installs it when we are root.
CRITERION_CFLAGS = $(shell pkg-config --cflags criterion 2>/dev/null)
CRITERION_LIBS = $(shell pkg-config --libs criterion 2>/dev/null)

deps:
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

build/tests/%.o: EXTRA_CFLAGS += $(CRITERION_CFLAGS)

$(TEST_BIN): $(TEST_OBJS) $(LIB)
	$(call say,LD,$@)$(CC) $(BASE_CFLAGS) $(CFLAGS) $(OPENMP_FLAGS) $(LDFLAGS) $^ $(CRITERION_LIBS) $(LDLIBS) -o $@

# The tests run the benches as programs, so they need bin/ built first.
test: deps
	@$(MAKE) --no-print-directory all $(TEST_BIN)
	./$(TEST_BIN) $(TEST_ARGS)

# Lessons: lessons/exercises/NN-name/ holds a starter NN-name.c, its header and its Criterion tests;
# lessons/solutions/NN-name/NN-name.c completes the starter. Each builds into build/lessons/NN/.
#   make exercise N=NN    the student's starter against the tests (fails until the TODOs are done)
#   make check-exercises  every solution passes its tests
#   make check-starters   every untouched starter fails its tests, so no test passes trivially
#   make check-lessons    both
LESSONS := $(sort $(notdir $(wildcard lessons/exercises/[0-9][0-9]-*)))
lesson_num = $(firstword $(subst -, ,$(1)))
LESSON_NUMS := $(foreach l,$(LESSONS),$(call lesson_num,$(l)))

# $(1) NN-name, $(2) starter or solution, $(3) the directory holding NN-name.c
define lesson_rule
build/lessons/$(call lesson_num,$(1))/$(2)_tests: $(3)/$(1).c lessons/exercises/$(1)/test_$(1).c lessons/exercises/$(1)/$(1).h
	@mkdir -p $$(dir $$@)
	$$(call say,LD,$$@)$$(CC) $$(BASE_CPPFLAGS) -Ilessons/exercises/$(1) $$(CPPFLAGS) $$(BASE_CFLAGS) $$(CFLAGS) $$(CRITERION_CFLAGS) $$(LDFLAGS) $$(filter %.c,$$^) $$(CRITERION_LIBS) $$(LDLIBS) -o $$@
endef
$(foreach l,$(LESSONS),$(eval $(call lesson_rule,$(l),starter,lessons/exercises/$(l))))
$(foreach l,$(LESSONS),$(eval $(call lesson_rule,$(l),solution,lessons/solutions/$(l))))

.PHONY: exercise check-exercises check-starters check-lessons

exercise:
	@case " $(LESSON_NUMS) " in *" $(N) "*) ;; *) \
		{ echo "usage: make exercise N=NN, with NN one of:"; \
		  for l in $(LESSONS); do echo "  $$l"; done; } >&2; exit 2;; esac
	@$(MAKE) --no-print-directory deps build/lessons/$(N)/starter_tests
	./build/lessons/$(N)/starter_tests $(TEST_ARGS)

check-exercises: deps
	@$(MAKE) --no-print-directory $(LESSON_NUMS:%=build/lessons/%/solution_tests)
	@fail=0; for n in $(LESSON_NUMS); do \
		if ./build/lessons/$$n/solution_tests --short-filename >build/lessons/$$n/solution.log 2>&1; \
		then echo "  ok     solution $$n passes its tests"; \
		else echo "  FAIL   solution $$n fails its tests: see build/lessons/$$n/solution.log" >&2; \
		     fail=1; fi; \
	done; exit $$fail

check-starters: deps
	@$(MAKE) --no-print-directory $(LESSON_NUMS:%=build/lessons/%/starter_tests)
	@fail=0; for n in $(LESSON_NUMS); do \
		if ./build/lessons/$$n/starter_tests --short-filename >build/lessons/$$n/starter.log 2>&1; \
		then echo "  FAIL   starter $$n passes its tests untouched: they test nothing" >&2; fail=1; \
		else echo "  ok     starter $$n fails its tests ($$(grep -o 'Failing: [0-9]*' \
			build/lessons/$$n/starter.log || echo 'see its log'))"; fi; \
	done; exit $$fail

check-lessons: check-exercises check-starters

# make bench: the full sweep (at most 10 minutes on a 2-core machine); QUICK=1: a smoke sweep.
# RUNNER_ARGS passes anything else, e.g. make bench RUNNER_ARGS='--bench pi --workers 1-8'.
bench: all gnuplot
	./bin/runner $(if $(QUICK),--quick) $(RUNNER_ARGS)

# make plots DIR=results/...: draw a results folder's plots again.
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

-include $(LIB_OBJS:.o=.d) $(TEST_OBJS:.o=.d) $(RUNNER_OBJS:.o=.d) $(BENCHES:%=build/benches/%.d)
.SECONDARY:
