"""Demo data of the core module, called from the demo XML files only (like Odoo's
account/demo/account_demo.py): the production models carry no demo code."""

import logging
from datetime import timedelta

from odoo import Command, api, fields, models

from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG

_logger = logging.getLogger(__name__)


class ResCompany(models.Model):  # pylint: disable=consider-merging-classes-inherited
    _inherit = "res.company"

    def _demo_setup_machine_maker(self):
        """Demo: the company becomes a Chinese machine maker in Jiangsu that books and sells
        in CNY (its default pricelist follows), with the 13 % VAT (prices include it, as
        Chinese price lists do) as its default sales and purchase tax.

        A company's currency can change only before its first journal item, and Odoo's own
        accounting demo has posted some by now. When the company's accounting is demo data
        only (``account`` installed with its demo, the case where Odoo itself deletes the
        entries of a company to load another chart of accounts, see
        ``account.chart.template._load``), those entries are removed, the currency and the
        taxes are switched, and Odoo's accounting demo is loaded again, in CNY. Otherwise the
        currency and the taxes are left alone."""
        cn = self.env.ref("base.cn")
        for company in self:
            company.write(
                {
                    "street": "武进高新区常武南路 88 号",
                    "city": "常州市",
                    "zip": "213164",
                    "country_id": cn.id,
                    "state_id": self.env.ref("base.state_cn_JS").id,
                    "phone": "+86 519 8888 6666",
                    "email": "info@hengli-machinery.example.com",
                    "website": "https://www.hengli-machinery.example.com",
                }
            )
            cny = self.env.ref("base.CNY")
            if company.currency_id == cny:
                continue
            accounting_is_demo = self.env.ref("base.module_account").demo
            if company.root_id._existing_accounting() and not accounting_is_demo:
                _logger.info("Demo: %s keeps its currency: it has journal items.", company.name)
                continue
            company._demo_remove_accounting()
            cny.active = True
            old_currency = company.currency_id
            company.write({"currency_id": cny.id, "account_fiscal_country_id": cn.id})
            # the company's default pricelist sells in CNY too (orders take its currency)
            self.env["product.pricelist"].with_context(active_test=False).search(
                [("company_id", "=", company.id), ("currency_id", "=", old_currency.id)]
            ).write({"currency_id": cny.id})
            company._demo_set_vat_13()
            if accounting_is_demo and company.chart_template:
                self.env["account.chart.template"]._install_demo(company)

    def _demo_remove_accounting(self):
        """Demo: delete the journal entries of the company (all demo data), as
        ``account.chart.template._load`` does in a demo database."""
        self.ensure_one()
        domain = [("company_id", "child_of", self.id)]
        env = self.sudo().with_context(active_test=False, **{MODULE_UNINSTALL_FLAG: True}).env
        moves = env["account.move"].search(domain)
        moves.line_ids.remove_move_reconcile()
        payments = env["account.payment"].search(domain)
        payments.action_draft()
        payments.unlink()
        env["account.bank.statement.line"].search(domain).unlink()
        env["account.bank.statement"].search(domain).unlink()
        moves.exists().unlink()

    def _demo_set_vat_13(self):
        """Demo: the 13 % VAT of China as the default sales tax (price included, as Chinese
        price lists quote) and purchase tax, named like Odoo's l10n_cn; the existing taxes (of the generic chart) move to the fiscal country, and the
        products that carried the old default taxes get the new ones."""
        self.ensure_one()
        country = self.account_fiscal_country_id
        domain = [("company_id", "=", self.id)]
        self.env["account.tax.group"].with_context(active_test=False).search(domain).write(
            {"country_id": country.id}
        )
        self.env["account.tax"].with_context(active_test=False).search(domain).write(
            {"country_id": country.id}
        )
        group = self.env["account.tax.group"].create(
            {"name": "13%", "company_id": self.id, "country_id": country.id}
        )
        sale_tax, purchase_tax = self.env["account.tax"].create(
            [
                {
                    "name": "13%",
                    "description": "VAT 13%",
                    "invoice_label": "13%",
                    "amount": 13,
                    "type_tax_use": "sale",
                    "price_include_override": "tax_included",
                    "tax_group_id": group.id,
                    "company_id": self.id,
                    "country_id": country.id,
                },
                {
                    "name": "13%",
                    "description": "VAT 13%",
                    "invoice_label": "13%",
                    "amount": 13,
                    "type_tax_use": "purchase",
                    "tax_group_id": group.id,
                    "company_id": self.id,
                    "country_id": country.id,
                },
            ]
        )
        old_sale, old_purchase = self.account_sale_tax_id, self.account_purchase_tax_id
        self.write({"account_sale_tax_id": sale_tax.id, "account_purchase_tax_id": purchase_tax.id})
        templates = self.env["product.template"].with_context(active_test=False)
        if old_sale:
            templates.search([("taxes_id", "in", old_sale.ids)]).write(
                {"taxes_id": [Command.unlink(old_sale.id), Command.link(sale_tax.id)]}
            )
        if old_purchase:
            templates.search([("supplier_taxes_id", "in", old_purchase.ids)]).write(
                {
                    "supplier_taxes_id": [
                        Command.unlink(old_purchase.id),
                        Command.link(purchase_tax.id),
                    ]
                }
            )


class CrmLeadStageHistory(models.Model):  # pylint: disable=consider-merging-classes-inherited
    _inherit = "crm.lead.stage.history"

    @api.model
    def _demo_generate_history(self):
        """Demo data: replace the history of the demo opportunities by a path through
        the stages over the past months (deterministic), so that the funnel and the
        pivot views show something real."""
        leads = (
            self.env["crm.lead"]
            .with_context(active_test=False)
            .search([("type", "=", "opportunity"), ("stage_id", "!=", False)], order="id")
        )
        stages = self.env["crm.stage"].search([("team_id", "=", False)])
        if not leads or len(stages) < 2:
            return
        History = self.sudo()
        History.search([("lead_id", "in", leads.ids)]).unlink()
        now = fields.Datetime.now()
        vals_list = []
        for index, lead in enumerate(leads):
            target = stages.ids.index(lead.stage_id.id) if lead.stage_id.id in stages.ids else 0
            start = now - timedelta(days=200 - (index * 7) % 150)
            date_in = start
            previous = False
            path = stages[: target + 1]
            for position, stage in enumerate(path):
                last = position == len(path) - 1
                date_out = (
                    False
                    if last
                    else date_in + timedelta(days=10 + (index * 5 + position * 3) % 25)
                )
                exit_type = False
                if not last:
                    exit_type = "won" if path[position + 1].is_won else "forward"
                elif not lead.active:
                    date_out, exit_type = min(now, date_in + timedelta(days=12)), "lost"
                vals_list.append(
                    {
                        "lead_id": lead.id,
                        "stage_id": stage.id,
                        "previous_stage_id": previous,
                        "date_in": date_in,
                        "date_out": date_out,
                        "exit_type": exit_type,
                        "user_id": lead.user_id.id or self.env.uid,
                        "salesperson_id": lead.user_id.id,
                        "team_id": lead.team_id.id,
                        "company_id": lead.company_id.id,
                        "expected_revenue": lead.expected_revenue,
                    }
                )
                previous = stage.id
                if date_out:
                    date_in = date_out
        History.create(vals_list)
