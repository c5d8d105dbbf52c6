from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from odoo.addons.crm_manufacturing_service.tests.common import ServiceCase


@tagged("post_install", "-at_install")
class TestServiceSettings(ServiceCase):
    def test_service_manager_sets_when_the_warranty_starts(self):
        self.company.service_warranty_start = "delivery"
        form = Form(self.env["service.settings"].with_user(self.manager))
        self.assertEqual(form.service_warranty_start, "delivery")
        form.service_warranty_start = "acceptance"
        form.save().action_save()
        self.assertEqual(self.company.service_warranty_start, "acceptance")
        with self.assertRaises(AccessError):
            self.env["service.settings"].with_user(self.technician_a).create(
                {"service_warranty_start": "installation"}
            )
        self.assertEqual(self.company.service_warranty_start, "acceptance")
