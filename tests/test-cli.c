/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-cli"

#include "config.h"

#include "hanji-test-util.h"

#include <string.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

typedef struct
{
  int   status;
  char *out;
  char *err;
} Result;

static void
result_clear (Result *result)
{
  g_clear_pointer (&result->out, g_free);
  g_clear_pointer (&result->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Result, result_clear)

static const char *
cli_path (void)
{
  const char *path = g_getenv ("HANJI_CLI");

  if (path == NULL)
    g_error ("HANJI_CLI is not set; run this test through meson");
  return path;
}

static void
run_cli_valist (Result     *result,
                const char *cwd,
                const char *first,
                va_list     args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *arg;

  g_ptr_array_add (argv, (gpointer) cli_path ());
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  /* Untranslated messages, whatever the machine's locale. */
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
  if (cwd != NULL)
    g_subprocess_launcher_set_cwd (launcher, cwd);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  g_subprocess_communicate_utf8 (process, NULL, NULL, &result->out, &result->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  result->status = g_subprocess_get_exit_status (process);
}

/* Runs hanji-cli with the given arguments (NULL-terminated). */
static void
run_cli (Result     *result,
         const char *first,
         ...)
{
  va_list args;

  va_start (args, first);
  run_cli_valist (result, NULL, first, args);
  va_end (args);
}

/* The same, in the folder @cwd. */
static void
run_cli_in (Result     *result,
            const char *cwd,
            const char *first,
            ...)
{
  va_list args;

  va_start (args, first);
  run_cli_valist (result, cwd, first, args);
  va_end (args);
}

static char *
fixture (const char *first,
         ...)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  const char *part;
  va_list args;

  g_ptr_array_add (parts, (gpointer) g_test_get_dir (G_TEST_DIST));
  g_ptr_array_add (parts, (gpointer) "fixtures");
  va_start (args, first);
  for (part = first; part != NULL; part = va_arg (args, const char *))
    g_ptr_array_add (parts, (gpointer) part);
  va_end (args);
  g_ptr_array_add (parts, NULL);

  return g_build_filenamev ((char **) parts->pdata);
}

static void
test_render_post (void)
{
  g_autofree char *path = fixture ("posts", "hello.md", NULL);
  g_auto(Result) result = { 0 };

  run_cli (&result, "render", path, NULL);
  g_assert_cmpstr (result.err, ==, "");
  g_assert_cmpint (result.status, ==, 0);
  assert_contains (result.out, "<h1>안녕, Hanji</h1>");
  assert_contains (result.out, "<del>strike</del>");
  assert_contains (result.out, "<a href=\"https://gnome.org\">link</a>");
  assert_contains (result.out, "checked=\"\"");
  assert_not_contains (result.out, "Secret Front Matter Title");
  assert_not_contains (result.out, "title:");
  assert_not_contains (result.out, "<hr");
}

static void
test_render_sourcepos (void)
{
  g_autofree char *path = fixture ("posts", "hello.md", NULL);
  g_autofree char *crlf = fixture ("posts", "crlf.md", NULL);
  g_auto(Result) result = { 0 };
  g_auto(Result) crlf_result = { 0 };

  /* Lines count in the whole file: the heading is on line 8. */
  run_cli (&result, "render", "--sourcepos", path, NULL);
  g_assert_cmpint (result.status, ==, 0);
  assert_contains (result.out, "<h1 data-sourcepos=\"8:1-8:");

  run_cli (&crlf_result, "render", "--sourcepos", "--flavor", "hugo", crlf, NULL);
  g_assert_cmpint (crlf_result.status, ==, 0);
  assert_contains (crlf_result.out, "<h2 data-sourcepos=\"4:1-4:");
  assert_not_contains (crlf_result.out, "CRLF post");
}

static void
test_render_site_post (void)
{
  g_autofree char *path = fixture ("jekyll-site", "_posts", "2024-05-18-first-post.md", NULL);
  g_autofree char *site = fixture ("jekyll-site", NULL);
  g_autofree char *plain = fixture ("posts", "no-front-matter.md", NULL);
  g_auto(Result) found = { 0 };
  g_auto(Result) explicit_site = { 0 };
  g_auto(Result) table = { 0 };

  run_cli (&found, "render", path, NULL);
  g_assert_cmpint (found.status, ==, 0);
  /* Jekyll flavor: kramdown-style heading ids. */
  assert_contains (found.out, "<h1 id=\"first-post-heading\">First post heading</h1>");
  assert_contains (found.out, "class=\"footnotes\"");
  assert_not_contains (found.out, "layout");

  run_cli (&explicit_site, "render", "--site", site, path, NULL);
  g_assert_cmpint (explicit_site.status, ==, 0);
  g_assert_cmpstr (explicit_site.out, ==, found.out);

  run_cli (&table, "render", "--flavor", "commonmark", plain, NULL);
  g_assert_cmpint (table.status, ==, 0);
  assert_contains (table.out, "<h1>Only a heading</h1>");
  assert_contains (table.out, "<td>2</td>");
}

static void
test_render_errors (void)
{
  g_autofree char *post = fixture ("posts", "hello.md", NULL);
  g_autofree char *missing = fixture ("posts", "does-not-exist.md", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("hanji-cli-XXXXXX", &error);
  g_autofree char *binary = NULL;
  g_auto(Result) not_found = { 0 };
  g_auto(Result) invalid = { 0 };
  g_auto(Result) flavor = { 0 };
  g_auto(Result) bad_site = { 0 };

  g_assert_no_error (error);

  run_cli (&not_found, "render", missing, NULL);
  g_assert_cmpint (not_found.status, ==, 1);
  g_assert_cmpstr (not_found.out, ==, "");
  g_assert_true (g_str_has_prefix (not_found.err, "hanji-cli: "));
  assert_contains (not_found.err, "does-not-exist.md");

  binary = g_build_filename (dir, "binary.md", NULL);
  g_file_set_contents (binary, "---\ntitle: x\n---\nbad \xff\xfe bytes\n", -1, &error);
  g_assert_no_error (error);
  run_cli (&invalid, "render", binary, NULL);
  g_assert_cmpint (invalid.status, ==, 1);
  g_assert_cmpstr (invalid.out, ==, "");
  assert_contains (invalid.err, "hanji-cli: ");
  assert_contains (invalid.err, "UTF-8");

  run_cli (&flavor, "render", "--flavor", "kramdown", post, NULL);
  g_assert_cmpint (flavor.status, ==, 1);
  assert_contains (flavor.err, "hanji-cli: ");
  assert_contains (flavor.err, "kramdown");

  run_cli (&bad_site, "render", "--site", missing, post, NULL);
  g_assert_cmpint (bad_site.status, ==, 1);
  assert_contains (bad_site.err, "hanji-cli: ");

  g_assert_cmpint (g_unlink (binary), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_usage_errors (void)
{
  g_autofree char *post = fixture ("posts", "hello.md", NULL);
  g_auto(Result) none = { 0 };
  g_auto(Result) verb = { 0 };
  g_auto(Result) no_file = { 0 };
  g_auto(Result) two_files = { 0 };
  g_auto(Result) option = { 0 };

  run_cli (&none, NULL);
  g_assert_cmpint (none.status, ==, 2);
  assert_contains (none.err, "render");

  run_cli (&verb, "publish", NULL);
  g_assert_cmpint (verb.status, ==, 2);
  assert_contains (verb.err, "hanji-cli: ");
  assert_contains (verb.err, "publish");

  run_cli (&no_file, "render", NULL);
  g_assert_cmpint (no_file.status, ==, 2);
  assert_contains (no_file.err, "hanji-cli: ");

  run_cli (&two_files, "render", post, post, NULL);
  g_assert_cmpint (two_files.status, ==, 2);

  run_cli (&option, "render", "--no-such-option", post, NULL);
  g_assert_cmpint (option.status, ==, 2);
  assert_contains (option.err, "--no-such-option");
}

static void
test_help_and_version (void)
{
  g_auto(Result) help = { 0 };
  g_auto(Result) render_help = { 0 };
  g_auto(Result) version = { 0 };

  run_cli (&help, "--help", NULL);
  g_assert_cmpint (help.status, ==, 0);
  assert_contains (help.out, "render");
  assert_contains (help.out, "Usage:");

  run_cli (&render_help, "render", "--help", NULL);
  g_assert_cmpint (render_help.status, ==, 0);
  assert_contains (render_help.out, "hanji-cli render");
  assert_contains (render_help.out, "--flavor");
  assert_contains (render_help.out, "--site");

  run_cli (&version, "--version", NULL);
  g_assert_cmpint (version.status, ==, 0);
  g_assert_cmpstr (version.out, ==, "hanji-cli " PACKAGE_VERSION "\n");
}

/* Every post of the sample blog shipped in data/ must render. */
static void
test_sample_blog (void)
{
  g_autofree char *root = g_build_filename (g_test_get_dir (G_TEST_DIST),
                                            "..", "data", "sample-blog", NULL);
  g_autofree char *posts_dir = g_build_filename (root, "_posts", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint n_posts = 0;

  if (!g_file_test (posts_dir, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("data/sample-blog/_posts does not exist yet");
      return;
    }

  dir = g_dir_open (posts_dir, 0, &error);
  g_assert_no_error (error);

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_auto(Result) result = { 0 };
      g_auto(Result) with_site = { 0 };

      if (!g_str_has_suffix (name, ".md") && !g_str_has_suffix (name, ".markdown"))
        continue;

      path = g_build_filename (posts_dir, name, NULL);
      g_test_message ("rendering %s", name);

      run_cli (&result, "render", path, NULL);
      g_assert_cmpstr (result.err, ==, "");
      g_assert_cmpint (result.status, ==, 0);
      g_assert_cmpuint (strlen (result.out), >, 0);
      g_assert_true (g_utf8_validate (result.out, -1, NULL));
      assert_not_contains (result.out, "<script");

      run_cli (&with_site, "render", "--site", root, "--sourcepos", path, NULL);
      g_assert_cmpint (with_site.status, ==, 0);
      assert_contains (with_site.out, "data-sourcepos=");

      n_posts++;
    }

  if (n_posts == 0)
    g_test_skip ("data/sample-blog/_posts has no posts yet");
}

/* meta ------------------------------------------------------------------ */

/* A post in a fresh temporary folder; free the folder with
 * hanji_test_remove_tree (). */
static char *
write_temp_post (char       **dir,
                 const char  *contents)
{
  g_autoptr(GError) error = NULL;
  char *path;

  *dir = g_dir_make_tmp ("hanji-cli-meta-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (*dir, "post.md", NULL);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);

  return path;
}

static void
assert_file_equals (const char *path,
                    const char *expected)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==, expected);
}

static const char meta_post[] =
  "---\n"
  "# The post\n"
  "title: \"회고 글\"   # shown in lists\n"
  "date: 2024-05-18T23:37:00+09:00\n"
  "draft:\n"
  "weight: 3\n"
  "ratio: 1.5\n"
  "tags: [gtk, \"c\"]\n"
  "params:\n"
  "  cover: a.png\n"
  "  sizes: [1, true]\n"
  "description: |\n"
  "  two\n"
  "  lines\n"
  "---\n"
  "Body\n";

static void
test_meta_get (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = write_temp_post (&dir, meta_post);
  g_auto(Result) all = { 0 };
  g_auto(Result) one = { 0 };
  g_auto(Result) list = { 0 };
  g_auto(Result) missing = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GList) members = NULL;
  JsonObject *object;
  JsonObject *params;

  run_cli (&all, "meta", "get", path, NULL);
  g_assert_cmpstr (all.err, ==, "");
  g_assert_cmpint (all.status, ==, 0);

  json_parser_load_from_data (parser, all.out, -1, &error);
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));

  /* source key order */
  members = json_object_get_members (object);
  g_assert_cmpuint (g_list_length (members), ==, 8);
  g_assert_cmpstr (members->data, ==, "title");
  g_assert_cmpstr (g_list_last (members)->data, ==, "description");

  g_assert_cmpstr (json_object_get_string_member (object, "title"), ==, "회고 글");
  g_assert_cmpstr (json_object_get_string_member (object, "date"), ==, "2024-05-18T23:37:00+09:00");
  g_assert_true (json_object_get_null_member (object, "draft"));
  g_assert_cmpint (json_object_get_int_member (object, "weight"), ==, 3);
  g_assert_cmpfloat (json_object_get_double_member (object, "ratio"), ==, 1.5);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (object, "tags"), 1), ==, "c");
  params = json_object_get_object_member (object, "params");
  g_assert_cmpstr (json_object_get_string_member (params, "cover"), ==, "a.png");
  g_assert_true (json_array_get_boolean_element (json_object_get_array_member (params, "sizes"), 1));
  g_assert_cmpstr (json_object_get_string_member (object, "description"), ==, "two\nlines\n");

  run_cli (&one, "meta", "get", path, "title", NULL);
  g_assert_cmpint (one.status, ==, 0);
  g_assert_cmpstr (one.out, ==, "\"회고 글\"\n");

  run_cli (&list, "meta", "get", path, "tags", NULL);
  g_assert_cmpint (list.status, ==, 0);
  assert_contains (list.out, "\"gtk\"");

  run_cli (&missing, "meta", "get", path, "nope", NULL);
  g_assert_cmpint (missing.status, ==, 1);
  assert_contains (missing.err, "nope");

  hanji_test_remove_tree (dir);
}

