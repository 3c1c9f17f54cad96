/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-markdown"

#include "config.h"

#include "hanji-test-util.h"

#include <string.h>

#include "hanji-markdown.h"

static char *
render (const char  *markdown,
        HanjiFlavor  flavor)
{
  HanjiRenderOptions options;

  hanji_render_options_init (&options, flavor);
  return hanji_markdown_render (markdown, -1, &options);
}

static void
test_flavor_names (void)
{
  HanjiFlavor flavor = HANJI_FLAVOR_COMMONMARK;

  g_assert_cmpstr (hanji_flavor_to_string (HANJI_FLAVOR_COMMONMARK), ==, "commonmark");
  g_assert_cmpstr (hanji_flavor_to_string (HANJI_FLAVOR_HUGO), ==, "hugo");
  g_assert_cmpstr (hanji_flavor_to_string (HANJI_FLAVOR_JEKYLL), ==, "jekyll");

  g_assert_true (hanji_flavor_from_string ("hugo", &flavor));
  g_assert_cmpint (flavor, ==, HANJI_FLAVOR_HUGO);
  g_assert_true (hanji_flavor_from_string ("jekyll", &flavor));
  g_assert_cmpint (flavor, ==, HANJI_FLAVOR_JEKYLL);
  g_assert_true (hanji_flavor_from_string ("commonmark", &flavor));
  g_assert_cmpint (flavor, ==, HANJI_FLAVOR_COMMONMARK);

  flavor = HANJI_FLAVOR_HUGO;
  g_assert_false (hanji_flavor_from_string ("kramdown", &flavor));
  g_assert_cmpint (flavor, ==, HANJI_FLAVOR_HUGO);
  g_assert_false (hanji_flavor_from_string ("", NULL));
}

static void
test_heading_and_paragraph (void)
{
  g_autofree char *html = render ("# Hello *world*\n\nA paragraph.\n", HANJI_FLAVOR_HUGO);

  g_assert_cmpstr (html, ==, "<h1 id=\"hello-world\">Hello <em>world</em></h1>\n<p>A paragraph.</p>\n");
}

static void
test_table (void)
{
  g_autofree char *html = render ("| a | b |\n|---|--:|\n| 1 | 2 |\n", HANJI_FLAVOR_HUGO);

  assert_contains (html, "<table>");
  assert_contains (html, "<th>a</th>");
  assert_contains (html, "<th style=\"text-align: right\">b</th>");
  assert_contains (html, "<td>1</td>");
  assert_contains (html, "<td style=\"text-align: right\">2</td>");
}

static void
test_strikethrough (void)
{
  g_autofree char *jekyll = render ("~~two~~ and ~one~\n", HANJI_FLAVOR_JEKYLL);
  g_autofree char *hugo = render ("~~two~~ and ~one~\n", HANJI_FLAVOR_HUGO);
  g_autofree char *commonmark = render ("~~two~~ and ~one~\n", HANJI_FLAVOR_COMMONMARK);

  /* kramdown and goldmark strike through two tildes only (measured). */
  g_assert_cmpstr (jekyll, ==, "<p><del>two</del> and ~one~</p>\n");
  g_assert_cmpstr (hugo, ==, "<p><del>two</del> and ~one~</p>\n");
  g_assert_cmpstr (commonmark, ==, "<p><del>two</del> and <del>one</del></p>\n");
}

static void
test_heading_ids_hugo (void)
{
  g_autofree char *html = render ("## 재료 준비\n\n## 재료 준비\n\n# Hello, World!\n\n"
                                  "## 🍰\n\n## [a](b.html) ##\n\nSetext\n---\n",
                                  HANJI_FLAVOR_HUGO);

  g_assert_cmpstr (html, ==,
                   "<h2 id=\"재료-준비\">재료 준비</h2>\n"
                   "<h2 id=\"재료-준비-1\">재료 준비</h2>\n"
                   "<h1 id=\"hello-world\">Hello, World!</h1>\n"
                   "<h2 id=\"heading\">🍰</h2>\n"
                   "<h2 id=\"abhtml\"><a href=\"b.html\">a</a></h2>\n"
                   "<h2 id=\"setext\">Setext</h2>\n");
}

