/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hanji-application.h"
#include "hanji-window-private.h"

G_BEGIN_DECLS

typedef gboolean (*Condition) (gpointer data);

/* g_test_init, GTK and libadwaita, with the user's XDG folders in a new
 * temporary folder. */
void              app_test_init     (int          *argc,
                                     char       ***argv);
/* Removes that folder (after g_test_run ()). */
void              app_test_cleanup  (void);

/* Runs the main loop until cond holds; a watchdog fails the test rather
 * than letting it hang. */
void              spin_until        (Condition    cond,
                                     gpointer     data,
                                     const char  *what);
void              spin_for          (guint        msec);
/* Conditions: *(gpointer *) data is set; the widget is gone; the window's
 * post has loaded; the preview is ready; the document is saved. */
gboolean          pointer_set       (gpointer     data);
gboolean          widget_unrealized (gpointer     data);
gboolean          document_loaded   (gpointer     data);
gboolean          preview_ready     (gpointer     data);
gboolean          document_saved    (gpointer     data);

/* Evaluates script in the window's preview, as a string. */
char             *eval_js           (HanjiWindow *window,
                                     const char  *script);
void              wait_js           (HanjiWindow *window,
                                     const char  *script,
                                     const char  *expected);

/* A registered app with its own id and a clean session; the sample
 * blog copied as "Try the Sample Blog" does; its post count. */
HanjiApplication *create_app        (void);
GFile            *copy_sample       (HanjiApplication *app);
guint             count_posts       (GFile       *folder);

typedef struct
{
  HanjiWindow *window;
  guint        expected;
} ListWait;

gboolean          list_filled       (gpointer     data);

char             *buffer_text       (HanjiDocument *document);
/* Inserts text at the end as one user action. */
void              type_text         (HanjiDocument *document,
                                     const char    *text);

/* A window showing folder/relative, loaded, with its post list filled;
 * closing it discards changes and asserts that it is freed. */
HanjiWindow      *open_post_window  (HanjiApplication *app,
                                     GFile            *folder,
                                     const char       *relative);
void              close_window      (HanjiWindow *window);

G_END_DECLS
