/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reading and saving posts: the bytes come back as they were (BOM, line
 * ends, final newline, permissions, symbolic links), bad input is refused
 * with a message, and a save that fails or is killed half way leaves the
 * old file whole. Real files in temporary folders; a full and a read-only
 * disk are small tmpfs mounts in a mount namespace of the test's own. */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "hanji-test-util.h"
#include "hanji-text-file.h"

static char *
make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("hanji-test-text-file-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
write_bytes (const char *path,
             const char *data,
             gssize      len)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, len, &error);
  g_assert_no_error (error);
}

static GBytes *
read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, len);
}

static guint
count_entries (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  g_assert_nonnull (d);
  while (g_dir_read_name (d) != NULL)
    n++;
  return n;
}

/* decode () then encode () gives back the bytes, and the text is what
 * the buffer should hold. */
static void
assert_round_trip (const char   *data,
                   gsize         len,
                   const char   *expected_text,
                   HanjiNewline  expected_newline,
                   gboolean      expected_bom)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) back = NULL;
  g_autofree char *text = NULL;
  HanjiTextFormat format;
  gsize text_len = 0;

  text = hanji_text_decode (data, len, "post.md", &format, &text_len, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, expected_text);
  g_assert_cmpuint (text_len, ==, strlen (expected_text));
  g_assert_cmpint (format.newline, ==, expected_newline);
  g_assert_cmpint (format.has_bom, ==, expected_bom);

  back = hanji_text_encode (text, text_len, &format);
  g_assert_cmpmem (g_bytes_get_data (back, NULL), g_bytes_get_size (back), data, len);
}

static void
test_decode_formats (void)
{
  const char *crlf = "---\r\ntitle: 한지\r\n---\r\nBody";
  const char *bom = "\xEF\xBB\xBF# 제목\n";
  const char *mixed = "a\r\nb\nc\r\n";
  const char *lone_cr = "a\rb\r";

  assert_round_trip ("", 0, "", HANJI_NEWLINE_AS_IS, FALSE);
  assert_round_trip ("no newline", 10, "no newline", HANJI_NEWLINE_AS_IS, FALSE);
  assert_round_trip ("final\n", 6, "final\n", HANJI_NEWLINE_AS_IS, FALSE);
  assert_round_trip (crlf, strlen (crlf), "---\ntitle: 한지\n---\nBody", HANJI_NEWLINE_CRLF, FALSE);
  assert_round_trip (bom, strlen (bom), "# 제목\n", HANJI_NEWLINE_AS_IS, TRUE);
  assert_round_trip (mixed, strlen (mixed), mixed, HANJI_NEWLINE_AS_IS, FALSE);
  assert_round_trip (lone_cr, strlen (lone_cr), lone_cr, HANJI_NEWLINE_AS_IS, FALSE);

  /* New lines typed into a CRLF post are written as CRLF. */
  {
    HanjiTextFormat format = { HANJI_NEWLINE_CRLF, TRUE };
    g_autoptr(GBytes) bytes = hanji_text_encode ("a\nb\n", -1, &format);

    g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                     "\xEF\xBB\xBF" "a\r\nb\r\n", 9);
  }
}

/* Any mix of line ends, Hangul, a BOM or not: encode (decode (b)) == b. */
static void
test_decode_random (void)
{
  static const char *pieces[] = { "\r\n", "\n", "\r", "a", "한", " ", "---", "\r\n\r\n" };
  g_autoptr(GRand) rand = g_rand_new_with_seed (6);

  for (guint round = 0; round < 5000; round++)
    {
      g_autoptr(GString) data = g_string_new (g_rand_boolean (rand) ? "\xEF\xBB\xBF" : "");
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) back = NULL;
      g_autofree char *text = NULL;
      guint n = g_rand_int_range (rand, 0, 12);
      HanjiTextFormat format;
      gsize len;

      for (guint i = 0; i < n; i++)
        g_string_append (data, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);

      text = hanji_text_decode (data->str, data->len, "post.md", &format, &len, &error);
      g_assert_no_error (error);
      g_assert_true (format.newline == HANJI_NEWLINE_AS_IS || strchr (text, '\r') == NULL);
      back = hanji_text_encode (text, len, &format);
      g_assert_cmpmem (g_bytes_get_data (back, NULL), g_bytes_get_size (back), data->str, data->len);
    }
}

static void
test_decode_refuses (void)
{
  g_autoptr(GError) error = NULL;
  HanjiTextFormat format;
  char *text;

  text = hanji_text_decode ("PNG\0\x01\x02", 6, "사진.png", &format, NULL, &error);
  g_assert_null (text);
  g_assert_error (error, HANJI_TEXT_FILE_ERROR, HANJI_TEXT_FILE_ERROR_NOT_TEXT);
  g_assert_nonnull (strstr (error->message, "사진.png"));
  g_clear_error (&error);

  /* Latin-1 on line 3. */
  text = hanji_text_decode ("one\ntwo\nthr\xe9\n", 13, "old.md", &format, NULL, &error);
  g_assert_null (text);
  g_assert_error (error, HANJI_TEXT_FILE_ERROR, HANJI_TEXT_FILE_ERROR_INVALID_UTF8);
  g_assert_nonnull (strstr (error->message, "3"));
  g_assert_nonnull (strstr (error->message, "old.md"));
}

