/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The writing tools in the real window: find and replace, focus mode. */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "hanji-app-test-util.h"
#include "hanji-editor-commands.h"
#include "hanji-lint.h"
#include "hanji-preferences-window.h"
#include "hanji-spelling.h"
#include "hanji-test-util.h"

#define SAMPLE_POST "_posts/2024-05-18-전주-한옥마을-산책.md"

static void
set_text (HanjiDocument *document,
          const char    *text)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (document), &start, &end);
  gtk_text_buffer_begin_user_action (GTK_TEXT_BUFFER (document));
  gtk_text_buffer_delete (GTK_TEXT_BUFFER (document), &start, &end);
  gtk_text_buffer_insert (GTK_TEXT_BUFFER (document), &start, text, -1);
  gtk_text_buffer_end_user_action (GTK_TEXT_BUFFER (document));
}

static char *
selected_text (HanjiDocument *document)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_selection_bounds (GTK_TEXT_BUFFER (document), &start, &end);
  return gtk_text_iter_get_slice (&start, &end);
}

typedef struct
{
  HanjiFindBar *bar;
  const char   *status;
} StatusWait;

static gboolean
status_is (gpointer data)
{
  StatusWait *wait = data;
  static char *last;

  if (g_strcmp0 (last, hanji_find_bar_get_status (wait->bar)) != 0)
    {
      g_free (last);
      last = g_strdup (hanji_find_bar_get_status (wait->bar));
      g_test_message ("find bar: “%s” (waiting for “%s”)", last, wait->status);
    }

  return g_str_equal (hanji_find_bar_get_status (wait->bar), wait->status);
}

static void
wait_status (HanjiFindBar *bar,
             const char   *status)
{
  StatusWait wait = { bar, status };
  g_autofree char *what = g_strdup_printf ("the find bar to say “%s” (it says “%s”)",
                                           status, hanji_find_bar_get_status (bar));

  spin_until (status_is, &wait, what);
}

static void
search_for (HanjiFindBar *bar,
            const char   *text,
            const char   *status)
{
  gtk_editable_set_text (hanji_find_bar_get_search_entry (bar), text);
  wait_status (bar, status);
}

static void
set_option (HanjiWindow *window,
            const char  *name,
            gboolean     value)
{
  HanjiFindBar *bar = _hanji_window_get_find_bar (window);

  g_object_set (hanji_find_bar_get_settings (bar), name, value, NULL);
}

static void
test_find_replace (void)
{
  g_autoptr(HanjiApplication) app = create_app ();
  g_autoptr(GFile) folder = copy_sample (app);
  HanjiWindow *window = open_post_window (app, folder, SAMPLE_POST);
  HanjiDocument *document = _hanji_window_get_document (window);
  HanjiFindBar *bar = _hanji_window_get_find_bar (window);
  GtkTextIter start;
  const char *text =
    "---\ntitle: 찾기\n---\n\n"
    "한지 종이. 한지는 좋다.\n"
    "HANJI hanji Hanji 한지\n";

  set_text (document, text);
  gtk_text_buffer_get_start_iter (GTK_TEXT_BUFFER (document), &start);
  gtk_text_buffer_place_cursor (GTK_TEXT_BUFFER (document), &start);

  g_assert_false (_hanji_window_get_find_visible (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.find", NULL));
  g_assert_true (_hanji_window_get_find_visible (window));
  g_assert_false (hanji_find_bar_get_replace_mode (bar));

  /* Typing searches from the cursor: the first match is selected. */
  search_for (bar, "한지", "1 of 3");
  {
    g_autofree char *selected = selected_text (document);

    g_assert_cmpstr (selected, ==, "한지");
  }

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.find-next", NULL));
  wait_status (bar, "2 of 3");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.find-next", NULL));
  wait_status (bar, "3 of 3");
  /* Around the end to the start. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.find-next", NULL));
  wait_status (bar, "1 of 3");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.find-previous", NULL));
  wait_status (bar, "3 of 3");

  /* Whole words: 한지는 is one word to Pango, so it no longer counts. */
  set_option (window, "at-word-boundaries", TRUE);
  wait_status (bar, "2 of 2");
  set_option (window, "at-word-boundaries", FALSE);

  /* Case: HANJI is selected, and is no match once case counts. */
  search_for (bar, "hanji", "1 of 3");
  set_option (window, "case-sensitive", TRUE);
  wait_status (bar, "1 match");
  set_option (window, "case-sensitive", FALSE);

  /* Regular expressions, and a broken one said so. */
  set_option (window, "regex-enabled", TRUE);
  search_for (bar, "한지[는]", "1 of 1");
  search_for (bar, "한지(", "Invalid pattern");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (hanji_find_bar_get_search_entry (bar)), "error"));
  set_option (window, "regex-enabled", FALSE);

  search_for (bar, "없는 말", "No results");

  /* Replace: the first press replaces the match that is selected and
   * goes on to the next. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.find-replace", NULL));
  g_assert_true (hanji_find_bar_get_replace_mode (bar));
  gtk_text_buffer_get_start_iter (GTK_TEXT_BUFFER (document), &start);
  gtk_text_buffer_place_cursor (GTK_TEXT_BUFFER (document), &start);
  search_for (bar, "한지", "1 of 3");
  gtk_editable_set_text (hanji_find_bar_get_replace_entry (bar), "종이");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (bar), "find.replace", NULL));
  wait_status (bar, "1 of 2");
  {
    g_autofree char *now = buffer_text (document);

    assert_contains (now, "종이 종이. 한지는 좋다.");
  }

  /* Replace all, undone in one step. */
  search_for (bar, "hanji", "1 of 3");
  gtk_editable_set_text (hanji_find_bar_get_replace_entry (bar), "HJ");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (bar), "find.replace-all", NULL));
  wait_status (bar, "3 replaced");
  {
    g_autofree char *now = buffer_text (document);

    assert_contains (now, "HJ HJ HJ 한지\n");
  }
  gtk_widget_activate_action (GTK_WIDGET (_hanji_window_get_source_view (window)), "text.undo", NULL);
  {
    g_autofree char *now = buffer_text (document);

    assert_contains (now, "HANJI hanji Hanji 한지\n");
  }

  /* Closing gives the editor its focus back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (bar), "find.close", NULL));
  g_assert_false (_hanji_window_get_find_visible (window));
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (_hanji_window_get_source_view (window))));
  g_assert_false (gtk_source_search_context_get_highlight (hanji_find_bar_get_context (bar)));

  close_window (window);
}

/* Ctrl+F with a word selected searches for that word. */
static void
test_find_selection (void)
{
  g_autoptr(HanjiApplication) app = create_app ();
  g_autoptr(GFile) folder = copy_sample (app);
  HanjiWindow *window = open_post_window (app, folder, SAMPLE_POST);
  HanjiDocument *document = _hanji_window_get_document (window);
  HanjiFindBar *bar = _hanji_window_get_find_bar (window);
  GtkTextIter start, end;

  set_text (document, "---\ntitle: x\n---\n\n전주 한옥마을, 전주 비빔밥.\n");
  gtk_text_buffer_get_iter_at_line_offset (GTK_TEXT_BUFFER (document), &start, 4, 0);
  gtk_text_buffer_get_iter_at_line_offset (GTK_TEXT_BUFFER (document), &end, 4, 2);
  gtk_text_buffer_select_range (GTK_TEXT_BUFFER (document), &start, &end);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.find", NULL));
  g_assert_cmpstr (gtk_editable_get_text (hanji_find_bar_get_search_entry (bar)), ==, "전주");
  wait_status (bar, "1 of 2");

  /* Switching posts searches the new one. */
  gtk_text_buffer_set_modified (GTK_TEXT_BUFFER (document), FALSE);
  {
    g_autoptr(GFile) other = g_file_resolve_relative_path (folder, "_posts/2024-10-09-hangul-day.md");

    _hanji_window_open_post (window, other);
    spin_until (document_loaded, window, "the other post");
    g_assert_true (gtk_source_search_context_get_buffer (hanji_find_bar_get_context (bar)) ==
                   GTK_SOURCE_BUFFER (_hanji_window_get_document (window)));
  }

  close_window (window);
}

