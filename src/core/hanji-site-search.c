/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hanji-site-search"

#include "config.h"

#include <string.h>

#include "hanji-site-search.h"
#include "hanji-text-file.h"

/* A result line longer than this is cut around its match. */
#define CONTEXT_BYTES 160

struct _HanjiSearchMatch
{
  GObject  parent_instance;

  GFile   *file;
  char    *title;
  guint    line;
  guint    column;
  guint    length;
  char    *context;
  guint    context_start;
  guint    context_length;
};

G_DEFINE_FINAL_TYPE (HanjiSearchMatch, hanji_search_match, G_TYPE_OBJECT)

static void
hanji_search_match_finalize (GObject *object)
{
  HanjiSearchMatch *self = HANJI_SEARCH_MATCH (object);

  g_clear_object (&self->file);
  g_free (self->title);
  g_free (self->context);

  G_OBJECT_CLASS (hanji_search_match_parent_class)->finalize (object);
}

static void
hanji_search_match_class_init (HanjiSearchMatchClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hanji_search_match_finalize;
}

static void
hanji_search_match_init (HanjiSearchMatch *self)
{
}

GFile *
hanji_search_match_get_file (HanjiSearchMatch *self)
{
  g_return_val_if_fail (HANJI_IS_SEARCH_MATCH (self), NULL);

  return self->file;
}

const char *
hanji_search_match_get_title (HanjiSearchMatch *self)
{
  g_return_val_if_fail (HANJI_IS_SEARCH_MATCH (self), NULL);

  return self->title;
}

guint
hanji_search_match_get_line (HanjiSearchMatch *self)
{
  g_return_val_if_fail (HANJI_IS_SEARCH_MATCH (self), 0);

  return self->line;
}

guint
hanji_search_match_get_column (HanjiSearchMatch *self)
{
  g_return_val_if_fail (HANJI_IS_SEARCH_MATCH (self), 0);

  return self->column;
}

guint
hanji_search_match_get_length (HanjiSearchMatch *self)
{
  g_return_val_if_fail (HANJI_IS_SEARCH_MATCH (self), 0);

  return self->length;
}

const char *
hanji_search_match_get_context (HanjiSearchMatch *self,
                                guint            *match_start,
                                guint            *match_length)
{
  g_return_val_if_fail (HANJI_IS_SEARCH_MATCH (self), NULL);

  if (match_start != NULL)
    *match_start = self->context_start;
  if (match_length != NULL)
    *match_length = self->context_length;

  return self->context;
}

GRegex *
hanji_search_regex_new (const char *query)
{
  g_autofree char *nfc = NULL;
  g_autofree char *escaped = NULL;

  if (query == NULL || !g_utf8_validate (query, -1, NULL))
    return NULL;

  nfc = g_utf8_normalize (query, -1, G_NORMALIZE_NFC);
  if (nfc == NULL || nfc[0] == '\0')
    return NULL;

  escaped = g_regex_escape_string (nfc, -1);
  /* Not G_REGEX_OPTIMIZE: its JIT code reads past the subject in wide
   * loads (memcheck flags every match), and the interpreter is fast enough
   * for a literal over a site's posts. */
  return g_regex_new (escaped, G_REGEX_CASELESS, 0, NULL);
}

/* The line, from its first non-blank, cut to CONTEXT_BYTES around the
 * match at [start, end) (bytes in line), with … where it was cut. */
static char *
make_context (const char *line,
              gsize       line_len,
              gsize       start,
              gsize       end,
              guint      *context_start,
              guint      *context_length)
{
  GString *context = g_string_new (NULL);
  const char *from = line;
  const char *to = line + line_len;

  while (from < line + start && (*from == ' ' || *from == '\t'))
    from++;

  if ((gsize) (to - from) > CONTEXT_BYTES)
    {
      /* A third of the room before the match, the rest after it. */
      if (line + start - from > CONTEXT_BYTES / 3)
        {
          from = g_utf8_find_prev_char (line, line + start - CONTEXT_BYTES / 3 + 1);
          if (from == NULL)
            from = line;
          g_string_append (context, "…");
        }
      if (to - from > CONTEXT_BYTES && from + CONTEXT_BYTES > line + end)
        to = g_utf8_find_prev_char (from, from + CONTEXT_BYTES + 1);
      else if (to - from > CONTEXT_BYTES)
        to = line + end;
    }

  *context_start = context->len + (line + start - from);
  *context_length = end - start;
  g_string_append_len (context, from, to - from);
  if (to < line + line_len)
    g_string_append (context, "…");

  return g_string_free (context, FALSE);
}

