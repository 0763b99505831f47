/* imc-calendar.h: billing calendar.
 *
 * Months and days are counted in the billing time zone, Asia/Shanghai.
 * Shanghai has kept UTC+8 without DST since 1991, so a fixed offset is used:
 * it needs no tzdata (minimal containers, Flatpak) and cannot drift.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define IMC_BILLING_TIME_ZONE_NAME  "Asia/Shanghai"
#define IMC_BILLING_UTC_OFFSET      "+08:00"

GTimeZone *imc_calendar_get_time_zone     (void);
/* The same instant, expressed in the billing time zone. */
GDateTime *imc_calendar_to_billing        (GDateTime *dt);
/* 00:00 of the given billing-calendar day. */
GDateTime *imc_calendar_day_start         (gint       year,
                                           gint       month,
                                           gint       day);
/* 00:00 on the 1st of the billing month that contains @dt. */
GDateTime *imc_calendar_month_start       (GDateTime *dt);
/* 00:00 on the 1st of the billing month after the one containing @dt. */
GDateTime *imc_calendar_next_month_start  (GDateTime *dt);
gboolean   imc_calendar_same_month        (GDateTime *a,
                                           GDateTime *b);
gint       imc_calendar_days_in_month     (gint       year,
                                           gint       month);
/* Whole billing-calendar days from the day of @from to the day of @to
 * (negative when @to is earlier). */
gint       imc_calendar_days_between      (GDateTime *from,
                                           GDateTime *to);
/* "2026-12-01": the billing-calendar date of @dt. */
char      *imc_calendar_format_date       (GDateTime *dt);
/* Parses "YYYY-MM-DD" as 00:00 of that billing day. */
GDateTime *imc_calendar_parse_date        (const char *str);
/* ISO 8601 with offset, in the billing time zone, whole seconds:
 * "2026-11-23T14:05:09+08:00". */
char      *imc_calendar_format_iso8601    (GDateTime *dt);
/* The same two forms from a Unix time into @out, without allocating
 * (what the server writes for every app of a page); years 0001-9999. */
#define IMC_CALENDAR_DATE_SIZE    11   /* "2026-12-01" and NUL */
#define IMC_CALENDAR_ISO8601_SIZE 26   /* "2026-11-23T14:05:09+08:00" and NUL */
void       imc_calendar_write_date        (gint64     unix_time,
                                           char       out[IMC_CALENDAR_DATE_SIZE]);
void       imc_calendar_write_iso8601     (gint64     unix_time,
                                           char       out[IMC_CALENDAR_ISO8601_SIZE]);
/* Parses ISO 8601 with an explicit offset or Z; NULL otherwise. */
GDateTime *imc_calendar_parse_iso8601     (const char *str);
/* Parses "YYYY-MM" strictly. */
gboolean   imc_calendar_parse_month       (const char *str,
                                           gint       *out_year,
                                           gint       *out_month);

G_END_DECLS
