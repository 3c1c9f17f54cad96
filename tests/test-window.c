/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The whole window, driven as a writer would: open the sample blog, pick
 * each post, read the preview's DOM back from WebKit, edit, save, switch
 * posts with unsaved text, close with unsaved text. */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "hanji-application.h"
#include "hanji-front-matter-edit.h"
#include "hanji-front-matter-form-private.h"
#include "hanji-new-post-dialog.h"
#include "hanji-app-test-util.h"
#include "hanji-test-util.h"
#include "hanji-window-private.h"

/* The text of the first "## " line of the body, as the preview shows it. */
static char *
first_heading (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  gboolean in_front_matter = g_str_has_prefix (text, "---");

  for (guint i = in_front_matter ? 1 : 0; lines[i] != NULL; i++)
    {
      if (in_front_matter)
        {
          if (g_str_equal (g_strchomp (lines[i]), "---"))
            in_front_matter = FALSE;
          continue;
        }
      if (g_str_has_prefix (lines[i], "## "))
        return g_strstrip (g_strdup (lines[i] + 3));
    }

  return NULL;
}

static HanjiPost *
select_post (HanjiWindow *window,
             guint        position)
{
  GtkSingleSelection *selection = GTK_SINGLE_SELECTION (gtk_list_view_get_model (_hanji_window_get_post_list (window)));

  gtk_single_selection_set_selected (selection, position);
  spin_until (document_loaded, window, "the post to load");
  return gtk_single_selection_get_selected_item (selection);
}

static GtkWindow *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel) && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return toplevel;
    }

  return NULL;
}

static gboolean
dialog_shown (gpointer data)
{
  return find_dialog () != NULL;
}

/* As a click on the dialog's button: the response, then the dialog goes
 * (adw_message_dialog_response () alone leaves it open). */
static void
respond (const char *response)
{
  GtkWindow *dialog = find_dialog ();

  g_assert_nonnull (dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), response);
  gtk_window_destroy (dialog);
}

static void
test_window_sample_blog (void)
{
  g_autoptr(HanjiApplication) app = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GError) error = NULL;
  HanjiWindow *window;
  ListWait list_wait;
  GListModel *posts;
  guint n_posts;
  guint edited = G_MAXUINT;
  guint other = G_MAXUINT;

  app = create_app ();
  folder = copy_sample (app);
  n_posts = count_posts (folder);
  g_assert_cmpuint (n_posts, >=, 5);

  window = g_object_ref (hanji_window_new (GTK_APPLICATION (app)));
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 820);
  gtk_window_present (GTK_WINDOW (window));

  hanji_window_open_folder (window, folder);

  /* The sidebar lists every post. */
  list_wait.window = window;
  list_wait.expected = n_posts;
  spin_until (list_filled, &list_wait, "the post list");
  posts = G_LIST_MODEL (gtk_list_view_get_model (_hanji_window_get_post_list (window)));

  /* Each post: the buffer holds the file's exact text; the preview shows
   * the first heading and none of the front matter. */
  for (guint i = 0; i < n_posts; i++)
    {
      HanjiPost *post = select_post (window, i);
      HanjiDocument *document = _hanji_window_get_document (window);
      g_autofree char *contents = NULL;
      g_autofree char *text = NULL;
      g_autofree char *heading = NULL;
      g_autofree char *script = NULL;
      g_autofree char *body_text = NULL;
      gsize len;

      g_assert_true (hanji_document_get_file (document) == hanji_post_get_file (post) ||
                     g_file_equal (hanji_document_get_file (document), hanji_post_get_file (post)));
      g_file_load_contents (hanji_post_get_file (post), NULL, &contents, &len, NULL, &error);
      g_assert_no_error (error);
      text = hanji_document_dup_text (document);
      g_assert_cmpstr (text, ==, contents);

      heading = first_heading (contents);
      if (heading == NULL)
        continue;

      if (edited == G_MAXUINT && strstr (contents, "](") != NULL)
        edited = i;
      else if (other == G_MAXUINT)
        other = i;

      wait_js (window, "(document.querySelector('h2') || {textContent: ''}).textContent.trim()", heading);

      body_text = eval_js (window, "document.body.innerText");
      g_assert_null (strstr (body_text, "title:"));
      g_assert_null (strstr (body_text, "tags:"));
      g_assert_cmpstr (hanji_post_get_title (post), !=, "");
    }

  g_assert_cmpuint (edited, !=, G_MAXUINT);
  g_assert_cmpuint (other, !=, G_MAXUINT);

  /* Local images (relative, site-absolute, with spaces and Hangul) load. */
  for (guint i = 0; i < n_posts; i++)
    {
      HanjiPost *post = select_post (window, i);
      g_autofree char *contents = NULL;

      g_file_load_contents (hanji_post_get_file (post), NULL, &contents, NULL, NULL, NULL);
      if (strstr (contents, "/assets/img/") == NULL)
        continue;

      wait_js (window,
               "(function () {"
               "  const local = Array.from (document.images).filter (i => !/^https?:/.test (i.getAttribute ('src')));"
               "  return local.length > 0 && local.every (i => i.complete && i.naturalWidth > 0) ? 'loaded' : 'waiting';"
               "}) ()",
               "loaded");
    }

  /* Edit and save: the file on disk equals the buffer; the preview updates
   * without reloading the page. */
  {
    HanjiDocument *document;
    g_autofree char *on_disk = NULL;
    g_autofree char *text = NULL;
    g_autofree char *marker = NULL;

    g_autofree char *heading = NULL;
    HanjiPost *post = select_post (window, edited);

    document = _hanji_window_get_document (window);
    g_file_load_contents (hanji_post_get_file (post), NULL, &on_disk, NULL, NULL, NULL);
    heading = first_heading (on_disk);
    g_clear_pointer (&on_disk, g_free);
    /* Switching to a post in another folder reloads the shell (its base
     * URI changes); from here on, edits must not. */
    wait_js (window, "(document.querySelector('h2') || {textContent: ''}).textContent.trim()", heading);
    spin_until (preview_ready, _hanji_window_get_preview (window), "the preview");
    marker = eval_js (window, "window.hanjiTestMarker = 'still here'");

    type_text (document, "\n\n새로 쓴 문단: 저장 테스트.\n");
    g_assert_true (gtk_text_buffer_get_modified (GTK_TEXT_BUFFER (document)));
    g_assert_nonnull (strstr (gtk_window_get_title (GTK_WINDOW (window)), "•"));

    wait_js (window, "document.body.innerText.includes ('새로 쓴 문단') ? 'yes' : 'no'", "yes");
    wait_js (window, "window.hanjiTestMarker", "still here");

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL));
    spin_until (document_saved, document, "the save");

    g_file_load_contents (hanji_document_get_file (document), NULL, &on_disk, NULL, NULL, &error);
    g_assert_no_error (error);
    text = hanji_document_dup_text (document);
    g_assert_cmpstr (on_disk, ==, text);
    g_assert_nonnull (strstr (on_disk, "새로 쓴 문단: 저장 테스트."));
    g_assert_null (strstr (gtk_window_get_title (GTK_WINDOW (window)), "•"));
  }

  /* Switching posts keeps unsaved text. */
  {
    HanjiDocument *document;
    g_autofree char *text = NULL;

    select_post (window, edited);
    document = _hanji_window_get_document (window);
    type_text (document, "아직 저장하지 않은 줄\n");
    select_post (window, other);
    g_assert_true (_hanji_window_get_document (window) != document);
    select_post (window, edited);
    g_assert_true (_hanji_window_get_document (window) == document);
    text = buffer_text (document);
    g_assert_nonnull (strstr (text, "아직 저장하지 않은 줄"));
    g_assert_true (gtk_text_buffer_get_modified (GTK_TEXT_BUFFER (document)));
  }

  g_assert_cmpuint (g_list_model_get_n_items (posts), ==, n_posts);

  /* Closing with unsaved text asks; Cancel keeps the window, Discard
   * closes it and leaves the file as last saved. */
  {
    g_autoptr(GPtrArray) modified = _hanji_window_list_modified (window);
    g_assert_cmpuint (modified->len, ==, 1);

    gtk_window_close (GTK_WINDOW (window));
    spin_until (dialog_shown, NULL, "the save changes dialog");
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
    respond ("cancel");
    spin_for (100);
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));

    gtk_window_close (GTK_WINDOW (window));
    spin_until (dialog_shown, NULL, "the save changes dialog");
    respond ("discard");
    spin_until (widget_unrealized, window, "the window to close");
  }

  /* Let worker threads and the web process settle, then prove nothing
   * keeps the window alive. */
  spin_for (500);
  g_assert_finalize_object (window);
}

static gboolean
window_shown (gpointer data)
{
  GtkApplication *app = data;

  return gtk_application_get_windows (app) != NULL;
}

static gboolean
content_page_is (HanjiWindow *window,
                 const char  *name)
{
  return g_strcmp0 (_hanji_window_get_content_page (window), name) == 0;
}

static gboolean
shows_error (gpointer data)
{
  return _hanji_window_get_document (data) == NULL && content_page_is (data, "error");
}

/* `hanji FILE` (GApplication's open): the post's blog is found and listed,
 * and the post is open and selected. */
static void
test_window_open_file (void)
{
  g_autoptr(HanjiApplication) app = create_app ();
  g_autoptr(GFile) folder = copy_sample (app);
  g_autoptr(GFile) post = g_file_resolve_relative_path (folder, "_posts/2024-01-14-kimchi-jjigae.md");
  GtkSingleSelection *selection;
  HanjiWindow *window;
  ListWait list_wait;
  HanjiPost *selected;

  g_assert_true (g_file_query_exists (post, NULL));
  g_application_open (G_APPLICATION (app), &post, 1, "");
  spin_until (window_shown, app, "a window");
  window = g_object_ref (HANJI_WINDOW (gtk_application_get_windows (GTK_APPLICATION (app))->data));

  spin_until (document_loaded, window, "the post to load");
  g_assert_true (g_file_equal (hanji_document_get_file (_hanji_window_get_document (window)), post));
  g_assert_true (g_file_equal (hanji_site_get_root (_hanji_window_get_site (window)), folder));
  /* The menu's remote-images toggle drives the preview. */
  g_assert_true (hanji_preview_get_load_remote_images (_hanji_window_get_preview (window)));
  g_action_group_change_action_state (G_ACTION_GROUP (window), "load-remote-images", g_variant_new_boolean (FALSE));
  g_assert_false (hanji_preview_get_load_remote_images (_hanji_window_get_preview (window)));
  g_action_group_change_action_state (G_ACTION_GROUP (window), "load-remote-images", g_variant_new_boolean (TRUE));
  g_assert_cmpint (hanji_site_get_kind (_hanji_window_get_site (window)), ==, HANJI_SITE_JEKYLL);
  g_assert_true (content_page_is (window, "editor"));
  assert_contains (gtk_window_get_title (GTK_WINDOW (window)), "김치찌개");

  list_wait.window = window;
  list_wait.expected = count_posts (folder);
  spin_until (list_filled, &list_wait, "the post list");
  selection = GTK_SINGLE_SELECTION (gtk_list_view_get_model (_hanji_window_get_post_list (window)));
  selected = gtk_single_selection_get_selected_item (selection);
  g_assert_nonnull (selected);
  g_assert_true (g_file_equal (hanji_post_get_file (selected), post));

  gtk_window_close (GTK_WINDOW (window));
  spin_until (widget_unrealized, window, "the window to close");
  spin_for (300);
  g_assert_finalize_object (window);
}

