// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include "oc-row-tree.h"

/* Elements are these, their slot their index in an array; the model the
 * tree is checked against is a GPtrArray of them in the tree's order. */
typedef struct
{
  guint slot;
  guint key;
} Element;

static guint
element_slot (gconstpointer element)
{
  return ((const Element *) element)->slot;
}

static int
compare_keys (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  const Element *ea = a, *eb = b;

  g_assert_null (user_data);
  if (ea->key != eb->key)
    return ea->key < eb->key ? -1 : 1;
  return (ea->slot > eb->slot) - (ea->slot < eb->slot);
}

static Element *
make_elements (guint n)
{
  Element *elements = g_new (Element, n);

  for (guint i = 0; i < n; i++)
    {
      elements[i].slot = i;
      elements[i].key = i;
    }
  return elements;
}

/* Every element in the model at its place, by every way of asking. */
static void
assert_same (OcRowTree *tree,
             GPtrArray *model,
             gboolean   thorough)
{
  oc_row_tree_check (tree);
  g_assert_cmpuint (oc_row_tree_get_n_items (tree), ==, model->len);
  g_assert_true (oc_row_tree_get_first (tree) == (model->len ? model->pdata[0] : NULL));
  g_assert_true (oc_row_tree_get_last (tree) == (model->len ? model->pdata[model->len - 1] : NULL));
  g_assert_null (oc_row_tree_get_nth (tree, model->len));

  for (guint i = 0; i < model->len; i++)
    {
      gpointer element = model->pdata[i];

      if (!thorough && i % 97 != 0 && i + 1 != model->len)
        continue;
      g_assert_true (oc_row_tree_get_nth (tree, i) == element);
      g_assert_cmpuint (oc_row_tree_get_position (tree, element), ==, i);
      g_assert_true (oc_row_tree_contains (tree, element));
      g_assert_true (oc_row_tree_get_next (tree, element) == (i + 1 < model->len ? model->pdata[i + 1] : NULL));
      g_assert_true (oc_row_tree_get_prev (tree, element) == (i > 0 ? model->pdata[i - 1] : NULL));
    }
}

static void
test_empty (void)
{
  OcRowTree *tree = oc_row_tree_new (element_slot);
  Element element = { 3, 3 };
  OcRowTreeIter iter;
  gpointer successor = &element;

  oc_row_tree_check (tree);
  g_assert_cmpuint (oc_row_tree_get_n_items (tree), ==, 0);
  g_assert_null (oc_row_tree_get_nth (tree, 0));
  g_assert_null (oc_row_tree_get_first (tree));
  g_assert_null (oc_row_tree_get_last (tree));
  g_assert_false (oc_row_tree_contains (tree, &element));
  g_assert_cmpuint (oc_row_tree_get_position (tree, &element), ==, G_MAXUINT);
  g_assert_false (oc_row_tree_iter_init_at (tree, &element, &iter));
  g_assert_false (oc_row_tree_iter_init_nth (tree, 0, &iter));
  g_assert_cmpuint (oc_row_tree_search (tree, &element, compare_keys, NULL, &successor), ==, 0);
  g_assert_null (successor);

  oc_row_tree_insert_at (tree, 0, &element);
  g_assert_cmpuint (oc_row_tree_get_position (tree, &element), ==, 0);
  g_assert_cmpuint (oc_row_tree_remove (tree, &element), ==, 0);
  oc_row_tree_check (tree);
  g_assert_false (oc_row_tree_contains (tree, &element));

  oc_row_tree_set_all (tree, NULL, NULL, 0);
  oc_row_tree_check (tree);
  oc_row_tree_free (tree);
}

/* Random inserts at positions, before elements, and removals, checked after
 * each step while small and now and then while large, against the model. */
