/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hanji-editor-commands"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "hanji-editor-commands.h"

/* A list item or quote line: indent, marker ("-", "*", "+", "1." or
 * "1)", or ">"), the spaces after it and an optional task box. */
typedef struct
{
  guint    indent;        /* bytes of leading spaces */
  guint    prefix_len;    /* bytes up to the item's content */
  guint    marker_width;  /* marker and the spaces after it */
  gboolean ordered;
  gboolean quote;
  gboolean task;
  guint    number;
  char     delimiter;     /* '.' or ')' for ordered items */
  char     bullet;        /* '-', '*' or '+' */
} LinePrefix;

static gboolean
parse_prefix (const char *line,
              LinePrefix *prefix)
{
  const char *p = line;
  const char *marker;

  memset (prefix, 0, sizeof *prefix);

  while (*p == ' ')
    p++;
  prefix->indent = p - line;
  marker = p;

  if (*p == '>')
    {
      prefix->quote = TRUE;
      p++;
      if (*p == ' ')
        p++;
      prefix->marker_width = p - marker;
      prefix->prefix_len = p - line;
      return TRUE;
    }

  if ((*p == '-' || *p == '*' || *p == '+') && (p[1] == ' ' || p[1] == '\t'))
    {
      prefix->bullet = *p;
      p++;
    }
  else if (g_ascii_isdigit (*p))
    {
      guint digits = 0;

      while (g_ascii_isdigit (p[digits]) && digits < 9)
        digits++;
      if ((p[digits] != '.' && p[digits] != ')') || (p[digits + 1] != ' ' && p[digits + 1] != '\t'))
        return FALSE;
      prefix->ordered = TRUE;
      prefix->number = (guint) g_ascii_strtoull (p, NULL, 10);
      prefix->delimiter = p[digits];
      p += digits + 1;
    }
  else
    return FALSE;

  while (*p == ' ' || *p == '\t')
    p++;
  prefix->marker_width = p - marker;

  if (p[0] == '[' && (p[1] == ' ' || p[1] == 'x' || p[1] == 'X') && p[2] == ']' && p[3] == ' ')
    {
      prefix->task = TRUE;
      p += 4;
    }

  prefix->prefix_len = p - line;
  return TRUE;
}

static char *
line_text (GtkTextBuffer *buffer,
           int            line,
           GtkTextIter   *start_out)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_iter_at_line (buffer, &start, line);
  end = start;
  if (!gtk_text_iter_ends_line (&end))
    gtk_text_iter_forward_to_line_end (&end);
  if (start_out != NULL)
    *start_out = start;

  return gtk_text_iter_get_slice (&start, &end);
}

/* The iter byte_index bytes into line. */
static void
iter_at_line_index (GtkTextBuffer *buffer,
                    GtkTextIter   *iter,
                    int            line,
                    guint          byte_index)
{
  gtk_text_buffer_get_iter_at_line_index (buffer, iter, line, byte_index);
}

