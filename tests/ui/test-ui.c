/* test-ui.c: the widgets, headless, against the real im-plan-server.
 * No sleeps: every wait iterates the main context until a condition holds,
 * with a timeout. */
#include "config.h"

#include <signal.h>

#include <adwaita.h>
#include <libsoup/soup.h>

#include "imc-client.h"
#include "imc-test-helpers.h"
#include "imc-ui.h"

static ImcTestServer server;
static ImcCatalog *catalog;

#define RUN(result, async_call)                            \
  G_STMT_START {                                           \
    ImcTestWaiter _w = { 0 };                              \
    async_call;                                            \
    result = imc_test_waiter_wait (&_w);                   \
  } G_STMT_END

#define WAITER imc_test_waiter_cb, &_w

static ImcApp *
fetch_app (gint64 id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  ImcApp *app;

  RUN (result, imc_plan_client_describe_app_async (server.client, id, NULL, WAITER));
  app = imc_plan_client_describe_app_finish (server.client, result, &error);
  g_assert_no_error (error);
  return app;
}

static ImcApp *
new_free_app (const char *name)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  RUN (result, imc_plan_client_create_app_async (server.client, name, NULL, WAITER));
  id = imc_plan_client_create_app_finish (server.client, result, &error);
  g_assert_no_error (error);
  return fetch_app (id);
}

static guint
count_logs (gint64      id,
            const char *action)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) logs = NULL;
  guint n = 0;

  RUN (result, imc_plan_client_describe_app_operation_logs_async (server.client, id, 0, 100, NULL, WAITER));
  logs = imc_plan_client_describe_app_operation_logs_finish (server.client, result, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < logs->len; i++)
    if (g_str_equal (imc_operation_log_get_action (g_ptr_array_index (logs, i)), action))
      n++;
  return n;
}

static gboolean
has_quote (gpointer data)
{
  return imc_plan_editor_get_quote (IMC_PLAN_EDITOR (data)) != NULL;
}

static void
applied_cb (GtkWidget *dialog,
            ImcApp    *app,
            ImcApp   **out)
{
  g_assert_null (*out);
  *out = g_object_ref (app);
}

static gboolean
pointer_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

static gboolean
pointer_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* The narrowest a widget can be laid out, to check the 360 px target. */
static int
min_width (GtkWidget *widget)
{
  int minimum = 0;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  return minimum;
}

/* A window to show dialogs over, as the app's main window is. */
static GtkWidget *
host_window_new (void)
{
  GtkWidget *host = adw_window_new ();

  gtk_window_set_default_size (GTK_WINDOW (host), 800, 760);
  gtk_window_present (GTK_WINDOW (host));
  return host;
}

/* An alert (AdwAlertDialog or AdwMessageDialog) showing @heading, in any
 * window: an AdwAlertDialog lives inside the window it is shown over. */
static ImcAlert *
find_alert_in (GtkWidget  *widget,
               const char *heading)
{
  if (IMC_IS_ALERT (widget) && g_strcmp0 (imc_alert_get_heading (IMC_ALERT (widget)), heading) == 0)
    return IMC_ALERT (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      ImcAlert *found = find_alert_in (child, heading);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static ImcAlert *
find_alert (const char *heading)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);
      ImcAlert *found = find_alert_in (window, heading);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Clicks the button of @response, as a person does. */
static void
respond (ImcAlert   *alert,
         const char *response)
{
  GtkWidget *button = find_button (GTK_WIDGET (alert), imc_alert_get_response_label (alert, response));

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

/* GTK 4.8 crashes when an accessibility client asks for a hidden window
 * (imc_compat_dialog_close()): the app never keeps one. */
static gboolean
all_toplevels_shown (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (!gtk_widget_get_visible (window))
        return FALSE;
    }
  return TRUE;
}

/* --- cards ------------------------------------------------------------------ */

static void
test_card_texts (void)
{
  const ImcPlan ultimate = { IMC_EDITION_ULTIMATE, TRUE, 1000, 2000 };
  g_autoptr(ImcApp) app = imc_app_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) purge = g_date_time_add_days (now, 80);
  g_autoptr(GDateTime) purge_soon = g_date_time_add_days (now, 1);
  GtkWidget *card = g_object_ref_sink (imc_app_card_new ());

  imc_app_set_sdk_app_id (app, 1400000042);
  imc_app_set_name (app, "Card");
  imc_app_set_created_time (app, now);
  imc_app_set_plan (app, &ultimate);
  imc_app_card_set_app (IMC_APP_CARD (card), app);

  g_assert_cmpstr (imc_app_card_get_plan_text (IMC_APP_CARD (card)), ==, "Ultimate-postpaid");
  g_assert_cmpstr (imc_app_card_get_status_text (IMC_APP_CARD (card)), ==, "Enabled");
  g_assert_cmpstr (imc_app_card_get_purge_text (IMC_APP_CARD (card)), ==, "");

  /* The card follows its app: the window updates apps in place. */
  imc_app_set_status (app, IMC_APP_STATUS_DISABLED);
  imc_app_set_disabled_time (app, now);
  imc_app_set_purge_time (app, purge);
  g_assert_cmpstr (imc_app_card_get_status_text (IMC_APP_CARD (card)), ==, "Disabled");
  g_assert_true (g_str_has_prefix (imc_app_card_get_purge_text (IMC_APP_CARD (card)), "Data will be deleted on "));
  g_assert_true (g_str_has_suffix (imc_app_card_get_purge_text (IMC_APP_CARD (card)), "(80 days left)"));

  imc_app_set_purge_time (app, purge_soon);
  g_assert_true (g_str_has_suffix (imc_app_card_get_purge_text (IMC_APP_CARD (card)), "(1 day left)"));

  g_object_unref (card);
}

/* --- Basic Configuration page --------------------------------------------- */

static gboolean
button_sensitive (GtkWidget  *page,
                  const char *name)
{
  GObject *button = gtk_widget_get_template_child (page, IMC_TYPE_APP_PAGE, name);

  g_assert_nonnull (button);
  return gtk_widget_get_sensitive (GTK_WIDGET (button));
}

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
  imc_app_page_set_context (IMC_APP_PAGE (page), server.client, catalog);
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

