/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hanji-site"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
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
  /* The path: the tie-break of the sort order and the site's index key. */
  char       *sort_key;
  char       *title;
  GDateTime  *date;
  GDateTime  *modified;
  char      **tags;
  char      **categories;
  /* top-level front matter keys, in source order */
  char      **keys;
  char       *error;
  gboolean    draft;
  /* HanjiSite's bookkeeping, main thread only: the scan that last saw
   * this post, so that a rescan can tell which posts are gone. */
  guint       generation;
};

G_DEFINE_FINAL_TYPE (HanjiPost, hanji_post, G_TYPE_OBJECT)

enum {
  POST_PROP_0,
  POST_PROP_FILE,
  POST_PROP_TITLE,
  POST_PROP_DATE,
  POST_PROP_DRAFT,
  POST_PROP_TAGS,
  POST_PROP_CATEGORIES,
  POST_PROP_MODIFIED,
  POST_PROP_ERROR,
  N_POST_PROPS
};

static GParamSpec *post_properties [N_POST_PROPS];

static const char * const no_strings[] = { NULL };

static void
hanji_post_finalize (GObject *object)
{
  HanjiPost *self = (HanjiPost *) object;

  g_clear_object (&self->file);
  g_clear_pointer (&self->sort_key, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->date, g_date_time_unref);
  g_clear_pointer (&self->modified, g_date_time_unref);
  g_clear_pointer (&self->tags, g_strfreev);
  g_clear_pointer (&self->categories, g_strfreev);
  g_clear_pointer (&self->keys, g_strfreev);
  g_clear_pointer (&self->error, g_free);

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

    case POST_PROP_TAGS:
      g_value_set_boxed (value, hanji_post_get_tags (self));
      break;

    case POST_PROP_CATEGORIES:
      g_value_set_boxed (value, hanji_post_get_categories (self));
      break;

    case POST_PROP_MODIFIED:
      g_value_set_boxed (value, self->modified);
      break;

    case POST_PROP_ERROR:
      g_value_set_string (value, self->error);
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

  /* Every property but "file" may change when the site re-reads the file
   * after an outside edit: the site updates the post it already lists
   * (so that selections hold on to it) and notifies what changed. */
  post_properties[POST_PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL,
                         G_TYPE_FILE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  post_properties[POST_PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  post_properties[POST_PROP_DATE] =
    g_param_spec_boxed ("date", NULL, NULL,
                        G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  post_properties[POST_PROP_DRAFT] =
    g_param_spec_boolean ("draft", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  post_properties[POST_PROP_TAGS] =
    g_param_spec_boxed ("tags", NULL, NULL,
                        G_TYPE_STRV,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  post_properties[POST_PROP_CATEGORIES] =
    g_param_spec_boxed ("categories", NULL, NULL,
                        G_TYPE_STRV,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  post_properties[POST_PROP_MODIFIED] =
    g_param_spec_boxed ("modified", NULL, NULL,
                        G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  post_properties[POST_PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

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
  g_return_val_if_fail (HANJI_IS_POST (self), NULL);

  return self->tags != NULL ? (const char * const *) self->tags : no_strings;
}

const char * const *
hanji_post_get_categories (HanjiPost *self)
{
  g_return_val_if_fail (HANJI_IS_POST (self), NULL);

  return self->categories != NULL ? (const char * const *) self->categories : no_strings;
}

const char * const *
hanji_post_get_keys (HanjiPost *self)
{
  g_return_val_if_fail (HANJI_IS_POST (self), NULL);

  return self->keys != NULL ? (const char * const *) self->keys : no_strings;
}

GDateTime *
hanji_post_get_modified (HanjiPost *self)
{
  g_return_val_if_fail (HANJI_IS_POST (self), NULL);

  return self->modified;
}

const char *
hanji_post_get_error (HanjiPost *self)
{
  g_return_val_if_fail (HANJI_IS_POST (self), NULL);

  return self->error;
}

static int
post_compare (const HanjiPost *a,
              const HanjiPost *b)
{
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

int
hanji_post_compare (HanjiPost *a,
                    HanjiPost *b)
{
  g_return_val_if_fail (HANJI_IS_POST (a), 0);
  g_return_val_if_fail (HANJI_IS_POST (b), 0);

  return post_compare (a, b);
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

/* Jekyll also takes `tags: a b c`; empty words are dropped. */
static char **
split_words (const char *text)
{
  g_auto(GStrv) words = g_strsplit_set (text, " \t", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; words[i] != NULL; i++)
    if (words[i][0] != '\0')
      g_strv_builder_add (builder, words[i]);

  return g_strv_builder_end (builder);
}

/* An empty term names nothing; `tags: [a, ""]` lists one tag. */
static char **
copy_terms (const char * const *items)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; items != NULL && items[i] != NULL; i++)
    if (items[i][0] != '\0')
      g_strv_builder_add (builder, items[i]);

  return g_strv_builder_end (builder);
}

static char **
terms_from_field (HanjiField *field)
{
  switch (hanji_field_get_value_type (field))
    {
    case HANJI_VALUE_LIST:
      return copy_terms (hanji_field_get_items (field));

    case HANJI_VALUE_STRING:
    case HANJI_VALUE_INT:
      return split_words (hanji_field_get_text (field));

    case HANJI_VALUE_NULL:
    case HANJI_VALUE_BOOL:
    case HANJI_VALUE_FLOAT:
    case HANJI_VALUE_DATE:
    case HANJI_VALUE_DATETIME:
    case HANJI_VALUE_OTHER:
    default:
      return NULL;
    }
}

static void
hanji_post_read_yaml (HanjiPost  *self,
                      const char *head,
                      gsize       len)
{
  g_autoptr(HanjiFrontMatter) fm = hanji_front_matter_parse (head, len);
  g_autoptr(GStrvBuilder) keys = g_strv_builder_new ();
  const GError *error = hanji_front_matter_get_error (fm);
  HanjiField *field;

  if (error != NULL)
    self->error = g_strdup (error->message);

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
    self->tags = terms_from_field (field);

  if ((field = lookup_field (fm, "categories")) != NULL)
    self->categories = terms_from_field (field);
  else if ((field = lookup_field (fm, "category")) != NULL &&
           hanji_field_get_value_type (field) != HANJI_VALUE_LIST &&
           hanji_field_get_value_type (field) != HANJI_VALUE_OTHER &&
           hanji_field_get_text (field)[0] != '\0')
    {
      /* Jekyll's singular `category` is one category, spaces and all. */
      const char * const one[] = { hanji_field_get_text (field), NULL };

      self->categories = copy_terms (one);
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
    self->tags = copy_terms ((const char * const *) value->items);

  if ((value = g_hash_table_lookup (table, "categories")) != NULL && value->items != NULL)
    self->categories = copy_terms ((const char * const *) value->items);
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

static char **
json_node_terms (JsonNode *node)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;

  array = json_node_get_array (node);
  builder = g_strv_builder_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      const char *term = json_node_string (json_array_get_element (array, i));

      if (term != NULL && term[0] != '\0')
        g_strv_builder_add (builder, term);
    }

  return g_strv_builder_end (builder);
}

static void
hanji_post_read_json (HanjiPost  *self,
                      const char *content,
                      gsize       len)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *object;
  JsonNode *node;

  if (!json_parser_load_from_data (parser, content, len, &error))
    {
      self->error = g_strdup (error->message);
      return;
    }

  node = json_parser_get_root (parser);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      self->error = g_strdup (_("the JSON front matter is not an object"));
      return;
    }
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

  self->tags = json_node_terms (json_member_ci (object, "tags"));
  self->categories = json_node_terms (json_member_ci (object, "categories"));
}

/* Cuts a head that filled the buffer back to a whole line, so that a
 * delimiter is never recognised in half a line. */
static gsize
cut_head (char     *buffer,
          gsize     n,
          gboolean  whole)
{
  if (!whole)
    {
      gsize last = n;

      while (last > 0 && buffer[last - 1] != '\n')
        last--;
      if (last > 0)
        n = last;
    }

  buffer[n] = '\0';
  return n;
}

static gboolean
set_error_from_errno (GError     **error,
                      int          saved_errno,
                      const char  *path)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               "%s: %s", display, g_strerror (saved_errno));
  return FALSE;
}

/* Local files are read with plain system calls: a scan reads thousands of
 * small files, and where system calls are dear (virtual machines) GIO's
 * extra stat, read and objects per file cost more than the parsing. */
static gboolean
read_head_local (const char  *path,
                 char        *buffer,
                 gsize       *len,
                 gboolean    *whole,
                 GDateTime  **modified,
                 GError     **error)
{
  struct stat st;
  gsize want;
  gsize n = 0;
  int fd;

  /* O_NONBLOCK: a FIFO named post.md must not hang the scan. */
  do
    fd = open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  while (fd < 0 && errno == EINTR);
  if (fd < 0)
    return set_error_from_errno (error, errno, path);

  if (fstat (fd, &st) != 0)
    {
      int saved_errno = errno;

      close (fd);
      return set_error_from_errno (error, saved_errno, path);
    }

  if (!S_ISREG (st.st_mode))
    {
      close (fd);
      return set_error_from_errno (error, S_ISDIR (st.st_mode) ? EISDIR : EINVAL, path);
    }

  /* One read for a small post: the size is known. */
  want = st.st_size > 0 ? (gsize) MIN (st.st_size, POST_HEAD_SIZE) : POST_HEAD_SIZE;
  while (n < want)
    {
      gssize r = read (fd, buffer + n, want - n);

      if (r < 0 && errno == EINTR)
        continue;
      if (r < 0)
        {
          int saved_errno = errno;

          close (fd);
          return set_error_from_errno (error, saved_errno, path);
        }
      if (r == 0)
        break;
      n += r;
    }
  close (fd);

  *whole = n < POST_HEAD_SIZE || st.st_size == POST_HEAD_SIZE;
  *len = cut_head (buffer, n, *whole);

  *modified = g_date_time_new_from_unix_utc (st.st_mtim.tv_sec);
  if (*modified != NULL && st.st_mtim.tv_nsec >= 1000)
    {
      GDateTime *precise = g_date_time_add (*modified, st.st_mtim.tv_nsec / 1000);

      g_date_time_unref (*modified);
      *modified = precise;
    }

  return TRUE;
}

/* Reads the first POST_HEAD_SIZE bytes into buffer (POST_HEAD_SIZE + 1
 * long). *whole says whether that is the whole file. */
static gboolean
read_head (GFile         *file,
           char          *buffer,
           gsize         *len,
           gboolean      *whole,
           GDateTime    **modified,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GFileInfo) info = NULL;
  gsize n = 0;

  if (g_file_is_native (file) && g_file_peek_path (file) != NULL)
    return read_head_local (g_file_peek_path (file), buffer, len, whole, modified, error);

  stream = g_file_read (file, cancellable, error);
  if (stream == NULL)
    return FALSE;

  if (!g_input_stream_read_all (G_INPUT_STREAM (stream), buffer, POST_HEAD_SIZE,
                                &n, cancellable, error))
    return FALSE;

  *whole = n < POST_HEAD_SIZE;
  *len = cut_head (buffer, n, *whole);

  info = g_file_input_stream_query_info (stream,
                                         G_FILE_ATTRIBUTE_TIME_MODIFIED ","
                                         G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC,
                                         cancellable, NULL);
  if (info != NULL && g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_TIME_MODIFIED))
    *modified = g_file_info_get_modification_date_time (info);

  return TRUE;
}

static void
hanji_post_parse_head (HanjiPost  *self,
                       const char *head,
                       gsize       len,
                       gboolean    whole)
{
  HanjiFrontMatterSplit split;
  const char *block;
  gsize block_len;

  hanji_front_matter_split (head, len, &split);

  if (split.kind == HANJI_FRONT_MATTER_NONE)
    return;

  /* An unclosed block is only an error when the whole file was read: a
   * huge front matter may just run past the head. */
  if (!split.terminated)
    {
      if (!whole)
        return;
      if (split.kind == HANJI_FRONT_MATTER_YAML)
        hanji_post_read_yaml (self, head, len);
      else
        self->error = g_strdup (_("the front matter is never closed"));
      return;
    }

  block = head + split.content_start;
  block_len = split.content_end - split.content_start;

  switch (split.kind)
    {
    case HANJI_FRONT_MATTER_YAML:
      /* Only the front matter, not the body, is copied and parsed. */
      hanji_post_read_yaml (self, head, split.body_start);
      break;

    case HANJI_FRONT_MATTER_TOML:
    case HANJI_FRONT_MATTER_JSON:
      /* libyaml checks the encoding of YAML; the others are checked here
       * so that no invalid text ever reaches a label. */
      if (!g_utf8_validate (block, block_len, NULL))
        self->error = g_strdup (_("the front matter is not valid UTF-8"));
      else if (split.kind == HANJI_FRONT_MATTER_TOML)
        hanji_post_read_toml (self, block, block_len);
      else
        hanji_post_read_json (self, block, block_len);
      break;

    case HANJI_FRONT_MATTER_NONE:
    default:
      break;
    }
}

static gboolean
path_has_component (const char *path,
                    const char *component)
{
  g_autofree char *needle = NULL;

  if (path == NULL)
    return FALSE;

  needle = g_strconcat (G_DIR_SEPARATOR_S, component, G_DIR_SEPARATOR_S, NULL);
  return strstr (path, needle) != NULL;
}

/* TRUE when path is dir or inside it. */
static gboolean
path_is_within (const char *path,
                const char *dir)
{
  gsize len = strlen (dir);

  while (len > 1 && dir[len - 1] == G_DIR_SEPARATOR)
    len--;

  return strncmp (path, dir, len) == 0 &&
         (path[len] == '\0' || path[len] == G_DIR_SEPARATOR);
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

/* The name is shown as a title, so it must be valid UTF-8 even when the
 * file system's name is not. */
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
            return g_utf8_make_valid (parent_name, -1);
        }
    }

  return g_utf8_make_valid (name, -1);
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

static HanjiPost *
hanji_post_new (GFile *file)
{
  HanjiPost *self = g_object_new (HANJI_TYPE_POST, NULL);

  self->file = g_object_ref (file);
  self->sort_key = g_file_get_path (file);
  if (self->sort_key == NULL)
    self->sort_key = g_file_get_uri (file);

  return self;
}

/* buffer is POST_HEAD_SIZE + 1 bytes, reused across posts by a scan. */
static gboolean
hanji_post_read (HanjiPost     *self,
                 char          *buffer,
                 GCancellable  *cancellable,
                 GError       **error)
{
  gsize len = 0;
  gboolean whole = FALSE;

  if (!read_head (self->file, buffer, &len, &whole, &self->modified, cancellable, error))
    return FALSE;

  hanji_post_parse_head (self, buffer, len, whole);
  return TRUE;
}

/* What every post gets whatever its front matter said. drafts_dir is the
 * site's drafts folder (a path), if it has one. */
static void
hanji_post_complete (HanjiPost  *self,
                     const char *drafts_dir)
{
  if (self->title != NULL)
    g_strstrip (self->title);

  if (self->title == NULL || self->title[0] == '\0')
    {
      g_free (self->title);
      self->title = title_from_file_name (self->file);
    }

  if (self->date == NULL)
    self->date = date_from_file_name (self->file);

  if (path_has_component (self->sort_key, "_drafts") ||
      (drafts_dir != NULL && path_is_within (self->sort_key, drafts_dir)))
    self->draft = TRUE;
}

HanjiPost *
hanji_post_new_for_file (GFile         *file,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autoptr(HanjiPost) self = NULL;
  g_autofree char *buffer = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  buffer = g_malloc (POST_HEAD_SIZE + 1);
  self = hanji_post_new (file);
  if (!hanji_post_read (self, buffer, cancellable, error))
    return NULL;

  hanji_post_complete (self, NULL);
  return g_steal_pointer (&self);
}

static gboolean
strv_equal0 (char **a,
             char **b)
{
  if (a == NULL || b == NULL)
    return (a == NULL || a[0] == NULL) && (b == NULL || b[0] == NULL);

  return g_strv_equal ((const char * const *) a, (const char * const *) b);
}

static gboolean
date_equal0 (GDateTime *a,
             GDateTime *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  return g_date_time_equal (a, b);
}

/* Moves fresh's summary into self (the post the model already holds, so
 * that whoever holds it, a selection, sees the change) and returns the
 * properties that changed as bits 1 << POST_PROP_*; bit 0 stands for the
 * keys, which are no property. Nothing moves when nothing changed, so
 * that strings borrowed from self stay valid. */
static guint
hanji_post_take_summary (HanjiPost *self,
                         HanjiPost *fresh)
{
  guint changed = 0;

  g_assert (g_str_equal (self->sort_key, fresh->sort_key));

  if (g_strcmp0 (self->title, fresh->title) != 0)
    changed |= 1u << POST_PROP_TITLE;
  if (!date_equal0 (self->date, fresh->date))
    changed |= 1u << POST_PROP_DATE;
  if (self->draft != fresh->draft)
    changed |= 1u << POST_PROP_DRAFT;
  if (!strv_equal0 (self->tags, fresh->tags))
    changed |= 1u << POST_PROP_TAGS;
  if (!strv_equal0 (self->categories, fresh->categories))
    changed |= 1u << POST_PROP_CATEGORIES;
  if (!date_equal0 (self->modified, fresh->modified))
    changed |= 1u << POST_PROP_MODIFIED;
  if (g_strcmp0 (self->error, fresh->error) != 0)
    changed |= 1u << POST_PROP_ERROR;
  if (!strv_equal0 (self->keys, fresh->keys))
    changed |= 1u;

  if (changed == 0)
    return 0;

  g_free (self->title);
  self->title = g_steal_pointer (&fresh->title);
  g_clear_pointer (&self->date, g_date_time_unref);
  self->date = g_steal_pointer (&fresh->date);
  self->draft = fresh->draft;
  g_strfreev (self->tags);
  self->tags = g_steal_pointer (&fresh->tags);
  g_strfreev (self->categories);
  self->categories = g_steal_pointer (&fresh->categories);
  g_clear_pointer (&self->modified, g_date_time_unref);
  self->modified = g_steal_pointer (&fresh->modified);
  g_free (self->error);
  self->error = g_steal_pointer (&fresh->error);
  g_strfreev (self->keys);
  self->keys = g_steal_pointer (&fresh->keys);

  return changed;
}

static void
hanji_post_notify_changed (HanjiPost *self,
                           guint      changed)
{
  g_object_freeze_notify (G_OBJECT (self));
  for (guint prop = POST_PROP_TITLE; prop < N_POST_PROPS; prop++)
    if (changed & (1u << prop))
      g_object_notify_by_pspec (G_OBJECT (self), post_properties[prop]);
  g_object_thaw_notify (G_OBJECT (self));
}

/* HanjiTag -------------------------------------------------------------- */

struct _HanjiTag
{
  GObject  parent_instance;

  char    *name;
  /* case-folded name: the index is sorted the way people look things up */
  char    *sort_key;
  guint    count;
};

G_DEFINE_FINAL_TYPE (HanjiTag, hanji_tag, G_TYPE_OBJECT)

enum {
  TAG_PROP_0,
  TAG_PROP_NAME,
  TAG_PROP_COUNT,
  N_TAG_PROPS
};

static GParamSpec *tag_properties [N_TAG_PROPS];

static void
hanji_tag_finalize (GObject *object)
{
  HanjiTag *self = (HanjiTag *) object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->sort_key, g_free);

  G_OBJECT_CLASS (hanji_tag_parent_class)->finalize (object);
}

