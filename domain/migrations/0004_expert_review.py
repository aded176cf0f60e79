from tortoise import migrations
from tortoise.migrations import operations as ops
from domain.projects.kinds import Stage
from domain.reviews.models import PanelStatus, SeatStatus, SheetStatus
from domain.workflow.models import TaskKind
from orjson import loads
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0003_calendar_roles_deadlines')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ExpertConflict',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('expert', fields.ForeignKeyField('models.Expert', source_field='expert_id', db_constraint=True, to_field='id', related_name='conflicts', on_delete=OnDelete.CASCADE)),
                ('organisation_id', fields.IntField(null=True)),
                ('project_id', fields.IntField(null=True)),
                ('reason', fields.CharField(max_length=200)),
                ('declared_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'expert_conflict', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A conflict the expert declared, with an organisation or a project.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ExpertEmployment',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('expert', fields.ForeignKeyField('models.Expert', source_field='expert_id', db_constraint=True, to_field='id', related_name='employments', on_delete=OnDelete.CASCADE)),
                ('organisation', fields.ForeignKeyField('models.Organisation', source_field='organisation_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('start', fields.DateField()),
                ('end', fields.DateField(null=True)),
            ],
            options={'table': 'expert_employment', 'app': 'models', 'pk_attr': 'id', 'table_description': 'Employers of an expert over time: past employers within the lookback count as conflicts.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ExpertUnavailability',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('expert', fields.ForeignKeyField('models.Expert', source_field='expert_id', db_constraint=True, to_field='id', related_name='unavailability', on_delete=OnDelete.CASCADE)),
                ('start', fields.DateField()),
                ('end', fields.DateField()),
                ('reason', fields.CharField(default='', max_length=200)),
            ],
            options={'table': 'expert_unavailability', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Panel',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('project', fields.ForeignKeyField('models.Project', source_field='project_id', db_constraint=True, to_field='id', related_name='panels', on_delete=OnDelete.RESTRICT)),
                ('stage', fields.CharEnumField(description='PRE_REVIEW: PRE_REVIEW\nPLAN_REVIEW: PLAN_REVIEW\nFINANCE_REVIEW: FINANCE_REVIEW\nPROJECT_APPROVAL: PROJECT_APPROVAL\nIMPL_REVIEW: IMPL_REVIEW\nPROCUREMENT: PROCUREMENT\nCONSTRUCTION: CONSTRUCTION\nACCEPTANCE: ACCEPTANCE\nEVALUATION: EVALUATION\nOPERATIONS: OPERATIONS', enum_type=Stage, max_length=20)),
                ('step_run_id', fields.IntField(null=True)),
                ('organiser_id', fields.IntField()),
                ('review_date', fields.DateField()),
                ('quotas', fields.JSONField(encoder=JSON_DUMPS, decoder=loads)),
                ('rules', fields.JSONField(encoder=JSON_DUMPS, decoder=loads)),
                ('bidder_org_ids', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('seed', fields.BigIntField()),
                ('candidate_ids', fields.JSONField(encoder=JSON_DUMPS, decoder=loads)),
                ('exclusions', fields.JSONField(encoder=JSON_DUMPS, decoder=loads)),
                ('reserve', fields.JSONField(encoder=JSON_DUMPS, decoder=loads)),
                ('respond_by', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('score_by', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('rubric_key', fields.CharField(max_length=32)),
                ('rubric_version', fields.IntField()),
                ('outlier_distance', fields.DecimalField(max_digits=5, decimal_places=2)),
                ('status', fields.CharEnumField(default=PanelStatus.INVITING, description='INVITING: INVITING\nSCORING: SCORING\nCLOSED: CLOSED\nCANCELLED: CANCELLED', enum_type=PanelStatus, max_length=16)),
                ('panel_score', fields.DecimalField(null=True, max_digits=6, decimal_places=2)),
                ('opinion', fields.CharField(null=True, max_length=8)),
                ('chair_summary', fields.TextField(default='', unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('closed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'panel', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='PanelSeat',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('panel', fields.ForeignKeyField('models.Panel', source_field='panel_id', db_constraint=True, to_field='id', related_name='seats', on_delete=OnDelete.RESTRICT)),
                ('expert', fields.ForeignKeyField('models.Expert', source_field='expert_id', db_constraint=True, to_field='id', related_name='seats', on_delete=OnDelete.RESTRICT)),
                ('quota_index', fields.IntField()),
                ('status', fields.CharEnumField(default=SeatStatus.INVITED, description='INVITED: INVITED\nACCEPTED: ACCEPTED\nDECLINED: DECLINED\nEXPIRED: EXPIRED', enum_type=SeatStatus, max_length=16)),
                ('invited_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('respond_by', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('responded_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('no_conflict_declared', fields.BooleanField(default=False)),
                ('decline_reason', fields.CharField(default='', max_length=200)),
                ('is_chair', fields.BooleanField(default=False)),
            ],
            options={'table': 'panel_seat', 'app': 'models', 'unique_together': (('panel', 'expert'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='PlanVersion',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('project', fields.ForeignKeyField('models.Project', source_field='project_id', db_constraint=True, to_field='id', related_name='plan_versions', on_delete=OnDelete.RESTRICT)),
                ('kind', fields.CharField(max_length=16)),
                ('items', fields.JSONField(encoder=JSON_DUMPS, decoder=loads)),
                ('submitted_by_id', fields.IntField()),
                ('submitted_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'plan_version', 'app': 'models', 'pk_attr': 'id', 'table_description': 'The scope items and amounts of the approved plan or of the implementation plan, as submitted.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='PriceAssessment',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('project', fields.ForeignKeyField('models.Project', source_field='project_id', db_constraint=True, to_field='id', related_name='price_assessments', on_delete=OnDelete.RESTRICT)),
                ('institution_id', fields.IntField()),
                ('assessed_amount', fields.DecimalField(max_digits=14, decimal_places=2)),
                ('requested_amount', fields.DecimalField(max_digits=14, decimal_places=2)),
                ('note', fields.TextField(default='', unique=False)),
                ('recorded_by_id', fields.IntField()),
                ('recorded_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'price_assessment', 'app': 'models', 'pk_attr': 'id', 'table_description': 'The assessment of the quoted price by an independent third party at pre-review.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ScoreSheet',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('seat', fields.OneToOneField('models.PanelSeat', source_field='seat_id', db_constraint=True, to_field='id', related_name='sheet', on_delete=OnDelete.RESTRICT)),
                ('scores', fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
                ('comment', fields.TextField(default='', unique=False)),
                ('opinion', fields.CharField(null=True, max_length=8)),
                ('status', fields.CharEnumField(default=SheetStatus.DRAFT, description='DRAFT: DRAFT\nSUBMITTED: SUBMITTED', enum_type=SheetStatus, max_length=16)),
                ('total', fields.DecimalField(null=True, max_digits=6, decimal_places=2)),
                ('outlier', fields.BooleanField(default=False)),
                ('confirmed_with', fields.CharField(null=True, max_length=8)),
                ('updated_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('submitted_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('version', fields.IntField(default=1)),
                ('quality_rating', fields.IntField(null=True)),
            ],
            options={'table': 'score_sheet', 'app': 'models', 'pk_attr': 'id', 'table_description': 'The scores of one expert. Drafts change by version, a submitted sheet never changes.'},
            bases=['Model'],
        ),
        ops.AlterField(
            model_name='Task',
            name='kind',
            field=fields.CharEnumField(default=TaskKind.ACTION, description='ACTION: ACTION\nREVISION: REVISION\nSUPERVISION: SUPERVISION\nORGANISE: ORGANISE\nINVITATION: INVITATION\nSCORE: SCORE', enum_type=TaskKind, max_length=16),
        ),
        ops.AddField(
            model_name='User',
            name='pin_hash',
            field=fields.CharField(null=True, max_length=255),
        ),
    ]
