/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hanji-new-post"

/* renameat2 () and RENAME_NOREPLACE are GNU extensions of <stdio.h>. */
#define _GNU_SOURCE

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <yaml.h>

#include "hanji-front-matter.h"
#include "hanji-front-matter-edit.h"
#include "hanji-new-post.h"

/* 255 bytes is the usual limit of a file name; a slug leaves room for
 * `YYYY-MM-DD-`, a `-NNN` suffix and `.markdown`. */
#define SLUG_MAX_BYTES 200

/* Names tried after the slug itself: slug-2 … slug-1000. */
#define MAX_CANDIDATES 1000

/* The posts whose date shape a new post copies. */
#define N_DATE_SAMPLES 5

/* Enough for the front matter of any post we sample. */
#define SAMPLE_HEAD_SIZE (16 * 1024)

/* Nesting a Jekyll default value may have before we stop copying it. */
#define MAX_YAML_DEPTH 32

/* Slugs ----------------------------------------------------------------- */

static gboolean
is_slug_mark (gunichar c)
{
  GUnicodeType type = g_unichar_type (c);

  /* Variation selectors follow emoji, which are not kept. */
  if ((c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0100 && c <= 0xE01EF))
    return FALSE;

  return type == G_UNICODE_NON_SPACING_MARK || type == G_UNICODE_SPACING_MARK;
}

char *
hanji_slugify (const char *title)
{
  g_autofree char *valid = NULL;
  g_autofree char *nfc = NULL;
  g_autoptr(GString) slug = NULL;
  gboolean pending_dash = FALSE;
  gboolean kept_previous = FALSE;

  g_return_val_if_fail (title != NULL, NULL);

  valid = g_utf8_make_valid (title, -1);
  /* NFC: a title typed on macOS arrives with Hangul as separate jamo. */
  nfc = g_utf8_normalize (valid, -1, G_NORMALIZE_NFC);
  slug = g_string_new (NULL);

  for (const char *p = nfc; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      char buffer[8];
      int len;

      if (g_unichar_isalnum (c))
        {
          len = g_unichar_to_utf8 (g_unichar_tolower (c), buffer);
          if (slug->len + len + (pending_dash ? 1 : 0) > SLUG_MAX_BYTES)
            break;
          if (pending_dash && slug->len > 0)
            g_string_append_c (slug, '-');
          g_string_append_len (slug, buffer, len);
          pending_dash = FALSE;
          kept_previous = TRUE;
        }
      else if (kept_previous && is_slug_mark (c))
        {
          /* Combining marks belong to the letter before them (Devanagari,
           * Thai, decomposed accents NFC could not compose). */
          len = g_unichar_to_utf8 (c, buffer);
          if (slug->len + len > SLUG_MAX_BYTES)
            break;
          g_string_append_len (slug, buffer, len);
        }
      else
        {
          pending_dash = TRUE;
          kept_previous = FALSE;
        }
    }

  if (slug->len == 0)
    return g_strdup ("post");

  /* Lower-casing can make a letter and the mark after it composable (J
   * and U+030C: ǰ has no capital); composing never makes the slug longer. */
  return g_utf8_normalize (slug->str, slug->len, G_NORMALIZE_NFC);
}

/* Small file helpers ---------------------------------------------------- */

static gboolean
exists_nofollow (GFile        *file,
                 GCancellable *cancellable)
{
  /* NOFOLLOW: a dangling link still takes its name. */
  return g_file_query_file_type (file, G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS,
                                 cancellable) != G_FILE_TYPE_UNKNOWN;
}

/* The first @max bytes of @file, cut back to whole UTF-8 characters;
 * NULL when it cannot be read or is not text. */
static char *
read_head (GFile        *file,
           gsize         max,
           GCancellable *cancellable)
{
  g_autoptr(GFileInputStream) stream = NULL;
  g_autofree char *buffer = g_malloc (max + 1);
  const char *end = NULL;
  gsize len = 0;

  stream = g_file_read (file, cancellable, NULL);
  if (stream == NULL ||
      !g_input_stream_read_all (G_INPUT_STREAM (stream), buffer, max, &len, cancellable, NULL))
    return NULL;

  if (!g_utf8_validate_len (buffer, len, &end))
    {
      /* Only a character cut at the end of the head is forgiven. */
      if (len < max || len - (end - buffer) > 3)
        return NULL;
      len = end - buffer;
    }

  buffer[len] = '\0';
  return g_steal_pointer (&buffer);
}

static const char *
extension_of (const char *basename)
{
  const char *dot = strrchr (basename, '.');

  return dot != NULL && dot != basename ? dot : "";
}

/* YAML and TOML scalars ------------------------------------------------- */

/* `"…"` escaping that YAML, TOML and JSON double-quoted strings all read
 * the same way. */
static void
append_double_quoted_body (GString    *out,
                           const char *value)
{
  for (const char *p = value; *p != '\0'; p++)
    {
      guchar c = *p;

      if (c == '"' || c == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, c);
        }
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\t')
        g_string_append (out, "\\t");
      else if (c < 0x20 || c == 0x7f)
        g_string_append_printf (out, "\\u%04X", c);
      else
        g_string_append_c (out, c);
    }
}

static char *
double_quoted (const char *value)
{
  GString *out = g_string_new ("\"");

  append_double_quoted_body (out, value);
  g_string_append_c (out, '"');
  return g_string_free (out, FALSE);
}

/* YAML 1.1 (Jekyll's Psych) reads these plain words as booleans, which
 * the core's YAML 1.2 resolver leaves plain. */
static gboolean
is_yaml11_bool (const char *value)
{
  static const char * const words[] = { "y", "n", "yes", "no", "on", "off" };

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    if (g_ascii_strcasecmp (value, words[i]) == 0)
      return TRUE;

  return FALSE;
}

/* @value as a YAML scalar that reads back as that string, quoted only when
 * it must be; the quoting is the core's, which uses libyaml's emitter. */
static char *
yaml_scalar (const char *value)
{
  g_autoptr(HanjiFrontMatter) empty = hanji_front_matter_parse ("", 0);
  g_autoptr(HanjiFrontMatter) written = NULL;
  g_autoptr(HanjiTextEdit) edit = NULL;
  g_autofree char *text = NULL;
  HanjiField *field;
  gsize offset, length;

  if (is_yaml11_bool (value))
    return double_quoted (value);

  edit = hanji_front_matter_set_string (empty, "k", value, NULL);
  if (edit == NULL)
    return double_quoted (value);

  text = hanji_text_edit_apply (edit, "", 0);
  written = hanji_front_matter_parse (text, -1);
  field = hanji_front_matter_lookup (written, "k");
  if (field == NULL)
    return double_quoted (value);

  hanji_field_get_value_span (field, &offset, &length);

  /* A block scalar would need the lines after it; a title is one line,
   * but a value from elsewhere may not be. */
  if (length == 0 || memchr (text + offset, '\n', length) != NULL)
    return double_quoted (value);

  return g_strndup (text + offset, length);
}

/* Date shapes ----------------------------------------------------------- */

typedef enum
{
  ZONE_NONE,
  ZONE_UTC,        /* Z */
  ZONE_COLON,      /* +09:00 */
  ZONE_NO_COLON,   /* +0900 */
  ZONE_HOURS,      /* +09 */
} ZoneStyle;

typedef struct
{
  char      quote;            /* 0, '"' or '\'' */
  gboolean  has_time;
  char      separator;        /* 'T', 't' or ' ' */
  gboolean  has_seconds;
  guint     fraction_digits;
  gboolean  zone_space;       /* `2024-05-18 23:37:00 +0900` */
  ZoneStyle zone;
} DateShape;

/* What a new post gets when the site shows no date to copy: RFC 3339 with
 * the local offset, which Hugo, Jekyll and Hanji all read. */
static const DateShape default_date_shape = {
  0, TRUE, 'T', TRUE, 0, FALSE, ZONE_COLON
};

static gboolean
skip_digits (const char **p,
             guint        n)
{
  for (guint i = 0; i < n; i++)
    if (!g_ascii_isdigit ((*p)[i]))
      return FALSE;

  *p += n;
  return TRUE;
}

