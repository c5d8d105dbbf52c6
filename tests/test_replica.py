"""Analyses on a PostgreSQL streaming replica, writes on the primary (Odoo's own engine).

Starts the local replica (tools/replica.sh), an Odoo server in prefork mode (``--workers=2``)
configured with ``--db_replica_host``/``--db_replica_port``, calls the analyses through the
web client's JSON-RPC endpoint (``/web/dataset/call_kw``: Odoo 18 opens a read-only cursor on
the replica for methods marked ``@api.readonly``) and proves from the replica's statement log
which queries ran there. Odoo 18's ``/xmlrpc/2/object`` always runs on the primary
(``odoo/service/model.py``: ``execute`` opens a read/write cursor), so integrations that want
the replica call JSON-RPC.

Replica lag: a write committed on the primary is visible on the replica once the replica has
replayed the primary's WAL up to the commit; the test waits for that
(``pg_last_wal_replay_lsn() >= pg_current_wal_lsn()`` taken after the commit) before reading.
"""

import json
import os
import shutil
import subprocess
import time
import urllib.request
import uuid
from http.cookiejar import CookieJar

import pytest
from conftest import ROOT, STATE_DIR, _env_conf, _free_port

PG_BIN = os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin")
REPLICA_PORT = int(os.environ.get("REPLICA_PORT", "5433"))
REPLICA_DIR = os.environ.get("REPLICA_DIR", "/var/lib/postgresql/15/crm_mfg_replica")
SOCKET = os.environ.get("PGHOST", "/var/run/postgresql")
LOG = os.path.join(REPLICA_DIR, "log", "statements.log")

pytestmark = pytest.mark.skipif(
    not os.path.exists(os.path.join(PG_BIN, "pg_basebackup")) or not shutil.which("psql"),
    reason=f"PostgreSQL server binaries not found in {PG_BIN}: no local replica can be made",
)


def _psql(sql, port=None, db="postgres"):
    args = ["psql", "-h", SOCKET, "-d", db, "-tAc", sql]
    if port:
        args[1:1] = ["-p", str(port)]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout.strip()


def _log_size():
    return int(
        subprocess.run(["stat", "-c", "%s", LOG], capture_output=True, text=True, check=True).stdout
    )


def _log_since(offset):
    out = subprocess.run(
        ["tail", "-c", f"+{offset + 1}", LOG], capture_output=True, text=True, check=True
    )
    return out.stdout


def _wait_replayed(timeout=60):
    """Wait until the replica has replayed everything the primary has written so far."""
    target = _psql("select pg_current_wal_lsn()")
    deadline = time.time() + timeout
    while time.time() < deadline:
        done = _psql(f"select pg_last_wal_replay_lsn() >= '{target}'::pg_lsn", port=REPLICA_PORT)
        if done == "t":
            return
        time.sleep(0.2)
    raise AssertionError("the replica did not catch up with the primary")


class JsonRpc:
    def __init__(self, url, db, login, password):
        self.url = url
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        self.post("/web/session/authenticate", {"db": db, "login": login, "password": password})

    def post(self, path, params):
        data = json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1, "params": params})
        request = urllib.request.Request(
            self.url + path, data.encode(), {"Content-Type": "application/json"}
        )
        with self.opener.open(request, timeout=120) as response:
            answer = json.loads(response.read())
        if answer.get("error"):
            raise AssertionError(answer["error"]["data"]["message"])
        return answer["result"]

    def call(self, model, method, *args, **kwargs):
        return self.post(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )


