#!/usr/bin/env python3
"""Crash safety: a burst of mixed writes from several clients while the
server is killed with SIGKILL at random moments and restarted. Every write
whose answer a client received must be in the database afterwards, no
change may be half-applied, the database must pass integrity_check, and
the once-per-calendar-month rule must hold.

Usage: test-crash-safety.py [WRITES] [KILLS]  (TAP on stdout)"""

import http.client
import random
import sqlite3
import sys
import threading
import uuid

from imcapi import ApiError, Client, Server, Tap

WRITES = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
KILLS = int(sys.argv[2]) if len(sys.argv) > 2 else 20
CLIENTS = 4
ITEMS = ["UnlimitedAvGroups", "MaxGroupsPerUser", "MaxMembersPerGroup"]
TIERS = {"MaxGroupsPerUser": [500, 1000, 2000, 3000],
         "MaxMembersPerGroup": [200, 500, 1000, 2000, 3000, 6000]}
DEFAULTS = {"Pro": {"UnlimitedAvGroups": False, "MaxGroupsPerUser": 500, "MaxMembersPerGroup": 200},
            "Ultimate": {"UnlimitedAvGroups": True, "MaxGroupsPerUser": 1000, "MaxMembersPerGroup": 2000}}
# Refusals a correct server gives to this workload; anything else is a bug.
EXPECTED_REFUSALS = {"LimitExceeded.MonthlyModification", "UnsupportedOperation.AppDisabled",
                     "UnsupportedOperation.NotFreeEdition", "UnsupportedOperation.NotPostpaid"}


class Run:
    def __init__(self, server):
        self.server = server
        self.lock = threading.Lock()
        self.restarted = threading.Condition(self.lock)
        self.generation = 0
        self.writes = 0
        self.done = False
        self.acked = []          # (action, params, answer)
        self.unexpected = []
        self.unknown = 0

    def count_write(self):
        with self.lock:
            self.writes += 1
            return self.writes <= WRITES


def raised_value(edition, item, rng):
    if item == "UnlimitedAvGroups":
        return True
    return rng.choice([t for t in TIERS[item] if t > DEFAULTS[edition][item]])


def client_thread(run, key, seed):
    rng = random.Random(seed)
    client = Client(run.server, key, timeout=10)
    free, paid, enabled = [], [], []   # app ids this client knows from answers

    while run.count_write():
        r = rng.random()
        if not free and not paid or r < 0.2:
            action, params = "CreateApp", {"AppName": f"crash {seed}-{rng.randrange(10**9)}"}
        elif free and r < 0.45:
            app = rng.choice(free)
            edition = rng.choice(["Pro", "Ultimate"])
            params = {"SdkAppId": app, "Edition": edition}
            for item in rng.sample(ITEMS, rng.randrange(3)):
                if not (edition == "Ultimate" and item == "UnlimitedAvGroups"):
                    params[item] = raised_value(edition, item, rng)
            action = "UpgradeAppPlan"
        elif paid and r < 0.9:
            app, edition = rng.choice(paid)
            item = rng.choice(ITEMS if edition == "Pro" else ITEMS[1:])
            action, params = "ModifyAppPlan", {"SdkAppId": app, item: raised_value(edition, item, rng)}
        elif enabled:
            action, params = "DisableApp", {"SdkAppId": rng.choice(enabled)}
        else:
            continue
        if action != "CreateApp" or rng.random() < 0.9:
            params["ClientToken"] = uuid.uuid4().hex

        answer = None
        for _attempt in range(50):
            with run.lock:
                generation = run.generation
            try:
                answer = client.call(action, params)
                break
            except ApiError as e:
                if e.code not in EXPECTED_REFUSALS:
                    with run.lock:
                        run.unexpected.append((action, params, e.code, str(e)))
                break
            except (OSError, http.client.HTTPException, ValueError):
                # The server died under us: the outcome is unknown. A write
                # with a ClientToken is safe to send again; one without is not.
                if "ClientToken" not in params:
                    with run.lock:
                        run.unknown += 1
                    break
                with run.lock:
                    run.restarted.wait_for(lambda: run.generation != generation or run.done, timeout=30)
        if answer is None:
            continue

        with run.lock:
            run.acked.append((action, params, answer))
        if action == "CreateApp":
            free.append(answer["SdkAppId"])
            enabled.append(answer["SdkAppId"])
        elif action == "UpgradeAppPlan":
            free.remove(params["SdkAppId"]) if params["SdkAppId"] in free else None
            paid.append((params["SdkAppId"], answer["App"]["Plan"]["Edition"]))
        elif action == "DisableApp":
            enabled.remove(params["SdkAppId"]) if params["SdkAppId"] in enabled else None