static void
test_heading_ids_jekyll (void)
{
  g_autofree char *html = render ("## 재료 준비\n\n## 재료 준비\n\n# Hello, World!\n\n"
                                  "## 🍰\n\n## 🍰\n\n## [a](b.html) `c d`\n",
                                  HANJI_FLAVOR_JEKYLL);

  g_assert_cmpstr (html, ==,
                   "<h2 id=\"재료-준비\">재료 준비</h2>\n"
                   "<h2 id=\"재료-준비-1\">재료 준비</h2>\n"
                   "<h1 id=\"hello-world\">Hello, World!</h1>\n"
                   "<h2>🍰</h2>\n"
                   "<h2 id=\"-1\">🍰</h2>\n"
                   "<h2 id=\"a-c-d\"><a href=\"b.html\">a</a> <code>c d</code></h2>\n");
}

static void
test_heading_ids_commonmark_and_sourcepos (void)
{
  g_autofree char *plain = render ("## 재료 준비\n", HANJI_FLAVOR_COMMONMARK);
  HanjiRenderOptions options;
  g_autofree char *html = NULL;

  g_assert_cmpstr (plain, ==, "<h2>재료 준비</h2>\n");

  hanji_render_options_init (&options, HANJI_FLAVOR_HUGO);
  options.sourcepos = TRUE;
  options.line_offset = 3;
  html = hanji_markdown_render ("text\n\n## 재료 준비\n", -1, &options);
  assert_contains (html, "<h2 data-sourcepos=\"6:1-6:16\" id=\"재료-준비\">");
}

static void
test_jekyll_spaced_destinations (void)
{
  g_autofree char *jekyll = render ("![a](../img/My Photo.jpg) [b](my page.html \"T t\") "
                                    "[c [d]](x (1).html)\n\n"
                                    "`[e](f g)` and ``[h](i j)``\n\n"
                                    "```\n[k](l m)\n```\n\n"
                                    "    [n](o p)\n",
                                    HANJI_FLAVOR_JEKYLL);
  g_autofree char *hugo = render ("![a](../img/My Photo.jpg)\n", HANJI_FLAVOR_HUGO);

  assert_contains (jekyll, "<img src=\"../img/My%20Photo.jpg\" alt=\"a\" />");
  assert_contains (jekyll, "<a href=\"my%20page.html\" title=\"T t\">b</a>");
  assert_contains (jekyll, "<a href=\"x%20(1).html\">c [d]</a>");
  /* Code is left as it is. */
  assert_contains (jekyll, "<code>[e](f g)</code>");
  assert_contains (jekyll, "<code>[h](i j)</code>");
  assert_contains (jekyll, "<pre><code>[k](l m)\n</code></pre>");
  assert_contains (jekyll, "<pre><code>[n](o p)\n</code></pre>");
  /* CommonMark (Hugo) keeps it text. */
  g_assert_cmpstr (hugo, ==, "<p>![a](../img/My Photo.jpg)</p>\n");
}

static void
test_linkify_flavors (void)
{
  g_autofree char *hugo = render ("www.example.com\n", HANJI_FLAVOR_HUGO);
  g_autofree char *jekyll = render ("www.example.com <https://x.org>\n", HANJI_FLAVOR_JEKYLL);

  g_assert_cmpstr (hugo, ==,
                   "<p><a href=\"https://www.example.com\">www.example.com</a></p>\n");
  g_assert_cmpstr (jekyll, ==,
                   "<p>www.example.com <a href=\"https://x.org\">https://x.org</a></p>\n");
}