gboolean
hanji_editor_commands_newline (GtkSourceView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  g_autofree char *text = NULL;
  g_autoptr(GString) next = NULL;
  GtkTextIter cursor, line_start;
  LinePrefix prefix;
  int line;

  if (gtk_text_buffer_get_has_selection (buffer))
    return FALSE;

  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  line = gtk_text_iter_get_line (&cursor);
  text = line_text (buffer, line, &line_start);

  if (!parse_prefix (text, &prefix) ||
      (guint) gtk_text_iter_get_line_index (&cursor) < prefix.prefix_len)
    return FALSE;

  gtk_text_buffer_begin_user_action (buffer);

  /* Enter on an empty item ends the list: the marker goes, the line
   * stays, as in every word processor. */
  if (gtk_text_iter_ends_line (&cursor))
    {
      g_autofree char *rest = g_strdup (text + prefix.prefix_len);

      if (g_strstrip (rest)[0] == '\0')
        {
          gtk_text_buffer_delete (buffer, &line_start, &cursor);
          gtk_text_buffer_end_user_action (buffer);
          return TRUE;
        }
    }

  next = g_string_new ("\n");
  g_string_append_len (next, text, prefix.indent);
  if (prefix.quote)
    g_string_append_len (next, text + prefix.indent, prefix.marker_width);
  else
    {
      g_autofree char *marker = NULL;

      if (prefix.ordered)
        marker = g_strdup_printf ("%u%c", prefix.number + 1, prefix.delimiter);
      else
        marker = g_strdup_printf ("%c", prefix.bullet);

      /* The same content column, even when the number grows a digit. */
      g_string_append (next, marker);
      g_string_append_printf (next, "%*s", (int) MAX ((int) prefix.marker_width - (int) strlen (marker), 1), "");
      if (prefix.task)
        g_string_append (next, "[ ] ");
    }

  /* Text after the cursor moves to the new item. */
  gtk_text_buffer_insert (buffer, &cursor, next->str, next->len);
  gtk_text_buffer_end_user_action (buffer);

  gtk_text_view_scroll_mark_onscreen (GTK_TEXT_VIEW (view), gtk_text_buffer_get_insert (buffer));
  return TRUE;
}

gboolean
hanji_editor_commands_indent (GtkSourceView *view,
                              gboolean       outdent)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GtkTextIter start, end;
  int first, last;

  gtk_text_buffer_get_selection_bounds (buffer, &start, &end);
  first = gtk_text_iter_get_line (&start);
  last = gtk_text_iter_get_line (&end);
  if (last > first && gtk_text_iter_starts_line (&end))
    last--;

  /* Only when every line is an item: elsewhere Tab is a tab. */
  for (int line = first; line <= last; line++)
    {
      g_autofree char *text = line_text (buffer, line, NULL);
      LinePrefix prefix;

      if (!parse_prefix (text, &prefix) || prefix.quote)
        return FALSE;
    }

  gtk_text_buffer_begin_user_action (buffer);
  for (int line = first; line <= last; line++)
    {
      g_autofree char *text = line_text (buffer, line, NULL);
      GtkTextIter at, to;
      LinePrefix prefix;
      guint amount;

      parse_prefix (text, &prefix);
      iter_at_line_index (buffer, &at, line, 0);

      if (!outdent)
        {
          /* A sub-item starts at the content column of the item above,
           * which has the same marker: this item's own width. */
          g_autofree char *spaces = g_strnfill (prefix.marker_width, ' ');

          gtk_text_buffer_insert (buffer, &at, spaces, -1);
          continue;
        }

      amount = prefix.indent;
      /* Back to the parent's column: the nearest item above that is
       * indented less. */
      for (int above = line - 1; above >= 0; above--)
        {
          g_autofree char *above_text = line_text (buffer, above, NULL);
          LinePrefix parent;

          if (parse_prefix (above_text, &parent) && !parent.quote && parent.indent < prefix.indent)
            {
              amount = prefix.indent - parent.indent;
              break;
            }
          if (above_text[0] != ' ' && !parse_prefix (above_text, &parent))
            break;
        }

      if (amount == 0)
        continue;
      iter_at_line_index (buffer, &to, line, amount);
      gtk_text_buffer_delete (buffer, &at, &to);
    }
  gtk_text_buffer_end_user_action (buffer);

  return TRUE;
}

/* Inline markup */

