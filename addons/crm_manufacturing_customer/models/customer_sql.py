"""SQL of the customer lifecycle stage and value figures (set-based, one query each).

Both queries take plain Python dates (not ``now()``) so that tests can freeze the time.
"""

from odoo.tools import SQL

# memory for the sorts and hashes of one refresh statement over many customers (50,000
# customers need about 30 MB; PostgreSQL's default of 4 MB spills every sort of the statement
# to disk)
BATCH_WORK_MEM = "64MB"
# from this many customers on, a refresh runs with the batch settings
BATCH_SETTINGS_FROM = 1000


def with_batch_settings(statement):
    """``statement`` preceded, in the same round trip, by the settings of a refresh over many
    customers: enough ``work_mem`` for its aggregates, sorts and window functions to stay in
    memory, and no JIT compilation (the planner's estimate starts JIT at this scale, which
    spends up to 0.7 s compiling expressions that run once per customer). ``set_config(...,
    true)`` is ``SET LOCAL``: the settings end with the transaction (the scheduled action's)."""
    return SQL(
        "SELECT set_config('work_mem', %s, true), set_config('jit', 'off', true); %s",
        BATCH_WORK_MEM,
        statement,
    )


def customer_stage_sql(today, default_dormant_months, partner_ids=None):
    """Rows (partner_id, old_stage, stage) of commercial partners.

    Rule, first match wins:

    - at least one confirmed order, the last one older than the company's
      ``crm_dormant_months`` → ``dormant``
    - two confirmed orders or more → ``repeat``; one → ``customer``
    - an active opportunity (open or won, not yet ordered) → ``opportunity``
    - an active lead → ``prospect``
    - only lost leads/opportunities (archived with probability 0) → ``lost``
    - nothing → ``target``

    Leads and orders of the contacts of a company count for the company.

    :param today: a date
    :param default_dormant_months: months of partners without company
    :param partner_ids: restrict to these commercial partners (None: all)
    """
    restrict = order_filter = lead_filter = SQL()
    if partner_ids is not None:
        ids = tuple(partner_ids) or (None,)
        restrict = SQL("AND p.id IN %s", ids)
        members = SQL("(SELECT m.id FROM res_partner m WHERE m.commercial_partner_id IN %s)", ids)
        order_filter = SQL("AND o.partner_id IN %s", members)
        lead_filter = SQL("AND l.partner_id IN %s", members)
    return SQL(
        """
        WITH orders AS (
            -- aggregated per order partner first: the join is made on one row per partner
            SELECT cp.commercial_partner_id AS partner_id, SUM(x.order_count) AS order_count,
                   MAX(x.last_order) AS last_order
              FROM (SELECT o.partner_id, COUNT(*) AS order_count, MAX(o.date_order) AS last_order
                      FROM sale_order o
                     WHERE o.state = 'sale' %(order_filter)s
                  GROUP BY o.partner_id) x
              JOIN res_partner cp ON cp.id = x.partner_id
          GROUP BY cp.commercial_partner_id
        ),
        leads AS (
            SELECT cp.commercial_partner_id AS partner_id,
                   BOOL_OR(x.has_opportunity) AS has_opportunity,
                   BOOL_OR(x.has_lead) AS has_lead, BOOL_OR(x.has_lost) AS has_lost
              FROM (SELECT l.partner_id,
                           BOOL_OR(l.active AND l.type = 'opportunity') AS has_opportunity,
                           BOOL_OR(l.active AND l.type = 'lead') AS has_lead,
                           BOOL_OR(NOT l.active AND l.probability = 0) AS has_lost
                      FROM crm_lead l
                     WHERE l.partner_id IS NOT NULL %(lead_filter)s
                  GROUP BY l.partner_id) x
              JOIN res_partner cp ON cp.id = x.partner_id
          GROUP BY cp.commercial_partner_id
        )
        SELECT p.id AS partner_id, p.customer_stage AS old_stage,
               CASE
                   WHEN o.order_count > 0
                        AND o.last_order < %(today)s::timestamp
                                           - make_interval(months => COALESCE(
                                                 c.crm_dormant_months, %(months)s))
                       THEN 'dormant'
                   WHEN o.order_count >= 2 THEN 'repeat'
                   WHEN o.order_count = 1 THEN 'customer'
                   WHEN l.has_opportunity THEN 'opportunity'
                   WHEN l.has_lead THEN 'prospect'
                   WHEN l.has_lost THEN 'lost'
                   ELSE 'target'
               END AS stage
          FROM res_partner p
     LEFT JOIN res_company c ON c.id = p.company_id
     LEFT JOIN orders o ON o.partner_id = p.id
     LEFT JOIN leads l ON l.partner_id = p.id
         WHERE p.id = p.commercial_partner_id %(restrict)s
        """,
        months=default_dormant_months,
        restrict=restrict,
        order_filter=order_filter,
        lead_filter=lead_filter,
        today=today,
    )


