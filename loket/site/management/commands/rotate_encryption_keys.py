"""`manage.py rotate_encryption_keys`: every encrypted column of every app re-encrypted under
the first key of `LOKET_ENCRYPTION_KEYS`, and every blind index recomputed under it
(`loket.crypto`). Batched (one transaction per batch), progress printed per table, idempotent:
a value already under the first key is left as it is, so a second run changes nothing. Run it
after putting a new key first; remove the old key only once it reports no change.
`--new-key` prints a fresh key and does nothing else."""

from __future__ import annotations

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from loket import crypto


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted column under the first key of LOKET_ENCRYPTION_KEYS and "
        "recompute the blind indexes; --new-key prints a fresh key."
    )

    def add_arguments(self, parser):
        parser.add_argument("--new-key", action="store_true", help="Print a fresh key and stop.")
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, **options):
        if options["new_key"]:
            self.stdout.write(crypto.new_key())
            return
        batch_size = options["batch_size"]
        if batch_size < 1:
            raise CommandError("--batch-size must be 1 or more.")
        if not crypto.configured_keys():
            self.stderr.write(
                "LOKET_ENCRYPTION_KEYS is not set: values go under the key derived from "
                "LOKET_SECRET_KEY (development only)."
            )
        total_changed = 0
        for model, _names in crypto.encrypted_fields(apps.get_models()):
            total_changed += self._table(model, batch_size)
        self.stdout.write(f"Done: {total_changed} rows changed.")

    def _table(self, model, batch_size: int) -> int:
        meta = model._meta
        encrypted = [f for f in meta.concrete_fields if isinstance(f, crypto.EncryptedTextField)]
        indexes = [f for f in meta.concrete_fields if isinstance(f, crypto.BlindIndexField)]
        by_name = {f.name: f for f in encrypted}
        columns = [meta.pk.column] + [f.column for f in encrypted] + [f.column for f in indexes]
        quote = connection.ops.quote_name
        pk = quote(meta.pk.column)
        head = f"SELECT {', '.join(quote(c) for c in columns)} FROM {quote(meta.db_table)}"  # noqa: S608
        first = f"{head} ORDER BY {pk} LIMIT %s"
        after = f"{head} WHERE {pk} > %s ORDER BY {pk} LIMIT %s"
        label = f"{meta.app_label}.{meta.object_name}"
        last, seen, changed = None, 0, 0
        while True:
            with transaction.atomic(), connection.cursor() as cursor:
                if last is None:
                    cursor.execute(first, [batch_size])
                else:
                    cursor.execute(after, [last, batch_size])
                rows = cursor.fetchall()
                for row in rows:
                    key, values = row[0], dict(zip(columns[1:], row[1:], strict=True))
                    updates = {}
                    for field in encrypted:
                        token = values[field.column]
                        if token and not crypto.is_current(token):
                            updates[field.column] = crypto.rotated(token)
                    for field in indexes:
                        source = values[by_name[field.source].column]
                        wanted = crypto.blind_index(crypto.decrypt(source)) if source else ""
                        if values[field.column] != wanted:
                            updates[field.column] = wanted
                    if updates:
                        assignments = ", ".join(f"{quote(c)} = %s" for c in updates)
                        cursor.execute(
                            f"UPDATE {quote(meta.db_table)} SET {assignments} "  # noqa: S608
                            f"WHERE {pk} = %s",
                            [*updates.values(), key],
                        )
                        changed += 1
            if not rows:
                break
            last = rows[-1][0]
            seen += len(rows)
            self.stdout.write(f"{label}: {seen} rows read, {changed} changed")
        if not seen:
            self.stdout.write(f"{label}: no rows")
        return changed