static void
toggle_inline (GtkTextBuffer *buffer,
               const char    *marker)
{
  GtkTextIter start, end, before, after;
  g_autofree char *selected = NULL;
  glong marker_chars = g_utf8_strlen (marker, -1);
  const char *open = marker;
  const char *close = marker;
  g_autofree char *open_owned = NULL;
  g_autofree char *close_owned = NULL;
  int start_offset;

  gtk_text_buffer_begin_user_action (buffer);

  if (!gtk_text_buffer_get_selection_bounds (buffer, &start, &end))
    {
      /* The word at the cursor, or an empty pair to type into. */
      if (gtk_text_iter_inside_word (&start) && !gtk_text_iter_starts_word (&start))
        {
          gtk_text_iter_backward_word_start (&start);
          end = start;
          gtk_text_iter_forward_word_end (&end);
        }
      else
        {
          g_autofree char *pair = g_strconcat (marker, marker, NULL);

          start_offset = gtk_text_iter_get_offset (&start);
          gtk_text_buffer_insert (buffer, &start, pair, -1);
          gtk_text_buffer_get_iter_at_offset (buffer, &start, start_offset + marker_chars);
          gtk_text_buffer_place_cursor (buffer, &start);
          gtk_text_buffer_end_user_action (buffer);
          return;
        }
    }

  selected = gtk_text_iter_get_slice (&start, &end);

  /* Inline code holding a backtick needs a longer fence, with spaces. */
  if (g_str_equal (marker, "`") && strchr (selected, '`') != NULL)
    {
      open = open_owned = g_strdup ("`` ");
      close = close_owned = g_strdup (" ``");
    }

  before = start;
  after = end;
  if (gtk_text_iter_backward_chars (&before, g_utf8_strlen (open, -1)) &&
      gtk_text_iter_forward_chars (&after, g_utf8_strlen (close, -1)))
    {
      g_autofree char *outer_open = gtk_text_iter_get_slice (&before, &start);
      g_autofree char *outer_close = gtk_text_iter_get_slice (&end, &after);

      if (g_str_equal (outer_open, open) && g_str_equal (outer_close, close))
        {
          GtkTextMark *start_mark = gtk_text_buffer_create_mark (buffer, NULL, &start, TRUE);
          GtkTextMark *end_mark = gtk_text_buffer_create_mark (buffer, NULL, &end, FALSE);

          gtk_text_buffer_delete (buffer, &end, &after);
          gtk_text_buffer_get_iter_at_mark (buffer, &start, start_mark);
          gtk_text_buffer_get_iter_at_mark (buffer, &before, start_mark);
          gtk_text_iter_backward_chars (&before, g_utf8_strlen (open, -1));
          gtk_text_buffer_delete (buffer, &before, &start);
          gtk_text_buffer_get_iter_at_mark (buffer, &start, start_mark);
          gtk_text_buffer_get_iter_at_mark (buffer, &end, end_mark);
          gtk_text_buffer_select_range (buffer, &start, &end);
          gtk_text_buffer_delete_mark (buffer, start_mark);
          gtk_text_buffer_delete_mark (buffer, end_mark);
          gtk_text_buffer_end_user_action (buffer);
          return;
        }
    }

  start_offset = gtk_text_iter_get_offset (&start);

  if (g_str_has_prefix (selected, open) && g_str_has_suffix (selected, close) &&
      strlen (selected) >= strlen (open) + strlen (close))
    {
      g_autofree char *inner = g_strndup (selected + strlen (open),
                                          strlen (selected) - strlen (open) - strlen (close));

      gtk_text_buffer_delete (buffer, &start, &end);
      gtk_text_buffer_insert (buffer, &start, inner, -1);
      gtk_text_buffer_get_iter_at_offset (buffer, &start, start_offset);
      gtk_text_buffer_get_iter_at_offset (buffer, &end, start_offset + g_utf8_strlen (inner, -1));
    }
  else
    {
      g_autofree char *wrapped = g_strconcat (open, selected, close, NULL);
      glong inner_chars = g_utf8_strlen (selected, -1);

      gtk_text_buffer_delete (buffer, &start, &end);
      gtk_text_buffer_insert (buffer, &start, wrapped, -1);
      gtk_text_buffer_get_iter_at_offset (buffer, &start, start_offset + g_utf8_strlen (open, -1));
      gtk_text_buffer_get_iter_at_offset (buffer, &end, start_offset + g_utf8_strlen (open, -1) + inner_chars);
    }

  gtk_text_buffer_select_range (buffer, &start, &end);
  gtk_text_buffer_end_user_action (buffer);
}

