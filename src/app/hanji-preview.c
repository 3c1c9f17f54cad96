/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hanji-preview"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "hanji-code-highlighter.h"
#include "hanji-preview-private.h"
#include "hanji-document.h"
#include "hanji-preview.h"

/* Local files reach the page only through this scheme, at
 * hanji-site://<id>/<path below the site root>. */
#define SITE_SCHEME     "hanji-site"
#define RESOURCE_PREFIX "/io/github/hanjiapp/Hanji/preview/"
/* Hanji's own script runs in an isolated world: it shares the DOM with the
 * page but nothing in the page's world can see or call it. */
#define SCRIPT_WORLD    HANJI_PREVIEW_SCRIPT_WORLD
#define SCRIPT_URI      "hanji-preview.js"
/* The script posts to window.webkit.messageHandlers.hanji, registered for
 * its world only: the page's world has no such handler. */
#define MESSAGE_HANDLER "hanji"
/* Replaced in the shell's policy by the sources images may come from. */
#define REMOTE_SOURCES  "https: http:"

#define LIGHT_BACKGROUND "#ffffff"
#define DARK_BACKGROUND  "#1e1e1e"

struct _HanjiPreview
{
  GtkWidget      parent_instance;

  WebKitWebView *web_view;

  /* Lives as long as the widget: file requests and link launches. */
  GCancellable  *cancellable;
  /* Replaced on every shell load: script calls into the current page. */
  GCancellable  *page_cancellable;

  guint          load_source;

  /* Fenced code the page asked to have coloured: (language, code) pairs
   * waiting for the highlighter, which runs on the main thread a few
   * milliseconds per idle turn so typing never waits for it. */
  HanjiCodeHighlighter *highlighter;
  GQueue         highlight_queue;
  guint          highlight_source;

  /* Token naming this preview in hanji-site:// URIs. */
  char          *id;
  /* Local path of the site root, NULL when nothing local is served. */
  char          *root_path;
  /* Local paths of the folders `/x` is looked up in; NULL: the root.
   * Only what lies inside the root is ever served from them. */
  char         **static_dirs;
  /* The post's folder below the root ("" for the root itself), also
   * served when static folders are set; NULL when there is none. */
  char          *post_dir;
  /* hanji-site://<id>/<post folder>/: the shell's URI, so that relative
   * URLs resolve against the post and `/x` against the root. */
  char          *base_uri;
  /* The URI of the shell last handed to WebKit (loading or loaded). */
  char          *shell_uri;

  /* Newest content from hanji_preview_set_rendering(), and what the
   * page's DOM holds (the last one sent; NULL when the page is empty or
   * its state is unknown). Updates are computed between the two. */
  HanjiRendering *rendering;
  HanjiRendering *shown;

  /* Source line the page should scroll to once it can; 0 for none. */
  guint          scroll_line;

  guint          html_dirty : 1;
  guint          in_flight : 1;
  guint          loading_shell : 1;
  guint          shell_stale : 1;
  guint          shell_loaded : 1;
  guint          ready : 1;
  guint          dark : 1;
  guint          scroll_in_flight : 1;
  guint          load_remote_images : 1;
};

G_DEFINE_FINAL_TYPE (HanjiPreview, hanji_preview, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_READY,
  PROP_LOAD_REMOTE_IMAGES,
  N_PROPS
};

enum {
  CONTENT_UPDATED,
  ACTIVATE_LINK,
  SCROLLED_TO_LINE,
  LINE_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

/* The scheme handler is global to a WebKitWebContext, so it finds the
 * preview a request belongs to through the id in the URI's host. */
static GHashTable *previews_by_id;

typedef struct
{
  char  *root_path;
  char  *path;
  char **static_dirs;
  char  *post_dir;
} FileRequest;

typedef struct
{
  GInputStream *stream;
  gint64        size;
  char         *content_type;
} ServedFile;

static void
file_request_free (FileRequest *request)
{
  g_free (request->root_path);
  g_free (request->path);
  g_strfreev (request->static_dirs);
  g_free (request->post_dir);
  g_free (request);
}

static void
served_file_free (ServedFile *served)
{
  g_clear_object (&served->stream);
  g_free (served->content_type);
  g_free (served);
}

static gboolean
path_is_inside (const char *path,
                const char *root)
{
  size_t len = strlen (root);

  if (len == 1 && root[0] == G_DIR_SEPARATOR)
    return path[0] == G_DIR_SEPARATOR;

  return strncmp (path, root, len) == 0 &&
         (path[len] == '\0' || path[len] == G_DIR_SEPARATOR);
}

/* The canonical path of dir/path if it exists and lies inside both
 * real_root and dir; otherwise NULL, with *outside set if it exists but
 * leads out. */
static char *
resolve_below (const char *real_root,
               const char *dir,
               const char *path,
               gboolean   *outside)
{
  g_autofree char *joined = g_build_filename (dir, path, NULL);
  g_autofree char *real_base = realpath (dir, NULL);
  g_autofree char *real_path = realpath (joined, NULL);

  if (real_base == NULL || real_path == NULL)
    return NULL;

  if (!path_is_inside (real_base, real_root) ||
      !path_is_inside (real_path, real_root) ||
      !path_is_inside (real_path, real_base))
    {
      *outside = TRUE;
      return NULL;
    }

  return g_steal_pointer (&real_path);
}

/* Site-absolute paths name a file in a static folder (Hugo's static/,
 * Jekyll's root); the request's path is also tried below the root when
 * it lies in the post's own folder, which is where relative URLs lead
 * (Hugo page bundles). */
static char *
find_file (FileRequest *request,
           const char  *real_root,
           gboolean    *outside)
{
  char *found;

  if (request->static_dirs == NULL)
    return resolve_below (real_root, real_root, request->path, outside);

  for (guint i = 0; request->static_dirs[i] != NULL; i++)
    {
      found = resolve_below (real_root, request->static_dirs[i], request->path, outside);
      if (found != NULL)
        return found;
    }

  if (request->post_dir != NULL)
    {
      g_autofree char *post_base = g_build_filename (real_root, request->post_dir, NULL);
      g_autofree char *real_post = realpath (post_base, NULL);
      g_autofree char *joined = g_build_filename (real_root, request->path, NULL);
      g_autofree char *real_path = realpath (joined, NULL);

      if (real_post != NULL && real_path != NULL &&
          path_is_inside (real_post, real_root) &&
          path_is_inside (real_path, real_post))
        return g_steal_pointer (&real_path);
    }

  return NULL;
}

/* What the scheme handler serves, for code outside it (export): a copy of
 * where the preview looks, safe to use from a worker thread. */
struct _HanjiPreviewFiles
{
  char        *id;
  FileRequest *where;
};

HanjiPreviewFiles *
_hanji_preview_files_new (HanjiPreview *self)
{
  HanjiPreviewFiles *files;

  g_return_val_if_fail (HANJI_IS_PREVIEW (self), NULL);

  files = g_new0 (HanjiPreviewFiles, 1);
  files->id = g_strdup (self->id);
  files->where = g_new0 (FileRequest, 1);
  files->where->root_path = g_strdup (self->root_path);
  files->where->static_dirs = g_strdupv (self->static_dirs);
  files->where->post_dir = g_strdup (self->post_dir);

  return files;
}

void
_hanji_preview_files_free (HanjiPreviewFiles *files)
{
  g_free (files->id);
  file_request_free (files->where);
  g_free (files);
}

/* The local path a hanji-site:// URI of this preview serves, or NULL
 * (another preview's, outside the site, missing). Blocking. */
char *
_hanji_preview_files_resolve (HanjiPreviewFiles *files,
                              const char        *uri_string)
{
  g_autoptr(GUri) uri = g_uri_parse (uri_string, G_URI_FLAGS_ENCODED, NULL);
  g_autofree char *real_root = NULL;
  g_autofree char *path = NULL;
  FileRequest request;
  gboolean outside = FALSE;

  if (uri == NULL || files->where->root_path == NULL ||
      g_strcmp0 (g_uri_get_scheme (uri), SITE_SCHEME) != 0 ||
      g_strcmp0 (g_uri_get_host (uri), files->id) != 0)
    return NULL;

  path = g_uri_unescape_string (g_uri_get_path (uri), NULL);
  real_root = realpath (files->where->root_path, NULL);
  if (path == NULL || real_root == NULL)
    return NULL;

  request = *files->where;
  request.path = path;
  return find_file (&request, real_root, &outside);
}

/* Runs in a worker thread: realpath() and open() may block on slow disks. */
static void
resolve_file_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  FileRequest *request = task_data;
  g_autofree char *real_root = NULL;
  g_autofree char *real_path = NULL;
  g_autofree char *content_type = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GFileInfo) info = NULL;
  GError *error = NULL;
  ServedFile *served;
  gboolean outside = FALSE;

  /* Both sides are canonicalised so that `..`, doubled slashes and
   * symbolic links are judged by where they really lead. */
  real_root = realpath (request->root_path, NULL);
  if (real_root != NULL)
    real_path = find_file (request, real_root, &outside);

  if (real_path == NULL)
    {
      if (outside)
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                                 "Outside the site folder: %s", request->path);
      else
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                                 "No such file: %s", request->path);
      return;
    }

  file = g_file_new_for_path (real_path);
  stream = g_file_read (file, cancellable, &error);
  if (stream == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  info = g_file_input_stream_query_info (stream,
                                         G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                         cancellable,
                                         NULL);

  content_type = g_content_type_guess (real_path, NULL, 0, NULL);

  served = g_new0 (ServedFile, 1);
  served->stream = G_INPUT_STREAM (g_steal_pointer (&stream));
  served->size = info != NULL ? g_file_info_get_size (info) : -1;
  served->content_type = g_content_type_get_mime_type (content_type);
  if (served->content_type == NULL)
    served->content_type = g_strdup ("application/octet-stream");

  g_task_return_pointer (task, served, (GDestroyNotify) served_file_free);
}

