/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hanji-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "hanji-application.h"
#include "hanji-markdown.h"
#include "hanji-window-private.h"

#define MAX_RECENT_FOLDERS 10

struct _HanjiWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  HanjiSite            *site;
  GCancellable         *site_cancellable;
  GFile                *pending_post;
  GtkSingleSelection   *selection;

  /* Every post opened in this window, so that switching posts never
   * drops unsaved text: GFile → HanjiDocument. */
  GHashTable           *documents;
  HanjiDocument        *document;
  GSignalGroup         *document_signals;

  guint                 render_source;
  guint                 render_serial;
  guint                 renders_in_flight;
  guint                 render_pending : 1;

  /* Scroll sync: the editor line last sent to the preview (0: none),
   * and set while the editor follows the preview, so that its own
   * scrolling is not sent back. */
  guint                 preview_synced_line;
  guint                 following_preview : 1;

  guint                 sidebar_visible : 1;
  guint                 close_confirmed : 1;

  /* Template children */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  AdwPreferencesGroup  *recent_group;
  GtkListBox           *recent_list;
  GtkPaned             *sidebar_paned;
  GtkWidget            *sidebar;
  GtkStack             *sidebar_stack;
  GtkSpinner           *sidebar_spinner;
  GtkListView          *post_list;
  AdwWindowTitle       *site_title;
  AdwWindowTitle       *post_title;
  GtkStack             *content_stack;
  AdwStatusPage        *error_page;
  GtkPaned             *preview_paned;
  GtkPaned             *form_paned;
  HanjiFrontMatterForm *form;
  GtkSourceView        *source_view;
  HanjiPreview         *preview;
};

G_DEFINE_FINAL_TYPE (HanjiWindow, hanji_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SIDEBAR_VISIBLE,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void hanji_window_set_document (HanjiWindow   *self,
                                       HanjiDocument *document);

static void
hanji_window_toast (HanjiWindow *self,
                    const char  *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 5);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static char *
hanji_window_dup_display_path (GFile *file)
{
  g_autofree char *path = g_file_get_path (file);
  const char *home = g_get_home_dir ();

  if (path == NULL)
    return g_file_get_uri (file);

  if (g_str_has_prefix (path, home) && (path[strlen (home)] == '/' || path[strlen (home)] == '\0'))
    return g_strconcat ("~", path + strlen (home), NULL);

  return g_filename_display_name (path);
}

/* Title and subtitle follow the open post; the • marks unsaved changes
 * in the header and in the window title the shell shows. */
static void
hanji_window_update_title (HanjiWindow *self)
{
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *window_title = NULL;
  const char *site_name = self->site ? hanji_site_get_title (self->site) : NULL;

  if (self->document == NULL)
    {
      adw_window_title_set_title (self->post_title, "");
      adw_window_title_set_subtitle (self->post_title, "");
      gtk_window_set_title (GTK_WINDOW (self), site_name ? site_name : _("Hanji"));
      return;
    }

  if (gtk_text_buffer_get_modified (GTK_TEXT_BUFFER (self->document)))
    title = g_strdup_printf ("• %s", hanji_document_get_title (self->document));
  else
    title = g_strdup (hanji_document_get_title (self->document));

  if (self->site != NULL)
    subtitle = g_file_get_relative_path (hanji_site_get_root (self->site),
                                         hanji_document_get_file (self->document));
  if (subtitle == NULL)
    subtitle = hanji_window_dup_display_path (hanji_document_get_file (self->document));

  adw_window_title_set_title (self->post_title, title);
  adw_window_title_set_subtitle (self->post_title, subtitle);

  if (site_name != NULL)
    window_title = g_strdup_printf ("%s – %s", title, site_name);
  else
    window_title = g_strdup (title);
  gtk_window_set_title (GTK_WINDOW (self), window_title);
}

/* Preview rendering, off the main thread */

typedef struct
{
  char        *text;
  HanjiFlavor  flavor;
  guint        serial;
} RenderData;

static void
render_data_free (RenderData *data)
{
  g_free (data->text);
  g_free (data);
}

static void
render_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  RenderData *data = task_data;
  HanjiRenderOptions options;

  hanji_render_options_init (&options, data->flavor);
  options.sourcepos = TRUE;

  g_task_return_pointer (task,
                         hanji_markdown_render_post (data->text, -1, &options),
                         g_free);
}

static void hanji_window_schedule_render (HanjiWindow *self);

static void
render_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  HanjiWindow *self = HANJI_WINDOW (object);
  RenderData *data = g_task_get_task_data (G_TASK (result));
  g_autofree char *html = g_task_propagate_pointer (G_TASK (result), NULL);

  g_assert (self->renders_in_flight > 0);
  self->renders_in_flight--;

  /* A newer edit has been sent to the renderer: this result is stale.
   * (After dispose the serial has moved on too.) */
  if (data->serial == self->render_serial && html != NULL)
    hanji_preview_set_html (self->preview, html);

  /* Edits made while this one rendered: render the latest text now. */
  if (self->render_pending && self->renders_in_flight == 0)
    {
      self->render_pending = FALSE;
      hanji_window_schedule_render (self);
    }
}