static void
test_meta_set (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = write_temp_post (&dir, meta_post);
  g_auto(Result) before_file = { 0 };
  g_auto(Result) after_file = { 0 };
  g_auto(Result) plain = { 0 };

  /* Options before FILE, and plain edits after it. */
  run_cli (&before_file, "meta", "set", "--string", "weight=42", path, "draft=true", NULL);
  g_assert_cmpstr (before_file.err, ==, "");
  g_assert_cmpint (before_file.status, ==, 0);
  /* Options after FILE. */
  run_cli (&after_file, "meta", "set", path, "--list", "tags=c,rust", "--string", "title=새 제목", NULL);
  g_assert_cmpstr (after_file.err, ==, "");
  g_assert_cmpint (after_file.status, ==, 0);
  run_cli (&plain, "meta", "set", path, "ratio=2024-06-01", "summary=a: b", NULL);
  g_assert_cmpint (plain.status, ==, 0);

  /* Only the edited fields' bytes changed. */
  assert_file_equals (path,
                      "---\n"
                      "# The post\n"
                      "title: \"새 제목\"   # shown in lists\n"
                      "date: 2024-05-18T23:37:00+09:00\n"
                      "draft: true\n"
                      "weight: \"42\"\n"
                      "ratio: 2024-06-01\n"
                      "tags: [\"c\", rust]\n"
                      "params:\n"
                      "  cover: a.png\n"
                      "  sizes: [1, true]\n"
                      "description: |\n"
                      "  two\n"
                      "  lines\n"
                      "summary: 'a: b'\n"
                      "---\n"
                      "Body\n");

  hanji_test_remove_tree (dir);
}

