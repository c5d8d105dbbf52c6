import itertools
from contextlib import contextmanager

from odoo.tests import TransactionCase, new_test_user

SERIALS = itertools.count(1)


class ServiceCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.stock_location = cls.warehouse.lot_stock_id
        cls.customer_location = cls.env.ref("stock.stock_location_customers")
        cls.state_zj = cls.env.ref("base.state_cn_AH")
        cls.state_gd = cls.env.ref("base.state_cn_HN")
        Location = cls.env["stock.location"]
        cls.location_a = Location.create(
            {
                "name": "Point A",
                "usage": "internal",
                "location_id": cls.warehouse.view_location_id.id,
            }
        )
        cls.location_b = Location.create(
            {
                "name": "Point B",
                "usage": "internal",
                "location_id": cls.warehouse.view_location_id.id,
            }
        )
        service_user = "crm_manufacturing_service.group_service_user"
        cls.technician_a = new_test_user(cls.env, "sv_tech_a", groups=service_user)
        cls.technician_b = new_test_user(cls.env, "sv_tech_b", groups=service_user)
        cls.manager = new_test_user(
            cls.env,
            "sv_manager",
            groups="crm_manufacturing_service.group_service_manager,"
            "sales_team.group_sale_salesman_all_leads",
        )
        cls.salesman = new_test_user(cls.env, "sv_sales", groups="sales_team.group_sale_salesman")
        cls.salesman_other = new_test_user(
            cls.env, "sv_sales_other", groups="sales_team.group_sale_salesman"
        )
        Point = cls.env["service.point"]
        cls.point_a = Point.create(
            {
                "name": "Point A",
                "code": "PA",
                "location_id": cls.location_a.id,
                "technician_ids": [(6, 0, cls.technician_a.ids)],
                "state_ids": [(6, 0, cls.state_zj.ids)],
            }
        )
        cls.point_b = Point.create(
            {
                "name": "Point B",
                "code": "PB",
                "location_id": cls.location_b.id,
                "technician_ids": [(6, 0, cls.technician_b.ids)],
                "state_ids": [(6, 0, cls.state_gd.ids)],
            }
        )
        Partner = cls.env["res.partner"]
        cls.customer = Partner.create(
            {
                "name": "Hangzhou Valve Works",
                "is_company": True,
                "state_id": cls.state_zj.id,
                "country_id": cls.env.ref("base.cn").id,
                "user_id": cls.salesman.id,
            }
        )
        cls.customer_b = Partner.create(
            {
                "name": "Dongguan Mould Co.",
                "is_company": True,
                "state_id": cls.state_gd.id,
                "country_id": cls.env.ref("base.cn").id,
                "user_id": cls.salesman_other.id,
            }
        )
        Product = cls.env["product.product"]
        cls.machine = Product.create(
            {
                "name": "Press Brake PB-100",
                "type": "consu",
                "is_storable": True,
                "tracking": "serial",
                "is_serviceable": True,
                "warranty_months": 12,
                "list_price": 300000.0,
            }
        )
        cls.part = Product.create(
            {
                "name": "Hydraulic Pump",
                "type": "consu",
                "is_storable": True,
                "is_spare_part": True,
                "list_price": 1200.0,
            }
        )
        cls.part_2 = Product.create(
            {
                "name": "Filter Cartridge",
                "type": "consu",
                "is_storable": True,
                "is_spare_part": True,
                "list_price": 80.0,
            }
        )
        Quant = cls.env["stock.quant"]
        Quant._update_available_quantity(cls.part, cls.location_a, 5)
        Quant._update_available_quantity(cls.part_2, cls.location_a, 20)

    @contextmanager
    def assertRaisesRegex(self, exception, regex):
        """Odoo's assertRaises (in a savepoint, so a refused write leaves nothing behind),
        then the message."""
        with self.assertRaises(exception) as context:
            yield context
        self.assertRegex(str(context.exception), regex)

    @classmethod
    def _move(cls, product, quantity, source, destination, done=False):
        """A confirmed stock move of ``quantity`` ``product`` (done when ``done``)."""
        move = cls.env["stock.move"].create(
            {
                "name": product.name,
                "product_id": product.id,
                "product_uom_qty": quantity,
                "product_uom": product.uom_id.id,
                "location_id": source.id,
                "location_dest_id": destination.id,
            }
        )
        move._action_confirm()
        if done:
            move.quantity = quantity
            move.picked = True
            move._action_done()
        return move

    @classmethod
    def _equipment(cls, install_date, partner=None, **vals):
        lot = cls.env["stock.lot"].create(
            {"name": f"PB-SN-{next(SERIALS)}", "product_id": cls.machine.id}
        )
        return cls.env["service.equipment"].create(
            {
                "product_id": cls.machine.id,
                "lot_id": lot.id,
                "partner_id": (partner or cls.customer).id,
                "install_date": install_date,
                **vals,
            }
        )

    @classmethod
    def _request(cls, equipment, user=None, **vals):
        Request = cls.env["service.request"]
        if user:
            Request = Request.with_user(user)
        return Request.create(
            {"partner_id": equipment.partner_id.id, "equipment_id": equipment.id, **vals}
        )
