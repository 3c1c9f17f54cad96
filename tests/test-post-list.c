/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The sidebar's post list, driven as a writer would: a Jekyll blog of 30
 * posts in Korean and English (drafts, tags, a file name in macOS's
 * decomposed form) is scanned, then searched, filtered, and posts are
 * chosen from it, alone and inside the real window. */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "hanji-app-test-util.h"
#include "hanji-application.h"
#include "hanji-post-list.h"
#include "hanji-test-util.h"
#include "hanji-window-private.h"

#define N_FILLER 20
#define N_BIG 3000

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

/* The fixture blog */

typedef struct
{
  const char *dir;
  const char *name;
  const char *front_matter;
} PostSpec;

/* Decomposed on disk (see write_site): the name macOS gives the file. */
#define NFD_NAME "2024-02-11-전주-여행.md"

static const PostSpec posts[] = {
  { "_posts", "2024-01-14-kimchi-jjigae.md",
    "title: 김치찌개 끓이는 법\ndate: 2024-01-14\ntags: [요리, 한식]\n" },
  { "_posts", "2024-01-20-gtk4-listview.md",
    "title: GTK 4 List Views\ndate: 2024-01-20\ntags: [gtk, programming]\n" },
  { "_posts", "2024-02-01-rust-async.md",
    "title: Async Rust in Practice\ndate: 2024-02-01\ntags: [rust, Programming]\n" },
  { "_posts", NFD_NAME,
    "title: A Weekend Away\ndate: 2024-02-11\ntags: [travel]\n" },
  { "_posts", "2024-03-09-seoul-cafe.md",
    "title: 서울 카페 탐방\ndate: 2024-03-09\ntags: [여행, cafe]\n" },
  { "_posts", "2024-04-01-cafe-culture.md",
    "title: CAFÉ CULTURE\ndate: 2024-04-01\ndraft: true\ntags: [cafe]\n" },
  /* The title itself decomposed: e + U+0301. */
  { "_posts", "2024-04-02-cafe-society.md",
    "title: \"Cafe\\u0301 Society\"\ndate: 2024-04-02\ntags: [cafe]\n" },
  { "_drafts", "unfinished-thoughts.md",
    "title: Unfinished Thoughts\ntags: [notes]\n" },
  { "_drafts", "hangul-day-draft.md",
    "title: 한글날 기념 글\ntags: [한글, notes]\n" },
  { "_posts", "2024-05-05-untitled.md",
    "date: 2024-05-05\n" },
};

#define N_POSTS (G_N_ELEMENTS (posts) + N_FILLER)

static char *
write_site (void)
{
  g_autoptr(GError) error = NULL;
  char *root = g_dir_make_tmp ("hanji-test-post-list-XXXXXX", &error);

  g_assert_no_error (error);

  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *dir = g_build_filename (root, i == 0 ? "_posts" : "_drafts", NULL);

      g_assert_cmpint (g_mkdir (dir, 0755), ==, 0);
    }

  {
    g_autofree char *config = g_build_filename (root, "_config.yml", NULL);

    g_file_set_contents (config, "title: 목록 시험\n", -1, &error);
    g_assert_no_error (error);
  }

  for (guint i = 0; i < G_N_ELEMENTS (posts); i++)
    {
      g_autofree char *name = g_utf8_normalize (posts[i].name, -1, G_NORMALIZE_NFD);
      g_autofree char *path = g_build_filename (root, posts[i].dir, name, NULL);
      g_autofree char *text = g_strdup_printf ("---\n%s---\n\nBody.\n", posts[i].front_matter);

      g_file_set_contents (path, text, -1, &error);
      g_assert_no_error (error);
    }

  /* Older posts, every third one about programming. */
  for (guint i = 0; i < N_FILLER; i++)
    {
      g_autofree char *name = g_strdup_printf ("2023-%02u-%02u-filler-%u.md", i / 2 + 1, i % 2 + 10, i);
      g_autofree char *path = g_build_filename (root, "_posts", name, NULL);
      g_autofree char *text = g_strdup_printf ("---\ntitle: Filler %u\ntags: [misc%s]\n---\n\nBody.\n",
                                               i, i % 3 == 0 ? ", programming" : "");

      g_file_set_contents (path, text, -1, &error);
      g_assert_no_error (error);
    }

  return root;
}

