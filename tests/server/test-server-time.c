/* test-server-time.c: month boundaries and the 90-day purge through
 * --fake-now, the demo data, the command line, clean stops, secrets at
 * rest and the schema migration. */
#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <sqlite3.h>

#include "test-server-common.h"

static JsonObject *
app_call (TestServer *server,
          const char *action,
          gint64      id,
          const char *extra)
{
  g_autofree char *body = g_strdup_printf ("{\"SdkAppId\": %" G_GINT64_FORMAT "%s}", id,
                                           extra != NULL ? extra : "");
  return test_server_call (server, action, body);
}

static void
test_month_boundary (void)
{
  const char *before[] = { "--fake-now", "2026-11-30T23:58:00+08:00", NULL };
  const char *after[] = { "--fake-now", "2026-12-01T00:00:30+08:00", NULL };
  g_autoptr(TestServer) server = test_server_start (before);
  g_autoptr(JsonObject) r = NULL;
  JsonObject *next;
  gint64 id;

  if (server == NULL)
    return;
  id = test_server_create_app (server, "Boundary");

  r = app_call (server, "UpgradeAppPlan", id, ", \"Edition\": \"Pro\"");
  test_assert_ok (r);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (json_object_get_object_member (r, "App"), "CreatedTime"),
                                   "2026-11-30T23:5"));
  next = json_object_get_object_member (json_object_get_object_member (r, "App"), "NextModifiable");
  g_assert_cmpstr (json_object_get_string_member (next, "Edition"), ==, "2026-12-01");
  g_clear_pointer (&r, json_object_unref);

  r = app_call (server, "ModifyAppPlan", id, ", \"Edition\": \"Ultimate\"");
  test_assert_error (r, "LimitExceeded.MonthlyModification");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (r, "Error"), "NextModifiable"),
                   ==, "2026-12-01");
  g_clear_pointer (&r, json_object_unref);

  /* UTC is still November 30th here: the month is Shanghai's. */
  test_server_restart (server, after);
  r = app_call (server, "DescribeApp", id, NULL);
  next = json_object_get_object_member (json_object_get_object_member (r, "App"), "NextModifiable");
  g_assert_true (json_object_get_null_member (next, "Edition"));
  g_clear_pointer (&r, json_object_unref);

  r = app_call (server, "ModifyAppPlan", id, ", \"Edition\": \"Ultimate\"");
  test_assert_ok (r);
  g_clear_pointer (&r, json_object_unref);

  /* The bill for November has the one Pro day. */
  r = test_server_call (server, "DescribeBill", "{\"Month\": \"2026-11\"}");
  test_assert_ok (r);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(ImcBill) bill = imc_bill_new_from_json (r, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (imc_bill_get_n_apps (bill), ==, 1);
    g_assert_cmpint (imc_bill_get_total (bill), ==, imc_billing_day_amount (99900, 30, 30));
  }

  test_server_stop (server);
}

static void
test_purge (void)
{
  const char *day0[] = { "--fake-now", "2026-01-10T10:00:00+08:00", NULL };
  const char *day89[] = { "--fake-now", "2026-04-09T09:00:00+08:00", NULL };
  const char *day90[] = { "--fake-now", "2026-04-10T10:01:00+08:00", NULL };
  g_autoptr(TestServer) server = test_server_start (day0);
  g_autoptr(JsonObject) r = NULL;
  gint64 kept, purged;

  if (server == NULL)
    return;
  kept = test_server_create_app (server, "Kept");
  purged = test_server_create_app (server, "Purged");
  r = app_call (server, "DisableApp", kept, NULL);
  test_assert_ok (r);
  g_clear_pointer (&r, json_object_unref);
  r = app_call (server, "DisableApp", purged, NULL);
  test_assert_ok (r);
  /* The fake clock runs on from its start, so allow for seconds. */
  g_assert_true (g_str_has_prefix (json_object_get_string_member (json_object_get_object_member (r, "App"), "PurgeTime"),
                                   "2026-04-10T10:00:"));
  g_clear_pointer (&r, json_object_unref);

  /* Day 89: both still there; one is enabled again. */
  test_server_restart (server, day89);
  r = app_call (server, "EnableApp", kept, NULL);
  test_assert_ok (r);
  g_clear_pointer (&r, json_object_unref);
  r = app_call (server, "DescribeApp", purged, NULL);
  test_assert_ok (r);
  g_clear_pointer (&r, json_object_unref);

  /* Day 90: the start-up purge removes the disabled one, and logs it. */
  test_server_restart (server, day90);
  r = app_call (server, "DescribeApp", purged, NULL);
  test_assert_error (r, "ResourceNotFound.App");
  g_clear_pointer (&r, json_object_unref);
  r = app_call (server, "EnableApp", purged, NULL);
  test_assert_error (r, "ResourceNotFound.App");
  g_clear_pointer (&r, json_object_unref);
  r = app_call (server, "DescribeApp", kept, NULL);
  test_assert_ok (r);
  g_clear_pointer (&r, json_object_unref);

  r = app_call (server, "DescribeAppOperationLogs", purged, NULL);
  test_assert_ok (r);
  {
    JsonObject *newest = json_array_get_object_element (json_object_get_array_member (r, "OperationLogs"), 0);

    g_assert_cmpstr (json_object_get_string_member (newest, "Action"), ==, "PurgeApp");
    g_assert_cmpstr (json_object_get_string_member (newest, "SecretId"), ==, "");
  }
  g_clear_pointer (&r, json_object_unref);

  r = test_server_call (server, "DescribeApps", "{}");
  g_assert_cmpint (json_object_get_int_member (r, "TotalCount"), ==, 1);

  test_server_stop (server);
}

