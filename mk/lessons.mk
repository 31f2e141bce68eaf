# mk/lessons.mk: the lessons' targets (exercise, check-exercises, check-starters, check-examples,
# check-lessons, exercise-bench). Included by the Makefile.

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

