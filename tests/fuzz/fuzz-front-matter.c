/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz-front-matter"

/* Front matter: the split, the parse, and every edit kind of
 * hanji-front-matter-edit.h on the parsed text, each edit checked against
 * what the headers promise.
 *
 * The input is a post. The edits take their key and values from the
 * body, so the fuzzer steers them with the same bytes it mutates:
 *   body line 1  the value (`\n` and `\t` stand for a newline and a tab;
 *                the list items are its ","-separated parts)
 *   body line 2  a key to add (default "fuzz")
 *   body line 3  a date (ISO 8601), else one picked from a hash
 * Every edit kind is tried on a few existing fields and on the new key,
 * each on the original text; then a chain of edits on the new key, each
 * on the result of the one before. */

#include "config.h"

#include "hanji-core-private.h"
#include "hanji-front-matter-edit.h"

#include "fuzz-common.h"

#define MAX_VALUE 512

typedef enum
{
  OP_STRING,
  OP_BOOLEAN,
  OP_PLAIN,
  OP_LIST,
  OP_DATE,
  OP_DATETIME,
  OP_ADD_EMPTY,
  OP_REMOVE,
  N_OPS
} Op;

static const char * const op_names[] = {
  "set_string", "set_boolean", "set_plain", "set_list",
  "set_datetime (date)", "set_datetime (time)", "add_empty", "remove",
};

typedef struct
{
  char       *value;
  char      **items;
  gboolean    boolean;
  GDateTime  *datetime;
} Params;

static void
params_clear (Params *params)
{
  g_free (params->value);
  g_strfreev (params->items);
  g_clear_pointer (&params->datetime, g_date_time_unref);
}

static gsize
count_newlines (const char *text,
                gsize       len)
{
  gsize n = 0;

  for (gsize i = 0; i < len; i++)
    if (text[i] == '\n')
      n++;

  return n;
}

static gsize
line_start (const char *text,
            gsize       pos)
{
  while (pos > 0 && text[pos - 1] != '\n')
    pos--;
  return pos;
}

/* Just past the newline that ends the line holding pos. */
static gsize
line_after (const char *text,
            gsize       len,
            gsize       pos)
{
  while (pos < len && text[pos] != '\n')
    pos++;
  return pos < len ? pos + 1 : len;
}

/* Parse invariants ------------------------------------------------------ */

static void
check_split (const char                  *text,
             gsize                        len,
             const HanjiFrontMatterSplit *split)
{
  HanjiFrontMatterSplit again;

  fuzz_check (split->block_start <= split->content_start &&
              split->content_start <= split->content_end &&
              split->content_end <= len && split->body_start <= len,
              "split %zu %zu %zu %zu of %zu bytes", split->block_start,
              split->content_start, split->content_end, split->body_start, len);
  fuzz_check (split->block_start == (split->has_bom ? 3 : 0), "block_start %zu", split->block_start);
  fuzz_check (!split->has_bom || memcmp (text, "\xEF\xBB\xBF", 3) == 0, "BOM");
  if (split->terminated)
    fuzz_check (split->kind != HANJI_FRONT_MATTER_NONE &&
                split->content_end <= split->body_start, "terminated split");
  else
    /* an unterminated block never hides the writer's words */
    fuzz_check (split->body_start == split->block_start, "unterminated body_start");
  fuzz_check (split->body_line == count_newlines (text, split->body_start),
              "body_line %u", split->body_line);

  hanji_front_matter_split (text, len, &again);
  fuzz_check (again.kind == split->kind && again.terminated == split->terminated &&
              again.has_bom == split->has_bom && again.block_start == split->block_start &&
              again.content_start == split->content_start &&
              again.content_end == split->content_end &&
              again.body_start == split->body_start && again.body_line == split->body_line,
              "parse and split disagree");
}

