/* imc-bill.c */
#include "config.h"

#include "imc-bill.h"
#include "imc-calendar.h"
#include "imc-error.h"
#include "imc-gettext.h"
#include "imc-json.h"

typedef struct {
  gint64  sdk_app_id;
  char   *app_name;
  gint64  total;
  GArray *days;
} BillApp;

struct _ImcBill
{
  GObject  parent_instance;

  gint     year;
  gint     month;
  char    *currency;
  gint64   total;
  GArray  *apps;  /* BillApp */
};

G_DEFINE_FINAL_TYPE (ImcBill, imc_bill, G_TYPE_OBJECT)

static void
bill_app_clear (gpointer data)
{
  BillApp *app = data;

  g_clear_pointer (&app->app_name, g_free);
  g_clear_pointer (&app->days, g_array_unref);
}

static void
imc_bill_finalize (GObject *object)
{
  ImcBill *self = IMC_BILL (object);

  g_clear_pointer (&self->currency, g_free);
  g_clear_pointer (&self->apps, g_array_unref);

  G_OBJECT_CLASS (imc_bill_parent_class)->finalize (object);
}

static void
imc_bill_class_init (ImcBillClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = imc_bill_finalize;
}

static void
imc_bill_init (ImcBill *self)
{
  self->apps = g_array_new (FALSE, TRUE, sizeof (BillApp));
  g_array_set_clear_func (self->apps, bill_app_clear);
}

ImcBill *
imc_bill_new (gint        year,
              gint        month,
              const char *currency)
{
  ImcBill *self;

  g_return_val_if_fail (month >= 1 && month <= 12, NULL);

  self = g_object_new (IMC_TYPE_BILL, NULL);
  self->year = year;
  self->month = month;
  self->currency = g_strdup (currency);
  return self;
}

void
imc_bill_add_app (ImcBill    *self,
                  gint64      sdk_app_id,
                  const char *app_name,
                  GArray     *days)
{
  BillApp app = { sdk_app_id, g_strdup (app_name), 0, g_array_ref (days) };

  g_return_if_fail (IMC_IS_BILL (self));

  for (guint i = 0; i < days->len; i++)
    app.total += g_array_index (days, ImcBillDay, i).amount;
  self->total += app.total;
  g_array_append_val (self->apps, app);
}

static ImcBill *
bad_value (GError     **error,
           const char  *member)
{
  g_set_error (error, IMC_ERROR, IMC_ERROR_INVALID_PARAMETER_VALUE,
               _("The parameter “%s” has a value that is not allowed."), member);
  return NULL;
}

static GArray *
days_from_json (JsonArray  *array,
                gint        year,
                gint        month,
                GError    **error)
{
  gint n = imc_calendar_days_in_month (year, month);
  g_autoptr(GArray) days = g_array_sized_new (FALSE, TRUE, sizeof (ImcBillDay), n);

  if ((gint) json_array_get_length (array) != n)
    {
      bad_value (error, "Days");
      return NULL;
    }

  for (gint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *object;
      g_autoptr(GDateTime) date = NULL;
      ImcBillDay day = { 0 };

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          bad_value (error, "Days");
          return NULL;
        }
      object = json_node_get_object (node);
      if (!imc_json_get_date (object, "Date", TRUE, &date, NULL, error)
          || !imc_json_get_bool (object, "Billed", TRUE, &day.billed, NULL, error)
          || !imc_json_get_plan (object, "Plan", FALSE, &day.plan, NULL, error)
          || !imc_json_get_money (object, "Amount", TRUE, &day.amount, NULL, error))
        return NULL;
      if (g_date_time_get_year (date) != year || g_date_time_get_month (date) != month
          || g_date_time_get_day_of_month (date) != i + 1)
        {
          bad_value (error, "Date");
          return NULL;
        }
      day.day = i + 1;
      g_array_append_val (days, day);
    }

  return g_steal_pointer (&days);
}

ImcBill *
imc_bill_new_from_json (JsonObject  *object,
                        GError     **error)
{
  g_autoptr(ImcBill) self = NULL;
  const char *month_str = NULL, *currency = NULL;
  JsonArray *apps = NULL;
  gint64 total = 0;
  gint year, month;

  if (!imc_json_get_string (object, "Month", TRUE, &month_str, NULL, error)
      || !imc_json_get_string (object, "Currency", TRUE, &currency, NULL, error)
      || !imc_json_get_money (object, "TotalAmount", TRUE, &total, NULL, error)
      || !imc_json_get_array (object, "Apps", TRUE, &apps, NULL, error))
    return NULL;
  if (!imc_calendar_parse_month (month_str, &year, &month))
    return bad_value (error, "Month");

  self = imc_bill_new (year, month, currency);
  for (guint i = 0; i < json_array_get_length (apps); i++)
    {
      JsonNode *node = json_array_get_element (apps, i);
      JsonObject *app;
      const char *name = NULL;
      JsonArray *days_array = NULL;
      g_autoptr(GArray) days = NULL;
      gint64 app_id = 0;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return bad_value (error, "Apps");
      app = json_node_get_object (node);
      if (!imc_json_get_int (app, "SdkAppId", TRUE, &app_id, NULL, error)
          || !imc_json_get_string (app, "AppName", TRUE, &name, NULL, error)
          || !imc_json_get_array (app, "Days", TRUE, &days_array, NULL, error))
        return NULL;
      days = days_from_json (days_array, year, month, error);
      if (days == NULL)
        return NULL;
      imc_bill_add_app (self, app_id, name, days);
    }

  /* The total is derived, so a disagreeing one means a broken answer. */
  if (total != self->total)
    return bad_value (error, "TotalAmount");

  return g_steal_pointer (&self);
}

