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

/* Where each line of a text starts ('\n' ends a line), so that a heading's
 * source line is found without scanning the text from its start: a long
 * post has thousands of headings. */
typedef struct
{
  const char *text;
  gsize       len;
  gsize      *starts;
  guint       n_lines;
} LineIndex;

static void
line_index_init (LineIndex  *index,
                 const char *text,
                 gsize       len)
{
  const char *end = text + len;
  guint n = 1;

  for (const char *p = text; (p = memchr (p, '\n', end - p)) != NULL; p++)
    n++;

  index->text = text;
  index->len = len;
  index->n_lines = n;
  index->starts = g_new (gsize, n);
  index->starts[0] = 0;

  n = 1;
  for (const char *p = text; (p = memchr (p, '\n', end - p)) != NULL; p++)
    index->starts[n++] = p - text + 1;
}

static void
line_index_clear (LineIndex *index)
{
  g_clear_pointer (&index->starts, g_free);
}

/* The source line LINE (1-based) of the text, without its line ending. */
static gboolean
find_line (const LineIndex *index,
           guint            line,
           gsize           *start,
           gsize           *end)
{
  if (line < 1 || line > index->n_lines)
    return FALSE;

  *start = index->starts[line - 1];
  *end = *start;
  while (*end < index->len && index->text[*end] != '\n' && index->text[*end] != '\r')
    (*end)++;

  return TRUE;
}

/* Hugo takes a heading's id from its source text, markup included
 * (`## [a](b.html)` gets `abhtml`), and for a setext heading from its last
 * line only (measured, Hugo 0.111). */
