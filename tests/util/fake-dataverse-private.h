// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "fake-dataverse.h"

G_BEGIN_DECLS

/* Between fake-dataverse.c and fake-dataverse-filter.c. */

int          fake_dataverse_find_table   (const char *set);
gboolean     fake_dataverse_has_column   (int         table,
                                          const char *column);
const char  *fake_dataverse_table_entity (int         table);

typedef enum { F_AND, F_OR, F_CMP } FakeFilterType;

typedef struct _FakeFilter FakeFilter;
struct _FakeFilter {
  FakeFilterType  type;
  FakeFilter     *left;
  FakeFilter     *right;
  char           *column;
  char           *op;
  char           *value;
};

typedef struct {
  char  **tokens;
  guint   pos;
  int     table;
  char   *error;
} FakeFilterParser;

GPtrArray  *fake_filter_tokenize (const char       *text);
/* NULL with parser->error set on a syntax error or an unknown column. */
FakeFilter *fake_filter_parse    (FakeFilterParser *parser);
gboolean    fake_filter_matches  (FakeFilter       *filter,
                                  JsonObject       *row);
void        fake_filter_free     (FakeFilter       *filter);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FakeFilter, fake_filter_free)

G_END_DECLS
