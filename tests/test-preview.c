/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "hanji-test-util.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "hanji-preview.h"

/* Percent-encoded the way cmark_render_html() writes the destination of
 * `![](</assets/img/한옥 마을 골목.png>)`. */
#define KOREAN_IMAGE_URL "/assets/img/%ED%95%9C%EC%98%A5%20%EB%A7%88%EC%9D%84%20%EA%B3%A8%EB%AA%A9.png"
#define IMAGE_WIDTH  7
#define IMAGE_HEIGHT 5
#define WATCHDOG_SECONDS 20

typedef struct
{
  GMainLoop     *loop;
  guint          watchdog;
  gboolean       timed_out;

  char          *tmpdir;
  GFile         *site;
  GFile         *post;

  GtkWidget     *window;
  HanjiPreview  *preview;
  WebKitWebView *web_view;

  guint          updates;
  GArray        *scrolled;
  GArray        *lines;
  GPtrArray     *activated;
  GPtrArray     *loads;
} Fixture;

typedef struct
{
  Fixture  *f;
  gboolean  done;
  JSCValue *value;
  GError   *error;
} JsCall;

static gboolean
watchdog_cb (gpointer user_data)
{
  Fixture *f = user_data;

  f->watchdog = 0;
  f->timed_out = TRUE;
  g_test_message ("Watchdog: gave up after %d s", WATCHDOG_SECONDS);
  g_test_fail ();
  g_main_loop_quit (f->loop);

  return G_SOURCE_REMOVE;
}

/* Every wait funnels through here so that the watchdog ends all of them. */
static void
wait_until (Fixture  *f,
            gboolean (*done) (Fixture *f, gpointer data),
            gpointer  data)
{
  while (!done (f, data) && !f->timed_out)
    g_main_loop_run (f->loop);

  g_assert_false (f->timed_out);
}

static gboolean
flag_done (Fixture  *f,
           gpointer  data)
{
  return *(gboolean *) data;
}

static gboolean
ready_done (Fixture  *f,
            gpointer  data)
{
  return hanji_preview_get_ready (f->preview);
}

static gboolean
updates_done (Fixture  *f,
              gpointer  data)
{
  return f->updates >= GPOINTER_TO_UINT (data);
}

static gboolean
activated_done (Fixture  *f,
                gpointer  data)
{
  return f->activated->len >= GPOINTER_TO_UINT (data);
}

static gboolean
scrolled_done (Fixture  *f,
               gpointer  data)
{
  return f->scrolled->len >= GPOINTER_TO_UINT (data);
}

static gboolean
lines_done (Fixture  *f,
            gpointer  data)
{
  return f->lines->len >= GPOINTER_TO_UINT (data);
}

static void
scrolled_to_line_cb (HanjiPreview *preview,
                     guint         line,
                     Fixture      *f)
{
  g_array_append_val (f->scrolled, line);
  g_main_loop_quit (f->loop);
}

static void
line_activated_cb (HanjiPreview *preview,
                   guint         line,
                   Fixture      *f)
{
  g_array_append_val (f->lines, line);
  g_main_loop_quit (f->loop);
}

static gboolean
loads_done (Fixture  *f,
            gpointer  data)
{
  return f->loads->len >= GPOINTER_TO_UINT (data);
}

static void
quit_cb (Fixture *f)
{
  g_main_loop_quit (f->loop);
}

static void
content_updated_cb (HanjiPreview *preview,
                    Fixture      *f)
{
  f->updates++;
  g_main_loop_quit (f->loop);
}

static gboolean
activate_link_cb (HanjiPreview *preview,
                  const char   *uri,
                  Fixture      *f)
{
  g_ptr_array_add (f->activated, g_strdup (uri));
  g_main_loop_quit (f->loop);

  /* Handled: no browser is started from the test suite. */
  return TRUE;
}

static void
js_done_cb (GObject      *source_object,
            GAsyncResult *result,
            gpointer      user_data)
{
  JsCall *call = user_data;

  call->value = webkit_web_view_evaluate_javascript_finish (WEBKIT_WEB_VIEW (source_object),
                                                            result,
                                                            &call->error);
  call->done = TRUE;
  g_main_loop_quit (call->f->loop);
}

/* Runs in the given script world; NULL is the page's main world, where
 * a page script would run. */
static JSCValue *
eval_js_in_world (Fixture    *f,
                  const char *script,
                  const char *world)
{
  JsCall call = { f, FALSE, NULL, NULL };

  webkit_web_view_evaluate_javascript (f->web_view, script, -1, world, NULL, NULL,
                                       js_done_cb, &call);
  wait_until (f, flag_done, &call.done);
  g_assert_no_error (call.error);
  g_assert_nonnull (call.value);

  return call.value;
}

static JSCValue *
eval_js (Fixture    *f,
         const char *script)
{
  return eval_js_in_world (f, script, NULL);
}

static void
run_js (Fixture    *f,
        const char *script)
{
  g_autoptr(JSCValue) value = eval_js (f, script);
}

static char *
eval_string (Fixture    *f,
             const char *script)
{
  g_autoptr(JSCValue) value = eval_js (f, script);

  return jsc_value_to_string (value);
}

static int
eval_int (Fixture    *f,
          const char *script)
{
  g_autoptr(JSCValue) value = eval_js (f, script);

  return jsc_value_to_int32 (value);
}

static gboolean
eval_bool (Fixture    *f,
           const char *script)
{
  g_autoptr(JSCValue) value = eval_js (f, script);

  return jsc_value_to_boolean (value);
}

static gboolean
timeout_flag_cb (gpointer user_data)
{
  JsCall *call = user_data;

  call->done = TRUE;
  g_main_loop_quit (call->f->loop);

  return G_SOURCE_REMOVE;
}

static void
sleep_ms (Fixture *f,
          guint    ms)
{
  JsCall call = { f, FALSE, NULL, NULL };

  g_timeout_add (ms, timeout_flag_cb, &call);
  wait_until (f, flag_done, &call.done);
}

/* Loads and decodes happen on WebKit's schedule; ask again until true. */
static void
poll_js (Fixture    *f,
         const char *script)
{
  while (!eval_bool (f, script))
    sleep_ms (f, 50);
}

static void
wait_ready (Fixture *f)
{
  wait_until (f, ready_done, NULL);
}

static void
set_html_and_wait (Fixture    *f,
                   const char *html)
{
  guint expected = f->updates + 1;

  hanji_preview_set_html (f->preview, html);
  wait_until (f, updates_done, GUINT_TO_POINTER (expected));
  wait_ready (f);
}

static void
write_png (const char *path)
{
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GError) error = NULL;

  pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, IMAGE_WIDTH, IMAGE_HEIGHT);
  gdk_pixbuf_fill (pixbuf, 0xc0392bff);
  gdk_pixbuf_save (pixbuf, path, "png", &error, NULL);
  g_assert_no_error (error);
}

