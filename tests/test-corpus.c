/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-corpus"

#include "config.h"

#include <locale.h>
#include <string.h>

#include "hanji-front-matter.h"
#include "hanji-front-matter-edit.h"

/* Property tests over tests/fixtures/corpus/: every fixture is parsed,
 * and every field of every valid fixture goes through every edit the
 * API offers. The promise under test is that an edit changes the edited
 * field's text and nothing else, byte for byte.
 *
 * Failures are reported with g_test_fail_printf () and the test goes on,
 * so one run lists every broken fixture and edit, not only the first. */

#define MIN_FIXTURES 60
#define MAX_REPORTS_PER_TEST 25

typedef enum
{
  CATEGORY_VALID,
  CATEGORY_EMPTY,        /* a valid block without fields */
  CATEGORY_NONE,
  CATEGORY_READONLY,
  CATEGORY_UNTERMINATED,
  CATEGORY_INVALID,
} Category;

typedef struct
{
  char     *name;
  char     *path;
  Category  category;
} Fixture;

static GPtrArray *fixtures;
static guint      n_reports;

static Category
category_for_name (const char *name)
{
  const char *rest = strchr (name, '-');

  g_assert_nonnull (rest);
  rest++;

  if (g_str_has_prefix (rest, "invalid-"))
    return CATEGORY_INVALID;
  if (g_str_has_prefix (rest, "none-"))
    return CATEGORY_NONE;
  if (g_str_has_prefix (rest, "readonly-"))
    return CATEGORY_READONLY;
  if (g_str_has_prefix (rest, "unterminated-"))
    return CATEGORY_UNTERMINATED;
  if (g_str_has_prefix (rest, "empty-"))
    return CATEGORY_EMPTY;
  return CATEGORY_VALID;
}

static void
fixture_free (Fixture *fixture)
{
  g_free (fixture->name);
  g_free (fixture->path);
  g_free (fixture);
}

static char *
load (const Fixture *fixture,
      gsize         *len)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (fixture->path, &text, len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (text), ==, *len);
  return text;
}

static void
report (const char *fixture,
        const char *what,
        const char *format,
        ...) G_GNUC_PRINTF (3, 4);

static void
report (const char *fixture,
        const char *what,
        const char *format,
        ...)
{
  g_autofree char *message = NULL;
  va_list args;

  n_reports++;
  if (n_reports > MAX_REPORTS_PER_TEST)
    {
      g_test_fail ();
      return;
    }

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  /* Every failure is logged, not only the test's last one. */
  g_test_message ("FAIL %s: %s: %s", fixture, what, message);
  g_test_fail ();
}

#define CHECK(cond, ...) \
  G_STMT_START { \
    if (!(cond)) \
      { \
        report (c->fixture, c->what, __VA_ARGS__); \
        return FALSE; \
      } \
  } G_STMT_END

/* Text helpers ---------------------------------------------------------- */

static gsize
line_start_of (const char *text,
               gsize       offset)
{
  while (offset > 0 && text[offset - 1] != '\n')
    offset--;
  return offset;
}

/* Just past the '\n' that ends the line holding @offset (or @len). */
static gsize
line_end_after (const char *text,
                gsize       len,
                gsize       offset)
{
  const char *nl = memchr (text + offset, '\n', len - offset);

  return nl != NULL ? (gsize) (nl - text) + 1 : len;
}

static guint
line_count (const char *text,
            gsize       len)
{
  guint n = 1;

  for (gsize i = 0; i < len; i++)
    if (text[i] == '\n' && i + 1 < len)
      n++;
  return n;
}

static gboolean
block_uses_crlf (const char                  *text,
                 const HanjiFrontMatterSplit *split)
{
  /* The opening delimiter's line ending is the block's. */
  return split->content_start >= 2 &&
         text[split->content_start - 1] == '\n' &&
         text[split->content_start - 2] == '\r';
}

static char *
value_source (const char *text,
              HanjiField *field)
{
  gsize offset, length;

  hanji_field_get_value_span (field, &offset, &length);
  return g_strndup (text + offset, length);
}

static char *
key_source (const char *text,
            HanjiField *field)
{
  gsize offset, length;

  hanji_field_get_key_span (field, &offset, &length);
  return g_strndup (text + offset, length);
}

static gboolean
strv_equal0 (const char * const *a,
             const char * const *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_strv_equal (a, b);
}

static char *
strv_describe (const char * const *items)
{
  GString *s = g_string_new ("[");

  for (guint i = 0; items != NULL && items[i] != NULL; i++)
    g_string_append_printf (s, "%s“%s”", i > 0 ? ", " : "", items[i]);
  g_string_append_c (s, ']');
  return g_string_free (s, FALSE);
}

static const char *
type_name (HanjiValueType type)
{
  static const char *names[] = {
    "NULL", "STRING", "BOOL", "INT", "FLOAT", "DATE", "DATETIME", "LIST", "OTHER",
  };

  if ((guint) type < G_N_ELEMENTS (names))
    return names[type];
  return "?";
}

static gboolean
is_scalar_type (HanjiValueType type)
{
  return type != HANJI_VALUE_LIST && type != HANJI_VALUE_OTHER;
}

/* Date shapes ----------------------------------------------------------- */

typedef struct
{
  char     quote;          /* 0, '\'' or '"' */
  gboolean has_time;
  char     separator;      /* 'T', 't' or ' ' */
  gboolean has_seconds;
  guint    fraction_digits;
  gboolean space_before_zone;
  char     zone;           /* 0: none, 'Z', 'z', ':' (+HH:MM), '4' (+HHMM), '2' (+HH) */
  int      zone_seconds;
} DateShape;

static gboolean
take_digits (const char **p,
             guint        min,
             guint        max,
             int         *value)
{
  guint n = 0;

  *value = 0;
  while (n < max && g_ascii_isdigit ((*p)[n]))
    {
      *value = *value * 10 + ((*p)[n] - '0');
      n++;
    }
  *p += n;
  return n >= min;
}

/* Classifies the source text of a date value, quotes included. */
static gboolean
date_shape (const char *source,
            DateShape  *shape)
{
  g_autofree char *s = g_strdup (source);
  const char *p = s;
  gsize n = strlen (s);
  int v;

  memset (shape, 0, sizeof *shape);

  if (n >= 2 && (s[0] == '"' || s[0] == '\'') && s[n - 1] == s[0])
    {
      shape->quote = s[0];
      s[n - 1] = '\0';
      p++;
    }

  if (!take_digits (&p, 4, 4, &v) || *p++ != '-' ||
      !take_digits (&p, 2, 2, &v) || *p++ != '-' ||
      !take_digits (&p, 2, 2, &v))
    return FALSE;

  if (*p == '\0')
    return TRUE;

  shape->has_time = TRUE;
  shape->separator = *p;
  if (*p == 'T' || *p == 't')
    p++;
  else if (*p == ' ')
    while (*p == ' ')
      p++;
  else
    return FALSE;

  if (!take_digits (&p, 1, 2, &v) || *p++ != ':' || !take_digits (&p, 2, 2, &v))
    return FALSE;

  if (*p == ':')
    {
      p++;
      if (!take_digits (&p, 2, 2, &v))
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
        }
    }

  if (*p == ' ')
    {
      shape->space_before_zone = TRUE;
      while (*p == ' ')
        p++;
    }

  if (*p == 'Z' || *p == 'z')
    {
      shape->zone = *p++;
    }
  else if (*p == '+' || *p == '-')
    {
      int sign = *p++ == '-' ? -1 : 1;
      int hours, minutes = 0;

      if (!take_digits (&p, 2, 2, &hours))
        return FALSE;
      if (*p == ':')
        {
          p++;
          if (!take_digits (&p, 2, 2, &minutes))
            return FALSE;
          shape->zone = ':';
        }
      else if (g_ascii_isdigit (*p))
        {
          if (!take_digits (&p, 2, 2, &minutes))
            return FALSE;
          shape->zone = '4';
        }
      else
        {
          shape->zone = '2';
        }
      shape->zone_seconds = sign * (hours * 3600 + minutes * 60);
    }

  return *p == '\0';
}

static gboolean
shape_equal (const DateShape *a,
             const DateShape *b)
{
  return a->quote == b->quote &&
         a->has_time == b->has_time &&
         a->separator == b->separator &&
         a->has_seconds == b->has_seconds &&
         a->fraction_digits == b->fraction_digits &&
         a->space_before_zone == b->space_before_zone &&
         a->zone == b->zone &&
         a->zone_seconds == b->zone_seconds;
}

static char *
shape_describe (const DateShape *s)
{
  return g_strdup_printf ("{quote %c, time %d, sep '%c', seconds %d, fraction %u, "
                          "space-zone %d, zone %c %d}",
                          s->quote ? s->quote : '-', s->has_time,
                          s->separator ? s->separator : '-', s->has_seconds,
                          s->fraction_digits, s->space_before_zone,
                          s->zone ? s->zone : '-', s->zone_seconds);
}

