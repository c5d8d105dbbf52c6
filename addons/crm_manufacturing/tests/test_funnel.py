import base64
import io
from datetime import date

import openpyxl
from freezegun import freeze_time
from lxml import etree

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import StageCommon


@tagged("post_install", "-at_install")
class TestFunnel(StageCommon):
    """A hand-built scenario over January 2026 (period 2026-01-10 .. 2026-01-20)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()

        def at(when, func):
            with freeze_time(when):
                return func()

        lead = cls._lead
        # A: created before the period, moves forward inside it, stays
        cls.lead_a = at("2026-01-01 08:00", lambda: lead("A"))
        at("2026-01-12 08:00", lambda: cls.lead_a.write({"stage_id": cls.stage_qualified.id}))
        # B: created inside, moves forward twice, then won inside
        cls.lead_b = at("2026-01-11 08:00", lambda: lead("B"))
        at("2026-01-13 08:00", lambda: cls.lead_b.write({"stage_id": cls.stage_qualified.id}))
        at("2026-01-14 08:00", lambda: cls.lead_b.write({"stage_id": cls.stage_proposal.id}))
        at("2026-01-15 08:00", lambda: cls.lead_b.action_set_won())
        # C: created before, lost inside
        cls.lead_c = at("2026-01-02 08:00", lambda: lead("C"))
        at("2026-01-16 08:00", lambda: cls.lead_c.action_set_lost())
        # D: created before, backward move inside (proposal -> qualified)
        cls.lead_d = at("2026-01-03 08:00", lambda: lead("D", cls.stage_proposal))
        at("2026-01-17 08:00", lambda: cls.lead_d.write({"stage_id": cls.stage_qualified.id}))
        # E: created after the period; F: lost before the period
        cls.lead_e = at("2026-01-25 08:00", lambda: lead("E"))
        cls.lead_f = at("2026-01-04 08:00", lambda: lead("F"))
        at("2026-01-05 08:00", lambda: cls.lead_f.action_set_lost())
        # G: another rep's, created inside
        cls.lead_g = at("2026-01-18 08:00", lambda: lead("G", user=cls.other_salesman))

    def _table(self, funnel):
        return {
            row["stage_name"]: tuple(
                row[k]
                for k in (
                    "opening",
                    "inflow",
                    "outflow",
                    "won",
                    "lost",
                    "remaining",
                    "success_rate",
                    "conversion_rate",
                )
            )
            for row in funnel
            if row["stage_id"] in self.stages.ids
        }

    def test_funnel_on_a_hand_built_scenario(self):
        funnel = self.env["crm.lead.stage.history"].get_funnel(
            "2026-01-10", "2026-01-20", [("team_id", "=", self.team.id)]
        )
        #                opening inflow outflow won lost remaining success conversion
        expected = {
            "T New": (2, 2, 2, 0, 1, 1, 0.0, 50.0),  # A, C open; B, G in; A, B out; C lost; G stays
            "T Qualified": (0, 3, 1, 0, 0, 2, 0.0, 33.3),  # A, B, D in; B forward out; A, D stay
            "T Proposal": (1, 1, 1, 1, 0, 0, 50.0, 50.0),  # D open, B in; D back out; B won
            "T Won": (0, 1, 0, 0, 0, 1, 0.0, 0.0),  # B
        }
        self.assertEqual(self._table(funnel), expected)
        for row in funnel:
            self.assertEqual(
                row["opening"] + row["inflow"],
                row["outflow"] + row["won"] + row["lost"] + row["remaining"],
            )
        # stage order
        names = [row["stage_name"] for row in funnel if row["stage_id"] in self.stages.ids]
        self.assertEqual(names, ["T New", "T Qualified", "T Proposal", "T Won"])

    def test_salesperson_funnel_counts_only_readable_leads(self):
        funnel = (
            self.env["crm.lead.stage.history"]
            .with_user(self.salesman)
            .get_funnel("2026-01-10", "2026-01-20", [("team_id", "=", self.team.id)])
        )
        self.assertEqual(self._table(funnel)["T New"], (2, 1, 2, 0, 1, 0, 0.0, 66.7))

    def test_funnel_query_count_does_not_grow(self):
        History = self.env["crm.lead.stage.history"]
        History.get_funnel("2026-01-01", "2026-01-31")
        with self.assertQueryCount(3):
            History.get_funnel("2026-01-01", "2026-01-31")
        for index in range(30):
            self._lead(f"more {index}")
        History.get_funnel("2026-01-01", "2026-12-31")
        with self.assertQueryCount(3):
            History.get_funnel("2026-01-01", "2026-12-31")

    def test_bad_period_refused(self):
        with self.assertRaises(UserError):
            self.env["crm.lead.stage.history"].get_funnel("2026-02-01", "2026-01-01")

    def test_wizard_shows_and_exports(self):
        wizard = (
            self.env["crm.funnel.wizard"]
            .with_user(self.manager)
            .create({"date_from": "2026-01-10", "date_to": "2026-01-20", "team_id": self.team.id})
        )
        wizard.action_compute()
        line = wizard.line_ids.filtered(lambda line: line.stage_id == self.stage_proposal)
        # rates as fractions: the list shows them with the percentage widget (50%)
        self.assertEqual((line.opening, line.inflow, line.won, line.success_rate), (1, 1, 1, 0.5))
        action = wizard.action_export_xlsx()
        self.assertEqual(action["type"], "ir.actions.act_url")
        export = self.env["crm.manufacturing.xlsx.file"].browse(
            int(action["url"].split("&id=")[1].split("&")[0])
        )
        self.assertEqual(export.name, "funnel_2026-01-10_2026-01-20.xlsx")
        sheet = openpyxl.load_workbook(io.BytesIO(base64.b64decode(export.data))).active
        self.assertEqual(sheet["A1"].value, "Project Funnel 2026-01-10 - 2026-01-20")
        rows = {row[0].value: row for row in sheet.iter_rows(min_row=4)}
        self.assertEqual(rows["T Proposal"][7].value, 0.5)
        self.assertEqual(rows["T Proposal"][7].number_format, "0.0%")

    def test_wizard_result_has_a_title_and_no_new_button(self):
        wizard = (
            self.env["crm.funnel.wizard"]
            .with_user(self.salesman)
            .create({"date_from": "2026-01-10", "date_to": "2026-01-20"})
        )
        action = wizard.action_compute()
        # the breadcrumb shows the record's name, not "crm.funnel.wizard,1"
        self.assertEqual(wizard.display_name, "Project Funnel 2026-01-10 - 2026-01-20")
        self.assertEqual(action["name"], wizard.display_name)
        wizard.lead_type = "lead"
        self.assertEqual(wizard.display_name, "Lead Funnel 2026-01-10 - 2026-01-20")
        arch = etree.fromstring(wizard.get_views([(False, "form")])["views"]["form"]["arch"])
        self.assertEqual(arch.get("create"), "0")
        self.assertEqual(
            {node.get("widget") for node in arch.xpath("//field[@name='line_ids']//field")}
            - {None},
            {"percentage"},
        )
        # the result page shows the export in its header (a dialog's footer is not shown there)
        self.assertTrue(arch.xpath("//header/button[@name='action_export_xlsx']"))

    def test_wizard_counts_opportunities_unless_leads_are_asked_for(self):
        with freeze_time("2026-01-12 09:00"):
            lead = self._lead("Unqualified", type="lead")
        with freeze_time("2026-01-13 09:00"):
            lead.write({"stage_id": self.stage_qualified.id})
        with Form(self.env["crm.funnel.wizard"].with_user(self.manager)) as form:
            self.assertEqual(form.lead_type, "opportunity")
            form.date_from = date(2026, 1, 10)
            form.date_to = date(2026, 1, 20)
            form.team_id = self.team
        wizard = form.save()
        wizard.action_compute()

        def counts():
            return {
                line.stage_id: (line.inflow, line.remaining)
                for line in wizard.line_ids
                if line.stage_id in self.stages
            }

        # the opportunities only: as in the hand-built scenario
        self.assertEqual(counts()[self.stage_new], (2, 1))
        self.assertEqual(counts()[self.stage_qualified], (3, 2))
        wizard.lead_type = "lead"
        wizard.action_compute()
        self.assertEqual(counts()[self.stage_new], (1, 0))
        self.assertEqual(counts()[self.stage_qualified], (1, 1))
        self.assertEqual(counts()[self.stage_proposal], (0, 0))

    def test_export_for_rpc_and_bad_filters(self):
        Wizard = self.env["crm.funnel.wizard"].with_user(self.manager)
        with freeze_time("2026-01-31"):
            result = Wizard.export_xlsx([("team_id", "=", self.team.id)])
        sheet = openpyxl.load_workbook(io.BytesIO(base64.b64decode(result["data"]))).active
        # the wizard's defaults: the year so far
        self.assertEqual(sheet["A1"].value, "Project Funnel 2026-01-01 - 2026-01-31")
        rows = {row[0].value: row for row in sheet.iter_rows(min_row=4)}
        self.assertEqual(rows["T Won"][1].value + rows["T Won"][2].value, 1)  # B
        self.assertFalse(self.env["crm.funnel.wizard"].search([]))  # nothing written
        with self.assertRaises(UserError):
            Wizard.export_xlsx([("no_such_field", "=", 1)])
        with self.assertRaises(UserError):
            Wizard.export_xlsx("team_id = 1")

    def test_forecast_export_rows(self):
        self.company.crm_probability_mode = "stage"
        self.lead_a.write({"date_deadline": "2026-02-10", "stage_id": self.stage_proposal.id})
        self.lead_g.write({"date_deadline": "2026-02-20"})
        wizard = (
            self.env["crm.forecast.export.wizard"]
            .with_user(self.salesman)
            .create({"date_from": "2026-02-01", "date_to": "2026-02-28", "team_id": self.team.id})
        )
        # the rep sees only their own opportunity
        self.assertEqual(
            wizard._get_forecast_rows(), [("2026-02", "Rep One", 1, 100000.0, 60000.0)]
        )
        self.assertEqual(wizard.action_export_xlsx()["type"], "ir.actions.act_url")

    def test_forecast_export_for_rpc(self):
        self.lead_a.write({"date_deadline": "2026-02-10"})
        with freeze_time("2026-02-01"):
            result = (
                self.env["crm.forecast.export.wizard"]
                .with_user(self.salesman)
                .export_xlsx([("id", "=", self.lead_a.id)])
            )
        # the wizard's default period: this month and the five next
        self.assertEqual(result["filename"], "forecast_2026-02-01_2026-07-31.xlsx")
        sheet = openpyxl.load_workbook(io.BytesIO(base64.b64decode(result["data"]))).active
        self.assertEqual([cell.value for cell in sheet[4]][:3], ["2026-02", "Rep One", 1])
        self.assertEqual(sheet["A5"].value, "Total")
        with self.assertRaises(UserError):
            self.env["crm.forecast.export.wizard"].export_xlsx([("x", "=", 1)])