static void
check_parse (const char       *text,
             gsize             len,
             HanjiFrontMatter *fm)
{
  const HanjiFrontMatterSplit *split = hanji_front_matter_get_split (fm);
  const GError *error = hanji_front_matter_get_error (fm);
  guint n = hanji_front_matter_get_n_fields (fm);
  guint line, column;
  gsize last_key = 0;

  check_split (text, len, split);

  if (hanji_front_matter_get_error_position (fm, &line, &column))
    {
      fuzz_check (error != NULL, "a position without an error");
      fuzz_check (line >= 1 && column >= 1 && line <= count_newlines (text, len) + 1,
                  "error at line %u, column %u", line, column);
    }

  if (error != NULL)
    {
      fuzz_check (n == 0, "%u fields beside an error", n);
      fuzz_check (error->domain == HANJI_FRONT_MATTER_ERROR, "error domain");
      fuzz_check (g_utf8_validate (error->message, -1, NULL), "error message not UTF-8");
      if (split->kind == HANJI_FRONT_MATTER_TOML || split->kind == HANJI_FRONT_MATTER_JSON)
        fuzz_check (error->code == HANJI_FRONT_MATTER_ERROR_READ_ONLY, "TOML/JSON error %d", error->code);
      return;
    }

  fuzz_check (split->kind == HANJI_FRONT_MATTER_NONE ||
              (split->kind == HANJI_FRONT_MATTER_YAML && split->terminated),
              "kind %d parsed without an error", split->kind);
  if (split->kind == HANJI_FRONT_MATTER_NONE)
    fuzz_check (n == 0, "fields without front matter");

  for (guint i = 0; i < n; i++)
    {
      HanjiField *field = hanji_front_matter_get_field (fm, i);
      const char *key = hanji_field_get_key (field);
      const char *value_text = hanji_field_get_text (field);
      HanjiValueType type = hanji_field_get_value_type (field);
      gsize key_offset, key_length, value_offset, value_length;

      fuzz_check (key != NULL && g_utf8_validate (key, -1, NULL), "field %u key", i);
      fuzz_check (hanji_front_matter_lookup (fm, key) == field, "lookup (%s)", key);
      fuzz_check (value_text != NULL && g_utf8_validate (value_text, -1, NULL), "%s: text", key);

      hanji_field_get_key_span (field, &key_offset, &key_length);
      hanji_field_get_value_span (field, &value_offset, &value_length);
      fuzz_check (key_offset >= split->content_start &&
                  key_offset + key_length <= split->content_end &&
                  value_offset >= key_offset + key_length &&
                  value_offset + value_length <= split->content_end,
                  "%s: key %zu+%zu, value %zu+%zu, content %zu..%zu", key,
                  key_offset, key_length, value_offset, value_length,
                  split->content_start, split->content_end);
      fuzz_check (i == 0 || key_offset > last_key, "%s: fields out of order", key);
      last_key = key_offset;
      fuzz_check (hanji_field_get_line (field) == count_newlines (text, key_offset) + 1,
                  "%s: line %u", key, hanji_field_get_line (field));

      if (type == HANJI_VALUE_LIST)
        {
          const char * const *items = hanji_field_get_items (field);

          fuzz_check (items != NULL, "%s: a list without items", key);
          for (guint j = 0; items[j] != NULL; j++)
            fuzz_check (g_utf8_validate (items[j], -1, NULL), "%s: item %u", key, j);
        }
      else
        fuzz_check (hanji_field_get_items (field) == NULL, "%s: items of a non-list", key);

      if (type == HANJI_VALUE_NULL)
        fuzz_check (value_text[0] == '\0', "%s: null reads “%s”", key, value_text);

      if (type == HANJI_VALUE_DATE || type == HANJI_VALUE_DATETIME)
        {
          g_autoptr(GDateTime) dt = hanji_field_dup_datetime (field);

          fuzz_check (dt != NULL, "%s: date “%s” without a GDateTime", key, value_text);
        }
    }
}

/* Edit invariants ------------------------------------------------------- */