static void
resolve_file_cb (GObject      *source_object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(WebKitURISchemeRequest) request = user_data;
  g_autoptr(GError) error = NULL;
  ServedFile *served;

  served = g_task_propagate_pointer (G_TASK (result), &error);

  /* WebKit waits for every request to be finished, failed ones included. */
  if (served == NULL)
    {
      g_debug ("Not serving %s: %s",
               webkit_uri_scheme_request_get_uri (request), error->message);
      webkit_uri_scheme_request_finish_error (request, error);
      return;
    }

  webkit_uri_scheme_request_finish (request,
                                    served->stream,
                                    served->size,
                                    served->content_type);
  served_file_free (served);
}

static void
site_scheme_request_cb (WebKitURISchemeRequest *request,
                        gpointer                user_data)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  HanjiPreview *self = NULL;
  FileRequest *file_request;

  uri = g_uri_parse (webkit_uri_scheme_request_get_uri (request),
                     G_URI_FLAGS_ENCODED,
                     &error);

  if (uri != NULL && g_uri_get_host (uri) != NULL && previews_by_id != NULL)
    self = g_hash_table_lookup (previews_by_id, g_uri_get_host (uri));

  /* A page may only read its own preview's site, even though every view in
   * the context shares this handler. */
  if (self == NULL ||
      self->root_path == NULL ||
      webkit_uri_scheme_request_get_web_view (request) != self->web_view)
    {
      g_autoptr(GError) not_found = NULL;

      not_found = g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               "Unknown preview location");
      webkit_uri_scheme_request_finish_error (request, not_found);
      return;
    }

  /* NUL bytes decode to NULL here instead of truncating the path. */
  path = g_uri_unescape_string (g_uri_get_path (uri), NULL);
  if (path == NULL)
    {
      g_autoptr(GError) invalid = NULL;

      invalid = g_error_new (G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                             "Invalid path");
      webkit_uri_scheme_request_finish_error (request, invalid);
      return;
    }

  file_request = g_new0 (FileRequest, 1);
  file_request->root_path = g_strdup (self->root_path);
  file_request->path = g_steal_pointer (&path);
  file_request->static_dirs = g_strdupv (self->static_dirs);
  file_request->post_dir = g_strdup (self->post_dir);

  /* The task does not point at the preview: it may finish after the
   * preview is gone, and then only fails the request. */
  task = g_task_new (NULL, self->cancellable, resolve_file_cb, g_object_ref (request));
  g_task_set_source_tag (task, site_scheme_request_cb);
  g_task_set_task_data (task, file_request, (GDestroyNotify) file_request_free);
  g_task_run_in_thread (task, resolve_file_thread);
}

static void
ensure_site_scheme (WebKitWebContext *context)
{
  WebKitSecurityManager *security;

  if (g_object_get_data (G_OBJECT (context), "hanji-site-scheme") != NULL)
    return;

  g_object_set_data (G_OBJECT (context), "hanji-site-scheme", GINT_TO_POINTER (TRUE));

  webkit_web_context_register_uri_scheme (context,
                                          SITE_SCHEME,
                                          site_scheme_request_cb,
                                          NULL,
                                          NULL);

  /* Pages of other schemes (web pages, file://) may not embed site files.
   * The scheme is deliberately neither "local" (that would let the page
   * load file:// URLs) nor "secure" (that would block http:// images as
   * mixed content). */
  security = webkit_web_context_get_security_manager (context);
  webkit_security_manager_register_uri_scheme_as_display_isolated (security, SITE_SCHEME);
}

static WebKitNetworkSession *
get_network_session (void)
{
  static WebKitNetworkSession *session;

  /* Remote images in a draft should leave no cookies or cache on disk, and
   * the preview should never share a session with anything else. */
  if (session == NULL)
    session = webkit_network_session_new_ephemeral ();

  return session;
}

static char *
lookup_resource_text (const char *name)
{
  g_autofree char *path = g_strconcat (RESOURCE_PREFIX, name, NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (bytes == NULL)
    {
      g_critical ("Missing preview resource %s: %s", path, error->message);
      return g_strdup ("");
    }

  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static void
hanji_preview_set_ready (HanjiPreview *self,
                         gboolean      ready)
{
  ready = !!ready;

  if (self->ready == ready)
    return;

  self->ready = ready;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_READY]);
}

static void hanji_preview_flush (HanjiPreview *self);
static void hanji_preview_reset_highlights (HanjiPreview *self);
static void hanji_preview_flush_scroll (HanjiPreview *self);

static void
set_content_cb (GObject      *source_object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(JSCValue) value = NULL;
  g_autoptr(GError) error = NULL;
  HanjiPreview *self;

  value = webkit_web_view_call_async_javascript_function_finish (WEBKIT_WEB_VIEW (source_object),
                                                                 result,
                                                                 &error);

  /* Cancelled means the preview was disposed or the shell reloaded; in the
   * first case user_data is no longer valid. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = HANJI_PREVIEW (user_data);
  self->in_flight = FALSE;

  if (error != NULL)
    {
      g_warning ("Could not update the preview: %s", error->message);
      /* The page may hold anything now: start over from an empty one. */
      g_clear_pointer (&self->shown, hanji_rendering_unref);
      self->html_dirty = TRUE;
    }
  else
    g_signal_emit (self, signals [CONTENT_UPDATED], 0);

  if (self->html_dirty)
    hanji_preview_flush (self);
  else if (error == NULL)
    hanji_preview_set_ready (self, TRUE);

  hanji_preview_flush_scroll (self);
}

