/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hanji-front-matter"

#include "config.h"

#include <string.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <yaml.h>

#include "hanji-core-private.h"
#include "hanji-front-matter-edit.h"

/* How an edit is made: every edit replaces bytes inside the edited field's
 * own lines (or inserts a new field before the closing delimiter), and is
 * then checked by parsing the result. A candidate that would read back as
 * anything but the intended value, or that would change any other field,
 * is dropped for the next, plainer one (ultimately a double-quoted
 * scalar), so a clever layout can never cost the writer their text. */

void
hanji_text_edit_free (HanjiTextEdit *edit)
{
  if (edit == NULL)
    return;

  g_free (edit->text);
  g_free (edit);
}

char *
hanji_text_edit_apply (const HanjiTextEdit *edit,
                       const char          *text,
                       gssize               len)
{
  GString *out;
  gsize ulen;

  g_return_val_if_fail (edit != NULL, NULL);
  g_return_val_if_fail (text != NULL || len == 0, NULL);

  if (text == NULL)
    text = "";
  ulen = len < 0 ? strlen (text) : (gsize) len;
  g_return_val_if_fail (edit->offset <= ulen && edit->length <= ulen - edit->offset, NULL);

  out = g_string_sized_new (ulen + strlen (edit->text));
  g_string_append_len (out, text, edit->offset);
  g_string_append (out, edit->text);
  g_string_append_len (out, text + edit->offset + edit->length,
                       ulen - edit->offset - edit->length);

  return g_string_free (out, FALSE);
}

static HanjiTextEdit *
text_edit_new (gsize  offset,
               gsize  length,
               char  *text)
{
  HanjiTextEdit *edit = g_new0 (HanjiTextEdit, 1);

  edit->offset = offset;
  edit->length = length;
  edit->text = text;

  return edit;
}

/* Source layout --------------------------------------------------------- */

static gsize
line_start (const char *text,
            gsize       pos)
{
  while (pos > 0 && text[pos - 1] != '\n')
    pos--;
  return pos;
}

/* The end of the line's content: its '\r\n' or '\n', or the end. */
static gsize
line_end (const char *text,
          gsize       len,
          gsize       pos)
{
  const char *nl = memchr (text + pos, '\n', len - pos);

  if (nl == NULL)
    return len;
  if (nl > text + pos && nl[-1] == '\r')
    return nl - text - 1;
  return nl - text;
}

/* The start of the next line (or the end). */
static gsize
line_next (const char *text,
           gsize       len,
           gsize       pos)
{
  const char *nl = memchr (text + pos, '\n', len - pos);

  return nl == NULL ? len : (gsize) (nl - text) + 1;
}

static gsize
value_end (HanjiField *field)
{
  return field->value_offset + field->value_length;
}

static gsize
key_column (HanjiFrontMatter *self,
            HanjiField       *field)
{
  return field->key_offset - line_start (self->text, field->key_offset);
}

/* Just past the ':' that follows the key. */
static gsize
colon_end (HanjiFrontMatter *self,
           HanjiField       *field)
{
  gsize pos = field->key_offset + field->key_length;

  /* Never past the value: an explicit `? key` has no colon, and YAML
   * also breaks lines at a lone CR. */
  while (pos < field->value_offset && self->text[pos] != ':' && self->text[pos] != '\n')
    pos++;
  if (pos < field->value_offset && self->text[pos] == ':')
    pos++;

  return pos;
}

/* Just past the anchor and tag written before a value (`&b `, `!!str `),
 * and the blanks after them, on the same line. */
static gsize
value_body_start (HanjiFrontMatter *self,
                  HanjiField       *field)
{
  const char *text = self->text;
  gsize pos = field->value_offset;
  gsize end = value_end (field);

  while (pos < end && (text[pos] == '&' || text[pos] == '!'))
    {
      while (pos < end && !g_ascii_isspace (text[pos]))
        pos++;
      while (pos < end && (text[pos] == ' ' || text[pos] == '\t'))
        pos++;
    }

  return pos;
}

/* The value's anchor, followed by a space, or "": aliases elsewhere in
 * the block refer to it, so it stays when the value changes. A tag goes
 * (`!!int` cannot carry a new string). */
static char *
value_anchor (HanjiFrontMatter *self,
              HanjiField       *field)
{
  const char *text = self->text;
  gsize pos = field->value_offset;
  gsize end = value_body_start (self, field);

  while (pos < end)
    {
      gsize token = pos;

      while (pos < end && !g_ascii_isspace (text[pos]))
        pos++;
      if (text[token] == '&')
        return g_strdup_printf ("%.*s ", (int) (pos - token), text + token);
      while (pos < end && g_ascii_isspace (text[pos]))
        pos++;
    }

  return g_strdup ("");
}

/* The block keeps the line ending it was written with, and a new block
 * takes the one of the rest of the file. */
static const char *
newline_of (HanjiFrontMatter *self)
{
  const char *text = self->text;
  gsize start = self->split.block_start;
  const char *nl = memchr (text + start, '\n', self->text_len - start);

  if (nl != NULL && nl > text + start && nl[-1] == '\r')
    return "\r\n";
  return "\n";
}

/* "\n" → the block's line ending, and every line after the first indented
 * by @indent more columns. */
static char *
adapt_lines (const char *s,
             const char *nl,
             gsize       indent)
{
  GString *out = g_string_new (NULL);

  for (; *s != '\0'; s++)
    {
      if (*s != '\n')
        {
          g_string_append_c (out, *s);
          continue;
        }

      g_string_append (out, nl);
      if (s[1] != '\n' && s[1] != '\0')
        for (gsize i = 0; i < indent; i++)
          g_string_append_c (out, ' ');
    }

  return g_string_free (out, FALSE);
}

/* Emitting scalars ------------------------------------------------------ */

typedef enum
{
  CONTEXT_VALUE,       /* `k: <value>` */
  CONTEXT_KEY,         /* `<key>: v` */
  CONTEXT_FLOW_ITEM,   /* `[<item>]` */
  CONTEXT_BLOCK_ITEM,  /* `- <item>` */
} EmitContext;

static int
write_to_string (void          *data,
                 unsigned char *buffer,
                 size_t         size)
{
  g_string_append_len (data, (const char *) buffer, size);
  return 1;
}

static gboolean
emit_plain (yaml_emitter_t *emitter,
            const char     *s)
{
  yaml_event_t event;

  yaml_scalar_event_initialize (&event, NULL, NULL, (yaml_char_t *) s, strlen (s),
                                1, 1, YAML_PLAIN_SCALAR_STYLE);
  return yaml_emitter_emit (emitter, &event);
}

static char *emit_scalar_bmp (const char          *value,
                              yaml_scalar_style_t  style,
                              EmitContext          context);

/* libyaml 0.2.5 takes characters beyond U+FFFF (emoji) for unprintable
 * and escapes them as `\U0001F389`, though YAML allows them anywhere. So
 * each one stands in as a private-use character while libyaml decides the
 * quoting, which treats both alike, and goes back afterwards. */