static HanjiTextEdit *
run_op (HanjiFrontMatter  *fm,
        Op                 op,
        const char        *key,
        const Params      *params,
        GError           **error)
{
  switch (op)
    {
    case OP_STRING:
      return hanji_front_matter_set_string (fm, key, params->value, error);
    case OP_BOOLEAN:
      return hanji_front_matter_set_boolean (fm, key, params->boolean, error);
    case OP_PLAIN:
      return hanji_front_matter_set_plain (fm, key, params->value, error);
    case OP_LIST:
      return hanji_front_matter_set_list (fm, key, (const char * const *) params->items, error);
    case OP_DATE:
      return hanji_front_matter_set_datetime (fm, key, params->datetime, FALSE, error);
    case OP_DATETIME:
      return hanji_front_matter_set_datetime (fm, key, params->datetime, TRUE, error);
    case OP_ADD_EMPTY:
      return hanji_front_matter_add_empty (fm, key, error);
    case OP_REMOVE:
      return hanji_front_matter_remove (fm, key, error);
    case N_OPS:
    default:
      g_assert_not_reached ();
    }
}

static gboolean
key_is_acceptable (const char *key)
{
  return key[0] != '\0' && strpbrk (key, "\r\n") == NULL && g_utf8_validate (key, -1, NULL);
}

/* The edited field reads back as what was set. */
static void
check_value (Op            op,
             const char   *key,
             const Params *params,
             HanjiField   *field)
{
  HanjiValueType type = hanji_field_get_value_type (field);
  const char *text = hanji_field_get_text (field);

  switch (op)
    {
    case OP_STRING:
      fuzz_check (type == HANJI_VALUE_STRING && g_str_equal (text, params->value),
                  "%s: set_string “%s” reads back as type %d “%s”", key, params->value, type, text);
      break;

    case OP_BOOLEAN:
      fuzz_check (type == HANJI_VALUE_BOOL &&
                  hanji_field_get_boolean (field) == params->boolean,
                  "%s: set_boolean reads back as type %d “%s”", key, type, text);
      break;

    case OP_PLAIN:
      {
        HanjiValueType plain = _hanji_resolve_plain (params->value);

        /* Written plain when it reads back as that type, else quoted. */
        fuzz_check ((type == HANJI_VALUE_STRING && g_str_equal (text, params->value)) ||
                    (type == plain && type != HANJI_VALUE_STRING &&
                     g_str_equal (text, type == HANJI_VALUE_NULL ? "" : params->value)),
                    "%s: set_plain “%s” (type %d) reads back as type %d “%s”",
                    key, params->value, plain, type, text);
      }
      break;

    case OP_LIST:
      {
        const char * const *items = hanji_field_get_items (field);

        fuzz_check (type == HANJI_VALUE_LIST && items != NULL &&
                    g_strv_equal (items, (const char * const *) params->items),
                    "%s: set_list “%s” reads back as type %d “%s”", key, params->value, type, text);
      }
      break;

    case OP_DATE:
    case OP_DATETIME:
      {
        g_autoptr(GDateTime) read = hanji_field_dup_datetime (field);
        g_autofree char *wanted = g_date_time_format_iso8601 (params->datetime);
        gboolean has_time = FALSE;

        fuzz_check (read != NULL && _hanji_is_timestamp (text, &has_time),
                    "%s: set_datetime %s reads back as type %d “%s”", key, wanted, type, text);

        if (has_time)
          {
            /* Minutes only or fewer fraction digits drop the rest. */
            GTimeSpan diff = g_date_time_difference (read, params->datetime);

            fuzz_check (diff > -60 * G_TIME_SPAN_SECOND && diff < 60 * G_TIME_SPAN_SECOND,
                        "%s: set_datetime %s reads back as “%s”", key, wanted, text);
          }
        else
          {
            /* A date has no zone: the value's local date. Past
             * 9999-12-31 in local time there is none to compare with. */
            g_autoptr(GDateTime) local = g_date_time_to_local (params->datetime);

            fuzz_check (local == NULL ||
                        (g_date_time_get_year (read) == g_date_time_get_year (local) &&
                         g_date_time_get_day_of_year (read) == g_date_time_get_day_of_year (local)),
                        "%s: set_datetime %s reads back as “%s”", key, wanted, text);
          }
      }
      break;

    case OP_ADD_EMPTY:
      fuzz_check (type == HANJI_VALUE_NULL && text[0] == '\0',
                  "%s: add_empty reads back as type %d “%s”", key, type, text);
      break;

    case OP_REMOVE:
    case N_OPS:
    default:
      g_assert_not_reached ();
    }
}

