// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-agent-list"

#include "config.h"

#include <string.h>

#include <gtk/gtk.h>

#include "oc-agent-list.h"

struct _OcAgentList
{
  GObject              parent_instance;

  OcConversationStore *store;
  OcConversation      *conversation;
  OcAgentListMode      mode;

  GListStore          *agents;       /* the store's agents, re-announced when they change */
  GtkCustomFilter     *rule_filter;
  GtkFilterListModel  *offered;      /* the agents the rules allow */
  GtkCustomFilter     *search_filter;
  GtkFilterListModel  *searched;
  GtkCustomSorter     *sorter;
  GtkSortListModel    *sorted;

  char                *search;       /* normalized and case-folded, or NULL */
  GHashTable          *watched;      /* OcAgent (ref) -> GSignalGroup on its notify */
  GHashTable          *changed;      /* OcAgent (ref) set: to re-announce */
  guint                changed_source;
  OcWorkstream        *workstream;   /* the one whose rules we follow (ref), or NULL */
  GSignalGroup        *workstream_signals;
  GSignalGroup        *agents_signals;       /* the store's agents */
  GSignalGroup        *workstreams_signals;  /* the store's workstreams */
  GSignalGroup        *conversation_signals;
};

enum {
  AGENT_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (OcAgentList, oc_agent_list, G_TYPE_OBJECT)

static char *
fold (const char *text)
{
  g_autofree char *normalized = NULL;

  if (text == NULL)
    return g_strdup ("");
  normalized = g_utf8_normalize (text, -1, G_NORMALIZE_ALL);
  return g_utf8_casefold (normalized != NULL ? normalized : "", -1);
}

static gboolean
contains_folded (const char *haystack,
                 const char *folded_needle)
{
  g_autofree char *folded = fold (haystack);

  return strstr (folded, folded_needle) != NULL;
}

/**
 * oc_agent_count_matched_skills:
 * @agent: an agent
 * @skills: (nullable) (array zero-terminated=1): the skills wanted
 *
 * Returns: how many of @skills @agent holds
 */
guint
oc_agent_count_matched_skills (OcAgent            *agent,
                               const char * const *skills)
{
  guint matched = 0;

  g_return_val_if_fail (OC_IS_AGENT (agent), 0);

  for (guint i = 0; skills != NULL && skills[i] != NULL; i++)
    if (oc_agent_get_skill_level (agent, skills[i]) >= 0)
      matched++;

  return matched;
}

static gboolean
rule_filter_func (gpointer item,
                  gpointer user_data)
{
  return oc_agent_list_offers (OC_AGENT_LIST (user_data), OC_AGENT (item));
}

static gboolean
search_filter_func (gpointer item,
                    gpointer user_data)
{
  OcAgentList *self = OC_AGENT_LIST (user_data);
  OcAgent *agent = OC_AGENT (item);
  const char * const *skills;

  if (self->search == NULL)
    return TRUE;

  if (contains_folded (oc_agent_get_name (agent), self->search) ||
      contains_folded (oc_agent_get_presence_text (agent), self->search) ||
      contains_folded (oc_presence_get_label (oc_agent_get_presence (agent)), self->search))
    return TRUE;

  skills = oc_agent_get_skills (agent);
  for (guint i = 0; skills != NULL && skills[i] != NULL; i++)
    if (contains_folded (skills[i], self->search))
      return TRUE;

  return FALSE;
}

static int
best_match_compare (gconstpointer a,
                    gconstpointer b,
                    gpointer      user_data)
{
  OcAgentList *self = OC_AGENT_LIST (user_data);
  OcAgent *agent_a = OC_AGENT ((gpointer) a);
  OcAgent *agent_b = OC_AGENT ((gpointer) b);
  const char * const *required = oc_agent_list_get_required_skills (self);
  guint matched_a = oc_agent_count_matched_skills (agent_a, required);
  guint matched_b = oc_agent_count_matched_skills (agent_b, required);
  guint free_a, free_b;
  int by_name;

  if (matched_a != matched_b)
    return matched_a > matched_b ? GTK_ORDERING_SMALLER : GTK_ORDERING_LARGER;

  free_a = oc_agent_get_free_capacity (agent_a);
  free_b = oc_agent_get_free_capacity (agent_b);
  if (free_a != free_b)
    return free_a > free_b ? GTK_ORDERING_SMALLER : GTK_ORDERING_LARGER;

  by_name = g_utf8_collate (oc_agent_get_name (agent_a), oc_agent_get_name (agent_b));
  if (by_name != 0)
    return by_name < 0 ? GTK_ORDERING_SMALLER : GTK_ORDERING_LARGER;

  /* A stable order for namesakes. */
  return gtk_ordering_from_cmpfunc (g_strcmp0 (oc_agent_get_id (agent_a),
                                               oc_agent_get_id (agent_b)));
}

/* The rules or the required skills changed: every agent is looked at again. */
static void
oc_agent_list_refresh (OcAgentList *self)
{
  g_assert (OC_IS_AGENT_LIST (self));

  gtk_filter_changed (GTK_FILTER (self->rule_filter), GTK_FILTER_CHANGE_DIFFERENT);
  gtk_sorter_changed (GTK_SORTER (self->sorter), GTK_SORTER_CHANGE_DIFFERENT);
}

static gboolean
oc_agent_list_announce_changed (gpointer user_data)
{
  OcAgentList *self = OC_AGENT_LIST (user_data);
  g_autoptr(GHashTable) changed = g_steal_pointer (&self->changed);
  GHashTableIter iter;
  gpointer agent;

  self->changed_source = 0;
  self->changed = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);

