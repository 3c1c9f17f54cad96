/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Images into a blog: which folder, which name, which Markdown, for
 * each kind of site; real files in temporary folders. */

#include "config.h"

#include <string.h>

#include "hanji-assets.h"
#include "hanji-markdown.h"
#include "hanji-test-util.h"

typedef struct
{
  char      *root;
  GFile     *root_file;
  HanjiSite *site;
} Blog;

static Blog *
blog_new (const char *kind)
{
  Blog *blog = g_new0 (Blog, 1);

  blog->root = g_dir_make_tmp ("hanji-assets-XXXXXX", NULL);
  if (g_str_equal (kind, "jekyll"))
    {
      hanji_test_write_file (blog->root, "_config.yml", "title: A\n");
      hanji_test_write_file (blog->root, "_posts/.keep", "");
    }
  else if (g_str_equal (kind, "hugo"))
    {
      hanji_test_write_file (blog->root, "hugo.toml", "title = \"A\"\n");
      hanji_test_write_file (blog->root, "content/posts/trip/index.md", "---\ntitle: t\n---\n");
      hanji_test_write_file (blog->root, "static/.keep", "");
    }
  blog->root_file = g_file_new_for_path (blog->root);
  blog->site = g_str_equal (kind, "plain") ? NULL : hanji_site_new (blog->root_file);
  return blog;
}

static void
blog_free (Blog *blog)
{
  g_clear_object (&blog->site);
  g_object_unref (blog->root_file);
  hanji_test_remove_tree (blog->root);
  g_free (blog->root);
  g_free (blog);
}

static GFile *
blog_file (Blog       *blog,
           const char *relative)
{
  return g_file_resolve_relative_path (blog->root_file, relative);
}

static char *
relative_to_root (Blog  *blog,
                  GFile *file)
{
  char *relative = g_file_get_relative_path (blog->root_file, file);

  return relative != NULL ? relative : g_strdup ("");
}

static void
assert_folder (Blog       *blog,
               const char *post,
               const char *text,
               const char *pattern,
               const char *expected)
{
  g_autoptr(GFile) post_file = blog_file (blog, post);
  g_autoptr(GFile) folder = hanji_assets_folder (blog->site, post_file, text, pattern);
  g_autofree char *relative = relative_to_root (blog, folder);

  g_assert_cmpstr (relative, ==, expected);
}

static void
test_folders (void)
{
  Blog *jekyll = blog_new ("jekyll");
  Blog *hugo = blog_new ("hugo");
  Blog *plain = blog_new ("plain");

  assert_folder (jekyll, "_posts/2024-05-18-전주-산책.md", "---\ntitle: t\n---\n", "", "assets/img/전주-산책");
  assert_folder (jekyll, "_posts/2024-05-18-전주-산책.md", "---\nslug: Jeonju Walk\n---\n", "", "assets/img/jeonju-walk");
  assert_folder (jekyll, "_posts/2024-05-18-a.md", "---\ndate: 2023-02-03 10:00:00 +0900\n---\n",
                 "images/{year}/{month}-{day}", "images/2023/02-03");
  /* A pattern cannot climb out of the blog. */
  assert_folder (jekyll, "_posts/2024-05-18-a.md", NULL, "../../etc/{slug}", "etc/a");
  assert_folder (jekyll, "_posts/2024-05-18-a.md", NULL, "./pics", "_posts/pics");

  assert_folder (hugo, "content/posts/hello.md", NULL, "", "static/images/hello");
  assert_folder (hugo, "content/posts/trip/index.md", NULL, "", "content/posts/trip");

  assert_folder (plain, "notes/메모.md", NULL, "", "notes/images");

  blog_free (jekyll);
  blog_free (hugo);
  blog_free (plain);
}

static void
assert_renders_image (const char *markdown,
                      HanjiFlavor flavor)
{
  HanjiRenderOptions options;
  g_autofree char *html = NULL;

  hanji_render_options_init (&options, flavor);
  html = hanji_markdown_render (markdown, -1, &options);
  assert_contains (html, "<img src=\"");
}

static void
test_markdown (void)
{
  Blog *jekyll = blog_new ("jekyll");
  Blog *hugo = blog_new ("hugo");
  g_autoptr(GFile) jekyll_post = blog_file (jekyll, "_posts/2024-05-18-a.md");
  g_autoptr(GFile) jekyll_image = blog_file (jekyll, "assets/img/a/내 사진 (1).png");
  g_autoptr(GFile) hugo_post = blog_file (hugo, "content/posts/hello.md");
  g_autoptr(GFile) hugo_image = blog_file (hugo, "static/images/hello/photo.jpg");
  g_autoptr(GFile) bundle_post = blog_file (hugo, "content/posts/trip/index.md");
  g_autoptr(GFile) bundle_image = blog_file (hugo, "content/posts/trip/곁.png");
  g_autofree char *jekyll_md = hanji_assets_markdown_for (jekyll->site, jekyll_post, jekyll_image, NULL);
  g_autofree char *hugo_md = hanji_assets_markdown_for (hugo->site, hugo_post, hugo_image, "[사진]");
  g_autofree char *bundle_md = hanji_assets_markdown_for (hugo->site, bundle_post, bundle_image, NULL);

  g_assert_cmpstr (jekyll_md, ==, "![내 사진 (1)](</assets/img/a/내 사진 (1).png>)");
  g_assert_cmpstr (hugo_md, ==, "![\\[사진\\]](/images/hello/photo.jpg)");
  g_assert_cmpstr (bundle_md, ==, "![곁](곁.png)");

  assert_renders_image (jekyll_md, HANJI_FLAVOR_JEKYLL);
  assert_renders_image (jekyll_md, HANJI_FLAVOR_HUGO);
  assert_renders_image (hugo_md, HANJI_FLAVOR_HUGO);
  assert_renders_image (bundle_md, HANJI_FLAVOR_HUGO);

  blog_free (jekyll);
  blog_free (hugo);
}

