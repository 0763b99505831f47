/* test-app-page.c: the Basic Configuration page: which actions it offers,
 * and the Disabling Reminder against the real server. */
#include "config.h"

#include "test-ui-common.h"

static void
test_page_sensitivity (void)
{
  const ImcPlan pro = { IMC_EDITION_PRO, FALSE, 500, 200 };
  g_autoptr(ImcApp) app = imc_app_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = imc_app_page_new ();

  gtk_window_set_child (GTK_WINDOW (window), page);
  imc_app_set_sdk_app_id (app, 1499999990);
  imc_app_set_name (app, "Sensitivity");
  imc_app_set_created_time (app, now);
  imc_app_page_set_context (IMC_APP_PAGE (page), ui_server.client, ui_catalog);
  imc_app_page_set_app (IMC_APP_PAGE (page), app);

  /* Free: only Upgrade. */
  g_assert_true (button_sensitive (page, "upgrade_button"));
  g_assert_false (button_sensitive (page, "modify_button"));

  /* Pro-postpaid: only Modify feature configuration. */
  imc_app_set_plan (app, &pro);
  g_assert_false (button_sensitive (page, "upgrade_button"));
  g_assert_true (button_sensitive (page, "modify_button"));

  /* Disabled: neither, and the page says why. */
  imc_app_set_status (app, IMC_APP_STATUS_DISABLED);
  g_assert_false (button_sensitive (page, "upgrade_button"));
  g_assert_false (button_sensitive (page, "modify_button"));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (gtk_widget_get_template_child (page, IMC_TYPE_APP_PAGE, "action_hint"))),
                            "disabled"));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* --- Disabling Reminder ------------------------------------------------------ */

static gboolean
app_disabled (gpointer data)
{
  return imc_app_get_status (IMC_APP (data)) == IMC_APP_STATUS_DISABLED;
}

static void
test_disabling_reminder (void)
{
  g_autoptr(ImcApp) app = new_free_app ("UI Disable");
  g_autoptr(ImcApp) after = NULL;
  GtkWidget *window = host_window_new ();
  GtkWidget *page = imc_app_page_new ();
  ImcAlert *reminder;

  adw_window_set_content (ADW_WINDOW (window), page);
  imc_app_page_set_context (IMC_APP_PAGE (page), ui_server.client, ui_catalog);
  imc_app_page_set_app (IMC_APP_PAGE (page), app);

  gtk_widget_activate_action (page, "page.disable", NULL);
  reminder = find_alert ("Disabling Reminder");
  g_assert_nonnull (reminder);
  g_assert_cmpstr (imc_alert_get_default_response (reminder), ==, "cancel");
  g_assert_cmpstr (imc_alert_get_close_response (reminder), ==, "cancel");
  g_assert_nonnull (strstr (imc_alert_get_body (reminder), "stops immediately"));
  g_assert_nonnull (strstr (imc_alert_get_body (reminder), "90 days"));

  respond (reminder, "confirm");
  imc_test_iterate_until (app_disabled, app);

  after = fetch_app (imc_app_get_sdk_app_id (app));
  g_assert_cmpint (imc_app_get_status (after), ==, IMC_APP_STATUS_DISABLED);
  g_assert_cmpint (imc_calendar_days_between (imc_app_get_disabled_time (after),
                                              imc_app_get_purge_time (after)), ==, 90);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  imc_test_ui_init (&argc, &argv, IMC_TEST_UI_SERVER);

  g_test_add_func ("/ui/page/sensitivity", test_page_sensitivity);
  g_test_add_func ("/ui/disabling-reminder", test_disabling_reminder);

  return imc_test_ui_run ();
}
