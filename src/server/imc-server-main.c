/* imc-server-main.c: the im-plan-server command line.
 *
 *   im-plan-server serve --db FILE [--listen HOST:PORT] [--catalog FILE]
 *                        [--demo] [--fake-now ISO8601] [--rate-limit N]
 *   im-plan-server create-key --db FILE --account NAME [--revoke-others]
 *   im-plan-server delete-key --db FILE --secret-id ID
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib-unix.h>

#include "imc-clock.h"
#include "imc-demo.h"
#include "imc-i18n.h"
#include "imc-secret-box.h"
#include "imc-server.h"
#include "imc-store.h"

#define DEFAULT_LISTEN      "127.0.0.1:8700"
#define PURGE_INTERVAL_SECS 3600
#define ACCOUNT_MAX_CHARS   64

static int
fail (const char   *what,
      const GError *error)
{
  /* TRANSLATORS: the first %s says what failed, the second why */
  g_printerr (_("im-plan-server: %s: %s\n"), what, error->message);
  return EXIT_FAILURE;
}

static int
usage_error (GOptionContext *context,
             const char     *message)
{
  g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

  g_printerr ("im-plan-server: %s\n\n%s", message, help);
  return 2;
}

/* Parses the options of a subcommand, which takes no other arguments.
 * NULL after printing what is wrong, with the help: exit with status 2. */
static GOptionContext *
parse_command (const char          *prgname,
               const char          *summary,
               const GOptionEntry  *entries,
               int                 *argc,
               char              ***argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (summary);
  g_autoptr(GError) error = NULL;

  g_set_prgname (prgname);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      usage_error (context, error->message);
      return NULL;
    }
  if (*argc > 1)
    {
      usage_error (context, _("Unexpected argument."));
      return NULL;
    }
  return g_steal_pointer (&context);
}

static gboolean
parse_listen (const char  *value,
              char       **out_host,
              guint       *out_port)
{
  const char *colon;
  const char *host_start = value;
  const char *host_end;
  guint64 port = 0;

  if (value[0] == '[')
    {
      const char *close = strchr (value, ']');

      if (close == NULL || close[1] != ':')
        return FALSE;
      host_start = value + 1;
      host_end = close;
      colon = close + 1;
    }
  else
    {
      colon = strrchr (value, ':');
      if (colon == NULL)
        return FALSE;
      host_end = colon;
    }

  if (host_end == host_start ||
      !g_ascii_string_to_unsigned (colon + 1, 10, 0, 65535, &port, NULL))
    return FALSE;

  *out_host = g_strndup (host_start, host_end - host_start);
  *out_port = (guint) port;
  return TRUE;
}

/* serve -------------------------------------------------------------- */

typedef struct {
  GMainLoop *loop;
  ImcServer *server;
  gboolean   stopping;
} ServeState;

static gboolean
drained (gpointer user_data)
{
  ServeState *state = user_data;

  g_main_loop_quit (state->loop);
  return G_SOURCE_REMOVE;
}

