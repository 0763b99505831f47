/* test-credentials.c: the secrets of remote connections in a private
 * gnome-keyring, and the sandbox leaving an old item of its own alone. */
#include "config.h"

#include <string.h>
#include <libsecret/secret.h>

#include "test-client-common.h"

static gboolean keyring_ready;

static void
secrets_appeared_cb (GDBusConnection *connection,
                     const char      *name,
                     const char      *owner,
                     gpointer         user_data)
{
  keyring_ready = TRUE;
}

static gboolean
keyring_is_ready (gpointer data)
{
  return keyring_ready;
}

/* A private gnome-keyring in the test's own D-Bus session, with an
 * unlocked login keyring in a temporary XDG_DATA_HOME. FALSE when there is
 * no gnome-keyring-daemon. */
static gboolean
start_private_keyring (const char *data_home)
{
  g_autofree char *daemon = g_find_program_in_path ("gnome-keyring-daemon");
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  guint watch;

  if (daemon == NULL || g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    return FALSE;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_home, TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, daemon, "--unlock", "--daemonize",
                                         "--components=secrets", NULL);
  g_assert_no_error (error);
  /* The login keyring's password comes on stdin. */
  g_subprocess_communicate_utf8 (process, "test-password", NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  /* Wait until it owns the Secret Service name (no D-Bus activation of a
   * second daemon). */
  watch = g_bus_watch_name (G_BUS_TYPE_SESSION, "org.freedesktop.secrets",
                            G_BUS_NAME_WATCHER_FLAGS_NONE, secrets_appeared_cb, NULL, NULL, NULL);
  imc_test_iterate_until (keyring_is_ready, NULL);
  g_bus_unwatch_name (watch);
  return TRUE;
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

/* Older versions kept the sandbox key in the keyring as the item of the
 * profile "local-sandbox". With a keyring running, the sandbox still does
 * not use it, and leaves such an item as it is (opening the keyring to
 * remove it could prompt). Runs inside the private keyring of
 * test_credentials_in_keyring(). */
static void
test_sandbox_leaves_keyring_alone (void)
{
  g_autofree char *dir = g_dir_make_tmp ("imc-sandbox-XXXXXX", NULL);
  g_autoptr(ImcSandbox) sandbox = imc_sandbox_new (dir);
  g_autoptr(ImcPlanClient) client = NULL;
  g_autoptr(GAsyncResult) stored = NULL;
  g_autoptr(GAsyncResult) looked_up = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *seen = NULL;
  g_autofree char *secret_id = NULL;
  g_autofree char *secret_key = NULL;
  ImcTestSecretsMonitor *monitor;

  RUN (stored, imc_credentials_store_async (IMC_SANDBOX_PROFILE, "IM Console local sandbox",
                                            "AKIDfromanolderversion", "old-key", NULL, WAITER));
  g_assert_true (imc_credentials_store_finish (stored, &error));
  g_assert_no_error (error);

  monitor = imc_test_secrets_monitor_start ();
  client = imc_test_start_sandbox (sandbox);
  g_assert_cmpstr (imc_plan_client_get_secret_id (client), !=, "AKIDfromanolderversion");
  imc_sandbox_stop (sandbox);
  seen = imc_test_secrets_monitor_finish (monitor);
  g_assert_cmpstr (seen, ==, "");

  RUN (looked_up, imc_credentials_lookup_async (IMC_SANDBOX_PROFILE, NULL, WAITER));
  g_assert_true (imc_credentials_lookup_finish (looked_up, &secret_id, &secret_key, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (secret_id, ==, "AKIDfromanolderversion");
  g_assert_cmpstr (secret_key, ==, "old-key");

  imc_test_remove_tree (dir);
}

static void
test_credentials_in_keyring (void)
{
  g_autofree char *data_home = g_dir_make_tmp ("imc-keyring-XXXXXX", NULL);
  g_autofree char *keyring_file = NULL;
  g_autoptr(GAsyncResult) stored = NULL;
  g_autoptr(GAsyncResult) looked_up = NULL;
  g_autoptr(GAsyncResult) cleared = NULL;
  g_autoptr(GAsyncResult) looked_up_again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *secret_id = NULL;
  g_autofree char *secret_key = NULL;
  const char *key = "k3y-that-must-never-be-in-plain-text";

  if (!start_private_keyring (data_home))
    {
      g_test_skip ("gnome-keyring-daemon or a session bus is not available");
      imc_test_remove_tree (data_home);
      return;
    }

  RUN (stored, imc_credentials_store_async ("profile-under-test", "IM Console test", "AKIDtest", key,
                                            NULL, WAITER));
  g_assert_true (imc_credentials_store_finish (stored, &error));
  g_assert_no_error (error);

  RUN (looked_up, imc_credentials_lookup_async ("profile-under-test", NULL, WAITER));
  g_assert_true (imc_credentials_lookup_finish (looked_up, &secret_id, &secret_key, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (secret_id, ==, "AKIDtest");
  g_assert_cmpstr (secret_key, ==, key);

  /* Stored encrypted, never in plain text. */
  keyring_file = g_build_filename (data_home, "keyrings", "login.keyring", NULL);
  g_assert_true (g_file_test (keyring_file, G_FILE_TEST_EXISTS));
  g_assert_false (file_contains (keyring_file, key));

  RUN (cleared, imc_credentials_clear_async ("profile-under-test", NULL, WAITER));
  g_assert_true (imc_credentials_clear_finish (cleared, &error));
  g_assert_no_error (error);
  RUN (looked_up_again, imc_credentials_lookup_async ("profile-under-test", NULL, WAITER));
  g_assert_false (imc_credentials_lookup_finish (looked_up_again, NULL, NULL, &error));
  g_assert_no_error (error);

  test_sandbox_leaves_keyring_alone ();
  imc_test_remove_tree (data_home);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/client/credentials-in-keyring", test_credentials_in_keyring);

  ret = g_test_run ();
  /* libsecret keeps one Secret Service connection for the process. */
  secret_service_disconnect ();
  return ret;
}
