/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hanji-window"

/* Images dropped on the editor or pasted into it go into the blog's
 * asset folder (hanji-assets), and the post gets the Markdown for them
 * where they landed. */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "hanji-assets.h"
#include "hanji-window-private.h"

typedef struct
{
  GWeakRef       window;
  HanjiDocument *document;
  GtkTextMark   *mark;
  /* Several files land as one block: how many are still coming. */
  guint          pending;
  GString       *markdown;
  GString       *errors;
} ImageDrop;

static void
image_drop_free (ImageDrop *drop)
{
  g_weak_ref_clear (&drop->window);
  if (drop->mark != NULL && !gtk_text_mark_get_deleted (drop->mark))
    gtk_text_buffer_delete_mark (GTK_TEXT_BUFFER (drop->document), drop->mark);
  g_clear_object (&drop->mark);
  g_clear_object (&drop->document);
  g_string_free (drop->markdown, TRUE);
  g_string_free (drop->errors, TRUE);
  g_free (drop);
}

static void
image_drop_finish (ImageDrop *drop)
{
  g_autoptr(HanjiWindow) self = g_weak_ref_get (&drop->window);
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (drop->document);

  if (drop->markdown->len > 0 && !gtk_text_mark_get_deleted (drop->mark))
    {
      GtkTextIter at;
      int offset;

      gtk_text_buffer_get_iter_at_mark (buffer, &at, drop->mark);
      offset = gtk_text_iter_get_offset (&at);
      /* One undo takes the whole drop back. */
      gtk_text_buffer_begin_user_action (buffer);
      gtk_text_buffer_insert (buffer, &at, drop->markdown->str, drop->markdown->len);
      gtk_text_buffer_end_user_action (buffer);
      /* Pixels have no name to describe them: the cursor waits in the
       * empty alt text, for the writer to say what the image shows. */
      if (g_str_has_prefix (drop->markdown->str, "![]") && strchr (drop->markdown->str, '\n') == NULL)
        gtk_text_buffer_get_iter_at_offset (buffer, &at, offset + 2);
      gtk_text_buffer_place_cursor (buffer, &at);
    }

  if (self != NULL && drop->errors->len > 0)
    {
      AdwToast *toast = adw_toast_new (drop->errors->str);

      adw_toast_set_timeout (toast, 8);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
    }

  image_drop_free (drop);
}

static void
import_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  ImageDrop *drop = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *markdown = NULL;
  g_autoptr(GFile) image = hanji_assets_import_finish (result, &markdown, &error);

  if (image != NULL)
    {
      if (drop->markdown->len > 0)
        g_string_append_c (drop->markdown, '\n');
      g_string_append (drop->markdown, markdown);
    }
  else
    {
      if (drop->errors->len > 0)
        g_string_append_c (drop->errors, '\n');
      /* Translators: the error says why */
      g_string_append_printf (drop->errors, _("The image was not added: %s"), error->message);
    }

  if (--drop->pending == 0)
    image_drop_finish (drop);
}

/* Starts importing files (or pixels) into the blog; their Markdown goes
 * in at iter once all are in. */
static void
hanji_window_import_images (HanjiWindow *self,
                            GSList      *files,
                            GBytes      *png,
                            GtkTextIter *iter)
{
  g_autoptr(GBytes) snapshot = NULL;
  g_autofree char *pattern = NULL;
  ImageDrop *drop;

  if (self->document == NULL)
    return;

  drop = g_new0 (ImageDrop, 1);
  g_weak_ref_init (&drop->window, self);
  drop->document = g_object_ref (self->document);
  drop->mark = g_object_ref (gtk_text_buffer_create_mark (GTK_TEXT_BUFFER (self->document), NULL, iter, FALSE));
  drop->markdown = g_string_new (NULL);
  drop->errors = g_string_new (NULL);
  drop->pending = png != NULL ? 1 : g_slist_length (files);

  snapshot = hanji_document_dup_snapshot (self->document);
  /* The site's own pattern (.hanji.json "assets") wins over the user's. */
  if (self->site != NULL && hanji_site_get_asset_pattern (self->site) != NULL)
    pattern = g_strdup (hanji_site_get_asset_pattern (self->site));
  else
    pattern = g_settings_get_string (self->settings, "asset-folder-pattern");

  if (png != NULL)
    hanji_assets_import_async (self->site, hanji_document_get_file (self->document),
                               g_bytes_get_data (snapshot, NULL), pattern, NULL, png,
                               NULL, import_cb, drop);

  for (GSList *l = png == NULL ? files : NULL; l != NULL; l = l->next)
    hanji_assets_import_async (self->site, hanji_document_get_file (self->document),
                               g_bytes_get_data (snapshot, NULL), pattern, l->data, NULL,
                               NULL, import_cb, drop);
}

/* Dropped files: images go in, anything else is refused by the import
 * with a message. Exposed for tests, which cannot drag. */
gboolean
_hanji_window_drop_files (HanjiWindow *self,
                          GSList      *files,
                          double       x,
                          double       y)
{
  GtkTextView *view = GTK_TEXT_VIEW (self->source_view);
  GtkTextIter iter;
  int bx, by;

  if (self->document == NULL || files == NULL)
    return FALSE;

  gtk_text_view_window_to_buffer_coords (view, GTK_TEXT_WINDOW_WIDGET, (int) x, (int) y, &bx, &by);
  gtk_text_view_get_iter_at_location (view, &iter, bx, by);

  /* An image is a block of its own: dropped mid-line, it starts one. */
  if (!gtk_text_iter_starts_line (&iter))
    gtk_text_iter_forward_to_line_end (&iter);

  hanji_window_import_images (self, files, NULL, &iter);
  return TRUE;
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         HanjiWindow   *self)
{
  GSList *files = NULL;
  gboolean handled;

  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    files = g_slist_copy (gdk_file_list_get_files (g_value_get_boxed (value)));
  else if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    files = g_slist_prepend (NULL, g_value_get_object (value));

  handled = _hanji_window_drop_files (self, files, x, y);
  g_slist_free (files);
  return handled;
}

