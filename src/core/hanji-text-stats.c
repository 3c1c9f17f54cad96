/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hanji-text-stats"

#include "config.h"

#include <string.h>

#include "hanji-front-matter.h"
#include "hanji-text-stats.h"

/* Reading speeds. English: 238 words a minute, the silent reading rate
 * of adults for non-fiction in Brysbaert's 2019 meta-analysis. Korean
 * is read by the syllable; 500 syllables a minute is an assumption in
 * the range reported for adult silent reading. Chinese and Japanese
 * characters carry more each: 400 a minute, also assumed. */
#define WORDS_PER_MINUTE   238.0
#define HANGUL_PER_MINUTE  500.0
#define CJK_PER_MINUTE     400.0

typedef struct
{
  HanjiTextStats *stats;
  guint           other_words;
  gboolean        in_word;
  gboolean        in_fence;
  char            fence_char;
  guint           fence_len;
} Counter;

static gboolean
is_hangul_syllable_start (gunichar c)
{
  /* Precomposed syllables, or the leading consonant of a decomposed
   * one (a macOS file's NFD). */
  return (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0x1100 && c <= 0x1112);
}

static void
count_char (Counter  *counter,
            gunichar  c,
            gunichar  previous)
{
  HanjiTextStats *stats = counter->stats;
  GUnicodeScript script;

  stats->characters++;

  if (g_unichar_isspace (c))
    {
      counter->in_word = FALSE;
      return;
    }

  stats->characters_no_spaces++;
  script = g_unichar_get_script (c);

  if (script == G_UNICODE_SCRIPT_HAN ||
      script == G_UNICODE_SCRIPT_HIRAGANA ||
      script == G_UNICODE_SCRIPT_KATAKANA)
    {
      stats->words++;
      stats->cjk++;
      counter->in_word = FALSE;
      return;
    }

  if (script == G_UNICODE_SCRIPT_HANGUL)
    {
      if (is_hangul_syllable_start (c))
        stats->hangul++;
      if (!counter->in_word)
        stats->words++;
      counter->in_word = TRUE;
      return;
    }

  if (g_unichar_isalnum (c) || g_unichar_ismark (c))
    {
      if (!counter->in_word)
        {
          stats->words++;
          counter->other_words++;
        }
      counter->in_word = TRUE;
      return;
    }

  /* don't, well-known, 3.14: one word each. */
  if ((c == '\'' || c == 0x2019 || c == '-' || c == '.' || c == ',') &&
      counter->in_word && g_unichar_isalnum (previous))
    return;

  counter->in_word = FALSE;
}

/* The line as read: block markers (headings, quotes, list items, task
 * boxes) and inline markup (emphasis, code, brackets, link addresses,
 * HTML tags) are not counted. */
static void
count_line (Counter    *counter,
            const char *line,
            const char *end)
{
  const char *p = line;
  gunichar previous = 0;

  /* Block markers */
  for (;;)
    {
      const char *q = p;

      while (q < end && *q == ' ')
        q++;

      if (q < end && *q == '>')
        {
          p = q + 1;
          continue;
        }
      if (q < end && *q == '#')
        {
          const char *h = q;

          while (h < end && *h == '#')
            h++;
          if (h - q <= 6 && (h == end || *h == ' '))
            {
              p = h;
              continue;
            }
        }
      if (q + 1 < end && (*q == '-' || *q == '*' || *q == '+') && q[1] == ' ')
        {
          p = q + 2;
          continue;
        }
      if (q < end && g_ascii_isdigit (*q))
        {
          const char *d = q;

          while (d < end && g_ascii_isdigit (*d))
            d++;
          if (d + 1 < end && (*d == '.' || *d == ')') && d[1] == ' ' && d - q <= 9)
            {
              p = d + 2;
              continue;
            }
        }
      if (q + 3 < end && q[0] == '[' && (q[1] == ' ' || q[1] == 'x' || q[1] == 'X') && q[2] == ']' && q[3] == ' ')
        {
          p = q + 4;
          continue;
        }
      break;
    }

  while (p < end)
    {
      gunichar c;

      /* A link's or image's address is not read. */
      if (p[0] == ']' && p + 1 < end && p[1] == '(')
        {
          const char *close = memchr (p + 2, ')', end - p - 2);

          if (close != NULL)
            {
              p = close + 1;
              counter->in_word = FALSE;
              continue;
            }
        }

      /* An HTML tag or comment. */
      if (p[0] == '<' && p + 1 < end && (g_ascii_isalpha (p[1]) || p[1] == '/' || p[1] == '!'))
        {
          const char *close = memchr (p + 1, '>', end - p - 1);

          if (close != NULL)
            {
              p = close + 1;
              counter->in_word = FALSE;
              continue;
            }
        }

      /* Emphasis inside a word leaves one word: *한지*는. */
      if (strchr ("*_~`[]", *p) != NULL || (*p == '!' && p + 1 < end && p[1] == '['))
        {
          p++;
          continue;
        }
      if (*p == '|')
        {
          counter->in_word = FALSE;
          p++;
          continue;
        }

      c = g_utf8_get_char_validated (p, end - p);
      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          p++;
          continue;
        }

      count_char (counter, c, previous);
      previous = c;
      p = g_utf8_next_char (p);
    }

  counter->in_word = FALSE;
}