static void
make_dirs (const char *path)
{
  g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *site = NULL;
  g_autofree char *post = NULL;
  g_autofree char *path = NULL;

  hanji_test_tolerate_web_process_crash ();

  f->loop = g_main_loop_new (NULL, FALSE);
  f->watchdog = g_timeout_add_seconds (WATCHDOG_SECONDS, watchdog_cb, f);
  f->activated = g_ptr_array_new_with_free_func (g_free);
  f->scrolled = g_array_new (FALSE, FALSE, sizeof (guint));
  f->lines = g_array_new (FALSE, FALSE, sizeof (guint));
  f->loads = g_ptr_array_new_with_free_func (g_free);

  /* tmp/outside.png is a real image next to the site, so a refusal to
   * serve it is the handler's doing, not a missing file. */
  f->tmpdir = g_dir_make_tmp ("hanji-preview-XXXXXX", &error);
  g_assert_no_error (error);
  site = g_build_filename (f->tmpdir, "site", NULL);

  path = g_build_filename (f->tmpdir, "outside.png", NULL);
  write_png (path);
  g_clear_pointer (&path, g_free);

  path = g_build_filename (site, "assets", "img", NULL);
  make_dirs (path);
  g_clear_pointer (&path, g_free);

  path = g_build_filename (site, "assets", "img", "한옥 마을 골목.png", NULL);
  write_png (path);
  g_clear_pointer (&path, g_free);

  path = g_build_filename (site, "assets", "link.png", NULL);
  g_assert_cmpint (symlink ("../../outside.png", path), ==, 0);
  g_clear_pointer (&path, g_free);

  path = g_build_filename (site, "_posts", NULL);
  make_dirs (path);
  g_clear_pointer (&path, g_free);

  path = g_build_filename (site, "_posts", "photo.png", NULL);
  write_png (path);
  g_clear_pointer (&path, g_free);

  post = g_build_filename (site, "_posts", "2024-05-18-hanok.md", NULL);
  g_file_set_contents (post, "# 한옥\n", -1, &error);
  g_assert_no_error (error);

  f->site = g_file_new_for_path (site);
  f->post = g_file_new_for_path (post);

  f->window = g_object_ref (gtk_window_new ());
  gtk_window_set_default_size (GTK_WINDOW (f->window), 800, 600);

  f->preview = g_object_ref_sink (HANJI_PREVIEW (hanji_preview_new ()));
  f->web_view = hanji_preview_get_web_view (f->preview);
  g_signal_connect (f->preview, "content-updated", G_CALLBACK (content_updated_cb), f);
  g_signal_connect (f->preview, "activate-link", G_CALLBACK (activate_link_cb), f);
  g_signal_connect (f->preview, "scrolled-to-line", G_CALLBACK (scrolled_to_line_cb), f);
  g_signal_connect (f->preview, "line-activated", G_CALLBACK (line_activated_cb), f);
  g_signal_connect_swapped (f->preview, "notify::ready", G_CALLBACK (quit_cb), f);

  gtk_window_set_child (GTK_WINDOW (f->window), GTK_WIDGET (f->preview));
  gtk_window_present (GTK_WINDOW (f->window));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  user_data)
{
  g_object_add_weak_pointer (G_OBJECT (f->web_view), (gpointer *) &f->web_view);
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_assert_finalize_object (f->window);
  g_assert_finalize_object (f->preview);
  /* Late replies from WebKit and file reads must find nothing to touch;
   * once they are in, nothing of ours keeps the view alive. */
  sleep_ms (f, 200);
  g_assert_null (f->web_view);

  g_clear_handle_id (&f->watchdog, g_source_remove);
  g_clear_pointer (&f->loop, g_main_loop_unref);
  g_clear_pointer (&f->activated, g_ptr_array_unref);
  g_clear_pointer (&f->scrolled, g_array_unref);
  g_clear_pointer (&f->lines, g_array_unref);
  g_clear_pointer (&f->loads, g_ptr_array_unref);

  hanji_test_remove_tree (f->tmpdir);
  g_clear_object (&f->site);
  g_clear_object (&f->post);
  g_clear_pointer (&f->tmpdir, g_free);
}

static const char content_html[] =
  "<h1 id=\"title\">한옥 마을 이야기</h1>\n"
  "<p>골목을 따라 걷다 보면 기와지붕이 이어진다.</p>\n"
  "<p><img id=\"absolute\" src=\"" KOREAN_IMAGE_URL "\" alt=\"골목\" /></p>\n"
  "<p><img id=\"relative\" src=\"photo.png\" alt=\"\" /></p>\n"
  /* Resolved by the URL parser to the site root, where it does not exist. */
  "<p><img id=\"dotdot\" src=\"../../../outside.png\" alt=\"\" /></p>\n"
  /* %2F is not a path separator to the URL parser, but decodes to one. */
  "<p><img id=\"encoded\" src=\"/..%2Foutside.png\" alt=\"\" /></p>\n"
  "<p><img id=\"symlink\" src=\"/assets/link.png\" alt=\"\" /></p>\n"
  "<script>document.title = 'pwned';</script>\n"
  "<img id=\"onerror\" src=\"x\" onerror=\"document.title = 'pwned'\">\n"
  "<p><a id=\"javascript\" href=\"javascript:document.title = 'pwned'\">js</a></p>\n";

static void
test_preview_content (Fixture       *f,
                      gconstpointer  user_data)
{
  g_autofree char *heading = NULL;
  g_autofree char *title = NULL;
  g_autofree char *uri = NULL;

  g_assert_false (webkit_settings_get_enable_javascript_markup (webkit_web_view_get_settings (f->web_view)));

  hanji_preview_set_location (f->preview, f->site, f->post);
  set_html_and_wait (f, content_html);

  heading = eval_string (f, "document.getElementById ('title').textContent");
  g_assert_cmpstr (heading, ==, "한옥 마을 이야기");

  poll_js (f, "Array.from (document.images).every (i => i.complete)");
  g_assert_cmpint (eval_int (f, "document.getElementById ('absolute').naturalWidth"), ==, IMAGE_WIDTH);
  g_assert_cmpint (eval_int (f, "document.getElementById ('relative').naturalWidth"), ==, IMAGE_WIDTH);
  g_assert_cmpint (eval_int (f, "document.getElementById ('dotdot').naturalWidth"), ==, 0);
  g_assert_cmpint (eval_int (f, "document.getElementById ('encoded').naturalWidth"), ==, 0);
  g_assert_cmpint (eval_int (f, "document.getElementById ('symlink').naturalWidth"), ==, 0);
  g_assert_cmpint (eval_int (f, "document.getElementById ('onerror').naturalWidth"), ==, 0);

  /* The broken image has fired its error event by now. */
  run_js (f, "document.getElementById ('javascript').click ()");
  title = eval_string (f, "document.title");
  g_assert_cmpstr (title, ==, "Preview");
  g_assert_cmpstr (webkit_web_view_get_title (f->web_view), ==, "Preview");

  /* Not only Hanji's sanitizer: markup parsed straight into the page by a
   * page-world script loses its handlers too. */
  run_js (f, "document.body.insertAdjacentHTML ('beforeend', "
             "'<img id=\"raw\" src=\"missing.png\" onerror=\"document.title = 1\">"
             "<script>document.title = 2</script>'); 0");
  poll_js (f, "document.getElementById ('raw').complete");
  sleep_ms (f, 100);
  g_clear_pointer (&title, g_free);
  title = eval_string (f, "document.title");
  g_assert_cmpstr (title, ==, "Preview");

  /* A lone file: its folder is the root, so `/assets/…` is not found. */
  uri = g_strdup (webkit_web_view_get_uri (f->web_view));
  hanji_preview_set_location (f->preview, NULL, f->post);
  g_assert_false (hanji_preview_get_ready (f->preview));
  wait_ready (f);
  g_assert_cmpstr (webkit_web_view_get_uri (f->web_view), !=, uri);
  poll_js (f, "Array.from (document.images).every (i => i.complete)");
  g_assert_cmpint (eval_int (f, "document.getElementById ('relative').naturalWidth"), ==, IMAGE_WIDTH);
  g_assert_cmpint (eval_int (f, "document.getElementById ('absolute').naturalWidth"), ==, 0);
}

static gboolean
not_ready_done (Fixture  *f,
                gpointer  data)
{
  return !hanji_preview_get_ready (f->preview);
}

/* The parent of process pid, from /proc; 0 when unknown. */
static pid_t
parent_of (pid_t pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int) pid);
  g_autofree char *stat = NULL;
  const char *close;
  int ppid = 0;

  /* pid (comm) state ppid …; comm may hold spaces and parentheses. */
  if (!g_file_get_contents (path, &stat, NULL, NULL) ||
      (close = strrchr (stat, ')')) == NULL ||
      sscanf (close + 1, " %*c %d", &ppid) != 1)
    return 0;

  return ppid;
}

/* SIGKILLs every WebKit web process below this one, as a crash would
 * end it; returns how many. */
