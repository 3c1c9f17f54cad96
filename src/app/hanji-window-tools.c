/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hanji-window"

/* The window's writing tools: find and replace, search across posts,
 * focus mode. */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "hanji-editor-commands.h"
#include "hanji-lint.h"
#include "hanji-spelling.h"
#include "hanji-text-stats.h"
#include "hanji-window-private.h"

/* The editor's side margins outside focus mode (the .ui's). */
#define EDITOR_MARGIN 24
/* Focus mode's text column, in average characters of the editor's
 * font: about 70 Latin letters, 35–40 Hangul syllables a line. */
#define FOCUS_COLUMN_CHARS 72

HanjiFindBar *
_hanji_window_get_find_bar (HanjiWindow *self)
{
  return self->find_bar;
}

gboolean
_hanji_window_get_find_visible (HanjiWindow *self)
{
  return gtk_revealer_get_reveal_child (self->find_revealer);
}

static void
hanji_window_show_find (HanjiWindow *self,
                        gboolean     replace)
{
  if (self->document == NULL)
    return;

  hanji_find_bar_set_replace_mode (self->find_bar, replace);
  gtk_revealer_set_reveal_child (self->find_revealer, TRUE);
  hanji_find_bar_begin (self->find_bar);
}

static void
find_bar_dismiss_cb (HanjiWindow *self)
{
  if (!gtk_revealer_get_reveal_child (self->find_revealer))
    return;

  hanji_find_bar_end (self->find_bar);
  gtk_revealer_set_reveal_child (self->find_revealer, FALSE);
  /* The match stays selected, so typing goes on from there. */
  gtk_widget_grab_focus (GTK_WIDGET (self->source_view));
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  hanji_window_show_find (HANJI_WINDOW (widget), FALSE);
}

static void
find_replace_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  hanji_window_show_find (HANJI_WINDOW (widget), TRUE);
}

static void
find_next_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  HanjiWindow *self = HANJI_WINDOW (widget);

  if (self->document == NULL || hanji_find_bar_get_context (self->find_bar) == NULL)
    return;

  /* Ctrl+G with the bar closed searches again for the last text. */
  if (!gtk_revealer_get_reveal_child (self->find_revealer))
    {
      gtk_revealer_set_reveal_child (self->find_revealer, TRUE);
      gtk_source_search_context_set_highlight (hanji_find_bar_get_context (self->find_bar), TRUE);
    }

  hanji_find_bar_next (self->find_bar, g_str_equal (action_name, "win.find-previous"));
}

/* Search across posts */

HanjiSearchPanel *
_hanji_window_get_search_panel (HanjiWindow *self)
{
  return self->search_panel;
}

gboolean
_hanji_window_get_search_visible (HanjiWindow *self)
{
  /* Asked by the property action while the template is built too. */
  return self->sidebar_stack != NULL &&
         g_strcmp0 (gtk_stack_get_visible_child_name (self->sidebar_stack), "search") == 0;
}

void
_hanji_window_set_search_visible (HanjiWindow *self,
                                  gboolean     visible)
{
  if (self->sidebar_stack == NULL || _hanji_window_get_search_visible (self) == !!visible)
    return;

  gtk_stack_set_visible_child_name (self->sidebar_stack, visible ? "search" : "posts");
  if (visible)
    {
      if (!self->sidebar_visible)
        g_object_set (self, "sidebar-visible", TRUE, NULL);
      hanji_search_panel_begin (self->search_panel, NULL);
    }

  g_object_notify (G_OBJECT (self), "search-visible");
}

void
_hanji_window_tools_set_site (HanjiWindow *self,
                              HanjiSite   *site)
{
  hanji_search_panel_set_site (self->search_panel, site);
  _hanji_window_set_search_visible (self, FALSE);
  hanji_spelling_set_site_language (self->source_view, site != NULL ? hanji_site_get_language (site) : NULL);
}

static void
search_all_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  HanjiWindow *self = HANJI_WINDOW (widget);
  g_autofree char *selected = NULL;
  GtkTextIter start, end;

  if (self->site == NULL)
    return;

  /* A word selected in the post is what to look for. */
  if (self->document != NULL &&
      gtk_text_buffer_get_selection_bounds (GTK_TEXT_BUFFER (self->document), &start, &end) &&
      gtk_text_iter_get_line (&start) == gtk_text_iter_get_line (&end))
    selected = gtk_text_iter_get_slice (&start, &end);

  _hanji_window_set_search_visible (self, TRUE);
  hanji_search_panel_begin (self->search_panel, selected);
}

static void
search_dismiss_cb (HanjiWindow *self)
{
  _hanji_window_set_search_visible (self, FALSE);
  if (self->document != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->source_view));
}

typedef struct
{
  guint line;
  guint column;
  guint length;
} Reveal;

