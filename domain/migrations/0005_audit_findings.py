from tortoise import migrations
from tortoise.migrations import operations as ops
from domain.audit.models import FindingStatus
from domain.workflow.models import TaskKind
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0004_expert_review')]

    initial = False

    operations = [
        ops.CreateModel(
            name='AuditFinding',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('project', fields.ForeignKeyField('models.Project', source_field='project_id', db_constraint=True, to_field='id', related_name='audit_findings', on_delete=OnDelete.RESTRICT)),
                ('raised_by_id', fields.IntField()),
                ('text', fields.TextField(unique=False)),
                ('status', fields.CharEnumField(description='OPEN: OPEN\nANSWERED: ANSWERED\nCLOSED: CLOSED', enum_type=FindingStatus, max_length=16)),
                ('conclusion', fields.TextField(default='', unique=False)),
                ('raised_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('closed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'audit_finding', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A finding the audit center records on a project, for the builder unit to answer.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='FindingAnswer',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('finding', fields.ForeignKeyField('models.AuditFinding', source_field='finding_id', db_constraint=True, to_field='id', related_name='answers', on_delete=OnDelete.RESTRICT)),
                ('answered_by_id', fields.IntField()),
                ('text', fields.TextField(unique=False)),
                ('answered_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'finding_answer', 'app': 'models', 'pk_attr': 'id', 'table_description': 'An answer of the builder unit to a finding. Answers accumulate.'},
            bases=['Model'],
        ),
        ops.AlterField(
            model_name='Task',
            name='kind',
            field=fields.CharEnumField(default=TaskKind.ACTION, description='ACTION: ACTION\nREVISION: REVISION\nSUPERVISION: SUPERVISION\nORGANISE: ORGANISE\nINVITATION: INVITATION\nSCORE: SCORE\nFINDING: FINDING', enum_type=TaskKind, max_length=16),
        ),
    ]
