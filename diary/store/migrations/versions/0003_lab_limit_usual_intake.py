"""lab results below a lab's limit ('<5') or above its range ('>1000'): value_limit;
the usual medicines and supplements that prefill a new night: usual_intake

Revision ID: 0003_lab_limit_usual_intake
Revises: 0002_as_typed
Create Date: 2026-11-29
"""

from alembic import op
import sqlalchemy as sa


revision = '0003_lab_limit_usual_intake'
down_revision = '0002_as_typed'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('lab_results', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('value_limit', sa.String(length=1), server_default='', nullable=False)
        )
        batch_op.create_check_constraint('ck_lab_value_limit', "value_limit IN ('', '<', '>')")
    op.create_table('usual_intake',
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('amount', sa.Float(), nullable=False),
    sa.Column('unit', sa.String(length=20), nullable=False),
    sa.Column('time', sa.Time(), nullable=True),
    sa.CheckConstraint("kind IN ('medicine', 'supplement')", name='ck_usual_intake_kind'),
    sa.CheckConstraint('amount > 0', name='ck_usual_intake_amount_positive'),
    sa.PrimaryKeyConstraint('position')
    )


def downgrade() -> None:
    op.drop_table('usual_intake')
    with op.batch_alter_table('lab_results', schema=None) as batch_op:
        batch_op.drop_constraint('ck_lab_value_limit', type_='check')
        batch_op.drop_column('value_limit')