/* Fenced code: ``` or ~~~ (three or more), closed by the same kind at
 * least as long. */
static gboolean
fence_line (Counter    *counter,
            const char *line,
            const char *end)
{
  const char *p = line;
  guint n = 0;
  char c;

  while (p < end && *p == ' ' && p - line < 3)
    p++;
  if (p == end || (*p != '`' && *p != '~'))
    return counter->in_fence;

  c = *p;
  while (p < end && *p == c)
    {
      p++;
      n++;
    }

  if (n < 3)
    return counter->in_fence;

  if (!counter->in_fence)
    {
      counter->in_fence = TRUE;
      counter->fence_char = c;
      counter->fence_len = n;
      return TRUE;
    }

  if (c == counter->fence_char && n >= counter->fence_len)
    counter->in_fence = FALSE;

  return TRUE;
}

static void
count_text (const char     *text,
            gsize           len,
            HanjiTextStats *stats)
{
  Counter counter = { stats, 0, FALSE, FALSE, 0, 0 };
  const char *line = text;
  const char *end = text + len;
  double minutes;

  while (line < end)
    {
      const char *eol = memchr (line, '\n', end - line);
      const char *line_end = eol != NULL ? eol : end;
      const char *content_end = line_end;

      if (content_end > line && content_end[-1] == '\r')
        content_end--;

      if (!fence_line (&counter, line, content_end))
        count_line (&counter, line, content_end);

      /* A line break reads as a space between words. */
      if (eol != NULL)
        stats->characters++;

      line = eol != NULL ? eol + 1 : end;
    }

  minutes = stats->hangul / HANGUL_PER_MINUTE +
            stats->cjk / CJK_PER_MINUTE +
            counter.other_words / WORDS_PER_MINUTE;
  /* Rounded up, but a few seconds over a minute do not make two. */
  stats->minutes = (guint) minutes;
  if (minutes - stats->minutes > 0.05)
    stats->minutes++;
  if (stats->words > 0)
    stats->minutes = MAX (stats->minutes, 1);
}

void
hanji_text_stats_count_fragment (const char     *text,
                                 gssize          len,
                                 HanjiTextStats *stats)
{
  g_return_if_fail (stats != NULL);

  memset (stats, 0, sizeof *stats);
  if (text == NULL)
    return;

  count_text (text, len < 0 ? strlen (text) : (gsize) len, stats);
}

void
hanji_text_stats_count (const char     *text,
                        gssize          len,
                        HanjiTextStats *stats)
{
  HanjiFrontMatterSplit split;
  gsize length;

  g_return_if_fail (stats != NULL);

  memset (stats, 0, sizeof *stats);
  if (text == NULL)
    return;

  length = len < 0 ? strlen (text) : (gsize) len;
  hanji_front_matter_split (text, length, &split);
  count_text (text + split.body_start, length - split.body_start, stats);
}
