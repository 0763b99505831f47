/* test-sandbox.c: ImcSandbox: the local im-plan-server it starts,
 * its restart after a crash, and its key (fresh each start, in memory, never
 * in a keyring). */
#include "config.h"

#include <signal.h>

#include "test-client-common.h"

static gboolean
sandbox_stopped (gpointer data)
{
  return !imc_sandbox_is_running (IMC_SANDBOX (data));
}

static void
test_sandbox_restarts_after_crash (void)
{
  g_autofree char *dir = g_dir_make_tmp ("imc-sandbox-XXXXXX", NULL);
  g_autoptr(ImcSandbox) sandbox = imc_sandbox_new (dir);
  g_autoptr(GAsyncResult) r1 = NULL;
  g_autoptr(GAsyncResult) r2 = NULL;
  g_autoptr(GAsyncResult) r3 = NULL;
  g_autoptr(ImcPlanClient) client = NULL;
  g_autoptr(ImcPlanClient) again = NULL;
  g_autoptr(GPtrArray) apps = NULL;
  g_autoptr(GError) error = NULL;
  GPid pid;

  RUN (r1, imc_sandbox_start_async (sandbox, NULL, WAITER));
  client = imc_sandbox_start_finish (sandbox, r1, &error);
  g_assert_no_error (error);
  pid = imc_sandbox_get_server_pid (sandbox);
  g_assert_cmpint (pid, >, 0);

  /* The test started this server through the sandbox: end it hard. */
  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  imc_test_iterate_until (sandbox_stopped, sandbox);
  g_assert_cmpint (imc_sandbox_get_server_pid (sandbox), ==, 0);

  /* Starting again brings up a new server on the same database. */
  RUN (r2, imc_sandbox_start_async (sandbox, NULL, WAITER));
  again = imc_sandbox_start_finish (sandbox, r2, &error);
  g_assert_no_error (error);
  g_assert_true (imc_sandbox_is_running (sandbox));
  g_assert_cmpint (imc_sandbox_get_server_pid (sandbox), !=, pid);
  RUN (r3, imc_plan_client_describe_apps_async (again, 0, 10, NULL, NULL, NULL, WAITER));
  apps = imc_plan_client_describe_apps_finish (again, r3, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (apps->len, >, 0);

  imc_sandbox_stop (sandbox);
  g_assert_false (imc_sandbox_is_running (sandbox));
  imc_test_remove_tree (dir);
}

/* A desktop without a keyring: the sandbox starts, twice on one database,
 * without a word to the Secret Service (nor to the bus about it, which
 * would start one: a keyring prompt). Runs before anything in this
 * process starts a keyring. */
static void
test_sandbox_needs_no_keyring (void)
{
  g_autofree char *dir = g_dir_make_tmp ("imc-sandbox-XXXXXX", NULL);
  g_autoptr(ImcSandbox) first = imc_sandbox_new (dir);
  g_autoptr(ImcSandbox) second = imc_sandbox_new (dir);
  g_autoptr(ImcPlanClient) client1 = NULL;
  g_autoptr(ImcPlanClient) client2 = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) apps = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *seen = NULL;
  ImcTestSecretsMonitor *monitor;

  g_assert_false (imc_test_secret_service_running ());
  monitor = imc_test_secrets_monitor_start ();

  client1 = imc_test_start_sandbox (first);
  imc_sandbox_stop (first);
  /* The database exists now, as on every later start of the app. */
  client2 = imc_test_start_sandbox (second);
  RUN (result, imc_plan_client_describe_apps_async (client2, 0, 10, NULL, NULL, NULL, WAITER));
  apps = imc_plan_client_describe_apps_finish (client2, result, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (apps->len, >, 0);
  imc_sandbox_stop (second);

  seen = imc_test_secrets_monitor_finish (monitor);
  g_assert_cmpstr (seen, ==, "");
  g_assert_false (imc_test_secret_service_running ());
  imc_test_remove_tree (dir);
}

/* Each start makes a new key and revokes the one before at once, also
 * while the earlier start's server still runs; the database (the demo
 * apps and one made by the first start) stays. */
static void
test_sandbox_fresh_key_each_start (void)
{
  g_autofree char *dir = g_dir_make_tmp ("imc-sandbox-XXXXXX", NULL);
  g_autoptr(ImcSandbox) first = imc_sandbox_new (dir);
  g_autoptr(ImcSandbox) second = imc_sandbox_new (dir);
  g_autoptr(ImcSandbox) third = imc_sandbox_new (dir);
  g_autoptr(ImcPlanClient) client1 = NULL;
  g_autoptr(ImcPlanClient) client2 = NULL;
  g_autoptr(ImcPlanClient) client3 = NULL;
  g_autoptr(ImcPlanClient) second_id_on_third = NULL;
  g_autoptr(ImcApp) refused = NULL;
  g_autoptr(ImcApp) on_second = NULL;
  g_autoptr(ImcApp) on_third = NULL;
  g_autoptr(GError) error = NULL;
  guint apps_before;
  gint64 id;

  client1 = imc_test_start_sandbox (first);
  apps_before = imc_test_count_apps (client1);
  g_assert_cmpuint (apps_before, >, 0);
  id = imc_test_create_app (client1, "Made by the first start");

  /* The second start revokes the first key, while the first server runs. */
  client2 = imc_test_start_sandbox (second);
  g_assert_cmpstr (imc_plan_client_get_secret_id (client2), !=, imc_plan_client_get_secret_id (client1));
  refused = imc_test_describe_app (client1, id, &error);
  g_assert_null (refused);
  g_assert_error (error, IMC_PLAN_CLIENT_ERROR, IMC_PLAN_CLIENT_ERROR_AUTH_SECRET_ID_NOT_FOUND);
  g_clear_error (&error);
  on_second = imc_test_describe_app (client2, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (imc_app_get_name (on_second), ==, "Made by the first start");
  imc_sandbox_stop (first);
  imc_sandbox_stop (second);

  /* A start after the app quit: the same apps, and the last key gone
   * (its SecretId is unknown, not merely signed wrong). */
  client3 = imc_test_start_sandbox (third);
  on_third = imc_test_describe_app (client3, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (imc_app_get_name (on_third), ==, "Made by the first start");
  g_assert_cmpuint (imc_test_count_apps (client3), ==, apps_before + 1);
  second_id_on_third = imc_plan_client_new (imc_sandbox_get_endpoint (third), "ap-guangzhou",
                                            imc_plan_client_get_secret_id (client2), "any");
  g_assert_null (imc_test_describe_app (second_id_on_third, id, &error));
  g_assert_error (error, IMC_PLAN_CLIENT_ERROR, IMC_PLAN_CLIENT_ERROR_AUTH_SECRET_ID_NOT_FOUND);
  imc_sandbox_stop (third);

  imc_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/client/sandbox-restarts-after-crash", test_sandbox_restarts_after_crash);
  g_test_add_func ("/client/sandbox-needs-no-keyring", test_sandbox_needs_no_keyring);
  g_test_add_func ("/client/sandbox-fresh-key-each-start", test_sandbox_fresh_key_each_start);

  ret = g_test_run ();
  return ret;
}