static void
hanji_tag_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  HanjiTag *self = HANJI_TAG (object);

  switch (prop_id)
    {
    case TAG_PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case TAG_PROP_COUNT:
      g_value_set_uint (value, self->count);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hanji_tag_class_init (HanjiTagClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hanji_tag_finalize;
  object_class->get_property = hanji_tag_get_property;

  tag_properties[TAG_PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  tag_properties[TAG_PROP_COUNT] =
    g_param_spec_uint ("count", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_TAG_PROPS, tag_properties);
}

static void
hanji_tag_init (HanjiTag *self)
{
}

static HanjiTag *
hanji_tag_new (const char *name)
{
  HanjiTag *self = g_object_new (HANJI_TYPE_TAG, NULL);

  self->name = g_strdup (name);
  self->sort_key = g_utf8_casefold (name, -1);
  return self;
}

const char *
hanji_tag_get_name (HanjiTag *self)
{
  g_return_val_if_fail (HANJI_IS_TAG (self), NULL);

  return self->name;
}

guint
hanji_tag_get_count (HanjiTag *self)
{
  g_return_val_if_fail (HANJI_IS_TAG (self), 0);

  return self->count;
}

static int
tag_compare (gconstpointer a,
             gconstpointer b)
{
  const HanjiTag *ta = a;
  const HanjiTag *tb = b;
  int cmp = strcmp (ta->sort_key, tb->sort_key);

  return cmp != 0 ? cmp : strcmp (ta->name, tb->name);
}

/* Per-site settings ----------------------------------------------------- */

#define SETTINGS_FILE_NAME ".hanji.json"

/* What a site's .hanji.json may set; every member is optional. Paths are
 * relative to the site root. */
typedef struct
{
  gboolean       has_kind;
  HanjiSiteKind  kind;
  gboolean       has_flavor;
  HanjiFlavor    flavor;
  char         **content;
  gboolean       has_drafts;
  char          *drafts;    /* NULL with has_drafts: the site has none */
  char         **static_dirs;
  char          *title;
  char          *language;
  char          *assets;
} SiteSettings;

static void
site_settings_free (SiteSettings *settings)
{
  g_strfreev (settings->content);
  g_free (settings->drafts);
  g_strfreev (settings->static_dirs);
  g_free (settings->title);
  g_free (settings->language);
  g_free (settings->assets);
  g_free (settings);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SiteSettings, site_settings_free)

static const struct {
  const char    *name;
  HanjiSiteKind  kind;
} kind_names[] = {
  { "plain", HANJI_SITE_PLAIN },
  { "jekyll", HANJI_SITE_JEKYLL },
  { "hugo", HANJI_SITE_HUGO },
  { "astro", HANJI_SITE_ASTRO },
  { "eleventy", HANJI_SITE_ELEVENTY },
};

/* A folder inside the site: relative, and never climbing out of it, so
 * that the site stays what hanji_site_contains() says it is. */
static gboolean
is_site_relative_path (const char *path)
{
  g_auto(GStrv) parts = NULL;

  if (path[0] == '\0' || g_path_is_absolute (path))
    return FALSE;

  parts = g_strsplit_set (path, "/\\", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (g_str_equal (parts[i], ".."))
      return FALSE;

  return TRUE;
}

/* A folder name or a non-empty list of them. */
static char **
settings_read_paths (JsonNode    *node,
                     const char  *member,
                     GError     **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) paths = NULL;

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          const char *path = json_node_string (json_array_get_element (array, i));

          if (path == NULL)
            break;
          g_strv_builder_add (builder, path);
        }
      paths = g_strv_builder_end (builder);
      if (g_strv_length (paths) != json_array_get_length (array))
        g_clear_pointer (&paths, g_strfreev);
    }
  else if (json_node_string (node) != NULL)
    {
      g_strv_builder_add (builder, json_node_string (node));
      paths = g_strv_builder_end (builder);
    }

  if (paths == NULL || paths[0] == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("“%s” must be a folder name or a list of folder names"), member);
      return NULL;
    }

  for (guint i = 0; paths[i] != NULL; i++)
    if (!is_site_relative_path (paths[i]))
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                     _("“%s”: “%s” is not a folder inside the site"), member, paths[i]);
        return NULL;
      }

  return g_steal_pointer (&paths);
}

