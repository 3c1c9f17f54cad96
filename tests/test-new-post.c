/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-new-post"

#include "config.h"

#include "hanji-test-util.h"

#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "hanji-front-matter.h"
#include "hanji-new-post.h"
#include "hanji-site.h"

/* Helpers --------------------------------------------------------------- */

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

static gboolean
exists (const char *root,
        const char *relative)
{
  g_autofree char *path = g_build_filename (root, relative, NULL);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static char *
read_file (const char *root,
           const char *relative)
{
  g_autofree char *path = g_build_filename (root, relative, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static char *
make_tmp (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("hanji-new-post-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static char *
make_jekyll (void)
{
  char *root = make_tmp ();

  write_file (root, "_config.yml", "title: Blog\n");
  make_dir (root, "_posts");
  return root;
}

static char *
make_hugo (void)
{
  char *root = make_tmp ();

  write_file (root, "hugo.toml", "title = 'Site'\n");
  make_dir (root, "content");
  return root;
}

static HanjiSite *
open_site (const char *root)
{
  g_autoptr(GFile) file = g_file_new_for_path (root);

  return hanji_site_new (file);
}

/* Saturday morning in Seoul: every date in these tests. */
static GDateTime *
test_date (void)
{
  g_autoptr(GTimeZone) seoul = g_time_zone_new_offset (9 * 3600);

  return g_date_time_new (seoul, 2024, 5, 18, 10, 0, 0);
}

static HanjiNewPost *
new_post (HanjiSite  *site,
          const char *title)
{
  g_autoptr(GDateTime) date = test_date ();
  HanjiNewPost *post = hanji_new_post_new (site, title);

  hanji_new_post_set_date (post, date);
  return post;
}

/* The created file's path relative to root. */
static char *
create (HanjiNewPost *post,
        const char   *root)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = hanji_new_post_create (post, NULL, &error);
  g_autoptr(GFile) root_file = g_file_new_for_path (root);
  char *relative;

  g_assert_no_error (error);
  g_assert_nonnull (file);
  g_assert_true (g_file_query_exists (file, NULL));
  relative = g_file_get_relative_path (root_file, file);
  g_assert_nonnull (relative);
  return relative;
}

static HanjiFrontMatter *
parse_ok (const char *text)
{
  HanjiFrontMatter *fm = hanji_front_matter_parse (text, -1);
  const GError *error = hanji_front_matter_get_error (fm);

  if (error != NULL)
    g_error ("front matter does not parse (%s):\n%s", error->message, text);
  g_assert_cmpint (hanji_front_matter_get_split (fm)->kind, ==, HANJI_FRONT_MATTER_YAML);
  return fm;
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
  g_error ("timed out");
  return G_SOURCE_REMOVE;
}

static void
load_site (HanjiSite *site)
{
  gboolean done = FALSE;
  guint watchdog = g_timeout_add_seconds (20, watchdog_cb, NULL);

  hanji_site_load_async (site, NULL, load_done_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (watchdog);
}

/* Slugs ----------------------------------------------------------------- */

static void
test_slugify (void)
{
  static const struct { const char *title; const char *slug; } cases[] = {
    { "Hello, World!", "hello-world" },
    { "  --Hello--  ", "hello" },
    { "회고: 2024년을 돌아보며", "회고-2024년을-돌아보며" },
    { "GTK 4와 libadwaita로 앱 만들기", "gtk-4와-libadwaita로-앱-만들기" },
    { "C'est l'été", "c-est-l-été" },
    { "ÀÉÎ Ünïcödé", "àéî-ünïcödé" },
    { "snake_case and.dots/slashes", "snake-case-and-dots-slashes" },
    { "🎉 Party 🎉", "party" },
    { "Fête 🎉🎊 2024", "fête-2024" },
    { "1\xef\xb8\x8f\xe2\x83\xa3 first", "1-first" },
    { "❤️한글❤️", "한글" },
    { "हिन्दी ब्लॉग", "हिन्दी-ब्लॉग" },
    { "already-a-slug", "already-a-slug" },
    { "!!!???", "post" },
    { "🎉🎊", "post" },
    { "", "post" },
    { "\xff\xfe abc", "abc" },
  };
  /* 한글 typed on macOS: decomposed jamo */
  const char *nfd = "\xe1\x84\x92\xe1\x85\xa1\xe1\x86\xab\xe1\x84\x80\xe1\x85\xb3\xe1\x86\xaf";
  g_autofree char *from_nfd = hanji_slugify (nfd);
  g_autoptr(GString) long_title = g_string_new (NULL);
  g_autofree char *long_slug = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *slug = hanji_slugify (cases[i].title);
      g_autofree char *again = hanji_slugify (slug);

      g_test_message ("case %u", i);
      g_assert_cmpstr (slug, ==, cases[i].slug);
      /* A slug is its own slug. */
      g_assert_cmpstr (again, ==, slug);
    }

  g_assert_cmpstr (from_nfd, ==, "한글");

  for (guint i = 0; i < 300; i++)
    g_string_append (long_title, i % 10 == 9 ? "가 " : "가");
  long_slug = hanji_slugify (long_title->str);
  g_assert_cmpuint (strlen (long_slug), <=, 200);
  g_assert_cmpuint (strlen (long_slug), >, 150);
  g_assert_true (g_utf8_validate (long_slug, -1, NULL));
  g_assert_false (g_str_has_suffix (long_slug, "-"));
}

/* Paths ----------------------------------------------------------------- */

static void
test_paths_jekyll (void)
{
  g_autofree char *root = make_jekyll ();
  g_autoptr(HanjiSite) site = open_site (root);
  g_autoptr(HanjiNewPost) post = new_post (site, "Hello World");
  g_autoptr(HanjiNewPost) draft = new_post (site, "초안: 첫 글");
  g_autoptr(HanjiNewPost) section = new_post (site, "x");
  g_autoptr(HanjiNewPost) bundle = new_post (site, "x");
  g_autoptr(GFile) planned = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *planned_path = NULL;
  g_autofree char *path = NULL;
  g_autofree char *draft_path = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *sections_root = NULL;
  g_auto(GStrv) sections = NULL;

  planned = hanji_new_post_dup_file (post, NULL, &error);
  g_assert_no_error (error);
  planned_path = g_file_get_path (planned);
  expected = g_build_filename (root, "_posts", "2024-05-18-hello-world.md", NULL);
  g_assert_cmpstr (planned_path, ==, expected);
  /* planning writes nothing */
  g_assert_false (exists (root, "_posts/2024-05-18-hello-world.md"));

  path = create (post, root);
  g_assert_cmpstr (path, ==, "_posts/2024-05-18-hello-world.md");

  /* _drafts/ does not exist yet: it is made. */
  hanji_new_post_set_draft (draft, TRUE);
  draft_path = create (draft, root);
  g_assert_cmpstr (draft_path, ==, "_drafts/초안-첫-글.md");

  hanji_new_post_set_section (section, "notes");
  g_assert_null (hanji_new_post_dup_file (section, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);
  g_assert_null (hanji_new_post_create (section, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);

  hanji_new_post_set_bundle (bundle, TRUE);
  g_assert_null (hanji_new_post_create (bundle, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);

  sections = hanji_new_post_list_sections (post, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (sections), ==, 0);
  sections_root = hanji_new_post_dup_section (post);
  g_assert_cmpstr (sections_root, ==, "");

  hanji_test_remove_tree (root);
}

static void
test_paths_hugo (void)
{
  g_autofree char *root = make_hugo ();
  g_autoptr(HanjiSite) site = open_site (root);
  g_autoptr(HanjiNewPost) post = new_post (site, "Hello World");
  g_autoptr(HanjiNewPost) nested = new_post (site, "Hello World");
  g_autoptr(HanjiNewPost) bundle = new_post (site, "사진 모음");
  g_autoptr(HanjiNewPost) top = new_post (site, "About");
  g_autoptr(HanjiNewPost) outside = new_post (site, "x");
  g_autoptr(GError) error = NULL;
  g_autofree char *section = NULL;
  g_autofree char *blog_section = NULL;
  g_autofree char *path = NULL;
  g_autofree char *nested_path = NULL;
  g_autofree char *bundle_path = NULL;
  g_autofree char *top_path = NULL;
  g_auto(GStrv) sections = NULL;

  /* No posts/, post/ or blog/ yet: Hugo's usual posts/. */
  section = hanji_new_post_dup_section (post);
  g_assert_cmpstr (section, ==, "posts");
  make_dir (root, "content/blog");
  blog_section = hanji_new_post_dup_section (post);
  g_assert_cmpstr (blog_section, ==, "blog");

  path = create (post, root);
  g_assert_cmpstr (path, ==, "content/blog/hello-world.md");

  hanji_new_post_set_section (nested, "/notes/2024/");
  nested_path = create (nested, root);
  g_assert_cmpstr (nested_path, ==, "content/notes/2024/hello-world.md");

  hanji_new_post_set_section (bundle, "gallery");
  hanji_new_post_set_bundle (bundle, TRUE);
  bundle_path = create (bundle, root);
  g_assert_cmpstr (bundle_path, ==, "content/gallery/사진-모음/index.md");

  hanji_new_post_set_section (top, "");
  top_path = create (top, root);
  g_assert_cmpstr (top_path, ==, "content/about.md");

  hanji_new_post_set_section (outside, "posts/../../etc");
  g_assert_null (hanji_new_post_create (outside, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_false (exists (root, "etc"));

  /* Sections: folders of posts, not bundles nor hidden folders. */
  make_dir (root, "content/.git");
  make_dir (root, "content/_drafts-of-mine");
  sections = hanji_new_post_list_sections (post, NULL, NULL);
  g_assert_nonnull (sections);
  g_assert_cmpuint (g_strv_length (sections), ==, 3);
  g_assert_cmpstr (sections[0], ==, "blog");
  g_assert_cmpstr (sections[1], ==, "gallery");
  g_assert_cmpstr (sections[2], ==, "notes");

  hanji_test_remove_tree (root);
}

static void
test_paths_plain (void)
{
  g_autofree char *root = make_tmp ();
  g_autoptr(HanjiSite) site = NULL;
  g_autoptr(HanjiNewPost) post = NULL;
  g_autoptr(HanjiNewPost) draft = NULL;
  g_autofree char *path = NULL;
  g_autofree char *draft_path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *draft_text = NULL;

  write_file (root, "notes.md", "# Notes\n");
  site = open_site (root);
  g_assert_cmpint (hanji_site_get_kind (site), ==, HANJI_SITE_PLAIN);

  post = new_post (site, "Plain Note");
  path = create (post, root);
  g_assert_cmpstr (path, ==, "plain-note.md");
  text = read_file (root, path);
  g_assert_cmpstr (text, ==,
                   "---\n"
                   "title: Plain Note\n"
                   "date: 2024-05-18T10:00:00+09:00\n"
                   "tags: []\n"
                   "---\n"
                   "\n");

  draft = new_post (site, "Plain Note");
  hanji_new_post_set_draft (draft, TRUE);
  draft_path = create (draft, root);
  g_assert_cmpstr (draft_path, ==, "plain-note-2.md");
  draft_text = read_file (root, draft_path);
  assert_contains (draft_text, "\ndraft: true\n");

  hanji_test_remove_tree (root);
}

/* Collisions ------------------------------------------------------------ */

static void
test_collisions (void)
{
  g_autofree char *jekyll = make_jekyll ();
  g_autofree char *hugo = make_hugo ();
  g_autoptr(HanjiSite) jekyll_site = NULL;
  g_autoptr(HanjiSite) hugo_site = NULL;
  g_autofree char *dangling = NULL;

  write_file (jekyll, "_posts/2024-05-18-hello.md", "mine\n");
  write_file (jekyll, "_posts/2024-05-18-hello-2.markdown", "mine too\n");
  /* another day's post of the same name is not in the way */
  write_file (jekyll, "_posts/2024-05-17-hello-3.md", "older\n");
  jekyll_site = open_site (jekyll);

  {
    g_autoptr(HanjiNewPost) post = new_post (jekyll_site, "Hello");
    g_autofree char *first = create (post, jekyll);
    g_autofree char *second = create (post, jekyll);
    g_autofree char *kept = read_file (jekyll, "_posts/2024-05-18-hello.md");

    g_assert_cmpstr (first, ==, "_posts/2024-05-18-hello-3.md");
    g_assert_cmpstr (second, ==, "_posts/2024-05-18-hello-4.md");
    g_assert_cmpstr (kept, ==, "mine\n");
  }

  write_file (hugo, "content/posts/hello.md", "mine\n");
  make_dir (hugo, "content/posts/hello-2");
  dangling = g_build_filename (hugo, "content", "posts", "hello-3.md", NULL);
  g_assert_cmpint (symlink ("nowhere.md", dangling), ==, 0);
  hugo_site = open_site (hugo);

  {
    g_autoptr(HanjiNewPost) post = new_post (hugo_site, "Hello");
    g_autoptr(HanjiNewPost) bundle = new_post (hugo_site, "Hello");
    g_autoptr(GFile) planned = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *planned_name = NULL;
    g_autofree char *path = NULL;
    g_autofree char *bundle_path = NULL;
    g_autofree char *intruder = NULL;

    planned = hanji_new_post_dup_file (post, NULL, &error);
    g_assert_no_error (error);
    planned_name = g_file_get_basename (planned);
    g_assert_cmpstr (planned_name, ==, "hello-4.md");

    /* Someone takes the planned name before the post is made: create
     * moves on rather than overwrite it. */
    write_file (hugo, "content/posts/hello-4.md", "theirs\n");
    path = create (post, hugo);
    g_assert_cmpstr (path, ==, "content/posts/hello-5.md");
    intruder = read_file (hugo, "content/posts/hello-4.md");
    g_assert_cmpstr (intruder, ==, "theirs\n");

    /* A bundle folder takes the name of a leaf post and the other way. */
    hanji_new_post_set_bundle (bundle, TRUE);
    bundle_path = create (bundle, hugo);
    g_assert_cmpstr (bundle_path, ==, "content/posts/hello-6/index.md");
  }

  hanji_test_remove_tree (jekyll);
  hanji_test_remove_tree (hugo);
}

static void
test_failure_leaves_nothing (void)
{
  g_autofree char *jekyll = make_jekyll ();
  g_autofree char *hugo = make_hugo ();
  g_autoptr(HanjiSite) jekyll_site = NULL;
  g_autoptr(HanjiSite) hugo_site = NULL;
  g_autoptr(HanjiNewPost) draft = NULL;
  g_autoptr(HanjiNewPost) post = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  /* _drafts is a file: the draft cannot be made. */
  write_file (jekyll, "_drafts", "not a folder\n");
  jekyll_site = open_site (jekyll);
  draft = new_post (jekyll_site, "Draft");
  hanji_new_post_set_draft (draft, TRUE);
  g_assert_null (hanji_new_post_create (draft, NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  hugo_site = open_site (hugo);
  post = new_post (hugo_site, "Hello");
  hanji_new_post_set_section (post, "fresh/deeper");
  g_cancellable_cancel (cancellable);
  g_assert_null (hanji_new_post_create (post, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (exists (hugo, "content/fresh"));

  hanji_test_remove_tree (jekyll);
  hanji_test_remove_tree (hugo);
}

/* Archetypes ------------------------------------------------------------ */

static void
test_archetype_section (void)
{
  g_autofree char *root = make_hugo ();
  g_autoptr(HanjiSite) site = NULL;
  g_autoptr(HanjiNewPost) post = NULL;
  g_autoptr(HanjiFrontMatter) fm = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;

  write_file (root, "archetypes/posts.md",
              "---\n"
              "title: \"{{ replace .File.ContentBaseName \"-\" \" \" | title }}\"\n"
              "date: {{ .Date }}\n"
              "draft: {{ .Draft }}\n"
              "slug: '{{.Name}}'\n"
              "base: {{ .File.ContentBaseName }}\n"
              "section: {{ .Section }}\n"
              "site: {{ .Site.Title }}\n"
              "author: \"{{ .Site.Params.author }}\"\n"
              "---\n"
              "{{/* a note for archetype authors */}}\n"
              "# {{- \"  \" -}} {{ .Title }}\n");
  write_file (root, "archetypes/default.md", "---\ntitle: default archetype\n---\n");
  site = open_site (root);

  post = new_post (site, "He said \"hi\": 회고");
  hanji_new_post_set_section (post, "posts");
  path = create (post, root);
  g_assert_cmpstr (path, ==, "content/posts/he-said-hi-회고.md");
  text = read_file (root, path);
  g_assert_cmpstr (text, ==,
                   "---\n"
                   "title: \"He said \\\"hi\\\": 회고\"\n"
                   "date: 2024-05-18T10:00:00+09:00\n"
                   "draft: false\n"
                   "slug: 'he-said-hi-회고'\n"
                   "base: he-said-hi-회고\n"
                   "section: posts\n"
                   "site: Site\n"
                   "author: \"{{ .Site.Params.author }}\"\n"
                   "---\n"
                   "\n"
                   "# {{- \"  \" -}} He said \"hi\": 회고\n");

  fm = parse_ok (text);
  g_assert_cmpstr (hanji_front_matter_get_string (fm, "title"), ==, "He said \"hi\": 회고");
  g_assert_cmpint (hanji_field_get_value_type (hanji_front_matter_lookup (fm, "date")), ==,
                   HANJI_VALUE_DATETIME);

  hanji_test_remove_tree (root);
}

static void
test_archetype_default_and_trim (void)
{
  g_autofree char *root = make_hugo ();
  g_autoptr(HanjiSite) site = NULL;
  g_autoptr(HanjiNewPost) post = NULL;
  g_autoptr(HanjiNewPost) draft = NULL;
  g_autoptr(HanjiNewPost) invalid = NULL;
  g_autoptr(HanjiFrontMatter) fm = NULL;
  g_autoptr(HanjiFrontMatter) draft_fm = NULL;
  g_autoptr(HanjiFrontMatter) invalid_fm = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *draft_path = NULL;
  g_autofree char *draft_text = NULL;
  g_autofree char *invalid_path = NULL;
  g_autofree char *invalid_text = NULL;

  /* Hugo's older default archetype, with a comment, trim markers, a bare
   * title and actions Hanji does not know. */
  write_file (root, "archetypes/default.md",
              "---\n"
              "{{- /* the archetype for everything */}}\n"
              "title: {{ .Title }}\n"
              "name: \"{{ replace .Name \"-\" \" \" | title }}\"\n"
              "date: {{.Date}}\n"
              "draft: true\n"
              "unknown: \"{{ .Site.Params.x }}\"\n"
              "---\n"
              "\n"
              "Body for {{- \" \" -}} {{ .File.BaseFileName }}.\n"
              "{{ .Title -}}   \n"
              "  \n"
              "end\n");
  site = open_site (root);

  post = new_post (site, "Colons: yes, and #hashes");
  hanji_new_post_set_section (post, "notes");
  path = create (post, root);
  g_assert_cmpstr (path, ==, "content/notes/colons-yes-and-hashes.md");
  text = read_file (root, path);
  /* The bare title is quoted; the literal `draft: true` follows the
   * writer's choice. */
  g_assert_cmpstr (text, ==,
                   "---\n"
                   "title: 'Colons: yes, and #hashes'\n"
                   "name: \"Colons: yes, and #hashes\"\n"
                   "date: 2024-05-18T10:00:00+09:00\n"
                   "draft: false\n"
                   "unknown: \"{{ .Site.Params.x }}\"\n"
                   "---\n"
                   "\n"
                   "Body for {{- \" \" -}} colons-yes-and-hashes.\n"
                   "Colons: yes, and #hashesend\n");
  fm = parse_ok (text);
  g_assert_false (hanji_field_get_boolean (hanji_front_matter_lookup (fm, "draft")));

  draft = new_post (site, "Plain title");
  hanji_new_post_set_section (draft, "notes");
  hanji_new_post_set_draft (draft, TRUE);
  draft_path = create (draft, root);
  draft_text = read_file (root, draft_path);
  draft_fm = parse_ok (draft_text);
  g_assert_true (hanji_field_get_boolean (hanji_front_matter_lookup (draft_fm, "draft")));

  /* An unknown action left bare makes the YAML invalid: that is the
   * archetype's doing, and the text is written as the template says. */
  write_file (root, "archetypes/broken.md",
              "---\ntitle: {{ .Title }}\n"
              "about: \"{{ .Site.Params.about | default \"none\" }}\"\n"
              "draft: false\n---\n");
  invalid = new_post (site, "Broken");
  hanji_new_post_set_section (invalid, "broken");
  hanji_new_post_set_draft (invalid, TRUE);
  invalid_path = create (invalid, root);
  invalid_text = read_file (root, invalid_path);
  g_assert_cmpstr (invalid_text, ==,
                   "---\ntitle: Broken\n"
                   "about: \"{{ .Site.Params.about | default \"none\" }}\"\n"
                   "draft: false\n---\n");
  invalid_fm = hanji_front_matter_parse (invalid_text, -1);
  g_assert_nonnull (hanji_front_matter_get_error (invalid_fm));

  hanji_test_remove_tree (root);
}

static void
test_archetype_toml (void)
{
  g_autofree char *root = make_hugo ();
  g_autoptr(HanjiSite) site = NULL;
  g_autoptr(HanjiNewPost) post = NULL;
  g_autoptr(HanjiNewPost) draft = NULL;
  g_autoptr(HanjiNewPost) bare = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *draft_path = NULL;
  g_autofree char *draft_text = NULL;

  /* Hugo's current default archetype. */
  write_file (root, "archetypes/default.md",
              "+++\n"
              "title = '{{ replace .File.ContentBaseName \"-\" \" \" | title }}'\n"
              "date = {{ .Date }}\n"
              "draft = true\n"
              "+++\n");
  site = open_site (root);

  post = new_post (site, "It's \"quoted\" \\ 회고");
  path = create (post, root);
  g_assert_cmpstr (path, ==, "content/posts/it-s-quoted-회고.md");
  text = read_file (root, path);
  /* A TOML '…' string cannot hold `'`: it becomes "…". */
  g_assert_cmpstr (text, ==,
                   "+++\n"
                   "title = \"It's \\\"quoted\\\" \\\\ 회고\"\n"
                   "date = 2024-05-18T10:00:00+09:00\n"
                   "draft = false\n"
                   "+++\n");

  draft = new_post (site, "Simple");
  hanji_new_post_set_draft (draft, TRUE);
  draft_path = create (draft, root);
  draft_text = read_file (root, draft_path);
  g_assert_cmpstr (draft_text, ==,
                   "+++\n"
                   "title = 'Simple'\n"
                   "date = 2024-05-18T10:00:00+09:00\n"
                   "draft = true\n"
                   "+++\n");

  /* No draft key: a draft gets one before the first table. */
  write_file (root, "archetypes/notes.md",
              "+++\n"
              "title = {{ .Title }}\n"
              "[params]\n"
              "  x = 1\n"
              "+++\n");
  bare = new_post (site, "Bare");
  hanji_new_post_set_section (bare, "notes");
  hanji_new_post_set_draft (bare, TRUE);
  {
    g_autofree char *bare_path = create (bare, root);
    g_autofree char *bare_text = read_file (root, bare_path);

    g_assert_cmpstr (bare_text, ==,
                     "+++\n"
                     "draft = true\n"
                     "title = \"Bare\"\n"
                     "[params]\n"
                     "  x = 1\n"
                     "+++\n");
  }

  hanji_test_remove_tree (root);
}

static void
test_archetype_bundle_and_draft (void)
{
  g_autofree char *root = make_hugo ();
  g_autoptr(HanjiSite) site = NULL;
  g_autoptr(HanjiNewPost) bundle = NULL;
  g_autoptr(HanjiNewPost) leaf = NULL;
  g_autoptr(HanjiFrontMatter) bundle_fm = NULL;
  g_autoptr(HanjiFrontMatter) leaf_fm = NULL;
  g_autofree char *bundle_path = NULL;
  g_autofree char *bundle_text = NULL;
  g_autofree char *leaf_path = NULL;
  g_autofree char *leaf_text = NULL;
  HanjiField *draft;

  write_file (root, "archetypes/gallery/index.md",
              "---\ntitle: '{{ .Title }}'\nkind: bundle\nfile: {{ .File.BaseFileName }}\n---\n");
  write_file (root, "archetypes/gallery.md",
              "---\n# leaf\ntitle: {{ .Title }}\ndraft: false\ntags: [photo]\n---\n");
  site = open_site (root);

  bundle = new_post (site, "It's 사진");
  hanji_new_post_set_section (bundle, "gallery");
  hanji_new_post_set_bundle (bundle, TRUE);
  hanji_new_post_set_draft (bundle, TRUE);
  bundle_path = create (bundle, root);
  g_assert_cmpstr (bundle_path, ==, "content/gallery/it-s-사진/index.md");
  bundle_text = read_file (root, bundle_path);
  bundle_fm = parse_ok (bundle_text);
  g_assert_cmpstr (hanji_front_matter_get_string (bundle_fm, "title"), ==, "It's 사진");
  g_assert_cmpstr (hanji_front_matter_get_string (bundle_fm, "kind"), ==, "bundle");
  g_assert_cmpstr (hanji_front_matter_get_string (bundle_fm, "file"), ==, "index");
  assert_contains (bundle_text, "title: 'It''s 사진'\n");
  /* the archetype had no draft field: the draft gets one */
  draft = hanji_front_matter_lookup (bundle_fm, "draft");
  g_assert_nonnull (draft);
  g_assert_true (hanji_field_get_boolean (draft));

  leaf = new_post (site, "Leaf");
  hanji_new_post_set_section (leaf, "gallery/2024");
  hanji_new_post_set_draft (leaf, TRUE);
  leaf_path = create (leaf, root);
  g_assert_cmpstr (leaf_path, ==, "content/gallery/2024/leaf.md");
  leaf_text = read_file (root, leaf_path);
  g_assert_cmpstr (leaf_text, ==, "---\n# leaf\ntitle: Leaf\ndraft: true\ntags: [photo]\n---\n");
  leaf_fm = parse_ok (leaf_text);

  hanji_test_remove_tree (root);
}

/* Jekyll defaults ------------------------------------------------------- */

static const char jekyll_config[] =
  "title: Blog\n"
  "defaults:\n"
  "  - scope:\n"
  "      path: \"\"\n"
  "    values:\n"
  "      layout: default\n"
  "      author: Everyone\n"
  "  - scope:\n"
  "      path: \"\"\n"
  "      type: posts\n"
  "    values:\n"
  "      layout: post\n"
  "      comments: true\n"
  "      categories: [일기, notes]\n"
  "      published: \"yes\"\n"
  "  - scope:\n"
  "      path: \"_drafts\"\n"
  "    values:\n"
  "      comments: false\n"
  "      sitemap: false\n"
  "      image:\n"
  "        path: /img/draft.png\n"
  "        alt: 'Draft: soon'\n"
  "  - scope:\n"
  "      path: \"\"\n"
  "      type: pages\n"
  "    values:\n"
  "      layout: page\n"
  "  - scope:\n"
  "      path: \"projects\"\n"
  "      type: posts\n"
  "    values:\n"
  "      author: Someone\n"
  "  - scope:\n"
  "      path: \"_po*\"\n"
  "    values:\n"
  "      tags:\n"
  "        - from-glob\n";

static void
test_jekyll_defaults (void)
{
  g_autofree char *root = make_jekyll ();
  g_autoptr(HanjiSite) site = NULL;
  g_autoptr(HanjiNewPost) post = NULL;
  g_autoptr(HanjiNewPost) draft = NULL;
  g_autoptr(HanjiFrontMatter) fm = NULL;
  g_autoptr(HanjiFrontMatter) draft_fm = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *draft_path = NULL;
  g_autofree char *draft_text = NULL;

  write_file (root, "_config.yml", jekyll_config);
  site = open_site (root);

  post = new_post (site, "Hello: Jekyll");
  path = create (post, root);
  text = read_file (root, path);
  g_assert_cmpstr (text, ==,
                   "---\n"
                   "layout: post\n"
                   "title: 'Hello: Jekyll'\n"
                   "date: 2024-05-18T10:00:00+09:00\n"
                   "author: Everyone\n"
                   "comments: true\n"
                   "categories: [일기, notes]\n"
                   "published: \"yes\"\n"
                   "tags:\n"
                   "- from-glob\n"
                   "---\n"
                   "\n");
  fm = parse_ok (text);
  g_assert_cmpint (hanji_field_get_value_type (hanji_front_matter_lookup (fm, "comments")), ==,
                   HANJI_VALUE_BOOL);
  g_assert_cmpint (hanji_field_get_value_type (hanji_front_matter_lookup (fm, "categories")), ==,
                   HANJI_VALUE_LIST);

  /* A draft: no date (it gets one when published), the _drafts scope's
   * values (its longer path wins over the type scope's `comments`), and
   * no `draft` key, which Jekyll does not read. */
  draft = new_post (site, "Later");
  hanji_new_post_set_draft (draft, TRUE);
  draft_path = create (draft, root);
  g_assert_cmpstr (draft_path, ==, "_drafts/later.md");
  draft_text = read_file (root, draft_path);
  g_assert_cmpstr (draft_text, ==,
                   "---\n"
                   "layout: post\n"
                   "title: Later\n"
                   "author: Everyone\n"
                   "comments: false\n"
                   "categories: [일기, notes]\n"
                   "published: \"yes\"\n"
                   "sitemap: false\n"
                   "image:\n"
                   "  path: /img/draft.png\n"
                   "  alt: 'Draft: soon'\n"
                   "tags: []\n"
                   "---\n"
                   "\n");
  draft_fm = parse_ok (draft_text);
  g_assert_null (hanji_front_matter_lookup (draft_fm, "draft"));
  g_assert_null (hanji_front_matter_lookup (draft_fm, "date"));

  hanji_test_remove_tree (root);
}

static void
test_jekyll_defaults_precedence (void)
{
  g_autofree char *root = make_jekyll ();
  g_autoptr(HanjiSite) site = NULL;
  g_autoptr(HanjiNewPost) post = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;

  /* The longer scope path wins whatever the order; an entry without
   * precedence still fills keys nobody else set. */
  write_file (root, "_config.yml",
              "defaults:\n"
              "  - scope: {path: _posts, type: posts}\n"
              "    values: {layout: specific}\n"
              "  - scope: {path: ''}\n"
              "    values: {layout: general, author: Kim}\n"
              "broken: [\n");
  site = open_site (root);
  post = new_post (site, "A");
  path = create (post, root);
  text = read_file (root, path);
  /* _config.yml does not parse: no defaults rather than a failure */
  assert_not_contains (text, "layout");

  write_file (root, "_config.yml",
              "defaults:\n"
              "  - scope: {path: _posts, type: posts}\n"
              "    values: {layout: specific}\n"
              "  - scope: {path: ''}\n"
              "    values: {layout: general, author: Kim}\n");
  g_clear_object (&post);
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&path, g_free);
  post = new_post (site, "B");
  path = create (post, root);
  text = read_file (root, path);
  g_assert_cmpstr (text, ==,
                   "---\n"
                   "layout: specific\n"
                   "title: B\n"
                   "date: 2024-05-18T10:00:00+09:00\n"
                   "author: Kim\n"
                   "tags: []\n"
                   "---\n"
                   "\n");

  hanji_test_remove_tree (root);
}

/* Built-in template: date shapes ---------------------------------------- */

typedef struct
{
  const char *posts[3];  /* date values of existing posts */
  const char *expected;  /* the new post's date line */
} ShapeCase;

static void
test_date_shapes (void)
{
  static const ShapeCase cases[] = {
    { { NULL }, "date: 2024-05-18T10:00:00+09:00\n" },
    { { "2023-01-02" }, "date: 2024-05-18\n" },
    { { "2023-01-02 08:30:00 +0900" }, "date: 2024-05-18 10:00:00 +0900\n" },
    { { "\"2023-01-02T08:30:00\"" }, "date: \"2024-05-18T10:00:00\"\n" },
    { { "2023-01-02T08:30:00Z" }, "date: 2024-05-18T01:00:00Z\n" },
    { { "2023-01-02T08:30-05:00   # a comment" }, "date: 2024-05-18T10:00+09:00\n" },
    { { "2023-01-02T08:30:00.123+01:00" }, "date: 2024-05-18T10:00:00.000+09:00\n" },
    { { "2023-01-02", "2023-01-03T08:00:00+09:00", "2023-01-04" }, "date: 2024-05-18\n" },
    { { "not a date", "2023-01-02 08:30" }, "date: 2024-05-18 10:00\n" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *root = make_hugo ();
      g_autoptr(HanjiSite) site = NULL;
      g_autoptr(HanjiNewPost) post = NULL;
      g_autofree char *path = NULL;
      g_autofree char *text = NULL;
      g_autoptr(HanjiFrontMatter) fm = NULL;
      g_autoptr(GDateTime) date = NULL;

      for (guint j = 0; j < G_N_ELEMENTS (cases[i].posts) && cases[i].posts[j] != NULL; j++)
        {
          g_autofree char *name = g_strdup_printf ("content/posts/old-%u.md", j);
          g_autofree char *contents = g_strdup_printf ("---\ntitle: Old\ndate: %s\n---\nBody\n",
                                                       cases[i].posts[j]);

          write_file (root, name, contents);
        }

      site = open_site (root);
      post = new_post (site, "New");
      path = create (post, root);
      text = read_file (root, path);
      g_test_message ("case %u:\n%s", i, text);
      assert_contains (text, cases[i].expected);
      assert_contains (text, "\ndraft: false\ntags: []\n---\n");
      fm = parse_ok (text);
      date = hanji_field_dup_datetime (hanji_front_matter_lookup (fm, "date"));
      g_assert_nonnull (date);

      hanji_test_remove_tree (root);
    }
}

static void
test_date_shape_toml_and_model (void)
{
  g_autofree char *root = make_hugo ();
  g_autoptr(HanjiSite) site = NULL;
  g_autoptr(HanjiNewPost) before = NULL;
  g_autoptr(HanjiNewPost) after = NULL;
  g_autofree char *before_path = NULL;
  g_autofree char *after_path = NULL;
  g_autofree char *before_text = NULL;
  g_autofree char *after_text = NULL;

  /* TOML posts in a section the new post does not go to, and a TOML one
   * in the target section: only the loaded site knows the others. */
  write_file (root, "content/notes/a.md", "+++\ntitle = 'A'\ndate = 2023-01-02\n+++\n");
  write_file (root, "content/notes/b.md", "+++\ntitle = 'B'\ndate = 2023-01-03\n+++\n");
  write_file (root, "content/notes/c.md", "+++\ntitle = 'C'\ndate = 2023-01-04\n+++\n");
  write_file (root, "content/posts/z.md", "+++\ntitle = 'Z'\ndate = 2022-01-02T08:30:00Z\n+++\n");
  site = open_site (root);

  before = new_post (site, "Before");
  before_path = create (before, root);
  before_text = read_file (root, before_path);
  assert_contains (before_text, "\ndate: 2024-05-18T01:00:00Z\n");

  load_site (site);
  after = new_post (site, "After");
  after_path = create (after, root);
  after_text = read_file (root, after_path);
  assert_contains (after_text, "\ndate: 2024-05-18\n");

  hanji_test_remove_tree (root);
}

static void
test_odd_titles (void)
{
  static const char * const titles[] = {
    "Hello: World", "\"Quoted\"", "It's", "- dash", "#hash", "a # b", "true", "yes", "No",
    "on", "2024-05-18", "null", "~", "42", "3.14", "[brackets]", "{braces}", "@mention",
    "%percent", "`tick`", "*star", "&amp", "!bang", "|pipe", ">gt", "back\\slash",
    "회고: 글 \"따옴표\" 'ㅋㅋ'", "tab\there", "multi\nline", "  padded  ", "---", "...",
    "? question", "key: value # x", "🎉 emoji: yes",
  };
  g_autofree char *root = make_tmp ();
  g_autofree char *hugo = make_hugo ();
  g_autoptr(HanjiSite) site = open_site (root);
  g_autoptr(HanjiSite) hugo_site = NULL;
  const char * const archetypes[] = {
    "---\ntitle: {{ .Title }}\n---\n",
    "---\ntitle: \"{{ .Title }}\"\n---\n",
    "---\ntitle: '{{ .Title }}'\n---\n",
    "---\ntitle: {{ .Title }}  # the title\n---\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      g_autoptr(HanjiNewPost) post = new_post (site, titles[i]);
      g_autofree char *path = create (post, root);
      g_autofree char *text = read_file (root, path);
      g_autoptr(HanjiFrontMatter) fm = parse_ok (text);
      HanjiField *title = hanji_front_matter_lookup (fm, "title");

      g_test_message ("%s", text);
      g_assert_nonnull (title);
      g_assert_cmpint (hanji_field_get_value_type (title), ==, HANJI_VALUE_STRING);
      /* a title is one line, trimmed */
      g_assert_cmpstr (hanji_field_get_text (title), ==, hanji_new_post_get_title (post));
      g_assert_null (strchr (hanji_field_get_text (title), '\n'));
    }

  /* YAML 1.1 booleans are quoted for Jekyll's parser. */
  {
    g_autoptr(HanjiNewPost) post = new_post (site, "yes");
    g_autofree char *text = hanji_new_post_dup_contents (post, NULL, NULL);

    assert_contains (text, "title: \"yes\"\n");
  }

  for (guint a = 0; a < G_N_ELEMENTS (archetypes); a++)
    {
      write_file (hugo, "archetypes/default.md", archetypes[a]);
      g_clear_object (&hugo_site);
      hugo_site = open_site (hugo);

      for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
        {
          g_autoptr(HanjiNewPost) post = new_post (hugo_site, titles[i]);
          g_autofree char *text = hanji_new_post_dup_contents (post, NULL, NULL);
          g_autoptr(HanjiFrontMatter) fm = parse_ok (text);
          HanjiField *title = hanji_front_matter_lookup (fm, "title");

          g_test_message ("%s", text);
          g_assert_nonnull (title);
          g_assert_cmpint (hanji_field_get_value_type (title), ==, HANJI_VALUE_STRING);
          g_assert_cmpstr (hanji_field_get_text (title), ==, hanji_new_post_get_title (post));
        }
    }

  hanji_test_remove_tree (root);
  hanji_test_remove_tree (hugo);
}

static void
create_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GFile **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = hanji_new_post_create_finish (HANJI_NEW_POST (object), result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (*out);
}

static void
test_contents_and_async (void)
{
  g_autofree char *root = make_hugo ();
  g_autoptr(HanjiSite) site = open_site (root);
  g_autoptr(HanjiNewPost) post = new_post (site, "Async 글");
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *planned = NULL;
  g_autofree char *written = NULL;
  g_autofree char *slug = NULL;
  g_autofree char *path = NULL;
  guint watchdog = g_timeout_add_seconds (20, watchdog_cb, NULL);

  slug = hanji_new_post_dup_slug (post);
  g_assert_cmpstr (slug, ==, "async-글");
  hanji_new_post_set_slug (post, "Custom Slug");
  g_clear_pointer (&slug, g_free);
  slug = hanji_new_post_dup_slug (post);
  g_assert_cmpstr (slug, ==, "custom-slug");

  planned = hanji_new_post_dup_contents (post, NULL, &error);
  g_assert_no_error (error);

  hanji_new_post_create_async (post, NULL, create_done_cb, &file);
  /* The thread works on a copy: changing the post now changes nothing. */
  hanji_new_post_set_title (post, "Changed");
  while (file == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (watchdog);

  path = g_file_get_path (file);
  g_assert_true (g_str_has_suffix (path, "/content/posts/custom-slug.md"));
  g_file_get_contents (path, &written, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (written, ==, planned);
  assert_contains (written, "title: Async 글\n");

  hanji_test_remove_tree (root);
}

/* Rename ---------------------------------------------------------------- */

static GFile *
file_at (const char *root,
         const char *relative)
{
  g_autofree char *path = g_build_filename (root, relative, NULL);

  return g_file_new_for_path (path);
}

static char *
rename_ok (HanjiSite  *site,
           const char *root,
           const char *relative,
           const char *slug)
{
  g_autoptr(GFile) file = file_at (root, relative);
  g_autoptr(GFile) root_file = g_file_new_for_path (root);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) renamed = hanji_post_rename_file (site, file, slug, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (renamed);
  g_assert_true (g_file_query_exists (renamed, NULL));
  return g_file_get_relative_path (root_file, renamed);
}

static void
test_rename_jekyll (void)
{
  g_autofree char *root = make_jekyll ();
  g_autoptr(HanjiSite) site = NULL;
  g_autofree char *renamed = NULL;
  g_autofree char *markdown = NULL;
  g_autofree char *draft = NULL;
  g_autofree char *same = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *slug = NULL;
  g_autofree char *draft_slug = NULL;
  g_autoptr(GFile) post = NULL;
  g_autoptr(GFile) draft_file = NULL;

  write_file (root, "_posts/2024-05-18-old.md", "---\ntitle: Old\n---\nBody\n");
  write_file (root, "_posts/2023-01-01-other.markdown", "other\n");
  write_file (root, "_drafts/draft.md", "draft\n");
  site = open_site (root);

  post = file_at (root, "_posts/2024-05-18-old.md");
  slug = hanji_post_file_dup_slug (site, post);
  g_assert_cmpstr (slug, ==, "old");
  draft_file = file_at (root, "_drafts/draft.md");
  draft_slug = hanji_post_file_dup_slug (site, draft_file);
  g_assert_cmpstr (draft_slug, ==, "draft");

  renamed = rename_ok (site, root, "_posts/2024-05-18-old.md", "새 이름: New Name");
  g_assert_cmpstr (renamed, ==, "_posts/2024-05-18-새-이름-new-name.md");
  g_assert_false (exists (root, "_posts/2024-05-18-old.md"));
  contents = read_file (root, renamed);
  g_assert_cmpstr (contents, ==, "---\ntitle: Old\n---\nBody\n");

  markdown = rename_ok (site, root, "_posts/2023-01-01-other.markdown", "second");
  g_assert_cmpstr (markdown, ==, "_posts/2023-01-01-second.markdown");

  draft = rename_ok (site, root, "_drafts/draft.md", "ready");
  g_assert_cmpstr (draft, ==, "_drafts/ready.md");

  /* The same slug is no change. */
  same = rename_ok (site, root, "_drafts/ready.md", "Ready");
  g_assert_cmpstr (same, ==, "_drafts/ready.md");

  hanji_test_remove_tree (root);
}

static void
test_rename_hugo (void)
{
  g_autofree char *root = make_hugo ();
  g_autoptr(HanjiSite) site = NULL;
  g_autofree char *leaf = NULL;
  g_autofree char *bundle = NULL;
  g_autofree char *slug = NULL;
  g_autofree char *image = NULL;
  g_autoptr(GFile) index = NULL;
  g_autoptr(GFile) section = NULL;
  g_autoptr(GFile) renamed = NULL;
  g_autoptr(GError) error = NULL;

  write_file (root, "content/posts/old.md", "leaf\n");
  write_file (root, "content/posts/trip/index.md", "bundle\n");
  write_file (root, "content/posts/trip/photo.jpg", "jpeg\n");
  write_file (root, "content/posts/_index.md", "section\n");
  write_file (root, "content/index.md", "home\n");
  site = open_site (root);

  index = file_at (root, "content/posts/trip/index.md");
  slug = hanji_post_file_dup_slug (site, index);
  g_assert_cmpstr (slug, ==, "trip");

  leaf = rename_ok (site, root, "content/posts/old.md", "new");
  g_assert_cmpstr (leaf, ==, "content/posts/new.md");

  bundle = rename_ok (site, root, "content/posts/trip/index.md", "제주 여행");
  g_assert_cmpstr (bundle, ==, "content/posts/제주-여행/index.md");
  g_assert_false (exists (root, "content/posts/trip"));
  image = read_file (root, "content/posts/제주-여행/photo.jpg");
  g_assert_cmpstr (image, ==, "jpeg\n");

  section = file_at (root, "content/posts/_index.md");
  renamed = hanji_post_rename_file (site, section, "other", NULL, &error);
  g_assert_null (renamed);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);

  /* content/index.md is the home page, not a bundle: renaming it renames
   * the file, never the content folder. */
  {
    g_autofree char *home = rename_ok (site, root, "content/index.md", "home");

    g_assert_cmpstr (home, ==, "content/home.md");
    g_assert_true (exists (root, "content/posts"));
  }

  hanji_test_remove_tree (root);
}

static void
test_rename_collision (void)
{
  g_autofree char *root = make_hugo ();
  g_autoptr(HanjiSite) site = NULL;
  const char *targets[] = { "taken", "folder", "other-ext" };

  write_file (root, "content/posts/mine.md", "mine\n");
  write_file (root, "content/posts/taken.md", "taken\n");
  make_dir (root, "content/posts/folder");
  write_file (root, "content/posts/other-ext.markdown", "other\n");
  write_file (root, "content/posts/trip/index.md", "bundle\n");
  site = open_site (root);

  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      g_autoptr(GFile) file = file_at (root, "content/posts/mine.md");
      g_autoptr(GFile) bundle = file_at (root, "content/posts/trip/index.md");
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) bundle_error = NULL;
      g_autoptr(GFile) renamed = hanji_post_rename_file (site, file, targets[i], NULL, &error);
      g_autoptr(GFile) bundle_renamed = hanji_post_rename_file (site, bundle, targets[i], NULL,
                                                                &bundle_error);
      g_autofree char *mine = read_file (root, "content/posts/mine.md");
      g_autofree char *taken = read_file (root, "content/posts/taken.md");

      g_assert_null (renamed);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
      g_assert_null (bundle_renamed);
      g_assert_error (bundle_error, G_IO_ERROR, G_IO_ERROR_EXISTS);
      g_assert_cmpstr (mine, ==, "mine\n");
      g_assert_cmpstr (taken, ==, "taken\n");
      g_assert_true (exists (root, "content/posts/trip/index.md"));
    }

  hanji_test_remove_tree (root);
}

static void
rename_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GFile **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = hanji_post_rename_file_finish (HANJI_SITE (object), result, &error);
  g_assert_no_error (error);
}

static void
test_rename_async (void)
{
  g_autofree char *root = make_jekyll ();
  g_autoptr(HanjiSite) site = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) renamed = NULL;
  g_autofree char *name = NULL;
  guint watchdog = g_timeout_add_seconds (20, watchdog_cb, NULL);

  write_file (root, "_posts/2024-05-18-old.md", "old\n");
  site = open_site (root);
  file = file_at (root, "_posts/2024-05-18-old.md");

  hanji_post_rename_file_async (site, file, "async", NULL, rename_done_cb, &renamed);
  while (renamed == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (watchdog);

  name = g_file_get_basename (renamed);
  g_assert_cmpstr (name, ==, "2024-05-18-async.md");
  g_assert_true (g_file_query_exists (renamed, NULL));
  g_assert_false (g_file_query_exists (file, NULL));

  hanji_test_remove_tree (root);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/new-post/slugify", test_slugify);
  g_test_add_func ("/new-post/paths/jekyll", test_paths_jekyll);
  g_test_add_func ("/new-post/paths/hugo", test_paths_hugo);
  g_test_add_func ("/new-post/paths/plain", test_paths_plain);
  g_test_add_func ("/new-post/collisions", test_collisions);
  g_test_add_func ("/new-post/failure-leaves-nothing", test_failure_leaves_nothing);
  g_test_add_func ("/new-post/archetype/section", test_archetype_section);
  g_test_add_func ("/new-post/archetype/default-and-trim", test_archetype_default_and_trim);
  g_test_add_func ("/new-post/archetype/toml", test_archetype_toml);
  g_test_add_func ("/new-post/archetype/bundle-and-draft", test_archetype_bundle_and_draft);
  g_test_add_func ("/new-post/jekyll-defaults", test_jekyll_defaults);
  g_test_add_func ("/new-post/jekyll-defaults/precedence", test_jekyll_defaults_precedence);
  g_test_add_func ("/new-post/date-shapes", test_date_shapes);
  g_test_add_func ("/new-post/date-shapes/toml-and-model", test_date_shape_toml_and_model);
  g_test_add_func ("/new-post/odd-titles", test_odd_titles);
  g_test_add_func ("/new-post/contents-and-async", test_contents_and_async);
  g_test_add_func ("/new-post/rename/jekyll", test_rename_jekyll);
  g_test_add_func ("/new-post/rename/hugo", test_rename_hugo);
  g_test_add_func ("/new-post/rename/collision", test_rename_collision);
  g_test_add_func ("/new-post/rename/async", test_rename_async);

  return g_test_run ();
}
