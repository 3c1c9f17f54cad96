/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hanji-markdown"

#include "config.h"

#include <string.h>
#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>

#include "hanji-front-matter.h"
#include "hanji-markdown.h"

/* The GFM extensions Hugo (goldmark) and Jekyll (kramdown GFM) both
 * understand, except autolink: kramdown's GFM parser has no linkify, a bare
 * www.example.com stays text on a Jekyll site (measured, kramdown 2.4).
 * tagfilter only matters once raw HTML is let through. */
static const char * const extension_names[] = {
  "table",
  "strikethrough",
  "autolink",
  "tagfilter",
  "tasklist",
};

static const struct {
  HanjiFlavor  flavor;
  const char  *name;
} flavor_names[] = {
  { HANJI_FLAVOR_COMMONMARK, "commonmark" },
  { HANJI_FLAVOR_HUGO, "hugo" },
  { HANJI_FLAVOR_JEKYLL, "jekyll" },
};

const char *
hanji_flavor_to_string (HanjiFlavor flavor)
{
  for (guint i = 0; i < G_N_ELEMENTS (flavor_names); i++)
    if (flavor_names[i].flavor == flavor)
      return flavor_names[i].name;

  g_return_val_if_reached ("commonmark");
}

gboolean
hanji_flavor_from_string (const char  *name,
                          HanjiFlavor *flavor)
{
  g_return_val_if_fail (name != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (flavor_names); i++)
    if (g_ascii_strcasecmp (flavor_names[i].name, name) == 0)
      {
        if (flavor != NULL)
          *flavor = flavor_names[i].flavor;
        return TRUE;
      }

  return FALSE;
}

void
hanji_render_options_init (HanjiRenderOptions *options,
                           HanjiFlavor         flavor)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->flavor = flavor;
}

static void
ensure_extensions (void)
{
  static gsize registered = 0;

  /* The registry is a process-wide list that is not safe to fill from
   * two threads at once, and the preview may render off the main thread. */
  if (g_once_init_enter (&registered))
    {
      cmark_gfm_core_extensions_ensure_registered ();
      g_once_init_leave (&registered, 1);
    }
}

static void
resolve_urls (cmark_node               *document,
              const HanjiRenderOptions *options)
{
  cmark_iter *iter = cmark_iter_new (document);
  cmark_event_type event;

  while ((event = cmark_iter_next (iter)) != CMARK_EVENT_DONE)
    {
      cmark_node *node = cmark_iter_get_node (iter);
      cmark_node_type type = cmark_node_get_type (node);
      const char *url;
      g_autofree char *replacement = NULL;

      if (event != CMARK_EVENT_ENTER ||
          (type != CMARK_NODE_LINK && type != CMARK_NODE_IMAGE))
        continue;

      url = cmark_node_get_url (node);
      replacement = options->resolver (url != NULL ? url : "",
                                       type == CMARK_NODE_IMAGE,
                                       options->resolver_data);
      if (replacement != NULL)
        cmark_node_set_url (node, replacement);
    }

  cmark_iter_free (iter);
}

/* goldmark's linkify, as Hugo 0.111 configures it, gives a bare
 * www.example.com an https:// destination where cmark-gfm's autolink
 * extension gives http://. A link cmark-gfm made that way is the only one
 * whose text is its destination without the scheme. */
static void
upgrade_www_links (cmark_node *document)
{
  cmark_iter *iter = cmark_iter_new (document);
  cmark_event_type event;

  while ((event = cmark_iter_next (iter)) != CMARK_EVENT_DONE)
    {
      cmark_node *node = cmark_iter_get_node (iter);
      cmark_node *child;
      const char *url;
      const char *text;
      g_autofree char *https = NULL;

      if (event != CMARK_EVENT_ENTER || cmark_node_get_type (node) != CMARK_NODE_LINK)
        continue;

      url = cmark_node_get_url (node);
      child = cmark_node_first_child (node);
      if (url == NULL || !g_str_has_prefix (url, "http://www.") ||
          child == NULL || cmark_node_next (child) != NULL ||
          cmark_node_get_type (child) != CMARK_NODE_TEXT)
        continue;

      text = cmark_node_get_literal (child);
      if (text == NULL || strcmp (text, url + strlen ("http://")) != 0)
        continue;

      https = g_strconcat ("https://", url + strlen ("http://"), NULL);
      cmark_node_set_url (node, https);
    }

  cmark_iter_free (iter);
}