def killer_thread(run, seed):
    rng = random.Random(seed)
    kills = 0
    stop = threading.Event()
    while True:
        with run.lock:
            if kills >= KILLS and run.writes >= WRITES:
                break
        # A random moment, not a synchronisation: the burst goes on meanwhile.
        stop.wait(rng.uniform(0.02, 0.25))
        run.server.kill()
        kills += 1
        run.server.start()
        with run.lock:
            run.generation += 1
            run.restarted.notify_all()
    with run.lock:
        run.done = True
        run.restarted.notify_all()
    run.kills = kills


def main():
    tap = Tap()
    seed = random.randrange(2**32)
    print(f"# seed {seed}, {WRITES} writes, at least {KILLS} kills")
    server = Server("--rate-limit", "0", "--fake-now", "2026-11-10T12:00:00+08:00")
    try:
        server.start()
        keys = [server.create_key("crash") for _ in range(CLIENTS)]
        run = Run(server)
        threads = [threading.Thread(target=client_thread, args=(run, keys[i], seed + i)) for i in range(CLIENTS)]
        killer = threading.Thread(target=killer_thread, args=(run, seed))
        for t in threads + [killer]:
            t.start()
        for t in threads + [killer]:
            t.join()

        print(f"# {len(run.acked)} writes acknowledged, {run.unknown} unknown outcomes, {run.kills} kills")
        tap.ok(run.kills >= KILLS, f"the server was killed at least {KILLS} times", run.kills)
        tap.ok(not run.unexpected, "no write got an unexpected error", run.unexpected[:5])
        tap.ok(server.stop() == 0, "SIGTERM after the burst exits with status 0")

        db = sqlite3.connect(server.db)
        integrity = db.execute("PRAGMA integrity_check").fetchall()
        db.close()
        tap.ok(integrity == [("ok",)], "PRAGMA integrity_check is ok", integrity)

        server.start()
        client = Client(server, keys[0])
        apps = {}
        missing = []
        for action, params, answer in run.acked:
            app_id = answer["SdkAppId"] if action == "CreateApp" else params["SdkAppId"]
            if app_id not in apps:
                try:
                    apps[app_id] = client.call("DescribeApp", {"SdkAppId": app_id})["App"]
                except ApiError as e:
                    missing.append((action, app_id, e.code))
        tap.ok(not missing, "every acknowledged CreateApp left an app", missing[:5])

        lost = []
        for action, params, answer in run.acked:
            app = apps.get(answer["SdkAppId"] if action == "CreateApp" else params["SdkAppId"])
            if app is None:
                continue
            if action == "UpgradeAppPlan":
                if app["Plan"]["Edition"] == "Free":
                    lost.append((action, params))
                for item in ITEMS:
                    if item in params and app["Plan"][item] != params[item]:
                        lost.append((action, params, app["Plan"]))
            elif action == "ModifyAppPlan":
                for item in ITEMS:
                    if item in params and app["Plan"][item] != params[item]:
                        lost.append((action, params, app["Plan"]))
            elif action == "DisableApp" and app["Status"] != "Disabled":
                lost.append((action, params, app["Status"]))
        tap.ok(not lost, "every acknowledged change is in the database", lost[:5])

        twice, broken_chain = [], []
        for app_id, app in apps.items():
            logs = client.call("DescribeAppOperationLogs", {"SdkAppId": app_id, "Limit": 100})["OperationLogs"]
            logs.sort(key=lambda log: log["LogId"])
            changes = {}
            for log in logs:
                if log["Action"] in ("UpgradeAppPlan", "ModifyAppPlan"):
                    for item in log["ChangedItems"]:
                        changes[item] = changes.get(item, 0) + 1
            if any(n > 1 for n in changes.values()):
                twice.append((app_id, changes))
            for before, after in zip(logs, logs[1:]):
                if before["PlanAfter"] != after["PlanBefore"] or before["StatusAfter"] != after["StatusBefore"]:
                    broken_chain.append((app_id, before["LogId"], after["LogId"]))
            if logs:
                last = logs[-1]["PlanAfter"]
                plan = {k: app["Plan"][k] for k in last}
                if plan != last or logs[-1]["StatusAfter"] != app["Status"]:
                    broken_chain.append((app_id, "final", last, app["Plan"]))
        tap.ok(not twice, "no item changed twice in the calendar month", twice[:5])
        tap.ok(not broken_chain, "operation logs chain up to the stored state: nothing half-applied",
               broken_chain[:5])
        tap.ok(server.stop() == 0, "the server stops cleanly after the checks")
    finally:
        server.cleanup()
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
