/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hanji-form"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "hanji-front-matter-edit.h"
#include "hanji-front-matter-form-private.h"

/* Re-parse after a short pause in typing, not on every key press. */
#define SYNC_DELAY_MSEC 150
#define THUMBNAIL_SIZE 48

typedef enum
{
  ROW_TEXT,
  ROW_LONG_TEXT,
  ROW_BOOL,
  ROW_DATE,
  ROW_LIST,
  ROW_IMAGE,
  ROW_OTHER,
} RowKind;

typedef struct
{
  HanjiFrontMatterForm *form;
  char                 *key;
  RowKind               kind;
  HanjiValueType        type;
  /* What the row shows, to tell whether the text changed under it. */
  char                 *value_sig;
  char                 *text;
  char                **items;
  GDateTime            *datetime;
  gboolean              has_time;

  GtkWidget            *row;
  GtkWidget            *entry;     /* text, image: the AdwEntryRow; list: the add entry */
  GtkWidget            *text_view; /* long text */
  GtkWidget            *toggle;    /* bool */
  GtkWidget            *chips;     /* list */
  GtkWidget            *calendar;  /* date */
  GtkWidget            *hour;
  GtkWidget            *minute;
  GtkWidget            *picture;   /* image */
  GtkEntryCompletion   *completion;
  GCancellable         *cancellable;
  guint                 updating : 1;
} FieldRow;

struct _HanjiFrontMatterForm
{
  GtkWidget      parent_instance;

  HanjiDocument *document;
  HanjiSite     *site;
  GSignalGroup  *document_signals;
  char          *last_block;
  char          *structure;
  GPtrArray     *rows;
  GtkListStore  *tags;
  guint          sync_source;
  guint          read_only : 1;
  guint          error_line;
  guint          error_column;

  GtkWidget     *scroller;
  GtkWidget     *add_button;
  GtkWidget     *add_list;
  GtkWidget     *add_entry;
  GtkWidget     *message_box;
  GtkWidget     *message_icon;
  GtkWidget     *message_title;
  GtkWidget     *message_body;
  GtkWidget     *list;
};

G_DEFINE_FINAL_TYPE (HanjiFrontMatterForm, hanji_front_matter_form, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DOCUMENT,
  N_PROPS
};

enum {
  SELECT_SOURCE,
  SHOW_POSITION,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

static void hanji_front_matter_form_rebuild (HanjiFrontMatterForm *self);

static gboolean
key_in (const char         *key,
        const char * const *keys)
{
  return g_strv_contains (keys, key);
}

static const char * const bool_keys[] = { "draft", "published", NULL };
static const char * const list_keys[] = { "tags", "categories", "keywords", "aliases", "series", "images", NULL };
static const char * const long_keys[] = { "description", "summary", "excerpt", "abstract", NULL };
static const char * const image_keys[] = { "image", "cover", "thumbnail", "featured_image", "og_image", "banner", NULL };
static const char * const date_keys[] = { "date", "lastmod", "publishDate", "expiryDate", "last_modified_at", NULL };

static const char * const hugo_fields[] = {
  "title", "date", "lastmod", "draft", "description", "summary", "tags",
  "categories", "slug", "images", "series", "weight", NULL
};
static const char * const jekyll_fields[] = {
  "layout", "title", "date", "categories", "tags", "description", "image",
  "published", "permalink", "excerpt", "last_modified_at", NULL
};
static const char * const plain_fields[] = {
  "title", "date", "draft", "description", "tags", NULL
};

static RowKind
row_kind_for (HanjiField *field)
{
  const char *key = hanji_field_get_key (field);
  const char *text = hanji_field_get_text (field);

  switch (hanji_field_get_value_type (field))
    {
    case HANJI_VALUE_BOOL:
      return ROW_BOOL;

    case HANJI_VALUE_DATE:
    case HANJI_VALUE_DATETIME:
      return ROW_DATE;

    case HANJI_VALUE_LIST:
      return ROW_LIST;

    case HANJI_VALUE_OTHER:
      return ROW_OTHER;

    case HANJI_VALUE_NULL:
      if (key_in (key, bool_keys))
        return ROW_BOOL;
      if (key_in (key, list_keys))
        return ROW_LIST;
      if (key_in (key, long_keys))
        return ROW_LONG_TEXT;
      return ROW_TEXT;

    case HANJI_VALUE_STRING:
      {
        g_autoptr(GDateTime) dt = hanji_field_dup_datetime (field);

        if (dt != NULL)
          return ROW_DATE;
      }
      if (key_in (key, image_keys))
        return ROW_IMAGE;
      if (key_in (key, long_keys) || strchr (text, '\n') != NULL)
        return ROW_LONG_TEXT;
      return ROW_TEXT;

    case HANJI_VALUE_INT:
    case HANJI_VALUE_FLOAT:
    default:
      return ROW_TEXT;
    }
}

static char *
value_sig_for (HanjiField *field)
{
  const char * const *items = hanji_field_get_items (field);
  g_autofree char *joined = items ? g_strjoinv ("\x1f", (char **)items) : NULL;

  return g_strdup_printf ("%d\x1e%s\x1e%s",
                          hanji_field_get_value_type (field),
                          hanji_field_get_text (field),
                          joined ? joined : "");
}

static void
field_row_free (FieldRow *fr)
{
  g_cancellable_cancel (fr->cancellable);
  g_clear_object (&fr->cancellable);
  g_clear_object (&fr->completion);
  g_clear_pointer (&fr->key, g_free);
  g_clear_pointer (&fr->value_sig, g_free);
  g_clear_pointer (&fr->text, g_free);
  g_clear_pointer (&fr->items, g_strfreev);
  g_clear_pointer (&fr->datetime, g_date_time_unref);
  g_free (fr);
}

static FieldRow *
hanji_front_matter_form_find_row (HanjiFrontMatterForm *self,
                                  const char           *key)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      FieldRow *fr = g_ptr_array_index (self->rows, i);

      if (g_str_equal (fr->key, key))
        return fr;
    }

  return NULL;
}

static gboolean
field_row_has_focus (FieldRow *fr)
{
  GtkRoot *root = gtk_widget_get_root (fr->row);
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && (focus == fr->row || gtk_widget_is_ancestor (focus, fr->row));
}

/* Form → buffer */

