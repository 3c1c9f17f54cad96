/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hanji-site"

#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <json-glib/json-glib.h>

#include "hanji-core-private.h"
#include "hanji-front-matter.h"
#include "hanji-site.h"

/* Enough for any sane front matter; the body is never needed for the
 * list, and some posts are long. */
#define POST_HEAD_SIZE (64 * 1024)

/* Deeper than any real content tree; stops pathological nesting. */
#define MAX_SCAN_DEPTH 32

/* Lower-case key → value of the simple `key = value` lines at the top of a
 * TOML document. Hugo's config and TOML front matter need no more. */
typedef struct
{
  char  *text;
  char **items;
  gboolean quoted;
} TomlValue;

static void
toml_value_free (TomlValue *value)
{
  g_free (value->text);
  g_strfreev (value->items);
  g_free (value);
}

static gboolean
toml_is_bare_key_char (char c)
{
  return g_ascii_isalnum (c) || c == '_' || c == '-' || c == '.';
}

static const char *
toml_skip_blanks (const char *p,
                  const char *end)
{
  while (p < end && (*p == ' ' || *p == '\t'))
    p++;
  return p;
}

static const char *
toml_skip_to_next_line (const char *p,
                        const char *end)
{
  while (p < end && *p != '\n')
    p++;
  return p < end ? p + 1 : end;
}

/* Reads a "basic" or 'literal' string starting at its quote. */
static char *
toml_read_string (const char **pp,
                  const char  *end)
{
  const char *p = *pp;
  char quote = *p++;
  g_autoptr(GString) out = g_string_new (NULL);

  while (p < end && *p != quote && *p != '\n')
    {
      if (quote == '"' && *p == '\\' && p + 1 < end)
        {
          p++;
          switch (*p)
            {
            case 'n': g_string_append_c (out, '\n'); break;
            case 't': g_string_append_c (out, '\t'); break;
            case 'r': g_string_append_c (out, '\r'); break;
            case 'b': g_string_append_c (out, '\b'); break;
            case 'f': g_string_append_c (out, '\f'); break;
            case 'u':
            case 'U':
              {
                guint digits = *p == 'u' ? 4 : 8;
                gunichar c = 0;
                guint i;

                for (i = 0; i < digits && p + 1 < end && g_ascii_isxdigit (p[1]); i++)
                  c = c * 16 + g_ascii_xdigit_value (*++p);
                if (i == digits && g_unichar_validate (c))
                  g_string_append_unichar (out, c);
              }
              break;
            default:
              g_string_append_c (out, *p);
              break;
            }
          p++;
          continue;
        }

      g_string_append_c (out, *p++);
    }

  if (p >= end || *p != quote)
    return NULL;

  *pp = p + 1;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
toml_read_bare (const char **pp,
                const char  *end,
                const char  *stops)
{
  const char *p = *pp;
  const char *start = p;

  while (p < end && *p != '\n' && *p != '#' && strchr (stops, *p) == NULL)
    p++;

  *pp = p;

  while (p > start && g_ascii_isspace (p[-1]))
    p--;

  return p > start ? g_strndup (start, p - start) : NULL;
}

static TomlValue *
toml_read_value (const char **pp,
                 const char  *end)
{
  const char *p = *pp;
  g_autoptr(GPtrArray) items = NULL;
  TomlValue *value;

  /* Multi-line strings are rare in front matter and not worth a parser. */
  if (end - p >= 3 && (strncmp (p, "\"\"\"", 3) == 0 || strncmp (p, "'''", 3) == 0))
    return NULL;

  value = g_new0 (TomlValue, 1);

  if (*p == '"' || *p == '\'')
    {
      value->quoted = TRUE;
      value->text = toml_read_string (&p, end);
    }
  else if (*p == '[')
    {
      items = g_ptr_array_new_with_free_func (g_free);
      p++;

      for (;;)
        {
          char *item;

          while (p < end && (g_ascii_isspace (*p) || *p == ','))
            p++;
          if (p < end && *p == '#')
            {
              p = toml_skip_to_next_line (p, end);
              continue;
            }
          if (p >= end)
            break;
          if (*p == ']')
            {
              p++;
              g_ptr_array_add (items, NULL);
              value->items = (char **) g_ptr_array_free (g_steal_pointer (&items), FALSE);
              value->text = g_strjoinv (", ", value->items);
              break;
            }

          if (*p == '"' || *p == '\'')
            item = toml_read_string (&p, end);
          else
            item = toml_read_bare (&p, end, ",] \t");

          if (item == NULL)
            break;
          g_ptr_array_add (items, item);
        }
    }
  else
    {
      value->text = toml_read_bare (&p, end, "");
    }

  if (value->text == NULL)
    {
      toml_value_free (value);
      return NULL;
    }

  *pp = p;
  return value;
}

static GHashTable *
toml_read_top_level (const char *text,
                     gsize       len)
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) toml_value_free);
  const char *p = text;
  const char *end = text + len;

  while (p < end)
    {
      g_autofree char *key = NULL;
      TomlValue *value;

      while (p < end && g_ascii_isspace (*p))
        p++;
      if (p >= end)
        break;

      /* Everything after the first [table] belongs to that table. */
      if (*p == '[')
        break;

      if (*p == '"' || *p == '\'')
        key = toml_read_string (&p, end);
      else
        {
          const char *start = p;

          while (p < end && toml_is_bare_key_char (*p))
            p++;
          if (p > start)
            key = g_strndup (start, p - start);
        }

      p = toml_skip_blanks (p, end);
      if (key == NULL || p >= end || *p != '=')
        {
          p = toml_skip_to_next_line (p, end);
          continue;
        }

      p = toml_skip_blanks (p + 1, end);
      value = toml_read_value (&p, end);
      if (value != NULL)
        {
          char *lower = g_ascii_strdown (key, -1);

          if (!g_hash_table_contains (table, lower))
            g_hash_table_insert (table, lower, value);
          else
            {
              g_free (lower);
              toml_value_free (value);
            }
        }

      p = toml_skip_to_next_line (p, end);
    }

  return table;
}

