/* test-plan-dialog.c: the plan dialog in both modes (Upgrade, Modify
 * feature configuration) against the real server, wide and narrow. */
#include "config.h"

#include "test-ui-common.h"

/* The price label of the editor @data, "…" while the quote is fetched. */
static const char *
monthly_amount (gpointer data)
{
  GObject *label = gtk_widget_get_template_child (GTK_WIDGET (data), IMC_TYPE_PLAN_EDITOR, "monthly_amount");

  return gtk_label_get_label (GTK_LABEL (label));
}

static gboolean
has_quote (gpointer data)
{
  return !g_str_equal (monthly_amount (data), "…");
}

/* The editor's row of @item, titled as in @mode. */
static GtkWidget *
item_row (GtkWidget   *editor,
          ImcPlanItem  item,
          gboolean     modify)
{
  GtkWidget *row = find_row (editor, imc_plan_item_get_label (item, modify));

  g_assert_nonnull (row);
  return row;
}

static gboolean
alert_gone (gpointer data)
{
  return find_alert (data) == NULL;
}

static void
applied_cb (GtkWidget *dialog,
            ImcApp    *app,
            ImcApp   **out)
{
  g_assert_null (*out);
  *out = g_object_ref (app);
}


/* The title of the dialog (or dialog window) that shows @content. */
static const char *
dialog_title (GtkWidget *content)
{
#if IMC_HAVE_ADW_DIALOG
  return adw_dialog_get_title (ADW_DIALOG (gtk_widget_get_ancestor (content, ADW_TYPE_DIALOG)));
#else
  return gtk_window_get_title (GTK_WINDOW (gtk_widget_get_root (content)));
#endif
}

static GtkWidget *
dialog_child (ImcPlanDialog *dialog,
              const char    *id)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog), IMC_TYPE_PLAN_DIALOG, id));
}

/* The irreversible-upgrade confirmation for "UI Upgrade" to Pro with 1000
 * groups per user: Cancel is the default, Confirm destructive. */
static void
assert_upgrade_confirmation (ImcAlert *confirmation)
{
  g_assert_nonnull (confirmation);
  g_assert_cmpstr (imc_alert_get_default_response (confirmation), ==, "cancel");
  g_assert_cmpstr (imc_alert_get_close_response (confirmation), ==, "cancel");
  g_assert_cmpint (imc_alert_get_response_appearance (confirmation, "confirm"), ==,
                   ADW_RESPONSE_DESTRUCTIVE);
  g_assert_nonnull (strstr (imc_alert_get_body (confirmation), "“UI Upgrade” becomes Pro-postpaid."));
  g_assert_nonnull (strstr (imc_alert_get_body (confirmation), "never return to the Free edition"));
  g_assert_nonnull (strstr (imc_alert_get_body (confirmation), "CNY 1,299.00"));
}