/* Characters of line (NFD or mixed) before the point where its NFC
 * form has nfc_chars characters: one less than the shortest prefix
 * whose NFC form is longer (a jamo may still join the syllable before
 * it, so "as long" is not yet past it). */
static glong
chars_for_nfc_prefix (const char *line,
                      gsize       line_len,
                      glong       nfc_chars)
{
  const char *p = line;
  glong n = 0;

  while (p < line + line_len)
    {
      g_autofree char *prefix = NULL;

      p = g_utf8_next_char (p);
      n++;
      prefix = g_utf8_normalize (line, p - line, G_NORMALIZE_NFC);
      if (prefix != NULL && g_utf8_strlen (prefix, -1) > nfc_chars)
        return n - 1;
    }

  return n;
}

/* Whether text is certainly in NFC already, so normalizing it (slow in
 * GLib: most of a site search's time went there) can be skipped. True
 * when every character is one that NFC leaves alone and that nothing
 * composes with: ASCII, Latin-1, Hangul syllables and compatibility
 * jamo, CJK ideographs, common punctuation, fullwidth forms and emoji.
 * Anything else (combining marks, conjoining jamo as a Mac writes them,
 * singletons like U+212B) says no, and the caller normalizes. */
static gboolean
is_nfc_quick (const char *text,
              gsize       len)
{
  const guchar *p = (const guchar *) text;
  const guchar *end = p + len;

  /* text is valid UTF-8 (a cut sequence says no); decoded inline, as
   * this runs over every byte of the site. */
  while (p < end)
    {
      gunichar c;

      if (p[0] < 0x80)
        {
          p++;
          continue;
        }
      if (end - p < (p[0] < 0xE0 ? 2 : p[0] < 0xF0 ? 3 : 4))
        return FALSE;
      if (p[0] < 0xE0)
        c = ((p[0] & 0x1F) << 6) | (p[1] & 0x3F), p += 2;
      else if (p[0] < 0xF0)
        c = ((p[0] & 0x0F) << 12) | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F), p += 3;
      else
        c = ((p[0] & 0x07) << 18) | ((p[1] & 0x3F) << 12) | ((p[2] & 0x3F) << 6) | (p[3] & 0x3F), p += 4;

      if (!((c >= 0x00A0 && c <= 0x00FF) ||
            (c >= 0x2010 && c <= 0x2027) ||
            (c >= 0x2030 && c <= 0x205E) ||
            (c >= 0x3000 && c <= 0x3029) ||
            (c >= 0x3131 && c <= 0x318E) ||
            (c >= 0x4E00 && c <= 0x9FFF) ||
            (c >= 0xAC00 && c <= 0xD7A3) ||
            (c >= 0xFF01 && c <= 0xFF60) ||
            (c >= 0x1F300 && c <= 0x1FAFF)))
        return FALSE;
    }

  return TRUE;
}

static void
search_line (const char *line,
             gsize       line_len,
             guint       line_number,
             GFile      *file,
             const char *title,
             GRegex     *regex,
             GPtrArray  *matches,
             guint       max)
{
  g_autoptr(GMatchInfo) info = NULL;
  g_autofree char *normalized = NULL;
  const char *nfc = line;
  gboolean is_nfc = TRUE;
  gsize nfc_len = line_len;

  if (!is_nfc_quick (line, line_len))
    {
      normalized = g_utf8_normalize (line, line_len, G_NORMALIZE_NFC);
      if (normalized == NULL)
        return;
      nfc = normalized;
      nfc_len = strlen (nfc);
      is_nfc = nfc_len == line_len && memcmp (nfc, line, line_len) == 0;
    }

  g_regex_match_full (regex, nfc, nfc_len, 0, 0, &info, NULL);
  while (g_match_info_matches (info) && matches->len < max)
    {
      HanjiSearchMatch *match;
      int start, end;

      g_match_info_fetch_pos (info, 0, &start, &end);
      if (end <= start)
        break;

      match = g_object_new (HANJI_TYPE_SEARCH_MATCH, NULL);
      match->file = g_object_ref (file);
      match->title = g_strdup (title);
      match->line = line_number;

      if (is_nfc)
        {
          match->column = g_utf8_strlen (line, start) + 1;
          match->length = g_utf8_strlen (line + start, end - start);
        }
      else
        {
          glong nfc_start = g_utf8_strlen (nfc, start);
          glong nfc_end = g_utf8_strlen (nfc, end);
          glong first = chars_for_nfc_prefix (line, line_len, nfc_start);
          glong last = chars_for_nfc_prefix (line, line_len, nfc_end);

          match->column = first + 1;
          match->length = MAX (last - first, 1);
        }

      /* The context is the line as the reader sees it: NFC. */
      match->context = make_context (nfc, nfc_len, start, end,
                                     &match->context_start, &match->context_length);
      g_ptr_array_add (matches, match);

      if (!g_match_info_next (info, NULL))
        break;
    }
}