static char *
heading_source_text (cmark_node      *heading,
                     const LineIndex *lines,
                     guint            line_offset)
{
  const char *markdown = lines->text;
  int start_line = cmark_node_get_start_line (heading) - (int) line_offset;
  int end_line = cmark_node_get_end_line (heading) - (int) line_offset;
  int column = cmark_node_get_start_column (heading);
  gsize start;
  gsize end;
  gsize pos;
  gboolean atx;

  if (start_line < 1 || end_line < start_line ||
      !find_line (lines, start_line, &start, &end))
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

          if (!find_line (lines, line, &s, &e))
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

  /* The source is not checked like cmark-gfm's text is, and the id is
   * made character by character. Go reads an invalid byte as U+FFFD,
   * which is no letter and so leaves the id, as it does here. */
  return g_strstrip (g_utf8_make_valid (markdown + pos, end - pos));
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

/* What a walk over a block's nodes collects. */
typedef struct
{
  HanjiFlavor      flavor;
  /* Whether to compute heading ids (only the generators have them) */
  gboolean         ids_wanted;
  const LineIndex *lines;
  guint            line_offset;
  /* The counters of ids already given, over the whole body */
  GHashTable      *seen;
  /* One id (or NULL) per heading, in document order */
  GPtrArray       *ids;
  /* Set when a node's end position is the line after it (see
   * ends_on_next_line()) */
  gboolean         next_line;
} NodeScan;

static gboolean
is_block_node (cmark_node *node)
{
  return (cmark_node_get_type (node) & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK;
}

/* cmark-gfm ends a setext heading on the line that closes it, the one
 * after its underline, and a fenced code block that something other than
 * its closing fence closes (the end of its list item, say) on the line
 * that does: that line can be the next block's first line. An ATX heading
 * ends on its own line, a fenced code block at the top level on its
 * closing fence or at the end of the text. */
static gboolean
ends_on_next_line (cmark_node *node)
{
  int length;
  int offset;
  char character;

  switch ((int) cmark_node_get_type (node))
    {
    case CMARK_NODE_HEADING:
      return cmark_node_get_end_line (node) > cmark_node_get_start_line (node);

    case CMARK_NODE_CODE_BLOCK:
      return cmark_node_get_fenced (node, &length, &offset, &character) &&
             cmark_node_get_type (cmark_node_parent (node)) != CMARK_NODE_DOCUMENT;

    default:
      return FALSE;
    }
}

static char *
heading_id (NodeScan   *scan,
            cmark_node *heading)
{
  g_autofree char *text = NULL;

  if (scan->flavor != HANJI_FLAVOR_HUGO)
    return kramdown_heading_id (heading, scan->seen);

  text = heading_source_text (heading, scan->lines, scan->line_offset);
  return hugo_heading_id (text, scan->seen);
}

/* Walks the block nodes under ROOT in document order, which is the order
 * the HTML renderer writes headings in. Only block nodes can be headings,
 * so the walk never enters a paragraph's inlines, which are most of the
 * tree; it follows parent links rather than recursing, as block quotes
 * can nest without limit. */
static void
scan_nodes (NodeScan   *scan,
            cmark_node *root)
{
  cmark_node *node = root;

  while (node != NULL)
    {
      cmark_node *child = cmark_node_first_child (node);

      if (ends_on_next_line (node))
        scan->next_line = TRUE;

      if (cmark_node_get_type (node) == CMARK_NODE_HEADING)
        {
          if (scan->ids_wanted)
            g_ptr_array_add (scan->ids, heading_id (scan, node));
        }
      else if (child != NULL && is_block_node (child))
        {
          node = child;
          continue;
        }

      while (node != root && cmark_node_next (node) == NULL)
        node = cmark_node_parent (node);
      if (node == root)
        break;
      node = cmark_node_next (node);
    }
}

static gboolean
is_heading_tag (const char *p)
{
  return p[2] >= '1' && p[2] <= '6' && (p[3] == '>' || p[3] == ' ');
}

/* cmark-gfm cannot put attributes on a heading, so the ids go into its
 * HTML. That is safe to do by matching `<hN`: without CMARK_OPT_UNSAFE
 * every `<` of the post's own text or raw HTML comes out escaped or as a
 * comment, so each `<hN` followed by `>` or a space is a heading tag. If
 * the count ever disagrees with the tree, the ids are left out rather than
 * put on the wrong headings. Appends HTML, with the N_IDS ids from IDS
 * (NULL ones left out), to OUT. */
static void
append_with_heading_ids (GString     *out,
                         const char  *html,
                         char *const *ids,
                         guint        n_ids)
{
  const char *p = html;
  guint n = 0;

  if (n_ids > 0)
    for (const char *q = html; (q = strstr (q, "<h")) != NULL; q += 2)
      if (is_heading_tag (q))
        n++;

  if (n != n_ids)
    {
      g_string_append (out, html);
      return;
    }

  n = 0;
  for (const char *q = html; n < n_ids && (q = strstr (q, "<h")) != NULL; q += 2)
    {
      const char *gt;

      if (!is_heading_tag (q))
        continue;

      /* After any data-sourcepos, at the tag's `>`: attribute values
       * never contain one, cmark escapes it. */
      gt = strchr (q, '>');
      g_assert (gt != NULL);
      g_string_append_len (out, p, gt - p);
      p = gt;

      if (ids[n] != NULL)
        {
          g_autofree char *escaped = g_markup_escape_text (ids[n], -1);

          g_string_append_printf (out, " id=\"%s\"", escaped);
        }
      n++;
    }

  g_string_append (out, p);
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

static gboolean
has_link_destination (const char *p,
                      const char *end)
{
  while (p < end && (p = memchr (p, ']', end - p)) != NULL)
    {
      if (++p < end && *p == '(')
        return TRUE;
    }

  return FALSE;
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
  /* Made only once a line changes: most posts need nothing, and the text
   * up to a changed line is copied in one piece. */
  GString *out = NULL;
  g_autoptr(GString) wrapped_line = NULL;
  const char *copied = text;
  char fence_char = 0;
  gsize fence_len = 0;
  gboolean prev_blank = TRUE;
  gboolean in_indented_code = FALSE;

  if (g_strstr_len (text, len, "](") == NULL)
    return NULL;

  wrapped_line = g_string_new (NULL);

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
        }
      else if (indent < 4 && (run_length (first, content, '`') >= 3 ||
                              run_length (first, content, '~') >= 3))
        {
          fence_char = *first;
          fence_len = run_length (first, content, fence_char);
        }
      else if (!blank && indent >= 4 && (prev_blank || in_indented_code))
        {
          /* Indented code. Inside a list item this also skips a paragraph
           * indented under its marker; those keep CommonMark's reading. */
          in_indented_code = TRUE;
        }
      else
        {
          if (!blank)
            in_indented_code = FALSE;

          /* Wrapping only ever adds brackets, so a line that comes out
           * longer is a changed one. */
          if (has_link_destination (line, content))
            {
              g_string_truncate (wrapped_line, 0);
              wrap_line_destinations (wrapped_line, line, content);
              if (wrapped_line->len != (gsize) (content - line))
                {
                  if (out == NULL)
                    out = g_string_sized_new (len + 16);
                  g_string_append_len (out, copied, line - copied);
                  g_string_append_len (out, wrapped_line->str, wrapped_line->len);
                  copied = content;
                }
            }
        }

      prev_blank = blank;
      line = next;
    }

  if (out == NULL)
    return NULL;

  g_string_append_len (out, copied, end - copied);
  *out_len = out->len;
  return g_string_free (out, FALSE);
}

/* Whether TEXT has an entity for ^ (&Hat;, &#94;, &#x5E;) right after a
 * `[`. cmark-gfm 0.29.0.gfm.6 takes such a `[` for a footnote reference
 * and then reads freed memory when it turns the reference back into text
 * (an invalid read under valgrind, garbage or a crash in the HTML). */
static gboolean
has_entity_caret (const char *text,
                  gsize       len)
{
  const char *end = text + len;

  for (const char *p = text; p < end && (p = memchr (p, '[', end - p)) != NULL; p++)
    {
      const char *q = p + 1;
      guint64 value = 0;
      guint base = 10;
      guint digits = 0;

      if (end - q >= 5 && memcmp (q, "&Hat;", 5) == 0)
        return TRUE;
      if (end - q < 4 || q[0] != '&' || q[1] != '#')
        continue;

      q += 2;
      if (*q == 'x' || *q == 'X')
        {
          base = 16;
          q++;
        }
      for (; q < end && g_ascii_isxdigit (*q) && (base == 16 || g_ascii_isdigit (*q)); q++)
        {
          value = value * base + g_ascii_xdigit_value (*q);
          if (++digits > 8)
            break;
        }
      if (digits > 0 && digits <= 8 && q < end && *q == ';' && value == '^')
        return TRUE;
    }

  return FALSE;
}

/* Footnotes are parsed only when TEXT can have one: a definition starts
 * with `[^`. Without one the option changes nothing but a `[` followed by
 * an escaped or entity ^, which it gets wrong (`[\^a]` comes out as
 * `[^a]]`; for the entity see has_entity_caret()), and its passes over
 * the whole tree cost a tenth of the parse. With such an entity footnotes
 * stay off, so their definitions read as link reference definitions: a
 * wrong preview of a rare post rather than cmark-gfm reading freed
 * memory. */
static gboolean
wants_footnotes (const char *text,
                 gsize       len)
{
  const char *end = text + len;
  gboolean found = FALSE;

  for (const char *p = text; !found && p < end && (p = memchr (p, '[', end - p)) != NULL; p++)
    found = p + 1 < end && p[1] == '^';

  return found && !has_entity_caret (text, len);
}

/* The parser and render options of a flavor. */
static void
get_cmark_options (const HanjiRenderOptions *options,
                   gboolean                  footnotes,
                   int                      *parse_options,
                   int                      *render_options)
{
  /* No CMARK_OPT_UNSAFE in any flavor: raw HTML and javascript: URLs are
   * dropped, so nothing a post contains can run script in the preview.
   * Invalid UTF-8 becomes U+FFFD rather than reaching WebKit. */
  *parse_options = CMARK_OPT_VALIDATE_UTF8;
  if (footnotes)
    *parse_options |= CMARK_OPT_FOOTNOTES;

  /* Both generators turn on typographic quotes and dashes (goldmark's
   * typographer in Hugo, kramdown's smart_quotes in Jekyll), strike
   * through only ~~two~~ tildes, and align table cells with style=. */
  if (options->flavor == HANJI_FLAVOR_HUGO || options->flavor == HANJI_FLAVOR_JEKYLL)
    *parse_options |= CMARK_OPT_SMART |
                      CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE |
                      CMARK_OPT_TABLE_PREFER_STYLE_ATTRIBUTES;

  *render_options = *parse_options;
  if (options->sourcepos)
    *render_options |= CMARK_OPT_SOURCEPOS;
}

static cmark_parser *
parser_new (const HanjiRenderOptions *options,
            gboolean                  footnotes,
            guint                     line_offset)
{
  cmark_parser *parser;
  int parse_options;
  int render_options;

  ensure_extensions ();
  get_cmark_options (options, footnotes, &parse_options, &render_options);
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
  if (line_offset > 0)
    {
      char newlines[64];
      guint remaining = line_offset;

      memset (newlines, '\n', sizeof newlines);

      while (remaining > 0)
        {
          guint n = MIN (remaining, sizeof newlines);

          cmark_parser_feed (parser, newlines, n);
          remaining -= n;
        }
    }

  return parser;
}

/* The HTML of a block as it was rendered, and the line the block started
 * on then. Later renderings that take the block over share it. */
typedef struct
{
  gatomicrefcount ref_count;
  guint           line;
  gsize           len;
  char            html[];
} Fragment;

static Fragment *
fragment_new (const char *html,
              gsize       len,
              guint       line)
{
  Fragment *self = g_malloc (sizeof *self + len + 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->line = line;
  self->len = len;
  memcpy (self->html, html, len);
  self->html[len] = '\0';

  return self;
}

static Fragment *
fragment_ref (Fragment *self)
{
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

static void
fragment_unref (Fragment *self)
{
  if (g_atomic_ref_count_dec (&self->ref_count))
    g_free (self);
}

typedef struct
{
  Fragment *fragment;
  /* The block's source, text[start, end): from the start of its first
   * line to the start of the next block's first line, so the blank lines
   * and consumed reference definitions after a block are part of it. */
  gsize     start;
  gsize     end;
  /* What its HTML was made from: its source, and the next block's first
   * line when a node of the block ends there (see ends_on_next_line()) */
  gsize     key_end;
  /* The ids of its headings: ids[first_id, first_id + n_ids) */
  guint     first_id;
  guint     n_ids;
  /* Its first line in the whole file */
  guint     line;
} Block;

typedef enum
{
  SOURCE_MARKDOWN,
  SOURCE_HTML,
} SourceKind;

struct _HanjiRendering
{
  gatomicrefcount   ref_count;

  /* What a block's HTML depends on besides its own source and heading
   * ids: the options, and the context (see make_context()). */
  SourceKind        kind;
  HanjiFlavor       flavor;
  gboolean          sourcepos;
  HanjiUrlResolver  resolver;
  gpointer          resolver_data;
  GBytes           *context;

  /* The text that was parsed (after the Jekyll pass); the blocks' sources
   * are ranges of it. */
  char             *text;
  gsize             text_len;
  /* Every heading's id (or NULL), in document order */
  GPtrArray        *ids;

  Block            *blocks;
  guint             n_blocks;
  guint             n_rendered;
};

G_DEFINE_BOXED_TYPE (HanjiRendering, hanji_rendering, hanji_rendering_ref, hanji_rendering_unref)

static HanjiRendering *
rendering_alloc (SourceKind kind)
{
  HanjiRendering *self = g_new0 (HanjiRendering, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->kind = kind;
  self->ids = g_ptr_array_new_with_free_func (g_free);

  return self;
}

HanjiRendering *
hanji_rendering_ref (HanjiRendering *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
hanji_rendering_unref (HanjiRendering *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  for (guint i = 0; i < self->n_blocks; i++)
    fragment_unref (self->blocks[i].fragment);
  g_free (self->blocks);
  g_ptr_array_unref (self->ids);
  g_free (self->text);
  g_clear_pointer (&self->context, g_bytes_unref);
  g_free (self);
}

static gboolean
same_options (HanjiRendering *a,
              HanjiRendering *b)
{
  return a->kind == b->kind &&
         a->flavor == b->flavor &&
         a->sourcepos == b->sourcepos &&
         a->resolver == b->resolver &&
         a->resolver_data == b->resolver_data;
}

static gboolean
same_context (HanjiRendering *a,
              HanjiRendering *b)
{
  return a->context == b->context || g_bytes_equal (a->context, b->context);
}

/* Same source and heading ids; options and context are not compared. */
static gboolean
same_source (HanjiRendering *a,
             guint           i,
             HanjiRendering *b,
             guint           j)
{
  const Block *x = &a->blocks[i];
  const Block *y = &b->blocks[j];

  if (x->key_end - x->start != y->key_end - y->start ||
      x->n_ids != y->n_ids ||
      memcmp (a->text + x->start, b->text + y->start, x->key_end - x->start) != 0)
    return FALSE;

  for (guint k = 0; k < x->n_ids; k++)
    if (g_strcmp0 (g_ptr_array_index (a->ids, x->first_id + k),
                   g_ptr_array_index (b->ids, y->first_id + k)) != 0)
      return FALSE;

  return TRUE;
}

/* cmark-gfm counts a lone \r as a line end, which the line index does not;
 * a body with one is not cut into blocks. */
static gboolean
has_lone_cr (const char *text,
             gsize       len)
{
  const char *end = text + len;

  for (const char *p = text; (p = memchr (p, '\r', end - p)) != NULL; p++)
    if (p + 1 == end || p[1] != '\n')
      return TRUE;

  return FALSE;
}

/* The top-level nodes a block renders. */
typedef struct
{
  cmark_node *first;
  guint       n_nodes;
} NodeRun;

/* Cuts the body at the document's top-level nodes: BLOCKS gets a Block
 * (its source and line) and RUNS the nodes it renders, per run of nodes
 * that is a block. Returns FALSE when the body has to be one block. */
static gboolean
cut_blocks (cmark_node      *document,
            const LineIndex *lines,
            guint            line_offset,
            GArray          *blocks,
            GArray          *runs)
{
  gsize last_offset = 0;
  gboolean join_next = FALSE;

  for (cmark_node *node = cmark_node_first_child (document);
       node != NULL;
       node = cmark_node_next (node))
    {
      gint64 line = (gint64) cmark_node_get_start_line (node) - line_offset;
      gboolean positioned = line >= 1;
      gsize offset = 0;

      /* Footnote definitions are moved to the end and rendered together,
       * numbered in the order of the references: that HTML depends on
       * the whole body. */
      if (cmark_node_get_type (node) == CMARK_NODE_FOOTNOTE_DEFINITION ||
          line > lines->n_lines)
        return FALSE;

      if (positioned)
        {
          offset = lines->starts[line - 1];
          if (offset < last_offset)
            return FALSE;
        }

      if (blocks->len == 0 ||
          (positioned && !join_next && offset > last_offset))
        {
          Block block = { NULL, };
          NodeRun run = { node, 0 };

          /* A first node without a position takes the text from its start. */
          block.start = offset;
          block.line = positioned ? (guint) line + line_offset : line_offset + 1;
          g_array_append_val (blocks, block);
          g_array_append_val (runs, run);
        }

      g_array_index (runs, NodeRun, runs->len - 1).n_nodes++;

      /* A node cmark-gfm made after parsing has no position: the table
       * extension splits the lines above a table's header row off into
       * such a paragraph, and the table keeps their first line. Its
       * source cannot be told, so it stays in one block with the nodes
       * on both sides of it. */
      join_next = !positioned;
      if (positioned)
        last_offset = offset;
    }

  for (guint i = 0; i < blocks->len; i++)
    g_array_index (blocks, Block, i).end = i + 1 < blocks->len ?
                                           g_array_index (blocks, Block, i + 1).start :
                                           lines->len;

  return TRUE;
}

static void
append_context_segment (GByteArray *context,
                        guint8      tag,
                        const char *text,
                        gsize       start,
                        gsize       end)
{
  guint64 len = end - start;

  g_byte_array_append (context, &tag, 1);
  g_byte_array_append (context, (const guint8 *) &len, sizeof len);
  g_byte_array_append (context, (const guint8 *) text + start, len);
}

/* What a block's HTML depends on beyond its own source and heading ids:
 * whether footnotes were parsed ("F"), which `[^` anywhere decides, and
 * for a body that is one block ("W") nothing else. Otherwise ("B") it is
 * the link reference definitions, which any block can use:
 * a definition is written `[label]:`, so every block holding a `]:`
 * (and the text before the first block, where definitions that leave no
 * node may sit) goes into the context whole, with its length. A block's
 * nodes are parsed from its own lines alone, so equal such blocks define
 * the same references; this also covers a definition whose label or
 * title runs over several lines, or which an edit elsewhere turns into
 * code, as the block it sits in then changes. */
static GBytes *
make_context (const char  *text,
              gsize        len,
              gboolean     footnotes,
              gboolean     whole,
              const Block *blocks,
              guint        n_blocks)
{
  GByteArray *context = g_byte_array_new ();
  const char *end = text + len;
  /* -1 is the text before the first block */
  gint64 segment = -1;
  gint64 added = -2;

  g_byte_array_append (context, (const guint8 *) (whole ? "W" : "B"), 1);
  g_byte_array_append (context, (const guint8 *) (footnotes ? "F" : "-"), 1);
  if (whole)
    return g_byte_array_free_to_bytes (context);

  for (const char *p = text; p < end && (p = memchr (p, ']', end - p)) != NULL; p++)
    {
      gsize pos = p - text;
      gsize segment_end;

      if (p + 1 == end || p[1] != ':')
        continue;

      while (segment + 1 < n_blocks && blocks[segment + 1].start <= pos)
        segment++;

      if (segment < 0)
        {
          segment_end = n_blocks > 0 ? blocks[0].start : len;
          append_context_segment (context, 'P', text, 0, segment_end);
        }
      else
        {
          segment_end = blocks[segment].end;
          append_context_segment (context, 'K', text, blocks[segment].start, segment_end);
        }

      g_assert (segment != added);
      added = segment;
      p = text + segment_end - 1;
    }

  return g_byte_array_free_to_bytes (context);
}

typedef struct
{
  const HanjiRenderOptions *options;
  int                       render_options;
  cmark_llist              *extensions;
  GString                  *html;
  GString                  *with_ids;
} Renderer;

/* Renders a run of top-level nodes (or the document) as one block. The
 * nodes stay in the tree, so a list item still sees whether its list is
 * tight; each render starts with cmark's cr(), which adds nothing to an
 * empty buffer, so the runs concatenate to the document's HTML. */
static Fragment *
render_block (Renderer       *renderer,
              HanjiRendering *self,
              const Block    *block,
              const NodeRun  *run)
{
  cmark_mem *mem = cmark_get_default_mem_allocator ();
  cmark_node *node = run->first;
  GString *out;

  g_string_truncate (renderer->html, 0);

  for (guint i = 0; i < run->n_nodes; i++, node = cmark_node_next (node))
    {
      char *html;

      if (renderer->options->flavor == HANJI_FLAVOR_HUGO)
        upgrade_www_links (node);
      if (renderer->options->resolver != NULL)
        resolve_urls (node, renderer->options);

      html = cmark_render_html_with_mem (node, renderer->render_options,
                                         renderer->extensions, mem);
      g_string_append (renderer->html, html);
      mem->free (html);
    }

  out = renderer->html;
  if (block->n_ids > 0)
    {
      g_string_truncate (renderer->with_ids, 0);
      append_with_heading_ids (renderer->with_ids, renderer->html->str,
                               (char *const *) self->ids->pdata + block->first_id,
                               block->n_ids);
      out = renderer->with_ids;
    }

  return fragment_new (out->str, out->len, block->line);
}

/* The whole pipeline: parses MARKDOWN (a body, whose first line is line
 * LINE_OFFSET + 1 of the file), cuts it into blocks, takes over from
 * PREVIOUS every block that has not changed and renders the rest. */
static HanjiRendering *
rendering_build (const char               *markdown,
                 gsize                     len,
                 guint                     line_offset,
                 const HanjiRenderOptions *options,
                 HanjiRendering           *previous)
{
  HanjiRendering *self = rendering_alloc (SOURCE_MARKDOWN);
  g_autoptr(GArray) blocks = g_array_new (FALSE, TRUE, sizeof (Block));
  g_autoptr(GArray) runs = g_array_new (FALSE, FALSE, sizeof (NodeRun));
  g_autoptr(GString) html = g_string_new (NULL);
  g_autoptr(GString) with_ids = g_string_new (NULL);
  g_autoptr(GHashTable) seen = NULL;
  Renderer renderer = { options, 0, NULL, html, with_ids };
  LineIndex lines;
  NodeScan scan = { options->flavor, FALSE, &lines, line_offset, NULL, self->ids, FALSE };
  cmark_parser *parser;
  cmark_node *document;
  gboolean footnotes;
  gboolean whole;
  guint prefix = 0;
  guint suffix = 0;
  int parse_options;

  self->flavor = options->flavor;
  self->sourcepos = options->sourcepos != FALSE;
  self->resolver = options->resolver;
  self->resolver_data = options->resolver_data;

  if (options->flavor == HANJI_FLAVOR_JEKYLL)
    self->text = wrap_spaced_destinations (markdown, len, &self->text_len);
  if (self->text == NULL)
    {
      /* Kept: later renderings compare their blocks' sources with it. */
      self->text = g_malloc (len + 1);
      memcpy (self->text, markdown, len);
      self->text[len] = '\0';
      self->text_len = len;
    }

  footnotes = wants_footnotes (self->text, self->text_len);
  parser = parser_new (options, footnotes, line_offset);
  cmark_parser_feed (parser, self->text, self->text_len);
  document = cmark_parser_finish (parser);

  line_index_init (&lines, self->text, self->text_len);

  whole = has_lone_cr (self->text, self->text_len) ||
          !cut_blocks (document, &lines, line_offset, blocks, runs);
  if (whole)
    {
      Block block = { NULL, 0, self->text_len, self->text_len, 0, 0, line_offset + 1 };
      NodeRun run = { document, 1 };

      g_array_set_size (blocks, 0);
      g_array_append_val (blocks, block);
      g_array_set_size (runs, 0);
      g_array_append_val (runs, run);
    }

  /* Ids depend on the text only, never on resolved URLs. Hugo's come
   * from the source lines, so the Jekyll pass never touches them. Their
   * counters run over the whole body, so every heading gets its id on
   * every render; a block whose ids changed is a changed block. */
  scan.ids_wanted = options->flavor == HANJI_FLAVOR_HUGO || options->flavor == HANJI_FLAVOR_JEKYLL;
  if (scan.ids_wanted)
    scan.seen = seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < blocks->len; i++)
    {
      Block *block = &g_array_index (blocks, Block, i);
      const NodeRun *run = &g_array_index (runs, NodeRun, i);
      cmark_node *node = run->first;

      block->first_id = self->ids->len;
      block->key_end = block->end;
      scan.next_line = FALSE;

      /* End positions only show with sourcepos. */
      if (scan.ids_wanted || options->sourcepos)
        for (guint k = 0; k < run->n_nodes; k++, node = cmark_node_next (node))
          scan_nodes (&scan, node);

      block->n_ids = self->ids->len - block->first_id;

      if (scan.next_line && options->sourcepos && block->end < self->text_len)
        {
          const char *eol = memchr (self->text + block->end, '\n',
                                    self->text_len - block->end);

          block->key_end = eol != NULL ? (gsize) (eol - self->text) + 1 : self->text_len;
        }
    }

  self->n_blocks = blocks->len;
  self->blocks = (Block *) (void *) g_array_free (g_steal_pointer (&blocks), FALSE);
  self->context = make_context (self->text, self->text_len, footnotes, whole,
                                self->blocks, self->n_blocks);

  /* An edit changes one run of blocks; the blocks before and after it
   * are found by comparing sources from both ends, in time linear in the
   * text however many blocks there are. */
  if (previous != NULL && same_options (self, previous) && same_context (self, previous))
    {
      guint n = MIN (self->n_blocks, previous->n_blocks);

      g_bytes_unref (self->context);
      self->context = g_bytes_ref (previous->context);

      while (prefix < n && same_source (self, prefix, previous, prefix))
        {
          self->blocks[prefix].fragment = fragment_ref (previous->blocks[prefix].fragment);
          prefix++;
        }

      while (suffix < n - prefix &&
             same_source (self, self->n_blocks - 1 - suffix,
                          previous, previous->n_blocks - 1 - suffix))
        {
          self->blocks[self->n_blocks - 1 - suffix].fragment =
            fragment_ref (previous->blocks[previous->n_blocks - 1 - suffix].fragment);
          suffix++;
        }
    }

  get_cmark_options (options, footnotes, &parse_options, &renderer.render_options);
  renderer.extensions = cmark_parser_get_syntax_extensions (parser);

  for (guint i = prefix; i < self->n_blocks - suffix; i++)
    {
      self->blocks[i].fragment = render_block (&renderer, self, &self->blocks[i],
                                               &g_array_index (runs, NodeRun, i));
      self->n_rendered++;
    }

  /* Freeing the tree costs a tenth of the render. A helper thread could
   * take it off the critical path, but it then frees into the malloc
   * arena the next parse allocates from: measured, renders in quick
   * succession (typing into a long post) got several times slower. */
  line_index_clear (&lines);
  cmark_node_free (document);
  cmark_parser_free (parser);

  return self;
}

HanjiRendering *
hanji_rendering_new (const char               *text,
                     gssize                    len,
                     const HanjiRenderOptions *options,
                     HanjiRendering           *previous)
{
  HanjiFrontMatterSplit split;
  HanjiRenderOptions defaults;
  gsize ulen;

  g_return_val_if_fail (text != NULL || len == 0, NULL);

  if (text == NULL)
    text = "";
  ulen = len < 0 ? strlen (text) : (gsize) len;

  if (options == NULL)
    {
      hanji_render_options_init (&defaults, HANJI_FLAVOR_COMMONMARK);
      options = &defaults;
    }

  hanji_front_matter_split (text, ulen, &split);

  return rendering_build (text + split.body_start, ulen - split.body_start,
                          split.body_line, options, previous);
}

HanjiRendering *
hanji_rendering_new_for_html (const char *html)
{
  HanjiRendering *self;
  gsize len;

  g_return_val_if_fail (html != NULL, NULL);

  len = strlen (html);
  self = rendering_alloc (SOURCE_HTML);
  self->context = g_bytes_new_static ("", 0);
  self->text = g_strndup (html, len);
  self->text_len = len;
  self->n_blocks = 1;
  self->n_rendered = 1;
  self->blocks = g_new0 (Block, 1);
  self->blocks[0].fragment = fragment_new (html, len, 1);
  self->blocks[0].end = len;
  self->blocks[0].key_end = len;
  self->blocks[0].line = 1;

  return self;
}

guint
hanji_rendering_get_n_blocks (HanjiRendering *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_blocks;
}

const char *
hanji_rendering_get_block_html (HanjiRendering *self,
                                guint           i)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (i < self->n_blocks, NULL);

  return self->blocks[i].fragment->html;
}

int
hanji_rendering_get_block_shift (HanjiRendering *self,
                                 guint           i)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (i < self->n_blocks, 0);

  return (int) self->blocks[i].line - (int) self->blocks[i].fragment->line;
}

guint
hanji_rendering_get_block_line (HanjiRendering *self,
                                guint           i)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (i < self->n_blocks, 0);

  return self->blocks[i].line;
}

gboolean
hanji_rendering_block_equal (HanjiRendering *a,
                             guint           i,
                             HanjiRendering *b,
                             guint           j)
{
  g_return_val_if_fail (a != NULL, FALSE);
  g_return_val_if_fail (b != NULL, FALSE);
  g_return_val_if_fail (i < a->n_blocks, FALSE);
  g_return_val_if_fail (j < b->n_blocks, FALSE);

  /* A fragment is only ever taken over by a block with the same source,
   * context and options, so sharing one is proof enough. */
  if (a->blocks[i].fragment == b->blocks[j].fragment)
    return TRUE;

  return same_options (a, b) && same_context (a, b) && same_source (a, i, b, j);
}

guint
hanji_rendering_get_n_rendered (HanjiRendering *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_rendered;
}

/* Appends the decimal line number at *P moved by SHIFT; 0 (no position,
 * as on the paragraph the table extension splits off) stays 0. */
static const char *
append_shifted_line (GString    *out,
                     const char *p,
                     int         shift)
{
  gint64 line = 0;
  const char *q = p;

  while (g_ascii_isdigit (*q) && q - p < 10)
    line = line * 10 + (*q++ - '0');

  if (q == p)
    return p;

  if (line > 0)
    line = MAX (line + shift, 1);
  g_string_append_printf (out, "%" G_GINT64_FORMAT, line);

  return q;
}

/* Copies HTML to OUT with the lines of every data-sourcepos="a:b-c:d"
 * (a and c) moved by SHIFT. Text never holds that string: cmark escapes
 * every quote outside attributes. */
static void
append_shifted (GString    *out,
                const char *html,
                int         shift)
{
  static const char attribute[] = "data-sourcepos=\"";
  const char *p = html;
  const char *q;

  while ((q = strstr (p, attribute)) != NULL)
    {
      q += strlen (attribute);
      g_string_append_len (out, p, q - p);

      p = append_shifted_line (out, q, shift);
      for (q = p; *q != '\0' && *q != '-' && *q != '"'; q++)
        ;
      if (*q == '-')
        {
          q++;
          g_string_append_len (out, p, q - p);
          p = append_shifted_line (out, q, shift);
        }
    }

  g_string_append (out, p);
}

char *
hanji_rendering_dup_html (HanjiRendering *self)
{
  GString *out;
  gsize len = 0;

  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->n_blocks; i++)
    len += self->blocks[i].fragment->len;

  /* Room for a few longer line numbers. */
  out = g_string_sized_new (len + len / 64 + 1);

  for (guint i = 0; i < self->n_blocks; i++)
    {
      const Fragment *fragment = self->blocks[i].fragment;
      int shift = hanji_rendering_get_block_shift (self, i);

      if (shift == 0)
        g_string_append_len (out, fragment->html, fragment->len);
      else
        append_shifted (out, fragment->html, shift);
    }

  return g_string_free (out, FALSE);
}

