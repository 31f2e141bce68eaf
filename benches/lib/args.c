/* args.c: command-line words to flags and strictly checked values. */
#include "args.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "msg.h"

void argparse_init(struct argparse *ap, int argc, char **argv, const struct argspec *specs,
		   int nspecs)
{
	ap->argc = argc;
	ap->argv = argv;
	ap->i = 1;
	ap->specs = specs;
	ap->nspecs = nspecs;
	ap->seen = 0;
	ap->repeats = 0;
}

int argparse_next(struct argparse *ap, const char **value)
{
	const char *word, *eq;
	size_t namelen;
	int k;

	if (ap->i >= ap->argc)
		return -1;
	word = ap->argv[ap->i++];
	if (strncmp(word, "--", 2) != 0 || word[2] == '\0')
		msg_usage("unexpected argument '%.80s'", word);
	eq = strchr(word, '=');
	namelen = eq ? (size_t)(eq - word) : strlen(word);
	for (k = 0; k < ap->nspecs; k++)
		if (strlen(ap->specs[k].flag) == namelen &&
		    strncmp(ap->specs[k].flag, word, namelen) == 0)
			break;
	if (k == ap->nspecs)
		msg_usage("unknown flag '%.*s'", (int)(namelen > 80 ? 80 : namelen), word);
	if (ap->seen & ~ap->repeats & (UINT64_C(1) << k))
		msg_usage("%s given twice", ap->specs[k].flag);
	ap->seen |= UINT64_C(1) << k;

	if (!ap->specs[k].metavar) {
		if (eq)
			msg_usage("%s takes no value", ap->specs[k].flag);
		*value = NULL;
	} else if (eq) {
		*value = eq + 1;
	} else if (ap->i < ap->argc) {
		*value = ap->argv[ap->i++];
	} else {
		msg_usage("%s needs a value (%s)", ap->specs[k].flag, ap->specs[k].metavar);
	}
	return k;
}

void argparse_help(FILE *f, const struct argspec *specs, int nspecs)
{
	for (int k = 0; k < nspecs; k++) {
		char left[64];

		snprintf(left, sizeof left, "%s%s%s", specs[k].flag, specs[k].metavar ? " " : "",
			 specs[k].metavar ? specs[k].metavar : "");
		fprintf(f, "  %-24s %s\n", left, specs[k].help);
	}
}

int args_parse_u64(const char *text, uint64_t min, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;

	if (!text || !*text)
		return -1;
	for (const char *p = text; *p; p++) {
		if (!isdigit((unsigned char)*p))
			return -1;
		if (v > (UINT64_MAX - (uint64_t)(*p - '0')) / 10)
			return -1;	/* overflow */
		v = v * 10 + (uint64_t)(*p - '0');
	}
	if (v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int args_parse_double(const char *text, double min, double max, double *out)
{
	char *end;
	double v;

	/* strtod accepts signs, spaces, hex, "inf" and "nan": let digits and one dot through only. */
	if (!text || !*text || strspn(text, "0123456789.") != strlen(text))
		return -1;
	errno = 0;
	v = strtod(text, &end);
	if (errno || *end || !isfinite(v) || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

uint64_t args_u64(const char *flag, const char *text, uint64_t min, uint64_t max)
{
	uint64_t v;

	if (args_parse_u64(text, min, max, &v) != 0)
		msg_usage("%s: expected a whole number from %" PRIu64 " to %" PRIu64 ", got '%.40s%s'",
			  flag, min, max, text, strlen(text) > 40 ? "..." : "");
	return v;
}

double args_double(const char *flag, const char *text, double min, double max)
{
	double v;

	if (args_parse_double(text, min, max, &v) != 0)
		msg_usage("%s: expected a number from %g to %g, got '%.40s%s'", flag, min, max, text,
			  strlen(text) > 40 ? "..." : "");
	return v;
}

const char *args_str(const char *flag, const char *text, size_t max_len)
{
	if (!*text)
		msg_usage("%s: expected a value, got an empty one", flag);
	if (strlen(text) > max_len)
		msg_usage("%s: value longer than %zu characters", flag, max_len);
	return text;
}
