// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-start-page"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "oc-backend.h"
#include "oc-keyring.h"
#include "oc-open-uri.h"
#include "oc-start-page.h"
#include "oc-token.h"

struct _OcStartPage
{
  GtkWidget         parent_instance;

  GtkEntry         *url_entry;
  GtkPasswordEntry *token_entry;
  GtkBox           *error_box;
  GtkLabel         *error_label;
  GtkSpinner       *spinner;
  GtkButton        *demo_button;
  GtkButton        *connect_button;
  GtkLabel         *backend_hint;
  GtkEntry         *ca_file_entry;
  GtkButton        *sign_in_button;
  GtkBox           *sign_in_box;
  GtkButton        *verification_button;
  GtkLabel         *user_code_label;
  GtkButton        *copy_code_button;
  GtkSpinner       *sign_in_spinner;
  GtkLabel         *sign_in_status;
  GSettings        *settings;

  char             *dataverse_url;  /* Dynamics 365 whatever its host (--dataverse) */
  /* Sign In with Microsoft, while it runs */
  OcEntraSignIn    *sign_in;
  char             *sign_in_url;
  GCancellable     *sign_in_cancellable;
};

enum {
  CONNECT,
  DEMO,
  SIGNED_IN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (OcStartPage, oc_start_page, GTK_TYPE_WIDGET)

/* Accepts "cc.example.com" as https://cc.example.com; only http and https. */
static char *
normalize_url (const char  *text,
               GError     **error)
{
  g_autofree char *candidate = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  text = text ? text : "";
  while (g_ascii_isspace (*text))
    text++;

  if (*text == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Enter the address of your contact-center server."));
      return NULL;
    }

  candidate = strstr (text, "://") ? g_strdup (text) : g_strconcat ("https://", text, NULL);
  g_strchomp (candidate);

  uri = g_uri_parse (candidate, G_URI_FLAGS_NONE, NULL);
  scheme = uri ? g_uri_get_scheme (uri) : NULL;

  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a web address. It looks like https://cc.example.com."), text);
      return NULL;
    }

  if (g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The server address must start with https:// or http://, not %s://."), scheme);
      return NULL;
    }

  return g_steal_pointer (&candidate);
}

/**
 * oc_start_page_submit:
 *
 * Checks the fields and emits "connect" with the address made whole
 * (https:// added), or shows what is wrong under them.
 *
 * Returns: %TRUE if "connect" was emitted
 */
gboolean
oc_start_page_submit (OcStartPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  const char *token;

  g_return_val_if_fail (OC_IS_START_PAGE (self), FALSE);

  url = normalize_url (gtk_editable_get_text (GTK_EDITABLE (self->url_entry)), &error);
  if (url == NULL)
    {
      oc_start_page_set_error (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->url_entry));
      return FALSE;
    }

  token = gtk_editable_get_text (GTK_EDITABLE (self->token_entry));
  if (token[0] == '\0')
    {
      oc_start_page_set_error (self, _("Enter the access token your administrator gave you."));
      gtk_widget_grab_focus (GTK_WIDGET (self->token_entry));
      return FALSE;
    }

  oc_start_page_set_error (self, NULL);
  g_signal_emit (self, signals[CONNECT], 0, url, token);

  return TRUE;
}

/* A Dynamics 365 address needs an Entra ID token, not one from an
 * administrator: say where one comes from. Plain text: the address is typed. */
static void
oc_start_page_update_hint (OcStartPage *self)
{
  g_autofree char *url = normalize_url (gtk_editable_get_text (GTK_EDITABLE (self->url_entry)), NULL);
  g_autofree char *hint = NULL;

  gboolean dataverse = url != NULL && (oc_backend_is_dataverse_url (url) ||
                                       g_strcmp0 (url, self->dataverse_url) == 0);

  /* Signing in asks Entra ID for a token for this one organisation. */
  gtk_widget_set_visible (GTK_WIDGET (self->sign_in_button), dataverse);
  if (!dataverse)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->backend_hint), FALSE);
      return;
    }

  /* Translators: %s is the organisation's address; the command is the Azure CLI's. */
  hint = g_strdup_printf (_("A Dynamics 365 organisation: sign in with Microsoft, or give an access token from Microsoft Entra ID, for example: az account get-access-token --resource %s --query accessToken -o tsv"),
                          url);
  gtk_label_set_text (self->backend_hint, hint);
  gtk_widget_set_visible (GTK_WIDGET (self->backend_hint), TRUE);
}