/* Runs op on text (parsed as fm) and checks the result. Returns the new
 * text, or NULL when the edit was refused. */
static char *
check_edit (const char       *text,
            gsize             len,
            HanjiFrontMatter *fm,
            Op                op,
            const char       *key,
            const Params     *params)
{
  const HanjiFrontMatterSplit *split = hanji_front_matter_get_split (fm);
  g_autoptr(GError) error = NULL;
  g_autoptr(HanjiTextEdit) edit = NULL;
  g_autoptr(HanjiFrontMatter) after_fm = NULL;
  g_autoptr(HanjiTextEdit) again = NULL;
  g_autoptr(GError) again_error = NULL;
  g_autofree char *after = NULL;
  HanjiField *old = hanji_front_matter_lookup (fm, key);
  const HanjiFrontMatterSplit *after_split;
  HanjiField *field;
  gsize after_len;
  guint j = 0;

  edit = run_op (fm, op, key, params, &error);
  fuzz_check ((edit == NULL) != (error == NULL), "%s (%s): an edit and an error", op_names[op], key);

  /* Every call fails when the front matter did not parse; without
   * front matter only set and add_empty work; a key that cannot be
   * written cannot be set or added (but an existing one, say `"": x`,
   * can be removed). */
  if (hanji_front_matter_get_error (fm) != NULL ||
      (!key_is_acceptable (key) && op != OP_REMOVE) ||
      (split->kind == HANJI_FRONT_MATTER_NONE && op == OP_REMOVE) ||
      (op == OP_ADD_EMPTY && old != NULL) ||
      (op == OP_REMOVE && old == NULL))
    fuzz_check (edit == NULL, "%s (%s) succeeded where it must fail", op_names[op], key);

  if (edit == NULL)
    return NULL;

  fuzz_check (edit->text != NULL && edit->offset <= len && edit->length <= len - edit->offset,
              "%s (%s): edit %zu+%zu of %zu bytes", op_names[op], key, edit->offset, edit->length, len);

  /* Only the edited field's bytes change: its own lines, or an insertion
   * at the end of the block (at the top when there is none). */
  if (old != NULL)
    {
      gsize key_offset, value_offset, value_length, first, last;

      hanji_field_get_key_span (old, &key_offset, NULL);
      hanji_field_get_value_span (old, &value_offset, &value_length);
      first = line_start (text, key_offset);
      last = line_after (text, len, value_offset + value_length);
      fuzz_check (edit->offset >= first && edit->offset + edit->length <= last,
                  "%s (%s): edit %zu+%zu outside the field's lines %zu..%zu",
                  op_names[op], key, edit->offset, edit->length, first, last);
    }
  else if (split->kind == HANJI_FRONT_MATTER_NONE)
    fuzz_check (edit->offset == split->block_start && edit->length == 0,
                "%s (%s): new block at %zu+%zu", op_names[op], key, edit->offset, edit->length);
  else
    fuzz_check (edit->offset == split->content_end && edit->length == 0,
                "%s (%s): new field at %zu+%zu, block ends at %zu",
                op_names[op], key, edit->offset, edit->length, split->content_end);

  after = hanji_text_edit_apply (edit, text, len);
  after_len = len - edit->length + strlen (edit->text);
  fuzz_check (after != NULL && strlen (after) == after_len &&
              memcmp (after, text, edit->offset) == 0 &&
              memcmp (after + edit->offset, edit->text, strlen (edit->text)) == 0 &&
              memcmp (after + edit->offset + strlen (edit->text),
                      text + edit->offset + edit->length,
                      len - edit->offset - edit->length) == 0,
              "hanji_text_edit_apply");

  after_fm = hanji_front_matter_parse (after, after_len);
  check_parse (after, after_len, after_fm);
  after_split = hanji_front_matter_get_split (after_fm);
  fuzz_check (hanji_front_matter_get_error (after_fm) == NULL,
              "%s (%s) leaves a front matter that does not parse: %s",
              op_names[op], key, hanji_front_matter_get_error (after_fm)->message);
  fuzz_check (after_split->kind == HANJI_FRONT_MATTER_YAML && after_split->has_bom == split->has_bom,
              "%s (%s): kind %d, BOM %d", op_names[op], key, after_split->kind, after_split->has_bom);

  /* Every other field is still there, in order, written the same. */
  for (guint i = 0; i < hanji_front_matter_get_n_fields (fm); i++)
    {
      HanjiField *before = hanji_front_matter_get_field (fm, i);
      HanjiField *now;
      gsize a_offset, a_length, b_offset, b_length;

      if (before == old)
        {
          if (op != OP_REMOVE)
            j++;
          continue;
        }

      fuzz_check (j < hanji_front_matter_get_n_fields (after_fm),
                  "%s (%s): fields lost", op_names[op], key);
      now = hanji_front_matter_get_field (after_fm, j++);
      hanji_field_get_value_span (before, &b_offset, &b_length);
      hanji_field_get_value_span (now, &a_offset, &a_length);
      fuzz_check (g_str_equal (hanji_field_get_key (before), hanji_field_get_key (now)) &&
                  hanji_field_get_value_type (before) == hanji_field_get_value_type (now) &&
                  b_length == a_length &&
                  memcmp (text + b_offset, after + a_offset, a_length) == 0,
                  "%s (%s) changed field “%s”", op_names[op], key, hanji_field_get_key (before));
    }

  field = hanji_front_matter_lookup (after_fm, key);
  if (op == OP_REMOVE)
    {
      fuzz_check (field == NULL && j == hanji_front_matter_get_n_fields (after_fm),
                  "remove (%s) left the field", key);
      return g_steal_pointer (&after);
    }

  fuzz_check (field != NULL, "%s (%s): no such field afterwards", op_names[op], key);
  fuzz_check (hanji_front_matter_get_n_fields (after_fm) == j + (old == NULL),
              "%s (%s): %u fields, expected %u", op_names[op], key,
              hanji_front_matter_get_n_fields (after_fm), j + (old == NULL));
  check_value (op, key, params, field);

  /* Setting a field to what it already reads as changes nothing. */
  if (op != OP_ADD_EMPTY)
    {
      again = run_op (after_fm, op, key, params, &again_error);
      fuzz_check (again != NULL, "%s (%s) again: %s", op_names[op], key, again_error->message);
      fuzz_check (again->length == strlen (again->text) &&
                  memcmp (after + again->offset, again->text, again->length) == 0,
                  "%s (%s) again changes “%.*s” to “%s”", op_names[op], key,
                  (int) again->length, after + again->offset, again->text);
    }

  return g_steal_pointer (&after);
}

