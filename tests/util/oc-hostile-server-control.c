// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-hostile-server"

#include "config.h"

#include <libsoup/soup.h>
#include <stdio.h>
#include <string.h>

#include "oc-hostile-server-private.h"

/* The calls a test makes: each runs in the server thread and returns when done. */

static gboolean
call_cb (gpointer data)
{
  Call *call = data;

  call->func (call);
  g_mutex_lock (&call->self->lock);
  call->done = TRUE;
  g_cond_broadcast (&call->self->cond);
  g_mutex_unlock (&call->self->lock);
  return G_SOURCE_REMOVE;
}

void
_oc_hostile_server_run_sync (Call *call)
{
  g_main_context_invoke (call->self->context, call_cb, call);
  g_mutex_lock (&call->self->lock);
  while (!call->done)
    g_cond_wait (&call->self->cond, &call->self->lock);
  g_mutex_unlock (&call->self->lock);
}


static OcHostileServer *
hostile_server_new (const char      *token,
                    guint            n_conversations,
                    GTlsCertificate *certificate)
{
  OcHostileServer *self = g_new0 (OcHostileServer, 1);

  self->certificate = certificate;
  self->authorization = g_strconcat ("Bearer ", token, NULL);
  self->created_at = g_get_real_time () / G_USEC_PER_SEC - 60;
  self->n_convs = MAX (n_conversations, 1);
  self->convs = g_new0 (Conv, self->n_convs);
  self->transcripts = g_new0 (Transcript, self->n_convs);
  for (guint i = 0; i < n_conversations; i++)
    {
      self->convs[i].subject = g_strdup_printf ("Question %u", i);
      self->convs[i].live = TRUE;
      self->convs[i].revision = 1;
    }
  self->revision = 1;
  self->log_start = 1;
  self->log = g_ptr_array_new_with_free_func (g_free);
  self->sockets = g_ptr_array_new_with_free_func (g_object_unref);
  self->transcript_sockets = g_ptr_array_new_with_free_func (g_object_unref);
  self->ping_interval = 10;
  self->last_since = -1;
  self->action_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  g_cond_init (&self->frozen_cond);

  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->thread = g_thread_new ("hostile-server", _ohs_server_thread, self);

  g_mutex_lock (&self->lock);
  while (!self->ready)
    g_cond_wait (&self->cond, &self->lock);
  g_mutex_unlock (&self->lock);

  return self;
}

OcHostileServer *
oc_hostile_server_new (const char *token,
                       guint       n_conversations)
{
  return hostile_server_new (token, n_conversations, NULL);
}

OcHostileServer *
oc_hostile_server_new_tls (const char *token,
                           guint       n_conversations,
                           const char *cert_file,
                           const char *key_file)
{
  g_autoptr(GError) error = NULL;
  GTlsCertificate *certificate = g_tls_certificate_new_from_files (cert_file, key_file, &error);

  if (certificate == NULL)
    g_error ("hostile server: cannot load %s: %s", cert_file, error->message);
  return hostile_server_new (token, n_conversations, certificate);
}

static void
quit_func (gpointer data)
{
  Call *call = data;

  g_main_loop_quit (call->self->loop);
}

void
oc_hostile_server_free (OcHostileServer *self)
{
  oc_hostile_server_thaw (self);
  {
    CALL (self, quit_func);
  }
  g_thread_join (self->thread);
  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  for (guint i = 0; i < self->n_convs; i++)
    {
      g_free (self->convs[i].subject);
      g_clear_pointer (&self->transcripts[i].messages, g_ptr_array_unref);
      g_free (self->transcripts[i].ended_reason);
    }
  g_free (self->convs);
  g_free (self->transcripts);
  g_ptr_array_unref (self->log);
  g_ptr_array_unref (self->sockets);
  g_ptr_array_unref (self->transcript_sockets);
  g_hash_table_unref (self->action_keys);
  g_clear_pointer (&self->stream_rand, g_rand_free);
  g_free (self->authorization);
  g_free (self->snapshot_body);
  g_clear_object (&self->certificate);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_cond_clear (&self->frozen_cond);
  g_free (self);
}

