/* test-catalog.c: editions, defaults, tiers and prices from JSON. */
#include "config.h"

#include "imc-core.h"

static void
test_default_catalog (void)
{
  g_autoptr(ImcCatalog) catalog = imc_catalog_new_default ();
  const ImcPlan *free_plan, *pro, *ultimate;
  const gint *tiers;
  guint n = 0;

  g_assert_nonnull (catalog);
  g_assert_true (imc_catalog_get_sample_prices (catalog));
  g_assert_nonnull (imc_catalog_get_note (catalog));
  g_assert_cmpstr (imc_catalog_get_currency (catalog), ==, "CNY");

  free_plan = imc_catalog_get_default_plan (catalog, IMC_EDITION_FREE);
  pro = imc_catalog_get_default_plan (catalog, IMC_EDITION_PRO);
  ultimate = imc_catalog_get_default_plan (catalog, IMC_EDITION_ULTIMATE);
  g_assert_false (free_plan->unlimited_av_groups);
  g_assert_cmpint (free_plan->max_groups_per_user, ==, 500);
  g_assert_cmpint (free_plan->max_members_per_group, ==, 200);
  g_assert_false (pro->unlimited_av_groups);
  g_assert_cmpint (pro->max_groups_per_user, ==, 500);
  g_assert_cmpint (pro->max_members_per_group, ==, 200);
  g_assert_true (ultimate->unlimited_av_groups);
  g_assert_cmpint (ultimate->max_groups_per_user, ==, 1000);
  g_assert_cmpint (ultimate->max_members_per_group, ==, 2000);

  g_assert_cmpint (imc_catalog_get_av_group_cap (catalog), ==, 50);
  g_assert_cmpint (imc_catalog_get_max_av_groups (catalog, pro), ==, 50);
  g_assert_cmpint (imc_catalog_get_max_av_groups (catalog, ultimate), ==, -1);
  g_assert_cmpint (imc_catalog_get_retention_days (catalog, IMC_EDITION_FREE), ==, 7);
  g_assert_cmpint (imc_catalog_get_retention_days (catalog, IMC_EDITION_PRO), ==, 7);
  g_assert_cmpint (imc_catalog_get_retention_days (catalog, IMC_EDITION_ULTIMATE), ==, 30);
  g_assert_cmpint (imc_catalog_get_group_type_member_limit (catalog), ==, 6000);

  tiers = imc_catalog_get_tiers (catalog, IMC_PLAN_ITEM_MAX_GROUPS_PER_USER, &n);
  g_assert_cmpuint (n, ==, 4);
  g_assert_cmpint (tiers[0], ==, 500);
  g_assert_cmpint (tiers[3], ==, 3000);
  tiers = imc_catalog_get_tiers (catalog, IMC_PLAN_ITEM_MAX_MEMBERS_PER_GROUP, &n);
  g_assert_cmpuint (n, ==, 6);
  g_assert_cmpint (tiers[0], ==, 200);
  g_assert_cmpint (tiers[5], ==, 6000);
}

static void
test_prices (void)
{
  g_autoptr(ImcCatalog) catalog = imc_catalog_new_default ();
  ImcPlan pro = { IMC_EDITION_PRO, TRUE, 1000, 500 };
  ImcPlan ultimate = { IMC_EDITION_ULTIMATE, TRUE, 1000, 2000 };

  g_assert_cmpint (imc_catalog_get_edition_price (catalog, IMC_EDITION_PRO), ==, 99900);
  g_assert_cmpint (imc_catalog_get_item_price (catalog, &pro, IMC_PLAN_ITEM_UNLIMITED_AV_GROUPS), ==, 100000);
  g_assert_cmpint (imc_catalog_get_item_price (catalog, &pro, IMC_PLAN_ITEM_MAX_GROUPS_PER_USER), ==, 30000);
  g_assert_cmpint (imc_catalog_get_item_price (catalog, &pro, IMC_PLAN_ITEM_MAX_MEMBERS_PER_GROUP), ==, 20000);
  g_assert_cmpint (imc_catalog_get_monthly_price (catalog, &pro), ==, 99900 + 100000 + 30000 + 20000);
  /* Ultimate includes unlimited AV groups, 1000 groups and 2000 members. */
  g_assert_cmpint (imc_catalog_get_monthly_price (catalog, &ultimate), ==, 299900);
  g_assert_false (imc_catalog_item_has_fee (catalog, &ultimate, IMC_PLAN_ITEM_MAX_GROUPS_PER_USER));
  ultimate.max_groups_per_user = 2000;
  g_assert_true (imc_catalog_item_has_fee (catalog, &ultimate, IMC_PLAN_ITEM_MAX_GROUPS_PER_USER));
  g_assert_cmpint (imc_catalog_get_tier_price (catalog, IMC_EDITION_PRO, IMC_PLAN_ITEM_MAX_GROUPS_PER_USER, 1500), ==, -1);
}

