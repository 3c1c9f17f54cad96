/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hanji-lint"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "hanji-front-matter.h"
#include "hanji-lint.h"

typedef struct
{
  const char  *text;
  gsize        len;
  GArray      *line_starts;
  GPtrArray   *problems;
  HanjiSite   *site;
  GFile       *post_dir;
  HanjiFlavor  flavor;
} Lint;

void
hanji_lint_problem_free (HanjiLintProblem *problem)
{
  if (problem == NULL)
    return;

  g_free (problem->message);
  g_free (problem->fix_label);
  g_free (problem->fix_text);
  g_free (problem);
}

static gsize
offset_of_line (Lint  *lint,
                guint  line)
{
  if (line < 1)
    return 0;
  if (line > lint->line_starts->len)
    return lint->len;

  return g_array_index (lint->line_starts, gsize, line - 1);
}

static guint
line_of_offset (Lint  *lint,
                gsize  offset)
{
  guint low = 0, high = lint->line_starts->len;

  /* The last line starting at or before offset. */
  while (high - low > 1)
    {
      guint middle = (low + high) / 2;

      if (g_array_index (lint->line_starts, gsize, middle) <= offset)
        low = middle;
      else
        high = middle;
    }

  return low + 1;
}

static HanjiLintProblem *
add_problem (Lint              *lint,
             HanjiLintSeverity  severity,
             const char        *code,
             gsize              offset,
             gsize              length,
             char              *message)
{
  HanjiLintProblem *problem = g_new0 (HanjiLintProblem, 1);
  gsize line_start;

  offset = MIN (offset, lint->len);
  problem->severity = severity;
  problem->code = code;
  problem->message = message;
  problem->offset = offset;
  problem->length = MIN (length, lint->len - offset);
  problem->line = line_of_offset (lint, offset);
  line_start = offset_of_line (lint, problem->line);
  problem->column = g_utf8_strlen (lint->text + line_start, offset - line_start) + 1;
  g_ptr_array_add (lint->problems, problem);

  return problem;
}

static void
set_fix (HanjiLintProblem *problem,
         char             *label,
         gsize             offset,
         gsize             length,
         const char       *text)
{
  problem->fix_label = label;
  problem->fix_offset = offset;
  problem->fix_length = length;
  problem->fix_text = g_strdup (text);
}

/* Front matter */

static void
check_front_matter (Lint *lint)
{
  g_autoptr(HanjiFrontMatter) front_matter = hanji_front_matter_parse (lint->text, lint->len);
  const HanjiFrontMatterSplit *split = hanji_front_matter_get_split (front_matter);
  const GError *error = hanji_front_matter_get_error (front_matter);
  HanjiField *title;

  if (error != NULL)
    {
      const char *where;
      guint line = 0, column = 0;
      gsize offset = split->block_start;

      /* TOML and JSON are shown, not parsed: nothing to say about them. */
      if (g_error_matches (error, HANJI_FRONT_MATTER_ERROR, HANJI_FRONT_MATTER_ERROR_READ_ONLY))
        return;

      where = strstr (error->message, "line ");
      if (where != NULL && sscanf (where, "line %u, column %u", &line, &column) == 2 && line > 0)
        {
          const char *line_text = lint->text + offset_of_line (lint, line);
          const char *end = lint->text + lint->len;
          const char *p = line_text;

          for (guint i = 1; i < column && p < end && *p != '\n'; i++)
            p = g_utf8_next_char (p);
          offset = p - lint->text;
        }

      add_problem (lint, HANJI_LINT_ERROR, "invalid-front-matter", offset, 1,
                   g_strdup_printf (_("The front matter is not valid: %s"), error->message));
      return;
    }

  if (split->kind != HANJI_FRONT_MATTER_YAML || !split->terminated)
    return;

  title = hanji_front_matter_lookup (front_matter, "title");
  if (title == NULL || hanji_field_get_text (title)[0] == '\0')
    {
      gsize offset = split->block_start;
      gsize length = 3;

      if (title != NULL)
        {
          gsize key_offset, key_length;

          hanji_field_get_key_span (title, &key_offset, &key_length);
          offset = key_offset;
          length = key_length;
        }
      add_problem (lint, HANJI_LINT_WARNING, "empty-title", offset, length,
                   g_strdup (_("The post has no title")));
    }
}