static gboolean
looks_like_url (const char *text)
{
  return (g_str_has_prefix (text, "http://") || g_str_has_prefix (text, "https://") ||
          g_str_has_prefix (text, "mailto:")) &&
         strpbrk (text, " \t\n") == NULL;
}

static void
insert_link (GtkTextBuffer *buffer)
{
  GtkTextIter start, end;
  g_autofree char *selected = NULL;
  g_autofree char *link = NULL;
  int offset;

  gtk_text_buffer_get_selection_bounds (buffer, &start, &end);
  selected = gtk_text_iter_get_slice (&start, &end);
  offset = gtk_text_iter_get_offset (&start);

  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_delete (buffer, &start, &end);

  if (looks_like_url (selected))
    {
      /* The address is there: the cursor goes where the text is typed. */
      link = g_strdup_printf ("[](%s)", selected);
      gtk_text_buffer_insert (buffer, &start, link, -1);
      gtk_text_buffer_get_iter_at_offset (buffer, &start, offset + 1);
      gtk_text_buffer_place_cursor (buffer, &start);
    }
  else
    {
      glong text_chars = g_utf8_strlen (selected, -1);

      link = g_strdup_printf ("[%s](https://)", selected);
      gtk_text_buffer_insert (buffer, &start, link, -1);
      /* The address is selected, to be typed or pasted over. */
      gtk_text_buffer_get_iter_at_offset (buffer, &start, offset + text_chars + 3);
      gtk_text_buffer_get_iter_at_offset (buffer, &end, offset + text_chars + 3 + strlen ("https://"));
      gtk_text_buffer_select_range (buffer, &start, &end);
    }

  gtk_text_buffer_end_user_action (buffer);
}

/* Block markup: each selected line */

typedef enum
{
  BLOCK_QUOTE,
  BLOCK_BULLET,
  BLOCK_NUMBERED,
  BLOCK_TASK,
} BlockKind;

static void
selected_lines (GtkTextBuffer *buffer,
                int           *first,
                int           *last)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_selection_bounds (buffer, &start, &end);
  *first = gtk_text_iter_get_line (&start);
  *last = gtk_text_iter_get_line (&end);
  if (*last > *first && gtk_text_iter_starts_line (&end))
    (*last)--;
}

static gboolean
line_has_kind (const char *text,
               BlockKind   kind)
{
  LinePrefix prefix;

  if (!parse_prefix (text, &prefix))
    return FALSE;

  switch (kind)
    {
    case BLOCK_QUOTE:
      return prefix.quote;
    case BLOCK_BULLET:
      return prefix.bullet != 0 && !prefix.task;
    case BLOCK_NUMBERED:
      return prefix.ordered;
    case BLOCK_TASK:
      return prefix.task;
    default:
      return FALSE;
    }
}

static void
toggle_block (GtkTextBuffer *buffer,
              BlockKind      kind)
{
  gboolean all = TRUE;
  guint number = 1;
  int first, last;

  selected_lines (buffer, &first, &last);

  for (int line = first; line <= last; line++)
    {
      g_autofree char *text = line_text (buffer, line, NULL);

      if (text[0] != '\0' && !line_has_kind (text, kind))
        all = FALSE;
    }

  gtk_text_buffer_begin_user_action (buffer);
  for (int line = first; line <= last; line++)
    {
      g_autofree char *text = line_text (buffer, line, NULL);
      g_autofree char *marker = NULL;
      GtkTextIter at, to;
      LinePrefix prefix;

      if (text[0] == '\0' && first != last)
        continue;

      /* Off: the marker goes. On: another kind of marker is replaced. */
      if (parse_prefix (text, &prefix) && (all || !prefix.quote || kind == BLOCK_QUOTE))
        {
          iter_at_line_index (buffer, &at, line, prefix.indent);
          iter_at_line_index (buffer, &to, line, prefix.prefix_len);
          gtk_text_buffer_delete (buffer, &at, &to);
        }

      if (all)
        continue;

      switch (kind)
        {
        case BLOCK_QUOTE:
          marker = g_strdup ("> ");
          break;
        case BLOCK_BULLET:
          marker = g_strdup ("- ");
          break;
        case BLOCK_NUMBERED:
          marker = g_strdup_printf ("%u. ", number++);
          break;
        case BLOCK_TASK:
        default:
          marker = g_strdup ("- [ ] ");
          break;
        }

      {
        g_autofree char *now = line_text (buffer, line, NULL);
        guint indent = strspn (now, " ");

        iter_at_line_index (buffer, &at, line, kind == BLOCK_QUOTE ? 0 : indent);
        gtk_text_buffer_insert (buffer, &at, marker, -1);
      }
    }
  gtk_text_buffer_end_user_action (buffer);
}

