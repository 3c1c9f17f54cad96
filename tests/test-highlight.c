/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "hanji-test-util.h"

#include <gtk/gtk.h>
#include <gtksourceview/gtksource.h>
#include <string.h>

#include "hanji-code-highlighter.h"

#define PYTHON_SNIPPET \
  "def greet(name):\n" \
  "    # say hi\n" \
  "    return \"hi \" + name\n"

static GtkSourceStyleScheme *
scheme (const char *id)
{
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  GtkSourceStyleScheme *found = gtk_source_style_scheme_manager_get_scheme (schemes, id);

  g_assert_nonnull (found);

  return found;
}

static GtkSourceLanguage *
language (const char *id)
{
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();
  GtkSourceLanguage *found = gtk_source_language_manager_get_language (languages, id);

  g_assert_nonnull (found);

  return found;
}

/* The scheme's style for a language's style id, following the map-to
 * fallbacks the way GtkSourceView's engine does. */
static GtkSourceStyle *
resolve_style (GtkSourceStyleScheme *in_scheme,
               GtkSourceLanguage    *lang,
               const char           *style_id)
{
  const char *id = style_id;

  for (guint guard = 0; id != NULL && guard < 50; guard++)
    {
      GtkSourceStyle *style = gtk_source_style_scheme_get_style (in_scheme, id);

      if (style != NULL)
        return style;

      id = gtk_source_language_get_style_fallback (lang, id);
    }

  g_error ("No style for %s in %s", style_id, gtk_source_style_scheme_get_id (in_scheme));
}

/* A colour as the highlighter writes it, from a style's colour property
 * ("foreground" or "background"). */
static char *
style_color (GtkSourceStyle *style,
             const char     *property)
{
  g_autofree char *set_name = g_strconcat (property, "-set", NULL);
  g_autofree char *spec = NULL;
  gboolean set = FALSE;
  GdkRGBA rgba;

  g_object_get (style, set_name, &set, property, &spec, NULL);
  g_assert_true (set);
  g_assert_true (gdk_rgba_parse (&rgba, spec));
  g_assert_cmpfloat (rgba.alpha, ==, 1.);

  return g_strdup_printf ("#%02x%02x%02x",
                          (int) (rgba.red * 255. + .5),
                          (int) (rgba.green * 255. + .5),
                          (int) (rgba.blue * 255. + .5));
}

static gboolean
style_bold (GtkSourceStyle *style)
{
  gboolean bold_set = FALSE;
  gboolean bold = FALSE;

  g_object_get (style, "bold-set", &bold_set, "bold", &bold, NULL);

  return bold_set && bold;
}

/* The style attribute of the span whose whole text is `text`, or NULL when
 * `text` is not a span of its own. */
static char *
span_style (const char *html,
            const char *text)
{
  g_autofree char *needle = g_strdup_printf ("\">%s</span>", text);
  const char *found = strstr (html, needle);
  const char *open;

  if (found == NULL)
    return NULL;

  for (open = found; open > html && !g_str_has_prefix (open, "<span style=\""); open--)
    ;
  g_assert_true (g_str_has_prefix (open, "<span style=\""));
  open += strlen ("<span style=\"");

  return g_strndup (open, found - open);
}

/* The text content of the highlighter's HTML: asserts that the only tags
 * are <span style="…"> and </span>, properly nested, and that the only
 * entities are the ones an escaper writes. */