/* --- Upgrade ------------------------------------------------------------------ */

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

static void
test_upgrade_dialog (void)
{
  g_autoptr(ImcApp) app = new_free_app ("UI Upgrade");
  g_autoptr(ImcApp) applied = NULL;
  g_autoptr(ImcApp) before = NULL;
  g_autoptr(ImcApp) after = NULL;
  GtkWidget *host = host_window_new ();
  ImcPlanDialog *dialog;
  ImcPlanEditor *editor;
  ImcAlert *confirmation;
  ImcPlan plan;

  dialog = imc_plan_dialog_new (IMC_PLAN_DIALOG_MODE_UPGRADE, server.client, catalog, app);
  editor = imc_plan_dialog_get_editor (dialog);
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
  imc_plan_editor_get_plan (editor, &plan);
  g_assert_cmpint (plan.edition, ==, IMC_EDITION_PRO);
  g_assert_false (plan.unlimited_av_groups);
  g_assert_cmpint (plan.max_groups_per_user, ==, 500);

  /* Ultimate includes unlimited audio-video groups: on and locked. */
  imc_plan_editor_set_edition (editor, IMC_EDITION_ULTIMATE);
  imc_plan_editor_get_plan (editor, &plan);
  g_assert_true (plan.unlimited_av_groups);
  g_assert_cmpint (plan.max_members_per_group, ==, 2000);
  g_assert_false (imc_plan_editor_get_item_sensitive (editor, IMC_PLAN_ITEM_UNLIMITED_AV_GROUPS));
  g_assert_cmpstr (imc_plan_editor_get_item_note (editor, IMC_PLAN_ITEM_UNLIMITED_AV_GROUPS), ==,
                   "Included in Ultimate");
  /* Tiers below the edition's default are not offered. */
  g_assert_false (imc_plan_editor_set_item_value (editor, IMC_PLAN_ITEM_MAX_GROUPS_PER_USER, 500));

  /* Back to Pro, with raised max groups per user: a fee applies. */
  imc_plan_editor_set_edition (editor, IMC_EDITION_PRO);
  g_assert_true (imc_plan_editor_get_item_sensitive (editor, IMC_PLAN_ITEM_UNLIMITED_AV_GROUPS));
  g_assert_true (imc_plan_editor_set_item_value (editor, IMC_PLAN_ITEM_MAX_GROUPS_PER_USER, 1000));
  g_assert_true (g_str_has_prefix (imc_plan_editor_get_item_note (editor, IMC_PLAN_ITEM_MAX_GROUPS_PER_USER),
                                   "Fee applies: CNY 300.00"));

  /* The live price preview comes from InquiryPriceAppPlan. */
  imc_test_iterate_until (has_quote, editor);
  g_assert_cmpint (imc_price_quote_get_monthly_amount (imc_plan_editor_get_quote (editor)), ==, 129900);

  /* Confirm opens the irreversible-upgrade confirmation, Cancel default. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.confirm", NULL);
  confirmation = imc_plan_dialog_get_confirmation (dialog);
  g_assert_nonnull (confirmation);
  g_assert_true (find_alert ("Upgrade App?") == confirmation);
  g_assert_cmpstr (imc_alert_get_default_response (confirmation), ==, "cancel");
  g_assert_cmpstr (imc_alert_get_close_response (confirmation), ==, "cancel");
  g_assert_cmpint (imc_alert_get_response_appearance (confirmation, "confirm"), ==,
                   ADW_RESPONSE_DESTRUCTIVE);
  g_assert_nonnull (strstr (imc_alert_get_body (confirmation), "“UI Upgrade” becomes Pro-postpaid."));
  g_assert_nonnull (strstr (imc_alert_get_body (confirmation), "never return to the Free edition"));
  g_assert_nonnull (strstr (imc_alert_get_body (confirmation), "CNY 1,299.00"));

  /* Nothing is sent before the confirmation. */
  before = fetch_app (imc_app_get_sdk_app_id (app));
  g_assert_cmpint (imc_app_get_edition (before), ==, IMC_EDITION_FREE);
  g_assert_cmpuint (count_logs (imc_app_get_sdk_app_id (app), "UpgradeAppPlan"), ==, 0);

  respond (confirmation, "confirm");
  g_assert_true (imc_plan_dialog_get_busy (dialog));
  g_assert_null (imc_plan_dialog_get_confirmation (dialog));
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
  ImcPlanDialog *dialog = imc_plan_dialog_new (IMC_PLAN_DIALOG_MODE_UPGRADE, server.client, catalog, app);
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
  ImcPlanEditor *editor;
  ImcAlert *confirmation;

  RUN (result, imc_plan_client_upgrade_app_plan_async (server.client, imc_app_get_sdk_app_id (app),
                                                       &pro_1000, NULL, WAITER));
  upgraded = imc_plan_client_upgrade_app_plan_finish (server.client, result, &error);
  g_assert_no_error (error);

  dialog = imc_plan_dialog_new (IMC_PLAN_DIALOG_MODE_MODIFY, server.client, catalog, upgraded);
  editor = imc_plan_dialog_get_editor (dialog);
  g_signal_connect (dialog, "applied", G_CALLBACK (applied_cb), &applied);
  imc_plan_dialog_present (dialog, host);

  g_assert_cmpint (min_width (GTK_WIDGET (dialog)), <=, 360);
  g_assert_cmpint (imc_plan_dialog_get_mode (dialog), ==, IMC_PLAN_DIALOG_MODE_MODIFY);
  g_assert_cmpstr (dialog_title (GTK_WIDGET (dialog)), ==, "Modify feature configuration");
  g_assert_true (gtk_widget_get_visible (dialog_child (dialog, "summary_group")));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (dialog_child (dialog, "summary_label"))), ==,
                   "Nothing is changed yet.");
  g_assert_true (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (dialog_child (dialog, "note_label"))),
                                   "The plan edition and each value-added item can be modified only once"));

  /* The upgrade changed the edition and max groups per user this month. */
  date = imc_format_date (imc_app_get_next_modifiable (upgraded, IMC_PLAN_ITEM_EDITION));
  g_assert_false (imc_plan_editor_get_item_sensitive (editor, IMC_PLAN_ITEM_EDITION));
  g_assert_false (imc_plan_editor_get_item_sensitive (editor, IMC_PLAN_ITEM_MAX_GROUPS_PER_USER));
  g_assert_nonnull (strstr (imc_plan_editor_get_item_note (editor, IMC_PLAN_ITEM_MAX_GROUPS_PER_USER), date));
  g_assert_true (imc_plan_editor_get_item_sensitive (editor, IMC_PLAN_ITEM_MAX_MEMBERS_PER_GROUP));
  g_assert_false (imc_plan_editor_set_item_value (editor, IMC_PLAN_ITEM_MAX_GROUPS_PER_USER, 2000));

  /* Nothing changed yet: Confirm is off and does nothing. */
  g_assert_false (gtk_widget_get_sensitive (dialog_child (dialog, "confirm_button")));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.confirm", NULL);
  g_assert_null (imc_plan_dialog_get_confirmation (dialog));

  g_assert_true (imc_plan_editor_set_item_value (editor, IMC_PLAN_ITEM_MAX_MEMBERS_PER_GROUP, 500));
  g_assert_cmpuint (imc_plan_editor_get_changed_items (editor), ==,
                    IMC_PLAN_ITEM_FLAG (IMC_PLAN_ITEM_MAX_MEMBERS_PER_GROUP));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (dialog_child (dialog, "summary_label"))), ==,
                   "Max members per group: 200 → 500");
  g_assert_true (gtk_widget_get_sensitive (dialog_child (dialog, "confirm_button")));
  imc_test_iterate_until (has_quote, editor);

  gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.confirm", NULL);
  confirmation = imc_plan_dialog_get_confirmation (dialog);
  g_assert_nonnull (confirmation);
  g_assert_true (find_alert ("Apply Changes?") == confirmation);
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
  imc_app_page_set_context (IMC_APP_PAGE (page), server.client, catalog);
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

