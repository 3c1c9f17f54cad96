/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hanji-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "hanji-application.h"
#include "hanji-markdown.h"
#include "hanji-new-post-dialog.h"
#include "hanji-new-post.h"
#include "hanji-window-private.h"

#define MAX_RECENT_FOLDERS 10

G_DEFINE_FINAL_TYPE (HanjiWindow, hanji_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SIDEBAR_VISIBLE,
  PROP_FOCUS_MODE,
  PROP_SEARCH_VISIBLE,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void hanji_window_set_document (HanjiWindow   *self,
                                       HanjiDocument *document);
static void hanji_window_update_post_actions (HanjiWindow *self);
static void hanji_window_update_banner (HanjiWindow *self);

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

/* Preview flavor: the site's own (from its kind or .hanji.json) unless
 * the writer picked another for this site; kept per site in settings. */

static const char *
hanji_window_flavor_override (HanjiWindow *self)
{
  g_autoptr(GVariant) overrides = NULL;
  g_autofree char *uri = NULL;
  const char *name = NULL;

  if (self->site == NULL)
    return NULL;

  overrides = g_settings_get_value (self->settings, "site-flavors");
  uri = g_file_get_uri (hanji_site_get_root (self->site));
  if (!g_variant_lookup (overrides, uri, "&s", &name))
    return NULL;

  /* Interned, so it outlives the variant. */
  return g_intern_string (name);
}

HanjiFlavor
_hanji_window_get_flavor (HanjiWindow *self)
{
  const char *name = hanji_window_flavor_override (self);
  HanjiFlavor flavor;

  if (name != NULL && hanji_flavor_from_string (name, &flavor))
    return flavor;
  if (self->site != NULL)
    return hanji_site_get_flavor (self->site);
  return HANJI_FLAVOR_COMMONMARK;
}

static void hanji_window_schedule_render (HanjiWindow *self);

static void
hanji_window_update_flavor_action (HanjiWindow *self)
{
  const char *name = hanji_window_flavor_override (self);
  HanjiFlavor flavor;

  if (name == NULL || !hanji_flavor_from_string (name, &flavor))
    name = "auto";

  g_simple_action_set_enabled (self->flavor_action, self->site != NULL);
  g_simple_action_set_state (self->flavor_action, g_variant_new_string (name));
}

static void
preview_flavor_activate_cb (HanjiWindow   *self,
                            GVariant      *parameter,
                            GSimpleAction *action)
{
  const char *name = g_variant_get_string (parameter, NULL);
  g_autoptr(GVariant) overrides = NULL;
  g_autofree char *uri = NULL;
  GVariantBuilder builder;
  GVariantIter iter;
  const char *key;
  const char *value;
  HanjiFlavor flavor;

  if (self->site == NULL)
    return;

  uri = g_file_get_uri (hanji_site_get_root (self->site));
  overrides = g_settings_get_value (self->settings, "site-flavors");

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{ss}"));
  g_variant_iter_init (&iter, overrides);
  while (g_variant_iter_next (&iter, "{&s&s}", &key, &value))
    if (strcmp (key, uri) != 0)
      g_variant_builder_add (&builder, "{ss}", key, value);
  if (hanji_flavor_from_string (name, &flavor))
    g_variant_builder_add (&builder, "{ss}", uri, hanji_flavor_to_string (flavor));

  g_settings_set_value (self->settings, "site-flavors", g_variant_builder_end (&builder));
  hanji_window_update_flavor_action (self);
  hanji_window_schedule_render (self);
}

/* Preview rendering, off the main thread */

typedef struct
{
  GBytes         *text;
  HanjiFlavor     flavor;
  guint           serial;
  /* The newest rendering so far, whose unchanged blocks are reused. */
  HanjiRendering *previous;
} RenderData;

static void
render_data_free (RenderData *data)
{
  g_bytes_unref (data->text);
  g_clear_pointer (&data->previous, hanji_rendering_unref);
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
  gsize len;
  const char *text = g_bytes_get_data (data->text, &len);

  hanji_render_options_init (&options, data->flavor);
  options.sourcepos = TRUE;

  g_task_return_pointer (task,
                         hanji_rendering_new (text != NULL ? text : "", len, &options, data->previous),
                         (GDestroyNotify) hanji_rendering_unref);
}

static void
render_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  HanjiWindow *self = HANJI_WINDOW (object);
  RenderData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(HanjiRendering) rendering = g_task_propagate_pointer (G_TASK (result), NULL);

  g_assert (self->renders_in_flight > 0);
  self->renders_in_flight--;

  /* A newer edit has been sent to the renderer, or another post opened:
   * this result is stale. (After dispose the serial has moved on too.) */
  if (data->serial == self->render_serial && rendering != NULL)
    {
      g_clear_pointer (&self->rendering, hanji_rendering_unref);
      self->rendering = hanji_rendering_ref (rendering);
      hanji_preview_set_rendering (self->preview, rendering);
    }

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
  data->text = hanji_document_dup_snapshot (self->document);
  data->flavor = _hanji_window_get_flavor (self);
  data->serial = ++self->render_serial;
  if (self->rendering != NULL)
    data->previous = hanji_rendering_ref (self->rendering);

  self->renders_in_flight++;
  task = g_task_new (self, NULL, render_cb, NULL);
  g_task_set_source_tag (task, hanji_window_render_now);
  g_task_set_task_data (task, data, (GDestroyNotify)render_data_free);
  g_task_run_in_thread (task, render_thread);
}

static gboolean
render_idle_cb (gpointer user_data)
{
  HanjiWindow *self = user_data;

  self->render_source = 0;
  hanji_window_render_now (self);

  return G_SOURCE_REMOVE;
}

/* One render at a time, always of the latest text, as soon as the main
 * loop is idle. A render reuses every block the edit did not touch, so
 * it costs about a parse of the post (about 20 ms at 1.3 MB, in the
 * worker) and the page gets only the changed blocks: waiting for a pause
 * in typing would only add latency. */
static void
hanji_window_schedule_render (HanjiWindow *self)
{
  if (self->renders_in_flight > 0)
    {
      self->render_pending = TRUE;
      return;
    }

  if (self->render_source == 0)
    self->render_source = g_idle_add (render_idle_cb, self);
}