static void
test_meta_unset (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = write_temp_post (&dir, meta_post);
  g_auto(Result) result = { 0 };
  g_auto(Result) missing = { 0 };

  run_cli (&result, "meta", "unset", path, "title", "params", NULL);
  g_assert_cmpstr (result.err, ==, "");
  g_assert_cmpint (result.status, ==, 0);
  assert_file_equals (path,
                      "---\n"
                      "# The post\n"
                      "date: 2024-05-18T23:37:00+09:00\n"
                      "draft:\n"
                      "weight: 3\n"
                      "ratio: 1.5\n"
                      "tags: [gtk, \"c\"]\n"
                      "description: |\n"
                      "  two\n"
                      "  lines\n"
                      "---\n"
                      "Body\n");

  /* One failing edit leaves the file as it was. */
  run_cli (&missing, "meta", "unset", path, "draft", "title", NULL);
  g_assert_cmpint (missing.status, ==, 1);
  assert_contains (missing.err, "title");
  {
    g_autofree char *contents = NULL;

    g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
    assert_contains (contents, "draft:\n");
  }

  hanji_test_remove_tree (dir);
}

static void
test_meta_errors (void)
{
  const char *bad = "---\ntitle: x\ntags: [a\n---\nBody\n";
  g_autofree char *dir = NULL;
  g_autofree char *path = write_temp_post (&dir, bad);
  g_autofree char *missing_path = g_build_filename (dir, "missing.md", NULL);
  g_autofree char *expected_prefix = g_strdup_printf ("%s:4:1: ", path);
  g_auto(Result) set = { 0 };
  g_auto(Result) get = { 0 };
  g_auto(Result) missing = { 0 };
  g_auto(Result) usage = { 0 };
  g_auto(Result) no_edit = { 0 };
  g_auto(Result) help = { 0 };

  run_cli (&set, "meta", "set", path, "title=y", NULL);
  g_assert_cmpint (set.status, ==, 1);
  g_assert_true (g_str_has_prefix (set.err, expected_prefix));
  assert_file_equals (path, bad);

  run_cli (&get, "meta", "get", path, NULL);
  g_assert_cmpint (get.status, ==, 1);
  g_assert_true (g_str_has_prefix (get.err, expected_prefix));

  run_cli (&missing, "meta", "get", missing_path, NULL);
  g_assert_cmpint (missing.status, ==, 1);
  g_assert_true (g_str_has_prefix (missing.err, missing_path));
  g_assert_false (g_file_test (missing_path, G_FILE_TEST_EXISTS));

  run_cli (&usage, "meta", "set", path, "title", NULL);
  g_assert_cmpint (usage.status, ==, 2);
  run_cli (&no_edit, "meta", "frobnicate", NULL);
  g_assert_cmpint (no_edit.status, ==, 2);

  run_cli (&help, "meta", "set", "--help", NULL);
  g_assert_cmpint (help.status, ==, 0);
  assert_contains (help.out, "--string");
  assert_contains (help.out, "--list");

  assert_file_equals (path, bad);
  hanji_test_remove_tree (dir);
}

