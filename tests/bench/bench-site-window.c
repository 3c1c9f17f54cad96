/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A 10,000-post Hugo site in the real window: opens it in a HanjiWindow
 * and reports, for each phase, how long it took and the longest time the
 * main loop was busy (unable to react to input or paint):
 *
 *   load    from hanji_window_open_folder () until the sidebar lists
 *           every post;
 *   scroll  the sidebar scrolled from top to bottom a page per frame;
 *   search  typing a query into the sidebar's search field, one
 *           character at a time, until the list shows the matches.
 *
 * Target: no stall over 50 ms while the site loads. Busy time is measured
 * with bench_stall_meter, as in bench-typing. Prints figures; never
 * fails on time. HANJI_BENCH_POSTS overrides the number of posts;
 * HANJI_BENCH_SITE names a folder to write the site to once and keep (for
 * profiling the load alone). */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench-post.h"
#include "hanji-application.h"
#include "hanji-test-util.h"
#include "hanji-window-private.h"

#define DEFAULT_POSTS 10000
#define TIMEOUT_SEC   120
#define TARGET_STALL_MSEC 50.0

typedef gboolean (*Condition) (gpointer data);

static gboolean
timed_out_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
spin_until (Condition   cond,
            gpointer    data,
            const char *what)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (TIMEOUT_SEC, timed_out_cb, &timed_out);

  while (!cond (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (timed_out)
    g_error ("timed out waiting for %s", what);
  g_source_remove (id);
}

static void
spin_for (guint msec)
{
  gboolean done = FALSE;

  g_timeout_add (msec, timed_out_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

typedef struct
{
  HanjiWindow *window;
  guint        expected;
  const char  *query;
} ListWait;

static guint
n_listed (HanjiWindow *window)
{
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (_hanji_window_get_post_list (window)));

  return model != NULL ? g_list_model_get_n_items (model) : 0;
}

static gboolean
list_holds (gpointer data)
{
  ListWait *wait = data;
  HanjiSite *site = _hanji_window_get_site (wait->window);

  return site != NULL && !hanji_site_get_loading (site) && n_listed (wait->window) == wait->expected;
}

static gboolean
list_settled (gpointer data)
{
  ListWait *wait = data;
  HanjiPostList *post_list = _hanji_window_get_post_list_widget (wait->window);

  const char *text = hanji_post_list_get_search_text (post_list);

  if (g_strcmp0 (text ? text : "", wait->query) == 0 &&
      !_hanji_post_list_get_busy (post_list))
    return TRUE;

  spin_for (1);
  return FALSE;
}

static GtkAdjustment *
list_adjustment (HanjiWindow *window)
{
  GtkWidget *view = GTK_WIDGET (_hanji_window_get_post_list (window));
  GtkWidget *scrolled = gtk_widget_get_ancestor (view, GTK_TYPE_SCROLLED_WINDOW);

  g_assert_nonnull (scrolled);
  return gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
}

static void
wait_frame (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gint64 counter = gdk_frame_clock_get_frame_counter (clock);

  gtk_widget_queue_draw (widget);
  while (gdk_frame_clock_get_frame_counter (clock) == counter)
    g_main_context_iteration (NULL, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = g_dir_make_tmp ("hanji-bench-home-XXXXXX", NULL);
  g_autofree char *dir = g_dir_make_tmp ("hanji-bench-site-XXXXXX", NULL);
  g_autoptr(HanjiApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) root = NULL;
  const char *env = g_getenv ("HANJI_BENCH_POSTS");
  guint n_posts = env != NULL ? (guint) g_ascii_strtoull (env, NULL, 10) : DEFAULT_POSTS;
  static const char *const queries[] = { "한지", "ㅎㅈ", "gtk1", "post-0999" };
  HanjiWindow *window;
  HanjiPostList *post_list;
  GtkAdjustment *adjustment;
  ListWait wait;
  gint64 start, load_us, load_stall;
  gint64 scroll_us, scroll_stall;
  guint n_pages = 0;
  int status = 0;
  gboolean keep_site = FALSE;
  pid_t pid;

  g_assert_nonnull (home);
  g_assert_nonnull (dir);
  if (n_posts == 0)
    n_posts = DEFAULT_POSTS;

  for (guint i = 0; i < 4; i++)
    {
      static const char *vars[] = { "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME" };
      g_autofree char *var_dir = g_build_filename (home, vars[i], NULL);

      g_setenv (vars[i], var_dir, TRUE);
    }

  /* HANJI_BENCH_SITE: a site written by an earlier run, kept. */
  if (g_getenv ("HANJI_BENCH_SITE") != NULL)
    {
      g_rmdir (dir);
      g_free (dir);
      dir = g_strdup (g_getenv ("HANJI_BENCH_SITE"));
      keep_site = g_file_test (dir, G_FILE_TEST_IS_DIR);
      if (!keep_site)
        g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
    }

  /* The site is written by a child, as in bench-site. */
  pid = keep_site ? 0 : fork ();
  if (keep_site)
    ;
  else if (pid == 0)
    {
      bench_hugo_site_write (dir, n_posts);
      _exit (0);
    }
  else
    {
      g_assert_cmpint (pid, >, 0);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      if (!g_spawn_check_wait_status (status, &error))
        g_error ("writing the site failed: %s", error->message);
    }

  gtk_init ();
  adw_init ();

  app = g_object_new (HANJI_TYPE_APPLICATION,
                      "application-id", APP_ID ".BenchSite",
                      "flags", G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN,
                      NULL);
  g_application_set_resource_base_path (G_APPLICATION (app), "/io/github/hanjiapp/Hanji");
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  window = hanji_window_new (GTK_APPLICATION (app));
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 820);
  gtk_window_present (GTK_WINDOW (window));
  spin_for (500);

  bench_stall_meter_start ();

  /* Load. */
  root = g_file_new_for_path (dir);
  wait.window = window;
  wait.expected = n_posts;
  wait.query = NULL;
  bench_stall_meter_take ();
  start = g_get_monotonic_time ();
  hanji_window_open_folder (window, root);
  spin_until (list_holds, &wait, "the sidebar to list every post");
  load_us = g_get_monotonic_time () - start;
  /* Until the rows are on screen. */
  wait_frame (GTK_WIDGET (window));
  wait_frame (GTK_WIDGET (window));
  load_stall = bench_stall_meter_take ();

  g_print ("# %u-post Hugo site in the real window (%s renderer)\n", n_posts,
           g_getenv ("GSK_RENDERER") ? g_getenv ("GSK_RENDERER") : "default");
  /* Part of it is the first frame of the site page, whatever the size
   * of the site: GTK lays out and paints the whole window and makes the
   * list's first rows (GTK 4.8 makes up to 200). HANJI_BENCH_POSTS=10
   * shows that part alone. */
  g_print ("load:   all %u posts listed after %7.1f ms, longest main-loop stall %5.1f ms (target <= %.0f)\n",
           n_posts, load_us / 1e3, load_stall / 1e3, TARGET_STALL_MSEC);

  /* Scroll the sidebar top to bottom, a page per frame. */
  spin_for (300);
  adjustment = list_adjustment (window);
  bench_stall_meter_take ();
  start = g_get_monotonic_time ();
  while (gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment) <
         gtk_adjustment_get_upper (adjustment) - 1)
    {
      gtk_adjustment_set_value (adjustment,
                                gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment));
      wait_frame (GTK_WIDGET (window));
      n_pages++;
    }
  scroll_us = g_get_monotonic_time () - start;
  scroll_stall = bench_stall_meter_take ();
  g_print ("scroll: %u pages in %7.1f ms (%.1f ms a page), longest main-loop stall %5.1f ms\n",
           n_pages, scroll_us / 1e3, n_pages ? scroll_us / 1e3 / n_pages : 0.0, scroll_stall / 1e3);
  gtk_adjustment_set_value (adjustment, 0);

  /* Search, typed a character at a time. */
  post_list = _hanji_window_get_post_list_widget (window);
  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      GtkEditable *entry = GTK_EDITABLE (_hanji_post_list_get_search_entry (post_list));
      const char *query = queries[q];
      gint64 search_us;

      gtk_editable_set_text (entry, "");
      wait.query = "";
      spin_until (list_settled, &wait, "the list to settle");

      bench_stall_meter_take ();
      start = g_get_monotonic_time ();
      for (const char *p = query; *p != '\0'; p = g_utf8_next_char (p))
        {
          int pos = gtk_editable_get_position (entry);

          gtk_editable_insert_text (entry, p, g_utf8_next_char (p) - p, &pos);
          gtk_editable_set_position (entry, pos);
          spin_for (80);
        }
      /* The search entry waits before it searches; then the filter
       * runs in steps. */
      wait.query = query;
      spin_until (list_settled, &wait, "the search results");
      search_us = g_get_monotonic_time () - start;

      g_print ("search: “%s” → %5u posts, %7.1f ms from the first key (incl. typing and the entry's delay), "
               "longest main-loop stall %5.1f ms\n",
               query, n_listed (window), search_us / 1e3, bench_stall_meter_take () / 1e3);
    }

  bench_stall_meter_stop ();
  gtk_window_destroy (GTK_WINDOW (window));
  spin_for (200);

  if (g_getenv ("HANJI_BENCH_SITE") == NULL)
    hanji_test_remove_tree (dir);
  hanji_test_remove_tree (home);
  return 0;
}