/* Reads the shape of a written date value (quotes included). */
static gboolean
parse_date_shape (const char *text,
                  DateShape  *shape)
{
  const char *p = text;

  memset (shape, 0, sizeof *shape);

  if (*p == '"' || *p == '\'')
    shape->quote = *p++;

  if (!skip_digits (&p, 4) || *p++ != '-' ||
      !skip_digits (&p, 2) || *p++ != '-' ||
      !skip_digits (&p, 2))
    return FALSE;

  if (*p == 'T' || *p == 't' || *p == ' ')
    {
      const char *time = p + 1;

      while (*time == ' ')
        time++;

      if (g_ascii_isdigit (time[0]))
        {
          shape->separator = *p == ' ' ? ' ' : *p;
          p = time;

          if (!skip_digits (&p, 1))
            return FALSE;
          skip_digits (&p, 1);
          if (*p++ != ':' || !skip_digits (&p, 2))
            return FALSE;

          shape->has_time = TRUE;

          if (*p == ':')
            {
              p++;
              if (!skip_digits (&p, 2))
                return FALSE;
              shape->has_seconds = TRUE;

              if (*p == '.')
                {
                  p++;
                  while (g_ascii_isdigit (*p))
                    {
                      shape->fraction_digits++;
                      p++;
                    }
                  if (shape->fraction_digits == 0)
                    return FALSE;
                }
            }

          if (*p == ' ' && (p[1] == '+' || p[1] == '-' || p[1] == 'Z' || p[1] == 'z'))
            {
              shape->zone_space = TRUE;
              p++;
            }

          if (*p == 'Z' || *p == 'z')
            {
              shape->zone = ZONE_UTC;
              p++;
            }
          else if (*p == '+' || *p == '-')
            {
              p++;
              if (!skip_digits (&p, 2))
                return FALSE;
              if (*p == ':')
                {
                  p++;
                  if (!skip_digits (&p, 2))
                    return FALSE;
                  shape->zone = ZONE_COLON;
                }
              else if (skip_digits (&p, 2))
                shape->zone = ZONE_NO_COLON;
              else
                shape->zone = ZONE_HOURS;
            }
        }
    }

  if (shape->quote != 0 && *p++ != shape->quote)
    return FALSE;

  return *p == '\0';
}

static char *
date_shape_key (const DateShape *shape)
{
  return g_strdup_printf ("%d:%d:%d:%d:%u:%d:%d", shape->quote, shape->has_time,
                          shape->separator, shape->has_seconds, shape->fraction_digits,
                          shape->zone_space, shape->zone);
}

static char *
format_date (const DateShape *shape,
             GDateTime       *date)
{
  g_autoptr(GDateTime) written = NULL;
  g_autofree char *day = NULL;
  GString *out = g_string_new (NULL);

  /* A site that writes `Z` keeps writing UTC; any other zone is the
   * writer's own, as the date was given. */
  written = shape->zone == ZONE_UTC ? g_date_time_to_utc (date) : g_date_time_ref (date);

  if (shape->quote != 0)
    g_string_append_c (out, shape->quote);

  day = g_date_time_format (written, "%Y-%m-%d");
  g_string_append (out, day);

  if (shape->has_time)
    {
      g_autofree char *time = g_date_time_format (written, "%H:%M");

      g_string_append_c (out, shape->separator);
      g_string_append (out, time);

      if (shape->has_seconds)
        {
          g_string_append_printf (out, ":%02d", g_date_time_get_second (written));

          if (shape->fraction_digits > 0)
            {
              g_autofree char *micro = g_strdup_printf ("%06d", g_date_time_get_microsecond (written));

              g_string_append_c (out, '.');
              for (guint i = 0; i < shape->fraction_digits; i++)
                g_string_append_c (out, i < 6 ? micro[i] : '0');
            }
        }

      if (shape->zone != ZONE_NONE && shape->zone_space)
        g_string_append_c (out, ' ');

      switch (shape->zone)
        {
        case ZONE_UTC:
          g_string_append_c (out, 'Z');
          break;

        case ZONE_COLON:
        case ZONE_NO_COLON:
        case ZONE_HOURS:
          {
            gint64 offset = g_date_time_get_utc_offset (written) / G_TIME_SPAN_MINUTE;
            gint64 minutes = ABS (offset);

            g_string_append_printf (out, "%c%02d", offset < 0 ? '-' : '+', (int) (minutes / 60));
            if (shape->zone == ZONE_COLON || (shape->zone == ZONE_HOURS && minutes % 60 != 0))
              g_string_append_printf (out, ":%02d", (int) (minutes % 60));
            else if (shape->zone == ZONE_NO_COLON)
              g_string_append_printf (out, "%02d", (int) (minutes % 60));
          }
          break;

        case ZONE_NONE:
        default:
          break;
        }
    }

  if (shape->quote != 0)
    g_string_append_c (out, shape->quote);

  return g_string_free (out, FALSE);
}

/* The written value of the top-level `date` of a post's front matter
 * (YAML `date: …` or TOML `date = …`), comment stripped; NULL if none. */
static char *
find_date_value (const char *text)
{
  HanjiFrontMatterSplit split;
  const char *p, *end;
  char assign;

  hanji_front_matter_split (text, -1, &split);
  if (!split.terminated)
    return NULL;

  if (split.kind == HANJI_FRONT_MATTER_YAML)
    assign = ':';
  else if (split.kind == HANJI_FRONT_MATTER_TOML)
    assign = '=';
  else
    return NULL;

  p = text + split.content_start;
  end = text + split.content_end;

  while (p < end)
    {
      const char *eol = memchr (p, '\n', end - p);
      const char *line_end = eol != NULL ? eol : end;

      if (line_end - p > 4 && strncmp (p, "date", 4) == 0)
        {
          const char *v = p + 4;

          while (v < line_end && (*v == ' ' || *v == '\t'))
            v++;

          if (v < line_end && *v == assign)
            {
              g_autofree char *value = NULL;
              char *hash;

              v++;
              value = g_strndup (v, line_end - v);
              /* A date never holds `#`: anything from ` #` is a comment. */
              hash = strstr (value, " #");
              if (hash != NULL)
                *hash = '\0';
              return g_strdup (g_strstrip (value));
            }
        }

      p = line_end + 1;
    }

  return NULL;
}

/* Jekyll defaults ------------------------------------------------------- */

typedef struct
{
  yaml_document_t  document;
  gboolean         loaded;
  /* the merged `values`: keys in order, and key → node index */
  GPtrArray       *keys;
  GHashTable      *values;
} JekyllDefaults;