static SiteSettings *
site_settings_parse (const char  *text,
                     gsize        len,
                     GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(SiteSettings) settings = g_new0 (SiteSettings, 1);
  g_autoptr(GList) members = NULL;
  JsonObject *object;
  JsonNode *root;

  if (!json_parser_load_from_data (parser, text, len, error))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("the settings must be a JSON object"));
      return NULL;
    }

  object = json_node_get_object (root);
  members = json_object_get_members (object);

  for (const GList *l = members; l != NULL; l = l->next)
    {
      const char *member = l->data;
      JsonNode *node = json_object_get_member (object, member);
      const char *text_value = json_node_string (node);

      if (g_str_equal (member, "kind"))
        {
          for (guint i = 0; text_value != NULL && i < G_N_ELEMENTS (kind_names); i++)
            if (g_ascii_strcasecmp (text_value, kind_names[i].name) == 0)
              {
                settings->kind = kind_names[i].kind;
                settings->has_kind = TRUE;
              }
          if (!settings->has_kind)
            {
              g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                                   _("“kind” must be one of “hugo”, “jekyll”, “astro”, “eleventy” or “plain”"));
              return NULL;
            }
        }
      else if (g_str_equal (member, "flavor"))
        {
          if (text_value == NULL || !hanji_flavor_from_string (text_value, &settings->flavor))
            {
              g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                                   _("“flavor” must be one of “hugo”, “jekyll” or “commonmark”"));
              return NULL;
            }
          settings->has_flavor = TRUE;
        }
      else if (g_str_equal (member, "content"))
        {
          if (!(settings->content = settings_read_paths (node, member, error)))
            return NULL;
        }
      else if (g_str_equal (member, "static"))
        {
          if (!(settings->static_dirs = settings_read_paths (node, member, error)))
            return NULL;
        }
      else if (g_str_equal (member, "drafts"))
        {
          if (JSON_NODE_HOLDS_NULL (node))
            settings->drafts = NULL;
          else if (text_value != NULL && is_site_relative_path (text_value))
            settings->drafts = g_strdup (text_value);
          else
            {
              g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                                   _("“drafts” must be a folder inside the site, or null"));
              return NULL;
            }
          settings->has_drafts = TRUE;
        }
      else if (g_str_equal (member, "title") || g_str_equal (member, "language") ||
               g_str_equal (member, "assets"))
        {
          char **slot = g_str_equal (member, "title") ? &settings->title :
                        g_str_equal (member, "language") ? &settings->language :
                        &settings->assets;

          if (text_value == NULL)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           /* Translators: %s is a setting's name, "title" say */
                           _("“%s” must be a string"), member);
              return NULL;
            }
          g_free (*slot);
          *slot = g_strdup (text_value);
        }
      else
        {
          /* Later versions may know more; this one leaves them be. */
          g_debug ("%s: ignoring unknown setting “%s”", SETTINGS_FILE_NAME, member);
        }
    }

  return g_steal_pointer (&settings);
}

/* Reads root/.hanji.json. NULL when there is none, or when it is invalid,
 * and then *message says why (translated, for the app to show). */
static SiteSettings *
site_settings_read (GFile  *root,
                    char  **message)
{
  g_autoptr(GFile) file = g_file_get_child (root, SETTINGS_FILE_NAME);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  SiteSettings *settings;
  gsize len = 0;

  if (message != NULL)
    *message = NULL;

  if (!g_file_load_contents (file, NULL, &contents, &len, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) &&
          !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY))
        {
          g_debug ("Ignoring %s: %s", g_file_peek_path (file), error->message);
          if (message != NULL)
            *message = g_strdup_printf ("%s: %s", SETTINGS_FILE_NAME, error->message);
        }
      return NULL;
    }

  settings = site_settings_parse (contents, len, &error);
  if (settings == NULL)
    {
      g_debug ("Ignoring %s: %s", g_file_peek_path (file), error->message);
      if (message != NULL)
        *message = g_strdup_printf ("%s: %s", SETTINGS_FILE_NAME, error->message);
    }

  return settings;
}

/* Detection ------------------------------------------------------------- */

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

static const char * const eleventy_config_names[] = {
  ".eleventy.js", "eleventy.config.js", "eleventy.config.mjs",
  "eleventy.config.cjs", "eleventy.config.ts",
};

static const char * const astro_config_names[] = {
  "astro.config.mjs", "astro.config.js", "astro.config.ts",
  "astro.config.mts", "astro.config.cjs", "astro.config.cts",
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

/* What a site's generator config says that Hanji needs. */
typedef struct
{
  char  *title;
  /* Jekyll's lang, Hugo's languageCode (or defaultContentLanguage) */
  char  *language;
  /* Hugo's contentDir and staticDir */
  char  *content_dir;
  char **static_dirs;
} SiteConfig;

static void
site_config_clear (SiteConfig *config)
{
  g_clear_pointer (&config->title, g_free);
  g_clear_pointer (&config->language, g_free);
  g_clear_pointer (&config->content_dir, g_free);
  g_clear_pointer (&config->static_dirs, g_strfreev);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SiteConfig, site_config_clear)

/* Where the generators keep the site's language. */
static const char *language_keys[] = { "lang", "languageCode", "defaultContentLanguage" };

static char *
dup_site_path (const char *text)
{
  return text != NULL && is_site_relative_path (text) ? g_strdup (text) : NULL;
}

static char **
dup_site_paths (const char * const *paths)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) result = NULL;

  for (guint i = 0; paths != NULL && paths[i] != NULL; i++)
    if (is_site_relative_path (paths[i]))
      g_strv_builder_add (builder, paths[i]);

  result = g_strv_builder_end (builder);
  return result[0] != NULL ? g_steal_pointer (&result) : NULL;
}

static void
read_config_toml (SiteConfig *config,
                  const char *text,
                  gsize       len)
{
  g_autoptr(GHashTable) table = toml_read_top_level (text, len);
  TomlValue *value;

  if ((value = g_hash_table_lookup (table, "title")) != NULL && value->quoted)
    config->title = g_strdup (value->text);
  if (((value = g_hash_table_lookup (table, "languagecode")) != NULL ||
       (value = g_hash_table_lookup (table, "defaultcontentlanguage")) != NULL) &&
      value->items == NULL)
    config->language = g_strdup (value->text);
  if ((value = g_hash_table_lookup (table, "contentdir")) != NULL && value->items == NULL)
    config->content_dir = dup_site_path (value->text);
  if ((value = g_hash_table_lookup (table, "staticdir")) != NULL)
    {
      const char * const one[] = { value->text, NULL };

      config->static_dirs = dup_site_paths (value->items != NULL ? (const char * const *) value->items : one);
    }
}

static void
read_config_yaml (SiteConfig *config,
                  const char *text,
                  gsize       len)
{
  g_autoptr(HanjiFrontMatter) fm = _hanji_front_matter_parse_document (text, len);
  HanjiField *field;

  config->title = g_strdup (hanji_front_matter_get_string (fm, "title"));
  for (guint i = 0; i < G_N_ELEMENTS (language_keys) && config->language == NULL; i++)
    config->language = g_strdup (hanji_front_matter_get_string (fm, language_keys[i]));

  if ((field = lookup_field (fm, "contentDir")) != NULL &&
      hanji_field_get_value_type (field) == HANJI_VALUE_STRING)
    config->content_dir = dup_site_path (hanji_field_get_text (field));

  if ((field = lookup_field (fm, "staticDir")) != NULL)
    {
      const char * const one[] = { hanji_field_get_text (field), NULL };

      if (hanji_field_get_value_type (field) == HANJI_VALUE_LIST)
        config->static_dirs = dup_site_paths (hanji_field_get_items (field));
      else if (hanji_field_get_value_type (field) == HANJI_VALUE_STRING)
        config->static_dirs = dup_site_paths (one);
    }
}

static void
read_config_json (SiteConfig *config,
                  const char *text,
                  gsize       len)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  JsonNode *root;
  JsonNode *node;

  if (!json_parser_load_from_data (parser, text, len, NULL))
    return;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return;
  object = json_node_get_object (root);

  config->title = g_strdup (json_node_string (json_member_ci (object, "title")));
  for (guint i = 0; i < G_N_ELEMENTS (language_keys) && config->language == NULL; i++)
    config->language = g_strdup (json_node_string (json_member_ci (object, language_keys[i])));
  config->content_dir = dup_site_path (json_node_string (json_member_ci (object, "contentDir")));

  node = json_member_ci (object, "staticDir");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      g_auto(GStrv) dirs = json_node_terms (node);

      config->static_dirs = dup_site_paths ((const char * const *) dirs);
    }
  else if (json_node_string (node) != NULL)
    {
      const char * const one[] = { json_node_string (node), NULL };

      config->static_dirs = dup_site_paths (one);
    }
}

/* Reads the generator's config, if the kind has one Hanji understands. */
static void
read_site_config (GFile         *root,
                  HanjiSiteKind  kind,
                  SiteConfig    *config)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *basename = NULL;
  gsize len = 0;

  if (kind == HANJI_SITE_JEKYLL)
    file = find_child (root, jekyll_config_names, G_N_ELEMENTS (jekyll_config_names),
                       G_FILE_TYPE_REGULAR);
  else if (kind == HANJI_SITE_HUGO)
    file = find_child (root, hugo_config_names, G_N_ELEMENTS (hugo_config_names),
                       G_FILE_TYPE_REGULAR);

  if (file == NULL ||
      !g_file_load_contents (file, NULL, &contents, &len, NULL, NULL) ||
      !g_utf8_validate (contents, len, NULL))
    return;

  basename = g_file_get_basename (file);
  if (g_str_has_suffix (basename, ".toml"))
    read_config_toml (config, contents, len);
  else if (g_str_has_suffix (basename, ".json"))
    read_config_json (config, contents, len);
  else
    read_config_yaml (config, contents, len);

  if (config->title != NULL && *g_strstrip (config->title) == '\0')
    g_clear_pointer (&config->title, g_free);
}

static gboolean
is_astro_site (GFile *dir)
{
  g_autoptr(GFile) config = NULL;
  g_autoptr(GFile) package = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;

  if (!has_dir (dir, "src/content"))
    return FALSE;

  config = find_child (dir, astro_config_names, G_N_ELEMENTS (astro_config_names),
                       G_FILE_TYPE_REGULAR);
  if (config != NULL)
    return TRUE;

  /* Without a config file, the dependency on astro says it. A few
   * kilobytes of package.json are cheap to read. */
  package = g_file_get_child (dir, "package.json");
  return g_file_load_contents (package, NULL, &contents, &len, NULL, NULL) &&
         g_strstr_len (contents, len, "\"astro\"") != NULL;
}

