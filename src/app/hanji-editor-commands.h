/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtksourceview/gtksource.h>

G_BEGIN_DECLS

/* Markdown formatting for the editor: the "format" actions (bold,
 * italic, strikethrough, code, link, heading levels, quote, lists, code
 * block) inserted on owner so menus anywhere in it reach them, their
 * shortcuts on the view only (so Ctrl+B in a form field stays there),
 * and Enter, Tab and Shift+Tab in lists. Each command is one undo. */
void        hanji_editor_commands_attach   (GtkSourceView *view,
                                            GtkWidget     *owner);
/* The Format menu, with the shortcuts shown. */
GMenuModel *hanji_editor_commands_get_menu (void);

/* What Enter, Tab and Shift+Tab do at the cursor, for tests too; FALSE
 * when they are not in a list, and the key does what it always does. */
gboolean    hanji_editor_commands_newline  (GtkSourceView *view);
gboolean    hanji_editor_commands_indent   (GtkSourceView *view,
                                            gboolean       outdent);

G_END_DECLS