static void
test_upgrade_dialog (void)
{
  g_autoptr(ImcApp) app = new_free_app ("UI Upgrade");
  g_autoptr(ImcApp) applied = NULL;
  g_autoptr(ImcApp) before = NULL;
  g_autoptr(ImcApp) after = NULL;
  GtkWidget *host = host_window_new ();
  ImcPlanDialog *dialog;
  GtkWidget *editor;
  ImcAlert *confirmation;
  ImcPlan plan;

  dialog = imc_plan_dialog_new (IMC_PLAN_DIALOG_MODE_UPGRADE, ui_server.client, ui_catalog, app);
  editor = dialog_child (dialog, "editor");
  g_signal_connect (dialog, "applied", G_CALLBACK (applied_cb), &applied);
  imc_plan_dialog_present (dialog, host);

  g_assert_cmpint (min_width (GTK_WIDGET (dialog)), <=, 360);
  g_assert_cmpint (imc_plan_dialog_get_mode (dialog), ==, IMC_PLAN_DIALOG_MODE_UPGRADE);
  g_assert_cmpstr (dialog_title (GTK_WIDGET (dialog)), ==, "Upgrade");
  /* An upgrade sets every item: no list of changes, the upgrade's note. */
  g_assert_false (gtk_widget_get_visible (dialog_child (dialog, "summary_group")));
  g_assert_true (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (dialog_child (dialog, "note_label"))),
                                   "The plan can be upgraded from the Free edition"));

  /* Pro is preselected with its defaults. */
  imc_plan_editor_get_plan (IMC_PLAN_EDITOR (editor), &plan);
  g_assert_cmpint (plan.edition, ==, IMC_EDITION_PRO);
  g_assert_false (plan.unlimited_av_groups);
  g_assert_cmpint (plan.max_groups_per_user, ==, 500);

  /* Ultimate includes unlimited audio-video groups: on and locked. */
  g_assert_true (choose_value (item_row (editor, IMC_PLAN_ITEM_EDITION, FALSE), "Ultimate"));
  imc_plan_editor_get_plan (IMC_PLAN_EDITOR (editor), &plan);
  g_assert_true (plan.unlimited_av_groups);
  g_assert_cmpint (plan.max_members_per_group, ==, 2000);
  g_assert_false (gtk_widget_get_sensitive (item_row (editor, IMC_PLAN_ITEM_UNLIMITED_AV_GROUPS, FALSE)));
  g_assert_cmpstr (row_subtitle (item_row (editor, IMC_PLAN_ITEM_UNLIMITED_AV_GROUPS, FALSE)), ==,
                   "Included in Ultimate");
  /* Tiers below the edition's default are not offered. */
  g_assert_false (choose_value (item_row (editor, IMC_PLAN_ITEM_MAX_GROUPS_PER_USER, FALSE), "500"));

  /* Back to Pro, with raised max groups per user: a fee applies. */
  g_assert_true (choose_value (item_row (editor, IMC_PLAN_ITEM_EDITION, FALSE), "Pro"));
  g_assert_true (gtk_widget_get_sensitive (item_row (editor, IMC_PLAN_ITEM_UNLIMITED_AV_GROUPS, FALSE)));
  g_assert_true (choose_value (item_row (editor, IMC_PLAN_ITEM_MAX_GROUPS_PER_USER, FALSE), "1,000"));
  g_assert_true (g_str_has_prefix (row_subtitle (item_row (editor, IMC_PLAN_ITEM_MAX_GROUPS_PER_USER, FALSE)),
                                   "Fee applies: CNY 300.00"));

  /* The live price preview comes from InquiryPriceAppPlan. */
  imc_test_iterate_until (has_quote, editor);
  g_assert_cmpstr (monthly_amount (editor), ==, "CNY 1,299.00");

  /* Confirm opens the irreversible-upgrade confirmation, Cancel default. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.confirm", NULL);
  confirmation = find_alert ("Upgrade App?");
  assert_upgrade_confirmation (confirmation);

  /* Nothing is sent before the confirmation. */
  before = fetch_app (imc_app_get_sdk_app_id (app));
  g_assert_cmpint (imc_app_get_edition (before), ==, IMC_EDITION_FREE);
  g_assert_cmpuint (count_logs (imc_app_get_sdk_app_id (app), "UpgradeAppPlan"), ==, 0);

  respond (confirmation, "confirm");
  g_assert_true (is_busy (dialog));
  imc_test_iterate_until (alert_gone, "Upgrade App?");
  imc_test_iterate_until (pointer_set, &applied);

  after = fetch_app (imc_app_get_sdk_app_id (app));
  g_assert_cmpint (imc_app_get_edition (after), ==, IMC_EDITION_PRO);
  g_assert_cmpint (imc_app_get_plan (after)->max_groups_per_user, ==, 1000);
  g_assert_cmpuint (count_logs (imc_app_get_sdk_app_id (app), "UpgradeAppPlan"), ==, 1);

  /* Applied, the dialog closes, and no window stays behind hidden. */
  g_assert_true (all_toplevels_shown (NULL));
  gtk_window_destroy (GTK_WINDOW (host));
}