  /* Re-inserting an agent where it is makes the filter look at it and the
   * sorter move it, alone: a global re-sort would rebind every row. */
  g_hash_table_iter_init (&iter, changed);
  while (g_hash_table_iter_next (&iter, &agent, NULL))
    {
      guint position;

      if (g_list_store_find (self->agents, agent, &position))
        g_list_store_splice (self->agents, position, 1, &agent, 1);
    }

  return G_SOURCE_REMOVE;
}

static void
on_agent_notify (OcAgent     *agent,
                 GParamSpec  *pspec,
                 OcAgentList *self)
{
  /* An agent.upsert notifies property by property: gather them into one
   * re-announcement before the next frame. */
  if (!g_hash_table_contains (self->changed, agent))
    g_hash_table_add (self->changed, g_object_ref (agent));
  if (self->changed_source == 0)
    self->changed_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE, oc_agent_list_announce_changed,
                                            self, NULL);

  g_signal_emit (self, signals[AGENT_CHANGED], 0, agent);
}

static GSignalGroup *
watch_agent (OcAgentList *self,
             OcAgent     *agent)
{
  GSignalGroup *group = g_signal_group_new (OC_TYPE_AGENT);

  g_signal_group_connect (group, "notify", G_CALLBACK (on_agent_notify), self);
  g_signal_group_set_target (group, agent);
  return group;
}

static GHashTable *
watched_new (void)
{
  /* Dropping an entry drops its group, which disconnects. */
  return g_hash_table_new_full (NULL, NULL, g_object_unref, g_object_unref);
}

/* Agents change in place (agent.upsert), which GtkFilterListModel does not see:
 * follow each one's notify. The agent list is short and rarely changes shape,
 * so a full pass on items-changed is cheap. */
static void
oc_agent_list_sync_watches (OcAgentList *self)
{
  GListModel *agents = oc_conversation_store_get_agents (self->store);
  g_autoptr(GHashTable) previous = g_steal_pointer (&self->watched);

  g_assert (OC_IS_AGENT_LIST (self));

  self->watched = watched_new ();
  for (guint i = 0, n = g_list_model_get_n_items (agents); i < n; i++)
    {
      g_autoptr(OcAgent) agent = g_list_model_get_item (agents, i);
      gpointer key, group;

      if (g_hash_table_contains (self->watched, agent))
        continue;
      /* Still listed: keep the connection (and the table's reference). */
      if (g_hash_table_steal_extended (previous, agent, &key, &group))
        g_hash_table_insert (self->watched, key, group);
      else
        g_hash_table_insert (self->watched, g_object_ref (agent), watch_agent (self, agent));
    }

  /* What is left in @previous has gone from the store: freeing it unwatches. */
}

