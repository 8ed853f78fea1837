// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-conversation-view"

#include "config.h"

#include <string.h>

#include "oc-conversation-view-private.h"

/* Beyond this many ids a hash lookup beats comparing one by one. */
#define SMALL_SET 8

static void
id_set_clear (OcIdSet *set)
{
  g_clear_pointer (&set->ids, g_free);
  g_clear_pointer (&set->hash, g_hash_table_unref);
  set->n_ids = 0;
}

static gboolean
id_set_contains (const OcIdSet *set,
                 const char    *id)
{
  if (id == NULL || set->ids == NULL)
    return FALSE;

  if (set->hash != NULL)
    return g_hash_table_contains (set->hash, id);

  /* The model interns its ids, so pointers usually decide. */
  for (guint i = 0; i < set->n_ids; i++)
    if (set->ids[i] == id)
      return TRUE;

  for (guint i = 0; i < set->n_ids; i++)
    if (strcmp (set->ids[i], id) == 0)
      return TRUE;

  return FALSE;
}

gboolean
_oc_id_set_set (OcIdSet            *set,
                const char * const *ids)
{
  g_autofree const char **fresh = NULL;
  guint n = 0;

  if (ids == NULL)
    {
      if (set->ids == NULL)
        return FALSE;
      id_set_clear (set);
      return TRUE;
    }

  fresh = g_new0 (const char *, g_strv_length ((char **) ids) + 1);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      const char *id = g_intern_string (ids[i]);
      gboolean seen = FALSE;

      for (guint k = 0; k < n && !seen; k++)
        seen = fresh[k] == id;
      if (!seen)
        fresh[n++] = id;
    }

  if (set->ids != NULL && set->n_ids == n)
    {
      gboolean same = TRUE;

      for (guint i = 0; i < n && same; i++)
        same = id_set_contains (set, fresh[i]);
      if (same)
        return FALSE;
    }

  id_set_clear (set);
  set->ids = g_steal_pointer (&fresh);
  set->n_ids = n;

  if (n > SMALL_SET)
    {
      set->hash = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint i = 0; i < n; i++)
        g_hash_table_add (set->hash, (gpointer) set->ids[i]);
    }

  return TRUE;
}

/* Normalized (NFKC) and case-folded, for matching; NULL on bad UTF-8. */
static char *
fold_text (const char *text)
{
  g_autofree char *normalized = NULL;

  if (text == NULL)
    return NULL;

  normalized = g_utf8_normalize (text, -1, G_NORMALIZE_ALL_COMPOSE);
  if (normalized == NULL)
    return NULL;

  return g_utf8_casefold (normalized, -1);
}

static gboolean
is_ascii (const char *text)
{
  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    if (*p >= 0x80)
      return FALSE;
  return TRUE;
}

gboolean
_oc_view_filter_set_search (OcViewFilter *filter,
                            const char   *text)
{
  g_autofree char *valid = NULL;
  g_autofree char *folded = NULL;

  if (text != NULL)
    {
      valid = g_utf8_make_valid (text, -1);
      g_strstrip (valid);
      if (*valid != '\0')
        folded = fold_text (valid);
    }

  if (folded != NULL && *folded == '\0')
    g_clear_pointer (&folded, g_free);

  if (g_strcmp0 (folded, filter->search) == 0)
    return FALSE;

  g_free (filter->search);
  filter->search = g_steal_pointer (&folded);
  filter->search_ascii = filter->search != NULL && is_ascii (filter->search);
  return TRUE;
}

static inline guchar
ascii_lower (guchar c)
{
  return (guint) (c - 'A') < 26 ? c + ('a' - 'A') : c;
}

/* Looks for an ASCII, lower-case @needle ignoring ASCII case; tells whether
 * the part of @haystack it read was ASCII when it found nothing. */
static gboolean
ascii_contains (const char *haystack,
                const char *needle,
                gboolean   *haystack_ascii)
{
  const guchar *h = (const guchar *) haystack;
  const guchar *n = (const guchar *) needle;
  guchar first = n[0];
  guchar upper = (guint) (first - 'a') < 26 ? first - ('a' - 'A') : first;
  guchar high = 0;

  for (; *h != '\0'; h++)
    {
      high |= *h;
      if (*h == first || *h == upper)
        {
          guint i = 1;

          while (n[i] != '\0' && ascii_lower (h[i]) == n[i])
            i++;
          if (n[i] == '\0')
            return TRUE;
        }
    }

  *haystack_ascii = high < 0x80;
  return FALSE;
}

/* The folded copy of @text, kept for the pass when there is one; NULL on
 * bad UTF-8. */
static const char *
folded_text (const OcViewFilter *filter,
             const char         *text,
             char              **owned)
{
  char *folded;

  if (filter->folded == NULL)
    return *owned = fold_text (text);

  if (g_hash_table_lookup_extended (filter->folded, text, NULL, (gpointer *) &folded))
    return folded;
  folded = fold_text (text);
  g_hash_table_insert (filter->folded, g_strdup (text), folded);
  return folded;
}