static void
document_changed_cb (HanjiWindow   *self,
                     HanjiDocument *document)
{
  _hanji_window_schedule_stats (self);
  _hanji_window_schedule_lint (self);
  /* A large post filling in pieces is rendered once, when it is all in. */
  if (!hanji_document_get_loading (document))
    hanji_window_schedule_render (self);
}

/* A post still filling in is not shown (nor typed into): the view would
 * lay out every piece as it comes, 30 s for a 50 MB post, where the
 * whole text at once is laid out in the background. */
static void
document_loading_cb (HanjiWindow *self)
{
  GtkTextBuffer *shown = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->source_view));

  if (self->document != NULL && !hanji_document_get_loading (self->document))
    {
      if (shown != GTK_TEXT_BUFFER (self->document))
        gtk_text_view_set_buffer (GTK_TEXT_VIEW (self->source_view), GTK_TEXT_BUFFER (self->document));
    }
  else if (shown == NULL || HANJI_IS_DOCUMENT (shown))
    {
      g_autoptr(GtkSourceBuffer) empty = gtk_source_buffer_new (NULL);

      gtk_text_view_set_buffer (GTK_TEXT_VIEW (self->source_view), GTK_TEXT_BUFFER (empty));
    }
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
      HanjiDraft *draft = g_object_get_data (G_OBJECT (document), "hanji-pending-draft");

      /* A recovered draft of a post whose file is gone: the words stay,
       * and saving writes the file again. */
      if (draft != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        {
          hanji_document_restore_draft (document, draft);
          g_object_set_data (G_OBJECT (document), "hanji-pending-draft", NULL);
          if (self->document == document)
            {
              hanji_front_matter_form_sync (self->form);
              hanji_window_update_title (self);
              hanji_window_show_document_page (self);
            }
          return;
        }

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

  {
    HanjiDraft *draft = g_object_get_data (G_OBJECT (document), "hanji-pending-draft");

    if (draft != NULL)
      {
        hanji_document_restore_draft (document, draft);
        g_object_set_data (G_OBJECT (document), "hanji-pending-draft", NULL);
      }
  }

  if (self->document == document)
    {
      GtkTextIter cursor;

      hanji_front_matter_form_sync (self->form);
      hanji_window_update_title (self);
      hanji_window_show_document_page (self);
      /* A search result or an outline entry waiting for this post. */
      _hanji_window_apply_pending_reveal (self, document);
      _hanji_window_schedule_stats (self);
      _hanji_window_schedule_lint (self);

      /* A mark, not an iter: scrolled to once the lines above it are
       * laid out (a recovered draft's cursor may be far down). */
      gtk_text_buffer_get_iter_at_mark (GTK_TEXT_BUFFER (document), &cursor,
                                        gtk_text_buffer_get_insert (GTK_TEXT_BUFFER (document)));
      if (gtk_text_iter_is_start (&cursor))
        gtk_text_view_scroll_to_iter (GTK_TEXT_VIEW (self->source_view), &cursor, 0.0, FALSE, 0.0, 0.0);
      else
        gtk_text_view_scroll_to_mark (GTK_TEXT_VIEW (self->source_view),
                                      gtk_text_buffer_get_insert (GTK_TEXT_BUFFER (document)),
                                      0.1, FALSE, 0.0, 0.0);
    }
}

/* What the session records changed: posts open, shown, drafted. */
static void
hanji_window_session_changed (HanjiWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (HANJI_IS_APPLICATION (app))
    hanji_application_schedule_session_save (HANJI_APPLICATION (app));
}

static void
hanji_window_apply_saving_settings_to (HanjiWindow   *self,
                                       HanjiDocument *document)
{
  hanji_document_set_draft_delay (document, g_settings_get_uint (self->settings, "draft-delay") * 1000);
  hanji_document_set_autosave (document, g_settings_get_boolean (self->settings, "autosave"));
}

/* The saving preferences, for every open post. */
static void
hanji_window_apply_saving_settings (HanjiWindow *self)
{
  GHashTableIter iter;
  HanjiDocument *document;

  g_hash_table_iter_init (&iter, self->documents);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &document))
    hanji_window_apply_saving_settings_to (self, document);
}

/* A document for a post of this window, with its drafts kept in the
 * app's store. */
static HanjiDocument *
hanji_window_add_document (HanjiWindow *self,
                           GFile       *file)
{
  HanjiDocument *document = hanji_document_new (file);
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (HANJI_IS_APPLICATION (app))
    hanji_document_set_draft_store (document, hanji_application_get_draft_store (HANJI_APPLICATION (app)));
  hanji_window_apply_saving_settings_to (self, document);
  hanji_window_session_changed (self);
  g_signal_connect_object (document, "notify::has-draft", G_CALLBACK (hanji_window_session_changed),
                           self, G_CONNECT_SWAPPED);
  g_hash_table_insert (self->documents, g_object_ref (file), document);

  return document;
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
  g_clear_pointer (&self->rendering, hanji_rendering_unref);

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
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-as", document != NULL);
  hanji_window_update_post_actions (self);
  hanji_window_update_banner (self);
  document_loading_cb (self);
  hanji_window_session_changed (self);
  _hanji_window_schedule_stats (self);
  _hanji_window_schedule_lint (self);
  if (document == NULL)
    _hanji_window_set_focus_mode (self, FALSE);
}

/* Selects the post's row without opening it again; the list selects
 * it when it arrives if the scan has not reached it yet. */
static void
hanji_window_select_post_in_list (HanjiWindow *self,
                                  GFile       *file)
{
  hanji_post_list_select_file (self->post_list, file);
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
      document = hanji_window_add_document (self, file);
      hanji_window_set_document (self, document);
      hanji_document_load_async (document, NULL, document_load_cb, g_object_ref (self));
    }
  else
    hanji_window_set_document (self, document);

  gtk_widget_grab_focus (GTK_WIDGET (self->source_view));
}

/* The writer chose a post in the sidebar. */
static void
post_activated_cb (HanjiWindow   *self,
                   HanjiPost     *post,
                   HanjiPostList *list)
{
  _hanji_window_open_post (self, hanji_post_get_file (post));
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

  if (!ok)
    {
      g_autofree char *message = g_strdup_printf (_("Could not list the posts: %s"), error->message);

      hanji_window_toast (self, message);
    }

  if (self->pending_post != NULL)
    {
      g_autoptr(GFile) file = g_steal_pointer (&self->pending_post);

      hanji_window_select_post_in_list (self, file);
    }
}

