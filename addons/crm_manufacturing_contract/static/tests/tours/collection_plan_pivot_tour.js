import {registry} from "@web/core/registry";

registry
    .category("web_tour.tours")
    .add("crm_manufacturing_collection_plan_pivot_tour", {
        steps: () => [
            {
                content:
                    "The Collection Plan opens on its pivot, with the customer's installments",
                trigger:
                    ".o_pivot_view .o_pivot table:contains('Tour Pivot Plant Co.')",
            },
            {
                content: "Odoo's own pivot download is there",
                trigger: ".o_pivot_buttons .o_pivot_download",
            },
            {
                content: "Export the collection plan from the pivot",
                trigger: ".o_pivot_buttons button.o_collection_plan_export:enabled",
                run: "click",
            },
            {
                content: "The pivot is still shown after the download",
                trigger: ".o_pivot_view .o_pivot_buttons",
            },
        ],
    });
