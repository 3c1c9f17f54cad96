/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz-link"

/* Link and image destinations, and the names made from titles.
 *
 * The preview resolves every destination against the site (relative to
 * the post, site-absolute in the static folders) through the render
 * options' HanjiUrlResolver; its promise is that every link and image
 * destination passes through the hook. Each flavor renders the input
 * with a resolver that answers every call with a numbered marker, one in
 * three with a hostile URL instead, and checks that
 *   - every href and src of the HTML is a marker, or empty (the hostile
 *     URL blanked), or a footnote's own #fn link: no destination got by;
 *   - the hostile answers never reach the HTML (no javascript: URL, no
 *     tag);
 *   - the destinations handed to the resolver are valid UTF-8;
 *   - a resolver that keeps every URL (returns NULL) changes nothing.
 *
 * The first line of the input is also a post title: hanji_slugify must
 * give a non-empty slug of letters, digits and single inner dashes that
 * fits a file name and passes through unchanged; hanji_fold_text must
 * give valid, composed UTF-8. */

#include "config.h"

#include "hanji-markdown.h"
#include "hanji-new-post.h"
#include "hanji-site.h"

#include "fuzz-common.h"

#define MARKER "hanji-resolved:"
#define HOSTILE "javascript:alert(\"x\")<script>"

typedef struct
{
  guint n_calls;
} Resolver;

static char *
marker_resolver (const char *url,
                 gboolean    is_image,
                 gpointer    user_data)
{
  Resolver *resolver = user_data;
  guint n = resolver->n_calls++;

  fuzz_check (url != NULL, "a NULL destination");
  fuzz_check (g_utf8_validate (url, -1, NULL), "destination not UTF-8: “%s”", url);

  if (n % 3 == 2)
    return g_strdup (HOSTILE);
  return g_strdup_printf (MARKER "%u:%s:%s", n, is_image ? "img" : "a", url);
}

static char *
keep_resolver (const char *url,
               gboolean    is_image,
               gpointer    user_data)
{
  return NULL;
}

static void
check_value (const char *value,
             const char *end,
             const char *attribute,
             guint       n_calls,
             HanjiFlavor flavor,
             const char *html)
{
  guint n;

  if (end == value)
    return;   /* a blanked dangerous URL */
  if (g_str_equal (attribute, "href") && g_str_has_prefix (value, "#fn"))
    return;   /* a footnote reference or back link of the renderer */

  fuzz_check (g_str_has_prefix (value, MARKER),
              "%s (%s) did not pass the resolver: %.*s\n%s", attribute,
              hanji_flavor_to_string (flavor), (int) (end - value), value, html);
  n = (guint) strtoul (value + strlen (MARKER), NULL, 10);
  fuzz_check (n < n_calls && n % 3 != 2, "%s marker %u of %u calls", attribute, n, n_calls);
}

/* Every href or src value in html's tags. The scan knows tags and
 * quotes, as a browser does: ` href="` inside another attribute's value
 * (an image title, say) is text, not an attribute. */
static void
check_destinations (const char *html,
                    const char *attribute,
                    guint       n_calls,
                    HanjiFlavor flavor)
{
  gsize attribute_len = strlen (attribute);
  const char *p = html;

  while ((p = strchr (p, '<')) != NULL)
    {
      p++;
      if (!g_ascii_isalpha (*p))
        continue;
      while (*p != '\0' && !g_ascii_isspace (*p) && *p != '>')
        p++;

      while (*p != '\0' && *p != '>')
        {
          const char *name, *value, *end;
          gsize name_len;

          while (g_ascii_isspace (*p) || *p == '/')
            p++;
          if (*p == '\0' || *p == '>')
            break;

          name = p;
          while (*p != '\0' && !g_ascii_isspace (*p) && *p != '=' && *p != '>' && *p != '/')
            p++;
          name_len = p - name;
          if (*p != '=')
            continue;   /* no value */
          p++;

          if (*p == '"' || *p == '\'')
            {
              char quote = *p++;

              value = p;
              end = strchr (p, quote);
              fuzz_check (end != NULL, "unterminated %.*s in:\n%s", (int) name_len, name, html);
              p = end + 1;
            }
          else
            {
              value = p;
              while (*p != '\0' && !g_ascii_isspace (*p) && *p != '>')
                p++;
              end = p;
            }

          if (name_len == attribute_len && g_ascii_strncasecmp (name, attribute, name_len) == 0)
            check_value (value, end, attribute, n_calls, flavor, html);
        }
    }
}

