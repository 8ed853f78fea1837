// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <libsoup/soup.h>

#include "oc-transcript.h"

G_BEGIN_DECLS

#define OC_CLIENT_TRANSCRIPT_KEEPALIVE_SECONDS 10

#define OC_TYPE_CLIENT_TRANSCRIPT (oc_client_transcript_get_type ())
G_DECLARE_FINAL_TYPE (OcClientTranscript, oc_client_transcript, OC, CLIENT_TRANSCRIPT, OcTranscript)

OcTranscript *oc_client_transcript_new                   (SoupSession        *session,
                                                          const char         *base_url,
                                                          const char         *authorization,
                                                          const char         *conversation_id,
                                                          guint               reconnect_max_seconds);
void          oc_client_transcript_set_keepalive_seconds (OcClientTranscript *self,
                                                          guint               seconds);

G_END_DECLS