static void
on_agents_items_changed (GListModel  *agents,
                         guint        position,
                         guint        removed,
                         guint        added,
                         OcAgentList *self)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < added; i++)
    g_ptr_array_add (items, g_list_model_get_item (agents, position + i));
  g_list_store_splice (self->agents, position, removed, items->pdata, added);

  oc_agent_list_sync_watches (self);
}

static void
on_workstream_notify (OcWorkstream *workstream,
                      GParamSpec   *pspec,
                      OcAgentList  *self)
{
  oc_agent_list_refresh (self);
}

static void
oc_agent_list_sync_workstream (OcAgentList *self)
{
  OcWorkstream *workstream;

  g_assert (OC_IS_AGENT_LIST (self));

  workstream = oc_conversation_store_lookup_workstream (self->store,
      oc_conversation_get_workstream_id (self->conversation));
  if (workstream == self->workstream)
    return;

  g_set_object (&self->workstream, workstream);
  g_signal_group_set_target (self->workstream_signals, workstream);
}

static void
on_workstreams_items_changed (GListModel  *workstreams,
                              guint        position,
                              guint        removed,
                              guint        added,
                              OcAgentList *self)
{
  oc_agent_list_sync_workstream (self);
  oc_agent_list_refresh (self);
}

static void
on_conversation_notify (OcConversation *conversation,
                        GParamSpec     *pspec,
                        OcAgentList    *self)
{
  const char *name = g_param_spec_get_name (pspec);

  if (g_str_equal (name, "workstream-id"))
    oc_agent_list_sync_workstream (self);

  if (g_str_equal (name, "workstream-id") || g_str_equal (name, "queue-id") ||
      g_str_equal (name, "agent-id") || g_str_equal (name, "skills"))
    oc_agent_list_refresh (self);
}

static void
oc_agent_list_dispose (GObject *object)
{
  OcAgentList *self = OC_AGENT_LIST (object);

  g_clear_handle_id (&self->changed_source, g_source_remove);
  g_clear_pointer (&self->changed, g_hash_table_unref);

  /* The groups disconnect as they go: nothing calls back into us after this. */
  g_clear_pointer (&self->watched, g_hash_table_unref);
  g_clear_object (&self->workstream_signals);
  g_clear_object (&self->workstream);
  g_clear_object (&self->agents_signals);
  g_clear_object (&self->workstreams_signals);
  g_clear_object (&self->conversation_signals);

  /* The filters call back into us: drop the models before our fields go. */
  g_clear_object (&self->sorted);
  g_clear_object (&self->searched);
  g_clear_object (&self->offered);
  g_clear_object (&self->agents);
  g_clear_object (&self->sorter);
  g_clear_object (&self->search_filter);
  g_clear_object (&self->rule_filter);
  g_clear_object (&self->conversation);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (oc_agent_list_parent_class)->dispose (object);
}

static void
oc_agent_list_finalize (GObject *object)
{
  OcAgentList *self = OC_AGENT_LIST (object);

  g_free (self->search);

  G_OBJECT_CLASS (oc_agent_list_parent_class)->finalize (object);
}