/* Edits ----------------------------------------------------------------- */

typedef enum
{
  OP_SET,        /* an existing key gets a new value */
  OP_ADD,        /* a missing key is appended */
  OP_REMOVE,
  OP_CREATE,     /* a text without front matter gets a block */
} Op;

typedef HanjiTextEdit *(*EditFunc) (HanjiFrontMatter *fm,
                                    const char       *key,
                                    gconstpointer     arg,
                                    GError          **error);

typedef struct _Case Case;

/* Checks the edited field in the new text; @field is NULL after remove. */
typedef gboolean (*VerifyFunc) (const Case *c,
                                HanjiField *old_field,
                                const char *new_text,
                                HanjiField *field);

struct _Case
{
  const char       *fixture;
  char             *what;
  const char       *text;
  gsize             len;
  HanjiFrontMatter *fm;
  Op                op;
  const char       *key;
  EditFunc          func;
  gconstpointer     arg;
  VerifyFunc        verify;
  /* A second identical edit on the result must change nothing. */
  gboolean          check_idempotent;
  /* set_list appends: the old items keep their exact text. */
  gboolean          list_append;
};

static HanjiTextEdit *
edit_set_string (HanjiFrontMatter *fm,
                 const char       *key,
                 gconstpointer     arg,
                 GError          **error)
{
  return hanji_front_matter_set_string (fm, key, arg, error);
}

static HanjiTextEdit *
edit_set_boolean (HanjiFrontMatter *fm,
                  const char       *key,
                  gconstpointer     arg,
                  GError          **error)
{
  return hanji_front_matter_set_boolean (fm, key, *(const gboolean *) arg, error);
}

typedef struct
{
  const char     *text;
  HanjiValueType  type;
  const char     *reads;   /* hanji_field_get_text () afterwards */
} PlainCase;

typedef struct
{
  GDateTime *value;
  gboolean   has_time;
} DateArg;

static HanjiTextEdit *
edit_set_datetime (HanjiFrontMatter *fm,
                   const char       *key,
                   gconstpointer     arg,
                   GError          **error)
{
  const DateArg *d = arg;

  return hanji_front_matter_set_datetime (fm, key, d->value, d->has_time, error);
}

static HanjiTextEdit *
edit_set_list (HanjiFrontMatter *fm,
               const char       *key,
               gconstpointer     arg,
               GError          **error)
{
  return hanji_front_matter_set_list (fm, key, arg, error);
}

static HanjiTextEdit *
edit_set_plain (HanjiFrontMatter *fm,
                const char       *key,
                gconstpointer     arg,
                GError          **error)
{
  return hanji_front_matter_set_plain (fm, key, ((const PlainCase *) arg)->text, error);
}

static HanjiTextEdit *
edit_add_empty (HanjiFrontMatter *fm,
                const char       *key,
                gconstpointer     arg,
                GError          **error)
{
  return hanji_front_matter_add_empty (fm, key, error);
}

static HanjiTextEdit *
edit_remove (HanjiFrontMatter *fm,
             const char       *key,
             gconstpointer     arg,
             GError          **error)
{
  return hanji_front_matter_remove (fm, key, error);
}

typedef struct
{
  gsize start;
  gsize end;
  const char *what;
} Region;

/* Bytes no edit of @key may touch: the delimiters, the body, every other
 * field from its key's line start to the end of its value's last line
 * (so its trailing comment too), and comment lines between fields. */
static GArray *
protected_regions (const char       *text,
                   gsize             len,
                   HanjiFrontMatter *fm,
                   const char       *key)
{
  const HanjiFrontMatterSplit *split = hanji_front_matter_get_split (fm);
  GArray *regions = g_array_new (FALSE, FALSE, sizeof (Region));
  g_autoptr(GArray) fields = g_array_new (FALSE, FALSE, sizeof (Region));
  Region r;

  if (split->kind == HANJI_FRONT_MATTER_NONE)
    {
      r = (Region) { split->body_start, len, "the body" };
      g_array_append_val (regions, r);
      return regions;
    }

  r = (Region) { 0, split->content_start, "the opening delimiter" };
  g_array_append_val (regions, r);
  r = (Region) { split->content_end, split->body_start, "the closing delimiter" };
  g_array_append_val (regions, r);
  r = (Region) { split->body_start, len, "the body" };
  g_array_append_val (regions, r);

  for (guint i = 0; i < hanji_front_matter_get_n_fields (fm); i++)
    {
      HanjiField *field = hanji_front_matter_get_field (fm, i);
      gsize ko, kl, vo, vl;

      hanji_field_get_key_span (field, &ko, &kl);
      hanji_field_get_value_span (field, &vo, &vl);
      r = (Region) { line_start_of (text, ko),
                     MIN (line_end_after (text, len, MAX (vo + vl, ko + kl)), split->content_end),
                     hanji_field_get_key (field) };
      g_array_append_val (fields, r);
      if (key == NULL || !g_str_equal (hanji_field_get_key (field), key))
        g_array_append_val (regions, r);
    }

  /* Comment lines outside every field (inside one they may be text). */
  for (gsize pos = split->content_start; pos < split->content_end;)
    {
      gsize end = line_end_after (text, split->content_end, pos);
      gsize p = pos;
      gboolean inside = FALSE;

      while (p < end && (text[p] == ' ' || text[p] == '\t'))
        p++;

      for (guint i = 0; i < fields->len; i++)
        {
          Region *f = &g_array_index (fields, Region, i);
          if (pos >= f->start && pos < f->end)
            inside = TRUE;
        }

      if (p < end && text[p] == '#' && !inside)
        {
          r = (Region) { pos, end, "a comment line" };
          g_array_append_val (regions, r);
        }
      pos = end;
    }

  return regions;
}

static HanjiField *
find_field (HanjiFrontMatter *fm,
            const char       *key,
            guint            *index)
{
  for (guint i = 0; i < hanji_front_matter_get_n_fields (fm); i++)
    {
      HanjiField *field = hanji_front_matter_get_field (fm, i);

      if (g_str_equal (hanji_field_get_key (field), key))
        {
          if (index != NULL)
            *index = i;
          return field;
        }
    }
  return NULL;
}

static gboolean
check_other_fields (const Case          *c,
                    const HanjiTextEdit *edit,
                    const char          *new_text,
                    HanjiFrontMatter    *new_fm)
{
  gsize edit_end = edit->offset + edit->length;
  gssize delta = (gssize) strlen (edit->text) - (gssize) edit->length;
  g_autoptr(GPtrArray) old_keys = g_ptr_array_new ();
  g_autoptr(GPtrArray) new_keys = g_ptr_array_new ();

  for (guint i = 0; i < hanji_front_matter_get_n_fields (c->fm); i++)
    {
      HanjiField *old = hanji_front_matter_get_field (c->fm, i);
      const char *key = hanji_field_get_key (old);
      HanjiField *now;
      gsize ko, kl, vo, vl, nko, nkl, nvo, nvl, end;

      if (c->key != NULL && g_str_equal (key, c->key))
        continue;

      g_ptr_array_add (old_keys, (gpointer) key);
      now = find_field (new_fm, key, NULL);
      CHECK (now != NULL, "field “%s” disappeared", key);
      CHECK (hanji_field_get_value_type (now) == hanji_field_get_value_type (old),
             "field “%s” changed type: %s → %s", key,
             type_name (hanji_field_get_value_type (old)),
             type_name (hanji_field_get_value_type (now)));
      CHECK (g_str_equal (hanji_field_get_text (now), hanji_field_get_text (old)),
             "field “%s” changed text: “%s” → “%s”", key,
             hanji_field_get_text (old), hanji_field_get_text (now));
      CHECK (strv_equal0 (hanji_field_get_items (now), hanji_field_get_items (old)),
             "field “%s” changed items", key);

      hanji_field_get_key_span (old, &ko, &kl);
      hanji_field_get_value_span (old, &vo, &vl);
      hanji_field_get_key_span (now, &nko, &nkl);
      hanji_field_get_value_span (now, &nvo, &nvl);
      end = MAX (ko + kl, vo + vl);

      if (end <= edit->offset)
        {
          CHECK (nko == ko && nvo == vo,
                 "field “%s” before the edit moved (%" G_GSIZE_FORMAT " → %" G_GSIZE_FORMAT ")",
                 key, ko, nko);
        }
      else if (ko >= edit_end)
        {
          CHECK ((gssize) nko == (gssize) ko + delta && (gssize) nvo == (gssize) vo + delta,
                 "field “%s” after the edit is not shifted by %" G_GSSIZE_FORMAT
                 " (%" G_GSIZE_FORMAT " → %" G_GSIZE_FORMAT ")", key, delta, ko, nko);
        }
      else
        {
          CHECK (FALSE, "the edit [%" G_GSIZE_FORMAT ", +%" G_GSIZE_FORMAT ") overlaps field “%s”",
                 edit->offset, edit->length, key);
        }

      CHECK (kl == nkl && vl == nvl &&
             memcmp (c->text + ko, new_text + nko, end - ko) == 0,
             "field “%s” source bytes changed", key);
    }

  for (guint i = 0; i < hanji_front_matter_get_n_fields (new_fm); i++)
    {
      const char *key = hanji_field_get_key (hanji_front_matter_get_field (new_fm, i));

      if (c->key == NULL || !g_str_equal (key, c->key))
        g_ptr_array_add (new_keys, (gpointer) key);
    }

  CHECK (old_keys->len == new_keys->len, "fields were added or lost (%u → %u others)",
         old_keys->len, new_keys->len);
  for (guint i = 0; i < old_keys->len; i++)
    CHECK (g_str_equal (old_keys->pdata[i], new_keys->pdata[i]), "key order changed at %u", i);

  return TRUE;
}