/* A binary file and a mis-encoded one are refused with a message and
 * left exactly as they were; the window stays usable. */
static void
test_window_refuses_bad_files (void)
{
  static const char binary[] = "---\ntitle: x\n---\n\0\x01\x02\x89PNG";
  static const char latin1[] = "---\ntitle: caf\xe9\n---\n\nna\xefve\n";
  g_autoptr(HanjiApplication) app = create_app ();
  g_autoptr(GFile) folder = copy_sample (app);
  g_autofree char *root = g_file_get_path (folder);
  g_autofree char *binary_path = g_build_filename (root, "_posts", "2030-01-01-binary.md", NULL);
  g_autofree char *latin1_path = g_build_filename (root, "_posts", "2030-01-02-latin1.md", NULL);
  g_autoptr(GFile) binary_file = g_file_new_for_path (binary_path);
  g_autoptr(GFile) latin1_file = g_file_new_for_path (latin1_path);
  g_autoptr(GError) error = NULL;
  HanjiWindow *window;

  g_file_set_contents (binary_path, binary, sizeof binary - 1, &error);
  g_assert_no_error (error);
  g_file_set_contents (latin1_path, latin1, sizeof latin1 - 1, &error);
  g_assert_no_error (error);

  window = g_object_ref (hanji_window_new (GTK_APPLICATION (app)));
  gtk_window_present (GTK_WINDOW (window));
  hanji_window_open_folder (window, folder);

  for (guint i = 0; i < 2; i++)
    {
      GFile *file = i == 0 ? binary_file : latin1_file;
      const char *expected = i == 0 ? binary : latin1;
      gsize expected_len = i == 0 ? sizeof binary - 1 : sizeof latin1 - 1;
      g_autofree char *contents = NULL;
      gsize len;

      _hanji_window_open_post (window, file);
      /* Not the previous file's error while this one loads. */
      g_assert_true (content_page_is (window, "editor"));
      spin_until (shows_error, window, "the error page");
      g_assert_null (_hanji_window_get_document (window));

      g_file_load_contents (file, NULL, &contents, &len, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpmem (contents, len, expected, expected_len);
    }

  /* A good post still opens afterwards. */
  {
    g_autoptr(GFile) good = g_file_resolve_relative_path (folder, "_posts/2024-09-07-reading-log.md");

    _hanji_window_open_post (window, good);
    spin_until (document_loaded, window, "a good post to load");
    g_assert_true (content_page_is (window, "editor"));
  }

  g_assert_true (g_file_delete (binary_file, NULL, NULL));
  g_assert_true (g_file_delete (latin1_file, NULL, NULL));
  gtk_window_close (GTK_WINDOW (window));
  spin_until (widget_unrealized, window, "the window to close");
  spin_for (300);
  g_assert_finalize_object (window);
}

/* Someone else changed the post after Hanji opened it: saving asks, and
 * Cancel keeps their text on disk and ours in the buffer. */
static void
test_window_no_silent_overwrite (void)
{
  g_autoptr(HanjiApplication) app = create_app ();
  g_autoptr(GFile) folder = copy_sample (app);
  g_autoptr(GFile) post = g_file_resolve_relative_path (folder, "_posts/2023-11-25-typography-notes.md");
  g_autofree char *path = g_file_get_path (post);
  g_autofree char *original = NULL;
  g_autofree char *theirs = NULL;
  g_autoptr(GError) error = NULL;
  HanjiDocument *document;
  HanjiWindow *window;

  g_file_get_contents (path, &original, NULL, &error);
  g_assert_no_error (error);

  window = g_object_ref (hanji_window_new (GTK_APPLICATION (app)));
  gtk_window_present (GTK_WINDOW (window));
  hanji_window_open_file (window, post);
  spin_until (document_loaded, window, "the post to load");
  document = _hanji_window_get_document (window);

  type_text (document, "Mine.\n");
  theirs = g_strconcat (original, "Theirs, from another editor.\n", NULL);
  /* The etag is the modification time: make sure it moves. */
  spin_for (20);
  g_file_set_contents (path, theirs, -1, &error);
  g_assert_no_error (error);

  for (guint round = 0; round < 2; round++)
    {
      g_autofree char *on_disk = NULL;
      g_autofree char *text = NULL;

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL));
      spin_until (dialog_shown, NULL, "the changed-on-disk dialog");
      respond (round == 0 ? "cancel" : "overwrite");

      if (round == 0)
        {
          spin_for (200);
          g_file_get_contents (path, &on_disk, NULL, &error);
          g_assert_no_error (error);
          g_assert_cmpstr (on_disk, ==, theirs);
          g_assert_true (gtk_text_buffer_get_modified (GTK_TEXT_BUFFER (document)));
        }
      else
        {
          spin_until (document_saved, document, "the save");
          g_file_get_contents (path, &on_disk, NULL, &error);
          g_assert_no_error (error);
          text = hanji_document_dup_text (document);
          g_assert_cmpstr (on_disk, ==, text);
          assert_contains (on_disk, "Mine.");
        }
    }

  gtk_window_close (GTK_WINDOW (window));
  spin_until (widget_unrealized, window, "the window to close");
  spin_for (300);
  g_assert_finalize_object (window);
}

/* The form */

/* Lines of a and b: they differ in exactly the one line that starts
 * with prefix, which reads expected in b. */
static void
assert_only_line_changed (const char *a,
                          const char *b,
                          const char *prefix,
                          const char *expected)
{
  g_auto(GStrv) la = g_strsplit (a, "\n", -1);
  g_auto(GStrv) lb = g_strsplit (b, "\n", -1);
  guint changed = 0;

  g_assert_cmpuint (g_strv_length (la), ==, g_strv_length (lb));
  for (guint i = 0; la[i] != NULL; i++)
    {
      if (g_str_equal (la[i], lb[i]))
        continue;
      changed++;
      g_assert_true (g_str_has_prefix (la[i], prefix));
      g_assert_cmpstr (lb[i], ==, expected);
    }
  g_assert_cmpuint (changed, ==, 1);
}

static void
test_form_edit_title (void)
{
  g_autoptr(HanjiApplication) app = create_app ();
  g_autoptr(GFile) folder = copy_sample (app);
  HanjiWindow *window = open_post_window (app, folder, "_posts/2024-05-18-전주-한옥마을-산책.md");
  HanjiFrontMatterForm *form = _hanji_window_get_form (window);
  HanjiDocument *document = _hanji_window_get_document (window);
  GtkEditable *title = _hanji_front_matter_form_get_editable (form, "title");
  g_autofree char *original = hanji_document_dup_text (document);
  g_autofree char *edited = NULL;
  g_autofree char *on_disk = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (title);
  g_assert_cmpstr (gtk_editable_get_text (title), ==, "전주 한옥마을, 해 질 녘 골목을 걷다");

  /* Type a new title and press Enter (the row's apply). */
  gtk_editable_set_text (title, "새 제목: 콜론도 괜찮다");
  g_signal_emit_by_name (title, "apply");

  edited = hanji_document_dup_text (document);
  assert_only_line_changed (original, edited, "title:", "title: \"새 제목: 콜론도 괜찮다\"");
  g_assert_true (gtk_text_buffer_get_modified (GTK_TEXT_BUFFER (document)));

  /* Saved: on disk too, and only that line. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL));
  spin_until (document_saved, document, "the save");
  g_file_load_contents (hanji_document_get_file (document), NULL, &on_disk, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (on_disk, ==, edited);
  assert_only_line_changed (original, on_disk, "title:", "title: \"새 제목: 콜론도 괜찮다\"");

  /* One edit, one undo: both the text and the row go back. */
  gtk_text_buffer_undo (GTK_TEXT_BUFFER (document));
  {
    g_autofree char *undone = hanji_document_dup_text (document);

    g_assert_cmpstr (undone, ==, original);
  }
  hanji_front_matter_form_sync (form);
  title = _hanji_front_matter_form_get_editable (form, "title");
  g_assert_cmpstr (gtk_editable_get_text (title), ==, "전주 한옥마을, 해 질 녘 골목을 걷다");

  gtk_text_buffer_redo (GTK_TEXT_BUFFER (document));
  hanji_front_matter_form_sync (form);
  {
    g_autofree char *redone = hanji_document_dup_text (document);

    g_assert_cmpstr (redone, ==, edited);
  }
  g_assert_cmpstr (gtk_editable_get_text (title), ==, "새 제목: 콜론도 괜찮다");

  close_window (window);
}

static gboolean
row_text_is (gpointer data)
{
  gpointer *args = data;
  GtkEditable *editable = _hanji_front_matter_form_get_editable (args[0], args[1]);

  return editable != NULL && g_strcmp0 (gtk_editable_get_text (editable), args[2]) == 0;
}

static void
replace_in_buffer (HanjiDocument *document,
                   const char    *needle,
                   const char    *replacement)
{
  GtkTextIter start, match_start, match_end;

  gtk_text_buffer_get_start_iter (GTK_TEXT_BUFFER (document), &start);
  g_assert_true (gtk_text_iter_forward_search (&start, needle, 0, &match_start, &match_end, NULL));
  gtk_text_buffer_begin_user_action (GTK_TEXT_BUFFER (document));
  gtk_text_buffer_delete (GTK_TEXT_BUFFER (document), &match_start, &match_end);
  gtk_text_buffer_insert (GTK_TEXT_BUFFER (document), &match_start, replacement, -1);
  gtk_text_buffer_end_user_action (GTK_TEXT_BUFFER (document));
}

