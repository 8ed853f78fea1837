// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-model"

#include "config.h"

#include "oc-model-private.h"

static gboolean
set_string (char       **field,
            const char  *value)
{
  /* "" and NULL read the same ("" from getters); storing NULL costs nothing. */
  if (value != NULL && value[0] == '\0')
    value = NULL;

  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static gboolean
set_interned (const char **field,
              const char  *value)
{
  const char *interned = g_intern_string (value);

  if (*field == interned)
    return FALSE;

  *field = interned;
  return TRUE;
}

gboolean
_oc_set_interned_strv (const char       ***field,
                       const char * const *value)
{
  const char **old = *field;
  const char **copy;
  guint n = value != NULL ? g_strv_length ((char **) value) : 0;
  gboolean same = TRUE;
  guint i;

  /* Compare first without interning: most updates leave skills alone. */
  for (i = 0; i < n && same; i++)
    same = old != NULL && old[i] != NULL && g_str_equal (old[i], value[i]);
  if (same && (old == NULL ? n == 0 : old[n] == NULL))
    return FALSE;

  copy = NULL;
  if (n > 0)
    {
      copy = g_new (const char *, n + 1);
      for (i = 0; i < n; i++)
        copy[i] = g_intern_string (value[i]);
      copy[n] = NULL;
    }

  g_free (old);
  *field = copy;
  return TRUE;
}

const char * const *
_oc_strv_or_empty (const char **strv)
{
  static const char * const empty[] = { NULL };

  return strv != NULL ? (const char * const *) strv : empty;
}

static gboolean
notify_if (GObject    *object,
           GParamSpec *pspec,
           gboolean    changed)
{
  if (changed)
    g_object_notify_by_pspec (object, pspec);
  return changed;
}

gboolean
_oc_notify_string (GObject     *object,
                   GParamSpec  *pspec,
                   char       **field,
                   const char  *value)
{
  return notify_if (object, pspec, set_string (field, value));
}

gboolean
_oc_notify_interned (GObject     *object,
                     GParamSpec  *pspec,
                     const char **field,
                     const char  *value)
{
  return notify_if (object, pspec, set_interned (field, value));
}

gboolean
_oc_notify_interned_strv (GObject             *object,
                          GParamSpec          *pspec,
                          const char        ***field,
                          const char * const  *value)
{
  return notify_if (object, pspec, _oc_set_interned_strv (field, value));
}

gboolean
_oc_notify_uint (GObject    *object,
                 GParamSpec *pspec,
                 guint      *field,
                 guint       value)
{
  if (*field == value)
    return FALSE;

  *field = value;
  g_object_notify_by_pspec (object, pspec);
  return TRUE;
}