/* list and new ---------------------------------------------------------- */


static char *
make_site_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("hanji-cli-site-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

/* A Jekyll blog: three posts and a draft. */
static char *
make_jekyll_blog (void)
{
  char *root = make_site_dir ();

  hanji_test_write_file (root, "_config.yml", "title: CLI blog\n");
  hanji_test_write_file (root, "_posts/2024-05-18-newest.md",
                   "---\ntitle: \"최신 글: GTK\"\ndate: 2024-05-18T23:37:00+09:00\n"
                   "tags: [GTK, 한글]\n---\nBody\n");
  hanji_test_write_file (root, "_posts/2024-03-01-middle.md",
                   "---\ntitle: Middle\ndate: 2024-03-01\ntags: rust c\n---\nBody\n");
  hanji_test_write_file (root, "_posts/2023-12-31-oldest.md", "# No front matter\n");
  hanji_test_write_file (root, "_drafts/someday.md", "---\ntitle: Someday\ntags: [한글]\n---\n");
  return root;
}

static JsonArray *
parse_array (JsonParser *parser,
             const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  return json_node_get_array (root);
}

static const char *
member_title (JsonArray *array,
              guint      index)
{
  return json_object_get_string_member (json_array_get_object_element (array, index), "title");
}

static void
test_list_json (void)
{
  g_autofree char *root = make_jekyll_blog ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) drafts_parser = json_parser_new ();
  g_autoptr(JsonParser) published_parser = json_parser_new ();
  g_autoptr(JsonParser) tag_parser = json_parser_new ();
  g_autoptr(JsonParser) tag_published_parser = json_parser_new ();
  g_auto(Result) all = { 0 };
  g_auto(Result) drafts = { 0 };
  g_auto(Result) published = { 0 };
  g_auto(Result) tag = { 0 };
  g_auto(Result) tag_published = { 0 };
  g_autofree char *newest_path = g_build_filename (root, "_posts", "2024-05-18-newest.md", NULL);
  JsonArray *array;
  JsonObject *newest;
  JsonObject *oldest;
  JsonObject *draft;
  JsonArray *tags;

  run_cli (&all, "list", "--site", root, "--json", NULL);
  g_assert_cmpstr (all.err, ==, "");
  g_assert_cmpint (all.status, ==, 0);
  array = parse_array (parser, all.out);
  g_assert_cmpuint (json_array_get_length (array), ==, 4);

  /* newest first; the draft without a date last */
  g_assert_cmpstr (member_title (array, 0), ==, "최신 글: GTK");
  g_assert_cmpstr (member_title (array, 1), ==, "Middle");
  g_assert_cmpstr (member_title (array, 2), ==, "2023-12-31-oldest");
  g_assert_cmpstr (member_title (array, 3), ==, "Someday");

  newest = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (newest, "path"), ==, newest_path);
  g_assert_cmpstr (json_object_get_string_member (newest, "date"), ==, "2024-05-18T23:37:00+09:00");
  g_assert_false (json_object_get_boolean_member (newest, "draft"));
  tags = json_object_get_array_member (newest, "tags");
  g_assert_cmpuint (json_array_get_length (tags), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (tags, 1), ==, "한글");

  /* The file name's date for a post without front matter. */
  oldest = json_array_get_object_element (array, 2);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (oldest, "date"), "2023-12-31T"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (oldest, "tags")), ==, 0);

  draft = json_array_get_object_element (array, 3);
  g_assert_true (json_object_get_null_member (draft, "date"));
  g_assert_true (json_object_get_boolean_member (draft, "draft"));

  run_cli (&drafts, "list", "--site", root, "--json", "--drafts", NULL);
  g_assert_cmpint (drafts.status, ==, 0);
  array = parse_array (drafts_parser, drafts.out);
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  g_assert_cmpstr (member_title (array, 0), ==, "Someday");

  run_cli (&published, "list", "--json", "--published", "--site", root, NULL);
  g_assert_cmpint (published.status, ==, 0);
  array = parse_array (published_parser, published.out);
  g_assert_cmpuint (json_array_get_length (array), ==, 3);

  /* Tags match whatever their case. */
  run_cli (&tag, "list", "--site", root, "--json", "--tag", "gtk", NULL);
  g_assert_cmpint (tag.status, ==, 0);
  array = parse_array (tag_parser, tag.out);
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  g_assert_cmpstr (member_title (array, 0), ==, "최신 글: GTK");

  run_cli (&tag_published, "list", "--site", root, "--json", "--tag", "한글", "--published", NULL);
  g_assert_cmpint (tag_published.status, ==, 0);
  array = parse_array (tag_published_parser, tag_published.out);
  g_assert_cmpuint (json_array_get_length (array), ==, 1);

  hanji_test_remove_tree (root);
}