/* Typing in the YAML moves the form along, but never under the cursor of
 * the row being edited. */
static void
test_form_follows_text (void)
{
  g_autoptr(HanjiApplication) app = create_app ();
  g_autoptr(GFile) folder = copy_sample (app);
  HanjiWindow *window = open_post_window (app, folder, "_posts/2024-09-07-reading-log.md");
  HanjiFrontMatterForm *form = _hanji_window_get_form (window);
  HanjiDocument *document = _hanji_window_get_document (window);
  GtkEditable *title = _hanji_front_matter_form_get_editable (form, "title");
  g_autofree char *old_title = g_strdup (gtk_editable_get_text (title));
  g_autofree char *new_title = g_strconcat (old_title, " (2)", NULL);
  gpointer args[3] = { form, "title", new_title };

  replace_in_buffer (document, old_title, new_title);
  spin_until (row_text_is, args, "the title row to follow the text");

  /* Now the writer is in the title row: the text changes under it, the
   * row keeps what they see until they are done. */
  gtk_widget_grab_focus (GTK_WIDGET (title));
  gtk_editable_set_position (title, 2);
  replace_in_buffer (document, new_title, old_title);
  hanji_front_matter_form_sync (form);
  g_assert_cmpstr (gtk_editable_get_text (title), ==, new_title);
  g_assert_cmpint (gtk_editable_get_position (title), ==, 2);

  close_window (window);
}

static void
test_form_invalid_yaml (void)
{
  g_autoptr(HanjiApplication) app = create_app ();
  g_autoptr(GFile) folder = copy_sample (app);
  HanjiWindow *window = open_post_window (app, folder, "_posts/2024-01-14-kimchi-jjigae.md");
  HanjiFrontMatterForm *form = _hanji_window_get_form (window);
  HanjiDocument *document = _hanji_window_get_document (window);
  GtkTextIter cursor;

  g_assert_false (_hanji_front_matter_form_get_read_only (form));

  /* An unclosed flow list on the tags line (line 5). */
  replace_in_buffer (document, "tags: [요리, 집밥, 겨울]", "tags: [요리, 집밥, 겨울");
  hanji_front_matter_form_sync (form);
  g_assert_true (_hanji_front_matter_form_get_read_only (form));
  g_assert_false (gtk_widget_is_sensitive (_hanji_front_matter_form_get_row (form, "title")));

  /* The banner takes the cursor to the error. */
  _hanji_front_matter_form_click_banner (form);
  gtk_text_buffer_get_iter_at_mark (GTK_TEXT_BUFFER (document), &cursor,
                                    gtk_text_buffer_get_insert (GTK_TEXT_BUFFER (document)));
  g_assert_cmpint (gtk_text_iter_get_line (&cursor), >=, 4);
  g_assert_cmpint (gtk_text_iter_get_line (&cursor), <=, 6);
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (_hanji_window_get_source_view (window))));

  /* The text stays editable; fixing it brings the form back. */
  replace_in_buffer (document, "tags: [요리, 집밥, 겨울", "tags: [요리, 집밥, 겨울]");
  hanji_front_matter_form_sync (form);
  g_assert_false (_hanji_front_matter_form_get_read_only (form));
  g_assert_true (gtk_widget_is_sensitive (_hanji_front_matter_form_get_row (form, "title")));

  close_window (window);
}

static gboolean
tree_model_contains (GtkTreeModel *model,
                     const char   *text)
{
  GtkTreeIter iter;
  gboolean valid;

  for (valid = gtk_tree_model_get_iter_first (model, &iter);
       valid;
       valid = gtk_tree_model_iter_next (model, &iter))
    {
      g_autofree char *value = NULL;

      gtk_tree_model_get (model, &iter, 0, &value, -1);
      if (g_strcmp0 (value, text) == 0)
        return TRUE;
    }

  return FALSE;
}

/* "한옥" is a tag of the Jeonju post only: the kimchi post's tags row
 * offers it, and taking it adds it to that flow list in its own style. */
static void
test_form_tag_completion (void)
{
  g_autoptr(HanjiApplication) app = create_app ();
  g_autoptr(GFile) folder = copy_sample (app);
  HanjiWindow *window = open_post_window (app, folder, "_posts/2024-01-14-kimchi-jjigae.md");
  HanjiFrontMatterForm *form = _hanji_window_get_form (window);
  HanjiDocument *document = _hanji_window_get_document (window);
  GtkEntryCompletion *completion = _hanji_front_matter_form_get_completion (form, "tags");
  GtkEditable *entry = _hanji_front_matter_form_get_editable (form, "tags");
  g_autofree char *original = hanji_document_dup_text (document);
  g_autofree char *edited = NULL;
  g_autofree char *prefix = NULL;

  g_assert_nonnull (completion);
  g_assert_null (strstr (original, "한옥"));
  g_assert_true (tree_model_contains (gtk_entry_completion_get_model (completion), "한옥"));
  /* Typing the first syllable offers it (the popup works on what the
   * entry holds). */
  gtk_editable_set_text (entry, "한옥");
  gtk_entry_completion_complete (completion);
  prefix = gtk_entry_completion_compute_prefix (completion, "한");
  g_assert_cmpstr (prefix, ==, "한옥");

  g_signal_emit_by_name (entry, "activate");
  edited = hanji_document_dup_text (document);
  assert_only_line_changed (original, edited, "tags:", "tags: [요리, 집밥, 겨울, 한옥]");

  close_window (window);
}

static GtkWidget *
find_descendant_with_class (GtkWidget  *widget,
                            const char *css_class)
{
  if (gtk_widget_has_css_class (widget, css_class))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant_with_class (child, css_class);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* `draft:` left empty is a switch that reads off; turning it on writes
 * `draft: true` on that line only. The date popover writes the new day
 * in the field's own shape (zone kept). */
static GtkWidget *
find_descendant_of_type (GtkWidget *widget,
                         GType      type)
{
  if (widget == NULL)
    return NULL;
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant_of_type (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
test_form_switch_and_date (void)
{
  g_autoptr(HanjiApplication) app = create_app ();
  g_autoptr(GFile) folder = copy_sample (app);
  HanjiWindow *window = open_post_window (app, folder, "_posts/2024-03-09-learning-gtk4.md");
  HanjiFrontMatterForm *form = _hanji_window_get_form (window);
  HanjiDocument *document = _hanji_window_get_document (window);
  g_autofree char *original = hanji_document_dup_text (document);
  g_autofree char *after_switch = NULL;
  g_autofree char *after_date = NULL;
  GtkWidget *toggle;
  GtkWidget *calendar;

  toggle = find_descendant_of_type (_hanji_front_matter_form_get_row (form, "draft"), GTK_TYPE_SWITCH);
  g_assert_nonnull (toggle);
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (toggle)));
  gtk_switch_set_active (GTK_SWITCH (toggle), TRUE);
  after_switch = hanji_document_dup_text (document);
  assert_only_line_changed (original, after_switch, "draft:", "draft: true");

  calendar = find_descendant_of_type (_hanji_front_matter_form_get_row (form, "date"), GTK_TYPE_MENU_BUTTON);
  g_assert_nonnull (calendar);
  calendar = find_descendant_of_type (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (calendar))),
                                      GTK_TYPE_CALENDAR);
  g_assert_nonnull (calendar);
  {
    g_autoptr(GTimeZone) seoul = g_time_zone_new_identifier ("+09:00");
    g_autoptr(GDateTime) day = g_date_time_new (seoul, 2024, 3, 21, 0, 0, 0);

    gtk_calendar_select_day (GTK_CALENDAR (calendar), day);
  }
  after_date = hanji_document_dup_text (document);
  assert_only_line_changed (after_switch, after_date, "date:", "date: 2024-03-21T14:05:00+09:00");

  /* Two edits, two undos. */
  gtk_text_buffer_undo (GTK_TEXT_BUFFER (document));
  gtk_text_buffer_undo (GTK_TEXT_BUFFER (document));
  {
    g_autofree char *undone = hanji_document_dup_text (document);

    g_assert_cmpstr (undone, ==, original);
  }

  close_window (window);
}

static gboolean
picture_has_paintable (gpointer data)
{
  return gtk_picture_get_paintable (GTK_PICTURE (data)) != NULL;
}

/* `image: /assets/img/…` shows the site's file as a thumbnail. */
static void
test_form_image_thumbnail (void)
{
  g_autoptr(HanjiApplication) app = create_app ();
  g_autoptr(GFile) folder = copy_sample (app);
  HanjiWindow *window = open_post_window (app, folder, "_posts/2024-01-14-kimchi-jjigae.md");
  HanjiFrontMatterForm *form = _hanji_window_get_form (window);
  GtkWidget *picture = find_descendant_of_type (_hanji_front_matter_form_get_row (form, "image"), GTK_TYPE_PICTURE);
  GdkPaintable *paintable;

  g_assert_nonnull (picture);
  spin_until (picture_has_paintable, picture, "the thumbnail");
  paintable = gtk_picture_get_paintable (GTK_PICTURE (picture));
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (paintable), >, 0);

  close_window (window);
}

