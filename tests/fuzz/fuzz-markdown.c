/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz-markdown"

/* Markdown rendering in each flavor, and the incremental path: a
 * rendering made from a previous one must be exactly what a fresh one
 * gives (hanji_rendering_new), and both what hanji_markdown_render_post
 * gives (hanji_rendering_dup_html).
 *
 * Input: the post, then three bytes that place an edit (so that a seed
 * post keeps its front matter). The post is B; A is B without the bytes
 * [p, p + n), p from the first two of those bytes and n from the third,
 * so A → B is a typed insertion and B → A a deletion. Both directions
 * are checked. Any bytes, NULs included: the API takes a length. */

#include "config.h"

#include "hanji-markdown.h"

#include "fuzz-common.h"

static void
check_rendering (HanjiRendering *rendering,
                 const char     *expected,
                 const char     *what,
                 HanjiFlavor     flavor)
{
  g_autofree char *html = hanji_rendering_dup_html (rendering);
  guint n = hanji_rendering_get_n_blocks (rendering);
  guint line = 0;

  fuzz_check (g_str_equal (html, expected),
              "%s (%s) differs from a fresh rendering:\n--- fresh\n%s\n--- got\n%s",
              what, hanji_flavor_to_string (flavor), expected, html);
  fuzz_check (hanji_rendering_get_n_rendered (rendering) <= n, "%s: n_rendered", what);

  for (guint i = 0; i < n; i++)
    {
      guint block_line = hanji_rendering_get_block_line (rendering, i);

      fuzz_check (hanji_rendering_get_block_html (rendering, i) != NULL, "%s: block %u", what, i);
      fuzz_check (block_line >= 1 && block_line >= line, "%s: block %u at line %u after %u",
                  what, i, block_line, line);
      fuzz_check (hanji_rendering_block_equal (rendering, i, rendering, i),
                  "%s: block %u not equal to itself", what, i);
      line = block_line;
    }
}

static void
check_flavor (HanjiFlavor  flavor,
              const char  *a,
              gsize        a_len,
              const char  *b,
              gsize        b_len)
{
  g_autoptr(HanjiRendering) fresh_a = NULL;
  g_autoptr(HanjiRendering) fresh_b = NULL;
  g_autoptr(HanjiRendering) to_b = NULL;
  g_autoptr(HanjiRendering) back_to_a = NULL;
  g_autoptr(HanjiRendering) same_b = NULL;
  g_autofree char *html_a = NULL;
  g_autofree char *html_b = NULL;
  g_autofree char *post_b = NULL;
  g_autofree char *plain = NULL;
  HanjiRenderOptions options;

  hanji_render_options_init (&options, flavor);
  options.sourcepos = TRUE;

  fresh_a = hanji_rendering_new (a, a_len, &options, NULL);
  fresh_b = hanji_rendering_new (b, b_len, &options, NULL);
  html_a = hanji_rendering_dup_html (fresh_a);
  html_b = hanji_rendering_dup_html (fresh_b);

  post_b = hanji_markdown_render_post (b, b_len, &options);
  fuzz_check (g_str_equal (post_b, html_b),
              "rendering (%s) differs from render_post:\n--- render_post\n%s\n--- rendering\n%s",
              hanji_flavor_to_string (flavor), post_b, html_b);
  for (guint i = 0; i < hanji_rendering_get_n_blocks (fresh_b); i++)
    fuzz_check (hanji_rendering_get_block_shift (fresh_b, i) == 0, "fresh block %u shifted", i);
  check_rendering (fresh_b, html_b, "fresh B", flavor);

  to_b = hanji_rendering_new (b, b_len, &options, fresh_a);
  check_rendering (to_b, html_b, "A → B", flavor);

  back_to_a = hanji_rendering_new (a, a_len, &options, to_b);
  check_rendering (back_to_a, html_a, "A → B → A", flavor);

  /* Nothing changed: every block is taken over. */
  same_b = hanji_rendering_new (b, b_len, &options, to_b);
  check_rendering (same_b, html_b, "B → B", flavor);

  /* Without sourcepos, through the plain entry point. */
  options.sourcepos = FALSE;
  plain = hanji_markdown_render_post (b, b_len, &options);
  fuzz_check (plain != NULL, "render_post without sourcepos");
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *b = NULL;
  g_autofree char *a = NULL;
  gsize b_len, a_len;
  gsize p = 0;
  gsize n = 0;

  if (size >= 3)
    {
      const guint8 *edit = data + size - 3;

      b_len = size - 3;
      p = (edit[0] | (edit[1] << 8)) % (b_len + 1);
      n = MIN ((gsize) edit[2], b_len - p);
    }
  else
    b_len = size;

  b = g_malloc (b_len + 1);
  memcpy (b, data, b_len);
  b[b_len] = '\0';

  a_len = b_len - n;
  a = g_malloc (a_len + 1);
  memcpy (a, b, p);
  memcpy (a + p, b + p + n, b_len - p - n);
  a[a_len] = '\0';

  check_flavor (HANJI_FLAVOR_COMMONMARK, a, a_len, b, b_len);
  check_flavor (HANJI_FLAVOR_HUGO, a, a_len, b, b_len);
  check_flavor (HANJI_FLAVOR_JEKYLL, a, a_len, b, b_len);

  return 0;
}
