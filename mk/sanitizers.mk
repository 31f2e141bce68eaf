# mk/sanitizers.mk: make asan and make tsan, the tests built and run under the sanitizers.
# Included by the Makefile; the runtimes are found by san_runtime (mk/deps.mk).

# make asan: benches, runner and tests built with AddressSanitizer and UndefinedBehaviorSanitizer
# (LeakSanitizer included), make tsan: with ThreadSanitizer; each in its own build/<san>/, with
# the programs in build/<san>/bin/, then the whole test suite run against those programs
# (PARBENCH_BIN). A sanitized process that finds a problem writes its report into
# build/<san>/reports/ and exits SAN_EXIT, a status no test expects; the target also fails when
# that folder holds any report afterwards, so a report in a worker process, whose exit a bench
# only passes on as "exit 1", cannot pass unseen. make tsan uses tests/tsan/, a stand-in for
# Criterion, which cannot start under ThreadSanitizer (Snaipe/Criterion#274).
SAN_EXIT := 86
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

