"""Lookups the ORM lacks. `field__any=[…]`: membership in a long list as one array parameter.

Django writes `field__in=[…]` as `IN (%s, %s, …)`, one placeholder per
value; psycopg converts every placeholder of such a query each time it runs
(the query text differs with the list's length, so nothing is cached), which
cost the batch recompute more than the queries themselves. On PostgreSQL
`= ANY(%s)` takes the whole list as one array; elsewhere it is `IN`."""

from django.db.backends.signals import connection_created
from django.db.models import Field, ForeignObject, Lookup, Transform
from django.db.models.lookups import In
from django.dispatch import receiver


@Field.register_lookup
@ForeignObject.register_lookup
class AnyOf(Lookup):
    lookup_name = "any"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        return In(self.lhs, list(self.rhs)).as_sql(compiler, connection)

    def as_postgresql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        values = [self.lhs.output_field.get_prep_value(v) for v in self.rhs]
        return f"{lhs} = ANY(%s)", [*params, values]


# --- case folding in every script -------------------------------------------------


@Field.register_lookup
class CaseFold(Transform):
    """`field__casefold`: the text case-folded in every script, so
    `field__casefold__contains=query.casefold()` matches "хама" in "Хама".
    SQLite's own LOWER and LIKE fold ASCII only; it gets Python's casefold
    as a function (registered on each new connection, below)."""

    lookup_name = "casefold"
    function = "claimtrace_casefold"

    def as_postgresql(self, compiler, connection):
        lhs, params = compiler.compile(self.lhs)
        return f"lower({lhs})", params


def _casefold(value):
    return value.casefold() if isinstance(value, str) else value


@receiver(connection_created)
def _sqlite_casefold(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "claimtrace_casefold", 1, _casefold, deterministic=True
        )