static char *
emit_scalar (const char          *value,
             yaml_scalar_style_t  style,
             EmitContext          context)
{
  g_autoptr(GString) bmp = NULL;
  g_autoptr(GPtrArray) astral = NULL;
  g_autofree char *emitted = NULL;
  gunichar stand_in = 0xE000;
  char stand_in_utf8[8] = { 0 };
  GString *out;
  const char *p;
  guint n = 0;

  if (!g_utf8_validate (value, -1, NULL))
    return NULL;

  for (p = value; *p != '\0'; p = g_utf8_next_char (p))
    if (g_utf8_get_char (p) > 0xFFFF)
      break;
  if (*p == '\0')
    return emit_scalar_bmp (value, style, context);

  while (stand_in < 0xF8FF && g_utf8_strchr (value, -1, stand_in) != NULL)
    stand_in++;
  g_unichar_to_utf8 (stand_in, stand_in_utf8);

  bmp = g_string_new (NULL);
  astral = g_ptr_array_new_with_free_func (g_free);
  for (p = value; *p != '\0'; p = g_utf8_next_char (p))
    {
      const char *next = g_utf8_next_char (p);

      if (g_utf8_get_char (p) > 0xFFFF)
        {
          g_ptr_array_add (astral, g_strndup (p, next - p));
          g_string_append (bmp, stand_in_utf8);
        }
      else
        g_string_append_len (bmp, p, next - p);
    }

  emitted = emit_scalar_bmp (bmp->str, style, context);
  if (emitted == NULL)
    return NULL;

  out = g_string_new (NULL);
  for (p = emitted; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (g_str_has_prefix (p, stand_in_utf8) && n < astral->len)
        g_string_append (out, g_ptr_array_index (astral, n++));
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }

  if (n != astral->len)
    {
      g_string_free (out, TRUE);
      return NULL;
    }

  return g_string_free (out, FALSE);
}

/* libyaml decides whether @value can be written in @style (and falls back
 * to a style that can carry it); we only cut its scalar out of a tiny
 * document built around it. NULL when libyaml refuses the value. */
