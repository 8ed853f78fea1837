// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gtk/gtk.h>

#include "oc-source.h"

G_BEGIN_DECLS

#define OC_TYPE_STEPPING_BAR (oc_stepping_bar_get_type ())
G_DECLARE_FINAL_TYPE (OcSteppingBar, oc_stepping_bar, OC, STEPPING_BAR, GtkWidget)

/* Under the monitor's header (#22): who else watches the conversation, the
 * agent's help flag with Lower Flag, and a whisper to the agent. */
GtkWidget      *oc_stepping_bar_new              (void);
void            oc_stepping_bar_set_source       (OcSteppingBar  *self,
                                                  OcSource       *source);
void            oc_stepping_bar_set_conversation (OcSteppingBar  *self,
                                                  OcConversation *conversation);
void            oc_stepping_bar_set_ended        (OcSteppingBar  *self,
                                                  gboolean        ended);
char           *oc_stepping_bar_describe_others  (OcConversation *conversation,
                                                  const char     *me);

G_END_DECLS