/* The widget on its own */

typedef struct
{
  char          *root;
  HanjiSite     *site;
  GtkWindow     *window;
  HanjiPostList *list;
  GPtrArray     *activated;
  gboolean       loaded;
  guint          partial_seen;
} Fixture;

static void
post_activated_cb (HanjiPostList *list,
                   HanjiPost     *post,
                   Fixture       *fixture)
{
  g_ptr_array_add (fixture->activated, g_object_ref (hanji_post_get_file (post)));
}

/* Rows that come while the scan goes on are shown at once, over the
 * progress line, not behind the spinner page. (Connected after the list,
 * so it runs once the list has seen the change.) */
static void
posts_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Fixture    *fixture)
{
  if (!hanji_site_get_loading (fixture->site) || g_list_model_get_n_items (model) == 0)
    return;

  g_assert_cmpstr (_hanji_post_list_get_page (fixture->list), ==, "posts");
  g_assert_nonnull (_hanji_post_list_get_progress (fixture->list));
  fixture->partial_seen++;
}

static gboolean
not_loading (gpointer data)
{
  return !hanji_site_get_loading (data);
}

static void
site_load_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Fixture *fixture = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (hanji_site_load_finish (HANJI_SITE (object), result, &error));
  g_assert_no_error (error);
  fixture->loaded = TRUE;
}

static GtkSingleSelection *
get_selection (HanjiPostList *list)
{
  return GTK_SINGLE_SELECTION (gtk_list_view_get_model (hanji_post_list_get_list_view (list)));
}

static gboolean
filter_settled (gpointer data)
{
  return !_hanji_post_list_get_busy (data);
}

/* As the window does it: the list follows the scan, and tells how far
 * it got while rows are already there. */
static void
fixture_set_up (Fixture    *fixture,
                const char *root)
{
  g_autoptr(GFile) folder = NULL;

  fixture->root = g_strdup (root);
  fixture->activated = g_ptr_array_new_with_free_func (g_object_unref);

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 320, 700);
  fixture->list = HANJI_POST_LIST (hanji_post_list_new ());
  g_object_add_weak_pointer (G_OBJECT (fixture->list), (gpointer *) &fixture->list);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->list));
  g_signal_connect (fixture->list, "post-activated", G_CALLBACK (post_activated_cb), fixture);
  gtk_window_present (fixture->window);

  g_assert_cmpstr (_hanji_post_list_get_page (fixture->list), ==, "empty");

  folder = g_file_new_for_path (root);
  fixture->site = hanji_site_new (folder);
  hanji_post_list_set_site (fixture->list, fixture->site);
  g_signal_connect (hanji_site_get_posts (fixture->site), "items-changed",
                    G_CALLBACK (posts_changed_cb), fixture);

  hanji_site_load_async (fixture->site, NULL, site_load_cb, fixture);
  g_assert_cmpstr (_hanji_post_list_get_page (fixture->list), ==, "loading");
  g_assert_null (_hanji_post_list_get_progress (fixture->list));
  spin_until (flag_set, &fixture->loaded, "the scan");
  spin_until (not_loading, fixture->site, "the site to finish loading");
  g_assert_null (_hanji_post_list_get_progress (fixture->list));
  spin_until (filter_settled, fixture->list, "the filter");
}

static void
fixture_tear_down (Fixture *fixture)
{
  GtkWindow *window = fixture->window;

  g_object_ref (window);
  gtk_window_destroy (window);
  spin_until (widget_unrealized, window, "the window to go");
  g_assert_finalize_object (window);
  g_assert_null (fixture->list);

  g_assert_finalize_object (fixture->site);
  g_ptr_array_unref (fixture->activated);
  g_free (fixture->root);
}

typedef struct
{
  HanjiPostList *list;
  const char    *text;
} SearchWait;

static gboolean
search_applied (gpointer data)
{
  SearchWait *wait = data;

  return g_str_equal (hanji_post_list_get_search_text (wait->list), wait->text) &&
         filter_settled (wait->list);
}

/* Types into the search field, as the writer would, and waits for the
 * entry's delay and the filter. */
static void
search (HanjiPostList *list,
        const char    *text)
{
  SearchWait wait = { list, text };

  gtk_editable_set_text (GTK_EDITABLE (_hanji_post_list_get_search_entry (list)), text);
  spin_until (search_applied, &wait, "the search to apply");
}