def apply_customer_stage_sql(stage_query, now, uid, limit=None):
    """Write the stages of ``stage_query`` that changed, add one history row per change and
    return (partner_id, old_stage, stage) of the changes — one statement.

    :param limit: write only the first ``limit`` changes (by partner id) and return a fourth
        column, the number of changes found before writing (a batch of the daily job: the
        rest is for the next call, which finds it again)
    """
    batch, pending = SQL("SELECT * FROM todo"), SQL()
    if limit is not None:
        batch = SQL("SELECT * FROM todo ORDER BY partner_id LIMIT %s", limit)
        pending = SQL(", (SELECT COUNT(*) FROM todo)")
    return SQL(
        """
        WITH stages AS (%(stages)s),
        todo AS (SELECT * FROM stages WHERE old_stage IS DISTINCT FROM stage),
        changed AS (
            -- the changes only reach the join (none on most days)
            UPDATE res_partner p
               SET customer_stage = s.stage, customer_stage_date = %(now)s
              FROM (%(batch)s) s
             WHERE p.id = s.partner_id AND p.customer_stage IS DISTINCT FROM s.stage
         RETURNING p.id, s.old_stage, s.stage
        ),
        history AS (
            INSERT INTO crm_customer_stage_history
                   (partner_id, stage, previous_stage, date,
                    create_uid, create_date, write_uid, write_date)
            SELECT id, stage, old_stage, %(now)s, %(uid)s, %(now)s, %(uid)s, %(now)s
              FROM changed
        )
        SELECT id, old_stage, stage%(pending)s FROM changed
        """,
        stages=stage_query,
        batch=batch,
        pending=pending,
        now=now,
        uid=uid,
    )


# untaxed amount of the order ``o`` in company currency: the division by the order's rate only
# for orders in another currency (the same value: a numeric divided by 1 is itself)
ORDER_AMOUNT_SQL = SQL(
    "CASE WHEN o.currency_rate = 1 THEN o.amount_untaxed"
    " ELSE o.amount_untaxed / COALESCE(NULLIF(o.currency_rate, 0), 1) END"
)

# rfm_segment, first match wins (r, f, m are the 1-5 scores, fm = (f + m) / 2):
#   new          r >= 4 and f = 1           recent, among the least frequent
#   champion     r >= 4 and fm >= 4         recent, frequent and big
#   loyal        r >= 3 and fm >= 3
#   potential    r >= 3                     recent enough, small so far
#   at_risk      fm >= 3                    (r <= 2) were good, not ordering lately
#   hibernating  r = 2
#   lost         r = 1
RFM_SEGMENT_SQL = SQL(
    """
    CASE
        WHEN s.r >= 4 AND s.f = 1 THEN 'new'
        WHEN s.r >= 4 AND (s.f + s.m) >= 8 THEN 'champion'
        WHEN s.r >= 3 AND (s.f + s.m) >= 6 THEN 'loyal'
        WHEN s.r >= 3 THEN 'potential'
        WHEN (s.f + s.m) >= 6 THEN 'at_risk'
        WHEN s.r = 2 THEN 'hibernating'
        ELSE 'lost'
    END
    """
)