static void
jekyll_defaults_clear (JekyllDefaults *defaults)
{
  if (defaults->loaded)
    yaml_document_delete (&defaults->document);
  defaults->loaded = FALSE;
  g_clear_pointer (&defaults->keys, g_ptr_array_unref);
  g_clear_pointer (&defaults->values, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (JekyllDefaults, jekyll_defaults_clear)

static yaml_node_t *
yaml_mapping_lookup (yaml_document_t *document,
                     yaml_node_t     *mapping,
                     const char      *key)
{
  if (mapping == NULL || mapping->type != YAML_MAPPING_NODE)
    return NULL;

  for (yaml_node_pair_t *pair = mapping->data.mapping.pairs.start;
       pair < mapping->data.mapping.pairs.top; pair++)
    {
      yaml_node_t *k = yaml_document_get_node (document, pair->key);

      if (k != NULL && k->type == YAML_SCALAR_NODE &&
          g_str_equal ((const char *) k->data.scalar.value, key))
        return yaml_document_get_node (document, pair->value);
    }

  return NULL;
}

static const char *
yaml_scalar_text (yaml_node_t *node)
{
  return node != NULL && node->type == YAML_SCALAR_NODE ? (const char *) node->data.scalar.value
                                                        : NULL;
}

/* Jekyll's sanitisation of a scope path: no leading `/` or `./`, no
 * trailing `/`. */
static char *
sanitize_scope_path (const char *path)
{
  GString *out;

  if (path == NULL)
    return g_strdup ("");

  while (g_str_has_prefix (path, "./") || path[0] == '/')
    path += path[0] == '/' ? 1 : 2;

  out = g_string_new (path);
  while (out->len > 0 && out->str[out->len - 1] == '/')
    g_string_truncate (out, out->len - 1);

  return g_string_free (out, FALSE);
}

static gboolean
scope_applies_to_path (const char *scope_path,
                       const char *relative)
{
  if (scope_path[0] == '\0')
    return TRUE;

  if (relative == NULL)
    return FALSE;

  if (strchr (scope_path, '*') != NULL)
    {
      g_autofree char *path = g_strdup (relative);

      /* A glob names the file or one of the folders it is in. */
      for (;;)
        {
          char *slash;

          if (g_pattern_match_simple (scope_path, path))
            return TRUE;
          slash = strrchr (path, '/');
          if (slash == NULL)
            return FALSE;
          *slash = '\0';
        }
    }

  return g_str_has_prefix (relative, scope_path) &&
         (relative[strlen (scope_path)] == '\0' || relative[strlen (scope_path)] == '/');
}

static gboolean
scope_applies_to_type (const char *type,
                       gboolean    draft)
{
  /* Drafts are documents of the posts collection; `drafts` is the type
   * Jekyll 2 gave them. */
  if (type == NULL)
    return TRUE;
  if (g_str_equal (type, "posts"))
    return TRUE;
  if (g_str_equal (type, "drafts"))
    return draft;

  return FALSE;
}

/* Loads _config.yml and merges the `values` of every `defaults` entry
 * whose scope covers @relative (the new post's path from the root) the
 * way Jekyll does: a longer scope path, or the same path with a type, has
 * precedence; entries without it only fill keys still missing. Nested
 * hashes are not deep-merged: a key's whole value comes from one entry. */
static void
jekyll_defaults_load (JekyllDefaults *defaults,
                      GFile          *root,
                      const char     *relative,
                      gboolean        draft,
                      GCancellable   *cancellable)
{
  const char * const names[] = { "_config.yml", "_config.yaml" };
  g_autofree char *contents = NULL;
  g_autofree char *previous_path = NULL;
  gboolean previous_has_type = FALSE;
  gboolean have_previous = FALSE;
  yaml_node_t *list;
  yaml_parser_t parser;
  gsize len = 0;

  defaults->keys = g_ptr_array_new_with_free_func (g_free);
  defaults->values = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < G_N_ELEMENTS (names) && contents == NULL; i++)
    {
      g_autoptr(GFile) config = g_file_get_child (root, names[i]);

      if (!g_file_load_contents (config, cancellable, &contents, &len, NULL, NULL))
        g_clear_pointer (&contents, g_free);
    }

  if (contents == NULL || !g_utf8_validate (contents, len, NULL))
    return;

  yaml_parser_initialize (&parser);
  yaml_parser_set_input_string (&parser, (const guchar *) contents, len);
  defaults->loaded = yaml_parser_load (&parser, &defaults->document) != 0;
  yaml_parser_delete (&parser);

  if (!defaults->loaded)
    {
      g_debug ("Not reading the defaults of _config.yml: it does not parse");
      return;
    }

  list = yaml_mapping_lookup (&defaults->document,
                              yaml_document_get_root_node (&defaults->document),
                              "defaults");
  if (list == NULL || list->type != YAML_SEQUENCE_NODE)
    return;

  for (yaml_node_item_t *item = list->data.sequence.items.start;
       item < list->data.sequence.items.top; item++)
    {
      yaml_node_t *entry = yaml_document_get_node (&defaults->document, *item);
      yaml_node_t *scope = yaml_mapping_lookup (&defaults->document, entry, "scope");
      yaml_node_t *values = yaml_mapping_lookup (&defaults->document, entry, "values");
      yaml_node_t *type_node = yaml_mapping_lookup (&defaults->document, scope, "type");
      g_autofree char *path = NULL;
      gboolean precedence;

      if (values == NULL || values->type != YAML_MAPPING_NODE)
        continue;

      path = sanitize_scope_path (yaml_scalar_text (yaml_mapping_lookup (&defaults->document,
                                                                         scope, "path")));
      if (!scope_applies_to_path (path, relative) ||
          !scope_applies_to_type (yaml_scalar_text (type_node), draft))
        continue;

      if (!have_previous)
        precedence = TRUE;
      else if (strlen (path) != strlen (previous_path))
        precedence = strlen (path) > strlen (previous_path);
      else
        precedence = type_node != NULL || !previous_has_type;

      if (precedence)
        {
          g_free (previous_path);
          previous_path = g_strdup (path);
          previous_has_type = type_node != NULL;
          have_previous = TRUE;
        }

      for (yaml_node_pair_t *pair = values->data.mapping.pairs.start;
           pair < values->data.mapping.pairs.top; pair++)
        {
          const char *key = yaml_scalar_text (yaml_document_get_node (&defaults->document,
                                                                      pair->key));
          gpointer existing_key = NULL;

          if (key == NULL)
            continue;

          if (g_hash_table_lookup_extended (defaults->values, key, &existing_key, NULL))
            {
              if (precedence)
                g_hash_table_insert (defaults->values, existing_key, GINT_TO_POINTER (pair->value));
            }
          else
            {
              char *copy = g_strdup (key);

              g_ptr_array_add (defaults->keys, copy);
              g_hash_table_insert (defaults->values, copy, GINT_TO_POINTER (pair->value));
            }
        }
    }
}

static int
gstring_write_cb (void          *data,
                  unsigned char *buffer,
                  size_t         size)
{
  g_string_append_len (data, (const char *) buffer, size);
  return 1;
}

static gboolean
emit_node (yaml_emitter_t  *emitter,
           yaml_document_t *document,
           int              index,
           guint            depth)
{
  yaml_node_t *node = yaml_document_get_node (document, index);
  yaml_event_t event;

  /* An alias loaded into a document points back at its anchor's node,
   * so a self-referencing value would never end. */
  if (node == NULL || depth > MAX_YAML_DEPTH)
    return FALSE;

  switch (node->type)
    {
    case YAML_SCALAR_NODE:
      /* The source's style keeps the value's type: a plain `true` stays a
       * boolean, a quoted "2024" a string. */
      yaml_scalar_event_initialize (&event, NULL, NULL, node->data.scalar.value,
                                    (int) node->data.scalar.length, 1, 1,
                                    node->data.scalar.style);
      return yaml_emitter_emit (emitter, &event) != 0;

    case YAML_SEQUENCE_NODE:
      yaml_sequence_start_event_initialize (&event, NULL, NULL, 1, node->data.sequence.style);
      if (!yaml_emitter_emit (emitter, &event))
        return FALSE;
      for (yaml_node_item_t *item = node->data.sequence.items.start;
           item < node->data.sequence.items.top; item++)
        if (!emit_node (emitter, document, *item, depth + 1))
          return FALSE;
      yaml_sequence_end_event_initialize (&event);
      return yaml_emitter_emit (emitter, &event) != 0;

    case YAML_MAPPING_NODE:
      yaml_mapping_start_event_initialize (&event, NULL, NULL, 1, node->data.mapping.style);
      if (!yaml_emitter_emit (emitter, &event))
        return FALSE;
      for (yaml_node_pair_t *pair = node->data.mapping.pairs.start;
           pair < node->data.mapping.pairs.top; pair++)
        if (!emit_node (emitter, document, pair->key, depth + 1) ||
            !emit_node (emitter, document, pair->value, depth + 1))
          return FALSE;
      yaml_mapping_end_event_initialize (&event);
      return yaml_emitter_emit (emitter, &event) != 0;

    case YAML_NO_NODE:
    default:
      return FALSE;
    }
}

/* `key: value` lines for one default value, written by libyaml's
 * emitter; NULL if it cannot be written. */
static char *
emit_field (yaml_document_t *document,
            const char      *key,
            int              value)
{
  g_autoptr(GString) out = g_string_new (NULL);
  yaml_emitter_t emitter;
  yaml_event_t event;
  gboolean ok;

  yaml_emitter_initialize (&emitter);
  yaml_emitter_set_output (&emitter, gstring_write_cb, out);
  yaml_emitter_set_unicode (&emitter, 1);
  yaml_emitter_set_width (&emitter, -1);
  yaml_emitter_set_indent (&emitter, 2);

  yaml_stream_start_event_initialize (&event, YAML_UTF8_ENCODING);
  ok = yaml_emitter_emit (&emitter, &event);
  yaml_document_start_event_initialize (&event, NULL, NULL, NULL, 1);
  ok = ok && yaml_emitter_emit (&emitter, &event);
  yaml_mapping_start_event_initialize (&event, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE);
  ok = ok && yaml_emitter_emit (&emitter, &event);
  yaml_scalar_event_initialize (&event, NULL, NULL, (const yaml_char_t *) key, (int) strlen (key),
                                1, 1, YAML_ANY_SCALAR_STYLE);
  ok = ok && yaml_emitter_emit (&emitter, &event);
  ok = ok && emit_node (&emitter, document, value, 0);
  yaml_mapping_end_event_initialize (&event);
  ok = ok && yaml_emitter_emit (&emitter, &event);
  yaml_document_end_event_initialize (&event, 1);
  ok = ok && yaml_emitter_emit (&emitter, &event);
  yaml_stream_end_event_initialize (&event);
  ok = ok && yaml_emitter_emit (&emitter, &event);
  ok = ok && yaml_emitter_flush (&emitter);

  yaml_emitter_delete (&emitter);

  if (!ok)
    {
      g_debug ("Could not write the Jekyll default “%s”", key);
      return NULL;
    }

  /* An open-ended scalar makes the emitter close the document. */
  if (g_str_has_suffix (out->str, "...\n"))
    g_string_truncate (out, out->len - 4);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
append_default (GString        *out,
                JekyllDefaults *defaults,
                const char     *key)
{
  gpointer value;
  g_autofree char *text = NULL;

  if (!g_hash_table_lookup_extended (defaults->values, key, NULL, &value))
    return;

  text = emit_field (&defaults->document, key, GPOINTER_TO_INT (value));
  if (text != NULL)
    g_string_append (out, text);
}

/* The object ------------------------------------------------------------ */

struct _HanjiNewPost
{
  GObject        parent_instance;

  /* taken from the site when made */
  GFile         *root;
  HanjiSiteKind  kind;
  GFile         *content_dir;
  GFile         *drafts_dir;
  char          *site_title;
  GPtrArray     *samples;

  char          *title;
  char          *slug;
  char          *section;
  GDateTime     *date;
  gboolean       draft;
  gboolean       bundle;
};

G_DEFINE_FINAL_TYPE (HanjiNewPost, hanji_new_post, G_TYPE_OBJECT)

static void
hanji_new_post_finalize (GObject *object)
{
  HanjiNewPost *self = (HanjiNewPost *) object;

  g_clear_object (&self->root);
  g_clear_object (&self->content_dir);
  g_clear_object (&self->drafts_dir);
  g_clear_pointer (&self->site_title, g_free);
  g_clear_pointer (&self->samples, g_ptr_array_unref);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->slug, g_free);
  g_clear_pointer (&self->section, g_free);
  g_clear_pointer (&self->date, g_date_time_unref);

  G_OBJECT_CLASS (hanji_new_post_parent_class)->finalize (object);
}

static void
hanji_new_post_class_init (HanjiNewPostClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hanji_new_post_finalize;
}

static void
hanji_new_post_init (HanjiNewPost *self)
{
  self->samples = g_ptr_array_new_with_free_func (g_object_unref);
  self->title = g_strdup ("");
}

/* A title is one line: line breaks and other controls become spaces. */
static char *
clean_title (const char *title)
{
  char *clean = g_utf8_make_valid (title, -1);

  for (char *p = clean; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      *p = ' ';

  return g_strstrip (clean);
}

HanjiNewPost *
hanji_new_post_new (HanjiSite  *site,
                    const char *title)
{
  HanjiNewPost *self;
  GFile *content_dir;
  GFile *drafts_dir;
  GListModel *posts;
  guint n_posts;

  g_return_val_if_fail (HANJI_IS_SITE (site), NULL);
  g_return_val_if_fail (title != NULL, NULL);

  self = g_object_new (HANJI_TYPE_NEW_POST, NULL);
  self->root = g_object_ref (hanji_site_get_root (site));
  self->kind = hanji_site_get_kind (site);
  self->site_title = g_strdup (hanji_site_get_title (site));

  content_dir = hanji_site_get_content_dir (site);
  self->content_dir = content_dir != NULL ? g_object_ref (content_dir)
                                          : g_object_ref (self->root);
  drafts_dir = hanji_site_get_drafts_dir (site);
  if (drafts_dir != NULL)
    self->drafts_dir = g_object_ref (drafts_dir);
  else if (self->kind == HANJI_SITE_JEKYLL)
    self->drafts_dir = g_file_get_child (self->root, "_drafts");

  /* The newest posts of a loaded site are the best guide to its date
   * shape; the model may only be read here, on the site's thread. */
  posts = hanji_site_get_posts (site);
  n_posts = g_list_model_get_n_items (posts);
  for (guint i = 0; i < n_posts && self->samples->len < N_DATE_SAMPLES; i++)
    {
      g_autoptr(HanjiPost) post = g_list_model_get_item (posts, i);

      g_ptr_array_add (self->samples, g_object_ref (hanji_post_get_file (post)));
    }

  hanji_new_post_set_title (self, title);

  return self;
}

/* A copy for a thread: the settings as they are now. */
static HanjiNewPost *
hanji_new_post_copy (HanjiNewPost *self)
{
  HanjiNewPost *copy = g_object_new (HANJI_TYPE_NEW_POST, NULL);

  copy->root = g_object_ref (self->root);
  copy->kind = self->kind;
  copy->content_dir = g_object_ref (self->content_dir);
  g_set_object (&copy->drafts_dir, self->drafts_dir);
  copy->site_title = g_strdup (self->site_title);
  for (guint i = 0; i < self->samples->len; i++)
    g_ptr_array_add (copy->samples, g_object_ref (g_ptr_array_index (self->samples, i)));

  g_free (copy->title);
  copy->title = g_strdup (self->title);
  copy->slug = g_strdup (self->slug);
  copy->section = g_strdup (self->section);
  copy->date = self->date != NULL ? g_date_time_ref (self->date) : NULL;
  copy->draft = self->draft;
  copy->bundle = self->bundle;

  return copy;
}

const char *
hanji_new_post_get_title (HanjiNewPost *self)
{
  g_return_val_if_fail (HANJI_IS_NEW_POST (self), NULL);

  return self->title;
}

void
hanji_new_post_set_title (HanjiNewPost *self,
                          const char   *title)
{
  g_return_if_fail (HANJI_IS_NEW_POST (self));
  g_return_if_fail (title != NULL);

  g_free (self->title);
  self->title = clean_title (title);
}

char *
hanji_new_post_dup_slug (HanjiNewPost *self)
{
  g_return_val_if_fail (HANJI_IS_NEW_POST (self), NULL);

  return hanji_slugify (self->slug != NULL ? self->slug : self->title);
}

void
hanji_new_post_set_slug (HanjiNewPost *self,
                         const char   *slug)
{
  g_return_if_fail (HANJI_IS_NEW_POST (self));

  g_free (self->slug);
  self->slug = g_strdup (slug);
}

void
hanji_new_post_set_section (HanjiNewPost *self,
                            const char   *section)
{
  g_return_if_fail (HANJI_IS_NEW_POST (self));

  g_free (self->section);
  self->section = g_strdup (section);
}

void
hanji_new_post_set_draft (HanjiNewPost *self,
                          gboolean      draft)
{
  g_return_if_fail (HANJI_IS_NEW_POST (self));

  self->draft = !!draft;
}

void
hanji_new_post_set_bundle (HanjiNewPost *self,
                           gboolean      bundle)
{
  g_return_if_fail (HANJI_IS_NEW_POST (self));

  self->bundle = !!bundle;
}

void
hanji_new_post_set_date (HanjiNewPost *self,
                         GDateTime    *date)
{
  g_return_if_fail (HANJI_IS_NEW_POST (self));

  g_clear_pointer (&self->date, g_date_time_unref);
  if (date != NULL)
    self->date = g_date_time_ref (date);
}

static GDateTime *
dup_date (HanjiNewPost *self)
{
  return self->date != NULL ? g_date_time_ref (self->date) : g_date_time_new_now_local ();
}

/* Build output and dependencies, as the site scan skips them. */
static gboolean
is_skipped_dir (const char *name)
{
  static const char * const skipped[] = {
    "node_modules", "public", "_site", "resources",
  };

  if (name[0] == '.' || name[0] == '_')
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (skipped); i++)
    if (g_str_equal (name, skipped[i]))
      return TRUE;

  return FALSE;
}

static gboolean
is_bundle_dir (GFile        *dir,
               GCancellable *cancellable)
{
  const char * const names[] = { "index.md", "index.markdown" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GFile) index = g_file_get_child (dir, names[i]);

      if (g_file_query_exists (index, cancellable))
        return TRUE;
    }

  return FALSE;
}

