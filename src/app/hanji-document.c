/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hanji-document"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include <adwaita.h>

#include "hanji-application.h"
#include "hanji-document.h"

struct _HanjiDocument
{
  GtkSourceBuffer   parent_instance;

  GFile            *file;
  char             *etag;
  char             *title;
  HanjiFrontMatter *front_matter;

  /* The buffer's text, kept up to date edit by edit, so the preview can
   * take a copy with one memcpy instead of walking the whole buffer (5 ms
   * at 1.3 MB on every render). The anchor is a char offset whose byte
   * offset is known: edits are near each other, so finding the next
   * one's byte offset from there walks a few characters. */
  GString          *mirror;
  gsize             anchor_char;
  gsize             anchor_byte;
  /* A copy of the mirror as it is, until the next edit: renders between
   * edits share it; right after loading it is the text loaded, so a
   * 50 MB post is not copied again on the main thread. */
  GBytes           *snapshot;

  /* The BOM is kept out of the buffer (it would be an invisible character
   * the writer could delete by accident) and written back on save, and so
   * are CRLF line ends. */
  HanjiTextFormat   format;

  /* The file on disk, followed with a monitor; a burst of events is
   * checked once, by etag, when it is over. */
  HanjiDiskState    disk_state;
  GFileMonitor     *monitor;
  GCancellable     *monitor_cancellable;
  guint             monitor_source;
  guint             save_serial;
  /* Bumped by every change of the text. */
  guint             change_serial;

  /* Drafts: one write or delete at a time, the next one queued. */
  HanjiDraftStore  *draft_store;
  char             *draft_id;
  guint             draft_delay;
  guint             draft_source;
  enum { DRAFT_NONE, DRAFT_WRITE, DRAFT_DELETE } draft_queued;

  guint             loading : 1;
  guint             saving : 1;
  guint             loaded : 1;
  guint             check_after_save : 1;
  guint             has_draft : 1;
  guint             draft_busy : 1;
  guint             autosave : 1;
};

G_DEFINE_FINAL_TYPE (HanjiDocument, hanji_document, GTK_SOURCE_TYPE_BUFFER)
G_DEFINE_QUARK (hanji-document-error-quark, hanji_document_error)

enum {
  PROP_0,
  PROP_FILE,
  PROP_TITLE,
  PROP_LOADING,
  PROP_SAVING,
  PROP_LOADED,
  PROP_DISK_STATE,
  PROP_HAS_DRAFT,
  N_PROPS
};

#define DEFAULT_DRAFT_DELAY_MSEC 3000
#define MONITOR_QUIET_MSEC 150

G_DEFINE_ENUM_TYPE (HanjiDiskState, hanji_disk_state,
                    G_DEFINE_ENUM_VALUE (HANJI_DISK_STATE_SAME, "same"),
                    G_DEFINE_ENUM_VALUE (HANJI_DISK_STATE_CHANGED, "changed"),
                    G_DEFINE_ENUM_VALUE (HANJI_DISK_STATE_DELETED, "deleted"))

static void hanji_document_schedule_draft   (HanjiDocument *self);
static void hanji_document_modified_changed (GtkTextBuffer *buffer);

static GParamSpec *properties [N_PROPS];

static void
hanji_document_update_title (HanjiDocument *self)
{
  HanjiFrontMatter *fm = hanji_document_get_front_matter (self);
  const char *title = hanji_front_matter_get_string (fm, "title");
  g_autofree char *new_title = NULL;

  if (title != NULL && title[0] != '\0')
    new_title = g_strdup (title);
  else
    {
      g_autofree char *basename = g_file_get_basename (self->file);
      char *dot = strrchr (basename, '.');

      if (dot != NULL && dot != basename)
        *dot = '\0';
      new_title = g_filename_display_name (basename);
    }

  if (g_strcmp0 (new_title, self->title) != 0)
    {
      g_free (self->title);
      self->title = g_steal_pointer (&new_title);
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_TITLE]);
    }
}

static void
hanji_document_changed (GtkTextBuffer *buffer)
{
  HanjiDocument *self = HANJI_DOCUMENT (buffer);

  GTK_TEXT_BUFFER_CLASS (hanji_document_parent_class)->changed (buffer);

  self->change_serial++;
  g_clear_pointer (&self->front_matter, hanji_front_matter_unref);
  hanji_document_update_title (self);
  hanji_document_schedule_draft (self);
}

/* The byte offset in the mirror of char offset `offset`. */
static gsize
hanji_document_mirror_byte (HanjiDocument *self,
                            gsize          offset)
{
  const char *anchor = self->mirror->str + self->anchor_byte;
  const char *p;

  if (offset >= self->anchor_char)
    p = g_utf8_offset_to_pointer (anchor, offset - self->anchor_char);
  else
    p = g_utf8_offset_to_pointer (anchor, -(glong) (self->anchor_char - offset));

  return p - self->mirror->str;
}

static void
hanji_document_insert_text (GtkTextBuffer *buffer,
                            GtkTextIter   *pos,
                            const char    *text,
                            int            len)
{
  HanjiDocument *self = HANJI_DOCUMENT (buffer);
  gsize offset = gtk_text_iter_get_offset (pos);
  gsize byte = hanji_document_mirror_byte (self, offset);

  if (len < 0)
    len = strlen (text);

  g_clear_pointer (&self->snapshot, g_bytes_unref);
  g_string_insert_len (self->mirror, byte, text, len);
  self->anchor_char = offset + g_utf8_strlen (text, len);
  self->anchor_byte = byte + len;

  GTK_TEXT_BUFFER_CLASS (hanji_document_parent_class)->insert_text (buffer, pos, text, len);
}