# company-dependent figures (jsonb {company id: value}) and their column of value_query
VALUE_COLUMNS = {
    "rfm_last_order_date": "last_order_date",
    "rfm_frequency": "frequency",
    "rfm_monetary": "monetary",
    "rfm_r": "r",
    "rfm_f": "f",
    "rfm_m": "m",
    "rfm_segment": "segment",
    "value_growth_percent": "growth",
    "avg_order_amount": "avg_amount",
    "amount_last_12_months": "last_12",
    # computed in the update itself from the row's estimated_annual_spend (no extra join)
    "wallet_share_percent": None,
}


# SQL type of the figures compared before a write (float when not listed)
VALUE_TYPES = {
    "rfm_last_order_date": "date",
    "rfm_frequency": "int",
    "rfm_r": "int",
    "rfm_f": "int",
    "rfm_m": "int",
    "rfm_segment": "text",
}


def customer_value_sql(
    company_id, today, window_start, last_12_start, prev_12_start, partner_ids=None
):
    """Rows (partner_id, <VALUE_COLUMNS values>) of the customers of one company: the
    commercial partners with at least one confirmed order of the company.

    Amounts are untaxed, in company currency (amount / the order's currency rate).
    Recency is the date of the last order ever (the days since are computed on read, so
    that the daily refresh only writes the customers whose figures changed); frequency and
    monetary count the orders since ``window_start``; scores are quintiles (``ntile(5)``)
    among the company's customers, 5 the best, ties broken by partner id.

    :param partner_ids: only the rows of these commercial partners (after a confirmation):
        their figures are computed from their orders and ranked among the stored figures of
        the company's other customers (refreshed by the daily run), without reading the
        orders of everyone.
    """
    order_filter = others = SQL()
    if partner_ids is not None:
        ids = tuple(partner_ids) or (None,)
        order_filter = SQL(
            "AND o.partner_id IN (SELECT m.id FROM res_partner m "
            "WHERE m.commercial_partner_id IN %s)",
            ids,
        )
        others = SQL(
            """
            UNION ALL
            SELECT p.id, (p.rfm_last_order_date->>%(key)s)::timestamp,
                   (p.rfm_frequency->>%(key)s)::int, (p.rfm_monetary->>%(key)s)::numeric,
                   0, 0, FALSE
              FROM res_partner p
             WHERE p.rfm_segment ? %(key)s AND p.id NOT IN %(ids)s
            """,
            key=str(company_id),
            ids=ids,
        )
    return SQL(
        """
        WITH per_partner AS (
            SELECT o.partner_id, MAX(o.date_order) AS last_order,
                   COUNT(*) FILTER (WHERE o.date_order >= %(window_start)s) AS frequency,
                   SUM(%(amount)s)
                       FILTER (WHERE o.date_order >= %(window_start)s) AS monetary,
                   SUM(%(amount)s)
                       FILTER (WHERE o.date_order >= %(last_12)s) AS last_12,
                   SUM(%(amount)s)
                       FILTER (WHERE o.date_order >= %(prev_12)s
                                 AND o.date_order < %(last_12)s) AS prev_12
              FROM sale_order o
             WHERE o.state = 'sale' AND o.company_id = %(company)s %(order_filter)s
          GROUP BY o.partner_id
        ),
        customers AS (
            SELECT p.commercial_partner_id AS partner_id, MAX(x.last_order) AS last_order,
                   SUM(x.frequency)::int AS frequency,
                   COALESCE(SUM(x.monetary), 0) AS monetary,
                   COALESCE(SUM(x.last_12), 0) AS last_12,
                   COALESCE(SUM(x.prev_12), 0) AS prev_12,
                   TRUE AS computed
              FROM per_partner x
              JOIN res_partner p ON p.id = x.partner_id
          GROUP BY p.commercial_partner_id
            %(others)s
        ),
        s AS (
            SELECT c.*,
                   ntile(5) OVER (ORDER BY c.last_order::date, c.partner_id) AS r,
                   ntile(5) OVER (ORDER BY c.frequency, c.partner_id) AS f,
                   ntile(5) OVER (ORDER BY c.monetary, c.partner_id) AS m
              FROM customers c
        )
        SELECT s.partner_id,
               s.last_order::date AS last_order_date,
               s.frequency,
               ROUND(s.monetary, 2)::float AS monetary,
               s.r, s.f, s.m,
               %(segment)s AS segment,
               CASE WHEN s.prev_12 > 0
                    THEN ROUND((s.last_12 - s.prev_12) / s.prev_12 * 100, 2)::float
                    ELSE 0 END AS growth,
               CASE WHEN s.frequency > 0
                    THEN ROUND(s.monetary / s.frequency, 2)::float
                    ELSE 0 END AS avg_amount,
               ROUND(s.last_12, 2)::float AS last_12
          FROM s
         WHERE s.computed
        """,
        company=company_id,
        today=today,
        window_start=window_start,
        last_12=last_12_start,
        prev_12=prev_12_start,
        segment=RFM_SEGMENT_SQL,
        order_filter=order_filter,
        others=others,
        amount=ORDER_AMOUNT_SQL,
    )


