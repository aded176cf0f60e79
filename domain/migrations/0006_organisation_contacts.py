from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0005_audit_findings')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Organisation',
            name='address',
            field=fields.CharField(default='', max_length=200),
        ),
        ops.AddField(
            model_name='Organisation',
            name='contact_person',
            field=fields.CharField(default='', max_length=100),
        ),
        ops.AddField(
            model_name='Organisation',
            name='contact_phone',
            field=fields.CharField(default='', max_length=40),
        ),
    ]
