/* imc-store.c */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "imc-gettext.h"
#include "imc-store.h"

struct _ImcStore
{
  GObject       parent_instance;

  sqlite3      *db;
  ImcSecretBox *box;
  /* SQL text -> its prepared statement, kept for the store's lifetime:
   * parsing and planning cost more than most of the queries. */
  GHashTable   *statements;
};

G_DEFINE_FINAL_TYPE (ImcStore, imc_store, G_TYPE_OBJECT)

/* Version 1. Apps are deleted by the purge; app_registry keeps every id
 * ever given out (never reused) and the names bills and logs refer to. */
static const char schema_v1[] =
  "CREATE TABLE accounts ("
  "  account_id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL UNIQUE,"
  "  created_time INTEGER NOT NULL);"
  "CREATE TABLE secret_keys ("
  "  secret_id TEXT PRIMARY KEY,"
  "  account_id INTEGER NOT NULL REFERENCES accounts (account_id) ON DELETE CASCADE,"
  "  sealed_key BLOB NOT NULL,"
  "  created_time INTEGER NOT NULL);"
  "CREATE TABLE app_registry ("
  "  sdk_app_id INTEGER PRIMARY KEY,"
  "  account_id INTEGER NOT NULL REFERENCES accounts (account_id),"
  "  name TEXT NOT NULL,"
  "  created_time INTEGER NOT NULL);"
  "CREATE TABLE apps ("
  "  sdk_app_id INTEGER PRIMARY KEY REFERENCES app_registry (sdk_app_id),"
  "  account_id INTEGER NOT NULL REFERENCES accounts (account_id),"
  "  name TEXT NOT NULL,"
  "  status TEXT NOT NULL,"
  "  created_time INTEGER NOT NULL,"
  "  disabled_time INTEGER,"
  "  edition TEXT NOT NULL,"
  "  unlimited_av_groups INTEGER NOT NULL,"
  "  max_groups_per_user INTEGER NOT NULL,"
  "  max_members_per_group INTEGER NOT NULL,"
  "  changed_edition INTEGER,"
  "  changed_unlimited_av_groups INTEGER,"
  "  changed_max_groups_per_user INTEGER,"
  "  changed_max_members_per_group INTEGER);"
  "CREATE INDEX apps_by_account ON apps (account_id, sdk_app_id);"
  "CREATE INDEX apps_by_disabled_time ON apps (disabled_time) WHERE disabled_time IS NOT NULL;"
  "CREATE TABLE plan_events ("
  "  event_id INTEGER PRIMARY KEY,"
  "  sdk_app_id INTEGER NOT NULL REFERENCES app_registry (sdk_app_id),"
  "  time INTEGER NOT NULL,"
  "  enabled INTEGER NOT NULL,"
  "  edition TEXT NOT NULL,"
  "  unlimited_av_groups INTEGER NOT NULL,"
  "  max_groups_per_user INTEGER NOT NULL,"
  "  max_members_per_group INTEGER NOT NULL);"
  "CREATE INDEX plan_events_by_app ON plan_events (sdk_app_id, time, event_id);"
  "CREATE TABLE operation_logs ("
  "  log_id INTEGER PRIMARY KEY,"
  "  account_id INTEGER NOT NULL REFERENCES accounts (account_id),"
  "  sdk_app_id INTEGER NOT NULL REFERENCES app_registry (sdk_app_id),"
  "  time INTEGER NOT NULL,"
  "  secret_id TEXT NOT NULL,"
  "  action TEXT NOT NULL,"
  "  status_before TEXT NOT NULL,"
  "  edition_before TEXT NOT NULL,"
  "  unlimited_av_groups_before INTEGER NOT NULL,"
  "  max_groups_per_user_before INTEGER NOT NULL,"
  "  max_members_per_group_before INTEGER NOT NULL,"
  "  status_after TEXT NOT NULL,"
  "  edition_after TEXT NOT NULL,"
  "  unlimited_av_groups_after INTEGER NOT NULL,"
  "  max_groups_per_user_after INTEGER NOT NULL,"
  "  max_members_per_group_after INTEGER NOT NULL,"
  "  changed_items INTEGER NOT NULL);"
  "CREATE INDEX operation_logs_by_app ON operation_logs (sdk_app_id, log_id);"
  "CREATE TABLE client_tokens ("
  "  account_id INTEGER NOT NULL REFERENCES accounts (account_id),"
  "  token TEXT NOT NULL,"
  "  action TEXT NOT NULL,"
  "  response TEXT NOT NULL,"
  "  created_time INTEGER NOT NULL,"
  "  PRIMARY KEY (account_id, token));"
  "CREATE INDEX client_tokens_by_time ON client_tokens (created_time);";

/* Version 2. DescribeApps' TotalCount of an unfiltered page read the count
 * from every index entry of the account on each request; the triggers
 * keep it with the account instead, in the same transaction as the apps. */
static const char schema_v2[] =
  "ALTER TABLE accounts ADD COLUMN app_count INTEGER NOT NULL DEFAULT 0;"
  "UPDATE accounts SET app_count ="
  "  (SELECT COUNT(*) FROM apps WHERE apps.account_id = accounts.account_id);"
  "CREATE TRIGGER apps_count_insert AFTER INSERT ON apps BEGIN"
  "  UPDATE accounts SET app_count = app_count + 1 WHERE account_id = NEW.account_id;"
  "END;"
  "CREATE TRIGGER apps_count_delete AFTER DELETE ON apps BEGIN"
  "  UPDATE accounts SET app_count = app_count - 1 WHERE account_id = OLD.account_id;"
  "END;"
  "CREATE TRIGGER apps_count_move AFTER UPDATE OF account_id ON apps BEGIN"
  "  UPDATE accounts SET app_count = app_count - 1 WHERE account_id = OLD.account_id;"
  "  UPDATE accounts SET app_count = app_count + 1 WHERE account_id = NEW.account_id;"
  "END;";

/* Version 3. Plan items move out of the columns of apps, plan_events and
 * operation_logs into one row per item (item_key: the item table's
 * storage_key), so that a new item needs no schema change: rows written
 * before an item existed read as its edition default. The edition stays a
 * column (apps.changed_edition too): it is not an item of the table. */
