"""The first schema: studies, trials and their parameters, values and attributes.

Revision ID: v1_initial
Revises:
"""

from alembic import op

from hpobench.storages._rdb._schema import metadata

revision = "v1_initial"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The baseline: whatever tables of schema version 1 are missing are created.
    metadata.create_all(op.get_bind(), checkfirst=True)


def downgrade() -> None:
    metadata.drop_all(op.get_bind())