/* The source line LINE (1-based) of TEXT, without its line ending. */
static gboolean
find_line (const char *text,
           gsize       len,
           guint       line,
           gsize      *start,
           gsize      *end)
{
  gsize pos = 0;

  for (guint i = 1; i < line; i++)
    {
      const char *nl = memchr (text + pos, '\n', len - pos);

      if (nl == NULL)
        return FALSE;
      pos = nl - text + 1;
    }

  *start = pos;
  *end = pos;
  while (*end < len && text[*end] != '\n' && text[*end] != '\r')
    (*end)++;

  return TRUE;
}

/* Hugo takes a heading's id from its source text, markup included
 * (`## [a](b.html)` gets `abhtml`), and for a setext heading from its last
 * line only (measured, Hugo 0.111). */
static char *
heading_source_text (cmark_node *heading,
                     const char *markdown,
                     gsize       len,
                     guint       line_offset)
{
  int start_line = cmark_node_get_start_line (heading) - (int) line_offset;
  int end_line = cmark_node_get_end_line (heading) - (int) line_offset;
  int column = cmark_node_get_start_column (heading);
  gsize start;
  gsize end;
  gsize pos;
  gboolean atx;

  if (start_line < 1 || end_line < start_line ||
      !find_line (markdown, len, start_line, &start, &end))
    return g_strdup ("");

  pos = start + MIN ((gsize) MAX (column - 1, 0), end - start);
  while (pos < end && (markdown[pos] == ' ' || markdown[pos] == '\t'))
    pos++;
  atx = pos < end && markdown[pos] == '#';

  if (atx)
    {
      while (pos < end && markdown[pos] == '#')
        pos++;
    }
  else
    {
      /* The last content line is the one above the underline. cmark-gfm's
       * end line for a setext heading is not always the underline, so
       * look for the underline itself. */
      for (int line = start_line + 1; line <= end_line + 1; line++)
        {
          gsize s;
          gsize e;
          gsize i;

          if (!find_line (markdown, len, line, &s, &e))
            break;
          while (s < e && (markdown[s] == ' ' || markdown[s] == '\t' || markdown[s] == '>'))
            s++;
          while (e > s && (markdown[e - 1] == ' ' || markdown[e - 1] == '\t'))
            e--;
          for (i = s; i < e && markdown[i] == markdown[s]; i++)
            ;
          if (s < e && i == e && (markdown[s] == '=' || markdown[s] == '-'))
            break;
          start = s;
          end = e;
          pos = s;
        }
    }

  while (end > pos && (markdown[end - 1] == ' ' || markdown[end - 1] == '\t'))
    end--;

  if (atx)
    {
      gsize closing = end;

      /* An optional closing sequence of #s, after a space. */
      while (closing > pos && markdown[closing - 1] == '#')
        closing--;
      if (closing < end &&
          (closing == pos || markdown[closing - 1] == ' ' || markdown[closing - 1] == '\t'))
        end = closing;
    }

  return g_strstrip (g_strndup (markdown + pos, end - pos));
}

static gboolean
is_letter_or_number (gunichar c)
{
  switch (g_unichar_type (c))
    {
    case G_UNICODE_UPPERCASE_LETTER:
    case G_UNICODE_LOWERCASE_LETTER:
    case G_UNICODE_TITLECASE_LETTER:
    case G_UNICODE_MODIFIER_LETTER:
    case G_UNICODE_OTHER_LETTER:
    case G_UNICODE_DECIMAL_NUMBER:
    case G_UNICODE_LETTER_NUMBER:
    case G_UNICODE_OTHER_NUMBER:
      return TRUE;
    default:
      return FALSE;
    }
}

/* Hugo's "github" auto ids: letters and numbers lower-cased, each space a
 * dash, - and _ kept, everything else (punctuation, symbols, emoji) gone;
 * an empty id is `heading`; a taken id gets -1, -2, … */