/* A post without front matter: Add Field starts the block. */
static void
test_form_start_front_matter (void)
{
  static const char body[] = "## 머리말 없이\n\n본문만 있는 글.\n";
  g_autoptr(HanjiApplication) app = create_app ();
  g_autoptr(GFile) folder = copy_sample (app);
  g_autofree char *root = g_file_get_path (folder);
  g_autofree char *path = g_build_filename (root, "_posts", "2030-02-02-no-front-matter.md", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  HanjiWindow *window;
  HanjiFrontMatterForm *form;
  g_autofree char *text = NULL;

  g_file_set_contents (path, body, -1, &error);
  g_assert_no_error (error);

  window = open_post_window (app, folder, "_posts/2030-02-02-no-front-matter.md");
  form = _hanji_window_get_form (window);
  g_assert_cmpuint (hanji_front_matter_form_get_n_rows (form), ==, 0);

  _hanji_front_matter_form_add_field (form, "title");
  text = hanji_document_dup_text (_hanji_window_get_document (window));
  g_assert_cmpstr (text, ==, "---\ntitle:\n---\n## 머리말 없이\n\n본문만 있는 글.\n");
  g_assert_nonnull (_hanji_front_matter_form_get_row (form, "title"));

  close_window (window);
  g_assert_true (g_file_delete (file, NULL, NULL));
}

static void
test_form_add_remove (void)
{
  g_autoptr(HanjiApplication) app = create_app ();
  g_autoptr(GFile) folder = copy_sample (app);
  HanjiWindow *window = open_post_window (app, folder, "_posts/2024-10-09-hangul-day.md");
  HanjiFrontMatterForm *form = _hanji_window_get_form (window);
  HanjiDocument *document = _hanji_window_get_document (window);
  g_autofree char *original = hanji_document_dup_text (document);
  guint rows = hanji_front_matter_form_get_n_rows (form);

  _hanji_front_matter_form_add_field (form, "permalink");
  g_assert_cmpuint (hanji_front_matter_form_get_n_rows (form), ==, rows + 1);
  g_assert_nonnull (_hanji_front_matter_form_get_row (form, "permalink"));
  {
    g_autofree char *text = hanji_document_dup_text (document);
    HanjiFrontMatter *fm = hanji_document_get_front_matter (document);
    HanjiField *field = hanji_front_matter_lookup (fm, "permalink");

    g_assert_nonnull (field);
    g_assert_cmpint (hanji_field_get_value_type (field), ==, HANJI_VALUE_NULL);
    /* Everything before the new field is as it was. */
    g_assert_true (strncmp (text, original, strstr (original, "\n---") - original) == 0);
  }

  /* Undo takes it away again, in the text and in the form. */
  gtk_text_buffer_undo (GTK_TEXT_BUFFER (document));
  hanji_front_matter_form_sync (form);
  {
    g_autofree char *text = hanji_document_dup_text (document);

    g_assert_cmpstr (text, ==, original);
  }
  g_assert_cmpuint (hanji_front_matter_form_get_n_rows (form), ==, rows);

  /* Remove draft: its line goes, nothing else. */
  {
    GtkWidget *row = _hanji_front_matter_form_get_row (form, "draft");
    GtkWidget *remove = NULL;
    g_autofree char *text = NULL;

    g_assert_nonnull (row);
    remove = find_descendant_with_class (row, "hanji-remove-field");
    g_assert_nonnull (remove);
    g_signal_emit_by_name (remove, "clicked");

    text = hanji_document_dup_text (document);
    g_assert_null (strstr (text, "draft:"));
    g_assert_cmpuint (strlen (text), ==, strlen (original) - strlen ("draft: true\n"));
  }

  close_window (window);
}

static void
count_scrolled_cb (HanjiPreview *preview,
                   guint         line,
                   guint        *count)
{
  (*count)++;
}

/* A click in the preview puts the cursor on the block's line; the
 * editor following the preview, or the preview the editor, never
 * echoes back. */
static void
test_window_scroll_sync (void)
{
  g_autoptr(HanjiApplication) app = create_app ();
  g_autoptr(GFile) folder = copy_sample (app);
  HanjiWindow *window = open_post_window (app, folder, "_posts/2024-01-14-kimchi-jjigae.md");
  HanjiPreview *preview = _hanji_window_get_preview (window);
  GtkSourceView *view = _hanji_window_get_source_view (window);
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (_hanji_window_get_document (window));
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));
  GtkTextIter cursor;
  guint scrolled = 0;
  double value;

  spin_until (preview_ready, preview, "the preview");
  g_signal_connect (preview, "scrolled-to-line", G_CALLBACK (count_scrolled_cb), &scrolled);

  g_signal_emit_by_name (preview, "line-activated", 5);
  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  g_assert_cmpint (gtk_text_iter_get_line (&cursor), ==, 4);
  g_assert_true (gtk_widget_is_focus (GTK_WIDGET (view)));

  /* The preview is told where to go and does not report it back. */
  hanji_preview_scroll_to_line (preview, 12);
  spin_for (500);
  g_assert_cmpuint (scrolled, ==, 0);

  /* The editor follows the preview without moving it in turn. */
  value = gtk_adjustment_get_value (adjustment);
  g_signal_emit_by_name (preview, "scrolled-to-line", 3);
  spin_for (300);
  g_assert_cmpuint (scrolled, ==, 1);
  {
    GtkTextIter third;
    int y, height;

    gtk_text_buffer_get_iter_at_line (buffer, &third, 2);
    gtk_text_view_get_line_yrange (GTK_TEXT_VIEW (view), &third, &y, &height);
    g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==,
                       MIN (y, gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment)));
    g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), !=, value);
  }

  g_signal_handlers_disconnect_by_func (preview, count_scrolled_cb, &scrolled);
  close_window (window);
}

/* The preview flavor can be picked per site from the menu; it sticks in
 * settings and renders the open post again at once. Hugo linkifies a
 * bare www. address, kramdown (Jekyll, the sample blog's kind) does not. */
static void
test_window_preview_flavor (void)
{
  g_autoptr(HanjiApplication) app = create_app ();
  g_autoptr(GFile) folder = copy_sample (app);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GVariant) state = NULL;
  g_autoptr(GVariant) flavors = NULL;
  g_autofree char *uri = g_file_get_uri (folder);
  HanjiWindow *window = open_post_window (app, folder, "_posts/2024-01-14-kimchi-jjigae.md");
  HanjiPreview *preview = _hanji_window_get_preview (window);
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (_hanji_window_get_document (window));
  GtkTextIter end;
  const char *name;

  spin_until (preview_ready, preview, "the preview");
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_insert (buffer, &end, "\n\n주소 www.example.com 끝\n", -1);
  wait_js (window, "document.body.textContent.includes ('www.example.com 끝')", "true");
  wait_js (window, "document.querySelectorAll ('a[href=\"https://www.example.com\"]').length", "0");

  state = g_action_group_get_action_state (G_ACTION_GROUP (window), "preview-flavor");
  g_assert_cmpstr (g_variant_get_string (state, NULL), ==, "auto");
  g_clear_pointer (&state, g_variant_unref);
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "preview-flavor"));

  g_action_group_activate_action (G_ACTION_GROUP (window), "preview-flavor", g_variant_new_string ("hugo"));
  state = g_action_group_get_action_state (G_ACTION_GROUP (window), "preview-flavor");
  g_assert_cmpstr (g_variant_get_string (state, NULL), ==, "hugo");
  g_clear_pointer (&state, g_variant_unref);
  flavors = g_settings_get_value (settings, "site-flavors");
  g_assert_true (g_variant_lookup (flavors, uri, "&s", &name));
  g_assert_cmpstr (name, ==, "hugo");
  g_clear_pointer (&flavors, g_variant_unref);
  wait_js (window, "document.querySelectorAll ('a[href=\"https://www.example.com\"]').length", "1");

  /* Back to the site's own: the override is gone from settings. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "preview-flavor", g_variant_new_string ("auto"));
  flavors = g_settings_get_value (settings, "site-flavors");
  g_assert_false (g_variant_lookup (flavors, uri, "&s", &name));
  wait_js (window, "document.querySelectorAll ('a[href=\"https://www.example.com\"]').length", "0");

  close_window (window);
}

/* HanjiDocument parses only the head of a long post on each keystroke;
 * that must read exactly like parsing the whole text, and edits computed
 * from it must be the same edits. */
/* front, then n_body_lines lines of the form "<word> <i><line end>". */
static char *
long_text (const char *front,
           const char *word,
           const char *line_end,
           guint       n_body_lines)
{
  GString *s = g_string_new (front);

  for (guint i = 0; i < n_body_lines; i++)
    g_string_append_printf (s, "%s %u%s", word, i, line_end);
  return g_string_free (s, FALSE);
}

static void
assert_same_front_matter (HanjiFrontMatter *a,
                          HanjiFrontMatter *b)
{
  const HanjiFrontMatterSplit *sa = hanji_front_matter_get_split (a);
  const HanjiFrontMatterSplit *sb = hanji_front_matter_get_split (b);
  const GError *ea = hanji_front_matter_get_error (a);
  const GError *eb = hanji_front_matter_get_error (b);

  g_assert_cmpint (sa->kind, ==, sb->kind);
  g_assert_cmpint (sa->terminated, ==, sb->terminated);
  g_assert_cmpuint (sa->content_end, ==, sb->content_end);
  g_assert_cmpuint (sa->body_start, ==, sb->body_start);
  g_assert_cmpuint (sa->body_line, ==, sb->body_line);
  g_assert_cmpstr (ea ? ea->message : NULL, ==, eb ? eb->message : NULL);
  g_assert_cmpuint (hanji_front_matter_get_n_fields (a), ==, hanji_front_matter_get_n_fields (b));

  for (guint i = 0; i < hanji_front_matter_get_n_fields (a); i++)
    {
      HanjiField *fa = hanji_front_matter_get_field (a, i);
      HanjiField *fb = hanji_front_matter_get_field (b, i);
      gsize oa, la, ob, lb;

      g_assert_cmpstr (hanji_field_get_key (fa), ==, hanji_field_get_key (fb));
      g_assert_cmpint (hanji_field_get_value_type (fa), ==, hanji_field_get_value_type (fb));
      g_assert_cmpstr (hanji_field_get_text (fa), ==, hanji_field_get_text (fb));
      hanji_field_get_value_span (fa, &oa, &la);
      hanji_field_get_value_span (fb, &ob, &lb);
      g_assert_cmpuint (oa, ==, ob);
      g_assert_cmpuint (la, ==, lb);
    }
}

/* The text mirror the preview renders from follows every kind of edit:
 * inserts and deletes anywhere (Hangul, emoji, CRLF), undo and redo,
 * set_text. A wrong byte offset would show up as a different string. */
static void
assert_snapshot_matches (HanjiDocument *document)
{
  g_autoptr(GBytes) snapshot = hanji_document_dup_snapshot (document);
  g_autofree char *text = NULL;
  GtkTextIter begin, end;
  gsize len;
  const char *data = g_bytes_get_data (snapshot, &len);

  gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (document), &begin, &end);
  text = gtk_text_buffer_get_text (GTK_TEXT_BUFFER (document), &begin, &end, TRUE);
  g_assert_cmpuint (len, ==, strlen (text));
  g_assert_true (len == 0 || memcmp (data, text, len) == 0);
  /* …and is a string: a NUL follows it. */
  g_assert_nonnull (data);
  g_assert_cmpint (data[len], ==, '\0');
}

