"""The credit figures of customers, computed in one SQL query.

The same query serves the fields of ``res.partner`` (one company, some partners,
a given today) and the "Credit Risk" report (every company and customer, today).
Amounts are in company currency.
"""

from odoo.tools import SQL

FIGURES = (
    "open_amount",
    "aging_current",
    "aging_1_30",
    "aging_31_60",
    "aging_61_90",
    "aging_over_90",
    "overdue_amount",
    "max_overdue_days",
    "to_invoice",
    "draft_amount",
    "avg_days_to_pay",
    "avg_days_late",
    "credit_limit",
    "credit_exposure",
    "credit_available",
    "credit_utilization",
    "score_utilization",
    "score_overdue_share",
    "score_overdue_days",
    "score_payment_behaviour",
    "credit_score",
    "credit_grade",
    "bad_debt_provision",
)


# The columns the query reads: flushed before it runs (res.partner._get_credit_figures) and
# declared as the _depends of the Credit Risk report, so that reads see the writes made
# earlier in the same transaction.
CREDIT_DEPENDS = {
    "account.account": ["account_type"],
    "account.move": [
        "amount_total_signed",
        "company_id",
        "invoice_date",
        "move_type",
        "partner_id",
        "payment_state",
        "state",
    ],
    "account.move.line": [
        "account_id",
        "amount_residual",
        "company_id",
        "date",
        "date_maturity",
        "move_id",
        "parent_state",
        "partner_id",
        "reconciled",
    ],
    "account.partial.reconcile": ["debit_move_id", "max_date"],
    "res.company": [
        "credit_provision_current",
        "credit_provision_1_30",
        "credit_provision_31_60",
        "credit_provision_61_90",
        "credit_provision_over_90",
        "credit_score_weight_utilization",
        "credit_score_weight_overdue_share",
        "credit_score_weight_overdue_days",
        "credit_score_weight_payment",
        "currency_id",
    ],
    "res.partner": ["commercial_partner_id", "credit_limit"],
    "sale.order": [
        "amount_total",
        "amount_untaxed",
        "company_id",
        "currency_rate",
        "partner_id",
        "state",
    ],
    "sale.order.line": [
        "discount",
        "display_type",
        "order_id",
        "price_total",
        "price_unit",
        "product_uom_qty",
        "qty_delivered",
        "qty_invoiced",
    ],
}