/* Applies one edit computed by the core as one undoable user action. */
static void
hanji_front_matter_form_apply (HanjiFrontMatterForm *self,
                               HanjiTextEdit        *edit,
                               const GError         *error)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self->document);
  g_autofree char *text = NULL;
  GtkTextIter begin, end;
  glong char_offset, char_length;

  if (edit == NULL)
    {
      /* The form offers only edits the core can make; reaching this is a
       * bug, but the writer's text is untouched. */
      g_debug ("Front matter edit refused: %s", error ? error->message : "unknown");
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }

  gtk_text_buffer_get_bounds (buffer, &begin, &end);
  text = gtk_text_buffer_get_text (buffer, &begin, &end, TRUE);
  g_return_if_fail (edit->offset + edit->length <= strlen (text));

  /* The core counts bytes, the buffer characters. */
  char_offset = g_utf8_pointer_to_offset (text, text + edit->offset);
  char_length = g_utf8_pointer_to_offset (text + edit->offset, text + edit->offset + edit->length);

  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_get_iter_at_offset (buffer, &begin, char_offset);
  gtk_text_buffer_get_iter_at_offset (buffer, &end, char_offset + char_length);
  gtk_text_buffer_delete (buffer, &begin, &end);
  gtk_text_buffer_insert (buffer, &begin, edit->text, -1);
  gtk_text_buffer_end_user_action (buffer);

  /* Follow at once, so that the next edit starts from this text. */
  hanji_front_matter_form_rebuild (self);
}

static HanjiFrontMatter *
hanji_front_matter_form_get_front_matter (HanjiFrontMatterForm *self)
{
  g_assert (self->document != NULL);

  return hanji_document_get_front_matter (self->document);
}

static void
field_row_set_string (FieldRow   *fr,
                      const char *value)
{
  HanjiFrontMatterForm *self = fr->form;
  HanjiFrontMatter *fm = hanji_front_matter_form_get_front_matter (self);
  g_autoptr(HanjiTextEdit) edit = NULL;
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (value, fr->text) == 0 && fr->type != HANJI_VALUE_NULL)
    return;

  /* Numbers and empty fields take what was typed as YAML would read it;
   * a string field stays a string whatever is typed. */
  if (fr->type == HANJI_VALUE_STRING)
    edit = hanji_front_matter_set_string (fm, fr->key, value, &error);
  else if (value[0] == '\0' && fr->type == HANJI_VALUE_NULL)
    return;
  else
    edit = hanji_front_matter_set_plain (fm, fr->key, value, &error);

  hanji_front_matter_form_apply (self, edit, error);
}

static void
entry_apply_cb (AdwEntryRow *row,
                FieldRow    *fr)
{
  field_row_set_string (fr, gtk_editable_get_text (GTK_EDITABLE (row)));
}

static void
long_text_leave_cb (GtkEventControllerFocus *controller,
                    FieldRow                *fr)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (fr->text_view));
  g_autofree char *value = NULL;
  GtkTextIter begin, end;

  if (fr->updating || fr->form->document == NULL)
    return;

  gtk_text_buffer_get_bounds (buffer, &begin, &end);
  value = gtk_text_buffer_get_text (buffer, &begin, &end, TRUE);
  if (fr->type == HANJI_VALUE_NULL && value[0] == '\0')
    return;

  {
    HanjiFrontMatter *fm = hanji_front_matter_form_get_front_matter (fr->form);
    g_autoptr(HanjiTextEdit) edit = NULL;
    g_autoptr(GError) error = NULL;

    if (g_strcmp0 (value, fr->text) == 0)
      return;

    edit = hanji_front_matter_set_string (fm, fr->key, value, &error);
    hanji_front_matter_form_apply (fr->form, edit, error);
  }
}

static void
switch_active_cb (GtkSwitch  *toggle,
                  GParamSpec *pspec,
                  FieldRow   *fr)
{
  HanjiFrontMatter *fm;
  g_autoptr(HanjiTextEdit) edit = NULL;
  g_autoptr(GError) error = NULL;

  if (fr->updating)
    return;

  fm = hanji_front_matter_form_get_front_matter (fr->form);
  edit = hanji_front_matter_set_boolean (fm, fr->key, gtk_switch_get_active (toggle), &error);
  hanji_front_matter_form_apply (fr->form, edit, error);
}

static void
field_row_set_items (FieldRow           *fr,
                     const char * const *items)
{
  HanjiFrontMatter *fm = hanji_front_matter_form_get_front_matter (fr->form);
  g_autoptr(HanjiTextEdit) edit = NULL;
  g_autoptr(GError) error = NULL;

  edit = hanji_front_matter_set_list (fm, fr->key, items, &error);
  hanji_front_matter_form_apply (fr->form, edit, error);
}

static void
chip_remove_cb (GtkButton *button,
                FieldRow  *fr)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "index"));
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) items = NULL;

  for (guint i = 0; fr->items != NULL && fr->items[i] != NULL; i++)
    if (i != index)
      g_strv_builder_add (builder, fr->items[i]);

  items = g_strv_builder_end (builder);
  field_row_set_items (fr, (const char * const *)items);
}

static void
list_entry_activate_cb (GtkEntry *entry,
                        FieldRow *fr)
{
  g_autofree char *item = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) items = NULL;

  if (item[0] == '\0')
    return;

  if (fr->items != NULL && g_strv_contains ((const char * const *)fr->items, item))
    {
      /* Already there: nothing to write, but say so. */
      gtk_widget_error_bell (GTK_WIDGET (entry));
      return;
    }

  if (fr->items != NULL)
    g_strv_builder_addv (builder, (const char **)fr->items);
  g_strv_builder_add (builder, item);
  items = g_strv_builder_end (builder);

  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  field_row_set_items (fr, (const char * const *)items);
}

static void
date_changed_cb (FieldRow *fr)
{
  HanjiFrontMatter *fm;
  g_autoptr(HanjiTextEdit) edit = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) day = NULL;
  g_autoptr(GDateTime) value = NULL;
  GTimeZone *zone;
  double seconds = 0;
  int hour = 0, minute = 0;

  if (fr->updating || fr->datetime == NULL)
    return;

  day = gtk_calendar_get_date (GTK_CALENDAR (fr->calendar));
  zone = g_date_time_get_timezone (fr->datetime);
  if (fr->has_time)
    {
      hour = gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (fr->hour));
      minute = gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (fr->minute));
      seconds = g_date_time_get_seconds (fr->datetime);
    }

  value = g_date_time_new (zone,
                           g_date_time_get_year (day),
                           g_date_time_get_month (day),
                           g_date_time_get_day_of_month (day),
                           hour, minute, seconds);
  if (value == NULL || g_date_time_equal (value, fr->datetime))
    return;

  fm = hanji_front_matter_form_get_front_matter (fr->form);
  edit = hanji_front_matter_set_datetime (fm, fr->key, value, fr->has_time, &error);
  hanji_front_matter_form_apply (fr->form, edit, error);
}

static void
remove_field_cb (GtkButton *button,
                 FieldRow  *fr)
{
  HanjiFrontMatter *fm = hanji_front_matter_form_get_front_matter (fr->form);
  g_autoptr(HanjiTextEdit) edit = NULL;
  g_autoptr(GError) error = NULL;

  edit = hanji_front_matter_remove (fm, fr->key, &error);
  hanji_front_matter_form_apply (fr->form, edit, error);
}

