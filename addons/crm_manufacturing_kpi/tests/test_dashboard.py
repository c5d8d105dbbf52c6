import json

from odoo.tests import TransactionCase, tagged
from odoo.tools import file_open

DASHBOARD = "crm_manufacturing_kpi/data/files/manufacturing_crm_dashboard.json"


@tagged("post_install", "-at_install")
class TestDashboard(TransactionCase):
    def _check_chain(self, model_name, chain):
        """Every field of a dotted chain exists (``date_deadline:month``: the field)."""
        model = self.env[model_name]
        for name in chain.split(":")[0].split("."):
            self.assertIn(name, model._fields, f"{model._name} has no field {name!r}")
            field = model._fields[name]
            if field.relational:
                model = self.env[field.comodel_name]

    def _check_domain(self, model_name, domain):
        for leaf in domain:
            if isinstance(leaf, (list, tuple)):
                self._check_chain(model_name, leaf[0])

    def test_every_model_and_field_of_the_dashboard_exists(self):
        with file_open(DASHBOARD) as file:
            data = json.load(file)
        checked = 0
        for pivot in data["pivots"].values():
            self.assertIn(pivot["model"], self.env)
            for item in pivot["measures"] + pivot["rows"] + pivot["columns"]:
                self._check_chain(pivot["model"], item["fieldName"])
                checked += 1
            self._check_domain(pivot["model"], pivot["domain"])
            for matching in pivot["fieldMatching"].values():
                self._check_chain(pivot["model"], matching["chain"])
        for sheet in data["sheets"]:
            for figure in sheet["figures"]:
                chart = figure["data"]
                if not chart["type"].startswith("odoo_"):
                    continue
                model = chart["metaData"]["resModel"]
                self.assertIn(model, self.env)
                for name in chart["metaData"]["groupBy"] + [chart["metaData"]["measure"]]:
                    self._check_chain(model, name)
                    checked += 1
                self._check_domain(model, chart["searchParams"]["domain"])
                for matching in chart.get("fieldMatching", {}).values():
                    self._check_chain(model, matching["chain"])
        for list_ in data.get("lists", {}).values():
            for name in list_["columns"]:
                self._check_chain(list_["model"], name)
        for xmlid in data.get("chartOdooMenusReferences", {}).values():
            self.assertTrue(self.env.ref(xmlid, raise_if_not_found=False), xmlid)
        self.assertGreaterEqual(checked, 10)

    def test_dashboard_is_published_in_the_sales_section(self):
        dashboard = self.env.ref("crm_manufacturing_kpi.spreadsheet_dashboard_manufacturing_crm")
        self.assertTrue(dashboard.is_published)
        self.assertEqual(
            dashboard.dashboard_group_id,
            self.env.ref("spreadsheet_dashboard.spreadsheet_dashboard_group_sales"),
        )
        data = dashboard.get_readonly_dashboard()
        self.assertEqual(data["snapshot"]["pivots"]["1"]["model"], "crm.sales.kpi.report")

    def test_every_measure_can_be_read_grouped(self):
        """The dashboard's pivots and charts read grouped figures: each one works."""
        with file_open(DASHBOARD) as file:
            data = json.load(file)
        for pivot in data["pivots"].values():
            model = self.env[pivot["model"]]
            measures = [
                f"{m['fieldName']}:{model._fields[m['fieldName']].aggregator or 'sum'}"
                for m in pivot["measures"]
            ]
            model.read_group(pivot["domain"], measures, [r["fieldName"] for r in pivot["rows"]])
        for figure in data["sheets"][0]["figures"]:
            meta = figure["data"]["metaData"]
            model = self.env[meta["resModel"]]
            field = model._fields[meta["measure"]]
            model.read_group(
                figure["data"]["searchParams"]["domain"],
                [f"{meta['measure']}:{field.aggregator or 'sum'}"],
                meta["groupBy"],
            )