/* Where the edits come from --------------------------------------------- */

static char *
body_line (const char  *text,
           gsize        len,
           gsize       *pos)
{
  gsize start = *pos;
  gsize end = start;

  while (end < len && text[end] != '\n')
    end++;
  *pos = end < len ? end + 1 : len;
  if (end > start && text[end - 1] == '\r')
    end--;

  return g_strndup (text + start, MIN (end - start, MAX_VALUE));
}

static char *
unescape_value (const char *line)
{
  GString *value = g_string_new (NULL);

  for (const char *p = line; *p != '\0'; p++)
    {
      if (p[0] == '\\' && (p[1] == 'n' || p[1] == 't'))
        {
          g_string_append_c (value, p[1] == 'n' ? '\n' : '\t');
          p++;
        }
      else
        g_string_append_c (value, *p);
    }

  return g_string_free (value, FALSE);
}

/* 0001-01-01 and 9999-12-31 in Unix seconds */
#define FIRST_SECOND G_GINT64_CONSTANT (-62135596800)
#define LAST_SECOND G_GINT64_CONSTANT (253402300799)

static GDateTime *
pick_datetime_utc (const char *line,
                   guint       hash)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  GDateTime *dt = g_date_time_new_from_iso8601 (line, utc);

  if (dt != NULL &&
      g_date_time_to_unix (dt) >= FIRST_SECOND &&
      g_date_time_to_unix (dt) <= LAST_SECOND)
    return dt;
  g_clear_pointer (&dt, g_date_time_unref);

  switch (hash % 4)
    {
    case 0:
      return g_date_time_new_from_unix_utc (FIRST_SECOND);
    case 1:
      return g_date_time_new_from_unix_utc (LAST_SECOND);
    case 2:
      return g_date_time_new_utc (2024, 5, 18, 23, 37, 12.25);
    default:
      return g_date_time_new_from_unix_utc (FIRST_SECOND +
                                            (gint64) (hash % (guint64) (LAST_SECOND - FIRST_SECOND)));
    }
}

