/*
 * criterion.h, a stand-in used only by `make tsan`: the part of Criterion's API that parbench's
 * tests use, and nothing more.
 *
 * Why it exists: Criterion 2.4 cannot start in a ThreadSanitizer build. Its runner dies with
 * "Could not initialize inheritable arena: Resource temporarily unavailable", or with a SEGV
 * inside libcriterion (Snaipe/Criterion#274). So `make tsan` compiles the unchanged tests against
 * these headers (-Itests/tsan comes before the system's include path) and links tests/tsan/shim.c
 * instead of libcriterion. `make test` and `make asan` use the real Criterion.
 *
 * What it keeps of Criterion's behaviour: every test, and every parameter of a parameterized
 * test, runs in its own forked process under its .timeout; a failed cr_assert_* ends the test,
 * a failed cr_expect_* marks it failed and lets it go on; a suite's .init runs before a test's
 * own, and .fini runs after the test, whether it failed or not. A test passes only if it reached
 * its end and its process then exited with status 0 (a ThreadSanitizer report makes it 86).
 * Anything the tests do not use is absent, so using it fails to compile rather than to test.
 */
#ifndef PARBENCH_SHIM_CRITERION_H
#define PARBENCH_SHIM_CRITERION_H

#include <stddef.h>

/* An empty message is the usual case: cr_assert(x) passes "" as its format. */
#pragma GCC diagnostic ignored "-Wformat-zero-length"

/* What Test(suite, name, ...) and TestSuite(suite, ...) accept after their names. */
struct criterion_test_extra_data {
	void (*init)(void);
	void (*fini)(void);
	double timeout;		/* seconds; 0: none. Scaled by PARBENCH_TIMEOUT_SCALE. */
};

struct criterion_test_params {
	size_t size;		/* of one parameter */
	void *params;
	size_t length;
};

struct shim_test {
	const char *suite, *name, *file;
	void (*fn)(void);		/* a plain test */
	void (*pfn)(void *);		/* a parameterized test, given one parameter */
	struct criterion_test_params (*params)(void);
	struct criterion_test_extra_data data;
	struct shim_test *next;
};

struct shim_suite {
	const char *name;
	struct criterion_test_extra_data data;
	struct shim_suite *next;
};

void shim_register(struct shim_test *t);
void shim_register_suite(struct shim_suite *s);

#define SHIM_REGISTER(kind, var, id)						\
	__attribute__((constructor)) static void id##_shim_register(void)	\
	{									\
		shim_register##kind(&var);					\
	}

#define Test(Category, Name, ...)						\
	static void Category##_##Name##_impl(void);				\
	static struct shim_test Category##_##Name##_shim = {			\
		.suite = #Category, .name = #Name, .file = __FILE__,		\
		.fn = Category##_##Name##_impl, .data = { __VA_ARGS__ } };	\
	SHIM_REGISTER(, Category##_##Name##_shim, Category##_##Name)		\
	static void Category##_##Name##_impl(void)

#define TestSuite(Category, ...)						\
	static struct shim_suite Category##_shim_suite = {			\
		.name = #Category, .data = { __VA_ARGS__ } };			\
	SHIM_REGISTER(_suite, Category##_shim_suite, Category##_suite)

/* Checks. Each argument is evaluated once; the message is a printf format and its arguments. */
void shim_check(int ok, int fatal, const char *file, int line, const char *what,
		const char *fmt, ...) __attribute__((format(printf, 6, 7)));
void shim_check_str(int want_equal, const char *a, const char *b, int fatal, const char *file,
		    int line, const char *what, const char *fmt, ...)
	__attribute__((format(printf, 8, 9)));
void shim_check_float(double a, double b, double eps, int fatal, const char *file, int line,
		      const char *what, const char *fmt, ...) __attribute__((format(printf, 8, 9)));
void shim_check_mem(const void *a, const void *b, size_t size, int fatal, const char *file,
		    int line, const char *what, const char *fmt, ...)
	__attribute__((format(printf, 8, 9)));
void shim_skip(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4), noreturn));

