/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hanji-session"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "hanji-session.h"

#define DRAFT_VERSION 1
#define SESSION_VERSION 1

/* HanjiDraft ------------------------------------------------------------ */

HanjiDraft *
hanji_draft_new (void)
{
  return g_new0 (HanjiDraft, 1);
}

HanjiDraft *
hanji_draft_copy (const HanjiDraft *draft)
{
  HanjiDraft *copy;

  g_return_val_if_fail (draft != NULL, NULL);

  copy = hanji_draft_new ();
  copy->id = g_strdup (draft->id);
  copy->uri = g_strdup (draft->uri);
  copy->title = g_strdup (draft->title);
  copy->base_etag = g_strdup (draft->base_etag);
  copy->text = draft->text ? g_bytes_ref (draft->text) : NULL;
  copy->line = draft->line;
  copy->column = draft->column;
  copy->saved_at = draft->saved_at;

  return copy;
}

void
hanji_draft_free (HanjiDraft *draft)
{
  if (draft == NULL)
    return;

  g_free (draft->id);
  g_free (draft->uri);
  g_free (draft->title);
  g_free (draft->base_etag);
  g_clear_pointer (&draft->text, g_bytes_unref);
  g_free (draft);
}

char *
hanji_draft_id_for_file (GFile *file)
{
  g_autofree char *uri = NULL;
  g_autofree char *sum = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  uri = g_file_get_uri (file);
  sum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, uri, -1);
  return g_strndup (sum, 32);
}

char *
hanji_draft_new_id (void)
{
  g_autofree char *uuid = g_uuid_string_random ();

  return g_strconcat ("new-", uuid, NULL);
}

static gboolean
draft_id_is_valid (const char *id)
{
  if (id == NULL || id[0] == '\0' || id[0] == '.' || strlen (id) > 64)
    return FALSE;

  for (const char *p = id; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;

  return TRUE;
}

static gboolean
check_id (const char  *id,
          GError     **error)
{
  if (draft_id_is_valid (id))
    return TRUE;

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               _("“%s” is not a draft"), id ? id : "");
  return FALSE;
}

/* HanjiDraftStore ------------------------------------------------------- */

struct _HanjiDraftStore
{
  GObject  parent_instance;
  GFile   *folder;
};

G_DEFINE_FINAL_TYPE (HanjiDraftStore, hanji_draft_store, G_TYPE_OBJECT)

static void
hanji_draft_store_finalize (GObject *object)
{
  HanjiDraftStore *self = HANJI_DRAFT_STORE (object);

  g_clear_object (&self->folder);

  G_OBJECT_CLASS (hanji_draft_store_parent_class)->finalize (object);
}

static void
hanji_draft_store_class_init (HanjiDraftStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hanji_draft_store_finalize;
}

static void
hanji_draft_store_init (HanjiDraftStore *self)
{
}

HanjiDraftStore *
hanji_draft_store_new (GFile *folder)
{
  HanjiDraftStore *self;

  g_return_val_if_fail (G_IS_FILE (folder), NULL);

  self = g_object_new (HANJI_TYPE_DRAFT_STORE, NULL);
  self->folder = g_object_ref (folder);
  return self;
}

GFile *
hanji_draft_store_get_folder (HanjiDraftStore *self)
{
  g_return_val_if_fail (HANJI_IS_DRAFT_STORE (self), NULL);

  return self->folder;
}

static char *
draft_path (HanjiDraftStore *self,
            const char      *id,
            const char      *suffix)
{
  g_autofree char *folder = g_file_get_path (self->folder);
  g_autofree char *name = g_strconcat (id, suffix, NULL);

  return g_build_filename (folder, name, NULL);
}