/* The kind a folder's files say, without any .hanji.json. */
static HanjiSiteKind
detect_kind_from_files (GFile *dir)
{
  g_autoptr(GFile) config = NULL;

  config = find_child (dir, jekyll_config_names, G_N_ELEMENTS (jekyll_config_names),
                       G_FILE_TYPE_REGULAR);
  if (config != NULL && (has_dir (dir, "_posts") || has_dir (dir, "_drafts")))
    return HANJI_SITE_JEKYLL;

  g_clear_object (&config);
  config = find_child (dir, hugo_config_names, G_N_ELEMENTS (hugo_config_names),
                       G_FILE_TYPE_REGULAR);
  if (config != NULL)
    {
      g_auto(SiteConfig) hugo = { NULL, };

      if (has_dir (dir, "content"))
        return HANJI_SITE_HUGO;

      /* A site whose contentDir is elsewhere has no content/ folder. */
      read_site_config (dir, HANJI_SITE_HUGO, &hugo);
      if (hugo.content_dir != NULL && has_dir (dir, hugo.content_dir))
        return HANJI_SITE_HUGO;
    }

  /* Before Astro: an Eleventy site may well have a src/content/ too. */
  g_clear_object (&config);
  config = find_child (dir, eleventy_config_names, G_N_ELEMENTS (eleventy_config_names),
                       G_FILE_TYPE_REGULAR);
  if (config != NULL)
    return HANJI_SITE_ELEVENTY;

  if (is_astro_site (dir))
    return HANJI_SITE_ASTRO;

  return HANJI_SITE_PLAIN;
}

HanjiSiteKind
hanji_site_detect_kind (GFile *dir)
{
  g_autoptr(SiteSettings) settings = NULL;

  g_return_val_if_fail (G_IS_FILE (dir), HANJI_SITE_PLAIN);

  settings = site_settings_read (dir, NULL);
  if (settings != NULL && settings->has_kind)
    return settings->kind;

  return detect_kind_from_files (dir);
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
      g_autoptr(GFile) settings = g_file_get_child (dir, SETTINGS_FILE_NAME);
      GFile *parent;

      /* A .hanji.json marks a site even when it is invalid: the writer
       * meant this folder, and the site will say what is wrong. */
      if (g_file_query_exists (settings, NULL) ||
          detect_kind_from_files (dir) != HANJI_SITE_PLAIN)
        return g_steal_pointer (&dir);

      parent = g_file_get_parent (dir);
      g_object_unref (dir);
      dir = parent;
    }

  return NULL;
}

static GFile **
files_from_paths (GFile              *root,
                  const char * const *paths)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new ();

  for (guint i = 0; paths != NULL && paths[i] != NULL; i++)
    g_ptr_array_add (files, g_file_resolve_relative_path (root, paths[i]));
  g_ptr_array_add (files, NULL);

  return (GFile **) g_ptr_array_free (g_steal_pointer (&files), FALSE);
}

static void
free_files (GFile **files)
{
  for (guint i = 0; files != NULL && files[i] != NULL; i++)
    g_object_unref (files[i]);
  g_free (files);
}

/* HanjiSite ------------------------------------------------------------- */

/* Posts read by the workers reach the model in batches of about this
 * many, or after this long, whichever comes first: the list fills as the
 * scan goes without an items-changed per post. */
#define BATCH_SIZE 200
#define BATCH_INTERVAL (50 * G_TIME_SPAN_MILLISECOND)

/* Files handed to a reading thread at a time. */
#define FILES_PER_CHUNK 64
#define MAX_READ_THREADS 4

/* A burst of changes (a git pull, an editor's save dance) is taken in one
 * go once the disk has been quiet this long, or at most this late. */
#define DIRTY_QUIET (100 * G_TIME_SPAN_MILLISECOND)
#define DIRTY_MAX_DELAY (500 * G_TIME_SPAN_MILLISECOND)

/* Folder monitors created per main-loop dispatch on a large site. */
#define MONITORS_PER_DISPATCH 256

/* How many re-added items one more items-changed is worth; see
 * store_insert_sorted(). GListStore re-adds an item in a few microseconds
 * (a GSequence insertion), about what one more emission and its handlers
 * cost. With 32, the late batches of the 10,000-post benchmark, scattered
 * all over the list, re-added the whole list in 30 ms splices. */
#define RUN_SPLICE_COST 4

typedef struct _ScanJob ScanJob;

static void     scan_job_stop  (ScanJob *job);
static void     scan_job_unref (ScanJob *job);

/* A folder the site watches. Its monitor comes a little after: large
 * sites get theirs a few at a time. */
typedef struct
{
  GFile        *dir;
  GFileMonitor *monitor;
} WatchedDir;

struct _HanjiSite
{
  GObject        parent_instance;

  GFile         *root;
  char          *title;
  char          *language;
  char          *asset_pattern;
  HanjiSiteKind  kind;
  HanjiFlavor    flavor;
  GFile        **content_dirs;
  GFile         *drafts_dir;
  GFile        **static_dirs;
  char          *settings_error;

  GListStore    *posts;
  /* path → post in posts; borrowed, keyed by the post's own sort_key */
  GHashTable    *by_path;
  GListStore    *tags;
  /* name → HanjiTag in tags; borrowed, keyed by the tag's own name */
  GHashTable    *tag_index;
  GListStore    *categories;
  GHashTable    *category_index;

  /* At most one scan fills the model at a time: the load, or a refresh
   * of the paths the monitors reported. */
  ScanJob       *load_job;
  ScanJob       *refresh_job;
  guint          generation;
  guint          n_scanned;
  gboolean       loaded;

  /* folder path → WatchedDir */
  GHashTable    *watched;
  /* paths of watched folders still without a monitor */
  GQueue         unwatched;
  guint          watch_source;
  /* The parents of the content folders, watched for the creation and
   * removal of the content folders themselves: path → GFileMonitor. */
  GHashTable    *anchors;

  /* Paths reported changed, waiting for the burst to end: path → GFile */
  GHashTable    *dirty;
  gint64         dirty_first;
  gint64         dirty_last;
  gboolean       dirty_now;
  guint          dirty_source;
};

G_DEFINE_FINAL_TYPE (HanjiSite, hanji_site, G_TYPE_OBJECT)

enum {
  SITE_PROP_0,
  SITE_PROP_ROOT,
  SITE_PROP_KIND,
  SITE_PROP_TITLE,
  SITE_PROP_POSTS,
  SITE_PROP_LOADING,
  SITE_PROP_N_SCANNED,
  SITE_PROP_TAGS,
  SITE_PROP_CATEGORIES,
  N_SITE_PROPS
};

static GParamSpec *site_properties [N_SITE_PROPS];

static void monitor_changed_cb (GFileMonitor      *monitor,
                                GFile             *file,
                                GFile             *other_file,
                                GFileMonitorEvent  event,
                                gpointer           user_data);
static void anchor_changed_cb  (GFileMonitor      *monitor,
                                GFile             *file,
                                GFile             *other_file,
                                GFileMonitorEvent  event,
                                gpointer           user_data);

static void
monitor_free (GFileMonitor *monitor)
{
  /* Cancelled and disconnected: nothing may reach a site being torn down. */
  g_signal_handlers_disconnect_matched (monitor, G_SIGNAL_MATCH_FUNC, 0, 0, NULL,
                                        (gpointer) monitor_changed_cb, NULL);
  g_signal_handlers_disconnect_matched (monitor, G_SIGNAL_MATCH_FUNC, 0, 0, NULL,
                                        (gpointer) anchor_changed_cb, NULL);
  g_file_monitor_cancel (monitor);
  g_object_unref (monitor);
}

static void
watched_dir_free (WatchedDir *watched)
{
  g_clear_pointer (&watched->monitor, monitor_free);
  g_object_unref (watched->dir);
  g_free (watched);
}

static void
hanji_site_apply_layout (HanjiSite *self)
{
  g_autoptr(SiteSettings) settings = NULL;
  g_auto(SiteConfig) config = { NULL, };
  const char *content = ".";
  const char *drafts = NULL;
  const char *static_dir = ".";
  g_autofree char *name = NULL;

  settings = site_settings_read (self->root, &self->settings_error);

  self->kind = settings != NULL && settings->has_kind ? settings->kind
                                                      : detect_kind_from_files (self->root);
  read_site_config (self->root, self->kind, &config);

  switch (self->kind)
    {
    case HANJI_SITE_JEKYLL:
      content = "_posts";
      drafts = "_drafts";
      self->flavor = HANJI_FLAVOR_JEKYLL;
      break;

    case HANJI_SITE_HUGO:
      content = config.content_dir != NULL ? config.content_dir : "content";
      static_dir = "static";
      self->flavor = HANJI_FLAVOR_HUGO;
      break;

    case HANJI_SITE_ASTRO:
      content = "src/content";
      static_dir = "public";
      self->flavor = HANJI_FLAVOR_COMMONMARK;
      break;

    case HANJI_SITE_ELEVENTY:
    case HANJI_SITE_PLAIN:
    default:
      self->flavor = HANJI_FLAVOR_COMMONMARK;
      break;
    }

  {
    const char * const contents[] = { content, NULL };
    const char * const statics[] = { static_dir, NULL };

    self->content_dirs = files_from_paths (self->root,
                                           settings != NULL && settings->content != NULL ?
                                           (const char * const *) settings->content : contents);
    self->static_dirs = files_from_paths (self->root,
                                          settings != NULL && settings->static_dirs != NULL ?
                                          (const char * const *) settings->static_dirs :
                                          config.static_dirs != NULL ?
                                          (const char * const *) config.static_dirs : statics);
  }

  if (settings != NULL && settings->has_drafts)
    drafts = settings->drafts;
  if (drafts != NULL)
    self->drafts_dir = g_file_resolve_relative_path (self->root, drafts);

  if (settings != NULL && settings->has_flavor)
    self->flavor = settings->flavor;

  if (settings != NULL && settings->language != NULL)
    self->language = g_strdup (settings->language);
  else
    self->language = g_steal_pointer (&config.language);
  if (settings != NULL && settings->assets != NULL)
    self->asset_pattern = g_strdup (settings->assets);

  if (settings != NULL && settings->title != NULL)
    self->title = g_strdup (settings->title);
  else if (config.title != NULL)
    self->title = g_steal_pointer (&config.title);
  else if ((name = g_file_get_basename (self->root)) != NULL)
    self->title = g_utf8_make_valid (name, -1);
  else
    self->title = g_strdup ("");
}

static void
hanji_site_constructed (GObject *object)
{
  HanjiSite *self = (HanjiSite *) object;

  G_OBJECT_CLASS (hanji_site_parent_class)->constructed (object);

  g_assert (self->root != NULL);

  hanji_site_apply_layout (self);
}

static void
hanji_site_dispose (GObject *object)
{
  HanjiSite *self = (HanjiSite *) object;

  if (self->load_job != NULL)
    scan_job_stop (self->load_job);
  g_clear_pointer (&self->load_job, scan_job_unref);
  if (self->refresh_job != NULL)
    scan_job_stop (self->refresh_job);
  g_clear_pointer (&self->refresh_job, scan_job_unref);

  g_clear_handle_id (&self->dirty_source, g_source_remove);
  g_clear_handle_id (&self->watch_source, g_source_remove);
  g_hash_table_remove_all (self->watched);
  g_hash_table_remove_all (self->anchors);
  g_queue_clear_full (&self->unwatched, g_free);
  g_hash_table_remove_all (self->dirty);

  G_OBJECT_CLASS (hanji_site_parent_class)->dispose (object);
}

