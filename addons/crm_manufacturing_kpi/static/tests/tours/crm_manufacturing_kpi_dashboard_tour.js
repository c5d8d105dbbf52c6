import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("crm_manufacturing_kpi_dashboard_tour", {
    steps: () => [
        {
            content:
                "The Dashboards app lists the Manufacturing CRM dashboard (in Chinese)",
            trigger: ".o_search_panel_category_value[data-name='制造业CRM']",
            run: "click",
            timeout: 30000,
        },
        {
            content: "It is the active dashboard",
            trigger: ".o_search_panel_category_value.active[data-name='制造业CRM']",
        },
        {
            content: "Its charts are drawn, without a loading error",
            trigger: ".o_renderer .o-figure:not(:has(.o-chart-error))",
            timeout: 30000,
        },
        {
            content: "The period filter is shown in Chinese",
            trigger: ".o_filter_value_container:contains('期间')",
        },
    ],
});
