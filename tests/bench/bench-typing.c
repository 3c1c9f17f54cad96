/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Keystroke-to-DOM latency in the real window: a ~10 KB and a ~1.3 MB
 * post are opened in a HanjiWindow, characters are typed at the end of a
 * paragraph half way down, and each keystroke is timed from the buffer
 * insert until the preview has applied a fragment that contains it
 * (HanjiPreview::content-updated is emitted once hanji.setContent()
 * returned in the page, so the DOM is updated by then; a script then
 * reads the DOM back to check that the typed text is really there).
 * Main-loop stalls are timed with a poll function wrapper: the time from
 * one poll() returning to the next one starting is what the loop spent
 * dispatching, unable to react to input. Prints figures; never fails on
 * time. */

#include "config.h"

#include <adwaita.h>
#include <math.h>
#include <string.h>

#include "bench-post.h"
#include "hanji-application.h"
#include "hanji-window-private.h"

/* Must match hanji-window.c: the window renders this long after the last
 * change. */
#define KEY_INTERVAL_MSEC 120
#define WARMUP_KEYS       5
#define DEFAULT_KEYS      60
#define TIMEOUT_SEC       60

#define TARGET_STALL_MSEC 8.0

/* No digits or spaces: nothing that could blend into the text that
 * follows the paragraph in the DOM. */
static const char *const key_chars[] = {
  "빠", "른", "미", "리", "보", "기", "f", "a", "s", "t",
  "한", "글", "타", "이", "핑", "t", "y", "p", "e", "d",
};

typedef struct
{
  HanjiWindow   *window;
  HanjiDocument *document;
  GtkTextMark   *mark;

  guint          n_keys;
  guint          n_typed;
  guint          n_resolved;
  guint          content_serial;
  guint          type_source;

  gint64        *key_time;     /* just before the insert */
  gint64        *done_time;    /* content-updated that showed it */
  double        *insert_msec;  /* the insert and its signal handlers */
  double        *stall_msec;   /* longest dispatch until the next key */
} Typing;

typedef struct
{
  Typing *typing;
  guint   serial;
  gint64  time;
} Check;

static gboolean
timed_out_cb (gpointer data)
{
  gboolean *flag = data;

  *flag = TRUE;
  return G_SOURCE_REMOVE;
}