static void
test_focus_mode (void)
{
  g_autoptr(HanjiApplication) app = create_app ();
  g_autoptr(GFile) folder = copy_sample (app);
  HanjiWindow *window = open_post_window (app, folder, SAMPLE_POST);
  GtkTextView *view = GTK_TEXT_VIEW (_hanji_window_get_source_view (window));
  gboolean focus_mode = FALSE;

  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (_hanji_window_get_form (window))));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (_hanji_window_get_preview (window))));
  g_assert_cmpint (gtk_text_view_get_left_margin (view), ==, 24);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.focus-mode", NULL));
  g_object_get (window, "focus-mode", &focus_mode, NULL);
  g_assert_true (focus_mode);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (_hanji_window_get_form (window))));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (_hanji_window_get_preview (window))));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (_hanji_window_get_post_list_widget (window))) &&
                  gtk_widget_is_drawable (GTK_WIDGET (_hanji_window_get_post_list_widget (window))));

  /* The column is centred once the editor has its full width. */
  spin_for (500);
  {
    int width = gtk_widget_get_width (GTK_WIDGET (view));
    int left = gtk_text_view_get_left_margin (view);

    g_assert_cmpint (gtk_text_view_get_right_margin (view), ==, left);
    if (width > 1000)
      g_assert_cmpint (left, >, 24);
    else
      g_test_message ("editor only %d px wide: margins stay %d", width, left);
  }

  /* Leaving shows what it hid, as it was. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.leave-focus-mode", NULL));
  g_object_get (window, "focus-mode", &focus_mode, NULL);
  g_assert_false (focus_mode);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (_hanji_window_get_form (window))));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (_hanji_window_get_preview (window))));
  g_assert_cmpint (gtk_text_view_get_left_margin (view), ==, 24);
  {
    gboolean sidebar = FALSE;

    g_object_get (window, "sidebar-visible", &sidebar, NULL);
    g_assert_true (sidebar);
  }

  close_window (window);
}

static gboolean
search_done (gpointer data)
{
  HanjiSearchPanel *panel = data;

  return !hanji_search_panel_get_busy (panel) &&
         g_list_model_get_n_items (hanji_search_panel_get_matches (panel)) > 0;
}

static void
test_search_site (void)
{
  g_autoptr(HanjiApplication) app = create_app ();
  g_autoptr(GFile) folder = copy_sample (app);
  HanjiWindow *window = open_post_window (app, folder, SAMPLE_POST);
  HanjiSearchPanel *panel = _hanji_window_get_search_panel (window);
  HanjiDocument *document;
  gboolean visible = FALSE;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search-all", NULL));
  g_object_get (window, "search-visible", &visible, NULL);
  g_assert_true (visible);
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (hanji_search_panel_get_entry (panel))) ||
                 gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)),
                                         GTK_WIDGET (hanji_search_panel_get_entry (panel))));

  /* 김치 is in one post only, not the one open. */
  gtk_editable_set_text (hanji_search_panel_get_entry (panel), "김치");
  spin_until (search_done, panel, "the search across posts");
  g_assert_cmpuint (g_list_model_get_n_items (hanji_search_panel_get_matches (panel)), >=, 6);
  assert_contains (hanji_search_panel_get_summary (panel), "in 1 post");

  hanji_search_panel_activate (panel, 1);
  spin_until (document_loaded, window, "the post of the match");
  document = _hanji_window_get_document (window);
  {
    g_autofree char *path = g_file_get_path (hanji_document_get_file (document));
    g_autofree char *selected = selected_text (document);
    g_autoptr(HanjiSearchMatch) match = g_list_model_get_item (hanji_search_panel_get_matches (panel), 1);
    GtkTextIter start, end;

    assert_contains (path, "kimchi-jjigae");
    g_assert_cmpstr (selected, ==, "김치");
    gtk_text_buffer_get_selection_bounds (GTK_TEXT_BUFFER (document), &start, &end);
    g_assert_cmpuint (gtk_text_iter_get_line (&start) + 1, ==, hanji_search_match_get_line (match));
    g_assert_true (gtk_widget_has_focus (GTK_WIDGET (_hanji_window_get_source_view (window))));
  }

  /* The second match of the same post, now open: selected at once. */
  hanji_search_panel_activate (panel, 2);
  {
    g_autofree char *selected = selected_text (document);
    g_autoptr(HanjiSearchMatch) match = g_list_model_get_item (hanji_search_panel_get_matches (panel), 2);
    GtkTextIter start, end;

    g_assert_cmpstr (selected, ==, "김치");
    gtk_text_buffer_get_selection_bounds (GTK_TEXT_BUFFER (document), &start, &end);
    g_assert_cmpuint (gtk_text_iter_get_line_offset (&start) + 1, ==, hanji_search_match_get_column (match));
  }

  /* Back to the list. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search-site", NULL));
  g_object_get (window, "search-visible", &visible, NULL);
  g_assert_false (visible);

  close_window (window);
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

typedef struct
{
  gboolean done;
  guint    n_missing;
} ExportWait;

static void
export_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  ExportWait *wait = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (hanji_preview_export_finish (HANJI_PREVIEW (object), result, &wait->n_missing, &error));
  g_assert_no_error (error);
  wait->done = TRUE;
}

static char *
export_post (HanjiWindow *window,
             const char  *path,
             gboolean     copy_images)
{
  g_autoptr(GFile) destination = g_file_new_for_path (path);
  ExportWait wait = { FALSE, 99 };
  char *contents = NULL;

  hanji_preview_export_async (_hanji_window_get_preview (window), destination, "묵은지 <김치>찌개",
                              copy_images, NULL, export_cb, &wait);
  spin_until (flag_set, &wait.done, "the export");
  g_assert_cmpuint (wait.n_missing, ==, 0);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  return contents;
}

static gboolean
image_shown (gpointer data)
{
  HanjiWindow *window = data;
  g_autofree char *width = eval_js (window, "String (document.querySelector ('#hanji-content img').naturalWidth)");

  if (g_strcmp0 (width, "0") != 0 && !g_str_has_prefix (width, "ERROR"))
    return TRUE;

  spin_for (50);
  return FALSE;
}

static void
load_changed_cb (WebKitWebView   *view,
                 WebKitLoadEvent  event,
                 gpointer         user_data)
{
  if (event == WEBKIT_LOAD_FINISHED)
    *(gboolean *) user_data = TRUE;
}

static void
view_eval_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(JSCValue) value = webkit_web_view_evaluate_javascript_finish (WEBKIT_WEB_VIEW (object), result, NULL);

  *(char **) user_data = value ? jsc_value_to_string (value) : g_strdup ("ERROR");
}

/* The exported page on its own, from file:// in a WebKit view of its
 * own: its first image's natural width once loaded ("0" if it broke).
 * The view is related to the preview's, so no new web processes are
 * started (a fresh default context's processes failed to start under a
 * loaded test run). */
