import {PivotRenderer} from "@web/views/pivot/pivot_renderer";
import {pivotView} from "@web/views/pivot/pivot_view";
import {registry} from "@web/core/registry";
import {useService} from "@web/core/utils/hooks";

/**
 * The Collection Plan's pivot: Odoo's pivot with the collection plan's own Excel export next
 * to its "Download xlsx" button (the list view has the same export in its control panel).
 * The export covers the records of the current search (filters and the action's domain).
 */
export class CollectionPlanPivotRenderer extends PivotRenderer {
    setup() {
        super.setup();
        this.orm = useService("orm");
    }

    async onExportCollectionPlan() {
        const {resModel} = this.model.metaData;
        const {domain, context} = this.model.searchParams;
        const ids = await this.orm.search(resModel, domain, {context});
        if (!ids.length) {
            return;
        }
        const action = await this.orm.call(
            resModel,
            "action_export_collection_plan",
            [ids],
            {
                context,
            }
        );
        await this.actionService.doAction(action);
    }
}

export const collectionPlanPivotView = {
    ...pivotView,
    Renderer: CollectionPlanPivotRenderer,
    buttonTemplate: "crm_manufacturing_contract.CollectionPlanPivot.Buttons",
};

registry.category("views").add("collection_plan_pivot", collectionPlanPivotView);