char *
hanji_markdown_render (const char               *markdown,
                       gssize                    len,
                       const HanjiRenderOptions *options)
{
  g_autoptr(HanjiRendering) rendering = NULL;
  HanjiRenderOptions defaults;
  gsize ulen;

  g_return_val_if_fail (markdown != NULL || len == 0, g_strdup (""));

  if (markdown == NULL)
    markdown = "";
  ulen = len < 0 ? strlen (markdown) : (gsize) len;

  if (options == NULL)
    {
      hanji_render_options_init (&defaults, HANJI_FLAVOR_COMMONMARK);
      options = &defaults;
    }

  rendering = rendering_build (markdown, ulen, options->line_offset, options, NULL);
  return hanji_rendering_dup_html (rendering);
}

char *
hanji_markdown_render_post (const char               *text,
                            gssize                    len,
                            const HanjiRenderOptions *options)
{
  g_autoptr(HanjiRendering) rendering = NULL;

  g_return_val_if_fail (text != NULL || len == 0, g_strdup (""));

  rendering = hanji_rendering_new (text, len, options, NULL);
  return hanji_rendering_dup_html (rendering);
}

void
hanji_heading_free (HanjiHeading *heading)
{
  if (heading == NULL)
    return;

  g_free (heading->text);
  g_free (heading->id);
  g_free (heading);
}