static void
hanji_site_finalize (GObject *object)
{
  HanjiSite *self = (HanjiSite *) object;

  g_clear_object (&self->root);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->language, g_free);
  g_clear_pointer (&self->asset_pattern, g_free);
  g_clear_pointer (&self->content_dirs, free_files);
  g_clear_object (&self->drafts_dir);
  g_clear_pointer (&self->static_dirs, free_files);
  g_clear_pointer (&self->settings_error, g_free);

  /* The indexes borrow from the stores: they go first. */
  g_clear_pointer (&self->by_path, g_hash_table_unref);
  g_clear_pointer (&self->tag_index, g_hash_table_unref);
  g_clear_pointer (&self->category_index, g_hash_table_unref);
  g_clear_object (&self->posts);
  g_clear_object (&self->tags);
  g_clear_object (&self->categories);

  g_clear_pointer (&self->watched, g_hash_table_unref);
  g_clear_pointer (&self->anchors, g_hash_table_unref);
  g_clear_pointer (&self->dirty, g_hash_table_unref);

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

    case SITE_PROP_LOADING:
      g_value_set_boolean (value, self->load_job != NULL);
      break;

    case SITE_PROP_N_SCANNED:
      g_value_set_uint (value, self->n_scanned);
      break;

    case SITE_PROP_TAGS:
      g_value_set_object (value, self->tags);
      break;

    case SITE_PROP_CATEGORIES:
      g_value_set_object (value, self->categories);
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
  object_class->dispose = hanji_site_dispose;
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
                      HANJI_SITE_PLAIN, HANJI_SITE_ELEVENTY, HANJI_SITE_PLAIN,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  site_properties[SITE_PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  site_properties[SITE_PROP_POSTS] =
    g_param_spec_object ("posts", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  site_properties[SITE_PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  site_properties[SITE_PROP_N_SCANNED] =
    g_param_spec_uint ("n-scanned", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  site_properties[SITE_PROP_TAGS] =
    g_param_spec_object ("tags", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  site_properties[SITE_PROP_CATEGORIES] =
    g_param_spec_object ("categories", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_SITE_PROPS, site_properties);
}

static void
hanji_site_init (HanjiSite *self)
{
  self->posts = g_list_store_new (HANJI_TYPE_POST);
  self->by_path = g_hash_table_new (g_str_hash, g_str_equal);
  self->tags = g_list_store_new (HANJI_TYPE_TAG);
  self->tag_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->categories = g_list_store_new (HANJI_TYPE_TAG);
  self->category_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->watched = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) watched_dir_free);
  self->anchors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) monitor_free);
  self->dirty = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  g_queue_init (&self->unwatched);
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

  return self->flavor;
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

GFile *
hanji_site_get_content_dir (HanjiSite *self)
{
  g_return_val_if_fail (HANJI_IS_SITE (self), NULL);

  return self->content_dirs[0];
}

GFile **
hanji_site_get_content_dirs (HanjiSite *self)
{
  g_return_val_if_fail (HANJI_IS_SITE (self), NULL);

  return self->content_dirs;
}

GFile *
hanji_site_get_drafts_dir (HanjiSite *self)
{
  g_return_val_if_fail (HANJI_IS_SITE (self), NULL);

  return self->drafts_dir;
}

const char *
hanji_site_get_language (HanjiSite *self)
{
  g_return_val_if_fail (HANJI_IS_SITE (self), NULL);

  return self->language;
}

const char *
hanji_site_get_asset_pattern (HanjiSite *self)
{
  g_return_val_if_fail (HANJI_IS_SITE (self), NULL);

  return self->asset_pattern;
}

GFile **
hanji_site_get_static_dirs (HanjiSite *self)
{
  g_return_val_if_fail (HANJI_IS_SITE (self), NULL);

  return self->static_dirs;
}

const char *
hanji_site_get_settings_error (HanjiSite *self)
{
  g_return_val_if_fail (HANJI_IS_SITE (self), NULL);

  return self->settings_error;
}

gboolean
hanji_site_get_loading (HanjiSite *self)
{
  g_return_val_if_fail (HANJI_IS_SITE (self), FALSE);

  return self->load_job != NULL;
}

guint
hanji_site_get_n_scanned (HanjiSite *self)
{
  g_return_val_if_fail (HANJI_IS_SITE (self), 0);

  return self->n_scanned;
}

GListModel *
hanji_site_get_tags (HanjiSite *self)
{
  g_return_val_if_fail (HANJI_IS_SITE (self), NULL);

  return G_LIST_MODEL (self->tags);
}

GListModel *
hanji_site_get_categories (HanjiSite *self)
{
  g_return_val_if_fail (HANJI_IS_SITE (self), NULL);

  return G_LIST_MODEL (self->categories);
}

HanjiPost *
hanji_site_lookup_post (HanjiSite *self,
                        GFile     *file)
{
  const char *path;

  g_return_val_if_fail (HANJI_IS_SITE (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  path = g_file_peek_path (file);
  return path != NULL ? g_hash_table_lookup (self->by_path, path) : NULL;
}

static void
hanji_site_set_n_scanned (HanjiSite *self,
                          guint      n_scanned)
{
  if (self->n_scanned == n_scanned)
    return;

  self->n_scanned = n_scanned;
  g_object_notify_by_pspec (G_OBJECT (self), site_properties[SITE_PROP_N_SCANNED]);
}

/* TRUE when path is one of the folders posts are read from, or inside
 * one and in no folder the scan skips (nor hidden itself). */
static gboolean
hanji_site_covers (HanjiSite  *self,
                   const char *path)
{
  g_autoptr(GPtrArray) roots = g_ptr_array_new ();

  for (guint i = 0; self->content_dirs[i] != NULL; i++)
    g_ptr_array_add (roots, self->content_dirs[i]);
  if (self->drafts_dir != NULL)
    g_ptr_array_add (roots, self->drafts_dir);

  for (guint i = 0; i < roots->len; i++)
    {
      const char *root = g_file_peek_path (roots->pdata[i]);
      g_auto(GStrv) parts = NULL;
      gsize len;

      if (root == NULL || !path_is_within (path, root))
        continue;

      len = strlen (root);
      while (len > 1 && root[len - 1] == G_DIR_SEPARATOR)
        len--;

      parts = g_strsplit (path + len, G_DIR_SEPARATOR_S, -1);
      for (guint j = 0; parts[j] != NULL; j++)
        if (parts[j][0] != '\0' && is_skipped_dir (parts[j]))
          return FALSE;

      return TRUE;
    }

  return FALSE;
}

/* Sorted stores ---------------------------------------------------------- */

/* Borrowed: the store keeps its own reference. */
static gpointer
peek_item (GListModel *model,
           guint       position)
{
  gpointer item = g_list_model_get_item (model, position);

  g_object_unref (item);
  return item;
}

/* The first position in [lo, hi) whose item does not sort before item. */
static guint
store_lower_bound (GListModel    *model,
                   gconstpointer  item,
                   guint          lo,
                   guint          hi,
                   GCompareFunc   compare)
{
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (compare (peek_item (model, mid), item) < 0)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

static gboolean
store_find (GListStore   *store,
            gpointer      item,
            GCompareFunc  compare,
            guint        *position)
{
  GListModel *model = G_LIST_MODEL (store);
  guint n = g_list_model_get_n_items (model);
  guint pos = store_lower_bound (model, item, 0, n, compare);

  if (pos < n && peek_item (model, pos) == item)
    {
      *position = pos;
      return TRUE;
    }

  /* Not where the order says; only a bug could do that, but a linear
   * search is better than a stale item. */
  return g_list_store_find (store, item, position);
}

/* Inserts items (sorted by compare) into the sorted store. Each splice is
 * one items-changed, and everything downstream of the model pays for
 * every item a change covers: a few insertions are cheapest one by one,
 * a batch scattered all over the list as one splice over the stretch it
 * touches, which re-adds the items already there. Either way the work is
 * linear in the batch and the stretch, never quadratic in the site. */
static void
store_insert_sorted (GListStore   *store,
                     GPtrArray    *items,
                     GCompareFunc  compare)
{
  GListModel *model = G_LIST_MODEL (store);
  guint n = g_list_model_get_n_items (model);
  g_autofree guint *positions = NULL;
  guint n_runs = 0;
  guint lo = 0;
  guint span;

  if (items->len == 0)
    return;

  if (n == 0)
    {
      g_list_store_splice (store, 0, 0, items->pdata, items->len);
      return;
    }

  positions = g_new (guint, items->len);
  for (guint i = 0; i < items->len; i++)
    {
      lo = store_lower_bound (model, items->pdata[i], lo, n, compare);
      positions[i] = lo;
      if (i == 0 || positions[i] != positions[i - 1])
        n_runs++;
    }

  span = positions[items->len - 1] - positions[0];

  if ((gsize) n_runs * RUN_SPLICE_COST <= (gsize) span + items->len)
    {
      guint end = items->len;

      /* Back to front, so that the positions still to come stay valid. */
      while (end > 0)
        {
          guint start = end - 1;

          while (start > 0 && positions[start - 1] == positions[end - 1])
            start--;
          g_list_store_splice (store, positions[start], 0, items->pdata + start, end - start);
          end = start;
        }
    }
  else
    {
      g_autoptr(GPtrArray) merged = g_ptr_array_new_full (span + items->len, g_object_unref);
      guint first = positions[0];
      guint j = 0;

      for (guint p = first; p < first + span; p++)
        {
          while (j < items->len && positions[j] <= p)
            g_ptr_array_add (merged, g_object_ref (items->pdata[j++]));
          g_ptr_array_add (merged, g_list_model_get_item (model, p));
        }
      while (j < items->len)
        g_ptr_array_add (merged, g_object_ref (items->pdata[j++]));

      g_list_store_splice (store, first, span, merged->pdata, merged->len);
    }
}

static int
compare_uint (gconstpointer a,
              gconstpointer b)
{
  guint ua = *(const guint *) a;
  guint ub = *(const guint *) b;

  return ua < ub ? -1 : ua > ub;
}

/* Removes the items at positions, one splice per run of neighbours. */
static void
store_remove_positions (GListStore *store,
                        GArray     *positions)
{
  guint i;

  g_array_sort (positions, compare_uint);

  i = positions->len;
  while (i > 0)
    {
      guint end = g_array_index (positions, guint, i - 1);
      guint start = end;

      i--;
      while (i > 0 && g_array_index (positions, guint, i - 1) + 1 >= start)
        {
          start = MIN (start, g_array_index (positions, guint, i - 1));
          i--;
        }

      g_list_store_splice (store, start, end - start + 1, NULL, 0);
    }
}

/* The item at old_pos changed and may belong elsewhere now. It moves in
 * one splice over the stretch between its old and new places, so that
 * it is in the change's additions: a GtkSingleSelection then keeps it
 * selected instead of selecting a neighbour. */
static void
store_reposition (GListStore   *store,
                  guint         old_pos,
                  GCompareFunc  compare)
{
  GListModel *model = G_LIST_MODEL (store);
  guint n = g_list_model_get_n_items (model);
  g_autoptr(GObject) item = g_list_model_get_item (model, old_pos);
  g_autoptr(GPtrArray) moved = NULL;
  guint lo = 0;
  guint hi = n - 1;
  guint new_pos;
  guint first;
  guint last;

  /* Where it goes among the others: positions skip old_pos. */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (compare (peek_item (model, mid < old_pos ? mid : mid + 1), item) < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  new_pos = lo;

  if (new_pos == old_pos)
    {
      /* Same place: still an items-changed, so that rows rebind. */
      g_list_store_splice (store, old_pos, 1, (gpointer *) &item, 1);
      return;
    }

  first = MIN (old_pos, new_pos);
  last = MAX (old_pos, new_pos);
  moved = g_ptr_array_new_full (last - first + 1, g_object_unref);

  if (new_pos < old_pos)
    {
      g_ptr_array_add (moved, g_object_ref (item));
      for (guint p = new_pos; p < old_pos; p++)
        g_ptr_array_add (moved, g_list_model_get_item (model, p));
    }
  else
    {
      for (guint p = old_pos + 1; p <= new_pos; p++)
        g_ptr_array_add (moved, g_list_model_get_item (model, p));
      g_ptr_array_add (moved, g_object_ref (item));
    }

  g_list_store_splice (store, first, last - first + 1, moved->pdata, moved->len);
}

static int
post_compare_items (gconstpointer a,
                    gconstpointer b)
{
  return post_compare (a, b);
}

static int
post_compare_ptrs (gconstpointer a,
                   gconstpointer b)
{
  return post_compare (*(HanjiPost * const *) a, *(HanjiPost * const *) b);
}

static int
tag_compare_ptrs (gconstpointer a,
                  gconstpointer b)
{
  return tag_compare (*(HanjiTag * const *) a, *(HanjiTag * const *) b);
}

/* Tag and category index ------------------------------------------------- */

/* Adds sign to the count of each of terms, once per post even when the
 * post lists a term twice. deltas: name → GINT_TO_POINTER. */
static void
count_terms (GHashTable *deltas,
             char      **terms,
             int         sign)
{
  for (guint i = 0; terms != NULL && terms[i] != NULL; i++)
    {
      gboolean repeated = FALSE;

      for (guint j = 0; j < i && !repeated; j++)
        repeated = g_str_equal (terms[i], terms[j]);
      if (repeated)
        continue;

      g_hash_table_insert (deltas, g_strdup (terms[i]),
                           GINT_TO_POINTER (GPOINTER_TO_INT (g_hash_table_lookup (deltas, terms[i])) + sign));
    }
}

static void
apply_term_deltas (GListStore *store,
                   GHashTable *index,
                   GHashTable *deltas)
{
  g_autoptr(GArray) removals = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GPtrArray) additions = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) recounted = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer key;
  gpointer value;

  g_hash_table_iter_init (&iter, deltas);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      int delta = GPOINTER_TO_INT (value);
      HanjiTag *tag;

      if (delta == 0)
        continue;

      tag = g_hash_table_lookup (index, key);
      if (tag != NULL && (gint64) tag->count + delta <= 0)
        {
          guint position;

          if (store_find (store, tag, tag_compare, &position))
            g_array_append_val (removals, position);
          g_hash_table_remove (index, tag->name);
        }
      else if (tag != NULL)
        {
          tag->count += delta;
          g_ptr_array_add (recounted, g_object_ref (tag));
        }
      else if (delta > 0)
        {
          tag = hanji_tag_new (key);
          tag->count = delta;
          g_hash_table_insert (index, tag->name, tag);
          g_ptr_array_add (additions, tag);
        }
    }

  store_remove_positions (store, removals);
  g_ptr_array_sort (additions, tag_compare_ptrs);
  store_insert_sorted (store, additions, tag_compare);

  for (guint i = 0; i < recounted->len; i++)
    g_object_notify_by_pspec (recounted->pdata[i], tag_properties[TAG_PROP_COUNT]);
}

typedef struct
{
  GHashTable *tags;
  GHashTable *categories;
} TermDeltas;

static void
term_deltas_init (TermDeltas *deltas)
{
  deltas->tags = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  deltas->categories = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

static void
term_deltas_count (TermDeltas *deltas,
                   HanjiPost  *post,
                   int         sign)
{
  count_terms (deltas->tags, post->tags, sign);
  count_terms (deltas->categories, post->categories, sign);
}

static void
term_deltas_apply (TermDeltas *deltas,
                   HanjiSite  *self)
{
  apply_term_deltas (self->tags, self->tag_index, deltas->tags);
  apply_term_deltas (self->categories, self->category_index, deltas->categories);
  g_clear_pointer (&deltas->tags, g_hash_table_unref);
  g_clear_pointer (&deltas->categories, g_hash_table_unref);
}

/* Applying scan results --------------------------------------------------- */

/* Posts freshly read by a scan: new ones are merged into the model in one
 * sorted batch; known ones update the post the model already holds. */
static void
hanji_site_apply_posts (HanjiSite *self,
                        GPtrArray *fresh,
                        guint      generation)
{
  g_autoptr(GPtrArray) additions = g_ptr_array_new_with_free_func (g_object_unref);
  TermDeltas deltas;

  if (fresh == NULL || fresh->len == 0)
    return;

  term_deltas_init (&deltas);

  for (guint i = 0; i < fresh->len; i++)
    {
      HanjiPost *post = fresh->pdata[i];
      HanjiPost *known = g_hash_table_lookup (self->by_path, post->sort_key);
      guint position;
      guint changed;

      if (known == NULL)
        {
          post->generation = generation;
          g_hash_table_insert (self->by_path, post->sort_key, post);
          term_deltas_count (&deltas, post, +1);
          g_ptr_array_add (additions, g_object_ref (post));
          continue;
        }

      known->generation = generation;

      /* Found before the summary changes: the search goes by the order
       * the model is in. */
      if (!store_find (self->posts, known, post_compare_items, &position))
        position = G_MAXUINT;

      term_deltas_count (&deltas, known, -1);
      term_deltas_count (&deltas, post, +1);
      changed = hanji_post_take_summary (known, post);
      if (changed == 0)
        continue;

      if (position != G_MAXUINT)
        store_reposition (self->posts, position, post_compare_items);
      hanji_post_notify_changed (known, changed);
    }

  g_ptr_array_sort (additions, post_compare_ptrs);
  store_insert_sorted (self->posts, additions, post_compare_items);

  term_deltas_apply (&deltas, self);
}

static void
hanji_site_remove_posts (HanjiSite *self,
                         GPtrArray *gone)
{
  g_autoptr(GArray) positions = NULL;
  TermDeltas deltas;

  if (gone->len == 0)
    return;

  positions = g_array_sized_new (FALSE, FALSE, sizeof (guint), gone->len);
  term_deltas_init (&deltas);

  /* Every position is found before any is removed. */
  for (guint i = 0; i < gone->len; i++)
    {
      HanjiPost *post = gone->pdata[i];
      guint position;

      if (store_find (self->posts, post, post_compare_items, &position))
        g_array_append_val (positions, position);
      g_hash_table_remove (self->by_path, post->sort_key);
      term_deltas_count (&deltas, post, -1);
    }

  store_remove_positions (self->posts, positions);
  term_deltas_apply (&deltas, self);
}

/* Scanning -------------------------------------------------------------- */

/* A folder's identity, so that a link back up the tree (or two links to
 * one folder) is walked once. */
typedef struct
{
  guint64 device;
  guint64 inode;
} DirId;

static guint
dir_id_hash (gconstpointer data)
{
  const DirId *id = data;

  return (guint) (id->inode ^ (id->inode >> 32) ^ (id->device * 16777619u));
}

static gboolean
dir_id_equal (gconstpointer a,
              gconstpointer b)
{
  const DirId *ia = a;
  const DirId *ib = b;

  return ia->device == ib->device && ia->inode == ib->inode;
}

/* One walk over some folders (the load: the content folders; a refresh:
 * the paths the monitors reported), shared by the walking thread, the
 * reading threads and the main context. */
struct _ScanJob
{
  gatomicrefcount  ref_count;
  /* Weak: the last reference to a job may go on a worker thread, and the
   * site must never be finalized there. */
  GWeakRef         site;
  GMainContext    *context;
  GCancellable    *cancellable;
  guint            generation;
  gboolean         is_load;
  int              stopped;          /* atomic */

  GFile           *root;
  GPtrArray       *roots;            /* GFile */
  char            *drafts_dir;       /* path, or NULL */

  /* The walking thread's own, until the walk is over. */
  char            *root_real;
  GHashTable      *visited;          /* DirId set */
  GThreadPool     *pool;
  GPtrArray       *chunk;            /* GFile: files not yet handed out */
  GPtrArray       *dirs;             /* GFile: every folder walked */

  GMutex           mutex;
  GPtrArray       *pending;          /* HanjiPost read, not yet in the model */
  gboolean         flush_queued;
  gint64           last_flush;
  guint            n_scanned;
};

static ScanJob *
scan_job_new (HanjiSite    *site,
              GPtrArray    *roots,
              gboolean      is_load,
              GCancellable *cancellable)
{
  ScanJob *job = g_new0 (ScanJob, 1);

  g_atomic_ref_count_init (&job->ref_count);
  g_weak_ref_init (&job->site, site);
  job->context = g_main_context_ref_thread_default ();
  job->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  job->generation = ++site->generation;
  job->is_load = is_load;
  job->root = g_object_ref (site->root);
  job->roots = g_ptr_array_ref (roots);
  job->drafts_dir = site->drafts_dir != NULL ? g_file_get_path (site->drafts_dir) : NULL;
  job->visited = g_hash_table_new_full (dir_id_hash, dir_id_equal, g_free, NULL);
  job->dirs = g_ptr_array_new_with_free_func (g_object_unref);
  g_mutex_init (&job->mutex);
  job->pending = g_ptr_array_new_with_free_func (g_object_unref);
  job->last_flush = g_get_monotonic_time ();

  return job;
}

static ScanJob *
scan_job_ref (ScanJob *job)
{
  g_atomic_ref_count_inc (&job->ref_count);
  return job;
}

static void
scan_job_unref (ScanJob *job)
{
  if (!g_atomic_ref_count_dec (&job->ref_count))
    return;

  g_weak_ref_clear (&job->site);
  g_main_context_unref (job->context);
  g_clear_object (&job->cancellable);
  g_clear_object (&job->root);
  g_ptr_array_unref (job->roots);
  g_free (job->drafts_dir);
  g_free (job->root_real);
  g_hash_table_unref (job->visited);
  g_clear_pointer (&job->chunk, g_ptr_array_unref);
  g_ptr_array_unref (job->dirs);
  g_mutex_clear (&job->mutex);
  g_ptr_array_unref (job->pending);
  g_free (job);
}

/* Superseded by a newer scan, or the site is going away. */
static void
scan_job_stop (ScanJob *job)
{
  g_atomic_int_set (&job->stopped, TRUE);
}

static gboolean
scan_job_is_stopped (ScanJob *job)
{
  return g_atomic_int_get (&job->stopped) || g_cancellable_is_cancelled (job->cancellable);
}

static GPtrArray *
scan_job_take_pending (ScanJob *job,
                       guint   *n_scanned)
{
  GPtrArray *posts;

  g_mutex_lock (&job->mutex);
  posts = g_steal_pointer (&job->pending);
  job->pending = g_ptr_array_new_with_free_func (g_object_unref);
  job->flush_queued = FALSE;
  job->last_flush = g_get_monotonic_time ();
  *n_scanned = job->n_scanned;
  g_mutex_unlock (&job->mutex);

  return posts;
}

static gboolean
scan_job_flush_cb (gpointer user_data)
{
  ScanJob *job = user_data;
  g_autoptr(HanjiSite) self = g_weak_ref_get (&job->site);
  g_autoptr(GPtrArray) posts = NULL;
  guint n_scanned = 0;

  posts = scan_job_take_pending (job, &n_scanned);

  if (self == NULL || self->load_job != job || scan_job_is_stopped (job))
    return G_SOURCE_REMOVE;

  hanji_site_apply_posts (self, posts, job->generation);
  hanji_site_set_n_scanned (self, n_scanned);

  return G_SOURCE_REMOVE;
}

/* From the reading threads. A load's posts go to the main context in
 * batches; a refresh's all at once when it is done. */
static void
scan_job_deliver (ScanJob   *job,
                  GPtrArray *posts,
                  guint      n_read)
{
  gboolean queue = FALSE;

  g_mutex_lock (&job->mutex);
  g_ptr_array_extend_and_steal (job->pending, g_ptr_array_ref (posts));
  job->n_scanned += n_read;
  if (job->is_load && !job->flush_queued &&
      (job->pending->len >= BATCH_SIZE ||
       g_get_monotonic_time () - job->last_flush >= BATCH_INTERVAL))
    job->flush_queued = queue = TRUE;
  g_mutex_unlock (&job->mutex);

  /* Below the redraw priority, so that a window stays responsive while
   * the list fills. */
  if (queue)
    g_main_context_invoke_full (job->context, G_PRIORITY_DEFAULT_IDLE,
                                scan_job_flush_cb, scan_job_ref (job),
                                (GDestroyNotify) scan_job_unref);
}

static HanjiPost *
scan_job_read_post (ScanJob *job,
                    GFile   *file,
                    char    *buffer)
{
  g_autoptr(HanjiPost) post = hanji_post_new (file);
  g_autoptr(GError) error = NULL;

  if (!hanji_post_read (post, buffer, job->cancellable, &error))
    {
      /* Gone since the folder was listed: a later event will say so. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) ||
          g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return NULL;

      /* Listed all the same: the writer should see that it is there. */
      g_debug ("Cannot read %s: %s", post->sort_key, error->message);
      post->error = g_strdup_printf (_("the file could not be read: %s"), error->message);
    }

  hanji_post_complete (post, job->drafts_dir);
  return g_steal_pointer (&post);
}

static void
scan_job_read_chunk (gpointer data,
                     gpointer user_data)
{
  g_autoptr(GPtrArray) files = data;
  ScanJob *job = user_data;
  g_autoptr(GPtrArray) posts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *buffer = g_malloc (POST_HEAD_SIZE + 1);
  guint n_read = 0;

  for (guint i = 0; i < files->len && !scan_job_is_stopped (job); i++)
    {
      HanjiPost *post = scan_job_read_post (job, files->pdata[i], buffer);

      n_read++;
      if (post != NULL)
        g_ptr_array_add (posts, post);
    }

  scan_job_deliver (job, posts, n_read);
}

static void
scan_job_hand_out (ScanJob *job)
{
  GPtrArray *chunk = g_steal_pointer (&job->chunk);

  job->chunk = g_ptr_array_new_with_free_func (g_object_unref);

  if (chunk->len == 0)
    g_ptr_array_unref (chunk);
  else if (job->pool == NULL || !g_thread_pool_push (job->pool, chunk, NULL))
    scan_job_read_chunk (chunk, job);
}

static void
scan_job_add_file (ScanJob *job,
                   GFile   *file)
{
  g_ptr_array_add (job->chunk, g_object_ref (file));
  if (job->chunk->len >= FILES_PER_CHUNK)
    scan_job_hand_out (job);
}

/* A linked folder is followed only when it leads somewhere inside the
 * site: what the list shows, hanji_site_contains() accepts. */
static gboolean
scan_job_link_stays_inside (ScanJob *job,
                            GFile   *link)
{
  g_autofree char *path = g_file_get_path (link);
  char *real;
  gboolean inside;

  if (path == NULL || job->root_real == NULL)
    return FALSE;

  real = realpath (path, NULL);
  inside = real != NULL && path_is_within (real, job->root_real);
  free (real);

  return inside;
}

/* Local paths always have a basename; the sort is by its bytes. */
static int
compare_names_descending (gconstpointer a,
                          gconstpointer b)
{
  const char *pa = g_file_peek_path (*(GFile * const *) a);
  const char *pb = g_file_peek_path (*(GFile * const *) b);

  return g_strcmp0 (pb, pa);
}

static void
scan_job_walk (ScanJob *job,
               GFile   *dir,
               guint    depth)
{
  g_autoptr(GFileEnumerator) enumerator = NULL;
  g_autoptr(GFileInfo) dir_info = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GPtrArray) folders = NULL;

  if (depth > MAX_SCAN_DEPTH || scan_job_is_stopped (job))
    return;

  files = g_ptr_array_new_with_free_func (g_object_unref);
  folders = g_ptr_array_new_with_free_func (g_object_unref);

  dir_info = g_file_query_info (dir,
                                G_FILE_ATTRIBUTE_UNIX_DEVICE ","
                                G_FILE_ATTRIBUTE_UNIX_INODE,
                                G_FILE_QUERY_INFO_NONE,
                                job->cancellable, &error);
  if (dir_info == NULL)
    {
      g_debug ("Not scanning %s: %s", g_file_peek_path (dir), error->message);
      return;
    }

  if (g_file_info_has_attribute (dir_info, G_FILE_ATTRIBUTE_UNIX_INODE))
    {
      DirId *id = g_new (DirId, 1);

      id->device = g_file_info_get_attribute_uint32 (dir_info, G_FILE_ATTRIBUTE_UNIX_DEVICE);
      id->inode = g_file_info_get_attribute_uint64 (dir_info, G_FILE_ATTRIBUTE_UNIX_INODE);
      if (!g_hash_table_add (job->visited, id))
        {
          g_debug ("Not scanning %s again (a link loop?)", g_file_peek_path (dir));
          return;
        }
    }

  g_ptr_array_add (job->dirs, g_object_ref (dir));

  /* Name and type only: GLib then takes the type from the directory
   * entry and spares a stat per file. */
  enumerator = g_file_enumerate_children (dir,
                                          G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                          G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                          G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS,
                                          job->cancellable, &error);
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

      if (!g_file_enumerator_iterate (enumerator, &info, &child, job->cancellable, &error))
        {
          g_debug ("Stopped scanning %s: %s", g_file_peek_path (dir), error->message);
          break;
        }

      if (info == NULL)
        break;

      name = g_file_info_get_name (info);
      type = g_file_info_get_file_type (info);

      if (name[0] == '.')
        continue;

      if (type == G_FILE_TYPE_SYMBOLIC_LINK)
        {
          type = g_file_query_file_type (child, G_FILE_QUERY_INFO_NONE, job->cancellable);
          if (type == G_FILE_TYPE_DIRECTORY && !scan_job_link_stays_inside (job, child))
            continue;
        }

      if (type == G_FILE_TYPE_DIRECTORY)
        {
          if (!is_skipped_dir (name))
            g_ptr_array_add (folders, g_object_ref (child));
        }
      else if (type == G_FILE_TYPE_REGULAR && is_markdown_name (name))
        {
          /* Only regular files: opening a FIFO named post.md would block
           * the scan for good. */
          g_ptr_array_add (files, g_object_ref (child));
        }
    }

  /* Names newest first: Jekyll's dated names and yearly folders then
   * reach the model roughly in its order, so that a batch lands in a few
   * stretches instead of all over the list. */
  g_ptr_array_sort (files, compare_names_descending);
  g_ptr_array_sort (folders, compare_names_descending);

  for (guint i = 0; i < files->len; i++)
    scan_job_add_file (job, files->pdata[i]);
  for (guint i = 0; i < folders->len && !scan_job_is_stopped (job); i++)
    scan_job_walk (job, folders->pdata[i], depth + 1);
}

static void
scan_job_scan_root (ScanJob *job,
                    GFile   *root)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (root);
  GFileType type;

  info = g_file_query_info (root,
                            G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                            G_FILE_ATTRIBUTE_STANDARD_IS_SYMLINK,
                            G_FILE_QUERY_INFO_NONE,
                            job->cancellable, &error);
  if (info == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_debug ("Not scanning %s: %s", g_file_peek_path (root), error->message);
      return;
    }

  type = g_file_info_get_file_type (info);

  /* The site judged the path's name (hanji_site_covers()); where a link
   * leads is for the walk to judge, as it would have in the folder. */
  if (!job->is_load && type == G_FILE_TYPE_DIRECTORY &&
      g_file_info_get_is_symlink (info) && !scan_job_link_stays_inside (job, root))
    return;

  if (type == G_FILE_TYPE_DIRECTORY)
    scan_job_walk (job, root, 0);
  else if (type == G_FILE_TYPE_REGULAR && name != NULL && is_markdown_name (name))
    scan_job_add_file (job, root);
}