/* Links and images */

/* Where a link's destination is written, from the `!` or `[` that starts
 * it: [text](destination …) or (<destination>). FALSE for reference
 * links, which have none here. */
static gboolean
find_destination (Lint     *lint,
                  gsize     start,
                  gsize    *dest_offset,
                  gsize    *dest_length,
                  gboolean *bracketed)
{
  const char *text = lint->text;
  gsize p = start;
  int depth = 0;

  if (p < lint->len && text[p] == '!')
    p++;
  if (p >= lint->len || text[p] != '[')
    return FALSE;

  for (; p < lint->len; p++)
    {
      if (text[p] == '\\' && p + 1 < lint->len)
        {
          p++;
          continue;
        }
      if (text[p] == '[')
        depth++;
      else if (text[p] == ']' && --depth == 0)
        break;
    }

  if (p + 1 >= lint->len || text[p + 1] != '(')
    return FALSE;
  p += 2;
  while (p < lint->len && (text[p] == ' ' || text[p] == '\t' || text[p] == '\n'))
    p++;

  if (p < lint->len && text[p] == '<')
    {
      const char *close = memchr (text + p + 1, '>', lint->len - p - 1);

      if (close == NULL)
        return FALSE;
      *bracketed = TRUE;
      *dest_offset = p + 1;
      *dest_length = close - (text + p + 1);
      return TRUE;
    }

  *bracketed = FALSE;
  *dest_offset = p;
  depth = 0;
  for (; p < lint->len; p++)
    {
      char c = text[p];

      if (c == '\\' && p + 1 < lint->len)
        {
          p++;
          continue;
        }
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
        break;
      if (c == '(')
        depth++;
      else if (c == ')' && depth-- == 0)
        break;
    }
  *dest_length = p - *dest_offset;

  return TRUE;
}

static gboolean
is_remote (const char *url)
{
  const char *p = url;

  if (g_str_has_prefix (url, "//"))
    return TRUE;

  /* A scheme: letters, digits, + - . before a colon. */
  while (g_ascii_isalnum (*p) || *p == '+' || *p == '-' || *p == '.')
    p++;

  return p != url && *p == ':';
}

/* Links that name another post or page, not a file: the generator makes
 * them; they cannot be checked against the folder. */
static gboolean
is_page_link (const char *path)
{
  const char *slash = strrchr (path, '/');
  const char *name = slash ? slash + 1 : path;

  return name[0] == '\0' ||
         strchr (name, '.') == NULL ||
         g_str_has_suffix (name, ".md") ||
         g_str_has_suffix (name, ".markdown") ||
         g_str_has_suffix (name, ".html") ||
         g_str_has_suffix (name, ".htm");
}

/* The path part of a local URL, decoded; NULL when there is none. */
static char *
local_path (const char *url)
{
  g_autofree char *path = g_strdup (url);
  char *cut = strpbrk (path, "?#");
  char *decoded;

  if (cut != NULL)
    *cut = '\0';
  if (path[0] == '\0')
    return NULL;

  decoded = g_uri_unescape_string (path, NULL);
  return decoded != NULL ? decoded : g_steal_pointer (&path);
}

/* The folders a path is looked up under, as the preview serves them. */
static GPtrArray *
candidate_files (Lint       *lint,
                 const char *path)
{
  GPtrArray *files = g_ptr_array_new_with_free_func (g_object_unref);

  if (path[0] == '/')
    {
      GFile **dirs = lint->site ? hanji_site_get_static_dirs (lint->site) : NULL;

      for (guint i = 0; dirs != NULL && dirs[i] != NULL; i++)
        g_ptr_array_add (files, g_file_resolve_relative_path (dirs[i], path + 1));
      if (lint->site != NULL)
        g_ptr_array_add (files, g_file_resolve_relative_path (hanji_site_get_root (lint->site), path + 1));
      if (files->len == 0 && lint->post_dir != NULL)
        g_ptr_array_add (files, g_file_resolve_relative_path (lint->post_dir, path + 1));
    }
  else if (lint->post_dir != NULL)
    g_ptr_array_add (files, g_file_resolve_relative_path (lint->post_dir, path));

  return files;
}

