/* test-calendar.c: the billing calendar is UTC+8, whatever the machine's
 * time zone says. */
#include "config.h"

#include <string.h>

#include "imc-core.h"

static GDateTime *
utc (const char *iso)
{
  GDateTime *dt = imc_calendar_parse_iso8601 (iso);

  g_assert_nonnull (dt);
  return dt;
}

static void
assert_iso (GDateTime  *dt,
            const char *expected)
{
  g_autofree char *str = imc_calendar_format_iso8601 (dt);

  g_assert_cmpstr (str, ==, expected);
}

static void
test_last_minute_utc8_vs_utc (void)
{
  /* 15:59 UTC on 30 November is already 23:59 in Shanghai: still November. */
  g_autoptr(GDateTime) before = utc ("2026-11-30T15:59:59Z");
  /* One second later it is December in Shanghai and still November in UTC. */
  g_autoptr(GDateTime) after = utc ("2026-11-30T16:00:00Z");
  g_autoptr(GDateTime) start_before = imc_calendar_month_start (before);
  g_autoptr(GDateTime) start_after = imc_calendar_month_start (after);
  g_autofree char *date_after = imc_calendar_format_date (after);

  g_assert_cmpint (g_date_time_get_month (after), ==, 11);  /* UTC view */
  assert_iso (start_before, "2026-11-01T00:00:00+08:00");
  assert_iso (start_after, "2026-12-01T00:00:00+08:00");
  g_assert_false (imc_calendar_same_month (before, after));
  g_assert_cmpstr (date_after, ==, "2026-12-01");
  assert_iso (after, "2026-12-01T00:00:00+08:00");
}

static void
test_december_to_january (void)
{
  g_autoptr(GDateTime) dec = utc ("2026-12-31T23:59:59+08:00");
  g_autoptr(GDateTime) next = imc_calendar_next_month_start (dec);
  g_autoptr(GDateTime) jan = utc ("2027-01-01T00:00:00+08:00");

  assert_iso (next, "2027-01-01T00:00:00+08:00");
  g_assert_false (imc_calendar_same_month (dec, jan));
  g_assert_cmpint (imc_calendar_days_between (dec, jan), ==, 1);
}

static void
test_february (void)
{
  g_autoptr(GDateTime) leap = utc ("2028-02-10T12:00:00+08:00");
  g_autoptr(GDateTime) leap_next = imc_calendar_next_month_start (leap);

  g_assert_cmpint (imc_calendar_days_in_month (2026, 2), ==, 28);
  g_assert_cmpint (imc_calendar_days_in_month (2028, 2), ==, 29);
  g_assert_cmpint (imc_calendar_days_in_month (2100, 2), ==, 28);
  g_assert_cmpint (imc_calendar_days_in_month (2000, 2), ==, 29);
  g_assert_cmpint (imc_calendar_days_in_month (2026, 12), ==, 31);
  g_assert_cmpint (imc_calendar_days_in_month (2026, 4), ==, 30);
  assert_iso (leap_next, "2028-03-01T00:00:00+08:00");
}

static void
test_parse (void)
{
  static const char *const bad_iso[] = {
    "", "2026-11-23", "2026-11-23T10:00:00", "2026-13-01T00:00:00Z",
    "2026-02-30T00:00:00+08:00", "2026-11-23T25:00:00Z", "2026-11-23 10:00:00+08:00",
    "2026-11-23T10:00:00+08:00 ", "x2026-11-23T10:00:00Z",
    /* Outside the API's years: formatting them back would not round-trip. */
    "0026-11-13T09:00:00+08:00", "1969-12-31T23:59:59Z", "9999-12-31T20:00:00-08:00",
  };
  static const char *const bad_dates[] = {
    "", "2026-11", "2026-11-31", "2027-02-29", "26-11-01", "2026-1-01", "2026-11-01T", "0000-01-01",
  };
  g_autoptr(GDateTime) dt = utc ("2026-11-23T10:00:00+09:00");
  g_autoptr(GDateTime) date = imc_calendar_parse_date ("2028-02-29");
  gint year = 0, month = 0;

  assert_iso (dt, "2026-11-23T09:00:00+08:00");
  g_assert_nonnull (date);
  assert_iso (date, "2028-02-29T00:00:00+08:00");

  for (guint i = 0; i < G_N_ELEMENTS (bad_iso); i++)
    {
      g_autoptr(GDateTime) parsed = imc_calendar_parse_iso8601 (bad_iso[i]);
      g_assert_null (parsed);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad_dates); i++)
    {
      g_autoptr(GDateTime) parsed = imc_calendar_parse_date (bad_dates[i]);
      g_assert_null (parsed);
    }

  g_assert_true (imc_calendar_parse_month ("2026-02", &year, &month));
  g_assert_cmpint (year, ==, 2026);
  g_assert_cmpint (month, ==, 2);
  g_assert_false (imc_calendar_parse_month ("2026-13", &year, &month));
  g_assert_false (imc_calendar_parse_month ("2026-2", &year, &month));
  g_assert_false (imc_calendar_parse_month ("2026-02-01", &year, &month));
  g_assert_false (imc_calendar_parse_month ("0000-01", &year, &month));
}