static void
scan_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ScanJob *job = task_data;
  g_autofree char *root_path = g_file_get_path (job->root);
  guint n_threads = CLAMP (g_get_num_processors (), 1, MAX_READ_THREADS);
  char *real;

  if (root_path != NULL && (real = realpath (root_path, NULL)) != NULL)
    {
      job->root_real = g_strdup (real);
      free (real);
    }

  /* This thread walks the folders; files are read and parsed by a few
   * others meanwhile. */
  job->pool = g_thread_pool_new (scan_job_read_chunk, job, n_threads, FALSE, NULL);
  job->chunk = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < job->roots->len && !scan_job_is_stopped (job); i++)
    scan_job_scan_root (job, job->roots->pdata[i]);

  scan_job_hand_out (job);
  if (job->pool != NULL)
    g_thread_pool_free (g_steal_pointer (&job->pool), FALSE, TRUE);

  if (g_task_return_error_if_cancelled (task))
    return;

  g_task_return_boolean (task, TRUE);
}

static void
hanji_site_remove_stale (HanjiSite *self,
                         ScanJob   *job)
{
  g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->by_path);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      HanjiPost *post = value;
      gboolean covered = job->is_load;

      if (post->generation == job->generation)
        continue;

      for (guint i = 0; !covered && i < job->roots->len; i++)
        {
          const char *root = g_file_peek_path (job->roots->pdata[i]);

          covered = root != NULL && path_is_within (post->sort_key, root);
        }

      if (covered)
        g_ptr_array_add (gone, g_object_ref (post));
    }

  hanji_site_remove_posts (self, gone);
}