static GVariant *
build_patch (HanjiRendering *shown,
             HanjiRendering *rendering)
{
  GVariantBuilder builder;
  GVariantBuilder blocks;
  GVariantBuilder shifts;
  guint n_shown = shown != NULL ? hanji_rendering_get_n_blocks (shown) : 0;
  guint n = hanji_rendering_get_n_blocks (rendering);
  guint head = 0;
  guint tail = 0;
  int head_shift = 0;
  int tail_shift = 0;

  /* The unchanged blocks at either end stay in the page; each run only
   * moves as a whole (the text around it is the same), so one shift per
   * run is enough. */
  while (head < n_shown && head < n &&
         hanji_rendering_block_equal (shown, head, rendering, head))
    head++;
  while (tail < n_shown - head && tail < n - head &&
         hanji_rendering_block_equal (shown, n_shown - 1 - tail, rendering, n - 1 - tail))
    tail++;

  if (head > 0)
    head_shift = (int) hanji_rendering_get_block_line (rendering, 0) -
                 (int) hanji_rendering_get_block_line (shown, 0);
  if (tail > 0)
    tail_shift = (int) hanji_rendering_get_block_line (rendering, n - 1) -
                 (int) hanji_rendering_get_block_line (shown, n_shown - 1);

  /* Arrays cannot cross into the page, so the blocks go as dictionaries
   * keyed by their index. */
  g_variant_builder_init (&blocks, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_init (&shifts, G_VARIANT_TYPE_VARDICT);
  for (guint i = head; i < n - tail; i++)
    {
      char key[16];

      g_snprintf (key, sizeof key, "%u", i - head);
      /* GVariant strings must be valid UTF-8; the core guarantees it. */
      g_variant_builder_add (&blocks, "{sv}", key,
                             g_variant_new_string (hanji_rendering_get_block_html (rendering, i)));
      g_variant_builder_add (&shifts, "{sv}", key,
                             g_variant_new_int32 (hanji_rendering_get_block_shift (rendering, i)));
    }

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&builder, "{sv}", "reset", g_variant_new_uint32 (shown == NULL));
  g_variant_builder_add (&builder, "{sv}", "head", g_variant_new_uint32 (head));
  g_variant_builder_add (&builder, "{sv}", "remove", g_variant_new_uint32 (n_shown - head - tail));
  g_variant_builder_add (&builder, "{sv}", "headShift", g_variant_new_int32 (head_shift));
  g_variant_builder_add (&builder, "{sv}", "tailShift", g_variant_new_int32 (tail_shift));
  g_variant_builder_add (&builder, "{sv}", "count", g_variant_new_uint32 (n - head - tail));
  g_variant_builder_add (&builder, "{sv}", "blocks", g_variant_builder_end (&blocks));
  g_variant_builder_add (&builder, "{sv}", "shifts", g_variant_builder_end (&shifts));

  return g_variant_builder_end (&builder);
}

/* Sends what changed between the page's content and the newest
 * rendering, if the page can take it now. Whatever arrives meanwhile
 * waits in self->rendering, so a burst of edits costs at most one call in
 * flight and one queued. */
static void
hanji_preview_flush (HanjiPreview *self)
{
  GVariantBuilder builder;
  g_autoptr(GVariant) arguments = NULL;

  if (!self->shell_loaded || self->in_flight || !self->html_dirty)
    return;

  if (self->rendering == NULL)
    self->rendering = hanji_rendering_new_for_html ("");

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&builder, "{sv}", "patch", build_patch (self->shown, self->rendering));
  arguments = g_variant_ref_sink (g_variant_builder_end (&builder));

  g_clear_pointer (&self->shown, hanji_rendering_unref);
  self->shown = hanji_rendering_ref (self->rendering);
  self->html_dirty = FALSE;
  self->in_flight = TRUE;

  webkit_web_view_call_async_javascript_function (self->web_view,
                                                  "return hanji.patch (patch);",
                                                  -1,
                                                  arguments,
                                                  SCRIPT_WORLD,
                                                  SCRIPT_URI,
                                                  self->page_cancellable,
                                                  set_content_cb,
                                                  self);
}

static void
ignore_result_cb (GObject      *source_object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(JSCValue) value = NULL;
  g_autoptr(GError) error = NULL;

  value = webkit_web_view_call_async_javascript_function_finish (WEBKIT_WEB_VIEW (source_object),
                                                                 result,
                                                                 &error);
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Preview script failed: %s", error->message);
}

/* Code highlighting */

typedef struct
{
  char *language;
  char *code;
} HighlightRequest;

static void
highlight_request_free (HighlightRequest *request)
{
  g_free (request->language);
  g_free (request->code);
  g_free (request);
}

/* About half a frame: the rest of the turn stays free for input. */
#define HIGHLIGHT_BUDGET_USEC 4000

static gboolean
highlight_idle_cb (gpointer user_data)
{
  HanjiPreview *self = user_data;
  gint64 start = g_get_monotonic_time ();
  GVariantBuilder items;
  g_autoptr(GVariant) arguments = NULL;
  GVariantBuilder builder;
  guint n = 0;

  g_variant_builder_init (&items, G_VARIANT_TYPE_VARDICT);

  /* At least one per turn, however long it takes. */
  while (!g_queue_is_empty (&self->highlight_queue) &&
         (n == 0 || g_get_monotonic_time () - start < HIGHLIGHT_BUDGET_USEC))
    {
      HighlightRequest *request = g_queue_pop_head (&self->highlight_queue);
      g_autofree char *html = hanji_code_highlighter_highlight (self->highlighter,
                                                                request->language,
                                                                request->code);
      GVariantBuilder item;
      char key[16];

      g_variant_builder_init (&item, G_VARIANT_TYPE_VARDICT);
      g_variant_builder_add (&item, "{sv}", "language", g_variant_new_string (request->language));
      g_variant_builder_add (&item, "{sv}", "code", g_variant_new_string (request->code));
      /* No "html": GtkSourceView has no such language; the page keeps the
       * block plain and stops asking. */
      if (html != NULL)
        g_variant_builder_add (&item, "{sv}", "html", g_variant_new_string (html));

      g_snprintf (key, sizeof key, "%u", n++);
      g_variant_builder_add (&items, "{sv}", key, g_variant_builder_end (&item));
      highlight_request_free (request);
    }

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&builder, "{sv}", "items", g_variant_builder_end (&items));
  arguments = g_variant_ref_sink (g_variant_builder_end (&builder));

  if (self->shell_loaded)
    webkit_web_view_call_async_javascript_function (self->web_view,
                                                    "hanji.setHighlights (items);",
                                                    -1,
                                                    arguments,
                                                    SCRIPT_WORLD,
                                                    SCRIPT_URI,
                                                    self->page_cancellable,
                                                    ignore_result_cb,
                                                    NULL);

  if (g_queue_is_empty (&self->highlight_queue))
    {
      self->highlight_source = 0;
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

static void
hanji_preview_queue_highlights (HanjiPreview *self,
                                JSCValue     *items)
{
  g_autoptr(JSCValue) length_value = jsc_value_object_get_property (items, "length");
  int length = jsc_value_is_number (length_value) ? jsc_value_to_int32 (length_value) : 0;

  for (int i = 0; i < length; i++)
    {
      g_autoptr(JSCValue) item = jsc_value_object_get_property_at_index (items, i);
      g_autoptr(JSCValue) language = NULL;
      g_autoptr(JSCValue) code = NULL;
      HighlightRequest *request;

      if (!jsc_value_is_object (item))
        continue;

      language = jsc_value_object_get_property (item, "language");
      code = jsc_value_object_get_property (item, "code");
      if (!jsc_value_is_string (language) || !jsc_value_is_string (code))
        continue;

      request = g_new0 (HighlightRequest, 1);
      request->language = jsc_value_to_string (language);
      request->code = jsc_value_to_string (code);
      g_queue_push_tail (&self->highlight_queue, request);
    }

  g_debug ("%u code blocks to highlight", g_queue_get_length (&self->highlight_queue));
  if (self->highlight_source == 0 && !g_queue_is_empty (&self->highlight_queue))
    self->highlight_source = g_idle_add_full (G_PRIORITY_LOW, highlight_idle_cb, self, NULL);
}

/* After the shell loads and whenever light and dark switch: the page
 * forgets its colours, takes the scheme's code block style, and asks
 * again for what it shows. */
static void
hanji_preview_reset_highlights (HanjiPreview *self)
{
  GtkSourceStyleScheme *scheme = hanji_style_scheme_for_dark (self->dark);
  g_autofree char *css = NULL;
  GVariantBuilder builder;
  g_autoptr(GVariant) arguments = NULL;

  if (scheme != hanji_code_highlighter_get_scheme (self->highlighter))
    hanji_code_highlighter_set_scheme (self->highlighter, scheme);

  g_queue_clear_full (&self->highlight_queue, (GDestroyNotify) highlight_request_free);
  g_clear_handle_id (&self->highlight_source, g_source_remove);

  if (!self->shell_loaded)
    return;

  css = hanji_code_highlighter_dup_css (self->highlighter);
  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&builder, "{sv}", "css", g_variant_new_string (css));
  arguments = g_variant_ref_sink (g_variant_builder_end (&builder));

  webkit_web_view_call_async_javascript_function (self->web_view,
                                                  "hanji.resetHighlights (css);",
                                                  -1,
                                                  arguments,
                                                  SCRIPT_WORLD,
                                                  SCRIPT_URI,
                                                  self->page_cancellable,
                                                  ignore_result_cb,
                                                  NULL);
}

