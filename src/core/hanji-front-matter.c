/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hanji-front-matter"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <yaml.h>

#include "hanji-core-private.h"
#include "hanji-front-matter.h"

G_DEFINE_QUARK (hanji-front-matter-error-quark, hanji_front_matter_error)

#define UTF8_BOM "\xEF\xBB\xBF"

static void
hanji_field_free (HanjiField *field)
{
  g_clear_pointer (&field->item_spans, g_array_unref);
  g_free (field->key);
  g_free (field->text);
  g_strfreev (field->items);
  g_free (field);
}

/* Splitting ------------------------------------------------------------- */

static gsize
skip_bom (const char *text,
          gsize       len)
{
  if (len >= 3 && memcmp (text, UTF8_BOM, 3) == 0)
    return 3;
  return 0;
}

/* Finds the line that starts at @pos: @line_end is its '\n' (or @len),
 * the return value the start of the next line. */
static gsize
next_line (const char *text,
           gsize       len,
           gsize       pos,
           gsize      *line_end)
{
  const char *nl = memchr (text + pos, '\n', len - pos);

  if (nl == NULL)
    {
      *line_end = len;
      return len;
    }

  *line_end = nl - text;
  return *line_end + 1;
}

/* Generators accept trailing blanks after a delimiter (and CRLF files end
 * every line with '\r'), so only those are ignored. */
static gboolean
line_is (const char *line,
         gsize       line_len,
         const char *delimiter)
{
  gsize dlen = strlen (delimiter);

  while (line_len > 0 &&
         (line[line_len - 1] == '\r' ||
          line[line_len - 1] == ' ' ||
          line[line_len - 1] == '\t'))
    line_len--;

  return line_len == dlen && memcmp (line, delimiter, dlen) == 0;
}

static guint
count_lines (const char *text,
             gsize       len)
{
  guint n = 0;

  for (gsize i = 0; i < len; i++)
    if (text[i] == '\n')
      n++;

  return n;
}

/* Returns the offset just past the closing brace, or 0 when the object
 * never closes. Strings are skipped so that braces inside them do not
 * count. */
static gsize
scan_json_object (const char *text,
                  gsize       len,
                  gsize       start)
{
  guint depth = 0;
  gboolean in_string = FALSE;
  gboolean escaped = FALSE;

  for (gsize i = start; i < len; i++)
    {
      char c = text[i];

      if (in_string)
        {
          if (escaped)
            escaped = FALSE;
          else if (c == '\\')
            escaped = TRUE;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }

      if (c == '"')
        in_string = TRUE;
      else if (c == '{')
        depth++;
      else if (c == '}')
        {
          if (depth == 0)
            return 0;
          if (--depth == 0)
            return i + 1;
        }
    }

  return 0;
}

/* A body may well start with `{{< shortcode >}}` (Hugo) or `{% raw %}`
 * (Liquid); only an object whose first member is a string key, or an
 * empty object, is taken for JSON front matter. */
static gboolean
looks_like_json (const char *text,
                 gsize       len,
                 gsize       start)
{
  for (gsize i = start + 1; i < len; i++)
    {
      if (g_ascii_isspace (text[i]))
        continue;
      return text[i] == '"' || text[i] == '}';
    }

  return FALSE;
}

static void
split_delimited (const char            *text,
                 gsize                  len,
                 const char            *opener,
                 const char            *closer,
                 const char            *alt_closer,
                 HanjiFrontMatterSplit *split)
{
  gsize line_end;
  gsize pos = next_line (text, len, split->block_start, &line_end);

  split->content_start = pos;

  while (pos < len)
    {
      gsize line_start = pos;

      pos = next_line (text, len, pos, &line_end);

      if (line_is (text + line_start, line_end - line_start, closer) ||
          (alt_closer != NULL &&
           line_is (text + line_start, line_end - line_start, alt_closer)))
        {
          split->terminated = TRUE;
          split->content_end = line_start;
          split->body_start = pos;
          return;
        }
    }

  split->content_end = len;
}