static gboolean
write_file (const char  *path,
            const char  *data,
            gsize        len,
            GError     **error)
{
  return g_file_set_contents_full (path, data, len, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

static char *
text_checksum (GBytes *text)
{
  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, text);
}

gboolean
hanji_draft_store_save (HanjiDraftStore  *self,
                        HanjiDraft       *draft,
                        GCancellable     *cancellable,
                        GError          **error)
{
  g_autofree char *folder = NULL;
  g_autofree char *text_path = NULL;
  g_autofree char *meta_path = NULL;
  g_autofree char *json = NULL;
  g_autofree char *sum = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GBytes) empty = NULL;
  GBytes *text;
  gsize len;
  const char *data;

  g_return_val_if_fail (HANJI_IS_DRAFT_STORE (self), FALSE);
  g_return_val_if_fail (draft != NULL, FALSE);

  if (!check_id (draft->id, error))
    return FALSE;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  folder = g_file_get_path (self->folder);
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not create the drafts folder: %s"), g_strerror (saved_errno));
      return FALSE;
    }

  text = draft->text;
  if (text == NULL)
    text = empty = g_bytes_new (NULL, 0);
  data = g_bytes_get_data (text, &len);

  draft->saved_at = g_get_real_time ();

  /* The words first: if the JSON is not written, the old one still
   * points at them (see hanji_draft_store_load). */
  text_path = draft_path (self, draft->id, ".txt");
  if (!write_file (text_path, data ? data : "", len, error))
    return FALSE;

  sum = text_checksum (text);
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, DRAFT_VERSION);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, draft->id);
  json_builder_set_member_name (builder, "uri");
  if (draft->uri != NULL)
    json_builder_add_string_value (builder, draft->uri);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, draft->title ? draft->title : "");
  json_builder_set_member_name (builder, "base-etag");
  if (draft->base_etag != NULL)
    json_builder_add_string_value (builder, draft->base_etag);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "line");
  json_builder_add_int_value (builder, draft->line);
  json_builder_set_member_name (builder, "column");
  json_builder_add_int_value (builder, draft->column);
  json_builder_set_member_name (builder, "saved-at");
  json_builder_add_int_value (builder, draft->saved_at);
  json_builder_set_member_name (builder, "text-length");
  json_builder_add_int_value (builder, len);
  json_builder_set_member_name (builder, "text-sha256");
  json_builder_add_string_value (builder, sum);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  generator = json_generator_new ();
  json_generator_set_root (generator, root);
  json = json_generator_to_data (generator, &len);

  meta_path = draft_path (self, draft->id, ".json");
  return write_file (meta_path, json, len, error);
}

static gboolean
invalid (GError     **error,
         const char  *id,
         const char  *why)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _("The draft “%s” is damaged: %s"), id, why);
  return FALSE;
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gint64
member_int (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return 0;
  return json_node_get_int (node);
}

HanjiDraft *
hanji_draft_store_load (HanjiDraftStore  *self,
                        const char       *id,
                        GCancellable     *cancellable,
                        GError          **error)
{
  g_autofree char *text_path = NULL;
  g_autofree char *meta_path = NULL;
  g_autofree char *json = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(HanjiDraft) draft = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;
  JsonObject *object;
  gsize json_len = 0;
  gsize len = 0;

  g_return_val_if_fail (HANJI_IS_DRAFT_STORE (self), NULL);

  if (!check_id (id, error))
    return NULL;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  meta_path = draft_path (self, id, ".json");
  text_path = draft_path (self, id, ".txt");

  if (!g_file_get_contents (meta_path, &json, &json_len, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("There is no draft “%s”"), id);
      else
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", local_error->message);
      return NULL;
    }

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, json, json_len, NULL) ||
      (root = json_parser_get_root (parser)) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (root))
    {
      invalid (error, id, _("its description is not readable"));
      return NULL;
    }
  object = json_node_get_object (root);

  if (!g_file_get_contents (text_path, &contents, &len, NULL))
    {
      invalid (error, id, _("its text is missing"));
      return NULL;
    }
  if (!g_utf8_validate (contents, len, NULL))
    {
      invalid (error, id, _("its text is not UTF-8"));
      return NULL;
    }

  draft = hanji_draft_new ();
  draft->id = g_strdup (id);
  draft->uri = g_strdup (member_string (object, "uri"));
  draft->title = g_strdup (member_string (object, "title"));
  draft->base_etag = g_strdup (member_string (object, "base-etag"));
  draft->line = (guint) CLAMP (member_int (object, "line"), 0, G_MAXUINT);
  draft->column = (guint) CLAMP (member_int (object, "column"), 0, G_MAXUINT);
  draft->saved_at = member_int (object, "saved-at");
  /* A text newer than its description (a crash between the two writes)
   * is still the writer's words: kept, whatever the checksum says. */
  draft->text = g_bytes_new_take (g_steal_pointer (&contents), len);

  return g_steal_pointer (&draft);
}