void
_hanji_window_apply_pending_reveal (HanjiWindow   *self,
                                    HanjiDocument *document)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (document);
  Reveal *reveal = g_object_steal_data (G_OBJECT (document), "hanji-pending-reveal");
  GtkTextIter start, end;

  if (reveal == NULL)
    return;

  gtk_text_buffer_get_iter_at_line_offset (buffer, &start, reveal->line - 1, 0);
  /* Clamped to the line: the post may have changed since the search. */
  if (reveal->column > 1)
    {
      end = start;
      if (!gtk_text_iter_ends_line (&end))
        gtk_text_iter_forward_to_line_end (&end);
      gtk_text_iter_forward_chars (&start, MIN ((int) reveal->column - 1,
                                                gtk_text_iter_get_line_offset (&end)));
    }
  end = start;
  gtk_text_iter_forward_chars (&end, reveal->length);
  gtk_text_buffer_select_range (buffer, &start, &end);
  g_free (reveal);

  if (self->document == document)
    {
      gtk_text_view_scroll_to_mark (GTK_TEXT_VIEW (self->source_view),
                                    gtk_text_buffer_get_insert (buffer),
                                    0.25, FALSE, 0.0, 0.0);
      gtk_widget_grab_focus (GTK_WIDGET (self->source_view));
    }
}

void
_hanji_window_reveal (HanjiWindow *self,
                      GFile       *file,
                      guint        line,
                      guint        column,
                      guint        length)
{
  Reveal *reveal;

  g_return_if_fail (line >= 1);

  _hanji_window_open_post (self, file);
  if (self->document == NULL || !g_file_equal (hanji_document_get_file (self->document), file))
    return;

  reveal = g_new0 (Reveal, 1);
  reveal->line = line;
  reveal->column = MAX (column, 1);
  reveal->length = length;
  g_object_set_data_full (G_OBJECT (self->document), "hanji-pending-reveal", reveal, g_free);

  if (hanji_document_get_loaded (self->document))
    _hanji_window_apply_pending_reveal (self, self->document);
}

static void
search_match_activated_cb (HanjiWindow      *self,
                           HanjiSearchMatch *match)
{
  _hanji_window_reveal (self,
                        hanji_search_match_get_file (match),
                        hanji_search_match_get_line (match),
                        hanji_search_match_get_column (match),
                        hanji_search_match_get_length (match));
}

/* Export as HTML */

static void
export_open_cb (AdwToast    *toast,
                HanjiWindow *self)
{
  const char *uri = g_object_get_data (G_OBJECT (toast), "hanji-uri");

  g_app_info_launch_default_for_uri_async (uri, NULL, NULL, NULL, NULL);
}

typedef struct
{
  HanjiWindow *self;
  GFile       *destination;
} ExportRequest;

static void
export_request_free (ExportRequest *request)
{
  g_object_unref (request->self);
  g_object_unref (request->destination);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExportRequest, export_request_free)

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(ExportRequest) request = user_data;
  HanjiWindow *self = request->self;
  GFile *destination = request->destination;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *name = NULL;
  AdwToast *toast;
  guint n_missing = 0;

  if (!hanji_preview_export_finish (HANJI_PREVIEW (object), result, &n_missing, &error))
    {
      /* Translators: the error says why */
      message = g_strdup_printf (_("Could not export: %s"), error->message);
      toast = adw_toast_new (message);
      adw_toast_set_timeout (toast, 8);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
      return;
    }

  name = g_file_get_basename (destination);
  if (n_missing > 0)
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "Exported “%s”; %u image was not found",
                                            "Exported “%s”; %u images were not found",
                                            n_missing),
                               name, n_missing);
  else
    message = g_strdup_printf (_("Exported “%s”"), name);

  toast = adw_toast_new (message);
  adw_toast_set_button_label (toast, _("_Open"));
  g_object_set_data_full (G_OBJECT (toast), "hanji-uri", g_file_get_uri (destination), g_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (export_open_cb), self, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
_hanji_window_export (HanjiWindow *self,
                      GFile       *destination,
                      gboolean     copy_images)
{
  ExportRequest *request;

  if (self->document == NULL)
    return;

  request = g_new0 (ExportRequest, 1);
  request->self = g_object_ref (self);
  request->destination = g_object_ref (destination);
  hanji_preview_export_async (self->preview, destination,
                              hanji_document_get_title (self->document),
                              copy_images, NULL, export_done_cb, request);
}

static void
export_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    HanjiWindow     *self)
{
  g_autoptr(GFile) file = NULL;
  const char *images;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      images = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (dialog), "images");
      if (file != NULL)
        _hanji_window_export (self, file, g_strcmp0 (images, "copy") == 0);
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
export_html_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  HanjiWindow *self = HANJI_WINDOW (widget);
  GtkFileChooserNative *dialog;
  g_autofree char *basename = NULL;
  g_autofree char *suggested = NULL;
  const char *options[] = { "embed", "copy", NULL };
  const char *labels[] = { N_("Embed in the Page"), N_("Copy Beside the Page"), NULL };
  const char *translated[3];
  char *dot;

  if (self->document == NULL)
    return;

  for (guint i = 0; i < 2; i++)
    translated[i] = _(labels[i]);
  translated[2] = NULL;

  basename = g_file_get_basename (hanji_document_get_file (self->document));
  dot = strrchr (basename, '.');
  if (dot != NULL && dot != basename)
    *dot = '\0';
  suggested = g_strconcat (basename, ".html", NULL);

  dialog = gtk_file_chooser_native_new (_("Export as HTML"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), suggested);
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (dialog), "images", _("Images"),
                               options, translated);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (dialog), "images", "embed");
  g_signal_connect_object (dialog, "response", G_CALLBACK (export_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* Statistics */

typedef struct
{
  GBytes        *text;
  gsize          selection_start;
  gsize          selection_end;
  guint          serial;
  HanjiTextStats post;
  HanjiTextStats selection;
  gboolean       has_selection;
} StatsJob;

static void
stats_job_free (StatsJob *job)
{
  g_bytes_unref (job->text);
  g_free (job);
}

static void
stats_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  StatsJob *job = task_data;
  gsize len;
  const char *text = g_bytes_get_data (job->text, &len);

  hanji_text_stats_count (text, len, &job->post);
  if (job->has_selection)
    {
      HanjiFrontMatterSplit split;
      gsize start = job->selection_start;

      /* A selection reaching into the body counts its body part, so that
       * Select All agrees with the post's column; one inside the front
       * matter (a description, say) counts as it is. */
      hanji_front_matter_split (text, len, &split);
      if (job->selection_end > split.body_start)
        start = MAX (start, split.body_start);
      hanji_text_stats_count_fragment (text + start, job->selection_end - start, &job->selection);
    }
  g_task_return_boolean (task, TRUE);
}

static char *
format_count (guint n)
{
  /* Thousands grouped as the locale does. */
  return g_strdup_printf ("%'u", n);
}

static void
add_stats_row (HanjiWindow *self,
               int          row,
               const char  *label,
               guint        post,
               guint        selection,
               gboolean     has_selection)
{
  GtkWidget *name = gtk_label_new (label);
  g_autofree char *post_text = format_count (post);
  GtkWidget *value = gtk_label_new (post_text);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_widget_add_css_class (name, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (value), 1);
  gtk_widget_add_css_class (value, "numeric");
  gtk_grid_attach (self->stats_grid, name, 0, row, 1, 1);
  gtk_grid_attach (self->stats_grid, value, 1, row, 1, 1);

  if (has_selection)
    {
      g_autofree char *selection_text = format_count (selection);
      GtkWidget *selected = gtk_label_new (selection_text);

      gtk_label_set_xalign (GTK_LABEL (selected), 1);
      gtk_widget_add_css_class (selected, "numeric");
      gtk_grid_attach (self->stats_grid, selected, 2, row, 1, 1);
    }
}

/* Workers never keep a closed window alive: they hold it weakly. */
static GWeakRef *
weak_window_new (HanjiWindow *self)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, self);
  return ref;
}