#if IMC_HAVE_ADW_BREAKPOINT
static gboolean
widget_shown (gpointer data)
{
  return gtk_widget_get_visible (GTK_WIDGET (data));
}
#endif

/* In a window as narrow as a phone's, the dialog is a bottom sheet whose
 * Cancel and Confirm move to a bar at the bottom (AdwBreakpoint); with
 * libadwaita 1.2 it is a window of its own that keeps them in its header
 * bar. */
static void
test_upgrade_dialog_narrow (void)
{
  g_autoptr(ImcApp) app = new_free_app ("UI Narrow");
  GtkWidget *host = adw_window_new ();
  ImcPlanDialog *dialog = imc_plan_dialog_new (IMC_PLAN_DIALOG_MODE_UPGRADE, ui_server.client, ui_catalog, app);
  GtkWidget *cancel, *confirm, *bottom_bar;

  /* As narrow as the main window gets (imc-window.ui). */
  gtk_widget_set_size_request (host, 360, 294);
  gtk_window_set_default_size (GTK_WINDOW (host), 360, 720);
  gtk_window_present (GTK_WINDOW (host));
  imc_plan_dialog_present (dialog, host);
  cancel = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog), IMC_TYPE_PLAN_DIALOG, "cancel_button"));
  confirm = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog), IMC_TYPE_PLAN_DIALOG, "confirm_button"));
  bottom_bar = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog), IMC_TYPE_PLAN_DIALOG, "bottom_bar"));

#if IMC_HAVE_ADW_BREAKPOINT
  imc_test_iterate_until (widget_shown, bottom_bar);
  g_assert_false (gtk_widget_get_visible (cancel));
  g_assert_false (gtk_widget_get_visible (confirm));
  /* The dialog takes the window's whole width: a bottom sheet. */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (dialog)), ==, gtk_widget_get_width (host));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (dialog)), >=, 300);
#else
  g_assert_true (gtk_widget_get_visible (cancel));
  g_assert_true (gtk_widget_get_visible (confirm));
  g_assert_false (gtk_widget_get_visible (bottom_bar));
#endif

  imc_compat_dialog_close (GTK_WIDGET (dialog));
  gtk_window_destroy (GTK_WINDOW (host));
}

/* --- Modify feature configuration ------------------------------------------ */

