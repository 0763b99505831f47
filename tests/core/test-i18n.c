/* test-i18n.c: messages in the right language.
 *
 * Per thread: threads with different request languages at the same time
 * each get their own, and a thread outside a request gets the process's.
 * Per process: imc_i18n_init() follows LANGUAGE, LC_ALL, LC_MESSAGES and
 * LANG without system locales (each case in its own process), leaves
 * LOCPATH as it was and no files behind.
 */
#include "config.h"

#include <libintl.h>
#include <locale.h>
#include <string.h>

#include <glib/gstdio.h>

#include "imc-core.h"

#define ROUNDS 2000

static ImcMessageCatalog *
load (const char *language)
{
  g_autoptr(GError) error = NULL;
  const char *localedir = g_getenv ("IMC_LOCALEDIR");
  ImcMessageCatalog *catalog;

  g_assert_nonnull (localedir);
  catalog = imc_message_catalog_new_for_language (localedir, GETTEXT_PACKAGE, language, &error);
  g_assert_no_error (error);
  return catalog;
}

static const char *
translate (ImcMessageCatalog *catalog,
           const char        *msgid)
{
  const char *translation = catalog != NULL ? imc_message_catalog_lookup (catalog, NULL, msgid) : NULL;

  return translation != NULL ? translation : msgid;
}

/* @template with its %s (or %1$s, %2$s) replaced by @args: what
 * g_strdup_printf() makes of a translated format. */
