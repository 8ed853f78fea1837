// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-row-tree"

#include "config.h"

#include <string.h>

#include "oc-row-tree.h"

/*
 * Leaves hold the elements, inner nodes their children with each child's
 * count, so a position is the counts to the left on the way up from the
 * leaf. Every node but the root holds at least a quarter of its room; a
 * node that falls below merges with a sibling, or takes some of its entries
 * when both would not fit in one. An inner node's 16 counts are one cache
 * line. The slot array says which leaf holds each element; a leaf is
 * searched for the element itself (64 pointers, read in order).
 */

#define LEAF_MAX   64
#define LEAF_MIN   (LEAF_MAX / 4)
#define INNER_MAX  16
#define INNER_MIN  (INNER_MAX / 4)
/* A bulk build leaves room in each node, so that the first insertions into
 * it do not split it at once. */
#define LEAF_FILL  56
#define INNER_FILL 14

typedef struct _Inner Inner;

typedef struct
{
  Inner   *parent;
  guint16  n;        /* entries */
  guint8   index;    /* in the parent */
  guint8   level;    /* 0: a leaf */
} Node;

typedef struct _Leaf Leaf;

struct _Leaf
{
  Node      node;
  Leaf     *prev, *next;
  gpointer  items[LEAF_MAX];
};

struct _Inner
{
  Node      node;
  guint32   counts[INNER_MAX];
  gpointer  children[INNER_MAX];   /* Node */
};

struct _OcRowTree
{
  Node              *root;       /* a leaf, maybe empty, when there is one level */
  guint              n_items;
  OcRowTreeSlotFunc  slot_func;
  Leaf             **leaves;     /* by slot; NULL: not in the tree */
  guint              n_slots;
};

static inline gpointer *
entries (Node *node)
{
  return node->level == 0 ? ((Leaf *) node)->items : ((Inner *) node)->children;
}

static inline guint
node_max (const Node *node)
{
  return node->level == 0 ? LEAF_MAX : INNER_MAX;
}

static inline guint
node_min (const Node *node)
{
  return node->level == 0 ? LEAF_MIN : INNER_MIN;
}

static guint
node_count (const Node *node)
{
  guint count = 0;

  if (node->level == 0)
    return node->n;
  for (guint i = 0; i < node->n; i++)
    count += ((const Inner *) node)->counts[i];
  return count;
}

static void
grow_slots (OcRowTree *tree,
            guint      n_slots)
{
  if (n_slots <= tree->n_slots)
    return;
  tree->leaves = g_renew (Leaf *, tree->leaves, n_slots);
  memset (tree->leaves + tree->n_slots, 0, (n_slots - tree->n_slots) * sizeof (Leaf *));
  tree->n_slots = n_slots;
}

static inline void
set_slot (OcRowTree     *tree,
          guint          slot,
          Leaf          *leaf)
{
  if (G_UNLIKELY (slot >= tree->n_slots))
    {
      if (leaf == NULL)
        return;
      grow_slots (tree, MAX (MAX (slot + 1, 64), tree->n_slots + tree->n_slots / 2));
    }
  tree->leaves[slot] = leaf;
}

static inline Leaf *
leaf_of (const OcRowTree *tree,
         gconstpointer    element)
{
  guint slot = tree->slot_func (element);

  return slot < tree->n_slots ? tree->leaves[slot] : NULL;
}

static guint
leaf_find (const Leaf    *leaf,
           gconstpointer  element)
{
  for (guint i = 0; i < leaf->node.n; i++)
    if (leaf->items[i] == element)
      return i;
  g_assert_not_reached ();
}

static Leaf *
leaf_new (void)
{
  Leaf *leaf = g_new (Leaf, 1);

  memset (&leaf->node, 0, sizeof leaf->node);
  leaf->prev = leaf->next = NULL;
  return leaf;
}

static Inner *
inner_new (guint level)
{
  Inner *inner = g_new0 (Inner, 1);

  inner->node.level = level;
  return inner;
}