static const char schema_v3[] =
  "CREATE TABLE app_items ("
  "  sdk_app_id INTEGER NOT NULL REFERENCES apps (sdk_app_id) ON DELETE CASCADE,"
  "  item_key TEXT NOT NULL,"
  "  value INTEGER NOT NULL,"
  "  changed_time INTEGER,"
  "  PRIMARY KEY (sdk_app_id, item_key)) WITHOUT ROWID;"
  "CREATE TABLE plan_event_items ("
  "  event_id INTEGER NOT NULL REFERENCES plan_events (event_id),"
  "  item_key TEXT NOT NULL,"
  "  value INTEGER NOT NULL,"
  "  PRIMARY KEY (event_id, item_key)) WITHOUT ROWID;"
  "CREATE TABLE operation_log_items ("
  "  log_id INTEGER NOT NULL REFERENCES operation_logs (log_id),"
  "  item_key TEXT NOT NULL,"
  "  value_before INTEGER NOT NULL,"
  "  value_after INTEGER NOT NULL,"
  "  PRIMARY KEY (log_id, item_key)) WITHOUT ROWID;"
  /* The three items of versions 1 and 2, under the names of their columns. */
  "INSERT INTO app_items SELECT sdk_app_id, 'unlimited_av_groups', unlimited_av_groups,"
  "  changed_unlimited_av_groups FROM apps;"
  "INSERT INTO app_items SELECT sdk_app_id, 'max_groups_per_user', max_groups_per_user,"
  "  changed_max_groups_per_user FROM apps;"
  "INSERT INTO app_items SELECT sdk_app_id, 'max_members_per_group', max_members_per_group,"
  "  changed_max_members_per_group FROM apps;"
  "INSERT INTO plan_event_items SELECT event_id, 'unlimited_av_groups', unlimited_av_groups FROM plan_events;"
  "INSERT INTO plan_event_items SELECT event_id, 'max_groups_per_user', max_groups_per_user FROM plan_events;"
  "INSERT INTO plan_event_items SELECT event_id, 'max_members_per_group', max_members_per_group FROM plan_events;"
  "INSERT INTO operation_log_items SELECT log_id, 'unlimited_av_groups',"
  "  unlimited_av_groups_before, unlimited_av_groups_after FROM operation_logs;"
  "INSERT INTO operation_log_items SELECT log_id, 'max_groups_per_user',"
  "  max_groups_per_user_before, max_groups_per_user_after FROM operation_logs;"
  "INSERT INTO operation_log_items SELECT log_id, 'max_members_per_group',"
  "  max_members_per_group_before, max_members_per_group_after FROM operation_logs;"
  "ALTER TABLE apps DROP COLUMN unlimited_av_groups;"
  "ALTER TABLE apps DROP COLUMN max_groups_per_user;"
  "ALTER TABLE apps DROP COLUMN max_members_per_group;"
  "ALTER TABLE apps DROP COLUMN changed_unlimited_av_groups;"
  "ALTER TABLE apps DROP COLUMN changed_max_groups_per_user;"
  "ALTER TABLE apps DROP COLUMN changed_max_members_per_group;"
  "ALTER TABLE plan_events DROP COLUMN unlimited_av_groups;"
  "ALTER TABLE plan_events DROP COLUMN max_groups_per_user;"
  "ALTER TABLE plan_events DROP COLUMN max_members_per_group;"
  "ALTER TABLE operation_logs DROP COLUMN unlimited_av_groups_before;"
  "ALTER TABLE operation_logs DROP COLUMN max_groups_per_user_before;"
  "ALTER TABLE operation_logs DROP COLUMN max_members_per_group_before;"
  "ALTER TABLE operation_logs DROP COLUMN unlimited_av_groups_after;"
  "ALTER TABLE operation_logs DROP COLUMN max_groups_per_user_after;"
  "ALTER TABLE operation_logs DROP COLUMN max_members_per_group_after;";

static const char *const migrations[] = {
  schema_v1,
  schema_v2,
  schema_v3,
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == IMC_STORE_SCHEMA_VERSION);

#define FIRST_SDK_APP_ID G_GINT64_CONSTANT (1400000000)

static gboolean
sql_error (ImcStore    *self,
           GError     **error,
           const char  *what)
{
  g_set_error (error, IMC_ERROR, IMC_ERROR_INTERNAL, "%s: %s", what,
               self->db != NULL ? sqlite3_errmsg (self->db) : "no database");
  return FALSE;
}

static gboolean
exec (ImcStore    *self,
      const char  *sql,
      GError     **error)
{
  char *message = NULL;

  if (sqlite3_exec (self->db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, IMC_ERROR, IMC_ERROR_INTERNAL, "%s: %s", sql,
                   message != NULL ? message : "?");
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

/* A cached statement for @sql, reset and unbound. Every store function
 * releases its statements (g_autoptr) before it returns and no two of them
 * hold the same SQL at once, so one statement per text suffices. */
static sqlite3_stmt *
prepare (ImcStore    *self,
         const char  *sql,
         GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);

  if (stmt != NULL)
    {
      g_assert (!sqlite3_stmt_busy (stmt));
      return stmt;
    }
  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      sql_error (self, error, sql);
      sqlite3_finalize (stmt);
      return NULL;
    }
  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

/* g_autoptr(ImcStmt) gives the statement back to the cache on every return
 * path: reset, so that it holds no read transaction open, and unbound, so
 * that no value of one request stays in memory for the next. */
typedef sqlite3_stmt ImcStmt;

static void
stmt_release (ImcStmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ImcStmt, stmt_release)

static gint64
to_unix (GDateTime *time)
{
  return g_date_time_to_unix (time);
}

static GDateTime *
from_unix (gint64 seconds)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (seconds);

  return utc != NULL ? imc_calendar_to_billing (utc) : NULL;
}

static GDateTime *
column_time (sqlite3_stmt *stmt,
             int           column)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return NULL;
  return from_unix (sqlite3_column_int64 (stmt, column));
}

