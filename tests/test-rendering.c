/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-rendering"

#include "config.h"

#include "hanji-test-util.h"

#include <string.h>

#include "hanji-markdown.h"

/* Block-by-block rendering. The property: whatever the edit, a rendering
 * that takes blocks over from the previous one gives the same HTML as a
 * rendering from scratch and as hanji_markdown_render_post(). The other
 * tests show the taking over really happens, and where it must not. */

static const HanjiFlavor flavors[] = {
  HANJI_FLAVOR_COMMONMARK, HANJI_FLAVOR_HUGO, HANJI_FLAVOR_JEKYLL,
};

/* Posts written for the edits: each mixes what crosses block borders. */
static const char * const posts[] = {
  /* Korean text, lists, a table, code with blank lines, setext headings */
  "---\n"
  "title: 김치찌개\n"
  "tags: [요리]\n"
  "---\n"
  "\n"
  "오늘은 **김치찌개**를 끓였다. 묵은지가 *핵심*이다.\n"
  "\n"
  "재료 준비\n"
  "=========\n"
  "\n"
  "- 묵은지 반 포기\n"
  "- 돼지고기 300g\n"
  "  - 목살이 좋다\n"
  "- [x] 두부\n"
  "\n"
  "1. 고기를 볶는다\n"
  "2. 김치를 넣는다\n"
  "\n"
  "   물은 조금만.\n"
  "\n"
  "| 재료 | 양 |\n"
  "|------|---:|\n"
  "| 김치 | 1/2 |\n"
  "| 물 | 500ml |\n"
  "\n"
  "```c\n"
  "int main (void)\n"
  "\n"
  "\n"
  "{ return 0; }\n"
  "```\n"
  "\n"
  "끓이는 법\n"
  "---------\n"
  "> 인용문 안의 문단.\n"
  "> # 인용 속 제목\n"
  "\n"
  "    들여쓴 코드\n"
  "\n"
  "    블록\n"
  "\n"
  "***\n"
  "\n"
  "끝. ![사진](/img/My Photo.jpg) and www.example.com\n",

  /* Duplicate headings: their ids count over the whole post */
  "## 재료\n"
  "\n"
  "첫 번째.\n"
  "\n"
  "## 재료\n"
  "\n"
  "두 번째.\n"
  "\n"
  "## 재료\n"
  "\n"
  "세 번째.\n"
  "\n"
  "# Heading\n"
  "\n"
  "## heading\n",

  /* Reference definitions used before and after them */
  "See [the docs][docs] and [한지].\n"
  "\n"
  "[docs]: https://example.com/docs \"The docs\"\n"
  "\n"
  "Middle paragraph with [docs].\n"
  "\n"
  "[한지]:\n"
  "  /hanji\n"
  "  'A title\n"
  "  on two lines'\n"
  "\n"
  "After: [docs] [한지] [missing].\n",

  /* Footnotes: moved to the end, numbered by first reference */
  "Claim.[^1] 한국어 주석[^note].\n"
  "\n"
  "## Middle\n"
  "\n"
  "Again[^1].\n"
  "\n"
  "[^1]: The source.\n"
  "[^note]: 출처입니다.\n"
  "\n"
  "Last paragraph.\n",

  /* A paragraph the table extension splits off above a table, a setext
   * heading right before a paragraph, a fence that a list item closes */
  "intro\n"
  "\n"
  "foo\n"
  "bar | baz\n"
  "--|--\n"
  "1 | 2\n"
  "Title\n"
  "=====\n"
  "para right after\n"
  "- item\n"
  "  ```\n"
  "  code in an item\n"
  "next paragraph\n",
};

/* A post of n blocks: ATX headings and one-line paragraphs. */
static char *
make_long_post (guint n)
{
  GString *text = g_string_new ("---\ntitle: long\n---\n\n");

  for (guint i = 0; i < n; i++)
    {
      if (i % 5 == 0)
        g_string_append_printf (text, "## 섹션 %u\n\n", i / 5);
      else
        g_string_append_printf (text, "문단 %u: some *text* and a [link](/p/%u).\n\n", i, i);
    }

  return g_string_free (text, FALSE);
}