static void
free_nodes (Node *node)
{
  if (node->level > 0)
    for (guint i = 0; i < node->n; i++)
      free_nodes (((Inner *) node)->children[i]);
  g_free (node);
}

/* Sets the parent and index of @inner's children from @from on. */
static void
reindex (Inner *inner,
         guint  from)
{
  for (guint i = from; i < inner->node.n; i++)
    {
      Node *child = inner->children[i];

      child->parent = inner;
      child->index = i;
    }
}

/* Adds @delta to the counts of @node's ancestors. */
static void
add_count (Node *node,
           int   delta)
{
  for (Inner *parent = node->parent; parent != NULL; node = &parent->node, parent = node->parent)
    parent->counts[node->index] += delta;
}

/* Moves @k entries of @from at @from_index to @to at @to_index, nodes of
 * one level, and returns how many elements they hold. The counts of the
 * nodes' parents are the caller's. */
static guint
move_entries (OcRowTree *tree,
              Node      *from,
              guint      from_index,
              Node      *to,
              guint      to_index,
              guint      k)
{
  gpointer *src = entries (from), *dst = entries (to);
  guint moved = k;

  g_assert (from->level == to->level && to->n + k <= node_max (to));

  memmove (dst + to_index + k, dst + to_index, (to->n - to_index) * sizeof (gpointer));
  memcpy (dst + to_index, src + from_index, k * sizeof (gpointer));
  memmove (src + from_index, src + from_index + k, (from->n - from_index - k) * sizeof (gpointer));

  if (from->level > 0)
    {
      Inner *src_inner = (Inner *) from, *dst_inner = (Inner *) to;

      memmove (dst_inner->counts + to_index + k, dst_inner->counts + to_index,
               (to->n - to_index) * sizeof (guint32));
      moved = 0;
      for (guint i = 0; i < k; i++)
        {
          dst_inner->counts[to_index + i] = src_inner->counts[from_index + i];
          moved += src_inner->counts[from_index + i];
        }
      memmove (src_inner->counts + from_index, src_inner->counts + from_index + k,
               (from->n - from_index - k) * sizeof (guint32));
    }

  from->n -= k;
  to->n += k;

  if (to->level == 0)
    for (guint i = 0; i < k; i++)
      set_slot (tree, tree->slot_func (dst[to_index + i]), (Leaf *) to);
  else
    {
      reindex ((Inner *) from, from_index);
      reindex ((Inner *) to, to_index);
    }
  return moved;
}

static void split (OcRowTree *tree, Node *node);

/* Puts @right after @left in @left's parent (a new root when there is
 * none); @right's @right_count elements were counted under @left. */
static void
insert_child (OcRowTree *tree,
              Node      *left,
              Node      *right,
              guint      right_count)
{
  Inner *parent = left->parent;
  guint i;

  if (parent == NULL)
    {
      parent = inner_new (left->level + 1);
      parent->node.n = 1;
      parent->children[0] = left;
      parent->counts[0] = node_count (left) + right_count;
      left->parent = parent;
      left->index = 0;
      tree->root = &parent->node;
    }

  if (parent->node.n == INNER_MAX)
    {
      split (tree, &parent->node);
      parent = left->parent;
    }

  i = left->index + 1;
  memmove (parent->children + i + 1, parent->children + i, (parent->node.n - i) * sizeof (gpointer));
  memmove (parent->counts + i + 1, parent->counts + i, (parent->node.n - i) * sizeof (guint32));
  parent->children[i] = right;
  parent->counts[i] = right_count;
  parent->counts[left->index] -= right_count;
  parent->node.n++;
  reindex (parent, i);
}

