/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Searching a whole site (Find in Site): a Hugo site of 10,000 posts of
 * about 4 KB each, loaded into the site model, then
 * hanji_site_search_async () for a word that is nowhere (every byte read,
 * the worst case), a Korean word in many posts (stops at the match
 * limit) and an English word in another case. Reports the median time to
 * the result of each. Then, on the same texts in memory, the cost of the
 * pattern match alone with the interpreter Hanji uses and with PCRE2's
 * JIT (G_REGEX_OPTIMIZE), which Hanji leaves off because memcheck flags
 * every JIT match. Prints figures and never fails on time.
 *
 * HANJI_BENCH_POSTS overrides the number of posts. */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "bench-post.h"
#include "hanji-site-search.h"
#include "hanji-site.h"
#include "hanji-test-util.h"

#define DEFAULT_POSTS 10000
#define RUNS 5

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!hanji_site_load_finish (HANJI_SITE (object), result, &error))
    g_error ("load failed: %s", error->message);
  *(gboolean *) user_data = TRUE;
}

typedef struct
{
  GListModel *matches;
  gboolean    truncated;
} Search;

static void
search_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Search *search = user_data;
  g_autoptr(GError) error = NULL;

  search->matches = hanji_site_search_finish (HANJI_SITE (object), result, &search->truncated, &error);
  if (search->matches == NULL)
    g_error ("search failed: %s", error->message);
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof *values, bench_compare_double);
  return values[n / 2];
}

static void
time_search (HanjiSite  *site,
             const char *query,
             const char *what)
{
  double ms[RUNS];
  double middle;
  guint n_matches = 0;
  gboolean truncated = FALSE;

  for (guint i = 0; i < RUNS; i++)
    {
      Search search = { NULL, FALSE };
      gint64 start = g_get_monotonic_time ();

      hanji_site_search_async (site, query, NULL, search_cb, &search);
      while (search.matches == NULL)
        g_main_context_iteration (NULL, TRUE);
      ms[i] = (g_get_monotonic_time () - start) / 1000.0;
      n_matches = g_list_model_get_n_items (search.matches);
      truncated = search.truncated;
      g_object_unref (search.matches);
    }

  middle = median (ms, RUNS);
  /* printf, not g_print: the queries stay UTF-8 whatever the locale. */
  printf ("search “%s” (%s): %u matches%s, median %.0f ms (min %.0f)\n",
           query, what, n_matches, truncated ? " (limit)" : "", middle, ms[0]);
}

/* Milliseconds to run regex over every text once. */
static double
time_regex (GRegex    *regex,
            GPtrArray *texts)
{
  double ms[RUNS];

  for (guint i = 0; i < RUNS; i++)
    {
      gint64 start = g_get_monotonic_time ();
      guint hits = 0;

      for (guint j = 0; j < texts->len; j++)
        hits += g_regex_match (regex, texts->pdata[j], 0, NULL);
      ms[i] = (g_get_monotonic_time () - start) / 1000.0;
      if (hits != 0)
        g_error ("the absent word was found");
    }

  return median (ms, RUNS);
}

int
main (int    argc,
      char **argv)
{
  static const char absent[] = "존재하지않는낱말";
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("hanji-bench-search-XXXXXX", &error);
  const char *env = g_getenv ("HANJI_BENCH_POSTS");
  guint n_posts = env != NULL ? (guint) g_ascii_strtoull (env, NULL, 10) : DEFAULT_POSTS;
  g_autoptr(GFile) root = NULL;
  g_autoptr(HanjiSite) site = NULL;
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GRegex) interpreted = NULL;
  g_autoptr(GRegex) jit = NULL;
  g_autofree char *escaped = NULL;
  GListModel *posts;
  gsize total = 0;
  gboolean loaded = FALSE;

  g_assert_no_error (error);
  if (n_posts == 0)
    n_posts = DEFAULT_POSTS;

  bench_hugo_site_write (dir, n_posts);
  root = g_file_new_for_path (dir);
  site = hanji_site_new (root);
  hanji_site_load_async (site, NULL, load_cb, &loaded);
  while (!loaded)
    g_main_context_iteration (NULL, TRUE);
  posts = hanji_site_get_posts (site);
  g_print ("site: %u posts\n", g_list_model_get_n_items (posts));

  time_search (site, absent, "nowhere: every post read");
  time_search (site, "김치찌개", "Korean, in many posts");
  time_search (site, "LATENCY", "English, other case");

  /* The match alone, texts in memory, NFC as the worker has them. */
  for (guint i = 0; i < g_list_model_get_n_items (posts); i++)
    {
      g_autoptr(HanjiPost) post = g_list_model_get_item (posts, i);
      g_autofree char *contents = NULL;
      gsize len;

      if (g_file_load_contents (hanji_post_get_file (post), NULL, &contents, &len, NULL, NULL))
        {
          total += len;
          g_ptr_array_add (texts, g_utf8_normalize (contents, len, G_NORMALIZE_NFC));
        }
    }
  interpreted = hanji_search_regex_new (absent);
  escaped = g_regex_escape_string (absent, -1);
  jit = g_regex_new (escaped, G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0, NULL);
  g_print ("match only, %.1f MB: interpreter %.0f ms, JIT %.0f ms\n",
           total / 1e6, time_regex (interpreted, texts), time_regex (jit, texts));

  g_clear_object (&site);
  bench_site_remove (dir);
  return 0;
}