static void
hanji_document_delete_range (GtkTextBuffer *buffer,
                             GtkTextIter   *start,
                             GtkTextIter   *end)
{
  HanjiDocument *self = HANJI_DOCUMENT (buffer);
  gsize start_char = gtk_text_iter_get_offset (start);
  gsize end_char = gtk_text_iter_get_offset (end);
  gsize start_byte;
  gsize end_byte;

  if (end_char < start_char)
    {
      gsize tmp = start_char;

      start_char = end_char;
      end_char = tmp;
    }

  start_byte = hanji_document_mirror_byte (self, start_char);
  self->anchor_char = start_char;
  self->anchor_byte = start_byte;
  end_byte = hanji_document_mirror_byte (self, end_char);

  g_clear_pointer (&self->snapshot, g_bytes_unref);
  g_string_erase (self->mirror, start_byte, end_byte - start_byte);

  GTK_TEXT_BUFFER_CLASS (hanji_document_parent_class)->delete_range (buffer, start, end);
}

static void
hanji_document_dispose (GObject *object)
{
  HanjiDocument *self = (HanjiDocument *)object;

  g_clear_handle_id (&self->monitor_source, g_source_remove);
  g_clear_handle_id (&self->draft_source, g_source_remove);
  if (self->monitor_cancellable != NULL)
    g_cancellable_cancel (self->monitor_cancellable);
  g_clear_object (&self->monitor_cancellable);
  if (self->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->monitor, self);
      g_file_monitor_cancel (self->monitor);
      g_clear_object (&self->monitor);
    }

  G_OBJECT_CLASS (hanji_document_parent_class)->dispose (object);
}

static void
hanji_document_finalize (GObject *object)
{
  HanjiDocument *self = (HanjiDocument *)object;

  g_clear_object (&self->draft_store);
  g_clear_pointer (&self->draft_id, g_free);
  g_clear_object (&self->file);
  g_clear_pointer (&self->etag, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->front_matter, hanji_front_matter_unref);
  g_string_free (self->mirror, TRUE);
  g_clear_pointer (&self->snapshot, g_bytes_unref);

  G_OBJECT_CLASS (hanji_document_parent_class)->finalize (object);
}

static void
hanji_document_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  HanjiDocument *self = HANJI_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;

    case PROP_TITLE:
      g_value_set_string (value, hanji_document_get_title (self));
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    case PROP_SAVING:
      g_value_set_boolean (value, self->saving);
      break;

    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;

    case PROP_DISK_STATE:
      g_value_set_enum (value, self->disk_state);
      break;

    case PROP_HAS_DRAFT:
      g_value_set_boolean (value, self->has_draft);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hanji_document_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  HanjiDocument *self = HANJI_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_FILE:
      self->file = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/**
 * hanji_appearance_settings:
 *
 * Hanji's settings, shared by everything that follows the editor's
 * look; %NULL when the schema is not installed (benchmarks run some
 * parts without it).
 *
 * Returns: (transfer none) (nullable): the settings
 */
GSettings *
hanji_appearance_settings (void)
{
  static GSettings *settings;
  static gsize initialized;

  if (g_once_init_enter (&initialized))
    {
      GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
      g_autoptr(GSettingsSchema) schema = NULL;

      if (source != NULL)
        schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
      if (schema != NULL)
        settings = g_settings_new (APP_ID);
      g_once_init_leave (&initialized, 1);
    }

  return settings;
}

/**
 * hanji_style_scheme_for_dark:
 * @dark: whether the app style is dark
 *
 * The editor's scheme (the "style-scheme" setting, in its dark or light
 * variant when it has one, else Adwaita); the preview colours code with
 * the same one.
 *
 * Returns: (transfer none) (nullable): the scheme
 */
GtkSourceStyleScheme *
hanji_style_scheme_for_dark (gboolean dark)
{
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  GSettings *settings = hanji_appearance_settings ();
  g_autofree char *id = settings ? g_settings_get_string (settings, "style-scheme") : NULL;
  GtkSourceStyleScheme *scheme = NULL;

  if (id != NULL && id[0] != '\0')
    {
      /* Pairs are named X and X-dark, or X-light and X-dark. */
      g_autofree char *base = NULL;
      g_autofree char *variant = NULL;

      if (g_str_has_suffix (id, "-dark"))
        base = g_strndup (id, strlen (id) - strlen ("-dark"));
      else if (g_str_has_suffix (id, "-light"))
        base = g_strndup (id, strlen (id) - strlen ("-light"));
      else
        base = g_strdup (id);

      if (dark)
        {
          variant = g_strconcat (base, "-dark", NULL);
          scheme = gtk_source_style_scheme_manager_get_scheme (schemes, variant);
        }
      else if (g_str_has_suffix (id, "-dark"))
        {
          scheme = gtk_source_style_scheme_manager_get_scheme (schemes, base);
          if (scheme == NULL)
            {
              variant = g_strconcat (base, "-light", NULL);
              scheme = gtk_source_style_scheme_manager_get_scheme (schemes, variant);
            }
        }

      if (scheme == NULL)
        scheme = gtk_source_style_scheme_manager_get_scheme (schemes, id);
    }

  if (scheme == NULL)
    scheme = gtk_source_style_scheme_manager_get_scheme (schemes, dark ? "Adwaita-dark" : "Adwaita");

  return scheme;
}

static void
hanji_document_update_style_scheme (HanjiDocument *self)
{
  AdwStyleManager *style_manager = adw_style_manager_get_default ();

  gtk_source_buffer_set_style_scheme (GTK_SOURCE_BUFFER (self),
                                      hanji_style_scheme_for_dark (adw_style_manager_get_dark (style_manager)));
}