static char *
exported_image_width (HanjiWindow *hanji,
                      const char  *path)
{
  GtkWidget *window = gtk_window_new ();
  WebKitWebView *view = g_object_new (WEBKIT_TYPE_WEB_VIEW,
                                      "related-view", hanji_preview_get_web_view (_hanji_window_get_preview (hanji)),
                                      NULL);
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  gboolean loaded = FALSE;
  char *width = NULL;

  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  gtk_window_present (GTK_WINDOW (window));
  g_signal_connect (view, "load-changed", G_CALLBACK (load_changed_cb), &loaded);
  webkit_web_view_load_uri (view, uri);
  spin_until (flag_set, &loaded, "the exported page to load");
  webkit_web_view_evaluate_javascript (view,
                                       "String (document.images.length && document.images[0].complete ? document.images[0].naturalWidth : -1)",
                                       -1, NULL, NULL, NULL, view_eval_cb, &width);
  spin_until (pointer_set, &width, "the exported image's width");
  gtk_window_destroy (GTK_WINDOW (window));
  return width;
}

static void
test_export (void)
{
  g_autoptr(HanjiApplication) app = create_app ();
  g_autoptr(GFile) folder = copy_sample (app);
  HanjiWindow *window = open_post_window (app, folder, "_posts/2024-01-14-kimchi-jjigae.md");
  g_autofree char *dir = g_dir_make_tmp ("hanji-export-XXXXXX", NULL);
  g_autofree char *embedded_path = g_build_filename (dir, "김치찌개 글.html", NULL);
  g_autofree char *copied_path = g_build_filename (dir, "kimchi.html", NULL);
  g_autofree char *beside = g_build_filename (dir, "kimchi_files", "kimchi-jjigae.jpg", NULL);
  g_autofree char *embedded = NULL;
  g_autofree char *copied = NULL;
  g_autofree char *width = NULL;

  spin_until (preview_ready, _hanji_window_get_preview (window), "the preview");
  spin_until (image_shown, window, "the preview's image");

  /* Embedded: one file, the image inside it. */
  embedded = export_post (window, embedded_path, FALSE);
  g_assert_true (g_str_has_prefix (embedded, "<!DOCTYPE html>\n<html"));
  assert_contains (embedded, "<title>묵은지 &lt;김치&gt;찌개</title>");
  assert_contains (embedded, "src=\"data:image/jpeg;base64,");
  assert_contains (embedded, "<table>");
  assert_contains (embedded, "양념");
  assert_not_contains (embedded, "hanji-site:");
  assert_not_contains (embedded, "data-sourcepos");
  assert_not_contains (embedded, "<script");
  assert_not_contains (embedded, "Content-Security-Policy");
  /* The preview's style sheet comes along. */
  assert_contains (embedded, "<style>");

  /* Copied: the image in a folder beside the page, which shows it. */
  copied = export_post (window, copied_path, TRUE);
  assert_contains (copied, "src=\"kimchi_files/kimchi-jjigae.jpg\"");
  g_assert_true (g_file_test (beside, G_FILE_TEST_IS_REGULAR));
  width = exported_image_width (window, copied_path);
  g_assert_cmpstr (width, !=, "0");
  g_assert_cmpstr (width, !=, "-1");
  g_assert_cmpstr (width, !=, "ERROR");

  /* Again: the page is replaced, the image is never overwritten. */
  g_clear_pointer (&copied, g_free);
  copied = export_post (window, copied_path, TRUE);
  assert_contains (copied, "src=\"kimchi_files/kimchi-jjigae-2.jpg\"");

  close_window (window);
  hanji_test_remove_tree (dir);
}

static gboolean
font_applied (gpointer data)
{
  GtkWidget *view = data;
  const PangoFontDescription *font = pango_context_get_font_description (gtk_widget_get_pango_context (view));

  /* 15 points at 96 dpi: GTK sets it as 20 pixels. */
  if (g_strcmp0 (pango_font_description_get_family (font), "Noto Serif CJK KR") == 0 &&
      pango_font_description_get_size_is_absolute (font) &&
      pango_font_description_get_size (font) == 20 * PANGO_SCALE)
    return TRUE;

  spin_for (20);
  return FALSE;
}