static void
test_autolink (void)
{
  g_autofree char *html = render ("See www.example.com and https://gnome.org/apps.\n",
                                  HANJI_FLAVOR_HUGO);

  assert_contains (html, "<a href=\"https://www.example.com\">www.example.com</a>");
  /* The trailing full stop is not part of the link. */
  assert_contains (html, "<a href=\"https://gnome.org/apps\">https://gnome.org/apps</a>.");
}

static void
test_task_list (void)
{
  g_autofree char *html = render ("- [ ] open\n- [x] done\n", HANJI_FLAVOR_HUGO);

  assert_contains (html, "<li><input type=\"checkbox\" disabled=\"\" /> open</li>");
  assert_contains (html, "<li><input type=\"checkbox\" checked=\"\" disabled=\"\" /> done</li>");
}

static void
test_footnote (void)
{
  g_autofree char *html = render ("Claim.[^src]\n\n[^src]: The source.\n", HANJI_FLAVOR_HUGO);

  assert_contains (html, "<sup class=\"footnote-ref\"><a href=\"#fn-src\"");
  assert_contains (html, "<section class=\"footnotes\"");
  assert_contains (html, "The source.");
  assert_not_contains (html, "[^src]");
}

static void
test_fenced_code (void)
{
  g_autofree char *html = render ("```c\nint main (void);\n<b>\n```\n", HANJI_FLAVOR_HUGO);

  g_assert_cmpstr (html, ==,
                   "<pre><code class=\"language-c\">int main (void);\n&lt;b&gt;\n</code></pre>\n");
}

static void
test_raw_html_omitted (void)
{
  const HanjiFlavor flavors[] = {
    HANJI_FLAVOR_COMMONMARK, HANJI_FLAVOR_HUGO, HANJI_FLAVOR_JEKYLL,
  };

  for (guint i = 0; i < G_N_ELEMENTS (flavors); i++)
    {
      g_autofree char *html = render ("<script>alert(1)</script>\n\n"
                                       "Inline <script>alert(2)</script> and "
                                       "<img src=x onerror=alert(3)>.\n\n"
                                       "[click](javascript:alert(4))\n",
                                       flavors[i]);

      assert_not_contains (html, "<script");
      assert_not_contains (html, "onerror");
      assert_not_contains (html, "javascript:");
      assert_contains (html, "raw HTML omitted");
      assert_contains (html, "click");
    }
}

static void
test_sourcepos_offset (void)
{
  HanjiRenderOptions options;
  g_autofree char *plain = NULL;
  g_autofree char *html = NULL;
  g_autofree char *far = NULL;

  hanji_render_options_init (&options, HANJI_FLAVOR_HUGO);
  plain = hanji_markdown_render ("# A\n\npara\n", -1, &options);
  assert_not_contains (plain, "data-sourcepos");

  options.sourcepos = TRUE;
  options.line_offset = 4;
  html = hanji_markdown_render ("# A\n\npara\n\n- item\n", -1, &options);
  assert_contains (html, "<h1 data-sourcepos=\"5:1-5:3\" id=\"a\">A</h1>");
  assert_contains (html, "<p data-sourcepos=\"7:1-7:4\">para</p>");
  assert_contains (html, "<li data-sourcepos=\"9:1-9:6\">item</li>");

  /* More than one buffer of padding. */
  options.line_offset = 1000;
  far = hanji_markdown_render ("text\n", -1, &options);
  assert_contains (far, "<p data-sourcepos=\"1001:1-1001:4\">text</p>");
}

