/* test-server-handle.c: the request path in-process, through
 * imc_server_handle() (what fuzz targets drive), with a real store. */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "imc-secret-box.h"
#include "imc-server.h"

typedef struct {
  char       *dir;
  char       *db;
  ImcServer  *server;
  ImcStore   *store;
  char       *secret_id;
  char       *secret_key;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ImcCatalog) catalog = imc_catalog_new_default ();
  g_autoptr(ImcClock) clock = imc_clock_new (NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  gint64 account_id = 0;

  fixture->dir = g_dir_make_tmp ("imc-handle-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->db = g_build_filename (fixture->dir, "plan.db", NULL);
  fixture->store = imc_store_open (fixture->db, &error);
  g_assert_no_error (error);

  g_assert_true (imc_store_begin (fixture->store, &error));
  g_assert_true (imc_store_ensure_account (fixture->store, "alice", now, &account_id, &error));
  g_assert_true (imc_store_create_key (fixture->store, account_id, now,
                                       &fixture->secret_id, &fixture->secret_key, &error));
  g_assert_true (imc_store_commit (fixture->store, &error));
  g_assert_no_error (error);

  fixture->server = imc_server_new (fixture->store, catalog, clock, 0);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *suffixes[] = { "", "-wal", "-shm", ".key" };

  g_clear_object (&fixture->server);
  imc_store_close (fixture->store);
  g_clear_object (&fixture->store);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (fixture->db, suffixes[i], NULL);
      g_unlink (path);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->db);
  g_free (fixture->secret_id);
  imc_secret_free (fixture->secret_key);
}

static char *
handle (Fixture    *fixture,
        const char *action,
        const char *body,
        gsize       length,
        gboolean    sign)
{
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *timestamp = g_strdup_printf ("%" G_GINT64_FORMAT, now);

  soup_message_headers_replace (headers, "Host", "plan.example.com:8700");
  soup_message_headers_replace (headers, "Content-Type", "application/json");
  soup_message_headers_replace (headers, "X-TC-Action", action);
  soup_message_headers_replace (headers, "X-TC-Version", IMC_API_VERSION);
  soup_message_headers_replace (headers, "X-TC-Timestamp", timestamp);
  if (sign)
    {
      /* Signed with the bare host, as the official SDKs do. */
      g_autofree char *authorization =
        imc_tc3_build_authorization (fixture->secret_id, fixture->secret_key, "im",
                                     "plan.example.com", "application/json", now, body, length);
      soup_message_headers_replace (headers, "Authorization", authorization);
    }

  return imc_server_handle (fixture->server, "POST", NULL, headers, body, length);
}

static const char *
code_of (const char *text,
         JsonParser *parser)
{
  JsonObject *response;

  g_assert_true (json_parser_load_from_data (parser, text, -1, NULL));
  response = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "Response");
  g_assert_nonnull (json_object_get_string_member (response, "RequestId"));
  if (!json_object_has_member (response, "Error"))
    return NULL;
  return json_object_get_string_member (json_object_get_object_member (response, "Error"), "Code");
}

static void
test_handle (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *create = "{\"AppName\": \"In process\"}";
  g_autofree char *a = handle (fixture, "CreateApp", create, strlen (create), TRUE);
  g_autofree char *b = handle (fixture, "DescribeApps", "{}", 2, TRUE);
  g_autofree char *c = handle (fixture, "DescribeApps", "{}", 2, FALSE);
  g_autofree char *d = handle (fixture, "DescribeApps", "\0\0\0", 3, TRUE);
  g_autofree char *e = handle (fixture, "DescribeApps", "{\"Limit\": \"\xc0\"}", 14, TRUE);

  g_assert_cmpstr (code_of (a, parser), ==, NULL);
  g_assert_cmpstr (code_of (b, parser), ==, NULL);
  g_assert_nonnull (strstr (b, "\"TotalCount\":1"));
  g_assert_cmpstr (code_of (c, parser), ==, "AuthFailure.InvalidAuthorization");
  g_assert_cmpstr (code_of (d, parser), ==, "InvalidParameter");
  g_assert_cmpstr (code_of (e, parser), ==, "InvalidParameter");
}