/* Runs one edit and checks everything that does not depend on which
 * setter made it; c->verify then looks at the edited field. */
static gboolean
run_case (const Case *c)
{
  const HanjiFrontMatterSplit *split = hanji_front_matter_get_split (c->fm);
  const HanjiFrontMatterSplit *new_split;
  g_autoptr(GError) error = NULL;
  g_autoptr(HanjiTextEdit) edit = NULL;
  g_autoptr(HanjiFrontMatter) new_fm = NULL;
  g_autoptr(GArray) regions = NULL;
  g_autofree char *new_text = NULL;
  HanjiField *old_field = NULL;
  HanjiField *field = NULL;
  gsize text_len, new_len, edit_end, bom = split->has_bom ? 3 : 0;
  guint old_index = 0, new_index = 0;
  gsize old_body_len;

  if (c->key != NULL)
    old_field = find_field (c->fm, c->key, &old_index);

  edit = c->func (c->fm, c->key, c->arg, &error);
  CHECK (edit != NULL, "failed: %s", error != NULL ? error->message : "(no error set)");
  CHECK (error == NULL, "returned an edit and an error");
  CHECK (edit->text != NULL, "edit text is NULL");

  text_len = strlen (edit->text);
  edit_end = edit->offset + edit->length;
  CHECK (edit_end <= c->len, "edit past the end of the text");

  if (c->op == OP_CREATE)
    CHECK (edit->offset == bom && edit->length == 0,
           "a new block must be inserted at %" G_GSIZE_FORMAT ", got [%" G_GSIZE_FORMAT ", +%"
           G_GSIZE_FORMAT ")", bom, edit->offset, edit->length);
  else
    CHECK (edit->offset >= split->content_start && edit_end <= split->content_end,
           "edit [%" G_GSIZE_FORMAT ", +%" G_GSIZE_FORMAT ") leaves the block content [%"
           G_GSIZE_FORMAT ", %" G_GSIZE_FORMAT ")", edit->offset, edit->length,
           split->content_start, split->content_end);

  if (c->op == OP_REMOVE)
    {
      gsize ko, kl;

      hanji_field_get_key_span (old_field, &ko, &kl);
      CHECK (text_len == 0, "a removal replaces with “%s”", edit->text);
      CHECK (edit->offset == line_start_of (c->text, edit->offset),
             "removal does not start at a line start");
      CHECK (edit_end == split->content_end || c->text[edit_end - 1] == '\n',
             "removal does not end at a line end");
      CHECK (edit->offset <= ko && ko + kl <= edit_end, "removal leaves the key");
    }

  /* Line endings of the block are kept in what is written. */
  if (c->op != OP_CREATE)
    {
      gboolean crlf = block_uses_crlf (c->text, split);

      for (gsize i = 0; i < text_len; i++)
        {
          if (edit->text[i] == '\n')
            {
              char before = i > 0 ? edit->text[i - 1] :
                            edit->offset > 0 ? c->text[edit->offset - 1] : '\0';
              CHECK (crlf == (before == '\r'), "wrote a %s line ending in a %s block",
                     before == '\r' ? "CRLF" : "LF", crlf ? "CRLF" : "LF");
            }
          else if (edit->text[i] == '\r')
            CHECK (crlf, "wrote a CR in an LF block");
        }
    }

  /* Nothing protected overlaps the replaced range. */
  regions = protected_regions (c->text, c->len, c->fm, c->key);
  for (guint i = 0; i < regions->len; i++)
    {
      Region *r = &g_array_index (regions, Region, i);
      gboolean overlaps;

      if (r->start >= r->end)
        continue;
      if (edit->length > 0)
        overlaps = r->start < edit_end && edit->offset < r->end;
      else
        overlaps = r->start < edit->offset && edit->offset < r->end;
      CHECK (!overlaps, "edit [%" G_GSIZE_FORMAT ", +%" G_GSIZE_FORMAT ") “%s” touches %s%s%s "
             "[%" G_GSIZE_FORMAT ", %" G_GSIZE_FORMAT ")",
             edit->offset, edit->length, edit->text,
             r->what, g_str_equal (r->what, "a comment line") ||
                      g_str_has_prefix (r->what, "the ") ? "" : " of field ",
             g_str_equal (r->what, "a comment line") ||
             g_str_has_prefix (r->what, "the ") ? "" : r->what,
             r->start, r->end);
    }

  new_text = hanji_text_edit_apply (edit, c->text, c->len);
  CHECK (new_text != NULL, "apply returned NULL");
  new_len = strlen (new_text);
  CHECK (new_len == c->len - edit->length + text_len, "applied text has the wrong length");
  CHECK (memcmp (new_text, c->text, edit->offset) == 0, "bytes before the edit changed");
  CHECK (memcmp (new_text + edit->offset, edit->text, text_len) == 0,
         "apply did not insert the replacement");
  CHECK (memcmp (new_text + edit->offset + text_len, c->text + edit_end, c->len - edit_end) == 0,
         "bytes after the edit changed");

  new_fm = hanji_front_matter_parse (new_text, new_len);
  CHECK (hanji_front_matter_get_error (new_fm) == NULL, "the result does not parse: %s\n%s",
         hanji_front_matter_get_error (new_fm)->message, new_text);

  new_split = hanji_front_matter_get_split (new_fm);
  CHECK (new_split->kind == HANJI_FRONT_MATTER_YAML && new_split->terminated,
         "the result has no terminated YAML block");
  CHECK (new_split->has_bom == split->has_bom, "the BOM changed");

  /* The body is the same bytes. */
  if (c->op == OP_CREATE)
    old_body_len = c->len - bom;
  else
    old_body_len = c->len - split->body_start;
  CHECK (new_len - new_split->body_start == old_body_len &&
         memcmp (new_text + new_split->body_start,
                 c->text + (c->op == OP_CREATE ? bom : split->body_start), old_body_len) == 0,
         "the body changed");

  if (!check_other_fields (c, edit, new_text, new_fm))
    return FALSE;

  if (c->key != NULL)
    field = find_field (new_fm, c->key, &new_index);

  switch (c->op)
    {
    case OP_SET:
      {
        g_autofree char *old_key = key_source (c->text, old_field);
        g_autofree char *new_key = NULL;
        g_autofree char *old_value = value_source (c->text, old_field);
        g_autofree char *new_value = NULL;
        gsize vo, vl, nvo, nvl;

        CHECK (field != NULL, "the key is gone:\n%s", new_text);
        CHECK (new_index == old_index, "the field moved from %u to %u", old_index, new_index);
        CHECK (hanji_front_matter_get_n_fields (new_fm) == hanji_front_matter_get_n_fields (c->fm),
               "the number of fields changed");
        new_key = key_source (new_text, field);
        CHECK (g_str_equal (old_key, new_key), "the key's text changed: %s → %s", old_key, new_key);
        new_value = value_source (new_text, field);

        /* An anchor stays, or its aliases dangle. */
        if (old_value[0] == '&')
          {
            gsize n = strcspn (old_value, " \t\r\n");
            CHECK (strncmp (old_value, new_value, n) == 0 &&
                   (new_value[n] == '\0' || g_ascii_isspace (new_value[n])),
                   "the anchor of “%s” was dropped: %s", old_value, new_value);
          }

        /* A comment after a one-line value stays after it. */
        hanji_field_get_value_span (old_field, &vo, &vl);
        hanji_field_get_value_span (field, &nvo, &nvl);
        if (strchr (old_value, '\n') == NULL && strchr (new_value, '\n') == NULL &&
            vl > 0 && nvl > 0)
          {
            gsize e = line_end_after (c->text, c->len, vo + vl);
            gsize ne = line_end_after (new_text, new_len, nvo + nvl);
            g_autofree char *tail = g_strndup (c->text + vo + vl, e - (vo + vl));
            g_autofree char *new_tail = g_strndup (new_text + nvo + nvl, ne - (nvo + nvl));

            if (strchr (tail, '#') != NULL)
              CHECK (g_str_equal (tail, new_tail), "the comment after the value changed: "
                     "“%s” → “%s”", g_strchomp (tail), g_strchomp (new_tail));
          }
      }
      break;

    case OP_ADD:
    case OP_CREATE:
      CHECK (field != NULL, "the key was not added:\n%s", new_text);
      CHECK (old_field == NULL, "internal: key exists");
      CHECK (new_index == hanji_front_matter_get_n_fields (new_fm) - 1,
             "the new field is not the last one:\n%s", new_text);
      CHECK (hanji_front_matter_get_n_fields (new_fm) ==
             (c->op == OP_CREATE ? 1 : hanji_front_matter_get_n_fields (c->fm) + 1),
             "wrong number of fields after adding");
      {
        g_autofree char *new_key = key_source (new_text, field);
        CHECK (g_str_equal (new_key, c->key), "the new key is written “%s”", new_key);
      }
      break;

    case OP_REMOVE:
    default:
      CHECK (field == NULL, "the field is still there:\n%s", new_text);
      CHECK (hanji_front_matter_get_n_fields (new_fm) == hanji_front_matter_get_n_fields (c->fm) - 1,
             "wrong number of fields after removing");
      break;
    }

  if (c->verify != NULL && !c->verify (c, old_field, new_text, field))
    return FALSE;

  if (c->check_idempotent)
    {
      g_autoptr(HanjiTextEdit) again = NULL;
      g_autoptr(GError) again_error = NULL;
      g_autofree char *again_text = NULL;

      again = c->func (new_fm, c->key, c->arg, &again_error);
      CHECK (again != NULL, "the same edit again failed: %s",
             again_error ? again_error->message : "?");
      again_text = hanji_text_edit_apply (again, new_text, new_len);
      CHECK (g_str_equal (again_text, new_text),
             "the same edit again is not a no-op:\nfirst:\n%s\nagain:\n%s", new_text, again_text);
    }

  return TRUE;
}