/* Paste */

static void
paste_files_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(HanjiWindow) self = g_weak_ref_get (user_data);
  const GValue *value = gdk_clipboard_read_value_finish (GDK_CLIPBOARD (object), result, NULL);
  GtkTextIter cursor;

  g_weak_ref_clear (user_data);
  g_free (user_data);

  if (self == NULL || self->document == NULL || value == NULL || !G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return;

  gtk_text_buffer_get_iter_at_mark (GTK_TEXT_BUFFER (self->document), &cursor,
                                    gtk_text_buffer_get_insert (GTK_TEXT_BUFFER (self->document)));
  hanji_window_import_images (self, gdk_file_list_get_files (g_value_get_boxed (value)), NULL, &cursor);
}

static void
paste_texture_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(HanjiWindow) self = g_weak_ref_get (user_data);
  g_autoptr(GdkTexture) texture = gdk_clipboard_read_texture_finish (GDK_CLIPBOARD (object), result, NULL);
  g_autoptr(GBytes) png = NULL;
  GtkTextIter cursor;

  g_weak_ref_clear (user_data);
  g_free (user_data);

  if (self == NULL || self->document == NULL || texture == NULL)
    return;

  png = gdk_texture_save_to_png_bytes (texture);
  gtk_text_buffer_get_iter_at_mark (GTK_TEXT_BUFFER (self->document), &cursor,
                                    gtk_text_buffer_get_insert (GTK_TEXT_BUFFER (self->document)));
  hanji_window_import_images (self, NULL, png, &cursor);
}

static void
paste_text_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(HanjiWindow) self = g_weak_ref_get (user_data);
  g_autofree char *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, NULL);
  g_autofree char *image = NULL;
  GtkTextBuffer *buffer;

  g_weak_ref_clear (user_data);
  g_free (user_data);

  if (self == NULL || self->document == NULL || text == NULL)
    return;

  /* An image's address becomes the image; other text is pasted as is. */
  image = hanji_assets_markdown_for_url (text);
  buffer = GTK_TEXT_BUFFER (self->document);
  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_delete_selection (buffer, TRUE, gtk_text_view_get_editable (GTK_TEXT_VIEW (self->source_view)));
  if (gtk_text_buffer_insert_interactive_at_cursor (buffer, image ? image : text, -1,
                                                    gtk_text_view_get_editable (GTK_TEXT_VIEW (self->source_view))) &&
      image != NULL)
    {
      GtkTextIter at;

      /* As for pasted pixels: the cursor waits in the empty alt text. */
      gtk_text_buffer_get_iter_at_mark (buffer, &at, gtk_text_buffer_get_insert (buffer));
      gtk_text_iter_backward_chars (&at, g_utf8_strlen (image, -1) - 2);
      gtk_text_buffer_place_cursor (buffer, &at);
    }
  gtk_text_buffer_end_user_action (buffer);
  gtk_text_view_scroll_mark_onscreen (GTK_TEXT_VIEW (self->source_view), gtk_text_buffer_get_insert (buffer));
}

static gpointer
weak_self (HanjiWindow *self)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, self);
  return ref;
}

/* Runs before the view's own paste: files and pixels become images in
 * the blog, text that is an image's address an image; the rest is the
 * view's ordinary paste. */
static void
paste_clipboard_cb (GtkTextView *view,
                    HanjiWindow *self)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (view));
  GdkContentFormats *formats = gdk_clipboard_get_formats (clipboard);

  if (self->document == NULL || !gtk_text_view_get_editable (view))
    return;

  if (gdk_content_formats_contain_gtype (formats, GDK_TYPE_FILE_LIST))
    {
      g_signal_stop_emission_by_name (view, "paste-clipboard");
      gdk_clipboard_read_value_async (clipboard, GDK_TYPE_FILE_LIST, G_PRIORITY_DEFAULT, NULL,
                                      paste_files_cb, weak_self (self));
    }
  else if (gdk_content_formats_contain_gtype (formats, GDK_TYPE_TEXTURE) &&
           !gdk_content_formats_contain_gtype (formats, G_TYPE_STRING))
    {
      g_signal_stop_emission_by_name (view, "paste-clipboard");
      gdk_clipboard_read_texture_async (clipboard, NULL, paste_texture_cb, weak_self (self));
    }
  else if (gdk_content_formats_contain_gtype (formats, G_TYPE_STRING))
    {
      g_signal_stop_emission_by_name (view, "paste-clipboard");
      gdk_clipboard_read_text_async (clipboard, NULL, paste_text_cb, weak_self (self));
    }
}

void
_hanji_window_images_init (HanjiWindow *self)
{
  GtkDropTarget *target = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  GType types[] = { GDK_TYPE_FILE_LIST, G_TYPE_FILE };

  gtk_drop_target_set_gtypes (target, types, G_N_ELEMENTS (types));
  g_signal_connect_object (target, "drop", G_CALLBACK (drop_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->source_view), GTK_EVENT_CONTROLLER (target));

  g_signal_connect_object (self->source_view, "paste-clipboard",
                           G_CALLBACK (paste_clipboard_cb), self, 0);
}