static char *
fold_name (const char *name)
{
  g_autofree char *nfc = g_utf8_normalize (name, -1, G_NORMALIZE_NFC);

  return nfc != NULL ? g_utf8_casefold (nfc, -1) : g_strdup (name);
}

/* A file beside the missing one whose name differs only in case or
 * Unicode normalization; its name, or NULL. */
static char *
find_near_name (GFile *missing)
{
  g_autoptr(GFile) parent = g_file_get_parent (missing);
  g_autofree char *wanted_name = g_file_get_basename (missing);
  g_autofree char *wanted = fold_name (wanted_name);
  g_autofree char *dir_path = parent ? g_file_get_path (parent) : NULL;
  g_autoptr(GDir) dir = dir_path ? g_dir_open (dir_path, 0, NULL) : NULL;
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *folded = fold_name (name);

      if (g_str_equal (folded, wanted))
        return g_strdup (name);
    }

  return NULL;
}

static const char *
flavor_name (HanjiFlavor flavor)
{
  return flavor == HANJI_FLAVOR_HUGO ? "Hugo" : "CommonMark";
}

static void
check_link (Lint      *lint,
            HanjiLink *link)
{
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autofree char *near = NULL;
  gsize start = offset_of_line (lint, link->line) + (link->column > 0 ? link->column - 1 : 0);
  gsize dest_offset = start, dest_length = 0;
  gboolean bracketed = FALSE;
  HanjiLintProblem *problem;

  if (link->autolink || link->url[0] == '#' || is_remote (link->url) ||
      strstr (link->url, "{{") != NULL || strstr (link->url, "{%") != NULL)
    return;

  path = local_path (link->url);
  if (path == NULL || (!link->is_image && is_page_link (path)))
    return;

  files = candidate_files (lint, path);
  for (guint i = 0; i < files->len; i++)
    {
      if (g_file_query_exists (files->pdata[i], NULL))
        return;
      if (near == NULL)
        near = find_near_name (files->pdata[i]);
    }

  if (!find_destination (lint, start, &dest_offset, &dest_length, &bracketed))
    {
      dest_offset = start;
      dest_length = 1;
    }

  problem = add_problem (lint,
                         link->is_image ? HANJI_LINT_ERROR : HANJI_LINT_WARNING,
                         link->is_image ? "missing-image" : "missing-link",
                         dest_offset, dest_length,
                         g_strdup_printf (link->is_image ? _("Image not found: %s") : _("Linked file not found: %s"),
                                          path));

  /* Only the file's own spelling differs: say it, and offer it. */
  if (near != NULL && dest_length > 0)
    {
      g_autofree char *written = g_strndup (lint->text + dest_offset, dest_length);
      char *slash = strrchr (written, '/');
      g_autofree char *name = strchr (slash ? slash + 1 : written, '%') != NULL ?
                              g_uri_escape_string (near, NULL, FALSE) : g_strdup (near);
      g_autofree char *fixed = NULL;

      if (slash != NULL)
        slash[1] = '\0';
      fixed = g_strconcat (slash ? written : "", name, NULL);

      g_free (problem->message);
      problem->message = g_strdup_printf (_("Not found: the file is named “%s”"), near);
      problem->code = "misspelled-path";
      if (!bracketed && strpbrk (fixed, " \t") != NULL && lint->flavor != HANJI_FLAVOR_JEKYLL)
        {
          g_autofree char *wrapped = g_strconcat ("<", fixed, ">", NULL);

          set_fix (problem, g_strdup_printf (_("Use “%s”"), near), dest_offset, dest_length, wrapped);
        }
      else
        set_fix (problem, g_strdup_printf (_("Use “%s”"), near), dest_offset, dest_length, fixed);
    }
}

/* `![](photo.jpg)`: nothing for a screen reader to say, nor for a
 * browser to show when the image does not load. The problem is the
 * empty space between the brackets, where the description goes. */