static char *
resolve_cb (const char *url,
            gboolean    is_image,
            gpointer    user_data)
{
  if (is_image)
    return g_strconcat ("hanji-image://", url, NULL);

  return NULL;
}

/* Checks the property for one text, and returns the rendering made with
 * PREVIOUS. */
static HanjiRendering *
check_text (const char               *text,
            const HanjiRenderOptions *options,
            HanjiRendering           *previous)
{
  HanjiRendering *with = hanji_rendering_new (text, -1, options, previous);
  g_autoptr(HanjiRendering) without = hanji_rendering_new (text, -1, options, NULL);
  g_autofree char *html_with = hanji_rendering_dup_html (with);
  g_autofree char *html_without = hanji_rendering_dup_html (without);
  g_autofree char *expected = hanji_markdown_render_post (text, -1, options);

  if (g_strcmp0 (html_with, expected) != 0 || g_strcmp0 (html_without, expected) != 0)
    g_error ("flavor %s: incremental rendering differs for:\n%s\n"
             "--- expected:\n%s\n--- with previous:\n%s\n--- without:\n%s",
             hanji_flavor_to_string (options->flavor), text,
             expected, html_with, html_without);

  g_assert_cmpuint (hanji_rendering_get_n_blocks (with), ==,
                    hanji_rendering_get_n_blocks (without));
  for (guint i = 0; i < hanji_rendering_get_n_blocks (with); i++)
    {
      g_assert_cmpuint (hanji_rendering_get_block_line (with, i), ==,
                        hanji_rendering_get_block_line (without, i));
      g_assert_true (hanji_rendering_block_equal (with, i, without, i));
    }

  return with;
}

/* Byte offset of a random character boundary of text[from, len]. */
static gsize
random_boundary (GRand      *rand,
                 const char *text,
                 gsize       from,
                 gsize       len)
{
  gsize pos;

  if (len <= from)
    return len;

  pos = from + g_rand_int_range (rand, 0, (gint32) (len - from + 1));
  while (pos > from && pos < len && (text[pos] & 0xc0) == 0x80)
    pos--;

  return pos;
}

/* POS, or the start of the character it falls in. */
static gsize
char_start (const char *text,
            gsize       pos)
{
  while (pos > 0 && (text[pos] & 0xc0) == 0x80)
    pos--;

  return pos;
}

/* Offset of the start of a random line of text[from, len]. */
static gsize
random_line_start (GRand      *rand,
                   const char *text,
                   gsize       from,
                   gsize       len)
{
  gsize pos = random_boundary (rand, text, from, len);

  while (pos > from && text[pos - 1] != '\n')
    pos--;

  return pos;
}

/* Offset of the first line at or after FROM that starts with PREFIX (or
 * holds it, if ANYWHERE), picked at random among them; -1 when none. */
static gssize
random_line_with (GRand      *rand,
                  const char *text,
                  gsize       from,
                  const char *prefix,
                  gboolean    anywhere)
{
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (gsize));
  const char *line = text + from;

  while (*line != '\0')
    {
      const char *eol = strchr (line, '\n');
      gsize len = eol != NULL ? (gsize) (eol - line) : strlen (line);
      gboolean match = anywhere ? g_strstr_len (line, len, prefix) != NULL :
                                  strncmp (line, prefix, strlen (prefix)) == 0;

      if (match)
        {
          gsize offset = line - text;

          g_array_append_val (found, offset);
        }
      if (eol == NULL)
        break;
      line = eol + 1;
    }

  if (found->len == 0)
    return -1;

  return g_array_index (found, gsize, g_rand_int_range (rand, 0, (gint32) found->len));
}

static gsize
line_length (const char *line)
{
  const char *eol = strchr (line, '\n');

  return eol != NULL ? (gsize) (eol - line) + 1 : strlen (line);
}

/* Where the body starts: after a `---` front matter, if any. */
static gsize
body_start (const char *text)
{
  const char *close;

  if (!g_str_has_prefix (text, "---\n"))
    return 0;

  close = strstr (text + 4, "\n---\n");
  return close != NULL ? (gsize) (close - text) + 5 : 0;
}

static const char * const inserts[] = {
  "a", "한", "글", " ", "\n", "#", "-", "*", "_", "`", "|", "[", "]", ">",
  "=", "(", ")", ":", "'", "\"", "1. ", "~~", "    ", "\t",
};