/* --- the main window ----------------------------------------------------------- */

/* A window bound to a new session (which the window keeps). */
static ImcWindow *
window_new (ImcSandbox *sandbox)
{
  g_autoptr(ImcSession) session = imc_session_new (sandbox);

  return g_object_new (IMC_TYPE_WINDOW, "session", session, NULL);
}

static ImcSession *
window_session (ImcWindow *window)
{
  g_autoptr(ImcSession) session = NULL;

  g_object_get (window, "session", &session, NULL);
  /* The window holds another reference. */
  return session;
}

static GtkWidget *
window_child (ImcWindow  *window,
              const char *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), IMC_TYPE_WINDOW, name));
}

/* "loading", "empty", "failed", "no-results", "cards" or "app" (the Basic
 * Configuration page). */
static const char *
window_state (ImcWindow *window)
{
  if (g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (window_child (window, "main_stack"))), "app") == 0)
    return "app";
  return gtk_stack_get_visible_child_name (GTK_STACK (window_child (window, "list_stack")));
}

static ImcAppPage *
window_app_page (ImcWindow *window)
{
  GtkWidget *page = gtk_stack_get_child_by_name (GTK_STACK (window_child (window, "main_stack")), "app");

  return page != NULL ? IMC_APP_PAGE (page) : NULL;
}

/* Types into the search bar; "search-changed" comes at once rather than
 * after the entry's delay. */
static void
search (ImcWindow  *window,
        const char *text)
{
  GtkWidget *entry = window_child (window, "search_entry");

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  g_signal_emit_by_name (entry, "search-changed");
}

typedef struct
{
  ImcWindow  *window;
  const char *state;
} StateWait;

static gboolean
state_is (gpointer data)
{
  StateWait *wait = data;

  return g_strcmp0 (window_state (wait->window), wait->state) == 0;
}

