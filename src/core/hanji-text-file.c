/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hanji-text-file"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hanji-text-file.h"

#define UTF8_BOM "\xEF\xBB\xBF"

G_DEFINE_QUARK (hanji-text-file-error-quark, hanji_text_file_error)

/* Decoding -------------------------------------------------------------- */

static guint
line_of (const char *data,
         const char *at)
{
  guint line = 1;

  for (const char *p = data; p < at; p++)
    if (*p == '\n')
      line++;

  return line;
}

char *
hanji_text_decode (const char      *data,
                   gsize            len,
                   const char      *display_name,
                   HanjiTextFormat *format,
                   gsize           *text_len,
                   GError         **error)
{
  const char *end = NULL;
  const char *text = data;
  gboolean crlf = FALSE;
  gboolean other = FALSE;
  GString *out;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (format != NULL, NULL);

  if (len > 0 && memchr (data, '\0', len) != NULL)
    {
      g_set_error (error, HANJI_TEXT_FILE_ERROR, HANJI_TEXT_FILE_ERROR_NOT_TEXT,
                   _("“%s” is not a text file"), display_name);
      return NULL;
    }

  if (!g_utf8_validate (data, len, &end))
    {
      g_set_error (error, HANJI_TEXT_FILE_ERROR, HANJI_TEXT_FILE_ERROR_INVALID_UTF8,
                   _("“%s” is not valid UTF-8 text (line %u)"),
                   display_name, line_of (data, end));
      return NULL;
    }

  format->has_bom = len >= 3 && memcmp (data, UTF8_BOM, 3) == 0;
  if (format->has_bom)
    {
      text += 3;
      len -= 3;
    }

  /* CRLF only when every line end is one: anything mixed stays as it
   * is, byte for byte. */
  for (gsize i = 0; i < len; i++)
    {
      if (text[i] == '\r')
        {
          if (i + 1 < len && text[i + 1] == '\n')
            {
              crlf = TRUE;
              i++;
            }
          else
            other = TRUE;
        }
      else if (text[i] == '\n')
        other = TRUE;
    }

  format->newline = crlf && !other ? HANJI_NEWLINE_CRLF : HANJI_NEWLINE_AS_IS;

  out = g_string_sized_new (len + 1);
  if (format->newline == HANJI_NEWLINE_CRLF)
    {
      for (gsize i = 0; i < len; i++)
        if (!(text[i] == '\r' && i + 1 < len && text[i + 1] == '\n'))
          g_string_append_c (out, text[i]);
    }
  else
    g_string_append_len (out, text, len);

  if (text_len != NULL)
    *text_len = out->len;

  return g_string_free (out, FALSE);
}

GBytes *
hanji_text_encode (const char            *text,
                   gssize                 len,
                   const HanjiTextFormat *format)
{
  GString *out;
  gsize n;

  g_return_val_if_fail (text != NULL || len == 0, NULL);
  g_return_val_if_fail (format != NULL, NULL);

  n = len < 0 ? strlen (text) : (gsize) len;
  out = g_string_sized_new (n + 16);

  if (format->has_bom)
    g_string_append (out, UTF8_BOM);

  if (format->newline == HANJI_NEWLINE_CRLF)
    {
      for (gsize i = 0; i < n; i++)
        {
          if (text[i] == '\n')
            g_string_append_c (out, '\r');
          g_string_append_c (out, text[i]);
        }
    }
  else
    g_string_append_len (out, text, n);

  return g_string_free_to_bytes (out);
}

/* Reading --------------------------------------------------------------- */

char *
hanji_text_file_etag_from_info (GFileInfo *info)
{
  g_return_val_if_fail (G_IS_FILE_INFO (info), NULL);

  return g_strdup_printf ("%s/%" G_GUINT64_FORMAT "/%" G_GOFFSET_FORMAT,
                          g_file_info_get_etag (info) ? g_file_info_get_etag (info) : "",
                          g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_UNIX_INODE),
                          g_file_info_get_size (info));
}

char *
hanji_text_file_query_etag (GFile         *file,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autoptr(GFileInfo) info = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  info = g_file_query_info (file, HANJI_TEXT_FILE_ETAG_ATTRIBUTES, G_FILE_QUERY_INFO_NONE,
                            cancellable, error);
  if (info == NULL)
    return NULL;

  return hanji_text_file_etag_from_info (info);
}