/* Moves the upper half of a full @node to a new node after it. */
static void
split (OcRowTree *tree,
       Node      *node)
{
  guint half = node->n / 2;
  Node *right;
  guint moved;

  if (node->level == 0)
    {
      Leaf *leaf = (Leaf *) node, *new_leaf = leaf_new ();

      new_leaf->prev = leaf;
      new_leaf->next = leaf->next;
      if (leaf->next != NULL)
        leaf->next->prev = new_leaf;
      leaf->next = new_leaf;
      right = &new_leaf->node;
    }
  else
    right = &inner_new (node->level)->node;

  moved = move_entries (tree, node, half, right, 0, node->n - half);
  insert_child (tree, node, right, moved);
}

static void rebalance (OcRowTree *tree, Node *node);

/* Drops @parent's child at @i, whose elements went elsewhere, and frees it. */
static void
remove_child (OcRowTree *tree,
              Inner     *parent,
              guint      i)
{
  Node *child = parent->children[i];

  g_assert (parent->counts[i] == 0);

  if (child->level == 0)
    {
      Leaf *leaf = (Leaf *) child;

      if (leaf->prev != NULL)
        leaf->prev->next = leaf->next;
      if (leaf->next != NULL)
        leaf->next->prev = leaf->prev;
    }
  g_free (child);

  memmove (parent->children + i, parent->children + i + 1, (parent->node.n - i - 1) * sizeof (gpointer));
  memmove (parent->counts + i, parent->counts + i + 1, (parent->node.n - i - 1) * sizeof (guint32));
  parent->node.n--;
  reindex (parent, i);

  if (parent->node.parent == NULL)
    {
      /* A root with one child gives way to it. */
      if (parent->node.n == 1)
        {
          Node *only = parent->children[0];

          only->parent = NULL;
          only->index = 0;
          tree->root = only;
          g_free (parent);
        }
    }
  else if (parent->node.n < INNER_MIN)
    rebalance (tree, &parent->node);
}

/* @node fell below its minimum: merge it into a sibling, or take entries
 * from one that has too many for both to fit in one node. */
static void
rebalance (OcRowTree *tree,
           Node      *node)
{
  Inner *parent = node->parent;
  guint i = node->index, max = node_max (node), moved;
  Node *left, *right;

  if (parent == NULL)
    return;

  left = i > 0 ? parent->children[i - 1] : NULL;
  right = i + 1 < parent->node.n ? parent->children[i + 1] : NULL;
  g_assert (left != NULL || right != NULL);

  if (left != NULL && left->n + node->n <= max)
    {
      moved = move_entries (tree, node, 0, left, left->n, node->n);
      parent->counts[i - 1] += moved;
      parent->counts[i] -= moved;
      remove_child (tree, parent, i);
    }
  else if (right != NULL && node->n + right->n <= max)
    {
      moved = move_entries (tree, node, 0, right, 0, node->n);
      parent->counts[i + 1] += moved;
      parent->counts[i] -= moved;
      remove_child (tree, parent, i);
    }
  else if (left != NULL)
    {
      moved = move_entries (tree, left, left->n - (left->n - node->n) / 2, node, 0, (left->n - node->n) / 2);
      parent->counts[i - 1] -= moved;
      parent->counts[i] += moved;
    }
  else
    {
      moved = move_entries (tree, right, 0, node, node->n, (right->n - node->n) / 2);
      parent->counts[i + 1] -= moved;
      parent->counts[i] += moved;
    }
}

static guint
position_in (const Leaf *leaf,
             guint       index)
{
  const Node *node = &leaf->node;
  guint position = index;

  for (const Inner *parent = node->parent; parent != NULL; node = &parent->node, parent = node->parent)
    for (guint i = 0; i < node->index; i++)
      position += parent->counts[i];
  return position;
}

/* The leaf holding @position, which becomes the index in it; the end of
 * the last leaf for the tree's length. */
static Leaf *
descend (const OcRowTree *tree,
         guint           *position)
{
  Node *node = tree->root;

  while (node->level > 0)
    {
      Inner *inner = (Inner *) node;
      guint i = 0;

      while (i + 1 < inner->node.n && *position >= inner->counts[i])
        *position -= inner->counts[i++];
      node = inner->children[i];
    }
  return (Leaf *) node;
}