gboolean
hanji_draft_store_delete (HanjiDraftStore  *self,
                          const char       *id,
                          GCancellable     *cancellable,
                          GError          **error)
{
  const char *suffixes[] = { ".json", ".txt" };

  g_return_val_if_fail (HANJI_IS_DRAFT_STORE (self), FALSE);

  if (!check_id (id, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = draft_path (self, id, suffixes[i]);

      if (g_unlink (path) != 0 && errno != ENOENT)
        {
          int saved_errno = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       _("Could not delete the draft: %s"), g_strerror (saved_errno));
          return FALSE;
        }
    }

  return TRUE;
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  const HanjiDraft *x = *(HanjiDraft * const *) a;
  const HanjiDraft *y = *(HanjiDraft * const *) b;

  if (x->saved_at != y->saved_at)
    return x->saved_at > y->saved_at ? -1 : 1;
  return g_strcmp0 (x->id, y->id);
}

GPtrArray *
hanji_draft_store_list (HanjiDraftStore  *self,
                        GCancellable     *cancellable,
                        GError          **error)
{
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) hanji_draft_free);
  g_autofree char *folder = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *name;

  g_return_val_if_fail (HANJI_IS_DRAFT_STORE (self), NULL);

  folder = g_file_get_path (self->folder);
  dir = g_dir_open (folder, 0, &local_error);
  if (dir == NULL)
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_steal_pointer (&drafts);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", local_error->message);
      return NULL;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *id = NULL;
      g_autoptr(GError) draft_error = NULL;
      HanjiDraft *draft;

      if (!g_str_has_suffix (name, ".json"))
        continue;
      id = g_strndup (name, strlen (name) - strlen (".json"));
      if (!draft_id_is_valid (id))
        continue;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;

      draft = hanji_draft_store_load (self, id, cancellable, &draft_error);
      if (draft == NULL)
        {
          g_message ("Skipping a draft: %s", draft_error->message);
          continue;
        }
      g_ptr_array_add (drafts, draft);
    }

  g_ptr_array_sort (drafts, compare_newest_first);
  return g_steal_pointer (&drafts);
}

/* Session --------------------------------------------------------------- */

HanjiSessionPost *
hanji_session_post_new (void)
{
  return g_new0 (HanjiSessionPost, 1);
}

void
hanji_session_post_free (HanjiSessionPost *post)
{
  if (post == NULL)
    return;
  g_free (post->uri);
  g_free (post->draft_id);
  g_free (post);
}

HanjiSessionWindow *
hanji_session_window_new (void)
{
  HanjiSessionWindow *window = g_new0 (HanjiSessionWindow, 1);

  window->posts = g_ptr_array_new_with_free_func ((GDestroyNotify) hanji_session_post_free);
  return window;
}

void
hanji_session_window_free (HanjiSessionWindow *window)
{
  if (window == NULL)
    return;
  g_free (window->site_uri);
  g_free (window->active_uri);
  g_ptr_array_unref (window->posts);
  g_free (window);
}

HanjiSession *
hanji_session_new (void)
{
  HanjiSession *session = g_new0 (HanjiSession, 1);

  session->windows = g_ptr_array_new_with_free_func ((GDestroyNotify) hanji_session_window_free);
  return session;
}

void
hanji_session_free (HanjiSession *session)
{
  if (session == NULL)
    return;
  g_ptr_array_unref (session->windows);
  g_free (session);
}