static void
spin_for (guint msec)
{
  gboolean done = FALSE;

  g_timeout_add (msec, timed_out_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

typedef gboolean (*Condition) (gpointer data);

static gboolean
spin_until (Condition   cond,
            gpointer    data,
            guint       timeout_sec)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (timeout_sec, timed_out_cb, &timed_out);

  while (!cond (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!timed_out)
    g_source_remove (id);

  return !timed_out;
}

static gboolean
window_ready (gpointer data)
{
  HanjiWindow *window = data;
  HanjiDocument *document = _hanji_window_get_document (window);

  return document != NULL &&
         hanji_document_get_loaded (document) &&
         hanji_preview_get_ready (_hanji_window_get_preview (window));
}

static gboolean
all_resolved (gpointer data)
{
  Typing *typing = data;

  return typing->n_resolved == typing->n_keys;
}

static gboolean
widget_unrealized (gpointer data)
{
  return !gtk_widget_get_realized (GTK_WIDGET (data));
}

/* How many keystrokes the text after the anchor shows. */
static guint
count_typed (const char *shown,
             guint       n_typed)
{
  const char *p = shown;
  guint n = 0;

  while (n < n_typed)
    {
      const char *key = key_chars[n % G_N_ELEMENTS (key_chars)];
      size_t len = strlen (key);

      if (strncmp (p, key, len) != 0)
        break;
      p += len;
      n++;
    }

  return n;
}

static void
check_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Check *check = user_data;
  Typing *typing = check->typing;
  g_autoptr(GError) error = NULL;
  g_autoptr(JSCValue) value = NULL;
  g_autofree char *shown = NULL;
  guint n;

  value = webkit_web_view_evaluate_javascript_finish (WEBKIT_WEB_VIEW (object), result, &error);

  /* A newer fragment may already be in the DOM: its own check decides,
   * so that no keystroke is credited to an earlier update. */
  if (value == NULL || check->serial != typing->content_serial)
    {
      if (error != NULL)
        g_printerr ("DOM check failed: %s\n", error->message);
      g_free (check);
      return;
    }

  shown = jsc_value_to_string (value);
  n = count_typed (shown, typing->n_typed);

  for (; typing->n_resolved < n; typing->n_resolved++)
    typing->done_time[typing->n_resolved] = check->time;

  g_free (check);
}

static void
content_updated_cb (HanjiPreview *preview,
                    Typing       *typing)
{
  /* Cheap enough not to delay the next update on a 1.3 MB page: the
   * paragraph keeps its index among the content's children while its
   * text changes, so the whole page is scanned only once. */
  static const char script[] =
    "(() => {"
    "  const anchor = '" BENCH_POST_ANCHOR "';"
    "  const blocks = document.getElementById ('hanji-content').children;"
    "  let at = window.hanjiBenchIndex;"
    "  if (at === undefined || !blocks[at] || !blocks[at].textContent.includes (anchor)) {"
    "    at = Array.prototype.findIndex.call (blocks, b => b.textContent.includes (anchor));"
    "    window.hanjiBenchIndex = at;"
    "  }"
    "  if (at < 0) return '';"
    "  const text = blocks[at].textContent;"
    "  return text.substr (text.indexOf (anchor) + anchor.length, 400);"
    "}) ()";
  Check *check;

  if (typing->n_typed == 0)
    return;

  check = g_new0 (Check, 1);
  check->typing = typing;
  check->serial = ++typing->content_serial;
  check->time = g_get_monotonic_time ();

  webkit_web_view_evaluate_javascript (hanji_preview_get_web_view (preview),
                                       script, -1, NULL, NULL, NULL,
                                       check_cb, check);
}

static gboolean
type_cb (gpointer user_data)
{
  Typing *typing = user_data;
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (typing->document);
  guint k = typing->n_typed;
  GtkTextIter iter;
  gint64 end;

  /* The dispatch now running belongs to this keystroke. */
  if (k > 0)
    typing->stall_msec[k - 1] = bench_stall_meter_take () / 1e3;
  else
    bench_stall_meter_take ();

  gtk_text_buffer_get_iter_at_mark (buffer, &iter, typing->mark);

  typing->key_time[k] = g_get_monotonic_time ();
  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_insert (buffer, &iter, key_chars[k % G_N_ELEMENTS (key_chars)], -1);
  gtk_text_buffer_end_user_action (buffer);
  end = g_get_monotonic_time ();

  typing->insert_msec[k] = (end - typing->key_time[k]) / 1e3;
  typing->n_typed++;

  if (typing->n_typed == typing->n_keys)
    {
      typing->type_source = 0;
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

typedef struct
{
  double p50, p95, max;
  guint  n;
} Stats;

static Stats
stats (const double *values,
       guint         n)
{
  g_autofree double *sorted = g_memdup2 (values, n * sizeof *values);
  Stats s = { NAN, NAN, NAN, n };

  if (n == 0)
    return s;

  qsort (sorted, n, sizeof *sorted, (int (*) (const void *, const void *)) bench_compare_double);
  s.p50 = bench_percentile (sorted, n, 50);
  s.p95 = bench_percentile (sorted, n, 95);
  s.max = sorted[n - 1];
  return s;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

static void
content_done_cb (HanjiPreview *preview,
                 gboolean     *done)
{
  *done = TRUE;
}

/* Where a keystroke's time goes, step by step, as the window does it:
 * the snapshot of the text on the main thread, the render (a worker
 * thread in the window) reusing the previous rendering's unchanged
 * blocks, and the patch of the changed blocks in the web process, each
 * the median of a few runs. */
static void
breakdown (HanjiWindow *window,
           const char  *label,
           GString     *table)
{
  enum { RUNS = 5 };
  HanjiDocument *document = _hanji_window_get_document (window);
  HanjiPreview *preview = _hanji_window_get_preview (window);
  HanjiSite *site = _hanji_window_get_site (window);
  double snapshot[RUNS], render[RUNS], patch[RUNS];
  g_autoptr(HanjiRendering) previous = NULL;
  HanjiRenderOptions options;
  GtkTextIter end;

  hanji_render_options_init (&options, site != NULL ? hanji_site_get_flavor (site) : HANJI_FLAVOR_COMMONMARK);
  options.sourcepos = TRUE;

  {
    g_autoptr(GBytes) text = hanji_document_dup_snapshot (document);
    gsize len;
    const char *data = g_bytes_get_data (text, &len);

    previous = hanji_rendering_new (data, len, &options, NULL);
  }

  for (guint i = 0; i < RUNS; i++)
    {
      g_autoptr(GBytes) text = NULL;
      g_autoptr(HanjiRendering) rendering = NULL;
      const char *data;
      gsize len;
      gboolean done = FALSE;
      gulong handler;
      gint64 t0, t1, t2, t3;

      /* A keystroke, as the writer makes it. */
      gtk_text_buffer_get_iter_at_mark (GTK_TEXT_BUFFER (document), &end,
                                        gtk_text_buffer_get_insert (GTK_TEXT_BUFFER (document)));
      gtk_text_buffer_insert (GTK_TEXT_BUFFER (document), &end, "가", -1);

      t0 = g_get_monotonic_time ();
      text = hanji_document_dup_snapshot (document);
      t1 = g_get_monotonic_time ();
      data = g_bytes_get_data (text, &len);
      rendering = hanji_rendering_new (data, len, &options, previous);
      render[i] = (g_get_monotonic_time () - t1) / 1e3;
      g_clear_pointer (&previous, hanji_rendering_unref);
      previous = hanji_rendering_ref (rendering);

      handler = g_signal_connect (preview, "content-updated", G_CALLBACK (content_done_cb), &done);
      t2 = g_get_monotonic_time ();
      hanji_preview_set_rendering (preview, rendering);
      spin_until (flag_set, &done, TIMEOUT_SEC);
      t3 = g_get_monotonic_time ();
      g_signal_handler_disconnect (preview, handler);

      snapshot[i] = (t1 - t0) / 1e3;
      patch[i] = (t3 - t2) / 1e3;
    }

  g_string_append_printf (table, "%-7s %12.2f %12.2f %12.1f\n",
                          label,
                          stats (snapshot, RUNS).p50,
                          stats (render, RUNS).p50,
                          stats (patch, RUNS).p50);
}

static const char *
verdict (double value,
         double target)
{
  return !isnan (value) && value <= target ? "PASS" : "MISS";
}

static void
measure (HanjiApplication *app,
         const char       *site,
         const char       *label,
         gsize             size,
         double            target_p95,
         guint             n_measured,
         GString          *table,
         GString          *steps)
{
  g_autofree char *text = bench_post_generate (size);
  g_autofree char *name = g_strdup_printf ("2024-05-18-bench-%zu", size);
  g_autofree char *path = bench_site_add_post (site, name, text);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree double *latency = NULL;
  g_autofree double *stall = NULL;
  g_autofree double *insert = NULL;
  GtkTextBuffer *buffer;
  GtkTextIter start, match;
  Typing typing = { 0 };
  HanjiWindow *window;
  HanjiPreview *preview;
  gulong handler;
  guint n = 0;
  Stats lat, st, ins;

  window = g_object_ref (hanji_window_new (GTK_APPLICATION (app)));
  gtk_window_present (GTK_WINDOW (window));
  hanji_window_open_file (window, file);
  if (!spin_until (window_ready, window, TIMEOUT_SEC))
    g_error ("%s: the post did not open in the preview", label);
  /* Let the post list scan and first layout settle. */
  spin_for (1000);

  typing.window = window;
  typing.document = _hanji_window_get_document (window);
  typing.n_keys = WARMUP_KEYS + n_measured;
  typing.key_time = g_new0 (gint64, typing.n_keys);
  typing.done_time = g_new0 (gint64, typing.n_keys);
  typing.insert_msec = g_new0 (double, typing.n_keys);
  typing.stall_msec = g_new0 (double, typing.n_keys);

  buffer = GTK_TEXT_BUFFER (typing.document);
  gtk_text_buffer_get_start_iter (buffer, &start);
  if (!gtk_text_iter_forward_search (&start, BENCH_POST_ANCHOR, 0, NULL, &match, NULL))
    g_error ("%s: no typing anchor in the buffer", label);
  /* Right gravity: the mark stays after what is typed. */
  typing.mark = gtk_text_buffer_create_mark (buffer, NULL, &match, FALSE);
  gtk_text_buffer_place_cursor (buffer, &match);
  gtk_text_view_scroll_to_mark (GTK_TEXT_VIEW (_hanji_window_get_source_view (window)),
                                typing.mark, 0.0, TRUE, 0.0, 0.5);
  spin_for (500);

  preview = _hanji_window_get_preview (window);
  handler = g_signal_connect (preview, "content-updated", G_CALLBACK (content_updated_cb), &typing);

  typing.type_source = g_timeout_add (KEY_INTERVAL_MSEC, type_cb, &typing);
  bench_stall_meter_take ();
  spin_until (all_resolved, &typing, TIMEOUT_SEC);
  g_clear_handle_id (&typing.type_source, g_source_remove);
  /* The last keystroke's window: until its update, and a key interval. */
  spin_for (KEY_INTERVAL_MSEC);
  if (typing.n_typed > 0)
    typing.stall_msec[typing.n_typed - 1] = bench_stall_meter_take () / 1e3;

  g_signal_handler_disconnect (preview, handler);

  latency = g_new0 (double, n_measured);
  stall = g_new0 (double, n_measured);
  insert = g_new0 (double, n_measured);
  for (guint k = WARMUP_KEYS; k < typing.n_typed; k++)
    {
      guint i = k - WARMUP_KEYS;

      stall[i] = typing.stall_msec[k];
      insert[i] = typing.insert_msec[k];
      if (k < typing.n_resolved)
        {
          latency[n] = (typing.done_time[k] - typing.key_time[k]) / 1e3;
          n++;
        }
    }

  lat = stats (latency, n);
  st = stats (stall, MIN (n_measured, typing.n_typed > WARMUP_KEYS ? typing.n_typed - WARMUP_KEYS : 0));
  ins = stats (insert, st.n);

  g_string_append_printf (table,
                          "%-7s %9zu %4u/%-4u %7.1f %7.1f %7.1f  %7.1f %7.1f  %6.2f %6.2f   %s / %s\n",
                          label, strlen (text), n, n_measured,
                          lat.p50, lat.p95, lat.max,
                          st.max, st.p95,
                          ins.p50, ins.max,
                          verdict (lat.p95, target_p95),
                          verdict (st.max, TARGET_STALL_MSEC));

  g_print ("# %s: keystroke  latency-ms  stall-ms  insert-ms\n", label);
  for (guint k = WARMUP_KEYS; k < typing.n_typed; k++)
    g_print ("#   %3u %8.1f %8.2f %8.3f\n", k - WARMUP_KEYS,
             k < typing.n_resolved ? (typing.done_time[k] - typing.key_time[k]) / 1e3 : NAN,
             typing.stall_msec[k], typing.insert_msec[k]);

  breakdown (window, label, steps);

  /* Destroying skips the unsaved-changes question. */
  gtk_window_destroy (GTK_WINDOW (window));
  spin_until (widget_unrealized, window, TIMEOUT_SEC);
  spin_for (300);
  g_object_unref (window);

  g_free (typing.key_time);
  g_free (typing.done_time);
  g_free (typing.insert_msec);
  g_free (typing.stall_msec);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = g_dir_make_tmp ("hanji-bench-home-XXXXXX", NULL);
  g_autoptr(HanjiApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *site = NULL;
  g_autoptr(GString) table = g_string_new (NULL);
  g_autoptr(GString) steps = g_string_new (NULL);
  const char *env_keys = g_getenv ("HANJI_BENCH_KEYSTROKES");
  guint n_keys = env_keys != NULL ? (guint) g_ascii_strtoull (env_keys, NULL, 10) : DEFAULT_KEYS;

  if (n_keys == 0)
    n_keys = DEFAULT_KEYS;

  /* Drafts and settings go to a throwaway home. */
  g_assert_nonnull (home);
  for (guint i = 0; i < 4; i++)
    {
      static const char *vars[] = { "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME" };
      g_autofree char *dir = g_build_filename (home, vars[i], NULL);

      g_setenv (vars[i], dir, TRUE);
    }

  gtk_init ();
  adw_init ();

  bench_stall_meter_start ();

  app = g_object_new (HANJI_TYPE_APPLICATION,
                      "application-id", APP_ID ".Bench",
                      "flags", G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN,
                      NULL);
  g_application_set_resource_base_path (G_APPLICATION (app), "/io/github/hanjiapp/Hanji");
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  site = bench_site_create ();

  g_print ("# Typing: %u keystrokes (+%u warm-up) %d ms apart at the end of a paragraph mid-post\n",
           n_keys, WARMUP_KEYS, KEY_INTERVAL_MSEC);
  measure (app, site, "10 KB", 10 * 1024, 16.0, n_keys, table, steps);
  measure (app, site, "1.3 MB", 1300 * 1024, 50.0, n_keys, table, steps);

  g_print ("\n# Keystroke to DOM updated (ms): from the buffer insert until the preview\n"
           "# has applied an update containing it (no debounce at any size).\n"
           "# stall = longest main-loop dispatch per keystroke; insert = gtk_text_buffer_insert\n"
           "# with its handlers. Targets: p95 <= 16 ms (10 KB), <= 50 ms (1.3 MB), stall <= %.0f ms.\n",
           TARGET_STALL_MSEC);
  g_print ("%-7s %9s %9s %7s %7s %7s  %7s %7s  %6s %6s   %s\n",
           "size", "bytes", "updates", "p50", "p95", "max",
           "stl max", "stl p95", "ins50", "insmx",
           "p95 / stall");
  g_print ("%s", table->str);
  g_print ("\n# Steps of one update (ms, median of 5): buffer snapshot on the main thread,\n"
           "# incremental render (a worker thread in the window), hanji_preview_set_rendering ()\n"
           "# to content-updated.\n");
  g_print ("%-7s %12s %12s %12s\n", "size", "snapshot", "render", "DOM patch");
  g_print ("%s", steps->str);

  bench_site_remove (site);
  bench_site_remove (home);

  return 0;
}