/* Changes on disk ------------------------------------------------------ */

static void
reload_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  HanjiDocument *document = HANJI_DOCUMENT (object);
  g_autoptr(HanjiWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  double scroll = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (document), "hanji-reload-scroll"));

  if (!hanji_document_reload_finish (document, result, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not reload the post: %s"), error->message);

      hanji_window_toast (self, message);
      return;
    }

  hanji_document_discard_draft (document);

  /* Where the writer was looking, as near as the new text allows. */
  if (self->document == document)
    {
      GtkAdjustment *vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->source_view));

      hanji_front_matter_form_sync (self->form);
      gtk_adjustment_set_value (vadjustment, scroll);
    }
}

static void
hanji_window_reload (HanjiWindow   *self,
                     HanjiDocument *document)
{
  if (hanji_document_get_loading (document))
    return;

  if (self->document == document)
    {
      GtkAdjustment *vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->source_view));

      g_object_set_data (G_OBJECT (document), "hanji-reload-scroll",
                         GUINT_TO_POINTER ((guint) gtk_adjustment_get_value (vadjustment)));
    }
  g_object_set_data (G_OBJECT (document), "hanji-keep-mine", NULL);
  hanji_document_reload_async (document, NULL, reload_cb, g_object_ref (self));
}

static void
reload_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    HanjiDocument    *document)
{
  HanjiWindow *self = HANJI_WINDOW (gtk_window_get_transient_for (GTK_WINDOW (dialog)));

  if (g_str_equal (response, "reload"))
    hanji_window_reload (self, document);
}

static void
banner_primary_cb (HanjiWindow *self)
{
  HanjiDocument *document = self->document;
  GtkWidget *dialog;

  if (document == NULL)
    return;

  switch (hanji_document_get_disk_state (document))
    {
    case HANJI_DISK_STATE_CHANGED:
      /* Reload: the writer's changes go, so ask. */
      dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Discard Your Changes?"), NULL);
      adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                      _("Reloading shows the post as the other program saved it. Your unsaved changes to “%s” will be lost."),
                                      hanji_document_get_title (document));
      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                        "cancel", _("_Cancel"),
                                        "reload", _("_Discard and Reload"),
                                        NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "reload", ADW_RESPONSE_DESTRUCTIVE);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      g_signal_connect_object (dialog, "response", G_CALLBACK (reload_response_cb), document, 0);
      gtk_window_present (GTK_WINDOW (dialog));
      break;

    case HANJI_DISK_STATE_DELETED:
      gtk_widget_activate_action (GTK_WIDGET (self), "win.save", NULL);
      break;

    case HANJI_DISK_STATE_SAME:
    default:
      break;
    }
}

/* Keep Mine: the banner goes; saving later still asks before it
 * replaces the other program's version. */
static void
banner_secondary_cb (HanjiWindow *self)
{
  if (self->document == NULL)
    return;

  g_object_set_data (G_OBJECT (self->document), "hanji-keep-mine", GINT_TO_POINTER (TRUE));
  hanji_window_update_banner (self);
}

/* The file of the post shown against the disk: a clean post follows the
 * file; a post with unsaved changes never does so silently. */
static void
hanji_window_update_banner (HanjiWindow *self)
{
  HanjiDocument *document = self->document;
  HanjiDiskState state = document ? hanji_document_get_disk_state (document) : HANJI_DISK_STATE_SAME;
  gboolean modified = document && gtk_text_buffer_get_modified (GTK_TEXT_BUFFER (document));
  gboolean keep_mine = document && g_object_get_data (G_OBJECT (document), "hanji-keep-mine") != NULL;

  if (document == NULL || !hanji_document_get_loaded (document) || hanji_document_get_saving (document))
    state = HANJI_DISK_STATE_SAME;

  if (state == HANJI_DISK_STATE_CHANGED && !modified)
    {
      hanji_window_reload (self, document);
      state = HANJI_DISK_STATE_SAME;
    }

  switch (state)
    {
    case HANJI_DISK_STATE_CHANGED:
      gtk_label_set_text (self->banner_label, _("Another program changed this post on disk."));
      gtk_button_set_label (self->banner_primary, _("_Reload"));
      gtk_button_set_label (self->banner_secondary, _("_Keep Mine"));
      gtk_widget_set_visible (GTK_WIDGET (self->banner_secondary), TRUE);
      gtk_revealer_set_reveal_child (self->banner, !keep_mine);
      break;

    case HANJI_DISK_STATE_DELETED:
      gtk_label_set_text (self->banner_label, _("This post was deleted or moved away. Saving writes it again."));
      gtk_button_set_label (self->banner_primary, _("_Save"));
      gtk_widget_set_visible (GTK_WIDGET (self->banner_secondary), FALSE);
      gtk_revealer_set_reveal_child (self->banner, TRUE);
      break;

    case HANJI_DISK_STATE_SAME:
    default:
      gtk_revealer_set_reveal_child (self->banner, FALSE);
      break;
    }
}

static void
document_disk_state_cb (HanjiWindow *self)
{
  /* A new change outside: Keep Mine was about the previous one. */
  if (self->document != NULL)
    g_object_set_data (G_OBJECT (self->document), "hanji-keep-mine", NULL);
  hanji_window_update_banner (self);
}

/* Session --------------------------------------------------------------- */

HanjiSessionWindow *
_hanji_window_dup_session (HanjiWindow *self)
{
  HanjiSessionWindow *saved = hanji_session_window_new ();
  GHashTableIter iter;
  HanjiDocument *document;

  if (self->site != NULL)
    saved->site_uri = g_file_get_uri (hanji_site_get_root (self->site));
  if (self->document != NULL)
    saved->active_uri = g_file_get_uri (hanji_document_get_file (self->document));

  g_hash_table_iter_init (&iter, self->documents);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &document))
    {
      HanjiSessionPost *post = hanji_session_post_new ();
      GtkTextIter cursor;

      post->uri = g_file_get_uri (hanji_document_get_file (document));
      if (hanji_document_get_has_draft (document) ||
          gtk_text_buffer_get_modified (GTK_TEXT_BUFFER (document)))
        post->draft_id = g_strdup (hanji_document_get_draft_id (document));
      gtk_text_buffer_get_iter_at_mark (GTK_TEXT_BUFFER (document), &cursor,
                                        gtk_text_buffer_get_insert (GTK_TEXT_BUFFER (document)));
      post->line = gtk_text_iter_get_line (&cursor);
      post->column = gtk_text_iter_get_line_offset (&cursor);
      g_ptr_array_add (saved->posts, post);
    }

  return saved;
}

