// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-a11y"

#include "config.h"

#include "oc-a11y.h"

#if !GTK_CHECK_VERSION (4, 10, 0)
static void
fix_button (GtkButton *button)
{
  const char *label = gtk_button_get_label (button);
  g_autoptr(GString) plain = NULL;
  g_autofree char *check = NULL;

  if (label == NULL || !gtk_button_get_use_underline (button))
    return;

  /* "__" is a literal underscore; "_x" marks the mnemonic. */
  plain = g_string_new (NULL);
  for (const char *p = label; *p != '\0'; p++)
    {
      if (*p == '_' && p[1] == '_')
        g_string_append_c (plain, *p++);
      else if (*p != '_')
        g_string_append_c (plain, *p);
    }

  gtk_accessible_reset_relation (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_RELATION_LABELLED_BY);

  /* A label given in the template stays; GTK's own is the raw text. GTK 4.8
   * has no getter for accessible properties but its test API. */
  check = gtk_test_accessible_check_property (GTK_ACCESSIBLE (button),
                                              GTK_ACCESSIBLE_PROPERTY_LABEL, label);
  if (check == NULL || !gtk_test_accessible_has_property (GTK_ACCESSIBLE (button),
                                                          GTK_ACCESSIBLE_PROPERTY_LABEL))
    gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, plain->str,
                                    -1);
}

/* GTK 4.8's stack switcher names its tabs by the page's raw title, mnemonic
 * and all ("To an _Agent"); the label inside has the plain text. */
static void
fix_switcher_tab (GtkWidget *tab)
{
  for (GtkWidget *child = gtk_widget_get_first_child (tab);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LABEL (child))
      {
        gtk_accessible_update_property (GTK_ACCESSIBLE (tab),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        gtk_label_get_text (GTK_LABEL (child)),
                                        -1);
        return;
      }
}
#endif

/**
 * oc_a11y_fix_button_names:
 * @root: the widget to fix, with all under it
 *
 * GTK 4.8 names a button with a mnemonic label twice over AT-SPI, the raw
 * label and then its text ("_Cancel Cancel"); later GTK names it once. Gives
 * every such button under @root (itself included) its plain label as name,
 * and a stack switcher's tabs their title without the underscore.
 * Call it after building a template, and after changing a button's label.
 */
void
oc_a11y_fix_button_names (GtkWidget *root)
{
#if !GTK_CHECK_VERSION (4, 10, 0)
  g_return_if_fail (GTK_IS_WIDGET (root));

  /* Accessibility turned off: widgets have no context to fix (or query). */
  if (g_strcmp0 (g_getenv ("GTK_A11Y"), "none") == 0)
    return;

  if (GTK_IS_BUTTON (root))
    fix_button (GTK_BUTTON (root));
  if (GTK_IS_TOGGLE_BUTTON (root) && GTK_IS_STACK_SWITCHER (gtk_widget_get_parent (root)))
    fix_switcher_tab (root);

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    oc_a11y_fix_button_names (child);
#endif
}