static void
test_random (gconstpointer data)
{
  guint n = GPOINTER_TO_UINT (data);
  g_autofree Element *elements = make_elements (n);
  g_autoptr(GPtrArray) model = g_ptr_array_new ();
  g_autoptr(GPtrArray) outside = g_ptr_array_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (n);
  OcRowTree *tree = oc_row_tree_new (element_slot);
  guint steps = n < 1000 ? 20000 : 4 * n;

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (outside, &elements[i]);

  for (guint step = 0; step < steps; step++)
    {
      /* Grow in the first half, shrink in the second. */
      gboolean grow = step < steps / 2 ? g_rand_int_range (rand, 0, 4) != 0 : g_rand_int_range (rand, 0, 4) == 0;

      if ((grow && outside->len > 0) || model->len == 0)
        {
          gpointer element = g_ptr_array_steal_index_fast (outside, g_rand_int_range (rand, 0, outside->len));
          guint position = g_rand_int_range (rand, 0, model->len + 1);

          if (g_rand_boolean (rand))
            oc_row_tree_insert_at (tree, position, element);
          else
            oc_row_tree_insert_before (tree, position < model->len ? model->pdata[position] : NULL, element);
          g_ptr_array_insert (model, position, element);
        }
      else
        {
          guint position = g_rand_int_range (rand, 0, model->len);
          gpointer element = model->pdata[position];

          g_assert_cmpuint (oc_row_tree_remove (tree, element), ==, position);
          g_assert_false (oc_row_tree_contains (tree, element));
          g_ptr_array_remove_index (model, position);
          g_ptr_array_add (outside, element);
        }

      if (n < 1000 || step % (n / 4) == 0)
        assert_same (tree, model, n < 1000 || step % n == 0);
    }
  assert_same (tree, model, TRUE);
  oc_row_tree_free (tree);
}

/* A move is a removal and an insertion elsewhere, as the view's rows move. */
static void
test_moves (void)
{
  const guint n = 5000;
  g_autofree Element *elements = make_elements (n);
  g_autoptr(GPtrArray) model = g_ptr_array_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (17);
  OcRowTree *tree = oc_row_tree_new (element_slot);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (model, &elements[i]);
  oc_row_tree_set_all (tree, model->pdata, NULL, model->len);
  assert_same (tree, model, TRUE);

  for (guint step = 0; step < 50000; step++)
    {
      guint from = g_rand_int_range (rand, 0, n);
      gpointer element = model->pdata[from];
      guint to;

      g_assert_cmpuint (oc_row_tree_remove (tree, element), ==, from);
      g_ptr_array_remove_index (model, from);
      to = g_rand_int_range (rand, 0, n);
      oc_row_tree_insert_at (tree, to, element);
      g_ptr_array_insert (model, to, element);
      if (step % 5000 == 0)
        assert_same (tree, model, TRUE);
    }
  assert_same (tree, model, TRUE);
  oc_row_tree_free (tree);
}

/* Sorted insertion and search against a sorted model, with equal keys
 * (ties broken by slot, the way the view breaks them by id). */
static void
test_sorted (void)
{
  const guint n = 20000;
  g_autofree Element *elements = make_elements (n);
  g_autoptr(GPtrArray) model = g_ptr_array_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);
  OcRowTree *tree = oc_row_tree_new (element_slot);

  for (guint i = 0; i < n; i++)
    elements[i].key = g_rand_int_range (rand, 0, 500);

  for (guint i = 0; i < n; i++)
    {
      Element *element = &elements[i];
      gpointer successor = NULL;
      guint position = oc_row_tree_search (tree, element, compare_keys, NULL, &successor);
      guint expected = 0, hi = model->len;

      while (expected < hi)
        {
          guint mid = (expected + hi) / 2;

          if (compare_keys (model->pdata[mid], element, NULL) <= 0)
            expected = mid + 1;
          else
            hi = mid;
        }
      g_assert_cmpuint (position, ==, expected);
      g_assert_true (successor == (expected < model->len ? model->pdata[expected] : NULL));
      g_assert_cmpuint (oc_row_tree_insert_sorted (tree, element, compare_keys, NULL), ==, expected);
      g_ptr_array_insert (model, expected, element);
      if (i % 2000 == 0)
        assert_same (tree, model, TRUE);
    }
  assert_same (tree, model, TRUE);

  /* Change keys: take out, change, put back by search, as the view does. */
  for (guint step = 0; step < 20000; step++)
    {
      Element *element = &elements[g_rand_int_range (rand, 0, n)];
      guint position;

      g_ptr_array_remove_index (model, oc_row_tree_remove (tree, element));
      element->key = g_rand_int_range (rand, 0, 500);
      position = oc_row_tree_insert_sorted (tree, element, compare_keys, NULL);
      g_ptr_array_insert (model, position, element);
    }
  assert_same (tree, model, TRUE);
  for (guint i = 1; i < model->len; i++)
    g_assert_cmpint (compare_keys (model->pdata[i - 1], model->pdata[i], NULL), <, 0);
  oc_row_tree_free (tree);
}