static void
bind_time (sqlite3_stmt *stmt,
           int           index,
           GDateTime    *time)
{
  if (time == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_int64 (stmt, index, to_unix (time));
}

/* The item subqueries' text: "key=first=second;…", second possibly empty
 * (group_concat of the rows of one app, event or log). */
typedef struct {
  gboolean given[IMC_N_PLAN_ITEMS];
  gint64   first[IMC_N_PLAN_ITEMS];
  gboolean has_second[IMC_N_PLAN_ITEMS];
  gint64   second[IMC_N_PLAN_ITEMS];
} ItemValues;

#define ITEMS_OF(table, value_sql, where) \
  "(SELECT group_concat(item_key || '=' || " value_sql ", ';') FROM " table " WHERE " where ")"

static gboolean
column_items (sqlite3_stmt *stmt,
              int           column,
              ItemValues   *out)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);
  g_auto(GStrv) entries = NULL;

  memset (out, 0, sizeof *out);
  if (text == NULL)
    return TRUE;

  entries = g_strsplit (text, ";", -1);
  for (guint i = 0; entries[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (entries[i], "=", 3);
      ImcPlanItem item;

      if (g_strv_length (fields) < 2)
        return FALSE;
      /* A key this build does not know (an item removed since): ignored. */
      if (!imc_plan_item_from_storage_key (fields[0], &item))
        continue;
      if (!g_ascii_string_to_signed (fields[1], 10, G_MININT, G_MAXINT, &out->first[item], NULL))
        return FALSE;
      out->given[item] = TRUE;
      out->has_second[item] = fields[2] != NULL && *fields[2] != '\0' &&
                              g_ascii_string_to_signed (fields[2], 10, G_MININT64, G_MAXINT64,
                                                        &out->second[item], NULL);
    }
  return TRUE;
}

/* @values' first (or @second) values on top of the edition's defaults. */
static void
plan_from_items (const ItemValues *values,
                 gboolean          second,
                 ImcPlan          *plan)
{
  for (ImcPlanItem item = IMC_PLAN_ITEM_EDITION + 1; item < IMC_N_PLAN_ITEMS; item++)
    {
      const ImcPlanItemInfo *info = imc_plan_item_get_info (item);
      gint value = info->defaults[plan->edition];

      if (values->given[item] && (!second || values->has_second[item]))
        value = (gint) (second ? values->second[item] : values->first[item]);
      imc_plan_set_item (plan, item, value);
    }
}

static gboolean
column_edition (sqlite3_stmt *stmt,
                int           column,
                ImcPlan      *out)
{
  const char *edition = (const char *) sqlite3_column_text (stmt, column);

  return edition != NULL && imc_edition_from_string (edition, &out->edition);
}

/* The edition column at @column, the items' text at @items_column. */
static gboolean
column_plan (sqlite3_stmt *stmt,
             int           column,
             int           items_column,
             ImcPlan      *out)
{
  ItemValues values;

  if (!column_edition (stmt, column, out) || !column_items (stmt, items_column, &values))
    return FALSE;
  plan_from_items (&values, FALSE, out);
  return TRUE;
}

static void
bind_edition (sqlite3_stmt  *stmt,
              int            index,
              const ImcPlan *plan)
{
  sqlite3_bind_text (stmt, index, imc_edition_to_string (plan->edition), -1, SQLITE_STATIC);
}

/* One row per item into an item table: @sql binds the owner's id, the
 * key, @plan's value and then @after's value, @changed[item] or nothing. */
static gboolean
insert_items (ImcStore       *self,
              const char     *sql,
              gint64          owner_id,
              const ImcPlan  *plan,
              const ImcPlan  *after,
              GDateTime *const *changed,
              GError        **error)
{
  for (ImcPlanItem item = IMC_PLAN_ITEM_EDITION + 1; item < IMC_N_PLAN_ITEMS; item++)
    {
      g_autoptr(ImcStmt) stmt = prepare (self, sql, error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, owner_id);
      sqlite3_bind_text (stmt, 2, imc_plan_item_get_info (item)->storage_key, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 3, imc_plan_get_item (plan, item));
      if (after != NULL)
        sqlite3_bind_int (stmt, 4, imc_plan_get_item (after, item));
      else if (changed != NULL)
        bind_time (stmt, 4, changed[item]);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        return sql_error (self, error, "insert items");
    }
  return TRUE;
}

static gboolean
column_status (sqlite3_stmt *stmt,
               int           column,
               ImcAppStatus *out)
{
  const char *status = (const char *) sqlite3_column_text (stmt, column);

  return status != NULL && imc_app_status_from_string (status, out);
}

void
imc_stored_app_free (ImcStoredApp *app)
{
  if (app == NULL)
    return;
  g_free (app->name);
  g_clear_pointer (&app->disabled_time, g_date_time_unref);
  for (guint i = 0; i < IMC_N_PLAN_ITEMS; i++)
    g_clear_pointer (&app->state.last_change[i], g_date_time_unref);
  g_free (app);
}

void
imc_bill_app_free (ImcBillApp *app)
{
  if (app == NULL)
    return;
  g_free (app->name);
  if (app->events != NULL)
    {
      for (guint i = 0; i < app->events->len; i++)
        g_date_time_unref (g_array_index (app->events, ImcPlanEvent, i).time);
      g_array_unref (app->events);
    }
  g_free (app);
}

static void
imc_store_finalize (GObject *object)
{
  ImcStore *self = IMC_STORE (object);

  imc_store_close (self);
  g_clear_object (&self->box);
  g_clear_pointer (&self->statements, g_hash_table_unref);

  G_OBJECT_CLASS (imc_store_parent_class)->finalize (object);
}

static void
imc_store_class_init (ImcStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = imc_store_finalize;
}

static void
statement_free (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
imc_store_init (ImcStore *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, statement_free);
}