static void
oc_agent_list_class_init (OcAgentListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = oc_agent_list_dispose;
  object_class->finalize = oc_agent_list_finalize;

  signals[AGENT_CHANGED] =
    g_signal_new ("agent-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, OC_TYPE_AGENT);
}

static void
oc_agent_list_init (OcAgentList *self)
{
  self->watched = watched_new ();
  self->changed = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  self->agents = g_list_store_new (OC_TYPE_AGENT);

  self->workstream_signals = g_signal_group_new (OC_TYPE_WORKSTREAM);
  g_signal_group_connect (self->workstream_signals, "notify",
                          G_CALLBACK (on_workstream_notify), self);
  self->agents_signals = g_signal_group_new (G_TYPE_LIST_MODEL);
  g_signal_group_connect (self->agents_signals, "items-changed",
                          G_CALLBACK (on_agents_items_changed), self);
  self->workstreams_signals = g_signal_group_new (G_TYPE_LIST_MODEL);
  g_signal_group_connect (self->workstreams_signals, "items-changed",
                          G_CALLBACK (on_workstreams_items_changed), self);
  self->conversation_signals = g_signal_group_new (OC_TYPE_CONVERSATION);
  g_signal_group_connect (self->conversation_signals, "notify",
                          G_CALLBACK (on_conversation_notify), self);
}

/**
 * oc_agent_list_new:
 * @store: the store whose agents, queues and workstreams to follow
 * @conversation: the conversation to assign or transfer
 * @mode: which rules apply
 *
 * Returns: (transfer full): a new agent list, filled and following the store
 */
OcAgentList *
oc_agent_list_new (OcConversationStore *store,
                   OcConversation      *conversation,
                   OcAgentListMode      mode)
{
  OcAgentList *self;
  GListModel *agents;

  g_return_val_if_fail (OC_IS_CONVERSATION_STORE (store), NULL);
  g_return_val_if_fail (OC_IS_CONVERSATION (conversation), NULL);

  self = g_object_new (OC_TYPE_AGENT_LIST, NULL);
  self->store = g_object_ref (store);
  self->conversation = g_object_ref (conversation);
  self->mode = mode;

  agents = oc_conversation_store_get_agents (store);
  on_agents_items_changed (agents, 0, 0, g_list_model_get_n_items (agents), self);
  self->rule_filter = gtk_custom_filter_new (rule_filter_func, self, NULL);
  self->offered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->agents)),
                                             GTK_FILTER (g_object_ref (self->rule_filter)));
  self->search_filter = gtk_custom_filter_new (search_filter_func, self, NULL);
  self->searched = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->offered)),
                                              GTK_FILTER (g_object_ref (self->search_filter)));
  self->sorter = gtk_custom_sorter_new (best_match_compare, self, NULL);
  self->sorted = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->searched)),
                                          GTK_SORTER (g_object_ref (self->sorter)));

  oc_agent_list_sync_workstream (self);
  g_signal_group_set_target (self->agents_signals, agents);
  g_signal_group_set_target (self->workstreams_signals, oc_conversation_store_get_workstreams (store));
  g_signal_group_set_target (self->conversation_signals, conversation);

  oc_agent_list_refresh (self);

  return self;
}

/**
 * oc_agent_list_get_model:
 *
 * Returns: (transfer none): the filtered, sorted #GListModel of #OcAgent
 */
GListModel *
oc_agent_list_get_model (OcAgentList *self)
{
  g_return_val_if_fail (OC_IS_AGENT_LIST (self), NULL);

  return G_LIST_MODEL (self->sorted);
}

/**
 * oc_agent_list_get_n_offered:
 *
 * Returns: how many agents the rules offer, before the search narrows them
 */
guint
oc_agent_list_get_n_offered (OcAgentList *self)
{
  g_return_val_if_fail (OC_IS_AGENT_LIST (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->offered));
}

/**
 * oc_agent_list_set_search:
 * @text: (nullable): what the user typed; %NULL or blank shows all offered
 *
 * Narrows the list to agents whose name or skills hold @text, ignoring case
 * and accents.
 */
void
oc_agent_list_set_search (OcAgentList *self,
                          const char  *text)
{
  g_autofree char *folded = NULL;
  g_autofree char *stripped = NULL;

  g_return_if_fail (OC_IS_AGENT_LIST (self));

  stripped = g_strstrip (g_strdup (text != NULL ? text : ""));
  if (stripped[0] != '\0')
    folded = fold (stripped);

  if (g_strcmp0 (folded, self->search) == 0)
    return;

  g_free (self->search);
  self->search = g_steal_pointer (&folded);
  gtk_filter_changed (GTK_FILTER (self->search_filter), GTK_FILTER_CHANGE_DIFFERENT);
}

/**
 * oc_agent_list_get_required_skills:
 *
 * Returns: (transfer none) (array zero-terminated=1) (nullable): the skills
 *   the conversation needs
 */