static char *
emit_scalar_bmp (const char          *value,
                 yaml_scalar_style_t  style,
                 EmitContext          context)
{
  g_autoptr(GString) out = g_string_new (NULL);
  yaml_emitter_t emitter;
  yaml_event_t event;
  gboolean ok = TRUE;
  const char *prefix = NULL;
  const char *suffix = NULL;

  if (!g_utf8_validate (value, -1, NULL))
    return NULL;

  yaml_emitter_initialize (&emitter);
  yaml_emitter_set_output (&emitter, write_to_string, out);
  yaml_emitter_set_unicode (&emitter, 1);
  /* Never wrap: a long title stays on its line. */
  yaml_emitter_set_width (&emitter, -1);
  yaml_emitter_set_indent (&emitter, 2);
  yaml_emitter_set_break (&emitter, YAML_LN_BREAK);

  yaml_stream_start_event_initialize (&event, YAML_UTF8_ENCODING);
  ok = ok && yaml_emitter_emit (&emitter, &event);
  yaml_document_start_event_initialize (&event, NULL, NULL, NULL, 1);
  ok = ok && yaml_emitter_emit (&emitter, &event);

  switch (context)
    {
    case CONTEXT_VALUE:
    case CONTEXT_KEY:
      yaml_mapping_start_event_initialize (&event, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE);
      break;
    case CONTEXT_FLOW_ITEM:
      yaml_sequence_start_event_initialize (&event, NULL, NULL, 1, YAML_FLOW_SEQUENCE_STYLE);
      break;
    case CONTEXT_BLOCK_ITEM:
    default:
      yaml_sequence_start_event_initialize (&event, NULL, NULL, 1, YAML_BLOCK_SEQUENCE_STYLE);
      break;
    }
  ok = ok && yaml_emitter_emit (&emitter, &event);

  if (context == CONTEXT_VALUE)
    ok = ok && emit_plain (&emitter, "k");

  yaml_scalar_event_initialize (&event, NULL, NULL, (yaml_char_t *) value, strlen (value),
                                1, 1, style);
  ok = ok && yaml_emitter_emit (&emitter, &event);

  if (context == CONTEXT_KEY)
    {
      ok = ok && emit_plain (&emitter, "v");
      yaml_mapping_end_event_initialize (&event);
    }
  else if (context == CONTEXT_VALUE)
    yaml_mapping_end_event_initialize (&event);
  else
    yaml_sequence_end_event_initialize (&event);
  ok = ok && yaml_emitter_emit (&emitter, &event);

  yaml_document_end_event_initialize (&event, 1);
  ok = ok && yaml_emitter_emit (&emitter, &event);
  yaml_stream_end_event_initialize (&event);
  ok = ok && yaml_emitter_emit (&emitter, &event);
  yaml_emitter_delete (&emitter);

  if (!ok)
    return NULL;

  /* Document markers are libyaml's, not the value's. */
  if (g_str_has_prefix (out->str, "--- "))
    g_string_erase (out, 0, 4);
  if (g_str_has_suffix (out->str, "...\n"))
    g_string_truncate (out, out->len - 4);
  if (g_str_has_suffix (out->str, "\n"))
    g_string_truncate (out, out->len - 1);

  switch (context)
    {
    case CONTEXT_VALUE:
      prefix = "k:";
      break;
    case CONTEXT_KEY:
      suffix = ": v";
      break;
    case CONTEXT_FLOW_ITEM:
      prefix = "[";
      suffix = "]";
      break;
    case CONTEXT_BLOCK_ITEM:
    default:
      prefix = "-";
      break;
    }

  if (prefix != NULL)
    {
      if (!g_str_has_prefix (out->str, prefix))
        return NULL;
      g_string_erase (out, 0, strlen (prefix));
      if (context != CONTEXT_FLOW_ITEM && out->str[0] == ' ')
        g_string_erase (out, 0, 1);
    }

  if (suffix != NULL)
    {
      if (!g_str_has_suffix (out->str, suffix))
        return NULL;
      g_string_truncate (out, out->len - strlen (suffix));
    }

  if (out->len == 0 || (context != CONTEXT_VALUE && strchr (out->str, '\n') != NULL))
    return NULL;

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Plain if the value reads back as this very string, quoted otherwise:
 * libyaml knows which characters need quotes, our resolver knows which
 * plain words mean something else (`true`, `42`, `2024-05-18`, ``). */
static char *
emit_string (const char          *value,
             yaml_scalar_style_t  style,
             EmitContext          context)
{
  if (style == YAML_PLAIN_SCALAR_STYLE &&
      _hanji_resolve_plain (value) != HANJI_VALUE_STRING)
    style = YAML_DOUBLE_QUOTED_SCALAR_STYLE;

  if (style == YAML_SINGLE_QUOTED_SCALAR_STYLE && strchr (value, '\n') != NULL)
    style = YAML_DOUBLE_QUOTED_SCALAR_STYLE;

  return emit_scalar (value, style, context);
}

/* Checking an edit ------------------------------------------------------ */

typedef struct
{
  const char          *key;
  gboolean             removed;
  HanjiValueType       type;
  const char          *text;   /* hanji_field_get_text(), NULL: not checked */
  const char * const  *items;  /* for LIST */
} Expect;

static gboolean
same_value_source (HanjiFrontMatter *a,
                   HanjiField       *fa,
                   HanjiFrontMatter *b,
                   HanjiField       *fb)
{
  return fa->value_length == fb->value_length &&
         memcmp (a->text + fa->value_offset, b->text + fb->value_offset,
                 fa->value_length) == 0 &&
         fa->type == fb->type;
}

static gboolean
edit_reads_back (HanjiFrontMatter    *self,
                 const HanjiTextEdit *edit,
                 const Expect        *expect)
{
  g_autofree char *result = hanji_text_edit_apply (edit, self->text, self->text_len);
  g_autoptr(HanjiFrontMatter) after = hanji_front_matter_parse (result, -1);
  HanjiField *field;
  guint j = 0;

  if (after->error != NULL || after->split.kind != HANJI_FRONT_MATTER_YAML)
    return FALSE;

  /* Every other field is still there, in order, with the same text. */
  for (guint i = 0; i < self->fields->len; i++)
    {
      HanjiField *old = g_ptr_array_index (self->fields, i);
      HanjiField *now;

      if (g_str_equal (old->key, expect->key))
        {
          if (!expect->removed)
            j++;
          continue;
        }

      if (j >= after->fields->len)
        return FALSE;
      now = g_ptr_array_index (after->fields, j++);
      if (!g_str_equal (old->key, now->key) ||
          !same_value_source (self, old, after, now))
        return FALSE;
    }

  field = hanji_front_matter_lookup (after, expect->key);

  if (expect->removed)
    return field == NULL && j == after->fields->len;

  if (field == NULL || field->type != expect->type ||
      after->fields->len != j + (hanji_front_matter_lookup (self, expect->key) == NULL))
    return FALSE;

  if (expect->text != NULL &&
      g_strcmp0 (hanji_field_get_text (field), expect->text) != 0)
    return FALSE;

  if (expect->type == HANJI_VALUE_LIST)
    {
      const char * const *items = hanji_field_get_items (field);
      guint n = expect->items != NULL ? g_strv_length ((char **) expect->items) : 0;

      if (items == NULL || g_strv_length ((char **) items) != n)
        return FALSE;
      for (guint i = 0; i < n; i++)
        if (!g_str_equal (items[i], expect->items[i]))
          return FALSE;
    }

  return TRUE;
}

/* An edit that changes nothing, when the field already holds the value:
 * setting a field to what it reads as must never restyle it. */
static HanjiTextEdit *
unchanged_edit (HanjiFrontMatter *self,
                const Expect     *expect)
{
  HanjiField *field = hanji_front_matter_lookup (self, expect->key);

  if (field == NULL || expect->removed || field->type != expect->type)
    return NULL;

  if (expect->text != NULL && !g_str_equal (hanji_field_get_text (field), expect->text))
    return NULL;

  if (expect->type == HANJI_VALUE_LIST)
    {
      const char * const *items = hanji_field_get_items (field);
      guint n = g_strv_length ((char **) expect->items);

      if (items == NULL || g_strv_length ((char **) items) != n)
        return NULL;
      for (guint i = 0; i < n; i++)
        if (!g_str_equal (items[i], expect->items[i]))
          return NULL;
    }

  return text_edit_new (field->value_offset, field->value_length,
                        g_strndup (self->text + field->value_offset, field->value_length));
}

/* Takes @text; returns the edit when it reads back as expected. */
static HanjiTextEdit *
try_edit (HanjiFrontMatter *self,
          gsize             offset,
          gsize             length,
          char             *text,
          const Expect     *expect)
{
  g_autoptr(HanjiTextEdit) edit = NULL;

  if (text == NULL)
    return NULL;

  if (offset > self->text_len || length > self->text_len - offset)
    {
      g_free (text);
      return NULL;
    }

  edit = text_edit_new (offset, length, text);

  if (!edit_reads_back (self, edit, expect))
    {
      g_debug ("edit of “%s” rejected: “%s”", expect->key, edit->text);
      return NULL;
    }

  return g_steal_pointer (&edit);
}

static gboolean
check_editable (HanjiFrontMatter  *self,
                gboolean           allow_none,
                GError           **error)
{
  if (self->error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->error));
      return FALSE;
    }

  if (self->split.kind == HANJI_FRONT_MATTER_NONE && !allow_none)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("the post has no front matter"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_key (const char  *key,
           GError     **error)
{
  if (key[0] == '\0' || strpbrk (key, "\r\n") != NULL || !g_utf8_validate (key, -1, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” cannot be a front matter key"), key);
      return FALSE;
    }

  return TRUE;
}

static void
set_unwritable_error (GError     **error,
                      const char  *key)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
               _("could not write the value of “%s” without changing other fields"), key);
}

/* Placing values -------------------------------------------------------- */

/* Replaces the value of an existing field with @value_text (a scalar or
 * a flow value; continuation lines already indented). */
static HanjiTextEdit *
try_replace_value (HanjiFrontMatter *self,
                   HanjiField       *field,
                   const char       *value_text,
                   const Expect     *expect)
{
  g_autofree char *adapted = NULL;
  g_autofree char *anchor = NULL;
  g_autofree char *lines = NULL;

  if (value_text == NULL)
    return NULL;

  anchor = value_anchor (self, field);
  lines = adapt_lines (value_text, newline_of (self), key_column (self, field));
  adapted = g_strconcat (anchor, lines, NULL);

  switch (field->style)
    {
    case HANJI_STYLE_PLAIN:
    case HANJI_STYLE_SINGLE_QUOTED:
    case HANJI_STYLE_DOUBLE_QUOTED:
    case HANJI_STYLE_LITERAL:
    case HANJI_STYLE_FOLDED:
      if (field->value_length > 0)
        return try_edit (self, field->value_offset, field->value_length,
                         g_steal_pointer (&adapted), expect);
      /* `key:` — a single space, then the value */
      return try_edit (self, field->value_offset, 0,
                       g_strconcat (" ", adapted, NULL), expect);

    case HANJI_STYLE_BLOCK_COLLECTION:
    case HANJI_STYLE_FLOW_COLLECTION:
    case HANJI_STYLE_ALIAS:
    default:
      {
        gsize start = colon_end (self, field);

        return try_edit (self, start, value_end (field) - start,
                         g_strconcat (" ", adapted, NULL), expect);
      }
    }
}

/* Where a new field goes: right before the closing delimiter, so that it
 * follows everything the writer put in the block, comments included. */