static void
show_in_editor_cb (GtkButton *button,
                   FieldRow  *fr)
{
  HanjiFrontMatter *fm = hanji_front_matter_form_get_front_matter (fr->form);
  HanjiField *field = hanji_front_matter_lookup (fm, fr->key);
  gsize offset = 0, length = 0;

  if (field == NULL)
    return;

  hanji_field_get_value_span (field, &offset, &length);
  g_signal_emit (fr->form, signals [SELECT_SOURCE], 0, (guint)offset, (guint)length);
}

/* Image thumbnails, read off the main thread */

static GFile *
hanji_front_matter_form_resolve_image (HanjiFrontMatterForm *self,
                                       const char           *path)
{
  GFile *post = hanji_document_get_file (self->document);
  g_autoptr(GFile) folder = g_file_get_parent (post);
  g_autofree char *unescaped = g_uri_unescape_string (path, NULL);
  const char *p = unescaped ? unescaped : path;

  if (g_str_has_prefix (p, "http://") || g_str_has_prefix (p, "https://"))
    return NULL;

  if (p[0] == '/')
    {
      g_autoptr(GFile) root = self->site ? g_object_ref (hanji_site_get_root (self->site))
                                         : g_object_ref (folder);
      g_autoptr(GFile) file = g_file_resolve_relative_path (root, p + 1);

      /* Hugo serves static/ at the site root. */
      if (self->site != NULL && hanji_site_get_kind (self->site) == HANJI_SITE_HUGO &&
          !g_file_query_exists (file, NULL))
        {
          g_autoptr(GFile) statics = g_file_get_child (root, "static");

          return g_file_resolve_relative_path (statics, p + 1);
        }
      return g_steal_pointer (&file);
    }

  return g_file_resolve_relative_path (folder, p);
}

static void
load_texture_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  GError *error = NULL;
  GdkTexture *texture = gdk_texture_new_from_file (task_data, &error);

  if (texture == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, texture, g_object_unref);
}

static void
load_texture_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GtkPicture *picture = GTK_PICTURE (object);
  g_autoptr(GdkTexture) texture = g_task_propagate_pointer (G_TASK (result), NULL);

  if (texture != NULL)
    gtk_picture_set_paintable (picture, GDK_PAINTABLE (texture));
}

static void
field_row_load_thumbnail (FieldRow *fr)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GTask) task = NULL;

  g_cancellable_cancel (fr->cancellable);
  g_clear_object (&fr->cancellable);
  gtk_picture_set_paintable (GTK_PICTURE (fr->picture), NULL);

  if (fr->text == NULL || fr->text[0] == '\0')
    return;

  file = hanji_front_matter_form_resolve_image (fr->form, fr->text);
  gtk_widget_set_tooltip_text (fr->picture, fr->text);
  if (file == NULL)
    return;

  fr->cancellable = g_cancellable_new ();
  task = g_task_new (fr->picture, fr->cancellable, load_texture_cb, NULL);
  g_task_set_source_tag (task, field_row_load_thumbnail);
  g_task_set_task_data (task, g_steal_pointer (&file), g_object_unref);
  g_task_run_in_thread (task, load_texture_thread);
}

/* The dialog outlives any row (rows are rebuilt when the text changes
 * under them), so it finds its row again by key. */
static void
choose_image_response_cb (GtkNativeDialog      *dialog,
                          int                   response,
                          HanjiFrontMatterForm *self)
{
  const char *key = g_object_get_data (G_OBJECT (dialog), "key");
  FieldRow *fr = self->document ? hanji_front_matter_form_find_row (self, key) : NULL;

  if (response == GTK_RESPONSE_ACCEPT && fr != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *value = NULL;

      if (file != NULL && fr->form->site != NULL &&
          hanji_site_contains (fr->form->site, file))
        {
          g_autofree char *relative = g_file_get_relative_path (hanji_site_get_root (fr->form->site), file);

          /* Site-absolute, as the generator serves it. */
          if (relative != NULL && hanji_site_get_kind (fr->form->site) == HANJI_SITE_HUGO &&
              g_str_has_prefix (relative, "static/"))
            value = g_strconcat ("/", relative + strlen ("static/"), NULL);
          else if (relative != NULL)
            value = g_strconcat ("/", relative, NULL);
        }
      if (value == NULL && file != NULL)
        value = g_file_get_path (file);
      if (value != NULL)
        field_row_set_string (fr, value);
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
choose_image_cb (GtkButton *button,
                 FieldRow  *fr)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (button));
  GtkFileChooserNative *native;
  g_autoptr(GtkFileFilter) images = gtk_file_filter_new ();

  gtk_file_filter_set_name (images, _("Images"));
  gtk_file_filter_add_mime_type (images, "image/*");

  native = gtk_file_chooser_native_new (_("Choose an Image"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Choose"),
                                        _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), images);
  if (fr->form->site != NULL)
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (native), hanji_site_get_root (fr->form->site), NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_object_set_data_full (G_OBJECT (native), "key", g_strdup (fr->key), g_free);
  g_signal_connect (native, "response", G_CALLBACK (choose_image_response_cb), g_object_ref (fr->form));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/* Rows */

static GtkWidget *
create_remove_button (FieldRow *fr)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");

  gtk_widget_set_tooltip_text (button, _("Remove Field"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "hanji-remove-field");
  g_signal_connect (button, "clicked", G_CALLBACK (remove_field_cb), fr);
  return button;
}

/* A row with the key above free-form content: long text and lists. */
static GtkWidget *
create_box_row (FieldRow   *fr,
                GtkWidget **content_box)
{
  GtkWidget *row = adw_preferences_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (fr->key);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), fr->key);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_add_css_class (box, "hanji-field-box");
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (header), label);
  gtk_box_append (GTK_BOX (header), create_remove_button (fr));
  gtk_box_append (GTK_BOX (box), header);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  *content_box = box;
  return row;
}

static void
field_row_update_chips (FieldRow *fr)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (fr->chips)) != NULL)
    gtk_flow_box_remove (GTK_FLOW_BOX (fr->chips), child);

  for (guint i = 0; fr->items != NULL && fr->items[i] != NULL; i++)
    {
      GtkWidget *chip = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 2);
      GtkWidget *label = gtk_label_new (fr->items[i]);
      GtkWidget *remove = gtk_button_new_from_icon_name ("window-close-symbolic");
      g_autofree char *tooltip = g_strdup_printf (_("Remove “%s”"), fr->items[i]);

      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 24);
      gtk_widget_add_css_class (chip, "hanji-chip");
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_add_css_class (remove, "circular");
      gtk_widget_set_tooltip_text (remove, tooltip);
      g_object_set_data (G_OBJECT (remove), "index", GUINT_TO_POINTER (i));
      g_signal_connect (remove, "clicked", G_CALLBACK (chip_remove_cb), fr);
      gtk_box_append (GTK_BOX (chip), label);
      gtk_box_append (GTK_BOX (chip), remove);
      gtk_flow_box_append (GTK_FLOW_BOX (fr->chips), chip);
    }

  gtk_widget_set_visible (fr->chips, fr->items != NULL && fr->items[0] != NULL);
}