static char *
fill (const char  *template,
      const char **args)
{
  GString *out = g_string_new (NULL);
  guint next = 0;

  for (const char *p = template; *p != '\0'; p++)
    {
      if (p[0] == '%' && p[1] == 's')
        {
          g_string_append (out, args[next++]);
          p++;
        }
      else if (p[0] == '%' && g_ascii_isdigit (p[1]) && p[2] == '$' && p[3] == 's')
        {
          g_string_append (out, args[p[1] - '1']);
          p += 3;
        }
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* Thread language ------------------------------------------------------ */

typedef struct {
  ImcMessageCatalog *catalog;     /* the thread's language; NULL: English */
  gboolean           in_request;  /* FALSE: no language of its own */
  char              *not_disabled;
  char              *wrong_type;
} Speaker;

static GMutex start_lock;
static GCond start_cond;
static guint waiting;

static void
speaker_expect (Speaker *speaker)
{
  const char *args[] = { "Name", translate (speaker->catalog, "string") };

  speaker->not_disabled = g_strdup (translate (speaker->catalog, "The app is not disabled."));
  speaker->wrong_type = fill (translate (speaker->catalog, "The parameter “%s” must be a %s."), args);
}

/* Messages made in libimc-core, one of them with a translated argument. */
static void
speak (Speaker *speaker)
{
  g_autoptr(JsonObject) object = json_object_new ();
  ImcPlanState state = { .status = IMC_APP_STATUS_ENABLED };
  g_autoptr(GError) first = NULL;
  g_autoptr(GError) second = NULL;
  const char *name;

  json_object_set_int_member (object, "Name", 7);
  g_assert_false (imc_rules_check_enable (&state, &first));
  g_assert_false (imc_json_get_string (object, "Name", TRUE, &name, NULL, &second));
  g_assert_cmpstr (first->message, ==, speaker->not_disabled);
  g_assert_cmpstr (second->message, ==, speaker->wrong_type);
}

static gpointer
speaker_run (gpointer data)
{
  Speaker *speaker = data;

  /* All threads start at once, so their requests overlap. */
  g_mutex_lock (&start_lock);
  waiting--;
  g_cond_broadcast (&start_cond);
  while (waiting > 0)
    g_cond_wait (&start_cond, &start_lock);
  g_mutex_unlock (&start_lock);

  for (guint i = 0; i < ROUNDS; i++)
    {
      if (speaker->in_request)
        imc_i18n_thread_begin (speaker->catalog);
      speak (speaker);
      if (speaker->in_request)
        imc_i18n_thread_end ();
    }
  return NULL;
}

static void
test_thread_language (void)
{
  g_autoptr(ImcMessageCatalog) zh = load ("zh_CN");
  g_autoptr(ImcMessageCatalog) ko = load ("ko_KR");
  g_autofree char *messages_before = g_strdup (setlocale (LC_MESSAGES, NULL));
  Speaker speakers[] = {
    { zh, TRUE }, { ko, TRUE }, { NULL, TRUE }, { NULL, FALSE },
    { ko, TRUE }, { zh, TRUE },
  };
  GThread *threads[G_N_ELEMENTS (speakers)];

  /* The tests run with LC_ALL=C.UTF-8 and no LANGUAGE: the process
   * speaks English, so a request's language leaking out would show. */
  g_assert_null (g_getenv ("LANGUAGE"));
  for (guint i = 0; i < G_N_ELEMENTS (speakers); i++)
    speaker_expect (&speakers[i]);
  g_assert_cmpstr (speakers[0].not_disabled, !=, speakers[2].not_disabled);
  g_assert_cmpstr (speakers[1].not_disabled, !=, speakers[2].not_disabled);
  g_assert_cmpstr (speakers[0].wrong_type, !=, speakers[1].wrong_type);
  g_assert_cmpstr (speakers[2].wrong_type, ==, "The parameter “Name” must be a string.");

  waiting = G_N_ELEMENTS (speakers);
  for (guint i = 0; i < G_N_ELEMENTS (speakers); i++)
    threads[i] = g_thread_new ("speaker", speaker_run, &speakers[i]);
  for (guint i = 0; i < G_N_ELEMENTS (speakers); i++)
    g_thread_join (threads[i]);

  /* Nothing process-wide changed. */
  g_assert_null (g_getenv ("LANGUAGE"));
  g_assert_cmpstr (setlocale (LC_MESSAGES, NULL), ==, messages_before);
  for (guint i = 0; i < G_N_ELEMENTS (speakers); i++)
    {
      g_free (speakers[i].not_disabled);
      g_free (speakers[i].wrong_type);
    }
}

/* A thread's language ends with its request. */
static void
test_thread_end (void)
{
  g_autoptr(ImcMessageCatalog) zh = load ("zh_CN");
  const char *msgid = "The app is not disabled.";

  imc_i18n_thread_begin (zh);
  g_assert_cmpstr (imc_gettext (msgid), ==, imc_message_catalog_lookup (zh, NULL, msgid));
  g_assert_cmpstr (imc_gettext (msgid), !=, msgid);
  imc_i18n_thread_end ();
  g_assert_cmpstr (imc_gettext (msgid), ==, msgid);

  /* English is a language of its own, not the process's. */
  imc_i18n_thread_begin (NULL);
  g_assert_cmpstr (imc_gettext (msgid), ==, msgid);
  imc_i18n_thread_end ();
}

/* Process language ----------------------------------------------------- */

typedef struct {
  const char *path;
  const char *lc_all;
  const char *lc_messages;
  const char *lang;
  const char *language;
  const char *locpath;
  const char *expected;         /* catalog language; NULL: English */
  gboolean    language_dropped; /* C locale: LANGUAGE is unset */
} InitCase;

static const InitCase init_cases[] = {
  /* No system locale needed: the README's own command lines. */
  { "/i18n/init/lc-all-c-utf8-language", "C.UTF-8", NULL, NULL, "zh_CN", NULL, "zh_CN", FALSE },
  { "/i18n/init/lang-c-utf8-language", NULL, NULL, "C.UTF-8", "ko", NULL, "ko", FALSE },
  /* The first language of the list that has a catalog. */
  { "/i18n/init/language-list", NULL, NULL, "C.UTF-8", "fr:ko:zh_CN", NULL, "ko", FALSE },
  /* A locale that is not installed still says the language. */
  { "/i18n/init/lang", NULL, NULL, "zh_CN.UTF-8", NULL, NULL, "zh_CN", FALSE },
  { "/i18n/init/lc-messages", NULL, "ko_KR.UTF-8", "C.UTF-8", NULL, NULL, "ko", FALSE },
  { "/i18n/init/lc-all-first", "ko_KR.UTF-8", "zh_CN.UTF-8", "zh_CN.UTF-8", NULL, NULL, "ko", FALSE },
  { "/i18n/init/language-first", NULL, NULL, "ko_KR.UTF-8", "zh_CN", NULL, "zh_CN", FALSE },
  /* LOCPATH without a C.UTF-8 is searched, and kept. */
  { "/i18n/init/locpath", NULL, NULL, "C.UTF-8", "zh_CN", "/nonexistent", "zh_CN", FALSE },
  /* English. */
  { "/i18n/init/c-utf8", "C.UTF-8", NULL, NULL, NULL, NULL, NULL, FALSE },
  { "/i18n/init/language-c", NULL, NULL, "C.UTF-8", "C", NULL, NULL, FALSE },
  { "/i18n/init/language-path", NULL, NULL, "C.UTF-8", "../../zh_CN", NULL, NULL, FALSE },
  { "/i18n/init/c", "C", NULL, "zh_CN.UTF-8", "zh_CN", NULL, NULL, TRUE },
  { "/i18n/init/lc-messages-c", NULL, "C", "zh_CN.UTF-8", "ko", NULL, NULL, TRUE },
  { "/i18n/init/posix", NULL, NULL, "POSIX", "ko", NULL, NULL, TRUE },
  { "/i18n/init/unset", NULL, NULL, NULL, "ko", NULL, NULL, TRUE },
};

static void
set_or_unset (const char *variable,
              const char *value)
{
  if (value != NULL)
    g_setenv (variable, value, TRUE);
  else
    g_unsetenv (variable);
}

/* In the subprocess: the environment of @c, then start-up. */
static void
run_init_case (const InitCase *c)
{
  const char *messages[] = { "The app is not disabled.", "The action does not exist." };
  g_autoptr(ImcMessageCatalog) catalog = NULL;

  set_or_unset ("LC_ALL", c->lc_all);
  set_or_unset ("LC_MESSAGES", c->lc_messages);
  set_or_unset ("LANG", c->lang);
  set_or_unset ("LANGUAGE", c->language);
  set_or_unset ("LOCPATH", c->locpath);

  imc_i18n_init ();

  if (c->expected != NULL)
    catalog = load (c->expected);
  for (guint i = 0; i < G_N_ELEMENTS (messages); i++)
    {
      g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, messages[i]), ==, translate (catalog, messages[i]));
      /* textdomain() is set: the GUI's .ui files translate with gettext(). */
      g_assert_cmpstr (gettext (messages[i]), ==, translate (catalog, messages[i]));
    }
  if (catalog != NULL)
    g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, messages[0]), !=, messages[0]);

  g_assert_cmpstr (g_getenv ("LOCPATH"), ==, c->locpath);
  if (c->language_dropped)
    {
      /* So that GLib (the client's X-TC-Language) agrees: English. */
      const char * const *names = g_get_language_names ();

      g_assert_null (g_getenv ("LANGUAGE"));
      for (guint i = 0; names[i] != NULL; i++)
        g_assert_false (g_str_has_prefix (names[i], "zh") || g_str_has_prefix (names[i], "ko"));
    }
  else
    g_assert_cmpstr (g_getenv ("LANGUAGE"), ==, c->language);
}

static void
test_init (gconstpointer data)
{
  const InitCase *c = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *saved_tmpdir = NULL;
  gboolean empty;

  if (g_test_subprocess ())
    {
      run_init_case (c);
      return;
    }

  /* The subprocess's temporary files go here, to see that none is left. */
  tmp = g_dir_make_tmp ("imc-i18n-init-XXXXXX", &error);
  g_assert_no_error (error);
  saved_tmpdir = g_strdup (g_getenv ("TMPDIR"));
  g_setenv ("TMPDIR", tmp, TRUE);
  g_test_trap_subprocess (NULL, 0, 0);
  set_or_unset ("TMPDIR", saved_tmpdir);

  /* Removed before the verdict, so that a failed case leaves nothing
   * either; it fails only if something was left in it. */
  empty = g_rmdir (tmp) == 0;
  g_test_trap_assert_passed ();
  g_assert_true (empty);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/i18n/thread-language", test_thread_language);
  g_test_add_func ("/i18n/thread-end", test_thread_end);
  for (guint i = 0; i < G_N_ELEMENTS (init_cases); i++)
    g_test_add_data_func (init_cases[i].path, &init_cases[i], test_init);

  return g_test_run ();
}