static gboolean
on_signal (gpointer user_data)
{
  ServeState *state = user_data;

  /* Finish what is in flight, then leave the loop. */
  if (!state->stopping)
    {
      state->stopping = TRUE;
      imc_server_drain (state->server, drained, state);
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
on_purge_timer (gpointer user_data)
{
  ServeState *state = user_data;
  g_autoptr(GError) error = NULL;

  if (!imc_server_purge (state->server, &error))
    g_warning ("Purge failed: %s", error->message);
  return G_SOURCE_CONTINUE;
}

/* Opens what the options name, listens and answers until SIGTERM/SIGINT. */
static int
serve (const char *db,
       const char *catalog_path,
       GDateTime  *fake_start,
       gboolean    demo,
       guint       demo_apps,
       guint       rate_limit,
       const char *host,
       guint       port)
{
  g_autofree char *url = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ImcCatalog) catalog = NULL;
  g_autoptr(ImcStore) store = NULL;
  g_autoptr(ImcClock) clock = NULL;
  g_autoptr(ImcServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  ServeState state = { 0, };
  guint sigterm_id, sigint_id, purge_id;

  if (catalog_path != NULL)
    catalog = imc_catalog_new_from_file (catalog_path, &error);
  else
    catalog = imc_catalog_new_default ();
  if (catalog == NULL)
    return fail (_("Could not load the plan catalog"), error);

  store = imc_store_open (db, &error);
  if (store == NULL)
    return fail (_("Could not open the database"), error);

  clock = imc_clock_new (fake_start);
  if (demo)
    {
      g_autoptr(GDateTime) now = imc_clock_now (clock);

      if (!imc_demo_seed (store, catalog, now, demo_apps, &error))
        return fail (_("Could not seed the demo data"), error);
    }

  server = imc_server_new (store, catalog, clock, rate_limit);
  if (!imc_server_purge (server, &error))
    return fail (_("Could not purge expired apps"), error);

  url = imc_server_listen (server, host, port, &error);
  if (url == NULL)
    return fail (_("Could not listen"), error);

  loop = g_main_loop_new (NULL, FALSE);
  state.loop = loop;
  state.server = server;
  sigterm_id = g_unix_signal_add (SIGTERM, on_signal, &state);
  sigint_id = g_unix_signal_add (SIGINT, on_signal, &state);
  purge_id = g_timeout_add_seconds (PURGE_INTERVAL_SECS, on_purge_timer, &state);

  /* Scripts wait for exactly this line; not translated. */
  printf ("listening on %s\n", url);
  fflush (stdout);

  g_main_loop_run (loop);

  g_source_remove (sigterm_id);
  g_source_remove (sigint_id);
  g_source_remove (purge_id);
  g_clear_object (&server);
  /* Let closed connections finish tearing down. */
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  imc_store_close (store);

  return EXIT_SUCCESS;
}

static int
command_serve (int    argc,
               char **argv)
{
  g_autofree char *db = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *catalog_path = NULL;
  g_autofree char *fake_now = NULL;
  g_autofree char *host = NULL;
  gboolean demo = FALSE;
  gint demo_apps = 0;
  gint rate_limit = IMC_SERVER_DEFAULT_RATE;
  guint port = 0;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GDateTime) fake_start = NULL;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db,
      N_("SQLite database file (created if missing)"), N_("FILE") },
    { "listen", 0, 0, G_OPTION_ARG_STRING, &listen,
      N_("Address to listen on; port 0 picks a free port (default 127.0.0.1:8700)"), N_("HOST:PORT") },
    { "catalog", 0, 0, G_OPTION_ARG_FILENAME, &catalog_path,
      N_("Plan catalog JSON file (default: the built-in sample catalog)"), N_("FILE") },
    { "demo", 0, 0, G_OPTION_ARG_NONE, &demo,
      N_("Seed an empty database with the account “demo” and sample apps"), NULL },
    { "demo-apps", 0, 0, G_OPTION_ARG_INT, &demo_apps,
      N_("With --demo, this many more Free apps (for benchmarks)"), N_("N") },
    { "fake-now", 0, 0, G_OPTION_ARG_STRING, &fake_now,
      N_("Start the server clock at this time, for testing (e.g. 2026-11-30T23:59:00+08:00)"), N_("ISO8601") },
    { "rate-limit", 0, 0, G_OPTION_ARG_INT, &rate_limit,
      N_("Requests per second per SecretId and action; 0 turns the limit off (default 20)"), N_("N") },
    { NULL }
  };

  context = parse_command ("im-plan-server serve", _("— run the plan API server"), entries, &argc, &argv);
  if (context == NULL)
    return 2;
  if (db == NULL)
    return usage_error (context, _("--db FILE is required."));
  if (rate_limit < 0)
    return usage_error (context, _("--rate-limit must be 0 or more."));
  if (demo_apps < 0 || demo_apps > 1000000)
    return usage_error (context, _("--demo-apps must be between 0 and 1000000."));
  if (!parse_listen (listen != NULL ? listen : DEFAULT_LISTEN, &host, &port))
    return usage_error (context, _("--listen must be HOST:PORT, e.g. 127.0.0.1:8700."));
  if (fake_now != NULL)
    {
      fake_start = imc_calendar_parse_iso8601 (fake_now);
      if (fake_start == NULL)
        return usage_error (context, _("--fake-now must be an ISO 8601 time with an offset, e.g. 2026-11-30T23:59:00+08:00."));
    }

  return serve (db, catalog_path, fake_start, demo, (guint) demo_apps,
                (guint) rate_limit, host, port);
}

/* create-key --------------------------------------------------------- */

static gboolean
account_name_ok (const char *name)
{
  gsize length = strlen (name);

  if (length == 0 || length > ACCOUNT_MAX_CHARS)
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("._@-", *p) == NULL)
      return FALSE;
  return TRUE;
}

