// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-dataverse"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "oc-dataverse-private.h"

/*
 * Dynamics 365 has no Web API for a conversation's live messages. What it
 * keeps is a msdyn_transcript row per conversation whose note (annotation)
 * holds the messages as base64 of JSON, written as the conversation goes on
 * or when it closes. A transcript here shows that, then ends.
 */

#define MAX_DOCUMENT_CHARS (24 * 1024 * 1024)
#define MAX_MESSAGES       20000

typedef struct {
  gint64     at;
  guint      order;
  OcSender      sender;
  OcMessageKind kind;
  char      *name;
  char      *text;
} RawMessage;

static void
raw_message_free (RawMessage *raw)
{
  g_free (raw->name);
  g_free (raw->text);
  g_free (raw);
}

/* "&#8217;" or "&#x2019;" at @p: the character, or 0 when it is not one. */
static gunichar
numeric_entity (const char  *p,
                const char **end)
{
  const char *digits = p + 2;
  gboolean hex = *digits == 'x' || *digits == 'X';
  char *stop = NULL;
  guint64 value;

  if (hex)
    digits++;
  if (!g_ascii_isxdigit (*digits))
    return 0;
  value = g_ascii_strtoull (digits, &stop, hex ? 16 : 10);
  if (stop == NULL || *stop != ';' || stop - digits > 8 ||
      value == 0 || value > 0x10FFFF || !g_unichar_validate ((gunichar) value))
    return 0;
  *end = stop + 1;
  return (gunichar) value;
}

/* Message bodies may be HTML; we show plain text, never markup. */
static char *
plain_text (const char *html)
{
  static const struct { const char *entity; const char *text; } entities[] = {
    { "&amp;", "&" }, { "&lt;", "<" }, { "&gt;", ">" }, { "&quot;", "\"" },
    { "&#39;", "'" }, { "&apos;", "'" }, { "&nbsp;", " " },
  };
  GString *out = g_string_sized_new (strlen (html));
  const char *p = html;

  while (*p != '\0')
    {
      if (*p == '<')
        {
          const char *end = strchr (p, '>');

          if (end == NULL)
            break;
          if (g_ascii_strncasecmp (p, "<br", 3) == 0 || g_ascii_strncasecmp (p, "</p", 3) == 0 ||
              g_ascii_strncasecmp (p, "</div", 5) == 0)
            g_string_append_c (out, '\n');
          p = end + 1;
          continue;
        }
      if (*p == '&')
        {
          gboolean found = FALSE;
          const char *end = NULL;
          gunichar c;

          for (guint i = 0; i < G_N_ELEMENTS (entities); i++)
            if (g_str_has_prefix (p, entities[i].entity))
              {
                g_string_append (out, entities[i].text);
                p += strlen (entities[i].entity);
                found = TRUE;
                break;
              }
          if (found)
            continue;
          /* A control character stays out, whatever the entity says. */
          if (p[1] == '#' && (c = numeric_entity (p, &end)) != 0)
            {
              if (!g_unichar_iscntrl (c) || c == '\n' || c == '\t')
                g_string_append_unichar (out, c);
              p = end;
              continue;
            }
        }
      g_string_append_c (out, *p++);
    }

  g_strstrip (out->str);
  out->len = strlen (out->str);
  if (g_utf8_strlen (out->str, -1) > OC_PROTOCOL_MAX_TEXT)
    {
      char *cut = g_utf8_substring (out->str, 0, OC_PROTOCOL_MAX_TEXT);
      g_string_free (out, TRUE);
      return cut;
    }
  return g_string_free (out, FALSE);
}

/* Whether the comma-separated "tags" hold @tag, or with @prefix set a tag
 * that starts with it ("parentID-…"). */
