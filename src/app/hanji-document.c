/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hanji-document"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include <adwaita.h>

#include "hanji-application.h"
#include "hanji-document.h"

#define UTF8_BOM "\xEF\xBB\xBF"

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

  /* The BOM is kept out of the buffer (it would be an invisible character
   * the writer could delete by accident) and written back on save. */
  guint             has_bom : 1;
  guint             loading : 1;
  guint             saving : 1;
  guint             loaded : 1;
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
  N_PROPS
};

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

  g_clear_pointer (&self->front_matter, hanji_front_matter_unref);
  hanji_document_update_title (self);
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

  g_string_erase (self->mirror, start_byte, end_byte - start_byte);

  GTK_TEXT_BUFFER_CLASS (hanji_document_parent_class)->delete_range (buffer, start, end);
}

static void
hanji_document_finalize (GObject *object)
{
  HanjiDocument *self = (HanjiDocument *)object;

  g_clear_object (&self->file);
  g_clear_pointer (&self->etag, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->front_matter, hanji_front_matter_unref);
  g_string_free (self->mirror, TRUE);

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
 * hanji_style_scheme_for_dark:
 * @dark: whether the app style is dark
 *
 * The editor's scheme; the preview colours code with the same one.
 *
 * Returns: (transfer none) (nullable): the scheme
 */
GtkSourceStyleScheme *
hanji_style_scheme_for_dark (gboolean dark)
{
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();

  return gtk_source_style_scheme_manager_get_scheme (schemes, dark ? "Adwaita-dark" : "Adwaita");
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

  hanji_document_update_title (self);
}

static void
hanji_document_class_init (HanjiDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkTextBufferClass *buffer_class = GTK_TEXT_BUFFER_CLASS (klass);

  object_class->constructed = hanji_document_constructed;
  object_class->finalize = hanji_document_finalize;
  object_class->get_property = hanji_document_get_property;
  object_class->set_property = hanji_document_set_property;

  buffer_class->changed = hanji_document_changed;
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

  return g_bytes_new (self->mirror->str, self->mirror->len);
}

char *
hanji_document_dup_text (HanjiDocument *self)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (HANJI_IS_DOCUMENT (self), NULL);

  text = hanji_document_dup_buffer_text (self);
  if (self->has_bom)
    return g_strconcat (UTF8_BOM, text, NULL);
  return g_steal_pointer (&text);
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
hanji_document_load_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  GFile *file = G_FILE (object);
  g_autoptr(GTask) task = user_data;
  HanjiDocument *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *display_name = NULL;
  const char *text;
  gsize len = 0;

  hanji_document_set_loading (self, FALSE);

  if (!g_file_load_contents_finish (file, result, &contents, &len, &etag, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  display_name = g_file_get_parse_name (file);

  /* Refuse rather than guess: opening a binary or mis-encoded file as
   * text and saving it would destroy it. */
  if (memchr (contents, '\0', len) != NULL)
    {
      g_task_return_new_error (task, HANJI_DOCUMENT_ERROR, HANJI_DOCUMENT_ERROR_NOT_TEXT,
                               _("“%s” is not a text file"), display_name);
      return;
    }

  if (!g_utf8_validate (contents, len, NULL))
    {
      g_task_return_new_error (task, HANJI_DOCUMENT_ERROR, HANJI_DOCUMENT_ERROR_INVALID_UTF8,
                               _("“%s” is not valid UTF-8 text"), display_name);
      return;
    }

  text = contents;
  self->has_bom = len >= 3 && memcmp (contents, UTF8_BOM, 3) == 0;
  if (self->has_bom)
    {
      text += 3;
      len -= 3;
    }

  gtk_text_buffer_begin_irreversible_action (GTK_TEXT_BUFFER (self));
  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (self), text, len);
  gtk_text_buffer_end_irreversible_action (GTK_TEXT_BUFFER (self));
  gtk_text_buffer_set_modified (GTK_TEXT_BUFFER (self), FALSE);

  {
    GtkTextIter begin;

    gtk_text_buffer_get_start_iter (GTK_TEXT_BUFFER (self), &begin);
    gtk_text_buffer_select_range (GTK_TEXT_BUFFER (self), &begin, &begin);
  }

  g_free (self->etag);
  self->etag = g_steal_pointer (&etag);

  if (!self->loaded)
    {
      self->loaded = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LOADED]);
    }

  g_task_return_boolean (task, TRUE);
}

void
hanji_document_load_async (HanjiDocument       *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (HANJI_IS_DOCUMENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hanji_document_load_async);

  hanji_document_set_loading (self, TRUE);
  g_file_load_contents_async (self->file,
                              cancellable,
                              hanji_document_load_cb,
                              g_steal_pointer (&task));
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

typedef struct
{
  /* What is written; compared with the buffer afterwards so that text
   * typed during the save keeps the document modified. */
  GBytes *bytes;
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_clear_pointer (&data->bytes, g_bytes_unref);
  g_free (data);
}

static void
hanji_document_save_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  GFile *file = G_FILE (object);
  g_autoptr(GTask) task = user_data;
  HanjiDocument *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *new_etag = NULL;

  hanji_document_set_saving (self, FALSE);

  if (!g_file_replace_contents_finish (file, result, &new_etag, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_free (self->etag);
  self->etag = g_steal_pointer (&new_etag);

  {
    g_autofree char *now = hanji_document_dup_text (self);
    SaveData *data = g_task_get_task_data (task);
    gsize len;
    const char *saved = g_bytes_get_data (data->bytes, &len);

    if (strlen (now) == len && memcmp (now, saved, len) == 0)
      gtk_text_buffer_set_modified (GTK_TEXT_BUFFER (self), FALSE);
  }

  g_task_return_boolean (task, TRUE);
}

void
hanji_document_save_async (HanjiDocument       *self,
                           gboolean             force,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SaveData *data;
  char *text;

  g_return_if_fail (HANJI_IS_DOCUMENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hanji_document_save_async);

  if (self->saving)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               _("The post is already being saved"));
      return;
    }

  text = hanji_document_dup_text (self);
  data = g_new0 (SaveData, 1);
  data->bytes = g_bytes_new_take (text, strlen (text));
  g_task_set_task_data (task, data, (GDestroyNotify)save_data_free);

  hanji_document_set_saving (self, TRUE);

  /* g_file_replace writes a temporary file and renames it over the
   * original, so a crash mid-save leaves the old or the new text whole.
   * The etag makes GIO refuse when someone else changed the file. */
  g_file_replace_contents_bytes_async (self->file,
                                       data->bytes,
                                       force ? NULL : self->etag,
                                       FALSE,
                                       G_FILE_CREATE_NONE,
                                       cancellable,
                                       hanji_document_save_cb,
                                       g_steal_pointer (&task));
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