static HanjiTextEdit *
try_append_field (HanjiFrontMatter *self,
                  const char       *key,
                  const char       *value_text,
                  gboolean          value_on_next_lines,
                  const Expect     *expect)
{
  const char *nl = newline_of (self);
  g_autofree char *key_text = NULL;
  g_autofree char *adapted = NULL;
  g_autofree char *indent = NULL;
  gsize column = 0;

  key_text = emit_string (key, YAML_PLAIN_SCALAR_STYLE, CONTEXT_KEY);
  if (key_text == NULL)
    return NULL;

  if (self->fields->len > 0)
    column = key_column (self, g_ptr_array_index (self->fields, 0));
  indent = g_strnfill (column, ' ');

  if (value_text != NULL)
    adapted = adapt_lines (value_text, nl, column);

  if (self->split.kind == HANJI_FRONT_MATTER_NONE)
    return try_edit (self, self->split.block_start, 0,
                     g_strconcat ("---", nl, key_text, ":",
                                  adapted == NULL ? "" : value_on_next_lines ? "" : " ",
                                  adapted == NULL ? "" : adapted,
                                  nl, "---", nl, NULL),
                     expect);

  return try_edit (self, self->split.content_end, 0,
                   g_strconcat (indent, key_text, ":",
                                adapted == NULL ? "" : value_on_next_lines ? "" : " ",
                                adapted == NULL ? "" : adapted,
                                nl, NULL),
                   expect);
}

/* Block scalars --------------------------------------------------------- */

typedef struct
{
  char  indicator;   /* '|' or '>' */
  int   indent_digit;
  char  chomp;       /* '-', '+' or 0 (clip) */
  gsize header_end;  /* offset just past the indicators */
} BlockHeader;

static gboolean
read_block_header (const char  *text,
                   gsize        pos,
                   BlockHeader *header)
{
  memset (header, 0, sizeof *header);

  if (text[pos] != '|' && text[pos] != '>')
    return FALSE;
  header->indicator = text[pos++];

  for (guint i = 0; i < 2; i++)
    {
      if (text[pos] >= '1' && text[pos] <= '9' && header->indent_digit == 0)
        header->indent_digit = text[pos++] - '0';
      else if ((text[pos] == '-' || text[pos] == '+') && header->chomp == 0)
        header->chomp = text[pos++];
    }

  header->header_end = pos;
  return TRUE;
}

/* Folded scalars join single line breaks with a space, so a break of the
 * value is written as an empty line between ordinary lines; lines that
 * start with white space keep their breaks as they are. */
static void
append_folded_lines (GString     *out,
                     char       **lines,
                     const char  *nl,
                     const char  *indent)
{
  int prev = -1;

  for (int i = 0; lines[i] != NULL; i++)
    {
      if (lines[i][0] == '\0')
        continue;

      if (prev < 0)
        for (int k = 0; k <= i; k++)
          g_string_append (out, nl);
      else
        {
          int breaks = i - prev;
          gboolean ordinary = lines[i][0] != ' ' && lines[i][0] != '\t' &&
                              lines[prev][0] != ' ' && lines[prev][0] != '\t';

          if (ordinary)
            breaks++;
          for (int k = 0; k < breaks; k++)
            g_string_append (out, nl);
        }

      g_string_append (out, indent);
      g_string_append (out, lines[i]);
      prev = i;
    }
}

/* The value in the field's own `|`/`>` style: header (chomping adjusted to
 * the value's trailing line breaks), the comment after it, the same
 * indentation. NULL when the style cannot carry the value. */
