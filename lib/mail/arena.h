/* SPDX-License-Identifier: MIT */
/* arena.h: a region allocator for parsed message headers (internal; see
 * arena.c): many small allocations, one free. */
#ifndef FCRDNS_MAIL_ARENA_H
#define FCRDNS_MAIL_ARENA_H

#include <stddef.h>

#include "fcrdns.h"

typedef struct arena_block arena_block;

/* Start from {0}. failed is set once an allocation has failed. */
typedef struct arena {
	arena_block *blocks;
	int failed;
} arena;

/* Return size bytes, zeroed and aligned for any type, owned by a; NULL
 * (and a->failed set) when memory runs out. */
void *arena_alloc(arena *a, size_t size);
/* Copy len bytes of s, NUL-terminated, into a. Returns the copy as
 * fcrdns_bytes, or an absent one (data NULL) when memory runs out. */
fcrdns_bytes arena_copy(arena *a, const char *s, size_t len);
/* Append one zeroed element of size bytes to the array *items (count *n,
 * capacity *cap), growing it inside a. Returns the element, or NULL. */
void *arena_push(arena *a, void **items, size_t *n, size_t *cap, size_t size);
/* Free every block of a and reset it to {0}. */
void arena_free(arena *a);

#endif