static HanjiWindow *
weak_window_steal (gpointer user_data)
{
  GWeakRef *ref = user_data;
  HanjiWindow *self = g_weak_ref_get (ref);

  g_weak_ref_clear (ref);
  g_free (ref);
  return self;
}

static void
stats_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(HanjiWindow) self = weak_window_steal (user_data);
  StatsJob *job = g_task_get_task_data (G_TASK (result));
  g_autofree char *label = NULL;
  g_autofree char *words = NULL;
  GtkWidget *child;
  int row = 0;

  if (self == NULL || !g_task_propagate_boolean (G_TASK (result), NULL) ||
      job->serial != self->stats_serial || self->stats_grid == NULL)
    return;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->stats_grid))) != NULL)
    gtk_grid_remove (self->stats_grid, child);

  if (job->has_selection)
    {
      GtkWidget *post = gtk_label_new (_("Post"));
      GtkWidget *selection = gtk_label_new (_("Selection"));

      gtk_widget_add_css_class (post, "heading");
      gtk_widget_add_css_class (selection, "heading");
      gtk_label_set_xalign (GTK_LABEL (post), 1);
      gtk_label_set_xalign (GTK_LABEL (selection), 1);
      gtk_grid_attach (self->stats_grid, post, 1, row, 1, 1);
      gtk_grid_attach (self->stats_grid, selection, 2, row++, 1, 1);
    }

  add_stats_row (self, row++, _("Words"), job->post.words, job->selection.words, job->has_selection);
  add_stats_row (self, row++, _("Characters"), job->post.characters, job->selection.characters, job->has_selection);
  add_stats_row (self, row++, _("Characters without spaces"), job->post.characters_no_spaces,
                 job->selection.characters_no_spaces, job->has_selection);
  add_stats_row (self, row++, _("Hangul syllables"), job->post.hangul, job->selection.hangul, job->has_selection);
  add_stats_row (self, row++, _("Reading time, minutes"), job->post.minutes, job->selection.minutes, job->has_selection);

  /* The button: the selection's words while there is one. */
  if (job->has_selection)
    {
      g_autofree char *selected = format_count (job->selection.words);

      words = format_count (job->post.words);
      /* Translators: words in the selection, of words in the post */
      label = g_strdup_printf (_("%s of %s words"), selected, words);
    }
  else
    {
      words = format_count (job->post.words);
      /* Translators: "312 words · 2 min" */
      label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s word · %u min", "%s words · %u min",
                                            job->post.words),
                               words, job->post.minutes);
    }

  gtk_menu_button_set_label (self->stats_button, label);
  gtk_widget_set_visible (GTK_WIDGET (self->stats_button), TRUE);
}