char *
hanji_new_post_dup_section (HanjiNewPost *self)
{
  static const char * const usual[] = { "posts", "post", "blog" };

  g_return_val_if_fail (HANJI_IS_NEW_POST (self), NULL);

  if (self->section != NULL)
    return g_strdup (self->section);

  /* A plain folder's posts are where they are; Jekyll has no sections. */
  if (self->kind == HANJI_SITE_PLAIN || self->kind == HANJI_SITE_JEKYLL)
    return g_strdup ("");

  for (guint i = 0; i < G_N_ELEMENTS (usual); i++)
    {
      g_autoptr(GFile) dir = g_file_get_child (self->content_dir, usual[i]);

      if (g_file_query_file_type (dir, G_FILE_QUERY_INFO_NONE, NULL) == G_FILE_TYPE_DIRECTORY)
        return g_strdup (usual[i]);
    }

  /* Astro keeps every post in a collection: the first one there is. */
  if (self->kind == HANJI_SITE_ASTRO)
    {
      g_auto(GStrv) sections = hanji_new_post_list_sections (self, NULL, NULL);

      return g_strdup (sections != NULL && sections[0] != NULL ? sections[0] : "blog");
    }

  /* Hugo's own examples put posts there. */
  if (self->kind == HANJI_SITE_HUGO)
    return g_strdup ("posts");

  return g_strdup ("");
}