static guint
kill_web_processes (void)
{
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  const char *name;
  guint killed = 0;

  g_assert_nonnull (proc);
  while ((name = g_dir_read_name (proc)) != NULL)
    {
      pid_t pid = (pid_t) g_ascii_strtoll (name, NULL, 10);
      g_autofree char *comm_path = g_strdup_printf ("/proc/%s/comm", name);
      g_autofree char *comm = NULL;
      pid_t up;

      if (pid <= 0 || !g_file_get_contents (comm_path, &comm, NULL, NULL) ||
          !g_str_has_prefix (comm, "WebKitWebProces"))
        continue;

      for (up = parent_of (pid); up > 1 && up != getpid (); up = parent_of (up))
        ;
      if (up == getpid () && kill (pid, SIGKILL) == 0)
        killed++;
    }

  return killed;
}

/* WebKit's web process can crash; the preview reloads its page and shows
 * the post again, with nothing lost. */
static void
test_preview_crash (Fixture       *f,
                    gconstpointer  user_data)
{
  g_autofree char *text = NULL;

  hanji_preview_set_location (f->preview, f->site, f->post);
  set_html_and_wait (f, "<p id=\"n\">살아남은 문단</p>");

  g_assert_cmpuint (kill_web_processes (), >, 0);
  wait_until (f, not_ready_done, NULL);
  wait_ready (f);
  text = eval_string (f, "document.getElementById ('n').textContent");
  g_assert_cmpstr (text, ==, "살아남은 문단");

  /* And it keeps following edits. */
  set_html_and_wait (f, "<p id=\"n\">고친 문단</p>");
  g_clear_pointer (&text, g_free);
  text = eval_string (f, "document.getElementById ('n').textContent");
  g_assert_cmpstr (text, ==, "고친 문단");
}

static void
test_preview_no_reload (Fixture       *f,
                        gconstpointer  user_data)
{
  g_autoptr(GString) first = g_string_new (NULL);
  g_autoptr(GString) second = g_string_new (NULL);
  g_autofree char *text = NULL;
  g_autofree char *marker = NULL;

  for (guint i = 0; i < 300; i++)
    {
      g_string_append_printf (first, "<p id=\"p%u\" data-sourcepos=\"%u:1-%u:20\">문단 %u</p>\n",
                              i, i + 1, i + 1, i);
      /* The first block changes and shifts every line below it by one. */
      if (i == 0)
        g_string_append (second, "<p id=\"p0\" data-sourcepos=\"1:1-2:20\">고친 문단<br />둘째 줄</p>\n");
      else
        g_string_append_printf (second, "<p id=\"p%u\" data-sourcepos=\"%u:1-%u:20\">문단 %u</p>\n",
                                i, i + 2, i + 2, i);
    }

  hanji_preview_set_location (f->preview, f->site, f->post);
  set_html_and_wait (f, first->str);

  g_assert_cmpint (eval_int (f, "window.hanjiMarker = 'kept';"
                                "document.getElementById ('p150').hanjiMarker = 'same node';"
                                "window.scrollTo (0, 1500);"
                                "window.scrollY"), ==, 1500);

  set_html_and_wait (f, second->str);

  text = eval_string (f, "document.getElementById ('p0').textContent");
  g_assert_cmpstr (text, ==, "고친 문단둘째 줄");
  marker = eval_string (f, "window.hanjiMarker");
  g_assert_cmpstr (marker, ==, "kept");
  g_clear_pointer (&marker, g_free);
  marker = eval_string (f, "document.getElementById ('p150').hanjiMarker");
  g_assert_cmpstr (marker, ==, "same node");
  g_clear_pointer (&marker, g_free);
  marker = eval_string (f, "document.getElementById ('p150').dataset.sourcepos");
  g_assert_cmpstr (marker, ==, "152:1-152:20");
  g_assert_cmpint (eval_int (f, "window.scrollY"), ==, 1500);
}

static void
test_preview_coalesce (Fixture       *f,
                       gconstpointer  user_data)
{
  g_autofree char *text = NULL;

  /* Before the shell has loaded: only the newest is applied. */
  for (guint i = 0; i < 50; i++)
    {
      g_autofree char *html = g_strdup_printf ("<p id=\"n\">%u</p>", i);

      hanji_preview_set_html (f->preview, html);
    }

  g_assert_false (hanji_preview_get_ready (f->preview));
  wait_ready (f);
  g_assert_cmpuint (f->updates, ==, 1);
  text = eval_string (f, "document.getElementById ('n').textContent");
  g_assert_cmpstr (text, ==, "49");
  g_clear_pointer (&text, g_free);

  /* Loaded: the first goes out at once, the rest wait as one. */
  hanji_preview_set_html (f->preview, "<p id=\"n\">a</p>");
  hanji_preview_set_html (f->preview, "<p id=\"n\">b</p>");
  hanji_preview_set_html (f->preview, "<p id=\"n\">c</p>");
  wait_ready (f);
  g_assert_cmpuint (f->updates, ==, 3);
  text = eval_string (f, "document.getElementById ('n').textContent");
  g_assert_cmpstr (text, ==, "c");
}

static void
test_preview_unicode (Fixture       *f,
                      gconstpointer  user_data)
{
  /* Line and paragraph separators end a JavaScript string literal in
   * older engines; quotes, backslashes and template syntax break naive
   * quoting. The invalid byte must become U+FFFD, not drop the update. */
  const char *html = "<p id=\"u\">a\xe2\x80\xa8" "b\xe2\x80\xa9" "c \"'\\`${x}\\n 🎉 \xff</p>";
  const char *expected = "a\xe2\x80\xa8" "b\xe2\x80\xa9" "c \"'\\`${x}\\n 🎉 \xef\xbf\xbd";
  g_autofree char *text = NULL;

  set_html_and_wait (f, html);
  text = eval_string (f, "document.getElementById ('u').textContent");
  g_assert_cmpstr (text, ==, expected);
}

static void
test_preview_links (Fixture       *f,
                    gconstpointer  user_data)
{
  g_autofree char *uri = NULL;
  g_autofree char *marker = NULL;

  hanji_preview_set_location (f->preview, f->site, f->post);
  set_html_and_wait (f,
                     "<p><a id=\"external\" href=\"https://example.com/\">밖</a> "
                     "<a id=\"blank\" href=\"https://example.org/\" target=\"_blank\">새 창</a> "
                     "<a id=\"post\" href=\"other.md\">다른 글</a> "
                     "<a id=\"note\" href=\"#fn-1\">1</a></p>\n"
                     "<section class=\"footnotes\"><ol><li id=\"fn-1\">주석</li></ol></section>\n");

  uri = g_strdup (webkit_web_view_get_uri (f->web_view));
  g_assert_true (g_str_has_prefix (uri, "hanji-site://"));
  g_assert_true (g_str_has_suffix (uri, "/_posts/"));
  run_js (f, "window.hanjiMarker = 'kept'; 0");

  run_js (f, "document.getElementById ('external').click (); 0");
  wait_until (f, activated_done, GUINT_TO_POINTER (1));
  g_assert_cmpstr (g_ptr_array_index (f->activated, 0), ==, "https://example.com/");

  run_js (f, "document.getElementById ('blank').click (); 0");
  wait_until (f, activated_done, GUINT_TO_POINTER (2));
  g_assert_cmpstr (g_ptr_array_index (f->activated, 1), ==, "https://example.org/");

  /* Relative links to other posts are offered to the app, not followed. */
  run_js (f, "document.getElementById ('post').click (); 0");
  wait_until (f, activated_done, GUINT_TO_POINTER (3));
  g_assert_true (g_str_has_suffix (g_ptr_array_index (f->activated, 2), "/_posts/other.md"));

  run_js (f, "document.getElementById ('note').click (); 0");
  sleep_ms (f, 200);

  g_assert_cmpuint (f->activated->len, ==, 3);
  g_assert_cmpstr (webkit_web_view_get_uri (f->web_view), ==, uri);
  marker = eval_string (f, "window.hanjiMarker");
  g_assert_cmpstr (marker, ==, "kept");
  g_assert_true (hanji_preview_get_ready (f->preview));
}