static gboolean
has_tag_full (JsonObject *message,
              const char *tag,
              gboolean    prefix)
{
  const char *tags = _oc_odata_get_string (message, "tags");
  g_auto(GStrv) parts = NULL;

  if (tags == NULL)
    return FALSE;
  parts = g_strsplit (tags, ",", 64);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *part = g_strstrip (parts[i]);

      if (prefix ? g_ascii_strncasecmp (part, tag, strlen (tag)) == 0
                 : g_ascii_strcasecmp (part, tag) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
has_tag (JsonObject *message,
         const char *tag)
{
  return has_tag_full (message, tag, FALSE);
}

static gboolean
is_true (JsonObject *message,
         const char *member)
{
  JsonNode *flag = json_object_get_member (message, member);

  return flag != NULL && JSON_NODE_HOLDS_VALUE (flag) &&
         json_node_get_value_type (flag) == G_TYPE_BOOLEAN && json_node_get_boolean (flag);
}

static const char *
display_name (JsonObject *from,
              const char *member)
{
  JsonNode *node = json_object_get_member (from, member);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return _oc_odata_get_string (json_node_get_object (node), "displayName");
}

/* The first attachment's file name, of a FileAttachment message. */
static const char *
attachment_name (JsonObject *message)
{
  JsonNode *node = json_object_get_member (message, "attachments");
  JsonArray *array;
  JsonNode *first;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  array = json_node_get_array (node);
  if (json_array_get_length (array) == 0)
    return NULL;
  first = json_array_get_element (array, 0);
  if (!JSON_NODE_HOLDS_OBJECT (first))
    return NULL;
  return _oc_odata_get_string (json_node_get_object (first), "name");
}

/*
 * Who wrote a line, the way Microsoft documents the transcript ("Download
 * transcripts in bulk"): control messages (isControlMessage) are no line; a
 * "system" tag is a system message; "public" is an agent writing to the
 * customer; "private" is an internal message between agents, except that the
 * customer's own lines carry "private" with a "parentID-…" tag (the
 * documented example), as do lines tagged "FromCustomer". A bot's carry
 * "FromBotAgent". The customer's lines have a from.user too, so that is no
 * sign of an agent; isFromAgent is, where a line has no tags.
 */
static void
read_message (JsonObject *message,
              GPtrArray  *out)
{
  JsonNode *from_node = json_object_get_member (message, "from");
  JsonObject *from = from_node && JSON_NODE_HOLDS_OBJECT (from_node) ? json_node_get_object (from_node) : NULL;
  const char *content = _oc_odata_get_string (message, "content");
  const char *user_name = from ? display_name (from, "user") : NULL;
  const char *app_name = from ? display_name (from, "application") : NULL;
  const char *file = attachment_name (message);
  RawMessage *raw;
  g_autofree char *text = NULL;
  gint64 at;

  if (out->len >= MAX_MESSAGES || (content == NULL && file == NULL))
    return;
  if (is_true (message, "isControlMessage") || is_true (message, "deleted") ||
      has_tag (message, "ocinternalevent"))
    return;

  at = _oc_odata_get_time (message, "created");
  if (at == 0)
    at = _oc_odata_get_time (message, "createdDateTime");
  text = plain_text (content ? content : "");
  if (*text == '\0' && file != NULL)
    {
      /* A file name is text, not HTML. */
      g_autofree char *name = g_utf8_make_valid (file, MIN (strlen (file), 1024));

      g_free (text);
      /* Translators: a transcript line that is a file sent; the file's name. */
      text = g_strdup_printf (_("Sent a file: %s"), name);
    }
  if (at == 0 || *text == '\0')
    return;

  raw = g_new0 (RawMessage, 1);
  raw->at = at;
  raw->order = out->len;
  raw->text = g_steal_pointer (&text);
  raw->kind = OC_MESSAGE_KIND_TEXT;
  if (has_tag (message, "system"))
    {
      raw->sender = OC_SENDER_SYSTEM;
      raw->kind = OC_MESSAGE_KIND_EVENT;
    }
  else if (has_tag (message, "frombotagent"))
    raw->sender = OC_SENDER_BOT;
  else if (has_tag (message, "fromcustomer") || has_tag_full (message, "parentid-", TRUE))
    raw->sender = OC_SENDER_CUSTOMER;
  else if (has_tag (message, "public"))
    raw->sender = OC_SENDER_AGENT;
  else if (has_tag (message, "private"))
    {
      raw->sender = OC_SENDER_AGENT;
      raw->kind = OC_MESSAGE_KIND_INTERNAL;
    }
  else if (is_true (message, "isFromAgent"))
    raw->sender = OC_SENDER_AGENT;
  else
    raw->sender = OC_SENDER_CUSTOMER;

  if (raw->sender != OC_SENDER_SYSTEM)
    {
      const char *name = user_name ? user_name : app_name;

      if (name != NULL)
        raw->name = g_utf8_substring (name, 0, MIN (g_utf8_strlen (name, -1), OC_PROTOCOL_MAX_NAME));
    }
  g_ptr_array_add (out, raw);
}

/* An entry is a message, or a wrapper whose "Content" is a JSON string (or
 * array) of messages. */
static void
read_entry (JsonNode  *entry,
            GPtrArray *out)
{
  JsonObject *object;
  JsonNode *content;
  g_autoptr(JsonNode) parsed = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (entry))
    return;
  object = json_node_get_object (entry);

  if (json_object_has_member (object, "created") || json_object_has_member (object, "createdDateTime"))
    {
      read_message (object, out);
      return;
    }

  content = json_object_get_member (object, "Content");
  if (content != NULL && JSON_NODE_HOLDS_VALUE (content) &&
      json_node_get_value_type (content) == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (content);

      parsed = oc_protocol_parse_json (text, strlen (text), MAX_DOCUMENT_CHARS, NULL);
      content = parsed;
    }
  if (content != NULL && JSON_NODE_HOLDS_ARRAY (content))
    {
      JsonArray *array = json_node_get_array (content);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_OBJECT (element))
            read_message (json_node_get_object (element), out);
        }
    }
}