def apply_customer_value_sql(value_query, company_id, partner_ids=None, limit=None):
    """Write the figures of ``value_query`` into the company's key of the jsonb columns of
    the rows that changed, and drop that key from the partners that are no longer customers
    of the company (among ``partner_ids`` when given). Returns one row (updated, cleared).

    :param limit: write and clear at most ``limit`` customers (the changed ones first, by
        partner id) and add a third column, the number of customers to write or clear found
        before writing (a batch of the daily job: the next call finds the rest again, as the
        scores are ranked from the orders, not from the figures already written)
    """
    key = str(company_id)
    scope = SQL()
    if partner_ids is not None:
        scope = SQL("AND p.id IN %s", tuple(partner_ids) or (None,))
    values = {
        column: SQL("v.%s", SQL.identifier(value))
        for column, value in VALUE_COLUMNS.items()
        if value
    }
    estimate = SQL("(p.estimated_annual_spend->>%s)::numeric", key)
    values["wallet_share_percent"] = SQL(
        "CASE WHEN %(estimate)s > 0 THEN ROUND(v.last_12::numeric / %(estimate)s * 100, 2)::float"
        " ELSE 0 END",
        estimate=estimate,
    )

    def per_column(template, separator, columns):
        return SQL(separator).join(
            SQL(
                template,
                col=SQL.identifier(column),
                key=key,
                val=value,
                type=SQL(VALUE_TYPES.get(column, "float")),
            )
            for column, value in columns
        )

    sets = per_column(
        "%(col)s = COALESCE(p.%(col)s, '{}'::jsonb) || jsonb_build_object(%(key)s, %(val)s)",
        ", ",
        values.items(),
    )
    # compared in the figures' own types: to_jsonb() of 50,000 rows × 11 figures costs three
    # times what reading the stored values back does (a float is stored as its shortest exact
    # text and read back to the same float)
    changed = per_column(
        "(p.%(col)s->>%(key)s)::%(type)s IS DISTINCT FROM %(val)s", " OR ", values.items()
    )
    clears = per_column(
        "%(col)s = p.%(col)s - %(key)s", ", ", ((column, None) for column in VALUE_COLUMNS)
    )
    statement = """
        WITH v AS (%(values)s),
        updated AS (
            UPDATE res_partner p SET %(sets)s
              FROM v
             WHERE p.id = v.partner_id AND (%(changed)s)
         RETURNING p.id
        ),
        cleared AS (
            -- NOT IN: a hashed subplan, whatever the (stale) estimates of the key's rows
            UPDATE res_partner p SET %(clears)s
             WHERE p.rfm_segment ? %(key)s
               AND p.id NOT IN (SELECT v.partner_id FROM v) %(scope)s
         RETURNING p.id
        )
        SELECT (SELECT COUNT(*) FROM updated), (SELECT COUNT(*) FROM cleared)
        """
    if limit is not None:
        statement = """
        WITH v AS (%(values)s),
        todo AS (
            SELECT v.* FROM v JOIN res_partner p ON p.id = v.partner_id WHERE (%(changed)s)
        ),
        gone AS (
            SELECT p.id FROM res_partner p
             WHERE p.rfm_segment ? %(key)s
               AND p.id NOT IN (SELECT v.partner_id FROM v) %(scope)s
        ),
        batch AS (SELECT * FROM todo ORDER BY partner_id LIMIT %(limit)s),
        updated AS (
            UPDATE res_partner p SET %(sets)s
              FROM batch v
             WHERE p.id = v.partner_id
         RETURNING p.id
        ),
        cleared AS (
            UPDATE res_partner p SET %(clears)s
             WHERE p.id IN (SELECT g.id FROM gone g ORDER BY g.id
                             LIMIT GREATEST(%(limit)s - (SELECT COUNT(*) FROM batch), 0))
         RETURNING p.id
        )
        SELECT (SELECT COUNT(*) FROM updated), (SELECT COUNT(*) FROM cleared),
               (SELECT COUNT(*) FROM todo) + (SELECT COUNT(*) FROM gone)
        """
    return SQL(
        statement,
        values=value_query,
        sets=sets,
        changed=changed,
        clears=clears,
        key=key,
        scope=scope,
        limit=limit,
    )