static void
hanji_window_render_now (HanjiWindow *self)
{
  g_autoptr(GTask) task = NULL;
  RenderData *data;

  g_clear_handle_id (&self->render_source, g_source_remove);

  if (self->document == NULL || !hanji_document_get_loaded (self->document))
    return;

  data = g_new0 (RenderData, 1);
  data->text = hanji_document_dup_text (self->document);
  data->flavor = self->site ? hanji_site_get_flavor (self->site) : HANJI_FLAVOR_COMMONMARK;
  data->serial = ++self->render_serial;

  self->renders_in_flight++;
  task = g_task_new (self, NULL, render_cb, NULL);
  g_task_set_source_tag (task, hanji_window_render_now);
  g_task_set_task_data (task, data, (GDestroyNotify)render_data_free);
  g_task_run_in_thread (task, render_thread);
}

static gboolean
render_timeout_cb (gpointer user_data)
{
  HanjiWindow *self = user_data;

  self->render_source = 0;
  hanji_window_render_now (self);

  return G_SOURCE_REMOVE;
}

/* One render at a time, always of the latest text. A small post renders
 * as soon as the main loop is idle: render and DOM patch take about 10 ms
 * at 10 KB (measured by bench-typing), so waiting for a pause in typing
 * would only add latency. A large one waits for a pause. */
static void
hanji_window_schedule_render (HanjiWindow *self)
{
  if (self->renders_in_flight > 0)
    {
      self->render_pending = TRUE;
      return;
    }

  if (self->document != NULL &&
      gtk_text_buffer_get_char_count (GTK_TEXT_BUFFER (self->document)) < HANJI_RENDER_AT_ONCE_CHARS)
    {
      if (self->render_source == 0)
        self->render_source = g_idle_add (render_timeout_cb, self);
      return;
    }

  g_clear_handle_id (&self->render_source, g_source_remove);
  self->render_source = g_timeout_add (HANJI_RENDER_DELAY_MSEC, render_timeout_cb, self);
}

static void
document_changed_cb (HanjiWindow   *self,
                     HanjiDocument *document)
{
  hanji_window_schedule_render (self);
}

static void
document_title_changed_cb (HanjiWindow *self)
{
  hanji_window_update_title (self);
}

/* Scroll sync */

/* Where `/x` URLs lead on the published site: Hugo serves static/ (not
 * assets/, which only its pipelines read); Jekyll copies the root. */
static void
hanji_window_set_preview_static_dirs (HanjiWindow *self)
{
  g_autoptr(GFile) static_dir = NULL;
  GFile *dirs[2] = { NULL, NULL };

  if (self->site == NULL)
    {
      hanji_preview_set_static_dirs (self->preview, NULL);
      return;
    }

  if (hanji_site_get_kind (self->site) == HANJI_SITE_HUGO)
    static_dir = g_file_get_child (hanji_site_get_root (self->site), "static");
  else
    static_dir = g_object_ref (hanji_site_get_root (self->site));

  dirs[0] = static_dir;
  hanji_preview_set_static_dirs (self->preview, dirs);
}

/* The editor scrolled: the preview follows its top line (buffer lines
 * count from 0, source positions from 1, both in the whole file). */
static void
editor_scrolled_cb (HanjiWindow   *self,
                    GtkAdjustment *adjustment)
{
  GdkRectangle visible;
  GtkTextIter iter;
  guint line;

  if (self->following_preview || self->document == NULL ||
      !gtk_widget_get_visible (GTK_WIDGET (self->preview)))
    return;

  gtk_text_view_get_visible_rect (GTK_TEXT_VIEW (self->source_view), &visible);
  gtk_text_view_get_line_at_y (GTK_TEXT_VIEW (self->source_view), &iter, visible.y, NULL);
  line = gtk_text_iter_get_line (&iter) + 1;

  if (line == self->preview_synced_line)
    return;

  self->preview_synced_line = line;
  hanji_preview_scroll_to_line (self->preview, line);
}

/* The writer scrolled the preview: the editor follows, without sending
 * the change back (the preview does not report its own scrolls). */
static void
preview_scrolled_cb (HanjiWindow  *self,
                     guint         line,
                     HanjiPreview *preview)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->source_view));
  GtkTextIter iter;
  int y, height;

  if (self->document == NULL)
    return;

  gtk_text_buffer_get_iter_at_line (GTK_TEXT_BUFFER (self->document), &iter, line - 1);
  gtk_text_view_get_line_yrange (GTK_TEXT_VIEW (self->source_view), &iter, &y, &height);

  self->preview_synced_line = line;
  self->following_preview = TRUE;
  gtk_adjustment_set_value (adjustment, y);
  self->following_preview = FALSE;
}