static void
hanji_document_constructed (GObject *object)
{
  HanjiDocument *self = HANJI_DOCUMENT (object);

  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();
  GtkSourceLanguage *language;

  /* Not in init: the buffer's tag table is a construct property, and
   * styling creates tags. */
  G_OBJECT_CLASS (hanji_document_parent_class)->constructed (object);

  g_assert (G_IS_FILE (self->file));

  /* The buffer must hold the file's exact text: no newline added or
   * removed at the end behind the writer's back. */
  gtk_source_buffer_set_implicit_trailing_newline (GTK_SOURCE_BUFFER (self), FALSE);
  gtk_source_buffer_set_highlight_matching_brackets (GTK_SOURCE_BUFFER (self), FALSE);

  language = gtk_source_language_manager_get_language (languages, "hanji-markdown");
  if (language == NULL)
    language = gtk_source_language_manager_get_language (languages, "markdown");
  gtk_source_buffer_set_language (GTK_SOURCE_BUFFER (self), language);

  hanji_document_update_style_scheme (self);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (hanji_document_update_style_scheme), self,
                           G_CONNECT_SWAPPED);
  if (hanji_appearance_settings () != NULL)
    g_signal_connect_object (hanji_appearance_settings (), "changed::style-scheme",
                             G_CALLBACK (hanji_document_update_style_scheme), self,
                             G_CONNECT_SWAPPED);

  hanji_document_update_title (self);
}

static void
hanji_document_class_init (HanjiDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkTextBufferClass *buffer_class = GTK_TEXT_BUFFER_CLASS (klass);

  object_class->constructed = hanji_document_constructed;
  object_class->dispose = hanji_document_dispose;
  object_class->finalize = hanji_document_finalize;
  object_class->get_property = hanji_document_get_property;
  object_class->set_property = hanji_document_set_property;

  buffer_class->changed = hanji_document_changed;
  buffer_class->modified_changed = hanji_document_modified_changed;
  buffer_class->insert_text = hanji_document_insert_text;
  buffer_class->delete_range = hanji_document_delete_range;

  properties [PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL,
                         G_TYPE_FILE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties [PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_SAVING] =
    g_param_spec_boolean ("saving", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_DISK_STATE] =
    g_param_spec_enum ("disk-state", NULL, NULL,
                       HANJI_TYPE_DISK_STATE, HANJI_DISK_STATE_SAME,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_HAS_DRAFT] =
    g_param_spec_boolean ("has-draft", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Before any language is looked up: the manager reads its search path
   * once. Our definition highlights the front matter as YAML and the
   * rest as Markdown. */
  {
    GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();
    g_autofree char *specs = g_build_filename (hanji_get_datadir (), "language-specs", NULL);

    gtk_source_language_manager_prepend_search_path (languages, specs);
  }
}

static void
hanji_document_init (HanjiDocument *self)
{
  self->mirror = g_string_new (NULL);
  self->draft_delay = DEFAULT_DRAFT_DELAY_MSEC;
}

HanjiDocument *
hanji_document_new (GFile *file)
{
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  return g_object_new (HANJI_TYPE_DOCUMENT,
                       "file", file,
                       NULL);
}

GFile *
hanji_document_get_file (HanjiDocument *self)
{
  g_return_val_if_fail (HANJI_IS_DOCUMENT (self), NULL);

  return self->file;
}

const char *
hanji_document_get_title (HanjiDocument *self)
{
  g_return_val_if_fail (HANJI_IS_DOCUMENT (self), NULL);

  return self->title;
}

gboolean
hanji_document_get_loading (HanjiDocument *self)
{
  g_return_val_if_fail (HANJI_IS_DOCUMENT (self), FALSE);

  return self->loading;
}

gboolean
hanji_document_get_saving (HanjiDocument *self)
{
  g_return_val_if_fail (HANJI_IS_DOCUMENT (self), FALSE);

  return self->saving;
}

gboolean
hanji_document_get_loaded (HanjiDocument *self)
{
  g_return_val_if_fail (HANJI_IS_DOCUMENT (self), FALSE);

  return self->loaded;
}

static char *
hanji_document_dup_buffer_text (HanjiDocument *self)
{
  GtkTextIter begin, end;

  gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (self), &begin, &end);
  return gtk_text_buffer_get_text (GTK_TEXT_BUFFER (self), &begin, &end, TRUE);
}

/**
 * hanji_document_dup_snapshot:
 * @self: a #HanjiDocument
 *
 * The buffer's text now (without a BOM), cheaply: a copy of a mirror kept
 * current edit by edit. For the preview; saving reads the buffer itself.
 *
 * Returns: (transfer full): the text, not NUL-terminated
 */
GBytes *
hanji_document_dup_snapshot (HanjiDocument *self)
{
  g_return_val_if_fail (HANJI_IS_DOCUMENT (self), NULL);

  if (self->snapshot == NULL)
    {
      /* Ends in a NUL past its size, so its data is a C string too. */
      char *copy = g_malloc (self->mirror->len + 1);

      memcpy (copy, self->mirror->str, self->mirror->len + 1);
      self->snapshot = g_bytes_new_take (copy, self->mirror->len);
    }

  return g_bytes_ref (self->snapshot);
}

char *
hanji_document_dup_text (HanjiDocument *self)
{
  g_autoptr(GBytes) bytes = NULL;
  gsize len;
  const char *data;

  g_return_val_if_fail (HANJI_IS_DOCUMENT (self), NULL);

  bytes = hanji_text_encode (self->mirror->str, self->mirror->len, &self->format);
  data = g_bytes_get_data (bytes, &len);
  return g_strndup (data, len);
}

/* Whether the front matter of a text that starts with head (whole lines)
 * is already known from head alone: the parse of head then equals the
 * parse of the whole text, since nothing after the block is looked at. */
static gboolean
front_matter_head_suffices (const char                  *head,
                            gsize                        len,
                            const HanjiFrontMatterSplit *split)
{
  switch (split->kind)
    {
    case HANJI_FRONT_MATTER_NONE:
      /* Decided by the first line, once it is whole; a '{' may open JSON
       * that is only recognised further on. */
      return split->block_start < len &&
             head[split->block_start] != '{' &&
             memchr (head + split->block_start, '\n', len - split->block_start) != NULL;

    case HANJI_FRONT_MATTER_YAML:
    case HANJI_FRONT_MATTER_TOML:
      /* The closing delimiter's line must end inside head: a head cut
       * after a lone '\r' (a line end for GtkTextBuffer, not for the
       * core) could otherwise end in what only looks like one. */
      return split->terminated &&
             split->body_start > 0 &&
             split->body_start <= len &&
             head[split->body_start - 1] == '\n';

    case HANJI_FRONT_MATTER_JSON:
    default:
      return FALSE;
    }
}

/* Lines copied at first to find the front matter; doubled until they
 * hold the whole block. */
#define FRONT_MATTER_HEAD_LINES 64

/* hanji_front_matter_parse() of the whole buffer, without copying the
 * whole buffer: this runs on every keystroke (the title follows the
 * front matter), and a long post's body is megabytes the parse never
 * reads. */
static HanjiFrontMatter *
hanji_document_parse_front_matter (HanjiDocument *self)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self);
  int n_lines = gtk_text_buffer_get_line_count (buffer);

  for (int lines = FRONT_MATTER_HEAD_LINES; lines < n_lines; lines *= 2)
    {
      GtkTextIter begin, end;
      g_autofree char *head = NULL;
      HanjiFrontMatterSplit split;
      gsize len;

      gtk_text_buffer_get_start_iter (buffer, &begin);
      gtk_text_buffer_get_iter_at_line (buffer, &end, lines);
      head = gtk_text_buffer_get_text (buffer, &begin, &end, TRUE);
      len = strlen (head);

      hanji_front_matter_split (head, len, &split);
      if (front_matter_head_suffices (head, len, &split))
        return hanji_front_matter_parse (head, len);
    }

  {
    g_autofree char *text = hanji_document_dup_buffer_text (self);

    return hanji_front_matter_parse (text, -1);
  }
}