static void
settle (HanjiPostList *list)
{
  spin_until (filter_settled, list, "the filter");
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The titles the list shows, sorted and joined with “|”. */
static char *
shown_titles (HanjiPostList *list)
{
  GListModel *model = G_LIST_MODEL (get_selection (list));
  g_autoptr(GPtrArray) titles = g_ptr_array_new_with_free_func (g_free);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HanjiPost) post = g_list_model_get_item (model, i);
      g_autofree char *title = g_utf8_normalize (hanji_post_get_title (post), -1, G_NORMALIZE_DEFAULT_COMPOSE);

      g_ptr_array_add (titles, g_steal_pointer (&title));
    }

  g_ptr_array_sort (titles, compare_strings);
  g_ptr_array_add (titles, NULL);
  return g_strjoinv ("|", (char **) titles->pdata);
}

static void
assert_shows (HanjiPostList *list,
              const char    *expected)
{
  g_autofree char *titles = shown_titles (list);
  g_auto(GStrv) parts = g_strsplit (expected, "|", -1);
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  g_autofree char *joined = NULL;

  for (guint i = 0; parts[i] != NULL; i++)
    g_ptr_array_add (sorted, parts[i]);
  g_ptr_array_sort (sorted, compare_strings);
  g_ptr_array_add (sorted, NULL);
  joined = g_strjoinv ("|", (char **) sorted->pdata);

  g_assert_cmpstr (titles, ==, joined);
  g_assert_cmpstr (_hanji_post_list_get_page (list), ==, "posts");
}

static guint
position_of (HanjiPostList *list,
             const char    *name)
{
  GListModel *model = G_LIST_MODEL (get_selection (list));
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HanjiPost) post = g_list_model_get_item (model, i);
      g_autofree char *basename = g_file_get_basename (hanji_post_get_file (post));

      if (g_str_equal (basename, name))
        return i;
    }

  return GTK_INVALID_LIST_POSITION;
}

static GFile *
post_file (Fixture    *fixture,
           const char *dir,
           const char *name)
{
  g_autofree char *path = g_build_filename (fixture->root, dir, name, NULL);

  return g_file_new_for_path (path);
}

static void
test_scan (void)
{
  g_autofree char *root = write_site ();
  Fixture fixture = { 0 };
  GListModel *model;
  GDateTime *previous = NULL;

  fixture_set_up (&fixture, root);
  settle (fixture.list);

  model = G_LIST_MODEL (get_selection (fixture.list));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_POSTS);
  g_assert_cmpstr (_hanji_post_list_get_page (fixture.list), ==, "posts");

  /* Newest first. */
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(HanjiPost) post = g_list_model_get_item (model, i);
      GDateTime *date = hanji_post_get_date (post);

      if (date != NULL && previous != NULL)
        g_assert_cmpint (g_date_time_compare (previous, date), >=, 0);
      if (date != NULL)
        previous = date;
    }

  /* Scanning again: the rows stay, the progress line says it reads. */
  fixture.loaded = FALSE;
  hanji_site_load_async (fixture.site, NULL, site_load_cb, &fixture);
  g_assert_true (hanji_site_get_loading (fixture.site));
  g_assert_cmpstr (_hanji_post_list_get_page (fixture.list), ==, "posts");
  {
    g_autofree char *count = g_strdup_printf ("%u", (guint) N_POSTS);

    assert_contains (_hanji_post_list_get_progress (fixture.list), count);
  }
  spin_until (flag_set, &fixture.loaded, "the second scan");
  spin_until (not_loading, fixture.site, "the site to finish loading");
  g_assert_null (_hanji_post_list_get_progress (fixture.list));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_POSTS);

  /* Nothing was chosen. */
  g_assert_cmpuint (fixture.activated->len, ==, 0);
  g_assert_null (hanji_post_list_get_selected_file (fixture.list));

  fixture_tear_down (&fixture);
  hanji_test_remove_tree (root);
}

