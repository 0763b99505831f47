/* imc-i18n.c */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "imc-i18n.h"

/* Process: the language from the environment -------------------------- */

static const int categories[] = {
  LC_CTYPE, LC_NUMERIC, LC_TIME, LC_COLLATE, LC_MONETARY, LC_MESSAGES,
#ifdef LC_PAPER
  LC_PAPER, LC_NAME, LC_ADDRESS, LC_TELEPHONE, LC_MEASUREMENT, LC_IDENTIFICATION,
#endif
};

/* Where glibc keeps compiled locales when LOCPATH does not say. */
#define SYSTEM_LOCALE_DIR "/usr/lib/locale"

/* "C", "POSIX", "C.UTF-8", "C.utf8@x": the names gettext treats as the C
 * locale (glibc 2.39 and later also C.<codeset>). */
static gboolean
names_c_locale (const char *name)
{
  gsize n = strcspn (name, ".@");

  return (n == 1 && name[0] == 'C') || (n == 5 && strncmp (name, "POSIX", 5) == 0);
}

/* What POSIX says LC_MESSAGES should be: the first of LC_ALL,
 * LC_MESSAGES and LANG that is set, else C. */
static const char *
requested_messages_locale (void)
{
  const char *variables[] = { "LC_ALL", "LC_MESSAGES", "LANG" };

  for (guint i = 0; i < G_N_ELEMENTS (variables); i++)
    {
      const char *value = g_getenv (variables[i]);

      if (value != NULL && *value != '\0')
        return value;
    }
  return "C";
}

/* A name that is harmless as a directory name and as a locale name. */
static gboolean
is_plain_name (const char *name)
{
  gsize length = strlen (name);

  if (length == 0 || length > 64 || name[0] == '.')
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("_.-@", *p) == NULL)
      return FALSE;
  return TRUE;
}

/* The LC_MESSAGES data of the C.UTF-8 locale (yes/no patterns): what the
 * process has now, under another name. */
static GBytes *
read_c_messages (void)
{
  const char *locpath = g_getenv ("LOCPATH");
  g_autofree char *search = g_strconcat (locpath != NULL ? locpath : "", ":", SYSTEM_LOCALE_DIR, NULL);
  g_auto(GStrv) dirs = g_strsplit (search, ":", -1);
  const char *names[] = { "C.utf8", "C.UTF-8" };

  for (guint i = 0; dirs[i] != NULL; i++)
    for (guint j = 0; j < G_N_ELEMENTS (names) && *dirs[i] != '\0'; j++)
      {
        g_autofree char *path = g_build_filename (dirs[i], names[j], "LC_MESSAGES",
                                                  "SYS_LC_MESSAGES", NULL);
        char *contents;
        gsize length;

        if (g_file_get_contents (path, &contents, &length, NULL))
          return g_bytes_new_take (contents, length);
      }
  return NULL;
}

/* Gives LC_MESSAGES the name @name with the C.UTF-8 locale's data. glibc
 * reads LANGUAGE, and catalogs named after the locale, only when
 * LC_MESSAGES is not the C locale: since 2.39 that includes C.UTF-8, and
 * a locale that is not installed leaves C.UTF-8 or C. glibc loads locales
 * only from files, so the data is put in a temporary LOCPATH for the one
 * setlocale() call and removed once loaded. */
static gboolean
set_messages_locale (const char *name)
{
  g_autoptr(GBytes) data = read_c_messages ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *locale_dir = NULL;
  g_autofree char *messages_dir = NULL;
  g_autofree char *file = NULL;
  g_autofree char *saved_locpath = NULL;
  gboolean set = FALSE;

  if (data == NULL)
    {
      g_message ("Messages stay in English: no C.UTF-8 locale in $LOCPATH or %s",
                 SYSTEM_LOCALE_DIR);
      return FALSE;
    }

  dir = g_dir_make_tmp ("imc-locale-XXXXXX", &error);
  if (dir == NULL)
    {
      g_message ("Messages stay in English: %s", error->message);
      return FALSE;
    }
  locale_dir = g_build_filename (dir, name, NULL);
  messages_dir = g_build_filename (locale_dir, "LC_MESSAGES", NULL);
  file = g_build_filename (messages_dir, "SYS_LC_MESSAGES", NULL);

  if (g_mkdir (locale_dir, 0700) == 0 && g_mkdir (messages_dir, 0700) == 0 &&
      g_file_set_contents_full (file, g_bytes_get_data (data, NULL), g_bytes_get_size (data),
                                G_FILE_SET_CONTENTS_NONE, 0600, &error))
    {
      saved_locpath = g_strdup (g_getenv ("LOCPATH"));
      g_setenv ("LOCPATH", dir, TRUE);
      set = setlocale (LC_MESSAGES, name) != NULL;
      if (saved_locpath != NULL)
        g_setenv ("LOCPATH", saved_locpath, TRUE);
      else
        g_unsetenv ("LOCPATH");
    }
  if (!set)
    g_message ("Messages stay in English: the locale %s could not be set up in %s%s%s",
               name, dir, error != NULL ? ": " : "", error != NULL ? error->message : "");

  /* glibc has mapped the data; the files are not needed any more. */
  g_unlink (file);
  g_rmdir (messages_dir);
  g_rmdir (locale_dir);
  g_rmdir (dir);
  return set;
}