static void
case_run (Case *c)
{
  run_case (c);
  g_clear_pointer (&c->what, g_free);
}

/* Expects the call to fail with @domain/@code and return NULL. */
static gboolean
run_refusal (const Case   *c,
             const GError *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HanjiTextEdit) edit = NULL;

  edit = c->func (c->fm, c->key, c->arg, &error);
  CHECK (edit == NULL, "succeeded on a front matter that must refuse edits: [%" G_GSIZE_FORMAT
         ", +%" G_GSIZE_FORMAT ") “%s”", edit->offset, edit->length, edit->text);
  CHECK (error != NULL, "returned NULL without an error");
  if (expected != NULL)
    CHECK (g_error_matches (error, expected->domain, expected->code),
           "failed with %s:%d “%s”, expected code %d", g_quark_to_string (error->domain),
           error->code, error->message, expected->code);
  return TRUE;
}

/* Verifiers ------------------------------------------------------------- */

static gboolean
verify_string (const Case *c,
               HanjiField *old_field,
               const char *new_text,
               HanjiField *field)
{
  const char *value = c->arg;

  CHECK (hanji_field_get_value_type (field) == HANJI_VALUE_STRING,
         "reads back as %s, not STRING:\n%s",
         type_name (hanji_field_get_value_type (field)), new_text);
  CHECK (g_str_equal (hanji_field_get_text (field), value),
         "reads back “%s”:\n%s", hanji_field_get_text (field), new_text);
  return TRUE;
}

static gboolean
verify_boolean (const Case *c,
                HanjiField *old_field,
                const char *new_text,
                HanjiField *field)
{
  gboolean value = *(const gboolean *) c->arg;
  g_autofree char *source = value_source (new_text, field);

  CHECK (hanji_field_get_value_type (field) == HANJI_VALUE_BOOL,
         "reads back as %s, not BOOL:\n%s",
         type_name (hanji_field_get_value_type (field)), new_text);
  CHECK (hanji_field_get_boolean (field) == value, "reads back the other boolean");
  CHECK (g_str_equal (source, value ? "true" : "false"), "written “%s”", source);
  return TRUE;
}

static const DateShape new_datetime_shape = { 0, TRUE, 'T', TRUE, 0, FALSE, ':', 0 };
static const DateShape new_date_shape = { 0 };

static gboolean
verify_datetime (const Case *c,
                 HanjiField *old_field,
                 const char *new_text,
                 HanjiField *field)
{
  const DateArg *d = c->arg;
  g_autofree char *source = value_source (new_text, field);
  g_autofree char *old_source = old_field != NULL ? value_source (c->text, old_field) : NULL;
  g_autoptr(GDateTime) got = hanji_field_dup_datetime (field);
  DateShape want, shape;

  CHECK (date_shape (source, &shape), "written “%s”, not a date", source);

  if (old_field != NULL)
    {
      g_assert_true (date_shape (old_source, &want));
      CHECK (hanji_field_get_value_type (field) == hanji_field_get_value_type (old_field),
             "type %s became %s (“%s” → “%s”)",
             type_name (hanji_field_get_value_type (old_field)),
             type_name (hanji_field_get_value_type (field)), old_source, source);
    }
  else
    {
      want = d->has_time ? new_datetime_shape : new_date_shape;
      want.zone_seconds = d->has_time ? (int) (g_date_time_get_utc_offset (d->value) / G_USEC_PER_SEC) : 0;
    }

  if (!shape_equal (&want, &shape))
    {
      g_autofree char *a = shape_describe (&want);
      g_autofree char *b = shape_describe (&shape);
      CHECK (FALSE, "shape changed: “%s” %s → “%s” %s", old_source ? old_source : "(new)", a,
             source, b);
    }

  CHECK (got != NULL, "“%s” does not read back as a date", source);

  if (!shape.has_time)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (d->value);
      int y, m, dd, gy, gm, gd;

      /* A new date-only field takes the value's own calendar day; an
       * existing one has no zone, so it takes the local day. */
      g_date_time_get_ymd (old_field != NULL ? local : d->value, &y, &m, &dd);
      g_date_time_get_ymd (got, &gy, &gm, &gd);
      CHECK (y == gy && m == gm && dd == gd, "day %04d-%02d-%02d written as “%s”", y, m, dd, source);
    }
  else
    {
      gint64 want_s = g_date_time_to_unix (d->value);
      gint64 got_s = g_date_time_to_unix (got);
      g_autofree char *want_iso = g_date_time_format_iso8601 (d->value);

      if (!shape.has_seconds)
        want_s -= want_s % 60;
      CHECK (want_s == got_s, "%s written as “%s” (off by %" G_GINT64_FORMAT " s)",
             want_iso, source, got_s - want_s);
    }

  return TRUE;
}

/* The value past its node properties (`&anchor`, `!tag`). */
static const char *
skip_properties (const char *source)
{
  while (*source == '&' || *source == '!')
    {
      source += strcspn (source, " \t\r\n");
      source += strspn (source, " \t\r\n");
    }
  return source;
}

static gboolean
verify_list (const Case *c,
             HanjiField *old_field,
             const char *new_text,
             HanjiField *field)
{
  const char * const *items = c->arg;
  const char * const *got = hanji_field_get_items (field);
  g_autofree char *full_source = value_source (new_text, field);
  g_autofree char *full_old_source = old_field != NULL ? value_source (c->text, old_field) : NULL;
  const char *source = skip_properties (full_source);
  const char *old_source = full_old_source != NULL ? skip_properties (full_old_source) : NULL;
  gboolean old_is_list = old_field != NULL &&
                         hanji_field_get_value_type (old_field) == HANJI_VALUE_LIST;

  CHECK (hanji_field_get_value_type (field) == HANJI_VALUE_LIST,
         "reads back as %s, not LIST:\n%s", type_name (hanji_field_get_value_type (field)), new_text);
  if (!strv_equal0 (got, items))
    {
      g_autofree char *a = strv_describe (items);
      g_autofree char *b = strv_describe (got);
      CHECK (FALSE, "items %s read back as %s:\n%s", a, b, new_text);
    }

  if (items[0] == NULL)
    {
      CHECK (g_str_equal (source, "[]"), "an empty list is written “%s”", full_source);
    }
  else if (old_is_list && old_source[0] == '[')
    {
      CHECK (source[0] == '[', "a flow list became “%s”", source);
    }
  else if (old_is_list && old_source[0] == '-')
    {
      gsize vo, nvo;

      hanji_field_get_value_span (old_field, &vo, NULL);
      hanji_field_get_value_span (field, &nvo, NULL);
      vo += old_source - full_old_source;
      nvo += source - full_source;
      CHECK (source[0] == '-', "a block list became “%s”", source);
      CHECK (vo - line_start_of (c->text, vo) == nvo - line_start_of (new_text, nvo),
             "the list's indentation changed:\n%s", new_text);
    }
  else if (old_field == NULL || !old_is_list)
    {
      CHECK (source[0] == '-', "a new list is written “%s”, not as a block list", source);
    }

  if (c->list_append && old_is_list && (old_source[0] == '[' || old_source[0] == '-'))
    {
      g_autofree char *kept = g_strdup (full_old_source);

      /* What was written stays written: only the new item is added. */
      if (old_source[0] == '[')
        {
          g_strchomp (kept);
          if (g_str_has_suffix (kept, "]"))
            kept[strlen (kept) - 1] = '\0';
          g_strchomp (kept);
        }
      CHECK (g_str_has_prefix (full_source, kept), "appending rewrote the old items: "
             "“%s” → “%s”", full_old_source, full_source);
    }

  return TRUE;
}