char *
oc_hostile_server_get_url (OcHostileServer *self)
{
  return g_strdup_printf ("%s://127.0.0.1:%u", self->certificate ? "https" : "http", self->port);
}

static void
upsert_func (gpointer data)
{
  Call *call = data;

  _ohs_do_upsert (call->self, call->index, call->text);
}

void
oc_hostile_server_upsert (OcHostileServer *self,
                          guint            index,
                          const char      *subject)
{
  g_return_if_fail (index < self->n_convs);
  CALL (self, upsert_func, .index = index, .text = subject);
}

static void
upsert_waiting_func (gpointer data)
{
  Call *call = data;
  Conv *conv = &call->self->convs[call->index];

  conv->wait_seconds = call->number;
  conv->waiting_since = call->number2;
  _ohs_do_upsert (call->self, call->index, call->text);
}

void
oc_hostile_server_upsert_waiting (OcHostileServer *self,
                                  guint            index,
                                  const char      *subject,
                                  gint64           wait_seconds,
                                  gint64           waiting_since)
{
  g_return_if_fail (index < self->n_convs);
  CALL (self, upsert_waiting_func, .index = index, .text = subject, .number = wait_seconds,
        .number2 = waiting_since);
}

static void
remove_func (gpointer data)
{
  Call *call = data;

  _ohs_do_remove (call->self, call->index, "closed");
}

void
oc_hostile_server_remove (OcHostileServer *self,
                          guint            index)
{
  g_return_if_fail (index < self->n_convs);
  CALL (self, remove_func, .index = index);
}

static void
get_revision_func (gpointer data)
{
  Call *call = data;

  call->result_number = call->self->revision;
}

gint64
oc_hostile_server_get_revision (OcHostileServer *self)
{
  CALL (self, get_revision_func);
  return call.result_number;
}

static void
forget_func (gpointer data)
{
  Call *call = data;
  OcHostileServer *self = call->self;

  g_ptr_array_set_size (self->log, 0);
  self->log_start = self->revision;
}

void
oc_hostile_server_forget_history (OcHostileServer *self)
{
  CALL (self, forget_func);
}

static void
get_subject_func (gpointer data)
{
  Call *call = data;
  Conv *conv = &call->self->convs[call->index];

  call->result = conv->live ? g_strdup (conv->subject) : NULL;
}

static void
get_wait_func (gpointer data)
{
  Call *call = data;

  call->result_number = call->self->convs[call->index].wait_seconds;
}

gint64
oc_hostile_server_get_wait_seconds (OcHostileServer *self,
                                    guint            index)
{
  g_return_val_if_fail (index < self->n_convs, 0);
  CALL (self, get_wait_func, .index = index);
  return call.result_number;
}

static void
get_waiting_since_func (gpointer data)
{
  Call *call = data;
  Conv *conv = &call->self->convs[call->index];

  call->result_number = conv->waiting_since ? conv->waiting_since : call->self->created_at;
}

gint64
oc_hostile_server_get_waiting_since (OcHostileServer *self,
                                     guint            index)
{
  g_return_val_if_fail (index < self->n_convs, 0);
  CALL (self, get_waiting_since_func, .index = index);
  return call.result_number;
}

char *
oc_hostile_server_get_subject (OcHostileServer *self,
                               guint            index)
{
  g_return_val_if_fail (index < self->n_convs, NULL);
  CALL (self, get_subject_func, .index = index);
  return call.result;
}

static void
get_n_live_func (gpointer data)
{
  Call *call = data;

  for (guint i = 0; i < call->self->n_convs; i++)
    if (call->self->convs[i].live)
      call->result_number++;
}

guint
oc_hostile_server_get_n_live (OcHostileServer *self)
{
  CALL (self, get_n_live_func);
  return (guint) call.result_number;
}