static int
compare_raw (gconstpointer a,
             gconstpointer b)
{
  const RawMessage *x = *(RawMessage * const *) a;
  const RawMessage *y = *(RawMessage * const *) b;

  if (x->at != y->at)
    return x->at < y->at ? -1 : 1;
  return x->order < y->order ? -1 : x->order > y->order;
}

GPtrArray *
_oc_dataverse_parse_transcript (const char  *documentbody,
                                gint64       first_seq,
                                GError     **error)
{
  g_autoptr(GPtrArray) raws = g_ptr_array_new_with_free_func ((GDestroyNotify) raw_message_free);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree guchar *decoded = NULL;
  GPtrArray *messages;
  gsize length = 0;

  if (documentbody == NULL || strlen (documentbody) > MAX_DOCUMENT_CHARS)
    {
      g_set_error_literal (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_PROTOCOL,
                           _("The saved transcript is missing or too large."));
      return NULL;
    }

  decoded = g_base64_decode (documentbody, &length);
  node = oc_protocol_parse_json ((const char *) decoded, length, MAX_DOCUMENT_CHARS, &local_error);
  if (node == NULL)
    {
      g_set_error (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_PROTOCOL,
                   _("The saved transcript cannot be read (%s)."), local_error->message);
      return NULL;
    }

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        read_entry (json_array_get_element (array, i), raws);
    }
  else
    read_entry (node, raws);

  g_ptr_array_sort (raws, compare_raw);

  messages = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < raws->len; i++)
    {
      RawMessage *raw = g_ptr_array_index (raws, i);

      g_ptr_array_add (messages,
                       oc_message_new (first_seq + i, raw->at, raw->sender, raw->name,
                                       raw->kind, raw->text));
    }
  return messages;
}

/* ------------------------------------------------------------------------ */
/* Loading one conversation's transcript */

typedef struct {
  OcTranscript      *transcript;
  OcDataverseSource *source;
  gboolean           voice;
} Load;

/* Voice calls. Microsoft keeps a call's transcript in Dataverse, as the
 * msdyn_transcript row's file columns msdyn_voicetranscript and
 * msdyn_voicetranscript_formatted ("Voice Transcript file"), its recording
 * in msdyn_ocrecording, but publishes the format of neither file, and says
 * call transcripts are viewed in the Customer Service and Contact Center
 * workspaces only:
 *   https://learn.microsoft.com/dynamics365/developer/reference/entities/msdyn_transcript
 *   https://learn.microsoft.com/dynamics365/customer-service/administer/voice-channel-configure-transcripts#view-call-transcripts
 *   https://learn.microsoft.com/dynamics365/customer-service/develop/reference/entities/msdyn_ocrecording
 * Guessing at an undocumented format would show a supervisor a wrong call,
 * so a call shows only a transcript note in the documented chat format
 * ("Download transcripts in bulk"), and otherwise says why there is none. */
static void
end_voice (Load *load)
{
  _oc_transcript_end (load->transcript, OC_TRANSCRIPT_STATE_ENDED, "not-live",
                      _("Dynamics 365 does not make this call's transcript available to other apps: "
                        "Microsoft shows call transcripts only in its Customer Service and Contact Center "
                        "workspaces and does not publish the format they are stored in. "
                        "Open the conversation in the workspace to read it."));
}

static void
load_free (Load *load)
{
  g_clear_object (&load->transcript);
  g_clear_object (&load->source);
  g_free (load);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Load, load_free)

static void
load_fail (Load         *load,
           const GError *error)
{
  g_autofree char *why = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  why = g_strdup (error->message);
  _oc_transcript_end (load->transcript, OC_TRANSCRIPT_STATE_FAILED, NULL, why);
}

