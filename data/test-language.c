/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * test-language.c: checks data/language-specs/hanji-markdown.lang with the
 * real GtkSourceView highlighting engine.
 *
 * The buffer gets a style scheme written by this test in which every style
 * we care about has its own foreground colour, so "is this text highlighted
 * as a YAML map key?" becomes "does a tag at this offset carry that colour?".
 * No widget is created, so the test needs no display; under Xvfb it
 * initialises GTK all the same.
 */

#include <string.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <gtksourceview/gtksource.h>

#define COLOR_MAP_KEY   "#102030"
#define COLOR_YAML_STR  "#203040"
#define COLOR_HEADER    "#304050"
#define COLOR_RULE      "#405060"
#define COLOR_DELIMITER "#506070"
#define COLOR_CODE      "#607080"

static const char test_scheme[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<style-scheme id=\"hanji-test\" name=\"Hanji test\" version=\"1.0\">\n"
  "  <style name=\"yaml:map-key\" foreground=\"" COLOR_MAP_KEY "\"/>\n"
  "  <style name=\"yaml:string\" foreground=\"" COLOR_YAML_STR "\"/>\n"
  "  <style name=\"markdown:header\" foreground=\"" COLOR_HEADER "\"/>\n"
  "  <style name=\"markdown:horizontal-rule\" foreground=\"" COLOR_RULE "\"/>\n"
  "  <style name=\"markdown:code-block\" foreground=\"" COLOR_CODE "\"/>\n"
  "  <style name=\"hanji-markdown:front-matter-delimiter\" foreground=\"" COLOR_DELIMITER "\"/>\n"
  "</style-scheme>\n";

static GtkSourceLanguage *language;
static GtkSourceStyleScheme *scheme;

static GtkSourceBuffer *
buffer_new (const char *text)
{
  GtkSourceBuffer *buffer;

  buffer = gtk_source_buffer_new_with_language (language);
  gtk_source_buffer_set_style_scheme (buffer, scheme);
  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (buffer), text, -1);

  return buffer;
}

static void
highlight_all (GtkSourceBuffer *buffer)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (buffer), &start, &end);
  gtk_source_buffer_ensure_highlight (buffer, &start, &end);
}

/* The iter at the first character of the n-th (0-based) occurrence of
 * needle. Offsets are found on the UTF-8 text and converted to characters,
 * so Hangul before the needle is counted right. */
static void
iter_at_needle (GtkSourceBuffer *buffer,
                const char      *needle,
                guint            nth,
                GtkTextIter     *iter)
{
  g_autofree char *text = NULL;
  GtkTextIter start, end;
  const char *p;

  gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (buffer), &start, &end);
  text = gtk_text_buffer_get_text (GTK_TEXT_BUFFER (buffer), &start, &end, TRUE);

  p = strstr (text, needle);
  while (p != NULL && nth > 0)
    {
      p = strstr (p + 1, needle);
      nth--;
    }

  if (p == NULL)
    g_error ("“%s” not found in the test text", needle);

  gtk_text_buffer_get_iter_at_offset (GTK_TEXT_BUFFER (buffer), iter,
                                      g_utf8_pointer_to_offset (text, p));
}

static gboolean
iter_has_color (const GtkTextIter *iter,
                const char        *color)
{
  g_autoptr(GSList) tags = gtk_text_iter_get_tags (iter);
  GdkRGBA wanted;

  g_assert_true (gdk_rgba_parse (&wanted, color));

  for (const GSList *l = tags; l != NULL; l = l->next)
    {
      gboolean set = FALSE;
      GdkRGBA *rgba = NULL;
      gboolean equal;

      g_object_get (l->data,
                    "foreground-set", &set,
                    "foreground-rgba", &rgba,
                    NULL);
      equal = set && rgba != NULL && gdk_rgba_equal (rgba, &wanted);
      g_clear_pointer (&rgba, gdk_rgba_free);

      if (equal)
        return TRUE;
    }

  return FALSE;
}

static gboolean
has_color (GtkSourceBuffer *buffer,
           const char      *needle,
           guint            nth,
           const char      *color)
{
  GtkTextIter iter;

  iter_at_needle (buffer, needle, nth, &iter);
  return iter_has_color (&iter, color);
}

static gboolean
in_front_matter (GtkSourceBuffer *buffer,
                 const char      *needle,
                 guint            nth)
{
  GtkTextIter iter;

  iter_at_needle (buffer, needle, nth, &iter);
  return gtk_source_buffer_iter_has_context_class (buffer, &iter, "front-matter");
}

