/* test-server-crash.c: an acknowledged write survives SIGKILL.
 *
 * A burst of CreateApp requests, each with its own ClientToken; the
 * server is killed with SIGKILL while answers are still coming in. After
 * a restart every acknowledged app is there, the database passes
 * PRAGMA integrity_check, and sending every token again creates each app
 * exactly once in total. */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "test-server-common.h"

#define N_REQUESTS 60
#define KILL_AFTER 15

typedef struct {
  TestServer *server;
  guint       pending;
  guint       answered;
  gint64      ids[N_REQUESTS];
} Burst;

typedef struct {
  Burst *burst;
  guint  index;
} Slot;

static void
answered (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Slot *slot = user_data;
  Burst *burst = slot->burst;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);

  burst->pending--;
  if (bytes == NULL)
    return;   /* lost with the server: unknown outcome */

  {
    g_autoptr(JsonObject) r = test_server_parse_response (bytes);

    test_assert_ok (r);
    burst->ids[slot->index] = json_object_get_int_member (r, "SdkAppId");
  }

  if (++burst->answered == KILL_AFTER)
    test_server_kill (burst->server);
}

static char *
body_for (guint i)
{
  return g_strdup_printf ("{\"AppName\": \"Burst %u\", \"ClientToken\": \"burst-%u\"}", i, i);
}

static void
check_integrity (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static void
test_kill_during_burst (void)
{
  const char *args[] = { "--rate-limit", "0", NULL };
  g_autoptr(TestServer) server = test_server_start (args);
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);
  Slot slots[N_REQUESTS];
  Burst burst = { 0, };
  guint acknowledged = 0;

  if (server == NULL)
    return;

  burst.server = server;
  burst.pending = N_REQUESTS;
  for (guint i = 0; i < N_REQUESTS; i++)
    {
      g_autofree char *body = body_for (i);
      TestRequest request = { .action = "CreateApp", .body = body, .body_length = -1 };
      SoupMessage *msg = test_server_build (server, &request);

      slots[i].burst = &burst;
      slots[i].index = i;
      g_ptr_array_add (messages, msg);
      soup_session_send_and_read_async (server->session, msg, G_PRIORITY_DEFAULT, NULL, answered, &slots[i]);
    }
  while (burst.pending > 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (server->process);
  g_assert_cmpuint (burst.answered, >=, KILL_AFTER);
  g_test_message ("%u of %d answered before the kill", burst.answered, N_REQUESTS);

  test_server_restart (server, args);

  /* Every token again: acknowledged ones answer with their first id,
   * the rest are created now (or were, before the kill) — once each. */
  for (guint i = 0; i < N_REQUESTS; i++)
    {
      g_autofree char *body = body_for (i);
      g_autoptr(JsonObject) r = test_server_call (server, "CreateApp", body);

      test_assert_ok (r);
      if (burst.ids[i] != 0)
        {
          acknowledged++;
          g_assert_cmpint (json_object_get_int_member (r, "SdkAppId"), ==, burst.ids[i]);
        }
    }
  g_assert_cmpuint (acknowledged, ==, burst.answered);

  {
    g_autoptr(JsonObject) r = test_server_call (server, "DescribeApps", "{\"Limit\": 100}");

    test_assert_ok (r);
    g_assert_cmpint (json_object_get_int_member (r, "TotalCount"), ==, N_REQUESTS);
  }

  test_server_stop (server);
  check_integrity (server->db);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/crash/kill-during-burst", test_kill_during_burst);

  return g_test_run ();
}