static void
test_independent_of_local_zone (void)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *date = NULL;

  /* The machine's zone must not leak into billing dates. */
  g_setenv ("TZ", "America/Los_Angeles", TRUE);
  dt = utc ("2026-11-30T17:00:00Z");
  date = imc_calendar_format_date (dt);
  g_assert_cmpstr (date, ==, "2026-12-01");
}

/* The allocation-free formatter against GDateTime's, in UTC+8, at day,
 * month, year and leap-year edges and at random times from year 1 to 9999. */
static void
test_write_matches_gdatetime (void)
{
  const gint64 edges[] = {
    0, -1, 57599, 57600, 57601,                 /* 1970-01-01 16:00 UTC is 00:00 in UTC+8 */
    951753599, 951753600, 951868799, 951868800, /* 2000-02-28/29/03-01 */
    1767196799, 1767196800,                     /* new year 2026 in UTC+8 */
    4107513600, 253402271999 - 8 * 3600,        /* 2100-03-01, 9999-12-31 23:59:59+08:00 */
    -62135596800 - 8 * 3600 + 86400,            /* 0001-01-02 */
  };
  GRand *rand = g_rand_new_with_seed (20261123);

  for (guint i = 0; i < G_N_ELEMENTS (edges) + 20000; i++)
    {
      gint64 t = i < G_N_ELEMENTS (edges) ? edges[i]
               : (gint64) g_rand_double_range (rand, -62135596800.0 + 86400, 253402271999.0 - 86400);
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (t);
      g_autoptr(GDateTime) local = imc_calendar_to_billing (utc);
      g_autofree char *iso = g_date_time_format (local, "%Y-%m-%dT%H:%M:%S%:z");
      g_autofree char *date = g_date_time_format (local, "%Y-%m-%d");
      g_autofree char *iso_padded = NULL;
      g_autofree char *date_padded = NULL;
      char out_iso[IMC_CALENDAR_ISO8601_SIZE];
      char out_date[IMC_CALENDAR_DATE_SIZE];

      /* GDateTime writes years below 1000 without leading zeros. */
      iso_padded = g_strdup_printf ("%04d%s", g_date_time_get_year (local), strchr (iso, '-'));
      date_padded = g_strdup_printf ("%04d%s", g_date_time_get_year (local), strchr (date, '-'));
      imc_calendar_write_iso8601 (t, out_iso);
      imc_calendar_write_date (t, out_date);
      g_assert_cmpstr (out_iso, ==, iso_padded);
      g_assert_cmpstr (out_date, ==, date_padded);
    }
  g_rand_free (rand);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/calendar/last-minute-utc8-vs-utc", test_last_minute_utc8_vs_utc);
  g_test_add_func ("/calendar/december-to-january", test_december_to_january);
  g_test_add_func ("/calendar/february", test_february);
  g_test_add_func ("/calendar/parse", test_parse);
  g_test_add_func ("/calendar/independent-of-local-zone", test_independent_of_local_zone);
  g_test_add_func ("/calendar/write-matches-gdatetime", test_write_matches_gdatetime);
  return g_test_run ();
}