static const char post[] =
  "---\n"
  "title: \"전주 한옥마을 산책\"\n"
  "# 댓글은 나중에\n"
  "description: >\n"
  "  골목과 기와지붕\n"
  "date: 2024-05-18T23:37:00\n"
  "tags: [여행, 전주]\n"
  "draft:\n"
  "---\n"
  "\n"
  "## 첫 번째 골목\n"
  "\n"
  "본문입니다. *강조*도 있어요.\n"
  "\n"
  "---\n"
  "\n"
  "layout: not-yaml\n"
  "\n"
  "## 두 번째 골목\n"
  "\n"
  "***\n"
  "\n"
  "...\n"
  "\n"
  "note: still markdown\n";

static void
test_front_matter_is_yaml (void)
{
  g_autoptr(GtkSourceBuffer) buffer = buffer_new (post);

  highlight_all (buffer);

  /* Opening and closing delimiters */
  g_assert_true (has_color (buffer, "---", 0, COLOR_DELIMITER));
  g_assert_true (has_color (buffer, "---", 1, COLOR_DELIMITER));
  g_assert_false (has_color (buffer, "---", 0, COLOR_RULE));

  /* Keys are YAML map keys, the whole block carries the class */
  g_assert_true (has_color (buffer, "title", 0, COLOR_MAP_KEY));
  g_assert_true (has_color (buffer, "description", 0, COLOR_MAP_KEY));
  g_assert_true (has_color (buffer, "date", 0, COLOR_MAP_KEY));
  g_assert_true (has_color (buffer, "tags", 0, COLOR_MAP_KEY));
  g_assert_true (has_color (buffer, "draft", 0, COLOR_MAP_KEY));
  g_assert_true (has_color (buffer, "\"전주", 0, COLOR_YAML_STR));
  g_assert_true (in_front_matter (buffer, "title", 0));
  g_assert_true (in_front_matter (buffer, "draft", 0));

  /* A "# comment" in front matter is not a Markdown heading */
  g_assert_false (has_color (buffer, "# 댓글", 0, COLOR_HEADER));
}

static void
test_body_is_markdown (void)
{
  g_autoptr(GtkSourceBuffer) buffer = buffer_new (post);

  highlight_all (buffer);

  g_assert_true (has_color (buffer, "## 첫 번째", 0, COLOR_HEADER));
  g_assert_false (in_front_matter (buffer, "## 첫 번째", 0));
  g_assert_false (has_color (buffer, "## 첫 번째", 0, COLOR_MAP_KEY));
  g_assert_true (has_color (buffer, "## 두 번째", 0, COLOR_HEADER));
}

static void
test_later_rule_is_not_yaml (void)
{
  g_autoptr(GtkSourceBuffer) buffer = buffer_new (post);

  highlight_all (buffer);

  /* The third "---" is a thematic break in the body */
  g_assert_false (in_front_matter (buffer, "---", 2));
  g_assert_false (has_color (buffer, "---", 2, COLOR_DELIMITER));
  g_assert_false (in_front_matter (buffer, "layout", 0));
  g_assert_false (has_color (buffer, "layout", 0, COLOR_MAP_KEY));
  g_assert_false (in_front_matter (buffer, "note:", 0));
  g_assert_false (has_color (buffer, "note:", 0, COLOR_MAP_KEY));
}

static void
test_dots_close_front_matter (void)
{
  g_autoptr(GtkSourceBuffer) buffer = NULL;

  /* A plain scalar right before the "..." must not swallow it */
  buffer = buffer_new ("---\n"
                       "title: plain words\n"
                       "...\n"
                       "## Heading\n"
                       "key: body\n");
  highlight_all (buffer);

  g_assert_true (has_color (buffer, "title", 0, COLOR_MAP_KEY));
  g_assert_true (has_color (buffer, "...", 0, COLOR_DELIMITER));
  g_assert_true (has_color (buffer, "## Heading", 0, COLOR_HEADER));
  g_assert_false (in_front_matter (buffer, "## Heading", 0));
  g_assert_false (has_color (buffer, "key", 0, COLOR_MAP_KEY));
}