/* A click on a block puts the cursor on its first line. */
static void
preview_line_activated_cb (HanjiWindow  *self,
                           guint         line,
                           HanjiPreview *preview)
{
  GtkTextBuffer *buffer;
  GtkTextIter iter;

  if (self->document == NULL)
    return;

  buffer = GTK_TEXT_BUFFER (self->document);
  gtk_text_buffer_get_iter_at_line (buffer, &iter, line - 1);
  gtk_text_buffer_place_cursor (buffer, &iter);
  gtk_text_view_scroll_mark_onscreen (GTK_TEXT_VIEW (self->source_view),
                                      gtk_text_buffer_get_insert (buffer));
  gtk_widget_grab_focus (GTK_WIDGET (self->source_view));
}

/* Documents */

static void
hanji_window_show_document_page (HanjiWindow *self)
{
  if (self->document == NULL)
    {
      gtk_stack_set_visible_child_name (self->content_stack, "empty");
      return;
    }

  /* Also while the post loads, so that the error of a previous post never
   * stands in for this one. */
  gtk_stack_set_visible_child_name (self->content_stack, "editor");
  if (hanji_document_get_loaded (self->document))
    hanji_window_render_now (self);
}

static void
document_load_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  HanjiDocument *document = HANJI_DOCUMENT (object);
  g_autoptr(HanjiWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!hanji_document_load_finish (document, result, &error))
    {
      /* Forget it, so that choosing the post again tries again. */
      g_hash_table_remove (self->documents, hanji_document_get_file (document));

      if (self->document == document)
        {
          hanji_window_set_document (self, NULL);
          adw_status_page_set_description (self->error_page, error->message);
          gtk_stack_set_visible_child_name (self->content_stack, "error");
        }
      return;
    }

  if (self->document == document)
    {
      GtkTextIter begin;

      hanji_front_matter_form_sync (self->form);
      hanji_window_update_title (self);
      hanji_window_show_document_page (self);

      gtk_text_buffer_get_start_iter (GTK_TEXT_BUFFER (document), &begin);
      gtk_text_view_scroll_to_iter (GTK_TEXT_VIEW (self->source_view), &begin, 0.0, FALSE, 0.0, 0.0);
    }
}

static void
hanji_window_set_document (HanjiWindow   *self,
                           HanjiDocument *document)
{
  g_assert (HANJI_IS_WINDOW (self));
  g_assert (!document || HANJI_IS_DOCUMENT (document));

  if (self->document == document)
    return;

  g_set_object (&self->document, document);
  g_signal_group_set_target (self->document_signals, document);
  g_clear_handle_id (&self->render_source, g_source_remove);
  self->render_serial++;

  if (document != NULL)
    {
      gtk_text_view_set_buffer (GTK_TEXT_VIEW (self->source_view), GTK_TEXT_BUFFER (document));
      hanji_preview_set_location (self->preview,
                                  self->site ? hanji_site_get_root (self->site) : NULL,
                                  hanji_document_get_file (document));
      hanji_window_set_preview_static_dirs (self);
    }
  else
    {
      g_autoptr(GtkSourceBuffer) empty = gtk_source_buffer_new (NULL);

      gtk_text_view_set_buffer (GTK_TEXT_VIEW (self->source_view), GTK_TEXT_BUFFER (empty));
    }

  hanji_front_matter_form_set_document (self->form, document);
  hanji_window_update_title (self);
  hanji_window_show_document_page (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save", document != NULL);
}

static void
hanji_window_select_post_in_list (HanjiWindow *self,
                                  GFile       *file)
{
  GListModel *model = gtk_single_selection_get_model (self->selection);
  guint n;

  if (model == NULL)
    return;

  n = g_list_model_get_n_items (model);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HanjiPost) post = g_list_model_get_item (model, i);

      if (g_file_equal (hanji_post_get_file (post), file))
        {
          gtk_single_selection_set_selected (self->selection, i);
          return;
        }
    }
}

void
_hanji_window_open_post (HanjiWindow *self,
                         GFile       *file)
{
  HanjiDocument *document;

  g_return_if_fail (HANJI_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  document = g_hash_table_lookup (self->documents, file);

  if (document == NULL)
    {
      document = hanji_document_new (file);
      g_hash_table_insert (self->documents, g_object_ref (file), document);
      hanji_window_set_document (self, document);
      hanji_document_load_async (document, NULL, document_load_cb, g_object_ref (self));
    }
  else
    hanji_window_set_document (self, document);

  gtk_widget_grab_focus (GTK_WIDGET (self->source_view));
}

static void
selection_changed_cb (HanjiWindow        *self,
                      GParamSpec         *pspec,
                      GtkSingleSelection *selection)
{
  HanjiPost *post = gtk_single_selection_get_selected_item (selection);

  if (post != NULL)
    _hanji_window_open_post (self, hanji_post_get_file (post));
}

/* The post list */

static void
post_item_setup_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *meta = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *date = gtk_label_new (NULL);
  GtkWidget *draft = gtk_label_new (_("Draft"));

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 4);
  gtk_widget_set_margin_end (box, 4);

  gtk_label_set_xalign (GTK_LABEL (title), 0.0f);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (title), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (title), 2);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (title, "hanji-post-title");

  gtk_label_set_xalign (GTK_LABEL (date), 0.0f);
  gtk_widget_add_css_class (date, "caption");
  gtk_widget_add_css_class (date, "dim-label");

  gtk_widget_add_css_class (draft, "caption");
  gtk_widget_add_css_class (draft, "hanji-draft-badge");
  gtk_widget_set_valign (draft, GTK_ALIGN_CENTER);

  gtk_box_append (GTK_BOX (meta), date);
  gtk_box_append (GTK_BOX (meta), draft);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), meta);

  g_object_set_data (G_OBJECT (box), "title", title);
  g_object_set_data (G_OBJECT (box), "date", date);
  g_object_set_data (G_OBJECT (box), "draft", draft);
  gtk_list_item_set_child (item, box);
}