static const char *
buffer_scheme_id (HanjiDocument *document)
{
  return gtk_source_style_scheme_get_id (gtk_source_buffer_get_style_scheme (GTK_SOURCE_BUFFER (document)));
}

/* The preferences' switches that cannot be changed; each must show off. */
static guint
count_insensitive_switches (GtkWidget *widget)
{
  guint n = 0;

  if (GTK_IS_SWITCH (widget) && !gtk_widget_get_sensitive (widget))
    {
      g_assert_false (gtk_switch_get_active (GTK_SWITCH (widget)));
      n++;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_insensitive_switches (child);

  return n;
}

static void
test_preferences (void)
{
  g_autoptr(HanjiApplication) app = create_app ();
  g_autoptr(GFile) folder = copy_sample (app);
  HanjiWindow *window = open_post_window (app, folder, SAMPLE_POST);
  HanjiDocument *document = _hanji_window_get_document (window);
  GtkSourceView *view = _hanji_window_get_source_view (window);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  AdwStyleManager *style = adw_style_manager_get_default ();
  GtkWidget *preferences;
  const char * const *schemes;
  guint solarized = 0;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "app.preferences", NULL));
  preferences = GTK_WIDGET (gtk_application_get_active_window (GTK_APPLICATION (app)));
  if (!HANJI_IS_PREFERENCES_WINDOW (preferences))
    {
      GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));

      preferences = NULL;
      for (GList *l = windows; l != NULL; l = l->next)
        if (HANJI_IS_PREFERENCES_WINDOW (l->data))
          preferences = l->data;
    }
  g_assert_nonnull (preferences);

  /* Spell checking in a build without it: off and insensitive, though the
   * setting (kept for a build with it) is on. */
  g_assert_true (g_settings_get_boolean (settings, "spell-check"));
  g_assert_cmpuint (count_insensitive_switches (preferences), ==, hanji_spelling_available () ? 0 : 1);

  /* Font */
  g_settings_set_string (settings, "editor-font", "Noto Serif CJK KR 15");
  spin_until (font_applied, view, "the editor font");
  g_settings_reset (settings, "editor-font");

  /* Line numbers and the current line, from the preferences' switches. */
  g_assert_false (gtk_source_view_get_show_line_numbers (view));
  g_settings_set_boolean (settings, "show-line-numbers", TRUE);
  g_settings_set_boolean (settings, "highlight-current-line", TRUE);
  g_assert_true (gtk_source_view_get_show_line_numbers (view));
  g_assert_true (gtk_source_view_get_highlight_current_line (view));
  g_settings_reset (settings, "show-line-numbers");
  g_settings_reset (settings, "highlight-current-line");

  /* A colour scheme offered once, its dark variant used in dark style. */
  schemes = _hanji_preferences_window_get_scheme_ids (HANJI_PREFERENCES_WINDOW (preferences));
  g_assert_cmpstr (schemes[0], ==, "");
  for (guint i = 0; schemes[i] != NULL; i++)
    {
      g_assert_false (g_str_equal (schemes[i], "solarized-dark"));
      if (g_str_equal (schemes[i], "solarized-light"))
        solarized = i;
    }
  g_assert_cmpuint (solarized, >, 0);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  g_assert_cmpstr (buffer_scheme_id (document), ==, "Adwaita");
  g_settings_set_string (settings, "style-scheme", "solarized-light");
  g_assert_cmpstr (buffer_scheme_id (document), ==, "solarized-light");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_cmpstr (buffer_scheme_id (document), ==, "solarized-dark");
  g_settings_reset (settings, "style-scheme");
  g_assert_cmpstr (buffer_scheme_id (document), ==, "Adwaita-dark");

  /* The preview can stay light in dark style. */
  spin_until (preview_ready, _hanji_window_get_preview (window), "the preview");
  wait_js (window, "String (document.documentElement.classList.contains ('hanji-dark'))", "true");
  g_settings_set_string (settings, "preview-style", "light");
  wait_js (window, "String (document.documentElement.classList.contains ('hanji-dark'))", "false");
  g_settings_reset (settings, "preview-style");
  wait_js (window, "String (document.documentElement.classList.contains ('hanji-dark'))", "true");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);

  gtk_window_destroy (GTK_WINDOW (preferences));
  close_window (window);
}

/* The body after the front matter "---\ntitle: x\n---\n\n". */
#define HEAD "---\ntitle: x\n---\n\n"

static void
place (HanjiDocument *document,
       int            line,
       int            from,
       int            to)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_iter_at_line_offset (GTK_TEXT_BUFFER (document), &start, line, from);
  gtk_text_buffer_get_iter_at_line_offset (GTK_TEXT_BUFFER (document), &end, line, to);
  gtk_text_buffer_select_range (GTK_TEXT_BUFFER (document), &start, &end);
}

static void
assert_body (HanjiDocument *document,
             const char    *expected)
{
  g_autofree char *text = buffer_text (document);

  g_assert_true (g_str_has_prefix (text, HEAD));
  g_assert_cmpstr (text + strlen (HEAD), ==, expected);
}

static void
undo (HanjiWindow *window)
{
  gtk_widget_activate_action (GTK_WIDGET (_hanji_window_get_source_view (window)), "text.undo", NULL);
}

static void
format (HanjiWindow *window,
        const char  *action)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (_hanji_window_get_source_view (window)), action, NULL));
}

