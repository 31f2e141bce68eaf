/* kv.c: build and read key=value lines, the interface between benches, the runner and tools. */
#include "kv.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void kv_init(struct kv *kv)
{
	kv->line[0] = '\0';
	kv->len = 0;
	kv->overflow = 0;
}

static void kv_append(struct kv *kv, const char *key, const char *fmt, ...)
{
	size_t room = sizeof kv->line - kv->len;
	va_list ap;
	int n;

	n = snprintf(kv->line + kv->len, room, "%s%s=", kv->len ? " " : "", key);
	if (n < 0 || (size_t)n >= room)
		goto overflow;
	kv->len += n;
	room -= n;
	va_start(ap, fmt);
	n = vsnprintf(kv->line + kv->len, room, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= room)
		goto overflow;
	kv->len += n;
	return;
overflow:
	kv->overflow = 1;
	kv->line[kv->len] = '\0';
}

void kv_str(struct kv *kv, const char *key, const char *value)
{
	kv_append(kv, key, "%s", value);
}

void kv_u64(struct kv *kv, const char *key, uint64_t value)
{
	kv_append(kv, key, "%" PRIu64, value);
}

void kv_f(struct kv *kv, const char *key, const char *fmt, double value)
{
	kv_append(kv, key, fmt, value);
}

int kv_find(const char *line, const char *key, char *buf, size_t len)
{
	size_t klen = strlen(key);
	const char *p = line;
	int found = -1;

	while (*p) {
		const char *end = p + strcspn(p, " \t\r\n");
		const char *eq = memchr(p, '=', end - p);

		if (end == p) {
			p++;
			continue;
		}
		if (!eq || eq == p)
			return -1;	/* a word that is not key=value: not our line, all of it */
		if (found < 0 && (size_t)(eq - p) == klen && memcmp(p, key, klen) == 0) {
			size_t vlen = end - eq - 1;

			if (vlen >= len)
				return -1;
			memcpy(buf, eq + 1, vlen);
			buf[vlen] = '\0';
			found = 0;
		}
		p = end;
	}
	return found;
}