void
hanji_front_matter_split (const char            *text,
                          gssize                 len,
                          HanjiFrontMatterSplit *split)
{
  gsize ulen;
  gsize start;
  gsize line_end;

  g_return_if_fail (split != NULL);
  g_return_if_fail (text != NULL || len == 0);

  if (text == NULL)
    text = "";
  ulen = len < 0 ? strlen (text) : (gsize) len;

  memset (split, 0, sizeof *split);
  start = skip_bom (text, ulen);
  split->has_bom = start > 0;
  split->kind = HANJI_FRONT_MATTER_NONE;
  split->block_start = start;
  split->content_start = start;
  split->content_end = start;
  split->body_start = start;

  next_line (text, ulen, start, &line_end);

  if (line_is (text + start, line_end - start, "---"))
    {
      split->kind = HANJI_FRONT_MATTER_YAML;
      split_delimited (text, ulen, "---", "---", "...", split);
    }
  else if (line_is (text + start, line_end - start, "+++"))
    {
      split->kind = HANJI_FRONT_MATTER_TOML;
      split_delimited (text, ulen, "+++", "+++", NULL, split);
    }
  else if (start < ulen && text[start] == '{' &&
           looks_like_json (text, ulen, start))
    {
      gsize close = scan_json_object (text, ulen, start);

      split->kind = HANJI_FRONT_MATTER_JSON;
      /* The braces are part of the JSON, so the content is the whole
       * object rather than what lies between delimiter lines. */
      split->content_start = start;
      split->content_end = ulen;

      if (close > 0)
        {
          gsize after = next_line (text, ulen, close, &line_end);

          if (line_is (text + close, line_end - close, ""))
            {
              split->terminated = TRUE;
              split->content_end = close;
              split->body_start = after;
            }
        }
    }

  if (!split->terminated)
    split->body_start = start;

  split->body_line = count_lines (text, split->body_start);
}

/* Timestamps ------------------------------------------------------------ */

typedef struct
{
  int      year, month, day;
  gboolean has_time;
  int      hour, minute;
  double   seconds;
  gboolean has_zone;
  int      zone_seconds;
} Timestamp;

static gboolean
read_digits (const char **p,
             guint        min,
             guint        max,
             int         *value)
{
  guint n = 0;
  int v = 0;

  while (n < max && g_ascii_isdigit ((*p)[n]))
    {
      v = v * 10 + ((*p)[n] - '0');
      n++;
    }

  if (n < min)
    return FALSE;

  *p += n;
  *value = v;
  return TRUE;
}

static gboolean
parse_timestamp (const char *s,
                 Timestamp  *ts)
{
  const char *p = s;

  memset (ts, 0, sizeof *ts);

  if (!read_digits (&p, 4, 4, &ts->year) || *p++ != '-' ||
      !read_digits (&p, 2, 2, &ts->month) || *p++ != '-' ||
      !read_digits (&p, 2, 2, &ts->day))
    return FALSE;

  if (ts->month < 1 || ts->month > 12 || ts->year < 1 ||
      !g_date_valid_dmy (ts->day, ts->month, ts->year))
    return FALSE;

  if (*p == '\0')
    return TRUE;

  if (*p == 'T' || *p == 't')
    p++;
  else if (*p == ' ' || *p == '\t')
    while (*p == ' ' || *p == '\t')
      p++;
  else
    return FALSE;

  if (!read_digits (&p, 1, 2, &ts->hour) || *p++ != ':' ||
      !read_digits (&p, 2, 2, &ts->minute))
    return FALSE;

  if (*p == ':')
    {
      int sec;

      p++;
      if (!read_digits (&p, 2, 2, &sec))
        return FALSE;
      ts->seconds = sec;

      if (*p == '.')
        {
          double scale = 0.1;

          p++;
          if (!g_ascii_isdigit (*p))
            return FALSE;
          for (; g_ascii_isdigit (*p); p++, scale /= 10)
            ts->seconds += (*p - '0') * scale;
        }
    }

  if (ts->hour > 23 || ts->minute > 59 || ts->seconds >= 60)
    return FALSE;

  ts->has_time = TRUE;

  while (*p == ' ' || *p == '\t')
    p++;

  if (*p == 'Z' || *p == 'z')
    {
      ts->has_zone = TRUE;
      p++;
    }
  else if (*p == '+' || *p == '-')
    {
      int sign = *p++ == '-' ? -1 : 1;
      int hours, minutes = 0;

      if (!read_digits (&p, 2, 2, &hours))
        return FALSE;
      if (*p == ':')
        {
          p++;
          if (!read_digits (&p, 2, 2, &minutes))
            return FALSE;
        }
      else if (g_ascii_isdigit (*p) && !read_digits (&p, 2, 2, &minutes))
        return FALSE;

      if (hours > 23 || minutes > 59)
        return FALSE;

      ts->has_zone = TRUE;
      ts->zone_seconds = sign * (hours * 3600 + minutes * 60);
    }

  return *p == '\0';
}

gboolean
_hanji_is_timestamp (const char *text,
                     gboolean   *has_time)
{
  Timestamp ts;

  if (text == NULL || !parse_timestamp (text, &ts))
    return FALSE;

  if (has_time != NULL)
    *has_time = ts.has_time;

  return TRUE;
}

GDateTime *
_hanji_parse_timestamp (const char *text)
{
  g_autoptr(GTimeZone) tz = NULL;
  Timestamp ts;

  if (text == NULL)
    return NULL;

  while (g_ascii_isspace (*text))
    text++;

  if (!parse_timestamp (text, &ts))
    return NULL;

  /* A date or time written without a zone means the writer's local time,
   * which is how Hugo and Jekyll read it on the writer's machine. */
  if (!ts.has_zone)
    tz = g_time_zone_new_local ();
  else if (ts.zone_seconds == 0)
    tz = g_time_zone_new_utc ();
  else
    tz = g_time_zone_new_offset (ts.zone_seconds);

  return g_date_time_new (tz, ts.year, ts.month, ts.day,
                          ts.hour, ts.minute, ts.seconds);
}