static gboolean
verify_plain (const Case *c,
              HanjiField *old_field,
              const char *new_text,
              HanjiField *field)
{
  const PlainCase *p = c->arg;

  CHECK (hanji_field_get_value_type (field) == p->type, "reads back as %s, not %s:\n%s",
         type_name (hanji_field_get_value_type (field)), type_name (p->type), new_text);
  CHECK (g_str_equal (hanji_field_get_text (field), p->reads), "reads back “%s”",
         hanji_field_get_text (field));
  return TRUE;
}

static gboolean
verify_empty (const Case *c,
              HanjiField *old_field,
              const char *new_text,
              HanjiField *field)
{
  gsize ko, kl, vo, vl;
  const char *after;

  hanji_field_get_key_span (field, &ko, &kl);
  hanji_field_get_value_span (field, &vo, &vl);
  CHECK (hanji_field_get_value_type (field) == HANJI_VALUE_NULL, "reads back as %s",
         type_name (hanji_field_get_value_type (field)));
  CHECK (vl == 0, "the empty value has source text");
  after = new_text + ko + kl;
  CHECK (ko == line_start_of (new_text, ko) &&
         (g_str_has_prefix (after, ":\n") || g_str_has_prefix (after, ":\r\n")),
         "not written as a “key:” line:\n%s", new_text);
  return TRUE;
}

/* Values ---------------------------------------------------------------- */

static const char *string_values[] = {
  "hello",
  "한지로 쓴 첫 글입니다 🎉✨",
  "a: b",
  "#hash",
  "x # not a comment",
  "true",
  "False",
  "42",
  "3.5",
  "null",
  "~",
  "2024-05-18",
  "2024-05-18T23:37:00+09:00",
  "- dash",
  "'quote'",
  "\"dq\"",
  "back\\slash",
  "  leading and trailing  ",
  "",
  "first line\nsecond line",
  "[not a list]",
  "{not: a map}",
  "* star",
  "&anchor-like",
  "! bang",
  "| pipe",
  "> gt",
  "@at",
  "`tick`",
  "%percent",
  "tab\there",
  "ends with colon:",
  "---",
  "...",
};

/* A few for fields that are lists or mappings now. */
static const char *string_values_for_collections[] = {
  "hello",
  "한지 🎉",
  "first line\nsecond line",
};

static const PlainCase plain_values[] = {
  { "true", HANJI_VALUE_BOOL, "true" },
  { "false", HANJI_VALUE_BOOL, "false" },
  { "42", HANJI_VALUE_INT, "42" },
  { "-3", HANJI_VALUE_INT, "-3" },
  { "3.5", HANJI_VALUE_FLOAT, "3.5" },
  { "2024-05-18", HANJI_VALUE_DATE, "2024-05-18" },
  { "2024-05-18T23:37:00+09:00", HANJI_VALUE_DATETIME, "2024-05-18T23:37:00+09:00" },
  { "~", HANJI_VALUE_NULL, "" },
  { "null", HANJI_VALUE_NULL, "" },
  { "hello world", HANJI_VALUE_STRING, "hello world" },
  { "a: b", HANJI_VALUE_STRING, "a: b" },
  { "#x", HANJI_VALUE_STRING, "#x" },
  { "한지 🎉", HANJI_VALUE_STRING, "한지 🎉" },
};

static const char *const korean_items[] = { "일상", "여행 기록", "서울: 종로", NULL };
static const char *const quoted_items[] = { "a: b", "#tag", "true", "- dash", "x, y", "[z]", "", NULL };
static const char *const empty_items[] = { NULL };
static const char *const new_items[] = { "alpha", "베타", NULL };

/* Test functions -------------------------------------------------------- */

typedef struct
{
  const Fixture    *fixture;
  char             *text;
  gsize             len;
  HanjiFrontMatter *fm;
} Loaded;

static void
loaded_init (Loaded        *l,
             const Fixture *fixture)
{
  l->fixture = fixture;
  l->text = load (fixture, &l->len);
  l->fm = hanji_front_matter_parse (l->text, l->len);
  n_reports = 0;
}

static void
loaded_clear (Loaded *l)
{
  g_clear_pointer (&l->fm, hanji_front_matter_unref);
  g_clear_pointer (&l->text, g_free);
}

static void
loaded_case (Loaded        *l,
             Case          *c,
             Op             op,
             const char    *key,
             EditFunc       func,
             gconstpointer  arg,
             VerifyFunc     verify,
             char          *what)
{
  memset (c, 0, sizeof *c);
  c->fixture = l->fixture->name;
  c->text = l->text;
  c->len = l->len;
  c->fm = l->fm;
  c->op = op;
  c->key = key;
  c->func = func;
  c->arg = arg;
  c->verify = verify;
  c->what = what;
  c->check_idempotent = op == OP_SET || op == OP_ADD || op == OP_CREATE;
}

/* For messages: C escapes for control characters and quotes, UTF-8 kept. */
static char *
escaped (const char *s)
{
  static char high[129];

  if (high[0] == '\0')
    for (guint i = 0; i < 128; i++)
      high[i] = (char) (0x80 + i);
  return g_strescape (s, high);
}

static void
test_count (void)
{
  guint counts[CATEGORY_INVALID + 1] = { 0 };

  for (guint i = 0; i < fixtures->len; i++)
    counts[((Fixture *) fixtures->pdata[i])->category]++;

  g_test_message ("fixtures: %u valid, %u empty, %u none, %u readonly, %u unterminated, %u invalid",
                  counts[CATEGORY_VALID], counts[CATEGORY_EMPTY], counts[CATEGORY_NONE],
                  counts[CATEGORY_READONLY], counts[CATEGORY_UNTERMINATED],
                  counts[CATEGORY_INVALID]);
  g_assert_cmpuint (fixtures->len, >=, MIN_FIXTURES);
  for (guint i = 0; i <= CATEGORY_INVALID; i++)
    g_assert_cmpuint (counts[i], >, 0);
}

