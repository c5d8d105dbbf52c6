from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, float_round

from ..tools import check_one
from .crm_decision_member import ROLE_WEIGHTS

DECIDER_CONTACT_DAYS = 30
OPPONENT_MIN_INFLUENCE = 4

GRADES = [("A", "A"), ("B", "B"), ("C", "C"), ("D", "D")]


class CrmLead(models.Model):
    _name = "crm.lead"
    _inherit = ["crm.lead", "crm.manufacturing.search.guard"]

    stage_history_ids = fields.One2many("crm.lead.stage.history", "lead_id")
    stage_plan_ids = fields.One2many("crm.lead.stage.plan", "lead_id")
    stage_plan_late_count = fields.Integer(
        compute="_compute_stage_plan_late_count", string="Late Stages"
    )
    evaluation_answer_ids = fields.One2many("crm.evaluation.answer", "lead_id", string="Evaluation")
    evaluation_score = fields.Float(
        compute="_compute_evaluation",
        digits=(5, 1),
        help="Σ(weight × option score) / Σ weight over all active evaluation questions; "
        "unanswered questions count 0.",
    )
    evaluation_grade = fields.Selection(
        GRADES,
        compute="_compute_evaluation",
        search="_search_evaluation_grade",
    )

    decision_member_ids = fields.One2many(
        "crm.decision.member", "lead_id", string="Buying Committee", copy=True
    )
    decision_coverage = fields.Integer(
        string="Decision Tree Coverage",
        compute="_compute_decision_coverage",
        store=True,
        aggregator="avg",
        help="Sum of the weights of the roles with at least one member: decider 40, buyer 20, "
        "influencer 15, user 15, gatekeeper 10.",
    )
    decision_warning = fields.Text(
        string="Decision Tree Warnings",
        compute="_compute_decision_warning",
        search="_search_decision_warning",
    )

    probability_explanation = fields.Char(
        compute="_compute_probability_explanation",
        help="How the probability is computed from the stage and the buying committee.",
    )

    # --------------------------------------------------------------- compute
    @api.depends(
        lambda self: [
            "stage_id",
            "team_id",
            "active",
            "decision_coverage",
            *self._pls_get_safe_fields(),
        ]
    )
    def _compute_probabilities(self):
        res = super()._compute_probabilities()
        for lead in self:
            mode = (lead.company_id or self.env.company).crm_probability_mode
            if mode in ("stage", "stage_committee"):
                lead.probability = lead._get_stage_probability()
        return res

    def _get_committee_factor(self):
        """f + (1 − f) × coverage: what the buying committee keeps of the stage probability."""
        self.ensure_one()
        floor = (self.company_id or self.env.company).crm_committee_floor
        return floor + (1.0 - floor) * (self.decision_coverage or 0) / 100.0

    def _get_stage_probability(self):
        """The probability of the lead in stage mode: its stage's (won 100, lost 0), weighted
        by the buying committee's coverage in the ``stage_committee`` mode."""
        self.ensure_one()
        if not self.active:
            return 0.0
        if self.stage_id.is_won:
            return 100.0
        probability = self.stage_id.probability
        if (self.company_id or self.env.company).crm_probability_mode == "stage_committee":
            probability = float_round(probability * self._get_committee_factor(), 2)
        return probability

    @api.depends("stage_id", "decision_coverage", "probability", "active")
    def _compute_probability_explanation(self):
        for lead in self:
            company = lead.company_id or self.env.company
            if (
                company.crm_probability_mode != "stage_committee"
                or not lead.active
                or lead.stage_id.is_won
            ):
                lead.probability_explanation = False
                continue
            lead.probability_explanation = self.env._(
                "Stage %(stage)s %% × (%(floor)s + %(rest)s × committee coverage %(coverage)s %%)"
                " = %(result)s %%",
                stage=float_round(lead.stage_id.probability, 2),
                floor=float_round(company.crm_committee_floor, 2),
                rest=float_round(1.0 - company.crm_committee_floor, 2),
                coverage=lead.decision_coverage,
                result=float_round(lead.probability, 2),
            )

    @api.depends("stage_plan_ids.planned_date", "stage_plan_ids.actual_date")
    def _compute_stage_plan_late_count(self):
        data = self.env["crm.lead.stage.plan"]._read_group(
            [("lead_id", "in", self.ids), ("is_late", "=", True)], ["lead_id"], ["__count"]
        )
        counts = {lead.id: count for lead, count in data}
        for lead in self:
            lead.stage_plan_late_count = counts.get(lead.id, 0)

    @api.depends(
        "evaluation_answer_ids.option_id.score", "evaluation_answer_ids.question_id.weight"
    )
    def _compute_evaluation(self):
        scores = self._get_evaluation_scores()
        for lead in self:
            lead.evaluation_score = scores.get(lead.id, 0.0)
            lead.evaluation_grade = self._evaluation_grade(lead.evaluation_score)

    def _get_evaluation_scores(self):
        """{lead id: score} for the whole set, in two queries."""
        questions = self.env["crm.evaluation.question"].sudo().search([])
        total_weight = sum(questions.mapped("weight"))
        lead_ids = [lead_id for lead_id in self.ids if lead_id]
        if not total_weight or not lead_ids:
            return {}
        self._flush_evaluation()
        rows = self.env.execute_query(
            SQL(
                """
                SELECT a.lead_id, SUM(q.weight * o.score)
                  FROM crm_evaluation_answer a
                  JOIN crm_evaluation_question q ON q.id = a.question_id AND q.active
                  JOIN crm_evaluation_option o ON o.id = a.option_id
                 WHERE a.lead_id = ANY(%s)
              GROUP BY a.lead_id
                """,
                lead_ids,
            )
        )
        return {lead_id: float_round(total / total_weight, 1) for lead_id, total in rows}

    def _flush_evaluation(self):
        """Pending ORM writes of what the evaluation queries read (reads see writes)."""
        self.env["crm.evaluation.answer"].flush_model(["lead_id", "question_id", "option_id"])
        self.env["crm.evaluation.option"].flush_model(["score", "question_id"])
        self.env["crm.evaluation.question"].flush_model(["weight", "active"])

    @api.model
    def _evaluation_grade(self, score):
        if score >= 80:
            return "A"
        if score >= 60:
            return "B"
        if score >= 40:
            return "C"
        return "D"

    def _search_evaluation_grade(self, operator, value):
        grades = dict(GRADES)
        if operator in ("=", "!=") and (value in grades or value is False):
            values = [value]
        elif operator in ("in", "not in") and isinstance(value, list | tuple):
            values = list(value)
        else:
            raise UserError(
                _(
                    "The evaluation grade is searched with =, !=, in or not in and a grade "
                    "(%(grades)s), not %(operator)s %(value)r.",
                    grades=", ".join(grades),
                    operator=operator,
                    value=value,
                )
            )
        if any(grade not in grades and grade is not False for grade in values):
            raise UserError(
                _(
                    "%(value)r is not an evaluation grade; the grades are %(grades)s.",
                    value=value,
                    grades=", ".join(grades),
                )
            )
        # every lead has a grade (D without answers): "no grade" matches nothing
        grades = [grade for grade in values if grade]
        self._flush_evaluation()
        # one query: the score of every lead, graded as in _evaluation_grade
        rows = self.env.execute_query(
            SQL(
                """
                WITH total AS (SELECT SUM(weight) AS weight FROM crm_evaluation_question WHERE active),
                     scores AS (
                        SELECT l.id,
                               COALESCE(ROUND((SUM(q.weight * o.score) / NULLIF(t.weight, 0))::numeric, 1), 0)
                                   AS score
                          FROM crm_lead l
                    CROSS JOIN total t
                     LEFT JOIN crm_evaluation_answer a ON a.lead_id = l.id
                     LEFT JOIN crm_evaluation_question q ON q.id = a.question_id AND q.active
                     LEFT JOIN crm_evaluation_option o ON o.id = a.option_id
                      GROUP BY l.id, t.weight)
                SELECT id FROM scores
                 WHERE CASE WHEN score >= 80 THEN 'A' WHEN score >= 60 THEN 'B'
                            WHEN score >= 40 THEN 'C' ELSE 'D' END IN %s
                """,
                tuple(grades) or (None,),
            )
        )
        matching = [row[0] for row in rows]
        return [("id", "in" if operator in ("=", "in") else "not in", matching)]

    # Both computes read the members through the prefetched one2many: a constant number of
    # queries for any number of leads (one for the members, one for their people).
    @api.depends("decision_member_ids.role")
    def _compute_decision_coverage(self):
        for lead in self:
            roles = set(lead.decision_member_ids.mapped("role"))
            lead.decision_coverage = sum(ROLE_WEIGHTS[role] for role in roles)

    @api.depends(
        "decision_member_ids.role",
        "decision_member_ids.last_contact_date",
        "decision_member_ids.attitude",
        "decision_member_ids.influence",
        "decision_member_ids.partner_id",
    )
    def _compute_decision_warning(self):
        limit = fields.Date.context_today(self) - timedelta(days=DECIDER_CONTACT_DAYS)
        for lead in self:
            members = lead.decision_member_ids
            deciders = members.filtered(lambda m: m.role == "decider")
            warnings = []
            if not deciders:
                warnings.append(_("No decider identified"))
            else:
                contacts = [d for d in deciders.mapped("last_contact_date") if d]
                if not contacts or max(contacts) < limit:
                    warnings.append(_("No contact with the decider for over 30 days"))
            warnings += [
                _("Opponent with influence 4 or more: %(name)s", name=member.partner_id.name)
                for member in members
                if member.attitude == "opponent" and member.influence >= OPPONENT_MIN_INFLUENCE
            ]
            lead.decision_warning = "\n".join(warnings) or False

    def _decision_warning_sql(self, alias="l"):
        """SQL expression of the decision-tree warning text of the lead ``alias`` (NULL when
        there is none), word for word what ``_compute_decision_warning`` writes, in the
        user's language: the searches on the warning run on it in one query."""
        limit = fields.Date.context_today(self) - timedelta(days=DECIDER_CONTACT_DAYS)
        marker = "\x00"
        prefix, _sep, suffix = _(
            "Opponent with influence 4 or more: %(name)s", name=marker
        ).partition(marker)
        lead = SQL.identifier(alias)
        return SQL(
            """
            NULLIF(CONCAT_WS(E'\\n',
                CASE WHEN NOT EXISTS (
                          SELECT 1 FROM crm_decision_member d
                           WHERE d.lead_id = %(lead)s.id AND d.role = 'decider')
                     THEN %(no_decider)s
                     WHEN NOT EXISTS (
                          SELECT 1 FROM crm_decision_member d
                           WHERE d.lead_id = %(lead)s.id AND d.role = 'decider'
                             AND d.last_contact_date >= %(limit)s)
                     THEN %(no_contact)s
                END,
                (SELECT string_agg(%(prefix)s || COALESCE(p.name, '') || %(suffix)s, E'\\n'
                                   ORDER BY COALESCE(o.is_primary, FALSE) DESC,
                                            o.influence DESC, o.id)
                   FROM crm_decision_member o
                   JOIN res_partner p ON p.id = o.partner_id
                  WHERE o.lead_id = %(lead)s.id AND o.attitude = 'opponent'
                    AND o.influence >= %(influence)s)
            ), '')
            """,
            lead=lead,
            limit=limit,
            influence=OPPONENT_MIN_INFLUENCE,
            no_decider=_("No decider identified"),
            no_contact=_("No contact with the decider for over 30 days"),
            prefix=prefix,
            suffix=suffix,
        )

    def _search_decision_warning(self, operator, value):
        """Search the warning text like any text field (set / not set, =, !=, like, ilike,
        =like, =ilike and their negations, in, not in), in one SQL query."""
        positive = {
            "=": "=",
            "like": "LIKE",
            "ilike": "ILIKE",
            "=like": "LIKE",
            "=ilike": "ILIKE",
            "in": "in",
        }
        negative = {
            "!=": "=",
            "not like": "like",
            "not ilike": "ilike",
            "not in": "in",
        }
        base = negative.get(operator, operator)
        if base in ("in",):
            valid = isinstance(value, list | tuple) and all(
                isinstance(item, str) or item is False for item in value
            )
        else:
            valid = base in positive and (
                isinstance(value, str) or (base == "=" and value in (False, None))
            )
        if not valid:
            raise UserError(
                _(
                    "Decision tree warnings are searched as text (=, !=, like, ilike, "
                    "not like, not ilike, =like, =ilike, in, not in), not with %(operator)s "
                    "%(value)r.",
                    operator=operator,
                    value=value,
                )
            )
        self.env["crm.decision.member"].flush_model(
            [
                "lead_id",
                "role",
                "last_contact_date",
                "attitude",
                "influence",
                "partner_id",
                "is_primary",
            ]
        )
        self.env["res.partner"].flush_model(["name"])
        warning = self._decision_warning_sql("l")
        if base == "=" and value in (False, None, ""):
            condition = SQL("%s IS NULL", warning)
        elif base == "in":
            texts = [item for item in value if item]
            condition = SQL("%s = ANY(%s)", warning, texts)
            if len(texts) < len(value):
                condition = SQL("(%s OR %s IS NULL)", condition, warning)
        else:
            pattern = value if operator in ("=", "!=", "=like", "=ilike") else f"%{value}%"
            condition = SQL("%s %s %s", warning, SQL(positive[base]), pattern)
        rows = self.env.execute_query(SQL("SELECT l.id FROM crm_lead l WHERE %s", condition))
        ids = [row[0] for row in rows]
        return [("id", "not in" if operator in negative else "in", ids)]

    def _message_post_after_hook(self, message, msg_vals):
        res = super()._message_post_after_hook(message, msg_vals)
        if self.decision_member_ids and message.author_id in self.decision_member_ids.partner_id:
            self.env["crm.decision.member"]._refresh_last_contact_dates(self)
        return res

    def action_view_decision_org_chart(self):
        """The customer's org chart, with this opportunity's roles on the cards."""
        check_one(self)
        customer = (
            self.partner_id.commercial_partner_id
            or self.decision_member_ids.partner_id.commercial_partner_id[:1]
        )
        if not customer:
            raise UserError(_("Set the customer of the opportunity to see its org chart."))
        action = customer.action_view_org_chart()
        action["context"] = dict(action["context"], crm_decision_lead_id=self.id)
        # the hierarchy view sends the domain to the server, not the action's context
        action["domain"] = [*action["domain"], ("decision_org_chart_lead_id", "=", self.id)]
        return action

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        leads = super().create(vals_list)
        for lead in leads.filtered("stage_id.min_evaluation_score"):
            lead._check_evaluation_gate(lead.stage_id)
        self.env["crm.lead.stage.history"]._open_rows(leads.filtered("active"))
        self.env["crm.decision.member"]._refresh_last_contact_dates(
            leads.filtered("decision_member_ids")
        )
        leads.filtered("active")._update_stage_plan_actual_dates()
        to_plan = leads.filtered(
            lambda lead: (
                lead.type == "opportunity"
                and (lead.company_id or self.env.company).crm_plan_stages_on_create
            )
        )
        if to_plan:
            to_plan._plan_stages()
        return leads

    def write(self, vals):
        if "stage_id" not in vals and "active" not in vals:
            return super().write(vals)
        History = self.env["crm.lead.stage.history"]
        old_stages = {lead.id: lead.stage_id for lead in self}
        old_active = {lead.id: lead.active for lead in self}
        res = super().write(vals)
        if vals.get("stage_id"):
            new_stage = self.env["crm.stage"].browse(vals["stage_id"])
            if new_stage.min_evaluation_score:
                # after the write, so that answers written with the stage count
                self.filtered(lambda lead: old_stages[lead.id] != new_stage)._check_evaluation_gate(
                    new_stage
                )
        now = fields.Datetime.now()
        # leads that left a stage while staying active: close and open
        moved = self.filtered(
            lambda lead: (
                lead.active and old_active[lead.id] and lead.stage_id != old_stages[lead.id]
            )
        )
        if moved:
            exits = {}
            for lead in moved:
                old, new = old_stages[lead.id], lead.stage_id
                if new.is_won:
                    exits[lead.id] = "won"
                elif (new.sequence, new.id) > (old.sequence, old.id):
                    exits[lead.id] = "forward"
                else:
                    exits[lead.id] = "backward"
            History._close_rows(moved, exits, date=now)
            History._open_rows(moved, {lead.id: old_stages[lead.id].id for lead in moved}, date=now)
            moved._update_stage_plan_actual_dates()
        lost = self.filtered(lambda lead: not lead.active and old_active[lead.id])
        if lost:
            History._close_rows(lost, dict.fromkeys(lost.ids, "lost"), date=now)
        restored = self.filtered(lambda lead: lead.active and not old_active[lead.id])
        if restored:
            History._open_rows(
                restored, {lead.id: old_stages[lead.id].id for lead in restored}, date=now
            )
            restored._update_stage_plan_actual_dates()
        return res

    # ------------------------------------------------------------- business
    def _check_evaluation_gate(self, stage):
        """Refuse to put a lead into a stage whose minimum evaluation score it misses."""
        for lead in self:
            if (
                stage
                and stage.min_evaluation_score
                and lead.evaluation_score < stage.min_evaluation_score
            ):
                raise UserError(
                    _(
                        "Opportunity %(lead)s cannot enter stage %(stage)s: its evaluation score "
                        "is %(score)s, the stage requires at least %(threshold)s. Complete the "
                        "evaluation first.",
                        lead=lead.name,
                        stage=stage.name,
                        score=lead.evaluation_score,
                        threshold=stage.min_evaluation_score,
                    )
                )

    def _update_stage_plan_actual_dates(self):
        """Fill the actual date of the plan lines of the stages the leads just entered."""
        lines = self.env["crm.lead.stage.plan"].search(
            [("lead_id", "in", self.ids), ("actual_date", "=", False)]
        )
        today = fields.Date.context_today(self)
        lines.filtered(lambda line: line.stage_id == line.lead_id.stage_id).write(
            {"actual_date": today}
        )

    def _plan_stages(self):
        """Create the stage plan of the leads from the stages' expected days, starting at
        their creation date. Lines already reached (with an actual date) are kept."""
        Plan = self.env["crm.lead.stage.plan"]
        stages = self.env["crm.stage"].search([])
        history = (
            self.env["crm.lead.stage.history"]
            .sudo()
            ._read_group([("lead_id", "in", self.ids)], ["lead_id", "stage_id"], ["date_in:min"])
        )
        first_entry = {(lead.id, stage.id): date_in for lead, stage, date_in in history}
        created = {}
        for (lead_id, _stage_id), date_in in first_entry.items():
            created[lead_id] = min(created.get(lead_id, date_in), date_in)
        Plan.search([("lead_id", "in", self.ids), ("actual_date", "=", False)]).unlink()
        kept = {
            (line.lead_id.id, line.stage_id.id)
            for line in Plan.search([("lead_id", "in", self.ids)])
        }
        vals_list = []
        for lead in self:
            lead_stages = stages.filtered(
                lambda s, lead=lead: not s.team_id or s.team_id == lead.team_id
            )
            # the creation date as the stage history recorded it (else the record's)
            planned = fields.Date.to_date(
                created.get(lead.id) or lead.create_date or fields.Datetime.now()
            )
            for stage in lead_stages:
                if (lead.id, stage.id) not in kept:
                    entered = first_entry.get((lead.id, stage.id))
                    vals_list.append(
                        {
                            "lead_id": lead.id,
                            "stage_id": stage.id,
                            "planned_date": planned,
                            "actual_date": entered and entered.date(),
                            "user_id": lead.user_id.id,
                        }
                    )
                planned = fields.Date.add(planned, days=stage.expected_days)
        return Plan.create(vals_list)

    # --------------------------------------------------------------- actions
    def action_plan_stages(self):
        self._plan_stages()
        return True

    def action_view_stage_history(self):
        check_one(self)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_manufacturing.crm_lead_stage_history_action"
        )
        action["domain"] = [("lead_id", "=", self.id)]
        action["context"] = {}
        return action