/* Scalar typing --------------------------------------------------------- */

static gboolean
all_chars_in (const char *s,
              const char *set)
{
  if (*s == '\0')
    return FALSE;

  for (; *s != '\0'; s++)
    if (strchr (set, *s) == NULL)
      return FALSE;

  return TRUE;
}

static gboolean
is_yaml_int (const char *s)
{
  if (g_str_has_prefix (s, "0x"))
    return all_chars_in (s + 2, "0123456789abcdefABCDEF");
  if (g_str_has_prefix (s, "0o"))
    return all_chars_in (s + 2, "01234567");
  if (*s == '-' || *s == '+')
    s++;
  return all_chars_in (s, "0123456789");
}

static gboolean
is_yaml_float (const char *s)
{
  const char *p = s;
  gboolean digits = FALSE;

  if (g_str_equal (s, ".nan") || g_str_equal (s, ".NaN") ||
      g_str_equal (s, ".NAN"))
    return TRUE;

  if (*p == '-' || *p == '+')
    p++;

  if (g_str_equal (p, ".inf") || g_str_equal (p, ".Inf") ||
      g_str_equal (p, ".INF"))
    return TRUE;

  for (; g_ascii_isdigit (*p); p++)
    digits = TRUE;

  if (*p == '.')
    for (p++; g_ascii_isdigit (*p); p++)
      digits = TRUE;

  if (!digits)
    return FALSE;

  if (*p == 'e' || *p == 'E')
    {
      p++;
      if (*p == '-' || *p == '+')
        p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }

  return *p == '\0';
}

/* The YAML 1.2 core schema, which is what Hugo's YAML library follows:
 * only true/false (in three casings) are booleans. `yes`, `no`, `on` and
 * `off` stay strings, so a title like "no" is never turned into FALSE
 * behind the writer's back. Dates are not in the core schema, but both
 * generators read them, so they get their own types. */
static HanjiValueType
resolve_plain (const char *s,
               gboolean   *boolean)
{
  gboolean has_time = FALSE;

  *boolean = FALSE;

  if (*s == '\0' || g_str_equal (s, "~") || g_str_equal (s, "null") ||
      g_str_equal (s, "Null") || g_str_equal (s, "NULL"))
    return HANJI_VALUE_NULL;

  if (g_str_equal (s, "true") || g_str_equal (s, "True") ||
      g_str_equal (s, "TRUE"))
    {
      *boolean = TRUE;
      return HANJI_VALUE_BOOL;
    }

  if (g_str_equal (s, "false") || g_str_equal (s, "False") ||
      g_str_equal (s, "FALSE"))
    return HANJI_VALUE_BOOL;

  if (is_yaml_int (s))
    return HANJI_VALUE_INT;

  if (is_yaml_float (s))
    return HANJI_VALUE_FLOAT;

  if (_hanji_is_timestamp (s, &has_time))
    return has_time ? HANJI_VALUE_DATETIME : HANJI_VALUE_DATE;

  return HANJI_VALUE_STRING;
}

HanjiValueType
_hanji_resolve_plain (const char *text)
{
  gboolean boolean;

  return resolve_plain (text, &boolean);
}

static HanjiValueType
resolve_scalar (const yaml_event_t *event,
                const char         *value,
                gboolean           *boolean)
{
  const char *tag = (const char *) event->data.scalar.tag;

  *boolean = FALSE;

  if (tag == NULL)
    {
      if (event->data.scalar.style == YAML_PLAIN_SCALAR_STYLE)
        return resolve_plain (value, boolean);
      return HANJI_VALUE_STRING;
    }

  /* `!!bool "true"` asks for a type explicitly; anything else tagged
   * (`!`, `!!str`, application tags) is kept as text. */
  if (g_str_has_prefix (tag, "tag:yaml.org,2002:") &&
      !g_str_equal (tag, YAML_STR_TAG))
    return resolve_plain (value, boolean);

  return HANJI_VALUE_STRING;
}

/* YAML reading ---------------------------------------------------------- */

/* Where a parse error is, kept beside the GError for
 * hanji_front_matter_get_error_position(). */
typedef struct
{
  guint line;
  guint column;
} ErrorPos;

typedef struct
{
  const char    *text;
  gsize          text_len;
  ErrorPos       where;
  gsize          base;
  gsize          input_len;
  /* libyaml marks count characters; this maps a character index of the
   * input to its byte offset (plus a sentinel for the end). */
  GArray        *char_offsets;
  yaml_parser_t  parser;
} YamlReader;