/* One deterministic pseudo-random edit of the kinds a writer makes. */
static void
edit (GRand   *rand,
      GString *text)
{
  gsize body = body_start (text->str);
  gssize at;
  gsize pos;

  switch (g_rand_int_range (rand, 0, 12))
    {
    case 0:
    case 1:
    case 2:
      /* Type a character */
      pos = random_boundary (rand, text->str, body, text->len);
      g_string_insert (text, pos, inserts[g_rand_int_range (rand, 0, G_N_ELEMENTS (inserts))]);
      break;

    case 3:
    case 4:
      /* Delete a character */
      pos = random_boundary (rand, text->str, body, text->len);
      if (pos < text->len)
        g_string_erase (text, pos, g_utf8_next_char (text->str + pos) - (text->str + pos));
      break;

    case 5:
      /* Insert a blank line */
      pos = random_line_start (rand, text->str, body, text->len);
      g_string_insert (text, pos, "\n");
      break;

    case 6:
      /* Delete a blank line */
      at = random_line_with (rand, text->str, body, "\n", FALSE);
      if (at >= 0)
        g_string_erase (text, at, 1);
      break;

    case 7:
      /* Edit a heading, or add a duplicate one */
      at = random_line_with (rand, text->str, body, "#", FALSE);
      if (at >= 0 && g_rand_boolean (rand))
        g_string_insert (text, char_start (text->str, at + line_length (text->str + at) - 1),
                         " 준비");
      else
        g_string_insert (text, random_line_start (rand, text->str, body, text->len),
                         "## 재료\n\n");
      break;

    case 8:
      /* Add a reference definition, or remove one */
      at = random_line_with (rand, text->str, body, "]:", TRUE);
      if (at >= 0 && g_rand_boolean (rand))
        g_string_erase (text, at, line_length (text->str + at));
      else
        g_string_insert (text, random_line_start (rand, text->str, body, text->len),
                         g_rand_boolean (rand) ? "[docs]: /new-docs\n\n" : "[한지]: /other\n");
      break;

    case 9:
      /* Add a footnote: a reference and its definition */
      pos = random_boundary (rand, text->str, body, text->len);
      g_string_insert (text, pos, "[^new]");
      g_string_append (text, "\n[^new]: 새 주석.\n");
      break;

    case 10:
      /* Change the front matter's line count */
      if (body == 0)
        g_string_prepend (text, "---\ntitle: 제목\n---\n");
      else if (g_rand_boolean (rand))
        g_string_insert (text, 4, "draft: true\n");
      else if (g_rand_int_range (rand, 0, 4) == 0)
        g_string_erase (text, 0, body);
      else
        g_string_insert (text, body, "\n");
      break;

    default:
      /* Type a word in the middle of a line */
      at = random_line_with (rand, text->str, body, " ", TRUE);
      if (at >= 0)
        g_string_insert (text, char_start (text->str, at + line_length (text->str + at) / 2),
                         " 단어");
      break;
    }
}

static void
run_edits (const char *initial,
           guint32     seed,
           guint       n_edits)
{
  for (guint f = 0; f < G_N_ELEMENTS (flavors); f++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
      g_autoptr(GString) text = g_string_new (initial);
      g_autoptr(HanjiRendering) previous = NULL;
      HanjiRenderOptions options;

      hanji_render_options_init (&options, flavors[f]);
      options.sourcepos = TRUE;
      /* One flavor also resolves URLs, and one renders without positions. */
      if (flavors[f] == HANJI_FLAVOR_JEKYLL)
        options.resolver = resolve_cb;
      if (flavors[f] == HANJI_FLAVOR_COMMONMARK && seed % 2 == 1)
        options.sourcepos = FALSE;

      previous = check_text (text->str, &options, NULL);

      for (guint i = 0; i < n_edits; i++)
        {
          HanjiRendering *next;

          edit (rand, text);
          next = check_text (text->str, &options, previous);
          g_clear_pointer (&previous, hanji_rendering_unref);
          previous = next;
        }
    }
}

static void
test_edits_written (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (posts); i++)
    for (guint32 seed = 1; seed <= 6; seed++)
      run_edits (posts[i], seed * 7919 + i, 60);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
