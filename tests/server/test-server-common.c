/* test-server-common.c */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include <glib/gstdio.h>

#include "test-server-common.h"

/* A server outlives a failed (aborted) test otherwise, and keeps the
 * test's stderr open, so meson would wait for its timeout. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static void
launch (TestServer         *server,
        const char * const *extra_args)
{
  const char *binary = g_getenv ("IMC_PLAN_SERVER");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autofree char *line = NULL;
  GInputStream *out;

  g_ptr_array_add (argv, (gpointer) binary);
  g_ptr_array_add (argv, (gpointer) "serve");
  g_ptr_array_add (argv, (gpointer) "--db");
  g_ptr_array_add (argv, server->db);
  g_ptr_array_add (argv, (gpointer) "--listen");
  g_ptr_array_add (argv, (gpointer) "127.0.0.1:0");
  for (guint i = 0; extra_args != NULL && extra_args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) extra_args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  server->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  out = g_subprocess_get_stdout_pipe (server->process);
  lines = g_data_input_stream_new (out);
  /* Blocks until the server is ready (or has died: then NULL). */
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "listening on http://127.0.0.1:"));
  g_assert_true (g_str_has_suffix (line, "/"));

  g_free (server->url);
  g_free (server->host);
  server->url = g_strdup (line + strlen ("listening on "));
  server->host = g_strndup (server->url + strlen ("http://"),
                            strlen (server->url) - strlen ("http://") - 1);
}

static TestServer *
new_server (const char *dir,
            const char *db)
{
  TestServer *server = g_new0 (TestServer, 1);

  server->dir = g_strdup (dir);
  server->db = g_strdup (db);
  server->session = soup_session_new_with_options ("max-conns", 64, "max-conns-per-host", 64,
                                                   "timeout", 30, NULL);
  return server;
}

TestServer *
test_server_start (const char * const *extra_args)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *db = NULL;
  TestServer *server;

  /* meson's test setup sets it; without it there is nothing to test. */
  g_assert_nonnull (g_getenv ("IMC_PLAN_SERVER"));

  dir = g_dir_make_tmp ("imc-server-test-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (dir, "plan.db", NULL);

  server = new_server (dir, db);
  launch (server, extra_args);
  test_server_create_key (server, "alice", &server->secret_id, &server->secret_key);
  return server;
}

TestServer *
test_server_start_on (TestServer         *other,
                      const char * const *extra_args)
{
  TestServer *server = new_server (NULL, other->db);

  launch (server, extra_args);
  server->secret_id = g_strdup (other->secret_id);
  server->secret_key = g_strdup (other->secret_key);
  return server;
}

void
test_server_stop (TestServer *server)
{
  g_autoptr(GError) error = NULL;

  if (server->process == NULL)
    return;

  g_subprocess_send_signal (server->process, SIGTERM);
  g_subprocess_wait (server->process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (server->process));
  g_assert_cmpint (g_subprocess_get_exit_status (server->process), ==, 0);
  g_clear_object (&server->process);
}

void
test_server_kill (TestServer *server)
{
  if (server->process == NULL)
    return;
  g_subprocess_force_exit (server->process);
  g_subprocess_wait (server->process, NULL, NULL);
  g_clear_object (&server->process);
}

void
test_server_restart (TestServer         *server,
                     const char * const *extra_args)
{
  test_server_stop (server);
  launch (server, extra_args);
}

void
test_server_free (TestServer *server)
{
  if (server == NULL)
    return;

  if (server->process != NULL)
    {
      g_subprocess_force_exit (server->process);
      g_subprocess_wait (server->process, NULL, NULL);
      g_clear_object (&server->process);
    }

  if (server->dir != NULL)
    {
      const char *suffixes[] = { "", "-wal", "-shm", ".key", "-journal" };

      for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
        {
          g_autofree char *path = g_strconcat (server->db, suffixes[i], NULL);
          g_unlink (path);
        }
      g_rmdir (server->dir);
    }

  g_clear_object (&server->session);
  g_free (server->dir);
  g_free (server->db);
  g_free (server->url);
  g_free (server->host);
  g_free (server->secret_id);
  g_free (server->secret_key);
  g_free (server);
}

static void
create_key (TestServer  *server,
            const char  *account,
            gboolean     revoke_others,
            char       **out_secret_id,
            char       **out_secret_key)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL;
  JsonObject *object;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                              g_getenv ("IMC_PLAN_SERVER"), "create-key", "--db", server->db,
                              "--account", account,
                              revoke_others ? "--revoke-others" : NULL, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (process));

  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (object, "Account"), ==, account);
  *out_secret_id = g_strdup (json_object_get_string_member (object, "SecretId"));
  *out_secret_key = g_strdup (json_object_get_string_member (object, "SecretKey"));
  g_assert_true (g_str_has_prefix (*out_secret_id, "AKID"));
  g_assert_cmpuint (strlen (*out_secret_key), ==, 32);
}

void
test_server_create_key (TestServer  *server,
                        const char  *account,
                        char       **out_secret_id,
                        char       **out_secret_key)
{
  create_key (server, account, FALSE, out_secret_id, out_secret_key);
}