static char *
format_datetime_label (FieldRow *fr)
{
  if (fr->datetime == NULL)
    return g_strdup (fr->text);

  /* The source text stays visible: its shape is what gets kept. */
  if (fr->has_time)
    /* Translators: a post's date and time in the form, see strftime(3) */
    return g_date_time_format (fr->datetime, _("%b %-d, %Y %H:%M"));

  /* Translators: a post's date in the form, see strftime(3) */
  return g_date_time_format (fr->datetime, _("%b %-d, %Y"));
}

/* Shows the field's current value in the row, without writing back. */
static void
field_row_show_value (FieldRow   *fr,
                      HanjiField *field)
{
  const char *text = hanji_field_get_text (field);
  const char * const *items = hanji_field_get_items (field);

  fr->updating = TRUE;

  g_free (fr->text);
  fr->text = g_strdup (text);
  g_clear_pointer (&fr->items, g_strfreev);
  fr->items = items ? g_strdupv ((char **)items) : NULL;
  fr->type = hanji_field_get_value_type (field);
  g_clear_pointer (&fr->datetime, g_date_time_unref);
  fr->datetime = hanji_field_dup_datetime (field);
  g_free (fr->value_sig);
  fr->value_sig = value_sig_for (field);

  switch (fr->kind)
    {
    case ROW_TEXT:
    case ROW_IMAGE:
      gtk_editable_set_text (GTK_EDITABLE (fr->entry), text);
      if (fr->kind == ROW_IMAGE)
        field_row_load_thumbnail (fr);
      break;

    case ROW_LONG_TEXT:
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (fr->text_view)), text, -1);
      break;

    case ROW_BOOL:
      gtk_switch_set_active (GTK_SWITCH (fr->toggle),
                             fr->type == HANJI_VALUE_BOOL && hanji_field_get_boolean (field));
      /* `draft:` left empty reads as off, and stays empty until toggled. */
      if (fr->type == HANJI_VALUE_NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (fr->row), _("Empty"));
      else
        adw_action_row_set_subtitle (ADW_ACTION_ROW (fr->row), "");
      break;

    case ROW_DATE:
      {
        g_autofree char *label = NULL;
        g_autofree char *escaped = NULL;

        fr->has_time = fr->type == HANJI_VALUE_DATETIME ||
                       (fr->text != NULL && strlen (fr->text) > 10);
        label = format_datetime_label (fr);
        escaped = g_markup_escape_text (label, -1);
        adw_action_row_set_subtitle (ADW_ACTION_ROW (fr->row), escaped);
        gtk_widget_set_tooltip_text (fr->row, text);
        if (fr->datetime != NULL)
          {
            gtk_calendar_select_day (GTK_CALENDAR (fr->calendar), fr->datetime);
            gtk_spin_button_set_value (GTK_SPIN_BUTTON (fr->hour), g_date_time_get_hour (fr->datetime));
            gtk_spin_button_set_value (GTK_SPIN_BUTTON (fr->minute), g_date_time_get_minute (fr->datetime));
          }
        gtk_widget_set_visible (gtk_widget_get_parent (fr->hour), fr->has_time);
      }
      break;

    case ROW_LIST:
      field_row_update_chips (fr);
      break;

    case ROW_OTHER:
    default:
      break;
    }

  fr->updating = FALSE;
}

static GtkWidget *
create_date_popover (FieldRow *fr)
{
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *time_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *colon = gtk_label_new (":");

  fr->calendar = gtk_calendar_new ();
  fr->hour = gtk_spin_button_new_with_range (0, 23, 1);
  fr->minute = gtk_spin_button_new_with_range (0, 59, 1);
  gtk_orientable_set_orientation (GTK_ORIENTABLE (fr->hour), GTK_ORIENTATION_VERTICAL);
  gtk_orientable_set_orientation (GTK_ORIENTABLE (fr->minute), GTK_ORIENTATION_VERTICAL);
  gtk_spin_button_set_wrap (GTK_SPIN_BUTTON (fr->hour), TRUE);
  gtk_spin_button_set_wrap (GTK_SPIN_BUTTON (fr->minute), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (fr->hour), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Hour"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (fr->minute), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Minute"), -1);
  gtk_widget_set_halign (time_box, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (time_box), fr->hour);
  gtk_box_append (GTK_BOX (time_box), colon);
  gtk_box_append (GTK_BOX (time_box), fr->minute);

  gtk_box_append (GTK_BOX (box), fr->calendar);
  gtk_box_append (GTK_BOX (box), time_box);
  gtk_popover_set_child (GTK_POPOVER (popover), box);

  g_signal_connect_swapped (fr->calendar, "day-selected", G_CALLBACK (date_changed_cb), fr);
  g_signal_connect_swapped (fr->hour, "value-changed", G_CALLBACK (date_changed_cb), fr);
  g_signal_connect_swapped (fr->minute, "value-changed", G_CALLBACK (date_changed_cb), fr);

  return popover;
}

