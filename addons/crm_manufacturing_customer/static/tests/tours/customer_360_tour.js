import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("crm_manufacturing_customer_360_tour", {
    steps: () => [
        {
            content: "Open the Customer 360 tab of the company",
            trigger: ".o_notebook .nav-link:contains('Customer 360')",
            run: "click",
        },
        {
            content: "The lifecycle stage is shown",
            trigger:
                ".o_field_widget[name='customer_stage'] .badge:contains('Repeat Customer')",
        },
        {
            content: "The RFM segment is shown",
            trigger: ".o_field_widget[name='rfm_segment']",
        },
        {
            content: "The buying committee lists the person",
            trigger:
                ".o_field_widget[name='customer_committee_ids'] td:contains('Tour Decider')",
        },
        {
            content: "The open opportunity is listed",
            trigger:
                ".o_field_widget[name='customer_open_lead_ids'] td:contains('Tour Rolling Mill')",
        },
        {
            content: "Open the orders of 2025 from the orders by year",
            trigger:
                ".o_field_widget[name='customer_order_year_ids'] tr:contains('2025') button[name='action_open_orders']",
            run: "click",
        },
        {
            content: "The orders of that year are listed",
            trigger: ".o_list_view .o_data_row:contains('Tour 360 Steel')",
        },
    ],
});
