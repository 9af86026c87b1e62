"""as typed: brand names are stored as their generic, with the name as typed kept

Revision ID: 0002_as_typed
Revises: 0001_baseline
Create Date: 2026-11-29
"""

import re

import sqlalchemy as sa
from alembic import op

revision = "0002_as_typed"
down_revision = "0001_baseline"
branch_labels = None
depends_on = None

# The brands the catalogue knew when this revision was written, frozen here so that the
# migration does the same thing whatever the catalogue later becomes. Before it, a brand
# typed as a medicine ('OxyContin') was kept as a custom medicine under that name.
_MEDICINE_BRANDS = {
    "oxycodone": ("OxyContin", "OxyNorm"),
    "oxycodone-naloxone": ("Targin",),
    "morphine": ("MST", "MST Continus", "Zomorph"),
    "pregabalin": ("Lyrica",),
    "gabapentin": ("Neurontin",),
    "gabapentin enacarbil": ("Horizant",),
    "pramipexole": ("Mirapex", "Mirapexin", "Sifrol"),
    "ropinirole": ("Requip", "Adartrel"),
    "rotigotine": ("Neupro",),
    "levodopa": ("Sinemet", "Madopar"),
}


def _fold(name: str) -> str:
    return re.sub(r"[\s\-_]+", "", name).lower()


def upgrade() -> None:
    with op.batch_alter_table("doses", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("as_typed", sa.String(length=200), server_default="", nullable=False)
        )
    with op.batch_alter_table("infusions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("as_typed", sa.String(length=200), server_default="", nullable=False)
        )
    generic_of = {
        _fold(brand): generic for generic, brands in _MEDICINE_BRANDS.items() for brand in brands
    }
    conn = op.get_bind()
    doses = sa.table(
        "doses", sa.column("id", sa.Integer), sa.column("medication"), sa.column("as_typed")
    )
    names = [row[0] for row in conn.execute(sa.select(doses.c.medication).distinct())]
    for name in names:
        generic = generic_of.get(_fold(name))
        if generic is not None:
            conn.execute(
                sa.update(doses)
                .where(doses.c.medication == name)
                .values(medication=generic, as_typed=name)
            )


def downgrade() -> None:
    conn = op.get_bind()
    doses = sa.table("doses", sa.column("medication"), sa.column("as_typed"))
    conn.execute(
        sa.update(doses).where(doses.c.as_typed != "").values(medication=doses.c.as_typed)
    )
    with op.batch_alter_table("infusions", schema=None) as batch_op:
        batch_op.drop_column("as_typed")
    with op.batch_alter_table("doses", schema=None) as batch_op:
        batch_op.drop_column("as_typed")
