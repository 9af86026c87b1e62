"""lab results below a lab's limit ('<5') or above its range ('>1000'): value_limit

Revision ID: 0002_lab_value_limit
Revises: 0001_baseline
Create Date: 2026-11-29
"""

from alembic import op
import sqlalchemy as sa


revision = '0002_lab_value_limit'
down_revision = '0001_baseline'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('lab_results', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('value_limit', sa.String(length=1), server_default='', nullable=False)
        )
        batch_op.create_check_constraint('ck_lab_value_limit', "value_limit IN ('', '<', '>')")


def downgrade() -> None:
    with op.batch_alter_table('lab_results', schema=None) as batch_op:
        batch_op.drop_constraint('ck_lab_value_limit', type_='check')
        batch_op.drop_column('value_limit')