static void
on_notes_fetched (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(Load) load = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  gint64 seq = 1;
  guint bad = 0;

  rows = _oc_dataverse_fetch_all_finish (SOUP_SESSION (object), result, NULL, &error);
  if (rows == NULL)
    {
      load_fail (load, error);
      return;
    }

  for (guint i = 0; i < rows->len; i++)
    {
      g_autoptr(GPtrArray) messages = NULL;
      g_autoptr(GError) parse_error = NULL;

      messages = _oc_dataverse_parse_transcript (_oc_odata_get_string (g_ptr_array_index (rows, i),
                                                                       "documentbody"),
                                                 seq, &parse_error);
      if (messages == NULL)
        {
          g_message ("Transcript of %s: %s", oc_transcript_get_conversation_id (load->transcript),
                     parse_error->message);
          bad++;
          continue;
        }
      for (guint j = 0; j < messages->len; j++)
        _oc_transcript_append (load->transcript, g_ptr_array_index (messages, j));
      seq += messages->len;
    }

  if (load->voice && seq == 1)
    {
      end_voice (load);
      return;
    }
  if (bad > 0 && bad == rows->len)
    {
      _oc_transcript_end (load->transcript, OC_TRANSCRIPT_STATE_FAILED, NULL,
                          _("Dynamics 365 keeps a transcript of this conversation, but it cannot be read."));
      return;
    }

  _oc_transcript_end (load->transcript, OC_TRANSCRIPT_STATE_ENDED, "not-live",
                      _("Dynamics 365 does not stream live messages: this is the transcript it has saved so far. "
                        "Open the conversation in the Customer Service workspace to follow it live."));
}

static void
on_transcripts_fetched (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(Load) load = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GString) filter = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *query = NULL;
  g_autofree char *url = NULL;
  OcDataverseSource *source;

  rows = _oc_dataverse_fetch_all_finish (SOUP_SESSION (object), result, NULL, &error);
  if (rows == NULL)
    {
      load_fail (load, error);
      return;
    }

  filter = g_string_new ("isdocument eq true and (");
  for (guint i = 0, n = 0; i < rows->len && n < 20; i++)
    {
      g_autofree char *id = _oc_odata_get_id (g_ptr_array_index (rows, i), "msdyn_transcriptid");

      if (id == NULL)
        continue;
      g_string_append_printf (filter, "%s_objectid_value eq %s", n++ > 0 ? " or " : "", id);
    }

  if (g_str_has_suffix (filter->str, "(") && load->voice)
    {
      end_voice (load);
      return;
    }
  if (g_str_has_suffix (filter->str, "("))
    {
      _oc_transcript_end (load->transcript, OC_TRANSCRIPT_STATE_ENDED, "not-live",
                          _("Dynamics 365 has saved no transcript of this conversation yet, and it does not stream live messages. "
                            "Open the conversation in the Customer Service workspace to follow it live."));
      return;
    }
  g_string_append_c (filter, ')');

  escaped = _oc_dataverse_escape_filter (filter->str);
  query = g_strdup_printf ("$select=annotationid,documentbody,createdon&$filter=%s&$orderby=createdon,annotationid", escaped);
  source = load->source;
  url = _oc_dataverse_api_url (oc_source_get_server_url (OC_SOURCE (source)), "annotations",
                               query);
  _oc_dataverse_fetch_all_async (SOUP_SESSION (object),
                                 oc_source_get_server_url (OC_SOURCE (source)),
                                 source->authorization, url, 50,
                                 NULL, on_notes_fetched, g_steal_pointer (&load));
}

OcTranscript *
_oc_dataverse_open_transcript (OcDataverseSource *self,
                               const char        *conversation_id)
{
  OcTranscript *transcript = _oc_transcript_new_detached (conversation_id);
  g_autofree char *filter = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *query = NULL;
  g_autofree char *url = NULL;
  Load *load;

  if (!oc_protocol_is_valid_id (conversation_id))
    {
      _oc_transcript_end (transcript, OC_TRANSCRIPT_STATE_FAILED, NULL, _("The conversation id is not valid."));
      return transcript;
    }

  load = g_new0 (Load, 1);
  load->transcript = g_object_ref (transcript);
  load->source = g_object_ref (self);
  {
    OcConversation *conversation = oc_conversation_store_lookup (oc_source_get_store (OC_SOURCE (self)),
                                                                 conversation_id);

    load->voice = conversation != NULL && oc_conversation_get_channel (conversation) == OC_CHANNEL_VOICE;
  }

  filter = g_strdup_printf ("_msdyn_liveworkitemidid_value eq %s", conversation_id);
  escaped = _oc_dataverse_escape_filter (filter);
  query = g_strdup_printf ("$select=msdyn_transcriptid&$filter=%s", escaped);
  url = _oc_dataverse_api_url (oc_source_get_server_url (OC_SOURCE (self)), "msdyn_transcripts",
                               query);
  _oc_dataverse_fetch_all_async (self->session, oc_source_get_server_url (OC_SOURCE (self)),
                                 self->authorization, url, 50, NULL, on_transcripts_fetched, load);
  return transcript;
}