static char *
hugo_heading_id (const char *text,
                 GHashTable *used)
{
  GString *id = g_string_new (NULL);
  g_autofree char *base = NULL;
  char *unique;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_letter_or_number (c))
        g_string_append_unichar (id, g_unichar_tolower (c));
      else if (c == '-' || c == '_')
        g_string_append_c (id, (char) c);
      else if (g_unichar_isspace (c))
        g_string_append_c (id, '-');
    }

  if (id->len == 0)
    g_string_append (id, "heading");

  base = g_string_free (id, FALSE);
  unique = g_strdup (base);
  for (guint n = 1; g_hash_table_contains (used, unique); n++)
    {
      g_free (unique);
      unique = g_strdup_printf ("%s-%u", base, n);
    }

  g_hash_table_add (used, g_strdup (unique));
  return unique;
}

static gboolean
is_word_char (gunichar c)
{
  switch (g_unichar_type (c))
    {
    case G_UNICODE_NON_SPACING_MARK:
    case G_UNICODE_SPACING_MARK:
    case G_UNICODE_ENCLOSING_MARK:
    case G_UNICODE_CONNECT_PUNCTUATION:
      return TRUE;
    case G_UNICODE_OTHER_NUMBER:
      return FALSE;
    default:
      return is_letter_or_number (c);
    }
}

/* The text kramdown's GFM parser ids a heading by: text, code and entities
 * as characters, smart quotes as the quotes they become, nothing of
 * images (their alt is an attribute in kramdown's tree). */
static void
append_heading_text (GString    *text,
                     cmark_node *node)
{
  for (cmark_node *child = cmark_node_first_child (node);
       child != NULL;
       child = cmark_node_next (child))
    {
      switch ((int) cmark_node_get_type (child))
        {
        case CMARK_NODE_TEXT:
        case CMARK_NODE_CODE:
          g_string_append (text, cmark_node_get_literal (child));
          break;
        case CMARK_NODE_SOFTBREAK:
        case CMARK_NODE_LINEBREAK:
          g_string_append_c (text, '\n');
          break;
        case CMARK_NODE_IMAGE:
        case CMARK_NODE_HTML_INLINE:
          break;
        default:
          append_heading_text (text, child);
          break;
        }
    }
}

/* kramdown-parser-gfm's ids: lower-cased, only word characters (letters,
 * marks, digits, _), dashes, spaces and tabs kept, each space or tab a
 * dash. Hangul is kept, `## 재료 준비` is `재료-준비` as on Hugo. A repeat
 * gets -1, -2, … by a count of earlier equal ids; an empty id is left out
 * (kramdown prints no attribute) but still counted. */
static char *
kramdown_heading_id (cmark_node *heading,
                     GHashTable *counts)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *lower = NULL;
  GString *id = g_string_new (NULL);
  guint count;

  append_heading_text (text, heading);
  lower = g_utf8_strdown (text->str, text->len);

  for (const char *p = lower; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == ' ' || c == '\t')
        g_string_append_c (id, '-');
      else if (c == '-' || is_word_char (c))
        g_string_append_unichar (id, c);
    }

  count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, id->str));
  g_hash_table_insert (counts, g_strdup (id->str), GUINT_TO_POINTER (count + 1));
  if (count > 0)
    g_string_append_printf (id, "-%u", count);

  if (id->len == 0)
    {
      g_string_free (id, TRUE);
      return NULL;
    }

  return g_string_free (id, FALSE);
}

/* One id (or NULL) per heading, in document order, which is the order the
 * HTML renderer writes them in. */
static GPtrArray *
collect_heading_ids (cmark_node               *document,
                     const char               *markdown,
                     gsize                     len,
                     const HanjiRenderOptions *options)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  cmark_iter *iter = cmark_iter_new (document);
  cmark_event_type event;

  while ((event = cmark_iter_next (iter)) != CMARK_EVENT_DONE)
    {
      cmark_node *node = cmark_iter_get_node (iter);

      if (event != CMARK_EVENT_ENTER || cmark_node_get_type (node) != CMARK_NODE_HEADING)
        continue;

      if (options->flavor == HANJI_FLAVOR_HUGO)
        {
          g_autofree char *text = heading_source_text (node, markdown, len,
                                                       options->line_offset);

          g_ptr_array_add (ids, hugo_heading_id (text, seen));
        }
      else
        {
          g_ptr_array_add (ids, kramdown_heading_id (node, seen));
        }
    }

  cmark_iter_free (iter);
  return ids;
}