const char * const *
oc_agent_list_get_required_skills (OcAgentList *self)
{
  g_return_val_if_fail (OC_IS_AGENT_LIST (self), NULL);

  return oc_conversation_get_skills (self->conversation);
}

/* The Assign and Transfer rules, the server's (docs/protocol.md), less
 * capacity: the agent's presence is allowed by the conversation's workstream
 * and they serve its queue. */
static gboolean
rules_offer (OcWorkstream    *workstream,
             OcConversation  *conversation,
             OcAgent         *agent,
             OcAgentListMode  mode)
{
  const char *queue_id;
  OcPresence presence;

  presence = oc_agent_get_presence (agent);
  /* Without its workstream, the reference server lets only available agents
   * take work; offer the same. */
  if (workstream != NULL ? !oc_workstream_allows_presence (workstream, presence)
                         : presence != OC_PRESENCE_AVAILABLE)
    return FALSE;

  queue_id = oc_conversation_get_queue_id (conversation);
  if (queue_id != NULL && !oc_agent_serves_queue (agent, queue_id))
    return FALSE;

  if (mode == OC_AGENT_LIST_TRANSFER &&
      g_strcmp0 (oc_agent_get_id (agent), oc_conversation_get_agent_id (conversation)) == 0)
    return FALSE;

  return TRUE;
}

/**
 * oc_agent_list_offers:
 * @agent: an agent of the store
 *
 * Returns: whether the rules offer @agent for this conversation right now
 */
gboolean
oc_agent_list_offers (OcAgentList *self,
                      OcAgent     *agent)
{
  g_return_val_if_fail (OC_IS_AGENT_LIST (self), FALSE);
  g_return_val_if_fail (OC_IS_AGENT (agent), FALSE);

  return rules_offer (self->workstream, self->conversation, agent, self->mode);
}

/**
 * oc_agent_may_take:
 * @store: the store @conversation and @agent are in
 * @conversation: an open conversation
 * @agent: an agent
 *
 * The Assign dialog's rules without a dialog: whether @agent would be
 * offered for @conversation and has free capacity. The status is the
 * caller's to check.
 *
 * Returns: whether @agent may be assigned @conversation now
 */
gboolean
oc_agent_may_take (OcConversationStore *store,
                   OcConversation      *conversation,
                   OcAgent             *agent)
{
  OcWorkstream *workstream;

  g_return_val_if_fail (OC_IS_CONVERSATION_STORE (store), FALSE);
  g_return_val_if_fail (OC_IS_CONVERSATION (conversation), FALSE);
  g_return_val_if_fail (OC_IS_AGENT (agent), FALSE);

  workstream = oc_conversation_store_lookup_workstream (store, oc_conversation_get_workstream_id (conversation));
  return rules_offer (workstream, conversation, agent, OC_AGENT_LIST_ASSIGN) &&
         oc_agent_get_free_capacity (agent) > 0;
}

/**
 * oc_agent_list_can_take:
 * @agent: an agent of the store
 *
 * Returns: whether @agent is offered and has free capacity: may be picked
 */
gboolean
oc_agent_list_can_take (OcAgentList *self,
                        OcAgent     *agent)
{
  g_return_val_if_fail (OC_IS_AGENT_LIST (self), FALSE);
  g_return_val_if_fail (OC_IS_AGENT (agent), FALSE);

  return oc_agent_list_offers (self, agent) && oc_agent_get_free_capacity (agent) > 0;
}

/**
 * oc_agent_list_is_best_fit:
 * @agent: an agent of the store
 *
 * Returns: whether @agent may be picked and holds every skill the
 *   conversation requires: the only kind of agent picked for the user
 */
gboolean
oc_agent_list_is_best_fit (OcAgentList *self,
                           OcAgent     *agent)
{
  const char * const *required;

  g_return_val_if_fail (OC_IS_AGENT_LIST (self), FALSE);
  g_return_val_if_fail (OC_IS_AGENT (agent), FALSE);

  required = oc_agent_list_get_required_skills (self);
  return oc_agent_list_can_take (self, agent) &&
         oc_agent_count_matched_skills (agent, required) ==
           (required != NULL ? g_strv_length ((GStrv) required) : 0);
}