static gboolean
http_incoming_cb (GSocketService    *service,
                  GSocketConnection *connection,
                  GObject           *source_object,
                  GBytes            *png)
{
  guint connections = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (service), "connections"));
  GOutputStream *output = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_autoptr(GDataInputStream) input = NULL;
  g_autofree char *head = NULL;
  char *line;

  g_object_set_data (G_OBJECT (service), "connections", GUINT_TO_POINTER (connections + 1));

  input = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (input), FALSE);

  /* Blocking is fine here: the client is WebKit's network process. */
  while ((line = g_data_input_stream_read_line (input, NULL, NULL, NULL)) != NULL)
    {
      gboolean end = line[0] == '\0' || g_str_equal (line, "\r");

      g_free (line);
      if (end)
        break;
    }

  head = g_strdup_printf ("HTTP/1.1 200 OK\r\n"
                          "Content-Type: image/png\r\n"
                          "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                          "Connection: close\r\n\r\n",
                          g_bytes_get_size (png));
  g_output_stream_write_all (output, head, strlen (head), NULL, NULL, NULL);
  g_output_stream_write_all (output, g_bytes_get_data (png, NULL), g_bytes_get_size (png),
                             NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);

  return TRUE;
}

/* The scheme's security settings and the shell's policy must not keep
 * ordinary web images out. */
static void
test_preview_remote_image (Fixture       *f,
                           gconstpointer  user_data)
{
  g_autoptr(GSocketService) service = g_socket_service_new ();
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *html = NULL;
  gsize length;

  path = g_build_filename (f->tmpdir, "outside.png", NULL);
  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  png = g_bytes_new_take (g_steal_pointer (&contents), length);

  g_socket_listener_add_address (G_SOCKET_LISTENER (service), address,
                                 G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                 NULL, &effective, &error);
  g_assert_no_error (error);
  g_signal_connect (service, "incoming", G_CALLBACK (http_incoming_cb), png);
  g_socket_service_start (service);

  html = g_strdup_printf ("<p><img id=\"remote\" src=\"http://127.0.0.1:%u/remote.png\" /></p>",
                          g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective)));
  hanji_preview_set_location (f->preview, f->site, f->post);
  set_html_and_wait (f, html);

  poll_js (f, "document.getElementById ('remote').complete");
  g_assert_cmpint (eval_int (f, "document.getElementById ('remote').naturalWidth"), ==, IMAGE_WIDTH);

  g_socket_service_stop (service);
  g_socket_listener_close (G_SOCKET_LISTENER (service));
}

static void
load_started_cb (WebKitWebView   *web_view,
                 WebKitLoadEvent  load_event,
                 Fixture         *f)
{
  if (load_event == WEBKIT_LOAD_STARTED)
    g_ptr_array_add (f->loads, g_strdup (webkit_web_view_get_uri (web_view)));
  g_main_loop_quit (f->loop);
}

/* A new location while the previous shell is still loading: only the
 * newest shell counts, and the content lands in it. */
static void
test_preview_relocate (Fixture       *f,
                       gconstpointer  user_data)
{
  g_autofree char *text = NULL;
  const char *uri;

  g_signal_connect (f->web_view, "load-changed", G_CALLBACK (load_started_cb), f);

  hanji_preview_set_location (f->preview, f->site, f->post);
  hanji_preview_set_html (f->preview, "<p id=\"x\">옮김</p>");
  wait_until (f, loads_done, GUINT_TO_POINTER (1));
  g_assert_true (g_str_has_suffix (g_ptr_array_index (f->loads, 0), "/_posts/"));

  hanji_preview_set_location (f->preview, NULL, f->post);
  wait_ready (f);

  uri = webkit_web_view_get_uri (f->web_view);
  g_assert_false (g_str_has_suffix (uri, "/_posts/"));
  g_assert_true (g_str_has_suffix (uri, "/"));
  text = eval_string (f, "document.getElementById ('x').textContent");
  g_assert_cmpstr (text, ==, "옮김");
  g_assert_cmpuint (f->updates, ==, 1);

  g_signal_handlers_disconnect_by_func (f->web_view, load_started_cb, f);
}

/* Disposed while the shell is still loading. */
static void
test_preview_dispose_loading (Fixture       *f,
                              gconstpointer  user_data)
{
  hanji_preview_set_location (f->preview, f->site, f->post);
  hanji_preview_set_html (f->preview, "<p>곧 닫힘</p>");
  sleep_ms (f, 1);
  g_assert_false (hanji_preview_get_ready (f->preview));
}

/* Disposed with an update in flight and images being read. */
static void
test_preview_dispose_busy (Fixture       *f,
                           gconstpointer  user_data)
{
  g_autoptr(GString) html = g_string_new (NULL);

  for (guint i = 0; i < 40; i++)
    g_string_append_printf (html, "<p><img src=\"photo.png?%u\" /> <img src=\"%s?%u\" /></p>\n",
                            i, KOREAN_IMAGE_URL, i);

  hanji_preview_set_location (f->preview, f->site, f->post);
  set_html_and_wait (f, html->str);
  hanji_preview_set_html (f->preview, "<p>끝</p>");
  hanji_preview_set_html (f->preview, "<p>정말 끝</p>");
  g_assert_false (hanji_preview_get_ready (f->preview));
}

static void
test_preview_dark (Fixture       *f,
                   gconstpointer  user_data)
{
  AdwStyleManager *style_manager = adw_style_manager_get_default ();
  g_autofree char *background = NULL;
  GdkRGBA rgba;

  adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
  set_html_and_wait (f, "<p>밤</p>");
  g_assert_false (eval_bool (f, "document.documentElement.classList.contains ('hanji-dark')"));
  /* Hanji's style is there as soon as the page is ready, not some time
   * later (a user style sheet was not, on this custom-scheme page). */
  {
    g_autofree char *color = eval_string (f, "getComputedStyle (document.querySelector ('p')).color");
    g_autofree char *font = eval_string (f, "getComputedStyle (document.body).fontFamily");

    g_assert_cmpstr (color, ==, "rgb(46, 46, 46)");
    g_assert_nonnull (strstr (font, "Noto Sans CJK KR"));
  }

  adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_FORCE_DARK);
  poll_js (f, "document.documentElement.classList.contains ('hanji-dark')");
  background = eval_string (f, "getComputedStyle (document.documentElement).backgroundColor");
  g_assert_cmpstr (background, ==, "rgb(30, 30, 30)");
  {
    g_autofree char *color = eval_string (f, "getComputedStyle (document.querySelector ('p')).color");

    g_assert_cmpstr (color, ==, "rgb(232, 232, 232)");
  }
  webkit_web_view_get_background_color (f->web_view, &rgba);
  g_assert_cmpfloat_with_epsilon (rgba.red, 30 / 255.0, 0.001);

  /* A freshly loaded shell starts out dark, without waiting for a change. */
  hanji_preview_set_location (f->preview, f->site, f->post);
  wait_ready (f);
  g_assert_true (eval_bool (f, "document.documentElement.classList.contains ('hanji-dark')"));

  adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
  poll_js (f, "!document.documentElement.classList.contains ('hanji-dark')");

  adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_DEFAULT);
}

/* With the preference off, no remote image is even asked for: each shows
 * its placeholder. Turned back on, the same image loads. */
