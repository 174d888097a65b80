"""`field__any=[…]`: membership in a long list as one array parameter.

Django writes `field__in=[…]` as `IN (%s, %s, …)`, one placeholder per
value; psycopg converts every placeholder of such a query each time it runs
(the query text differs with the list's length, so nothing is cached), which
cost the batch recompute more than the queries themselves. On PostgreSQL
`= ANY(%s)` takes the whole list as one array; elsewhere it is `IN`."""

from django.db.models import Field, ForeignObject, Lookup
from django.db.models.lookups import In


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
