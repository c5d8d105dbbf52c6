import math

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..tools import check_number, server_mark, server_marked

# the settings page that is the company's own form (the credit policy is one)
COMPANY_FORM = "res.company"
# the context key through which a settings form (a transient such as service.settings) says
# it writes: a server mark holding the form's model name, which an RPC caller cannot send
SETTINGS_FORM_KEY = "crm_manufacturing_settings_form"


class ResCompany(models.Model):
    _inherit = "res.company"

    crm_probability_mode = fields.Selection(
        [
            ("predictive", "Predictive scoring"),
            ("stage", "Stage probability"),
            ("stage_committee", "Stage probability weighted by the buying committee"),
        ],
        string="Opportunity Probability",
        default="predictive",
        required=True,
        help="Predictive scoring: Odoo computes the probability from past won and lost "
        "opportunities. Stage probability: the probability of an opportunity is the win "
        "probability of its stage, set whenever the stage changes. Weighted by the buying "
        "committee: the stage probability × (floor + (1 − floor) × decision tree coverage).",
    )
    crm_committee_floor = fields.Float(
        string="Committee Floor",
        default=0.5,
        digits=(3, 2),
        help="Share of the stage probability kept when nobody of the buying committee is "
        "known (0 to 1). With 0.5, a lead with no committee gets half its stage's "
        "probability, one with the whole committee (coverage 100 %) all of it.",
    )
    crm_plan_stages_on_create = fields.Boolean(
        string="Plan Stages on Creation",
        help="Create the stage plan of every new opportunity from the expected days of the stages.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_committee_floor_value(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_manager_settings_write(vals)
        self._check_committee_floor_value(vals)
        company = self
        if self.env.context.get(SETTINGS_FORM_KEY):
            # the form is checked: it grants nothing to what this write does next
            company = self.with_context(**{SETTINGS_FORM_KEY: False})
        return super(ResCompany, company).write(vals)

    @api.model
    def _get_manager_settings_fields(self):
        """What the managers of an app change of their company without being administrators:
        ``{settings form: {group xml id: set of field names}}``. The form ``"res.company"``
        (COMPANY_FORM) is the company's own form, written directly (the Credit Policy page); any
        other is the model of a settings form that writes through ``_write_manager_settings``,
        the only way its fields are written (After-Sales Service › Settings). Each addon adds
        its group's fields; the rest of a company stays the administrators'."""
        return {}

    @api.model
    def _get_user_settings_fields(self, form=COMPANY_FORM):
        """The fields of a company the current user may change through ``form``."""
        grants = self._get_manager_settings_fields().get(form, {})
        user = self.env.user
        return {name for group, names in grants.items() if user.has_group(group) for name in names}

    def _is_settings_administrator(self):
        return self.env.su or self.env.user.has_group("base.group_erp_manager")

    def _check_manager_settings_write(self, vals):
        """Refuse a user who is not an administrator the fields no group of his is granted,
        and the companies he does not work in."""
        if self._is_settings_administrator():
            return
        form = server_mark(self.env, SETTINGS_FORM_KEY, COMPANY_FORM)
        refused = set(vals) - self._get_user_settings_fields(form)
        if refused:
            raise AccessError(
                self.env._(
                    "Only administrators change these fields of a company: %(fields)s.",
                    fields=", ".join(
                        sorted(
                            self._fields[name]._description_string(self.env)
                            if name in self._fields
                            else name
                            for name in refused
                        )
                    ),
                )
            )
        foreign = self - self.env.companies
        if foreign:
            raise AccessError(
                self.env._(
                    "You cannot change the settings of %(companies)s.",
                    companies=", ".join(foreign.mapped("name")),
                )
            )

    def _write_manager_settings(self, form, vals):
        """Write ``vals`` on the company from the settings form ``form`` (a model name), with
        the user's own rights: access rights and record rules, and the fields the user's groups
        are granted on that form (_get_manager_settings_fields). Private: not callable over RPC."""
        return server_marked(self, SETTINGS_FORM_KEY, form).write(vals)

    @api.model
    def _check_committee_floor_value(self, vals):
        """Refuse a committee floor that is not a number before the ORM converts it."""
        if "crm_committee_floor" in vals:
            check_number(
                self.env,
                vals["crm_committee_floor"],
                self.env._("The committee floor"),
                minimum=0.0,
                maximum=1.0,
            )

    @api.constrains("crm_committee_floor")
    def _check_crm_committee_floor(self):
        for company in self:
            floor = company.crm_committee_floor
            if not math.isfinite(floor) or not 0.0 <= floor <= 1.0:
                raise ValidationError(
                    self.env._(
                        "The committee floor is a share between 0 and 1, not %(value)s.",
                        value=floor,
                    )
                )
