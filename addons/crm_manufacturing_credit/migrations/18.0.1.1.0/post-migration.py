def migrate(cr, version):
    """The stored credit figures gained every column of the figures query: the rows stored
    before have none of the new ones, so none is clean until the cron computes it again."""
    if version:
        cr.execute("UPDATE crm_credit_figure SET computed_for = NULL")
