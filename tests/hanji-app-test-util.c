/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the widget tests of the whole window share: waiting on the main
 * loop with a watchdog, the app and its sample blog, a post opened in a
 * window, the preview's DOM read back from WebKit. */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "hanji-app-test-util.h"
#include "hanji-test-util.h"

#define TIMEOUT_SEC 30

/* The temporary home of app_test_init (). */
static char *test_home;

static gboolean
timed_out_cb (gpointer data)
{
  gboolean *timed_out = data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until cond holds; a watchdog fails the test rather
 * than letting it hang. */
void
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

gboolean
pointer_set (gpointer data)
{
  return *(gpointer *)data != NULL;
}

void
spin_for (guint msec)
{
  gboolean done = FALSE;

  g_timeout_add (msec, timed_out_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static void
eval_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  char **out = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JSCValue) value = webkit_web_view_evaluate_javascript_finish (WEBKIT_WEB_VIEW (object), result, &error);

  if (value == NULL)
    *out = g_strdup_printf ("ERROR: %s", error->message);
  else
    *out = jsc_value_to_string (value);
}

/* Evaluates script in the preview and returns its value as a string. */
char *
eval_js (HanjiWindow *window,
         const char  *script)
{
  WebKitWebView *view = hanji_preview_get_web_view (_hanji_window_get_preview (window));
  char *result = NULL;

  webkit_web_view_evaluate_javascript (view, script, -1, NULL, NULL, NULL, eval_cb, &result);
  spin_until (pointer_set, &result, "JavaScript result");
  return result;
}

typedef struct
{
  HanjiWindow *window;
  const char  *script;
  const char  *expected;
} JsWait;

static gboolean
js_equals (gpointer data)
{
  JsWait *wait = data;
  g_autofree char *value = eval_js (wait->window, wait->script);

  if (g_strcmp0 (value, wait->expected) == 0)
    return TRUE;

  spin_for (50);
  return FALSE;
}

void
wait_js (HanjiWindow *window,
         const char  *script,
         const char  *expected)
{
  JsWait wait = { window, script, expected };
  g_autofree char *what = g_strdup_printf ("`%s` to be “%s”", script, expected);

  spin_until (js_equals, &wait, what);
}

static void
copy_sample_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GFile **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = hanji_application_copy_sample_blog_finish (HANJI_APPLICATION (object), result, &error);
  g_assert_no_error (error);
}

/* A registered GtkApplication stays exported on the session bus for the
 * life of the process (GTK keeps a reference), so each test gets its own
 * id, with Hanji's resources. */
HanjiApplication *
create_app (void)
{
  static guint serial;
  g_autoptr(HanjiApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_strdup_printf ("%s.Test%u", APP_ID, ++serial);
  g_autofree char *session = g_build_filename (g_get_user_data_dir (), APP_ID, "session.json", NULL);
  g_autofree char *drafts = g_build_filename (g_get_user_data_dir (), APP_ID, "drafts", NULL);

  hanji_test_tolerate_web_process_crash ();

  /* Each test starts as after a clean exit, unless it writes a session
   * of its own before. */
  g_unlink (session);
  if (g_file_test (drafts, G_FILE_TEST_IS_DIR))
    hanji_test_remove_tree (drafts);

  app = g_object_new (HANJI_TYPE_APPLICATION,
                      "application-id", id,
                      "flags", G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN,
                      NULL);
  g_application_set_resource_base_path (G_APPLICATION (app), "/io/github/hanjiapp/Hanji");
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&app);
}

/* The real "Try the Sample Blog" path, into the isolated data dir: the
 * first test copies it, later ones get that copy. */
GFile *
copy_sample (HanjiApplication *app)
{
  GFile *folder = NULL;

  hanji_application_copy_sample_blog_async (app, NULL, copy_sample_cb, &folder);
  spin_until (pointer_set, &folder, "the sample blog copy");
  return folder;
}

