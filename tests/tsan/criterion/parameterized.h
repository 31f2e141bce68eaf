/* parameterized.h, a stand-in used only by `make tsan`: see criterion.h for why. Each parameter
 * runs as its own test, in its own process, as with Criterion. */
#ifndef PARBENCH_SHIM_PARAMETERIZED_H
#define PARBENCH_SHIM_PARAMETERIZED_H

#include "criterion.h"

#define ParameterizedTestParameters(Category, Name)				\
	static struct criterion_test_params Category##_##Name##_params(void)

/* param is a declaration such as `struct cell *c`; each run gets a pointer into the array. */
#define ParameterizedTest(param, Category, Name, ...)				\
	static void Category##_##Name##_impl(param);				\
	static void Category##_##Name##_call(void *p)				\
	{									\
		Category##_##Name##_impl(p);					\
	}									\
	static struct criterion_test_params Category##_##Name##_params(void);	\
	static struct shim_test Category##_##Name##_shim = {			\
		.suite = #Category, .name = #Name, .file = __FILE__,		\
		.pfn = Category##_##Name##_call,				\
		.params = Category##_##Name##_params, .data = { __VA_ARGS__ } };\
	SHIM_REGISTER(, Category##_##Name##_shim, Category##_##Name)		\
	static void Category##_##Name##_impl(param)

/* Criterion's optional fourth argument, a cleanup function, is not supported. */
#define cr_make_param_array(type, array, len)						\
	((struct criterion_test_params){ .size = sizeof(type), .params = (array), .length = (len) })

#endif
