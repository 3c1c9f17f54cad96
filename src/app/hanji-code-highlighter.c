/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hanji-code-highlighter"

#include "config.h"

#include <string.h>

#include "hanji-code-highlighter.h"

#define DEFAULT_SCHEME "Adwaita"
/* The preview page styles code blocks as `.hanji-content pre`; the same
 * selector, given later, wins over it. */
#define PRE_SELECTOR   ".hanji-content pre"

/* Switching a buffer's language destroys its highlighting engine, and
 * with it GtkSourceView's parsed copy of the .lang file, which is parsed
 * again on the next switch: 15 ms for Python, 30–100 ms for JavaScript or
 * HTML, each time a post alternates between them. One buffer per recent
 * language makes the switch free. */
#define MAX_BUFFERS       8
/* A live preview asks again on every keystroke; blocks that did not change
 * hit the cache, the block being edited adds an entry each time. The
 * oldest entries go first. */
#define MAX_CACHE_ENTRIES 256
#define MAX_CACHE_BYTES   (8 * 1024 * 1024)
/* GtkSourceView's engine is quadratic in the length of a line: a
 * 1,000-character line of JavaScript takes 36 ms, 5,000 take 0.9 s, and a
 * line that takes 2 s makes it give up with a g_critical(). Blocks with a
 * longer line (minified code, base64) come back escaped but uncoloured.
 * Whole blocks cost about 4 µs a byte in JavaScript (0.7 µs in Python), so
 * larger blocks are not coloured either, to bound the time the preview
 * waits on one of them. */
#define MAX_LINE_BYTES    1024
#define MAX_CODE_BYTES    (256 * 1024)

struct _HanjiCodeHighlighter
{
  GObject               parent_instance;

  GtkSourceStyleScheme *scheme;

  /* GtkSourceBuffer, most recently used first. */
  GQueue                buffers;

  /* Key (language id, '\n', code) → its link in cache_lru. */
  GHashTable           *cache;
  /* CacheEntry, most recently used first. */
  GQueue                cache_lru;
  gsize                 cache_bytes;
};

