/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

G_BEGIN_DECLS

/* A broken promise of the API: say which and abort, so that libFuzzer
 * reports it as a crash and keeps the input. */
#define fuzz_check(cond, ...) \
  G_STMT_START { \
    if (G_UNLIKELY (!(cond))) \
      { \
        fprintf (stderr, "%s:%d: check failed: %s\n  ", __FILE__, __LINE__, #cond); \
        fprintf (stderr, __VA_ARGS__); \
        fputc ('\n', stderr); \
        abort (); \
      } \
  } G_STMT_END

/* Criticals (a broken g_return_if_fail) and warnings abort like a
 * failed check: GLib's own fatal path traps (SIGTRAP), which libFuzzer
 * does not catch, so the input would not be kept. */
static inline GLogWriterOutput
fuzz_log_writer (GLogLevelFlags   log_level,
                 const GLogField *fields,
                 gsize            n_fields,
                 gpointer         user_data)
{
  if (log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    {
      g_autofree char *line = g_log_writer_format_fields (log_level, fields, n_fields, FALSE);

      fprintf (stderr, "%s\n", line);
      abort ();
    }

  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

/* The same process conditions for every target: fatal criticals and
 * warnings; local files only (no GVfs daemon); a fixed time zone without
 * daylight saving time (+09:00) so that "local time" has one meaning and
 * is not UTC. */
static inline void
fuzz_init (void)
{
  g_setenv ("GIO_USE_VFS", "local", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("TZ", "KST-9", TRUE);
  /* HANJI_FUZZ_DEBUG=1 keeps the core's debug messages, to see why a
   * crash input does what it does. */
  if (g_getenv ("HANJI_FUZZ_DEBUG") == NULL)
    g_unsetenv ("G_MESSAGES_DEBUG");
  g_log_set_writer_func (fuzz_log_writer, NULL, NULL);
}

/* The input as a C string: up to its first NUL, which no editor buffer
 * holds. */
static inline char *
fuzz_dup_cstring (const guint8 *data,
                  size_t        size,
                  gsize        *len)
{
  const guint8 *nul = memchr (data, '\0', size);
  gsize n = nul != NULL ? (gsize) (nul - data) : size;

  if (len != NULL)
    *len = n;
  return g_strndup ((const char *) data, n);
}

static inline gboolean
fuzz_utf8_valid0 (const char *text)
{
  return text == NULL || g_utf8_validate (text, -1, NULL);
}

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

G_END_DECLS