static void
hanji_preview_apply_style (HanjiPreview *self)
{
  GdkRGBA background;

  /* Painted before the page and wherever it is transparent, so a dark
   * window never flashes white while the shell loads. */
  gdk_rgba_parse (&background, self->dark ? DARK_BACKGROUND : LIGHT_BACKGROUND);
  webkit_web_view_set_background_color (self->web_view, &background);

  if (!self->shell_loaded)
    return;

  webkit_web_view_call_async_javascript_function (self->web_view,
                                                  self->dark ? "hanji.setDark (true);"
                                                             : "hanji.setDark (false);",
                                                  -1,
                                                  NULL,
                                                  SCRIPT_WORLD,
                                                  SCRIPT_URI,
                                                  self->page_cancellable,
                                                  ignore_result_cb,
                                                  NULL);
  hanji_preview_reset_highlights (self);
}

/* Light or dark: the app's style, unless the "preview-style" setting
 * asks for one. */
static gboolean
hanji_preview_wants_dark (void)
{
  GSettings *settings = hanji_appearance_settings ();
  g_autofree char *style = settings ? g_settings_get_string (settings, "preview-style") : NULL;

  if (g_strcmp0 (style, "light") == 0)
    return FALSE;
  if (g_strcmp0 (style, "dark") == 0)
    return TRUE;

  return adw_style_manager_get_dark (adw_style_manager_get_default ());
}

static void
dark_changed_cb (HanjiPreview *self)
{
  gboolean dark = hanji_preview_wants_dark ();

  if (self->dark == !!dark)
    return;

  self->dark = !!dark;
  hanji_preview_apply_style (self);
}

static void
scheme_changed_cb (HanjiPreview *self)
{
  hanji_preview_apply_style (self);
}

/* Tells the script what it cannot know by itself: the labels of its
 * placeholders (translated here) and whether remote images are off. */
static void
hanji_preview_send_options (HanjiPreview *self)
{
  GVariantBuilder builder;
  g_autoptr(GVariant) arguments = NULL;

  if (!self->shell_loaded)
    return;

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&builder, "{sv}", "missing",
                         g_variant_new_string (_("Image not found")));
  g_variant_builder_add (&builder, "{sv}", "remote",
                         g_variant_new_string (_("Remote images are turned off")));
  /* WebKit refuses booleans as arguments (measured): a number it is. */
  g_variant_builder_add (&builder, "{sv}", "loadRemote",
                         g_variant_new_int32 (self->load_remote_images));
  arguments = g_variant_ref_sink (g_variant_builder_end (&builder));

  webkit_web_view_call_async_javascript_function (self->web_view,
                                                  "hanji.setOptions ({ missing, remote, loadRemote: loadRemote !== 0 });",
                                                  -1,
                                                  arguments,
                                                  SCRIPT_WORLD,
                                                  SCRIPT_URI,
                                                  self->page_cancellable,
                                                  ignore_result_cb,
                                                  NULL);
}

static void
scroll_to_line_cb (GObject      *source_object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(JSCValue) value = NULL;
  g_autoptr(GError) error = NULL;
  HanjiPreview *self;

  value = webkit_web_view_call_async_javascript_function_finish (WEBKIT_WEB_VIEW (source_object),
                                                                 result,
                                                                 &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = HANJI_PREVIEW (user_data);
  self->scroll_in_flight = FALSE;

  if (error != NULL)
    g_warning ("Could not scroll the preview: %s", error->message);

  hanji_preview_flush_scroll (self);
}

/* Like the content, scrolling keeps at most one call in flight: the
 * editor asks on every frame of a scroll, the page needs only the last. */
static void
hanji_preview_flush_scroll (HanjiPreview *self)
{
  GVariantBuilder builder;
  g_autoptr(GVariant) arguments = NULL;

  /* After the content: the line means nothing in an empty page. */
  if (self->scroll_line == 0 || !self->shell_loaded ||
      self->in_flight || self->html_dirty || self->scroll_in_flight)
    return;

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&builder, "{sv}", "line", g_variant_new_uint32 (self->scroll_line));
  arguments = g_variant_ref_sink (g_variant_builder_end (&builder));

  self->scroll_line = 0;
  self->scroll_in_flight = TRUE;

  webkit_web_view_call_async_javascript_function (self->web_view,
                                                  "return hanji.scrollToLine (line);",
                                                  -1,
                                                  arguments,
                                                  SCRIPT_WORLD,
                                                  SCRIPT_URI,
                                                  self->page_cancellable,
                                                  scroll_to_line_cb,
                                                  self);
}

static void
script_message_cb (HanjiPreview             *self,
                   JSCValue                 *value,
                   WebKitUserContentManager *manager)
{
  g_autoptr(JSCValue) type_value = NULL;
  g_autoptr(JSCValue) line_value = NULL;
  g_autofree char *type = NULL;
  gint32 line;

  if (!jsc_value_is_object (value))
    return;

  type_value = jsc_value_object_get_property (value, "type");
  if (jsc_value_is_string (type_value))
    {
      g_autofree char *name = jsc_value_to_string (type_value);

      if (g_str_equal (name, "highlight"))
        {
          g_autoptr(JSCValue) items = jsc_value_object_get_property (value, "items");

          if (jsc_value_is_array (items))
            hanji_preview_queue_highlights (self, items);
          return;
        }
    }

  line_value = jsc_value_object_get_property (value, "line");
  if (!jsc_value_is_string (type_value) || !jsc_value_is_number (line_value))
    return;

  type = jsc_value_to_string (type_value);
  line = jsc_value_to_int32 (line_value);
  if (line < 1)
    return;

  if (g_str_equal (type, "scroll"))
    g_signal_emit (self, signals [SCROLLED_TO_LINE], 0, (guint) line);
  else if (g_str_equal (type, "click"))
    g_signal_emit (self, signals [LINE_ACTIVATED], 0, (guint) line);
}