def customer_order_ratio_sql(order_ids=None):
    """Set ``customer_order_ratio`` of confirmed orders: amount / the average amount of the
    customer's confirmed orders of the same company before it (by order date), 0 for a first
    order. Amounts untaxed in company currency.

    :param order_ids: only these orders (None: every confirmed order)
    """
    partners = SQL("TRUE")
    target = SQL("TRUE")
    if order_ids is not None:
        ids = tuple(order_ids) or (None,)
        target = SQL("so.id IN %s", ids)
        partners = SQL(
            """p.commercial_partner_id IN (
                   SELECT op.commercial_partner_id FROM sale_order t
                     JOIN res_partner op ON op.id = t.partner_id WHERE t.id IN %s)""",
            ids,
        )
    return SQL(
        """
        WITH o AS (
            SELECT o.id, o.company_id, p.commercial_partner_id AS partner_id, o.date_order,
                   %(amount)s AS amount
              FROM sale_order o
              JOIN res_partner p ON p.id = o.partner_id
             WHERE o.state = 'sale' AND %(partners)s
        ),
        w AS (
            SELECT o.id, o.amount,
                   AVG(o.amount) OVER (PARTITION BY o.company_id, o.partner_id
                                       ORDER BY o.date_order, o.id
                                       ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
                       AS previous_avg
              FROM o
        )
        UPDATE sale_order so
           SET customer_order_ratio = CASE WHEN w.previous_avg > 0
                                           THEN ROUND(w.amount / w.previous_avg, 2)
                                           ELSE 0 END
          FROM w
         WHERE so.id = w.id AND %(target)s
           AND so.customer_order_ratio IS DISTINCT FROM
               (CASE WHEN w.previous_avg > 0 THEN ROUND(w.amount / w.previous_avg, 2) ELSE 0 END)
        """,
        partners=partners,
        target=target,
        amount=ORDER_AMOUNT_SQL,
    )