static void
test_urls (void)
{
  g_autofree char *png = hanji_assets_markdown_for_url ("  https://example.com/a/b.PNG?w=200 \n");
  g_autofree char *parens = hanji_assets_markdown_for_url ("https://example.com/a_(1).jpg");

  g_assert_cmpstr (png, ==, "![](https://example.com/a/b.PNG?w=200)");
  g_assert_cmpstr (parens, ==, "![](<https://example.com/a_(1).jpg>)");
  g_assert_null (hanji_assets_markdown_for_url ("https://example.com/page.html"));
  g_assert_null (hanji_assets_markdown_for_url ("look https://example.com/a.png"));
  g_assert_null (hanji_assets_markdown_for_url ("file:///tmp/a.png"));
  g_assert_null (hanji_assets_markdown_for_url (""));
}

typedef struct
{
  GFile *image;
  char  *markdown;
  GError *error;
  gboolean done;
} ImportWait;

static void
import_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  ImportWait *wait = user_data;

  wait->image = hanji_assets_import_finish (result, &wait->markdown, &wait->error);
  wait->done = TRUE;
}

static void
import (Blog       *blog,
        GFile      *post,
        GFile      *source,
        GBytes     *png,
        ImportWait *wait)
{
  memset (wait, 0, sizeof *wait);
  hanji_assets_import_async (blog->site, post, "---\ntitle: t\n---\n", "", source, png, NULL, import_cb, wait);
  while (!wait->done)
    g_main_context_iteration (NULL, TRUE);
}

static void
import_wait_clear (ImportWait *wait)
{
  g_clear_object (&wait->image);
  g_clear_pointer (&wait->markdown, g_free);
  g_clear_error (&wait->error);
}

static void
test_import (void)
{
  Blog *jekyll = blog_new ("jekyll");
  g_autofree char *outside = g_dir_make_tmp ("hanji-assets-src-XXXXXX", NULL);
  g_autofree char *photo_path = g_build_filename (outside, "내 사진 1.png", NULL);
  g_autofree char *text_path = g_build_filename (outside, "notes.png", NULL);
  g_autoptr(GFile) photo = g_file_new_for_path (photo_path);
  g_autoptr(GFile) not_image = g_file_new_for_path (text_path);
  g_autoptr(GFile) post = blog_file (jekyll, "_posts/2024-05-18-walk.md");
  g_autoptr(GBytes) pixels = NULL;
  static const guchar png_signature[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R' };
  ImportWait wait;

  hanji_test_write_file (outside, "내 사진 1.png", (const char *) png_signature);
  g_assert_true (g_file_set_contents (photo_path, (const char *) png_signature, sizeof png_signature, NULL));
  hanji_test_write_file (outside, "notes.png", "just words, not a picture\n");

  import (jekyll, post, photo, NULL, &wait);
  g_assert_no_error (wait.error);
  g_assert_cmpstr (wait.markdown, ==, "![내 사진 1](</assets/img/walk/내 사진 1.png>)");
  g_assert_true (g_file_query_exists (wait.image, NULL));
  import_wait_clear (&wait);

  /* Never over an existing file. */
  import (jekyll, post, photo, NULL, &wait);
  g_assert_no_error (wait.error);
  g_assert_cmpstr (wait.markdown, ==, "![내 사진 1](</assets/img/walk/내 사진 1-2.png>)");
  import_wait_clear (&wait);

  /* A file of the blog already: linked, not copied. */
  {
    g_autoptr(GFile) inside = blog_file (jekyll, "assets/img/walk/내 사진 1.png");

    import (jekyll, post, inside, NULL, &wait);
    g_assert_no_error (wait.error);
    g_assert_true (g_file_equal (wait.image, inside));
    import_wait_clear (&wait);
  }

  /* Not an image, whatever its name says. */
  import (jekyll, post, not_image, NULL, &wait);
  g_assert_error (wait.error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  assert_contains (wait.error->message, "notes.png");
  import_wait_clear (&wait);

  /* Pasted pixels. */
  pixels = g_bytes_new_static (png_signature, sizeof png_signature);
  import (jekyll, post, NULL, pixels, &wait);
  g_assert_no_error (wait.error);
  g_assert_true (g_str_has_prefix (wait.markdown, "![](/assets/img/walk/image-"));
  g_assert_true (g_str_has_suffix (wait.markdown, ".png)"));
  import_wait_clear (&wait);

  hanji_test_remove_tree (outside);
  blog_free (jekyll);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/assets/folders", test_folders);
  g_test_add_func ("/assets/markdown", test_markdown);
  g_test_add_func ("/assets/urls", test_urls);
  g_test_add_func ("/assets/import", test_import);

  return g_test_run ();
}