def credit_figures_sql(today, company_ids=None, partner_ids=None, default_limits=None):
    """SQL returning one row per (company_id, partner_id = commercial partner) that has
    open receivables, confirmed orders to invoice, draft invoices or paid invoices of
    the last year, with the columns of FIGURES.

    Exposure = open receivables + draft customer invoices and credit notes + per confirmed
    order, the sum over its lines of max(ordered, delivered) - invoiced (draft invoices
    included), tax included, never below 0 for an order.

    :param today: an SQL expression or a date
    :param company_ids: restrict to these companies (None: all)
    :param partner_ids: restrict to these commercial partners (None: all)
    :param default_limits: {company id: default credit limit (ir.default)}: the limit of the
        partners without one of their own in that company
    """
    today = today if isinstance(today, SQL) else SQL("%s::date", today)
    if default_limits:
        default_limits_sql = SQL(
            "VALUES %s",
            SQL(", ").join(
                SQL("(%s::int, %s::numeric)", company_id, float(limit or 0.0))
                for company_id, limit in sorted(default_limits.items())
            ),
        )
    else:
        default_limits_sql = SQL("SELECT NULL::int, NULL::numeric WHERE FALSE")

    def restrict(company_column, partner_column, partners=None):
        conditions = [SQL("TRUE")]
        if company_ids is not None:
            conditions.append(SQL("%s IN %s", SQL(company_column), tuple(company_ids) or (None,)))
        if partner_ids is not None:
            partners = partners or SQL("%s", tuple(partner_ids) or (None,))
            conditions.append(SQL("%s IN %s", SQL(partner_column), partners))
        return SQL(" AND ").join(conditions)

    return SQL(
        """
        WITH recv_lines AS (
            -- aggregated per journal item partner first, then per commercial partner: the
            -- join to res_partner is made on one row per partner, not on every line
            SELECT l.company_id, l.partner_id,
                   SUM(l.amount_residual) AS open_amount,
                   SUM(l.amount_residual) FILTER (WHERE COALESCE(l.date_maturity, l.date) >= %(today)s) AS aging_current,
                   SUM(l.amount_residual) FILTER (WHERE %(today)s - COALESCE(l.date_maturity, l.date) BETWEEN 1 AND 30) AS aging_1_30,
                   SUM(l.amount_residual) FILTER (WHERE %(today)s - COALESCE(l.date_maturity, l.date) BETWEEN 31 AND 60) AS aging_31_60,
                   SUM(l.amount_residual) FILTER (WHERE %(today)s - COALESCE(l.date_maturity, l.date) BETWEEN 61 AND 90) AS aging_61_90,
                   SUM(l.amount_residual) FILTER (WHERE %(today)s - COALESCE(l.date_maturity, l.date) > 90) AS aging_over_90,
                   MAX(%(today)s - COALESCE(l.date_maturity, l.date))
                       FILTER (WHERE COALESCE(l.date_maturity, l.date) < %(today)s AND l.amount_residual > 0) AS max_overdue_days
              FROM account_move_line l
              JOIN account_account a ON a.id = l.account_id AND a.account_type = 'asset_receivable'
             WHERE l.parent_state = 'posted' AND NOT l.reconciled AND l.amount_residual != 0
               AND %(aml_filter)s
          GROUP BY l.company_id, l.partner_id
        ),
        recv AS (
            SELECT r.company_id, p.commercial_partner_id AS partner_id,
                   SUM(r.open_amount) AS open_amount, SUM(r.aging_current) AS aging_current,
                   SUM(r.aging_1_30) AS aging_1_30, SUM(r.aging_31_60) AS aging_31_60,
                   SUM(r.aging_61_90) AS aging_61_90, SUM(r.aging_over_90) AS aging_over_90,
                   MAX(r.max_overdue_days) AS max_overdue_days
              FROM recv_lines r
              JOIN res_partner p ON p.id = r.partner_id
          GROUP BY r.company_id, p.commercial_partner_id
        ),
        order_lines AS (
            -- per confirmed order line: max(ordered, delivered) - invoiced (draft invoices
            -- included), tax included, in company currency. Goods invoiced on delivery count
            -- from the confirmation; down-payment lines (nothing ordered, something invoiced)
            -- offset the invoices of the installments they made.
            SELECT so.company_id, so.partner_id, so.id AS order_id,
                   (GREATEST(sol.product_uom_qty, sol.qty_delivered) - sol.qty_invoiced)
                   * CASE WHEN sol.product_uom_qty != 0 THEN sol.price_total / sol.product_uom_qty
                          ELSE sol.price_unit * (1 - COALESCE(sol.discount, 0) / 100.0)
                               * COALESCE(so.amount_total / NULLIF(so.amount_untaxed, 0), 1) END
                   / COALESCE(NULLIF(so.currency_rate, 0), 1) AS amount
              FROM sale_order_line sol
              JOIN sale_order so ON so.id = sol.order_id
              JOIN res_partner p ON p.id = so.partner_id
             WHERE so.state = 'sale' AND sol.display_type IS NULL
               AND GREATEST(sol.product_uom_qty, sol.qty_delivered) != sol.qty_invoiced
               AND %(so_filter)s
        ),
        orders AS (
            -- an order never lowers the exposure: its installments invoiced through down
            -- payments are in the receivables (posted) or the drafts
            SELECT o.company_id, p.commercial_partner_id AS partner_id,
                   SUM(GREATEST(o.amount, 0)) AS to_invoice
              FROM (SELECT company_id, partner_id, order_id, SUM(amount) AS amount
                      FROM order_lines GROUP BY company_id, partner_id, order_id) o
              JOIN res_partner p ON p.id = o.partner_id
          GROUP BY o.company_id, p.commercial_partner_id
        ),
        drafts AS (
            SELECT m.company_id, p.commercial_partner_id AS partner_id,
                   SUM(m.amount_total_signed) AS draft_amount
              FROM account_move m
              JOIN res_partner p ON p.id = m.partner_id
             WHERE m.state = 'draft' AND m.move_type IN ('out_invoice', 'out_refund') AND %(move_filter)s
          GROUP BY m.company_id, p.commercial_partner_id
        ),
        paid_moves AS (
            -- joins rather than a LATERAL subquery per invoice: the planner walks the indexes
            -- for one customer and hashes for all, and its estimate stays far below the
            -- thresholds of PostgreSQL's JIT compilation (seconds spent compiling otherwise)
            SELECT m.company_id, p.commercial_partner_id AS partner_id, m.id, m.invoice_date,
                   MAX(apr.max_date) AS last_reconcile,
                   -- payment behaviour: days from the due date of the receivable line (the
                   -- customer's payment term) to its last reconciliation, 0 when on time
                   GREATEST(MAX(apr.max_date - COALESCE(l.date_maturity, m.invoice_date)), 0)
                       AS days_late
              FROM account_move m
              JOIN res_partner p ON p.id = m.partner_id
              JOIN account_move_line l ON l.move_id = m.id
              JOIN account_partial_reconcile apr ON apr.debit_move_id = l.id
             WHERE m.move_type = 'out_invoice' AND m.state = 'posted'
               AND m.payment_state IN ('paid', 'in_payment')
               AND apr.max_date >= %(today)s - 365 AND %(move_filter)s
          GROUP BY m.company_id, p.commercial_partner_id, m.id, m.invoice_date
        ),
        paid AS (
            SELECT company_id, partner_id, AVG(last_reconcile - invoice_date) AS avg_days_to_pay,
                   AVG(days_late) AS avg_days_late
              FROM paid_moves
          GROUP BY company_id, partner_id
        ),
        default_limits (company_id, credit_limit) AS (
            -- the company's default credit limit (ir.default), for partners without their own
            %(default_limits)s
        ),
        keys AS (
            SELECT company_id, partner_id FROM recv
            UNION SELECT company_id, partner_id FROM orders
            UNION SELECT company_id, partner_id FROM drafts
            UNION SELECT company_id, partner_id FROM paid
        ),
        base AS (
            SELECT k.company_id, k.partner_id,
                   COALESCE(r.open_amount, 0) AS open_amount,
                   COALESCE(r.aging_current, 0) AS aging_current,
                   COALESCE(r.aging_1_30, 0) AS aging_1_30,
                   COALESCE(r.aging_31_60, 0) AS aging_31_60,
                   COALESCE(r.aging_61_90, 0) AS aging_61_90,
                   COALESCE(r.aging_over_90, 0) AS aging_over_90,
                   COALESCE(r.aging_1_30, 0) + COALESCE(r.aging_31_60, 0)
                       + COALESCE(r.aging_61_90, 0) + COALESCE(r.aging_over_90, 0) AS overdue_amount,
                   COALESCE(r.max_overdue_days, 0) AS max_overdue_days,
                   COALESCE(o.to_invoice, 0) AS to_invoice,
                   COALESCE(d.draft_amount, 0) AS draft_amount,
                   ROUND(COALESCE(pd.avg_days_to_pay, 0), 1) AS avg_days_to_pay,
                   ROUND(COALESCE(pd.avg_days_late, 0), 1) AS avg_days_late,
                   COALESCE((rp.credit_limit ->> k.company_id::text)::numeric, dl.credit_limit, 0)
                       AS credit_limit,
                   c.credit_provision_current, c.credit_provision_1_30, c.credit_provision_31_60,
                   c.credit_provision_61_90, c.credit_provision_over_90,
                   c.credit_score_weight_utilization, c.credit_score_weight_overdue_share,
                   c.credit_score_weight_overdue_days, c.credit_score_weight_payment
              FROM keys k
              JOIN res_partner rp ON rp.id = k.partner_id
              JOIN res_company c ON c.id = k.company_id
         LEFT JOIN recv r ON r.company_id = k.company_id AND r.partner_id = k.partner_id
         LEFT JOIN orders o ON o.company_id = k.company_id AND o.partner_id = k.partner_id
         LEFT JOIN drafts d ON d.company_id = k.company_id AND d.partner_id = k.partner_id
         LEFT JOIN paid pd ON pd.company_id = k.company_id AND pd.partner_id = k.partner_id
         LEFT JOIN default_limits dl ON dl.company_id = k.company_id
        ),
        exposure AS (
            SELECT b.*, b.open_amount + b.to_invoice + b.draft_amount AS credit_exposure
              FROM base b
        ),
        components AS (
            SELECT e.*,
                   CASE WHEN e.credit_limit > 0
                        THEN LEAST(1, GREATEST(0, e.credit_exposure / e.credit_limit)) ELSE 0 END AS score_utilization,
                   CASE WHEN e.open_amount > 0
                        THEN LEAST(1, GREATEST(0, e.overdue_amount / e.open_amount)) ELSE 0 END AS score_overdue_share,
                   LEAST(1, e.max_overdue_days / 180.0) AS score_overdue_days,
                   LEAST(1, e.avg_days_late / 90.0) AS score_payment_behaviour
              FROM exposure e
        ),
        scored AS (
            SELECT s.*,
                   -- the weights are the company's (Credit Policy); kept within 0 to 100
                   LEAST(100, GREATEST(0, ROUND(100
                         - COALESCE(s.credit_score_weight_utilization, 35) * s.score_utilization
                         - COALESCE(s.credit_score_weight_overdue_share, 35) * s.score_overdue_share
                         - COALESCE(s.credit_score_weight_overdue_days, 30) * s.score_overdue_days
                         - COALESCE(s.credit_score_weight_payment, 20) * s.score_payment_behaviour
                   )))::int AS credit_score
              FROM components s
        )
        SELECT company_id, partner_id,
               open_amount, aging_current, aging_1_30, aging_31_60, aging_61_90, aging_over_90,
               overdue_amount, max_overdue_days, to_invoice, draft_amount, avg_days_to_pay,
               avg_days_late,
               credit_limit, credit_exposure,
               CASE WHEN credit_limit > 0 THEN credit_limit - credit_exposure ELSE 0 END AS credit_available,
               CASE WHEN credit_limit > 0 THEN ROUND(credit_exposure / credit_limit * 100, 1) ELSE 0 END
                   AS credit_utilization,
               score_utilization, score_overdue_share, score_overdue_days,
               score_payment_behaviour, credit_score,
               CASE WHEN credit_score >= 85 THEN 'A' WHEN credit_score >= 70 THEN 'B'
                    WHEN credit_score >= 55 THEN 'C' WHEN credit_score >= 40 THEN 'D' ELSE 'E' END AS credit_grade,
               (aging_current * credit_provision_current + aging_1_30 * credit_provision_1_30
                + aging_31_60 * credit_provision_31_60 + aging_61_90 * credit_provision_61_90
                + aging_over_90 * credit_provision_over_90) / 100.0 AS bad_debt_provision
          FROM scored
        """,
        today=today,
        default_limits=default_limits_sql,
        aml_filter=restrict(
            "l.company_id",
            "l.partner_id",
            partners=SQL(
                "(SELECT id FROM res_partner WHERE commercial_partner_id IN %s)",
                tuple(partner_ids or ()) or (None,),
            ),
        ),
        so_filter=restrict("so.company_id", "p.commercial_partner_id"),
        move_filter=restrict("m.company_id", "p.commercial_partner_id"),
    )