/* The shell as loaded: Hanji's style sheet inlined, and the image
 * sources narrowed when remote images are off. */
static GBytes *
build_shell (HanjiPreview *self,
             GBytes       *template)
{
  g_autofree char *css = lookup_resource_text ("hanji-preview.css");
  g_autofree char *html = g_strndup (g_bytes_get_data (template, NULL),
                                     g_bytes_get_size (template));
  /* The last one: the shell's comments may mention the tag. */
  const char *head_end = g_strrstr (html, "</head>");
  GString *shell;

  g_assert (head_end != NULL);
  shell = g_string_new (NULL);
  g_string_append_printf (shell, "%.*s<style>%s</style>%s",
                          (int) (head_end - html), html, css, head_end);

  /* Both img-src and media-src list them; the policy is the one place
   * that stops every way an image can be asked for (img, srcset,
   * picture, CSS backgrounds) before any connection is made. */
  if (!self->load_remote_images)
    g_assert_cmpuint (g_string_replace (shell, " " REMOTE_SOURCES, "", 0), ==, 2);

  return g_string_free_to_bytes (shell);
}

static gboolean
load_shell_cb (gpointer user_data)
{
  HanjiPreview *self = user_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  self->load_source = 0;

  bytes = g_resources_lookup_data (RESOURCE_PREFIX "hanji-preview.html",
                                   G_RESOURCE_LOOKUP_FLAGS_NONE,
                                   &error);
  if (bytes == NULL)
    {
      g_critical ("Missing preview shell: %s", error->message);
      return G_SOURCE_REMOVE;
    }

  /* Hanji's style sheet goes into the shell itself: WebKit does not apply
   * user style sheets to this custom-scheme page (measured: computed
   * styles stayed at the defaults), while the shell's policy allows
   * inline styles. */
  {
    GBytes *shell = build_shell (self, bytes);

    g_bytes_unref (bytes);
    bytes = shell;
  }

  g_free (self->shell_uri);
  self->shell_uri = g_strdup (self->base_uri);
  self->loading_shell = TRUE;
  self->shell_stale = FALSE;
  webkit_web_view_load_bytes (self->web_view, bytes, "text/html", "UTF-8", self->shell_uri);

  return G_SOURCE_REMOVE;
}

/* Deferred to idle so that a preview created and then pointed at a post
 * in the same main-loop turn loads its shell once. */
static void
hanji_preview_queue_shell_load (HanjiPreview *self)
{
  g_cancellable_cancel (self->page_cancellable);
  g_clear_object (&self->page_cancellable);
  self->page_cancellable = g_cancellable_new ();

  self->shell_loaded = FALSE;
  self->in_flight = FALSE;
  self->scroll_in_flight = FALSE;
  /* The new document starts empty: it needs the whole content again. */
  g_clear_pointer (&self->shown, hanji_rendering_unref);
  self->html_dirty = TRUE;
  hanji_preview_set_ready (self, FALSE);

  /* One load at a time: WebKit queues a load started during another and
   * reports the first one's events under the second one's URI, so the
   * events could not tell which shell is in the view. */
  if (self->loading_shell)
    self->shell_stale = TRUE;
  else if (self->load_source == 0)
    self->load_source = g_idle_add_full (G_PRIORITY_DEFAULT, load_shell_cb, self, NULL);
}

static void
load_changed_cb (HanjiPreview    *self,
                 WebKitLoadEvent  load_event,
                 WebKitWebView   *web_view)
{
  /* Also follows a failed load, so every load we start ends here. */
  if (load_event != WEBKIT_LOAD_FINISHED || !self->loading_shell)
    return;

  self->loading_shell = FALSE;

  if (self->shell_stale)
    {
      load_shell_cb (self);
      return;
    }

  self->shell_loaded = TRUE;

  hanji_preview_apply_style (self);
  hanji_preview_send_options (self);
  hanji_preview_flush (self);

  if (!self->in_flight && !self->html_dirty)
    hanji_preview_set_ready (self, TRUE);
}

static gboolean
load_failed_cb (HanjiPreview    *self,
                WebKitLoadEvent  load_event,
                const char      *failing_uri,
                GError          *error,
                WebKitWebView   *web_view)
{
  /* Stopping a load (WebKit does so on shutdown) is not a failure. */
  if (!g_error_matches (error, WEBKIT_NETWORK_ERROR, WEBKIT_NETWORK_ERROR_CANCELLED))
    g_warning ("Could not load the preview page %s: %s", failing_uri, error->message);

  /* Handled: WebKit's default would replace the shell with an error page. */
  return TRUE;
}

static void
web_process_terminated_cb (HanjiPreview                     *self,
                           WebKitWebProcessTerminationReason reason,
                           WebKitWebView                    *web_view)
{
  if (reason == WEBKIT_WEB_PROCESS_TERMINATED_BY_API)
    return;

  g_warning ("The preview's web process stopped (reason %d); reloading it", reason);
  /* Whatever was loading will not finish now. */
  self->loading_shell = FALSE;
  hanji_preview_queue_shell_load (self);
}

static gboolean
is_shell_load (HanjiPreview *self,
               const char   *uri)
{
  return self->loading_shell && g_strcmp0 (uri, self->shell_uri) == 0;
}

/* `#footnote` on the shell itself: WebKit scrolls without reloading. */
static gboolean
is_same_document (HanjiPreview *self,
                  const char   *uri)
{
  const char *hash = strchr (uri, '#');

  return self->shell_loaded &&
         hash != NULL &&
         self->shell_uri != NULL &&
         strlen (self->shell_uri) == (size_t) (hash - uri) &&
         strncmp (uri, self->shell_uri, hash - uri) == 0;
}

static void
launch_uri_cb (GObject      *source_object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = user_data;

  /* Nothing to do about it here: there may simply be no browser. */
  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    g_debug ("Could not open %s: %s", uri, error->message);
}

static void
hanji_preview_activate_link (HanjiPreview *self,
                             const char   *uri)
{
  g_autofree char *scheme = g_uri_parse_scheme (uri);
  g_autoptr(GAppLaunchContext) context = NULL;
  gboolean handled = FALSE;

  g_signal_emit (self, signals [ACTIVATE_LINK], 0, uri, &handled);
  if (handled)
    return;

  if (g_strcmp0 (scheme, "http") != 0 &&
      g_strcmp0 (scheme, "https") != 0 &&
      g_strcmp0 (scheme, "mailto") != 0)
    return;

  context = G_APP_LAUNCH_CONTEXT (gdk_display_get_app_launch_context (gtk_widget_get_display (GTK_WIDGET (self))));
  /* Not tied to the widget's lifetime: closing the preview should not
   * cancel a browser that is starting up. */
  g_app_info_launch_default_for_uri_async (uri, context, NULL, launch_uri_cb, g_strdup (uri));
}