static gboolean
stats_timeout_cb (gpointer user_data)
{
  HanjiWindow *self = user_data;
  g_autoptr(GTask) task = NULL;
  GtkTextBuffer *buffer;
  GtkTextIter start, end, begin;
  StatsJob *job;

  self->stats_source = 0;

  if (self->document == NULL || !hanji_document_get_loaded (self->document))
    return G_SOURCE_REMOVE;

  buffer = GTK_TEXT_BUFFER (self->document);
  job = g_new0 (StatsJob, 1);
  job->text = hanji_document_dup_snapshot (self->document);
  job->serial = ++self->stats_serial;

  if (gtk_text_buffer_get_selection_bounds (buffer, &start, &end))
    {
      g_autofree char *before = NULL;
      g_autofree char *selected = NULL;

      /* Byte offsets into the snapshot, which is the buffer's text. */
      gtk_text_buffer_get_start_iter (buffer, &begin);
      before = gtk_text_iter_get_slice (&begin, &start);
      selected = gtk_text_iter_get_slice (&start, &end);
      job->has_selection = TRUE;
      job->selection_start = MIN (strlen (before), g_bytes_get_size (job->text));
      job->selection_end = MIN (job->selection_start + strlen (selected), g_bytes_get_size (job->text));
    }

  task = g_task_new (NULL, NULL, stats_done_cb, weak_window_new (self));
  g_task_set_source_tag (task, stats_timeout_cb);
  g_task_set_task_data (task, job, (GDestroyNotify) stats_job_free);
  g_task_run_in_thread (task, stats_thread);

  return G_SOURCE_REMOVE;
}

void
_hanji_window_schedule_stats (HanjiWindow *self)
{
  if (self->document == NULL)
    {
      g_clear_handle_id (&self->stats_source, g_source_remove);
      gtk_widget_set_visible (GTK_WIDGET (self->stats_button), FALSE);
      return;
    }

  /* A pause in typing, or a selection that has settled. */
  g_clear_handle_id (&self->stats_source, g_source_remove);
  self->stats_source = g_timeout_add (300, stats_timeout_cb, self);
}

const char *
_hanji_window_get_stats_label (HanjiWindow *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self->stats_button)) ?
         gtk_menu_button_get_label (self->stats_button) : NULL;
}

char *
_hanji_window_dup_stats_details (HanjiWindow *self)
{
  GString *details = g_string_new (NULL);

  /* Rows of three cells at most: name, post, selection. */
  for (int row = 0; row < 8; row++)
    {
      gboolean any = FALSE;

      for (int column = 0; column < 3; column++)
        {
          GtkWidget *cell = gtk_grid_get_child_at (self->stats_grid, column, row);

          if (cell == NULL)
            continue;
          g_string_append_printf (details, "%s%s", any ? "|" : "", gtk_label_get_label (GTK_LABEL (cell)));
          any = TRUE;
        }
      if (any)
        g_string_append_c (details, '\n');
    }

  return g_string_free (details, FALSE);
}

static void
buffer_mark_set_cb (HanjiWindow   *self,
                    GtkTextIter   *location,
                    GtkTextMark   *mark,
                    GtkTextBuffer *buffer)
{
  if (mark == gtk_text_buffer_get_selection_bound (buffer))
    _hanji_window_schedule_stats (self);
}

/* Lint */

typedef struct
{
  GBytes      *text;
  HanjiSite   *site;
  GFile       *file;
  HanjiFlavor  flavor;
  guint        serial;
} LintJob;

static void
lint_job_free (LintJob *job)
{
  g_bytes_unref (job->text);
  g_clear_object (&job->site);
  g_clear_object (&job->file);
  g_free (job);
}

static void
lint_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LintJob *job = task_data;
  gsize len;
  const char *text = g_bytes_get_data (job->text, &len);

  g_task_return_pointer (task, hanji_lint_post (text, len, job->site, job->file, job->flavor),
                         (GDestroyNotify) g_ptr_array_unref);
}

/* Byte offset in text to a buffer iter (the buffer holds that text). */
static void
iter_at_byte (GtkTextBuffer *buffer,
              GBytes        *bytes,
              gsize          offset,
              GtkTextIter   *iter)
{
  gsize len;
  const char *text = g_bytes_get_data (bytes, &len);

  offset = MIN (offset, len);
  gtk_text_buffer_get_iter_at_offset (buffer, iter, g_utf8_strlen (text, offset));
}

static gboolean
lint_text_is_current (HanjiWindow *self)
{
  g_autoptr(GBytes) now = NULL;

  if (self->document == NULL || self->lint_text == NULL)
    return FALSE;

  now = hanji_document_dup_snapshot (self->document);
  return g_bytes_equal (now, self->lint_text);
}

gboolean
_hanji_window_apply_lint_fix (HanjiWindow *self,
                              guint        i)
{
  GtkTextBuffer *buffer;
  HanjiLintProblem *problem;
  GtkTextIter start, end;

  if (self->lint_problems == NULL || i >= self->lint_problems->len || !lint_text_is_current (self))
    return FALSE;

  problem = self->lint_problems->pdata[i];
  if (problem->fix_text == NULL)
    return FALSE;

  buffer = GTK_TEXT_BUFFER (self->document);
  iter_at_byte (buffer, self->lint_text, problem->fix_offset, &start);
  iter_at_byte (buffer, self->lint_text, problem->fix_offset + problem->fix_length, &end);

  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_delete (buffer, &start, &end);
  gtk_text_buffer_insert (buffer, &start, problem->fix_text, -1);
  gtk_text_buffer_end_user_action (buffer);

  /* Checked again at once: the fixed problem goes from the list. */
  g_clear_handle_id (&self->lint_source, g_source_remove);
  _hanji_window_schedule_lint (self);
  return TRUE;
}

