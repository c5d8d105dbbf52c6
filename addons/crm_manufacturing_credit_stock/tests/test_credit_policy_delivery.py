from odoo.exceptions import AccessError
from odoo.tests import Form, TransactionCase, new_test_user, tagged

POLICY_VIEW = "crm_manufacturing_credit.res_company_view_form_credit_policy"


@tagged("post_install", "-at_install")
class TestCreditPolicyDelivery(TransactionCase):
    def test_credit_manager_blocks_deliveries_from_the_credit_policy(self):
        company = self.env.company
        company.credit_block_delivery = False
        manager = new_test_user(
            self.env,
            login="policy_stock_boss",
            groups="crm_manufacturing_credit.group_credit_manager",
            company_id=company.id,
        )
        stock_user = new_test_user(
            self.env,
            login="policy_stock_user",
            groups="stock.group_stock_user",
            company_id=company.id,
        )
        with Form(company.with_user(manager), view=POLICY_VIEW) as policy:
            policy.credit_block_delivery = True
        self.assertTrue(company.credit_block_delivery)
        with self.assertRaises(AccessError):
            company.with_user(stock_user).write({"credit_block_delivery": False})
        self.assertTrue(company.credit_block_delivery)
