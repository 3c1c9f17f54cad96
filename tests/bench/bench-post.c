/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "bench-post.h"
#include "hanji-test-util.h"

static const char *const ko_sentences[] = {
  "오늘은 아침 일찍 일어나서 동네 시장에 다녀왔다.",
  "한지는 정적 사이트 블로그를 위한 그놈 편집기이다.",
  "미리보기가 타이핑을 따라오지 못하면 글쓰기의 흐름이 끊긴다.",
  "김치찌개는 묵은지로 끓여야 제맛이 난다고 어머니께서 말씀하셨다.",
  "서울의 겨울은 생각보다 건조해서 가습기가 꼭 필요하다.",
  "이 글에서는 빌드 시간을 줄이는 몇 가지 방법을 정리해 본다.",
  "주말에는 한강을 따라 자전거를 타고 여의도까지 달렸다.",
  "처음에는 어려웠지만 조금씩 익숙해지니 재미있어졌다.",
};

static const char *const en_sentences[] = {
  "The static site generator rebuilds every page when a post changes.",
  "Markdown keeps the writing portable across Hugo and Jekyll.",
  "A preview that lags behind the cursor breaks the writer's flow.",
  "We measured the render time with a cold cache and a warm one.",
  "The front matter holds the title, the date and the tags.",
  "Latency matters more than throughput for an editor.",
  "Most posts are short, but a few long ones dominate the worst case.",
  "Images are resolved against the site's static folder.",
};

static const char *const words[] = {
  "한지", "블로그", "미리보기", "편집기", "Markdown", "Hugo", "Jekyll",
  "GNOME", "성능", "latency", "렌더링", "WebKit", "타이핑", "post",
};

static const char *
pick (GRand              *rand,
      const char *const  *items,
      guint               n)
{
  return items[g_rand_int_range (rand, 0, (gint32) n)];
}

static void
append_paragraph (GString *out,
                  GRand   *rand)
{
  guint n = g_rand_int_range (rand, 3, 7);

  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (out, ' ');
      if (g_rand_boolean (rand))
        g_string_append (out, pick (rand, ko_sentences, G_N_ELEMENTS (ko_sentences)));
      else
        g_string_append (out, pick (rand, en_sentences, G_N_ELEMENTS (en_sentences)));

      switch (g_rand_int_range (rand, 0, 8))
        {
        case 0:
          g_string_append_printf (out, " **%s**", pick (rand, words, G_N_ELEMENTS (words)));
          break;
        case 1:
          g_string_append_printf (out, " *%s*와 `%s`",
                                  pick (rand, words, G_N_ELEMENTS (words)),
                                  pick (rand, words, G_N_ELEMENTS (words)));
          break;
        case 2:
          g_string_append_printf (out, " [%s](https://example.com/%u)",
                                  pick (rand, words, G_N_ELEMENTS (words)),
                                  g_rand_int_range (rand, 1, 1000));
          break;
        default:
          break;
        }
    }
  g_string_append (out, "\n\n");
}

static void
append_section (GString *out,
                GRand   *rand,
                guint    index)
{
  g_string_append_printf (out, "## %u. %s와 %s\n\n", index,
                          pick (rand, words, G_N_ELEMENTS (words)),
                          pick (rand, words, G_N_ELEMENTS (words)));
  append_paragraph (out, rand);
  append_paragraph (out, rand);

  switch (index % 5)
    {
    case 0:
      for (guint i = 0; i < 4; i++)
        g_string_append_printf (out, "- %s %s\n",
                                pick (rand, words, G_N_ELEMENTS (words)),
                                pick (rand, ko_sentences, G_N_ELEMENTS (ko_sentences)));
      g_string_append (out, "  - [x] 중첩된 항목 nested item\n\n");
      break;

    case 1:
      g_string_append (out, "| 항목 | Before | After | 비고 |\n|------|-------:|------:|------|\n");
      for (guint i = 0; i < 4; i++)
        g_string_append_printf (out, "| %s | %u ms | %u ms | %s |\n",
                                pick (rand, words, G_N_ELEMENTS (words)),
                                g_rand_int_range (rand, 10, 900),
                                g_rand_int_range (rand, 1, 90),
                                pick (rand, words, G_N_ELEMENTS (words)));
      g_string_append (out, "\n");
      break;

    case 2:
      g_string_append (out,
                       "```c\n"
                       "static void\n"
                       "render_cb (GObject *object, GAsyncResult *result, gpointer data)\n"
                       "{\n"
                       "  /* 결과가 오래되었으면 버린다 */\n"
                       "  if (serial != self->serial)\n"
                       "    return;\n"
                       "}\n"
                       "```\n\n");
      break;

    case 3:
      g_string_append_printf (out, "![%s 사진](/assets/img/photo-%u.jpg)\n\n",
                              pick (rand, words, G_N_ELEMENTS (words)), index);
      g_string_append_printf (out, "> %s\n> — %s\n\n",
                              pick (rand, ko_sentences, G_N_ELEMENTS (ko_sentences)),
                              pick (rand, en_sentences, G_N_ELEMENTS (en_sentences)));
      break;

    default:
      for (guint i = 1; i <= 3; i++)
        g_string_append_printf (out, "%u. %s\n", i,
                                pick (rand, en_sentences, G_N_ELEMENTS (en_sentences)));
      g_string_append (out, "\n");
      break;
    }
}