static void
test_search (void)
{
  g_autofree char *root = write_site ();
  g_autofree char *nfd_query = g_utf8_normalize ("한글날", -1, G_NORMALIZE_NFD);
  Fixture fixture = { 0 };
  HanjiPostList *list;

  fixture_set_up (&fixture, root);
  list = fixture.list;

  /* Title, any case. */
  search (list, "gtk 4");
  assert_shows (list, "GTK 4 List Views");
  search (list, "LIST view");
  assert_shows (list, "GTK 4 List Views");

  /* Tags, whatever their case in the post. */
  search (list, "programming");
  assert_shows (list, "GTK 4 List Views|Async Rust in Practice|Filler 0|Filler 3|Filler 6|Filler 9|Filler 12|Filler 15|Filler 18");

  /* Every word, in any order, anywhere in title, tags or file name. */
  search (list, "practice rust");
  assert_shows (list, "Async Rust in Practice");

  /* File name. */
  search (list, "jjigae");
  assert_shows (list, "김치찌개 끓이는 법");
  search (list, "listview");
  assert_shows (list, "GTK 4 List Views");

  /* Korean title and tag. */
  search (list, "김치");
  assert_shows (list, "김치찌개 끓이는 법");
  search (list, "여행");
  assert_shows (list, "서울 카페 탐방|A Weekend Away");

  /* A decomposed (NFD) file name from a precomposed query. */
  search (list, "전주");
  assert_shows (list, "A Weekend Away");

  /* A decomposed query against a precomposed title. */
  search (list, nfd_query);
  assert_shows (list, "한글날 기념 글");

  /* Precomposed query, decomposed title; and casefolding beyond ASCII. */
  search (list, "café");
  assert_shows (list, "CAFÉ CULTURE|Café Society");

  /* Initial consonants (초성). */
  search (list, "ㄱㅊ");
  assert_shows (list, "김치찌개 끓이는 법");
  search (list, "ㅅㅇ ㅋㅍ");
  assert_shows (list, "서울 카페 탐방");

  /* A post without a title is found by its file name, and shows it. */
  search (list, "untitled");
  assert_shows (list, "2024-05-05-untitled");

  /* Nothing matches: the No Results page; clearing brings all back. */
  search (list, "zzzz");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (get_selection (list))), ==, 0);
  g_assert_cmpstr (_hanji_post_list_get_page (list), ==, "no-results");

  /* Ctrl+F with the rows focused goes to the search field. */
  gtk_widget_grab_focus (GTK_WIDGET (hanji_post_list_get_list_view (list)));
  gtk_widget_activate_action (GTK_WIDGET (list), "post-list.focus-search", NULL);
  {
    GtkWidget *focus = gtk_window_get_focus (fixture.window);
    GtkWidget *entry = GTK_WIDGET (_hanji_post_list_get_search_entry (list));

    g_assert_true (focus == entry || gtk_widget_is_ancestor (focus, entry));
  }

  /* Escape in the search field clears it. */
  g_signal_emit_by_name (_hanji_post_list_get_search_entry (list), "stop-search");
  settle (list);
  g_assert_cmpstr (hanji_post_list_get_search_text (list), ==, "");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (_hanji_post_list_get_search_entry (list))), ==, "");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (get_selection (list))), ==, N_POSTS);
  g_assert_cmpstr (_hanji_post_list_get_page (list), ==, "posts");

  fixture_tear_down (&fixture);
  hanji_test_remove_tree (root);
}