static void
test_list_text (void)
{
  g_autofree char *root = make_jekyll_blog ();
  g_autofree char *posts_dir = g_build_filename (root, "_posts", NULL);
  g_autofree char *plain = make_site_dir ();
  g_auto(Result) text = { 0 };
  g_auto(Result) from_inside = { 0 };
  g_auto(Result) tag = { 0 };
  g_auto(Result) plain_list = { 0 };
  g_auto(GStrv) lines = NULL;

  run_cli (&text, "list", "--site", root, NULL);
  g_assert_cmpstr (text.err, ==, "");
  g_assert_cmpint (text.status, ==, 0);
  lines = g_strsplit (text.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 5);
  g_assert_cmpstr (lines[4], ==, "");
  /* date, draft mark, title, path from the site's folder; the columns
   * line up, Korean titles counting two columns a character */
  g_assert_cmpstr (lines[0], ==, "2024-05-18         최신 글: GTK       _posts/2024-05-18-newest.md");
  g_assert_cmpstr (lines[1], ==, "2024-03-01         Middle             _posts/2024-03-01-middle.md");
  g_assert_cmpstr (lines[2], ==, "2023-12-31         2023-12-31-oldest  _posts/2023-12-31-oldest.md");
  g_assert_cmpstr (lines[3], ==, "-           draft  Someday            _drafts/someday.md");

  /* Without --site: the site around the current folder. */
  run_cli_in (&from_inside, posts_dir, "list", NULL);
  g_assert_cmpint (from_inside.status, ==, 0);
  g_assert_cmpstr (from_inside.out, ==, text.out);

  /* Without drafts there is no draft column. */
  run_cli (&tag, "list", "--site", root, "--tag", "RUST", NULL);
  g_assert_cmpint (tag.status, ==, 0);
  g_assert_cmpstr (tag.out, ==, "2024-03-01  Middle  _posts/2024-03-01-middle.md\n");

  /* Outside any site: the current folder, as a plain one. */
  hanji_test_write_file (plain, "note.md", "---\ntitle: A note\ndraft: true\n---\n");
  run_cli_in (&plain_list, plain, "list", "--drafts", NULL);
  g_assert_cmpint (plain_list.status, ==, 0);
  g_assert_cmpstr (plain_list.out, ==, "-           draft  A note  note.md\n");

  hanji_test_remove_tree (root);
  hanji_test_remove_tree (plain);
}