void
_hanji_window_reveal_lint_problem (HanjiWindow *self,
                                   guint        i)
{
  HanjiLintProblem *problem;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  if (self->lint_problems == NULL || i >= self->lint_problems->len || self->document == NULL)
    return;

  problem = self->lint_problems->pdata[i];
  buffer = GTK_TEXT_BUFFER (self->document);

  if (lint_text_is_current (self))
    {
      iter_at_byte (buffer, self->lint_text, problem->offset, &start);
      iter_at_byte (buffer, self->lint_text, problem->offset + problem->length, &end);
    }
  else
    {
      /* Edited since: at least the line. */
      gtk_text_buffer_get_iter_at_line (buffer, &start, problem->line - 1);
      end = start;
    }

  gtk_text_buffer_select_range (buffer, &start, &end);
  gtk_text_view_scroll_to_mark (GTK_TEXT_VIEW (self->source_view),
                                gtk_text_buffer_get_insert (buffer), 0.25, FALSE, 0.0, 0.0);
  gtk_widget_grab_focus (GTK_WIDGET (self->source_view));
}

static void
lint_row_activated_cb (HanjiWindow   *self,
                       GtkListBoxRow *row)
{
  gtk_popover_popdown (gtk_menu_button_get_popover (self->lint_button));
  _hanji_window_reveal_lint_problem (self, gtk_list_box_row_get_index (row));
}

static void
lint_fix_clicked_cb (GtkButton   *button,
                     HanjiWindow *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_LIST_BOX_ROW);

  if (row != NULL && !_hanji_window_apply_lint_fix (self, gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row))))
    adw_toast_overlay_add_toast (self->toast_overlay,
                                 adw_toast_new (_("The post changed: check it again before fixing")));
}

static GtkWidget *
lint_row_new (HanjiWindow      *self,
              HanjiLintProblem *problem)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *icon = gtk_image_new_from_icon_name (problem->severity == HANJI_LINT_ERROR ?
                                                  "dialog-error-symbolic" : "dialog-warning-symbolic");
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *message = gtk_label_new (problem->message);
  g_autofree char *where_text = g_strdup_printf (_("Line %u, column %u"), problem->line, problem->column);
  GtkWidget *where = gtk_label_new (where_text);

  gtk_widget_add_css_class (icon, problem->severity == HANJI_LINT_ERROR ? "error" : "warning");
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_label_set_xalign (GTK_LABEL (message), 0);
  gtk_label_set_wrap (GTK_LABEL (message), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (message), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (GTK_LABEL (message), 48);
  gtk_label_set_xalign (GTK_LABEL (where), 0);
  gtk_widget_add_css_class (where, "caption");
  gtk_widget_add_css_class (where, "dim-label");
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_box_append (GTK_BOX (texts), message);
  gtk_box_append (GTK_BOX (texts), where);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), texts);

  if (problem->fix_label != NULL)
    {
      GtkWidget *fix = gtk_button_new_with_label (problem->fix_label);

      gtk_widget_set_valign (fix, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (fix, "pill");
      gtk_widget_add_css_class (fix, "small");
      g_signal_connect_object (fix, "clicked", G_CALLBACK (lint_fix_clicked_cb), self, 0);
      gtk_box_append (GTK_BOX (box), fix);
    }

  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  return box;
}

static void
lint_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(HanjiWindow) self = weak_window_steal (user_data);
  g_autoptr(GPtrArray) problems = g_task_propagate_pointer (G_TASK (result), NULL);
  LintJob *job = g_task_get_task_data (G_TASK (result));
  g_autofree char *count = NULL;
  GtkWidget *child;
  guint errors = 0;

  if (self == NULL || problems == NULL || job->serial != self->lint_serial || self->lint_list == NULL)
    return;

  g_clear_pointer (&self->lint_text, g_bytes_unref);
  self->lint_text = g_bytes_ref (job->text);
  g_clear_pointer (&self->lint_problems, g_ptr_array_unref);
  self->lint_problems = g_ptr_array_ref (problems);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->lint_list))) != NULL)
    gtk_list_box_remove (self->lint_list, child);

  for (guint i = 0; i < problems->len; i++)
    {
      HanjiLintProblem *problem = problems->pdata[i];

      if (problem->severity == HANJI_LINT_ERROR)
        errors++;
      gtk_list_box_append (self->lint_list, lint_row_new (self, problem));
    }

  /* Nothing to say, nothing shown. */
  gtk_widget_set_visible (GTK_WIDGET (self->lint_button), problems->len > 0);
  if (problems->len == 0)
    {
      gtk_popover_popdown (gtk_menu_button_get_popover (self->lint_button));
      return;
    }

  count = g_strdup_printf ("%u", problems->len);
  {
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
    GtkWidget *icon = gtk_image_new_from_icon_name (errors > 0 ? "dialog-error-symbolic" : "dialog-warning-symbolic");
    GtkWidget *label = gtk_label_new (count);

    gtk_box_append (GTK_BOX (box), icon);
    gtk_box_append (GTK_BOX (box), label);
    gtk_menu_button_set_child (self->lint_button, box);
  }
  gtk_widget_remove_css_class (GTK_WIDGET (self->lint_button), errors > 0 ? "warning" : "error");
  gtk_widget_add_css_class (GTK_WIDGET (self->lint_button), errors > 0 ? "error" : "warning");
}