static FieldRow *
field_row_new (HanjiFrontMatterForm *self,
               HanjiField           *field)
{
  FieldRow *fr = g_new0 (FieldRow, 1);

  fr->form = self;
  fr->key = g_strdup (hanji_field_get_key (field));
  fr->kind = row_kind_for (field);

  switch (fr->kind)
    {
    case ROW_TEXT:
    case ROW_IMAGE:
      fr->row = fr->entry = adw_entry_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (fr->row), fr->key);
      adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (fr->row), TRUE);
      g_signal_connect (fr->row, "apply", G_CALLBACK (entry_apply_cb), fr);
      if (fr->kind == ROW_IMAGE)
        {
          GtkWidget *choose = gtk_button_new_from_icon_name ("document-open-symbolic");

          fr->picture = gtk_picture_new ();
          gtk_picture_set_can_shrink (GTK_PICTURE (fr->picture), TRUE);
          gtk_picture_set_content_fit (GTK_PICTURE (fr->picture), GTK_CONTENT_FIT_COVER);
          gtk_widget_set_size_request (fr->picture, THUMBNAIL_SIZE, THUMBNAIL_SIZE);
          gtk_widget_set_valign (fr->picture, GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (fr->picture, "hanji-thumbnail");
          adw_entry_row_add_prefix (ADW_ENTRY_ROW (fr->row), fr->picture);

          gtk_widget_set_tooltip_text (choose, _("Choose an Image…"));
          gtk_widget_set_valign (choose, GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (choose, "flat");
          g_signal_connect (choose, "clicked", G_CALLBACK (choose_image_cb), fr);
          adw_entry_row_add_suffix (ADW_ENTRY_ROW (fr->row), choose);
        }
      adw_entry_row_add_suffix (ADW_ENTRY_ROW (fr->row), create_remove_button (fr));
      break;

    case ROW_LONG_TEXT:
      {
        GtkWidget *box;
        GtkEventController *focus = gtk_event_controller_focus_new ();

        fr->row = create_box_row (fr, &box);
        fr->text_view = gtk_text_view_new ();
        gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (fr->text_view), GTK_WRAP_WORD_CHAR);
        gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (fr->text_view), FALSE);
        gtk_widget_add_css_class (fr->text_view, "hanji-long-text");
        gtk_accessible_update_property (GTK_ACCESSIBLE (fr->text_view), GTK_ACCESSIBLE_PROPERTY_LABEL, fr->key, -1);
        /* Written back when the writer leaves the field: one edit, one undo. */
        g_signal_connect (focus, "leave", G_CALLBACK (long_text_leave_cb), fr);
        gtk_widget_add_controller (fr->text_view, focus);
        gtk_box_append (GTK_BOX (box), fr->text_view);
      }
      break;

    case ROW_BOOL:
      fr->row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (fr->row), fr->key);
      fr->toggle = gtk_switch_new ();
      gtk_widget_set_valign (fr->toggle, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (fr->row), fr->toggle);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (fr->row), fr->toggle);
      adw_action_row_add_suffix (ADW_ACTION_ROW (fr->row), create_remove_button (fr));
      g_signal_connect (fr->toggle, "notify::active", G_CALLBACK (switch_active_cb), fr);
      break;

    case ROW_DATE:
      {
        GtkWidget *button = gtk_menu_button_new ();

        fr->row = adw_action_row_new ();
        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (fr->row), fr->key);
        gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "x-office-calendar-symbolic");
        gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), create_date_popover (fr));
        gtk_widget_set_tooltip_text (button, _("Change Date"));
        gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
        gtk_widget_add_css_class (button, "flat");
        adw_action_row_add_suffix (ADW_ACTION_ROW (fr->row), button);
        adw_action_row_set_activatable_widget (ADW_ACTION_ROW (fr->row), button);
        adw_action_row_add_suffix (ADW_ACTION_ROW (fr->row), create_remove_button (fr));
      }
      break;

    case ROW_LIST:
      {
        GtkWidget *box;

        fr->row = create_box_row (fr, &box);
        fr->chips = gtk_flow_box_new ();
        gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (fr->chips), GTK_SELECTION_NONE);
        gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (fr->chips), 20);
        gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (fr->chips), 4);
        gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (fr->chips), 4);
        gtk_box_append (GTK_BOX (box), fr->chips);

        fr->entry = gtk_entry_new ();
        gtk_entry_set_placeholder_text (GTK_ENTRY (fr->entry), _("Add…"));
        gtk_accessible_update_property (GTK_ACCESSIBLE (fr->entry), GTK_ACCESSIBLE_PROPERTY_LABEL, fr->key, -1);
        fr->completion = gtk_entry_completion_new ();
        gtk_entry_completion_set_model (fr->completion, GTK_TREE_MODEL (self->tags));
        gtk_entry_completion_set_text_column (fr->completion, 0);
        gtk_entry_completion_set_minimum_key_length (fr->completion, 1);
        gtk_entry_set_completion (GTK_ENTRY (fr->entry), fr->completion);
        g_signal_connect (fr->entry, "activate", G_CALLBACK (list_entry_activate_cb), fr);
        gtk_box_append (GTK_BOX (box), fr->entry);
      }
      break;

    case ROW_OTHER:
    default:
      {
        GtkWidget *button = gtk_button_new_from_icon_name ("edit-select-all-symbolic");

        fr->row = adw_action_row_new ();
        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (fr->row), fr->key);
        adw_action_row_set_subtitle (ADW_ACTION_ROW (fr->row), _("Nested value, edit it in the text"));
        gtk_widget_set_tooltip_text (button, _("Show in Editor"));
        gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
        gtk_widget_add_css_class (button, "flat");
        g_signal_connect (button, "clicked", G_CALLBACK (show_in_editor_cb), fr);
        adw_action_row_add_suffix (ADW_ACTION_ROW (fr->row), button);
        adw_action_row_add_suffix (ADW_ACTION_ROW (fr->row), create_remove_button (fr));
      }
      break;
    }

  gtk_widget_add_css_class (fr->row, "hanji-field");
  field_row_show_value (fr, field);

  return fr;
}

/* Buffer → form */

static void
hanji_front_matter_form_clear_rows (HanjiFrontMatterForm *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->list)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (self->list), child);
  g_ptr_array_set_size (self->rows, 0);
  g_clear_pointer (&self->structure, g_free);
}

static void
hanji_front_matter_form_show_message (HanjiFrontMatterForm *self,
                                      const char           *icon_name,
                                      const char           *title,
                                      const char           *body,
                                      gboolean              clickable)
{
  gtk_image_set_from_icon_name (GTK_IMAGE (self->message_icon), icon_name);
  gtk_label_set_text (GTK_LABEL (self->message_title), title);
  gtk_label_set_text (GTK_LABEL (self->message_body), body ? body : "");
  gtk_widget_set_visible (self->message_body, body != NULL && body[0] != '\0');
  gtk_widget_set_sensitive (self->message_box, TRUE);
  gtk_widget_set_can_target (self->message_box, clickable);
  gtk_widget_set_focusable (self->message_box, clickable);
  gtk_widget_set_tooltip_text (self->message_box, clickable ? _("Show the Error in the Editor") : NULL);
  gtk_widget_set_visible (self->message_box, TRUE);
}

static int
compare_tags (gconstpointer a,
              gconstpointer b)
{
  return g_utf8_collate (*(const char * const *)a, *(const char * const *)b);
}