/* Requests on several threads at once, each in its own language. Only
 * requests that fail before the store (which is the main thread's) are
 * sent: the action does not exist, or the method is not POST. */

#define LANGUAGE_ROUNDS 500

typedef struct {
  ImcServer  *server;
  const char *header;      /* X-TC-Language */
  const char *language;    /* its catalog; NULL: English */
  char       *no_action;   /* the two answers' expected messages */
  char       *not_post;
} LanguageThread;

static GMutex start_lock;
static GCond start_cond;
static guint waiting;

static char *
message_of (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *response;

  g_assert_true (json_parser_load_from_data (parser, text, -1, NULL));
  response = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "Response");
  return g_strdup (json_object_get_string_member (json_object_get_object_member (response, "Error"), "Message"));
}

static gpointer
language_thread (gpointer data)
{
  LanguageThread *t = data;
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);

  soup_message_headers_replace (headers, "Host", "plan.example.com");
  soup_message_headers_replace (headers, "Content-Type", "application/json");
  soup_message_headers_replace (headers, "X-TC-Action", "NoSuchAction");
  soup_message_headers_replace (headers, "X-TC-Version", IMC_API_VERSION);
  soup_message_headers_replace (headers, "X-TC-Timestamp", "1");
  if (t->header != NULL)
    soup_message_headers_replace (headers, "X-TC-Language", t->header);

  /* All threads start at once, so their requests overlap. */
  g_mutex_lock (&start_lock);
  waiting--;
  g_cond_broadcast (&start_cond);
  while (waiting > 0)
    g_cond_wait (&start_cond, &start_lock);
  g_mutex_unlock (&start_lock);

  for (guint i = 0; i < LANGUAGE_ROUNDS; i++)
    {
      g_autofree char *a = imc_server_handle (t->server, "POST", NULL, headers, "{}", 2);
      g_autofree char *b = imc_server_handle (t->server, "GET", NULL, headers, "{}", 2);
      g_autofree char *a_message = message_of (a);
      g_autofree char *b_message = message_of (b);

      g_assert_cmpstr (a_message, ==, t->no_action);
      g_assert_cmpstr (b_message, ==, t->not_post);
    }
  return NULL;
}

static const char *
translate (ImcMessageCatalog *catalog,
           const char        *msgid)
{
  const char *translation = catalog != NULL ? imc_message_catalog_lookup (catalog, NULL, msgid) : NULL;

  return translation != NULL ? translation : msgid;
}

static void
test_language_threads (Fixture       *fixture,
                       gconstpointer  data)
{
  LanguageThread threads[] = {
    { fixture->server, "zh-CN", "zh_CN" },
    { fixture->server, "ko-KR", "ko" },
    { fixture->server, "en-US", NULL },
    { fixture->server, NULL, NULL },
    { fixture->server, "ko-KR", "ko" },
    { fixture->server, "zh-CN", "zh_CN" },
  };
  GThread *handles[G_N_ELEMENTS (threads)];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(ImcMessageCatalog) catalog = NULL;

      if (threads[i].language != NULL)
        {
          catalog = imc_message_catalog_new_for_language (g_getenv ("IMC_LOCALEDIR"), GETTEXT_PACKAGE,
                                                          threads[i].language, &error);
          g_assert_no_error (error);
        }
      threads[i].no_action = g_strdup (translate (catalog, "The action does not exist."));
      threads[i].not_post = g_strdup (translate (catalog, "Only POST requests are supported."));
    }
  /* Each language's messages differ from the others'. */
  g_assert_cmpstr (threads[0].no_action, !=, threads[1].no_action);
  g_assert_cmpstr (threads[0].no_action, !=, threads[2].no_action);
  g_assert_cmpstr (threads[1].not_post, !=, threads[2].not_post);

  waiting = G_N_ELEMENTS (threads);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    handles[i] = g_thread_new ("request", language_thread, &threads[i]);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      g_thread_join (handles[i]);
      g_free (threads[i].no_action);
      g_free (threads[i].not_post);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/server/handle/in-process", Fixture, NULL, fixture_set_up, test_handle, fixture_tear_down);
  g_test_add ("/server/handle/language-threads", Fixture, NULL, fixture_set_up, test_language_threads,
              fixture_tear_down);

  return g_test_run ();
}
