/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Paragraph end where the typing benchmark types; unique in every post. */
#define BENCH_POST_ANCHOR "typing-anchor-here"

/* A realistic Korean and English blog post of about target_size bytes:
 * YAML front matter, then headings, paragraphs, lists, tables, code
 * blocks, quotes, links and images. Deterministic for a given size. The
 * paragraph ending in BENCH_POST_ANCHOR sits in the middle of the body. */
char *bench_post_generate (gsize target_size);

/* Writes a Jekyll site (_config.yml, _posts/) under a new temporary
 * folder; returns its path. */
char *bench_site_create   (void);

/* Writes text as _posts/<name>.md of the site; returns the file's path. */
char *bench_site_add_post (const char *site,
                           const char *name,
                           const char *text);

void  bench_site_remove   (const char *site);

/* Writes a Hugo site of n_posts posts of about 4 KB each (Korean and
 * English, front matter with tags and categories, one in 20 a draft)
 * into the existing folder dir, spread over content/posts/<year>/.
 * Deterministic. */
void  bench_hugo_site_write (const char *dir,
                             guint       n_posts);

/* Percentile of n sorted values, nearest rank. */
double bench_percentile   (const double *sorted,
                           guint         n,
                           double        p);

int    bench_compare_double (gconstpointer a,
                             gconstpointer b);

/* Main-loop stalls, measured with a poll function wrapper: the time from
 * one poll() returning to the next one starting is what the loop spent
 * dispatching, unable to react to input or paint. With
 * HANJI_BENCH_VERBOSE set, each dispatch over 40 ms is printed. */
void   bench_stall_meter_start (void);
void   bench_stall_meter_stop  (void);
/* The longest dispatch (microseconds) since the last call, or since
 * start; the count starts again. */
gint64 bench_stall_meter_take  (void);

G_END_DECLS