static void
hanji_front_matter_form_refresh_tags (HanjiFrontMatterForm *self)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) tags = g_ptr_array_new ();
  GListModel *posts;

  gtk_list_store_clear (self->tags);
  if (self->site == NULL)
    return;

  posts = hanji_site_get_posts (self->site);
  for (guint i = 0; i < g_list_model_get_n_items (posts); i++)
    {
      g_autoptr(HanjiPost) post = g_list_model_get_item (posts, i);
      const char * const *post_tags = hanji_post_get_tags (post);

      for (guint j = 0; post_tags != NULL && post_tags[j] != NULL; j++)
        if (g_hash_table_add (seen, (gpointer)post_tags[j]))
          g_ptr_array_add (tags, (gpointer)post_tags[j]);
    }

  g_ptr_array_sort (tags, compare_tags);
  for (guint i = 0; i < tags->len; i++)
    gtk_list_store_insert_with_values (self->tags, NULL, -1, 0, g_ptr_array_index (tags, i), -1);
}

static char *
structure_of (HanjiFrontMatter *fm)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < hanji_front_matter_get_n_fields (fm); i++)
    {
      HanjiField *field = hanji_front_matter_get_field (fm, i);

      g_string_append_printf (s, "%s\x1f%d\x1e", hanji_field_get_key (field), row_kind_for (field));
    }

  return g_string_free (s, FALSE);
}

static void
hanji_front_matter_form_rebuild (HanjiFrontMatterForm *self)
{
  HanjiFrontMatter *fm;
  const HanjiFrontMatterSplit *split;
  const GError *error;
  g_autofree char *block = NULL;
  g_autofree char *structure = NULL;

  g_clear_handle_id (&self->sync_source, g_source_remove);

  if (self->document == NULL)
    {
      g_clear_pointer (&self->last_block, g_free);
      hanji_front_matter_form_clear_rows (self);
      gtk_widget_set_visible (self->message_box, FALSE);
      gtk_widget_set_sensitive (self->add_button, FALSE);
      return;
    }

  fm = hanji_document_get_front_matter (self->document);
  split = hanji_front_matter_get_split (fm);
  error = hanji_front_matter_get_error (fm);

  /* Typing in the body does not touch the form at all. */
  {
    g_autofree char *text = NULL;
    GtkTextIter begin, end;

    gtk_text_buffer_get_start_iter (GTK_TEXT_BUFFER (self->document), &begin);
    gtk_text_buffer_get_iter_at_line (GTK_TEXT_BUFFER (self->document), &end, split->body_line);
    text = gtk_text_buffer_get_text (GTK_TEXT_BUFFER (self->document), &begin, &end, TRUE);
    block = g_strdup_printf ("%d:%d:%s", split->kind, split->terminated, text);
  }

  if (self->last_block != NULL && g_str_equal (block, self->last_block))
    return;

  g_free (self->last_block);
  self->last_block = g_steal_pointer (&block);

  self->read_only = FALSE;
  self->error_line = self->error_column = 0;
  gtk_widget_set_sensitive (self->list, TRUE);
  gtk_widget_set_visible (self->message_box, FALSE);

  if (split->kind == HANJI_FRONT_MATTER_NONE)
    {
      hanji_front_matter_form_clear_rows (self);
      hanji_front_matter_form_show_message (self,
                                            "document-properties-symbolic",
                                            _("No Front Matter"),
                                            _("This post has no front matter yet. Add a field to start one."),
                                            FALSE);
      gtk_widget_set_sensitive (self->add_button, TRUE);
      gtk_widget_set_visible (self->list, FALSE);
      return;
    }

  if (error != NULL && g_error_matches (error, HANJI_FRONT_MATTER_ERROR, HANJI_FRONT_MATTER_ERROR_READ_ONLY))
    {
      hanji_front_matter_form_clear_rows (self);
      hanji_front_matter_form_show_message (self,
                                            "changes-prevent-symbolic",
                                            _("Front Matter Shown in the Editor"),
                                            error->message,
                                            FALSE);
      gtk_widget_set_sensitive (self->add_button, FALSE);
      gtk_widget_set_visible (self->list, FALSE);
      return;
    }

  if (error != NULL)
    {
      gboolean positioned = hanji_front_matter_get_error_position (fm, &self->error_line, &self->error_column);

      /* Keep the last good rows in view, read-only, for context; the text
       * stays fully editable and saving still works. */
      self->read_only = TRUE;
      hanji_front_matter_form_show_message (self,
                                            "dialog-warning-symbolic",
                                            _("Invalid Front Matter"),
                                            error->message,
                                            positioned);
      gtk_widget_set_sensitive (self->list, FALSE);
      gtk_widget_set_sensitive (self->add_button, FALSE);
      return;
    }

  gtk_widget_set_sensitive (self->add_button, TRUE);
  structure = structure_of (fm);

  if (self->structure != NULL && g_str_equal (structure, self->structure))
    {
      /* Same fields: update values in place, but never under the writer's
       * cursor in the row being edited. */
      for (guint i = 0; i < self->rows->len; i++)
        {
          FieldRow *fr = g_ptr_array_index (self->rows, i);
          HanjiField *field = hanji_front_matter_get_field (fm, i);
          g_autofree char *sig = value_sig_for (field);

          if (g_str_equal (sig, fr->value_sig))
            continue;
          if (field_row_has_focus (fr) && fr->kind != ROW_LIST && fr->kind != ROW_BOOL)
            continue;
          field_row_show_value (fr, field);
        }
      return;
    }

  /* Fields added, removed or retyped: rebuild, and put the focus back on
   * the field that had it. */
  {
    g_autofree char *focus_key = NULL;
    int focus_position = -1;

    for (guint i = 0; i < self->rows->len; i++)
      {
        FieldRow *fr = g_ptr_array_index (self->rows, i);

        if (field_row_has_focus (fr))
          {
            focus_key = g_strdup (fr->key);
            if (fr->kind == ROW_TEXT || fr->kind == ROW_IMAGE)
              focus_position = gtk_editable_get_position (GTK_EDITABLE (fr->entry));
          }
      }

    hanji_front_matter_form_clear_rows (self);
    hanji_front_matter_form_refresh_tags (self);

    for (guint i = 0; i < hanji_front_matter_get_n_fields (fm); i++)
      {
        FieldRow *fr = field_row_new (self, hanji_front_matter_get_field (fm, i));

        g_ptr_array_add (self->rows, fr);
        gtk_list_box_append (GTK_LIST_BOX (self->list), fr->row);
      }

    self->structure = g_steal_pointer (&structure);
    gtk_widget_set_visible (self->list, self->rows->len > 0);

    if (focus_key != NULL)
      {
        FieldRow *fr = hanji_front_matter_form_find_row (self, focus_key);

        if (fr != NULL && fr->entry != NULL)
          {
            gtk_widget_grab_focus (fr->entry);
            if (focus_position >= 0)
              gtk_editable_set_position (GTK_EDITABLE (fr->entry), focus_position);
          }
        else if (fr != NULL)
          gtk_widget_grab_focus (fr->row);
      }
  }
}

static gboolean
hanji_front_matter_form_sync_timeout (gpointer data)
{
  HanjiFrontMatterForm *self = data;

  self->sync_source = 0;
  hanji_front_matter_form_rebuild (self);

  return G_SOURCE_REMOVE;
}