/* Property a and b: parsing. */
static void
test_parse (gconstpointer data)
{
  const Fixture *fixture = data;
  Loaded l;
  const HanjiFrontMatterSplit *split;
  const GError *error;
  guint line = 0, column = 0;
  gboolean positioned;
  gsize bom;

  loaded_init (&l, fixture);
  split = hanji_front_matter_get_split (l.fm);
  error = hanji_front_matter_get_error (l.fm);
  positioned = hanji_front_matter_get_error_position (l.fm, &line, &column);
  bom = split->has_bom ? 3 : 0;

  g_assert_cmpuint (split->has_bom, ==, l.len >= 3 && memcmp (l.text, "\xEF\xBB\xBF", 3) == 0);
  g_assert_cmpuint (split->block_start, ==, bom);
  g_assert_cmpuint (split->body_start, <=, l.len);

  switch (fixture->category)
    {
    case CATEGORY_NONE:
      g_assert_no_error ((GError *) error);
      g_assert_cmpint (split->kind, ==, HANJI_FRONT_MATTER_NONE);
      g_assert_cmpuint (split->body_start, ==, bom);
      g_assert_cmpuint (hanji_front_matter_get_n_fields (l.fm), ==, 0);
      g_assert_false (positioned);
      break;

    case CATEGORY_READONLY:
      g_assert_error ((GError *) error, HANJI_FRONT_MATTER_ERROR, HANJI_FRONT_MATTER_ERROR_READ_ONLY);
      g_assert_true (split->kind == HANJI_FRONT_MATTER_TOML ||
                     split->kind == HANJI_FRONT_MATTER_JSON);
      g_assert_cmpuint (hanji_front_matter_get_n_fields (l.fm), ==, 0);
      break;

    case CATEGORY_UNTERMINATED:
      g_assert_error ((GError *) error, HANJI_FRONT_MATTER_ERROR,
                      HANJI_FRONT_MATTER_ERROR_UNTERMINATED);
      g_assert_false (split->terminated);
      /* The writer's words are never hidden in an unclosed block. */
      g_assert_cmpuint (split->body_start, ==, bom);
      g_assert_cmpuint (hanji_front_matter_get_n_fields (l.fm), ==, 0);
      break;

    case CATEGORY_INVALID:
      {
        g_autofree char *where = NULL;

        g_assert_nonnull (error);
        if (error == NULL)
          break;
        g_assert_true (error->domain == HANJI_FRONT_MATTER_ERROR);
        g_assert_true (error->code == HANJI_FRONT_MATTER_ERROR_SYNTAX ||
                       error->code == HANJI_FRONT_MATTER_ERROR_NOT_MAPPING ||
                       error->code == HANJI_FRONT_MATTER_ERROR_DUPLICATE_KEY);
        g_assert_cmpint (split->kind, ==, HANJI_FRONT_MATTER_YAML);
        g_assert_true (split->terminated);
        g_assert_cmpuint (hanji_front_matter_get_n_fields (l.fm), ==, 0);

        g_assert_true (positioned);
        g_assert_cmpuint (line, >=, 1);
        g_assert_cmpuint (line, <=, line_count (l.text, l.len));
        /* Inside the block: after the opener, before the body. */
        g_assert_cmpuint (line, >=, 2);
        g_assert_cmpuint (line, <=, split->body_line);
        g_assert_cmpuint (column, >=, 1);
        where = g_strdup_printf ("line %u, column %u", line, column);
        g_test_message ("%s: %s", fixture->name, error->message);
        if (strstr (error->message, where) == NULL)
          report (fixture->name, "parse", "message “%s” does not say “%s”", error->message, where);
      }
      break;

    case CATEGORY_EMPTY:
    case CATEGORY_VALID:
    default:
      {
        gsize prev_end = split->content_start;

        g_assert_no_error ((GError *) error);
        g_assert_false (positioned);
        g_assert_cmpint (split->kind, ==, HANJI_FRONT_MATTER_YAML);
        g_assert_true (split->terminated);
        g_assert_cmpuint (split->content_start, <=, split->content_end);
        g_assert_cmpuint (split->content_end, <=, split->body_start);

        if (fixture->category == CATEGORY_EMPTY)
          g_assert_cmpuint (hanji_front_matter_get_n_fields (l.fm), ==, 0);
        else
          g_assert_cmpuint (hanji_front_matter_get_n_fields (l.fm), >=, 1);

        for (guint i = 0; i < hanji_front_matter_get_n_fields (l.fm); i++)
          {
            HanjiField *field = hanji_front_matter_get_field (l.fm, i);
            const char *key = hanji_field_get_key (field);
            g_autofree char *key_text = key_source (l.text, field);
            gsize ko, kl, vo, vl;
            HanjiValueType type = hanji_field_get_value_type (field);

            hanji_field_get_key_span (field, &ko, &kl);
            hanji_field_get_value_span (field, &vo, &vl);

            /* Spans lie inside the block, in order, and are UTF-8 whole. */
            g_assert_cmpuint (ko, >=, prev_end);
            g_assert_cmpuint (ko + kl, <=, vo);
            g_assert_cmpuint (vo + vl, <=, split->content_end);
            g_assert_true (g_utf8_validate (l.text + ko, kl, NULL));
            g_assert_true (g_utf8_validate (l.text + vo, vl, NULL));
            prev_end = vo + vl;

            /* A plain key's span is the key; a quoted key's span is the
             * key with its quotes. */
            if (key_text[0] == '"' || key_text[0] == '\'')
              {
                g_assert_cmpuint (kl, ==, strlen (key) + 2);
                g_assert_cmpint (key_text[kl - 1], ==, key_text[0]);
                g_assert_cmpint (memcmp (key_text + 1, key, kl - 2), ==, 0);
              }
            else
              {
                g_assert_cmpstr (key_text, ==, key);
              }

            g_assert_cmpuint (hanji_field_get_line (field), ==,
                              line_count (l.text, line_start_of (l.text, ko) + 1));
            g_assert_true (hanji_front_matter_lookup (l.fm, key) == field);

            if (type == HANJI_VALUE_NULL)
              g_assert_cmpstr (hanji_field_get_text (field), ==, "");
            if (type == HANJI_VALUE_LIST)
              {
                g_autofree char *joined = g_strjoinv (", ", (char **) hanji_field_get_items (field));
                g_assert_nonnull (hanji_field_get_items (field));
                g_assert_cmpstr (hanji_field_get_text (field), ==, joined);
              }
            else
              {
                g_assert_null (hanji_field_get_items (field));
              }
            if (type == HANJI_VALUE_DATE || type == HANJI_VALUE_DATETIME)
              {
                g_autoptr(GDateTime) dt = hanji_field_dup_datetime (field);
                g_autofree char *source = value_source (l.text, field);
                DateShape shape;

                g_assert_nonnull (dt);
                g_assert_true (date_shape (source, &shape));
                g_assert_cmpint (shape.has_time, ==, type == HANJI_VALUE_DATETIME);
              }
          }
      }
      break;
    }

  /* b: an unedited text saves as the same bytes; an empty edit is a no-op. */
  {
    HanjiTextEdit nothing = { split->body_start, 0, (char *) "" };
    g_autofree char *same = hanji_text_edit_apply (&nothing, l.text, l.len);

    g_assert_cmpuint (strlen (same), ==, l.len);
    g_assert_cmpint (memcmp (same, l.text, l.len), ==, 0);
  }

  loaded_clear (&l);
}

/* Setting a field to the value it already has changes no byte. */
static void
test_noop (gconstpointer data)
{
  Loaded l;

  loaded_init (&l, data);

  for (guint i = 0; i < hanji_front_matter_get_n_fields (l.fm); i++)
    {
      HanjiField *field = hanji_front_matter_get_field (l.fm, i);
      const char *key = hanji_field_get_key (field);
      HanjiValueType type = hanji_field_get_value_type (field);
      g_autofree char *source = value_source (l.text, field);
      g_autoptr(GDateTime) dt = hanji_field_dup_datetime (field);
      g_autoptr(HanjiTextEdit) edit = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *what = NULL;
      g_autofree char *result = NULL;
      gboolean b;

      if (source[0] == '&' || source[0] == '!')
        continue;

      if (type == HANJI_VALUE_BOOL &&
          (g_str_equal (source, "true") || g_str_equal (source, "false")))
        {
          b = hanji_field_get_boolean (field);
          edit = hanji_front_matter_set_boolean (l.fm, key, b, &error);
          what = g_strdup_printf ("set_boolean (%s, %s)", key, b ? "TRUE" : "FALSE");
        }
      else if (dt != NULL)
        {
          DateShape shape;

          if (!date_shape (source, &shape))
            continue;
          edit = hanji_front_matter_set_datetime (l.fm, key, dt, shape.has_time, &error);
          what = g_strdup_printf ("set_datetime (%s, its own value)", key);
        }
      else if (type == HANJI_VALUE_LIST)
        {
          edit = hanji_front_matter_set_list (l.fm, key, hanji_field_get_items (field), &error);
          what = g_strdup_printf ("set_list (%s, its own items)", key);
        }
      else if (type == HANJI_VALUE_STRING &&
               (source[0] == '|' ||
                (strchr (source, '\n') == NULL && source[0] != '>' &&
                 (source[0] != '"' || strchr (source, '\\') == NULL))))
        {
          edit = hanji_front_matter_set_string (l.fm, key, hanji_field_get_text (field), &error);
          what = g_strdup_printf ("set_string (%s, its own text)", key);
        }
      else
        {
          continue;
        }

      if (edit == NULL)
        {
          report (l.fixture->name, what, "failed: %s", error ? error->message : "?");
          continue;
        }
      result = hanji_text_edit_apply (edit, l.text, l.len);
      if (!g_str_equal (result, l.text))
        {
          g_autofree char *before = escaped (source);
          g_autofree char *after = g_strndup (edit->text, 200);
          g_autofree char *after_e = escaped (after);
          report (l.fixture->name, what, "not a no-op: “%s” [%" G_GSIZE_FORMAT ", +%"
                  G_GSIZE_FORMAT ") → “%s”", before, edit->offset, edit->length, after_e);
        }
    }

  loaded_clear (&l);
}