HanjiFrontMatter *
hanji_document_get_front_matter (HanjiDocument *self)
{
  g_return_val_if_fail (HANJI_IS_DOCUMENT (self), NULL);

  if (self->front_matter == NULL)
    self->front_matter = hanji_document_parse_front_matter (self);

  return self->front_matter;
}

static void
hanji_document_set_loading (HanjiDocument *self,
                            gboolean       loading)
{
  if (self->loading != !!loading)
    {
      self->loading = !!loading;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LOADING]);
    }
}

static void
hanji_document_set_saving (HanjiDocument *self,
                           gboolean       saving)
{
  if (self->saving != !!saving)
    {
      self->saving = !!saving;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SAVING]);
    }
}

static void
hanji_document_set_disk_state (HanjiDocument  *self,
                               HanjiDiskState  state)
{
  if (self->disk_state != state)
    {
      self->disk_state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_DISK_STATE]);
    }
}

static void
hanji_document_set_has_draft (HanjiDocument *self,
                              gboolean       has_draft)
{
  if (self->has_draft != !!has_draft)
    {
      self->has_draft = !!has_draft;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_HAS_DRAFT]);
    }
}

/* Whether the buffer holds exactly @bytes (buffer text, no BOM). */
static gboolean
hanji_document_text_equals (HanjiDocument *self,
                            GBytes        *bytes)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  return self->mirror->len == len && memcmp (self->mirror->str, data, len) == 0;
}

static void
hanji_document_get_cursor (HanjiDocument *self,
                           guint         *line,
                           guint         *column)
{
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_mark (GTK_TEXT_BUFFER (self), &iter,
                                    gtk_text_buffer_get_insert (GTK_TEXT_BUFFER (self)));
  *line = gtk_text_iter_get_line (&iter);
  *column = gtk_text_iter_get_line_offset (&iter);
}

static void
hanji_document_place_cursor (HanjiDocument *self,
                             guint          line,
                             guint          column)
{
  GtkTextIter iter;

  /* Past the last line: the end. Past the line's end: the line's end. */
  if (gtk_text_buffer_get_iter_at_line (GTK_TEXT_BUFFER (self), &iter, line))
    {
      GtkTextIter line_end = iter;

      if (!gtk_text_iter_ends_line (&line_end))
        gtk_text_iter_forward_to_line_end (&line_end);
      gtk_text_iter_set_line_offset (&iter, MIN ((int) column, gtk_text_iter_get_line_offset (&line_end)));
    }
  else
    gtk_text_buffer_get_end_iter (GTK_TEXT_BUFFER (self), &iter);

  gtk_text_buffer_select_range (GTK_TEXT_BUFFER (self), &iter, &iter);
}

/* Replaces the whole text as one undoable step. */
static void
hanji_document_replace_all (HanjiDocument *self,
                            const char    *text,
                            gsize          len)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self);
  GtkTextIter begin, end;

  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_get_bounds (buffer, &begin, &end);
  gtk_text_buffer_delete (buffer, &begin, &end);
  gtk_text_buffer_get_start_iter (buffer, &begin);
  gtk_text_buffer_insert (buffer, &begin, text, len);
  gtk_text_buffer_end_user_action (buffer);
}

/* Following the file on disk ------------------------------------------- */

static void hanji_document_check_disk (HanjiDocument *self);