static void
set_heading (GtkTextBuffer *buffer,
             int            level)
{
  int first, last;

  selected_lines (buffer, &first, &last);

  gtk_text_buffer_begin_user_action (buffer);
  for (int line = first; line <= last; line++)
    {
      g_autofree char *text = line_text (buffer, line, NULL);
      GtkTextIter at, to;
      guint hashes = strspn (text, "#");
      guint remove = 0;

      if (hashes >= 1 && hashes <= 6 && (text[hashes] == ' ' || text[hashes] == '\0'))
        remove = hashes + strspn (text + hashes, " ");

      iter_at_line_index (buffer, &at, line, 0);
      iter_at_line_index (buffer, &to, line, remove);
      gtk_text_buffer_delete (buffer, &at, &to);
      if (level > 0)
        {
          g_autofree char *marker = g_strnfill (level, '#');
          g_autofree char *with_space = g_strconcat (marker, " ", NULL);

          gtk_text_buffer_insert (buffer, &at, with_space, -1);
        }
    }
  gtk_text_buffer_end_user_action (buffer);
}

static void
insert_code_block (GtkTextBuffer *buffer)
{
  GtkTextIter start, end;
  int first, last;
  g_autofree char *fence = NULL;
  guint longest = 0;

  selected_lines (buffer, &first, &last);

  /* A fence longer than any backtick run inside. */
  for (int line = first; line <= last; line++)
    {
      g_autofree char *text = line_text (buffer, line, NULL);
      const char *p = text;

      while ((p = strchr (p, '`')) != NULL)
        {
          guint run = strspn (p, "`");

          longest = MAX (longest, run);
          p += run;
        }
    }
  fence = g_strnfill (MAX (3, longest + 1), '`');

  gtk_text_buffer_begin_user_action (buffer);
  if (!gtk_text_buffer_get_has_selection (buffer))
    {
      g_autofree char *text = line_text (buffer, first, NULL);

      if (text[0] == '\0')
        {
          g_autofree char *block = g_strdup_printf ("%s\n\n%s", fence, fence);
          int offset;

          gtk_text_buffer_get_iter_at_line (buffer, &start, first);
          offset = gtk_text_iter_get_offset (&start);
          gtk_text_buffer_insert (buffer, &start, block, -1);
          gtk_text_buffer_get_iter_at_offset (buffer, &start, offset + strlen (fence) + 1);
          gtk_text_buffer_place_cursor (buffer, &start);
          gtk_text_buffer_end_user_action (buffer);
          return;
        }
    }

  gtk_text_buffer_get_iter_at_line (buffer, &end, last);
  if (!gtk_text_iter_ends_line (&end))
    gtk_text_iter_forward_to_line_end (&end);
  {
    g_autofree char *closing = g_strconcat ("\n", fence, NULL);

    gtk_text_buffer_insert (buffer, &end, closing, -1);
  }
  gtk_text_buffer_get_iter_at_line (buffer, &start, first);
  {
    g_autofree char *opening = g_strconcat (fence, "\n", NULL);

    gtk_text_buffer_insert (buffer, &start, opening, -1);
  }
  gtk_text_buffer_end_user_action (buffer);
}