char *
bench_post_generate (gsize target_size)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240518);
  GString *out = g_string_sized_new (target_size + 4096);
  gboolean anchored = FALSE;
  guint index = 1;

  g_string_append (out,
                   "---\n"
                   "title: \"한지로 쓰는 긴 글: 미리보기 성능 측정\"\n"
                   "date: 2024-05-18T23:37:00\n"
                   "tags: [한지, benchmark, markdown]\n"
                   "categories:\n"
                   "  - 개발\n"
                   "draft: false\n"
                   "---\n\n"
                   "이 글은 벤치마크를 위해 만들어졌다. This post was generated for a benchmark.\n\n");

  while (out->len < target_size)
    {
      /* The writer types at the end of a paragraph half way down. */
      if (!anchored && out->len >= target_size / 2)
        {
          g_string_append (out, "## 여기에서 타이핑\n\n");
          g_string_append (out, pick (rand, ko_sentences, G_N_ELEMENTS (ko_sentences)));
          g_string_append (out, " " BENCH_POST_ANCHOR "\n\n");
          anchored = TRUE;
        }
      append_section (out, rand, index++);
    }

  g_string_append (out, "끝. The end.\n");
  g_assert_true (anchored);

  return g_string_free (out, FALSE);
}

char *
bench_site_create (void)
{
  g_autoptr(GError) error = NULL;
  char *site = g_dir_make_tmp ("hanji-bench-XXXXXX", &error);
  g_autofree char *config = NULL;
  g_autofree char *posts = NULL;

  g_assert_no_error (error);
  config = g_build_filename (site, "_config.yml", NULL);
  posts = g_build_filename (site, "_posts", NULL);
  g_file_set_contents (config, "title: 벤치마크 블로그\n", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir (posts, 0755), ==, 0);

  return site;
}

char *
bench_site_add_post (const char *site,
                     const char *name,
                     const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *basename = g_strconcat (name, ".md", NULL);
  char *path = g_build_filename (site, "_posts", basename, NULL);

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);

  return path;
}

void
bench_site_remove (const char *site)
{
  hanji_test_remove_tree (site);
}

double
bench_percentile (const double *sorted,
                  guint         n,
                  double        p)
{
  guint rank;

  if (n == 0)
    return NAN;

  rank = (guint) ceil (p / 100.0 * n);
  rank = CLAMP (rank, 1, n);
  return sorted[rank - 1];
}

