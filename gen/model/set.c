// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A set of checked policies merged into one for one object (set.h). */
#include <stdlib.h>
#include <string.h>

#include "set.h"
#include "vec.h"

/* The policies' YAML as one stream, as tprun --show-policy prints several objects'. */
static char *join_sources(struct tp_policy **ps, size_t n, size_t *len)
{
	size_t i, total = 1;
	char *s;

	for (i = 0; i < n; i++)
		total += ps[i]->source_len + strlen("\n---\n");
	s = malloc(total);
	if (!s)
		return NULL;
	*len = 0;
	for (i = 0; i < n; i++) {
		const struct tp_policy *p = ps[i];

		if (i) {
			const char *sep = *len && s[*len - 1] == '\n' ? "---\n" : "\n---\n";

			memcpy(s + *len, sep, strlen(sep));
			*len += strlen(sep);
		}
		if (p->source_len)
			memcpy(s + *len, p->source, p->source_len);
		*len += p->source_len;
	}
	s[*len] = '\0';
	return s;
}

struct tp_policy *tp_set__merge(struct tp_policy **ps, size_t n)
{
	struct tp_policy *set;
	size_t i, j, nhooks = 0;

	if (n == 1)
		return ps[0];
	for (i = 0; i < n; i++)
		nhooks += ps[i]->nhooks;
	set = calloc(1, sizeof(*set));
	if (!set)
		return NULL;
	set->members = tp_vec__calloc(n, sizeof(*set->members));
	set->hooks = tp_vec__calloc(nhooks, sizeof(*set->hooks));
	set->source = join_sources(ps, n, &set->source_len);
	if (!set->members || !set->hooks || !set->source) {
		free(set->members);
		free(set->hooks);
		free(set->source);
		free(set);
		return NULL;
	}
	/* nothing fails from here: the policies are the set's */
	for (i = 0; i < n; i++) {
		struct tp_policy *p = ps[i];

		for (j = 0; j < p->nhooks; j++) {
			set->hooks[set->nhooks] = p->hooks[j];
			set->hooks[set->nhooks++].policy = (int)i;
		}
		free(p->hooks);
		p->hooks = NULL;
		p->nhooks = 0;
		set->members[i] = p;
	}
	set->nmembers = n;
	return set;
}

const char *tp_set__hook_policy(const struct tp_policy *p, const struct tp_hook *h)
{
	if (p->nmembers && h->policy >= 0 && (size_t)h->policy < p->nmembers)
		p = p->members[h->policy];
	return p->name ? p->name : "";
}
