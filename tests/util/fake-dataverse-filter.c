// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include <string.h>

#include "fake-dataverse-private.h"

/* The fake's $filter: comparisons (eq ne gt ge lt le) on known columns,
 * "and", "or" and brackets, values as Dataverse writes them (null, true,
 * false, numbers, GUIDs, dates, 'quoted'). */

void
fake_filter_free (FakeFilter *filter)
{
  if (filter == NULL)
    return;
  fake_filter_free (filter->left);
  fake_filter_free (filter->right);
  g_free (filter->column);
  g_free (filter->op);
  g_free (filter->value);
  g_free (filter);
}

GPtrArray *
fake_filter_tokenize (const char *text)
{
  GPtrArray *tokens = g_ptr_array_new_with_free_func (g_free);
  const char *p = text;

  while (*p != '\0')
    {
      if (*p == ' ')
        p++;
      else if (*p == '(' || *p == ')')
        g_ptr_array_add (tokens, g_strndup (p++, 1));
      else if (*p == '\'')
        {
          const char *end = strchr (p + 1, '\'');

          if (end == NULL)
            end = p + strlen (p) - 1;
          g_ptr_array_add (tokens, g_strndup (p + 1, end - p - 1));
          p = end + 1;
        }
      else
        {
          const char *start = p;

          while (*p != '\0' && *p != ' ' && *p != '(' && *p != ')')
            p++;
          g_ptr_array_add (tokens, g_strndup (start, p - start));
        }
    }
  g_ptr_array_add (tokens, NULL);
  return tokens;
}

static FakeFilter *parse_or (FakeFilterParser *parser);

static FakeFilter *
parse_primary (FakeFilterParser *parser)
{
  FakeFilter *filter;

  if (parser->tokens[parser->pos] == NULL)
    {
      parser->error = g_strdup ("Syntax error: unexpected end of $filter");
      return NULL;
    }
  if (g_str_equal (parser->tokens[parser->pos], "("))
    {
      parser->pos++;
      filter = parse_or (parser);
      if (filter == NULL || g_strcmp0 (parser->tokens[parser->pos], ")") != 0)
        {
          fake_filter_free (filter);
          if (parser->error == NULL)
            parser->error = g_strdup ("Syntax error: ')' expected");
          return NULL;
        }
      parser->pos++;
      return filter;
    }

  if (parser->tokens[parser->pos + 1] == NULL || parser->tokens[parser->pos + 2] == NULL)
    {
      parser->error = g_strdup ("Syntax error in $filter");
      return NULL;
    }
  if (!fake_dataverse_has_column (parser->table, parser->tokens[parser->pos]))
    {
      parser->error = g_strdup_printf ("Could not find a property named '%s' on type 'Microsoft.Dynamics.CRM.%s'.",
                                       parser->tokens[parser->pos], fake_dataverse_table_entity (parser->table));
      return NULL;
    }
  filter = g_new0 (FakeFilter, 1);
  filter->type = F_CMP;
  filter->column = g_strdup (parser->tokens[parser->pos++]);
  filter->op = g_strdup (parser->tokens[parser->pos++]);
  filter->value = g_strdup (parser->tokens[parser->pos++]);
  return filter;
}

static FakeFilter *
parse_and (FakeFilterParser *parser)
{
  FakeFilter *left = parse_primary (parser);

  while (left != NULL && g_strcmp0 (parser->tokens[parser->pos], "and") == 0)
    {
      FakeFilter *node = g_new0 (FakeFilter, 1);

      parser->pos++;
      node->type = F_AND;
      node->left = left;
      node->right = parse_primary (parser);
      left = node;
      if (node->right == NULL)
        {
          fake_filter_free (left);
          return NULL;
        }
    }
  return left;
}

static FakeFilter *
parse_or (FakeFilterParser *parser)
{
  FakeFilter *left = parse_and (parser);

  while (left != NULL && g_strcmp0 (parser->tokens[parser->pos], "or") == 0)
    {
      FakeFilter *node = g_new0 (FakeFilter, 1);

      parser->pos++;
      node->type = F_OR;
      node->left = left;
      node->right = parse_and (parser);
      left = node;
      if (node->right == NULL)
        {
          fake_filter_free (left);
          return NULL;
        }
    }
  return left;
}

static int
compare_values (JsonNode   *node,
                const char *value,
                gboolean   *comparable)
{
  *comparable = TRUE;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      *comparable = g_str_equal (value, "null");
      return g_str_equal (value, "null") ? 0 : -1;
    }
  if (g_str_equal (value, "null"))
    return 1;
  if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return (json_node_get_boolean (node) ? 1 : 0) - (g_str_equal (value, "true") ? 1 : 0);
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    {
      gint64 number = g_ascii_strtoll (value, NULL, 10);
      gint64 have = json_node_get_int (node);

      return have < number ? -1 : have > number;
    }
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_ascii_strcasecmp (json_node_get_string (node), value);

  *comparable = FALSE;
  return 0;
}

gboolean
fake_filter_matches (FakeFilter *filter,
                     JsonObject *row)
{
  gboolean comparable;
  int cmp;

  switch (filter->type)
    {
    case F_AND:
      return fake_filter_matches (filter->left, row) && fake_filter_matches (filter->right, row);
    case F_OR:
      return fake_filter_matches (filter->left, row) || fake_filter_matches (filter->right, row);
    case F_CMP:
    default:
      cmp = compare_values (json_object_get_member (row, filter->column), filter->value, &comparable);
      if (g_str_equal (filter->op, "eq"))
        return comparable && cmp == 0;
      if (g_str_equal (filter->op, "ne"))
        return !comparable || cmp != 0;
      if (!comparable)
        return FALSE;
      if (g_str_equal (filter->op, "gt")) return cmp > 0;
      if (g_str_equal (filter->op, "ge")) return cmp >= 0;
      if (g_str_equal (filter->op, "lt")) return cmp < 0;
      if (g_str_equal (filter->op, "le")) return cmp <= 0;
      return FALSE;
    }
}

FakeFilter *
fake_filter_parse (FakeFilterParser *parser)
{
  return parse_or (parser);
}