static void
yaml_reader_init (YamlReader *r,
                  const char *text,
                  gsize       text_len,
                  gsize       start,
                  gsize       end)
{
  const guchar *input;
  gsize input_len;

  /* libyaml, told the encoding, takes a BOM at the start of its input for
   * a character of the first line (in mark indexes and columns), so it
   * never sees one. */
  if (end - start >= 3 && memcmp (text + start, UTF8_BOM, 3) == 0)
    start += 3;
  input = (const guchar *) text + start;
  input_len = end - start;

  r->text = text;
  r->text_len = text_len;
  r->base = start;
  r->input_len = input_len;
  r->char_offsets = g_array_sized_new (FALSE, FALSE, sizeof (gsize), input_len + 1);

  /* Counting lead bytes matches libyaml on valid UTF-8; on invalid input
   * libyaml stops with a reader error whose position is in bytes. */
  for (gsize i = 0; i < input_len; i++)
    if ((input[i] & 0xC0) != 0x80)
      g_array_append_val (r->char_offsets, i);
  g_array_append_val (r->char_offsets, input_len);

  yaml_parser_initialize (&r->parser);
  yaml_parser_set_encoding (&r->parser, YAML_UTF8_ENCODING);
  yaml_parser_set_input_string (&r->parser, input, input_len);
}

static void
yaml_reader_clear (YamlReader *r)
{
  yaml_parser_delete (&r->parser);
  g_clear_pointer (&r->char_offsets, g_array_unref);
}

static gsize
mark_offset (YamlReader        *r,
             const yaml_mark_t *mark)
{
  gsize index = MIN (mark->index, r->char_offsets->len - 1);

  return r->base + g_array_index (r->char_offsets, gsize, index);
}

/* 1-based line and column of a byte offset, as a writer sees them. */
static void
offset_position (const char *text,
                 gsize       text_len,
                 gsize       offset,
                 guint      *line,
                 guint      *column)
{
  gsize line_start = 0;
  guint col = 1;

  offset = MIN (offset, text_len);
  *line = 1;

  for (gsize i = 0; i < offset; i++)
    if (text[i] == '\n')
      {
        (*line)++;
        line_start = i + 1;
      }

  if (line_start == 0)
    line_start = skip_bom (text, text_len);

  for (gsize i = line_start; i < offset; i++)
    if (((guchar) text[i] & 0xC0) != 0x80)
      col++;

  *column = col;
}

G_GNUC_PRINTF (7, 8)
static void
set_error_at (ErrorPos    *where,
              GError     **error,
              int          code,
              const char  *text,
              gsize        text_len,
              gsize        offset,
              const char  *format,
              ...)
{
  g_autofree char *message = NULL;
  guint line, column;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  offset_position (text, text_len, offset, &line, &column);
  where->line = line;
  where->column = column;
  g_set_error (error, HANJI_FRONT_MATTER_ERROR, code,
               _("line %u, column %u: %s"), line, column, message);
}

static gboolean
next_event (YamlReader    *r,
            yaml_event_t  *event,
            GError       **error)
{
  gsize offset;

  if (yaml_parser_parse (&r->parser, event))
    return TRUE;

  switch (r->parser.error)
    {
    case YAML_READER_ERROR:
      offset = r->base + MIN (r->parser.problem_offset, r->input_len);
      break;

    case YAML_SCANNER_ERROR:
    case YAML_PARSER_ERROR:
      offset = mark_offset (r, &r->parser.problem_mark);
      break;

    case YAML_NO_ERROR:
    case YAML_MEMORY_ERROR:
    case YAML_COMPOSER_ERROR:
    case YAML_WRITER_ERROR:
    case YAML_EMITTER_ERROR:
    default:
      offset = r->base;
      break;
    }

  set_error_at (&r->where, error, HANJI_FRONT_MATTER_ERROR_SYNTAX,
                r->text, r->text_len, offset, "%s",
                r->parser.problem != NULL ? r->parser.problem : _("invalid YAML"));
  return FALSE;
}

/* Block scalars and block collections end after their line breaks;
 * a span stops at the last character that belongs to the value. */
static gsize
trim_end (const char *text,
          gsize       start,
          gsize       end)
{
  while (end > start &&
         (text[end - 1] == '\n' || text[end - 1] == '\r' ||
          text[end - 1] == ' ' || text[end - 1] == '\t'))
    end--;

  return end;
}

static HanjiValueStyle
scalar_style (yaml_scalar_style_t style)
{
  switch (style)
    {
    case YAML_SINGLE_QUOTED_SCALAR_STYLE:
      return HANJI_STYLE_SINGLE_QUOTED;
    case YAML_DOUBLE_QUOTED_SCALAR_STYLE:
      return HANJI_STYLE_DOUBLE_QUOTED;
    case YAML_LITERAL_SCALAR_STYLE:
      return HANJI_STYLE_LITERAL;
    case YAML_FOLDED_SCALAR_STYLE:
      return HANJI_STYLE_FOLDED;
    case YAML_ANY_SCALAR_STYLE:
    case YAML_PLAIN_SCALAR_STYLE:
    default:
      return HANJI_STYLE_PLAIN;
    }
}