guint
_hanji_window_restore_session (HanjiWindow        *self,
                               HanjiSessionWindow *saved,
                               GHashTable         *drafts)
{
  g_autoptr(GFile) active = NULL;
  guint n_drafts = 0;

  if (saved->site_uri != NULL && self->site == NULL)
    {
      g_autoptr(GFile) root = g_file_new_for_uri (saved->site_uri);

      hanji_window_open_folder (self, root);
    }

  for (guint i = 0; i < saved->posts->len; i++)
    {
      HanjiSessionPost *post = g_ptr_array_index (saved->posts, i);
      g_autoptr(GFile) file = NULL;
      HanjiDraft *draft = NULL;
      HanjiDocument *document;

      if (post->uri == NULL)
        continue;
      file = g_file_new_for_uri (post->uri);

      if (post->draft_id != NULL && (draft = g_hash_table_lookup (drafts, post->draft_id)) != NULL)
        g_hash_table_remove (drafts, post->draft_id);

      /* Only posts with unsaved words come back; the others are a click
       * away in the list. */
      if (draft == NULL && (saved->active_uri == NULL || !g_str_equal (saved->active_uri, post->uri)))
        continue;

      document = g_hash_table_lookup (self->documents, file);
      if (document == NULL)
        {
          document = hanji_window_add_document (self, file);
          if (draft != NULL)
            {
              HanjiDraft *copy = hanji_draft_copy (draft);

              copy->line = post->line;
              copy->column = post->column;
              g_object_set_data_full (G_OBJECT (document), "hanji-pending-draft", copy,
                                      (GDestroyNotify) hanji_draft_free);
              n_drafts++;
            }
          hanji_document_load_async (document, NULL, document_load_cb, g_object_ref (self));
        }

      if (active == NULL || (saved->active_uri != NULL && g_str_equal (saved->active_uri, post->uri)))
        g_set_object (&active, file);
    }

  if (active != NULL)
    {
      hanji_window_set_document (self, g_hash_table_lookup (self->documents, active));
      hanji_window_select_post_in_list (self, active);
    }

  return n_drafts;
}

void
_hanji_window_announce_recovery (HanjiWindow *self,
                                 guint        n_posts)
{
  g_autofree char *message = NULL;

  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "Hanji did not quit normally. The unsaved changes of %u post are back.",
                                          "Hanji did not quit normally. The unsaved changes of %u posts are back.",
                                          n_posts),
                             n_posts);
  hanji_window_toast (self, message);
}

void
_hanji_window_flush_drafts (HanjiWindow *self)
{
  GHashTableIter iter;
  HanjiDocument *document;

  g_hash_table_iter_init (&iter, self->documents);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &document))
    hanji_document_flush_draft (document);
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

  /* The same blogs in the main menu, under Open Folder. */
  if (self->recent_submenu != NULL)
    {
      g_menu_remove (self->open_section, 1);
      g_clear_object (&self->recent_submenu);
    }

  if (recent[0] != NULL)
    {
      g_autoptr(GMenu) submenu = g_menu_new ();

      for (guint i = 0; recent[i] != NULL; i++)
        {
          g_autoptr(GFile) folder = g_file_new_for_uri (recent[i]);
          g_autofree char *name = g_file_get_basename (folder);
          g_autofree char *display = g_filename_display_name (name);
          g_autoptr(GMenuItem) item = g_menu_item_new (display, NULL);

          /* Not a mnemonic: a blog named "_drafts" shows its underscore. */
          if (strchr (display, '_') != NULL)
            {
              g_autoptr(GString) escaped = g_string_new (display);

              g_string_replace (escaped, "_", "__", 0);
              g_menu_item_set_label (item, escaped->str);
            }
          g_menu_item_set_action_and_target (item, "win.open-recent", "s", recent[i]);
          g_menu_append_item (submenu, item);
        }

      self->recent_submenu = g_menu_item_new_submenu (_("Open _Recent"), G_MENU_MODEL (submenu));
      g_menu_insert_item (self->open_section, 1, self->recent_submenu);
    }
}

static void
open_recent_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  HanjiWindow *self = HANJI_WINDOW (widget);
  g_autoptr(GFile) folder = g_file_new_for_uri (g_variant_get_string (parameter, NULL));

  hanji_window_open_folder (self, folder);
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

  /* The list shows the posts as the scan finds them. */
  hanji_post_list_set_site (self->post_list, site);
  _hanji_window_tools_set_site (self, site);
  hanji_front_matter_form_set_site (self->form, site);
  hanji_window_update_flavor_action (self);
  hanji_window_update_post_actions (self);

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
      hanji_window_select_post_in_list (self, file);
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
      AdwToast *toast = adw_toast_new (message);

      /* The post stays modified and its draft kept; elsewhere may work. */
      adw_toast_set_timeout (toast, 0);
      adw_toast_set_button_label (toast, _("Save _As…"));
      adw_toast_set_action_name (toast, "win.save-as");
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
    }
}

/* Save As: the text is written to the file chosen, which then takes the
 * post's place in the window (the old file is left as it was). */
typedef struct
{
  HanjiWindow   *self;
  HanjiDocument *document;
  GFile         *file;
  GBytes        *bytes;
} SaveAsData;

static void
save_as_data_free (SaveAsData *data)
{
  g_clear_object (&data->self);
  g_clear_object (&data->document);
  g_clear_object (&data->file);
  g_clear_pointer (&data->bytes, g_bytes_unref);
  g_free (data);
}

