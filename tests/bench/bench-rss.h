/* bench-rss.h: resident memory of this process, for the benchmarks. */
#pragma once

#include <glib.h>
#include <stdlib.h>
#include <string.h>

/* VmRSS from /proc/self/status in KiB, or -1. */
static inline long
bench_rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmRSS:");
  return line != NULL ? strtol (line + 6, NULL, 10) : -1;
}