/* HanjiPost ------------------------------------------------------------- */

struct _HanjiPost
{
  GObject     parent_instance;

  GFile      *file;
  char       *sort_key;
  char       *title;
  GDateTime  *date;
  char      **tags;
  /* top-level front matter keys, in source order */
  char      **keys;
  gboolean    draft;
};

G_DEFINE_FINAL_TYPE (HanjiPost, hanji_post, G_TYPE_OBJECT)

enum {
  POST_PROP_0,
  POST_PROP_FILE,
  POST_PROP_TITLE,
  POST_PROP_DATE,
  POST_PROP_DRAFT,
  N_POST_PROPS
};

static GParamSpec *post_properties [N_POST_PROPS];

static void
hanji_post_finalize (GObject *object)
{
  HanjiPost *self = (HanjiPost *) object;

  g_clear_object (&self->file);
  g_clear_pointer (&self->sort_key, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->date, g_date_time_unref);
  g_clear_pointer (&self->tags, g_strfreev);
  g_clear_pointer (&self->keys, g_strfreev);

  G_OBJECT_CLASS (hanji_post_parent_class)->finalize (object);
}

static void
hanji_post_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  HanjiPost *self = HANJI_POST (object);

  switch (prop_id)
    {
    case POST_PROP_FILE:
      g_value_set_object (value, self->file);
      break;

    case POST_PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case POST_PROP_DATE:
      g_value_set_boxed (value, self->date);
      break;

    case POST_PROP_DRAFT:
      g_value_set_boolean (value, self->draft);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hanji_post_class_init (HanjiPostClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hanji_post_finalize;
  object_class->get_property = hanji_post_get_property;

  post_properties[POST_PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL,
                         G_TYPE_FILE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  post_properties[POST_PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  post_properties[POST_PROP_DATE] =
    g_param_spec_boxed ("date", NULL, NULL,
                        G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  post_properties[POST_PROP_DRAFT] =
    g_param_spec_boolean ("draft", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_POST_PROPS, post_properties);
}

static void
hanji_post_init (HanjiPost *self)
{
}

GFile *
hanji_post_get_file (HanjiPost *self)
{
  g_return_val_if_fail (HANJI_IS_POST (self), NULL);

  return self->file;
}

const char *
hanji_post_get_title (HanjiPost *self)
{
  g_return_val_if_fail (HANJI_IS_POST (self), NULL);

  return self->title;
}

GDateTime *
hanji_post_get_date (HanjiPost *self)
{
  g_return_val_if_fail (HANJI_IS_POST (self), NULL);

  return self->date;
}

gboolean
hanji_post_get_draft (HanjiPost *self)
{
  g_return_val_if_fail (HANJI_IS_POST (self), FALSE);

  return self->draft;
}

const char * const *
hanji_post_get_tags (HanjiPost *self)
{
  static const char * const none[] = { NULL };

  g_return_val_if_fail (HANJI_IS_POST (self), NULL);

  return self->tags != NULL ? (const char * const *) self->tags : none;
}

const char * const *
hanji_post_get_keys (HanjiPost *self)
{
  static const char * const none[] = { NULL };

  g_return_val_if_fail (HANJI_IS_POST (self), NULL);

  return self->keys != NULL ? (const char * const *) self->keys : none;
}

int
hanji_post_compare (HanjiPost *a,
                    HanjiPost *b)
{
  g_return_val_if_fail (HANJI_IS_POST (a), 0);
  g_return_val_if_fail (HANJI_IS_POST (b), 0);

  /* Undated posts go after dated ones: the list reads as a timeline. */
  if (a->date != NULL && b->date != NULL)
    {
      int cmp = g_date_time_compare (b->date, a->date);

      if (cmp != 0)
        return cmp;
    }
  else if (a->date != NULL)
    return -1;
  else if (b->date != NULL)
    return 1;

  return strcmp (a->sort_key, b->sort_key);
}

static gboolean
value_is_true (const char *text)
{
  return text != NULL && g_ascii_strcasecmp (text, "true") == 0;
}

/* Hugo reads front-matter keys case-insensitively (`Title:` works), so the
 * few keys the list needs are looked up the same way. */
static HanjiField *
lookup_field (HanjiFrontMatter *fm,
              const char       *key)
{
  guint n = hanji_front_matter_get_n_fields (fm);

  for (guint i = 0; i < n; i++)
    {
      HanjiField *field = hanji_front_matter_get_field (fm, i);

      if (g_ascii_strcasecmp (hanji_field_get_key (field), key) == 0)
        return field;
    }

  return NULL;
}

static const char * const date_keys[] = { "date", "publishDate", "pubDate" };

static void
hanji_post_read_yaml (HanjiPost  *self,
                      const char *head,
                      gsize       len)
{
  g_autoptr(HanjiFrontMatter) fm = hanji_front_matter_parse (head, len);
  g_autoptr(GStrvBuilder) keys = g_strv_builder_new ();
  HanjiField *field;

  for (guint i = 0; i < hanji_front_matter_get_n_fields (fm); i++)
    g_strv_builder_add (keys, hanji_field_get_key (hanji_front_matter_get_field (fm, i)));
  self->keys = g_strv_builder_end (keys);

  if ((field = lookup_field (fm, "title")) != NULL &&
      hanji_field_get_value_type (field) != HANJI_VALUE_LIST &&
      hanji_field_get_value_type (field) != HANJI_VALUE_OTHER)
    self->title = g_strdup (hanji_field_get_text (field));

  for (guint i = 0; i < G_N_ELEMENTS (date_keys) && self->date == NULL; i++)
    if ((field = lookup_field (fm, date_keys[i])) != NULL)
      self->date = hanji_field_dup_datetime (field);

  if ((field = lookup_field (fm, "draft")) != NULL)
    self->draft = hanji_field_get_boolean (field) ||
                  (hanji_field_get_value_type (field) == HANJI_VALUE_STRING &&
                   value_is_true (hanji_field_get_text (field)));

  if ((field = lookup_field (fm, "tags")) != NULL)
    {
      if (hanji_field_get_value_type (field) == HANJI_VALUE_LIST)
        self->tags = g_strdupv ((char **) hanji_field_get_items (field));
      else if (hanji_field_get_value_type (field) == HANJI_VALUE_STRING)
        {
          /* Jekyll also takes `tags: a b c` */
          g_auto(GStrv) words = g_strsplit_set (hanji_field_get_text (field), " \t", -1);
          g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

          for (guint i = 0; words[i] != NULL; i++)
            if (words[i][0] != '\0')
              g_strv_builder_add (builder, words[i]);

          self->tags = g_strv_builder_end (builder);
        }
    }
}

static int
compare_strings (const char **a,
                 const char **b,
                 gpointer     user_data)
{
  return strcmp (*a, *b);
}

static void
hanji_post_read_toml (HanjiPost  *self,
                      const char *content,
                      gsize       len)
{
  g_autoptr(GHashTable) table = toml_read_top_level (content, len);
  g_autofree const char **keys = NULL;
  TomlValue *value;

  /* The table does not keep the source order; sorted keys at least
   * read the same from one scan to the next. */
  keys = (const char **) g_hash_table_get_keys_as_array (table, NULL);
  g_qsort_with_data (keys, g_hash_table_size (table), sizeof (char *),
                     (GCompareDataFunc) compare_strings, NULL);
  self->keys = g_strdupv ((char **) keys);

  if ((value = g_hash_table_lookup (table, "title")) != NULL && value->items == NULL)
    self->title = g_strdup (value->text);

  for (guint i = 0; i < G_N_ELEMENTS (date_keys) && self->date == NULL; i++)
    {
      g_autofree char *key = g_ascii_strdown (date_keys[i], -1);

      if ((value = g_hash_table_lookup (table, key)) != NULL)
        self->date = _hanji_parse_timestamp (value->text);
    }

  if ((value = g_hash_table_lookup (table, "draft")) != NULL)
    self->draft = value_is_true (value->text);

  if ((value = g_hash_table_lookup (table, "tags")) != NULL && value->items != NULL)
    self->tags = g_strdupv (value->items);
}

static JsonNode *
json_member_ci (JsonObject *object,
                const char *key)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (const GList *l = members; l != NULL; l = l->next)
    if (g_ascii_strcasecmp (l->data, key) == 0)
      return json_object_get_member (object, l->data);

  return NULL;
}

static const char *
json_node_string (JsonNode *node)
{
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return NULL;
}

static void
hanji_post_read_json (HanjiPost  *self,
                      const char *content,
                      gsize       len)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  JsonNode *node;

  if (!json_parser_load_from_data (parser, content, len, NULL))
    return;

  node = json_parser_get_root (parser);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return;
  object = json_node_get_object (node);

  {
    g_autoptr(GList) members = json_object_get_members (object);
    g_autoptr(GStrvBuilder) keys = g_strv_builder_new ();

    for (const GList *l = members; l != NULL; l = l->next)
      g_strv_builder_add (keys, l->data);
    self->keys = g_strv_builder_end (keys);
  }

  self->title = g_strdup (json_node_string (json_member_ci (object, "title")));

  for (guint i = 0; i < G_N_ELEMENTS (date_keys) && self->date == NULL; i++)
    self->date = _hanji_parse_timestamp (json_node_string (json_member_ci (object, date_keys[i])));

  node = json_member_ci (object, "draft");
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    self->draft = json_node_get_boolean (node);

  node = json_member_ci (object, "tags");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          const char *tag = json_node_string (json_array_get_element (array, i));

          if (tag != NULL)
            g_strv_builder_add (builder, tag);
        }

      self->tags = g_strv_builder_end (builder);
    }
}