static void
test_document_snapshot (void)
{
  static const char *const pieces[] = { "a", "한글", "😀", "\r\n", "\n", "é", "tags: [x]\n" };
  g_autoptr(GFile) file = g_file_new_for_path ("/nonexistent/mirror.md");
  g_autoptr(HanjiDocument) document = hanji_document_new (file);
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (document);
  GRand *rand = g_rand_new_with_seed (7);

  gtk_text_buffer_set_text (buffer, "---\ntitle: 거울\n---\n\n본문 😀 끝\n", -1);
  assert_snapshot_matches (document);

  for (guint i = 0; i < 400; i++)
    {
      int n = gtk_text_buffer_get_char_count (buffer);
      GtkTextIter a, b;

      gtk_text_buffer_get_iter_at_offset (buffer, &a, g_rand_int_range (rand, 0, n + 1));
      switch (g_rand_int_range (rand, 0, 4))
        {
        case 0:
        case 1:
          gtk_text_buffer_begin_user_action (buffer);
          gtk_text_buffer_insert (buffer, &a, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))], -1);
          gtk_text_buffer_end_user_action (buffer);
          break;

        case 2:
          gtk_text_buffer_get_iter_at_offset (buffer, &b, g_rand_int_range (rand, 0, n + 1));
          gtk_text_buffer_begin_user_action (buffer);
          gtk_text_buffer_delete (buffer, &a, &b);
          gtk_text_buffer_end_user_action (buffer);
          break;

        default:
          if (g_rand_boolean (rand) && gtk_text_buffer_get_can_undo (buffer))
            gtk_text_buffer_undo (buffer);
          else if (gtk_text_buffer_get_can_redo (buffer))
            gtk_text_buffer_redo (buffer);
          break;
        }
      assert_snapshot_matches (document);
    }

  gtk_text_buffer_set_text (buffer, "새 글", -1);
  assert_snapshot_matches (document);
  gtk_text_buffer_set_text (buffer, "", -1);
  assert_snapshot_matches (document);

  g_rand_free (rand);
}

static void
test_document_front_matter_head (void)
{
  g_autoptr(GString) many_fields = g_string_new ("---\n");
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GFile) file = g_file_new_for_path ("/nonexistent/long.md");

  for (guint i = 0; i < 150; i++)
    g_string_append_printf (many_fields, "key%u: 값 %u\n", i, i);
  g_string_append (many_fields, "title: \"긴 머리말\"\n---\n");

  g_ptr_array_add (texts, long_text ("---\ntitle: 긴 글\ndate: 2024-05-18\n---\n", "문단", "\n\n", 2000));
  g_ptr_array_add (texts, long_text (many_fields->str, "line", "\n", 300));
  g_ptr_array_add (texts, long_text ("---\ntitle: 닫히지 않음\n", "본문", "\n", 300));
  g_ptr_array_add (texts, long_text ("---\ntitle: 늦게 닫힘\n", "key:", "\n", 100));
  {
    char *t = g_ptr_array_steal_index (texts, texts->len - 1);
    char *closed = g_strconcat (t, "---\nbody\n", NULL);

    g_free (t);
    g_ptr_array_add (texts, closed);
  }
  g_ptr_array_add (texts, long_text ("# 머리말 없음\n", "line", "\n", 300));
  g_ptr_array_add (texts, long_text ("+++\ntitle = \"toml\"\n+++\n", "line", "\n", 300));
  g_ptr_array_add (texts, long_text ("{\n\"title\": \"json\"\n}\n", "line", "\n", 300));
  g_ptr_array_add (texts, long_text ("---\r\ntitle: crlf\r\n---\r\n", "line", "\r\n", 300));
  g_ptr_array_add (texts, long_text ("---\ntitle: [broken\n---\n", "line", "\n", 300));

  for (guint i = 0; i < texts->len; i++)
    {
      const char *text = g_ptr_array_index (texts, i);
      g_autoptr(HanjiDocument) document = hanji_document_new (file);
      g_autoptr(HanjiFrontMatter) whole = hanji_front_matter_parse (text, -1);
      HanjiFrontMatter *head;
      g_autoptr(HanjiTextEdit) from_head = NULL;
      g_autoptr(HanjiTextEdit) from_whole = NULL;

      gtk_text_buffer_set_text (GTK_TEXT_BUFFER (document), text, -1);
      g_assert_cmpint (gtk_text_buffer_get_line_count (GTK_TEXT_BUFFER (document)), >, 64);
      head = hanji_document_get_front_matter (document);
      assert_same_front_matter (head, whole);

      from_head = hanji_front_matter_set_string (head, "title", "새 제목", NULL);
      from_whole = hanji_front_matter_set_string (whole, "title", "새 제목", NULL);
      g_assert_true ((from_head == NULL) == (from_whole == NULL));
      if (from_head != NULL)
        {
          g_assert_cmpuint (from_head->offset, ==, from_whole->offset);
          g_assert_cmpuint (from_head->length, ==, from_whole->length);
          g_assert_cmpstr (from_head->text, ==, from_whole->text);
        }
    }
}

/* New, rename, trash */

static HanjiNewPostDialog *
find_new_post_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (HANJI_IS_NEW_POST_DIALOG (toplevel) && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return HANJI_NEW_POST_DIALOG (toplevel);
    }

  return NULL;
}

static gboolean
new_post_dialog_gone (gpointer data)
{
  return find_new_post_dialog () == NULL;
}

static gboolean
new_post_dialog_idle (gpointer data)
{
  return !_hanji_new_post_dialog_get_busy (data);
}

static gboolean
document_is (gpointer data)
{
  gpointer *args = data;
  HanjiDocument *document = _hanji_window_get_document (args[0]);

  return document != NULL &&
         hanji_document_get_loaded (document) &&
         g_file_equal (hanji_document_get_file (document), args[1]);
}

static gboolean
post_listed (gpointer data)
{
  gpointer *args = data;

  return hanji_site_lookup_post (_hanji_window_get_site (args[0]), args[1]) != NULL;
}

static gboolean
post_unlisted (gpointer data)
{
  return !post_listed (data);
}

/* Lets the editor's and the list's scroll animations finish: GTK 4.8
 * warns when a window is unmapped in the middle of one. */
static void
settle_and_close (HanjiWindow *window)
{
  spin_for (500);
  close_window (window);
}

static HanjiWindow *
open_site_window (HanjiApplication *app,
                  GFile            *folder)
{
  HanjiWindow *window = g_object_ref (hanji_window_new (GTK_APPLICATION (app)));
  ListWait list_wait = { window, count_posts (folder) };

  gtk_window_present (GTK_WINDOW (window));
  hanji_window_open_folder (window, folder);
  spin_until (list_filled, &list_wait, "the post list");
  return window;
}

/* Through the dialog, as typed; returns the file created, which is
 * open in the window. */
static GFile *
create_post (HanjiWindow *window,
             GFile       *folder,
             const char  *title,
             const char  *expected_suffix)
{
  HanjiNewPostDialog *dialog;
  g_autofree char *path = NULL;
  GFile *file;
  gpointer args[2];

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-post", NULL));
  dialog = find_new_post_dialog ();
  g_assert_nonnull (dialog);
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (_hanji_new_post_dialog_get_accept_button (dialog))));

  gtk_editable_set_text (_hanji_new_post_dialog_get_title_entry (dialog), title);
  path = g_strdup (_hanji_new_post_dialog_get_path_text (dialog));
  g_assert_true (g_str_has_prefix (path, "_posts/"));
  g_assert_true (g_str_has_suffix (path, expected_suffix));
  /* _posts/YYYY-MM-DD-… */
  g_assert_cmpint (path[strlen ("_posts/YYYY-MM-DD")], ==, '-');

  /* A draft goes to _drafts/, undated; back again. */
  gtk_switch_set_active (_hanji_new_post_dialog_get_draft_switch (dialog), TRUE);
  g_assert_true (g_str_has_prefix (_hanji_new_post_dialog_get_path_text (dialog), "_drafts/"));
  gtk_switch_set_active (_hanji_new_post_dialog_get_draft_switch (dialog), FALSE);
  g_assert_cmpstr (_hanji_new_post_dialog_get_path_text (dialog), ==, path);

  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (_hanji_new_post_dialog_get_accept_button (dialog))));
  g_signal_emit_by_name (_hanji_new_post_dialog_get_accept_button (dialog), "clicked");
  spin_until (new_post_dialog_gone, NULL, "the new post dialog to close");

  file = g_file_resolve_relative_path (folder, path);
  args[0] = window;
  args[1] = file;
  spin_until (document_is, args, "the new post to open");
  spin_until (post_listed, args, "the new post in the list");
  /* The editor's scroll to the top of the loaded post is animated: let
   * it end, as a writer would, before the post is hidden again. */
  spin_for (400);

  return file;
}

static void
test_window_new_post (void)
{
  g_autoptr(HanjiApplication) app = create_app ();
  g_autoptr(GFile) folder = copy_sample (app);
  g_autoptr(GFile) first = NULL;
  g_autoptr(GFile) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  HanjiWindow *window;
  HanjiDocument *document;
  GtkTextIter cursor;

  window = open_site_window (app, folder);

  first = create_post (window, folder, "새 글: 한지 테스트", "-새-글-한지-테스트.md");
  g_file_load_contents (first, NULL, &contents, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (contents, "---\n"));
  g_assert_nonnull (strstr (contents, "새 글: 한지 테스트"));

  /* The cursor waits below the front matter. */
  document = _hanji_window_get_document (window);
  gtk_text_buffer_get_iter_at_mark (GTK_TEXT_BUFFER (document), &cursor,
                                    gtk_text_buffer_get_insert (GTK_TEXT_BUFFER (document)));
  g_assert_true (gtk_text_iter_is_end (&cursor));
  g_assert_nonnull (strstr (gtk_window_get_title (GTK_WINDOW (window)), "한지 테스트"));

  /* The same title again: the next free name. */
  second = create_post (window, folder, "새 글: 한지 테스트", "-새-글-한지-테스트-2.md");
  g_assert_true (g_file_query_exists (first, NULL));
  g_assert_true (g_file_query_exists (second, NULL));

  /* Escape cancels, creating nothing. */
  {
    HanjiNewPostDialog *dialog;
    guint n_posts = count_posts (folder);

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-post", NULL));
    dialog = find_new_post_dialog ();
    gtk_editable_set_text (_hanji_new_post_dialog_get_title_entry (dialog), "취소할 글");
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL));
    spin_until (new_post_dialog_gone, NULL, "the new post dialog to close");
    g_assert_cmpuint (count_posts (folder), ==, n_posts);
  }

  settle_and_close (window);
  g_file_delete (first, NULL, NULL);
  g_file_delete (second, NULL, NULL);
}

/* Issue 6: changes from outside, drafts, recovery ----------------------- */

