/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hanji-assets"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "hanji-assets.h"
#include "hanji-front-matter.h"
#include "hanji-new-post.h"

static const char *image_extensions[] = {
  ".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif", ".bmp", ".tif", ".tiff", ".heic",
};

static gboolean
is_bundle (GFile *post_file)
{
  g_autofree char *name = g_file_get_basename (post_file);

  return g_str_equal (name, "index.md") || g_str_equal (name, "_index.md") ||
         g_str_equal (name, "index.markdown");
}

/* The post's slug: its slug: field, else its file name without a
 * Jekyll date and the extension, or a bundle's folder name. */
static char *
post_slug (GFile            *post_file,
           HanjiFrontMatter *front_matter)
{
  HanjiField *field = front_matter ? hanji_front_matter_lookup (front_matter, "slug") : NULL;
  g_autofree char *name = NULL;
  char *dot;
  const char *start;

  if (field != NULL && hanji_field_get_value_type (field) == HANJI_VALUE_STRING &&
      hanji_field_get_text (field)[0] != '\0')
    return hanji_slugify (hanji_field_get_text (field));

  if (is_bundle (post_file))
    {
      g_autoptr(GFile) parent = g_file_get_parent (post_file);

      name = g_file_get_basename (parent);
    }
  else
    name = g_file_get_basename (post_file);

  dot = strrchr (name, '.');
  if (dot != NULL && dot != name && !is_bundle (post_file))
    *dot = '\0';

  start = name;
  /* Jekyll's YYYY-MM-DD- */
  if (strlen (name) > 11 && g_ascii_isdigit (name[0]) && name[4] == '-' && name[7] == '-' && name[10] == '-')
    start = name + 11;

  return hanji_slugify (start);
}

static GDateTime *
post_date (HanjiFrontMatter *front_matter)
{
  HanjiField *field = front_matter ? hanji_front_matter_lookup (front_matter, "date") : NULL;
  GDateTime *date = field ? hanji_field_dup_datetime (field) : NULL;

  return date != NULL ? date : g_date_time_new_now_local ();
}