static void
post_item_bind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   gpointer                  user_data)
{
  HanjiPost *post = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *title = g_object_get_data (G_OBJECT (box), "title");
  GtkWidget *date = g_object_get_data (G_OBJECT (box), "date");
  GtkWidget *draft = g_object_get_data (G_OBJECT (box), "draft");
  GDateTime *dt = hanji_post_get_date (post);
  g_autofree char *date_text = NULL;

  if (dt != NULL)
    /* Translators: date of a post in the post list, see strftime(3) */
    date_text = g_date_time_format (dt, _("%b %-d, %Y"));

  gtk_label_set_text (GTK_LABEL (title), hanji_post_get_title (post));
  gtk_label_set_text (GTK_LABEL (date), date_text ? date_text : _("No date"));
  gtk_widget_set_visible (draft, hanji_post_get_draft (post));
}

static void
site_load_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  HanjiSite *site = HANJI_SITE (object);
  HanjiWindow *self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = hanji_site_load_finish (site, result, &error);

  /* Cancelled when the window went away or another folder was opened:
   * self may be gone, so touch nothing. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (site != self->site)
    return;

  gtk_spinner_stop (self->sidebar_spinner);

  if (!ok)
    {
      g_autofree char *message = g_strdup_printf (_("Could not list the posts: %s"), error->message);

      hanji_window_toast (self, message);
    }

  if (g_list_model_get_n_items (hanji_site_get_posts (site)) == 0)
    gtk_stack_set_visible_child_name (self->sidebar_stack, "empty");
  else
    gtk_stack_set_visible_child_name (self->sidebar_stack, "posts");

  if (self->pending_post != NULL)
    {
      g_autoptr(GFile) file = g_steal_pointer (&self->pending_post);

      hanji_window_select_post_in_list (self, file);
    }
}

/* Recent folders */

static void
hanji_window_add_recent (HanjiWindow *self,
                         GFile       *folder)
{
  g_auto(GStrv) recent = g_settings_get_strv (self->settings, "recent-folders");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *uri = g_file_get_uri (folder);
  g_auto(GStrv) updated = NULL;
  guint n = 1;

  g_strv_builder_add (builder, uri);
  for (guint i = 0; recent[i] != NULL && n < MAX_RECENT_FOLDERS; i++)
    {
      if (g_str_equal (recent[i], uri))
        continue;
      g_strv_builder_add (builder, recent[i]);
      n++;
    }

  updated = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "recent-folders", (const char * const *)updated);
}

static void
hanji_window_rebuild_recent (HanjiWindow *self)
{
  g_auto(GStrv) recent = g_settings_get_strv (self->settings, "recent-folders");
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->recent_list))) != NULL)
    gtk_list_box_remove (self->recent_list, child);

  for (guint i = 0; recent[i] != NULL; i++)
    {
      g_autoptr(GFile) folder = g_file_new_for_uri (recent[i]);
      g_autofree char *name = g_file_get_basename (folder);
      g_autofree char *display = g_filename_display_name (name);
      g_autofree char *path = hanji_window_dup_display_path (folder);
      g_autofree char *escaped_name = g_markup_escape_text (display, -1);
      g_autofree char *escaped_path = g_markup_escape_text (path, -1);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped_name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped_path);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "folder", g_object_ref (folder), g_object_unref);
      gtk_list_box_append (self->recent_list, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->recent_group), recent[0] != NULL);
}

static void
recent_row_activated_cb (HanjiWindow   *self,
                         GtkListBoxRow *row,
                         GtkListBox    *list)
{
  GFile *folder = g_object_get_data (G_OBJECT (row), "folder");

  if (folder != NULL)
    hanji_window_open_folder (self, folder);
}