static void
collect_cards (GtkWidget *widget,
               GPtrArray *cards)
{
  if (IMC_IS_APP_CARD (widget) && imc_app_card_get_app (IMC_APP_CARD (widget)) != NULL)
    g_ptr_array_add (cards, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_cards (child, cards);
}

static ImcAppCard *
find_card (ImcWindow *window,
           gint64     id)
{
  g_autoptr(GPtrArray) cards = g_ptr_array_new ();

  collect_cards (window_child (window, "grid_view"), cards);
  for (guint i = 0; i < cards->len; i++)
    {
      ImcAppCard *card = g_ptr_array_index (cards, i);

      if (imc_app_get_sdk_app_id (imc_app_card_get_app (card)) == id)
        return card;
    }
  return NULL;
}

static gboolean
card_shown (gpointer data)
{
  return find_card (IMC_WINDOW (data), 1400000002) != NULL;
}

/* The grid shows exactly the filtered apps once it has laid them out. */
static gboolean
card_list_settled (gpointer data)
{
  return find_card (IMC_WINDOW (data), 1400000005) != NULL &&
         find_card (IMC_WINDOW (data), 1400000000) == NULL;
}

static void
test_window_loads_cards (void)
{
  ImcWindow *window = window_new (NULL);
  StateWait wait = { window, "cards" };
  ImcAppCard *card;

  gtk_window_present (GTK_WINDOW (window));
  imc_session_set_client (window_session (window), server.client, "Local sandbox");
  g_assert_cmpstr (window_state (window), ==, "loading");
  imc_test_iterate_until (state_is, &wait);
  g_assert_cmpuint (g_list_model_get_n_items (imc_session_get_apps (window_session (window))), >=, 5);

  /* Cards are real widgets bound to the server's apps. */
  imc_test_iterate_until (card_shown, window);
  card = find_card (window, 1400000002);
  g_assert_cmpstr (imc_app_card_get_plan_text (card), ==, "Ultimate-postpaid");
  card = find_card (window, 1400000000);
  g_assert_nonnull (card);
  g_assert_cmpstr (imc_app_card_get_plan_text (card), ==, "Free");

  /* Search by name or SDKAppID. */
  search (window, "1400000002");
  g_assert_cmpstr (window_state (window), ==, "cards");
  search (window, "no app is called this");
  g_assert_cmpstr (window_state (window), ==, "no-results");
  search (window, "");

  /* Filter by edition and status: the demo has one disabled Free app. */
  imc_session_set_filters (window_session (window), IMC_EDITION_FREE, IMC_APP_STATUS_DISABLED);
  g_assert_cmpstr (window_state (window), ==, "cards");
  imc_test_iterate_until (card_list_settled, window);
  g_assert_null (find_card (window, 1400000000));
  g_assert_nonnull (find_card (window, 1400000005));
  imc_session_set_filters (window_session (window), IMC_EDITION_ULTIMATE, IMC_APP_STATUS_DISABLED);
  g_assert_cmpstr (window_state (window), ==, "no-results");
  imc_session_set_filters (window_session (window), -1, -1);

  /* Phones and tiled halves: everything fits into 360 px (with GNOME's
   * window buttons: close only). */
  g_object_set (gtk_settings_get_default (), "gtk-decoration-layout", ":close", NULL);
  g_assert_cmpint (min_width (GTK_WIDGET (window)), <=, 360);

  /* --app opens the Basic Configuration page. */
  imc_window_open_app (window, 1400000001);
  g_assert_cmpstr (window_state (window), ==, "app");
  g_assert_cmpint (min_width (GTK_WIDGET (window)), <=, 360);
  g_assert_cmpint (imc_app_get_sdk_app_id (imc_app_page_get_app (window_app_page (window))), ==,
                   1400000001);

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
done_paging (gpointer data)
{
  return imc_session_get_state (window_session (IMC_WINDOW (data))) == IMC_SESSION_STATE_READY;
}

typedef struct
{
  ImcWindow  *window;
  const char *name;
} AppOpenWait;

static gboolean
app_page_shows (gpointer data)
{
  AppOpenWait *wait = data;
  ImcAppPage *page = window_app_page (wait->window);
  ImcApp *app = page != NULL ? imc_app_page_get_app (page) : NULL;

  return g_strcmp0 (window_state (wait->window), "app") == 0 &&
         app != NULL && g_strcmp0 (imc_app_get_name (app), wait->name) == 0;
}

static gboolean
window_has_apps (gpointer data)
{
  StateWait *wait = data;

  return state_is (wait) && g_list_model_get_n_items (imc_session_get_apps (window_session (wait->window))) > 0;
}

/* Pages of two: the cards come in page by page, and all of them arrive. */
static void
test_window_paging (void)
{
  ImcWindow *window = window_new (NULL);
  StateWait wait = { window, "cards" };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  GListModel *apps = imc_session_get_apps (window_session (window));

  RUN (result, imc_plan_client_describe_all_apps_async (server.client, NULL, WAITER));
  all = imc_plan_client_describe_all_apps_finish (server.client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, >, 4);

  imc_session_set_page_size (window_session (window), 2);
  imc_session_set_client (window_session (window), server.client, "Local sandbox");
  /* The first page shows before the last one is in. */
  imc_test_iterate_until (window_has_apps, &wait);
  g_assert_cmpuint (g_list_model_get_n_items (apps), <, all->len);

  imc_test_iterate_until (done_paging, window);
  g_assert_cmpuint (g_list_model_get_n_items (apps), ==, all->len);
  for (guint i = 0; i < g_list_model_get_n_items (apps); i++)
    {
      g_autoptr(ImcApp) app = g_list_model_get_item (apps, i);
      gint64 *id = g_new (gint64, 1);

      *id = imc_app_get_sdk_app_id (app);
      g_assert_false (g_hash_table_contains (seen, id));
      g_hash_table_add (seen, id);
    }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The keyboard focus is in @data (an entry: in its text). */
static gboolean
has_focus_within (gpointer data)
{
  GtkWidget *widget = data;
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* Enter in @entry: its text emits "activate", as its key binding does. */
static void
press_enter (GtkWidget *entry)
{
  g_signal_emit_by_name (gtk_editable_get_delegate (GTK_EDITABLE (entry)), "activate");
}

/* The open Create App dialog, in any window (an AdwDialog lives inside the
 * window it is shown over), or NULL. */
static ImcCreateAppDialog *
find_create_dialog_in (GtkWidget *widget)
{
  if (IMC_IS_CREATE_APP_DIALOG (widget))
    return IMC_CREATE_APP_DIALOG (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      ImcCreateAppDialog *found = find_create_dialog_in (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static ImcCreateAppDialog *
find_create_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);
      ImcCreateAppDialog *found = find_create_dialog_in (window);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
create_dialog_gone (gpointer data)
{
  return find_create_dialog () == NULL;
}

static GtkWidget *
create_dialog_child (ImcCreateAppDialog *dialog,
                     const char         *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (dialog), IMC_TYPE_CREATE_APP_DIALOG, name);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

static guint
count_apps_named (const char *name)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) apps = NULL;
  guint n = 0;

  RUN (result, imc_plan_client_describe_all_apps_async (server.client, NULL, WAITER));
  apps = imc_plan_client_describe_all_apps_finish (server.client, result, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < apps->len; i++)
    if (g_str_equal (imc_app_get_name (g_ptr_array_index (apps, i)), name))
      n++;
  return n;
}

static void
test_window_create_app (void)
{
  ImcWindow *window = window_new (NULL);
  StateWait wait = { window, "cards" };
  AppOpenWait open_wait = { window, "Created From The Window" };
  g_autoptr(ImcApp) on_server = NULL;
  ImcCreateAppDialog *dialog;
  GtkWidget *name_row, *create;
  ImcApp *app;

  gtk_window_present (GTK_WINDOW (window));
  imc_session_set_client (window_session (window), server.client, "Local sandbox");
  imc_test_iterate_until (state_is, &wait);

  gtk_widget_activate_action (GTK_WIDGET (window), "window.create-app", NULL);
  dialog = find_create_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpint (min_width (GTK_WIDGET (dialog)), <=, 360);
  name_row = create_dialog_child (dialog, "name_row");
  create = create_dialog_child (dialog, "create_button");
  /* The name field has the focus. */
  imc_test_iterate_until (has_focus_within, name_row);

  /* Empty or blank is not a name: Create stays disabled, and Enter does
   * nothing. */
  g_assert_null (imc_create_app_dialog_get_name (dialog));
  g_assert_false (gtk_widget_is_sensitive (create));
  gtk_editable_set_text (GTK_EDITABLE (name_row), "   ");
  g_assert_false (gtk_widget_is_sensitive (create));
  press_enter (name_row);
  g_assert_false (imc_create_app_dialog_get_busy (dialog));
  g_assert_true (find_create_dialog () == dialog);

  /* A name: Create is enabled, and Enter creates the app (trimmed). */
  gtk_editable_set_text (GTK_EDITABLE (name_row), "  Created From The Window ");
  g_assert_true (gtk_widget_is_sensitive (create));
  g_assert_cmpuint (count_apps_named (open_wait.name), ==, 0);
  press_enter (name_row);
  /* Sent once: Create and the name wait for the answer. */
  g_assert_true (imc_create_app_dialog_get_busy (dialog));
  g_assert_false (gtk_widget_is_sensitive (create));
  g_assert_false (gtk_editable_get_editable (GTK_EDITABLE (name_row)));

  /* The new app opens at once, and the dialog is gone, not hidden. */
  imc_test_iterate_until (app_page_shows, &open_wait);
  imc_test_iterate_until (create_dialog_gone, NULL);
  g_assert_true (all_toplevels_shown (NULL));
  app = imc_app_page_get_app (window_app_page (window));
  g_assert_cmpint (imc_app_get_edition (app), ==, IMC_EDITION_FREE);
  g_assert_cmpint (imc_app_get_status (app), ==, IMC_APP_STATUS_ENABLED);

  /* The server has it, Free and enabled, exactly once. */
  g_assert_cmpuint (count_apps_named (open_wait.name), ==, 1);
  on_server = fetch_app (imc_app_get_sdk_app_id (app));
  g_assert_cmpstr (imc_app_get_name (on_server), ==, open_wait.name);
  g_assert_cmpint (imc_app_get_edition (on_server), ==, IMC_EDITION_FREE);
  g_assert_cmpint (imc_app_get_status (on_server), ==, IMC_APP_STATUS_ENABLED);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
created_cb (ImcCreateAppDialog *dialog,
            gint64              sdk_app_id,
            gint64             *out)
{
  g_assert_cmpint (*out, ==, 0);
  *out = sdk_app_id;
}

static void
failed_cb (ImcCreateAppDialog *dialog,
           const GError       *error,
           GError            **out)
{
  g_assert_null (*out);
  *out = g_error_copy (error);
}

static gboolean
int64_set (gpointer data)
{
  return *(gint64 *) data != 0;
}

/* In a window as narrow as a phone's the dialog is a bottom sheet
 * (libadwaita >= 1.5), which moves the focus to its first button as it
 * opens: the name field has it all the same. */
static void
test_create_app_dialog_narrow (void)
{
  GtkWidget *host = adw_window_new ();
  ImcCreateAppDialog *dialog = imc_create_app_dialog_new (server.client);
  GtkWidget *name_row;

  gtk_widget_set_size_request (host, 360, 294);
  gtk_window_set_default_size (GTK_WINDOW (host), 360, 720);
  gtk_window_present (GTK_WINDOW (host));
  imc_create_app_dialog_present (dialog, host);
  name_row = create_dialog_child (dialog, "name_row");
  /* Once the focus is in the dialog, it is in the name field. */
  imc_test_iterate_until (has_focus_within, dialog);
  g_assert_true (has_focus_within (name_row));
#if IMC_HAVE_ADW_DIALOG
  /* A bottom sheet: the window's whole width. */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (dialog)), ==, gtk_widget_get_width (host));
#endif

  imc_compat_dialog_close (GTK_WIDGET (dialog));
  gtk_window_destroy (GTK_WINDOW (host));
}

/* The dialog on its own: an error from the server handed to the window
 * (which shows it as a toast) before it closes, Cancel while the call runs,
 * and the Create button. */
static void
test_create_app_dialog (void)
{
  GtkWidget *host = host_window_new ();
  ImcCreateAppDialog *dialog = imc_create_app_dialog_new (server.client);
  ImcCreateAppDialog *weak = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ImcApp) app = NULL;
  g_autofree char *long_name = g_strnfill (65, 'x');
  gint64 created = 0;
  GtkWidget *name_row, *create;

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &weak);
  g_signal_connect (dialog, "created", G_CALLBACK (created_cb), &created);
  g_signal_connect (dialog, "failed", G_CALLBACK (failed_cb), &error);
  imc_create_app_dialog_present (dialog, host);
  name_row = create_dialog_child (dialog, "name_row");
  create = create_dialog_child (dialog, "create_button");
  g_assert_false (gtk_widget_is_sensitive (create));

  /* At most 64 characters go in. */
  gtk_editable_set_text (GTK_EDITABLE (name_row), long_name);
  g_assert_cmpint (g_utf8_strlen (gtk_editable_get_text (GTK_EDITABLE (name_row)), -1), ==, 64);
  g_assert_true (gtk_widget_is_sensitive (create));

  /* The server refuses control characters; the dialog hands its error on
   * and closes. */
  gtk_editable_set_text (GTK_EDITABLE (name_row), "Tab\there");
  g_assert_true (gtk_widget_is_sensitive (create));
  g_signal_emit_by_name (create, "clicked");
  imc_test_iterate_until (pointer_set, &error);
  g_assert_error (error, IMC_PLAN_CLIENT_ERROR, IMC_PLAN_CLIENT_ERROR_INVALID_PARAMETER_VALUE);
  g_assert_cmpint (created, ==, 0);
  imc_test_iterate_until (create_dialog_gone, NULL);
  g_assert_true (all_toplevels_shown (NULL));
  /* Closed, it is freed. */
  imc_test_iterate_until (pointer_null, &weak);

  /* Cancel while CreateApp runs: the call is cancelled with the dialog, and
   * neither signal comes. */
  dialog = imc_create_app_dialog_new (server.client);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &weak);
  g_signal_connect (dialog, "created", G_CALLBACK (created_cb), &created);
  g_signal_connect (dialog, "failed", G_CALLBACK (failed_cb), &error);
  g_clear_error (&error);
  imc_create_app_dialog_present (dialog, host);
  gtk_editable_set_text (GTK_EDITABLE (create_dialog_child (dialog, "name_row")), "Cancelled");
  g_signal_emit_by_name (create_dialog_child (dialog, "create_button"), "clicked");
  g_assert_true (imc_create_app_dialog_get_busy (dialog));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.close", NULL);
  imc_test_iterate_until (pointer_null, &weak);
  /* A request after it: the cancelled call's callback has run by then. */
  g_clear_object (&app);
  app = fetch_app (1400000000);
  g_assert_cmpint (created, ==, 0);
  g_assert_null (error);

  /* The Create button creates. */
  dialog = imc_create_app_dialog_new (server.client);
  g_signal_connect (dialog, "created", G_CALLBACK (created_cb), &created);
  imc_create_app_dialog_present (dialog, host);
  name_row = create_dialog_child (dialog, "name_row");
  gtk_editable_set_text (GTK_EDITABLE (name_row), "Created By Its Button");
  g_signal_emit_by_name (create_dialog_child (dialog, "create_button"), "clicked");
  imc_test_iterate_until (int64_set, &created);
  app = fetch_app (created);
  g_assert_cmpstr (imc_app_get_name (app), ==, "Created By Its Button");
  g_assert_cmpint (imc_app_get_edition (app), ==, IMC_EDITION_FREE);
  imc_test_iterate_until (create_dialog_gone, NULL);

  gtk_window_destroy (GTK_WINDOW (host));
}