static void
test_render_post (void)
{
  const char *post =
    "---\n"
    "title: Secret front matter\n"
    "tags: [a]\n"
    "---\n"
    "\n"
    "# Heading\n";
  HanjiRenderOptions options;
  g_autofree char *html = NULL;
  g_autofree char *crlf = NULL;
  g_autofree char *unterminated = NULL;

  hanji_render_options_init (&options, HANJI_FLAVOR_JEKYLL);
  options.sourcepos = TRUE;
  options.line_offset = 99;  /* replaced by the post's own body line */

  html = hanji_markdown_render_post (post, -1, &options);
  g_assert_cmpstr (html, ==, "<h1 data-sourcepos=\"6:1-6:9\" id=\"heading\">Heading</h1>\n");

  crlf = hanji_markdown_render_post ("\xEF\xBB\xBF---\r\ntitle: x\r\n---\r\nBody\r\n", -1, &options);
  g_assert_cmpstr (crlf, ==, "<p data-sourcepos=\"4:1-4:4\">Body</p>\n");

  /* An unclosed block is shown, never swallowed. */
  unterminated = hanji_markdown_render_post ("---\ntitle: Visible\n\nWords\n", -1, &options);
  assert_contains (unterminated, "Visible");
  assert_contains (unterminated, "Words");
}

typedef struct
{
  guint images;
  guint links;
} ResolverCounts;

static char *
resolve_cb (const char *url,
            gboolean    is_image,
            gpointer    user_data)
{
  ResolverCounts *counts = user_data;

  if (is_image)
    {
      counts->images++;
      if (!g_str_has_prefix (url, "https:"))
        return g_strconcat ("hanji-site:///posts/", url, NULL);
      return NULL;
    }

  counts->links++;
  return NULL;
}

static void
test_resolver (void)
{
  ResolverCounts counts = { 0, 0 };
  HanjiRenderOptions options;
  g_autofree char *html = NULL;

  hanji_render_options_init (&options, HANJI_FLAVOR_HUGO);
  options.resolver = resolve_cb;
  options.resolver_data = &counts;

  html = hanji_markdown_render ("![cat](img/cat.png) ![far](https://example.com/x.png)\n\n"
                                "[post](other.md) and https://gnome.org\n\n"
                                "[ref]: ../img/ref.jpg\n\n![by ref][ref]\n",
                                -1, &options);

  assert_contains (html, "<img src=\"hanji-site:///posts/img/cat.png\" alt=\"cat\" />");
  assert_contains (html, "<img src=\"https://example.com/x.png\" alt=\"far\" />");
  assert_contains (html, "<img src=\"hanji-site:///posts/../img/ref.jpg\" alt=\"by ref\" />");
  assert_contains (html, "<a href=\"other.md\">post</a>");
  g_assert_cmpuint (counts.images, ==, 3);
  g_assert_cmpuint (counts.links, ==, 2);
}

static void
test_edge_inputs (void)
{
  g_autofree char *empty = hanji_markdown_render ("", 0, NULL);
  g_autofree char *invalid = hanji_markdown_render ("bad \xff byte\n", -1, NULL);
  g_autofree char *partial = hanji_markdown_render ("# Title\nmore", 7, NULL);

  g_assert_nonnull (empty);
  g_assert_cmpstr (empty, ==, "");
  g_assert_true (g_utf8_validate (invalid, -1, NULL));
  assert_contains (invalid, "\xEF\xBF\xBD");
  g_assert_cmpstr (partial, ==, "<h1>Title</h1>\n");
}

