/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  /* Words as a reader counts them: a Korean 어절 (the letters between
   * spaces, 한국어는) is one word, like a word in English; Chinese and
   * Japanese characters, written without spaces, are a word each. */
  guint words;
  /* Characters the reader sees (markup, link addresses and code
   * fences left out), with and without white space. */
  guint characters;
  guint characters_no_spaces;
  /* Of those: Hangul syllables (decomposed jamo counted composed), and
   * Chinese and Japanese characters. */
  guint hangul;
  guint cjk;
  /* Reading time in whole minutes, at least 1 when there is any word. */
  guint minutes;
} HanjiTextStats;

/* Counts text (a post: any front matter is skipped) as it will be read.
 * Code inside fences is not counted. Fast enough to
 * run on every pause in typing: a single pass, no allocation per word. */
void hanji_text_stats_count (const char     *text,
                             gssize          len,
                             HanjiTextStats *stats);

/* The same for a piece of a post (a selection): no front matter. */
void hanji_text_stats_count_fragment (const char     *text,
                                      gssize          len,
                                      HanjiTextStats *stats);

G_END_DECLS