void
hanji_search_text (const char *text,
                   GFile      *file,
                   const char *title,
                   GRegex     *regex,
                   GPtrArray  *matches,
                   guint       max)
{
  const char *line = text;
  guint line_number = 1;

  g_return_if_fail (text != NULL);
  g_return_if_fail (regex != NULL);

  while (matches->len < max)
    {
      const char *eol = strchr (line, '\n');
      gsize len = eol != NULL ? (gsize) (eol - line) : strlen (line);

      search_line (line, len, line_number, file, title, regex, matches, max);

      if (eol == NULL)
        break;
      line = eol + 1;
      line_number++;
    }
}

typedef struct
{
  GPtrArray *files;
  GPtrArray *titles;
  GRegex    *regex;
  gboolean   truncated;
} SearchData;

static void
search_data_free (SearchData *data)
{
  g_ptr_array_unref (data->files);
  g_ptr_array_unref (data->titles);
  g_clear_pointer (&data->regex, g_regex_unref);
  g_free (data);
}

static void
search_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  SearchData *data = task_data;
  g_autoptr(GPtrArray) matches = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GListStore) store = g_list_store_new (HANJI_TYPE_SEARCH_MATCH);

  for (guint i = 0; i < data->files->len && matches->len < HANJI_SITE_SEARCH_MAX_MATCHES; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;
      g_autofree char *nfc = NULL;
      HanjiTextFormat format;

      if (g_task_return_error_if_cancelled (task))
        return;

      text = hanji_text_file_load (data->files->pdata[i], &format, NULL, NULL, cancellable, &error);
      if (text == NULL)
        {
          g_debug ("Not searched: %s", error->message);
          continue;
        }

      /* Most posts do not match at all: one pass over the whole text
       * rules them out before looking line by line. */
      if (is_nfc_quick (text, strlen (text)))
        {
          if (!g_regex_match (data->regex, text, 0, NULL))
            continue;
        }
      else
        {
          nfc = g_utf8_normalize (text, -1, G_NORMALIZE_NFC);
          if (nfc == NULL || !g_regex_match (data->regex, nfc, 0, NULL))
            continue;
        }

      hanji_search_text (text, data->files->pdata[i], data->titles->pdata[i],
                         data->regex, matches, HANJI_SITE_SEARCH_MAX_MATCHES);
    }

  data->truncated = matches->len >= HANJI_SITE_SEARCH_MAX_MATCHES;
  g_list_store_splice (store, 0, 0, matches->pdata, matches->len);
  g_task_return_pointer (task, g_steal_pointer (&store), g_object_unref);
}

void
hanji_site_search_async (HanjiSite           *site,
                         const char          *query,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GListModel *posts;
  SearchData *data;
  guint n;

  g_return_if_fail (HANJI_IS_SITE (site));
  g_return_if_fail (query != NULL);

  task = g_task_new (site, cancellable, callback, user_data);
  g_task_set_source_tag (task, hanji_site_search_async);

  data = g_new0 (SearchData, 1);
  data->files = g_ptr_array_new_with_free_func (g_object_unref);
  data->titles = g_ptr_array_new_with_free_func (g_free);
  data->regex = hanji_search_regex_new (query);
  g_task_set_task_data (task, data, (GDestroyNotify) search_data_free);

  if (data->regex == NULL)
    {
      g_task_return_pointer (task, g_list_store_new (HANJI_TYPE_SEARCH_MATCH), g_object_unref);
      return;
    }

  /* The list belongs to the main thread: the worker gets a copy. */
  posts = hanji_site_get_posts (site);
  n = g_list_model_get_n_items (posts);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HanjiPost) post = g_list_model_get_item (posts, i);

      g_ptr_array_add (data->files, g_object_ref (hanji_post_get_file (post)));
      g_ptr_array_add (data->titles, g_strdup (hanji_post_get_title (post)));
    }

  g_task_run_in_thread (task, search_thread);
}

GListModel *
hanji_site_search_finish (HanjiSite     *site,
                          GAsyncResult  *result,
                          gboolean      *truncated,
                          GError       **error)
{
  SearchData *data;

  g_return_val_if_fail (HANJI_IS_SITE (site), NULL);
  g_return_val_if_fail (g_task_is_valid (result, site), NULL);

  data = g_task_get_task_data (G_TASK (result));
  if (truncated != NULL)
    *truncated = data->truncated;

  return g_task_propagate_pointer (G_TASK (result), error);
}