static gboolean
banner_shown (gpointer data)
{
  return _hanji_window_get_banner (data) != NULL;
}

static gboolean
banner_hidden (gpointer data)
{
  return _hanji_window_get_banner (data) == NULL;
}

typedef struct
{
  HanjiDocument *document;
  const char    *expected;
} TextWait;

static gboolean
buffer_is (gpointer data)
{
  TextWait *wait = data;
  g_autofree char *text = buffer_text (wait->document);

  return g_str_equal (text, wait->expected);
}

static void
write_file (const char *path,
            const char *text)
{
  g_autoptr(GError) error = NULL;

  /* The etag is the modification time: make sure it moves. */
  spin_for (20);
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static guint
cursor_line (HanjiDocument *document)
{
  GtkTextIter cursor;

  gtk_text_buffer_get_iter_at_mark (GTK_TEXT_BUFFER (document), &cursor,
                                    gtk_text_buffer_get_insert (GTK_TEXT_BUFFER (document)));
  return gtk_text_iter_get_line (&cursor);
}

/* A clean post follows its file: reloaded in place, cursor kept, no
 * banner; Hanji's own saves never count as a change from outside. */
static void
test_window_reload_clean (void)
{
  g_autoptr(HanjiApplication) app = create_app ();
  g_autoptr(GFile) folder = copy_sample (app);
  g_autoptr(GFile) post = g_file_resolve_relative_path (folder, "_posts/2023-11-25-typography-notes.md");
  g_autofree char *path = g_file_get_path (post);
  g_autofree char *original = read_file (path);
  g_autofree char *theirs = g_strconcat ("<!-- from git pull -->\n", original, NULL);
  HanjiWindow *window = open_post_window (app, folder, "_posts/2023-11-25-typography-notes.md");
  HanjiDocument *document = _hanji_window_get_document (window);
  TextWait wait = { document, theirs };
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_line (GTK_TEXT_BUFFER (document), &iter, 5);
  gtk_text_buffer_place_cursor (GTK_TEXT_BUFFER (document), &iter);

  write_file (path, theirs);
  spin_until (buffer_is, &wait, "the post to follow its file");
  g_assert_false (gtk_text_buffer_get_modified (GTK_TEXT_BUFFER (document)));
  g_assert_cmpuint (cursor_line (document), ==, 5);
  g_assert_null (_hanji_window_get_banner (window));
  g_assert_cmpint (hanji_document_get_disk_state (document), ==, HANJI_DISK_STATE_SAME);

  /* Our own save: no banner, no reload, still the same on disk. */
  type_text (document, "Mine.\n");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL));
  spin_until (document_saved, document, "the save");
  spin_for (600);
  g_assert_null (_hanji_window_get_banner (window));
  g_assert_cmpint (hanji_document_get_disk_state (document), ==, HANJI_DISK_STATE_SAME);

  close_window (window);
}

/* Unsaved changes and the file changes: a banner, never a silent
 * reload; Reload asks and then shows their version; Keep Mine keeps
 * mine, and saving still asks. */
static void
test_window_changed_while_modified (void)
{
  g_autoptr(HanjiApplication) app = create_app ();
  g_autoptr(GFile) folder = copy_sample (app);
  g_autoptr(GFile) post = g_file_resolve_relative_path (folder, "_posts/2023-11-25-typography-notes.md");
  g_autofree char *path = g_file_get_path (post);
  g_autofree char *original = read_file (path);
  g_autofree char *theirs = g_strconcat (original, "Theirs.\n", NULL);
  g_autofree char *theirs2 = g_strconcat (original, "Theirs again.\n", NULL);
  HanjiWindow *window = open_post_window (app, folder, "_posts/2023-11-25-typography-notes.md");
  HanjiDocument *document = _hanji_window_get_document (window);
  TextWait wait = { document, theirs };

  type_text (document, "Mine.\n");
  write_file (path, theirs);
  spin_until (banner_shown, window, "the changed-on-disk banner");
  assert_contains (_hanji_window_get_banner (window), "changed");
  g_assert_true (gtk_text_buffer_get_modified (GTK_TEXT_BUFFER (document)));
  {
    g_autofree char *text = buffer_text (document);

    assert_contains (text, "Mine.");
  }

  /* Reload, cancelled: nothing changes. */
  _hanji_window_banner_respond (window, TRUE);
  spin_until (dialog_shown, NULL, "the reload confirmation");
  respond ("cancel");
  spin_for (200);
  g_assert_true (gtk_text_buffer_get_modified (GTK_TEXT_BUFFER (document)));

  /* Reload, confirmed: their text, one undo away from mine. */
  _hanji_window_banner_respond (window, TRUE);
  spin_until (dialog_shown, NULL, "the reload confirmation");
  respond ("reload");
  spin_until (buffer_is, &wait, "their version");
  spin_until (banner_hidden, window, "the banner to go");
  g_assert_false (gtk_text_buffer_get_modified (GTK_TEXT_BUFFER (document)));

  /* Again, and Keep Mine: the banner goes, the file stays theirs until
   * a save that asks first. */
  type_text (document, "Mine again.\n");
  write_file (path, theirs2);
  spin_until (banner_shown, window, "the banner");
  _hanji_window_banner_respond (window, FALSE);
  g_assert_null (_hanji_window_get_banner (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL));
  spin_until (dialog_shown, NULL, "the changed-on-disk dialog");
  respond ("cancel");
  spin_for (200);
  {
    g_autofree char *on_disk = read_file (path);

    g_assert_cmpstr (on_disk, ==, theirs2);
  }

  close_window (window);
}

/* Deleted or moved away: a banner; saving writes the file again. */
static void
test_window_deleted (void)
{
  g_autoptr(HanjiApplication) app = create_app ();
  g_autoptr(GFile) folder = copy_sample (app);
  g_autoptr(GFile) post = g_file_resolve_relative_path (folder, "_posts/2023-11-25-typography-notes.md");
  g_autofree char *path = g_file_get_path (post);
  g_autofree char *moved = g_strconcat (path, ".moved", NULL);
  HanjiWindow *window = open_post_window (app, folder, "_posts/2023-11-25-typography-notes.md");
  HanjiDocument *document = _hanji_window_get_document (window);

  g_assert_cmpint (g_rename (path, moved), ==, 0);
  spin_until (banner_shown, window, "the deleted banner");
  assert_contains (_hanji_window_get_banner (window), "deleted");
  g_assert_cmpint (hanji_document_get_disk_state (document), ==, HANJI_DISK_STATE_DELETED);

  _hanji_window_banner_respond (window, TRUE);
  spin_until (document_saved, document, "the save");
  spin_until (banner_hidden, window, "the banner to go after the save");
  {
    g_autofree char *on_disk = read_file (path);
    g_autofree char *text = hanji_document_dup_text (document);

    g_assert_cmpstr (on_disk, ==, text);
  }

  g_unlink (moved);
  close_window (window);
}

/* A save that cannot be done (the folder is gone): a message, the post
 * stays modified, the words stay. */
static void
test_window_save_fails (void)
{
  g_autoptr(HanjiApplication) app = create_app ();
  g_autoptr(GFile) folder = copy_sample (app);
  g_autofree char *drafts_dir = g_build_filename (g_file_peek_path (folder), "_drafts", NULL);
  g_autofree char *gone = g_strconcat (drafts_dir, ".gone", NULL);
  HanjiWindow *window = open_post_window (app, folder, "_drafts/bukhansan-autumn-hike.md");
  HanjiDocument *document = _hanji_window_get_document (window);

  type_text (document, "Words that must not be lost.\n");
  g_assert_cmpint (g_rename (drafts_dir, gone), ==, 0);
  spin_for (400);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL));
  spin_for (600);
  g_assert_true (gtk_text_buffer_get_modified (GTK_TEXT_BUFFER (document)));
  {
    g_autofree char *text = buffer_text (document);

    assert_contains (text, "Words that must not be lost.");
  }
  g_assert_false (g_file_test (drafts_dir, G_FILE_TEST_EXISTS));

  g_assert_cmpint (g_rename (gone, drafts_dir), ==, 0);
  close_window (window);
}

static gboolean
has_draft (gpointer data)
{
  return hanji_document_get_has_draft (data);
}

static gboolean
has_no_draft (gpointer data)
{
  return !hanji_document_get_has_draft (data);
}

/* Unsaved text becomes a draft after the delay, without touching the
 * file; saving deletes it; so does undoing back to the saved text. */
static void
test_window_drafts (void)
{
  g_autoptr(HanjiApplication) app = create_app ();
  g_autoptr(GFile) folder = copy_sample (app);
  g_autoptr(GFile) post = g_file_resolve_relative_path (folder, "_posts/2023-11-25-typography-notes.md");
  g_autofree char *path = g_file_get_path (post);
  g_autofree char *original = read_file (path);
  HanjiDraftStore *store = hanji_application_get_draft_store (app);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  HanjiWindow *window;
  HanjiDocument *document;

  g_settings_set_uint (settings, "draft-delay", 1);
  window = open_post_window (app, folder, "_posts/2023-11-25-typography-notes.md");
  document = _hanji_window_get_document (window);

  type_text (document, "초안으로 남을 글.\n");
  spin_until (has_draft, document, "the draft");
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(HanjiDraft) draft = hanji_draft_store_load (store, hanji_document_get_draft_id (document), NULL, &error);
    g_autofree char *on_disk = read_file (path);
    g_autofree char *uri = g_file_get_uri (post);

    g_assert_no_error (error);
    g_assert_cmpstr (draft->uri, ==, uri);
    g_assert_nonnull (g_strstr_len (g_bytes_get_data (draft->text, NULL), g_bytes_get_size (draft->text), "초안으로 남을 글."));
    g_assert_cmpstr (on_disk, ==, original);
  }

  /* Undo to the saved text: the draft goes. */
  gtk_text_buffer_undo (GTK_TEXT_BUFFER (document));
  g_assert_false (gtk_text_buffer_get_modified (GTK_TEXT_BUFFER (document)));
  spin_until (has_no_draft, document, "the draft to go after undo");

  /* Typed again and saved: the draft goes too. */
  type_text (document, "Saved words.\n");
  spin_until (has_draft, document, "the draft");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL));
  spin_until (document_saved, document, "the save");
  spin_until (has_no_draft, document, "the draft to go after saving");
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(HanjiDraft) draft = hanji_draft_store_load (store, hanji_document_get_draft_id (document), NULL, &error);

    g_assert_null (draft);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  }

  g_settings_reset (settings, "draft-delay");
  close_window (window);
}