static void
check_alt (Lint      *lint,
           HanjiLink *link)
{
  gsize start = offset_of_line (lint, link->line) + (link->column > 0 ? link->column - 1 : 0);

  if (!link->is_image || !link->no_text ||
      start + 2 > lint->len || strncmp (lint->text + start, "![", 2) != 0)
    return;

  add_problem (lint, HANJI_LINT_WARNING, "missing-alt", start + 2, 0,
               g_strdup (_("The image has no description (alt text) for readers who cannot see it")));
}

/* `![a](My Photo.jpg)`: an image in kramdown, plain text in CommonMark
 * and goldmark, which end a bare destination at the space. */
static void
check_unparsed (Lint *lint)
{
  g_autoptr(GRegex) regex = NULL;
  g_autoptr(GMatchInfo) info = NULL;
  gboolean in_fence = FALSE;
  char fence = 0;

  if (lint->flavor == HANJI_FLAVOR_JEKYLL)
    return;

  /* No G_REGEX_OPTIMIZE: PCRE2's JIT reads past the subject in wide loads,
   * which memcheck reports as errors, and a post's lines gain nothing. */
  regex = g_regex_new ("(!?)\\[[^\\]\\n]*\\]\\(([^()<>\\n]*[ \\t][^()<>\\n]*)\\)", 0, 0, NULL);

  for (guint line = 1; line <= lint->line_starts->len; line++)
    {
      gsize start = offset_of_line (lint, line);
      gsize end = line < lint->line_starts->len ? offset_of_line (lint, line + 1) : lint->len;
      g_autofree char *text = g_strndup (lint->text + start, end - start);
      const char *p = text + strspn (text, " ");

      if (g_str_has_prefix (p, "```") || g_str_has_prefix (p, "~~~"))
        {
          if (!in_fence)
            {
              in_fence = TRUE;
              fence = *p;
            }
          else if (*p == fence)
            in_fence = FALSE;
          continue;
        }
      if (in_fence)
        continue;

      g_regex_match (regex, text, 0, &info);
      while (g_match_info_matches (info))
        {
          int image_start, image_end, dest_start, dest_end;
          g_autofree char *dest = g_match_info_fetch (info, 2);
          g_autofree char *trimmed = g_strstrip (g_strdup (dest));
          g_autofree char *wrapped = NULL;
          gboolean is_image;
          HanjiLintProblem *problem;
          const char *space = strpbrk (trimmed, " \t");

          g_match_info_fetch_pos (info, 1, &image_start, &image_end);
          g_match_info_fetch_pos (info, 2, &dest_start, &dest_end);
          is_image = image_end > image_start;

          /* `(url "title")` is a destination and a title, not a space. */
          if (space != NULL && trimmed[0] != '\0')
            {
              const char *after = space + strspn (space, " \t");

              if (*after == '"' || *after == '\'')
                {
                  g_match_info_next (info, NULL);
                  continue;
                }
            }

          problem = add_problem (lint,
                                 is_image ? HANJI_LINT_ERROR : HANJI_LINT_WARNING,
                                 "unparsed-destination",
                                 start + dest_start, dest_end - dest_start,
                                 g_strdup_printf (is_image ? _("%s does not read this as an image: its address has a space")
                                                           : _("%s does not read this as a link: its address has a space"),
                                                  flavor_name (lint->flavor)));
          wrapped = g_strconcat ("<", trimmed, ">", NULL);
          set_fix (problem, g_strdup (_("Put the address in angle brackets")),
                   start + dest_start, dest_end - dest_start, wrapped);
          g_match_info_next (info, NULL);
        }
      g_clear_pointer (&info, g_match_info_free);
    }
}

/* Headings and anchors */