static gboolean
migrate (ImcStore  *self,
         GError   **error)
{
  g_autoptr(ImcStmt) stmt = NULL;
  gint64 version = 0;

  if (!exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  if (!exec (self, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)", error))
    goto fail;

  stmt = prepare (self, "SELECT MAX(version) FROM schema_version", error);
  if (stmt == NULL)
    goto fail;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int64 (stmt, 0);
  g_clear_pointer (&stmt, stmt_release);

  if (version > IMC_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, IMC_ERROR, IMC_ERROR_INTERNAL,
                   _("The database was written by a newer im-plan-server (schema %d)."),
                   (int) version);
      goto fail;
    }

  for (gint64 v = version; v < IMC_STORE_SCHEMA_VERSION; v++)
    {
      g_autofree char *record = NULL;

      if (!exec (self, migrations[v], error))
        goto fail;
      record = g_strdup_printf ("DELETE FROM schema_version; INSERT INTO schema_version VALUES (%d)",
                                (int) v + 1);
      if (!exec (self, record, error))
        goto fail;
    }

  return exec (self, "COMMIT", error);

fail:
  imc_store_rollback (self);
  return FALSE;
}

ImcStore *
imc_store_open (const char  *path,
                GError     **error)
{
  g_autoptr(ImcStore) self = g_object_new (IMC_TYPE_STORE, NULL);
  g_autofree char *key_path = NULL;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  /* SQLite creates files with the umask; create the database 0600 first.
   * Its -wal and -shm files inherit the database file's mode. */
  fd = open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not open the database “%s”: %s"), path, g_strerror (saved_errno));
      return NULL;
    }
  close (fd);

  key_path = g_strconcat (path, ".key", NULL);
  self->box = imc_secret_box_new_for_file (key_path, error);
  if (self->box == NULL)
    return NULL;

  /* One thread uses a store (the server's main loop): SQLite's own
   * mutexes only cost time. */
  if (sqlite3_open_v2 (path, &self->db,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not open the database “%s”: %s"), path,
                   self->db != NULL ? sqlite3_errmsg (self->db) : "out of memory");
      return NULL;
    }

  sqlite3_busy_timeout (self->db, 5000);
  sqlite3_extended_result_codes (self->db, 1);

  if (!exec (self, "PRAGMA journal_mode=WAL", error) ||
      !exec (self, "PRAGMA synchronous=FULL", error) ||
      !exec (self, "PRAGMA foreign_keys=ON", error) ||
      !migrate (self, error))
    {
      GError *inner = error != NULL ? *error : NULL;

      /* Say which file: "not a database" alone is no help. */
      if (inner != NULL && inner->domain == IMC_ERROR)
        {
          g_autofree char *message = g_strdup (inner->message);
          g_clear_error (error);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       _("Could not open the database “%s”: %s"), path, message);
        }
      return NULL;
    }

  return g_steal_pointer (&self);
}

void
imc_store_close (ImcStore *self)
{
  g_return_if_fail (IMC_IS_STORE (self));

  g_hash_table_remove_all (self->statements);
  if (self->db != NULL)
    {
      sqlite3_close_v2 (self->db);
      self->db = NULL;
    }
}

gboolean
imc_store_begin (ImcStore  *self,
                 GError   **error)
{
  return exec (self, "BEGIN IMMEDIATE", error);
}

gboolean
imc_store_commit (ImcStore  *self,
                  GError   **error)
{
  if (!exec (self, "COMMIT", error))
    {
      imc_store_rollback (self);
      return FALSE;
    }
  return TRUE;
}