/* Reads the first POST_HEAD_SIZE bytes, cut back to a whole line so that a
 * delimiter is never recognised in half a line. */
static char *
read_head (GFile         *file,
           gsize         *len,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GFileInputStream) stream = NULL;
  g_autofree char *buffer = NULL;
  gsize n = 0;

  stream = g_file_read (file, cancellable, error);
  if (stream == NULL)
    return NULL;

  buffer = g_malloc (POST_HEAD_SIZE + 1);
  if (!g_input_stream_read_all (G_INPUT_STREAM (stream), buffer, POST_HEAD_SIZE,
                                &n, cancellable, error))
    return NULL;

  if (n == POST_HEAD_SIZE)
    {
      gsize last = n;

      while (last > 0 && buffer[last - 1] != '\n')
        last--;
      if (last > 0)
        n = last;
    }

  buffer[n] = '\0';
  *len = n;
  return g_steal_pointer (&buffer);
}

static gboolean
path_has_component (GFile      *file,
                    const char *component)
{
  const char *path = g_file_peek_path (file);
  g_autofree char *needle = NULL;

  if (path == NULL)
    return FALSE;

  needle = g_strconcat (G_DIR_SEPARATOR_S, component, G_DIR_SEPARATOR_S, NULL);
  return strstr (path, needle) != NULL;
}

