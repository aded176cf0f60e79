from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0009_channels_bindings_submissions')]

    initial = False

    operations = [
        ops.AddField(
            model_name='StepRun',
            name='expired_handled_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='StepRun',
            name='on_expiry',
            field=fields.CharField(default='SUPERVISE', db_default='SUPERVISE', max_length=16),
        ),
        ops.AddField(
            model_name='StepRun',
            name='reminded_on',
            field=fields.DateField(null=True),
        ),
        ops.AddField(
            model_name='StepRun',
            name='reminders',
            field=fields.IntField(default=0, db_default=0),
        ),
    ]