static void
save_as_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  SaveAsData *data = task_data;
  GError *error = NULL;

  if (hanji_text_file_save (data->file, data->bytes, NULL, NULL, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
save_as_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  SaveAsData *data = g_task_get_task_data (G_TASK (result));
  HanjiWindow *self = data->self;
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not save the post: %s"), error->message);

      hanji_window_toast (self, message);
      return;
    }

  /* The words are safe in the new file: the old document goes. */
  gtk_text_buffer_set_modified (GTK_TEXT_BUFFER (data->document), FALSE);
  hanji_document_discard_draft (data->document);
  if (self->document == data->document)
    hanji_window_set_document (self, NULL);
  g_hash_table_remove (self->documents, hanji_document_get_file (data->document));
  hanji_window_open_file (self, data->file);
}

static void
save_as_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     HanjiWindow     *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT && self->document != NULL &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog))) != NULL)
    {
      g_autoptr(GTask) task = g_task_new (self, NULL, save_as_done_cb, NULL);
      SaveAsData *data = g_new0 (SaveAsData, 1);
      g_autofree char *text = hanji_document_dup_text (self->document);

      data->self = g_object_ref (self);
      data->document = g_object_ref (self->document);
      data->file = g_object_ref (file);
      data->bytes = g_bytes_new (text, strlen (text));
      g_task_set_task_data (task, data, (GDestroyNotify) save_as_data_free);
      g_task_run_in_thread (task, save_as_thread);
    }

  g_object_unref (dialog);
}

