// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Field helpers shared by the domain objects. */

/* Stores @value in @field, NULL or a NULL-terminated array of interned
 * strings (an empty @value is stored as NULL). Returns whether @field
 * changed, so that the caller notifies only then. */
gboolean            _oc_set_interned_strv    (const char       ***field,
                                              const char * const *value);
/* @strv, or an empty array when it is NULL: what a getter returns. */
const char * const *_oc_strv_or_empty        (const char        **strv);

/* Set and notify, the body of a property setter or one line of an
 * update_from(): each stores @value in @field and, when that changed it,
 * notifies @pspec on @object. Each returns whether it did. Strings store ""
 * as NULL; interned ones store g_intern_string (@value). */
gboolean            _oc_notify_string        (GObject             *object,
                                              GParamSpec          *pspec,
                                              char               **field,
                                              const char          *value);
gboolean            _oc_notify_interned      (GObject             *object,
                                              GParamSpec          *pspec,
                                              const char         **field,
                                              const char          *value);
gboolean            _oc_notify_interned_strv (GObject             *object,
                                              GParamSpec          *pspec,
                                              const char        ***field,
                                              const char * const  *value);
gboolean            _oc_notify_uint          (GObject             *object,
                                              GParamSpec          *pspec,
                                              guint               *field,
                                              guint                value);

G_END_DECLS
