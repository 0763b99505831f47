/* test-plan-editor-items.c: the plan editor has a row for every item of
 * the plan item table, titled with its label in each mode, that sets the
 * item. Without a server: the app is decoded from JSON, no quotes. */
#include "config.h"

#include "test-ui-common.h"

static ImcApp *
pro_app (ImcCatalog *catalog)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  const ImcPlan *plan = imc_catalog_get_default_plan (catalog, IMC_EDITION_PRO);
  ImcApp *app;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "SdkAppId");
  json_builder_add_int_value (builder, 1400000001);
  json_builder_set_member_name (builder, "AppName");
  json_builder_add_string_value (builder, "Rows");
  json_builder_set_member_name (builder, "Status");
  json_builder_add_string_value (builder, "Enabled");
  json_builder_set_member_name (builder, "CreatedTime");
  json_builder_add_string_value (builder, "2026-11-01T09:00:00+08:00");
  imc_json_builder_add_plan (builder, "Plan", plan);
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);

  /* An app's plan also has the cap and the retention. */
  {
    JsonObject *object = json_object_get_object_member (json_node_get_object (node), "Plan");

    json_object_set_int_member (object, "MaxAvGroups", imc_catalog_get_max_av_groups (catalog, plan));
    json_object_set_int_member (object, "MessageRetentionDays", 7);
  }
  app = imc_app_new_from_json (json_node_get_object (node), &error);
  g_assert_no_error (error);
  return app;
}

static void
check_mode (ImcPlanEditorMode mode)
{
  g_autoptr(ImcCatalog) catalog = imc_catalog_new_default ();
  g_autoptr(ImcApp) app = pro_app (catalog);
  GtkWidget *editor = g_object_ref_sink (imc_plan_editor_new ());

  imc_plan_editor_setup (IMC_PLAN_EDITOR (editor), NULL, catalog, app, mode);
  for (ImcPlanItem item = IMC_PLAN_ITEM_EDITION + 1; item < IMC_N_PLAN_ITEMS; item++)
    {
      const char *label = imc_plan_item_get_label (item, mode == IMC_PLAN_EDITOR_MODE_MODIFY);
      gboolean is_switch = imc_plan_item_get_info (item)->kind == IMC_PLAN_ITEM_KIND_SWITCH;
      GtkWidget *row = find_row (editor, label);
      const gint *tiers;
      guint n = 0;
      gint value;
      ImcPlan plan;

      g_test_message ("item %s", imc_plan_item_to_string (item));
      g_assert_nonnull (row);
      g_assert_true (is_switch || ADW_IS_COMBO_ROW (row));
      g_assert_true (gtk_widget_get_sensitive (row));

      value = is_switch ? TRUE : (tiers = imc_catalog_get_tiers (catalog, item, &n))[n - 1];
      if (is_switch)
        g_assert_true (set_switch (row, value));
      else
        {
          g_autofree char *text = imc_format_count (value);

          g_assert_true (choose_value (row, text));
        }
      imc_plan_editor_get_plan (IMC_PLAN_EDITOR (editor), &plan);
      g_assert_cmpint (imc_plan_get_item (&plan, item), ==, value);
      g_assert_true (imc_plan_editor_get_changed_items (IMC_PLAN_EDITOR (editor)) & IMC_PLAN_ITEM_FLAG (item));
      g_assert_cmpstr (row_subtitle (row), !=, "");

      /* The dialogs name the items as the documents do: the Upgrade table
       * and the Modify steps use different terms. */
      g_assert_cmpstr (imc_plan_item_get_label (item, TRUE), !=, imc_plan_item_get_label (item, FALSE));
    }

  /* Members per group counts non-audio-video groups only: the Upgrade
   * term says so, the Modify row's subtitle does. */
  {
    GtkWidget *row = find_row (editor, imc_plan_item_get_label (IMC_PLAN_ITEM_MAX_MEMBERS_PER_GROUP,
                                                                mode == IMC_PLAN_EDITOR_MODE_MODIFY));

    g_assert_nonnull (row);
    if (mode == IMC_PLAN_EDITOR_MODE_UPGRADE)
      g_assert_true (g_str_has_suffix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                                       " (non-audio-video group)"));
    else
      g_assert_true (g_str_has_prefix (row_subtitle (row), "(non-audio-video group)\n"));
  }
  g_object_unref (editor);
}

static void
test_upgrade_rows (void)
{
  check_mode (IMC_PLAN_EDITOR_MODE_UPGRADE);
}

static void
test_modify_rows (void)
{
  check_mode (IMC_PLAN_EDITOR_MODE_MODIFY);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GTK_A11Y", "none", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/plan-editor/item-rows/upgrade", test_upgrade_rows);
  g_test_add_func ("/plan-editor/item-rows/modify", test_modify_rows);

  return g_test_run ();
}