static void
document_changed_cb (HanjiFrontMatterForm *self,
                     HanjiDocument        *document)
{
  g_clear_handle_id (&self->sync_source, g_source_remove);
  self->sync_source = g_timeout_add (SYNC_DELAY_MSEC, hanji_front_matter_form_sync_timeout, self);
}

static void
message_clicked_cb (HanjiFrontMatterForm *self)
{
  if (self->error_line > 0)
    g_signal_emit (self, signals [SHOW_POSITION], 0, self->error_line, self->error_column);
}

/* Add Field */

static void
add_field_row_activated_cb (HanjiFrontMatterForm *self,
                            GtkListBoxRow        *row)
{
  const char *key = g_object_get_data (G_OBJECT (row), "key");

  gtk_menu_button_popdown (GTK_MENU_BUTTON (self->add_button));
  _hanji_front_matter_form_add_field (self, key);
}

static void
add_entry_activate_cb (HanjiFrontMatterForm *self,
                       GtkEntry             *entry)
{
  g_autofree char *key = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));

  if (key[0] == '\0')
    return;

  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  gtk_menu_button_popdown (GTK_MENU_BUTTON (self->add_button));
  _hanji_front_matter_form_add_field (self, key);
}

static void
add_popover_show_cb (HanjiFrontMatterForm *self)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  HanjiFrontMatter *fm = self->document ? hanji_document_get_front_matter (self->document) : NULL;
  const char * const *defaults = plain_fields;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->add_list)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (self->add_list), child);

  if (self->site != NULL && hanji_site_get_kind (self->site) == HANJI_SITE_HUGO)
    defaults = hugo_fields;
  else if (self->site != NULL && hanji_site_get_kind (self->site) == HANJI_SITE_JEKYLL)
    defaults = jekyll_fields;

  for (guint i = 0; defaults[i] != NULL; i++)
    g_ptr_array_add (keys, g_strdup (defaults[i]));

  /* Then every key the blog's other posts use. */
  if (self->site != NULL)
    {
      GListModel *posts = hanji_site_get_posts (self->site);

      for (guint i = 0; i < g_list_model_get_n_items (posts); i++)
        {
          g_autoptr(HanjiPost) post = g_list_model_get_item (posts, i);
          const char * const *post_keys = hanji_post_get_keys (post);

          for (guint j = 0; post_keys != NULL && post_keys[j] != NULL; j++)
            if (!g_ptr_array_find_with_equal_func (keys, post_keys[j], g_str_equal, NULL))
              g_ptr_array_add (keys, g_strdup (post_keys[j]));
        }
    }

  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);
      GtkWidget *row;
      GtkWidget *label;

      if (fm != NULL && hanji_front_matter_lookup (fm, key) != NULL)
        continue;

      label = gtk_label_new (key);
      gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
      row = gtk_list_box_row_new ();
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      g_object_set_data_full (G_OBJECT (row), "key", g_strdup (key), g_free);
      gtk_list_box_append (GTK_LIST_BOX (self->add_list), row);
    }
}

static GtkWidget *
create_add_popover (HanjiFrontMatterForm *self)
{
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *scroller = gtk_scrolled_window_new ();

  self->add_list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->add_list), GTK_SELECTION_NONE);
  gtk_list_box_set_activate_on_single_click (GTK_LIST_BOX (self->add_list), TRUE);
  gtk_widget_add_css_class (self->add_list, "navigation-sidebar");
  g_signal_connect_object (self->add_list, "row-activated",
                           G_CALLBACK (add_field_row_activated_cb), self, G_CONNECT_SWAPPED);

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 320);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), self->add_list);

  self->add_entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (self->add_entry), _("Other field name"));
  g_signal_connect_object (self->add_entry, "activate",
                           G_CALLBACK (add_entry_activate_cb), self, G_CONNECT_SWAPPED);

  gtk_box_append (GTK_BOX (box), scroller);
  gtk_box_append (GTK_BOX (box), self->add_entry);
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  g_signal_connect_object (popover, "show", G_CALLBACK (add_popover_show_cb), self, G_CONNECT_SWAPPED);

  return popover;
}

void
_hanji_front_matter_form_add_field (HanjiFrontMatterForm *self,
                                    const char           *key)
{
  HanjiFrontMatter *fm;
  g_autoptr(HanjiTextEdit) edit = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (HANJI_IS_FRONT_MATTER_FORM (self));

  if (self->document == NULL || self->read_only)
    return;

  fm = hanji_document_get_front_matter (self->document);

  /* A new field starts with a value of its usual type. */
  if (key_in (key, date_keys))
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autoptr(GDateTime) whole = g_date_time_add_seconds (now, -g_date_time_get_seconds (now) +
                                                                 g_date_time_get_second (now));

      edit = hanji_front_matter_set_datetime (fm, key, whole, TRUE, &error);
    }
  else if (key_in (key, bool_keys))
    edit = hanji_front_matter_set_boolean (fm, key, g_str_equal (key, "draft"), &error);
  else if (key_in (key, list_keys))
    edit = hanji_front_matter_set_list (fm, key, (const char * const[]) { NULL }, &error);
  else
    edit = hanji_front_matter_add_empty (fm, key, &error);

  hanji_front_matter_form_apply (self, edit, error);

  /* Straight into the new field. */
  {
    FieldRow *fr = hanji_front_matter_form_find_row (self, key);

    if (fr != NULL)
      gtk_widget_grab_focus (fr->entry ? fr->entry : fr->text_view ? fr->text_view : fr->row);
  }
}

/* GObject */

static void
hanji_front_matter_form_dispose (GObject *object)
{
  HanjiFrontMatterForm *self = (HanjiFrontMatterForm *)object;

  g_clear_handle_id (&self->sync_source, g_source_remove);
  if (self->document_signals != NULL)
    g_signal_group_set_target (self->document_signals, NULL);
  if (self->rows != NULL)
    g_ptr_array_set_size (self->rows, 0);
  g_clear_pointer (&self->scroller, gtk_widget_unparent);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_object (&self->document_signals);
  g_clear_object (&self->document);
  g_clear_object (&self->site);
  g_clear_object (&self->tags);
  g_clear_pointer (&self->last_block, g_free);
  g_clear_pointer (&self->structure, g_free);

  G_OBJECT_CLASS (hanji_front_matter_form_parent_class)->dispose (object);
}

