/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* All offsets in this API are BYTE offsets into the UTF-8 text that was
 * parsed (libyaml marks count characters; the implementation converts). */

typedef enum
{
  HANJI_FRONT_MATTER_NONE,  /* no front matter block */
  HANJI_FRONT_MATTER_YAML,  /* --- ... --- (or ...) */
  HANJI_FRONT_MATTER_TOML,  /* +++ ... +++ (read-only) */
  HANJI_FRONT_MATTER_JSON,  /* { ... } (read-only) */
} HanjiFrontMatterKind;

typedef struct
{
  HanjiFrontMatterKind kind;
  gboolean terminated;   /* FALSE when an opening delimiter has no closing one */
  gboolean has_bom;      /* text starts with U+FEFF */
  gsize    block_start;  /* offset of the opening delimiter (after any BOM) */
  gsize    content_start;/* offset of the first byte inside the block */
  gsize    content_end;  /* offset just past the block content (start of closing delimiter line) */
  gsize    body_start;   /* offset of the first byte of the body */
  guint    body_line;    /* 0-based line number of body_start in the whole text */
} HanjiFrontMatterSplit;

/* Never fails: text without a (terminated) block gets kind NONE or
 * terminated == FALSE, and body_start at the first byte after any BOM,
 * so an unterminated block never hides the writer's words. */
void hanji_front_matter_split (const char            *text,
                               gssize                 len,
                               HanjiFrontMatterSplit *split);

typedef enum
{
  HANJI_VALUE_NULL,      /* `key:` or `key: ~` / null */
  HANJI_VALUE_STRING,
  HANJI_VALUE_BOOL,
  HANJI_VALUE_INT,
  HANJI_VALUE_FLOAT,
  HANJI_VALUE_DATE,      /* 2024-05-18 */
  HANJI_VALUE_DATETIME,  /* 2024-05-18T23:37:00, with or without zone */
  HANJI_VALUE_LIST,      /* sequence of scalars */
  HANJI_VALUE_OTHER,     /* mapping, nested sequence, ... */
} HanjiValueType;

#define HANJI_FRONT_MATTER_ERROR (hanji_front_matter_error_quark ())

typedef enum
{
  HANJI_FRONT_MATTER_ERROR_SYNTAX,        /* YAML does not parse */
  HANJI_FRONT_MATTER_ERROR_NOT_MAPPING,   /* top level is not a mapping */
  HANJI_FRONT_MATTER_ERROR_DUPLICATE_KEY,
  HANJI_FRONT_MATTER_ERROR_UNTERMINATED,
  HANJI_FRONT_MATTER_ERROR_READ_ONLY,     /* TOML / JSON: shown, not parsed */
} HanjiFrontMatterError;

GQuark hanji_front_matter_error_quark (void);

typedef struct _HanjiField HanjiField;
typedef struct _HanjiFrontMatter HanjiFrontMatter;

/* Always returns an object. On a parse problem the fields are empty and
 * hanji_front_matter_get_error() says what and where ("line L, column C"
 * in the message, 1-based, counted in the whole text). */
HanjiFrontMatter *hanji_front_matter_parse     (const char       *text,
                                                gssize            len);
HanjiFrontMatter *hanji_front_matter_ref       (HanjiFrontMatter *self);
void              hanji_front_matter_unref     (HanjiFrontMatter *self);
const HanjiFrontMatterSplit *
                  hanji_front_matter_get_split (HanjiFrontMatter *self);
const GError     *hanji_front_matter_get_error (HanjiFrontMatter *self);
guint             hanji_front_matter_get_n_fields (HanjiFrontMatter *self);
HanjiField       *hanji_front_matter_get_field (HanjiFrontMatter *self,
                                                guint             index);
HanjiField       *hanji_front_matter_lookup    (HanjiFrontMatter *self,
                                                const char       *key);
/* Convenience: the string value of a scalar field, or NULL. */
const char       *hanji_front_matter_get_string (HanjiFrontMatter *self,
                                                 const char       *key);

/* Fields are owned by their HanjiFrontMatter. */
const char       *hanji_field_get_key          (HanjiField       *field);
HanjiValueType    hanji_field_get_value_type   (HanjiField       *field);
/* Scalar value as written, unquoted/unfolded by YAML rules; "" for NULL;
 * for LIST a ", "-joined summary; for OTHER the raw source text. */
const char       *hanji_field_get_text         (HanjiField       *field);
gboolean          hanji_field_get_boolean      (HanjiField       *field);
/* NULL-terminated items of a LIST, NULL otherwise. */
const char * const *hanji_field_get_items      (HanjiField       *field);
guint             hanji_field_get_line         (HanjiField       *field); /* 1-based */
void              hanji_field_get_key_span     (HanjiField       *field,
                                                gsize            *offset,
                                                gsize            *length);
/* The value's source text (empty span right after the colon for `key:`). */
void              hanji_field_get_value_span   (HanjiField       *field,
                                                gsize            *offset,
                                                gsize            *length);

/* Added: the value as a GDateTime for DATE and DATETIME fields, and for
 * strings of those shapes (`date: "2024-05-18"`); NULL otherwise. A date
 * is local midnight; a datetime without a zone is local time. */
GDateTime        *hanji_field_dup_datetime     (HanjiField       *field);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HanjiFrontMatter, hanji_front_matter_unref)

G_END_DECLS
