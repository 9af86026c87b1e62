"""times stored in the app's own format: 'HH:MM' ('HH:MM:SS' when a time has seconds),
not SQLAlchemy's 'HH:MM:SS.ffffff' (the store reads and writes with plain sqlite3 now;
store/rows.py documents every stored format)

Revision ID: 0004_app_time_format
Revises: 0003_lab_limit_usual_intake
Create Date: 2026-11-29
"""

from alembic import op


revision = '0004_app_time_format'
down_revision = '0003_lab_limit_usual_intake'
branch_labels = None
depends_on = None

# Every time column: dates were already 'YYYY-MM-DD' and flags 0/1.
TIME_COLUMNS = (
    ('nights', 'bedtime'),
    ('nights', 'wake_time'),
    ('nights', 'symptom_onset'),
    ('doses', 'time'),
    ('supplements', 'time'),
    ('usual_intake', 'time'),
)


def upgrade() -> None:
    for table, column in TIME_COLUMNS:
        # 'HH:MM:00.000000' -> 'HH:MM'; 'HH:MM:SS.000000' -> 'HH:MM:SS'; microseconds
        # (which the app never stores) are kept as they are.
        # run as written: SQLAlchemy's text() would take ':00' for a bound parameter
        op.get_bind().exec_driver_sql(
            f"UPDATE {table} SET {column} = CASE"
            f" WHEN substr({column}, 6) IN (':00', ':00.000000') THEN substr({column}, 1, 5)"
            f" WHEN substr({column}, 9) = '.000000' THEN substr({column}, 1, 8)"
            f" ELSE {column} END"
            f" WHERE {column} IS NOT NULL"
        )


def downgrade() -> None:
    for table, column in TIME_COLUMNS:
        op.get_bind().exec_driver_sql(
            f"UPDATE {table} SET {column} = CASE"
            f" WHEN length({column}) = 5 THEN {column} || ':00.000000'"
            f" WHEN length({column}) = 8 THEN {column} || '.000000'"
            f" ELSE {column} END"
            f" WHERE {column} IS NOT NULL"
        )
