/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Render throughput of the core, in process, as the window renders (with
 * source positions), for each flavor; and, when pandoc is installed, the
 * ratio to `pandoc -f gfm -t html` on the same file. Then the time the
 * preview waits per keystroke: hanji_rendering_new() after a one-character
 * edit in the middle of the post, taking the unchanged blocks over from
 * the previous rendering. Prints figures and never fails on time. */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "bench-post.h"
#include "hanji-markdown.h"

typedef struct
{
  const char *label;
  gsize       size;
  guint       runs;
  guint       pandoc_runs;
  guint       edit_runs;
} Input;

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof *values, (int (*) (const void *, const void *)) bench_compare_double);
  return bench_percentile (values, n, 50);
}

/* Seconds for one render, median of runs. */
static double
time_render (const char  *text,
             HanjiFlavor  flavor,
             guint        runs)
{
  g_autofree double *times = g_new (double, runs);
  HanjiRenderOptions options;

  hanji_render_options_init (&options, flavor);
  options.sourcepos = TRUE;

  /* One untimed run: page faults and cmark's first allocations. */
  g_free (hanji_markdown_render_post (text, -1, &options));

  for (guint i = 0; i < runs; i++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autofree char *html = hanji_markdown_render_post (text, -1, &options);

      times[i] = (g_get_monotonic_time () - start) / 1e6;
      g_assert_nonnull (html);
    }

  return median (times, runs);
}

/* Milliseconds of hanji_rendering_new() with the previous rendering, for
 * RUNS keystrokes that alternately type and delete one character at the
 * end of the paragraph in the middle of TEXT: p50 and p95, and how many
 * blocks the last one rendered of how many. */
static void
time_incremental (const char  *text,
                  HanjiFlavor  flavor,
                  guint        runs,
                  double      *p50,
                  double      *p95,
                  guint       *n_rendered,
                  guint       *n_blocks)
{
  g_autofree double *times = g_new (double, runs);
  g_autoptr(GString) typed = g_string_new (text);
  g_autoptr(HanjiRendering) previous = NULL;
  const char *anchor = strstr (text, BENCH_POST_ANCHOR);
  HanjiRenderOptions options;

  g_assert_nonnull (anchor);
  g_string_insert_c (typed, anchor - text + strlen (BENCH_POST_ANCHOR), 'x');

  hanji_render_options_init (&options, flavor);
  options.sourcepos = TRUE;
  previous = hanji_rendering_new (text, -1, &options, NULL);

  for (guint i = 0; i < runs; i++)
    {
      const char *next = i % 2 == 0 ? typed->str : text;
      gint64 start = g_get_monotonic_time ();
      HanjiRendering *rendering = hanji_rendering_new (next, -1, &options, previous);

      times[i] = (g_get_monotonic_time () - start) / 1e3;
      *n_rendered = hanji_rendering_get_n_rendered (rendering);
      *n_blocks = hanji_rendering_get_n_blocks (rendering);
      hanji_rendering_unref (previous);
      previous = rendering;
    }

  qsort (times, runs, sizeof *times, (int (*) (const void *, const void *)) bench_compare_double);
  *p50 = bench_percentile (times, runs, 50);
  *p95 = bench_percentile (times, runs, 95);
}

/* Seconds for one pandoc run (process start included), median of runs;
 * negative when pandoc failed. */
static double
time_pandoc (const char *pandoc,
             const char *path,
             guint       runs)
{
  g_autofree double *times = g_new (double, runs);
  const char *argv[] = { pandoc, "-f", "gfm", "-t", "html", "-o", "/dev/null", path, NULL };

  for (guint i = 0; i < runs; i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();
      int status = 0;

      if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL,
                         NULL, NULL, NULL, NULL, &status, &error) ||
          !g_spawn_check_wait_status (status, NULL))
        {
          g_printerr ("pandoc failed: %s\n", error ? error->message : "exit status");
          return -1;
        }
      times[i] = (g_get_monotonic_time () - start) / 1e6;
    }

  return median (times, runs);
}

int
main (int   argc,
      char *argv[])
{
  static const Input inputs[] = {
    { "10 KB",  10 * 1024,   201, 5, 401 },
    { "1.3 MB", 1300 * 1024, 9,   3, 41 },
  };
  static const HanjiFlavor flavors[] = {
    HANJI_FLAVOR_COMMONMARK, HANJI_FLAVOR_HUGO, HANJI_FLAVOR_JEKYLL,
  };
  g_autofree char *pandoc = g_find_program_in_path ("pandoc");
  g_autofree char *dir = g_dir_make_tmp ("hanji-bench-render-XXXXXX", NULL);

  g_assert_nonnull (dir);

  g_print ("# Render throughput: hanji_markdown_render_post, sourcepos on, median\n");
  g_print ("%-7s %9s %-11s %10s %10s %12s %8s\n",
           "input", "bytes", "flavor", "ms", "MB/s", "pandoc ms", "ratio");

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autofree char *text = bench_post_generate (inputs[i].size);
      g_autofree char *path = g_build_filename (dir, "post.md", NULL);
      gsize len = strlen (text);
      double pandoc_sec = -1;

      g_assert_true (g_file_set_contents (path, text, len, NULL));
      if (pandoc != NULL)
        pandoc_sec = time_pandoc (pandoc, path, inputs[i].pandoc_runs);

      for (guint f = 0; f < G_N_ELEMENTS (flavors); f++)
        {
          double sec = time_render (text, flavors[f], inputs[i].runs);

          g_print ("%-7s %9zu %-11s %10.3f %10.1f ",
                   inputs[i].label, len, hanji_flavor_to_string (flavors[f]),
                   sec * 1e3, len / sec / 1e6);
          if (pandoc_sec > 0)
            /* How many times faster than pandoc; pandoc's time includes
             * starting the process, which dominates on small inputs. */
            g_print ("%12.1f %7.1fx\n", pandoc_sec * 1e3, pandoc_sec / sec);
          else
            g_print ("%12s %8s\n", "-", "-");
        }

      g_unlink (path);
    }

  if (pandoc == NULL)
    g_print ("# pandoc not on PATH: no comparison\n");
  else
    g_print ("# ratio = pandoc time / Hanji time (pandoc: -f gfm -t html, same file, process start included)\n");

  g_print ("\n# Incremental: hanji_rendering_new with the previous rendering after a\n"
           "# one-character edit in the middle, sourcepos on\n");
  g_print ("%-7s %9s %-11s %10s %10s %10s\n",
           "input", "bytes", "flavor", "p50 ms", "p95 ms", "rendered");

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autofree char *text = bench_post_generate (inputs[i].size);

      for (guint f = 0; f < G_N_ELEMENTS (flavors); f++)
        {
          double p50;
          double p95;
          guint n_rendered = 0;
          guint n_blocks = 0;
          g_autofree char *rendered = NULL;

          time_incremental (text, flavors[f], inputs[i].edit_runs,
                            &p50, &p95, &n_rendered, &n_blocks);
          rendered = g_strdup_printf ("%u/%u", n_rendered, n_blocks);
          g_print ("%-7s %9zu %-11s %10.3f %10.3f %10s\n",
                   inputs[i].label, strlen (text), hanji_flavor_to_string (flavors[f]),
                   p50, p95, rendered);
        }
    }
  g_print ("# rendered = blocks rendered by the last call / blocks in the post\n");

  g_rmdir (dir);
  return 0;
}