int
bench_compare_double (gconstpointer a,
                      gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

/* bench_hugo_site_write () ------------------------------------------- */

static const char * const tag_words[] = {
  "한지", "gnome", "gtk", "블로그", "hugo", "jekyll", "markdown", "성능",
  "여행", "요리", "서울", "rust", "c", "linux", "사진", "책",
};

static const char * const title_words[] = {
  "한지로 쓰는", "A note on", "주말의", "Thoughts about", "처음 배우는",
  "Measuring", "다시 보는", "Why I like",
};

/* The body of bench_post_generate() without its front matter. */
static char *
generate_body (gsize size)
{
  g_autofree char *post = bench_post_generate (size);
  const char *end = strstr (post + 4, "\n---\n");

  g_assert_nonnull (end);
  return g_strdup (end + 5);
}

void
bench_hugo_site_write (const char *dir,
                       guint       n_posts)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);
  g_autofree char *config = g_build_filename (dir, "hugo.toml", NULL);
  char *bodies[8];

  g_file_set_contents (config,
                       "baseURL = 'https://example.org/'\n"
                       "languageCode = 'ko'\n"
                       "title = '만 개의 글'\n"
                       "disableKinds = ['RSS', 'sitemap']\n",
                       -1, &error);
  g_assert_no_error (error);

  /* About 4 KB with the front matter; a few different lengths. */
  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    bodies[i] = generate_body (3400 + 100 * i);

  for (guint i = 0; i < n_posts; i++)
    {
      guint year = 2010 + i % 15;
      g_autofree char *folder = g_strdup_printf ("%s/content/posts/%u", dir, year);
      g_autofree char *path = g_strdup_printf ("%s/post-%05u.md", folder, i);
      g_autoptr(GString) text = g_string_new ("---\n");
      guint n_tags = g_rand_int_range (rand, 1, 5);

      g_string_append_printf (text, "title: \"%s %s #%u\"\n",
                              title_words[g_rand_int_range (rand, 0, G_N_ELEMENTS (title_words))],
                              tag_words[g_rand_int_range (rand, 0, G_N_ELEMENTS (tag_words))], i);
      g_string_append_printf (text, "date: %04u-%02d-%02dT%02d:%02d:00+09:00\n",
                              year, g_rand_int_range (rand, 1, 13), g_rand_int_range (rand, 1, 29),
                              g_rand_int_range (rand, 0, 24), g_rand_int_range (rand, 0, 60));
      g_string_append_printf (text, "draft: %s\n", i % 20 == 0 ? "true" : "false");
      g_string_append (text, "tags:\n");
      for (guint t = 0; t < n_tags; t++)
        g_string_append_printf (text, "  - %s%u\n",
                                tag_words[g_rand_int_range (rand, 0, G_N_ELEMENTS (tag_words))],
                                g_rand_int_range (rand, 0, 20));
      g_string_append_printf (text, "categories: [\"%s\"]\n",
                              i % 3 == 0 ? "일기" : i % 3 == 1 ? "dev" : "여행");
      g_string_append (text, "---\n\n");
      g_string_append (text, bodies[i % G_N_ELEMENTS (bodies)]);

      g_assert_cmpint (g_mkdir_with_parents (folder, 0755), ==, 0);
      g_file_set_contents (path, text->str, text->len, &error);
      g_assert_no_error (error);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    g_free (bodies[i]);
}

/* bench_stall_meter ---------------------------------------------------- */

static GPollFunc meter_real_poll;
static gint64 meter_busy_since;
static gint64 meter_busy_max;
static gboolean meter_verbose;

static gint
meter_poll (GPollFD *fds,
            guint    nfds,
            gint     timeout)
{
  gint64 now = g_get_monotonic_time ();
  gint ret;

  if (meter_busy_since != 0)
    {
      gint64 busy = now - meter_busy_since;

      meter_busy_max = MAX (meter_busy_max, busy);
      if (meter_verbose && busy > 40000)
        g_print ("#   busy %.1f ms at monotonic %.6f s\n", busy / 1e3, meter_busy_since / 1e6);
    }

  ret = meter_real_poll (fds, nfds, timeout);
  meter_busy_since = g_get_monotonic_time ();

  return ret;
}

void
bench_stall_meter_start (void)
{
  meter_verbose = g_getenv ("HANJI_BENCH_VERBOSE") != NULL;
  meter_real_poll = g_main_context_get_poll_func (NULL);
  g_main_context_set_poll_func (NULL, meter_poll);
  meter_busy_since = 0;
  meter_busy_max = 0;
}

void
bench_stall_meter_stop (void)
{
  g_main_context_set_poll_func (NULL, meter_real_poll);
}

gint64
bench_stall_meter_take (void)
{
  gint64 max = meter_busy_max;

  meter_busy_max = 0;
  return max;
}