static void
test_filters (void)
{
  g_autofree char *root = write_site ();
  Fixture fixture = { 0 };
  HanjiPostList *list;
  GListModel *tags;
  g_autofree char *first_name = NULL;
  g_autofree char *second_name = NULL;
  guint first_count = 0, second_count = 0, previous_count = G_MAXUINT;

  fixture_set_up (&fixture, root);
  list = fixture.list;

  /* Drafts: the _drafts folder and `draft: true`. */
  gtk_widget_activate_action (GTK_WIDGET (list), "post-list.show", "s", "drafts");
  settle (list);
  g_assert_cmpint (hanji_post_list_get_show (list), ==, HANJI_POST_LIST_SHOW_DRAFTS);
  assert_shows (list, "CAFÉ CULTURE|Unfinished Thoughts|한글날 기념 글");

  /* With a search on top. */
  search (list, "cafe");
  assert_shows (list, "CAFÉ CULTURE");
  search (list, "");

  gtk_widget_activate_action (GTK_WIDGET (list), "post-list.show", "s", "published");
  settle (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (get_selection (list))), ==, N_POSTS - 3);
  search (list, "cafe");
  assert_shows (list, "서울 카페 탐방|Café Society");
  search (list, "");

  gtk_widget_activate_action (GTK_WIDGET (list), "post-list.show", "s", "all");
  settle (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (get_selection (list))), ==, N_POSTS);

  /* The tags on offer: “any” first, then most used first, with counts;
   * “Programming” and “programming” are one tag. */
  tags = _hanji_post_list_get_tag_model (list);
  g_assert_cmpuint (g_list_model_get_n_items (tags), >, 5);
  {
    g_autoptr(GObject) any = g_list_model_get_item (tags, 0);
    g_autofree char *name = NULL;
    guint count;

    g_object_get (any, "name", &name, "count", &count, NULL);
    g_assert_null (name);
    g_assert_cmpuint (count, ==, N_POSTS);
  }
  for (guint i = 1; i < g_list_model_get_n_items (tags); i++)
    {
      g_autoptr(GObject) tag = g_list_model_get_item (tags, i);
      g_autofree char *name = NULL;
      guint count;

      g_object_get (tag, "name", &name, "count", &count, NULL);
      g_assert_nonnull (name);
      g_assert_cmpuint (count, <=, previous_count);
      previous_count = count;
      if (i == 1)
        {
          first_name = g_steal_pointer (&name);
          first_count = count;
        }
      else if (i == 2)
        {
          second_name = g_steal_pointer (&name);
          second_count = count;
        }
    }
  g_assert_cmpstr (first_name, ==, "misc");
  g_assert_cmpuint (first_count, ==, N_FILLER);
  g_assert_cmpstr (second_name, ==, "programming");
  g_assert_cmpuint (second_count, ==, 9);

  /* By tag, case-insensitively. */
  hanji_post_list_set_tag (list, "Programming");
  settle (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (get_selection (list))), ==, 9);

  hanji_post_list_set_tag (list, "notes");
  settle (list);
  assert_shows (list, "Unfinished Thoughts|한글날 기념 글");

  /* Tag and draft state together, then nothing left: No Results, and its
   * button clears every filter. */
  gtk_widget_activate_action (GTK_WIDGET (list), "post-list.show", "s", "published");
  settle (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (get_selection (list))), ==, 0);
  g_assert_cmpstr (_hanji_post_list_get_page (list), ==, "no-results");

  gtk_widget_activate_action (GTK_WIDGET (list), "post-list.clear-filters", NULL);
  settle (list);
  g_assert_null (hanji_post_list_get_tag (list));
  g_assert_cmpint (hanji_post_list_get_show (list), ==, HANJI_POST_LIST_SHOW_ALL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (get_selection (list))), ==, N_POSTS);
  g_assert_cmpstr (_hanji_post_list_get_page (list), ==, "posts");

  /* A Korean tag. */
  hanji_post_list_set_tag (list, "한식");
  settle (list);
  assert_shows (list, "김치찌개 끓이는 법");

  g_assert_cmpuint (fixture.activated->len, ==, 0);

  fixture_tear_down (&fixture);
  hanji_test_remove_tree (root);
}