static void
hanji_front_matter_form_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  HanjiFrontMatterForm *self = HANJI_FRONT_MATTER_FORM (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hanji_front_matter_form_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  HanjiFrontMatterForm *self = HANJI_FRONT_MATTER_FORM (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      hanji_front_matter_form_set_document (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hanji_front_matter_form_class_init (HanjiFrontMatterFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hanji_front_matter_form_dispose;
  object_class->get_property = hanji_front_matter_form_get_property;
  object_class->set_property = hanji_front_matter_form_set_property;

  properties [PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL,
                         HANJI_TYPE_DOCUMENT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Asks the window to select this byte range of the document's text. */
  signals [SELECT_SOURCE] =
    g_signal_new ("select-source",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);

  /* Asks the window to put the editor's cursor at this 1-based line and
   * character column. */
  signals [SHOW_POSITION] =
    g_signal_new ("show-position",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "hanjifrontmatterform");
}

static void
hanji_front_matter_form_init (HanjiFrontMatterForm *self)
{
  GtkWidget *box;
  GtkWidget *clamp;
  GtkWidget *header;
  GtkWidget *heading;

  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify)field_row_free);
  self->tags = gtk_list_store_new (1, G_TYPE_STRING);

  self->document_signals = g_signal_group_new (HANJI_TYPE_DOCUMENT);
  g_signal_group_connect_object (self->document_signals, "changed",
                                 G_CALLBACK (document_changed_cb), self,
                                 G_CONNECT_SWAPPED);

  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller),
                                  GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_parent (self->scroller, GTK_WIDGET (self));

  clamp = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 720);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), clamp);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);

  header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  heading = gtk_label_new (_("Front Matter"));
  gtk_label_set_xalign (GTK_LABEL (heading), 0.0f);
  gtk_widget_set_hexpand (heading, TRUE);
  gtk_widget_add_css_class (heading, "heading");
  gtk_box_append (GTK_BOX (header), heading);

  self->add_button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (self->add_button), "list-add-symbolic");
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (self->add_button), create_add_popover (self));
  gtk_widget_set_tooltip_text (self->add_button, _("Add Field"));
  gtk_widget_add_css_class (self->add_button, "flat");
  gtk_box_append (GTK_BOX (header), self->add_button);
  gtk_box_append (GTK_BOX (box), header);

  /* A button, so that the invalid-YAML message takes the cursor there. */
  self->message_box = gtk_button_new ();
  gtk_widget_add_css_class (self->message_box, "card");
  gtk_widget_add_css_class (self->message_box, "hanji-form-message");
  gtk_widget_set_visible (self->message_box, FALSE);
  g_signal_connect_object (self->message_box, "clicked", G_CALLBACK (message_clicked_cb), self, G_CONNECT_SWAPPED);
  {
    GtkWidget *hbox = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
    GtkWidget *vbox = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);

    self->message_icon = gtk_image_new ();
    gtk_widget_set_valign (self->message_icon, GTK_ALIGN_START);
    self->message_title = gtk_label_new (NULL);
    gtk_label_set_xalign (GTK_LABEL (self->message_title), 0.0f);
    gtk_widget_add_css_class (self->message_title, "heading");
    self->message_body = gtk_label_new (NULL);
    gtk_label_set_xalign (GTK_LABEL (self->message_body), 0.0f);
    gtk_label_set_wrap (GTK_LABEL (self->message_body), TRUE);
    gtk_label_set_wrap_mode (GTK_LABEL (self->message_body), PANGO_WRAP_WORD_CHAR);
    gtk_box_append (GTK_BOX (vbox), self->message_title);
    gtk_box_append (GTK_BOX (vbox), self->message_body);
    gtk_box_append (GTK_BOX (hbox), self->message_icon);
    gtk_box_append (GTK_BOX (hbox), vbox);
    gtk_button_set_child (GTK_BUTTON (self->message_box), hbox);
  }
  gtk_box_append (GTK_BOX (box), self->message_box);

  self->list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (self->list, "boxed-list");
  gtk_widget_set_visible (self->list, FALSE);
  gtk_box_append (GTK_BOX (box), self->list);
}

GtkWidget *
hanji_front_matter_form_new (void)
{
  return g_object_new (HANJI_TYPE_FRONT_MATTER_FORM, NULL);
}

HanjiDocument *
hanji_front_matter_form_get_document (HanjiFrontMatterForm *self)
{
  g_return_val_if_fail (HANJI_IS_FRONT_MATTER_FORM (self), NULL);

  return self->document;
}

void
hanji_front_matter_form_set_document (HanjiFrontMatterForm *self,
                                      HanjiDocument        *document)
{
  g_return_if_fail (HANJI_IS_FRONT_MATTER_FORM (self));
  g_return_if_fail (!document || HANJI_IS_DOCUMENT (document));

  if (!g_set_object (&self->document, document))
    return;

  g_signal_group_set_target (self->document_signals, document);
  g_clear_pointer (&self->last_block, g_free);
  hanji_front_matter_form_clear_rows (self);
  hanji_front_matter_form_rebuild (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_DOCUMENT]);
}

void
hanji_front_matter_form_set_site (HanjiFrontMatterForm *self,
                                  HanjiSite            *site)
{
  g_return_if_fail (HANJI_IS_FRONT_MATTER_FORM (self));
  g_return_if_fail (!site || HANJI_IS_SITE (site));

  if (g_set_object (&self->site, site))
    hanji_front_matter_form_refresh_tags (self);
}

guint
hanji_front_matter_form_get_n_rows (HanjiFrontMatterForm *self)
{
  g_return_val_if_fail (HANJI_IS_FRONT_MATTER_FORM (self), 0);

  return self->rows->len;
}

void
hanji_front_matter_form_sync (HanjiFrontMatterForm *self)
{
  g_return_if_fail (HANJI_IS_FRONT_MATTER_FORM (self));

  hanji_front_matter_form_rebuild (self);
}

GtkWidget *
_hanji_front_matter_form_get_row (HanjiFrontMatterForm *self,
                                  const char           *key)
{
  FieldRow *fr = hanji_front_matter_form_find_row (self, key);

  return fr ? fr->row : NULL;
}

GtkEditable *
_hanji_front_matter_form_get_editable (HanjiFrontMatterForm *self,
                                       const char           *key)
{
  FieldRow *fr = hanji_front_matter_form_find_row (self, key);

  return fr && fr->entry ? GTK_EDITABLE (fr->entry) : NULL;
}

GtkEntryCompletion *
_hanji_front_matter_form_get_completion (HanjiFrontMatterForm *self,
                                         const char           *key)
{
  FieldRow *fr = hanji_front_matter_form_find_row (self, key);

  return fr ? fr->completion : NULL;
}

gboolean
_hanji_front_matter_form_get_read_only (HanjiFrontMatterForm *self)
{
  return self->read_only;
}

void
_hanji_front_matter_form_click_banner (HanjiFrontMatterForm *self)
{
  g_signal_emit_by_name (self->message_box, "clicked");
}
