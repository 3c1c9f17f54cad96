/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz-site"

/* What a site reads from files it does not control, through the public
 * API and real files in a temporary folder:
 *
 *   - a post's head (HanjiPost: YAML, TOML or JSON front matter): the
 *     list shows its title, tags, categories and keys, so they must be
 *     valid UTF-8 (and tags and categories non-empty); for a YAML head
 *     the list's reader must agree with hanji_front_matter_parse on the
 *     same text (the same keys, an error exactly when it has one);
 *   - the site's settings and the generators' configs (.hanji.json,
 *     Jekyll _config.yml, Hugo hugo.toml and hugo.json): the content,
 *     drafts and static folders they name are where posts are listed and
 *     where the preview looks up site-absolute URLs, so whatever the file
 *     says they must stay inside the site (hanji_site_contains). */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>

#include "hanji-front-matter.h"
#include "hanji-site.h"

#include "fuzz-common.h"

/* hanji-site.c reads this much of a post */
#define POST_HEAD_SIZE (64 * 1024)

static char *scratch;

static void
write_file (const char   *dir,
            const char   *name,
            const guint8 *data,
            size_t        size)
{
  g_autofree char *path = g_build_filename (scratch, dir, name, NULL);
  g_autoptr(GError) error = NULL;

  if (!g_file_set_contents (path, (const char *) data, size, &error))
    g_error ("%s", error->message);
}

static void
check_strv (const char * const *strv,
            gboolean            non_empty,
            const char         *what)
{
  fuzz_check (strv != NULL, "%s is NULL", what);
  for (guint i = 0; strv[i] != NULL; i++)
    {
      fuzz_check (g_utf8_validate (strv[i], -1, NULL), "%s %u not UTF-8", what, i);
      fuzz_check (!non_empty || strv[i][0] != '\0', "%s %u empty", what, i);
    }
}

