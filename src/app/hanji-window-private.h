/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hanji-document.h"
#include "hanji-find-bar.h"
#include "hanji-front-matter-form.h"
#include "hanji-post-list.h"
#include "hanji-preview.h"
#include "hanji-search-panel.h"
#include "hanji-session.h"
#include "hanji-site.h"
#include "hanji-window.h"

G_BEGIN_DECLS

/* The window is split by concern (hanji-window.c: posts, saving, the
 * session; hanji-window-tools.c: the writing tools); both see this. */
struct _HanjiWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  HanjiSite            *site;
  GCancellable         *site_cancellable;
  GFile                *pending_post;

  /* Every post opened in this window, so that switching posts never
   * drops unsaved text: GFile → HanjiDocument. */
  GHashTable           *documents;
  HanjiDocument        *document;
  GSignalGroup         *document_signals;

  guint                 render_source;
  GSimpleAction        *flavor_action;
  /* The newest rendering of the document, for the next render to reuse. */
  HanjiRendering       *rendering;
  guint                 render_serial;
  guint                 renders_in_flight;
  guint                 render_pending : 1;

  /* Scroll sync: the editor line last sent to the preview (0: none),
   * and set while the editor follows the preview, so that its own
   * scrolling is not sent back. */
  guint                 preview_synced_line;
  guint                 following_preview : 1;

  guint                 sidebar_visible : 1;
  /* Focus mode: only the editor; what it hid, to show again. */
  guint                 focus_mode : 1;
  guint                 focus_hid_sidebar : 1;
  guint                 focus_made_fullscreen : 1;
  guint                 close_confirmed : 1;

  /* The post last moved to the trash, for the toast's Undo. */
  struct _TrashData    *last_trashed;

  /* Template children */
  GtkRevealer          *banner;
  GtkLabel             *banner_label;
  GtkButton            *banner_secondary;
  GtkButton            *banner_primary;
  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  AdwPreferencesGroup  *recent_group;
  GtkListBox           *recent_list;
  GMenu                *open_section;
  GMenuModel           *primary_menu;
  /* The "Open Recent" submenu, when it is in open_section. */
  GMenuItem            *recent_submenu;
  GtkPaned             *sidebar_paned;
  GtkWidget            *sidebar;
  GtkStack             *sidebar_stack;
  HanjiPostList        *post_list;
  HanjiSearchPanel     *search_panel;
  AdwWindowTitle       *site_title;
  AdwWindowTitle       *post_title;
  GtkWidget            *editor_header;
  GtkMenuButton        *format_button;
  GtkMenuButton        *outline_button;
  GtkPopover           *outline_popover;
  GtkStack             *outline_stack;
  GtkListBox           *outline_list;
  GCancellable         *outline_cancellable;
  GtkMenuButton        *stats_button;
  GtkMenuButton        *lint_button;
  GtkListBox           *lint_list;
  /* Lint runs after a longer pause, off the main thread; its problems
   * are for the text in lint_text, and fixes apply only to that text. */
  guint                 lint_source;
  guint                 lint_serial;
  GBytes               *lint_text;
  GPtrArray            *lint_problems;
  GtkGrid              *stats_grid;
  /* Counting words after a pause in typing, in a worker thread; the
   * serial drops answers for older text. */
  guint                 stats_source;
  guint                 stats_serial;
  GtkStack             *content_stack;
  AdwStatusPage        *error_page;
  GtkPaned             *preview_paned;
  GtkPaned             *form_paned;
  HanjiFrontMatterForm *form;
  GtkScrolledWindow    *editor_scroller;
  GtkSourceView        *source_view;
  /* The editor font setting, as CSS. */
  GtkCssProvider       *editor_css;
  GtkRevealer          *find_revealer;
  HanjiFindBar         *find_bar;
  HanjiPreview         *preview;
};


/* For tests: the window's parts, as the user sees them. */
HanjiSite            *_hanji_window_get_site         (HanjiWindow *self);
/* The sidebar's list view (its model: a GtkSingleSelection over the
 * filtered posts) and the whole sidebar widget. */
GtkListView          *_hanji_window_get_post_list    (HanjiWindow *self);
HanjiPostList        *_hanji_window_get_post_list_widget (HanjiWindow *self);
HanjiDocument        *_hanji_window_get_document     (HanjiWindow *self);
GtkSourceView        *_hanji_window_get_source_view  (HanjiWindow *self);
HanjiFrontMatterForm *_hanji_window_get_form         (HanjiWindow *self);
HanjiPreview         *_hanji_window_get_preview      (HanjiWindow *self);
/* The post whose document is shown, opened from the post list. */
void                  _hanji_window_open_post        (HanjiWindow *self,
                                                      GFile       *file);