static void
test_validate_plan (void)
{
  g_autoptr(ImcCatalog) catalog = imc_catalog_new_default ();
  const struct { ImcPlan plan; gboolean ok; } cases[] = {
    { { IMC_EDITION_PRO, FALSE, 500, 200 }, TRUE },
    { { IMC_EDITION_PRO, TRUE, 3000, 6000 }, TRUE },
    { { IMC_EDITION_PRO, FALSE, 700, 200 }, FALSE },     /* not a tier */
    { { IMC_EDITION_PRO, FALSE, 500, 7000 }, FALSE },    /* above every tier */
    { { IMC_EDITION_ULTIMATE, TRUE, 500, 2000 }, FALSE }, /* below default */
    { { IMC_EDITION_ULTIMATE, FALSE, 1000, 2000 }, FALSE }, /* AV is included */
    { { IMC_EDITION_FREE, FALSE, 1000, 200 }, FALSE },   /* Free is fixed */
    { { IMC_EDITION_FREE, FALSE, 500, 200 }, TRUE },
    { { IMC_EDITION_PRO, FALSE, -500, 200 }, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok = imc_catalog_validate_plan (catalog, &cases[i].plan, &error);

      g_test_message ("case %u", i);
      g_assert_cmpint (ok, ==, cases[i].ok);
      if (!ok)
        g_assert_error (error, IMC_ERROR, IMC_ERROR_INVALID_PARAMETER_VALUE);
    }
}

static void
test_json_roundtrip (void)
{
  g_autoptr(ImcCatalog) catalog = imc_catalog_new_default ();
  g_autoptr(JsonNode) node = imc_catalog_to_json (catalog);
  g_autoptr(GError) error = NULL;
  g_autoptr(ImcCatalog) copy = imc_catalog_new_from_json (json_node_get_object (node), &error);
  ImcPlan plan = { IMC_EDITION_PRO, TRUE, 2000, 1000 };

  g_assert_no_error (error);
  g_assert_nonnull (copy);
  g_assert_cmpint (imc_catalog_get_monthly_price (copy, &plan), ==,
                   imc_catalog_get_monthly_price (catalog, &plan));
  g_assert_cmpstr (imc_catalog_get_currency (copy), ==, "CNY");
}

static void
test_bad_catalogs (void)
{
  static const char *const bad[] = {
    "",
    "[]",
    "{}",
    /* tiers not ascending */
    "{\"Currency\":\"CNY\",\"AvGroupCap\":50,\"GroupTypeMemberLimit\":6000,\"Editions\":[],\"UnlimitedAvGroupsPrice\":\"1.00\",\"MaxGroupsPerUserTiers\":[{\"Value\":1000,\"MonthlyPrice\":\"1.00\"},{\"Value\":500,\"MonthlyPrice\":\"0.00\"}],\"MaxMembersPerGroupTiers\":[]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(ImcCatalog) catalog = imc_catalog_new_from_data (bad[i], -1, &error);

      g_test_message ("case %u", i);
      g_assert_null (catalog);
      g_assert_nonnull (error);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/catalog/default", test_default_catalog);
  g_test_add_func ("/catalog/prices", test_prices);
  g_test_add_func ("/catalog/validate-plan", test_validate_plan);
  g_test_add_func ("/catalog/json-roundtrip", test_json_roundtrip);
  g_test_add_func ("/catalog/bad", test_bad_catalogs);
  return g_test_run ();
}
