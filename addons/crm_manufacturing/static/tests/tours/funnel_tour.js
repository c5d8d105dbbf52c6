import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("crm_manufacturing_funnel_tour", {
    url: "/odoo/action-crm_manufacturing.crm_funnel_wizard_action",
    steps: () => [
        {
            content: "Opportunities are counted by default",
            trigger:
                ".modal div[name='lead_type'] input[data-value='opportunity']:checked",
        },
        {
            content: "Show the funnel",
            trigger: ".modal-footer button[name='action_compute']",
            run: "click",
        },
        {
            content: "The breadcrumb names the funnel and its period, not the record",
            trigger:
                ".o_breadcrumb:contains('Project Funnel'):not(:contains('crm.funnel.wizard'))",
        },
        {
            content: "The result page has no New button",
            trigger: ".o_control_panel:not(:has(.o_form_button_create)) .o_breadcrumb",
        },
        {
            content: "Rates are shown in percent",
            trigger:
                ".o_field_widget[name='line_ids'] .o_data_cell[name='success_rate']:contains('%')",
        },
        {
            content: "Count the leads instead",
            trigger: "div[name='lead_type'] input[data-value='lead']",
            run: "click",
        },
        {
            content: "Refresh the funnel",
            trigger: ".o_form_statusbar button[name='action_compute']",
            run: "click",
        },
        {
            content: "The breadcrumb follows the choice",
            trigger: ".o_breadcrumb:contains('Lead Funnel')",
        },
        {
            content: "The export is on the result page",
            trigger: ".o_form_statusbar button[name='action_export_xlsx']:visible",
        },
    ],
});
