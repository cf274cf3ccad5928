/* SPDX-License-Identifier: MIT */
/* arena.c: a region allocator: blocks of at least 16 KiB carved in order,
 * freed together. Parsed header facts live in one arena per message. */
#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mail/arena.h"

#define BLOCK_MIN 16384

struct arena_block {
	arena_block *next;
	size_t used, cap;
	alignas(max_align_t) unsigned char data[];
};

void *arena_alloc(arena *a, size_t size)
{
	const size_t align = alignof(max_align_t);
	arena_block *b = a->blocks;

	if (size > SIZE_MAX / 2)
		goto fail;
	size = (size + align - 1) & ~(align - 1);
	if (b == NULL || b->cap - b->used < size) {
		size_t cap = size > BLOCK_MIN ? size : BLOCK_MIN;
		if ((b = malloc(sizeof *b + cap)) == NULL)
			goto fail;
		b->used = 0;
		b->cap = cap;
		b->next = a->blocks;
		a->blocks = b;
	}
	void *p = b->data + b->used;
	b->used += size;
	return memset(p, 0, size);
fail:
	a->failed = 1;
	return NULL;
}

fcrdns_bytes arena_copy(arena *a, const char *s, size_t len)
{
	char *p = len < SIZE_MAX ? arena_alloc(a, len + 1) : NULL;

	if (p == NULL)
		return (fcrdns_bytes){ NULL, 0 };
	if (len > 0)
		memcpy(p, s, len);
	return (fcrdns_bytes){ p, len };
}

void *arena_push(arena *a, void **items, size_t *n, size_t *cap, size_t size)
{
	if (*n == *cap) {
		size_t grown = *cap ? *cap * 2 : 4;
		void *bigger = grown < SIZE_MAX / size ? arena_alloc(a, grown * size) : NULL;
		if (bigger == NULL)
			return NULL;
		if (*n > 0) /* the old array stays in the arena until it is freed */
			memcpy(bigger, *items, *n * size);
		*items = bigger;
		*cap = grown;
	}
	return (char *)*items + (*n)++ * size;
}

void arena_free(arena *a)
{
	while (a->blocks != NULL) {
		arena_block *next = a->blocks->next;
		free(a->blocks);
		a->blocks = next;
	}
	a->failed = 0;
}