static void
set_field_value_span (YamlReader *r,
                      HanjiField *field,
                      gsize       start,
                      gsize       end)
{
  end = trim_end (r->text, start, end);

  field->value_offset = start;
  field->value_length = end - start;
}

static gboolean
is_flow_start (const yaml_event_t *event)
{
  if (event->type == YAML_SEQUENCE_START_EVENT)
    return event->data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE;
  return event->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE;
}

/* Reads the value whose first event is @first (a collection is consumed up
 * to its end). Nested collections and aliases are recorded as OTHER with
 * their source text; aliases are never expanded. */
static gboolean
read_value (YamlReader          *r,
            const yaml_event_t  *first,
            HanjiField          *field,
            GError             **error)
{
  gsize start = mark_offset (r, &first->start_mark);
  gsize end;

  if (first->type == YAML_SCALAR_EVENT)
    {
      field->text = g_strndup ((const char *) first->data.scalar.value,
                               first->data.scalar.length);
      field->type = resolve_scalar (first, field->text, &field->boolean);
      field->style = scalar_style (first->data.scalar.style);
      if (field->type == HANJI_VALUE_NULL)
        g_clear_pointer (&field->text, g_free);
      end = mark_offset (r, &first->end_mark);
    }
  else if (first->type == YAML_ALIAS_EVENT)
    {
      field->type = HANJI_VALUE_OTHER;
      field->style = HANJI_STYLE_ALIAS;
      end = mark_offset (r, &first->end_mark);
    }
  else if (first->type == YAML_SEQUENCE_START_EVENT ||
           first->type == YAML_MAPPING_START_EVENT)
    {
      gboolean is_sequence = first->type == YAML_SEQUENCE_START_EVENT;
      gboolean scalars_only = is_sequence;
      g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GArray) flow = g_array_new (FALSE, FALSE, sizeof (gboolean));
      gboolean flow_start = is_flow_start (first);
      g_autoptr(GArray) item_spans = g_array_new (FALSE, FALSE, sizeof (HanjiSpan));

      field->style = flow_start ? HANJI_STYLE_FLOW_COLLECTION : HANJI_STYLE_BLOCK_COLLECTION;
      g_array_append_val (flow, flow_start);
      end = start;

      while (flow->len > 0)
        {
          yaml_event_t event;
          gboolean is_flow;

          if (!next_event (r, &event, error))
            return FALSE;

          switch (event.type)
            {
            case YAML_SCALAR_EVENT:
              end = mark_offset (r, &event.end_mark);
              if (flow->len == 1 && is_sequence)
                {
                  HanjiSpan span;

                  g_ptr_array_add (items, g_strndup ((const char *) event.data.scalar.value,
                                                     event.data.scalar.length));
                  span.offset = mark_offset (r, &event.start_mark);
                  span.length = trim_end (r->text, span.offset, end) - span.offset;
                  g_array_append_val (item_spans, span);
                }
              break;

            case YAML_ALIAS_EVENT:
              scalars_only = FALSE;
              end = mark_offset (r, &event.end_mark);
              break;

            case YAML_SEQUENCE_START_EVENT:
            case YAML_MAPPING_START_EVENT:
              scalars_only = FALSE;
              is_flow = is_flow_start (&event);
              g_array_append_val (flow, is_flow);
              break;

            case YAML_SEQUENCE_END_EVENT:
            case YAML_MAPPING_END_EVENT:
              /* A flow collection ends at its bracket; a block one ends
               * wherever the next key starts, which is not its text. */
              if (g_array_index (flow, gboolean, flow->len - 1))
                end = mark_offset (r, &event.end_mark);
              g_array_set_size (flow, flow->len - 1);
              break;

            case YAML_NO_EVENT:
            case YAML_STREAM_START_EVENT:
            case YAML_STREAM_END_EVENT:
            case YAML_DOCUMENT_START_EVENT:
            case YAML_DOCUMENT_END_EVENT:
            default:
              set_error_at (&r->where, error, HANJI_FRONT_MATTER_ERROR_SYNTAX, r->text, r->text_len,
                            mark_offset (r, &event.start_mark),
                            "%s", _("unexpected end of value"));
              yaml_event_delete (&event);
              return FALSE;
            }

          yaml_event_delete (&event);
        }

      if (scalars_only)
        {
          field->type = HANJI_VALUE_LIST;
          g_ptr_array_add (items, NULL);
          field->items = (char **) g_ptr_array_free (g_steal_pointer (&items), FALSE);
          field->text = g_strjoinv (", ", field->items);
          field->item_spans = g_steal_pointer (&item_spans);
        }
      else
        {
          field->type = HANJI_VALUE_OTHER;
        }
    }
  else
    {
      set_error_at (&r->where, error, HANJI_FRONT_MATTER_ERROR_SYNTAX, r->text, r->text_len, start, "%s",
                    _("unexpected YAML event"));
      return FALSE;
    }

  set_field_value_span (r, field, start, end);

  if (field->type == HANJI_VALUE_OTHER)
    field->text = g_strndup (r->text + field->value_offset, field->value_length);

  return TRUE;
}