static gboolean
decide_policy_cb (HanjiPreview             *self,
                  WebKitPolicyDecision     *decision,
                  WebKitPolicyDecisionType  type,
                  WebKitWebView            *web_view)
{
  WebKitNavigationAction *action;
  const char *uri;

  if (type != WEBKIT_POLICY_DECISION_TYPE_NAVIGATION_ACTION &&
      type != WEBKIT_POLICY_DECISION_TYPE_NEW_WINDOW_ACTION)
    return FALSE;

  action = webkit_navigation_policy_decision_get_navigation_action (WEBKIT_NAVIGATION_POLICY_DECISION (decision));
  uri = webkit_uri_request_get_uri (webkit_navigation_action_get_request (action));

  if (type == WEBKIT_POLICY_DECISION_TYPE_NAVIGATION_ACTION &&
      (is_shell_load (self, uri) || is_same_document (self, uri)))
    {
      webkit_policy_decision_use (decision);
      return TRUE;
    }

  /* The view never leaves the shell; links the writer clicks go to the
   * browser instead. Anything not clicked (forms, redirects) just stops. */
  webkit_policy_decision_ignore (decision);

  if (webkit_navigation_action_get_navigation_type (action) == WEBKIT_NAVIGATION_TYPE_LINK_CLICKED)
    hanji_preview_activate_link (self, uri);

  return TRUE;
}

static gboolean
is_harmless_action (WebKitContextMenuAction action)
{
  switch (action)
    {
    case WEBKIT_CONTEXT_MENU_ACTION_NO_ACTION:
    case WEBKIT_CONTEXT_MENU_ACTION_COPY_LINK_TO_CLIPBOARD:
    case WEBKIT_CONTEXT_MENU_ACTION_COPY_IMAGE_TO_CLIPBOARD:
    case WEBKIT_CONTEXT_MENU_ACTION_COPY_IMAGE_URL_TO_CLIPBOARD:
    case WEBKIT_CONTEXT_MENU_ACTION_COPY:
    case WEBKIT_CONTEXT_MENU_ACTION_SELECT_ALL:
    case WEBKIT_CONTEXT_MENU_ACTION_INSPECT_ELEMENT:
    case WEBKIT_CONTEXT_MENU_ACTION_COPY_VIDEO_LINK_TO_CLIPBOARD:
    case WEBKIT_CONTEXT_MENU_ACTION_COPY_AUDIO_LINK_TO_CLIPBOARD:
    case WEBKIT_CONTEXT_MENU_ACTION_TOGGLE_MEDIA_CONTROLS:
    case WEBKIT_CONTEXT_MENU_ACTION_TOGGLE_MEDIA_LOOP:
    case WEBKIT_CONTEXT_MENU_ACTION_MEDIA_PLAY:
    case WEBKIT_CONTEXT_MENU_ACTION_MEDIA_PAUSE:
    case WEBKIT_CONTEXT_MENU_ACTION_MEDIA_MUTE:
      return TRUE;

    default:
      return FALSE;
    }
}

/* Keeps copying and inspecting; drops everything that would reload,
 * navigate, open windows or download. */
static gboolean
context_menu_cb (HanjiPreview        *self,
                 WebKitContextMenu   *menu,
                 WebKitHitTestResult *hit_test_result,
                 WebKitWebView       *web_view)
{
  g_autoptr(GList) items = NULL;
  gboolean last_was_separator = TRUE;
  WebKitContextMenuItem *last;

  /* A copy: removing items changes the menu's own list. */
  items = g_list_copy (webkit_context_menu_get_items (menu));

  for (const GList *l = items; l != NULL; l = l->next)
    {
      WebKitContextMenuItem *item = l->data;
      gboolean separator = webkit_context_menu_item_is_separator (item);

      if (separator ? last_was_separator
                    : !is_harmless_action (webkit_context_menu_item_get_stock_action (item)))
        {
          webkit_context_menu_remove (menu, item);
          continue;
        }

      last_was_separator = separator;
    }

  last = webkit_context_menu_last (menu);
  if (last != NULL && webkit_context_menu_item_is_separator (last))
    webkit_context_menu_remove (menu, last);

  /* TRUE with nothing left: show no menu at all. */
  return webkit_context_menu_get_n_items (menu) == 0;
}

static void
hanji_preview_setup_settings (HanjiPreview *self)
{
  WebKitSettings *settings = webkit_web_view_get_settings (self->web_view);
  gboolean debug = g_getenv ("HANJI_DEBUG_PREVIEW") != NULL;

  /* JavaScript stays on for Hanji's own script in its world; markup off
   * means <script> and on* attributes in a post are dropped when parsed. */
  webkit_settings_set_enable_javascript (settings, TRUE);
  webkit_settings_set_enable_javascript_markup (settings, FALSE);
  webkit_settings_set_javascript_can_open_windows_automatically (settings, FALSE);
  webkit_settings_set_javascript_can_access_clipboard (settings, FALSE);
  webkit_settings_set_allow_modal_dialogs (settings, FALSE);
  webkit_settings_set_allow_file_access_from_file_urls (settings, FALSE);
  webkit_settings_set_allow_universal_access_from_file_urls (settings, FALSE);
  webkit_settings_set_allow_top_navigation_to_data_urls (settings, FALSE);
  webkit_settings_set_enable_html5_local_storage (settings, FALSE);
  webkit_settings_set_enable_html5_database (settings, FALSE);
  webkit_settings_set_enable_page_cache (settings, FALSE);
  webkit_settings_set_enable_back_forward_navigation_gestures (settings, FALSE);
  webkit_settings_set_enable_webgl (settings, FALSE);
  webkit_settings_set_enable_webaudio (settings, FALSE);
  webkit_settings_set_enable_media_stream (settings, FALSE);
  webkit_settings_set_enable_webrtc (settings, FALSE);
  webkit_settings_set_enable_encrypted_media (settings, FALSE);
  webkit_settings_set_enable_developer_extras (settings, debug);
  webkit_settings_set_enable_write_console_messages_to_stdout (settings, debug);
}

static void
hanji_preview_setup_user_content (HanjiPreview *self)
{
  WebKitUserContentManager *manager = webkit_web_view_get_user_content_manager (self->web_view);
  g_autofree char *js = lookup_resource_text ("hanji-preview.js");
  g_autoptr(WebKitUserScript) script = NULL;

  script = webkit_user_script_new_for_world (js,
                                             WEBKIT_USER_CONTENT_INJECT_TOP_FRAME,
                                             WEBKIT_USER_SCRIPT_INJECT_AT_DOCUMENT_END,
                                             SCRIPT_WORLD,
                                             NULL,
                                             NULL);
  webkit_user_content_manager_add_script (manager, script);

  webkit_user_content_manager_register_script_message_handler (manager,
                                                               MESSAGE_HANDLER,
                                                               SCRIPT_WORLD);
  g_signal_connect_object (manager, "script-message-received::" MESSAGE_HANDLER,
                           G_CALLBACK (script_message_cb), self,
                           G_CONNECT_SWAPPED);
}

/* relative: the post's folder below the root; NULL or "" for none. */
static char *
build_base_uri (const char *id,
                const char *relative)
{
  GString *uri = g_string_new (SITE_SCHEME "://");

  g_string_append (uri, id);
  g_string_append_c (uri, '/');

  if (relative != NULL && relative[0] != '\0')
    {
      g_autofree char *escaped = g_uri_escape_string (relative, "/", FALSE);

      g_string_append (uri, escaped);
      g_string_append_c (uri, '/');
    }

  return g_string_free (uri, FALSE);
}

