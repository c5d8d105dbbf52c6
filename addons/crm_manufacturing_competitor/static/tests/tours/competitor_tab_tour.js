import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("crm_manufacturing_competitor_tab_tour", {
    steps: () => [
        {
            content: "Open the Competitors tab of the opportunity",
            trigger: ".o_notebook a[name='competitors']",
            run: "click",
        },
        {
            content: "The competitor on the deal is listed with a high-threat badge",
            trigger:
                ".o_field_widget[name='competitor_ids'] .o_data_row:contains('Tour Press Works') .o_field_badge .text-bg-danger:contains('High')",
        },
        {
            content: "Its price gap shows in red: they are cheaper",
            trigger:
                ".o_field_widget[name='competitor_ids'] .o_data_row:contains('Tour Press Works') td.text-danger[name='price_gap_percent']:contains('-20.0')",
        },
        {
            content: "Add a second competitor",
            trigger:
                ".o_field_widget[name='competitor_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Choose it",
            trigger:
                ".o_field_widget[name='competitor_ids'] .o_selected_row .o_field_widget[name='competitor_id'] input",
            run: "edit Tour Servo",
        },
        {
            content: "Pick it in the list",
            trigger: ".o-autocomplete--dropdown-item:contains('Tour Servo Press')",
            run: "click",
        },
        {
            content: "Enter its price",
            trigger:
                ".o_field_widget[name='competitor_ids'] .o_selected_row .o_field_widget[name='quoted_price'] input",
            run: "edit 110000",
        },
        {
            content: "Save the opportunity",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved: the new line shows its price gap",
            trigger:
                ".o_form_saved .o_field_widget[name='competitor_ids'] .o_data_row:contains('Tour Servo Press') td[name='price_gap_percent']:contains('10.0')",
        },
    ],
});