/* Byte order: Jekyll's dated names sort oldest to newest. */
static int
compare_names_cb (gconstpointer a,
                  gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

static int
compare_strings_cb (gconstpointer a,
                    gconstpointer b)
{
  return g_utf8_collate (*(const char **) a, *(const char **) b);
}

char **
hanji_new_post_list_sections (HanjiNewPost  *self,
                              GCancellable  *cancellable,
                              GError       **error)
{
  g_autoptr(GFileEnumerator) enumerator = NULL;
  g_autoptr(GPtrArray) sections = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (HANJI_IS_NEW_POST (self), NULL);

  if (self->kind == HANJI_SITE_JEKYLL)
    return g_new0 (char *, 1);

  enumerator = g_file_enumerate_children (self->content_dir,
                                          G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                          G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                          G_FILE_QUERY_INFO_NONE, cancellable, error);
  if (enumerator == NULL)
    return NULL;

  for (;;)
    {
      GFileInfo *info = NULL;
      GFile *child = NULL;
      const char *name;

      if (!g_file_enumerator_iterate (enumerator, &info, &child, cancellable, error))
        return NULL;
      if (info == NULL)
        break;

      name = g_file_info_get_name (info);
      if (g_file_info_get_file_type (info) != G_FILE_TYPE_DIRECTORY ||
          is_skipped_dir (name) || !g_utf8_validate (name, -1, NULL) ||
          is_bundle_dir (child, cancellable))
        continue;

      g_ptr_array_add (sections, g_strdup (name));
    }

  g_ptr_array_sort (sections, compare_strings_cb);
  g_ptr_array_add (sections, NULL);

  return (char **) g_ptr_array_free (g_steal_pointer (&sections), FALSE);
}

/* Planning -------------------------------------------------------------- */

typedef struct
{
  GFile     *dir;          /* where the file, or the bundle folder, goes */
  char      *section;      /* cleaned; "" for the content folder */
  char      *date_prefix;  /* Jekyll posts: "YYYY-MM-DD-" */
  char      *slug;
  GDateTime *date;
} Place;

static void
place_clear (Place *place)
{
  g_clear_object (&place->dir);
  g_clear_pointer (&place->section, g_free);
  g_clear_pointer (&place->date_prefix, g_free);
  g_clear_pointer (&place->slug, g_free);
  g_clear_pointer (&place->date, g_date_time_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Place, place_clear)

/* "posts", "/blog/2024/" → "blog/2024"; NULL for `..`, which could leave
 * the content folder. */
static char *
clean_section (const char *section)
{
  g_auto(GStrv) parts = g_strsplit (section, "/", -1);
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (parts[i][0] == '\0' || g_str_equal (parts[i], "."))
        continue;
      if (g_str_equal (parts[i], ".."))
        return NULL;
      g_ptr_array_add (kept, parts[i]);
    }

  g_ptr_array_add (kept, NULL);
  return g_strjoinv ("/", (char **) kept->pdata);
}

static gboolean
find_place (HanjiNewPost  *self,
            Place         *place,
            GError       **error)
{
  gboolean jekyll = self->kind == HANJI_SITE_JEKYLL;
  g_autofree char *section = NULL;

  if (jekyll && self->section != NULL && self->section[0] != '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("Jekyll posts have no sections"));
      return FALSE;
    }

  if (jekyll && self->bundle)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("Jekyll posts cannot be page bundles"));
      return FALSE;
    }

  place->date = dup_date (self);
  place->slug = hanji_new_post_dup_slug (self);

  if (jekyll)
    {
      place->section = g_strdup ("");

      if (self->draft)
        place->dir = g_object_ref (self->drafts_dir);
      else
        {
          place->dir = g_object_ref (self->content_dir);
          place->date_prefix = g_date_time_format (place->date, "%Y-%m-%d-");
        }

      return TRUE;
    }

  section = hanji_new_post_dup_section (self);
  place->section = clean_section (section);
  if (place->section == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("the section “%s” is outside the content folder"), section);
      return FALSE;
    }

  if (place->section[0] == '\0')
    place->dir = g_object_ref (self->content_dir);
  else
    place->dir = g_file_resolve_relative_path (self->content_dir, place->section);

  return TRUE;
}

static char *
candidate_stem (const Place *place,
                guint        n)
{
  return n <= 1 ? g_strdup (place->slug) : g_strdup_printf ("%s-%u", place->slug, n);
}

static GFile *
file_for_stem (HanjiNewPost *self,
               const Place  *place,
               const char   *stem)
{
  g_autofree char *name = NULL;

  if (self->bundle)
    {
      g_autoptr(GFile) bundle = g_file_get_child (place->dir, stem);

      return g_file_get_child (bundle, "index.md");
    }

  name = g_strdup_printf ("%s%s.md", place->date_prefix != NULL ? place->date_prefix : "", stem);
  return g_file_get_child (place->dir, name);
}

/* A stem is taken when a post of that name exists in any form the
 * generator would publish at the same address: either extension, and for
 * Hugo and plain folders a bundle folder too. */
static gboolean
stem_is_taken (HanjiSiteKind  kind,
               GFile         *dir,
               const char    *prefix,
               const char    *stem,
               GFile         *except,
               GCancellable  *cancellable)
{
  const char * const extensions[] = { ".md", ".markdown", "" };
  guint n_forms = kind == HANJI_SITE_JEKYLL ? 2 : 3;

  for (guint i = 0; i < n_forms; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s%s%s", prefix != NULL ? prefix : "",
                                               stem, extensions[i]);
      g_autoptr(GFile) file = g_file_get_child (dir, name);

      if (except != NULL && g_file_equal (file, except))
        continue;
      if (exists_nofollow (file, cancellable))
        return TRUE;
    }

  return FALSE;
}

/* The first candidate number from @first on whose stem is free. */
static gboolean
find_free_stem (HanjiNewPost  *self,
                const Place   *place,
                guint          first,
                guint         *n,
                GCancellable  *cancellable,
                GError       **error)
{
  for (guint i = MAX (first, 1); i <= MAX_CANDIDATES; i++)
    {
      g_autofree char *stem = candidate_stem (place, i);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      if (!stem_is_taken (self->kind, place->dir, place->date_prefix, stem, NULL, cancellable))
        {
          *n = i;
          return TRUE;
        }
    }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
               _("no free file name for “%s”"), place->slug);
  return FALSE;
}

GFile *
hanji_new_post_dup_file (HanjiNewPost  *self,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_auto(Place) place = { 0 };
  g_autofree char *stem = NULL;
  guint n = 0;

  g_return_val_if_fail (HANJI_IS_NEW_POST (self), NULL);

  if (!find_place (self, &place, error) ||
      !find_free_stem (self, &place, 1, &n, cancellable, error))
    return NULL;

  stem = candidate_stem (&place, n);
  return file_for_stem (self, &place, stem);
}

/* Contents -------------------------------------------------------------- */

/* The date shape most of a few of the site's posts use: the newest posts
 * of the loaded site, else the last names (Jekyll's newest) in the new
 * post's folder, then in the content folder. */
static DateShape
detect_date_shape (HanjiNewPost *self,
                   const Place  *place,
                   GCancellable *cancellable)
{
  g_autoptr(GPtrArray) samples = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  DateShape best = default_date_shape;
  guint best_count = 0;

  for (guint i = 0; i < self->samples->len; i++)
    g_ptr_array_add (samples, g_object_ref (g_ptr_array_index (self->samples, i)));

  if (samples->len == 0)
    {
      GFile *dirs[] = { place->dir, self->content_dir };

      for (guint d = 0; d < G_N_ELEMENTS (dirs) && samples->len == 0; d++)
        {
          g_autoptr(GFileEnumerator) enumerator = NULL;
          g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

          enumerator = g_file_enumerate_children (dirs[d],
                                                  G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                                  G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                                  G_FILE_QUERY_INFO_NONE, cancellable, NULL);
          if (enumerator == NULL)
            continue;

          for (;;)
            {
              GFileInfo *info = NULL;
              const char *name;
              const char *ext;

              if (!g_file_enumerator_iterate (enumerator, &info, NULL, cancellable, NULL) ||
                  info == NULL)
                break;

              name = g_file_info_get_name (info);
              ext = extension_of (name);
              if (name[0] == '.' || name[0] == '_')
                continue;
              if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
                g_ptr_array_add (names, g_build_filename (name, "index.md", NULL));
              else if (g_ascii_strcasecmp (ext, ".md") == 0 ||
                       g_ascii_strcasecmp (ext, ".markdown") == 0)
                g_ptr_array_add (names, g_strdup (name));
            }

          g_ptr_array_sort (names, compare_names_cb);
          for (guint i = names->len; i > 0 && samples->len < N_DATE_SAMPLES; i--)
            g_ptr_array_add (samples, g_file_resolve_relative_path (dirs[d],
                                                                    g_ptr_array_index (names, i - 1)));
        }
    }

  for (guint i = 0; i < samples->len; i++)
    {
      g_autofree char *head = read_head (g_ptr_array_index (samples, i), SAMPLE_HEAD_SIZE,
                                         cancellable);
      g_autofree char *value = head != NULL ? find_date_value (head) : NULL;
      g_autofree char *key = NULL;
      DateShape shape;
      guint count;

      if (value == NULL || !parse_date_shape (value, &shape))
        continue;

      key = date_shape_key (&shape);
      count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, key)) + 1;
      g_hash_table_insert (counts, g_steal_pointer (&key), GUINT_TO_POINTER (count));

      /* Newest first: a tie keeps the newer post's shape. */
      if (count > best_count)
        {
          best = shape;
          best_count = count;
        }
    }

  return best;
}

typedef struct
{
  const char *title;
  const char *name;            /* .Name, .File.ContentBaseName */
  const char *base_file_name;  /* .File.BaseFileName */
  const char *type;            /* .Section, .Type */
  const char *site_title;
  char       *date;            /* .Date */
  gboolean    draft;
} TemplateValues;

typedef enum
{
  VALUE_TEXT,   /* a string: quoted to fit where it stands */
  VALUE_RAW,    /* a date or boolean: written as it is */
} ValueKind;