static void
send_raw_func (gpointer data)
{
  Call *call = data;

  _ohs_send_all (call->self, call->text);
}

void
oc_hostile_server_send_raw (OcHostileServer *self,
                            const char      *text)
{
  CALL (self, send_raw_func, .text = text);
}

void
oc_hostile_server_send_oversized (OcHostileServer *self,
                                  gsize            size)
{
  g_autofree char *text = g_malloc (size + 1);
  static const char head[] = "{\"type\":\"ping\",\"revision\":1}";

  memset (text, ' ', size);
  memcpy (text, head, strlen (head));
  text[size] = '\0';
  oc_hostile_server_send_raw (self, text);
}

static void
resend_func (gpointer data)
{
  Call *call = data;
  OcHostileServer *self = call->self;
  gint64 i = call->number - self->log_start - 1;

  if (i >= 0 && i < self->log->len)
    _ohs_send_all (self, g_ptr_array_index (self->log, i));
}

void
oc_hostile_server_resend (OcHostileServer *self,
                          gint64           revision)
{
  CALL (self, resend_func, .number = revision);
}

static void
set_ping_func (gpointer data)
{
  Call *call = data;

  call->self->ping_interval = (guint) call->number;
  _ohs_restart_pings (call->self);
}

void
oc_hostile_server_set_ping_interval (OcHostileServer *self,
                                     guint            seconds)
{
  CALL (self, set_ping_func, .number = seconds);
}

static void
set_me_size_func (gpointer data)
{
  Call *call = data;

  call->self->me_size = (gsize) call->number;
}

void
oc_hostile_server_set_me_size (OcHostileServer *self,
                               gsize            size)
{
  CALL (self, set_me_size_func, .number = (gint64) size);
}

static void
set_snapshot_body_func (gpointer data)
{
  Call *call = data;

  g_free (call->self->snapshot_body);
  call->self->snapshot_body = g_strdup (call->text);
}

void
oc_hostile_server_set_snapshot_body (OcHostileServer *self,
                                     const char      *body)
{
  CALL (self, set_snapshot_body_func, .text = body);
}

static void
set_stalled_func (gpointer data)
{
  Call *call = data;

  call->self->stalled = call->number != 0;
}

static gboolean
freeze_cb (gpointer data)
{
  OcHostileServer *self = data;

  /* Blocks the server's thread itself: no frames, no pongs, until thawed. */
  g_mutex_lock (&self->lock);
  while (self->frozen)
    g_cond_wait (&self->frozen_cond, &self->lock);
  g_mutex_unlock (&self->lock);

  return G_SOURCE_REMOVE;
}

void
oc_hostile_server_freeze (OcHostileServer *self)
{
  g_autoptr(GSource) source = g_idle_source_new ();

  g_mutex_lock (&self->lock);
  self->frozen = TRUE;
  g_mutex_unlock (&self->lock);

  /* Not through CALL: that waits for the server, which is the point. */
  g_source_set_callback (source, freeze_cb, self, NULL);
  g_source_attach (source, self->context);
}

void
oc_hostile_server_thaw (OcHostileServer *self)
{
  g_mutex_lock (&self->lock);
  self->frozen = FALSE;
  g_cond_broadcast (&self->frozen_cond);
  g_mutex_unlock (&self->lock);
}

void
oc_hostile_server_set_stalled (OcHostileServer *self,
                               gboolean         stalled)
{
  CALL (self, set_stalled_func, .number = stalled);
}

static void
close_sockets_func (gpointer data)
{
  Call *call = data;
  g_autoptr(GPtrArray) sockets = g_ptr_array_copy (call->self->sockets, _ohs_copy_ref, NULL);

  g_ptr_array_set_free_func (sockets, g_object_unref);
  for (guint i = 0; i < sockets->len; i++)
    soup_websocket_connection_close (g_ptr_array_index (sockets, i), SOUP_WEBSOCKET_CLOSE_GOING_AWAY, "bye");
}