static char *
text_content (const char *html)
{
  GString *text = g_string_new (NULL);
  int depth = 0;

  for (const char *p = html; *p != '\0';)
    {
      if (*p == '<')
        {
          const char *close = strchr (p, '>');

          g_assert_nonnull (close);
          if (g_str_has_prefix (p, "</span>"))
            {
              depth--;
              g_assert_cmpint (depth, >=, 0);
            }
          else
            {
              g_assert_true (g_str_has_prefix (p, "<span style=\""));
              /* No quote or angle bracket inside the attribute. */
              g_assert_true (memchr (p + 13, '"', close - p - 13) == close - 1);
              depth++;
            }
          p = close + 1;
        }
      else if (*p == '&')
        {
          static const struct { const char *entity; char c; } entities[] = {
            { "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' },
            { "&quot;", '"' }, { "&#39;", '\'' }, { "&#13;", '\r' },
          };
          gboolean known = FALSE;

          for (guint i = 0; i < G_N_ELEMENTS (entities); i++)
            {
              if (g_str_has_prefix (p, entities[i].entity))
                {
                  g_string_append_c (text, entities[i].c);
                  p += strlen (entities[i].entity);
                  known = TRUE;
                  break;
                }
            }
          if (!known)
            g_error ("Unexpected entity at “%.10s”", p);
        }
      else
        {
          /* Raw quotes would be harmless in text, but the escaper escapes
           * them; a raw one means text went through unescaped. */
          g_assert_cmpint (*p, !=, '>');
          g_assert_cmpint (*p, !=, '"');
          g_assert_cmpint (*p, !=, '\r');
          g_string_append_c (text, *p++);
        }
    }

  g_assert_cmpint (depth, ==, 0);

  return g_string_free (text, FALSE);
}

static void
assert_round_trip (const char *html,
                   const char *code)
{
  g_autofree char *text = NULL;

  g_assert_nonnull (html);
  text = text_content (html);
  g_assert_cmpstr (text, ==, code);
}

static void
test_keyword_colour (void)
{
  g_autoptr(HanjiCodeHighlighter) highlighter = hanji_code_highlighter_new ();
  GtkSourceLanguage *python3 = language ("python3");
  g_autofree char *light = NULL;
  g_autofree char *dark = NULL;
  g_autofree char *light_style = NULL;
  g_autofree char *dark_style = NULL;
  g_autofree char *light_colour = NULL;
  g_autofree char *dark_colour = NULL;
  GtkSourceStyle *light_keyword;
  GtkSourceStyle *dark_keyword;

  g_assert_true (hanji_code_highlighter_get_scheme (highlighter) == scheme ("Adwaita"));

  light = hanji_code_highlighter_highlight (highlighter, "python", PYTHON_SNIPPET);
  assert_round_trip (light, PYTHON_SNIPPET);

  light_keyword = resolve_style (scheme ("Adwaita"), python3, "python3:keyword");
  light_colour = style_color (light_keyword, "foreground");
  light_style = span_style (light, "def");
  g_assert_nonnull (light_style);
  assert_contains (light_style, light_colour);
  if (style_bold (light_keyword))
    assert_contains (light_style, "font-weight:bold");
  /* The engine's anonymous tags carry the style, so the function name
   * gets its own span rather than inheriting the keyword's. */
  g_assert_true (g_str_has_prefix (light, "<span style=\""));
  assert_not_contains (light, "def greet");

  hanji_code_highlighter_set_scheme (highlighter, scheme ("Adwaita-dark"));
  dark = hanji_code_highlighter_highlight (highlighter, "python", PYTHON_SNIPPET);
  assert_round_trip (dark, PYTHON_SNIPPET);

  dark_keyword = resolve_style (scheme ("Adwaita-dark"), python3, "python3:keyword");
  dark_colour = style_color (dark_keyword, "foreground");
  g_assert_cmpstr (light_colour, !=, dark_colour);
  dark_style = span_style (dark, "def");
  g_assert_nonnull (dark_style);
  assert_contains (dark_style, dark_colour);
  assert_not_contains (dark_style, light_colour);
}

static void
test_strings_and_comments (void)
{
  g_autoptr(HanjiCodeHighlighter) highlighter = hanji_code_highlighter_new ();
  GtkSourceLanguage *python3 = language ("python3");
  g_autofree char *html = NULL;
  g_autofree char *string_style = NULL;
  g_autofree char *comment_style = NULL;
  g_autofree char *string_colour = NULL;
  g_autofree char *comment_colour = NULL;

  html = hanji_code_highlighter_highlight (highlighter, "py", PYTHON_SNIPPET);
  assert_round_trip (html, PYTHON_SNIPPET);

  string_colour = style_color (resolve_style (scheme ("Adwaita"), python3, "python3:string"),
                               "foreground");
  comment_colour = style_color (resolve_style (scheme ("Adwaita"), python3, "def:comment"),
                                "foreground");

  /* The quotes belong to the string. */
  string_style = span_style (html, "&quot;hi &quot;");
  g_assert_nonnull (string_style);
  assert_contains (string_style, string_colour);

  comment_style = span_style (html, "# say hi");
  g_assert_nonnull (comment_style);
  assert_contains (comment_style, comment_colour);

  /* Plain text between runs is not wrapped at all. */
  assert_contains (html, "</span> + name\n");
}

static void
test_unknown_language (void)
{
  g_autoptr(HanjiCodeHighlighter) highlighter = hanji_code_highlighter_new ();
  const char *plain[] = {
    NULL, "", "   ", "nosuchlanguage", "console", "text", "plaintext",
    /* Hidden languages are GtkSourceView's building blocks. */
    "def", "js-expr",
    "../../etc/passwd", "x/y",
  };

  for (guint i = 0; i < G_N_ELEMENTS (plain); i++)
    {
      g_autofree char *html = NULL;

      g_test_message ("info: %s", plain[i] ? plain[i] : "(null)");
      g_assert_null (hanji_code_highlighter_find_language (highlighter, plain[i]));
      html = hanji_code_highlighter_highlight (highlighter, plain[i], "a < b");
      g_assert_null (html);
    }
}

static void
test_aliases (void)
{
  g_autoptr(HanjiCodeHighlighter) highlighter = hanji_code_highlighter_new ();
  const struct { const char *info; const char *id; } cases[] = {
    { "py", "python3" },
    { "python", "python3" },
    { "Python", "python3" },
    { "PYTHON3", "python3" },
    { "python2", "python" },
    { "c", "c" },
    { "c++", "cpp" },
    { "cpp", "cpp" },
    { "js", "js" },
    { "javascript", "js" },
    { "ts", "typescript" },
    { "typescript", "typescript" },
    { "sh", "sh" },
    { "shell", "sh" },
    { "bash", "sh" },
    { "yaml", "yaml" },
    { "yml", "yaml" },
    { "toml", "toml" },
    { "go", "go" },
    { "rust", "rust" },
    { "rs", "rust" },
    { "html", "html" },
    { "css", "css" },
    { "json", "json" },
    { "md", "markdown" },
    { "markdown", "markdown" },
    { "diff", "diff" },
    { "patch", "diff" },
    { "sql", "sql" },
    { "c#", "c-sharp" },
    { "dockerfile", "docker" },
    /* Only the first word counts, and a <code> class works too. */
    { "python {linenos=true}", "python3" },
    { "  go  title=main.go", "go" },
    { "language-rust", "rust" },
    /* Found through the globs: *.hh is C++ header. */
    { "hh", "cpphdr" },
    { "rb", "ruby" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GtkSourceLanguage *found = hanji_code_highlighter_find_language (highlighter, cases[i].info);

      g_test_message ("info: %s", cases[i].info);
      g_assert_nonnull (found);
      g_assert_cmpstr (gtk_source_language_get_id (found), ==, cases[i].id);
    }
}

static void
test_escaping (void)
{
  g_autoptr(HanjiCodeHighlighter) highlighter = hanji_code_highlighter_new ();
  const char *infos[] = { "python", "html", "sh", "markdown", "json", "c" };
  const char *code =
    "<script>alert(\"x & y\")</script> <!-- -->\n"
    "s = 'it''s' + \"&amp; &lt;\" # 주석: 한글 🎉 👩‍👩‍👧 é\r\n"
    "\ttab\rcr only\n"
    "name = \"한지 — Hanji\"  /* \xef\xbf\xbc */\n"
    "</pre></code>\n";

  for (guint i = 0; i < G_N_ELEMENTS (infos); i++)
    {
      g_autofree char *html = hanji_code_highlighter_highlight (highlighter, infos[i], code);

      g_test_message ("info: %s", infos[i]);
      assert_round_trip (html, code);
      assert_not_contains (html, "<script");
      assert_not_contains (html, "</pre");
      /* Text inside one run stays in one piece, whatever its script. */
      if (strcmp (infos[i], "python") == 0)
        assert_contains (html, "# 주석: 한글 🎉 👩‍👩‍👧 é");
    }

  /* Nothing to highlight is still a result. */
  {
    g_autofree char *empty = hanji_code_highlighter_highlight (highlighter, "python", "");

    g_assert_cmpstr (empty, ==, "");
  }
}

static void
test_invalid_utf8 (void)
{
  g_autoptr(HanjiCodeHighlighter) highlighter = hanji_code_highlighter_new ();
  g_autofree char *html = hanji_code_highlighter_highlight (highlighter, "python", "x = '\xff\xfe'\n");

  /* A GtkTextBuffer cannot hold it; the caller shows the block as is. */
  g_assert_null (html);
  g_assert_null (hanji_code_highlighter_find_language (highlighter, "py\xff"));
}

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
test_cache (void)
{
  HanjiCodeHighlighter *highlighter = hanji_code_highlighter_new ();
  GtkSourceLanguage *python3 = language ("python3");
  g_autofree char *first = NULL;
  g_autofree char *again = NULL;
  g_autofree char *dark = NULL;
  g_autofree char *back = NULL;
  g_autofree char *none = NULL;
  g_autofree char *dark_colour = NULL;
  g_autoptr(GtkSourceStyleScheme) bound = NULL;
  guint notified = 0;

  g_signal_connect (highlighter, "notify::scheme", G_CALLBACK (notify_cb), &notified);

  first = hanji_code_highlighter_highlight (highlighter, "py", PYTHON_SNIPPET);
  again = hanji_code_highlighter_highlight (highlighter, "python", PYTHON_SNIPPET);
  /* A fresh copy for the caller each time, equal to the first. */
  g_assert_true (first != again);
  g_assert_cmpstr (first, ==, again);

  /* The same scheme again is not a change. */
  hanji_code_highlighter_set_scheme (highlighter, scheme ("Adwaita"));
  g_assert_cmpuint (notified, ==, 0);

  hanji_code_highlighter_set_scheme (highlighter, scheme ("Adwaita-dark"));
  g_assert_cmpuint (notified, ==, 1);
  dark = hanji_code_highlighter_highlight (highlighter, "python", PYTHON_SNIPPET);
  g_assert_cmpstr (dark, !=, first);
  dark_colour = style_color (resolve_style (scheme ("Adwaita-dark"), python3, "python3:keyword"),
                             "foreground");
  assert_contains (dark, dark_colour);

  g_object_set (highlighter, "scheme", scheme ("Adwaita"), NULL);
  g_assert_cmpuint (notified, ==, 2);
  g_object_get (highlighter, "scheme", &bound, NULL);
  g_assert_true (bound == scheme ("Adwaita"));
  back = hanji_code_highlighter_highlight (highlighter, "python", PYTHON_SNIPPET);
  g_assert_cmpstr (back, ==, first);

  /* No scheme: the text, escaped, without any colour. */
  hanji_code_highlighter_set_scheme (highlighter, NULL);
  g_assert_cmpuint (notified, ==, 3);
  none = hanji_code_highlighter_highlight (highlighter, "python", PYTHON_SNIPPET);
  assert_round_trip (none, PYTHON_SNIPPET);
  assert_not_contains (none, "<span");

  g_assert_finalize_object (highlighter);
}

static void
test_css (void)
{
  HanjiCodeHighlighter *highlighter = hanji_code_highlighter_new ();
  const char *ids[] = { "Adwaita", "Adwaita-dark" };
  char *css[2] = { NULL, NULL };
  g_autofree char *none = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      GtkSourceStyle *text = gtk_source_style_scheme_get_style (scheme (ids[i]), "text");
      g_autofree char *background = NULL;
      g_autofree char *foreground = NULL;

      g_assert_nonnull (text);
      background = style_color (text, "background");
      foreground = style_color (text, "foreground");

      hanji_code_highlighter_set_scheme (highlighter, scheme (ids[i]));
      css[i] = hanji_code_highlighter_dup_css (highlighter);
      g_test_message ("%s: %s", ids[i], css[i]);
      assert_contains (css[i], "pre");
      assert_contains (css[i], background);
      assert_contains (css[i], foreground);
    }
  g_assert_cmpstr (css[0], !=, css[1]);
  g_free (css[0]);
  g_free (css[1]);

  hanji_code_highlighter_set_scheme (highlighter, NULL);
  none = hanji_code_highlighter_dup_css (highlighter);
  g_assert_cmpstr (none, ==, "");

  g_assert_finalize_object (highlighter);
}

static void
test_many_languages (void)
{
  HanjiCodeHighlighter *highlighter = hanji_code_highlighter_new ();
  /* More languages than the highlighter keeps buffers for, twice round,
   * with a different block each time so the cache does not answer. */
  const char *infos[] = {
    "python", "c", "rust", "go", "js", "ts", "sh", "yaml", "toml", "json",
    "html", "css", "markdown", "diff", "sql", "ruby", "c++",
  };
  const char *code = "if (a < b && c) { return \"x\"; } # <b>&</b>\n-- ' \"\n";

  for (guint round = 0; round < 2; round++)
    {
      for (guint i = 0; i < G_N_ELEMENTS (infos); i++)
        {
          g_autofree char *block = g_strdup_printf ("%s%u %s\n", code, round, infos[i]);
          g_autofree char *html = hanji_code_highlighter_highlight (highlighter, infos[i], block);

          g_test_message ("info: %s", infos[i]);
          assert_round_trip (html, block);
        }
    }

  g_assert_finalize_object (highlighter);
}

static char *
python_block (guint lines,
              guint salt)
{
  GString *code = g_string_new (NULL);

  for (guint i = 0; code->len == 0 || i < lines; i += 4)
    g_string_append_printf (code,
                            "def f%u_%u(x, y=None):\n"
                            "    \"\"\"Doc %u: 한지 <tag> & more.\"\"\"\n"
                            "    return x + 0x%x * 2.5 if y else 'a\\n' %% (x,)  # note\n"
                            "\n",
                            salt, i, i, i);

  return g_string_free (code, FALSE);
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static void
test_timing (void)
{
  HanjiCodeHighlighter *highlighter = hanji_code_highlighter_new ();
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *first = NULL;
  gsize code_len = 0;
  double cached_ms;
  gint64 start;

  /* The first call parses the language definition; that is paid once. */
  start = g_get_monotonic_time ();
  {
    g_autofree char *block = python_block (200, 999);

    first = hanji_code_highlighter_highlight (highlighter, "python", block);
    assert_round_trip (first, block);
  }
  g_test_message ("200 lines, first call (loads python3.lang): %.2f ms",
                  (g_get_monotonic_time () - start) / 1000.);

  for (guint salt = 0; salt < 15; salt++)
    {
      g_autofree char *block = python_block (200, salt);
      g_autofree char *html = NULL;
      double ms;

      code_len = strlen (block);
      start = g_get_monotonic_time ();
      html = hanji_code_highlighter_highlight (highlighter, "python", block);
      ms = (g_get_monotonic_time () - start) / 1000.;
      g_array_append_val (samples, ms);
      g_assert_nonnull (html);
    }
  g_array_sort (samples, compare_double);
  g_test_message ("200 lines of Python (%zu bytes), uncached: median %.2f ms, max %.2f ms",
                  code_len, g_array_index (samples, double, samples->len / 2),
                  g_array_index (samples, double, samples->len - 1));

  {
    g_autofree char *block = python_block (200, 3);
    g_autofree char *html = NULL;

    start = g_get_monotonic_time ();
    html = hanji_code_highlighter_highlight (highlighter, "python", block);
    cached_ms = (g_get_monotonic_time () - start) / 1000.;
    g_test_message ("200 lines, cached: %.3f ms", cached_ms);
  }

  /* JavaScript has the heaviest definition of the common languages. */
  for (guint salt = 0; salt < 4; salt++)
    {
      GString *code = g_string_new (NULL);
      g_autofree char *block = NULL;
      g_autofree char *html = NULL;

      for (guint i = 0; i < 200; i += 5)
        g_string_append_printf (code,
                                "export function f%u_%u (items, { limit = 10 } = {}) {\n"
                                "  // Keep the first few: 한지 <b> & co.\n"
                                "  const out = items.filter ((x) => x.ok && x.n > %u);\n"
                                "  return `${out.length} of ${items.length}`.replace (/\\s+/g, ' ');\n"
                                "}\n",
                                salt, i, i);
      block = g_string_free (code, FALSE);

      start = g_get_monotonic_time ();
      html = hanji_code_highlighter_highlight (highlighter, "js", block);
      g_test_message ("200 lines of JavaScript (%zu bytes)%s: %.2f ms", strlen (block),
                      salt == 0 ? ", first call (loads js.lang)" : "",
                      (g_get_monotonic_time () - start) / 1000.);
      assert_round_trip (html, block);
    }

  g_assert_finalize_object (highlighter);
}

static void
test_large (void)
{
  HanjiCodeHighlighter *highlighter = hanji_code_highlighter_new ();
  const char *infos[] = { "python", "js", "html" };

  for (guint i = 0; i < G_N_ELEMENTS (infos); i++)
    {
      g_autofree char *block = python_block (5000, 1);
      g_autofree char *html = NULL;
      gint64 start = g_get_monotonic_time ();

      html = hanji_code_highlighter_highlight (highlighter, infos[i], block);
      g_test_message ("5,000 lines of %s (%zu bytes → %zu): %.1f ms", infos[i],
                      strlen (block), strlen (html),
                      (g_get_monotonic_time () - start) / 1000.);
      assert_round_trip (html, block);
      assert_contains (html, "<span style=");
    }

  /* One long line (minified code): GtkSourceView's engine is quadratic in
   * line length and gives up with a critical after 2 s on a line; such
   * blocks come back escaped, uncoloured. */
  for (guint i = 0; i < G_N_ELEMENTS (infos); i++)
    {
      GString *line = g_string_new (NULL);
      g_autofree char *block = NULL;
      g_autofree char *html = NULL;
      gint64 start;

      for (guint n = 0; line->len < 200 * 1024; n++)
        g_string_append_printf (line, "var a%u=\"s<%u>\";if(a%u&&b){f(a%u,'한');}/*c*/ ", n, n, n, n);
      block = g_string_free (line, FALSE);

      start = g_get_monotonic_time ();
      html = hanji_code_highlighter_highlight (highlighter, infos[i], block);
      g_test_message ("one %zu-byte line of %s: %.1f ms", strlen (block), infos[i],
                      (g_get_monotonic_time () - start) / 1000.);
      assert_round_trip (html, block);
      assert_not_contains (html, "<span");
    }

  /* A line of a few hundred characters is still coloured. */
  {
    g_autofree char *block = NULL;
    g_autofree char *html = NULL;
    GString *line = g_string_new ("x = [");

    while (line->len < 900)
      g_string_append (line, "'a', ");
    g_string_append (line, "]\n");
    block = g_string_free (line, FALSE);
    html = hanji_code_highlighter_highlight (highlighter, "python", block);
    assert_round_trip (html, block);
    assert_contains (html, "<span style=");
  }

  g_assert_finalize_object (highlighter);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  hanji_test_tolerate_gtk_allocation_warning ();
  gtk_source_init ();

  g_test_add_func ("/highlight/keyword-colour", test_keyword_colour);
  g_test_add_func ("/highlight/strings-and-comments", test_strings_and_comments);
  g_test_add_func ("/highlight/unknown-language", test_unknown_language);
  g_test_add_func ("/highlight/aliases", test_aliases);
  g_test_add_func ("/highlight/escaping", test_escaping);
  g_test_add_func ("/highlight/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/highlight/cache", test_cache);
  g_test_add_func ("/highlight/css", test_css);
  g_test_add_func ("/highlight/many-languages", test_many_languages);
  g_test_add_func ("/highlight/timing", test_timing);
  g_test_add_func ("/highlight/large", test_large);

  return g_test_run ();
}
