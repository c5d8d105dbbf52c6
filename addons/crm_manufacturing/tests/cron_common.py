"""Test helpers for the batched crons of the modules (Odoo 18's ir.cron progress API).

ir.cron's runner (``ir.cron._run_job``) creates an ``ir.cron.progress`` record, calls the
server action with ``ir_cron_progress_id`` in the context, commits, and calls again while the
method reported ``remaining`` records (10 calls per run, then the job is run again). These
helpers make those calls inside a test transaction, and kill a call half-way like a worker
that dies before the runner's commit.
"""

from contextlib import contextmanager
from unittest.mock import patch


class KilledWorkerError(Exception):
    """Raised in the middle of a batch: the worker died before the runner committed."""


class CronBatchMixin:
    """For TransactionCase classes testing a cron method that works in batches: the
    ``_assert_cron_*`` helpers run ``_cron_method`` of the scheduled action ``_cron_xmlid``."""

    _cron_xmlid = None
    _cron_method = None

    def _cron_call(self, cron_xmlid, method, **kwargs):
        """One call of the method, as the runner makes it; returns the (done, remaining) the
        method reported to the progress record."""
        cron = self.env.ref(cron_xmlid)
        _cron, progress = cron._add_progress()
        model = self.env[cron.model_id.model].with_context(ir_cron_progress_id=progress.id)
        getattr(model, method)(**kwargs)
        return progress.done, progress.remaining

    def _cron_trigger(self, cron_xmlid, code):
        """Run the scheduled action itself (its server action, as "Run Manually" does), with
        ``code`` as its code; returns the (done, remaining) of the progress it reported."""
        cron = self.env.ref(cron_xmlid)
        cron.code = code
        cron.method_direct_trigger()
        progress = self.env["ir.cron.progress"].search(
            [("cron_id", "=", cron.id)], order="id desc", limit=1
        )
        return progress.done, progress.remaining

    def _assert_cron_calls(self, batch_size, progress):
        """Calls of the method one after the other, with ``batch_size``: each reports the next
        (done, remaining) of ``progress``."""
        for expected in progress:
            self.assertEqual(
                self._cron_call(self._cron_xmlid, self._cron_method, batch_size=batch_size),
                expected,
            )

    def _assert_cron_triggers(self, batch_size, progress):
        """The scheduled action as shipped calls the method with its default batch size; run
        with ``batch_size`` one time after the other, it reports the (done, remaining) of
        ``progress``."""
        method = self._cron_method
        self.assertEqual(self.env.ref(self._cron_xmlid).code.strip(), f"model.{method}()")
        code = f"model.{method}(batch_size={batch_size})"
        for expected in progress:
            self.assertEqual(self._cron_trigger(self._cron_xmlid, code), expected)

    def _cron_call_killed(self, batch_size, model, method, call):
        """One call of the cron method that dies on the ``call``-th call of ``model.method``
        (``_killed_on_call``): nothing of that batch stays."""
        with self._killed_on_call(model, method, call):
            self._cron_call(self._cron_xmlid, self._cron_method, batch_size=batch_size)

    @contextmanager
    def _killed_on_call(self, model, method, call):
        """Make ``model.method`` raise on its ``call``-th call inside the block, and expect the
        block to fail: what that batch did is rolled back (savepoint), as the runner rolls
        back a failed call. Fails if the block did not reach that call."""
        model_class = type(self.env[model])
        original = getattr(model_class, method)
        calls = []

        def killed(records, *args, **kwargs):
            calls.append(records)
            if len(calls) == call:
                raise KilledWorkerError(f"worker killed in {model}.{method}")
            return original(records, *args, **kwargs)

        with patch.object(model_class, method, killed), self.assertRaises(KilledWorkerError):
            yield
        self.env.invalidate_all()
