from uuid import uuid4

from orjson import loads
from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

from domain.accounts.kinds import CenterKind, OrganisationKind
from domain.projects.kinds import ProjectCategory, ProjectStatus, ProjectType, Stage
from domain.workflow.models import TaskStatus


class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name='CodeSequence',
            fields=[
                ('key', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=64)),
                ('last_value', fields.IntField(default=0)),
            ],
            options={'table': 'code_sequence', 'app': 'models', 'pk_attr': 'key', 'table_description': 'Last number handed out per key, numbers are never reused.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='LoginThrottle',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('username_key', fields.CharField(unique=True, max_length=64)),
                ('failures', fields.IntField(default=0)),
                ('locked_until', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('updated_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'login_throttle', 'app': 'models', 'pk_attr': 'id', 'table_description': 'Failed sign-ins per normalised username, whether or not such a user exists.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Organisation',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(unique=True, max_length=200)),
                ('kind', fields.CharEnumField(description='DATA_BUREAU: DATA_BUREAU\nFINANCE: FINANCE\nFINANCE_REVIEW_CENTER: FINANCE_REVIEW_CENTER\nDRC: DRC\nAUDIT: AUDIT\nBUILDER: BUILDER\nTHIRD_PARTY: THIRD_PARTY\nSUPERVISOR: SUPERVISOR\nVENDOR: VENDOR', enum_type=OrganisationKind, max_length=32)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'organisation', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Project',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('code', fields.CharField(unique=True, max_length=40)),
                ('name', fields.CharField(max_length=200)),
                ('builder', fields.ForeignKeyField('models.Organisation', source_field='builder_id', db_constraint=True, to_field='id', related_name='built_projects', on_delete=OnDelete.RESTRICT)),
                ('category', fields.CharEnumField(description='NEW: NEW\nUPGRADE: UPGRADE\nOM: OM', enum_type=ProjectCategory, max_length=16)),
                ('type', fields.CharEnumField(description='SOFTWARE: SOFTWARE\nHARDWARE: HARDWARE\nMIXED: MIXED', enum_type=ProjectType, max_length=16)),
                ('requested_amount', fields.DecimalField(max_digits=14, decimal_places=2)),
                ('approved_budget', fields.DecimalField(null=True, max_digits=14, decimal_places=2)),
                ('contract_amount', fields.DecimalField(null=True, max_digits=14, decimal_places=2)),
                ('paid_amount', fields.DecimalField(default=0, max_digits=14, decimal_places=2)),
                ('stage', fields.CharEnumField(db_index=True, description='PRE_REVIEW: PRE_REVIEW\nPLAN_REVIEW: PLAN_REVIEW\nFINANCE_REVIEW: FINANCE_REVIEW\nPROJECT_APPROVAL: PROJECT_APPROVAL\nIMPL_REVIEW: IMPL_REVIEW\nPROCUREMENT: PROCUREMENT\nCONSTRUCTION: CONSTRUCTION\nACCEPTANCE: ACCEPTANCE\nEVALUATION: EVALUATION\nOPERATIONS: OPERATIONS', enum_type=Stage, max_length=20)),
                ('status', fields.CharEnumField(default=ProjectStatus.ACTIVE, description='ACTIVE: ACTIVE\nRETURNED: RETURNED\nCOMPLETED: COMPLETED\nWITHDRAWN: WITHDRAWN', enum_type=ProjectStatus, max_length=16)),
                ('supervisor', fields.ForeignKeyField('models.Organisation', source_field='supervisor_id', null=True, db_constraint=True, to_field='id', related_name='supervised_projects', on_delete=OnDelete.RESTRICT)),
                ('vendor', fields.ForeignKeyField('models.Organisation', source_field='vendor_id', null=True, db_constraint=True, to_field='id', related_name='vendor_projects', on_delete=OnDelete.RESTRICT)),
                ('parent', fields.ForeignKeyField('models.Project', source_field='parent_id', null=True, db_constraint=True, to_field='id', related_name='om_projects', on_delete=OnDelete.RESTRICT)),
                ('applied_on', fields.DateField()),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('version', fields.IntField(default=1)),
            ],
            options={'table': 'project', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='User',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('username', fields.CharField(unique=True, max_length=64)),
                ('display_name', fields.CharField(max_length=100)),
                ('organisation', fields.ForeignKeyField('models.Organisation', source_field='organisation_id', db_constraint=True, to_field='id', related_name='users', on_delete=OnDelete.RESTRICT)),
                ('password_hash', fields.CharField(max_length=255)),
                ('locale', fields.CharField(default='zh-CN', max_length=16)),
                ('is_active', fields.BooleanField(default=True)),
                ('is_admin', fields.BooleanField(default=False)),
                ('is_demo', fields.BooleanField(default=False)),
                ('totp_secret', fields.CharField(null=True, max_length=64)),
                ('totp_enabled', fields.BooleanField(default=False)),
                ('totp_last_step', fields.BigIntField(null=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'app_user', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='AuditRecord',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('actor', fields.ForeignKeyField('models.User', source_field='actor_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('actor_name', fields.CharField(null=True, max_length=64)),
                ('center', fields.CharField(null=True, max_length=16)),
                ('action', fields.CharField(db_index=True, max_length=64)),
                ('outcome', fields.CharField(max_length=32)),
                ('ip', fields.CharField(null=True, max_length=64)),
                ('device', fields.CharField(null=True, max_length=255)),
                ('target_type', fields.CharField(null=True, max_length=32)),
                ('target_id', fields.CharField(null=True, max_length=64)),
                ('detail', fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
            ],
            options={'table': 'audit_record', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='AuthSession',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='sessions', on_delete=OnDelete.CASCADE)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('last_active_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('revoked_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('revoked_reason', fields.CharField(null=True, max_length=32)),
                ('scope', fields.CharField(default='full', max_length=16)),
                ('ip', fields.CharField(null=True, max_length=64)),
                ('device', fields.CharField(null=True, max_length=255)),
            ],
            options={'table': 'auth_session', 'app': 'models', 'pk_attr': 'id', 'table_description': 'One sign-in: the family of its refresh tokens. Revoking it ends every token of it.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='CenterMembership',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='memberships', on_delete=OnDelete.CASCADE)),
                ('center', fields.CharEnumField(description='DATA: DATA\nFINANCE: FINANCE\nDRC: DRC\nAUDIT: AUDIT\nBUILDER: BUILDER\nEXPERT: EXPERT\nSUPERVISOR: SUPERVISOR\nVENDOR: VENDOR', enum_type=CenterKind, max_length=16)),
                ('organisation', fields.ForeignKeyField('models.Organisation', source_field='organisation_id', db_constraint=True, to_field='id', related_name='memberships', on_delete=OnDelete.RESTRICT)),
            ],
            options={'table': 'center_membership', 'app': 'models', 'unique_together': (('user', 'center'),), 'pk_attr': 'id', 'table_description': 'A user holds a center on behalf of an organisation (usually their own).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Expert',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.OneToOneField('models.User', source_field='user_id', null=True, db_constraint=True, to_field='id', related_name='expert_profile', on_delete=OnDelete.RESTRICT)),
                ('name', fields.CharField(max_length=100)),
                ('title', fields.CharField(max_length=100)),
                ('level', fields.CharField(max_length=32)),
                ('specialties', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('employer', fields.ForeignKeyField('models.Organisation', source_field='employer_id', null=True, db_constraint=True, to_field='id', related_name='experts', on_delete=OnDelete.RESTRICT)),
            ],
            options={'table': 'expert', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='RefreshToken',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('session', fields.ForeignKeyField('models.AuthSession', source_field='session_id', db_constraint=True, to_field='id', related_name='refresh_tokens', on_delete=OnDelete.CASCADE)),
                ('token_hash', fields.CharField(unique=True, max_length=64)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('used_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'refresh_token', 'app': 'models', 'pk_attr': 'id', 'table_description': 'An opaque refresh token, stored as its SHA-256, used once, then replaced.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Task',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('center', fields.CharEnumField(description='DATA: DATA\nFINANCE: FINANCE\nDRC: DRC\nAUDIT: AUDIT\nBUILDER: BUILDER\nEXPERT: EXPERT\nSUPERVISOR: SUPERVISOR\nVENDOR: VENDOR', enum_type=CenterKind, max_length=16)),
                ('assignee', fields.ForeignKeyField('models.User', source_field='assignee_id', db_constraint=True, to_field='id', related_name='tasks', on_delete=OnDelete.RESTRICT)),
                ('project', fields.ForeignKeyField('models.Project', source_field='project_id', null=True, db_constraint=True, to_field='id', related_name='tasks', on_delete=OnDelete.RESTRICT)),
                ('title', fields.CharField(max_length=200)),
                ('status', fields.CharEnumField(default=TaskStatus.OPEN, description='OPEN: OPEN\nDONE: DONE\nCANCELLED: CANCELLED', enum_type=TaskStatus, max_length=16)),
                ('due_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'task', 'app': 'models', 'indexes': [Index(fields=['assignee_id', 'center', 'status', 'id'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