static char *
title_from_file_name (GFile *file)
{
  g_autofree char *name = g_file_get_basename (file);
  char *dot = strrchr (name, '.');

  if (dot != NULL && dot != name)
    *dot = '\0';

  /* A Hugo page bundle is `my-post/index.md`: the folder is the name. */
  if (g_str_equal (name, "index") || g_str_equal (name, "_index"))
    {
      g_autoptr(GFile) parent = g_file_get_parent (file);

      if (parent != NULL)
        {
          g_autofree char *parent_name = g_file_get_basename (parent);

          if (!g_str_equal (parent_name, G_DIR_SEPARATOR_S))
            return g_steal_pointer (&parent_name);
        }
    }

  return g_steal_pointer (&name);
}

/* Jekyll's `_posts/2024-05-18-slug.md`. */
static GDateTime *
date_from_file_name (GFile *file)
{
  g_autofree char *name = g_file_get_basename (file);

  if (strlen (name) < 11 || name[10] != '-')
    return NULL;

  name[10] = '\0';
  return _hanji_parse_timestamp (name);
}

HanjiPost *
hanji_post_new_for_file (GFile         *file,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autoptr(HanjiPost) self = NULL;
  g_autofree char *head = NULL;
  HanjiFrontMatterSplit split;
  gsize len = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  head = read_head (file, &len, cancellable, error);
  if (head == NULL)
    return NULL;

  self = g_object_new (HANJI_TYPE_POST, NULL);
  self->file = g_object_ref (file);
  self->sort_key = g_file_get_path (file);
  if (self->sort_key == NULL)
    self->sort_key = g_file_get_uri (file);

  hanji_front_matter_split (head, len, &split);

  if (split.terminated)
    {
      switch (split.kind)
        {
        case HANJI_FRONT_MATTER_YAML:
          hanji_post_read_yaml (self, head, len);
          break;

        case HANJI_FRONT_MATTER_TOML:
          hanji_post_read_toml (self, head + split.content_start,
                                split.content_end - split.content_start);
          break;

        case HANJI_FRONT_MATTER_JSON:
          hanji_post_read_json (self, head + split.content_start,
                                split.content_end - split.content_start);
          break;

        case HANJI_FRONT_MATTER_NONE:
        default:
          break;
        }
    }

  if (self->title != NULL)
    g_strstrip (self->title);

  if (self->title == NULL || self->title[0] == '\0')
    {
      g_free (self->title);
      self->title = title_from_file_name (file);
    }

  if (self->date == NULL)
    self->date = date_from_file_name (file);

  if (path_has_component (file, "_drafts"))
    self->draft = TRUE;

  return g_steal_pointer (&self);
}

