import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("crm_manufacturing_decision_tree_tour", {
    steps: () => [
        {
            content: "Open the Decision Tree tab of the opportunity",
            trigger: ".o_notebook a[name='decision_tree']",
            run: "click",
        },
        {
            content: "The committee is listed with its roles",
            trigger:
                ".o_field_widget[name='decision_member_ids'] .o_data_row:contains('Tour Decider')",
        },
        {
            content: "The warning names the opponent",
            trigger:
                ".o_field_widget[name='decision_warning']:contains('Opponent with influence 4 or more: Tour Opponent')",
        },
        {
            content: "Open the org chart",
            trigger: "button[name='action_view_decision_org_chart']",
            run: "click",
        },
        {
            content:
                "The org chart shows the decider with role, influence and attitude in this opportunity",
            trigger:
                ".o_hierarchy_node:contains('Tour Decider'):contains('Decider'):contains('influence')",
        },
        {
            content: "Look for one person of the org chart",
            trigger: ".o_searchview_input",
            run: "edit Tour Opponent",
        },
        {
            content: "Search",
            trigger: ".o_searchview_input",
            run: "press Enter",
        },
        {
            content:
                "The person is shown with the one reporting to them, who has people of their own",
            trigger:
                ".o_hierarchy_node_container:has(.o_hierarchy_node:contains('Tour Engineer')) button[name='hierarchy_search_subsidiaries']",
            run: "click",
        },
        {
            content:
                "A card loaded by unfolding another also shows the role in this opportunity",
            trigger:
                ".o_hierarchy_node:contains('Tour Operator'):contains('Buyer'):contains('influence 2')",
        },
    ],
});
