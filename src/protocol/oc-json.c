// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-json"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "oc-json-private.h"
#include "oc-protocol.h"

/* The document and the arena its values live in; the reader that fills it
 * is oc-json-read.c, the prescan oc-json-scan.c. */

typedef struct _Block Block;
struct _Block
{
  Block  *next;
  gsize   used;
  gsize   size;
  gint64  data[];   /* gint64 for 8-byte alignment */
};

struct _OcJsonDoc
{
  Block       *blocks;
  OcJsonValue  root;
};

#define BLOCK_SIZE (256 * 1024)

gpointer
_oc_json_doc_alloc (OcJsonDoc *doc,
                    gsize      size)
{
  Block *block = doc->blocks;
  gpointer ret;

  size = (size + 7) & ~(gsize) 7;
  if (block == NULL || block->size - block->used < size)
    {
      gsize block_size = MAX (size, BLOCK_SIZE);

      block = g_malloc (sizeof (Block) + block_size);
      block->used = 0;
      block->size = block_size;
      block->next = doc->blocks;
      doc->blocks = block;
    }

  ret = (char *) block->data + block->used;
  block->used += size;
  return ret;
}

OcJsonArenaMark
_oc_json_arena_mark (OcJsonDoc *doc)
{
  return (OcJsonArenaMark) { doc->blocks, doc->blocks != NULL ? doc->blocks->used : 0 };
}

/* Frees everything allocated since @mark. One spare block is kept at the
 * head, so streaming items that overflow a block do not map and unmap a new
 * one for every item. */
void
_oc_json_arena_reset (OcJsonDoc       *doc,
                      OcJsonArenaMark  mark)
{
  Block *spare = NULL;

  while (doc->blocks != mark.block)
    {
      Block *block = doc->blocks;

      doc->blocks = block->next;
      if (spare == NULL && block->size == BLOCK_SIZE)
        spare = block;
      else
        g_free (block);
    }
  if (doc->blocks != NULL)
    doc->blocks->used = mark.used;
  if (spare != NULL)
    {
      spare->used = 0;
      spare->next = doc->blocks;
      doc->blocks = spare;
    }
}

void
_oc_json_doc_free (OcJsonDoc *doc)
{
  Block *block;

  if (doc == NULL)
    return;

  while ((block = doc->blocks) != NULL)
    {
      doc->blocks = block->next;
      g_free (block);
    }
  g_free (doc);
}

const OcJsonValue *
_oc_json_doc_root (OcJsonDoc *doc)
{
  return &doc->root;
}

const OcJsonValue *
_oc_json_object_get (const OcJsonValue *object,
                     const char        *key)
{
  const OcJsonValue *found = NULL;
  gsize key_len;

  if (object == NULL || object->type != OC_JSON_OBJECT)
    return NULL;

  key_len = strlen (key);
  /* Last one wins, as in json-glib. */
  for (guint32 i = 0; i < object->len; i++)
    {
      const OcJsonMember *m = &object->u.members[i];

      if (m->key_len == key_len && memcmp (m->key, key, key_len) == 0)
        found = &m->value;
    }

  return found;
}

OcJsonDoc *
_oc_json_doc_new (void)
{
  return g_new0 (OcJsonDoc, 1);
}

OcJsonValue *
_oc_json_doc_root_mutable (OcJsonDoc *doc)
{
  return &doc->root;
}