static char *
build_block_scalar (HanjiFrontMatter *self,
                    HanjiField       *field,
                    const char       *value)
{
  const char *text = self->text;
  const char *nl = newline_of (self);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *body = NULL;
  g_autofree char *indent = NULL;
  g_auto(GStrv) lines = NULL;
  BlockHeader header;
  gsize header_line_end;
  gsize column = key_column (self, field);
  gsize indent_width = 0;
  gsize body_len;
  guint trailing = 0;
  char chomp;

  g_autofree char *anchor = value_anchor (self, field);

  if (!read_block_header (text, value_body_start (self, field), &header))
    return NULL;

  for (const char *p = value; *p != '\0'; p++)
    if ((guchar) *p < 0x20 && *p != '\n' && *p != '\t')
      return NULL;

  header_line_end = line_end (text, self->text_len, header.header_end);

  if (header.indent_digit > 0)
    indent_width = column + header.indent_digit;
  else
    {
      gsize pos = line_next (text, self->text_len, header.header_end);

      while (pos < value_end (field))
        {
          gsize spaces = 0;

          while (text[pos + spaces] == ' ')
            spaces++;
          if (text[pos + spaces] != '\n' && text[pos + spaces] != '\r')
            {
              indent_width = spaces;
              break;
            }
          pos = line_next (text, self->text_len, pos);
        }

      if (indent_width <= column)
        indent_width = column + 2;
    }
  indent = g_strnfill (indent_width, ' ');

  body_len = strlen (value);
  while (body_len > 0 && value[body_len - 1] == '\n')
    {
      body_len--;
      trailing++;
    }
  body = g_strndup (value, body_len);
  chomp = trailing == 0 ? '-' : trailing == 1 ? 0 : '+';

  /* Auto-detected indentation cannot start with a space. */
  if (header.indent_digit == 0 && (body[0] == ' ' || body[0] == '\t'))
    header.indent_digit = indent_width - column;
  if (header.indent_digit > 9)
    return NULL;

  g_string_append (out, anchor);
  g_string_append_c (out, header.indicator);
  if (header.indent_digit > 0)
    g_string_append_printf (out, "%d", header.indent_digit);
  if (chomp != 0)
    g_string_append_c (out, chomp);
  g_string_append_len (out, text + header.header_end, header_line_end - header.header_end);

  lines = g_strsplit (body, "\n", -1);

  if (body[0] == '\0')
    ;
  else if (header.indicator == '>')
    append_folded_lines (out, lines, nl, indent);
  else
    for (guint i = 0; lines[i] != NULL; i++)
      {
        g_string_append (out, nl);
        if (lines[i][0] != '\0')
          {
            g_string_append (out, indent);
            g_string_append (out, lines[i]);
          }
      }

  for (guint i = 1; i < trailing; i++)
    g_string_append (out, nl);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static yaml_scalar_style_t
preferred_style (HanjiField *field,
                 const char *value)
{
  gboolean multiline = strchr (value, '\n') != NULL;

  /* A multi-line value in a one-line field becomes a literal block (it
   * reads like the text the writer typed); a double-quoted field stays
   * double-quoted, with `\n` escapes. libyaml falls back to double quotes
   * when a literal block cannot carry the value. */
  switch (field != NULL ? field->style : HANJI_STYLE_PLAIN)
    {
    case HANJI_STYLE_DOUBLE_QUOTED:
      return YAML_DOUBLE_QUOTED_SCALAR_STYLE;
    case HANJI_STYLE_SINGLE_QUOTED:
      return multiline ? YAML_LITERAL_SCALAR_STYLE : YAML_SINGLE_QUOTED_SCALAR_STYLE;
    case HANJI_STYLE_LITERAL:
    case HANJI_STYLE_FOLDED:
    case HANJI_STYLE_PLAIN:
    case HANJI_STYLE_BLOCK_COLLECTION:
    case HANJI_STYLE_FLOW_COLLECTION:
    case HANJI_STYLE_ALIAS:
    default:
      return multiline ? YAML_LITERAL_SCALAR_STYLE : YAML_PLAIN_SCALAR_STYLE;
    }
}

/* Public API ------------------------------------------------------------ */

static HanjiTextEdit *
set_string_full (HanjiFrontMatter  *self,
                 const char        *key,
                 const char        *value,
                 const Expect      *expect,
                 GError           **error)
{
  HanjiField *field = hanji_front_matter_lookup (self, key);
  HanjiTextEdit *edit = NULL;
  yaml_scalar_style_t style = preferred_style (field, value);

  if ((edit = unchanged_edit (self, expect)) != NULL)
    return edit;

  if (field == NULL)
    {
      g_autofree char *v = emit_string (value, style, CONTEXT_VALUE);

      edit = try_append_field (self, key, v, FALSE, expect);
      if (edit == NULL)
        {
          g_clear_pointer (&v, g_free);
          v = emit_string (value, YAML_DOUBLE_QUOTED_SCALAR_STYLE, CONTEXT_VALUE);
          edit = try_append_field (self, key, v, FALSE, expect);
        }
    }
  else
    {
      if (field->style == HANJI_STYLE_LITERAL || field->style == HANJI_STYLE_FOLDED)
        {
          char *block = build_block_scalar (self, field, value);

          if (block != NULL)
            edit = try_edit (self, field->value_offset, field->value_length, block, expect);
        }

      if (edit == NULL)
        {
          g_autofree char *v = emit_string (value, style, CONTEXT_VALUE);

          edit = try_replace_value (self, field, v, expect);
        }

      if (edit == NULL)
        {
          g_autofree char *v = emit_string (value, YAML_DOUBLE_QUOTED_SCALAR_STYLE,
                                            CONTEXT_VALUE);

          edit = try_replace_value (self, field, v, expect);
        }
    }

  if (edit == NULL)
    set_unwritable_error (error, key);

  return edit;
}

HanjiTextEdit *
hanji_front_matter_set_string (HanjiFrontMatter  *self,
                               const char        *key,
                               const char        *value,
                               GError           **error)
{
  Expect expect = { key, FALSE, HANJI_VALUE_STRING, value, NULL };

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (value != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_editable (self, TRUE, error) || !check_key (key, error))
    return NULL;

  return set_string_full (self, key, value, &expect, error);
}

/* Writes @token (a plain scalar of a known type) as the value. */
static HanjiTextEdit *
set_token (HanjiFrontMatter  *self,
           const char        *key,
           const char        *token,
           const Expect      *expect,
           GError           **error)
{
  HanjiField *field = hanji_front_matter_lookup (self, key);
  HanjiTextEdit *edit;

  if ((edit = unchanged_edit (self, expect)) != NULL)
    return edit;

  if (field == NULL)
    edit = try_append_field (self, key, token[0] != '\0' ? token : NULL, FALSE, expect);
  else if (token[0] == '\0')
    {
      /* An empty value is `key:`, without a trailing space. */
      gsize start = colon_end (self, field);

      edit = try_edit (self, start, value_end (field) - start, g_strdup (""), expect);
    }
  else
    edit = try_replace_value (self, field, token, expect);

  if (edit == NULL)
    set_unwritable_error (error, key);

  return edit;
}

HanjiTextEdit *
hanji_front_matter_set_boolean (HanjiFrontMatter  *self,
                                const char        *key,
                                gboolean           value,
                                GError           **error)
{
  const char *token = value ? "true" : "false";
  Expect expect = { key, FALSE, HANJI_VALUE_BOOL, token, NULL };

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_editable (self, TRUE, error) || !check_key (key, error))
    return NULL;

  return set_token (self, key, token, &expect, error);
}

HanjiTextEdit *
hanji_front_matter_set_plain (HanjiFrontMatter  *self,
                              const char        *key,
                              const char        *text,
                              GError           **error)
{
  HanjiValueType type;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_editable (self, TRUE, error) || !check_key (key, error))
    return NULL;

  type = _hanji_resolve_plain (text);

  if (type == HANJI_VALUE_STRING)
    {
      Expect expect = { key, FALSE, HANJI_VALUE_STRING, text, NULL };

      return set_string_full (self, key, text, &expect, error);
    }
  else
    {
      Expect expect = { key, FALSE, type, type == HANJI_VALUE_NULL ? "" : text, NULL };

      return set_token (self, key, text, &expect, error);
    }
}

HanjiTextEdit *
hanji_front_matter_add_empty (HanjiFrontMatter  *self,
                              const char        *key,
                              GError           **error)
{
  Expect expect = { key, FALSE, HANJI_VALUE_NULL, "", NULL };
  HanjiTextEdit *edit;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* A post without front matter gets one: the form's Add Field is how a
   * writer starts it. */
  if (!check_editable (self, TRUE, error) || !check_key (key, error))
    return NULL;

  if (hanji_front_matter_lookup (self, key) != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("the front matter already has a field “%s”"), key);
      return NULL;
    }

  edit = try_append_field (self, key, NULL, FALSE, &expect);
  if (edit == NULL)
    set_unwritable_error (error, key);

  return edit;
}

HanjiTextEdit *
hanji_front_matter_remove (HanjiFrontMatter  *self,
                           const char        *key,
                           GError           **error)
{
  Expect expect = { key, TRUE, HANJI_VALUE_NULL, NULL, NULL };
  HanjiField *field;
  HanjiTextEdit *edit;
  gsize start, end;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_editable (self, TRUE, error))
    return NULL;

  field = hanji_front_matter_lookup (self, key);
  if (field == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("the front matter has no field “%s”"), key);
      return NULL;
    }

  /* From the start of the key's line to the end of the value's last
   * line: the comment on that line goes, the comments above stay. */
  start = line_start (self->text, field->key_offset);
  end = line_next (self->text, self->text_len, MAX (value_end (field), colon_end (self, field)));
  end = MIN (end, self->split.content_end);

  edit = try_edit (self, start, end - start, g_strdup (""), &expect);
  if (edit == NULL)
    set_unwritable_error (error, key);

  return edit;
}

/* Lists ----------------------------------------------------------------- */

/* The source text of each wanted item: a kept item's own text, or a
 * newly emitted one. */
