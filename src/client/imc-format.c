/* imc-format.c */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "imc-format.h"

const char *
imc_format_edition (ImcEdition edition)
{
  switch (edition)
    {
    case IMC_EDITION_FREE:
      return _("Free");
    case IMC_EDITION_PRO:
      return _("Pro");
    case IMC_EDITION_ULTIMATE:
      return _("Ultimate");
    default:
      return "";
    }
}

const char *
imc_format_plan_name (const ImcPlan *plan)
{
  g_return_val_if_fail (plan != NULL, "");

  switch (plan->edition)
    {
    case IMC_EDITION_FREE:
      return _("Free");
    case IMC_EDITION_PRO:
      return _("Pro-postpaid");
    case IMC_EDITION_ULTIMATE:
      return _("Ultimate-postpaid");
    default:
      return "";
    }
}

const char *
imc_format_status (ImcAppStatus status)
{
  return status == IMC_APP_STATUS_ENABLED ? _("Enabled") : _("Disabled");
}

const char *
imc_format_plan_item (ImcPlanItem item)
{
  if ((guint) item >= IMC_N_PLAN_ITEMS)
    return "";
  /* The Modify wording: items are named after the fact, as the app is now. */
  return imc_plan_item_get_label (item, TRUE);
}

char *
imc_format_date (GDateTime *dt)
{
  g_autoptr(GDateTime) billing = NULL;

  g_return_val_if_fail (dt != NULL, NULL);

  billing = imc_calendar_to_billing (dt);
  /* Translators: a long date as strftime() format, e.g. "1 December 2026".
   * Use the order and words of your language: "%Y年%-m月%-d日",
   * "%Y년 %-m월 %-d일". */
  return g_date_time_format (billing, _("%-d %B %Y"));
}

char *
imc_format_date_time (GDateTime *dt)
{
  g_autoptr(GDateTime) local = NULL;

  g_return_val_if_fail (dt != NULL, NULL);

  local = g_date_time_to_local (dt);
  /* Translators: a date and time as strftime() format, e.g.
   * "1 December 2026 14:05". */
  return g_date_time_format (local, _("%-d %B %Y %H:%M"));
}

static void
append_grouped (GString    *out,
                const char *digits)
{
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }
}

char *
imc_format_count (gint64 value)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GINT64_FORMAT, value < 0 ? -value : value);
  GString *out = g_string_new (value < 0 ? "-" : "");

  append_grouped (out, digits);
  return g_string_free (out, FALSE);
}

char *
imc_format_money (gint64      minor,
                  const char *currency)
{
  g_autofree char *decimal = imc_money_to_decimal (minor < 0 ? -minor : minor);
  g_autofree char *units = NULL;
  const char *point;
  GString *amount = g_string_new (minor < 0 ? "-" : "");

  point = strchr (decimal, '.');
  units = point ? g_strndup (decimal, point - decimal) : g_strdup (decimal);
  append_grouped (amount, units);
  if (point != NULL)
    g_string_append (amount, point);

  {
    g_autofree char *number = g_string_free (amount, FALSE);
    /* Translators: an amount of money: currency code, then the number,
     * e.g. "CNY 1,999.00". */
    return g_strdup_printf (_("%s %s"), currency ? currency : "", number);
  }
}

char *
imc_format_purge_notice (GDateTime *purge_time,
                         GDateTime *now)
{
  g_autofree char *date = NULL;
  gint days;

  g_return_val_if_fail (purge_time != NULL && now != NULL, NULL);

  date = imc_format_date (purge_time);
  days = imc_rules_days_until_purge (purge_time, now);
  /* Translators: %s is a date such as "21 February 2027", %d the number of
   * days until then. */
  return g_strdup_printf (ngettext ("Data will be deleted on %s (%d day left)",
                                    "Data will be deleted on %s (%d days left)",
                                    (unsigned long) days),
                          date, days);
}