static void
form_select_source_cb (HanjiWindow          *self,
                       guint                 offset,
                       guint                 length,
                       HanjiFrontMatterForm *form)
{
  g_autofree char *text = NULL;
  GtkTextIter begin, end;
  glong char_offset, char_length;

  if (self->document == NULL)
    return;

  /* The core speaks in bytes, GtkTextIter in characters. */
  gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (self->document), &begin, &end);
  text = gtk_text_buffer_get_text (GTK_TEXT_BUFFER (self->document), &begin, &end, TRUE);
  if (offset + length > strlen (text))
    return;

  char_offset = g_utf8_pointer_to_offset (text, text + offset);
  char_length = g_utf8_pointer_to_offset (text + offset, text + offset + length);

  gtk_text_buffer_get_iter_at_offset (GTK_TEXT_BUFFER (self->document), &begin, char_offset);
  gtk_text_buffer_get_iter_at_offset (GTK_TEXT_BUFFER (self->document), &end, char_offset + char_length);
  gtk_text_buffer_select_range (GTK_TEXT_BUFFER (self->document), &begin, &end);
  gtk_text_view_scroll_to_iter (GTK_TEXT_VIEW (self->source_view), &begin, 0.1, FALSE, 0.0, 0.0);
  gtk_widget_grab_focus (GTK_WIDGET (self->source_view));
}

static void
form_show_position_cb (HanjiWindow          *self,
                       guint                 line,
                       guint                 column,
                       HanjiFrontMatterForm *form)
{
  GtkTextIter iter;

  if (self->document == NULL || line == 0)
    return;

  gtk_text_buffer_get_iter_at_line_offset (GTK_TEXT_BUFFER (self->document), &iter,
                                           (int)line - 1, column > 0 ? (int)column - 1 : 0);
  gtk_text_buffer_place_cursor (GTK_TEXT_BUFFER (self->document), &iter);
  gtk_text_view_scroll_to_iter (GTK_TEXT_VIEW (self->source_view), &iter, 0.1, FALSE, 0.0, 0.0);
  gtk_widget_grab_focus (GTK_WIDGET (self->source_view));
}

/* Opening folders and files */

void
hanji_window_open_folder (HanjiWindow *self,
                          GFile       *folder)
{
  g_autoptr(HanjiSite) site = NULL;
  const char *kind_name;

  g_return_if_fail (HANJI_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (folder));

  if (self->site != NULL && g_file_equal (hanji_site_get_root (self->site), folder))
    {
      gtk_stack_set_visible_child_name (self->stack, "workspace");
      return;
    }

  g_cancellable_cancel (self->site_cancellable);
  g_clear_object (&self->site_cancellable);
  self->site_cancellable = g_cancellable_new ();

  site = hanji_site_new (folder);
  g_set_object (&self->site, site);
  g_clear_object (&self->pending_post);

  /* A post of the previous blog stays in memory (and is still offered
   * for saving on close) but is no longer shown. */
  if (self->document != NULL && !hanji_site_contains (site, hanji_document_get_file (self->document)))
    hanji_window_set_document (self, NULL);

  gtk_single_selection_set_model (self->selection, hanji_site_get_posts (site));
  hanji_front_matter_form_set_site (self->form, site);

  switch (hanji_site_get_kind (site))
    {
    case HANJI_SITE_JEKYLL:
      kind_name = _("Jekyll Blog");
      break;

    case HANJI_SITE_HUGO:
      kind_name = _("Hugo Blog");
      break;

    case HANJI_SITE_PLAIN:
    default:
      kind_name = _("Markdown Folder");
      break;
    }

  adw_window_title_set_title (self->site_title, hanji_site_get_title (site));
  adw_window_title_set_subtitle (self->site_title, kind_name);

  gtk_stack_set_visible_child_name (self->sidebar_stack, "loading");
  gtk_spinner_start (self->sidebar_spinner);
  gtk_stack_set_visible_child_name (self->stack, "workspace");
  hanji_window_update_title (self);

  hanji_site_load_async (site, self->site_cancellable, site_load_cb, self);
  hanji_window_add_recent (self, folder);
}

void
hanji_window_open_file (HanjiWindow *self,
                        GFile       *file)
{
  g_autoptr(GFile) root = NULL;

  g_return_if_fail (HANJI_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->site == NULL || !hanji_site_contains (self->site, file))
    {
      /* A post opened on its own still belongs to its blog: /assets/…
       * images and the post list need the blog's root. */
      root = hanji_site_find_root (file);
      if (root == NULL)
        root = g_file_get_parent (file);
      hanji_window_open_folder (self, root);
      g_set_object (&self->pending_post, file);
    }
  else
    hanji_window_select_post_in_list (self, file);

  _hanji_window_open_post (self, file);
}

/* Actions */