/* The headings in document order, walked as scan_nodes () walks them
 * for the renderer, so their ids are the rendered ones. */
GPtrArray *
hanji_markdown_list_headings (const char  *text,
                              gssize       len,
                              HanjiFlavor  flavor)
{
  GPtrArray *headings = g_ptr_array_new_with_free_func ((GDestroyNotify) hanji_heading_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  HanjiFrontMatterSplit split;
  HanjiRenderOptions options;
  LineIndex lines = { 0 };
  NodeScan scan;
  cmark_parser *parser;
  cmark_node *document;
  cmark_node *node;
  const char *body;
  gsize length;
  gsize body_len;

  g_return_val_if_fail (text != NULL, headings);

  length = len < 0 ? strlen (text) : (gsize) len;
  hanji_front_matter_split (text, length, &split);
  body = text + split.body_start;
  body_len = length - split.body_start;

  hanji_render_options_init (&options, flavor);
  parser = parser_new (&options, FALSE, split.body_line);
  cmark_parser_feed (parser, body, body_len);
  document = cmark_parser_finish (parser);
  line_index_init (&lines, body, body_len);

  memset (&scan, 0, sizeof scan);
  scan.flavor = flavor;
  scan.lines = &lines;
  scan.line_offset = split.body_line;
  scan.seen = seen;

  node = document;
  while (node != NULL)
    {
      cmark_node *child = cmark_node_first_child (node);

      if (cmark_node_get_type (node) == CMARK_NODE_HEADING)
        {
          HanjiHeading *heading = g_new0 (HanjiHeading, 1);
          GString *heading_text = g_string_new (NULL);

          append_heading_text (heading_text, node);
          heading->level = cmark_node_get_heading_level (node);
          heading->line = cmark_node_get_start_line (node);
          heading->text = g_strstrip (g_string_free (heading_text, FALSE));
          /* Plain CommonMark has no ids; the Hugo kind is the common one. */
          if (flavor == HANJI_FLAVOR_COMMONMARK)
            scan.flavor = HANJI_FLAVOR_HUGO;
          heading->id = heading_id (&scan, node);
          g_ptr_array_add (headings, heading);
        }
      else if (child != NULL && is_block_node (child))
        {
          node = child;
          continue;
        }

      while (node != document && cmark_node_next (node) == NULL)
        node = cmark_node_parent (node);
      if (node == document)
        break;
      node = cmark_node_next (node);
    }

  line_index_clear (&lines);
  cmark_node_free (document);
  cmark_parser_free (parser);

  return headings;
}

void
hanji_link_free (HanjiLink *link)
{
  if (link == NULL)
    return;

  g_free (link->url);
  g_free (link);
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; p != NULL && *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      return FALSE;

  return TRUE;
}

GPtrArray *
hanji_markdown_list_links (const char  *text,
                           gssize       len,
                           HanjiFlavor  flavor)
{
  GPtrArray *links = g_ptr_array_new_with_free_func ((GDestroyNotify) hanji_link_free);
  HanjiFrontMatterSplit split;
  HanjiRenderOptions options;
  cmark_parser *parser;
  cmark_node *document;
  cmark_iter *iter;
  cmark_event_type event;
  gsize length;

  g_return_val_if_fail (text != NULL, links);

  length = len < 0 ? strlen (text) : (gsize) len;
  hanji_front_matter_split (text, length, &split);

  hanji_render_options_init (&options, flavor);
  parser = parser_new (&options, FALSE, split.body_line);
  cmark_parser_feed (parser, text + split.body_start, length - split.body_start);
  document = cmark_parser_finish (parser);

  iter = cmark_iter_new (document);
  while ((event = cmark_iter_next (iter)) != CMARK_EVENT_DONE)
    {
      cmark_node *node = cmark_iter_get_node (iter);
      cmark_node_type type = cmark_node_get_type (node);
      HanjiLink *link;

      if (event != CMARK_EVENT_ENTER || (type != CMARK_NODE_LINK && type != CMARK_NODE_IMAGE))
        continue;

      link = g_new0 (HanjiLink, 1);
      link->is_image = type == CMARK_NODE_IMAGE;
      link->url = g_strdup (cmark_node_get_url (node) ? cmark_node_get_url (node) : "");
      link->line = cmark_node_get_start_line (node);
      link->column = cmark_node_get_start_column (node);
      /* Autolinks have no destination of their own in the text. */
      link->autolink = cmark_node_first_child (node) != NULL &&
                       cmark_node_get_type (cmark_node_first_child (node)) == CMARK_NODE_TEXT &&
                       g_strcmp0 (cmark_node_get_literal (cmark_node_first_child (node)), link->url) == 0;
      link->no_text = cmark_node_first_child (node) == NULL ||
                      (cmark_node_next (cmark_node_first_child (node)) == NULL &&
                       cmark_node_get_type (cmark_node_first_child (node)) == CMARK_NODE_TEXT &&
                       is_blank (cmark_node_get_literal (cmark_node_first_child (node))));
      g_ptr_array_add (links, link);
    }

  cmark_iter_free (iter);
  cmark_node_free (document);
  cmark_parser_free (parser);

  return links;
}
