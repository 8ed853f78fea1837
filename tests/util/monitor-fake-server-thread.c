// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "monitor-fake-server"

#include "config.h"

#include "monitor-fake-server-private.h"

/* ------------------------------------------------------------------------ */
/* Calls from the test's thread, run on the server's and waited for. */

typedef void (*ServerFunc) (FakeServer *self,
                            gpointer    data);

typedef struct {
  FakeServer *self;
  ServerFunc  func;
  gpointer    data;
  gboolean    done;
} Call;

static gboolean
call_cb (gpointer user_data)
{
  Call *call = user_data;

  call->func (call->self, call->data);
  g_mutex_lock (&call->self->lock);
  call->done = TRUE;
  g_cond_broadcast (&call->self->cond);
  g_mutex_unlock (&call->self->lock);

  return G_SOURCE_REMOVE;
}

static void
run_sync (FakeServer *self,
          ServerFunc  func,
          gpointer    data)
{
  Call call = { self, func, data, FALSE };

  g_main_context_invoke (self->context, call_cb, &call);
  g_mutex_lock (&self->lock);
  while (!call.done)
    g_cond_wait (&self->cond, &self->lock);
  g_mutex_unlock (&self->lock);
}

static gpointer
server_thread (gpointer data)
{
  FakeServer *self = data;

  g_main_context_push_thread_default (self->context);
  g_main_loop_run (self->loop);
  /* Let closed sockets finish their business before the context goes. */
  while (g_main_context_iteration (self->context, FALSE))
    ;
  g_main_context_pop_thread_default (self->context);

  return NULL;
}

FakeServer *
fake_server_new (OcRole      role,
                 const char *channel)
{
  FakeServer *self = g_new0 (FakeServer, 1);

  self->role = role;
  self->channel = g_strdup (channel != NULL ? channel : "messaging");
  self->entries = g_array_new (FALSE, TRUE, sizeof (Entry));
  g_array_set_clear_func (self->entries, _fake_entry_clear);
  self->transcripts = g_ptr_array_new_with_free_func (g_object_unref);
  self->events = g_ptr_array_new_with_free_func (g_object_unref);
  self->revision = 1;
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->thread = g_thread_new ("fake-server", server_thread, self);

  run_sync (self, _fake_server_start, NULL);

  return self;
}

void
fake_server_free (FakeServer *self)
{
  run_sync (self, _fake_server_stop, NULL);
  g_main_loop_quit (self->loop);
  g_thread_join (self->thread);
  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_ptr_array_unref (self->transcripts);
  g_ptr_array_unref (self->events);
  g_array_unref (self->entries);
  g_free (self->channel);
  g_free (self->ended_reason);
  g_free (self->refuse_code);
  g_free (self->refuse_message);
  g_free (self);
}

char *
fake_server_get_url (FakeServer *self)
{
  return g_strdup_printf ("http://127.0.0.1:%u", self->port);
}

/* ------------------------------------------------------------------------ */
/* Public API: each call runs on the server thread. */

typedef struct {
  const char *role, *name, *kind, *text;
  gint64      seq;
} AddMessage;

static void
add_message_call (FakeServer *self,
                  gpointer    data)
{
  AddMessage *call = data;

  call->seq = _fake_server_add_message (self, call->role, call->name, call->kind, call->text);
}

gint64
fake_server_add_message (FakeServer *self,
                    const char *role,
                    const char *name,
                    const char *kind,
                    const char *text)
{
  AddMessage call = { role, name, kind, text, 0 };

  run_sync (self, add_message_call, &call);
  return call.seq;
}

static void
add_raw_frame_call (FakeServer *self,
                    gpointer    data)
{
  _fake_server_add_raw_frame (self, data);
}

void
fake_server_add_raw_frame (FakeServer *self,
                      GBytes     *frame)
{
  run_sync (self, add_raw_frame_call, frame);
}

static void
end_call (FakeServer *self,
          gpointer    data)
{
  _fake_server_end (self, data);
}

void
fake_server_end (FakeServer *self,
            const char *reason)
{
  run_sync (self, end_call, (gpointer) reason);
}

static void
remove_call (FakeServer *self,
             gpointer    data)
{
  _fake_server_remove (self, data);
}

void
fake_server_remove (FakeServer *self,
                    const char *reason)
{
  run_sync (self, remove_call, (gpointer) reason);
}

static void
restart_call (FakeServer *self,
              gpointer    data)
{
  _fake_server_restart (self, GPOINTER_TO_UINT (data));
}

void
fake_server_restart (FakeServer *self,
                guint       down_ms)
{
  run_sync (self, restart_call, GUINT_TO_POINTER (down_ms));
}

typedef struct {
  guint       status;
  const char *code, *message;
} Refuse;

static void
refuse_call (FakeServer *self,
             gpointer    data)
{
  Refuse *call = data;

  _fake_server_refuse_next_message (self, call->status, call->code, call->message);
}

void
fake_server_refuse_next_message (FakeServer *self,
                            guint       status,
                            const char *code,
                            const char *message)
{
  Refuse call = { status, code, message };

  run_sync (self, refuse_call, &call);
}

typedef struct {
  guint  n_connects;
  gint64 last_seq;
  gint64 last_after;
} Counters;

static void
counters_call (FakeServer *self,
               gpointer    data)
{
  Counters *counters = data;

  counters->n_connects = self->n_connects;
  counters->last_seq = self->last_seq;
  counters->last_after = self->last_after;
}

guint
fake_server_get_n_connects (FakeServer *self)
{
  Counters counters;

  run_sync (self, counters_call, &counters);
  return counters.n_connects;
}

gint64
fake_server_get_last_seq (FakeServer *self)
{
  Counters counters;

  run_sync (self, counters_call, &counters);
  return counters.last_seq;
}

gint64
fake_server_get_last_after (FakeServer *self)
{
  Counters counters;

  run_sync (self, counters_call, &counters);
  return counters.last_after;
}
