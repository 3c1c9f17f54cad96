/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-site"

#include "config.h"

#include "hanji-test-util.h"

#include <string.h>
#include <unistd.h>
#include <utime.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

#include "hanji-site-search.h"
#include "hanji-site.h"

/* Helpers --------------------------------------------------------------- */

static GThread *main_thread;


static void
make_dir (const char *root,
          const char *relative)
{
  g_autofree char *path = g_build_filename (root, relative, NULL);

  g_assert_cmpint (g_mkdir_with_parents (path, 0755), ==, 0);
}

static void
make_symlink (const char *target,
              const char *root,
              const char *relative)
{
  g_autofree char *path = g_build_filename (root, relative, NULL);

  g_assert_cmpint (symlink (target, path), ==, 0);
}

static char *
make_tmp (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("hanji-site-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
load_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (hanji_site_load_finish (HANJI_SITE (object), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static gboolean
watchdog_cb (gpointer user_data)
{
  g_error ("site load timed out");
  return G_SOURCE_REMOVE;
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    user_data)
{
  guint *n_changes = user_data;

  /* The store must only change on the thread that owns the UI. */
  g_assert_true (g_thread_self () == main_thread);
  (*n_changes)++;
}

static void
load_site (HanjiSite *site)
{
  gboolean done = FALSE;
  guint watchdog = g_timeout_add_seconds (20, watchdog_cb, NULL);
  guint n_changes = 0;
  gulong handler;

  handler = g_signal_connect (hanji_site_get_posts (site), "items-changed",
                              G_CALLBACK (items_changed_cb), &n_changes);

  hanji_site_load_async (site, NULL, load_done_cb, &done);
  /* Nothing may appear before the thread is done. */
  g_assert_cmpuint (n_changes, ==, 0);

  while (!done)
    g_main_context_iteration (NULL, TRUE);

  g_signal_handler_disconnect (hanji_site_get_posts (site), handler);
  g_source_remove (watchdog);
}

static HanjiPost *
post_at (HanjiSite *site,
         guint      position)
{
  HanjiPost *post = g_list_model_get_item (hanji_site_get_posts (site), position);

  g_assert_nonnull (post);
  /* The store keeps a reference; the test only borrows. */
  g_object_unref (post);
  return post;
}

static char *
relative_path (HanjiSite *site,
               HanjiPost *post)
{
  return g_file_get_relative_path (hanji_site_get_root (site), hanji_post_get_file (post));
}

static void
assert_date (GDateTime *date,
             int        year,
             int        month,
             int        day,
             int        hour)
{
  g_assert_nonnull (date);
  g_assert_cmpint (g_date_time_get_year (date), ==, year);
  g_assert_cmpint (g_date_time_get_month (date), ==, month);
  g_assert_cmpint (g_date_time_get_day_of_month (date), ==, day);
  g_assert_cmpint (g_date_time_get_hour (date), ==, hour);
}

static HanjiSite *
site_for_path (const char *path)
{
  g_autoptr(GFile) root = g_file_new_for_path (path);

  return hanji_site_new (root);
}

/* Kind detection -------------------------------------------------------- */

static void
test_kind_jekyll (void)
{
  g_autofree char *dir = make_tmp ();
  g_autoptr(HanjiSite) site = NULL;
  g_autoptr(HanjiSite) no_posts = NULL;
  g_autofree char *bare = g_build_filename (dir, "bare", NULL);
  g_autofree char *blog = g_build_filename (dir, "blog", NULL);

  hanji_test_write_file (blog, "_config.yml",
              "---\n# Site settings\ntitle: \"내 블로그\"\nplugins:\n  - jekyll-feed\n");
  make_dir (blog, "_posts");
  site = site_for_path (blog);
  g_assert_cmpint (hanji_site_get_kind (site), ==, HANJI_SITE_JEKYLL);
  g_assert_cmpint (hanji_site_get_flavor (site), ==, HANJI_FLAVOR_JEKYLL);
  g_assert_cmpstr (hanji_site_get_title (site), ==, "내 블로그");

  /* A config alone is not enough. */
  hanji_test_write_file (bare, "_config.yml", "title: Bare\n");
  no_posts = site_for_path (bare);
  g_assert_cmpint (hanji_site_get_kind (no_posts), ==, HANJI_SITE_PLAIN);
  g_assert_cmpint (hanji_site_get_flavor (no_posts), ==, HANJI_FLAVOR_COMMONMARK);
  g_assert_cmpstr (hanji_site_get_title (no_posts), ==, "bare");

  hanji_test_remove_tree (dir);
}

static void
test_kind_hugo (void)
{
  g_autofree char *dir = make_tmp ();
  g_autofree char *toml = g_build_filename (dir, "toml", NULL);
  g_autofree char *yaml = g_build_filename (dir, "yaml", NULL);
  g_autofree char *split = g_build_filename (dir, "split", NULL);
  g_autofree char *nocontent = g_build_filename (dir, "nocontent", NULL);
  g_autoptr(HanjiSite) site = NULL;

  hanji_test_write_file (toml, "hugo.toml",
              "# comment\nbaseURL = 'https://example.org/'\n"
              "title = \"Hugo \\\"Notes\\\"\"\n\n[params]\ntitle = \"not this\"\n");
  make_dir (toml, "content");
  site = site_for_path (toml);
  g_assert_cmpint (hanji_site_get_kind (site), ==, HANJI_SITE_HUGO);
  g_assert_cmpint (hanji_site_get_flavor (site), ==, HANJI_FLAVOR_HUGO);
  g_assert_cmpstr (hanji_site_get_title (site), ==, "Hugo \"Notes\"");
  g_clear_object (&site);

  hanji_test_write_file (yaml, "config.yaml", "params:\n  title: nested\ntitle: Yaml Blog\n");
  make_dir (yaml, "content");
  site = site_for_path (yaml);
  g_assert_cmpint (hanji_site_get_kind (site), ==, HANJI_SITE_HUGO);
  g_assert_cmpstr (hanji_site_get_title (site), ==, "Yaml Blog");
  g_clear_object (&site);

  hanji_test_write_file (split, "config/_default/hugo.toml", "[params]\ntitle = \"nope\"\n");
  make_dir (split, "content");
  site = site_for_path (split);
  g_assert_cmpint (hanji_site_get_kind (site), ==, HANJI_SITE_HUGO);
  g_assert_cmpstr (hanji_site_get_title (site), ==, "split");
  g_clear_object (&site);

  hanji_test_write_file (nocontent, "hugo.toml", "title = 'x'\n");
  site = site_for_path (nocontent);
  g_assert_cmpint (hanji_site_get_kind (site), ==, HANJI_SITE_PLAIN);
  g_clear_object (&site);

  hanji_test_remove_tree (dir);
}

static void
test_kind_plain (void)
{
  g_autofree char *dir = make_tmp ();
  g_autofree char *name = g_path_get_basename (dir);
  g_autoptr(HanjiSite) site = NULL;

  hanji_test_write_file (dir, "notes.md", "# Notes\n");
  site = site_for_path (dir);
  g_assert_cmpint (hanji_site_get_kind (site), ==, HANJI_SITE_PLAIN);
  g_assert_cmpint (hanji_site_get_flavor (site), ==, HANJI_FLAVOR_COMMONMARK);
  g_assert_cmpstr (hanji_site_get_title (site), ==, name);
  g_assert_cmpuint (g_list_model_get_n_items (hanji_site_get_posts (site)), ==, 0);
  g_assert_true (g_list_model_get_item_type (hanji_site_get_posts (site)) == HANJI_TYPE_POST);

  hanji_test_remove_tree (dir);
}

static void
test_find_root (void)
{
  g_autofree char *dir = make_tmp ();
  g_autofree char *post_path = g_build_filename (dir, "blog", "_posts", "2024", "a.md", NULL);
  g_autofree char *blog_path = g_build_filename (dir, "blog", NULL);
  g_autofree char *loose_path = g_build_filename (dir, "loose.md", NULL);
  g_autoptr(GFile) post = g_file_new_for_path (post_path);
  g_autoptr(GFile) blog = g_file_new_for_path (blog_path);
  g_autoptr(GFile) loose = g_file_new_for_path (loose_path);
  g_autoptr(GFile) found = NULL;
  g_autoptr(GFile) found_dir = NULL;
  g_autoptr(GFile) none = NULL;

  hanji_test_write_file (dir, "blog/_config.yml", "title: b\n");
  hanji_test_write_file (dir, "blog/_posts/2024/a.md", "# a\n");
  hanji_test_write_file (dir, "loose.md", "# loose\n");

  found = hanji_site_find_root (post);
  g_assert_nonnull (found);
  g_assert_true (g_file_equal (found, blog));

  found_dir = hanji_site_find_root (blog);
  g_assert_nonnull (found_dir);
  g_assert_true (g_file_equal (found_dir, blog));

  none = hanji_site_find_root (loose);
  g_assert_null (none);

  hanji_test_remove_tree (dir);
}

/* Posts ----------------------------------------------------------------- */

static void
test_post_fields (void)
{
  g_autofree char *dir = make_tmp ();
  g_autofree char *big = NULL;
  g_autoptr(GString) long_post = g_string_new ("---\ntitle: Long one\n---\n");
  static const struct {
    const char *name;
    const char *contents;
    const char *title;
    gboolean    draft;
    gboolean    dated;
  } cases[] = {
    { "titled.md", "---\ntitle: \"  A title  \"\ndraft: true\n---\nbody\n", "A title", TRUE, FALSE },
    { "empty-draft.md", "---\ntitle: B\ndraft:\n---\n", "B", FALSE, FALSE },
    { "false-draft.md", "---\ntitle: C\ndraft: false\n---\n", "C", FALSE, FALSE },
    { "Capital.md", "---\nTitle: Capitalised\nDate: 2024-01-02\n---\n", "Capitalised", FALSE, TRUE },
    { "no-front-matter.markdown", "# Heading is not the title\n", "no-front-matter", FALSE, FALSE },
    { "broken.md", "---\ntitle: [unclosed\n---\n", "broken", FALSE, FALSE },
    { "unterminated.md", "---\ntitle: Never closed\n", "unterminated", FALSE, FALSE },
    { "toml.md", "+++\ntitle = \"From TOML\"\ndate = 2024-03-04T05:06:07Z\ndraft = true\n+++\n", "From TOML", TRUE, TRUE },
    { "json.md", "{\n  \"title\": \"From JSON\",\n  \"draft\": false,\n  \"date\": \"2024-03-04\"\n}\n", "From JSON", FALSE, TRUE },
    { "bundle/index.md", "no front matter\n", "bundle", FALSE, FALSE },
    { "2024-05-18-jekyll-name.md", "no front matter\n", "2024-05-18-jekyll-name", FALSE, TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_build_filename (dir, cases[i].name, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GError) error = NULL;
      g_autoptr(HanjiPost) post = NULL;

      hanji_test_write_file (dir, cases[i].name, cases[i].contents);
      post = hanji_post_new_for_file (file, NULL, &error);
      g_test_message ("post %s", cases[i].name);
      g_assert_no_error (error);
      g_assert_nonnull (post);
      g_assert_true (g_file_equal (hanji_post_get_file (post), file));
      g_assert_cmpstr (hanji_post_get_title (post), ==, cases[i].title);
      g_assert_cmpint (hanji_post_get_draft (post), ==, cases[i].draft);
      g_assert_cmpint (hanji_post_get_date (post) != NULL, ==, cases[i].dated);
    }

  /* The front matter is found even though the file is far longer than
   * the head that is read. */
  for (guint i = 0; i < 20000; i++)
    g_string_append (long_post, "Lorem ipsum.\n");
  hanji_test_write_file (dir, "long.md", long_post->str);
  big = g_build_filename (dir, "long.md", NULL);
  {
    g_autoptr(GFile) file = g_file_new_for_path (big);
    g_autoptr(HanjiPost) post = hanji_post_new_for_file (file, NULL, NULL);

    g_assert_nonnull (post);
    g_assert_cmpstr (hanji_post_get_title (post), ==, "Long one");
  }

  hanji_test_remove_tree (dir);
}

static void
test_post_dates_and_tags (void)
{
  g_autofree char *dir = make_tmp ();
  g_autofree char *a_path = g_build_filename (dir, "2024-05-18-a.md", NULL);
  g_autofree char *b_path = g_build_filename (dir, "2024-05-18-b.md", NULL);
  g_autofree char *c_path = g_build_filename (dir, "c.md", NULL);
  g_autoptr(GFile) a_file = g_file_new_for_path (a_path);
  g_autoptr(GFile) b_file = g_file_new_for_path (b_path);
  g_autoptr(GFile) c_file = g_file_new_for_path (c_path);
  g_autoptr(HanjiPost) a = NULL;
  g_autoptr(HanjiPost) b = NULL;
  g_autoptr(HanjiPost) c = NULL;
  const char * const *tags;

  hanji_test_write_file (dir, "2024-05-18-a.md", "---\ntags: [gtk, c]\n---\n");
  /* The front-matter date wins over the file name. */
  hanji_test_write_file (dir, "2024-05-18-b.md", "---\ndate: 2024-06-01 21:30:00 +0900\ntags: one two\n---\n");
  hanji_test_write_file (dir, "c.md", "---\ntitle: c\n---\n");

  a = hanji_post_new_for_file (a_file, NULL, NULL);
  b = hanji_post_new_for_file (b_file, NULL, NULL);
  c = hanji_post_new_for_file (c_file, NULL, NULL);

  /* File-name dates are local midnight (TZ is Seoul in this test). */
  assert_date (hanji_post_get_date (a), 2024, 5, 18, 0);
  g_assert_cmpint (g_date_time_get_utc_offset (hanji_post_get_date (a)) / G_USEC_PER_SEC, ==, 9 * 3600);
  assert_date (hanji_post_get_date (b), 2024, 6, 1, 21);
  g_assert_null (hanji_post_get_date (c));

  tags = hanji_post_get_tags (a);
  g_assert_cmpuint (g_strv_length ((char **) tags), ==, 2);
  g_assert_cmpstr (tags[0], ==, "gtk");
  g_assert_cmpstr (tags[1], ==, "c");
  tags = hanji_post_get_tags (b);
  g_assert_cmpuint (g_strv_length ((char **) tags), ==, 2);
  g_assert_cmpstr (tags[1], ==, "two");
  g_assert_nonnull (hanji_post_get_tags (c));
  g_assert_null (hanji_post_get_tags (c)[0]);

  /* The keys each post uses, in source order, for the Add Field menu. */
  g_assert_cmpuint (g_strv_length ((char **) hanji_post_get_keys (b)), ==, 2);
  g_assert_cmpstr (hanji_post_get_keys (b)[0], ==, "date");
  g_assert_cmpstr (hanji_post_get_keys (b)[1], ==, "tags");
  g_assert_cmpstr (hanji_post_get_keys (c)[0], ==, "title");
  g_assert_null (hanji_post_get_keys (c)[1]);

  /* Newest first, undated last, ties by path. */
  g_assert_cmpint (hanji_post_compare (b, a), <, 0);
  g_assert_cmpint (hanji_post_compare (a, b), >, 0);
  g_assert_cmpint (hanji_post_compare (a, c), <, 0);
  g_assert_cmpint (hanji_post_compare (c, a), >, 0);
  g_assert_cmpint (hanji_post_compare (a, a), ==, 0);

  hanji_test_remove_tree (dir);
}

static void
test_post_missing_file (void)
{
  g_autoptr(GFile) file = g_file_new_for_path ("/nonexistent/hanji/post.md");
  g_autoptr(GError) error = NULL;
  g_autoptr(HanjiPost) post = hanji_post_new_for_file (file, NULL, &error);

  g_assert_null (post);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

/* Loading --------------------------------------------------------------- */

static void
test_load_jekyll (void)
{
  g_autofree char *dir = make_tmp ();
  g_autoptr(HanjiSite) site = NULL;
  static const char * const expected[] = {
    "_posts/2024-06-01-dated.md",
    "_posts/2024-05-18-hello.md",
    "_posts/2023-01-02-no-title.md",
    "_posts/sub/2022-03-03-nested.markdown",
    "_drafts/wip.md",
  };
  HanjiPost *post;

  hanji_test_write_file (dir, "_config.yml", "title: Jekyll\n");
  hanji_test_write_file (dir, "_posts/2024-05-18-hello.md", "---\ntitle: 안녕하세요\n---\nHi\n");
  hanji_test_write_file (dir, "_posts/2023-01-02-no-title.md", "Just text.\n");
  hanji_test_write_file (dir, "_posts/2024-06-01-dated.md",
              "---\nlayout: post\ntitle: Dated\ndate: 2024-06-10 10:00:00 +0900\n---\n");
  hanji_test_write_file (dir, "_posts/sub/2022-03-03-nested.markdown", "---\ntitle: Nested\n---\n");
  hanji_test_write_file (dir, "_posts/notes.txt", "not a post\n");
  hanji_test_write_file (dir, "_posts/node_modules/pkg/README.md", "# not a post\n");
  hanji_test_write_file (dir, "_posts/.hidden.md", "# not a post\n");
  hanji_test_write_file (dir, "_drafts/wip.md", "---\ntitle: Work in progress\n---\n");
  hanji_test_write_file (dir, "_site/2024/05/18/hello.md", "# built output\n");
  hanji_test_write_file (dir, "about.md", "# not in _posts\n");

  site = site_for_path (dir);
  g_assert_cmpint (hanji_site_get_kind (site), ==, HANJI_SITE_JEKYLL);
  load_site (site);

  g_assert_cmpuint (g_list_model_get_n_items (hanji_site_get_posts (site)), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *rel = relative_path (site, post_at (site, i));
      g_assert_cmpstr (rel, ==, expected[i]);
    }

  post = post_at (site, 0);
  g_assert_cmpstr (hanji_post_get_title (post), ==, "Dated");
  assert_date (hanji_post_get_date (post), 2024, 6, 10, 10);
  g_assert_false (hanji_post_get_draft (post));

  post = post_at (site, 1);
  g_assert_cmpstr (hanji_post_get_title (post), ==, "안녕하세요");
  assert_date (hanji_post_get_date (post), 2024, 5, 18, 0);

  post = post_at (site, 2);
  g_assert_cmpstr (hanji_post_get_title (post), ==, "2023-01-02-no-title");
  assert_date (hanji_post_get_date (post), 2023, 1, 2, 0);

  post = post_at (site, 4);
  g_assert_cmpstr (hanji_post_get_title (post), ==, "Work in progress");
  g_assert_true (hanji_post_get_draft (post));
  g_assert_null (hanji_post_get_date (post));

  hanji_test_remove_tree (dir);
}

static void
test_load_hugo (void)
{
  g_autofree char *dir = make_tmp ();
  g_autoptr(HanjiSite) site = NULL;
  HanjiPost *post;

  hanji_test_write_file (dir, "hugo.toml", "title = 'Hugo'\n");
  hanji_test_write_file (dir, "content/posts/first.md",
              "+++\ntitle = 'First'\ndate = 2024-01-01T10:00:00+09:00\ndraft = true\n"
              "tags = [\n  'a',\n  \"b\",\n]\n+++\n");
  hanji_test_write_file (dir, "content/posts/bundle/index.md", "---\ndate: 2024-02-01\n---\n");
  hanji_test_write_file (dir, "content/_index.md", "---\ntitle: Home\n---\n");
  hanji_test_write_file (dir, "public/posts/first.md", "# published copy\n");
  hanji_test_write_file (dir, "resources/_gen/x.md", "# generated\n");
  hanji_test_write_file (dir, "themes/t/README.md", "# theme\n");

  site = site_for_path (dir);
  load_site (site);
  g_assert_cmpuint (g_list_model_get_n_items (hanji_site_get_posts (site)), ==, 3);

  post = post_at (site, 0);
  g_assert_cmpstr (hanji_post_get_title (post), ==, "bundle");
  assert_date (hanji_post_get_date (post), 2024, 2, 1, 0);

  post = post_at (site, 1);
  g_assert_cmpstr (hanji_post_get_title (post), ==, "First");
  g_assert_true (hanji_post_get_draft (post));
  g_assert_cmpstr (hanji_post_get_tags (post)[1], ==, "b");

  post = post_at (site, 2);
  g_assert_cmpstr (hanji_post_get_title (post), ==, "Home");

  hanji_test_remove_tree (dir);
}

static void
test_load_plain_skips (void)
{
  g_autofree char *dir = make_tmp ();
  g_autofree char *outside = make_tmp ();
  g_autoptr(HanjiSite) site = NULL;
  static const char * const expected[] = {
    "README.markdown",
    "notes/idea.md",
    "post.md",
  };

  hanji_test_write_file (dir, "post.md", "# Post\n");
  hanji_test_write_file (dir, "README.markdown", "# Readme\n");
  hanji_test_write_file (dir, "notes/idea.md", "# Idea\n");
  hanji_test_write_file (dir, "image.png", "PNG");
  hanji_test_write_file (dir, "node_modules/pkg/readme.md", "# dep\n");
  hanji_test_write_file (dir, "_site/index.md", "# built\n");
  hanji_test_write_file (dir, "public/index.md", "# built\n");
  hanji_test_write_file (dir, ".git/description.md", "# vcs\n");
  hanji_test_write_file (dir, ".hidden/secret.md", "# hidden\n");
  hanji_test_write_file (outside, "elsewhere.md", "# outside\n");
  /* A loop back to the root and a link out of the site. */
  make_symlink (dir, dir, "loop");
  make_symlink (outside, dir, "escape");

  site = site_for_path (dir);
  load_site (site);

  g_assert_cmpuint (g_list_model_get_n_items (hanji_site_get_posts (site)), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *rel = relative_path (site, post_at (site, i));
      g_assert_cmpstr (rel, ==, expected[i]);
    }

  hanji_test_remove_tree (dir);
  hanji_test_remove_tree (outside);
}

static void
test_load_replaces (void)
{
  g_autofree char *dir = make_tmp ();
  g_autofree char *old_path = g_build_filename (dir, "old.md", NULL);
  g_autoptr(HanjiSite) site = NULL;

  hanji_test_write_file (dir, "old.md", "---\ntitle: Old\n---\n");
  site = site_for_path (dir);
  load_site (site);
  g_assert_cmpuint (g_list_model_get_n_items (hanji_site_get_posts (site)), ==, 1);
  g_assert_cmpstr (hanji_post_get_title (post_at (site, 0)), ==, "Old");

  g_assert_cmpint (g_unlink (old_path), ==, 0);
  hanji_test_write_file (dir, "new.md", "---\ntitle: New\n---\n");
  hanji_test_write_file (dir, "newer.md", "---\ntitle: Newer\ndate: 2030-01-01\n---\n");
  load_site (site);
  g_assert_cmpuint (g_list_model_get_n_items (hanji_site_get_posts (site)), ==, 2);
  g_assert_cmpstr (hanji_post_get_title (post_at (site, 0)), ==, "Newer");
  g_assert_cmpstr (hanji_post_get_title (post_at (site, 1)), ==, "New");

  hanji_test_remove_tree (dir);
}

static void
cancelled_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_false (hanji_site_load_finish (HANJI_SITE (object), result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  *done = TRUE;
}

static void
test_load_cancelled (void)
{
  g_autofree char *dir = make_tmp ();
  g_autoptr(HanjiSite) site = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  gboolean done = FALSE;

  hanji_test_write_file (dir, "post.md", "# Post\n");
  site = site_for_path (dir);
  g_cancellable_cancel (cancellable);
  hanji_site_load_async (site, cancellable, cancelled_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (hanji_site_get_posts (site)), ==, 0);

  hanji_test_remove_tree (dir);
}

/* Containment ----------------------------------------------------------- */

static gboolean
contains_path (HanjiSite  *site,
               const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return hanji_site_contains (site, file);
}

static void
test_contains (void)
{
  g_autofree char *dir = make_tmp ();
  g_autofree char *outside = make_tmp ();
  g_autofree char *root = g_build_filename (dir, "blog", NULL);
  g_autofree char *sibling = g_build_filename (dir, "blog-old", "a.md", NULL);
  g_autofree char *post = g_build_filename (root, "_posts", "a.md", NULL);
  g_autofree char *future = g_build_filename (root, "_posts", "new", "b.md", NULL);
  g_autofree char *dotdot = g_build_filename (root, "_posts", "..", "..", "blog-old", "a.md", NULL);
  g_autofree char *dotdot_in = g_build_filename (root, "_posts", "..", "_config.yml", NULL);
  g_autofree char *escape = g_build_filename (root, "escape", "secret.md", NULL);
  g_autofree char *escape_new = g_build_filename (root, "escape", "new.md", NULL);
  g_autofree char *inner = g_build_filename (root, "inner", "a.md", NULL);
  g_autofree char *dangling = g_build_filename (root, "dangling", NULL);
  g_autofree char *dangling_target = g_build_filename (outside, "created.md", NULL);
  g_autofree char *etc = g_build_filename (root, "..", "..", "..", "..", "..", "..", "etc", "passwd", NULL);
  g_autoptr(HanjiSite) site = NULL;

  hanji_test_write_file (root, "_config.yml", "title: x\n");
  hanji_test_write_file (root, "_posts/a.md", "# a\n");
  hanji_test_write_file (dir, "blog-old/a.md", "# old\n");
  hanji_test_write_file (outside, "secret.md", "# secret\n");
  make_symlink (outside, root, "escape");
  make_symlink ("_posts", root, "inner");
  make_symlink (dangling_target, root, "dangling");

  site = site_for_path (root);

  g_assert_true (contains_path (site, root));
  g_assert_true (contains_path (site, post));
  g_assert_true (contains_path (site, future));
  g_assert_true (contains_path (site, dotdot_in));
  g_assert_true (contains_path (site, inner));

  g_assert_false (contains_path (site, dir));
  g_assert_false (contains_path (site, sibling));
  g_assert_false (contains_path (site, dotdot));
  g_assert_false (contains_path (site, etc));
  g_assert_false (contains_path (site, escape));
  g_assert_false (contains_path (site, escape_new));
  g_assert_false (contains_path (site, dangling));
  g_assert_false (contains_path (site, "/etc/passwd"));

  hanji_test_remove_tree (dir);
  hanji_test_remove_tree (outside);
}

static void
count_cb (guint *counter)
{
  (*counter)++;
}

static int
sort_strings (const char **a,
              const char **b)
{
  return strcmp (*a, *b);
}

/* Layout, kinds and per-site settings ----------------------------------- */

static char *
child_path (GFile *file,
            HanjiSite *site)
{
  return g_file_get_relative_path (hanji_site_get_root (site), file);
}

/* The site-relative paths of a NULL-terminated array, joined by spaces
 * ("." for the root itself). */
static char *
relative_paths (HanjiSite  *site,
                GFile     **files)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; files[i] != NULL; i++)
    {
      g_autofree char *rel = child_path (files[i], site);

      if (i > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, rel != NULL ? rel : g_file_equal (files[i], hanji_site_get_root (site)) ? "." : "?");
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
assert_layout (HanjiSite  *site,
               const char *content,
               const char *drafts,
               const char *statics)
{
  g_autofree char *content_dirs = relative_paths (site, hanji_site_get_content_dirs (site));
  g_autofree char *static_dirs = relative_paths (site, hanji_site_get_static_dirs (site));

  g_assert_cmpstr (content_dirs, ==, content);
  g_assert_cmpstr (static_dirs, ==, statics);
  g_assert_true (hanji_site_get_content_dir (site) == hanji_site_get_content_dirs (site)[0]);

  if (drafts == NULL)
    g_assert_null (hanji_site_get_drafts_dir (site));
  else
    {
      g_autofree char *rel = NULL;

      g_assert_nonnull (hanji_site_get_drafts_dir (site));
      rel = child_path (hanji_site_get_drafts_dir (site), site);
      g_assert_cmpstr (rel, ==, drafts);
    }
}

static void
test_kind_astro (void)
{
  g_autofree char *dir = make_tmp ();
  g_autofree char *astro = g_build_filename (dir, "astro", NULL);
  g_autofree char *pkg = g_build_filename (dir, "pkg", NULL);
  g_autofree char *bare = g_build_filename (dir, "bare", NULL);
  g_autoptr(HanjiSite) site = NULL;
  g_autoptr(GFile) bare_file = NULL;

  hanji_test_write_file (astro, "astro.config.mjs", "export default {};\n");
  make_dir (astro, "src/content/blog");
  site = site_for_path (astro);
  g_assert_cmpint (hanji_site_get_kind (site), ==, HANJI_SITE_ASTRO);
  g_assert_cmpint (hanji_site_get_flavor (site), ==, HANJI_FLAVOR_COMMONMARK);
  assert_layout (site, "src/content", NULL, "public");
  g_clear_object (&site);

  /* No config file, but astro in package.json. */
  hanji_test_write_file (pkg, "package.json", "{ \"dependencies\": { \"astro\": \"^4\" } }\n");
  make_dir (pkg, "src/content");
  site = site_for_path (pkg);
  g_assert_cmpint (hanji_site_get_kind (site), ==, HANJI_SITE_ASTRO);
  g_clear_object (&site);

  /* src/content/ alone is any project's folder. */
  hanji_test_write_file (bare, "package.json", "{ \"dependencies\": { \"react\": \"^18\" } }\n");
  make_dir (bare, "src/content");
  bare_file = g_file_new_for_path (bare);
  g_assert_cmpint (hanji_site_detect_kind (bare_file), ==, HANJI_SITE_PLAIN);

  hanji_test_remove_tree (dir);
}

static void
test_kind_eleventy (void)
{
  g_autofree char *dir = make_tmp ();
  g_autofree char *classic = g_build_filename (dir, "classic", NULL);
  g_autofree char *modern = g_build_filename (dir, "modern", NULL);
  g_autoptr(HanjiSite) site = NULL;

  hanji_test_write_file (classic, ".eleventy.js", "module.exports = () => ({});\n");
  site = site_for_path (classic);
  g_assert_cmpint (hanji_site_get_kind (site), ==, HANJI_SITE_ELEVENTY);
  g_assert_cmpint (hanji_site_get_flavor (site), ==, HANJI_FLAVOR_COMMONMARK);
  assert_layout (site, ".", NULL, ".");
  g_clear_object (&site);

  /* Eleventy wins over Astro: its sites may have a src/content/ too. */
  hanji_test_write_file (modern, "eleventy.config.mjs", "export default function () {}\n");
  hanji_test_write_file (modern, "package.json", "{ \"dependencies\": { \"astro\": \"^4\" } }\n");
  make_dir (modern, "src/content");
  site = site_for_path (modern);
  g_assert_cmpint (hanji_site_get_kind (site), ==, HANJI_SITE_ELEVENTY);

  hanji_test_remove_tree (dir);
}

static void
test_kind_hugo_config_dirs (void)
{
  g_autofree char *dir = make_tmp ();
  g_autofree char *json = g_build_filename (dir, "json", NULL);
  g_autofree char *moved = g_build_filename (dir, "moved", NULL);
  g_autofree char *yaml = g_build_filename (dir, "yaml", NULL);
  g_autoptr(HanjiSite) site = NULL;

  hanji_test_write_file (json, "config.json", "{ \"title\": \"JSON Hugo\", \"staticDir\": \"files\" }\n");
  make_dir (json, "content");
  site = site_for_path (json);
  g_assert_cmpint (hanji_site_get_kind (site), ==, HANJI_SITE_HUGO);
  g_assert_cmpstr (hanji_site_get_title (site), ==, "JSON Hugo");
  assert_layout (site, "content", NULL, "files");
  g_clear_object (&site);

  /* contentDir elsewhere: there is no content/ and it is still Hugo. */
  hanji_test_write_file (moved, "hugo.toml", "contentDir = 'writing'\nstaticDir = ['static', 'extra']\n");
  make_dir (moved, "writing");
  site = site_for_path (moved);
  g_assert_cmpint (hanji_site_get_kind (site), ==, HANJI_SITE_HUGO);
  assert_layout (site, "writing", NULL, "static extra");
  g_clear_object (&site);

  /* A contentDir that climbs out of the site is not followed. */
  hanji_test_write_file (yaml, "hugo.yaml", "contentDir: ../elsewhere\ntitle: Y\n");
  make_dir (yaml, "content");
  site = site_for_path (yaml);
  assert_layout (site, "content", NULL, "static");

  hanji_test_remove_tree (dir);
}

static void
test_layout_defaults (void)
{
  g_autofree char *dir = make_tmp ();
  g_autofree char *jekyll = g_build_filename (dir, "jekyll", NULL);
  g_autofree char *hugo = g_build_filename (dir, "hugo", NULL);
  g_autofree char *plain = g_build_filename (dir, "plain", NULL);
  g_autoptr(HanjiSite) site = NULL;

  hanji_test_write_file (jekyll, "_config.yml", "title: J\n");
  make_dir (jekyll, "_drafts");
  site = site_for_path (jekyll);
  g_assert_cmpint (hanji_site_get_kind (site), ==, HANJI_SITE_JEKYLL);
  assert_layout (site, "_posts", "_drafts", ".");
  g_assert_null (hanji_site_get_settings_error (site));
  g_clear_object (&site);

  hanji_test_write_file (hugo, "hugo.toml", "title = 'H'\n");
  make_dir (hugo, "content");
  site = site_for_path (hugo);
  assert_layout (site, "content", NULL, "static");
  g_clear_object (&site);

  make_dir (plain, "notes");
  site = site_for_path (plain);
  assert_layout (site, ".", NULL, ".");

  hanji_test_remove_tree (dir);
}

static void
test_settings_override (void)
{
  g_autofree char *dir = make_tmp ();
  g_autofree char *nested = g_build_filename (dir, "writing", "posts", "a.md", NULL);
  g_autoptr(GFile) nested_file = g_file_new_for_path (nested);
  g_autoptr(GFile) dir_file = g_file_new_for_path (dir);
  g_autoptr(GFile) found = NULL;
  g_autoptr(HanjiSite) site = NULL;
  HanjiPost *post;

  hanji_test_write_file (dir, ".hanji.json",
              "{\n"
              "  \"kind\": \"Hugo\",\n"
              "  \"content\": [\"writing/posts\", \"writing/notes\"],\n"
              "  \"static\": [\"static\", \"assets\"],\n"
              "  \"drafts\": \"writing/wip\",\n"
              "  \"flavor\": \"jekyll\",\n"
              "  \"title\": \"내 설정\",\n"
              "  \"language\": \"ko-KR\",\n"
              "  \"assets\": \"static/img/{year}/{slug}\",\n"
              "  \"future\": { \"unknown\": true }\n"
              "}\n");
  hanji_test_write_file (dir, "writing/posts/a.md", "---\ntitle: A\ndate: 2024-01-02\n---\n");
  hanji_test_write_file (dir, "writing/notes/b.md", "---\ntitle: B\ndate: 2024-01-01\n---\n");
  hanji_test_write_file (dir, "writing/wip/c.md", "---\ntitle: C\n---\n");
  hanji_test_write_file (dir, "content/ignored.md", "---\ntitle: Not a content folder\n---\n");

  /* Nothing but the settings says Hugo here. */
  g_assert_cmpint (hanji_site_detect_kind (dir_file), ==, HANJI_SITE_HUGO);
  found = hanji_site_find_root (nested_file);
  g_assert_nonnull (found);
  g_assert_true (g_file_equal (found, dir_file));

  site = site_for_path (dir);
  g_assert_null (hanji_site_get_settings_error (site));
  g_assert_cmpint (hanji_site_get_kind (site), ==, HANJI_SITE_HUGO);
  g_assert_cmpint (hanji_site_get_flavor (site), ==, HANJI_FLAVOR_JEKYLL);
  g_assert_cmpstr (hanji_site_get_title (site), ==, "내 설정");
  g_assert_cmpstr (hanji_site_get_language (site), ==, "ko-KR");
  g_assert_cmpstr (hanji_site_get_asset_pattern (site), ==, "static/img/{year}/{slug}");
  assert_layout (site, "writing/posts writing/notes", "writing/wip", "static assets");

  load_site (site);
  g_assert_cmpuint (g_list_model_get_n_items (hanji_site_get_posts (site)), ==, 3);
  g_assert_cmpstr (hanji_post_get_title (post_at (site, 0)), ==, "A");
  g_assert_cmpstr (hanji_post_get_title (post_at (site, 1)), ==, "B");
  post = post_at (site, 2);
  g_assert_cmpstr (hanji_post_get_title (post), ==, "C");
  /* In the drafts folder the settings name. */
  g_assert_true (hanji_post_get_draft (post));
  g_assert_false (hanji_post_get_draft (post_at (site, 0)));
  g_clear_object (&site);

  /* "drafts": null takes Jekyll's away. */
  hanji_test_write_file (dir, "_config.yml", "title: J\n");
  make_dir (dir, "_posts");
  hanji_test_write_file (dir, ".hanji.json", "{ \"kind\": \"jekyll\", \"drafts\": null, \"content\": \"_posts\" }");
  site = site_for_path (dir);
  g_assert_cmpint (hanji_site_get_kind (site), ==, HANJI_SITE_JEKYLL);
  g_assert_cmpint (hanji_site_get_flavor (site), ==, HANJI_FLAVOR_JEKYLL);
  assert_layout (site, "_posts", NULL, ".");

  hanji_test_remove_tree (dir);
}

/* The site's language, for spell checking, from the generator's own
 * setting; .hanji.json's "language" wins over it. */
static void
test_site_language (void)
{
  static const struct {
    const char *file;
    const char *text;
    const char *language;
  } cases[] = {
    { "_config.yml", "title: 블로그\nlang: ko\n", "ko" },
    { "_config.yml", "title: Blog\n", NULL },
    { "hugo.toml", "title = 'Blog'\nlanguageCode = \"ko-kr\"\n", "ko-kr" },
    { "hugo.toml", "defaultContentLanguage = 'en'\n", "en" },
    { "hugo.toml", "languageCode = ['ko']\n", NULL },
    { "config.yaml", "title: Blog\nlanguageCode: ko-KR\n", "ko-KR" },
    { "hugo.json", "{ \"title\": \"Blog\", \"LanguageCode\": \"de-DE\" }", "de-DE" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *dir = make_tmp ();
      g_autoptr(HanjiSite) site = NULL;

      g_test_message ("%s: %s", cases[i].file, cases[i].text);
      hanji_test_write_file (dir, cases[i].file, cases[i].text);
      make_dir (dir, g_str_equal (cases[i].file, "_config.yml") ? "_posts" : "content");
      site = site_for_path (dir);
      g_assert_null (hanji_site_get_settings_error (site));
      g_assert_cmpstr (hanji_site_get_language (site), ==, cases[i].language);
      g_assert_null (hanji_site_get_asset_pattern (site));
      g_clear_object (&site);

      hanji_test_write_file (dir, ".hanji.json", "{ \"language\": \"en-GB\" }");
      site = site_for_path (dir);
      g_assert_cmpstr (hanji_site_get_language (site), ==, "en-GB");

      hanji_test_remove_tree (dir);
    }
}

static void
test_settings_invalid (void)
{
  static const struct {
    const char *text;
    const char *says;
  } cases[] = {
    { "{ \"kind\": \"hugo\", ", "hanji.json" },
    { "[\"hugo\"]", "object" },
    { "{ \"kind\": \"wordpress\" }", "kind" },
    { "{ \"kind\": 3 }", "kind" },
    { "{ \"content\": \"../outside\" }", "../outside" },
    { "{ \"content\": \"/etc\" }", "/etc" },
    { "{ \"content\": [] }", "content" },
    { "{ \"content\": [\"posts\", 1] }", "content" },
    { "{ \"static\": { \"a\": 1 } }", "static" },
    { "{ \"drafts\": 5 }", "drafts" },
    { "{ \"drafts\": \"a/../../b\" }", "drafts" },
    { "{ \"flavor\": \"markdown\" }", "flavor" },
    { "{ \"title\": false }", "title" },
    { "{ \"language\": 3 }", "language" },
    { "{ \"assets\": [\"img\"] }", "assets" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *dir = make_tmp ();
      g_autoptr(GFile) dir_file = g_file_new_for_path (dir);
      g_autoptr(GFile) found = NULL;
      g_autoptr(HanjiSite) site = NULL;
      const char *message;

      g_test_message ("settings %s", cases[i].text);
      hanji_test_write_file (dir, "_config.yml", "title: Jekyll\n");
      make_dir (dir, "_posts");
      hanji_test_write_file (dir, ".hanji.json", cases[i].text);

      /* The whole file is ignored: the site is what its files say. */
      site = site_for_path (dir);
      message = hanji_site_get_settings_error (site);
      g_assert_nonnull (message);
      assert_contains (message, ".hanji.json");
      assert_contains (message, cases[i].says);
      g_assert_cmpint (hanji_site_get_kind (site), ==, HANJI_SITE_JEKYLL);
      g_assert_cmpstr (hanji_site_get_title (site), ==, "Jekyll");
      assert_layout (site, "_posts", "_drafts", ".");
      g_assert_cmpint (hanji_site_detect_kind (dir_file), ==, HANJI_SITE_JEKYLL);

      /* Still the mark of a site for find_root. */
      {
        g_autofree char *config = g_build_filename (dir, "_config.yml", NULL);

        g_assert_cmpint (g_unlink (config), ==, 0);
      }
      found = hanji_site_find_root (dir_file);
      g_assert_nonnull (found);
      g_assert_true (g_file_equal (found, dir_file));

      hanji_test_remove_tree (dir);
    }
}

/* Post summaries --------------------------------------------------------- */

static HanjiPost *
read_post (const char *dir,
           const char *name,
           const char *contents)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  HanjiPost *post;

  hanji_test_write_file (dir, name, contents);
  post = hanji_post_new_for_file (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (post);
  return post;
}

static char *
join_terms (const char * const *terms)
{
  g_assert_nonnull (terms);
  return g_strjoinv ("|", (char **) terms);
}

static void
test_post_categories (void)
{
  g_autofree char *dir = make_tmp ();
  static const struct {
    const char *contents;
    const char *tags;
    const char *categories;
  } cases[] = {
    { "---\ncategories: [dev, 일기]\ntags: [a, \"\", b]\n---\n", "a|b", "dev|일기" },
    { "---\ncategories:\n  - Life\n  - Code\n---\n", "", "Life|Code" },
    /* Jekyll's space-separated string, and its singular category */
    { "---\ncategories: life code\ntags: x  y\n---\n", "x|y", "life|code" },
    { "---\ncategory: Daily Life\n---\n", "", "Daily Life" },
    { "---\ncategories: [one]\ncategory: ignored\n---\n", "", "one" },
    { "+++\ncategories = ['dev', \"ops\"]\ntags = ['t']\n+++\n", "t", "dev|ops" },
    { "{\n\"categories\": [\"json\", 3, \"\"],\n\"tags\": [\"j\"]\n}\n", "j", "json" },
    { "---\ntitle: none\n---\n", "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("post-%u.md", i);
      g_autoptr(HanjiPost) post = read_post (dir, name, cases[i].contents);
      g_autofree char *tags = join_terms (hanji_post_get_tags (post));
      g_autofree char *categories = join_terms (hanji_post_get_categories (post));
      g_auto(GStrv) categories_prop = NULL;

      g_test_message ("post %u", i);
      g_assert_cmpstr (tags, ==, cases[i].tags);
      g_assert_cmpstr (categories, ==, cases[i].categories);
      g_assert_null (hanji_post_get_error (post));

      /* The same through the property, for list-item expressions. */
      g_object_get (post, "categories", &categories_prop, NULL);
      g_assert_cmpuint (g_strv_length (categories_prop), ==,
                        g_strv_length ((char **) hanji_post_get_categories (post)));
    }

  hanji_test_remove_tree (dir);
}

static void
test_post_errors (void)
{
  g_autofree char *dir = make_tmp ();
  g_autoptr(GString) huge = g_string_new ("---\ntitle: Huge front matter\n");
  static const struct {
    const char *name;
    const char *contents;
    const char *error;   /* a part of the message, or NULL */
  } cases[] = {
    { "fine.md", "---\ntitle: Fine\n---\nbody\n", NULL },
    { "none.md", "# No front matter\n", NULL },
    { "broken.md", "---\ntitle: Ok\ntags: [unclosed\n---\nbody\n", "line " },
    { "duplicate.md", "---\ntitle: A\ntitle: B\n---\n", "line 3" },
    { "list.md", "---\n- a\n- b\n---\n", "line " },
    { "unterminated.md", "---\ntitle: Never closed\n", "never closed" },
    { "toml-open.md", "+++\ntitle = 'x'\n", "never closed" },
    { "json-broken.md", "{\n\"title\": \"x\",,\n}\n", ":" },
    { "json-array.md", "[1, 2]\n", NULL },
    { "toml-latin1.md", "+++\ntitle = 'caf\xe9'\n+++\n", "UTF-8" },
    { "yaml-latin1.md", "---\ntitle: caf\xe9\n---\n", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(HanjiPost) post = read_post (dir, cases[i].name, cases[i].contents);
      const char *error = hanji_post_get_error (post);
      g_autofree char *prop = NULL;

      g_test_message ("post %s: %s", cases[i].name, error ? error : "(no error)");
      if (cases[i].error == NULL)
        g_assert_null (error);
      else
        {
          g_assert_nonnull (error);
          assert_contains (error, cases[i].error);
          g_assert_true (g_utf8_validate (error, -1, NULL));
        }

      /* The list always has something valid to show. */
      g_assert_nonnull (hanji_post_get_title (post));
      g_assert_true (g_utf8_validate (hanji_post_get_title (post), -1, NULL));
      g_object_get (post, "error", &prop, NULL);
      g_assert_cmpstr (prop, ==, error);
    }

  /* A front matter running past the head is not called unclosed. */
  for (guint i = 0; i < 8000; i++)
    g_string_append_printf (huge, "key%u: value\n", i);
  {
    g_autoptr(HanjiPost) post = read_post (dir, "huge.md", huge->str);

    g_assert_null (hanji_post_get_error (post));
  }

  hanji_test_remove_tree (dir);
}

static void
test_post_modified (void)
{
  g_autofree char *dir = make_tmp ();
  g_autofree char *path = g_build_filename (dir, "dated.md", NULL);
  g_autoptr(HanjiPost) post = NULL;
  g_autoptr(GDateTime) prop = NULL;
  struct utimbuf times = { 1700000000, 1700000000 };
  GDateTime *modified;

  hanji_test_write_file (dir, "dated.md", "---\ntitle: T\n---\n");
  g_assert_cmpint (g_utime (path, &times), ==, 0);
  g_clear_object (&post);
  {
    g_autoptr(GFile) file = g_file_new_for_path (path);

    post = hanji_post_new_for_file (file, NULL, NULL);
  }
  modified = hanji_post_get_modified (post);
  g_assert_nonnull (modified);
  g_assert_cmpint (g_date_time_to_unix (modified), ==, 1700000000);
  g_object_get (post, "modified", &prop, NULL);
  g_assert_true (g_date_time_equal (prop, modified));

  hanji_test_remove_tree (dir);
}

/* Scanning --------------------------------------------------------------- */

static gboolean
model_is_sorted (GListModel *model)
{
  guint n = g_list_model_get_n_items (model);

  for (guint i = 1; i < n; i++)
    {
      g_autoptr(HanjiPost) a = g_list_model_get_item (model, i - 1);
      g_autoptr(HanjiPost) b = g_list_model_get_item (model, i);

      if (hanji_post_compare (a, b) >= 0)
        return FALSE;
    }

  return TRUE;
}

/* Every post of the model once, and lookup_post agrees. */
static void
assert_model_consistent (HanjiSite *site)
{
  GListModel *posts = hanji_site_get_posts (site);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_assert_true (model_is_sorted (posts));
  for (guint i = 0; i < g_list_model_get_n_items (posts); i++)
    {
      g_autoptr(HanjiPost) post = g_list_model_get_item (posts, i);

      g_assert_true (g_hash_table_add (seen, g_file_get_path (hanji_post_get_file (post))));
      g_assert_true (hanji_site_lookup_post (site, hanji_post_get_file (post)) == post);
    }
}

static void
test_load_symlinks (void)
{
  g_autofree char *dir = make_tmp ();
  g_autofree char *outside = make_tmp ();
  g_autofree char *shared = g_build_filename (dir, "shared", NULL);
  g_autoptr(HanjiSite) site = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  static const char * const expected[] = {
    "content/linked/shared.md",
    "content/posts/a.md",
    "content/posts/deep/b.md",
  };

  hanji_test_write_file (dir, "hugo.toml", "title = 'links'\n");
  hanji_test_write_file (dir, "content/posts/a.md", "---\ntitle: A\n---\n");
  hanji_test_write_file (dir, "content/posts/deep/b.md", "---\ntitle: B\n---\n");
  hanji_test_write_file (dir, "shared/shared.md", "---\ntitle: Shared\n---\n");
  hanji_test_write_file (outside, "secret.md", "---\ntitle: Outside\n---\n");
  /* Loops at two depths, a link to a folder inside the site that is no
   * content folder (followed), one out of the site (not followed), one
   * to nowhere, and a link to a single post. */
  make_symlink ("..", dir, "content/posts/deep/up");
  make_symlink ("../..", dir, "content/posts/deep/top");
  make_symlink (shared, dir, "content/linked");
  make_symlink (outside, dir, "content/escape");
  make_symlink ("nowhere", dir, "content/posts/dangling.md");
  make_symlink ("a.md", dir, "content/posts/alias.md");

  site = site_for_path (dir);
  load_site (site);
  assert_model_consistent (site);

  for (guint i = 0; i < g_list_model_get_n_items (hanji_site_get_posts (site)); i++)
    g_ptr_array_add (names, relative_path (site, post_at (site, i)));
  g_ptr_array_sort (names, (GCompareFunc) sort_strings);

  /* alias.md is a link to a post file: it is a post of its own. */
  g_assert_cmpuint (names->len, ==, G_N_ELEMENTS (expected) + 1);
  g_assert_cmpstr (names->pdata[0], ==, expected[0]);
  g_assert_cmpstr (names->pdata[1], ==, expected[1]);
  g_assert_cmpstr (names->pdata[2], ==, "content/posts/alias.md");
  g_assert_cmpstr (names->pdata[3], ==, expected[2]);

  hanji_test_remove_tree (dir);
  hanji_test_remove_tree (outside);
}

static void
test_load_unreadable (void)
{
  g_autofree char *dir = make_tmp ();
  g_autofree char *secret = g_build_filename (dir, "secret.md", NULL);
  g_autofree char *locked = g_build_filename (dir, "locked", NULL);
  g_autoptr(HanjiSite) site = NULL;
  HanjiPost *post;

  hanji_test_write_file (dir, "open.md", "---\ntitle: Open\ndate: 2024-01-01\n---\n");
  hanji_test_write_file (dir, "secret.md", "---\ntitle: Secret\n---\n");
  hanji_test_write_file (dir, "locked/inside.md", "---\ntitle: Inside\n---\n");
  g_assert_cmpint (g_chmod (secret, 0), ==, 0);
  g_assert_cmpint (g_chmod (locked, 0), ==, 0);

  /* As root, permissions do not stop reads: nothing to test. */
  if (g_access (secret, R_OK) == 0)
    {
      g_assert_cmpint (g_chmod (locked, 0755), ==, 0);
      hanji_test_remove_tree (dir);
      g_test_skip ("permissions do not stop this user from reading");
      return;
    }

  site = site_for_path (dir);
  load_site (site);

  /* The unreadable post is listed, with why; the locked folder is not
   * entered; the rest loads. */
  g_assert_cmpuint (g_list_model_get_n_items (hanji_site_get_posts (site)), ==, 2);
  g_assert_cmpstr (hanji_post_get_title (post_at (site, 0)), ==, "Open");
  g_assert_null (hanji_post_get_error (post_at (site, 0)));
  post = post_at (site, 1);
  g_assert_cmpstr (hanji_post_get_title (post), ==, "secret");
  g_assert_nonnull (hanji_post_get_error (post));

  g_assert_cmpint (g_chmod (locked, 0755), ==, 0);
  hanji_test_remove_tree (dir);
}

static void
test_load_special_files (void)
{
  g_autofree char *dir = make_tmp ();
  g_autofree char *fifo = g_build_filename (dir, "fifo.md", NULL);
  g_autoptr(HanjiSite) site = NULL;

  hanji_test_write_file (dir, "post.md", "---\ntitle: Post\n---\n");
  /* Opening a FIFO for reading blocks until a writer comes: a scan that
   * opened it would never end (load_site() times out). */
  g_assert_cmpint (mkfifo (fifo, 0644), ==, 0);
  make_dir (dir, "folder.md");

  site = site_for_path (dir);
  load_site (site);
  g_assert_cmpuint (g_list_model_get_n_items (hanji_site_get_posts (site)), ==, 1);
  g_assert_cmpstr (hanji_post_get_title (post_at (site, 0)), ==, "Post");

  hanji_test_remove_tree (dir);
}

static void
test_load_non_utf8_names (void)
{
  g_autofree char *dir = make_tmp ();
  g_autoptr(HanjiSite) site = NULL;
  const char *title;

  /* Latin-1 "café" and a stray byte, as old archives have them. */
  hanji_test_write_file (dir, "caf\xe9.md", "No front matter.\n");
  hanji_test_write_file (dir, "\xff\xfe-\xea\xb8\x80.md", "---\ntitle: Titled\n---\n");
  hanji_test_write_file (dir, "ok.md", "---\ntitle: OK\n---\n");

  site = site_for_path (dir);
  load_site (site);
  g_assert_cmpuint (g_list_model_get_n_items (hanji_site_get_posts (site)), ==, 3);
  assert_model_consistent (site);

  for (guint i = 0; i < 3; i++)
    {
      HanjiPost *post = post_at (site, i);

      title = hanji_post_get_title (post);
      g_assert_true (g_utf8_validate (title, -1, NULL));
      if (g_str_has_prefix (title, "caf"))
        g_assert_cmpstr (title, ==, "caf\xef\xbf\xbd");
    }

  hanji_test_remove_tree (dir);
}

typedef struct
{
  guint    n_changes;
  guint    max_items;
  guint    n_scanned_notes;
  gboolean saw_loading;
  gboolean done;
} Progress;

static void
progress_items_changed_cb (GListModel *model,
                           guint       position,
                           guint       removed,
                           guint       added,
                           gpointer    user_data)
{
  Progress *progress = user_data;

  guint n = g_list_model_get_n_items (model);

  progress->n_changes++;
  progress->max_items = MAX (progress->max_items, n);

  /* Every batch leaves the model sorted: the changed stretch and its
   * neighbours are in order (the whole list is checked at the end). */
  for (guint i = position > 0 ? position : 1; i < MIN (position + added + 1, n); i++)
    {
      g_autoptr(HanjiPost) a = g_list_model_get_item (model, i - 1);
      g_autoptr(HanjiPost) b = g_list_model_get_item (model, i);

      g_assert_cmpint (hanji_post_compare (a, b), <, 0);
    }
}

static void
progress_notify_cb (HanjiSite  *site,
                    GParamSpec *pspec,
                    gpointer    user_data)
{
  Progress *progress = user_data;

  if (g_str_equal (pspec->name, "n-scanned"))
    progress->n_scanned_notes++;
  else if (g_str_equal (pspec->name, "loading") && hanji_site_get_loading (site))
    progress->saw_loading = TRUE;
}

static void
progress_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Progress *progress = user_data;

  g_assert_true (hanji_site_load_finish (HANJI_SITE (object), result, NULL));
  /* Everything is in before the callback. */
  g_assert_false (hanji_site_get_loading (HANJI_SITE (object)));
  progress->done = TRUE;
}

static void
test_load_batches (void)
{
  g_autofree char *dir = make_tmp ();
  g_autoptr(HanjiSite) site = NULL;
  Progress progress = { 0, };
  guint watchdog;
  const guint n_posts = 3000;

  hanji_test_write_file (dir, "_config.yml", "title: Big\n");
  for (guint i = 0; i < n_posts; i++)
    {
      g_autofree char *name = g_strdup_printf ("_posts/%u/%04u-%02u-%02u-post-%u.md",
                                               i % 7, 2000 + i % 25, 1 + i % 12, 1 + i % 28, i);
      g_autofree char *text = g_strdup_printf ("---\ntitle: 글 %u\ntags: [t%u, all]\n---\n본문\n",
                                               i, i % 10);

      hanji_test_write_file (dir, name, text);
    }

  site = site_for_path (dir);
  g_signal_connect (hanji_site_get_posts (site), "items-changed",
                    G_CALLBACK (progress_items_changed_cb), &progress);
  g_signal_connect (site, "notify", G_CALLBACK (progress_notify_cb), &progress);
  watchdog = g_timeout_add_seconds (60, watchdog_cb, NULL);

  g_assert_false (hanji_site_get_loading (site));
  hanji_site_load_async (site, NULL, progress_done_cb, &progress);
  g_assert_true (hanji_site_get_loading (site));
  while (!progress.done)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (watchdog);

  g_test_message ("%u items-changed, %u n-scanned notifications",
                  progress.n_changes, progress.n_scanned_notes);
  g_assert_true (progress.saw_loading);
  g_assert_cmpuint (progress.n_changes, >, 1);
  g_assert_cmpuint (progress.n_scanned_notes, >, 1);
  g_assert_cmpuint (hanji_site_get_n_scanned (site), ==, n_posts);
  g_assert_cmpuint (g_list_model_get_n_items (hanji_site_get_posts (site)), ==, n_posts);
  assert_model_consistent (site);

  g_signal_handlers_disconnect_by_data (hanji_site_get_posts (site), &progress);
  g_signal_handlers_disconnect_by_data (site, &progress);
  hanji_test_remove_tree (dir);
}

static void
test_load_reload_keeps_posts (void)
{
  g_autofree char *dir = make_tmp ();
  g_autofree char *gone_path = g_build_filename (dir, "gone.md", NULL);
  g_autoptr(HanjiSite) site = NULL;
  g_autoptr(GFile) same_file = NULL;
  g_autoptr(GFile) edited_file = NULL;
  g_autoptr(GFile) gone_file = NULL;
  g_autoptr(GFile) new_file = NULL;
  HanjiPost *same;
  HanjiPost *edited;
  guint title_notes = 0;

  hanji_test_write_file (dir, "same.md", "---\ntitle: Same\ndate: 2024-01-01\n---\n");
  hanji_test_write_file (dir, "edited.md", "---\ntitle: Before\ndate: 2023-01-01\n---\n");
  hanji_test_write_file (dir, "gone.md", "---\ntitle: Gone\ndate: 2022-01-01\n---\n");
  same_file = g_file_new_build_filename (dir, "same.md", NULL);
  edited_file = g_file_new_build_filename (dir, "edited.md", NULL);
  gone_file = g_file_new_build_filename (dir, "gone.md", NULL);
  new_file = g_file_new_build_filename (dir, "new.md", NULL);

  site = site_for_path (dir);
  load_site (site);
  same = hanji_site_lookup_post (site, same_file);
  edited = hanji_site_lookup_post (site, edited_file);
  g_assert_nonnull (same);
  g_assert_nonnull (edited);
  g_assert_nonnull (hanji_site_lookup_post (site, gone_file));
  g_signal_connect_swapped (edited, "notify::title", G_CALLBACK (count_cb), &title_notes);

  hanji_test_write_file (dir, "edited.md", "---\ntitle: After\ndate: 2025-01-01\n---\n");
  g_assert_cmpint (g_unlink (gone_path), ==, 0);
  hanji_test_write_file (dir, "new.md", "---\ntitle: New\n---\n");
  load_site (site);

  /* Posts that stay are the same objects (a selection holds on to them),
   * updated in place. */
  g_assert_cmpuint (g_list_model_get_n_items (hanji_site_get_posts (site)), ==, 3);
  g_assert_true (hanji_site_lookup_post (site, same_file) == same);
  g_assert_true (hanji_site_lookup_post (site, edited_file) == edited);
  g_assert_true (post_at (site, 0) == edited);
  g_assert_cmpstr (hanji_post_get_title (edited), ==, "After");
  g_assert_cmpuint (title_notes, ==, 1);
  g_assert_null (hanji_site_lookup_post (site, gone_file));
  g_assert_nonnull (hanji_site_lookup_post (site, new_file));
  assert_model_consistent (site);

  g_signal_handlers_disconnect_by_data (edited, &title_notes);
  hanji_test_remove_tree (dir);
}

/* Tag and category index ------------------------------------------------ */

/* "name:count name:count ..." of an index. */
static char *
index_string (GListModel *index)
{
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_true (g_list_model_get_item_type (index) == HANJI_TYPE_TAG);
  for (guint i = 0; i < g_list_model_get_n_items (index); i++)
    {
      g_autoptr(HanjiTag) tag = g_list_model_get_item (index, i);

      g_string_append_printf (out, "%s%s:%u", i > 0 ? " " : "",
                              hanji_tag_get_name (tag), hanji_tag_get_count (tag));
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
assert_index (GListModel *index,
              const char *expected)
{
  g_autofree char *actual = index_string (index);

  g_assert_cmpstr (actual, ==, expected);
}

static void
test_tags_index (void)
{
  g_autofree char *dir = make_tmp ();
  g_autoptr(HanjiSite) site = NULL;

  hanji_test_write_file (dir, "a.md", "---\ntags: [gnome, GTK, gnome]\ncategories: [dev]\n---\n");
  hanji_test_write_file (dir, "b.md", "---\ntags: gnome 한국어\ncategory: Daily Life\n---\n");
  hanji_test_write_file (dir, "c.md", "+++\ntags = ['gtk', 'Zeta']\ncategories = ['dev']\n+++\n");
  hanji_test_write_file (dir, "d.md", "No front matter.\n");

  site = site_for_path (dir);
  g_assert_cmpuint (g_list_model_get_n_items (hanji_site_get_tags (site)), ==, 0);
  load_site (site);

  /* Posts, not mentions; names as written, sorted regardless of case. */
  assert_index (hanji_site_get_tags (site), "gnome:2 GTK:1 gtk:1 Zeta:1 한국어:1");
  assert_index (hanji_site_get_categories (site), "Daily Life:1 dev:2");

  /* A reload with fewer posts: counts fall, empty entries go. */
  {
    g_autofree char *c = g_build_filename (dir, "c.md", NULL);

    g_assert_cmpint (g_unlink (c), ==, 0);
  }
  hanji_test_write_file (dir, "a.md", "---\ntags: [gnome]\n---\n");
  load_site (site);
  assert_index (hanji_site_get_tags (site), "gnome:2 한국어:1");
  assert_index (hanji_site_get_categories (site), "Daily Life:1");

  hanji_test_remove_tree (dir);
}

/* Fixture sites --------------------------------------------------------- */

static HanjiSite *
load_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "sites", name, NULL);
  HanjiSite *site = site_for_path (path);

  load_site (site);
  assert_model_consistent (site);
  return site;
}

static char *
post_titles (HanjiSite *site)
{
  GListModel *posts = hanji_site_get_posts (site);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (posts); i++)
    {
      g_autoptr(HanjiPost) post = g_list_model_get_item (posts, i);

      g_string_append_printf (out, "%s%s%s", i > 0 ? " | " : "",
                              hanji_post_get_title (post),
                              hanji_post_get_draft (post) ? " (draft)" : "");
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
assert_titles (HanjiSite  *site,
               const char *expected)
{
  g_autofree char *actual = post_titles (site);

  g_assert_cmpstr (actual, ==, expected);
}

static void
test_fixtures (void)
{
  g_autoptr(HanjiSite) hugo = load_fixture ("hugo");
  g_autoptr(HanjiSite) jekyll = load_fixture ("jekyll");
  g_autoptr(HanjiSite) plain = load_fixture ("plain");
  g_autoptr(HanjiSite) astro = load_fixture ("astro");
  g_autoptr(HanjiSite) eleventy = load_fixture ("eleventy");
  g_autoptr(HanjiSite) custom = load_fixture ("custom");

  g_assert_cmpint (hanji_site_get_kind (hugo), ==, HANJI_SITE_HUGO);
  g_assert_cmpstr (hanji_site_get_title (hugo), ==, "휴고 예제");
  assert_layout (hugo, "content", NULL, "static");
  assert_titles (hugo, "A page bundle | Second (draft) | 첫 글: Hello | Home");
  assert_index (hanji_site_get_tags (hugo), "gnome:3 GTK:1 toml:1 한국어:1");
  assert_index (hanji_site_get_categories (hugo), "dev:2 일기:1");

  g_assert_cmpint (hanji_site_get_kind (jekyll), ==, HANJI_SITE_JEKYLL);
  g_assert_cmpstr (hanji_site_get_title (jekyll), ==, "지킬 예제");
  assert_layout (jekyll, "_posts", "_drafts", ".");
  assert_titles (jekyll, "안녕하세요 | 2023-01-02-no-front-matter | An idea (draft)");
  assert_index (hanji_site_get_tags (jekyll), "hello:2 world:1");
  assert_index (hanji_site_get_categories (jekyll), "Daily Life:1");

  g_assert_cmpint (hanji_site_get_kind (plain), ==, HANJI_SITE_PLAIN);
  assert_titles (plain, "Idea | README");

  g_assert_cmpint (hanji_site_get_kind (astro), ==, HANJI_SITE_ASTRO);
  assert_layout (astro, "src/content", NULL, "public");
  assert_titles (astro, "Astro post");

  g_assert_cmpint (hanji_site_get_kind (eleventy), ==, HANJI_SITE_ELEVENTY);
  assert_titles (eleventy, "Eleventy post");
  assert_index (hanji_site_get_tags (eleventy), "eleventy:1 post:1");

  g_assert_cmpint (hanji_site_get_kind (custom), ==, HANJI_SITE_HUGO);
  g_assert_cmpint (hanji_site_get_flavor (custom), ==, HANJI_FLAVOR_JEKYLL);
  g_assert_cmpstr (hanji_site_get_title (custom), ==, "Custom Layout");
  assert_layout (custom, "writing/posts", "writing/wip", "assets static");
  assert_titles (custom, "One | Two (draft)");
}

/* Monitors -------------------------------------------------------------- */

typedef gboolean (*SiteCheck) (HanjiSite  *site,
                               const char *arg);

static gboolean
wake_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Iterates the main loop until check holds; fails after 10 s, and when
 * it took longer than the model promises (a second, with slack for a
 * loaded test machine). Returns the milliseconds it took. */
static double
wait_for (HanjiSite  *site,
          SiteCheck   check,
          const char *arg,
          const char *what)
{
  gint64 start = g_get_monotonic_time ();
  guint wake = g_timeout_add (20, wake_cb, NULL);
  double elapsed;

  while (!check (site, arg))
    {
      if (g_get_monotonic_time () - start > 10 * G_USEC_PER_SEC)
        g_error ("timed out waiting for %s", what);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (wake);

  elapsed = (g_get_monotonic_time () - start) / 1000.0;
  g_test_message ("%s after %.0f ms", what, elapsed);
  g_assert_cmpfloat (elapsed, <, 3000);
  assert_model_consistent (site);
  return elapsed;
}

static HanjiPost *
lookup_relative (HanjiSite  *site,
                 const char *relative)
{
  g_autoptr(GFile) file = g_file_resolve_relative_path (hanji_site_get_root (site), relative);

  return hanji_site_lookup_post (site, file);
}

static gboolean
has_post (HanjiSite  *site,
          const char *relative)
{
  return lookup_relative (site, relative) != NULL;
}

static gboolean
lacks_post (HanjiSite  *site,
            const char *relative)
{
  return lookup_relative (site, relative) == NULL;
}

static gboolean
has_title (HanjiSite  *site,
           const char *title)
{
  GListModel *posts = hanji_site_get_posts (site);

  for (guint i = 0; i < g_list_model_get_n_items (posts); i++)
    if (g_str_equal (hanji_post_get_title (post_at (site, i)), title))
      return TRUE;

  return FALSE;
}

static gboolean
has_n_posts (HanjiSite  *site,
             const char *n)
{
  return g_list_model_get_n_items (hanji_site_get_posts (site)) == g_ascii_strtoull (n, NULL, 10);
}

static void
test_monitor_posts (void)
{
  g_autofree char *dir = make_tmp ();
  g_autofree char *outside = make_tmp ();
  g_autofree char *path = NULL;
  g_autofree char *path2 = NULL;
  g_autoptr(HanjiSite) site = NULL;
  HanjiPost *a;
  guint changes = 0;
  guint title_notes = 0;

  hanji_test_write_file (dir, "hugo.toml", "title = 'watched'\n");
  hanji_test_write_file (dir, "content/posts/a.md", "---\ntitle: A\ndate: 2024-01-01\ntags: [x]\n---\n");
  hanji_test_write_file (dir, "content/posts/b.md", "---\ntitle: B\ndate: 2024-02-01\ntags: [x, y]\n---\n");
  hanji_test_write_file (dir, "content/posts/old/c.md", "---\ntitle: Old\ndate: 2020-01-01\n---\n");

  site = site_for_path (dir);
  load_site (site);
  g_assert_cmpuint (g_list_model_get_n_items (hanji_site_get_posts (site)), ==, 3);
  g_signal_connect_swapped (hanji_site_get_posts (site), "items-changed",
                            G_CALLBACK (count_cb), &changes);

  /* Created outside Hanji. */
  hanji_test_write_file (dir, "content/posts/new.md", "---\ntitle: New\ndate: 2024-03-01\ntags: [z]\n---\n");
  wait_for (site, has_post, "content/posts/new.md", "a created post");
  g_assert_true (post_at (site, 0) == lookup_relative (site, "content/posts/new.md"));
  assert_index (hanji_site_get_tags (site), "x:2 y:1 z:1");

  /* Edited: the same post, updated and moved to its new place. */
  a = lookup_relative (site, "content/posts/a.md");
  g_signal_connect_swapped (a, "notify::title", G_CALLBACK (count_cb), &title_notes);
  changes = 0;
  hanji_test_write_file (dir, "content/posts/a.md", "---\ntitle: A2\ndate: 2025-01-01\ntags: [x, w]\n---\n");
  wait_for (site, has_title, "A2", "an edited post");
  g_assert_true (lookup_relative (site, "content/posts/a.md") == a);
  g_assert_true (post_at (site, 0) == a);
  g_assert_cmpuint (title_notes, ==, 1);
  g_assert_cmpuint (changes, ==, 1);
  assert_index (hanji_site_get_tags (site), "w:1 x:2 y:1 z:1");
  g_signal_handlers_disconnect_by_data (a, &title_notes);

  /* Renamed. */
  path = g_build_filename (dir, "content", "posts", "b.md", NULL);
  path2 = g_build_filename (dir, "content", "posts", "renamed.md", NULL);
  g_assert_cmpint (g_rename (path, path2), ==, 0);
  wait_for (site, has_post, "content/posts/renamed.md", "a renamed post");
  g_assert_false (has_post (site, "content/posts/b.md"));
  g_assert_cmpuint (g_list_model_get_n_items (hanji_site_get_posts (site)), ==, 4);

  /* Deleted. */
  g_assert_cmpint (g_unlink (path2), ==, 0);
  wait_for (site, lacks_post, "content/posts/renamed.md", "a deleted post");
  assert_index (hanji_site_get_tags (site), "w:1 x:1 z:1");

  /* A new folder is watched too. */
  hanji_test_write_file (dir, "content/posts/2025/d.md", "---\ntitle: D\n---\n");
  wait_for (site, has_post, "content/posts/2025/d.md", "a post in a new folder");
  hanji_test_write_file (dir, "content/posts/2025/e.md", "---\ntitle: E\n---\n");
  wait_for (site, has_post, "content/posts/2025/e.md", "a later post in the new folder");

  /* A folder moved out of the site takes its posts along; one moved in
   * brings its own. */
  g_clear_pointer (&path, g_free);
  g_clear_pointer (&path2, g_free);
  path = g_build_filename (dir, "content", "posts", "2025", NULL);
  path2 = g_build_filename (outside, "2025", NULL);
  g_assert_cmpint (g_rename (path, path2), ==, 0);
  wait_for (site, lacks_post, "content/posts/2025/d.md", "a folder moved away");
  g_assert_false (has_post (site, "content/posts/2025/e.md"));
  g_assert_cmpint (g_rename (path2, path), ==, 0);
  wait_for (site, has_post, "content/posts/2025/e.md", "a folder moved in");
  g_assert_true (has_post (site, "content/posts/2025/d.md"));

  /* Removed with its folder. */
  hanji_test_remove_tree (path);
  wait_for (site, lacks_post, "content/posts/2025/d.md", "a removed folder");
  g_assert_false (has_post (site, "content/posts/2025/e.md"));

  /* Folders the scan skips stay skipped. */
  hanji_test_write_file (dir, "content/node_modules/x.md", "---\ntitle: Dependency\n---\n");
  hanji_test_write_file (dir, "content/posts/.swap.md", "---\ntitle: Hidden\n---\n");
  hanji_test_write_file (dir, "content/posts/marker.md", "---\ntitle: Marker\n---\n");
  wait_for (site, has_post, "content/posts/marker.md", "a marker after skipped files");
  g_assert_false (has_post (site, "content/node_modules/x.md"));
  g_assert_false (has_post (site, "content/posts/.swap.md"));

  g_signal_handlers_disconnect_by_data (hanji_site_get_posts (site), &changes);
  g_clear_object (&site);
  hanji_test_remove_tree (dir);
  hanji_test_remove_tree (outside);
}

static void
test_monitor_burst (void)
{
  g_autofree char *dir = make_tmp ();
  g_autoptr(HanjiSite) site = NULL;
  guint changes = 0;

  hanji_test_write_file (dir, "_config.yml", "title: burst\n");
  hanji_test_write_file (dir, "_posts/2020-01-01-first.md", "---\ntitle: First\n---\n");
  site = site_for_path (dir);
  load_site (site);
  g_signal_connect_swapped (hanji_site_get_posts (site), "items-changed",
                            G_CALLBACK (count_cb), &changes);

  /* A git pull: many files at once, each read once, in a few changes. */
  for (guint i = 0; i < 60; i++)
    {
      g_autofree char *name = g_strdup_printf ("_posts/2024-01-%02u-pulled-%u.md", 1 + i % 28, i);

      hanji_test_write_file (dir, name, "---\ntags: [pulled]\n---\n");
    }
  wait_for (site, has_n_posts, "61", "60 pulled posts");
  g_test_message ("%u items-changed", changes);
  g_assert_cmpuint (changes, <, 60);
  assert_index (hanji_site_get_tags (site), "pulled:60");

  /* No _drafts/ at load time: its creation is seen all the same. */
  hanji_test_write_file (dir, "_drafts/later.md", "---\ntitle: Later\n---\n");
  wait_for (site, has_post, "_drafts/later.md", "a post in a new _drafts folder");
  g_assert_true (hanji_post_get_draft (lookup_relative (site, "_drafts/later.md")));

  g_signal_handlers_disconnect_by_data (hanji_site_get_posts (site), &changes);
  g_clear_object (&site);
  hanji_test_remove_tree (dir);
}

static void
test_refresh_file (void)
{
  g_autofree char *dir = make_tmp ();
  g_autoptr(HanjiSite) site = NULL;
  double fastest = G_MAXDOUBLE;

  hanji_test_write_file (dir, "first.md", "---\ntitle: First\n---\n");
  site = site_for_path (dir);

  /* Before a load there is no model to keep current. */
  {
    g_autoptr(GFile) file = g_file_new_build_filename (dir, "first.md", NULL);

    hanji_site_refresh_file (site, file);
    g_assert_cmpuint (g_list_model_get_n_items (hanji_site_get_posts (site)), ==, 0);
  }
  load_site (site);

  /* The monitor waits for the disk to be quiet for 100 ms; a refresh
   * asked for goes at once. Timing can be unlucky on a loaded machine,
   * so the best of three counts. */
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("asked-%u.md", i);
      g_autoptr(GFile) file = g_file_new_build_filename (dir, name, NULL);
      double elapsed;

      hanji_test_write_file (dir, name, "---\ntitle: Asked\n---\n");
      hanji_site_refresh_file (site, file);
      elapsed = wait_for (site, has_post, name, "a refreshed post");
      fastest = MIN (fastest, elapsed);
    }
  g_assert_cmpfloat (fastest, <, 90);

  /* A path the scan would skip stays out, asked for or not: requests are
   * taken in order, so once the later one is in, the first was judged. */
  {
    g_autoptr(GFile) skipped = g_file_new_build_filename (dir, "node_modules", "dep.md", NULL);
    g_autoptr(GFile) hidden = g_file_new_build_filename (dir, ".hidden.md", NULL);
    g_autoptr(GFile) later = g_file_new_build_filename (dir, "later.md", NULL);

    hanji_test_write_file (dir, "node_modules/dep.md", "---\ntitle: Dependency\n---\n");
    hanji_test_write_file (dir, ".hidden.md", "---\ntitle: Hidden\n---\n");
    hanji_site_refresh_file (site, skipped);
    hanji_site_refresh_file (site, hidden);
    hanji_test_write_file (dir, "later.md", "---\ntitle: Later\n---\n");
    hanji_site_refresh_file (site, later);
    wait_for (site, has_post, "later.md", "a post asked for after skipped ones");
    g_assert_false (has_post (site, "node_modules/dep.md"));
    g_assert_false (has_post (site, ".hidden.md"));
  }

  hanji_test_remove_tree (dir);
}

/* Search across posts ---------------------------------------------------- */

static void
search_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GListModel **out = user_data;
  g_autoptr(GError) error = NULL;
  gboolean truncated = TRUE;

  *out = hanji_site_search_finish (HANJI_SITE (object), result, &truncated, &error);
  g_assert_no_error (error);
  g_assert_false (truncated);
}

static GListModel *
search_site (HanjiSite  *site,
             const char *query)
{
  GListModel *matches = NULL;
  guint watchdog = g_timeout_add_seconds (20, watchdog_cb, NULL);

  hanji_site_search_async (site, query, NULL, search_done_cb, &matches);
  while (matches == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (watchdog);
  return matches;
}

static HanjiSearchMatch *
match_at (GListModel *matches,
          guint       i)
{
  g_autoptr(HanjiSearchMatch) match = g_list_model_get_item (matches, i);

  g_assert_nonnull (match);
  return match;
}

static void
test_search (void)
{
  g_autofree char *root = g_dir_make_tmp ("hanji-search-XXXXXX", NULL);
  g_autoptr(GFile) root_file = g_file_new_for_path (root);
  g_autoptr(HanjiSite) site = NULL;
  g_autoptr(GListModel) matches = NULL;
  g_autofree char *long_line = NULL;
  HanjiSearchMatch *match;
  const char *context;
  guint start, length;

  hanji_test_write_file (root, "_config.yml", "title: Search\n");
  hanji_test_write_file (root, "_posts/2024-01-01-a.md",
              "---\ntitle: 한지 이야기\n---\n\n전주 한지는 질기다.\r\n한지, 또 한지.\n");
  /* The same words decomposed (NFD), as a Mac writes file contents. */
  hanji_test_write_file (root, "_posts/2024-02-01-b.md",
              "---\ntitle: NFD\n---\n\n\xe1\x84\x92\xe1\x85\xa1\xe1\x86\xab\xe1\x84\x8c\xe1\x85\xb5 종이\n");
  hanji_test_write_file (root, "_posts/2024-03-01-c.md", "---\ntitle: Case\n---\n\nHanji and HANJI.\n");
  /* Not text: skipped, not an error. */
  hanji_test_write_file (root, "_posts/2024-04-01-d.md", "---\ntitle: bad\n---\n\n\xff\xfe 한지\n");
  long_line = g_strdup_printf ("---\ntitle: Long\n---\n\n%s 바늘 %s\n",
                               "가나다라마바사아자차카타파하 가나다라마바사아자차카타파하 가나다라마바사아자차카타파하",
                               "가나다라마바사아자차카타파하 가나다라마바사아자차카타파하 가나다라마바사아자차카타파하");
  hanji_test_write_file (root, "_posts/2024-05-01-e.md", long_line);

  site = hanji_site_new (root_file);
  load_site (site);

  matches = search_site (site, "한지");
  /* Newest post first: b (NFD) then a's title, its body twice… */
  g_assert_cmpuint (g_list_model_get_n_items (matches), ==, 5);

  match = match_at (matches, 0);
  g_assert_cmpstr (hanji_search_match_get_title (match), ==, "NFD");
  g_assert_cmpuint (hanji_search_match_get_line (match), ==, 5);
  g_assert_cmpuint (hanji_search_match_get_column (match), ==, 1);
  /* Two syllables, five code points as written. */
  g_assert_cmpuint (hanji_search_match_get_length (match), ==, 5);
  context = hanji_search_match_get_context (match, &start, &length);
  g_assert_cmpstr (context, ==, "한지 종이");
  g_assert_cmpuint (start, ==, 0);
  g_assert_cmpuint (length, ==, strlen ("한지"));

  match = match_at (matches, 1);
  g_assert_cmpstr (hanji_search_match_get_title (match), ==, "한지 이야기");
  g_assert_cmpuint (hanji_search_match_get_line (match), ==, 2);
  g_assert_cmpuint (hanji_search_match_get_column (match), ==, 8);

  match = match_at (matches, 2);
  g_assert_cmpuint (hanji_search_match_get_line (match), ==, 5);
  g_assert_cmpuint (hanji_search_match_get_column (match), ==, 4);
  g_assert_cmpuint (hanji_search_match_get_length (match), ==, 2);

  match = match_at (matches, 4);
  g_assert_cmpuint (hanji_search_match_get_line (match), ==, 6);
  g_assert_cmpuint (hanji_search_match_get_column (match), ==, 7);
  context = hanji_search_match_get_context (match, &start, &length);
  g_assert_cmpstr (context, ==, "한지, 또 한지.");
  g_assert_cmpuint (start, ==, strlen ("한지, 또 "));
  g_clear_object (&matches);

  /* Case does not matter. */
  matches = search_site (site, "hanji");
  g_assert_cmpuint (g_list_model_get_n_items (matches), ==, 2);
  g_assert_cmpuint (hanji_search_match_get_column (match_at (matches, 1)), ==, 11);
  g_clear_object (&matches);

  /* A long line is cut around the match, on character boundaries. */
  matches = search_site (site, "바늘");
  g_assert_cmpuint (g_list_model_get_n_items (matches), ==, 1);
  context = hanji_search_match_get_context (match_at (matches, 0), &start, &length);
  g_assert_true (g_utf8_validate (context, -1, NULL));
  g_assert_cmpuint (strlen (context), <=, 160 + 2 * strlen ("…"));
  g_assert_true (g_str_has_prefix (context, "…"));
  g_assert_true (g_str_has_suffix (context, "…"));
  g_assert_cmpint (strncmp (context + start, "바늘", length), ==, 0);
  g_clear_object (&matches);

  /* Regular-expression characters are plain text. */
  matches = search_site (site, "한지.");
  g_assert_cmpuint (g_list_model_get_n_items (matches), ==, 1);
  g_clear_object (&matches);

  matches = search_site (site, "");
  g_assert_cmpuint (g_list_model_get_n_items (matches), ==, 0);
  g_clear_object (&matches);

  /* Text that is NFC already is searched as it is; anything NFC would
   * change (a combining accent, the Angstrom sign) is normalized first. */
  {
    g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_object_unref);
    g_autoptr(GRegex) cafe = hanji_search_regex_new ("café");
    g_autoptr(GRegex) angstrom = hanji_search_regex_new ("\xe2\x84\xab");

    hanji_search_text ("Cafe\xcc\x81 and café\n", root_file, "t", cafe, found, 10);
    g_assert_cmpuint (found->len, ==, 2);
    g_assert_cmpuint (hanji_search_match_get_column (found->pdata[0]), ==, 1);
    g_assert_cmpuint (hanji_search_match_get_length (found->pdata[0]), ==, 5);
    g_assert_cmpuint (hanji_search_match_get_column (found->pdata[1]), ==, 11);
    g_assert_cmpuint (hanji_search_match_get_length (found->pdata[1]), ==, 4);
    g_ptr_array_set_size (found, 0);

    hanji_search_text ("10 \xe2\x84\xab, 1 Å\n", root_file, "t", angstrom, found, 10);
    g_assert_cmpuint (found->len, ==, 2);
    g_assert_cmpuint (hanji_search_match_get_column (found->pdata[0]), ==, 4);
    g_assert_cmpuint (hanji_search_match_get_column (found->pdata[1]), ==, 9);
  }

  hanji_test_remove_tree (root);
}

int
main (int    argc,
      char **argv)
{
  /* Local dates are checked against a zone far from UTC. */
  g_setenv ("TZ", "Asia/Seoul", TRUE);
  g_test_init (&argc, &argv, NULL);

  main_thread = g_thread_self ();

  g_test_add_func ("/site/kind/jekyll", test_kind_jekyll);
  g_test_add_func ("/site/kind/hugo", test_kind_hugo);
  g_test_add_func ("/site/kind/plain", test_kind_plain);
  g_test_add_func ("/site/find-root", test_find_root);
  g_test_add_func ("/site/post/fields", test_post_fields);
  g_test_add_func ("/site/post/dates-and-tags", test_post_dates_and_tags);
  g_test_add_func ("/site/post/missing-file", test_post_missing_file);
  g_test_add_func ("/site/load/jekyll", test_load_jekyll);
  g_test_add_func ("/site/load/hugo", test_load_hugo);
  g_test_add_func ("/site/load/plain-skips", test_load_plain_skips);
  g_test_add_func ("/site/load/replaces", test_load_replaces);
  g_test_add_func ("/site/load/cancelled", test_load_cancelled);
  g_test_add_func ("/site/contains", test_contains);
  g_test_add_func ("/site/kind/astro", test_kind_astro);
  g_test_add_func ("/site/kind/eleventy", test_kind_eleventy);
  g_test_add_func ("/site/kind/hugo-config-dirs", test_kind_hugo_config_dirs);
  g_test_add_func ("/site/layout/defaults", test_layout_defaults);
  g_test_add_func ("/site/settings/override", test_settings_override);
  g_test_add_func ("/site/settings/invalid", test_settings_invalid);
  g_test_add_func ("/site/settings/language", test_site_language);
  g_test_add_func ("/site/post/categories", test_post_categories);
  g_test_add_func ("/site/post/errors", test_post_errors);
  g_test_add_func ("/site/post/modified", test_post_modified);
  g_test_add_func ("/site/load/symlinks", test_load_symlinks);
  g_test_add_func ("/site/load/unreadable", test_load_unreadable);
  g_test_add_func ("/site/load/special-files", test_load_special_files);
  g_test_add_func ("/site/load/non-utf8-names", test_load_non_utf8_names);
  g_test_add_func ("/site/load/batches", test_load_batches);
  g_test_add_func ("/site/load/reload-keeps-posts", test_load_reload_keeps_posts);
  g_test_add_func ("/site/tags", test_tags_index);
  g_test_add_func ("/site/fixtures", test_fixtures);
  g_test_add_func ("/site/monitor/posts", test_monitor_posts);
  g_test_add_func ("/site/monitor/burst", test_monitor_burst);
  g_test_add_func ("/site/monitor/refresh-file", test_refresh_file);
  g_test_add_func ("/site/search", test_search);

  return g_test_run ();
}
