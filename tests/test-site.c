/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-site"

#include "config.h"

#include "hanji-test-util.h"

#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "hanji-site.h"

/* Helpers --------------------------------------------------------------- */

static GThread *main_thread;

static void
write_file (const char *root,
            const char *relative,
            const char *contents)
{
  g_autofree char *path = g_build_filename (root, relative, NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

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

  write_file (blog, "_config.yml",
              "---\n# Site settings\ntitle: \"내 블로그\"\nplugins:\n  - jekyll-feed\n");
  make_dir (blog, "_posts");
  site = site_for_path (blog);
  g_assert_cmpint (hanji_site_get_kind (site), ==, HANJI_SITE_JEKYLL);
  g_assert_cmpint (hanji_site_get_flavor (site), ==, HANJI_FLAVOR_JEKYLL);
  g_assert_cmpstr (hanji_site_get_title (site), ==, "내 블로그");

  /* A config alone is not enough. */
  write_file (bare, "_config.yml", "title: Bare\n");
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

  write_file (toml, "hugo.toml",
              "# comment\nbaseURL = 'https://example.org/'\n"
              "title = \"Hugo \\\"Notes\\\"\"\n\n[params]\ntitle = \"not this\"\n");
  make_dir (toml, "content");
  site = site_for_path (toml);
  g_assert_cmpint (hanji_site_get_kind (site), ==, HANJI_SITE_HUGO);
  g_assert_cmpint (hanji_site_get_flavor (site), ==, HANJI_FLAVOR_HUGO);
  g_assert_cmpstr (hanji_site_get_title (site), ==, "Hugo \"Notes\"");
  g_clear_object (&site);

  write_file (yaml, "config.yaml", "params:\n  title: nested\ntitle: Yaml Blog\n");
  make_dir (yaml, "content");
  site = site_for_path (yaml);
  g_assert_cmpint (hanji_site_get_kind (site), ==, HANJI_SITE_HUGO);
  g_assert_cmpstr (hanji_site_get_title (site), ==, "Yaml Blog");
  g_clear_object (&site);

  write_file (split, "config/_default/hugo.toml", "[params]\ntitle = \"nope\"\n");
  make_dir (split, "content");
  site = site_for_path (split);
  g_assert_cmpint (hanji_site_get_kind (site), ==, HANJI_SITE_HUGO);
  g_assert_cmpstr (hanji_site_get_title (site), ==, "split");
  g_clear_object (&site);

  write_file (nocontent, "hugo.toml", "title = 'x'\n");
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

  write_file (dir, "notes.md", "# Notes\n");
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

  write_file (dir, "blog/_config.yml", "title: b\n");
  write_file (dir, "blog/_posts/2024/a.md", "# a\n");
  write_file (dir, "loose.md", "# loose\n");

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

      write_file (dir, cases[i].name, cases[i].contents);
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
  write_file (dir, "long.md", long_post->str);
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

  write_file (dir, "2024-05-18-a.md", "---\ntags: [gtk, c]\n---\n");
  /* The front-matter date wins over the file name. */
  write_file (dir, "2024-05-18-b.md", "---\ndate: 2024-06-01 21:30:00 +0900\ntags: one two\n---\n");
  write_file (dir, "c.md", "---\ntitle: c\n---\n");

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

  write_file (dir, "_config.yml", "title: Jekyll\n");
  write_file (dir, "_posts/2024-05-18-hello.md", "---\ntitle: 안녕하세요\n---\nHi\n");
  write_file (dir, "_posts/2023-01-02-no-title.md", "Just text.\n");
  write_file (dir, "_posts/2024-06-01-dated.md",
              "---\nlayout: post\ntitle: Dated\ndate: 2024-06-10 10:00:00 +0900\n---\n");
  write_file (dir, "_posts/sub/2022-03-03-nested.markdown", "---\ntitle: Nested\n---\n");
  write_file (dir, "_posts/notes.txt", "not a post\n");
  write_file (dir, "_posts/node_modules/pkg/README.md", "# not a post\n");
  write_file (dir, "_posts/.hidden.md", "# not a post\n");
  write_file (dir, "_drafts/wip.md", "---\ntitle: Work in progress\n---\n");
  write_file (dir, "_site/2024/05/18/hello.md", "# built output\n");
  write_file (dir, "about.md", "# not in _posts\n");

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

  write_file (dir, "hugo.toml", "title = 'Hugo'\n");
  write_file (dir, "content/posts/first.md",
              "+++\ntitle = 'First'\ndate = 2024-01-01T10:00:00+09:00\ndraft = true\n"
              "tags = [\n  'a',\n  \"b\",\n]\n+++\n");
  write_file (dir, "content/posts/bundle/index.md", "---\ndate: 2024-02-01\n---\n");
  write_file (dir, "content/_index.md", "---\ntitle: Home\n---\n");
  write_file (dir, "public/posts/first.md", "# published copy\n");
  write_file (dir, "resources/_gen/x.md", "# generated\n");
  write_file (dir, "themes/t/README.md", "# theme\n");

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

  write_file (dir, "post.md", "# Post\n");
  write_file (dir, "README.markdown", "# Readme\n");
  write_file (dir, "notes/idea.md", "# Idea\n");
  write_file (dir, "image.png", "PNG");
  write_file (dir, "node_modules/pkg/readme.md", "# dep\n");
  write_file (dir, "_site/index.md", "# built\n");
  write_file (dir, "public/index.md", "# built\n");
  write_file (dir, ".git/description.md", "# vcs\n");
  write_file (dir, ".hidden/secret.md", "# hidden\n");
  write_file (outside, "elsewhere.md", "# outside\n");
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

  write_file (dir, "old.md", "---\ntitle: Old\n---\n");
  site = site_for_path (dir);
  load_site (site);
  g_assert_cmpuint (g_list_model_get_n_items (hanji_site_get_posts (site)), ==, 1);
  g_assert_cmpstr (hanji_post_get_title (post_at (site, 0)), ==, "Old");

  g_assert_cmpint (g_unlink (old_path), ==, 0);
  write_file (dir, "new.md", "---\ntitle: New\n---\n");
  write_file (dir, "newer.md", "---\ntitle: Newer\ndate: 2030-01-01\n---\n");
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

  write_file (dir, "post.md", "# Post\n");
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

  write_file (root, "_config.yml", "title: x\n");
  write_file (root, "_posts/a.md", "# a\n");
  write_file (dir, "blog-old/a.md", "# old\n");
  write_file (outside, "secret.md", "# secret\n");
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

  return g_test_run ();
}