void
oc_hostile_server_close_sockets (OcHostileServer *self)
{
  CALL (self, close_sockets_func);
}

static void
get_counts_func (gpointer data)
{
  Call *call = data;
  OcHostileServer *self = call->self;

  switch (call->index)
    {
    case 0: call->result_number = self->sockets->len; break;
    case 1: call->result_number = self->n_snapshots; break;
    case 2: call->result_number = self->last_since; break;
    case 3: call->result_number = g_hash_table_size (self->action_keys); break;
    case 4: call->result_number = self->n_action_calls; break;
    case 5: call->result_number = self->stream_done; break;
    case 6: call->result_number = self->n_transcript_connects; break;
    case 7: call->result_number = self->transcript_sockets->len; break;
    default: g_assert_not_reached ();
    }
}

static gint64
get_count (OcHostileServer *self,
           guint            which)
{
  CALL (self, get_counts_func, .index = which);
  return call.result_number;
}

guint
oc_hostile_server_get_n_sockets (OcHostileServer *self)
{
  return (guint) get_count (self, 0);
}

guint
oc_hostile_server_get_n_snapshots (OcHostileServer *self)
{
  return (guint) get_count (self, 1);
}

gint64
oc_hostile_server_get_last_since (OcHostileServer *self)
{
  return get_count (self, 2);
}

guint
oc_hostile_server_get_n_action_keys (OcHostileServer *self)
{
  return (guint) get_count (self, 3);
}

guint
oc_hostile_server_get_n_action_calls (OcHostileServer *self)
{
  return (guint) get_count (self, 4);
}

gboolean
oc_hostile_server_stream_done (OcHostileServer *self)
{
  return get_count (self, 5) != 0;
}

guint
oc_hostile_server_get_n_transcript_connects (OcHostileServer *self)
{
  return (guint) get_count (self, 6);
}

guint
oc_hostile_server_get_n_transcript_sockets (OcHostileServer *self)
{
  return (guint) get_count (self, 7);
}

gboolean
oc_hostile_server_idle (gpointer self)
{
  return oc_hostile_server_get_n_sockets (self) == 0 &&
         oc_hostile_server_get_n_transcript_sockets (self) == 0;
}

static void
add_message_func (gpointer data)
{
  Call *call = data;
  OcHostileServer *self = call->self;
  Transcript *transcript = &self->transcripts[call->index];

  if (transcript->messages == NULL)
    transcript->messages = g_ptr_array_new_with_free_func (g_free);

  if (call->number != 0)
    g_ptr_array_add (transcript->messages, g_strdup (call->text));
  else
    {
      g_autofree char *now = _ohs_now_text ();
      GString *message = g_string_new (NULL);

      g_string_append_printf (message, "{\"seq\":%u,\"at\":\"%s\",\"sender\":{\"role\":\"customer\","
                              "\"name\":\"Zoë\"},\"kind\":\"text\",\"text\":",
                              transcript->messages->len + 1, now);
      _ohs_append_json_string (message, call->text);
      g_string_append_c (message, '}');
      g_ptr_array_add (transcript->messages, g_string_free (message, FALSE));
    }

  for (guint i = 0; i < self->transcript_sockets->len; i++)
    {
      SoupWebsocketConnection *ws = g_ptr_array_index (self->transcript_sockets, i);

      if (GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (ws), "index")) == call->index &&
          soup_websocket_connection_get_state (ws) == SOUP_WEBSOCKET_STATE_OPEN)
        _ohs_send_message_frame (ws, g_ptr_array_index (transcript->messages, transcript->messages->len - 1));
    }
}

void
oc_hostile_server_add_message (OcHostileServer *self,
                               guint            index,
                               const char      *text)
{
  g_return_if_fail (index < self->n_convs);
  CALL (self, add_message_func, .index = index, .text = text);
}

void
oc_hostile_server_add_raw_message (OcHostileServer *self,
                                   guint            index,
                                   const char      *json)
{
  g_return_if_fail (index < self->n_convs);
  CALL (self, add_message_func, .index = index, .text = json, .number = 1);
}