static GPtrArray *
list_item_texts (HanjiFrontMatter   *self,
                 HanjiField         *field,
                 const char * const *items,
                 EmitContext         context)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autofree gboolean *used = NULL;
  guint n_old = 0;

  if (field != NULL && field->type == HANJI_VALUE_LIST && field->item_spans != NULL)
    n_old = field->item_spans->len;
  used = g_new0 (gboolean, n_old + 1);

  for (guint i = 0; items[i] != NULL; i++)
    {
      char *text = NULL;

      for (guint j = 0; j < n_old && text == NULL; j++)
        if (!used[j] && g_str_equal (field->items[j], items[i]))
          {
            HanjiSpan *span = &g_array_index (field->item_spans, HanjiSpan, j);

            used[j] = TRUE;
            text = g_strndup (self->text + span->offset, span->length);
          }

      if (text == NULL)
        {
          /* One line per item: breaks inside an item are escaped. */
          yaml_scalar_style_t style = strpbrk (items[i], "\r\n") != NULL ?
                                      YAML_DOUBLE_QUOTED_SCALAR_STYLE :
                                      YAML_PLAIN_SCALAR_STYLE;

          text = emit_string (items[i], style, context);
          if (text == NULL)
            return NULL;
        }

      g_ptr_array_add (texts, text);
    }

  return g_steal_pointer (&texts);
}

static char *
flow_list_text (HanjiFrontMatter *self,
                HanjiField       *field,
                GPtrArray        *texts)
{
  const char *text = self->text;
  g_autofree char *prefix = NULL;
  g_autofree char *suffix = NULL;
  g_autofree char *separator = NULL;
  GArray *spans = field->item_spans;
  GString *out;

  if (texts->len == 0)
    return g_strdup ("[]");

  if (spans != NULL && spans->len > 0)
    {
      HanjiSpan *first = &g_array_index (spans, HanjiSpan, 0);
      HanjiSpan *last = &g_array_index (spans, HanjiSpan, spans->len - 1);

      gsize bracket = value_body_start (self, field);

      prefix = g_strndup (text + bracket + 1, first->offset - bracket - 1);
      suffix = g_strndup (text + last->offset + last->length,
                          value_end (field) - 1 - last->offset - last->length);
      if (spans->len > 1)
        {
          HanjiSpan *second = &g_array_index (spans, HanjiSpan, 1);

          separator = g_strndup (text + first->offset + first->length,
                                 second->offset - first->offset - first->length);
        }
    }

  out = g_string_new ("[");
  g_string_append (out, prefix != NULL ? prefix : "");
  for (guint i = 0; i < texts->len; i++)
    {
      if (i > 0)
        g_string_append (out, separator != NULL ? separator : ", ");
      g_string_append (out, g_ptr_array_index (texts, i));
    }
  g_string_append (out, suffix != NULL ? suffix : "");
  g_string_append_c (out, ']');

  return g_string_free (out, FALSE);
}

/* `  - ` as the first block list of the front matter writes it. */
static char *
block_item_prefix (HanjiFrontMatter *self,
                   HanjiField       *field)
{
  g_autofree char *indent = NULL;
  HanjiField *model = NULL;

  if (field != NULL && field->style == HANJI_STYLE_BLOCK_COLLECTION &&
      field->item_spans != NULL && field->item_spans->len > 0)
    model = field;

  for (guint i = 0; i < self->fields->len && model == NULL; i++)
    {
      HanjiField *f = g_ptr_array_index (self->fields, i);

      if (f->type == HANJI_VALUE_LIST && f->style == HANJI_STYLE_BLOCK_COLLECTION &&
          f->item_spans != NULL && f->item_spans->len > 0 &&
          (field == NULL || key_column (self, f) == key_column (self, field)))
        model = f;
    }

  if (model != NULL)
    {
      HanjiSpan *first = &g_array_index (model->item_spans, HanjiSpan, 0);
      gsize start = line_start (self->text, first->offset);
      const char *dash = memchr (self->text + start, '-', first->offset - start);

      /* Only the indentation and the dash with its spacing, not an
       * anchor or a tag of the first item. */
      if (dash != NULL)
        {
          gsize end = dash - self->text + 1;

          while (end < first->offset && self->text[end] == ' ')
            end++;
          return g_strndup (self->text + start, end - start);
        }
    }

  indent = g_strnfill ((field != NULL ? key_column (self, field) :
                        self->fields->len > 0 ?
                        key_column (self, g_ptr_array_index (self->fields, 0)) : 0) + 2,
                       ' ');
  return g_strconcat (indent, "- ", NULL);
}

static char *
block_lines (HanjiFrontMatter *self,
             HanjiField       *field,
             GPtrArray        *texts,
             const char * const *items)
{
  const char *nl = newline_of (self);
  g_autofree char *prefix = block_item_prefix (self, field);
  g_autofree gboolean *used = NULL;
  GString *out = g_string_new (NULL);
  guint n_old = 0;

  if (field != NULL && field->type == HANJI_VALUE_LIST &&
      field->style == HANJI_STYLE_BLOCK_COLLECTION && field->item_spans != NULL)
    n_old = field->item_spans->len;
  used = g_new0 (gboolean, n_old + 1);

  for (guint i = 0; i < texts->len; i++)
    {
      gboolean kept = FALSE;

      if (i > 0)
        g_string_append (out, nl);

      /* A kept item keeps its whole line, comment included. */
      for (guint j = 0; j < n_old && !kept; j++)
        if (!used[j] && g_str_equal (field->items[j], items[i]))
          {
            HanjiSpan *span = &g_array_index (field->item_spans, HanjiSpan, j);
            gsize start = line_start (self->text, span->offset);
            gsize end = line_end (self->text, self->text_len, span->offset + span->length);

            used[j] = kept = TRUE;
            g_string_append_len (out, self->text + start, end - start);
          }

      if (!kept)
        {
          g_string_append (out, prefix);
          g_string_append (out, g_ptr_array_index (texts, i));
        }
    }

  return g_string_free (out, FALSE);
}

/* The bytes of a block list item's own lines, its newline included. */
static void
block_item_lines (HanjiFrontMatter *self,
                  const HanjiSpan  *span,
                  gsize            *start,
                  gsize            *end)
{
  gsize e = line_end (self->text, self->text_len, span->offset + span->length);

  if (e < self->text_len && self->text[e] == '\r')
    e++;
  if (e < self->text_len && self->text[e] == '\n')
    e++;

  *start = line_start (self->text, span->offset);
  *end = e;
}

/* Removing items and appending new ones touches only those items' own
 * lines, so comment lines between the items that stay are kept. NULL
 * when the change is not of that kind (a reorder): the caller rewrites
 * the list instead. */