static void
test_headings (void)
{
  const char *text =
    "---\ntitle: 목차\n---\n\n"
    "# 재료 준비\n\n"
    "본문 *문단*.\n\n"
    "## `code` 와 **굵게**\n\n"
    "> ### 인용 속 제목\n\n"
    "Setext 제목\n"
    "-----------\n\n"
    "```\n# 코드 속은 제목이 아님\n```\n\n"
    "## 재료 준비\n";
  static const struct { HanjiFlavor flavor; } flavors[] = { { HANJI_FLAVOR_HUGO }, { HANJI_FLAVOR_JEKYLL } };

  for (guint f = 0; f < G_N_ELEMENTS (flavors); f++)
    {
      g_autoptr(GPtrArray) headings = hanji_markdown_list_headings (text, -1, flavors[f].flavor);
      HanjiRenderOptions options;
      g_autofree char *html = NULL;
      HanjiHeading *h;

      g_assert_cmpuint (headings->len, ==, 5);

      h = headings->pdata[0];
      g_assert_cmpuint (h->level, ==, 1);
      g_assert_cmpuint (h->line, ==, 5);
      g_assert_cmpstr (h->text, ==, "재료 준비");
      g_assert_cmpstr (h->id, ==, "재료-준비");

      h = headings->pdata[1];
      g_assert_cmpuint (h->level, ==, 2);
      g_assert_cmpuint (h->line, ==, 9);
      g_assert_cmpstr (h->text, ==, "code 와 굵게");

      h = headings->pdata[2];
      g_assert_cmpuint (h->level, ==, 3);
      g_assert_cmpuint (h->line, ==, 11);

      h = headings->pdata[3];
      g_assert_cmpuint (h->level, ==, 2);
      g_assert_cmpuint (h->line, ==, 13);
      g_assert_cmpstr (h->text, ==, "Setext 제목");

      /* The repeat gets the generator's suffix, as in the HTML. */
      h = headings->pdata[4];
      g_assert_cmpuint (h->line, ==, 20);
      g_assert_nonnull (h->id);
      g_assert_cmpstr (h->id, !=, "재료-준비");

      hanji_render_options_init (&options, flavors[f].flavor);
      html = hanji_markdown_render_post (text, -1, &options);
      for (guint i = 0; i < headings->len; i++)
        {
          g_autofree char *attribute = NULL;

          h = headings->pdata[i];
          attribute = g_strdup_printf ("id=\"%s\"", h->id);
          assert_contains (html, attribute);
        }
    }

  /* No front matter, CRLF, no headings. */
  {
    g_autoptr(GPtrArray) headings = hanji_markdown_list_headings ("a\r\n\r\n## 둘\r\n", -1, HANJI_FLAVOR_COMMONMARK);

    g_assert_cmpuint (headings->len, ==, 1);
    g_assert_cmpuint (((HanjiHeading *) headings->pdata[0])->line, ==, 3);
    g_assert_cmpstr (((HanjiHeading *) headings->pdata[0])->text, ==, "둘");
  }
  {
    g_autoptr(GPtrArray) headings = hanji_markdown_list_headings ("", 0, HANJI_FLAVOR_HUGO);

    g_assert_cmpuint (headings->len, ==, 0);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/markdown/flavor-names", test_flavor_names);
  g_test_add_func ("/markdown/heading-and-paragraph", test_heading_and_paragraph);
  g_test_add_func ("/markdown/gfm/table", test_table);
  g_test_add_func ("/markdown/gfm/strikethrough", test_strikethrough);
  g_test_add_func ("/markdown/gfm/autolink", test_autolink);
  g_test_add_func ("/markdown/heading-ids/hugo", test_heading_ids_hugo);
  g_test_add_func ("/markdown/heading-ids/jekyll", test_heading_ids_jekyll);
  g_test_add_func ("/markdown/heading-ids/commonmark-and-sourcepos",
                   test_heading_ids_commonmark_and_sourcepos);
  g_test_add_func ("/markdown/jekyll/spaced-destinations", test_jekyll_spaced_destinations);
  g_test_add_func ("/markdown/linkify-flavors", test_linkify_flavors);
  g_test_add_func ("/markdown/gfm/task-list", test_task_list);
  g_test_add_func ("/markdown/gfm/footnote", test_footnote);
  g_test_add_func ("/markdown/fenced-code", test_fenced_code);
  g_test_add_func ("/markdown/raw-html-omitted", test_raw_html_omitted);
  g_test_add_func ("/markdown/sourcepos-offset", test_sourcepos_offset);
  g_test_add_func ("/markdown/render-post", test_render_post);
  g_test_add_func ("/markdown/resolver", test_resolver);
  g_test_add_func ("/markdown/edge-inputs", test_edge_inputs);

  g_test_add_func ("/markdown/headings", test_headings);

  return g_test_run ();
}