test_edits_fixtures (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fidelity", NULL);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".md"))
      g_ptr_array_add (names, g_strdup (name));

  /* The suite has a fixture per feature; fewer means a wrong folder. */
  g_assert_cmpuint (names->len, >=, 10);
  /* Sorted, so that each fixture always gets the same edits. */
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *file = g_build_filename (path, g_ptr_array_index (names, i), NULL);
      g_autofree char *text = NULL;

      g_assert_true (g_file_get_contents (file, &text, NULL, NULL));
      for (guint32 seed = 1; seed <= 3; seed++)
        run_edits (text, seed * 104729 + i, 30);
    }
}

/* Edge texts: empty, blank, front matter only, no final newline, CR
 * line ends, one block. */
static void
test_edits_edges (void)
{
  static const char * const edges[] = {
    "",
    "\n\n\n",
    "---\ntitle: x\n---\n",
    "no newline at the end",
    "# only a heading",
    "line one\r\nline two\r\n\r\n# 제목\r\n",
    "old mac\rline\r\rends\r",
    "[a]: /only-a-definition\n",
    "[^1]: a footnote nobody cites\n\ntext [^2]\n",
    /* A ^ as an entity or escaped after a `[`, with and without footnotes
     * (cmark-gfm reads freed memory on the entity when footnotes are on) */
    "Note[^1] and [&#94;a] [&Hat;b] [\\^c].\n\n[^1]: x\n",
    "[&#x5E;a] [\\^b] and no footnote\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (edges); i++)
    for (guint32 seed = 1; seed <= 4; seed++)
      run_edits (edges[i], seed * 31 + i, 25);
}

static HanjiRendering *
render (const char  *text,
        HanjiFlavor  flavor,
        HanjiRendering *previous)
{
  HanjiRenderOptions options;

  hanji_render_options_init (&options, flavor);
  options.sourcepos = TRUE;
  return hanji_rendering_new (text, -1, &options, previous);
}

static char *
replace (const char *text,
         const char *old,
         const char *new)
{
  const char *at = strstr (text, old);
  GString *out = g_string_new (NULL);

  g_assert_nonnull (at);
  g_string_append_len (out, text, at - text);
  g_string_append (out, new);
  g_string_append (out, at + strlen (old));

  return g_string_free (out, FALSE);
}

static void
test_one_paragraph (void)
{
  g_autofree char *text = make_long_post (50);
  g_autofree char *edited = replace (text, "문단 27: some", "문단 27: some more");

  for (guint f = 0; f < G_N_ELEMENTS (flavors); f++)
    {
      g_autoptr(HanjiRendering) first = render (text, flavors[f], NULL);
      g_autoptr(HanjiRendering) second = render (edited, flavors[f], first);
      g_autoptr(HanjiRendering) again = render (edited, flavors[f], second);
      guint n = hanji_rendering_get_n_blocks (second);

      g_assert_cmpuint (hanji_rendering_get_n_blocks (first), ==, 50);
      g_assert_cmpuint (n, ==, 50);
      g_assert_cmpuint (hanji_rendering_get_n_rendered (first), ==, 50);
      g_assert_cmpuint (hanji_rendering_get_n_rendered (second), ==, 1);
      /* Nothing changed: nothing rendered. */
      g_assert_cmpuint (hanji_rendering_get_n_rendered (again), ==, 0);

      for (guint i = 0; i < n; i++)
        {
          g_assert_cmpint (hanji_rendering_block_equal (first, i, second, i), ==, i != 27);
          g_assert_cmpint (hanji_rendering_get_block_shift (second, i), ==, 0);
          g_assert_true (hanji_rendering_block_equal (second, i, again, i));
          /* Taken over blocks share the HTML itself. */
          if (i != 27)
            g_assert_true (hanji_rendering_get_block_html (first, i) ==
                           hanji_rendering_get_block_html (second, i));
        }
      assert_contains (hanji_rendering_get_block_html (second, 27), "some more");
    }
}

/* A long post: a paragraph split in two renders two blocks, and the four
 * thousand after it only move. */
static void
test_long_post (void)
{
  g_autofree char *text = make_long_post (4000);
  g_autofree char *edited = replace (text, "문단 2001: some", "문단 2001:\n\nsome");
  HanjiRenderOptions options;

  g_assert_cmpuint (strlen (text), >, 128 * 1024);
  hanji_render_options_init (&options, HANJI_FLAVOR_HUGO);
  options.sourcepos = TRUE;

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(HanjiRendering) first = hanji_rendering_new (text, -1, &options, NULL);
      g_autoptr(HanjiRendering) second = hanji_rendering_new (edited, -1, &options, first);
      g_autofree char *html = hanji_rendering_dup_html (second);
      g_autofree char *expected = hanji_markdown_render_post (edited, -1, &options);

      g_assert_cmpuint (hanji_rendering_get_n_blocks (second), ==, 4001);
      g_assert_cmpuint (hanji_rendering_get_n_rendered (second), ==, 2);
      g_assert_cmpint (hanji_rendering_get_block_shift (second, 4000), ==, 2);
      g_assert_cmpstr (html, ==, expected);
    }
}

