/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hanji-preview"

/* Export: the preview's page, as it shows, to a standalone HTML file. */

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "hanji-assets.h"
#include "hanji-preview-private.h"
#include "hanji-text-file.h"

/* Runs in Hanji's script world on a copy of the page: what only the
 * preview needs goes (the policy that confines it to hanji-site:,
 * source positions, the missing-image notes), and each image's src
 * becomes the absolute URL the page resolved it to. */
static const char export_script[] =
  "(function () {\n"
  "  const root = document.documentElement.cloneNode (true);\n"
  "  for (const node of root.querySelectorAll ('meta[http-equiv], script, [data-hanji-generated]'))\n"
  "    node.remove ();\n"
  "  for (const name of ['data-sourcepos', 'data-hanji-missing', 'data-hanji-highlighted'])\n"
  "    for (const node of root.querySelectorAll ('[' + name + ']'))\n"
  "      node.removeAttribute (name);\n"
  "  const live = document.querySelectorAll ('img[src]');\n"
  "  const copies = root.querySelectorAll ('img[src]');\n"
  "  const images = [];\n"
  "  copies.forEach ((image, i) => {\n"
  "    const src = live[i] ? live[i].src : image.getAttribute ('src');\n"
  "    image.setAttribute ('src', src);\n"
  "    if (src.startsWith ('hanji-site:') && !images.includes (src))\n"
  "      images.push (src);\n"
  "  });\n"
  "  return JSON.stringify ({ html: root.outerHTML, images: images });\n"
  "}) ()";

typedef struct
{
  GFile             *destination;
  char              *title;
  char              *html;
  GPtrArray         *images;
  HanjiPreviewFiles *files;
  guint              copy_images : 1;
  guint              n_missing;
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_clear_object (&data->destination);
  g_free (data->title);
  g_free (data->html);
  g_clear_pointer (&data->images, g_ptr_array_unref);
  g_clear_pointer (&data->files, _hanji_preview_files_free);
  g_free (data);
}

/* Replaces every occurrence of from in *html (as it appears in an
 * attribute: & escaped) by to. */
static void
replace_all (char       **html,
             const char  *from,
             const char  *to)
{
  g_autofree char *escaped = g_markup_escape_text (from, -1);
  g_auto(GStrv) parts = g_strsplit (*html, escaped, -1);
  char *joined = g_strjoinv (to, parts);

  g_free (*html);
  *html = joined;
}

static char *
data_uri_for (const char  *path,
              GError     **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *content_type = NULL;
  g_autofree char *mime = NULL;
  g_autofree char *base64 = NULL;
  gsize len;

  if (!g_file_get_contents (path, &contents, &len, error))
    return NULL;

  content_type = g_content_type_guess (path, (const guchar *) contents, MIN (len, 4096), NULL);
  mime = g_content_type_get_mime_type (content_type);
  base64 = g_base64_encode ((const guchar *) contents, len);

  return g_strdup_printf ("data:%s;base64,%s", mime ? mime : "application/octet-stream", base64);
}

/* Copies path into folder under its own name, or name-2, name-3… when
 * that is taken; returns the name it got. */