@pytest.fixture(scope="module")
def replica_server():
    db = os.environ.get("CRM_MFG_RPC_DB")
    if not db:
        pytest.skip("needs the database of make test (CRM_MFG_RPC_DB)")
    out = subprocess.run(
        ["bash", os.path.join(ROOT, "tools", "replica.sh"), "start"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    started = "already running" not in out
    _wait_replayed(timeout=300)
    conf = _env_conf()
    odoo_src = conf["ODOO_SRC"]
    port = _free_port()
    addons = ",".join(
        [f"{odoo_src}/addons", f"{odoo_src}/odoo/addons", os.path.join(ROOT, "addons")]
    )
    log_path = os.path.join(STATE_DIR, "logs", f"replica-server-{db}.log")
    with open(log_path, "w", encoding="utf-8") as log:
        server = subprocess.Popen(
            [
                os.path.join(STATE_DIR, "venv", "bin", "python"),
                os.path.join(odoo_src, "odoo-bin"),
                f"--addons-path={addons}",
                f"--data-dir={STATE_DIR}/filestore",
                "-d",
                db,
                f"--db-filter=^{db}$",
                "--no-database-list",
                "--workers=2",
                "--max-cron-threads=0",
                f"--gevent-port={_free_port()}",
                f"--db_replica_host={SOCKET}",
                f"--db_replica_port={REPLICA_PORT}",
                "--http-interface=127.0.0.1",
                f"--http-port={port}",
                "--limit-time-real=600",
                "--limit-time-cpu=300",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 180
        while True:
            try:
                urllib.request.urlopen(f"{url}/web/health", timeout=5).read()
                break
            except OSError:
                if server.poll() is not None or time.time() > deadline:
                    raise RuntimeError(f"the server did not start; see {log_path}") from None
                time.sleep(0.5)
        yield url, db
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
        if started:
            # a replica made for this test goes with its replication slot, which would
            # otherwise keep the primary's WAL
            subprocess.run(["bash", os.path.join(ROOT, "tools", "replica.sh"), "drop"], check=False)


def test_funnel_runs_on_the_replica_and_writes_on_the_primary(replica_server, odoo):
    url, db = replica_server
    login = f"replica_{uuid.uuid4().hex[:8]}"
    odoo.user(["sales_team.group_sale_manager"], login=login)
    _wait_replayed()
    client = JsonRpc(url, db, login, login)

    stage_id = odoo.admin("crm.stage", "search", [], limit=1)[0]
    today = time.strftime("%Y-%m-%d")
    before = {
        row["stage_id"]: row
        for row in client.call("crm.lead.stage.history", "get_funnel", "2000-01-01", today)
    }

    # a write through the same endpoint runs on the primary (a normal, read/write route)
    offset = _log_size()
    name = f"Replica check {uuid.uuid4().hex[:8]}"
    lead_id = client.call(
        "crm.lead", "create", {"name": name, "type": "opportunity", "stage_id": stage_id}
    )
    assert odoo.admin("crm.lead", "read", [lead_id], ["name"])[0]["name"] == name
    assert 'INSERT INTO "crm_lead"' not in _log_since(offset)

    # the analysis: after the replica has replayed the commit, it sees the new opportunity,
    # and its query ran on the replica
    _wait_replayed()
    offset = _log_size()
    after = {
        row["stage_id"]: row
        for row in client.call("crm.lead.stage.history", "get_funnel", "2000-01-01", today)
    }
    replica_log = _log_since(offset)
    assert "exit_type IN ('forward', 'backward')" in replica_log, replica_log[-2000:]
    assert after[stage_id]["inflow"] + after[stage_id]["opening"] == (
        before.get(stage_id, {"inflow": 0, "opening": 0})["inflow"]
        + before.get(stage_id, {"inflow": 0, "opening": 0})["opening"]
        + 1
    )


# (model, method, args, a piece of the analysis's SQL that only it sends)
ANALYSES = [
    (
        "crm.lead.stage.history",
        "get_funnel",
        ["2000-01-01", "2999-12-31"],
        "exit_type IN ('forward', 'backward')",
    ),
    (
        "crm.cash.forecast",
        "get_cash_forecast",
        ["2000-01-01", "2999-12-31", ["month", "source"]],
        "'pipeline'",
    ),
    ("crm.competitor", "get_win_rates", ["2000-01-01", "2999-12-31"], '"crm_lead_competitor"'),
    ("crm.sales.kpi.report", "get_kpis", ["2000-01-01", "2999-12-31"], "FROM mail_message m"),
    ("crm.expense.budget.report", "get_budget_execution", [], "crm_lead_expense_budget"),
    (
        "credit.risk.report",
        "export_xlsx",
        [],
        "row_number() OVER (ORDER BY f.company_id, f.partner_id)",
    ),
    ("service.parts.report", "get_report_rows", [], "END AS days_of_cover"),
    (
        "crm.customer.lifecycle.report",
        "read_group",
        [[], ["customer_count:sum"], ["stage"]],
        'FROM "crm_customer_lifecycle_report"',
    ),
]


@pytest.mark.parametrize(("model", "method", "args", "marker"), ANALYSES)
def test_each_analysis_runs_on_the_replica(replica_server, odoo, model, method, args, marker):
    url, db = replica_server
    login = f"replica_{uuid.uuid4().hex[:8]}"
    odoo.user(
        [
            "sales_team.group_sale_manager",
            "account.group_account_invoice",
            "crm_manufacturing_service.group_service_user",
        ],
        login=login,
    )
    _wait_replayed()
    client = JsonRpc(url, db, login, login)
    offset = _log_size()
    client.call(model, method, *args)
    assert marker in _log_since(offset), f"{model}.{method} did not run on the replica"
