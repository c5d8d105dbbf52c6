import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("crm_manufacturing_competitive_analysis_tour", {
    steps: () => [
        {
            content: "The pivot shows the competitors by outcome",
            trigger:
                ".o_pivot .o_pivot_header_cell_closed:contains('Tour Rival Presses')",
        },
        {
            content: "with a column of the deals lost to them",
            trigger: ".o_pivot thead th:contains('Lost to Them')",
        },
        {
            content: "Switch to the graph",
            trigger: ".o_switch_view.o_graph",
            run: "click",
        },
        {
            content: "The graph renders",
            trigger: ".o_graph_renderer canvas",
        },
        {
            content: "Switch to the list",
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            content: "The list shows the row with its price-gap band",
            trigger:
                ".o_list_view .o_data_row:contains('Tour Rival Presses'):contains('They Were Over 10 % Cheaper')",
        },
        {
            content: "and offers the Excel export",
            trigger: ".o_list_view button[name='action_export_xlsx']",
        },
    ],
});