/* A bulk build of every size around the nodes' bounds, then changes to it,
 * and a build replacing a tree of other elements. */
static void
test_set_all (void)
{
  static const guint sizes[] = { 1, 2, 15, 16, 17, 55, 56, 57, 63, 64, 65, 112, 113, 128, 129,
                                 783, 784, 785, 1023, 1024, 1025, 10975, 10976, 10977, 100000 };
  g_autofree Element *elements = make_elements (100000);
  g_autofree guint32 *slots = g_new (guint32, 100000);
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);

  for (guint i = 0; i < 100000; i++)
    slots[i] = elements[i].slot;

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      guint n = sizes[s];
      g_autoptr(GPtrArray) model = g_ptr_array_new ();
      g_autoptr(GPtrArray) removed = g_ptr_array_new ();
      OcRowTree *tree = oc_row_tree_new (element_slot);

      /* Another content first, which the build replaces. */
      for (guint i = 0; i < MIN (n, 300); i++)
        oc_row_tree_insert_at (tree, i, &elements[100000 - 1 - i]);

      for (guint i = 0; i < n; i++)
        g_ptr_array_add (model, &elements[i]);
      oc_row_tree_set_all (tree, model->pdata, s % 2 ? slots : NULL, n);
      assert_same (tree, model, n <= 1025);
      if (n > 300 && n < 100000 - 300)
        g_assert_false (oc_row_tree_contains (tree, &elements[100000 - 1]));

      /* Then it still splits and merges right: take all but a few out. */
      for (guint i = 0; i < n + 10 && model->len > 0; i++)
        {
          if (i % 3 == 2 && removed->len > 0)
            {
              guint position = g_rand_int_range (rand, 0, model->len + 1);
              gpointer element = g_ptr_array_steal_index_fast (removed, 0);

              g_assert_false (oc_row_tree_contains (tree, element));
              oc_row_tree_insert_at (tree, position, element);
              g_ptr_array_insert (model, position, element);
            }
          else
            {
              guint position = g_rand_int_range (rand, 0, model->len);

              g_assert_cmpuint (oc_row_tree_remove (tree, model->pdata[position]), ==, position);
              g_ptr_array_add (removed, g_ptr_array_steal_index (model, position));
            }
          if (n <= 1025 || i % 5000 == 0)
            assert_same (tree, model, n <= 200);
        }
      assert_same (tree, model, TRUE);
      oc_row_tree_free (tree);
    }
}

/* Appends and prepends in order split the same node again and again, which
 * grows the tree to its most levels; removing from one end empties it. */