static void
open_folder_response_cb (GtkNativeDialog *dialog,
                         int              response,
                         HanjiWindow     *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (folder != NULL)
        hanji_window_open_folder (self, folder);
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
open_folder_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  HanjiWindow *self = HANJI_WINDOW (widget);
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (_("Open Blog Folder"),
                                        GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                        _("_Open"),
                                        _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect (native, "response", G_CALLBACK (open_folder_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
open_file_response_cb (GtkNativeDialog *dialog,
                       int              response,
                       HanjiWindow     *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (file != NULL)
        hanji_window_open_file (self, file);
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
open_file_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  HanjiWindow *self = HANJI_WINDOW (widget);
  GtkFileChooserNative *native;
  g_autoptr(GtkFileFilter) markdown = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  gtk_file_filter_set_name (markdown, _("Markdown Posts"));
  gtk_file_filter_add_mime_type (markdown, "text/markdown");
  gtk_file_filter_add_suffix (markdown, "md");
  gtk_file_filter_add_suffix (markdown, "markdown");
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");

  native = gtk_file_chooser_native_new (_("Open Post"),
                                        GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Open"),
                                        _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), markdown);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), all);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect (native, "response", G_CALLBACK (open_file_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
open_sample_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(HanjiWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) folder = NULL;

  folder = hanji_application_copy_sample_blog_finish (HANJI_APPLICATION (object), result, &error);

  if (folder == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not copy the sample blog: %s"), error->message);

      hanji_window_toast (self, message);
      return;
    }

  hanji_window_open_folder (self, folder);
}

static void
open_sample_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  HanjiWindow *self = HANJI_WINDOW (widget);
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  g_return_if_fail (HANJI_IS_APPLICATION (app));

  hanji_application_copy_sample_blog_async (HANJI_APPLICATION (app), NULL,
                                            open_sample_cb, g_object_ref (self));
}

static void save_document (HanjiWindow   *self,
                           HanjiDocument *document,
                           gboolean       force);

static void
overwrite_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       HanjiDocument    *document)
{
  HanjiWindow *self = HANJI_WINDOW (gtk_window_get_transient_for (GTK_WINDOW (dialog)));

  if (g_str_equal (response, "overwrite"))
    save_document (self, document, TRUE);
}

static void
save_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  HanjiDocument *document = HANJI_DOCUMENT (object);
  g_autoptr(HanjiWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  if (hanji_document_save_finish (document, result, &error))
    return;

  name = g_file_get_basename (hanji_document_get_file (document));

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WRONG_ETAG))
    {
      GtkWidget *dialog;

      dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                       _("Post Changed on Disk"),
                                       NULL);
      adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                      _("“%s” was changed by another program after it was opened. Saving replaces those changes with yours."),
                                      name);
      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                        "cancel", _("_Cancel"),
                                        "overwrite", _("_Replace"),
                                        NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog),
                                                  "overwrite", ADW_RESPONSE_DESTRUCTIVE);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      g_signal_connect_object (dialog, "response", G_CALLBACK (overwrite_response_cb), document, 0);
      gtk_window_present (GTK_WINDOW (dialog));
    }
  else
    {
      g_autofree char *message = g_strdup_printf (_("Could not save “%s”: %s"), name, error->message);

      hanji_window_toast (self, message);
    }
}

static void
save_document (HanjiWindow   *self,
               HanjiDocument *document,
               gboolean       force)
{
  hanji_document_save_async (document, force, NULL, save_cb, g_object_ref (self));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  HanjiWindow *self = HANJI_WINDOW (widget);

  /* A second Ctrl+S while saving has nothing more to do. */
  if (self->document != NULL &&
      hanji_document_get_loaded (self->document) &&
      !hanji_document_get_saving (self->document))
    save_document (self, self->document, FALSE);
}

/* Closing with unsaved changes */

typedef struct
{
  HanjiWindow *self;
  guint        pending;
  guint        failed;
} SaveAllData;

static void
save_all_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  SaveAllData *data = user_data;
  g_autoptr(GError) error = NULL;

  if (!hanji_document_save_finish (HANJI_DOCUMENT (object), result, &error))
    {
      g_autofree char *name = g_file_get_basename (hanji_document_get_file (HANJI_DOCUMENT (object)));
      g_autofree char *message = g_strdup_printf (_("Could not save “%s”: %s"), name, error->message);

      hanji_window_toast (data->self, message);
      data->failed++;
    }

  if (--data->pending > 0)
    return;

  if (data->failed == 0)
    {
      data->self->close_confirmed = TRUE;
      gtk_window_close (GTK_WINDOW (data->self));
    }

  g_object_unref (data->self);
  g_free (data);
}

static void
close_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   HanjiWindow      *self)
{
  if (g_str_equal (response, "discard"))
    {
      self->close_confirmed = TRUE;
      gtk_window_close (GTK_WINDOW (self));
    }
  else if (g_str_equal (response, "save"))
    {
      g_autoptr(GPtrArray) modified = _hanji_window_list_modified (self);
      SaveAllData *data = g_new0 (SaveAllData, 1);

      data->self = g_object_ref (self);
      data->pending = modified->len;
      for (guint i = 0; i < modified->len; i++)
        hanji_document_save_async (g_ptr_array_index (modified, i), FALSE, NULL, save_all_cb, data);
    }
}

GPtrArray *
_hanji_window_list_modified (HanjiWindow *self)
{
  GPtrArray *modified = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->documents);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      if (gtk_text_buffer_get_modified (GTK_TEXT_BUFFER (value)))
        g_ptr_array_add (modified, g_object_ref (value));
    }

  return modified;
}