static Leaf *
first_leaf (const OcRowTree *tree)
{
  Node *node = tree->root;

  while (node->level > 0)
    node = ((Inner *) node)->children[0];
  return (Leaf *) node;
}

static Leaf *
last_leaf (const OcRowTree *tree)
{
  Node *node = tree->root;

  while (node->level > 0)
    node = ((Inner *) node)->children[node->n - 1];
  return (Leaf *) node;
}

static gpointer
first_element (Node *node)
{
  while (node->level > 0)
    node = ((Inner *) node)->children[0];
  return ((Leaf *) node)->items[0];
}

static void
leaf_insert (OcRowTree *tree,
             Leaf      *leaf,
             guint      index,
             gpointer   element)
{
  g_return_if_fail (!oc_row_tree_contains (tree, element));

  if (leaf->node.n == LEAF_MAX)
    {
      split (tree, &leaf->node);
      if (index > leaf->node.n)
        {
          index -= leaf->node.n;
          leaf = leaf->next;
        }
    }

  memmove (leaf->items + index + 1, leaf->items + index, (leaf->node.n - index) * sizeof (gpointer));
  leaf->items[index] = element;
  leaf->node.n++;
  set_slot (tree, tree->slot_func (element), leaf);
  tree->n_items++;
  add_count (&leaf->node, 1);
}