static gboolean
read_mapping (HanjiFrontMatter  *self,
              YamlReader        *r,
              GError           **error)
{
  for (;;)
    {
      yaml_event_t key_event;
      yaml_event_t value_event;
      HanjiField *field;
      gsize key_start, key_end;
      guint column;
      gboolean ok;

      if (!next_event (r, &key_event, error))
        return FALSE;

      if (key_event.type == YAML_MAPPING_END_EVENT)
        {
          yaml_event_delete (&key_event);
          return TRUE;
        }

      key_start = mark_offset (r, &key_event.start_mark);
      key_end = mark_offset (r, &key_event.end_mark);

      if (key_event.type != YAML_SCALAR_EVENT)
        {
          set_error_at (&r->where, error, HANJI_FRONT_MATTER_ERROR_SYNTAX, r->text, r->text_len, key_start, "%s",
                        _("only plain text keys are supported"));
          yaml_event_delete (&key_event);
          return FALSE;
        }

      field = g_new0 (HanjiField, 1);
      field->key = g_strndup ((const char *) key_event.data.scalar.value,
                              key_event.data.scalar.length);
      field->key_offset = key_start;
      field->key_length = key_end - key_start;
      offset_position (r->text, r->text_len, key_start, &field->line, &column);
      yaml_event_delete (&key_event);

      if (g_hash_table_contains (self->by_key, field->key))
        {
          set_error_at (&r->where, error, HANJI_FRONT_MATTER_ERROR_DUPLICATE_KEY,
                        r->text, r->text_len, key_start,
                        _("duplicate key “%s”"), field->key);
          hanji_field_free (field);
          return FALSE;
        }

      if (!next_event (r, &value_event, error))
        {
          hanji_field_free (field);
          return FALSE;
        }

      ok = read_value (r, &value_event, field, error);
      yaml_event_delete (&value_event);

      if (!ok)
        {
          hanji_field_free (field);
          return FALSE;
        }

      g_ptr_array_add (self->fields, field);
      g_hash_table_insert (self->by_key, field->key, field);
    }
}

/* Reads the mapping at the top of the YAML between @start and @end.
 * @single_document: a post's front matter must hold exactly one document;
 * a config file may carry more, only the first is read. */
/* Deeper than this, front matter is not a post's but an attack: libyaml
 * takes time quadratic in the depth (100,000 nested brackets: 22 s). */
#define MAX_NESTING 64

/* The offset where text[start, end) nests collections deeper than
 * MAX_NESTING, by flow brackets or by block indentation, or G_MAXSIZE.
 * A quick look (quotes and comments skipped), not a parse: it only
 * needs to catch what no real front matter has. */
static gsize
find_deep_nesting (const char *text,
                   gsize       start,
                   gsize       end)
{
  guint indents[MAX_NESTING + 2];
  guint n_indents = 0;
  guint flow = 0;
  gsize i = start;

  while (i < end)
    {
      gsize line_start = i;
      guint indent = 0;

      while (i < end && text[i] == ' ')
        {
          indent++;
          i++;
        }

      /* Block nesting: a stack of the indentations met. */
      if (i < end && text[i] != '\n' && text[i] != '#' && flow == 0)
        {
          while (n_indents > 0 && indents[n_indents - 1] > indent)
            n_indents--;
          if (n_indents == 0 || indents[n_indents - 1] < indent)
            {
              if (n_indents > MAX_NESTING)
                return line_start;
              indents[n_indents++] = indent;
            }
        }

      for (; i < end && text[i] != '\n'; i++)
        {
          char c = text[i];

          if (c == '#' && (i == line_start || text[i - 1] == ' '))
            {
              while (i < end && text[i] != '\n')
                i++;
              break;
            }
          else if (c == '"' || c == '\'')
            {
              for (i++; i < end && text[i] != c && text[i] != '\n'; i++)
                if (c == '"' && text[i] == '\\' && i + 1 < end)
                  i++;
              if (i >= end || text[i] == '\n')
                break;
            }
          else if (c == '[' || c == '{')
            {
              if (++flow > MAX_NESTING)
                return i;
            }
          else if ((c == ']' || c == '}') && flow > 0)
            flow--;
        }

      if (i < end)
        i++;
    }

  return G_MAXSIZE;
}

