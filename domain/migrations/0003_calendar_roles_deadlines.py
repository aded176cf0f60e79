from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields
from tortoise.migrations.constraints import UniqueConstraint

class Migration(migrations.Migration):
    dependencies = [('models', '0002_lifecycle')]

    initial = False

    operations = [
        ops.CreateModel(
            name='CalendarYear',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('year', fields.IntField(db_index=True)),
                ('text', fields.TextField(unique=False)),
                ('loaded_by_id', fields.IntField()),
                ('loaded_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'calendar_year', 'app': 'models', 'pk_attr': 'id', 'table_description': "One loading of a year's holiday file. A later loading of the same year replaces it."},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='StepRun',
            name='due_estimated',
            field=fields.BooleanField(default=False),
        ),
        ops.AddField(
            model_name='StepRun',
            name='due_on',
            field=fields.DateField(null=True),
        ),
        ops.AddConstraint(
            model_name='Task',
            constraint=UniqueConstraint(fields=('kind', 'subject_task_id', 'assignee'), name=None),
        ),
    ]