/* Monitors -------------------------------------------------------------- */

static void hanji_site_queue_dirty (HanjiSite *self,
                                    GFile     *file,
                                    gboolean   now);

static gboolean
hanji_site_watch_some (HanjiSite *self)
{
  for (guint i = 0; i < MONITORS_PER_DISPATCH && !g_queue_is_empty (&self->unwatched); i++)
    {
      g_autofree char *path = g_queue_pop_head (&self->unwatched);
      WatchedDir *watched = g_hash_table_lookup (self->watched, path);
      g_autoptr(GError) error = NULL;

      if (watched == NULL || watched->monitor != NULL)
        continue;

      watched->monitor = g_file_monitor_directory (watched->dir, G_FILE_MONITOR_WATCH_MOVES,
                                                   NULL, &error);
      if (watched->monitor == NULL)
        {
          g_debug ("Not watching %s: %s", path, error->message);
          continue;
        }

      g_signal_connect (watched->monitor, "changed", G_CALLBACK (monitor_changed_cb), self);
    }

  return !g_queue_is_empty (&self->unwatched);
}

static gboolean
watch_idle_cb (gpointer user_data)
{
  HanjiSite *self = user_data;

  if (hanji_site_watch_some (self))
    return G_SOURCE_CONTINUE;

  self->watch_source = 0;
  return G_SOURCE_REMOVE;
}

/* Makes the watched folders those the job walked, below its roots. */
static void
hanji_site_watch (HanjiSite *self,
                  ScanJob   *job)
{
  g_autoptr(GHashTable) walked = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer key;

  for (guint i = 0; i < job->dirs->len; i++)
    if (g_file_peek_path (job->dirs->pdata[i]) != NULL)
      g_hash_table_add (walked, (gpointer) g_file_peek_path (job->dirs->pdata[i]));

  g_hash_table_iter_init (&iter, self->watched);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      gboolean covered = job->is_load;

      for (guint i = 0; !covered && i < job->roots->len; i++)
        {
          const char *root = g_file_peek_path (job->roots->pdata[i]);

          covered = root != NULL && path_is_within (key, root);
        }

      if (covered && !g_hash_table_contains (walked, key))
        g_hash_table_iter_remove (&iter);
    }

  for (guint i = 0; i < job->dirs->len; i++)
    {
      GFile *dir = job->dirs->pdata[i];
      const char *path = g_file_peek_path (dir);
      WatchedDir *watched;

      if (path == NULL || g_hash_table_contains (self->watched, path))
        continue;

      watched = g_new0 (WatchedDir, 1);
      watched->dir = g_object_ref (dir);
      g_hash_table_insert (self->watched, g_strdup (path), watched);
      g_queue_push_tail (&self->unwatched, g_strdup (path));
    }

  /* A small site is fully watched when its load is done; a large one
   * gets the rest of its monitors over the next few dispatches. */
  if (hanji_site_watch_some (self) && self->watch_source == 0)
    self->watch_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, watch_idle_cb, self, NULL);

  if (!job->is_load)
    return;

  /* The content folders themselves may be created or removed later (a
   * Jekyll site without _drafts/ yet): their parents tell. */
  for (guint i = 0; i < job->roots->len; i++)
    {
      GFile *root = job->roots->pdata[i];
      g_autoptr(GFile) parent = NULL;
      g_autoptr(GError) error = NULL;
      GFileMonitor *monitor;

      if (g_file_equal (root, self->root) ||
          (parent = g_file_get_parent (root)) == NULL ||
          g_file_peek_path (parent) == NULL ||
          g_hash_table_contains (self->anchors, g_file_peek_path (parent)))
        continue;

      monitor = g_file_monitor_directory (parent, G_FILE_MONITOR_WATCH_MOVES, NULL, &error);
      if (monitor == NULL)
        {
          g_debug ("Not watching %s: %s", g_file_peek_path (parent), error->message);
          continue;
        }

      g_signal_connect (monitor, "changed", G_CALLBACK (anchor_changed_cb), self);
      g_hash_table_insert (self->anchors, g_strdup (g_file_peek_path (parent)), monitor);
    }
}

