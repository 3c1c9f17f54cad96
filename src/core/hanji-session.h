/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Drafts ----------------------------------------------------------------
 *
 * The unsaved text of a post, kept in a folder of the app's own
 * ($XDG_DATA_HOME/<app-id>/drafts/) a few seconds after each edit, so a
 * crash or a power cut loses at most those seconds. The real file is never
 * touched. Each draft is two files named after its id: <id>.txt (the text,
 * as is) and <id>.json (what it belongs to). Both are written atomically
 * (text first), readable only by the user (0600).
 *
 * A saved post's draft id comes from its file's URI, so a post has at most
 * one draft; a new post not yet saved anywhere gets a random id. */

typedef struct
{
  char   *id;
  /* The post's file URI; NULL for a post never saved. */
  char   *uri;
  /* For a list of drafts to recover: the post's title when drafted. */
  char   *title;
  /* The etag the file had when its last save or load was done, so a
   * recovered draft can tell whether the file changed since; may be NULL. */
  char   *base_etag;
  /* The buffer's text (no BOM, newlines as in the buffer). */
  GBytes *text;
  /* Cursor, 0-based line and column (in characters). */
  guint   line;
  guint   column;
  /* When the draft was written, microseconds since the epoch (set by
   * hanji_draft_store_save). */
  gint64  saved_at;
} HanjiDraft;

HanjiDraft *hanji_draft_new   (void);
HanjiDraft *hanji_draft_copy  (const HanjiDraft *draft);
void        hanji_draft_free  (HanjiDraft       *draft);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HanjiDraft, hanji_draft_free)

/* The draft id of the post at @file: stable, file-name safe. */
char *hanji_draft_id_for_file (GFile *file);
/* A fresh id for a post that has no file yet. */
char *hanji_draft_new_id      (void);

#define HANJI_TYPE_DRAFT_STORE (hanji_draft_store_get_type ())
G_DECLARE_FINAL_TYPE (HanjiDraftStore, hanji_draft_store, HANJI, DRAFT_STORE, GObject)

/* A store of drafts in @folder (created with its parents on the first
 * save, mode 0700). The calls are blocking and may run in any thread;
 * calls for the same id must not overlap. */
HanjiDraftStore *hanji_draft_store_new     (GFile            *folder);
GFile           *hanji_draft_store_get_folder (HanjiDraftStore *self);
/* Writes @draft (its id, text and the rest); sets draft->saved_at. */
gboolean         hanji_draft_store_save    (HanjiDraftStore  *self,
                                            HanjiDraft       *draft,
                                            GCancellable     *cancellable,
                                            GError          **error);
/* The draft @id, or NULL with G_IO_ERROR_NOT_FOUND; a draft whose files
 * are damaged (cut short, not JSON, text not UTF-8) is an error too
 * (G_IO_ERROR_INVALID_DATA), never a crash. */
HanjiDraft      *hanji_draft_store_load    (HanjiDraftStore  *self,
                                            const char       *id,
                                            GCancellable     *cancellable,
                                            GError          **error);
/* Removes the draft @id; a missing draft is not an error. */
gboolean         hanji_draft_store_delete  (HanjiDraftStore  *self,
                                            const char       *id,
                                            GCancellable     *cancellable,
                                            GError          **error);
/* Every readable draft (HanjiDraft, text included), newest first;
 * damaged ones are skipped with a g_warning. An empty or missing folder
 * gives an empty array. */
GPtrArray       *hanji_draft_store_list    (HanjiDraftStore  *self,
                                            GCancellable     *cancellable,
                                            GError          **error);

/* Session ---------------------------------------------------------------
 *
 * What was open, so the next start can bring it back: per window the site
 * and the posts open in it, with their cursor and draft, and whether the
 * app exited cleanly. The app writes clean = FALSE when it starts and
 * TRUE when it quits normally; finding FALSE at start means a crash. One
 * JSON file, written atomically. */

typedef struct
{
  char  *uri;        /* the post's file; NULL for a post never saved */
  char  *draft_id;   /* its draft, if it has unsaved text; else NULL */
  guint  line;       /* cursor, 0-based */
  guint  column;
} HanjiSessionPost;

typedef struct
{
  char      *site_uri;    /* the site's folder, or NULL */
  char      *active_uri;  /* the post shown, or NULL */
  GPtrArray *posts;       /* HanjiSessionPost, owned */
} HanjiSessionWindow;

typedef struct
{
  gboolean   clean;
  GPtrArray *windows;     /* HanjiSessionWindow, owned */
} HanjiSession;

HanjiSession       *hanji_session_new         (void);
void                hanji_session_free        (HanjiSession       *session);
HanjiSessionWindow *hanji_session_window_new  (void);
void                hanji_session_window_free (HanjiSessionWindow *window);
HanjiSessionPost   *hanji_session_post_new    (void);
void                hanji_session_post_free   (HanjiSessionPost   *post);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HanjiSession, hanji_session_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HanjiSessionWindow, hanji_session_window_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HanjiSessionPost, hanji_session_post_free)

/* Reads @file: NULL with G_IO_ERROR_NOT_FOUND when there is none, with
 * G_IO_ERROR_INVALID_DATA when it is not a session (damaged files are
 * reported, never a crash). Unknown members are ignored. Blocking. */
HanjiSession *hanji_session_load (GFile         *file,
                                  GCancellable  *cancellable,
                                  GError       **error);
/* Writes @session to @file atomically, creating its folder. Blocking. */
gboolean      hanji_session_save (HanjiSession  *session,
                                  GFile         *file,
                                  GCancellable  *cancellable,
                                  GError       **error);

G_END_DECLS