/* "empty", "error" or "editor": what the content area shows. */
const char           *_hanji_window_get_content_page (HanjiWindow *self);
/* The main menu. */
GMenuModel           *_hanji_window_get_menu         (HanjiWindow *self);
/* Unsaved documents, for the close confirmation. */
GPtrArray            *_hanji_window_list_modified    (HanjiWindow *self);

/* Session: what this window has open, and bringing it back after a
 * crash with the drafts in @drafts (id → HanjiDraft; those used are
 * removed). Returns how many drafts were put back. */
HanjiSessionWindow   *_hanji_window_dup_session      (HanjiWindow        *self);
guint                 _hanji_window_restore_session  (HanjiWindow        *self,
                                                      HanjiSessionWindow *saved,
                                                      GHashTable         *drafts);
void                  _hanji_window_announce_recovery (HanjiWindow       *self,
                                                       guint              n_posts);
/* Writes every due draft now (the app is about to be killed). */
void                  _hanji_window_flush_drafts     (HanjiWindow        *self);
/* The banner over the editor, or NULL while it is hidden. */
const char           *_hanji_window_get_banner       (HanjiWindow        *self);
void                  _hanji_window_banner_respond   (HanjiWindow        *self,
                                                      gboolean            primary);

/* The flavor the preview renders with (the site's, or the one chosen). */
HanjiFlavor           _hanji_window_get_flavor       (HanjiWindow    *self);

/* hanji-window-images.c: images dropped or pasted into the editor. */
void                  _hanji_window_images_init      (HanjiWindow    *self);
gboolean              _hanji_window_drop_files       (HanjiWindow    *self,
                                                      GSList         *files,
                                                      double          x,
                                                      double          y);

/* hanji-window-tools.c */
void                  _hanji_window_tools_class_init (GtkWidgetClass *widget_class);
void                  _hanji_window_tools_init       (HanjiWindow    *self);
void                  _hanji_window_tools_dispose    (HanjiWindow    *self);
void                  _hanji_window_set_focus_mode   (HanjiWindow    *self,
                                                      gboolean        focus_mode);
void                  _hanji_window_tools_set_site   (HanjiWindow    *self,
                                                      HanjiSite      *site);
HanjiFindBar         *_hanji_window_get_find_bar     (HanjiWindow    *self);
/* The statistics shown under the editor: "N words · N min", and the
 * popover's rows as "label: value" lines, once counted. */
const char           *_hanji_window_get_stats_label  (HanjiWindow    *self);
char                 *_hanji_window_dup_stats_details (HanjiWindow   *self);
/* The outline: filled in a worker thread when it is opened; a row's
 * activation goes to the heading in the editor and the preview. */
void                  _hanji_window_show_outline     (HanjiWindow    *self);
GtkListBox           *_hanji_window_get_outline_list (HanjiWindow    *self);
/* Lint: schedules a check of the shown post; the problems found (an
 * array of HanjiLintProblem, NULL until checked); applies problem i's
 * fix to the buffer as one undoable edit (FALSE if the text changed). */
void                  _hanji_window_schedule_lint    (HanjiWindow    *self);
GPtrArray            *_hanji_window_get_lint_problems (HanjiWindow   *self);
gboolean              _hanji_window_apply_lint_fix   (HanjiWindow    *self,
                                                      guint           i);
void                  _hanji_window_reveal_lint_problem (HanjiWindow *self,
                                                         guint        i);
/* Counts now, once the document changed or the selection moved. */
void                  _hanji_window_schedule_stats   (HanjiWindow    *self);
HanjiSearchPanel     *_hanji_window_get_search_panel (HanjiWindow    *self);
gboolean              _hanji_window_get_search_visible (HanjiWindow  *self);
void                  _hanji_window_set_search_visible (HanjiWindow  *self,
                                                        gboolean      visible);
/* Opens file and selects length characters at line:column (from 1),
 * now or as soon as the post has loaded. */
void                  _hanji_window_reveal           (HanjiWindow    *self,
                                                      GFile          *file,
                                                      guint           line,
                                                      guint           column,
                                                      guint           length);
/* Exports the post's preview to destination (the Export dialog's answer). */
void                  _hanji_window_export           (HanjiWindow    *self,
                                                      GFile          *destination,
                                                      gboolean        copy_images);
void                  _hanji_window_apply_pending_reveal (HanjiWindow   *self,
                                                          HanjiDocument *document);
gboolean              _hanji_window_get_find_visible (HanjiWindow    *self);

G_END_DECLS