static void
test_lines_and_shifts (void)
{
  const char *text =
    "# A\n"
    "\n"
    "para one\n"
    "\n"
    "para two\n";
  const char *lines_added =
    "---\n"
    "title: t\n"
    "---\n"
    "intro\n"
    "\n"
    "# A\n"
    "\n"
    "para one\n"
    "\n"
    "para two\n";
  g_autoptr(HanjiRendering) first = render (text, HANJI_FLAVOR_HUGO, NULL);
  g_autoptr(HanjiRendering) second = render (lines_added, HANJI_FLAVOR_HUGO, first);
  g_autoptr(HanjiRendering) back = render (text, HANJI_FLAVOR_HUGO, second);
  g_autofree char *html = hanji_rendering_dup_html (second);

  g_assert_cmpuint (hanji_rendering_get_n_blocks (first), ==, 3);
  g_assert_cmpuint (hanji_rendering_get_block_line (first, 0), ==, 1);
  g_assert_cmpuint (hanji_rendering_get_block_line (first, 1), ==, 3);
  g_assert_cmpuint (hanji_rendering_get_block_line (first, 2), ==, 5);
  g_assert_cmpstr (hanji_rendering_get_block_html (first, 1), ==,
                   "<p data-sourcepos=\"3:1-3:8\">para one</p>\n");

  /* Front matter and an intro: the three blocks move down five lines. */
  g_assert_cmpuint (hanji_rendering_get_n_blocks (second), ==, 4);
  g_assert_cmpuint (hanji_rendering_get_n_rendered (second), ==, 1);
  g_assert_cmpuint (hanji_rendering_get_block_line (second, 0), ==, 4);
  g_assert_cmpint (hanji_rendering_get_block_shift (second, 0), ==, 0);
  for (guint i = 1; i < 4; i++)
    {
      g_assert_true (hanji_rendering_block_equal (first, i - 1, second, i));
      g_assert_cmpint (hanji_rendering_get_block_shift (second, i), ==, 5);
      g_assert_cmpuint (hanji_rendering_get_block_line (second, i), ==,
                        hanji_rendering_get_block_line (first, i - 1) + 5);
    }
  g_assert_false (hanji_rendering_block_equal (first, 0, second, 0));

  /* The block's HTML is kept as rendered; dup_html applies the shift. */
  g_assert_cmpstr (hanji_rendering_get_block_html (second, 2), ==,
                   "<p data-sourcepos=\"3:1-3:8\">para one</p>\n");
  g_assert_cmpstr (html, ==,
                   "<p data-sourcepos=\"4:1-4:5\">intro</p>\n"
                   "<h1 data-sourcepos=\"6:1-6:3\" id=\"a\">A</h1>\n"
                   "<p data-sourcepos=\"8:1-8:8\">para one</p>\n"
                   "<p data-sourcepos=\"10:1-10:8\">para two</p>\n");

  /* And back: the blocks are still those rendered first, at shift 0. */
  g_assert_cmpuint (hanji_rendering_get_n_rendered (back), ==, 0);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (hanji_rendering_get_block_shift (back, i), ==, 0);
}