static void
hanji_window_save_state (HanjiWindow *self)
{
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (GTK_WINDOW (self)));
  if (!gtk_window_is_maximized (GTK_WINDOW (self)))
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
}

static gboolean
hanji_window_close_request (GtkWindow *window)
{
  HanjiWindow *self = HANJI_WINDOW (window);
  g_autoptr(GPtrArray) modified = NULL;
  GtkWidget *dialog;

  if (!self->close_confirmed)
    {
      modified = _hanji_window_list_modified (self);

      if (modified->len > 0)
        {
          dialog = adw_message_dialog_new (window, _("Save Changes?"), NULL);
          if (modified->len == 1)
            adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                            _("“%s” has unsaved changes. Changes which are not saved will be permanently lost."),
                                            hanji_document_get_title (g_ptr_array_index (modified, 0)));
          else
            adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                            g_dngettext (GETTEXT_PACKAGE,
                                                         "%u post has unsaved changes. Changes which are not saved will be permanently lost.",
                                                         "%u posts have unsaved changes. Changes which are not saved will be permanently lost.",
                                                         modified->len),
                                            modified->len);
          adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                            "cancel", _("_Cancel"),
                                            "discard", _("_Discard"),
                                            "save", _("_Save"),
                                            NULL);
          adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard", ADW_RESPONSE_DESTRUCTIVE);
          adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
          adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
          adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
          g_signal_connect_object (dialog, "response", G_CALLBACK (close_response_cb), self, 0);
          gtk_window_present (GTK_WINDOW (dialog));
          return TRUE;
        }
    }

  hanji_window_save_state (self);

  return GTK_WINDOW_CLASS (hanji_window_parent_class)->close_request (window);
}

/* GObject */

static void
hanji_window_constructed (GObject *object)
{
  HanjiWindow *self = HANJI_WINDOW (object);

  G_OBJECT_CLASS (hanji_window_parent_class)->constructed (object);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
hanji_window_dispose (GObject *object)
{
  HanjiWindow *self = (HanjiWindow *)object;

  g_clear_handle_id (&self->render_source, g_source_remove);
  /* Renders still in flight find a stale serial and nothing pending. */
  self->render_serial++;
  self->render_pending = FALSE;
  g_cancellable_cancel (self->site_cancellable);

  if (self->document_signals != NULL)
    g_signal_group_set_target (self->document_signals, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), HANJI_TYPE_WINDOW);

  g_clear_object (&self->site_cancellable);
  g_clear_object (&self->document_signals);
  g_clear_object (&self->document);
  g_clear_pointer (&self->documents, g_hash_table_unref);
  g_clear_object (&self->selection);
  g_clear_object (&self->pending_post);
  g_clear_object (&self->site);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (hanji_window_parent_class)->dispose (object);
}