static gboolean
lint_timeout_cb (gpointer user_data)
{
  HanjiWindow *self = user_data;
  g_autoptr(GTask) task = NULL;
  LintJob *job;

  self->lint_source = 0;
  if (self->document == NULL || !hanji_document_get_loaded (self->document))
    return G_SOURCE_REMOVE;

  job = g_new0 (LintJob, 1);
  job->text = hanji_document_dup_snapshot (self->document);
  job->site = self->site ? g_object_ref (self->site) : NULL;
  job->file = g_object_ref (hanji_document_get_file (self->document));
  job->flavor = _hanji_window_get_flavor (self);
  job->serial = ++self->lint_serial;

  task = g_task_new (NULL, NULL, lint_done_cb, weak_window_new (self));
  g_task_set_source_tag (task, lint_timeout_cb);
  g_task_set_task_data (task, job, (GDestroyNotify) lint_job_free);
  g_task_run_in_thread (task, lint_thread);

  return G_SOURCE_REMOVE;
}

void
_hanji_window_schedule_lint (HanjiWindow *self)
{
  g_clear_handle_id (&self->lint_source, g_source_remove);

  if (self->document == NULL)
    {
      self->lint_serial++;
      g_clear_pointer (&self->lint_problems, g_ptr_array_unref);
      g_clear_pointer (&self->lint_text, g_bytes_unref);
      gtk_widget_set_visible (GTK_WIDGET (self->lint_button), FALSE);
      return;
    }

  /* Looking at the disk for every link is more than a word count: a
   * longer pause first. */
  self->lint_source = g_timeout_add (800, lint_timeout_cb, self);
}

GPtrArray *
_hanji_window_get_lint_problems (HanjiWindow *self)
{
  return self->lint_problems;
}

/* Outline */

typedef struct
{
  GBytes      *text;
  HanjiFlavor  flavor;
} OutlineJob;

static void
outline_job_free (OutlineJob *job)
{
  g_bytes_unref (job->text);
  g_free (job);
}

static void
outline_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  OutlineJob *job = task_data;
  gsize len;
  const char *text = g_bytes_get_data (job->text, &len);

  g_task_return_pointer (task, hanji_markdown_list_headings (text, len, job->flavor),
                         (GDestroyNotify) g_ptr_array_unref);
}

static void
outline_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(HanjiWindow) self = weak_window_steal (user_data);
  g_autoptr(GPtrArray) headings = g_task_propagate_pointer (G_TASK (result), NULL);
  GtkWidget *child;

  if (self == NULL || headings == NULL || self->outline_list == NULL)
    return;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->outline_list))) != NULL)
    gtk_list_box_remove (self->outline_list, child);

  for (guint i = 0; i < headings->len; i++)
    {
      HanjiHeading *heading = headings->pdata[i];
      GtkWidget *label = gtk_label_new (heading->text[0] != '\0' ? heading->text : "—");
      GtkWidget *row = gtk_list_box_row_new ();

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_width_chars (GTK_LABEL (label), 16);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
      /* Levels as indents, the top one stronger. */
      gtk_widget_set_margin_start (label, 12 * (heading->level - 1));
      if (heading->level == 1)
        gtk_widget_add_css_class (label, "heading");
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      g_object_set_data (G_OBJECT (row), "hanji-line", GUINT_TO_POINTER (heading->line));
      gtk_list_box_append (self->outline_list, row);
    }

  gtk_stack_set_visible_child_name (self->outline_stack, headings->len > 0 ? "list" : "empty");
}

static void
outline_show_cb (HanjiWindow *self)
{
  g_autoptr(GTask) task = NULL;
  OutlineJob *job;

  if (self->document == NULL)
    return;

  g_cancellable_cancel (self->outline_cancellable);
  g_clear_object (&self->outline_cancellable);
  self->outline_cancellable = g_cancellable_new ();

  job = g_new0 (OutlineJob, 1);
  job->text = hanji_document_dup_snapshot (self->document);
  job->flavor = _hanji_window_get_flavor (self);

  task = g_task_new (NULL, self->outline_cancellable, outline_done_cb, weak_window_new (self));
  g_task_set_source_tag (task, outline_show_cb);
  g_task_set_task_data (task, job, (GDestroyNotify) outline_job_free);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, outline_thread);
}

static void
outline_row_activated_cb (HanjiWindow   *self,
                          GtkListBoxRow *row)
{
  guint line = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "hanji-line"));
  GtkTextIter iter;

  if (self->document == NULL || line == 0)
    return;

  gtk_popover_popdown (self->outline_popover);

  /* The heading at the top of the editor, the cursor on it, and the
   * preview at the same place. */
  gtk_text_buffer_get_iter_at_line (GTK_TEXT_BUFFER (self->document), &iter, line - 1);
  gtk_text_buffer_place_cursor (GTK_TEXT_BUFFER (self->document), &iter);
  gtk_text_view_scroll_to_mark (GTK_TEXT_VIEW (self->source_view),
                                gtk_text_buffer_get_insert (GTK_TEXT_BUFFER (self->document)),
                                0.0, TRUE, 0.0, 0.0);
  hanji_preview_scroll_to_line (self->preview, line);
  gtk_widget_grab_focus (GTK_WIDGET (self->source_view));
}

void
_hanji_window_show_outline (HanjiWindow *self)
{
  gtk_menu_button_popup (self->outline_button);
}

GtkListBox *
_hanji_window_get_outline_list (HanjiWindow *self)
{
  return self->outline_list;
}

static void
outline_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  HanjiWindow *self = HANJI_WINDOW (widget);

  if (self->document != NULL)
    _hanji_window_show_outline (self);
}

