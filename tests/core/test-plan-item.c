/* test-plan-item.c: walks the plan item table, so that an item added to
 * it by halves fails here: every row has names, labels and messages, the
 * default catalog prices it and agrees with its defaults, and the codecs
 * and accessors carry its value and no other. The store's round trip is
 * tests/server/test-store-items.c, the editor's row tests/ui. */
#include "config.h"

#include <string.h>

#include "imc-core.h"

#define CATALOG_RESOURCE "/io/github/imconsole/ImConsole/plan-catalog.json"

/* A value of @item other than every edition's default: the highest tier or
 * "on" (or off, where every edition includes it). */
static gint
distinct_value (ImcCatalog  *catalog,
                ImcPlanItem  item)
{
  const ImcPlanItemInfo *info = imc_plan_item_get_info (item);
  const gint *tiers;
  guint n = 0;

  if (info->kind == IMC_PLAN_ITEM_KIND_SWITCH)
    return !info->defaults[IMC_EDITION_FREE];
  tiers = imc_catalog_get_tiers (catalog, item, &n);
  g_assert_cmpuint (n, >, 1);
  return tiers[n - 1];
}

static void
test_rows (void)
{
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  GEnumClass *enum_class = g_type_class_ref (IMC_TYPE_PLAN_ITEM);

  for (ImcPlanItem item = 0; item < IMC_N_PLAN_ITEMS; item++)
    {
      const ImcPlanItemInfo *info = imc_plan_item_get_info (item);
      ImcPlanItem back;

      g_test_message ("item %u", item);
      g_assert_cmpint (info->item, ==, item);
      g_assert_nonnull (info->api_name);
      g_assert_true (g_hash_table_add (names, (gpointer) info->api_name));
      g_assert_cmpstr (imc_plan_item_to_string (item), ==, info->api_name);
      g_assert_true (imc_plan_item_from_string (info->api_name, &back));
      g_assert_cmpint (back, ==, item);
      g_assert_cmpint (g_enum_get_value_by_name (enum_class, info->api_name)->value, ==, item);

      /* Labels and messages, with the argument each format takes. */
      g_assert_true (info->upgrade_label != NULL && *info->upgrade_label != '\0');
      g_assert_true (info->modify_label != NULL && *info->modify_label != '\0');
      g_assert_nonnull (strstr (info->locked_message, "%s"));
      g_assert_nonnull (info->invalid_message);
      g_assert_true ((info->kind == IMC_PLAN_ITEM_KIND_TIERS) ==
                     (strstr (info->invalid_message, "%d") != NULL));

      if (item == IMC_PLAN_ITEM_EDITION)
        {
          g_assert_cmpint (info->kind, ==, IMC_PLAN_ITEM_KIND_EDITION);
          continue;
        }
      g_assert_cmpint (info->kind, !=, IMC_PLAN_ITEM_KIND_EDITION);
      /* The store's item_key: a plain identifier, unique. */
      g_assert_nonnull (info->storage_key);
      g_assert_cmpuint (strspn (info->storage_key, "abcdefghijklmnopqrstuvwxyz_"), ==,
                        strlen (info->storage_key));
      g_assert_true (imc_plan_item_from_storage_key (info->storage_key, &back));
      g_assert_cmpint (back, ==, item);
      g_assert_nonnull (info->catalog_source);
    }
  g_assert_false (imc_plan_item_from_storage_key ("edition", NULL));
  g_type_class_unref (enum_class);
}

/* The default catalog (data/plan-catalog.json) has each item's price or
 * tiers and the documents' defaults. */
