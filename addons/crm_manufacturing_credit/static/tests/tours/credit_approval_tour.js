import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("crm_manufacturing_credit_approval_tour", {
    steps: () => [
        {
            content:
                "The quotation shows the customer's grade and available credit in the credit banner",
            trigger:
                ".o_form_view .alert:contains('Credit grade'):contains('available credit')",
        },
        {
            content: "The Credit group shows the grade",
            trigger: ".o_field_widget[name='credit_partner_grade']",
        },
        {
            content: "Try to confirm the quotation beyond the limit",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The confirmation is refused with the figures",
            trigger:
                ".modal .modal-body:contains('exceeds the credit limit'):contains('excess')",
        },
        {
            content: "Close the message",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "Request a credit approval",
            trigger:
                ".o_statusbar_buttons button[name='action_request_credit_approval']",
            run: "click",
        },
        {
            content: "The approval is requested",
            trigger:
                ".o_field_widget[name='credit_approval_state'] .badge:contains('To Approve')",
        },
        {
            content: "The credit manager approves",
            trigger: ".o_statusbar_buttons button[name='action_approve_credit']",
            run: "click",
        },
        {
            content: "The approval is recorded",
            trigger:
                ".o_field_widget[name='credit_approval_state'] .badge:contains('Approved')",
        },
        {
            content: "Confirm the approved order",
            trigger: ".o_statusbar_buttons button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The order is confirmed",
            trigger:
                ".o_statusbar_status .o_arrow_button_current:contains('Sales Order')",
        },
    ],
});