static void
check_flavor (HanjiFlavor  flavor,
              const char  *text,
              gsize        len)
{
  g_autofree char *plain = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *resolved = NULL;
  Resolver resolver = { 0 };
  HanjiRenderOptions options;

  hanji_render_options_init (&options, flavor);
  options.sourcepos = TRUE;
  plain = hanji_markdown_render_post (text, len, &options);

  options.resolver = keep_resolver;
  kept = hanji_markdown_render_post (text, len, &options);
  fuzz_check (g_str_equal (plain, kept), "a resolver that keeps every URL changed the HTML (%s)",
              hanji_flavor_to_string (flavor));

  options.resolver = marker_resolver;
  options.resolver_data = &resolver;
  resolved = hanji_markdown_render_post (text, len, &options);

  check_destinations (resolved, "href", resolver.n_calls, flavor);
  check_destinations (resolved, "src", resolver.n_calls, flavor);
  fuzz_check (strstr (resolved, "<script") == NULL,
              "a <script> tag reached the HTML:\n%s", resolved);
}

static gboolean
slug_char_ok (gunichar c,
              gboolean after_letter)
{
  GUnicodeType type = g_unichar_type (c);

  return g_unichar_isalnum (c) ||
         (after_letter && (type == G_UNICODE_NON_SPACING_MARK || type == G_UNICODE_SPACING_MARK));
}

static void
check_slug (const char *title)
{
  g_autofree char *slug = hanji_slugify (title);
  g_autofree char *again = NULL;
  gboolean after_letter = FALSE;
  gsize len;

  fuzz_check (slug != NULL && slug[0] != '\0', "empty slug");
  fuzz_check (g_utf8_validate (slug, -1, NULL), "slug not UTF-8");
  len = strlen (slug);
  /* "YYYY-MM-DD-" + slug + "-NNN.markdown" fits 255 bytes. */
  fuzz_check (len <= 255 - 11 - 13, "slug of %zu bytes", len);
  fuzz_check (slug[0] != '-' && slug[len - 1] != '-' && strstr (slug, "--") == NULL,
              "slug “%s”", slug);

  for (const char *p = slug; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '-')
        {
          after_letter = FALSE;
          continue;
        }
      fuzz_check (slug_char_ok (c, after_letter), "U+%04X in slug “%s”", c, slug);
      fuzz_check (g_unichar_tolower (c) == c, "upper case U+%04X in slug “%s”", c, slug);
      after_letter = TRUE;
    }

  again = hanji_slugify (slug);
  fuzz_check (g_str_equal (again, slug), "slugify is not stable: “%s” → “%s”", slug, again);
}

static void
check_fold (const char *text)
{
  g_autofree char *folded = hanji_fold_text (text);
  g_autofree char *composed = NULL;

  fuzz_check (folded != NULL && g_utf8_validate (folded, -1, NULL), "fold not UTF-8");
  composed = g_utf8_normalize (folded, -1, G_NORMALIZE_DEFAULT_COMPOSE);
  fuzz_check (composed != NULL && g_str_equal (composed, folded), "fold not composed");
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
  g_autofree char *text = NULL;
  g_autofree char *title = NULL;
  g_autofree char *valid_title = NULL;
  const char *nl;
  gsize len;

  text = fuzz_dup_cstring (data, size, &len);

  check_flavor (HANJI_FLAVOR_COMMONMARK, (const char *) data, size);
  check_flavor (HANJI_FLAVOR_HUGO, (const char *) data, size);
  check_flavor (HANJI_FLAVOR_JEKYLL, (const char *) data, size);

  nl = strchr (text, '\n');
  title = g_strndup (text, nl != NULL ? (gsize) (nl - text) : len);
  check_slug (title);
  valid_title = g_utf8_make_valid (title, -1);
  check_slug (valid_title);

  check_fold (text);
  check_fold (title);

  return 0;
}