/* The value of a template action Hanji knows, NULL for any other. */
static const char *
lookup_action (const TemplateValues *values,
               const char           *action,
               ValueKind            *kind)
{
  static const char * const title_forms[] = {
    ".Title",
    "replace .File.ContentBaseName \"-\" \" \" | title",
    "replace .File.TranslationBaseName \"-\" \" \" | title",
    "replace .TranslationBaseName \"-\" \" \" | title",
    "replace .Name \"-\" \" \" | title",
    "replace .File.ContentBaseName \"-\" \" \" | humanize | title",
    "replace .Name \"-\" \" \" | humanize | title",
    ".File.ContentBaseName | humanize | title",
    ".Name | humanize | title",
    ".File.ContentBaseName | humanize",
    ".Name | humanize",
  };
  static const char * const name_forms[] = {
    ".Name", ".File.ContentBaseName", ".File.TranslationBaseName", ".TranslationBaseName",
  };

  *kind = VALUE_TEXT;

  /* The names stand for the title they were made from: the writer typed
   * it, which beats title-casing the slug back. */
  for (guint i = 0; i < G_N_ELEMENTS (title_forms); i++)
    if (g_str_equal (action, title_forms[i]))
      return values->title;

  for (guint i = 0; i < G_N_ELEMENTS (name_forms); i++)
    if (g_str_equal (action, name_forms[i]))
      return values->name;

  if (g_str_equal (action, ".File.BaseFileName"))
    return values->base_file_name;
  if (g_str_equal (action, ".Section") || g_str_equal (action, ".Type"))
    return values->type;
  if (g_str_equal (action, ".Site.Title"))
    return values->site_title;

  *kind = VALUE_RAW;

  if (g_str_equal (action, ".Date"))
    return values->date;
  if (g_str_equal (action, ".Draft"))
    return values->draft ? "true" : "false";

  return NULL;
}

/* The end of the action whose `{{` is at @start: the offset just past its
 * `}}`, skipping quoted strings; 0 when it is not closed. */
static gsize
find_action_end (const char *text,
                 gsize       start)
{
  gsize i = start + 2;

  while (text[i] != '\0')
    {
      if (text[i] == '"' || text[i] == '`')
        {
          char quote = text[i++];

          while (text[i] != '\0' && text[i] != quote && text[i] != '\n')
            {
              if (quote == '"' && text[i] == '\\' && text[i + 1] != '\0')
                i++;
              i++;
            }
          if (text[i] != quote)
            return 0;
          i++;
          continue;
        }

      if (text[i] == '}' && text[i + 1] == '}')
        return i + 2;

      i++;
    }

  return 0;
}

static gboolean
is_template_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The action's words, with Go's trim markers (`{{- ` and ` -}}`) noted
 * and removed and runs of spaces made one. */
static char *
normalize_action (const char *inner,
                  gsize       len,
                  gboolean   *trim_left,
                  gboolean   *trim_right)
{
  GString *out = g_string_new (NULL);
  const char *p = inner;
  const char *end = inner + len;

  *trim_left = len >= 2 && p[0] == '-' && is_template_space (p[1]);
  if (*trim_left)
    p++;
  *trim_right = end - p >= 2 && end[-1] == '-' && is_template_space (end[-2]);
  if (*trim_right)
    end--;

  for (; p < end; p++)
    {
      if (is_template_space (*p))
        {
          if (out->len > 0 && out->str[out->len - 1] != ' ')
            g_string_append_c (out, ' ');
          continue;
        }
      g_string_append_c (out, *p);
    }

  if (out->len > 0 && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);

  return g_string_free (out, FALSE);
}

/* Whether a value standing alone after `key:` (YAML), `key =` (TOML) or
 * `"key":` (JSON) on its line. */
static gboolean
is_bare_value (const GString        *out,
               const char           *rest,
               HanjiFrontMatterKind  kind)
{
  const char *line = out->str;
  const char *nl = strrchr (out->str, '\n');
  g_autofree char *prefix = NULL;
  char last;

  if (nl != NULL)
    line = nl + 1;

  prefix = g_strstrip (g_strdup (line));
  if (prefix[0] == '\0')
    return FALSE;
  last = prefix[strlen (prefix) - 1];

  while (*rest == ' ' || *rest == '\t')
    rest++;

  switch (kind)
    {
    case HANJI_FRONT_MATTER_YAML:
      return (last == ':' || g_str_equal (prefix, "-")) &&
             (*rest == '\0' || *rest == '\n' || *rest == '\r' || *rest == '#');

    case HANJI_FRONT_MATTER_TOML:
      return last == '=' && (*rest == '\0' || *rest == '\n' || *rest == '\r' || *rest == '#');

    case HANJI_FRONT_MATTER_JSON:
      return last == ':' && (*rest == '\0' || *rest == '\n' || *rest == '\r' || *rest == ',');

    case HANJI_FRONT_MATTER_NONE:
    default:
      return FALSE;
    }
}

/* Fills the Go template actions of a Hugo archetype that Hanji knows and
 * leaves every other one as it is written. A string value is escaped for
 * where it stands: inside "…" or '…' in the front matter, or bare after a
 * key (then quoted as the format needs); in the body it goes in as is. */
static char *
expand_archetype (const char           *text,
                  const TemplateValues *values)
{
  GString *out = g_string_new (NULL);
  HanjiFrontMatterSplit split;
  gsize i = 0;

  hanji_front_matter_split (text, -1, &split);

  while (text[i] != '\0')
    {
      const char *open = strstr (text + i, "{{");
      g_autofree char *action = NULL;
      const char *value;
      gboolean trim_left, trim_right;
      gboolean in_front_matter;
      ValueKind kind;
      gsize start, end;

      if (open == NULL)
        {
          g_string_append (out, text + i);
          break;
        }

      start = open - text;
      end = find_action_end (text, start);
      if (end == 0)
        {
          g_string_append (out, text + i);
          break;
        }

      action = normalize_action (text + start + 2, end - start - 4, &trim_left, &trim_right);

      if (g_str_has_prefix (action, "/*") && g_str_has_suffix (action, "*/"))
        {
          /* a template comment: Hugo writes nothing for it */
          kind = VALUE_RAW;
          value = "";
        }
      else
        value = lookup_action (values, action, &kind);

      g_string_append_len (out, text + i, start - i);
      i = end;

      if (value == NULL)
        {
          g_string_append_len (out, text + start, end - start);
          continue;
        }

      if (trim_left)
        while (out->len > 0 && is_template_space (out->str[out->len - 1]))
          g_string_truncate (out, out->len - 1);
      if (trim_right)
        while (is_template_space (text[i]))
          i++;

      in_front_matter = split.kind != HANJI_FRONT_MATTER_NONE &&
                        start >= split.content_start && start < split.content_end;

      if (kind == VALUE_RAW || !in_front_matter)
        {
          g_string_append (out, value);
          continue;
        }

      if (out->len > 0 && out->str[out->len - 1] == '"' && text[i] == '"')
        append_double_quoted_body (out, value);
      else if (out->len > 0 && out->str[out->len - 1] == '\'' && text[i] == '\'')
        {
          if (split.kind == HANJI_FRONT_MATTER_YAML)
            {
              g_autofree char *doubled = NULL;
              g_auto(GStrv) parts = g_strsplit (value, "'", -1);

              doubled = g_strjoinv ("''", parts);
              g_string_append (out, doubled);
            }
          else if (strchr (value, '\'') == NULL)
            g_string_append (out, value);
          else
            {
              /* A TOML '…' string cannot hold a `'`: make it "…". */
              out->str[out->len - 1] = '"';
              append_double_quoted_body (out, value);
              g_string_append_c (out, '"');
              i++;
            }
        }
      else if (is_bare_value (out, text + i, split.kind))
        {
          g_autofree char *scalar = split.kind == HANJI_FRONT_MATTER_YAML ? yaml_scalar (value)
                                                                          : double_quoted (value);

          g_string_append (out, scalar);
        }
      else
        g_string_append (out, value);
    }

  return g_string_free (out, FALSE);
}

static gboolean
toml_line_is_key (const char *line,
                  const char *key,
                  const char **value)
{
  gsize len = strlen (key);

  while (*line == ' ' || *line == '\t')
    line++;
  if (strncmp (line, key, len) != 0)
    return FALSE;
  line += len;
  while (*line == ' ' || *line == '\t')
    line++;
  if (*line != '=')
    return FALSE;
  line++;
  while (*line == ' ' || *line == '\t')
    line++;

  *value = line;
  return TRUE;
}

/* The writer's draft choice over the archetype's: a literal `draft` value
 * is set to it, and a draft gets `draft: true` when the archetype has no
 * such field. Front matter that does not parse is left alone. */