static void
test_list_errors (void)
{
  g_autofree char *root = make_jekyll_blog ();
  g_autofree char *missing = g_build_filename (root, "missing", NULL);
  g_auto(Result) both = { 0 };
  g_auto(Result) no_site = { 0 };
  g_auto(Result) extra = { 0 };
  g_auto(Result) option = { 0 };

  run_cli (&both, "list", "--site", root, "--drafts", "--published", NULL);
  g_assert_cmpint (both.status, ==, 2);
  g_assert_cmpstr (both.out, ==, "");
  assert_contains (both.err, "hanji-cli: ");
  assert_contains (both.err, "--published");

  run_cli (&no_site, "list", "--site", missing, NULL);
  g_assert_cmpint (no_site.status, ==, 1);
  g_assert_cmpstr (no_site.out, ==, "");
  g_assert_true (g_str_has_prefix (no_site.err, "hanji-cli: "));
  assert_contains (no_site.err, "missing");

  run_cli (&extra, "list", "--site", root, "stray", NULL);
  g_assert_cmpint (extra.status, ==, 2);
  assert_contains (extra.err, "stray");

  run_cli (&option, "list", "--recent", NULL);
  g_assert_cmpint (option.status, ==, 2);
  assert_contains (option.err, "--recent");

  hanji_test_remove_tree (root);
}

/* The front matter of @path, through `hanji-cli meta get`. */
static JsonObject *
front_matter_of (JsonParser *parser,
                 const char *path)
{
  g_auto(Result) result = { 0 };
  g_autoptr(GError) error = NULL;

  run_cli (&result, "meta", "get", path, NULL);
  g_assert_cmpstr (result.err, ==, "");
  g_assert_cmpint (result.status, ==, 0);
  json_parser_load_from_data (parser, result.out, -1, &error);
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

/* The single line of a successful `new`: the created path. */
static char *
created_path (Result *result)
{
  g_assert_cmpstr (result->err, ==, "");
  g_assert_cmpint (result->status, ==, 0);
  g_assert_true (g_str_has_suffix (result->out, "\n"));
  g_assert_true (strchr (result->out, '\n') == result->out + strlen (result->out) - 1);
  g_assert_true (g_path_is_absolute (result->out));
  g_assert_true (g_file_test (g_strstrip (result->out), G_FILE_TEST_IS_REGULAR));
  return g_strdup (result->out);
}

static void
test_new_hugo (void)
{
  g_autofree char *root = make_site_dir ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) bundle_parser = json_parser_new ();
  g_auto(Result) post = { 0 };
  g_auto(Result) again = { 0 };
  g_auto(Result) bundle = { 0 };
  g_auto(Result) words = { 0 };
  g_autofree char *path = NULL;
  g_autofree char *again_path = NULL;
  g_autofree char *bundle_path = NULL;
  g_autofree char *words_path = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *contents = NULL;
  JsonObject *fm;

  hanji_test_write_file (root, "hugo.toml", "title = 'CLI Hugo'\n");
  hanji_test_write_file (root, "content/posts/old.md", "---\ntitle: Old\ndate: 2023-01-02\n---\n");

  run_cli (&post, "new", "--site", root, "Hello: 회고 \"글\"", NULL);
  path = created_path (&post);
  expected = g_build_filename (root, "content", "posts", "hello-회고-글.md", NULL);
  g_assert_cmpstr (path, ==, expected);
  fm = front_matter_of (parser, path);
  g_assert_cmpstr (json_object_get_string_member (fm, "title"), ==, "Hello: 회고 \"글\"");
  g_assert_false (json_object_get_boolean_member (fm, "draft"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (fm, "tags")), ==, 0);
  /* the site's posts are dated without a time: so is the new one */
  g_assert_cmpuint (strlen (json_object_get_string_member (fm, "date")), ==, 10);

  /* The same title again: a new name, the first post untouched. */
  g_file_get_contents (path, &contents, NULL, NULL);
  run_cli (&again, "new", "--site", root, "Hello: 회고 \"글\"", NULL);
  again_path = created_path (&again);
  g_assert_true (g_str_has_suffix (again_path, "/content/posts/hello-회고-글-2.md"));
  {
    g_autofree char *now = NULL;

    g_file_get_contents (path, &now, NULL, NULL);
    g_assert_cmpstr (now, ==, contents);
  }

  run_cli (&bundle, "new", "--site", root, "--draft", "--section", "gallery", "--bundle",
           "Photos", NULL);
  bundle_path = created_path (&bundle);
  g_assert_true (g_str_has_suffix (bundle_path, "/content/gallery/photos/index.md"));
  fm = front_matter_of (bundle_parser, bundle_path);
  g_assert_true (json_object_get_boolean_member (fm, "draft"));

  /* A title of several words needs no quotes. */
  run_cli (&words, "new", "--site", root, "Two", "Words", NULL);
  words_path = created_path (&words);
  g_assert_true (g_str_has_suffix (words_path, "/content/posts/two-words.md"));

  hanji_test_remove_tree (root);
}