/* An app that reaches its 90 days while the server runs is gone at once,
 * though no write happened in between. */
static void
test_purge_while_running (void)
{
  const char *day0[] = { "--fake-now", "2026-01-10T10:00:00+08:00", NULL };
  g_autoptr(TestServer) server = test_server_start (day0);
  g_autoptr(JsonObject) r = NULL;
  g_autoptr(GDateTime) purge = NULL;
  g_autoptr(GDateTime) start = NULL;
  g_autofree char *start_text = NULL;
  const char *args[3] = { "--fake-now", NULL, NULL };
  gint64 id, deadline;
  gboolean gone = FALSE;

  if (server == NULL)
    return;
  id = test_server_create_app (server, "Due soon");
  r = app_call (server, "DisableApp", id, NULL);
  test_assert_ok (r);
  purge = g_date_time_new_from_iso8601 (json_object_get_string_member (json_object_get_object_member (r, "App"),
                                                                       "PurgeTime"), NULL);
  g_assert_nonnull (purge);
  g_clear_pointer (&r, json_object_unref);

  /* Two seconds before the purge time; the fake clock runs on. */
  start = g_date_time_add_seconds (purge, -2);
  start_text = g_date_time_format (start, "%Y-%m-%dT%H:%M:%S%:z");
  args[1] = start_text;
  test_server_restart (server, args);
  r = app_call (server, "DescribeApp", id, NULL);
  test_assert_ok (r);
  g_clear_pointer (&r, json_object_unref);

  /* The clock passes the purge time within seconds; nothing else happens
   * meanwhile but reads. */
  deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;
  while (!gone && g_get_monotonic_time () < deadline)
    {
      r = app_call (server, "DescribeApp", id, NULL);
      gone = g_strcmp0 (test_response_error_code (r), "ResourceNotFound.App") == 0;
      if (!gone)
        test_assert_ok (r);
      g_clear_pointer (&r, json_object_unref);
      g_usleep (50 * 1000);   /* waiting for the clock, not for another thread */
    }
  g_assert_true (gone);
  test_server_stop (server);
}