static void
test_heading_ids_in_key (void)
{
  const char *text =
    "## 재료\n"
    "\n"
    "one\n"
    "\n"
    "## 재료\n"
    "\n"
    "two\n";
  g_autofree char *edited = replace (text, "one", "## 재료\n\none");

  for (guint f = 1; f < G_N_ELEMENTS (flavors); f++)
    {
      g_autoptr(HanjiRendering) first = render (text, flavors[f], NULL);
      g_autoptr(HanjiRendering) second = render (edited, flavors[f], first);
      guint n = hanji_rendering_get_n_blocks (second);

      /* A third 재료 before the second: its block now has id 재료-2 and
       * so changed, though its source did not. */
      g_assert_cmpuint (n, ==, 5);
      assert_contains (hanji_rendering_get_block_html (second, n - 2), "id=\"재료-2\"");
      g_assert_false (hanji_rendering_block_equal (first, 2, second, n - 2));
      g_assert_true (hanji_rendering_block_equal (first, 3, second, n - 1));
      g_assert_true (hanji_rendering_block_equal (first, 0, second, 0));
    }
}

static void
test_reference_definitions (void)
{
  /* The definition leaves no node: it sits before the first block. */
  const char *text =
    "[ref]: /old\n"
    "\n"
    "Uses [ref] first.\n"
    "\n"
    "Unrelated paragraph.\n";
  /* Here it is consumed from the start of the second block. */
  const char *inside =
    "Uses [ref] first.\n"
    "\n"
    "[ref]: /old\n"
    "Unrelated paragraph.\n"
    "\n"
    "Last.\n";
  g_autofree char *changed_definition = replace (text, "/old", "/new");
  g_autofree char *changed_paragraph = replace (text, "Unrelated", "Other");
  g_autofree char *changed_inside = replace (inside, "Unrelated", "Other");
  g_autofree char *changed_last = replace (inside, "Last", "Final");
  g_autoptr(HanjiRendering) first = render (text, HANJI_FLAVOR_HUGO, NULL);
  g_autoptr(HanjiRendering) second = render (changed_definition, HANJI_FLAVOR_HUGO, first);
  g_autoptr(HanjiRendering) third = render (changed_paragraph, HANJI_FLAVOR_HUGO, first);
  g_autoptr(HanjiRendering) inside_first = render (inside, HANJI_FLAVOR_HUGO, NULL);
  g_autoptr(HanjiRendering) inside_second = render (changed_inside, HANJI_FLAVOR_HUGO, inside_first);
  g_autoptr(HanjiRendering) inside_third = render (changed_last, HANJI_FLAVOR_HUGO, inside_first);

  /* The definition changed: every block depends on it, none is taken over. */
  g_assert_cmpuint (hanji_rendering_get_n_blocks (second), ==, 2);
  g_assert_cmpuint (hanji_rendering_get_n_rendered (second), ==, 2);
  assert_contains (hanji_rendering_get_block_html (second, 0), "href=\"/new\"");
  g_assert_false (hanji_rendering_block_equal (first, 0, second, 0));
  g_assert_false (hanji_rendering_block_equal (first, 1, second, 1));

  /* Any other edit keeps the definitions and so the other blocks. */
  g_assert_cmpuint (hanji_rendering_get_n_rendered (third), ==, 1);
  g_assert_true (hanji_rendering_block_equal (first, 0, third, 0));
  assert_contains (hanji_rendering_get_block_html (third, 0), "href=\"/old\"");

  /* An edit in a block that holds a definition is a change of context
   * (conservative: the definition itself is the same); an edit
   * elsewhere is not. */
  g_assert_cmpuint (hanji_rendering_get_n_blocks (inside_first), ==, 3);
  g_assert_cmpuint (hanji_rendering_get_n_rendered (inside_second), ==, 3);
  g_assert_cmpuint (hanji_rendering_get_n_rendered (inside_third), ==, 1);
  g_assert_true (hanji_rendering_block_equal (inside_first, 0, inside_third, 0));
  g_assert_true (hanji_rendering_block_equal (inside_first, 1, inside_third, 1));
}