static void
test_format (void)
{
  g_autoptr(HanjiApplication) app = create_app ();
  g_autoptr(GFile) folder = copy_sample (app);
  HanjiWindow *window = open_post_window (app, folder, SAMPLE_POST);
  HanjiDocument *document = _hanji_window_get_document (window);

  set_text (document, HEAD "한지는 종이다\n");

  /* Bold on a selection, and off again (one undo each). */
  place (document, 4, 0, 3);
  format (window, "format.bold");
  assert_body (document, "**한지는** 종이다\n");
  {
    g_autofree char *selected = selected_text (document);

    g_assert_cmpstr (selected, ==, "한지는");
  }
  format (window, "format.bold");
  assert_body (document, "한지는 종이다\n");
  format (window, "format.bold");
  undo (window);
  assert_body (document, "한지는 종이다\n");

  /* Italic with asterisks, which close before a Korean particle. */
  place (document, 4, 0, 2);
  format (window, "format.italic");
  assert_body (document, "*한지*는 종이다\n");
  undo (window);

  /* The word at the cursor. */
  place (document, 4, 5, 5);
  format (window, "format.strikethrough");
  assert_body (document, "한지는 ~~종이다~~\n");
  undo (window);

  /* Inline code around a backtick gets a longer fence. */
  set_text (document, HEAD "a`b\n");
  place (document, 4, 0, 3);
  format (window, "format.code");
  assert_body (document, "`` a`b ``\n");

  /* Link: the address is selected to be typed over. */
  set_text (document, HEAD "전주 한옥마을\n");
  place (document, 4, 3, 7);
  format (window, "format.link");
  assert_body (document, "전주 [한옥마을](https://)\n");
  {
    g_autofree char *selected = selected_text (document);

    g_assert_cmpstr (selected, ==, "https://");
  }

  /* Headings replace each other; 0 is a paragraph. */
  set_text (document, HEAD "제목\n");
  place (document, 4, 1, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (_hanji_window_get_source_view (window)),
                                             "format.heading", "i", 2));
  assert_body (document, "## 제목\n");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (_hanji_window_get_source_view (window)),
                                             "format.heading", "i", 3));
  assert_body (document, "### 제목\n");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (_hanji_window_get_source_view (window)),
                                             "format.heading", "i", 0));
  assert_body (document, "제목\n");

  /* Lines: quote, lists (one kind replaces another), code block. */
  set_text (document, HEAD "하나\n둘\n");
  {
    GtkTextIter start, end;

    gtk_text_buffer_get_iter_at_line (GTK_TEXT_BUFFER (document), &start, 4);
    gtk_text_buffer_get_end_iter (GTK_TEXT_BUFFER (document), &end);
    gtk_text_buffer_select_range (GTK_TEXT_BUFFER (document), &start, &end);
  }
  format (window, "format.numbered-list");
  assert_body (document, "1. 하나\n2. 둘\n");
  format (window, "format.bullet-list");
  assert_body (document, "- 하나\n- 둘\n");
  format (window, "format.task-list");
  assert_body (document, "- [ ] 하나\n- [ ] 둘\n");
  format (window, "format.task-list");
  assert_body (document, "하나\n둘\n");
  format (window, "format.quote");
  assert_body (document, "> 하나\n> 둘\n");
  format (window, "format.quote");
  assert_body (document, "하나\n둘\n");
  format (window, "format.code-block");
  assert_body (document, "```\n하나\n둘\n```\n");

  close_window (window);
}

static void
test_lists (void)
{
  static const struct {
    const char *text;
    int         column;   /* where Enter is pressed, on the body's line */
    const char *after;
  } enter_cases[] = {
    { HEAD "9. 아홉\n", 5, "9. 아홉\n10. \n" },
    { HEAD "- [x] 끝\n", 7, "- [x] 끝\n- [ ] \n" },
    { HEAD "> 인용\n", 4, "> 인용\n> \n" },
    { HEAD "- 사과배\n", 4, "- 사과\n- 배\n" },
  };
  g_autoptr(HanjiApplication) app = create_app ();
  g_autoptr(GFile) folder = copy_sample (app);
  HanjiWindow *window = open_post_window (app, folder, SAMPLE_POST);
  HanjiDocument *document = _hanji_window_get_document (window);
  GtkSourceView *view = _hanji_window_get_source_view (window);

  /* Enter continues a list, numbers count on, tasks start unchecked. */
  set_text (document, HEAD "- 사과\n");
  place (document, 4, 4, 4);
  g_assert_true (hanji_editor_commands_newline (view));
  assert_body (document, "- 사과\n- \n");
  gtk_text_buffer_insert_at_cursor (GTK_TEXT_BUFFER (document), "배", -1);
  g_assert_true (hanji_editor_commands_newline (view));
  assert_body (document, "- 사과\n- 배\n- \n");
  /* Enter on the empty item ends the list. */
  g_assert_true (hanji_editor_commands_newline (view));
  assert_body (document, "- 사과\n- 배\n\n");
  /* One undo takes one Enter back. */
  undo (window);
  assert_body (document, "- 사과\n- 배\n- \n");

  /* Numbers count on, a task starts unchecked, quotes go on, and text
   * after the cursor moves to the new item. */
  for (guint i = 0; i < G_N_ELEMENTS (enter_cases); i++)
    {
      set_text (document, enter_cases[i].text);
      place (document, 4, enter_cases[i].column, enter_cases[i].column);
      g_assert_true (hanji_editor_commands_newline (view));
      assert_body (document, enter_cases[i].after);
    }

  /* Outside lists Enter is the view's own. */
  set_text (document, HEAD "보통 문단\n");
  place (document, 4, 2, 2);
  g_assert_false (hanji_editor_commands_newline (view));

  /* Tab nests under the item above; Shift+Tab brings it back. */
  set_text (document, HEAD "1. 하나\n2. 둘\n");
  place (document, 5, 3, 3);
  g_assert_true (hanji_editor_commands_indent (view, FALSE));
  assert_body (document, "1. 하나\n   2. 둘\n");
  g_assert_true (hanji_editor_commands_indent (view, TRUE));
  assert_body (document, "1. 하나\n2. 둘\n");

  set_text (document, HEAD "문단\n");
  place (document, 4, 0, 0);
  g_assert_false (hanji_editor_commands_indent (view, FALSE));

  close_window (window);
}

typedef struct
{
  HanjiWindow *window;
  const char  *label;
} StatsWait;

static gboolean
stats_label_is (gpointer data)
{
  StatsWait *wait = data;

  return g_strcmp0 (_hanji_window_get_stats_label (wait->window), wait->label) == 0;
}

static void
wait_stats (HanjiWindow *window,
            const char  *label)
{
  StatsWait wait = { window, label };
  g_autofree char *what = g_strdup_printf ("the statistics to read “%s”", label);

  spin_until (stats_label_is, &wait, what);
}