/* cmark-gfm cannot put attributes on a heading, so the ids go into its
 * HTML. That is safe to do by matching `<hN`: without CMARK_OPT_UNSAFE
 * every `<` of the post's own text or raw HTML comes out escaped or as a
 * comment, so each `<hN` followed by `>` or a space is a heading tag. If
 * the count ever disagrees with the tree, the ids are left out rather than
 * put on the wrong headings. */
static char *
insert_heading_ids (const char *html,
                    GPtrArray  *ids)
{
  GString *out;
  const char *p = html;
  guint n = 0;

  for (const char *q = html; (q = strstr (q, "<h")) != NULL; q += 2)
    if (q[2] >= '1' && q[2] <= '6' && (q[3] == '>' || q[3] == ' '))
      n++;

  if (n != ids->len)
    return g_strdup (html);

  out = g_string_sized_new (strlen (html) + 32 * n);
  n = 0;

  for (const char *q = html; (q = strstr (q, "<h")) != NULL; q += 2)
    {
      const char *id;
      const char *gt;

      if (!(q[2] >= '1' && q[2] <= '6' && (q[3] == '>' || q[3] == ' ')))
        continue;

      /* After any data-sourcepos, at the tag's `>`: attribute values
       * never contain one, cmark escapes it. */
      id = g_ptr_array_index (ids, n++);
      gt = strchr (q, '>');
      g_assert (gt != NULL);
      g_string_append_len (out, p, gt - p);
      p = gt;

      if (id != NULL)
        {
          g_autofree char *escaped = g_markup_escape_text (id, -1);

          g_string_append_printf (out, " id=\"%s\"", escaped);
        }
    }

  g_string_append (out, p);
  return g_string_free (out, FALSE);
}

static gsize
line_indent (const char *line,
             const char *end)
{
  gsize width = 0;

  for (; line < end && (*line == ' ' || *line == '\t'); line++)
    width += *line == '\t' ? 4 - width % 4 : 1;

  return width;
}

/* The length of a run of C at P (at most up to END). */
static gsize
run_length (const char *p,
            const char *end,
            char        c)
{
  const char *q = p;

  while (q < end && *q == c)
    q++;

  return q - p;
}

/* At P, just after the `(` of `](`: where a destination that needs <…>
 * starts and ends, or FALSE. kramdown takes everything up to the matching
 * `)`, less a trailing "title" or 'title', as the destination. */
static gboolean
find_spaced_destination (const char  *p,
                         const char  *end,
                         const char **dest_start,
                         const char **dest_end)
{
  const char *close = NULL;
  const char *d;
  const char *e;
  int depth = 0;

  while (p < end && (*p == ' ' || *p == '\t'))
    p++;
  if (p == end || *p == '<')
    return FALSE;

  for (const char *q = p; q < end; q++)
    {
      if (*q == '\\' && q + 1 < end)
        q++;
      else if (*q == '(')
        depth++;
      else if (*q == ')' && depth-- == 0)
        {
          close = q;
          break;
        }
    }

  if (close == NULL)
    return FALSE;

  e = close;
  while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
    e--;

  if (e - p >= 2 && (e[-1] == '"' || e[-1] == '\''))
    {
      for (const char *t = e - 2; t > p; t--)
        if (*t == e[-1])
          {
            if (t[-1] == ' ' || t[-1] == '\t')
              e = t;
            break;
          }
    }

  while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
    e--;

  if (memchr (p, ' ', e - p) == NULL && memchr (p, '\t', e - p) == NULL)
    return FALSE;

  for (d = p; d < e; d++)
    if (*d == '<' || *d == '>')
      return FALSE;

  *dest_start = p;
  *dest_end = e;
  return TRUE;
}

