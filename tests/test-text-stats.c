/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Counting a post as it is read: Korean by 어절 and syllable, English
 * by word, Chinese and Japanese by character; markup not counted. */

#include "config.h"

#include <string.h>

#include "hanji-test-util.h"
#include "hanji-text-stats.h"

static HanjiTextStats
count (const char *text)
{
  HanjiTextStats stats;

  hanji_text_stats_count (text, -1, &stats);
  return stats;
}

static void
test_english (void)
{
  HanjiTextStats stats = count ("Hello, world. It's a well-known fact: π is 3.14!\n");

  g_assert_cmpuint (stats.words, ==, 9);
  g_assert_cmpuint (stats.hangul, ==, 0);
  g_assert_cmpuint (stats.minutes, ==, 1);
  /* 48 characters and the line break. */
  g_assert_cmpuint (stats.characters, ==, 49);
  g_assert_cmpuint (stats.characters_no_spaces, ==, 40);
}

static void
test_korean (void)
{
  /* Four 어절, fifteen syllables. */
  HanjiTextStats stats = count ("한국어는 띄어쓰기로 어절을 나눈다");

  g_assert_cmpuint (stats.words, ==, 4);
  g_assert_cmpuint (stats.hangul, ==, 15);
  g_assert_cmpuint (stats.characters, ==, 18);
  g_assert_cmpuint (stats.characters_no_spaces, ==, 15);
  g_assert_cmpuint (stats.minutes, ==, 1);

  /* Decomposed (NFD) syllables count as syllables, not jamo. */
  stats = count ("\xe1\x84\x92\xe1\x85\xa1\xe1\x86\xab\xe1\x84\x8c\xe1\x85\xb5");
  g_assert_cmpuint (stats.words, ==, 1);
  g_assert_cmpuint (stats.hangul, ==, 2);
}

static void
test_mixed (void)
{
  GString *text = g_string_new ("---\ntitle: 긴 글\ntags: [a, b]\n---\n\n");
  HanjiTextStats stats;

  /* 1,000 syllables of Korean and 476 English words: 2 + 2 minutes. */
  for (guint i = 0; i < 250; i++)
    g_string_append (text, "가나다라 ");
  for (guint i = 0; i < 238; i++)
    g_string_append (text, "GTK4 widgets ");

  hanji_text_stats_count (text->str, text->len, &stats);
  g_assert_cmpuint (stats.hangul, ==, 1000);
  g_assert_cmpuint (stats.words, ==, 250 + 476);
  g_assert_cmpuint (stats.minutes, ==, 4);
  g_string_free (text, TRUE);

  /* Chinese and Japanese: a word a character. */
  stats = count ("漢字とかな");
  g_assert_cmpuint (stats.words, ==, 5);
  g_assert_cmpuint (stats.cjk, ==, 5);

  /* Emoji are characters, not words. */
  stats = count ("맛있다 🍲");
  g_assert_cmpuint (stats.words, ==, 1);
  g_assert_cmpuint (stats.characters, ==, 5);
}

static void
test_markup (void)
{
  HanjiTextStats plain = count ("전주 한지는 질기다. 한옥마을 사진\n");
  HanjiTextStats marked = count ("## **전주** *한지*는 ~~질기다~~.\n"
                                 "> [한옥마을](https://example.com/a/very/long/path \"제목\") ![사진](../img/My Photo.jpg)\n");

  g_assert_cmpuint (marked.words, ==, plain.words);
  g_assert_cmpuint (marked.hangul, ==, plain.hangul);
  g_assert_cmpuint (marked.characters_no_spaces, ==, plain.characters_no_spaces);

  /* Fenced code and HTML are left out; front matter too. */
  marked = count ("---\ntitle: 제목 여러 낱말\n---\n\n"
                  "<!-- 메모 -->\n"
                  "```c\nint main (void) { return 0; }\n```\n"
                  "~~~\n코드 안\n~~~\n"
                  "- [x] 하나\n1. 둘\n");
  g_assert_cmpuint (marked.words, ==, 2);
  g_assert_cmpuint (marked.hangul, ==, 3);
}

static void
test_empty (void)
{
  HanjiTextStats stats = count ("");

  g_assert_cmpuint (stats.words, ==, 0);
  g_assert_cmpuint (stats.minutes, ==, 0);

  stats = count ("---\ntitle: only front matter\n---\n");
  g_assert_cmpuint (stats.words, ==, 0);
  g_assert_cmpuint (stats.minutes, ==, 0);

  stats = count ("**  ** `` ---\r\n");
  g_assert_cmpuint (stats.words, ==, 0);

  /* CRLF: the \r is not a character of its own. */
  stats = count ("a\r\nb\r\n");
  g_assert_cmpuint (stats.words, ==, 2);
  g_assert_cmpuint (stats.characters, ==, 4);

  /* Not UTF-8: skipped, not a crash. */
  stats = count ("ab \xff\xfe cd");
  g_assert_cmpuint (stats.words, ==, 2);

  hanji_text_stats_count_fragment ("", 0, &stats);
  g_assert_cmpuint (stats.words, ==, 0);
}

static void
test_fragment (void)
{
  HanjiTextStats stats;

  /* A selection starting with --- is not front matter. */
  hanji_text_stats_count_fragment ("---\n한 줄\n", -1, &stats);
  g_assert_cmpuint (stats.words, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text-stats/english", test_english);
  g_test_add_func ("/text-stats/korean", test_korean);
  g_test_add_func ("/text-stats/mixed", test_mixed);
  g_test_add_func ("/text-stats/markup", test_markup);
  g_test_add_func ("/text-stats/empty", test_empty);
  g_test_add_func ("/text-stats/fragment", test_fragment);

  return g_test_run ();
}