static void
test_stats (void)
{
  g_autoptr(HanjiApplication) app = create_app ();
  g_autoptr(GFile) folder = copy_sample (app);
  HanjiWindow *window = open_post_window (app, folder, SAMPLE_POST);
  HanjiDocument *document = _hanji_window_get_document (window);
  g_autofree char *details = NULL;

  set_text (document, HEAD "## 한국어는 *띄어쓰기*로 어절을 나눈다\n\n[GTK](https://gtk.org) widgets\n");
  wait_stats (window, "6 words · 1 min");
  details = _hanji_window_dup_stats_details (window);
  assert_contains (details, "Words|6\n");
  assert_contains (details, "Hangul syllables|15\n");

  /* The selection's count beside the post's. */
  place (document, 6, 0, 5);
  wait_stats (window, "1 of 6 words");
  g_clear_pointer (&details, g_free);
  details = _hanji_window_dup_stats_details (window);
  assert_contains (details, "Post|Selection\n");
  assert_contains (details, "Words|6|1\n");

  /* Select All counts what the post's column counts (not the front
   * matter); a selection inside the front matter counts as it is. */
  {
    GtkTextIter begin, end;

    gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (document), &begin, &end);
    gtk_text_buffer_select_range (GTK_TEXT_BUFFER (document), &begin, &end);
  }
  wait_stats (window, "6 of 6 words");
  place (document, 1, 7, 1);
  wait_stats (window, "1 of 6 words");

  /* Typing updates it. */
  place (document, 6, 0, 0);
  type_text (document, "\n더 많은 낱말을 씁니다\n");
  wait_stats (window, "10 words · 1 min");

  close_window (window);
}

static gboolean
outline_filled (gpointer data)
{
  HanjiWindow *window = data;

  return gtk_list_box_get_row_at_index (_hanji_window_get_outline_list (window), 2) != NULL;
}

static void
test_outline (void)
{
  g_autoptr(HanjiApplication) app = create_app ();
  g_autoptr(GFile) folder = copy_sample (app);
  HanjiWindow *window = open_post_window (app, folder, SAMPLE_POST);
  HanjiDocument *document = _hanji_window_get_document (window);
  GString *text = g_string_new (HEAD "# 처음\n\n");
  GtkListBoxRow *row;
  GtkTextIter cursor;
  guint heading_line;

  for (guint i = 0; i < 120; i++)
    g_string_append (text, "긴 문단이 이어집니다. 스크롤이 생기도록 여러 줄을 씁니다.\n\n");
  heading_line = 5 + 2 + 2 * 120;
  g_string_append (text, "## 한참 아래 제목\n\n끝.\n\n### 마지막\n");
  /* Enough below for the heading to reach the top. */
  for (guint i = 0; i < 60; i++)
    g_string_append (text, "\n맺음 문단.\n");
  set_text (document, text->str);
  g_string_free (text, TRUE);
  spin_until (preview_ready, _hanji_window_get_preview (window), "the preview");
  wait_js (window, "String (document.querySelectorAll ('h2').length)", "1");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.outline", NULL));
  spin_until (outline_filled, window, "the outline");
  row = gtk_list_box_get_row_at_index (_hanji_window_get_outline_list (window), 1);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (gtk_list_box_row_get_child (row))), ==, "한참 아래 제목");
  g_assert_null (gtk_list_box_get_row_at_index (_hanji_window_get_outline_list (window), 3));

  /* A heading chosen: the editor's cursor on it, the preview there too. */
  g_signal_emit_by_name (_hanji_window_get_outline_list (window), "row-activated", row);
  gtk_text_buffer_get_iter_at_mark (GTK_TEXT_BUFFER (document), &cursor,
                                    gtk_text_buffer_get_insert (GTK_TEXT_BUFFER (document)));
  g_assert_cmpint (gtk_text_iter_get_line (&cursor) + 1, ==, heading_line);
  g_assert_true (gtk_text_iter_starts_line (&cursor));
  wait_js (window,
           "String (Math.abs (document.querySelector ('h2').getBoundingClientRect ().top) < 80)",
           "true");

  close_window (window);
}

/* Whether the spell checker would look at the first occurrence of
 * needle: libspelling skips text in a no-spell-check context. */
static gboolean
spell_checked (HanjiDocument *document,
               const char    *needle)
{
  g_autofree char *text = buffer_text (document);
  const char *found = strstr (text, needle);
  GtkTextIter iter, start, end;

  g_assert_nonnull (found);
  gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (document), &start, &end);
  gtk_source_buffer_ensure_highlight (GTK_SOURCE_BUFFER (document), &start, &end);
  gtk_text_buffer_get_iter_at_offset (GTK_TEXT_BUFFER (document), &iter,
                                      g_utf8_pointer_to_offset (text, found) + 1);
  return !gtk_source_buffer_iter_has_context_class (GTK_SOURCE_BUFFER (document), &iter, "no-spell-check");
}

static void
test_spell_classes (void)
{
  g_autoptr(HanjiApplication) app = create_app ();
  g_autoptr(GFile) folder = copy_sample (app);
  HanjiWindow *window = open_post_window (app, folder, SAMPLE_POST);
  HanjiDocument *document = _hanji_window_get_document (window);

  set_text (document,
            "---\n"
            "title: Speling in a titel\n"
            "description: >\n"
            "  Folded descripshun\n"
            "image: /assets/img/photo-graph.jpg\n"
            "tags:\n"
            "  - taggy\n"
            "---\n\n"
            "Body wordz and `inlinecode` and [a linc](https://exampel.com/pathy).\n\n"
            "```\nfencedcode\n```\n");

  /* Keys, addresses and code are not checked… */
  g_assert_false (spell_checked (document, "title"));
  g_assert_false (spell_checked (document, "description"));
  g_assert_false (spell_checked (document, "assets"));
  g_assert_false (spell_checked (document, "inlinecode"));
  g_assert_false (spell_checked (document, "exampel"));
  g_assert_false (spell_checked (document, "fencedcode"));
  /* …the words a reader sees are, front matter values included. */
  g_assert_true (spell_checked (document, "Speling"));
  g_assert_true (spell_checked (document, "descripshun"));
  g_assert_true (spell_checked (document, "taggy"));
  g_assert_true (spell_checked (document, "wordz"));
  g_assert_true (spell_checked (document, "linc"));

  close_window (window);
}

typedef struct
{
  HanjiWindow *window;
  guint        n;
} LintWait;

static gboolean
lint_count_is (gpointer data)
{
  LintWait *wait = data;
  GPtrArray *problems = _hanji_window_get_lint_problems (wait->window);

  return problems != NULL && problems->len == wait->n &&
         gtk_widget_get_visible (GTK_WIDGET (wait->window->lint_button)) == (wait->n > 0);
}

static void
wait_lint (HanjiWindow *window,
           guint        n)
{
  LintWait wait = { window, n };
  g_autofree char *what = g_strdup_printf ("%u problems", n);

  spin_until (lint_count_is, &wait, what);
}

