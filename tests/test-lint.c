/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Lint on real site folders: each problem, where it is, and its fix. */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "hanji-lint.h"
#include "hanji-test-util.h"


typedef struct
{
  char      *root;
  HanjiSite *site;
} Site;

static Site *
make_site (gboolean hugo)
{
  Site *site = g_new0 (Site, 1);
  g_autoptr(GFile) root = NULL;

  site->root = g_dir_make_tmp ("hanji-lint-XXXXXX", NULL);
  if (hugo)
    {
      hanji_test_write_file (site->root, "hugo.toml", "title = \"Lint\"\n");
      hanji_test_write_file (site->root, "static/images/내 사진 1.png", "png");
      hanji_test_write_file (site->root, "static/images/Photo.JPG", "jpg");
      hanji_test_write_file (site->root, "content/posts/bundle/index.md", "---\ntitle: b\n---\n");
      hanji_test_write_file (site->root, "content/posts/bundle/곁.png", "png");
    }
  else
    {
      hanji_test_write_file (site->root, "_config.yml", "title: Lint\n");
      hanji_test_write_file (site->root, "assets/img/kimchi.jpg", "jpg");
      hanji_test_write_file (site->root, "files/doc.pdf", "pdf");
      /* A macOS name: decomposed Hangul. */
      hanji_test_write_file (site->root, "assets/img/\xe1\x84\x92\xe1\x85\xa1\xe1\x86\xab\xe1\x84\x8c\xe1\x85\xb5.png", "png");
    }

  root = g_file_new_for_path (site->root);
  site->site = hanji_site_new (root);
  return site;
}

static void
site_free (Site *site)
{
  g_object_unref (site->site);
  hanji_test_remove_tree (site->root);
  g_free (site->root);
  g_free (site);
}