static void
save_as_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  HanjiWindow *self = HANJI_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autofree char *name = NULL;

  if (self->document == NULL)
    return;

  chooser = gtk_file_chooser_native_new (_("Save Post As"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  name = g_file_get_basename (hanji_document_get_file (self->document));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  if (self->site != NULL)
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), hanji_site_get_root (self->site), NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (save_as_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
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

/* New, rename and trash: the post files themselves */

static void
hanji_window_update_post_actions (HanjiWindow *self)
{
  gboolean has_post = self->site != NULL &&
                      self->document != NULL &&
                      hanji_site_contains (self->site, hanji_document_get_file (self->document));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-post", self->site != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.rename-post", has_post);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.trash-post", has_post);
}

/* A new post starts with its front matter: the writer goes on below it. */
static void
hanji_window_place_cursor_at_end (HanjiWindow   *self,
                                  HanjiDocument *document)
{
  GtkTextIter end;

  if (document != self->document || !hanji_document_get_loaded (document))
    return;

  gtk_text_buffer_get_end_iter (GTK_TEXT_BUFFER (document), &end);
  /* No scrolling: a new post fits the view, and a second animated
   * scroll racing the load's own trips up GTK 4.8's adjustments. */
  gtk_text_buffer_place_cursor (GTK_TEXT_BUFFER (document), &end);
  gtk_widget_grab_focus (GTK_WIDGET (self->source_view));
}

static void
new_post_loaded_cb (HanjiWindow   *self,
                    GParamSpec    *pspec,
                    HanjiDocument *document)
{
  g_signal_handlers_disconnect_by_func (document, new_post_loaded_cb, self);
  hanji_window_place_cursor_at_end (self, document);
}

static void
new_post_done_cb (HanjiWindow        *self,
                  GFile              *file,
                  HanjiNewPostDialog *dialog)
{
  if (self->site == NULL)
    return;

  /* Listed at once, not when the file monitor gets to it. */
  hanji_site_refresh_file (self->site, file);
  hanji_window_select_post_in_list (self, file);
  _hanji_window_open_post (self, file);

  if (self->document == NULL)
    return;

  if (hanji_document_get_loaded (self->document))
    hanji_window_place_cursor_at_end (self, self->document);
  else
    g_signal_connect_object (self->document, "notify::loaded",
                             G_CALLBACK (new_post_loaded_cb), self,
                             G_CONNECT_SWAPPED);
}

static void
new_post_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  HanjiWindow *self = HANJI_WINDOW (widget);
  HanjiNewPostDialog *dialog;

  if (self->site == NULL)
    return;

  dialog = hanji_new_post_dialog_new (GTK_WINDOW (self), self->site);
  g_signal_connect_object (dialog, "done", G_CALLBACK (new_post_done_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* A page bundle (slug/index.md, not on Jekyll) is its whole folder. */
static GFile *
hanji_window_dup_post_target (HanjiWindow *self,
                              GFile       *file)
{
  g_autofree char *basename = g_file_get_basename (file);
  g_autoptr(GFile) parent = g_file_get_parent (file);

  if (hanji_site_get_kind (self->site) != HANJI_SITE_JEKYLL &&
      g_str_has_prefix (basename, "index.") &&
      parent != NULL &&
      !g_file_equal (parent, hanji_site_get_root (self->site)) &&
      !g_file_equal (parent, hanji_site_get_content_dir (self->site)))
    return g_steal_pointer (&parent);

  return g_object_ref (file);
}

static void
rename_post_done_cb (HanjiWindow        *self,
                     GFile              *file,
                     HanjiNewPostDialog *dialog)
{
  GFile *old_file = g_object_get_data (G_OBJECT (dialog), "hanji-post-file");
  g_autoptr(GFile) old_target = NULL;
  g_autoptr(GFile) new_target = NULL;
  gboolean was_open;

  if (self->site == NULL || old_file == NULL || g_file_equal (old_file, file))
    return;

  old_target = hanji_window_dup_post_target (self, old_file);
  new_target = hanji_window_dup_post_target (self, file);
  hanji_site_refresh_file (self->site, old_target);
  hanji_site_refresh_file (self->site, new_target);

  /* The document had no unsaved changes (the dialog saw to that), so
   * the one for the new name simply reads the file again. Switched to
   * first, so that the editor changes buffers once, as when the writer
   * picks another post. */
  was_open = self->document != NULL && g_file_equal (hanji_document_get_file (self->document), old_file);
  if (was_open)
    {
      hanji_window_select_post_in_list (self, file);
      _hanji_window_open_post (self, file);
    }
  g_hash_table_remove (self->documents, old_file);
}

static void
rename_post_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  HanjiWindow *self = HANJI_WINDOW (widget);
  HanjiNewPostDialog *dialog;
  GFile *file;

  if (self->site == NULL || self->document == NULL)
    return;

  file = hanji_document_get_file (self->document);
  dialog = hanji_new_post_dialog_new_rename (GTK_WINDOW (self), self->site, file,
                                             gtk_text_buffer_get_modified (GTK_TEXT_BUFFER (self->document)));
  g_object_set_data_full (G_OBJECT (dialog), "hanji-post-file", g_object_ref (file), g_object_unref);
  g_signal_connect_object (dialog, "done", G_CALLBACK (rename_post_done_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* What was trashed, for the toast's Undo: the open document is kept, so
 * that undoing brings back its unsaved text too. */
typedef struct _TrashData
{
  /* While a task runs; NULL once the window keeps the data for Undo. */
  HanjiWindow   *self;
  GFile         *file;
  GFile         *target;
  HanjiDocument *document;
  char          *title;
} TrashData;

static void
trash_data_free (TrashData *data)
{
  g_clear_object (&data->self);
  g_clear_object (&data->file);
  g_clear_object (&data->target);
  g_clear_object (&data->document);
  g_free (data->title);
  g_free (data);
}

/* The post is gone from the disk: out of the editor and the list. */
static void
hanji_window_forget_post (HanjiWindow *self,
                          TrashData   *data)
{
  HanjiDocument *document = g_hash_table_lookup (self->documents, data->file);

  if (document != NULL)
    g_set_object (&data->document, document);
  if (self->document != NULL && self->document == document)
    {
      GtkAdjustment *vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->source_view));

      /* Ends a scroll animation still running (the editor scrolls to the
       * top when a post loads): GTK 4.8 warns when a scrolled window is
       * hidden in the middle of one, as the empty page does here. */
      gtk_adjustment_set_value (vadjustment, gtk_adjustment_get_value (vadjustment));
      hanji_window_set_document (self, NULL);
    }
  g_hash_table_remove (self->documents, data->file);

  if (self->site != NULL)
    hanji_site_refresh_file (self->site, data->target);
}

/* The trashed item whose original path is @target's: through gvfs's
 * trash:/// where it runs (it knows every trash folder), else in the
 * home trash by its .trashinfo files (the freedesktop.org layout GLib
 * itself writes). The newest, when it was trashed more than once. */
static gboolean
restore_from_trash (GFile         *target,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autofree char *path = g_file_get_path (target);
  g_autoptr(GFile) trash = g_file_new_for_uri ("trash:///");
  g_autoptr(GFileEnumerator) enumerator = NULL;
  g_autoptr(GFile) found = NULL;
  g_autoptr(GFile) found_info = NULL;
  g_autofree char *found_date = NULL;
  g_autoptr(GFile) info_dir = NULL;
  g_autoptr(GFile) files_dir = NULL;
  GFileInfo *info;

  if (path == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("The post is not a local file"));
      return FALSE;
    }

  enumerator = g_file_enumerate_children (trash,
                                          G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                          G_FILE_ATTRIBUTE_TRASH_ORIG_PATH ","
                                          G_FILE_ATTRIBUTE_TRASH_DELETION_DATE,
                                          G_FILE_QUERY_INFO_NONE, cancellable, NULL);
  while (enumerator != NULL &&
         (info = g_file_enumerator_next_file (enumerator, cancellable, NULL)) != NULL)
    {
      const char *orig = g_file_info_get_attribute_byte_string (info, G_FILE_ATTRIBUTE_TRASH_ORIG_PATH);
      const char *date = g_file_info_get_attribute_string (info, G_FILE_ATTRIBUTE_TRASH_DELETION_DATE);

      if (g_strcmp0 (orig, path) == 0 &&
          (found == NULL || g_strcmp0 (date, found_date) > 0))
        {
          g_set_object (&found, g_file_enumerator_get_child (enumerator, info));
          g_free (found_date);
          found_date = g_strdup (date);
        }
      g_object_unref (info);
    }

  if (found != NULL)
    return g_file_move (found, target, G_FILE_COPY_NOFOLLOW_SYMLINKS, cancellable, NULL, NULL, error);

  g_clear_object (&enumerator);
  info_dir = g_file_new_build_filename (g_get_user_data_dir (), "Trash", "info", NULL);
  files_dir = g_file_new_build_filename (g_get_user_data_dir (), "Trash", "files", NULL);
  enumerator = g_file_enumerate_children (info_dir, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                          G_FILE_QUERY_INFO_NONE, cancellable, NULL);
  while (enumerator != NULL &&
         (info = g_file_enumerator_next_file (enumerator, cancellable, NULL)) != NULL)
    {
      const char *name = g_file_info_get_name (info);
      g_autoptr(GKeyFile) key_file = g_key_file_new ();
      g_autofree char *info_path = g_build_filename (g_file_peek_path (info_dir), name, NULL);
      g_autofree char *escaped = NULL;
      g_autofree char *orig = NULL;
      g_autofree char *date = NULL;

      if (g_str_has_suffix (name, ".trashinfo") &&
          g_key_file_load_from_file (key_file, info_path, G_KEY_FILE_NONE, NULL) &&
          (escaped = g_key_file_get_string (key_file, "Trash Info", "Path", NULL)) != NULL &&
          (orig = g_uri_unescape_string (escaped, NULL)) != NULL &&
          g_str_equal (orig, path))
        {
          date = g_key_file_get_string (key_file, "Trash Info", "DeletionDate", NULL);
          if (found == NULL || g_strcmp0 (date, found_date) > 0)
            {
              g_autofree char *trashed_name = g_strndup (name, strlen (name) - strlen (".trashinfo"));

              g_set_object (&found, g_file_get_child (files_dir, trashed_name));
              g_set_object (&found_info, g_file_get_child (info_dir, name));
              g_free (found_date);
              found_date = g_steal_pointer (&date);
            }
        }
      g_object_unref (info);
    }

  if (found == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("It is no longer in the trash"));
      return FALSE;
    }

  if (!g_file_move (found, target, G_FILE_COPY_NOFOLLOW_SYMLINKS, cancellable, NULL, NULL, error))
    return FALSE;

  /* Restored: an info file left behind would list a ghost in the trash. */
  g_file_delete (found_info, NULL, NULL);
  return TRUE;
}

static void
restore_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  TrashData *data = task_data;
  GError *error = NULL;

  if (restore_from_trash (data->target, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
restore_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  HanjiWindow *self = HANJI_WINDOW (object);
  TrashData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  /* The window was closed meanwhile. */
  if (self->documents == NULL)
    return;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not restore “%s”: %s"), data->title, error->message);

      hanji_window_toast (self, message);
      return;
    }

  if (self->site != NULL)
    hanji_site_refresh_file (self->site, data->target);

  /* Back as it was, unsaved text included (the file is where it was, so
   * the document's location still holds). */
  if (data->document != NULL && !g_hash_table_contains (self->documents, data->file))
    g_hash_table_insert (self->documents, g_object_ref (data->file), g_object_ref (data->document));

  if (self->site != NULL && hanji_site_contains (self->site, data->file))
    {
      hanji_window_select_post_in_list (self, data->file);
      _hanji_window_open_post (self, data->file);
    }
}

/* The toast's Undo button: the last post moved to the trash. */
static void
undo_trash_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  HanjiWindow *self = HANJI_WINDOW (widget);
  g_autoptr(GTask) task = NULL;

  if (self->last_trashed == NULL)
    return;

  gtk_widget_action_set_enabled (widget, "win.undo-trash", FALSE);
  task = g_task_new (self, NULL, restore_cb, NULL);
  g_task_set_source_tag (task, undo_trash_action);
  g_task_set_task_data (task, g_steal_pointer (&self->last_trashed), (GDestroyNotify)trash_data_free);
  g_task_run_in_thread (task, restore_thread);
}