static void
hanji_window_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  HanjiWindow *self = HANJI_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SIDEBAR_VISIBLE:
      g_value_set_boolean (value, self->sidebar_visible);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hanji_window_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  HanjiWindow *self = HANJI_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SIDEBAR_VISIBLE:
      if (self->sidebar_visible != g_value_get_boolean (value))
        {
          self->sidebar_visible = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hanji_window_class_init (HanjiWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = hanji_window_constructed;
  object_class->dispose = hanji_window_dispose;
  object_class->get_property = hanji_window_get_property;
  object_class->set_property = hanji_window_set_property;

  window_class->close_request = hanji_window_close_request;

  properties [PROP_SIDEBAR_VISIBLE] =
    g_param_spec_boolean ("sidebar-visible", NULL, NULL, TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (HANJI_TYPE_FRONT_MATTER_FORM);
  g_type_ensure (HANJI_TYPE_PREVIEW);
  g_type_ensure (GTK_SOURCE_TYPE_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/hanjiapp/Hanji/hanji-window.ui");
  gtk_widget_class_bind_template_child (widget_class, HanjiWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, HanjiWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, HanjiWindow, recent_group);
  gtk_widget_class_bind_template_child (widget_class, HanjiWindow, recent_list);
  gtk_widget_class_bind_template_child (widget_class, HanjiWindow, sidebar_paned);
  gtk_widget_class_bind_template_child (widget_class, HanjiWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, HanjiWindow, sidebar_stack);
  gtk_widget_class_bind_template_child (widget_class, HanjiWindow, sidebar_spinner);
  gtk_widget_class_bind_template_child (widget_class, HanjiWindow, post_list);
  gtk_widget_class_bind_template_child (widget_class, HanjiWindow, site_title);
  gtk_widget_class_bind_template_child (widget_class, HanjiWindow, post_title);
  gtk_widget_class_bind_template_child (widget_class, HanjiWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, HanjiWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, HanjiWindow, preview_paned);
  gtk_widget_class_bind_template_child (widget_class, HanjiWindow, form_paned);
  gtk_widget_class_bind_template_child (widget_class, HanjiWindow, form);
  gtk_widget_class_bind_template_child (widget_class, HanjiWindow, source_view);
  gtk_widget_class_bind_template_child (widget_class, HanjiWindow, preview);
  gtk_widget_class_bind_template_callback (widget_class, recent_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, form_select_source_cb);
  gtk_widget_class_bind_template_callback (widget_class, form_show_position_cb);

  gtk_widget_class_install_action (widget_class, "win.open-folder", NULL, open_folder_action);
  gtk_widget_class_install_action (widget_class, "win.open-file", NULL, open_file_action);
  gtk_widget_class_install_action (widget_class, "win.open-sample", NULL, open_sample_action);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, save_action);
  gtk_widget_class_install_property_action (widget_class, "win.show-sidebar", "sidebar-visible");

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "win.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open-file", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.open-folder", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "win.show-sidebar", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
hanji_window_init (HanjiWindow *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  g_autoptr(GAction) show_form = NULL;
  g_autoptr(GAction) show_preview = NULL;
  GtkShortcutController *shortcuts;

  self->sidebar_visible = TRUE;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  self->documents = g_hash_table_new_full (g_file_hash, (GEqualFunc)g_file_equal,
                                           g_object_unref, g_object_unref);

  self->document_signals = g_signal_group_new (HANJI_TYPE_DOCUMENT);
  g_signal_group_connect_object (self->document_signals, "changed",
                                 G_CALLBACK (document_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->document_signals, "modified-changed",
                                 G_CALLBACK (document_title_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->document_signals, "notify::title",
                                 G_CALLBACK (document_title_changed_cb), self, G_CONNECT_SWAPPED);

  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (post_item_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (post_item_bind_cb), NULL);
  gtk_list_view_set_factory (self->post_list, factory);
  gtk_list_view_set_model (self->post_list, GTK_SELECTION_MODEL (self->selection));

  g_object_bind_property (self, "sidebar-visible", self->sidebar, "visible", G_BINDING_SYNC_CREATE);

  /* The form and preview toggles are settings, so they stick across runs. */
  show_form = g_settings_create_action (self->settings, "show-form");
  show_preview = g_settings_create_action (self->settings, "show-preview");
  g_action_map_add_action (G_ACTION_MAP (self), show_form);
  g_action_map_add_action (G_ACTION_MAP (self), show_preview);
  {
    /* Privacy: a post's remote images are fetched only while this is on. */
    g_autoptr(GAction) remote_images = g_settings_create_action (self->settings, "load-remote-images");

    g_action_map_add_action (G_ACTION_MAP (self), remote_images);
  }
  g_settings_bind (self->settings, "show-form", self->form, "visible", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "show-preview", self->preview, "visible", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "load-remote-images", self->preview, "load-remote-images", G_SETTINGS_BIND_GET);

  /* Scroll sync */
  g_signal_connect_object (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->source_view)),
                           "value-changed", G_CALLBACK (editor_scrolled_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->preview, "scrolled-to-line",
                           G_CALLBACK (preview_scrolled_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->preview, "line-activated",
                           G_CALLBACK (preview_line_activated_cb), self, G_CONNECT_SWAPPED);

  /* Settings actions live in the window's action map, so their
   * shortcuts go through a controller rather than the class bindings. */
  shortcuts = GTK_SHORTCUT_CONTROLLER (gtk_shortcut_controller_new ());
  gtk_shortcut_controller_set_scope (shortcuts, GTK_SHORTCUT_SCOPE_MANAGED);
  gtk_shortcut_controller_add_shortcut (shortcuts,
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control><Shift>m"),
                                                          gtk_named_action_new ("win.show-form")));
  gtk_shortcut_controller_add_shortcut (shortcuts,
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control><Shift>p"),
                                                          gtk_named_action_new ("win.show-preview")));
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (shortcuts));

  g_signal_connect_object (self->settings, "changed::recent-folders",
                           G_CALLBACK (hanji_window_rebuild_recent), self, G_CONNECT_SWAPPED);
  hanji_window_rebuild_recent (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save", FALSE);
  gtk_stack_set_visible_child_name (self->stack, "welcome");
  gtk_stack_set_visible_child_name (self->content_stack, "empty");
}

HanjiWindow *
hanji_window_new (GtkApplication *application)
{
  return g_object_new (HANJI_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

HanjiSite *
_hanji_window_get_site (HanjiWindow *self)
{
  return self->site;
}

GtkListView *
_hanji_window_get_post_list (HanjiWindow *self)
{
  return self->post_list;
}

HanjiDocument *
_hanji_window_get_document (HanjiWindow *self)
{
  return self->document;
}

GtkSourceView *
_hanji_window_get_source_view (HanjiWindow *self)
{
  return self->source_view;
}

HanjiFrontMatterForm *
_hanji_window_get_form (HanjiWindow *self)
{
  return self->form;
}

HanjiPreview *
_hanji_window_get_preview (HanjiWindow *self)
{
  return self->preview;
}

const char *
_hanji_window_get_content_page (HanjiWindow *self)
{
  return gtk_stack_get_visible_child_name (self->content_stack);
}