static void
test_footnotes_one_block (void)
{
  const char *text =
    "Claim.[^1]\n"
    "\n"
    "Middle.\n"
    "\n"
    "[^1]: Source.\n";
  const char *plain =
    "Claim.\n"
    "\n"
    "Middle.\n";
  g_autofree char *edited = replace (text, "Middle", "Centre");
  g_autofree char *moved = g_strconcat ("---\na: b\n---\n", text, NULL);
  g_autoptr(HanjiRendering) first = render (text, HANJI_FLAVOR_JEKYLL, NULL);
  g_autoptr(HanjiRendering) second = render (edited, HANJI_FLAVOR_JEKYLL, first);
  g_autoptr(HanjiRendering) third = render (moved, HANJI_FLAVOR_JEKYLL, first);
  g_autoptr(HanjiRendering) without = render (plain, HANJI_FLAVOR_JEKYLL, NULL);
  g_autoptr(HanjiRendering) added = render (text, HANJI_FLAVOR_JEKYLL, without);

  g_assert_cmpuint (hanji_rendering_get_n_blocks (first), ==, 1);
  assert_contains (hanji_rendering_get_block_html (first, 0), "<section class=\"footnotes\"");
  g_assert_cmpuint (hanji_rendering_get_n_rendered (second), ==, 1);
  g_assert_false (hanji_rendering_block_equal (first, 0, second, 0));

  /* The same body three lines down is still the same block. */
  g_assert_cmpuint (hanji_rendering_get_n_rendered (third), ==, 0);
  g_assert_cmpint (hanji_rendering_get_block_shift (third, 0), ==, 3);
  g_assert_true (hanji_rendering_block_equal (first, 0, third, 0));

  /* Adding the footnote makes the post one block, nothing taken over. */
  g_assert_cmpuint (hanji_rendering_get_n_blocks (without), ==, 2);
  g_assert_cmpuint (hanji_rendering_get_n_rendered (added), ==, 1);
  g_assert_false (hanji_rendering_block_equal (without, 0, added, 0));
}

/* A setext heading (with positions) ends on the line after it, which
 * here is the next block's first line: editing that line renders both. */
static void
test_setext_next_line (void)
{
  const char *text =
    "Title\n"
    "=====\n"
    "short\n"
    "\n"
    "last\n";
  g_autofree char *edited = replace (text, "short", "much longer");
  g_autoptr(HanjiRendering) first = render (text, HANJI_FLAVOR_COMMONMARK, NULL);
  g_autoptr(HanjiRendering) second = render (edited, HANJI_FLAVOR_COMMONMARK, first);

  g_assert_cmpuint (hanji_rendering_get_n_blocks (second), ==, 3);
  g_assert_cmpuint (hanji_rendering_get_n_rendered (second), ==, 2);
  g_assert_true (hanji_rendering_block_equal (first, 2, second, 2));
  g_assert_cmpstr (hanji_rendering_get_block_html (second, 0), ==,
                   "<h1 data-sourcepos=\"1:1-3:11\">Title</h1>\n");
}

static void
test_options (void)
{
  const char *text = "# 제목\n\nText.\n";
  g_autoptr(HanjiRendering) hugo = render (text, HANJI_FLAVOR_HUGO, NULL);
  g_autoptr(HanjiRendering) jekyll = render (text, HANJI_FLAVOR_JEKYLL, hugo);
  g_autoptr(HanjiRendering) hugo_again = render (text, HANJI_FLAVOR_HUGO, NULL);
  g_autoptr(HanjiRendering) html = hanji_rendering_new_for_html ("<p>Text.</p>\n");
  g_autoptr(HanjiRendering) html_again = hanji_rendering_new_for_html ("<p>Text.</p>\n");
  g_autofree char *html_copy = hanji_rendering_dup_html (html);
  HanjiRenderOptions options;

  /* Another flavor: nothing is taken over and no block is equal. */
  g_assert_cmpuint (hanji_rendering_get_n_rendered (jekyll), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_assert_false (hanji_rendering_block_equal (hugo, i, jekyll, i));
      /* Made separately from the same text: equal. */
      g_assert_true (hanji_rendering_block_equal (hugo, i, hugo_again, i));
    }

  /* Positions off is another option too. */
  hanji_render_options_init (&options, HANJI_FLAVOR_HUGO);
  {
    g_autoptr(HanjiRendering) plain = hanji_rendering_new (text, -1, &options, hugo);

    g_assert_cmpuint (hanji_rendering_get_n_rendered (plain), ==, 2);
    g_assert_false (hanji_rendering_block_equal (hugo, 1, plain, 1));
  }

  /* A resolver (or its data) is another option. */
  options.sourcepos = TRUE;
  options.resolver = resolve_cb;
  {
    g_autoptr(HanjiRendering) resolved = hanji_rendering_new (text, -1, &options, hugo);

    g_assert_cmpuint (hanji_rendering_get_n_rendered (resolved), ==, 2);
    g_assert_false (hanji_rendering_block_equal (hugo, 1, resolved, 1));
  }

  /* A plain fragment: one block at line 1, equal only to the same HTML. */
  g_assert_cmpuint (hanji_rendering_get_n_blocks (html), ==, 1);
  g_assert_cmpuint (hanji_rendering_get_block_line (html, 0), ==, 1);
  g_assert_cmpint (hanji_rendering_get_block_shift (html, 0), ==, 0);
  g_assert_cmpstr (hanji_rendering_get_block_html (html, 0), ==, "<p>Text.</p>\n");
  g_assert_cmpstr (html_copy, ==, "<p>Text.</p>\n");
  g_assert_true (hanji_rendering_block_equal (html, 0, html_again, 0));
  g_assert_false (hanji_rendering_block_equal (html, 0, hugo, 1));
}