static gboolean
delete_recursively (GFile         *file,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(GFileEnumerator) enumerator = NULL;
  GFileInfo *info;

  if (g_file_query_file_type (file, G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, cancellable) == G_FILE_TYPE_DIRECTORY)
    {
      enumerator = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                              G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, cancellable, error);
      if (enumerator == NULL)
        return FALSE;

      while ((info = g_file_enumerator_next_file (enumerator, cancellable, error)) != NULL)
        {
          g_autoptr(GFile) child = g_file_enumerator_get_child (enumerator, info);
          gboolean ok = delete_recursively (child, cancellable, error);

          g_object_unref (info);
          if (!ok)
            return FALSE;
        }
    }

  return g_file_delete (file, cancellable, error);
}

static void
delete_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  TrashData *data = task_data;
  GError *error = NULL;

  if (delete_recursively (data->target, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
delete_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  HanjiWindow *self = HANJI_WINDOW (object);
  TrashData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (self->documents == NULL)
    return;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    message = g_strdup_printf (_("Could not delete “%s”: %s"), data->title, error->message);
  else
    message = g_strdup_printf (_("“%s” deleted"), data->title);

  /* Even a failed deletion may have removed part of a bundle. */
  hanji_window_forget_post (self, data);
  hanji_window_toast (self, message);
}

static void
delete_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    TrashData        *data)
{
  g_autoptr(GTask) task = NULL;

  if (!g_str_equal (response, "delete"))
    return;

  data = g_object_steal_data (G_OBJECT (dialog), "hanji-trash-data");
  task = g_task_new (data->self, NULL, delete_cb, NULL);
  g_task_set_source_tag (task, delete_response_cb);
  g_task_set_task_data (task, data, (GDestroyNotify)trash_data_free);
  g_task_run_in_thread (task, delete_thread);
}

static void
trash_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  TrashData *data = user_data;
  HanjiWindow *self = data->self;
  g_autoptr(GError) error = NULL;
  gboolean trashed = g_file_trash_finish (G_FILE (object), result, &error);

  /* The window was closed meanwhile. */
  if (self->documents == NULL)
    {
      trash_data_free (data);
      return;
    }

  if (trashed)
    {
      AdwToast *toast = adw_toast_new_format (_("“%s” moved to trash"), data->title);

      hanji_window_forget_post (self, data);

      /* Kept by the window (the toast is, too): no reference back. */
      g_clear_pointer (&self->last_trashed, trash_data_free);
      self->last_trashed = data;
      g_clear_object (&data->self);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo-trash", TRUE);

      adw_toast_set_button_label (toast, _("_Undo"));
      adw_toast_set_action_name (toast, "win.undo-trash");
      adw_toast_set_timeout (toast, 10);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))
    {
      /* No trash on this file system (some mounts, some containers). */
      GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Delete Permanently?"), NULL);

      adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                      _("“%s” cannot be moved to the trash here. Deleting it cannot be undone."),
                                      data->title);
      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                        "cancel", _("_Cancel"),
                                        "delete", _("_Delete"),
                                        NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete", ADW_RESPONSE_DESTRUCTIVE);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      /* The dialog owns the data until "delete" hands it to the task. */
      g_object_set_data_full (G_OBJECT (dialog), "hanji-trash-data", data, (GDestroyNotify)trash_data_free);
      g_signal_connect (dialog, "response", G_CALLBACK (delete_response_cb), data);
      gtk_window_present (GTK_WINDOW (dialog));
    }
  else
    {
      g_autofree char *message = g_strdup_printf (_("Could not move “%s” to the trash: %s"),
                                                  data->title, error->message);

      hanji_window_toast (self, message);
      trash_data_free (data);
    }
}