static char *
apply_draft (char     *text,
             gboolean  draft)
{
  HanjiFrontMatterSplit split;

  hanji_front_matter_split (text, -1, &split);
  if (!split.terminated)
    return text;

  if (split.kind == HANJI_FRONT_MATTER_YAML)
    {
      g_autoptr(HanjiFrontMatter) fm = hanji_front_matter_parse (text, -1);
      g_autoptr(HanjiTextEdit) edit = NULL;
      HanjiField *field;
      char *edited;

      if (hanji_front_matter_get_error (fm) != NULL)
        return text;

      field = hanji_front_matter_lookup (fm, "draft");
      if (field == NULL && !draft)
        return text;
      if (field != NULL)
        {
          HanjiValueType type = hanji_field_get_value_type (field);

          /* A value of another type is the archetype's business. */
          if (type != HANJI_VALUE_BOOL && type != HANJI_VALUE_NULL)
            return text;
          if (type == HANJI_VALUE_BOOL && hanji_field_get_boolean (field) == draft)
            return text;
        }

      edit = hanji_front_matter_set_boolean (fm, "draft", draft, NULL);
      if (edit == NULL)
        return text;

      edited = hanji_text_edit_apply (edit, text, -1);
      g_free (text);
      return edited;
    }

  if (split.kind == HANJI_FRONT_MATTER_TOML)
    {
      GString *out = g_string_new (NULL);
      gsize p = split.content_start;
      gboolean found = FALSE;
      gboolean top_level = TRUE;

      g_string_append_len (out, text, p);

      while (p < split.content_end)
        {
          const char *eol = memchr (text + p, '\n', split.content_end - p);
          gsize line_end = eol != NULL ? (gsize) (eol - text) + 1 : split.content_end;
          g_autofree char *line = g_strndup (text + p, line_end - p);
          const char *value = NULL;
          const char *stripped = line;

          while (*stripped == ' ' || *stripped == '\t')
            stripped++;
          if (*stripped == '[')
            top_level = FALSE;

          if (top_level && !found && toml_line_is_key (line, "draft", &value) &&
              (g_str_has_prefix (value, "true") || g_str_has_prefix (value, "false")))
            {
              found = TRUE;
              g_string_append_len (out, line, value - line);
              g_string_append (out, draft ? "true" : "false");
              g_string_append (out, value + (g_str_has_prefix (value, "true") ? 4 : 5));
            }
          else
            g_string_append (out, line);

          p = line_end;
        }

      if (!found && draft)
        {
          gboolean crlf = split.content_end >= 2 &&
                          text[split.content_end - 2] == '\r' &&
                          text[split.content_end - 1] == '\n';

          /* Before any [table], where a top-level key must stand. */
          if (top_level)
            g_string_append (out, crlf ? "draft = true\r\n" : "draft = true\n");
          else
            {
              g_autofree char *rest = g_strdup (out->str + split.content_start);

              g_string_truncate (out, split.content_start);
              g_string_append (out, crlf ? "draft = true\r\n" : "draft = true\n");
              g_string_append (out, rest);
            }
        }

      g_string_append (out, text + split.content_end);
      g_free (text);
      return g_string_free (out, FALSE);
    }

  return text;
}

/* The archetype for the post: archetypes/<type>/index.md (a bundle) or
 * archetypes/<type>.md, then the same for `default`, as `hugo new` looks
 * them up; NULL when there is none. */
static char *
read_archetype (HanjiNewPost *self,
                const char   *type,
                GCancellable *cancellable)
{
  g_autoptr(GFile) dir = g_file_get_child (self->root, "archetypes");
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  if (type[0] != '\0')
    {
      if (self->bundle)
        g_ptr_array_add (names, g_build_filename (type, "index.md", NULL));
      g_ptr_array_add (names, g_strdup_printf ("%s.md", type));
    }
  if (self->bundle)
    g_ptr_array_add (names, g_build_filename ("default", "index.md", NULL));
  g_ptr_array_add (names, g_strdup ("default.md"));

  for (guint i = 0; i < names->len; i++)
    {
      g_autoptr(GFile) file = g_file_resolve_relative_path (dir, g_ptr_array_index (names, i));
      g_autofree char *contents = NULL;
      gsize len = 0;

      if (!g_file_load_contents (file, cancellable, &contents, &len, NULL, NULL))
        continue;

      if (!g_utf8_validate (contents, len, NULL) || strlen (contents) != len)
        {
          g_debug ("Ignoring the archetype %s: not UTF-8 text", g_file_peek_path (file));
          continue;
        }

      return g_steal_pointer (&contents);
    }

  return NULL;
}

/* title, date, draft, tags; for Jekyll with the `defaults` that apply. */
static char *
builtin_contents (HanjiNewPost *self,
                  const Place  *place,
                  GFile        *file,
                  GCancellable *cancellable)
{
  g_auto(JekyllDefaults) defaults = { 0 };
  g_autoptr(GString) out = g_string_new ("---\n");
  g_autofree char *title = yaml_scalar (self->title);
  gboolean jekyll = self->kind == HANJI_SITE_JEKYLL;

  if (jekyll)
    {
      g_autofree char *relative = g_file_get_relative_path (self->root, file);

      jekyll_defaults_load (&defaults, self->root, relative, self->draft, cancellable);
      append_default (out, &defaults, "layout");
    }

  g_string_append_printf (out, "title: %s\n", title);

  /* A Jekyll draft gets its date when it is published (jekyll-compose
   * writes none either): a date written now would go stale. */
  if (!(jekyll && self->draft))
    {
      DateShape shape = detect_date_shape (self, place, cancellable);
      g_autofree char *date = format_date (&shape, place->date);

      g_string_append_printf (out, "date: %s\n", date);
    }

  /* Hugo reads `draft`, so it is always written; a plain folder (or
   * Astro, Eleventy) only marks a draft as one. */
  if (self->kind == HANJI_SITE_HUGO)
    g_string_append_printf (out, "draft: %s\n", self->draft ? "true" : "false");
  else if (!jekyll && self->draft)
    g_string_append (out, "draft: true\n");

  if (jekyll)
    for (guint i = 0; i < defaults.keys->len; i++)
      {
        const char *key = g_ptr_array_index (defaults.keys, i);

        if (g_str_equal (key, "layout") || g_str_equal (key, "title") ||
            g_str_equal (key, "date") || g_str_equal (key, "tags"))
          continue;
        append_default (out, &defaults, key);
      }

  if (jekyll && g_hash_table_contains (defaults.values, "tags"))
    append_default (out, &defaults, "tags");
  else
    g_string_append (out, "tags: []\n");

  g_string_append (out, "---\n\n");

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
render_contents (HanjiNewPost  *self,
                 const Place   *place,
                 const char    *stem,
                 GFile         *file,
                 GCancellable  *cancellable,
                 GError       **error)
{
  char *contents = NULL;

  if (self->kind == HANJI_SITE_HUGO)
    {
      g_auto(GStrv) parts = g_strsplit (place->section, "/", 2);
      const char *type = parts[0] != NULL ? parts[0] : "";
      g_autofree char *archetype = read_archetype (self, type, cancellable);

      if (archetype != NULL)
        {
          g_autoptr(GDateTime) date = g_date_time_ref (place->date);
          TemplateValues values = {
            .title = self->title[0] != '\0' ? self->title : stem,
            .name = stem,
            .base_file_name = self->bundle ? "index" : stem,
            .type = type,
            .site_title = self->site_title,
            .draft = self->draft,
          };

          /* Go's RFC 3339: `Z` for a zero offset. */
          if (g_date_time_get_utc_offset (date) == 0)
            values.date = g_date_time_format (date, "%Y-%m-%dT%H:%M:%SZ");
          else
            values.date = g_date_time_format (date, "%Y-%m-%dT%H:%M:%S%:z");

          contents = apply_draft (expand_archetype (archetype, &values), self->draft);
          g_free (values.date);
        }
    }

  if (contents == NULL)
    contents = builtin_contents (self, place, file, cancellable);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    g_clear_pointer (&contents, g_free);

  return contents;
}

char *
hanji_new_post_dup_contents (HanjiNewPost  *self,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_auto(Place) place = { 0 };
  g_autofree char *stem = NULL;
  g_autoptr(GFile) file = NULL;
  guint n = 0;

  g_return_val_if_fail (HANJI_IS_NEW_POST (self), NULL);

  if (!find_place (self, &place, error) ||
      !find_free_stem (self, &place, 1, &n, cancellable, error))
    return NULL;

  stem = candidate_stem (&place, n);
  file = file_for_stem (self, &place, stem);
  return render_contents (self, &place, stem, file, cancellable, error);
}

/* Creating -------------------------------------------------------------- */

/* Makes @dir and its missing parents, recording each folder made (the
 * outermost first) so that a failure can take them away again. */
static gboolean
make_folders (GFile         *dir,
              GPtrArray     *made,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GPtrArray) missing = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GFile) current = g_object_ref (dir);

  while (current != NULL &&
         g_file_query_file_type (current, G_FILE_QUERY_INFO_NONE, cancellable) == G_FILE_TYPE_UNKNOWN)
    {
      GFile *parent = g_file_get_parent (current);

      g_ptr_array_add (missing, g_steal_pointer (&current));
      current = parent;
    }

  for (guint i = missing->len; i > 0; i--)
    {
      GFile *folder = g_ptr_array_index (missing, i - 1);
      g_autoptr(GError) local_error = NULL;

      if (g_file_make_directory (folder, cancellable, &local_error))
        g_ptr_array_add (made, g_object_ref (folder));
      else if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }

  return TRUE;
}

static void
remove_folders (GPtrArray *made)
{
  /* Innermost first; a folder someone filled meanwhile stays. */
  for (guint i = made->len; i > 0; i--)
    g_file_delete (g_ptr_array_index (made, i - 1), NULL, NULL);
  g_ptr_array_set_size (made, 0);
}

/* Writes @contents into a new @file; on any failure the file is gone. */
static gboolean
write_new_file (GFile         *file,
                const char    *contents,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;

  stream = g_file_create (file, G_FILE_CREATE_NONE, cancellable, error);
  if (stream == NULL)
    return FALSE;

  if (g_output_stream_write_all (G_OUTPUT_STREAM (stream), contents, strlen (contents),
                                 NULL, cancellable, &local_error) &&
      g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, &local_error))
    return TRUE;

  g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, NULL);
  g_file_delete (file, NULL, NULL);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

