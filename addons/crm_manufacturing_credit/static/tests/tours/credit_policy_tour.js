import {registry} from "@web/core/registry";

// A credit manager (no administrator rights) opens the action of Accounting › Configuration ›
// Credit Policy and saves a new number of overdue days before a hold (that the menu is theirs
// is checked with the menus the web client loads for them, in test_credit_policy).
registry.category("web_tour.tours").add("crm_manufacturing_credit_policy_tour", {
    steps: () => [
        {
            content: "The page shows the provision rates and the score weights",
            trigger: ".o_form_view .o_field_widget[name='credit_score_weight_payment']",
        },
        {
            content: "Change the overdue days before a hold",
            trigger:
                ".o_form_view .o_field_widget[name='credit_overdue_hold_days'] input",
            run: "edit 75",
        },
        {
            content: "Save",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_view .o_form_saved",
        },
    ],
});

// A salesperson opens a quotation within the limit: the banner gives the grade and the
// available credit and says no approval is needed; "Request Credit Approval" is hidden.
registry.category("web_tour.tours").add("crm_manufacturing_credit_banner_tour", {
    steps: () => [
        {
            content:
                "The banner gives the grade, the available credit and no approval needed",
            trigger:
                ".o_form_view .alert-info:contains('Credit grade A, available credit'):contains('needs no credit approval')",
        },
        {
            content: "No Request Credit Approval button when no approval is needed",
            trigger:
                ".o_form_view .o_statusbar_buttons:not(:has(button[name='action_request_credit_approval']))",
        },
    ],
});