static void
trash_post_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  HanjiWindow *self = HANJI_WINDOW (widget);
  TrashData *data;

  if (self->site == NULL || self->document == NULL)
    return;

  data = g_new0 (TrashData, 1);
  data->self = g_object_ref (self);
  data->file = g_object_ref (hanji_document_get_file (self->document));
  data->target = hanji_window_dup_post_target (self, data->file);
  data->title = g_strdup (hanji_document_get_title (self->document));

  g_file_trash_async (data->target, G_PRIORITY_DEFAULT, NULL, trash_cb, data);
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
      g_autoptr(GPtrArray) modified = _hanji_window_list_modified (self);

      /* Discarded means gone: no draft comes back after this. */
      for (guint i = 0; i < modified->len; i++)
        hanji_document_discard_draft (g_ptr_array_index (modified, i));
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
  g_clear_pointer (&self->rendering, hanji_rendering_unref);
  g_cancellable_cancel (self->site_cancellable);

  if (self->document_signals != NULL)
    g_signal_group_set_target (self->document_signals, NULL);

  _hanji_window_tools_dispose (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), HANJI_TYPE_WINDOW);

  g_clear_object (&self->site_cancellable);
  g_clear_object (&self->document_signals);
  g_clear_object (&self->document);
  g_clear_pointer (&self->documents, g_hash_table_unref);
  g_clear_object (&self->pending_post);
  g_clear_pointer (&self->last_trashed, trash_data_free);
  g_clear_object (&self->site);
  g_clear_object (&self->flavor_action);
  g_clear_object (&self->recent_submenu);
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

    case PROP_FOCUS_MODE:
      g_value_set_boolean (value, self->focus_mode);
      break;

    case PROP_SEARCH_VISIBLE:
      g_value_set_boolean (value, _hanji_window_get_search_visible (self));
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

    case PROP_FOCUS_MODE:
      _hanji_window_set_focus_mode (self, g_value_get_boolean (value));
      break;

    case PROP_SEARCH_VISIBLE:
      _hanji_window_set_search_visible (self, g_value_get_boolean (value));
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
  /* Only the editor, centred; Escape leaves. */
  properties [PROP_FOCUS_MODE] =
    g_param_spec_boolean ("focus-mode", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* The sidebar shows the search across all posts instead of the list. */
  properties [PROP_SEARCH_VISIBLE] =
    g_param_spec_boolean ("search-visible", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (HANJI_TYPE_FRONT_MATTER_FORM);
  g_type_ensure (HANJI_TYPE_POST_LIST);
  g_type_ensure (HANJI_TYPE_PREVIEW);
  g_type_ensure (GTK_SOURCE_TYPE_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/hanjiapp/Hanji/hanji-window.ui");
  _hanji_window_tools_class_init (widget_class);
  gtk_widget_class_bind_template_child (widget_class, HanjiWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, HanjiWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, HanjiWindow, banner);
  gtk_widget_class_bind_template_child (widget_class, HanjiWindow, banner_label);
  gtk_widget_class_bind_template_child (widget_class, HanjiWindow, banner_primary);
  gtk_widget_class_bind_template_child (widget_class, HanjiWindow, banner_secondary);
  gtk_widget_class_bind_template_child (widget_class, HanjiWindow, recent_group);
  gtk_widget_class_bind_template_child (widget_class, HanjiWindow, recent_list);
  gtk_widget_class_bind_template_child (widget_class, HanjiWindow, open_section);
  gtk_widget_class_bind_template_child (widget_class, HanjiWindow, primary_menu);
  gtk_widget_class_bind_template_child (widget_class, HanjiWindow, sidebar_paned);
  gtk_widget_class_bind_template_child (widget_class, HanjiWindow, sidebar);
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
  gtk_widget_class_bind_template_callback (widget_class, banner_primary_cb);
  gtk_widget_class_bind_template_callback (widget_class, banner_secondary_cb);
  gtk_widget_class_bind_template_callback (widget_class, post_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, form_select_source_cb);
  gtk_widget_class_bind_template_callback (widget_class, form_show_position_cb);

  gtk_widget_class_install_action (widget_class, "win.open-folder", NULL, open_folder_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.open-file", NULL, open_file_action);
  gtk_widget_class_install_action (widget_class, "win.open-sample", NULL, open_sample_action);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, save_as_action);
  gtk_widget_class_install_action (widget_class, "win.new-post", NULL, new_post_action);
  gtk_widget_class_install_action (widget_class, "win.rename-post", NULL, rename_post_action);
  gtk_widget_class_install_action (widget_class, "win.trash-post", NULL, trash_post_action);
  gtk_widget_class_install_action (widget_class, "win.undo-trash", NULL, undo_trash_action);
  gtk_widget_class_install_property_action (widget_class, "win.show-sidebar", "sidebar-visible");

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "win.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.save-as", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open-file", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.open-folder", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "win.show-sidebar", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.new-post", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F2, 0, "win.rename-post", NULL);
  /* Bubbles up like the others: in the editor, Ctrl+Delete still
   * deletes the next word rather than the whole post. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, GDK_CONTROL_MASK, "win.trash-post", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
hanji_window_init (HanjiWindow *self)
{
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
  g_signal_group_connect_object (self->document_signals, "notify::loading",
                                 G_CALLBACK (document_loading_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->document_signals, "notify::disk-state",
                                 G_CALLBACK (document_disk_state_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->document_signals, "modified-changed",
                                 G_CALLBACK (hanji_window_update_banner), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->document_signals, "notify::saving",
                                 G_CALLBACK (hanji_window_update_banner), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->document_signals, "notify::loaded",
                                 G_CALLBACK (hanji_window_update_banner), self, G_CONNECT_SWAPPED);
  _hanji_window_tools_init (self);

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
  self->flavor_action = g_simple_action_new_stateful ("preview-flavor", G_VARIANT_TYPE_STRING,
                                                      g_variant_new_string ("auto"));
  g_signal_connect_object (self->flavor_action, "activate",
                           G_CALLBACK (preview_flavor_activate_cb), self, G_CONNECT_SWAPPED);
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (self->flavor_action));
  g_simple_action_set_enabled (self->flavor_action, FALSE);

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

  g_signal_connect_object (self->settings, "changed::draft-delay",
                           G_CALLBACK (hanji_window_apply_saving_settings), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::autosave",
                           G_CALLBACK (hanji_window_apply_saving_settings), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::recent-folders",
                           G_CALLBACK (hanji_window_rebuild_recent), self, G_CONNECT_SWAPPED);
  hanji_window_rebuild_recent (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save", FALSE);
  hanji_window_update_post_actions (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo-trash", FALSE);
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

const char *
_hanji_window_get_banner (HanjiWindow *self)
{
  if (!gtk_revealer_get_reveal_child (self->banner))
    return NULL;
  return gtk_label_get_text (self->banner_label);
}

void
_hanji_window_banner_respond (HanjiWindow *self,
                              gboolean     primary)
{
  g_assert_true (gtk_revealer_get_reveal_child (self->banner));
  if (primary)
    banner_primary_cb (self);
  else
    banner_secondary_cb (self);
}

GMenuModel *
_hanji_window_get_menu (HanjiWindow *self)
{
  return self->primary_menu;
}

GtkListView *
_hanji_window_get_post_list (HanjiWindow *self)
{
  return hanji_post_list_get_list_view (self->post_list);
}

HanjiPostList *
_hanji_window_get_post_list_widget (HanjiWindow *self)
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
