"""Integration suite: a real Odoo server driven over XML-RPC, as an outside integration would.

The ``odoo`` fixture starts one server for the whole session on a free loopback port, on the
database named by ``CRM_MFG_RPC_DB`` (``make test`` passes the database it has just installed
the modules into, with their demo data) or, without it, on a fresh database it creates and
drops itself. Tests talk to it through :class:`Rpc` only: nothing here imports Odoo, so what
is tested is exactly what a remote client sees.
"""

import contextlib
import os
import socket
import subprocess
import time
import uuid
import xmlrpc.client

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
STATE_DIR = os.environ.get("CRM_MFG_HOME", os.path.expanduser("~/.local/share/crm_manufacturing"))


def _env_conf():
    conf = {}
    with open(os.path.join(STATE_DIR, "env.sh"), encoding="utf-8") as handle:
        for line in handle:
            key, _sep, value = line.strip().partition("=")
            conf[key] = value.strip("'\"")
    return conf


def _modules():
    """The addons that make test installs (MODULES of tools/common.sh)."""
    return subprocess.run(
        ["bash", "-c", '. "$0"; echo "$MODULES"', os.path.join(ROOT, "tools", "common.sh")],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def _free_port():
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RpcFault(Exception):
    pass


class Rpc:
    """A logged-in XML-RPC client of one user."""

    def __init__(self, url, db, login, password):
        self.url, self.db, self.login, self.password = url, db, login, password
        common = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common", allow_none=True)
        self.uid = common.authenticate(db, login, password, {})
        assert self.uid, f"cannot log in as {login}"
        self.proxy = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/object", allow_none=True)

    def call(self, model, method, *args, **kwargs):
        return self.proxy.execute_kw(
            self.db, self.uid, self.password, model, method, list(args), kwargs
        )

    def __call__(self, model, method, *args, **kwargs):
        return self.call(model, method, *args, **kwargs)

    def refused(self, model, method, *args, **kwargs):
        """Call and return the fault; fail if the call succeeded or crashed (fault code 1)."""
        try:
            self.call(model, method, *args, **kwargs)
        except xmlrpc.client.Fault as fault:
            # Odoo's XML-RPC fault codes: 1 = server error (a traceback), 2 = UserError /
            # ValidationError, 3 = AccessDenied, 4 = AccessError / MissingError.
            assert fault.faultCode in (2, 3, 4), (
                f"{model}.{method} crashed (fault code {fault.faultCode}): "
                f"{fault.faultString[-800:]}"
            )
            return fault
        raise AssertionError(f"{model}.{method}{args!r} was accepted; it should be refused")


class OdooServer:
    def __init__(self, url, db):
        self.url, self.db = url, db
        self.admin = Rpc(url, db, "admin", "admin")

    def user(self, groups, login=None, **values):
        """A new internal user with exactly these groups (xml ids); returns its Rpc client."""
        login = login or f"rpc_{uuid.uuid4().hex[:10]}"
        group_ids = []
        for xmlid in groups:
            module, name = xmlid.split(".")
            group_ids.append(self.admin("ir.model.data", "check_object_reference", module, name)[1])
        vals = {
            "name": login,
            "login": login,
            "password": login,
            "groups_id": [(6, 0, group_ids)],
        }
        vals.update(values)
        self.admin("res.users", "create", vals)
        return Rpc(self.url, self.db, login, login)

    def portal_user(self, partner_id=None):
        login = f"portal_{uuid.uuid4().hex[:10]}"
        vals = {}
        if partner_id:
            vals["partner_id"] = partner_id
        return self.user(["base.group_portal"], login=login, **vals)

    def ref(self, xmlid):
        module, name = xmlid.split(".")
        return self.admin("ir.model.data", "check_object_reference", module, name)[1]


@pytest.fixture(scope="session")
def odoo():
    conf = _env_conf()
    odoo_src = conf["ODOO_SRC"]
    # make test FROM_WHEELS=1: the server runs from the wheels' virtual environment
    python = os.environ.get("CRM_MFG_PYTHON") or os.path.join(STATE_DIR, "venv", "bin", "python")
    db = os.environ.get("CRM_MFG_RPC_DB")
    own_db = not db
    if own_db:
        db = f"crm_mfg_rpc_{uuid.uuid4().hex[:6]}"
    addons = os.environ.get("CRM_MFG_ADDONS_PATH") or ",".join(
        [f"{odoo_src}/addons", f"{odoo_src}/odoo/addons", os.path.join(ROOT, "addons")]
    )
    port = _free_port()
    log_path = os.path.join(STATE_DIR, "logs", f"rpc-{db}.log")
    os.makedirs(os.path.dirname(log_path), exist_ok=True)
    base = [
        python,
        os.path.join(odoo_src, "odoo-bin"),
        f"--addons-path={addons}",
        f"--data-dir={STATE_DIR}/filestore",
        "-d",
        db,
        f"--db-filter=^{db}$",
        "--no-database-list",
    ]
    if own_db:
        subprocess.run(
            [*base, "-i", _modules(), "--stop-after-init", "--no-http"],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    with open(log_path, "w", encoding="utf-8") as log:
        server = subprocess.Popen(
            [*base, "--http-interface=127.0.0.1", f"--http-port={port}", "--max-cron-threads=0"],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 180
        while True:
            try:
                xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common").version()
                break
            except OSError:
                if server.poll() is not None or time.time() > deadline:
                    raise RuntimeError(f"the Odoo server did not start; see {log_path}") from None
                time.sleep(0.5)
        yield OdooServer(url, db)
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
        if own_db:
            subprocess.run(["dropdb", "--if-exists", "--force", db], check=False)
