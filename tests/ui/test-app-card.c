/* test-app-card.c: the app card's texts, following its app; no server. */
#include "config.h"

#include "test-ui-common.h"

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

  g_assert_cmpstr (card_text (IMC_APP_CARD (card), "plan_label"), ==, "Ultimate-postpaid");
  g_assert_cmpstr (card_text (IMC_APP_CARD (card), "status_label"), ==, "Enabled");
  g_assert_cmpstr (card_text (IMC_APP_CARD (card), "purge_label"), ==, "");

  /* The card follows its app: the window updates apps in place. */
  imc_app_set_status (app, IMC_APP_STATUS_DISABLED);
  imc_app_set_disabled_time (app, now);
  imc_app_set_purge_time (app, purge);
  g_assert_cmpstr (card_text (IMC_APP_CARD (card), "status_label"), ==, "Disabled");
  g_assert_true (g_str_has_prefix (card_text (IMC_APP_CARD (card), "purge_label"), "Data will be deleted on "));
  g_assert_true (g_str_has_suffix (card_text (IMC_APP_CARD (card), "purge_label"), "(80 days left)"));

  imc_app_set_purge_time (app, purge_soon);
  g_assert_true (g_str_has_suffix (card_text (IMC_APP_CARD (card), "purge_label"), "(1 day left)"));

  g_object_unref (card);
}

int
main (int   argc,
      char *argv[])
{
  imc_test_ui_init (&argc, &argv, IMC_TEST_UI_NO_SERVER);

  g_test_add_func ("/ui/card/texts", test_card_texts);

  return imc_test_ui_run ();
}