static gboolean
text_contains (const OcViewFilter *filter,
               const char         *haystack)
{
  g_autofree char *owned = NULL;
  const char *folded;
  gboolean haystack_ascii;

  if (haystack == NULL || *haystack == '\0')
    return FALSE;

  /* Most rows are ASCII: no allocation for them. */
  if (filter->search_ascii)
    {
      if (ascii_contains (haystack, filter->search, &haystack_ascii))
        return TRUE;
      if (haystack_ascii)
        return FALSE;
    }
  else if (is_ascii (haystack))
    return FALSE;

  folded = folded_text (filter, haystack, &owned);
  return folded != NULL && strstr (folded, filter->search) != NULL;
}

static gboolean
agent_matches (const OcViewFilter  *filter,
               OcConversationStore *store,
               const char          *agent_id)
{
  OcAgent *agent;
  gpointer known;
  gboolean matches;

  if (agent_id == NULL)
    return FALSE;

  if (filter->agent_matches != NULL &&
      (known = g_hash_table_lookup (filter->agent_matches, agent_id)) != NULL)
    return GPOINTER_TO_INT (known) - 1;

  agent = oc_conversation_store_lookup_agent (store, agent_id);
  matches = agent != NULL && text_contains (filter, oc_agent_get_name (agent));
  if (filter->agent_matches != NULL)
    g_hash_table_insert (filter->agent_matches, (gpointer) agent_id, GINT_TO_POINTER (matches + 1));
  return matches;
}

static gboolean
search_matches (const OcViewFilter  *filter,
                OcConversationStore *store,
                OcConversation      *conversation)
{
  return text_contains (filter, oc_conversation_get_subject (conversation)) ||
         text_contains (filter, oc_conversation_get_customer_name (conversation)) ||
         agent_matches (filter, store, oc_conversation_get_agent_id (conversation));
}

guint
_oc_view_filter_test (const OcViewFilter  *filter,
                      OcConversationStore *store,
                      OcConversation      *conversation)
{
  guint status = oc_conversation_get_status (conversation);
  guint channel = oc_conversation_get_channel (conversation);
  guint passed = 0;
  guint failed;

  if (filter->status_mask == 0 ||
      (status < 32 && (filter->status_mask & (1u << status)) != 0))
    passed |= OC_VIEW_TEST_STATUS;

  if (filter->channel_mask == 0 ||
      (channel < 32 && (filter->channel_mask & (1u << channel)) != 0))
    passed |= OC_VIEW_TEST_CHANNEL;

  if (filter->queues.ids == NULL ||
      id_set_contains (&filter->queues, oc_conversation_get_queue_id (conversation)))
    passed |= OC_VIEW_TEST_QUEUE;

  if (!filter->agent_filter)
    passed |= OC_VIEW_TEST_AGENT;
  else
    {
      const char *agent_id = oc_conversation_get_agent_id (conversation);

      if (agent_id == NULL || *agent_id == '\0'
          ? filter->unassigned
          : id_set_contains (&filter->agents, agent_id))
        passed |= OC_VIEW_TEST_AGENT;
    }

  /* At most one bit set among the other four. */
  failed = ~passed & (OC_VIEW_TEST_ALL & ~OC_VIEW_TEST_SEARCH);
  /* The flag filter rides with the search: neither is a facet. */
  if ((failed & (failed - 1)) == 0 &&
      (!filter->flagged_only || oc_conversation_is_flagged (conversation)) &&
      (filter->search == NULL || search_matches (filter, store, conversation)))
    passed |= OC_VIEW_TEST_SEARCH;

  return passed;
}

/* For OcAgentView, which filters agents by the same rules. */
gboolean
_oc_id_set_contains (const OcIdSet *set,
                     const char    *id)
{
  return id_set_contains (set, id);
}

gboolean
_oc_view_filter_text_contains (const OcViewFilter *filter,
                               const char         *text)
{
  return filter->search == NULL || text_contains (filter, text);
}

gboolean
_oc_view_filter_matches (const OcViewFilter  *filter,
                         OcConversationStore *store,
                         OcConversation      *conversation)
{
  return _oc_view_filter_test (filter, store, conversation) == OC_VIEW_TEST_ALL;
}

void
_oc_view_filter_begin_pass (OcViewFilter *filter)
{
  _oc_view_filter_end_pass (filter);
  if (filter->search == NULL)
    return;
  /* Agent ids are interned. */
  filter->agent_matches = g_hash_table_new (NULL, NULL);
  filter->folded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

void
_oc_view_filter_end_pass (OcViewFilter *filter)
{
  g_clear_pointer (&filter->agent_matches, g_hash_table_unref);
  g_clear_pointer (&filter->folded, g_hash_table_unref);
}

void
_oc_view_filter_clear (OcViewFilter *filter)
{
  _oc_view_filter_end_pass (filter);
  id_set_clear (&filter->queues);
  id_set_clear (&filter->agents);
  g_clear_pointer (&filter->search, g_free);
}