/* Actions */

static GtkTextBuffer *
view_buffer (gpointer user_data)
{
  return gtk_text_view_get_buffer (GTK_TEXT_VIEW (user_data));
}

static void
inline_activate (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       user_data)
{
  const char *name = g_action_get_name (G_ACTION (action));
  /* Asterisks, not underscores: `*말*은` is emphasis in CommonMark,
   * `_말_은` is not (an underscore cannot close inside a word, and a
   * Korean particle makes it one). */
  const char *marker = g_str_equal (name, "bold") ? "**" :
                       g_str_equal (name, "italic") ? "*" :
                       g_str_equal (name, "strikethrough") ? "~~" : "`";

  toggle_inline (view_buffer (user_data), marker);
  gtk_widget_grab_focus (user_data);
}

static void
link_activate (GSimpleAction *action,
               GVariant      *param,
               gpointer       user_data)
{
  insert_link (view_buffer (user_data));
  gtk_widget_grab_focus (user_data);
}

static void
heading_activate (GSimpleAction *action,
                  GVariant      *param,
                  gpointer       user_data)
{
  set_heading (view_buffer (user_data), CLAMP (g_variant_get_int32 (param), 0, 6));
  gtk_widget_grab_focus (user_data);
}

static void
block_activate (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  const char *name = g_action_get_name (G_ACTION (action));
  BlockKind kind = g_str_equal (name, "quote") ? BLOCK_QUOTE :
                   g_str_equal (name, "bullet-list") ? BLOCK_BULLET :
                   g_str_equal (name, "numbered-list") ? BLOCK_NUMBERED : BLOCK_TASK;

  toggle_block (view_buffer (user_data), kind);
  gtk_widget_grab_focus (user_data);
}

static void
code_block_activate (GSimpleAction *action,
                     GVariant      *param,
                     gpointer       user_data)
{
  insert_code_block (view_buffer (user_data));
  gtk_widget_grab_focus (user_data);
}

static const GActionEntry format_entries[] = {
  { "bold", inline_activate },
  { "italic", inline_activate },
  { "strikethrough", inline_activate },
  { "code", inline_activate },
  { "link", link_activate },
  { "heading", heading_activate, "i" },
  { "quote", block_activate },
  { "bullet-list", block_activate },
  { "numbered-list", block_activate },
  { "task-list", block_activate },
  { "code-block", code_block_activate },
};

static const struct
{
  const char *trigger;
  const char *action;
  int         heading;
} format_shortcuts[] = {
  { "<Control>b", "format.bold", -1 },
  { "<Control>i", "format.italic", -1 },
  { "<Control><Shift>x", "format.strikethrough", -1 },
  { "<Control>e", "format.code", -1 },
  { "<Control>k", "format.link", -1 },
  { "<Control>0", "format.heading", 0 },
  { "<Control>1", "format.heading", 1 },
  { "<Control>2", "format.heading", 2 },
  { "<Control>3", "format.heading", 3 },
  { "<Control>4", "format.heading", 4 },
  { "<Control>5", "format.heading", 5 },
  { "<Control>6", "format.heading", 6 },
};