static char *
copy_beside (const char    *path,
             GFile         *folder,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(GFile) source = g_file_new_for_path (path);
  g_autofree char *basename = g_path_get_basename (path);
  g_autoptr(GFile) copy = hanji_assets_write_unique (folder, basename, source, NULL, cancellable, error);

  return copy != NULL ? g_file_get_basename (copy) : NULL;
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportData *data = task_data;
  g_autoptr(GFile) folder = NULL;
  g_autofree char *folder_name = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = g_markup_escape_text (data->title, -1);
  g_autofree char *title_tag = g_strdup_printf ("<title>%s</title>", title);
  GString *page;

  if (data->copy_images && data->images->len > 0)
    {
      g_autofree char *basename = g_file_get_basename (data->destination);
      const char *dot = strrchr (basename, '.');
      g_autoptr(GFile) parent = g_file_get_parent (data->destination);

      folder_name = g_strdup_printf ("%.*s_files", dot ? (int) (dot - basename) : (int) strlen (basename), basename);
      folder = g_file_get_child (parent, folder_name);
      if (!g_file_make_directory_with_parents (folder, cancellable, &error) &&
          !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      g_clear_error (&error);
    }

  for (guint i = 0; i < data->images->len; i++)
    {
      const char *uri = data->images->pdata[i];
      g_autofree char *path = _hanji_preview_files_resolve (data->files, uri);
      g_autofree char *replacement = NULL;

      if (g_task_return_error_if_cancelled (task))
        return;

      if (path == NULL)
        {
          data->n_missing++;
          continue;
        }

      if (data->copy_images)
        {
          g_autofree char *name = copy_beside (path, folder, cancellable, &error);
          g_autofree char *relative = NULL;

          if (name == NULL)
            {
              g_task_return_error (task, g_steal_pointer (&error));
              return;
            }
          relative = g_strconcat (folder_name, "/", name, NULL);
          replacement = g_uri_escape_string (relative, "/", FALSE);
        }
      else
        {
          replacement = data_uri_for (path, &error);
          if (replacement == NULL)
            {
              g_task_return_error (task, g_steal_pointer (&error));
              return;
            }
        }

      replace_all (&data->html, uri, replacement);
    }

  page = g_string_new ("<!DOCTYPE html>\n");
  g_string_append (page, data->html);
  {
    /* The shell's placeholder title becomes the post's. */
    char *start = strstr (page->str, "<title>");
    char *end = start ? strstr (start, "</title>") : NULL;

    if (start != NULL && end != NULL)
      {
        gssize at = start - page->str;

        g_string_erase (page, at, end + strlen ("</title>") - start);
        g_string_insert (page, at, title_tag);
      }
  }
  g_string_append_c (page, '\n');

  bytes = g_string_free_to_bytes (page);
  if (!hanji_text_file_save (data->destination, bytes, NULL, NULL, cancellable, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
export_script_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ExportData *data = g_task_get_task_data (task);
  g_autoptr(JSCValue) value = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  JsonObject *object_node;
  JsonArray *images;

  value = webkit_web_view_evaluate_javascript_finish (WEBKIT_WEB_VIEW (object), result, &error);
  if (value == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  json = jsc_value_to_string (value);
  if (!json_parser_load_from_data (parser, json, -1, &error) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("The preview could not be read"));
      return;
    }

  object_node = json_node_get_object (json_parser_get_root (parser));
  data->html = g_strdup (json_object_get_string_member_with_default (object_node, "html", ""));
  images = json_object_get_array_member (object_node, "images");
  data->images = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; images != NULL && i < json_array_get_length (images); i++)
    g_ptr_array_add (data->images, g_strdup (json_array_get_string_element (images, i)));

  g_task_run_in_thread (task, export_thread);
}

void
hanji_preview_export_async (HanjiPreview        *self,
                            GFile               *destination,
                            const char          *title,
                            gboolean             copy_images,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportData *data;

  g_return_if_fail (HANJI_IS_PREVIEW (self));
  g_return_if_fail (G_IS_FILE (destination));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hanji_preview_export_async);

  data = g_new0 (ExportData, 1);
  data->destination = g_object_ref (destination);
  data->title = g_strdup (title ? title : "");
  data->copy_images = !!copy_images;
  data->files = _hanji_preview_files_new (self);
  g_task_set_task_data (task, data, (GDestroyNotify) export_data_free);

  if (!hanji_preview_get_ready (self))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               _("The preview is not ready yet"));
      return;
    }

  webkit_web_view_evaluate_javascript (hanji_preview_get_web_view (self),
                                       export_script, -1,
                                       HANJI_PREVIEW_SCRIPT_WORLD, NULL,
                                       cancellable, export_script_cb,
                                       g_steal_pointer (&task));
}

gboolean
hanji_preview_export_finish (HanjiPreview  *self,
                             GAsyncResult  *result,
                             guint         *n_missing,
                             GError       **error)
{
  ExportData *data;

  g_return_val_if_fail (HANJI_IS_PREVIEW (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  data = g_task_get_task_data (G_TASK (result));
  if (n_missing != NULL)
    *n_missing = data->n_missing;

  return g_task_propagate_boolean (G_TASK (result), error);
}
