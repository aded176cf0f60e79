from tortoise import migrations
from tortoise.migrations import operations as ops
from domain.catalogue.models import SharingClass
from domain.projects.kinds import ProjectStatus, Stage
from domain.workflow.models import StageStatus, StepStatus, TaskKind, TaskStatus
from orjson import loads
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0001_initial')]

    initial = False

    operations = [
        ops.CreateModel(
            name='DataResource',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('project', fields.ForeignKeyField('models.Project', source_field='project_id', db_constraint=True, to_field='id', related_name='data_resources', on_delete=OnDelete.RESTRICT)),
                ('name', fields.CharField(max_length=200)),
                ('provider', fields.CharField(max_length=200)),
                ('fields_list', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('update_frequency', fields.CharField(max_length=32)),
                ('sharing_class', fields.CharEnumField(description='UNCONDITIONAL: UNCONDITIONAL\nCONDITIONAL: CONDITIONAL\nNOT_SHARED: NOT_SHARED', enum_type=SharingClass, max_length=16)),
                ('declared_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('verified_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('verified_by_id', fields.IntField(null=True)),
            ],
            options={'table': 'data_resource', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Decision',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('project', fields.ForeignKeyField('models.Project', source_field='project_id', db_constraint=True, to_field='id', related_name='decisions', on_delete=OnDelete.RESTRICT)),
                ('step_run_id', fields.IntField(null=True)),
                ('task_id', fields.IntField(null=True)),
                ('action', fields.CharField(max_length=24)),
                ('actor_id', fields.IntField()),
                ('on_behalf_of_id', fields.IntField(null=True)),
                ('comment', fields.TextField(default='', unique=False)),
                ('attachments', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('detail', fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'decision', 'app': 'models', 'pk_attr': 'id', 'table_description': "Append-only: every action taken on a project's process, in order."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Delegation',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('principal', fields.ForeignKeyField('models.User', source_field='principal_id', db_constraint=True, to_field='id', related_name='delegations_given', on_delete=OnDelete.RESTRICT)),
                ('delegate', fields.ForeignKeyField('models.User', source_field='delegate_id', db_constraint=True, to_field='id', related_name='delegations_taken', on_delete=OnDelete.RESTRICT)),
                ('starts_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('ends_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('stages', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('max_amount', fields.DecimalField(null=True, max_digits=14, decimal_places=2)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('revoked_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'delegation', 'app': 'models', 'pk_attr': 'id', 'table_description': '期间代理: the delegate acts for the principal within a period, optionally limited.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Event',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('kind', fields.CharField(db_index=True, max_length=64)),
                ('project_id', fields.IntField(null=True, db_index=True)),
                ('payload', fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('published_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'event', 'app': 'models', 'indexes': [Index(fields=['published_at', 'id'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='IdempotencyKey',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user_id', fields.IntField()),
                ('key', fields.CharField(max_length=64)),
                ('action', fields.CharField(max_length=32)),
                ('fingerprint', fields.CharField(max_length=64)),
                ('result', fields.JSONField(null=True, encoder=JSON_DUMPS, decoder=loads)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'idempotency_key', 'app': 'models', 'unique_together': (('user_id', 'key'),), 'pk_attr': 'id', 'table_description': 'The first result of an action under a client key. The same key returns it again.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Material',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('project', fields.ForeignKeyField('models.Project', source_field='project_id', db_constraint=True, to_field='id', related_name='materials', on_delete=OnDelete.RESTRICT)),
                ('stage', fields.CharEnumField(description='PRE_REVIEW: PRE_REVIEW\nPLAN_REVIEW: PLAN_REVIEW\nFINANCE_REVIEW: FINANCE_REVIEW\nPROJECT_APPROVAL: PROJECT_APPROVAL\nIMPL_REVIEW: IMPL_REVIEW\nPROCUREMENT: PROCUREMENT\nCONSTRUCTION: CONSTRUCTION\nACCEPTANCE: ACCEPTANCE\nEVALUATION: EVALUATION\nOPERATIONS: OPERATIONS', enum_type=Stage, max_length=20)),
                ('title', fields.CharField(max_length=200)),
                ('content_type', fields.CharField(max_length=100)),
                ('size', fields.BigIntField()),
                ('sha256', fields.CharField(max_length=64)),
                ('uploaded_by_id', fields.IntField()),
                ('uploaded_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'material', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A submitted document. Never edited: a corrected file is a new row.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='MutualRating',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('project', fields.ForeignKeyField('models.Project', source_field='project_id', db_constraint=True, to_field='id', related_name='mutual_ratings', on_delete=OnDelete.RESTRICT)),
                ('stage', fields.CharEnumField(description='PRE_REVIEW: PRE_REVIEW\nPLAN_REVIEW: PLAN_REVIEW\nFINANCE_REVIEW: FINANCE_REVIEW\nPROJECT_APPROVAL: PROJECT_APPROVAL\nIMPL_REVIEW: IMPL_REVIEW\nPROCUREMENT: PROCUREMENT\nCONSTRUCTION: CONSTRUCTION\nACCEPTANCE: ACCEPTANCE\nEVALUATION: EVALUATION\nOPERATIONS: OPERATIONS', enum_type=Stage, max_length=20)),
                ('rater_org_id', fields.IntField()),
                ('ratee_org_id', fields.IntField()),
                ('rater_user_id', fields.IntField()),
                ('rating', fields.IntField()),
                ('comment', fields.TextField(default='', unique=False)),
                ('submitted_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'mutual_rating', 'app': 'models', 'unique_together': (('project', 'stage', 'rater_org_id', 'ratee_org_id'),), 'pk_attr': 'id', 'table_description': '互评: a department rates the builder, or the builder rates a department, after a stage.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Payment',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('project', fields.ForeignKeyField('models.Project', source_field='project_id', db_constraint=True, to_field='id', related_name='payments', on_delete=OnDelete.RESTRICT)),
                ('amount', fields.DecimalField(max_digits=14, decimal_places=2)),
                ('milestone', fields.CharField(max_length=200)),
                ('recorded_by_id', fields.IntField()),
                ('recorded_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'payment', 'app': 'models', 'pk_attr': 'id', 'table_description': '资金支付: one payment against the contract, tied to a milestone.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ProcessTemplateRecord',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('key', fields.CharField(max_length=32)),
                ('version', fields.IntField()),
                ('checksum', fields.CharField(max_length=64)),
                ('body', fields.TextField(unique=False)),
                ('stored_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'process_template', 'app': 'models', 'unique_together': (('key', 'version'),), 'pk_attr': 'id', 'table_description': 'A template version as a project started with it. Later versions never change it.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Satisfaction',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('task_id', fields.IntField(unique=True)),
                ('project_id', fields.IntField()),
                ('rater_user_id', fields.IntField()),
                ('rating', fields.IntField()),
                ('comment', fields.TextField(default='', unique=False)),
                ('reopened_task_id', fields.IntField(null=True)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'satisfaction', 'app': 'models', 'pk_attr': 'id', 'table_description': '满意度: the applicant rates a closed task, and unsatisfied can send the work back.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ScoreEntry',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('project', fields.ForeignKeyField('models.Project', source_field='project_id', db_constraint=True, to_field='id', related_name='score_entries', on_delete=OnDelete.RESTRICT)),
                ('stage', fields.CharEnumField(description='PRE_REVIEW: PRE_REVIEW\nPLAN_REVIEW: PLAN_REVIEW\nFINANCE_REVIEW: FINANCE_REVIEW\nPROJECT_APPROVAL: PROJECT_APPROVAL\nIMPL_REVIEW: IMPL_REVIEW\nPROCUREMENT: PROCUREMENT\nCONSTRUCTION: CONSTRUCTION\nACCEPTANCE: ACCEPTANCE\nEVALUATION: EVALUATION\nOPERATIONS: OPERATIONS', enum_type=Stage, max_length=20)),
                ('points', fields.DecimalField(max_digits=6, decimal_places=2)),
                ('rule', fields.CharField(max_length=32)),
                ('reason', fields.TextField(default='', unique=False)),
                ('by_user_id', fields.IntField(null=True)),
                ('corrects_id', fields.IntField(null=True)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'score_entry', 'app': 'models', 'pk_attr': 'id', 'table_description': "One change to a stage's 100 points: a deduction (negative) or its correction. Append-only."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='StageRun',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('project', fields.ForeignKeyField('models.Project', source_field='project_id', db_constraint=True, to_field='id', related_name='stage_runs', on_delete=OnDelete.RESTRICT)),
                ('stage', fields.CharEnumField(description='PRE_REVIEW: PRE_REVIEW\nPLAN_REVIEW: PLAN_REVIEW\nFINANCE_REVIEW: FINANCE_REVIEW\nPROJECT_APPROVAL: PROJECT_APPROVAL\nIMPL_REVIEW: IMPL_REVIEW\nPROCUREMENT: PROCUREMENT\nCONSTRUCTION: CONSTRUCTION\nACCEPTANCE: ACCEPTANCE\nEVALUATION: EVALUATION\nOPERATIONS: OPERATIONS', enum_type=Stage, max_length=20)),
                ('wave', fields.IntField()),
                ('status', fields.CharEnumField(default=StageStatus.WAITING, description='WAITING: WAITING\nACTIVE: ACTIVE\nDONE: DONE\nSKIPPED: SKIPPED\nCANCELLED: CANCELLED', enum_type=StageStatus, max_length=16)),
                ('opened_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('closed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'stage_run', 'app': 'models', 'unique_together': (('project', 'stage'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='StepRun',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('project', fields.ForeignKeyField('models.Project', source_field='project_id', db_constraint=True, to_field='id', related_name='step_runs', on_delete=OnDelete.RESTRICT)),
                ('stage_run', fields.ForeignKeyField('models.StageRun', source_field='stage_run_id', db_constraint=True, to_field='id', related_name='steps', on_delete=OnDelete.RESTRICT)),
                ('stage', fields.CharEnumField(description='PRE_REVIEW: PRE_REVIEW\nPLAN_REVIEW: PLAN_REVIEW\nFINANCE_REVIEW: FINANCE_REVIEW\nPROJECT_APPROVAL: PROJECT_APPROVAL\nIMPL_REVIEW: IMPL_REVIEW\nPROCUREMENT: PROCUREMENT\nCONSTRUCTION: CONSTRUCTION\nACCEPTANCE: ACCEPTANCE\nEVALUATION: EVALUATION\nOPERATIONS: OPERATIONS', enum_type=Stage, max_length=20)),
                ('step_key', fields.CharField(max_length=64)),
                ('position', fields.IntField()),
                ('action', fields.CharField(max_length=16)),
                ('sign_mode', fields.CharField(max_length=16)),
                ('limit_days', fields.IntField()),
                ('status', fields.CharEnumField(default=StepStatus.WAITING, description='WAITING: WAITING\nACTIVE: ACTIVE\nRETURNED: RETURNED\nDONE: DONE\nREJECTED: REJECTED\nCANCELLED: CANCELLED', enum_type=StepStatus, max_length=16)),
                ('started_on', fields.DateField(null=True)),
                ('pauses', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('opened_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('closed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('version', fields.IntField(default=1)),
            ],
            options={'table': 'step_run', 'app': 'models', 'unique_together': (('project', 'step_key'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='AuditRecord',
            name='hash',
            field=fields.CharField(unique=True, max_length=64),
        ),
        ops.AddField(
            model_name='AuditRecord',
            name='on_behalf_of_id',
            field=fields.IntField(null=True),
        ),
        ops.AddField(
            model_name='AuditRecord',
            name='prev_hash',
            field=fields.CharField(max_length=64),
        ),
        ops.AddField(
            model_name='AuditRecord',
            name='seq',
            field=fields.BigIntField(unique=True),
        ),
        ops.AddField(
            model_name='CenterMembership',
            name='roles',
            field=fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads),
        ),
        ops.AlterField(
            model_name='Project',
            name='status',
            field=fields.CharEnumField(default=ProjectStatus.ACTIVE, description='DRAFT: DRAFT\nACTIVE: ACTIVE\nRETURNED: RETURNED\nREJECTED: REJECTED\nCOMPLETED: COMPLETED', enum_type=ProjectStatus, max_length=16),
        ),
        ops.AddField(
            model_name='Project',
            name='control_price_hardware',
            field=fields.DecimalField(null=True, max_digits=14, decimal_places=2),
        ),
        ops.AddField(
            model_name='Project',
            name='control_price_software',
            field=fields.DecimalField(null=True, max_digits=14, decimal_places=2),
        ),
        ops.AddField(
            model_name='Project',
            name='declared_by',
            field=fields.ForeignKeyField('models.User', source_field='declared_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT),
        ),
        ops.AddField(
            model_name='Project',
            name='template_key',
            field=fields.CharField(null=True, max_length=32),
        ),
        ops.AddField(
            model_name='Project',
            name='template_version',
            field=fields.IntField(null=True),
        ),
        ops.AlterField(
            model_name='Task',
            name='status',
            field=fields.CharEnumField(default=TaskStatus.OPEN, description='WAITING: WAITING\nOPEN: OPEN\nDONE: DONE\nCANCELLED: CANCELLED', enum_type=TaskStatus, max_length=16),
        ),
        ops.AddField(
            model_name='Task',
            name='closed_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Task',
            name='kind',
            field=fields.CharEnumField(default=TaskKind.ACTION, description='ACTION: ACTION\nREVISION: REVISION\nSUPERVISION: SUPERVISION', enum_type=TaskKind, max_length=16),
        ),
        ops.AddField(
            model_name='Task',
            name='opened_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Task',
            name='outcome',
            field=fields.CharField(null=True, max_length=16),
        ),
        ops.AddField(
            model_name='Task',
            name='slot',
            field=fields.IntField(default=0),
        ),
        ops.AddField(
            model_name='Task',
            name='step_run',
            field=fields.ForeignKeyField('models.StepRun', source_field='step_run_id', null=True, db_constraint=True, to_field='id', related_name='tasks', on_delete=OnDelete.RESTRICT),
        ),
        ops.AddField(
            model_name='Task',
            name='subject_task_id',
            field=fields.IntField(null=True),
        ),
        ops.AddField(
            model_name='Task',
            name='urge_count',
            field=fields.IntField(default=0),
        ),
        ops.AddField(
            model_name='Task',
            name='urged_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddIndex(
            model_name='Task',
            index=Index(fields=['kind', 'subject_task_id']),
        ),
    ]