/* Focus mode centres a comfortable column of text in whatever width
 * the editor has. */
static void
hanji_window_update_editor_margins (HanjiWindow *self)
{
  GtkAdjustment *hadjustment;
  int width;
  int margin = EDITOR_MARGIN;

  if (self->focus_mode)
    {
      PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self->source_view));
      PangoFontMetrics *metrics = pango_context_get_metrics (context, NULL, NULL);
      int column = pango_font_metrics_get_approximate_char_width (metrics) / PANGO_SCALE * FOCUS_COLUMN_CHARS;

      pango_font_metrics_unref (metrics);

      hadjustment = gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (self->source_view));
      width = (int) gtk_adjustment_get_page_size (hadjustment);
      if (width > column + 2 * EDITOR_MARGIN)
        margin = (width - column) / 2;
    }

  if (gtk_text_view_get_left_margin (GTK_TEXT_VIEW (self->source_view)) != margin)
    {
      gtk_text_view_set_left_margin (GTK_TEXT_VIEW (self->source_view), margin);
      gtk_text_view_set_right_margin (GTK_TEXT_VIEW (self->source_view), margin);
    }
}

void
_hanji_window_set_focus_mode (HanjiWindow *self,
                              gboolean     focus_mode)
{
  focus_mode = !!focus_mode;

  if (self->focus_mode == focus_mode)
    return;

  if (focus_mode && self->document == NULL)
    return;

  self->focus_mode = focus_mode;

  if (focus_mode)
    {
      self->focus_hid_sidebar = self->sidebar_visible;
      if (self->sidebar_visible)
        g_object_set (self, "sidebar-visible", FALSE, NULL);
      self->focus_made_fullscreen = !gtk_window_is_fullscreen (GTK_WINDOW (self));
      if (self->focus_made_fullscreen)
        gtk_window_fullscreen (GTK_WINDOW (self));
      gtk_widget_add_css_class (GTK_WIDGET (self), "hanji-focus-mode");
    }
  else
    {
      if (self->focus_hid_sidebar)
        g_object_set (self, "sidebar-visible", TRUE, NULL);
      if (self->focus_made_fullscreen)
        gtk_window_unfullscreen (GTK_WINDOW (self));
      self->focus_hid_sidebar = FALSE;
      self->focus_made_fullscreen = FALSE;
      gtk_widget_remove_css_class (GTK_WIDGET (self), "hanji-focus-mode");
    }

  /* The form and preview follow their settings again on the way out. */
  gtk_widget_set_visible (GTK_WIDGET (self->form),
                          !focus_mode && g_settings_get_boolean (self->settings, "show-form"));
  gtk_widget_set_visible (GTK_WIDGET (self->preview),
                          !focus_mode && g_settings_get_boolean (self->settings, "show-preview"));
  gtk_widget_set_visible (self->editor_header, !focus_mode);
  hanji_window_update_editor_margins (self);

  if (focus_mode)
    {
      AdwToast *toast = adw_toast_new (_("Focus mode: press Esc to leave"));

      adw_toast_set_timeout (toast, 3);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
      gtk_widget_grab_focus (GTK_WIDGET (self->source_view));
    }

  g_object_notify (G_OBJECT (self), "focus-mode");
}

static void
leave_focus_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  _hanji_window_set_focus_mode (HANJI_WINDOW (widget), FALSE);
}

static gboolean
escape_cb (GtkWidget *widget,
           GVariant  *args,
           gpointer   user_data)
{
  HanjiWindow *self = HANJI_WINDOW (widget);

  /* Escape closes what is nearest first: the find bar, then focus mode. */
  if (gtk_revealer_get_reveal_child (self->find_revealer))
    {
      find_bar_dismiss_cb (self);
      return TRUE;
    }

  if (self->focus_mode)
    {
      _hanji_window_set_focus_mode (self, FALSE);
      return TRUE;
    }

  return FALSE;
}