/**
 * oc_start_page_get_hint:
 *
 * Returns: (transfer none) (nullable): what the page says about the kind of
 *   server typed (for a Dynamics 365 organisation: where its token comes
 *   from), or %NULL
 */
const char *
oc_start_page_get_hint (OcStartPage *self)
{
  g_return_val_if_fail (OC_IS_START_PAGE (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->backend_hint)) ?
         gtk_label_get_text (self->backend_hint) : NULL;
}

static void
oc_start_page_connect_clicked_cb (OcStartPage *self)
{
  oc_start_page_submit (self);
}

static void
oc_start_page_demo_clicked_cb (OcStartPage *self)
{
  oc_start_page_set_error (self, NULL);
  g_signal_emit (self, signals[DEMO], 0);
}

/* Sign In with Microsoft --------------------------------------------------- */

static void
show_sign_in (OcStartPage *self,
              gboolean     shown)
{
  gtk_widget_set_visible (GTK_WIDGET (self->sign_in_box), shown);
  gtk_spinner_set_spinning (self->sign_in_spinner, shown);
  gtk_widget_set_sensitive (GTK_WIDGET (self->connect_button), !shown);
  gtk_widget_set_sensitive (GTK_WIDGET (self->demo_button), !shown);
  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_in_button), !shown);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "start.cancel-sign-in", shown);
}

/* The code and the link as soon as Entra ID gives them. Untrusted text: a
 * plain label, never markup. */
static void
user_code_cb (OcStartPage *self)
{
  const char *code = oc_entra_sign_in_get_user_code (self->sign_in);
  const char *uri = oc_entra_sign_in_get_verification_uri (self->sign_in);
  gboolean has_code = code != NULL && uri != NULL;
  g_autofree char *name = NULL;

  gtk_label_set_text (self->user_code_label, code != NULL ? code : "");
  /* Translators: what a screen reader says of the code shown in large letters. */
  name = g_strdup_printf (_("Sign-in code: %s"), code != NULL ? code : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->user_code_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  gtk_button_set_label (self->verification_button, uri != NULL ? uri : "");
  gtk_widget_set_visible (GTK_WIDGET (self->user_code_label), has_code);
  gtk_widget_set_visible (GTK_WIDGET (self->copy_code_button), has_code);
  gtk_widget_set_visible (GTK_WIDGET (self->verification_button), has_code);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "start.copy-code", has_code);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "start.open-verification", has_code);
  gtk_label_set_text (self->sign_in_status,
                      has_code ? _("Waiting for you to sign in…") : _("Asking Microsoft for a code…"));
  if (has_code)
    gtk_widget_grab_focus (GTK_WIDGET (self->copy_code_button));
}

static void
clear_sign_in (OcStartPage *self)
{
  if (self->sign_in != NULL)
    g_signal_handlers_disconnect_by_data (self->sign_in, self);
  g_clear_object (&self->sign_in);
  g_clear_object (&self->sign_in_cancellable);
  g_clear_pointer (&self->sign_in_url, g_free);
}

