# mk/runs.mk: what runs the benches without being a test: make bench, make stream-check and
# make plots. Included by the Makefile.

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