void
_hanji_window_tools_class_init (GtkWidgetClass *widget_class)
{
  g_type_ensure (HANJI_TYPE_FIND_BAR);
  g_type_ensure (HANJI_TYPE_SEARCH_PANEL);

  gtk_widget_class_bind_template_child (widget_class, HanjiWindow, editor_scroller);
  gtk_widget_class_bind_template_child (widget_class, HanjiWindow, editor_header);
  gtk_widget_class_bind_template_child (widget_class, HanjiWindow, find_revealer);
  gtk_widget_class_bind_template_child (widget_class, HanjiWindow, find_bar);
  gtk_widget_class_bind_template_child (widget_class, HanjiWindow, sidebar_stack);
  gtk_widget_class_bind_template_child (widget_class, HanjiWindow, format_button);
  gtk_widget_class_bind_template_child (widget_class, HanjiWindow, outline_button);
  gtk_widget_class_bind_template_child (widget_class, HanjiWindow, outline_popover);
  gtk_widget_class_bind_template_child (widget_class, HanjiWindow, outline_stack);
  gtk_widget_class_bind_template_child (widget_class, HanjiWindow, outline_list);
  gtk_widget_class_bind_template_callback (widget_class, outline_show_cb);
  gtk_widget_class_bind_template_callback (widget_class, outline_row_activated_cb);
  gtk_widget_class_bind_template_child (widget_class, HanjiWindow, stats_button);
  gtk_widget_class_bind_template_child (widget_class, HanjiWindow, stats_grid);
  gtk_widget_class_bind_template_child (widget_class, HanjiWindow, lint_button);
  gtk_widget_class_bind_template_child (widget_class, HanjiWindow, lint_list);
  gtk_widget_class_bind_template_callback (widget_class, lint_row_activated_cb);
  gtk_widget_class_bind_template_child (widget_class, HanjiWindow, search_panel);
  gtk_widget_class_bind_template_callback (widget_class, find_bar_dismiss_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_match_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_dismiss_cb);

  gtk_widget_class_install_action (widget_class, "win.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "win.find-replace", NULL, find_replace_action);
  gtk_widget_class_install_action (widget_class, "win.find-next", NULL, find_next_action);
  gtk_widget_class_install_action (widget_class, "win.find-previous", NULL, find_next_action);
  gtk_widget_class_install_property_action (widget_class, "win.focus-mode", "focus-mode");
  gtk_widget_class_install_property_action (widget_class, "win.search-site", "search-visible");
  gtk_widget_class_install_action (widget_class, "win.search-all", NULL, search_all_action);
  gtk_widget_class_install_action (widget_class, "win.export-html", NULL, export_html_action);
  gtk_widget_class_install_action (widget_class, "win.outline", NULL, outline_action);
  gtk_widget_class_install_action (widget_class, "win.leave-focus-mode", NULL, leave_focus_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.find", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_h, GDK_CONTROL_MASK, "win.find-replace", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK, "win.find-next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.find-previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F11, 0, "win.focus-mode", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.outline", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.export-html", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.search-all", NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, escape_cb, NULL);
}

/* The "editor-font" setting, as CSS for the editor (empty: style.css's). */
static void
hanji_window_update_editor_font (HanjiWindow *self)
{
  g_autofree char *font = g_settings_get_string (self->settings, "editor-font");
  g_autoptr(GString) css = g_string_new (NULL);

  if (font[0] != '\0')
    {
      PangoFontDescription *description = pango_font_description_from_string (font);
      PangoFontMask set = pango_font_description_get_set_fields (description);

      g_string_append (css, "textview.hanji-editor {");
      if (set & PANGO_FONT_MASK_FAMILY)
        {
          g_autofree char *family = g_strescape (pango_font_description_get_family (description), NULL);

          g_string_append_printf (css, " font-family: \"%s\";", family);
        }
      if ((set & PANGO_FONT_MASK_SIZE) && pango_font_description_get_size (description) > 0)
        g_string_append_printf (css, " font-size: %.1fpt;",
                                pango_font_description_get_size (description) / (double) PANGO_SCALE);
      if (set & PANGO_FONT_MASK_WEIGHT)
        g_string_append_printf (css, " font-weight: %d;", pango_font_description_get_weight (description));
      if ((set & PANGO_FONT_MASK_STYLE) && pango_font_description_get_style (description) == PANGO_STYLE_ITALIC)
        g_string_append (css, " font-style: italic;");
      g_string_append (css, " }");
      pango_font_description_free (description);
    }

  gtk_css_provider_load_from_data (self->editor_css, css->str, css->len);
  /* Focus mode's column is measured in this font. */
  hanji_window_update_editor_margins (self);
}

void
_hanji_window_tools_init (HanjiWindow *self)
{
  hanji_find_bar_set_view (self->find_bar, self->source_view);
  hanji_editor_commands_attach (self->source_view, GTK_WIDGET (self));
  _hanji_window_images_init (self);
  g_signal_group_connect_object (self->document_signals, "mark-set",
                                 G_CALLBACK (buffer_mark_set_cb), self, G_CONNECT_SWAPPED);
  {
    g_autoptr(GMenuModel) format_menu = hanji_editor_commands_get_menu ();

    gtk_menu_button_set_menu_model (self->format_button, format_menu);
    /* The context menu: spelling, then Format. */
    hanji_spelling_attach (self->source_view, self->settings, format_menu);
  }

  g_settings_bind (self->settings, "show-line-numbers", self->source_view, "show-line-numbers", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "highlight-current-line", self->source_view, "highlight-current-line", G_SETTINGS_BIND_GET);

  self->editor_css = gtk_css_provider_new ();
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_add_provider (gtk_widget_get_style_context (GTK_WIDGET (self->source_view)),
                                  GTK_STYLE_PROVIDER (self->editor_css),
                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION + 1);
  G_GNUC_END_IGNORE_DEPRECATIONS
  g_signal_connect_object (self->settings, "changed::editor-font",
                           G_CALLBACK (hanji_window_update_editor_font), self, G_CONNECT_SWAPPED);
  hanji_window_update_editor_font (self);

  g_signal_connect_object (gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (self->source_view)),
                           "notify::page-size", G_CALLBACK (hanji_window_update_editor_margins),
                           self, G_CONNECT_SWAPPED);
}

void
_hanji_window_tools_dispose (HanjiWindow *self)
{
  g_clear_handle_id (&self->stats_source, g_source_remove);
  g_clear_handle_id (&self->lint_source, g_source_remove);
  g_clear_pointer (&self->lint_problems, g_ptr_array_unref);
  g_clear_pointer (&self->lint_text, g_bytes_unref);
  g_cancellable_cancel (self->outline_cancellable);
  g_clear_object (&self->outline_cancellable);
  if (self->find_bar != NULL)
    hanji_find_bar_set_view (self->find_bar, NULL);
  g_clear_object (&self->editor_css);
}