static HanjiTextEdit *
block_list_keep_edit (HanjiFrontMatter   *self,
                      HanjiField         *field,
                      const char * const *items,
                      GPtrArray          *texts,
                      const Expect       *expect)
{
  const char * const *old = hanji_field_get_items (field);
  guint n_old = field->item_spans->len;
  guint n_new = g_strv_length ((char **) items);
  g_autofree gboolean *kept = NULL;
  g_autofree char *prefix = NULL;
  gsize region_start = G_MAXSIZE;
  gsize region_end = 0;
  gsize last_start, last_end;
  guint next = 0;
  GString *s;

  if (old == NULL || g_strv_length ((char **) old) != n_old || texts->len != n_new)
    return NULL;

  /* The items that stay, in their order ... */
  kept = g_new0 (gboolean, n_old);
  for (guint i = 0; i < n_old && next < n_new; i++)
    if (g_str_equal (old[i], items[next]))
      {
        kept[i] = TRUE;
        next++;
      }

  /* ... and after them only new ones, not moved old ones. */
  for (guint k = next; k < n_new; k++)
    if (g_strv_contains (old, items[k]))
      return NULL;

  for (guint i = 0; i < n_old; i++)
    if (!kept[i])
      {
        gsize a, b;

        block_item_lines (self, &g_array_index (field->item_spans, HanjiSpan, i), &a, &b);
        region_start = MIN (region_start, a);
        region_end = MAX (region_end, b);
      }

  block_item_lines (self, &g_array_index (field->item_spans, HanjiSpan, n_old - 1),
                    &last_start, &last_end);
  if (next < n_new)
    {
      region_start = MIN (region_start, last_end);
      region_end = MAX (region_end, last_end);
    }

  if (region_start == G_MAXSIZE)
    return NULL;

  s = g_string_new (NULL);
  {
    gsize pos = region_start;

    for (guint i = 0; i < n_old; i++)
      {
        gsize a, b;

        if (kept[i])
          continue;
        block_item_lines (self, &g_array_index (field->item_spans, HanjiSpan, i), &a, &b);
        if (a < pos)
          continue;
        g_string_append_len (s, self->text + pos, a - pos);
        pos = b;
      }
    if (pos < region_end)
      g_string_append_len (s, self->text + pos, region_end - pos);
  }

  if (next < n_new)
    {
      const char *nl = newline_of (self);

      prefix = block_item_prefix (self, field);
      /* The last item ends the text without a newline: start a line. */
      if (last_end == 0 || self->text[last_end - 1] != '\n')
        g_string_append (s, nl);
      for (guint k = next; k < n_new; k++)
        {
          g_string_append (s, prefix);
          g_string_append (s, g_ptr_array_index (texts, k));
          g_string_append (s, nl);
        }
      if (self->text[last_end - 1] != '\n')
        g_string_truncate (s, s->len - strlen (nl));
    }

  return try_edit (self, region_start, region_end - region_start,
                   g_string_free (s, FALSE), expect);
}

HanjiTextEdit *
hanji_front_matter_set_list (HanjiFrontMatter    *self,
                             const char          *key,
                             const char * const  *items,
                             GError             **error)
{
  static const char * const no_items[] = { NULL };
  Expect expect = { key, FALSE, HANJI_VALUE_LIST, NULL, items };
  const char *nl;
  HanjiField *field;
  HanjiTextEdit *edit = NULL;
  g_autoptr(GPtrArray) texts = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (items == NULL)
    items = expect.items = no_items;

  if (!check_editable (self, TRUE, error) || !check_key (key, error))
    return NULL;

  nl = newline_of (self);
  field = hanji_front_matter_lookup (self, key);

  if ((edit = unchanged_edit (self, &expect)) != NULL)
    return edit;

  if (field != NULL && field->type == HANJI_VALUE_LIST &&
      field->style == HANJI_STYLE_FLOW_COLLECTION)
    {
      gsize bracket = value_body_start (self, field);

      texts = list_item_texts (self, field, items, CONTEXT_FLOW_ITEM);
      if (texts != NULL)
        edit = try_edit (self, bracket, value_end (field) - bracket,
                         flow_list_text (self, field, texts), &expect);
    }
  else if (field != NULL && field->type == HANJI_VALUE_LIST &&
           field->style == HANJI_STYLE_BLOCK_COLLECTION &&
           field->item_spans != NULL && field->item_spans->len > 0)
    {
      HanjiSpan *first = &g_array_index (field->item_spans, HanjiSpan, 0);
      gsize start = line_start (self->text, first->offset);
      gsize end = line_end (self->text, self->text_len, value_end (field));

      texts = list_item_texts (self, field, items, CONTEXT_BLOCK_ITEM);
      if (texts != NULL && texts->len > 0)
        {
          edit = block_list_keep_edit (self, field, items, texts, &expect);
          if (edit == NULL)
            edit = try_edit (self, start, end - start,
                             block_lines (self, field, texts, items), &expect);
        }
      else if (texts != NULL)
        {
          /* `key: []`, keeping a comment on the key's line */
          gsize colon = colon_end (self, field);
          gsize key_line_end = line_end (self->text, self->text_len, colon);
          gsize rest = MIN (MAX (value_body_start (self, field), colon), key_line_end);
          g_autofree char *anchor = value_anchor (self, field);

          edit = try_edit (self, colon, end - colon,
                           g_strdup_printf (" %s[]%.*s", anchor, (int) (key_line_end - rest),
                                            self->text + rest),
                           &expect);
        }
    }
  else
    {
      texts = list_item_texts (self, NULL, items, CONTEXT_BLOCK_ITEM);

      if (texts == NULL)
        ;
      else if (field == NULL)
        {
          g_autofree char *lines = NULL;

          if (texts->len == 0)
            edit = try_append_field (self, key, "[]", FALSE, &expect);
          else
            {
              /* try_append_field indents continuation lines by the key's
               * column, which the prefix already holds. */
              g_autofree char *prefix = block_item_prefix (self, NULL);
              GString *s = g_string_new (NULL);
              gsize column = self->fields->len > 0 ?
                             key_column (self, g_ptr_array_index (self->fields, 0)) : 0;

              for (guint i = 0; i < texts->len; i++)
                {
                  g_string_append_c (s, '\n');
                  g_string_append (s, prefix + MIN (column, strlen (prefix)));
                  g_string_append (s, g_ptr_array_index (texts, i));
                }
              lines = g_string_free (s, FALSE);
              edit = try_append_field (self, key, lines, TRUE, &expect);
            }
        }
      else if (texts->len == 0)
        {
          gsize colon = colon_end (self, field);
          g_autofree char *anchor = value_anchor (self, field);

          edit = try_edit (self, colon, value_end (field) - colon,
                           g_strconcat (" ", anchor, "[]", NULL), &expect);
        }
      else
        {
          /* The rest of the value's last line (a comment) stays on the
           * key's line; the items follow. */
          gsize colon = colon_end (self, field);
          gsize vend = MAX (value_end (field), colon);
          gsize end = line_end (self->text, self->text_len, vend);
          g_autofree char *lines = block_lines (self, field, texts, items);
          g_autofree char *anchor = value_anchor (self, field);

          g_strchomp (anchor);
          edit = try_edit (self, colon, end - colon,
                           g_strdup_printf ("%s%s%.*s%s%s", anchor[0] != '\0' ? " " : "", anchor,
                                            (int) (end - vend), self->text + vend, nl, lines),
                           &expect);
        }
    }

  if (edit == NULL)
    set_unwritable_error (error, key);

  return edit;
}

/* Dates ----------------------------------------------------------------- */

/* How a timestamp is written, so that a new instant can be written the
 * same way. */
