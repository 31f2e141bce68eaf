# mk/tests.mk: the test program, the tools every test run needs (guard, hangs) and make test.
# Included by the Makefile.

# Criterion comes from Debian's libcriterion-dev; `make deps` installs it when we are root.
CRITERION_CFLAGS = $(shell pkg-config --cflags criterion 2>/dev/null)
CRITERION_LIBS = $(shell pkg-config --libs criterion 2>/dev/null)

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