static void
test_window_failed_state (void)
{
  ImcWindow *window = window_new (NULL);
  g_autoptr(ImcPlanClient) client = NULL;
  StateWait wait = { window, "failed" };
  AdwStatusPage *failed;

  /* Port 9 (discard) has no listener on loopback here: refused. */
  client = imc_plan_client_new ("http://127.0.0.1:9/", "ap-guangzhou", "AKIDx", "y");
  imc_plan_client_set_retry_policy (client, 1, 10);
  imc_session_set_client (window_session (window), client, "Broken");
  imc_test_iterate_until (state_is, &wait);

  failed = ADW_STATUS_PAGE (gtk_widget_get_template_child (GTK_WIDGET (window), IMC_TYPE_WINDOW, "failed_page"));
  g_assert_nonnull (strstr (adw_status_page_get_description (failed), "not running"));
  g_assert_null (strstr (adw_status_page_get_description (failed), "Error"));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A server that is always over its rate limit. */
static void
rate_limited_cb (SoupServer        *soup,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  static const char body[] =
    "{\"Response\":{\"Error\":{\"Code\":\"RequestLimitExceeded\",\"Message\":\"slow down\"},"
    "\"RequestId\":\"00000000-0000-0000-0000-000000000001\"}}";
  guint *requests = user_data;

  (*requests)++;
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, body, sizeof body - 1);
}