static void
exec_sql (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

/* A version 1 database (apps, no kept count) is migrated on start: the
 * count is taken once, then kept by creates and purges. */
static void
test_migration (void)
{
  const char *day0[] = { "--fake-now", "2026-01-10T10:00:00+08:00", NULL };
  const char *day90[] = { "--fake-now", "2026-04-10T10:01:00+08:00", NULL };
  g_autoptr(TestServer) server = test_server_start (day0);
  g_autoptr(JsonObject) r = NULL;
  gint64 gone;

  if (server == NULL)
    return;
  test_server_create_app (server, "One");
  test_server_create_app (server, "Two");
  gone = test_server_create_app (server, "Three");
  r = app_call (server, "DisableApp", gone, NULL);
  test_assert_ok (r);
  g_clear_pointer (&r, json_object_unref);
  test_server_stop (server);

  /* Back to what version 1 wrote: items in columns (version 3 undone),
   * no kept count (version 2 undone). */
  exec_sql (server->db, "BEGIN;"
                        "ALTER TABLE apps ADD COLUMN unlimited_av_groups INTEGER NOT NULL DEFAULT 0;"
                        "ALTER TABLE apps ADD COLUMN max_groups_per_user INTEGER NOT NULL DEFAULT 0;"
                        "ALTER TABLE apps ADD COLUMN max_members_per_group INTEGER NOT NULL DEFAULT 0;"
                        "ALTER TABLE apps ADD COLUMN changed_unlimited_av_groups INTEGER;"
                        "ALTER TABLE apps ADD COLUMN changed_max_groups_per_user INTEGER;"
                        "ALTER TABLE apps ADD COLUMN changed_max_members_per_group INTEGER;"
                        "UPDATE apps SET"
                        "  unlimited_av_groups = (SELECT value FROM app_items i WHERE i.sdk_app_id = apps.sdk_app_id"
                        "    AND item_key = 'unlimited_av_groups'),"
                        "  max_groups_per_user = (SELECT value FROM app_items i WHERE i.sdk_app_id = apps.sdk_app_id"
                        "    AND item_key = 'max_groups_per_user'),"
                        "  max_members_per_group = (SELECT value FROM app_items i WHERE i.sdk_app_id = apps.sdk_app_id"
                        "    AND item_key = 'max_members_per_group');"
                        "ALTER TABLE plan_events ADD COLUMN unlimited_av_groups INTEGER NOT NULL DEFAULT 0;"
                        "ALTER TABLE plan_events ADD COLUMN max_groups_per_user INTEGER NOT NULL DEFAULT 500;"
                        "ALTER TABLE plan_events ADD COLUMN max_members_per_group INTEGER NOT NULL DEFAULT 200;"
                        "ALTER TABLE operation_logs ADD COLUMN unlimited_av_groups_before INTEGER NOT NULL DEFAULT 0;"
                        "ALTER TABLE operation_logs ADD COLUMN max_groups_per_user_before INTEGER NOT NULL DEFAULT 500;"
                        "ALTER TABLE operation_logs ADD COLUMN max_members_per_group_before INTEGER NOT NULL DEFAULT 200;"
                        "ALTER TABLE operation_logs ADD COLUMN unlimited_av_groups_after INTEGER NOT NULL DEFAULT 0;"
                        "ALTER TABLE operation_logs ADD COLUMN max_groups_per_user_after INTEGER NOT NULL DEFAULT 500;"
                        "ALTER TABLE operation_logs ADD COLUMN max_members_per_group_after INTEGER NOT NULL DEFAULT 200;"
                        "DROP TABLE app_items;"
                        "DROP TABLE plan_event_items;"
                        "DROP TABLE operation_log_items;"
                        "DROP TRIGGER apps_count_insert;"
                        "DROP TRIGGER apps_count_delete;"
                        "DROP TRIGGER apps_count_move;"
                        "ALTER TABLE accounts DROP COLUMN app_count;"
                        "UPDATE schema_version SET version = 1;"
                        "COMMIT;");

  test_server_restart (server, day0);
  r = test_server_call (server, "DescribeApps", "{}");
  g_assert_cmpint (json_object_get_int_member (r, "TotalCount"), ==, 3);
  g_clear_pointer (&r, json_object_unref);
  test_server_create_app (server, "Four");
  r = test_server_call (server, "DescribeApps", "{}");
  g_assert_cmpint (json_object_get_int_member (r, "TotalCount"), ==, 4);
  g_clear_pointer (&r, json_object_unref);

  /* The purge deletes one; filtered counts agree with the kept one. */
  test_server_restart (server, day90);
  r = test_server_call (server, "DescribeApps", "{}");
  test_assert_ok (r);
  g_assert_cmpint (json_object_get_int_member (r, "TotalCount"), ==, 3);
  g_clear_pointer (&r, json_object_unref);
  r = test_server_call (server, "DescribeApps", "{\"Status\": \"Enabled\"}");
  test_assert_ok (r);
  g_assert_cmpint (json_object_get_int_member (r, "TotalCount"), ==, 3);
  g_clear_pointer (&r, json_object_unref);

  /* Another account's apps are not counted. */
  {
    g_autofree char *bob_id = NULL;
    g_autofree char *bob_key = NULL;
    TestRequest request = { .action = "DescribeApps", .body_length = -1 };

    test_server_create_key (server, "bob", &bob_id, &bob_key);
    request.secret_id = bob_id;
    request.secret_key = bob_key;
    r = test_server_send (server, &request);
    g_assert_cmpint (json_object_get_int_member (r, "TotalCount"), ==, 0);
  }

  test_server_stop (server);
}

static void
test_demo (void)
{
  const char *args[] = { "--demo", NULL };
  g_autoptr(TestServer) server = test_server_start (args);
  g_autoptr(JsonObject) r = NULL;
  guint disabled = 0, pro = 0, ultimate = 0;
  gint64 total;
  JsonArray *apps;

  if (server == NULL)
    return;

  /* The demo data belongs to "demo"; alice (the default key) has none. */
  r = test_server_call (server, "DescribeApps", "{}");
  g_assert_cmpint (json_object_get_int_member (r, "TotalCount"), ==, 0);
  g_clear_pointer (&r, json_object_unref);

  g_free (server->secret_id);
  g_free (server->secret_key);
  test_server_create_key (server, "demo", &server->secret_id, &server->secret_key);
  r = test_server_call (server, "DescribeApps", "{}");
  test_assert_ok (r);
  apps = json_object_get_array_member (r, "Apps");
  total = json_object_get_int_member (r, "TotalCount");
  g_assert_cmpint (total, >=, 5);
  g_assert_cmpint (total, ==, json_array_get_length (apps));
  for (guint i = 0; i < json_array_get_length (apps); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(ImcApp) app = imc_app_new_from_json (json_array_get_object_element (apps, i), &error);

      g_assert_no_error (error);
      if (imc_app_get_status (app) == IMC_APP_STATUS_DISABLED)
        {
          disabled++;
          g_assert_nonnull (imc_app_get_purge_time (app));
        }
      else if (imc_app_get_edition (app) == IMC_EDITION_PRO)
        pro++;
      else if (imc_app_get_edition (app) == IMC_EDITION_ULTIMATE)
        ultimate++;
    }
  g_assert_cmpuint (disabled, ==, 2);
  g_assert_cmpuint (pro, >=, 1);
  g_assert_cmpuint (ultimate, >=, 1);

  /* Seeding happens only on an empty database. */
  test_server_restart (server, args);
  g_clear_pointer (&r, json_object_unref);
  r = test_server_call (server, "DescribeApps", "{}");
  g_assert_cmpint (json_object_get_int_member (r, "TotalCount"), ==, total);

  test_server_stop (server);
}

static void
assert_private (const char *path)
{
  struct stat st;

  g_assert_cmpint (stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 077, ==, 0);
}

static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *data = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &data, &length, NULL))
    return FALSE;
  return memmem (data, length, needle, strlen (needle)) != NULL;
}

