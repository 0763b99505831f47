"""A database written by the server of schema version 2 (plan items in
columns; tests/server/data/make-schema-v2-db) is migrated to the item
tables on start: every app, plan, item value, change date, log entry, bill
and key reads back exactly as the old server answered."""

import json
import os
import shutil
import sqlite3
import sys
import tempfile

import imcapi

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "server", "data")


def main():
    tap = imcapi.Tap()
    with open(os.path.join(DATA, "schema-v2-expected.json")) as f:
        expected = json.load(f)
    tmp = tempfile.mkdtemp(prefix="imc-migration-")
    db = os.path.join(tmp, "plan.db")
    shutil.copy(os.path.join(DATA, "schema-v2.db"), db)
    shutil.copy(os.path.join(DATA, "schema-v2.db.key"), db + ".key")
    os.chmod(db + ".key", 0o600)

    server = imcapi.Server("--fake-now", expected["fake_now"], db=db)
    try:
        server.start()
        for (account, action, params), want in zip(expected["queries"], expected["answers"]):
            client = imcapi.Client(server, expected["keys"][account])
            try:
                got = client.call(action, params)
                got.pop("RequestId", None)
            except imcapi.ApiError as e:
                got = {"Error": e.code}
            tap.ok(got == want, f"{account} {action} {json.dumps(params)}",
                   f"want {json.dumps(want, sort_keys=True)[:2000]}\n"
                   f"got  {json.dumps(got, sort_keys=True)[:2000]}")
        server.stop()

        con = sqlite3.connect(db)
        version = con.execute("SELECT version FROM schema_version").fetchone()[0]
        tap.ok(version == 3, "schema version 3", version)
        columns = [r[1] for r in con.execute("PRAGMA table_info(apps)")]
        tap.ok("max_groups_per_user" not in columns, "no item columns left in apps", columns)
        # Three items for every app, event and log entry of the old file.
        for table, owner, items in (("plan_events", "event_id", "plan_event_items"),
                                    ("operation_logs", "log_id", "operation_log_items")):
            n = con.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            m = con.execute(f"SELECT COUNT(*) FROM {items}").fetchone()[0]
            tap.ok(n > 0 and m == 3 * n, f"{items}: 3 rows per {owner}", (n, m))
        tap.ok(con.execute("PRAGMA foreign_key_check").fetchall() == [], "foreign keys hold")
        tap.ok(con.execute("PRAGMA integrity_check").fetchone()[0] == "ok", "integrity")
        con.close()
    finally:
        server.cleanup()
        shutil.rmtree(tmp, ignore_errors=True)
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