/* "Save changes automatically": the file gets the text once typing
 * pauses; off, only the draft does. */
static void
test_window_autosave (void)
{
  g_autoptr(HanjiApplication) app = create_app ();
  g_autoptr(GFile) folder = copy_sample (app);
  g_autoptr(GFile) post = g_file_resolve_relative_path (folder, "_posts/2023-11-25-typography-notes.md");
  g_autofree char *path = g_file_get_path (post);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  HanjiWindow *window;
  HanjiDocument *document;

  g_settings_set_uint (settings, "draft-delay", 1);
  window = open_post_window (app, folder, "_posts/2023-11-25-typography-notes.md");
  document = _hanji_window_get_document (window);

  g_settings_set_boolean (settings, "autosave", TRUE);
  type_text (document, "Saved without asking.\n");
  g_assert_true (gtk_text_buffer_get_modified (GTK_TEXT_BUFFER (document)));
  spin_until (document_saved, document, "the automatic save");
  {
    g_autofree char *on_disk = read_file (path);

    assert_contains (on_disk, "Saved without asking.");
  }
  spin_until (has_no_draft, document, "no draft after the automatic save");

  g_settings_set_boolean (settings, "autosave", FALSE);
  type_text (document, "Only a draft.\n");
  spin_until (has_draft, document, "the draft");
  {
    g_autofree char *on_disk = read_file (path);

    g_assert_null (strstr (on_disk, "Only a draft."));
  }

  g_settings_reset (settings, "draft-delay");
  g_settings_reset (settings, "autosave");
  close_window (window);
}

/* After a crash (an unclean session), the posts come back with their
 * drafts, modified, the cursor where it was, and the app says so. */
static void
test_window_recovery (void)
{
  g_autoptr(HanjiApplication) first = create_app ();
  g_autoptr(GFile) folder = copy_sample (first);
  g_autoptr(GFile) post = g_file_resolve_relative_path (folder, "_posts/2023-11-25-typography-notes.md");
  g_autofree char *path = g_file_get_path (post);
  g_autofree char *original = read_file (path);
  g_autofree char *recovered_text = g_strconcat (original, "복구된 문장.\n", NULL);
  g_autoptr(HanjiApplication) app = NULL;
  g_autoptr(HanjiSession) session = hanji_session_new ();
  g_autoptr(HanjiDraft) draft = hanji_draft_new ();
  g_autoptr(GError) error = NULL;
  HanjiSessionWindow *saved = hanji_session_window_new ();
  HanjiSessionPost *saved_post = hanji_session_post_new ();
  HanjiWindow *window;
  HanjiDocument *document;
  TextWait wait;

  /* What a killed run leaves: an unclean session and a draft. */
  draft->id = hanji_draft_id_for_file (post);
  draft->uri = g_file_get_uri (post);
  draft->title = g_strdup ("Typography");
  draft->base_etag = hanji_text_file_query_etag (post, NULL, NULL);
  draft->text = g_bytes_new (recovered_text, strlen (recovered_text));
  draft->line = 3;
  draft->column = 2;
  g_assert_true (hanji_draft_store_save (hanji_application_get_draft_store (first), draft, NULL, &error));
  g_assert_no_error (error);

  session->clean = FALSE;
  saved->site_uri = g_file_get_uri (folder);
  saved->active_uri = g_file_get_uri (post);
  saved_post->uri = g_file_get_uri (post);
  saved_post->draft_id = g_strdup (draft->id);
  saved_post->line = 3;
  saved_post->column = 2;
  g_ptr_array_add (saved->posts, saved_post);
  g_ptr_array_add (session->windows, saved);

  /* The next start reads it (create_app would remove it: register by
   * hand). */
  {
    static guint serial;
    g_autofree char *id = g_strdup_printf ("%s.Recovery%u", APP_ID, ++serial);

    g_assert_true (hanji_session_save (session, hanji_application_get_session_file (first), NULL, &error));
    g_assert_no_error (error);
    app = g_object_new (HANJI_TYPE_APPLICATION,
                        "application-id", id,
                        "flags", G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN,
                        NULL);
    g_application_set_resource_base_path (G_APPLICATION (app), "/io/github/hanjiapp/Hanji");
    g_application_register (G_APPLICATION (app), NULL, &error);
    g_assert_no_error (error);
  }

  g_application_activate (G_APPLICATION (app));
  spin_until (window_shown, app, "a window");
  window = g_object_ref (HANJI_WINDOW (gtk_application_get_windows (GTK_APPLICATION (app))->data));
  spin_until (document_loaded, window, "the recovered post");
  document = _hanji_window_get_document (window);
  wait.document = document;
  wait.expected = recovered_text;
  spin_until (buffer_is, &wait, "the draft's text");

  g_assert_true (hanji_application_get_recovered (app));
  g_assert_true (gtk_text_buffer_get_modified (GTK_TEXT_BUFFER (document)));
  g_assert_cmpuint (cursor_line (document), ==, 3);
  g_assert_true (g_file_equal (hanji_document_get_file (document), post));
  {
    g_autofree char *on_disk = read_file (path);

    g_assert_cmpstr (on_disk, ==, original);
  }

  /* Undo brings the file's text back. */
  gtk_text_buffer_undo (GTK_TEXT_BUFFER (document));
  {
    g_autofree char *text = buffer_text (document);

    g_assert_cmpstr (text, ==, original);
  }

  close_window (window);
}

/* File names with spaces, Hangul, quotes and a newline: listed, opened,
 * edited and saved like any other. */
static void
test_window_odd_file_names (void)
{
  g_autoptr(HanjiApplication) app = create_app ();
  g_autoptr(GFile) folder = copy_sample (app);
  const char *name = "_posts/2024-02-02-공백 과 \"따옴표\" 'x'\n줄바꿈.md";
  g_autoptr(GFile) post = g_file_resolve_relative_path (folder, name);
  g_autofree char *path = g_file_get_path (post);
  HanjiWindow *window;
  HanjiDocument *document;

  write_file (path, "---\ntitle: 이상한 이름\n---\n\n본문.\n");
  window = open_post_window (app, folder, name);
  document = _hanji_window_get_document (window);
  g_assert_true (g_file_equal (hanji_document_get_file (document), post));
  g_assert_cmpstr (hanji_document_get_title (document), ==, "이상한 이름");

  type_text (document, "더한 줄.\n");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL));
  spin_until (document_saved, document, "the save");
  {
    g_autofree char *on_disk = read_file (path);

    g_assert_cmpstr (on_disk, ==, "---\ntitle: 이상한 이름\n---\n\n본문.\n더한 줄.\n");
  }

  /* An empty post, one without front matter, one whose front matter
   * never ends: each opens, shows, and saves back as it was. */
  {
    static const char *texts[] = { "", "Just text, no front matter.\n", "---\ntitle: Never closed\nbody\n" };

    for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
      {
        g_autofree char *other_name = g_strdup_printf ("2024-02-0%u-edge-%u.md", i + 3, i);
        g_autoptr(GFile) other = g_file_get_child (g_file_get_parent (post), other_name);
        g_autofree char *other_path = g_file_get_path (other);
        HanjiDocument *edge;

        write_file (other_path, texts[i]);
        hanji_window_open_file (window, other);
        spin_until (document_loaded, window, "the edge post");
        edge = _hanji_window_get_document (window);
        g_assert_true (g_file_equal (hanji_document_get_file (edge), other));
        g_assert_true (content_page_is (window, "editor"));
        {
          g_autofree char *text = buffer_text (edge);

          g_assert_cmpstr (text, ==, texts[i]);
        }
        type_text (edge, "x");
        g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL));
        spin_until (document_saved, edge, "the save");
        {
          g_autofree char *on_disk = read_file (other_path);
          g_autofree char *expected = g_strconcat (texts[i], "x", NULL);

          g_assert_cmpstr (on_disk, ==, expected);
        }
      }
  }

  close_window (window);
  g_unlink (path);
}

/* Line endings, BOM and the missing final newline survive an edit. */
static void
test_window_keeps_format (void)
{
  g_autoptr(HanjiApplication) app = create_app ();
  g_autoptr(GFile) folder = copy_sample (app);
  g_autoptr(GFile) post = g_file_resolve_relative_path (folder, "_posts/crlf-post.md");
  g_autofree char *path = g_file_get_path (post);
  const char *crlf = "\xEF\xBB\xBF---\r\ntitle: CRLF\r\n---\r\n\r\nFirst line.\r\nLast line, no newline.";
  g_autofree char *on_disk = NULL;
  HanjiWindow *window;
  HanjiDocument *document;

  write_file (path, crlf);
  window = open_post_window (app, folder, "_posts/crlf-post.md");
  document = _hanji_window_get_document (window);
  {
    g_autofree char *text = buffer_text (document);

    /* In the buffer: \n, no BOM. */
    g_assert_null (strchr (text, '\r'));
    g_assert_true (g_str_has_prefix (text, "---\n"));
  }

  type_text (document, " Added.\nNew line.");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL));
  spin_until (document_saved, document, "the save");
  on_disk = read_file (path);
  g_assert_cmpstr (on_disk, ==,
                   "\xEF\xBB\xBF---\r\ntitle: CRLF\r\n---\r\n\r\nFirst line.\r\nLast line, no newline. Added.\r\nNew line.");

  close_window (window);
  g_unlink (path);
}

/* The targets of the "Open Recent" submenu under Open Folder, or NULL
 * when the menu has none. */
static GStrv
recent_menu_targets (HanjiWindow *window)
{
  GMenuModel *menu = _hanji_window_get_menu (window);
  g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, 0, G_MENU_LINK_SECTION);
  g_autoptr(GMenuModel) submenu = NULL;
  g_autoptr(GStrvBuilder) targets = g_strv_builder_new ();
  g_autofree char *action = NULL;

  g_assert_nonnull (section);
  g_assert_true (g_menu_model_get_item_attribute (section, 0, G_MENU_ATTRIBUTE_ACTION, "s", &action));
  g_assert_cmpstr (action, ==, "win.open-folder");

  submenu = g_menu_model_get_item_link (section, 1, G_MENU_LINK_SUBMENU);
  if (submenu == NULL)
    return NULL;

  for (int i = 0; i < g_menu_model_get_n_items (submenu); i++)
    {
      g_autofree char *item_action = NULL;
      g_autofree char *target = NULL;

      g_assert_true (g_menu_model_get_item_attribute (submenu, i, G_MENU_ATTRIBUTE_ACTION, "s", &item_action));
      g_assert_cmpstr (item_action, ==, "win.open-recent");
      g_assert_true (g_menu_model_get_item_attribute (submenu, i, G_MENU_ATTRIBUTE_TARGET, "s", &target));
      g_strv_builder_add (targets, target);
    }

  return g_strv_builder_end (targets);
}