/* The paragraph the table extension splits off has no position ("0:0");
 * it stays 0 when its block moves. */
static void
test_unpositioned_node (void)
{
  const char *text =
    "intro\n"
    "\n"
    "foo\n"
    "bar | baz\n"
    "--|--\n";
  g_autofree char *moved = g_strconcat ("new\n\n", text, NULL);
  g_autoptr(HanjiRendering) first = render (text, HANJI_FLAVOR_HUGO, NULL);
  g_autoptr(HanjiRendering) second = render (moved, HANJI_FLAVOR_HUGO, first);
  g_autofree char *html = hanji_rendering_dup_html (second);
  g_autofree char *expected = NULL;
  HanjiRenderOptions options;

  hanji_render_options_init (&options, HANJI_FLAVOR_HUGO);
  options.sourcepos = TRUE;
  expected = hanji_markdown_render_post (moved, -1, &options);

  g_assert_cmpuint (hanji_rendering_get_n_rendered (second), ==, 1);
  assert_contains (html, "<p data-sourcepos=\"0:0-0:0\">foo</p>");
  assert_contains (html, "<table data-sourcepos=\"5:1-7:5\">");
  g_assert_cmpstr (html, ==, expected);
}

/* The line_offset of hanji_markdown_render() numbers lines as in a file
 * whose body starts there. */
static void
test_render_line_offset (void)
{
  HanjiRenderOptions options;
  g_autofree char *html = NULL;

  hanji_render_options_init (&options, HANJI_FLAVOR_COMMONMARK);
  options.sourcepos = TRUE;
  options.line_offset = 10;
  html = hanji_markdown_render ("a\n\nb\n", -1, &options);

  g_assert_cmpstr (html, ==,
                   "<p data-sourcepos=\"11:1-11:1\">a</p>\n"
                   "<p data-sourcepos=\"13:1-13:1\">b</p>\n");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rendering/edits/written", test_edits_written);
  g_test_add_func ("/rendering/edits/fixtures", test_edits_fixtures);
  g_test_add_func ("/rendering/edits/edges", test_edits_edges);
  g_test_add_func ("/rendering/reuse/one-paragraph", test_one_paragraph);
  g_test_add_func ("/rendering/reuse/long-post", test_long_post);
  g_test_add_func ("/rendering/reuse/lines-and-shifts", test_lines_and_shifts);
  g_test_add_func ("/rendering/reuse/heading-ids", test_heading_ids_in_key);
  g_test_add_func ("/rendering/reuse/reference-definitions", test_reference_definitions);
  g_test_add_func ("/rendering/reuse/footnotes", test_footnotes_one_block);
  g_test_add_func ("/rendering/reuse/setext-next-line", test_setext_next_line);
  g_test_add_func ("/rendering/options", test_options);
  g_test_add_func ("/rendering/unpositioned-node", test_unpositioned_node);
  g_test_add_func ("/rendering/render-line-offset", test_render_line_offset);

  return g_test_run ();
}
