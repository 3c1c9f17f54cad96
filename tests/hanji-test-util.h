/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <string.h>

G_BEGIN_DECLS

/* Deletes a tree without following symlinks out of it; asserts on errors
 * so a test never leaves half its files behind silently. */
void hanji_test_remove_tree (const char *path);

/* Writes root/relative (making its folders), asserting it worked. */
void hanji_test_write_file (const char *root,
                            const char *relative,
                            const char *contents);

/* Widget tests: GTK 4.8 sometimes warns "Trying to snapshot GtkGizmo …
 * without a current allocation" from a scrollbar when a window is shown
 * under a loaded Xvfb (a GTK bug, seen on an unchanged tree too). That
 * one warning is not made fatal; every other one still is. */
void hanji_test_tolerate_gtk_allocation_warning (void);
/* The preview's warning that WebKit's web process crashed (it reloads)
 * is not fatal; every other warning still is. Call at the start of each
 * test: GLib resets the fatal handler before each. */
void hanji_test_tolerate_web_process_crash (void);

#define assert_contains(haystack, needle) \
  G_STMT_START { \
    if (strstr ((haystack), (needle)) == NULL) \
      g_error ("“%s” not found in:\n%s", (needle), (haystack)); \
  } G_STMT_END

#define assert_not_contains(haystack, needle) \
  G_STMT_START { \
    if (strstr ((haystack), (needle)) != NULL) \
      g_error ("“%s” unexpectedly found in:\n%s", (needle), (haystack)); \
  } G_STMT_END

G_END_DECLS
