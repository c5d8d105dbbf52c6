from odoo import _, fields, models
from odoo.exceptions import RedirectWarning

from odoo.addons.crm_manufacturing.tools import server_mark

# the archiving forced by a system administrator in a handover (with its reason)
FORCE_ARCHIVE_KEY = "crm_handover_force_archive"


def previous_salesperson_field():
    """``previous_user_id`` of the records a handover moves (opportunities, customers)."""
    return fields.Many2one(
        "res.users",
        string="Previous Salesperson",
        readonly=True,
        copy=False,
        help="The salesperson before the last handover.",
    )


class ResUsers(models.Model):
    _inherit = "res.users"

    def write(self, vals):
        if "active" in vals and not vals["active"]:
            self.filtered("active")._check_nothing_to_hand_over()
        return super().write(vals)

    def action_archive(self):
        # before mail's action_archive, which deletes the user's activities
        self.filtered("active")._check_nothing_to_hand_over()
        return super().action_archive()

    def _get_handover_blockers(self):
        """{user: (customers, open deals, open activities)} of the users that still own some.
        Counted as superuser: whoever archives a user must see everything the user owns,
        whatever their own record rules; only numbers leave this method."""
        if not self:
            return {}
        env = self.sudo().with_context(active_test=True).env
        customers = dict(
            env["res.partner"]._read_group([("user_id", "in", self.ids)], ["user_id"], ["__count"])
        )
        deals = dict(
            env["crm.lead"]._read_group(
                [
                    ("user_id", "in", self.ids),
                    "|",
                    ("stage_id", "=", False),
                    ("stage_id.is_won", "=", False),
                ],
                ["user_id"],
                ["__count"],
            )
        )
        activities = dict(
            env["mail.activity"]._read_group(
                [("user_id", "in", self.ids)], ["user_id"], ["__count"]
            )
        )
        result = {}
        for user in self:
            counts = (
                customers.get(user.sudo(), 0),
                deals.get(user.sudo(), 0),
                activities.get(user.sudo(), 0),
            )
            if any(counts):
                result[user] = counts
        return result

    def _check_nothing_to_hand_over(self):
        """Archiving a user who still owns customers, open deals or open activities is
        refused (Odoo would delete the activities): hand them over first. A handover forced
        by a system administrator, with its reason, carries a server mark under
        FORCE_ARCHIVE_KEY (a client cannot send one)."""
        if server_mark(self.env, FORCE_ARCHIVE_KEY) or not self:
            return
        blockers = self._get_handover_blockers()
        if not blockers:
            return
        user, (customers, deals, activities) = next(iter(blockers.items()))
        action = self.env.ref("crm_manufacturing_team.crm_handover_action")
        raise RedirectWarning(
            _(
                "%(user)s still owns %(customers)s customers, %(deals)s open deals and "
                "%(activities)s open activities. Archiving would delete the activities and leave "
                "the customers without a salesperson: hand them over first (a system "
                "administrator can force the archiving in the handover, with a reason).",
                user=user.name,
                customers=customers,
                deals=deals,
                activities=activities,
            ),
            action.id,
            _("Open a handover"),
            additional_context={
                "default_from_user_id": user.id,
                "default_archive_user": True,
                "default_reason": _("%(user)s leaves.", user=user.name),
            },
        )