static void
test_selection (void)
{
  g_autofree char *root = write_site ();
  Fixture fixture = { 0 };
  HanjiPostList *list;
  GtkSingleSelection *selection;
  g_autoptr(GFile) gtk_post = NULL;
  g_autoptr(GFile) kimchi_post = NULL;
  g_autoptr(GFile) nfd_post = NULL;
  g_autofree char *nfd_name = g_utf8_normalize (NFD_NAME, -1, G_NORMALIZE_NFD);
  HanjiPost *selected;
  guint position;

  fixture_set_up (&fixture, root);
  list = fixture.list;
  selection = get_selection (list);
  gtk_post = post_file (&fixture, "_posts", "2024-01-20-gtk4-listview.md");
  kimchi_post = post_file (&fixture, "_posts", "2024-01-14-kimchi-jjigae.md");
  nfd_post = post_file (&fixture, "_posts", nfd_name);

  /* The window opened a post: its row is selected, nothing is reported. */
  hanji_post_list_select_file (list, gtk_post);
  selected = gtk_single_selection_get_selected_item (selection);
  g_assert_nonnull (selected);
  g_assert_true (g_file_equal (hanji_post_get_file (selected), gtk_post));
  g_assert_cmpuint (fixture.activated->len, ==, 0);

  /* A filter that keeps it keeps it selected. */
  hanji_post_list_set_tag (list, "programming");
  settle (list);
  selected = gtk_single_selection_get_selected_item (selection);
  g_assert_nonnull (selected);
  g_assert_true (g_file_equal (hanji_post_get_file (selected), gtk_post));

  /* One that hides it: no row selected, but the post stays the open one
   * and comes back selected when the filter goes. */
  search (list, "rust");
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, GTK_INVALID_LIST_POSITION);
  g_assert_true (g_file_equal (hanji_post_list_get_selected_file (list), gtk_post));
  search (list, "");
  hanji_post_list_set_tag (list, NULL);
  settle (list);
  selected = gtk_single_selection_get_selected_item (selection);
  g_assert_nonnull (selected);
  g_assert_true (g_file_equal (hanji_post_get_file (selected), gtk_post));
  g_assert_cmpuint (fixture.activated->len, ==, 0);

  /* A click on a row (the list view's own action) reports its post. */
  search (list, "김치");
  position = position_of (list, "2024-01-14-kimchi-jjigae.md");
  g_assert_cmpuint (position, ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (hanji_post_list_get_list_view (list)),
                              "list.select-item", "(ubb)", position, FALSE, FALSE);
  g_assert_cmpuint (fixture.activated->len, ==, 1);
  g_assert_true (g_file_equal (g_ptr_array_index (fixture.activated, 0), kimchi_post));
  g_assert_true (g_file_equal (hanji_post_list_get_selected_file (list), kimchi_post));

  /* Enter in the search field opens the first match. */
  search (list, "전주");
  g_signal_emit_by_name (_hanji_post_list_get_search_entry (list), "activate");
  g_assert_cmpuint (fixture.activated->len, ==, 2);
  g_assert_true (g_file_equal (g_ptr_array_index (fixture.activated, 1), nfd_post));

  /* Clearing the search keeps that post selected, now among all. */
  search (list, "");
  selected = gtk_single_selection_get_selected_item (selection);
  g_assert_nonnull (selected);
  g_assert_true (g_file_equal (hanji_post_get_file (selected), nfd_post));
  g_assert_cmpuint (fixture.activated->len, ==, 2);

  /* A file the list does not have unselects the row. */
  {
    g_autoptr(GFile) elsewhere = post_file (&fixture, "_posts", "not-listed.md");

    hanji_post_list_select_file (list, elsewhere);
    g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, GTK_INVALID_LIST_POSITION);
  }

  fixture_tear_down (&fixture);
  hanji_test_remove_tree (root);
}

typedef struct
{
  HanjiSite  *site;
  GFile      *file;
  const char *title;
} TitleWait;

static gboolean
title_is (gpointer data)
{
  TitleWait *wait = data;
  HanjiPost *post = hanji_site_lookup_post (wait->site, wait->file);

  return post != NULL && g_strcmp0 (hanji_post_get_title (post), wait->title) == 0;
}

/* A post edited on disk is found by its new title and tags, and no
 * longer by the old ones, even though the site updates the post object
 * in place. */
static void
test_edited (void)
{
  g_autofree char *root = write_site ();
  g_autofree char *path = g_build_filename (root, "_posts", "2024-01-20-gtk4-listview.md", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  Fixture fixture = { 0 };
  TitleWait wait;

  fixture_set_up (&fixture, root);

  /* The keys exist: a search has looked at every post. */
  search (fixture.list, "list views");
  assert_shows (fixture.list, "GTK 4 List Views");
  hanji_post_list_select_file (fixture.list, file);

  g_file_set_contents (path, "---\ntitle: 된장찌개 이야기\ntags: [요리]\n---\n\nBody.\n", -1, &error);
  g_assert_no_error (error);
  hanji_site_refresh_file (fixture.site, file);
  wait.site = fixture.site;
  wait.file = file;
  wait.title = "된장찌개 이야기";
  spin_until (title_is, &wait, "the site to read the edit");
  settle (fixture.list);

  /* Still searching “list views”: the edited post has left the list. */
  g_assert_cmpstr (_hanji_post_list_get_page (fixture.list), ==, "no-results");
  search (fixture.list, "된장");
  assert_shows (fixture.list, "된장찌개 이야기");
  search (fixture.list, "ㄷㅈ");
  assert_shows (fixture.list, "된장찌개 이야기");
  /* The tag filter follows the new tags too. */
  search (fixture.list, "");
  hanji_post_list_set_tag (fixture.list, "gtk");
  settle (fixture.list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (get_selection (fixture.list))), ==, 0);
  hanji_post_list_set_tag (fixture.list, "요리");
  settle (fixture.list);
  assert_shows (fixture.list, "김치찌개 끓이는 법|된장찌개 이야기");

  /* It was the open post: it still is, and selected. */
  g_assert_true (g_file_equal (hanji_post_list_get_selected_file (fixture.list), file));
  g_assert_nonnull (gtk_single_selection_get_selected_item (get_selection (fixture.list)));
  g_assert_cmpuint (fixture.activated->len, ==, 0);

  fixture_tear_down (&fixture);
  hanji_test_remove_tree (root);
}

