#!/usr/bin/env python3
"""Rate limiting is per SecretId and action: a client over the limit gets
RequestLimitExceeded while another client's requests go through at the
same time, all of them, and about as fast as before. TAP on stdout."""

import statistics
import sys
import threading
import time

from imcapi import ApiError, Client, Server, Tap

LIMIT = 5           # requests per second per SecretId and action
GREEDY_CALLS = 200


def timed_calls(client, n, action="DescribeApps"):
    """Seconds per call and the error codes met, for n calls in a row."""
    times, codes = [], []
    for _ in range(n):
        started = time.monotonic()
        try:
            client.call(action, {"Limit": 1})
        except ApiError as e:
            codes.append(e.code)
        times.append(time.monotonic() - started)
    return times, codes


def main():
    tap = Tap()
    server = Server("--rate-limit", str(LIMIT))
    try:
        server.start()
        greedy = Client(server, server.create_key("greedy"))
        polite = Client(server, server.create_key("polite"))

        # The polite client stays under its own limit: two calls alone, two
        # beside the greedy client, within the same second.
        alone = timed_calls(polite, 2)[0]

        greedy_codes = []
        greedy_done = threading.Event()

        def hammer():
            greedy_codes.extend(timed_calls(greedy, GREEDY_CALLS)[1])
            greedy_done.set()

        thread = threading.Thread(target=hammer)
        thread.start()
        # While the greedy client is over its limit, the polite one makes
        # as many calls as its own limit allows in the window.
        during, polite_codes = [], []
        start = time.monotonic()
        while not greedy_done.is_set() and len(during) < 2:
            t, c = timed_calls(polite, 1)
            during += t
            polite_codes += c
        thread.join()
        elapsed = time.monotonic() - start

        limited = greedy_codes.count("RequestLimitExceeded")
        tap.ok(limited >= GREEDY_CALLS - LIMIT * (elapsed + 2),
               f"the greedy client gets RequestLimitExceeded ({limited} of {GREEDY_CALLS})",
               set(greedy_codes))
        tap.ok(set(greedy_codes) <= {"RequestLimitExceeded"}, "and no other error", set(greedy_codes))
        tap.ok(not polite_codes and len(during) == 2,
               "the other client's calls all go through meanwhile", polite_codes)
        base, loaded = statistics.median(alone), statistics.median(during)
        print(f"# polite client: median {base * 1000:.2f} ms alone, {loaded * 1000:.2f} ms beside the greedy one")
        # Generous: a loaded 2-core machine; the point is no queueing behind
        # the greedy client's refused requests.
        tap.ok(loaded < max(base * 20, 0.05), "and is not slowed down by it", (base, loaded))

        # A new second: the greedy client is served again.
        time.sleep(1.1)  # not synchronisation: the limit is per second of wall time
        try:
            greedy.call("DescribeApps", {"Limit": 1})
            tap.ok(True, "the limit is per second: the greedy client is served again")
        except ApiError as e:
            tap.ok(False, "the limit is per second: the greedy client is served again", e.code)
        tap.ok(server.stop() == 0, "the server stops cleanly")
    finally:
        server.cleanup()
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
