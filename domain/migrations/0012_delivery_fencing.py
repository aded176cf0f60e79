"""A delivery's fencing token and the moment its send started: a second claimer never resends."""

from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("models", "0009_channels_bindings_submissions")]

    operations = [
        ops.AddField(
            model_name="Delivery",
            name="fence",
            field=fields.BigIntField(default=0),
        ),
        ops.AddField(
            model_name="Delivery",
            name="send_started_at",
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
    ]