static void
query_etag_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(HanjiDocument) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileInfo) info = g_file_query_info_finish (G_FILE (object), result, &error);
  guint serial = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (object), "hanji-save-serial"));

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* A save began or ended meanwhile: this answer may be about the file
   * before it. Ask again. */
  if (self->saving || serial != self->save_serial)
    {
      hanji_document_check_disk (self);
      return;
    }

  if (info == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        hanji_document_set_disk_state (self, HANJI_DISK_STATE_DELETED);
      else
        g_debug ("Could not check %s: %s", g_file_peek_path (self->file), error->message);
      return;
    }

  {
    g_autofree char *etag = hanji_text_file_etag_from_info (info);

    if (g_strcmp0 (etag, self->etag) == 0)
      hanji_document_set_disk_state (self, HANJI_DISK_STATE_SAME);
    else
      hanji_document_set_disk_state (self, HANJI_DISK_STATE_CHANGED);
  }
}

/* Compares the file's etag with the one last loaded or saved. Hanji's
 * own saves end with the etag they wrote, so they never count. */
static void
hanji_document_check_disk (HanjiDocument *self)
{
  g_autoptr(GFile) file = NULL;

  if (self->saving)
    {
      self->check_after_save = TRUE;
      return;
    }

  if (self->monitor_cancellable != NULL)
    g_cancellable_cancel (self->monitor_cancellable);
  g_clear_object (&self->monitor_cancellable);
  self->monitor_cancellable = g_cancellable_new ();

  /* A GFile of its own, to carry the save serial the answer is about. */
  file = g_file_dup (self->file);
  g_object_set_data (G_OBJECT (file), "hanji-save-serial", GUINT_TO_POINTER (self->save_serial));
  g_file_query_info_async (file, HANJI_TEXT_FILE_ETAG_ATTRIBUTES, G_FILE_QUERY_INFO_NONE,
                           G_PRIORITY_DEFAULT, self->monitor_cancellable,
                           query_etag_cb, g_object_ref (self));
}

static gboolean
monitor_quiet_cb (gpointer user_data)
{
  HanjiDocument *self = user_data;

  self->monitor_source = 0;
  hanji_document_check_disk (self);
  return G_SOURCE_REMOVE;
}

static void
monitor_changed_cb (GFileMonitor      *monitor,
                    GFile             *file,
                    GFile             *other_file,
                    GFileMonitorEvent  event,
                    HanjiDocument     *self)
{
  switch (event)
    {
    case G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED:
    case G_FILE_MONITOR_EVENT_PRE_UNMOUNT:
    case G_FILE_MONITOR_EVENT_UNMOUNTED:
      return;

    default:
      break;
    }

  /* Editors and git write in several steps; check once they are done. */
  g_clear_handle_id (&self->monitor_source, g_source_remove);
  self->monitor_source = g_timeout_add (MONITOR_QUIET_MSEC, monitor_quiet_cb, self);
}

static void
hanji_document_start_monitor (HanjiDocument *self)
{
  g_autoptr(GError) error = NULL;

  if (self->monitor != NULL)
    return;

  self->monitor = g_file_monitor_file (self->file, G_FILE_MONITOR_WATCH_MOVES, NULL, &error);
  if (self->monitor == NULL)
    {
      g_debug ("Cannot follow %s: %s", g_file_peek_path (self->file), error->message);
      return;
    }
  g_signal_connect (self->monitor, "changed", G_CALLBACK (monitor_changed_cb), self);
}

/* Loading --------------------------------------------------------------- */

typedef struct
{
  GFile           *file;
  char            *text;
  gsize            len;
  HanjiTextFormat  format;
  char            *etag;
  guint            change_serial;
  guint            reload : 1;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_clear_object (&data->file);
  g_free (data->text);
  g_free (data->etag);
  g_free (data);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *data = task_data;
  GError *error = NULL;

  data->text = hanji_text_file_load (data->file, &data->format, &data->len, &data->etag,
                                     cancellable, &error);
  if (data->text == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* Posts larger than this are put in the buffer a piece at a time. */
#define LOAD_CHUNK (512 * 1024)

static void
hanji_document_finish_load (HanjiDocument         *self,
                            const HanjiTextFormat *format,
                            char                  *etag,
                            gboolean               cursor_to_start)
{
  if (cursor_to_start)
    {
      GtkTextIter begin;

      gtk_text_buffer_get_start_iter (GTK_TEXT_BUFFER (self), &begin);
      gtk_text_buffer_select_range (GTK_TEXT_BUFFER (self), &begin, &begin);
    }

  self->format = *format;
  g_free (self->etag);
  self->etag = etag;
  /* The state first: whoever watches "modified" sees a post that is
   * clean and the same as on disk, not one to reload again. */
  hanji_document_set_disk_state (self, HANJI_DISK_STATE_SAME);
  gtk_text_buffer_set_modified (GTK_TEXT_BUFFER (self), FALSE);
  hanji_document_start_monitor (self);

  if (!self->loaded)
    {
      self->loaded = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LOADED]);
    }
}

typedef struct
{
  HanjiDocument   *self;
  GTask           *outer;
  char            *text;
  gsize            len;
  gsize            done;
  HanjiTextFormat  format;
  char            *etag;
} ChunkLoad;

static gboolean
load_chunk_cb (gpointer user_data)
{
  ChunkLoad *chunk = user_data;
  HanjiDocument *self = chunk->self;
  gsize end = MIN (chunk->done + LOAD_CHUNK, chunk->len);
  GtkTextIter iter;

  /* Cut after a line end (a \r\n is never split), else at a character. */
  if (end < chunk->len)
    {
      const char *nl = g_strrstr_len (chunk->text + chunk->done, end - chunk->done, "\n");

      if (nl != NULL)
        end = nl - chunk->text + 1;
      else
        end = g_utf8_find_prev_char (chunk->text + chunk->done, chunk->text + end) - chunk->text;
      if (end <= chunk->done)
        end = MIN (chunk->done + LOAD_CHUNK, chunk->len);
    }

  gtk_text_buffer_get_end_iter (GTK_TEXT_BUFFER (self), &iter);
  gtk_text_buffer_insert (GTK_TEXT_BUFFER (self), &iter, chunk->text + chunk->done, end - chunk->done);
  chunk->done = end;

  if (chunk->done < chunk->len)
    return G_SOURCE_CONTINUE;

  gtk_text_buffer_end_irreversible_action (GTK_TEXT_BUFFER (self));
  g_clear_pointer (&self->snapshot, g_bytes_unref);
  self->snapshot = g_bytes_new_take (g_steal_pointer (&chunk->text), chunk->len);
  hanji_document_set_loading (self, FALSE);
  hanji_document_finish_load (self, &chunk->format, g_steal_pointer (&chunk->etag), TRUE);
  g_task_return_boolean (chunk->outer, TRUE);

  g_object_unref (chunk->outer);
  g_object_unref (chunk->self);
  g_free (chunk);
  return G_SOURCE_REMOVE;
}