static void
test_new_jekyll (void)
{
  g_autofree char *root = make_jekyll_blog ();
  g_autofree char *posts_dir = g_build_filename (root, "_posts", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GRegex) dated = g_regex_new ("/_posts/[0-9]{4}-[0-9]{2}-[0-9]{2}-first-post\\.md$",
                                         0, 0, NULL);
  g_auto(Result) post = { 0 };
  g_auto(Result) draft = { 0 };
  g_auto(Result) section = { 0 };
  g_auto(Result) bundle = { 0 };
  g_autofree char *path = NULL;
  g_autofree char *draft_path = NULL;
  g_autofree char *draft_contents = NULL;
  JsonObject *fm;

  hanji_test_write_file (root, "_config.yml",
                   "title: CLI blog\n"
                   "defaults:\n"
                   "  - scope: {path: '', type: posts}\n"
                   "    values: {layout: post}\n");

  /* Run from inside the site, without --site. */
  run_cli_in (&post, posts_dir, "new", "First Post", NULL);
  path = created_path (&post);
  g_assert_true (g_regex_match (dated, path, 0, NULL));
  fm = front_matter_of (parser, path);
  g_assert_cmpstr (json_object_get_string_member (fm, "layout"), ==, "post");
  g_assert_cmpstr (json_object_get_string_member (fm, "title"), ==, "First Post");
  g_assert_true (json_object_has_member (fm, "date"));
  g_assert_false (json_object_has_member (fm, "draft"));

  run_cli (&draft, "new", "--site", root, "--draft", "Later", NULL);
  draft_path = created_path (&draft);
  g_assert_true (g_str_has_suffix (draft_path, "/_drafts/later.md"));
  g_file_get_contents (draft_path, &draft_contents, NULL, NULL);
  g_assert_cmpstr (draft_contents, ==, "---\nlayout: post\ntitle: Later\ntags: []\n---\n\n");

  run_cli (&section, "new", "--site", root, "--section", "notes", "Nope", NULL);
  g_assert_cmpint (section.status, ==, 1);
  g_assert_cmpstr (section.out, ==, "");
  g_assert_true (g_str_has_prefix (section.err, "hanji-cli: "));
  assert_contains (section.err, "section");

  run_cli (&bundle, "new", "--site", root, "--bundle", "Nope", NULL);
  g_assert_cmpint (bundle.status, ==, 1);
  assert_contains (bundle.err, "bundle");

  hanji_test_remove_tree (root);
}

static void
test_new_errors (void)
{
  g_autofree char *root = make_site_dir ();
  g_autofree char *missing = g_build_filename (root, "missing", NULL);
  g_auto(Result) no_title = { 0 };
  g_auto(Result) blank = { 0 };
  g_auto(Result) no_site = { 0 };
  g_auto(Result) plain = { 0 };
  g_autofree char *plain_path = NULL;
  g_autofree char *expected = NULL;

  run_cli (&no_title, "new", "--site", root, NULL);
  g_assert_cmpint (no_title.status, ==, 2);
  assert_contains (no_title.err, "TITLE");

  run_cli (&blank, "new", "--site", root, "  ", NULL);
  g_assert_cmpint (blank.status, ==, 2);

  run_cli (&no_site, "new", "--site", missing, "Title", NULL);
  g_assert_cmpint (no_site.status, ==, 1);
  g_assert_true (g_str_has_prefix (no_site.err, "hanji-cli: "));
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));

  /* Outside any site: the current folder, as a plain one. */
  run_cli_in (&plain, root, "new", "A note", NULL);
  plain_path = created_path (&plain);
  expected = g_build_filename (root, "a-note.md", NULL);
  g_assert_cmpstr (plain_path, ==, expected);

  hanji_test_remove_tree (root);
}

static void
test_list_new_help (void)
{
  g_auto(Result) help = { 0 };
  g_auto(Result) list_help = { 0 };
  g_auto(Result) new_help = { 0 };

  run_cli (&help, "--help", NULL);
  g_assert_cmpint (help.status, ==, 0);
  assert_contains (help.out, "  list ");
  assert_contains (help.out, "  new ");

  run_cli (&list_help, "list", "--help", NULL);
  g_assert_cmpint (list_help.status, ==, 0);
  assert_contains (list_help.out, "hanji-cli list");
  assert_contains (list_help.out, "--json");
  assert_contains (list_help.out, "--tag");

  run_cli (&new_help, "new", "--help", NULL);
  g_assert_cmpint (new_help.status, ==, 0);
  assert_contains (new_help.out, "hanji-cli new");
  assert_contains (new_help.out, "--section");
  assert_contains (new_help.out, "--bundle");
  assert_contains (new_help.out, "TITLE");
}

