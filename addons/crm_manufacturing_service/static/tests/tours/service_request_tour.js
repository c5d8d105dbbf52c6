import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("crm_manufacturing_service_request_tour", {
    steps: () => [
        {
            content: "The request form shows first that the machine is out of warranty",
            trigger:
                ".o_form_view .alert-danger.o_service_warranty:contains('Out of warranty')",
        },
        {
            content: "The warranty state badge of the equipment is red",
            trigger:
                ".o_field_widget[name='warranty_state'] .text-bg-danger:contains('Expired')",
        },
        {
            content: "Assign the request",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_assign']",
            run: "click",
        },
        {
            content: "The request is assigned",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Assigned')",
        },
    ],
});