static void
test_window_rate_limited (void)
{
  ImcWindow *window = window_new (NULL);
  g_autoptr(SoupServer) soup = soup_server_new (NULL, NULL);
  g_autoptr(ImcPlanClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *endpoint = NULL;
  g_autoptr(GSocketAddress) local = NULL;
  GSList *listeners;
  StateWait wait = { window, "failed" };
  AdwStatusPage *failed;
  guint requests = 0;

  soup_server_add_handler (soup, NULL, rate_limited_cb, &requests, NULL);
  g_assert_true (soup_server_listen_local (soup, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  listeners = soup_server_get_listeners (soup);
  local = g_socket_get_local_address (listeners->data, &error);
  g_slist_free (listeners);
  g_assert_no_error (error);
  endpoint = g_strdup_printf ("http://127.0.0.1:%u/",
                              g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local)));

  /* Two attempts: the client waits before the second (a second at least
   * for RequestLimitExceeded), then the window tells the user. */
  client = imc_plan_client_new (endpoint, "ap-guangzhou", "AKIDx", "y");
  imc_plan_client_set_retry_policy (client, 2, 10);
  imc_session_set_client (window_session (window), client, "Busy");
  imc_test_iterate_until (state_is, &wait);

  g_assert_cmpuint (requests, ==, 2);
  failed = ADW_STATUS_PAGE (gtk_widget_get_template_child (GTK_WIDGET (window), IMC_TYPE_WINDOW, "failed_page"));
  g_assert_nonnull (strstr (adw_status_page_get_description (failed), "too many requests"));
  g_assert_nonnull (strstr (adw_status_page_get_description (failed), "try again"));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_connections (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  ImcWindow *window = window_new (server.sandbox);
  StateWait wait = { window, "failed" };
  g_autofree char *last = NULL;
  g_autofree char *connection_id = NULL;
  AdwStatusPage *failed;
  const char *description;

  /* Without a keyring a profile cannot get its credentials, and the window
   * says so clearly. */
  g_settings_set_value (settings, "connections",
                        g_variant_new_parsed ("[('test-profile', 'Staging', 'http://127.0.0.1:9/', 'ap-guangzhou')]"));
  imc_session_connect (window_session (window), "test-profile");
  g_object_get (window, "connection-id", &connection_id, NULL);
  g_assert_cmpstr (connection_id, ==, "test-profile");
  imc_test_iterate_until (state_is, &wait);
  failed = ADW_STATUS_PAGE (gtk_widget_get_template_child (GTK_WIDGET (window), IMC_TYPE_WINDOW, "failed_page"));
  description = adw_status_page_get_description (failed);
  g_assert_nonnull (strstr (description, "The keyring is not available"));
  last = g_settings_get_string (settings, "last-connection");
  g_assert_cmpstr (last, ==, "test-profile");

  /* Retry connects again (there is no client to reload). */
  gtk_widget_activate_action (GTK_WIDGET (window), "window.refresh", NULL);
  g_assert_cmpstr (window_state (window), ==, "loading");
  imc_test_iterate_until (state_is, &wait);

  /* A profile that is gone falls back to the local sandbox. */
  g_settings_reset (settings, "connections");
  wait.state = "cards";
  imc_session_connect (window_session (window), "test-profile");
  g_clear_pointer (&connection_id, g_free);
  g_object_get (window, "connection-id", &connection_id, NULL);
  g_assert_cmpstr (connection_id, ==, "local-sandbox");
  imc_test_iterate_until (state_is, &wait);

  g_settings_reset (settings, "last-connection");
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
offline_shown (gpointer data)
{
  GObject *bar = gtk_widget_get_template_child (GTK_WIDGET (data), IMC_TYPE_WINDOW, "offline_bar");

  return gtk_widget_get_visible (GTK_WIDGET (bar));
}

static void
test_window_offline_cache (void)
{
  ImcWindow *window = window_new (server.sandbox);
  StateWait wait = { window, "cards" };
  g_autoptr(ImcPlanClient) broken = NULL;
  g_autofree char *cache = imc_app_cache_get_path ("local-sandbox");
  GtkWidget *page;
  guint n_apps;

  /* A successful load of the sandbox leaves its apps in the cache. */
  imc_session_connect (window_session (window), "local-sandbox");
  imc_test_iterate_until (state_is, &wait);
  g_assert_true (g_file_test (cache, G_FILE_TEST_EXISTS));
  n_apps = g_list_model_get_n_items (imc_session_get_apps (window_session (window)));
  g_assert_false (offline_shown (window));

  /* The same connection, now unreachable: the cached apps, read only. */
  broken = imc_plan_client_new ("http://127.0.0.1:9/", "ap-guangzhou", "AKIDx", "y");
  imc_plan_client_set_retry_policy (broken, 1, 10);
  imc_session_set_client (window_session (window), broken, NULL);
  imc_test_iterate_until (offline_shown, window);
  g_assert_cmpstr (window_state (window), ==, "cards");
  g_assert_cmpuint (g_list_model_get_n_items (imc_session_get_apps (window_session (window))), ==, n_apps);

  imc_window_open_app (window, 1400000000);
  page = GTK_WIDGET (window_app_page (window));
  g_assert_false (button_sensitive (page, "upgrade_button"));
  g_assert_false (button_sensitive (page, "modify_button"));

  {
    g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);

    g_settings_reset (settings, "last-connection");
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
sandbox_down (gpointer data)
{
  return !imc_sandbox_is_running (IMC_SANDBOX (data));
}

/* The sandbox server dies; Retry (F5) starts a new one. */
static void
test_window_sandbox_restart (void)
{
  g_autofree char *dir = g_dir_make_tmp ("imc-ui-sandbox-XXXXXX", NULL);
  g_autoptr(ImcSandbox) sandbox = imc_sandbox_new (dir);
  ImcWindow *window = window_new (sandbox);
  StateWait wait = { window, "cards" };
  GPid pid;

  imc_session_connect (window_session (window), "local-sandbox");
  imc_test_iterate_until (state_is, &wait);

  pid = imc_sandbox_get_server_pid (sandbox);
  g_assert_cmpint (pid, >, 0);
  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  imc_test_iterate_until (sandbox_down, sandbox);

  gtk_widget_activate_action (GTK_WIDGET (window), "window.refresh", NULL);
  g_assert_cmpstr (window_state (window), ==, "loading");
  imc_test_iterate_until (state_is, &wait);
  g_assert_true (imc_sandbox_is_running (sandbox));
  g_assert_cmpint (imc_sandbox_get_server_pid (sandbox), !=, pid);
  g_assert_nonnull (imc_session_get_client (window_session (window)));

  gtk_window_destroy (GTK_WINDOW (window));
  imc_sandbox_stop (sandbox);
  imc_test_remove_tree (dir);
  {
    g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);

    g_settings_reset (settings, "last-connection");
  }
}

static void
test_connections_page (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  GtkWidget *host = host_window_new ();
  ImcConnectionsPage *page;

  g_settings_set_value (settings, "connections",
                        g_variant_new_parsed ("[('a', 'Staging', 'https://a.example/', 'ap-guangzhou'),"
                                              " ('b', 'Production', 'https://b.example/', 'ap-shanghai')]"));
  page = imc_connections_page_new (settings);
  imc_connections_page_present (page, host);
  g_assert_nonnull (gtk_widget_get_root (GTK_WIDGET (page)));
  /* The editor subpage builds, and closing the dialog cancels it. */
  gtk_widget_activate_action (GTK_WIDGET (page), "connections.add", NULL);
  imc_compat_dialog_close (GTK_WIDGET (page));
  gtk_window_destroy (GTK_WINDOW (host));
  g_settings_reset (settings, "connections");
}

static GtkWidget *
editor_child (ImcConnectionEditor *editor,
              const char          *id)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (editor), IMC_TYPE_CONNECTION_EDITOR, id));
}