void
test_server_replace_key (TestServer  *server,
                         const char  *account,
                         char       **out_secret_id,
                         char       **out_secret_key)
{
  create_key (server, account, TRUE, out_secret_id, out_secret_key);
}

SoupMessage *
test_server_build (TestServer        *server,
                   const TestRequest *request)
{
  const char *body = request->body != NULL ? request->body : "{}";
  gsize length = request->body_length >= 0 && request->body != NULL
                   ? (gsize) request->body_length : strlen (body);
  const char *content_type = request->content_type != NULL
                               ? request->content_type : "application/json; charset=utf-8";
  const char *version = request->version != NULL ? request->version : IMC_API_VERSION;
  gint64 timestamp = request->timestamp != 0 ? request->timestamp : g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *timestamp_str = g_strdup_printf ("%" G_GINT64_FORMAT, timestamp);
  g_autofree char *authorization = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new (body, length);
  SoupMessageHeaders *headers;
  SoupMessage *msg;

  msg = soup_message_new (request->method != NULL ? request->method : "POST", server->url);
  headers = soup_message_get_request_headers (msg);

  if (request->authorization != NULL)
    authorization = g_strdup (request->authorization);
  else
    authorization = imc_tc3_build_authorization (request->secret_id != NULL ? request->secret_id : server->secret_id,
                                                 request->secret_key != NULL ? request->secret_key : server->secret_key,
                                                 request->service != NULL ? request->service : IMC_API_SERVICE,
                                                 request->sign_host != NULL ? request->sign_host : server->host,
                                                 content_type, timestamp, body, length);

  if (*authorization != '\0')
    soup_message_headers_replace (headers, "Authorization", authorization);
  if (!request->omit_action)
    soup_message_headers_replace (headers, "X-TC-Action", request->action);
  if (*version != '\0')
    soup_message_headers_replace (headers, "X-TC-Version", version);
  if (!request->omit_timestamp)
    soup_message_headers_replace (headers, "X-TC-Timestamp", timestamp_str);
  soup_message_headers_replace (headers, "X-TC-Region", "ap-guangzhou");
  /* Unknown X-TC-* headers are ignored, as Tencent Cloud does. */
  soup_message_headers_replace (headers, "X-TC-RequestClient", "imc-tests");
  if (request->language != NULL)
    soup_message_headers_replace (headers, "X-TC-Language", request->language);

  soup_message_set_request_body_from_bytes (msg, *content_type != '\0' ? content_type : NULL, bytes);
  if (*content_type == '\0')
    soup_message_headers_remove (headers, "Content-Type");

  return msg;
}

JsonObject *
test_server_parse_response (GBytes *bytes)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonObject *response;

  json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_true (json_object_has_member (root, "Response"));
  response = json_object_get_object_member (root, "Response");
  g_assert_nonnull (response);
  g_assert_true (json_object_has_member (response, "RequestId"));
  return json_object_ref (response);
}

JsonObject *
test_server_send (TestServer        *server,
                  const TestRequest *request)
{
  g_autoptr(SoupMessage) msg = test_server_build (server, request);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  bytes = soup_session_send_and_read (server->session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (soup_message_get_status (msg), ==, SOUP_STATUS_OK);
  g_assert_true (g_str_has_prefix (soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL),
                                   "application/json"));
  return test_server_parse_response (bytes);
}

JsonObject *
test_server_call (TestServer *server,
                  const char *action,
                  const char *body)
{
  TestRequest request = { .action = action, .body = body, .body_length = -1 };

  return test_server_send (server, &request);
}

const char *
test_response_error_code (JsonObject *response)
{
  JsonObject *error;

  if (!json_object_has_member (response, "Error"))
    return NULL;
  error = json_object_get_object_member (response, "Error");
  g_assert_nonnull (error);
  g_assert_nonnull (json_object_get_string_member (error, "Message"));
  return json_object_get_string_member (error, "Code");
}

gint64
test_server_create_app (TestServer *server,
                        const char *name)
{
  g_autofree char *body = g_strdup_printf ("{\"AppName\": \"%s\"}", name);
  g_autoptr(JsonObject) response = test_server_call (server, "CreateApp", body);
  gint64 id;

  test_assert_ok (response);
  id = json_object_get_int_member (response, "SdkAppId");
  g_assert_cmpint (id, >=, 1400000000);
  return id;
}

char *
test_server_snapshot (TestServer *server)
{
  g_autoptr(JsonObject) apps = test_server_call (server, "DescribeApps", "{\"Limit\": 100}");
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;
  JsonArray *array;

  test_assert_ok (apps);
  array = json_object_get_array_member (apps, "Apps");
  json_object_remove_member (apps, "RequestId");
  node = json_node_init_object (json_node_alloc (), apps);
  text = json_to_string (node, FALSE);
  g_string_append (out, text);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *app = json_array_get_object_element (array, i);
      g_autofree char *body = g_strdup_printf ("{\"SdkAppId\": %" G_GINT64_FORMAT "}",
                                               json_object_get_int_member (app, "SdkAppId"));
      g_autoptr(JsonObject) logs = test_server_call (server, "DescribeAppOperationLogs", body);

      test_assert_ok (logs);
      g_string_append_printf (out, " logs=%" G_GINT64_FORMAT, json_object_get_int_member (logs, "TotalCount"));
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}
