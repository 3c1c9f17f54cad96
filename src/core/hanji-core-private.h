/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hanji-front-matter.h"

G_BEGIN_DECLS

/* Parses a whole YAML file (a site's _config.yml) rather than a post: there
 * are no delimiters to split on, a leading `---` is just a document start. */
HanjiFrontMatter *_hanji_front_matter_parse_document (const char *text,
                                                      gssize      len);

/* `2024-05-18`, `2024-05-18T23:37[:00][.5][Z|+09:00]`: a GDateTime, or NULL
 * when the text has neither shape. No zone means local time. */
GDateTime        *_hanji_parse_timestamp             (const char *text);

/* TRUE when the text has the date (`*has_time` FALSE) or datetime shape. */
gboolean          _hanji_is_timestamp                (const char *text,
                                                      gboolean   *has_time);

G_END_DECLS