static void
check_headings (Lint      *lint,
                GPtrArray *links)
{
  g_autoptr(GPtrArray) headings = hanji_markdown_list_headings (lint->text, lint->len, lint->flavor);
  g_autoptr(GHashTable) texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < headings->len; i++)
    {
      HanjiHeading *heading = headings->pdata[i];
      g_autofree char *folded = fold_name (heading->text);

      if (heading->id != NULL)
        g_hash_table_add (ids, heading->id);

      if (heading->text[0] == '\0')
        continue;

      if (g_hash_table_contains (texts, folded))
        {
          HanjiHeading *first = g_hash_table_lookup (texts, folded);
          gsize offset = offset_of_line (lint, heading->line);
          const char *eol = memchr (lint->text + offset, '\n', lint->len - offset);

          add_problem (lint, HANJI_LINT_WARNING, "duplicate-heading", offset,
                       (eol ? (gsize) (eol - lint->text) : lint->len) - offset,
                       g_strdup_printf (_("Another heading reads “%s”: links to #%s lead to the first"),
                                        heading->text, first->id ? first->id : heading->text));
          continue;
        }
      g_hash_table_insert (texts, g_steal_pointer (&folded), heading);
    }

  /* Links into the post itself. Plain CommonMark gives no ids at all. */
  if (lint->flavor == HANJI_FLAVOR_COMMONMARK)
    return;

  for (guint i = 0; i < links->len; i++)
    {
      HanjiLink *link = links->pdata[i];
      g_autofree char *id = NULL;
      gsize start, dest_offset, dest_length;
      gboolean bracketed;

      if (link->is_image || link->url[0] != '#' || link->url[1] == '\0')
        continue;

      id = g_uri_unescape_string (link->url + 1, NULL);
      if (id == NULL || g_hash_table_contains (ids, id))
        continue;

      start = offset_of_line (lint, link->line) + (link->column > 0 ? link->column - 1 : 0);
      if (!find_destination (lint, start, &dest_offset, &dest_length, &bracketed))
        {
          dest_offset = start;
          dest_length = 1;
        }
      add_problem (lint, HANJI_LINT_WARNING, "missing-anchor", dest_offset, dest_length,
                   g_strdup_printf (_("No heading has the id “%s”"), id));
    }
}

static int
compare_problems (gconstpointer a,
                  gconstpointer b)
{
  const HanjiLintProblem *pa = *(HanjiLintProblem **) a;
  const HanjiLintProblem *pb = *(HanjiLintProblem **) b;

  if (pa->offset != pb->offset)
    return pa->offset < pb->offset ? -1 : 1;

  return (int) pb->severity - (int) pa->severity;
}

GPtrArray *
hanji_lint_post (const char  *text,
                 gsize        len,
                 HanjiSite   *site,
                 GFile       *post_file,
                 HanjiFlavor  flavor)
{
  g_autoptr(GPtrArray) links = NULL;
  Lint lint = { 0 };
  gsize zero = 0;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (site == NULL || HANJI_IS_SITE (site), NULL);

  lint.text = text;
  lint.len = len;
  lint.site = site;
  lint.flavor = flavor;
  lint.post_dir = post_file ? g_file_get_parent (post_file) : NULL;
  lint.problems = g_ptr_array_new_with_free_func ((GDestroyNotify) hanji_lint_problem_free);
  lint.line_starts = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_array_append_val (lint.line_starts, zero);
  for (const char *p = text; (p = memchr (p, '\n', text + len - p)) != NULL; p++)
    {
      gsize next = p - text + 1;

      g_array_append_val (lint.line_starts, next);
    }

  check_front_matter (&lint);

  links = hanji_markdown_list_links (text, len, flavor);
  for (guint i = 0; i < links->len; i++)
    {
      check_link (&lint, links->pdata[i]);
      check_alt (&lint, links->pdata[i]);
    }
  check_unparsed (&lint);
  check_headings (&lint, links);

  g_ptr_array_sort (lint.problems, compare_problems);

  g_clear_object (&lint.post_dir);
  g_array_unref (lint.line_starts);

  return lint.problems;
}

char *
hanji_lint_apply_fix (const char             *text,
                      gsize                   len,
                      const HanjiLintProblem *problem)
{
  GString *fixed;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (problem != NULL, NULL);

  if (problem->fix_text == NULL || problem->fix_offset + problem->fix_length > len)
    return NULL;

  fixed = g_string_new_len (text, problem->fix_offset);
  g_string_append (fixed, problem->fix_text);
  g_string_append_len (fixed, text + problem->fix_offset + problem->fix_length,
                       len - problem->fix_offset - problem->fix_length);

  return g_string_free (fixed, FALSE);
}