static void
wrap_line_destinations (GString    *out,
                        const char *line,
                        const char *end)
{
  const char *p = line;
  guint open_brackets = 0;

  while (p < end)
    {
      const char *dest_start;
      const char *dest_end;

      if (*p == '\\' && p + 1 < end)
        {
          g_string_append_len (out, p, 2);
          p += 2;
        }
      else if (*p == '`')
        {
          /* A code span is copied as it is: the pass must not change code. */
          gsize n = run_length (p, end, '`');
          const char *q = p + n;
          const char *close = NULL;

          while (q < end && close == NULL)
            {
              gsize m;

              if (*q != '`')
                {
                  q++;
                  continue;
                }
              m = run_length (q, end, '`');
              if (m == n)
                close = q;
              q += m;
            }

          q = close != NULL ? close + n : p + n;
          g_string_append_len (out, p, q - p);
          p = q;
        }
      else if (*p == '[')
        {
          open_brackets++;
          g_string_append_c (out, *p++);
        }
      else if (*p == ']' && open_brackets > 0)
        {
          open_brackets--;
          g_string_append_c (out, *p++);

          if (p < end && *p == '(' &&
              find_spaced_destination (p + 1, end, &dest_start, &dest_end))
            {
              g_string_append_len (out, p, dest_start - p);
              g_string_append_c (out, '<');
              g_string_append_len (out, dest_start, dest_end - dest_start);
              g_string_append_c (out, '>');
              p = dest_end;
            }
        }
      else
        {
          g_string_append_c (out, *p++);
        }
    }
}

/* kramdown accepts spaces in a link or image destination
 * (`![a](../img/My Photo.jpg)` is an image on a Jekyll site) where
 * CommonMark wants them in <…>; adding those brackets outside code lets
 * cmark-gfm read the post as kramdown does. Lines keep their numbers.
 * Returns NULL when nothing needs to change. */
static char *
wrap_spaced_destinations (const char *text,
                          gsize       len,
                          gsize      *out_len)
{
  const char *end = text + len;
  const char *line = text;
  GString *out;
  char fence_char = 0;
  gsize fence_len = 0;
  gboolean prev_blank = TRUE;
  gboolean in_indented_code = FALSE;
  gboolean changed;

  if (g_strstr_len (text, len, "](") == NULL)
    return NULL;

  out = g_string_sized_new (len + 16);

  while (line < end)
    {
      const char *eol = memchr (line, '\n', end - line);
      const char *next = eol != NULL ? eol + 1 : end;
      const char *content = eol != NULL ? eol : end;
      gsize indent = line_indent (line, content);
      const char *first = line;
      gboolean blank;

      while (first < content && (*first == ' ' || *first == '\t'))
        first++;
      blank = first == content || (first + 1 == content && *first == '\r');

      if (fence_char != 0)
        {
          if (indent < 4 && run_length (first, content, fence_char) >= fence_len)
            fence_char = 0;
          g_string_append_len (out, line, next - line);
        }
      else if (indent < 4 && (run_length (first, content, '`') >= 3 ||
                              run_length (first, content, '~') >= 3))
        {
          fence_char = *first;
          fence_len = run_length (first, content, fence_char);
          g_string_append_len (out, line, next - line);
        }
      else if (!blank && indent >= 4 && (prev_blank || in_indented_code))
        {
          /* Indented code. Inside a list item this also skips a paragraph
           * indented under its marker; those keep CommonMark's reading. */
          in_indented_code = TRUE;
          g_string_append_len (out, line, next - line);
        }
      else
        {
          if (!blank)
            in_indented_code = FALSE;
          wrap_line_destinations (out, line, content);
          g_string_append_len (out, content, next - content);
        }

      prev_blank = blank;
      line = next;
    }

  changed = out->len != len;
  *out_len = out->len;
  if (!changed)
    {
      g_string_free (out, TRUE);
      return NULL;
    }

  return g_string_free (out, FALSE);
}