/* The leaf and the index in it where @key goes after its equals. */
static Leaf *
search (const OcRowTree  *tree,
        gconstpointer     key,
        GCompareDataFunc  compare,
        gpointer          user_data,
        guint            *index)
{
  Node *node = tree->root;
  guint lo, hi;

  while (node->level > 0)
    {
      Inner *inner = (Inner *) node;

      /* The last child whose first element does not compare greater. */
      lo = 1;
      hi = inner->node.n;
      while (lo < hi)
        {
          guint mid = (lo + hi) / 2;

          if (compare (first_element (inner->children[mid]), key, user_data) <= 0)
            lo = mid + 1;
          else
            hi = mid;
        }
      node = inner->children[lo - 1];
    }

  lo = 0;
  hi = node->n;
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (compare (((Leaf *) node)->items[mid], key, user_data) <= 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  *index = lo;
  return (Leaf *) node;
}

OcRowTree *
oc_row_tree_new (OcRowTreeSlotFunc slot_func)
{
  OcRowTree *tree;

  g_return_val_if_fail (slot_func != NULL, NULL);

  tree = g_new0 (OcRowTree, 1);
  tree->slot_func = slot_func;
  tree->root = &leaf_new ()->node;
  return tree;
}

void
oc_row_tree_free (OcRowTree *tree)
{
  if (tree == NULL)
    return;
  free_nodes (tree->root);
  g_free (tree->leaves);
  g_free (tree);
}

void
oc_row_tree_reserve (OcRowTree *tree,
                     guint      n_slots)
{
  g_return_if_fail (tree != NULL);

  grow_slots (tree, n_slots);
}

guint
oc_row_tree_get_n_items (const OcRowTree *tree)
{
  g_return_val_if_fail (tree != NULL, 0);

  return tree->n_items;
}

gboolean
oc_row_tree_contains (const OcRowTree *tree,
                      gconstpointer    element)
{
  g_return_val_if_fail (tree != NULL, FALSE);

  return leaf_of (tree, element) != NULL;
}

gpointer
oc_row_tree_get_nth (const OcRowTree *tree,
                     guint            position)
{
  Leaf *leaf;

  g_return_val_if_fail (tree != NULL, NULL);

  if (position >= tree->n_items)
    return NULL;
  leaf = descend (tree, &position);
  return leaf->items[position];
}

guint
oc_row_tree_get_position (const OcRowTree *tree,
                          gconstpointer    element)
{
  Leaf *leaf;

  g_return_val_if_fail (tree != NULL, G_MAXUINT);

  leaf = leaf_of (tree, element);
  if (leaf == NULL)
    return G_MAXUINT;
  return position_in (leaf, leaf_find (leaf, element));
}

gpointer
oc_row_tree_get_first (const OcRowTree *tree)
{
  g_return_val_if_fail (tree != NULL, NULL);

  return tree->n_items > 0 ? first_leaf (tree)->items[0] : NULL;
}

gpointer
oc_row_tree_get_last (const OcRowTree *tree)
{
  Leaf *leaf;

  g_return_val_if_fail (tree != NULL, NULL);

  if (tree->n_items == 0)
    return NULL;
  leaf = last_leaf (tree);
  return leaf->items[leaf->node.n - 1];
}

gpointer
oc_row_tree_get_next (const OcRowTree *tree,
                      gconstpointer    element)
{
  OcRowTreeIter iter;

  g_return_val_if_fail (tree != NULL, NULL);

  if (!oc_row_tree_iter_init_at (tree, element, &iter) || !oc_row_tree_iter_next (&iter))
    return NULL;
  return oc_row_tree_iter_get (&iter);
}

gpointer
oc_row_tree_get_prev (const OcRowTree *tree,
                      gconstpointer    element)
{
  OcRowTreeIter iter;

  g_return_val_if_fail (tree != NULL, NULL);

  if (!oc_row_tree_iter_init_at (tree, element, &iter) || !oc_row_tree_iter_prev (&iter))
    return NULL;
  return oc_row_tree_iter_get (&iter);
}

void
oc_row_tree_insert_at (OcRowTree *tree,
                       guint      position,
                       gpointer   element)
{
  Leaf *leaf;

  g_return_if_fail (tree != NULL);
  g_return_if_fail (position <= tree->n_items);

  leaf = descend (tree, &position);
  leaf_insert (tree, leaf, position, element);
}

void
oc_row_tree_insert_before (OcRowTree *tree,
                           gpointer   sibling,
                           gpointer   element)
{
  Leaf *leaf;

  g_return_if_fail (tree != NULL);

  if (sibling == NULL)
    {
      leaf = last_leaf (tree);
      leaf_insert (tree, leaf, leaf->node.n, element);
      return;
    }

  leaf = leaf_of (tree, sibling);
  g_return_if_fail (leaf != NULL);
  leaf_insert (tree, leaf, leaf_find (leaf, sibling), element);
}

guint
oc_row_tree_insert_sorted (OcRowTree        *tree,
                           gpointer          element,
                           GCompareDataFunc  compare,
                           gpointer          user_data)
{
  Leaf *leaf;
  guint index;

  g_return_val_if_fail (tree != NULL, G_MAXUINT);
  g_return_val_if_fail (compare != NULL, G_MAXUINT);

  leaf = search (tree, element, compare, user_data, &index);
  leaf_insert (tree, leaf, index, element);
  return oc_row_tree_get_position (tree, element);
}

guint
oc_row_tree_search (const OcRowTree  *tree,
                    gconstpointer     key,
                    GCompareDataFunc  compare,
                    gpointer          user_data,
                    gpointer         *successor)
{
  Leaf *leaf;
  guint index;

  g_return_val_if_fail (tree != NULL, G_MAXUINT);
  g_return_val_if_fail (compare != NULL, G_MAXUINT);

  leaf = search (tree, key, compare, user_data, &index);
  if (successor != NULL)
    {
      if (index < leaf->node.n)
        *successor = leaf->items[index];
      else
        *successor = leaf->next != NULL ? leaf->next->items[0] : NULL;
    }
  return position_in (leaf, index);
}

guint
oc_row_tree_remove (OcRowTree     *tree,
                    gconstpointer  element)
{
  Leaf *leaf;
  guint index, position;

  g_return_val_if_fail (tree != NULL, G_MAXUINT);

  leaf = leaf_of (tree, element);
  g_return_val_if_fail (leaf != NULL, G_MAXUINT);

  index = leaf_find (leaf, element);
  position = position_in (leaf, index);

  memmove (leaf->items + index, leaf->items + index + 1, (leaf->node.n - index - 1) * sizeof (gpointer));
  leaf->node.n--;
  set_slot (tree, tree->slot_func (element), NULL);
  tree->n_items--;
  add_count (&leaf->node, -1);

  if (leaf->node.n < LEAF_MIN)
    rebalance (tree, &leaf->node);

  return position;
}

void
oc_row_tree_set_all (OcRowTree       *tree,
                     gpointer const  *elements,
                     const guint32   *slots,
                     guint            n_elements)
{
  g_autofree Node **nodes = NULL;
  g_autofree guint *counts = NULL;
  guint n_nodes, level = 0, done = 0;
  Leaf *prev = NULL;

  g_return_if_fail (tree != NULL);
  g_return_if_fail (elements != NULL || n_elements == 0);

  free_nodes (tree->root);
  tree->root = NULL;
  if (tree->leaves != NULL)
    memset (tree->leaves, 0, tree->n_slots * sizeof (Leaf *));
  tree->n_items = n_elements;

  if (n_elements == 0)
    {
      tree->root = &leaf_new ()->node;
      return;
    }

  /* Leaves of even size, so that each holds at least its minimum. */
  n_nodes = (n_elements + LEAF_FILL - 1) / LEAF_FILL;
  nodes = g_new (Node *, n_nodes);
  counts = g_new (guint, n_nodes);
  for (guint i = 0; i < n_nodes; i++)
    {
      Leaf *leaf = leaf_new ();
      guint n = n_elements / n_nodes + (i < n_elements % n_nodes);

      memcpy (leaf->items, elements + done, n * sizeof (gpointer));
      leaf->node.n = n;
      for (guint k = 0; k < n; k++)
        set_slot (tree, slots != NULL ? slots[done + k] : tree->slot_func (elements[done + k]), leaf);
      leaf->prev = prev;
      if (prev != NULL)
        prev->next = leaf;
      prev = leaf;
      nodes[i] = &leaf->node;
      counts[i] = n;
      done += n;
    }

  /* Then each level over the one below, in place. */
  while (n_nodes > 1)
    {
      guint n_parents = (n_nodes + INNER_FILL - 1) / INNER_FILL;

      level++;
      done = 0;
      for (guint i = 0; i < n_parents; i++)
        {
          Inner *inner = inner_new (level);
          guint n = n_nodes / n_parents + (i < n_nodes % n_parents);
          guint count = 0;

          for (guint k = 0; k < n; k++)
            {
              inner->children[k] = nodes[done + k];
              inner->counts[k] = counts[done + k];
              count += counts[done + k];
            }
          inner->node.n = n;
          reindex (inner, 0);
          nodes[i] = &inner->node;
          counts[i] = count;
          done += n;
        }
      n_nodes = n_parents;
    }

  tree->root = nodes[0];
}

void
oc_row_tree_foreach (const OcRowTree *tree,
                     GFunc            func,
                     gpointer         user_data)
{
  g_return_if_fail (tree != NULL);
  g_return_if_fail (func != NULL);

  for (Leaf *leaf = first_leaf (tree); leaf != NULL; leaf = leaf->next)
    for (guint i = 0; i < leaf->node.n; i++)
      func (leaf->items[i], user_data);
}

static gsize
nodes_size (const Node *node)
{
  gsize size;

  if (node->level == 0)
    return sizeof (Leaf);
  size = sizeof (Inner);
  for (guint i = 0; i < node->n; i++)
    size += nodes_size (((const Inner *) node)->children[i]);
  return size;
}

gsize
oc_row_tree_get_heap_size (const OcRowTree *tree)
{
  g_return_val_if_fail (tree != NULL, 0);

  return sizeof (OcRowTree) + nodes_size (tree->root) + tree->n_slots * sizeof (Leaf *);
}

/* Checks @node's subtree and returns its element count; @leaf walks the
 * leaves in order. */
static guint
check_node (const OcRowTree *tree,
            Node            *node,
            guint            level,
            Leaf           **leaf)
{
  guint count = 0;

  g_assert_cmpuint (node->level, ==, level);
  g_assert_cmpuint (node->n, <=, node_max (node));
  if (node != tree->root)
    g_assert_cmpuint (node->n, >=, node_min (node));
  else if (level > 0)
    g_assert_cmpuint (node->n, >=, 2);

  if (level == 0)
    {
      Leaf *this = (Leaf *) node;

      g_assert_true (this->prev == *leaf);
      if (*leaf != NULL)
        g_assert_true ((*leaf)->next == this);
      *leaf = this;
      for (guint i = 0; i < node->n; i++)
        {
          guint slot = tree->slot_func (this->items[i]);

          g_assert_cmpuint (slot, <, tree->n_slots);
          g_assert_true (tree->leaves[slot] == this);
          for (guint k = 0; k < i; k++)
            g_assert_true (this->items[k] != this->items[i]);
        }
      return node->n;
    }

  for (guint i = 0; i < node->n; i++)
    {
      Node *child = ((Inner *) node)->children[i];

      g_assert_true (child->parent == (Inner *) node);
      g_assert_cmpuint (child->index, ==, i);
      g_assert_cmpuint (check_node (tree, child, level - 1, leaf), ==, ((Inner *) node)->counts[i]);
      count += ((Inner *) node)->counts[i];
    }
  return count;
}

void
oc_row_tree_check (const OcRowTree *tree)
{
  Leaf *leaf = NULL;
  guint in_slots = 0;

  g_assert_nonnull (tree);
  g_assert_null (tree->root->parent);
  g_assert_cmpuint (check_node (tree, tree->root, tree->root->level, &leaf), ==, tree->n_items);
  g_assert_null (leaf->next);
  for (guint slot = 0; slot < tree->n_slots; slot++)
    in_slots += tree->leaves[slot] != NULL;
  g_assert_cmpuint (in_slots, ==, tree->n_items);
}

gboolean
oc_row_tree_iter_init_at (const OcRowTree *tree,
                          gconstpointer    element,
                          OcRowTreeIter   *iter)
{
  Leaf *leaf;

  g_return_val_if_fail (tree != NULL, FALSE);
  g_return_val_if_fail (iter != NULL, FALSE);

  leaf = leaf_of (tree, element);
  if (leaf == NULL)
    return FALSE;
  iter->leaf = leaf;
  iter->index = leaf_find (leaf, element);
  return TRUE;
}

gboolean
oc_row_tree_iter_init_nth (const OcRowTree *tree,
                           guint            position,
                           OcRowTreeIter   *iter)
{
  g_return_val_if_fail (tree != NULL, FALSE);
  g_return_val_if_fail (iter != NULL, FALSE);

  if (position >= tree->n_items)
    return FALSE;
  iter->leaf = descend (tree, &position);
  iter->index = position;
  return TRUE;
}

gpointer
oc_row_tree_iter_get (const OcRowTreeIter *iter)
{
  g_return_val_if_fail (iter != NULL, NULL);

  return ((Leaf *) iter->leaf)->items[iter->index];
}

gboolean
oc_row_tree_iter_next (OcRowTreeIter *iter)
{
  Leaf *leaf;

  g_return_val_if_fail (iter != NULL, FALSE);

  leaf = iter->leaf;
  if (iter->index + 1 < leaf->node.n)
    {
      iter->index++;
      return TRUE;
    }
  if (leaf->next == NULL)
    return FALSE;
  iter->leaf = leaf->next;
  iter->index = 0;
  return TRUE;
}

gboolean
oc_row_tree_iter_prev (OcRowTreeIter *iter)
{
  Leaf *leaf;

  g_return_val_if_fail (iter != NULL, FALSE);

  leaf = iter->leaf;
  if (iter->index > 0)
    {
      iter->index--;
      return TRUE;
    }
  if (leaf->prev == NULL)
    return FALSE;
  iter->leaf = leaf->prev;
  iter->index = leaf->prev->node.n - 1;
  return TRUE;
}