static void
test_lint (void)
{
  g_autoptr(HanjiApplication) app = create_app ();
  g_autoptr(GFile) folder = copy_sample (app);
  HanjiWindow *window = open_post_window (app, folder, SAMPLE_POST);
  HanjiDocument *document = _hanji_window_get_document (window);
  HanjiLintProblem *problem;

  set_text (document, HEAD "![없음](/assets/img/없는-사진.jpg)\n\n![김치](/assets/img/Kimchi-Jjigae.JPG)\n");
  wait_lint (window, 2);

  problem = _hanji_window_get_lint_problems (window)->pdata[0];
  g_assert_cmpstr (problem->code, ==, "missing-image");
  _hanji_window_reveal_lint_problem (window, 0);
  {
    g_autofree char *selected = selected_text (document);

    g_assert_cmpstr (selected, ==, "/assets/img/없는-사진.jpg");
  }

  /* The fix: the file's own spelling, one undo. */
  problem = _hanji_window_get_lint_problems (window)->pdata[1];
  g_assert_cmpstr (problem->code, ==, "misspelled-path");
  g_assert_true (_hanji_window_apply_lint_fix (window, 1));
  assert_body (document, "![없음](/assets/img/없는-사진.jpg)\n\n![김치](/assets/img/kimchi-jjigae.jpg)\n");
  wait_lint (window, 1);

  /* A stale list does not fix the wrong place. */
  type_text (document, "\n새 줄\n");
  g_assert_false (_hanji_window_apply_lint_fix (window, 0));

  undo (window);
  undo (window);
  assert_body (document, "![없음](/assets/img/없는-사진.jpg)\n\n![김치](/assets/img/Kimchi-Jjigae.JPG)\n");
  wait_lint (window, 2);

  /* All fixed: the indicator goes. */
  set_text (document, HEAD "깨끗한 글.\n");
  wait_lint (window, 0);

  close_window (window);
}

static GdkTexture *
make_texture (void)
{
  static guchar pixels[4 * 4 * 4];
  g_autoptr(GBytes) bytes = NULL;

  for (guint i = 0; i < sizeof pixels; i += 4)
    {
      pixels[i] = 0xc0;
      pixels[i + 1] = 0x40;
      pixels[i + 2] = 0x20;
      pixels[i + 3] = 0xff;
    }
  bytes = g_bytes_new_static (pixels, sizeof pixels);
  return gdk_memory_texture_new (4, 4, GDK_MEMORY_R8G8B8A8, bytes, 16);
}

static gboolean
body_contains (gpointer data)
{
  const char **args = data;
  g_autofree char *text = buffer_text ((HanjiDocument *) args[0]);

  return strstr (text, args[1]) != NULL;
}

static void
wait_body (HanjiDocument *document,
           const char    *needle)
{
  const char *args[] = { (const char *) document, needle };
  g_autofree char *what = g_strdup_printf ("“%s” in the post", needle);

  spin_until (body_contains, args, what);
}

static void
paste (HanjiWindow *window)
{
  g_signal_emit_by_name (_hanji_window_get_source_view (window), "paste-clipboard");
}

static void
test_images (void)
{
  g_autoptr(HanjiApplication) app = create_app ();
  g_autoptr(GFile) folder = copy_sample (app);
  HanjiWindow *window = open_post_window (app, folder, SAMPLE_POST);
  HanjiDocument *document = _hanji_window_get_document (window);
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (_hanji_window_get_source_view (window)));
  g_autoptr(GdkTexture) texture = make_texture ();
  g_autofree char *outside = g_dir_make_tmp ("hanji-images-XXXXXX", NULL);
  g_autofree char *photo_path = g_build_filename (outside, "내 사진.png", NULL);
  g_autofree char *text_path = g_build_filename (outside, "메모.txt", NULL);
  g_autoptr(GFile) photo = g_file_new_for_path (photo_path);
  g_autoptr(GFile) copied = g_file_resolve_relative_path (folder, "assets/img/전주-한옥마을-산책/내 사진.png");
  GtkTextIter end;

  g_assert_true (gdk_texture_save_to_png (texture, photo_path));
  hanji_test_write_file (outside, "메모.txt", "글자만\n");

  /* A file copied in a file manager, pasted: copied into the blog. */
  set_text (document, HEAD "사진:\n");
  gtk_text_buffer_get_end_iter (GTK_TEXT_BUFFER (document), &end);
  gtk_text_buffer_place_cursor (GTK_TEXT_BUFFER (document), &end);
  {
    g_autoptr(GSList) files = g_slist_prepend (NULL, photo);
    GdkFileList *list = gdk_file_list_new_from_list (files);

    gdk_clipboard_set (clipboard, GDK_TYPE_FILE_LIST, list);
    g_boxed_free (GDK_TYPE_FILE_LIST, list);
  }
  paste (window);
  wait_body (document, "![내 사진](</assets/img/전주-한옥마을-산책/내 사진.png>)");
  g_assert_true (g_file_query_exists (copied, NULL));

  /* The preview shows it at once, from the blog's folder. */
  spin_until (preview_ready, _hanji_window_get_preview (window), "the preview");
  wait_js (window, "String (document.querySelector ('#hanji-content img') != null && "
                   "document.querySelector ('#hanji-content img').naturalWidth)", "4");

  /* One undo takes it back out of the post (the file stays). */
  undo (window);
  assert_body (document, "사진:\n");

  /* Pixels from a screenshot tool. */
  gdk_clipboard_set_texture (clipboard, texture);
  paste (window);
  wait_body (document, "![](/assets/img/전주-한옥마을-산책/image-");
  /* The cursor waits in the empty alt text. */
  gtk_text_buffer_insert_at_cursor (GTK_TEXT_BUFFER (document), "지도", -1);
  wait_body (document, "![지도](/assets/img/전주-한옥마을-산책/image-");

  /* An image's address becomes an image; other text is text. */
  set_text (document, HEAD);
  gtk_text_buffer_get_end_iter (GTK_TEXT_BUFFER (document), &end);
  gtk_text_buffer_place_cursor (GTK_TEXT_BUFFER (document), &end);
  gdk_clipboard_set_text (clipboard, "https://example.com/photos/한지.jpg?w=800");
  paste (window);
  wait_body (document, "![](https://example.com/photos/한지.jpg?w=800)");
  gtk_text_buffer_insert_at_cursor (GTK_TEXT_BUFFER (document), "종이", -1);
  wait_body (document, "![종이](https://example.com/photos/한지.jpg?w=800)");
  gtk_text_buffer_get_end_iter (GTK_TEXT_BUFFER (document), &end);
  gtk_text_buffer_place_cursor (GTK_TEXT_BUFFER (document), &end);
  gdk_clipboard_set_text (clipboard, " 그냥 글자");
  paste (window);
  wait_body (document, "?w=800) 그냥 글자");

  /* Dropped: a text file is refused (said in a toast), the image goes
   * in on a line of its own. */
  set_text (document, HEAD "첫 줄\n");
  {
    g_autoptr(GFile) text_file = g_file_new_for_path (text_path);
    GSList *files = g_slist_prepend (g_slist_prepend (NULL, photo), text_file);

    g_assert_true (_hanji_window_drop_files (window, files, 10, 10));
    g_slist_free (files);
  }
  wait_body (document, "![내 사진](</assets/img/전주-한옥마을-산책/내 사진-2.png>)");

  close_window (window);
  hanji_test_remove_tree (outside);
}