static char *
expand_pattern (const char       *pattern,
                GFile            *post_file,
                HanjiFrontMatter *front_matter)
{
  g_autofree char *slug = post_slug (post_file, front_matter);
  g_autoptr(GDateTime) date = post_date (front_matter);
  g_autofree char *year = g_date_time_format (date, "%Y");
  g_autofree char *month = g_date_time_format (date, "%m");
  g_autofree char *day = g_date_time_format (date, "%d");
  GString *out = g_string_new (NULL);

  for (const char *p = pattern; *p != '\0'; p++)
    {
      if (g_str_has_prefix (p, "{slug}"))
        g_string_append (out, slug[0] != '\0' ? slug : "post"), p += strlen ("{slug}") - 1;
      else if (g_str_has_prefix (p, "{year}"))
        g_string_append (out, year), p += strlen ("{year}") - 1;
      else if (g_str_has_prefix (p, "{month}"))
        g_string_append (out, month), p += strlen ("{month}") - 1;
      else if (g_str_has_prefix (p, "{day}"))
        g_string_append (out, day), p += strlen ("{day}") - 1;
      else
        g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

GFile *
hanji_assets_folder (HanjiSite  *site,
                     GFile      *post_file,
                     const char *post_text,
                     const char *pattern)
{
  g_autoptr(HanjiFrontMatter) front_matter = NULL;
  g_autoptr(GFile) post_dir = NULL;
  g_autofree char *relative = NULL;
  GFile *base;

  g_return_val_if_fail (G_IS_FILE (post_file), NULL);

  post_dir = g_file_get_parent (post_file);
  if (post_text != NULL)
    front_matter = hanji_front_matter_parse (post_text, -1);

  if (pattern == NULL || pattern[0] == '\0')
    {
      HanjiSiteKind kind = site ? hanji_site_get_kind (site) : HANJI_SITE_PLAIN;

      if (kind == HANJI_SITE_HUGO && is_bundle (post_file))
        return g_object_ref (post_dir);

      if (kind == HANJI_SITE_JEKYLL)
        pattern = "assets/img/{slug}";
      else if (kind == HANJI_SITE_HUGO)
        pattern = "static/images/{slug}";
      else
        pattern = "./images";
    }

  relative = expand_pattern (pattern, post_file, front_matter);

  /* Never outside the blog: .. and absolute paths are taken as names. */
  g_strdelimit (relative, "\\", '/');
  {
    g_auto(GStrv) parts = g_strsplit (relative, "/", -1);
    g_autoptr(GStrvBuilder) kept = g_strv_builder_new ();
    g_auto(GStrv) kept_parts = NULL;
    gboolean from_post = g_str_has_prefix (relative, "./") || site == NULL;

    for (guint i = 0; parts[i] != NULL; i++)
      if (parts[i][0] != '\0' && !g_str_equal (parts[i], ".") && !g_str_equal (parts[i], ".."))
        g_strv_builder_add (kept, parts[i]);
    kept_parts = g_strv_builder_end (kept);
    g_free (relative);
    relative = g_strjoinv ("/", kept_parts);

    base = from_post ? post_dir : hanji_site_get_root (site);
  }

  return relative[0] != '\0' ? g_file_resolve_relative_path (base, relative) : g_object_ref (base);
}

/* An address a destination may hold as it is; else it goes in <…>. */
static gboolean
needs_brackets (const char *destination)
{
  return strpbrk (destination, " \t()<>") != NULL;
}

static char *
escape_alt (const char *alt)
{
  GString *out = g_string_new (NULL);

  for (const char *p = alt; *p != '\0'; p++)
    {
      if (*p == '[' || *p == ']' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

char *
hanji_assets_markdown_for (HanjiSite  *site,
                           GFile      *post_file,
                           GFile      *image,
                           const char *alt)
{
  g_autoptr(GFile) post_dir = g_file_get_parent (post_file);
  g_autofree char *destination = NULL;
  g_autofree char *escaped_alt = NULL;
  g_autofree char *name = g_file_get_basename (image);

  g_return_val_if_fail (G_IS_FILE (image), NULL);

  /* Beside the post (bundles, a plain folder): relative. */
  destination = g_file_get_relative_path (post_dir, image);

  if (destination == NULL && site != NULL)
    {
      GFile **dirs = hanji_site_get_static_dirs (site);

      /* Served from a static folder (Hugo static/, Jekyll's root): from
       * the site's top. */
      for (guint i = 0; dirs[i] != NULL && destination == NULL; i++)
        {
          g_autofree char *relative = g_file_get_relative_path (dirs[i], image);

          if (relative != NULL)
            destination = g_strconcat ("/", relative, NULL);
        }

      if (destination == NULL)
        {
          g_autofree char *relative = g_file_get_relative_path (hanji_site_get_root (site), image);

          if (relative != NULL)
            destination = g_strconcat ("/", relative, NULL);
        }
    }

  if (destination == NULL)
    destination = g_file_get_path (image);

  if (alt == NULL)
    {
      char *dot = strrchr (name, '.');

      if (dot != NULL && dot != name)
        *dot = '\0';
      alt = name;
    }
  escaped_alt = escape_alt (alt);

  if (needs_brackets (destination))
    return g_strdup_printf ("![%s](<%s>)", escaped_alt, destination);

  return g_strdup_printf ("![%s](%s)", escaped_alt, destination);
}

static gboolean
has_image_extension (const char *path)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  for (guint i = 0; i < G_N_ELEMENTS (image_extensions); i++)
    if (g_str_has_suffix (lower, image_extensions[i]))
      return TRUE;

  return FALSE;
}

char *
hanji_assets_markdown_for_url (const char *text)
{
  g_autofree char *url = NULL;
  g_autofree char *path = NULL;
  char *cut;

  if (text == NULL)
    return NULL;

  url = g_strstrip (g_strdup (text));
  if ((!g_str_has_prefix (url, "https://") && !g_str_has_prefix (url, "http://")) ||
      strpbrk (url, " \t\r\n<>") != NULL)
    return NULL;

  path = g_strdup (url);
  cut = strpbrk (path, "?#");
  if (cut != NULL)
    *cut = '\0';
  if (!has_image_extension (path))
    return NULL;

  if (strpbrk (url, "()") != NULL)
    return g_strdup_printf ("![](<%s>)", url);

  return g_strdup_printf ("![](%s)", url);
}

/* Import */

typedef struct
{
  HanjiSite *site;
  GFile     *post_file;
  char      *post_text;
  char      *pattern;
  GFile     *source;
  GBytes    *png;
  char      *markdown;
} ImportData;

static void
import_data_free (ImportData *data)
{
  g_clear_object (&data->site);
  g_clear_object (&data->post_file);
  g_free (data->post_text);
  g_free (data->pattern);
  g_clear_object (&data->source);
  g_clear_pointer (&data->png, g_bytes_unref);
  g_free (data->markdown);
  g_free (data);
}

GFile *
hanji_assets_write_unique (GFile         *folder,
              const char    *name,
              GFile         *source,
              GBytes        *bytes,
              GCancellable  *cancellable,
              GError       **error)
{
  const char *dot = strrchr (name, '.');
  g_autofree char *stem = g_strndup (name, dot && dot != name ? (gsize) (dot - name) : strlen (name));
  const char *extension = dot && dot != name ? dot : "";

  for (guint n = 1; n < 10000; n++)
    {
      g_autofree char *candidate = n == 1 ? g_strdup (name) : g_strdup_printf ("%s-%u%s", stem, n, extension);
      g_autoptr(GFile) target = g_file_get_child (folder, candidate);
      g_autoptr(GError) local_error = NULL;
      gboolean ok;

      if (source != NULL)
        ok = g_file_copy (source, target, G_FILE_COPY_NONE, cancellable, NULL, NULL, &local_error);
      else
        {
          g_autoptr(GFileOutputStream) stream = g_file_create (target, G_FILE_CREATE_NONE, cancellable, &local_error);

          ok = stream != NULL &&
               g_output_stream_write_all (G_OUTPUT_STREAM (stream), g_bytes_get_data (bytes, NULL),
                                          g_bytes_get_size (bytes), NULL, cancellable, &local_error) &&
               g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, &local_error);
          if (!ok && stream != NULL)
            g_file_delete (target, NULL, NULL);
        }

      if (ok)
        return g_steal_pointer (&target);

      /* Taken (perhaps a moment ago): the next name. Anything else stops. */
      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS, _("Too many files named “%s”"), name);
  return NULL;
}

static gboolean
source_is_image (GFile         *source,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autofree char *name = g_file_get_basename (source);
  g_autoptr(GFileInputStream) stream = g_file_read (source, cancellable, error);
  guchar head[512];
  gssize n;
  g_autofree char *type = NULL;
  gboolean uncertain = FALSE;

  if (stream == NULL)
    return FALSE;

  n = g_input_stream_read (G_INPUT_STREAM (stream), head, sizeof head, cancellable, error);
  if (n < 0)
    return FALSE;

  /* By the bytes, not the name: a .png full of text is refused. SVG is
   * XML to the sniffer, and newer formats may be unknown to it. */
  type = g_content_type_guess (NULL, head, n, &uncertain);
  if (!g_content_type_is_a (type, "image/*") &&
      !(g_str_has_suffix (name, ".svg") && g_strstr_len ((const char *) head, n, "<svg") != NULL) &&
      !(uncertain && has_image_extension (name) && !g_content_type_is_a (type, "text/plain")))
    {
      g_autofree char *display = g_filename_display_name (name);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("“%s” is not an image"), display);
      return FALSE;
    }

  return TRUE;
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportData *data = task_data;
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GFile) image = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  if (data->source != NULL)
    {
      if (!source_is_image (data->source, cancellable, &error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }

      /* Already part of the blog: linked where it is. */
      if (data->site != NULL && g_file_has_prefix (data->source, hanji_site_get_root (data->site)))
        {
          data->markdown = hanji_assets_markdown_for (data->site, data->post_file, data->source, NULL);
          g_task_return_pointer (task, g_object_ref (data->source), g_object_unref);
          return;
        }
      name = g_file_get_basename (data->source);
    }
  else
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      name = g_date_time_format (now, "image-%Y%m%d-%H%M%S.png");
    }

  folder = hanji_assets_folder (data->site, data->post_file, data->post_text, data->pattern);
  if (!g_file_make_directory_with_parents (folder, cancellable, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_clear_error (&error);

  image = hanji_assets_write_unique (folder, name, data->source, data->png, cancellable, &error);
  if (image == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The alt text is the name the writer gave the file, not -2. */
  {
    char *dot = strrchr (name, '.');

    if (dot != NULL && dot != name)
      *dot = '\0';
    data->markdown = hanji_assets_markdown_for (data->site, data->post_file, image,
                                                data->source != NULL ? name : "");
  }
  g_task_return_pointer (task, g_steal_pointer (&image), g_object_unref);
}

void
hanji_assets_import_async (HanjiSite           *site,
                           GFile               *post_file,
                           const char          *post_text,
                           const char          *pattern,
                           GFile               *source,
                           GBytes              *png,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ImportData *data;

  g_return_if_fail (site == NULL || HANJI_IS_SITE (site));
  g_return_if_fail (G_IS_FILE (post_file));
  g_return_if_fail ((source != NULL) != (png != NULL));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, hanji_assets_import_async);

  data = g_new0 (ImportData, 1);
  data->site = site ? g_object_ref (site) : NULL;
  data->post_file = g_object_ref (post_file);
  data->post_text = g_strdup (post_text);
  data->pattern = g_strdup (pattern);
  data->source = source ? g_object_ref (source) : NULL;
  data->png = png ? g_bytes_ref (png) : NULL;
  g_task_set_task_data (task, data, (GDestroyNotify) import_data_free);
  g_task_run_in_thread (task, import_thread);
}

GFile *
hanji_assets_import_finish (GAsyncResult  *result,
                            char         **markdown,
                            GError       **error)
{
  ImportData *data;
  GFile *image;

  g_return_val_if_fail (G_IS_TASK (result), NULL);

  image = g_task_propagate_pointer (G_TASK (result), error);
  data = g_task_get_task_data (G_TASK (result));
  if (markdown != NULL)
    *markdown = image != NULL ? g_strdup (data->markdown) : NULL;

  return image;
}
