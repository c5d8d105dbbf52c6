"""Installed beside OCA's account_financial_risk (item 7 of issue 11).

Both extend res.partner's credit: ours must not take over one of its methods (we once
overrode its ``_compute_credit_currency`` without super(), so its ``risk_currency_id`` was
never assigned and every confirmation failed). The test downloads OCA's 18.0 wheel, installs
both modules in a scratch database and confirms orders there; it skips, saying why, when the
wheel cannot be downloaded (no network, no index).
"""

import json
import os
import subprocess
import sys
import tempfile
import uuid
import zipfile

import odoo
from odoo.tests import TransactionCase, tagged
from odoo.tools import config

SCRIPT = """
import json
from odoo import Command
from odoo.exceptions import UserError
Partner = env["res.partner"]
customer = Partner.create({"name": "OCA Risk Foundry", "is_company": True, "credit_limit": 1000})
product = env["product.product"].create(
    {"name": "Risk Press", "type": "service", "invoice_policy": "order", "taxes_id": [Command.clear()]}
)
def order(qty):
    return env["sale.order"].create({"partner_id": customer.id, "order_line": [
        Command.create({"product_id": product.id, "product_uom_qty": qty, "price_unit": 100})]})
small = order(6)
small.action_confirm()
customer.invalidate_recordset()
result = {
    "risk_currency": bool(customer.risk_currency_id),
    "credit_currency": bool(customer.credit_currency_id),
    "exposure": customer.credit_exposure,
    "state": small.state,
}
try:
    order(6).action_confirm()
    result["refused"] = False
except UserError:
    result["refused"] = True
print("RESULT " + json.dumps(result))
"""


@tagged("post_install", "-at_install")
class TestOcaCoexistence(TransactionCase):
    def _odoo_command(self, database, addons_path, *args):
        odoo_bin = os.path.join(os.path.dirname(os.path.dirname(odoo.__file__)), "odoo-bin")
        # the sub-command (shell) comes first, then the options
        command, options = list(args[:1]) if args[:1] == ("shell",) else [], list(args)
        if command:
            options = options[1:]
        options += [f"--addons-path={addons_path}", "-d", database]
        for option in ("db_host", "db_port", "db_user", "db_password"):
            if config.get(option):
                options.append(f"--{option.replace('_', '-')}={config[option]}")
        return [sys.executable, odoo_bin, *command, *options]

    def test_installs_and_confirms_beside_oca_account_financial_risk(self):
        with tempfile.TemporaryDirectory() as tmp:
            try:
                subprocess.run(
                    [
                        sys.executable,
                        "-m",
                        "pip",
                        "download",
                        "--no-deps",
                        "--quiet",
                        "--dest",
                        tmp,
                        "odoo-addon-account_financial_risk==18.0.*",
                    ],
                    check=True,
                    capture_output=True,
                    timeout=180,
                )
                wheel = next(name for name in os.listdir(tmp) if name.endswith(".whl"))
            except (subprocess.SubprocessError, OSError, StopIteration) as error:
                self.skipTest(
                    "OCA's account_financial_risk 18.0 wheel could not be downloaded "
                    f"({error}): coexistence not checked"
                )
            with zipfile.ZipFile(os.path.join(tmp, wheel)) as archive:
                archive.extractall(os.path.join(tmp, "wheel"))
            addons_path = ",".join(
                [config["addons_path"], os.path.join(tmp, "wheel", "odoo", "addons")]
            )
            database = f"{self.env.cr.dbname}_oca_{uuid.uuid4().hex[:6]}"
            try:
                install = subprocess.run(
                    self._odoo_command(
                        database,
                        addons_path,
                        "-i",
                        "crm_manufacturing_credit,account_financial_risk",
                        "--without-demo=all",
                        "--stop-after-init",
                        "--no-http",
                        f"--data-dir={tmp}/data",
                    ),
                    capture_output=True,
                    text=True,
                    timeout=1500,
                    check=False,
                )
                self.assertEqual(install.returncode, 0, install.stderr[-3000:])
                self.assertNotIn(" ERROR ", install.stderr, install.stderr[-3000:])
                shell = subprocess.run(
                    self._odoo_command(
                        database, addons_path, "shell", "--no-http", f"--data-dir={tmp}/data"
                    ),
                    input=SCRIPT,
                    capture_output=True,
                    text=True,
                    timeout=600,
                    check=False,
                )
                lines = [line for line in shell.stdout.splitlines() if line.startswith("RESULT ")]
                self.assertTrue(lines, shell.stderr[-3000:])
                result = json.loads(lines[-1][len("RESULT ") :])
                self.assertEqual(
                    result,
                    {
                        "risk_currency": True,
                        "credit_currency": True,
                        "exposure": 600.0,
                        "state": "sale",
                        "refused": True,
                    },
                )
            finally:
                subprocess.run(
                    ["dropdb", "--if-exists", "--force", database],
                    capture_output=True,
                    check=False,
                )