/* HanjiSite ------------------------------------------------------------- */

struct _HanjiSite
{
  GObject        parent_instance;

  GFile         *root;
  char          *title;
  GListStore    *posts;
  HanjiSiteKind  kind;
  /* Loads may overlap; only the newest one fills the store. */
  guint          load_serial;
};

G_DEFINE_FINAL_TYPE (HanjiSite, hanji_site, G_TYPE_OBJECT)

enum {
  SITE_PROP_0,
  SITE_PROP_ROOT,
  SITE_PROP_KIND,
  SITE_PROP_TITLE,
  SITE_PROP_POSTS,
  N_SITE_PROPS
};

static GParamSpec *site_properties [N_SITE_PROPS];

static const char * const hugo_config_names[] = {
  "hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json",
  "config.toml", "config.yaml", "config.yml", "config.json",
  "config/_default/hugo.toml", "config/_default/hugo.yaml",
  "config/_default/hugo.yml", "config/_default/hugo.json",
  "config/_default/config.toml", "config/_default/config.yaml",
  "config/_default/config.yml", "config/_default/config.json",
};

static const char * const jekyll_config_names[] = {
  "_config.yml", "_config.yaml",
};

static GFile *
find_child (GFile              *dir,
            const char * const *names,
            guint               n_names,
            GFileType           type)
{
  for (guint i = 0; i < n_names; i++)
    {
      g_autoptr(GFile) child = g_file_resolve_relative_path (dir, names[i]);

      if (g_file_query_file_type (child, G_FILE_QUERY_INFO_NONE, NULL) == type)
        return g_steal_pointer (&child);
    }

  return NULL;
}

static gboolean
has_dir (GFile      *dir,
         const char *name)
{
  const char * const names[] = { name };
  g_autoptr(GFile) child = find_child (dir, names, 1, G_FILE_TYPE_DIRECTORY);

  return child != NULL;
}

HanjiSiteKind
hanji_site_detect_kind (GFile *dir)
{
  g_autoptr(GFile) config = NULL;

  g_return_val_if_fail (G_IS_FILE (dir), HANJI_SITE_PLAIN);

  config = find_child (dir, jekyll_config_names, G_N_ELEMENTS (jekyll_config_names),
                       G_FILE_TYPE_REGULAR);
  if (config != NULL && (has_dir (dir, "_posts") || has_dir (dir, "_drafts")))
    return HANJI_SITE_JEKYLL;

  g_clear_object (&config);
  config = find_child (dir, hugo_config_names, G_N_ELEMENTS (hugo_config_names),
                       G_FILE_TYPE_REGULAR);
  if (config != NULL && has_dir (dir, "content"))
    return HANJI_SITE_HUGO;

  return HANJI_SITE_PLAIN;
}

GFile *
hanji_site_find_root (GFile *file)
{
  g_autoptr(GFile) dir = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (g_file_query_file_type (file, G_FILE_QUERY_INFO_NONE, NULL) == G_FILE_TYPE_DIRECTORY)
    dir = g_object_ref (file);
  else
    dir = g_file_get_parent (file);

  while (dir != NULL)
    {
      GFile *parent;

      if (hanji_site_detect_kind (dir) != HANJI_SITE_PLAIN)
        return g_steal_pointer (&dir);

      parent = g_file_get_parent (dir);
      g_object_unref (dir);
      dir = parent;
    }

  return NULL;
}