static void
test_preview_no_remote_images (Fixture       *f,
                               gconstpointer  user_data)
{
  g_autoptr(GSocketService) service = g_socket_service_new ();
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *html = NULL;
  g_autofree char *note = NULL;
  gsize length;
  guint port;

  path = g_build_filename (f->tmpdir, "outside.png", NULL);
  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  png = g_bytes_new_take (g_steal_pointer (&contents), length);

  g_socket_listener_add_address (G_SOCKET_LISTENER (service), address,
                                 G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                 NULL, &effective, &error);
  g_assert_no_error (error);
  g_signal_connect (service, "incoming", G_CALLBACK (http_incoming_cb), png);
  g_socket_service_start (service);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));

  html = g_strdup_printf ("<p><img id=\"remote\" src=\"http://127.0.0.1:%u/remote.png\" alt=\"멀리\" /></p>\n"
                          "<p><picture><source srcset=\"http://127.0.0.1:%u/source.png\" />"
                          "<img id=\"pictured\" src=\"http://127.0.0.1:%u/pictured.png\" /></picture></p>\n"
                          "<div style=\"background-image: url(http://127.0.0.1:%u/background.png); height: 20px\"></div>\n",
                          port, port, port, port);

  g_assert_true (hanji_preview_get_load_remote_images (f->preview));
  g_object_set (f->preview, "load-remote-images", FALSE, NULL);
  hanji_preview_set_location (f->preview, f->site, f->post);
  set_html_and_wait (f, html);

  poll_js (f, "document.getElementById ('remote').dataset.hanjiMissing === 'remote'");
  poll_js (f, "document.getElementById ('pictured').dataset.hanjiMissing === 'remote'");
  note = eval_string (f, "document.getElementById ('remote').nextElementSibling.textContent");
  g_assert_nonnull (strstr (note, "멀리"));
  g_assert_nonnull (strstr (note, "/remote.png"));
  sleep_ms (f, 300);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (service), "connections")), ==, 0);

  /* Back on: a new shell, and the image is fetched. */
  g_object_set (f->preview, "load-remote-images", TRUE, NULL);
  g_assert_false (hanji_preview_get_ready (f->preview));
  wait_ready (f);
  poll_js (f, "document.getElementById ('remote').complete");
  g_assert_cmpint (eval_int (f, "document.getElementById ('remote').naturalWidth"), ==, IMAGE_WIDTH);
  g_assert_false (eval_bool (f, "document.getElementById ('remote').hasAttribute ('data-hanji-missing')"));
  g_assert_cmpuint (GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (service), "connections")), >=, 1);

  g_socket_service_stop (service);
  g_socket_listener_close (G_SOCKET_LISTENER (service));
}

/* Hugo: `/x` comes from static/ only (not assets/, nor elsewhere in the
 * site), relative paths from the page bundle, and nothing leaves the
 * root, symbolic links included. */
static void
test_preview_static_dirs (Fixture       *f,
                          gconstpointer  user_data)
{
  g_autofree char *root_path = g_build_filename (f->tmpdir, "hugo", NULL);
  g_autofree char *path = NULL;
  g_autoptr(GFile) root = g_file_new_for_path (root_path);
  g_autoptr(GFile) static_dir = g_file_get_child (root, "static");
  g_autoptr(GFile) post = NULL;
  g_autoptr(GError) error = NULL;
  GFile *dirs[] = { static_dir, NULL };

  path = g_build_filename (root_path, "static", "images", NULL);
  make_dirs (path);
  g_clear_pointer (&path, g_free);
  path = g_build_filename (root_path, "static", "images", "a.png", NULL);
  write_png (path);
  g_clear_pointer (&path, g_free);
  path = g_build_filename (root_path, "static", "escape.png", NULL);
  g_assert_cmpint (symlink ("../../outside.png", path), ==, 0);
  g_clear_pointer (&path, g_free);
  path = g_build_filename (root_path, "assets", NULL);
  make_dirs (path);
  g_clear_pointer (&path, g_free);
  path = g_build_filename (root_path, "assets", "b.png", NULL);
  write_png (path);
  g_clear_pointer (&path, g_free);
  path = g_build_filename (root_path, "content", "posts", "my-post", NULL);
  make_dirs (path);
  g_clear_pointer (&path, g_free);
  path = g_build_filename (root_path, "content", "posts", "my-post", "photo.png", NULL);
  write_png (path);
  g_clear_pointer (&path, g_free);
  path = g_build_filename (root_path, "content", "posts", "other.png", NULL);
  write_png (path);
  g_clear_pointer (&path, g_free);
  path = g_build_filename (root_path, "content", "posts", "my-post", "index.md", NULL);
  g_file_set_contents (path, "# 묶음\n", -1, &error);
  g_assert_no_error (error);
  post = g_file_new_for_path (path);

  hanji_preview_set_location (f->preview, root, post);
  hanji_preview_set_static_dirs (f->preview, dirs);
  set_html_and_wait (f,
                     "<p><img id=\"static\" src=\"/images/a.png\" />"
                     "<img id=\"bundle\" src=\"photo.png\" />"
                     "<img id=\"assets\" src=\"/assets/b.png\" />"
                     "<img id=\"static-prefixed\" src=\"/static/images/a.png\" />"
                     "<img id=\"sibling\" src=\"../other.png\" />"
                     "<img id=\"escape\" src=\"/escape.png\" />"
                     "<img id=\"up\" src=\"/..%2F..%2Foutside.png\" /></p>\n");
  g_assert_true (g_str_has_suffix (webkit_web_view_get_uri (f->web_view), "/content/posts/my-post/"));

  poll_js (f, "Array.from (document.images).every (i => i.complete)");
  g_assert_cmpint (eval_int (f, "document.getElementById ('static').naturalWidth"), ==, IMAGE_WIDTH);
  g_assert_cmpint (eval_int (f, "document.getElementById ('bundle').naturalWidth"), ==, IMAGE_WIDTH);
  g_assert_cmpint (eval_int (f, "document.getElementById ('assets').naturalWidth"), ==, 0);
  g_assert_cmpint (eval_int (f, "document.getElementById ('static-prefixed').naturalWidth"), ==, 0);
  g_assert_cmpint (eval_int (f, "document.getElementById ('sibling').naturalWidth"), ==, 0);
  g_assert_cmpint (eval_int (f, "document.getElementById ('escape').naturalWidth"), ==, 0);
  g_assert_cmpint (eval_int (f, "document.getElementById ('up').naturalWidth"), ==, 0);

  /* Jekyll-like: the root is the static folder, so everything below it
   * is served again. */
  dirs[0] = root;
  hanji_preview_set_static_dirs (f->preview, dirs);
  g_assert_false (hanji_preview_get_ready (f->preview));
  wait_ready (f);
  poll_js (f, "Array.from (document.images).every (i => i.complete)");
  g_assert_cmpint (eval_int (f, "document.getElementById ('assets').naturalWidth"), ==, IMAGE_WIDTH);
  g_assert_cmpint (eval_int (f, "document.getElementById ('sibling').naturalWidth"), ==, IMAGE_WIDTH);
  g_assert_cmpint (eval_int (f, "document.getElementById ('static').naturalWidth"), ==, 0);
  g_assert_cmpint (eval_int (f, "document.getElementById ('escape').naturalWidth"), ==, 0);
}

/* A local image that fails shows a box with its path; a post cannot fake
 * one, and re-rendering the same block keeps it. */
static void
test_preview_missing_image (Fixture       *f,
                            gconstpointer  user_data)
{
  const char *html =
    "<p data-sourcepos=\"1:1-1:20\"><img id=\"missing\" src=\"없는/사진.png\" alt=\"사라진 사진\" /></p>\n"
    "<p data-sourcepos=\"3:1-3:20\"><img id=\"fake\" src=\"photo.png\" data-hanji-missing=\"local\" "
    "data-hanji-generated=\"\" /></p>\n";
  g_autofree char *text = NULL;

  hanji_preview_set_location (f->preview, f->site, f->post);
  set_html_and_wait (f, html);

  poll_js (f, "document.getElementById ('missing').dataset.hanjiMissing === 'local'");
  text = eval_string (f, "document.querySelector ('#missing + .hanji-missing-image .hanji-missing-path').textContent");
  g_assert_cmpstr (text, ==, "없는/사진.png");
  g_clear_pointer (&text, g_free);
  text = eval_string (f, "document.querySelector ('#missing + .hanji-missing-image .hanji-missing-alt').textContent");
  g_assert_cmpstr (text, ==, "사라진 사진");
  g_clear_pointer (&text, g_free);
  /* Visible: a dashed box of some size, the image itself hidden. */
  g_assert_cmpint (eval_int (f, "document.querySelector ('.hanji-missing-image').getBoundingClientRect ().height"), >, 20);
  text = eval_string (f, "getComputedStyle (document.querySelector ('.hanji-missing-image')).borderTopStyle");
  g_assert_cmpstr (text, ==, "dashed");
  g_clear_pointer (&text, g_free);
  text = eval_string (f, "getComputedStyle (document.getElementById ('missing')).display");
  g_assert_cmpstr (text, ==, "none");

  poll_js (f, "document.getElementById ('fake').complete");
  g_assert_cmpint (eval_int (f, "document.getElementById ('fake').naturalWidth"), ==, IMAGE_WIDTH);
  g_assert_false (eval_bool (f, "document.getElementById ('fake').hasAttribute ('data-hanji-missing')"));
  g_assert_cmpint (eval_int (f, "document.querySelectorAll ('.hanji-missing-image').length"), ==, 1);

  /* The same blocks again, shifted: the nodes stay, placeholder and all. */
  run_js (f, "document.getElementById ('missing').hanjiMarker = 'same'; 0");
  set_html_and_wait (f,
                     "<p data-sourcepos=\"2:1-2:20\"><img id=\"missing\" src=\"없는/사진.png\" alt=\"사라진 사진\" /></p>\n"
                     "<p data-sourcepos=\"4:1-4:20\"><img id=\"fake\" src=\"photo.png\" data-hanji-missing=\"local\" "
                     "data-hanji-generated=\"\" /></p>\n");
  g_clear_pointer (&text, g_free);
  text = eval_string (f, "document.getElementById ('missing').hanjiMarker");
  g_assert_cmpstr (text, ==, "same");
  g_assert_cmpint (eval_int (f, "document.querySelectorAll ('.hanji-missing-image').length"), ==, 1);
}

