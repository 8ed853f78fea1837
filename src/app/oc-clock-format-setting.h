// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gio/gio.h>

#include "oc-format.h"

G_BEGIN_DECLS

#define OC_TYPE_CLOCK_FORMAT (oc_clock_format_get_type ())
GType oc_clock_format_get_type (void);

#define OC_TYPE_CLOCK_FORMAT_SETTING (oc_clock_format_setting_get_type ())
G_DECLARE_FINAL_TYPE (OcClockFormatSetting, oc_clock_format_setting, OC, CLOCK_FORMAT_SETTING, GObject)

/*
 * The desktop's 12- or 24-hour clock. Inside a Flatpak sandbox GSettings
 * answers with the sandbox's own default, so there the choice is read from
 * the Settings portal (and followed through its SettingChanged signal);
 * elsewhere from org.gnome.desktop.interface directly.
 */
OcClockFormatSetting *oc_clock_format_setting_get_default    (void);
OcClockFormatSetting *oc_clock_format_setting_new_for_portal (GDBusConnection      *bus);
OcClockFormat         oc_clock_format_setting_get_clock_format (OcClockFormatSetting *self);
gboolean              oc_clock_format_setting_get_from_portal  (OcClockFormatSetting *self);

G_END_DECLS
