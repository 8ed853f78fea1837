// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Text the simulator draws from: a realistic floor's names and lines in many
 * scripts, with emoji and right-to-left text; and, for tests, strings that
 * look like markup, so every client is seen to show them literally. */

extern const char * const oc_sim_customer_names[];
extern const guint        oc_sim_n_customer_names;
extern const char * const oc_sim_agent_names[];
extern const guint        oc_sim_n_agent_names;
extern const char * const oc_sim_given_names[];
extern const guint        oc_sim_n_given_names;
extern const char * const oc_sim_family_names[];
extern const guint        oc_sim_n_family_names;
extern const char * const oc_sim_subjects[];
extern const guint        oc_sim_n_subjects;
extern const char * const oc_sim_customer_lines[];
extern const guint        oc_sim_n_customer_lines;
extern const char * const oc_sim_agent_lines[];
extern const guint        oc_sim_n_agent_lines;
extern const char * const oc_sim_bot_lines[];
extern const guint        oc_sim_n_bot_lines;
extern const char * const oc_sim_skills[];
extern const guint        oc_sim_n_skills;
extern const char * const oc_sim_presence_texts[];
extern const guint        oc_sim_n_presence_texts;
extern const char * const oc_sim_hostile_texts[];
extern const guint        oc_sim_n_hostile_texts;

G_END_DECLS
