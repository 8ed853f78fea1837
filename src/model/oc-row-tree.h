// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * OcRowTree: a sequence of distinct elements (pointers the tree does not
 * own) with positions, as a counted B+tree: leaves hold up to 64 elements,
 * inner nodes up to 16 children with each child's element count. Each
 * element has a small number of its own, its slot (OcRowTreeSlotFunc), by
 * which the tree finds the leaf that holds it without a search. Finding
 * an element's position, the element at a position, inserting and removing
 * are O(log n) and touch a node a level; about 9 B an element plus 8 B a slot.
 */
typedef struct _OcRowTree OcRowTree;

/* The element's slot: small, dense, and its own while it is in the tree. */
typedef guint (*OcRowTreeSlotFunc) (gconstpointer element);

/* A place in the tree, valid until the tree changes. */
typedef struct
{
  gpointer leaf;    /* private */
  guint    index;
} OcRowTreeIter;

OcRowTree *oc_row_tree_new            (OcRowTreeSlotFunc  slot_func);
void       oc_row_tree_free           (OcRowTree         *tree);
/* Sizes the slot array for slots below @n_slots (it grows by itself too). */
void       oc_row_tree_reserve        (OcRowTree         *tree,
                                       guint              n_slots);
guint      oc_row_tree_get_n_items    (const OcRowTree   *tree);
gboolean   oc_row_tree_contains       (const OcRowTree   *tree,
                                       gconstpointer      element);
/* NULL past the end. */
gpointer   oc_row_tree_get_nth        (const OcRowTree   *tree,
                                       guint              position);
/* G_MAXUINT when @element is not in the tree. */
guint      oc_row_tree_get_position   (const OcRowTree   *tree,
                                       gconstpointer      element);
gpointer   oc_row_tree_get_first      (const OcRowTree   *tree);
gpointer   oc_row_tree_get_last       (const OcRowTree   *tree);
/* NULL at either end. */
gpointer   oc_row_tree_get_next       (const OcRowTree   *tree,
                                       gconstpointer      element);
gpointer   oc_row_tree_get_prev       (const OcRowTree   *tree,
                                       gconstpointer      element);

/* @element must not be in the tree yet. */
void       oc_row_tree_insert_at      (OcRowTree         *tree,
                                       guint              position,
                                       gpointer           element);
/* Before @sibling, an element of the tree; at the end when NULL. */
void       oc_row_tree_insert_before  (OcRowTree         *tree,
                                       gpointer           sibling,
                                       gpointer           element);
/* After the elements that do not compare greater; the tree must be in the
 * order of @compare. Returns the position it took. */
guint      oc_row_tree_insert_sorted  (OcRowTree         *tree,
                                       gpointer           element,
                                       GCompareDataFunc   compare,
                                       gpointer           user_data);
/* Where oc_row_tree_insert_sorted() would put @key: the position of the
 * first element that compares greater, which it stores in @successor
 * (NULL: none). */
guint      oc_row_tree_search         (const OcRowTree   *tree,
                                       gconstpointer      key,
                                       GCompareDataFunc   compare,
                                       gpointer           user_data,
                                       gpointer          *successor);
/* Returns the position @element had. */
guint      oc_row_tree_remove         (OcRowTree         *tree,
                                       gconstpointer      element);
/* Replaces the content with @elements, in that order, in O(n). @slots,
 * when not NULL, are the elements' slots, which saves asking for them. */
void       oc_row_tree_set_all        (OcRowTree         *tree,
                                       gpointer const    *elements,
                                       const guint32     *slots,
                                       guint              n_elements);
void       oc_row_tree_foreach        (const OcRowTree   *tree,
                                       GFunc              func,
                                       gpointer           user_data);
/* The bytes the tree holds: its nodes and its slot array. */
gsize      oc_row_tree_get_heap_size  (const OcRowTree   *tree);
/* Asserts every invariant of the tree's shape, for tests. */
void       oc_row_tree_check          (const OcRowTree   *tree);

/* FALSE when @element is not in the tree. */
gboolean   oc_row_tree_iter_init_at   (const OcRowTree   *tree,
                                       gconstpointer      element,
                                       OcRowTreeIter     *iter);
/* At the element at @position; FALSE past the end. */
gboolean   oc_row_tree_iter_init_nth  (const OcRowTree   *tree,
                                       guint              position,
                                       OcRowTreeIter     *iter);
gpointer   oc_row_tree_iter_get       (const OcRowTreeIter *iter);
/* FALSE, leaving @iter alone, at either end. */
gboolean   oc_row_tree_iter_next      (OcRowTreeIter     *iter);
gboolean   oc_row_tree_iter_prev      (OcRowTreeIter     *iter);

G_END_DECLS
