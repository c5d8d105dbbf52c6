from odoo import api, models


# a file of its own: the searches on the stored figures, apart from the fields
class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _search_from_figures(self, predicate, columns=("credit_grade",), stored=None):
        """Searches whose condition exists in SQL (``stored``) read the stored figures of
        crm.credit.figure for the customers whose row is clean, the live figures for the
        others (see credit_figure.py); the context key ``credit_figures_live`` forces the
        live query alone (the tests compare both)."""
        if stored is None or self.env.context.get("credit_figures_live"):
            return super()._search_from_figures(predicate, columns=columns, stored=stored)
        # the rows are read in SQL, after the check of the caller's groups made there
        return self.env["crm.credit.figure"]._search_partner_domain(predicate, stored, columns)