JsonNode *
imc_bill_to_json (ImcBill *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  g_autofree char *month = NULL;

  g_return_val_if_fail (IMC_IS_BILL (self), NULL);

  month = g_strdup_printf ("%04d-%02d", self->year, self->month);
  imc_bill_get_issue_window (self, &start, &end);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "Month");
  json_builder_add_string_value (builder, month);
  json_builder_set_member_name (builder, "Currency");
  json_builder_add_string_value (builder, self->currency);
  imc_json_builder_add_money (builder, "TotalAmount", self->total);
  imc_json_builder_add_time (builder, "IssueStartTime", start);
  imc_json_builder_add_time (builder, "IssueEndTime", end);
  json_builder_set_member_name (builder, "Apps");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->apps->len; i++)
    {
      BillApp *app = &g_array_index (self->apps, BillApp, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "SdkAppId");
      json_builder_add_int_value (builder, app->sdk_app_id);
      json_builder_set_member_name (builder, "AppName");
      json_builder_add_string_value (builder, app->app_name);
      imc_json_builder_add_money (builder, "TotalAmount", app->total);
      json_builder_set_member_name (builder, "Days");
      json_builder_begin_array (builder);
      for (guint d = 0; d < app->days->len; d++)
        {
          ImcBillDay *day = &g_array_index (app->days, ImcBillDay, d);
          g_autoptr(GDateTime) date = imc_calendar_day_start (self->year, self->month, day->day);

          json_builder_begin_object (builder);
          imc_json_builder_add_date (builder, "Date", date);
          json_builder_set_member_name (builder, "Billed");
          json_builder_add_boolean_value (builder, day->billed);
          if (day->billed)
            imc_json_builder_add_plan (builder, "Plan", &day->plan);
          else
            {
              json_builder_set_member_name (builder, "Plan");
              json_builder_add_null_value (builder);
            }
          imc_json_builder_add_money (builder, "Amount", day->amount);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

gint
imc_bill_get_year (ImcBill *self)
{
  g_return_val_if_fail (IMC_IS_BILL (self), 0);
  return self->year;
}

gint
imc_bill_get_month (ImcBill *self)
{
  g_return_val_if_fail (IMC_IS_BILL (self), 0);
  return self->month;
}

const char *
imc_bill_get_currency (ImcBill *self)
{
  g_return_val_if_fail (IMC_IS_BILL (self), NULL);
  return self->currency;
}

gint64
imc_bill_get_total (ImcBill *self)
{
  g_return_val_if_fail (IMC_IS_BILL (self), 0);
  return self->total;
}

void
imc_bill_get_issue_window (ImcBill    *self,
                           GDateTime **out_start,
                           GDateTime **out_end)
{
  g_return_if_fail (IMC_IS_BILL (self));
  imc_billing_issue_window (self->year, self->month, out_start, out_end);
}

guint
imc_bill_get_n_apps (ImcBill *self)
{
  g_return_val_if_fail (IMC_IS_BILL (self), 0);
  return self->apps->len;
}

static BillApp *
get_app (ImcBill *self,
         guint    index)
{
  g_return_val_if_fail (IMC_IS_BILL (self), NULL);
  g_return_val_if_fail (index < self->apps->len, NULL);
  return &g_array_index (self->apps, BillApp, index);
}

gint64
imc_bill_get_app_id (ImcBill *self,
                     guint    index)
{
  BillApp *app = get_app (self, index);
  return app != NULL ? app->sdk_app_id : 0;
}

const char *
imc_bill_get_app_name (ImcBill *self,
                       guint    index)
{
  BillApp *app = get_app (self, index);
  return app != NULL ? app->app_name : NULL;
}

gint64
imc_bill_get_app_total (ImcBill *self,
                        guint    index)
{
  BillApp *app = get_app (self, index);
  return app != NULL ? app->total : 0;
}

GArray *
imc_bill_get_app_days (ImcBill *self,
                       guint    index)
{
  BillApp *app = get_app (self, index);
  return app != NULL ? app->days : NULL;
}
