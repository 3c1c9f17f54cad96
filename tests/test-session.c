/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Drafts and the session file: round trips in temporary folders, and
 * damaged files reported, never a crash. */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "hanji-session.h"
#include "hanji-test-util.h"

typedef struct
{
  char            *dir;
  HanjiDraftStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = NULL;
  g_autoptr(GFile) file = NULL;

  fixture->dir = g_dir_make_tmp ("hanji-test-session-XXXXXX", &error);
  g_assert_no_error (error);
  folder = g_build_filename (fixture->dir, "data", "drafts", NULL);
  file = g_file_new_for_path (folder);
  fixture->store = hanji_draft_store_new (file);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->store);
  hanji_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static HanjiDraft *
make_draft (const char *uri,
            const char *text,
            gssize      len)
{
  HanjiDraft *draft = hanji_draft_new ();
  g_autoptr(GFile) file = uri ? g_file_new_for_uri (uri) : NULL;

  draft->id = file ? hanji_draft_id_for_file (file) : hanji_draft_new_id ();
  draft->uri = g_strdup (uri);
  draft->title = g_strdup ("제목");
  draft->base_etag = g_strdup ("123:456/7/8");
  draft->text = g_bytes_new (text, len < 0 ? strlen (text) : (gsize) len);
  draft->line = 4;
  draft->column = 2;
  return draft;
}

static void
save_draft (Fixture    *fixture,
            HanjiDraft *draft)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (hanji_draft_store_save (fixture->store, draft, NULL, &error));
  g_assert_no_error (error);
}