static void
signed_in_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(OcStartPage) self = user_data;
  g_autoptr(OcEntraSignIn) sign_in = g_object_ref (OC_ENTRA_SIGN_IN (object));
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  if (!oc_entra_sign_in_device_code_finish (sign_in, result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* A sign-in started again since: this one is not shown any more. */
  if (sign_in != self->sign_in)
    return;

  url = g_steal_pointer (&self->sign_in_url);
  clear_sign_in (self);
  show_sign_in (self, FALSE);
  if (error != NULL)
    {
      /* Declined and expired codes say so themselves; the rest is why the
       * sign-in service could not be reached. */
      if (g_error_matches (error, OC_SOURCE_ERROR, OC_SOURCE_ERROR_UNAUTHORIZED))
        oc_start_page_set_error (self, error->message);
      else
        {
          /* Translators: %s is why (the network's or the service's words). */
          g_autofree char *text = g_strdup_printf (_("Could not sign in with Microsoft: %s"), error->message);
          oc_start_page_set_error (self, text);
        }
      gtk_widget_grab_focus (GTK_WIDGET (self->sign_in_button));
      return;
    }
  g_signal_emit (self, signals[SIGNED_IN], 0, url, sign_in);
}

/* The device code flow: Entra ID gives a code, the user enters it on
 * Microsoft's page in any browser (this one or a phone), and the page polls
 * until they signed in, declined, or the code expired. */
static void
sign_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  OcStartPage *self = OC_START_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = normalize_url (gtk_editable_get_text (GTK_EDITABLE (self->url_entry)), &error);

  if (url == NULL)
    {
      oc_start_page_set_error (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->url_entry));
      return;
    }

  g_cancellable_cancel (self->sign_in_cancellable);
  clear_sign_in (self);
  oc_start_page_set_error (self, NULL);

  self->sign_in = oc_backend_new_sign_in (url);
  self->sign_in_url = g_steal_pointer (&url);
  self->sign_in_cancellable = g_cancellable_new ();
  g_signal_connect_swapped (self->sign_in, "notify::user-code", G_CALLBACK (user_code_cb), self);
  user_code_cb (self);
  show_sign_in (self, TRUE);
  oc_entra_sign_in_device_code_async (self->sign_in, self->sign_in_cancellable,
                                      signed_in_cb, g_object_ref (self));
}

static void
cancel_sign_in_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  OcStartPage *self = OC_START_PAGE (widget);

  g_cancellable_cancel (self->sign_in_cancellable);
  clear_sign_in (self);
  show_sign_in (self, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->sign_in_button));
}

static void
copy_code_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  OcStartPage *self = OC_START_PAGE (widget);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), gtk_label_get_text (self->user_code_label));
  gtk_label_set_text (self->sign_in_status, _("Code copied. Waiting for you to sign in…"));
}

static void
verification_opened_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(OcStartPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (oc_open_uri_finish (result, &error) || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* The address stays on the button: it can be typed in any browser. */
  gtk_label_set_text (self->sign_in_status,
                      _("No web browser opened. Open the address above in a browser, on this computer or another."));
}

static void
open_verification_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  OcStartPage *self = OC_START_PAGE (widget);
  const char *uri = self->sign_in != NULL ? oc_entra_sign_in_get_verification_uri (self->sign_in) : NULL;

  if (uri != NULL)
    oc_open_uri_async (widget, uri, NULL, verification_opened_cb, g_object_ref (self));
}