void
imc_i18n_init (void)
{
  const char *requested;
  const char *language;

  /* Category by category when the whole fails: one locale that is not
   * installed (LANG=ko_KR.UTF-8 in a bare container) should not take
   * UTF-8 away from the others. */
  if (setlocale (LC_ALL, "") == NULL)
    for (guint i = 0; i < G_N_ELEMENTS (categories); i++)
      if (setlocale (categories[i], "") == NULL)
        setlocale (categories[i], "C.UTF-8");

  requested = requested_messages_locale ();
  language = g_getenv ("LANGUAGE");
  if (language != NULL && *language == '\0')
    language = NULL;

  if (strcmp (requested, "C") == 0 || strcmp (requested, "POSIX") == 0)
    {
      /* In the C locale, whose messages POSIX specifies, gettext ignores
       * LANGUAGE. GLib's g_get_language_names() (the client's
       * X-TC-Language) and child processes would not. */
      g_unsetenv ("LANGUAGE");
    }
  else if (names_c_locale (setlocale (LC_MESSAGES, NULL)) &&
           (language != NULL || !names_c_locale (requested)))
    {
      /* LANGUAGE=zh_CN LANG=C.UTF-8, or LANG=zh_CN.UTF-8 not installed:
       * a messages locale named after the first wanted language. With
       * LANGUAGE set, gettext goes by LANGUAGE's list as usual. */
      const char *wanted = language != NULL ? language : requested;
      g_autofree char *first = g_strndup (wanted, strcspn (wanted, ":"));

      if (is_plain_name (first) && !names_c_locale (first))
        set_messages_locale (first);
    }

  bindtextdomain (GETTEXT_PACKAGE, imc_i18n_get_localedir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

const char *
imc_i18n_get_localedir (void)
{
  const char *localedir = g_getenv ("IMC_LOCALEDIR");

  return localedir != NULL && *localedir != '\0' ? localedir : LOCALEDIR;
}

/* Thread: a request's language ---------------------------------------- */

/* The current thread's ImcMessageCatalog, &source_text for English, or
 * NULL outside a request: the process's language. No reference is held;
 * the caller keeps the catalog alive. */
static GPrivate thread_language = G_PRIVATE_INIT (NULL);
static const char source_text = 0;

void
imc_i18n_thread_begin (ImcMessageCatalog *catalog)
{
  g_return_if_fail (catalog == NULL || IMC_IS_MESSAGE_CATALOG (catalog));
  g_return_if_fail (g_private_get (&thread_language) == NULL);

  g_private_set (&thread_language, catalog != NULL ? (gpointer) catalog : (gpointer) &source_text);
}

void
imc_i18n_thread_end (void)
{
  g_private_set (&thread_language, NULL);
}

const char *
imc_pgettext (const char *msgctxt,
              const char *msgid)
{
  gpointer language = g_private_get (&thread_language);
  const char *translation;

  if (language == NULL)
    return msgctxt != NULL ? g_dpgettext2 (GETTEXT_PACKAGE, msgctxt, msgid)
                           : g_dgettext (GETTEXT_PACKAGE, msgid);
  if (language == &source_text)
    return msgid;

  translation = imc_message_catalog_lookup (language, msgctxt, msgid);
  return translation != NULL ? translation : msgid;
}

const char *
imc_gettext (const char *msgid)
{
  return imc_pgettext (NULL, msgid);
}