/* A bigger blog fills the list batch by batch while the scan runs. */
typedef struct
{
  guint n_changes;
  guint largest_early_jump;  /* rows added at once to a list under 200 */
} Pacing;

static void
paced_items_changed_cb (GListModel *model,
                        guint       position,
                        guint       removed,
                        guint       added,
                        Pacing     *pacing)
{
  guint after = g_list_model_get_n_items (model);
  guint before = after + removed - added;

  pacing->n_changes++;
  if (before < 200 && added > removed)
    pacing->largest_early_jump = MAX (pacing->largest_early_jump, added - removed);
}

static void
test_progressive (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *root = g_dir_make_tmp ("hanji-test-post-list-XXXXXX", &error);
  g_autofree char *posts_dir = g_build_filename (root, "_posts", NULL);
  g_autofree char *config = g_build_filename (root, "_config.yml", NULL);
  Fixture fixture = { 0 };

  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir (posts_dir, 0755), ==, 0);
  g_file_set_contents (config, "title: Big\n", -1, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < N_BIG; i++)
    {
      g_autofree char *name = g_strdup_printf ("20%02u-%02u-%02u-post-%u.md", 10 + i % 15, i % 12 + 1, i % 28 + 1, i);
      g_autofree char *path = g_build_filename (posts_dir, name, NULL);
      g_autofree char *text = g_strdup_printf ("---\ntitle: 글 %u\ntags: [t%u]\n---\n\nBody.\n", i, i % 40);

      g_file_set_contents (path, text, -1, &error);
      g_assert_no_error (error);
    }

  fixture_set_up (&fixture, root);
  g_assert_cmpuint (fixture.partial_seen, >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (get_selection (fixture.list))), ==, N_BIG);

  /* Searching a few thousand posts, in Korean. */
  search (fixture.list, "글 1234");
  assert_shows (fixture.list, "글 1234");
  search (fixture.list, "ㄱ 2999");
  assert_shows (fixture.list, "글 2999");

  /* From one result back to every post: the list view, which makes a
   * widget for each of its first 200 rows, gets them a few dozen a
   * frame, not all in one frame. */
  {
    Pacing pacing = { 0 };
    GListModel *shown = G_LIST_MODEL (get_selection (fixture.list));

    g_signal_connect (shown, "items-changed", G_CALLBACK (paced_items_changed_cb), &pacing);
    search (fixture.list, "");
    g_signal_handlers_disconnect_by_func (shown, paced_items_changed_cb, &pacing);
    g_assert_cmpuint (g_list_model_get_n_items (shown), ==, N_BIG);
    g_assert_cmpuint (pacing.n_changes, >=, 4);
    g_assert_cmpuint (pacing.largest_early_jump, <=, 40);
  }

  fixture_tear_down (&fixture);
  hanji_test_remove_tree (root);
}

