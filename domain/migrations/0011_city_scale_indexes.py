from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0009_channels_bindings_submissions')]

    initial = False

    operations = [
        ops.AddIndex(
            model_name='Decision',
            index=Index(fields=['project_id', 'id']),
        ),
        ops.AddIndex(
            model_name='Material',
            index=Index(fields=['project_id', 'id']),
        ),
        ops.AddIndex(
            model_name='Project',
            index=Index(fields=['builder_id', 'id']),
        ),
        ops.AddIndex(
            model_name='Project',
            index=Index(fields=['supervisor_id', 'id']),
        ),
        ops.AddIndex(
            model_name='Project',
            index=Index(fields=['vendor_id', 'id']),
        ),
        ops.AddIndex(
            model_name='StepRun',
            index=Index(fields=['status', 'project_id']),
        ),
        ops.AddIndex(
            model_name='Task',
            index=Index(fields=['step_run_id', 'status']),
        ),
    ]