static void
hanji_document_load_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  HanjiDocument *self = HANJI_DOCUMENT (object);
  GTask *outer = user_data;
  LoadData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  hanji_document_set_loading (self, FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (outer, g_steal_pointer (&error));
      g_object_unref (outer);
      return;
    }

  /* Typed while the file was read: those words win; the file stays
   * "changed on disk", for the writer to decide. */
  if (data->reload && data->change_serial != self->change_serial)
    {
      hanji_document_set_disk_state (self, HANJI_DISK_STATE_CHANGED);
      g_task_return_boolean (outer, TRUE);
      g_object_unref (outer);
      return;
    }

  if (data->reload)
    {
      guint line, column;

      hanji_document_get_cursor (self, &line, &column);
      if (self->mirror->len != data->len || memcmp (self->mirror->str, data->text, data->len) != 0)
        hanji_document_replace_all (self, data->text, data->len);
      hanji_document_place_cursor (self, line, column);
    }
  else if (data->len > LOAD_CHUNK)
    {
      /* A large post goes in a piece per main-loop turn, so the window
       * keeps painting and answering while it fills. */
      ChunkLoad *chunk = g_new0 (ChunkLoad, 1);

      chunk->self = g_object_ref (self);
      chunk->outer = outer;
      chunk->text = g_steal_pointer (&data->text);
      chunk->len = data->len;
      chunk->format = data->format;
      chunk->etag = g_steal_pointer (&data->etag);

      hanji_document_set_loading (self, TRUE);
      gtk_text_buffer_begin_irreversible_action (GTK_TEXT_BUFFER (self));
      gtk_text_buffer_set_text (GTK_TEXT_BUFFER (self), "", 0);
      g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, load_chunk_cb, chunk, NULL);
      return;
    }
  else
    {
      gtk_text_buffer_begin_irreversible_action (GTK_TEXT_BUFFER (self));
      gtk_text_buffer_set_text (GTK_TEXT_BUFFER (self), data->text, data->len);
      gtk_text_buffer_end_irreversible_action (GTK_TEXT_BUFFER (self));
      g_clear_pointer (&self->snapshot, g_bytes_unref);
      self->snapshot = g_bytes_new_take (g_steal_pointer (&data->text), data->len);
    }

  hanji_document_finish_load (self, &data->format, g_steal_pointer (&data->etag), !data->reload);
  g_task_return_boolean (outer, TRUE);
  g_object_unref (outer);
}

static void
hanji_document_load_internal (HanjiDocument       *self,
                              gboolean             reload,
                              gpointer             source_tag,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *outer = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GTask) task = NULL;
  LoadData *data = g_new0 (LoadData, 1);

  g_task_set_source_tag (outer, source_tag);

  data->file = g_object_ref (self->file);
  data->reload = !!reload;
  data->change_serial = self->change_serial;

  hanji_document_set_loading (self, TRUE);

  /* Reading and decoding a large post takes a while: a thread. */
  task = g_task_new (self, cancellable, hanji_document_load_cb, outer);
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (task, load_thread);
}