static void
check_post (const guint8 *data,
            size_t        size)
{
  g_autofree char *path = g_build_filename (scratch, "posts", "post.md", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(HanjiPost) post = NULL;
  const char *title;
  HanjiFrontMatterSplit split;

  write_file ("posts", "post.md", data, size);
  post = hanji_post_new_for_file (file, NULL, &error);
  fuzz_check (post != NULL, "post: %s", error->message);

  title = hanji_post_get_title (post);
  fuzz_check (title != NULL && title[0] != '\0' && g_utf8_validate (title, -1, NULL),
              "post title “%s”", title);
  check_strv (hanji_post_get_tags (post), TRUE, "tag");
  check_strv (hanji_post_get_categories (post), TRUE, "category");
  check_strv (hanji_post_get_keys (post), FALSE, "key");
  fuzz_check (fuzz_utf8_valid0 (hanji_post_get_error (post)), "post error not UTF-8");

  /* The head is the whole file here: the list's reader and the form's
   * parser see the same YAML. */
  hanji_front_matter_split ((const char *) data, size, &split);
  if (size < POST_HEAD_SIZE && memchr (data, '\0', size) == NULL &&
      split.kind == HANJI_FRONT_MATTER_YAML && split.terminated)
    {
      g_autoptr(HanjiFrontMatter) fm = hanji_front_matter_parse ((const char *) data, size);
      const char * const *keys = hanji_post_get_keys (post);
      guint n = hanji_front_matter_get_n_fields (fm);

      fuzz_check ((hanji_front_matter_get_error (fm) == NULL) == (hanji_post_get_error (post) == NULL),
                  "the post list says “%s”, the form “%s”",
                  hanji_post_get_error (post),
                  hanji_front_matter_get_error (fm) ? hanji_front_matter_get_error (fm)->message : "");
      fuzz_check (g_strv_length ((char **) keys) == n, "%u keys in the list, %u in the form",
                  g_strv_length ((char **) keys), n);
      for (guint i = 0; i < n; i++)
        fuzz_check (g_str_equal (keys[i], hanji_field_get_key (hanji_front_matter_get_field (fm, i))),
                    "key %u", i);
    }
}

static void
check_inside (HanjiSite  *site,
              GFile      *dir,
              const char *what)
{
  GFile *root = hanji_site_get_root (site);
  g_autofree char *path = g_file_get_path (dir);

  fuzz_check (g_file_equal (dir, root) || g_file_has_prefix (dir, root),
              "%s folder %s is outside the site", what, path);
  fuzz_check (hanji_site_contains (site, dir), "%s folder %s: hanji_site_contains", what, path);
}

static void
check_site (const char    *dir,
            HanjiSiteKind  kind)
{
  g_autofree char *path = g_build_filename (scratch, dir, NULL);
  g_autoptr(GFile) root = g_file_new_for_path (path);
  g_autoptr(HanjiSite) site = hanji_site_new (root);
  GFile **dirs;
  const char *title = hanji_site_get_title (site);

  if (kind != HANJI_SITE_PLAIN)
    fuzz_check (hanji_site_get_kind (site) == kind, "%s: kind %d", dir, hanji_site_get_kind (site));
  fuzz_check (hanji_site_get_flavor (site) <= HANJI_FLAVOR_JEKYLL, "%s: flavor", dir);
  fuzz_check (title != NULL && g_utf8_validate (title, -1, NULL), "%s: title", dir);
  fuzz_check (fuzz_utf8_valid0 (hanji_site_get_settings_error (site)), "%s: settings error", dir);

  dirs = hanji_site_get_content_dirs (site);
  fuzz_check (dirs != NULL && dirs[0] != NULL &&
              g_file_equal (dirs[0], hanji_site_get_content_dir (site)), "%s: content dirs", dir);
  for (guint i = 0; dirs[i] != NULL; i++)
    check_inside (site, dirs[i], "content");

  dirs = hanji_site_get_static_dirs (site);
  fuzz_check (dirs != NULL, "%s: static dirs", dir);
  for (guint i = 0; dirs[i] != NULL; i++)
    check_inside (site, dirs[i], "static");

  if (hanji_site_get_drafts_dir (site) != NULL)
    check_inside (site, hanji_site_get_drafts_dir (site), "drafts");
}

static void
remove_scratch (void)
{
  const char * const files[] = {
    "posts/post.md", "custom/.hanji.json", "jekyll/_config.yml",
    "hugo/hugo.toml", "hugo-json/hugo.json",
  };
  const char * const dirs[] = {
    "posts", "custom", "jekyll/_posts", "jekyll", "hugo/content", "hugo",
    "hugo-json/content", "hugo-json", "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (scratch, files[i], NULL);
      g_unlink (path);
    }
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *path = g_build_filename (scratch, dirs[i], NULL);
      g_rmdir (path);
    }
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autoptr(GError) error = NULL;
  /* A Jekyll site needs _posts/ beside _config.yml, a Hugo one content/. */
  const char * const dirs[] = {
    "posts", "custom", "jekyll", "jekyll/_posts", "hugo", "hugo/content",
    "hugo-json", "hugo-json/content",
  };

  fuzz_init ();

  scratch = g_dir_make_tmp ("hanji-fuzz-site-XXXXXX", &error);
  if (scratch == NULL)
    g_error ("%s", error->message);
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *path = g_build_filename (scratch, dirs[i], NULL);

      if (g_mkdir (path, 0700) != 0)
        g_error ("%s: %s", path, g_strerror (errno));
    }
  atexit (remove_scratch);

  return 0;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  check_post (data, size);

  write_file ("custom", ".hanji.json", data, size);
  check_site ("custom", HANJI_SITE_PLAIN);

  write_file ("jekyll", "_config.yml", data, size);
  check_site ("jekyll", HANJI_SITE_JEKYLL);

  write_file ("hugo", "hugo.toml", data, size);
  check_site ("hugo", HANJI_SITE_HUGO);

  write_file ("hugo-json", "hugo.json", data, size);
  check_site ("hugo-json", HANJI_SITE_HUGO);

  return 0;
}