/* check ------------------------------------------------------------------ */

static void
test_check (void)
{
  g_autofree char *root = make_site_dir ();
  g_autofree char *bad_path = g_build_filename (root, "_posts", "2024-01-03-bad.md", NULL);
  g_autofree char *binary_path = g_build_filename (root, "binary.md", NULL);
  g_auto(Result) clean = { 0 };
  g_auto(Result) all = { 0 };
  g_auto(Result) warnings = { 0 };
  g_auto(Result) unreadable = { 0 };
  g_auto(Result) binary = { 0 };

  hanji_test_write_file (root, "_config.yml", "title: Check\n");
  hanji_test_write_file (root, "assets/img/한지 사진.png", "png");
  hanji_test_write_file (root, "_posts/2024-01-01-clean.md",
                         "---\ntitle: 깨끗함\n---\n\n![사진](/assets/img/한지 사진.png)\n");
  hanji_test_write_file (root, "_posts/2024-01-02-warn.md",
                         "---\ntitle: 경고\n---\n\n## 같은 제목\n\n## 같은 제목\n");
  hanji_test_write_file (root, "_posts/2024-01-03-bad.md",
                         "---\ntitle: 오류\n---\n\n본문 ![없음](/assets/img/없음.png)\n");
  hanji_test_write_file (root, "binary.md", "\x89PNG\r\n\x1a\n\xff\xfe");

  /* A clean post: nothing printed, 0. Jekyll reads the space fine. */
  run_cli_in (&clean, root, "check", "_posts/2024-01-01-clean.md", NULL);
  g_assert_cmpint (clean.status, ==, 0);
  g_assert_cmpstr (clean.out, ==, "");

  /* Warnings alone: printed, still 0. */
  run_cli_in (&warnings, root, "check", "_posts/2024-01-02-warn.md", NULL);
  g_assert_cmpint (warnings.status, ==, 0);
  g_assert_cmpstr (warnings.out, ==,
                   "_posts/2024-01-02-warn.md:7:1: warning: Another heading reads “같은 제목”: "
                   "links to #같은-제목 lead to the first\n");

  /* The whole site: every post, an error makes it 1. */
  run_cli_in (&all, root, "check", NULL);
  g_assert_cmpint (all.status, ==, 1);
  assert_contains (all.out, "_posts/2024-01-03-bad.md:5:10: error: Image not found: /assets/img/없음.png\n");
  assert_contains (all.out, "_posts/2024-01-02-warn.md:7:1: warning:");
  assert_not_contains (all.out, "clean");
  assert_contains (all.err, "1 error, 1 warning\n");

  /* The same error through an absolute path and --site. */
  {
    g_auto(Result) by_path = { 0 };

    run_cli (&by_path, "check", "--site", root, bad_path, NULL);
    g_assert_cmpint (by_path.status, ==, 1);
    assert_contains (by_path.out, ":5:10: error:");
  }

  /* Files that cannot be checked: 2, said on stderr. */
  run_cli_in (&unreadable, root, "check", "missing.md", NULL);
  g_assert_cmpint (unreadable.status, ==, 2);
  assert_contains (unreadable.err, "missing.md");

  run_cli (&binary, "check", binary_path, NULL);
  g_assert_cmpint (binary.status, ==, 2);
  assert_contains (binary.err, "not valid UTF-8");

  hanji_test_remove_tree (root);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/render/post", test_render_post);
  g_test_add_func ("/cli/render/sourcepos", test_render_sourcepos);
  g_test_add_func ("/cli/render/site-post", test_render_site_post);
  g_test_add_func ("/cli/render/errors", test_render_errors);
  g_test_add_func ("/cli/usage-errors", test_usage_errors);
  g_test_add_func ("/cli/help-and-version", test_help_and_version);
  g_test_add_func ("/cli/sample-blog", test_sample_blog);
  g_test_add_func ("/cli/meta/get", test_meta_get);
  g_test_add_func ("/cli/meta/set", test_meta_set);
  g_test_add_func ("/cli/meta/unset", test_meta_unset);
  g_test_add_func ("/cli/meta/errors", test_meta_errors);
  g_test_add_func ("/cli/list/json", test_list_json);
  g_test_add_func ("/cli/list/text", test_list_text);
  g_test_add_func ("/cli/list/errors", test_list_errors);
  g_test_add_func ("/cli/new/hugo", test_new_hugo);
  g_test_add_func ("/cli/new/jekyll", test_new_jekyll);
  g_test_add_func ("/cli/new/errors", test_new_errors);
  g_test_add_func ("/cli/list-new-help", test_list_new_help);
  g_test_add_func ("/cli/check", test_check);

  return g_test_run ();
}