static void
test_draft_round_trip (Fixture       *fixture,
                       gconstpointer  data)
{
  static const char *texts[] = { "", "한지에 쓴 글.\n", "crlf\r\nline\r\n" };
  g_autofree char *big = g_strnfill (5 * 1024 * 1024, 'x');

  for (guint i = 0; i <= G_N_ELEMENTS (texts); i++)
    {
      const char *text = i < G_N_ELEMENTS (texts) ? texts[i] : big;
      g_autoptr(HanjiDraft) draft = make_draft (i == 1 ? NULL : "file:///tmp/%ED%95%9C%EC%A7%80/a%20b.md", text, -1);
      g_autoptr(HanjiDraft) back = NULL;
      g_autoptr(GError) error = NULL;

      save_draft (fixture, draft);
      g_assert_cmpint (draft->saved_at, >, 0);
      back = hanji_draft_store_load (fixture->store, draft->id, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (back->id, ==, draft->id);
      g_assert_cmpstr (back->uri, ==, draft->uri);
      g_assert_cmpstr (back->title, ==, "제목");
      g_assert_cmpstr (back->base_etag, ==, draft->base_etag);
      g_assert_cmpuint (back->line, ==, 4);
      g_assert_cmpuint (back->column, ==, 2);
      g_assert_cmpint (back->saved_at, ==, draft->saved_at);
      g_assert_true (g_bytes_equal (back->text, draft->text));
    }

  /* Private: the folder 0700, the files 0600. */
  {
    g_autofree char *folder = g_file_get_path (hanji_draft_store_get_folder (fixture->store));
    g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
    const char *name;
    struct stat st;

    g_assert_cmpint (g_stat (folder, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0700);
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (folder, name, NULL);

        g_assert_cmpint (g_stat (path, &st), ==, 0);
        g_assert_cmpint (st.st_mode & 0777, ==, 0600);
      }
  }
}

static void
test_draft_ids (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GFile) a = g_file_new_for_path ("/tmp/블로그/a.md");
  g_autoptr(GFile) a2 = g_file_new_for_path ("/tmp/블로그/a.md");
  g_autoptr(GFile) b = g_file_new_for_path ("/tmp/블로그/b.md");
  g_autofree char *id_a = hanji_draft_id_for_file (a);
  g_autofree char *id_a2 = hanji_draft_id_for_file (a2);
  g_autofree char *id_b = hanji_draft_id_for_file (b);
  g_autofree char *new1 = hanji_draft_new_id ();
  g_autofree char *new2 = hanji_draft_new_id ();
  static const char *bad[] = { "", "../x", ".hidden", "a/b", "a b" };

  g_assert_cmpstr (id_a, ==, id_a2);
  g_assert_cmpstr (id_a, !=, id_b);
  g_assert_cmpstr (new1, !=, new2);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_null (hanji_draft_store_load (fixture->store, bad[i], NULL, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      g_clear_error (&error);
      g_assert_false (hanji_draft_store_delete (fixture->store, bad[i], NULL, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    }
}

static void
test_draft_delete_and_list (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(HanjiDraft) first = make_draft ("file:///tmp/first.md", "1", -1);
  g_autoptr(HanjiDraft) second = make_draft ("file:///tmp/second.md", "2", -1);
  g_autoptr(GPtrArray) drafts = NULL;
  g_autoptr(GError) error = NULL;

  /* A missing folder is an empty list. */
  drafts = hanji_draft_store_list (fixture->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (drafts->len, ==, 0);
  g_clear_pointer (&drafts, g_ptr_array_unref);

  save_draft (fixture, first);
  g_usleep (2000);
  save_draft (fixture, second);
  drafts = hanji_draft_store_list (fixture->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (drafts->len, ==, 2);
  g_assert_cmpstr (((HanjiDraft *) drafts->pdata[0])->id, ==, second->id);
  g_clear_pointer (&drafts, g_ptr_array_unref);

  g_assert_true (hanji_draft_store_delete (fixture->store, first->id, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (hanji_draft_store_delete (fixture->store, first->id, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (hanji_draft_store_load (fixture->store, first->id, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  drafts = hanji_draft_store_list (fixture->store, NULL, &error);
  g_assert_cmpuint (drafts->len, ==, 1);
}

static void
test_draft_damaged (Fixture       *fixture,
                    gconstpointer  data)
{
  static const struct { const char *json; const char *text; gssize text_len; } cases[] = {
    { "{\"version\": 1, \"uri\": \"file:///x", "text", -1 },    /* cut short */
    { "[1, 2, 3]", "text", -1 },                                /* not an object */
    { "{\"version\": 1}", "\xff\xfe not UTF-8", -1 },           /* text not UTF-8 */
    { "{\"version\": 1, \"line\": \"three\", \"uri\": 5}", NULL, 0 },  /* text missing */
  };
  g_autofree char *folder = g_file_get_path (hanji_draft_store_get_folder (fixture->store));
  g_autoptr(HanjiDraft) good = make_draft ("file:///tmp/good.md", "good words", -1);
  g_autoptr(GPtrArray) drafts = NULL;
  g_autoptr(GError) error = NULL;

  save_draft (fixture, good);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *id = g_strdup_printf ("damaged%u", i);
      g_autofree char *json = g_strdup_printf ("%s/%s.json", folder, id);
      g_autofree char *text = g_strdup_printf ("%s/%s.txt", folder, id);

      g_assert_true (g_file_set_contents (json, cases[i].json, -1, NULL));
      if (cases[i].text != NULL)
        g_assert_true (g_file_set_contents (text, cases[i].text, cases[i].text_len, NULL));

      g_assert_null (hanji_draft_store_load (fixture->store, id, NULL, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      g_clear_error (&error);
    }

  /* The good one is still listed; the damaged are skipped. A stray
   * temporary file is ignored. */
  {
    g_autofree char *stray = g_build_filename (folder, ".x.json.ABC123", NULL);

    g_assert_true (g_file_set_contents (stray, "{", -1, NULL));
  }
  drafts = hanji_draft_store_list (fixture->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (drafts->len, ==, 1);
  g_assert_cmpstr (((HanjiDraft *) drafts->pdata[0])->id, ==, good->id);
}

static gpointer
save_thread (gpointer data)
{
  gpointer *args = data;
  HanjiDraftStore *store = args[0];
  guint n = GPOINTER_TO_UINT (args[1]);

  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *uri = g_strdup_printf ("file:///tmp/t%u-%u.md", n, i);
      g_autoptr(HanjiDraft) draft = make_draft (uri, uri, -1);

      g_assert_true (hanji_draft_store_save (store, draft, NULL, NULL));
    }
  return NULL;
}

static void
test_draft_threads (Fixture       *fixture,
                    gconstpointer  data)
{
  GThread *threads[4];
  gpointer args[4][2];
  g_autoptr(GPtrArray) drafts = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      args[i][0] = fixture->store;
      args[i][1] = GUINT_TO_POINTER (i);
      threads[i] = g_thread_new ("drafts", save_thread, args[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);

  drafts = hanji_draft_store_list (fixture->store, NULL, NULL);
  g_assert_cmpuint (drafts->len, ==, 80);
}

static void
test_session_round_trip (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "state", "session.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(HanjiSession) session = hanji_session_new ();
  g_autoptr(HanjiSession) back = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_null (hanji_session_load (file, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  for (guint w = 0; w < 2; w++)
    {
      HanjiSessionWindow *window = hanji_session_window_new ();

      window->site_uri = w == 0 ? g_strdup ("file:///tmp/%ED%95%9C%EC%A7%80%20blog") : NULL;
      window->active_uri = w == 0 ? g_strdup ("file:///tmp/a.md") : NULL;
      for (guint p = 0; p < 2 - w; p++)
        {
          HanjiSessionPost *post = hanji_session_post_new ();

          post->uri = p == 0 ? g_strdup ("file:///tmp/a.md") : NULL;
          post->draft_id = p == 0 ? g_strdup ("abc") : NULL;
          post->line = 10 + p;
          post->column = 3;
          g_ptr_array_add (window->posts, post);
        }
      g_ptr_array_add (session->windows, window);
    }

  for (guint round = 0; round < 2; round++)
    {
      session->clean = round == 1;
      g_assert_true (hanji_session_save (session, file, NULL, &error));
      g_assert_no_error (error);
      back = hanji_session_load (file, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (back->clean, ==, session->clean);
      g_assert_cmpuint (back->windows->len, ==, 2);
      {
        HanjiSessionWindow *w0 = back->windows->pdata[0];
        HanjiSessionWindow *w1 = back->windows->pdata[1];
        HanjiSessionPost *p0 = w0->posts->pdata[0];
        HanjiSessionPost *p1 = w0->posts->pdata[1];

        g_assert_cmpstr (w0->site_uri, ==, "file:///tmp/%ED%95%9C%EC%A7%80%20blog");
        g_assert_cmpstr (w0->active_uri, ==, "file:///tmp/a.md");
        g_assert_null (w1->site_uri);
        g_assert_cmpuint (w1->posts->len, ==, 1);
        g_assert_cmpstr (p0->uri, ==, "file:///tmp/a.md");
        g_assert_cmpstr (p0->draft_id, ==, "abc");
        g_assert_cmpuint (p0->line, ==, 10);
        g_assert_null (p1->uri);
        g_assert_cmpuint (p1->line, ==, 11);
      }
      g_clear_pointer (&back, hanji_session_free);
    }
}

static void
test_session_damaged (Fixture       *fixture,
                      gconstpointer  data)
{
  static const char *garbage[] = { "", "{", "[]", "\"clean\"", "\xff\xfe" };
  g_autofree char *path = g_build_filename (fixture->dir, "session.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  for (guint i = 0; i < G_N_ELEMENTS (garbage); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (g_file_set_contents (path, garbage[i], -1, NULL));
      g_assert_null (hanji_session_load (file, NULL, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    }

  /* Wrong types and unknown members: read as far as they make sense. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(HanjiSession) session = NULL;

    g_assert_true (g_file_set_contents (path,
                                        "{\"clean\": \"yes\", \"future\": [1], \"windows\": "
                                        "[3, {\"site\": 4, \"posts\": [null, {\"uri\": \"file:///a\", \"line\": -5}]}]}",
                                        -1, NULL));
    session = hanji_session_load (file, NULL, &error);
    g_assert_no_error (error);
    g_assert_false (session->clean);
    g_assert_cmpuint (session->windows->len, ==, 1);
    g_assert_null (((HanjiSessionWindow *) session->windows->pdata[0])->site_uri);
    g_assert_cmpuint (((HanjiSessionWindow *) session->windows->pdata[0])->posts->len, ==, 1);
    g_assert_cmpuint (((HanjiSessionPost *) ((HanjiSessionWindow *) session->windows->pdata[0])->posts->pdata[0])->line, ==, 0);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/drafts/round-trip", Fixture, NULL, fixture_set_up, test_draft_round_trip, fixture_tear_down);
  g_test_add ("/drafts/ids", Fixture, NULL, fixture_set_up, test_draft_ids, fixture_tear_down);
  g_test_add ("/drafts/delete-and-list", Fixture, NULL, fixture_set_up, test_draft_delete_and_list, fixture_tear_down);
  g_test_add ("/drafts/damaged", Fixture, NULL, fixture_set_up, test_draft_damaged, fixture_tear_down);
  g_test_add ("/drafts/threads", Fixture, NULL, fixture_set_up, test_draft_threads, fixture_tear_down);
  g_test_add ("/session/round-trip", Fixture, NULL, fixture_set_up, test_session_round_trip, fixture_tear_down);
  g_test_add ("/session/damaged", Fixture, NULL, fixture_set_up, test_session_damaged, fixture_tear_down);

  return g_test_run ();
}
