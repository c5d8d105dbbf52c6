import {registry} from "@web/core/registry";

registry
    .category("web_tour.tours")
    .add("crm_manufacturing_service_parts_buttons_tour", {
        steps: () => [
            {
                content: "The parts report lists the point's lines, none selected",
                trigger: ".o_list_view .o_data_row:not(.o_data_row_selected)",
            },
            {
                content: "Export to Excel is shown without a selection",
                trigger: ".o_control_panel button:contains('Export to Excel')",
            },
            {
                content: "Replenish is shown without a selection",
                trigger: ".o_control_panel button:contains('Replenish')",
            },
        ],
    });

registry
    .category("web_tour.tours")
    .add("crm_manufacturing_service_equipment_readonly_tour", {
        steps: () => [
            {
                content: "A technician sees the installation date read-only",
                trigger:
                    ".o_form_view .o_field_widget[name='install_date'].o_readonly_modifier",
            },
            {
                content: "... and the warranty end",
                trigger:
                    ".o_form_view .o_field_widget[name='warranty_end_date'].o_readonly_modifier",
            },
            {
                content: "... but may set the maintenance interval",
                trigger:
                    ".o_form_view .o_field_widget[name='maintenance_interval_months']:not(.o_readonly_modifier) input",
            },
        ],
    });

registry.category("web_tour.tours").add("crm_manufacturing_service_settings_tour", {
    steps: () => [
        {
            content: "A service manager opens the service settings",
            trigger:
                ".o_form_view .o_field_widget[name='service_response_hours_3'] input",
            run: "edit 5",
        },
        {
            content: "Save",
            trigger: ".o_form_view button[name='action_save']",
            run: "click",
        },
        {
            content: "The settings are saved",
            trigger: ".o_notification:contains('settings are saved')",
        },
    ],
});