static void
add_string_or_null (JsonBuilder *builder,
                    const char  *name,
                    const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

gboolean
hanji_session_save (HanjiSession  *session,
                    GFile         *file,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;
  g_autofree char *path = NULL;
  g_autofree char *folder = NULL;
  gsize len;

  g_return_val_if_fail (session != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, SESSION_VERSION);
  json_builder_set_member_name (builder, "clean");
  json_builder_add_boolean_value (builder, session->clean);
  json_builder_set_member_name (builder, "windows");
  json_builder_begin_array (builder);
  for (guint i = 0; i < session->windows->len; i++)
    {
      HanjiSessionWindow *window = g_ptr_array_index (session->windows, i);

      json_builder_begin_object (builder);
      add_string_or_null (builder, "site", window->site_uri);
      add_string_or_null (builder, "active", window->active_uri);
      json_builder_set_member_name (builder, "posts");
      json_builder_begin_array (builder);
      for (guint j = 0; j < window->posts->len; j++)
        {
          HanjiSessionPost *post = g_ptr_array_index (window->posts, j);

          json_builder_begin_object (builder);
          add_string_or_null (builder, "uri", post->uri);
          add_string_or_null (builder, "draft", post->draft_id);
          json_builder_set_member_name (builder, "line");
          json_builder_add_int_value (builder, post->line);
          json_builder_set_member_name (builder, "column");
          json_builder_add_int_value (builder, post->column);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json = json_generator_to_data (generator, &len);

  path = g_file_get_path (file);
  folder = g_path_get_dirname (path);
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not create the folder of the session: %s"), g_strerror (saved_errno));
      return FALSE;
    }

  return g_file_set_contents_full (path, json, len, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

HanjiSession *
hanji_session_load (GFile         *file,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autofree char *path = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(HanjiSession) session = NULL;
  JsonNode *root;
  JsonObject *object;
  JsonNode *windows;
  gsize len;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  path = g_file_get_path (file);
  if (!g_file_get_contents (path, &json, &len, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s", local_error->message);
      else
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", local_error->message);
      return NULL;
    }

  if (!json_parser_load_from_data (parser, json, len, NULL) ||
      (root = json_parser_get_root (parser)) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The session file is damaged"));
      return NULL;
    }
  object = json_node_get_object (root);

  session = hanji_session_new ();
  {
    JsonNode *clean = json_object_get_member (object, "clean");

    session->clean = clean != NULL && JSON_NODE_HOLDS_VALUE (clean) &&
                     json_node_get_value_type (clean) == G_TYPE_BOOLEAN &&
                     json_node_get_boolean (clean);
  }

  windows = json_object_get_member (object, "windows");
  if (windows != NULL && JSON_NODE_HOLDS_ARRAY (windows))
    {
      JsonArray *array = json_node_get_array (windows);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *node = json_array_get_element (array, i);
          HanjiSessionWindow *window;
          JsonObject *wobj;
          JsonNode *posts;

          if (!JSON_NODE_HOLDS_OBJECT (node))
            continue;
          wobj = json_node_get_object (node);
          window = hanji_session_window_new ();
          window->site_uri = g_strdup (member_string (wobj, "site"));
          window->active_uri = g_strdup (member_string (wobj, "active"));

          posts = json_object_get_member (wobj, "posts");
          if (posts != NULL && JSON_NODE_HOLDS_ARRAY (posts))
            {
              JsonArray *parray = json_node_get_array (posts);

              for (guint j = 0; j < json_array_get_length (parray); j++)
                {
                  JsonNode *pnode = json_array_get_element (parray, j);
                  HanjiSessionPost *post;
                  JsonObject *pobj;

                  if (!JSON_NODE_HOLDS_OBJECT (pnode))
                    continue;
                  pobj = json_node_get_object (pnode);
                  post = hanji_session_post_new ();
                  post->uri = g_strdup (member_string (pobj, "uri"));
                  post->draft_id = g_strdup (member_string (pobj, "draft"));
                  post->line = (guint) CLAMP (member_int (pobj, "line"), 0, G_MAXUINT);
                  post->column = (guint) CLAMP (member_int (pobj, "column"), 0, G_MAXUINT);
                  g_ptr_array_add (window->posts, post);
                }
            }
          g_ptr_array_add (session->windows, window);
        }
    }

  return g_steal_pointer (&session);
}
