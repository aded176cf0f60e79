from tortoise import migrations
from tortoise.migrations import operations as ops
from domain.inbox.models import DeliveryStatus
from orjson import loads
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields
from tortoise.indexes import Index
from tortoise.migrations.constraints import UniqueConstraint

class Migration(migrations.Migration):
    dependencies = [('models', '0008_audit_append_only')]

    initial = False

    operations = [
        ops.CreateModel(
            name='BindingCode',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='binding_codes', on_delete=OnDelete.CASCADE)),
                ('code_hash', fields.CharField(unique=True, max_length=64)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('used_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'binding_code', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A one-time code an administrator gives a user to bind WeChat or DingTalk without the password.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ExternalCode',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('provider', fields.CharField(max_length=16)),
                ('code_hash', fields.CharField(max_length=64)),
                ('used_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'external_code', 'app': 'models', 'unique_together': (('provider', 'code_hash'),), 'pk_attr': 'id', 'table_description': 'Every sign-in code a provider gave us, hashed: a code is used once.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ExternalIdentity',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('provider', fields.CharField(max_length=16)),
                ('subject', fields.CharField(max_length=128)),
                ('unionid', fields.CharField(null=True, max_length=128)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='external_identities', on_delete=OnDelete.CASCADE)),
                ('bound_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('gone_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'external_identity', 'app': 'models', 'unique_together': (('provider', 'subject'), ('provider', 'user')), 'pk_attr': 'id', 'table_description': 'A WeChat or DingTalk identity bound to one of our accounts (one per provider and account).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='NotificationPreference',
            fields=[
                ('user_id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('disabled_channels', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('quiet_start', fields.CharField(null=True, max_length=5)),
                ('quiet_end', fields.CharField(null=True, max_length=5)),
                ('digest', fields.BooleanField(default=False)),
                ('digest_at', fields.CharField(default='08:30', max_length=5)),
                ('last_digest_on', fields.DateField(null=True)),
                ('updated_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'notification_preference', 'app': 'models', 'pk_attr': 'user_id', 'table_description': 'What a user asked for. No row: every channel on, no quiet hours, no digest.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='PendingBinding',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('ticket_hash', fields.CharField(unique=True, max_length=64)),
                ('provider', fields.CharField(max_length=16)),
                ('subject', fields.CharField(max_length=128)),
                ('unionid', fields.CharField(null=True, max_length=128)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('used_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'pending_binding', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A provider identity waiting to be bound to an account (the ticket is handed out once, kept hashed).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ProjectFollow',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('project', fields.ForeignKeyField('models.Project', source_field='project_id', db_constraint=True, to_field='id', related_name='followers', on_delete=OnDelete.CASCADE)),
                ('user_id', fields.IntField()),
                ('since', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'project_follow', 'app': 'models', 'unique_together': (('project', 'user_id'),), 'pk_attr': 'id', 'table_description': 'A user who follows a project is told of its decisions and stages.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='PushSubscription',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user_id', fields.IntField(db_index=True)),
                ('channel', fields.CharField(max_length=16)),
                ('endpoint', fields.CharField(unique=True, max_length=500)),
                ('p256dh', fields.CharField(default='', max_length=200)),
                ('auth', fields.CharField(default='', max_length=100)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('gone_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'push_subscription', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A Web Push subscription of a browser or an FCM token of an app, forgotten when the service says it is gone.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Submission',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('project', fields.ForeignKeyField('models.Project', source_field='project_id', db_constraint=True, to_field='id', related_name='submissions', on_delete=OnDelete.RESTRICT)),
                ('step_run_id', fields.IntField()),
                ('submitted_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('facts', fields.JSONField(encoder=JSON_DUMPS, decoder=loads)),
                ('material_ids', fields.JSONField(encoder=JSON_DUMPS, decoder=loads)),
            ],
            options={'table': 'submission', 'app': 'models', 'pk_attr': 'id', 'table_description': 'What the applicant submitted, as it stood at that moment: the facts, the latest plan of each kind and'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='WeChatQuota',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user_id', fields.IntField()),
                ('template_id', fields.CharField(max_length=64)),
                ('remaining', fields.IntField(default=0)),
                ('long_term', fields.BooleanField(default=False)),
                ('updated_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'wechat_quota', 'app': 'models', 'unique_together': (('user_id', 'template_id'),), 'pk_attr': 'id', 'table_description': 'One-time subscribe messages: each tap of the user on a template grants one message. Long-term'},
            bases=['Model'],
        ),
        # Deliveries now go to an address (several browsers of one user): the queue table is made anew.
        # SQLite cannot drop the old inline unique constraint in place; the rows were transient queue entries
        # of a version never released (the inbox, the source of truth, keeps every notification).
        ops.DeleteModel(name='Delivery'),
        ops.CreateModel(
            name='Delivery',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('notification', fields.ForeignKeyField('models.Notification', source_field='notification_id', db_constraint=True, to_field='id', related_name='deliveries', on_delete=OnDelete.CASCADE)),
                ('channel', fields.CharField(max_length=16)),
                ('target', fields.CharField(default='user', max_length=40)),
                ('status', fields.CharEnumField(default=DeliveryStatus.QUEUED, description='QUEUED: QUEUED\nSENDING: SENDING\nSENT: SENT\nDELIVERED: DELIVERED\nREAD: READ\nFAILED: FAILED\nDEAD: DEAD\nCANCELLED: CANCELLED', enum_type=DeliveryStatus, max_length=10)),
                ('step', fields.IntField(default=0)),
                ('attempts', fields.IntField(default=0)),
                ('next_attempt_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
                ('lease_until', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('last_error', fields.CharField(default='', max_length=300)),
                ('provider_id', fields.CharField(default='', max_length=200)),
                ('receipt', fields.CharField(null=True, unique=True, max_length=64)),
                ('created_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('sent_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('delivered_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('updated_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'delivery', 'app': 'models', 'unique_together': (('notification', 'channel', 'target'),), 'indexes': [Index(fields=['status', 'next_attempt_at'])], 'pk_attr': 'id', 'table_description': 'A notification through one channel to one address (a browser, a phone, an account), with its attempts.'},
            bases=['Model'],
        ),
        ops.AlterModelOptions(
            name='Notification',
            options={'table': 'notification', 'app': 'models', 'unique_together': (('event_id', 'user_id'),), 'pk_attr': 'id', 'table_description': 'One message for one user about one event: an event never notifies a user twice. A digest has no'},
        ),
        ops.AlterField(
            model_name='Notification',
            name='event_id',
            field=fields.BigIntField(null=True),
        ),
        ops.AddField(
            model_name='Notification',
            name='escalation_step',
            field=fields.IntField(default=0),
        ),
        ops.AddField(
            model_name='Notification',
            name='held_for_digest',
            field=fields.BooleanField(default=False),
        ),
        ops.AddField(
            model_name='Notification',
            name='next_escalation_at',
            field=fields.DatetimeField(null=True, db_index=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Notification',
            name='project_id',
            field=fields.IntField(null=True, db_index=True),
        ),
        ops.AddField(
            model_name='Notification',
            name='task_id',
            field=fields.IntField(null=True),
        ),
        ops.AddField(
            model_name='User',
            name='phone',
            field=fields.CharField(default='', max_length=20),
        ),
    ]
