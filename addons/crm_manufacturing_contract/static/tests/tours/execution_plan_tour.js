import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("crm_manufacturing_execution_plan_tour", {
    steps: () => [
        {
            content: "Open the Execution Plan tab of the confirmed order",
            trigger: ".o_form_view .o_notebook a.nav-link:contains('Execution Plan')",
            run: "click",
        },
        {
            content: "The plan lists its money step with its amount",
            trigger:
                ".o_field_widget[name='execution_step_ids'] .o_data_row:contains('Full payment'):contains('Planned')",
        },
        {
            content: "Mark the acceptance done",
            trigger:
                ".o_field_widget[name='execution_step_ids'] .o_data_row:contains('Acceptance') button[name='action_done']",
            run: "click",
        },
        {
            content: "The acceptance is done",
            trigger:
                ".o_field_widget[name='execution_step_ids'] .o_data_row:contains('Acceptance') .badge:contains('Done')",
        },
    ],
});