static GPtrArray *
lint (Site       *site,
      const char *relative,
      const char *text,
      HanjiFlavor flavor)
{
  g_autofree char *path = g_build_filename (site->root, relative, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return hanji_lint_post (text, strlen (text), site->site, file, flavor);
}

static HanjiLintProblem *
find_problem (GPtrArray  *problems,
              const char *code)
{
  for (guint i = 0; i < problems->len; i++)
    {
      HanjiLintProblem *problem = problems->pdata[i];

      if (g_str_equal (problem->code, code))
        return problem;
    }

  g_error ("no %s problem among %u", code, problems->len);
  return NULL;
}

static void
assert_clean (GPtrArray *problems)
{
  for (guint i = 0; i < problems->len; i++)
    {
      HanjiLintProblem *problem = problems->pdata[i];

      g_test_message ("%u:%u %s %s", problem->line, problem->column, problem->code, problem->message);
    }
  g_assert_cmpuint (problems->len, ==, 0);
}

static void
test_clean (void)
{
  Site *site = make_site (FALSE);
  g_autoptr(GPtrArray) problems = lint (site, "_posts/2024-01-01-a.md",
                                        "---\ntitle: 깨끗한 글\n---\n\n"
                                        "![김치](/assets/img/kimchi.jpg) [PDF](../files/doc.pdf)\n"
                                        "[다른 글](/2024/01/02/other/) [원격](https://example.com/x.png)\n"
                                        "[위로](#제목) {% post_url 2024-01-02-b %}\n\n## 제목\n",
                                        HANJI_FLAVOR_JEKYLL);

  assert_clean (problems);
  site_free (site);
}

static void
test_front_matter (void)
{
  Site *site = make_site (FALSE);
  g_autoptr(GPtrArray) problems = lint (site, "_posts/2024-01-01-a.md",
                                        "---\ntitle: [열림\ndate: 2024\n---\n\n본문\n",
                                        HANJI_FLAVOR_JEKYLL);
  HanjiLintProblem *problem = find_problem (problems, "invalid-front-matter");

  g_assert_cmpint (problem->severity, ==, HANJI_LINT_ERROR);
  g_assert_cmpuint (problem->line, >=, 2);
  g_assert_cmpuint (problem->line, <=, 4);
  g_clear_pointer (&problems, g_ptr_array_unref);

  problems = lint (site, "_posts/2024-01-01-a.md", "---\ntitle: \"\"\ndraft:\n---\n\n본문\n", HANJI_FLAVOR_JEKYLL);
  problem = find_problem (problems, "empty-title");
  g_assert_cmpint (problem->severity, ==, HANJI_LINT_WARNING);
  g_assert_cmpuint (problem->line, ==, 2);
  g_assert_cmpuint (problem->column, ==, 1);
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* No front matter at all: nothing to say about a title. */
  problems = lint (site, "notes.md", "그냥 메모\n", HANJI_FLAVOR_COMMONMARK);
  assert_clean (problems);

  site_free (site);
}

static void
test_missing (void)
{
  Site *site = make_site (FALSE);
  const char *text = "---\r\ntitle: t\r\n---\r\n\r\n앞 ![없음](/assets/img/none.png)\r\n[파일](../files/gone.zip)\r\n";
  g_autoptr(GPtrArray) problems = lint (site, "_posts/2024-01-01-a.md", text, HANJI_FLAVOR_JEKYLL);
  HanjiLintProblem *image = find_problem (problems, "missing-image");
  HanjiLintProblem *file = find_problem (problems, "missing-link");

  g_assert_cmpint (image->severity, ==, HANJI_LINT_ERROR);
  g_assert_cmpuint (image->line, ==, 5);
  /* 앞, a space, ![없음]( : the address starts at character 9. */
  g_assert_cmpuint (image->column, ==, 9);
  g_assert_cmpint (strncmp (text + image->offset, "/assets/img/none.png", image->length), ==, 0);
  g_assert_null (image->fix_text);
  g_assert_cmpint (file->severity, ==, HANJI_LINT_WARNING);
  g_assert_cmpuint (file->line, ==, 6);

  site_free (site);
}

static void
test_misspelled (void)
{
  Site *site = make_site (FALSE);
  /* Typed precomposed, on disk decomposed: the same name to the writer. */
  const char *text = "---\ntitle: t\n---\n\n![종이](/assets/img/한지.png) ![김치](/assets/img/Kimchi.JPG)\n";
  g_autoptr(GPtrArray) problems = lint (site, "_posts/2024-01-01-a.md", text, HANJI_FLAVOR_JEKYLL);
  g_autofree char *fixed = NULL;
  g_autofree char *fixed_again = NULL;

  g_assert_cmpuint (problems->len, ==, 2);
  for (guint i = 0; i < problems->len; i++)
    {
      HanjiLintProblem *problem = problems->pdata[i];

      g_assert_cmpstr (problem->code, ==, "misspelled-path");
      g_assert_nonnull (problem->fix_text);
    }
  g_assert_cmpstr (((HanjiLintProblem *) problems->pdata[1])->fix_text, ==, "/assets/img/kimchi.jpg");

  /* Both fixes applied (the later one first), the post lints clean. */
  fixed = hanji_lint_apply_fix (text, strlen (text), problems->pdata[1]);
  fixed_again = hanji_lint_apply_fix (fixed, strlen (fixed), problems->pdata[0]);
  g_clear_pointer (&problems, g_ptr_array_unref);
  problems = lint (site, "_posts/2024-01-01-a.md", fixed_again, HANJI_FLAVOR_JEKYLL);
  assert_clean (problems);

  site_free (site);
}

static void
test_unparsed (void)
{
  Site *site = make_site (TRUE);
  const char *text = "---\ntitle: t\n---\n\n"
                     "![사진](/images/내 사진 1.png) and [링크](/images/Photo.JPG \"title\")\n"
                     "[글](/x y/)\n\n```\n![코드](in code.png)\n```\n";
  g_autoptr(GPtrArray) problems = lint (site, "content/posts/a.md", text, HANJI_FLAVOR_HUGO);
  HanjiLintProblem *image = find_problem (problems, "unparsed-destination");
  g_autofree char *fixed = NULL;
  guint n_unparsed = 0;

  for (guint i = 0; i < problems->len; i++)
    if (g_str_equal (((HanjiLintProblem *) problems->pdata[i])->code, "unparsed-destination"))
      n_unparsed++;
  /* The image and the link with a space; not the titled one, not code. */
  g_assert_cmpuint (n_unparsed, ==, 2);
  g_assert_cmpint (image->severity, ==, HANJI_LINT_ERROR);
  g_assert_cmpstr (image->fix_text, ==, "</images/내 사진 1.png>");

  fixed = hanji_lint_apply_fix (text, strlen (text), image);
  assert_contains (fixed, "![사진](</images/내 사진 1.png>)");
  {
    HanjiRenderOptions options;
    g_autofree char *html = NULL;

    hanji_render_options_init (&options, HANJI_FLAVOR_HUGO);
    html = hanji_markdown_render_post (fixed, -1, &options);
    assert_contains (html, "<img src=\"/images/%EB%82%B4%20%EC%82%AC%EC%A7%84%201.png\"");
  }
  g_clear_pointer (&problems, g_ptr_array_unref);
  problems = lint (site, "content/posts/a.md", fixed, HANJI_FLAVOR_HUGO);
  for (guint i = 0; i < problems->len; i++)
    g_assert_false (((HanjiLintProblem *) problems->pdata[i])->severity == HANJI_LINT_ERROR);
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* Jekyll (kramdown) reads the same text as an image: no problem. */
  problems = lint (site, "content/posts/a.md", "![사진](/images/내 사진 1.png)\n", HANJI_FLAVOR_JEKYLL);
  assert_clean (problems);
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* A page bundle's own image, relative. */
  problems = lint (site, "content/posts/bundle/index.md", "---\ntitle: b\n---\n\n![곁](곁.png)\n", HANJI_FLAVOR_HUGO);
  assert_clean (problems);

  site_free (site);
}

static void
test_headings (void)
{
  Site *site = make_site (TRUE);
  g_autoptr(GPtrArray) problems = lint (site, "content/posts/a.md",
                                        "---\ntitle: t\n---\n\n## 재료\n\n[아래로](#재료) [없는 곳](#없음)\n\n## 재료\n",
                                        HANJI_FLAVOR_HUGO);
  HanjiLintProblem *duplicate = find_problem (problems, "duplicate-heading");
  HanjiLintProblem *anchor = find_problem (problems, "missing-anchor");

  g_assert_cmpuint (duplicate->line, ==, 9);
  assert_contains (duplicate->message, "#재료");
  g_assert_cmpuint (anchor->line, ==, 7);
  assert_contains (anchor->message, "없음");
  g_assert_cmpuint (problems->len, ==, 2);

  site_free (site);
}

/* An image with nothing between its brackets: a warning that points
 * between them, where the description goes; no fix (only the writer
 * knows what the image shows). Empty link text is not this problem. */
static void
test_alt (void)
{
  Site *site = make_site (FALSE);
  const char *text = "---\ntitle: t\n---\n\n사진: ![](/assets/img/kimchi.jpg)\n\n![ ](/assets/img/kimchi.jpg) "
                     "![김치](/assets/img/kimchi.jpg) [](/files/doc.pdf)\n";
  g_autoptr(GPtrArray) problems = lint (site, "_posts/2024-01-01-a.md", text, HANJI_FLAVOR_JEKYLL);
  HanjiLintProblem *first, *second;

  g_assert_cmpuint (problems->len, ==, 2);
  first = problems->pdata[0];
  second = problems->pdata[1];
  g_assert_cmpstr (first->code, ==, "missing-alt");
  g_assert_cmpint (first->severity, ==, HANJI_LINT_WARNING);
  g_assert_cmpuint (first->line, ==, 5);
  /* After `사진: ![`, six characters. */
  g_assert_cmpuint (first->column, ==, 7);
  g_assert_cmpuint (first->length, ==, 0);
  g_assert_cmpint (strncmp (text + first->offset, "](", 2), ==, 0);
  g_assert_null (first->fix_text);
  g_assert_cmpstr (second->code, ==, "missing-alt");
  g_assert_cmpuint (second->line, ==, 7);
  g_assert_cmpuint (second->column, ==, 3);

  site_free (site);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lint/clean", test_clean);
  g_test_add_func ("/lint/front-matter", test_front_matter);
  g_test_add_func ("/lint/missing", test_missing);
  g_test_add_func ("/lint/misspelled", test_misspelled);
  g_test_add_func ("/lint/unparsed", test_unparsed);
  g_test_add_func ("/lint/headings", test_headings);
  g_test_add_func ("/lint/alt", test_alt);

  return g_test_run ();
}
