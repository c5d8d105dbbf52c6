import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("crm_manufacturing_team_handover_tour", {
    steps: () => [
        {
            content: "Create a handover from the list",
            trigger:
                ".o_list_view .o_list_button_add, .o_control_panel .o_list_button_add",
            run: "click",
        },
        {
            content: "Choose the leaving salesperson",
            trigger: ".o_field_widget[name='from_user_id'] input",
            run: "edit Tour Leaver",
        },
        {
            trigger: ".ui-autocomplete .ui-menu-item a:contains('Tour Leaver')",
            run: "click",
        },
        {
            content:
                "The form counts the two open deals before confirming (the leaver is set: the successor field is edited only then)",
            trigger: ".o_field_widget[name='lead_count']:contains('2')",
        },
        {
            content: "and the customer",
            trigger: ".o_field_widget[name='partner_count']:contains('1')",
        },
        {
            content: "Choose the successor",
            trigger: ".o_field_widget[name='to_user_id'] input",
            run: "edit Tour Successor",
        },
        {
            trigger: ".ui-autocomplete .ui-menu-item a:contains('Tour Successor')",
            run: "click",
        },
        {
            content: "The successor is set",
            trigger: ".o_field_widget[name='to_user_id'] input:value(Tour Successor)",
        },
        {
            content: "Open the handover brief",
            trigger: ".o_notebook .nav-link:contains('Handover Brief')",
            run: "click",
        },
        {
            content: "The brief lists the customer with its deal and the decider",
            trigger:
                ".o_handover_brief:contains('Tour Customer Works'):contains('Tour Deal One'):contains('Tour Decider')",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Confirm the handover",
            trigger: ".o_statusbar_buttons button[name='action_confirm']",
            run: "click",
        },
        {
            content: "Accept the confirmation",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The handover is done",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Done')",
        },
        {
            content: "Its log lists the moved deals",
            trigger: ".o_notebook .nav-link:contains('Log')",
            run: "click",
        },
        {
            trigger:
                ".o_field_widget[name='line_ids'] .o_data_row:contains('Tour Deal One')",
        },
    ],
});