static void
test_load (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = g_build_filename (dir, "글 이름 'quoted'.md", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autoptr(GError) error = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *etag2 = NULL;
  g_autofree char *text = NULL;
  HanjiTextFormat format;
  gsize len;

  write_bytes (path, "\xEF\xBB\xBFtitle\r\nbody\r\n", -1);
  text = hanji_text_file_load (file, &format, &len, &etag, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, "title\nbody\n");
  g_assert_true (format.has_bom);
  g_assert_cmpint (format.newline, ==, HANJI_NEWLINE_CRLF);
  etag2 = hanji_text_file_query_etag (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (etag, ==, etag2);

  g_assert_null (hanji_text_file_load (folder, &format, &len, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY);
  g_clear_error (&error);

  g_unlink (path);
  g_assert_null (hanji_text_file_load (file, &format, &len, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);

  hanji_test_remove_tree (dir);
}

static gboolean
save (const char  *path,
      const char  *text,
      const char  *etag,
      char       **new_etag,
      GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

  return hanji_text_file_save (file, bytes, etag, new_etag, NULL, error);
}

static void
test_save (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = g_build_filename (dir, "post.md", NULL);
  g_autofree char *link = g_build_filename (dir, "link.md", NULL);
  g_autofree char *missing = g_build_filename (dir, "no-such-folder", "post.md", NULL);
  g_autofree char *created = g_build_filename (dir, "새 글.md", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *new_etag = NULL;
  g_autofree char *queried = NULL;
  struct stat st;

  write_bytes (path, "old", -1);
  g_assert_cmpint (g_chmod (path, 0640), ==, 0);
  etag = hanji_text_file_query_etag (file, NULL, &error);
  g_assert_no_error (error);

  /* Replaced, with its mode, and nothing left beside it. */
  g_assert_true (save (path, "new 한지", etag, &new_etag, &error));
  g_assert_no_error (error);
  {
    g_autoptr(GBytes) on_disk = read_bytes (path);

    g_assert_cmpmem (g_bytes_get_data (on_disk, NULL), g_bytes_get_size (on_disk), "new 한지", strlen ("new 한지"));
  }
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0640);
  queried = hanji_text_file_query_etag (file, NULL, &error);
  g_assert_cmpstr (new_etag, ==, queried);
  g_assert_cmpuint (count_entries (dir), ==, 1);

  /* Someone else wrote it: refused, their text stays. */
  g_assert_false (save (path, "mine", etag, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_WRONG_ETAG);
  g_clear_error (&error);
  {
    g_autoptr(GBytes) on_disk = read_bytes (path);

    g_assert_cmpmem (g_bytes_get_data (on_disk, NULL), g_bytes_get_size (on_disk), "new 한지", strlen ("new 한지"));
  }

  /* A symbolic link stays a link; its target gets the text. */
  g_assert_cmpint (symlink ("post.md", link), ==, 0);
  g_assert_true (save (link, "through the link", NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (link, G_FILE_TEST_IS_SYMLINK));
  {
    g_autoptr(GBytes) on_disk = read_bytes (path);

    g_assert_cmpmem (g_bytes_get_data (on_disk, NULL), g_bytes_get_size (on_disk),
                     "through the link", strlen ("through the link"));
  }

  /* A new file; a missing folder is an error, not created. */
  g_assert_true (save (created, "처음", NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (save (missing, "lost?", NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));

  /* Expected to exist, but gone. */
  g_unlink (created);
  g_assert_false (save (created, "again", etag, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_cmpuint (count_entries (dir), ==, 2);
  hanji_test_remove_tree (dir);
}

/* Read-only for a user who is not root (root writes anything): a child
 * that becomes nobody. */
static void
test_save_permission (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  int status;
  pid_t pid;

  if (geteuid () != 0)
    {
      g_test_skip ("needs root, to become another user");
      return;
    }

  dir = make_dir ();
  path = g_build_filename (dir, "post.md", NULL);
  write_bytes (path, "theirs", -1);
  g_assert_cmpint (chmod (dir, 0755), ==, 0);
  g_assert_cmpint (chmod (path, 0644), ==, 0);

  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      g_autoptr(GError) error = NULL;

      if (setgid (65534) != 0 || setuid (65534) != 0)
        _exit (3);
      if (save (path, "mine", NULL, NULL, &error))
        _exit (1);
      _exit (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED) ? 0 : 2);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  {
    g_autoptr(GBytes) on_disk = read_bytes (path);

    g_assert_cmpmem (g_bytes_get_data (on_disk, NULL), g_bytes_get_size (on_disk), "theirs", 6);
  }
  g_assert_cmpuint (count_entries (dir), ==, 1);
  hanji_test_remove_tree (dir);
}

/* A full disk and a read-only one, as small tmpfs mounts. Runs in a
 * child that has a mount namespace of its own (unshare), so nothing of
 * it is seen outside. */
static int
disks_in_namespace (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = g_build_filename (dir, "post.md", NULL);
  g_autofree char *big = NULL;
  g_autoptr(GError) error = NULL;

  if (mount ("none", "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0 ||
      mount ("tmpfs", dir, "tmpfs", 0, "size=64k") != 0)
    return 77;

  /* Full: a 48 KB post cannot be written beside the 30 KB one. */
  big = g_strnfill (30 * 1024, 'a');
  write_bytes (path, big, -1);
  {
    g_autofree char *bigger = g_strnfill (48 * 1024, 'b');

    if (save (path, bigger, NULL, NULL, &error))
      return 1;
    if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE))
      return 2;
    g_clear_error (&error);
  }
  {
    g_autoptr(GBytes) on_disk = read_bytes (path);

    if (g_bytes_get_size (on_disk) != strlen (big) ||
        memcmp (g_bytes_get_data (on_disk, NULL), big, strlen (big)) != 0)
      return 3;
  }
  if (count_entries (dir) != 1)
    return 4;

  /* Read-only. */
  if (mount ("tmpfs", dir, "tmpfs", MS_REMOUNT | MS_RDONLY, "size=64k") != 0)
    return 77;
  if (save (path, "small", NULL, NULL, &error))
    return 5;
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_READ_ONLY))
    return 6;
  {
    g_autoptr(GBytes) on_disk = read_bytes (path);

    if (g_bytes_get_size (on_disk) != strlen (big))
      return 7;
  }

  umount (dir);
  g_rmdir (dir);
  return 0;
}

static void
test_save_full_and_read_only_disk (void)
{
  g_autofree char *unshare = g_find_program_in_path ("unshare");
  g_autoptr(GError) error = NULL;
  const char *argv[] = { unshare, "--mount", "--propagation", "private", NULL, NULL };
  int status = 0;

  if (unshare == NULL || geteuid () != 0)
    {
      g_test_skip ("needs root and unshare(1) for a tmpfs of its own");
      return;
    }

  argv[4] = g_test_get_filename (G_TEST_BUILT, "test-text-file", NULL);
  g_setenv ("HANJI_TEST_DISKS", "1", TRUE);
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, &error);
  g_unsetenv ("HANJI_TEST_DISKS");
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  if (WEXITSTATUS (status) == 77)
    {
      g_test_skip ("no tmpfs mount possible here");
      return;
    }
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
}

/* Kill -9 at random moments while a 2 MB post is saved again and again:
 * the file is always the old text or the new one, whole. */
static void
test_kill_during_save (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = g_build_filename (dir, "big.md", NULL);
  g_autofree char *a = g_strnfill (2 * 1024 * 1024, 'A');
  g_autofree char *b = g_strnfill (2 * 1024 * 1024 + 17, 'B');
  g_autoptr(GRand) rand = g_rand_new_with_seed (9);
  guint seen_a = 0, seen_b = 0;

  write_bytes (path, a, -1);

  for (guint round = 0; round < 60; round++)
    {
      int status;
      pid_t pid = fork ();

      g_assert_cmpint (pid, >=, 0);
      if (pid == 0)
        {
          for (guint i = 0;; i++)
            if (!save (path, i % 2 ? a : b, NULL, NULL, NULL))
              _exit (1);
        }

      g_usleep (g_rand_int_range (rand, 0, 60000));
      kill (pid, SIGKILL);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);

      {
        g_autoptr(GBytes) on_disk = read_bytes (path);
        gsize len = g_bytes_get_size (on_disk);
        const char *data = g_bytes_get_data (on_disk, NULL);

        if (len == strlen (a) && memcmp (data, a, len) == 0)
          seen_a++;
        else if (len == strlen (b) && memcmp (data, b, len) == 0)
          seen_b++;
        else
          g_error ("round %u: the file is neither text, %" G_GSIZE_FORMAT " bytes", round, len);
      }
    }

  /* Both outcomes happened: the kills did land at different moments. */
  g_assert_cmpuint (seen_a, >, 0);
  g_assert_cmpuint (seen_b, >, 0);
  g_test_message ("old text %u times, new text %u times, %u temporary files left",
                  seen_a, seen_b, count_entries (dir) - 1);
  hanji_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  if (g_getenv ("HANJI_TEST_DISKS") != NULL)
    return disks_in_namespace ();

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text-file/decode-formats", test_decode_formats);
  g_test_add_func ("/text-file/decode-random", test_decode_random);
  g_test_add_func ("/text-file/decode-refuses", test_decode_refuses);
  g_test_add_func ("/text-file/load", test_load);
  g_test_add_func ("/text-file/save", test_save);
  g_test_add_func ("/text-file/save-permission", test_save_permission);
  g_test_add_func ("/text-file/full-and-read-only-disk", test_save_full_and_read_only_disk);
  g_test_add_func ("/text-file/kill-during-save", test_kill_during_save);

  return g_test_run ();
}