void
hanji_document_load_async (HanjiDocument       *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (HANJI_IS_DOCUMENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  hanji_document_load_internal (self, FALSE, hanji_document_load_async, cancellable, callback, user_data);
}

gboolean
hanji_document_load_finish (HanjiDocument  *self,
                            GAsyncResult   *result,
                            GError        **error)
{
  g_return_val_if_fail (HANJI_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
hanji_document_reload_async (HanjiDocument       *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (HANJI_IS_DOCUMENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  hanji_document_load_internal (self, TRUE, hanji_document_reload_async, cancellable, callback, user_data);
}

gboolean
hanji_document_reload_finish (HanjiDocument  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (HANJI_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

const HanjiTextFormat *
hanji_document_get_format (HanjiDocument *self)
{
  g_return_val_if_fail (HANJI_IS_DOCUMENT (self), NULL);

  return &self->format;
}

HanjiDiskState
hanji_document_get_disk_state (HanjiDocument *self)
{
  g_return_val_if_fail (HANJI_IS_DOCUMENT (self), HANJI_DISK_STATE_SAME);

  return self->disk_state;
}

/* Saving ---------------------------------------------------------------- */

typedef struct
{
  GFile           *file;
  /* The buffer's text when the save began; compared with the buffer
   * afterwards so that text typed during the save keeps the document
   * modified. */
  GBytes          *text;
  HanjiTextFormat  format;
  char            *expected_etag;
  char            *new_etag;
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_clear_object (&data->file);
  g_clear_pointer (&data->text, g_bytes_unref);
  g_free (data->expected_etag);
  g_free (data->new_etag);
  g_free (data);
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SaveData *data = task_data;
  g_autoptr(GBytes) bytes = NULL;
  gsize len;
  const char *text = g_bytes_get_data (data->text, &len);
  GError *error = NULL;

  bytes = hanji_text_encode (text, len, &data->format);
  if (hanji_text_file_save (data->file, bytes, data->expected_etag, &data->new_etag,
                            cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void hanji_document_request_draft (HanjiDocument *self,
                                          int            what);

static void
hanji_document_save_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  HanjiDocument *self = HANJI_DOCUMENT (object);
  GTask *outer = user_data;
  SaveData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  self->save_serial++;
  hanji_document_set_saving (self, FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (outer, g_steal_pointer (&error));
      g_object_unref (outer);
      if (self->check_after_save)
        {
          self->check_after_save = FALSE;
          hanji_document_check_disk (self);
        }
      return;
    }

  g_free (self->etag);
  self->etag = g_steal_pointer (&data->new_etag);
  hanji_document_set_disk_state (self, HANJI_DISK_STATE_SAME);
  hanji_document_start_monitor (self);

  if (hanji_document_text_equals (self, data->text))
    {
      gtk_text_buffer_set_modified (GTK_TEXT_BUFFER (self), FALSE);
      g_clear_handle_id (&self->draft_source, g_source_remove);
      hanji_document_request_draft (self, DRAFT_DELETE);
    }

  /* Whatever the monitor saw meanwhile was this save, or came before
   * it; only later changes count, and they bring events of their own. */
  self->check_after_save = FALSE;

  g_task_return_boolean (outer, TRUE);
  g_object_unref (outer);
}

void
hanji_document_save_async (HanjiDocument       *self,
                           gboolean             force,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *outer;
  g_autoptr(GTask) task = NULL;
  SaveData *data;

  g_return_if_fail (HANJI_IS_DOCUMENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, hanji_document_save_async);

  if (self->saving)
    {
      g_task_return_new_error (outer, G_IO_ERROR, G_IO_ERROR_PENDING,
                               _("The post is already being saved"));
      g_object_unref (outer);
      return;
    }

  data = g_new0 (SaveData, 1);
  data->file = g_object_ref (self->file);
  data->text = hanji_document_dup_snapshot (self);
  data->format = self->format;
  /* Someone else's changes are never overwritten unasked; a file that
   * was deleted meanwhile is written again. */
  if (!force && self->disk_state != HANJI_DISK_STATE_DELETED)
    data->expected_etag = g_strdup (self->etag);

  hanji_document_set_saving (self, TRUE);
  self->save_serial++;

  task = g_task_new (self, cancellable, hanji_document_save_cb, outer);
  g_task_set_task_data (task, data, (GDestroyNotify) save_data_free);
  g_task_run_in_thread (task, save_thread);
}

gboolean
hanji_document_save_finish (HanjiDocument  *self,
                            GAsyncResult   *result,
                            GError        **error)
{
  g_return_val_if_fail (HANJI_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Drafts ---------------------------------------------------------------- */

static HanjiDraft *
hanji_document_make_draft (HanjiDocument *self)
{
  HanjiDraft *draft = hanji_draft_new ();
  g_autofree char *uri = g_file_get_uri (self->file);

  draft->id = g_strdup (hanji_document_get_draft_id (self));
  draft->uri = g_steal_pointer (&uri);
  draft->title = g_strdup (hanji_document_get_title (self));
  draft->base_etag = g_strdup (self->etag);
  draft->text = hanji_document_dup_snapshot (self);
  hanji_document_get_cursor (self, &draft->line, &draft->column);

  return draft;
}

typedef struct
{
  HanjiDraftStore *store;
  HanjiDraft      *draft;   /* to write, or NULL to delete */
  char            *id;
} DraftJob;

static void
draft_job_free (DraftJob *job)
{
  g_clear_object (&job->store);
  g_clear_pointer (&job->draft, hanji_draft_free);
  g_free (job->id);
  g_free (job);
}

static void
draft_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  DraftJob *job = task_data;
  GError *error = NULL;
  gboolean ok;

  if (job->draft != NULL)
    ok = hanji_draft_store_save (job->store, job->draft, cancellable, &error);
  else
    ok = hanji_draft_store_delete (job->store, job->id, cancellable, &error);

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void hanji_document_run_draft_job (HanjiDocument *self);

static void
draft_job_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  HanjiDocument *self = HANJI_DOCUMENT (object);
  DraftJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  self->draft_busy = FALSE;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    /* The real file is untouched either way; the next edit tries again. */
    g_debug ("Draft %s: %s", job->id, error->message);
  else if (job->draft != NULL)
    hanji_document_set_has_draft (self, TRUE);
  else
    hanji_document_set_has_draft (self, FALSE);

  if (self->draft_queued != DRAFT_NONE)
    hanji_document_run_draft_job (self);
}

static void
hanji_document_run_draft_job (HanjiDocument *self)
{
  g_autoptr(GTask) task = NULL;
  DraftJob *job;

  if (self->draft_busy || self->draft_queued == DRAFT_NONE || self->draft_store == NULL)
    return;

  job = g_new0 (DraftJob, 1);
  job->store = g_object_ref (self->draft_store);
  job->id = g_strdup (hanji_document_get_draft_id (self));
  /* The text as it is now, not as it was when the write was queued. */
  if (self->draft_queued == DRAFT_WRITE)
    job->draft = hanji_document_make_draft (self);
  self->draft_queued = DRAFT_NONE;
  self->draft_busy = TRUE;

  task = g_task_new (self, NULL, draft_job_cb, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) draft_job_free);
  g_task_run_in_thread (task, draft_thread);
}

static void
hanji_document_request_draft (HanjiDocument *self,
                              int            what)
{
  if (self->draft_store == NULL)
    return;
  /* Nothing to delete. */
  if (what == DRAFT_DELETE && !self->has_draft && !self->draft_busy &&
      self->draft_queued == DRAFT_NONE)
    return;

  self->draft_queued = what;
  hanji_document_run_draft_job (self);
}

static void
autosave_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* The draft is there either way; the writer saves by hand to see why. */
  if (!hanji_document_save_finish (HANJI_DOCUMENT (object), result, &error))
    g_debug ("Automatic save: %s", error->message);
}

static gboolean
draft_due_cb (gpointer user_data)
{
  HanjiDocument *self = user_data;

  self->draft_source = 0;
  if (!gtk_text_buffer_get_modified (GTK_TEXT_BUFFER (self)))
    return G_SOURCE_REMOVE;

  /* The draft first: if the save fails, the words are still kept. */
  hanji_document_request_draft (self, DRAFT_WRITE);
  if (self->autosave && !self->saving && self->disk_state == HANJI_DISK_STATE_SAME)
    hanji_document_save_async (self, FALSE, NULL, autosave_cb, NULL);

  return G_SOURCE_REMOVE;
}

void
hanji_document_set_autosave (HanjiDocument *self,
                             gboolean       autosave)
{
  g_return_if_fail (HANJI_IS_DOCUMENT (self));

  self->autosave = !!autosave;
}

/* After every change: a draft of unsaved text once typing pauses; none
 * for text that is back to what is on disk. */
static void
hanji_document_schedule_draft (HanjiDocument *self)
{
  if (self->draft_store == NULL || !self->loaded || self->loading)
    return;

  g_clear_handle_id (&self->draft_source, g_source_remove);

  if (gtk_text_buffer_get_modified (GTK_TEXT_BUFFER (self)))
    self->draft_source = g_timeout_add (self->draft_delay, draft_due_cb, self);
  else
    hanji_document_request_draft (self, DRAFT_DELETE);
}

static void
hanji_document_modified_changed (GtkTextBuffer *buffer)
{
  HanjiDocument *self = HANJI_DOCUMENT (buffer);

  if (GTK_TEXT_BUFFER_CLASS (hanji_document_parent_class)->modified_changed != NULL)
    GTK_TEXT_BUFFER_CLASS (hanji_document_parent_class)->modified_changed (buffer);

  /* Undone back to the saved text. */
  if (!gtk_text_buffer_get_modified (buffer) && self->draft_store != NULL)
    {
      g_clear_handle_id (&self->draft_source, g_source_remove);
      hanji_document_request_draft (self, DRAFT_DELETE);
    }
}

void
hanji_document_set_draft_store (HanjiDocument   *self,
                                HanjiDraftStore *store)
{
  g_return_if_fail (HANJI_IS_DOCUMENT (self));
  g_return_if_fail (!store || HANJI_IS_DRAFT_STORE (store));

  g_set_object (&self->draft_store, store);
}

void
hanji_document_set_draft_delay (HanjiDocument *self,
                                guint          msec)
{
  g_return_if_fail (HANJI_IS_DOCUMENT (self));

  self->draft_delay = MAX (msec, 100);
}

const char *
hanji_document_get_draft_id (HanjiDocument *self)
{
  g_return_val_if_fail (HANJI_IS_DOCUMENT (self), NULL);

  if (self->draft_id == NULL)
    self->draft_id = hanji_draft_id_for_file (self->file);

  return self->draft_id;
}

gboolean
hanji_document_get_has_draft (HanjiDocument *self)
{
  g_return_val_if_fail (HANJI_IS_DOCUMENT (self), FALSE);

  return self->has_draft;
}

void
hanji_document_flush_draft (HanjiDocument *self)
{
  g_autoptr(HanjiDraft) draft = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (HANJI_IS_DOCUMENT (self));

  if (self->draft_store == NULL || self->draft_source == 0)
    return;

  g_clear_handle_id (&self->draft_source, g_source_remove);
  if (!gtk_text_buffer_get_modified (GTK_TEXT_BUFFER (self)))
    return;

  draft = hanji_document_make_draft (self);
  if (hanji_draft_store_save (self->draft_store, draft, NULL, &error))
    hanji_document_set_has_draft (self, TRUE);
  else
    g_debug ("Draft %s: %s", draft->id, error->message);
}

void
hanji_document_discard_draft (HanjiDocument *self)
{
  g_return_if_fail (HANJI_IS_DOCUMENT (self));

  g_clear_handle_id (&self->draft_source, g_source_remove);
  hanji_document_request_draft (self, DRAFT_DELETE);
}

void
hanji_document_restore_draft (HanjiDocument    *self,
                              const HanjiDraft *draft)
{
  gsize len;
  const char *text;

  g_return_if_fail (HANJI_IS_DOCUMENT (self));
  g_return_if_fail (draft != NULL && draft->text != NULL);

  text = g_bytes_get_data (draft->text, &len);

  if (!self->loaded)
    {
      /* The file is gone: the draft is all there is. Saving writes the
       * file again. */
      gtk_text_buffer_begin_irreversible_action (GTK_TEXT_BUFFER (self));
      gtk_text_buffer_set_text (GTK_TEXT_BUFFER (self), text, len);
      gtk_text_buffer_end_irreversible_action (GTK_TEXT_BUFFER (self));
      gtk_text_buffer_set_modified (GTK_TEXT_BUFFER (self), TRUE);
      self->loaded = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LOADED]);
      hanji_document_set_disk_state (self, HANJI_DISK_STATE_DELETED);
    }
  else
    {
      if (!hanji_document_text_equals (self, draft->text))
        hanji_document_replace_all (self, text, len);

      /* The file changed after the draft was taken from it: saving must
       * ask before it replaces that version, as any outside change. */
      if (draft->base_etag != NULL && g_strcmp0 (draft->base_etag, self->etag) != 0)
        {
          g_free (self->etag);
          self->etag = g_strdup (draft->base_etag);
          hanji_document_set_disk_state (self, HANJI_DISK_STATE_CHANGED);
        }
    }

  hanji_document_place_cursor (self, draft->line, draft->column);
  hanji_document_set_has_draft (self, TRUE);
}