static gboolean
read_yaml (HanjiFrontMatter  *self,
           const char        *text,
           gsize              text_len,
           gsize              start,
           gsize              end,
           gboolean           single_document,
           GError           **error)
{
  YamlReader r = { 0 };
  yaml_event_t event;
  gboolean ok = FALSE;
  gsize deep;

  yaml_reader_init (&r, text, text_len, start, end);

  deep = find_deep_nesting (text, start, end);
  if (deep != G_MAXSIZE)
    {
      set_error_at (&r.where, error, HANJI_FRONT_MATTER_ERROR_SYNTAX,
                    text, text_len, deep,
                    _("values are nested more than %u levels deep"), MAX_NESTING);
      goto out;
    }

  if (!next_event (&r, &event, error))
    goto out;
  yaml_event_delete (&event);  /* stream start */

  if (!next_event (&r, &event, error))
    goto out;

  if (event.type == YAML_STREAM_END_EVENT)
    {
      /* Only blank lines or comments: an empty mapping. */
      yaml_event_delete (&event);
      ok = TRUE;
      goto out;
    }
  yaml_event_delete (&event);  /* document start */

  if (!next_event (&r, &event, error))
    goto out;

  if (event.type == YAML_MAPPING_START_EVENT)
    {
      yaml_event_delete (&event);
      if (!read_mapping (self, &r, error))
        goto out;
    }
  else if (event.type == YAML_SCALAR_EVENT &&
           event.data.scalar.length == 0 &&
           event.data.scalar.style == YAML_PLAIN_SCALAR_STYLE)
    {
      /* An explicit but empty document (`--- # nothing`). */
      yaml_event_delete (&event);
    }
  else
    {
      set_error_at (&r.where, error, HANJI_FRONT_MATTER_ERROR_NOT_MAPPING,
                    text, text_len, mark_offset (&r, &event.start_mark), "%s",
                    _("front matter must be a list of “key: value” lines"));
      yaml_event_delete (&event);
      goto out;
    }

  if (!next_event (&r, &event, error))
    goto out;
  yaml_event_delete (&event);  /* document end */

  if (single_document)
    {
      if (!next_event (&r, &event, error))
        goto out;

      if (event.type != YAML_STREAM_END_EVENT)
        {
          set_error_at (&r.where, error, HANJI_FRONT_MATTER_ERROR_SYNTAX,
                        text, text_len, mark_offset (&r, &event.start_mark), "%s",
                        _("a second YAML document starts here"));
          yaml_event_delete (&event);
          goto out;
        }
      yaml_event_delete (&event);
    }

  ok = TRUE;

out:
  if (!ok)
    {
      self->error_line = r.where.line;
      self->error_column = r.where.column;
    }
  yaml_reader_clear (&r);
  return ok;
}

/* Public API ------------------------------------------------------------ */

static HanjiFrontMatter *
hanji_front_matter_new (void)
{
  HanjiFrontMatter *self = g_new0 (HanjiFrontMatter, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) hanji_field_free);
  self->by_key = g_hash_table_new (g_str_hash, g_str_equal);

  return self;
}

static void
hanji_front_matter_fail (HanjiFrontMatter *self,
                         GError           *error)
{
  /* On an error the form shows the message, not half the fields. */
  g_ptr_array_set_size (self->fields, 0);
  g_hash_table_remove_all (self->by_key);
  self->error = error;
}

HanjiFrontMatter *
hanji_front_matter_parse (const char *text,
                          gssize      len)
{
  HanjiFrontMatter *self;
  GError *error = NULL;
  ErrorPos where = { 0, 0 };
  gsize ulen;

  g_return_val_if_fail (text != NULL || len == 0, NULL);

  if (text == NULL)
    text = "";
  ulen = len < 0 ? strlen (text) : (gsize) len;

  self = hanji_front_matter_new ();
  self->text = g_strndup (text, ulen);
  self->text_len = ulen;
  hanji_front_matter_split (text, ulen, &self->split);

  switch (self->split.kind)
    {
    case HANJI_FRONT_MATTER_NONE:
      break;

    case HANJI_FRONT_MATTER_TOML:
    case HANJI_FRONT_MATTER_JSON:
      g_set_error (&error, HANJI_FRONT_MATTER_ERROR, HANJI_FRONT_MATTER_ERROR_READ_ONLY,
                   self->split.kind == HANJI_FRONT_MATTER_TOML ?
                   _("TOML front matter is shown as text; only YAML front matter can be edited in the form") :
                   _("JSON front matter is shown as text; only YAML front matter can be edited in the form"));
      hanji_front_matter_fail (self, error);
      break;

    case HANJI_FRONT_MATTER_YAML:
    default:
      if (!self->split.terminated)
        {
          set_error_at (&where, &error, HANJI_FRONT_MATTER_ERROR_UNTERMINATED,
                        text, ulen, self->split.block_start, "%s",
                        _("the front matter opened with “---” is never closed; add a line with “---” after it"));
          self->error_line = where.line;
          self->error_column = where.column;
          hanji_front_matter_fail (self, error);
        }
      else if (!read_yaml (self, text, ulen,
                           self->split.content_start, self->split.content_end,
                           TRUE, &error))
        {
          hanji_front_matter_fail (self, error);
        }
      break;
    }

  return self;
}