/* Half the time in local time, as the form passes it, else in UTC. */
static GDateTime *
pick_datetime (const char *line,
               guint       hash)
{
  g_autoptr(GDateTime) dt = pick_datetime_utc (line, hash);
  GDateTime *local = (hash & 8) != 0 ? g_date_time_to_local (dt) : NULL;

  return local != NULL ? local : g_date_time_ref (dt);
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(HanjiFrontMatter) raw = NULL;
  g_autoptr(HanjiFrontMatter) fm = NULL;
  g_autofree char *text = NULL;
  g_autofree char *value_line = NULL;
  g_autofree char *new_key = NULL;
  g_autofree char *date_line = NULL;
  const HanjiFrontMatterSplit *split;
  Params params = { 0 };
  const char *keys[5];
  guint n_keys = 0;
  guint n_fields;
  gsize len;
  gsize pos;

  /* The parse takes any bytes, NULs included. */
  raw = hanji_front_matter_parse ((const char *) data, size);
  if (memchr (data, '\0', size) == NULL)
    check_parse ((const char *) data, size, raw);

  /* Edits work on text, which holds no NUL. */
  text = fuzz_dup_cstring (data, size, &len);
  fm = hanji_front_matter_parse (text, len);
  check_parse (text, len, fm);
  split = hanji_front_matter_get_split (fm);

  pos = split->body_start;
  value_line = body_line (text, len, &pos);
  new_key = body_line (text, len, &pos);
  date_line = body_line (text, len, &pos);

  params.value = unescape_value (value_line);
  params.items = g_strsplit (params.value, ",", 8);
  params.boolean = (g_str_hash (text) & 1) != 0;
  params.datetime = pick_datetime (date_line, g_str_hash (date_line) ^ g_str_hash (value_line));
  if (new_key[0] == '\0')
    {
      g_free (new_key);
      new_key = g_strdup ("fuzz");
    }

  n_fields = hanji_front_matter_get_n_fields (fm);
  keys[n_keys++] = new_key;
  if (n_fields > 0)
    keys[n_keys++] = hanji_field_get_key (hanji_front_matter_get_field (fm, 0));
  if (n_fields > 2)
    keys[n_keys++] = hanji_field_get_key (hanji_front_matter_get_field (fm, n_fields / 2));
  if (n_fields > 1)
    keys[n_keys++] = hanji_field_get_key (hanji_front_matter_get_field (fm, n_fields - 1));

  for (guint k = 0; k < n_keys; k++)
    for (Op op = 0; op < N_OPS; op++)
      g_free (check_edit (text, len, fm, op, keys[k], &params));

  /* A chain on the new key: each edit on the text the last one left. */
  {
    static const Op ops[] = { OP_ADD_EMPTY, OP_STRING, OP_LIST, OP_DATETIME,
                              OP_BOOLEAN, OP_PLAIN, OP_DATE, OP_REMOVE };
    g_autofree char *current = g_strndup (text, len);

    for (guint i = 0; i < G_N_ELEMENTS (ops); i++)
      {
        g_autoptr(HanjiFrontMatter) current_fm = hanji_front_matter_parse (current, -1);
        char *next = check_edit (current, strlen (current), current_fm, ops[i], new_key, &params);

        if (next != NULL)
          {
            g_free (current);
            current = next;
          }
      }
  }

  params_clear (&params);
  return 0;
}