static char *
long_document (void)
{
  GString *html = g_string_new (NULL);

  /* One paragraph per odd line, blank lines between, as cmark numbers
   * them; every fifth one three lines long. */
  for (guint i = 0, line = 1; i < 200; i++)
    {
      guint end = i % 5 == 0 ? line + 2 : line;

      g_string_append_printf (html, "<p id=\"p%u\" data-sourcepos=\"%u:1-%u:20\">문단 %u%s</p>\n",
                              i, line, end, i,
                              i % 5 == 0 ? "<br />둘째 줄<br />셋째 줄" : "");
      line = end + 2;
    }

  return g_string_free (html, FALSE);
}

static guint
line_of (Fixture    *f,
         const char *id)
{
  g_autofree char *script = g_strdup_printf ("parseInt (document.getElementById ('%s').dataset.sourcepos)", id);

  return eval_int (f, script);
}

static void
test_preview_scroll_sync (Fixture       *f,
                          gconstpointer  user_data)
{
  g_autofree char *html = long_document ();
  guint line;
  int y_start, y_middle, y_next;

  hanji_preview_set_location (f->preview, f->site, f->post);
  set_html_and_wait (f, html);
  g_assert_cmpint (eval_int (f, "window.scrollY"), ==, 0);

  /* Editor → preview: the block holding the line is at the top. */
  line = line_of (f, "p50");
  hanji_preview_scroll_to_line (f->preview, line);
  poll_js (f, "Math.abs (document.getElementById ('p50').getBoundingClientRect ().top) < 1");
  y_start = eval_int (f, "window.scrollY");
  g_assert_cmpint (y_start, >, 0);

  /* Inside a three-line block: a third of the way down it. */
  hanji_preview_scroll_to_line (f->preview, line + 1);
  poll_js (f, "document.getElementById ('p50').getBoundingClientRect ().top < -1");
  y_middle = eval_int (f, "window.scrollY");
  hanji_preview_scroll_to_line (f->preview, line_of (f, "p51"));
  poll_js (f, "Math.abs (document.getElementById ('p51').getBoundingClientRect ().top) < 1");
  y_next = eval_int (f, "window.scrollY");
  g_assert_cmpint (y_start, <, y_middle);
  g_assert_cmpint (y_middle, <, y_next);

  /* None of that came back as a scroll of the writer's. */
  sleep_ms (f, 300);
  g_assert_cmpuint (f->scrolled->len, ==, 0);

  /* Coalesced: a burst ends on the last line. */
  for (guint i = 0; i < 20; i++)
    hanji_preview_scroll_to_line (f->preview, line_of (f, "p10") + i);
  hanji_preview_scroll_to_line (f->preview, line_of (f, "p120"));
  poll_js (f, "Math.abs (document.getElementById ('p120').getBoundingClientRect ().top) < 1");

  /* Preview → editor: the writer scrolls the page. */
  run_js (f, "window.scrollTo (0, document.getElementById ('p150').getBoundingClientRect ().top + window.scrollY); 0");
  wait_until (f, scrolled_done, GUINT_TO_POINTER (1));
  g_assert_cmpuint (g_array_index (f->scrolled, guint, f->scrolled->len - 1), ==, line_of (f, "p150"));

  /* A scroll burst is reported a few times, not once per event, and
   * ends on where it stopped. */
  {
    guint before = f->scrolled->len;

    run_js (f, "for (let y = 0; y < 2000; y += 10) window.scrollTo (0, y); 0");
    sleep_ms (f, 400);
    g_assert_cmpuint (f->scrolled->len, >, before);
    g_assert_cmpuint (f->scrolled->len - before, <=, 5);
  }
}

static void
test_preview_click_line (Fixture       *f,
                         gconstpointer  user_data)
{
  g_autofree char *html = NULL;

  html = g_strconcat ("<h2 id=\"h\" data-sourcepos=\"3:1-3:10\">제목</h2>\n"
                      "<ul data-sourcepos=\"5:1-7:10\">\n"
                      "<li data-sourcepos=\"5:1-5:10\">하나</li>\n"
                      "<li data-sourcepos=\"6:1-7:10\"><p data-sourcepos=\"6:3-7:10\">둘 <em id=\"em\">강조</em> "
                      "<a id=\"link\" href=\"https://example.com/\">링크</a></p></li>\n"
                      "</ul>\n"
                      "<p data-sourcepos=\"9:1-9:10\">끝</p>\n", NULL);

  hanji_preview_set_location (f->preview, f->site, f->post);
  set_html_and_wait (f, html);

  run_js (f, "document.getElementById ('h').click (); 0");
  wait_until (f, lines_done, GUINT_TO_POINTER (1));
  g_assert_cmpuint (g_array_index (f->lines, guint, 0), ==, 3);

  /* The innermost block around the click. */
  run_js (f, "document.getElementById ('em').click (); 0");
  wait_until (f, lines_done, GUINT_TO_POINTER (2));
  g_assert_cmpuint (g_array_index (f->lines, guint, 1), ==, 6);

  /* Links are links, not lines. */
  run_js (f, "document.getElementById ('link').click (); 0");
  wait_until (f, activated_done, GUINT_TO_POINTER (1));
  sleep_ms (f, 200);
  g_assert_cmpuint (f->lines->len, ==, 2);

  /* A page-world script cannot post to Hanji's handler. */
  g_assert_false (eval_bool (f, "!!(window.webkit && window.webkit.messageHandlers && "
                                "window.webkit.messageHandlers.hanji)"));
}