static void
hanji_preview_register_id (HanjiPreview *self)
{
  if (previews_by_id == NULL)
    previews_by_id = g_hash_table_new (g_str_hash, g_str_equal);

  g_free (self->id);
  self->id = g_uuid_string_random ();
  g_hash_table_insert (previews_by_id, self->id, self);
}

static void
hanji_preview_unregister_id (HanjiPreview *self)
{
  if (self->id != NULL && previews_by_id != NULL)
    g_hash_table_remove (previews_by_id, self->id);
}

static void
hanji_preview_dispose (GObject *object)
{
  HanjiPreview *self = HANJI_PREVIEW (object);

  g_clear_handle_id (&self->load_source, g_source_remove);
  g_clear_handle_id (&self->highlight_source, g_source_remove);
  g_queue_clear_full (&self->highlight_queue, (GDestroyNotify) highlight_request_free);

  g_cancellable_cancel (self->page_cancellable);
  g_cancellable_cancel (self->cancellable);

  hanji_preview_unregister_id (self);

  /* The view can outlive us while WebKit finishes its own work. */
  if (self->web_view != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->web_view, self);
      gtk_widget_unparent (GTK_WIDGET (self->web_view));
      self->web_view = NULL;
    }

  G_OBJECT_CLASS (hanji_preview_parent_class)->dispose (object);
}

static void
hanji_preview_finalize (GObject *object)
{
  HanjiPreview *self = HANJI_PREVIEW (object);

  g_clear_object (&self->page_cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->root_path, g_free);
  g_clear_pointer (&self->static_dirs, g_strfreev);
  g_clear_pointer (&self->post_dir, g_free);
  g_clear_pointer (&self->base_uri, g_free);
  g_clear_pointer (&self->shell_uri, g_free);
  g_clear_pointer (&self->rendering, hanji_rendering_unref);
  g_clear_pointer (&self->shown, hanji_rendering_unref);
  g_clear_object (&self->highlighter);

  G_OBJECT_CLASS (hanji_preview_parent_class)->finalize (object);
}