void
imc_store_rollback (ImcStore *self)
{
  if (self->db != NULL && !sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

gboolean
imc_store_get_generation (ImcStore            *self,
                          ImcStoreGeneration  *out,
                          GError             **error)
{
  g_autoptr(ImcStmt) stmt = prepare (self, "PRAGMA data_version", error);

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return sql_error (self, error, "data version");
  /* data_version moves with commits of other connections only; this
   * connection's own rows (triggers included) are counted apart. */
  out->data_version = sqlite3_column_int64 (stmt, 0);
  out->own_changes = sqlite3_total_changes64 (self->db);
  return TRUE;
}

gboolean
imc_store_generation_equal (const ImcStoreGeneration *a,
                            const ImcStoreGeneration *b)
{
  return a->data_version == b->data_version && a->own_changes == b->own_changes;
}

gboolean
imc_store_has_accounts (ImcStore  *self,
                        gboolean  *out_any,
                        GError   **error)
{
  g_autoptr(ImcStmt) stmt = prepare (self, "SELECT EXISTS (SELECT 1 FROM accounts)", error);

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return sql_error (self, error, "has accounts");
  *out_any = sqlite3_column_int (stmt, 0) != 0;
  return TRUE;
}

gboolean
imc_store_ensure_account (ImcStore    *self,
                          const char  *name,
                          GDateTime   *now,
                          gint64      *out_account_id,
                          GError     **error)
{
  g_autoptr(ImcStmt) insert = NULL;
  g_autoptr(ImcStmt) select = NULL;

  insert = prepare (self, "INSERT OR IGNORE INTO accounts (name, created_time) VALUES (?, ?)", error);
  if (insert == NULL)
    return FALSE;
  sqlite3_bind_text (insert, 1, name, -1, SQLITE_TRANSIENT);
  bind_time (insert, 2, now);
  if (sqlite3_step (insert) != SQLITE_DONE)
    return sql_error (self, error, "insert account");

  select = prepare (self, "SELECT account_id FROM accounts WHERE name = ?", error);
  if (select == NULL)
    return FALSE;
  sqlite3_bind_text (select, 1, name, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (select) != SQLITE_ROW)
    return sql_error (self, error, "select account");
  *out_account_id = sqlite3_column_int64 (select, 0);
  return TRUE;
}

gboolean
imc_store_create_key (ImcStore    *self,
                      gint64       account_id,
                      GDateTime   *now,
                      char       **out_secret_id,
                      char       **out_secret_key,
                      GError     **error)
{
  g_autoptr(ImcStmt) stmt = NULL;
  g_autofree char *suffix = NULL;
  g_autofree char *secret_id = NULL;
  g_autoptr(GBytes) sealed = NULL;
  char *secret_key;
  gconstpointer data;
  gsize length;

  /* Tencent Cloud's shape: "AKID" + 32 characters, and a 32-character key. */
  suffix = imc_secret_random_string (32, error);
  if (suffix == NULL)
    return FALSE;
  secret_id = g_strconcat ("AKID", suffix, NULL);
  secret_key = imc_secret_random_string (32, error);
  if (secret_key == NULL)
    return FALSE;

  sealed = imc_secret_box_seal (self->box, secret_id, secret_key);
  stmt = prepare (self, "INSERT INTO secret_keys (secret_id, account_id, sealed_key, created_time) "
                        "VALUES (?, ?, ?, ?)", error);
  if (stmt == NULL)
    {
      imc_secret_free (secret_key);
      return FALSE;
    }
  data = g_bytes_get_data (sealed, &length);
  sqlite3_bind_text (stmt, 1, secret_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, account_id);
  sqlite3_bind_blob (stmt, 3, data, (int) length, SQLITE_TRANSIENT);
  bind_time (stmt, 4, now);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      imc_secret_free (secret_key);
      return sql_error (self, error, "insert key");
    }

  *out_secret_id = g_steal_pointer (&secret_id);
  *out_secret_key = secret_key;
  return TRUE;
}

gboolean
imc_store_delete_key (ImcStore    *self,
                      const char  *secret_id,
                      gboolean    *out_deleted,
                      GError     **error)
{
  g_autoptr(ImcStmt) stmt = prepare (self, "DELETE FROM secret_keys WHERE secret_id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, secret_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return sql_error (self, error, "delete key");
  *out_deleted = sqlite3_changes (self->db) > 0;
  return TRUE;
}

gboolean
imc_store_delete_other_keys (ImcStore    *self,
                             gint64       account_id,
                             const char  *keep_secret_id,
                             guint       *out_deleted,
                             GError     **error)
{
  g_autoptr(ImcStmt) stmt = prepare (self, "DELETE FROM secret_keys WHERE account_id = ? AND secret_id <> ?",
                                     error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, account_id);
  sqlite3_bind_text (stmt, 2, keep_secret_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return sql_error (self, error, "delete other keys");
  if (out_deleted != NULL)
    *out_deleted = (guint) sqlite3_changes (self->db);
  return TRUE;
}

gboolean
imc_store_lookup_key (ImcStore    *self,
                      const char  *secret_id,
                      gint64      *out_account_id,
                      GBytes     **out_sealed,
                      GError     **error)
{
  g_autoptr(ImcStmt) stmt = NULL;
  int rc;

  *out_sealed = NULL;

  stmt = prepare (self, "SELECT account_id, sealed_key FROM secret_keys WHERE secret_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, secret_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    return sql_error (self, error, "select key");

  *out_sealed = g_bytes_new (sqlite3_column_blob (stmt, 1), sqlite3_column_bytes (stmt, 1));
  *out_account_id = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

char *
imc_store_open_key (ImcStore    *self,
                    const char  *secret_id,
                    GBytes      *sealed,
                    GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  char *secret_key = imc_secret_box_open (self->box, secret_id, sealed, &local_error);

  if (secret_key == NULL)
    g_set_error (error, IMC_ERROR, IMC_ERROR_INTERNAL, "key %s: %s", secret_id,
                 local_error->message);
  return secret_key;
}

#define APP_ITEMS_INSERT \
  "INSERT OR REPLACE INTO app_items (sdk_app_id, item_key, value, changed_time) VALUES (?, ?, ?, ?)"

gboolean
imc_store_create_app (ImcStore       *self,
                      gint64          account_id,
                      const char     *name,
                      const ImcPlan  *plan,
                      GDateTime      *now,
                      gint64         *out_sdk_app_id,
                      GError        **error)
{
  g_autoptr(ImcStmt) next = NULL;
  g_autoptr(ImcStmt) registry = NULL;
  g_autoptr(ImcStmt) app = NULL;
  gint64 sdk_app_id = FIRST_SDK_APP_ID;

  next = prepare (self, "SELECT MAX(sdk_app_id) FROM app_registry", error);
  if (next == NULL)
    return FALSE;
  if (sqlite3_step (next) == SQLITE_ROW && sqlite3_column_type (next, 0) != SQLITE_NULL)
    sdk_app_id = MAX (FIRST_SDK_APP_ID, sqlite3_column_int64 (next, 0) + 1);

  registry = prepare (self, "INSERT INTO app_registry (sdk_app_id, account_id, name, created_time) "
                            "VALUES (?, ?, ?, ?)", error);
  if (registry == NULL)
    return FALSE;
  sqlite3_bind_int64 (registry, 1, sdk_app_id);
  sqlite3_bind_int64 (registry, 2, account_id);
  sqlite3_bind_text (registry, 3, name, -1, SQLITE_TRANSIENT);
  bind_time (registry, 4, now);
  if (sqlite3_step (registry) != SQLITE_DONE)
    return sql_error (self, error, "insert registry");

  app = prepare (self, "INSERT INTO apps (sdk_app_id, account_id, name, status, created_time, edition) "
                       "VALUES (?, ?, ?, ?, ?, ?)", error);
  if (app == NULL)
    return FALSE;
  sqlite3_bind_int64 (app, 1, sdk_app_id);
  sqlite3_bind_int64 (app, 2, account_id);
  sqlite3_bind_text (app, 3, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (app, 4, imc_app_status_to_string (IMC_APP_STATUS_ENABLED), -1, SQLITE_STATIC);
  bind_time (app, 5, now);
  bind_edition (app, 6, plan);
  if (sqlite3_step (app) != SQLITE_DONE)
    return sql_error (self, error, "insert app");
  if (!insert_items (self, APP_ITEMS_INSERT, sdk_app_id, plan, NULL, NULL, error))
    return FALSE;

  *out_sdk_app_id = sdk_app_id;
  return imc_store_add_event (self, sdk_app_id, now, TRUE, plan, error);
}

#define APP_COLUMNS \
  "sdk_app_id, account_id, name, status, created_time, disabled_time, edition, changed_edition, " \
  ITEMS_OF ("app_items", "value || '=' || IFNULL(changed_time, '')", "app_items.sdk_app_id = apps.sdk_app_id")

/* An app's plan and when each item last changed. */
static gboolean
column_edition_and_items (sqlite3_stmt *stmt,
                          int           column,
                          int           items_column,
                          ImcPlanState *state)
{
  ItemValues values;

  if (!column_edition (stmt, column, &state->plan) || !column_items (stmt, items_column, &values))
    return FALSE;
  plan_from_items (&values, FALSE, &state->plan);
  for (ImcPlanItem item = IMC_PLAN_ITEM_EDITION + 1; item < IMC_N_PLAN_ITEMS; item++)
    if (values.has_second[item])
      state->last_change[item] = from_unix (values.second[item]);
  return TRUE;
}

static ImcStoredApp *
read_app (ImcStore      *self,
          sqlite3_stmt  *stmt,
          GError       **error)
{
  g_autoptr(ImcStoredApp) app = g_new0 (ImcStoredApp, 1);

  app->sdk_app_id = sqlite3_column_int64 (stmt, 0);
  app->account_id = sqlite3_column_int64 (stmt, 1);
  app->name = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  app->created_time = sqlite3_column_int64 (stmt, 4);
  app->disabled_time = column_time (stmt, 5);
  app->state.last_change[IMC_PLAN_ITEM_EDITION] = column_time (stmt, 7);

  if (app->name == NULL || sqlite3_column_type (stmt, 4) != SQLITE_INTEGER ||
      !column_status (stmt, 3, &app->state.status) ||
      !column_edition_and_items (stmt, 6, 8, &app->state) ||
      (app->state.status == IMC_APP_STATUS_DISABLED) != (app->disabled_time != NULL))
    {
      g_set_error (error, IMC_ERROR, IMC_ERROR_INTERNAL, "app %" G_GINT64_FORMAT " row is damaged",
                   app->sdk_app_id);
      return NULL;
    }

  return g_steal_pointer (&app);
}

ImcStoredApp *
imc_store_get_app (ImcStore  *self,
                   gint64     account_id,
                   gint64     sdk_app_id,
                   GError   **error)
{
  g_autoptr(ImcStmt) stmt = NULL;
  int rc;

  stmt = prepare (self, "SELECT " APP_COLUMNS " FROM apps WHERE sdk_app_id = ? AND account_id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, sdk_app_id);
  sqlite3_bind_int64 (stmt, 2, account_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, sdk_app_id);

      /* TRANSLATORS: %s is an app's SdkAppId, e.g. 1400000001 */
      g_set_error (error, IMC_ERROR, IMC_ERROR_RESOURCE_NOT_FOUND_APP,
                   _("The app %s does not exist."), id);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      sql_error (self, error, "select app");
      return NULL;
    }

  return read_app (self, stmt, error);
}

gboolean
imc_store_update_app (ImcStore            *self,
                      const ImcStoredApp  *app,
                      GError             **error)
{
  g_autoptr(ImcStmt) stmt = NULL;

  stmt = prepare (self, "UPDATE apps SET status = ?, disabled_time = ?, edition = ?, "
                        "changed_edition = ? WHERE sdk_app_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, imc_app_status_to_string (app->state.status), -1, SQLITE_STATIC);
  bind_time (stmt, 2, app->disabled_time);
  bind_edition (stmt, 3, &app->state.plan);
  bind_time (stmt, 4, app->state.last_change[IMC_PLAN_ITEM_EDITION]);
  sqlite3_bind_int64 (stmt, 5, app->sdk_app_id);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return sql_error (self, error, "update app");
  if (sqlite3_changes (self->db) != 1)
    {
      g_set_error (error, IMC_ERROR, IMC_ERROR_INTERNAL, "app %" G_GINT64_FORMAT " vanished",
                   app->sdk_app_id);
      return FALSE;
    }
  return insert_items (self, APP_ITEMS_INSERT, app->sdk_app_id, &app->state.plan, NULL,
                       app->state.last_change, error);
}

gboolean
imc_store_list_apps (ImcStore    *self,
                     gint64       account_id,
                     const char  *keyword,
                     const char  *status,
                     gint64       offset,
                     gint64       limit,
                     gint64      *out_total,
                     GPtrArray  **out_apps,
                     GError     **error)
{
  /* instr() rather than LIKE: a keyword is plain text, '%' and '_' in it
   * match themselves. Only the filters given go into the SQL, so that a
   * filtered count tests only the account's rows; an unfiltered one is kept
   * with the account (schema version 2). */
  g_autoptr(GString) filter = g_string_new (" FROM apps WHERE account_id = ?1");
  g_autoptr(ImcStmt) count = NULL;
  g_autoptr(ImcStmt) stmt = NULL;
  g_autoptr(GPtrArray) apps = g_ptr_array_new_with_free_func ((GDestroyNotify) imc_stored_app_free);
  int rc;

  if (keyword != NULL)
    g_string_append (filter, " AND (instr(lower(name), lower(?2)) > 0"
                             " OR instr(CAST(sdk_app_id AS TEXT), ?2) > 0)");
  if (status != NULL)
    g_string_append (filter, " AND status = ?3");

  if (keyword == NULL && status == NULL)
    count = prepare (self, "SELECT app_count FROM accounts WHERE account_id = ?1", error);
  else
    {
      g_autofree char *sql = g_strconcat ("SELECT COUNT(*)", filter->str, NULL);
      count = prepare (self, sql, error);
    }
  if (count == NULL)
    return FALSE;
  sqlite3_bind_int64 (count, 1, account_id);
  if (keyword != NULL)
    sqlite3_bind_text (count, 2, keyword, -1, SQLITE_TRANSIENT);
  if (status != NULL)
    sqlite3_bind_text (count, 3, status, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (count) != SQLITE_ROW)
    return sql_error (self, error, "count apps");
  *out_total = sqlite3_column_int64 (count, 0);

  {
    g_autofree char *sql = g_strconcat ("SELECT " APP_COLUMNS, filter->str,
                                        " ORDER BY sdk_app_id LIMIT ?4 OFFSET ?5", NULL);
    stmt = prepare (self, sql, error);
  }
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, account_id);
  if (keyword != NULL)
    sqlite3_bind_text (stmt, 2, keyword, -1, SQLITE_TRANSIENT);
  if (status != NULL)
    sqlite3_bind_text (stmt, 3, status, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, limit);
  sqlite3_bind_int64 (stmt, 5, offset);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ImcStoredApp *app = read_app (self, stmt, error);

      if (app == NULL)
        return FALSE;
      g_ptr_array_add (apps, app);
    }
  if (rc != SQLITE_DONE)
    return sql_error (self, error, "list apps");

  *out_apps = g_steal_pointer (&apps);
  return TRUE;
}

gboolean
imc_store_delete_app (ImcStore  *self,
                      gint64     sdk_app_id,
                      GError   **error)
{
  g_autoptr(ImcStmt) stmt = prepare (self, "DELETE FROM apps WHERE sdk_app_id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, sdk_app_id);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return sql_error (self, error, "delete app");
  return TRUE;
}

gboolean
imc_store_get_first_disabled (ImcStore  *self,
                              gint64    *out_unix_time,
                              GError   **error)
{
  g_autoptr(ImcStmt) stmt = prepare (self, "SELECT MIN(disabled_time) FROM apps "
                                           "WHERE disabled_time IS NOT NULL", error);

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return sql_error (self, error, "first disabled");
  *out_unix_time = sqlite3_column_type (stmt, 0) == SQLITE_NULL
                   ? G_MAXINT64 : sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

gboolean
imc_store_list_disabled_before (ImcStore   *self,
                                GDateTime  *cutoff,
                                GArray    **out_pairs,
                                GError    **error)
{
  g_autoptr(ImcStmt) stmt = NULL;
  g_autoptr(GArray) pairs = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  stmt = prepare (self, "SELECT sdk_app_id, account_id FROM apps "
                        "WHERE disabled_time IS NOT NULL AND disabled_time <= ? "
                        "ORDER BY sdk_app_id", error);
  if (stmt == NULL)
    return FALSE;
  bind_time (stmt, 1, cutoff);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 pair[2] = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1) };
      g_array_append_vals (pairs, pair, 2);
    }
  if (rc != SQLITE_DONE)
    return sql_error (self, error, "list disabled");

  *out_pairs = g_steal_pointer (&pairs);
  return TRUE;
}

gboolean
imc_store_add_event (ImcStore       *self,
                     gint64          sdk_app_id,
                     GDateTime      *time,
                     gboolean        enabled,
                     const ImcPlan  *plan,
                     GError        **error)
{
  g_autoptr(ImcStmt) stmt = NULL;

  stmt = prepare (self, "INSERT INTO plan_events (sdk_app_id, time, enabled, edition) "
                        "VALUES (?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, sdk_app_id);
  bind_time (stmt, 2, time);
  sqlite3_bind_int (stmt, 3, enabled ? 1 : 0);
  bind_edition (stmt, 4, plan);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return sql_error (self, error, "insert event");
  return insert_items (self, "INSERT INTO plan_event_items (event_id, item_key, value) VALUES (?, ?, ?)",
                       sqlite3_last_insert_rowid (self->db), plan, NULL, NULL, error);
}

gboolean
imc_store_add_log (ImcStore       *self,
                   gint64          account_id,
                   gint64          sdk_app_id,
                   GDateTime      *time,
                   const char     *secret_id,
                   const char     *action,
                   ImcAppStatus    status_before,
                   const ImcPlan  *plan_before,
                   ImcAppStatus    status_after,
                   const ImcPlan  *plan_after,
                   guint           changed_items,
                   GError        **error)
{
  g_autoptr(ImcStmt) stmt = NULL;

  stmt = prepare (self, "INSERT INTO operation_logs (account_id, sdk_app_id, time, secret_id, action, "
                        "status_before, edition_before, status_after, edition_after, changed_items) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, account_id);
  sqlite3_bind_int64 (stmt, 2, sdk_app_id);
  bind_time (stmt, 3, time);
  sqlite3_bind_text (stmt, 4, secret_id != NULL ? secret_id : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, action, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, imc_app_status_to_string (status_before), -1, SQLITE_STATIC);
  bind_edition (stmt, 7, plan_before);
  sqlite3_bind_text (stmt, 8, imc_app_status_to_string (status_after), -1, SQLITE_STATIC);
  bind_edition (stmt, 9, plan_after);
  sqlite3_bind_int (stmt, 10, (int) changed_items);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return sql_error (self, error, "insert log");
  return insert_items (self, "INSERT INTO operation_log_items (log_id, item_key, value_before, value_after) "
                             "VALUES (?, ?, ?, ?)",
                       sqlite3_last_insert_rowid (self->db), plan_before, plan_after, NULL, error);
}

gboolean
imc_store_record_change (ImcStore           *self,
                         const ImcStoredApp *app,
                         GDateTime          *time,
                         const char         *secret_id,
                         const char         *action,
                         ImcAppStatus        status_before,
                         const ImcPlan      *plan_before,
                         guint               changed_items,
                         GError            **error)
{
  const ImcPlanState *after = &app->state;

  return imc_store_update_app (self, app, error) &&
         imc_store_add_event (self, app->sdk_app_id, time,
                              after->status == IMC_APP_STATUS_ENABLED, &after->plan, error) &&
         imc_store_add_log (self, app->account_id, app->sdk_app_id, time, secret_id, action,
                            status_before, plan_before, after->status, &after->plan,
                            changed_items, error);
}

gboolean
imc_store_app_ever_existed (ImcStore  *self,
                            gint64     account_id,
                            gint64     sdk_app_id,
                            gboolean  *out_existed,
                            GError   **error)
{
  g_autoptr(ImcStmt) stmt = NULL;

  stmt = prepare (self, "SELECT EXISTS (SELECT 1 FROM app_registry WHERE sdk_app_id = ? AND account_id = ?)",
                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, sdk_app_id);
  sqlite3_bind_int64 (stmt, 2, account_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return sql_error (self, error, "app existed");
  *out_existed = sqlite3_column_int (stmt, 0) != 0;
  return TRUE;
}

gboolean
imc_store_list_logs (ImcStore    *self,
                     gint64       account_id,
                     gint64       sdk_app_id,
                     gint64       offset,
                     gint64       limit,
                     gint64      *out_total,
                     GPtrArray  **out_logs,
                     GError     **error)
{
  g_autoptr(ImcStmt) count = NULL;
  g_autoptr(ImcStmt) stmt = NULL;
  g_autoptr(GPtrArray) logs = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  count = prepare (self, "SELECT COUNT(*) FROM operation_logs WHERE account_id = ? AND sdk_app_id = ?", error);
  if (count == NULL)
    return FALSE;
  sqlite3_bind_int64 (count, 1, account_id);
  sqlite3_bind_int64 (count, 2, sdk_app_id);
  if (sqlite3_step (count) != SQLITE_ROW)
    return sql_error (self, error, "count logs");
  *out_total = sqlite3_column_int64 (count, 0);

  stmt = prepare (self, "SELECT log_id, time, secret_id, action, status_before, edition_before, "
                        "status_after, edition_after, changed_items, "
                        ITEMS_OF ("operation_log_items", "value_before || '=' || value_after",
                                  "operation_log_items.log_id = operation_logs.log_id") " "
                        "FROM operation_logs WHERE account_id = ? AND sdk_app_id = ? "
                        "ORDER BY log_id DESC LIMIT ? OFFSET ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, account_id);
  sqlite3_bind_int64 (stmt, 2, sdk_app_id);
  sqlite3_bind_int64 (stmt, 3, limit);
  sqlite3_bind_int64 (stmt, 4, offset);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(GDateTime) time = column_time (stmt, 1);
      ImcAppStatus status_before, status_after;
      ImcPlan plan_before, plan_after;
      ItemValues values;
      const char *secret_id = (const char *) sqlite3_column_text (stmt, 2);
      const char *action = (const char *) sqlite3_column_text (stmt, 3);

      if (time == NULL || secret_id == NULL || action == NULL ||
          !column_status (stmt, 4, &status_before) || !column_edition (stmt, 5, &plan_before) ||
          !column_status (stmt, 6, &status_after) || !column_edition (stmt, 7, &plan_after) ||
          !column_items (stmt, 9, &values))
        {
          g_set_error (error, IMC_ERROR, IMC_ERROR_INTERNAL, "log row is damaged");
          return FALSE;
        }
      plan_from_items (&values, FALSE, &plan_before);
      plan_from_items (&values, TRUE, &plan_after);

      g_ptr_array_add (logs, imc_operation_log_new (sqlite3_column_int64 (stmt, 0), sdk_app_id, time,
                                                    secret_id, action,
                                                    status_before, &plan_before,
                                                    status_after, &plan_after,
                                                    (guint) sqlite3_column_int (stmt, 8)));
    }
  if (rc != SQLITE_DONE)
    return sql_error (self, error, "list logs");

  *out_logs = g_steal_pointer (&logs);
  return TRUE;
}

gboolean
imc_store_lookup_token (ImcStore    *self,
                        gint64       account_id,
                        const char  *token,
                        char       **out_action,
                        char       **out_response,
                        GError     **error)
{
  g_autoptr(ImcStmt) stmt = NULL;
  int rc;

  *out_action = NULL;
  *out_response = NULL;

  stmt = prepare (self, "SELECT action, response FROM client_tokens WHERE account_id = ? AND token = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, account_id);
  sqlite3_bind_text (stmt, 2, token, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    return sql_error (self, error, "select token");

  *out_action = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  *out_response = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  return TRUE;
}

gboolean
imc_store_save_token (ImcStore    *self,
                      gint64       account_id,
                      const char  *token,
                      const char  *action,
                      const char  *response,
                      GDateTime   *now,
                      GError     **error)
{
  g_autoptr(ImcStmt) stmt = NULL;

  stmt = prepare (self, "INSERT INTO client_tokens (account_id, token, action, response, created_time) "
                        "VALUES (?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, account_id);
  sqlite3_bind_text (stmt, 2, token, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, action, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, response, -1, SQLITE_TRANSIENT);
  bind_time (stmt, 5, now);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return sql_error (self, error, "insert token");
  return TRUE;
}

gboolean
imc_store_expire_tokens (ImcStore   *self,
                         GDateTime  *cutoff,
                         GError    **error)
{
  g_autoptr(ImcStmt) stmt = prepare (self, "DELETE FROM client_tokens WHERE created_time < ?", error);

  if (stmt == NULL)
    return FALSE;
  bind_time (stmt, 1, cutoff);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return sql_error (self, error, "expire tokens");
  return TRUE;
}

gboolean
imc_store_list_bill_apps (ImcStore    *self,
                          gint64       account_id,
                          GDateTime   *start,
                          GDateTime   *end,
                          GPtrArray  **out_apps,
                          GError     **error)
{
  g_autoptr(ImcStmt) stmt = NULL;
  g_autoptr(GPtrArray) apps = g_ptr_array_new_with_free_func ((GDestroyNotify) imc_bill_app_free);
  ImcBillApp *current = NULL;
  int rc;

  /* Every event of every app of the account created before @end; apps
   * whose last event is a purge before @start are dropped below. */
  stmt = prepare (self, "SELECT r.sdk_app_id, r.name, e.time, e.enabled, e.edition, "
                        ITEMS_OF ("plan_event_items", "value", "plan_event_items.event_id = e.event_id") " "
                        "FROM app_registry r JOIN plan_events e ON e.sdk_app_id = r.sdk_app_id "
                        "WHERE r.account_id = ? AND r.created_time < ? "
                        "ORDER BY r.sdk_app_id, e.time, e.event_id", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, account_id);
  bind_time (stmt, 2, end);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 sdk_app_id = sqlite3_column_int64 (stmt, 0);
      ImcPlanEvent event = { 0, };

      if (current == NULL || current->sdk_app_id != sdk_app_id)
        {
          current = g_new0 (ImcBillApp, 1);
          current->sdk_app_id = sdk_app_id;
          current->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
          current->events = g_array_new (FALSE, TRUE, sizeof (ImcPlanEvent));
          g_ptr_array_add (apps, current);
        }

      event.time = column_time (stmt, 2);
      event.enabled = sqlite3_column_int (stmt, 3) != 0;
      if (event.time == NULL || !column_plan (stmt, 4, 5, &event.plan))
        {
          g_clear_pointer (&event.time, g_date_time_unref);
          g_set_error (error, IMC_ERROR, IMC_ERROR_INTERNAL, "event row is damaged");
          return FALSE;
        }
      g_array_append_val (current->events, event);
    }
  if (rc != SQLITE_DONE)
    return sql_error (self, error, "list events");

  for (guint i = apps->len; i > 0; i--)
    {
      ImcBillApp *app = g_ptr_array_index (apps, i - 1);
      ImcPlanEvent *last = &g_array_index (app->events, ImcPlanEvent, app->events->len - 1);
      gboolean existed = FALSE;

      /* A purged app has no apps row: its last event (enabled = FALSE)
       * is the purge. Keep it if that came after @start. */
      {
        g_autoptr(ImcStmt) live = prepare (self, "SELECT EXISTS (SELECT 1 FROM apps WHERE sdk_app_id = ?)", error);
        if (live == NULL)
          return FALSE;
        sqlite3_bind_int64 (live, 1, app->sdk_app_id);
        if (sqlite3_step (live) != SQLITE_ROW)
          return sql_error (self, error, "app live");
        existed = sqlite3_column_int (live, 0) != 0 || g_date_time_compare (last->time, start) >= 0;
      }
      if (!existed)
        g_ptr_array_remove_index (apps, i - 1);
    }

  *out_apps = g_steal_pointer (&apps);
  return TRUE;
}
