// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "fake-entra"

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "fake-entra.h"

#define DEVICE_CODE "fake-device-code"

struct _FakeEntra {
  SoupServer *server;
  char       *url;
  guint       pending;
  guint       slow_down;
  gboolean    decline;
  guint       expires_in;
  guint       token_lifetime;
  guint       polls;
  guint       serial;
  char       *access_token;
  char       *refresh_token;
  GPtrArray  *requests;
  GArray     *request_times;
};

static void
answer (SoupServerMessage *msg,
        guint              status,
        const char        *format,
        ...)
{
  va_list args;
  char *body;

  va_start (args, format);
  body = g_strdup_vprintf (format, args);
  va_end (args);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json; charset=utf-8",
                                    SOUP_MEMORY_TAKE, body, strlen (body));
}

static void
answer_error (SoupServerMessage *msg,
              const char        *code)
{
  /* As Microsoft's: 400 with the code and an AADSTS description. */
  answer (msg, SOUP_STATUS_BAD_REQUEST,
          "{\"error\":\"%s\",\"error_description\":\"AADSTS70016: %s.\",\"error_codes\":[70016]}",
          code, code);
}

static void
issue_tokens (FakeEntra         *self,
              SoupServerMessage *msg)
{
  self->serial++;
  g_free (self->access_token);
  self->access_token = g_strdup_printf ("access-%u", self->serial);
  g_free (self->refresh_token);
  self->refresh_token = g_strdup_printf ("refresh-%u", self->serial);
  answer (msg, SOUP_STATUS_OK,
          "{\"token_type\":\"Bearer\",\"scope\":\"user_impersonation\",\"expires_in\":%u,"
          "\"access_token\":\"%s\",\"refresh_token\":\"%s\",\"id_token\":\"x\"}",
          self->token_lifetime, self->access_token, self->refresh_token);
}

static void
handle_token (FakeEntra         *self,
              SoupServerMessage *msg,
              GHashTable        *form)
{
  const char *grant = g_hash_table_lookup (form, "grant_type");

  if (g_strcmp0 (grant, "urn:ietf:params:oauth:grant-type:device_code") == 0)
    {
      guint poll;

      if (g_strcmp0 (g_hash_table_lookup (form, "device_code"), DEVICE_CODE) != 0)
        {
          answer_error (msg, "bad_verification_code");
          return;
        }
      poll = self->polls++;
      if (poll < self->pending)
        answer_error (msg, "authorization_pending");
      else if (poll < self->pending + self->slow_down)
        answer_error (msg, "slow_down");
      else if (self->decline)
        answer_error (msg, "authorization_declined");
      else
        issue_tokens (self, msg);
      return;
    }

  if (g_strcmp0 (grant, "refresh_token") == 0)
    {
      if (self->refresh_token == NULL ||
          g_strcmp0 (g_hash_table_lookup (form, "refresh_token"), self->refresh_token) != 0)
        answer_error (msg, "invalid_grant");
      else
        issue_tokens (self, msg);
      return;
    }

  answer_error (msg, "unsupported_grant_type");
}

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  FakeEntra *self = user_data;
  SoupMessageBody *request = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (request);
  g_autofree char *body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_autoptr(GHashTable) form = NULL;
  g_auto(GStrv) parts = g_strsplit (path, "/", -1);
  gint64 now = g_get_monotonic_time ();
  const char *endpoint;

  /* "", tenant, "oauth2", "v2.0", endpoint */
  if (g_strcmp0 (soup_server_message_get_method (msg), "POST") != 0 ||
      g_strv_length (parts) != 5 || g_strcmp0 (parts[2], "oauth2") != 0 ||
      g_strcmp0 (parts[3], "v2.0") != 0)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }
  endpoint = parts[4];
  form = soup_form_decode (body);
  g_ptr_array_add (self->requests, g_strdup_printf ("%s %s", endpoint, body));
  g_array_append_val (self->request_times, now);

  if (g_strcmp0 (endpoint, "devicecode") == 0)
    {
      if (g_hash_table_lookup (form, "client_id") == NULL || g_hash_table_lookup (form, "scope") == NULL)
        {
          answer_error (msg, "invalid_request");
          return;
        }
      self->polls = 0;
      answer (msg, SOUP_STATUS_OK,
              "{\"user_code\":\"" FAKE_ENTRA_USER_CODE "\",\"device_code\":\"" DEVICE_CODE "\","
              "\"verification_uri\":\"https://microsoft.com/devicelogin\",\"expires_in\":%u,"
              "\"interval\":1,\"message\":\"To sign in, use a web browser to open the page "
              "https://microsoft.com/devicelogin and enter the code " FAKE_ENTRA_USER_CODE
              " to authenticate.\"}", self->expires_in);
    }
  else if (g_strcmp0 (endpoint, "token") == 0)
    handle_token (self, msg, form);
  else
    soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
}

FakeEntra *
fake_entra_new (void)
{
  FakeEntra *self = g_new0 (FakeEntra, 1);
  g_autoptr(GError) error = NULL;
  GSList *uris;

  self->pending = 2;
  self->slow_down = 1;
  self->expires_in = 900;
  self->token_lifetime = 3600;
  self->requests = g_ptr_array_new_with_free_func (g_free);
  self->request_times = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->server = soup_server_new ("server-header", "fake-entra", NULL);
  soup_server_add_handler (self->server, NULL, handler, self, NULL);
  if (!soup_server_listen_local (self->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    g_error ("fake-entra: %s", error->message);

  uris = soup_server_get_uris (self->server);
  self->url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return self;
}

void
fake_entra_free (FakeEntra *self)
{
  soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  g_free (self->url);
  g_free (self->access_token);
  g_free (self->refresh_token);
  g_ptr_array_unref (self->requests);
  g_array_unref (self->request_times);
  g_free (self);
}

const char *
fake_entra_get_url (FakeEntra *self)
{
  return self->url;
}

void
fake_entra_set_script (FakeEntra *self,
                       guint      pending,
                       guint      slow_down)
{
  self->pending = pending;
  self->slow_down = slow_down;
}

void
fake_entra_decline (FakeEntra *self)
{
  self->decline = TRUE;
}

void
fake_entra_set_expires_in (FakeEntra *self,
                           guint      seconds)
{
  self->expires_in = seconds;
}

void
fake_entra_set_token_lifetime (FakeEntra *self,
                               guint      seconds)
{
  self->token_lifetime = seconds;
}

const char *
fake_entra_get_access_token (FakeEntra *self)
{
  return self->access_token;
}

GPtrArray *
fake_entra_get_requests (FakeEntra *self)
{
  return self->requests;
}

GArray *
fake_entra_get_request_times (FakeEntra *self)
{
  return self->request_times;
}