static void
test_secrets_at_rest (void)
{
  g_autoptr(TestServer) server = test_server_start (NULL);
  g_autofree char *key_path = NULL;
  g_autofree char *wal_path = NULL;

  if (server == NULL)
    return;
  test_server_create_app (server, "Secret");

  key_path = g_strconcat (server->db, ".key", NULL);
  wal_path = g_strconcat (server->db, "-wal", NULL);
  assert_private (server->db);
  assert_private (key_path);
  g_assert_true (file_contains (server->db, server->secret_id) || file_contains (wal_path, server->secret_id));
  g_assert_false (file_contains (server->db, server->secret_key));
  g_assert_false (file_contains (wal_path, server->secret_key));

  test_server_stop (server);
  g_assert_false (file_contains (server->db, server->secret_key));
}

static char *
run (int         *out_status,
     const char  *first,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (gpointer) g_getenv ("IMC_PLAN_SERVER"));
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  *out_status = g_subprocess_get_exit_status (process);
  return out;
}

static void
test_command_line (void)
{
  g_autofree char *version = NULL;
  g_autofree char *help = NULL;
  g_autofree char *serve_help = NULL;
  g_autofree char *create_key_help = NULL;
  g_autofree char *no_db = NULL;
  g_autofree char *bad_now = NULL;
  g_autofree char *bad_listen = NULL;
  g_autofree char *bad_account = NULL;
  int status;

  g_assert_nonnull (g_getenv ("IMC_PLAN_SERVER"));

  version = run (&status, "--version", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (version, ==, "im-plan-server " PACKAGE_VERSION "\n");

  help = run (&status, "--help", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (help, "create-key"));

  serve_help = run (&status, "serve", "--help", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (serve_help, "--fake-now"));
  g_assert_nonnull (strstr (serve_help, "--rate-limit"));

  create_key_help = run (&status, "create-key", "--help", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (create_key_help, "--revoke-others"));

  no_db = run (&status, "serve", NULL);
  g_assert_cmpint (status, ==, 2);
  bad_now = run (&status, "serve", "--db", "/nonexistent/x.db", "--fake-now", "yesterday", NULL);
  g_assert_cmpint (status, ==, 2);
  bad_listen = run (&status, "serve", "--db", "/nonexistent/x.db", "--listen", "localhost", NULL);
  g_assert_cmpint (status, ==, 2);
  bad_account = run (&status, "create-key", "--db", "/nonexistent/x.db", "--account", "a b", NULL);
  g_assert_cmpint (status, ==, 2);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/time/month-boundary", test_month_boundary);
  g_test_add_func ("/server/time/purge", test_purge);
  g_test_add_func ("/server/time/purge-while-running", test_purge_while_running);
  g_test_add_func ("/server/demo", test_demo);
  g_test_add_func ("/server/migration", test_migration);
  g_test_add_func ("/server/secrets-at-rest", test_secrets_at_rest);
  g_test_add_func ("/server/command-line", test_command_line);

  return g_test_run ();
}