static void
test_block_scalar_before_close (void)
{
  g_autoptr(GtkSourceBuffer) buffer = NULL;

  /* Multi-line YAML contexts must still end at the delimiter */
  buffer = buffer_new ("---\n"
                       "description: >\n"
                       "title: 빈 접힌 스칼라 다음\n"
                       "summary: |\n"
                       "  첫 줄\n"
                       "  둘째 줄\n"
                       "---\n"
                       "## Heading\n"
                       "key: body\n");
  highlight_all (buffer);

  g_assert_true (has_color (buffer, "title", 0, COLOR_MAP_KEY));
  g_assert_true (has_color (buffer, "summary", 0, COLOR_MAP_KEY));
  g_assert_true (has_color (buffer, "---", 1, COLOR_DELIMITER));
  g_assert_true (has_color (buffer, "## Heading", 0, COLOR_HEADER));
  g_assert_false (in_front_matter (buffer, "## Heading", 0));
  g_assert_false (in_front_matter (buffer, "key", 0));
}

static void
test_empty_front_matter (void)
{
  g_autoptr(GtkSourceBuffer) buffer = NULL;

  buffer = buffer_new ("---\n"
                       "---\n"
                       "## Heading\n");
  highlight_all (buffer);

  g_assert_true (has_color (buffer, "---", 1, COLOR_DELIMITER));
  g_assert_true (has_color (buffer, "## Heading", 0, COLOR_HEADER));
  g_assert_false (in_front_matter (buffer, "## Heading", 0));
}

static void
test_no_front_matter (void)
{
  g_autoptr(GtkSourceBuffer) buffer = NULL;

  /* Front matter must open on the first line, not after a blank one */
  buffer = buffer_new ("\n"
                       "---\n"
                       "title: not front matter\n"
                       "---\n"
                       "\n"
                       "## Heading\n");
  highlight_all (buffer);

  g_assert_false (in_front_matter (buffer, "title", 0));
  g_assert_false (has_color (buffer, "title", 0, COLOR_MAP_KEY));
  g_assert_false (in_front_matter (buffer, "---", 0));
  g_assert_false (has_color (buffer, "---", 0, COLOR_DELIMITER));
  g_assert_true (has_color (buffer, "## Heading", 0, COLOR_HEADER));
}

static void
test_code_fence_after_front_matter (void)
{
  g_autoptr(GtkSourceBuffer) buffer = NULL;

  buffer = buffer_new ("---\n"
                       "title: Code\n"
                       "---\n"
                       "\n"
                       "```yaml\n"
                       "---\n"
                       "key: value\n"
                       "```\n");
  highlight_all (buffer);

  g_assert_true (has_color (buffer, "```yaml", 0, COLOR_CODE));
  g_assert_false (in_front_matter (buffer, "key", 0));
  g_assert_false (has_color (buffer, "key", 0, COLOR_MAP_KEY));
}

static void
test_edits_rehighlight (void)
{
  g_autoptr(GtkSourceBuffer) buffer = NULL;
  GtkTextIter start, end;

  buffer = buffer_new ("x\n"
                       "---\n"
                       "title: later\n"
                       "---\n"
                       "## Heading\n");
  highlight_all (buffer);
  g_assert_false (in_front_matter (buffer, "title", 0));

  /* Deleting the first line makes the block start the document */
  gtk_text_buffer_get_iter_at_offset (GTK_TEXT_BUFFER (buffer), &start, 0);
  gtk_text_buffer_get_iter_at_offset (GTK_TEXT_BUFFER (buffer), &end, 2);
  gtk_text_buffer_delete (GTK_TEXT_BUFFER (buffer), &start, &end);
  highlight_all (buffer);
  g_assert_true (in_front_matter (buffer, "title", 0));
  g_assert_true (has_color (buffer, "title", 0, COLOR_MAP_KEY));
  g_assert_true (has_color (buffer, "## Heading", 0, COLOR_HEADER));

  /* Typing above it turns it back into Markdown */
  gtk_text_buffer_get_start_iter (GTK_TEXT_BUFFER (buffer), &start);
  gtk_text_buffer_insert (GTK_TEXT_BUFFER (buffer), &start, "Intro\n", -1);
  highlight_all (buffer);
  g_assert_false (in_front_matter (buffer, "title", 0));
  g_assert_false (has_color (buffer, "title", 0, COLOR_MAP_KEY));

  /* Deleting the closing delimiter leaves the rest of the file YAML, as
   * Jekyll would refuse it anyway; putting it back restores the body. */
  gtk_text_buffer_get_iter_at_offset (GTK_TEXT_BUFFER (buffer), &start, 0);
  gtk_text_buffer_get_iter_at_offset (GTK_TEXT_BUFFER (buffer), &end, 6);
  gtk_text_buffer_delete (GTK_TEXT_BUFFER (buffer), &start, &end);
  highlight_all (buffer);
  g_assert_true (has_color (buffer, "## Heading", 0, COLOR_HEADER));
}