GMenuModel *
hanji_editor_commands_get_menu (void)
{
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenu) inline_section = g_menu_new ();
  g_autoptr(GMenu) heading_section = g_menu_new ();
  g_autoptr(GMenu) block_section = g_menu_new ();
  static const struct { const char *label; const char *action; const char *accel; } inline_items[] = {
    { N_("_Bold"), "format.bold", "<Control>b" },
    { N_("_Italic"), "format.italic", "<Control>i" },
    { N_("_Strikethrough"), "format.strikethrough", "<Control><Shift>x" },
    { N_("_Code"), "format.code", "<Control>e" },
    { N_("_Link…"), "format.link", "<Control>k" },
  };
  static const struct { const char *label; const char *action; } block_items[] = {
    { N_("_Quote"), "format.quote" },
    { N_("Bulleted List"), "format.bullet-list" },
    { N_("Numbered List"), "format.numbered-list" },
    { N_("Task List"), "format.task-list" },
    { N_("Code _Block"), "format.code-block" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (inline_items); i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (_(inline_items[i].label), inline_items[i].action);

      g_menu_item_set_attribute (item, "accel", "s", inline_items[i].accel);
      g_menu_append_item (inline_section, item);
    }

  for (int level = 0; level <= 3; level++)
    {
      g_autofree char *label = level == 0 ? g_strdup (_("_Paragraph"))
                                          : g_strdup_printf (_("Heading _%d"), level);
      g_autofree char *accel = g_strdup_printf ("<Control>%d", level);
      g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target (item, "format.heading", "i", level);
      g_menu_item_set_attribute (item, "accel", "s", accel);
      g_menu_append_item (heading_section, item);
    }

  for (guint i = 0; i < G_N_ELEMENTS (block_items); i++)
    g_menu_append (block_section, _(block_items[i].label), block_items[i].action);

  g_menu_append_section (menu, NULL, G_MENU_MODEL (inline_section));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (heading_section));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (block_section));

  return G_MENU_MODEL (menu);
}

/* Korean input methods compose a syllable in a preedit: Enter then
 * belongs to the input method, not to the list. */
static void
preedit_changed_cb (GtkTextView *view,
                    const char  *preedit,
                    gpointer     user_data)
{
  g_object_set_data (G_OBJECT (view), "hanji-preedit", GINT_TO_POINTER (preedit != NULL && preedit[0] != '\0'));
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkSourceView         *view)
{
  GdkModifierType modifiers = state & gtk_accelerator_get_default_mod_mask ();

  if (g_object_get_data (G_OBJECT (view), "hanji-preedit") != NULL ||
      !gtk_text_view_get_editable (GTK_TEXT_VIEW (view)))
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
      return modifiers == 0 && hanji_editor_commands_newline (view);

    case GDK_KEY_Tab:
      return modifiers == 0 && hanji_editor_commands_indent (view, FALSE);

    case GDK_KEY_ISO_Left_Tab:
      return (modifiers & ~GDK_SHIFT_MASK) == 0 && hanji_editor_commands_indent (view, TRUE);

    default:
      return FALSE;
    }
}

void
hanji_editor_commands_attach (GtkSourceView *view,
                              GtkWidget     *owner)
{
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  GtkShortcutController *shortcuts;
  GtkEventController *keys;

  g_return_if_fail (GTK_SOURCE_IS_VIEW (view));
  g_return_if_fail (GTK_IS_WIDGET (owner));

  g_action_map_add_action_entries (G_ACTION_MAP (group), format_entries,
                                   G_N_ELEMENTS (format_entries), view);
  gtk_widget_insert_action_group (owner, "format", G_ACTION_GROUP (group));

  shortcuts = GTK_SHORTCUT_CONTROLLER (gtk_shortcut_controller_new ());
  for (guint i = 0; i < G_N_ELEMENTS (format_shortcuts); i++)
    {
      GtkShortcut *shortcut = gtk_shortcut_new (gtk_shortcut_trigger_parse_string (format_shortcuts[i].trigger),
                                                gtk_named_action_new (format_shortcuts[i].action));

      if (format_shortcuts[i].heading >= 0)
        gtk_shortcut_set_arguments (shortcut, g_variant_new_int32 (format_shortcuts[i].heading));
      gtk_shortcut_controller_add_shortcut (shortcuts, shortcut);
    }
  gtk_widget_add_controller (GTK_WIDGET (view), GTK_EVENT_CONTROLLER (shortcuts));

  /* Before the view's own handling (auto-indent), after input methods
   * have had their say (see preedit_changed_cb). */
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), view);
  gtk_widget_add_controller (GTK_WIDGET (view), keys);
  g_signal_connect (view, "preedit-changed", G_CALLBACK (preedit_changed_cb), NULL);
}
