/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Loading a large site: generates a Hugo site of 10,000 posts (about
 * 4 KB each, Korean and English, front matter with tags and categories)
 * in a temporary folder, then reports the time until the site model
 * holds every summary, the time to the first visible posts, the longest
 * main-loop stall meanwhile, the peak memory, and the ratio to
 * `hugo list all` on the same site when hugo is installed (target: at
 * least 10 times faster). Prints figures and never fails on time.
 *
 * HANJI_BENCH_POSTS overrides the number of posts. */

#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench-post.h"
#include "hanji-site.h"
#include "hanji-test-util.h"

#define DEFAULT_POSTS 10000
#define RUNS 5
#define HUGO_RUNS 3

typedef struct
{
  guint    expected;
  gint64   start;
  gint64   first_visible;
  gint64   all_visible;
  gint64   last_tick;
  gint64   longest_stall;
  guint    n_changes;
  gboolean done;
} Load;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    user_data)
{
  Load *load = user_data;
  gint64 now = g_get_monotonic_time ();

  load->n_changes++;
  if (load->first_visible == 0 && g_list_model_get_n_items (model) > 0)
    load->first_visible = now;
  if (load->all_visible == 0 && g_list_model_get_n_items (model) >= load->expected)
    load->all_visible = now;
}

static void
load_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Load *load = user_data;
  g_autoptr(GError) error = NULL;

  if (!hanji_site_load_finish (HANJI_SITE (object), result, &error))
    g_error ("load failed: %s", error->message);
  load->done = TRUE;
}

/* A 1 ms tick: the longest gap between two ticks is the longest time the
 * main loop was busy with something else. */
static gboolean
tick_cb (gpointer user_data)
{
  Load *load = user_data;
  gint64 now = g_get_monotonic_time ();

  if (load->last_tick != 0)
    load->longest_stall = MAX (load->longest_stall, now - load->last_tick);
  load->last_tick = now;

  return G_SOURCE_CONTINUE;
}

static void
load_once (const char *dir,
           guint       n_posts,
           Load       *load)
{
  g_autoptr(GFile) root = g_file_new_for_path (dir);
  g_autoptr(HanjiSite) site = NULL;
  GListModel *posts;
  guint tick;

  memset (load, 0, sizeof *load);
  load->expected = n_posts;
  load->start = g_get_monotonic_time ();

  site = hanji_site_new (root);
  posts = hanji_site_get_posts (site);
  g_signal_connect (posts, "items-changed", G_CALLBACK (items_changed_cb), load);
  tick = g_timeout_add_full (G_PRIORITY_HIGH, 1, tick_cb, load, NULL);

  hanji_site_load_async (site, NULL, load_done_cb, load);
  while (!load->done)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (tick);
  g_signal_handlers_disconnect_by_data (posts, load);

  if (g_list_model_get_n_items (posts) != n_posts)
    g_error ("the model holds %u posts, not %u", g_list_model_get_n_items (posts), n_posts);
  if (g_list_model_get_n_items (hanji_site_get_tags (site)) == 0)
    g_error ("no tags");
}

static int
compare_int64 (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static double
median_ms (gint64 *values,
           guint   n)
{
  qsort (values, n, sizeof *values, compare_int64);
  return values[n / 2] / 1000.0;
}

/* Seconds for `hugo list all`, median of runs; negative on failure. */
static double
time_hugo (const char *hugo,
           const char *dir)
{
  gint64 times[HUGO_RUNS];
  const char *argv[] = { hugo, "list", "all", NULL };

  for (guint i = 0; i < HUGO_RUNS; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *out = NULL;
      gint64 start = g_get_monotonic_time ();
      int status = 0;

      if (!g_spawn_sync (dir, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL,
                         NULL, NULL, &out, NULL, &status, &error) ||
          !g_spawn_check_wait_status (status, NULL))
        {
          g_printerr ("hugo list all failed: %s\n", error ? error->message : "exit status");
          return -1;
        }
      times[i] = g_get_monotonic_time () - start;
    }

  return median_ms (times, HUGO_RUNS) / 1000.0;
}

static long
max_rss_kb (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("hanji-bench-site-XXXXXX", &error);
  g_autofree char *hugo = g_find_program_in_path ("hugo");
  const char *env = g_getenv ("HANJI_BENCH_POSTS");
  guint n_posts = env != NULL ? (guint) g_ascii_strtoull (env, NULL, 10) : DEFAULT_POSTS;
  gint64 all[RUNS], first[RUNS], stall[RUNS];
  guint changes[RUNS];
  long rss_before, rss_after;
  int status = 0;
  pid_t pid;
  double hanji_ms;
  gint64 start;

  g_assert_no_error (error);
  if (n_posts == 0)
    n_posts = DEFAULT_POSTS;

  /* Written by a child process, so that the generator's memory does not
   * count in the peak reported for the load. */
  start = g_get_monotonic_time ();
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      bench_hugo_site_write (dir, n_posts);
      _exit (0);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("writing the site failed: %s", error->message);
  g_print ("# site: %u posts in %s, written in %.1f s\n", n_posts, dir,
           (g_get_monotonic_time () - start) / 1e6);

  rss_before = max_rss_kb ();
  for (guint i = 0; i < RUNS; i++)
    {
      Load load;

      load_once (dir, n_posts, &load);
      all[i] = load.all_visible - load.start;
      first[i] = load.first_visible - load.start;
      stall[i] = load.longest_stall;
      changes[i] = load.n_changes;
      g_print ("# run %u: all %u posts in %.1f ms, first visible after %.1f ms, "
               "%u items-changed, longest main-loop stall %.1f ms\n",
               i + 1, n_posts, all[i] / 1000.0, first[i] / 1000.0, changes[i],
               stall[i] / 1000.0);
    }
  rss_after = max_rss_kb ();

  hanji_ms = median_ms (all, RUNS);
  g_print ("hanji: all %u summaries in the model: %.1f ms (median of %u)\n", n_posts, hanji_ms, RUNS);
  g_print ("hanji: first posts visible after: %.1f ms\n", median_ms (first, RUNS));
  g_print ("hanji: longest main-loop stall while loading: %.1f ms\n", median_ms (stall, RUNS));
  g_print ("hanji: peak memory (ru_maxrss): %.1f MB (%.1f MB before loading)\n",
           rss_after / 1024.0, rss_before / 1024.0);

  if (hugo == NULL)
    g_print ("hugo: not installed, no ratio\n");
  else
    {
      double hugo_s = time_hugo (hugo, dir);

      if (hugo_s > 0)
        g_print ("hugo list all: %.1f ms (median of %u); hanji is %.1f times faster (target: 10 or more)\n",
                 hugo_s * 1000, HUGO_RUNS, hugo_s * 1000 / hanji_ms);
    }

  hanji_test_remove_tree (dir);
  return 0;
}
