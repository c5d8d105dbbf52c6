from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

LOSS_FACTORS = [
    ("price", "Price"),
    ("lead_time", "Delivery Time"),
    ("technical", "Technical"),
    ("relationship", "Relationship"),
    ("service", "Service"),
    ("financing", "Financing"),
    ("other", "Other"),
]


class CrmLead(models.Model):
    _inherit = "crm.lead"

    competitor_ids = fields.One2many(
        "crm.lead.competitor", "lead_id", string="Competitors", copy=False
    )
    competitor_count = fields.Integer(
        compute="_compute_competitor_count", string="Number of Competitors"
    )
    our_lead_time_days = fields.Integer(
        string="Our Delivery Time (Days)",
        tracking=True,
        help="The delivery time we offer, in days; the delivery gaps of the competitors "
        "are measured against it.",
    )
    lost_to_competitor_id = fields.Many2one(
        "crm.competitor",
        string="Lost To",
        compute="_compute_lost_to_competitor_id",
        inverse="_inverse_lost_to_competitor_id",
        store=True,
        readonly=False,
        index="btree_not_null",
        tracking=True,
        help="The competitor who took the deal (竞争订单). Setting it marks that competitor "
        "on the deal as the winner, adding it to the deal if needed.",
    )
    loss_factor = fields.Selection(
        LOSS_FACTORS,
        string="Main Loss Factor",
        tracking=True,
        help="What lost the deal in the first place (主要丢单因素).",
    )

    def _compute_competitor_count(self):
        counts = (
            dict(
                self.env["crm.lead.competitor"]._read_group(
                    [("lead_id", "in", self.ids)], groupby=["lead_id"], aggregates=["__count"]
                )
            )
            if self.ids
            else {}
        )
        for lead in self:
            lead.competitor_count = counts.get(lead._origin, 0)

    @api.depends("competitor_ids.is_winner", "competitor_ids.competitor_id")
    def _compute_lost_to_competitor_id(self):
        for lead in self:
            winners = lead.competitor_ids.filtered("is_winner")
            lead.lost_to_competitor_id = winners[:1].competitor_id

    def _inverse_lost_to_competitor_id(self):
        Line = self.env["crm.lead.competitor"]
        for lead in self:
            winner = lead.lost_to_competitor_id
            losers = lead.competitor_ids.filtered(
                lambda line, winner=winner: line.is_winner and line.competitor_id != winner
            )
            if losers:
                losers.is_winner = False
                # before the new winner is saved: at most one winner per deal in the table
                losers.flush_recordset(["is_winner"])
            if not winner:
                continue
            line = lead.competitor_ids.filtered(
                lambda line, winner=winner: line.competitor_id == winner
            )
            if line:
                if not line.is_winner:
                    line.is_winner = True
            else:
                Line.create({"lead_id": lead.id, "competitor_id": winner.id, "is_winner": True})

    @api.constrains("our_lead_time_days")
    def _check_our_lead_time_days(self):
        for lead in self:
            if lead.our_lead_time_days < 0:
                raise ValidationError(
                    _(
                        "The delivery time of %(deal)s cannot be negative.",
                        deal=lead.display_name,
                    )
                )

    @api.constrains("stage_id", "active", "probability")
    def _check_competitor_winner(self):
        """At most one competitor took a deal, and none took a deal we won."""
        for lead in self:
            winners = lead.competitor_ids.filtered("is_winner")
            if len(winners) > 1:
                raise ValidationError(
                    _(
                        "Only one competitor can take the deal %(deal)s, not %(names)s.",
                        deal=lead.display_name,
                        names=", ".join(winners.competitor_id.mapped("name")),
                    )
                )
            if winners and lead.active and lead.stage_id.is_won:
                raise ValidationError(
                    _(
                        "We won the deal %(deal)s: %(name)s cannot have taken it.",
                        deal=lead.display_name,
                        name=winners.competitor_id.name,
                    )
                )

    def write(self, vals):
        reopened = self.browse()
        if vals.get("active") and not vals.get("lost_to_competitor_id"):
            reopened = self.filtered(lambda lead: not lead.active)
        if vals.get("stage_id") and not vals.get("lost_to_competitor_id"):
            if self.env["crm.stage"].browse(vals["stage_id"]).is_won:
                reopened |= self
        if reopened:
            # a deal won or restored was not lost to anyone: every competitor on it is beaten
            # (won) or back in the race (restored)
            winners = reopened.competitor_ids.filtered("is_winner")
            if winners:
                winners.is_winner = False
            if "loss_factor" not in vals:
                reopened.filtered("loss_factor").loss_factor = False
        return super().write(vals)

    def action_set_lost(self, **additional_values):
        """Also for XML-RPC callers: ``action_set_lost([id], {"lost_to_competitor_id": 7,
        "loss_factor": "price"})``; returns True (Odoo's returns None, which XML-RPC
        cannot marshal)."""
        result = super().action_set_lost(**additional_values)
        return True if result is None else result

    def copy_data(self, default=None):
        vals_list = super().copy_data(default=default)
        for vals in vals_list:
            vals.pop("lost_to_competitor_id", None)
            vals.pop("loss_factor", None)
        return vals_list