char *
hanji_text_file_load (GFile           *file,
                      HanjiTextFormat *format,
                      gsize           *text_len,
                      char           **etag,
                      GCancellable    *cancellable,
                      GError         **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *display_name = NULL;
  g_autofree char *loaded_etag = NULL;
  gsize len = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (format != NULL, NULL);

  info = g_file_query_info (file,
                            G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                            G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                            G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME,
                            G_FILE_QUERY_INFO_NONE, cancellable, error);
  if (info == NULL)
    return NULL;

  display_name = g_strdup (g_file_info_get_display_name (info));

  if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                   _("“%s” is a folder, not a post"), display_name);
      return NULL;
    }

  if (g_file_info_get_size (info) > HANJI_TEXT_FILE_MAX_SIZE)
    {
      g_set_error (error, HANJI_TEXT_FILE_ERROR, HANJI_TEXT_FILE_ERROR_TOO_LARGE,
                   _("“%s” is too large to edit (over %u MB)"),
                   display_name, HANJI_TEXT_FILE_MAX_SIZE / (1024 * 1024));
      return NULL;
    }

  /* The etag of the very file read: from the open stream, not from a
   * second look at the path, which may already be another file. */
  {
    g_autoptr(GFileInputStream) stream = g_file_read (file, cancellable, error);
    g_autoptr(GFileInfo) stream_info = NULL;
    g_autoptr(GByteArray) buffer = NULL;
    guint8 chunk[64 * 1024];
    gssize n;

    if (stream == NULL)
      return NULL;
    stream_info = g_file_input_stream_query_info (stream, HANJI_TEXT_FILE_ETAG_ATTRIBUTES,
                                                  cancellable, error);
    if (stream_info == NULL)
      return NULL;
    loaded_etag = hanji_text_file_etag_from_info (stream_info);

    buffer = g_byte_array_sized_new (MAX (g_file_info_get_size (stream_info), 0) + 1);
    while ((n = g_input_stream_read (G_INPUT_STREAM (stream), chunk, sizeof chunk, cancellable, error)) > 0)
      {
        if (buffer->len + n > HANJI_TEXT_FILE_MAX_SIZE)
          {
            g_set_error (error, HANJI_TEXT_FILE_ERROR, HANJI_TEXT_FILE_ERROR_TOO_LARGE,
                         _("“%s” is too large to edit (over %u MB)"),
                         display_name, HANJI_TEXT_FILE_MAX_SIZE / (1024 * 1024));
            return NULL;
          }
        g_byte_array_append (buffer, chunk, n);
      }
    if (n < 0)
      return NULL;

    len = buffer->len;
    g_byte_array_append (buffer, (const guint8 *) "", 1);
    contents = (char *) g_byte_array_free (g_steal_pointer (&buffer), FALSE);
  }

  {
    char *text = hanji_text_decode (contents, len, display_name, format, text_len, error);

    if (text != NULL && etag != NULL)
      *etag = g_steal_pointer (&loaded_etag);
    return text;
  }
}

/* Saving ---------------------------------------------------------------- */

static gboolean
set_save_error (GError     **error,
                int          saved_errno,
                const char  *display_name)
{
  GIOErrorEnum code = g_io_error_from_errno (saved_errno);
  const char *detail = g_strerror (saved_errno);

  switch (saved_errno)
    {
    case ENOSPC:
    case EDQUOT:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   _("The disk is full: “%s” could not be saved"), display_name);
      break;

    case EROFS:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_READ_ONLY,
                   _("“%s” is on a read-only disk"), display_name);
      break;

    case EACCES:
    case EPERM:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   _("You do not have permission to write “%s” or its folder"), display_name);
      break;

    case ENOENT:
    case ENOTDIR:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("The folder of “%s” no longer exists"), display_name);
      break;

    default:
      g_set_error (error, G_IO_ERROR, code,
                   _("“%s” could not be saved: %s"), display_name, detail);
      break;
    }

  return FALSE;
}

static gboolean
write_all (int           fd,
           const char   *data,
           gsize         len,
           int          *saved_errno)
{
  while (len > 0)
    {
      gssize n = write (fd, data, MIN (len, (gsize) G_MAXSSIZE));

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          *saved_errno = errno;
          return FALSE;
        }
      data += n;
      len -= n;
    }

  return TRUE;
}

