/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Reading a post's bytes into text and writing them back, without losing
 * anything the file had: its BOM, its line endings, its final newline (or
 * its absence), its permissions. And saving so that a crash, a full disk
 * or a read-only folder at any moment leaves the old file whole. */

#define HANJI_TEXT_FILE_ERROR (hanji_text_file_error_quark ())

typedef enum
{
  HANJI_TEXT_FILE_ERROR_NOT_TEXT,      /* NUL bytes: a binary file */
  HANJI_TEXT_FILE_ERROR_INVALID_UTF8,  /* message names the line */
  HANJI_TEXT_FILE_ERROR_TOO_LARGE,     /* over HANJI_TEXT_FILE_MAX_SIZE */
} HanjiTextFileError;

GQuark hanji_text_file_error_quark (void);

/* Larger files are refused: GtkTextBuffer needs several times the size. */
#define HANJI_TEXT_FILE_MAX_SIZE (256 * 1024 * 1024)

typedef enum
{
  /* The text is the file's bytes (after any BOM): LF-only files, and
   * files with mixed or lone-CR line endings, which are kept verbatim
   * (GtkTextBuffer reads \r\n and \r as line ends too). */
  HANJI_NEWLINE_AS_IS,
  /* Every line end of the file was \r\n: the text has \n, and \r\n is
   * written back on save, for new lines too. */
  HANJI_NEWLINE_CRLF,
} HanjiNewline;

typedef struct
{
  HanjiNewline newline;
  gboolean     has_bom;
} HanjiTextFormat;

/* The text of @data (@len bytes), or NULL and an error naming
 * @display_name: HANJI_TEXT_FILE_ERROR_NOT_TEXT for NUL bytes,
 * HANJI_TEXT_FILE_ERROR_INVALID_UTF8 (with the line number) for bytes
 * that are not UTF-8. The BOM is removed and CRLF converted per @format,
 * which is filled in. The result is NUL-terminated; @text_len (optional)
 * gets its length. */
char   *hanji_text_decode (const char      *data,
                           gsize            len,
                           const char      *display_name,
                           HanjiTextFormat *format,
                           gsize           *text_len,
                           GError         **error);

/* The bytes to write for @text (@len bytes, -1 for NUL-terminated) in
 * @format: the BOM back, \n as \r\n for HANJI_NEWLINE_CRLF.
 * hanji_text_encode (hanji_text_decode (b)) == b for every b decode
 * accepts. */
GBytes *hanji_text_encode (const char            *text,
                           gssize                 len,
                           const HanjiTextFormat *format);

/* Reads @file (blocking; for a thread): its text, format and etag (of
 * the file read, from the open file, see hanji_text_file_etag_from_info). Errors: GIO's for a missing
 * or unreadable file (G_IO_ERROR_IS_DIRECTORY for a folder), those of
 * hanji_text_decode, HANJI_TEXT_FILE_ERROR_TOO_LARGE. */
char   *hanji_text_file_load (GFile           *file,
                              HanjiTextFormat *format,
                              gsize           *text_len,
                              char           **etag,
                              GCancellable    *cancellable,
                              GError         **error);

/* Writes @bytes to @file atomically (blocking; for a thread): a
 * temporary file beside the target, written in full, flushed to disk
 * (fsync), given the target's permissions (and owner, where allowed),
 * then renamed over it. On any failure the temporary file is removed and
 * the target is untouched. A symbolic link is kept: its target is
 * replaced. A missing target is created (mode 0666 & ~umask); a missing
 * folder is an error (G_IO_ERROR_NOT_FOUND), not created.
 *
 * @expected_etag: when not NULL, the save fails with
 * G_IO_ERROR_WRONG_ETAG if the file on disk no longer has this etag
 * (someone else wrote it), and with G_IO_ERROR_NOT_FOUND if it vanished.
 *
 * @new_etag (optional) gets the etag of the file written.
 *
 * Errors carry a message for the writer, naming the file: read-only file
 * or folder (G_IO_ERROR_PERMISSION_DENIED, G_IO_ERROR_READ_ONLY), disk
 * full (G_IO_ERROR_NO_SPACE), folder gone (G_IO_ERROR_NOT_FOUND). */
gboolean hanji_text_file_save (GFile         *file,
                               GBytes        *bytes,
                               const char    *expected_etag,
                               char         **new_etag,
                               GCancellable  *cancellable,
                               GError       **error);

/* The attributes an etag is made of, for g_file_query_info (). */
#define HANJI_TEXT_FILE_ETAG_ATTRIBUTES \
  G_FILE_ATTRIBUTE_ETAG_VALUE "," G_FILE_ATTRIBUTE_UNIX_INODE "," G_FILE_ATTRIBUTE_STANDARD_SIZE

/* The etag of the file @info describes (queried with
 * HANJI_TEXT_FILE_ETAG_ATTRIBUTES): GIO's (the modification time) with
 * the inode and the size, since two writes within a clock tick of the
 * file system share a modification time; an atomic replace always makes
 * a new inode. */
char   *hanji_text_file_etag_from_info (GFileInfo *info);

/* The etag of @file now, or NULL (and an error) if it cannot be read;
 * G_IO_ERROR_NOT_FOUND when it does not exist. Blocking. */
char   *hanji_text_file_query_etag (GFile         *file,
                                    GCancellable  *cancellable,
                                    GError       **error);

G_END_DECLS