static void
test_catalog (void)
{
  g_autoptr(ImcCatalog) catalog = imc_catalog_new_default ();
  g_autoptr(GBytes) bytes = g_resources_lookup_data (CATALOG_RESOURCE, 0, NULL);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(JsonNode) written = imc_catalog_to_json (catalog);
  JsonObject *root;

  g_assert_nonnull (bytes);
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                                             (gssize) g_bytes_get_size (bytes), NULL));
  root = json_node_get_object (json_parser_get_root (parser));

  for (ImcPlanItem item = IMC_PLAN_ITEM_EDITION + 1; item < IMC_N_PLAN_ITEMS; item++)
    {
      const ImcPlanItemInfo *info = imc_plan_item_get_info (item);
      JsonNode *source = json_object_get_member (root, info->catalog_source);

      g_test_message ("item %s", info->api_name);
      g_assert_nonnull (source);
      if (info->kind == IMC_PLAN_ITEM_KIND_TIERS)
        g_assert_true (JSON_NODE_HOLDS_ARRAY (source));
      else
        g_assert_true (JSON_NODE_HOLDS_VALUE (source));
      g_assert_true (json_object_has_member (json_node_get_object (written), info->catalog_source));

      for (ImcEdition edition = 0; edition < IMC_N_EDITIONS; edition++)
        {
          const ImcPlan *defaults = imc_catalog_get_default_plan (catalog, edition);

          g_assert_cmpint (imc_plan_get_item (defaults, item), ==, info->defaults[edition]);
          if (info->kind == IMC_PLAN_ITEM_KIND_TIERS)
            g_assert_true (imc_catalog_is_tier (catalog, item, info->defaults[edition]));
        }
      /* Free never pays for an item; something above it always does. */
      g_assert_cmpint (imc_catalog_get_item_price (catalog, imc_catalog_get_default_plan (catalog, IMC_EDITION_FREE),
                                                   item), ==, 0);
    }
}

/* Setting one item through the table changes that item and no other,
 * in a plan and in a request; the codecs carry it under its API name. */
static void
test_values (void)
{
  g_autoptr(ImcCatalog) catalog = imc_catalog_new_default ();

  for (ImcPlanItem item = IMC_PLAN_ITEM_EDITION + 1; item < IMC_N_PLAN_ITEMS; item++)
    {
      const ImcPlanItemInfo *info = imc_plan_item_get_info (item);
      ImcPlan plan = *imc_catalog_get_default_plan (catalog, IMC_EDITION_PRO);
      ImcPlan before = plan;
      ImcPlanRequest request = { 0, };
      g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(GError) error = NULL;
      ImcPlan decoded = { 0, };
      gint value = distinct_value (catalog, item);
      gint got = -1;

      g_test_message ("item %s", info->api_name);
      imc_plan_set_item (&plan, item, value);
      g_assert_cmpint (imc_plan_get_item (&plan, item), ==, value);
      for (ImcPlanItem other = 0; other < IMC_N_PLAN_ITEMS; other++)
        g_assert_true (other == item || imc_plan_item_equal (&plan, &before, other));
      g_assert_false (imc_plan_equal (&plan, &before));

      for (ImcPlanItem other = IMC_PLAN_ITEM_EDITION + 1; other < IMC_N_PLAN_ITEMS; other++)
        g_assert_false (imc_plan_request_get_item (&request, other, &got));
      imc_plan_request_set_item (&request, item, value);
      for (ImcPlanItem other = IMC_PLAN_ITEM_EDITION + 1; other < IMC_N_PLAN_ITEMS; other++)
        g_assert_true (imc_plan_request_get_item (&request, other, &got) == (other == item));
      g_assert_true (imc_plan_request_get_item (&request, item, &got));
      g_assert_cmpint (got, ==, value);
      g_assert_false (request.has_edition);

      json_builder_begin_object (builder);
      imc_json_builder_add_plan (builder, "Plan", &plan);
      json_builder_end_object (builder);
      node = json_builder_get_root (builder);
      g_assert_true (json_object_has_member (json_object_get_object_member (json_node_get_object (node), "Plan"),
                                             info->api_name));
      g_assert_true (imc_json_get_plan (json_node_get_object (node), "Plan", TRUE, &decoded, NULL, &error));
      g_assert_no_error (error);
      g_assert_true (imc_plan_equal (&decoded, &plan));
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/plan-item/rows", test_rows);
  g_test_add_func ("/plan-item/catalog", test_catalog);
  g_test_add_func ("/plan-item/values", test_values);

  return g_test_run ();
}
