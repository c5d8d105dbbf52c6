import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("crm_manufacturing_settings_tour", {
    url: "/odoo/action-crm.crm_config_settings_action",
    steps: () => [
        {
            content: "The CRM settings show the Manufacturing section",
            trigger:
                ".o_setting_container:contains('Manufacturing') #crm_probability_mode",
        },
    ],
});