#define SHIM_OK(fatal, ok, what, ...) shim_check(!!(ok), fatal, __FILE__, __LINE__, what, "" __VA_ARGS__)
#define SHIM_CMP(fatal, a, op, b, ...) SHIM_OK(fatal, (a) op (b), #a " " #op " " #b, __VA_ARGS__)
#define SHIM_STR(fatal, eq, a, b, what, ...) \
	shim_check_str(eq, a, b, fatal, __FILE__, __LINE__, what, "" __VA_ARGS__)
#define SHIM_FLOAT(fatal, a, b, eps, ...) \
	shim_check_float(a, b, eps, fatal, __FILE__, __LINE__, #a " == " #b " within " #eps, "" __VA_ARGS__)
#define SHIM_MEM(fatal, a, b, size, ...) \
	shim_check_mem(a, b, size, fatal, __FILE__, __LINE__, #a " == " #b " (" #size " bytes)", "" __VA_ARGS__)

#define cr_assert(cond, ...)		SHIM_OK(1, cond, #cond, __VA_ARGS__)
#define cr_expect(cond, ...)		SHIM_OK(0, cond, #cond, __VA_ARGS__)
#define cr_assert_fail(...)		SHIM_OK(1, 0, "cr_assert_fail", __VA_ARGS__)
#define cr_assert_not_null(p, ...)	SHIM_OK(1, (p) != NULL, #p " != NULL", __VA_ARGS__)
#define cr_assert_null(p, ...)		SHIM_OK(1, (p) == NULL, #p " == NULL", __VA_ARGS__)
#define cr_expect_null(p, ...)		SHIM_OK(0, (p) == NULL, #p " == NULL", __VA_ARGS__)

#define cr_assert_eq(a, b, ...)		SHIM_CMP(1, a, ==, b, __VA_ARGS__)
#define cr_assert_neq(a, b, ...)	SHIM_CMP(1, a, !=, b, __VA_ARGS__)
#define cr_assert_lt(a, b, ...)		SHIM_CMP(1, a, <, b, __VA_ARGS__)
#define cr_assert_gt(a, b, ...)		SHIM_CMP(1, a, >, b, __VA_ARGS__)
#define cr_assert_geq(a, b, ...)	SHIM_CMP(1, a, >=, b, __VA_ARGS__)
#define cr_expect_eq(a, b, ...)		SHIM_CMP(0, a, ==, b, __VA_ARGS__)
#define cr_expect_neq(a, b, ...)	SHIM_CMP(0, a, !=, b, __VA_ARGS__)
#define cr_expect_gt(a, b, ...)		SHIM_CMP(0, a, >, b, __VA_ARGS__)
#define cr_expect_geq(a, b, ...)	SHIM_CMP(0, a, >=, b, __VA_ARGS__)
#define cr_expect_lt(a, b, ...)		SHIM_CMP(0, a, <, b, __VA_ARGS__)

#define cr_assert_str_eq(a, b, ...)	SHIM_STR(1, 1, a, b, #a " equals " #b, __VA_ARGS__)
#define cr_assert_str_neq(a, b, ...)	SHIM_STR(1, 0, a, b, #a " differs from " #b, __VA_ARGS__)
#define cr_expect_str_eq(a, b, ...)	SHIM_STR(0, 1, a, b, #a " equals " #b, __VA_ARGS__)
#define cr_expect_str_neq(a, b, ...)	SHIM_STR(0, 0, a, b, #a " differs from " #b, __VA_ARGS__)
#define cr_expect_str_empty(s, ...)	SHIM_STR(0, 1, s, "", #s " is empty", __VA_ARGS__)

#define cr_expect_float_eq(a, b, eps, ...) SHIM_FLOAT(0, a, b, eps, __VA_ARGS__)
#define cr_expect_arr_eq(a, b, size, ...)  SHIM_MEM(0, a, b, size, __VA_ARGS__)

#define cr_skip_test(...) shim_skip(__FILE__, __LINE__, "" __VA_ARGS__)

#endif