static int
command_create_key (int    argc,
                    char **argv)
{
  g_autofree char *db = NULL;
  g_autofree char *account = NULL;
  g_autofree char *secret_id = NULL;
  g_autofree char *text = NULL;
  char *secret_key = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ImcStore) store = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  gint64 account_id = 0;
  gboolean revoke_others = FALSE;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db,
      N_("SQLite database file (created if missing)"), N_("FILE") },
    { "account", 0, 0, G_OPTION_ARG_STRING, &account,
      N_("Account name (created if missing)"), N_("NAME") },
    { "revoke-others", 0, 0, G_OPTION_ARG_NONE, &revoke_others,
      N_("Also delete the account’s other keys in the same transaction; they stop working at once"), NULL },
    { NULL }
  };

  context = parse_command ("im-plan-server create-key", _("— create an API key and print it as JSON"), entries, &argc, &argv);
  if (context == NULL)
    return 2;
  if (db == NULL || account == NULL)
    return usage_error (context, _("--db FILE and --account NAME are required."));
  if (!account_name_ok (account))
    return usage_error (context, _("The account name must be 1 to 64 letters, digits or . _ @ -"));

  store = imc_store_open (db, &error);
  if (store == NULL)
    return fail (_("Could not open the database"), error);

  now = g_date_time_new_now_utc ();
  if (!imc_store_begin (store, &error) ||
      !imc_store_ensure_account (store, account, now, &account_id, &error) ||
      !imc_store_create_key (store, account_id, now, &secret_id, &secret_key, &error) ||
      (revoke_others && !imc_store_delete_other_keys (store, account_id, secret_id, NULL, &error)) ||
      !imc_store_commit (store, &error))
    {
      imc_store_rollback (store);
      imc_secret_free (secret_key);
      return fail (_("Could not create the key"), error);
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "Account");
  json_builder_add_string_value (builder, account);
  json_builder_set_member_name (builder, "SecretId");
  json_builder_add_string_value (builder, secret_id);
  json_builder_set_member_name (builder, "SecretKey");
  json_builder_add_string_value (builder, secret_key);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  text = imc_json_to_string (root);

  printf ("%s\n", text);
  fflush (stdout);

  /* The key exists only in this output from now on. */
  imc_secret_free (secret_key);
  imc_secret_free (g_steal_pointer (&text));
  g_clear_pointer (&builder, g_object_unref);
  imc_store_close (store);
  return EXIT_SUCCESS;
}

/* delete-key --------------------------------------------------------- */

static int
command_delete_key (int    argc,
                    char **argv)
{
  g_autofree char *db = NULL;
  g_autofree char *secret_id = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ImcStore) store = NULL;
  gboolean deleted = FALSE;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db,
      N_("SQLite database file"), N_("FILE") },
    { "secret-id", 0, 0, G_OPTION_ARG_STRING, &secret_id,
      N_("SecretId of the key to delete"), N_("ID") },
    { NULL }
  };

  context = parse_command ("im-plan-server delete-key", _("— delete an API key; requests signed with it fail from then on"), entries, &argc, &argv);
  if (context == NULL)
    return 2;
  if (db == NULL || secret_id == NULL)
    return usage_error (context, _("--db FILE and --secret-id ID are required."));
  if (!g_file_test (db, G_FILE_TEST_IS_REGULAR))
    return usage_error (context, _("The database file does not exist."));

  store = imc_store_open (db, &error);
  if (store == NULL)
    return fail (_("Could not open the database"), error);
  if (!imc_store_delete_key (store, secret_id, &deleted, &error))
    return fail (_("Could not delete the key"), error);
  imc_store_close (store);

  if (!deleted)
    {
      g_printerr (_("im-plan-server: no key with that SecretId\n"));
      return EXIT_FAILURE;
    }
  return EXIT_SUCCESS;
}

/* main --------------------------------------------------------------- */

static int
command_main (int    argc,
              char **argv)
{
  gboolean version = FALSE;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  const GOptionEntry entries[] = {
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, N_("Print the version and exit"), NULL },
    { NULL }
  };

  g_set_prgname ("im-plan-server");
  context = g_option_context_new (_("COMMAND — the IM Console plan API server"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("Commands:\n"
      "  serve       Run the server (im-plan-server serve --help)\n"
      "  create-key  Create an API key (im-plan-server create-key --help)\n"
      "  delete-key  Delete an API key (im-plan-server delete-key --help)\n"));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (context, error->message);

  if (version)
    {
      printf ("im-plan-server %s\n", PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }

  return usage_error (context, argc > 1 ? _("Unknown command.") : _("No command given."));
}

int
main (int    argc,
      char **argv)
{
  /* --help and messages on standard error; each request has its own. */
  imc_i18n_init ();

  signal (SIGPIPE, SIG_IGN);

  if (argc >= 2 && strcmp (argv[1], "serve") == 0)
    return command_serve (argc - 1, argv + 1);
  if (argc >= 2 && strcmp (argv[1], "create-key") == 0)
    return command_create_key (argc - 1, argv + 1);
  if (argc >= 2 && strcmp (argv[1], "delete-key") == 0)
    return command_delete_key (argc - 1, argv + 1);
  return command_main (argc, argv);
}