static void
oc_start_page_dispose (GObject *object)
{
  OcStartPage *self = OC_START_PAGE (object);

  g_cancellable_cancel (self->sign_in_cancellable);
  clear_sign_in (self);
  g_clear_pointer (&self->dataverse_url, g_free);
  g_clear_object (&OC_START_PAGE (object)->settings);
  gtk_widget_dispose_template (GTK_WIDGET (object), OC_TYPE_START_PAGE);
  /* Unnamed template children are not cleared by the above. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (object)));)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (oc_start_page_parent_class)->dispose (object);
}

static gboolean
oc_start_page_grab_focus (GtkWidget *widget)
{
  OcStartPage *self = OC_START_PAGE (widget);

  if (gtk_editable_get_text (GTK_EDITABLE (self->url_entry))[0] == '\0')
    return gtk_widget_grab_focus (GTK_WIDGET (self->url_entry));

  return gtk_widget_grab_focus (GTK_WIDGET (self->token_entry));
}

static void
token_file_response_cb (GtkNativeDialog *chooser,
                        int              response,
                        OcStartPage     *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        oc_start_page_load_token_file (self, file);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

/* In the Flatpak sandbox, which cannot read ~/.cc-token, the chooser goes
 * through the file chooser portal, which lends the app the one file picked. */
static void
token_file_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  OcStartPage *self = OC_START_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Read the Access Token From a File"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (token_file_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
oc_start_page_class_init (OcStartPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = oc_start_page_dispose;
  widget_class->grab_focus = oc_start_page_grab_focus;

  signals[CONNECT] =
    g_signal_new ("connect", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  signals[DEMO] =
    g_signal_new ("demo", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNED_IN] =
    g_signal_new ("signed-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, OC_TYPE_ENTRA_SIGN_IN);

  gtk_widget_class_set_template_from_resource (widget_class,
      "/org/example/OngoingConversations/oc-start-page.ui");
  gtk_widget_class_bind_template_child (widget_class, OcStartPage, url_entry);
  gtk_widget_class_bind_template_child (widget_class, OcStartPage, token_entry);
  gtk_widget_class_bind_template_child (widget_class, OcStartPage, error_box);
  gtk_widget_class_bind_template_child (widget_class, OcStartPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, OcStartPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, OcStartPage, demo_button);
  gtk_widget_class_bind_template_child (widget_class, OcStartPage, connect_button);
  gtk_widget_class_bind_template_child (widget_class, OcStartPage, backend_hint);
  gtk_widget_class_bind_template_child (widget_class, OcStartPage, ca_file_entry);
  gtk_widget_class_bind_template_child (widget_class, OcStartPage, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, OcStartPage, sign_in_box);
  gtk_widget_class_bind_template_child (widget_class, OcStartPage, verification_button);
  gtk_widget_class_bind_template_child (widget_class, OcStartPage, user_code_label);
  gtk_widget_class_bind_template_child (widget_class, OcStartPage, copy_code_button);
  gtk_widget_class_bind_template_child (widget_class, OcStartPage, sign_in_spinner);
  gtk_widget_class_bind_template_child (widget_class, OcStartPage, sign_in_status);
  gtk_widget_class_bind_template_callback (widget_class, oc_start_page_connect_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, oc_start_page_demo_clicked_cb);

  gtk_widget_class_install_action (widget_class, "start.token-file", NULL, token_file_action);
  gtk_widget_class_install_action (widget_class, "start.sign-in", NULL, sign_in_action);
  gtk_widget_class_install_action (widget_class, "start.cancel-sign-in", NULL, cancel_sign_in_action);
  gtk_widget_class_install_action (widget_class, "start.copy-code", NULL, copy_code_action);
  gtk_widget_class_install_action (widget_class, "start.open-verification", NULL, open_verification_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
oc_start_page_init (OcStartPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Enter in either field connects. */
  g_signal_connect_swapped (self->url_entry, "activate",
                            G_CALLBACK (oc_start_page_submit), self);
  g_signal_connect_swapped (self->token_entry, "activate",
                            G_CALLBACK (oc_start_page_submit), self);
  g_signal_connect_swapped (self->url_entry, "changed",
                            G_CALLBACK (oc_start_page_update_hint), self);
  g_signal_connect_swapped (self->ca_file_entry, "activate",
                            G_CALLBACK (oc_start_page_submit), self);

  /* The private CA is the console's, not one server's: a setting. */
  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "tls-ca-file", self->ca_file_entry, "text", G_SETTINGS_BIND_DEFAULT);
  show_sign_in (self, FALSE);
  /* Built without libsecret: the refresh token lives only in memory. */
  if (!oc_keyring_is_available ())
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->sign_in_button),
                                 _("Sign in to the Dynamics 365 organisation with your Microsoft work account. "
                                   "This computer has no keyring for the console: the sign-in lasts until it closes."));
}

/**
 * oc_start_page_new:
 *
 * Returns: (transfer floating): a new start page with empty fields
 */
OcStartPage *
oc_start_page_new (void)
{
  return g_object_new (OC_TYPE_START_PAGE, NULL);
}

/**
 * oc_start_page_set_url:
 * @url: (nullable): the address to fill in
 */
void
oc_start_page_set_url (OcStartPage *self,
                       const char  *url)
{
  g_return_if_fail (OC_IS_START_PAGE (self));
  gtk_editable_set_text (GTK_EDITABLE (self->url_entry), url ? url : "");
}

/**
 * oc_start_page_get_url:
 *
 * Returns: (transfer none): the address as typed
 */
const char *
oc_start_page_get_url (OcStartPage *self)
{
  g_return_val_if_fail (OC_IS_START_PAGE (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->url_entry));
}

/**
 * oc_start_page_set_token:
 * @token: (nullable): the token to fill in (it stays hidden)
 */
void
oc_start_page_set_token (OcStartPage *self,
                         const char  *token)
{
  g_return_if_fail (OC_IS_START_PAGE (self));
  gtk_editable_set_text (GTK_EDITABLE (self->token_entry), token ? token : "");
}

/**
 * oc_start_page_set_error:
 * @message: (nullable): a message under the fields, or %NULL to hide it
 */
void
oc_start_page_set_error (OcStartPage *self,
                         const char  *message)
{
  g_return_if_fail (OC_IS_START_PAGE (self));

  gtk_label_set_label (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_box), message != NULL);
  if (message == NULL)
    oc_start_page_set_error_detail (self, NULL);
}

/**
 * oc_start_page_set_error_detail:
 * @detail: (nullable): the technical detail behind the error shown (the
 *   server's own words), or %NULL
 *
 * Keeps @detail out of the message and in its tooltip and accessible
 * description, for whoever needs it (an administrator).
 */
void
oc_start_page_set_error_detail (OcStartPage *self,
                                const char  *detail)
{
  g_return_if_fail (OC_IS_START_PAGE (self));

  gtk_widget_set_tooltip_text (GTK_WIDGET (self->error_label), detail);
  if (detail != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->error_label),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, detail,
                                    -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self->error_label),
                                   GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

/**
 * oc_start_page_get_error_detail:
 *
 * Returns: (transfer none) (nullable): the detail in the error's tooltip
 */
const char *
oc_start_page_get_error_detail (OcStartPage *self)
{
  g_return_val_if_fail (OC_IS_START_PAGE (self), NULL);
  return gtk_widget_get_tooltip_text (GTK_WIDGET (self->error_label));
}

/**
 * oc_start_page_get_error:
 *
 * Returns: (transfer none) (nullable): the message shown, or %NULL
 */
const char *
oc_start_page_get_error (OcStartPage *self)
{
  g_return_val_if_fail (OC_IS_START_PAGE (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->error_box)))
    return NULL;

  return gtk_label_get_label (self->error_label);
}