static void
hanji_preview_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  HanjiPreview *self = HANJI_PREVIEW (object);

  switch (prop_id)
    {
    case PROP_READY:
      g_value_set_boolean (value, self->ready);
      break;

    case PROP_LOAD_REMOTE_IMAGES:
      g_value_set_boolean (value, self->load_remote_images);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hanji_preview_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  HanjiPreview *self = HANJI_PREVIEW (object);

  switch (prop_id)
    {
    case PROP_LOAD_REMOTE_IMAGES:
      hanji_preview_set_load_remote_images (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hanji_preview_class_init (HanjiPreviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hanji_preview_dispose;
  object_class->finalize = hanji_preview_finalize;
  object_class->get_property = hanji_preview_get_property;
  object_class->set_property = hanji_preview_set_property;

  /**
   * HanjiPreview:ready:
   *
   * The shell page has loaded and the last fragment given to
   * hanji_preview_set_html() is in its DOM.
   */
  properties [PROP_READY] =
    g_param_spec_boolean ("ready", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  /**
   * HanjiPreview:load-remote-images:
   *
   * Whether http and https images are fetched. When %FALSE none is
   * requested at all; each shows a placeholder instead. Changing it
   * reloads the page shell.
   */
  properties [PROP_LOAD_REMOTE_IMAGES] =
    g_param_spec_boolean ("load-remote-images", NULL, NULL,
                          TRUE,
                          (G_PARAM_READWRITE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * HanjiPreview::content-updated:
   *
   * A fragment has been applied to the page's DOM.
   */
  signals [CONTENT_UPDATED] =
    g_signal_new ("content-updated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 0);

  /**
   * HanjiPreview::activate-link:
   * @uri: the link's absolute URI
   *
   * The writer clicked a link in the preview. Return %TRUE to handle it
   * (say, a link to another post); otherwise http, https and mailto links
   * open in the default application and others are ignored.
   */
  signals [ACTIVATE_LINK] =
    g_signal_new ("activate-link",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  g_signal_accumulator_true_handled, NULL,
                  NULL,
                  G_TYPE_BOOLEAN, 1,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * HanjiPreview::scrolled-to-line:
   * @line: the source line (from 1, counted in the whole file) at the top
   *   of the view
   *
   * The writer scrolled the page. Not emitted for scrolls the preview
   * made itself (hanji_preview_scroll_to_line(), content updates), so
   * following it cannot echo back. Throttled while scrolling.
   */
  signals [SCROLLED_TO_LINE] =
    g_signal_new ("scrolled-to-line",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 1,
                  G_TYPE_UINT);

  /**
   * HanjiPreview::line-activated:
   * @line: the first source line of the clicked block
   *
   * The writer clicked a block (not a link) in the page.
   */
  signals [LINE_ACTIVATED] =
    g_signal_new ("line-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 1,
                  G_TYPE_UINT);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "hanjipreview");
}

static void
hanji_preview_init (HanjiPreview *self)
{
  AdwStyleManager *style_manager = adw_style_manager_get_default ();

  self->cancellable = g_cancellable_new ();
  self->page_cancellable = g_cancellable_new ();
  self->highlighter = hanji_code_highlighter_new ();
  g_queue_init (&self->highlight_queue);
  self->html_dirty = TRUE;
  self->load_remote_images = TRUE;

  hanji_preview_register_id (self);
  self->base_uri = build_base_uri (self->id, NULL);

  self->web_view = g_object_new (WEBKIT_TYPE_WEB_VIEW,
                                 "network-session", get_network_session (),
                                 NULL);
  gtk_widget_set_hexpand (GTK_WIDGET (self->web_view), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self->web_view), TRUE);
  gtk_widget_set_parent (GTK_WIDGET (self->web_view), GTK_WIDGET (self));

  ensure_site_scheme (webkit_web_view_get_context (self->web_view));
  hanji_preview_setup_settings (self);
  hanji_preview_setup_user_content (self);

  g_signal_connect_swapped (self->web_view, "load-changed",
                            G_CALLBACK (load_changed_cb), self);
  g_signal_connect_swapped (self->web_view, "load-failed",
                            G_CALLBACK (load_failed_cb), self);
  g_signal_connect_swapped (self->web_view, "decide-policy",
                            G_CALLBACK (decide_policy_cb), self);
  g_signal_connect_swapped (self->web_view, "context-menu",
                            G_CALLBACK (context_menu_cb), self);
  g_signal_connect_swapped (self->web_view, "web-process-terminated",
                            G_CALLBACK (web_process_terminated_cb), self);

  g_signal_connect_object (style_manager, "notify::dark",
                           G_CALLBACK (dark_changed_cb), self,
                           G_CONNECT_SWAPPED);
  if (hanji_appearance_settings () != NULL)
    {
      g_signal_connect_object (hanji_appearance_settings (), "changed::preview-style",
                               G_CALLBACK (dark_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (hanji_appearance_settings (), "changed::style-scheme",
                               G_CALLBACK (scheme_changed_cb), self, G_CONNECT_SWAPPED);
    }
  self->dark = !!hanji_preview_wants_dark ();
  hanji_preview_apply_style (self);

  hanji_preview_queue_shell_load (self);
}

/**
 * hanji_preview_new:
 *
 * Returns: (transfer full): a new preview showing an empty page
 */
GtkWidget *
hanji_preview_new (void)
{
  return g_object_new (HANJI_TYPE_PREVIEW, NULL);
}

/**
 * hanji_preview_set_location:
 * @self: a #HanjiPreview
 * @site_root: (nullable): the folder `/x` URLs resolve against
 * @post_file: (nullable): the post; relative URLs resolve against its folder
 *
 * Only files below the root (after following symbolic links) are shown.
 * Without a root, the post's folder is the root. A post outside the root
 * resolves its relative URLs against the root.
 */
void
hanji_preview_set_location (HanjiPreview *self,
                            GFile        *site_root,
                            GFile        *post_file)
{
  g_autoptr(GFile) folder = NULL;
  g_autofree char *root_path = NULL;
  g_autofree char *base_uri = NULL;
  GFile *root;

  g_return_if_fail (HANJI_IS_PREVIEW (self));
  g_return_if_fail (site_root == NULL || G_IS_FILE (site_root));
  g_return_if_fail (post_file == NULL || G_IS_FILE (post_file));

  if (post_file != NULL)
    folder = g_file_get_parent (post_file);

  root = site_root != NULL ? site_root : folder;
  if (root != NULL)
    root_path = g_file_get_path (root);

  if (folder != NULL && root != NULL &&
      !g_file_equal (folder, root) &&
      !g_file_has_prefix (folder, root))
    g_clear_object (&folder);

  g_clear_pointer (&self->post_dir, g_free);
  if (folder != NULL && root != NULL)
    self->post_dir = g_file_equal (folder, root) ? g_strdup ("")
                                                 : g_file_get_relative_path (root, folder);

  /* A new root gets a new id: WebKit caches by URL, and the same
   * /assets/logo.png in another site is another file. */
  if (g_strcmp0 (root_path, self->root_path) != 0)
    {
      hanji_preview_unregister_id (self);
      hanji_preview_register_id (self);
      g_free (self->root_path);
      self->root_path = g_steal_pointer (&root_path);
    }

  base_uri = build_base_uri (self->id, self->post_dir);
  if (g_strcmp0 (base_uri, self->base_uri) == 0)
    return;

  g_free (self->base_uri);
  self->base_uri = g_steal_pointer (&base_uri);

  hanji_preview_queue_shell_load (self);
}

/**
 * hanji_preview_set_static_dirs:
 * @self: a #HanjiPreview
 * @dirs: (nullable) (array zero-terminated=1): the folders site-absolute
 *   `/x` URLs are looked up in, in order
 *
 * For Hugo, the site's static/ folder; for Jekyll, the site root. Only
 * files inside the root given to hanji_preview_set_location() are served
 * from them, symbolic links followed.
 * Once set, other files below the root are served only from the post's
 * own folder (where relative URLs lead: Hugo page bundles). %NULL (the
 * default) serves everything below the root.
 */
void
hanji_preview_set_static_dirs (HanjiPreview  *self,
                               GFile        **dirs)
{
  g_autoptr(GPtrArray) paths = NULL;
  g_auto(GStrv) static_dirs = NULL;

  g_return_if_fail (HANJI_IS_PREVIEW (self));

  if (dirs != NULL)
    {
      paths = g_ptr_array_new_with_free_func (g_free);

      for (guint i = 0; dirs[i] != NULL; i++)
        {
          g_return_if_fail (G_IS_FILE (dirs[i]));

          if (g_file_peek_path (dirs[i]) != NULL)
            g_ptr_array_add (paths, g_file_get_path (dirs[i]));
        }

      g_ptr_array_add (paths, NULL);
      static_dirs = (GStrv) g_ptr_array_free (g_steal_pointer (&paths), FALSE);
    }

  if ((static_dirs == NULL && self->static_dirs == NULL) ||
      (static_dirs != NULL && self->static_dirs != NULL &&
       g_strv_equal ((const char * const *) static_dirs,
                     (const char * const *) self->static_dirs)))
    return;

  g_strfreev (self->static_dirs);
  self->static_dirs = g_steal_pointer (&static_dirs);

  /* The same URL now names another file: a new id keeps WebKit's cache
   * from answering with the old one. */
  hanji_preview_unregister_id (self);
  hanji_preview_register_id (self);
  g_free (self->base_uri);
  self->base_uri = build_base_uri (self->id, self->post_dir);
  hanji_preview_queue_shell_load (self);
}

/**
 * hanji_preview_set_rendering:
 * @self: a #HanjiPreview
 * @rendering: the post rendered by the core
 *
 * Shows @rendering without reloading the page, keeping the scroll
 * position: only the blocks that differ from what the page shows are
 * sent and replaced. Calls made before the page is ready, or while an
 * update is in flight, are coalesced: only the newest is applied.
 */
void
hanji_preview_set_rendering (HanjiPreview   *self,
                             HanjiRendering *rendering)
{
  g_return_if_fail (HANJI_IS_PREVIEW (self));
  g_return_if_fail (rendering != NULL);

  hanji_rendering_ref (rendering);
  g_clear_pointer (&self->rendering, hanji_rendering_unref);
  self->rendering = rendering;
  self->html_dirty = TRUE;

  hanji_preview_set_ready (self, FALSE);
  hanji_preview_flush (self);
}

/**
 * hanji_preview_set_html:
 * @self: a #HanjiPreview
 * @html: (nullable): an HTML fragment for the page's body
 *
 * Replaces the shown content with @html as one block; nodes equal to the
 * shown ones apart from source positions are kept.
 */
void
hanji_preview_set_html (HanjiPreview *self,
                        const char   *html)
{
  g_autoptr(HanjiRendering) rendering = NULL;
  g_autofree char *valid = NULL;

  g_return_if_fail (HANJI_IS_PREVIEW (self));

  /* GVariant strings must be valid UTF-8; a stray byte should cost a
   * replacement character, not the whole update. */
  valid = g_utf8_make_valid (html != NULL ? html : "", -1);
  rendering = hanji_rendering_new_for_html (valid);
  hanji_preview_set_rendering (self, rendering);
}

/**
 * hanji_preview_get_web_view:
 * @self: a #HanjiPreview
 *
 * Returns: (transfer none): the web view showing the page
 */
WebKitWebView *
hanji_preview_get_web_view (HanjiPreview *self)
{
  g_return_val_if_fail (HANJI_IS_PREVIEW (self), NULL);

  return self->web_view;
}

gboolean
hanji_preview_get_ready (HanjiPreview *self)
{
  g_return_val_if_fail (HANJI_IS_PREVIEW (self), FALSE);

  return self->ready;
}

/**
 * hanji_preview_scroll_to_line:
 * @self: a #HanjiPreview
 * @line: a source line, from 1, counted in the whole file as in the
 *   rendered data-sourcepos
 *
 * Scrolls the page so that this line is at the top: the block holding it,
 * offset by how far into the block the line is (and between blocks,
 * proportionally). Does not emit #HanjiPreview::scrolled-to-line. Calls
 * made before the content is shown, or while one is in flight, are
 * coalesced to the newest.
 */
void
hanji_preview_scroll_to_line (HanjiPreview *self,
                              guint         line)
{
  g_return_if_fail (HANJI_IS_PREVIEW (self));

  self->scroll_line = MAX (line, 1);
  hanji_preview_flush_scroll (self);
}

gboolean
hanji_preview_get_load_remote_images (HanjiPreview *self)
{
  g_return_val_if_fail (HANJI_IS_PREVIEW (self), TRUE);

  return self->load_remote_images;
}

void
hanji_preview_set_load_remote_images (HanjiPreview *self,
                                      gboolean      load_remote_images)
{
  g_return_if_fail (HANJI_IS_PREVIEW (self));

  load_remote_images = !!load_remote_images;
  if (self->load_remote_images == load_remote_images)
    return;

  self->load_remote_images = load_remote_images;
  /* The shell's policy decides, and a policy only ever tightens: a new
   * shell it is. */
  hanji_preview_queue_shell_load (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LOAD_REMOTE_IMAGES]);
}