static const char *
editor_text (ImcConnectionEditor *editor,
             const char          *id)
{
  return gtk_editable_get_text (GTK_EDITABLE (editor_child (editor, id)));
}

static gboolean
status_is_error (gpointer data)
{
  return gtk_widget_has_css_class (editor_child (data, "status_label"), "error");
}

/* The connection editor checks its fields, tests against the real server,
 * and saves nothing when the credentials cannot reach the keyring (there is
 * no session bus here). */
static void
test_connection_editor (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(ImcConnection) staging = imc_connection_new ("a", "Staging", "https://a.example/", "ap-shanghai");
  g_autoptr(GPtrArray) saved = NULL;
  GtkWidget *host = host_window_new ();
  ImcConnectionsPage *page = imc_connections_page_new (settings);
  ImcConnectionEditor *editor;
  GtkLabel *status;

  imc_connections_page_present (page, host);

  /* A new connection starts from the usual endpoint scheme and region. */
  editor = imc_connection_editor_new (settings, NULL);
  status = GTK_LABEL (editor_child (editor, "status_label"));
  imc_connection_editor_present (editor, GTK_WIDGET (page));
  g_assert_cmpstr (editor_text (editor, "name_entry"), ==, "");
  g_assert_cmpstr (editor_text (editor, "endpoint_entry"), ==, "https://");
  g_assert_cmpstr (editor_text (editor, "region_entry"), ==, "ap-guangzhou");

  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL);
  g_assert_cmpstr (gtk_label_get_label (status), ==, "Enter a name for this connection.");
  g_assert_true (status_is_error (editor));

  /* A wrong SecretKey: the server's answer, not the editor's, shows. */
  gtk_editable_set_text (GTK_EDITABLE (editor_child (editor, "name_entry")), "Sandbox");
  gtk_editable_set_text (GTK_EDITABLE (editor_child (editor, "endpoint_entry")),
                         imc_plan_client_get_endpoint (server.client));
  gtk_editable_set_text (GTK_EDITABLE (editor_child (editor, "secret_id_entry")),
                         imc_plan_client_get_secret_id (server.client));
  gtk_editable_set_text (GTK_EDITABLE (editor_child (editor, "secret_key_entry")), "wrong");
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.test", NULL);
  g_assert_cmpstr (gtk_label_get_label (status), ==, "Connecting…");
  g_assert_false (status_is_error (editor));
  imc_test_iterate_until (status_is_error, editor);
  g_assert_nonnull (strstr (gtk_label_get_label (status), "SecretKey"));

  /* Save stores the credentials first; without a keyring nothing is saved. */
  gtk_label_set_label (status, "");
  gtk_widget_remove_css_class (GTK_WIDGET (status), "error");
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL);
  imc_test_iterate_until (status_is_error, editor);
  g_assert_nonnull (strstr (gtk_label_get_label (status), "keyring"));
  saved = imc_connections_load (settings);
  g_assert_cmpuint (saved->len, ==, 0);
  imc_connection_editor_close (editor);

  /* Editing shows the profile as stored. */
  editor = imc_connection_editor_new (settings, staging);
  imc_connection_editor_present (editor, GTK_WIDGET (page));
  g_assert_cmpstr (editor_text (editor, "name_entry"), ==, "Staging");
  g_assert_cmpstr (editor_text (editor, "endpoint_entry"), ==, "https://a.example/");
  g_assert_cmpstr (editor_text (editor, "region_entry"), ==, "ap-shanghai");
  g_assert_cmpstr (editor_text (editor, "secret_id_entry"), ==, "");

  imc_compat_dialog_close (GTK_WIDGET (page));
  gtk_window_destroy (GTK_WINDOW (host));
}