/**
 * oc_start_page_set_busy:
 * @busy: whether a connection is being tried: a spinner, and the buttons wait
 */
void
oc_start_page_set_busy (OcStartPage *self,
                        gboolean     busy)
{
  g_return_if_fail (OC_IS_START_PAGE (self));

  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->connect_button), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->demo_button), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_in_button), !busy);
}

/**
 * oc_start_page_load_token_file:
 * @file: the file picked
 *
 * Fills the token field from @file, checked as --token-file checks it (a
 * private regular file holding one token), or says under the fields why it
 * cannot be used. The token is never shown in the message.
 *
 * Returns: %TRUE if the token field was filled
 */
gboolean
oc_start_page_load_token_file (OcStartPage *self,
                               GFile       *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *token = NULL;

  g_return_val_if_fail (OC_IS_START_PAGE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  path = g_file_get_path (file);
  if (path == NULL)
    {
      oc_start_page_set_error (self, _("The token file must be on this computer."));
      return FALSE;
    }
  token = oc_token_load_from_file (path, &error);
  if (token == NULL)
    {
      oc_start_page_set_error (self, error->message);
      return FALSE;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->token_entry), token);
  memset (token, 0, strlen (token));
  oc_start_page_set_error (self, NULL);
  gtk_widget_grab_focus (GTK_WIDGET (self->connect_button));
  return TRUE;
}

/**
 * oc_start_page_set_dataverse_url:
 * @url: (nullable): an address that is a Dynamics 365 organisation whatever
 *   its host name (--dataverse)
 *
 * Offers Sign In with Microsoft for @url too, not only for *.dynamics.com.
 */
void
oc_start_page_set_dataverse_url (OcStartPage *self,
                                 const char  *url)
{
  g_return_if_fail (OC_IS_START_PAGE (self));

  g_free (self->dataverse_url);
  self->dataverse_url = g_strdup (url);
  oc_start_page_update_hint (self);
}

/**
 * oc_start_page_get_sign_in:
 *
 * Returns: (transfer none) (nullable): the sign-in under way, if any
 */
OcEntraSignIn *
oc_start_page_get_sign_in (OcStartPage *self)
{
  g_return_val_if_fail (OC_IS_START_PAGE (self), NULL);
  return self->sign_in;
}