HanjiFrontMatter *
_hanji_front_matter_parse_document (const char *text,
                                    gssize      len)
{
  HanjiFrontMatter *self;
  GError *error = NULL;
  gsize ulen;

  g_return_val_if_fail (text != NULL || len == 0, NULL);

  if (text == NULL)
    text = "";
  ulen = len < 0 ? strlen (text) : (gsize) len;

  self = hanji_front_matter_new ();
  self->text = g_strndup (text, ulen);
  self->text_len = ulen;
  self->split.kind = HANJI_FRONT_MATTER_YAML;
  self->split.terminated = TRUE;
  self->split.has_bom = skip_bom (text, ulen) > 0;
  self->split.content_end = ulen;
  self->split.body_start = ulen;
  self->split.body_line = count_lines (text, ulen);

  if (!read_yaml (self, text, ulen, 0, ulen, FALSE, &error))
    hanji_front_matter_fail (self, error);

  return self;
}

HanjiFrontMatter *
hanji_front_matter_ref (HanjiFrontMatter *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
hanji_front_matter_unref (HanjiFrontMatter *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_clear_error (&self->error);
      g_free (self->text);
      g_hash_table_unref (self->by_key);
      g_ptr_array_unref (self->fields);
      g_free (self);
    }
}

const HanjiFrontMatterSplit *
hanji_front_matter_get_split (HanjiFrontMatter *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return &self->split;
}

const GError *
hanji_front_matter_get_error (HanjiFrontMatter *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->error;
}

guint
hanji_front_matter_get_n_fields (HanjiFrontMatter *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->fields->len;
}

HanjiField *
hanji_front_matter_get_field (HanjiFrontMatter *self,
                              guint             index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->fields->len, NULL);

  return g_ptr_array_index (self->fields, index);
}

HanjiField *
hanji_front_matter_lookup (HanjiFrontMatter *self,
                           const char       *key)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  return g_hash_table_lookup (self->by_key, key);
}

const char *
hanji_front_matter_get_string (HanjiFrontMatter *self,
                               const char       *key)
{
  HanjiField *field;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  field = hanji_front_matter_lookup (self, key);
  if (field == NULL)
    return NULL;

  switch (field->type)
    {
    case HANJI_VALUE_STRING:
    case HANJI_VALUE_BOOL:
    case HANJI_VALUE_INT:
    case HANJI_VALUE_FLOAT:
    case HANJI_VALUE_DATE:
    case HANJI_VALUE_DATETIME:
      return field->text;

    case HANJI_VALUE_NULL:
    case HANJI_VALUE_LIST:
    case HANJI_VALUE_OTHER:
    default:
      return NULL;
    }
}

const char *
hanji_field_get_key (HanjiField *field)
{
  g_return_val_if_fail (field != NULL, NULL);

  return field->key;
}

HanjiValueType
hanji_field_get_value_type (HanjiField *field)
{
  g_return_val_if_fail (field != NULL, HANJI_VALUE_NULL);

  return field->type;
}

const char *
hanji_field_get_text (HanjiField *field)
{
  g_return_val_if_fail (field != NULL, NULL);

  return field->text != NULL ? field->text : "";
}

gboolean
hanji_field_get_boolean (HanjiField *field)
{
  g_return_val_if_fail (field != NULL, FALSE);

  return field->type == HANJI_VALUE_BOOL && field->boolean;
}

const char * const *
hanji_field_get_items (HanjiField *field)
{
  g_return_val_if_fail (field != NULL, NULL);

  return (const char * const *) field->items;
}

guint
hanji_field_get_line (HanjiField *field)
{
  g_return_val_if_fail (field != NULL, 0);

  return field->line;
}

void
hanji_field_get_key_span (HanjiField *field,
                          gsize      *offset,
                          gsize      *length)
{
  g_return_if_fail (field != NULL);

  if (offset != NULL)
    *offset = field->key_offset;
  if (length != NULL)
    *length = field->key_length;
}

void
hanji_field_get_value_span (HanjiField *field,
                            gsize      *offset,
                            gsize      *length)
{
  g_return_if_fail (field != NULL);

  if (offset != NULL)
    *offset = field->value_offset;
  if (length != NULL)
    *length = field->value_length;
}

GDateTime *
hanji_field_dup_datetime (HanjiField *field)
{
  g_return_val_if_fail (field != NULL, NULL);

  switch (field->type)
    {
    case HANJI_VALUE_DATE:
    case HANJI_VALUE_DATETIME:
    case HANJI_VALUE_STRING:
      return _hanji_parse_timestamp (field->text);

    case HANJI_VALUE_NULL:
    case HANJI_VALUE_BOOL:
    case HANJI_VALUE_INT:
    case HANJI_VALUE_FLOAT:
    case HANJI_VALUE_LIST:
    case HANJI_VALUE_OTHER:
    default:
      return NULL;
    }
}
