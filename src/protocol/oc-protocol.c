// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-protocol"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "oc-protocol.h"
#include "oc-protocol-fields.h"

G_DEFINE_QUARK (oc-protocol-error-quark, oc_protocol_error)

#define ID_BUF (OC_PROTOCOL_MAX_ID_BYTES + 1)

/**
 * oc_protocol_parse_json:
 * @data: (array length=length): bytes, not necessarily NUL-terminated
 * @max_length: the size limit for this kind of message
 *
 * Reads @data with our strict reader (size, UTF-8, nesting depth and RFC 8259
 * syntax, with the same errors as the other parsers) and gives its json-glib
 * tree, for readers that walk JsonObjects. json-glib's own parser never sees
 * it: it accepts more than JSON (single quotes, `01`, comments, `var x =`)
 * and recurses once per level.
 *
 * Returns: (transfer full): the root node (sealed), or %NULL with @error set
 */
JsonNode *
oc_protocol_parse_json (const char  *data,
                        gsize        length,
                        gsize        max_length,
                        GError     **error)
{
  g_autoptr(OcJsonDoc) doc = _oc_json_doc_parse (data, length, max_length, error);

  if (doc == NULL)
    return NULL;
  return _oc_json_value_to_node (_oc_json_doc_root (doc));
}

/* The public object parsers: one object, as the server keeps them. */
#define DEFINE_OBJECT_PARSER(Type, name)                                     \
Type *                                                                       \
oc_protocol_parse_##name (const char  *data,                                 \
                          gsize        length,                               \
                          gsize        max_length,                           \
                          GPtrArray   *warnings,                             \
                          GError     **error)                                \
{                                                                            \
  g_autoptr(OcJsonDoc) doc = _oc_json_doc_parse (data, length, max_length, error); \
                                                                             \
  if (doc == NULL)                                                           \
    return NULL;                                                             \
  return _oc_read_##name (_oc_json_doc_root (doc), warnings, error);         \
}

DEFINE_OBJECT_PARSER (OcConversation, conversation)
DEFINE_OBJECT_PARSER (OcAgent, agent)
DEFINE_OBJECT_PARSER (OcQueue, queue)
DEFINE_OBJECT_PARSER (OcWorkstream, workstream)
DEFINE_OBJECT_PARSER (OcMessage, message)

typedef gpointer (*ReadFunc) (const OcJsonValue *v, GPtrArray *warnings, GError **error);

static const struct {
  const char *array;   /* member of the snapshot */
  const char *kind;    /* one item, in warnings */
  ReadFunc    read;
} snapshot_lists[] = {
  { "queues", "queue", (ReadFunc) _oc_read_queue },
  { "workstreams", "workstream", (ReadFunc) _oc_read_workstream },
  { "agents", "agent", (ReadFunc) _oc_read_agent },
  { "conversations", "conversation", (ReadFunc) _oc_read_conversation },
};

static const char * const snapshot_list_names[] = {
  "queues", "workstreams", "agents", "conversations", NULL
};

typedef struct {
  GPtrArray *lists[G_N_ELEMENTS (snapshot_lists)];
  GPtrArray *warnings;
} SnapshotReader;

/* One item of a snapshot list, as the reader streams it: a bad one is
 * skipped with a warning naming it. */
static void
snapshot_item (const char        *array_name,
               guint              index,
               const OcJsonValue *item,
               gpointer           user_data)
{
  SnapshotReader *sr = user_data;
  g_autoptr(GError) error = NULL;
  const OcJsonValue *id;
  OcFieldCtx probe = { NULL, NULL, NULL, NULL, NULL };
  char id_buf[ID_BUF];
  char name[ID_BUF + 32];
  gpointer object;
  guint which = 0;

  while (strcmp (snapshot_lists[which].array, array_name) != 0)
    which++;

  /* A repeated member replaces the earlier one, as json-glib would. */
  if (index == 0)
    g_ptr_array_set_size (sr->lists[which], 0);

  object = snapshot_lists[which].read (item, sr->warnings, &error);
  if (object != NULL)
    {
      g_ptr_array_add (sr->lists[which], object);
      return;
    }

  /* Name it by id when it has a valid one; never echo hostile text. */
  probe.kind = snapshot_lists[which].kind;
  id = _oc_json_object_get (item, "id");
  if (id != NULL && _oc_value_id (&probe, id, "id", id_buf))
    g_snprintf (name, sizeof name, "%s “%s”", snapshot_lists[which].kind, id_buf);
  else
    g_snprintf (name, sizeof name, "%s[%u]", array_name, index);

  /* Translators: "Skipped conversation “c-42”: conversation.status: missing" */
  g_ptr_array_add (sr->warnings, g_strdup_printf (_("Skipped %s: %s"), name, error->message));
}

/**
 * oc_protocol_parse_snapshot:
 *
 * Reads the body of `GET /api/v1/snapshot`. One bad conversation (agent,
 * queue, workstream) is skipped and reported in @warnings; only a wrong
 * shape of the snapshot itself fails.
 *
 * Returns: (transfer full): the snapshot, or %NULL with @error set
 */
OcSnapshot *
oc_protocol_parse_snapshot (const char  *data,
                            gsize        length,
                            GError     **error)
{
  g_autoptr(OcJsonDoc) doc = NULL;
  g_autoptr(OcSnapshot) snapshot = g_new0 (OcSnapshot, 1);
  OcFieldCtx ctx = { "snapshot", NULL, NULL, NULL, error };
  SnapshotReader sr;
  const OcJsonValue *root, *list;

  snapshot->warnings = g_ptr_array_new_with_free_func (g_free);
  snapshot->queues = g_ptr_array_new_with_free_func (g_object_unref);
  snapshot->workstreams = g_ptr_array_new_with_free_func (g_object_unref);
  snapshot->agents = g_ptr_array_new_with_free_func (g_object_unref);
  snapshot->conversations = g_ptr_array_new_with_free_func (g_object_unref);
  sr = (SnapshotReader) {
    { snapshot->queues, snapshot->workstreams, snapshot->agents, snapshot->conversations },
    snapshot->warnings,
  };

  /* The lists are read item by item as they stream past; the tree keeps the
   * rest, checked below. */
  doc = _oc_json_doc_parse_streaming (data, length, OC_PROTOCOL_MAX_SNAPSHOT,
                                      snapshot_list_names, snapshot_item, &sr, error);
  if (doc == NULL)
    return NULL;
  root = _oc_json_doc_root (doc);

  ctx.warnings = snapshot->warnings;
  if (!_oc_field_expect_root (&ctx, root) ||
      !_oc_field_int (&ctx, root, "revision", OC_FIELD_REQUIRED, 0, OC_PROTOCOL_MAX_REVISION, &snapshot->revision) ||
      !_oc_field_time (&ctx, root, "server_time", OC_FIELD_OPTIONAL, &snapshot->server_time, NULL))
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (snapshot_lists); i++)
    if (!_oc_field_array (&ctx, root, snapshot_lists[i].array, OC_FIELD_REQUIRED, &list))
      return NULL;

  return g_steal_pointer (&snapshot);
}
