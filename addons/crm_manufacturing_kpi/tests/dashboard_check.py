"""Checks of a shipped dashboard's JSON, shared with the glue modules that ship dashboards."""

import json

from odoo.tests import new_test_user
from odoo.tools import file_open


class DashboardCheckMixin:
    """For a TransactionCase: every model, field, domain, filter matching and menu a dashboard
    JSON names exists, and every pivot and chart reads its figures grouped."""

    def _check_chain(self, model_name, chain):
        """Every field of a dotted chain exists (``date_deadline:month``: the field;
        ``__count``: the record count every model has)."""
        if chain == "__count":
            return
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

    def _load_dashboard(self, path):
        with file_open(path) as file:
            return json.load(file)

    def _charts(self, data):
        for sheet in data["sheets"]:
            for figure in sheet["figures"]:
                if figure["data"]["type"].startswith("odoo_"):
                    yield figure

    def _check_dashboard_names(self, path):
        """Every model and field the dashboard names exists; returns how many were checked."""
        data = self._load_dashboard(path)
        checked = 0
        filters = {f["id"] for f in data.get("globalFilters", [])}
        for pivot in data.get("pivots", {}).values():
            self.assertIn(pivot["model"], self.env)
            for item in pivot["measures"] + pivot["rows"] + pivot["columns"]:
                self._check_chain(pivot["model"], item["fieldName"])
                checked += 1
            self._check_domain(pivot["model"], pivot["domain"])
            for filter_id, matching in pivot["fieldMatching"].items():
                self.assertIn(filter_id, filters)
                self._check_chain(pivot["model"], matching["chain"])
        for figure in self._charts(data):
            chart = figure["data"]
            model = chart["metaData"]["resModel"]
            self.assertIn(model, self.env)
            for name in chart["metaData"]["groupBy"] + [chart["metaData"]["measure"]]:
                self._check_chain(model, name)
                checked += 1
            self._check_domain(model, chart["searchParams"]["domain"])
            for filter_id, matching in chart.get("fieldMatching", {}).items():
                self.assertIn(filter_id, filters)
                self._check_chain(model, matching["chain"])
        for list_ in data.get("lists", {}).values():
            for name in list_["columns"]:
                self._check_chain(list_["model"], name)
                checked += 1
        for xmlid in data.get("chartOdooMenusReferences", {}).values():
            self.assertTrue(self.env.ref(xmlid, raise_if_not_found=False), xmlid)
        return checked

    def _check_dashboard_reads(self, path):
        """The dashboard's pivots and charts read grouped figures: each one works."""
        data = self._load_dashboard(path)
        for pivot in data.get("pivots", {}).values():
            model = self.env[pivot["model"]]
            measures = [
                "__count"
                if m["fieldName"] == "__count"
                else f"{m['fieldName']}:{model._fields[m['fieldName']].aggregator or 'sum'}"
                for m in pivot["measures"]
            ]
            model.read_group(pivot["domain"], measures, [r["fieldName"] for r in pivot["rows"]])
        for figure in self._charts(data):
            meta = figure["data"]["metaData"]
            model = self.env[meta["resModel"]]
            if meta["measure"] == "__count":
                measure = "__count"
            else:
                measure = f"{meta['measure']}:{model._fields[meta['measure']].aggregator or 'sum'}"
            model.read_group(figure["data"]["searchParams"]["domain"], [measure], meta["groupBy"])


class GlueDashboardTests(DashboardCheckMixin):
    """The tests every dashboard shipped by a glue addon passes; the test class sets
    ``DASHBOARD`` (the JSON file), ``XMLID`` (its spreadsheet.dashboard) and ``LOGIN``."""

    DASHBOARD = XMLID = LOGIN = None
    MIN_NAMES = 4

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_test_user(
            cls.env, login=cls.LOGIN, groups="sales_team.group_sale_salesman"
        )

    def test_every_model_and_field_of_the_dashboard_exists(self):
        self.assertGreaterEqual(self._check_dashboard_names(self.DASHBOARD), self.MIN_NAMES)

    def test_every_measure_can_be_read_grouped_by_a_salesperson(self):
        self._check_dashboard_reads(self.DASHBOARD)
        self.env = self.env(user=self.salesman)
        self._check_dashboard_reads(self.DASHBOARD)

    def test_dashboard_is_published_next_to_the_manufacturing_crm_one(self):
        dashboard = self.env.ref(self.XMLID)
        main = self.env.ref("crm_manufacturing_kpi.spreadsheet_dashboard_manufacturing_crm")
        self.assertTrue(dashboard.is_published)
        self.assertEqual(dashboard.dashboard_group_id, main.dashboard_group_id)
        self.assertIn(
            dashboard, self.env["spreadsheet.dashboard"].with_user(self.salesman).search([])
        )
        data = dashboard.with_user(self.salesman).get_readonly_dashboard()
        self.assertIn("snapshot", data)
