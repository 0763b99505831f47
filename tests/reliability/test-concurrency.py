#!/usr/bin/env python3
"""Concurrency: 64 clients at once on one app. The once-per-month check and
the write share one transaction, so exactly one of them succeeds; a
ClientToken sent 64 times at once applies once. TAP on stdout."""

import sys
import threading
import uuid

from imcapi import ApiError, Client, Server, Tap

N = 64


def at_once(server, keys, action, params_for):
    """Sends one request per client, all released together by a barrier."""
    barrier = threading.Barrier(N)
    results = [None] * N

    def worker(i):
        client = Client(server, keys[i])
        params = params_for(i)
        barrier.wait()
        try:
            results[i] = ("ok", client.call(action, params))
        except ApiError as e:
            results[i] = ("error", e.code)
        except Exception as e:  # noqa: BLE001 - reported as a failure below
            results[i] = ("exception", repr(e))

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(N)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def logs_of(client, app_id, action):
    logs = client.call("DescribeAppOperationLogs", {"SdkAppId": app_id, "Limit": 100})["OperationLogs"]
    return [log for log in logs if log["Action"] == action]


def main():
    tap = Tap()
    server = Server("--rate-limit", "0")
    try:
        server.start()
        # One key per client: every request is signed independently, as
        # 64 separate admins' tools would.
        keys = [server.create_key("race") for _ in range(N)]
        client = Client(server, keys[0])

        free_app = client.call("CreateApp", {"AppName": "race upgrade"})["SdkAppId"]
        results = at_once(server, keys, "UpgradeAppPlan",
                          lambda i: {"SdkAppId": free_app, "Edition": "Pro" if i % 2 else "Ultimate"})
        wins = [r for r in results if r[0] == "ok"]
        others = {r[1] for r in results if r[0] != "ok"}
        tap.ok(len(wins) == 1, f"{N} simultaneous upgrades of one Free app: exactly one succeeds", len(wins))
        tap.ok(others == {"UnsupportedOperation.NotFreeEdition"},
               "the others are told the app is no longer Free", others)
        tap.ok(len(logs_of(client, free_app, "UpgradeAppPlan")) == 1, "one upgrade in the operation log")

        pro_app = client.call("CreateApp", {"AppName": "race modify"})["SdkAppId"]
        client.call("UpgradeAppPlan", {"SdkAppId": pro_app, "Edition": "Pro"})
        values = [500, 1000, 2000, 3000, 6000]
        results = at_once(server, keys, "ModifyAppPlan",
                          lambda i: {"SdkAppId": pro_app, "MaxMembersPerGroup": values[i % len(values)]})
        wins = [r for r in results if r[0] == "ok"]
        others = {r[1] for r in results if r[0] != "ok"}
        stored = client.call("DescribeApp", {"SdkAppId": pro_app})["App"]["Plan"]["MaxMembersPerGroup"]
        # Requests that ask for the value the winner already set are
        # answered as no-op successes: only the winner changed anything.
        tap.ok(len(logs_of(client, pro_app, "ModifyAppPlan")) == 1,
               f"{N} simultaneous modifies of one item: exactly one change is applied")
        tap.ok(wins and all(r[1]["App"]["Plan"]["MaxMembersPerGroup"] == stored for r in wins)
               and len(wins) == sum(1 for i in range(N) if values[i % len(values)] == stored),
               "only the winner and requests for the same value succeed", (stored, len(wins)))
        tap.ok(others == {"LimitExceeded.MonthlyModification"},
               "the others get LimitExceeded.MonthlyModification", others)

        replay_app = client.call("CreateApp", {"AppName": "race token"})["SdkAppId"]
        token = uuid.uuid4().hex
        # The same key and token from 64 connections: a client retrying a
        # lost answer many times over.
        same_key = [keys[0]] * N
        results = at_once(server, same_key, "UpgradeAppPlan",
                          lambda i: {"SdkAppId": replay_app, "Edition": "Ultimate",
                                     "MaxGroupsPerUser": 2000, "ClientToken": token})
        oks = [r for r in results if r[0] == "ok"]
        tap.ok(len(oks) == N, f"{N} replays of one ClientToken all get the first answer",
               {r[1] for r in results if r[0] != "ok"})
        tap.ok(len({repr(r[1]["App"]) for r in oks}) == 1, "every replay answers the same App")
        tap.ok(len(logs_of(client, replay_app, "UpgradeAppPlan")) == 1, "the upgrade was applied once")
        tap.ok(server.stop() == 0, "the server stops cleanly")
    finally:
        server.cleanup()
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