/* A blog's .hanji.json chooses where its images go, over the user's
 * setting; its language is the dictionary for posts that name none. */
static void
test_site_settings (void)
{
  g_autoptr(HanjiApplication) app = create_app ();
  g_autoptr(GFile) folder = copy_sample (app);
  g_autofree char *root = g_file_get_path (folder);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  HanjiWindow *window;
  HanjiDocument *document;
  GdkClipboard *clipboard;
  g_autoptr(GdkTexture) texture = make_texture ();
  g_autofree char *language = NULL;
  GtkTextIter end;

  g_settings_set_string (settings, "asset-folder-pattern", "pictures/{slug}");
  hanji_test_write_file (root, ".hanji.json", "{ \"assets\": \"assets/photos/{slug}\" }");
  window = open_post_window (app, folder, SAMPLE_POST);
  document = _hanji_window_get_document (window);
  clipboard = gtk_widget_get_clipboard (GTK_WIDGET (_hanji_window_get_source_view (window)));

  set_text (document, HEAD);
  gtk_text_buffer_get_end_iter (GTK_TEXT_BUFFER (document), &end);
  gtk_text_buffer_place_cursor (GTK_TEXT_BUFFER (document), &end);
  gdk_clipboard_set_texture (clipboard, texture);
  paste (window);
  wait_body (document, "![](/assets/photos/전주-한옥마을-산책/image-");
  close_window (window);
  g_settings_reset (settings, "asset-folder-pattern");
  /* The sample blog's copy is shared by the tests that follow. */
  {
    g_autofree char *path = g_build_filename (root, ".hanji.json", NULL);

    g_assert_cmpint (g_unlink (path), ==, 0);
  }

  /* A post's own lang: wins; the site's (here the sample's lang: ko)
   * fills in; Enchant wants ko_KR, not ko-KR. */
  language = hanji_spelling_language_for_text ("---\nlang: en-GB\n---\n", -1, "ko");
  g_assert_cmpstr (language, ==, "en_GB");
  g_free (language);
  language = hanji_spelling_language_for_text ("---\ntitle: 글\n---\n", -1, "ko-KR");
  g_assert_cmpstr (language, ==, "ko_KR");
  g_free (language);
  language = hanji_spelling_language_for_text ("본문만\n", -1, NULL);
  g_assert_null (language);
}

/* The action a key combination runs in the editor (its shortcut
 * controllers, as GTK would look them up), or NULL. */
static char *
editor_shortcut_action (HanjiWindow *window,
                        const char  *accelerator)
{
  GtkWidget *view = GTK_WIDGET (_hanji_window_get_source_view (window));
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (view);
  GtkShortcutTrigger *wanted = gtk_shortcut_trigger_parse_string (accelerator);
  char *found = NULL;

  for (guint i = 0; found == NULL && i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      for (guint j = 0; found == NULL && j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);

          if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), wanted) &&
              GTK_IS_NAMED_ACTION (action))
            found = g_strdup (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)));
        }
    }

  g_object_unref (wanted);
  return found;
}

static void
test_shortcuts (void)
{
  g_autoptr(HanjiApplication) app = create_app ();
  g_autoptr(GFile) folder = copy_sample (app);
  HanjiWindow *window = open_post_window (app, folder, SAMPLE_POST);
  static const struct { const char *keys; const char *action; } expected[] = {
    { "<Control>b", "format.bold" },
    { "<Control>i", "format.italic" },
    { "<Control><Shift>x", "format.strikethrough" },
    { "<Control>e", "format.code" },
    { "<Control>k", "format.link" },
    { "<Control>2", "format.heading" },
  };

  /* On the editor itself: Ctrl+B in a form field stays there. */
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *action = editor_shortcut_action (window, expected[i].keys);

      g_assert_cmpstr (action, ==, expected[i].action);
    }
  {
    GtkWidget *form = GTK_WIDGET (_hanji_window_get_form (window));
    g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (form);

    for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
      {
        g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

        if (GTK_IS_SHORTCUT_CONTROLLER (controller))
          for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
            {
              g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
              GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);

              g_assert_false (GTK_IS_NAMED_ACTION (action) &&
                              g_str_has_prefix (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)), "format."));
            }
      }
  }

  close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  app_test_init (&argc, &argv);

  g_test_add_func ("/writing/find-replace", test_find_replace);
  g_test_add_func ("/writing/find-selection", test_find_selection);
  g_test_add_func ("/writing/focus-mode", test_focus_mode);
  g_test_add_func ("/writing/search-site", test_search_site);
  g_test_add_func ("/writing/export", test_export);
  g_test_add_func ("/writing/preferences", test_preferences);
  g_test_add_func ("/writing/format", test_format);
  g_test_add_func ("/writing/lists", test_lists);
  g_test_add_func ("/writing/shortcuts", test_shortcuts);
  g_test_add_func ("/writing/stats", test_stats);
  g_test_add_func ("/writing/outline", test_outline);
  g_test_add_func ("/writing/spell-classes", test_spell_classes);
  g_test_add_func ("/writing/lint", test_lint);
  g_test_add_func ("/writing/images", test_images);
  g_test_add_func ("/writing/site-settings", test_site_settings);

  ret = g_test_run ();
  app_test_cleanup ();
  return ret;
}