/* The Keyboard Shortcuts window comes from the resources, and goes away
 * when closed rather than staying hidden (all_toplevels_shown()). */
static void
test_window_help_overlay (void)
{
  ImcWindow *window = window_new (NULL);
  GListModel *toplevels = gtk_window_get_toplevels ();
  GtkWindow *overlay = NULL;
  GType shortcuts_window;

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  /* Registered once the window is built (GTK 4.18 deprecates its API). */
  shortcuts_window = g_type_from_name ("GtkShortcutsWindow");
  g_assert_true (shortcuts_window != G_TYPE_INVALID);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (toplevel, shortcuts_window))
        overlay = toplevel;
    }
  g_assert_nonnull (overlay);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (overlay)));
  g_assert_true (gtk_window_get_transient_for (overlay) == GTK_WINDOW (window));

  gtk_window_close (overlay);
  g_assert_true (all_toplevels_shown (NULL));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cache_dir = NULL;
  int ret;

  /* GTK's accessibility bus would start at-spi, whose output would mix
   * with the TAP stream; the tests do not need it. */
  g_setenv ("GTK_A11Y", "none", TRUE);
  /* No session bus for the tests: the user's keyring is never touched, and
   * the keyring-unavailable path is what the connection test sees. */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "disabled:", TRUE);
  /* The offline cache goes to a temporary XDG cache directory. */
  cache_dir = g_dir_make_tmp ("imc-ui-cache-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_CACHE_HOME", cache_dir, TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  imc_test_server_start (&server);
  RUN (result, imc_plan_client_describe_plan_catalog_async (server.client, NULL, WAITER));
  catalog = imc_plan_client_describe_plan_catalog_finish (server.client, result, &error);
  g_assert_no_error (error);

  g_test_add_func ("/ui/card/texts", test_card_texts);
  g_test_add_func ("/ui/page/sensitivity", test_page_sensitivity);
  g_test_add_func ("/ui/upgrade-dialog", test_upgrade_dialog);
  g_test_add_func ("/ui/upgrade-dialog/narrow", test_upgrade_dialog_narrow);
  g_test_add_func ("/ui/modify-dialog/locks", test_modify_dialog_locks);
  g_test_add_func ("/ui/disabling-reminder", test_disabling_reminder);
  g_test_add_func ("/ui/window/loads-cards", test_window_loads_cards);
  g_test_add_func ("/ui/window/failed", test_window_failed_state);
  g_test_add_func ("/ui/window/rate-limited", test_window_rate_limited);
  g_test_add_func ("/ui/window/create-app", test_window_create_app);
  g_test_add_func ("/ui/create-app-dialog", test_create_app_dialog);
  g_test_add_func ("/ui/create-app-dialog/narrow", test_create_app_dialog_narrow);
  g_test_add_func ("/ui/window/paging", test_window_paging);
  g_test_add_func ("/ui/window/connections", test_window_connections);
  g_test_add_func ("/ui/window/offline-cache", test_window_offline_cache);
  g_test_add_func ("/ui/connections-page", test_connections_page);
  g_test_add_func ("/ui/connection-editor", test_connection_editor);
  g_test_add_func ("/ui/window/help-overlay", test_window_help_overlay);
  g_test_add_func ("/ui/window/sandbox-restart", test_window_sandbox_restart);

  ret = g_test_run ();

  g_clear_object (&catalog);
  imc_test_server_stop (&server);
  imc_test_remove_tree (cache_dir);
  return ret;
}