static void
test_language_metadata (void)
{
  g_auto(GStrv) mimes = gtk_source_language_get_mime_types (language);
  g_auto(GStrv) globs = gtk_source_language_get_globs (language);

  g_assert_cmpstr (gtk_source_language_get_id (language), ==, "hanji-markdown");
  g_assert_cmpstr (gtk_source_language_get_name (language), ==, "Markdown (Hanji)");
  g_assert_nonnull (mimes);
  g_assert_true (g_strv_contains ((const char * const *) mimes, "text/markdown"));
  g_assert_nonnull (globs);
  g_assert_true (g_strv_contains ((const char * const *) globs, "*.md"));
  g_assert_true (g_strv_contains ((const char * const *) globs, "*.markdown"));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkSourceLanguageManager) languages = NULL;
  g_autoptr(GtkSourceStyleSchemeManager) schemes = NULL;
  g_autoptr(GPtrArray) search_path = NULL;
  g_autofree char *lang_dir = NULL;
  g_autofree char *scheme_dir = NULL;
  g_autofree char *scheme_file = NULL;
  g_autoptr(GError) error = NULL;
  const char *datadir;
  const char * const *defaults;
  const char *scheme_path[2] = { NULL, NULL };
  int ret;

  g_test_init (&argc, &argv, NULL);

  /* A display is optional: buffers and the highlighting engine work
   * without one. */
  if (g_getenv ("DISPLAY") != NULL || g_getenv ("WAYLAND_DISPLAY") != NULL)
    gtk_init_check ();
  gtk_source_init ();

  datadir = g_getenv ("HANJI_DATADIR");
  if (datadir == NULL)
    {
      g_printerr ("HANJI_DATADIR must point at the data/ folder\n");
      return 1;
    }
  lang_dir = g_build_filename (datadir, "language-specs", NULL);

  languages = gtk_source_language_manager_new ();
  defaults = gtk_source_language_manager_get_search_path (languages);
  search_path = g_ptr_array_new ();
  g_ptr_array_add (search_path, lang_dir);
  for (guint i = 0; defaults != NULL && defaults[i] != NULL; i++)
    g_ptr_array_add (search_path, (gpointer) defaults[i]);
  g_ptr_array_add (search_path, NULL);
  gtk_source_language_manager_set_search_path (languages,
                                               (const char * const *) search_path->pdata);

  language = gtk_source_language_manager_get_language (languages, "hanji-markdown");
  g_assert_nonnull (language);

  scheme_dir = g_dir_make_tmp ("hanji-test-language-XXXXXX", &error);
  g_assert_no_error (error);
  scheme_file = g_build_filename (scheme_dir, "hanji-test.xml", NULL);
  g_file_set_contents (scheme_file, test_scheme, -1, &error);
  g_assert_no_error (error);

  schemes = gtk_source_style_scheme_manager_new ();
  scheme_path[0] = scheme_dir;
  gtk_source_style_scheme_manager_set_search_path (schemes,
                                                   (const char * const *) scheme_path);
  scheme = gtk_source_style_scheme_manager_get_scheme (schemes, "hanji-test");
  g_assert_nonnull (scheme);

  g_test_add_func ("/language/metadata", test_language_metadata);
  g_test_add_func ("/language/front-matter-is-yaml", test_front_matter_is_yaml);
  g_test_add_func ("/language/body-is-markdown", test_body_is_markdown);
  g_test_add_func ("/language/later-rule-is-not-yaml", test_later_rule_is_not_yaml);
  g_test_add_func ("/language/dots-close-front-matter", test_dots_close_front_matter);
  g_test_add_func ("/language/block-scalar-before-close", test_block_scalar_before_close);
  g_test_add_func ("/language/empty-front-matter", test_empty_front_matter);
  g_test_add_func ("/language/no-front-matter", test_no_front_matter);
  g_test_add_func ("/language/code-fence-after-front-matter", test_code_fence_after_front_matter);
  g_test_add_func ("/language/edits-rehighlight", test_edits_rehighlight);

  ret = g_test_run ();

  g_unlink (scheme_file);
  g_rmdir (scheme_dir);

  return ret;
}
