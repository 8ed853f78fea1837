// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Field helpers shared by the domain objects. Each returns TRUE when the
 * stored value changed, so the caller notifies only then. */

gboolean            _oc_set_string        (char              **field,
                                           const char         *value);
gboolean            _oc_set_interned      (const char        **field,
                                           const char         *value);
/* @field holds NULL or a NULL-terminated array of interned strings; an empty
 * @value is stored as NULL. */
gboolean            _oc_set_interned_strv (const char       ***field,
                                           const char * const *value);
const char * const *_oc_strv_or_empty     (const char        **strv);

G_END_DECLS