static void
test_set_string (gconstpointer data)
{
  Loaded l;
  Case c;

  loaded_init (&l, data);

  for (guint i = 0; i < hanji_front_matter_get_n_fields (l.fm); i++)
    {
      HanjiField *field = hanji_front_matter_get_field (l.fm, i);
      const char *key = hanji_field_get_key (field);
      gboolean scalar = is_scalar_type (hanji_field_get_value_type (field));
      const char **values = scalar ? string_values : string_values_for_collections;
      guint n = scalar ? G_N_ELEMENTS (string_values) : G_N_ELEMENTS (string_values_for_collections);

      for (guint j = 0; j < n; j++)
        {
          g_autofree char *e = escaped (values[j]);

          loaded_case (&l, &c, OP_SET, key, edit_set_string, values[j], verify_string,
                       g_strdup_printf ("set_string (%s, \"%s\")", key, e));
          case_run (&c);
        }
    }

  for (guint j = 0; j < G_N_ELEMENTS (string_values_for_collections); j++)
    {
      const char *value = string_values_for_collections[j];
      g_autofree char *e = escaped (value);

      loaded_case (&l, &c, OP_ADD, "hanji_new_title", edit_set_string, value, verify_string,
                   g_strdup_printf ("set_string (new key hanji_new_title, \"%s\")", e));
      case_run (&c);
    }

  loaded_case (&l, &c, OP_ADD, "새_필드", edit_set_string, "a: b", verify_string,
               g_strdup ("set_string (new key 새_필드, \"a: b\")"));
  case_run (&c);

  loaded_clear (&l);
}

static void
test_set_boolean (gconstpointer data)
{
  static const gboolean values[] = { TRUE, FALSE };
  Loaded l;
  Case c;

  loaded_init (&l, data);

  for (guint i = 0; i < hanji_front_matter_get_n_fields (l.fm); i++)
    {
      HanjiField *field = hanji_front_matter_get_field (l.fm, i);
      const char *key = hanji_field_get_key (field);
      HanjiValueType type = hanji_field_get_value_type (field);

      if (type != HANJI_VALUE_BOOL && type != HANJI_VALUE_NULL)
        continue;

      for (guint j = 0; j < G_N_ELEMENTS (values); j++)
        {
          loaded_case (&l, &c, OP_SET, key, edit_set_boolean, &values[j], verify_boolean,
                       g_strdup_printf ("set_boolean (%s, %s)", key, values[j] ? "TRUE" : "FALSE"));
          case_run (&c);
        }
    }

  loaded_case (&l, &c, OP_ADD, "hanji_new_flag", edit_set_boolean, &values[0], verify_boolean,
               g_strdup ("set_boolean (new key hanji_new_flag, TRUE)"));
  case_run (&c);

  loaded_clear (&l);
}

static void
test_set_datetime (gconstpointer data)
{
  g_autoptr(GTimeZone) kst = g_time_zone_new_offset (9 * 3600);
  g_autoptr(GTimeZone) ny = g_time_zone_new_offset (-5 * 3600);
  g_autoptr(GDateTime) utc_value = g_date_time_new_utc (2025, 1, 2, 3, 4, 5);
  g_autoptr(GDateTime) kst_value = g_date_time_new (kst, 2023, 12, 31, 23, 59, 30);
  g_autoptr(GDateTime) ny_value = g_date_time_new (ny, 2024, 2, 29, 21, 15, 0);
  g_autoptr(GDateTime) new_value = g_date_time_new (kst, 2024, 6, 1, 12, 0, 0);
  GDateTime *values[] = { utc_value, kst_value, ny_value };
  Loaded l;
  Case c;

  loaded_init (&l, data);

  for (guint i = 0; i < hanji_front_matter_get_n_fields (l.fm); i++)
    {
      HanjiField *field = hanji_front_matter_get_field (l.fm, i);
      const char *key = hanji_field_get_key (field);
      g_autoptr(GDateTime) dt = hanji_field_dup_datetime (field);
      g_autofree char *source = value_source (l.text, field);
      DateShape shape;

      if (dt == NULL || !date_shape (source, &shape))
        continue;

      for (guint j = 0; j < G_N_ELEMENTS (values); j++)
        for (guint has_time = 0; has_time < 2; has_time++)
          {
            DateArg *arg = g_new0 (DateArg, 1);
            g_autofree char *iso = g_date_time_format_iso8601 (values[j]);

            arg->value = values[j];
            arg->has_time = has_time;
            loaded_case (&l, &c, OP_SET, key, edit_set_datetime, arg, verify_datetime,
                         g_strdup_printf ("set_datetime (%s, %s, has_time %s)", key, iso,
                                          has_time ? "TRUE" : "FALSE"));
            case_run (&c);
            g_free (arg);
          }
    }

  for (guint has_time = 0; has_time < 2; has_time++)
    {
      DateArg arg = { new_value, has_time };

      loaded_case (&l, &c, OP_ADD, has_time ? "hanji_new_date" : "hanji_new_day",
                   edit_set_datetime, &arg, verify_datetime,
                   g_strdup_printf ("set_datetime (new key, 2024-06-01T12:00:00+09:00, has_time %s)",
                                    has_time ? "TRUE" : "FALSE"));
      case_run (&c);
    }

  loaded_clear (&l);
}

static void
test_set_list (gconstpointer data)
{
  Loaded l;
  Case c;

  loaded_init (&l, data);

  for (guint i = 0; i < hanji_front_matter_get_n_fields (l.fm); i++)
    {
      HanjiField *field = hanji_front_matter_get_field (l.fm, i);
      const char *key = hanji_field_get_key (field);
      const char * const *items = hanji_field_get_items (field);
      guint n = items != NULL ? g_strv_length ((char **) items) : 0;
      g_autoptr(GPtrArray) added = g_ptr_array_new ();
      g_autoptr(GPtrArray) reversed = g_ptr_array_new ();

      if (hanji_field_get_value_type (field) != HANJI_VALUE_LIST)
        {
          loaded_case (&l, &c, OP_SET, key, edit_set_list, new_items, verify_list,
                       g_strdup_printf ("set_list (%s, [alpha, 베타]) on a %s", key,
                                        type_name (hanji_field_get_value_type (field))));
          case_run (&c);
          continue;
        }

      for (guint j = 0; j < n; j++)
        g_ptr_array_add (added, (gpointer) items[j]);
      g_ptr_array_add (added, (gpointer) "새 항목");
      g_ptr_array_add (added, NULL);
      for (guint j = n; j > 0; j--)
        g_ptr_array_add (reversed, (gpointer) items[j - 1]);
      g_ptr_array_add (reversed, NULL);

      loaded_case (&l, &c, OP_SET, key, edit_set_list, added->pdata, verify_list,
                   g_strdup_printf ("set_list (%s, items + \"새 항목\")", key));
      c.list_append = TRUE;
      case_run (&c);

      if (n > 0)
        {
          loaded_case (&l, &c, OP_SET, key, edit_set_list, items + 1, verify_list,
                       g_strdup_printf ("set_list (%s, items without the first)", key));
          case_run (&c);
        }

      loaded_case (&l, &c, OP_SET, key, edit_set_list, reversed->pdata, verify_list,
                   g_strdup_printf ("set_list (%s, items reversed)", key));
      case_run (&c);

      loaded_case (&l, &c, OP_SET, key, edit_set_list, empty_items, verify_list,
                   g_strdup_printf ("set_list (%s, [])", key));
      case_run (&c);

      loaded_case (&l, &c, OP_SET, key, edit_set_list, korean_items, verify_list,
                   g_strdup_printf ("set_list (%s, [일상, 여행 기록, 서울: 종로])", key));
      case_run (&c);

      loaded_case (&l, &c, OP_SET, key, edit_set_list, quoted_items, verify_list,
                   g_strdup_printf ("set_list (%s, [\"a: b\", \"#tag\", \"true\", \"- dash\", "
                                    "\"x, y\", \"[z]\", \"\"])", key));
      case_run (&c);
    }

  loaded_case (&l, &c, OP_ADD, "hanji_new_tags", edit_set_list, new_items, verify_list,
               g_strdup ("set_list (new key hanji_new_tags, [alpha, 베타])"));
  case_run (&c);
  loaded_case (&l, &c, OP_ADD, "hanji_new_empty_list", edit_set_list, empty_items, verify_list,
               g_strdup ("set_list (new key hanji_new_empty_list, [])"));
  case_run (&c);

  loaded_clear (&l);
}

static void
test_set_plain (gconstpointer data)
{
  Loaded l;
  Case c;

  loaded_init (&l, data);

  for (guint i = 0; i < hanji_front_matter_get_n_fields (l.fm); i++)
    {
      HanjiField *field = hanji_front_matter_get_field (l.fm, i);
      const char *key = hanji_field_get_key (field);

      if (!is_scalar_type (hanji_field_get_value_type (field)))
        continue;

      for (guint j = 0; j < G_N_ELEMENTS (plain_values); j++)
        {
          loaded_case (&l, &c, OP_SET, key, edit_set_plain, &plain_values[j], verify_plain,
                       g_strdup_printf ("set_plain (%s, \"%s\")", key, plain_values[j].text));
          case_run (&c);
        }
    }

  loaded_clear (&l);
}

