"""baseline: the first released schema

Revision ID: 0001_baseline
Revises: 
Create Date: 2026-11-25
"""

from alembic import op
import sqlalchemy as sa


revision = '0001_baseline'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('doses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('time', sa.Time(), nullable=True),
    sa.Column('medication', sa.String(length=200), nullable=False),
    sa.Column('amount', sa.Float(), nullable=False),
    sa.Column('unit', sa.String(length=20), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.CheckConstraint('amount > 0', name='ck_dose_amount_positive'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('doses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_doses_date'), ['date'], unique=False)

    op.create_table('infusions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('product', sa.String(length=60), nullable=False),
    sa.Column('dose_mg', sa.Float(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.CheckConstraint('dose_mg > 0', name='ck_infusion_dose_positive'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('infusions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_infusions_date'), ['date'], unique=False)

    op.create_table('lab_results',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('test', sa.String(length=40), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('unit', sa.String(length=20), nullable=False),
    sa.Column('canonical_value', sa.Float(), nullable=False),
    sa.Column('fasting', sa.Boolean(), nullable=True),
    sa.Column('lab_name', sa.String(length=200), nullable=False),
    sa.Column('inflammation', sa.Boolean(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.CheckConstraint('value > 0', name='ck_lab_value_positive'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('lab_results', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lab_results_date'), ['date'], unique=False)
        batch_op.create_index('ix_lab_results_test_date', ['test', 'date'], unique=False)

    op.create_table('nights',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('rls_severity', sa.Integer(), nullable=False),
    sa.Column('sleep_hours', sa.Float(), nullable=True),
    sa.Column('bedtime', sa.Time(), nullable=True),
    sa.Column('wake_time', sa.Time(), nullable=True),
    sa.Column('sleep_latency_min', sa.Integer(), nullable=True),
    sa.Column('awakenings', sa.Integer(), nullable=True),
    sa.Column('sleep_quality', sa.Integer(), nullable=True),
    sa.Column('symptom_onset', sa.Time(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('for_doctor', sa.Boolean(), nullable=False),
    sa.CheckConstraint('rls_severity BETWEEN 0 AND 10', name='ck_nights_severity'),
    sa.CheckConstraint('sleep_hours IS NULL OR sleep_hours BETWEEN 0 AND 24', name='ck_nights_sleep_hours'),
    sa.CheckConstraint('sleep_quality IS NULL OR sleep_quality BETWEEN 1 AND 5', name='ck_nights_quality'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('nights', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_nights_date'), ['date'], unique=True)

    op.create_table('profile',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('birth_year', sa.Integer(), nullable=True),
    sa.Column('clinician', sa.String(length=200), nullable=False),
    sa.CheckConstraint('id = 1', name='ck_profile_single_row'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('supplements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('time', sa.Time(), nullable=True),
    sa.Column('product', sa.String(length=60), nullable=False),
    sa.Column('amount_mg', sa.Float(), nullable=False),
    sa.Column('elemental_iron_mg', sa.Float(), nullable=True),
    sa.Column('with_vitamin_c', sa.Boolean(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.CheckConstraint('amount_mg > 0', name='ck_supplement_amount_positive'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('supplements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_supplements_date'), ['date'], unique=False)

    op.create_table('venesections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('volume_ml', sa.Float(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('venesections', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_venesections_date'), ['date'], unique=False)

    op.create_table('night_tags',
    sa.Column('night_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('tag', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['night_id'], ['nights.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('night_id', 'position')
    )
    with op.batch_alter_table('night_tags', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_night_tags_tag'), ['tag'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('night_tags', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_night_tags_tag'))

    op.drop_table('night_tags')
    with op.batch_alter_table('venesections', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_venesections_date'))

    op.drop_table('venesections')
    with op.batch_alter_table('supplements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_supplements_date'))

    op.drop_table('supplements')
    op.drop_table('profile')
    with op.batch_alter_table('nights', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_nights_date'))

    op.drop_table('nights')
    with op.batch_alter_table('lab_results', schema=None) as batch_op:
        batch_op.drop_index('ix_lab_results_test_date')
        batch_op.drop_index(batch_op.f('ix_lab_results_date'))

    op.drop_table('lab_results')
    with op.batch_alter_table('infusions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_infusions_date'))

    op.drop_table('infusions')
    with op.batch_alter_table('doses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_doses_date'))

    op.drop_table('doses')