static void
test_empty (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *root = g_dir_make_tmp ("hanji-test-post-list-XXXXXX", &error);
  g_autofree char *posts_dir = g_build_filename (root, "_posts", NULL);
  g_autofree char *config = g_build_filename (root, "_config.yml", NULL);
  Fixture fixture = { 0 };

  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir (posts_dir, 0755), ==, 0);
  g_file_set_contents (config, "title: Empty\n", -1, &error);
  g_assert_no_error (error);

  fixture_set_up (&fixture, root);
  g_assert_cmpstr (_hanji_post_list_get_page (fixture.list), ==, "empty");

  /* A search on an empty blog is still an empty blog. */
  search (fixture.list, "anything");
  g_assert_cmpstr (_hanji_post_list_get_page (fixture.list), ==, "empty");

  fixture_tear_down (&fixture);
  hanji_test_remove_tree (root);
}

/* In the real window */

static gboolean
all_posts_listed (gpointer data)
{
  HanjiWindow *window = data;
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (_hanji_window_get_post_list (window)));

  return g_list_model_get_n_items (model) == N_POSTS &&
         g_str_equal (_hanji_post_list_get_page (_hanji_window_get_post_list_widget (window)), "posts");
}

static void
test_window (void)
{
  g_autofree char *root = write_site ();
  g_autoptr(HanjiApplication) app = create_app ();
  g_autoptr(GFile) folder = g_file_new_for_path (root);
  g_autofree char *kimchi_path = g_build_filename (root, "_posts", "2024-01-14-kimchi-jjigae.md", NULL);
  g_autoptr(GFile) kimchi = g_file_new_for_path (kimchi_path);
  g_autofree char *text = NULL;
  HanjiWindow *window;
  HanjiPostList *list;
  GtkSingleSelection *selection;
  HanjiPost *selected;

  window = g_object_ref (hanji_window_new (GTK_APPLICATION (app)));
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 820);
  gtk_window_present (GTK_WINDOW (window));
  hanji_window_open_folder (window, folder);
  spin_until (all_posts_listed, window, "the post list");

  list = _hanji_window_get_post_list_widget (window);
  selection = get_selection (list);
  g_assert_true (GTK_IS_SINGLE_SELECTION (selection));

  /* Search, pick the row: the window opens that post. */
  search (list, "김치");
  gtk_widget_activate_action (GTK_WIDGET (_hanji_window_get_post_list (window)),
                              "list.select-item", "(ubb)", 0, FALSE, FALSE);
  spin_until (document_loaded, window, "the post to load");
  g_assert_true (g_file_equal (hanji_document_get_file (_hanji_window_get_document (window)), kimchi));
  text = hanji_document_dup_text (_hanji_window_get_document (window));
  assert_contains (text, "김치찌개 끓이는 법");

  /* Filters that hide it leave it open; it is selected again after. */
  gtk_widget_activate_action (GTK_WIDGET (list), "post-list.show", "s", "drafts");
  search (list, "");
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, GTK_INVALID_LIST_POSITION);
  g_assert_true (g_file_equal (hanji_document_get_file (_hanji_window_get_document (window)), kimchi));
  gtk_widget_activate_action (GTK_WIDGET (list), "post-list.show", "s", "all");
  settle (list);
  selected = gtk_single_selection_get_selected_item (selection);
  g_assert_nonnull (selected);
  g_assert_true (g_file_equal (hanji_post_get_file (selected), kimchi));

  /* Opening a file (File → Open) selects its row. */
  {
    g_autofree char *path = g_build_filename (root, "_drafts", "unfinished-thoughts.md", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (path);

    hanji_window_open_file (window, file);
    spin_until (document_loaded, window, "the post to load");
    selected = gtk_single_selection_get_selected_item (selection);
    g_assert_nonnull (selected);
    g_assert_true (g_file_equal (hanji_post_get_file (selected), file));
  }

  gtk_window_close (GTK_WINDOW (window));
  spin_until (widget_unrealized, window, "the window to close");
  spin_for (300);
  g_assert_finalize_object (window);
  hanji_test_remove_tree (root);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  app_test_init (&argc, &argv);

  g_test_add_func ("/post-list/scan", test_scan);
  g_test_add_func ("/post-list/search", test_search);
  g_test_add_func ("/post-list/filters", test_filters);
  g_test_add_func ("/post-list/selection", test_selection);
  g_test_add_func ("/post-list/empty", test_empty);
  g_test_add_func ("/post-list/edited", test_edited);
  g_test_add_func ("/post-list/progressive", test_progressive);
  g_test_add_func ("/post-list/window", test_window);

  ret = g_test_run ();
  app_test_cleanup ();
  return ret;
}