static void
test_remove (gconstpointer data)
{
  Loaded l;
  Case c;

  loaded_init (&l, data);

  for (guint i = 0; i < hanji_front_matter_get_n_fields (l.fm); i++)
    {
      const char *key = hanji_field_get_key (hanji_front_matter_get_field (l.fm, i));

      loaded_case (&l, &c, OP_REMOVE, key, edit_remove, NULL, NULL,
                   g_strdup_printf ("remove (%s)", key));
      case_run (&c);
    }

  loaded_clear (&l);
}

static void
test_add_empty (gconstpointer data)
{
  Loaded l;
  Case c;

  loaded_init (&l, data);

  loaded_case (&l, &c, OP_ADD, "hanji_new_key", edit_add_empty, NULL, verify_empty,
               g_strdup ("add_empty (hanji_new_key)"));
  c.check_idempotent = FALSE;
  case_run (&c);

  loaded_case (&l, &c, OP_ADD, "새_키", edit_add_empty, NULL, verify_empty,
               g_strdup ("add_empty (새_키)"));
  c.check_idempotent = FALSE;
  case_run (&c);

  /* An existing key is refused. */
  if (hanji_front_matter_get_n_fields (l.fm) > 0)
    {
      const char *key = hanji_field_get_key (hanji_front_matter_get_field (l.fm, 0));

      loaded_case (&l, &c, OP_ADD, key, edit_add_empty, NULL, NULL,
                   g_strdup_printf ("add_empty (existing %s)", key));
      run_refusal (&c, NULL);
      g_free (c.what);
    }

  loaded_clear (&l);
}

/* A text without front matter gets a block from any setter. */
static void
test_create (gconstpointer data)
{
  static const gboolean yes = TRUE;
  g_autoptr(GTimeZone) kst = g_time_zone_new_offset (9 * 3600);
  g_autoptr(GDateTime) value = g_date_time_new (kst, 2024, 6, 1, 12, 0, 0);
  DateArg date = { value, TRUE };
  static const PlainCase weight = { "3", HANJI_VALUE_INT, "3" };
  Loaded l;
  Case c;

  loaded_init (&l, data);

  loaded_case (&l, &c, OP_CREATE, "title", edit_set_string, "한지 🎉: 첫 글", verify_string,
               g_strdup ("set_string (title, \"한지 🎉: 첫 글\")"));
  case_run (&c);
  loaded_case (&l, &c, OP_CREATE, "title", edit_set_string, "hello", verify_string,
               g_strdup ("set_string (title, \"hello\")"));
  case_run (&c);
  loaded_case (&l, &c, OP_CREATE, "draft", edit_set_boolean, &yes, verify_boolean,
               g_strdup ("set_boolean (draft, TRUE)"));
  case_run (&c);
  loaded_case (&l, &c, OP_CREATE, "date", edit_set_datetime, &date, verify_datetime,
               g_strdup ("set_datetime (date, 2024-06-01T12:00:00+09:00)"));
  case_run (&c);
  loaded_case (&l, &c, OP_CREATE, "tags", edit_set_list, new_items, verify_list,
               g_strdup ("set_list (tags, [alpha, 베타])"));
  case_run (&c);
  loaded_case (&l, &c, OP_CREATE, "weight", edit_set_plain, &weight, verify_plain,
               g_strdup ("set_plain (weight, \"3\")"));
  case_run (&c);

  /* The form's Add Field starts a block too. */
  loaded_case (&l, &c, OP_CREATE, "title", edit_add_empty, NULL, verify_empty,
               g_strdup ("add_empty (title)"));
  /* add_empty refuses a key that exists, by design. */
  c.check_idempotent = FALSE;
  case_run (&c);

  /* There is no field to remove. */
  loaded_case (&l, &c, OP_REMOVE, "title", edit_remove, NULL, NULL, g_strdup ("remove (title)"));
  run_refusal (&c, NULL);
  g_free (c.what);

  loaded_clear (&l);
}

/* Property v: a front matter that did not parse refuses every edit. */
static void
test_refuse (gconstpointer data)
{
  static const gboolean yes = TRUE;
  g_autoptr(GDateTime) now = g_date_time_new_utc (2024, 5, 18, 23, 37, 0);
  DateArg date = { now, TRUE };
  static const PlainCase plain = { "true", HANJI_VALUE_BOOL, "true" };
  Loaded l;
  Case c;
  const GError *expected;
  struct
  {
    const char   *what;
    EditFunc      func;
    gconstpointer arg;
  } calls[] = {
    { "set_string", edit_set_string, "x" },
    { "set_boolean", edit_set_boolean, &yes },
    { "set_datetime", edit_set_datetime, &date },
    { "set_list", edit_set_list, new_items },
    { "set_plain", edit_set_plain, &plain },
    { "add_empty", edit_add_empty, NULL },
    { "remove", edit_remove, NULL },
  };
  const char *keys[] = { "title", "hanji_missing" };

  loaded_init (&l, data);
  expected = hanji_front_matter_get_error (l.fm);
  g_assert_nonnull (expected);
  if (expected == NULL)
    {
      loaded_clear (&l);
      return;
    }

  for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
    for (guint i = 0; i < G_N_ELEMENTS (calls); i++)
      {
        loaded_case (&l, &c, OP_SET, keys[k], calls[i].func, calls[i].arg, NULL,
                     g_strdup_printf ("%s (%s)", calls[i].what, keys[k]));
        run_refusal (&c, expected);
        g_free (c.what);
      }

  loaded_clear (&l);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  /* Dates without a zone are local time; a fixed zone away from UTC
   * makes every conversion show. */
  g_setenv ("TZ", "KST-9", TRUE);

  /* Failure messages quote Korean text; keep it readable in the log. */
  setlocale (LC_ALL, "");
  if (!g_get_charset (NULL))
    setlocale (LC_ALL, "C.UTF-8");

  g_test_init (&argc, &argv, NULL);
  /* One broken fixture must not hide the others' results. */
  g_test_set_nonfatal_assertions ();

  path = g_test_build_filename (G_TEST_DIST, "fixtures", "corpus", NULL);
  dir = g_dir_open (path, 0, &error);
  g_assert_no_error (error);

  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".md"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  fixtures = g_ptr_array_new_with_free_func ((GDestroyNotify) fixture_free);

  g_test_add_func ("/corpus/count", test_count);

  for (guint i = 0; i < names->len; i++)
    {
      Fixture *fixture = g_new0 (Fixture, 1);
      g_autofree char *base = NULL;
      struct
      {
        const char *test;
        GTestDataFunc func;
        gboolean valid, empty, none, refused;
      } tests[] = {
        { "parse", test_parse, TRUE, TRUE, TRUE, TRUE },
        { "noop", test_noop, TRUE, FALSE, FALSE, FALSE },
        { "set-string", test_set_string, TRUE, TRUE, FALSE, FALSE },
        { "set-boolean", test_set_boolean, TRUE, TRUE, FALSE, FALSE },
        { "set-datetime", test_set_datetime, TRUE, TRUE, FALSE, FALSE },
        { "set-list", test_set_list, TRUE, TRUE, FALSE, FALSE },
        { "set-plain", test_set_plain, TRUE, FALSE, FALSE, FALSE },
        { "remove", test_remove, TRUE, FALSE, FALSE, FALSE },
        { "add-empty", test_add_empty, TRUE, TRUE, FALSE, FALSE },
        { "create", test_create, FALSE, FALSE, TRUE, FALSE },
        { "refuse", test_refuse, FALSE, FALSE, FALSE, TRUE },
      };

      fixture->name = g_strdup (names->pdata[i]);
      fixture->path = g_build_filename (path, fixture->name, NULL);
      fixture->category = category_for_name (fixture->name);
      g_ptr_array_add (fixtures, fixture);
      base = g_strndup (fixture->name, strlen (fixture->name) - 3);

      for (guint t = 0; t < G_N_ELEMENTS (tests); t++)
        {
          gboolean wanted;
          g_autofree char *test_path = NULL;

          switch (fixture->category)
            {
            case CATEGORY_VALID:
              wanted = tests[t].valid;
              break;
            case CATEGORY_EMPTY:
              wanted = tests[t].empty;
              break;
            case CATEGORY_NONE:
              wanted = tests[t].none;
              break;
            case CATEGORY_READONLY:
            case CATEGORY_UNTERMINATED:
            case CATEGORY_INVALID:
            default:
              wanted = tests[t].refused;
              break;
            }

          if (!wanted)
            continue;

          test_path = g_strdup_printf ("/corpus/%s/%s", tests[t].test, base);
          g_test_add_data_func (test_path, fixture, tests[t].func);
        }
    }

  return g_test_run ();
}