gboolean
hanji_text_file_save (GFile         *file,
                      GBytes        *bytes,
                      const char    *expected_etag,
                      char         **new_etag,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autofree char *path = NULL;
  g_autofree char *target = NULL;
  g_autofree char *display_name = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp_path = NULL;
  g_autoptr(GFile) target_file = NULL;
  struct stat st;
  gboolean exists;
  const char *data;
  gsize len;
  int saved_errno = 0;
  int fd;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (bytes != NULL, FALSE);

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Only local files can be saved"));
      return FALSE;
    }
  display_name = g_filename_display_basename (path);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  /* A symbolic link stays one: its target is what gets replaced. */
  target = realpath (path, NULL);
  if (target == NULL)
    {
      if (errno != ENOENT)
        return set_save_error (error, errno, display_name);
      /* A link to nothing, or no file yet: written where it points. */
      {
        g_autofree char *link = g_file_read_link (path, NULL);

        if (link != NULL)
          {
            g_autofree char *parent = g_path_get_dirname (path);

            target = g_path_is_absolute (link) ? g_strdup (link) : g_build_filename (parent, link, NULL);
          }
        else
          target = g_strdup (path);
      }
    }
  target_file = g_file_new_for_path (target);

  exists = g_stat (target, &st) == 0;
  if (!exists && errno != ENOENT)
    return set_save_error (error, errno, display_name);
  if (exists && !S_ISREG (st.st_mode))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                   _("“%s” is not a regular file"), display_name);
      return FALSE;
    }

  /* Someone else wrote it since: the caller decides, never us. */
  if (expected_etag != NULL)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *etag = hanji_text_file_query_etag (target_file, cancellable, &local_error);

      if (etag == NULL)
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                         _("“%s” was deleted or moved away"), display_name);
          else
            g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (!g_str_equal (etag, expected_etag))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_WRONG_ETAG,
                       _("“%s” was changed by another program"), display_name);
          return FALSE;
        }
    }

  dir = g_path_get_dirname (target);
  base = g_path_get_basename (target);
  tmp_path = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);

  fd = g_mkstemp_full (tmp_path, O_WRONLY | O_CLOEXEC, exists ? (st.st_mode & 07777) : 0666);
  if (fd < 0)
    return set_save_error (error, errno, display_name);

  data = g_bytes_get_data (bytes, &len);

  /* The permissions and owner the file had; a new file gets what the
   * umask leaves of 0666 (mkstemp made it 0600). */
  if (exists)
    {
      if (fchmod (fd, st.st_mode & 07777) != 0)
        saved_errno = errno;
      /* Only root can give a file away; for others the owner is theirs
       * already, or the group one they belong to. */
      else if ((st.st_uid != geteuid () || st.st_gid != getegid ()) &&
               fchown (fd, st.st_uid, st.st_gid) != 0 && errno != EPERM)
        saved_errno = errno;
    }
  else
    {
      mode_t mask = umask (0);

      umask (mask);
      if (fchmod (fd, 0666 & ~mask) != 0)
        saved_errno = errno;
    }

  if (saved_errno == 0 && !write_all (fd, data, len, &saved_errno))
    ;
  else if (saved_errno == 0 && fsync (fd) != 0)
    saved_errno = errno;

  if (close (fd) != 0 && saved_errno == 0)
    saved_errno = errno;

  if (saved_errno == 0 && g_cancellable_is_cancelled (cancellable))
    saved_errno = ECANCELED;

  if (saved_errno == 0 && rename (tmp_path, target) != 0)
    saved_errno = errno;

  if (saved_errno != 0)
    {
      g_unlink (tmp_path);
      if (saved_errno == ECANCELED)
        return !g_cancellable_set_error_if_cancelled (cancellable, error);
      return set_save_error (error, saved_errno, display_name);
    }

  /* The rename itself on disk, best effort. */
  {
    int dir_fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

    if (dir_fd >= 0)
      {
        fsync (dir_fd);
        close (dir_fd);
      }
  }

  if (new_etag != NULL)
    *new_etag = hanji_text_file_query_etag (target_file, NULL, NULL);

  return TRUE;
}