static void
resend_message_func (gpointer data)
{
  Call *call = data;
  OcHostileServer *self = call->self;
  Transcript *transcript = &self->transcripts[call->index];

  if (transcript->messages == NULL || call->number < 1 || call->number > transcript->messages->len)
    return;
  for (guint i = 0; i < self->transcript_sockets->len; i++)
    {
      SoupWebsocketConnection *ws = g_ptr_array_index (self->transcript_sockets, i);

      if (GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (ws), "index")) == call->index)
        _ohs_send_message_frame (ws, g_ptr_array_index (transcript->messages, call->number - 1));
    }
}

void
oc_hostile_server_resend_message (OcHostileServer *self,
                                  guint            index,
                                  gint64           seq)
{
  CALL (self, resend_message_func, .index = index, .number = seq);
}

static void
end_transcript_func (gpointer data)
{
  Call *call = data;
  OcHostileServer *self = call->self;
  g_autoptr(GPtrArray) sockets = g_ptr_array_copy (self->transcript_sockets, _ohs_copy_ref, NULL);

  g_ptr_array_set_free_func (sockets, g_object_unref);
  g_free (self->transcripts[call->index].ended_reason);
  self->transcripts[call->index].ended_reason = g_strdup (call->text);
  for (guint i = 0; i < sockets->len; i++)
    {
      SoupWebsocketConnection *ws = g_ptr_array_index (sockets, i);

      if (GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (ws), "index")) == call->index &&
          soup_websocket_connection_get_state (ws) == SOUP_WEBSOCKET_STATE_OPEN)
        _ohs_send_ended (ws, call->text);
    }
}

void
oc_hostile_server_end_transcript (OcHostileServer *self,
                                  guint            index,
                                  const char      *reason)
{
  CALL (self, end_transcript_func, .index = index, .text = reason);
}

static void
close_transcripts_func (gpointer data)
{
  Call *call = data;
  g_autoptr(GPtrArray) sockets = g_ptr_array_copy (call->self->transcript_sockets, _ohs_copy_ref, NULL);

  g_ptr_array_set_free_func (sockets, g_object_unref);
  for (guint i = 0; i < sockets->len; i++)
    soup_websocket_connection_close (g_ptr_array_index (sockets, i), SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
}

void
oc_hostile_server_close_transcripts (OcHostileServer *self)
{
  CALL (self, close_transcripts_func);
}

static void
set_fail_func (gpointer data)
{
  Call *call = data;

  call->self->fail_actions = call->index;
}

void
oc_hostile_server_set_fail_actions (OcHostileServer *self,
                                    guint            n_failures)
{
  CALL (self, set_fail_func, .index = n_failures);
}

static void
start_stream_func (gpointer data)
{
  Call *call = data;
  OcHostileServer *self = call->self;

  self->stream_rate = call->index;
  self->stream_start = g_get_monotonic_time ();
  self->stream_end = self->stream_start + call->number;
  self->stream_sent = 0;
  self->stream_done = FALSE;
  self->stream_moves = call->flag;
  if (self->stream_rand == NULL)
    self->stream_rand = g_rand_new_with_seed (16);
  self->stream_source = g_timeout_source_new (1);
  g_source_set_callback (self->stream_source, _ohs_stream_tick_cb, self, NULL);
  g_source_attach (self->stream_source, self->context);
  g_source_unref (self->stream_source);
}

void
oc_hostile_server_start_stream (OcHostileServer *self,
                                guint            rate,
                                double           seconds)
{
  CALL (self, start_stream_func, .index = rate, .number = (gint64) (seconds * G_USEC_PER_SEC));
}

void
oc_hostile_server_start_stream_moves (OcHostileServer *self,
                                      guint            rate,
                                      double           seconds)
{
  CALL (self, start_stream_func, .index = rate, .number = (gint64) (seconds * G_USEC_PER_SEC),
        .flag = TRUE);
}
