"""Context marks that only the server's own code can set.

A guard that lets the server's own code (``action_*`` methods, events, a settings form) write
what users may not checks a context key whose value is a mark made here. An XML-RPC or
JSON-RPC caller can put any string, number, list or dict in its context, never this Python
object, so a key sent from outside never passes the guard, whatever its value.
"""


class _ServerMark:
    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value

    def __repr__(self):
        return f"<server mark {self.value!r}>"


def server_marked(records, key, value=True):
    """``records`` in a context where ``key`` holds ``value`` as only server code sets it."""
    return records.with_context(**{key: _ServerMark(value)})


def server_mark(env, key, default=None):
    """The value that ``server_marked`` put under ``key`` in the context of ``env``, else
    ``default`` (whatever a client may have sent under that key)."""
    mark = env.context.get(key)
    return mark.value if isinstance(mark, _ServerMark) else default