static char *
read_title_yaml (const char *text,
                 gsize       len)
{
  g_autoptr(HanjiFrontMatter) fm = _hanji_front_matter_parse_document (text, len);

  return g_strdup (hanji_front_matter_get_string (fm, "title"));
}

static char *
read_title_toml (const char *text,
                 gsize       len)
{
  g_autoptr(GHashTable) table = toml_read_top_level (text, len);
  TomlValue *value = g_hash_table_lookup (table, "title");

  return value != NULL && value->quoted ? g_strdup (value->text) : NULL;
}

static char *
read_title_json (const char *text,
                 gsize       len)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (!json_parser_load_from_data (parser, text, len, NULL))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  return g_strdup (json_node_string (json_member_ci (json_node_get_object (root), "title")));
}

static char *
read_site_title (GFile         *root,
                 HanjiSiteKind  kind)
{
  g_autoptr(GFile) config = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *name = NULL;
  gsize len = 0;

  if (kind == HANJI_SITE_JEKYLL)
    config = find_child (root, jekyll_config_names, G_N_ELEMENTS (jekyll_config_names),
                         G_FILE_TYPE_REGULAR);
  else if (kind == HANJI_SITE_HUGO)
    config = find_child (root, hugo_config_names, G_N_ELEMENTS (hugo_config_names),
                         G_FILE_TYPE_REGULAR);

  if (config != NULL &&
      g_file_load_contents (config, NULL, &contents, &len, NULL, NULL) &&
      g_utf8_validate (contents, len, NULL))
    {
      g_autofree char *basename = g_file_get_basename (config);
      g_autofree char *title = NULL;

      if (g_str_has_suffix (basename, ".toml"))
        title = read_title_toml (contents, len);
      else if (g_str_has_suffix (basename, ".json"))
        title = read_title_json (contents, len);
      else
        title = read_title_yaml (contents, len);

      if (title != NULL && *g_strstrip (title) != '\0')
        return g_steal_pointer (&title);
    }

  name = g_file_get_basename (root);
  return name != NULL ? g_steal_pointer (&name) : g_strdup ("");
}

static void
hanji_site_constructed (GObject *object)
{
  HanjiSite *self = (HanjiSite *) object;

  G_OBJECT_CLASS (hanji_site_parent_class)->constructed (object);

  g_assert (self->root != NULL);

  self->kind = hanji_site_detect_kind (self->root);
  self->title = read_site_title (self->root, self->kind);
}

static void
hanji_site_finalize (GObject *object)
{
  HanjiSite *self = (HanjiSite *) object;

  g_clear_object (&self->root);
  g_clear_object (&self->posts);
  g_clear_pointer (&self->title, g_free);

  G_OBJECT_CLASS (hanji_site_parent_class)->finalize (object);
}