static void
test_ends (void)
{
  const guint n = 100000;
  g_autofree Element *elements = make_elements (n);
  g_autoptr(GPtrArray) model = g_ptr_array_new ();
  OcRowTree *tree = oc_row_tree_new (element_slot);
  OcRowTreeIter iter;
  guint i = 0;

  for (i = 0; i < n; i++)
    {
      if (i % 2)
        {
          oc_row_tree_insert_before (tree, NULL, &elements[i]);
          g_ptr_array_add (model, &elements[i]);
        }
      else
        {
          oc_row_tree_insert_at (tree, 0, &elements[i]);
          g_ptr_array_insert (model, 0, &elements[i]);
        }
    }
  assert_same (tree, model, TRUE);

  /* Walk it both ways with an iterator. */
  g_assert_true (oc_row_tree_iter_init_at (tree, model->pdata[0], &iter));
  g_assert_false (oc_row_tree_iter_prev (&iter));
  for (i = 1; oc_row_tree_iter_next (&iter); i++)
    g_assert_true (oc_row_tree_iter_get (&iter) == model->pdata[i]);
  g_assert_cmpuint (i, ==, n);
  for (i = n - 1; oc_row_tree_iter_prev (&iter); )
    g_assert_true (oc_row_tree_iter_get (&iter) == model->pdata[--i]);
  g_assert_cmpuint (i, ==, 0);

  /* An iterator by position, anywhere, and none past the end. */
  for (i = 0; i < n; i += 997)
    {
      g_assert_true (oc_row_tree_iter_init_nth (tree, i, &iter));
      g_assert_true (oc_row_tree_iter_get (&iter) == model->pdata[i]);
      if (i + 1 < n)
        {
          g_assert_true (oc_row_tree_iter_next (&iter));
          g_assert_true (oc_row_tree_iter_get (&iter) == model->pdata[i + 1]);
        }
    }
  g_assert_true (oc_row_tree_iter_init_nth (tree, n - 1, &iter));
  g_assert_true (oc_row_tree_iter_get (&iter) == model->pdata[n - 1]);
  g_assert_false (oc_row_tree_iter_next (&iter));
  g_assert_false (oc_row_tree_iter_init_nth (tree, n, &iter));

  while (model->len > 0)
    {
      gboolean front = model->len % 3 == 0;
      guint position = front ? 0 : model->len - 1;

      g_assert_cmpuint (oc_row_tree_remove (tree, model->pdata[position]), ==, position);
      g_ptr_array_remove_index (model, position);
      if (model->len % 10000 == 0 || model->len < 300)
        assert_same (tree, model, model->len < 300);
    }
  oc_row_tree_free (tree);
}

static void
count_element (gpointer element,
               gpointer user_data)
{
  GPtrArray *seen = user_data;

  g_ptr_array_add (seen, element);
}

/* 100,000 built at once: about 9 B an element plus the slot array, and
 * foreach visits them in order. */
static void
test_size (void)
{
  const guint n = 100000;
  g_autofree Element *elements = make_elements (n);
  g_autoptr(GPtrArray) model = g_ptr_array_new ();
  g_autoptr(GPtrArray) seen = g_ptr_array_new ();
  OcRowTree *tree = oc_row_tree_new (element_slot);
  gsize size;

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (model, &elements[i]);
  oc_row_tree_reserve (tree, n);
  oc_row_tree_set_all (tree, model->pdata, NULL, n);
  oc_row_tree_foreach (tree, count_element, seen);
  g_assert_cmpuint (seen->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_true (seen->pdata[i] == model->pdata[i]);

  size = oc_row_tree_get_heap_size (tree);
  g_test_message ("%" G_GSIZE_FORMAT " B for %u elements: %.1f B each", size, n, (double) size / n);
  /* The nodes, without the slot array's 8 B a slot. */
  g_assert_cmpfloat ((double) size / n - 8.0, <, 11.0);
  oc_row_tree_free (tree);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/row-tree/empty", test_empty);
  g_test_add_data_func ("/row-tree/random/100", GUINT_TO_POINTER (100), test_random);
  g_test_add_data_func ("/row-tree/random/900", GUINT_TO_POINTER (900), test_random);
  g_test_add_data_func ("/row-tree/random/100000", GUINT_TO_POINTER (100000), test_random);
  g_test_add_func ("/row-tree/moves", test_moves);
  g_test_add_func ("/row-tree/sorted", test_sorted);
  g_test_add_func ("/row-tree/set-all", test_set_all);
  g_test_add_func ("/row-tree/ends", test_ends);
  g_test_add_func ("/row-tree/size", test_size);
  return g_test_run ();
}