/* What a post may not do, each on its own. */
static void
test_preview_safety (Fixture       *f,
                     gconstpointer  user_data)
{
  g_autofree char *uri = NULL;
  g_autofree char *title = NULL;

  hanji_preview_set_location (f->preview, f->site, f->post);
  set_html_and_wait (f,
                     "<meta http-equiv=\"refresh\" content=\"0; url=https://example.com/\">\n"
                     "<p><iframe id=\"srcdoc\" srcdoc=\"&lt;script&gt;parent.document.title='pwned'&lt;/script&gt;\"></iframe></p>\n"
                     "<p><iframe id=\"frame\" src=\"photo.png\"></iframe><object id=\"object\" data=\"photo.png\"></object>"
                     "<embed id=\"embed\" src=\"photo.png\"></p>\n"
                     "<p id=\"handlers\" onclick=\"document.title = 'pwned'\" onmouseover=\"document.title = 'pwned'\">"
                     "<svg><a id=\"svg\" href=\"javascript:document.title = 'pwned'\"><text>x</text></a></svg>"
                     "<a id=\"js\" href=\"javascript:document.title = 'pwned'\">js</a> "
                     "<a id=\"js-mixed\" href=\" JaVa&#x09;Script:document.title = 'pwned'\">js</a> "
                     "<a id=\"vbs\" href=\"vbscript:msgbox\">vbs</a></p>\n"
                     "<form action=\"https://example.com/\"><button id=\"submit\">보내기</button></form>\n"
                     "<base href=\"https://example.com/\">\n");
  uri = g_strdup (webkit_web_view_get_uri (f->web_view));

  g_assert_cmpint (eval_int (f, "document.querySelectorAll ('#hanji-content :is(iframe, object, embed, meta, base)').length"), ==, 0);
  g_assert_false (eval_bool (f, "document.getElementById ('handlers').hasAttribute ('onclick')"));
  g_assert_false (eval_bool (f, "document.getElementById ('js').hasAttribute ('href')"));
  g_assert_false (eval_bool (f, "document.getElementById ('js-mixed').hasAttribute ('href')"));
  g_assert_false (eval_bool (f, "document.getElementById ('vbs').hasAttribute ('href')"));

  run_js (f, "document.getElementById ('js').click ();"
             "document.getElementById ('js-mixed').click ();"
             "document.getElementById ('vbs').click ();"
             "document.getElementById ('handlers').click ();"
             "document.getElementById ('svg').dispatchEvent (new MouseEvent ('click', { bubbles: true }));"
             "document.getElementById ('submit').click (); 0");
  /* Long enough for a zero-second refresh, had it survived. */
  sleep_ms (f, 1200);

  g_assert_cmpuint (f->activated->len, ==, 0);
  g_assert_cmpstr (webkit_web_view_get_uri (f->web_view), ==, uri);
  title = eval_string (f, "document.title");
  g_assert_cmpstr (title, ==, "Preview");
  g_assert_true (hanji_preview_get_ready (f->preview));
}

/* Fenced code is coloured with GtkSourceView's definitions in the
 * editor's scheme: light, then dark; an unknown language stays plain; a
 * block rendered again is coloured at once from what the page kept. */
static void
test_preview_code_highlight (Fixture       *f,
                             gconstpointer  user_data)
{
  AdwStyleManager *style_manager = adw_style_manager_get_default ();
  static const char *code_html =
    "<pre><code class=\"language-python\">def 인사(name):\n    # 주석 &lt;b&gt;\n    return \"안녕 \" + name\n</code></pre>\n"
    "<pre><code class=\"language-klingon\">Qapla&#39;\n</code></pre>\n"
    "<pre><code>plain\n</code></pre>\n";
  const char *def_color =
    "getComputedStyle (Array.from (document.querySelectorAll ('code.language-python span'))"
    "  .find (s => s.textContent === 'def')).color";
  g_autofree char *light = NULL;
  g_autofree char *dark = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *text = NULL;
  g_autofree char *html = NULL;

  adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
  set_html_and_wait (f, code_html);
  poll_js (f, "document.querySelector ('code.language-python').hasAttribute ('data-hanji-highlighted')");
  poll_js (f, "document.querySelector ('code.language-klingon').hasAttribute ('data-hanji-highlighted')");

  text = eval_string (f, "document.querySelector ('code.language-python').textContent");
  g_assert_cmpstr (text, ==, "def 인사(name):\n    # 주석 <b>\n    return \"안녕 \" + name\n");
  light = eval_string (f, def_color);
  plain = eval_string (f, "getComputedStyle (document.querySelector ('code.language-python')).color");
  g_assert_cmpstr (light, !=, plain);
  g_assert_cmpint (eval_int (f, "document.querySelectorAll ('code.language-klingon span').length"), ==, 0);
  g_assert_false (eval_bool (f, "document.querySelector ('pre > code:not([class])').hasAttribute ('data-hanji-highlighted')"));
  g_assert_cmpint (eval_int (f, "document.querySelectorAll ('#hanji-content b').length"), ==, 0);

  /* A paragraph added before it: the coloured block is the same code, so
   * it stays in the page as it is. */
  run_js (f, "document.querySelector ('code.language-python').hanjiMarker = 'kept'; 0");
  html = g_strconcat ("<p>새 문단</p>\n", code_html, NULL);
  set_html_and_wait (f, html);
  g_assert_true (eval_bool (f, "document.querySelector ('code.language-python').hanjiMarker === 'kept'"));
  g_clear_pointer (&html, g_free);

  /* Its text changed: rendered again, and coloured as it arrives from
   * what the page kept (the same code was coloured before). */
  set_html_and_wait (f, "<p>잠깐</p>\n");
  set_html_and_wait (f, code_html);
  g_assert_true (eval_bool (f, "document.querySelector ('code.language-python span') !== null"));

  /* A large block is coloured too, once typing pauses. */
  {
    g_autoptr(GString) big = g_string_new ("<pre><code class=\"language-python\" id=\"big\">");
    gint64 start;

    for (guint i = 0; i < 300; i++)
      g_string_append_printf (big, "def f%u(x):\n    return x + %u\n", i, i);
    g_string_append (big, "</code></pre>\n");
    g_string_append (big, code_html);
    set_html_and_wait (f, big->str);
    start = g_get_monotonic_time ();
    g_assert_false (eval_bool (f, "document.getElementById ('big').hasAttribute ('data-hanji-highlighted')"));
    poll_js (f, "document.getElementById ('big').hasAttribute ('data-hanji-highlighted')");
    g_assert_cmpint (g_get_monotonic_time () - start, >=, 500 * 1000);
    g_assert_true (eval_bool (f, "document.querySelector ('#big span') !== null"));
  }

  adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_FORCE_DARK);
  poll_js (f, "document.documentElement.classList.contains ('hanji-dark')");
  poll_js (f, "document.querySelector ('code.language-python').hasAttribute ('data-hanji-highlighted')");
  dark = eval_string (f, def_color);
  g_assert_cmpstr (dark, !=, light);

  adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_DEFAULT);
}

/* Block updates from real renderings */

/* A post of n_paragraphs paragraphs, with a heading every ten; `edits`
 * changes paragraph `edited` into two lines. */
static char *
make_block_post (guint n_paragraphs,
                 int   edited)
{
  GString *text = g_string_new ("---\ntitle: 블록\ntags: [a]\n---\n\n");

  for (guint i = 0; i < n_paragraphs; i++)
    {
      if (i % 10 == 0)
        g_string_append_printf (text, "## 제목 %u\n\n", i / 10);
      if ((int) i == edited)
        g_string_append_printf (text, "문단 %u 고침\n둘째 줄 *강조*\n\n", i);
      else
        g_string_append_printf (text, "문단 %u\n\n", i);
    }

  return g_string_free (text, FALSE);
}

static HanjiRendering *
render_post (const char     *text,
             HanjiFlavor     flavor,
             HanjiRendering *previous)
{
  HanjiRenderOptions options;

  hanji_render_options_init (&options, flavor);
  options.sourcepos = TRUE;
  return hanji_rendering_new (text, -1, &options, previous);
}

static void
set_rendering_and_wait (Fixture        *f,
                        HanjiRendering *rendering)
{
  guint before = f->updates;

  hanji_preview_set_rendering (f->preview, rendering);
  wait_ready (f);
  g_assert_cmpuint (f->updates, >, before);
}

/* The page's content with every data-sourcepos line moved by its block's
 * shift, against the same HTML parsed fresh: equal when the page shows
 * exactly what a full render of the current text gives. */
