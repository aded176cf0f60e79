from tortoise import migrations
from tortoise.migrations import operations as ops
from domain.workflow.models import TaskKind
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0012_delivery_fencing')]

    initial = False

    operations = [
        ops.AlterField(
            model_name='Task',
            name='kind',
            field=fields.CharEnumField(default=TaskKind.ACTION, description='ACTION: ACTION\nREVISION: REVISION\nSUPERVISION: SUPERVISION\nORGANISE: ORGANISE\nINVITATION: INVITATION\nSCORE: SCORE\nFINDING: FINDING\nCLOSE_FINDING: CLOSE_FINDING', enum_type=TaskKind, max_length=16),
        ),
    ]
