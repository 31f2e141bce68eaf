/* kv.h: the one output format, a line of space-separated key=value pairs, written and read. */
#ifndef PARBENCH_KV_H
#define PARBENCH_KV_H

#include <stddef.h>
#include <stdint.h>

#define KV_LINE_MAX 32768	/* cpus= names the CPU of up to 4096 workers */

struct kv {
	char line[KV_LINE_MAX];
	size_t len;
	int overflow;
};

void kv_init(struct kv *kv);
void kv_str(struct kv *kv, const char *key, const char *value);
void kv_u64(struct kv *kv, const char *key, uint64_t value);
void kv_f(struct kv *kv, const char *key, const char *fmt, double value);	/* fmt: "%.6f" */

/* Find key's value in a line; copies it into buf. Returns 0, or -1 when the key is absent or
 * the line is not made of key=value words. */
int kv_find(const char *line, const char *key, char *buf, size_t len);

#endif