GFile *
hanji_new_post_create (HanjiNewPost  *self,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_auto(Place) place = { 0 };
  g_autoptr(GPtrArray) made = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = 1;

  g_return_val_if_fail (HANJI_IS_NEW_POST (self), NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
      !find_place (self, &place, error))
    return NULL;

  if (!make_folders (place.dir, made, cancellable, error))
    {
      remove_folders (made);
      return NULL;
    }

  for (;;)
    {
      g_autofree char *stem = NULL;
      g_autofree char *contents = NULL;
      g_autoptr(GFile) file = NULL;
      g_autoptr(GFile) bundle_dir = NULL;
      g_autoptr(GError) local_error = NULL;

      if (!find_free_stem (self, &place, n, &n, cancellable, error))
        break;

      stem = candidate_stem (&place, n);
      file = file_for_stem (self, &place, stem);
      contents = render_contents (self, &place, stem, file, cancellable, error);
      if (contents == NULL)
        break;

      /* Both steps fail rather than reuse a name someone took since it
       * was found free; then the next name is tried. */
      if (self->bundle)
        {
          bundle_dir = g_file_get_parent (file);
          if (!g_file_make_directory (bundle_dir, cancellable, &local_error))
            {
              g_clear_object (&bundle_dir);
              if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
                {
                  n++;
                  continue;
                }
              g_propagate_error (error, g_steal_pointer (&local_error));
              break;
            }
        }

      if (write_new_file (file, contents, cancellable, &local_error))
        return g_steal_pointer (&file);

      if (bundle_dir != NULL)
        g_file_delete (bundle_dir, NULL, NULL);

      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          break;
        }

      n++;
    }

  remove_folders (made);
  return NULL;
}

static void
create_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  HanjiNewPost *copy = task_data;
  GError *error = NULL;
  GFile *file;

  file = hanji_new_post_create (copy, cancellable, &error);
  if (file == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, file, g_object_unref);
}

void
hanji_new_post_create_async (HanjiNewPost        *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (HANJI_IS_NEW_POST (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hanji_new_post_create_async);
  g_task_set_task_data (task, hanji_new_post_copy (self), g_object_unref);
  g_task_run_in_thread (task, create_thread);
}

GFile *
hanji_new_post_create_finish (HanjiNewPost  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (HANJI_IS_NEW_POST (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Renaming -------------------------------------------------------------- */

typedef struct
{
  HanjiSiteKind  kind;
  GFile         *root;
  GFile         *content_dir;
  GFile         *file;
  char          *slug;
} RenameData;

static void
rename_data_free (RenameData *data)
{
  g_clear_object (&data->root);
  g_clear_object (&data->content_dir);
  g_clear_object (&data->file);
  g_free (data->slug);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RenameData, rename_data_free)

static RenameData *
rename_data_new (HanjiSite  *site,
                 GFile      *file,
                 const char *slug)
{
  RenameData *data = g_new0 (RenameData, 1);
  GFile *content_dir = hanji_site_get_content_dir (site);

  data->kind = hanji_site_get_kind (site);
  data->root = g_object_ref (hanji_site_get_root (site));
  data->content_dir = g_object_ref (content_dir != NULL ? content_dir : data->root);
  data->file = g_object_ref (file);
  data->slug = g_strdup (slug);

  return data;
}

static gboolean
has_date_prefix (const char *name)
{
  const char *p = name;

  return skip_digits (&p, 4) && *p++ == '-' &&
         skip_digits (&p, 2) && *p++ == '-' &&
         skip_digits (&p, 2) && *p == '-';
}

/* A page bundle's index.md: the post is its folder. Not when that folder
 * is the content folder or the root (the home page). */
static gboolean
is_bundle_index (const RenameData *data,
                 GFile            *file)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autoptr(GFile) parent = NULL;

  if (data->kind == HANJI_SITE_JEKYLL || name == NULL ||
      (!g_str_equal (name, "index.md") && !g_str_equal (name, "index.markdown")))
    return FALSE;

  parent = g_file_get_parent (file);
  return parent != NULL &&
         !g_file_equal (parent, data->content_dir) &&
         !g_file_equal (parent, data->root);
}

static char *
dup_slug_of (const RenameData *data,
             GFile            *file)
{
  g_autofree char *name = NULL;
  const char *ext;

  if (is_bundle_index (data, file))
    {
      g_autoptr(GFile) parent = g_file_get_parent (file);

      return g_file_get_basename (parent);
    }

  name = g_file_get_basename (file);
  ext = extension_of (name);

  if (data->kind == HANJI_SITE_JEKYLL && has_date_prefix (name))
    return g_strndup (name + 11, ext - name - 11);

  return g_strndup (name, ext - name);
}

char *
hanji_post_file_dup_slug (HanjiSite *site,
                          GFile     *file)
{
  g_autoptr(RenameData) data = NULL;

  g_return_val_if_fail (HANJI_IS_SITE (site), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  data = rename_data_new (site, file, NULL);
  return dup_slug_of (data, file);
}

/* rename () that never replaces: RENAME_NOREPLACE where the kernel and
 * file system have it, else GIO's move, which checks first. */
static gboolean
move_no_replace (GFile         *source,
                 GFile         *target,
                 GCancellable  *cancellable,
                 GError       **error)
{
#ifdef RENAME_NOREPLACE
  g_autofree char *from = g_file_get_path (source);
  g_autofree char *to = g_file_get_path (target);

  if (from != NULL && to != NULL)
    {
      int saved_errno;

      if (renameat2 (AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
        return TRUE;

      saved_errno = errno;
      if (saved_errno != EINVAL && saved_errno != ENOSYS && saved_errno != ENOTSUP)
        {
          g_autofree char *display = g_file_get_parse_name (target);

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       "%s: %s", display, g_strerror (saved_errno));
          return FALSE;
        }
    }
#endif

  return g_file_move (source, target, G_FILE_COPY_NOFOLLOW_SYMLINKS | G_FILE_COPY_NO_FALLBACK_FOR_MOVE,
                      cancellable, NULL, NULL, error);
}

static GFile *
rename_post (RenameData    *data,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autofree char *slug = hanji_slugify (data->slug);
  g_autofree char *name = g_file_get_basename (data->file);
  g_autoptr(GFile) parent = g_file_get_parent (data->file);
  g_autoptr(GFile) source = NULL;
  g_autoptr(GFile) target = NULL;
  g_autoptr(GFile) dir = NULL;
  g_autofree char *new_name = NULL;
  g_autofree char *prefix = NULL;
  gboolean bundle;

  if (name == NULL || parent == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("not a post file"));
      return NULL;
    }

  if (data->kind == HANJI_SITE_HUGO && g_str_has_prefix (name, "_index."))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("a section’s _index page cannot be renamed"));
      return NULL;
    }

  bundle = is_bundle_index (data, data->file);

  if (bundle)
    {
      source = g_object_ref (parent);
      dir = g_file_get_parent (parent);
      new_name = g_strdup (slug);
    }
  else
    {
      source = g_object_ref (data->file);
      dir = g_object_ref (parent);
      if (data->kind == HANJI_SITE_JEKYLL && has_date_prefix (name))
        prefix = g_strndup (name, 11);
      new_name = g_strdup_printf ("%s%s%s", prefix != NULL ? prefix : "", slug,
                                  extension_of (name));
    }

  target = g_file_get_child (dir, new_name);
  if (g_file_equal (source, target))
    return g_object_ref (data->file);

  if (stem_is_taken (data->kind, dir, prefix, slug, source, cancellable))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("a post named “%s” already exists"), slug);
      return NULL;
    }

  if (!move_no_replace (source, target, cancellable, error))
    return NULL;

  if (bundle)
    return g_file_get_child (target, name);

  return g_steal_pointer (&target);
}

GFile *
hanji_post_rename_file (HanjiSite     *site,
                        GFile         *file,
                        const char    *slug,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(RenameData) data = NULL;

  g_return_val_if_fail (HANJI_IS_SITE (site), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (slug != NULL, NULL);

  data = rename_data_new (site, file, slug);
  return rename_post (data, cancellable, error);
}

static void
rename_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;
  GFile *file = rename_post (task_data, cancellable, &error);

  if (file == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, file, g_object_unref);
}

void
hanji_post_rename_file_async (HanjiSite           *site,
                              GFile               *file,
                              const char          *slug,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (HANJI_IS_SITE (site));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (slug != NULL);

  task = g_task_new (site, cancellable, callback, user_data);
  g_task_set_source_tag (task, hanji_post_rename_file_async);
  g_task_set_task_data (task, rename_data_new (site, file, slug),
                        (GDestroyNotify) rename_data_free);
  g_task_run_in_thread (task, rename_thread);
}

GFile *
hanji_post_rename_file_finish (HanjiSite     *site,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (HANJI_IS_SITE (site), NULL);
  g_return_val_if_fail (g_task_is_valid (result, site), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