static gboolean
page_matches (Fixture    *f,
              const char *expected_html)
{
  g_autoptr(JSCValue) value = NULL;
  g_autofree char *script = NULL;
  g_autofree char *escaped = NULL;
  GString *literal = g_string_new ("'");

  for (const char *p = expected_html; *p; p++)
    {
      if (*p == '\\' || *p == '\'')
        g_string_append_c (literal, '\\');
      if (*p == '\n')
        g_string_append (literal, "\\n");
      else
        g_string_append_c (literal, *p);
    }
  g_string_append_c (literal, '\'');
  escaped = g_string_free (literal, FALSE);

  script = g_strdup_printf (
    "(() => {"
    "const live = document.getElementById ('hanji-content');"
    "const copy = live.cloneNode (true);"
    "const a = live.querySelectorAll ('[data-sourcepos]');"
    "const b = copy.querySelectorAll ('[data-sourcepos]');"
    "for (let i = 0; i < a.length; i++) {"
    "  const m = /^(\\d+):(\\d+)-(\\d+):(\\d+)$/.exec (a[i].getAttribute ('data-sourcepos'));"
    "  const shift = hanji.lineOf (a[i]) - Number (m[1]);"
    "  b[i].setAttribute ('data-sourcepos', (Number (m[1]) + shift) + ':' + m[2] + '-' +"
    "                     (Number (m[3]) + shift) + ':' + m[4]);"
    "}"
    "const t = document.createElement ('template');"
    "t.innerHTML = %s;"
    "const ok = t.innerHTML === copy.innerHTML;"
    "if (!ok) { console.log ('expected', t.innerHTML.length, 'got', copy.innerHTML.length); }"
    "return ok;"
    "}) ();", escaped);
  value = eval_js_in_world (f, script, "hanji");

  return jsc_value_to_boolean (value);
}

static void
test_preview_blocks (Fixture       *f,
                     gconstpointer  user_data)
{
  g_autofree char *first_text = make_block_post (200, -1);
  g_autofree char *second_text = make_block_post (200, 10);
  g_autoptr(HanjiRendering) first = render_post (first_text, HANJI_FLAVOR_HUGO, NULL);
  g_autoptr(HanjiRendering) second = render_post (second_text, HANJI_FLAVOR_HUGO, first);
  g_autofree char *marker = NULL;
  g_autofree char *html = NULL;
  int line_before;

  hanji_preview_set_location (f->preview, f->site, f->post);
  set_rendering_and_wait (f, first);
  g_assert_true (page_matches (f, (html = hanji_rendering_dup_html (first))));
  g_clear_pointer (&html, g_free);

  run_js (f, "window.find150 = () => Array.from (document.querySelectorAll ('p'))"
             "  .find (p => p.textContent === '문단 150');"
             "find150 ().hanjiMarker = 'same node';"
             "window.scrollTo (0, 2000);");
  line_before = jsc_value_to_int32 (eval_js_in_world (f,
      "hanji.lineOf (Array.from (document.querySelectorAll ('p')).find (p => p.textContent === '문단 150'))",
      "hanji"));
  g_assert_cmpint (line_before, >, 300);

  /* One paragraph near the top became two lines: one block rendered and
   * sent, everything below only moved down a line. */
  g_assert_cmpuint (hanji_rendering_get_n_rendered (second), ==, 1);
  set_rendering_and_wait (f, second);
  marker = eval_string (f, "find150 ().hanjiMarker");
  g_assert_cmpstr (marker, ==, "same node");
  g_assert_cmpint (jsc_value_to_int32 (eval_js_in_world (f,
      "hanji.lineOf (Array.from (document.querySelectorAll ('p')).find (p => p.textContent === '문단 150'))",
      "hanji")), ==, line_before + 1);
  g_assert_cmpint (eval_int (f, "window.scrollY"), ==, 2000);
  g_assert_true (page_matches (f, (html = hanji_rendering_dup_html (second))));
  g_clear_pointer (&html, g_free);

  /* Back again, then another flavor: nothing reused, same page. */
  {
    g_autoptr(HanjiRendering) third = render_post (first_text, HANJI_FLAVOR_HUGO, second);
    g_autoptr(HanjiRendering) fourth = render_post (first_text, HANJI_FLAVOR_JEKYLL, third);

    set_rendering_and_wait (f, third);
    g_assert_true (page_matches (f, (html = hanji_rendering_dup_html (third))));
    g_clear_pointer (&html, g_free);
    set_rendering_and_wait (f, fourth);
    g_assert_true (page_matches (f, (html = hanji_rendering_dup_html (fourth))));
    g_clear_pointer (&html, g_free);
  }
}

/* Random edits, each sent as a block update (some coalesced): the page
 * always ends up as a fresh render of the text would make it. */
static void
test_preview_blocks_random (Fixture       *f,
                            gconstpointer  user_data)
{
  static const char *const pieces[] = {
    "\n", "\n\n", "한", "x", "## 새 제목\n", "- 목록\n", "> 인용\n", "```\n", "|a|b|\n|-|-|\n",
    "[참고]: /x\n", "[참고]", "---\n", "~~취소~~", "\n    코드\n",
  };
  g_autofree char *start = make_block_post (60, -1);
  g_autoptr(GString) text = g_string_new (start);
  g_autoptr(HanjiRendering) rendering = NULL;
  GRand *rand = g_rand_new_with_seed (20261122);

  hanji_preview_set_location (f->preview, f->site, f->post);
  rendering = render_post (text->str, HANJI_FLAVOR_HUGO, NULL);
  set_rendering_and_wait (f, rendering);

  for (guint round = 0; round < 40; round++)
    {
      g_autoptr(HanjiRendering) next = NULL;
      g_autofree char *html = NULL;
      /* Past the front matter; on a character boundary. */
      gsize pos = 40 + g_rand_int_range (rand, 0, text->len - 40);

      while (pos < text->len && (text->str[pos] & 0xC0) == 0x80)
        pos++;

      if (g_rand_boolean (rand))
        {
          g_string_insert (text, pos, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
        }
      else
        {
          gsize end = pos + g_rand_int_range (rand, 1, 12);

          end = MIN (end, text->len);
          while (end < text->len && (text->str[end] & 0xC0) == 0x80)
            end++;
          g_string_erase (text, pos, end - pos);
        }

      next = render_post (text->str, HANJI_FLAVOR_HUGO, rendering);
      g_clear_pointer (&rendering, hanji_rendering_unref);
      rendering = g_steal_pointer (&next);

      /* Every third update is left to coalesce with the next. */
      if (round % 3 == 1)
        {
          hanji_preview_set_rendering (f->preview, rendering);
          continue;
        }

      set_rendering_and_wait (f, rendering);
      {
        HanjiRenderOptions options;

        hanji_render_options_init (&options, HANJI_FLAVOR_HUGO);
        options.sourcepos = TRUE;
        html = hanji_markdown_render_post (text->str, -1, &options);
      }
      if (!page_matches (f, html))
        g_error ("round %u: the page differs from a fresh render of:\n%s", round, text->str);
    }

  g_rand_free (rand);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  hanji_test_tolerate_gtk_allocation_warning ();
  adw_init ();

#define ADD_TEST(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD_TEST ("/preview/content", test_preview_content);
  ADD_TEST ("/preview/no-reload", test_preview_no_reload);
  ADD_TEST ("/preview/coalesce", test_preview_coalesce);
  ADD_TEST ("/preview/unicode", test_preview_unicode);
  ADD_TEST ("/preview/links", test_preview_links);
  ADD_TEST ("/preview/remote-image", test_preview_remote_image);
  ADD_TEST ("/preview/dark", test_preview_dark);
  ADD_TEST ("/preview/relocate", test_preview_relocate);
  ADD_TEST ("/preview/dispose-loading", test_preview_dispose_loading);
  ADD_TEST ("/preview/dispose-busy", test_preview_dispose_busy);
  ADD_TEST ("/preview/no-remote-images", test_preview_no_remote_images);
  ADD_TEST ("/preview/static-dirs", test_preview_static_dirs);
  ADD_TEST ("/preview/missing-image", test_preview_missing_image);
  ADD_TEST ("/preview/scroll-sync", test_preview_scroll_sync);
  ADD_TEST ("/preview/click-line", test_preview_click_line);
  ADD_TEST ("/preview/safety", test_preview_safety);
  ADD_TEST ("/preview/code-highlight", test_preview_code_highlight);
  ADD_TEST ("/preview/blocks", test_preview_blocks);
  ADD_TEST ("/preview/blocks-random", test_preview_blocks_random);
  ADD_TEST ("/preview/crash", test_preview_crash);

#undef ADD_TEST

  return g_test_run ();
}