static gboolean
site_root_is (gpointer data)
{
  gpointer *args = data;
  HanjiSite *site = _hanji_window_get_site (args[0]);

  return site != NULL && g_file_equal (hanji_site_get_root (site), args[1]);
}

static void
test_window_recent_menu (void)
{
  g_autoptr(HanjiApplication) app = create_app ();
  g_autoptr(GFile) sample = copy_sample (app);
  g_autoptr(GFile) hugo = g_file_new_build_filename (g_getenv ("G_TEST_SRCDIR"), "sites", "hugo", NULL);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *sample_uri = g_file_get_uri (sample);
  g_autofree char *hugo_uri = g_file_get_uri (hugo);
  g_auto(GStrv) targets = NULL;
  HanjiWindow *window;
  gpointer args[2];

  g_settings_reset (settings, "recent-folders");
  window = g_object_ref (hanji_window_new (GTK_APPLICATION (app)));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_null (recent_menu_targets (window));

  /* Opened blogs come first, newest on top, each once. */
  args[0] = window;
  hanji_window_open_folder (window, sample);
  hanji_window_open_folder (window, hugo);
  args[1] = hugo;
  spin_until (site_root_is, args, "the Hugo site");
  hanji_window_open_folder (window, sample);

  targets = recent_menu_targets (window);
  g_assert_nonnull (targets);
  g_assert_cmpuint (g_strv_length (targets), ==, 2);
  g_assert_cmpstr (targets[0], ==, sample_uri);
  g_assert_cmpstr (targets[1], ==, hugo_uri);

  /* Choosing one opens it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-recent", "s", hugo_uri));
  spin_until (site_root_is, args, "the Hugo site from the menu");

  settle_and_close (window);
  g_settings_reset (settings, "recent-folders");
}

static void
test_window_rename_post (void)
{
  g_autoptr(HanjiApplication) app = create_app ();
  g_autoptr(GFile) folder = copy_sample (app);
  g_autoptr(GFile) other = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) renamed = NULL;
  g_autofree char *old_name = NULL;
  g_autofree char *other_name = NULL;
  g_autofree char *new_name = NULL;
  g_autofree char *expected = NULL;
  HanjiNewPostDialog *dialog;
  HanjiWindow *window;
  gpointer args[2];

  window = open_site_window (app, folder);
  other = create_post (window, folder, "Rename Target", "-rename-target.md");
  file = create_post (window, folder, "이름 바꿀 글", "-이름-바꿀-글.md");
  old_name = g_file_get_basename (file);
  other_name = g_file_get_basename (other);

  /* The slug, without the date, is offered for editing. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.rename-post", NULL));
  dialog = find_new_post_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (gtk_editable_get_text (_hanji_new_post_dialog_get_title_entry (dialog)), ==, "이름-바꿀-글");
  /* Unchanged: nothing to do. */
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (_hanji_new_post_dialog_get_accept_button (dialog))));

  /* A name taken: said in the dialog, which stays open with the text. */
  gtk_editable_set_text (_hanji_new_post_dialog_get_title_entry (dialog), "rename-target");
  g_assert_cmpstr (strrchr (_hanji_new_post_dialog_get_path_text (dialog), '/') + 1, ==, other_name);
  g_signal_emit_by_name (_hanji_new_post_dialog_get_accept_button (dialog), "clicked");
  spin_until (new_post_dialog_idle, dialog, "the rename to fail");
  g_assert_nonnull (_hanji_new_post_dialog_get_error_text (dialog));
  g_assert_true (find_new_post_dialog () == dialog);
  g_assert_cmpstr (gtk_editable_get_text (_hanji_new_post_dialog_get_title_entry (dialog)), ==, "rename-target");
  g_assert_true (g_file_query_exists (file, NULL));

  /* The date prefix stays. */
  gtk_editable_set_text (_hanji_new_post_dialog_get_title_entry (dialog), "Renamed Post");
  expected = g_strdup_printf ("%.11srenamed-post.md", old_name);
  g_assert_true (g_str_has_suffix (_hanji_new_post_dialog_get_path_text (dialog), expected));
  g_signal_emit_by_name (_hanji_new_post_dialog_get_accept_button (dialog), "clicked");
  spin_until (new_post_dialog_gone, NULL, "the rename dialog to close");

  {
    g_autoptr(GFile) parent = g_file_get_parent (file);

    renamed = g_file_get_child (parent, expected);
  }
  g_assert_false (g_file_query_exists (file, NULL));
  g_assert_true (g_file_query_exists (renamed, NULL));
  new_name = g_file_get_basename (renamed);
  g_assert_cmpstr (new_name, ==, expected);

  /* The window follows: the post is open under its new name, listed
   * once. */
  args[0] = window;
  args[1] = renamed;
  spin_until (document_is, args, "the renamed post to open");
  spin_until (post_listed, args, "the renamed post in the list");
  args[1] = file;
  spin_until (post_unlisted, args, "the old name to leave the list");

  /* Unsaved changes: saved first, says the dialog. */
  type_text (_hanji_window_get_document (window), "저장 안 함\n");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.rename-post", NULL));
  dialog = find_new_post_dialog ();
  gtk_editable_set_text (_hanji_new_post_dialog_get_title_entry (dialog), "another-name");
  g_assert_nonnull (_hanji_new_post_dialog_get_error_text (dialog));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (_hanji_new_post_dialog_get_accept_button (dialog))));
  gtk_window_close (GTK_WINDOW (dialog));
  spin_until (new_post_dialog_gone, NULL, "the rename dialog to close");

  settle_and_close (window);
  g_file_delete (renamed, NULL, NULL);
  g_file_delete (other, NULL, NULL);
}

static gboolean
file_gone (gpointer data)
{
  return !g_file_query_exists (data, NULL);
}

static gboolean
file_exists (gpointer data)
{
  return g_file_query_exists (data, NULL);
}

static gboolean
trashed_or_refused (gpointer data)
{
  gpointer *args = data;

  return (file_gone (args[1]) && _hanji_window_get_document (args[0]) == NULL) ||
         dialog_shown (NULL);
}

static void
test_window_trash_post (void)
{
  g_autoptr(HanjiApplication) app = create_app ();
  g_autoptr(GFile) folder = copy_sample (app);
  g_autoptr(GFile) file = NULL;
  g_autofree char *text = NULL;
  HanjiDocument *document;
  HanjiWindow *window;
  gpointer args[2];

  window = open_site_window (app, folder);
  file = create_post (window, folder, "버릴 글", "-버릴-글.md");
  document = _hanji_window_get_document (window);
  type_text (document, "휴지통에서 돌아올 문장\n");

  args[0] = window;
  args[1] = file;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.trash-post", NULL));
  spin_until (trashed_or_refused, args, "the post to go to the trash");

  if (dialog_shown (NULL))
    {
      /* No trash here: permanent deletion is offered instead. */
      respond ("cancel");
      g_assert_true (g_file_query_exists (file, NULL));
      gtk_text_buffer_set_modified (GTK_TEXT_BUFFER (_hanji_window_get_document (window)), FALSE);
      settle_and_close (window);
      g_file_delete (file, NULL, NULL);
      g_test_skip ("no trash on this file system");
      return;
    }

  /* Out of the editor and the list. */
  g_assert_null (_hanji_window_get_document (window));
  spin_until (post_unlisted, args, "the post to leave the list");

  /* Undo: the file is back, listed and open, with the unsaved text. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo-trash", NULL));
  spin_until (file_exists, file, "the post to come back");
  spin_until (document_is, args, "the restored post to open");
  spin_until (post_listed, args, "the restored post in the list");
  text = buffer_text (_hanji_window_get_document (window));
  g_assert_nonnull (strstr (text, "휴지통에서 돌아올 문장"));
  g_assert_true (_hanji_window_get_document (window) == document);

  settle_and_close (window);
  g_file_delete (file, NULL, NULL);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  app_test_init (&argc, &argv);

  g_test_add_func ("/document/front-matter-head", test_document_front_matter_head);
  g_test_add_func ("/document/snapshot", test_document_snapshot);
  g_test_add_func ("/window/sample-blog", test_window_sample_blog);
  g_test_add_func ("/window/open-file", test_window_open_file);
  g_test_add_func ("/window/refuses-bad-files", test_window_refuses_bad_files);
  g_test_add_func ("/window/no-silent-overwrite", test_window_no_silent_overwrite);
  g_test_add_func ("/form/edit-title", test_form_edit_title);
  g_test_add_func ("/form/follows-text", test_form_follows_text);
  g_test_add_func ("/form/invalid-yaml", test_form_invalid_yaml);
  g_test_add_func ("/form/tag-completion", test_form_tag_completion);
  g_test_add_func ("/form/add-remove", test_form_add_remove);
  g_test_add_func ("/form/switch-and-date", test_form_switch_and_date);
  g_test_add_func ("/form/image-thumbnail", test_form_image_thumbnail);
  g_test_add_func ("/form/start-front-matter", test_form_start_front_matter);
  g_test_add_func ("/window/scroll-sync", test_window_scroll_sync);
  g_test_add_func ("/window/preview-flavor", test_window_preview_flavor);

  g_test_add_func ("/window/recent-menu", test_window_recent_menu);
  g_test_add_func ("/window/reload-clean", test_window_reload_clean);
  g_test_add_func ("/window/changed-while-modified", test_window_changed_while_modified);
  g_test_add_func ("/window/deleted", test_window_deleted);
  g_test_add_func ("/window/save-fails", test_window_save_fails);
  g_test_add_func ("/window/drafts", test_window_drafts);
  g_test_add_func ("/window/autosave", test_window_autosave);
  g_test_add_func ("/window/recovery", test_window_recovery);
  g_test_add_func ("/window/keeps-format", test_window_keeps_format);
  g_test_add_func ("/window/odd-file-names", test_window_odd_file_names);
  g_test_add_func ("/window/new-post", test_window_new_post);
  g_test_add_func ("/window/rename-post", test_window_rename_post);
  g_test_add_func ("/window/trash-post", test_window_trash_post);

  ret = g_test_run ();
  app_test_cleanup ();
  return ret;
}
