import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("crm_manufacturing_service_views_tour", {
    steps: () => [
        {
            content: "Requests open as a kanban by state, with warranty badges",
            trigger: ".o_kanban_view .o_kanban_record:contains('Out of Warranty')",
        },
        {
            content: "Switch to the list",
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            content: "The list shows the requests",
            trigger: ".o_list_view .o_data_row",
        },
        {
            content: "Switch to the calendar",
            trigger: ".o_switch_view.o_calendar",
            run: "click",
        },
        {
            content: "The calendar is shown",
            trigger: ".o_calendar_view",
        },
        {
            content: "Switch to the pivot",
            trigger: ".o_switch_view.o_pivot",
            run: "click",
        },
        {
            content: "The pivot is shown",
            trigger: ".o_pivot_view .o_pivot",
        },
        {
            content: "Switch to the graph",
            trigger: ".o_switch_view.o_graph",
            run: "click",
        },
        {
            content: "The graph is shown",
            trigger: ".o_graph_view",
        },
    ],
});