typedef struct
{
  gboolean has_time;
  char     separator[16];  /* `T`, `t` or the blanks between date and time */
  guint    hour_digits;
  gboolean has_seconds;
  guint    fraction_digits;
  char     zone[24];       /* the blanks before the zone and the zone, verbatim */
  gboolean has_zone;
  int      zone_seconds;
} DateShape;

static guint
count_digits (const char *p)
{
  guint n = 0;

  while (g_ascii_isdigit (p[n]))
    n++;
  return n;
}

static gboolean
read_date_shape (const char *s,
                 DateShape  *shape)
{
  const char *p = s;
  const char *zone_start;
  guint n;

  memset (shape, 0, sizeof *shape);

  if (!_hanji_is_timestamp (s, &shape->has_time))
    return FALSE;

  p += 10;  /* YYYY-MM-DD, checked by _hanji_is_timestamp() */
  if (!shape->has_time)
    return TRUE;

  n = 0;
  while ((p[n] == 'T' || p[n] == 't' || p[n] == ' ' || p[n] == '\t') &&
         n < sizeof shape->separator - 1)
    n++;
  memcpy (shape->separator, p, n);
  p += n;

  shape->hour_digits = count_digits (p);
  p += shape->hour_digits + 1 + 2;  /* H[H]:MM */

  if (*p == ':')
    {
      shape->has_seconds = TRUE;
      p += 3;
      if (*p == '.')
        {
          p++;
          shape->fraction_digits = count_digits (p);
          p += shape->fraction_digits;
        }
    }

  zone_start = p;
  while (*p == ' ' || *p == '\t')
    p++;

  if (*p == 'Z' || *p == 'z')
    shape->has_zone = TRUE;
  else if (*p == '+' || *p == '-')
    {
      int sign = *p == '-' ? -1 : 1;
      int hours = (p[1] - '0') * 10 + (p[2] - '0');
      int minutes = 0;
      const char *m = p + 3;

      if (*m == ':')
        m++;
      if (g_ascii_isdigit (*m))
        minutes = (m[0] - '0') * 10 + (m[1] - '0');

      shape->has_zone = TRUE;
      shape->zone_seconds = sign * (hours * 3600 + minutes * 60);
    }

  if (strlen (zone_start) >= sizeof shape->zone)
    return FALSE;
  strcpy (shape->zone, zone_start);

  return TRUE;
}

static char *
format_date_shape (const DateShape *shape,
                   GDateTime       *value)
{
  g_autoptr(GDateTime) when = NULL;
  GString *out = g_string_new (NULL);

  /* The written zone stays; the instant is moved into it. */
  if (!shape->has_time || !shape->has_zone)
    when = g_date_time_to_local (value);
  else
    {
      g_autoptr(GTimeZone) tz = g_time_zone_new_offset (shape->zone_seconds);

      when = g_date_time_to_timezone (value, tz);
    }

  /* Moved into the written zone, the instant may fall outside 0001-9999. */
  if (when == NULL)
    {
      g_string_free (out, TRUE);
      return NULL;
    }

  g_string_append_printf (out, "%04d-%02d-%02d",
                          g_date_time_get_year (when),
                          g_date_time_get_month (when),
                          g_date_time_get_day_of_month (when));

  if (!shape->has_time)
    return g_string_free (out, FALSE);

  g_string_append (out, shape->separator);
  g_string_append_printf (out, shape->hour_digits == 1 ? "%d:%02d" : "%02d:%02d",
                          g_date_time_get_hour (when), g_date_time_get_minute (when));

  if (shape->has_seconds)
    {
      g_string_append_printf (out, ":%02d", g_date_time_get_second (when));

      if (shape->fraction_digits > 0)
        {
          char micro[7];

          g_snprintf (micro, sizeof micro, "%06d", g_date_time_get_microsecond (when));
          g_string_append_c (out, '.');
          for (guint i = 0; i < shape->fraction_digits; i++)
            g_string_append_c (out, i < 6 ? micro[i] : '0');
        }
    }

  g_string_append (out, shape->zone);

  return g_string_free (out, FALSE);
}

HanjiTextEdit *
hanji_front_matter_set_datetime (HanjiFrontMatter  *self,
                                 const char        *key,
                                 GDateTime         *value,
                                 gboolean           has_time,
                                 GError           **error)
{
  HanjiField *field;
  HanjiTextEdit *edit = NULL;
  DateShape shape;
  g_autofree char *written = NULL;
  gboolean shaped = FALSE;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (value != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_editable (self, TRUE, error) || !check_key (key, error))
    return NULL;

  field = hanji_front_matter_lookup (self, key);

  if (field != NULL &&
      (field->type == HANJI_VALUE_DATE || field->type == HANJI_VALUE_DATETIME ||
       (field->type == HANJI_VALUE_STRING &&
        (field->style == HANJI_STYLE_SINGLE_QUOTED ||
         field->style == HANJI_STYLE_DOUBLE_QUOTED))) &&
      read_date_shape (field->text, &shape))
    {
      shaped = TRUE;
      written = format_date_shape (&shape, value);
    }
  else if (has_time)
    {
      g_autofree char *base = g_date_time_format (value, "%Y-%m-%dT%H:%M:%S");
      g_autofree char *zone = g_date_time_format (value, "%:z");

      written = g_strconcat (base, zone, NULL);
    }
  else
    {
      /* A date has no zone: the value's local date, as for a date field
       * that is already there. */
      g_autoptr(GDateTime) local = g_date_time_to_local (value);

      if (local != NULL)
        written = g_date_time_format (local, "%Y-%m-%d");
    }

  if (written == NULL)
    ;
  else if (shaped && field->style != HANJI_STYLE_PLAIN)
    {
      Expect expect = { key, FALSE, HANJI_VALUE_STRING, written, NULL };
      g_autofree char *quoted =
        emit_scalar (written, field->style == HANJI_STYLE_SINGLE_QUOTED ?
                              YAML_SINGLE_QUOTED_SCALAR_STYLE :
                              YAML_DOUBLE_QUOTED_SCALAR_STYLE,
                     CONTEXT_VALUE);

      edit = try_replace_value (self, field, quoted, &expect);
    }
  else
    {
      gboolean time = shaped ? shape.has_time : has_time;
      Expect expect = { key, FALSE, time ? HANJI_VALUE_DATETIME : HANJI_VALUE_DATE,
                        written, NULL };

      if (field == NULL)
        edit = try_append_field (self, key, written, FALSE, &expect);
      else
        edit = try_replace_value (self, field, written, &expect);
    }

  if (edit == NULL)
    set_unwritable_error (error, key);

  return edit;
}

gboolean
hanji_front_matter_get_error_position (HanjiFrontMatter *self,
                                       guint            *line,
                                       guint            *column)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->error == NULL || self->error_line == 0)
    return FALSE;

  if (line != NULL)
    *line = self->error_line;
  if (column != NULL)
    *column = self->error_column;

  return TRUE;
}