static void
hanji_site_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  HanjiSite *self = HANJI_SITE (object);

  switch (prop_id)
    {
    case SITE_PROP_ROOT:
      g_value_set_object (value, self->root);
      break;

    case SITE_PROP_KIND:
      g_value_set_int (value, self->kind);
      break;

    case SITE_PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case SITE_PROP_POSTS:
      g_value_set_object (value, self->posts);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hanji_site_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  HanjiSite *self = HANJI_SITE (object);

  switch (prop_id)
    {
    case SITE_PROP_ROOT:
      self->root = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hanji_site_class_init (HanjiSiteClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = hanji_site_constructed;
  object_class->finalize = hanji_site_finalize;
  object_class->get_property = hanji_site_get_property;
  object_class->set_property = hanji_site_set_property;

  site_properties[SITE_PROP_ROOT] =
    g_param_spec_object ("root", NULL, NULL,
                         G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* An int rather than an enum type: the core registers no enum types. */
  site_properties[SITE_PROP_KIND] =
    g_param_spec_int ("kind", NULL, NULL,
                      HANJI_SITE_PLAIN, HANJI_SITE_HUGO, HANJI_SITE_PLAIN,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  site_properties[SITE_PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  site_properties[SITE_PROP_POSTS] =
    g_param_spec_object ("posts", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_SITE_PROPS, site_properties);
}

static void
hanji_site_init (HanjiSite *self)
{
  self->posts = g_list_store_new (HANJI_TYPE_POST);
}

HanjiSite *
hanji_site_new (GFile *root)
{
  g_return_val_if_fail (G_IS_FILE (root), NULL);

  return g_object_new (HANJI_TYPE_SITE, "root", root, NULL);
}

GFile *
hanji_site_get_root (HanjiSite *self)
{
  g_return_val_if_fail (HANJI_IS_SITE (self), NULL);

  return self->root;
}

HanjiSiteKind
hanji_site_get_kind (HanjiSite *self)
{
  g_return_val_if_fail (HANJI_IS_SITE (self), HANJI_SITE_PLAIN);

  return self->kind;
}

HanjiFlavor
hanji_site_get_flavor (HanjiSite *self)
{
  g_return_val_if_fail (HANJI_IS_SITE (self), HANJI_FLAVOR_COMMONMARK);

  switch (self->kind)
    {
    case HANJI_SITE_HUGO:
      return HANJI_FLAVOR_HUGO;

    case HANJI_SITE_JEKYLL:
      return HANJI_FLAVOR_JEKYLL;

    case HANJI_SITE_PLAIN:
    default:
      return HANJI_FLAVOR_COMMONMARK;
    }
}

const char *
hanji_site_get_title (HanjiSite *self)
{
  g_return_val_if_fail (HANJI_IS_SITE (self), NULL);

  return self->title;
}

GListModel *
hanji_site_get_posts (HanjiSite *self)
{
  g_return_val_if_fail (HANJI_IS_SITE (self), NULL);

  return G_LIST_MODEL (self->posts);
}

/* Loading --------------------------------------------------------------- */

typedef struct
{
  GFile         *root;
  HanjiSiteKind  kind;
  guint          serial;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_clear_object (&data->root);
  g_free (data);
}

static gboolean
is_markdown_name (const char *name)
{
  const char *dot = strrchr (name, '.');

  return dot != NULL &&
         (g_ascii_strcasecmp (dot, ".md") == 0 ||
          g_ascii_strcasecmp (dot, ".markdown") == 0);
}

/* Build output, dependencies and VCS data: never posts, often huge. */
static gboolean
is_skipped_dir (const char *name)
{
  static const char * const skipped[] = {
    "node_modules", "public", "_site", "resources", ".git",
  };

  if (name[0] == '.')
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (skipped); i++)
    if (g_str_equal (name, skipped[i]))
      return TRUE;

  return FALSE;
}

static void
scan_directory (GFile        *dir,
                guint         depth,
                GPtrArray    *posts,
                GCancellable *cancellable)
{
  g_autoptr(GFileEnumerator) enumerator = NULL;
  g_autoptr(GError) error = NULL;

  if (depth > MAX_SCAN_DEPTH)
    return;

  /* NOFOLLOW: a symlinked folder shows up as a link and is not entered,
   * so a link back up the tree cannot loop the scan. */
  enumerator = g_file_enumerate_children (dir,
                                          G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                          G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                          G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS,
                                          cancellable, &error);
  if (enumerator == NULL)
    {
      g_debug ("Not scanning %s: %s", g_file_peek_path (dir), error->message);
      return;
    }

  for (;;)
    {
      GFileInfo *info = NULL;
      GFile *child = NULL;
      const char *name;
      GFileType type;

      if (!g_file_enumerator_iterate (enumerator, &info, &child, cancellable, &error))
        {
          g_debug ("Stopped scanning %s: %s", g_file_peek_path (dir), error->message);
          return;
        }

      if (info == NULL)
        break;

      name = g_file_info_get_name (info);
      type = g_file_info_get_file_type (info);

      if (type == G_FILE_TYPE_DIRECTORY)
        {
          if (!is_skipped_dir (name))
            scan_directory (child, depth + 1, posts, cancellable);
          continue;
        }

      if (name[0] == '.' || !is_markdown_name (name))
        continue;

      /* A link to a single post file is fine to list. */
      if (type == G_FILE_TYPE_SYMBOLIC_LINK &&
          g_file_query_file_type (child, G_FILE_QUERY_INFO_NONE, cancellable) != G_FILE_TYPE_REGULAR)
        continue;

      if (type == G_FILE_TYPE_REGULAR || type == G_FILE_TYPE_SYMBOLIC_LINK)
        {
          g_autoptr(GError) post_error = NULL;
          HanjiPost *post = hanji_post_new_for_file (child, cancellable, &post_error);

          if (post != NULL)
            g_ptr_array_add (posts, post);
          else
            g_debug ("Skipping %s: %s", g_file_peek_path (child), post_error->message);
        }
    }
}

static int
compare_posts_cb (gconstpointer a,
                  gconstpointer b)
{
  return hanji_post_compare (*(HanjiPost **) a, *(HanjiPost **) b);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *data = task_data;
  g_autoptr(GPtrArray) posts = g_ptr_array_new_with_free_func (g_object_unref);
  const char * const jekyll_dirs[] = { "_posts", "_drafts" };
  const char * const hugo_dirs[] = { "content" };
  const char * const plain_dirs[] = { "." };
  const char * const *dirs;
  guint n_dirs;
  GError *error = NULL;

  switch (data->kind)
    {
    case HANJI_SITE_JEKYLL:
      dirs = jekyll_dirs;
      n_dirs = G_N_ELEMENTS (jekyll_dirs);
      break;

    case HANJI_SITE_HUGO:
      dirs = hugo_dirs;
      n_dirs = G_N_ELEMENTS (hugo_dirs);
      break;

    case HANJI_SITE_PLAIN:
    default:
      dirs = plain_dirs;
      n_dirs = G_N_ELEMENTS (plain_dirs);
      break;
    }

  for (guint i = 0; i < n_dirs; i++)
    {
      g_autoptr(GFile) dir = g_file_resolve_relative_path (data->root, dirs[i]);

      scan_directory (dir, 0, posts, cancellable);
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_ptr_array_sort (posts, compare_posts_cb);
  g_task_return_pointer (task, g_steal_pointer (&posts), (GDestroyNotify) g_ptr_array_unref);
}

/* Runs in the caller's main context: the GListStore (and whoever watches
 * it) is only ever touched there. */
static void
load_thread_done_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  HanjiSite *self = HANJI_SITE (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GPtrArray) posts = NULL;
  LoadData *data = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;

  posts = g_task_propagate_pointer (G_TASK (result), &error);
  if (posts == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (data->serial == self->load_serial)
    g_list_store_splice (self->posts, 0,
                         g_list_model_get_n_items (G_LIST_MODEL (self->posts)),
                         posts->pdata, posts->len);

  g_task_return_boolean (task, TRUE);
}

void
hanji_site_load_async (HanjiSite           *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) thread_task = NULL;
  LoadData *data;

  g_return_if_fail (HANJI_IS_SITE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hanji_site_load_async);

  data = g_new0 (LoadData, 1);
  data->root = g_object_ref (self->root);
  data->kind = self->kind;
  data->serial = ++self->load_serial;

  thread_task = g_task_new (self, cancellable, load_thread_done_cb, g_steal_pointer (&task));
  g_task_set_source_tag (thread_task, hanji_site_load_async);
  g_task_set_task_data (thread_task, data, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (thread_task, load_thread);
}

gboolean
hanji_site_load_finish (HanjiSite     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (HANJI_IS_SITE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Containment ----------------------------------------------------------- */

/* The real path of @path with every symlink resolved. A path that does
 * not exist yet (a post about to be created) resolves its deepest
 * existing ancestor and keeps the rest; a dangling link is followed to
 * where it would create its target. NULL when links nest too deep. */
static char *
resolve_path (const char *path,
              guint       depth)
{
  g_autofree char *parent = NULL;
  g_autofree char *resolved_parent = NULL;
  g_autofree char *base = NULL;
  char *real;

  if (depth > 40)
    return NULL;

  real = realpath (path, NULL);
  if (real != NULL)
    {
      char *copy = g_strdup (real);

      free (real);
      return copy;
    }

  if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autofree char *target = g_file_read_link (path, NULL);
      g_autofree char *dir = g_path_get_dirname (path);
      g_autofree char *joined = NULL;
      g_autofree char *canonical = NULL;

      if (target == NULL)
        return NULL;

      joined = g_path_is_absolute (target) ? g_strdup (target)
                                           : g_build_filename (dir, target, NULL);
      canonical = g_canonicalize_filename (joined, NULL);
      return resolve_path (canonical, depth + 1);
    }

  parent = g_path_get_dirname (path);
  if (g_str_equal (parent, path))
    return g_strdup (path);

  resolved_parent = resolve_path (parent, depth + 1);
  if (resolved_parent == NULL)
    return NULL;

  base = g_path_get_basename (path);
  return g_build_filename (resolved_parent, base, NULL);
}

static char *
resolve_file (GFile *file)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *canonical = NULL;

  if (path == NULL)
    return NULL;

  canonical = g_canonicalize_filename (path, NULL);
  return resolve_path (canonical, 0);
}

gboolean
hanji_site_contains (HanjiSite *self,
                     GFile     *file)
{
  g_autofree char *root = NULL;
  g_autofree char *path = NULL;
  gsize root_len;

  g_return_val_if_fail (HANJI_IS_SITE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  root = resolve_file (self->root);
  path = resolve_file (file);
  if (root == NULL || path == NULL)
    return FALSE;

  root_len = strlen (root);
  while (root_len > 0 && root[root_len - 1] == G_DIR_SEPARATOR)
    root_len--;

  /* Compare whole components: /blog must not contain /blog-old. */
  return strncmp (path, root, root_len) == 0 &&
         (path[root_len] == '\0' || path[root_len] == G_DIR_SEPARATOR);
}