static void
test_modify_dialog_locks (void)
{
  const ImcPlan pro_1000 = { IMC_EDITION_PRO, FALSE, 1000, 200 };
  g_autoptr(ImcApp) app = new_free_app ("UI Modify");
  g_autoptr(ImcApp) upgraded = NULL;
  g_autoptr(ImcApp) applied = NULL;
  g_autoptr(ImcApp) after = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *date = NULL;
  GtkWidget *host = host_window_new ();
  ImcPlanDialog *dialog;
  GtkWidget *editor;
  ImcAlert *confirmation;

  RUN (result, imc_plan_client_upgrade_app_plan_async (ui_server.client, imc_app_get_sdk_app_id (app),
                                                       &pro_1000, NULL, WAITER));
  upgraded = imc_plan_client_upgrade_app_plan_finish (ui_server.client, result, &error);
  g_assert_no_error (error);

  dialog = imc_plan_dialog_new (IMC_PLAN_DIALOG_MODE_MODIFY, ui_server.client, ui_catalog, upgraded);
  editor = dialog_child (dialog, "editor");
  g_signal_connect (dialog, "applied", G_CALLBACK (applied_cb), &applied);
  imc_plan_dialog_present (dialog, host);

  g_assert_cmpint (min_width (GTK_WIDGET (dialog)), <=, 360);
  g_assert_cmpint (imc_plan_dialog_get_mode (dialog), ==, IMC_PLAN_DIALOG_MODE_MODIFY);
  g_assert_cmpstr (dialog_title (GTK_WIDGET (dialog)), ==, "Modify feature configuration");
  g_assert_true (gtk_widget_get_visible (dialog_child (dialog, "summary_group")));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (dialog_child (dialog, "summary_label"))), ==,
                   "Nothing is changed yet.");
  g_assert_true (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (dialog_child (dialog, "note_label"))),
                                   "You can modify the plan and value-added services of an app only once in a calendar month."));

  /* The upgrade changed the edition and max groups per user this month. */
  date = imc_format_date (imc_app_get_next_modifiable (upgraded, IMC_PLAN_ITEM_EDITION));
  g_assert_false (gtk_widget_get_sensitive (item_row (editor, IMC_PLAN_ITEM_EDITION, TRUE)));
  g_assert_false (gtk_widget_get_sensitive (item_row (editor, IMC_PLAN_ITEM_MAX_GROUPS_PER_USER, TRUE)));
  g_assert_nonnull (strstr (row_subtitle (item_row (editor, IMC_PLAN_ITEM_MAX_GROUPS_PER_USER, TRUE)), date));
  g_assert_true (gtk_widget_get_sensitive (item_row (editor, IMC_PLAN_ITEM_MAX_MEMBERS_PER_GROUP, TRUE)));
  g_assert_false (choose_value (item_row (editor, IMC_PLAN_ITEM_MAX_GROUPS_PER_USER, TRUE), "2,000"));

  /* Nothing changed yet: Confirm is off and does nothing. */
  g_assert_false (gtk_widget_get_sensitive (dialog_child (dialog, "confirm_button")));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.confirm", NULL);
  g_assert_null (find_alert ("Apply Changes?"));

  g_assert_true (choose_value (item_row (editor, IMC_PLAN_ITEM_MAX_MEMBERS_PER_GROUP, TRUE), "500"));
  g_assert_cmpuint (imc_plan_editor_get_changed_items (IMC_PLAN_EDITOR (editor)), ==,
                    IMC_PLAN_ITEM_FLAG (IMC_PLAN_ITEM_MAX_MEMBERS_PER_GROUP));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (dialog_child (dialog, "summary_label"))), ==,
                   "Max members per group: 200 → 500");
  g_assert_true (gtk_widget_get_sensitive (dialog_child (dialog, "confirm_button")));
  imc_test_iterate_until (has_quote, editor);

  gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.confirm", NULL);
  confirmation = find_alert ("Apply Changes?");
  g_assert_nonnull (confirmation);
  g_assert_cmpstr (imc_alert_get_default_response (confirmation), ==, "cancel");
  g_assert_nonnull (strstr (imc_alert_get_body (confirmation), "Changes to “UI Modify”:\nMax members per group: 200 → 500"));

  respond (confirmation, "confirm");
  imc_test_iterate_until (pointer_set, &applied);
  after = fetch_app (imc_app_get_sdk_app_id (app));
  g_assert_cmpint (imc_app_get_plan (after)->max_members_per_group, ==, 500);
  g_assert_cmpint (imc_app_get_plan (after)->max_groups_per_user, ==, 1000);
  g_assert_cmpuint (count_logs (imc_app_get_sdk_app_id (app), "ModifyAppPlan"), ==, 1);
  gtk_window_destroy (GTK_WINDOW (host));
}

int
main (int   argc,
      char *argv[])
{
  imc_test_ui_init (&argc, &argv, IMC_TEST_UI_SERVER);

  g_test_add_func ("/ui/upgrade-dialog", test_upgrade_dialog);
  g_test_add_func ("/ui/upgrade-dialog/narrow", test_upgrade_dialog_narrow);
  g_test_add_func ("/ui/modify-dialog/locks", test_modify_dialog_locks);

  return imc_test_ui_run ();
}
