/* fuzz-request.c: the server's whole request path, in-process through
 * imc_server_handle(), on a real SQLite store with demo apps.
 *
 * Input: a first line with the action, then "Name: value" header lines up
 * to an empty line, then the body. The target signs the request with a
 * real key, so the fuzzed body and headers reach the actions behind
 * authentication; when the first header line is "Authorization: ..." the
 * fuzzer's own header is used instead, to fuzz authentication too. Every
 * answer must be a {"Response": {..., "RequestId"}} object. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "imc-demo.h"
#include "imc-secret-box.h"
#include "imc-server.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static ImcServer *server;
static ImcStore *store;
static char *dir;
static char *secret_id;
static char *secret_key;

/* At exit (libFuzzer and the replay driver both end with exit()): the
 * store's files go with the process. */
static void
tear_down (void)
{
  const char *suffixes[] = { "", "-wal", "-shm", ".key" };

  g_clear_object (&server);
  imc_store_close (store);
  g_clear_object (&store);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (dir, "/plan.db", suffixes[i], NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
  g_clear_pointer (&dir, g_free);
  g_free (secret_id);
  imc_secret_free (secret_key);
}

static void
set_up (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ImcCatalog) catalog = imc_catalog_new_default ();
  g_autoptr(ImcClock) clock = imc_clock_new (NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *db = NULL;
  gint64 account_id = 0;

  dir = g_dir_make_tmp ("imc-fuzz-request-XXXXXX", &error);
  g_assert_no_error (error);
  atexit (tear_down);
  /* A critical warning in the server's code is a bug like a crash. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  db = g_build_filename (dir, "plan.db", NULL);
  store = imc_store_open (db, &error);
  g_assert_no_error (error);
  g_assert_true (imc_demo_seed (store, catalog, now, 0, &error));
  g_assert_true (imc_store_begin (store, &error));
  g_assert_true (imc_store_ensure_account (store, IMC_DEMO_ACCOUNT, now, &account_id, &error));
  g_assert_true (imc_store_create_key (store, account_id, now, &secret_id, &secret_key, &error));
  g_assert_true (imc_store_commit (store, &error));
  /* No rate limit: the fuzzer sends far more than 20 requests a second. */
  server = imc_server_new (store, catalog, clock, 0);
}

static void
check_answer (const char *answer)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *response;

  g_assert_nonnull (answer);
  g_assert_true (json_parser_load_from_data (parser, answer, -1, &error));
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  response = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                            "Response");
  g_assert_nonnull (response);
  g_assert_true (json_object_has_member (response, "RequestId"));
  if (json_object_has_member (response, "Error"))
    {
      JsonObject *err = json_object_get_object_member (response, "Error");
      ImcError code;

      g_assert_true (imc_error_from_code (json_object_get_string_member (err, "Code"), &code));
      /* Internal errors are server bugs: the fuzzer must not find any. */
      g_assert_cmpint (code, !=, IMC_ERROR_INTERNAL);
    }
}

/* What HTTP lets through to the server: a token for the name, no control
 * characters but tab in the value (RFC 9110). */
static gboolean
valid_header (const char *name,
              const char *value)
{
  if (*name == '\0')
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("!#$%&'*+-.^_`|~", *p) == NULL)
      return FALSE;
  for (const char *p = value; *p != '\0'; p++)
    if ((guchar) *p < 0x20 && *p != '\t')
      return FALSE;
  return TRUE;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autofree char *answer = NULL;
  g_autofree char *timestamp = NULL;
  const char *body, *line, *end;
  gboolean own_authorization = FALSE;
  gsize body_length;

  if (server == NULL)
    set_up ();

  /* The head is text up to the first empty line; the body is raw bytes. */
  end = strstr (text, "\n\n");
  if (end == NULL)
    return 0;
  body = (const char *) data + (end - text) + 2;
  body_length = size - (gsize) (body - (const char *) data);

  line = text;
  {
    const char *eol = strchr (line, '\n');
    g_autofree char *action = g_strndup (line, eol - line);

    if (!valid_header ("X-TC-Action", action))
      return 0;
    soup_message_headers_replace (headers, "X-TC-Action", action);
    line = eol + 1;
  }
  timestamp = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () / G_USEC_PER_SEC);
  soup_message_headers_replace (headers, "Host", "127.0.0.1:8700");
  soup_message_headers_replace (headers, "Content-Type", "application/json");
  soup_message_headers_replace (headers, "X-TC-Version", IMC_API_VERSION);
  soup_message_headers_replace (headers, "X-TC-Timestamp", timestamp);

  while (line < end)
    {
      const char *eol = strchr (line, '\n');
      const char *colon = memchr (line, ':', eol - line);

      if (colon != NULL && colon > line)
        {
          g_autofree char *name = g_strndup (line, colon - line);
          g_autofree char *value = g_strndup (colon + 1, eol - colon - 1);

          if (valid_header (name, g_strstrip (value)))
            {
              if (line == strchr (text, '\n') + 1 && g_ascii_strcasecmp (name, "Authorization") == 0)
                own_authorization = TRUE;
              soup_message_headers_replace (headers, name, value);
            }
        }
      line = eol + 1;
    }

  if (!own_authorization)
    {
      const char *content_type = soup_message_headers_get_one (headers, "Content-Type");
      gint64 ts = g_ascii_strtoll (soup_message_headers_get_one (headers, "X-TC-Timestamp"), NULL, 10);
      g_autofree char *authorization =
        imc_tc3_build_authorization (secret_id, secret_key, IMC_API_SERVICE, "127.0.0.1",
                                     content_type != NULL ? content_type : "",
                                     CLAMP (ts, 0, G_GINT64_CONSTANT (253402300799)),
                                     body, body_length);

      if (authorization != NULL)
        soup_message_headers_replace (headers, "Authorization", authorization);
    }

  answer = imc_server_handle (server, "POST", NULL, headers, body, body_length);
  check_answer (answer);
  return 0;
}
