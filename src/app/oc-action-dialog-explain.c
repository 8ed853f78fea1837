// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-action-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "oc-action-dialog.h"

/* A refusal in words a supervisor can act on; kept apart from the dialog so
 * the monitor pane and tests can use the same wording. */

void
oc_action_dialog_explain_error (const GError  *error,
                                const char    *rule_hint,
                                char         **title,
                                char         **next_step)
{
  const char *t;
  const char *n;

  g_return_if_fail (error != NULL);
  g_return_if_fail (title != NULL && next_step != NULL);

  if (error->domain != OC_SOURCE_ERROR)
    {
      *title = g_strdup (_("The request failed"));
      *next_step = g_strdup_printf (_("%s Try again; if it keeps failing, check the connection."),
                                    error->message);
      return;
    }

  switch ((OcSourceError) error->code)
    {
    case OC_SOURCE_ERROR_STATE_CHANGED:
      t = _("Another supervisor acted first");
      n = _("The conversation changed before your request arrived, so nothing was done. Close this window; the report shows where it is now.");
      break;
    case OC_SOURCE_ERROR_RULE_BROKEN:
      /* The server's own reason says exactly which rule (offline, full…). */
      *title = g_strdup_printf (_("The server refused: %s"), error->message);
      *next_step = g_strdup (rule_hint != NULL ? rule_hint : _("Choose differently, or try again later."));
      return;
    case OC_SOURCE_ERROR_FORBIDDEN:
      t = _("Your account may not do this");
      n = _("Only supervisors can assign, transfer or close conversations. Ask an administrator for supervisor rights.");
      break;
    case OC_SOURCE_ERROR_NOT_FOUND:
      t = _("The conversation, agent or queue no longer exists");
      n = _("It may have just ended or been removed. Close this window; the report shows what is live.");
      break;
    case OC_SOURCE_ERROR_UNAUTHORIZED:
      t = _("The server no longer accepts your sign-in");
      n = _("Sign in again, then retry.");
      break;
    case OC_SOURCE_ERROR_RATE_LIMITED:
      t = _("Too many requests at once");
      n = _("Wait a few seconds, then try again.");
      break;
    case OC_SOURCE_ERROR_UNAVAILABLE:
      t = _("The server cannot be reached");
      n = _("Check the network connection, then try again. If the request did go through, the report will show it.");
      break;
    case OC_SOURCE_ERROR_TLS:
      t = _("The server's certificate is not trusted");
      n = _("Check the server address and its certificate with your administrator.");
      break;
    case OC_SOURCE_ERROR_BAD_REQUEST:
    case OC_SOURCE_ERROR_PROTOCOL:
    default:
      *title = g_strdup (_("The request failed"));
      *next_step = g_strdup_printf (_("%s Try again; if it keeps failing, tell your administrator."),
                                    error->message);
      return;
    }

  *title = g_strdup (t);
  *next_step = g_strdup (n);
}