G_DEFINE_FINAL_TYPE (HanjiCodeHighlighter, hanji_code_highlighter, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SCHEME,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

typedef struct
{
  char  *key;
  char  *html;
  gsize  size;
} CacheEntry;

/* What a run of text looks like: the visual properties of the tags over
 * it, merged. */
typedef struct
{
  GdkRGBA        foreground;
  GdkRGBA        background;
  GdkRGBA        underline_color;
  int            weight;
  PangoStyle     style;
  PangoUnderline underline;
  gboolean       strikethrough;
  guint          foreground_set : 1;
  guint          background_set : 1;
  guint          underline_color_set : 1;
  guint          weight_set : 1;
  guint          style_set : 1;
  guint          underline_set : 1;
  guint          strikethrough_set : 1;
} RunStyle;

/* Fence words GtkSourceView's ids and globs do not answer (or answer
 * wrongly: its "python" is Python 2). A NULL id means "plain text, do not
 * guess": a console transcript highlighted as shell would turn every
 * apostrophe in the program's output into the start of a string running
 * to the end of the block. */
static const struct
{
  const char *word;
  const char *id;
} aliases[] = {
  { "bash", "sh" },
  { "bat", "dosbatch" },
  { "batch", "dosbatch" },
  { "c#", "c-sharp" },
  { "c++", "cpp" },
  { "cc", "cpp" },
  { "cjs", "js" },
  { "cmd", "dosbatch" },
  { "console", NULL },
  { "cs", "c-sharp" },
  { "csharp", "c-sharp" },
  { "cxx", "cpp" },
  { "dockerfile", "docker" },
  { "ecmascript", "js" },
  { "erl", "erlang" },
  { "f#", "fsharp" },
  { "golang", "go" },
  { "h", "chdr" },
  { "hcl", "terraform" },
  { "hpp", "cpphdr" },
  { "hs", "haskell" },
  { "htm", "html" },
  { "javascript", "js" },
  { "jl", "julia" },
  { "json5", "json" },
  { "jsonc", "json" },
  { "kt", "kotlin" },
  { "kts", "kotlin" },
  { "ksh", "sh" },
  { "make", "makefile" },
  { "md", "markdown" },
  { "mjs", "js" },
  { "mkd", "markdown" },
  { "ml", "ocaml" },
  { "node", "js" },
  { "objc++", "objc" },
  { "objective-c", "objc" },
  { "objectivec", "objc" },
  { "output", NULL },
  { "patch", "diff" },
  { "pl", "perl" },
  { "plain", NULL },
  { "plaintext", NULL },
  { "po", "gettext-translation" },
  { "pot", "gettext-translation" },
  { "protobuf", "proto" },
  { "ps1", "powershell" },
  { "pwsh", "powershell" },
  { "py", "python3" },
  { "py2", "python" },
  { "py3", "python3" },
  { "python", "python3" },
  { "python2", "python" },
  { "rb", "ruby" },
  { "rs", "rust" },
  { "shell", "sh" },
  { "shell-session", NULL },
  { "shellscript", "sh" },
  { "sh-session", NULL },
  { "svg", "xml" },
  { "tex", "latex" },
  { "text", NULL },
  { "tf", "terraform" },
  { "ts", "typescript" },
  { "tsx", "typescript-jsx" },
  { "txt", NULL },
  { "vb", "vbnet" },
  { "xhtml", "html" },
  { "yml", "yaml" },
  { "zsh", "sh" },
};

static void
cache_entry_free (CacheEntry *entry)
{
  g_free (entry->key);
  g_free (entry->html);
  g_free (entry);
}

static void
cache_clear (HanjiCodeHighlighter *self)
{
  g_hash_table_remove_all (self->cache);
  g_queue_clear_full (&self->cache_lru, (GDestroyNotify) cache_entry_free);
  self->cache_bytes = 0;
}

static const char *
cache_lookup (HanjiCodeHighlighter *self,
              const char           *key)
{
  GList *link = g_hash_table_lookup (self->cache, key);

  if (link == NULL)
    return NULL;

  g_queue_unlink (&self->cache_lru, link);
  g_queue_push_head_link (&self->cache_lru, link);

  return ((CacheEntry *) link->data)->html;
}

static void
cache_insert (HanjiCodeHighlighter *self,
              char                 *key,
              const char           *html)
{
  CacheEntry *entry;
  gsize size = strlen (key) + strlen (html) + sizeof (CacheEntry);

  /* One huge block would evict everything else and still be too big. */
  if (size > MAX_CACHE_BYTES / 4)
    {
      g_free (key);
      return;
    }

  while (self->cache_lru.length >= MAX_CACHE_ENTRIES ||
         self->cache_bytes + size > MAX_CACHE_BYTES)
    {
      CacheEntry *oldest = g_queue_pop_tail (&self->cache_lru);

      g_hash_table_remove (self->cache, oldest->key);
      self->cache_bytes -= oldest->size;
      cache_entry_free (oldest);
    }

  entry = g_new0 (CacheEntry, 1);
  entry->key = key;
  entry->html = g_strdup (html);
  entry->size = size;
  self->cache_bytes += size;

  g_queue_push_head (&self->cache_lru, entry);
  g_hash_table_insert (self->cache, entry->key, self->cache_lru.head);
}

static GtkSourceBuffer *
buffer_for_language (HanjiCodeHighlighter *self,
                     GtkSourceLanguage    *language)
{
  GtkSourceBuffer *buffer;

  for (GList *l = self->buffers.head; l != NULL; l = l->next)
    {
      buffer = l->data;

      if (gtk_source_buffer_get_language (buffer) == language)
        {
          g_queue_unlink (&self->buffers, l);
          g_queue_push_head_link (&self->buffers, l);
          return buffer;
        }
    }

  if (self->buffers.length >= MAX_BUFFERS)
    g_object_unref (g_queue_pop_tail (&self->buffers));

  buffer = gtk_source_buffer_new_with_language (language);
  gtk_source_buffer_set_style_scheme (buffer, self->scheme);
  /* Nothing here is ever undone, and a matching-bracket tag next to the
   * cursor would show up as highlighting. */
  gtk_text_buffer_set_enable_undo (GTK_TEXT_BUFFER (buffer), FALSE);
  gtk_source_buffer_set_highlight_matching_brackets (buffer, FALSE);
  gtk_source_buffer_set_highlight_syntax (buffer, TRUE);
  g_queue_push_head (&self->buffers, buffer);

  return buffer;
}

static void
tag_style_read (GtkTextTag *tag,
                RunStyle   *style)
{
  gboolean foreground_set;
  gboolean background_set;
  gboolean underline_color_set;
  gboolean weight_set;
  gboolean style_set;
  gboolean underline_set;
  gboolean strikethrough_set;
  GdkRGBA *foreground = NULL;
  GdkRGBA *background = NULL;
  GdkRGBA *underline_color = NULL;

  memset (style, 0, sizeof *style);

  g_object_get (tag,
                "foreground-set", &foreground_set,
                "background-set", &background_set,
                "underline-rgba-set", &underline_color_set,
                "weight-set", &weight_set,
                "style-set", &style_set,
                "underline-set", &underline_set,
                "strikethrough-set", &strikethrough_set,
                NULL);

  /* Context-class tags ("gtksourceview:context-classes:string") and any
   * other tag without visual properties end here. */
  if (!foreground_set && !background_set && !underline_color_set &&
      !weight_set && !style_set && !underline_set && !strikethrough_set)
    return;

  g_object_get (tag,
                "foreground-rgba", &foreground,
                "background-rgba", &background,
                "underline-rgba", &underline_color,
                "weight", &style->weight,
                "style", &style->style,
                "underline", &style->underline,
                "strikethrough", &style->strikethrough,
                NULL);

  if (foreground_set && foreground != NULL)
    {
      style->foreground = *foreground;
      style->foreground_set = TRUE;
    }
  if (background_set && background != NULL)
    {
      style->background = *background;
      style->background_set = TRUE;
    }
  if (underline_color_set && underline_color != NULL)
    {
      style->underline_color = *underline_color;
      style->underline_color_set = TRUE;
    }
  style->weight_set = weight_set;
  style->style_set = style_set;
  style->underline_set = underline_set;
  style->strikethrough_set = strikethrough_set;

  g_clear_pointer (&foreground, gdk_rgba_free);
  g_clear_pointer (&background, gdk_rgba_free);
  g_clear_pointer (&underline_color, gdk_rgba_free);
}

/* Overlays what top sets onto style. */
static void
run_style_merge (RunStyle       *style,
                 const RunStyle *top)
{
  if (top->foreground_set)
    {
      style->foreground = top->foreground;
      style->foreground_set = TRUE;
    }
  if (top->background_set)
    {
      style->background = top->background;
      style->background_set = TRUE;
    }
  if (top->underline_color_set)
    {
      style->underline_color = top->underline_color;
      style->underline_color_set = TRUE;
    }
  if (top->weight_set)
    {
      style->weight = top->weight;
      style->weight_set = TRUE;
    }
  if (top->style_set)
    {
      style->style = top->style;
      style->style_set = TRUE;
    }
  if (top->underline_set)
    {
      style->underline = top->underline;
      style->underline_set = TRUE;
    }
  if (top->strikethrough_set)
    {
      style->strikethrough = top->strikethrough;
      style->strikethrough_set = TRUE;
    }
}

static void
append_css_color (GString       *css,
                  const GdkRGBA *rgba)
{
  int r = (int) (CLAMP (rgba->red, 0., 1.) * 255. + .5);
  int g = (int) (CLAMP (rgba->green, 0., 1.) * 255. + .5);
  int b = (int) (CLAMP (rgba->blue, 0., 1.) * 255. + .5);

  if (rgba->alpha >= 1.)
    {
      g_string_append_printf (css, "#%02x%02x%02x", r, g, b);
    }
  else
    {
      char alpha[G_ASCII_DTOSTR_BUF_SIZE];

      /* Locale-independent: a decimal comma would break the CSS. */
      g_ascii_formatd (alpha, sizeof alpha, "%.3g", CLAMP (rgba->alpha, 0., 1.));
      g_string_append_printf (css, "rgba(%d,%d,%d,%s)", r, g, b, alpha);
    }
}

/* The inline CSS for a run, empty when it looks like plain text. Values
 * equal to the defaults (normal weight, upright, no line) are left out so
 * that `bold="false"` in a scheme does not produce a span. */
static void
run_style_to_css (const RunStyle *style,
                  GString        *css)
{
  const char *line_style = NULL;
  gboolean underline = FALSE;
  gboolean strikethrough = style->strikethrough_set && style->strikethrough;

  g_string_truncate (css, 0);

  if (style->foreground_set)
    {
      g_string_append (css, "color:");
      append_css_color (css, &style->foreground);
      g_string_append_c (css, ';');
    }

  if (style->background_set)
    {
      g_string_append (css, "background-color:");
      append_css_color (css, &style->background);
      g_string_append_c (css, ';');
    }

  if (style->weight_set && style->weight != PANGO_WEIGHT_NORMAL)
    {
      if (style->weight == PANGO_WEIGHT_BOLD)
        g_string_append (css, "font-weight:bold;");
      else
        g_string_append_printf (css, "font-weight:%d;", style->weight);
    }

  if (style->style_set && style->style == PANGO_STYLE_ITALIC)
    g_string_append (css, "font-style:italic;");
  else if (style->style_set && style->style == PANGO_STYLE_OBLIQUE)
    g_string_append (css, "font-style:oblique;");

  if (style->underline_set)
    {
      switch (style->underline)
        {
        case PANGO_UNDERLINE_NONE:
          break;

        case PANGO_UNDERLINE_DOUBLE:
        case PANGO_UNDERLINE_DOUBLE_LINE:
          underline = TRUE;
          line_style = "double";
          break;

        case PANGO_UNDERLINE_ERROR:
        case PANGO_UNDERLINE_ERROR_LINE:
          underline = TRUE;
          line_style = "wavy";
          break;

        case PANGO_UNDERLINE_SINGLE:
        case PANGO_UNDERLINE_LOW:
        case PANGO_UNDERLINE_SINGLE_LINE:
        default:
          underline = TRUE;
          break;
        }
    }

  if (underline || strikethrough)
    {
      g_string_append (css, "text-decoration:");
      if (underline)
        g_string_append (css, "underline");
      if (strikethrough)
        g_string_append (css, underline ? " line-through" : "line-through");
      if (line_style != NULL)
        g_string_append_printf (css, " %s", line_style);
      if (underline && style->underline_color_set)
        {
          g_string_append_c (css, ' ');
          append_css_color (css, &style->underline_color);
        }
      g_string_append_c (css, ';');
    }

  /* No trailing separator inside the attribute. */
  if (css->len > 0)
    g_string_truncate (css, css->len - 1);
}

/* Tracks the visual tags over the current position while the walk goes
 * from toggle to toggle. gtk_text_iter_get_tags() at every toggle would be
 * simpler, but it is slow where contexts nest deeply (JavaScript has a
 * dozen tags over most characters): a 5,000-line block spent 250 ms in it,
 * against 4 ms for reading the toggles. */
typedef struct
{
  /* GtkTextTag → RunStyle: each tag's own properties, read once per call.
   * Reading them is a dozen property lookups; a block has thousands of
   * runs but only a few dozen tags. */
  GHashTable *tag_styles;
  /* The tags on here that have visual properties, ascending priority. */
  GPtrArray  *active;
} TagWalk;

static const RunStyle *
tag_walk_style (TagWalk    *walk,
                GtkTextTag *tag)
{
  RunStyle *style = g_hash_table_lookup (walk->tag_styles, tag);

  if (style == NULL)
    {
      style = g_new (RunStyle, 1);
      tag_style_read (tag, style);
      g_hash_table_insert (walk->tag_styles, tag, style);
    }

  return style;
}

static gboolean
run_style_is_empty (const RunStyle *style)
{
  return !style->foreground_set && !style->background_set &&
         !style->underline_color_set && !style->weight_set &&
         !style->style_set && !style->underline_set &&
         !style->strikethrough_set;
}

/* Updates the active tags for the toggles at iter and writes their merged
 * style, as inline CSS, into css. */
static void
tag_walk_step (TagWalk           *walk,
               const GtkTextIter *iter,
               GString           *css)
{
  RunStyle merged = { 0 };
  GSList *off = gtk_text_iter_get_toggled_tags (iter, FALSE);
  GSList *on = gtk_text_iter_get_toggled_tags (iter, TRUE);

  /* Tags without visual properties (context classes) were never added. */
  for (GSList *l = off; l != NULL; l = l->next)
    g_ptr_array_remove (walk->active, l->data);

  for (GSList *l = on; l != NULL; l = l->next)
    {
      GtkTextTag *tag = l->data;
      int priority = gtk_text_tag_get_priority (tag);
      guint i;

      if (run_style_is_empty (tag_walk_style (walk, tag)))
        continue;

      for (i = 0; i < walk->active->len; i++)
        if (gtk_text_tag_get_priority (g_ptr_array_index (walk->active, i)) > priority)
          break;
      g_ptr_array_insert (walk->active, i, tag);
    }

  g_slist_free (off);
  g_slist_free (on);

  /* Higher priority wins, as when GTK draws the tags. */
  for (guint i = 0; i < walk->active->len; i++)
    run_style_merge (&merged, tag_walk_style (walk, g_ptr_array_index (walk->active, i)));

  run_style_to_css (&merged, css);
}

/* HTML-escapes len bytes of text. Only what HTML would read as markup is
 * escaped, plus CR, which an HTML parser turns into LF when it is written
 * raw; everything else (Hangul, emoji, tabs) is copied as it is. */
static void
append_escaped (GString    *html,
                const char *text,
                gsize       len)
{
  const char *run = text;
  const char *end = text + len;

  for (const char *p = text; p < end; p++)
    {
      const char *entity;

      switch (*p)
        {
        case '&':  entity = "&amp;";  break;
        case '<':  entity = "&lt;";   break;
        case '>':  entity = "&gt;";   break;
        case '"':  entity = "&quot;"; break;
        case '\'': entity = "&#39;";  break;
        case '\r': entity = "&#13;";  break;
        default:   continue;
        }

      g_string_append_len (html, run, p - run);
      g_string_append (html, entity);
      run = p + 1;
    }

  g_string_append_len (html, run, end - run);
}

/* Walks the highlighted buffer from toggle to toggle. Its text is code:
 * character offsets in the buffer are code points in code, so the text
 * of each run is taken from code rather than copied out of the buffer. */
static char *
render_html (GtkTextBuffer *buffer,
             const char    *code,
             gsize          code_len)
{
  g_autoptr(GHashTable) tag_styles = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_autoptr(GPtrArray) active = g_ptr_array_new ();
  g_autoptr(GString) open_css = g_string_new (NULL);
  g_autoptr(GString) css = g_string_new (NULL);
  GString *html = g_string_sized_new (code_len + code_len / 2 + 16);
  TagWalk walk = { tag_styles, active };
  const char *p = code;
  GtkTextIter iter;

  gtk_text_buffer_get_start_iter (buffer, &iter);

  while (!gtk_text_iter_is_end (&iter))
    {
      GtkTextIter next = iter;
      const char *run_end;

      gtk_text_iter_forward_to_tag_toggle (&next, NULL);

      tag_walk_step (&walk, &iter, css);
      if (!g_string_equal (css, open_css))
        {
          if (open_css->len > 0)
            g_string_append (html, "</span>");
          if (css->len > 0)
            {
              g_string_append (html, "<span style=\"");
              g_string_append_len (html, css->str, css->len);
              g_string_append (html, "\">");
            }
          g_string_assign (open_css, css->str);
        }

      run_end = g_utf8_offset_to_pointer (p, gtk_text_iter_get_offset (&next) -
                                             gtk_text_iter_get_offset (&iter));
      append_escaped (html, p, run_end - p);
      p = run_end;
      iter = next;
    }

  if (open_css->len > 0)
    g_string_append (html, "</span>");

  /* The buffer's text is code; a mismatch would mean the walk above lost
   * its place and the result's text content is wrong. */
  g_assert (p == code + code_len);

  return g_string_free (html, FALSE);
}

/* Whether the engine gets through code in reasonable time (see
 * MAX_LINE_BYTES). Only \n and \r end lines here; the buffer also breaks
 * at U+2029, which can only make its lines shorter than counted. */
static gboolean
code_is_reasonable (const char *code,
                    gsize       code_len)
{
  const char *line = code;
  const char *end = code + code_len;

  if (code_len > MAX_CODE_BYTES)
    return FALSE;

  for (const char *p = code; p < end; p++)
    {
      if (*p == '\n' || *p == '\r')
        line = p + 1;
      else if (p - line >= MAX_LINE_BYTES)
        return FALSE;
    }

  return TRUE;
}

static void
hanji_code_highlighter_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  HanjiCodeHighlighter *self = HANJI_CODE_HIGHLIGHTER (object);

  switch (prop_id)
    {
    case PROP_SCHEME:
      g_value_set_object (value, self->scheme);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hanji_code_highlighter_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  HanjiCodeHighlighter *self = HANJI_CODE_HIGHLIGHTER (object);

  switch (prop_id)
    {
    case PROP_SCHEME:
      hanji_code_highlighter_set_scheme (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hanji_code_highlighter_finalize (GObject *object)
{
  HanjiCodeHighlighter *self = HANJI_CODE_HIGHLIGHTER (object);

  cache_clear (self);
  g_clear_pointer (&self->cache, g_hash_table_unref);
  g_queue_clear_full (&self->buffers, g_object_unref);
  g_clear_object (&self->scheme);

  G_OBJECT_CLASS (hanji_code_highlighter_parent_class)->finalize (object);
}

static void
hanji_code_highlighter_class_init (HanjiCodeHighlighterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hanji_code_highlighter_finalize;
  object_class->get_property = hanji_code_highlighter_get_property;
  object_class->set_property = hanji_code_highlighter_set_property;

  /**
   * HanjiCodeHighlighter:scheme:
   *
   * The style scheme whose colours the highlighted HTML uses; %NULL for
   * none.
   */
  properties [PROP_SCHEME] =
    g_param_spec_object ("scheme", NULL, NULL,
                         GTK_SOURCE_TYPE_STYLE_SCHEME,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hanji_code_highlighter_init (HanjiCodeHighlighter *self)
{
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();

  /* Keys are owned by the entries. */
  self->cache = g_hash_table_new (g_str_hash, g_str_equal);
  g_queue_init (&self->cache_lru);
  g_queue_init (&self->buffers);
  g_set_object (&self->scheme,
                gtk_source_style_scheme_manager_get_scheme (schemes, DEFAULT_SCHEME));
}

HanjiCodeHighlighter *
hanji_code_highlighter_new (void)
{
  return g_object_new (HANJI_TYPE_CODE_HIGHLIGHTER, NULL);
}

void
hanji_code_highlighter_set_scheme (HanjiCodeHighlighter *self,
                                   GtkSourceStyleScheme *scheme)
{
  g_return_if_fail (HANJI_IS_CODE_HIGHLIGHTER (self));
  g_return_if_fail (scheme == NULL || GTK_SOURCE_IS_STYLE_SCHEME (scheme));

  if (!g_set_object (&self->scheme, scheme))
    return;

  for (GList *l = self->buffers.head; l != NULL; l = l->next)
    gtk_source_buffer_set_style_scheme (l->data, scheme);
  cache_clear (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SCHEME]);
}

GtkSourceStyleScheme *
hanji_code_highlighter_get_scheme (HanjiCodeHighlighter *self)
{
  g_return_val_if_fail (HANJI_IS_CODE_HIGHLIGHTER (self), NULL);

  return self->scheme;
}

static GtkSourceLanguage *
visible_language (GtkSourceLanguage *language)
{
  if (language == NULL || gtk_source_language_get_hidden (language))
    return NULL;

  return language;
}

GtkSourceLanguage *
hanji_code_highlighter_find_language (HanjiCodeHighlighter *self,
                                      const char           *info)
{
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();
  g_autofree char *word = NULL;
  g_autofree char *file_name = NULL;
  GtkSourceLanguage *language;
  const char *start;
  const char *end;

  g_return_val_if_fail (HANJI_IS_CODE_HIGHLIGHTER (self), NULL);

  if (info == NULL)
    return NULL;

  /* Only the first word names the language: "python {linenos=true}". */
  for (start = info; g_ascii_isspace (*start); start++)
    ;
  for (end = start; *end != '\0' && !g_ascii_isspace (*end) && *end != '{'; end++)
    ;
  if (g_str_has_prefix (start, "language-") && end - start > 9)
    start += 9;
  if (end == start)
    return NULL;

  word = g_ascii_strdown (start, end - start);
  if (!g_utf8_validate (word, -1, NULL))
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
    {
      if (strcmp (aliases[i].word, word) != 0)
        continue;
      if (aliases[i].id == NULL)
        return NULL;

      language = gtk_source_language_manager_get_language (languages, aliases[i].id);
      if (language != NULL)
        return language;
      /* Not installed here: maybe the word still means something. */
      break;
    }

  language = visible_language (gtk_source_language_manager_get_language (languages, word));
  if (language != NULL)
    return language;

  /* A file name "x.<word>" so that the globs answer: "hh" → cpphdr. Words
   * with path separators are nobody's extension. */
  if (strchr (word, '/') != NULL || strchr (word, '\\') != NULL)
    return NULL;
  file_name = g_strconcat ("x.", word, NULL);

  return visible_language (gtk_source_language_manager_guess_language (languages, file_name, NULL));
}

char *
hanji_code_highlighter_highlight (HanjiCodeHighlighter *self,
                                  const char           *info,
                                  const char           *code)
{
  g_autofree char *key = NULL;
  GtkSourceLanguage *language;
  GtkSourceBuffer *buffer;
  GtkTextIter start;
  GtkTextIter end;
  const char *cached;
  char *html;
  gsize code_len;

  g_return_val_if_fail (HANJI_IS_CODE_HIGHLIGHTER (self), NULL);
  g_return_val_if_fail (code != NULL, NULL);

  language = hanji_code_highlighter_find_language (self, info);
  if (language == NULL)
    return NULL;

  code_len = strlen (code);
  /* A GtkTextBuffer only holds UTF-8; the caller shows the block plain. */
  if (!g_utf8_validate (code, code_len, NULL))
    return NULL;

  key = g_strconcat (gtk_source_language_get_id (language), "\n", code, NULL);
  cached = cache_lookup (self, key);
  if (cached != NULL)
    return g_strdup (cached);

  if (!code_is_reasonable (code, code_len))
    {
      GString *plain = g_string_sized_new (code_len + 16);

      append_escaped (plain, code, code_len);
      html = g_string_free (plain, FALSE);
    }
  else
    {
      buffer = buffer_for_language (self, language);
      gtk_text_buffer_set_text (GTK_TEXT_BUFFER (buffer), code, code_len);
      gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (buffer), &start, &end);
      gtk_source_buffer_ensure_highlight (buffer, &start, &end);

      html = render_html (GTK_TEXT_BUFFER (buffer), code, code_len);

      /* Holding on to a large block's text and tags would only cost
       * memory. Deleting tagged text is slow where tags nest deeply;
       * removing the tags first halves the time (300 → 150 ms for 5,000
       * lines of JavaScript). */
      gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (buffer), &start, &end);
      gtk_text_buffer_remove_all_tags (GTK_TEXT_BUFFER (buffer), &start, &end);
      gtk_text_buffer_set_text (GTK_TEXT_BUFFER (buffer), "", 0);
    }

  cache_insert (self, g_steal_pointer (&key), html);

  return html;
}

char *
hanji_code_highlighter_dup_css (HanjiCodeHighlighter *self)
{
  g_autofree char *background = NULL;
  g_autofree char *foreground = NULL;
  gboolean background_set = FALSE;
  gboolean foreground_set = FALSE;
  GtkSourceStyle *style;
  GdkRGBA rgba;
  GString *css;

  g_return_val_if_fail (HANJI_IS_CODE_HIGHLIGHTER (self), NULL);

  if (self->scheme == NULL ||
      (style = gtk_source_style_scheme_get_style (self->scheme, "text")) == NULL)
    return g_strdup ("");

  g_object_get (style,
                "background-set", &background_set,
                "background", &background,
                "foreground-set", &foreground_set,
                "foreground", &foreground,
                NULL);

  css = g_string_new (NULL);

  /* Colours go through GdkRGBA so that whatever spelling the scheme used
   * comes out as plain CSS. */
  if (background_set && background != NULL && gdk_rgba_parse (&rgba, background))
    {
      g_string_append (css, "background-color: ");
      append_css_color (css, &rgba);
      g_string_append (css, "; ");
    }

  if (foreground_set && foreground != NULL && gdk_rgba_parse (&rgba, foreground))
    {
      g_string_append (css, "color: ");
      append_css_color (css, &rgba);
      g_string_append (css, "; ");
    }

  if (css->len > 0)
    {
      g_string_prepend (css, PRE_SELECTOR " { ");
      g_string_append (css, "}\n");
    }

  return g_string_free (css, FALSE);
}
