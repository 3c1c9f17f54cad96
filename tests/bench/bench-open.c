/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Opening a very large post in the real window (50 MB by default,
 * HANJI_BENCH_OPEN_MB): the time until it is in the editor, until the
 * preview shows it, and the longest main-loop stall meanwhile (the
 * window must not freeze). Prints figures; never fails on time. */

#include "config.h"

#include <adwaita.h>

#include "bench-post.h"
#include "hanji-application.h"
#include "hanji-test-util.h"
#include "hanji-window-private.h"

static gboolean
document_loaded (HanjiWindow *window)
{
  HanjiDocument *document = _hanji_window_get_document (window);

  return document != NULL && hanji_document_get_loaded (document);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = g_dir_make_tmp ("hanji-bench-home-XXXXXX", NULL);
  g_autofree char *site = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(HanjiApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  const char *env = g_getenv ("HANJI_BENCH_OPEN_MB");
  guint mb = env ? (guint) g_ascii_strtoull (env, NULL, 10) : 50;
  HanjiWindow *window;
  gint64 start, loaded, stall_load;

  for (guint i = 0; i < 4; i++)
    {
      static const char *vars[] = { "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME" };
      g_autofree char *dir = g_build_filename (home, vars[i], NULL);

      g_setenv (vars[i], dir, TRUE);
    }

  {
    g_autofree char *chunk = bench_post_generate (1024 * 1024);
    const char *body = strstr (chunk + 4, "\n---\n") + 5;

    g_string_append (text, chunk);
    while (text->len < (gsize) mb * 1024 * 1024)
      g_string_append (text, body);
  }
  site = bench_site_create ();
  path = bench_site_add_post (site, "2024-01-01-huge", text->str);
  file = g_file_new_for_path (path);

  gtk_init ();
  adw_init ();
  app = g_object_new (HANJI_TYPE_APPLICATION, "application-id", APP_ID ".BenchOpen",
                      "flags", G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN, NULL);
  g_application_set_resource_base_path (G_APPLICATION (app), "/io/github/hanjiapp/Hanji");
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  window = hanji_window_new (GTK_APPLICATION (app));
  gtk_window_present (GTK_WINDOW (window));
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);

  bench_stall_meter_start ();

  start = g_get_monotonic_time ();
  hanji_window_open_file (window, file);
  while (!document_loaded (window))
    g_main_context_iteration (NULL, TRUE);
  loaded = g_get_monotonic_time ();
  /* A few seconds more: highlighting, rendering, the preview. */
  while (g_get_monotonic_time () - loaded < 5 * G_USEC_PER_SEC)
    g_main_context_iteration (NULL, FALSE);
  stall_load = bench_stall_meter_take ();

  g_print ("open: %u MB post in the editor after %.0f ms; longest main-loop stall over that and "
           "the next 5 s: %.0f ms\n", mb, (loaded - start) / 1e3, stall_load / 1e3);

  bench_stall_meter_stop ();
  gtk_window_destroy (GTK_WINDOW (window));
  bench_site_remove (site);
  bench_site_remove (home);
  return 0;
}