/* Whether a changed path can matter to the model: a post, a folder the
 * site watches, or (may_be_folder) a new folder. */
static void
hanji_site_consider (HanjiSite *self,
                     GFile     *file,
                     gboolean   may_be_folder)
{
  const char *path;
  const char *name;

  if (file == NULL || (path = g_file_peek_path (file)) == NULL ||
      !hanji_site_covers (self, path))
    return;

  /* covers() left out hidden names (editors' swap and backup files) and
   * skipped folders. */
  name = strrchr (path, G_DIR_SEPARATOR);
  name = name != NULL ? name + 1 : path;

  if (is_markdown_name (name) ||
      g_hash_table_contains (self->watched, path) ||
      may_be_folder)
    hanji_site_queue_dirty (self, file, FALSE);
}

static void
monitor_changed_cb (GFileMonitor      *monitor,
                    GFile             *file,
                    GFile             *other_file,
                    GFileMonitorEvent  event,
                    gpointer           user_data)
{
  HanjiSite *self = user_data;

  switch (event)
    {
    case G_FILE_MONITOR_EVENT_CHANGED:
    case G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT:
    case G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED:
    case G_FILE_MONITOR_EVENT_DELETED:
      hanji_site_consider (self, file, FALSE);
      break;

    case G_FILE_MONITOR_EVENT_CREATED:
    case G_FILE_MONITOR_EVENT_MOVED_IN:
      hanji_site_consider (self, file, TRUE);
      break;

    /* file is where it was, other_file where it went (anywhere, or
     * NULL); covers() leaves out what went outside the site's folders. */
    case G_FILE_MONITOR_EVENT_MOVED_OUT:
    case G_FILE_MONITOR_EVENT_RENAMED:
      hanji_site_consider (self, file, FALSE);
      hanji_site_consider (self, other_file, TRUE);
      break;

    case G_FILE_MONITOR_EVENT_PRE_UNMOUNT:
    case G_FILE_MONITOR_EVENT_UNMOUNTED:
    case G_FILE_MONITOR_EVENT_MOVED:
    default:
      break;
    }
}

static void
anchor_changed_cb (GFileMonitor      *monitor,
                   GFile             *file,
                   GFile             *other_file,
                   GFileMonitorEvent  event,
                   gpointer           user_data)
{
  HanjiSite *self = user_data;
  GFile *files[] = { file, other_file };

  /* Of everything in the site root, only the content folders matter. */
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      if (files[i] == NULL)
        continue;

      for (guint j = 0; self->content_dirs[j] != NULL; j++)
        if (g_file_equal (files[i], self->content_dirs[j]))
          hanji_site_queue_dirty (self, files[i], FALSE);

      if (self->drafts_dir != NULL && g_file_equal (files[i], self->drafts_dir))
        hanji_site_queue_dirty (self, files[i], FALSE);
    }
}

/* Refreshing ------------------------------------------------------------ */

static void hanji_site_schedule_dirty (HanjiSite *self,
                                       guint      delay_ms);

static void
refresh_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  HanjiSite *self = HANJI_SITE (object);
  ScanJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (job != self->refresh_job)
    return;

  if (g_task_propagate_boolean (G_TASK (result), &error) && !scan_job_is_stopped (job))
    {
      g_autoptr(GPtrArray) posts = NULL;
      guint n_scanned;

      posts = scan_job_take_pending (job, &n_scanned);
      hanji_site_apply_posts (self, posts, job->generation);
      hanji_site_remove_stale (self, job);
      hanji_site_watch (self, job);
    }

  g_clear_pointer (&self->refresh_job, scan_job_unref);

  /* What changed meanwhile. */
  if (g_hash_table_size (self->dirty) > 0)
    hanji_site_schedule_dirty (self, 0);
}

/* The changed paths, less those inside another changed folder (the walk
 * of the folder reads them anyway, and no post may be read twice). */
static GPtrArray *
hanji_site_take_dirty (HanjiSite *self)
{
  GPtrArray *roots = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer key;
  gpointer value;

  g_hash_table_iter_init (&iter, self->dirty);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autofree char *dir = g_strdup (key);
      gboolean inside = FALSE;
      char *slash;

      while (!inside && (slash = strrchr (dir, G_DIR_SEPARATOR)) != NULL && slash != dir)
        {
          *slash = '\0';
          inside = g_hash_table_contains (self->dirty, dir);
        }

      if (!inside)
        g_ptr_array_add (roots, g_object_ref (value));
    }

  g_hash_table_remove_all (self->dirty);
  self->dirty_first = 0;
  self->dirty_last = 0;
  self->dirty_now = FALSE;

  return roots;
}

static gboolean
dirty_timeout_cb (gpointer user_data)
{
  HanjiSite *self = user_data;
  g_autoptr(GPtrArray) roots = NULL;
  g_autoptr(GTask) task = NULL;
  ScanJob *job;

  self->dirty_source = 0;

  /* A running scan calls again when it is done. */
  if (g_hash_table_size (self->dirty) == 0 ||
      self->load_job != NULL || self->refresh_job != NULL)
    return G_SOURCE_REMOVE;

  if (!self->dirty_now)
    {
      gint64 now = g_get_monotonic_time ();
      gint64 due = MIN (self->dirty_last + DIRTY_QUIET, self->dirty_first + DIRTY_MAX_DELAY);

      if (now < due)
        {
          hanji_site_schedule_dirty (self, (guint) ((due - now) / 1000) + 1);
          return G_SOURCE_REMOVE;
        }
    }

  roots = hanji_site_take_dirty (self);
  job = scan_job_new (self, roots, FALSE, NULL);
  self->refresh_job = scan_job_ref (job);

  task = g_task_new (self, NULL, refresh_done_cb, NULL);
  g_task_set_source_tag (task, dirty_timeout_cb);
  g_task_set_task_data (task, job, (GDestroyNotify) scan_job_unref);
  g_task_run_in_thread (task, scan_thread);

  return G_SOURCE_REMOVE;
}

static void
hanji_site_schedule_dirty (HanjiSite *self,
                           guint      delay_ms)
{
  g_clear_handle_id (&self->dirty_source, g_source_remove);
  self->dirty_source = g_timeout_add (delay_ms, dirty_timeout_cb, self);
}

static void
hanji_site_queue_dirty (HanjiSite *self,
                        GFile     *file,
                        gboolean   now)
{
  gint64 time = g_get_monotonic_time ();

  g_hash_table_replace (self->dirty, g_file_get_path (file), g_object_ref (file));

  if (self->dirty_first == 0)
    self->dirty_first = time;
  self->dirty_last = time;
  self->dirty_now |= now;

  if (now)
    hanji_site_schedule_dirty (self, 0);
  else if (self->dirty_source == 0)
    hanji_site_schedule_dirty (self, DIRTY_QUIET / 1000);
}

void
hanji_site_refresh_file (HanjiSite *self,
                         GFile     *file)
{
  g_return_if_fail (HANJI_IS_SITE (self));
  g_return_if_fail (G_IS_FILE (file));

  if (!self->loaded || g_file_peek_path (file) == NULL ||
      !hanji_site_covers (self, g_file_peek_path (file)))
    return;

  hanji_site_queue_dirty (self, file, TRUE);
}

/* Loading --------------------------------------------------------------- */

static void
hanji_site_set_loading (HanjiSite *self,
                        ScanJob   *job)
{
  gboolean was_loading = self->load_job != NULL;

  if (self->load_job != NULL)
    scan_job_stop (self->load_job);
  g_clear_pointer (&self->load_job, scan_job_unref);
  self->load_job = job != NULL ? scan_job_ref (job) : NULL;

  if (was_loading != (job != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), site_properties[SITE_PROP_LOADING]);
}

/* Runs in the caller's main context: the stores (and whoever watches
 * them) are only ever touched there. */
static void
load_scan_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  HanjiSite *self = HANJI_SITE (object);
  g_autoptr(GTask) task = user_data;
  ScanJob *job = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;
  gboolean ok;

  ok = g_task_propagate_boolean (G_TASK (result), &error);

  /* A newer load took over: it fills the model. */
  if (job == self->load_job)
    {
      if (ok)
        {
          g_autoptr(GPtrArray) posts = NULL;
          guint n_scanned = 0;

          posts = scan_job_take_pending (job, &n_scanned);
          hanji_site_apply_posts (self, posts, job->generation);
          hanji_site_set_n_scanned (self, n_scanned);
          hanji_site_remove_stale (self, job);
          hanji_site_watch (self, job);
          self->loaded = TRUE;
        }

      hanji_site_set_loading (self, NULL);

      if (g_hash_table_size (self->dirty) > 0)
        hanji_site_schedule_dirty (self, 0);
    }

  if (!ok)
    g_task_return_error (task, error);
  else
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
  g_autoptr(GPtrArray) roots = g_ptr_array_new_with_free_func (g_object_unref);
  ScanJob *job;

  g_return_if_fail (HANJI_IS_SITE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hanji_site_load_async);

  for (guint i = 0; self->content_dirs[i] != NULL; i++)
    g_ptr_array_add (roots, g_object_ref (self->content_dirs[i]));
  if (self->drafts_dir != NULL)
    g_ptr_array_add (roots, g_object_ref (self->drafts_dir));

  /* The load reads everything a refresh would. */
  if (self->refresh_job != NULL)
    scan_job_stop (self->refresh_job);
  g_clear_pointer (&self->refresh_job, scan_job_unref);

  job = scan_job_new (self, roots, TRUE, cancellable);
  hanji_site_set_loading (self, job);
  hanji_site_set_n_scanned (self, 0);

  thread_task = g_task_new (self, cancellable, load_scan_done_cb, g_steal_pointer (&task));
  g_task_set_source_tag (thread_task, hanji_site_load_async);
  g_task_set_task_data (thread_task, job, (GDestroyNotify) scan_job_unref);
  g_task_run_in_thread (thread_task, scan_thread);
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

char *
hanji_fold_text (const char *text)
{
  g_autofree char *valid = NULL;
  g_autofree char *folded = NULL;
  char *normalized;

  if (text == NULL)
    return g_strdup ("");

  valid = g_utf8_make_valid (text, -1);
  folded = g_utf8_casefold (valid, -1);
  /* Casefolding can itself decompose, so compose last. */
  normalized = g_utf8_normalize (folded, -1, G_NORMALIZE_DEFAULT_COMPOSE);

  return normalized != NULL ? normalized : g_strdup ("");
}