guint
count_posts (GFile *folder)
{
  static const char *subdirs[] = { "_posts", "_drafts" };
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (subdirs); i++)
    {
      g_autoptr(GFile) dir = g_file_get_child (folder, subdirs[i]);
      g_autofree char *path = g_file_get_path (dir);
      g_autoptr(GDir) gdir = g_dir_open (path, 0, NULL);
      const char *name;

      while (gdir != NULL && (name = g_dir_read_name (gdir)) != NULL)
        if (g_str_has_suffix (name, ".md") || g_str_has_suffix (name, ".markdown"))
          n++;
    }

  return n;
}

gboolean
list_filled (gpointer data)
{
  ListWait *wait = data;
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (_hanji_window_get_post_list (wait->window)));

  return model != NULL && g_list_model_get_n_items (model) == wait->expected;
}

gboolean
document_loaded (gpointer data)
{
  HanjiWindow *window = data;
  HanjiDocument *document = _hanji_window_get_document (window);

  return document != NULL && hanji_document_get_loaded (document);
}

gboolean
preview_ready (gpointer data)
{
  return hanji_preview_get_ready (data);
}

gboolean
document_saved (gpointer data)
{
  HanjiDocument *document = data;

  return !hanji_document_get_saving (document) &&
         !gtk_text_buffer_get_modified (GTK_TEXT_BUFFER (document));
}

char *
buffer_text (HanjiDocument *document)
{
  GtkTextIter begin, end;

  gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (document), &begin, &end);
  return gtk_text_buffer_get_text (GTK_TEXT_BUFFER (document), &begin, &end, TRUE);
}

void
type_text (HanjiDocument *document,
           const char    *text)
{
  GtkTextIter end;

  gtk_text_buffer_get_end_iter (GTK_TEXT_BUFFER (document), &end);
  gtk_text_buffer_begin_user_action (GTK_TEXT_BUFFER (document));
  gtk_text_buffer_insert (GTK_TEXT_BUFFER (document), &end, text, -1);
  gtk_text_buffer_end_user_action (GTK_TEXT_BUFFER (document));
}

gboolean
widget_unrealized (gpointer data)
{
  return !gtk_widget_get_realized (GTK_WIDGET (data));
}

HanjiWindow *
open_post_window (HanjiApplication *app,
                  GFile            *folder,
                  const char       *relative)
{
  g_autoptr(GFile) post = g_file_resolve_relative_path (folder, relative);
  HanjiWindow *window = g_object_ref (hanji_window_new (GTK_APPLICATION (app)));
  ListWait list_wait = { window, count_posts (folder) };

  gtk_window_present (GTK_WINDOW (window));
  hanji_window_open_file (window, post);
  spin_until (document_loaded, window, "the post to load");
  /* Tag completion draws on the whole list. */
  spin_until (list_filled, &list_wait, "the post list");
  hanji_front_matter_form_sync (_hanji_window_get_form (window));
  return window;
}

void
close_window (HanjiWindow *window)
{
  HanjiDocument *document = _hanji_window_get_document (window);

  /* Tests leave posts modified on purpose: close without asking. */
  if (document != NULL)
    gtk_text_buffer_set_modified (GTK_TEXT_BUFFER (document), FALSE);
  gtk_window_close (GTK_WINDOW (window));
  spin_until (widget_unrealized, window, "the window to close");
  spin_for (300);
  g_assert_finalize_object (window);
}

void
app_test_init (int    *argc,
               char ***argv)
{
  g_autofree char *home = g_dir_make_tmp ("hanji-test-app-XXXXXX", NULL);

  test_home = g_strdup (home);

  /* The user's folders only: G_TEST_OPTION_ISOLATE_DIRS would also hide
   * the system icon theme behind XDG_DATA_DIRS. Set before GLib caches
   * them. */
  g_assert_nonnull (home);
  for (guint i = 0; i < 4; i++)
    {
      static const char *vars[] = { "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME" };
      g_autofree char *dir = g_build_filename (home, vars[i], NULL);

      g_setenv (vars[i], dir, TRUE);
    }

  g_test_init (argc, argv, NULL);
  hanji_test_tolerate_gtk_allocation_warning ();
  gtk_init ();
  adw_init ();
}

void
app_test_cleanup (void)
{
  if (test_home != NULL)
    hanji_test_remove_tree (test_home);
  g_clear_pointer (&test_home, g_free);
}
