import math

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError

from odoo.addons.crm_manufacturing.models.res_company import COMPANY_FORM

CREDIT_MANAGER = "crm_manufacturing_credit.group_credit_manager"

PROVISION_FIELDS = (
    "credit_provision_current",
    "credit_provision_1_30",
    "credit_provision_31_60",
    "credit_provision_61_90",
    "credit_provision_over_90",
)

# the weights of the four parts of the credit score (points taken off 100 by a full part)
SCORE_WEIGHT_FIELDS = (
    "credit_score_weight_utilization",
    "credit_score_weight_overdue_share",
    "credit_score_weight_overdue_days",
    "credit_score_weight_payment",
)
# what a credit manager changes on the Credit Policy page (crm_manufacturing_credit_stock
# adds the blocking of deliveries)
CREDIT_POLICY_FIELDS = {"credit_overdue_hold_days", *PROVISION_FIELDS, *SCORE_WEIGHT_FIELDS}

# ten years: beyond, a hold would never be set
MAX_HOLD_DAYS = 3650


class ResCompany(models.Model):
    _inherit = "res.company"

    credit_overdue_hold_days = fields.Integer(
        string="Hold after Overdue Days",
        default=90,
        help="The daily credit check puts a customer on hold when an invoice is overdue by more "
        "than this number of days, and lifts the holds it set once nothing is.",
    )
    credit_provision_current = fields.Float(string="Provision: Not Due (%)", default=0.0)
    credit_provision_1_30 = fields.Float(string="Provision: 1-30 Days (%)", default=1.0)
    credit_provision_31_60 = fields.Float(string="Provision: 31-60 Days (%)", default=5.0)
    credit_provision_61_90 = fields.Float(string="Provision: 61-90 Days (%)", default=20.0)
    credit_provision_over_90 = fields.Float(string="Provision: Over 90 Days (%)", default=50.0)

    credit_score_weight_utilization = fields.Integer(
        string="Score Weight: Utilization",
        default=35,
        help="Points taken off the score of 100 when the customer uses its whole credit limit.",
    )
    credit_score_weight_overdue_share = fields.Integer(
        string="Score Weight: Overdue Share",
        default=35,
        help="Points taken off the score when all of the customer's open receivables are overdue.",
    )
    credit_score_weight_overdue_days = fields.Integer(
        string="Score Weight: Overdue Days",
        default=30,
        help="Points taken off the score when an invoice is overdue by 180 days or more.",
    )
    credit_score_weight_payment = fields.Integer(
        string="Score Weight: Payment Behaviour",
        default=20,
        help="Points taken off the score when the customer paid its invoices of the last year "
        "90 days or more after their due date (its payment term) on average; nothing for a "
        "customer who pays on time.",
    )

    @api.model
    def _get_credit_policy_fields(self):
        """The fields of the Credit Policy page: what credit managers change on a company."""
        return set(CREDIT_POLICY_FIELDS)

    @api.model
    def _get_manager_settings_fields(self):
        # credit managers write the credit policy on the company's own form (Credit Policy)
        grants = super()._get_manager_settings_fields()
        policy = self._get_credit_policy_fields()
        grants.setdefault(COMPANY_FORM, {}).setdefault(CREDIT_MANAGER, set()).update(policy)
        return grants

    @api.constrains(*SCORE_WEIGHT_FIELDS)
    def _check_credit_score_weights(self):
        for company in self:
            for name in SCORE_WEIGHT_FIELDS:
                if not 0 <= company[name] <= 100:
                    raise ValidationError(
                        _(
                            "The weights of the credit score are between 0 and 100, not %(weight)s.",
                            weight=company[name],
                        )
                    )
            if not any(company[name] for name in SCORE_WEIGHT_FIELDS):
                raise ValidationError(_("At least one weight of the credit score must be above 0."))

    @api.constrains("credit_overdue_hold_days", *PROVISION_FIELDS)
    def _check_credit_settings(self):
        for company in self:
            if not 1 <= company.credit_overdue_hold_days <= MAX_HOLD_DAYS:
                raise ValidationError(
                    _(
                        "The overdue days before a credit hold must be between 1 and %(max)s, not %(days)s.",
                        max=MAX_HOLD_DAYS,
                        days=company.credit_overdue_hold_days,
                    )
                )
            for name in PROVISION_FIELDS:
                # NaN and infinities fail the comparison too
                if not (math.isfinite(company[name]) and 0 <= company[name] <= 100):
                    raise ValidationError(
                        _(
                            "Bad-debt provision rates are percentages between 0 and 100, not %(rate)s.",
                            rate=company[name],
                        )
                    )

    def action_open_credit_policy(self):
        """Accounting › Configuration › Credit Policy: the credit fields of the current
        company, for credit managers (the full settings stay the administrators')."""
        company = self.env.company
        if not (self.env.su or self.env.user.has_group(CREDIT_MANAGER)):
            raise AccessError(_("Only credit managers change the credit policy."))
        return {
            "type": "ir.actions.act_window",
            "name": _("Credit Policy"),
            "res_model": "res.company",
            "res_id": company.id,
            "view_mode": "form",
            "views": [
                (
                    self.env.ref("crm_manufacturing_credit.res_company_view_form_credit_policy").id,
                    "form",
                )
            ],
            "target": "current",
            "context": {"form_view_initial_mode": "edit"},
        }