char *
hanji_markdown_render (const char               *markdown,
                       gssize                    len,
                       const HanjiRenderOptions *options)
{
  HanjiRenderOptions defaults;
  cmark_mem *mem = cmark_get_default_mem_allocator ();
  cmark_parser *parser;
  cmark_node *document;
  g_autoptr(GPtrArray) heading_ids = NULL;
  g_autofree char *wrapped = NULL;
  gboolean generator;
  char *html;
  char *result;
  gsize ulen;
  int parse_options;
  int render_options;

  g_return_val_if_fail (markdown != NULL || len == 0, g_strdup (""));

  if (markdown == NULL)
    markdown = "";
  ulen = len < 0 ? strlen (markdown) : (gsize) len;

  if (options == NULL)
    {
      hanji_render_options_init (&defaults, HANJI_FLAVOR_COMMONMARK);
      options = &defaults;
    }

  ensure_extensions ();

  /* No CMARK_OPT_UNSAFE in any flavor: raw HTML and javascript: URLs are
   * dropped, so nothing a post contains can run script in the preview.
   * Invalid UTF-8 becomes U+FFFD rather than reaching WebKit. */
  parse_options = CMARK_OPT_FOOTNOTES | CMARK_OPT_VALIDATE_UTF8;

  /* Both generators turn on typographic quotes and dashes (goldmark's
   * typographer in Hugo, kramdown's smart_quotes in Jekyll), strike
   * through only ~~two~~ tildes, and align table cells with style=. */
  generator = options->flavor == HANJI_FLAVOR_HUGO || options->flavor == HANJI_FLAVOR_JEKYLL;
  if (generator)
    parse_options |= CMARK_OPT_SMART |
                     CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE |
                     CMARK_OPT_TABLE_PREFER_STYLE_ATTRIBUTES;

  render_options = parse_options;
  if (options->sourcepos)
    render_options |= CMARK_OPT_SOURCEPOS;

  parser = cmark_parser_new (parse_options);

  for (guint i = 0; i < G_N_ELEMENTS (extension_names); i++)
    {
      cmark_syntax_extension *ext = cmark_find_syntax_extension (extension_names[i]);

      g_assert (ext != NULL);
      if (options->flavor == HANJI_FLAVOR_JEKYLL && strcmp (extension_names[i], "autolink") == 0)
        continue;
      cmark_parser_attach_syntax_extension (parser, ext);
    }

  /* cmark offers no way to shift source positions, but blank lines at the
   * start of a document produce no node and change nothing else, so
   * feeding line_offset of them first numbers the body's lines as they
   * are numbered in the whole file. */
  if (options->line_offset > 0)
    {
      char newlines[64];
      guint remaining = options->line_offset;

      memset (newlines, '\n', sizeof newlines);

      while (remaining > 0)
        {
          guint n = MIN (remaining, sizeof newlines);

          cmark_parser_feed (parser, newlines, n);
          remaining -= n;
        }
    }

  if (options->flavor == HANJI_FLAVOR_JEKYLL)
    {
      gsize wrapped_len = 0;

      wrapped = wrap_spaced_destinations (markdown, ulen, &wrapped_len);
      if (wrapped != NULL)
        {
          markdown = wrapped;
          ulen = wrapped_len;
        }
    }

  cmark_parser_feed (parser, markdown, ulen);
  document = cmark_parser_finish (parser);

  if (options->flavor == HANJI_FLAVOR_HUGO)
    upgrade_www_links (document);

  /* Ids depend on the text only, never on resolved URLs. Hugo's come
   * from the source lines, so the Jekyll pass above never touches them. */
  if (generator)
    heading_ids = collect_heading_ids (document, markdown, ulen, options);

  if (options->resolver != NULL)
    resolve_urls (document, options);

  html = cmark_render_html_with_mem (document, render_options,
                                     cmark_parser_get_syntax_extensions (parser),
                                     mem);
  if (heading_ids != NULL)
    result = insert_heading_ids (html, heading_ids);
  else
    result = g_strdup (html);

  mem->free (html);
  cmark_node_free (document);
  cmark_parser_free (parser);

  return result;
}

char *
hanji_markdown_render_post (const char               *text,
                            gssize                    len,
                            const HanjiRenderOptions *options)
{
  HanjiFrontMatterSplit split;
  HanjiRenderOptions body_options;
  gsize ulen;

  g_return_val_if_fail (text != NULL || len == 0, g_strdup (""));

  if (text == NULL)
    text = "";
  ulen = len < 0 ? strlen (text) : (gsize) len;

  if (options != NULL)
    body_options = *options;
  else
    hanji_render_options_init (&body_options, HANJI_FLAVOR_COMMONMARK);

  hanji_front_matter_split (text, ulen, &split);
  body_options.line_offset = split.body_line;

  return hanji_markdown_render (text + split.body_start,
                                ulen - split.body_start,
                                &body_options);
}
